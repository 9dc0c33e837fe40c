//! The gas calculator's state: the seed's numbers through the whole path, links both ways, and
//! bad input said at its field.

use super::*;
use crate::state::calculator::{decode, encode};

fn value(outcome: &GasOutcome, output: Output) -> f64 {
    outcome.get(output).unwrap_or_else(|| panic!("{output:?} not computed: {:?}", outcome.problems)).value
}

#[test]
fn the_example_reproduces_seed_000() {
    let outcome = example().evaluate();
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    // 3.525 mL at 24.48 mL/mmol is 144.0 µmol and TON 14400 (seed_checks d: 3.52512 mL for
    // exactly 14400; the molar volume here uses CRC's H₂ constants, 24.4817 mL/mmol).
    assert!((value(&outcome, Output::MolarVolume) - 24.48).abs() < 0.005);
    assert!((value(&outcome, Output::Product) - 144.0).abs() < 0.05, "{}", value(&outcome, Output::Product));
    assert!((value(&outcome, Output::Ton) - 14400.0).abs() < 5.0);
    // The seed's quantum yield, 5.32 %, from the initial rate over 0–5 h and 58.1 mW absorbed.
    assert!(outcome.absorbed);
    assert!((value(&outcome, Output::QuantumYield) - 0.0532).abs() < 0.0005, "{}", value(&outcome, Output::QuantumYield));
    assert!((value(&outcome, Output::TofPerHour) - 480.0).abs() < 0.5);
}

#[test]
fn the_issue_link_shows_ton_14400() {
    let state: GasState = decode("#/gas?v=1&gas=H2&n=144&cat=1&vsol=10").unwrap();
    assert_eq!(state.source, AmountSource::Amount);
    let outcome = state.evaluate();
    assert!((value(&outcome, Output::Ton) - 14400.0).abs() < 1e-9);
}

#[test]
fn links_round_trip() {
    let mut state = example();
    state.set_unit(Input::Pressure, Unit::Atmosphere);
    state.set_plus_minus(Input::GasVolume, "0.05");
    state.henry = true;
    state.flux = FluxMethod::Actinometry;
    let link = encode(&state);
    let back: GasState = decode(&link).unwrap();
    assert_eq!(back, state, "{link}");
    assert_eq!(back.text(Input::Pressure), "1");
}

#[test]
fn bad_links_are_refused_by_key() {
    for link in ["#/gas?v=1&gas=Xe", "#/gas?v=1&eos=magic", "#/gas?v=1&T_unit=kPa", "#/gas?v=1&henry=maybe"] {
        assert!(decode::<GasState>(link).is_err(), "{link}");
    }
    // Unknown keys are ignored.
    assert!(decode::<GasState>("#/gas?v=1&future=1").is_ok());
}

#[test]
fn uncertainty_propagates_to_ton() {
    let mut state: GasState = decode("#/gas?v=1&n=144&cat=1&vsol=10").unwrap();
    state.set_plus_minus(Input::Amount, "1.44");
    state.set_plus_minus(Input::CatalystConcentration, "0.01");
    let ton = state.evaluate().get(Output::Ton).unwrap();
    // 1 % and 1 % independent: √2 % of 14400.
    assert!((ton.sigma.unwrap() - 14400.0 * 0.01 * 2f64.sqrt()).abs() < 1e-3, "{ton:?}");
}

#[test]
fn doubling_the_volume_doubles_ton() {
    let mut state = example();
    let ton = value(&state.evaluate(), Output::Ton);
    state.set(Input::GasVolume, "7.05");
    assert!((value(&state.evaluate(), Output::Ton) / ton - 2.0).abs() < 1e-12);
}

#[test]
fn bad_fields_are_said_where_they_are() {
    let mut state = example();
    state.set(Input::GasVolume, "-1");
    state.set(Input::Wavelength, "100");
    state.set(Input::Temperature, "-300");
    let outcome = state.evaluate();
    for input in [Input::GasVolume, Input::Wavelength, Input::Temperature] {
        assert!(outcome.problem_at(Place::Input(input)).is_some(), "{input:?}: {:?}", outcome.problems);
    }
    for m in outcome.values.iter().flatten() {
        assert!(m.value.is_finite() && m.sigma.is_none_or(f64::is_finite));
    }
}

#[test]
fn a_typed_model_of_the_course_is_fitted() {
    let mut state = example();
    state.course_model = "a*(1-exp(-k*t))".into();
    state.course_starts = "a=150, k=0.2".into();
    let outcome = state.evaluate();
    let course = outcome.course.as_ref().unwrap();
    let typed = course.typed.as_ref().unwrap().as_ref().unwrap();
    // The same model as the built-in saturating fit: the same end point.
    let built_in = course.saturation.as_ref().unwrap().as_ref().unwrap();
    assert!((typed.get("a").unwrap().value / built_in.n_inf.value - 1.0).abs() < 1e-6);
    state.course_model = "a*(1-exp(-k*x))".into();
    assert!(state.evaluate().problem_at(Place::Model).unwrap().contains("variable is t"));
    // Said without a course to fit, too: a constant, start values that are not name=value.
    let mut empty = GasState { course_model: "abc".into(), ..GasState::default() };
    assert!(empty.evaluate().problem_at(Place::Model).unwrap().contains("does not change with t"));
    empty.course_model = "a*t".into();
    empty.course_starts = "abc".into();
    assert!(empty.evaluate().problem_at(Place::Model).unwrap().contains("name=value"));
}

#[test]
fn one_calibration_table_holds_several_gases() {
    let mut state: GasState = decode("#/gas?v=1&src=gc&std=amount&peak=7500&vinj=100&vhs=15").unwrap();
    let row = |n: &str, area: &str, gas: &str| vec![n.to_string(), String::new(), area.to_string(), String::new(), gas.to_string()];
    state.calibration = vec![
        row("0.05", "2630", "H2"),
        row("0.1", "5090", "H2"),
        row("0.2", "10150", "h2"),
        row("0.4", "20110", "H₂"),
        row("0.1", "900", "O2"),
        row("0.2", "1800", "O2"),
        row("0.4", "3650", "O2"),
    ];
    let h2 = state.evaluate();
    let slope = h2.calibration.as_ref().unwrap().calibration.slope;
    // numpy.polyfit of the four H₂ rows (tests/links/derive_gas_v1.py).
    assert!((slope / 49993.043478260886 - 1.0).abs() < 1e-9, "{slope}");
    state.gas = Gas::O2;
    let o2 = state.evaluate();
    assert_eq!(o2.calibration.as_ref().unwrap().standards.len(), 3);
    state.calibration.push(row("0.1", "1000", "Xe"));
    assert!(state.evaluate().problems.iter().any(|p| p.place == Place::Cell { table: Table::Calibration, row: 7, column: 4 }));
}
