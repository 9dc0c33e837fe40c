//! From what was typed to what the page shows: every field parsed with its message, the amount
//! of gas (by volume, typed, or through the chromatograph's calibration), the dissolved gas,
//! TON, TOF, the product rate, the photon flux, the quantum yield and STH, each with its ±
//! propagated to first order from the ± typed beside the inputs (and from the calibration and
//! the time course's fits).

use super::inputs::Input;
use super::{AmountSource, CalibrationWeight, CatalystBasis, FluxMethod, GasState, PhotonBasis, StandardForm, Table};
use crate::science::gas::calibration::{self, Calibration, CalibrationSettings, InversePrediction, Standard, Weighting};
use crate::science::gas::kinetics::{self, RateFit, Saturation, TimeCourse, TurnoverPoint};
use crate::science::gas::{self as science, Conditions, Ferrioxalate, GasError, MolarVolumes, VanDerWaals, FERRIOXALATE_QUANTUM_YIELDS};
use crate::science::read::{Convention, Doubts};
use crate::science::fit::FitReport;
use crate::state::number::{field_note, parse_cell, parse_number, parse_starts, NumberRule};

/// Where a message belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Input(Input),
    PlusMinus(Input),
    Cell { table: Table, row: usize, column: usize },
    Table(Table),
    Model,
}

/// A message about what was typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub place: Place,
    pub message: String,
}

/// The numbers the page shows, each with its ±.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Output {
    /// L mol⁻¹ (= mL mmol⁻¹).
    MolarVolume,
    /// µmol in the headspace (what was measured).
    Headspace,
    /// µmol dissolved in the liquid (Henry's law).
    Dissolved,
    /// µmol in all, the one TON counts.
    Product,
    /// mL of gas at T and p that the product amounts to.
    GasVolume,
    /// µmol of catalyst.
    Catalyst,
    Ton,
    TonPerElectron,
    TonPerDot,
    TofPerHour,
    TofPerSecond,
    /// µmol h⁻¹.
    Rate,
    /// einstein s⁻¹.
    PhotonFlux,
    /// A fraction (quantum yield or apparent quantum yield).
    QuantumYield,
    /// A fraction.
    SolarToHydrogen,
}

impl Output {
    pub const ALL: [Output; 15] = [
        Output::MolarVolume,
        Output::Headspace,
        Output::Dissolved,
        Output::Product,
        Output::GasVolume,
        Output::Catalyst,
        Output::Ton,
        Output::TonPerElectron,
        Output::TonPerDot,
        Output::TofPerHour,
        Output::TofPerSecond,
        Output::Rate,
        Output::PhotonFlux,
        Output::QuantumYield,
        Output::SolarToHydrogen,
    ];
}

/// A computed number and its standard uncertainty, when one was propagated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    pub value: f64,
    pub sigma: Option<f64>,
}

/// Where the product rate for the quantum yield and STH comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateSource {
    Typed,
    InitialRate,
    Average,
    None,
}

/// The calibration and what it says of the sample.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationResult {
    /// The standards as (amount µmol, area).
    pub standards: Vec<(f64, f64)>,
    pub calibration: Calibration,
    /// The sample read through it (µmol in the injected volume).
    pub sample: Option<InversePrediction>,
}

/// The time course, read and fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseResult {
    /// Time (h) and product (µmol), after the calibration and Henry's law.
    pub time_h: Vec<f64>,
    pub product_umol: Vec<f64>,
    pub rate: Option<Result<RateFit, String>>,
    /// The window of the rate (h).
    pub window_h: (f64, f64),
    pub saturation: Option<Result<Saturation, String>>,
    /// The user's own model of the course, when one is typed: its fit or why there is none.
    pub typed: Option<Result<FitReport, String>>,
    pub turnover: Vec<TurnoverPoint>,
}

/// Everything the page shows for a state.
#[derive(Debug, Clone, PartialEq)]
pub struct GasOutcome {
    /// Messages at the fields whose text cannot be used; what depends on them is not shown.
    pub problems: Vec<Problem>,
    /// Warnings and notes on the results.
    pub notes: Vec<String>,
    /// One per [`Output::ALL`].
    pub values: Vec<Option<Measured>>,
    pub molar_volumes: Option<MolarVolumes>,
    pub calibration: Option<CalibrationResult>,
    pub course: Option<CourseResult>,
    pub rate_source: RateSource,
    /// Whether the quantum yield counts absorbed photons (else it is the apparent one).
    pub absorbed: bool,
    pub electrons: Option<f64>,
}

