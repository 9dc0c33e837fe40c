//! From what was typed to what the page shows: each curve read (or generated from its model),
//! put in ascending order and converted to the common scale; the onsets; every operating point
//! of the pair with the bias and resistance given; the bias a wanted current needs; the best
//! split of the area; what the operating current makes; the Faradaic and light-to-chemical
//! efficiencies; the current–time trace and its charge; and the potential-scale tool.

use std::sync::Arc;

use super::{CurrentColumn, CurveSource, ElectrodeField, Field, OnsetRule, PecState, Side, Table};
use crate::science::numeric::trapezoid;
use crate::science::format::lower_first;
use crate::science::pec::chopped::split_chopped;
use crate::science::pec::efficiency::{self, nadh_from_absorbance_mol};
use crate::science::pec::model::Photodiode;
use crate::science::pec::operating::{self, Circuit, Electrode, OperatingPoint, Summary};
use crate::science::pec::scales::{reference_v_vs_she, Basis, Conditions, Scale, FARADAY_C_PER_MOL};
use crate::science::read::{Convention, Doubts};
use crate::state::number::{field_note, parse_cell, parse_number, NumberRule};
use crate::state::table::MAX_MESSAGES;

/// Where a message belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Field(Field),
    Electrode(Side, ElectrodeField),
    Cell { table: Table, row: usize, column: usize },
    Table(Table),
    /// The potential-scale tool's list.
    Convert,
}

/// A message about what was typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub place: Place,
    pub message: String,
}

/// A curve as the solver sees it: ascending, on the common scale, in mA cm⁻².
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CurveResult {
    pub potential_v: Vec<f64>,
    pub density: Vec<f64>,
    pub area_cm2: f64,
    /// The points the chart draws (potential, density): at most
    /// [`MAX_DRAWN_POINTS`](super::view::MAX_DRAWN_POINTS), chosen once when the curve is read
    /// rather than on every edit that only moves it (the bias).
    pub drawn: Vec<(f64, f64)>,
    /// What the solution needs to know of the points, worked out when the curve is read.
    pub summary: Summary,
}

impl CurveResult {
    fn new(potential_v: Vec<f64>, density: Vec<f64>, area_cm2: f64, drawn: Vec<(f64, f64)>) -> Self {
        let summary = Summary::of(&potential_v, &density);
        CurveResult { potential_v, density, area_cm2, drawn, summary }
    }

    fn electrode(&self) -> Electrode<'_> {
        Electrode { potential_v: &self.potential_v, current_ma_per_cm2: &self.density, area_cm2: self.area_cm2, summary: Some(&self.summary) }
    }
}

/// One side's curve as read, and what was said reading it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SideStage {
    pub curve: Option<Arc<CurveResult>>,
    pub problems: Vec<Problem>,
    pub notes: Vec<String>,
    pub warnings: Vec<String>,
}

/// What the operating current makes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ProductResult {
    /// mol s⁻¹.
    pub rate_mol_per_s: f64,
    /// µmol after the run time, and its concentration (mM) in the volume.
    pub after_umol: Option<f64>,
    pub after_mm: Option<f64>,
    /// Fraction of the starting substrate converted.
    pub conversion: Option<f64>,
    /// ΔG per mole of product (J mol⁻¹) and the light-to-chemical efficiency (fraction).
    pub gibbs_j_per_mol: Option<f64>,
    pub light_to_chemical: Option<f64>,
}

/// The trace: its points and the charge under it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TraceResult {
    pub time_s: Vec<f64>,
    pub current_ma: Vec<f64>,
    pub charge_c: f64,
}

