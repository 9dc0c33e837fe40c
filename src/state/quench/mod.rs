//! The quenching and binding calculator's state: a data table of typed cells, the settings
//! as typed, their parsing into numbers with a message per cell, and the share-link form.

pub mod view;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::calculator::{Calculator, Info};

use super::codec::{decode_text_table, encode_text_table, LinkError, MAX_FIELD_CHARS};
use super::number::{parse_cell, parse_number, NumberRule};
use crate::science::read::{Convention, Doubts};
use super::table::{self, EditOutcome, TableEdit};
use crate::science::read::Header;
use crate::science::fit::{self, FitError, FitReport, FitSettings};
use crate::science::quench::{self, Analysis, ModelKind, Observations};

/// Most rows a table may hold: a paste beyond it is refused with a message, and nothing in
/// the table is lost.
pub const MAX_ROWS: usize = 20_000;

/// The columns of the data table, in order.
pub const COLUMNS: usize = 4;

/// How the quencher amount is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum QuencherUnit {
    Molar,
    Millimolar,
    #[default]
    Micromolar,
    Nanomolar,
    /// Quencher (catalyst) molecules per quantum dot: [Q] = ratio × [QD].
    PerDot,
}

impl QuencherUnit {
    pub const ALL: [QuencherUnit; 5] = [
        QuencherUnit::Molar,
        QuencherUnit::Millimolar,
        QuencherUnit::Micromolar,
        QuencherUnit::Nanomolar,
        QuencherUnit::PerDot,
    ];
    /// ASCII form used in links.
    pub fn slug(self) -> &'static str {
        match self {
            QuencherUnit::Molar => "M",
            QuencherUnit::Millimolar => "mM",
            QuencherUnit::Micromolar => "uM",
            QuencherUnit::Nanomolar => "nM",
            QuencherUnit::PerDot => "per-dot",
        }
    }
    /// Display label.
    pub fn label(self) -> &'static str {
        match self {
            QuencherUnit::Molar => "M",
            QuencherUnit::Millimolar => "mM",
            QuencherUnit::Micromolar => "µM",
            QuencherUnit::Nanomolar => "nM",
            QuencherUnit::PerDot => "per QD",
        }
    }
    pub fn from_slug(slug: &str) -> Option<Self> {
        let slug = slug.trim().replace('µ', "u");
        Self::ALL.into_iter().find(|u| u.slug() == slug)
    }
    /// The unit a table header names: `mM`, `µM` (either µ), `umol/L`, `mol L-1`, `per QD` ….
    pub fn from_unit_text(text: &str) -> Option<Self> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).map(|c| if c == 'µ' || c == 'μ' { 'u' } else { c }).collect();
        // The prefix, then mol/L written any common way (suffix comparisons only: a text search
        // would bring a substring searcher into the page for five spellings).
        let prefix = ["mol/L", "mol/l", "molL-1", "molL⁻¹", "mol/dm3", "M"].iter().find_map(|unit| compact.strip_suffix(unit));
        match prefix {
            Some("") => Some(QuencherUnit::Molar),
            Some("m") => Some(QuencherUnit::Millimolar),
            Some("u") => Some(QuencherUnit::Micromolar),
            Some("n") => Some(QuencherUnit::Nanomolar),
            _ if compact.eq_ignore_ascii_case("perQD") || compact.eq_ignore_ascii_case("perdot") || compact.eq_ignore_ascii_case("Q/QD") => {
                Some(QuencherUnit::PerDot)
            }
            _ => None,
        }
    }
    /// Mol/L per unit; `None` for the per-dot ratio, which needs the dot concentration.
    pub fn molar_per_unit(self) -> Option<f64> {
        match self {
            QuencherUnit::Molar => Some(1.0),
            QuencherUnit::Millimolar => Some(1e-3),
            QuencherUnit::Micromolar => Some(1e-6),
            QuencherUnit::Nanomolar => Some(1e-9),
            QuencherUnit::PerDot => None,
        }
    }
}

/// What the second column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Observable {
    /// Emission intensity I (any unit); I₀ is the row with no quencher, or typed.
    #[default]
    Intensity,
    /// The ratio I₀/I, already computed.
    IntensityRatio,
    /// Excited-state lifetime τ (ns); τ₀ is the row with no quencher, or typed.
    Lifetime,
}

impl Observable {
    pub const ALL: [Observable; 3] = [Observable::Intensity, Observable::IntensityRatio, Observable::Lifetime];
    pub fn slug(self) -> &'static str {
        match self {
            Observable::Intensity => "I",
            Observable::IntensityRatio => "I0/I",
            Observable::Lifetime => "tau",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Observable::Intensity => "intensity I",
            Observable::IntensityRatio => "ratio I₀/I",
            Observable::Lifetime => "lifetime τ (ns)",
        }
    }
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.slug() == slug.trim())
    }
    /// The quantity a table header names: `I0/I` (or `I₀/I`), `τ`/`tau`/`lifetime`, `I`/`intensity`.
    pub fn from_header(name: &str) -> Option<Self> {
        // ASCII lower case: `str::to_lowercase` would bring Unicode's case tables (about 10 kB)
        // into the page, for a header that is `I`, `I0/I`, `τ` or `tau`.
        let compact: String = name.chars().filter(|c| !c.is_whitespace()).map(|c| if c == '₀' { '0' } else { c.to_ascii_lowercase() }).collect();
        match compact.as_str() {
            "i0/i" | "f0/f" => Some(Observable::IntensityRatio),
            "τ" | "tau" | "lifetime" => Some(Observable::Lifetime),
            "i" | "f" | "intensity" | "pl" | "emission" => Some(Observable::Intensity),
            _ => None,
        }
    }
}

