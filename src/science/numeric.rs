//! Numerical helpers for sampled data, shared by the calculators: linear interpolation,
//! a bracketing root finder, straight-line least squares, and trapezoid integration.
//!
//! - [`interpolate`]: linear interpolation in ascending x, never extrapolating.
//! - [`find_root`]: Brent's method (R. P. Brent, *Algorithms for Minimization without
//!   Derivatives*, Prentice-Hall 1973, ch. 4; W. H. Press et al., *Numerical Recipes*, 3rd ed.,
//!   §9.3, `zbrent`): inverse quadratic interpolation and secant steps, falling back to
//!   bisection whenever they do not shrink the bracket fast enough, so it converges at least
//!   as surely as bisection and usually superlinearly.
//! - [`fit_line`], [`fit_line_through_origin`]: y = a + b·x and y = b·x with standard errors
//!   and R², from the linear least-squares engine ([`fit::fit_linear`], Householder QR), so
//!   that a slope reported here agrees to the last digits with the same fit in the fitting
//!   calculator; [`least_squares_slope`] is the bare slope in closed form, for internal trend
//!   tests on as few as 2 points where no uncertainty is wanted.
//! - [`trapezoid`], [`cumulative_trapezoid`]: ∫y dx over unevenly spaced x by the trapezoid
//!   rule (exact for piecewise-linear data; error −(b − a)·h²·f''/12 for smooth data).
//!
//! Like the rest of the science core these are total: no input makes them panic (they run in
//! wasm, where a panic kills the app), and no result is NaN or infinite; where there is no
//! answer they say so with `None` or an error.

use crate::science::fit::{self, Data, Design, FitError, FitReport};

/// Linear interpolation of `y` at `at`, for `x` in ascending order; `None` outside
/// `x[0]..=x[last]`, for NaN, or where the result is not finite. It never extrapolates.
///
/// The bracketing pair is found by binary search, in O(log n), and only that pair is used.
/// Rules for awkward data:
/// - a repeated x is a step: at it the first of its points is used, to its left the first and
///   to its right the last (as a step in a piecewise-linear curve);
/// - extra points in the longer of `x` and `y` are ignored;
/// - on unsorted x the result is `None` or a value on the segment between two neighbouring
///   points whose x bracket `at` (never a panic, never an extrapolation), but which pair is
///   found is unspecified: sort the data first.
pub fn interpolate(x: &[f64], y: &[f64], at: f64) -> Option<f64> {
    interpolate_from(x, y, x.partition_point(|&v| v < at), at)
}

/// [`interpolate`] with the search done: `k` is the first index whose x is not below `at`
/// (for a walk along the curve that finds it by stepping rather than by a binary search).
pub fn interpolate_from(x: &[f64], y: &[f64], k: usize, at: f64) -> Option<f64> {
    let (&x1, &y1) = (x.get(k)?, y.get(k)?);
    if x1 == at || k == 0 {
        return (x1 == at && y1.is_finite()).then_some(y1);
    }
    let (&x0, &y0) = (x.get(k - 1)?, y.get(k - 1)?);
    // True on ascending data by the binary search; checked for unsorted data.
    if !(x0 < at && at < x1) {
        return None;
    }
    let value = y0 + (y1 - y0) * (at - x0) / (x1 - x0);
    value.is_finite().then_some(value)
}

/// Why [`find_root`] found no root. Messages are sentences that say what to change.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum RootError {
    #[error("The interval {a} to {b} is not a pair of finite numbers: give two finite ends.")]
    BadBracket { a: f64, b: f64 },
    #[error("The tolerance {tolerance} is not a number of 0 or more: give 0 (as close as double precision allows) or a positive width.")]
    BadTolerance { tolerance: f64 },
    #[error("The function has the same sign at both ends of the interval {a} to {b} (f = {f_a:e} and {f_b:e}), so it need not cross zero in between: choose ends where its signs differ.")]
    NoSignChange { a: f64, b: f64, f_a: f64, f_b: f64 },
    #[error("The function is not a number at x = {x}: choose an interval on which it is defined everywhere.")]
    NotANumber { x: f64 },
    #[error("No root was pinned down within {iterations} evaluations (the best estimate is x = {best}): allow more iterations or a larger tolerance.")]
    NoConvergence { iterations: usize, best: f64 },
}

