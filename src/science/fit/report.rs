//! What a fit reports, and how it is computed from the solution.
//!
//! Standard errors come from s²·(JᵀWJ)⁻¹, computed as s²·R⁻¹R⁻ᵀ from the R factor of a
//! pivoted QR of the column-equilibrated weighted Jacobian (G. H. Golub & C. F. Van Loan,
//! Matrix Computations, 4th ed., §5.3–5.4), never by forming JᵀJ; 95 % intervals from the
//! Student t quantile (`stats`); goodness of fit as R², adjusted R², reduced χ² and AICc
//! (K. P. Burnham & D. R. Anderson, Model Selection and Multimodel Inference, 2nd ed., 2002,
//! eq. 2.14). The conventions are set out in the documentation of `science::fit`. Both the
//! nonlinear and the linear fit end here, so they report alike.

use super::linalg::{covariance_from_r, enorm, qr_factor, Covariance, QrWork};
use super::{error::list, student_t_quantile, Data, FitError};
// Only the documentation refers to the settings.
#[cfg(doc)]
use super::FitSettings;

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

/// Which bound of its allowed range a parameter was held at ([`FitSettings::with_bounds`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The lower bound.
    Lower,
    /// The upper bound.
    Upper,
}

/// One fitted parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// The parameter's name, as the model gives it.
    pub name: String,
    /// The fitted value (the given value of a fixed parameter, the bound of one held at a bound).
    pub value: f64,
    /// Standard error (0 for a fixed parameter and for one held at a bound).
    pub std_error: f64,
    /// 95 % confidence interval, value ± t(0.975, dof)·std_error; (value, value), which means
    /// nothing, for a fixed parameter or one held at a bound.
    pub ci95: (f64, f64),
    /// Held at its start value by the settings.
    pub fixed: bool,
    /// `Some` when the unconstrained fit put the parameter outside its allowed range, so it
    /// was held at that bound and the other parameters refitted: then it is not counted as
    /// free (in [`FitReport::free_parameters`], [`FitReport::dof`] and AICc) and has no
    /// standard error.
    pub at_bound: Option<Bound>,
}

impl Estimate {
    /// Whether the parameter was fitted freely (neither fixed nor held at a bound), so that
    /// its standard error and interval mean something.
    pub fn is_free(&self) -> bool {
        !self.fixed && self.at_bound.is_none()
    }
}

/// Everything a fit reports. Every number is finite.
#[derive(Debug, Clone, PartialEq)]
pub struct FitReport {
    /// In the model's parameter order, fixed ones included.
    pub parameters: Vec<Estimate>,
    /// Covariance matrix in the model's parameter order; rows and columns of fixed parameters
    /// (and of those held at a bound) are 0.
    pub covariance: Vec<Vec<f64>>,
    /// Correlation matrix (1 on the diagonal of free parameters; fixed ones 0). It does not
    /// depend on s², so it is given even for an exact fit.
    pub correlation: Vec<Vec<f64>>,
    /// Number of data points n.
    pub points: usize,
    /// Number of free parameters p (neither fixed nor held at a bound).
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

/// What [`report`] needs from a solved fit.
pub(super) struct StatsInput<'a> {
    /// All parameter names, in model order.
    pub(super) names: &'a [String],
    /// All parameter values at the solution, fixed ones included.
    pub(super) values: &'a [f64],
    /// Indices into `names` of the free parameters, in the Jacobian's column order.
    pub(super) free: &'a [usize],
    /// Weighted Jacobian of the free parameters at the solution, column-major n × p (destroyed).
    pub(super) jacobian: &'a mut [f64],
    /// wᵢ·(f(xᵢ) − yᵢ).
    pub(super) weighted_residuals: &'a [f64],
    /// yᵢ − f(xᵢ), unweighted.
    pub(super) residuals: Vec<f64>,
    /// The data fitted.
    pub(super) data: &'a Data<'a>,
    /// 1/σᵢ, or empty when unweighted.
    pub(super) sqrt_w: &'a [f64],
    /// R² about the mean (false: uncentered, for linear designs without a constant).
    pub(super) centered: bool,
    /// See [`crate::science::fit::FitSettings::sigma_is_absolute`].
    pub(super) sigma_is_absolute: bool,
    /// Jacobian evaluations taken (0 for a linear fit).
    pub(super) iterations: usize,
    /// How the minimization ended.
    pub(super) termination: Termination,
}

/// Below this |Rₖₖ|/|R₀₀| (of the column-equilibrated Jacobian, i.e. a condition number
/// above 10¹³) a parameter is taken as not determined by the data.
pub(super) const RANK_TOLERANCE: f64 = 1e-13;

/// Standard errors, intervals and goodness of fit at a solution.
pub(super) fn report(input: StatsInput) -> Result<FitReport, FitError> {
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
                at_bound: None,
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
