//! Frozen corpora of share links (`tests/links/gas_v1.txt`, `tests/links/pec_v1.txt`): each
//! link keeps opening with outputs derived independently of PhotoCalc (by
//! `tests/links/derive_gas_v1.py`, or by hand as the corpus says), and broken links give their
//! message, never a panic.

use photocalc::state::calculator::{decode, encode, Calculator};
use photocalc::state::{GasState, PecState};

/// Relative tolerance of the corpus numbers.
const REL_TOL: f64 = 1e-9;

/// Checks every case of a corpus for calculator `C`; at least `minimum` cases.
fn check_corpus<C: Calculator + std::fmt::Debug>(name: &str, corpus: &str, minimum: usize) {
    let mut checked = 0;
    for (i, raw) in corpus.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() || raw.starts_with("//") {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        assert_eq!(fields.len(), 3, "{name} line {line}: expected kind<TAB>link<TAB>expectations");
        let (kind, link, expected) = (fields[0], fields[1], fields[2]);
        match kind {
            "ok" => {
                let state: C = decode(link).unwrap_or_else(|e| panic!("{name} line {line}: {link} does not open: {e}"));
                let report = state.report().unwrap_or_else(|e| panic!("{name} line {line}: {link} does not compute: {e}"));
                for expectation in expected.split(' ') {
                    let (key, value) = expectation.split_once('=').unwrap_or_else(|| panic!("{name} line {line}: {expectation:?} is not key=value"));
                    let want: f64 = value.parse().unwrap_or_else(|_| panic!("{name} line {line}: {value} is not a number"));
                    let got = report["outputs"][key].as_f64().unwrap_or_else(|| panic!("{name} line {line}: no output {key} for {link}: {}", report["outputs"]));
                    assert!((got - want).abs() <= REL_TOL * want.abs(), "{name} line {line}: {key} = {got}, expected {want} for {link}");
                }
                // The link the state writes opens as the same state.
                assert_eq!(decode::<C>(&encode(&state)).unwrap(), state, "{name} line {line}: {link} does not round-trip");
            }
            "err" => match decode::<C>(link) {
                Ok(_) => panic!("{name} line {line}: {link} should not open"),
                Err(e) => assert!(e.to_string().contains(expected), "{name} line {line}: {link} says {e:?}, expected {expected:?}"),
            },
            other => panic!("{name} line {line}: unknown kind {other:?}"),
        }
        checked += 1;
    }
    assert!(checked >= minimum, "{name}: only {checked} cases");
}

#[test]
fn every_frozen_gas_link_opens_with_its_outputs() {
    check_corpus::<GasState>("gas_v1.txt", include_str!("links/gas_v1.txt"), 25);
}

#[test]
fn every_frozen_pec_link_opens_with_its_outputs() {
    check_corpus::<PecState>("pec_v1.txt", include_str!("links/pec_v1.txt"), 14);
}
