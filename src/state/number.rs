//! Parsing typed numbers, with messages a user can act on.

/// What a field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberRule {
    /// Any finite number.
    Any,
    Positive,
    NonNegative,
    AtLeastOne,
}

/// Parses a typed number. Accepts surrounding spaces, a decimal comma when there is no
/// point ("0,1"), the Unicode minus sign and exponents ("1e-5", "2.5E3"). `name` starts the
/// message ("The absorbance …").
pub fn parse_number(text: &str, rule: NumberRule, name: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(format!("{name} is empty: type a number."));
    }
    let normalised: String = trimmed
        .chars()
        .map(|c| match c {
            '−' | '–' => '-',
            ',' if !trimmed.contains('.') => '.',
            other => other,
        })
        .filter(|c| *c != ' ' && *c != '\u{a0}' && *c != '_')
        .collect();
    let looks_numeric = normalised
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    let value = match crate::science::decimal::parse_f64(&normalised) {
        Some(v) if looks_numeric && v.is_finite() => v,
        _ => {
            let shown: String = trimmed.chars().take(24).collect();
            return Err(format!("{name} \"{shown}\" is not a number (use digits, a decimal point and optionally an exponent like 1e-5)."));
        }
    };
    match rule {
        NumberRule::Positive if value <= 0.0 => Err(format!("{name} must be greater than zero.")),
        NumberRule::NonNegative if value < 0.0 => Err(format!("{name} cannot be negative.")),
        NumberRule::AtLeastOne if value < 1.0 => {
            Err(format!("{name} must be 1 (undiluted) or more: it is how many times the stock was diluted."))
        }
        _ => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_people_type() {
        for (text, value) in [("516", 516.0), (" 0,1 ", 0.1), ("1e-5", 1e-5), ("2.5E3", 2500.0), ("1.", 1.0), ("1 000", 1000.0)] {
            assert_eq!(parse_number(text, NumberRule::Positive, "x"), Ok(value), "{text}");
        }
        assert_eq!(parse_number("−0.5", NumberRule::NonNegative, "x").unwrap_err(), "x cannot be negative.");
    }

    #[test]
    fn refuses_garbage_with_a_sentence() {
        for text in ["abc", "NaN", "inf", "1e999", "1e-", "--1", "0x10", "1,5.2"] {
            let message = parse_number(text, NumberRule::Positive, "The absorbance").unwrap_err();
            assert!(message.starts_with("The absorbance"), "{text}: {message}");
        }
        assert!(parse_number("", NumberRule::Positive, "The HWHM").unwrap_err().contains("empty"));
        assert!(parse_number("0.5", NumberRule::AtLeastOne, "D").unwrap_err().contains("1 (undiluted)"));
    }
}
