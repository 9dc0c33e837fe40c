//! The nonlinear fit: [`fit`] checks the data and settings, minimizes the weighted sum of
//! squares over the free parameters by Levenberg–Marquardt (`lm`, after MINPACK's `lmder`;
//! J. J. Moré, Lecture Notes in Mathematics 630, 1978, 105–116), and turns the solution into
//! a [`FitReport`], translating every failure into a [`FitError`] that says what to change.
//!
//! Bounds on parameters ([`FitSettings::with_bounds`]) are honoured by an active set: the fit
//! is done unconstrained; while the solution puts free parameters outside their ranges, the
//! one furthest outside (in standard errors) is held at its bound and the others refitted
//! (the active-set strategy of C. L. Lawson & R. J. Hanson, Solving Least Squares Problems,
//! Prentice-Hall 1974, ch. 23, without its release step: a parameter once held stays held, so
//! there are at most as many refits as parameters). A parameter held at a bound is reported
//! with [`Estimate::at_bound`](super::Estimate::at_bound) and counted as not free.

use super::error::{assignment, list};
use super::lm;
use super::model::validate;
use super::report::{report, StatsInput};
use super::{Bound, Data, FitError, FitReport, Model, Termination};

/// How to run a nonlinear fit.
#[derive(Debug, Clone, PartialEq)]
pub struct FitSettings {
    /// Start values, one per model parameter (the value of a fixed parameter).
    pub start: Vec<f64>,
    /// `fixed[j]` holds parameter j at its start value. Empty means none fixed.
    pub fixed: Vec<bool>,
    /// Most Jacobian evaluations (iterations) before giving up.
    pub max_iterations: usize,
    /// MINPACK `ftol`: stop when a step reduces the sum of squares by less than this fraction.
    pub reduction_tolerance: f64,
    /// MINPACK `xtol`: stop when the scaled step is below this fraction of the scaled parameters.
    pub step_tolerance: f64,
    /// MINPACK `gtol`: stop when the cosine between the residuals and every Jacobian column is below this.
    pub gradient_tolerance: f64,
    /// With σ given: `true` takes them as true standard deviations (covariance (JᵀWJ)⁻¹);
    /// `false` (the default) as relative, scaling the covariance by the reduced χ².
    pub sigma_is_absolute: bool,
    /// `bounds[j]` = (lower, upper), the range allowed to parameter j (infinite ends for none;
    /// parameters past the end of the list are unbounded, so empty means none bounded). The
    /// bounds of a fixed parameter are not used.
    pub bounds: Vec<(f64, f64)>,
}

impl FitSettings {
    /// Default settings from start values, all parameters free. The tolerances are tight
    /// (10⁻¹⁴ relative reduction, 10⁻¹² relative step) because a fit of a few hundred points
    /// costs microseconds and the NIST certified values need 8+ correct digits.
    pub fn new(start: Vec<f64>) -> Self {
        FitSettings {
            start,
            fixed: Vec::new(),
            max_iterations: 1000,
            reduction_tolerance: 1e-14,
            step_tolerance: 1e-12,
            gradient_tolerance: 1e-14,
            sigma_is_absolute: false,
            bounds: Vec::new(),
        }
    }

    /// Default settings for a model: every start value 1, all free.
    pub fn for_model(model: &dyn Model) -> Self {
        FitSettings::new(vec![1.0; model.parameter_names().len()])
    }

    /// Sets the start value of the parameter called `name`.
    pub fn with_start(
        mut self,
        model: &dyn Model,
        name: &str,
        value: f64,
    ) -> Result<Self, FitError> {
        let j = parameter_index(model, name)?;
        self.resize(model);
        self.start[j] = value;
        Ok(self)
    }

    /// Holds the parameter called `name` at `value`.
    pub fn with_fixed(
        mut self,
        model: &dyn Model,
        name: &str,
        value: f64,
    ) -> Result<Self, FitError> {
        let j = parameter_index(model, name)?;
        self.resize(model);
        self.start[j] = value;
        self.fixed[j] = true;
        Ok(self)
    }