/// A reference electrode at the page's conditions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReferenceRow {
    pub scale: Scale,
    pub v_vs_she: f64,
    pub basis: Basis,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PecOutcome {
    pub problems: Vec<Problem>,
    /// What was done to the input that the user should know (a curve reversed, a number read
    /// one of two ways).
    pub notes: Vec<String>,
    /// Results to read with care (no operating point, an onset not reached).
    pub warnings: Vec<String>,
    pub curves: [Option<Arc<CurveResult>>; 2],
    /// Each curve's onset potential on the common scale (V), by the rule chosen.
    pub onsets: [Option<f64>; 2],
    pub points: Vec<OperatingPoint>,
    /// Whether the pair was solved (both curves read); `points` may still be empty.
    pub solved: bool,
    /// The current wanted (mA) and the bias it needs (V), if reachable.
    pub bias_needed: Option<(f64, Option<f64>)>,
    /// The anode-to-cathode area ratio giving the most bias-free current, and that current (mA).
    pub best_ratio: Option<(f64, f64)>,
    pub product: Option<ProductResult>,
    pub trace: Option<TraceResult>,
    /// (charge used (C), whether from the trace, product (mol), FE).
    pub faradaic: Option<(f64, bool, f64, f64)>,
    /// NADH from its absorbance (µmol).
    pub nadh_umol: Option<f64>,
    /// The scale tool: each potential and its conversion.
    pub conversions: Vec<(f64, f64)>,
    pub references: Vec<ReferenceRow>,
    pub nernst_slope_v: f64,
    /// The bias and resistance the pair was solved with (0 where not given).
    pub circuit: Circuit,
}

impl PecOutcome {
    /// The first message at a place.
    pub fn problem_at(&self, place: Place) -> Option<&str> {
        self.problems.iter().find(|p| p.place == place).map(|p| p.message.as_str())
    }

    pub fn curve(&self, side: Side) -> Option<&CurveResult> {
        self.curves[side.index()].as_deref()
    }

    /// The operating point the results follow: the one carrying the most current.
    pub fn main_point(&self) -> Option<&OperatingPoint> {
        self.points.iter().max_by(|a, b| a.current_ma.total_cmp(&b.current_ma))
    }
}

/// Points of a model curve.
const MODEL_POINTS: usize = 601;
/// How far a model curve reaches on each side of its onset (V).
const MODEL_REACH_V: f64 = 1.2;
/// Backward steps smaller than this (V) are noise in a sweep, and are sorted out.
const NOISE_V: f64 = 0.005;

/// The numbers typed into the fields, parsed once, with their messages collected.
struct Reader<'a> {
    state: &'a PecState,
    problems: Vec<Problem>,
    notes: Vec<String>,
}

impl Reader<'_> {
    fn field(&mut self, field: Field) -> Option<f64> {
        let spec = field.spec();
        let text = self.state.text(field);
        if text.trim().is_empty() {
            return None;
        }
        match parse_number(text, spec.rule, &format!("The {}", lower_first(spec.label))) {
            Ok(v) => {
                self.notes.extend(field_note(text));
                Some(v)
            }
            Err(message) => {
                self.problems.push(Problem { place: Place::Field(field), message });
                None
            }
        }
    }

    fn electrode_field(&mut self, side: Side, field: ElectrodeField) -> Option<f64> {
        let spec = field.spec(side);
        let text = self.state.electrode(side).text(field);
        if text.trim().is_empty() {
            return None;
        }
        match parse_number(text, spec.rule, &format!("The {}'s {}", side.name(), lower_first(spec.label))) {
            Ok(v) => {
                self.notes.extend(field_note(text));
                Some(v)
            }
            Err(message) => {
                self.problems.push(Problem { place: Place::Electrode(side, field), message });
                None
            }
        }
    }

    fn missing(&mut self, place: Place, message: String) {
        self.problems.push(Problem { place, message });
    }
}


impl PecState {
    /// Evaluates the page; never panics, never gives a non-finite number.
    pub fn evaluate(&self) -> PecOutcome {
        self.evaluate_with([&self.side_stage(Side::Anode), &self.side_stage(Side::Cathode)])
    }

    /// What one side's curve depends on, and nothing else: the page keeps a side's curve (read
    /// from up to 100,000 typed rows) while edits elsewhere leave this the same.
    pub fn side_key(&self, side: Side) -> PecState {
        let mut key = PecState { scale: self.scale, ..PecState::default() };
        key.electrodes[side.index()] = self.electrodes[side.index()].clone();
        for field in [Field::Ph, Field::Temperature, Field::Ferrocene, Field::Custom] {
            key.set(field, self.text(field));
        }
        key
    }

