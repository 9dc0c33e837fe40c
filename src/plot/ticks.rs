//! Axis tick labels: the text plotters writes under each tick of an axis.
//!
//! plotters picks an axis's ticks itself (for `RangedCoordf64`: multiples of a step of 1, 2 or
//! 5 × 10ᵏ, at most as many as the mesh's label count) and then calls the label formatter once
//! per tick, with the value alone. A formatter that sees only the value cannot know how many
//! decimals tell neighbouring ticks apart ([Q] ticks of 0, 5 × 10⁻⁶, 1 × 10⁻⁵ mol/L all read
//! "0" at three decimals), so [`AxisLabels`] is built from the axis range: it asks plotters for
//! the same ticks the mesh will draw and formats every tick to the resolution of their step.

use plotters::coord::ranged1d::{BoldPoints, Ranged};
use plotters::coord::types::RangedCoordf64;

use crate::science::format::superscript;

/// The most ticks an axis gets: plotters' own default, written out because the labels must be
/// built with the same count the mesh is configured with.
pub const MAX_TICKS: usize = 11;

/// Below this magnitude an axis is labelled in scientific notation, as [`crate::science::format::sig`]
/// does (`0.0005` would need its leading zeros counted).
const SCIENTIFIC_BELOW: f64 = 1e-3;
/// From this magnitude on an axis is labelled in scientific notation, as `sig` does.
const SCIENTIFIC_FROM: f64 = 1e5;
/// Significant digits of the label of an axis with a single tick (no step to resolve).
const SINGLE_TICK_DIGITS: i32 = 6;

/// The tick labels of one linear axis, for the ticks plotters draws on it.
///
/// Every label has exactly enough decimals to resolve the tick step (so neighbours differ and
/// no label carries a trailing zero), never reads "-0", and uses the "m × 10ⁿ" notation of
/// `sig` when the axis's largest tick is below 10⁻³ or from 10⁵ on, for every tick of that
/// axis alike. Non-finite values get an empty label.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisLabels {
    /// The values plotters puts ticks at, in its order.
    ticks: Vec<f64>,
    /// The tick count the mesh must be configured with (`x_labels` / `y_labels`) for plotters
    /// to choose these ticks.
    max_ticks: usize,
    /// Labels resolve 10^`resolution_exponent`: the step is 1, 2 or 5 times this power.
    resolution_exponent: i32,
    /// Whether labels are written as "m × 10ⁿ".
    scientific: bool,
}

impl AxisLabels {
    /// Labels for an axis over `range` (either way round) with at most `max_ticks` ticks.
    pub fn new(range: (f64, f64), max_ticks: usize) -> Self {
        // plotters asserts on NaN (or drops it: f64::min ignores a NaN), and an infinite span
        // would make its step infinite.
        let usable = range.0.is_finite() && range.1.is_finite() && (range.1 - range.0).is_finite();
        let (lo, hi) = (range.0.min(range.1), range.0.max(range.1));
        let ticks: Vec<f64> = if usable && max_ticks > 0 {
            RangedCoordf64::from(range.0..range.1).key_points(BoldPoints(max_ticks))
        } else {
            Vec::new()
        };
        let resolution_exponent = match ticks.as_slice() {
            [first, .., last] => {
                let step = (last - first).abs() / (ticks.len() - 1) as f64;
                // log10 of 1, 2 or 5 × 10ᵏ is k, k + 0.30 or k + 0.70: the 0.1 absorbs float noise.
                (step.log10() + 0.1).floor() as i32
            }
            // One tick (plotters draws one when the span is below f64::EPSILON) or none: six
            // significant digits of the axis's size.
            _ => {
                let size = if usable { lo.abs().max(hi.abs()) } else { 0.0 };
                if size > 0.0 {
                    size.log10().floor() as i32 - (SINGLE_TICK_DIGITS - 1)
                } else {
                    0
                }
            }
        };
        let mut labels = AxisLabels { ticks, max_ticks, resolution_exponent, scientific: false };
        let largest = if !labels.ticks.is_empty() {
            labels.ticks.iter().map(|&t| labels.snapped(t).abs()).fold(0.0, f64::max)
        } else if usable {
            lo.abs().max(hi.abs())
        } else {
            0.0
        };
        labels.scientific = largest > 0.0 && !(SCIENTIFIC_BELOW..SCIENTIFIC_FROM).contains(&largest);
        labels
    }

