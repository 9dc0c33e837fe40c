//! Finding the first (lowest-energy) excitonic peak of a quantum-dot absorption spectrum.
//!
//! A maximum of the smoothed absorbance counts when its topographic prominence (its height
//! above the higher of the two cols that separate it from higher ground) exceeds both a few
//! percent of the absorbance range and the local noise. When the exciton has no maximum of
//! its own it is located at the minimum of the second derivative, as in derivative
//! spectroscopy (G. Talsky, *Derivative Spectrophotometry*, VCH 1994). Positions are refined
//! between grid points with parabolas over the top of the peak, and the half width is
//! measured on the red side only, because higher transitions overlap the blue side.

use crate::science::numeric::{interpolate, least_squares_slope};

use super::smoothing::{solve, Analysis, SECOND_DERIVATIVE_WINDOW_NM, SMOOTH_WINDOW_NM};
use super::screen::{screen, usable_segments};
use super::{finite_or_zero, min_max, positive};
use super::{ExcitonPeak, Spectrum, SpectrumError, MIN_POINTS_FOR_PEAK};

/// A maximum must stand out by this fraction of the spectrum's absorbance range.
const MIN_RELATIVE_PROMINENCE: f64 = 0.02;
/// A second-derivative minimum must stand out by this fraction of the second derivative's range.
const MIN_RELATIVE_SHOULDER_DEPTH: f64 = 0.05;
/// The half width is not reported when, at the long-wavelength end of the data, the
/// absorbance still falls faster than this fraction of the mean slope of the peak's red
/// flank: the baseline, and so the half height, lie beyond the data.
const MAX_RELATIVE_END_SLOPE: f64 = 0.1;
/// Shoulders lower than this fraction of the absorbance range above the minimum are taken
/// as ripples in the transparent tail.
const TAIL_FRACTION: f64 = 0.03;

/// Finds the first excitonic peak: the longest-wavelength significant maximum of the
/// smoothed absorbance, or, when there is none, the longest-wavelength significant minimum
/// of the second derivative (a shoulder). `search_nm` limits the wavelengths searched,
/// as (shortest, longest) in nm, in either order; the significance test, the baseline and
/// the half width still use the whole spectrum.
///
/// Significant means standing out by more than 2 % of the absorbance range (ripples in the
/// transparent tail do not) and by several standard deviations of the local noise. The
/// position is refined between grid points with a parabola fitted over the top of the peak.
pub fn find_first_exciton_peak(
    s: &Spectrum,
    search_nm: Option<(f64, f64)>,
) -> Result<ExcitonPeak, SpectrumError> {
    s.validate()?;
    let x = &s.wavelength_nm;
    let n = x.len();
    if n < MIN_POINTS_FOR_PEAK {
        return Err(SpectrumError::TooFewPointsForPeak {
            found: n,
            needed: MIN_POINTS_FOR_PEAK,
        });
    }
    let window = SearchWindow::new(x, search_nm)?;
    // Saturated stretches and steps are left out: the parts between them are searched on
    // their own, from the red end, since the first exciton is the longest-wavelength band.
    let excluded = screen(s);
    let mut searched = false;
    for segment in usable_segments(n, &excluded).into_iter().rev() {
        let (xs, ys) = (&x[segment.clone()], &s.absorbance[segment]);
        if xs.len() < MIN_POINTS_FOR_PEAK {
            continue;
        }
        let Ok(part) = SearchWindow::new(xs, Some((window.min_nm, window.max_nm))) else {
            continue;
        };
        searched = true;
        if let Some(peak) = search(xs, ys, &part) {
            return Ok(peak);
        }
    }
    Err(if searched {
        window.no_peak()
    } else {
        SpectrumError::NothingToSearch {
            min_nm: window.min_nm,
            max_nm: window.max_nm,
        }
    })
}

/// The first excitonic peak among wavelengths `x` (ascending) and absorbances `y`, within
/// `window`: the longest-wavelength maximum, else the longest-wavelength shoulder.
fn search(x: &[f64], y: &[f64], window: &SearchWindow) -> Option<ExcitonPeak> {
    let analysis = Analysis::new(x, y);
    let (lowest, highest) = min_max(&analysis.smooth)?;
    let range = highest - lowest;
    if !positive(range) {
        return None;
    }
    first_maximum(x, &analysis, window, range)
        .or_else(|| first_shoulder(x, &analysis, window, lowest, range))
}