impl GasOutcome {
    /// The value of an output, if computed.
    pub fn get(&self, output: Output) -> Option<Measured> {
        self.values[output as usize]
    }

    /// The message at a place, if any.
    pub fn problem_at(&self, place: Place) -> Option<&str> {
        self.problems.iter().find(|p| p.place == place).map(|p| p.message.as_str())
    }
}

/// The parsed inputs, in default units, and the extra inputs the fits give.
#[derive(Debug, Clone, PartialEq)]
struct Scalars {
    inputs: Vec<Option<f64>>,
    /// µmol in the injected sample, from the calibration.
    gc_sample_umol: Option<f64>,
    /// µmol h⁻¹ from the time course's initial rate.
    course_rate: Option<f64>,
}

impl Scalars {
    fn get(&self, input: Input) -> Option<f64> {
        self.inputs[input.index()]
    }
}

/// Which scalar a ± belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Var {
    Input(Input),
    GcSample,
    CourseRate,
}

impl Scalars {
    fn slot(&mut self, var: Var) -> &mut Option<f64> {
        match var {
            Var::Input(input) => &mut self.inputs[input.index()],
            Var::GcSample => &mut self.gc_sample_umol,
            Var::CourseRate => &mut self.course_rate,
        }
    }
}

/// What the core computes besides the outputs: the factors the time course needs.
#[derive(Debug, Clone, Copy, Default)]
struct Factors {
    molar_volume_l_per_mol: Option<f64>,
    /// Headspace µmol per µmol in the injected sample.
    headspace_per_sample: Option<f64>,
    /// Product per headspace amount (1 + dissolved/headspace).
    product_per_headspace: f64,
    catalyst_umol: Option<f64>,
}

impl GasState {
    /// Parses, computes and propagates: what the page shows. Never panics; every number in
    /// the outcome is finite.
    pub fn evaluate(&self) -> GasOutcome {
        let mut problems = Vec::new();
        let mut notes = Vec::new();
        let (mut scalars, sigmas) = self.parse_inputs(&mut problems, &mut notes);
        let (first, factors) = self.core(&scalars, Some(&mut problems), Some(&mut notes));
        let molar_volumes = self.molar_volumes(&scalars);
        let calibration = self.calibration_result(&scalars, factors, &mut problems, &mut notes);
        let mut extra: Vec<(Var, f64)> = Vec::new();
        if let Some(sample) = calibration.as_ref().and_then(|c| c.sample.as_ref()) {
            scalars.gc_sample_umol = Some(sample.amount);
            if let Some(se) = sample.std_error.filter(|s| *s > 0.0) {
                extra.push((Var::GcSample, se));
            }
        }
        // The time course needs the headspace factor, which needs the calibration's sample…
        // only for the scaling, not the sample itself.
        let (_, factors) = if scalars.gc_sample_umol.is_some() { self.core(&scalars, None, None) } else { (first, factors) };
        let course = self.course_result(&scalars, factors, calibration.as_ref().map(|c| &c.calibration), &mut problems, &mut notes);
        if let Some(Ok(rate)) = course.as_ref().and_then(|c| c.rate.as_ref()) {
            scalars.course_rate = Some(rate.rate_per_h);
            if let Some(se) = rate.std_error.filter(|s| *s > 0.0) {
                extra.push((Var::CourseRate, se));
            }
        }
        let (values, _) = self.core(&scalars, Some(&mut problems), Some(&mut notes));
        let mut all_sigmas: Vec<(Var, f64)> = sigmas.into_iter().map(|(i, s)| (Var::Input(i), s)).collect();
        all_sigmas.extend(extra);
        let values = propagate(&values, &scalars, &all_sigmas, |x| self.core(x, None, None).0);
        let rate_source = if scalars.get(Input::Rate).is_some() {
            RateSource::Typed
        } else if scalars.course_rate.is_some() {
            RateSource::InitialRate
        } else if values[Output::Rate as usize].is_some() {
            RateSource::Average
        } else {
            RateSource::None
        };
        if let Some(message) = self.model_problem() {
            problems.push(Problem { place: Place::Model, message });
        }
        problems.dedup();
        notes.dedup();
        GasOutcome {
            problems,
            notes,
            values,
            molar_volumes,
            calibration,
            course,
            rate_source,
            absorbed: self.photons_absorbed(),
            electrons: scalars.get(Input::Electrons).or(self.electrons_default().map(f64::from)),
        }
    }

