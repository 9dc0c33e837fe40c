//! Property tests of the share-link codec and the quantum-dot calculator: facts that must hold
//! for every input, not only for the examples elsewhere.
//!
//! Case counts are modest so the file runs in about a second. On a failure proptest prints
//! the shrunk failing case; no regression files are written (turn a failure into an
//! example test instead).

use photocalc::science::qd::{self, Material, Model, SizingResult};
use photocalc::science::spectrum::Spectrum;
use photocalc::state::codec::{encode_table, percent_encode};
use photocalc::state::qd::{ConcentrationUnit, Mode, QdOutcome, QdState};
use photocalc::state::calculator::encode;

fn decode(link: &str) -> Result<QdState, photocalc::state::codec::LinkError> {
    photocalc::state::calculator::decode::<QdState>(link)
}
use proptest::prelude::*;
use proptest::sample::select;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------

fn material() -> impl Strategy<Value = Material> {
    select(Material::ALL.to_vec())
}

fn model() -> impl Strategy<Value = Model> {
    select(Model::ALL.to_vec())
}

fn mode() -> impl Strategy<Value = Mode> {
    select(vec![Mode::PeakToSize, Mode::SizeToPeak])
}

fn unit() -> impl Strategy<Value = ConcentrationUnit> {
    select(ConcentrationUnit::ALL.to_vec())
}

/// Characters that are awkward in a URL, mixed with any Unicode scalar.
fn awkward_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => select(vec!['&', '=', '#', '%', ' ', '+', '?', '/', '\\', ';', '"', '<', '>', '\n', '\t', '\u{a0}', 'µ', '−', 'é', '😀', '0', '1', '.', ',', 'e', '-']),
    ]
}

/// A typed field: up to 64 characters (the link's limit), counted as characters.
fn typed_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(awkward_char(), 0..=64).prop_map(String::from_iter)
}

/// Strictly ascending, positive, finite wavelengths with finite absorbances: what
/// `Spectrum::new` accepts. Values range over the whole f64 scale to stress the table text.
fn spectrum() -> impl Strategy<Value = Spectrum> {
    let any_finite = any::<f64>().prop_filter("finite", |v| v.is_finite());
    let positive = prop_oneof![
        3 => 1.0..5000.0f64,
        1 => any::<f64>().prop_filter("positive finite", |v| v.is_finite() && *v > 0.0),
    ];
    let absorbance = prop_oneof![3 => -0.1..3.0f64, 1 => any_finite];
    proptest::collection::vec((positive, absorbance), 2..40).prop_filter_map(
        "needs 2 distinct wavelengths",
        |mut rows| {
            rows.sort_by(|a, b| a.0.total_cmp(&b.0));
            rows.dedup_by(|a, b| a.0 == b.0);
            let (x, y): (Vec<f64>, Vec<f64>) = rows.into_iter().unzip();
            Spectrum::new(x, y).ok()
        },
    )
}

fn qd_state_from(
    (material, model, mode, unit): (Material, Model, Mode, ConcentrationUnit),
    texts: Vec<String>,
    spectrum: Option<Spectrum>,
) -> QdState {
    let mut t = texts.into_iter();
    let mut next = || t.next().unwrap();
    QdState {
        material,
        model,
        mode,
        unit,
        peak_nm: next(),
        absorbance: next(),
        absorbance_400nm: next(),
        path_length_cm: next(),
        dilution: next(),
        hwhm_nm: next(),
        wanted_diameter_nm: next(),
        band_gap_ev: next(),
        electron_mass: next(),
        hole_mass: next(),
        permittivity: next(),
        spectrum,
    }
}

/// Any state the page can hold: arbitrary choices and arbitrary typed text.
fn any_qd_state() -> impl Strategy<Value = QdState> {
    (
        (material(), model(), mode(), unit()),
        proptest::collection::vec(typed_text(), 11),
        proptest::option::weighted(0.3, spectrum()),
    )
        .prop_map(|(choices, texts, spectrum)| qd_state_from(choices, texts, spectrum))
}