/// The points searched for the peak, `first..end`, and the window in nm clipped to the data
/// (for the message when nothing is found there).
struct SearchWindow {
    /// First point index inside the window.
    first: usize,
    /// One past the last point index inside the window.
    end: usize,
    /// Shortest wavelength searched, nm.
    min_nm: f64,
    /// Longest wavelength searched, nm.
    max_nm: f64,
}

impl SearchWindow {
    /// The points of ascending wavelengths `x` within `search_nm`, given as (shortest,
    /// longest) in nm in either order; all of them without a window. A window must hold at
    /// least 3 points, the fewest that can show a maximum.
    fn new(x: &[f64], search_nm: Option<(f64, f64)>) -> Result<Self, SpectrumError> {
        let (Some(&data_min_nm), Some(&data_max_nm)) = (x.first(), x.last()) else {
            return Err(SpectrumError::TooFewPoints { found: 0 });
        };
        let (min_nm, max_nm) = match search_nm {
            None => (data_min_nm, data_max_nm),
            Some((a, b)) => {
                if !a.is_finite() || !b.is_finite() {
                    return Err(SpectrumError::SearchWindowNotANumber);
                }
                (a.min(b), a.max(b))
            }
        };
        let first = x.partition_point(|&v| v < min_nm);
        let end = x.partition_point(|&v| v <= max_nm);
        if end <= first || end - first < 3 {
            return Err(SpectrumError::SearchWindowOutsideData {
                min_nm,
                max_nm,
                data_min_nm,
                data_max_nm,
            });
        }
        Ok(SearchWindow {
            first,
            end,
            min_nm: min_nm.max(data_min_nm),
            max_nm: max_nm.min(data_max_nm),
        })
    }

    /// The error for a window in which nothing stands out.
    fn no_peak(&self) -> SpectrumError {
        SpectrumError::NoPeak {
            min_nm: self.min_nm,
            max_nm: self.max_nm,
        }
    }
}

/// The longest-wavelength true maximum in the window: where the slope of the smoothed
/// absorbance changes sign from + to − going to longer wavelengths, with a prominence above
/// both [`MIN_RELATIVE_PROMINENCE`] of the absorbance `range` and the local noise.
fn first_maximum(
    x: &[f64],
    analysis: &Analysis,
    window: &SearchWindow,
    range: f64,
) -> Option<ExcitonPeak> {
    let n = x.len();
    let smooth = &analysis.smooth;
    let noise_reach = 4 * analysis.half_smooth.max(3);
    let peak_noise_multiple = noise_multiple(n, analysis.half_smooth);
    let topography = Topography::new(smooth);
    let edge = analysis.half_smooth.max(1);
    let start = window.first.max(edge);
    let stop = window.end.min(n.saturating_sub(edge));
    for j in (start..stop).rev() {
        let is_maximum = smooth[j] > smooth[j - 1] && smooth[j] >= smooth[j + 1];
        if !is_maximum {
            continue;
        }
        let noise = analysis.smooth_gain[j] * analysis.local_noise(j, noise_reach);
        let threshold = (MIN_RELATIVE_PROMINENCE * range).max(peak_noise_multiple * noise);
        let prominence = topography.prominence(j);
        if prominence < threshold {
            continue;
        }
        let (grid_nm, grid_a) = refine_maximum(x, smooth, &analysis.d1, j);
        let first_hwhm = red_side_hwhm(x, smooth, grid_nm, grid_a, 4 * analysis.half_smooth);
        // ± half the half width, where a peak is close to symmetric.
        let top = PeakTop {
            index: j,
            wavelength_nm: grid_nm,
            prominence,
            reach_nm: (0.5 * first_hwhm.unwrap_or(0.0)).max(SMOOTH_WINDOW_NM / 2.0),
        };
        let (peak_nm, peak_a) =
            refine_over_top(x, &analysis.filtered, smooth, &top).unwrap_or((grid_nm, grid_a));
        return Some(ExcitonPeak {
            wavelength_nm: peak_nm,
            absorbance: peak_a,
            hwhm_nm: red_side_hwhm(x, smooth, peak_nm, peak_a, 4 * analysis.half_smooth),
            is_shoulder: false,
        });
    }
    None
}