    /// One side's curve, read, ordered and converted to the common scale, with its messages
    /// (those about the conditions are said once, by [`PecState::evaluate_with`]).
    pub fn side_stage(&self, side: Side) -> SideStage {
        let mut r = Reader { state: self, problems: Vec::new(), notes: Vec::new() };
        let conditions = self.conditions(&mut r);
        r.problems.clear();
        r.notes.clear();
        let to_common = |scale: Scale| -> Option<f64> { offset(scale, self.scale, &conditions) };
        let mut warnings = Vec::new();
        let curve = self.curve(side, &mut r, &conditions, &to_common, &mut warnings).map(Arc::new);
        SideStage { curve, problems: r.problems, notes: r.notes, warnings }
    }

    /// Evaluates the page with both sides' curves already read ([`PecState::side_stage`]).
    pub fn evaluate_with(&self, stages: [&SideStage; 2]) -> PecOutcome {
        let mut r = Reader { state: self, problems: Vec::new(), notes: Vec::new() };
        let mut out = PecOutcome::default();
        let conditions = self.conditions(&mut r);
        out.nernst_slope_v = crate::science::pec::scales::nernst_slope_v(conditions.temperature_k);
        out.references = Scale::ALL
            .iter()
            .filter_map(|&scale| reference_v_vs_she(scale, &conditions).ok().filter(|(v, _)| v.is_finite()).map(|(v_vs_she, basis)| ReferenceRow { scale, v_vs_she, basis }))
            .collect();
        for side in Side::BOTH {
            let stage = stages[side.index()];
            out.curves[side.index()] = stage.curve.clone();
            r.problems.extend(stage.problems.iter().cloned());
            r.notes.extend(stage.notes.iter().cloned());
            out.warnings.extend(stage.warnings.iter().cloned());
        }
        // Onsets.
        let threshold = r.field(Field::Threshold);
        for side in Side::BOTH {
            if let Some(curve) = out.curve(side) {
                let electrode = curve.electrode();
                let onset = match self.onset {
                    OnsetRule::Threshold => threshold.and_then(|t| operating::onset_by_threshold(&electrode, t, side.photoanode())),
                    OnsetRule::Tangent => operating::onset_by_tangent(&electrode, side.photoanode()),
                };
                if onset.is_none() {
                    out.warnings.push(match (self.onset, threshold) {
                        (OnsetRule::Threshold, Some(t)) => format!("The {} never reaches {} mA cm⁻² in the {} direction: it has no onset by that threshold.", side.name(), crate::science::format::sig(t, 3), if side.photoanode() { "anodic" } else { "cathodic" }),
                        _ => format!("The {}'s current never rises in its direction: it has no onset by the tangent.", side.name()),
                    });
                }
                out.onsets[side.index()] = onset.filter(|v| v.is_finite());
            }
        }
        // The operating points.
        let bias = r.field(Field::Bias).unwrap_or(0.0);
        let resistance = r.field(Field::Resistance).unwrap_or(0.0);
        let circuit = Circuit { bias_v: bias, resistance_ohm: resistance };
        out.circuit = circuit;
        let curves = out.curves.clone();
        if let (Some(a), Some(c)) = (curves[0].as_deref(), curves[1].as_deref()) {
            match operating::operating_points(&a.electrode(), &c.electrode(), circuit) {
                Ok(points) => {
                    out.points = points.into_iter().filter(|p| [p.current_ma, p.anode_potential_v, p.cathode_potential_v, p.anode_ma_per_cm2, p.cathode_ma_per_cm2].iter().all(|v| v.is_finite())).collect();
                    out.solved = true;
                    if out.points.is_empty() {
                        out.warnings.push(if bias == 0.0 {
                            "The curves do not cross where both carry current: no bias-free current flows. Give a wanted current below to see the bias it needs.".to_string()
                        } else {
                            "The curves do not cross with this bias: no current flows. Give a wanted current below to see the bias it needs.".to_string()
                        });
                    } else if out.points.len() > 3 {
                        out.warnings.push(format!("The curves cross {} times: where they run this close together their noise decides where they meet, and the operating point is that whole stretch rather than one potential. The results follow the largest current.", out.points.len()));
                    } else if out.points.len() > 1 {
                        out.warnings.push(format!("The curves cross {} times: each crossing is a possible operating point, and which one the cell settles at depends on its history. The results follow the largest current.", out.points.len()));
                    }
                    out.best_ratio = best_ratio(a, c, circuit);
                }
                // The curves were checked as they were read: what is left is their not
                // overlapping in potential, said with the results.
                Err(e) => out.warnings.push(e.to_string()),
            }
            if let Some(want) = r.field(Field::TargetCurrent) {
                if let Ok(needed) = operating::bias_for_current(&a.electrode(), &c.electrode(), want, resistance) {
                    out.bias_needed = Some((want, needed.filter(|v| v.is_finite())));
                    if needed.is_none() {
                        out.warnings.push(format!("One of the curves never carries {} mA: no bias reaches it within the curves measured.", crate::science::format::sig(want, 3)));
                    }
                }
            }
        }
        out.trace = self.trace(&mut r);
        self.products(&mut r, &mut out);
        self.conversions(&mut r, &conditions, &mut out);
        out.problems = r.problems;
        out.notes.extend(r.notes);
        out
    }

