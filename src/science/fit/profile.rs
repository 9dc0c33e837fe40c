//! Profile-likelihood confidence intervals: the 95 % interval of one parameter θ as the set of
//! values where, with the other free parameters refitted, the sum of squares stays below
//! RSS_min·(1 + t(0.975, n − p)²/(n − p)) — the profile t of D. M. Bates & D. G. Watts,
//! Nonlinear Regression Analysis and Its Applications, Wiley 1988, ch. 6 (the same criterion as
//! lmfit's `conf_interval`, an F test with one degree of freedom). Unlike value ± t·SE it
//! follows the model's curvature, so it is asymmetric where the model is far from linear in θ.
//!
//! Each end is bracketed by stepping outward from the estimate, first to where the end would be
//! were the model linear in θ (t·SE), then doubling the step, and then found by Brent's method
//! (`science::numeric::find_root_between`), which starts from the sums of squares already
//! computed at the bracket's ends. Near-linear models (most fits) have their end close to the
//! first step, found in about five refits.

use super::error::list;
use super::model::validate;
use super::{fit, Data, FitError, FitReport, FitSettings, Model};
use crate::science::numeric::find_root_between;

/// How far from the estimate the outward steps reach, in standard errors: the last step goes
/// exactly this far.
const REACH_SE: f64 = 2048.0;

/// A profile-likelihood 95 % confidence interval of one parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileInterval {
    /// The parameter's name.
    pub name: String,
    /// Its fitted value.
    pub value: f64,
    /// The sum of squares at the ends: RSS_min·(1 + t(0.975, n − p)²/(n − p)).
    pub rss_limit: f64,
    /// The lower end; `None` when the interval is open below (`lower_open` says why).
    pub lower: Option<f64>,
    /// The upper end; `None` when the interval is open above (`upper_open` says why).
    pub upper: Option<f64>,
    /// Why there is no lower end: a sentence.
    pub lower_open: Option<String>,
    /// Why there is no upper end: a sentence.
    pub upper_open: Option<String>,
}