/// The longest-wavelength shoulder in the window, for an exciton without a maximum of its
/// own: a negative minimum of d²A/dλ², away from the ends where the fit is one-sided, deeper than
/// [`MIN_RELATIVE_SHOULDER_DEPTH`] of the second derivative's range and than its local noise,
/// and higher than [`TAIL_FRACTION`] of the absorbance `range` above the `lowest` smoothed
/// absorbance.
fn first_shoulder(
    x: &[f64],
    analysis: &Analysis,
    window: &SearchWindow,
    lowest: f64,
    range: f64,
) -> Option<ExcitonPeak> {
    let n = x.len();
    let smooth = &analysis.smooth;
    let edge2 = analysis.half_d2.max(1);
    let shoulder_noise_multiple = noise_multiple(n, analysis.half_d2);
    if n <= 2 * edge2 + 2 {
        return None;
    }
    let lo = edge2;
    let hi = n - edge2;
    let curvature: Vec<f64> = analysis.d2[lo..hi].iter().map(|v| -v).collect();
    let (cmin, cmax) = min_max(&curvature)?;
    let depth_floor = MIN_RELATIVE_SHOULDER_DEPTH * (cmax - cmin);
    let topography = Topography::new(&curvature);
    let from = window.first.max(lo + 1);
    let to = window.end.min(hi.saturating_sub(1));
    for i in (from..to).rev() {
        let k = i - lo;
        let (Some(&left), Some(&here), Some(&right)) = (
            curvature.get(k.wrapping_sub(1)),
            curvature.get(k),
            curvature.get(k + 1),
        ) else {
            continue;
        };
        // The second derivative supports a band only where it is negative (the absorbance
        // bends downward): a minimum that stays positive is a background that merely curves
        // less there, as it does beside a step or on the way into saturation.
        if !(here > left && here >= right && here > 0.0) {
            continue;
        }
        let noise = analysis.d2_gain[i] * analysis.local_noise(i, 2 * edge2);
        let threshold = depth_floor.max(shoulder_noise_multiple * noise);
        let prominence = topography.prominence(k);
        if !positive(threshold) || prominence < threshold {
            continue;
        }
        let grid_nm = parabola_vertex((x[i - 1], left), (x[i], here), (x[i + 1], right))
            .map_or(x[i], |v| v.0);
        let top = PeakTop {
            index: k,
            wavelength_nm: grid_nm,
            prominence,
            reach_nm: SECOND_DERIVATIVE_WINDOW_NM,
        };
        let shoulder_nm =
            refine_over_top(&x[lo..hi], &curvature, &curvature, &top).map_or(grid_nm, |v| v.0);
        let shoulder_a = interpolate(x, smooth, shoulder_nm).unwrap_or(smooth[i]);
        if shoulder_a - lowest < TAIL_FRACTION * range {
            continue;
        }
        return Some(ExcitonPeak {
            wavelength_nm: shoulder_nm,
            absorbance: shoulder_a,
            hwhm_nm: red_side_hwhm(x, smooth, shoulder_nm, shoulder_a, 4 * analysis.half_smooth),
            is_shoulder: true,
        });
    }
    None
}

/// How many standard deviations of its noise a feature of a smoothed curve must stand out
/// by, for a spectrum of `n` points smoothed over `2·half + 1`.
///
/// The curve has about N = n / (2·half + 1) independent stretches, and the largest of N
/// Gaussian deviates is about √(2 ln N) standard deviations; prominence runs from a crest to
/// a trough, which doubles it. With a margin of 1.5 standard deviations each way this is
/// about 8 for a typical 400 nm scan, and grows slowly for long, finely sampled ones, so
/// that noise alone rarely passes however many ripples the spectrum has.
fn noise_multiple(n: usize, half: usize) -> f64 {
    let stretches = (n as f64 / (2 * half + 1) as f64).max(2.0);
    2.0 * ((2.0 * stretches.ln()).sqrt() + 1.5)
}

/// Position and height of the maximum near grid point `j`, between grid points: where the
/// fitted slope `d1` crosses zero from + to − next to `j` (interpolated linearly), with the
/// height from the parabola through the three smoothed points around `j`; the parabola's
/// vertex when the slope does not cross there.
fn refine_maximum(x: &[f64], smooth: &[f64], d1: &[f64], j: usize) -> (f64, f64) {
    let n = x.len().min(smooth.len()).min(d1.len());
    if j == 0 || j + 1 >= n {
        return match (x.get(j), smooth.get(j)) {
            (Some(&xj), Some(&aj)) => (xj, aj),
            _ => (0.0, 0.0),
        };
    }
    let (p0, p1, p2) = (
        (x[j - 1], smooth[j - 1]),
        (x[j], smooth[j]),
        (x[j + 1], smooth[j + 1]),
    );
    let crossing = [j - 1, j].into_iter().find_map(|k| {
        let (a, b) = (d1[k], d1[k + 1]);
        (a > 0.0 && b <= 0.0).then(|| x[k] + a / (a - b) * (x[k + 1] - x[k]))
    });
    let refined = match crossing {
        Some(at) => parabola_at(p0, p1, p2, at).map(|value| (at, value)),
        None => parabola_vertex(p0, p1, p2),
    };
    match refined {
        Some((at, value)) if at.is_finite() && value.is_finite() => (at, value.max(smooth[j])),
        _ => p1,
    }
}