/// One row of the table, as typed: quencher amount, the observable, its uncertainty
/// (optional) and a lifetime (optional; with intensities it separates static from dynamic
/// quenching).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Row {
    pub quencher: String,
    pub value: String,
    pub sigma: String,
    pub lifetime_ns: String,
}

impl Row {
    pub fn new(quencher: &str, value: &str) -> Self {
        Row { quencher: quencher.into(), value: value.into(), ..Row::default() }
    }
    fn cells(&self) -> Vec<String> {
        vec![self.quencher.clone(), self.value.clone(), self.sigma.clone(), self.lifetime_ns.clone()]
    }
    fn from_cells(mut cells: Vec<String>) -> Self {
        cells.resize(COLUMNS, String::new());
        let mut cells = cells.into_iter();
        let mut next = || cells.next().unwrap_or_default();
        Row { quencher: next(), value: next(), sigma: next(), lifetime_ns: next() }
    }
    fn cell_mut(&mut self, column: usize) -> Option<&mut String> {
        match column {
            0 => Some(&mut self.quencher),
            1 => Some(&mut self.value),
            2 => Some(&mut self.sigma),
            3 => Some(&mut self.lifetime_ns),
            _ => None,
        }
    }
    fn is_blank(&self) -> bool {
        self.cells().iter().all(|c| c.trim().is_empty())
    }
}

/// Which column of the table a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Column {
    Quencher,
    Value,
    Sigma,
    Lifetime,
}

/// A setting outside the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Setting {
    Tau0,
    Unquenched,
    DotConcentration,
}

/// A problem with one cell (`row` counts from 0), with a setting, or with the table as a whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellError {
    pub row: Option<usize>,
    pub column: Option<Column>,
    pub setting: Option<Setting>,
    pub message: String,
}

/// The typed state of the calculator.
#[derive(Debug, Clone, PartialEq)]
pub struct QuenchState {
    pub rows: Vec<Row>,
    pub unit: QuencherUnit,
    pub observable: Observable,
    /// I₀ (or τ₀ in ns for lifetimes) as typed; empty: from the row without quencher.
    pub unquenched: String,
    /// τ₀, the lifetime without quencher (ns), for k_q = K_SV / τ₀.
    pub tau0_ns: String,
    /// Quantum-dot concentration (µM), needed when the quencher is given per dot.
    pub dot_concentration_um: String,
    /// The user's own model in x ([Q] in mol/L) and named parameters, e.g. `1 + K*x`.
    pub typed_model: String,
    /// What the typed model describes.
    pub typed_scale: TypedScale,
    /// Start values and fixed parameters of the typed model, e.g. `K=1e5, m=0.7 fixed`.
    pub typed_starts: String,
    /// The built-in models to fit.
    pub models: Vec<ModelKind>,
}

/// The quantity a typed model predicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum TypedScale {
    /// I₀/I (or τ₀/τ): Stern–Volmer-like models such as `1 + K*x`.
    #[default]
    Inverse,
    /// I/I₀, the scale of the built-in fits (its AICc compares with theirs).
    Ratio,
    /// ΔI/I₀ = 1 − I/I₀: binding isotherms such as `m*K*x/(1 + K*x)`.
    Quenched,
}

impl TypedScale {
    pub const ALL: [TypedScale; 3] = [TypedScale::Inverse, TypedScale::Ratio, TypedScale::Quenched];
    pub fn slug(self) -> &'static str {
        match self {
            TypedScale::Inverse => "I0/I",
            TypedScale::Ratio => "I/I0",
            TypedScale::Quenched => "dI/I0",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            TypedScale::Inverse => "I₀/I",
            TypedScale::Ratio => "I/I₀",
            TypedScale::Quenched => "ΔI/I₀",
        }
    }
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.slug() == slug.trim())
    }
    /// y on this scale from r = I/I₀, and dy/dr (for σ).
    fn of_ratio(self, r: f64) -> (f64, f64) {
        match self {
            TypedScale::Inverse => (1.0 / r, -1.0 / (r * r)),
            TypedScale::Ratio => (r, 1.0),
            TypedScale::Quenched => (1.0 - r, -1.0),
        }
    }
    /// r = I/I₀ from y on this scale (to draw a typed fit beside the others).
    pub fn to_ratio(self, y: f64) -> f64 {
        match self {
            TypedScale::Inverse => 1.0 / y,
            TypedScale::Ratio => y,
            TypedScale::Quenched => 1.0 - y,
        }
    }
}

/// The user's typed model, fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedFit {
    pub expression: fit::Expression,
    pub scale: TypedScale,
    pub report: FitReport,
}

/// What the calculator shows.
// One value per evaluation, held by the page in a memo: boxing the large variant would only
// add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum QuenchOutcome {
    /// Cells or settings need attention.
    NeedsInput(Vec<CellError>),
    Fitted {
        data: QuenchData,
        observations: Observations,
        analysis: Analysis,
        /// `None` when no model was typed.
        typed: Option<Result<TypedFit, String>>,
    },
}

