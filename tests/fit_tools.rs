//! The tools around the fitting engine (bounds, the F test, Akaike weights, the confidence
//! band, profile intervals, typed models at x = 0), each against an outside reference: the
//! numbers were made by tests/fit_refs/make_refs.py (Python 3.11.7, NumPy 2.4.6, SciPy 1.17.1,
//! lmfit 1.3.4, mpmath 1.3.0), which also made the data sets, or are closed forms computed here.
//! Least-squares solutions in the references are SciPy's, refined to 40 digits with mpmath
//! (SciPy's own stop about 1e-9 short), so tolerances can be near double precision.

// Reference values are written with every digit the reference printed.
#![allow(clippy::excessive_precision)]

use photocalc::science::fit::{
    akaike_weights, check_gradient, confidence_band, f_survival, f_test, fit, fit_linear,
    fit_linear_with, parse, profile_interval, regularized_incomplete_beta, student_t_quantile,
    Bound, Data, Design, Expression, FitError, FitReport, FitSettings, Model,
};

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

fn typed(text: &str) -> Expression {
    parse(text).unwrap()
}

/// Settings with the given start values and bounds (name, lower, upper).
fn settings(model: &Expression, start: &[f64], bounds: &[(&str, f64, f64)]) -> FitSettings {
    let mut s = FitSettings::new(start.to_vec());
    for &(name, lower, upper) in bounds {
        s = s.with_bounds(model, name, lower, upper).unwrap();
    }
    s
}

// ---- 1. The regularized incomplete beta function and the F distribution's upper tail.

/// (a, b, x, I_x(a, b)): mpmath at 40 digits, SciPy's betainc agreeing to 1e-12.
const BETA: [(f64, f64, f64, f64); 15] = [
    (0.5, 0.5, 0.3, 0.36901011956554536),
    (1.0, 1.0, 0.42, 0.42),
    (2.0, 3.0, 0.4, 0.5248),
    (5.0, 0.5, 0.9, 0.3166429150200123),
    (0.5, 5.0, 0.01, 0.2428418908984375),
    (10.0, 10.0, 0.5, 0.5),
    (50.0, 50.0, 0.3, 1.5547799761443295e-05),
    (100.0, 2.5, 0.99, 0.8456630797691554),
    (2.5, 100.0, 0.001, 0.0009034152033440662),
    (500.0, 500.0, 0.48, 0.10291752730699572),
    (0.1, 0.1, 1e-06, 0.12741225313416493),
    (3.0, 4.0, 1e-10, 1.9999999995500004e-29),
    (20.0, 0.5, 0.2, 1.4611717942296867e-15),
    (1.5, 7.0, 0.6, 0.9958518421662853),
    (250.0, 0.5, 0.97, 9.596778889026893e-05),
];

/// (f, d1, d2, P(F > f)): mpmath at 40 digits, SciPy's f.sf agreeing to 1e-12.
const F_TAIL: [(f64, f64, f64, f64); 16] = [
    (3.5, 1.0, 10.0, 0.09088409683432135),
    (0.5, 2.0, 20.0, 0.6139132535407594),
    (4.0, 3.0, 30.0, 0.016515374662309314),
    (1.0, 5.0, 5.0, 0.5),
    (100.0, 1.0, 10.0, 1.5895531755964119e-06),
    (10000.0, 2.0, 8.0, 2.5559080927254922e-14),
    (50.0, 3.0, 100.0, 7.944424679087572e-20),
    (200.0, 1.0, 1000.0, 1.5781318433561054e-41),
    (0.0001, 1.0, 5.0, 0.9924080180425819),
    (2.5, 10.0, 1000.0, 0.00575588904722783),
    (1.2, 50.0, 50.0, 0.2607781780592522),
    (1000000.0, 1.0, 3.0, 2.2053076425765927e-09),
    (0.02, 4.0, 12.0, 0.9990991182592074),
    (30.0, 2.0, 2000.0, 1.4547062167914365e-13),
    (1.05, 500.0, 2000.0, 0.239681127239669),
    (0.9, 200.0, 200.0, 0.7715342087747834),
];

/// The relative tolerance at shape parameters up to `size`: the result is exp of
/// a·ln x + b·ln y − ln B(a, b), whose rounding grows with the size of those terms.
fn beta_tolerance(size: f64) -> f64 {
    if size <= 100.0 {
        3e-14
    } else {
        2e-13
    }
}

