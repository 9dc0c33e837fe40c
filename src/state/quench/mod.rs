//! The quenching and binding calculator's state: a data table of typed cells, the settings
//! as typed, their parsing into numbers with a message per cell, and the share-link form.

pub mod view;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::calculator::{Calculator, Info};
use super::choice::choices;
use super::json::{object, Json};

use super::codec::{decode_text_table, encode_text_table, LinkError, MAX_FIELD_CHARS};
use super::number::{parse_cell, parse_number, NumberRule};
use crate::science::read::{Convention, Doubts};
use super::table::{self, EditOutcome, TableEdit};
use crate::science::read::Header;
use crate::science::fit;
use crate::science::format::sig_short;
use crate::science::quench::diffusion::{smoluchowski_per_m_per_s, DiffusionLimit, LimitSource, ROOM_TEMPERATURE_K, WATER_VISCOSITY_MPA_S};
use crate::science::fit::Bound;
use crate::science::quench::lines::Line;
use crate::science::quench::models::Measured;
use crate::science::quench::{self, Analysis, Context, Measurements, ModelFit, ModelKind, Quantity, TauZero, TypedRequest, Weighting};
pub use crate::science::quench::TypedScale;

/// Most rows a table may hold: a paste beyond it is refused with a message, and nothing in
/// the table is lost.
pub const MAX_ROWS: usize = 20_000;

/// Largest table whose profile intervals are computed on every keystroke.
pub const PROFILE_AT_ONCE_POINTS: usize = 200;

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
        // Stops at a cell's first character that is no space (`trim` looks at both ends).
        [&self.quencher, &self.value, &self.sigma, &self.lifetime_ns].iter().all(|c| c.chars().all(char::is_whitespace))
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
    DiffusionLimit,
    DotRadius,
    QuencherRadius,
    Viscosity,
    Temperature,
}

/// A problem with one cell (`row` counts from 0), with a setting, or with the table as a whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellError {
    pub row: Option<usize>,
    pub column: Option<Column>,
    pub setting: Option<Setting>,
    pub message: String,
}

/// How the points are weighted, as chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum WeightChoice {
    /// By the σ column when it is filled, else equally.
    #[default]
    Auto,
    /// By 1/Y² (the same relative uncertainty for every point).
    RelativeY,
    /// Equally, even when σ are given.
    Equal,
}

impl WeightChoice {
    pub const ALL: [WeightChoice; 3] = [WeightChoice::Auto, WeightChoice::RelativeY, WeightChoice::Equal];
    pub fn slug(self) -> &'static str {
        match self {
            WeightChoice::Auto => "sigma",
            WeightChoice::RelativeY => "1/y2",
            WeightChoice::Equal => "none",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            WeightChoice::Auto => "1/σ² (σ column), else none",
            WeightChoice::RelativeY => "1/Y² (relative)",
            WeightChoice::Equal => "none (equal weights)",
        }
    }
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.slug() == slug.trim())
    }
}

/// The typed state of the calculator.
#[derive(Debug, Clone, PartialEq)]
pub struct QuenchState {
    pub rows: Vec<Row>,
    pub unit: QuencherUnit,
    pub observable: Observable,
    /// I₀ (or τ₀ in ns for lifetimes) as typed, held fixed in the fits; empty: fitted.
    pub unquenched: String,
    /// τ₀, the lifetime without quencher (ns), for k_q = K_SV / τ₀ when no lifetimes were
    /// measured; empty: the default, said.
    pub tau0_ns: String,
    /// Quantum-dot concentration (µM), needed when the quencher is given per dot.
    pub dot_concentration_um: String,
    /// How the points are weighted.
    pub weighting: WeightChoice,
    /// Table rows (0-based, ascending) left out of the fits, kept in the table and marked.
    pub excluded: Vec<usize>,
    /// The diffusion limit (M⁻¹ s⁻¹) as typed; empty: Smoluchowski's from the radii, or the
    /// default for small molecules in water.
    pub diffusion_limit: String,
    /// Radii (nm) of the dot and the quencher for Smoluchowski's estimate.
    pub dot_radius_nm: String,
    pub quencher_radius_nm: String,
    /// Solvent viscosity (mPa·s) and temperature (K) for Smoluchowski's estimate.
    pub viscosity_mpa_s: String,
    pub temperature_k: String,
    /// The user's own model in x ([Q] in mol/L) and named parameters, e.g. `1 + K*x`.
    pub typed_model: String,
    /// What the typed model describes.
    pub typed_scale: TypedScale,
    /// Start values and fixed parameters of the typed model, e.g. `K=1e5, m=0.7 fixed`.
    pub typed_starts: String,
    /// The built-in models to fit.
    pub models: Vec<ModelKind>,
}