    /// The conditions of the scales: pH, temperature, Fc⁺/Fc and the user's own reference,
    /// each asked for where a scale in use needs it.
    fn conditions(&self, r: &mut Reader) -> Conditions {
        let mut in_use: Vec<Scale> = vec![self.scale, self.electrodes[0].scale, self.electrodes[1].scale];
        if !self.convert_list.trim().is_empty() {
            in_use.extend([self.convert_from, self.convert_to]);
        }
        let temperature_c = r.field(Field::Temperature).unwrap_or(25.0);
        let mut conditions = Conditions { temperature_k: temperature_c + 273.15, ..Conditions::default() };
        if conditions.temperature_k <= 0.0 {
            r.missing(Place::Field(Field::Temperature), "The temperature must be above absolute zero (−273.15 °C).".into());
            conditions.temperature_k = 298.15;
        }
        if !(0.0..=100.0).contains(&temperature_c) {
            r.notes.push(format!("The temperature {temperature_c} °C is outside 0–100 °C, where aqueous reference electrodes are used: their values are extended beyond their tables."));
        }
        match r.field(Field::Ph) {
            Some(ph) if (-2.0..=16.0).contains(&ph) => conditions.ph = ph,
            Some(ph) => r.missing(Place::Field(Field::Ph), format!("The pH {ph} is outside −2 to 16, where the RHE is defined here.")),
            None if in_use.contains(&Scale::Rhe) => {
                r.missing(Place::Field(Field::Ph), "The pH is empty: the RHE scale needs it.".into());
                conditions.ph = f64::NAN;
            }
            None => conditions.ph = f64::NAN,
        }
        conditions.ferrocene_v_vs_she = f64::NAN;
        if let Some(fc) = r.field(Field::Ferrocene) {
            conditions.ferrocene_v_vs_she = fc;
        } else if in_use.contains(&Scale::Ferrocene) {
            r.missing(Place::Field(Field::Ferrocene), "Fc⁺/Fc against SHE is empty: the ferrocene scale needs it (0.63 V in CH₃CN, seed 000; it depends on the solvent).".into());
        }
        match r.field(Field::Custom) {
            Some(v) => conditions.custom_v_vs_she = v,
            None if in_use.contains(&Scale::Custom) => r.missing(Place::Field(Field::Custom), "Your own reference's potential against SHE is empty: a scale in use needs it.".into()),
            None => conditions.custom_v_vs_she = f64::NAN,
        }
        conditions
    }

    /// One electrode's curve on the common scale, or `None` with its messages.
    fn curve(&self, side: Side, r: &mut Reader, conditions: &Conditions, to_common: &dyn Fn(Scale) -> Option<f64>, warnings: &mut Vec<String>) -> Option<CurveResult> {
        let e = self.electrode(side);
        let area = r.electrode_field(side, ElectrodeField::Area);
        if area.is_none() && e.text(ElectrodeField::Area).trim().is_empty() {
            r.missing(Place::Electrode(side, ElectrodeField::Area), format!("The {}'s area is empty: type it in cm².", side.name()));
        }
        let (potential, density) = match e.source {
            CurveSource::Model => self.model_curve(side, r, conditions)?,
            CurveSource::Table => self.table_curve(side, r, area)?,
        };
        let area = area?;
        let shift = to_common(e.scale)?;
        let (mut potential, mut density) = (potential, density);
        if e.chopped {
            match split_chopped(&potential, &density, side.photoanode()) {
                Some(env) if env.light.len() >= 2 => {
                    r.notes.push(format!("The {}'s curve was split at {} switches of the light; its light envelope is used.", side.name(), env.switches));
                    (potential, density) = env.light.iter().copied().unzip();
                }
                _ => warnings.push(format!("No switching of the light was found in the {}'s curve: it is used whole.", side.name())),
            }
        }
        for v in &mut potential {
            *v += shift;
        }
        let all: Vec<(f64, f64)> = potential.iter().copied().zip(density.iter().copied()).collect();
        let drawn = super::view::decimate(&all, super::view::MAX_DRAWN_POINTS);
        Some(CurveResult::new(potential, density, area, drawn))
    }