#[test]
fn incomplete_beta_matches_mpmath() {
    for (a, b, x, expected) in BETA {
        let got = regularized_incomplete_beta(a, b, x).unwrap();
        assert!(rel(got, expected) <= beta_tolerance(a.max(b)), "I_{x}({a}, {b}) = {got}, mpmath {expected}");
    }
    // The ends, and I_x(a, b) = 1 − I_{1−x}(b, a).
    assert_eq!(regularized_incomplete_beta(2.0, 3.0, 0.0), Some(0.0));
    assert_eq!(regularized_incomplete_beta(2.0, 3.0, 1.0), Some(1.0));
    let complement = 1.0 - regularized_incomplete_beta(3.0, 2.0, 0.6).unwrap();
    assert!(rel(complement, 0.5248) < 1e-15);
    for (a, b, x) in [(0.0, 1.0, 0.5), (1.0, -1.0, 0.5), (1.0, 1.0, 1.5), (1.0, 1.0, f64::NAN), (f64::INFINITY, 1.0, 0.5)] {
        assert_eq!(regularized_incomplete_beta(a, b, x), None, "({a}, {b}, {x})");
    }
}

#[test]
fn f_upper_tail_matches_mpmath_into_the_extreme_tail() {
    for (f, d1, d2, expected) in F_TAIL {
        let got = f_survival(f, d1, d2).unwrap();
        assert!(rel(got, expected) <= beta_tolerance(0.5 * d1.max(d2)), "P(F({d1}, {d2}) > {f}) = {got}, mpmath {expected}");
    }
    // F(1, ν) is t² with ν degrees of freedom: the 97.5 % t quantile leaves 5 % above t².
    for nu in [3.0, 12.0, 250.0] {
        let t = student_t_quantile(0.975, nu).unwrap();
        assert!(rel(f_survival(t * t, 1.0, nu).unwrap(), 0.05) < 1e-13, "ν = {nu}");
    }
    assert_eq!(f_survival(0.0, 2.0, 3.0), Some(1.0));
    assert_eq!(f_survival(-1.0, 2.0, 3.0), Some(1.0));
    assert_eq!(f_survival(f64::INFINITY, 2.0, 3.0), Some(0.0));
    assert_eq!(f_survival(1e308, 1e300, 1e-300), Some(0.0));
    for (f, d1, d2) in [(f64::NAN, 1.0, 1.0), (1.0, 0.0, 1.0), (1.0, 1.0, -2.0), (1.0, f64::INFINITY, 1.0)] {
        assert_eq!(f_survival(f, d1, d2), None, "({f}, {d1}, {d2})");
    }
}

// ---- 2. Bounds.

const X_FRAC: [f64; 10] = [0.1, 0.2, 0.4, 0.7, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0];
const Y_FRAC: [f64; 10] = [0.0805, 0.1497, 0.2601, 0.3831, 0.4793, 0.5962, 0.6735, 0.7693, 0.8257, 0.9081];

#[test]
fn a_fraction_pushed_above_one_is_held_at_its_upper_bound() {
    let model = typed("f*K*x/(1 + K*x)");
    let data = Data::new(&X_FRAC, &Y_FRAC);
    // Unconstrained, the data put f above 1 (reference: f = 1.0996…, K = 0.7773…).
    let free = fit(&model, &data, &settings(&model, &[0.5, 1.0], &[])).unwrap();
    assert!(rel(free.parameters[0].value, 1.0996099445341683) < 1e-11);
    assert!(rel(free.parameters[1].value, 0.7773289265522689) < 1e-11);
    // Start f = 5 is outside [0, 1] and is moved to 1.
    let report = fit(&model, &data, &settings(&model, &[5.0, 1.0], &[("f", 0.0, 1.0)])).unwrap();
    let (f, k) = (&report.parameters[0], &report.parameters[1]);
    assert_eq!(f.at_bound, Some(Bound::Upper));
    assert!(!f.fixed && !f.is_free());
    assert_eq!((f.value, f.std_error, f.ci95), (1.0, 0.0, (1.0, 1.0)));
    assert!(k.is_free() && k.at_bound.is_none());
    // K of the one-parameter fit K·x/(1 + K·x) (curve_fit with bounds agrees to 2e-9).
    assert!(rel(k.value, 0.9846569540340085) < 1e-12, "K = {}", k.value);
    assert!(rel(k.std_error, 0.041313226188318064) < 1e-12, "se = {}", k.std_error);
    assert!(rel(report.rss, 0.005900615851582345) < 1e-12);
    assert_eq!((report.free_parameters, report.dof), (1, 9));
    // AICc counts f as not free: K = 1 + 1.
    let aicc = 10.0 * (report.rss / 10.0).ln() + 4.0 + 12.0 / 7.0;
    assert!(rel(report.aicc.unwrap(), aicc) < 1e-14);
    assert_eq!(report.covariance[0], vec![0.0, 0.0]);
    assert!(report.converged);
    assert!(report.message.ends_with(" f is held at its upper bound 1."), "{}", report.message);
}

const X_CONVEX: [f64; 9] = [0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0];
const Y_CONVEX: [f64; 9] = [0.2257, 1.0206, 2.0788, 3.2177, 4.3916, 5.6388, 6.862, 9.5962, 12.5334];