/// A maximum of a curve, as found on the grid.
struct PeakTop {
    /// Grid index of the maximum.
    index: usize,
    /// Its position, already refined between grid points.
    wavelength_nm: f64,
    /// Its topographic prominence, in the units of the curve.
    prominence: f64,
    /// How far from the maximum the refining fit may reach.
    reach_nm: f64,
}

/// Refits the top of a peak with a least-squares parabola through `y`, for a position less
/// noisy than the smoothing window alone gives near a broad peak.
///
/// The fit spans at most `top.reach_nm` on either side, and no further than `smooth` stays
/// within half the prominence of the top, so that a nearby valley cannot pull it. `None`
/// when fewer than 5 points remain or the parabola has no maximum inside the span.
fn refine_over_top(x: &[f64], y: &[f64], smooth: &[f64], top: &PeakTop) -> Option<(f64, f64)> {
    let n = x.len().min(y.len()).min(smooth.len());
    let reach = top.reach_nm;
    let level = smooth.get(top.index)? - top.prominence / 2.0;
    let center = top.wavelength_nm;
    let mut from = top.index;
    while from > 0 && smooth[from - 1] >= level && x[from - 1] >= center - reach {
        from -= 1;
    }
    let mut to = top.index + 1;
    while to < n && smooth[to] >= level && x[to] <= center + reach {
        to += 1;
    }
    if to - from < 5 {
        return None;
    }
    let span = (center - x[from]).max(x[to - 1] - center);
    if !positive(span) {
        return None;
    }
    let mut power_sums = [0.0f64; 5];
    let mut rhs = [0.0f64; 4];
    for (&xk, &yk) in x[from..to].iter().zip(&y[from..to]) {
        let u = (xk - center) / span;
        let mut p = 1.0;
        for (e, sum) in power_sums.iter_mut().enumerate() {
            *sum += p;
            if e < 3 {
                rhs[e] += yk * p;
            }
            p *= u;
        }
    }
    let mut normal = [[0.0f64; 4]; 4];
    for (r, row) in normal.iter_mut().enumerate().take(3) {
        for (c, entry) in row.iter_mut().enumerate().take(3) {
            *entry = power_sums[r + c];
        }
    }
    let c = solve(normal, rhs, 3)?;
    if !positive(-c[2]) {
        return None;
    }
    let u = -c[1] / (2.0 * c[2]);
    let at = center + u * span;
    if !(x[from]..=x[to - 1]).contains(&at) {
        return None;
    }
    let value = c[0] + c[1] * u + c[2] * u * u;
    (at.is_finite() && value.is_finite()).then_some((at, value))
}

/// Value at `at` of the parabola through three points with increasing x.
fn parabola_at(p0: (f64, f64), p1: (f64, f64), p2: (f64, f64), at: f64) -> Option<f64> {
    let ((x0, y0), (x1, y1), (x2, y2)) = (p0, p1, p2);
    if !(x0 < x1 && x1 < x2) {
        return None;
    }
    let slope01 = (y1 - y0) / (x1 - x0);
    let curvature = ((y2 - y1) / (x2 - x1) - slope01) / (x2 - x0);
    let value = y0 + slope01 * (at - x0) + curvature * (at - x0) * (at - x1);
    value.is_finite().then_some(value)
}

