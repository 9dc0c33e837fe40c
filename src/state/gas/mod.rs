//! The gas-evolution calculator's state: what the user typed (numbers with their units and
//! ±, choices, a calibration table and a time course), its evaluation into amounts, TON, TOF,
//! rates, quantum yields and STH with propagated uncertainties, and its share-link form.

pub mod inputs;
mod evaluate;
pub mod view;

use serde_json::Value;

use super::calculator::{Calculator, Info};
use super::choice::choices;
use super::codec::{decode_table_within, encode_text_table, read_flag, LinkError, MAX_FIELD_CHARS};
use super::table::{self, EditOutcome, TableEdit};
use crate::science::gas::{EquationOfState, Gas, Product};

pub use evaluate::{GasOutcome, Output, Problem, Place};
pub use inputs::{Input, Quantity, Unit};

/// The calculator's entry in the site's list.
pub const INFO: Info = Info {
    slug: "gas",
    page: "gas.html",
    nav: "Gas evolution",
    title: "Gas evolution: TON, TOF, quantum yield",
    summary: "Amount of gas by three equations of state or a GC calibration, dissolved gas, TON and TOF, time courses, quantum yield and STH, with uncertainties.",
};

/// Most rows a table holds.
pub const MAX_ROWS: usize = 5_000;

/// How the amount of gas was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AmountSource {
    /// A volume of gas at T and p (a burette, a syringe).
    #[default]
    Volume,
    /// An amount typed.
    Amount,
    /// A peak area, through an external-standard calibration.
    Chromatograph,
}

impl AmountSource {
    pub const ALL: [AmountSource; 3] = [AmountSource::Volume, AmountSource::Amount, AmountSource::Chromatograph];
    pub fn slug(self) -> &'static str {
        match self {
            AmountSource::Volume => "volume",
            AmountSource::Amount => "amount",
            AmountSource::Chromatograph => "gc",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            AmountSource::Volume => "a volume of gas",
            AmountSource::Amount => "an amount",
            AmountSource::Chromatograph => "GC peak areas",
        }
    }
}

/// How the amount of catalyst is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CatalystBasis {
    /// Concentration × solution volume.
    #[default]
    Concentration,
    /// Photocatalyst mass × loading (% w/w) / molar mass.
    Loading,
}

impl CatalystBasis {
    pub const ALL: [CatalystBasis; 2] = [CatalystBasis::Concentration, CatalystBasis::Loading];
    pub fn slug(self) -> &'static str {
        match self {
            CatalystBasis::Concentration => "conc",
            CatalystBasis::Loading => "loading",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            CatalystBasis::Concentration => "concentration × volume",
            CatalystBasis::Loading => "mass × loading (% w/w)",
        }
    }
}

/// Where the photon flux comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FluxMethod {
    /// Power through a blank minus power through the sample: absorbed (seed 000).
    #[default]
    BlankMinusSample,
    /// A power at a wavelength, incident or absorbed.
    Power,
    /// Typed in einstein s⁻¹.
    Einstein,
    /// Ferrioxalate actinometry (incident).
    Actinometry,
}

impl FluxMethod {
    pub const ALL: [FluxMethod; 4] = [FluxMethod::BlankMinusSample, FluxMethod::Power, FluxMethod::Einstein, FluxMethod::Actinometry];
    pub fn slug(self) -> &'static str {
        match self {
            FluxMethod::BlankMinusSample => "blank",
            FluxMethod::Power => "power",
            FluxMethod::Einstein => "einstein",
            FluxMethod::Actinometry => "actino",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            FluxMethod::BlankMinusSample => "absorbed power: blank − sample",
            FluxMethod::Power => "a light power",
            FluxMethod::Einstein => "a photon flux in einstein s⁻¹",
            FluxMethod::Actinometry => "ferrioxalate actinometry",
        }
    }
}

/// Whether a power or flux counts the photons reaching the sample or those it absorbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PhotonBasis {
    Incident,
    /// The issue's `P` is the absorbed power: a power or flux counts as absorbed unless said.
    #[default]
    Absorbed,
}

