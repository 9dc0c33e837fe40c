//! The quantum-dot sizing calculator's state: the text the user typed, its parsing into
//! [`SizingInputs`] with a message per field, and its share-link form.

pub mod import;
pub mod view;

use serde::{Deserialize, Serialize};

use serde_json::{json, Map, Value};

use super::calculator::{Calculator, Info};
use super::codec::{decode_table, encode_table, LinkError, MAX_FIELD_CHARS};
use super::number::{field_note, parse_number, NumberRule};
use crate::science::qd::{self, BrusParameters, Material, Model, SizingInputs, SizingResult};
use crate::science::spectrum::Spectrum;

/// A spectrum's form in a link: its (wavelength, absorbance) rows, deflated and base64url-encoded.
pub fn encode_spectrum(spectrum: &Spectrum) -> String {
    let rows: Vec<(f64, f64)> = spectrum
        .wavelength_nm
        .iter()
        .copied()
        .zip(spectrum.absorbance.iter().copied())
        .collect();
    encode_table(&rows)
}

/// Forward (peak → size) or inverse (wanted size → peak).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Mode {
    #[default]
    PeakToSize,
    SizeToPeak,
}

/// Unit in which molar concentrations are displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ConcentrationUnit {
    Molar,
    Millimolar,
    #[default]
    Micromolar,
    Nanomolar,
}

impl ConcentrationUnit {
    pub const ALL: [ConcentrationUnit; 4] = [
        ConcentrationUnit::Molar,
        ConcentrationUnit::Millimolar,
        ConcentrationUnit::Micromolar,
        ConcentrationUnit::Nanomolar,
    ];
    /// Display symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            ConcentrationUnit::Molar => "M",
            ConcentrationUnit::Millimolar => "mM",
            ConcentrationUnit::Micromolar => "µM",
            ConcentrationUnit::Nanomolar => "nM",
        }
    }
    /// ASCII form used in links.
    pub fn slug(self) -> &'static str {
        match self {
            ConcentrationUnit::Molar => "M",
            ConcentrationUnit::Millimolar => "mM",
            ConcentrationUnit::Micromolar => "uM",
            ConcentrationUnit::Nanomolar => "nM",
        }
    }
    pub fn from_slug(slug: &str) -> Option<Self> {
        let slug = slug.trim().replace('µ', "u");
        Self::ALL.into_iter().find(|u| u.slug() == slug)
    }
    /// How many of this unit make one mol/L.
    pub fn per_molar(self) -> f64 {
        match self {
            ConcentrationUnit::Molar => 1.0,
            ConcentrationUnit::Millimolar => 1e3,
            ConcentrationUnit::Micromolar => 1e6,
            ConcentrationUnit::Nanomolar => 1e9,
        }
    }
}

impl crate::state::choice::Choice for ConcentrationUnit {
    fn all() -> &'static [Self] {
        &Self::ALL
    }
    fn slug(self) -> &'static str {
        ConcentrationUnit::slug(self)
    }
    fn label(self) -> &'static str {
        self.symbol()
    }
}

/// Every input of the calculator, as typed. Empty optional fields mean "not given";
/// empty Brus fields mean "the material's default".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QdState {
    pub material: Material,
    pub model: Model,
    pub mode: Mode,
    pub peak_nm: String,
    pub absorbance: String,
    pub absorbance_400nm: String,
    pub path_length_cm: String,
    pub dilution: String,
    pub hwhm_nm: String,
    pub wanted_diameter_nm: String,
    pub unit: ConcentrationUnit,
    pub band_gap_ev: String,
    pub electron_mass: String,
    pub hole_mass: String,
    pub permittivity: String,
    /// An imported spectrum (wavelength nm, absorbance), kept for the chart and the link.
    pub spectrum: Option<Spectrum>,
}

impl Default for QdState {
    fn default() -> Self {
        QdState {
            material: Material::CdTe,
            model: Model::YuPeng,
            mode: Mode::PeakToSize,
            peak_nm: String::new(),
            absorbance: String::new(),
            absorbance_400nm: String::new(),
            path_length_cm: "1".into(),
            dilution: "1".into(),
            hwhm_nm: String::new(),
            wanted_diameter_nm: String::new(),
            unit: ConcentrationUnit::Micromolar,
            band_gap_ev: String::new(),
            electron_mass: String::new(),
            hole_mass: String::new(),
            permittivity: String::new(),
            spectrum: None,
        }
    }
}

