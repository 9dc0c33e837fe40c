//! The fitting engine: t quantiles against tables, derivatives against finite differences,
//! fixed parameters, weights, every failure, and (with proptest) no panic on any input.

// Reference values are written with every digit the reference printed.
#![allow(clippy::excessive_precision)]

use photocalc::science::fit::{
    check_gradient, fit, fit_linear, fit_linear_with, parse, student_t_quantile, Data, Design,
    FitError, FitReport, FitSettings, Model, Termination,
};
use proptest::prelude::*;

/// Misra1a (NIST StRD): y = b1·(1 − exp(−b2·x)).
const MISRA_X: [f64; 14] = [
    77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0,
];
const MISRA_Y: [f64; 14] = [
    10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47,
    81.78,
];
const MISRA_B1: f64 = 2.3894212918e2;
const MISRA_B2: f64 = 5.5015643181e-4;

fn misra() -> (photocalc::science::fit::Expression, Data<'static>) {
    (
        parse("b1*(1-exp(-b2*x))").unwrap(),
        Data::new(&MISRA_X, &MISRA_Y),
    )
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

mod common;
use common::Rng;

#[test]
fn t_quantile_matches_tables() {
    // Two-sided 95 % factors, computed independently with mpmath 1.3 at 30 digits (root of
    // betainc(ν/2, ½, 0, ν/(ν+t²), regularized)/2 = 0.025; erfinv for ∞).
    let table = [
        (1.0, 12.706_204_736_174_704_6),
        (2.0, 4.302_652_729_749_463_9),
        (3.0, 3.182_446_305_283_709_6),
        (5.0, 2.570_581_835_636_315_5),
        (10.0, 2.228_138_851_986_274_7),
        (12.0, 2.178_812_829_667_228_9),
        (30.0, 2.042_272_456_301_238_3),
        (100.0, 1.983_971_518_523_552_3),
        (f64::INFINITY, 1.959_963_984_540_054_2),
    ];
    for (dof, expected) in table {
        let t = student_t_quantile(0.975, dof).unwrap();
        assert!(
            rel(t, expected) < 1e-13,
            "t(0.975, {dof}) = {t}, reference {expected}"
        );
    }
    // The tabulated 8-digit values of the brief.
    for (dof, expected) in [
        (1.0, 12.7062047),
        (2.0, 4.30265273),
        (10.0, 2.22813885),
        (30.0, 2.04227246),
    ] {
        assert!((student_t_quantile(0.975, dof).unwrap() - expected).abs() < 5e-8);
    }
    // Other probabilities, symmetry, large ν approaching the normal quantile.
    assert!(
        rel(
            student_t_quantile(0.995, 4.0).unwrap(),
            4.604_094_871_349_993_2
        ) < 1e-13
    );
    assert!(
        rel(
            student_t_quantile(0.9, 7.0).unwrap(),
            1.414_923_927_650_508_5
        ) < 1e-13
    );
    // Symmetric up to the rounding of 1 − 0.975, which is not exactly 0.025.
    assert!(
        rel(
            student_t_quantile(0.025, 10.0).unwrap(),
            -student_t_quantile(0.975, 10.0).unwrap()
        ) < 1e-15
    );
    assert!(
        rel(
            student_t_quantile(0.975, 1e6).unwrap(),
            1.959_966_356_814_107
        ) < 1e-12
    );
    // For huge ν, t − z → (z³ + z)/(4ν) (Cornish–Fisher, A&S 26.7.5).
    let z = 1.959_963_984_540_054;
    let t = student_t_quantile(0.975, 1e9).unwrap();
    assert!(((t - z) - (z * z * z + z) / 4e9).abs() < 1e-15, "{t}");
    for bad in [
        (0.0, 5.0),
        (1.0, 5.0),
        (0.5, 0.0),
        (f64::NAN, 3.0),
        (0.9, f64::NAN),
        (0.9, -1.0),
    ] {
        assert_eq!(student_t_quantile(bad.0, bad.1), None, "{bad:?}");
    }
}

#[test]
fn typed_model_derivatives_match_finite_differences() {
    let cases: [(&str, Vec<f64>, Vec<f64>); 10] = [
        ("b1*(1-exp(-b2*x))", vec![0.5, 1.0, 3.0], vec![2.0, 0.7]),
        (
            "exp(-b1*x)/(b2+b3*x)",
            vec![0.5, 2.0, 6.0],
            vec![0.17, 0.005, 0.012],
        ),
        ("b1*x**b2", vec![1.3, 2.0, 5.0], vec![0.77, 3.86]),
        (
            "b1*(x**2 + x*b2)/(x**2 + x*b3 + b4)",
            vec![0.1, 1.0, 4.0],
            vec![0.19, 0.19, 0.12, 0.14],
        ),
        (
            "a*ln(b*x) + log10(c*x) + sqrt(d*x)",
            vec![0.5, 2.0],
            vec![1.5, 2.0, 3.0, 0.5],
        ),
        (
            "pow(a, x) + a^b - b^2 / c",
            vec![0.3, 1.7],
            vec![1.4, 0.6, 2.5],
        ),
        (
            "sin(a*x) + cos(b*x) * tan(c) + atan(a*b*x)",
            vec![0.2, 1.1],
            vec![0.9, 1.3, 0.4],
        ),
        ("abs(a - x) * b", vec![0.0, 3.0], vec![1.5, 2.0]),
        (
            "-a^2 * x + e^(b/10) + pi*c",
            vec![1.0, 2.0],
            vec![1.2, -3.0, 0.5],
        ),
        ("m*K*x/(1 + K*x)", vec![0.0, 1e-3, 0.1], vec![0.8, 250.0]),
    ];
    for (text, xs, p) in cases {
        let model = parse(text).unwrap();
        assert_eq!(model.parameters().len(), p.len(), "{text}");
        if let Err(e) = check_gradient(&model, &xs, &p, 1e-7) {
            panic!("{text}: {e}");
        }
    }
}

#[test]
fn gradient_check_catches_a_wrong_derivative() {
    struct Wrong;
    impl Model for Wrong {
        fn parameter_names(&self) -> Vec<String> {
            vec!["k".into()]
        }
        fn value(&self, x: f64, p: &[f64]) -> f64 {
            (-p[0] * x).exp()
        }
        fn value_and_gradient(&self, x: f64, p: &[f64], grad: &mut [f64]) -> f64 {
            grad[0] = x * (-p[0] * x).exp(); // sign error
            (-p[0] * x).exp()
        }
    }
    let err = check_gradient(&Wrong, &[1.0], &[0.5], 1e-6).unwrap_err();
    assert_eq!(err.parameter, "k");
    assert!(err.to_string().contains("central differences"));
}

#[test]
fn misra1a_matches_certified_values() {
    let (model, data) = misra();
    let report = fit(&model, &data, &FitSettings::new(vec![500.0, 1e-4])).unwrap();
    assert!(report.converged);
    assert!(rel(report.parameters[0].value, MISRA_B1) < 1e-9);
    assert!(rel(report.parameters[1].value, MISRA_B2) < 1e-9);
    assert!(rel(report.parameters[0].std_error, 2.7070075241) < 1e-9);
    assert_eq!(report.dof, 12);
    assert_eq!(report.residuals.len(), 14);
    // Confidence interval = value ± t(0.975, 12)·se.
    let t = student_t_quantile(0.975, 12.0).unwrap();
    let b1 = &report.parameters[0];
    assert!((b1.ci95.1 - b1.value - t * b1.std_error).abs() < 1e-9);
    assert_eq!(report.t_95, t);
    // Correlation: symmetric, unit diagonal, strongly negative here.
    assert_eq!(report.correlation[0][0], 1.0);
    assert_eq!(report.correlation[0][1], report.correlation[1][0]);
    assert!(report.correlation[0][1] < -0.9);
    let cov = &report.covariance;
    assert!(
        rel(
            cov[0][1] / (cov[0][0] * cov[1][1]).sqrt(),
            report.correlation[0][1]
        ) < 1e-12
    );
    // Residuals are observed − fitted; their squares add up to the RSS.
    let rss: f64 = report.residuals.iter().map(|r| r * r).sum();
    assert!(rel(rss, report.rss) < 1e-12);
    let f0 = model.value(MISRA_X[0], &report.values());
    assert_eq!(report.residuals[0], MISRA_Y[0] - f0);
    // R² is centred for a nonlinear model; AICc follows its formula with K = 3.
    let tss: f64 = {
        let mean = MISRA_Y.iter().sum::<f64>() / 14.0;
        MISRA_Y.iter().map(|y| (y - mean).powi(2)).sum()
    };
    assert!(rel(report.r_squared.unwrap(), 1.0 - report.rss / tss) < 1e-14);
    let aicc = 14.0 * (report.rss / 14.0).ln() + 6.0 + 24.0 / 10.0;
    assert!(rel(report.aicc.unwrap(), aicc) < 1e-14);
    assert_eq!(report.reduced_chi_squared, None);
    assert!(
        report.message.ends_with("iterations)."),
        "{}",
        report.message
    );
}

#[test]
fn fixing_a_parameter_keeps_the_other_and_adds_a_degree_of_freedom() {
    let (model, data) = misra();
    let settings = FitSettings::new(vec![500.0, 1.0])
        .with_fixed(&model, "b2", MISRA_B2)
        .unwrap();
    let report = fit(&model, &data, &settings).unwrap();
    assert_eq!(report.dof, 13);
    assert_eq!(report.free_parameters, 1);
    let b2 = report.get("b2").unwrap();
    assert!(b2.fixed);
    assert_eq!(
        (b2.value, b2.std_error, b2.ci95),
        (MISRA_B2, 0.0, (MISRA_B2, MISRA_B2))
    );
    assert!(rel(report.get("b1").unwrap().value, MISRA_B1) < 1e-9);
    // The fixed parameter's row and column of the covariance are zero.
    assert_eq!(report.covariance[1], vec![0.0, 0.0]);
    assert_eq!(report.covariance[0][1], 0.0);
    assert_eq!(report.correlation[1][1], 0.0);
    // Conditional standard error: smaller than the joint one (2.707).
    assert!(report.get("b1").unwrap().std_error < 2.7);
}

#[test]
fn unknown_parameter_names_are_reported() {
    let (model, _) = misra();
    let err = FitSettings::for_model(&model)
        .with_start(&model, "k", 1.0)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "There is no parameter called \"k\" in the model; its parameters are b1 and b2."
    );
    assert!(matches!(
        FitSettings::for_model(&model).with_fixed(&model, "B1", 1.0),
        Err(FitError::UnknownParameter { .. })
    ));
}