#[test]
fn a_binding_constant_pushed_below_zero_is_held_at_zero() {
    let model = typed("m*x/(1 + K*x)");
    let data = Data::new(&X_CONVEX, &Y_CONVEX);
    let free = fit(&model, &data, &settings(&model, &[2.0, 0.0], &[])).unwrap();
    assert!(rel(free.parameters[0].value, 2.0284583356822385) < 1e-11);
    assert!(rel(free.parameters[1].value, -0.03827839910217054) < 1e-9);
    // Start K = −10 makes 1 + K·x zero at x = 0.1; inside the bounds it starts at K = 0.
    let unbounded = fit(&model, &data, &settings(&model, &[1.0, -10.0], &[]));
    assert!(matches!(unbounded, Err(FitError::NonFiniteModel { .. })), "{unbounded:?}");
    let report = fit(&model, &data, &settings(&model, &[1.0, -10.0], &[("K", 0.0, f64::INFINITY)])).unwrap();
    let k = report.get("K").unwrap();
    assert_eq!((k.value, k.at_bound), (0.0, Some(Bound::Lower)));
    // With K = 0 the model is m·x: m = Σxy/Σx² (closed form; SciPy 2.383253136762861).
    let sxy: f64 = X_CONVEX.iter().zip(&Y_CONVEX).map(|(x, y)| x * y).sum();
    let sxx: f64 = X_CONVEX.iter().map(|x| x * x).sum();
    assert!(rel(sxy / sxx, 2.383253136762861) < 1e-14);
    assert!(rel(report.get("m").unwrap().value, sxy / sxx) < 1e-12);
    assert_eq!((report.free_parameters, report.dof), (1, 8));
    assert!(report.message.ends_with(" K is held at its lower bound 0."), "{}", report.message);
}

#[test]
fn bounds_that_hold_nothing_change_nothing() {
    let model = typed("b1*(1-exp(-b2*x))");
    let x = [77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0];
    let y = [10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78];
    let data = Data::new(&x, &y);
    let plain = fit(&model, &data, &FitSettings::new(vec![500.0, 1e-4])).unwrap();
    let bounded = fit(&model, &data, &settings(&model, &[500.0, 1e-4], &[("b1", 0.0, 1e3), ("b2", 0.0, 1.0)])).unwrap();
    assert_eq!(plain, bounded);
}

#[test]
fn bad_bounds_are_explained_and_a_fit_may_leave_nothing_free() {
    let model = typed("m*x");
    let sentence = |e: &FitError| {
        let text = e.to_string();
        assert!(text.ends_with('.') && text.chars().next().is_some_and(char::is_uppercase), "{text}");
        text
    };
    let reversed = FitSettings::new(vec![1.0]).with_bounds(&model, "m", 2.0, 1.0).unwrap_err();
    assert!(sentence(&reversed).contains("The range given for m, 2 to 1, is not a range"), "{reversed}");
    let nan = FitSettings::new(vec![1.0]).with_bounds(&model, "m", f64::NAN, 1.0).unwrap_err();
    assert!(matches!(nan, FitError::BadBounds { .. }));
    let unknown = FitSettings::new(vec![1.0]).with_bounds(&model, "k", 0.0, 1.0).unwrap_err();
    assert!(matches!(unknown, FitError::UnknownParameter { .. }));
    let (x, y) = ([1.0, 2.0, 3.0], [1.1, 1.9, 3.1]);
    // Bounds written straight into the settings are checked by the fit.
    let direct = FitSettings { bounds: vec![(1.0, 0.0)], ..FitSettings::new(vec![1.0]) };
    assert!(matches!(fit(&model, &Data::new(&x, &y), &direct), Err(FitError::BadBounds { .. })));
    // The slope is about 1; allowed at most 0.5, it is held there and nothing is left free.
    let capped = settings(&model, &[0.2], &[("m", 0.0, 0.5)]);
    let report = fit(&model, &Data::new(&x, &y), &capped).unwrap();
    assert_eq!((report.parameters[0].value, report.parameters[0].at_bound), (0.5, Some(Bound::Upper)));
    assert_eq!((report.free_parameters, report.dof), (0, 3));
    let rss: f64 = x.iter().zip(&y).map(|(x, y)| (y - 0.5 * x).powi(2)).sum();
    assert!(rel(report.rss, rss) < 1e-15);
    assert!(report.converged && report.message.ends_with(" m is held at its upper bound 0.5."), "{}", report.message);
}

// ---- 3. The F test for nested models, and Akaike weights.

const X_POLY: [f64; 11] = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
const Y_POLY: [f64; 11] = [0.908, 1.4442, 2.0716, 2.5382, 3.307, 3.9984, 4.7195, 5.3811, 6.2434, 7.1854, 7.9285];
const X_DECAY: [f64; 14] = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0];
const Y_DECAY: [f64; 14] = [5.3274, 4.5301, 3.7521, 3.2255, 2.8157, 2.0744, 1.542, 1.1514, 0.9177, 0.6978, 0.4399, 0.404, 0.2977, 0.2946];