impl PhotonBasis {
    pub const ALL: [PhotonBasis; 2] = [PhotonBasis::Incident, PhotonBasis::Absorbed];
    pub fn slug(self) -> &'static str {
        match self {
            PhotonBasis::Incident => "incident",
            PhotonBasis::Absorbed => "absorbed",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            PhotonBasis::Incident => "incident on the sample",
            PhotonBasis::Absorbed => "absorbed by the sample",
        }
    }
}

/// How the calibration's standards are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StandardForm {
    /// Injected volume (µL) of a standard gas with a mole fraction (%).
    #[default]
    VolumeFraction,
    /// Amount injected (µmol).
    Amount,
}

impl StandardForm {
    pub const ALL: [StandardForm; 2] = [StandardForm::VolumeFraction, StandardForm::Amount];
    pub fn slug(self) -> &'static str {
        match self {
            StandardForm::VolumeFraction => "volume",
            StandardForm::Amount => "amount",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            StandardForm::VolumeFraction => "volume × fraction",
            StandardForm::Amount => "amount (µmol)",
        }
    }
}

/// The calibration's weighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CalibrationWeight {
    #[default]
    None,
    /// 1/σ² from the σ column.
    Sigma,
    /// 1/area², for a constant relative error.
    Relative,
}

impl CalibrationWeight {
    pub const ALL: [CalibrationWeight; 3] = [CalibrationWeight::None, CalibrationWeight::Sigma, CalibrationWeight::Relative];
    pub fn slug(self) -> &'static str {
        match self {
            CalibrationWeight::None => "none",
            CalibrationWeight::Sigma => "sigma",
            CalibrationWeight::Relative => "relative",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            CalibrationWeight::None => "none",
            CalibrationWeight::Sigma => "1/σ² (σ column)",
            CalibrationWeight::Relative => "1/area² (constant relative error)",
        }
    }
}

/// Gas and product choices, named as links name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GasChoice(pub Gas);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EosChoice(pub EquationOfState);
/// The product whose electrons count; `None` follows the gas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProductChoice(pub Option<Product>);

impl GasChoice {
    pub const ALL: [GasChoice; 6] = [GasChoice(Gas::H2), GasChoice(Gas::O2), GasChoice(Gas::CO), GasChoice(Gas::CO2), GasChoice(Gas::CH4), GasChoice(Gas::N2)];
    pub fn slug(self) -> &'static str {
        self.0.slug()
    }
    pub fn label(self) -> &'static str {
        self.0.label()
    }
}

impl EosChoice {
    pub const ALL: [EosChoice; 3] = [
        EosChoice(EquationOfState::Ideal),
        EosChoice(EquationOfState::VanDerWaalsApproximation),
        EosChoice(EquationOfState::VanDerWaals),
    ];
    pub fn slug(self) -> &'static str {
        match self.0 {
            EquationOfState::Ideal => "ideal",
            EquationOfState::VanDerWaalsApproximation => "vdw-approx",
            EquationOfState::VanDerWaals => "vdw",
        }
    }
    pub fn label(self) -> &'static str {
        match self.0 {
            EquationOfState::Ideal => "ideal gas, RT/p",
            EquationOfState::VanDerWaalsApproximation => "van der Waals approximation, RT/p + b − a/RT (seed)",
            EquationOfState::VanDerWaals => "van der Waals, exact root",
        }
    }
}

impl ProductChoice {
    pub const ALL: [ProductChoice; 7] = [
        ProductChoice(None),
        ProductChoice(Some(Product::H2)),
        ProductChoice(Some(Product::O2)),
        ProductChoice(Some(Product::CO)),
        ProductChoice(Some(Product::HCOOH)),
        ProductChoice(Some(Product::CH4)),
        ProductChoice(Some(Product::NADH)),
    ];
    pub fn slug(self) -> &'static str {
        self.0.map_or("gas", Product::slug)
    }
    pub fn label(self) -> &'static str {
        match self.0 {
            None => "the gas measured",
            Some(Product::H2) => "H₂ (2 e⁻)",
            Some(Product::O2) => "O₂ (4 e⁻)",
            Some(Product::CO) => "CO (2 e⁻)",
            Some(Product::HCOOH) => "HCOOH (2 e⁻)",
            Some(Product::CH4) => "CH₄ (8 e⁻)",
            Some(Product::NADH) => "NADH (2 e⁻)",
        }
    }
}