/// The inputs of the calculator, each addressable for its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Field {
    Peak,
    Absorbance,
    Absorbance400,
    PathLength,
    Dilution,
    Hwhm,
    WantedDiameter,
    BandGap,
    ElectronMass,
    HoleMass,
    Permittivity,
}

/// A problem with one typed field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

/// What the calculator shows for a state.
#[derive(Debug, Clone, PartialEq)]
pub enum QdOutcome {
    /// Some fields need attention; nothing is computed from them.
    NeedsInput(Vec<FieldError>),
    /// The inputs are well-formed but the model gives no answer (outside its domain, …).
    NoAnswer(qd::QdError),
    Sized(SizingResult),
    /// Inverse mode: the peak wavelength for the wanted diameter, and sizing at that peak.
    Peak { peak_nm: f64, sized: SizingResult },
}

impl QdState {
    /// Brus parameters: typed values where given, else the material's defaults.
    pub fn brus(&self) -> Result<BrusParameters, Vec<FieldError>> {
        let defaults = self.material.bulk().brus;
        let mut errors = Vec::new();
        let mut take = |text: &str, field: Field, default: f64, name: &str| -> f64 {
            if text.trim().is_empty() {
                return default;
            }
            match parse_number(text, NumberRule::Positive, name) {
                Ok(v) => v,
                Err(message) => {
                    errors.push(FieldError { field, message });
                    default
                }
            }
        };
        let brus = BrusParameters {
            band_gap_ev: take(&self.band_gap_ev, Field::BandGap, defaults.band_gap_ev, "The band gap"),
            electron_mass_ratio: take(&self.electron_mass, Field::ElectronMass, defaults.electron_mass_ratio, "The electron effective mass"),
            hole_mass_ratio: take(&self.hole_mass, Field::HoleMass, defaults.hole_mass_ratio, "The hole effective mass"),
            relative_permittivity: take(&self.permittivity, Field::Permittivity, defaults.relative_permittivity, "The relative permittivity"),
        };
        if errors.is_empty() {
            Ok(brus)
        } else {
            Err(errors)
        }
    }

    /// How numbers that read two ways (`1,000`) were read, one sentence per field.
    pub fn reading_notes(&self) -> Vec<String> {
        let fields = [
            ("λ", &self.peak_nm),
            ("A", &self.absorbance),
            ("A(400 nm)", &self.absorbance_400nm),
            ("path length", &self.path_length_cm),
            ("dilution", &self.dilution),
            ("HWHM", &self.hwhm_nm),
            ("D", &self.wanted_diameter_nm),
            ("E_g", &self.band_gap_ev),
            ("m*e", &self.electron_mass),
            ("m*h", &self.hole_mass),
            ("εr", &self.permittivity),
        ];
        fields.iter().filter_map(|(name, text)| field_note(text).map(|note| format!("{name}: {note}"))).collect()
    }

    /// The model actually used: the chosen one if calibrated for the material, else the
    /// material's recommended model (a link may pair them wrongly).
    pub fn effective_model(&self) -> Model {
        if self.model.applies_to(self.material) {
            self.model
        } else {
            self.material.models()[0]
        }
    }