impl Default for QuenchState {
    fn default() -> Self {
        QuenchState {
            rows: vec![Row::default(); 6],
            unit: QuencherUnit::Micromolar,
            observable: Observable::Intensity,
            unquenched: String::new(),
            tau0_ns: "20.8".into(),
            dot_concentration_um: String::new(),
            typed_model: String::new(),
            typed_scale: TypedScale::Inverse,
            typed_starts: String::new(),
            models: vec![ModelKind::SternVolmer, ModelKind::Langmuir],
        }
    }
}

/// The table's numbers, in SI-like units: quencher in mol/L, lifetimes in ns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuenchData {
    pub quencher_molar: Vec<f64>,
    /// Mol/L per unit of the table's [Q] column (for a per-dot ratio, the dot concentration):
    /// what the plots divide by to show [Q] as typed.
    pub molar_per_unit: f64,
    pub values: Vec<f64>,
    pub sigma: Option<Vec<f64>>,
    pub lifetimes_ns: Option<Vec<f64>>,
    pub observable: Observable,
    /// I₀ or τ₀ (ns); 1 for a ratio column.
    pub unquenched: f64,
    /// τ₀ (ns) for k_q.
    pub tau0_ns: Option<f64>,
    /// 0-based table rows the points came from (blank rows are skipped).
    pub source_rows: Vec<usize>,
    /// Remarks that are not errors (replicates, the row taken as I₀).
    pub notes: Vec<String>,
}

/// Reads `K=1e5, m=0.7 fixed`: comma- or semicolon-separated `name=value`, a trailing word
/// `fixed` holding that parameter at its value.
pub fn parse_starts(text: &str) -> Result<Vec<(String, f64, bool)>, String> {
    let mut out = Vec::new();
    for item in text.split([',', ';']).map(str::trim).filter(|i| !i.is_empty()) {
        let Some((name, rest)) = item.split_once('=') else {
            return Err(format!("\"{item}\" is not name=value (e.g. K=1e5, or K=1e5 fixed)."));
        };
        let rest = rest.trim();
        let (number, fixed) = match rest.strip_suffix("fixed") {
            Some(n) => (n.trim(), true),
            None => (rest, false),
        };
        let value = parse_number(number, NumberRule::Any, &format!("The start value of {}", name.trim()))?;
        out.push((name.trim().to_string(), value, fixed));
    }
    Ok(out)
}

impl QuenchData {
    /// The observable's link name.
    pub fn observable_slug(&self) -> &'static str {
        self.observable.slug()
    }

    /// The measurements on the fitting scale: y = I/I₀ (τ/τ₀ for lifetimes), σ scaled alike.
    pub fn observations(&self) -> Observations {
        let (unquenched, values) = (self.unquenched, &self.values);
        let ratio: Vec<f64> = match self.observable {
            Observable::IntensityRatio => values.iter().map(|r| 1.0 / r).collect(),
            _ => values.iter().map(|v| v / unquenched).collect(),
        };
        let sigma = self.sigma.as_ref().map(|s| match self.observable {
            // σ of I₀/I = r becomes σ/r² on the I/I₀ scale.
            Observable::IntensityRatio => s.iter().zip(values).map(|(s, r)| s / (r * r)).collect(),
            _ => s.iter().map(|s| s / unquenched).collect(),
        });
        let lifetime_ratio = match (self.observable, &self.lifetimes_ns, self.tau0_ns) {
            (Observable::Lifetime, _, _) => None,
            (_, Some(t), Some(tau0)) => Some(t.iter().map(|t| t / tau0).collect()),
            _ => None,
        };
        Observations {
            quencher_molar: self.quencher_molar.clone(),
            ratio,
            sigma,
            lifetime_ratio,
            is_lifetime: self.observable == Observable::Lifetime,
        }
    }
}

impl QuenchState {

    /// The data table's column headers, with units.
    pub fn headers(&self) -> Vec<String> {
        let value = match self.observable {
            Observable::Intensity => "I",
            Observable::IntensityRatio => "I₀/I",
            Observable::Lifetime => "τ (ns)",
        };
        vec![format!("[Q] ({})", self.unit.label()), value.to_string(), "σ (optional)".to_string(), "τ (ns, optional)".to_string()]
    }

    /// Adds or removes a built-in model, keeping the canonical order, so that a link does not
    /// depend on the order of the clicks.
    pub fn choose_model(&mut self, model: ModelKind, on: bool) {
        self.models = ModelKind::ALL.into_iter().filter(|m| if *m == model { on } else { self.models.contains(m) }).collect();
    }

    /// The table as rows of typed cells, for the table widget.
    pub fn table(&self) -> Vec<Vec<String>> {
        self.table_rows(0, self.rows.len())
    }

    /// The cells of the rows from..to (cut to the table), as typed.
    pub fn table_rows(&self, from: usize, to: usize) -> Vec<Vec<String>> {
        let to = to.min(self.rows.len());
        self.rows[from.min(to)..to].iter().map(Row::cells).collect()
    }