/// Vertex of the parabola through three points, as (x, y); `None` when they are collinear.
/// The vertex is clamped to the span of the points.
fn parabola_vertex(p0: (f64, f64), p1: (f64, f64), p2: (f64, f64)) -> Option<(f64, f64)> {
    let (x0, y0) = p0;
    let (x1, y1) = p1;
    let (x2, y2) = p2;
    if !(x0 < x1 && x1 < x2) {
        return None;
    }
    let slope01 = (y1 - y0) / (x1 - x0);
    let slope12 = (y2 - y1) / (x2 - x1);
    let curvature = (slope12 - slope01) / (x2 - x0);
    if !positive(curvature.abs()) || !curvature.is_finite() {
        return None;
    }
    // Newton form: p(x) = y0 + slope01 (x − x0) + curvature (x − x0)(x − x1).
    let vertex = ((x0 + x1) / 2.0 - slope01 / (2.0 * curvature)).clamp(x0, x2);
    let value = y0 + slope01 * (vertex - x0) + curvature * (vertex - x0) * (vertex - x1);
    (vertex.is_finite() && value.is_finite()).then_some((vertex, value))
}

/// Half width at half maximum on the long-wavelength side of a peak at `peak_nm` of
/// height `peak_a`, above the baseline: the lowest smoothed absorbance further red.
/// The blue side is overlapped by higher transitions, so only the red side is measured.
/// `None` when the data end before the absorbance levels off (see
/// [`MAX_RELATIVE_END_SLOPE`]); `end_points` is how many final points measure that slope.
fn red_side_hwhm(
    x: &[f64],
    smooth: &[f64],
    peak_nm: f64,
    peak_a: f64,
    end_points: usize,
) -> Option<f64> {
    let n = x.len().min(smooth.len());
    let start = x.partition_point(|&v| v <= peak_nm);
    let tail = smooth.get(start..n)?;
    let (baseline, _) = min_max(tail)?;
    let height = peak_a - baseline;
    if !positive(height) {
        return None;
    }
    let hwhm = half_crossing(x, smooth, start, peak_nm, peak_a, baseline + height / 2.0)?;
    // Least-squares slope over the last points after the peak, steadier than the
    // one-sided fit at the very end.
    let end_from = n.saturating_sub(end_points.max(4)).max(start);
    if let Some(slope) = least_squares_slope(&x[end_from..n], &smooth[end_from..n]) {
        let flank_fall = (height / 2.0) / hwhm;
        if -slope > MAX_RELATIVE_END_SLOPE * flank_fall {
            return None;
        }
    }
    Some(hwhm)
}

/// Distance from the peak to where `smooth` first falls to `half_level` to its red.
fn half_crossing(
    x: &[f64],
    smooth: &[f64],
    start: usize,
    peak_nm: f64,
    peak_a: f64,
    half_level: f64,
) -> Option<f64> {
    let tail = smooth.get(start..)?;
    let (mut prev_x, mut prev_a) = (peak_nm, peak_a);
    for (&xk, &ak) in x.get(start..)?.iter().zip(tail) {
        if ak <= half_level {
            let drop = prev_a - ak;
            let t = if drop > 0.0 {
                ((prev_a - half_level) / drop).clamp(0.0, 1.0)
            } else {
                1.0
            };
            let crossing = prev_x + t * (xk - prev_x);
            let hwhm = crossing - peak_nm;
            return (hwhm.is_finite() && hwhm > 0.0).then_some(hwhm);
        }
        prev_x = xk;
        prev_a = ak;
    }
    None
}

/// Topographic prominence of local maxima: how far a peak stands above the higher of the
/// two lowest points separating it from higher ground (or the ends of the data) on either
/// side. Precomputed so that each query is O(log n), which keeps noisy spectra with many
/// ripples fast.
struct Topography<'a> {
    /// The curve.
    values: &'a [f64],
    /// For each point, the nearest point to its left that is strictly higher.
    previous_higher: Vec<Option<usize>>,
    /// For each point, the nearest point to its right that is strictly higher.
    next_higher: Vec<Option<usize>>,
    /// Range minima of the curve, for the cols between a point and higher ground.
    minima: RangeMin,
}

impl<'a> Topography<'a> {
    /// Precomputes the nearest higher points on each side with two monotonic-stack passes.
    fn new(values: &'a [f64]) -> Self {
        let n = values.len();
        let mut previous_higher = vec![None; n];
        let mut next_higher = vec![None; n];
        let mut stack: Vec<usize> = Vec::new();
        for i in 0..n {
            while stack.last().is_some_and(|&t| values[t] <= values[i]) {
                stack.pop();
            }
            previous_higher[i] = stack.last().copied();
            stack.push(i);
        }
        stack.clear();
        for i in (0..n).rev() {
            while stack.last().is_some_and(|&t| values[t] <= values[i]) {
                stack.pop();
            }
            next_higher[i] = stack.last().copied();
            stack.push(i);
        }
        Topography {
            values,
            previous_higher,
            next_higher,
            minima: RangeMin::new(values),
        }
    }

