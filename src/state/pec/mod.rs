//! The photoelectrochemistry calculator's state: two J–V curves (a photoanode and a
//! photocathode, each typed, pasted, imported from a potentiostat file or generated from a
//! photodiode model, with its area and reference scale), the circuit joining them, what the
//! operating current makes, a current–time trace, and the potential-scale tool; its evaluation
//! into operating points (`evaluate`), and its share-link form.

mod evaluate;
mod fields;
pub mod view;

use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::calculator::{Calculator, Info};
use super::choice::choices;
use super::codec::{decode_table_within, encode_text_table, read_flag, LinkError, MAX_FIELD_CHARS};
use super::table::{self, EditOutcome, TableEdit};
use crate::science::pec::import::Recording;
use crate::science::pec::scales::Scale;

pub use evaluate::{CurveResult, PecOutcome, Place, Problem, ProductResult, SideStage};
pub use fields::{ElectrodeField, Field, FieldSpec};

/// The calculator's entry in the site's list.
pub const INFO: Info = Info {
    slug: "pec",
    page: "pec.html",
    nav: "Photoelectrochemistry",
    title: "Photoelectrochemistry: potential scales and the bias-free operating point",
    summary: "Convert potentials between reference electrodes, import J–V curves from potentiostat files, and find where a photoanode and a photocathode run without bias.",
};

/// Most rows a curve or trace holds: two imported curves of 100,000 points each fit.
pub const MAX_ROWS: usize = 200_000;

/// A scale choice, named as links name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScaleChoice(pub Scale);

impl ScaleChoice {
    pub const ALL: [ScaleChoice; 14] = {
        let mut all = [ScaleChoice(Scale::She); 14];
        let mut i = 0;
        while i < 14 {
            all[i] = ScaleChoice(Scale::ALL[i]);
            i += 1;
        }
        all
    };
    pub fn slug(self) -> &'static str {
        self.0.slug()
    }
    pub fn label(self) -> &'static str {
        self.0.label()
    }
}

/// The two electrodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Anode,
    Cathode,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Anode, Side::Cathode];
    pub fn index(self) -> usize {
        self as usize
    }
    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Side::Anode => "photoanode",
            Side::Cathode => "photocathode",
        }
    }
    pub fn photoanode(self) -> bool {
        self == Side::Anode
    }
}

/// Where a curve comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CurveSource {
    /// A photodiode model with sliders (teaching, and the worked example).
    #[default]
    Model,
    /// A table of potential against current: typed, pasted or imported from a file.
    Table,
}

impl CurveSource {
    pub const ALL: [CurveSource; 2] = [CurveSource::Model, CurveSource::Table];
    pub fn slug(self) -> &'static str {
        match self {
            CurveSource::Model => "model",
            CurveSource::Table => "table",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            CurveSource::Model => "a photodiode model",
            CurveSource::Table => "measured data (type, paste or open a file)",
        }
    }
}

/// What a curve table's second column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CurrentColumn {
    /// Current density, mA cm⁻².
    #[default]
    Density,
    /// Current, mA (divided by the area).
    Current,
}

impl CurrentColumn {
    pub const ALL: [CurrentColumn; 2] = [CurrentColumn::Density, CurrentColumn::Current];
    pub fn slug(self) -> &'static str {
        match self {
            CurrentColumn::Density => "j",
            CurrentColumn::Current => "i",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            CurrentColumn::Density => "current density (mA cm⁻²)",
            CurrentColumn::Current => "current (mA)",
        }
    }
}

/// How an onset potential is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OnsetRule {
    /// Where |J| first reaches a threshold.
    #[default]
    Threshold,
    /// Where the tangent at the steepest rise crosses J = 0.
    Tangent,
}

impl OnsetRule {
    pub const ALL: [OnsetRule; 2] = [OnsetRule::Threshold, OnsetRule::Tangent];
    pub fn slug(self) -> &'static str {
        match self {
            OnsetRule::Threshold => "threshold",
            OnsetRule::Tangent => "tangent",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            OnsetRule::Threshold => "a current-density threshold",
            OnsetRule::Tangent => "the tangent at the steepest rise",
        }
    }
}