/// What a user might type into a number field: mostly plausible numbers in the field's
/// range, with extremes, garbage and empty fields mixed in.
fn typed_number(lo: f64, hi: f64) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (lo..hi).prop_map(|v| format!("{v}")),
        2 => select(vec![
            "0", "-0", "1e308", "1.7976931348623157e308", "1e-308", "4.9e-324", "1e-300", "1e300",
            "-1", "1e999", "NaN", "inf", "1,5", "0,1", " 516 ", "1e-", "1.", "−2", "999999999999999999999999999999999999999999999999999999999999",
        ])
        .prop_map(str::to_string),
        1 => any::<f64>().prop_map(|v| format!("{v:e}")),
        1 => typed_text(),
        1 => Just(String::new()),
    ]
}

fn typed_qd_state() -> impl Strategy<Value = QdState> {
    let texts = (
        (
            typed_number(150.0, 5000.0),
            typed_number(0.0, 3.0),
            typed_number(0.0, 3.0),
            typed_number(0.01, 10.0),
        ),
        (
            typed_number(1.0, 1000.0),
            typed_number(0.1, 100.0),
            typed_number(0.5, 30.0),
            typed_number(0.05, 4.0),
        ),
        (
            typed_number(0.01, 2.0),
            typed_number(0.01, 2.0),
            typed_number(1.0, 30.0),
        ),
    )
        .prop_map(|((a, b, c, d), (e, f, g, h), (i, j, k))| vec![a, b, c, d, e, f, g, h, i, j, k]);
    ((material(), model(), mode(), unit()), texts)
        .prop_map(|(choices, texts)| qd_state_from(choices, texts, None))
}

fn finite_numbers(result: &SizingResult) -> Vec<(&'static str, f64)> {
    let mut numbers = vec![
        ("diameter_nm", result.diameter_nm),
        ("mass_per_particle_g", result.mass_per_particle_g),
        (
            "formula_units_per_particle",
            result.formula_units_per_particle,
        ),
    ];
    if let Some((lo, hi)) = result.diameter_spread_nm {
        numbers.extend([("spread.lo", lo), ("spread.hi", hi)]);
    }
    if let Some(e) = result.extinction {
        numbers.extend([
            ("epsilon", e.value_l_per_mol_cm),
            ("epsilon.rel_unc", e.relative_uncertainty),
            ("epsilon.at_nm", e.at_nm),
        ]);
    }
    if let Some(c) = result.concentration {
        numbers.extend([
            ("molar", c.molar_mol_per_l),
            ("molar.rel_unc", c.relative_uncertainty),
            ("particles_per_ml", c.particles_per_ml),
            ("mass_g_per_l", c.mass_g_per_l),
        ]);
    }
    numbers
}

