//! The Levenberg–Marquardt driver: MINPACK's `lmder` (scaled trust region, λ from
//! [`lm_parameter`], steps by QR), transcribed with 0-based indices.
//!
//! J. J. Moré, "The Levenberg–Marquardt algorithm: implementation and theory", in
//! G. A. Watson (ed.), Numerical Analysis, Lecture Notes in Mathematics 630, Springer 1978,
//! 105–116; J. J. Moré, B. S. Garbow, K. E. Hillstrom, "User Guide for MINPACK-1",
//! Argonne National Laboratory report ANL-80-74, 1980.
//!
//! Two departures from MINPACK, both for robustness on user-typed models: a trial step at which
//! the model is not finite counts as a failed step (the trust region shrinks) instead of ending
//! the fit, and an exact fit (zero residual) ends the iteration at once.

// A transcription of MINPACK keeps its index loops: they mirror the published algorithm.
#![allow(clippy::needless_range_loop)]

use super::linalg::{apply_qt, enorm, lm_parameter, qr_factor, LmParWork, QrWork};
use super::Termination;

/// A least-squares problem: minimize ‖f(x)‖² over x ∈ ℝⁿ, f: ℝⁿ → ℝᵐ.
pub(crate) trait LeastSquares {
    /// Number of residuals m.
    fn len(&self) -> usize;
    /// f(x) into `f`; `Err(i)` when fᵢ (the i-th data point) is not finite.
    fn residuals(&mut self, x: &[f64], f: &mut [f64]) -> Result<(), usize>;
    /// The Jacobian ∂fᵢ/∂xⱼ into `jac`, column-major m × n; `Err(i)` when row i is not finite.
    fn jacobian(&mut self, x: &[f64], jac: &mut [f64]) -> Result<(), usize>;
}

/// Stopping rules (MINPACK's `ftol`, `xtol`, `gtol`, and limits).
#[derive(Debug, Clone, Copy)]
pub(crate) struct LmOptions {
    pub ftol: f64,
    pub xtol: f64,
    pub gtol: f64,
    pub max_iterations: usize,
}

/// How the iteration ended.
pub(crate) struct LmOutcome {
    pub x: Vec<f64>,
    pub iterations: usize,
    pub termination: Termination,
}

/// Why it could not run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LmFailure {
    /// f is not finite at the start, at data point i.
    ValueAtStart(usize),
    /// The Jacobian is not finite at data point i, at parameters x.
    Derivative { point: usize, x: Vec<f64> },
}

