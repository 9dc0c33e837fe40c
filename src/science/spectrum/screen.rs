//! The parts of an absorbance spectrum that cannot hold a peak, found before the search:
//! saturated stretches and steps where the instrument changes lamp or detector.
//!
//! - **Saturation.** Above an absorbance of about 3 less than a thousandth of the light
//!   reaches the detector, and stray light (light of other wavelengths that passes the
//!   monochromator) is a large share of what it reads: the measured absorbance flattens below
//!   the true one, then turns to noise (stray-light ratio, ASTM E387). Instruments also write
//!   an over-range mark there (a Cary writes 10). A maximum found in such a stretch is the
//!   instrument's, not the sample's, and so is one in the readings above 2 around it, where
//!   stray light already flattens and scatters the reading. A run of equal readings at the top of the spectrum above
//!   an absorbance of 1.5 (a flat top) is the same thing at a lower ceiling.
//! - **Steps.** Double-beam spectrometers change lamp (deuterium to tungsten–halogen, usually
//!   between 320 and 360 nm) and some change filter, grating or detector at fixed wavelengths
//!   (415–420 nm and 800–900 nm are common). When the baseline was recorded with other
//!   settings the reading jumps there by an offset, within a nanometre or two, while the
//!   curve keeps its slope on both sides (`uvvis_hzb_wlnm_abs.csv` jumps by 0.385 between
//!   416.8 and 415.4 nm). Smoothing turns a step into a bend that reads as a shoulder, so the
//!   peak search treats the two sides separately.
//!
//! Everything here is total: a spectrum that breaks the rules of [`Spectrum`] gives no
//! exclusions, never a panic.

use std::ops::Range;

use super::smoothing::{median, median_spacing};
use super::Spectrum;
use crate::science::format::Short;
use crate::science::numeric::least_squares_slope;

/// Above this absorbance a reading is taken as saturated (less than 0.1 % of the light passes).
pub const SATURATION_ABSORBANCE: f64 = 3.0;
/// No spectrometer measures an absorbance above about this (a millionth of the light): larger
/// values are over-range marks, or not absorbance at all.
pub const MAX_ABSORBANCE: f64 = 6.0;
/// Readings above this next to a saturated stretch are left out with it: stray light already
/// flattens and scatters them (1 % of the light passes).
const STRAY_LIGHT_ABSORBANCE: f64 = 2.0;
/// A flat top (equal readings at the maximum) counts as saturation only above this absorbance;
/// below it a run of equal values is the rounding of a broad maximum.
const FLAT_TOP_MIN_ABSORBANCE: f64 = 1.5;
/// Fewest equal readings at the maximum that make a flat top.
const FLAT_TOP_MIN_POINTS: usize = 3;
/// A step happens within this width; a rise spread wider is a steep feature of the sample.
const STEP_MAX_WIDTH_NM: f64 = 2.0;
/// How far on either side of a step the slope and level of the curve are measured.
const STEP_REACH_NM: f64 = 5.0;
/// At most this many intervals on each side of a step, the nearest, measure the curve around
/// it (all of [`STEP_REACH_NM`] on grids down to 0.02 nm): on finer grids the work per point
/// would grow with the fineness, and a 20,000-point spectrum on a 0.01 nm grid took a minute.
const STEP_REACH_POINTS: usize = 250;
/// Steps are looked for only on grids at least this fine: on a coarser grid a jump between two
/// points cannot be told from a steep slope.
const STEP_MAX_SPACING_NM: f64 = 1.0;
/// Smallest jump, in absorbance, reported as a step.
const STEP_MIN_JUMP: f64 = 0.01;
/// A step stands out from the point-to-point noise by at least this many standard deviations.
const STEP_NOISE_MULTIPLE: f64 = 10.0;
/// The offset a step leaves is at least this many times the scatter of the readings about the
/// curve on its two sides: noise that wanders in runs is not a step.
const STEP_LEVEL_MULTIPLE: f64 = 5.0;

/// Why a stretch of a spectrum is left out of the peak search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Exclusion {
    /// Readings above [`SATURATION_ABSORBANCE`]; the highest one.
    Saturated { max_absorbance: f64 },
    /// Equal readings at the spectrum's maximum (above 1.5): the detector's ceiling.
    FlatTop { absorbance: f64 },
    /// A jump of the reading (absorbance, positive when it rises toward shorter wavelengths)
    /// within [`STEP_MAX_WIDTH_NM`], with the curve continuing on both sides.
    Step { jump: f64 },
}

