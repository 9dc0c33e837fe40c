//! The charts' colours on a dark page.
//!
//! Charts are drawn in their light colours (the SVG download and the snapshot tests keep
//! them: a figure for a paper is printed on white). On a page in the dark theme the canvas
//! paints each colour as its dark counterpart from [`DARK`]: the white paper becomes the dark
//! card, ink becomes light, and every line colour is a lighter tint of its hue, so that lines
//! and text keep WCAG's contrast (text 4.5:1, lines 3:1, SC 1.4.3 and 1.4.11) on the dark
//! paper as they do on white. The tests below check both.

use plotters::style::RGBColor;

use super::xy::CURVE_COLOURS;
use super::{ACCENT, BAND, GRID, HIGHLIGHT, INK};

/// The dark page's card, which the chart's white paper becomes (`--card` in style/main.css).
pub const DARK_PAPER: RGBColor = RGBColor(0x1a, 0x22, 0x2d);

/// Each light chart colour and the colour it is painted with on a dark page.
const DARK: [(RGBColor, RGBColor); 13] = [
    (RGBColor(0xff, 0xff, 0xff), DARK_PAPER),
    // plotters' default text colour (captions, tick labels).
    (RGBColor(0x00, 0x00, 0x00), RGBColor(0xe5, 0xe7, 0xeb)),
    (INK, RGBColor(0xe5, 0xe7, 0xeb)),
    (GRID, RGBColor(0x3a, 0x44, 0x52)),
    (ACCENT, RGBColor(0x7c, 0xb3, 0xfb)),
    (HIGHLIGHT, RGBColor(0xf8, 0x71, 0x71)),
    (BAND, RGBColor(0x34, 0xd3, 0x99)),
    (CURVE_COLOURS[0], RGBColor(0x5a, 0xa9, 0xe6)),
    (CURVE_COLOURS[1], RGBColor(0xff, 0x9a, 0x4d)),
    (CURVE_COLOURS[2], RGBColor(0x3f, 0xd0, 0xa4)),
    (CURVE_COLOURS[3], RGBColor(0xe9, 0xa3, 0xc9)),
    (CURVE_COLOURS[4], RGBColor(0xf0, 0xc2, 0x3b)),
    (CURVE_COLOURS[5], RGBColor(0xa6, 0xdc, 0xf7)),
];

/// The colour a chart's light colour `rgb` is painted with on a dark page. A colour not in
/// the table (none is drawn today) keeps its hue with its lightness mirrored, which keeps its
/// contrast roughly as it was on white.
pub fn on_dark(rgb: (u8, u8, u8)) -> (u8, u8, u8) {
    if let Some((_, dark)) = DARK.iter().find(|(light, _)| light.0 == rgb.0 && light.1 == rgb.1 && light.2 == rgb.2) {
        return (dark.0, dark.1, dark.2);
    }
    let (r, g, b) = rgb;
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    // Mirror the HSL lightness: adding (255 − max − min) to every channel maps L to 1 − L and
    // keeps the channels' differences, so the hue and the chroma stay.
    let shift = 255 - i32::from(max) - i32::from(min);
    let channel = |c: u8| (i32::from(c) + shift).clamp(0, 255) as u8;
    (channel(r), channel(g), channel(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2.x relative luminance.
    fn luminance(c: RGBColor) -> f64 {
        let linear = |v: u8| {
            let s = f64::from(v) / 255.0;
            if s <= 0.03928 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
    }

    fn contrast(a: RGBColor, b: RGBColor) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    fn dark(c: RGBColor) -> RGBColor {
        let (r, g, b) = on_dark((c.0, c.1, c.2));
        RGBColor(r, g, b)
    }

    const WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);

    #[test]
    fn text_contrasts_four_and_a_half_to_one_on_light_and_dark_paper() {
        for ink in [INK, RGBColor(0, 0, 0)] {
            assert!(contrast(ink, WHITE) >= 4.5);
            assert!(contrast(dark(ink), DARK_PAPER) >= 4.5, "{:?} on dark: {:.2}", dark(ink), contrast(dark(ink), DARK_PAPER));
        }
    }

    #[test]
    fn every_line_colour_contrasts_three_to_one_on_light_and_dark_paper() {
        for colour in CURVE_COLOURS.iter().copied().chain([ACCENT, HIGHLIGHT]) {
            assert!(contrast(colour, WHITE) >= 3.0, "{colour:?} on white: {:.2}", contrast(colour, WHITE));
            let on = dark(colour);
            assert!(contrast(on, DARK_PAPER) >= 3.0, "{on:?} on dark: {:.2}", contrast(on, DARK_PAPER));
        }
    }

    #[test]
    fn the_paper_becomes_the_dark_card_and_the_grid_stays_faint() {
        assert_eq!(dark(WHITE), DARK_PAPER);
        // The grid is a guide, not content: faint on both papers, as on white.
        assert!(contrast(dark(GRID), DARK_PAPER) < 2.0);
        assert!(contrast(GRID, WHITE) < 2.0);
    }

    #[test]
    fn a_colour_outside_the_table_keeps_its_hue_and_mirrors_its_lightness() {
        // A mid grey stays where it is; a dark red becomes a light red.
        assert_eq!(on_dark((0x80, 0x80, 0x7f)), (0x80, 0x80, 0x7f));
        let (r, g, b) = on_dark((0x80, 0x00, 0x00));
        assert_eq!((r, g, b), (0xff, 0x7f, 0x7f));
    }

    #[test]
    fn every_curve_colour_has_its_own_dark_tint() {
        let tints: Vec<_> = CURVE_COLOURS.iter().map(|&c| on_dark((c.0, c.1, c.2))).collect();
        for (i, a) in tints.iter().enumerate() {
            assert!(tints[i + 1..].iter().all(|b| b != a), "two curves share the tint {a:?}");
        }
    }
}
