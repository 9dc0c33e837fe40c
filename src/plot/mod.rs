//! Charts, drawn with plotters and generic over the drawing backend: the page draws them on
//! a canvas, the SVG download and the snapshot tests on [`SvgWriter`].
//!
//! Axis ranges are sanitised in one place ([`nice_range`]): plotters asserts on NaN and
//! misbehaves on empty or reversed ranges.

pub mod palette;
pub mod svg;
pub mod ticks;
mod xy;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::prelude::*;

pub use svg::SvgWriter;
pub use ticks::AxisLabels;
pub use xy::{draw_xy, BandPoint, XyChart};

use ticks::{label_width_em, MAX_TICKS};

use crate::science::format::{escape_markup, sig_short};

/// Result of drawing; errors are the backend's, boxed.
pub type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// A chart's data: it draws itself on any backend (the page's canvas, an SVG download, a
/// snapshot test) and gives its numbers as CSV. The page's chart widget takes any `Chart`.
pub trait Chart: Clone + PartialEq + Send + Sync + 'static {
    /// Draws the chart filling `area`; `scale` is the device-pixel ratio.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, scale: f64) -> DrawResult
    where
        DB::ErrorType: 'static;

    /// The chart's data as CSV text with a header row.
    fn csv(&self) -> String;

    /// The axes' descriptions, x then y, for the chart's text alternative.
    fn axis_names(&self) -> (&str, &str);

    /// The series drawn, by name, for the chart's text alternative ([`summary`],
    /// [`data_table_html`]).
    fn series(&self) -> Vec<(&str, &[(f64, f64)])>;
}

/// What a chart shows, in words, for a screen reader: its series, how many points each has and
/// the range of x and y they span ("Fits to the measured I: [Q] (µM) against I. data: 9
/// points, x 0 to 20, y 414 to 1000. …").
pub fn summary<C: Chart>(chart: &C, title: &str) -> String {
    let (x_name, y_name) = chart.axis_names();
    let mut out = format!("{title}: {y_name} against {x_name}.");
    for (name, points) in chart.series() {
        let finite: Vec<&(f64, f64)> = points.iter().filter(|p| p.0.is_finite() && p.1.is_finite()).collect();
        let range = |pick: fn(&(f64, f64)) -> f64| {
            let (lo, hi) = finite.iter().map(|p| pick(p)).fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
            if lo == hi { sig_short(lo, 4) } else { format!("{} to {}", sig_short(lo, 4), sig_short(hi, 4)) }
        };
        match finite.len() {
            0 => {}
            1 => out.push_str(&format!(" {name}: at x {}, y {}.", sig_short(finite[0].0, 4), sig_short(finite[0].1, 4))),
            n => out.push_str(&format!(" {name}: {n} points, x {}, y {}.", range(|p| p.0), range(|p| p.1))),
        }
    }
    out
}

/// The chart's data as an HTML table, series by series, each cut after `most` points (the CSV
/// download has them all): the chart's data-table alternative.
pub fn data_table_html<C: Chart>(chart: &C, most: usize) -> String {
    let (x_name, y_name) = chart.axis_names();
    let mut out = format!(
        "<table class=\"params\"><thead><tr><th scope=\"col\">series</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        escape_markup(x_name),
        escape_markup(y_name)
    );
    for (name, points) in chart.series() {
        let finite = points.iter().filter(|p| p.0.is_finite() && p.1.is_finite());
        let count = finite.clone().count();
        for &(x, y) in finite.take(most) {
            out.push_str(&format!("<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>", escape_markup(name), sig_short(x, 6), sig_short(y, 6)));
        }
        if count > most {
            out.push_str(&format!("<tr><td colspan=\"3\" class=\"note\">… and {} more points of {} (the CSV data has them all)</td></tr>", count - most, escape_markup(name)));
        }
    }
    out.push_str("</tbody></table>");
    out
}

const INK: RGBColor = RGBColor(0x1f, 0x29, 0x37);
const GRID: RGBColor = RGBColor(0xe5, 0xe7, 0xeb);
const ACCENT: RGBColor = RGBColor(0x25, 0x63, 0xeb);
const HIGHLIGHT: RGBColor = RGBColor(0xdc, 0x26, 0x26);
const BAND: RGBColor = RGBColor(0x10, 0xb9, 0x81);

