//! The general x–y chart: measured points with error bars, points left out of a fit, a second
//! measured series, fitted curves with their confidence bands, and a legend that never covers
//! a point.
//!
//! The y axis is chosen by the data, not by the curves: a model with a pole (I₀/I of a
//! Langmuir fit with f = 1 grows without bound) may run off the chart, where it is cut, but it
//! never squeezes the points into a line at the bottom.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{framed, legend_box, nice_range, Axes, Chart, Corner, DrawResult, Glyph, INK};

/// Colours of fitted curves, in order: colour-blind-safe Okabe–Ito hues, the yellow and the
/// sky blue darkened to contrast 3:1 with white (WCAG 1.4.11; they were 2.3:1).
pub(super) const CURVE_COLOURS: [RGBColor; 6] = [
    RGBColor(0x00, 0x72, 0xb2),
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0xa7, 0x74, 0x00),
    RGBColor(0x2c, 0x87, 0xbe),
];

/// How far curves may take the y axis beyond the data, as a fraction of the data's span.
const CURVE_OVERSHOOT: f64 = 0.25;

/// A point of a confidence band: x, and the band's low and high y.
pub type BandPoint = (f64, f64, f64);

/// A general x–y chart: measured points (optionally with ±σ error bars) and labelled curves.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct XyChart {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    pub points: Vec<(f64, f64)>,
    /// σ of each point's y, drawn as error bars.
    pub errors: Option<Vec<f64>>,
    /// Points left out of the fits: drawn as open circles.
    pub excluded: Vec<(f64, f64)>,
    /// A second measured series (lifetimes beside intensities), drawn as squares.
    pub second: Option<(String, Vec<(f64, f64)>)>,
    pub curves: Vec<(String, Vec<(f64, f64)>)>,
    /// 95 % confidence bands: (index of the curve, points (x, low, high)).
    pub bands: Vec<(usize, Vec<BandPoint>)>,
    /// Draw y = 0 (for residuals).
    pub zero_line: bool,
    /// Draw the curves as dots in their colours, not lines (residuals).
    pub dots: bool,
    /// The legend's name of the measured points, of the bands (in place of "data" and
    /// "95 % confidence band"), for charts whose points and bands are something else (the
    /// operating point, the region where both electrodes carry current).
    pub points_label: Option<String>,
    pub band_label: Option<String>,
}

impl XyChart {
    /// Every measured point drawn, of all series.
    fn all_points(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        let second = self.second.iter().flat_map(|(_, p)| p.iter());
        self.points.iter().chain(&self.excluded).chain(second).copied().filter(|p| p.0.is_finite() && p.1.is_finite())
    }

    /// The axis ranges: x over everything drawn; y over the data and their error bars, which
    /// curves and bands may widen by at most [`CURVE_OVERSHOOT`] of the data's span on each
    /// side (all of it when there are no data, as for residuals).
    fn ranges(&self) -> ((f64, f64), (f64, f64)) {
        let curve_points = self.curves.iter().flat_map(|(_, c)| c.iter().copied());
        let band_points = self.bands.iter().flat_map(|(_, b)| b.iter().flat_map(|&(x, lo, hi)| [(x, lo), (x, hi)]));
        let x_range = nice_range(self.all_points().chain(curve_points.clone()).map(|p| p.0), (0.0, 1.0));
        let errors = self.errors.as_deref().unwrap_or(&[]);
        let bar_ends = self.points.iter().zip(errors).filter(|(_, e)| e.is_finite()).flat_map(|(p, e)| [p.1 - e, p.1 + e]);
        let data: Vec<f64> = self.all_points().map(|p| p.1).chain(bar_ends).filter(|y| y.is_finite()).collect();
        let fitted = curve_points.chain(band_points).map(|p| p.1).filter(|y| y.is_finite());
        let zero = self.zero_line.then_some(0.0);
        if data.is_empty() {
            return (x_range, nice_range(fitted.chain(zero), (0.0, 1.0)));
        }
        let (lo, hi) = data.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &y| (lo.min(y), hi.max(y)));
        let span = if hi > lo { hi - lo } else { lo.abs().max(1.0) };
        let (min, max) = (lo - CURVE_OVERSHOOT * span, hi + CURVE_OVERSHOOT * span);
        let widened = fitted.map(|y| y.clamp(min, max));
        (x_range, nice_range(data.iter().copied().chain(widened).chain(zero), (0.0, 1.0)))
    }
}