#[test]
fn weighted_fit_with_known_noise_gives_reduced_chi_squared_near_one() {
    let mut rng = Rng(42);
    let model = parse("m*K*x/(1 + K*x)").unwrap();
    let n = 2000;
    let x: Vec<f64> = (0..n).map(|i| 1e-4 * (i as f64 + 1.0)).collect();
    let truth = [0.8, 40.0];
    let sigma: Vec<f64> = x
        .iter()
        .map(|&q| 0.002 + 0.01 * model.value(q, &truth))
        .collect();
    let y: Vec<f64> = x
        .iter()
        .zip(&sigma)
        .map(|(&q, s)| model.value(q, &truth) + s * rng.normal())
        .collect();
    let report = fit(
        &model,
        &Data::with_sigma(&x, &y, &sigma),
        &FitSettings::new(vec![1.0, 10.0]),
    )
    .unwrap();
    let chi2 = report.reduced_chi_squared.unwrap();
    // The reduced χ² of a correct model has standard deviation √(2/dof) ≈ 0.03.
    assert!((chi2 - 1.0).abs() < 0.12, "χ²/dof = {chi2}");
    for (e, t) in report.parameters.iter().zip(truth) {
        assert!(
            (e.value - t).abs() < 4.0 * e.std_error,
            "{} = {} ± {}",
            e.name,
            e.value,
            e.std_error
        );
    }
    // With absolute σ the standard errors change by √χ²_red.
    let mut absolute = FitSettings::new(vec![1.0, 10.0]);
    absolute.sigma_is_absolute = true;
    let abs_report = fit(&model, &Data::with_sigma(&x, &y, &sigma), &absolute).unwrap();
    let ratio = report.parameters[0].std_error / abs_report.parameters[0].std_error;
    assert!(rel(ratio, chi2.sqrt()) < 1e-6);
}