/// A stretch of a spectrum left out of the peak search, with the reason.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Excluded {
    /// Shortest wavelength of the stretch, nm (for a step: the last point before it).
    pub from_nm: f64,
    /// Longest wavelength of the stretch, nm (for a step: the first point after it).
    pub to_nm: f64,
    /// Index of the first point of the stretch.
    pub first: usize,
    /// Index of the last point of the stretch.
    pub last: usize,
    /// Why it is left out.
    pub why: Exclusion,
}

impl Excluded {
    /// The note telling the user what was left out and why, in a sentence.
    pub fn note(&self) -> String {
        let (from, to) = (Short(self.from_nm, 4), Short(self.to_nm, 4));
        match self.why {
            Exclusion::Saturated { max_absorbance } => format!(
                "Left out {from}–{to} nm: the absorbance there rises above {SATURATION_ABSORBANCE} (up to {}{}) and stays above {STRAY_LIGHT_ABSORBANCE}, too little light for a true reading. Dilute the sample to measure there.",
                Short(max_absorbance, 3),
                if max_absorbance > MAX_ABSORBANCE { ": over-range marks, beyond the about 6 a spectrometer reads" } else { "" }
            ),
            Exclusion::FlatTop { absorbance } => format!(
                "Left out {from}–{to} nm: the absorbance is flat at its maximum, {}, the detector's ceiling. Dilute the sample to measure there.",
                Short(absorbance, 4)
            ),
            Exclusion::Step { jump } => format!(
                "The absorbance jumps by {}{} between {from} and {to} nm, probably a lamp, filter or detector change: the two sides were searched apart.",
                if jump > 0.0 { "+" } else { "\u{2212}" },
                Short(jump.abs(), 3)
            ),
        }
    }

    /// The points the peak search leaves out: the whole stretch, or for a step the points on
    /// the jump between its two ends.
    fn removed(&self) -> Range<usize> {
        match self.why {
            Exclusion::Step { .. } => self.first + 1..self.last.max(self.first + 1),
            _ => self.first..self.last + 1,
        }
    }
}

/// Finds the saturated stretches, flat tops and steps of a spectrum, in order of wavelength.
/// Empty for a spectrum that breaks the rules of [`Spectrum`].
pub fn screen(s: &Spectrum) -> Vec<Excluded> {
    if s.validate().is_err() {
        return Vec::new();
    }
    let (x, y) = (&s.wavelength_nm, &s.absorbance);
    let mut found = saturated_or_flat(x, y);
    // A step among readings above 3 is noise of the saturation; one where stray light only
    // flattens the reading is the instrument's, and said.
    for step in steps(x, y) {
        if y[step.first] <= SATURATION_ABSORBANCE && y[step.last] <= SATURATION_ABSORBANCE {
            let at = found.partition_point(|e| e.first <= step.first);
            found.insert(at, step);
        }
    }
    found
}

/// The index ranges of a spectrum of `n` points left to search once `excluded` (in order of
/// their first point, as [`screen`] gives them) is taken out, in order of wavelength: a step
/// splits the spectrum at its jump.
pub(super) fn usable_segments(n: usize, excluded: &[Excluded]) -> Vec<Range<usize>> {
    let mut segments = Vec::new();
    let mut start = 0;
    for r in excluded.iter().map(Excluded::removed) {
        let from = r.start.min(n);
        if from > start {
            segments.push(start..from);
        }
        start = start.max(r.end.min(n));
    }
    if start < n {
        segments.push(start..n);
    }
    segments
}