/// Data of the sizing-curve chart: D(λ) over the model's domain, its calibrated band and
/// the user's point.
#[derive(Debug, Clone, PartialEq)]
pub struct SizingChart {
    pub title: String,
    pub curve: Vec<(f64, f64)>,
    pub valid_band_nm: Option<(f64, f64)>,
    pub point: Option<(f64, f64)>,
}

/// Data of the spectrum chart: the measured spectrum, the smoothed curve used for peak
/// detection, and the detected (or typed) first-exciton peak with its red-side HWHM.
#[derive(Debug, Clone, PartialEq)]
pub struct SpectrumChart {
    pub measured: Vec<(f64, f64)>,
    pub smoothed: Vec<(f64, f64)>,
    pub peak: Option<(f64, f64)>,
    pub hwhm_nm: Option<f64>,
}

/// A finite, non-empty, padded axis range around `values`; a fallback when there are none.
pub fn nice_range(values: impl IntoIterator<Item = f64>, fallback: (f64, f64)) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.into_iter().filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return fallback;
    }
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return (lo - pad, hi + pad);
    }
    let pad = (hi - lo) * 0.05;
    (lo - pad, hi + pad)
}

/// The charts' font. Named by `FontFamily` rather than by the text "sans-serif": plotters
/// lower-cases a font name, and `str::to_lowercase` brings Unicode's case tables (about
/// 13 kB) into the page.
fn font(size: f64, scale: f64) -> FontDesc<'static> {
    (FontFamily::SansSerif, size * scale).into_font()
}

/// A chart's plotting context on linear f64 axes.
type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Axis ranges and their descriptions.
struct Axes<'t> {
    x: (f64, f64),
    y: (f64, f64),
    x_desc: &'t str,
    y_desc: &'t str,
}

/// Size of the tick labels' font, in CSS pixels (times the device-pixel ratio).
const TICK_FONT_PX: f64 = 12.0;
/// Margin around the chart, in CSS pixels.
const MARGIN_PX: f64 = 10.0;
/// Narrowest left label area, in CSS pixels: room for the y description and short labels.
const Y_LABEL_AREA_MIN_PX: f64 = 56.0;
/// What the left label area holds besides the labels, in CSS pixels: the rotated y
/// description (about 16), the tick marks with plotters' gap (10) and a little air.
const Y_LABEL_AREA_EXTRA_PX: f64 = 30.0;
/// Least space between neighbouring x labels, in CSS pixels.
const X_LABEL_GAP_PX: f64 = 8.0;
/// Room a y label takes along its axis, in line heights of its font (text and gap).
const Y_LABEL_PITCH_EM: f64 = 1.5;