    /// Whether the photon flux counts absorbed photons.
    pub fn photons_absorbed(&self) -> bool {
        match self.flux {
            FluxMethod::BlankMinusSample => true,
            FluxMethod::Power | FluxMethod::Einstein => self.basis == PhotonBasis::Absorbed,
            FluxMethod::Actinometry => !self.text(Input::SampleAbsorbance).trim().is_empty(),
        }
    }

    /// Every field's number in its default unit (`None` when empty or unusable, with a
    /// message for the latter), and the ± typed beside them.
    fn parse_inputs(&self, problems: &mut Vec<Problem>, notes: &mut Vec<String>) -> (Scalars, Vec<(Input, f64)>) {
        let mut values = vec![None; Input::ALL.len()];
        let mut sigmas = Vec::new();
        for input in Input::ALL {
            let spec = input.spec();
            let text = self.text(input);
            let unit = self.unit(input);
            let pm = self.plus_minus(input);
            if spec.uncertain && !pm.trim().is_empty() {
                match parse_number(pm, NumberRule::NonNegative, &format!("The ± of {}", crate::science::format::lower_first(spec.label))) {
                    Ok(sigma) => sigmas.push((input, unit.map_or(sigma, |u| u.difference_to_default(sigma)))),
                    Err(message) => problems.push(Problem { place: Place::PlusMinus(input), message }),
                }
            }
            if text.trim().is_empty() {
                continue;
            }
            let rule = if unit == Some(super::Unit::Kelvin) { NumberRule::Positive } else { spec.rule };
            match parse_number(text, rule, spec.name) {
                Ok(value) => {
                    let value = unit.map_or(value, |u| u.to_default(value));
                    values[input.index()] = Some(value);
                    if let Some(note) = field_note(text) {
                        notes.push(format!("{}: {note}", spec.label));
                    }
                }
                Err(message) => problems.push(Problem { place: Place::Input(input), message }),
            }
        }
        (Scalars { inputs: values, gc_sample_umol: None, course_rate: None }, sigmas)
    }

    /// T and p as conditions, if both are usable.
    fn conditions(&self, x: &Scalars) -> Option<Conditions> {
        let celsius = x.get(Input::Temperature)?;
        let kpa = x.get(Input::Pressure)?;
        Some(Conditions { temperature_k: celsius + science::ZERO_CELSIUS_K, pressure_pa: kpa * 1e3 })
    }

    /// a and b: typed, else the gas's.
    fn van_der_waals(&self, x: &Scalars) -> VanDerWaals {
        let built_in = self.gas.van_der_waals();
        VanDerWaals {
            a_l2_bar_per_mol2: x.get(Input::VdwA).unwrap_or(built_in.a_l2_bar_per_mol2),
            b_l_per_mol: x.get(Input::VdwB).unwrap_or(built_in.b_l_per_mol),
        }
    }

    fn molar_volumes(&self, x: &Scalars) -> Option<MolarVolumes> {
        MolarVolumes::at(self.conditions(x)?, self.van_der_waals(x)).ok()
    }

