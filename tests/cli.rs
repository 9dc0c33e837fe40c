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
    assert_eq!(langmuir["covariance"]["names"], serde_json::json!(["I₀", "f", "K_L"]));
    assert_eq!(langmuir["covariance"]["matrix"].as_array().unwrap().len(), 3);
    // Row 8 is left out, and the report says so and fits eight points.
    assert_eq!(report["inputs"]["excluded_rows"], serde_json::json!([8]));
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
    for needle in ["photocalc eval", "photocalc link", "photocalc fit", "photocalc help", "--version", "Example"] {
        assert!(help.contains(needle), "--help lacks {needle}: {help}");
    }
    assert_eq!(prints(&["-h"]), help);
    assert_eq!(prints(&["help"]), help);
}

#[test]
fn each_command_has_its_own_help() {
    // (command, what its help must mention: usage, arguments, options, an example)
    let cases: [(&str, &[&str]); 3] = [
        ("eval", &["photocalc eval [--csv] <LINK | STATE.json>", "state", "--csv", "--help", "Example"]),
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
    let cases: [(&[&str], &str, &str); 16] = [
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
