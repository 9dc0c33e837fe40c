//! The `photocalc` command line, run as a user runs it: the built binary, its standard
//! output, standard error and exit status.
//!
//! Reference values: `../shared/refdata/seed_checks.json` (Yu–Peng CdTe at 516 nm), relative
//! tolerance 1e-9 (double precision agrees with the 40-digit values to ~1e-13).

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{json, Value};

const READABLE_LINK: &str =
    "#/qd?v=1&material=CdTe&model=yu-peng&lambda=516&A=0.1&path=1&dilution=1";

fn photocalc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_photocalc"))
        .args(args)
        .output()
        .expect("the photocalc binary runs")
}

/// Runs a command that must succeed and print JSON.
fn eval_ok(source: &str) -> Value {
    let out = photocalc(&["eval", source]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "eval {source} failed: {stderr}");
    assert!(stderr.is_empty(), "eval {source} wrote to stderr: {stderr}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "eval {source} did not print JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn link_ok(args: &[&str]) -> String {
    let out = photocalc(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "a link is one line: {stdout:?}");
    stdout.trim_end().to_string()
}

/// A file in this test target's scratch folder, unique per test.
fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn refdata_516() -> (f64, f64) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/refdata/seed_checks.json"
    );
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e}: the tests need ../shared beside the project (CI always has it)"));
    let refdata: Value = serde_json::from_str(&text).unwrap();
    let row = refdata["a_YuPeng_CdTe"]["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["lambda_nm"] == json!(516))
        .expect("refdata row for 516 nm");
    let num = |v: &Value| v.as_str().unwrap().parse::<f64>().unwrap();
    (num(&row["D_nm"]), num(&row["epsilon_L_per_mol_cm"]))
}

#[track_caller]
fn assert_rel(actual: &Value, expected: f64, what: &str) {
    let actual = actual
        .as_f64()
        .unwrap_or_else(|| panic!("{what} is not a number: {actual}"));
    assert!(
        ((actual - expected) / expected).abs() <= 1e-9,
        "{what}: {actual} vs {expected}"
    );
}

#[test]
fn eval_of_the_readable_link_prints_the_calculation_as_json() {
    let json = eval_ok(READABLE_LINK);
    assert_eq!(json["calculator"], "qd");
    assert_eq!(json["inputs"]["material"], "CdTe");
    assert_eq!(json["inputs"]["model"], "yu-peng");
    assert_eq!(
        json["inputs"]["lambda"], "516",
        "inputs echo what was typed"
    );
    let warnings = json["warnings"].as_array().expect("warnings is an array");
    assert!(
        warnings.is_empty(),
        "516 nm is in the calibrated range: {warnings:?}"
    );
    assert!(json["citation"]
        .as_str()
        .unwrap()
        .contains("10.1021/cm034081k"));
    let (d, eps) = refdata_516();
    let outputs = &json["outputs"];
    assert_rel(&outputs["diameter_nm"], d, "diameter_nm");
    assert_rel(&outputs["extinction_coefficient_L_per_mol_cm"], eps, "ε");
    // c = A / (ε L) with A = 0.1, L = 1 cm, no dilution.
    assert_rel(
        &outputs["concentration_mol_per_L"],
        0.1 / eps,
        "concentration",
    );
}

#[test]
fn eval_reports_warnings_for_extrapolation() {
    let json = eval_ok("#/qd?v=1&material=CdTe&model=yu-peng&lambda=480&A=0.1");
    let warnings = json["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("500–700 nm")),
        "480 nm is outside the calibrated range: {warnings:?}"
    );
    assert!(json["outputs"]["diameter_nm"].as_f64().unwrap() > 0.0);
}

#[test]
fn a_state_file_means_the_same_as_the_link() {
    // Numbers as JSON numbers and as strings, as the usage text promises.
    let file = temp_file(
        "readable.json",
        r#"{"calculator": "qd", "material": "CdTe", "model": "yu-peng", "lambda": 516, "A": 0.1, "path": "1", "dilution": 1}"#,
    );
    let from_file = eval_ok(file.to_str().unwrap());
    let from_link = eval_ok(READABLE_LINK);
    assert_eq!(from_file["outputs"], from_link["outputs"]);
    assert_eq!(from_file["inputs"], from_link["inputs"]);
    assert_eq!(from_file["warnings"], from_link["warnings"]);
}