    /// Applies an edit of the table. Typing into a cell changes just that cell; pastes and
    /// row changes go through [`table::apply`].
    pub fn edit(&mut self, edit: TableEdit) -> EditOutcome {
        if let TableEdit::Cell { row, column, text } = &edit {
            if let Some(cell) = self.rows.get_mut(*row).and_then(|r| r.cell_mut(*column)) {
                *cell = text.clone();
                table::cut_to_cell(cell);
                return EditOutcome::default();
            }
        }
        let first_column = match &edit {
            TableEdit::Paste { column, .. } => *column,
            _ => 0,
        };
        let mut cells = self.table();
        let mut outcome = table::apply(&mut cells, COLUMNS, MAX_ROWS, edit);
        self.rows = cells.into_iter().map(Row::from_cells).collect();
        if let Some(header) = &outcome.header {
            let taken = self.take_header(header, first_column);
            if outcome.message.is_none() {
                outcome.message = taken;
            }
        }
        outcome
    }

    /// Takes the quencher's unit and the measured quantity from a pasted header row whose
    /// first cell lies in table column `first_column`, and says what was taken.
    fn take_header(&mut self, header: &[Header], first_column: usize) -> Option<String> {
        let at = |column: usize| column.checked_sub(first_column).and_then(|k| header.get(k));
        let mut taken = Vec::new();
        if let Some(unit) = at(0).and_then(|h| h.unit.as_deref()).and_then(QuencherUnit::from_unit_text) {
            self.unit = unit;
            taken.push(format!("[Q] in {}", unit.label()));
        }
        if let Some(observable) = at(1).and_then(|h| Observable::from_header(&h.text).or_else(|| Observable::from_header(&h.name))) {
            self.observable = observable;
            taken.push(format!("measured: {}", observable.label()));
        }
        (!taken.is_empty()).then(|| format!("Read the pasted header row: {}.", taken.join("; ")))
    }

