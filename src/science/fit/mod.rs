//! Least-squares fitting: the engine behind every calibration line and binding isotherm.
//!
//! - [`fit`]: nonlinear least squares by Levenberg–Marquardt, after MINPACK's `lmder`
//!   (J. J. Moré, Lecture Notes in Mathematics 630, 1978, 105–116): a scaled trust region,
//!   λ by Moré's secular-equation iteration, every step from a QR factorization of the
//!   Jacobian, never from the normal equations; at convergence a few full Gauss–Newton steps
//!   refine the result below the rounding noise of the sum of squares (see `lm::polish`),
//!   which is what brings the hard NIST problems (Lanczos3, MGH09) from 6–7 to 10+ digits.
//! - [`fit_linear`]: linear least squares y ≈ Σⱼ βⱼ·φⱼ(x) by Householder QR with column
//!   pivoting (G. H. Golub, Numer. Math. 7, 1965, 206; Golub & Van Loan, Matrix Computations,
//!   4th ed., §5.4), for straight lines, polynomials and any other design ([`Design`]).
//! - [`expr`]: models typed as formulas (`b1*(1-exp(-b2*x))`), with exact derivatives by
//!   forward-mode automatic differentiation.
//!
//! Both fits report the same [`FitReport`]: estimates with standard errors from
//! s²·(JᵀWJ)⁻¹, computed as s²·R⁻¹R⁻ᵀ from the R factor of a pivoted QR of the
//! column-equilibrated weighted Jacobian at the solution (which keeps about twice the correct
//! digits that forming JᵀJ would), 95 % confidence intervals from the Student t quantile at
//! the fit's degrees of freedom, the correlation matrix, goodness of fit (RSS, residual standard
//! deviation, R², adjusted R², reduced χ², AICc) and residuals. Accuracy is tested against the
//! NIST Statistical Reference Datasets (`tests/nist.rs`). Nothing here panics on any input or
//! returns a non-finite number as an answer: a fit that cannot be done returns a [`FitError`]
//! whose message says why and what to try.
//!
//! Conventions:
//! - Weights: with per-point uncertainties σᵢ the fit minimizes χ² = Σ((yᵢ − f(xᵢ))/σᵢ)²,
//!   i.e. weights wᵢ = 1/σᵢ². [`FitReport::rss`] is then that weighted sum (χ²).
//!   Standard errors are scaled by the reduced χ² (the σ give relative weights, as in Origin
//!   and SciPy's default) unless [`FitSettings::sigma_is_absolute`] says the σ are true
//!   standard deviations.
//! - Residuals are observed minus fitted, yᵢ − f(xᵢ), unweighted.
//! - R² = 1 − RSS/TSS with TSS about the (weighted) mean of y, except for linear designs
//!   without a constant column, where TSS = Σwᵢyᵢ² (the uncentered R², as NIST certifies for
//!   NoInt1). Adjusted R² = 1 − (1 − R²)(n − c)/(n − p), with c = 1 when centered, else 0.
//! - AICc = n·ln(RSS/n) + 2K + 2K(K + 1)/(n − K − 1) with K = free parameters + 1 (the
//!   residual variance counts as a parameter; K. P. Burnham & D. R. Anderson, Model Selection
//!   and Multimodel Inference, 2nd ed., 2002, eq. 2.14 with the least-squares likelihood).
//!   Only differences between models fitted to the same data mean anything.

pub mod expr;
mod linalg;
mod linear;
mod lm;
pub mod stats;

use thiserror::Error;

pub use expr::{parse, ExprError, Expression};
pub use linear::{fit_linear, fit_linear_with, Design};
pub use stats::student_t_quantile;

use linalg::{covariance_from_r, enorm, qr_factor, Covariance, QrWork};

/// Data to fit: x, y and optionally the standard uncertainty σ of each y.
#[derive(Debug, Clone, Copy)]
pub struct Data<'a> {
    pub x: &'a [f64],
    pub y: &'a [f64],
    pub sigma: Option<&'a [f64]>,
}