/// The product the operating current makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PecProduct {
    /// NADH from NAD⁺ at the cathode (seed 002).
    #[default]
    Nadh,
    /// L-lactate from pyruvate by L-LDH with the NADH made (seed 002), one per NADH.
    Lactate,
    H2,
    /// O₂ at the anode (4 e⁻).
    O2,
}

impl PecProduct {
    pub const ALL: [PecProduct; 4] = [PecProduct::Nadh, PecProduct::Lactate, PecProduct::H2, PecProduct::O2];
    pub fn slug(self) -> &'static str {
        match self {
            PecProduct::Nadh => "nadh",
            PecProduct::Lactate => "lactate",
            PecProduct::H2 => "h2",
            PecProduct::O2 => "o2",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            PecProduct::Nadh => "NADH (2 e⁻)",
            PecProduct::Lactate => "L-lactate via NADH (2 e⁻)",
            PecProduct::H2 => "H₂ (2 e⁻)",
            PecProduct::O2 => "O₂ (4 e⁻)",
        }
    }
    /// Its name in results.
    pub fn name(self) -> &'static str {
        match self {
            PecProduct::Nadh => "NADH",
            PecProduct::Lactate => "L-lactate",
            PecProduct::H2 => "H₂",
            PecProduct::O2 => "O₂",
        }
    }
    /// Electrons per molecule.
    pub fn electrons(self) -> f64 {
        match self {
            PecProduct::O2 => 4.0,
            _ => 2.0,
        }
    }
}

choices!(ScaleChoice, CurveSource, CurrentColumn, OnsetRule, PecProduct);

/// One electrode: where its curve comes from, the curve's table, the model's numbers, its area
/// and scale.
#[derive(Debug, Clone)]
pub struct ElectrodeState {
    pub source: CurveSource,
    /// What the table's second column holds.
    pub column: CurrentColumn,
    /// The scale the curve's potentials were measured against.
    pub scale: Scale,
    /// Use the light envelope of a chopped-light curve.
    pub chopped: bool,
    /// Rows of (potential V, current density or current), shared: a state is copied for undo
    /// and for each evaluation's key, and a 100,000-row curve is copied only when edited.
    pub rows: Arc<Vec<Vec<String>>>,
    /// The typed numbers, in [`ElectrodeField::ALL`] order.
    pub texts: Vec<String>,
    /// Where an imported curve came from ("lsv.mpt, cycle 2"), shown beside it.
    pub origin: String,
    /// The numbers of an imported table, kept with the rows they belong to (see [`ReadRows`]).
    read: Option<ReadRows>,
    /// The rows' link text, written once per version of the rows and shared by the copies of
    /// the state (undo, saved work): the saved work of a 100,000-row curve is not deflated
    /// again each time typing elsewhere pauses.
    link: Arc<OnceLock<RowsLink>>,
}

/// The numbers of a table a file was put into: each cell is the shortest text that reads back
/// as its number (Rust's `{}` of an `f64`), so these are exactly what reading the cells would
/// give, and a 100,000-row file is not read a second time from its own text. They hold a share
/// of the rows they came from and are used only while the table is those rows; an edit drops
/// them.
#[derive(Debug, Clone)]
struct ReadRows {
    rows: Arc<Vec<Vec<String>>>,
    numbers: Arc<(Vec<f64>, Vec<f64>)>,
}

/// Rows and their link text.
type RowsLink = (Arc<Vec<Vec<String>>>, String);

impl PartialEq for ElectrodeState {
    /// Equal when everything typed is: the kept numbers are a cache of the rows.
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
            && self.column == other.column
            && self.scale == other.scale
            && self.chopped == other.chopped
            && self.rows == other.rows
            && self.texts == other.texts
            && self.origin == other.origin
    }
}