/// A root of `f` between `a` and `b` (in either order), where `f` changes sign, by Brent's
/// method (see the module documentation).
///
/// Stops when the bracket around the root is narrower than `x_tolerance` plus 4 ulp of the
/// root (so `x_tolerance = 0` pins the root down as far as double precision can); the root is
/// then within that distance of the returned x. `max_iterations` limits the evaluations of `f`
/// after the two at the ends. An end where `f` is exactly 0 is returned as it is. Infinite
/// values of `f` count by their sign (ln x at 0 is −∞); NaN anywhere is an error. If `f`
/// changes sign by jumping rather than by crossing zero, the jump is returned, as for any
/// bracketing method.
pub fn find_root(
    mut f: impl FnMut(f64) -> f64,
    a: f64,
    b: f64,
    x_tolerance: f64,
    max_iterations: usize,
) -> Result<f64, RootError> {
    check_bracket(a, b, x_tolerance)?;
    let fa = evaluate(&mut f, a)?;
    if fa == 0.0 {
        return Ok(a);
    }
    let fb = evaluate(&mut f, b)?;
    find_root_between(f, (a, fa), (b, fb), x_tolerance, max_iterations)
}

/// Finite ends and a tolerance of 0 or more, or the error saying which is not.
fn check_bracket(a: f64, b: f64, x_tolerance: f64) -> Result<(), RootError> {
    if !(a.is_finite() && b.is_finite()) {
        return Err(RootError::BadBracket { a, b });
    }
    if x_tolerance.is_nan() || x_tolerance < 0.0 {
        return Err(RootError::BadTolerance {
            tolerance: x_tolerance,
        });
    }
    Ok(())
}

/// `f(x)`, or an error where it is NaN.
fn evaluate(f: &mut impl FnMut(f64) -> f64, x: f64) -> Result<f64, RootError> {
    let value = f(x);
    if value.is_nan() {
        Err(RootError::NotANumber { x })
    } else {
        Ok(value)
    }
}

/// [`find_root`] for a caller who has evaluated `f` at both ends already: `(a, f(a))` and
/// `(b, f(b))`, which are not evaluated again (a root search that brackets the root by
/// stepping outward knows both). The same method and stopping rule.
pub fn find_root_between(
    mut f: impl FnMut(f64) -> f64,
    (a, fa): (f64, f64),
    (b, fb): (f64, f64),
    x_tolerance: f64,
    max_iterations: usize,
) -> Result<f64, RootError> {
    check_bracket(a, b, x_tolerance)?;
    if fa.is_nan() {
        return Err(RootError::NotANumber { x: a });
    }
    if fb.is_nan() {
        return Err(RootError::NotANumber { x: b });
    }
    if fa == 0.0 {
        return Ok(a);
    }
    if fb == 0.0 {
        return Ok(b);
    }
    if (fa > 0.0) == (fb > 0.0) {
        return Err(RootError::NoSignChange {
            a,
            b,
            f_a: fa,
            f_b: fb,
        });
    }
    let (mut a, mut b, mut fa, mut fb) = (a, b, fa, fb);
    // b is the best estimate, a the previous one, and c the other end of the bracket [b, c];
    // d is the last step and e the one before, which decide whether interpolation is working.
    let (mut c, mut fc) = (b, fb);
    let (mut d, mut e) = (b - a, b - a);
    for _ in 0..max_iterations {
        if (fb > 0.0) == (fc > 0.0) {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            (a, b, c) = (b, c, b);
            (fa, fb, fc) = (fb, fc, fb);
        }
        let tol = 2.0 * f64::EPSILON * b.abs() + 0.5 * x_tolerance;
        // Halved separately so that ends near ±f64::MAX cannot overflow.
        let half_width = 0.5 * c - 0.5 * b;
        if half_width.abs() <= tol || fb == 0.0 {
            return Ok(b);
        }
        if e.abs() >= tol && fa.abs() > fb.abs() {
            // Inverse quadratic interpolation through a, b, c, or the secant when a = c,
            // written as the step p/q from b. NaN or ∞ from infinite f values fail the
            // acceptance test below and give a bisection.
            let s = fb / fa;
            let (mut p, mut q) = if a == c {
                (2.0 * half_width * s, 1.0 - s)
            } else {
                let (q0, r) = (fa / fc, fb / fc);
                (
                    s * (2.0 * half_width * q0 * (q0 - r) - (b - a) * (r - 1.0)),
                    (q0 - 1.0) * (r - 1.0) * (s - 1.0),
                )
            };
            if p > 0.0 {
                q = -q;
            }
            p = p.abs();
            // Accept the step only if it stays well inside the bracket and is less than half
            // the step before last, so that slow convergence turns into bisection.
            let inside = 3.0 * half_width * q - (tol * q).abs();
            let shrinking = (e * q).abs();
            if 2.0 * p < inside.min(shrinking) {
                e = d;
                d = p / q;
            } else {
                d = half_width;
                e = d;
            }
        } else {
            d = half_width;
            e = d;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol {
            d
        } else {
            tol.copysign(half_width)
        };
        fb = evaluate(&mut f, b)?;
    }
    Err(RootError::NoConvergence {
        iterations: max_iterations,
        best: b,
    })
}

/// A straight line fitted by least squares, y = intercept + slope·x, with the standard errors
/// of its coefficients. Every number is finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineFit {
    /// dy/dx, in units of y per unit of x.
    pub slope: f64,
    /// Standard error of the slope.
    pub slope_std_error: f64,
    /// y at x = 0; exactly 0 for a line through the origin.
    pub intercept: f64,
    /// Standard error of the intercept; 0 for a line through the origin.
    pub intercept_std_error: f64,
    /// R² = 1 − RSS/TSS, with TSS about the mean of y; for a line through the origin about 0
    /// (the uncentered R², as NIST certifies for NoInt1). `None` when y does not vary.
    pub r_squared: Option<f64>,
    /// Residual standard deviation √(RSS/(n − p)), p = 2 (1 through the origin).
    pub residual_sd: f64,
    /// Number of points n.
    pub points: usize,
}