    /// A curve from the photodiode model, on the electrode's own scale.
    fn model_curve(&self, side: Side, r: &mut Reader, conditions: &Conditions) -> Option<(Vec<f64>, Vec<f64>)> {
        let need = |r: &mut Reader, field: ElectrodeField| {
            let v = r.electrode_field(side, field);
            if v.is_none() && self.electrode(side).text(field).trim().is_empty() {
                r.missing(Place::Electrode(side, field), format!("The {}'s {} is empty.", side.name(), lower_first(field.spec(side).label)));
            }
            v
        };
        let photocurrent = need(r, ElectrodeField::Photocurrent);
        let onset = need(r, ElectrodeField::Onset);
        let ideality = need(r, ElectrodeField::Ideality);
        let series = need(r, ElectrodeField::Series);
        let shunt = r.electrode_field(side, ElectrodeField::Shunt).unwrap_or(f64::INFINITY);
        let model = Photodiode {
            photocurrent_ma_per_cm2: photocurrent?,
            onset_v: onset?,
            ideality: ideality?,
            series_ohm_cm2: series?,
            shunt_ohm_cm2: shunt,
            photoanode: side.photoanode(),
            temperature_k: conditions.temperature_k,
        };
        let onset = model.onset_v;
        match model.curve(onset - MODEL_REACH_V, onset + MODEL_REACH_V, MODEL_POINTS) {
            Some(curve) => Some(curve),
            None => {
                r.missing(Place::Electrode(side, ElectrodeField::Photocurrent), format!("The {}'s model gives no finite current with these numbers.", side.name()));
                None
            }
        }
    }

    /// A curve from its table: read, divided by the area if it is a current, and put in
    /// ascending order of potential.
    fn table_curve(&self, side: Side, r: &mut Reader, area: Option<f64>) -> Option<(Vec<f64>, Vec<f64>)> {
        let e = self.electrode(side);
        let table = Table::Curve(side);
        let (potential, current) = match e.kept_numbers() {
            Some((potential, current)) => (potential.clone(), current.clone()),
            None => read_pairs(&e.rows, table, ["The potential", "The current"], r)?,
        };
        let name = side.name();
        if potential.len() < 2 {
            r.missing(Place::Table(table), format!("The {name}'s table needs at least 2 rows with a potential and a current (it has {}).", potential.len()));
            return None;
        }
        let density = match e.column {
            CurrentColumn::Density => current,
            CurrentColumn::Current => {
                let area = area?;
                current.iter().map(|i| i / area).collect()
            }
        };
        let (curve, note) = match ascending(&potential, &density) {
            Ok(sorted) => sorted,
            Err(message) => {
                r.missing(Place::Table(table), format!("The {name}'s table: {message}"));
                return None;
            }
        };
        if let Some(note) = note {
            r.notes.push(format!("The {name}'s curve: {note}"));
        }
        Some(curve)
    }

    /// The current–time trace, if one was typed.
    fn trace(&self, r: &mut Reader) -> Option<TraceResult> {
        if !super::has_cells(&self.trace) {
            return None;
        }
        let (time, current) = read_pairs(&self.trace, Table::Trace, ["The time", "The current"], r)?;
        if time.len() < 2 {
            r.missing(Place::Table(Table::Trace), "The current–time trace needs at least 2 rows.".into());
            return None;
        }
        if let Some(row) = time.windows(2).position(|w| w[1] <= w[0]) {
            r.missing(Place::Table(Table::Trace), format!("The trace's times must rise from row to row: row {} does not.", row + 2));
            return None;
        }
        let seconds_ma = trapezoid(&time, &current)?;
        let charge_c = (seconds_ma * 1e-3).abs();
        Some(TraceResult { time_s: time, current_ma: current, charge_c })
    }