impl ElectrodeState {
    fn new(side: Side) -> Self {
        let mut texts = vec![String::new(); ElectrodeField::ALL.len()];
        let defaults = match side {
            Side::Anode => ["1", "0.6", "-0.45", "2", "1500", ""],
            Side::Cathode => ["1", "0.4", "0.03", "2", "1500", ""],
        };
        for (text, default) in texts.iter_mut().zip(defaults) {
            *text = default.to_string();
        }
        ElectrodeState {
            source: CurveSource::Model,
            column: CurrentColumn::Density,
            scale: Scale::AgAgClSaturatedKcl,
            chopped: false,
            rows: Arc::new(vec![vec![String::new(); CURVE_COLUMNS]; 3]),
            texts,
            origin: String::new(),
            read: None,
            link: Arc::default(),
        }
    }

    /// The rows as link text (a deflated text table), from the copy kept for these rows if
    /// there is one.
    fn rows_link(&self) -> String {
        if let Some((rows, text)) = self.link.get() {
            if Arc::ptr_eq(rows, &self.rows) {
                return text.clone();
            }
        }
        let text = encode_text_table(&self.rows);
        let _ = self.link.set((self.rows.clone(), text.clone()));
        text
    }

    /// The numbers of the table's rows, if a file put them there and they are unchanged since.
    pub fn kept_numbers(&self) -> Option<&(Vec<f64>, Vec<f64>)> {
        self.read.as_ref().filter(|r| Arc::ptr_eq(&r.rows, &self.rows)).map(|r| &*r.numbers)
    }

    /// Replaces the rows (from a link or a test): any kept numbers go.
    pub fn set_rows(&mut self, rows: Vec<Vec<String>>) {
        self.forget_kept();
        self.rows = Arc::new(rows);
    }

    /// Drops the numbers and the link text kept for the rows, before the rows change.
    fn forget_kept(&mut self) {
        self.read = None;
        self.link = Arc::default();
    }

    pub fn text(&self, field: ElectrodeField) -> &str {
        &self.texts[field as usize]
    }
}

/// A curve table's columns: potential, current (density).
pub const CURVE_COLUMNS: usize = 2;
/// The trace's columns: time (s), current (mA).
pub const TRACE_COLUMNS: usize = 2;

/// Which table an edit or a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    Curve(Side),
    Trace,
}

/// Everything typed into the photoelectrochemistry page.
#[derive(Debug, Clone, PartialEq)]
pub struct PecState {
    pub electrodes: [ElectrodeState; 2],
    /// The scale both curves are converted to, and results are given on.
    pub scale: Scale,
    pub onset: OnsetRule,
    pub product: PecProduct,
    /// The typed numbers, in [`Field::ALL`] order.
    pub texts: Vec<String>,
    /// A current–time trace under illumination: (s, mA).
    pub trace: Vec<Vec<String>>,
    /// The potential-scale tool: potentials to convert, one per line or separated by spaces.
    pub convert_list: String,
    pub convert_from: Scale,
    pub convert_to: Scale,
}

impl Default for PecState {
    fn default() -> Self {
        let mut state = PecState {
            electrodes: [ElectrodeState::new(Side::Anode), ElectrodeState::new(Side::Cathode)],
            scale: Scale::AgAgClSaturatedKcl,
            onset: OnsetRule::Threshold,
            product: PecProduct::Nadh,
            texts: vec![String::new(); Field::ALL.len()],
            trace: vec![vec![String::new(); TRACE_COLUMNS]; 3],
            convert_list: String::new(),
            convert_from: Scale::AgAgClSaturatedKcl,
            convert_to: Scale::Rhe,
        };
        for field in Field::ALL {
            state.set(field, field.spec().default);
        }
        state
    }
}

impl PecState {
    pub fn text(&self, field: Field) -> &str {
        &self.texts[field as usize]
    }

    pub fn set(&mut self, field: Field, text: &str) {
        self.texts[field as usize] = text.to_string();
    }

    pub fn electrode(&self, side: Side) -> &ElectrodeState {
        &self.electrodes[side.index()]
    }

    pub fn electrode_mut(&mut self, side: Side) -> &mut ElectrodeState {
        &mut self.electrodes[side.index()]
    }

    pub fn set_electrode(&mut self, side: Side, field: ElectrodeField, text: &str) {
        self.electrode_mut(side).texts[field as usize] = text.to_string();
    }