/// The frame every PhotoCalc chart shares: white background, caption, margins, a light mesh
/// and tick labels, all scaled by the device-pixel ratio.
///
/// The tick labels are built per axis ([`AxisLabels`]) for the ticks plotters draws there, with
/// as many ticks as leave room between their labels; the left label area widens to hold long
/// y labels ("1.25 × 10⁻⁵"), and the right margin to hold the last x label.
fn framed<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    title: &str,
    axes: Axes<'_>,
    scale: f64,
) -> Result<Plot<'a, DB>, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let label_font_px = TICK_FONT_PX * scale;
    let widest_em = |labels: &AxisLabels| labels.labels().iter().map(|l| label_width_em(l)).fold(0.0, f64::max);
    // Fewer ticks never need more digits, so the labels of the most ticks bound the width.
    let y_widest_px = widest_em(&AxisLabels::new(axes.y, MAX_TICKS)) * label_font_px;
    let y_label_area_px = (Y_LABEL_AREA_MIN_PX * scale).max(y_widest_px + Y_LABEL_AREA_EXTRA_PX * scale) as i32;
    let margin_px = (MARGIN_PX * scale) as i32;
    // plotters gives the plot the width left after the margins and the left label area.
    let plot_width_px = |right_margin_px: i32| (area.dim_in_pixel().0 as i32 - margin_px - right_margin_px - y_label_area_px).max(1) as f64;
    let x_label_px = |label: &str| label_width_em(label) * label_font_px + X_LABEL_GAP_PX * scale;
    let x_labels = AxisLabels::fitting(axes.x, plot_width_px(margin_px), x_label_px);
    // A label is centred on its tick: one near the right end would hang past the chart.
    let x_span = (axes.x.1 - axes.x.0).abs();
    let overhang_px = x_labels
        .ticks()
        .iter()
        .zip(x_labels.labels())
        .map(|(&tick, label)| {
            let to_right_end_px = if x_span > 0.0 { (axes.x.1 - tick).abs() / x_span * plot_width_px(margin_px) } else { 0.0 };
            label_width_em(&label) * label_font_px / 2.0 - to_right_end_px
        })
        .fold(0.0, f64::max);
    let right_margin_px = margin_px.max(overhang_px.ceil() as i32 + (2.0 * scale) as i32);

    area.fill(&WHITE)?;
    let mut cc = ChartBuilder::on(area)
        .caption(title, font(15.0, scale))
        .margin(margin_px)
        .margin_right(right_margin_px)
        .x_label_area_size((42.0 * scale) as i32)
        .y_label_area_size(y_label_area_px)
        .build_cartesian_2d(axes.x.0..axes.x.1, axes.y.0..axes.y.1)?;
    let (_, plot_height_px) = cc.plotting_area().dim_in_pixel();
    let y_labels = AxisLabels::fitting(axes.y, plot_height_px as f64, |_| Y_LABEL_PITCH_EM * label_font_px);
    let x_label = |value: &f64| x_labels.label(*value);
    let y_label = |value: &f64| y_labels.label(*value);
    cc.configure_mesh()
        .light_line_style(GRID.mix(0.35))
        .bold_line_style(GRID)
        .x_labels(x_labels.max_ticks())
        .y_labels(y_labels.max_ticks())
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .axis_style(INK)
        .label_style(font(TICK_FONT_PX, scale))
        .axis_desc_style(font(13.0, scale))
        .x_desc(axes.x_desc)
        .y_desc(axes.y_desc)
        .draw()?;
    Ok(cc)
}

/// How a series looks in the legend.
#[derive(Debug, Clone, Copy)]
enum Glyph {
    Line(RGBAColor, u32),
    Dot(RGBAColor, i32),
    /// An open circle.
    Ring(RGBAColor, i32),
    Square(RGBAColor, i32),
    Patch(RGBAColor),
}

/// Which corner of the plotting area the legend sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Corner {
    UpperLeft,
    UpperRight,
    LowerLeft,
    LowerRight,
}

/// The legend's layout in pixels: padding, glyph width, gap, row height, and its size.
#[derive(Clone, Copy)]
struct LegendBox {
    pad: i32,
    glyph_width: i32,
    gap: i32,
    row: i32,
    width: i32,
    height: i32,
    margin: i32,
}

fn legend_text_style(scale: f64) -> TextStyle<'static> {
    TextStyle::from(font(12.0, scale)).color(&INK).pos(Pos::new(HPos::Left, VPos::Center))
}

/// Measures the legend of `entries` through the drawing area (see [`draw_legend`]).
fn legend_box<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, entries: &[(String, Glyph)], scale: f64) -> Result<LegendBox, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let text_style = legend_text_style(scale);
    let (mut text_width, mut text_height) = (0_i32, 0_i32);
    for (label, _) in entries {
        let size = area.estimate_text_size(label, &text_style)?;
        text_width = text_width.max(size.0 as i32);
        text_height = text_height.max(size.1 as i32);
    }
    let pad = (6.0 * scale) as i32;
    let glyph_width = (14.0 * scale) as i32;
    let gap = (6.0 * scale) as i32;
    let row = text_height.max((10.0 * scale) as i32) + (4.0 * scale) as i32;
    let width = pad * 2 + glyph_width + gap + text_width;
    let height = pad * 2 + row * entries.len() as i32;
    Ok(LegendBox { pad, glyph_width, gap, row, width, height, margin: (8.0 * scale) as i32 })
}

impl LegendBox {
    /// Its top-left corner in a plotting area of `size` pixels.
    fn origin(&self, corner: Corner, size: (u32, u32)) -> (i32, i32) {
        let left = match corner {
            Corner::UpperLeft | Corner::LowerLeft => self.margin,
            Corner::UpperRight | Corner::LowerRight => size.0 as i32 - self.width - self.margin,
        };
        let top = match corner {
            Corner::UpperLeft | Corner::UpperRight => self.margin,
            Corner::LowerLeft | Corner::LowerRight => size.1 as i32 - self.height - self.margin,
        };
        (left, top)
    }
}