fn decay_fits() -> (Expression, FitReport, FitReport) {
    let data = Data::new(&X_DECAY, &Y_DECAY);
    let two = typed("a*exp(-k*x)");
    let three = typed("a*exp(-k*x) + c");
    let simple = fit(&two, &data, &FitSettings::new(vec![5.0, 0.5])).unwrap();
    let complex = fit(&three, &data, &FitSettings::new(vec![5.0, 0.5, 0.0])).unwrap();
    (three, simple, complex)
}

#[test]
fn f_test_matches_scipy_for_linear_and_nonlinear_nested_models() {
    // Straight line against parabola (numpy.linalg.lstsq, scipy.stats.f.sf).
    let data = Data::new(&X_POLY, &Y_POLY);
    let line = fit_linear(&Design::straight_line(), &data).unwrap();
    let parabola = fit_linear(&Design::polynomial(2, true), &data).unwrap();
    assert!(rel(line.rss, 0.3380399581818178) < 1e-12);
    assert!(rel(parabola.rss, 0.029448495198135267) < 1e-11);
    let test = f_test(&line, &parabola).unwrap();
    assert_eq!((test.df_extra, test.df_residual), (1, 8));
    assert!(rel(test.f, 83.83218521895085) < 1e-10, "F = {}", test.f);
    assert!(rel(test.p_value, 1.6329114848109303e-05) < 1e-10, "p = {}", test.p_value);
    // a·exp(−k·x) against a·exp(−k·x) + c.
    let (_, simple, complex) = decay_fits();
    assert!(rel(simple.rss, 0.33692531456305663) < 1e-13);
    assert!(rel(complex.rss, 0.019533867279987804) < 1e-13);
    let test = f_test(&simple, &complex).unwrap();
    assert_eq!((test.df_extra, test.df_residual), (1, 11));
    assert!(rel(test.f, 178.73091232121533) < 1e-12, "F = {}", test.f);
    assert!(rel(test.p_value, 3.803823477075866e-08) < 1e-12, "p = {}", test.p_value);
    // Not comparable: the wrong way round, equal parameter counts, different data.
    assert_eq!(f_test(&complex, &simple), None);
    assert_eq!(f_test(&complex, &complex), None);
    assert_eq!(f_test(&line, &complex), None);
    // A "complex" fit worse than the simple one is no evidence either way.
    let worse = FitReport { rss: simple.rss * 2.0, ..complex.clone() };
    assert_eq!(f_test(&simple, &worse), None);
}

#[test]
fn akaike_weights_match_a_hand_calculation() {
    // Δ = (0, 2, 6): exp(−Δ/2) = (1, e⁻¹, e⁻³) = (1, 0.36787944117144233, 0.049787068367863944),
    // sum 1.4176665095393062, so w = (0.7053845126982412, 0.25949646034241913, 0.03511902695933973).
    let w = akaike_weights(&[Some(12.0), Some(10.0), None, Some(16.0), Some(f64::NAN)]);
    let expected = [Some(0.25949646034241913), Some(0.7053845126982412), None, Some(0.03511902695933973), None];
    for (got, want) in w.iter().zip(expected) {
        match (got, want) {
            (Some(g), Some(e)) => assert!(rel(*g, e) < 1e-15, "{g} vs {e}"),
            (g, e) => assert_eq!(*g, e),
        }
    }
    assert!((w.iter().flatten().sum::<f64>() - 1.0).abs() < 1e-15);
    // Huge differences underflow to weight 0, never NaN; no values, no weights.
    assert_eq!(akaike_weights(&[Some(-5000.0), Some(5000.0)]), vec![Some(1.0), Some(0.0)]);
    assert_eq!(akaike_weights(&[None, None]), vec![None, None]);
    assert!(akaike_weights(&[]).is_empty());
    // From real fits: the decay with an offset is overwhelmingly preferred.
    let (_, simple, complex) = decay_fits();
    let w = akaike_weights(&[simple.aicc, complex.aicc]);
    assert!(w[1].unwrap() > 0.999, "{w:?}");
}

// ---- 4. The confidence band.