choices!(AmountSource, CatalystBasis, FluxMethod, PhotonBasis, StandardForm, CalibrationWeight, GasChoice, EosChoice, ProductChoice);

/// The calibration table's columns: standard (µL or µmol), fraction (%), peak area, σ(area),
/// and the gas (empty: the gas chosen), so that one table can hold several gases' standards.
pub const CALIBRATION_COLUMNS: usize = 5;
/// The time course's columns: time, then amount (in the amount source's unit) or peak area.
pub const COURSE_COLUMNS: usize = 2;

/// Which table an edit or a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    Calibration,
    Course,
}

/// Everything typed into the gas page.
#[derive(Debug, Clone, PartialEq)]
pub struct GasState {
    pub gas: Gas,
    pub eos: EquationOfState,
    pub source: AmountSource,
    pub catalyst: CatalystBasis,
    pub flux: FluxMethod,
    pub basis: PhotonBasis,
    pub product: Option<Product>,
    pub standards: StandardForm,
    pub weighting: CalibrationWeight,
    /// The calibration line passes through the origin.
    pub through_origin: bool,
    /// Correct for the gas dissolved in the liquid (Henry's law).
    pub henry: bool,
    /// A sacrificial electron donor is present (STH is then not a valid figure).
    pub donor: bool,
    /// Show TON per electron.
    pub per_electron: bool,
    /// Each input's text, in [`Input::ALL`] order.
    pub texts: Vec<String>,
    /// Each input's ± text (empty: none), in [`Input::ALL`] order.
    pub plus_minus: Vec<String>,
    /// The unit picked for each input with a unit choice, in [`Input::ALL`] order.
    pub units: Vec<Option<Unit>>,
    /// The time course's time unit.
    pub course_time: Unit,
    pub calibration: Vec<Vec<String>>,
    pub course: Vec<Vec<String>>,
    /// The user's own model of the time course (`t` the time in h), and its start values.
    pub course_model: String,
    pub course_starts: String,
}

impl Default for GasState {
    fn default() -> Self {
        let mut state = GasState {
            gas: Gas::H2,
            eos: EquationOfState::VanDerWaalsApproximation,
            source: AmountSource::Volume,
            catalyst: CatalystBasis::Concentration,
            flux: FluxMethod::BlankMinusSample,
            basis: PhotonBasis::Absorbed,
            product: None,
            standards: StandardForm::VolumeFraction,
            weighting: CalibrationWeight::None,
            through_origin: false,
            henry: false,
            donor: false,
            per_electron: false,
            texts: vec![String::new(); Input::ALL.len()],
            plus_minus: vec![String::new(); Input::ALL.len()],
            units: Input::ALL.iter().map(|i| i.spec().quantity.map(Unit::default_of)).collect(),
            course_time: Unit::Hour,
            calibration: vec![vec![String::new(); CALIBRATION_COLUMNS]; 3],
            course: vec![vec![String::new(); COURSE_COLUMNS]; 3],
            course_model: String::new(),
            course_starts: String::new(),
        };
        state.set(Input::Temperature, "25");
        state.set(Input::Pressure, "101.325");
        state
    }
}

impl GasState {
    /// The text typed for an input.
    pub fn text(&self, input: Input) -> &str {
        &self.texts[input.index()]
    }

    /// Sets the text of an input.
    pub fn set(&mut self, input: Input, text: &str) {
        self.texts[input.index()] = text.to_string();
    }

    /// The ± typed beside an input.
    pub fn plus_minus(&self, input: Input) -> &str {
        &self.plus_minus[input.index()]
    }