    /// A table's rows.
    pub fn rows(&self, which: Table) -> &Vec<Vec<String>> {
        match which {
            Table::Curve(side) => &self.electrode(side).rows,
            Table::Trace => &self.trace,
        }
    }

    /// A table's column headers, with units.
    pub fn headers(&self, which: Table) -> Vec<String> {
        match which {
            Table::Curve(side) => {
                let e = self.electrode(side);
                let current = match e.column {
                    CurrentColumn::Density => "J (mA cm⁻²)",
                    CurrentColumn::Current => "I (mA)",
                };
                vec![format!("E (V vs {})", e.scale.label()), format!("{current}, anodic +")]
            }
            Table::Trace => vec!["Time (s)".into(), "I (mA), anodic +".into()],
        }
    }

    /// Rows `from..to` of a table, for the page's table window.
    pub fn table_rows(&self, which: Table, from: usize, to: usize) -> Vec<Vec<String>> {
        table::window(self.rows(which), from, to)
    }

    /// Applies an edit to a table.
    pub fn edit(&mut self, which: Table, edit: TableEdit) -> EditOutcome {
        let rows = match which {
            Table::Curve(side) => {
                // A refused edit (a paste longer than the table holds) changes nothing, not
                // even where the curve came from.
                if let Some(refused) = table::refusal(self.electrode(side).rows.len(), MAX_ROWS, &edit) {
                    return refused;
                }
                let e = self.electrode_mut(side);
                e.source = CurveSource::Table;
                e.origin.clear();
                e.forget_kept();
                Arc::make_mut(&mut e.rows)
            }
            Table::Trace => &mut self.trace,
        };
        table::apply(rows, CURVE_COLUMNS, MAX_ROWS, edit)
    }

    /// Puts one sweep of an imported recording into a side's table, with the file's
    /// reference electrode where it names one the page knows, or a current–time recording into
    /// the trace. Returns what the page says about it.
    pub fn import(&mut self, target: Table, recording: &Recording, choice: &ImportChoice, file: &str) -> Vec<String> {
        let mut said = Vec::new();
        let Some(curve) = recording.curves.get(choice.curve) else {
            return vec![format!("{file} holds no curve {}.", choice.curve + 1)];
        };
        let (from, to) = (choice.from.min(curve.current_a.len()), choice.to.min(curve.current_a.len()).min(curve.potential_v.len()));
        let from = from.min(to);
        let name = if recording.curves.len() > 1 || choice.sweeps > 1 { format!("{file}, {}", choice.label) } else { file.to_string() };
        let cell = |v: f64| if v.is_finite() { format!("{v}") } else { String::new() };
        let Table::Curve(side) = target else {
            let Some(times) = &curve.time_s else {
                return vec![format!("{name} records no time: it cannot be a current–time trace. Open it as a J–V curve.")];
            };
            let to = to.min(times.len());
            let step = thinning(from, to);
            self.trace = times[from..to].iter().zip(&curve.current_a[from..to]).step_by(step).map(|(t, i)| vec![cell(*t), cell(i * 1e3)]).collect();
            said.extend(thinned(&name, to - from, step, self.trace.len()));
            said.push(format!("{name}: {} points of current against time (s, mA) in the trace.", self.trace.len()));
            said.extend(recording.warnings.iter().cloned());
            return said;
        };
        if recording.kind == crate::science::pec::import::Kind::Chronoamperometry {
            said.push(format!("{name} is a current–time recording: its potential hardly moves, so it makes no J–V curve. Open it under the current–time trace."));
            return said;
        }
        let reference = recording.reference.as_deref();
        let e = self.electrode_mut(side);
        e.source = CurveSource::Table;
        e.column = CurrentColumn::Current;
        let step = thinning(from, to);
        let (potential, current_ma): (Vec<f64>, Vec<f64>) = curve.potential_v[from..to].iter().zip(&curve.current_a[from..to]).step_by(step).map(|(v, i)| (*v, i * 1e3)).unzip();
        e.set_rows(potential.iter().zip(&current_ma).map(|(v, i)| vec![cell(*v), cell(*i)]).collect());
        // Cells of non-finite values are empty, and say so when read: only whole curves are kept.
        let finite = potential.iter().chain(&current_ma).all(|v| v.is_finite());
        e.read = finite.then(|| ReadRows { rows: e.rows.clone(), numbers: Arc::new((potential, current_ma)) });
        said.extend(thinned(&name, to - from, step, e.rows.len()));
        said.push(format!(
            "{name}: {} points; potential from \u{201c}{}\u{201d}, current from \u{201c}{}\u{201d}, read in A and shown in mA (anodic positive), divided by the area for the current density.",
            e.rows.len(),
            recording.potential_column,
            recording.current_column
        ));
        e.origin = name;
        match (reference, reference.and_then(scale_of_reference)) {
            (Some(reference), Some((scale, note))) => {
                e.scale = scale;
                said.push(format!("The file names its reference \u{201c}{reference}\u{201d}: the curve's scale was set to {}.{note}", scale.label()));
            }
            (Some(reference), None) => said.push(format!("The file names its reference \u{201c}{reference}\u{201d}, which is none of the scales listed: choose the curve's scale.")),
            (None, _) => said.push(format!("The file does not name its reference electrode: the curve is taken as measured against {}; change it if not.", e.scale.label())),
        }
        said.extend(recording.warnings.iter().cloned());
        said
    }
}

