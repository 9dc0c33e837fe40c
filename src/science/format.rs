//! Formatting for display: numbers to significant digits, with a real "× 10ⁿ" in the page and
//! never "NaN" or "inf"; and text escaped for markup (HTML results, SVG charts).

/// Formats `value` to `digits` significant digits. Plain notation between 1e-3 and 1e5,
/// otherwise `m × 10ⁿ` with a superscript exponent. Non-finite values give "—".
pub fn sig(value: f64, digits: usize) -> String {
    let digits = digits.clamp(1, 15);
    if !value.is_finite() {
        return "—".to_string();
    }
    if value == 0.0 {
        return "0".to_string();
    }
    // The exponent of the value as rounded: 9.9999999 to 4 digits is 10.00, not 10.000.
    let mut exponent = value.abs().log10().floor() as i32;
    if (value.abs() / 10_f64.powi(exponent - digits as i32 + 1)).round() >= 10_f64.powi(digits as i32) {
        exponent += 1;
    }
    if (-3..digits as i32).contains(&exponent) && exponent < 5 {
        let decimals = (digits as i32 - 1 - exponent).max(0) as usize;
        let text = format!("{value:.decimals$}");
        // Rounding may carry into a new digit (9.996 → 10.00): recount is unnecessary for
        // display, but never show "-0".
        if text.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
            return "0".to_string();
        }
        text
    } else {
        let text = format!("{:.*e}", digits - 1, value);
        let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
        format!("{mantissa} × 10{}", superscript(exp))
    }
}

/// A number for a sentence: [`sig`] without trailing zeros ("516", "0.25", "1 × 10³⁰⁸"), so
/// that a message reads as a person writes and never spells out 309 digits.
pub fn sig_short(value: f64, digits: usize) -> String {
    Short(value, digits).to_string()
}

/// [`sig_short`] as a format argument (`format!("{}", Short(x, 4))`): the number is written
/// into the message without a string of its own, which keeps the page's download smaller.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Short(pub f64, pub usize);

impl std::fmt::Display for Short {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = sig(self.0, self.1);
        let (mantissa, power) = text.split_at(text.find(" × ").unwrap_or(text.len()));
        let mantissa = if mantissa.contains('.') {
            mantissa.trim_end_matches('0').trim_end_matches('.')
        } else {
            mantissa
        };
        f.write_str(mantissa)?;
        f.write_str(power)
    }
}

/// Like [`sig`] but with plain ASCII `e` notation, for CSV and the command line.
pub fn sig_ascii(value: f64, digits: usize) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let digits = digits.clamp(1, 17);
    let text = format!("{:.*e}", digits - 1, value);
    match crate::science::decimal::parse_f64(&text) {
        Some(rounded) => format!("{rounded}"),
        None => text,
    }
}

/// `value` rounded to `digits` significant decimal digits, as the nearest f64: with 12 digits,
/// a unit conversion's float noise goes (15 µM → mol/L → µM gives 14.999999999999998, shown
/// as 15). The same as parsing `sig_ascii(value, digits)`, without the cost of formatting.
pub fn round_sig(value: f64, digits: i32) -> f64 {
    if !value.is_finite() || value == 0.0 {
        return value;
    }
    let shift = digits - 1 - value.abs().log10().floor() as i32;
    // Powers of ten up to 10²² are exact doubles, so dividing by one rounds correctly.
    match shift {
        0..=22 => {
            let p = 10_f64.powi(shift);
            (value * p).round() / p
        }
        -22..=-1 => {
            let p = 10_f64.powi(-shift);
            (value / p).round() * p
        }
        // Far from 1: rare, so formatting does it.
        _ => crate::science::decimal::parse_f64(&sig_ascii(value, digits.clamp(1, 17) as usize)).unwrap_or(value),
    }
}

/// Escapes text for HTML and SVG: every dynamic string in markup goes through this, since
/// model expressions, link problems and labels may quote what the user typed.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// A label as it reads inside a sentence: "Area" → "area", "Gas volume evolved" → "gas volume
/// evolved", leaving symbols and acronyms alone ("pH", "ΔA at 510 nm", "TON", "E°′"). Only an
/// ASCII capital followed by a small letter is lowered: `str::to_lowercase` would lower every
/// letter ("henry's constant h^cp at t") and bring Unicode's case tables into the page.
pub fn lower_first(label: &str) -> String {
    let bytes = label.as_bytes();
    match bytes {
        [first, second, ..] if first.is_ascii_uppercase() && second.is_ascii_lowercase() => {
            let mut lowered = label.to_string();
            lowered[..1].make_ascii_lowercase();
            lowered
        }
        _ => label.to_string(),
    }
}

