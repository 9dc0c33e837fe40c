//! Checking a model's hand-written gradient against central finite differences, with the
//! step ε^⅓·|p| that balances truncation against rounding error (W. H. Press et al.,
//! Numerical Recipes, 3rd ed., §5.7).

use thiserror::Error;

use super::Model;

/// A disagreement found by [`check_gradient`].
#[derive(Debug, Clone, PartialEq, Error)]
#[error("∂f/∂{parameter} at x = {x}: the model says {analytic:e}, central differences give {numerical:e}.")]
pub struct GradientMismatch {
    pub parameter: String,
    pub x: f64,
    pub analytic: f64,
    pub numerical: f64,
}

/// Compares a model's analytic gradient with central finite differences at every x in `xs`.
///
/// The step for pⱼ is ε^⅓·|pⱼ| (ε^⅓ if pⱼ = 0; ε the machine epsilon), which balances
/// truncation and rounding error; an entry passes if |analytic − numerical| ≤
/// tolerance·max(|analytic|, |numerical|, |f|/|pⱼ|) (the last term allows for derivatives that
/// vanish). A tolerance of 10⁻⁷ suits smooth models.
pub fn check_gradient(
    model: &dyn Model,
    xs: &[f64],
    p: &[f64],
    tolerance: f64,
) -> Result<(), GradientMismatch> {
    let names = model.parameter_names();
    let mut grad = vec![0.0; p.len()];
    let mut shifted = p.to_vec();
    for &x in xs {
        let f = model.value_and_gradient(x, p, &mut grad);
        for j in 0..p.len() {
            let typical = if p[j] != 0.0 && p[j].is_finite() {
                p[j].abs()
            } else {
                1.0
            };
            let h = f64::EPSILON.cbrt() * typical;
            shifted[j] = p[j] + h;
            let up = model.value(x, &shifted);
            shifted[j] = p[j] - h;
            let down = model.value(x, &shifted);
            shifted[j] = p[j];
            // The step actually taken, after rounding of p ± h.
            let numerical = (up - down) / ((p[j] + h) - (p[j] - h));
            let analytic = grad[j];
            let scale = analytic.abs().max(numerical.abs()).max(f.abs() / typical);
            let ok = (analytic - numerical).abs() <= tolerance * scale;
            if !ok || !analytic.is_finite() {
                return Err(GradientMismatch {
                    parameter: names.get(j).cloned().unwrap_or_else(|| format!("p{j}")),
                    x,
                    analytic,
                    numerical,
                });
            }
        }
    }
    Ok(())
}