    /// The outputs of one set of scalars, and the factors the tables need. Messages are
    /// written only when asked for (not for the perturbed copies of the propagation).
    fn core(&self, x: &Scalars, mut problems: Option<&mut Vec<Problem>>, mut notes: Option<&mut Vec<String>>) -> (Vec<Option<f64>>, Factors) {
        let mut out = vec![None; Output::ALL.len()];
        let mut factors = Factors { product_per_headspace: 1.0, ..Factors::default() };
        let mut say = |place: Place, message: String| {
            if let Some(p) = problems.as_deref_mut() {
                p.push(Problem { place, message });
            }
        };
        let mut note = |text: String| {
            if let Some(n) = notes.as_deref_mut() {
                n.push(text);
            }
        };
        let set = |out: &mut Vec<Option<f64>>, o: Output, v: Result<f64, GasError>| -> Option<f64> {
            let v = v.ok().filter(|v| v.is_finite());
            out[o as usize] = v;
            v
        };

        // Molar volume.
        let conditions = self.conditions(x);
        let vm = conditions.and_then(|c| match science::molar_volume_l_per_mol(self.eos, c, self.van_der_waals(x)) {
            Ok(vm) => Some(vm),
            Err(e @ GasError::TemperatureNotAboveZero { .. }) => {
                say(Place::Input(Input::Temperature), e.to_string());
                None
            }
            Err(e @ GasError::PressureNotPositive { .. }) => {
                say(Place::Input(Input::Pressure), e.to_string());
                None
            }
            // Typed constants are the likelier culprit; else the conditions.
            Err(e) => {
                let typed = x.get(Input::VdwA).is_some() || x.get(Input::VdwB).is_some();
                say(Place::Input(if typed { Input::VdwA } else { Input::Temperature }), e.to_string());
                None
            }
        });
        out[Output::MolarVolume as usize] = vm;
        factors.molar_volume_l_per_mol = vm;

        // What was measured in the headspace (µmol).
        let headspace = match self.source {
            AmountSource::Volume => vm.zip(x.get(Input::GasVolume)).map(|(vm, ml)| ml / vm * 1e3),
            AmountSource::Amount => x.get(Input::Amount),
            AmountSource::Chromatograph => {
                let scale = x.get(Input::InjectedVolume).zip(x.get(Input::HeadspaceVolume)).and_then(|(ul, ml)| {
                    match calibration::headspace_amount(1.0, ul * 1e-3, ml) {
                        Ok(scale) => Some(scale),
                        Err(e) => {
                            say(Place::Input(Input::InjectedVolume), e.to_string());
                            None
                        }
                    }
                });
                factors.headspace_per_sample = scale;
                x.gc_sample_umol.zip(scale).map(|(n, s)| n * s)
            }
        };
        out[Output::Headspace as usize] = headspace.filter(|v| v.is_finite());

        // Henry's law.
        let mut product = headspace;
        if self.henry {
            let temperature_k = conditions.map(|c| c.temperature_k);
            let hcp = match x.get(Input::Henry) {
                Some(h) => Some(h),
                None => temperature_k.and_then(|t| science::henry_at(self.gas.henry(), t).ok()),
            };
            let liquid = x.get(Input::LiquidVolume).or(x.get(Input::SolutionVolume));
            let gas_ml = x.get(Input::HeadspaceVolume);
            match (hcp, temperature_k, liquid, gas_ml) {
                (Some(h), Some(t), Some(l), Some(g)) => match science::dissolved_per_headspace(h, t, l, g) {
                    Ok(ratio) => {
                        factors.product_per_headspace = 1.0 + ratio;
                        if let Some(n) = headspace {
                            set(&mut out, Output::Dissolved, Ok(n * ratio));
                            product = Some(n * (1.0 + ratio));
                        }
                    }
                    Err(e) => say(Place::Input(Input::LiquidVolume), e.to_string()),
                },
                _ => note("Henry's law needs the liquid (or solution) volume and the headspace volume.".into()),
            }
        }
        out[Output::Product as usize] = product.filter(|v| v.is_finite());
        if self.source != AmountSource::Volume {
            if let (Some(n), Some(vm)) = (product, vm) {
                set(&mut out, Output::GasVolume, Ok(n * 1e-3 * vm));
            }
        }

        // Catalyst and turnover.
        let catalyst = match self.catalyst {
            CatalystBasis::Concentration => x.get(Input::CatalystConcentration).zip(x.get(Input::SolutionVolume)).and_then(|(c, v)| {
                science::catalyst_from_concentration_mol(c * 1e-6, v).map_err(|e| say(Place::Input(Input::CatalystConcentration), e.to_string())).ok()
            }),
            CatalystBasis::Loading => match (x.get(Input::CatalystMass), x.get(Input::Loading), x.get(Input::MolarMass)) {
                (Some(m), Some(w), Some(molar)) => science::catalyst_from_loading_mol(m, w, molar).map_err(|e| say(Place::Input(Input::Loading), e.to_string())).ok(),
                _ => None,
            },
        }
        .map(|mol| mol * 1e6);
        out[Output::Catalyst as usize] = catalyst;
        factors.catalyst_umol = catalyst;
        let electrons = x.get(Input::Electrons).or(self.electrons_default().map(f64::from));
        if let (Some(n), Some(cat)) = (product, catalyst) {
            if let Some(ton) = set(&mut out, Output::Ton, science::turnover_number(n, cat)) {
                if self.per_electron {
                    if let Some(z) = electrons {
                        set(&mut out, Output::TonPerElectron, Ok(z * ton));
                    }
                }
                if let Some(t) = x.get(Input::Time) {
                    set(&mut out, Output::TofPerHour, science::turnover_frequency(ton, t));
                    set(&mut out, Output::TofPerSecond, science::turnover_frequency(ton, t * 3600.0));
                }
            }
        }
        if let (Some(n), Some(qd), Some(v)) = (product, x.get(Input::DotConcentration), x.get(Input::SolutionVolume)) {
            set(&mut out, Output::TonPerDot, science::turnover_number(n, qd * v * 1e-3));
        }

        // The product rate (µmol h⁻¹).
        let rate = x
            .get(Input::Rate)
            .or(x.course_rate)
            .or_else(|| product.zip(x.get(Input::Time)).map(|(n, t)| n / t));
        out[Output::Rate as usize] = rate.filter(|r| r.is_finite());
        let rate_mol_s = rate.map(|r| r * 1e-6 / 3600.0);

        // Photon flux (einstein s⁻¹) and the quantum yield.
        let wavelength = x.get(Input::Wavelength);
        let watts = |input: Input| x.get(input).map(|mw| mw * 1e-3);
        let flux = match self.flux {
            FluxMethod::BlankMinusSample => match (watts(Input::PowerBlank), watts(Input::PowerSample), wavelength) {
                (Some(blank), Some(sample), Some(nm)) => {
                    if sample >= blank {
                        say(
                            Place::Input(Input::PowerSample),
                            "The power through the sample must be below the power through the blank: the difference is what the sample absorbs.".into(),
                        );
                        None
                    } else {
                        science::photon_flux_einstein_per_s(blank - sample, nm).map_err(|e| say(Place::Input(Input::Wavelength), e.to_string())).ok()
                    }
                }
                _ => None,
            },
            FluxMethod::Power => watts(Input::Power)
                .zip(wavelength)
                .and_then(|(p, nm)| science::photon_flux_einstein_per_s(p, nm).map_err(|e| say(Place::Input(Input::Wavelength), e.to_string())).ok()),
            FluxMethod::Einstein => x.get(Input::Flux),
            FluxMethod::Actinometry => self.actinometry(x, &mut say),
        };
        out[Output::PhotonFlux as usize] = flux.filter(|q| q.is_finite() && *q > 0.0);
        if let (Some(r), Some(q), Some(z)) = (rate_mol_s, out[Output::PhotonFlux as usize], electrons) {
            set(&mut out, Output::QuantumYield, science::quantum_yield(z, r, q));
        }

        // Solar-to-hydrogen efficiency, for H₂ only.
        if self.gas == science::Gas::H2 && self.product.is_none_or(|p| p == science::Product::H2) {
            if let (Some(r), Some(area)) = (rate_mol_s, x.get(Input::Area)) {
                let irradiance = x.get(Input::Irradiance).unwrap_or(science::AM15G_MW_PER_CM2);
                set(&mut out, Output::SolarToHydrogen, science::solar_to_hydrogen(r, irradiance, area));
            }
        }
        (out, factors)
    }