    /// Parses the typed fields into inputs for the science core, or says what is wrong
    /// with each field. `peak_override` replaces the typed peak (inverse mode).
    fn inputs(&self, peak_override: Option<f64>) -> Result<SizingInputs, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut field = |text: &str, field: Field, rule: NumberRule, name: &str| -> Option<f64> {
            match parse_number(text, rule, name) {
                Ok(v) => Some(v),
                Err(message) => {
                    errors.push(FieldError { field, message });
                    None
                }
            }
        };
        let optional = |text: &str| !text.trim().is_empty();
        let peak = match peak_override {
            Some(p) => Some(p),
            None => field(&self.peak_nm, Field::Peak, NumberRule::Positive, "The peak wavelength"),
        };
        let absorbance = optional(&self.absorbance)
            .then(|| field(&self.absorbance, Field::Absorbance, NumberRule::NonNegative, "The absorbance"))
            .flatten();
        let absorbance_400 = optional(&self.absorbance_400nm)
            .then(|| field(&self.absorbance_400nm, Field::Absorbance400, NumberRule::NonNegative, "The absorbance at 400 nm"))
            .flatten();
        let path = field(&self.path_length_cm, Field::PathLength, NumberRule::Positive, "The path length");
        let dilution = field(&self.dilution, Field::Dilution, NumberRule::AtLeastOne, "The dilution factor");
        let hwhm = optional(&self.hwhm_nm)
            .then(|| field(&self.hwhm_nm, Field::Hwhm, NumberRule::Positive, "The HWHM"))
            .flatten();
        let brus = match self.brus() {
            Ok(b) => Some(b),
            Err(mut e) => {
                errors.append(&mut e);
                None
            }
        };
        match (peak, path, dilution, brus) {
            (Some(peak_nm), Some(path_length_cm), Some(dilution_factor), Some(brus)) if errors.is_empty() => {
                Ok(SizingInputs {
                    material: self.material,
                    model: self.effective_model(),
                    peak_nm,
                    absorbance_at_peak: absorbance,
                    absorbance_at_400nm: absorbance_400,
                    path_length_cm,
                    dilution_factor,
                    hwhm_nm: hwhm,
                    brus,
                })
            }
            _ => Err(errors),
        }
    }

    /// Computes what the page shows. Never panics; every number in the outcome is finite.
    pub fn evaluate(&self) -> QdOutcome {
        match self.mode {
            Mode::PeakToSize => match self.inputs(None) {
                Err(errors) => QdOutcome::NeedsInput(errors),
                Ok(inputs) => match qd::size(&inputs) {
                    Ok(result) => QdOutcome::Sized(result),
                    Err(e) => QdOutcome::NoAnswer(e),
                },
            },
            Mode::SizeToPeak => {
                let wanted = parse_number(&self.wanted_diameter_nm, NumberRule::Positive, "The wanted diameter");
                let brus = self.brus();
                let (wanted, brus) = match (wanted, brus) {
                    (Ok(w), Ok(b)) => (w, b),
                    (w, b) => {
                        let mut errors = Vec::new();
                        if let Err(message) = w {
                            errors.push(FieldError { field: Field::WantedDiameter, message });
                        }
                        if let Err(mut e) = b {
                            errors.append(&mut e);
                        }
                        return QdOutcome::NeedsInput(errors);
                    }
                };
                let peak = match qd::peak_for_diameter_nm(self.effective_model(), self.material, wanted, &brus) {
                    Ok(p) => p,
                    Err(e) => return QdOutcome::NoAnswer(e),
                };
                match self.inputs(Some(peak)) {
                    Err(errors) => QdOutcome::NeedsInput(errors),
                    Ok(inputs) => match qd::size(&inputs) {
                        Ok(sized) => QdOutcome::Peak { peak_nm: peak, sized },
                        Err(e) => QdOutcome::NoAnswer(e),
                    },
                }
            }
        }
    }

    /// The link's pairs without the spectrum table, for callers that cache the table's
    /// encoding (deflating it on every keystroke would cost a frame).
    pub fn scalar_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs: Vec<(&'static str, String)> = vec![
            ("material", self.material.name().to_string()),
            ("model", self.model.slug().to_string()),
        ];
        if self.mode == Mode::SizeToPeak {
            pairs.push(("mode", "inverse".into()));
        }
        // A typed diameter is kept in forward mode too: switching modes on a reopened link
        // must find what was typed, like every other field.
        if self.mode == Mode::SizeToPeak || !self.wanted_diameter_nm.is_empty() {
            pairs.push(("D", self.wanted_diameter_nm.clone()));
        }
        let texts: [(&'static str, &String); 10] = [
            ("lambda", &self.peak_nm),
            ("A", &self.absorbance),
            ("A400", &self.absorbance_400nm),
            ("path", &self.path_length_cm),
            ("dilution", &self.dilution),
            ("hwhm", &self.hwhm_nm),
            ("eg", &self.band_gap_ev),
            ("me", &self.electron_mass),
            ("mh", &self.hole_mass),
            ("epsr", &self.permittivity),
        ];
        for (key, text) in texts {
            let always = matches!(key, "lambda" | "A" | "path" | "dilution");
            if always || !text.is_empty() {
                pairs.push((key, text.clone()));
            }
        }
        if self.unit != ConcentrationUnit::default() {
            pairs.push(("unit", self.unit.slug().to_string()));
        }
        pairs
    }
}

