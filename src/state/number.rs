//! Typed numbers with messages a user can act on: the one reader (`science::read`) plus the
//! rules of each field (positive, at least one …) and the field's name in every message.

use crate::science::read::{read_number, Context, Convention, Number, NumberError};

/// What a field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberRule {
    /// Any finite number.
    Any,
    Positive,
    NonNegative,
    AtLeastOne,
}

/// Parses a number typed into a field (see `science::read::number` for what is accepted:
/// decimal comma, digit groups, `−`, `× 10^`). `name` starts the message ("The absorbance …").
/// An ambiguous text such as `1,000` is read as a field reads it; [`field_note`] says how.
pub fn parse_number(text: &str, rule: NumberRule, name: &str) -> Result<f64, String> {
    match read_number(text, Context::Field) {
        Ok(number) => check_rule(number.value, rule, name),
        Err(error) => Err(describe(text, &error, name)),
    }
}

/// The note a field shows under a number that could also be read another way: "“1,000” was
/// read as 1 (the comma as a decimal comma); if you meant 1000, type 1000 instead. …"
pub fn field_note(text: &str) -> Option<String> {
    let number = read_number(text, Context::Field).ok()?;
    number.ambiguity.map(|doubt| doubt.message(text, number.value))
}

/// Parses a table cell by its table's decimal mark; `name` names the cell ("[Q] in row 3")
/// and is only called for a message (a long table is read on every keystroke).
pub fn parse_cell(text: &str, convention: &Convention, rule: NumberRule, name: impl Fn() -> String) -> Result<Number, String> {
    match read_number(text, Context::Table(convention.mark)) {
        Ok(number) => match broken(number.value, rule) {
            Some(problem) => Err(format!("{} {problem}.", name())),
            None => Ok(number),
        },
        Err(error @ NumberError::OtherDecimalMark(_)) => {
            let shown: String = text.trim().chars().take(24).collect();
            let example = convention
                .shown_by
                .as_ref()
                .map(|(row, cell)| format!(" (as row {row}: \u{201c}{cell}\u{201d})"))
                .unwrap_or_default();
            Err(format!("{} \u{201c}{shown}\u{201d} {error}{example}.", name()))
        }
        Err(error) => Err(describe(text, &error, &name())),
    }
}

fn describe(text: &str, error: &NumberError, name: &str) -> String {
    match error {
        NumberError::Empty => format!("{name} is empty: type a number."),
        other => {
            let shown: String = text.trim().chars().take(24).collect();
            format!("{name} \"{shown}\" {other}.")
        }
    }
}

/// Applies a field's rule to a number read.
pub fn check_rule(value: f64, rule: NumberRule, name: &str) -> Result<f64, String> {
    match broken(value, rule) {
        Some(problem) => Err(format!("{name} {problem}.")),
        None => Ok(value),
    }
}

/// What a number does wrong under a rule, if anything.
fn broken(value: f64, rule: NumberRule) -> Option<&'static str> {
    match rule {
        NumberRule::Positive if value <= 0.0 => Some("must be greater than zero"),
        NumberRule::NonNegative if value < 0.0 => Some("cannot be negative"),
        NumberRule::AtLeastOne if value < 1.0 => Some("must be 1 (undiluted) or more: it is how many times the stock was diluted"),
        _ => None,
    }
}

/// Reads `K=1e5, m=0.7 fixed`: comma- or semicolon-separated `name=value`, a trailing word
/// `fixed` holding that parameter at its value.
pub fn parse_starts(text: &str) -> Result<Vec<(String, f64, bool)>, String> {
    let mut out = Vec::new();
    for item in text.split([',', ';']).map(str::trim).filter(|i| !i.is_empty()) {
        let Some((name, rest)) = item.split_once('=') else {
            return Err(format!("\"{item}\" is not name=value (e.g. K=1e5, or K=1e5 fixed)."));
        };
        let rest = rest.trim();
        let (number, fixed) = match rest.strip_suffix("fixed") {
            Some(n) => (n.trim(), true),
            None => (rest, false),
        };
        let value = parse_number(number, NumberRule::Any, &format!("The start value of {}", name.trim()))?;
        out.push((name.trim().to_string(), value, fixed));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::science::read::DecimalMark;

    #[test]
    fn accepts_what_people_type() {
        for (text, value) in [("516", 516.0), (" 0,1 ", 0.1), ("1e-5", 1e-5), ("2.5E3", 2500.0), ("1.", 1.0), ("1 000", 1000.0), ("2,5 × 10^3", 2500.0)] {
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

    #[test]
    fn an_ambiguous_field_is_read_and_the_reading_said() {
        assert_eq!(parse_number("1,000", NumberRule::Positive, "x"), Ok(1.0));
        let note = field_note("1,000").unwrap();
        assert!(note.contains("read as 1") && note.contains("type 1000"), "{note}");
        assert_eq!(field_note("1000"), None);
        assert_eq!(field_note("abc"), None);
    }

    #[test]
    fn cells_follow_their_table() {
        let european = Convention { mark: DecimalMark::Comma, shown_by: Some((2, "0,25".into())), certain: false };
        assert_eq!(parse_cell("1,5", &european, NumberRule::Positive, || "x".into()).unwrap().value, 1.5);
        let error = parse_cell("1.5", &european, NumberRule::Positive, || "The value in row 4".into()).unwrap_err();
        assert!(error.starts_with("The value in row 4") && error.contains("as row 2"), "{error}");
    }
}