/// The step that thins points `from..to` of a curve to at most [`MAX_ROWS`] evenly spread
/// ones: a long recording keeps its whole range, not only its start.
fn thinning(from: usize, to: usize) -> usize {
    to.saturating_sub(from).div_ceil(MAX_ROWS).max(1)
}

/// What the page says when a curve of `points` was thinned by `step` to `kept` points.
fn thinned(name: &str, points: usize, step: usize, kept: usize) -> Option<String> {
    (step > 1).then(|| format!("{name} has {points} points, more than the {MAX_ROWS} a table holds: one point in every {step} was kept ({kept} points, over the whole recording)."))
}

/// One sweep of one curve of a recording, offered for import.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportChoice {
    pub curve: usize,
    /// Its points, `from..to` of the curve.
    pub from: usize,
    pub to: usize,
    /// How many sweeps its curve holds.
    pub sweeps: usize,
    /// "CURVE2, sweep 1: 0.79 → 0.16 V (140 points)".
    pub label: String,
}

/// Every sweep of every curve in a recording: a curve that turns back (a CV) is split where its
/// potential reverses by more than noise, so that each choice is one J–V sweep.
pub fn import_choices(recording: &Recording) -> Vec<ImportChoice> {
    let mut out = Vec::new();
    for (k, curve) in recording.curves.iter().enumerate() {
        let n = curve.potential_v.len().min(curve.current_a.len());
        let bounds = if recording.kind == crate::science::pec::import::Kind::Chronoamperometry { vec![0, n] } else { sweep_bounds(&curve.potential_v[..n]) };
        let sweeps = bounds.len().saturating_sub(1);
        for (s, w) in bounds.windows(2).enumerate() {
            let (from, to) = (w[0], w[1]);
            let span = match (curve.potential_v.get(from), curve.potential_v.get(to.saturating_sub(1))) {
                (Some(a), Some(b)) if recording.kind != crate::science::pec::import::Kind::Chronoamperometry => format!(": {} → {} V", crate::science::format::sig(*a, 3), crate::science::format::sig(*b, 3)),
                _ => String::new(),
            };
            let sweep = if sweeps > 1 { format!(", sweep {}", s + 1) } else { String::new() };
            out.push(ImportChoice { curve: k, from, to, sweeps, label: format!("{}{sweep}{span} ({} points)", curve.label, to - from) });
        }
    }
    out
}

