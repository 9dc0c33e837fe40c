//! The quenching fits against fits made outside the project: SciPy's least_squares (MINPACK)
//! with exact Jacobians, by `tests/quench_refs/make_refs.py`, whose output is pasted below.
//! Values agree to 1e-8 (relative), standard errors to 1e-6 and profile intervals to 1e-6;
//! the SciPy fits stop at tolerances of 1e-15, the profile roots at 1e-12.

use photocalc::science::quench::analysis::fit_model;
use photocalc::science::quench::{Context, Measurements, ModelFit, ModelKind, Quantity, Weighting};
use photocalc::state::quench::{QuenchOutcome, Row};
use photocalc::state::{Calculator, QuenchState};

// Python 3.11.7 NumPy 2.4.6 SciPy 1.17.1

// A. The example
const SV_VALUES: [f64; 2] = [940.8237907504808, 87536.0251720636];
const SV_ERRORS: [f64; 2] = [33.90848220952243, 11410.591776662328];
const SV_PROFILE: (f64, f64) = (61596.35589982726, 119595.77690105895);
const LANGMUIR_VALUES: [f64; 3] = [1000.7369268053968, 0.7005394553076307, 250171.75038929062];
const LANGMUIR_ERRORS: [f64; 3] = [3.7936965909452094, 0.005818807837921274, 7874.8048721974255];
const LANGMUIR_PROFILE: (f64, f64) = (231460.73538050393, 270087.344047057);
const POISSON_VALUES: [f64; 2] = [886.6170707273202, 51965.39390835677];
const POISSON_ERRORS: [f64; 2] = [45.30876451837067, 8219.01534640065];
const POISSON_PROFILE: (f64, f64) = (32571.254532494393, 74616.71650851156);
const HILL_VALUES: [f64; 4] = [1000.7938507276045, 0.7010464632943489, 249821.06615417995, 0.9987364624007186];
const HILL_ERRORS: [f64; 4] = [4.480477516362076, 0.01584073663202041, 13164.505155075743, 0.03626303851979443];
const HILL_PROFILE: (f64, f64) = (214298.86695665866, 282862.87488859723);

// B. Lifetimes
const TAU_NS: [f64; 9] = [25.0, 24.28, 22.92, 21.66, 20.06, 19.09, 17.71, 15.67, 13.81];
const LIFETIME_VALUES: [f64; 2] = [25.041358234316093, 40394.111466985305];
const LIFETIME_ERRORS: [f64; 2] = [0.10011370239317137, 807.6526794449246];
const LIFETIME_PROFILE: (f64, f64) = (38505.85147762054, 42325.75572565885);

// C. Static + dynamic, intensities and lifetimes together
const JOINT_I: [f64; 9] = [1000.0, 844.5, 705.1, 541.5, 422.3, 347.1, 283.4, 192.9, 138.1];
const JOINT_TAU: [f64; 9] = [20.06, 19.12, 18.69, 17.21, 16.19, 15.02, 14.3, 12.59, 11.07];
const JOINT_VALUES: [f64; 4] = [1001.8524639769382, 20.025834976910737, 40168.66527606119, 150480.61324813234];
const JOINT_ERRORS: [f64; 4] = [3.8534404224348835, 0.062448107062828745, 626.7117311267291, 2392.0147728217003];
const JOINT_PROFILE: (f64, f64) = (145403.11438923213, 155664.37804010374);

// D. A typed power model through x = 0
const POWER_VALUES: [f64; 3] = [1008.7417065078721, 97223.11370980785, 0.6811560903412791];
const POWER_ERRORS: [f64; 3] = [18.040332984796812, 6921.743044015914, 0.04232804746677871];
const POWER_PROFILE: (f64, f64) = (81461.48621559846, 115472.50729684312);

const Q_UM: [f64; 9] = [0.0, 1.0, 2.0, 4.0, 6.0, 8.0, 10.0, 15.0, 20.0];

fn close(what: &str, got: f64, want: f64, tolerance: f64) {
    assert!((got - want).abs() <= tolerance * want.abs(), "{what}: {got} against {want} (relative {:e})", (got - want).abs() / want.abs());
}

fn check(fit: &ModelFit, values: &[f64], errors: &[f64], profile: Option<(&str, (f64, f64))>) {
    let label = fit.label();
    for ((e, &v), &se) in fit.report.parameters.iter().zip(values).zip(errors) {
        close(&format!("{label} {}", e.name), e.value, v, 1e-8);
        close(&format!("{label} σ({})", e.name), e.std_error, se, 1e-6);
    }
    if let Some((name, (low, high))) = profile {
        let p = fit.profiles.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{label}: no profile of {name}"));
        close(&format!("{label} profile low"), p.lower.unwrap(), low, 1e-6);
        close(&format!("{label} profile high"), p.upper.unwrap(), high, 1e-6);
    }
}