#[test]
fn weighted_straight_line_matches_the_textbook_formulas() {
    // Bevington & Robinson, Data Reduction and Error Analysis, eq. 6.12 and 6.21.
    let x = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    let y = [1.1, 2.9, 5.2, 7.1, 8.8, 11.3];
    let sigma = [0.1, 0.2, 0.1, 0.3, 0.2, 0.4];
    let w: Vec<f64> = sigma.iter().map(|s| 1.0 / (s * s)).collect();
    let sum = |f: &dyn Fn(usize) -> f64| (0..6).map(f).sum::<f64>();
    let (s, sx, sy) = (sum(&|i| w[i]), sum(&|i| w[i] * x[i]), sum(&|i| w[i] * y[i]));
    let (sxx, sxy) = (sum(&|i| w[i] * x[i] * x[i]), sum(&|i| w[i] * x[i] * y[i]));
    let delta = s * sxx - sx * sx;
    let a = (sxx * sy - sx * sxy) / delta;
    let b = (s * sxy - sx * sy) / delta;
    let chi2 = sum(&|i| w[i] * (y[i] - a - b * x[i]).powi(2));
    let scale = chi2 / 4.0;
    let report = fit_linear(&Design::straight_line(), &Data::with_sigma(&x, &y, &sigma)).unwrap();
    assert!(rel(report.parameters[0].value, a) < 1e-13);
    assert!(rel(report.parameters[1].value, b) < 1e-13);
    assert!(rel(report.rss, chi2) < 1e-12);
    assert!(rel(report.reduced_chi_squared.unwrap(), scale) < 1e-12);
    assert!(rel(report.parameters[0].std_error, (sxx / delta * scale).sqrt()) < 1e-12);
    assert!(rel(report.parameters[1].std_error, (s / delta * scale).sqrt()) < 1e-12);
    assert!(rel(report.covariance[0][1], -sx / delta * scale) < 1e-12);
    assert_eq!(report.termination, Termination::LinearSolution);
    assert_eq!(report.iterations, 0);
    // The same through the nonlinear engine with the typed model.
    let typed = parse("a + b*x").unwrap();
    let nl = fit(
        &typed,
        &Data::with_sigma(&x, &y, &sigma),
        &FitSettings::for_model(&typed),
    )
    .unwrap();
    assert!(rel(nl.parameters[1].value, b) < 1e-12);
    assert!(rel(nl.parameters[1].std_error, report.parameters[1].std_error) < 1e-10);
}