/// Draws the legend in a corner of the plotting area, in the shared style.
///
/// Written here rather than with plotters' series labels, which measure each label with the
/// font directly: in a browser that inserts a `<span>` into the page and forces a layout of
/// the whole document for every label. Measuring through the drawing area uses the backend,
/// which on the page asks the canvas (`measureText`, no layout).
fn draw_legend<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    entries: &[(String, Glyph)],
    corner: Corner,
    scale: f64,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    if entries.is_empty() {
        return Ok(());
    }
    let layout = legend_box(plot, entries, scale)?;
    draw_legend_box(plot, entries, &layout, corner, scale)
}

/// Draws a legend measured by [`legend_box`].
fn draw_legend_box<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    entries: &[(String, Glyph)],
    layout: &LegendBox,
    corner: Corner,
    scale: f64,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let LegendBox { pad, glyph_width, gap, row, width, height, .. } = *layout;
    let (left, top) = layout.origin(corner, plot.dim_in_pixel());
    let text_style = legend_text_style(scale);
    plot.draw(&Rectangle::new([(left, top), (left + width, top + height)], WHITE.mix(0.85).filled()))?;
    plot.draw(&Rectangle::new([(left, top), (left + width, top + height)], GRID))?;
    for (i, (label, glyph)) in entries.iter().enumerate() {
        let y = top + pad + row * i as i32 + row / 2;
        let x = left + pad;
        match *glyph {
            Glyph::Line(colour, stroke) => plot.draw(&PathElement::new(vec![(x, y), (x + glyph_width, y)], colour.stroke_width(stroke)))?,
            Glyph::Dot(colour, radius) => plot.draw(&Circle::new((x + glyph_width / 2, y), radius, colour.filled()))?,
            Glyph::Ring(colour, radius) => plot.draw(&Circle::new((x + glyph_width / 2, y), radius, colour.stroke_width(1)))?,
            Glyph::Square(colour, radius) => plot.draw(&Rectangle::new([(x + glyph_width / 2 - radius, y - radius), (x + glyph_width / 2 + radius, y + radius)], colour.filled()))?,
            Glyph::Patch(colour) => plot.draw(&Rectangle::new([(x, y - row / 3), (x + glyph_width, y + row / 3)], colour.filled()))?,
        }
        plot.draw(&Text::new(label.clone(), (x + glyph_width + gap, y), text_style.clone()))?;
    }
    Ok(())
}

/// Draws D(λ) with the calibrated band shaded and the user's point marked.
/// `scale` is the device-pixel ratio: fonts and strokes grow with it.
pub fn draw_sizing_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &SizingChart,
    scale: f64,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let xs = chart.curve.iter().map(|p| p.0).chain(chart.point.map(|p| p.0));
    let ys = chart.curve.iter().map(|p| p.1).chain(chart.point.map(|p| p.1));
    let x_range = nice_range(xs, (400.0, 800.0));
    let (y_lo, y_hi) = nice_range(ys, (0.0, 10.0));
    let y_range = (y_lo.max(0.0), y_hi);
    let stroke = (2.0 * scale).round().max(1.0) as u32;

    let axes = Axes { x: x_range, y: y_range, x_desc: "first-exciton peak wavelength λ (nm)", y_desc: "diameter D (nm)" };
    let mut cc = framed(area, &chart.title, axes, scale)?;
    let mut legend_entries = Vec::new();

    if let Some((lo, hi)) = chart.valid_band_nm {
        let (lo, hi) = (lo.max(x_range.0), hi.min(x_range.1));
        if lo < hi {
            cc.draw_series(std::iter::once(Rectangle::new(
                [(lo, y_range.0), (hi, y_range.1)],
                BAND.mix(0.12).filled(),
            )))?;
            legend_entries.push(("calibrated range".to_string(), Glyph::Patch(BAND.mix(0.3))));
        }
    }
    cc.draw_series(LineSeries::new(chart.curve.iter().copied(), ACCENT.stroke_width(stroke)))?;
    legend_entries.push(("D(λ)".to_string(), Glyph::Line(ACCENT.to_rgba(), stroke)));
    if let Some(p) = chart.point {
        let radius = (5.0 * scale) as i32;
        cc.draw_series(std::iter::once(Circle::new(p, radius, HIGHLIGHT.filled())))?;
        legend_entries.push(("your sample".to_string(), Glyph::Dot(HIGHLIGHT.to_rgba(), radius)));
    }
    draw_legend(&cc.plotting_area().strip_coord_spec(), &legend_entries, Corner::UpperLeft, scale)?;
    area.present()?;
    Ok(())
}