    /// The product made at the operating current, the Faradaic efficiency from a measured
    /// amount, and the light-to-chemical efficiency.
    fn products(&self, r: &mut Reader, out: &mut PecOutcome) {
        let z = self.product.electrons();
        let fe_pct = r.field(Field::Faradaic);
        if fe_pct.is_some_and(|f| f > 100.0) {
            r.missing(Place::Field(Field::Faradaic), "The Faradaic efficiency cannot be above 100 %.".into());
        }
        let minutes = r.field(Field::Duration);
        let start_mm = r.field(Field::StartConcentration);
        let volume_ml = r.field(Field::Volume);
        let power = r.field(Field::Power);
        let light_area = r.field(Field::LightArea);
        let gibbs_typed = r.field(Field::Gibbs).map(|g| g * 1e3);
        let e_ox = r.field(Field::OxidationPotential);
        let e_red = r.field(Field::ReductionPotential);
        // NADH from its absorbance, and the Faradaic efficiency of a measured amount.
        let absorbance = r.field(Field::Absorbance);
        let path = r.field(Field::Path);
        if let Some(a) = absorbance {
            match (path, volume_ml) {
                (Some(l), Some(v)) => out.nadh_umol = nadh_from_absorbance_mol(a, l, v).ok().map(|n| n * 1e6),
                _ => r.missing(Place::Field(Field::Volume), "NADH from its absorbance needs the path length and the solution volume.".into()),
            }
        }
        let measured = r.field(Field::Measured).map(|n| n * 1e-6).or(out.nadh_umol.map(|n| n * 1e-6));
        let typed_charge = r.field(Field::Charge);
        let charge = typed_charge.map(|q| (q, false)).or(out.trace.as_ref().map(|t| (t.charge_c, true)));
        if let (Some(n), Some((q, from_trace))) = (measured, charge) {
            match efficiency::faradaic_efficiency(z, n, q) {
                Ok(fe) => {
                    out.faradaic = Some((q, from_trace, n, fe));
                    if fe > 1.0 {
                        out.warnings.push(format!("The product measured needs {} C, more than the {} C passed: a Faradaic efficiency above 100 % means the amount, the charge or the electrons per product are wrong (or another route makes it).", crate::science::format::sig(z * FARADAY_C_PER_MOL * n, 3), crate::science::format::sig(q, 3)));
                    }
                }
                Err(e) => r.missing(Place::Field(Field::Measured), e.to_string()),
            }
        }
        let Some(point) = out.main_point().copied() else { return };
        let fe = fe_pct.unwrap_or(100.0) / 100.0;
        let Ok(rate) = efficiency::product_rate_mol_per_s(point.current_ma * 1e-3, fe, z) else { return };
        let mut p = ProductResult { rate_mol_per_s: rate, ..ProductResult::default() };
        if let Some(min) = minutes {
            let umol = rate * min * 60.0 * 1e6;
            p.after_umol = Some(umol);
            if let Some(v) = volume_ml {
                p.after_mm = Some(umol / v);
                if let Some(c) = start_mm {
                    let conversion = umol / (c * v);
                    p.conversion = Some(conversion.min(1.0));
                    if conversion > 1.0 {
                        out.warnings.push(format!("At this rate the {} would be used up before the run ends ({} % of it would be needed): the rate cannot last.", self.substrate(), crate::science::format::sig(conversion * 100.0, 3)));
                    }
                }
            }
        }
        p.gibbs_j_per_mol = gibbs_typed.or_else(|| e_ox.zip(e_red).map(|(ox, red)| efficiency::gibbs_from_potentials_j_per_mol(z, ox, red)));
        if let (Some(g), Some(pw), Some(a)) = (p.gibbs_j_per_mol, power, light_area) {
            p.light_to_chemical = efficiency::light_to_chemical(g, rate, pw, a).ok().filter(|v| v.is_finite());
            if g <= 0.0 {
                out.warnings.push("ΔG is not positive: the reaction runs downhill, and a light-to-chemical efficiency means nothing for it.".into());
            }
        }
        out.product = Some(p);
    }