/// Where a sweep turns: the indices that start each sweep, and the end. A turn is the furthest
/// point before the potential has come back by more than 5 mV (noise on a measured potential
/// is not a turn).
fn sweep_bounds(potential: &[f64]) -> Vec<usize> {
    const TURN_V: f64 = 0.005;
    let mut bounds = vec![0];
    let mut direction = 0.0;
    let mut extreme = 0;
    for i in 1..potential.len() {
        let v = potential[i];
        if !v.is_finite() {
            continue;
        }
        if direction == 0.0 {
            if (v - potential[bounds[bounds.len() - 1]]).abs() > TURN_V {
                direction = (v - potential[bounds[bounds.len() - 1]]).signum();
                extreme = i;
            }
            continue;
        }
        if direction * (v - potential[extreme]) > 0.0 {
            extreme = i;
        } else if direction * (potential[extreme] - v) > TURN_V {
            // The sweep turned at `extreme`: the next starts there.
            if extreme > bounds[bounds.len() - 1] + 1 {
                bounds.push(extreme);
            }
            direction = -direction;
            extreme = i;
        }
    }
    bounds.push(potential.len());
    bounds.dedup();
    bounds
}

/// The scale a file's reference electrode names, and what was assumed to pick it.
pub fn scale_of_reference(reference: &str) -> Option<(Scale, &'static str)> {
    // ASCII lower case: the names matched are ASCII, and `str::to_lowercase` brings Unicode's case tables.
    let r: String = reference.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_lowercase()).collect();
    let has = |s: &str| r.contains(s);
    if has("ag/agcl") || has("agcl") {
        return Some(if has("3.5m") {
            (Scale::AgAgCl3_5MKcl, "")
        } else if has("3mnacl") {
            (Scale::AgAgCl3MNaCl, "")
        } else if has("3m") {
            (Scale::AgAgCl3MKcl, "")
        } else if has("1m") {
            (Scale::AgAgCl1MKcl, "")
        } else if has("sat") {
            (Scale::AgAgClSaturatedKcl, "")
        } else {
            (Scale::AgAgClSaturatedKcl, " The file does not say the filling: saturated KCl was assumed; pick the filling if yours differs (3 M KCl is 13 mV higher).")
        });
    }
    if has("sce") || has("calomel") {
        return Some((Scale::Sce, ""));
    }
    if has("hg/hgo") || has("hgo") {
        return Some(if has("koh") {
            (Scale::HgHgO1MKOH, "")
        } else if has("0.1m") {
            (Scale::HgHgO01MNaOH, "")
        } else {
            (Scale::HgHgO1MNaOH, if has("1m") { "" } else { " The file does not say the filling: 1 M NaOH was assumed." })
        });
    }
    if has("hg2so4") || has("mse") || has("sulfate") || has("sulphate") {
        return Some((Scale::HgHg2SO4, ""));
    }
    if has("rhe") {
        return Some((Scale::Rhe, ""));
    }
    if has("she") || has("nhe") {
        return Some((Scale::She, ""));
    }
    if has("fc") || has("ferroc") {
        return Some((Scale::Ferrocene, ""));
    }
    None
}

/// The link keys of each side: (prefix, source, column, scale, chopped, curve, origin).
const SIDE_KEYS: [[&str; 6]; 2] = [["a_src", "a_col", "a_scale", "a_chop", "a_curve", "a_from"], ["c_src", "c_col", "c_scale", "c_chop", "c_curve", "c_from"]];

impl Calculator for PecState {
    const INFO: &'static Info = &INFO;

