//! The `photocalc` command line: the same core and link codec as the page.
//!
//! ```text
//! photocalc eval '<share link>' | state.json    print the calculation as JSON
//! photocalc link state.json [--base URL]        print the share link for a state file
//! ```
//! A state file is a JSON object with the link's keys, e.g.
//! `{"calculator": "qd", "material": "CdTe", "lambda": 516, "A": 0.1}`; numbers may be
//! written as numbers or strings, and `spectrum` may be a list of `[wavelength, absorbance]`.

use serde_json::{json, Map, Value};

use crate::science::qd::{self, SizingResult};
use crate::state::codec::encode_table;
use crate::state::qd::QdOutcome;
use crate::state::{decode, encode_qd, AppState, Route};

const USAGE: &str = "usage: photocalc eval <share link | state.json> | photocalc link <state.json> [--base URL]";

/// Runs the command line; `Ok` is printed to standard output, `Err` is a one-line message.
pub fn run(args: &[String]) -> Result<String, String> {
    match args.first().map(String::as_str) {
        Some("eval") => {
            let source = args.get(1).ok_or(USAGE)?;
            let state = load(source)?;
            eval_json(&state).map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
        }
        Some("link") => {
            let source = args.get(1).ok_or(USAGE)?;
            let base = match args.get(2).map(String::as_str) {
                Some("--base") => args.get(3).ok_or("--base needs a URL")?.trim_end_matches('#').to_string(),
                Some(other) => return Err(format!("unknown option {other}; {USAGE}")),
                None => String::new(),
            };
            let state = load(source)?;
            Ok(format!("{base}{}", encode_qd(&state.qd)))
        }
        Some("-h") | Some("--help") | Some("help") => Ok(USAGE.to_string()),
        Some(other) => Err(format!("unknown command {other}; {USAGE}")),
        None => Err(USAGE.to_string()),
    }
}

/// Reads a share link, or a state file if the argument names an existing file.
fn load(source: &str) -> Result<AppState, String> {
    let path = std::path::Path::new(source);
    if !source.contains('#') && path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {source}: {e}"))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| format!("{source} is not valid JSON: {e}"))?;
        return state_from_json(&value);
    }
    // Without a '#', only a bare fragment (`/qd?lambda=516`) is a link: an absolute path to a
    // missing file must be reported as such, not as a link to an unknown calculator.
    let is_link = source.contains('#') || (source.starts_with('/') && source.contains('?'));
    if !is_link {
        return Err(format!("{source} is neither a share link (it has no '#') nor a readable file"));
    }
    let state = decode(source).map_err(|e| e.to_string())?;
    if state.route == Route::Home {
        return Err("the link opens the home page, not a calculator".into());
    }
    Ok(state)
}

/// Turns a state file's JSON object into the link's pairs and decodes those, so that a file
/// and a link can never mean different things.
fn state_from_json(value: &Value) -> Result<AppState, String> {
    let object = value.as_object().ok_or("the state file must hold a JSON object")?;
    let calculator = object.get("calculator").and_then(Value::as_str).unwrap_or("qd");
    let mut pairs = Vec::new();
    for (key, v) in object {
        let text = match (key.as_str(), v) {
            ("calculator", _) => continue,
            ("spectrum", Value::Array(rows)) => {
                let table = rows
                    .iter()
                    .map(|row| {
                        let pair = row.as_array().filter(|r| r.len() == 2)?;
                        Some((pair[0].as_f64()?, pair[1].as_f64()?))
                    })
                    .collect::<Option<Vec<_>>>()
                    .ok_or("spectrum must be a list of [wavelength, absorbance] pairs")?;
                encode_table(&table)
            }
            (_, Value::String(s)) => s.clone(),
            (_, Value::Number(n)) => n.to_string(),
            (_, Value::Null) => String::new(),
            (key, _) => return Err(format!("{key} must be a number or a string")),
        };
        pairs.push(format!("{}={}", key, crate::state::codec::percent_encode(&text)));
    }
    decode(&format!("#/{calculator}?{}", pairs.join("&"))).map_err(|e| e.to_string())
}

/// The calculation as JSON: calculator, inputs, outputs (units in the key names), warnings.
pub fn eval_json(app: &AppState) -> Result<Value, String> {
    let state = &app.qd;
    let outcome = state.evaluate();
    let (peak_nm, sized): (Option<f64>, &SizingResult) = match &outcome {
        QdOutcome::NeedsInput(errors) => {
            return Err(errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "))
        }
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
    let peak_for_comparison = peak_nm.or_else(|| state.peak_nm.trim().parse().ok());
    let comparison: Vec<Value> = peak_for_comparison
        .map(|p| qd::compare_models(state.material, p, &brus))
        .unwrap_or_default()
        .into_iter()
        .map(|row| json!({"model": row.model.slug(), "diameter_nm": row.diameter_nm, "in_range": row.in_range, "note": row.note}))
        .collect();
    Ok(json!({
        "calculator": "qd",
        "citation": model.citation(state.material),
        "inputs": inputs,
        "outputs": outputs,
        "model_comparison": comparison,
        "warnings": sized.warnings.iter().map(|w| w.message.clone()).collect::<Vec<_>>(),
    }))
}