impl<'a> Data<'a> {
    /// Unweighted data.
    pub fn new(x: &'a [f64], y: &'a [f64]) -> Self {
        Data { x, y, sigma: None }
    }

    /// Data with a standard uncertainty σᵢ for each yᵢ (weights 1/σᵢ²).
    pub fn with_sigma(x: &'a [f64], y: &'a [f64], sigma: &'a [f64]) -> Self {
        Data {
            x,
            y,
            sigma: Some(sigma),
        }
    }
}

/// A model y = f(x; p) with analytic derivatives.
///
/// Implement [`Model::parameter_names`], [`Model::value`] and [`Model::value_and_gradient`];
/// the batch methods have default implementations (override them only for speed). Check a
/// hand-written gradient with [`check_gradient`].
///
/// ```
/// use photocalc::science::fit::{check_gradient, Model};
/// /// Langmuir: ΔI/I0 = m·K·x / (1 + K·x), parameters [m, K].
/// struct Langmuir;
/// impl Model for Langmuir {
///     fn parameter_names(&self) -> Vec<String> { vec!["m".into(), "K".into()] }
///     fn value(&self, x: f64, p: &[f64]) -> f64 { p[0] * p[1] * x / (1.0 + p[1] * x) }
///     fn value_and_gradient(&self, x: f64, p: &[f64], g: &mut [f64]) -> f64 {
///         let d = 1.0 + p[1] * x;
///         g[0] = p[1] * x / d;
///         g[1] = p[0] * x / (d * d);
///         p[0] * p[1] * x / d
///     }
/// }
/// check_gradient(&Langmuir, &[0.0, 0.5, 2.0], &[0.8, 3.0], 1e-7).unwrap();
/// ```
pub trait Model {
    /// The parameter names, in the order of the parameter vector `p`.
    fn parameter_names(&self) -> Vec<String>;

    /// f(x; p).
    fn value(&self, x: f64, p: &[f64]) -> f64;

    /// f(x; p), with ∂f/∂pⱼ written to `grad[j]` (`grad.len() == p.len()`).
    fn value_and_gradient(&self, x: f64, p: &[f64], grad: &mut [f64]) -> f64;

    /// f at every x into `out`.
    fn values(&self, x: &[f64], p: &[f64], out: &mut [f64]) {
        for (o, &xi) in out.iter_mut().zip(x) {
            *o = self.value(xi, p);
        }
    }

    /// f at every x into `values`, and the Jacobian into `jacobian`, column-major:
    /// `jacobian[j * x.len() + i]` = ∂f(xᵢ)/∂pⱼ.
    fn values_and_jacobian(&self, x: &[f64], p: &[f64], values: &mut [f64], jacobian: &mut [f64]) {
        let n = x.len();
        let mut grad = vec![0.0; p.len()];
        for (i, (&xi, out)) in x.iter().zip(values.iter_mut()).enumerate() {
            *out = self.value_and_gradient(xi, p, &mut grad);
            for (j, g) in grad.iter().enumerate() {
                if let Some(slot) = jacobian.get_mut(j * n + i) {
                    *slot = *g;
                }
            }
        }
    }
}

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

/// How a fit ended (MINPACK's `info` codes, named).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Termination {
    /// The actual and predicted relative reductions of the sum of squares in a step both
    /// fell below [`FitSettings::reduction_tolerance`] (MINPACK info 1).
    RelativeReduction,
    /// The relative size of the step fell below [`FitSettings::step_tolerance`] (info 2).
    StepSize,
    /// Both of the above (info 3).
    ReductionAndStep,
    /// The residuals are orthogonal to every column of the Jacobian to within
    /// [`FitSettings::gradient_tolerance`]: a stationary point (info 4).
    GradientOrthogonal,
    /// The model passes through every point exactly.
    ExactFit,
    /// No step could reduce the sum of squares any more within double-precision arithmetic:
    /// the tolerances are tighter than the arithmetic can resolve, so this is the minimum as
    /// closely as it can be found (info 6, 7, 8).
    MachinePrecision,
    /// [`FitSettings::max_iterations`] ran out before a convergence test was met (info 5).
    IterationLimit,
    /// A linear model, solved directly (no iterations).
    LinearSolution,
}