#[test]
fn band_of_a_straight_line_is_the_textbook_formula() {
    let data = Data::new(&X_POLY, &Y_POLY);
    let design = Design::straight_line();
    let report = fit_linear(&design, &data).unwrap();
    let n = X_POLY.len() as f64;
    let mean = X_POLY.iter().sum::<f64>() / n;
    let sxx: f64 = X_POLY.iter().map(|x| (x - mean).powi(2)).sum();
    let s = (report.rss / (n - 2.0)).sqrt();
    let t = student_t_quantile(0.975, n - 2.0).unwrap();
    let xs = [-3.0, 0.0, 2.5, 5.0, 7.7, 10.0, 20.0];
    let band = confidence_band(&design, &report, &xs);
    let (a, b) = (report.parameters[0].value, report.parameters[1].value);
    for (x, entry) in xs.iter().zip(band) {
        let (f, half) = entry.unwrap();
        let expected = s * t * (1.0 / n + (x - mean).powi(2) / sxx).sqrt();
        assert!(rel(f, a + b * x) < 1e-14);
        assert!(rel(half, expected) < 1e-12, "x = {x}: {half} vs {expected}");
    }
    // A fixed parameter contributes nothing: with the intercept held, Var f = x²·Var(slope).
    let held = fit_linear_with(&design, &data, &[Some(1.0), None]).unwrap();
    let slope = held.get("slope").unwrap();
    let band = confidence_band(&design, &held, &[0.0, 4.0]);
    assert_eq!(band[0], Some((1.0, 0.0)));
    assert!(rel(band[1].unwrap().1, held.t_95 * 4.0 * slope.std_error) < 1e-14);
}

/// (x, f(x), half-width by the delta method in NumPy, half-width by lmfit's eval_uncertainty).
const DECAY_BAND: [(f64, f64, f64, f64); 8] = [
    (0.0, 5.304027864283255, 0.07109089838367377, 0.07109098937318503),
    (0.5, 3.8258007228427813, 0.038264923959820785, 0.03826495547125161),
    (1.0, 2.785370394592605, 0.03955691336151061, 0.03955715227553114),
    (2.0, 1.537662936083236, 0.03943441052777433, 0.03943472781816647),
    (3.0, 0.9195662235472841, 0.03269845031250689, 0.03269861691103356),
    (5.0, 0.4616844201511975, 0.036373633289416216, 0.0363735265771451),
    (8.0, 0.3308763352517189, 0.0458784715197364, 0.04587832913672418),
    (12.0, 0.31386325015653055, 0.048348297628413923, 0.04834815605876077),
];

#[test]
fn band_of_a_nonlinear_fit_matches_numpy_and_lmfit() {
    let (model, _, report) = decay_fits();
    let xs: Vec<f64> = DECAY_BAND.iter().map(|r| r.0).collect();
    for (entry, (x, f, half, lmfit_half)) in confidence_band(&model, &report, &xs).into_iter().zip(DECAY_BAND) {
        let (got_f, got_half) = entry.unwrap();
        assert!(rel(got_f, f) < 1e-12, "x = {x}: f = {got_f} vs {f}");
        // Exact derivatives on both sides: agreement to the fits' precision.
        assert!(rel(got_half, half) < 1e-11, "x = {x}: {got_half} vs {half}");
        // lmfit differentiates by central differences (step 0.01 standard errors).
        assert!(rel(got_half, lmfit_half) < 1e-5, "x = {x}: {got_half} vs lmfit {lmfit_half}");
    }
}

#[test]
fn band_is_absent_where_the_model_is_not_finite() {
    let model = typed("a/x + b");
    let (x, y) = ([1.0, 2.0, 3.0, 4.0], [3.1, 2.4, 2.3, 2.2]);
    let report = fit(&model, &Data::new(&x, &y), &FitSettings::new(vec![1.0, 1.0])).unwrap();
    let band = confidence_band(&model, &report, &[0.0, 2.0, f64::NAN]);
    assert_eq!(band[0], None);
    assert!(band[1].is_some_and(|(f, h)| f.is_finite() && h > 0.0));
    assert_eq!(band[2], None);
    // A report of another model: nothing.
    assert_eq!(confidence_band(&typed("a*x"), &report, &[1.0]), vec![None]);
}

// ---- 5. Profile-likelihood intervals.

const X_ISO: [f64; 7] = [0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0];
const Y_ISO: [f64; 7] = [0.7892, 1.3755, 2.4758, 3.252, 3.8626, 5.0352, 5.9977];
const X_EXP: [f64; 8] = [0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0];
const Y_EXP: [f64; 8] = [1.6463, 1.3254, 1.0396, 0.9314, 0.6108, 0.3785, 0.2159, 0.1445];

