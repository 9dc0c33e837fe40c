//! Smoothing, derivatives and noise level of a spectrum, for the peak finder.
//!
//! Smoothing and derivatives follow the Savitzky–Golay filter (A. Savitzky, M. J. E. Golay,
//! *Anal. Chem.* **36**, 1627 (1964)), written as a local cubic least-squares fit in the
//! measured wavelengths so that unevenly spaced exports are handled as well; on an even grid
//! it is exactly the classic filter. A short running median before it keeps spikes from
//! turning into peaks. The fit's noise gains (from the diagonal of (VᵀV)⁻¹) and its residuals
//! give the local noise level that the peak finder measures features against.

use super::{finite_or_zero, positive, Spectrum};

/// Width of the smoothing window. Narrower than first-exciton peaks of quantum dots (full
/// widths of 20 nm and more), wide enough to average out detector noise.
pub(super) const SMOOTH_WINDOW_NM: f64 = 12.0;
/// Width of the window for the second derivative, which amplifies noise far more.
pub(super) const SECOND_DERIVATIVE_WINDOW_NM: f64 = 24.0;
/// Width of the running median that removes spikes before smoothing.
const MEDIAN_WINDOW_NM: f64 = 4.0;
/// Caps the smoothing window in points for very finely sampled spectra, to bound the work.
const MAX_HALF_WINDOW_POINTS: usize = 60;

/// The smoothed absorbance used for peak detection, one value per point, for plotting next
/// to the raw data. Empty for a spectrum that breaks the rules of [`Spectrum`].
pub fn smoothed(s: &Spectrum) -> Vec<f64> {
    if s.validate().is_err() {
        return Vec::new();
    }
    let x = &s.wavelength_nm;
    let half = half_window_points(x, SMOOTH_WINDOW_NM);
    local_cubic_fit(x, &median_filtered(x, &s.absorbance), half).value
}

/// Smoothed curve, derivatives and noise levels of one spectrum: everything the peak finder
/// reads, computed once.
pub(super) struct Analysis {
    /// The data after the spike-removing median filter.
    pub(super) filtered: Vec<f64>,
    /// Savitzky–Golay smoothed absorbance over [`SMOOTH_WINDOW_NM`].
    pub(super) smooth: Vec<f64>,
    /// dA/dλ of the same fit, per nm.
    pub(super) d1: Vec<f64>,
    /// d²A/dλ² from the wider fit over [`SECOND_DERIVATIVE_WINDOW_NM`], per nm².
    pub(super) d2: Vec<f64>,
    /// Half width of the smoothing window, in points.
    pub(super) half_smooth: usize,
    /// Half width of the second-derivative window, in points.
    pub(super) half_d2: usize,
    /// Noise left in `smooth` per unit noise on the data, at each point.
    pub(super) smooth_gain: Vec<f64>,
    /// Noise in `d2` per unit noise on the data, at each point.
    pub(super) d2_gain: Vec<f64>,
    /// |data − smoothed|, whose local root-mean-square gives the local noise level.
    residuals: Vec<f64>,
}

impl Analysis {
    /// Filters, smooths and differentiates absorbances `y` measured at wavelengths `x` (nm).
    pub(super) fn new(x: &[f64], y: &[f64]) -> Self {
        let half_smooth = half_window_points(x, SMOOTH_WINDOW_NM);
        let half_d2 = half_window_points(x, SECOND_DERIVATIVE_WINDOW_NM).max(3);
        let filtered = median_filtered(x, y);
        let fit = local_cubic_fit(x, &filtered, half_smooth);
        let wide = local_cubic_fit(x, &filtered, half_d2);
        let residuals: Vec<f64> = y
            .iter()
            .zip(&fit.value)
            .map(|(a, s)| (a - s).abs())
            .collect();
        Analysis {
            smooth_gain: fit.value_gain,
            d2_gain: wide.d2_gain,
            residuals,
            smooth: fit.value,
            filtered,
            d1: fit.d1,
            d2: wide.d2,
            half_smooth,
            half_d2,
        }
    }