/// The parts of `curve` inside y ∈ [lo, hi], as runs to draw, with the crossing points of the
/// edges interpolated.
fn visible_runs(curve: &[(f64, f64)], (lo, hi): (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let inside = |p: &(f64, f64)| p.0.is_finite() && p.1.is_finite() && p.1 >= lo && p.1 <= hi;
    let edge = |a: (f64, f64), b: (f64, f64)| -> Option<(f64, f64)> {
        if !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite()) {
            return None;
        }
        let y = if a.1 > hi || b.1 > hi { hi } else { lo };
        let t = (y - a.1) / (b.1 - a.1);
        (t.is_finite() && (0.0..=1.0).contains(&t)).then_some((a.0 + t * (b.0 - a.0), y))
    };
    let mut runs = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for (i, p) in curve.iter().enumerate() {
        let previous = i.checked_sub(1).map(|j| curve[j]);
        if inside(p) {
            if run.is_empty() {
                if let Some(q) = previous.filter(|q| !inside(q)).and_then(|q| edge(q, *p)) {
                    run.push(q);
                }
            }
            run.push(*p);
        } else if !run.is_empty() {
            if let Some(q) = previous.and_then(|q| edge(q, *p)) {
                run.push(q);
            }
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs.retain(|r| r.len() > 1);
    runs
}

/// Draws an [`XyChart`].
pub fn draw_xy<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, chart: &XyChart, scale: f64) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let (x_range, mut y_range) = chart.ranges();
    let stroke = (2.0 * scale).round().max(1.0) as u32;
    // A curve of more points than the chart is pixels wide (a measured sweep, the residuals of
    // a long table) is drawn one pixel wide: its segments are shorter than a wide line, whose
    // joins would spike at every wiggle of its noise, and a browser without a GPU paints a
    // wide line of thousands of segments in milliseconds, a thin one in a fraction of that.
    let columns = area.dim_in_pixel().0 as usize;
    let width_of = |curve: &[(f64, f64)]| if curve.len() > columns { (scale.round() as u32).max(1) } else { stroke };
    // Dense data gets smaller markers, so that the points stay apart (and a long table draws
    // faster).
    let dots = if chart.dots { chart.curves.iter().map(|c| c.1.len()).max().unwrap_or(0) } else { 0 };
    let radius = (if chart.points.len().max(dots) > 200 { 2.5 } else { 4.0 } * scale).max(1.0) as i32;
    let mut legend = Vec::new();
    for (i, (label, curve)) in chart.curves.iter().enumerate() {
        let colour = CURVE_COLOURS[i % CURVE_COLOURS.len()].to_rgba();
        legend.push((label.clone(), if chart.dots { Glyph::Dot(colour, radius) } else { Glyph::Line(colour, width_of(curve)) }));
    }
    for (i, _) in &chart.bands {
        let of = chart.curves.get(*i).map(|c| format!(" ({})", c.0)).unwrap_or_default();
        let name = chart.band_label.clone().unwrap_or_else(|| format!("95 % confidence band{of}"));
        legend.push((name, Glyph::Patch(CURVE_COLOURS[i % CURVE_COLOURS.len()].mix(0.25))));
    }
    if !chart.points.is_empty() {
        legend.push((chart.points_label.clone().unwrap_or_else(|| "data".to_string()), Glyph::Dot(INK.to_rgba(), radius)));
    }
    if let Some((label, _)) = &chart.second {
        legend.push((label.clone(), Glyph::Square(HIGHLIGHT_SECOND.to_rgba(), radius)));
    }
    if !chart.excluded.is_empty() {
        legend.push(("left out of the fits".to_string(), Glyph::Ring(INK.to_rgba(), radius)));
    }
    // The legend goes in the first corner that covers no point; when every corner would, the
    // y axis is raised until the legend fits above the data.
    let mut cc = framed(area, &chart.title, Axes { x: x_range, y: y_range, x_desc: &chart.x_desc, y_desc: &chart.y_desc }, scale)?;
    let mut corner = Corner::UpperRight;
    let mut measured = None;
    if !legend.is_empty() {
        let plot = cc.plotting_area().strip_coord_spec();
        let layout = legend_box(&plot, &legend, scale)?;
        measured = Some(layout);
        let size = plot.dim_in_pixel();
        let base = plot.get_base_pixel();
        let pixels: Vec<(i32, i32)> = chart.all_points().map(|p| {
            let (x, y) = cc.backend_coord(&p);
            (x - base.0, y - base.1)
        }).collect();
        let reach = radius + (2.0 * scale) as i32;
        let covers = |corner: Corner| {
            let (left, top) = layout.origin(corner, size);
            pixels.iter().any(|&(x, y)| x + reach >= left && x - reach <= left + layout.width && y + reach >= top && y - reach <= top + layout.height)
        };
        let free = [Corner::UpperRight, Corner::UpperLeft, Corner::LowerRight, Corner::LowerLeft].into_iter().find(|&c| !covers(c));
        match free {
            Some(c) => corner = c,
            None => {
                // Room above the data for the legend, its margins and a marker's radius.
                let need = f64::from(layout.height + 2 * layout.margin + reach);
                let height = f64::from(size.1);
                if height > need {
                    y_range.1 += (y_range.1 - y_range.0) * need / (height - need);
                    cc = framed(area, &chart.title, Axes { x: x_range, y: y_range, x_desc: &chart.x_desc, y_desc: &chart.y_desc }, scale)?;
                }
            }
        }
    }
    if chart.zero_line {
        cc.draw_series(std::iter::once(PathElement::new(vec![(x_range.0, 0.0), (x_range.1, 0.0)], INK.mix(0.5))))?;
    }
    for (i, band) in &chart.bands {
        let colour = CURVE_COLOURS[i % CURVE_COLOURS.len()].mix(0.25);
        let clamp = |y: f64| y.clamp(y_range.0, y_range.1);
        let finite: Vec<&(f64, f64, f64)> = band.iter().filter(|b| b.0.is_finite() && b.1.is_finite() && b.2.is_finite()).collect();
        let outline: Vec<(f64, f64)> =
            finite.iter().map(|b| (b.0, clamp(b.2))).chain(finite.iter().rev().map(|b| (b.0, clamp(b.1)))).collect();
        if outline.len() > 2 {
            cc.draw_series(std::iter::once(Polygon::new(outline, colour.filled())))?;
        }
    }
    for (i, (_, curve)) in chart.curves.iter().enumerate() {
        let colour = CURVE_COLOURS[i % CURVE_COLOURS.len()];
        if chart.dots {
            let inside = |p: &&(f64, f64)| p.0.is_finite() && p.1 >= y_range.0 && p.1 <= y_range.1;
            cc.draw_series(curve.iter().filter(inside).map(|&p| Circle::new(p, radius, colour.filled())))?;
            continue;
        }
        let width = width_of(curve);
        for run in visible_runs(curve, y_range) {
            cc.draw_series(LineSeries::new(run, colour.stroke_width(width)))?;
        }
    }
    // Error bars over the curves, with caps, so that they show even when short.
    let errors = chart.errors.as_deref().unwrap_or(&[]);
    let cap = (3.0 * scale) as i32;
    let bar_style = INK.mix(0.75).stroke_width((scale.round() as u32).max(1));
    for ((x, y), e) in chart.points.iter().zip(errors).filter(|(p, e)| p.0.is_finite() && p.1.is_finite() && e.is_finite() && **e > 0.0) {
        let (low, high) = ((*x, y - e), (*x, y + e));
        cc.draw_series(std::iter::once(PathElement::new(vec![low, high], bar_style)))?;
        for end in [low, high] {
            let (px, py) = cc.backend_coord(&end);
            let base = cc.plotting_area().get_base_pixel();
            let (px, py) = (px - base.0, py - base.1);
            cc.plotting_area().strip_coord_spec().draw(&PathElement::new(vec![(px - cap, py), (px + cap, py)], bar_style))?;
        }
    }
    let finite = |p: &&(f64, f64)| p.0.is_finite() && p.1.is_finite();
    cc.draw_series(chart.points.iter().filter(finite).map(|&p| Circle::new(p, radius, INK.filled())))?;
    if let Some((_, second)) = &chart.second {
        let plot = cc.plotting_area().strip_coord_spec();
        for p in second.iter().filter(finite) {
            let (px, py) = cc.backend_coord(p);
            let base = cc.plotting_area().get_base_pixel();
            let (px, py) = (px - base.0, py - base.1);
            plot.draw(&Rectangle::new([(px - radius, py - radius), (px + radius, py + radius)], HIGHLIGHT_SECOND.filled()))?;
        }
    }
    cc.draw_series(chart.excluded.iter().filter(finite).map(|&p| Circle::new(p, radius, INK.stroke_width((scale.round() as u32).max(1)))))?;
    if let Some(layout) = measured {
        super::draw_legend_box(&cc.plotting_area().strip_coord_spec(), &legend, &layout, corner, scale)?;
    }
    area.present()?;
    Ok(())
}