    /// The incident (or, with the sample's absorbance, absorbed) photon flux from a
    /// ferrioxalate run.
    fn actinometry(&self, x: &Scalars, say: &mut impl FnMut(Place, String)) -> Option<f64> {
        let phi = x.get(Input::ActQuantumYield).or_else(|| {
            let nm = x.get(Input::Wavelength)?;
            FERRIOXALATE_QUANTUM_YIELDS.iter().find(|(at, _)| (at - nm).abs() <= 5.0).map(|(_, phi)| *phi)
        })?;
        let run = Ferrioxalate {
            absorbance_510: x.get(Input::ActAbsorbance)?,
            path_cm: x.get(Input::ActPath).unwrap_or(1.0),
            irradiated_ml: x.get(Input::ActIrradiated)?,
            aliquot_ml: x.get(Input::ActAliquot)?,
            developed_ml: x.get(Input::ActDeveloped)?,
            quantum_yield: phi,
            time_s: x.get(Input::ActTime)?,
            fraction_absorbed: x.get(Input::ActFraction).unwrap_or(1.0),
        };
        let incident = run.photon_flux_einstein_per_s().map_err(|e| say(Place::Input(Input::ActAbsorbance), e.to_string())).ok()?;
        Some(match x.get(Input::SampleAbsorbance) {
            Some(a) => incident * (1.0 - 10f64.powf(-a)),
            None => incident,
        })
    }

