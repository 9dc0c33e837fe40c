//! Frozen corpus of share links (`tests/links/v1.txt`): every link ever published must keep
//! opening with the same results, and broken or hostile links must give an error message,
//! never a panic or a hang.
//!
//! Expected numbers in the corpus come from `../shared/refdata/seed_checks.json` or from
//! `tests/links/derive_v1.py` (an independent mpmath implementation of the published
//! equations); they are compared with a relative tolerance of 1e-9, far above the ~1e-13
//! that double-precision evaluation of the polynomials loses to cancellation, and far below
//! any difference a user could see.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use photocalc::science::qd::SizingResult;
use photocalc::state::codec::{LinkError, MAX_FIELD_CHARS, MAX_FRAGMENT_BYTES, MAX_TABLE_BYTES};
use photocalc::state::qd::{Mode, QdOutcome};
use photocalc::state::calculator::encode;
use photocalc::state::{route_of, QdState, Route};

/// Decodes a link to the quantum-dot calculator, the one calculator of format version 1.
fn decode(link: &str) -> Result<QdState, LinkError> {
    photocalc::state::calculator::decode::<QdState>(link)
}

const CORPUS_V1: &str = include_str!("links/v1.txt");

/// Relative tolerance for the corpus numbers (see the module comment).
const REL_TOL: f64 = 1e-9;

#[derive(Debug)]
enum Case<'a> {
    Ok {
        line: usize,
        link: &'a str,
        expectations: &'a str,
    },
    Err {
        line: usize,
        link: &'a str,
        message_part: &'a str,
    },
}

fn corpus() -> Vec<Case<'static>> {
    let mut cases = Vec::new();
    for (index, raw) in CORPUS_V1.lines().enumerate() {
        let line = index + 1;
        if raw.trim().is_empty() || raw.starts_with("//") {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        assert_eq!(
            fields.len(),
            3,
            "v1.txt line {line}: expected kind<TAB>link<TAB>expectations, got {raw:?}"
        );
        match fields[0] {
            "ok" => cases.push(Case::Ok {
                line,
                link: fields[1],
                expectations: fields[2],
            }),
            "err" => cases.push(Case::Err {
                line,
                link: fields[1],
                message_part: fields[2],
            }),
            other => panic!("v1.txt line {line}: unknown kind {other:?}"),
        }
    }
    cases
}

fn close(actual: f64, expected: f64) -> bool {
    actual.is_finite() && (actual - expected).abs() <= REL_TOL * expected.abs()
}

fn number(line: usize, key: &str, text: &str) -> f64 {
    text.parse()
        .unwrap_or_else(|_| panic!("v1.txt line {line}: {key}={text} is not a number"))
}

/// The sizing result and the inverse-mode peak of a decoded state, or a failure message.
fn sized(line: usize, link: &str, state: &QdState) -> (Option<f64>, SizingResult) {
    match state.evaluate() {
        QdOutcome::Sized(result) => (None, result),
        QdOutcome::Peak { peak_nm, sized } => (Some(peak_nm), sized),
        other => panic!("v1.txt line {line}: {link} decodes but does not compute: {other:?}"),
    }
}