    fn from_pairs(pairs: &[(String, String)]) -> Result<Self, LinkError> {
        use crate::state::choice::Choice;
        let mut state = PecState::default();
        let bad = |key: &str, value: &str| LinkError::BadValue { key: key.to_string(), value: value.chars().take(40).collect() };
        let (mut scale_named, mut source_named) = (false, [false; 2]);
        for (key, value) in pairs {
            let short = || -> Result<String, LinkError> {
                if value.chars().count() > MAX_FIELD_CHARS {
                    Err(LinkError::FieldTooLong(key.clone()))
                } else {
                    Ok(value.clone())
                }
            };
            macro_rules! pick {
                ($ty:ty) => {
                    <$ty>::from_slug(value).ok_or_else(|| bad(key, value))?
                };
            }
            match key.as_str() {
                "scale" => {
                    state.scale = pick!(ScaleChoice).0;
                    scale_named = true;
                }
                "onset" => state.onset = pick!(OnsetRule),
                "product" => state.product = pick!(PecProduct),
                "trace" => state.trace = decode_table_within(value, TRACE_COLUMNS, MAX_ROWS)?,
                "conv" => {
                    if value.chars().count() > 4000 {
                        return Err(LinkError::FieldTooLong(key.clone()));
                    }
                    state.convert_list = value.clone();
                }
                "conv_from" => state.convert_from = pick!(ScaleChoice).0,
                "conv_to" => state.convert_to = pick!(ScaleChoice).0,
                other => {
                    if let Some(field) = Field::from_key(other) {
                        state.set(field, &short()?);
                    } else if let Some((side, field)) = ElectrodeField::from_key(other) {
                        state.set_electrode(side, field, &short()?);
                    } else if let Some((side, k)) = Side::BOTH.iter().find_map(|&s| SIDE_KEYS[s.index()].iter().position(|&k| k == other).map(|k| (s, k))) {
                        let e = &mut state.electrodes[side.index()];
                        match k {
                            0 => {
                                e.source = pick!(CurveSource);
                                source_named[side.index()] = true;
                            }
                            1 => e.column = pick!(CurrentColumn),
                            2 => e.scale = pick!(ScaleChoice).0,
                            3 => e.chopped = read_flag(value).ok_or_else(|| bad(key, value))?,
                            4 => e.set_rows(decode_table_within(value, CURVE_COLUMNS, MAX_ROWS)?),
                            _ => {
                                if value.chars().count() > 200 {
                                    return Err(LinkError::FieldTooLong(key.clone()));
                                }
                                e.origin = value.clone();
                            }
                        }
                    }
                }
            }
        }
        // A state file with a curve and no source means the curve.
        for side in Side::BOTH {
            let e = &mut state.electrodes[side.index()];
            if !source_named[side.index()] && e.rows.iter().any(|r| r.iter().any(|c| !c.trim().is_empty())) {
                e.source = CurveSource::Table;
            }
        }
        // Without a scale of its own, results are on the photoanode's scale.
        if !scale_named {
            state.scale = state.electrodes[0].scale;
        }
        Ok(state)
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let default = PecState::default();
        let mut pairs: Vec<(&'static str, String)> = vec![("scale", self.scale.slug().to_string())];
        if self.onset != default.onset {
            pairs.push(("onset", self.onset.slug().into()));
        }
        if self.product != default.product {
            pairs.push(("product", self.product.slug().into()));
        }
        for side in Side::BOTH {
            let e = self.electrode(side);
            let keys = SIDE_KEYS[side.index()];
            pairs.push((keys[0], e.source.slug().into()));
            if e.column != CurrentColumn::Density {
                pairs.push((keys[1], e.column.slug().into()));
            }
            pairs.push((keys[2], e.scale.slug().into()));
            if e.chopped {
                pairs.push((keys[3], "1".into()));
            }
            for field in ElectrodeField::ALL {
                let text = e.text(field);
                // The model's numbers only matter for a model curve; the area always. A field
                // emptied where the page has a default is written empty, or it would reopen
                // with the default.
                let kept = !text.is_empty() || !default.electrode(side).text(field).is_empty();
                if (e.source == CurveSource::Model || field == ElectrodeField::Area) && kept {
                    pairs.push((field.spec(side).key, text.to_string()));
                }
            }
            if e.source == CurveSource::Table && has_cells(&e.rows) {
                pairs.push((keys[4], e.rows_link()));
                if !e.origin.is_empty() {
                    pairs.push((keys[5], e.origin.clone()));
                }
            }
        }
        for field in Field::ALL {
            let text = self.text(field);
            if !text.is_empty() || !field.spec().default.is_empty() {
                pairs.push((field.spec().key, text.to_string()));
            }
        }
        if has_cells(&self.trace) {
            pairs.push(("trace", encode_text_table(&self.trace)));
        }
        if !self.convert_list.trim().is_empty() {
            pairs.push(("conv", self.convert_list.clone()));
        }
        if self.convert_from != default.convert_from {
            pairs.push(("conv_from", self.convert_from.slug().into()));
        }
        if self.convert_to != default.convert_to {
            pairs.push(("conv_to", self.convert_to.slug().into()));
        }
        pairs
    }

    fn example() -> Self {
        example()
    }

    fn report(&self) -> Result<Value, String> {
        view::report(self)
    }

    fn pairs_from_json(key: &str, value: &Value) -> Option<Result<Vec<(String, String)>, String>> {
        let table = |rows: &Value, name: &str| -> Result<String, String> {
            let rows = rows.as_array().ok_or_else(|| format!("{name} must be a list of [E_V, j] pairs"))?;
            let mut cells = Vec::with_capacity(rows.len());
            for row in rows {
                let row = row.as_array().ok_or_else(|| format!("each point of {name} must be a list [E_V, j]"))?;
                let mut texts: Vec<String> = row.iter().map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_string)).collect();
                if texts.len() > CURVE_COLUMNS {
                    return Err(format!("a point of {name} has {} values; it takes two", texts.len()));
                }
                texts.resize(CURVE_COLUMNS, String::new());
                cells.push(texts);
            }
            Ok(encode_text_table(&cells))
        };
        let side = match key {
            "anode" => Side::Anode,
            "cathode" => Side::Cathode,
            "a_curve" | "c_curve" | "trace" => return Some(table(value, key).map(|t| vec![(key.to_string(), t)])),
            _ => return None,
        };
        let Some(object) = value.as_object() else {
            return Some(Err(format!("{key} must be an object such as {{\"curve\": [[-0.5, 0.1], …], \"area_cm2\": 1, \"scale\": \"AgAgCl-satKCl\"}}")));
        };
        let keys = SIDE_KEYS[side.index()];
        let mut pairs = Vec::new();
        for (name, v) in object {
            let text = || match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(format!("{key}.{name} must be a number or a string")),
            };
            let pair = match name.as_str() {
                "curve" => table(v, &format!("{key}.curve")).map(|t| (keys[4].to_string(), t)),
                "area_cm2" => text().map(|t| (ElectrodeField::Area.spec(side).key.to_string(), t)),
                "scale" => text().map(|t| (keys[2].to_string(), t)),
                "current" => text().map(|t| (keys[1].to_string(), t)),
                other => match ElectrodeField::ALL.iter().find(|f| f.json_name() == other) {
                    Some(f) => text().map(|t| (f.spec(side).key.to_string(), t)),
                    None => Err(format!("{key} has no setting \u{201c}{other}\u{201d} (it takes curve, area_cm2, scale, current, and the model's photocurrent_mA_per_cm2, onset_V, ideality, Rs_ohm_cm2, Rsh_ohm_cm2)")),
                },
            };
            match pair {
                Ok(p) => pairs.push(p),
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(pairs))
    }
}