/// A link fragment with random keys (known and unknown) and random values, raw or escaped,
/// and random base64url text or real deflated text in `spectrum=`.
fn hostile_link() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        3 => select(vec!["v", "material", "model", "mode", "lambda", "A", "A400", "path", "dilution", "hwhm", "D", "eg", "me", "mh", "epsr", "unit", "spectrum"])
            .prop_map(str::to_string),
        1 => typed_text(),
    ];
    let base64ish = proptest::collection::vec(
        select(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=".to_vec()),
        0..200,
    )
    .prop_map(|b| String::from_utf8(b).unwrap());
    let table_text = proptest::collection::vec((any::<f64>(), any::<f64>()), 0..30)
        .prop_map(|rows| encode_table(&rows));
    let value = prop_oneof![
        3 => typed_text(),
        2 => typed_text().prop_map(|t| percent_encode(&t)),
        1 => select(vec!["CdTe", "PbSe", "brus", "jasieniak", "inverse", "nM", "1", "999", "516"]).prop_map(str::to_string),
        1 => base64ish.clone(),
        1 => table_text,
        1 => proptest::collection::vec(any::<u8>(), 0..40).prop_map(|b| b.iter().map(|x| format!("%{x:02X}")).collect()),
    ];
    let pairs = proptest::collection::vec((key, value), 0..8).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    });
    let prefix = select(vec![
        "#/qd?",
        "#/qd?v=1&",
        "https://example.org/a/#/qd?",
        "#/",
        "#/nope?",
        "#qd?",
        "",
        "/qd?",
        "#/qd?spectrum=",
    ]);
    (prefix, pairs, base64ish).prop_map(|(prefix, pairs, tail)| {
        if prefix.ends_with("spectrum=") {
            format!("{prefix}{tail}")
        } else {
            format!("{prefix}{pairs}")
        }
    })
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(128))]

    /// (a) A share link gives back exactly the state it was made from: every choice, every
    /// typed character (Unicode, `&`, `=`, `#`, `%`, `+`, spaces) and the spectrum, bit for bit.
    #[test]
    fn share_link_round_trips_any_state(state in any_qd_state()) {
        let link = encode(&state);
        prop_assert!(link.starts_with("#/qd?v=1&"), "{}", link);
        prop_assert_eq!(link.matches('#').count(), 1, "a raw # in the link would cut it: {}", link);
        let app = decode(&link).map_err(|e| TestCaseError::fail(format!("{e} for {link}")))?;
        prop_assert_eq!(&app, &state);
        // Pasted into a whole URL it means the same.
        let app = decode(&format!("https://example.org/app/{link}")).unwrap();
        prop_assert_eq!(&app, &state);
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// (b) The inverse problem undoes the forward one: for every calibrated (material, model)
    /// pair and every wavelength of its domain, λ(D(λ)) = λ within 1e-6 nm.
    #[test]
    fn peak_for_diameter_inverts_diameter(pair in 0usize..11, fraction in 0.0..=1.0f64) {
        let pairs: Vec<(Material, Model)> = Material::ALL
            .iter()
            .flat_map(|&m| m.models().iter().map(move |&model| (m, model)))
            .collect();
        prop_assert_eq!(pairs.len(), 11);
        let (material, model) = pairs[pair];
        let brus = material.bulk().brus;
        let (lo, hi) = model.domain_nm(material, &brus);
        let lambda = (lo + (hi - lo) * fraction).clamp(lo, hi);
        // Near the short end of some domains the curve gives less than one unit cell, which
        // is refused rather than shown as a size (issue 8); the inverse refuses it too.
        let d = match qd::diameter_nm(model, material, lambda, &brus) {
            Err(qd::QdError::SmallerThanUnitCell { diameter_nm, unit_cell_nm, .. }) => {
                prop_assert!(diameter_nm < unit_cell_nm && unit_cell_nm == material.unit_cell_nm());
                prop_assert!(qd::peak_for_diameter_nm(model, material, diameter_nm, &brus).is_err());
                return Ok(());
            }
            other => other.map_err(|e| TestCaseError::fail(format!("{model:?}/{material:?} at {lambda}: {e}")))?,
        };
        let back = qd::peak_for_diameter_nm(model, material, d, &brus)
            .map_err(|e| TestCaseError::fail(format!("{model:?}/{material:?} D = {d} (from {lambda} nm): {e}")))?;
        prop_assert!((back - lambda).abs() <= 1e-6, "{:?}/{:?}: λ {} → D {} → λ {}", model, material, lambda, d, back);
    }
}