#[test]
fn link_then_eval_round_trips() {
    let cases = [
        r#"{"material": "CdTe", "lambda": 516, "A": 0.1}"#,
        r#"{"material": "CdSe", "model": "jasieniak", "lambda": "560", "A": 0.15, "dilution": 2, "hwhm": 12}"#,
        r#"{"material": "PbS", "model": "moreels", "lambda": 1200, "A400": 0.5}"#,
        r#"{"material": "CdTe", "mode": "inverse", "D": 3, "A": 0.1, "unit": "nM"}"#,
        r#"{"material": "CdS", "model": "brus", "lambda": 420, "eg": 2.42, "me": "0.19", "mh": 0.8, "epsr": 5.7}"#,
        r#"{"material": "CdTe", "lambda": 520, "A": 0.3, "path": 0.5,
            "spectrum": [[400, 0.81], [450, 0.61], [500, 0.57], [520, 0.38], [560, 0.07], [600, 0.01]]}"#,
    ];
    for (i, text) in cases.iter().enumerate() {
        let file = temp_file(&format!("case{i}.json"), text);
        let path = file.to_str().unwrap();
        let link = link_ok(&["link", path]);
        assert!(link.starts_with("#/qd?v=1&"), "{link}");
        let from_link = eval_ok(&link);
        let from_file = eval_ok(path);
        assert_eq!(
            from_link["outputs"], from_file["outputs"],
            "case {i}: {text}"
        );
        assert_eq!(from_link["inputs"], from_file["inputs"], "case {i}: {text}");
        assert!(from_link["outputs"]["diameter_nm"].as_f64().unwrap() > 0.0);
        if text.contains("spectrum") {
            assert!(link.contains("&spectrum="), "{link}");
            assert_eq!(from_link["inputs"]["spectrum_points"], 6);
        }
        if text.contains("inverse") {
            let peak = from_link["outputs"]["peak_wavelength_nm"]
                .as_f64()
                .expect("inverse mode prints the peak");
            // Independently: D(λ) = 3 nm on the Yu–Peng CdTe curve at 531.2023355846 nm
            // (mpmath root, tests/links/derive_v1.py).
            assert!((peak - 531.202335584583).abs() < 1e-6, "{peak}");
        }
    }
}

/// A quenching titration as a state file: the calculator's example, every built-in model.
const QUENCH_STATE: &str = r#"{"calculator": "quench", "unit": "uM", "obs": "I", "fit": ["sv", "langmuir", "hill"],
    "table": [[0, 1000], [1, 865], [2, 761], [4, 652], [6, 577], [8, 538], [10, 499], [15, 449], [20, 414]], "omit": "8"}"#;