/// Whether a table has anything typed.
fn has_cells(rows: &[Vec<String>]) -> bool {
    rows.iter().any(|r| r.iter().any(|c| !c.trim().is_empty()))
}

/// Seed 002's situation: a CoOx/TaON photoanode (onset −0.45 V vs Ag/AgCl) wired to a
/// CdS/CuInS₂ photocathode (onset +0.03 V), both modelled as photodiodes (photocurrents 0.6
/// and 0.4 mA cm⁻², n = 2, R_s = 1500 Ω cm²), so that they run without bias at
/// −0.147 mA cm⁻² (the seed: about −0.15); NADH made at 100 % Faradaic efficiency for
/// 120 min from 2.0 mM NAD⁺ in 3 mL, under 680 mW cm⁻², with ΔG from E°′(O₂/H₂O) = +0.82 V
/// and E°′(NAD⁺/NADH) = −0.32 V at pH 7.
pub fn example() -> PecState {
    let mut state = PecState::default();
    for (field, text) in [
        (Field::Ph, "7"),
        (Field::Faradaic, "100"),
        (Field::Duration, "120"),
        (Field::StartConcentration, "2.0"),
        (Field::Volume, "3"),
        (Field::Power, "680"),
        (Field::LightArea, "1"),
        (Field::OxidationPotential, "0.82"),
        (Field::ReductionPotential, "-0.32"),
        (Field::TargetCurrent, "0.3"),
        (Field::Threshold, "0.001"),
    ] {
        state.set(field, text);
    }
    state.convert_list = "-0.45\n0.03\n-0.2".into();
    state
}

#[cfg(test)]
mod tests;