    /// Sets the ± beside an input.
    pub fn set_plus_minus(&mut self, input: Input, text: &str) {
        self.plus_minus[input.index()] = text.to_string();
    }

    /// The unit picked for an input (its quantity's default when it has a unit choice).
    pub fn unit(&self, input: Input) -> Option<Unit> {
        self.units[input.index()]
    }

    /// Picks an input's unit, converting what was typed so that the value stays the same.
    pub fn set_unit(&mut self, input: Input, unit: Unit) {
        let Some(old) = self.unit(input) else { return };
        if old == unit || Some(unit.quantity()) != input.spec().quantity {
            return;
        }
        let convert = |text: &str, difference: bool| -> Option<String> {
            let value = crate::state::number::parse_number(text, crate::state::number::NumberRule::Any, "").ok()?;
            let converted = if difference {
                unit.from_default(old.difference_to_default(value)) - unit.from_default(0.0)
            } else {
                unit.from_default(old.to_default(value))
            };
            converted.is_finite().then(|| crate::science::format::sig_ascii(converted, 10))
        };
        if let Some(text) = convert(self.text(input), false) {
            self.set(input, &text);
        }
        if let Some(text) = convert(self.plus_minus(input), true) {
            self.set_plus_minus(input, &text);
        }
        self.units[input.index()] = Some(unit);
    }

    /// A table's rows.
    pub fn rows(&self, which: Table) -> &Vec<Vec<String>> {
        match which {
            Table::Calibration => &self.calibration,
            Table::Course => &self.course,
        }
    }

    fn rows_mut(&mut self, which: Table) -> &mut Vec<Vec<String>> {
        match which {
            Table::Calibration => &mut self.calibration,
            Table::Course => &mut self.course,
        }
    }

    /// A table's column headers, with units.
    pub fn headers(&self, which: Table) -> Vec<String> {
        match which {
            Table::Calibration => {
                let standard = match self.standards {
                    StandardForm::VolumeFraction => "Standard injected (µL)",
                    StandardForm::Amount => "Standard injected (µmol)",
                };
                let fraction = match self.standards {
                    StandardForm::VolumeFraction => format!("{} in standard (%)", self.gas.label()),
                    StandardForm::Amount => "(not used)".to_string(),
                };
                vec![standard.to_string(), fraction, "Peak area".into(), "σ(area), optional".into(), "Gas (empty: the gas above)".into()]
            }
            Table::Course => {
                let amount = match self.source {
                    AmountSource::Volume => format!("{} volume ({})", self.gas.label(), self.unit(Input::GasVolume).map_or("mL", Unit::label)),
                    AmountSource::Amount => format!("{} ({})", self.gas.label(), self.unit(Input::Amount).map_or("µmol", Unit::label)),
                    AmountSource::Chromatograph => format!("{} peak area", self.gas.label()),
                };
                vec![format!("Time ({})", self.course_time.label()), amount]
            }
        }
    }

    /// Rows `from..to` of a table, for the page's table window.
    pub fn table_rows(&self, which: Table, from: usize, to: usize) -> Vec<Vec<String>> {
        table::window(self.rows(which), from, to)
    }

    /// Applies an edit to a table.
    pub fn edit(&mut self, which: Table, edit: TableEdit) -> EditOutcome {
        let columns = match which {
            Table::Calibration => CALIBRATION_COLUMNS,
            Table::Course => COURSE_COLUMNS,
        };
        table::apply(self.rows_mut(which), columns, MAX_ROWS, edit)
    }

    /// The electrons per product molecule in use: typed, else the product's, else the gas's.
    pub fn electrons_default(&self) -> Option<u32> {
        self.product.map(Product::electrons).or_else(|| self.gas.electrons_per_molecule())
    }
}

impl Calculator for GasState {
    const INFO: &'static Info = &INFO;

