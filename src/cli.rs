//! The `photocalc` command line: the same core and link codec as the page.
//!
//! ```text
//! photocalc eval '<share link>' | state.json    print the calculation as JSON
//! photocalc link state.json [--base URL]        print the share link for a state file
//! photocalc fit --model EXPR --data FILE [--start name=value,...] [--weights-column N]
//!                                               fit a typed model, print the estimates as JSON
//! photocalc import FILE [--data] [--potential NAME] [--current NAME]
//!                                               print what the spectrum or potentiostat
//!                                               reader finds in a file
//! photocalc help [COMMAND] | COMMAND --help     print the help of photocalc or of a command
//! ```
//! A state file is a JSON object with the link's keys, e.g.
//! `{"calculator": "qd", "material": "CdTe", "lambda": 516, "A": 0.1}`; numbers may be
//! written as numbers or strings, and `spectrum` may be a list of `[wavelength, absorbance]`.
//!
//! Arguments are read with `lexopt`, a small parser without dependencies that hands over one
//! argument at a time (`--base URL`, `--base=URL`, `-h`, `--`); the checks and the messages
//! are written here, so that each names the problem and where the help is.

mod import;

use std::ffi::OsString;

use lexopt::Arg::{Long, Short, Value as Positional};
use lexopt::Parser;
use serde_json::{json, Map, Value};

use crate::science::read::Table;
use crate::state::calculator;
use crate::state::codec::{split_fragment, LinkError};
use crate::state::number::{parse_number, NumberRule};
use crate::state::{self, Calculator, QdState, Visitor};

/// `photocalc --help`.
const MAIN_HELP: &str = "\
photocalc: the PhotoCalc calculators on the command line, with the same core and share links
as the web app.

Usage:
  photocalc eval <LINK | STATE.json>           print a calculation as JSON
  photocalc link <STATE.json> [--base URL]     print the share link of a state file
  photocalc fit --model EXPR --data FILE ...   fit a typed model to data, print the estimates
  photocalc import <FILE> [--data]             print what the spectrum or potentiostat reader
                                               finds in a file
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
  photocalc eval [--csv] <LINK | STATE.json>

Arguments:
  <LINK>        a share link copied from the web app; the part from '#' on is enough
  <STATE.json>  a file holding a JSON object with the link's keys: \"calculator\" is \"qd\"
                (the default) or \"quench\"; numbers may be written as numbers or strings;
                \"spectrum\" may be a list of [wavelength, absorbance] pairs, and a quench
                \"table\" a list of rows and \"fit\" a list of model names

Options:
  --csv         print a fit's report as one CSV table instead (quench): every parameter with
                its standard error, 95 % and profile intervals, the derived values, the
                covariance matrix and the statistics, a row per number
  -h, --help    print this help

The JSON holds the calculator, its inputs, its outputs (units in the key names) and warnings;
for fits, the weighting, every parameter's intervals, the covariance matrix, the model
comparison (AICc, Akaike weights, F tests) and notes.

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

/// `photocalc import --help`.
const IMPORT_HELP: &str = "\
photocalc import: print what the spectrum or potentiostat reader finds in a file, as JSON.

Usage:
  photocalc import <FILE> [--data] [--potential NAME] [--current NAME]

Arguments:
  <FILE>        a file as the QD page's importer takes it: a UV-vis export (JASCO, Cary,
                Ocean Optics, fibre spectrometers) or a CSV/TSV/text table; or a
                potentiostat file as the PEC page takes it (BioLogic .mpt and .mpr, Gamry
                .DTA, CH Instruments text, PalmSens .pssession, the HZB J-V text, a CSV/TSV
                table with potential and current columns); other files are said for what
                they seem to be (an emission scan, detector counts)