/// What the calculator shows.
// One value per evaluation, held by the page in a memo: boxing the large variant would only
// add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum QuenchOutcome {
    /// Cells or settings need attention.
    NeedsInput(Vec<CellError>),
    Fitted { data: QuenchData, measurements: Measurements, analysis: Analysis },
}

impl QuenchOutcome {
    /// Whether the profile intervals were left for later (a large table, while typing).
    pub fn profiles_pending(&self) -> bool {
        match self {
            QuenchOutcome::Fitted { analysis, .. } => !analysis.profiles,
            QuenchOutcome::NeedsInput(_) => false,
        }
    }
}

impl Default for QuenchState {
    fn default() -> Self {
        QuenchState {
            rows: vec![Row::default(); 6],
            unit: QuencherUnit::Micromolar,
            observable: Observable::Intensity,
            unquenched: String::new(),
            tau0_ns: String::new(),
            dot_concentration_um: String::new(),
            weighting: WeightChoice::Auto,
            excluded: Vec::new(),
            diffusion_limit: String::new(),
            dot_radius_nm: String::new(),
            quencher_radius_nm: String::new(),
            viscosity_mpa_s: String::new(),
            temperature_k: String::new(),
            typed_model: String::new(),
            typed_scale: TypedScale::Inverse,
            typed_starts: String::new(),
            models: vec![ModelKind::SternVolmer, ModelKind::Langmuir],
        }
    }
}

/// A row left out of the fits, drawn apart in the plots.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExcludedPoint {
    /// The table row, 1-based.
    pub row: usize,
    pub quencher_molar: f64,
    pub value: f64,
}

/// The table's numbers, in SI-like units: quencher in mol/L, lifetimes in ns.
#[derive(Debug, Clone, PartialEq)]
pub struct QuenchData {
    pub quencher_molar: Vec<f64>,
    /// Mol/L per unit of the table's [Q] column (for a per-dot ratio, the dot concentration):
    /// what the plots divide by to show [Q] as typed.
    pub molar_per_unit: f64,
    pub values: Vec<f64>,
    pub sigma: Option<Vec<f64>>,
    pub lifetimes_ns: Option<Vec<f64>>,
    pub observable: Observable,
    pub weighting: Weighting,
    /// I₀ or τ₀ (ns) as typed, held fixed.
    pub unquenched: Option<f64>,
    pub tau0: TauZero,
    pub diffusion: DiffusionLimit,
    /// 1-based table rows the points came from (blank and excluded rows are skipped).
    pub rows: Vec<usize>,
    pub excluded: Vec<ExcludedPoint>,
    /// Remarks that are not errors (replicates, excluded rows, the weighting).
    pub notes: Vec<String>,
}

choices!(QuencherUnit, Observable, WeightChoice, TypedScale);

pub use crate::state::number::parse_starts;

impl QuenchData {
    /// The measurements the science fits.
    pub fn measurements(&self) -> Measurements {
        let quantity = match self.observable {
            Observable::Intensity => Quantity::Intensity,
            Observable::IntensityRatio => Quantity::Ratio,
            Observable::Lifetime => Quantity::Lifetime,
        };
        let sigma = match self.weighting {
            Weighting::Sigma => self.sigma.clone(),
            Weighting::RelativeY => Some(self.values.clone()),
            Weighting::Equal => None,
        };
        Measurements {
            quencher_molar: self.quencher_molar.clone(),
            values: self.values.clone(),
            sigma,
            weighting: self.weighting,
            quantity,
            lifetimes_ns: self.lifetimes_ns.clone().filter(|_| self.observable == Observable::Intensity),
            rows: self.rows.clone(),
            unquenched: self.unquenched,
        }
    }

