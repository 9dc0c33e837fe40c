//! A plotters drawing backend for a `<canvas>` 2D context that draws long series quickly.
//!
//! plotters-canvas, which this replaces, opens, fills and closes a path for every marker and
//! sets every style afresh on every call. A chart of a 1000-row table draws thousands of
//! markers, and each separate fill is an operation the browser must record and rasterise
//! when the frame is painted. Here, consecutive markers and lines of one opaque style go into
//! one path that is filled or stroked once, and a style is set only when it changes.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform,
};
use std::cell::RefCell;
use std::rc::Rc;

use web_sys::CanvasRenderingContext2d;

use crate::plot::palette;

/// Filled circles of at most this radius (device pixels) are drawn as squares.
const SMALL_MARKER: u32 = 2;

/// What the open path will be painted with when it is closed: a colour as plotters gives it
/// (red, green, blue, alpha), made into CSS only when the path is painted, not for each of a
/// thousand markers.
#[derive(Clone, Copy, PartialEq)]
enum Paint {
    Fill((u8, u8, u8), f64),
    Stroke((u8, u8, u8), f64, u32),
}

impl Paint {
    fn fill(color: BackendColor) -> Self {
        Paint::Fill(color.rgb, color.alpha)
    }

    fn stroke(color: BackendColor, width: u32) -> Self {
        Paint::Stroke(color.rgb, color.alpha, width)
    }
}

/// The canvas of a chart, with the styles last set on its context.
pub struct Canvas2d {
    context: CanvasRenderingContext2d,
    size: (u32, u32),
    /// The paint of the path being collected, if one is open.
    open: Option<Paint>,
    fill: String,
    stroke: String,
    line_width: u32,
    /// The font set on the context: shared with the chart, because the context keeps it from
    /// one drawing to the next (setting a font costs the browser a parse and a font lookup);
    /// behind a `RefCell` because plotters measures text through `&self`.
    font: Rc<RefCell<String>>,
    /// Whether the page shows the dark theme.
    dark: bool,
}

/// A canvas error (the context refused a call), kept as its message.
pub type CanvasError = DrawingErrorKind<super::dual_backend::DualError>;

/// The CSS colour a chart colour is painted with: itself, or on a dark page its dark
/// counterpart ([`palette::on_dark`]).
fn css_color(color: BackendColor, dark: bool) -> String {
    let (r, g, b) = if dark { palette::on_dark(color.rgb) } else { color.rgb };
    format!("rgba({r},{g},{b},{})", color.alpha)
}

/// Moves horizontal and vertical lines of an odd width to the middle of a device pixel, so
/// that a line one pixel wide covers one row of pixels instead of blurring over two.
fn crisp(from: BackendCoord, to: BackendCoord, width: u32) -> ((f64, f64), (f64, f64)) {
    let (mut a, mut b) = ((f64::from(from.0), f64::from(from.1)), (f64::from(to.0), f64::from(to.1)));
    // A line of an even width covers whole pixels from the pixels' edges already.
    if width % 2 == 0 {
        return (a, b);
    }
    if from.0 == to.0 {
        a.0 -= 0.5;
        b.0 -= 0.5;
    }
    if from.1 == to.1 {
        a.1 -= 0.5;
        b.1 -= 0.5;
    }
    (a, b)
}

impl Canvas2d {
    /// A backend drawing on `context`, of `size` device pixels, whose font is `font` (empty
    /// if unknown), in the dark theme's colours if `dark`.
    pub fn new(context: CanvasRenderingContext2d, size: (u32, u32), font: Rc<RefCell<String>>, dark: bool) -> Self {
        Self { context, size, open: None, fill: String::new(), stroke: String::new(), line_width: 0, font, dark }
    }

    fn css(&self, color: BackendColor) -> String {
        css_color(color, self.dark)
    }

    pub fn size(&self) -> (u32, u32) {
        self.size
    }

    fn set_fill(&mut self, color: String) {
        if self.fill != color {
            self.context.set_fill_style_str(&color);
            self.fill = color;
        }
    }

    fn set_stroke(&mut self, color: String, width: u32) {
        if self.stroke != color {
            self.context.set_stroke_style_str(&color);
            self.stroke = color;
        }
        if self.line_width != width {
            self.context.set_line_width(f64::from(width));
            self.line_width = width;
        }
    }

    /// Paints the open path, if any.
    pub fn flush(&mut self) {
        match self.open.take() {
            Some(Paint::Fill(rgb, alpha)) => {
                self.set_fill(self.css(BackendColor { rgb, alpha }));
                self.context.fill();
            }
            Some(Paint::Stroke(rgb, alpha, width)) => {
                self.set_stroke(self.css(BackendColor { rgb, alpha }), width);
                self.context.stroke();
            }
            None => {}
        }
    }

    /// Makes `paint` the paint of the open path: continues the open path when it has the same
    /// opaque paint, else paints it and begins a new one. Translucent paint is never shared,
    /// because overlapping parts of one path are painted once and would not darken.
    fn begin(&mut self, paint: Paint, opaque: bool) {
        if opaque && self.open.as_ref() == Some(&paint) {
            return;
        }
        self.flush();
        self.context.begin_path();
        self.open = Some(paint);
    }