    /// The name of what the product is made from.
    fn substrate(&self) -> &'static str {
        match self.product {
            super::PecProduct::Nadh | super::PecProduct::Lactate => "NAD⁺",
            _ => "starting substrate",
        }
    }

    /// The potential-scale tool.
    fn conversions(&self, r: &mut Reader, conditions: &Conditions, out: &mut PecOutcome) {
        let list = self.convert_list.trim();
        if list.is_empty() {
            return;
        }
        let Some(shift) = offset(self.convert_from, self.convert_to, conditions) else { return };
        for (k, item) in list.split(|c: char| c.is_whitespace() || c == ';').filter(|s| !s.is_empty()).enumerate().take(10_000) {
            match parse_number(item, NumberRule::Any, &format!("Potential {} in the list", k + 1)) {
                Ok(v) => out.conversions.push((v, v + shift)),
                Err(message) => {
                    r.missing(Place::Convert, message);
                    return;
                }
            }
        }
    }
}

/// Points of the copies of the curves the best split of the area is searched on.
const RATIO_POINTS: usize = 150;

/// The area split giving the most current. Without a series resistance it is found exactly
/// on the curves themselves, in one walk ([`operating::best_area_ratio`]). With one it is
/// searched for on copies of the curves resampled to [`RATIO_POINTS`] (the search solves the
/// pair some 180 times), then the current at that split solved on the curves themselves.
fn best_ratio(a: &CurveResult, c: &CurveResult, circuit: Circuit) -> Option<(f64, f64)> {
    if circuit.resistance_ohm == 0.0 {
        let (ratio, current) = operating::best_area_ratio(&a.electrode(), &c.electrode(), a.area_cm2 + c.area_cm2, circuit).ok()??;
        return (ratio.is_finite() && current.is_finite() && current > 0.0).then_some((ratio, current));
    }
    let coarse = |curve: &CurveResult| -> CurveResult {
        let (lo, hi) = (curve.potential_v[0], curve.potential_v[curve.potential_v.len() - 1]);
        let potential_v: Vec<f64> = (0..RATIO_POINTS).map(|k| lo + (hi - lo) * k as f64 / (RATIO_POINTS - 1) as f64).collect();
        let density = potential_v.iter().map(|&e| crate::science::numeric::interpolate(&curve.potential_v, &curve.density, e).unwrap_or(0.0)).collect();
        // Solved, never drawn.
        CurveResult::new(potential_v, density, curve.area_cm2, Vec::new())
    };
    let (coarse_a, coarse_c);
    let (ea, ec) = if a.potential_v.len() + c.potential_v.len() > 2 * RATIO_POINTS {
        (coarse_a, coarse_c) = (coarse(a), coarse(c));
        (coarse_a.electrode(), coarse_c.electrode())
    } else {
        (a.electrode(), c.electrode())
    };
    let total = a.area_cm2 + c.area_cm2;
    let (ratio, _) = operating::best_area_ratio(&ea, &ec, total, circuit).ok()??;
    let fraction = ratio / (1.0 + ratio);
    let anode = Electrode { area_cm2: total * fraction, ..a.electrode() };
    let cathode = Electrode { area_cm2: total * (1.0 - fraction), ..c.electrode() };
    let current = operating::operating_points(&anode, &cathode, circuit).ok()?.into_iter().map(|p| p.current_ma).fold(0.0, f64::max);
    (ratio.is_finite() && current.is_finite() && current > 0.0).then_some((ratio, current))
}

/// What to add to a potential on scale `from` to put it on scale `to` (V), or `None` when a
/// condition it needs is missing (said at that field).
fn offset(from: Scale, to: Scale, conditions: &Conditions) -> Option<f64> {
    let (f, _) = reference_v_vs_she(from, conditions).ok()?;
    let (t, _) = reference_v_vs_she(to, conditions).ok()?;
    let shift = f - t;
    shift.is_finite().then_some(shift)
}