/// The quantum-dot sizing calculator (`#/qd`, on the home page's page).
pub const INFO: Info = Info {
    slug: "qd",
    page: "index.html",
    nav: "QD sizing",
    title: "Quantum-dot sizing",
    summary: "Diameter, extinction coefficient and concentration from the first excitonic absorption peak (Yu–Peng, Jasieniak, Moreels, Brus), with spectrum import.",
};

impl Calculator for QdState {
    const INFO: &'static Info = &INFO;

    /// The case of Han et al.'s paper (supporting information): TGA-CdTe with its first
    /// exciton at 516 nm.
    fn example() -> Self {
        QdState {
            peak_nm: "516".into(),
            absorbance: "0.1".into(),
            ..QdState::default()
        }
    }


    /// The link's key-value pairs, in a stable order; defaults are left out except the
    /// ones that make the documented readable form.
    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = self.scalar_pairs();
        if let Some(table) = self.spectrum.as_ref().map(encode_spectrum) {
            pairs.push(("spectrum", table));
        }
        pairs
    }


    /// Builds a state from a link's pairs. Unknown keys are ignored so that links from
    /// later versions with extra settings still open; known keys with bad values are errors.
    fn from_pairs(pairs: &[(String, String)]) -> Result<Self, LinkError> {
        let mut state = QdState::default();
        let bad = |key: &str, value: &str| LinkError::BadValue {
            key: key.to_string(),
            value: value.chars().take(40).collect(),
        };
        for (key, value) in pairs {
            let text = || -> Result<String, LinkError> {
                if value.chars().count() > MAX_FIELD_CHARS {
                    Err(LinkError::FieldTooLong(key.clone()))
                } else {
                    Ok(value.clone())
                }
            };
            match key.as_str() {
                "material" => state.material = Material::from_name(value).ok_or_else(|| bad("material", value))?,
                "model" => state.model = Model::from_slug(value).ok_or_else(|| bad("model", value))?,
                "mode" => {
                    state.mode = match value.as_str() {
                        "inverse" => Mode::SizeToPeak,
                        "forward" | "" => Mode::PeakToSize,
                        _ => return Err(bad("mode", value)),
                    }
                }
                "lambda" => state.peak_nm = text()?,
                "A" => state.absorbance = text()?,
                "A400" => state.absorbance_400nm = text()?,
                "path" => state.path_length_cm = text()?,
                "dilution" => state.dilution = text()?,
                "hwhm" => state.hwhm_nm = text()?,
                "D" => state.wanted_diameter_nm = text()?,
                "eg" => state.band_gap_ev = text()?,
                "me" => state.electron_mass = text()?,
                "mh" => state.hole_mass = text()?,
                "epsr" => state.permittivity = text()?,
                "unit" => state.unit = ConcentrationUnit::from_slug(value).ok_or_else(|| bad("unit", value))?,
                "spectrum" => {
                    let rows = decode_table(value)?;
                    let (wavelength_nm, absorbance): (Vec<f64>, Vec<f64>) = rows.into_iter().unzip();
                    state.spectrum = Some(
                        Spectrum::new(wavelength_nm, absorbance)
                            .map_err(|e| LinkError::BadTable(e.to_string()))?,
                    );
                }
                _ => {}
            }
        }
        Ok(state)
    }

    fn report(&self) -> Result<Value, String> {
        report(self)
    }

    /// `spectrum` may be a list of `[wavelength, absorbance]` pairs, in either order of
    /// wavelength (instruments export descending); it is sorted ascending, as the importer sorts.
    fn link_value_from_json(key: &str, value: &Value) -> Option<Result<String, String>> {
        let (Value::Array(rows), "spectrum") = (value, key) else { return None };
        let table = rows
            .iter()
            .map(|row| {
                let pair = row.as_array().filter(|r| r.len() == 2)?;
                Some((pair[0].as_f64()?, pair[1].as_f64()?))
            })
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| "spectrum must be a list of [wavelength, absorbance] pairs".to_string());
        Some(table.map(|mut t| {
            t.sort_by(|a, b| a.0.total_cmp(&b.0));
            encode_table(&t)
        }))
    }
}

