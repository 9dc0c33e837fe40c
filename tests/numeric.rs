//! `science::numeric` against outside references: the straight-line fits against the NIST
//! Statistical Reference Datasets for linear regression in `../shared/refdata/nist`
//! (Norris: y = B0 + B1·x, 36 points; NoInt1: y = B1·x through the origin, 11 points),
//! whose certified values are given to 15 significant digits.
//!
//! Tolerance: a relative error of 10⁻¹⁰ for every certified number (a log relative error
//! of 10 or more), the accuracy `tests/nist.rs` requires of the fitting engine these helpers
//! are built on.

use std::path::PathBuf;

use photocalc::science::numeric::{fit_line, fit_line_through_origin, least_squares_slope};
use serde_json::Value;

const MAX_RELATIVE_ERROR: f64 = 1e-10;

/// Reads a NIST dataset from `../shared/refdata/nist/json` (CI always has `../shared`).
fn dataset(name: &str) -> Value {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/refdata/nist/json");
    assert!(
        dir.is_dir(),
        "{} is missing: the tests need ../shared beside the project (CI always has it)",
        dir.display()
    );
    let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).expect("NIST dataset");
    serde_json::from_str(&text).expect("NIST json")
}

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_f64().expect("number"))
        .collect()
}

/// The certified value from its literal (e.g. `0.429796848199937E-03`), not the parsed
/// float in `certified`, so that nothing is lost on the way.
fn certified(set: &Value, key: &str, index: Option<usize>) -> f64 {
    let entry = &set["certified_str"][key];
    let literal = match index {
        Some(i) => &entry[i],
        None => entry,
    };
    literal
        .as_str()
        .expect("certified literal")
        .parse()
        .expect("a number")
}

fn assert_close(what: &str, actual: f64, expected: f64) {
    let relative = ((actual - expected) / expected).abs();
    assert!(
        relative <= MAX_RELATIVE_ERROR,
        "{what}: {actual:e} vs certified {expected:e} (relative error {relative:e})"
    );
}

#[test]
fn fit_line_reproduces_nist_norris() {
    let set = dataset("Norris");
    let (x, y) = (numbers(&set["x"]), numbers(&set["y"]));
    let line = fit_line(&x, &y).unwrap();
    assert_close(
        "intercept B0",
        line.intercept,
        certified(&set, "params", Some(0)),
    );
    assert_close("slope B1", line.slope, certified(&set, "params", Some(1)));
    assert_close(
        "SE(B0)",
        line.intercept_std_error,
        certified(&set, "stderr", Some(0)),
    );
    assert_close(
        "SE(B1)",
        line.slope_std_error,
        certified(&set, "stderr", Some(1)),
    );
    assert_close(
        "residual SD",
        line.residual_sd,
        certified(&set, "residual_sd", None),
    );
    assert_close(
        "R²",
        line.r_squared.unwrap(),
        certified(&set, "r_squared", None),
    );
    assert_eq!(line.points, 36);
    // The closed-form slope used inside algorithms agrees.
    assert_close(
        "closed-form slope",
        least_squares_slope(&x, &y).unwrap(),
        certified(&set, "params", Some(1)),
    );
}

#[test]
fn fit_line_through_origin_reproduces_nist_noint1() {
    let set = dataset("NoInt1");
    let (x, y) = (numbers(&set["x"]), numbers(&set["y"]));
    let line = fit_line_through_origin(&x, &y).unwrap();
    assert_close("slope B1", line.slope, certified(&set, "params", Some(0)));
    assert_close(
        "SE(B1)",
        line.slope_std_error,
        certified(&set, "stderr", Some(0)),
    );
    assert_close(
        "residual SD",
        line.residual_sd,
        certified(&set, "residual_sd", None),
    );
    // NIST certifies the uncentered R² for a model without intercept.
    assert_close(
        "R²",
        line.r_squared.unwrap(),
        certified(&set, "r_squared", None),
    );
    assert_eq!((line.intercept, line.intercept_std_error), (0.0, 0.0));
}