#[test]
fn stern_volmer_with_the_intercept_held_at_one() {
    // I0/I = 1 + K·[Q]; with the intercept held the slope is Σ(q(y−1))/Σq².
    let q = [0.0, 1e-4, 2e-4, 3e-4, 4e-4, 5e-4];
    let ratio = [1.0, 1.52, 2.01, 2.55, 2.98, 3.49];
    let design = Design::new().constant("intercept").column("K_SV", |c| c);
    let held = fit_linear_with(&design, &Data::new(&q, &ratio), &[Some(1.0), None]).unwrap();
    let k = q
        .iter()
        .zip(&ratio)
        .map(|(c, r)| c * (r - 1.0))
        .sum::<f64>()
        / q.iter().map(|c| c * c).sum::<f64>();
    assert!(rel(held.get("K_SV").unwrap().value, k) < 1e-13);
    assert_eq!(held.dof, 5);
    assert!(held.get("intercept").unwrap().fixed);
    // The design's R² stays centred (it has a constant column, even if held).
    assert!(held.r_squared.unwrap() > 0.99);
    let free = fit_linear(&design, &Data::new(&q, &ratio)).unwrap();
    assert_eq!(free.dof, 4);
}

#[test]
fn polynomial_design_and_typed_model_agree() {
    let x: Vec<f64> = (0..12).map(|i| i as f64 * 0.5).collect();
    let y: Vec<f64> = x
        .iter()
        .map(|v| 1.0 - 2.0 * v + 0.3 * v * v + 0.01 * (v * 7.0).sin())
        .collect();
    let lin = fit_linear(&Design::polynomial(2, true), &Data::new(&x, &y)).unwrap();
    let typed = parse("b0 + b1*x + b2*x^2").unwrap();
    let nl = fit(&typed, &Data::new(&x, &y), &FitSettings::for_model(&typed)).unwrap();
    for (a, b) in lin.parameters.iter().zip(&nl.parameters) {
        assert_eq!(a.name, b.name);
        assert!(
            rel(a.value, b.value) < 1e-10,
            "{} {} {}",
            a.name,
            a.value,
            b.value
        );
        assert!(rel(a.std_error, b.std_error) < 1e-8);
    }
    assert!(
        rel(
            lin.adjusted_r_squared.unwrap(),
            nl.adjusted_r_squared.unwrap()
        ) < 1e-12
    );
}