/// Checks the profile interval of each parameter against (lower, upper) from the profile
/// computed with SciPy, to `tolerance` standard errors, and against lmfit's conf_interval
/// (whose root finding is looser) to 1e-6 standard errors.
fn check_profiles(text: &str, x: &[f64], y: &[f64], start: &[f64], expected: &[(&str, [f64; 4])], tolerance: f64) {
    let model = typed(text);
    let data = Data::new(x, y);
    let settings = FitSettings::new(start.to_vec());
    let report = fit(&model, &data, &settings).unwrap();
    for (name, [lower, upper, lmfit_lower, lmfit_upper]) in expected {
        let interval = profile_interval(&model, &data, &settings, &report, name).unwrap();
        let se = report.get(name).unwrap().std_error;
        let (lo, hi) = (interval.lower.unwrap(), interval.upper.unwrap());
        assert!((lo - lower).abs() <= tolerance * se, "{name}: lower {lo} vs {lower}");
        assert!((hi - upper).abs() <= tolerance * se, "{name}: upper {hi} vs {upper}");
        assert!((lo - lmfit_lower).abs() <= 1e-6 * se && (hi - lmfit_upper).abs() <= 1e-6 * se, "{name}: lmfit");
        assert_eq!((interval.lower_open, interval.upper_open), (None, None));
        let limit = report.rss * (1.0 + report.t_95 * report.t_95 / report.dof as f64);
        assert!(rel(interval.rss_limit, limit) < 1e-15);
    }
}

#[test]
fn profile_intervals_of_an_isotherm_match_scipy_and_lmfit() {
    // Bmax·x/(Kd + x) on data below saturation: the interval of Bmax is clearly asymmetric.
    check_profiles(
        "Bmax*x/(Kd + x)",
        &X_ISO,
        &Y_ISO,
        &[8.0, 2.0],
        &[
            ("Bmax", [10.290971659829447, 13.299207789083047, 10.290971540341552, 13.299207789963566]),
            ("Kd", [3.122431079871675, 4.784264761333901, 3.122431041119536, 4.78426476331623]),
        ],
        1e-9,
    );
    let model = typed("Bmax*x/(Kd + x)");
    let data = Data::new(&X_ISO, &Y_ISO);
    let settings = FitSettings::new(vec![8.0, 2.0]);
    let report = fit(&model, &data, &settings).unwrap();
    let b = report.get("Bmax").unwrap();
    let interval = profile_interval(&model, &data, &settings, &report, "Bmax").unwrap();
    let (below, above) = (b.value - interval.lower.unwrap(), interval.upper.unwrap() - b.value);
    assert!(above > 1.25 * below, "{below} below, {above} above");
}

#[test]
fn profile_intervals_of_an_exponential_decay_match_scipy_and_lmfit() {
    check_profiles(
        "a*exp(-k*x)",
        &X_EXP,
        &Y_EXP,
        &[1.5, 0.3],
        &[
            ("a", [1.8453598987119813, 2.1024393788418325, 1.8453598968433713, 2.1024393788452764]),
            ("k", [0.35012831143167766, 0.43676720099957, 0.3501283105808588, 0.4367672055925253]),
        ],
        1e-9,
    );
}

#[test]
fn profile_of_a_linear_model_is_the_usual_interval() {
    // For a model linear in its parameters RSS(θ) is a parabola, and the profile interval is
    // value ± t·se exactly: with other parameters refitted (a + b·x) and without (b·x).
    for (text, name) in [("a + b*x", "b"), ("a + b*x", "a"), ("b*x", "b")] {
        let model = typed(text);
        let data = Data::new(&X_POLY, &Y_POLY);
        let settings = FitSettings::for_model(&model);
        let report = fit(&model, &data, &settings).unwrap();
        let e = report.get(name).unwrap();
        let interval = profile_interval(&model, &data, &settings, &report, name).unwrap();
        assert!((interval.lower.unwrap() - e.ci95.0).abs() < 1e-8 * e.std_error, "{text}: {interval:?}");
        assert!((interval.upper.unwrap() - e.ci95.1).abs() < 1e-8 * e.std_error, "{text}: {interval:?}");
    }
}

const X_SLOPE: [f64; 6] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
const Y_SLOPE: [f64; 6] = [0.1988, 0.3282, 0.54, 0.6063, 0.7275, 0.9];