impl Termination {
    /// Whether the result is a minimum of the sum of squares.
    pub fn converged(self) -> bool {
        !matches!(self, Termination::IterationLimit)
    }

    /// A sentence for the user.
    pub fn describe(self) -> &'static str {
        match self {
            Termination::RelativeReduction => "converged: a further step would reduce the sum of squares by a negligible fraction",
            Termination::StepSize => "converged: the parameters changed by a negligible relative amount",
            Termination::ReductionAndStep => "converged: both the sum of squares and the parameters stopped changing",
            Termination::GradientOrthogonal => "converged: the residuals are orthogonal to every direction the parameters can move the model (a stationary point)",
            Termination::ExactFit => "the model passes through every point exactly",
            Termination::MachinePrecision => "converged to the limit of double-precision arithmetic",
            Termination::IterationLimit => "did not converge before the iteration limit; the values shown are the last iterate, not a minimum: try other start values",
            Termination::LinearSolution => "solved directly (linear least squares by QR)",
        }
    }
}

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

    fn resize(&mut self, model: &dyn Model) {
        let k = model.parameter_names().len();
        self.start.resize(k, 1.0);
        self.fixed.resize(k, false);
    }

    fn is_fixed(&self, j: usize) -> bool {
        self.fixed.get(j).copied().unwrap_or(false)
    }
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

/// One fitted parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub name: String,
    pub value: f64,
    /// Standard error (0 for a fixed parameter).
    pub std_error: f64,
    /// 95 % confidence interval, value ± t(0.975, dof)·std_error.
    pub ci95: (f64, f64),
    pub fixed: bool,
}

/// Everything a fit reports. Every number is finite.
#[derive(Debug, Clone, PartialEq)]
pub struct FitReport {
    /// In the model's parameter order, fixed ones included.
    pub parameters: Vec<Estimate>,
    /// Covariance matrix in the model's parameter order; rows and columns of fixed parameters are 0.
    pub covariance: Vec<Vec<f64>>,
    /// Correlation matrix (1 on the diagonal of free parameters; fixed ones 0). It does not
    /// depend on s², so it is given even for an exact fit.
    pub correlation: Vec<Vec<f64>>,
    /// Number of data points n.
    pub points: usize,
    /// Number of free parameters p.
    pub free_parameters: usize,
    /// Degrees of freedom n − p.
    pub dof: usize,
    /// Residual sum of squares, weighted by 1/σ² when σ are given (then it is χ²).
    pub rss: f64,
    /// √(RSS/dof).
    pub residual_sd: f64,
    /// `None` when y does not vary (TSS = 0).
    pub r_squared: Option<f64>,
    pub adjusted_r_squared: Option<f64>,
    /// χ²/dof, when σ are given.
    pub reduced_chi_squared: Option<f64>,
    /// `None` when n − K − 1 ≤ 0 (K = free parameters + 1, i.e. n ≤ p + 2) or the fit is
    /// exact (RSS = 0).
    pub aicc: Option<f64>,
    /// t(0.975, dof), the factor of the 95 % intervals.
    pub t_95: f64,
    /// yᵢ − f(xᵢ).
    pub residuals: Vec<f64>,
    /// Iterations: Jacobian evaluations, including the final Gauss–Newton refinement steps;
    /// 0 for a linear fit.
    pub iterations: usize,
    pub termination: Termination,
    pub converged: bool,
    /// A sentence: how the fit ended.
    pub message: String,
}

impl FitReport {
    /// Parameter values in model order (to evaluate the fitted curve).
    pub fn values(&self) -> Vec<f64> {
        self.parameters.iter().map(|e| e.value).collect()
    }