    /// Standard deviation of the noise on the data around point `center`, from the
    /// root-mean-square residual within `reach` points. Local, because detectors are often
    /// far noisier at one end of the range than at the other; root-mean-square rather than
    /// a median, because after smoothing, spikes count with their full variance. The
    /// residual misses the share of the noise the fit follows (the hat-matrix diagonal,
    /// `smooth_gain²`), which is put back.
    pub(super) fn local_noise(&self, center: usize, reach: usize) -> f64 {
        let n = self.residuals.len();
        let from = center.saturating_sub(reach).min(n);
        let to = center.saturating_add(reach + 1).min(n);
        let window = self.residuals.get(from..to).unwrap_or(&[]);
        if window.is_empty() {
            return 0.0;
        }
        let mean_square = window.iter().map(|r| r * r).sum::<f64>() / window.len() as f64;
        let gain = self.smooth_gain.get(center).copied().unwrap_or(0.0);
        let kept = (1.0 - gain * gain).max(0.1);
        finite_or_zero((mean_square / kept).sqrt())
    }
}

/// Running median over [`MEDIAN_WINDOW_NM`], applied before the Savitzky–Golay fit.
///
/// Least-squares smoothing spreads a spike (a cosmic ray, a few bad readings) into a bump
/// shaped like a peak; a median removes spikes narrower than half its window and leaves
/// features as broad as excitons (20 nm and more) essentially unchanged. On grids too coarse
/// for a window of 3 points the data is used as it is.
fn median_filtered(x: &[f64], y: &[f64]) -> Vec<f64> {
    let n = x.len().min(y.len());
    let spacing = median_spacing(x);
    let half = (MEDIAN_WINDOW_NM / 2.0 / spacing).floor();
    let half = if half.is_finite() && half >= 1.0 {
        (half as usize).min(MAX_HALF_WINDOW_POINTS)
    } else {
        return y.to_vec();
    };
    let mut window = Vec::with_capacity(2 * half + 1);
    (0..n)
        .map(|i| {
            window.clear();
            window.extend_from_slice(&y[i.saturating_sub(half)..(i + half + 1).min(n)]);
            median(&mut window).unwrap_or(y[i])
        })
        .collect()
}

/// The typical step between wavelengths, robust to gaps and repeated points; 1 when there is
/// no positive step.
pub(super) fn median_spacing(x: &[f64]) -> f64 {
    let mut steps: Vec<f64> = x
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|d| *d > 0.0 && d.is_finite())
        .collect();
    median(&mut steps).unwrap_or(1.0)
}

/// Half the number of points spanning `window_nm` at the median point spacing, at least 2.
fn half_window_points(x: &[f64], window_nm: f64) -> usize {
    let spacing = median_spacing(x);
    let half = (window_nm / 2.0 / spacing).round();
    let half = if half.is_finite() && half > 0.0 {
        (half as usize).min(MAX_HALF_WINDOW_POINTS)
    } else {
        2
    };
    half.max(2)
}

/// The median (the upper one for an even count), reordering `values`; `None` when empty.
pub(super) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mid = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable_by(mid, |a, b| a.total_cmp(b));
    Some(*m)
}

/// Smoothed values and derivatives from a local cubic least-squares fit.
struct LocalFit {
    /// The fitted value at each point.
    value: Vec<f64>,
    /// First derivative, per unit of x.
    d1: Vec<f64>,
    /// Second derivative, per unit of x squared.
    d2: Vec<f64>,
    /// Noise gains at each point: standard deviation of the smoothed value and of the
    /// second derivative per unit standard deviation of white noise on the data. They are
    /// largest at the ends, where the fit is one-sided.
    value_gain: Vec<f64>,
    /// The same for the second derivative.
    d2_gain: Vec<f64>,
}