#[test]
fn open_profile_ends_say_why() {
    // An isotherm measured on its initial slope only: Bmax and Kd can grow together without
    // limit (Bmax·x/(Kd + x) → (Bmax/Kd)·x), so their upper ends are open, although
    // value ± t·SE gives finite (and negative) intervals.
    let model = typed("Bmax*x/(Kd + x)");
    let data = Data::new(&X_SLOPE, &Y_SLOPE);
    let settings = FitSettings::new(vec![3.0, 1.0]);
    let report = fit(&model, &data, &settings).unwrap();
    // Lower ends from the profile computed with SciPy; SciPy finds no upper end either.
    for (name, lower) in [("Bmax", 1.715580328121114), ("Kd", 0.6647457603644564)] {
        let interval = profile_interval(&model, &data, &settings, &report, name).unwrap();
        let se = report.get(name).unwrap().std_error;
        assert!((interval.lower.unwrap() - lower).abs() < 1e-9 * se, "{interval:?}");
        assert_eq!((interval.upper, &interval.lower_open), (None, &None));
        let why = interval.upper_open.unwrap();
        assert_eq!(why, format!("The sum of squares stays below the 95 % limit for {name} as far as 2048 standard errors above the estimate: the data do not bound {name} from above. Add data where it matters, or fix it at a known value."));
    }
    // With Kd at most 20, Kd's upper end is open at that bound, and Bmax's is where the refits
    // hold Kd at 20 (the larger root of a parabola there).
    let bounded = settings.clone().with_bounds(&model, "Kd", 0.0, 20.0).unwrap();
    let report = fit(&model, &data, &bounded).unwrap();
    let kd = profile_interval(&model, &data, &bounded, &report, "Kd").unwrap();
    assert!(kd.lower.is_some() && kd.upper.is_none());
    assert_eq!(kd.upper_open.unwrap(), "The parameter Kd can reach its bound 20 without the sum of squares exceeding the 95 % limit: the data do not bound it from above within its allowed range.");
    let bmax = profile_interval(&model, &data, &bounded, &report, "Bmax").unwrap();
    let se = report.get("Bmax").unwrap().std_error;
    assert!((bmax.upper.unwrap() - 32.84829460233438).abs() < 1e-9 * se, "{bmax:?}");
}

#[test]
fn profiles_of_parameters_not_fitted_are_refused() {
    let model = typed("f*K*x/(1 + K*x)");
    let data = Data::new(&X_FRAC, &Y_FRAC);
    let bounded = settings(&model, &[0.5, 1.0], &[("f", 0.0, 1.0)]);
    let report = fit(&model, &data, &bounded).unwrap();
    let err = profile_interval(&model, &data, &bounded, &report, "f").unwrap_err();
    assert_eq!(err.to_string(), "The parameter f is held at a bound, so it has no profile interval: free it (or widen its bounds) to get one.");
    let fixed = FitSettings::new(vec![1.0, 1.0]).with_fixed(&model, "f", 1.0).unwrap();
    let report = fit(&model, &data, &fixed).unwrap();
    assert!(matches!(profile_interval(&model, &data, &fixed, &report, "f"), Err(FitError::NotFree { why: "fixed", .. })));
    assert!(matches!(profile_interval(&model, &data, &fixed, &report, "q"), Err(FitError::UnknownParameter { .. })));
    // A single free parameter is profiled without refits (K with f held at 1).
    let interval = profile_interval(&model, &data, &fixed, &report, "K").unwrap();
    assert!(interval.lower.unwrap() < report.get("K").unwrap().value && interval.upper.unwrap() > report.get("K").unwrap().value);
}

// ---- 6. Typed models at x = 0.

const X_HILL: [f64; 12] = [0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0];
const Y_HILL: [f64; 12] = [0.9511, 0.8628, 0.7754, 0.7024, 0.6288, 0.55, 0.4661, 0.4645, 0.3801, 0.3478, 0.3065, 0.2678];

#[test]
fn a_power_of_zero_has_the_derivative_of_its_limit() {
    // (K·x)ⁿ is 0 at x = 0 for every K and every n > 0: both derivatives are 0 there.
    let power = typed("(K*x)^n");
    let mut g = [f64::NAN; 2];
    assert_eq!(power.value_and_gradient(0.0, &[2.0, 0.7], &mut g), 0.0);
    assert_eq!(g, [0.0, 0.0]);
    check_gradient(&power, &[0.0, 0.3, 2.0], &[2.0, 0.7], 1e-7).unwrap();
    // Where the base itself moves with the parameter the derivative is truly infinite.
    let shifted = typed("(K + x)^n");
    shifted.value_and_gradient(0.0, &[0.0, 0.7], &mut g);
    assert!(!g[0].is_finite());
    let root = typed("sqrt(a*x)");
    let mut one = [0.0];
    root.value_and_gradient(0.0, &[1.0], &mut one);
    assert!(!one[0].is_finite());
    let hill = typed("1 - f*(K*x)^n/(1 + (K*x)^n)");
    check_gradient(&hill, &[0.0, 0.1, 1.0, 5.0], &[0.8, 2.0, 0.9], 1e-7).unwrap();
}

#[test]
fn hill_quenching_with_a_point_at_zero_fits() {
    // Made with f = 0.8, K = 2, n = 0.9 and 3 % noise; the fit's n is below 1.
    let model = typed("1 - f*(K*x)^n/(1 + (K*x)^n)");
    let report = fit(&model, &Data::new(&X_HILL, &Y_HILL), &FitSettings::new(vec![0.5, 1.0, 1.0])).unwrap();
    assert!(report.converged, "{}", report.message);
    // The reference's values and standard errors (lmfit, with numerical derivatives and
    // its default tolerances, agrees to 3e-7).
    let expected = [
        (0.7835862541560052, 0.035004548717396264),
        (1.909897075386246, 0.24482922483434125),
        (0.9296539418739608, 0.09173892561967396),
    ];
    for (e, (value, se)) in report.parameters.iter().zip(expected) {
        assert!(rel(e.value, value) < 1e-12, "{} = {}", e.name, e.value);
        assert!(rel(e.std_error, se) < 1e-11, "se({}) = {}", e.name, e.std_error);
    }
    assert!(rel(report.rss, 0.004722553110010624) < 1e-13);
    // The parameters the data were made with lie within the 95 % intervals.
    for (e, truth) in report.parameters.iter().zip([0.8, 2.0, 0.9]) {
        assert!(e.ci95.0 < truth && truth < e.ci95.1, "{} = {:?}", e.name, e.ci95);
    }
}