proptest! {
    #![proptest_config(config(384))]

    /// (c) Decoding is total: any text gives Ok or Err, never a panic. A link that opens
    /// can be evaluated and shared again without change.
    #[test]
    fn decode_never_panics_on_arbitrary_text(text in any::<String>()) {
        if let Ok(app) = decode(&text) {
            let _ = app.evaluate();
        }
    }

    #[test]
    fn decode_never_panics_on_hostile_links(link in hostile_link()) {
        match decode(&link) {
            Ok(app) => {
                let _ = app.evaluate();
                let again = decode(&encode(&app))
                    .map_err(|e| TestCaseError::fail(format!("re-encoding {link} fails: {e}")))?;
                prop_assert_eq!(&again, &app, "re-encoding {} changed it", link);
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

proptest! {
    #![proptest_config(config(768))]

    /// (d) The calculator never panics and never shows NaN or infinity: whatever is typed,
    /// the outcome is a message, or numbers that are all finite.
    #[test]
    fn evaluate_is_total_and_finite(state in typed_qd_state()) {
        match state.evaluate() {
            QdOutcome::NeedsInput(errors) => {
                prop_assert!(!errors.is_empty(), "NeedsInput without a message for {:?}", state);
                for e in errors {
                    prop_assert!(!e.message.trim().is_empty());
                }
            }
            QdOutcome::NoAnswer(e) => prop_assert!(!e.to_string().is_empty()),
            QdOutcome::Sized(result) => {
                for (name, v) in finite_numbers(&result) {
                    prop_assert!(v.is_finite(), "{} = {} for {:?}", name, v, state);
                }
                prop_assert!(result.diameter_nm > 0.0, "D = {} for {:?}", result.diameter_nm, state);
            }
            QdOutcome::Peak { peak_nm, sized } => {
                prop_assert!(peak_nm.is_finite(), "peak = {} for {:?}", peak_nm, state);
                for (name, v) in finite_numbers(&sized) {
                    prop_assert!(v.is_finite(), "{} = {} for {:?}", name, v, state);
                }
                prop_assert!(sized.diameter_nm > 0.0, "D = {} for {:?}", sized.diameter_nm, state);
            }
        }
    }
}

/// A positive number anywhere on the f64 scale, or a plausible material constant.
fn positive_magnitude() -> impl Strategy<Value = f64> {
    prop_oneof![
        2 => 0.01..30.0f64,
        1 => (-307.0..307.0f64).prop_map(|e| 10f64.powf(e)),
    ]
}

proptest! {
    #![proptest_config(config(384))]

    /// (d, Brus) The Brus fields accept any positive number, so every positive number must
    /// give either a message or a finite, positive size: light effective masses or a tiny
    /// permittivity must not turn into D = 0, D = 1e150 nm or an infinite mass.
    #[test]
    fn brus_with_any_positive_parameters_is_finite(
        material in material(),
        inverse in any::<bool>(),
        peak in 150.0..6000.0f64,
        wanted in positive_magnitude(),
        (eg, me, mh, epsr) in (positive_magnitude(), positive_magnitude(), positive_magnitude(), positive_magnitude()),
    ) {
        let state = QdState {
            material,
            model: Model::Brus,
            mode: if inverse { Mode::SizeToPeak } else { Mode::PeakToSize },
            peak_nm: format!("{peak}"),
            wanted_diameter_nm: format!("{wanted:e}"),
            band_gap_ev: format!("{eg:e}"),
            electron_mass: format!("{me:e}"),
            hole_mass: format!("{mh:e}"),
            permittivity: format!("{epsr:e}"),
            ..QdState::default()
        };
        let sized = match state.evaluate() {
            QdOutcome::Sized(result) => result,
            QdOutcome::Peak { peak_nm, sized } => {
                prop_assert!(peak_nm.is_finite() && peak_nm > 0.0, "peak {} for {:?}", peak_nm, state);
                sized
            }
            QdOutcome::NeedsInput(_) | QdOutcome::NoAnswer(_) => return Ok(()),
        };
        for (name, v) in finite_numbers(&sized) {
            prop_assert!(v.is_finite(), "{} = {} for {:?}", name, v, state);
        }
        prop_assert!(sized.diameter_nm > 0.0, "D = {} for {:?}", sized.diameter_nm, state);
        prop_assert!(sized.mass_per_particle_g > 0.0, "mass = {} for {:?}", sized.mass_per_particle_g, state);
    }
}