/// Draws the spectrum with the smoothed curve and the first-exciton peak and HWHM marked.
pub fn draw_spectrum<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &SpectrumChart,
    scale: f64,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let x_range = nice_range(chart.measured.iter().map(|p| p.0), (300.0, 800.0));
    let y_range = nice_range(chart.measured.iter().map(|p| p.1), (0.0, 1.0));
    let stroke = (1.5 * scale).round().max(1.0) as u32;
    let axes = Axes { x: x_range, y: y_range, x_desc: "wavelength (nm)", y_desc: "absorbance" };
    let mut cc = framed(area, "Absorption spectrum", axes, scale)?;
    let mut legend_entries = Vec::new();
    cc.draw_series(LineSeries::new(chart.measured.iter().copied(), INK.mix(0.45).stroke_width(stroke)))?;
    legend_entries.push(("measured".to_string(), Glyph::Line(INK.mix(0.45), stroke)));
    if !chart.smoothed.is_empty() {
        cc.draw_series(LineSeries::new(chart.smoothed.iter().copied(), ACCENT.stroke_width(stroke)))?;
        legend_entries.push(("smoothed".to_string(), Glyph::Line(ACCENT.to_rgba(), stroke)));
    }
    if let Some((peak_x, peak_y)) = chart.peak {
        cc.draw_series(std::iter::once(PathElement::new(
            vec![(peak_x, y_range.0), (peak_x, y_range.1)],
            HIGHLIGHT.mix(0.6).stroke_width(stroke),
        )))?;
        let radius = (5.0 * scale) as i32;
        cc.draw_series(std::iter::once(Circle::new((peak_x, peak_y), radius, HIGHLIGHT.filled())))?;
        legend_entries.push(("first exciton peak".to_string(), Glyph::Dot(HIGHLIGHT.to_rgba(), radius)));
        if let Some(hwhm) = chart.hwhm_nm.filter(|h| h.is_finite() && *h > 0.0) {
            // HWHM is measured at half height above the baseline on the red side.
            let baseline = chart
                .measured
                .iter()
                .filter(|p| p.0 > peak_x && p.1.is_finite())
                .map(|p| p.1)
                .fold(f64::INFINITY, f64::min);
            let baseline = if baseline.is_finite() && baseline < peak_y { baseline } else { 0.0 };
            let half = baseline + (peak_y - baseline) / 2.0;
            cc.draw_series(std::iter::once(PathElement::new(
                vec![(peak_x, half), (peak_x + hwhm, half)],
                HIGHLIGHT.stroke_width(stroke),
            )))?;
            legend_entries.push(("HWHM (red side)".to_string(), Glyph::Line(HIGHLIGHT.to_rgba(), stroke)));
        }
    }
    draw_legend(&cc.plotting_area().strip_coord_spec(), &legend_entries, Corner::UpperRight, scale)?;
    area.present()?;
    Ok(())
}

/// Renders a chart to an SVG document (for snapshot tests and the command line).
pub fn to_svg(width: u32, height: u32, draw: impl FnOnce(&DrawingArea<SvgWriter, Shift>) -> DrawResult) -> Result<String, String> {
    let mut svg = String::new();
    {
        let area = SvgWriter::new(&mut svg, (width, height)).into_drawing_area();
        draw(&area).map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// Comma-separated values with a header row; numbers at full precision.
pub fn to_csv(header: &[&str], rows: impl IntoIterator<Item = Vec<f64>>) -> String {
    let mut out = header.join(",");
    out.push('\n');
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|v| if v.is_finite() { format!("{v}") } else { String::new() })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

impl Chart for SizingChart {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, scale: f64) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        draw_sizing_curve(area, self, scale)
    }

    fn axis_names(&self) -> (&str, &str) {
        ("wavelength (nm)", "diameter (nm)")
    }

    fn series(&self) -> Vec<(&str, &[(f64, f64)])> {
        let mut series = vec![("sizing curve", self.curve.as_slice())];
        series.extend(self.point.as_ref().map(|p| ("your sample", std::slice::from_ref(p))));
        series
    }

    /// The chart's data as a tidy table: one row per point, `series` telling the curve from
    /// the user's sample, so a spreadsheet can plot or filter it directly.
    fn csv(&self) -> String {
        let mut out = String::from("series,wavelength_nm,diameter_nm\n");
        let rows = self.curve.iter().map(|p| ("curve", p)).chain(self.point.iter().map(|p| ("sample", p)));
        for (series, &(x, y)) in rows.filter(|(_, p)| p.0.is_finite() && p.1.is_finite()) {
            out.push_str(&format!("{series},{x},{y}\n"));
        }
        out
    }
}