/// Fits y = a + b·x by least squares (unweighted). Needs at least 3 points, so that the
/// standard errors are defined, and 2 distinct x.
///
/// ```
/// use photocalc::science::numeric::fit_line;
/// let line = fit_line(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 4.0, 5.0, 4.0, 5.0]).unwrap();
/// assert!((line.slope - 0.6).abs() < 1e-12 && (line.intercept - 2.2).abs() < 1e-12);
/// ```
pub fn fit_line(x: &[f64], y: &[f64]) -> Result<LineFit, FitError> {
    let report = fit::fit_linear(&Design::straight_line(), &Data::new(x, y))?;
    Ok(line_from(&report))
}

/// Fits y = b·x (through the origin) by least squares (unweighted). Needs at least 2 points
/// and one x other than 0.
pub fn fit_line_through_origin(x: &[f64], y: &[f64]) -> Result<LineFit, FitError> {
    let report = fit::fit_linear(&Design::proportional(), &Data::new(x, y))?;
    Ok(line_from(&report))
}

/// Reads a line out of a report of `Design::straight_line` or `Design::proportional`, whose
/// parameters are named "intercept" and "slope".
fn line_from(report: &FitReport) -> LineFit {
    let (slope, slope_std_error) = report
        .get("slope")
        .map_or((0.0, 0.0), |e| (e.value, e.std_error));
    let (intercept, intercept_std_error) = report
        .get("intercept")
        .map_or((0.0, 0.0), |e| (e.value, e.std_error));
    LineFit {
        slope,
        slope_std_error,
        intercept,
        intercept_std_error,
        r_squared: report.r_squared,
        residual_sd: report.residual_sd,
        points: report.points,
    }
}

/// The least-squares slope alone, Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², over the first
/// min(len) points; `None` for fewer than 2 distinct x or a non-finite result.
///
/// For trend tests inside an algorithm (is a curve still falling at the end of the data?),
/// where 2 points must do and no uncertainty is wanted. A slope shown to the user should
/// come from [`fit_line`], with its standard error; on the same data the two agree to
/// rounding.
pub fn least_squares_slope(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 2 {
        return None;
    }
    let mean_x = x[..n].iter().sum::<f64>() / n as f64;
    let mean_y = y[..n].iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (&a, &b) in x[..n].iter().zip(&y[..n]) {
        sxy += (a - mean_x) * (b - mean_y);
        sxx += (a - mean_x) * (a - mean_x);
    }
    let slope = sxy / sxx;
    (sxx > 0.0 && slope.is_finite()).then_some(slope)
}