    /// The estimate of the parameter called `name`.
    pub fn get(&self, name: &str) -> Option<&Estimate> {
        self.parameters.iter().find(|e| e.name == name)
    }
}

/// Why a fit could not be done. Every message is a sentence that says what to change.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FitError {
    #[error("There are no data points: enter at least {needed} (x, y) pairs.")]
    NoData { needed: usize },
    #[error("There are {x} x values but {y} y values: every point needs both.")]
    LengthMismatch { x: usize, y: usize },
    #[error("There are {sigma} uncertainties for {points} points: give one σ per point, or none.")]
    SigmaLength { sigma: usize, points: usize },
    #[error(
        "Point {row} has {column} = {value}, which is not a finite number: correct or remove it."
    )]
    NonFiniteData {
        row: usize,
        column: &'static str,
        value: f64,
    },
    #[error("The uncertainty of point {row} is σ = {value}: each σ must be a positive, finite number, because the point is weighted by 1/σ².")]
    BadUncertainty { row: usize, value: f64 },
    #[error("There {} for {free} free parameter{}: at least {} are needed to estimate the parameters and their uncertainties. Add points, or fix a parameter at a known value.", if *points == 1 { "is only 1 point".to_string() } else { format!("are only {points} points") }, if *free == 1 { "" } else { "s" }, free + 1)]
    TooFewPoints { points: usize, free: usize },
    #[error("There is nothing to fit: {reason}")]
    NoFreeParameters { reason: String },
    #[error("The model has {expected} parameters ({names}) but {given} start values were given.")]
    StartCount {
        expected: usize,
        given: usize,
        names: String,
    },
    #[error("The start value of {name} is {value}: start values must be finite numbers.")]
    BadStart { name: String, value: f64 },
    #[error("There is no parameter called \"{name}\" in the model; its parameters are {known}.")]
    UnknownParameter { name: String, known: String },
    #[error("The data cannot determine {names} separately: {reason} Fix one of them at a known value, or simplify the model.")]
    Singular {
        parameters: Vec<String>,
        names: String,
        reason: String,
    },
    #[error("The data cannot determine {names}: the model does not change when {names} change{s} (the derivative is zero at every data point). Remove {it} from the model, or add data where {it} matter{s}.", s = if parameters.len() == 1 { "s" } else { "" }, it = if parameters.len() == 1 { "it" } else { "them" })]
    Insensitive {
        parameters: Vec<String>,
        names: String,
    },
    #[error("The model's {quantity} is not a finite number at x = {x} with {at}: choose start values (or a model) for which it is defined at every data point; for example, avoid division by zero, ln or sqrt of a negative number, and exp of a huge argument.")]
    NonFiniteModel {
        x: f64,
        quantity: &'static str,
        at: String,
    },
    #[error("The fit did not converge from these start values ({iterations} iterations): {reason} Try start values read off a plot of the data, e.g. the plateau for an amplitude and 1/(the x where the curve is halfway) for a rate constant.")]
    DidNotConverge { iterations: usize, reason: String },
    #[error("The numbers are too large or too small for double-precision arithmetic ({what}): rescale x or y, for example by a change of units.")]
    OutOfRange { what: String },
    #[error("The design is inconsistent: {0}")]
    BadDesign(String),
}