    /// Parses the table and settings. Blank rows are skipped; every unusable cell gets a
    /// message naming its row.
    pub fn data(&self) -> Result<QuenchData, Vec<CellError>> {
        let mut errors = Vec::new();
        let mut notes = Vec::new();
        let setting = |text: &str, rule, name: &str, which: Setting, errors: &mut Vec<CellError>| -> Option<f64> {
            if text.trim().is_empty() {
                return None;
            }
            parse_number(text, rule, name)
                .map_err(|message| errors.push(CellError { row: None, column: None, setting: Some(which), message }))
                .ok()
        };
        let tau0_ns = setting(&self.tau0_ns, NumberRule::Positive, "τ₀", Setting::Tau0, &mut errors);
        let typed_unquenched = setting(&self.unquenched, NumberRule::Positive, "I₀", Setting::Unquenched, &mut errors);
        let molar_per_unit = match self.unit.molar_per_unit() {
            Some(f) => Some(f),
            None => {
                let typed = setting(
                    &self.dot_concentration_um,
                    NumberRule::Positive,
                    "The quantum-dot concentration",
                    Setting::DotConcentration,
                    &mut errors,
                );
                if typed.is_none() && self.dot_concentration_um.trim().is_empty() {
                    errors.push(CellError {
                        row: None,
                        column: None,
                        setting: Some(Setting::DotConcentration),
                        message: "With [Q] given per dot, enter the quantum-dot concentration (µM).".into(),
                    });
                }
                typed.map(|um| um * 1e-6)
            }
        };

        // The table's decimal mark, from the cells that show one: `1,000` is then read the
        // way the rest of the table is written, and a cell in the other convention is an error.
        let convention = Convention::of_cells(
            self.rows.iter().enumerate().flat_map(|(i, r)| [&r.quencher, &r.value, &r.sigma, &r.lifetime_ns].map(|c| (i + 1, c.as_str()))),
            false,
        );
        let (mut q, mut v, mut s, mut t, mut source_rows) = (vec![], vec![], vec![], vec![], vec![]);
        let (mut any_sigma, mut any_lifetime) = (false, false);
        let mut doubts = Doubts::default();
        for (i, row) in self.rows.iter().enumerate().filter(|(_, r)| !r.is_blank()) {
            let mut cell = |text: &str, column: Column, rule: NumberRule, name: &str| -> Option<f64> {
                match parse_cell(text, &convention, rule, || format!("{name} in row {}", i + 1)) {
                    Ok(number) => {
                        doubts.add(convention.ambiguity_note(text, i + 1, &number));
                        Some(number.value)
                    }
                    Err(message) => {
                        errors.push(CellError { row: Some(i), column: Some(column), setting: None, message });
                        None
                    }
                }
            };
            let quencher = cell(&row.quencher, Column::Quencher, NumberRule::NonNegative, "[Q]");
            let value = cell(&row.value, Column::Value, NumberRule::Positive, "The value");
            let sigma = (!row.sigma.trim().is_empty()).then(|| cell(&row.sigma, Column::Sigma, NumberRule::Positive, "σ")).flatten();
            let lifetime = (!row.lifetime_ns.trim().is_empty())
                .then(|| cell(&row.lifetime_ns, Column::Lifetime, NumberRule::Positive, "τ"))
                .flatten();
            any_sigma |= !row.sigma.trim().is_empty();
            any_lifetime |= !row.lifetime_ns.trim().is_empty();
            if let (Some(quencher), Some(value)) = (quencher, value) {
                q.push(quencher * molar_per_unit.unwrap_or(1.0));
                v.push(value);
                s.push(sigma.unwrap_or(f64::NAN));
                t.push(lifetime.unwrap_or(f64::NAN));
                source_rows.push(i);
            }
        }
        if any_sigma && s.iter().any(|x| x.is_nan()) && errors.is_empty() {
            errors.push(CellError {
                row: None,
                setting: None,
                column: Some(Column::Sigma),
                message: "Give σ for every row or for none: a weighted fit needs every point's uncertainty.".into(),
            });
        }
        if any_lifetime && t.iter().any(|x| x.is_nan()) && errors.is_empty() {
            errors.push(CellError {
                row: None,
                setting: None,
                column: Some(Column::Lifetime),
                message: "Give τ for every row or for none.".into(),
            });
        }

        if q.is_empty() && errors.is_empty() {
            errors.push(CellError {
                row: None,
                column: None,
                setting: None,
                message: "The table has no data yet: type or paste [Q] and the measured value, one row per sample, starting with the sample without quencher.".into(),
            });
        }
        let unquenched = match self.observable {
            Observable::IntensityRatio => Some(1.0),
            _ => typed_unquenched.or_else(|| {
                let zero = q.iter().position(|&x| x == 0.0)?;
                notes.push(format!(
                    "{} = {} from row {} (no quencher).",
                    if self.observable == Observable::Lifetime { "τ₀" } else { "I₀" },
                    v[zero],
                    source_rows[zero] + 1
                ));
                Some(v[zero])
            }),
        };
        if unquenched.is_none() && errors.is_empty() && !q.is_empty() {
            errors.push(CellError {
                row: None,
                column: None,
                setting: Some(Setting::Unquenched),
                message: "No row has [Q] = 0: add the measurement without quencher, or type I₀.".into(),
            });
        }
        let distinct = {
            let mut sorted = q.clone();
            sorted.sort_unstable_by(f64::total_cmp);
            sorted.dedup();
            sorted.len()
        };
        doubts.finish(&mut notes);
        if distinct < q.len() {
            let repeats = q.len() - distinct;
            notes.push(format!(
                "{repeats} {} a [Q] value of an earlier row: replicates are fitted as separate points.",
                if repeats == 1 { "row repeats" } else { "rows repeat" }
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(QuenchData {
            quencher_molar: q,
            molar_per_unit: molar_per_unit.unwrap_or(1.0),
            values: v,
            sigma: any_sigma.then_some(s),
            lifetimes_ns: any_lifetime.then_some(t),
            observable: self.observable,
            unquenched: unquenched.unwrap_or(1.0),
            tau0_ns,
            source_rows,
            notes,
        })
    }

    /// Fits every chosen model. Never panics; failures are messages.
    pub fn evaluate(&self) -> QuenchOutcome {
        let data = match self.data() {
            Ok(d) => d,
            Err(errors) => return QuenchOutcome::NeedsInput(errors),
        };
        let observations = data.observations();
        let analysis = quench::analyse(&observations, &self.models, data.tau0_ns);
        let typed = (!self.typed_model.trim().is_empty()).then(|| self.fit_typed(&observations));
        QuenchOutcome::Fitted { data, observations, analysis, typed }
    }

    fn fit_typed(&self, obs: &Observations) -> Result<TypedFit, String> {
        let expression = fit::parse(&self.typed_model).map_err(|e| e.to_string())?;
        let scale = self.typed_scale;
        let (y, dy): (Vec<f64>, Vec<f64>) = obs.ratio.iter().map(|&r| scale.of_ratio(r)).unzip();
        let sigma: Option<Vec<f64>> = obs
            .sigma
            .as_ref()
            .map(|s| s.iter().zip(&dy).map(|(s, d)| s * d.abs()).collect());
        let data = match &sigma {
            Some(s) => fit::Data::with_sigma(&obs.quencher_molar, &y, s),
            None => fit::Data::new(&obs.quencher_molar, &y),
        };
        let mut settings = FitSettings::for_model(&expression);
        for (name, value, fixed) in parse_starts(&self.typed_starts)? {
            settings = if fixed {
                settings.with_fixed(&expression, &name, value)
            } else {
                settings.with_start(&expression, &name, value)
            }
            .map_err(|e| e.to_string())?;
        }
        let report = fit::fit(&expression, &data, &settings).map_err(|e: FitError| e.to_string())?;
        Ok(TypedFit { expression, scale, report })
    }


}

/// The quenching and binding calculator (`#/quench`, on its own page).
pub const INFO: Info = Info {
    slug: "quench",
    page: "quench.html",
    nav: "Quenching",
    title: "Quenching and binding fits",
    summary: "Stern–Volmer, static + dynamic, Langmuir, Poisson and your own models, fitted with standard errors, confidence intervals and a model comparison.",
};

impl Calculator for QuenchState {
    const INFO: &'static Info = &INFO;

    /// A data set in the style of the quenching experiment of Han et al. (supporting information):
    /// TGA-CdTe emission quenched by a cobalt catalyst in water, τ₀ = 20.8 ns. Illustrative
    /// numbers, not the paper's: I = 1000 (1 − ΔI/I₀) with the Langmuir form
    /// ΔI/I₀ = 0.70 K[Q] / (1 + K[Q]), K = 2.5 × 10⁵ M⁻¹, then each point moved by a fixed
    /// pattern of at most ±0.9 % (0, +0.6, −0.8, +0.3, −0.5, +0.9, −0.2, +0.4, −0.7 %) and
    /// rounded, as a measurement would scatter.
    fn example() -> Self {
        let rows = [
            ("0", "1000"),
            ("1", "865"),
            ("2", "761"),
            ("4", "652"),
            ("6", "577"),
            ("8", "538"),
            ("10", "499"),
            ("15", "449"),
            ("20", "414"),
        ]
        .iter()
        .map(|(q, i)| Row::new(q, i))
        .collect();
        QuenchState { rows, ..QuenchState::default() }
    }

    /// The link's key-value pairs.
    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            ("unit", self.unit.slug().to_string()),
            ("obs", self.observable.slug().to_string()),
            ("tau0", self.tau0_ns.clone()),
        ];
        let models: Vec<&str> = self.models.iter().map(|m| m.slug()).collect();
        pairs.push(("fit", models.join(",")));
        for (key, text) in [("I0", &self.unquenched), ("qd", &self.dot_concentration_um), ("model", &self.typed_model)] {
            if !text.is_empty() {
                pairs.push((key, text.clone()));
            }
        }
        if !self.typed_model.is_empty() {
            pairs.push(("scale", self.typed_scale.slug().to_string()));
        }
        if !self.typed_starts.is_empty() {
            pairs.push(("starts", self.typed_starts.clone()));
        }
        let rows: Vec<Vec<String>> = self.rows.iter().map(Row::cells).collect();
        pairs.push(("table", encode_text_table(&rows)));
        pairs
    }

    /// Builds a state from a link's pairs; unknown keys are ignored.
    fn from_pairs(pairs: &[(String, String)]) -> Result<Self, LinkError> {
        let mut state = QuenchState::default();
        let bad = |key: &str, value: &str| LinkError::BadValue { key: key.to_string(), value: value.chars().take(40).collect() };
        for (key, value) in pairs {
            let text = |limit: usize| -> Result<String, LinkError> {
                if value.chars().count() > limit {
                    Err(LinkError::FieldTooLong(key.clone()))
                } else {
                    Ok(value.clone())
                }
            };
            match key.as_str() {
                "unit" => state.unit = QuencherUnit::from_slug(value).ok_or_else(|| bad("unit", value))?,
                "obs" => state.observable = Observable::from_slug(value).ok_or_else(|| bad("obs", value))?,
                "tau0" => state.tau0_ns = text(MAX_FIELD_CHARS)?,
                "I0" => state.unquenched = text(MAX_FIELD_CHARS)?,
                "qd" => state.dot_concentration_um = text(MAX_FIELD_CHARS)?,
                // A model expression may be longer than a number.
                "model" => state.typed_model = text(1000)?,
                "starts" => state.typed_starts = text(1000)?,
                "scale" => state.typed_scale = TypedScale::from_slug(value).ok_or_else(|| bad("scale", value))?,
                "fit" => {
                    state.models = value
                        .split(',')
                        .filter(|s| !s.trim().is_empty())
                        .map(|s| ModelKind::from_slug(s).ok_or_else(|| bad("fit", s)))
                        .collect::<Result<_, _>>()?;
                }
                "table" => {
                    let cells = decode_text_table(value, COLUMNS)?;
                    if cells.len() > MAX_ROWS {
                        return Err(LinkError::BadTable(format!("it has more than {MAX_ROWS} rows")));
                    }
                    state.rows = cells.into_iter().map(Row::from_cells).collect();
                }
                _ => {}
            }
        }
        Ok(state)
    }

    fn report(&self) -> Result<Value, String> {
        report(self)
    }

    /// `table` may be a list of rows (each a list of numbers or strings), `fit` a list of
    /// model names.
    fn link_value_from_json(key: &str, value: &Value) -> Option<Result<String, String>> {
        let Value::Array(items) = value else { return None };
        match key {
            "table" => {
                let cell = |v: &Value| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    Value::Null => Some(String::new()),
                    _ => None,
                };
                let cells = items
                    .iter()
                    .map(|row| row.as_array().and_then(|cells| cells.iter().map(cell).collect::<Option<Vec<String>>>()))
                    .collect::<Option<Vec<Vec<String>>>>()
                    .ok_or_else(|| "table must be a list of rows, each a list of numbers or strings".to_string());
                Some(cells.map(|c| encode_text_table(&c)))
            }
            "fit" => Some(
                items
                    .iter()
                    .map(|m| m.as_str().map(str::to_string))
                    .collect::<Option<Vec<String>>>()
                    .map(|names| names.join(","))
                    .ok_or_else(|| "fit must be a list of model names".to_string()),
            ),
            _ => None,
        }
    }
}

