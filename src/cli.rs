//! The `photocalc` command line: the same core and link codec as the page.
//!
//! ```text
//! photocalc eval '<share link>' | state.json    print the calculation as JSON
//! photocalc link state.json [--base URL]        print the share link for a state file
//! photocalc fit --model EXPR --data FILE [--start name=value,...] [--weights-column N]
//!                                               fit a typed model, print the estimates as JSON
//! photocalc help [COMMAND] | COMMAND --help     print the help of photocalc or of a command
//! ```
//! A state file is a JSON object with the link's keys, e.g.
//! `{"calculator": "qd", "material": "CdTe", "lambda": 516, "A": 0.1}`; numbers may be
//! written as numbers or strings, and `spectrum` may be a list of `[wavelength, absorbance]`.
//!
//! Arguments are read with `lexopt`, a small parser without dependencies that hands over one
//! argument at a time (`--base URL`, `--base=URL`, `-h`, `--`); the checks and the messages
//! are written here, so that each names the problem and where the help is.

use std::ffi::OsString;

use lexopt::Arg::{Long, Short, Value as Positional};
use lexopt::Parser;
use serde_json::{json, Map, Value};

use crate::science::qd::{self, SizingResult};
use crate::state::codec::encode_table;
use crate::state::qd::QdOutcome;
use crate::state::quench::{QuenchOutcome, QuenchState};
use crate::state::{decode, encode_qd, encode_quench, AppState, Calculator, Route};

/// `photocalc --help`.
const MAIN_HELP: &str = "\
photocalc: the PhotoCalc calculators on the command line, with the same core and share links
as the web app.

Usage:
  photocalc eval <LINK | STATE.json>           print a calculation as JSON
  photocalc link <STATE.json> [--base URL]     print the share link of a state file
  photocalc fit --model EXPR --data FILE ...   fit a typed model to data, print the estimates
  photocalc help [COMMAND]                     print this help, or a command's

Options:
  -h, --help       print this help (`photocalc COMMAND --help` prints a command's)
  -V, --version    print the version

Example:
  photocalc eval '#/qd?v=1&material=CdTe&model=yu-peng&lambda=516&A=0.1'";

/// `photocalc eval --help`.
const EVAL_HELP: &str = "\
photocalc eval: print a calculation as JSON.

Usage:
  photocalc eval <LINK | STATE.json>

Arguments:
  <LINK>        a share link copied from the web app; the part from '#' on is enough
  <STATE.json>  a file holding a JSON object with the link's keys: \"calculator\" is \"qd\"
                (the default) or \"quench\"; numbers may be written as numbers or strings;
                \"spectrum\" may be a list of [wavelength, absorbance] pairs, and a quench
                \"table\" a list of rows and \"fit\" a list of model names

Options:
  -h, --help    print this help

The JSON holds the calculator, its inputs, its outputs (units in the key names) and warnings.

Examples:
  photocalc eval '#/qd?v=1&material=CdTe&model=yu-peng&lambda=516&A=0.1'
  photocalc eval state.json    # {\"material\": \"CdTe\", \"lambda\": 516, \"A\": 0.1}";

/// `photocalc link --help`.
const LINK_HELP: &str = "\
photocalc link: print the share link of a state file, to open it in the web app.

Usage:
  photocalc link <STATE.json> [--base URL]

Arguments:
  <STATE.json>  a state file as `photocalc eval --help` describes (a share link works too)

Options:
  --base URL    the web app's address, written before the link's '#'; without it the link
                is the fragment alone (#/qd?...)
  -h, --help    print this help

Example:
  photocalc link state.json --base https://example.org/photocalc/";

/// `photocalc fit --help`.
const FIT_HELP: &str = "\
photocalc fit: fit a typed model to data by least squares and print the estimates as JSON.

Usage:
  photocalc fit --model EXPR --data FILE [--start NAME=VALUE,...] [--weights-column N]

Options:
  --model EXPR             the model, a formula in x and named parameters: + - * / ^,
                           exp ln log10 sqrt pow abs sin cos tan atan, pi, e (log is ln);
                           every other name is a parameter (required)
  --data FILE              a text table with x in column 1 and y in column 2: CSV, TSV,
                           semicolon- or whitespace-separated; header and comment lines
                           (# or %) are skipped; a decimal comma is read where commas do not
                           separate the columns (required)
  --start NAME=VALUE,...   start values of parameters (the others start at 1); may be given
                           more than once
  --weights-column N       the column, counted from 1 (3 or later), holding each y's standard
                           deviation σ: the fit is then weighted by 1/σ² and reports the
                           reduced χ²
  -h, --help               print this help

The JSON holds each parameter's value, standard error and 95 % confidence interval, and the
fit's rss, dof, residual_sd, r2, aicc, convergence and message.

Example:
  photocalc fit --model 'b1*(1-exp(-b2*x))' --data misra.csv --start b1=500,b2=1e-4";

/// The subcommands, each with its help.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Command {
    Eval,
    Link,
    Fit,
}

impl Command {
    /// The command a name on the command line selects.
    fn from_name(name: &str) -> Option<Command> {
        match name {
            "eval" => Some(Command::Eval),
            "link" => Some(Command::Link),
            "fit" => Some(Command::Fit),
            _ => None,
        }
    }

    /// The name typed on the command line.
    fn name(self) -> &'static str {
        match self {
            Command::Eval => "eval",
            Command::Link => "link",
            Command::Fit => "fit",
        }
    }

    /// The command's help text.
    fn help(self) -> &'static str {
        match self {
            Command::Eval => EVAL_HELP,
            Command::Link => LINK_HELP,
            Command::Fit => FIT_HELP,
        }
    }
}