/// Reads a two-column table of numbers: the rows with both cells read (blank rows skipped),
/// with a message at each cell that cannot be read; `None` when any cell is wrong.
fn read_pairs(rows: &[Vec<String>], table: Table, names: [&str; 2], r: &mut Reader) -> Option<(Vec<f64>, Vec<f64>)> {
    let convention = Convention::of_cells(rows.iter().enumerate().flat_map(|(i, row)| row.iter().map(move |c| (i + 1, c.as_str()))), false);
    let mut doubts = Doubts::default();
    let (mut x, mut y) = (Vec::with_capacity(rows.len()), Vec::with_capacity(rows.len()));
    let mut failed = 0;
    for (i, row) in rows.iter().enumerate() {
        let cells = [row.first().map_or("", String::as_str), row.get(1).map_or("", String::as_str)];
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut values = [0.0; 2];
        for (column, text) in cells.iter().enumerate() {
            let result = if text.trim().is_empty() {
                Err(format!("{} in row {} is empty.", names[column], i + 1))
            } else {
                parse_cell(text, &convention, NumberRule::Any, || format!("{} in row {}", names[column], i + 1)).map(|n| {
                    doubts.add(convention.ambiguity_note(text, i + 1, &n));
                    n.value
                })
            };
            match result {
                Ok(v) => values[column] = v,
                Err(message) => {
                    failed += 1;
                    // A long bad paste is said cell by cell up to a point, then counted.
                    if failed < MAX_MESSAGES {
                        r.problems.push(Problem { place: Place::Cell { table, row: i, column }, message });
                    }
                }
            }
        }
        x.push(values[0]);
        y.push(values[1]);
    }
    doubts.finish(&mut r.notes);
    if failed >= MAX_MESSAGES {
        r.problems.push(Problem { place: Place::Table(table), message: format!("{} more cells could not be read.", failed + 1 - MAX_MESSAGES) });
    }
    (failed == 0).then_some((x, y))
}

/// A sweep in ascending order of potential: a falling sweep is turned round, steps back
/// smaller than [`NOISE_V`] (noise on a measured potential) are sorted out and repeated
/// potentials averaged, each said in the note; a curve that turns back further holds more
/// than one sweep and is refused, naming the row.
#[allow(clippy::type_complexity)]
pub fn ascending(potential: &[f64], current: &[f64]) -> Result<((Vec<f64>, Vec<f64>), Option<String>), String> {
    let n = potential.len();
    let falling = potential[n - 1] < potential[0];
    let mut notes = Vec::new();
    // The largest step back against the sweep's direction, from the furthest point reached.
    let sign = if falling { -1.0 } else { 1.0 };
    let mut furthest = sign * potential[0];
    let mut out_of_order = 0;
    for (i, &v) in potential.iter().enumerate() {
        let s = sign * v;
        if s < furthest {
            if furthest - s > NOISE_V {
                return Err(format!(
                    "the potential turns back at row {} (from {} V to {} V): the table holds more than one sweep (a CV, or forward and reverse). Keep one sweep; a file's sweeps can be chosen one by one when it is opened.",
                    i + 1,
                    crate::science::format::sig(sign * furthest, 4),
                    crate::science::format::sig(v, 4)
                ));
            }
            out_of_order += 1;
        }
        furthest = furthest.max(s);
    }
    let mut pairs: Vec<(f64, f64)> = potential.iter().copied().zip(current.iter().copied()).collect();
    if falling {
        pairs.reverse();
        notes.push("the potentials fall from row to row, so the sweep was turned round".to_string());
    }
    if out_of_order > 0 {
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        notes.push(format!("{out_of_order} points stepped back by less than {} mV (noise on the measured potential) and were put in order", NOISE_V * 1e3));
    }
    // Repeated potentials: their currents averaged.
    let mut merged: Vec<(f64, f64, usize)> = Vec::with_capacity(pairs.len());
    let mut repeated = 0;
    for (v, j) in pairs {
        match merged.last_mut() {
            Some(last) if last.0 == v => {
                last.1 += j;
                last.2 += 1;
                repeated += 1;
            }
            _ => merged.push((v, j, 1)),
        }
    }
    if repeated > 0 {
        notes.push(format!("{repeated} repeated potentials had their currents averaged"));
    }
    if merged.len() < 2 {
        return Err("all its potentials are the same: a J–V curve needs a range of potentials.".into());
    }
    let curve = merged.into_iter().map(|(v, j, k)| (v, j / k as f64)).unzip();
    let note = (!notes.is_empty()).then(|| format!("{}.", notes.join("; ")));
    Ok((curve, note))
}