/// The message of a failed fit.
fn error_of(result: Result<FitReport, FitError>) -> FitError {
    match result {
        Ok(r) => panic!("expected an error, got {r:?}"),
        Err(e) => e,
    }
}

fn assert_sentence(e: &FitError) {
    let text = e.to_string();
    assert!(
        text.chars().next().is_some_and(|c| c.is_uppercase()),
        "{text}"
    );
    assert!(text.ends_with('.'), "{text}");
    assert!(
        !text.contains("NaN")
            || matches!(
                e,
                FitError::NonFiniteData { .. }
                    | FitError::BadUncertainty { .. }
                    | FitError::BadStart { .. }
            ),
        "{text}"
    );
}

#[test]
fn every_failure_says_why_in_a_sentence() {
    let (model, data) = misra();
    let start = || FitSettings::new(vec![500.0, 1e-4]);
    let x3 = [1.0, 2.0, 3.0];
    let y3 = [1.0, 2.0, 3.5];
    let nan = [1.0, f64::NAN, 3.0];
    let x5 = [1.0, 2.0, 3.0, 4.0, 5.0];
    let y5 = [1.0, 2.0, 3.5, 3.9, 5.2];
    let cases: Vec<(FitError, &str)> = vec![
        (
            error_of(fit(&model, &Data::new(&[], &[]), &start())),
            "no data points",
        ),
        (
            error_of(fit(&model, &Data::new(&x3, &y3[..2]), &start())),
            "every point needs both",
        ),
        (
            error_of(fit(&model, &Data::new(&x3, &nan), &start())),
            "Point 2 has y = NaN",
        ),
        (
            error_of(fit(
                &model,
                &Data::with_sigma(&x3, &y3, &[1.0, 0.0, 1.0]),
                &start(),
            )),
            "σ = 0",
        ),
        (
            error_of(fit(&model, &Data::with_sigma(&x3, &y3, &[1.0]), &start())),
            "one σ per point",
        ),
        (
            error_of(fit(&model, &Data::new(&x3[..2], &y3[..2]), &start())),
            "There are only 2 points for 2 free parameters: at least 3",
        ),
        (
            error_of(fit(&model, &data, &FitSettings::new(vec![1.0]))),
            "2 parameters (b1 and b2) but 1 start values",
        ),
        (
            error_of(fit(
                &model,
                &data,
                &FitSettings::new(vec![f64::INFINITY, 1.0]),
            )),
            "start value of b1",
        ),
        (
            error_of(fit(
                &parse("2*x").unwrap(),
                &data,
                &FitSettings::new(vec![]),
            )),
            "no parameters",
        ),
        (
            error_of(fit(
                &model,
                &data,
                &FitSettings::new(vec![1.0, 1.0])
                    .with_fixed(&model, "b1", 1.0)
                    .unwrap()
                    .with_fixed(&model, "b2", 1.0)
                    .unwrap(),
            )),
            "every parameter is fixed",
        ),
        (
            error_of(fit(
                &parse("a*b*x").unwrap(),
                &data,
                &FitSettings::new(vec![1.0, 1.0]),
            )),
            "cannot determine a and b separately",
        ),
        (
            error_of(fit(
                &parse("a/x").unwrap(),
                &Data::new(&[0.0, 1.0, 2.0], &y3),
                &FitSettings::new(vec![1.0]),
            )),
            "value is not a finite number at x = 0",
        ),
        (
            error_of(fit(
                &parse("sqrt(a*x)").unwrap(),
                &Data::new(&[0.0, 1.0, 2.0], &y3),
                &FitSettings::new(vec![1.0]),
            )),
            "derivative is not a finite number at x = 0",
        ),
        (
            error_of(fit(
                &parse("a*exp(-k*x)").unwrap(),
                &Data::new(&[1e4, 2e4, 3e4], &y3),
                &FitSettings::new(vec![1.0, 1.0]),
            )),
            "did not converge",
        ),
        (
            error_of(fit_linear(
                &Design::polynomial(1, true).column("twice", |x| 2.0 * x),
                &Data::new(&x5, &y5),
            )),
            "linearly dependent",
        ),
        (
            error_of(fit_linear(
                &Design::new().constant("a").column("z", |_| 0.0),
                &Data::new(&x3, &y3),
            )),
            "does not change when z changes",
        ),
        (
            error_of(fit_linear(
                &Design::new().column("ln", f64::ln),
                &Data::new(&[0.0, 1.0, 2.0], &y3),
            )),
            "not a finite number at x = 0",
        ),
        (
            error_of(fit_linear_with(
                &Design::straight_line(),
                &Data::new(&x3, &y3),
                &[None],
            )),
            "1 fixed values were given for the 2 columns",
        ),
        (
            error_of(fit(
                &model,
                &Data::new(&[1.0, 2.0, 3.0], &[1e300, -1e300, 1e300]),
                &FitSettings::new(vec![1.0, 1.0]),
            )),
            "too large or too small",
        ),
    ];
    for (error, needle) in &cases {
        assert!(
            error.to_string().contains(needle),
            "expected \"{needle}\" in: {error}"
        );
        assert_sentence(error);
    }
    // Each variant is reached.
    let reached = |f: fn(&FitError) -> bool| cases.iter().any(|(e, _)| f(e));
    assert!(reached(|e| matches!(e, FitError::NoData { .. })));
    assert!(reached(|e| matches!(e, FitError::LengthMismatch { .. })));
    assert!(reached(|e| matches!(e, FitError::SigmaLength { .. })));
    assert!(reached(|e| matches!(e, FitError::NonFiniteData { .. })));
    assert!(reached(|e| matches!(e, FitError::BadUncertainty { .. })));
    assert!(reached(|e| matches!(e, FitError::TooFewPoints { .. })));
    assert!(reached(|e| matches!(e, FitError::NoFreeParameters { .. })));
    assert!(reached(|e| matches!(e, FitError::StartCount { .. })));
    assert!(reached(|e| matches!(e, FitError::BadStart { .. })));
    assert!(reached(|e| matches!(e, FitError::Singular { .. })));
    assert!(reached(|e| matches!(e, FitError::Insensitive { .. })));
    assert!(reached(|e| matches!(e, FitError::NonFiniteModel { .. })));
    assert!(reached(|e| matches!(e, FitError::DidNotConverge { .. })));
    assert!(reached(|e| matches!(e, FitError::BadDesign(_))));
    assert!(reached(|e| matches!(e, FitError::OutOfRange { .. })));
    if let (FitError::Singular { parameters, .. }, _) = &cases[10] {
        assert_eq!(parameters, &["a", "b"]);
    }
}

