//! A small SVG backend for plotters that writes into a `String`.
//!
//! plotters' own `svg_backend` also supports writing to files, which links `std::fs` and the
//! `std::io` error tables into the wasm; with the chart code it cost 35 kB (10 kB gzipped)
//! of a page budget of 250 kB. The charts need only lines, rectangles, polylines, circles,
//! polygons and text, which this writes in the same way (text anchors and rotations follow
//! plotters-svg 0.3.7).

use crate::science::format::escape_markup as escape;
use std::fmt::Write as _;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
    FontTransform,
};

/// Draws into `out` as an SVG document of `size` pixels. The document is complete after
/// `present()` (plotters calls it when a drawing area is presented) or on drop.
pub struct SvgWriter<'a> {
    out: &'a mut String,
    size: (u32, u32),
    state: DocumentState,
}

#[derive(PartialEq)]
enum DocumentState {
    NotStarted,
    Open,
    Closed,
}

type Result = std::result::Result<(), DrawingErrorKind<std::fmt::Error>>;

impl<'a> SvgWriter<'a> {
    pub fn new(out: &'a mut String, size: (u32, u32)) -> Self {
        SvgWriter { out, size, state: DocumentState::NotStarted }
    }

    fn open(&mut self) {
        if self.state == DocumentState::NotStarted {
            let (w, h) = self.size;
            let _ = writeln!(
                self.out,
                r#"<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg">"#
            );
            self.state = DocumentState::Open;
        }
    }

    fn close(&mut self) {
        self.open();
        if self.state == DocumentState::Open {
            self.out.push_str("</svg>\n");
            self.state = DocumentState::Closed;
        }
    }

    /// Writes one element; nothing after the document is closed.
    fn element(&mut self, text: std::fmt::Arguments<'_>) -> Result {
        self.open();
        if self.state == DocumentState::Open {
            self.out.write_fmt(text).map_err(DrawingErrorKind::DrawingError)?;
            self.out.push('\n');
        }
        Ok(())
    }
}

impl Drop for SvgWriter<'_> {
    fn drop(&mut self) {
        self.close();
    }
}

/// `fill="#rrggbb"` or `stroke=…` with its opacity.
fn paint(kind: &str, color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!(r##"{kind}="#{r:02X}{g:02X}{b:02X}" {kind}-opacity="{:.3}""##, color.alpha)
}

/// The paint of a shape: filled with the style's colour, or outlined with its stroke.
fn filled_or_outlined<S: BackendStyle>(style: &S, fill: bool) -> String {
    if fill {
        paint("fill", style.color())
    } else {
        format!(r#"fill="none" {} stroke-width="{}""#, paint("stroke", style.color()), style.stroke_width())
    }
}

fn points(path: impl IntoIterator<Item = BackendCoord>) -> String {
    let mut text = String::new();
    for (x, y) in path {
        let _ = write!(text, "{x},{y} ");
    }
    text.trim_end().to_string()
}

impl DrawingBackend for SvgWriter<'_> {
    type ErrorType = std::fmt::Error;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result {
        self.open();
        Ok(())
    }

    fn present(&mut self) -> Result {
        self.close();
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Result {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.element(format_args!(r#"<rect x="{x}" y="{y}" width="1" height="1" {}/>"#, paint("fill", color)))
    }

    fn draw_line<S: BackendStyle>(&mut self, (x1, y1): BackendCoord, (x2, y2): BackendCoord, style: &S) -> Result {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.element(format_args!(
            r#"<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" {} stroke-width="{}"/>"#,
            paint("stroke", style.color()),
            style.stroke_width()
        ))
    }

    fn draw_rect<S: BackendStyle>(&mut self, (x0, y0): BackendCoord, (x1, y1): BackendCoord, style: &S, fill: bool) -> Result {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let look = filled_or_outlined(style, fill);
        let (x, y) = (x0.min(x1), y0.min(y1));
        let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
        self.element(format_args!(r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" {look}/>"#))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.element(format_args!(
            r#"<polyline fill="none" {} stroke-width="{}" stroke-linejoin="round" points="{}"/>"#,
            paint("stroke", style.color()),
            style.stroke_width(),
            points(path)
        ))
    }

    fn draw_circle<S: BackendStyle>(&mut self, (x, y): BackendCoord, radius: u32, style: &S, fill: bool) -> Result {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let look = filled_or_outlined(style, fill);
        self.element(format_args!(r#"<circle cx="{x}" cy="{y}" r="{radius}" {look}/>"#))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Result {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.element(format_args!(r#"<polygon {} points="{}"/>"#, paint("fill", style.color()), points(vert)))
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, (x, y): BackendCoord) -> Result {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        let weight = match style.style() {
            FontStyle::Bold => r#" font-weight="bold""#,
            FontStyle::Italic | FontStyle::Oblique => r#" font-style="italic""#,
            FontStyle::Normal => "",
        };
        let rotation = match style.transform() {
            FontTransform::Rotate90 => format!(r#" transform="rotate(90, {x}, {y})""#),
            FontTransform::Rotate180 => format!(r#" transform="rotate(180, {x}, {y})""#),
            FontTransform::Rotate270 => format!(r#" transform="rotate(270, {x}, {y})""#),
            FontTransform::None => String::new(),
        };
        self.element(format_args!(
            r#"<text x="{x}" y="{y}" dy="{dy}" text-anchor="{anchor}" font-family="{}" font-size="{:.1}" {}{weight}{rotation}>{}</text>"#,
            escape(style.family().as_str()),
            style.size() / 1.24,
            paint("fill", color),
            escape(text)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    #[test]
    fn writes_a_complete_escaped_document() {
        let mut svg = String::new();
        {
            let area = SvgWriter::new(&mut svg, (100, 50)).into_drawing_area();
            area.fill(&WHITE).unwrap();
            area.draw(&Text::new("a<b & \"c\"", (10, 10), ("sans-serif", 12).into_font())).unwrap();
            area.draw(&Circle::new((20, 20), 3, RED.filled())).unwrap();
            area.present().unwrap();
        }
        assert!(svg.starts_with("<svg width=\"100\" height=\"50\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("</svg>").count(), 1, "closed once although presented and dropped");
        assert!(svg.contains("a&lt;b &amp; &quot;c&quot;"));
        assert!(svg.contains(r##"<circle cx="20" cy="20" r="3" fill="#FF0000""##));
    }
}