    /// Keeps the parameter called `name` within `lower` ≤ value ≤ `upper` (either may be
    /// infinite), e.g. 0 to 1 for a fraction, or 0 to ∞ for a binding constant.
    pub fn with_bounds(
        mut self,
        model: &dyn Model,
        name: &str,
        lower: f64,
        upper: f64,
    ) -> Result<Self, FitError> {
        let j = parameter_index(model, name)?;
        if not_a_range(lower, upper) {
            return Err(FitError::BadBounds { name: name.to_string(), lower, upper });
        }
        self.resize(model);
        let k = self.start.len();
        self.bounds.resize(k, (f64::NEG_INFINITY, f64::INFINITY));
        self.bounds[j] = (lower, upper);
        Ok(self)
    }

    fn resize(&mut self, model: &dyn Model) {
        let k = model.parameter_names().len();
        self.start.resize(k, 1.0);
        self.fixed.resize(k, false);
    }

    pub(super) fn is_fixed(&self, j: usize) -> bool {
        self.fixed.get(j).copied().unwrap_or(false)
    }

    /// The range allowed to parameter j.
    pub(super) fn bound(&self, j: usize) -> (f64, f64) {
        self.bounds.get(j).copied().unwrap_or((f64::NEG_INFINITY, f64::INFINITY))
    }
}

/// Whether `lower`..`upper` is empty or has a NaN end.
fn not_a_range(lower: f64, upper: f64) -> bool {
    lower.is_nan() || upper.is_nan() || lower > upper
}

fn parameter_index(model: &dyn Model, name: &str) -> Result<usize, FitError> {
    let names = model.parameter_names();
    names
        .iter()
        .position(|n| n == name)
        .ok_or_else(|| FitError::UnknownParameter {
            name: name.to_string(),
            known: list(&names),
        })
}

/// The nonlinear problem in the free parameters: weighted residuals wᵢ·(f(xᵢ) − yᵢ).
struct Problem<'a> {
    model: &'a dyn Model,
    data: &'a Data<'a>,
    sqrt_w: &'a [f64],
    free: &'a [usize],
    full: Vec<f64>,
    values: Vec<f64>,
    full_jacobian: Vec<f64>,
}

impl Problem<'_> {
    fn set(&mut self, x: &[f64]) {
        for (&j, &v) in self.free.iter().zip(x) {
            self.full[j] = v;
        }
    }
}

impl lm::LeastSquares for Problem<'_> {
    fn len(&self) -> usize {
        self.data.x.len()
    }

    fn residuals(&mut self, x: &[f64], f: &mut [f64]) -> Result<(), usize> {
        self.set(x);
        self.model.values(self.data.x, &self.full, f);
        // Two plain loops (weighted or not) that the compiler can vectorize, then one check.
        if self.sqrt_w.is_empty() {
            f.iter_mut().zip(self.data.y).for_each(|(fi, y)| *fi -= y);
        } else {
            f.iter_mut().zip(self.data.y).zip(self.sqrt_w).for_each(|((fi, y), w)| *fi = w * (*fi - y));
        }
        if all_finite(f) {
            return Ok(());
        }
        f.iter().position(|v| !v.is_finite()).map_or(Ok(()), Err)
    }

    fn jacobian(&mut self, x: &[f64], jac: &mut [f64]) -> Result<(), usize> {
        self.set(x);
        let n = self.data.x.len();
        if self.free.len() == self.full.len() {
            // Every parameter is free: the model writes the Jacobian in place, saving a copy
            // of n·k values per iteration.
            self.model.values_and_jacobian(self.data.x, &self.full, &mut self.values, jac);
            if !self.sqrt_w.is_empty() {
                for column in jac.chunks_exact_mut(n) {
                    column.iter_mut().zip(self.sqrt_w).for_each(|(d, w)| *d *= w);
                }
            }
        } else {
            self.model.values_and_jacobian(
                self.data.x,
                &self.full,
                &mut self.values,
                &mut self.full_jacobian,
            );
            for (c, &j) in self.free.iter().enumerate() {
                let src = &self.full_jacobian[j * n..(j + 1) * n];
                let dst = &mut jac[c * n..(c + 1) * n];
                if self.sqrt_w.is_empty() {
                    dst.copy_from_slice(src);
                } else {
                    dst.iter_mut().zip(src).zip(self.sqrt_w).for_each(|((d, s), w)| *d = w * s);
                }
            }
        }
        if all_finite(jac) {
            return Ok(());
        }
        // The first row (point) with a derivative that is not finite.
        let columns = self.free.len();
        (0..n)
            .find(|&i| (0..columns).any(|c| !jac[c * n + i].is_finite()))
            .map_or(Ok(()), Err)
    }
}

