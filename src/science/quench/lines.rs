//! The linearised lines that papers publish: the Stern–Volmer plot I₀/I against [Q], and the
//! double-reciprocal (modified Stern–Volmer, Lehrer) plot I₀/ΔI against 1/[Q]. Both are drawn
//! with the I₀ of a fit, not the single reading at [Q] = 0.
//!
//! Reciprocals distort the errors: a point measured with the same uncertainty as the others
//! carries a larger one on these scales (1/[Q] stretches the low-[Q] points most, and
//! 1/ΔI blows up where little is quenched), while the straight-line fit treats them all alike.
//! Their slopes and intercepts are therefore biased, and their ± are not valid tests: they
//! are shown to compare with the literature, beside the nonlinear fits that are valid.

use serde::Serialize;

use super::analysis::Derived;
use crate::science::fit::{self, Data, Design, FitError, FitReport};

/// A straight line through transformed data, with the constants derived from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The points on the line's scale (x, y).
    pub points: Vec<(f64, f64)>,
    pub fit: FitReport,
    /// What the intercept and slope mean: (a, K_SV) for Stern–Volmer, (f_a, K) for the
    /// double-reciprocal line.
    pub derived: Vec<Derived>,
}

/// Which line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LineKind {
    /// I₀/I = a + K_SV[Q].
    SternVolmer,
    /// I₀/ΔI = 1/(f_a K) · 1/[Q] + 1/f_a.
    DoubleReciprocal,
}

/// The Stern–Volmer line: I₀/I against [Q] with the intercept free. `inverse` are the I₀/I
/// values (already divided by the I₀ chosen).
pub fn stern_volmer(quencher_molar: &[f64], inverse: &[f64]) -> Result<Line, FitError> {
    let points: Vec<(f64, f64)> = quencher_molar.iter().copied().zip(inverse.iter().copied()).filter(|(_, y)| y.is_finite()).collect();
    let (x, y): (Vec<f64>, Vec<f64>) = points.iter().copied().unzip();
    let fit = fit::fit_linear(&Design::straight_line(), &Data::new(&x, &y))?;
    let intercept = &fit.parameters[0];
    let slope = &fit.parameters[1];
    let derived = vec![
        Derived::with_interval("a", intercept.value, intercept.std_error, "", fit.t_95),
        Derived::with_interval("K_SV", slope.value, slope.std_error, "M⁻¹", fit.t_95),
    ];
    Ok(Line { points, fit, derived })
}

/// The double-reciprocal line from the points with [Q] > 0 and ΔI > 0; `ratio` are I/I₀.
/// f_a = 1/intercept and K = intercept/slope, with errors by first-order propagation through
/// the line's covariance.
pub fn double_reciprocal(quencher_molar: &[f64], ratio: &[f64]) -> Result<Line, FitError> {
    let points: Vec<(f64, f64)> = quencher_molar
        .iter()
        .zip(ratio)
        .filter(|(q, r)| **q > 0.0 && **r < 1.0 && r.is_finite())
        .map(|(q, r)| (1.0 / q, 1.0 / (1.0 - r)))
        .collect();
    let (x, y): (Vec<f64>, Vec<f64>) = points.iter().copied().unzip();
    let fit = fit::fit_linear(&Design::straight_line(), &Data::new(&x, &y))?;
    let (b0, b1) = (fit.parameters[0].value, fit.parameters[1].value);
    let (v0, v1, c01) = (fit.covariance[0][0], fit.covariance[1][1], fit.covariance[0][1]);
    let k = b0 / b1;
    let relative_var = v0 / (b0 * b0) + v1 / (b1 * b1) - 2.0 * c01 / (b0 * b1);
    let fraction = Derived::with_interval("f_a", 1.0 / b0, v0.max(0.0).sqrt() / (b0 * b0), "", fit.t_95);
    let constant = Derived::with_interval("K", k, k.abs() * relative_var.max(0.0).sqrt(), "M⁻¹", fit.t_95);
    if ![fraction.value, constant.value, fraction.std_error, constant.std_error].iter().all(|v| v.is_finite()) {
        return Err(FitError::OutOfRange { what: "the double-reciprocal line's intercept or slope is zero".into() });
    }
    Ok(Line { points, fit, derived: vec![fraction, constant] })
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: [f64; 8] = [0.0, 1e-6, 2e-6, 4e-6, 6e-6, 8e-6, 10e-6, 15e-6];

    #[test]
    fn exact_langmuir_data_give_back_their_constants_on_the_double_reciprocal_line() {
        let ratio: Vec<f64> = Q.iter().map(|&q| 1.0 - 0.7 * 2.5e5 * q / (1.0 + 2.5e5 * q)).collect();
        let line = double_reciprocal(&Q, &ratio).unwrap();
        assert_eq!(line.points.len(), 7, "the [Q] = 0 point has no reciprocal");
        assert!((line.derived[0].value - 0.7).abs() < 1e-9, "{:?}", line.derived[0]);
        assert!((line.derived[1].value - 2.5e5).abs() < 1e-9 * 2.5e5, "{:?}", line.derived[1]);
    }

    #[test]
    fn the_stern_volmer_line_of_exact_data_has_intercept_one() {
        let inverse: Vec<f64> = Q.iter().map(|&q| 1.0 + 1.0e5 * q).collect();
        let line = stern_volmer(&Q, &inverse).unwrap();
        assert!((line.derived[0].value - 1.0).abs() < 1e-12);
        assert!((line.derived[1].value - 1.0e5).abs() < 1e-6);
    }
}
