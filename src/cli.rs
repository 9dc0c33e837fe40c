//! The `photocalc` command line: the same core and link codec as the page.
//!
//! ```text
//! photocalc eval '<share link>' | state.json    print the calculation as JSON
//! photocalc link state.json [--base URL]        print the share link for a state file
//! photocalc fit --model EXPR --data FILE [--start name=value,...] [--weights-column N]
//!                                               fit a typed model, print the estimates as JSON
//! ```
//! A state file is a JSON object with the link's keys, e.g.
//! `{"calculator": "qd", "material": "CdTe", "lambda": 516, "A": 0.1}`; numbers may be
//! written as numbers or strings, and `spectrum` may be a list of `[wavelength, absorbance]`.

use serde_json::{json, Map, Value};

use crate::science::qd::{self, SizingResult};
use crate::state::codec::encode_table;
use crate::state::qd::QdOutcome;
use crate::state::quench::{QuenchOutcome, QuenchState};
use crate::state::{decode, encode_qd, encode_quench, AppState, Calculator, Route};

const USAGE: &str = "usage: photocalc eval <share link | state.json> | photocalc link <state.json> [--base URL] | photocalc fit --model EXPR --data FILE [--start name=value,...] [--weights-column N]";

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
            let fragment = match state.route {
                Route::Quench => encode_quench(&state.quench),
                _ => encode_qd(&state.qd),
            };
            Ok(format!("{base}{fragment}"))
        }
        Some("fit") => fit_command(&args[1..]),
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
            ("table", Value::Array(rows)) => {
                let cells = rows
                    .iter()
                    .map(|row| {
                        row.as_array()
                            .map(|cells| cells.iter().map(json_cell).collect::<Option<Vec<String>>>())
                            .flatten()
                    })
                    .collect::<Option<Vec<Vec<String>>>>()
                    .ok_or("table must be a list of rows, each a list of numbers or strings")?;
                crate::state::codec::encode_text_table(&cells)
            }
            ("fit", Value::Array(models)) => models
                .iter()
                .map(|m| m.as_str().map(str::to_string))
                .collect::<Option<Vec<String>>>()
                .ok_or("fit must be a list of model names")?
                .join(","),
            (_, Value::String(s)) => s.clone(),
            (_, Value::Number(n)) => n.to_string(),
            (_, Value::Null) => String::new(),
            (key, _) => return Err(format!("{key} must be a number or a string")),
        };
        pairs.push(format!("{}={}", key, crate::state::codec::percent_encode(&text)));
    }
    decode(&format!("#/{calculator}?{}", pairs.join("&"))).map_err(|e| e.to_string())
}

