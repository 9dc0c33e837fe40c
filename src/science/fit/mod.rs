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
//! Around them, tools that read a fit: parameter bounds ([`FitSettings::with_bounds`], honoured
//! by an active set in [`fit`]), the extra-sum-of-squares F test for nested models
//! ([`f_test`]), Akaike weights ([`akaike_weights`]), the 95 % confidence band of the fitted
//! curve ([`confidence_band`]) and profile-likelihood intervals ([`profile_interval`]).
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

mod band;
mod compare;
pub mod expr;
mod error;
mod gradient_check;
mod linalg;
mod linear;
mod lm;
mod model;
mod nonlinear;
mod profile;
mod report;
pub mod stats;

pub use band::confidence_band;
pub use compare::{akaike_weights, f_test, NestedTest};
pub use error::FitError;
pub use expr::{parse, ExprError, Expression};
pub use gradient_check::{check_gradient, GradientMismatch};
pub use linear::{fit_linear, fit_linear_with, Design};
pub use model::{Data, Model};
pub use nonlinear::{fit, FitSettings};
pub use profile::{profile_interval, ProfileInterval};
pub use report::{Bound, Estimate, FitReport, Termination};
pub use stats::{f_survival, regularized_incomplete_beta, student_t_quantile};