#[test]
fn iteration_limit_gives_an_unconverged_report() {
    let (model, data) = misra();
    let mut settings = FitSettings::new(vec![500.0, 1e-4]);
    settings.max_iterations = 2;
    let report = fit(&model, &data, &settings).unwrap();
    assert!(!report.converged);
    assert_eq!(report.termination, Termination::IterationLimit);
    assert!(
        report.message.starts_with("Did not converge"),
        "{}",
        report.message
    );
    assert!(report
        .parameters
        .iter()
        .all(|e| e.value.is_finite() && e.std_error.is_finite()));
}

#[test]
fn exact_data_ends_with_an_exact_fit() {
    let x = [1.0, 2.0, 3.0, 4.0];
    let y = [3.0, 5.0, 7.0, 9.0];
    let model = parse("a + b*x").unwrap();
    let report = fit(
        &model,
        &Data::new(&x, &y),
        &FitSettings::new(vec![1.0, 2.0]),
    )
    .unwrap();
    assert_eq!(report.values(), vec![1.0, 2.0]);
    assert_eq!(report.rss, 0.0);
    assert_eq!(report.aicc, None);
    assert_eq!(report.r_squared, Some(1.0));
    assert_eq!(report.parameters[0].std_error, 0.0);
    assert_eq!(report.correlation[0][0], 1.0);
    assert!(report.correlation[0][1].is_finite());
    // All y equal: no R².
    let flat = fit_linear(&Design::straight_line(), &Data::new(&x, &[2.0; 4])).unwrap();
    assert_eq!(flat.r_squared, None);
    assert_eq!(flat.adjusted_r_squared, None);
}