/// Savitzky–Golay smoothing generalised to uneven spacing: at each point, a cubic is fitted
/// by least squares to the `2·half + 1` nearest points (shifted inwards at the ends) and
/// evaluated with its first two derivatives. On an even grid this is exactly the classic
/// filter. The abscissa is scaled to [−1, 1] to keep the normal equations well conditioned.
fn local_cubic_fit(x: &[f64], y: &[f64], half: usize) -> LocalFit {
    let n = x.len().min(y.len());
    let mut fit = LocalFit {
        value: Vec::with_capacity(n),
        d1: Vec::with_capacity(n),
        d2: Vec::with_capacity(n),
        value_gain: Vec::with_capacity(n),
        d2_gain: Vec::with_capacity(n),
    };
    if n == 0 {
        return fit;
    }
    let width = (2 * half + 1).min(n);
    for i in 0..n {
        let lo = i.saturating_sub(half).min(n - width);
        let hi = lo + width;
        let order = 3.min(width - 1);
        let terms = order + 1;
        let h = (x[hi - 1] - x[i]).max(x[i] - x[lo]);
        let mut result = (y[i], 0.0, 0.0);
        let mut gains = (1.0, 0.0);
        if h > 0.0 && h.is_finite() {
            let mut power_sums = [0.0f64; 7];
            let mut rhs = [0.0f64; 4];
            for k in lo..hi {
                let u = (x[k] - x[i]) / h;
                let mut p = 1.0;
                for (e, sum) in power_sums.iter_mut().enumerate().take(2 * order + 1) {
                    *sum += p;
                    if e < terms {
                        rhs[e] += y[k] * p;
                    }
                    p *= u;
                }
            }
            let mut normal = [[0.0f64; 4]; 4];
            for (r, row) in normal.iter_mut().enumerate().take(terms) {
                for (c, entry) in row.iter_mut().enumerate().take(terms) {
                    *entry = power_sums[r + c];
                }
            }
            if let Some(c) = solve(normal, rhs, terms) {
                let d2 = if order >= 2 {
                    2.0 * c[2] / (h * h)
                } else {
                    0.0
                };
                let candidate = (c[0], c[1] / h, d2);
                if candidate.0.is_finite() && candidate.1.is_finite() && candidate.2.is_finite() {
                    result = candidate;
                }
            }
            // Var(c_k) = σ² (VᵀV)⁻¹_kk for white noise of variance σ².
            let inverse_diagonal = |k: usize| {
                let mut unit = [0.0f64; 4];
                unit[k] = 1.0;
                solve(normal, unit, terms).map_or(0.0, |z| z[k].max(0.0))
            };
            gains.0 = finite_or_zero(inverse_diagonal(0).sqrt());
            if order >= 2 {
                gains.1 = finite_or_zero(inverse_diagonal(2).sqrt() * 2.0 / (h * h));
            }
        }
        fit.value.push(result.0);
        fit.d1.push(result.1);
        fit.d2.push(result.2);
        fit.value_gain.push(gains.0);
        fit.d2_gain.push(gains.1);
    }
    fit
}

