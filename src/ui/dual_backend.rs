//! One drawing backend type for both the canvas and the SVG download.
//!
//! The chart functions in `plot` are generic over the backend; drawing with two backend types
//! would compile every chart twice into the wasm (about 35 kB, 10 kB gzipped, measured).
//! Wrapping both in one enum compiles the charts once; only these forwarding methods exist
//! per backend.

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use super::canvas2d::Canvas2d;
use crate::plot::SvgWriter;

/// The canvas in the page, or an SVG document being written, with the chart's canvas to
/// measure its text when there is one.
pub enum DualBackend<'a> {
    Canvas(Canvas2d),
    Svg(SvgWriter<'a>, Option<Canvas2d>),
}

/// Line height of sans-serif text in browsers' "normal" line box, relative to the font size.
const LINE_HEIGHT: f64 = 1.15;

/// A backend error, kept as its message.
#[derive(Debug)]
pub struct DualError(pub(super) String);

impl std::fmt::Display for DualError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DualError {}

fn convert<E: std::error::Error + Send + Sync>(error: DrawingErrorKind<E>) -> DrawingErrorKind<DualError> {
    match error {
        DrawingErrorKind::DrawingError(e) => DrawingErrorKind::DrawingError(DualError(e.to_string())),
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    }
}

impl DrawingBackend for DualBackend<'_> {
    type ErrorType = DualError;

    fn get_size(&self) -> (u32, u32) {
        match self {
            DualBackend::Canvas(c) => c.size(),
            DualBackend::Svg(b, _) => b.get_size(),
        }
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<DualError>> {
        match self {
            DualBackend::Canvas(_) => Ok(()),
            DualBackend::Svg(b, _) => b.ensure_prepared().map_err(convert),
        }
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<DualError>> {
        match self {
            DualBackend::Canvas(c) => {
                c.flush();
                Ok(())
            }
            DualBackend::Svg(b, _) => b.present().map_err(convert),
        }
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), DrawingErrorKind<DualError>> {
        match self {
            DualBackend::Canvas(c) => {
                c.draw_pixel(point, color);
                Ok(())
            }
            DualBackend::Svg(b, _) => b.draw_pixel(point, color).map_err(convert),
        }
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), DrawingErrorKind<DualError>> {
        match self {
            DualBackend::Canvas(c) => {
                c.draw_line(from, to, style);
                Ok(())
            }
            DualBackend::Svg(b, _) => b.draw_line(from, to, style).map_err(convert),
        }
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<DualError>> {
        match self {
            DualBackend::Canvas(c) => {
                c.draw_rect(upper_left, bottom_right, style, fill);
                Ok(())
            }
            DualBackend::Svg(b, _) => b.draw_rect(upper_left, bottom_right, style, fill).map_err(convert),
        }
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result<(), DrawingErrorKind<DualError>> {
        match self {
            DualBackend::Canvas(c) => {
                c.draw_path(&path.into_iter().collect::<Vec<_>>(), style.color(), style.stroke_width());
                Ok(())
            }
            DualBackend::Svg(b, _) => b.draw_path(path, style).map_err(convert),
        }
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<DualError>> {
        match self {
            DualBackend::Canvas(c) => c.draw_circle(center, radius, style, fill),
            DualBackend::Svg(b, _) => b.draw_circle(center, radius, style, fill).map_err(convert),
        }
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Result<(), DrawingErrorKind<DualError>> {
        match self {
            DualBackend::Canvas(c) => {
                c.fill_polygon(&vert.into_iter().collect::<Vec<_>>(), style.color());
                Ok(())
            }
            DualBackend::Svg(b, _) => b.fill_polygon(vert, style).map_err(convert),
        }
    }

    fn draw_text<TStyle: BackendTextStyle>(&mut self, text: &str, style: &TStyle, pos: BackendCoord) -> Result<(), DrawingErrorKind<DualError>> {
        match self {
            DualBackend::Canvas(c) => c.draw_text(text, style, pos),
            DualBackend::Svg(b, _) => b.draw_text(text, style, pos).map_err(convert),
        }
    }

    /// Text is measured with the canvas's own `measureText`, for the SVG download too:
    /// plotters' default adds a `<span>` with a `style` attribute to the page, which the page's
    /// Content-Security-Policy refuses, and forces a layout of the whole page for every label
    /// (with a 1000-row table on the page that was most of the time of a redraw).
    fn estimate_text_size<TStyle: BackendTextStyle>(&self, text: &str, style: &TStyle) -> Result<(u32, u32), DrawingErrorKind<DualError>> {
        // The height of a line box of this font, as plotters' own measurement gives.
        let height = (style.size() * LINE_HEIGHT).max(0.0).ceil() as u32;
        let width = match self {
            DualBackend::Canvas(c) | DualBackend::Svg(_, Some(c)) => c.text_width(text, style),
            // No canvas to measure with: an average sans-serif glyph is about 0.55 em wide.
            DualBackend::Svg(_, None) => 0.55 * style.size() * text.chars().count() as f64,
        };
        Ok((width.ceil() as u32, height))
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<(), DrawingErrorKind<DualError>> {
        match self {
            // No chart draws bitmaps.
            DualBackend::Canvas(_) => Ok(()),
            DualBackend::Svg(b, _) => b.blit_bitmap(pos, size, src).map_err(convert),
        }
    }
}