impl Chart for SpectrumChart {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, scale: f64) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        draw_spectrum(area, self, scale)
    }

    fn axis_names(&self) -> (&str, &str) {
        ("wavelength (nm)", "absorbance")
    }

    fn series(&self) -> Vec<(&str, &[(f64, f64)])> {
        let mut series = vec![("measured", self.measured.as_slice()), ("smoothed", self.smoothed.as_slice())];
        series.extend(self.peak.as_ref().map(|p| ("first excitonic peak", std::slice::from_ref(p))));
        series
    }

    /// The chart's data as CSV: wavelength, measured and smoothed absorbance.
    fn csv(&self) -> String {
        to_csv(
            &["wavelength_nm", "absorbance", "absorbance_smoothed"],
            self.measured.iter().enumerate().map(|(i, &(x, y))| {
                vec![x, y, self.smoothed.get(i).map(|p| p.1).unwrap_or(f64::NAN)]
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fitted() -> XyChart {
        XyChart {
            x_desc: "[Q] (µM)".into(),
            y_desc: "I".into(),
            points: vec![(0.0, 1000.0), (10.0, 499.0), (20.0, 414.0)],
            curves: vec![("Stern–Volmer".into(), (0..=100).map(|i| (f64::from(i) * 0.2, 1000.0 / (1.0 + 0.1 * f64::from(i) * 0.2))).collect())],
            ..XyChart::default()
        }
    }

    #[test]
    fn a_charts_summary_names_its_axes_and_each_series_with_its_count_and_ranges() {
        let text = summary(&fitted(), "Fits");
        assert_eq!(
            text,
            "Fits: I against [Q] (µM). data: 3 points, x 0 to 20, y 414 to 1000. Stern–Volmer: 101 points, x 0 to 20, y 333.3 to 1000."
        );
    }

    #[test]
    fn a_charts_data_table_holds_every_series_cut_after_the_most_points() {
        let html = data_table_html(&fitted(), 50);
        assert_eq!(html.matches("<tr><th scope=\"row\">data</th>").count(), 3);
        assert_eq!(html.matches("<tr><th scope=\"row\">Stern–Volmer</th>").count(), 50);
        assert!(html.contains("… and 51 more points of Stern–Volmer (the CSV data has them all)"), "{html}");
        assert!(html.contains("<th scope=\"col\">[Q] (µM)</th><th scope=\"col\">I</th>"));
    }

    /// The tick labels in an SVG chart: (x, y, text-anchor, text) of every `<text>` that reads
    /// as a number.
    fn tick_texts(svg: &str) -> Vec<(f64, f64, String, String)> {
        let attr = |element: &str, name: &str| -> String {
            let start = element.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            element[start..start + element[start..].find('"').unwrap()].to_string()
        };
        svg.lines()
            .filter(|line| line.starts_with("<text"))
            .filter_map(|line| {
                let text = &line[line.find('>')? + 1..line.rfind("</text>")?];
                let numeric = text.chars().all(|c| c.is_ascii_digit() || "-. ×⁰¹²³⁴⁵⁶⁷⁸⁹⁻".contains(c));
                let x = attr(line, "x").parse().ok()?;
                let y = attr(line, "y").parse().ok()?;
                (numeric && !text.is_empty()).then(|| (x, y, attr(line, "text-anchor"), text.to_string()))
            })
            .collect()
    }

    #[test]
    fn charts_label_quencher_concentrations_in_mol_per_litre() {
        // A Stern–Volmer plot with [Q] in mol/L and a double-reciprocal plot in 1/(mol/L): the
        // axes that printed "0" under every tick, or long digit strings.
        let quencher_molar = [0.0, 5e-6, 1e-5, 2e-5, 3e-5, 4e-5, 5e-5];
        let stern_volmer = XyChart {
            title: "Stern–Volmer".into(),
            x_desc: "[Q] (mol/L)".into(),
            y_desc: "I₀/I".into(),
            points: quencher_molar.iter().map(|&q| (q, 1.0 + 2.4e4 * q)).collect(),
            errors: None,
            ..XyChart::default()
        };
        let double_reciprocal = XyChart {
            title: "Double reciprocal".into(),
            x_desc: "1/[Q] (1/(mol/L))".into(),
            y_desc: "I₀/ΔI".into(),
            points: quencher_molar[1..].iter().map(|&q| (1.0 / q, 1.2 + 3e-6 / q)).collect(),
            errors: None,
            ..XyChart::default()
        };
        for chart in [stern_volmer, double_reciprocal] {
            // A desktop canvas, a phone's, and a high-density screen's.
            for (width, height, scale) in [(640, 400, 1.0), (360, 260, 1.0), (1280, 800, 2.0)] {
                let svg = to_svg(width, height, |area| draw_xy(area, &chart, scale)).unwrap();
                let context = format!("{} at {width}×{height}, ×{scale}", chart.title);
                if std::env::var("PHOTOCALC_WRITE_CHARTS").is_ok() {
                    let name = format!("{}-{width}.svg", chart.title.replace(['–', ' '], "_"));
                    std::fs::write(std::env::temp_dir().join(name), &svg).unwrap();
                }
                let ticks = tick_texts(&svg);
                let label_px = TICK_FONT_PX * scale;
                let width_px = |text: &str| label_width_em(text) * label_px;
                // x labels hang from the axis, centred; y labels end at it.
                let x_labels: Vec<_> = ticks.iter().filter(|t| t.2 == "middle").collect();
                let y_labels: Vec<_> = ticks.iter().filter(|t| t.2 == "end").collect();
                for labels in [&x_labels, &y_labels] {
                    assert!(labels.len() >= 2, "{context}: {ticks:?}");
                    let mut texts: Vec<&str> = labels.iter().map(|t| t.3.as_str()).collect();
                    texts.dedup();
                    assert_eq!(texts.len(), labels.len(), "{context}: labels repeat: {labels:?}");
                    assert!(labels.iter().all(|t| t.3.chars().count() <= 10), "{context}: {labels:?}");
                }
                assert!(x_labels.iter().any(|t| t.3.contains('×')), "{context}: {x_labels:?}");
                // Neighbouring x labels do not overlap, and none leaves the chart.
                for pair in x_labels.windows(2) {
                    let gap = (pair[1].0 - pair[0].0).abs() - (width_px(&pair[0].3) + width_px(&pair[1].3)) / 2.0;
                    assert!(gap >= 0.0, "{context}: {pair:?} overlap");
                }
                for (x, _, _, text) in &x_labels {
                    assert!(x - width_px(text) / 2.0 >= 0.0 && x + width_px(text) / 2.0 <= width as f64, "{context}: {text} at {x}");
                }
                // y labels stay clear of the rotated y description (the first 16 px).
                for (x, _, _, text) in &y_labels {
                    assert!(x - width_px(text) >= 16.0 * scale, "{context}: {text} ends at {x}");
                }
            }
        }
    }

    #[test]
    fn ranges_are_always_usable() {
        assert_eq!(nice_range([], (0.0, 1.0)), (0.0, 1.0));
        assert_eq!(nice_range([f64::NAN, f64::INFINITY], (0.0, 1.0)), (0.0, 1.0));
        let (lo, hi) = nice_range([5.0, 5.0], (0.0, 1.0));
        assert!(lo < 5.0 && hi > 5.0);
        let (lo, hi) = nice_range([0.0], (0.0, 1.0));
        assert!(lo < 0.0 && hi > 0.0);
        let (lo, hi) = nice_range([3.0, 1.0, 2.0], (0.0, 1.0));
        assert!(lo < 1.0 && hi > 3.0);
    }
}