#[test]
fn aicc_is_absent_when_too_few_points() {
    // n − K − 1 = 3 − 2 − 1 = 0 for one free parameter.
    let report = fit_linear(
        &Design::proportional(),
        &Data::new(&[1.0, 2.0, 3.0], &[1.1, 1.9, 3.2]),
    )
    .unwrap();
    assert_eq!(report.aicc, None);
    let report = fit_linear(
        &Design::proportional(),
        &Data::new(&[1.0, 2.0, 3.0, 4.0], &[1.1, 1.9, 3.2, 3.9]),
    )
    .unwrap();
    assert!(report.aicc.is_some());
}

/// Random formulas from the grammar, with every operator and function.
fn formula() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("a".to_string()),
        Just("b".to_string()),
        Just("c".to_string()),
        Just("pi".to_string()),
        (-1e3f64..1e3).prop_map(|v| format!("{v}")),
        (0u32..5).prop_map(|v| v.to_string()),
    ];
    leaf.prop_recursive(5, 48, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop_oneof![
                    Just("+"),
                    Just("-"),
                    Just("*"),
                    Just("/"),
                    Just("^"),
                    Just("**")
                ],
                inner.clone()
            )
                .prop_map(|(l, op, r)| format!("({l}){op}({r})")),
            inner.clone().prop_map(|e| format!("-{e}")),
            (
                prop_oneof![
                    Just("exp"),
                    Just("ln"),
                    Just("log"),
                    Just("log10"),
                    Just("sqrt"),
                    Just("abs"),
                    Just("sin"),
                    Just("cos"),
                    Just("tan"),
                    Just("atan")
                ],
                inner.clone()
            )
                .prop_map(|(f, e)| format!("{f}({e})")),
            (inner.clone(), inner).prop_map(|(l, r)| format!("pow({l}, {r})")),
        ]
    })
}

fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e3f64..1e3,
        Just(0.0),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(1e300),
        Just(-1e-300),
        any::<f64>(),
    ]
}

/// A report whose every number is finite.
fn assert_finite(report: &FitReport) {
    for e in &report.parameters {
        assert!(
            e.value.is_finite()
                && e.std_error.is_finite()
                && e.ci95.0.is_finite()
                && e.ci95.1.is_finite(),
            "{e:?}"
        );
    }
    assert!(report.rss.is_finite() && report.residual_sd.is_finite() && report.t_95.is_finite());
    assert!(report
        .covariance
        .iter()
        .chain(&report.correlation)
        .flatten()
        .all(|v| v.is_finite()));
    assert!(report.residuals.iter().all(|v| v.is_finite()));
    for v in [
        report.r_squared,
        report.adjusted_r_squared,
        report.reduced_chi_squared,
        report.aicc,
    ]
    .into_iter()
    .flatten()
    {
        assert!(v.is_finite());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_formulas_and_data_never_panic(
        text in formula(),
        points in proptest::collection::vec((any_number(), any_number()), 0..12),
        start in proptest::collection::vec(any_number(), 0..4),
        weights in proptest::option::of(proptest::collection::vec(any_number(), 0..12)),
        fix_first in any::<bool>(),
    ) {
        let Ok(model) = parse(&text) else { return Ok(()); };
        let x: Vec<f64> = points.iter().map(|p| p.0).collect();
        let y: Vec<f64> = points.iter().map(|p| p.1).collect();
        let data = match &weights {
            Some(w) => Data::with_sigma(&x, &y, w),
            None => Data::new(&x, &y),
        };
        let mut settings = FitSettings::new(start.clone());
        settings.max_iterations = 50;
        if fix_first { settings.fixed = vec![true]; }
        match fit(&model, &data, &settings) {
            Ok(report) => assert_finite(&report),
            Err(e) => assert_sentence(&e),
        }
        // Also with sensible data and the right number of start values.
        let xs: Vec<f64> = (0..8).map(|i| 0.25 * i as f64 + 0.1).collect();
        let ys: Vec<f64> = xs.iter().map(|v| 1.0 + v * v).collect();
        let settings = FitSettings { max_iterations: 50, ..FitSettings::for_model(&model) };
        match fit(&model, &Data::new(&xs, &ys), &settings) {
            Ok(report) => assert_finite(&report),
            Err(e) => assert_sentence(&e),
        }
        // Evaluating and differentiating never panics either.
        let p = vec![0.5; model.parameters().len()];
        let mut g = vec![0.0; p.len()];
        let _ = model.value_and_gradient(0.3, &p, &mut g);
        let _ = model.value(f64::NAN, &[]);
    }

    #[test]
    fn random_text_never_panics_the_parser(text in "\\PC{0,80}") {
        match parse(&text) {
            Ok(model) => { let _ = model.value(1.0, &vec![1.0; model.parameters().len()]); }
            Err(e) => {
                prop_assert!(e.position <= text.chars().count());
                prop_assert!(e.message.ends_with('.'));
            }
        }
    }

    #[test]
    fn random_operator_soup_never_panics_the_parser(text in "[-+*/^()., xabe0-9]{0,60}") {
        if let Err(e) = parse(&text) {
            prop_assert!(e.position <= text.chars().count());
        }
    }

    #[test]
    fn random_linear_fits_never_panic(
        points in proptest::collection::vec((any_number(), any_number()), 0..10),
        degree in 0usize..4,
        intercept in any::<bool>(),
    ) {
        let x: Vec<f64> = points.iter().map(|p| p.0).collect();
        let y: Vec<f64> = points.iter().map(|p| p.1).collect();
        match fit_linear(&Design::polynomial(degree, intercept), &Data::new(&x, &y)) {
            Ok(report) => assert_finite(&report),
            Err(e) => assert_sentence(&e),
        }
    }
}
