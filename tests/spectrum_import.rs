//! Integration tests for `science::spectrum`: importing UV-vis exports and finding the first
//! excitonic peak of quantum dots.
//!
//! Synthetic spectra check the peak finder against known answers (Gaussian excitons on
//! rising backgrounds, with and without noise); real instrument exports in
//! `../shared/data/instruments/` (not committed; see `SOURCES.md` there) check the importer
//! against facts read off the files by hand. CI has that folder beside the project; the
//! tests on real files fail without it.

use photocalc::science::qd::Model;
use photocalc::science::spectrum::{
    absorbance_at, find_first_exciton_peak, parse_spectrum, parse_spectrum_with, screen,
    smoothed, ExcitonPeak, Excluded, Exclusion, Ordinate, Spectrum, SpectrumError, MAX_POINTS,
    MAX_TEXT_BYTES,
};
use photocalc::state::qd::import::{describe_import, import_spectrum};
use std::path::PathBuf;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// Reads a real instrument export from `../shared` (which CI always has beside the project).
fn instrument_file(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/instruments");
    assert!(dir.is_dir(), "{} is missing: the tests need ../shared beside the project (CI always has it)", dir.display());
    let bytes = std::fs::read(dir.join(name)).expect("instrument file listed in SOURCES.md");
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Deterministic pseudo-random numbers (Knuth's MMIX linear congruential generator), so
/// that noisy tests are reproducible without a `rand` dependency.
struct Lcg(u64);

impl Lcg {
    /// Uniform in [−1, 1).
    fn next_symmetric(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    }
}

fn gaussian(x: f64, center_nm: f64, sigma_nm: f64, amplitude: f64) -> f64 {
    amplitude * (-(x - center_nm).powi(2) / (2.0 * sigma_nm * sigma_nm)).exp()
}

/// σ of a Gaussian with the given half width at half maximum: HWHM = σ √(2 ln 2).
fn sigma_for_hwhm(hwhm_nm: f64) -> f64 {
    hwhm_nm / (2.0 * std::f64::consts::LN_2).sqrt()
}

/// The first exciton of the synthetic spectra: 516 nm, HWHM 12 nm, 0.3 absorbance.
const EXCITON_NM: f64 = 516.0;
const EXCITON_HWHM_NM: f64 = 12.0;

/// Builds a spectrum from 350 to 750 nm from an absorbance function, with uniform noise of
/// ± `noise` absorbance.
fn synthetic(step_nm: f64, noise: f64, seed: u64, absorbance: impl Fn(f64) -> f64) -> Spectrum {
    let mut rng = Lcg(seed);
    let n = ((750.0 - 350.0) / step_nm).round() as usize + 1;
    let wavelength_nm: Vec<f64> = (0..n).map(|i| 350.0 + i as f64 * step_nm).collect();
    let values = wavelength_nm
        .iter()
        .map(|&x| absorbance(x) + noise * rng.next_symmetric())
        .collect();
    Spectrum::new(wavelength_nm, values).expect("valid synthetic spectrum")
}

/// Exciton on an exponential scattering/interband background rising toward the UV, which
/// falls to 0.009 at the exciton's red half-height point (528 nm), so that it shifts the
/// measured HWHM by only about 4 %.
fn exciton_on_exponential(x: f64) -> f64 {
    gaussian(x, EXCITON_NM, sigma_for_hwhm(EXCITON_HWHM_NM), 0.3)
        + 0.8 * (-(x - 350.0) / 40.0).exp()
}

/// Exciton with a bigger higher transition at 420 nm.
fn exciton_with_second_transition(x: f64) -> f64 {
    gaussian(x, EXCITON_NM, sigma_for_hwhm(EXCITON_HWHM_NM), 0.3) + gaussian(x, 420.0, 30.0, 1.0)
}

fn assert_exciton(peak: &ExcitonPeak, what: &str) {
    assert!(!peak.is_shoulder, "{what}: reported a shoulder: {peak:?}");
    assert!(
        (peak.wavelength_nm - EXCITON_NM).abs() <= 1.0,
        "{what}: peak at {} nm, expected {EXCITON_NM} ± 1 nm",
        peak.wavelength_nm
    );
    let hwhm = peak.hwhm_nm.expect("HWHM measured");
    assert!(
        (hwhm - EXCITON_HWHM_NM).abs() <= 0.15 * EXCITON_HWHM_NM,
        "{what}: HWHM {hwhm} nm, expected {EXCITON_HWHM_NM} nm ± 15 %"
    );
}

fn assert_finite_peak(peak: &ExcitonPeak) {
    assert!(peak.wavelength_nm.is_finite() && peak.absorbance.is_finite());
    assert!(peak.hwhm_nm.is_none_or(|h| h.is_finite() && h > 0.0));
}

/// Writes a spectrum as text, one `x<sep>y` line per point, optionally with a header.
fn to_text(x: &[f64], y: &[f64], header: &str, separator: &str) -> String {
    let mut text = String::from(header);
    for (a, b) in x.iter().zip(y) {
        text.push_str(&format!("{a:.2}{separator}{b:.6}\n"));
    }
    text
}

// ---------------------------------------------------------------------------------------
// Peak finding on synthetic spectra
// ---------------------------------------------------------------------------------------

#[test]
fn clean_exciton_on_exponential_background() {
    let s = synthetic(1.0, 0.0, 1, exciton_on_exponential);
    let peak = find_first_exciton_peak(&s, None).unwrap();
    assert_exciton(&peak, "clean, exponential background");
    assert!((peak.absorbance - exciton_on_exponential(EXCITON_NM)).abs() < 0.01);
}

#[test]
fn noisy_exciton_on_exponential_background() {
    for seed in 1..=5 {
        let s = synthetic(0.5, 0.01, seed, exciton_on_exponential);
        let peak = find_first_exciton_peak(&s, None).unwrap();
        assert_exciton(&peak, &format!("noise ±0.01, seed {seed}"));
    }
}

#[test]
fn exciton_beside_bigger_second_transition() {
    for (noise, seed) in [(0.0, 1), (0.005, 7), (0.01, 8)] {
        let s = synthetic(1.0, noise, seed, exciton_with_second_transition);
        let peak = find_first_exciton_peak(&s, None).unwrap();
        assert_exciton(&peak, &format!("second transition, noise {noise}"));
    }
}

#[test]
fn coarse_five_nm_grid_still_locates_the_peak() {
    // Cary exports at 5 nm intervals are common; the peak is refined between grid points.
    let s = synthetic(5.0, 0.0, 1, |x| {
        gaussian(x, 517.5, sigma_for_hwhm(15.0), 0.3) + 0.8 * (-(x - 350.0) / 60.0).exp()
    });
    let peak = find_first_exciton_peak(&s, None).unwrap();
    assert!(!peak.is_shoulder);
    assert!((peak.wavelength_nm - 517.5).abs() <= 1.5, "{peak:?}");
}

#[test]
fn shoulder_without_maximum_is_found_from_second_derivative() {
    // A broad exciton (small, polydisperse dots) on a steep background: the absorbance
    // falls monotonically with wavelength, so there is no maximum, only a shoulder.
    let absorbance = |x: f64| gaussian(x, 470.0, 22.0, 0.12) + 2.0 * (-(x - 350.0) / 45.0).exp();
    let s = synthetic(1.0, 0.0, 1, absorbance);
    assert!(
        s.absorbance.windows(2).all(|w| w[1] < w[0]),
        "test premise: no maximum"
    );
    let peak = find_first_exciton_peak(&s, None).unwrap();
    assert!(peak.is_shoulder, "{peak:?}");
    // The background's curvature moves the second-derivative minimum ~1.5 nm to the red.
    assert!((peak.wavelength_nm - 470.0).abs() <= 3.0, "{peak:?}");
    assert_finite_peak(&peak);

    let noisy = synthetic(0.5, 0.002, 3, absorbance);
    let peak = find_first_exciton_peak(&noisy, None).unwrap();
    assert!(peak.is_shoulder, "{peak:?}");
    assert!((peak.wavelength_nm - 470.0).abs() <= 4.0, "{peak:?}");
}

#[test]
fn noise_alone_gives_no_peak() {
    // A featureless, falling background with noise must not produce an exciton.
    let s = synthetic(0.5, 0.003, 11, |x| {
        0.05 + 0.5 * (-(x - 350.0) / 200.0).exp()
    });
    match find_first_exciton_peak(&s, None) {
        Err(SpectrumError::NoPeak { .. }) => {}
        other => panic!("expected NoPeak, got {other:?}"),
    }
}

#[test]
fn search_window_picks_a_higher_transition() {
    // Two maxima: the first exciton at 516 nm and the next transition at 450 nm.
    let s = synthetic(1.0, 0.0, 1, |x| {
        gaussian(x, EXCITON_NM, 10.0, 0.3)
            + gaussian(x, 450.0, 10.0, 0.5)
            + 0.2 * (-(x - 350.0) / 40.0).exp()
    });
    let first = find_first_exciton_peak(&s, None).unwrap();
    assert!((first.wavelength_nm - EXCITON_NM).abs() <= 1.0, "{first:?}");
    let second = find_first_exciton_peak(&s, Some((420.0, 480.0))).unwrap();
    assert!((second.wavelength_nm - 450.0).abs() <= 1.0, "{second:?}");
    // Reversed bounds are accepted.
    let reversed = find_first_exciton_peak(&s, Some((480.0, 420.0))).unwrap();
    assert_eq!(second, reversed);
    // A window outside the data, or not a number, is an error with a sentence.
    let outside = find_first_exciton_peak(&s, Some((900.0, 1000.0))).unwrap_err();
    assert!(matches!(
        outside,
        SpectrumError::SearchWindowOutsideData { .. }
    ));
    assert!(outside.to_string().contains("Widen the window"));
    assert_eq!(
        find_first_exciton_peak(&s, Some((f64::NAN, 500.0))),
        Err(SpectrumError::SearchWindowNotANumber)
    );
}

#[test]
fn hwhm_is_none_when_absorbance_never_falls_to_half() {
    // The data stop 14 nm to the red of the peak, still on its steep flank.
    let x: Vec<f64> = (450..=530).map(f64::from).collect();
    let y: Vec<f64> = x.iter().map(|&v| exciton_on_exponential(v)).collect();
    let s = Spectrum::new(x, y).unwrap();
    let peak = find_first_exciton_peak(&s, None).unwrap();
    assert!((peak.wavelength_nm - EXCITON_NM).abs() <= 1.0);
    assert_eq!(peak.hwhm_nm, None);
}

#[test]
fn too_few_points_for_a_peak() {
    let s = Spectrum::new(vec![500.0, 510.0, 520.0], vec![0.1, 0.2, 0.1]).unwrap();
    assert!(matches!(
        find_first_exciton_peak(&s, None),
        Err(SpectrumError::TooFewPointsForPeak { found: 3, .. })
    ));
}

#[test]
fn smoothed_and_interpolated_values() {
    let s = synthetic(0.5, 0.01, 2, exciton_on_exponential);
    let curve = smoothed(&s);
    assert_eq!(curve.len(), s.wavelength_nm.len());
    assert!(curve.iter().all(|v| v.is_finite()));
    // Smoothing removes most of the ± 0.01 noise (standard deviation 0.0058); the
    // one-sided fits at the ends are noisier, so they are left out of the worst case.
    let deviations: Vec<(f64, f64)> = s
        .wavelength_nm
        .iter()
        .zip(&curve)
        .map(|(&x, &v)| (x, (v - exciton_on_exponential(x)).abs()))
        .collect();
    let rms = (deviations.iter().map(|d| d.1 * d.1).sum::<f64>() / deviations.len() as f64).sqrt();
    assert!(rms < 0.003, "smoothed deviates by {rms} RMS");
    let worst_inside = deviations
        .iter()
        .filter(|d| (360.0..=740.0).contains(&d.0))
        .map(|d| d.1)
        .fold(0.0, f64::max);
    assert!(
        worst_inside < 0.008,
        "smoothed deviates by up to {worst_inside}"
    );

    let line = Spectrum::new(vec![400.0, 410.0, 420.0], vec![1.0, 0.5, 0.25]).unwrap();
    assert_eq!(absorbance_at(&line, 405.0), Some(0.75));
    assert_eq!(absorbance_at(&line, 420.0), Some(0.25));
    assert_eq!(absorbance_at(&line, 400.0), Some(1.0));
    assert_eq!(absorbance_at(&line, 399.9), None);
    assert_eq!(absorbance_at(&line, 420.1), None);
    assert_eq!(absorbance_at(&line, f64::NAN), None);
}

// ---------------------------------------------------------------------------------------
// Parsing synthetic text
// ---------------------------------------------------------------------------------------

#[test]
fn descending_text_is_sorted_and_gives_the_same_peak() {
    let s = synthetic(1.0, 0.0, 1, exciton_on_exponential);
    let mut x = s.wavelength_nm.clone();
    let mut y = s.absorbance.clone();
    x.reverse();
    y.reverse();
    let text = to_text(&x, &y, "Wavelength (nm)\tAbs\n", "\t");
    let parsed = parse_spectrum(&text, 0).unwrap();
    assert!(parsed
        .notes
        .iter()
        .any(|n| n == "Wavelength was descending; sorted ascending."));
    assert_eq!(parsed.spectrum.wavelength_nm.first(), Some(&350.0));
    assert_eq!(parsed.spectrum.wavelength_nm.last(), Some(&750.0));
    assert_eq!(parsed.ordinate, Ordinate::Absorbance);
    assert_eq!(parsed.series_names, vec!["Abs".to_string()]);
    assert_eq!(parsed.skipped_lines, 1);
    assert_exciton(
        &find_first_exciton_peak(&parsed.spectrum, None).unwrap(),
        "descending",
    );
}

#[test]
fn percent_transmittance_is_converted_to_absorbance() {
    let s = synthetic(1.0, 0.0, 1, exciton_on_exponential);
    let percent_t: Vec<f64> = s
        .absorbance
        .iter()
        .map(|a| 100.0 * 10f64.powf(-a))
        .collect();

    // With a header naming %T ...
    let text = to_text(&s.wavelength_nm, &percent_t, "Wavelength (nm),%T\n", ",");
    let parsed = parse_spectrum(&text, 0).unwrap();
    assert_eq!(parsed.ordinate, Ordinate::PercentTransmittance);
    for (got, want) in parsed.spectrum.absorbance.iter().zip(&s.absorbance) {
        assert!((got - want).abs() < 1e-5, "{got} vs {want}");
    }
    assert_exciton(
        &find_first_exciton_peak(&parsed.spectrum, None).unwrap(),
        "%T",
    );

    // ... and without: values within 0–100 with a maximum above 5 are %T.
    let bare = to_text(&s.wavelength_nm, &percent_t, "", " ");
    let guessed = parse_spectrum(&bare, 0).unwrap();
    assert_eq!(guessed.ordinate, Ordinate::PercentTransmittance);
    assert!(guessed.notes.iter().any(|n| n.contains("%T")));

    // Forcing absorbance keeps the numbers as they are.
    let forced = parse_spectrum_with(&bare, 0, Some(Ordinate::Absorbance)).unwrap();
    assert_eq!(forced.ordinate, Ordinate::Absorbance);
    assert!((forced.spectrum.absorbance[0] - percent_t[0]).abs() < 1e-5);

    // Fractional transmittance, named by a "T" header.
    let fraction: Vec<f64> = percent_t.iter().map(|t| t / 100.0).collect();
    let text = to_text(&s.wavelength_nm, &fraction, "nm;T\n", ";");
    let parsed = parse_spectrum(&text, 0).unwrap();
    assert_eq!(parsed.ordinate, Ordinate::Transmittance);
    assert!((parsed.spectrum.absorbance[100] - s.absorbance[100]).abs() < 1e-4);
}

#[test]
fn zero_transmittance_points_are_dropped_with_a_note() {
    let text = "nm,%T\n400,0\n401,-0.5\n402,10\n403,50\n404,100\n";
    let parsed = parse_spectrum(text, 0).unwrap();
    assert_eq!(parsed.spectrum.wavelength_nm, vec![402.0, 403.0, 404.0]);
    assert!((parsed.spectrum.absorbance[0] - 1.0).abs() < 1e-12);
    assert!(parsed.notes.iter().any(|n| n.contains("Dropped 2 points")));
}

#[test]
fn decimal_comma_tab_and_semicolon_files() {
    let s = synthetic(1.0, 0.0, 1, exciton_on_exponential);
    let tsv = to_text(
        &s.wavelength_nm,
        &s.absorbance,
        "Wellenlänge\tExtinktion\n",
        "\t",
    )
    .replace('.', ",");
    let parsed = parse_spectrum(&tsv, 0).unwrap();
    assert!(parsed.notes.iter().any(|n| n == "Decimal comma detected."));
    assert_eq!(parsed.spectrum.wavelength_nm.len(), 401);
    assert!(
        (absorbance_at(&parsed.spectrum, 516.0).unwrap() - exciton_on_exponential(516.0)).abs()
            < 1e-5
    );
    assert_exciton(
        &find_first_exciton_peak(&parsed.spectrum, None).unwrap(),
        "decimal comma",
    );

    let csv_semicolon = "Probe 1\nnm;A\n400,5;0,123\n401,5;0,125\n402,5;0,127\n";
    let parsed = parse_spectrum(csv_semicolon, 0).unwrap();
    assert_eq!(parsed.spectrum.wavelength_nm, vec![400.5, 401.5, 402.5]);
    assert_eq!(parsed.spectrum.absorbance, vec![0.123, 0.125, 0.127]);
    assert_eq!(parsed.series_names, vec!["Probe 1 (A)".to_string()]);

    // With commas as delimiters, "400,123" is two numbers, not 400.123.
    let parsed = parse_spectrum("400,123\n401,124\n", 0).unwrap();
    assert_eq!(parsed.spectrum.wavelength_nm, vec![400.0, 401.0]);
    assert!(!parsed.notes.iter().any(|n| n.contains("Decimal comma")));
}

/// Lines of `wavelength<sep>absorbance` from 400 nm in 1 nm steps, with decimal commas.
fn decimal_comma_lines(n: usize, separator: &str) -> Vec<String> {
    (0..n)
        .map(|i| format!("{},5{separator}0,{:03}", 400 + i, 100 + i))
        .collect()
}

#[test]
fn semicolon_file_with_decimal_commas_and_a_header_with_units() {
    let text = "Wavelength (nm);Abs\n400,5;0,123\n401,5;0,125\n402,5;0,127\n403,5;0,129\n";
    let parsed = parse_spectrum(text, 0).unwrap();
    assert_eq!(
        parsed.spectrum.wavelength_nm,
        vec![400.5, 401.5, 402.5, 403.5]
    );
    assert_eq!(parsed.spectrum.absorbance, vec![0.123, 0.125, 0.127, 0.129]);
    assert_eq!(parsed.series_names, vec!["Abs".to_string()]);
    assert_eq!(parsed.ordinate, Ordinate::Absorbance);
    assert_eq!(parsed.skipped_lines, 1);
    assert!(parsed.notes.iter().any(|n| n == "Decimal comma detected."));
    assert!(parsed.notes.iter().any(|n| n == "Read 1 header line."));
}

#[test]
fn tab_file_with_decimal_commas_and_digit_groups() {
    // Near-infrared wavelengths written as a German spreadsheet writes them: spaces (or
    // no-break spaces) group the thousands, and the tab still separates the columns.
    let text = "nm\tA\n998,5\t0,25\n999,5\t0,5\n1 000,5\t0,75\n1\u{a0}001,5\t0,5\n1 002,5\t0,25\n";
    let parsed = parse_spectrum(text, 0).unwrap();
    assert_eq!(
        parsed.spectrum.wavelength_nm,
        vec![998.5, 999.5, 1000.5, 1001.5, 1002.5]
    );
    assert_eq!(parsed.spectrum.absorbance, vec![0.25, 0.5, 0.75, 0.5, 0.25]);
    assert_eq!(parsed.series_names, vec!["A".to_string()]);
    assert!(parsed.notes.iter().any(|n| n == "Decimal comma detected."));
}

#[test]
fn a_line_with_the_other_decimal_mark_is_named_and_not_misread() {
    // 60 lines of decimal commas after a header; line 57 (400 + 55 nm) has a decimal point.
    let mut lines = vec!["nm\tA".to_string()];
    lines.extend(decimal_comma_lines(60, "\t"));
    assert_eq!(lines[56], "455,5\t0,155");
    lines[56] = "455.5\t0,155".to_string();
    let parsed = parse_spectrum(&lines.join("\n"), 0).unwrap();
    let s = &parsed.spectrum;
    // Neither 455.5 nor 4555 (the point read as grouping digits): the line is left out.
    assert_eq!(s.wavelength_nm.len(), 59);
    assert!(!s.wavelength_nm.iter().any(|&x| x == 455.5 || x == 4555.0));
    assert!(s.wavelength_nm.contains(&454.5) && s.wavelength_nm.contains(&456.5));
    let note = parsed
        .notes
        .iter()
        .find(|n| n.starts_with("Line 57:"))
        .unwrap_or_else(|| panic!("no note names line 57: {:?}", parsed.notes));
    assert!(
        note.contains("\u{201c}455.5\u{201d} has a decimal point")
            && note.contains("use decimal commas")
            && note.contains("(as line 2, \u{201c}400,5\u{201d})"),
        "{note}"
    );
    assert!(parsed.notes.iter().any(|n| n == "Decimal comma detected."));
    assert!(parsed
        .notes
        .iter()
        .any(|n| n == "Skipped 1 line that was not numbers inside the data."));

    // A second such line is counted, not named.
    lines[30] = "429.5\t0,129".to_string();
    let parsed = parse_spectrum(&lines.join("\n"), 0).unwrap();
    assert_eq!(parsed.spectrum.wavelength_nm.len(), 58);
    assert!(parsed.notes.iter().any(|n| n.starts_with("Line 31:")));
    assert!(!parsed.notes.iter().any(|n| n.starts_with("Line 57:")));
    assert!(parsed
        .notes
        .iter()
        .any(|n| n == "1 more line was skipped for the same reason."));

    // `1.500` among decimal commas is one thousand five hundred by the file's mark, but may
    // be 1.5 typed with a point: it is read by the file and the doubt is said.
    let mut lines = vec!["nm;A".to_string()];
    lines.extend(decimal_comma_lines(10, ";"));
    lines[4] = "403,5;1.500".to_string();
    let parsed = parse_spectrum(&lines.join("\n"), 0).unwrap();
    assert_eq!(absorbance_at(&parsed.spectrum, 403.5), Some(1500.0));
    assert!(
        parsed.notes.iter().any(|n| n.starts_with("Line 5: \u{201c}1.500\u{201d} was read as 1500")),
        "{:?}",
        parsed.notes
    );

    // When every line mixes the marks, the error says so instead of "no numbers".
    let error = parse_spectrum("400.5\t0,1\n401.5\t0,2\n402.5\t0,3\n", 0).unwrap_err();
    assert!(matches!(error, SpectrumError::MixedDecimalMarks { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.starts_with("Line 1: \u{201c}400.5\u{201d} has a decimal point"), "{message}");
}

#[test]
fn quoted_csv_cells() {
    // Quotes around every cell, a comma inside a quoted header and digit groups inside quoted
    // numbers: the commas inside quotes belong to the cells.
    let text = "\"Sample 7, toluene\",\"\"\n\"Wavelength (nm)\",\"Abs\"\n\"998.5\",\"0.25\"\n\"999.5\",\"0.5\"\n\"1,000.5\",\"0.75\"\n\"1,001.5\",\"0.5\"\n";
    let parsed = parse_spectrum(text, 0).unwrap();
    assert_eq!(
        parsed.spectrum.wavelength_nm,
        vec![998.5, 999.5, 1000.5, 1001.5]
    );
    assert_eq!(parsed.spectrum.absorbance, vec![0.25, 0.5, 0.75, 0.5]);
    assert_eq!(parsed.series_names, vec!["Sample 7, toluene (Abs)".to_string()]);
    assert_eq!(parsed.skipped_lines, 2);
    assert!(!parsed.notes.iter().any(|n| n.contains("Decimal comma")));
    // Commas separate CSV cells, so a CSV number cannot have a decimal comma and `1.500`
    // there is 1.5 without a doubt to say.
    let parsed = parse_spectrum("nm,A\n400,1.500\n401,1.250\n402,1.125\n", 0).unwrap();
    assert_eq!(parsed.spectrum.absorbance, vec![1.5, 1.25, 1.125]);
    assert!(!parsed.notes.iter().any(|n| n.contains("was read as")), "{:?}", parsed.notes);
}

#[test]
fn an_ambiguous_column_is_read_one_way_and_said_once() {
    // No cell shows the decimal mark: `1,000` is 1 under decimal commas and one thousand
    // under decimal points. The comma is taken as a field takes it, and one note says so.
    let text = "nm\tA\n400\t1,000\n401\t1,250\n402\t1,500\n403\t1,250\n";
    let parsed = parse_spectrum(text, 0).unwrap();
    assert_eq!(parsed.spectrum.absorbance, vec![1.0, 1.25, 1.5, 1.25]);
    let doubts: Vec<&String> = parsed.notes.iter().filter(|n| n.contains("was read as")).collect();
    assert_eq!(doubts.len(), 1, "{:?}", parsed.notes);
    assert!(
        doubts[0].starts_with("Line 2: \u{201c}1,000\u{201d} was read as 1 (the comma as a decimal comma)")
            && doubts[0].contains("type 1000")
            && doubts[0].contains("decimal commas were assumed"),
        "{}",
        doubts[0]
    );
    assert!(parsed
        .notes
        .iter()
        .any(|n| n == "3 more cells were read the same way."));
    // Nothing showed a decimal comma, so none is announced as detected.
    assert!(!parsed.notes.iter().any(|n| n == "Decimal comma detected."));
    // One cell that shows the mark settles the column without a note.
    let settled = parse_spectrum(&text.replace("403\t1,250", "403\t1,25"), 0).unwrap();
    assert_eq!(settled.spectrum.absorbance, vec![1.0, 1.25, 1.5, 1.25]);
    assert!(!settled.notes.iter().any(|n| n.contains("was read as")), "{:?}", settled.notes);
    assert!(settled.notes.iter().any(|n| n == "Decimal comma detected."));
}

#[test]
fn scientific_notation_comments_duplicates_and_footer() {
    let text = "# exported by hand\n\
                # sample: CdSe QDs in toluene\n\
                wavelength abs\n\
                4.000E+002 1.0E-001\n\
                4.010E+002 2.0E-001\n\
                4.010E+002 4.0E-001\n\
                oops\n\
                4.020E+002 5.0E-001\n\
                4.030E+002 nan\n\
                4.040E+002 6.0E-001\n\
                \n\
                Instrument: imaginary 9000\n\
                Operator: someone\n";
    let parsed = parse_spectrum(text, 0).unwrap();
    assert_eq!(
        parsed.spectrum.wavelength_nm,
        vec![400.0, 401.0, 402.0, 404.0]
    );
    assert!(
        (parsed.spectrum.absorbance[1] - 0.3).abs() < 1e-12,
        "duplicates averaged"
    );
    // 3 header lines, "oops", the "nan" line and 2 footer lines.
    assert_eq!(parsed.skipped_lines, 7);
    assert!(parsed.notes.iter().any(|n| n == "Read 3 header lines."));
    assert!(parsed
        .notes
        .iter()
        .any(|n| n.contains("Merged 1 repeated wavelength")));
}

#[test]
fn several_y_columns_and_series_selection() {
    let text = "Wavelength,QD-A,QD-B\n500,0.1,0.4\n501,0.2,0.5\n502,0.3,0.6\n";
    let a = parse_spectrum(text, 0).unwrap();
    let b = parse_spectrum(text, 1).unwrap();
    assert_eq!(a.series_names, vec!["QD-A".to_string(), "QD-B".to_string()]);
    assert_eq!(a.spectrum.absorbance, vec![0.1, 0.2, 0.3]);
    assert_eq!(b.spectrum.absorbance, vec![0.4, 0.5, 0.6]);
    assert_eq!(b.series_index, 1);
    let error = parse_spectrum(text, 2).unwrap_err();
    assert_eq!(
        error,
        SpectrumError::SeriesOutOfRange {
            requested: 2,
            available: 2
        }
    );
    assert!(error.to_string().contains("Series 3"));
}

#[test]
fn sample_blocks_one_after_another() {
    let text = "Sample A\nnm\tAbs\n500\t0.1\n501\t0.2\n502\t0.3\n503\t0.4\n504\t0.5\n\n\
                Sample B\nnm\tAbs\n500\t1.1\n501\t1.2\n502\t1.3\n503\t1.4\n504\t1.5\n";
    let parsed = parse_spectrum(text, 1).unwrap();
    assert_eq!(parsed.series_names.len(), 2);
    assert!(
        parsed.series_names[1].contains("Sample B"),
        "{:?}",
        parsed.series_names
    );
    assert_eq!(parsed.spectrum.absorbance, vec![1.1, 1.2, 1.3, 1.4, 1.5]);
}

#[test]
fn ragged_lines_do_not_panic() {
    let text = "400 0.1\n401 0.2 0.3\n402\n403 0.4 0.5 0.6 0.7\n404 0.5\n";
    let parsed = parse_spectrum(text, 0).unwrap();
    assert_eq!(
        parsed.spectrum.wavelength_nm,
        vec![400.0, 401.0, 403.0, 404.0]
    );
    for series in 0..parsed.series_names.len() + 1 {
        let _ = parse_spectrum(text, series);
    }
}

#[test]
fn garbage_inputs_are_errors_not_panics() {
    let mut random_bytes = Vec::new();
    let mut rng = Lcg(42);
    for _ in 0..4096 {
        random_bytes.push(((rng.next_symmetric() + 1.0) * 128.0) as u8);
    }
    let binary = String::from_utf8_lossy(&random_bytes).into_owned();
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("blank lines", "  \n\t\n\r\n".to_string()),
        ("only a header", "Wavelength (nm),Abs\n".to_string()),
        ("a single number", "42".to_string()),
        ("one column", "0.1\n0.2\n0.3\n".to_string()),
        ("one point", "400 0.1\n".to_string()),
        ("binary garbage", binary),
        ("NUL bytes", "\0\0\0\u{1}\u{2}".to_string()),
        ("NaN and inf", "NaN NaN\ninf inf\n-inf 1\n".to_string()),
        ("huge exponents", "1e999 1\n2e999 2\n".to_string()),
        ("negative wavelengths", "-400 0.1\n-401 0.2\n".to_string()),
        ("words", "lorem ipsum\ndolor sit amet\n".to_string()),
        ("%T all zero", "nm,%T\n400,0\n401,0\n402,0\n".to_string()),
    ];
    for (what, text) in cases {
        let result = parse_spectrum(&text, 0);
        assert!(result.is_err(), "{what}: expected an error, got {result:?}");
        let message = result.unwrap_err().to_string();
        assert!(message.ends_with('.'), "{what}: {message}");
    }
    assert_eq!(parse_spectrum("", 0), Err(SpectrumError::Empty));
    assert_eq!(parse_spectrum("42", 0), Err(SpectrumError::SingleColumn));
    assert_eq!(
        parse_spectrum("400 0.1\n", 0),
        Err(SpectrumError::TooFewPoints { found: 1 })
    );
}

#[test]
fn two_hundred_thousand_lines_are_refused_quickly() {
    let mut text = String::with_capacity(200_000 * 16);
    for i in 0..200_000 {
        text.push_str(&format!("{:.3} 0.1234\n", 300.0 + i as f64 * 0.001));
    }
    assert!(
        text.len() < MAX_TEXT_BYTES,
        "this case is about points, not bytes"
    );
    let started = Instant::now();
    let error = parse_spectrum(&text, 0).unwrap_err();
    assert_eq!(error, SpectrumError::TooManyPoints { limit: MAX_POINTS });
    assert!(error.to_string().contains(&MAX_POINTS.to_string()));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn oversized_text_is_refused() {
    let text = "1".repeat(MAX_TEXT_BYTES + 1);
    assert!(matches!(
        parse_spectrum(&text, 0),
        Err(SpectrumError::TooLarge {
            limit_bytes: MAX_TEXT_BYTES,
            ..
        })
    ));
}

#[test]
fn spectrum_round_trips_through_serde() {
    let s = Spectrum::new(vec![400.0, 401.0], vec![0.1, 0.2]).unwrap();
    let json = serde_json::to_string(&s).unwrap();
    let back: Spectrum = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
    // A deserialized spectrum can break the rules; the functions cope.
    let broken: Spectrum =
        serde_json::from_str(r#"{"wavelength_nm":[3.0,1.0,2.0],"absorbance":[1.0]}"#).unwrap();
    assert!(broken.validate().is_err());
    assert!(find_first_exciton_peak(&broken, None).is_err());
    assert!(smoothed(&broken).is_empty());
}

// ---------------------------------------------------------------------------------------
// Real instrument exports (../shared/data/instruments, see SOURCES.md)
// ---------------------------------------------------------------------------------------

#[test]
fn jasco_v570_pbse_quantum_dots() {
    let text = instrument_file("jasco_v570_pbse_qd_absorbance.txt");
    let parsed = parse_spectrum(&text, 0).unwrap();
    let s = &parsed.spectrum;
    // 18 JCAMP-like header lines (TITLE … XYDATA), then NPOINTS = 1251 pairs from
    // FIRSTX 2000 down to LASTX 750 nm in 1 nm steps.
    assert_eq!(parsed.skipped_lines, 18);
    assert_eq!(s.wavelength_nm.len(), 1251);
    assert_eq!(s.wavelength_nm[0], 750.0);
    assert_eq!(s.wavelength_nm[1250], 2000.0);
    assert_eq!(s.absorbance[0], 0.78552); // MAXY
    assert_eq!(s.absorbance[1250], 0.02884); // FIRSTY
    assert_eq!(absorbance_at(s, 1446.0), Some(0.34329));
    assert_eq!(parsed.ordinate, Ordinate::Absorbance); // YUNITS ABSORBANCE
    assert_eq!(parsed.series_names.len(), 1);
    assert!(parsed.notes.iter().any(|n| n == "Read 18 header lines."));
    assert!(parsed
        .notes
        .iter()
        .any(|n| n == "Wavelength was descending; sorted ascending."));

    // PbSe dots absorb in the near IR. Reading the file: the absorbance climbs from the
    // flat tail (0.029 at 1600–2000 nm) to a maximum of 0.34329 at 1446 nm (0.34326 at
    // 1447, 0.34318 at 1445), falls to a valley of about 0.109 near 1300 nm, then rises
    // again toward the next transitions (0.2247 at 1120 nm) and the visible. SOURCES.md
    // gives the first exciton at 1446 nm. HWHM by hand: baseline = MINY 0.02875 (1989 nm),
    // half level 0.02875 + (0.34329 − 0.02875)/2 = 0.18602, crossed between 1512 nm
    // (0.18772) and 1513 nm (0.18471), at 1512.6 nm: HWHM ≈ 66.6 nm.
    let peak = find_first_exciton_peak(s, None).unwrap();
    assert!(!peak.is_shoulder);
    assert!((peak.wavelength_nm - 1446.0).abs() <= 2.0, "{peak:?}");
    assert!((peak.absorbance - 0.343).abs() <= 0.003, "{peak:?}");
    let hwhm = peak.hwhm_nm.unwrap();
    assert!((hwhm - 66.6).abs() <= 3.0, "HWHM {hwhm}");
}

#[test]
fn cary50_single_sample_with_footer() {
    let text = instrument_file("cary50_uvvis_cuptcs_single.csv");
    let parsed = parse_spectrum(&text, 0).unwrap();
    let s = &parsed.spectrum;
    // Rows `sample1,,` and `Wavelength (nm),Abs,`, 141 rows from 899.9957886 down to
    // 200.0188751 nm (5 nm steps, trailing commas), a blank line, then a 35-line footer
    // (sample name, collection time, parameter list, method log).
    assert_eq!(s.wavelength_nm.len(), 141);
    assert_eq!(s.wavelength_nm[0], 200.0188751);
    assert_eq!(s.wavelength_nm[140], 899.9957886);
    assert_eq!(s.absorbance[0], 0.6591586471);
    assert_eq!(s.absorbance[140], 0.03348613903);
    assert_eq!(absorbance_at(s, 614.9726563), Some(0.5448060036));
    assert_eq!(parsed.series_names, vec!["sample1 (Abs)".to_string()]);
    assert_eq!(parsed.ordinate, Ordinate::Absorbance);
    assert_eq!(parsed.skipped_lines, 2 + 35);
    assert!(parsed
        .notes
        .iter()
        .any(|n| n == "Ignored 35 lines after the data."));

    // Not quantum dots: copper phthalocyanine tetrasulfonate, whose Q band peaks at the
    // 615 nm point (0.5448; 610 nm: 0.5384, 620 nm: 0.5369) with a shoulder near 665 nm.
    // The longest-wavelength true maximum is the Q band.
    let peak = find_first_exciton_peak(s, None).unwrap();
    assert!(!peak.is_shoulder);
    assert!((peak.wavelength_nm - 615.0).abs() <= 3.0, "{peak:?}");
}

#[test]
fn cary_multisample_absorbance_and_percent_t() {
    let text = instrument_file("cary_uvvis_multisample_abs_and_T.csv");
    let first = parse_spectrum(&text, 0).unwrap();
    // Row 1 names 11 samples, row 2 has `Wavelength (nm),Abs` for the first and
    // `Wavelength (nm),%T` for the other ten.
    assert_eq!(first.series_names.len(), 11);
    assert_eq!(first.series_names[0], "600LP (Abs)");
    assert_eq!(first.series_names[1], "600LP1 (%T)");
    assert_eq!(first.series_names[10], "530SP_HI (%T)");
    assert_eq!(first.ordinate, Ordinate::Absorbance);
    // 600LP: 121 rows, 800.0541382 → 199.9654236 nm in 5 nm steps.
    let s = &first.spectrum;
    assert_eq!(s.wavelength_nm.len(), 121);
    assert_eq!(s.wavelength_nm[0], 199.9654236);
    assert_eq!(s.wavelength_nm[120], 800.0541382);
    assert_eq!(s.absorbance[120], 0.02885507233);

    // 600LP1: 196 rows from 650.0537109 to 455.0101624 nm, 7 of them with %T ≤ 0.
    let second = parse_spectrum(&text, 1).unwrap();
    assert_eq!(second.ordinate, Ordinate::PercentTransmittance);
    assert_eq!(second.series_index, 1);
    let s = &second.spectrum;
    assert_eq!(s.wavelength_nm.len(), 196 - 7);
    assert_eq!(s.wavelength_nm[0], 455.0101624);
    assert_eq!(s.wavelength_nm[188], 650.0537109);
    let expected = -(93.92353058f64 / 100.0).log10(); // first row: 93.92353058 %T
    assert!((s.absorbance[188] - expected).abs() < 1e-12);
    assert!(second.notes.iter().any(|n| n.contains("Dropped 7 points")));

    // The last sample, 530SP_HI: 101 rows from 800.0541382 to 700.0437622 nm, one ≤ 0.
    let last = parse_spectrum(&text, 10).unwrap();
    assert_eq!(last.spectrum.wavelength_nm.len(), 100);
    assert_eq!(last.spectrum.wavelength_nm[99], 800.0541382);

    assert!(matches!(
        parse_spectrum(&text, 11),
        Err(SpectrumError::SeriesOutOfRange {
            requested: 11,
            available: 11
        })
    ));
    // Optical filters, not dots: whatever the finder reports must be finite.
    for series in 0..11 {
        let parsed = parse_spectrum(&text, series).unwrap();
        if let Ok(peak) = find_first_exciton_peak(&parsed.spectrum, None) {
            assert_finite_peak(&peak);
        }
    }
}

#[test]
fn hzb_fibre_spectrometer_abs_file() {
    let text = instrument_file("uvvis_hzb_absor_header.ABS");
    let parsed = parse_spectrum(&text, 0).unwrap();
    let s = &parsed.spectrum;
    // Two header lines starting with `"`, then space-padded pairs 265.00–901.50 nm in
    // 0.5 nm steps, values in E-notation, placeholders 1.0000E-003 at the start.
    assert_eq!(parsed.skipped_lines, 2);
    assert_eq!(s.wavelength_nm.len(), 1274);
    assert_eq!(s.wavelength_nm[0], 265.0);
    assert_eq!(s.wavelength_nm[1273], 901.5);
    assert_eq!(s.absorbance[0], 1.0e-3);
    assert_eq!(absorbance_at(s, 423.0), Some(1.5355));
    assert_eq!(absorbance_at(s, 901.5), Some(-2.9078e-2));
    assert_eq!(parsed.ordinate, Ordinate::Absorbance);
    // A very noisy, low-concentration calibration spectrum: between 400 and 440 nm the
    // readings swing by ±0.3 around 0.2 in runs several points long (a spike of 1.5355 at
    // 423 nm between 0.705 and 0.704), so nothing stands out from the local noise and no
    // peak is reported today. Whether a weak band near 445 nm is real cannot be told from
    // the file, so only sanity is required.
    match find_first_exciton_peak(s, None) {
        Ok(peak) => assert_finite_peak(&peak),
        Err(error) => assert!(matches!(error, SpectrumError::NoPeak { .. })),
    }
}

#[test]
fn hzb_csv_without_exciton() {
    let text = instrument_file("uvvis_hzb_wlnm_abs.csv");
    let parsed = parse_spectrum(&text, 0).unwrap();
    let s = &parsed.spectrum;
    // `"SA_5_MM.SPC",` and `WL/nm,Abs`, then 2001 rows from 800 down to 400 nm in 0.2 nm steps.
    assert_eq!(parsed.series_names, vec!["SA_5_MM.SPC (Abs)".to_string()]);
    assert_eq!(s.wavelength_nm.len(), 2001);
    assert_eq!(s.wavelength_nm[0], 400.0);
    assert_eq!(s.wavelength_nm[2000], 800.0);
    assert_eq!(s.absorbance[0], 3.134);
    assert_eq!(s.absorbance[2000], 0.08);
    assert_eq!(absorbance_at(s, 440.0), Some(1.25));
    assert!(parsed
        .notes
        .iter()
        .any(|n| n == "Wavelength was descending; sorted ascending."));

    // The absorbance rises monotonically toward 400 nm, with no excitonic maximum. The
    // rise flattens between 424 and 418 nm (2.044 → 2.247) before a step to 2.497 at
    // 416 nm, so a shoulder may be reported there, but never a true maximum.
    match find_first_exciton_peak(s, None) {
        Ok(peak) => {
            assert!(peak.is_shoulder, "{peak:?}");
            assert!((415.0..=440.0).contains(&peak.wavelength_nm), "{peak:?}");
        }
        Err(error) => assert!(matches!(error, SpectrumError::NoPeak { .. })),
    }
}

#[test]
fn non_uv_vis_exports_do_not_panic() {
    // Other instruments in the same folder: the importer must cope, whatever it finds.
    for name in [
        "oceanoptics_ooibase32_laser_counts.scope",
        "edinburgh_fls_pl_emission_mapi.csv",
        "chi760e_lsv_her.txt",
        "chi760e_cv_her.txt",
        "gamry_ca_decimal-comma_hzb.DTA",
        "gamry_cv_microelectrode_5curves.DTA",
        "gamry_lsv_hzb.DTA",
        "biologic_ca_decimal-comma_yadg.mpt",
        "biologic_cva_Pt-poly_decimal-comma_ixdat.mpt",
        "biologic_lsv_spAg_SP240_yadg.mpt",
        "biologic_lsv_spAg_SP240_yadg.mpr",
        "hzb_solarsim_jv_multipixel.txt",
        "palmsens_lsv_rde_pstrace.pssession",
    ] {
        let text = instrument_file(name);
        if let Ok(parsed) = parse_spectrum(&text, 0) {
            assert!(parsed.spectrum.validate().is_ok(), "{name}");
            if let Ok(peak) = find_first_exciton_peak(&parsed.spectrum, None) {
                assert_finite_peak(&peak);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Saturation and steps on synthetic spectra
// ---------------------------------------------------------------------------------------

#[test]
fn noise_and_excitons_are_not_steps() {
    // Noisy synthetic spectra at the grids instruments use: nothing is left out.
    for (step_nm, noise) in [(0.2, 0.002), (0.5, 0.005), (1.0, 0.01), (0.2, 0.0)] {
        for seed in 1..=10 {
            for shape in [exciton_on_exponential, exciton_with_second_transition] {
                let s = synthetic(step_nm, noise, seed, shape);
                let found = screen(&s);
                assert!(found.is_empty(), "{step_nm} nm grid, noise {noise}, seed {seed}: {found:?}");
            }
        }
    }
}

#[test]
fn a_lamp_change_step_beside_an_exciton_is_left_out_and_the_exciton_found() {
    // The exciton of the synthetic spectra, and a lamp change 0.15 up below 360 nm.
    let s = synthetic(0.5, 0.002, 4, |x| exciton_on_exponential(x) + if x < 360.0 { 0.15 } else { 0.0 });
    let s = Spectrum::new(s.wavelength_nm, s.absorbance).unwrap();
    let found = screen(&s);
    assert!(matches!(found.as_slice(), [Excluded { why: Exclusion::Step { jump }, from_nm, to_nm, .. }] if (jump - 0.15).abs() < 0.02 && *from_nm >= 359.0 && *to_nm <= 360.5), "{found:?}");
    assert_exciton(&find_first_exciton_peak(&s, None).unwrap(), "beside a step");

    // A step where the exciton would otherwise show a false shoulder: a featureless falling
    // background with a step of 0.3 at 416 nm gives no peak and no shoulder.
    let stepped = synthetic(0.2, 0.0, 1, |x| 0.1 + 2.0 * (-(x - 350.0) / 80.0).exp() + if x < 416.0 { 0.3 } else { 0.0 });
    assert!(matches!(find_first_exciton_peak(&stepped, None), Err(SpectrumError::NoPeak { .. })));
}

#[test]
fn a_saturated_ultraviolet_leaves_the_exciton() {
    // Strong absorption below 400 nm above 3 (with an over-range mark of 10 here and there)
    // beside the exciton: the saturated stretch is left out with a note, the exciton found.
    let s = synthetic(1.0, 0.0, 1, |x| {
        let a = exciton_on_exponential(x) + 6.0 * (-(x - 350.0) / 30.0).exp();
        if a > 3.0 && (x as i64) % 7 == 0 { 10.0 } else { a }
    });
    let found = screen(&s);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(matches!(found[0].why, Exclusion::Saturated { max_absorbance } if max_absorbance == 10.0));
    assert_eq!(found[0].from_nm, 350.0);
    assert_exciton(&find_first_exciton_peak(&s, None).unwrap(), "beside saturation");
    // Saturated everywhere: nothing to search, said.
    let black = synthetic(1.0, 0.0, 1, |x| 3.5 + 0.001 * x);
    let error = find_first_exciton_peak(&black, None).unwrap_err();
    assert!(matches!(error, SpectrumError::NothingToSearch { .. }), "{error:?}");
    assert!(error.to_string().starts_with("Nothing is left to search between 350 and 750 nm"), "{error}");
}

#[test]
fn a_shoulder_needs_a_negative_second_derivative() {
    // The shoulder of `shoulder_without_maximum_is_found_from_second_derivative` at a quarter
    // of its height: its curvature at 470 nm, −0.03/22² = −6.2e-5 per nm², no longer outweighs
    // the background's, 2/45² · e^(−120/45) = +6.9e-5, so d²A/dλ² dips there but stays
    // positive: the absorbance bends nowhere downward, and no shoulder is reported.
    for (amplitude, shoulder) in [(0.12, true), (0.03, false)] {
        let s = synthetic(1.0, 0.0, 1, |x| gaussian(x, 470.0, 22.0, amplitude) + 2.0 * (-(x - 350.0) / 45.0).exp());
        match find_first_exciton_peak(&s, None) {
            Ok(peak) => assert!(shoulder && peak.is_shoulder, "{amplitude}: {peak:?}"),
            Err(e) => assert!(!shoulder && matches!(e, SpectrumError::NoPeak { .. }), "{amplitude}: {e:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The verdict on every spectrum in ../shared/data/instruments, as the page gives it
// ---------------------------------------------------------------------------------------

/// What the QD page does with a file: sizes it from the peak at `nm` (± `tolerance_nm`), finds
/// no peak, or refuses it with a message containing the text.
#[derive(Debug)]
enum Verdict {
    Peak { nm: f64, tolerance_nm: f64 },
    NoPeak,
    Refused(&'static str),
}

/// Imports series `series` of a file as the page does, checks the verdict and returns the
/// page's message (see `state::qd::import::describe_import`) or the refusal.
#[track_caller]
fn verdict(name: &str, series: usize, expected: Verdict) -> String {
    let text = instrument_file(name);
    let what = format!("{name}, series {}", series + 1);
    match (import_spectrum(&text, series), expected) {
        (Err(refusal), Verdict::Refused(says)) => {
            assert!(refusal.contains(says), "{what}: {refusal}");
            refusal
        }
        (Ok(imported), Verdict::Peak { nm, tolerance_nm }) => {
            let peak = imported.peak.as_ref().unwrap_or_else(|e| panic!("{what}: no peak: {e}"));
            assert!((peak.wavelength_nm - nm).abs() <= tolerance_nm, "{what}: peak at {} nm, expected {nm} ± {tolerance_nm}", peak.wavelength_nm);
            // Never inside a stretch the search leaves out.
            for e in screen(&imported.spectrum) {
                assert!(!(e.from_nm..=e.to_nm).contains(&peak.wavelength_nm), "{what}: peak inside {e:?}");
            }
            describe_import(&imported, Model::YuPeng)
        }
        (Ok(imported), Verdict::NoPeak) => {
            assert!(imported.peak.is_err(), "{what}: expected no peak, found {:?}", imported.peak);
            describe_import(&imported, Model::YuPeng)
        }
        (got, expected) => panic!("{what}: expected {expected:?}, got {:?}", got.map(|i| i.peak)),
    }
}

/// Every file of the folder that holds a spectrum, with the verdict read off the file by
/// hand (the files opened in a text editor; the positions of maxima of the %T columns,
/// converted with A = −log10(T/100), listed by a few lines of Python independent of
/// PhotoCalc's reader). SOURCES.md describes each file.
#[test]
fn every_instrument_spectrum_gets_its_verdict() {
    // JASCO V-570, PbSe dots: maximum 0.34329 at 1446 nm (see `jasco_v570_pbse_quantum_dots`).
    // The scan stops at 750 nm, so for Moreels' PbSe sizing the page says A(400 nm) is missing.
    verdict("jasco_v570_pbse_qd_absorbance.txt", 0, Verdict::Peak { nm: 1446.0, tolerance_nm: 2.0 });
    let imported = import_spectrum(&instrument_file("jasco_v570_pbse_qd_absorbance.txt"), 0).unwrap();
    assert!(describe_import(&imported, Model::Moreels).contains("The spectrum (750–2000 nm) does not reach 400 nm"));

    // Cary 50, copper phthalocyanine dye: Q band maximum 0.5448 at the 615 nm point.
    verdict("cary50_uvvis_cuptcs_single.csv", 0, Verdict::Peak { nm: 615.0, tolerance_nm: 3.0 });

    // Cary multi-sample file of optical filters. 600LP (Abs): 3 to 4.6 and over-range marks
    // of 10 from 200 to 584.9 nm, 2.989 at 590 and 2.457 at 595 nm, 1.007 at 600, then flat
    // at 0.024–0.031 to 800 nm: no peak, 200–595 nm left out as saturated.
    let cary = "cary_uvvis_multisample_abs_and_T.csv";
    let message = verdict(cary, 0, Verdict::NoPeak);
    assert!(message.contains("Left out 200–595 nm: the absorbance there rises above 3 (up to 10: over-range marks, beyond the about 6 a spectrometer reads)"), "{message}");
    // The long-pass and short-pass filters in %T: above 3 where they block, flat passbands
    // (600LP1, 600LP2: A 0.025–0.03; 600SP800N, 600SP800N1: 0.04–0.06) with no band.
    for series in [1, 2, 4, 5] {
        verdict(cary, series, Verdict::NoPeak);
    }
    // Passbands with interference fringes, whose maxima are real maxima of the absorbance:
    // 550LP 0.1085 at 647.0 nm (fringes 26–30 nm apart: 621.0, 647.0, 674.9 nm), GSBS 0.0198
    // at 542.9 nm, 550LP2 0.0999 at 620.0 nm.
    verdict(cary, 3, Verdict::Peak { nm: 647.0, tolerance_nm: 2.0 });
    verdict(cary, 7, Verdict::Peak { nm: 543.0, tolerance_nm: 2.0 });
    verdict(cary, 8, Verdict::Peak { nm: 620.0, tolerance_nm: 2.0 });
    // The short-pass filters leak in the near infrared: 530SP 1.7118 at 740.0 nm, 530SP2
    // 1.7024 at 738.0 nm, 530SP_HI 1.0562 at 769.9 nm (the longest-wavelength of its two).
    verdict(cary, 6, Verdict::Peak { nm: 740.0, tolerance_nm: 2.0 });
    verdict(cary, 9, Verdict::Peak { nm: 738.0, tolerance_nm: 2.0 });
    verdict(cary, 10, Verdict::Peak { nm: 770.0, tolerance_nm: 2.0 });

    // Fibre spectrometer .ABS calibration: noise of ±0.3 in runs, a spike of 1.5355 at 423 nm:
    // no peak, and neither the spike nor the noise is taken for a step.
    let message = verdict("uvvis_hzb_absor_header.ABS", 0, Verdict::NoPeak);
    assert!(!message.contains("jumps"), "{message}");

    // HZB .SPC export: absorbance rising to 3.134 at 400 nm, above 3 from 406.8 nm down and
    // above 2 from 424.8 nm (2.008; 1.999 at 425.0), with a step from 2.273 at 416.8 nm to
    // 2.658 at 415.4 nm against a trend of about −0.035 per nm: no peak (the shoulder that
    // the step made at 429.5 nm is gone), both said.
    let message = verdict("uvvis_hzb_wlnm_abs.csv", 0, Verdict::NoPeak);
    assert!(message.contains("Left out 400–424.8 nm: the absorbance there rises above 3 (up to 3.13) and stays above 2"), "{message}");
    let jump = message.split("The absorbance jumps by +").nth(1).and_then(|t| t.split(' ').next()).and_then(|t| t.parse::<f64>().ok());
    assert!(jump.is_some_and(|j| (0.30..=0.39).contains(&j)), "{message}");
    assert!(message.contains("between 415.4 and 416.8 nm, probably a lamp, filter or detector change"), "{message}");

    // Ocean Optics scope mode: raw counts, 0.000 at 339.95 nm then 166–657 (656.6 at
    // 787.02 nm, the laser line): refused as counts.
    let refusal = verdict("oceanoptics_ooibase32_laser_counts.scope", 0, Verdict::Refused("These values are not absorbance: they reach 656.6, above the about 6 any spectrometer measures"));
    assert!(refusal.contains("raw detector counts"), "{refusal}");

    // Edinburgh FLS: `Type,Emission Scan`, `Yaxis,Counts`, maximum 54638.8633 at 773 nm.
    verdict(
        "edinburgh_fls_pl_emission_mapi.csv",
        0,
        Verdict::Refused("This is an emission spectrum, not absorbance: the header says \u{201c}Type,Emission Scan\u{201d} and \u{201c}Yaxis,Counts\u{201d}, and the values reach 5.464 × 10⁴"),
    );
}

#[test]
fn files_that_are_not_spectra_are_refused_for_what_they_are() {
    // The solar simulator's J–V export: `Voltage (V)_a_Forward_Dark` is its first column.
    verdict("hzb_solarsim_jv_multipixel.txt", 0, Verdict::Refused("The first column is \u{201c}Voltage (V)_a_Forward_Dark\u{201d}, not a wavelength in nm"));
    for (name, maker) in [
        ("gamry_lsv_hzb.DTA", "Gamry"),
        ("gamry_cv_microelectrode_5curves.DTA", "Gamry"),
        ("gamry_ca_decimal-comma_hzb.DTA", "Gamry"),
        ("biologic_lsv_spAg_SP240_yadg.mpt", "BioLogic EC-Lab"),
        ("biologic_lsv_spAg_SP240_yadg.mpr", "BioLogic EC-Lab"),
        ("biologic_ca_decimal-comma_yadg.mpt", "BioLogic EC-Lab"),
        ("biologic_cva_Pt-poly_decimal-comma_ixdat.mpt", "BioLogic EC-Lab"),
        ("chi760e_lsv_her.txt", "CH Instruments"),
        ("chi760e_cv_her.txt", "CH Instruments"),
        ("palmsens_lsv_rde_pstrace.pssession", "PalmSens PSTrace"),
    ] {
        let refusal = verdict(name, 0, Verdict::Refused("potentiostat file, not a spectrum"));
        assert!(refusal.starts_with(&format!("This is a {maker} potentiostat file")), "{name}: {refusal}");
    }
}