/// Minimizes ‖f(x)‖² from `x0` (MINPACK `lmder` with `mode = 1`, `factor = 100`).
pub(crate) fn minimize(
    problem: &mut dyn LeastSquares,
    x0: &[f64],
    options: &LmOptions,
) -> Result<LmOutcome, LmFailure> {
    let n = x0.len();
    let m = problem.len();
    let epsmch = f64::EPSILON;
    let factor = 100.0;
    // A step that fails still costs an evaluation; MINPACK's default budget is 100·(n + 1)
    // evaluations. Here the budget follows the iteration limit with room for failed steps.
    let max_evaluations = options.max_iterations.saturating_mul(10).saturating_add(20);

    let mut x = x0.to_vec();
    let mut fvec = vec![0.0; m];
    let mut fjac = vec![0.0; m * n];
    let mut trial_f = vec![0.0; m];
    let mut qtf_full = vec![0.0; m];
    let mut qtf = vec![0.0; n];
    let mut diag = vec![0.0; n];
    let mut step = vec![0.0; n];
    let mut trial_x = vec![0.0; n];
    let mut wa3 = vec![0.0; n];
    let mut qr = QrWork::new(n);
    let mut par_work = LmParWork::new(n);

    problem
        .residuals(&x, &mut fvec)
        .map_err(LmFailure::ValueAtStart)?;
    let mut evaluations = 1usize;
    let mut fnorm = enorm(&fvec);
    if !fnorm.is_finite() {
        // Each residual is finite but their squares overflow.
        return Err(LmFailure::ValueAtStart(largest(&fvec)));
    }

    let mut par = 0.0;
    let mut iterations = 0usize;
    let mut delta = 0.0;
    let mut xnorm = 0.0;

    let termination = 'outer: loop {
        if fnorm == 0.0 {
            break Termination::ExactFit;
        }
        if iterations >= options.max_iterations {
            break Termination::IterationLimit;
        }
        problem
            .jacobian(&x, &mut fjac)
            .map_err(|point| LmFailure::Derivative {
                point,
                x: x.clone(),
            })?;
        iterations += 1;

        qr_factor(m, n, &mut fjac, &mut qr);

        if iterations == 1 {
            for j in 0..n {
                diag[j] = if qr.acnorm[j] == 0.0 {
                    1.0
                } else {
                    qr.acnorm[j]
                };
            }
            for j in 0..n {
                wa3[j] = diag[j] * x[j];
            }
            xnorm = enorm(&wa3);
            delta = factor * xnorm;
            if delta == 0.0 {
                delta = factor;
            }
        }

        // Qᵀf, and R's diagonal into fjac so that its upper triangle is R.
        qtf_full.copy_from_slice(&fvec);
        apply_qt(m, n, &fjac, &mut qtf_full);
        for j in 0..n.min(m) {
            fjac[j * m + j] = qr.rdiag[j];
            qtf[j] = qtf_full[j];
        }

        // The cosine of the largest angle between f and a column of J.
        let mut gnorm = 0.0_f64;
        for j in 0..n {
            let l = qr.ipvt[j];
            if qr.acnorm[l] != 0.0 {
                let sum: f64 = (0..=j).map(|i| fjac[j * m + i] * (qtf[i] / fnorm)).sum();
                gnorm = gnorm.max((sum / qr.acnorm[l]).abs());
            }
        }
        if gnorm <= options.gtol {
            break Termination::GradientOrthogonal;
        }

        for j in 0..n {
            diag[j] = diag[j].max(qr.acnorm[j]);
        }

        loop {
            par = lm_parameter(
                n,
                &mut fjac,
                m,
                &qr.ipvt,
                &diag,
                &qtf,
                delta,
                par,
                &mut step,
                &mut par_work,
            );
            for j in 0..n {
                step[j] = -step[j];
                trial_x[j] = x[j] + step[j];
                wa3[j] = diag[j] * step[j];
            }
            let pnorm = enorm(&wa3);
            if iterations == 1 {
                delta = delta.min(pnorm);
            }

            evaluations += 1;
            let fnorm1 = match problem.residuals(&trial_x, &mut trial_f) {
                Ok(()) => enorm(&trial_f),
                Err(_) => f64::INFINITY,
            };
            let fnorm1 = if fnorm1.is_finite() {
                fnorm1
            } else {
                f64::INFINITY
            };

            // Actual and predicted relative reductions, and the directional derivative.
            let actred = if 0.1 * fnorm1 < fnorm {
                1.0 - (fnorm1 / fnorm).powi(2)
            } else {
                -1.0
            };
            for j in 0..n {
                wa3[j] = 0.0;
                let temp = step[qr.ipvt[j]];
                for i in 0..=j {
                    wa3[i] += fjac[j * m + i] * temp;
                }
            }
            let temp1 = enorm(&wa3) / fnorm;
            let temp2 = par.sqrt() * pnorm / fnorm;
            let prered = temp1 * temp1 + temp2 * temp2 / 0.5;
            let dirder = -(temp1 * temp1 + temp2 * temp2);
            let ratio = if prered != 0.0 && prered.is_finite() {
                actred / prered
            } else {
                0.0
            };

            // Update the trust region radius.
            if ratio <= 0.25 {
                let mut temp = if actred >= 0.0 {
                    0.5
                } else {
                    0.5 * dirder / (dirder + 0.5 * actred)
                };
                if 0.1 * fnorm1 >= fnorm || temp < 0.1 || !temp.is_finite() {
                    temp = 0.1;
                }
                delta = temp * delta.min(pnorm / 0.1);
                par /= temp;
            } else if par == 0.0 || ratio >= 0.75 {
                delta = pnorm / 0.5;
                par *= 0.5;
            }

            // A successful step.
            if ratio >= 1e-4 {
                x.copy_from_slice(&trial_x);
                for j in 0..n {
                    wa3[j] = diag[j] * x[j];
                }
                fvec.copy_from_slice(&trial_f);
                xnorm = enorm(&wa3);
                fnorm = fnorm1;
            }

            // Convergence.
            let small_reduction =
                actred.abs() <= options.ftol && prered <= options.ftol && 0.5 * ratio <= 1.0;
            let small_step = delta <= options.xtol * xnorm;
            match (small_reduction, small_step) {
                (true, true) => break 'outer Termination::ReductionAndStep,
                (true, false) => break 'outer Termination::RelativeReduction,
                (false, true) => break 'outer Termination::StepSize,
                _ => {}
            }
            if fnorm == 0.0 {
                break 'outer Termination::ExactFit;
            }
            // Limits, and tolerances below what the arithmetic can resolve.
            if evaluations >= max_evaluations {
                break 'outer Termination::IterationLimit;
            }
            if (actred.abs() <= epsmch && prered <= epsmch && 0.5 * ratio <= 1.0)
                || delta <= epsmch * xnorm
                || gnorm <= epsmch
                || !delta.is_finite()
                || delta == 0.0
            {
                break 'outer Termination::MachinePrecision;
            }
            if ratio >= 1e-4 {
                break;
            }
        }
    };
    if matches!(
        termination,
        Termination::RelativeReduction
            | Termination::StepSize
            | Termination::ReductionAndStep
            | Termination::GradientOrthogonal
            | Termination::MachinePrecision
    ) {
        let mut work = Work {
            fvec,
            fjac,
            trial_f,
            qtf_full,
            qtf,
            step,
            trial_x,
            qr,
            par_work,
        };
        iterations += polish(problem, &mut x, &diag, fnorm, &mut work);
    }
    Ok(LmOutcome {
        x,
        iterations,
        termination,
    })
}