/// ∫y dx from `x[0]` to `x[last]` by the trapezoid rule, for samples at unevenly spaced x.
///
/// Each interval counts with its sign, as in NumPy's `trapezoid`: descending x gives −∫, and
/// x that runs back (a voltammetry cycle) integrates along the path. Fewer than 2 points give
/// 0, the integral over no width. `None` when the lengths differ, a value is not finite, or
/// the sum overflows.
pub fn trapezoid(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() {
        return None;
    }
    let mut integral = 0.0;
    for i in 1..x.len() {
        integral += trapezoid_step(x[i - 1], x[i], y[i - 1], y[i])?;
    }
    integral.is_finite().then_some(integral)
}

/// The running integral ∫y dx from `x[0]` to each `x[i]` by the trapezoid rule: as many
/// values as points, starting at 0 (SciPy's `cumulative_trapezoid` with `initial=0`), so it
/// can be plotted against x. Same rules as [`trapezoid`]; the last value equals its result.
pub fn cumulative_trapezoid(x: &[f64], y: &[f64]) -> Option<Vec<f64>> {
    if x.len() != y.len() {
        return None;
    }
    let mut running = Vec::with_capacity(x.len());
    let mut integral = 0.0;
    if !x.is_empty() {
        trapezoid_step(x[0], x[0], y[0], y[0])?;
        running.push(integral);
    }
    for i in 1..x.len() {
        integral += trapezoid_step(x[i - 1], x[i], y[i - 1], y[i])?;
        if !integral.is_finite() {
            return None;
        }
        running.push(integral);
    }
    Some(running)
}