#[test]
fn the_example_fits_agree_with_scipy() {
    let mut state = QuenchState::example();
    state.models = ModelKind::ALL.to_vec();
    let QuenchOutcome::Fitted { analysis, .. } = state.evaluate() else { panic!("the example fits") };
    let fit = |kind: ModelKind| analysis.fits.iter().find(|(k, _)| *k == kind).unwrap().1.as_ref().unwrap();
    check(fit(ModelKind::SternVolmer), &SV_VALUES, &SV_ERRORS, Some(("K_SV", SV_PROFILE)));
    check(fit(ModelKind::Langmuir), &LANGMUIR_VALUES, &LANGMUIR_ERRORS, Some(("K_L", LANGMUIR_PROFILE)));
    check(fit(ModelKind::Poisson), &POISSON_VALUES, &POISSON_ERRORS, Some(("K", POISSON_PROFILE)));
    check(fit(ModelKind::Hill), &HILL_VALUES, &HILL_ERRORS, Some(("K", HILL_PROFILE)));
    // Unbounded, SciPy puts K_S at −2.26 × 10⁴ M⁻¹. Held at its bound 0, static + dynamic is
    // Stern–Volmer: the same I₀ and K_D = K_SV, and it says so.
    let sd = fit(ModelKind::StaticDynamic);
    let k_s = sd.report.get("K_S").unwrap();
    assert!(k_s.at_bound.is_some() && k_s.value == 0.0, "{k_s:?}");
    close("K_D at K_S = 0", sd.report.get("K_D").unwrap().value, SV_VALUES[1], 1e-8);
    assert!(sd.warnings.iter().any(|w| w.starts_with("K_S ended on its physical bound")), "{:?}", sd.warnings);
}

fn measurements(values: &[f64], quantity: Quantity) -> Measurements {
    Measurements {
        quencher_molar: Q_UM.iter().map(|q| q * 1e-6).collect(),
        values: values.to_vec(),
        sigma: None,
        weighting: Weighting::Equal,
        quantity,
        lifetimes_ns: None,
        rows: (1..=values.len()).collect(),
        unquenched: None,
    }
}

#[test]
fn lifetimes_are_fitted_with_tau0_free_as_scipy_does() {
    let fit = fit_model(ModelKind::SternVolmer, &measurements(&TAU_NS, Quantity::Lifetime), &Context::default()).unwrap();
    check(&fit, &LIFETIME_VALUES, &LIFETIME_ERRORS, Some(("K_D", LIFETIME_PROFILE)));
    assert_eq!(fit.report.parameters[1].name, "K_D", "lifetimes see only dynamic quenching");
}

#[test]
fn static_and_dynamic_with_lifetimes_is_the_joint_fit_scipy_makes() {
    let mut m = measurements(&JOINT_I, Quantity::Intensity);
    m.lifetimes_ns = Some(JOINT_TAU.to_vec());
    let fit = fit_model(ModelKind::StaticDynamic, &m, &Context::default()).unwrap();
    check(&fit, &JOINT_VALUES, &JOINT_ERRORS, Some(("K_S", JOINT_PROFILE)));
    // The same through the page's table, with the lifetimes in their column.
    let rows = Q_UM.iter().zip(JOINT_I).zip(JOINT_TAU).map(|((q, i), t)| Row { lifetime_ns: t.to_string(), ..Row::new(&q.to_string(), &i.to_string()) });
    let state = QuenchState { rows: rows.collect(), models: vec![ModelKind::StaticDynamic], ..QuenchState::default() };
    let QuenchOutcome::Fitted { analysis, .. } = state.evaluate() else { panic!() };
    let page = analysis.fits[0].1.as_ref().unwrap();
    check(page, &JOINT_VALUES, &JOINT_ERRORS, None);
    let k_d = page.report.get("K_D").unwrap();
    assert!(!k_d.fixed && k_d.is_free(), "K_D is estimated, never shown as fixed");
    // A good fit (χ²ᵣ ≈ 0.93): no reading is far off, though the intensities' residuals are
    // fifty times the lifetimes' (they are counts, the lifetimes ns).
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

#[test]
fn a_typed_power_model_converges_through_x_zero_as_scipy_does() {
    // (K x)ⁿ with n < 1 has an infinite derivative in x at x = 0, but not in K or n: the fit
    // starts at n = 0.5 and must converge.
    let state = QuenchState {
        typed_model: "1 + (K*x)^n".into(),
        typed_starts: "K=1e5, n=0.5".into(),
        ..QuenchState::example()
    };
    let QuenchOutcome::Fitted { analysis, .. } = state.evaluate() else { panic!("the example fits") };
    let typed = analysis.typed.as_ref().unwrap().as_ref().unwrap();
    assert!(typed.report.converged, "{}", typed.report.message);
    // SciPy stops about 1e-9 short of the minimum here (see make_refs.py): 1e-7 on the values.
    for ((e, &v), &se) in typed.report.parameters.iter().zip(&POWER_VALUES).zip(&POWER_ERRORS) {
        close(&format!("typed {}", e.name), e.value, v, 1e-7);
        close(&format!("typed σ({})", e.name), e.std_error, se, 1e-6);
    }
    let p = typed.profiles.iter().find(|p| p.name == "K").unwrap();
    close("typed profile low", p.lower.unwrap(), POWER_PROFILE.0, 1e-6);
    close("typed profile high", p.upper.unwrap(), POWER_PROFILE.1, 1e-6);
}