fn check_expectations(line: usize, link: &str, state: &QdState, expectations: &str) {
    let (peak, result) = sized(line, link, state);
    for expectation in expectations.split(' ').filter(|e| !e.is_empty()) {
        let (key, value) = expectation
            .split_once('=')
            .unwrap_or_else(|| panic!("v1.txt line {line}: {expectation:?} is not key=value"));
        match key {
            "material" => assert_eq!(
                state.material.name(),
                value,
                "line {line}: material of {link}"
            ),
            "model" => assert_eq!(
                state.effective_model().slug(),
                value,
                "line {line}: model of {link}"
            ),
            "mode" => {
                let mode = match state.mode {
                    Mode::PeakToSize => "forward",
                    Mode::SizeToPeak => "inverse",
                };
                assert_eq!(mode, value, "line {line}: mode of {link}");
            }
            "unit" => assert_eq!(state.unit.slug(), value, "line {line}: unit of {link}"),
            "diameter_nm" => {
                let expected = number(line, key, value);
                assert!(
                    close(result.diameter_nm, expected),
                    "line {line}: D = {} nm, expected {expected} nm for {link}",
                    result.diameter_nm
                );
            }
            "peak_nm" => {
                let expected = number(line, key, value);
                let peak =
                    peak.unwrap_or_else(|| panic!("line {line}: no peak wavelength for {link}"));
                assert!(
                    close(peak, expected),
                    "line {line}: peak {peak} nm, expected {expected} nm for {link}"
                );
            }
            "epsilon" if value == "none" => {
                assert!(
                    result.extinction.is_none(),
                    "line {line}: {link} should give no ε, gave {:?}",
                    result.extinction
                );
                assert!(
                    result.concentration.is_none(),
                    "line {line}: {link} should give no concentration"
                );
            }
            "epsilon" => {
                let expected = number(line, key, value);
                let eps = result
                    .extinction
                    .unwrap_or_else(|| panic!("line {line}: no ε for {link}"));
                assert!(
                    close(eps.value_l_per_mol_cm, expected),
                    "line {line}: ε = {}, expected {expected} for {link}",
                    eps.value_l_per_mol_cm
                );
            }
            "concentration_M" => {
                let expected = number(line, key, value);
                let c = result
                    .concentration
                    .unwrap_or_else(|| panic!("line {line}: no concentration for {link}"));
                assert!(
                    close(c.molar_mol_per_l, expected),
                    "line {line}: c = {} M, expected {expected} M for {link}",
                    c.molar_mol_per_l
                );
            }
            "spread_nm" => {
                let (lo, hi) = value.split_once(':').expect("spread_nm=lo:hi");
                let (lo, hi) = (number(line, key, lo), number(line, key, hi));
                let (got_lo, got_hi) = result
                    .diameter_spread_nm
                    .unwrap_or_else(|| panic!("line {line}: no spread for {link}"));
                assert!(
                    close(got_lo, lo) && close(got_hi, hi),
                    "line {line}: spread {got_lo}–{got_hi}, expected {lo}–{hi} for {link}"
                );
            }
            "spectrum" => {
                let expected: Vec<(f64, f64)> = value
                    .split(';')
                    .map(|pair| {
                        let (x, y) = pair.split_once(':').expect("spectrum=x:y;…");
                        (number(line, key, x), number(line, key, y))
                    })
                    .collect();
                let spectrum = state
                    .spectrum
                    .as_ref()
                    .unwrap_or_else(|| panic!("line {line}: {link} lost its spectrum"));
                let got: Vec<(f64, f64)> = spectrum
                    .wavelength_nm
                    .iter()
                    .copied()
                    .zip(spectrum.absorbance.iter().copied())
                    .collect();
                // The table is stored as text of the shortest round-trip form: exact equality.
                assert_eq!(got, expected, "line {line}: spectrum of {link}");
            }
            other => panic!("v1.txt line {line}: unknown expectation key {other:?}"),
        }
    }
}

#[test]
fn every_frozen_link_still_opens_with_the_same_results() {
    let cases = corpus();
    let ok_count = cases
        .iter()
        .filter(|c| matches!(c, Case::Ok { .. }))
        .count();
    assert!(
        ok_count >= 10,
        "the corpus lost links: only {ok_count} ok cases"
    );
    for case in &cases {
        if let Case::Ok {
            line,
            link,
            expectations,
        } = *case
        {
            let app = decode(link)
                .unwrap_or_else(|e| panic!("v1.txt line {line}: {link} no longer opens: {e}"));
            check_expectations(line, link, &app, expectations);
        }
    }
}

#[test]
fn the_readable_link_is_exactly_what_this_version_writes_for_it() {
    // The README's readable link must stay readable: decoding and re-encoding it gives it back.
    let readable = "#/qd?v=1&material=CdTe&model=yu-peng&lambda=516&A=0.1&path=1&dilution=1";
    let app = decode(readable).expect("the readable link opens");
    assert_eq!(encode(&app), readable);
}

#[test]
fn re_encoding_a_frozen_link_keeps_its_meaning() {
    // Opening an old link and sharing it again must not change what it holds.
    for case in corpus() {
        if let Case::Ok { line, link, .. } = case {
            let app = decode(link).expect("checked by every_frozen_link_still_opens");
            let again = decode(&encode(&app))
                .unwrap_or_else(|e| panic!("line {line}: re-encoded {link} fails: {e}"));
            assert_eq!(
                again, app,
                "line {line}: re-encoding {link} changed the state"
            );
        }
    }
}

/// Messages must be one readable sentence: not empty, not a dump of the link, one line.
fn assert_sensible(message: &str, what: &str) {
    assert!(!message.trim().is_empty(), "{what}: empty message");
    assert!(
        message.len() <= 300,
        "{what}: message of {} bytes: {message:.200}",
        message.len()
    );
    assert!(
        !message.contains('\n'),
        "{what}: message spans lines: {message}"
    );
    assert!(
        message.ends_with('.'),
        "{what}: message is not a sentence: {message}"
    );
}