/// The calculation as JSON for `photocalc eval` (see [`Calculator::report`]). A state with a
/// spectrum and no typed peak is sized at the spectrum's first excitonic peak, found as the
/// page's importer finds it.
fn report(typed: &QdState) -> Result<Value, String> {
    let (state, found) = match typed.with_peak_from_spectrum() {
        None => (typed.clone(), None),
        Some(Ok((filled, peak))) => (filled, Some(peak)),
        Some(Err(message)) => return Err(message),
    };
    let state = &state;
    let outcome = state.evaluate();
    let (peak_nm, sized): (Option<f64>, &SizingResult) = match &outcome {
        QdOutcome::NeedsInput(errors) => return Err(errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" ")),
        QdOutcome::NoAnswer(e) => return Err(e.to_string()),
        QdOutcome::Sized(result) => (None, result),
        QdOutcome::Peak { peak_nm, sized } => (Some(*peak_nm), sized),
    };
    let model = state.effective_model();
    let mut inputs = Map::new();
    inputs.insert("material".into(), json!(state.material.name()));
    inputs.insert("model".into(), json!(model.slug()));
    for (key, value) in state.to_pairs() {
        if !matches!(key, "material" | "model" | "spectrum") {
            inputs.insert(key.into(), json!(value));
        }
    }
    if let Some(spectrum) = &state.spectrum {
        inputs.insert("spectrum_points".into(), json!(spectrum.wavelength_nm.len()));
    }
    let mut outputs = Map::new();
    if let Some(p) = &found {
        outputs.insert(
            "spectrum_peak".into(),
            json!({"wavelength_nm": p.wavelength_nm, "absorbance": p.absorbance, "hwhm_nm": p.hwhm_nm, "shoulder": p.is_shoulder}),
        );
    }
    if let Some(p) = peak_nm {
        outputs.insert("peak_wavelength_nm".into(), json!(p));
    }
    outputs.insert("diameter_nm".into(), json!(sized.diameter_nm));
    if let Some((lo, hi)) = sized.diameter_spread_nm {
        outputs.insert("diameter_range_from_hwhm_nm".into(), json!([lo, hi]));
    }
    if let Some(eps) = sized.extinction {
        outputs.insert("extinction_coefficient_L_per_mol_cm".into(), json!(eps.value_l_per_mol_cm));
        outputs.insert("extinction_coefficient_relative_uncertainty".into(), json!(eps.relative_uncertainty));
        outputs.insert("extinction_coefficient_at_nm".into(), json!(eps.at_nm));
    }
    if let Some(c) = sized.concentration {
        outputs.insert("concentration_mol_per_L".into(), json!(c.molar_mol_per_l));
        outputs.insert("concentration_relative_uncertainty".into(), json!(c.relative_uncertainty));
        outputs.insert("particles_per_mL".into(), json!(c.particles_per_ml));
        outputs.insert("mass_concentration_mg_per_mL".into(), json!(c.mass_g_per_l));
    }
    outputs.insert("mass_per_particle_g".into(), json!(sized.mass_per_particle_g));
    outputs.insert("formula_units_per_particle".into(), json!(sized.formula_units_per_particle));
    let brus = state.brus().unwrap_or(state.material.bulk().brus);
    // The peak as the page reads it (`516,5` too), so that both compare the same models.
    let peak_for_comparison = peak_nm.or_else(|| parse_number(&state.peak_nm, NumberRule::Positive, "").ok());
    let comparison: Vec<Value> = peak_for_comparison
        .map(|p| qd::compare_models(state.material, p, &brus))
        .unwrap_or_default()
        .into_iter()
        .map(|row| json!({"model": row.model.slug(), "diameter_nm": row.diameter_nm, "in_range": row.in_range, "note": row.note}))
        .collect();
    let mut warnings: Vec<String> = typed.reading_notes();
    warnings.extend(state.result_warnings(sized));
    if let Some(spectrum) = &state.spectrum {
        warnings.extend(import::spectrum_notes(spectrum));
    }
    Ok(json!({
        "calculator": INFO.slug,
        "citation": model.citation(state.material),
        "inputs": inputs,
        "outputs": outputs,
        "model_comparison": comparison,
        "warnings": warnings,
    }))
}