    pub fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) {
        self.line(from, to, style.color(), style.stroke_width());
    }

    fn line(&mut self, from: BackendCoord, to: BackendCoord, color: BackendColor, width: u32) {
        if color.alpha == 0.0 {
            return;
        }
        let (a, b) = crisp(from, to, width);
        // Straight lines share a path even when translucent (a chart's light mesh: some 190
        // lines, each its own stroke before): two of them overlap only where they cross.
        self.begin(Paint::stroke(color, width), true);
        self.context.move_to(a.0, a.1);
        self.context.line_to(b.0, b.1);
    }

    pub fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Result<(), CanvasError> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let paint = if fill { Paint::fill(color) } else { Paint::stroke(color, style.stroke_width()) };
        self.begin(paint, color.alpha >= 1.0);
        let (x, y, r) = (f64::from(center.0), f64::from(center.1), f64::from(radius));
        if fill && radius <= SMALL_MARKER {
            // A dot this small is a square with its corner pixels half covered: drawn as the
            // square, it looks the same and takes the browser a fraction of the time to paint.
            self.context.rect(x - r, y - r, 2.0 * r, 2.0 * r);
            return Ok(());
        }
        // A new subpath for each circle: without the move, a line would join it to the last.
        self.context.move_to(x + r, y);
        self.context.arc(x, y, r, 0.0, std::f64::consts::TAU).map_err(|_| failed("arc"))
    }

    pub fn draw_rect<S: BackendStyle>(&mut self, upper_left: BackendCoord, bottom_right: BackendCoord, style: &S, fill: bool) {
        let color = style.color();
        if color.alpha == 0.0 {
            return;
        }
        self.flush();
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let (w, h) = (f64::from(bottom_right.0 - upper_left.0), f64::from(bottom_right.1 - upper_left.1));
        if fill {
            self.set_fill(self.css(color));
            self.context.fill_rect(x, y, w, h);
        } else {
            self.set_stroke(self.css(color), style.stroke_width());
            self.context.stroke_rect(x, y, w, h);
        }
    }

    /// Begins a new path through `points` (after painting any open one); false if there are
    /// no points.
    fn trace(&mut self, points: &[BackendCoord]) -> bool {
        let Some((start, rest)) = points.split_first() else { return false };
        self.flush();
        self.context.begin_path();
        self.context.move_to(f64::from(start.0), f64::from(start.1));
        for p in rest {
            self.context.line_to(f64::from(p.0), f64::from(p.1));
        }
        true
    }

    /// A polyline (not generic over plotters' iterators and styles: one copy in the module).
    pub fn draw_path(&mut self, path: &[BackendCoord], color: BackendColor, width: u32) {
        // A path of two points (a mesh line, an axis, a tick) is a line, which shares a path.
        if let [from, to] = *path {
            self.line(from, to, color, width);
            return;
        }
        if color.alpha > 0.0 && self.trace(path) {
            self.set_stroke(self.css(color), width);
            self.context.stroke();
        }
    }

    pub fn fill_polygon(&mut self, vertices: &[BackendCoord], color: BackendColor) {
        if color.alpha > 0.0 && self.trace(vertices) {
            self.context.close_path();
            self.set_fill(self.css(color));
            self.context.fill();
        }
    }

    pub fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) {
        if color.alpha == 0.0 {
            return;
        }
        self.flush();
        self.set_fill(self.css(color));
        self.context.fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
    }

    /// Sets the font of `style` on the context, unless it is set already.
    fn use_font<S: BackendTextStyle>(&self, style: &S) {
        let font = format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str());
        let mut current = self.font.borrow_mut();
        if *current != font {
            self.context.set_font(&font);
            *current = font;
        }
    }

    /// The width of `text` in the font of `style`, in pixels, by the canvas's `measureText`.
    /// (plotters' own measurement adds a `<span>` to the document and reads its size, which
    /// forces a layout of the whole page.)
    pub fn text_width<S: BackendTextStyle>(&self, text: &str, style: &S) -> f64 {
        self.use_font(style);
        self.context.measure_text(text).map(|m| m.width()).unwrap_or(0.0).max(0.0)
    }

    pub fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), CanvasError> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.flush();
        let turn = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 0.25,
            FontTransform::Rotate180 => 0.5,
            FontTransform::Rotate270 => 0.75,
        };
        let (mut x, mut y) = (f64::from(pos.0), f64::from(pos.1));
        if turn != 0.0 {
            self.context.save();
            self.context.translate(x, y).map_err(|_| failed("translate"))?;
            self.context.rotate(turn * std::f64::consts::TAU).map_err(|_| failed("rotate"))?;
            (x, y) = (0.0, 0.0);
        }
        self.context.set_text_baseline(match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        });
        self.context.set_text_align(match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        });
        self.set_fill(self.css(color));
        self.use_font(style);
        let drawn = self.context.fill_text(text, x, y).map_err(|_| failed("fillText"));
        if turn != 0.0 {
            // `restore` brings back the styles saved before the rotation, which are the ones
            // recorded here except the fill and font just set: forget those.
            self.context.restore();
            self.fill.clear();
            self.font.borrow_mut().clear();
        }
        drawn
    }
}

fn failed(call: &str) -> CanvasError {
    DrawingErrorKind::DrawingError(super::dual_backend::DualError(format!("the canvas refused {call}")))
}
