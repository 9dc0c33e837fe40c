//! Choosing between models fitted to the same data: the extra-sum-of-squares F test for nested
//! models (G. A. F. Seber & C. J. Wild, Nonlinear Regression, Wiley 1989, ch. 5; H. Motulsky
//! & A. Christopoulos, Fitting Models to Biological Data Using Linear and Nonlinear
//! Regression, Oxford University Press 2004, the chapters on comparing models) and Akaike
//! weights (K. P. Burnham & D. R. Anderson, Model Selection and Multimodel Inference, 2nd ed.,
//! Springer 2002, ch. 2; E.-J. Wagenmakers & S. Farrell, Psychon. Bull. Rev. 11 (2004) 192).

use super::stats::f_survival;
use super::FitReport;

/// The extra-sum-of-squares F test of a simple model against a more complex one that contains
/// it (the simple one is the complex one with some parameters held at fixed values).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NestedTest {
    /// F = ((RSS_s − RSS_c)/(p_c − p_s)) / (RSS_c/(n − p_c)).
    pub f: f64,
    /// Numerator degrees of freedom p_c − p_s: the parameters the complex model adds.
    pub df_extra: usize,
    /// Denominator degrees of freedom n − p_c.
    pub df_residual: usize,
    /// P(F ≥ f) if the simple model is true: a small value (conventionally below 0.05) says
    /// the complex model's better fit is more than its extra parameters would give by chance.
    pub p_value: f64,
}

/// Compares two fits of the same data, `simple` nested in `complex`, by the extra-sum-of-squares
/// F test. The test is exact for linear models with normally distributed errors, and
/// approximate for nonlinear ones.
///
/// `None` when the reports cannot be compared this way: different numbers of points, the
/// complex model not having more free parameters, no residual degrees of freedom, an exact
/// complex fit (RSS_c = 0), or a complex fit worse than the simple one (RSS_c > RSS_s, which
/// means the complex fit stopped in a poorer minimum or the models are not nested: refit it
/// from the simple model's values).
pub fn f_test(simple: &FitReport, complex: &FitReport) -> Option<NestedTest> {
    let n = complex.points;
    let (p_s, p_c) = (simple.free_parameters, complex.free_parameters);
    if simple.points != n || p_c <= p_s || n <= p_c || complex.rss <= 0.0 || simple.rss < complex.rss {
        return None;
    }
    let (df_extra, df_residual) = (p_c - p_s, n - p_c);
    let f = ((simple.rss - complex.rss) / df_extra as f64) / (complex.rss / df_residual as f64);
    let p_value = f_survival(f, df_extra as f64, df_residual as f64)?;
    f.is_finite().then_some(NestedTest { f, df_extra, df_residual, p_value })
}

/// Akaike weights of models fitted to the same data, from their AICc values (Burnham &
/// Anderson 2002, ch. 2): Δᵢ = AICcᵢ − min AICc and wᵢ = exp(−Δᵢ/2) / Σⱼ exp(−Δⱼ/2),
/// the weight of evidence that model i is the best of the set. The weights add up to 1;
/// an entry without an AICc (`None`, or not finite) gets `None` and takes no part.
pub fn akaike_weights(aicc: &[Option<f64>]) -> Vec<Option<f64>> {
    let valid = |a: &Option<f64>| a.filter(|v| v.is_finite());
    let best = aicc.iter().filter_map(valid).fold(f64::INFINITY, f64::min);
    // Relative likelihoods exp(−Δ/2): 1 for the best model, so the sum is at least 1.
    let likelihood: Vec<Option<f64>> = aicc.iter().map(|a| valid(a).map(|v| (-0.5 * (v - best)).exp())).collect();
    let total: f64 = likelihood.iter().flatten().sum();
    likelihood.into_iter().map(|l| l.map(|l| l / total)).collect()
}