/// Solves the leading `m`×`m` system by Gaussian elimination with partial pivoting;
/// `None` when it is singular.
pub(super) fn solve(mut a: [[f64; 4]; 4], mut b: [f64; 4], m: usize) -> Option<[f64; 4]> {
    let m = m.min(4);
    let scale = a
        .iter()
        .take(m)
        .flat_map(|row| row.iter().take(m))
        .fold(0.0f64, |acc, v| acc.max(v.abs()));
    if !positive(scale) || !scale.is_finite() {
        return None;
    }
    for col in 0..m {
        let pivot_row = (col..m).max_by(|&r, &s| a[r][col].abs().total_cmp(&a[s][col].abs()))?;
        if a[pivot_row][col].abs() <= 1e-13 * scale {
            return None;
        }
        a.swap(col, pivot_row);
        b.swap(col, pivot_row);
        let pivot = a[col];
        for row in col + 1..m {
            let factor = a[row][col] / pivot[col];
            for (entry, p) in a[row].iter_mut().zip(pivot).take(m).skip(col) {
                *entry -= factor * p;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut solution = [0.0f64; 4];
    for row in (0..m).rev() {
        let mut sum = b[row];
        for k in row + 1..m {
            sum -= a[row][k] * solution[k];
        }
        solution[row] = sum / a[row][row];
    }
    solution
        .iter()
        .take(m)
        .all(|v| v.is_finite())
        .then_some(solution)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cubic is reproduced exactly, with its derivatives, on an uneven grid.
    #[test]
    fn spectrum_local_fit_is_exact_for_cubics() {
        let x: Vec<f64> = (0..40)
            .map(|i| 400.0 + i as f64 * 2.0 + (i % 3) as f64 * 0.3)
            .collect();
        let f = |v: f64| {
            0.5 + 0.01 * (v - 430.0) - 2e-4 * (v - 430.0).powi(2) + 3e-6 * (v - 430.0).powi(3)
        };
        let df = |v: f64| 0.01 - 4e-4 * (v - 430.0) + 9e-6 * (v - 430.0).powi(2);
        let d2f = |v: f64| -4e-4 + 18e-6 * (v - 430.0);
        let y: Vec<f64> = x.iter().map(|&v| f(v)).collect();
        let fit = local_cubic_fit(&x, &y, 4);
        for i in 0..x.len() {
            assert!((fit.value[i] - y[i]).abs() < 1e-9, "value at {i}");
            assert!((fit.d1[i] - df(x[i])).abs() < 1e-9, "d1 at {i}");
            assert!((fit.d2[i] - d2f(x[i])).abs() < 1e-8, "d2 at {i}");
        }
    }

    /// The analytic derivatives of the fit agree with numerical derivatives of a smooth
    /// curve (a Gaussian much wider than the window).
    #[test]
    fn spectrum_fit_derivatives_match_numerical_derivatives() {
        let x: Vec<f64> = (0..401).map(|i| 300.0 + i as f64 * 0.5).collect();
        let g = |v: f64| (-(v - 400.0).powi(2) / (2.0 * 30.0f64.powi(2))).exp();
        let y: Vec<f64> = x.iter().map(|&v| g(v)).collect();
        let fit = local_cubic_fit(&x, &y, 6);
        let h = 1e-3;
        for i in (20..380).step_by(37) {
            let v = x[i];
            let num_d1 = (g(v + h) - g(v - h)) / (2.0 * h);
            let num_d2 = (g(v + h) - 2.0 * g(v) + g(v - h)) / (h * h);
            assert!((fit.d1[i] - num_d1).abs() < 1e-5, "d1 at {v}");
            assert!((fit.d2[i] - num_d2).abs() < 2e-5, "d2 at {v}");
        }
    }

    /// The noise gain of the centre value matches the textbook quadratic/cubic
    /// Savitzky–Golay value 3(3m² + 3m − 1) / ((2m − 1)(2m + 1)(2m + 3)) for variance.
    #[test]
    fn spectrum_noise_gain_matches_savitzky_golay_formula() {
        let m = 5.0f64;
        let x: Vec<f64> = (0..41).map(f64::from).collect();
        let y = vec![0.0; 41];
        let fit = local_cubic_fit(&x, &y, 5);
        let expected = (3.0 * (3.0 * m * m + 3.0 * m - 1.0)
            / ((2.0 * m - 1.0) * (2.0 * m + 1.0) * (2.0 * m + 3.0)))
            .sqrt();
        let centre = fit.value_gain[20];
        assert!((centre - expected).abs() < 1e-9, "{centre} vs {expected}");
        // One-sided fits at the ends are noisier.
        assert!(
            fit.value_gain[0] > 1.5 * centre,
            "{} vs {centre}",
            fit.value_gain[0]
        );
    }
}
