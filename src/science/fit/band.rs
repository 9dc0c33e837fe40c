//! The confidence band of a fitted curve (what GraphPad Prism calls the confidence band): where
//! the true curve lies with 95 % confidence at each x, by the delta method, Var f(x) ≈ gᵀCg
//! with g = ∂f/∂p at the fitted parameters and C their covariance (D. M. Bates & D. G. Watts,
//! Nonlinear Regression Analysis and Its Applications, Wiley 1988, ch. 2; for a straight line
//! it is the textbook band s·t·√(1/n + (x − x̄)²/Sxx)).

use super::{FitReport, Model};

/// The fitted curve and its 95 % confidence half-width at each x: `Some((f(x), h))` with
/// h = t(0.975, dof)·√(gᵀCg), g = ∂f/∂p at the fitted parameters and C the report's
/// covariance; fixed parameters and those held at a bound contribute nothing. The band is
/// f(x) ± h. It describes the uncertainty of the curve, not of new measurements (a prediction
/// band would add the scatter of the points).
///
/// An entry is `None` where the model or its derivatives are not finite at that x, and every
/// entry is `None` when `report` is not a fit of `model` (different parameter counts).
pub fn confidence_band(model: &dyn Model, report: &FitReport, x: &[f64]) -> Vec<Option<(f64, f64)>> {
    let p = report.values();
    let k = p.len();
    if model.parameter_names().len() != k {
        return vec![None; x.len()];
    }
    // The parameters with a variance, and their covariance.
    let free: Vec<usize> = (0..k).filter(|&j| report.parameters[j].is_free()).collect();
    let cov = |a: usize, b: usize| report.covariance.get(a).and_then(|row| row.get(b)).copied().unwrap_or(0.0);
    let mut g = vec![0.0; k];
    x.iter()
        .map(|&at| {
            let f = model.value_and_gradient(at, &p, &mut g);
            let variance: f64 = free.iter().map(|&a| g[a] * free.iter().map(|&b| cov(a, b) * g[b]).sum::<f64>()).sum();
            let half = report.t_95 * variance.max(0.0).sqrt();
            (f.is_finite() && half.is_finite()).then_some((f, half))
        })
        .collect()
}
