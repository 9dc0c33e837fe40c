//! The quenching fits' statistics, checked by simulation: titrations with known constants and
//! Gaussian noise, fitted as the page fits them. A 95 % interval must contain the true value in
//! about 95 % of titrations (the bar: at least 93 % of 2,000), and the double-reciprocal
//! line's disagreement warning must fire whenever that line's K is more than 2× off.
//!
//! The noise is 3 % of I₀ on every reading, the [Q] = 0 reading included: that reading is a
//! measurement like the others. (Dividing by it, as the calculator once did, covered the true
//! K_SV 52 % of the time and K_L 72 %.)

use photocalc::science::quench::analysis::fit_model;
use photocalc::science::quench::{analyse, Context, Measurements, ModelKind, Quantity, Weighting};

mod common;
use common::Rng;

/// The example's design: [Q] = 0 … 20 µM.
const Q_UM: [f64; 9] = [0.0, 1.0, 2.0, 4.0, 6.0, 8.0, 10.0, 15.0, 20.0];
const I0: f64 = 1000.0;
const NOISE: f64 = 0.03;

fn titration(noise: &mut Rng, truth: impl Fn(f64) -> f64) -> Measurements {
    let quencher_molar: Vec<f64> = Q_UM.iter().map(|q| q * 1e-6).collect();
    Measurements {
        values: quencher_molar.iter().map(|&q| I0 * truth(q) + NOISE * I0 * noise.normal()).collect(),
        quencher_molar,
        sigma: None,
        weighting: Weighting::Equal,
        quantity: Quantity::Intensity,
        lifetimes_ns: None,
        rows: (1..=Q_UM.len()).collect(),
        unquenched: None,
    }
}

/// The fraction of `trials` titrations whose 95 % interval of `constant` holds `value`, and
/// the fraction where a reading was named as off the curve (each reading here is as good as the
/// others, so that is a false alarm: the Bonferroni limit keeps it near 5 %).
fn coverage(kind: ModelKind, constant: &str, value: f64, truth: impl Fn(f64) -> f64, trials: usize) -> (f64, f64) {
    let mut noise = Rng(2026);
    let (mut covered, mut alarms) = (0, 0);
    for _ in 0..trials {
        let m = titration(&mut noise, &truth);
        let fit = fit_model(kind, &m, &Context::default()).expect("every simulated titration fits");
        let e = fit.report.get(constant).unwrap();
        if e.is_free() && e.ci95.0 <= value && value <= e.ci95.1 {
            covered += 1;
        }
        alarms += usize::from(fit.warnings.iter().any(|w| w.contains("off this curve")));
    }
    (covered as f64 / trials as f64, alarms as f64 / trials as f64)
}

#[test]
fn stern_volmer_intervals_cover_the_true_constant_95_percent_of_the_time() {
    let k = 1.0e5;
    let (rate, alarms) = coverage(ModelKind::SternVolmer, "K_SV", k, |q| 1.0 / (1.0 + k * q), 2000);
    println!("K_SV coverage over 2000 titrations: {:.1} %; a reading named off the curve in {:.1} %", 100.0 * rate, 100.0 * alarms);
    assert!((0.93..=0.975).contains(&rate), "K_SV: {rate}");
    assert!(alarms < 0.08, "false outlier alarms: {alarms}");
}

#[test]
fn langmuir_intervals_cover_the_true_constant_95_percent_of_the_time() {
    let (f, k) = (0.7, 2.5e5);
    let (rate, alarms) = coverage(ModelKind::Langmuir, "K_L", k, |q| 1.0 - f * k * q / (1.0 + k * q), 2000);
    println!("K_L coverage over 2000 titrations: {:.1} %; a reading named off the curve in {:.1} %", 100.0 * rate, 100.0 * alarms);
    assert!((0.93..=0.975).contains(&rate), "K_L: {rate}");
    assert!(alarms < 0.08, "false outlier alarms: {alarms}");
}

#[test]
fn the_double_reciprocal_warning_fires_whenever_its_k_is_more_than_twice_off() {
    let (f, k) = (0.7, 2.5e5);
    let mut noise = Rng(7);
    let (mut off, mut warned_when_off, mut warned) = (0, 0, 0);
    for _ in 0..200 {
        let m = titration(&mut noise, |q| 1.0 - f * k * q / (1.0 + k * q));
        let analysis = analyse(&m, &[ModelKind::Langmuir], None, &Context::default());
        let Some(Ok(line)) = &analysis.double_reciprocal else { continue };
        let line_k = line.derived[1].value;
        let warning = analysis.warnings.iter().any(|w| w.starts_with("The double-reciprocal line gives K"));
        warned += usize::from(warning);
        if !(0.5..=2.0).contains(&(line_k / k)) {
            off += 1;
            warned_when_off += usize::from(warning);
        }
    }
    println!("double-reciprocal K more than 2x off in {off} of 200 titrations; warned in {warned_when_off} of those, {warned} in all");
    assert!(off > 20, "the design should make the line mislead often: {off}");
    assert!(warned_when_off as f64 >= 0.95 * off as f64, "warned in {warned_when_off} of {off}");
}