    fn from_pairs(pairs: &[(String, String)]) -> Result<Self, LinkError> {
        use crate::state::choice::Choice;
        let mut state = GasState::default();
        let (mut source_named, mut flux_named) = (false, false);
        let bad = |key: &str, value: &str| LinkError::BadValue { key: key.to_string(), value: value.chars().take(40).collect() };
        for (key, value) in pairs {
            let short = || -> Result<String, LinkError> {
                if value.chars().count() > MAX_FIELD_CHARS {
                    Err(LinkError::FieldTooLong(key.clone()))
                } else {
                    Ok(value.clone())
                }
            };
            let choice = |_: ()| value.as_str();
            macro_rules! pick {
                ($ty:ty) => {
                    <$ty>::from_slug(choice(())).ok_or_else(|| bad(key, value))?
                };
            }
            let on = || read_flag(value).ok_or_else(|| bad(key, value));
            match key.as_str() {
                "gas" => state.gas = pick!(GasChoice).0,
                "eos" => state.eos = pick!(EosChoice).0,
                "src" => {
                    state.source = pick!(AmountSource);
                    source_named = true;
                }
                "catby" => state.catalyst = pick!(CatalystBasis),
                "flux" => {
                    state.flux = pick!(FluxMethod);
                    flux_named = true;
                }
                "basis" => state.basis = pick!(PhotonBasis),
                "product" => state.product = pick!(ProductChoice).0,
                "std" => state.standards = pick!(StandardForm),
                "calw" => state.weighting = pick!(CalibrationWeight),
                "origin" => state.through_origin = on()?,
                "henry" => state.henry = on()?,
                "donor" => state.donor = on()?,
                "per_e" => state.per_electron = on()?,
                "ct_unit" => {
                    state.course_time = Some(pick!(Unit)).filter(|u| u.quantity() == Quantity::Time).ok_or_else(|| bad(key, value))?;
                }
                "cal" => state.calibration = decode_table_within(value, CALIBRATION_COLUMNS, MAX_ROWS)?,
                "course" => state.course = decode_table_within(value, COURSE_COLUMNS, MAX_ROWS)?,
                "model" => state.course_model = if value.chars().count() > 1000 { return Err(LinkError::FieldTooLong(key.clone())) } else { value.clone() },
                "starts" => state.course_starts = if value.chars().count() > 1000 { return Err(LinkError::FieldTooLong(key.clone())) } else { value.clone() },
                other => {
                    if let Some(input) = Input::from_key(other) {
                        state.texts[input.index()] = short()?;
                    } else if let Some(input) = other.strip_suffix("_pm").and_then(Input::from_key) {
                        state.plus_minus[input.index()] = short()?;
                    } else if let Some(input) = other.strip_suffix("_unit").and_then(Input::from_key) {
                        let unit = pick!(Unit);
                        if input.spec().quantity != Some(unit.quantity()) {
                            return Err(bad(key, value));
                        }
                        state.units[input.index()] = Some(unit);
                    }
                }
            }
        }
        // A link with a power `P` and no method means that power (absorbed, unless `basis` says).
        if !flux_named && !state.text(Input::Power).is_empty() {
            state.flux = FluxMethod::Power;
        }
        // A link with an amount and no volume means the amount (`#/gas?v=1&n=144&cat=1&vsol=10`).
        if !source_named && state.text(Input::GasVolume).is_empty() && !state.text(Input::Amount).is_empty() {
            state.source = AmountSource::Amount;
        }
        Ok(state)
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        use crate::state::choice::Choice;
        let default = GasState::default();
        let mut pairs: Vec<(&'static str, String)> = vec![("gas", self.gas.slug().into())];
        let mut choice = |key: &'static str, slug: &str, default_slug: &str| {
            if slug != default_slug {
                pairs.push((key, slug.to_string()));
            }
        };
        choice("eos", EosChoice(self.eos).slug(), EosChoice(default.eos).slug());
        // `src` and `flux` are always written: a link without them infers them from `n` and
        // `P` (the short links), which must not change a state's meaning.
        choice("src", self.source.slug(), "");
        choice("catby", self.catalyst.slug(), default.catalyst.slug());
        choice("flux", self.flux.slug(), "");
        choice("basis", self.basis.slug(), default.basis.slug());
        choice("product", ProductChoice(self.product).slug(), "gas");
        choice("std", self.standards.slug(), default.standards.slug());
        choice("calw", self.weighting.slug(), default.weighting.slug());
        choice("ct_unit", Choice::slug(self.course_time), "h");
        for (key, on) in [("origin", self.through_origin), ("henry", self.henry), ("donor", self.donor), ("per_e", self.per_electron)] {
            if on {
                pairs.push((key, "1".into()));
            }
        }
        // Inputs with their units and ±, the defaults left out (T and p are always written, so
        // that a link keeps its conditions if a later version changes the defaults).
        for input in Input::ALL {
            let i = input.index();
            let spec = input.spec();
            if !self.texts[i].is_empty() || matches!(input, Input::Temperature | Input::Pressure) {
                pairs.push((spec.key, self.texts[i].clone()));
            }
            if let Some(unit) = self.units[i].filter(|u| Some(*u) != spec.quantity.map(Unit::default_of)) {
                pairs.push((spec.unit_key, Choice::slug(unit).to_string()));
            }
            if !self.plus_minus[i].is_empty() {
                pairs.push((spec.pm_key, self.plus_minus[i].clone()));
            }
        }
        for (key, rows) in [("cal", &self.calibration), ("course", &self.course)] {
            if rows.iter().any(|r| r.iter().any(|c| !c.trim().is_empty())) {
                pairs.push((key, encode_text_table(rows)));
            }
        }
        if !self.course_model.is_empty() {
            pairs.push(("model", self.course_model.clone()));
        }
        if !self.course_starts.is_empty() {
            pairs.push(("starts", self.course_starts.clone()));
        }
        pairs
    }