/// Saturated stretches and flat tops, in order of wavelength.
///
/// A saturated stretch is a run of readings above [`STRAY_LIGHT_ABSORBANCE`] (joined across
/// dips of up to 2 readings) that holds at least 2 readings above [`SATURATION_ABSORBANCE`]
/// (a single one is a spike, left to the median filter): around the saturated readings, stray
/// light already flattens and scatters the reading. A flat top is a run of at least
/// [`FLAT_TOP_MIN_POINTS`] readings equal to the spectrum's maximum, when that maximum is above
/// [`FLAT_TOP_MIN_ABSORBANCE`] and not saturated.
fn saturated_or_flat(x: &[f64], y: &[f64]) -> Vec<Excluded> {
    let n = x.len().min(y.len());
    let top = y.iter().copied().fold(f64::MIN, f64::max);
    let flat_possible = top > FLAT_TOP_MIN_ABSORBANCE && top <= SATURATION_ABSORBANCE;
    let mut found = Vec::new();
    let mut k = 0;
    while k < n {
        let first = k;
        if y[k] > STRAY_LIGHT_ABSORBANCE {
            let (mut last, mut above, mut j) = (k, 0, k);
            while j < n && j <= last + 3 {
                if y[j] > STRAY_LIGHT_ABSORBANCE {
                    last = j;
                }
                above += usize::from(y[j] > SATURATION_ABSORBANCE);
                j += 1;
            }
            if above >= 2 {
                let max_absorbance = y[first..=last].iter().copied().fold(f64::MIN, f64::max);
                found.push(Excluded { from_nm: x[first], to_nm: x[last], first, last, why: Exclusion::Saturated { max_absorbance } });
                k = last + 1;
                continue;
            }
        }
        while flat_possible && k < n && y[k] == top {
            k += 1;
        }
        if k - first >= FLAT_TOP_MIN_POINTS {
            found.push(Excluded { from_nm: x[first], to_nm: x[k - 1], first, last: k - 1, why: Exclusion::FlatTop { absorbance: top } });
        }
        k = k.max(first + 1);
    }
    found
}