/// The fits as JSON for `photocalc eval` (see [`Calculator::report`]).
fn report(state: &QuenchState) -> Result<Value, String> {
    let (data, analysis, typed) = match state.evaluate() {
        QuenchOutcome::NeedsInput(errors) => {
            return Err(errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "))
        }
        QuenchOutcome::Fitted { data, analysis, typed, .. } => (data, analysis, typed),
    };
    let report_json = |report: &crate::science::fit::FitReport| {
        let params: Map<String, Value> = report
            .parameters
            .iter()
            .map(|p| {
                (p.name.clone(), json!({"value": p.value, "stderr": p.std_error, "ci95": [p.ci95.0, p.ci95.1], "fixed": p.fixed}))
            })
            .collect();
        json!({"params": params, "rss": report.rss, "dof": report.dof, "residual_sd": report.residual_sd,
               "r2": report.r_squared, "aicc": report.aicc, "reduced_chi2": report.reduced_chi_squared,
               "converged": report.converged, "iterations": report.iterations, "message": report.message})
    };
    let fits: Vec<Value> = analysis
        .fits
        .iter()
        .map(|(model, result)| match result {
            Ok(fit) => {
                let mut v = report_json(&fit.report);
                v["model"] = json!(model.slug());
                v["equation"] = json!(model.equation());
                v["scale"] = json!("I/I0");
                v["derived"] = json!(fit.derived.iter().map(|d| json!({"name": d.name, "value": d.value, "stderr": d.std_error, "unit": d.unit})).collect::<Vec<_>>());
                v["notes"] = json!(fit.notes);
                v
            }
            Err(e) => json!({"model": model.slug(), "error": e.to_string()}),
        })
        .collect();
    let double_reciprocal = analysis.double_reciprocal.as_ref().map(|r| match r {
        Ok(line) => json!({"line": report_json(&line.line),
            "f_a": {"value": line.fraction.value, "stderr": line.fraction.std_error},
            "K_per_M": {"value": line.constant.value, "stderr": line.constant.std_error}}),
        Err(e) => json!({"error": e.to_string()}),
    });
    let typed = typed.map(|t| match t {
        Ok(t) => {
            let mut v = report_json(&t.report);
            v["expression"] = json!(t.expression.text());
            v["scale"] = json!(t.scale.slug());
            v
        }
        Err(e) => json!({"error": e}),
    });
    Ok(json!({
        "calculator": INFO.slug,
        "inputs": {
            "points": data.values.len(),
            "observable": data.observable_slug(),
            "unquenched": data.unquenched,
            "tau0_ns": data.tau0_ns,
            "quencher_mol_per_L": data.quencher_molar,
            "values": data.values,
        },
        "fits": fits,
        "double_reciprocal": double_reciprocal,
        "typed_model": typed,
        "notes": data.notes,
        "warnings": analysis.warnings,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_parses_with_i0_from_the_first_row() {
        let data = QuenchState::example().data().unwrap();
        assert_eq!(data.unquenched, 1000.0);
        assert_eq!(data.quencher_molar[1], 1e-6);
        assert_eq!(data.values.len(), 9);
        assert!(data.notes[0].contains("row 1"), "{:?}", data.notes);
    }

    #[test]
    fn bad_cells_are_reported_by_row_and_blank_rows_skipped() {
        let mut state = QuenchState::example();
        state.rows.insert(3, Row::default());
        state.rows[2].value = "abc".into();
        state.rows[5].quencher = "-1".into();
        let errors = state.data().unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!((errors[0].row, errors[0].column), (Some(2), Some(Column::Value)));
        assert!(errors[0].message.contains("row 3"), "{}", errors[0].message);
        assert_eq!((errors[1].row, errors[1].column), (Some(5), Some(Column::Quencher)));
        assert!(errors[1].message.contains("negative"), "{}", errors[1].message);
    }

    #[test]
    fn without_a_zero_row_i0_must_be_typed() {
        let mut state = QuenchState::example();
        state.rows.remove(0);
        assert!(state.data().unwrap_err()[0].message.contains("[Q] = 0"));
        state.unquenched = "1000".into();
        assert_eq!(state.data().unwrap().unquenched, 1000.0);
    }

    #[test]
    fn per_dot_ratios_need_the_dot_concentration() {
        let mut state = QuenchState::example();
        state.unit = QuencherUnit::PerDot;
        assert!(state.data().is_err());
        state.dot_concentration_um = "2".into();
        let data = state.data().unwrap();
        assert!((data.quencher_molar[2] - 2.0 * 2e-6).abs() < 1e-18);
        // A decimal comma is read the same way for the plots' unit as for the fit.
        state.dot_concentration_um = "1,5".into();
        assert!((state.data().unwrap().molar_per_unit - 1.5e-6).abs() < 1e-20);
    }

    #[test]
    fn sigma_for_some_rows_only_is_refused() {
        let mut state = QuenchState::example();
        state.rows[1].sigma = "5".into();
        assert_eq!(state.data().unwrap_err()[0].column, Some(Column::Sigma));
    }

    #[test]
    fn edits_reach_the_rows() {
        let mut state = QuenchState::default();
        state.edit(TableEdit::Paste { row: 0, column: 0, text: "0\t1000\n5\t600".into() });
        state.edit(TableEdit::Cell { row: 1, column: 2, text: "12".into() });
        assert_eq!(state.rows[1], Row { quencher: "5".into(), value: "600".into(), sigma: "12".into(), lifetime_ns: String::new() });
        assert_eq!(state.rows.len(), 6, "the paste filled existing blank rows");
    }

    #[test]
    fn models_keep_their_order_and_headers_follow_the_settings() {
        let mut state = QuenchState::default();
        state.choose_model(ModelKind::Poisson, true);
        state.choose_model(ModelKind::SternVolmer, false);
        state.choose_model(ModelKind::SternVolmer, true);
        let order: Vec<usize> = state.models.iter().map(|m| ModelKind::ALL.iter().position(|k| k == m).unwrap()).collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{:?}", state.models);
        state.unit = QuencherUnit::Millimolar;
        state.observable = Observable::Lifetime;
        assert_eq!(state.headers()[..2], ["[Q] (mM)".to_string(), "τ (ns)".to_string()]);
    }

    #[test]
    fn a_pasted_header_row_sets_the_unit_and_the_measured_quantity() {
        let mut state = QuenchState::default();
        let outcome = state.edit(TableEdit::Paste { row: 0, column: 0, text: "[Q] (mM)\tI0/I\n0\t1\n0,5\t1,25\n".into() });
        assert_eq!((state.unit, state.observable), (QuencherUnit::Millimolar, Observable::IntensityRatio));
        assert_eq!(outcome.message.as_deref(), Some("Read the pasted header row: [Q] in mM; measured: ratio I₀/I."));
        assert_eq!(state.rows[1], Row::new("0,5", "1,25"));
        assert_eq!(state.data().unwrap().quencher_molar, vec![0.0, 0.5e-3]);
        for (text, unit) in [("µmol/L", QuencherUnit::Micromolar), ("μM", QuencherUnit::Micromolar), ("mol L-1", QuencherUnit::Molar), ("nM", QuencherUnit::Nanomolar)] {
            assert_eq!(QuencherUnit::from_unit_text(text), Some(unit), "{text}");
        }
        assert_eq!(QuencherUnit::from_unit_text("mm"), None, "millimetres are not millimolar");
    }

    #[test]
    fn a_european_table_reads_right_and_a_mixed_one_names_the_row() {
        let mut state = QuenchState::example();
        for row in &mut state.rows {
            row.value = format!("{},5", row.value);
        }
        assert_eq!(state.data().unwrap().values[1], 865.5);
        state.rows[4].value = "577.5".into();
        let errors = state.data().unwrap_err();
        assert_eq!((errors[0].row, errors[0].column), (Some(4), Some(Column::Value)));
        assert!(errors[0].message.contains("row 5") && errors[0].message.contains("decimal commas"), "{}", errors[0].message);
        // `1,000` in a table of decimal points is one thousand, and the page says so.
        let mut state = QuenchState::example();
        state.rows[0].value = "1,000".into();
        state.rows[1].value = "865.0".into();
        let data = state.data().unwrap();
        assert_eq!(data.values[0], 1000.0);
        assert!(data.notes.iter().any(|n| n.contains("Row 1") && n.contains("thousands")), "{:?}", data.notes);
    }

    #[test]
    fn the_example_fits_recover_its_langmuir_constant() {
        let QuenchOutcome::Fitted { analysis, .. } = QuenchState::example().evaluate() else { panic!("the example must fit") };
        let (_, langmuir) = analysis.fits.iter().find(|(m, _)| *m == ModelKind::Langmuir).unwrap();
        let k = langmuir.as_ref().unwrap().report.get("K_L").unwrap().clone();
        // Generated with K = 2.5e5 M⁻¹ and ≤0.9 % scatter: the 95 % interval must hold it.
        assert!(k.ci95.0 < 2.5e5 && 2.5e5 < k.ci95.1, "K_L = {} ({:?})", k.value, k.ci95);
    }

    #[test]
    fn a_typed_model_is_fitted_on_its_scale() {
        let mut state = QuenchState::example();
        state.typed_model = "m*K*x/(1 + K*x)".into();
        state.typed_scale = TypedScale::Quenched;
        let QuenchOutcome::Fitted { typed: Some(Ok(typed)), .. } = state.evaluate() else { panic!("typed model must fit") };
        // The same Langmuir form on the same scale as the built-in fit gives the same K.
        let k = typed.report.get("K").unwrap();
        assert!(k.ci95.0 < 2.5e5 && 2.5e5 < k.ci95.1, "{k:?}");
        state.typed_model = "1 + K*".into();
        let QuenchOutcome::Fitted { typed: Some(Err(message)), .. } = state.evaluate() else { panic!() };
        assert!(message.contains("character"), "{message}");
    }

    #[test]
    fn start_values_and_fixed_parameters_reach_the_typed_fit() {
        let mut state = QuenchState::example();
        state.typed_model = "m*K*x/(1 + K*x)".into();
        state.typed_scale = TypedScale::Quenched;
        state.typed_starts = "K=2e5; m=0.7 fixed".into();
        let QuenchOutcome::Fitted { typed: Some(Ok(typed)), .. } = state.evaluate() else { panic!("must fit") };
        let m = typed.report.get("m").unwrap();
        assert!(m.fixed && m.value == 0.7, "{m:?}");
        state.typed_starts = "q=1".into();
        let QuenchOutcome::Fitted { typed: Some(Err(message)), .. } = state.evaluate() else { panic!() };
        assert!(message.contains("no parameter called \"q\""), "{message}");
        assert!(parse_starts("K 5").unwrap_err().contains("name=value"));
        assert_eq!(parse_starts(" K = -1e3 ").unwrap(), vec![("K".to_string(), -1e3, false)]);
    }

    #[test]
    fn link_round_trip_keeps_typed_cells() {
        let mut state = QuenchState::example();
        state.rows[3].value = "6,67e2".into();
        state.typed_model = "1 + K*x".into();
        state.typed_scale = TypedScale::Quenched;
        state.typed_starts = "K=1e5 fixed".into();
        state.models = vec![ModelKind::Poisson, ModelKind::StaticDynamic];
        state.unit = QuencherUnit::Nanomolar;
        let pairs: Vec<(String, String)> = state.to_pairs().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(QuenchState::from_pairs(&pairs).unwrap(), state);
    }
}