    /// Reads a table's numbers: each row's cells (blank rows skipped) in `columns`, with a
    /// message at each cell that cannot be read. Returns (1-based row, values) for rows whose
    /// required cells (`required` first columns) were all read.
    fn read_table(&self, which: Table, required: usize, columns: &[(&str, NumberRule)], keep: impl Fn(&[String]) -> bool, problems: &mut Vec<Problem>, notes: &mut Vec<String>) -> Vec<(usize, Vec<Option<f64>>)> {
        let rows = self.rows(which);
        let convention = Convention::of_cells(rows.iter().enumerate().flat_map(|(i, r)| r.iter().map(move |c| (i + 1, c.as_str()))), false);
        let mut doubts = Doubts::default();
        let mut read = Vec::new();
        for (i, row) in rows.iter().enumerate().filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()) && keep(r)) {
            let mut cells = Vec::with_capacity(columns.len());
            let mut complete = true;
            for (column, (name, rule)) in columns.iter().enumerate() {
                let text = row.get(column).map_or("", String::as_str);
                if text.trim().is_empty() {
                    complete &= column >= required;
                    if column < required {
                        problems.push(Problem { place: Place::Cell { table: which, row: i, column }, message: format!("{name} in row {} is empty.", i + 1) });
                    }
                    cells.push(None);
                    continue;
                }
                match parse_cell(text, &convention, *rule, || format!("{name} in row {}", i + 1)) {
                    Ok(number) => {
                        doubts.add(convention.ambiguity_note(text, i + 1, &number));
                        cells.push(Some(number.value));
                    }
                    Err(message) => {
                        problems.push(Problem { place: Place::Cell { table: which, row: i, column }, message });
                        complete = false;
                        cells.push(None);
                    }
                }
            }
            if complete {
                read.push((i + 1, cells));
            }
        }
        doubts.finish(notes);
        read
    }

    /// The calibration from its table (when the amount comes from the chromatograph), and the
    /// sample read through it.
    fn calibration_result(&self, x: &Scalars, factors: Factors, problems: &mut Vec<Problem>, notes: &mut Vec<String>) -> Option<CalibrationResult> {
        if self.source != AmountSource::Chromatograph {
            return None;
        }
        let (first, fraction) = match self.standards {
            StandardForm::VolumeFraction => ("The standard's volume", "The fraction"),
            StandardForm::Amount => ("The standard's amount", "(unused)"),
        };
        let required = if self.standards == StandardForm::VolumeFraction { 3 } else { 1 };
        // One table can hold the standards of several gases: a row is this gas's when its gas
        // cell names it or is empty.
        for (i, row) in self.calibration.iter().enumerate() {
            let cell = row.get(GAS_COLUMN).map_or("", |c| c.trim());
            if !cell.is_empty() && gas_named(cell).is_none() {
                problems.push(Problem {
                    place: Place::Cell { table: Table::Calibration, row: i, column: GAS_COLUMN },
                    message: format!("The gas in row {} is “{}”, not one of H2, O2, CO, CO2, CH4, N2.", i + 1, cell.chars().take(20).collect::<String>()),
                });
            }
        }
        let this_gas = |row: &[String]| row.get(GAS_COLUMN).map_or("", |c| c.trim()).is_empty() || gas_named(&row[GAS_COLUMN]) == Some(self.gas);
        let rows = self.read_table(
            Table::Calibration,
            required,
            &[(first, NumberRule::Positive), (fraction, NumberRule::Positive), ("The peak area", NumberRule::NonNegative), ("σ(area)", NumberRule::Positive)],
            this_gas,
            problems,
            notes,
        );
        let mut standards = Vec::new();
        let mut points = Vec::new();
        for (row, cells) in rows {
            let Some(area) = cells[2] else {
                problems.push(Problem { place: Place::Cell { table: Table::Calibration, row: row - 1, column: 2 }, message: format!("The peak area in row {row} is empty.") });
                continue;
            };
            let amount = match self.standards {
                StandardForm::Amount => cells[0],
                StandardForm::VolumeFraction => {
                    let (Some(ul), Some(percent), Some(vm)) = (cells[0], cells[1], factors.molar_volume_l_per_mol) else { continue };
                    match calibration::standard_amount_from_volume(ul, percent / 100.0, vm) {
                        Ok(n) => Some(n),
                        Err(e) => {
                            problems.push(Problem { place: Place::Cell { table: Table::Calibration, row: row - 1, column: 1 }, message: e.to_string() });
                            None
                        }
                    }
                }
            };
            if let Some(amount) = amount {
                standards.push(Standard { amount, area, area_sigma: cells[3] });
                points.push((amount, area));
            }
        }
        if standards.is_empty() || problems.iter().any(|p| matches!(p.place, Place::Cell { table: Table::Calibration, .. })) {
            return None;
        }
        let settings = CalibrationSettings {
            through_origin: self.through_origin,
            weighting: match self.weighting {
                CalibrationWeight::None => Weighting::Unweighted,
                CalibrationWeight::Sigma => Weighting::Sigma,
                CalibrationWeight::Relative => Weighting::RelativeArea,
            },
        };
        let calibration = match calibration::calibrate(&standards, &settings) {
            Ok(c) => c,
            Err(e) => {
                problems.push(Problem { place: Place::Table(Table::Calibration), message: e.to_string() });
                return None;
            }
        };
        let replicates = x.get(Input::Replicates).map_or(1, |r| r.round().max(1.0) as usize);
        let sample = x.get(Input::SampleArea).and_then(|area| match calibration.amount_of(area, replicates) {
            Ok(p) => Some(p),
            Err(e) => {
                problems.push(Problem { place: Place::Input(Input::SampleArea), message: e.to_string() });
                None
            }
        });
        Some(CalibrationResult { standards: points, calibration, sample })
    }

    /// The time course: each row's time (h) and product (µmol), the initial rate over the
    /// window, the saturating fit and TON/TOF over time.
    fn course_result(&self, x: &Scalars, factors: Factors, calibration: Option<&Calibration>, problems: &mut Vec<Problem>, notes: &mut Vec<String>) -> Option<CourseResult> {
        let value_name = match self.source {
            AmountSource::Volume => "The volume",
            AmountSource::Amount => "The amount",
            AmountSource::Chromatograph => "The peak area",
        };
        let rows = self.read_table(Table::Course, 2, &[("The time", NumberRule::NonNegative), (value_name, NumberRule::Any)], |_| true, problems, notes);
        if rows.is_empty() {
            return None;
        }
        let mut time_h = Vec::new();
        let mut product = Vec::new();
        for (row, cells) in &rows {
            let (Some(t), Some(v)) = (cells[0], cells[1]) else { continue };
            let headspace = match self.source {
                AmountSource::Volume => factors.molar_volume_l_per_mol.map(|vm| self.unit(Input::GasVolume).map_or(v, |u| u.to_default(v)) / vm * 1e3),
                AmountSource::Amount => Some(self.unit(Input::Amount).map_or(v, |u| u.to_default(v))),
                AmountSource::Chromatograph => {
                    let Some(calibration) = calibration else {
                        problems.push(Problem { place: Place::Table(Table::Course), message: "Peak areas need a calibration: fill in the calibration table.".into() });
                        return None;
                    };
                    let Some(scale) = factors.headspace_per_sample else {
                        problems.push(Problem { place: Place::Table(Table::Course), message: "Peak areas need the injected and headspace volumes.".into() });
                        return None;
                    };
                    match calibration.amount_of(v, 1) {
                        Ok(p) => Some(p.amount * scale),
                        Err(e) => {
                            problems.push(Problem { place: Place::Cell { table: Table::Course, row: row - 1, column: 1 }, message: format!("Row {row}: {e}") });
                            None
                        }
                    }
                }
            };
            if let Some(n) = headspace {
                time_h.push(self.course_time.to_default(t));
                product.push(n * factors.product_per_headspace);
            }
        }
        if time_h.len() != rows.len() || problems.iter().any(|p| matches!(p.place, Place::Cell { table: Table::Course, .. })) {
            return None;
        }
        let course = TimeCourse { time_h: &time_h, amount: &product };
        if let Err(e) = course.check() {
            problems.push(Problem { place: Place::Table(Table::Course), message: e.to_string() });
            return None;
        }
        let first = time_h[0];
        let last = time_h[time_h.len() - 1];
        let window_h = (x.get(Input::WindowFrom).unwrap_or(first), x.get(Input::WindowTo).unwrap_or(last));
        let rate = (time_h.len() >= 2).then(|| kinetics::initial_rate(&course, window_h, false).map_err(|e| e.to_string()));
        if let Some(Err(message)) = &rate {
            problems.push(Problem { place: Place::Input(Input::WindowTo), message: message.clone() });
        }
        let saturation = (time_h.len() >= 4).then(|| kinetics::fit_saturation(&course).map_err(|e| e.to_string()));
        let turnover = factors.catalyst_umol.and_then(|cat| kinetics::turnover_series(&course, cat).ok()).unwrap_or_default();
        let typed = (!self.course_model.trim().is_empty() && self.model_problem().is_none()).then(|| self.fit_typed(&course));
        if let Some(Err(message)) = &typed {
            problems.push(Problem { place: Place::Model, message: message.clone() });
        }
        Some(CourseResult { time_h: time_h.clone(), product_umol: product.clone(), rate, window_h, saturation, typed, turnover })
    }

    /// What is wrong with the typed model of the course or its start values, whether or not
    /// there is a course to fit it to: a formula that cannot be read, names that are not
    /// name=value, a model that does not change with t or has nothing to fit.
    pub fn model_problem(&self) -> Option<String> {
        if self.course_model.trim().is_empty() {
            return (!self.course_starts.trim().is_empty()).then(|| "Start values need a model: type one above them.".to_string());
        }
        let model = match kinetics::parse_time_model(&self.course_model) {
            Ok(model) => model,
            Err(e) => return Some(e.to_string()),
        };
        if let Err(message) = parse_starts(&self.course_starts) {
            return Some(message);
        }
        use crate::science::fit::Model;
        let ones = vec![1.0; model.parameters().len()];
        if model.parameters().is_empty() {
            return Some("The model has no parameter to fit: name one, e.g. a*t/(1 + b*t).".into());
        }
        let (early, late) = (model.value(0.5, &ones), model.value(2.0, &ones));
        if early == late || !(early.is_finite() || late.is_finite()) {
            return Some("The model does not change with t, the irradiation time: write it in t.".into());
        }
        None
    }

    /// Fits the typed model of the course with the typed start values.
    fn fit_typed(&self, course: &TimeCourse) -> Result<FitReport, String> {
        let starts = parse_starts(&self.course_starts)?;
        let values: Vec<(String, f64)> = starts.iter().map(|(n, v, _)| (n.clone(), *v)).collect();
        let fixed: Vec<String> = starts.iter().filter(|(_, _, f)| *f).map(|(n, _, _)| n.clone()).collect();
        kinetics::fit_typed_course(course, &self.course_model, &values, &fixed).map_err(|e| e.to_string())
    }
}

