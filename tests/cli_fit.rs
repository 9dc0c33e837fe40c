//! `photocalc fit`, run as a user runs it: the built binary on data files written to a
//! temporary folder. Reference: NIST StRD Misra1a (certified to 11 digits); tolerance 1e-6
//! relative, as the command prints shortest round-trip decimals of the double result.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const MISRA_X: [f64; 14] = [
    77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0,
];
const MISRA_Y: [f64; 14] = [
    10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47,
    81.78,
];
const CERTIFIED: [(&str, f64, f64); 2] = [
    ("b1", 2.3894212918e2, 2.7070075241),
    ("b2", 5.5015643181e-4, 7.2668688436e-6),
];

fn photocalc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_photocalc"))
        .args(args)
        .output()
        .expect("the photocalc binary runs")
}

/// Writes `text` to a fresh file in the test's temporary folder.
fn data_file(name: &str, text: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_fit_{name}"));
    std::fs::write(&path, text).unwrap();
    path
}

fn fit_ok(args: &[&str]) -> Value {
    let out = photocalc(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?} failed: {stderr}");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// Runs a command that must fail with one line on standard error.
fn fit_err(args: &[&str]) -> String {
    let out = photocalc(args);
    assert_eq!(out.status.code(), Some(2), "{args:?} should fail");
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        stderr.starts_with("photocalc: ") && stderr.trim_end().lines().count() == 1,
        "{stderr}"
    );
    stderr
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| ((a - b) / b).abs() < 1e-6)
}

fn misra_rows(separator: &str, decimal_comma: bool) -> String {
    MISRA_X
        .iter()
        .zip(MISRA_Y)
        .map(|(x, y)| {
            let row = format!("{x}{separator}{y}{separator}0.1\n");
            if decimal_comma {
                row.replace('.', ",")
            } else {
                row
            }
        })
        .collect()
}

#[test]
fn misra1a_from_a_csv_file_matches_certified_values() {
    let path = data_file(
        "misra.csv",
        &format!("x,y,sigma\n{}", misra_rows(",", false)),
    );
    let out = fit_ok(&[
        "fit",
        "--model",
        "b1*(1-exp(-b2*x))",
        "--data",
        path.to_str().unwrap(),
        "--start",
        "b1=500,b2=1e-4",
    ]);
    for (name, value, stderr) in CERTIFIED {
        let p = &out["params"][name];
        assert!(close(&p["value"], value), "{name}: {p}");
        assert!(close(&p["stderr"], stderr), "{name}: {p}");
        let (lo, hi) = (
            p["ci95"][0].as_f64().unwrap(),
            p["ci95"][1].as_f64().unwrap(),
        );
        assert!(lo < value && value < hi);
    }
    assert!(close(&out["rss"], 1.2455138894e-1));
    assert!(close(&out["residual_sd"], 1.0187876330e-1));
    assert_eq!(out["dof"], 12);
    assert_eq!(out["converged"], true);
    assert!(out["r2"].as_f64().unwrap() > 0.9999);
    assert!(out["aicc"].is_number());
    assert!(out["iterations"].as_u64().unwrap() > 0);
    assert!(out["message"].as_str().unwrap().starts_with("Converged"));
    assert!(out.get("reduced_chi2").is_none());
}

#[test]
fn tab_separated_with_decimal_commas_header_and_weights() {
    let text = format!("# Misra1a\n[Q] / M\tsignal\tsd\n{}", misra_rows("\t", true));
    let path = data_file("misra_comma.tsv", &text);
    let args = [
        "fit",
        "--model",
        "b1*(1-exp(-b2*x))",
        "--data",
        path.to_str().unwrap(),
        "--start",
        "b1=500",
        "--start",
        "b2=1e-4",
        "--weights-column",
        "3",
    ];
    let out = fit_ok(&args);
    // Equal σ leave the estimates and their standard errors unchanged; χ² = RSS/σ².
    for (name, value, stderr) in CERTIFIED {
        assert!(close(&out["params"][name]["value"], value));
        assert!(close(&out["params"][name]["stderr"], stderr));
    }
    assert!(close(&out["rss"], 1.2455138894e-1 / 0.01));
    assert!(close(&out["reduced_chi2"], 1.2455138894e-1 / 0.01 / 12.0));
}

#[test]
fn whitespace_separated_and_default_start_values() {
    let rows: String = (1..=8)
        .map(|i| {
            format!(
                "  {}   {}\n",
                i,
                2.0 + 0.5 * i as f64 + 0.01 * ((i * 7) % 3) as f64
            )
        })
        .collect();
    let path = data_file("line.txt", &rows);
    let out = fit_ok(&[
        "fit",
        "--model",
        "a + b*x",
        "--data",
        path.to_str().unwrap(),
    ]);
    assert!((out["params"]["b"]["value"].as_f64().unwrap() - 0.5).abs() < 0.01);
    assert_eq!(out["dof"], 6);
}

#[test]
fn bad_input_fails_with_one_line() {
    let path = data_file("misra_bad.csv", &format!("x,y\n{}", misra_rows(",", false)));
    let data = path.to_str().unwrap();
    let cases: [(&[&str], &str); 9] = [
        (&["fit", "--data", data], "--model is required"),
        (&["fit", "--model", "a*x"], "--data is required"),
        (
            &["fit", "--model", "b1*(1-exp(-b2*x", "--data", data],
            "in the model: The '(' at character 10 is never closed",
        ),
        (
            &["fit", "--model", "a*x", "--data", "/nonexistent/file.csv"],
            "cannot read /nonexistent/file.csv",
        ),
        (
            &[
                "fit",
                "--model",
                "b1*(1-exp(-b2*x))",
                "--data",
                data,
                "--start",
                "k=1",
            ],
            "no parameter called \"k\"",
        ),
        (
            &["fit", "--model", "a*x", "--data", data, "--start", "a=one"],
            "start value of a \"one\" is not a number",
        ),
        (
            &[
                "fit",
                "--model",
                "a*x",
                "--data",
                data,
                "--weights-column",
                "9",
            ],
            "no line holds 9 numbers",
        ),
        (
            &["fit", "--model", "a*x", "--data", data, "--frobnicate"],
            "unknown option --frobnicate",
        ),
        (
            &["fit", "--model", "b1*(1-exp(-b2*x))", "--data", data],
            "did not converge from these start values",
        ),
    ];
    for (args, needle) in cases {
        let message = fit_err(args);
        assert!(message.contains(needle), "{args:?}: {message}");
    }
    let garbage = data_file("garbage.csv", "x,y\n1,2\n2,3\nthree,4\n4,5\n");
    assert!(
        fit_err(&["fit", "--model", "a*x", "--data", garbage.to_str().unwrap()]).contains("line 4")
    );
}