#[test]
fn every_broken_corpus_link_gives_an_error_that_says_why() {
    let cases = corpus();
    let err_count = cases
        .iter()
        .filter(|c| matches!(c, Case::Err { .. }))
        .count();
    assert!(
        err_count >= 10,
        "the corpus lost hostile links: only {err_count}"
    );
    for case in cases {
        if let Case::Err {
            line,
            link,
            message_part,
        } = case
        {
            match decode(link) {
                Ok(app) => {
                    panic!("v1.txt line {line}: {link} should be refused, decoded to {app:?}")
                }
                Err(e) => {
                    let message = e.to_string();
                    assert!(message.contains(message_part), "line {line}: message for {link} is {message:?}, expected it to contain {message_part:?}");
                    assert_sensible(&message, link);
                }
            }
        }
    }
}

#[test]
fn the_overlong_field_in_the_corpus_really_is_overlong() {
    // Guards the corpus itself: the field-length case must stay above the limit.
    let line = CORPUS_V1
        .lines()
        .find(|l| l.ends_with("longer than 64 characters"))
        .expect("case present");
    let value = line
        .split('\t')
        .nth(1)
        .unwrap()
        .rsplit("lambda=")
        .next()
        .unwrap();
    assert_eq!(MAX_FIELD_CHARS, 64);
    assert!(value.chars().count() > MAX_FIELD_CHARS);
}

#[test]
fn a_zip_bomb_in_the_spectrum_is_refused_quickly() {
    // Three times the unpacking limit of '1's deflates to a few tens of kB: small enough to
    // fit in a link, far too big unpacked.
    let huge = vec![b'1'; 3 * MAX_TABLE_BYTES];
    assert!(huge.len() > MAX_TABLE_BYTES);
    let bomb = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&huge, 9));
    let link = format!("#/qd?v=1&material=CdTe&lambda=516&spectrum={bomb}");
    assert!(
        link.len() < MAX_FRAGMENT_BYTES,
        "the bomb must fit in a link to test the unpacking limit"
    );
    let started = std::time::Instant::now();
    match decode(&link) {
        Err(LinkError::BadTable(reason)) => {
            assert!(reason.contains("more than"), "{reason}");
            assert_sensible(&LinkError::BadTable(reason.clone()).to_string(), "zip bomb");
        }
        other => panic!(
            "zip bomb accepted or misreported: {:?}",
            other.map(|a| a.spectrum.map(|s| s.len()))
        ),
    }
    assert!(
        started.elapsed().as_secs_f64() < 5.0,
        "refusing the bomb took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_300_kb_fragment_is_refused_without_reading_it() {
    let link = format!(
        "#/qd?v=1&material=CdTe&lambda=516&A={}",
        "1".repeat(300_000)
    );
    match decode(&link) {
        Err(e @ LinkError::TooLong(_)) => assert_sensible(&e.to_string(), "300 kB link"),
        other => panic!("expected TooLong, got {other:?}"),
    }
    // Also as a whole URL: the limit applies to the fragment.
    let url = format!("https://example.org/#/qd?spectrum={}", "A".repeat(300_000));
    assert!(matches!(decode(&url), Err(LinkError::TooLong(_))));
}

#[test]
fn every_text_field_is_limited_to_64_characters() {
    for key in [
        "lambda", "A", "A400", "path", "dilution", "hwhm", "D", "eg", "me", "mh", "epsr",
    ] {
        // 64 characters (multi-byte ones, to count characters, not bytes) are kept ...
        let at_limit = "µ".repeat(MAX_FIELD_CHARS);
        let app = decode(&format!("#/qd?v=1&{key}={at_limit}"))
            .unwrap_or_else(|e| panic!("{key}: 64 chars refused: {e}"));
        assert!(
            encode(&app).contains(&"%C2%B5".repeat(MAX_FIELD_CHARS)),
            "{key} lost its text"
        );
        // ... 65 are refused, naming the field.
        let over = "1".repeat(MAX_FIELD_CHARS + 1);
        match decode(&format!("#/qd?v=1&{key}={over}")) {
            Err(e @ LinkError::FieldTooLong(_)) => {
                let message = e.to_string();
                assert!(message.contains(key), "{message}");
                assert_sensible(&message, key);
            }
            other => panic!("{key}: expected FieldTooLong, got {other:?}"),
        }
    }
}

#[test]
fn an_empty_link_is_the_home_page() {
    for link in [
        "",
        "#",
        "#/",
        "https://example.org/app/#",
        "https://example.org/app/#/",
    ] {
        assert_eq!(route_of(link), Route::Home, "{link:?}");
    }
}