/// The area of one trapezoid, (x1 − x0)·(y0 + y1)/2; `None` when an input or the area is
/// not finite.
fn trapezoid_step(x0: f64, x1: f64, y0: f64, y1: f64) -> Option<f64> {
    if !(x0.is_finite() && x1.is_finite() && y0.is_finite() && y1.is_finite()) {
        return None;
    }
    let area = 0.5 * (x1 - x0) * (y0 + y1);
    area.is_finite().then_some(area)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative difference, for stating tolerances.
    fn rel(actual: f64, expected: f64) -> f64 {
        ((actual - expected) / expected).abs()
    }

    #[test]
    fn interpolate_is_exact_on_lines_and_at_points() {
        let x = [1.0, 2.5, 4.0, 7.0];
        let y: Vec<f64> = x.iter().map(|v| 3.0 - 2.0 * v).collect();
        for at in [1.0, 1.1, 2.5, 3.3, 6.999, 7.0] {
            let got = interpolate(&x, &y, at).unwrap();
            assert!((got - (3.0 - 2.0 * at)).abs() <= 1e-14, "{at}: {got}");
        }
        // The sample itself at a grid point, bit for bit.
        assert_eq!(interpolate(&x, &y, 2.5), Some(y[1]));
        // Piecewise: halfway between two points is their mean.
        assert_eq!(
            interpolate(&[0.0, 1.0, 2.0], &[0.0, 4.0, 0.0], 1.5),
            Some(2.0)
        );
    }

    #[test]
    fn interpolate_never_extrapolates() {
        let x = [1.0, 2.0, 3.0];
        let y = [10.0, 20.0, 30.0];
        for at in [0.999_999, 3.000_001, -1e308, 1e308, f64::NAN, f64::INFINITY] {
            assert_eq!(interpolate(&x, &y, at), None, "{at}");
        }
        assert_eq!(interpolate(&[], &[], 1.0), None);
        assert_eq!(interpolate(&[1.0], &[5.0], 1.0), Some(5.0));
        assert_eq!(interpolate(&[1.0], &[5.0], 1.5), None);
        // Extra points in the longer slice are ignored.
        assert_eq!(interpolate(&x, &y[..2], 2.5), None);
        assert_eq!(interpolate(&x, &y[..2], 1.5), Some(15.0));
        // A NaN sample gives None, not NaN.
        assert_eq!(interpolate(&x, &[10.0, f64::NAN, 30.0], 1.5), None);
        assert_eq!(interpolate(&x, &[10.0, f64::NAN, 30.0], 2.0), None);
    }

    /// A repeated x is a step: the first of its points at and to the left of it, the last
    /// to the right.
    #[test]
    fn interpolate_treats_repeated_x_as_a_step() {
        let x = [1.0, 2.0, 2.0, 3.0];
        let y = [0.0, 10.0, 20.0, 20.0];
        assert_eq!(interpolate(&x, &y, 2.0), Some(10.0));
        assert_eq!(interpolate(&x, &y, 1.5), Some(5.0));
        assert_eq!(interpolate(&x, &y, 2.5), Some(20.0));
    }

    /// On unsorted x: no panic, and any value lies on a segment between two neighbouring
    /// points whose x bracket the query.
    #[test]
    fn interpolate_on_unsorted_x_never_extrapolates() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..2000 {
            let n = 1 + (next() * 8.0) as usize;
            let x: Vec<f64> = (0..n).map(|_| (next() * 10.0).round()).collect();
            let y: Vec<f64> = (0..n).map(|_| next() * 100.0 - 50.0).collect();
            let at = next() * 12.0 - 1.0;
            if let Some(v) = interpolate(&x, &y, at) {
                let on_a_segment = (0..n).any(|i| {
                    let exact = x[i] == at && y[i] == v;
                    let between = i + 1 < n
                        && x[i] < at
                        && at < x[i + 1]
                        && v >= y[i].min(y[i + 1]) - 1e-12
                        && v <= y[i].max(y[i + 1]) + 1e-12;
                    exact || between
                });
                assert!(on_a_segment, "{x:?} {y:?} at {at}: {v}");
            }
        }
    }

    /// x³ − 2x − 5 = 0, Wallis's example (and Brent's and Numerical Recipes' test):
    /// 2.0945514815423265 to double precision. With tolerance 0 the answer is within 4 ulp.
    #[test]
    fn find_root_solves_wallis_cubic() {
        let root = find_root(|x| x * x * x - 2.0 * x - 5.0, 2.0, 3.0, 0.0, 100).unwrap();
        assert!(
            (root - 2.094_551_481_542_326_5).abs() <= 4.0 * f64::EPSILON * 2.1,
            "{root}"
        );
        // The bracket in either order.
        let swapped = find_root(|x| x * x * x - 2.0 * x - 5.0, 3.0, 2.0, 0.0, 100).unwrap();
        assert!(
            (swapped - root).abs() <= 8.0 * f64::EPSILON * 2.1,
            "{swapped}"
        );
    }

    #[test]
    fn find_root_on_known_roots() {
        // cos x = x (the Dottie number, 0.7390851332151607), ln x = 0 with ln 0 = −∞ at an
        // end, eˣ = 2, and a root near the top of the double range.
        // The function, the ends of the bracket, and the root.
        type Case = (fn(f64) -> f64, f64, f64, f64);
        let cases: [Case; 4] = [
            (|x| x.cos() - x, 0.0, 1.0, 0.739_085_133_215_160_7),
            (f64::ln, 0.0, 5.0, 1.0),
            (|x| x.exp() - 2.0, -10.0, 10.0, std::f64::consts::LN_2),
            (|x| x - 1e300, -1e308, 1e308, 1e300),
        ];
        for (f, a, b, expected) in cases {
            let root = find_root(f, a, b, 0.0, 200).unwrap();
            assert!(rel(root, expected) <= 1e-15, "{expected}: {root}");
        }
    }

    #[test]
    fn find_root_between_known_ends_finds_the_same_root_without_evaluating_them_again() {
        let f = |x: f64| x.cos() - x;
        for (a, b) in [(0.0, 1.0), (1.0, 0.0), (0.7, 0.8), (-3.0, 2.0)] {
            let mut asked = Vec::new();
            let root = find_root_between(
                |x| {
                    asked.push(x);
                    f(x)
                },
                (a, f(a)),
                (b, f(b)),
                0.0,
                200,
            )
            .unwrap();
            assert_eq!(root, find_root(f, a, b, 0.0, 200).unwrap(), "{a}..{b}");
            assert!(!asked.contains(&a) && !asked.contains(&b), "{a}..{b}: {asked:?}");
        }
        // Errors as find_root's: no sign change, NaN at an end.
        assert!(matches!(find_root_between(f, (0.0, 1.0), (1.0, 2.0), 0.0, 50), Err(RootError::NoSignChange { .. })));
        assert!(matches!(find_root_between(f, (0.0, f64::NAN), (1.0, -0.5), 0.0, 50), Err(RootError::NotANumber { x }) if x == 0.0));
        assert_eq!(find_root_between(f, (2.0, 0.0), (1.0, -0.5), 0.0, 50).unwrap(), 2.0);
    }

    /// The returned x is within the requested tolerance of the root, and a loose tolerance
    /// takes fewer evaluations than a tight one.
    #[test]
    fn find_root_honours_tolerance() {
        let expected = 2.0f64.sqrt();
        let count = |tolerance: f64| {
            let mut evaluations = 0;
            let root = find_root(
                |x| {
                    evaluations += 1;
                    x * x - 2.0
                },
                0.0,
                100.0,
                tolerance,
                200,
            )
            .unwrap();
            assert!((root - expected).abs() <= tolerance.max(4.0 * f64::EPSILON * expected));
            evaluations
        };
        let loose = count(1e-3);
        let tight = count(0.0);
        assert!(loose < tight, "{loose} vs {tight}");
        // Far fewer evaluations than bisection's ~56 for full precision from a width of 100.
        assert!(tight < 30, "{tight}");
    }

    /// A sign change by a jump is bracketed like a root; steep and flat functions that defeat
    /// pure interpolation still converge through the bisection fallback.
    #[test]
    fn find_root_survives_hard_functions() {
        let step = find_root(
            |x| if x < 1.0 / 3.0 { -1.0 } else { 1.0 },
            0.0,
            1.0,
            0.0,
            200,
        )
        .unwrap();
        assert!((step - 1.0 / 3.0).abs() <= 1e-15, "{step}");
        let flat = find_root(|x| (x - 1.0).powi(9), 0.0, 3.0, 1e-12, 500).unwrap();
        assert!((flat - 1.0).abs() <= 2e-12, "{flat}");
        let steep = find_root(|x| (50.0 * (x - 0.3)).atan(), -10.0, 10.0, 0.0, 200).unwrap();
        assert!((steep - 0.3).abs() <= 1e-15, "{steep}");
        let pole = find_root(|x| 1.0 / (x - 2.0), 1.0, 4.0, 1e-12, 500).unwrap();
        assert!((pole - 2.0).abs() <= 1e-9, "{pole}");
    }

    #[test]
    fn find_root_reports_errors_instead_of_panicking() {
        let f = |x: f64| x - 0.5;
        assert!(matches!(
            find_root(|x| x * x + 1.0, -1.0, 1.0, 0.0, 100),
            Err(RootError::NoSignChange { .. })
        ));
        assert!(matches!(
            find_root(f, f64::NAN, 1.0, 0.0, 100),
            Err(RootError::BadBracket { .. })
        ));
        assert!(matches!(
            find_root(f, 0.0, f64::INFINITY, 0.0, 100),
            Err(RootError::BadBracket { .. })
        ));
        for tolerance in [-1.0, f64::NAN] {
            assert!(matches!(
                find_root(f, 0.0, 1.0, tolerance, 100),
                Err(RootError::BadTolerance { .. })
            ));
        }
        assert!(matches!(
            find_root(|_| f64::NAN, 0.0, 1.0, 0.0, 100),
            Err(RootError::NotANumber { x }) if x == 0.0
        ));
        // NaN inside the bracket, where the search lands.
        let holey = |x: f64| {
            if (0.4..0.6).contains(&x) {
                f64::NAN
            } else {
                x - 0.5
            }
        };
        assert!(matches!(
            find_root(holey, 0.0, 1.0, 0.0, 100),
            Err(RootError::NotANumber { .. })
        ));
        // Too few iterations: the best estimate so far, inside the bracket.
        match find_root(|x| x.powi(3) - 2.0 * x - 5.0, 2.0, 3.0, 0.0, 2) {
            Err(RootError::NoConvergence {
                iterations: 2,
                best,
            }) => {
                assert!((2.0..=3.0).contains(&best), "{best}")
            }
            other => panic!("{other:?}"),
        }
        // An end that is a root is returned as it is, even with no iterations allowed.
        assert_eq!(find_root(f, 0.5, 2.0, 0.0, 0), Ok(0.5));
        assert_eq!(find_root(f, -3.0, 0.5, 0.0, 0), Ok(0.5));
        // An infinite tolerance returns at once, with the end where |f| is smaller.
        assert_eq!(find_root(f, 0.0, 10.0, f64::INFINITY, 100), Ok(0.0));
        for e in [
            RootError::BadBracket {
                a: 1.0,
                b: f64::NAN,
            },
            RootError::BadTolerance { tolerance: -1.0 },
            RootError::NoSignChange {
                a: 0.0,
                b: 1.0,
                f_a: 1.0,
                f_b: 2.0,
            },
            RootError::NotANumber { x: 0.5 },
            RootError::NoConvergence {
                iterations: 3,
                best: 0.5,
            },
        ] {
            let message = e.to_string();
            assert!(message.ends_with('.'), "{message}");
            assert!(message.starts_with(char::is_uppercase), "{message}");
        }
    }

    /// A textbook example small enough to check by hand: x = 1…5, y = 2, 4, 5, 4, 5 gives
    /// ŷ = 2.2 + 0.6x, RSS = 2.4, s² = 0.8, Sxx = 10, so SE(b) = √(0.8/10) and
    /// SE(a) = √(0.8·(1/5 + 9/10)); R² = 1 − 2.4/6 = 0.6.
    #[test]
    fn fit_line_matches_a_hand_calculation() {
        let line = fit_line(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 4.0, 5.0, 4.0, 5.0]).unwrap();
        let tolerance = 1e-13;
        assert!(rel(line.slope, 0.6) < tolerance, "{line:?}");
        assert!(rel(line.intercept, 2.2) < tolerance, "{line:?}");
        assert!(
            rel(line.slope_std_error, 0.08f64.sqrt()) < tolerance,
            "{line:?}"
        );
        assert!(
            rel(line.intercept_std_error, 0.88f64.sqrt()) < tolerance,
            "{line:?}"
        );
        assert!(rel(line.r_squared.unwrap(), 0.6) < tolerance, "{line:?}");
        assert!(rel(line.residual_sd, 0.8f64.sqrt()) < tolerance, "{line:?}");
        assert_eq!(line.points, 5);
        let slope = least_squares_slope(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 4.0, 5.0, 4.0, 5.0]);
        assert!(rel(slope.unwrap(), 0.6) < tolerance);
    }

    /// Through the origin: y = 2x exactly gives slope 2 with standard error 0, and the
    /// intercept is 0 by construction.
    #[test]
    fn fit_line_through_origin_on_exact_data() {
        let line = fit_line_through_origin(&[1.0, 2.0, 4.0], &[2.0, 4.0, 8.0]).unwrap();
        assert!(rel(line.slope, 2.0) < 1e-15, "{line:?}");
        assert_eq!((line.intercept, line.intercept_std_error), (0.0, 0.0));
        assert!(line.slope_std_error < 1e-15, "{line:?}");
        assert_eq!(line.r_squared, Some(1.0));
    }

    #[test]
    fn line_fits_refuse_what_cannot_be_fitted() {
        // Two points determine a line but not its uncertainties.
        assert!(matches!(
            fit_line(&[1.0, 2.0], &[1.0, 3.0]),
            Err(FitError::TooFewPoints { points: 2, free: 2 })
        ));
        assert!(fit_line_through_origin(&[1.0, 2.0], &[1.0, 3.0]).is_ok());
        assert!(matches!(
            fit_line(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]),
            Err(FitError::Singular { .. })
        ));
        assert!(fit_line(&[1.0, 2.0, 3.0], &[1.0, f64::NAN, 3.0]).is_err());
        assert!(fit_line(&[1.0, 2.0, 3.0], &[1.0, 2.0]).is_err());
        // y that does not vary: a flat line, with no R².
        let flat = fit_line(&[1.0, 2.0, 3.0], &[4.0, 4.0, 4.0]).unwrap();
        assert_eq!((flat.slope.abs() < 1e-15, flat.r_squared), (true, None));
        // The closed-form slope needs only 2 distinct x.
        assert_eq!(least_squares_slope(&[1.0, 2.0], &[1.0, 3.0]), Some(2.0));
        assert_eq!(least_squares_slope(&[1.0, 1.0], &[1.0, 3.0]), None);
        assert_eq!(least_squares_slope(&[1.0], &[1.0]), None);
        assert_eq!(least_squares_slope(&[1.0, 2.0], &[1.0, f64::NAN]), None);
    }

    /// ∫₀² (3x + 1) dx = 8: the rule is exact for straight lines, on any grid.
    #[test]
    fn trapezoid_is_exact_for_lines_on_uneven_grids() {
        let x = [0.0, 0.1, 0.7, 0.75, 1.6, 2.0];
        let y: Vec<f64> = x.iter().map(|v| 3.0 * v + 1.0).collect();
        assert!((trapezoid(&x, &y).unwrap() - 8.0).abs() <= 1e-14);
        let running = cumulative_trapezoid(&x, &y).unwrap();
        for (xi, ci) in x.iter().zip(&running) {
            // ∫₀ˣ (3t + 1) dt = 1.5x² + x.
            assert!((ci - (1.5 * xi * xi + xi)).abs() <= 1e-14, "{xi}: {ci}");
        }
    }

    /// For y = x² each interval of width h overestimates by exactly h³/6 (f'' = 2 in the
    /// error term h³f''/12), which gives an exact reference on an uneven grid:
    /// Σ trapezoids = (b³ − a³)/3 + Σ hᵢ³/6.
    #[test]
    fn trapezoid_error_for_parabolas_matches_theory() {
        let x = [-1.0, -0.3, 0.2, 0.5, 1.4, 3.0];
        let y: Vec<f64> = x.iter().map(|v| v * v).collect();
        let correction: f64 = x.windows(2).map(|w| (w[1] - w[0]).powi(3) / 6.0).sum();
        let expected = (27.0 + 1.0) / 3.0 + correction;
        assert!(rel(trapezoid(&x, &y).unwrap(), expected) <= 1e-14);
    }

    /// ∫₀¹ eˣ dx with n equal steps of h: the trapezoid sum is (e − 1)·(h/2)·coth(h/2) in
    /// closed form (a geometric series), which tests the summation, not just the rule.
    #[test]
    fn trapezoid_of_exponential_matches_closed_form() {
        for n in [1usize, 10, 1000, 100_000] {
            let h = 1.0 / n as f64;
            let x: Vec<f64> = (0..=n).map(|i| i as f64 * h).collect();
            let y: Vec<f64> = x.iter().map(|v| v.exp()).collect();
            let half = h / 2.0;
            let expected = (std::f64::consts::E - 1.0) * half / half.tanh();
            let got = trapezoid(&x, &y).unwrap();
            assert!(rel(got, expected) <= 1e-12, "n = {n}: {got} vs {expected}");
            let running = cumulative_trapezoid(&x, &y).unwrap();
            assert_eq!(running.len(), n + 1);
            assert_eq!(running[0], 0.0);
            assert_eq!(running[n], got);
        }
    }

    #[test]
    fn trapezoid_edge_cases() {
        // Descending x integrates from x[0] to x[last]: the sign flips.
        assert_eq!(trapezoid(&[2.0, 0.0], &[1.0, 1.0]), Some(-2.0));
        assert_eq!(trapezoid(&[], &[]), Some(0.0));
        assert_eq!(trapezoid(&[1.0], &[5.0]), Some(0.0));
        assert_eq!(cumulative_trapezoid(&[], &[]), Some(vec![]));
        assert_eq!(cumulative_trapezoid(&[1.0], &[5.0]), Some(vec![0.0]));
        assert_eq!(trapezoid(&[1.0, 2.0], &[5.0]), None);
        assert_eq!(cumulative_trapezoid(&[1.0, 2.0], &[5.0]), None);
        assert_eq!(trapezoid(&[1.0, 2.0], &[5.0, f64::NAN]), None);
        assert_eq!(cumulative_trapezoid(&[1.0], &[f64::INFINITY]), None);
        // Overflowing sums are None, not ∞.
        assert_eq!(trapezoid(&[0.0, 1e308], &[1e308, 1e308]), None);
        assert_eq!(trapezoid(&[-1e308, 1e308], &[2.0, 2.0]), None);
        assert_eq!(cumulative_trapezoid(&[-1e308, 1e308], &[2.0, 2.0]), None);
    }
}