/// The 95 % profile-likelihood interval of the parameter `name`, from `report`, a converged
/// fit of `model` to `data` with `settings` (fixed parameters and bounds are honoured in the
/// refits).
///
/// An end is open (`None`, with the reason) when the sum of squares stays below the limit up
/// to the parameter's bound or 2048 standard errors from the estimate, or when the other
/// parameters cannot be refitted beyond some value. Errors: an unknown name, a parameter that
/// is fixed or held at a bound, or a report that did not converge.
pub fn profile_interval(
    model: &dyn Model,
    data: &Data,
    settings: &FitSettings,
    report: &FitReport,
    name: &str,
) -> Result<ProfileInterval, FitError> {
    let names: Vec<String> = report.parameters.iter().map(|e| e.name.clone()).collect();
    let j = names.iter().position(|n| n == name).ok_or_else(|| FitError::UnknownParameter {
        name: name.to_string(),
        known: list(&names),
    })?;
    let estimate = &report.parameters[j];
    if !estimate.is_free() {
        let why = if estimate.fixed { "fixed" } else { "held at a bound" };
        return Err(FitError::NotFree { name: name.to_string(), why });
    }
    if !report.converged {
        return Err(FitError::DidNotConverge {
            iterations: report.iterations,
            reason: "the fit to be profiled is not a minimum.".into(),
        });
    }
    let dof = report.dof as f64;
    let rss_limit = report.rss * (1.0 + report.t_95 * report.t_95 / dof);
    let mut interval = ProfileInterval {
        name: name.to_string(),
        value: estimate.value,
        rss_limit,
        lower: Some(estimate.value),
        upper: Some(estimate.value),
        lower_open: None,
        upper_open: None,
    };
    if !(report.rss > 0.0 && estimate.std_error > 0.0) {
        // An exact fit: any other value of θ gives a positive sum of squares.
        return Ok(interval);
    }
    let mut held = settings.clone();
    held.fixed.resize(names.len(), false);
    held.fixed[j] = true;
    let others_free = report.free_parameters > 1;
    let sqrt_w = validate(data, 1)?;
    // RSS(θ) − limit, refitting from (and updating) `start`.
    let excess = |theta: f64, start: &mut Vec<f64>| -> Result<f64, FitError> {
        start[j] = theta;
        if others_free {
            let refit = fit(model, data, &FitSettings { start: start.clone(), ..held.clone() })?;
            if !refit.converged {
                return Err(FitError::DidNotConverge { iterations: refit.iterations, reason: refit.message });
            }
            *start = refit.values();
            return Ok(refit.rss - rss_limit);
        }
        let mut f = vec![0.0; data.x.len()];
        model.values(data.x, start, &mut f);
        let rss: f64 = (0..f.len()).map(|i| (sqrt_w.get(i).unwrap_or(&1.0) * (f[i] - data.y[i])).powi(2)).sum();
        if !rss.is_finite() {
            return Err(FitError::OutOfRange { what: "the sum of squares overflows".into() });
        }
        Ok(rss - rss_limit)
    };
    let (lower_bound, upper_bound) = settings.bound(j);
    // The steps out, in standard errors: t, 2t, 4t, … and last REACH_SE.
    let first = if report.t_95.is_finite() && report.t_95 > 0.0 { report.t_95.min(REACH_SE) } else { 1.0 };
    let steps: Vec<f64> = std::iter::successors(Some(first), |&m| (m < REACH_SE).then(|| (2.0 * m).min(REACH_SE))).collect();
    for (sign, bound) in [(-1.0, lower_bound), (1.0, upper_bound)] {
        let side = if sign < 0.0 { "below" } else { "above" };
        // The last θ known to lie inside, its RSS − limit, and the parameters refitted there.
        let mut inner = (estimate.value, report.rss - rss_limit, report.values());
        let mut end: Result<f64, String> = Err(format!(
            "The sum of squares stays below the 95 % limit for {name} as far as {REACH_SE} standard errors {side} the estimate: the data do not bound {name} from {side}. Add data where it matters, or fix it at a known value."
        ));
        for &m in &steps {
            let mut theta = estimate.value + sign * estimate.std_error * m;
            if !theta.is_finite() {
                break;
            }
            let at_bound = sign * (theta - bound) >= 0.0;
            if at_bound {
                theta = bound;
            }
            let mut start = inner.2.clone();
            match excess(theta, &mut start) {
                Err(e) => {
                    end = Err(format!("With {name} held at {theta} the other parameters could not be refitted, so the search stopped there: {e}"));
                    break;
                }
                Ok(g) if g >= 0.0 => {
                    end = bracketed(&excess, inner, (theta, g), estimate.std_error, name);
                    break;
                }
                Ok(_) if at_bound => {
                    end = Err(format!("The parameter {name} can reach its bound {bound} without the sum of squares exceeding the 95 % limit: the data do not bound it from {side} within its allowed range."));
                    break;
                }
                Ok(g) => inner = (theta, g, start),
            }
        }
        let (value, open) = match end {
            Ok(v) => (Some(v), None),
            Err(why) => (None, Some(why)),
        };
        if sign < 0.0 {
            (interval.lower, interval.lower_open) = (value, open);
        } else {
            (interval.upper, interval.upper_open) = (value, open);
        }
    }
    Ok(interval)
}

/// RSS(θ) − limit, refitting the other parameters from (and updating) the given start values.
type Excess<'a> = dyn Fn(f64, &mut Vec<f64>) -> Result<f64, FitError> + 'a;

/// The end of the interval between `inner` (θ with RSS below the limit, its RSS − limit, and the
/// parameters refitted there) and `outer` (θ with RSS at or above it, and its RSS − limit), by
/// Brent's method to 10⁻⁹ standard errors.
fn bracketed(
    excess: &Excess,
    inner: (f64, f64, Vec<f64>),
    outer: (f64, f64),
    std_error: f64,
    name: &str,
) -> Result<f64, String> {
    let (theta_in, excess_in, mut start) = inner;
    let mut failure = None;
    let root = find_root_between(
        |theta| match excess(theta, &mut start) {
            Ok(g) => g,
            Err(e) => {
                failure = Some(format!("With {name} held at {theta} the other parameters could not be refitted: {e}"));
                f64::NAN
            }
        },
        (theta_in, excess_in),
        outer,
        1e-9 * std_error,
        100,
    );
    match (root, failure) {
        (Ok(theta), _) => Ok(theta),
        (Err(_), Some(why)) => Err(why),
        (Err(e), None) => Err(e.to_string()),
    }
}