// ---- Nothing panics, nothing is NaN or infinite, on any input.

mod robustness {
    use super::*;
    use proptest::prelude::*;

    fn any_number() -> impl Strategy<Value = f64> {
        prop_oneof![-10.0f64..10.0, Just(0.0), Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY), Just(1e300), any::<f64>()]
    }

    fn sentence(e: &FitError) {
        let text = e.to_string();
        assert!(text.ends_with('.') && text.chars().next().is_some_and(|c| c.is_uppercase()), "{text}");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn distribution_functions_are_total(a in any_number(), b in any_number(), x in any_number()) {
            if let Some(v) = regularized_incomplete_beta(a, b, x) {
                prop_assert!((0.0..=1.0).contains(&v));
            }
            if let Some(v) = f_survival(x, a, b) {
                prop_assert!((0.0..=1.0).contains(&v));
            }
            for w in akaike_weights(&[Some(a), Some(b), None, Some(x)]).into_iter().flatten() {
                prop_assert!((0.0..=1.0).contains(&w));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 120, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn bounded_fits_bands_and_profiles_never_panic(
            which in 0usize..4,
            noise in proptest::collection::vec(-0.3f64..0.3, 8),
            start in proptest::collection::vec(prop_oneof![4 => -3.0f64..3.0, 1 => any_number()], 3),
            bounds in proptest::collection::vec(prop_oneof![
                1 => Just((f64::NEG_INFINITY, f64::INFINITY)),
                2 => (-3.0f64..3.0, 0.0f64..4.0).prop_map(|(lower, width)| (lower, lower + width)),
                1 => (-3.0f64..3.0).prop_map(|lower| (lower, f64::INFINITY)),
                1 => (any_number(), any_number()),
            ], 3),
            profiled in 0usize..3,
        ) {
            let text = ["a*exp(-k*x)", "m*K*x/(1 + K*x)", "1 - f*(K*x)^n/(1 + (K*x)^n)", "a + b*x"][which];
            let model = typed(text);
            let names = model.parameters().to_vec();
            let x = [0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0];
            let y: Vec<f64> = x.iter().zip(&noise).map(|(x, e): (&f64, &f64)| 1.5 * (-0.7 * x).exp() + e).collect();
            let data = Data::new(&x, &y);
            let mut settings = FitSettings::new(start[..names.len()].to_vec());
            settings.max_iterations = 100;
            for (name, &(lower, upper)) in names.iter().zip(&bounds) {
                settings = match settings.clone().with_bounds(&model, name, lower, upper) {
                    Ok(s) => s,
                    Err(e) => { sentence(&e); settings }
                };
            }
            let report = match fit(&model, &data, &settings) {
                Ok(r) => r,
                Err(e) => { sentence(&e); return Ok(()); }
            };
            for (j, e) in report.parameters.iter().enumerate() {
                prop_assert!(e.value.is_finite() && e.std_error.is_finite() && e.ci95.0.is_finite() && e.ci95.1.is_finite());
                let (lower, upper) = settings.bounds.get(j).copied().unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
                prop_assert!(e.value >= lower && e.value <= upper, "{} = {} outside {lower}..{upper}", e.name, e.value);
            }
            for (f, h) in confidence_band(&model, &report, &[-1.0, 0.0, 0.7, 10.0]).into_iter().flatten() {
                prop_assert!(f.is_finite() && h.is_finite() && h >= 0.0);
            }
            match profile_interval(&model, &data, &settings, &report, &names[profiled % names.len()]) {
                Ok(p) => {
                    prop_assert!(p.rss_limit.is_finite() && p.value.is_finite());
                    for end in [p.lower, p.upper].into_iter().flatten() {
                        prop_assert!(end.is_finite());
                    }
                    prop_assert_eq!(p.lower.is_none(), p.lower_open.is_some());
                    prop_assert_eq!(p.upper.is_none(), p.upper_open.is_some());
                    for why in [p.lower_open, p.upper_open].into_iter().flatten() {
                        prop_assert!(why.ends_with('.') && why.chars().next().is_some_and(|c| c.is_uppercase()), "{}", why);
                    }
                }
                Err(e) => sentence(&e),
            }
        }
    }
}