/// The colour of the second series.
const HIGHLIGHT_SECOND: RGBColor = RGBColor(0xd5, 0x5e, 0x00);

impl Chart for XyChart {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, scale: f64) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        draw_xy(area, self, scale)
    }

    /// The chart's data as a tidy table: `series,x,y,sigma` with the measured points as
    /// series "data", the points left out as "excluded", each curve under its label and its
    /// band as "<label> 95% low" and "<label> 95% high".
    fn csv(&self) -> String {
        let mut out = String::from("series,x,y,sigma\n");
        let quote = |label: &str| format!("\"{}\"", label.replace('"', "\"\""));
        let finite = |p: &&(f64, f64)| p.0.is_finite() && p.1.is_finite();
        for (i, &(x, y)) in self.points.iter().enumerate() {
            let sigma = self.errors.as_ref().and_then(|e| e.get(i)).map(|s| s.to_string()).unwrap_or_default();
            out.push_str(&format!("data,{x},{y},{sigma}\n"));
        }
        for &(x, y) in self.excluded.iter().filter(finite) {
            out.push_str(&format!("excluded,{x},{y},\n"));
        }
        if let Some((label, points)) = &self.second {
            for &(x, y) in points.iter().filter(finite) {
                out.push_str(&format!("{},{x},{y},\n", quote(label)));
            }
        }
        for (label, curve) in &self.curves {
            for &(x, y) in curve.iter().filter(finite) {
                out.push_str(&format!("{},{x},{y},\n", quote(label)));
            }
        }
        for (i, band) in &self.bands {
            let label = self.curves.get(*i).map(|c| c.0.as_str()).unwrap_or("curve");
            for (end, pick) in [("95% low", 1), ("95% high", 2)] {
                for b in band.iter().filter(|b| b.0.is_finite() && b.1.is_finite() && b.2.is_finite()) {
                    let y = if pick == 1 { b.1 } else { b.2 };
                    out.push_str(&format!("{},{},{y},\n", quote(&format!("{label} {end}")), b.0));
                }
            }
        }
        out
    }

    fn axis_names(&self) -> (&str, &str) {
        (&self.x_desc, &self.y_desc)
    }

    fn series(&self) -> Vec<(&str, &[(f64, f64)])> {
        let mut series = vec![(self.points_label.as_deref().unwrap_or("data"), self.points.as_slice()), ("excluded", self.excluded.as_slice())];
        series.extend(self.second.iter().map(|(name, points)| (name.as_str(), points.as_slice())));
        series.extend(self.curves.iter().map(|(name, points)| (name.as_str(), points.as_slice())));
        series.retain(|(_, points)| !points.is_empty());
        series
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::to_svg;

    #[test]
    fn curves_are_cut_at_the_edges_of_the_axis() {
        let curve: Vec<(f64, f64)> = (0..=10).map(|i| (i as f64, 1.0 / (10.5 - i as f64))).collect();
        let runs = visible_runs(&curve, (0.0, 1.0));
        assert_eq!(runs.len(), 1);
        let last = *runs[0].last().unwrap();
        assert_eq!(last.1, 1.0, "ends where it crosses the top: {last:?}");
        assert!(last.0 > 9.0 && last.0 < 10.0, "{last:?}");
    }

    #[test]
    fn the_axis_follows_the_data_not_a_model_pole() {
        let chart = XyChart {
            points: (0..8).map(|i| (i as f64, 1.0 + 0.3 * i as f64)).collect(),
            curves: vec![("pole".into(), (0..100).map(|i| (i as f64 * 0.08, 1.0 / (8.0 - i as f64 * 0.08).max(1e-9))).collect())],
            ..XyChart::default()
        };
        let (_, (lo, hi)) = chart.ranges();
        assert!(lo < 1.0 && hi < 3.1 + 0.25 * 2.1 + 0.5, "y axis {lo} … {hi}");
    }

    /// The legend box and the centres of the filled and open circles in an SVG chart.
    type Rect = (f64, f64, f64, f64);

    fn legend_and_points(svg: &str) -> (Rect, Vec<(f64, f64)>) {
        let attr = |element: &str, name: &str| -> f64 {
            let start = element.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            element[start..start + element[start..].find('"').unwrap()].parse().unwrap()
        };
        let rects: Vec<&str> = svg.lines().filter(|l| l.starts_with("<rect") && l.contains("opacity")).collect();
        let legend = rects.last().map(|r| (attr(r, "x"), attr(r, "y"), attr(r, "width"), attr(r, "height"))).unwrap();
        let circles = svg.lines().filter(|l| l.starts_with("<circle")).map(|c| (attr(c, "cx"), attr(c, "cy"))).collect();
        (legend, circles)
    }

    #[test]
    fn the_legend_never_covers_a_point() {
        // Points in every corner of the plot: no corner is free, so the axis is raised.
        let corners = vec![(0.0, 0.0), (0.0, 10.0), (10.0, 0.0), (10.0, 10.0), (5.0, 5.0), (1.0, 9.5), (9.0, 9.5), (1.0, 0.5), (9.0, 0.5)];
        let crowded = XyChart {
            points: corners,
            curves: vec![("a long model name".into(), vec![(0.0, 0.0), (10.0, 10.0)]), ("another".into(), vec![(0.0, 10.0), (10.0, 0.0)])],
            excluded: vec![(2.0, 9.8)],
            ..XyChart::default()
        };
        // Falling data leave the upper right free.
        let falling = XyChart { points: (0..10).map(|i| (i as f64, 10.0 - i as f64)).collect(), ..crowded.clone() };
        for chart in [crowded, falling] {
            for (width, height, scale) in [(640, 400, 1.0), (360, 260, 1.0)] {
                let svg = to_svg(width, height, |area| draw_xy(area, &chart, scale)).unwrap();
                let ((x, y, w, h), points) = legend_and_points(&svg);
                assert!(points.len() >= chart.points.len(), "{svg}");
                for (cx, cy) in &points {
                    // The legend's own glyphs are inside it; data points must not be.
                    let inside = *cx > x && *cx < x + w && *cy > y && *cy < y + h;
                    let glyph = (*cx - (x + 6.0 * scale + 7.0 * scale)).abs() < 1.5;
                    assert!(!inside || glyph, "point ({cx}, {cy}) under the legend {x},{y} {w}×{h} at {width}×{height}");
                }
            }
        }
    }

    #[test]
    fn a_curve_of_more_points_than_pixel_columns_is_drawn_thin() {
        // A model curve of 160 points and a measured sweep of 2000, on a chart 640 pixels wide
        // (and 1280 at twice the pixel density, where both widths double).
        let model: Vec<(f64, f64)> = (0..160).map(|i| (i as f64 / 16.0, (i as f64 / 16.0).sin())).collect();
        let sweep: Vec<(f64, f64)> = (0..2000).map(|i| (i as f64 / 200.0, (i as f64 / 200.0).cos() + 0.01 * (i % 2) as f64)).collect();
        let chart = XyChart { curves: vec![("model".into(), model), ("measured".into(), sweep)], ..XyChart::default() };
        for scale in [1.0, 2.0] {
            let svg = to_svg((640.0 * scale) as u32, (400.0 * scale) as u32, |area| draw_xy(area, &chart, scale)).unwrap();
            let width_of = |points: usize| -> Vec<String> {
                svg.lines()
                    .filter(|l| l.starts_with("<polyline") && l.matches(',').count() == points)
                    .map(|l| l.split("stroke-width=\"").nth(1).unwrap().split('"').next().unwrap().to_string())
                    .collect()
            };
            assert_eq!(width_of(160), vec![format!("{}", 2.0 * scale)], "the model curve at {scale}×");
            assert_eq!(width_of(2000), vec![format!("{}", scale)], "the sweep at {scale}×");
        }
    }
}