    fn example() -> Self {
        example()
    }

    fn report(&self) -> Result<Value, String> {
        view::report(self)
    }

    fn link_value_from_json(key: &str, value: &Value) -> Option<Result<String, String>> {
        let columns = match key {
            "cal" => CALIBRATION_COLUMNS,
            "course" => COURSE_COLUMNS,
            _ => return None,
        };
        let Some(rows) = value.as_array() else {
            return Some(Err(format!("{key} must be a list of rows")));
        };
        let mut cells = Vec::new();
        for row in rows {
            let Some(row) = row.as_array() else {
                return Some(Err(format!("each row of {key} must be a list")));
            };
            let mut texts: Vec<String> = row.iter().map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_string)).collect();
            texts.resize(columns, String::new());
            cells.push(texts);
        }
        Some(Ok(encode_text_table(&cells)))
    }
}

/// Seed 000's numbers: 1.0 µM catalyst in 10 mL, 3.525 mL of H₂ at 25 °C and 1 atm by the van
/// der Waals approximation after 30 h (TON 14400), and its quantum-yield method: the rate
/// from the first 5 h of a time course, the absorbed power as blank minus sample at 400 nm,
/// with ascorbic acid as the donor. The seed gives neither its time course nor its powers:
/// the course here has the seed's end point, and the powers give its quantum yield, 5.32 %.
pub fn example() -> GasState {
    let mut state = GasState::default();
    state.set(Input::GasVolume, "3.525");
    state.set(Input::CatalystConcentration, "1.0");
    state.set(Input::SolutionVolume, "10");
    state.set(Input::Time, "30");
    state.set(Input::Wavelength, "400");
    state.set(Input::PowerBlank, "80.0");
    state.set(Input::PowerSample, "21.9");
    state.donor = true;
    // Fast at first, levelling off as the dots bleach (mL of H₂).
    state.course = [("0", "0"), ("1", "0.62"), ("2", "1.15"), ("3", "1.60"), ("5", "2.30"), ("8", "2.95"), ("12", "3.30"), ("20", "3.48"), ("30", "3.525")]
        .iter()
        .map(|(t, v)| vec![t.to_string(), v.to_string()])
        .collect();
    state.set(Input::WindowFrom, "0");
    state.set(Input::WindowTo, "5");
    state
}

#[cfg(test)]
mod tests;