/// A usage mistake as the one line the command line prints: the problem, then where the
/// help is (`command` is `None` before a command is known).
fn usage_error(command: Option<Command>, problem: impl std::fmt::Display) -> String {
    match command {
        Some(command) => format!("{problem}; see `photocalc {} --help`", command.name()),
        None => format!("{problem}; see `photocalc --help`"),
    }
}

/// lexopt's report of an argument that was not expected, in this command line's words.
fn unexpected(command: Option<Command>, error: lexopt::Error) -> String {
    let problem = match error {
        lexopt::Error::UnexpectedOption(option) => format!("unknown option {option}"),
        lexopt::Error::UnexpectedArgument(value) => format!("unexpected argument \"{}\"", value.to_string_lossy()),
        lexopt::Error::UnexpectedValue { option, value } => {
            format!("{option} takes no value, not \"{}\"", value.to_string_lossy())
        }
        lexopt::Error::MissingValue { option: Some(option) } => format!("{option} needs a value"),
        other => other.to_string(),
    };
    usage_error(command, problem)
}

/// The value of an option just read (`--base URL` or `--base=URL`) as text; `what` names it
/// in the message when it is missing.
fn option_value(parser: &mut Parser, command: Command, option: &str, what: &str) -> Result<String, String> {
    let value = parser.value().map_err(|_| usage_error(Some(command), format!("{option} needs {what}")))?;
    text(command, value)
}

/// Checks that a flag just read (`--help`, `--version`) came without a value: lexopt would
/// only report `--help=3` at the next argument, which a flag that ends the parsing never reads.
fn no_value(parser: &mut Parser, command: Option<Command>, flag: &str) -> Result<(), String> {
    match parser.optional_value() {
        Some(value) => Err(usage_error(command, format!("{flag} takes no value, not \"{}\"", value.to_string_lossy()))),
        None => Ok(()),
    }
}

/// An argument as text: every argument the commands take is a link, a path or a formula.
fn text(command: Command, value: OsString) -> Result<String, String> {
    value
        .into_string()
        .map_err(|value| usage_error(Some(command), format!("\"{}\" is not valid UTF-8", value.to_string_lossy())))
}

/// Runs the command line on its arguments (without the program name); `Ok` is printed to
/// standard output with exit status 0 (results, help, version), `Err` is a one-line message
/// for standard error and exit status 2.
pub fn run<I>(args: I) -> Result<String, String>
where
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    let mut parser = Parser::from_args(args);
    match parser.next().map_err(|e| unexpected(None, e))? {
        Some(Positional(name)) => {
            let name = name.to_string_lossy();
            if name == "help" {
                return help_command(&mut parser);
            }
            let command = Command::from_name(&name)
                .ok_or_else(|| usage_error(None, format!("unknown command \"{name}\" (the commands are eval, link and fit)")))?;
            match command {
                Command::Eval => eval_command(&mut parser),
                Command::Link => link_command(&mut parser),
                Command::Fit => match FitArgs::parse(&mut parser)? {
                    Some(args) => fit_command(args),
                    None => Ok(FIT_HELP.to_string()),
                },
            }
        }
        Some(Short('h') | Long("help")) => no_value(&mut parser, None, "--help").map(|()| MAIN_HELP.to_string()),
        Some(Short('V') | Long("version")) => {
            no_value(&mut parser, None, "--version").map(|()| format!("photocalc {}", env!("CARGO_PKG_VERSION")))
        }
        Some(other) => Err(unexpected(None, other.unexpected())),
        None => Err(usage_error(None, "no command given (the commands are eval, link and fit)")),
    }
}