/// Work arrays handed from the main loop to [`polish`].
struct Work {
    fvec: Vec<f64>,
    fjac: Vec<f64>,
    trial_f: Vec<f64>,
    qtf_full: Vec<f64>,
    qtf: Vec<f64>,
    step: Vec<f64>,
    trial_x: Vec<f64>,
    qr: QrWork,
    par_work: LmParWork,
}

/// Gauss–Newton refinement at a converged point; returns the Jacobian evaluations used.
///
/// Near a minimum the sum of squares is flat to second order, so the rounding noise in
/// ‖f‖ (relative size ~ ε·|y|/‖f‖ when the fit is close) hides parameter errors far above
/// ε in ill-conditioned directions: Levenberg–Marquardt, which accepts a step only if ‖f‖
/// visibly decreases, stops up to several digits short (Lanczos3 and MGH09 stop at 6–7
/// correct digits). The Gauss–Newton step −R⁻¹Qᵀf does not compare noisy sums of squares; its
/// error is only J⁺ times the rounding error of f. So, while the linear model predicts a
/// negligible relative reduction (we are in its region of validity), take full Gauss–Newton
/// steps until they stop shrinking, rejecting any that visibly increase ‖f‖.
fn polish(
    problem: &mut dyn LeastSquares,
    x: &mut [f64],
    diag: &[f64],
    mut fnorm: f64,
    w: &mut Work,
) -> usize {
    let n = x.len();
    let m = problem.len();
    let mut used = 0;
    let mut previous_step = f64::INFINITY;
    if problem.residuals(x, &mut w.fvec).is_err() {
        return used;
    }
    for _ in 0..40 {
        if fnorm == 0.0 || problem.jacobian(x, &mut w.fjac).is_err() {
            break;
        }
        used += 1;
        qr_factor(m, n, &mut w.fjac, &mut w.qr);
        w.qtf_full.copy_from_slice(&w.fvec);
        apply_qt(m, n, &w.fjac, &mut w.qtf_full);
        for j in 0..n {
            w.fjac[j * m + j] = w.qr.rdiag[j];
            w.qtf[j] = w.qtf_full[j];
        }
        // The Gauss–Newton step (λ = 0: an infinite trust region).
        lm_parameter(
            n,
            &mut w.fjac,
            m,
            &w.qr.ipvt,
            diag,
            &w.qtf,
            f64::INFINITY,
            0.0,
            &mut w.step,
            &mut w.par_work,
        );
        let mut xnorm_sq = 0.0;
        let mut pnorm_sq = 0.0;
        for j in 0..n {
            w.step[j] = -w.step[j];
            w.trial_x[j] = x[j] + w.step[j];
            xnorm_sq += (diag[j] * x[j]).powi(2);
            pnorm_sq += (diag[j] * w.step[j]).powi(2);
        }
        // Predicted relative reduction ‖J·step‖²/‖f‖² ≤ ‖Qᵀf‖²/‖f‖².
        let predicted = (enorm(&w.qtf) / fnorm).powi(2);
        let pnorm = pnorm_sq.sqrt();
        if predicted.is_nan()
            || predicted > 1e-6
            || !pnorm.is_finite()
            || pnorm >= 0.9 * previous_step
            || pnorm == 0.0
        {
            break;
        }
        let fnorm1 = match problem.residuals(&w.trial_x, &mut w.trial_f) {
            Ok(()) => enorm(&w.trial_f),
            Err(_) => break,
        };
        if fnorm1.is_nan() || fnorm1 > fnorm * (1.0 + 1e-8) {
            break;
        }
        x.copy_from_slice(&w.trial_x);
        std::mem::swap(&mut w.fvec, &mut w.trial_f);
        fnorm = fnorm1;
        previous_step = pnorm;
        if pnorm <= 4.0 * f64::EPSILON * xnorm_sq.sqrt() {
            break;
        }
    }
    used
}

/// Index of the entry of largest magnitude.
fn largest(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if x.abs() > v[best].abs() {
            best = i;
        }
    }
    best
}