#[test]
fn eval_of_a_quench_fit_reports_intervals_covariance_and_the_comparison() {
    let path = temp_file("quench.json", QUENCH_STATE);
    let report = eval_ok(path.to_str().unwrap());
    let langmuir = report["fits"].as_array().unwrap().iter().find(|f| f["model"] == "langmuir").unwrap();
    // I₀ is a parameter, with its own error, and K_L has a profile interval beside the symmetric one.
    assert!(langmuir["params"]["I₀"]["stderr"].as_f64().unwrap() > 0.0, "{langmuir}");
    let k = &langmuir["params"]["K_L"];
    let (ci, profile) = (k["ci95"].as_array().unwrap(), k["profile95"].as_array().unwrap());
    assert!(profile[0].as_f64().unwrap() < k["value"].as_f64().unwrap() && k["value"].as_f64().unwrap() < profile[1].as_f64().unwrap());
    assert_ne!(ci[0], profile[0], "the profile interval is its own");
    assert_eq!(langmuir["covariance"]["names"], json!(["I₀", "f", "K_L"]));
    assert_eq!(langmuir["covariance"]["matrix"].as_array().unwrap().len(), 3);
    // Row 8 is left out, and the report says so and fits eight points.
    assert_eq!(report["inputs"]["excluded_rows"], json!([8]));
    assert_eq!(report["inputs"]["points"], 8);
    assert!(report["inputs"]["weighting"].as_str().unwrap().contains("equally"));
    let weights: f64 = report["comparison"].as_array().unwrap().iter().filter_map(|c| c["akaike_weight"].as_f64()).sum();
    assert!((weights - 1.0).abs() < 1e-12, "Akaike weights add up to 1: {weights}");
    assert!(report["aicc_convention"].as_str().unwrap().contains("K = p + 1"));
    assert!(report["nested_tests"].as_array().unwrap().iter().any(|t| t["constraint"] == "f = 1" && t["p"].as_f64().is_some()));

    // The same report as one CSV table: a row per number, covariance included.
    let csv = prints(&["eval", "--csv", path.to_str().unwrap()]);
    assert!(csv.starts_with("model,quantity,name,with,value,std_error,ci95_low,ci95_high,profile95_low,profile95_high,unit\n"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("\"Langmuir\",parameter,\"K_L\",\"\",") && l.ends_with(",\"M⁻¹\"")), "{csv}");
    assert_eq!(csv.lines().filter(|l| l.starts_with("\"Langmuir\",covariance,")).count(), 9);
    assert!(csv.lines().any(|l| l.starts_with("\"Hill\",statistic,\"akaike_weight\"")), "{csv}");
    assert_eq!(csv.lines().filter(|l| l.starts_with("\"Langmuir\",curve,")).count(), 8, "the fit and its band at each point used");
    // The band holds the curve at every point, in the JSON too.
    for point in langmuir["curve"].as_array().unwrap() {
        let (fit, band) = (point["fit"].as_f64().unwrap(), point["band95"].as_array().unwrap());
        assert!(band[0].as_f64().unwrap() < fit && fit < band[1].as_f64().unwrap(), "{point}");
    }
    let qd = temp_file("qd-for-csv.json", r#"{"material": "CdTe", "lambda": 516, "A": 0.1}"#);
    assert!(fails(&["eval", "--csv", qd.to_str().unwrap()]).contains("no CSV report"));
}

#[test]
fn link_with_a_base_url_prints_a_whole_url() {
    let file = temp_file(
        "base.json",
        r#"{"material": "CdTe", "lambda": 516, "A": 0.1}"#,
    );
    let path = file.to_str().unwrap();
    let url = link_ok(&["link", path, "--base", "https://x.org/app/"]);
    assert!(url.starts_with("https://x.org/app/#/qd?v=1&"), "{url}");
    assert_eq!(url.matches('#').count(), 1, "{url}");
    assert_eq!(eval_ok(&url)["outputs"], eval_ok(path)["outputs"]);
    // A base already ending in '#' does not double it.
    let url = link_ok(&["link", path, "--base", "https://x.org/app/#"]);
    assert!(url.starts_with("https://x.org/app/#/qd?"), "{url}");
}

/// Fails with exit status ≠ 0, nothing on stdout and one line on stderr; returns that line.
fn fails(args: &[&str]) -> String {
    let out = photocalc(args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !out.status.success(),
        "{args:?} should fail, printed {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        out.stdout.is_empty(),
        "{args:?} printed to stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        stderr.lines().count(),
        1,
        "{args:?}: stderr must be one line: {stderr:?}"
    );
    assert!(stderr.starts_with("photocalc: "), "{stderr}");
    assert!(stderr.len() < 400, "{stderr}");
    stderr
}

#[test]
fn bad_input_fails_with_one_line_on_stderr() {
    let message = fails(&["eval", "garbage"]);
    assert!(message.contains("garbage"), "{message}");

    let message = fails(&["eval", "missing-state.json"]);
    assert!(message.contains("missing-state.json"), "{message}");
    // An absolute path to a missing file is reported as a file, not as a link.
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-dir/state.json");
    let message = fails(&["eval", missing.to_str().unwrap()]);
    assert!(
        message.contains("state.json") && message.contains("file"),
        "{message}"
    );

    let message = fails(&["eval", "#/qd?v=1&material=CdTe&lambda=abc&A=0.1"]);
    assert!(message.contains("\"abc\" is not a number"), "{message}");

    let message = fails(&[
        "eval",
        "#/qd?v=1&material=CdTe&model=yu-peng&lambda=300&A=0.1",
    ]);
    assert!(
        message.contains("300") && message.contains("447"),
        "{message}"
    );

    fails(&["eval", "#/qd?v=999&material=CdTe&lambda=516"]);
    fails(&["eval", "#/nope?lambda=516"]);
    fails(&["eval", "#/"]);

    let not_json = temp_file("broken.json", "{\"material\": \"CdTe\", \"lambda\": 516,");
    let message = fails(&["eval", not_json.to_str().unwrap()]);
    assert!(message.contains("not valid JSON"), "{message}");
    let not_object = temp_file("array.json", "[516, 0.1]");
    fails(&["eval", not_object.to_str().unwrap()]);
    let bad_value = temp_file("bool.json", r#"{"material": "CdTe", "lambda": true}"#);
    let message = fails(&["eval", bad_value.to_str().unwrap()]);
    assert!(message.contains("lambda"), "{message}");

    fails(&["link", "missing-state.json"]);
    fails(&["link"]);
    fails(&["eval"]);
    fails(&[]);
    fails(&["frobnicate"]);
    let file = temp_file("ok.json", r#"{"material": "CdTe", "lambda": 516}"#);
    fails(&["link", file.to_str().unwrap(), "--base"]);
    fails(&["link", file.to_str().unwrap(), "--colour"]);
}

/// Runs a command that must succeed quietly; returns its standard output.
fn prints(args: &[&str]) -> String {
    let out = photocalc(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?} failed: {stderr}");
    assert!(stderr.is_empty(), "{args:?} wrote to stderr: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn help_prints_usage_and_succeeds() {
    let help = prints(&["--help"]);
    for needle in ["photocalc eval", "photocalc link", "photocalc fit", "photocalc import", "photocalc help", "--version", "Example"] {
        assert!(help.contains(needle), "--help lacks {needle}: {help}");
    }
    assert_eq!(prints(&["-h"]), help);
    assert_eq!(prints(&["help"]), help);
}

#[test]
fn each_command_has_its_own_help() {
    // (command, what its help must mention: usage, arguments, options, an example)
    let cases: [(&str, &[&str]); 4] = [
        ("eval", &["photocalc eval [--csv] <LINK | STATE.json>", "state", "--csv", "--help", "Example"]),
        ("import", &["photocalc import <FILE> [--data] [--potential NAME] [--current NAME]", "--data", "--potential NAME", "--current NAME", "potential_columns", "absorbance, transmittance, emission", "--help", "Example"]),
        ("link", &["photocalc link <STATE.json>", "--base URL", "--help", "Example"]),
        (
            "fit",
            &["photocalc fit --model", "--model EXPR", "--data FILE", "--start NAME=VALUE", "--weights-column N", "--help", "Example"],
        ),
    ];
    for (command, needles) in cases {
        let help = prints(&[command, "--help"]);
        for needle in needles {
            assert!(help.contains(needle), "{command} --help lacks {needle}: {help}");
        }
        // Every way of asking prints the same text, and it is not the general help.
        assert_eq!(prints(&[command, "-h"]), help, "{command} -h");
        assert_eq!(prints(&["help", command]), help, "help {command}");
        assert_ne!(help, prints(&["--help"]), "{command}");
        // Its first line names the command.
        assert!(help.starts_with(&format!("photocalc {command}:")), "{help}");
    }
    // The help's example for `eval` runs as printed.
    let example = prints(&["eval", "--help"]);
    let line = example.lines().find(|l| l.trim_start().starts_with("photocalc eval '")).unwrap();
    let link = line.split('\'').nth(1).unwrap();
    assert_eq!(eval_ok(link)["inputs"]["material"], "CdTe");
}

/// A usage mistake: exit status 2, nothing on stdout, one line on stderr that names
/// `problem` and points to `help`.
#[track_caller]
fn usage_error(args: &[&str], problem: &str, help: &str) {
    let out = photocalc(args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr:?}");
    assert!(stderr.starts_with("photocalc: "), "{stderr}");
    assert!(stderr.contains(problem), "{args:?}: {stderr} does not name {problem}");
    assert!(stderr.contains(&format!("`{help}`")), "{args:?}: {stderr} does not point to {help}");
}

#[test]
fn unknown_options_and_missing_values_exit_2_and_point_to_the_help() {
    let file = temp_file("usage.json", r#"{"material": "CdTe", "lambda": 516}"#);
    let state = file.to_str().unwrap();
    let cases: [(&[&str], &str, &str); 19] = [
        // Unknown options, before and after a command.
        (&["--colour"], "unknown option --colour", "photocalc --help"),
        (&["-x"], "unknown option -x", "photocalc --help"),
        (&["eval", READABLE_LINK, "--colour"], "unknown option --colour", "photocalc eval --help"),
        (&["link", state, "--colour=red"], "unknown option --colour", "photocalc link --help"),
        (&["fit", "--frobnicate"], "unknown option --frobnicate", "photocalc fit --help"),
        (&["--help=yes"], "--help takes no value", "photocalc --help"),
        // Missing values and arguments.
        (&["link", state, "--base"], "--base needs a URL", "photocalc link --help"),
        (&["fit", "--model"], "--model needs", "photocalc fit --help"),
        (&["fit", "--model", "a*x", "--data"], "--data needs", "photocalc fit --help"),
        (&["fit", "--model", "a*x", "--data", state, "--start"], "--start needs", "photocalc fit --help"),
        (&["fit", "--model", "a*x", "--data", state, "--weights-column"], "--weights-column needs", "photocalc fit --help"),
        (&["fit", "--data", state], "--model is required", "photocalc fit --help"),
        (&["eval"], "eval needs a share link or a state file", "photocalc eval --help"),
        (&["eval", READABLE_LINK, "extra"], "unexpected argument \"extra\"", "photocalc eval --help"),
        // Unknown commands.
        (&["frobnicate"], "unknown command \"frobnicate\"", "photocalc --help"),
        (&["help", "frobnicate"], "no help for \"frobnicate\"", "photocalc --help"),
        (&["import"], "import needs a file", "photocalc import --help"),
        (&["import", state, "--colour"], "unknown option --colour", "photocalc import --help"),
        (&["import", state, "extra"], "unexpected argument \"extra\"", "photocalc import --help"),
    ];
    for (args, problem, help) in cases {
        usage_error(args, problem, help);
    }
    usage_error(&[], "no command given", "photocalc --help");
}

#[test]
fn options_take_attached_values_too() {
    let file = temp_file("attached.json", r#"{"material": "CdTe", "lambda": 516, "A": 0.1}"#);
    let path = file.to_str().unwrap();
    assert_eq!(
        link_ok(&["link", path, "--base=https://x.org/app/"]),
        link_ok(&["link", "--base", "https://x.org/app/", path])
    );
}

#[test]
fn version_prints_the_version() {
    let expected = format!("photocalc {}\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(prints(&["--version"]), expected);
    assert_eq!(prints(&["-V"]), expected);
}

#[test]
fn a_reader_that_stops_early_ends_the_output_without_a_panic() {
    // `photocalc eval big.json | head`: a 2000-row fit's report is far larger than a pipe's
    // buffer, so the command writes into a closed pipe.
    let rows: Vec<String> = (0..2000).map(|i| format!("[{}, {:.1}]", i as f64 * 0.01, 1000.0 / (1.0 + 1e5 * i as f64 * 1e-8))).collect();
    let path = temp_file("big.json", &format!(r#"{{"calculator": "quench", "fit": ["sv"], "table": [{}]}}"#, rows.join(",")));
    let mut child = Command::new(env!("CARGO_BIN_EXE_photocalc"))
        .args(["eval", path.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

// ---------------------------------------------------------------------------------------
// Spectra: `photocalc import` and `eval` of a state file holding a spectrum
// ---------------------------------------------------------------------------------------

/// A real instrument export in `../shared/data/instruments` (see SOURCES.md there).
fn instrument(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/instruments").join(name);
    assert!(path.is_file(), "{}: the tests need ../shared beside the project (CI always has it)", path.display());
    path.to_str().unwrap().to_string()
}

/// Runs `photocalc import` and reads its JSON.
fn import_ok(args: &[&str]) -> Value {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    serde_json::from_str(&prints(&all)).unwrap()
}

#[test]
fn import_describes_an_absorbance_export() {
    // JASCO V-570, PbSe dots: header YUNITS ABSORBANCE, 1251 rows from 2000 down to 750 nm,
    // first exciton at 1446 nm (0.34329; see tests/spectrum_import.rs).
    let path = instrument("jasco_v570_pbse_qd_absorbance.txt");
    let json = import_ok(&[&path]);
    assert_eq!(json["format"], "jasco");
    assert_eq!(json["kind"], "absorbance");
    assert_eq!(json["header"]["YUNITS"], "ABSORBANCE");
    assert_eq!(json["header"]["NPOINTS"], "1251");
    assert_eq!((json["delimiter"].as_str(), json["decimal_mark"].as_str()), (Some("tab"), Some(".")));
    assert_eq!((json["rows"].as_u64(), json["columns"].as_u64()), (Some(1251), Some(2)));
    let series = json["series"].as_array().unwrap();
    assert_eq!(series.len(), 1);
    let s = &series[0];
    assert_eq!((s["x"]["column"].as_u64(), s["x"]["unit"].as_str()), (Some(1), Some("nm")));
    assert_eq!((s["y"]["column"].as_u64(), s["y"]["unit"].as_str()), (Some(2), Some("absorbance")));
    assert_eq!(s["points"], 1251);
    assert_eq!(s["x_range"], json!([750.0, 2000.0]));
    assert_eq!(s["y_range"], json!([0.02875, 0.78552])); // MINY, MAXY
    assert_eq!(s["verdict"], "peak");
    let peak = &s["first_exciton"];
    assert!((peak["wavelength_nm"].as_f64().unwrap() - 1446.0).abs() <= 2.0, "{peak}");
    assert_eq!(peak["shoulder"], false);
    // HWHM ≈ 66.6 nm by hand, 1239.84/1446 − 1239.84/1512.6 = 37.8 meV.
    assert!((peak["hwhm_meV"].as_f64().unwrap() - 37.8).abs() <= 2.0, "{peak}");
    assert!(s.get("data").is_none(), "points only with --data");
    // --data adds the points, ascending, as the reader sorted them.
    let with_data = import_ok(&[&path, "--data"]);
    let data = with_data["series"][0]["data"].as_array().unwrap();
    assert_eq!(data.len(), 1251);
    assert_eq!(data[0], json!([750.0, 0.78552]));
    assert_eq!(data[1250], json!([2000.0, 0.02884]));
}

#[test]
fn import_says_what_a_file_that_is_not_absorbance_is() {
    // Edinburgh FLS emission scan: `Type,Emission Scan`, `Yaxis,Counts`, 451 rows 450–900 nm.
    let json = import_ok(&[&instrument("edinburgh_fls_pl_emission_mapi.csv")]);
    assert_eq!((json["format"].as_str(), json["kind"].as_str()), (Some("edinburgh-fls"), Some("emission")));
    assert_eq!(json["header"]["Type"], "Emission Scan");
    assert_eq!(json["header"]["Fixed/Offset"], "367.00");
    let s = &json["series"][0];
    assert_eq!((s["verdict"].as_str(), s["y"]["unit"].as_str(), s["read_as"].as_str()), (Some("refused"), Some("counts"), Some("as in the file")));
    assert_eq!(s["y_range"][1], 54638.8633);
    assert!(s["first_exciton"].is_null());
    assert!(json["warnings"][0].as_str().unwrap().starts_with("This is an emission spectrum, not absorbance"));

    // Ocean Optics scope mode: raw counts up to 656.6.
    let json = import_ok(&[&instrument("oceanoptics_ooibase32_laser_counts.scope")]);
    assert_eq!((json["format"].as_str(), json["kind"].as_str()), (Some("ocean-optics"), Some("counts")));
    assert_eq!(json["header"]["Integration Time (msec)"], "8");
    assert_eq!(json["series"][0]["points"], 2048);
    assert!(json["warnings"][0].as_str().unwrap().contains("they reach 656.6"));

    // BioLogic's binary .mpr is read into curves, as its text export is (SOURCES.md: 1186 rows,
    // reference SCE).
    let json = import_ok(&[&instrument("biologic_lsv_spAg_SP240_yadg.mpr")]);
    assert_eq!((json["format"].as_str(), json["kind"].as_str()), (Some("BioLogic EC-Lab binary (.mpr)"), Some("voltammetry")));
    assert_eq!(json["reference"], "SCE Saturated Calomel Electrode (0.241 V)");
    assert_eq!(json["curves"][0]["potential_V"].as_array().unwrap().len(), 1186);
    assert_eq!(json["curves"][0]["time_s"].as_array().unwrap().len(), 1186);
    // A Gamry file is read into curves (SOURCES.md: the LSV has 251 points).
    let json = import_ok(&[&instrument("gamry_lsv_hzb.DTA")]);
    assert_eq!((json["format"].as_str(), json["kind"].as_str()), (Some("Gamry DTA"), Some("voltammetry")));
    assert_eq!(json["curves"][0]["potential_V"].as_array().unwrap().len(), 251);

    // A file with no numbers at all is an error, one line.
    let message = fails(&["import", &instrument("SOURCES.md")]);
    assert!(message.contains("SOURCES.md") && message.contains("No lines with a wavelength"), "{message}");
    fails(&["import", "no-such-file.csv"]);
}

#[test]
fn import_lists_every_series_of_a_multi_sample_file() {
    // Cary filters: 11 samples, `Abs` for the first and `%T` for the others.
    let json = import_ok(&[&instrument("cary_uvvis_multisample_abs_and_T.csv")]);
    assert_eq!(json["format"], "cary");
    let series = json["series"].as_array().unwrap();
    assert_eq!(series.len(), 11);
    assert_eq!((series[0]["name"].as_str(), series[0]["kind"].as_str()), (Some("600LP (Abs)"), Some("absorbance")));
    assert_eq!((series[1]["name"].as_str(), series[1]["kind"].as_str(), series[1]["y"]["unit"].as_str()), (Some("600LP1 (%T)"), Some("transmittance"), Some("%T")));
    assert_eq!((series[1]["x"]["column"].as_u64(), series[1]["y"]["column"].as_u64()), (Some(3), Some(4)));
    // 600LP: readings above 3 (over-range marks of 10 among them) from 200 to 584.9 nm and
    // above 2 to 595 nm are left out; nothing else stands out.
    assert_eq!(series[0]["verdict"], "no_peak");
    let excluded = &series[0]["excluded"][0];
    assert_eq!((excluded["reason"].as_str(), excluded["max_absorbance"].as_f64()), (Some("saturated"), Some(10.0)));
    assert_eq!((excluded["from_nm"].as_f64(), excluded["to_nm"].as_f64()), (Some(199.9654236), Some(595.020752)));
}

/// A Gaussian first exciton at 516 nm (σ 10 nm) on a background rising toward the UV, 400–700
/// nm in 1 nm steps, as [wavelength, absorbance] rows.
fn exciton_rows() -> Vec<[f64; 2]> {
    (400..=700)
        .map(|nm| {
            let x = f64::from(nm);
            [x, 0.3 * (-((x - 516.0) / 10.0).powi(2) / 2.0).exp() + 0.5 * (-(x - 400.0) / 40.0).exp()]
        })
        .collect()
}

#[test]
fn eval_finds_the_peak_of_a_spectrum_in_either_order() {
    let rows = exciton_rows();
    let mut descending = rows.clone();
    descending.reverse();
    let state = |rows: &[[f64; 2]]| json!({"calculator": "qd", "material": "CdTe", "model": "yu-peng", "spectrum": rows}).to_string();
    let down = eval_ok(temp_file("descending.json", &state(&descending)).to_str().unwrap());
    let up = eval_ok(temp_file("ascending.json", &state(&rows)).to_str().unwrap());
    assert_eq!(down["outputs"], up["outputs"], "the order of the rows changes nothing");
    assert_eq!(down["inputs"], up["inputs"]);
    let peak = down["outputs"]["spectrum_peak"]["wavelength_nm"].as_f64().unwrap();
    assert!((peak - 516.0).abs() <= 1.0, "{peak}");
    assert_eq!(down["inputs"]["lambda"].as_str().unwrap().parse::<f64>().unwrap(), (peak * 10.0).round() / 10.0);
    // Yu's D at 516 nm is 2.728 nm (refdata); near it D rises by 0.02 nm per nm.
    let (d, _) = refdata_516();
    let diameter = down["outputs"]["diameter_nm"].as_f64().unwrap();
    assert!((diameter - d).abs() <= 0.03, "{diameter} vs {d}");
    // A and HWHM come from the spectrum too: σ 10 nm is a HWHM of 11.8 nm, widened a little
    // by the background.
    let a: f64 = down["inputs"]["A"].as_str().unwrap().parse().unwrap();
    assert!((a - 0.3 - 0.5 * (-116.0f64 / 40.0).exp()).abs() < 0.01, "{a}");
    let hwhm: f64 = down["inputs"]["hwhm"].as_str().unwrap().parse().unwrap();
    assert!((11.0..=13.0).contains(&hwhm), "{hwhm}");
    assert!(down["outputs"]["concentration_mol_per_L"].as_f64().unwrap() > 0.0);
    // A typed peak is used as typed.
    let typed = json!({"material": "CdTe", "lambda": 516, "A": 0.1, "spectrum": descending}).to_string();
    let typed = eval_ok(temp_file("typed.json", &typed).to_str().unwrap());
    assert!(typed["outputs"].get("spectrum_peak").is_none());
    assert_rel(&typed["outputs"]["diameter_nm"], d, "diameter_nm");
}

#[test]
fn eval_refuses_a_spectrum_that_is_not_absorbance() {
    // Counts: the emission scan's first rows, as a state file would hold them.
    let counts = json!({"material": "CdTe", "spectrum": [[450, 552.9], [451, 557.6], [452, 547.8], [453, 567.0], [454, 532.2], [455, 529.9], [456, 519.5], [457, 504.9]]});
    let message = fails(&["eval", temp_file("counts.json", &counts.to_string()).to_str().unwrap()]);
    assert!(message.contains("These values are not absorbance: they reach 567"), "{message}");
}

/// The gas calculator's example link, as `photocalc eval` prints it: seed 000's amount,
/// molar volume and TON (`seed_checks.json` c and d), and a state file with the GC
/// calibration as a list of rows means the same as its link.
#[test]
fn eval_of_the_gas_example_reproduces_seed_000() {
    let report = eval_ok("#/gas?v=1&gas=H2&V=3.525&cat=1&vsol=10&t=30&donor=1&area=1");
    assert_eq!(report["calculator"], "gas");
    let outputs = &report["outputs"];
    // 24.48 mL/mmol (seed_checks c, displayed value) and TON 14400 (d) to the seed's digits.
    assert!((outputs["molar_volume_L_per_mol"].as_f64().unwrap() - 24.48).abs() < 0.005);
    assert!((outputs["TON"].as_f64().unwrap() - 14400.0).abs() < 5.0);
    let warnings = report["warnings"].to_string();
    assert!(warnings.contains("sacrificial electron donor"), "{warnings}");
    assert!(warnings.contains("22.4 L mol"), "{warnings}");

    let rows = json!([["0.05", "", "2630"], ["0.1", "", "5090"], ["0.2", "", "10150"], ["0.4", "", "20110"]]);
    let state = json!({"calculator": "gas", "src": "gc", "std": "amount", "cal": rows, "peak": "7500", "vinj": "100", "vhs": "15"});
    let file = temp_file("gas-state.json", &state.to_string());
    let from_file = eval_ok(file.to_str().unwrap());
    let link = link_ok(&["link", file.to_str().unwrap()]);
    assert_eq!(eval_ok(&link)["outputs"], from_file["outputs"]);
    // numpy.polyfit slope of the rows (tests/links/derive_gas_v1.py).
    assert_rel(&from_file["outputs"]["calibration_slope_area_per_umol"], 49993.043478260886, "slope");
}

/// `photocalc import` of a potentiostat export prints its curves (issue 10's form): the CHI760E
/// CV of `../shared/data/instruments` as two segments, potentials as recorded, currents in A.
#[test]
fn import_of_a_potentiostat_file_prints_its_curves() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/instruments/chi760e_cv_her.txt");
    let out = photocalc(&["import", path]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["format"], "CH Instruments text export");
    assert_eq!(report["kind"], "voltammetry");
    let curves = report["curves"].as_array().unwrap();
    assert_eq!(curves.len(), 2);
    // SOURCES.md: the first row "-0.500, -4.214e-4"; 701 rows up to the vertex.
    assert_eq!(curves[0]["potential_V"].as_array().unwrap().len(), 701);
    assert_eq!(curves[0]["current_A"][0], json!(-4.214e-4));
    assert_eq!(curves[0]["time_s"], Value::Null);
}

#[test]
fn eval_of_a_pec_state_file_solves_the_pair_as_the_issue_writes_it() {
    // The issue's state-file form: J_a = 2(E + 0.5) above −0.5 V, J_c = 2E below 0 V (mA cm⁻²)
    // on 1.5 cm² each cross where 2(E + 0.5) = −2E: E = −0.25 V, J = ±0.5 mA cm⁻², I = 0.75 mA.
    let file = temp_file(
        "pec_pair.json",
        r#"{"calculator": "pec",
            "anode": {"curve": [[-1.0, 0.0], [-0.5, 0.0], [0.0, 1.0], [0.5, 2.0]], "area_cm2": 1.5, "scale": "AgAgCl-satKCl"},
            "cathode": {"curve": [[-1.0, -2.0], [-0.5, -1.0], [0.0, 0.0], [0.5, 0.0]], "area_cm2": 1.5, "scale": "AgAgCl-satKCl"},
            "bias_V": 0, "R_ohm": 0}"#,
    );
    let report = eval_ok(file.to_str().unwrap());
    let out = &report["outputs"];
    assert_rel(&out["operating_current_mA"], 0.75, "operating current");
    assert_rel(&out["operating_potential_V"], -0.25, "operating potential");
    assert_rel(&out["cathode_j_mA_per_cm2"], -0.5, "cathode current density");
    assert_eq!(out["scale"], "AgAgCl-satKCl");
    // The same pair with the cathode measured against SCE: 0.0442 V lower on its own scale,
    // the same crossing on the photoanode's scale.
    let shifted = temp_file(
        "pec_pair_sce.json",
        r#"{"calculator": "pec",
            "anode": {"curve": [[-1.0, 0.0], [-0.5, 0.0], [0.0, 1.0], [0.5, 2.0]], "area_cm2": 1.5, "scale": "AgAgCl-satKCl"},
            "cathode": {"curve": [[-1.0442, -2.0], [-0.5442, -1.0], [-0.0442, 0.0], [0.4558, 0.0]], "area_cm2": 1.5, "scale": "SCE"}}"#,
    );
    let out = &eval_ok(shifted.to_str().unwrap())["outputs"];
    assert_rel(&out["operating_current_mA"], 0.75, "operating current across scales");
    assert_rel(&out["operating_potential_V"], -0.25, "operating potential across scales");
    // A state file and its link mean the same thing.
    let link = link_ok(&["link", file.to_str().unwrap()]);
    assert_eq!(eval_ok(&link)["outputs"], report["outputs"]);
    // A bad electrode object is a message, not a panic.
    let bad = temp_file("pec_bad.json", r#"{"calculator": "pec", "anode": {"curve": [[0, 1, 2]]}}"#);
    let message = fails(&["eval", bad.to_str().unwrap()]);
    assert!(message.contains("takes two"), "{message}");
}

#[test]
fn eval_of_the_pec_example_runs_the_seed_pair_without_bias() {
    // Seed 002's onsets as photodiode models (the page's defaults): −0.1473085 mA cm⁻² at
    // −0.214562 V vs Ag/AgCl by scipy (tests/pec_refs/photodiode_pair.py), within 1e-3.
    let out = &eval_ok("#/pec?v=1")["outputs"];
    let current = out["operating_current_mA"].as_f64().unwrap();
    assert!((current / 0.147_308_5 - 1.0).abs() < 1e-3, "{current}");
    let e = out["operating_potential_V"].as_f64().unwrap();
    assert!((e + 0.214_562).abs() < 1e-3, "{e}");
}

#[test]
fn import_reads_the_potential_column_chosen() {
    let lsv = instrument("biologic_lsv_spAg_SP240_yadg.mpt");
    // By default Ewe/V; the file's column line lists four potentials and one current.
    let json = import_ok(&[&lsv]);
    assert_eq!((json["potential_column"].as_str(), json["current_column"].as_str()), (Some("Ewe/V"), Some("<I>/mA")));
    assert_eq!(json["potential_columns"], json!(["control/V", "Ewe/V", "<Ece>/V", "Ewe-Ece/V"]));
    assert_eq!(json["current_columns"], json!(["<I>/mA"]));
    assert_eq!(json["curves"][0]["potential_V"][0].as_f64(), Some(-2.4618463E-001));
    // Line 67: control/V -5.6856550E-002, <I>/mA -6.556889057159424E+000.
    for args in [vec![lsv.as_str(), "--potential", "control/V"], vec![lsv.as_str(), "--potential=control/V", "--current", "<I>/mA"]] {
        let json = import_ok(&args);
        assert_eq!(json["potential_column"], "control/V");
        assert_eq!(json["curves"][0]["potential_V"][0].as_f64(), Some(-5.6856550E-002));
        assert_eq!(json["curves"][0]["current_A"][0].as_f64(), Some(-6.556889057159424E+000 * 1e-3));
    }
    // Gamry's Sig (line 72 of the LSV: -4.17233E-007).
    let json = import_ok(&[&instrument("gamry_lsv_hzb.DTA"), "--potential", "Sig"]);
    assert_eq!(json["potential_columns"], json!(["Vf", "Vu", "Sig"]));
    assert_eq!(json["curves"][0]["potential_V"][0].as_f64(), Some(-4.17233e-7));
    // A name that is not a potential column is an error listing those that are.
    let message = fails(&["import", &lsv, "--potential", "Ewe"]);
    assert!(message.contains("no potential column \u{201c}Ewe\u{201d}") && message.contains("\u{201c}control/V\u{201d}, \u{201c}Ewe/V\u{201d}"), "{message}");
    let message = fails(&["import", &lsv, "--current"]);
    assert!(message.contains("--current needs a column name"), "{message}");
    // A spectrum has no such columns.
    let message = fails(&["import", &instrument("uvvis_hzb_wlnm_abs.csv"), "--potential", "E/V"]);
    assert!(message.contains("not a potentiostat file"), "{message}");
}