    /// Labels for an axis `axis_px` long, with as many ticks (at most [`MAX_TICKS`]) as leave
    /// room between neighbouring labels: `label_px` is the room one label takes along the axis
    /// (its width on a horizontal axis, its line height on a vertical one), gap included.
    pub fn fitting(range: (f64, f64), axis_px: f64, label_px: impl Fn(&str) -> f64) -> Self {
        let span = (range.1 - range.0).abs();
        let mut labels = Self::new(range, MAX_TICKS);
        for max_ticks in (2..=MAX_TICKS).rev() {
            labels = Self::new(range, max_ticks);
            let spacing_px = match labels.ticks.as_slice() {
                [first, .., last] if span > 0.0 => axis_px * (last - first).abs() / (labels.ticks.len() - 1) as f64 / span,
                // A single tick never collides.
                _ => return labels,
            };
            let widest_px = labels.labels().iter().map(|l| label_px(l)).fold(0.0, f64::max);
            if widest_px <= spacing_px {
                return labels;
            }
        }
        labels
    }

    /// The values plotters draws ticks at.
    pub fn ticks(&self) -> &[f64] {
        &self.ticks
    }

    /// The label count to configure the mesh with, so that plotters draws [`Self::ticks`].
    pub fn max_ticks(&self) -> usize {
        self.max_ticks
    }

    /// The labels of all ticks, in the order of [`Self::ticks`].
    pub fn labels(&self) -> Vec<String> {
        self.ticks.iter().map(|&t| self.label(t)).collect()
    }

    /// The label of the tick at `value` (plotters passes the values of [`Self::ticks`]).
    pub fn label(&self, value: f64) -> String {
        if !value.is_finite() {
            return String::new();
        }
        let value = self.snapped(value);
        // Also catches -0.0, and the float noise plotters leaves on a zero tick (1e-22).
        if value == 0.0 {
            return "0".to_string();
        }
        if self.scientific {
            // One digit more than the step needs, in case log10 lands below an exact power of
            // ten; the extra digit is then a zero and trimmed.
            let exponent = value.abs().log10().floor() as i32;
            let precision = (exponent - self.resolution_exponent + 1).max(0) as usize;
            let text = format!("{value:.precision$e}");
            let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
            format!("{} × 10{}", trim_fraction(mantissa), superscript(exponent))
        } else {
            let decimals = (-self.resolution_exponent).max(0) as usize;
            trim_fraction(&format!("{value:.decimals$}")).to_string()
        }
    }

    /// `value` rounded to the labels' resolution, so that a tick's float noise (1000.0011000000001,
    /// 5e-22 for zero) does not reach the label.
    fn snapped(&self, value: f64) -> f64 {
        // Powers of ten up to 10²² are exact doubles; multiplying by one keeps the rounding exact.
        let snapped = match self.resolution_exponent {
            k @ -22..=-1 => {
                let scale = 10_f64.powi(-k);
                (value * scale).round() / scale
            }
            k @ 0..=22 => {
                let unit = 10_f64.powi(k);
                (value / unit).round() * unit
            }
            // Far outside any chart PhotoCalc draws: an inexact power of ten still rounds a
            // zero tick's noise away.
            k => {
                let unit = 10_f64.powi(k);
                if unit > 0.0 { (value / unit).round() * unit } else { value }
            }
        };
        if snapped.is_finite() { snapped } else { value }
    }
}