Options:
  --data             add each series' points as [wavelength_nm, value] pairs (spectra)
  --potential NAME   read the potential from the column NAME, as the file writes it
                     (\"Ewe/V\", \"control/V\", \"Vu\", \"E (mV)\"), where there are several;
                     the reader's own pick without it (potentiostat files)
  --current NAME     read the current from the column NAME (\"<I>/mA\", \"I/mA\", \"Im\")
  -h, --help         print this help

For a spectrum, the JSON holds the file's format and kind of data
(absorbance, transmittance, emission, counts, unknown), its header lines, delimiter,
decimal mark, rows and columns, and for each series its columns, labels and units, its
ranges, its verdict (peak, no_peak, refused), the first excitonic peak found as the page
finds it, the stretches left out of the search (saturated, flat top, step), notes and
warnings.

For a potentiostat file, it holds the format, kind (voltammetry, chronoamperometry,
unknown), reference electrode, warnings, the columns read (potential_column,
current_column) and every column that could be (potential_columns, current_columns), and
the curves with their potentials (V, as recorded), currents (A, anodic positive) and times
(s). A NAME that is not among the file's columns is an error that lists them.

Examples:
  photocalc import uvvis.csv
  photocalc import lsv.mpt --potential control/V";

/// The subcommands, each with its help.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Command {
    Eval,
    Link,
    Fit,
    Import,
}

impl Command {
    /// The command a name on the command line selects.
    fn from_name(name: &str) -> Option<Command> {
        match name {
            "eval" => Some(Command::Eval),
            "link" => Some(Command::Link),
            "fit" => Some(Command::Fit),
            "import" => Some(Command::Import),
            _ => None,
        }
    }

    /// The name typed on the command line.
    fn name(self) -> &'static str {
        match self {
            Command::Eval => "eval",
            Command::Link => "link",
            Command::Fit => "fit",
            Command::Import => "import",
        }
    }

    /// The command's help text.
    fn help(self) -> &'static str {
        match self {
            Command::Eval => EVAL_HELP,
            Command::Link => LINK_HELP,
            Command::Fit => FIT_HELP,
            Command::Import => IMPORT_HELP,
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
                .ok_or_else(|| usage_error(None, format!("unknown command \"{name}\" (the commands are eval, link, fit and import)")))?;
            match command {
                Command::Eval => eval_command(&mut parser),
                Command::Link => link_command(&mut parser),
                Command::Fit => match FitArgs::parse(&mut parser)? {
                    Some(args) => fit_command(args),
                    None => Ok(FIT_HELP.to_string()),
                },
                Command::Import => import_command(&mut parser),
            }
        }
        Some(Short('h') | Long("help")) => no_value(&mut parser, None, "--help").map(|()| MAIN_HELP.to_string()),
        Some(Short('V') | Long("version")) => {
            no_value(&mut parser, None, "--version").map(|()| format!("photocalc {}", env!("CARGO_PKG_VERSION")))
        }
        Some(other) => Err(unexpected(None, other.unexpected())),
        None => Err(usage_error(None, "no command given (the commands are eval, link, fit and import)")),
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
        .ok_or_else(|| usage_error(None, format!("no help for \"{name}\": the commands are eval, link, fit and import")))
}

/// `photocalc eval <LINK | STATE.json>`.
fn eval_command(parser: &mut Parser) -> Result<String, String> {
    let command = Command::Eval;
    let mut source = None;
    let mut csv = false;
    while let Some(arg) = parser.next().map_err(|e| unexpected(Some(command), e))? {
        match arg {
            Short('h') | Long("help") => return no_value(parser, Some(command), "--help").map(|()| command.help().to_string()),
            Long("csv") => csv = no_value(parser, Some(command), "--csv").map(|()| true)?,
            Positional(value) if source.is_none() => source = Some(text(command, value)?),
            other => return Err(unexpected(Some(command), other.unexpected())),
        }
    }
    let source = source.ok_or_else(|| usage_error(Some(command), "eval needs a share link or a state file"))?;
    let calculation = load(&source)?;
    let report = state::visit(calculation.slug, Eval { pairs: &calculation.pairs, csv }).unwrap_or_else(|| Err(unknown(calculation.slug)))?;
    Ok(report)
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
    let calculation = load(&source)?;
    let fragment = state::visit(calculation.slug, Link(&calculation.pairs)).unwrap_or_else(|| Err(unknown(calculation.slug)))?;
    Ok(format!("{base}{fragment}"))
}

/// `photocalc import <FILE> [--data] [--potential NAME] [--current NAME]`.
fn import_command(parser: &mut Parser) -> Result<String, String> {
    let command = Command::Import;
    let mut path = None;
    let mut with_data = false;
    let mut columns = crate::science::pec::import::Columns::default();
    while let Some(arg) = parser.next().map_err(|e| unexpected(Some(command), e))? {
        match arg {
            Short('h') | Long("help") => return no_value(parser, Some(command), "--help").map(|()| command.help().to_string()),
            Long("data") => with_data = true,
            Long("potential") => columns.potential = Some(option_value(parser, command, "--potential", "a column name")?),
            Long("current") => columns.current = Some(option_value(parser, command, "--current", "a column name")?),
            Positional(value) if path.is_none() => path = Some(text(command, value)?),
            other => return Err(unexpected(Some(command), other.unexpected())),
        }
    }
    let path = path.ok_or_else(|| usage_error(Some(command), "import needs a file"))?;
    // Read as the page reads an upload: bytes as UTF-8, anything else replaced.
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    // A potentiostat file (issue 10) is read into curves; anything else as a spectrum.
    if let Some(recording) = crate::science::pec::import::read_with(&bytes, &columns) {
        let recording = recording.map_err(|e| format!("{path}: {e}"))?;
        return Ok(serde_json::to_string_pretty(&import::describe_recording(&path, &recording)).unwrap_or_default());
    }
    if columns != Default::default() {
        return Err(usage_error(
            Some(command),
            format!("{path} is not a potentiostat file this reader takes, so --potential and --current do not apply to it"),
        ));
    }
    let report = import::describe_file(&path, &String::from_utf8_lossy(&bytes), with_data)?;
    Ok(serde_json::to_string_pretty(&report).unwrap_or_default())
}

/// A calculation named by a link or a state file: its calculator and the link's pairs.
struct Calculation {
    slug: &'static str,
    pairs: Vec<(String, String)>,
}

/// Prints a calculator's report (`eval`), as JSON or as CSV.
struct Eval<'a> {
    pairs: &'a [(String, String)],
    csv: bool,
}