    /// What the derived values need besides the data: with [Q] per dot, the dot
    /// concentration gives the Poisson K its per-dot meaning.
    pub fn context(&self, per_dot: bool) -> Context {
        Context { tau0: self.tau0, diffusion: self.diffusion.clone(), dots_molar: per_dot.then_some(self.molar_per_unit), profiles: true, warm: Vec::new() }
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

    /// The text of a setting outside the table, as typed.
    pub fn setting(&self, which: Setting) -> &str {
        match which {
            Setting::Tau0 => &self.tau0_ns,
            Setting::Unquenched => &self.unquenched,
            Setting::DotConcentration => &self.dot_concentration_um,
            Setting::DiffusionLimit => &self.diffusion_limit,
            Setting::DotRadius => &self.dot_radius_nm,
            Setting::QuencherRadius => &self.quencher_radius_nm,
            Setting::Viscosity => &self.viscosity_mpa_s,
            Setting::Temperature => &self.temperature_k,
        }
    }

    /// The text of a setting outside the table, to change.
    pub fn setting_mut(&mut self, which: Setting) -> &mut String {
        match which {
            Setting::Tau0 => &mut self.tau0_ns,
            Setting::Unquenched => &mut self.unquenched,
            Setting::DotConcentration => &mut self.dot_concentration_um,
            Setting::DiffusionLimit => &mut self.diffusion_limit,
            Setting::DotRadius => &mut self.dot_radius_nm,
            Setting::QuencherRadius => &mut self.quencher_radius_nm,
            Setting::Viscosity => &mut self.viscosity_mpa_s,
            Setting::Temperature => &mut self.temperature_k,
        }
    }

    /// Leaves a table row (0-based) out of the fits, or takes it back.
    pub fn toggle_excluded(&mut self, row: usize) {
        match self.excluded.binary_search(&row) {
            Ok(i) => {
                self.excluded.remove(i);
            }
            Err(i) => self.excluded.insert(i, row),
        }
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
    /// row changes go through [`table::apply`]. Excluded rows follow their rows.
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
        match &edit {
            TableEdit::RemoveRow(removed) => {
                let removed = *removed;
                self.excluded.retain(|&r| r != removed);
                self.excluded.iter_mut().filter(|r| **r > removed).for_each(|r| *r -= 1);
            }
            TableEdit::Clear { .. } => self.excluded.clear(),
            _ => {}
        }
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

    /// τ₀ for k_q and the diffusion limit it is compared with, as typed, with a message for
    /// each setting that is not usable. These feed only k_q: a bad one is marked at its field
    /// and never stops the fits; a bad τ₀ hides k_q, a bad limit, radius, viscosity or
    /// temperature leaves k_q compared with the limit the page says is in use (the typed limit,
    /// Smoluchowski's from the usable settings, or the default).
    pub fn rate_settings(&self) -> (TauZero, DiffusionLimit, Vec<CellError>) {
        let mut errors = Vec::new();
        let mut setting = |text: &str, name: &str, which: Setting| -> Result<Option<f64>, ()> {
            if text.trim().is_empty() {
                return Ok(None);
            }
            parse_number(text, NumberRule::Positive, name).map(Some).map_err(|message| {
                let consequence = match which {
                    Setting::Tau0 => "k_q is not shown until it is.",
                    _ => "Until it is, k_q is compared with the limit said under “In use”.",
                };
                let message = format!("{message} {consequence}");
                errors.push(CellError { row: None, column: None, setting: Some(which), message })
            })
        };
        let tau0 = match setting(&self.tau0_ns, "τ₀", Setting::Tau0) {
            Ok(Some(t)) => TauZero::Typed(t),
            Ok(None) => TauZero::Default,
            Err(()) => TauZero::Invalid,
        };
        let typed = setting(&self.diffusion_limit, "The diffusion limit", Setting::DiffusionLimit);
        let dot = setting(&self.dot_radius_nm, "The dot's radius", Setting::DotRadius);
        let quencher = setting(&self.quencher_radius_nm, "The quencher's radius", Setting::QuencherRadius);
        let viscosity = setting(&self.viscosity_mpa_s, "The viscosity", Setting::Viscosity);
        let temperature = setting(&self.temperature_k, "The temperature", Setting::Temperature);
        let diffusion = match (typed, dot, quencher) {
            (Ok(Some(per_m_per_s)), _, _) => DiffusionLimit { per_m_per_s, source: LimitSource::Typed },
            (Ok(None), Ok(Some(dot_nm)), Ok(Some(quencher_nm))) => {
                let viscosity = viscosity.ok().flatten().unwrap_or(WATER_VISCOSITY_MPA_S);
                let temperature = temperature.ok().flatten().unwrap_or(ROOM_TEMPERATURE_K);
                smoluchowski_per_m_per_s(dot_nm, quencher_nm, viscosity, temperature)
                    .map(|per_m_per_s| DiffusionLimit { per_m_per_s, source: LimitSource::Smoluchowski { dot_nm, quencher_nm, viscosity, temperature } })
                    .unwrap_or_default()
            }
            _ => DiffusionLimit::default(),
        };
        (tau0, diffusion, errors)
    }

    /// Parses the table and settings. Blank rows are skipped; every unusable cell gets a
    /// message naming its row. Settings that only feed k_q (τ₀, the diffusion limit) never
    /// stop the fits (see [`QuenchState::rate_settings`]).
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
        let (mut q, mut v, mut s, mut t, mut rows) = (vec![], vec![], vec![], vec![], vec![]);
        let mut excluded = Vec::new();
        let (mut any_sigma, mut any_lifetime) = (false, false);
        let mut doubts = Doubts::default();
        for (i, row) in self.rows.iter().enumerate().filter(|(_, r)| !r.is_blank()) {
            // An excluded row is drawn if it can be read, and is no error if it cannot.
            if self.excluded.binary_search(&i).is_ok() {
                let read = |text: &str| parse_cell(text, &convention, NumberRule::NonNegative, String::new).ok().map(|n| n.value);
                if let (Some(quencher), Some(value)) = (read(&row.quencher), read(&row.value)) {
                    excluded.push(ExcludedPoint { row: i + 1, quencher_molar: quencher * molar_per_unit.unwrap_or(1.0), value });
                }
                continue;
            }
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
                rows.push(i + 1);
            }
        }
        let by_sigma = any_sigma && self.weighting == WeightChoice::Auto;
        if by_sigma && s.iter().any(|x| x.is_nan()) && errors.is_empty() {
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
        let weighting = match self.weighting {
            WeightChoice::Auto if by_sigma => Weighting::Sigma,
            WeightChoice::Auto | WeightChoice::Equal => Weighting::Equal,
            WeightChoice::RelativeY => Weighting::RelativeY,
        };
        if any_sigma && weighting != Weighting::Sigma {
            notes.push("The σ column is not used: the weighting chosen is not by σ.".into());
        }
        let unquenched_name = if self.observable == Observable::Lifetime { "τ₀" } else { "I₀" };
        match (self.observable, typed_unquenched) {
            (Observable::IntensityRatio, _) => notes.push(
                "The data are I₀/I as given: I₀'s own uncertainty is not in the error bars (fit the intensities themselves to include it).".into(),
            ),
            (_, Some(y0)) => notes.push(format!(
                "{unquenched_name} is held at the value typed, {}: its own uncertainty is not in the error bars.",
                sig_short(y0, 6)
            )),
            (_, None) if !q.contains(&0.0) && !q.is_empty() => notes.push(format!(
                "No row has [Q] = 0: {unquenched_name} is extrapolated by each model's fit. Measure the sample without quencher, or type {unquenched_name}."
            )),
            _ => {}
        }
        if !self.excluded.is_empty() {
            let list: Vec<String> = self.excluded.iter().map(|r| (r + 1).to_string()).collect();
            notes.push(format!(
                "Row{} {} {} left out of the fits (kept in the table, drawn as open circles).",
                if list.len() == 1 { "" } else { "s" },
                list.join(", "),
                if list.len() == 1 { "is" } else { "are" }
            ));
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
        let (tau0, diffusion, _) = self.rate_settings();
        Ok(QuenchData {
            quencher_molar: q,
            molar_per_unit: molar_per_unit.unwrap_or(1.0),
            values: v,
            sigma: any_sigma.then_some(s),
            lifetimes_ns: any_lifetime.then_some(t),
            observable: self.observable,
            weighting,
            unquenched: typed_unquenched.filter(|_| self.observable != Observable::IntensityRatio),
            tau0,
            diffusion,
            rows,
            excluded,
            notes,
        })
    }

    /// The typed model as the science fits it; `None` when none was typed.
    fn typed_request(&self) -> Option<Result<TypedRequest, String>> {
        (!self.typed_model.trim().is_empty()).then(|| {
            let expression = fit::parse(&self.typed_model).map_err(|e| e.to_string())?;
            let starts = parse_starts(&self.typed_starts)?;
            Ok(TypedRequest { expression, scale: self.typed_scale, starts })
        })
    }

    /// Fits every chosen model, with profile intervals. Never panics; failures are messages.
    pub fn evaluate(&self) -> QuenchOutcome {
        self.evaluate_with(true, Vec::new())
    }

    /// Fits every chosen model as the page does while the user types: profile intervals only
    /// for tables of up to [`PROFILE_AT_ONCE_POINTS`] points (a parameter's profile costs about
    /// fourteen refits: natively a 1000-point table's fits take 3.5 ms with them, 0.9 ms without);
    /// the page computes them for larger tables once typing pauses. Whether they are left out
    /// is [`QuenchOutcome::profiles_pending`].
    ///
    /// For those larger tables the fits also start from `previous` (the outcome of an edit
    /// ago), where the same models were fitted: typing one value moves the parameters a
    /// little, and a fit from where they were needs fewer iterations (a 1000-row table,
    /// Stern–Volmer 16 → 14, Langmuir 9 → 6).
    /// The evaluation once typing pauses starts from the usual values, as a link reopened
    /// does, so what is kept never depends on the way the values were typed.
    pub fn evaluate_while_typing(&self, previous: Option<&QuenchOutcome>) -> QuenchOutcome {
        let points = self.rows.iter().filter(|r| !r.is_blank()).count();
        if points <= PROFILE_AT_ONCE_POINTS {
            return self.evaluate_with(true, Vec::new());
        }
        let warm = match previous {
            Some(QuenchOutcome::Fitted { analysis, .. }) => analysis.fitted(),
            _ => Vec::new(),
        };
        self.evaluate_with(false, warm)
    }

    fn evaluate_with(&self, profiles: bool, warm: Vec<(Measured, Vec<f64>)>) -> QuenchOutcome {
        let data = match self.data() {
            Ok(d) => d,
            Err(errors) => return QuenchOutcome::NeedsInput(errors),
        };
        let measurements = data.measurements();
        let mut context = data.context(self.unit == QuencherUnit::PerDot);
        context.profiles = profiles;
        context.warm = warm;
        let analysis = quench::analyse(&measurements, &self.models, self.typed_request(), &context);
        QuenchOutcome::Fitted { data, measurements, analysis }
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
        if self.weighting != WeightChoice::Auto {
            pairs.push(("weights", self.weighting.slug().to_string()));
        }
        if !self.excluded.is_empty() {
            let rows: Vec<String> = self.excluded.iter().map(|r| (r + 1).to_string()).collect();
            pairs.push(("omit", rows.join(",")));
        }
        let optional = [
            ("I0", &self.unquenched),
            ("qd", &self.dot_concentration_um),
            ("kdiff", &self.diffusion_limit),
            ("rdot", &self.dot_radius_nm),
            ("rq", &self.quencher_radius_nm),
            ("eta", &self.viscosity_mpa_s),
            ("T", &self.temperature_k),
            ("model", &self.typed_model),
        ];
        for (key, text) in optional {
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
                "kdiff" => state.diffusion_limit = text(MAX_FIELD_CHARS)?,
                "rdot" => state.dot_radius_nm = text(MAX_FIELD_CHARS)?,
                "rq" => state.quencher_radius_nm = text(MAX_FIELD_CHARS)?,
                "eta" => state.viscosity_mpa_s = text(MAX_FIELD_CHARS)?,
                "T" => state.temperature_k = text(MAX_FIELD_CHARS)?,
                "weights" => state.weighting = WeightChoice::from_slug(value).ok_or_else(|| bad("weights", value))?,
                "omit" => {
                    state.excluded.clear();
                    for item in value.split(',').filter(|s| !s.trim().is_empty()) {
                        let row = item.trim().parse::<usize>().ok().filter(|&r| (1..=MAX_ROWS).contains(&r)).ok_or_else(|| bad("omit", item))? - 1;
                        // Kept sorted and without repeats (a sort would add its code to the page).
                        if let Err(at) = state.excluded.binary_search(&row) {
                            state.excluded.insert(at, row);
                        }
                    }
                }
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
        let text = report_json(self)?.pretty();
        serde_json::from_str(&text).map_err(|e| e.to_string())
    }

    fn report_csv(&self) -> Option<Result<String, String>> {
        Some(report_csv(self))
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

/// A parameter's profile interval in a fit, if one was computed.
fn profile_of<'a>(fit: &'a ModelFit, name: &str) -> Option<&'a crate::science::fit::ProfileInterval> {
    fit.profiles.iter().find(|p| p.name == name).filter(|_| fit.intervals)
}

/// A fit as JSON: parameters with standard errors, 95 % and profile intervals (null where they
/// mean nothing), the covariance matrix, derived values, statistics, notes and warnings.
fn fit_json(fit: &ModelFit, quencher_molar: &[f64]) -> Json {
    let report = &fit.report;
    // The curve at each measured [Q], with its 95 % confidence band.
    let curve: Vec<Json> = match fit.band(quencher_molar) {
        Some(band) => quencher_molar
            .iter()
            .zip(band)
            .map(|(&q, b)| object! {"q_mol_per_L" => q, "fit" => b.map(|b| b.0), "band95" => b.map(|(y, h)| [y - h, y + h])})
            .collect(),
        None => quencher_molar.iter().map(|&q| object! {"q_mol_per_L" => q, "fit" => fit.curve(q), "band95" => Json::Null}).collect(),
    };
    let meaningful = |e: &crate::science::fit::Estimate| fit.intervals && e.is_free();
    let params = report
        .parameters
        .iter()
        .map(|e| {
            let profile = profile_of(fit, &e.name).map(|p| [p.lower, p.upper]);
            let at_bound = e.at_bound.map(|b| if b == Bound::Lower { "lower" } else { "upper" });
            let value = object! {"value" => e.value, "stderr" => meaningful(e).then_some(e.std_error),
                "ci95" => meaningful(e).then_some([e.ci95.0, e.ci95.1]), "profile95" => profile,
                "fixed" => e.fixed, "at_bound" => at_bound};
            (e.name.clone(), value)
        })
        .collect();
    let derived: Vec<Json> = fit
        .derived
        .iter()
        .map(|d| object! {"name" => d.name, "value" => d.value, "stderr" => fit.intervals.then_some(d.std_error), "ci95" => d.ci95.filter(|_| fit.intervals).map(|c| [c.0, c.1]), "unit" => d.unit})
        .collect();
    let names: Vec<String> = report.parameters.iter().map(|e| e.name.clone()).collect();
    let matrix: Vec<Json> = report.covariance.iter().map(|row| Json::from(row.as_slice())).collect();
    object! {
        "model" => fit.model.map(ModelKind::slug).unwrap_or("typed"),
        "label" => fit.label(),
        "equation" => fit.model.map(ModelKind::equation),
        "params" => Json::Obj(params),
        "covariance" => object! {"names" => names, "matrix" => matrix},
        "intervals_meaningful" => fit.intervals,
        "derived" => derived,
        "rss" => report.rss, "dof" => report.dof, "points" => report.points, "free_parameters" => report.free_parameters,
        "residual_sd" => report.residual_sd, "r2" => report.r_squared, "aicc" => report.aicc,
        "reduced_chi2" => report.reduced_chi_squared, "converged" => report.converged,
        "iterations" => report.iterations, "message" => report.message.as_str(),
        "curve" => curve,
        "notes" => fit.notes.clone(), "warnings" => fit.warnings.clone(),
    }
}

/// A linearised line as JSON, with its caveat.
fn line_json(line: &Result<Line, fit::FitError>) -> Json {
    match line {
        Ok(line) => object! {
            "derived" => line.derived.iter().map(|d| object! {"name" => d.name, "value" => d.value, "stderr" => d.std_error, "ci95" => d.ci95.map(|c| [c.0, c.1]), "unit" => d.unit}).collect::<Vec<_>>(),
            "rss" => line.fit.rss, "dof" => line.fit.dof, "r2" => line.fit.r_squared,
            "caveat" => "Reciprocals distort the errors: this line's standard errors and intervals are not a valid test.",
        },
        Err(e) => object! {"error" => e.to_string()},
    }
}

/// The fits as JSON for `photocalc eval` (as a `serde_json::Value`, see [`Calculator::report`])
/// and for the page's download (as text, through [`report_json`], without serde_json).
pub fn report_json(state: &QuenchState) -> Result<Json, String> {
    let (data, measurements, analysis) = match state.evaluate() {
        QuenchOutcome::NeedsInput(errors) => {
            let (shown, more) = crate::state::table::capped(errors.iter().map(|e| e.message.as_str()));
            return Err(shown.into_iter().map(str::to_string).chain(crate::state::table::more_messages(more)).collect::<Vec<_>>().join(" "));
        }
        QuenchOutcome::Fitted { data, measurements, analysis } => (data, measurements, analysis),
    };
    let fits: Vec<Json> = analysis
        .fits
        .iter()
        .map(|(model, result)| match result {
            Ok(fit) => fit_json(fit, &measurements.quencher_molar),
            Err(e) => object! {"model" => model.slug(), "error" => e.to_string()},
        })
        .collect();
    let comparison: Vec<Json> = analysis
        .comparison()
        .iter()
        .map(|row| {
            let model = row.fit.as_ref().ok().map(|f| f.label()).unwrap_or_else(|| row.label.clone());
            object! {"model" => model, "aicc" => row.fit.as_ref().ok().and_then(|f| f.report.aicc), "delta_aicc" => row.delta, "akaike_weight" => row.weight}
        })
        .collect();
    let nested: Vec<Json> = analysis
        .nested_tests()
        .iter()
        .map(|t| {
            object! {"simple" => t.simple.label(), "complex" => t.complex.label(), "constraint" => t.constraint,
                "f" => t.test.map(|x| x.f), "df" => t.test.map(|x| [x.df_extra, x.df_residual]), "p" => t.test.map(|x| x.p_value)}
        })
        .collect();
    let typed = analysis.typed.as_ref().map(|t| match t {
        Ok(fit) => fit_json(fit, &measurements.quencher_molar),
        Err(e) => object! {"error" => e.as_str()},
    });
    Ok(object! {
        "calculator" => INFO.slug,
        "inputs" => object! {
            "points" => measurements.values.len(),
            "observable" => data.observable.slug(),
            "weighting" => measurements.weighting.describe(),
            "unquenched_fixed" => data.unquenched,
            "quencher_mol_per_L" => measurements.quencher_molar.as_slice(),
            "values" => measurements.values.as_slice(),
            "rows" => measurements.rows.as_slice(),
            "excluded_rows" => data.excluded.iter().map(|e| e.row).collect::<Vec<_>>(),
        },
        "aicc_convention" => "AICc = n ln(RSS/n) + 2K + 2K(K+1)/(n-K-1), K = p + 1",
        "fits" => fits,
        "typed_model" => typed,
        "comparison" => comparison,
        "nested_tests" => nested,
        "stern_volmer_line" => analysis.stern_volmer_line.as_ref().map(line_json),
        "double_reciprocal" => analysis.double_reciprocal.as_ref().map(line_json),
        "notes" => data.notes,
        "warnings" => analysis.warnings,
    })
}

/// The fit report as one tidy CSV table, a row per number: `quantity` is `parameter`,
/// `derived`, `covariance` (of `name` with `with`), `curve` (the fit and its 95 % band at the
/// [Q] in `with`, mol/L) or `statistic`.
pub fn report_csv(state: &QuenchState) -> Result<String, String> {
    let QuenchOutcome::Fitted { analysis, measurements, .. } = state.evaluate() else {
        return Err(report_json(state).err().unwrap_or_default());
    };
    let mut out = String::from("model,quantity,name,with,value,std_error,ci95_low,ci95_high,profile95_low,profile95_high,unit\n");
    let quote = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    let number = |v: Option<f64>| v.filter(|v| v.is_finite()).map(|v| v.to_string()).unwrap_or_default();
    let typed = analysis.typed.as_ref().and_then(|t| t.as_ref().ok());
    let compared = analysis.comparison();
    let all = analysis.fits.iter().filter_map(|(_, r)| r.as_ref().ok()).chain(typed);
    for fit in all {
        let model = quote(&fit.label());
        let mut row = |quantity: &str, name: &str, with: &str, cells: [Option<f64>; 6], unit: &str| {
            let cells: Vec<String> = cells.into_iter().map(number).collect();
            out.push_str(&format!("{model},{quantity},{},{},{},{}\n", quote(name), quote(with), cells.join(","), quote(unit)));
        };
        for e in &fit.report.parameters {
            let ok = fit.intervals && e.is_free();
            let profile = profile_of(fit, &e.name);
            let unit = fit.model.map(|k| k.unit(&e.name)).unwrap_or("");
            row(
                "parameter",
                &e.name,
                "",
                [Some(e.value), ok.then_some(e.std_error), ok.then_some(e.ci95.0), ok.then_some(e.ci95.1), profile.and_then(|p| p.lower), profile.and_then(|p| p.upper)],
                unit,
            );
        }
        for d in &fit.derived {
            let ci = d.ci95.filter(|_| fit.intervals);
            row("derived", d.name, "", [Some(d.value), fit.intervals.then_some(d.std_error), ci.map(|c| c.0), ci.map(|c| c.1), None, None], d.unit);
        }
        for (i, a) in fit.report.parameters.iter().enumerate() {
            for (j, b) in fit.report.parameters.iter().enumerate() {
                row("covariance", &a.name, &b.name, [fit.report.covariance[i].get(j).copied(), None, None, None, None, None], "");
            }
        }
        // The curve and its 95 % band at each measured [Q] (in mol/L, in `with`).
        if let Some(band) = fit.band(&measurements.quencher_molar) {
            for (q, b) in measurements.quencher_molar.iter().zip(band) {
                row("curve", "fit", &q.to_string(), [b.map(|b| b.0), None, b.map(|(y, h)| y - h), b.map(|(y, h)| y + h), None, None], "");
            }
        }
        let weight = compared.iter().find(|c| c.fit.as_ref().is_ok_and(|f| std::ptr::eq(*f, fit)));
        let statistics = [
            ("n", Some(fit.report.points as f64)),
            ("dof", Some(fit.report.dof as f64)),
            ("rss", Some(fit.report.rss)),
            ("r2", fit.report.r_squared),
            ("aicc", fit.report.aicc),
            ("delta_aicc", weight.and_then(|w| w.delta)),
            ("akaike_weight", weight.and_then(|w| w.weight)),
        ];
        for (name, value) in statistics {
            row("statistic", name, "", [value, None, None, None, None, None], "");
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_parses_with_i0_left_to_the_fits() {
        let data = QuenchState::example().data().unwrap();
        assert_eq!(data.unquenched, None, "I₀ is a parameter, not the first row");
        assert_eq!(data.quencher_molar[1], 1e-6);
        assert_eq!(data.values.len(), 9);
        assert_eq!(data.rows, (1..=9).collect::<Vec<_>>());
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
    fn without_a_zero_row_i0_is_extrapolated_or_held_at_the_value_typed() {
        let mut state = QuenchState::example();
        state.rows.remove(0);
        let data = state.data().unwrap();
        assert!(data.notes.iter().any(|n| n.contains("No row has [Q] = 0") && n.contains("extrapolated")), "{:?}", data.notes);
        state.unquenched = "1000".into();
        let data = state.data().unwrap();
        assert_eq!(data.unquenched, Some(1000.0));
        assert!(data.notes.iter().any(|n| n.contains("held at the value typed")), "{:?}", data.notes);
        let QuenchOutcome::Fitted { analysis, .. } = state.evaluate() else { panic!() };
        let i0 = analysis.fits[0].1.as_ref().unwrap().report.get("I₀").unwrap().clone();
        assert!(i0.fixed && i0.value == 1000.0, "{i0:?}");
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
        let QuenchOutcome::Fitted { analysis, .. } = state.evaluate() else { panic!("typed model must fit") };
        // The Langmuir form typed on the ΔI/I₀ scale is fitted to the intensities like the
        // built-in one, so it gives the same K, to the last digits.
        let typed = analysis.typed.as_ref().unwrap().as_ref().unwrap();
        let k = typed.report.get("K").unwrap();
        let built_in = analysis.fits.iter().find(|(m, _)| *m == ModelKind::Langmuir).unwrap().1.as_ref().unwrap();
        let k_l = built_in.report.get("K_L").unwrap();
        assert!((k.value - k_l.value).abs() < 1e-6 * k_l.value && (k.std_error - k_l.std_error).abs() < 1e-5 * k_l.std_error, "{k:?} vs {k_l:?}");
        assert_eq!(typed.report.aicc.map(|a| (a * 1e6).round()), built_in.report.aicc.map(|a| (a * 1e6).round()), "the same fit has the same AICc");
        state.typed_model = "1 + K*".into();
        let QuenchOutcome::Fitted { analysis, .. } = state.evaluate() else { panic!() };
        let message = analysis.typed.unwrap().unwrap_err();
        assert!(message.contains("character"), "{message}");
    }

    #[test]
    fn start_values_and_fixed_parameters_reach_the_typed_fit() {
        let mut state = QuenchState::example();
        state.typed_model = "m*K*x/(1 + K*x)".into();
        state.typed_scale = TypedScale::Quenched;
        state.typed_starts = "K=2e5; m=0.7 fixed".into();
        let QuenchOutcome::Fitted { analysis, .. } = state.evaluate() else { panic!("must fit") };
        let m = analysis.typed.unwrap().unwrap().report.get("m").unwrap().clone();
        assert!(m.fixed && m.value == 0.7, "{m:?}");
        state.typed_starts = "q=1".into();
        let QuenchOutcome::Fitted { analysis, .. } = state.evaluate() else { panic!() };
        let message = analysis.typed.unwrap().unwrap_err();
        assert!(message.contains("no parameter called \"q\""), "{message}");
        assert!(parse_starts("K 5").unwrap_err().contains("name=value"));
        assert_eq!(parse_starts(" K = -1e3 ").unwrap(), vec![("K".to_string(), -1e3, false)]);
    }

    #[test]
    fn an_unusable_rate_setting_says_what_k_q_does_meanwhile() {
        let mut state = QuenchState::example();
        state.tau0_ns = "abc".into();
        state.quencher_radius_nm = "0.4".into();
        state.dot_radius_nm = "-1".into();
        let (tau0, limit, errors) = state.rate_settings();
        assert_eq!(tau0, TauZero::Invalid);
        assert!(errors[0].message.ends_with("k_q is not shown until it is."), "{}", errors[0].message);
        // The radius is not used: k_q is compared with the default limit, which the page shows
        // as the one in use, and the message says so rather than that no comparison is made.
        assert_eq!(limit, DiffusionLimit::default());
        assert_eq!(errors[1].setting, Some(Setting::DotRadius));
        assert!(errors[1].message.ends_with("Until it is, k_q is compared with the limit said under “In use”."), "{}", errors[1].message);
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
    #[test]
    fn fits_while_typing_from_an_edit_ago_find_what_the_usual_starts_find() {
        // A 1000-row Langmuir table with ±1 % scatter; an edit ago its fourth value was 2 %
        // lower. Started from that edit's parameters, each fit ends where the usual starts
        // lead, to nine digits, in no more iterations; a small table ignores them.
        let rows = (0..1000)
            .map(|i| {
                let q_um = i as f64 * 0.02;
                let kq = 2.5e5 * q_um * 1e-6;
                let pattern = ((i * 7919) % 13) as f64 / 6.0 - 1.0;
                Row::new(&q_um.to_string(), &format!("{:.1}", 1000.0 * (1.0 - 0.7 * kq / (1.0 + kq)) * (1.0 + 0.01 * pattern)))
            })
            .collect();
        let state = QuenchState { rows, ..QuenchState::example() };
        let mut before = state.clone();
        before.rows[3].value = format!("{:.1}", before.rows[3].value.parse::<f64>().unwrap() * 0.98);
        let previous = before.evaluate_while_typing(None);
        let fits = |outcome: &QuenchOutcome| match outcome {
            QuenchOutcome::Fitted { analysis, .. } => analysis.fits.iter().map(|(_, f)| f.as_ref().unwrap().report.clone()).collect::<Vec<_>>(),
            QuenchOutcome::NeedsInput(e) => panic!("{e:?}"),
        };
        let (cold, warm) = (fits(&state.evaluate_while_typing(None)), fits(&state.evaluate_while_typing(Some(&previous))));
        assert_eq!(cold.len(), 2);
        for (c, w) in cold.iter().zip(&warm) {
            for (a, b) in c.values().iter().zip(w.values()) {
                assert!((a - b).abs() <= 1e-9 * a.abs(), "{:?} against {:?}", c.values(), w.values());
            }
            assert!(w.iterations <= c.iterations, "{} iterations from an edit ago, {} from the usual starts", w.iterations, c.iterations);
        }
        assert!(warm.iter().zip(&cold).any(|(w, c)| w.iterations < c.iterations));
        let small = QuenchState::example();
        assert_eq!(small.evaluate_while_typing(Some(&previous)), small.evaluate_while_typing(None));
    }
}