/// Whether every value is finite: one pass that the compiler can vectorize (an OR of the
/// exponent bits' test, without an early exit), so that the common case costs little.
fn all_finite(values: &[f64]) -> bool {
    const EXPONENT: u64 = 0x7ff0_0000_0000_0000;
    !values.iter().fold(false, |any, v| any | (v.to_bits() & EXPONENT == EXPONENT))
}

/// Fits `model` to `data` by Levenberg–Marquardt from `settings.start`, honouring the
/// parameters' bounds (see the module documentation; start values outside them are moved to
/// the nearest bound).
///
/// Returns a report also when the iteration limit ran out (then `converged` is false and the
/// message says so); returns an error when the data or settings are unusable, the model is
/// not finite at the start, or the parameters are not determined at the end.
pub fn fit(model: &dyn Model, data: &Data, settings: &FitSettings) -> Result<FitReport, FitError> {
    let names = model.parameter_names();
    let k = names.len();
    if settings.start.len() != k {
        return Err(FitError::StartCount {
            expected: k,
            given: settings.start.len(),
            names: list(&names),
        });
    }
    if let Some(j) = settings.start.iter().position(|v| !v.is_finite()) {
        return Err(FitError::BadStart {
            name: names[j].clone(),
            value: settings.start[j],
        });
    }
    if let Some(j) = (0..k).find(|&j| !settings.is_fixed(j) && not_a_range(settings.bound(j).0, settings.bound(j).1)) {
        let (lower, upper) = settings.bound(j);
        return Err(FitError::BadBounds { name: names[j].clone(), lower, upper });
    }
    let user_free = (0..k).filter(|&j| !settings.is_fixed(j)).count();
    let sqrt_w = validate(data, user_free + 1)?;
    if k == 0 {
        return Err(FitError::NoFreeParameters {
            reason: "the model has no parameters. Every name other than x (and the constants pi and e) is a parameter, e.g. a*x + b.".into(),
        });
    }
    if user_free == 0 {
        return Err(FitError::NoFreeParameters {
            reason: "every parameter is fixed. Free at least one.".into(),
        });
    }
    if data.x.len() <= user_free {
        return Err(FitError::TooFewPoints {
            points: data.x.len(),
            free: user_free,
        });
    }
    let clamp = |j: usize, v: f64| {
        let (lower, upper) = settings.bound(j);
        if settings.is_fixed(j) { v } else { v.max(lower).min(upper) }
    };
    let mut start: Vec<f64> = (0..k).map(|j| clamp(j, settings.start[j])).collect();
    let mut held: Vec<Option<Bound>> = vec![None; k];
    // Iterations and termination of the rounds so far.
    let mut prior = (0, Termination::ReductionAndStep);
    loop {
        let free: Vec<usize> = (0..k).filter(|&j| !settings.is_fixed(j) && held[j].is_none()).collect();
        let mut report = solve(model, data, settings, &names, &sqrt_w, &free, &start, prior)?;
        // The parameter furthest outside its range, in standard errors.
        let mut worst: Option<(f64, usize, Bound)> = None;
        for &j in &free {
            let (lower, upper) = settings.bound(j);
            let e = &report.parameters[j];
            let (excess, side) = match e.value {
                v if v < lower => (lower - v, Bound::Lower),
                v if v > upper => (v - upper, Bound::Upper),
                _ => continue,
            };
            let score = excess / e.std_error.max(f64::MIN_POSITIVE);
            if worst.is_none_or(|(s, _, _)| score > s) {
                worst = Some((score, j, side));
            }
        }
        let Some((_, j, side)) = worst else {
            for (e, h) in report.parameters.iter_mut().zip(&held) {
                e.at_bound = *h;
                if let Some(side) = h {
                    e.fixed = false;
                    let which = if *side == Bound::Lower { "lower" } else { "upper" };
                    report.message += &format!(" {} is held at its {which} bound {}.", e.name, e.value);
                }
            }
            return Ok(report);
        };
        held[j] = Some(side);
        prior = (report.iterations, report.termination);
        start = (0..k).map(|i| clamp(i, report.parameters[i].value)).collect();
        let (lower, upper) = settings.bound(j);
        start[j] = if side == Bound::Lower { lower } else { upper };
    }
}

