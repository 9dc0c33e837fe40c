//! Frozen corpus of gas-evolution share links (`tests/links/gas_v1.txt`): each link keeps
//! opening with the outputs derived independently by `tests/links/derive_gas_v1.py`, and
//! broken links give their message, never a panic.

use photocalc::state::calculator::{decode, encode, Calculator};
use photocalc::state::GasState;

const CORPUS: &str = include_str!("links/gas_v1.txt");

/// Relative tolerance of the corpus numbers.
const REL_TOL: f64 = 1e-9;

#[test]
fn every_frozen_gas_link_opens_with_its_outputs() {
    let mut checked = 0;
    for (i, raw) in CORPUS.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() || raw.starts_with("//") {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        assert_eq!(fields.len(), 3, "gas_v1.txt line {line}: expected kind<TAB>link<TAB>expectations");
        let (kind, link, expected) = (fields[0], fields[1], fields[2]);
        match kind {
            "ok" => {
                let state: GasState = decode(link).unwrap_or_else(|e| panic!("line {line}: {link} does not open: {e}"));
                let report = state.report().unwrap_or_else(|e| panic!("line {line}: {link} does not compute: {e}"));
                for expectation in expected.split(' ') {
                    let (key, value) = expectation.split_once('=').unwrap_or_else(|| panic!("line {line}: {expectation:?} is not key=value"));
                    let want: f64 = value.parse().unwrap_or_else(|_| panic!("line {line}: {value} is not a number"));
                    let got = report["outputs"][key].as_f64().unwrap_or_else(|| panic!("line {line}: no output {key} for {link}: {}", report["outputs"]));
                    assert!((got - want).abs() <= REL_TOL * want.abs(), "line {line}: {key} = {got}, expected {want} for {link}");
                }
                // The link the state writes opens as the same state.
                assert_eq!(decode::<GasState>(&encode(&state)).unwrap(), state, "line {line}: {link} does not round-trip");
            }
            "err" => match decode::<GasState>(link) {
                Ok(_) => panic!("line {line}: {link} should not open"),
                Err(e) => assert!(e.to_string().contains(expected), "line {line}: {link} says {e:?}, expected {expected:?}"),
            },
            other => panic!("gas_v1.txt line {line}: unknown kind {other:?}"),
        }
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} cases");
}