    /// Prominence of point `i`, ≥ 0; 0 outside the curve.
    fn prominence(&self, i: usize) -> f64 {
        let Some(&peak) = self.values.get(i) else {
            return 0.0;
        };
        let n = self.values.len();
        let left_from = self.previous_higher[i].map_or(0, |p| p + 1);
        let right_to = self.next_higher[i].unwrap_or(n);
        let left_base = self.minima.min(left_from, i + 1);
        let right_base = self.minima.min(i, right_to);
        let prominence = peak - left_base.max(right_base);
        finite_or_zero(prominence).max(0.0)
    }
}

/// Minimum over index ranges, as an iterative segment tree.
struct RangeMin {
    /// Number of values (the leaves are `tree[n..]`).
    n: usize,
    /// Node `i` holds the minimum of nodes `2i` and `2i + 1`.
    tree: Vec<f64>,
}

impl RangeMin {
    /// Builds the tree bottom-up in O(n).
    fn new(values: &[f64]) -> Self {
        let n = values.len();
        let mut tree = vec![f64::INFINITY; 2 * n];
        tree[n..].copy_from_slice(values);
        for i in (1..n).rev() {
            tree[i] = tree[2 * i].min(tree[2 * i + 1]);
        }
        RangeMin { n, tree }
    }

    /// Minimum of `values[from..to]`; +∞ for an empty range.
    fn min(&self, from: usize, to: usize) -> f64 {
        let (mut l, mut r) = (from.min(self.n) + self.n, to.min(self.n) + self.n);
        let mut result = f64::INFINITY;
        while l < r {
            if l & 1 == 1 {
                result = result.min(self.tree[l]);
                l += 1;
            }
            if r & 1 == 1 {
                r -= 1;
                result = result.min(self.tree[r]);
            }
            l >>= 1;
            r >>= 1;
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::science::spectrum::{absorbance_at, smoothed};

    #[test]
    fn spectrum_prominence_of_simple_profile() {
        let v = [0.0, 2.0, 1.0, 3.0, 0.5, 1.5, 0.0];
        let t = Topography::new(&v);
        assert_eq!(t.prominence(3), 3.0);
        assert_eq!(t.prominence(1), 1.0);
        assert_eq!(t.prominence(5), 1.0);
    }

    #[test]
    fn spectrum_parabola_vertex_finds_maximum() {
        let f = |x: f64| 2.0 - (x - 1.3).powi(2);
        let (xv, yv) = parabola_vertex((0.0, f(0.0)), (1.0, f(1.0)), (2.5, f(2.5))).unwrap();
        assert!((xv - 1.3).abs() < 1e-12 && (yv - 2.0).abs() < 1e-12);
        assert!(parabola_vertex((0.0, 1.0), (1.0, 2.0), (2.0, 3.0)).is_none());
    }

    /// Extreme but finite numbers never turn into NaN or infinity in a result.
    #[test]
    fn spectrum_peak_finder_survives_extreme_values() {
        let shapes: [fn(usize) -> f64; 5] = [
            |i| if i % 2 == 0 { 1e300 } else { -1e300 },
            |_| 0.25,
            |i| if i == 20 { 1e308 } else { 0.0 },
            |i| (i as f64 * 0.7).sin() * 1e-300,
            |i| (i as f64 - 20.0).powi(2) * -1e150,
        ];
        for grid in [1e-200, 1e-3, 1.0, 1e150] {
            for shape in shapes {
                let x: Vec<f64> = (0..41).map(|i| 100.0 * grid + i as f64 * grid).collect();
                let y: Vec<f64> = (0..41).map(shape).collect();
                let Ok(s) = Spectrum::new(x, y) else {
                    continue;
                };
                assert!(smoothed(&s).iter().all(|v| v.is_finite()));
                if let Ok(p) = find_first_exciton_peak(&s, None) {
                    assert!(
                        p.wavelength_nm.is_finite() && p.absorbance.is_finite(),
                        "{p:?}"
                    );
                    assert!(p.hwhm_nm.is_none_or(f64::is_finite), "{p:?}");
                }
                let _ = find_first_exciton_peak(&s, Some((-1e308, 1e308)));
                assert!(absorbance_at(&s, s.wavelength_nm[3]).is_some_and(f64::is_finite));
            }
        }
    }
}