/// `photocalc help [COMMAND]`.
fn help_command(parser: &mut Parser) -> Result<String, String> {
    let name = match parser.next().map_err(|e| unexpected(None, e))? {
        None => return Ok(MAIN_HELP.to_string()),
        Some(Positional(name)) => name.to_string_lossy().into_owned(),
        Some(other) => return Err(unexpected(None, other.unexpected())),
    };
    if let Some(extra) = parser.next().map_err(|e| unexpected(None, e))? {
        return Err(unexpected(None, extra.unexpected()));
    }
    Command::from_name(&name)
        .map(|command| command.help().to_string())
        .ok_or_else(|| usage_error(None, format!("no help for \"{name}\": the commands are eval, link and fit")))
}

/// `photocalc eval <LINK | STATE.json>`.
fn eval_command(parser: &mut Parser) -> Result<String, String> {
    let command = Command::Eval;
    let mut source = None;
    while let Some(arg) = parser.next().map_err(|e| unexpected(Some(command), e))? {
        match arg {
            Short('h') | Long("help") => return no_value(parser, Some(command), "--help").map(|()| command.help().to_string()),
            Positional(value) if source.is_none() => source = Some(text(command, value)?),
            other => return Err(unexpected(Some(command), other.unexpected())),
        }
    }
    let source = source.ok_or_else(|| usage_error(Some(command), "eval needs a share link or a state file"))?;
    let state = load(&source)?;
    eval_json(&state).map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
}

/// `photocalc link <STATE.json> [--base URL]`.
fn link_command(parser: &mut Parser) -> Result<String, String> {
    let command = Command::Link;
    let mut source = None;
    let mut base = String::new();
    while let Some(arg) = parser.next().map_err(|e| unexpected(Some(command), e))? {
        match arg {
            Short('h') | Long("help") => return no_value(parser, Some(command), "--help").map(|()| command.help().to_string()),
            Long("base") => base = option_value(parser, command, "--base", "a URL")?.trim_end_matches('#').to_string(),
            Positional(value) if source.is_none() => source = Some(text(command, value)?),
            other => return Err(unexpected(Some(command), other.unexpected())),
        }
    }
    let source = source.ok_or_else(|| usage_error(Some(command), "link needs a state file or a share link"))?;
    let state = load(&source)?;
    let fragment = match state.route {
        Route::Quench => encode_quench(&state.quench),
        _ => encode_qd(&state.qd),
    };
    Ok(format!("{base}{fragment}"))
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

/// The arguments of `photocalc fit`, checked.
#[derive(Debug, Clone, PartialEq)]
struct FitArgs {
    model_text: String,
    data_path: String,
    /// Start values by parameter name, in the order given.
    starts: Vec<(String, f64)>,
    /// The 0-based column of σ, if the fit is weighted.
    sigma_column: Option<usize>,
}

impl FitArgs {
    /// Reads the arguments after `fit`; `None` when the help was asked for.
    fn parse(parser: &mut Parser) -> Result<Option<FitArgs>, String> {
        let command = Command::Fit;
        let mut model_text = None;
        let mut data_path = None;
        let mut starts: Vec<(String, f64)> = Vec::new();
        let mut sigma_column = None;
        while let Some(arg) = parser.next().map_err(|e| unexpected(Some(command), e))? {
            match arg {
                Short('h') | Long("help") => return no_value(parser, Some(command), "--help").map(|()| None),
                Long("model") => model_text = Some(option_value(parser, command, "--model", "a formula")?),
                Long("data") => data_path = Some(option_value(parser, command, "--data", "a file")?),
                Long("start") => {
                    for pair in option_value(parser, command, "--start", "name=value pairs")?
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
                Long("weights-column") => {
                    let n: usize = option_value(parser, command, "--weights-column", "a column number")?
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
                other => return Err(unexpected(Some(command), other.unexpected())),
            }
        }
        let model_text = model_text.ok_or_else(|| usage_error(Some(command), "--model is required"))?;
        let data_path = data_path.ok_or_else(|| usage_error(Some(command), "--data is required"))?;
        Ok(Some(FitArgs { model_text, data_path, starts, sigma_column }))
    }
}

/// `photocalc fit`: fits a typed model to x, y (and optionally σ) read from a text file.
///
/// The file may be CSV, TSV, semicolon- or whitespace-separated; x is column 1, y column 2,
/// σ the column given by `--weights-column` (1-based). Lines that are not numbers (headers,
/// comments) are skipped; a decimal comma is read where commas do not separate the columns.
/// Start values default to 1.
fn fit_command(args: FitArgs) -> Result<String, String> {
    use crate::science::fit::{fit, parse, Data, FitSettings};

    let FitArgs { model_text, data_path, starts, sigma_column } = args;
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