/// "a, b and c".
fn list(names: &[String]) -> String {
    match names.len() {
        0 => "none".to_string(),
        1 => names[0].clone(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// "b1 = 1, b2 = 0.5".
fn assignment(names: &[String], values: &[f64]) -> String {
    names
        .iter()
        .zip(values)
        .map(|(n, v)| format!("{n} = {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks the data and returns the square-root weights 1/σᵢ (empty when unweighted).
fn validate(data: &Data, needed: usize) -> Result<Vec<f64>, FitError> {
    if data.x.len() != data.y.len() {
        return Err(FitError::LengthMismatch {
            x: data.x.len(),
            y: data.y.len(),
        });
    }
    if data.x.is_empty() {
        return Err(FitError::NoData {
            needed: needed.max(1),
        });
    }
    for (column, values) in [("x", data.x), ("y", data.y)] {
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(FitError::NonFiniteData {
                row: i + 1,
                column,
                value: values[i],
            });
        }
    }
    let Some(sigma) = data.sigma else {
        return Ok(Vec::new());
    };
    if sigma.len() != data.x.len() {
        return Err(FitError::SigmaLength {
            sigma: sigma.len(),
            points: data.x.len(),
        });
    }
    sigma
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let w = 1.0 / s;
            if s > 0.0 && s.is_finite() && w.is_finite() {
                Ok(w)
            } else {
                Err(FitError::BadUncertainty {
                    row: i + 1,
                    value: s,
                })
            }
        })
        .collect()
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
        f.iter().position(|v| !v.is_finite()).map_or(Ok(()), Err)
    }

    fn jacobian(&mut self, x: &[f64], jac: &mut [f64]) -> Result<(), usize> {
        self.set(x);
        let n = self.data.x.len();
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
        // The first row (point) with a derivative that is not finite.
        let columns = self.free.len();
        (0..n)
            .find(|&i| (0..columns).any(|c| !jac[c * n + i].is_finite()))
            .map_or(Ok(()), Err)
    }
}

/// Fits `model` to `data` by Levenberg–Marquardt from `settings.start`.
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
    let free: Vec<usize> = (0..k).filter(|&j| !settings.is_fixed(j)).collect();
    let sqrt_w = validate(data, free.len() + 1)?;
    if k == 0 {
        return Err(FitError::NoFreeParameters {
            reason: "the model has no parameters. Every name other than x (and the constants pi and e) is a parameter, e.g. a*x + b.".into(),
        });
    }
    if free.is_empty() {
        return Err(FitError::NoFreeParameters {
            reason: "every parameter is fixed. Free at least one.".into(),
        });
    }
    let n = data.x.len();
    if n <= free.len() {
        return Err(FitError::TooFewPoints {
            points: n,
            free: free.len(),
        });
    }

    let mut problem = Problem {
        model,
        data,
        sqrt_w: &sqrt_w,
        free: &free,
        full: settings.start.clone(),
        values: vec![0.0; n],
        full_jacobian: vec![0.0; n * k],
    };
    let x0: Vec<f64> = free.iter().map(|&j| settings.start[j]).collect();
    let options = lm::LmOptions {
        ftol: settings.reduction_tolerance,
        xtol: settings.step_tolerance,
        gtol: settings.gradient_tolerance,
        max_iterations: settings.max_iterations.max(1),
    };
    let outcome = lm::minimize(&mut problem, &x0, &options).map_err(|failure| {
        let (point, quantity, at) = match failure {
            lm::LmFailure::ValueAtStart(i) => (
                i,
                "value",
                format!("the start values {}", assignment(&names, &settings.start)),
            ),
            lm::LmFailure::Derivative { point, x } => {
                problem.set(&x);
                (point, "derivative", assignment(&names, &problem.full))
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

    // The Jacobian and residuals at the solution.
    let mut jacobian = vec![0.0; n * free.len()];
    let mut weighted = vec![0.0; n];
    let at_solution = lm::LeastSquares::residuals(&mut problem, &outcome.x, &mut weighted)
        .and_then(|()| lm::LeastSquares::jacobian(&mut problem, &outcome.x, &mut jacobian));
    let ran_off = || FitError::DidNotConverge {
        iterations: outcome.iterations,
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
            at: assignment(&names, &full),
        });
    }
    let mut fitted = vec![0.0; n];
    model.values(data.x, &full, &mut fitted);
    let residuals: Vec<f64> = data.y.iter().zip(&fitted).map(|(y, f)| y - f).collect();
    let input = StatsInput {
        names: &names,
        values: &full,
        free: &free,
        jacobian: &mut jacobian,
        weighted_residuals: &weighted,
        residuals,
        data,
        sqrt_w: &sqrt_w,
        centered: true,
        sigma_is_absolute: settings.sigma_is_absolute,
        iterations: outcome.iterations,
        termination: outcome.termination,
    };
    report(input).map_err(|e| match e {
        FitError::Singular { .. } if outcome.termination == Termination::IterationLimit => ran_off(),
        // A parameter the model has stopped responding to (e.g. k in exp(−k·x) when k·x is so
        // large that the exponential is 0 at every point) was left where the iteration
        // stranded it: the start values are the problem, not the model.
        FitError::Insensitive { names, parameters } => FitError::DidNotConverge {
            iterations: outcome.iterations,
            reason: format!(
                "the model stopped responding to {names} (the derivative is zero at every data point), so {} could not be fitted.",
                if parameters.len() == 1 { "it" } else { "they" }
            ),
        },
        e => e,
    })
}

/// What [`report`] needs from a solved fit.
struct StatsInput<'a> {
    names: &'a [String],
    values: &'a [f64],
    free: &'a [usize],
    /// Weighted Jacobian of the free parameters at the solution, column-major n × p (destroyed).
    jacobian: &'a mut [f64],
    /// wᵢ·(f(xᵢ) − yᵢ).
    weighted_residuals: &'a [f64],
    residuals: Vec<f64>,
    data: &'a Data<'a>,
    sqrt_w: &'a [f64],
    /// R² about the mean (false: uncentered, for linear designs without a constant).
    centered: bool,
    sigma_is_absolute: bool,
    iterations: usize,
    termination: Termination,
}

/// Below this |Rₖₖ|/|R₀₀| (of the column-equilibrated Jacobian, i.e. a condition number
/// above 10¹³) a parameter is taken as not determined by the data.
const RANK_TOLERANCE: f64 = 1e-13;

/// Standard errors, intervals and goodness of fit at a solution.
fn report(input: StatsInput) -> Result<FitReport, FitError> {
    let n = input.data.x.len();
    let p = input.free.len();
    let k = input.names.len();
    let dof = n - p;

    // Column equilibration: scale each column to unit norm, so that the rank decision and the
    // pivoting do not depend on the parameters' units.
    let mut column_norm = vec![0.0; p];
    for (col, norm_out) in input
        .jacobian
        .chunks_exact_mut(n)
        .zip(column_norm.iter_mut())
    {
        let norm = enorm(col);
        *norm_out = norm;
        if norm > 0.0 && norm.is_finite() {
            for v in col.iter_mut() {
                *v /= norm;
            }
        }
    }
    let zero_columns: Vec<usize> = (0..p)
        .filter(|&c| !(column_norm[c] > 0.0 && column_norm[c].is_finite()))
        .collect();
    let names_of = |columns: Vec<usize>| -> Vec<String> {
        columns
            .iter()
            .map(|&c| input.names[input.free[c]].clone())
            .collect()
    };
    if !zero_columns.is_empty() {
        let parameters = names_of(zero_columns);
        return Err(FitError::Insensitive {
            names: list(&parameters),
            parameters,
        });
    }
    let mut qr = QrWork::new(p);
    qr_factor(n, p, input.jacobian, &mut qr);
    let unit_cov = match covariance_from_r(n, p, input.jacobian, &qr, RANK_TOLERANCE) {
        Covariance::Full(c) => c,
        Covariance::Singular(cols) => {
            let parameters = names_of(cols);
            return Err(FitError::Singular {
                names: list(&parameters),
                parameters,
                reason: "at the solution the model depends on them only through a combination (a change of one can be undone by changing the others).".into(),
            });
        }
    };

    let rss = {
        let norm = enorm(input.weighted_residuals);
        norm * norm
    };
    let s2 = if input.sigma_is_absolute && !input.sqrt_w.is_empty() {
        1.0
    } else {
        rss / dof as f64
    };
    let t_95 = student_t_quantile(0.975, dof as f64).unwrap_or(f64::MAX);

    let mut covariance = vec![vec![0.0; k]; k];
    let mut correlation = vec![vec![0.0; k]; k];
    for a in 0..p {
        for b in 0..p {
            let unit = unit_cov[a * p + b];
            let (ja, jb) = (input.free[a], input.free[b]);
            covariance[ja][jb] = s2 * unit / (column_norm[a] * column_norm[b]);
            let denom = (unit_cov[a * p + a] * unit_cov[b * p + b]).sqrt();
            correlation[ja][jb] = if a == b {
                1.0
            } else {
                (unit / denom).clamp(-1.0, 1.0)
            };
        }
    }
    let parameters = (0..k)
        .map(|j| {
            let value = input.values[j];
            let fixed = !input.free.contains(&j);
            let std_error = if fixed {
                0.0
            } else {
                covariance[j][j].max(0.0).sqrt()
            };
            let half = t_95 * std_error;
            Estimate {
                name: input.names[j].clone(),
                value,
                std_error,
                ci95: (value - half, value + half),
                fixed,
            }
        })
        .collect::<Vec<_>>();

    // Goodness of fit.
    let w = |i: usize| input.sqrt_w.get(i).map_or(1.0, |s| s * s);
    let y = input.data.y;
    let tss = if input.centered {
        let (sw, swy) = (0..n).fold((0.0, 0.0), |(a, b), i| (a + w(i), b + w(i) * y[i]));
        let mean = swy / sw;
        (0..n).map(|i| w(i) * (y[i] - mean).powi(2)).sum::<f64>()
    } else {
        (0..n).map(|i| w(i) * y[i] * y[i]).sum::<f64>()
    };
    let r_squared = (tss > 0.0 && tss.is_finite()).then(|| 1.0 - rss / tss);
    let c = if input.centered { 1.0 } else { 0.0 };
    let adjusted_r_squared = r_squared.map(|r2| 1.0 - (1.0 - r2) * (n as f64 - c) / dof as f64);
    let reduced_chi_squared = (!input.sqrt_w.is_empty()).then_some(rss / dof as f64);
    let big_k = (p + 1) as f64;
    let aicc = (n as f64 - big_k - 1.0 > 0.0 && rss > 0.0).then(|| {
        let nf = n as f64;
        nf * (rss / nf).ln() + 2.0 * big_k + 2.0 * big_k * (big_k + 1.0) / (nf - big_k - 1.0)
    });

    let converged = input.termination.converged();
    let message = match input.termination {
        Termination::LinearSolution => {
            format!("Linear least squares {}.", input.termination.describe())
        }
        t => {
            let mut text = t.describe().to_string();
            if let Some(first) = text.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            let plural = if input.iterations == 1 { "" } else { "s" };
            format!("{text} ({} iteration{plural}).", input.iterations)
        }
    };
    let finite = |v: Option<f64>| v.filter(|x| x.is_finite());
    let residual_sd = (rss / dof as f64).sqrt();
    let out_of_range = |what: &str| {
        Err(FitError::OutOfRange {
            what: what.to_string(),
        })
    };
    if !(rss.is_finite() && residual_sd.is_finite())
        || input.residuals.iter().any(|r| !r.is_finite())
    {
        return out_of_range("the residuals overflow");
    }
    if parameters.iter().any(|e| {
        !(e.value.is_finite()
            && e.std_error.is_finite()
            && e.ci95.0.is_finite()
            && e.ci95.1.is_finite())
    }) {
        return out_of_range("a parameter or its standard error overflows");
    }
    if covariance
        .iter()
        .chain(&correlation)
        .flatten()
        .any(|v| !v.is_finite())
    {
        return out_of_range("the covariance matrix overflows");
    }
    Ok(FitReport {
        parameters,
        covariance,
        correlation,
        points: n,
        free_parameters: p,
        dof,
        rss,
        residual_sd,
        r_squared: finite(r_squared),
        adjusted_r_squared: finite(adjusted_r_squared),
        reduced_chi_squared: finite(reduced_chi_squared),
        aicc: finite(aicc),
        t_95,
        residuals: input.residuals,
        iterations: input.iterations,
        termination: input.termination,
        converged,
        message,
    })
}