/// One unconstrained fit over the parameters `free` (the others held at their `start`
/// values). `prior` holds the iterations of earlier rounds, added to this one's, and how the
/// last ended, which stands for this round when every parameter is held (nothing to iterate).
#[allow(clippy::too_many_arguments)]
fn solve(
    model: &dyn Model,
    data: &Data,
    settings: &FitSettings,
    names: &[String],
    sqrt_w: &[f64],
    free: &[usize],
    start: &[f64],
    prior: (usize, Termination),
) -> Result<FitReport, FitError> {
    let (n, k) = (data.x.len(), names.len());
    let mut problem = Problem {
        model,
        data,
        sqrt_w,
        free,
        full: start.to_vec(),
        values: vec![0.0; n],
        // Needed only to pick the free parameters' columns out of the model's Jacobian.
        full_jacobian: if free.len() == k { Vec::new() } else { vec![0.0; n * k] },
    };
    let x0: Vec<f64> = free.iter().map(|&j| start[j]).collect();
    let options = lm::LmOptions {
        ftol: settings.reduction_tolerance,
        xtol: settings.step_tolerance,
        gtol: settings.gradient_tolerance,
        max_iterations: settings.max_iterations.max(1),
    };
    let outcome = if free.is_empty() {
        Ok(lm::LmOutcome { x: x0, iterations: 0, termination: prior.1 })
    } else {
        lm::minimize(&mut problem, &x0, &options)
    };
    let outcome = outcome.map_err(|failure| {
        let (point, quantity, at) = match failure {
            lm::LmFailure::ValueAtStart(i) => (
                i,
                "value",
                format!("the start values {}", assignment(names, start)),
            ),
            lm::LmFailure::Derivative { point, x } => {
                problem.set(&x);
                (point, "derivative", assignment(names, &problem.full))
            }
        };
        FitError::NonFiniteModel {
            x: data.x[point],
            quantity,
            at,
        }
    })?;
    problem.set(&outcome.x);
    let full = problem.full.clone();
    let iterations = prior.0 + outcome.iterations;

    // The Jacobian and residuals at the solution.
    let mut jacobian = vec![0.0; n * free.len()];
    let mut weighted = vec![0.0; n];
    let at_solution = lm::LeastSquares::residuals(&mut problem, &outcome.x, &mut weighted)
        .and_then(|()| lm::LeastSquares::jacobian(&mut problem, &outcome.x, &mut jacobian));
    let ran_off = || FitError::DidNotConverge {
        iterations,
        reason: "the parameters ran off to where the model no longer responds to all of them."
            .into(),
    };
    if let Err(point) = at_solution {
        if outcome.termination == Termination::IterationLimit {
            return Err(ran_off());
        }
        return Err(FitError::NonFiniteModel {
            x: data.x[point],
            quantity: "derivative",
            at: assignment(names, &full),
        });
    }
    let mut fitted = vec![0.0; n];
    model.values(data.x, &full, &mut fitted);
    let residuals: Vec<f64> = data.y.iter().zip(&fitted).map(|(y, f)| y - f).collect();
    let input = StatsInput {
        names,
        values: &full,
        free,
        jacobian: &mut jacobian,
        weighted_residuals: &weighted,
        residuals,
        data,
        sqrt_w,
        centered: true,
        sigma_is_absolute: settings.sigma_is_absolute,
        iterations,
        termination: outcome.termination,
    };
    report(input).map_err(|e| match e {
        FitError::Singular { .. } if outcome.termination == Termination::IterationLimit => ran_off(),
        // A parameter the model has stopped responding to (e.g. k in exp(−k·x) when k·x is so
        // large that the exponential is 0 at every point) was left where the iteration
        // stranded it: the start values are the problem, not the model.
        FitError::Insensitive { names, parameters } => FitError::DidNotConverge {
            iterations,
            reason: format!(
                "the model stopped responding to {names} (the derivative is zero at every data point), so {} could not be fitted.",
                if parameters.len() == 1 { "it" } else { "they" }
            ),
        },
        e => e,
    })
}