/// An exponent written in superscript digits ("-5" → "⁻⁵"; a leading '+' is dropped).
pub(crate) fn superscript(exponent: &str) -> String {
    exponent
        .trim_start_matches('+')
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_lowered_inside_a_sentence_keep_their_symbols() {
        assert_eq!(lower_first("Gas volume evolved"), "gas volume evolved");
        assert_eq!(lower_first("Henry's constant H^cp at T"), "henry's constant H^cp at T");
        for kept in ["pH", "ΔA at 510 nm", "TON", "E°′", "a", ""] {
            assert_eq!(lower_first(kept), kept);
        }
    }

    #[test]
    fn markup_becomes_text() {
        assert_eq!(escape_markup("<img src=x onerror=\"alert('1')\"> & co"), "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co");
        assert_eq!(escape_markup("K·x/(1 + K·x)"), "K·x/(1 + K·x)");
    }

    #[test]
    fn plain_and_scientific() {
        assert_eq!(sig(2.72805376, 3), "2.73");
        assert_eq!(sig(84308.558, 2), "8.4 × 10⁴");
        assert_eq!(sig(0.000123, 3), "1.23 × 10⁻⁴");
        assert_eq!(sig(516.0, 4), "516.0");
        assert_eq!(sig(f64::NAN, 3), "—");
        assert_eq!(sig(f64::INFINITY, 3), "—");
        assert_eq!(sig(-0.0000001, 2), "-1.0 × 10⁻⁷");
    }

    #[test]
    fn numbers_in_sentences_are_short() {
        assert_eq!(sig_short(516.0, 4), "516");
        assert_eq!(sig_short(0.25, 4), "0.25");
        assert_eq!(sig_short(1446.28, 4), "1446");
        assert_eq!(sig_short(1e308, 4), "1 × 10³⁰⁸");
        assert_eq!(sig_short(-1.5e-300, 4), "-1.5 × 10⁻³⁰⁰");
        assert_eq!(sig_short(100.0, 3), "100");
        assert_eq!(sig_short(f64::NAN, 3), "—");
        assert!(sig_short(f64::MAX, 4).chars().count() < 20);
    }

    #[test]
    fn ascii_round_trips() {
        assert_eq!(sig_ascii(84308.5583632872, 6), "84308.6");
        assert_eq!(sig_ascii(1.23456e-9, 3), "0.00000000123");
        assert_eq!(sig_ascii(f64::NAN, 3), "");
    }

    #[test]
    fn rounding_to_significant_digits_undoes_the_noise_of_unit_conversions() {
        // What the quench charts do with every [Q]: typed in µM, kept in mol/L, shown in µM.
        for i in 0..200_000 {
            let typed = format!("{}.{:02}", i / 100, i % 100);
            let exact: f64 = typed.parse().unwrap();
            for (to_molar, back) in [(1e-6, 1e6), (1e-3, 1e3), (1e-9, 1e9)] {
                let shown = round_sig(exact * to_molar * back, 12);
                assert_eq!(shown, exact, "{typed}");
            }
        }
        // It agrees with formatting and parsing, across magnitudes.
        for v in [1.23456789012345e-12, 9.99999999999951, 123456.7890123456, 6.02214076e23, -2.5e-7, 0.1 + 0.2] {
            assert_eq!(round_sig(v, 12), sig_ascii(v, 12).parse::<f64>().unwrap(), "{v}");
        }
        assert_eq!(round_sig(0.0, 12), 0.0);
        assert!(round_sig(f64::NAN, 12).is_nan());
        assert_eq!(round_sig(f64::INFINITY, 12), f64::INFINITY);
    }

    #[test]
    fn rounding_that_carries_keeps_the_number_of_digits() {
        assert_eq!(sig(9.999999999999998, 5), "10.000");
        assert_eq!(sig(9.999999999999998, 4), "10.00");
        assert_eq!(sig(0.099999999, 3), "0.100");
        assert_eq!(sig(99_999.7, 4), "1.000 × 10⁵");
    }
}