/// A table cell from JSON: numbers keep their JSON text, strings are taken as typed.
fn json_cell(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

/// The calculation as JSON: calculator, inputs, outputs (units in the key names), warnings.
pub fn eval_json(app: &AppState) -> Result<Value, String> {
    match app.route {
        Route::Quench => quench_json(&app.quench),
        _ => qd_json(app),
    }
}

/// The quenching calculator's fits as JSON.
fn quench_json(state: &QuenchState) -> Result<Value, String> {
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
        "calculator": "quench",
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

/// The quantum-dot sizing calculation as JSON.
fn qd_json(app: &AppState) -> Result<Value, String> {
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

const FIT_USAGE: &str =
    "usage: photocalc fit --model EXPR --data FILE [--start name=value,...] [--weights-column N]";

/// `photocalc fit`: fits a typed model to x, y (and optionally σ) read from a text file.
///
/// The file may be CSV, TSV, semicolon- or whitespace-separated; x is column 1, y column 2,
/// σ the column given by `--weights-column` (1-based). Lines that are not numbers (headers,
/// comments) are skipped; a decimal comma is read where commas do not separate the columns.
/// Start values default to 1.
fn fit_command(args: &[String]) -> Result<String, String> {
    use crate::science::fit::{fit, parse, Data, FitSettings};

    let mut model_text = None;
    let mut data_path = None;
    let mut starts: Vec<(String, f64)> = Vec::new();
    let mut sigma_column = None;
    let mut i = 0;
    while i < args.len() {
        let value = |name: &str| {
            args.get(i + 1)
                .ok_or(format!("{name} needs a value; {FIT_USAGE}"))
        };
        match args[i].as_str() {
            "--model" => model_text = Some(value("--model")?.clone()),
            "--data" => data_path = Some(value("--data")?.clone()),
            "--start" => {
                for pair in value("--start")?
                    .split(',')
                    .filter(|p| !p.trim().is_empty())
                {
                    let (name, number) = pair.split_once('=').ok_or(format!(
                        "--start takes name=value pairs separated by commas, not \"{pair}\""
                    ))?;
                    let number: f64 = number
                        .trim()
                        .parse()
                        .ok()
                        .filter(|v: &f64| v.is_finite())
                        .ok_or(format!(
                            "the start value of {} is not a number: \"{}\"",
                            name.trim(),
                            number.trim()
                        ))?;
                    starts.push((name.trim().to_string(), number));
                }
            }
            "--weights-column" => {
                let n: usize = value("--weights-column")?
                    .parse()
                    .ok()
                    .filter(|&n| n >= 1)
                    .ok_or("--weights-column takes a column number counted from 1")?;
                if n <= 2 {
                    return Err(format!(
                        "--weights-column {n} is the x or y column; σ must be in column 3 or later"
                    ));
                }
                sigma_column = Some(n - 1);
            }
            other => return Err(format!("unknown option {other}; {FIT_USAGE}")),
        }
        i += 2;
    }
    let model_text = model_text.ok_or(format!("--model is required; {FIT_USAGE}"))?;
    let data_path = data_path.ok_or(format!("--data is required; {FIT_USAGE}"))?;
    let model = parse(&model_text).map_err(|e| format!("in the model: {e}"))?;
    let text =
        std::fs::read_to_string(&data_path).map_err(|e| format!("cannot read {data_path}: {e}"))?;
    let table = read_columns(&text, sigma_column.map_or(2, |c| c + 1))
        .map_err(|e| format!("{data_path}: {e}"))?;
    let (x, y) = (&table[0], &table[1]);
    let data = match sigma_column {
        Some(c) => Data::with_sigma(x, y, &table[c]),
        None => Data::new(x, y),
    };
    let mut settings = FitSettings::for_model(&model);
    for (name, value) in &starts {
        settings = settings
            .with_start(&model, name, *value)
            .map_err(|e| e.to_string())?;
    }
    let report = fit(&model, &data, &settings).map_err(|e| e.to_string())?;
    let mut params = Map::new();
    for e in &report.parameters {
        params.insert(
            e.name.clone(),
            json!({"value": e.value, "stderr": e.std_error, "ci95": [e.ci95.0, e.ci95.1]}),
        );
    }
    let mut out = json!({
        "model": model.text(),
        "params": params,
        "points": report.points,
        "rss": report.rss,
        "dof": report.dof,
        "residual_sd": report.residual_sd,
        "r2": report.r_squared,
        "aicc": report.aicc,
        "converged": report.converged,
        "iterations": report.iterations,
        "message": report.message,
    });
    if let Some(chi2) = report.reduced_chi_squared {
        out["reduced_chi2"] = json!(chi2);
    }
    Ok(serde_json::to_string_pretty(&out).unwrap_or_default())
}

/// Reads the first `columns` numeric columns of a text table. Tries tab, semicolon, comma and
/// whitespace as separators and keeps the one that reads the most lines; lines that do not
/// hold `columns` numbers are skipped if they come before the first data line (headers) and
/// are an error after it.
fn read_columns(text: &str, columns: usize) -> Result<Vec<Vec<f64>>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let split = |line: &'_ str, sep: char| -> Option<Vec<f64>> {
        let cells: Vec<&str> = match sep {
            ' ' => line.split_whitespace().collect(),
            c => line.split(c).map(str::trim).collect(),
        };
        if cells.len() < columns {
            return None;
        }
        cells[..columns]
            .iter()
            .map(|cell| {
                let cell = cell.trim().trim_matches('"');
                let normal = if sep != ',' && cell.matches(',').count() == 1 && !cell.contains('.')
                {
                    cell.replace(',', ".")
                } else {
                    cell.to_string()
                };
                normal.parse::<f64>().ok().filter(|v| v.is_finite())
            })
            .collect()
    };
    let separator = ['\t', ';', ',', ' ']
        .into_iter()
        .max_by_key(|&sep| {
            (
                lines.iter().filter(|l| split(l, sep).is_some()).count(),
                std::cmp::Reverse(sep as u32),
            )
        })
        .unwrap_or(' ');
    let mut table = vec![Vec::new(); columns];
    for (number, line) in lines.iter().enumerate() {
        let comment = line.trim_start().starts_with(['#', '%']) || line.trim().is_empty();
        match split(line, separator) {
            Some(row) => {
                for (column, value) in table.iter_mut().zip(row) {
                    column.push(value);
                }
            }
            None if comment || table[0].is_empty() => {}
            None => {
                return Err(format!(
                    "line {} does not hold {columns} numbers: \"{}\"",
                    number + 1,
                    line.chars().take(60).collect::<String>()
                ))
            }
        }
    }
    if table[0].is_empty() {
        return Err(format!(
            "no line holds {columns} numbers (x in column 1, y in column 2)"
        ));
    }
    Ok(table)
}