/// "2.50" → "2.5", "3.000" → "3"; text without a decimal point ("450") is left alone.
fn trim_fraction(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

/// A generous estimate of the width of a tick label, in ems of its font: the same on the canvas
/// and in the SVG download (where text cannot be measured), and no text layout in the page.
/// Sans-serif digits are 0.56 em wide; points and spaces about 0.28; superscripts about 0.35.
pub fn label_width_em(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            '.' | ' ' | ',' => 0.3,
            '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '⁻' => 0.4,
            _ => 0.6,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a label back: plain decimals, or "m × 10ⁿ" with a superscript exponent.
    fn parse_label(label: &str) -> f64 {
        let ascii: String = label
            .replace(" × 10", "e")
            .chars()
            .map(|c| match "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|s| s == c) {
                Some(digit) => char::from_digit(digit as u32, 10).unwrap(),
                None if c == '⁻' => '-',
                None => c,
            })
            .collect();
        ascii.parse().unwrap_or_else(|_| panic!("label {label:?} does not read back as a number ({ascii:?})"))
    }

    #[test]
    fn labels_read_back() {
        assert_eq!(parse_label("2.5 × 10⁻⁶"), 2.5e-6);
        assert_eq!(parse_label("1 × 10¹²"), 1e12);
        assert_eq!(parse_label("-1000.0011"), -1000.0011);
    }

    /// Checks the labels of every tick plotters draws over `range`: they differ from each
    /// other, read back to within half a step of their tick, and are at most `max_chars` long.
    #[track_caller]
    fn check_axis(range: (f64, f64), max_chars: usize) -> Vec<String> {
        let axis = AxisLabels::new(range, MAX_TICKS);
        let ticks = axis.ticks();
        let labels = axis.labels();
        let context = format!("range {range:?}: ticks {ticks:?}, labels {labels:?}");
        assert!(ticks.len() >= 2, "{context}");
        // The ticks are plotters' own: the same values its mesh labels.
        let plotters_ticks = RangedCoordf64::from(range.0..range.1).key_points(BoldPoints(MAX_TICKS));
        assert_eq!(ticks, plotters_ticks.as_slice(), "{context}");
        let step = (ticks[ticks.len() - 1] - ticks[0]).abs() / (ticks.len() - 1) as f64;
        for window in labels.windows(2) {
            assert_ne!(window[0], window[1], "{context}");
        }
        for (&tick, label) in ticks.iter().zip(&labels) {
            let read = parse_label(label);
            assert!((read - tick).abs() <= step / 2.0, "{label} is not within half a step of {tick}; {context}");
            assert!(label.chars().count() <= max_chars, "{label} is longer than {max_chars} characters; {context}");
            assert!(!label.contains("NaN") && !label.contains("inf") && label != "-0", "{context}");
            assert!(!label.is_empty(), "{context}");
            if label.contains('.') && !label.contains('×') {
                assert!(!label.ends_with('0') && !label.ends_with('.'), "trailing zero in {label}; {context}");
            }
            if let Some((mantissa, _)) = label.split_once(" × ") {
                assert!(!mantissa.ends_with('0') || !mantissa.contains('.'), "trailing zero in {label}; {context}");
            }
        }
        labels
    }

    #[test]
    fn labels_resolve_the_step_over_any_range() {
        // (range, longest label in characters): short wherever the span allows it; a tiny span
        // on a large offset needs the digits that tell its ticks apart.
        let table: [((f64, f64), usize); 34] = [
            ((1e-12, 5e-12), 11),
            ((0.0, 2e-9), 10),
            ((0.0, 5.2e-5), 10),
            ((0.0, 1e-3), 6),
            ((0.0, 9e-4), 8),
            ((0.0009, 0.0011), 7),
            ((0.0, 1.0), 3),
            ((-0.05, 1.05), 3),
            ((0.0, 0.1), 4),
            ((400.0, 800.0), 3),
            ((300.0, 800.0), 3),
            ((0.0, 16.5), 2),
            ((0.0, 50_000.0), 5),
            ((0.0, 2e5), 9),
            ((0.0, 1e12), 8),
            ((1e11, 1e12), 8),
            ((3.7e11, 4.1e11), 11),
            ((-1.0, 0.0), 4),
            ((-5e-6, 0.0), 11),
            ((-1e6, -1e5), 8),
            ((-3.0, 7.0), 2),
            ((-1e-9, 1e-9), 10),
            ((-0.3, 0.3), 4),
            ((-1e12, 1e12), 9),
            // Reversed: plotters takes the ticks of the sorted range.
            ((1.0, 0.0), 3),
            ((5e-6, 0.0), 10),
            ((800.0, 400.0), 3),
            // Tiny spans on large offsets.
            ((1000.001, 1000.002), 9),
            ((-1000.002, -1000.001), 10),
            ((1.000001, 1.000002), 9),
            ((99_990.0, 100_010.0), 13),
            ((123_456.7, 123_456.9), 15),
            ((6.02214e23, 6.02215e23), 15),
            ((1e-12, 1.01e-12), 13),
        ];
        for (range, max_chars) in table {
            check_axis(range, max_chars);
        }
    }

    #[test]
    fn quencher_concentrations_in_mol_per_litre_are_told_apart() {
        // The case that printed "0" under every tick.
        let labels = check_axis((-1e-6, 2.1e-5), 10);
        assert_eq!(labels[..3], ["0", "2 × 10⁻⁶", "4 × 10⁻⁶"]);
        let labels = check_axis((-2.5e-6, 5.25e-5), 10);
        assert_eq!(labels[..4], ["0", "5 × 10⁻⁶", "1 × 10⁻⁵", "1.5 × 10⁻⁵"]);
        // Across the switch to scientific notation, as `sig` switches.
        assert_eq!(check_axis((0.0, 1.0), 3)[..3], ["0", "0.1", "0.2"]);
        assert_eq!(check_axis((0.0, 2e5), 10)[1], "2 × 10⁴");
        assert_eq!(check_axis((-3.0, 7.0), 2)[..4], ["-3", "-2", "-1", "0"]);
        assert_eq!(check_axis((1000.001, 1000.002), 9)[..2], ["1000.001", "1000.0011"]);
    }

    #[test]
    fn a_single_value_is_widened_into_an_axis_with_ticks() {
        // nice_range widens min == max; the widened axis must get ticks that differ.
        for value in [0.0, 1e-12, 3.3e-7, 1.0, -2.5, 516.0, 1e5, -7.5e8, 1e12] {
            let range = super::super::nice_range([value, value], (0.0, 1.0));
            assert!(range.0 < value && value < range.1, "{value}: {range:?}");
            check_axis(range, 12);
        }
        // Unwidened, plotters draws one tick, at the value: its label is the value.
        for value in [0.0, 516.0, -2.5e-6, 6.02214076e23] {
            let axis = AxisLabels::new((value, value), MAX_TICKS);
            assert_eq!(axis.ticks(), [value]);
            let read = parse_label(&axis.label(value));
            assert!((read - value).abs() <= value.abs() * 1e-5, "{value}: {}", axis.label(value));
        }
    }

    #[test]
    fn never_nan_inf_or_negative_zero() {
        let axis = AxisLabels::new((-1.0, 1.0), MAX_TICKS);
        assert_eq!(axis.label(f64::NAN), "");
        assert_eq!(axis.label(f64::INFINITY), "");
        assert_eq!(axis.label(-0.0), "0");
        assert_eq!(axis.label(-1e-17), "0");
        let tiny = AxisLabels::new((-1e-6, 1e-6), MAX_TICKS);
        assert_eq!(tiny.label(-1e-22), "0");
        let huge = AxisLabels::new((-1e24, 1e24), MAX_TICKS);
        assert_eq!(huge.label(3e7), "0");
        // Unusable ranges give no ticks rather than a panic inside plotters.
        for range in [(f64::NAN, 1.0), (0.0, f64::INFINITY), (-f64::MAX, f64::MAX)] {
            let axis = AxisLabels::new(range, MAX_TICKS);
            assert!(axis.ticks().is_empty(), "{range:?}");
            assert_eq!(axis.label(f64::NAN), "");
            assert!(!axis.label(1.0).is_empty());
        }
    }

    #[test]
    fn fitting_drops_ticks_until_the_labels_leave_room() {
        let width = |label: &str| label_width_em(label) * 12.0 + 8.0;
        // Wide scientific labels on a narrow axis: fewer ticks, and every neighbour pair fits.
        for (range, axis_px) in [((0.0, 2.1e-5), 300.0), ((0.0, 1.05e6), 250.0), ((1000.001, 1000.002), 200.0), ((0.0, 1.0), 500.0)] {
            let axis = AxisLabels::fitting(range, axis_px, width);
            let ticks = axis.ticks();
            assert!(ticks.len() >= 2, "{range:?}: {ticks:?}");
            let spacing_px = axis_px * (ticks[1] - ticks[0]) / (range.1 - range.0);
            let widest = axis.labels().iter().map(|l| width(l)).fold(0.0, f64::max);
            assert!(widest <= spacing_px || axis.max_ticks() == 2, "{range:?} at {axis_px} px: {:?}", axis.labels());
            let again = RangedCoordf64::from(range.0..range.1).key_points(BoldPoints(axis.max_ticks()));
            assert_eq!(ticks, again.as_slice());
        }
        // Where the labels fit, all eleven ticks stay.
        assert_eq!(AxisLabels::fitting((400.0, 800.0), 560.0, width).max_ticks(), MAX_TICKS);
    }
}