impl Visitor for Eval<'_> {
    type Output = Result<String, String>;
    fn visit<C: Calculator>(self) -> Self::Output {
        let state = C::from_pairs(self.pairs).map_err(|e| e.to_string())?;
        if self.csv {
            return state.report_csv().unwrap_or_else(|| Err(format!("the {} calculator has no CSV report: leave out --csv for its JSON", C::INFO.slug)));
        }
        state.report().map(|r| serde_json::to_string_pretty(&r).unwrap_or_default())
    }
}

/// Prints a calculator's share link (`link`): the pairs are read and written again, so that
/// the link is in the page's own form.
struct Link<'a>(&'a [(String, String)]);

impl Visitor for Link<'_> {
    type Output = Result<String, String>;
    fn visit<C: Calculator>(self) -> Self::Output {
        Ok(calculator::encode(&C::from_pairs(self.0).map_err(|e| e.to_string())?))
    }
}

/// Reads a state file's JSON value for a calculator-specific key (a table given as a list, an
/// electrode as an object) into the link's pairs.
struct JsonValue<'a>(&'a str, &'a Value);

impl Visitor for JsonValue<'_> {
    type Output = Option<Result<Vec<(String, String)>, String>>;
    fn visit<C: Calculator>(self) -> Self::Output {
        C::pairs_from_json(self.0, self.1)
    }
}

fn unknown(slug: &str) -> String {
    let names: Vec<&str> = state::CALCULATORS.iter().map(|c| c.slug).collect();
    format!("there is no calculator called \"{slug}\" (the calculators are {})", names.join(", "))
}

/// Reads a share link, or a state file if the argument names an existing file.
fn load(source: &str) -> Result<Calculation, String> {
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
    let (route, pairs) = split_fragment(source).map_err(|e| e.to_string())?;
    calculator::check_version(&pairs).map_err(|e| e.to_string())?;
    if route.is_empty() {
        return Err("the link opens the home page, not a calculator".into());
    }
    let info = state::calculator_of(&route).ok_or_else(|| LinkError::UnknownRoute(route.chars().take(40).collect()).to_string())?;
    Ok(Calculation { slug: info.slug, pairs })
}

/// Turns a state file's JSON object into the link's pairs, so that a file and a link can never
/// mean different things. `calculator` names the calculator (`qd` when absent); a calculator
/// may take some keys as JSON lists (a table as rows).
fn state_from_json(value: &Value) -> Result<Calculation, String> {
    let object = value.as_object().ok_or("the state file must hold a JSON object")?;
    let slug = object.get("calculator").and_then(Value::as_str).unwrap_or(QdState::INFO.slug);
    let info = state::calculator_of(slug).ok_or_else(|| unknown(slug))?;
    let mut pairs = Vec::new();
    for (key, v) in object {
        if key == "calculator" {
            continue;
        }
        if let Some(converted) = state::visit(info.slug, JsonValue(key, v)).flatten() {
            pairs.extend(converted?);
            continue;
        }
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Null => String::new(),
            _ => return Err(format!("{key} must be a number or a string")),
        };
        pairs.push((key.clone(), text));
    }
    Ok(Calculation { slug: info.slug, pairs })
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
                        let number = parse_number(number, NumberRule::Any, &format!("the start value of {}", name.trim()))?;
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
    let (table, warnings) = read_columns(&text, sigma_column.map_or(2, |c| c + 1))
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
        "warnings": warnings,
    });
    if let Some(chi2) = report.reduced_chi_squared {
        out["reduced_chi2"] = json!(chi2);
    }
    Ok(serde_json::to_string_pretty(&out).unwrap_or_default())
}

/// Reads the first `columns` columns of a text table with the one table reader
/// (`science::read::table`), and its notes on numbers read one of two ways. Lines before the
/// first line of numbers are its header; comment lines (`#`, `%`) are skipped; any other line
/// after it that does not hold `columns` numbers is an error naming it.
fn read_columns(text: &str, columns: usize) -> Result<(Vec<Vec<f64>>, Vec<String>), String> {
    let table = Table::read(text).map_err(|_| format!("no line holds {columns} numbers (x in column 1, y in column 2)"))?;
    if let Some((line, text)) = table.text_lines.iter().find(|(_, l)| !l.trim_start().starts_with(['#', '%'])) {
        return Err(format!("line {line} does not hold {columns} numbers: \"{}\"", text.chars().take(60).collect::<String>()));
    }
    let widest = table.rows.iter().map(|(_, cells)| cells.len()).max().unwrap_or(0);
    if widest < columns {
        return Err(format!("no line holds {columns} numbers: the widest holds {widest}"));
    }
    let wanted: Vec<usize> = (0..columns).collect();
    let (values, notes) = table.numbers(&wanted)?;
    if let Some(k) = (0..table.rows.len()).find(|&k| values.iter().any(|column| column[k].is_nan())) {
        let (line, cells) = &table.rows[k];
        return Err(format!("line {line} does not hold {columns} numbers: \"{}\"", cells.join(" ").chars().take(60).collect::<String>()));
    }
    Ok((values, notes))
}