/// Steps: runs of point-to-point changes, within [`STEP_MAX_WIDTH_NM`], that depart from the
/// slope of the curve around them by more than [`STEP_NOISE_MULTIPLE`] times its
/// point-to-point noise, all the same way, and leave the curve offset by most of the jump
/// (a spike goes up and comes back, a step stays).
fn steps(x: &[f64], y: &[f64]) -> Vec<Excluded> {
    let n = x.len().min(y.len());
    let spacing = median_spacing(x);
    if n < 8 || !(spacing > 0.0 && spacing <= STEP_MAX_SPACING_NM) {
        return Vec::new();
    }
    let slope = |j: usize| (y[j + 1] - y[j]) / (x[j + 1] - x[j]);
    // The departure of interval i from the curve around it, and the noise of that departure,
    // from the intervals within reach on either side, outside the width a step may take.
    let mut around: Vec<f64> = Vec::new();
    let mut departure = |i: usize| -> Option<(f64, f64)> {
        let (from_nm, to_nm) = (x[i] - STEP_MAX_WIDTH_NM, x[i + 1] + STEP_MAX_WIDTH_NM);
        let first = x.partition_point(|&v| v < from_nm - STEP_REACH_NM);
        let end = x.partition_point(|&v| v <= to_nm + STEP_REACH_NM).min(n - 1);
        // The intervals that end by `from_nm` and those that start from `to_nm` (x ascends).
        let left_end = x.partition_point(|&v| v <= from_nm).saturating_sub(1).max(first);
        let right_start = x.partition_point(|&v| v < to_nm).clamp(first, end);
        let left = left_end.saturating_sub(STEP_REACH_POINTS).max(first)..left_end;
        let outside = left.chain(right_start..(right_start + STEP_REACH_POINTS).min(end));
        around.clear();
        around.extend(outside.clone().map(slope));
        if around.len() < 4 {
            return None;
        }
        let reference = median(&mut around)?;
        around.clear();
        around.extend(outside.map(|j| (y[j + 1] - y[j]) - reference * (x[j + 1] - x[j])));
        let centre = median(&mut around)?;
        around.iter_mut().for_each(|r| *r = (*r - centre).abs());
        let noise = 1.4826 * median(&mut around)?;
        let r = (y[i + 1] - y[i]) - reference * (x[i + 1] - x[i]);
        (r.is_finite() && noise.is_finite()).then_some((r, noise))
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < n {
        let Some((r, noise)) = departure(i) else {
            i += 1;
            continue;
        };
        let stands_out = |r: f64, noise: f64| r.abs() > (STEP_NOISE_MULTIPLE * noise).max(STEP_MIN_JUMP / 4.0);
        if !stands_out(r, noise) {
            i += 1;
            continue;
        }
        // The run of intervals departing the same way.
        let first = i;
        let mut jump = r;
        let mut worst_noise = noise;
        let mut end = i + 1;
        while end + 1 < n {
            match departure(end) {
                Some((r2, noise2)) if r2.signum() == r.signum() && stands_out(r2, noise2) => {
                    jump += r2;
                    worst_noise = worst_noise.max(noise2);
                    end += 1;
                }
                _ => break,
            }
        }
        i = end;
        let (a, b) = (first, end);
        let width = x[b] - x[a];
        let count = (b - a) as f64;
        if width > STEP_MAX_WIDTH_NM || jump.abs() < STEP_MIN_JUMP || jump.abs() < STEP_NOISE_MULTIPLE * worst_noise * count.sqrt() {
            continue;
        }
        if !level_shift_persists(x, y, a, b, jump) {
            continue;
        }
        // Positive when the absorbance rises toward shorter wavelengths, as the page reads it.
        found.push(Excluded {
            from_nm: x[a],
            to_nm: x[b],
            first: a,
            last: b,
            why: Exclusion::Step { jump: -jump },
        });
    }
    found
}

/// Whether the curve on the two sides of a jump from point `a` to point `b` stays offset by
/// at least half of `jump`, and by [`STEP_LEVEL_MULTIPLE`] times the scatter of the readings
/// about it: straight lines fitted over [`STEP_REACH_NM`] on each side, leaving out the two
/// ends of the jump (so that a spike, one reading off the curve, shows no offset), compared
/// midway.
fn level_shift_persists(x: &[f64], y: &[f64], a: usize, b: usize, jump: f64) -> bool {
    let left = x.partition_point(|&v| v < x[a] - STEP_REACH_NM).max(a.saturating_sub(STEP_REACH_POINTS))..a;
    let right_end = x.partition_point(|&v| v <= x[b] + STEP_REACH_NM).min(b + 1 + STEP_REACH_POINTS);
    let right = (b + 1).min(x.len())..right_end;
    // Slope, mean x, mean y and the sum of squared residuals of a straight line.
    let line = |r: Range<usize>| -> Option<(f64, f64, f64, f64)> {
        let (xs, ys) = (x.get(r.clone())?, y.get(r)?);
        if xs.len() < 3 {
            return None;
        }
        let slope = least_squares_slope(xs, ys)?;
        let mean_x = xs.iter().sum::<f64>() / xs.len() as f64;
        let mean_y = ys.iter().sum::<f64>() / ys.len() as f64;
        let squares = xs.iter().zip(ys).map(|(&u, &v)| (v - mean_y - slope * (u - mean_x)).powi(2)).sum::<f64>();
        Some((slope, mean_x, mean_y, squares))
    };
    let points = (left.len() + right.len()) as f64;
    let (Some(l), Some(r)) = (line(left), line(right)) else {
        return false;
    };
    let scatter = ((l.3 + r.3) / (points - 4.0).max(1.0)).sqrt();
    let middle = (x[a] + x[b]) / 2.0;
    let offset = (r.2 + r.0 * (middle - r.1)) - (l.2 + l.0 * (middle - l.1));
    offset.is_finite()
        && offset.signum() == jump.signum()
        && offset.abs() >= 0.5 * jump.abs()
        && offset.abs() >= STEP_LEVEL_MULTIPLE * scatter
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A smooth, falling absorbance on a fine grid, optionally with an offset added below
    /// `step_at_nm`.
    fn falling(step_at_nm: Option<f64>, offset: f64) -> Spectrum {
        let x: Vec<f64> = (0..=1000).map(|i| 400.0 + i as f64 * 0.2).collect();
        let y = x
            .iter()
            .map(|&v| 0.1 + 2.0 * (-(v - 400.0) / 60.0).exp() + if step_at_nm.is_some_and(|s| v < s) { offset } else { 0.0 })
            .collect();
        Spectrum::new(x, y).unwrap()
    }

    #[test]
    fn a_smooth_spectrum_has_nothing_to_leave_out() {
        assert_eq!(screen(&falling(None, 0.0)), Vec::new());
    }

    #[test]
    fn a_step_is_found_where_it_is_with_its_jump() {
        let found = screen(&falling(Some(416.0), 0.2));
        assert_eq!(found.len(), 1, "{found:?}");
        let step = found[0];
        assert!(matches!(step.why, Exclusion::Step { jump } if (jump - 0.2).abs() < 0.01), "{step:?}");
        assert!(step.from_nm <= 416.0 && step.to_nm >= 415.8 && step.to_nm - step.from_nm <= 0.4, "{step:?}");
        let note = step.note();
        assert!(note.starts_with("The absorbance jumps by +0.2"), "{note}");
        // The search is split at the step.
        assert_eq!(usable_segments(1001, &found), vec![0..step.first + 1, step.last..1001]);
        // A drop is a step too.
        let down = screen(&falling(Some(560.0), -0.05));
        assert!(matches!(down.as_slice(), [Excluded { why: Exclusion::Step { jump }, .. }] if (jump + 0.05).abs() < 0.005), "{down:?}");
    }

    #[test]
    fn a_spike_or_a_tiny_offset_is_not_a_step() {
        let mut spiky = falling(None, 0.0);
        spiky.absorbance[500] += 0.3;
        assert_eq!(screen(&spiky), Vec::new());
        assert_eq!(screen(&falling(Some(416.0), 0.005)), Vec::new(), "below the 0.01 smallest step");
        // On a 2 nm grid a jump cannot be told from a steep slope.
        let coarse = Spectrum::new((0..100).map(|i| 400.0 + 2.0 * i as f64).collect(), (0..100).map(|i| if i < 10 { 1.0 } else { 0.5 }).collect()).unwrap();
        assert_eq!(screen(&coarse), Vec::new());
    }

    #[test]
    fn saturated_stretches_and_flat_tops_are_left_out() {
        // Noise between 3 and 10 (an over-range mark) below 450 nm, as a long-pass filter reads.
        let x: Vec<f64> = (0..=80).map(|i| 400.0 + 5.0 * i as f64).collect();
        let y: Vec<f64> = x.iter().enumerate().map(|(i, &v)| if v < 450.0 { if i % 3 == 0 { 10.0 } else { 3.2 + 0.1 * (i % 4) as f64 } } else { 0.03 }).collect();
        let found = screen(&Spectrum::new(x.clone(), y).unwrap());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].from_nm, found[0].to_nm, found[0].first, found[0].last), (400.0, 445.0, 0, 9));
        assert_eq!(found[0].why, Exclusion::Saturated { max_absorbance: 10.0 });
        let note = found[0].note();
        assert!(note.starts_with("Left out 400–445 nm: the absorbance there rises above 3 (up to 10: over-range marks, beyond the about 6"), "{note}");
        assert_eq!(usable_segments(81, &found), vec![10..81]);

        // A single reading above 3 is a spike, left to the median filter.
        let mut one = vec![0.5; 81];
        one[40] = 3.5;
        assert_eq!(screen(&Spectrum::new(x.clone(), one).unwrap()), Vec::new());

        // A detector ceiling at 2.5 for 5 points; the same run at 1.2 is a rounded maximum.
        let clipped: Vec<f64> = (0..81).map(|i| if (30..35).contains(&i) { 2.5 } else { 2.5 - 0.05 * (i as f64 - 32.0).abs() }).collect();
        let found = screen(&Spectrum::new(x.clone(), clipped.clone()).unwrap());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].first, found[0].last, found[0].why), (30, 34, Exclusion::FlatTop { absorbance: 2.5 }));
        let low: Vec<f64> = clipped.iter().map(|a| a - 1.3).collect();
        assert_eq!(screen(&Spectrum::new(x, low).unwrap()), Vec::new());
    }

    #[test]
    fn segments_cover_what_is_left() {
        let saturated = Excluded { from_nm: 0.0, to_nm: 0.0, first: 0, last: 4, why: Exclusion::Saturated { max_absorbance: 4.0 } };
        let step = Excluded { from_nm: 0.0, to_nm: 0.0, first: 10, last: 11, why: Exclusion::Step { jump: 0.1 } };
        assert_eq!(usable_segments(20, &[saturated, step]), vec![5..11, 11..20]);
        assert_eq!(usable_segments(20, &[]), vec![0..20]);
        let all = Excluded { last: 19, ..saturated };
        assert_eq!(usable_segments(20, &[all]), Vec::<Range<usize>>::new());
    }
}