/// The calibration table's column that names the gas of a standard.
const GAS_COLUMN: usize = 4;

/// The gas a cell names (`H2`, `h2`, `H₂`), if any.
fn gas_named(text: &str) -> Option<crate::science::gas::Gas> {
    let text = text.trim();
    crate::science::gas::Gas::ALL.into_iter().find(|g| g.slug().eq_ignore_ascii_case(text) || g.label() == text)
}

/// First-order propagation: each output's σ from the ± of the scalars it depends on, by
/// central differences (GUM, JCGM 100:2008, §5.1, inputs independent).
fn propagate(values: &[Option<f64>], at: &Scalars, sigmas: &[(Var, f64)], core: impl Fn(&Scalars) -> Vec<Option<f64>>) -> Vec<Option<Measured>> {
    let mut variance = vec![0.0_f64; values.len()];
    let mut known = vec![false; values.len()];
    for &(var, sigma) in sigmas {
        let mut x = at.clone();
        let Some(center) = *x.slot(var) else { continue };
        if sigma == 0.0 {
            continue;
        }
        let step = (sigma * 1e-3).max(center.abs() * 1e-9);
        *x.slot(var) = Some(center + step);
        let up = core(&x);
        *x.slot(var) = Some(center - step);
        let down = core(&x);
        for (k, value) in values.iter().enumerate() {
            if value.is_none() {
                continue;
            }
            if let (Some(u), Some(d)) = (up[k], down[k]) {
                let derivative = (u - d) / (2.0 * step);
                if derivative != 0.0 {
                    variance[k] += (derivative * sigma).powi(2);
                    known[k] = true;
                }
            }
        }
    }
    values
        .iter()
        .enumerate()
        .map(|(k, v)| {
            v.filter(|v| v.is_finite()).map(|value| Measured { value, sigma: (known[k] && variance[k].is_finite()).then(|| variance[k].sqrt()) })
        })
        .collect()
}
