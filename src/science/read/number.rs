//! One typed or pasted number: what spreadsheets, instruments and people write.
//!
//! Accepted: an optional sign (`-`, `+`, the minus sign `−` U+2212 and the dashes word
//! processors put in its place), digits with a decimal point or a decimal comma, digit groups
//! of three separated by spaces (also no-break and thin spaces), apostrophes, or the mark that
//! is not the decimal mark (`1,234.5`, `1.234,5`, `1 234,5`, `1'234.5`), and an exponent
//! written `e`/`E` (`1.5e-3`), `×10^` (`1.5 × 10^-3`, also with `x`, `*`, `·`), or `×10` with a
//! superscript (`1.5×10⁻³`, `10⁻³`).
//!
//! A comma or a point followed by exactly three digits can be read two ways: `1,000` is one
//! thousand where the comma groups digits and one where it is a decimal comma. The reader never
//! picks silently: [`read_number`] returns the reading it took together with the other one
//! ([`Ambiguity`]), and callers show [`Ambiguity::message`], which says how to write the number
//! unambiguously. A lone field reads such a comma as a decimal comma (as every other comma in a
//! field is read) and a point as a decimal point (the convention of scientific text, so
//! `1.000` in a field is 1 without a remark); a table reads both by the decimal mark its other
//! cells use (`read::table`), and a cell that only the other mark makes a number is an error
//! naming its row.

use std::fmt;

/// Which character separates the integer part from the fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalMark {
    /// `1234.5`, `1,234.5`: the convention of science and of English-language spreadsheets.
    #[default]
    Point,
    /// `1234,5`, `1.234,5`: European spreadsheets and instrument software.
    Comma,
}

impl DecimalMark {
    /// The mark itself.
    pub fn char(self) -> char {
        match self {
            DecimalMark::Point => '.',
            DecimalMark::Comma => ',',
        }
    }

    /// The mark that groups thousands under this convention.
    fn grouping(self) -> char {
        match self {
            DecimalMark::Point => ',',
            DecimalMark::Comma => '.',
        }
    }

    /// The other convention.
    pub fn other(self) -> DecimalMark {
        match self {
            DecimalMark::Point => DecimalMark::Comma,
            DecimalMark::Comma => DecimalMark::Point,
        }
    }

    /// "decimal points" or "decimal commas", for messages.
    pub fn plural(self) -> &'static str {
        match self {
            DecimalMark::Point => "decimal points",
            DecimalMark::Comma => "decimal commas",
        }
    }
}

/// Where a number is read, which decides what an ambiguous `1,000` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A field on its own: a comma is a decimal comma unless it can only group digits
    /// (`1,000,000`, `1,234.5`); a point is a decimal point unless it can only group digits
    /// (`1.234.567`, `1.234,5`).
    Field,
    /// A cell of a table whose numbers use this decimal mark.
    Table(DecimalMark),
}

/// A number as read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Set when the text also reads as a different number under the other decimal mark.
    pub ambiguity: Option<Ambiguity>,
}

/// A text that two conventions read as two different numbers (`1,000`: 1000 or 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ambiguity {
    /// The decimal mark of the reading taken.
    pub taken: DecimalMark,
    /// The value under the other decimal mark.
    pub other_value: f64,
}

impl Ambiguity {
    /// Says which reading was taken and how to write the number so that it has only one:
    /// "“1,000” was read as 1 (a decimal comma). For one thousand, type 1000."
    pub fn message(&self, text: &str, value: f64) -> String {
        let shown = text.trim();
        let (mark, other) = match self.taken {
            DecimalMark::Comma if shown.contains(',') => ("the comma as a decimal comma", "comma"),
            DecimalMark::Comma => ("the point as a thousands separator", "point"),
            DecimalMark::Point if shown.contains(',') => ("the comma as a thousands separator", "comma"),
            DecimalMark::Point => ("the point as a decimal point", "point"),
        };
        format!(
            "\u{201c}{shown}\u{201d} was read as {} ({mark}); if you meant {}, type {} instead. Writing the number without a {other} (or with a different number of digits after it) removes the doubt.",
            plain(value),
            plain(self.other_value),
            plain(self.other_value),
        )
    }
}

/// Why a text is not a number. Callers put the field's name in front.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Nothing but spaces.
    Empty,
    /// Not a number in any accepted form.
    NotANumber,
    /// A number beyond the range of double precision (about 1.8 × 10³⁰⁸).
    TooLarge,
    /// Only the other decimal mark than the table's makes this a number (`1.5` among `0,25`).
    OtherDecimalMark(DecimalMark),
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::Empty => write!(f, "is empty: type a number"),
            NumberError::NotANumber => write!(f, "is not a number (type digits with a decimal point or comma, and optionally an exponent such as 1e-5 or × 10^-5)"),
            NumberError::TooLarge => write!(f, "is too large a number"),
            NumberError::OtherDecimalMark(table) => write!(
                f,
                "has {}, but the other numbers in this table use {}: use one decimal mark throughout",
                match table.other() {
                    DecimalMark::Point => "a decimal point",
                    DecimalMark::Comma => "a decimal comma",
                },
                table.plural()
            ),
        }
    }
}

/// Reads a number typed into a field or found in a table cell.
pub fn read_number(text: &str, context: Context) -> Result<Number, NumberError> {
    if let Some(plain) = Plain::of(text) {
        if let Some(number) = plain.read(context) {
            return Ok(number);
        }
    }
    let parts = split(text)?;
    let under_point = parts.value(DecimalMark::Point);
    let under_comma = parts.value(DecimalMark::Comma);
    let pick = |taken: DecimalMark, value: f64, other: Option<f64>| -> Result<Number, NumberError> {
        if !value.is_finite() {
            return Err(NumberError::TooLarge);
        }
        let ambiguity = other.filter(|o| o.is_finite() && *o != value).map(|other_value| Ambiguity { taken, other_value });
        Ok(Number { value, ambiguity })
    };
    match (under_point, under_comma, context) {
        (None, None, _) => Err(NumberError::NotANumber),
        // "1.5" or "1,000.5" in a table of decimal commas, "0,25" in one of decimal points.
        (Some(_), None, Context::Table(DecimalMark::Comma)) => Err(NumberError::OtherDecimalMark(DecimalMark::Comma)),
        (None, Some(_), Context::Table(DecimalMark::Point)) => Err(NumberError::OtherDecimalMark(DecimalMark::Point)),
        (Some(p), None, _) => pick(DecimalMark::Point, p, None),
        (None, Some(c), _) => pick(DecimalMark::Comma, c, None),
        (Some(p), Some(c), Context::Table(DecimalMark::Point)) => pick(DecimalMark::Point, p, Some(c)),
        (Some(p), Some(c), Context::Table(DecimalMark::Comma)) => pick(DecimalMark::Comma, c, Some(p)),
        // A field: a comma reads as a decimal comma, and says so, since `1,000` may well
        // mean one thousand; a point is a decimal point, as in every scientific text.
        (Some(p), Some(c), Context::Field) => {
            if parts.mantissa.contains(',') {
                pick(DecimalMark::Comma, c, Some(p))
            } else {
                pick(DecimalMark::Point, p, None)
            }
        }
    }
}

/// The decimal mark a text can only be read with, if it holds a mark at all: `0,25` says
/// comma, `1.5` and `1,234.5` say point, `1,000` and `516` say nothing. Tables vote with it.
pub fn decimal_mark_evidence(text: &str) -> Option<DecimalMark> {
    if let Some(plain) = Plain::of(text) {
        return plain.evidence();
    }
    let parts = split(text).ok()?;
    if !parts.has_mark() {
        return None;
    }
    match (parts.value(DecimalMark::Point), parts.value(DecimalMark::Comma)) {
        (Some(_), None) => Some(DecimalMark::Point),
        (None, Some(_)) => Some(DecimalMark::Comma),
        _ => None,
    }
}

/// A number written the way `str::parse` reads it (`-0.523`, `1e-5`, `516`): nearly every cell
/// of a table. Such a text is read without taking it apart, which would allocate a dozen times
/// per cell: a 1000-row table is read on every keystroke, and a spectrum has 100,000 cells.
struct Plain<'a> {
    text: &'a str,
    /// The digits before and after the point, if there is a point.
    point: Option<(&'a str, &'a str)>,
}

impl<'a> Plain<'a> {
    /// The text, trimmed, if it is a plain ASCII number: an optional sign, digits with at most
    /// one point, an optional `e`/`E` exponent with digits.
    fn of(text: &'a str) -> Option<Plain<'a>> {
        // One pass over the bytes: `str::find` and `split_once` with patterns cost most of
        // a table's reading.
        let text = text.trim_ascii();
        let bytes = text.as_bytes();
        let signed = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
        let (mut at, mut point_at) = (signed, None);
        while let Some(&b) = bytes.get(at) {
            match b {
                b'0'..=b'9' => {}
                b'.' if point_at.is_none() => point_at = Some(at),
                b'e' | b'E' => break,
                _ => return None,
            }
            at += 1;
        }
        let mantissa_end = at;
        if at < bytes.len() {
            let exponent = &bytes[at + 1..];
            let digits = exponent.strip_prefix(b"+").or_else(|| exponent.strip_prefix(b"-")).unwrap_or(exponent);
            if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
        }
        if mantissa_end - signed == usize::from(point_at.is_some()) {
            return None; // no digit
        }
        let point = point_at.map(|p| (&text[signed..p], &text[p + 1..mantissa_end]));
        Some(Plain { text, point })
    }

    /// Whether a point groups three digits as well as it separates decimals (`1.000`, `12.500`):
    /// the other decimal mark reads it as another number.
    fn point_could_group(&self) -> bool {
        self.point.is_some_and(|(int, frac)| (1..=3).contains(&int.len()) && int != "0" && frac.len() == 3)
    }

    /// The number, where reading it takes no judgement; `None` sends it the long way (a point in
    /// a table of decimal commas, a point that could group digits, a number out of range).
    fn read(&self, context: Context) -> Option<Number> {
        let simple = match context {
            Context::Field => true,
            Context::Table(DecimalMark::Point) => !self.point_could_group(),
            Context::Table(DecimalMark::Comma) => self.point.is_none(),
        };
        let value = crate::science::decimal::parse_f64(self.text).filter(|v| v.is_finite())?;
        simple.then_some(Number { value, ambiguity: None })
    }

    /// The decimal mark it shows: a point that cannot group digits says point.
    fn evidence(&self) -> Option<DecimalMark> {
        (self.point.is_some() && !self.point_could_group()).then_some(DecimalMark::Point)
    }
}

/// A number as plain text for messages: "1000", "0.001", "1.5e-9".
fn plain(value: f64) -> String {
    crate::science::format::sig_ascii(value, 15)
}

/// A text taken apart: sign, the mantissa's characters (digits, `.`, `,` and group marks,
/// with spaces and apostrophes normalised to `'`), and a decimal exponent.
struct Parts {
    negative: bool,
    mantissa: String,
    exponent: i32,
}

impl Parts {
    fn has_mark(&self) -> bool {
        self.mantissa.contains(['.', ','])
    }

    /// The value of the mantissa under a decimal mark, or `None` where the marks and groups
    /// do not make a number under it.
    fn value(&self, mark: DecimalMark) -> Option<f64> {
        let ascii = normalise_mantissa(&self.mantissa, mark)?;
        let text = format!("{}{ascii}e{}", if self.negative { "-" } else { "" }, self.exponent);
        crate::science::decimal::parse_f64(&text)
    }
}

/// Exponents beyond this are out of any double's range; capping keeps the arithmetic small.
const MAX_EXPONENT_DIGITS: usize = 6;

/// The digit a superscript character stands for, and signs: `⁵` → `5`, `⁻` → `-`.
fn superscript(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴'..='⁹' => char::from(b'4' + (c as u32 - '⁴' as u32) as u8),
        '⁻' => '-',
        '⁺' => '+',
        _ => return None,
    })
}

/// Takes a text apart into sign, mantissa and exponent, or says it is not a number.
///
/// One pass writes the text in ASCII: minus signs as `-`, apostrophes and spaces between
/// digits as `'` (digit groups; other spaces are dropped), multiplication signs as `*`, and a
/// run of superscripts as `^` and plain digits (`10⁻⁵` → `10^-5`). What is left must read
/// `[sign] mantissa [e exponent | *10^exponent]`, or `10^exponent` alone.
fn split(text: &str) -> Result<Parts, NumberError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(NumberError::Empty);
    }
    let mut ascii = String::with_capacity(trimmed.len() + 1);
    let (mut space, mut in_superscript) = (false, false);
    for c in trimmed.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let mapped = match c {
            '0'..='9' | '.' | ',' | 'e' | 'E' | '+' | '-' | '^' | '(' | ')' => c,
            '\u{2212}' | '\u{2013}' | '\u{2010}' | '\u{2011}' | '\u{2012}' => '-',
            '\'' | '\u{2019}' => '\'',
            '×' | 'x' | 'X' | '*' | '·' | '\u{2219}' | '\u{22c5}' => '*',
            other => match superscript(other) {
                Some(plain) => {
                    if !in_superscript {
                        ascii.push('^');
                    }
                    in_superscript = true;
                    space = false;
                    ascii.push(plain);
                    continue;
                }
                None => return Err(NumberError::NotANumber),
            },
        };
        in_superscript = false;
        if std::mem::take(&mut space) && mapped.is_ascii_digit() && ascii.ends_with(|d: char| d.is_ascii_digit()) {
            ascii.push('\'');
        }
        ascii.push(mapped);
    }
    let (negative, body) = match ascii.as_bytes().first() {
        Some(b'-') => (true, &ascii[1..]),
        Some(b'+') => (false, &ascii[1..]),
        _ => (false, &ascii[..]),
    };
    let end = body.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '\''))).unwrap_or(body.len());
    let (mut mantissa, rest) = body.split_at(end);
    let exponent = match rest.as_bytes().first() {
        None => 0,
        Some(b'e' | b'E') => exponent(&rest[1..])?,
        Some(b'*') => exponent(rest[1..].strip_prefix("10^").ok_or(NumberError::NotANumber)?)?,
        // `10^-5`, `10⁻⁵`: a power of ten on its own.
        Some(b'^') if mantissa == "10" => {
            mantissa = "1";
            exponent(&rest[1..])?
        }
        _ => return Err(NumberError::NotANumber),
    };
    if !mantissa.bytes().any(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    Ok(Parts { negative, mantissa: mantissa.to_string(), exponent })
}

/// An exponent: an optional sign and digits, optionally in parentheses (`10^(-3)`).
fn exponent(text: &str) -> Result<i32, NumberError> {
    let text = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')).unwrap_or(text);
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    let digits = digits.trim_start_matches('0');
    if digits.len() > MAX_EXPONENT_DIGITS {
        // 1e-9999999 is zero and 1e9999999 too large: let the parser say which.
        return Ok(if negative { -999_999 } else { 999_999 });
    }
    let magnitude = digits.bytes().fold(0_i32, |acc, d| acc * 10 + i32::from(d - b'0'));
    Ok(if negative { -magnitude } else { magnitude })
}

/// The mantissa as plain ASCII digits with an optional `.`, under a decimal mark: group marks
/// (the other mark, spaces, apostrophes) must separate groups of exactly three digits before
/// the decimal mark, after a first group of one to three digits that is not a lone zero.
fn normalise_mantissa(mantissa: &str, mark: DecimalMark) -> Option<String> {
    let decimal = mark.char();
    let grouping = mark.grouping();
    if mantissa.matches(decimal).count() > 1 {
        return None;
    }
    let (integer, fraction) = match mantissa.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    if let Some(f) = fraction {
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    // Groups: split at the grouping mark and at group spaces (`'`), which may not be mixed.
    let separators: Vec<char> = integer.chars().filter(|c| !c.is_ascii_digit()).collect();
    if separators.iter().any(|&c| c != grouping && c != '\'') {
        return None;
    }
    if separators.windows(2).any(|w| w[0] != w[1]) {
        return None;
    }
    let groups: Vec<&str> = integer.split([grouping, '\'']).collect();
    if groups.len() > 1 {
        let first = groups[0];
        let first_ok = (1..=3).contains(&first.len()) && first != "0";
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let digits: String = groups.concat();
    match fraction {
        Some(f) if digits.is_empty() && f.is_empty() => None,
        Some(f) => Some(format!("{}.{f}", if digits.is_empty() { "0" } else { &digits })),
        None if digits.is_empty() => None,
        None => Some(digits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> Result<f64, NumberError> {
        read_number(text, Context::Field).map(|n| n.value)
    }

    /// What people type, and what it means.
    #[test]
    fn reads_what_spreadsheets_instruments_and_people_write() {
        let cases: &[(&str, f64)] = &[
            ("516", 516.0),
            (" 516 ", 516.0),
            ("516.5", 516.5),
            ("516,5", 516.5),
            ("0,1", 0.1),
            (".5", 0.5),
            ("1.", 1.0),
            ("5,", 5.0),
            ("-0.5", -0.5),
            ("\u{2212}0.5", -0.5),
            ("\u{2013}2", -2.0),
            ("+3", 3.0),
            ("1e-5", 1e-5),
            ("2.5E3", 2500.0),
            ("1.5e+03", 1500.0),
            ("1,5e3", 1500.0),
            ("2.5×10^5", 2.5e5),
            ("2.5 × 10^-5", 2.5e-5),
            ("2.5 x 10^5", 2.5e5),
            ("2.5*10^5", 2.5e5),
            ("2.5·10^(-3)", 2.5e-3),
            ("2.5×10⁵", 2.5e5),
            ("8.4 × 10⁻⁵", 8.4e-5),
            ("10^-6", 1e-6),
            ("10⁻⁶", 1e-6),
            ("1 000", 1000.0),
            ("1\u{a0}000", 1000.0),
            ("1\u{202f}000,5", 1000.5),
            ("12 345 678", 12_345_678.0),
            ("1'234.5", 1234.5),
            ("1,234.5", 1234.5),
            ("1.234,5", 1234.5),
            ("1,000,000", 1e6),
            ("1.234.567", 1_234_567.0),
            ("0,500", 0.5),
            ("1,0000", 1.0),
            ("1e-400", 0.0),
        ];
        for &(text, value) in cases {
            assert_eq!(field(text), Ok(value), "{text:?}");
        }
    }

    #[test]
    fn refuses_what_is_not_one_number() {
        for text in ["abc", "NaN", "inf", "Infinity", "1e-", "--1", "0x10", "1,5.2", "1..2", "1,23,4", "12 34", "1,000 000", "1e5e5", "e5", ".", ",", "-", "10^", "2.5×10", "2.5×11^3", "516 nm", "1/2"] {
            assert!(field(text).is_err(), "{text:?} read as {:?}", field(text));
        }
        assert_eq!(field("   "), Err(NumberError::Empty));
        assert_eq!(field("1e999"), Err(NumberError::TooLarge));
        assert_eq!(field("-1e400"), Err(NumberError::TooLarge));
    }

    #[test]
    fn a_comma_before_three_digits_is_read_one_way_and_the_other_way_is_said() {
        let n = read_number("1,000", Context::Field).unwrap();
        assert_eq!(n.value, 1.0, "a field reads commas as decimal commas");
        let doubt = n.ambiguity.expect("1,000 is ambiguous");
        assert_eq!((doubt.taken, doubt.other_value), (DecimalMark::Comma, 1000.0));
        let message = doubt.message("1,000", n.value);
        assert!(message.contains("read as 1 (the comma as a decimal comma)") && message.contains("type 1000"), "{message}");
        // A table of decimal points reads it as one thousand, and says so too.
        let n = read_number("12,500", Context::Table(DecimalMark::Point)).unwrap();
        assert_eq!(n.value, 12500.0);
        assert_eq!(n.ambiguity.unwrap().other_value, 12.5);
        // "1.000" in a table of decimal commas is one thousand.
        let n = read_number("1.000", Context::Table(DecimalMark::Comma)).unwrap();
        assert_eq!((n.value, n.ambiguity.unwrap().other_value), (1000.0, 1.0));
        // Unambiguous texts carry no doubt.
        for text in ["1,5", "0,125", "1,000,000", "1,234.5", "1000", "1e3", "1 000", "1.000"] {
            assert_eq!(read_number(text, Context::Field).unwrap().ambiguity, None, "{text}");
        }
    }

    #[test]
    fn a_table_refuses_the_other_decimal_mark() {
        assert_eq!(read_number("1.5", Context::Table(DecimalMark::Comma)), Err(NumberError::OtherDecimalMark(DecimalMark::Comma)));
        assert_eq!(read_number("0,25", Context::Table(DecimalMark::Point)), Err(NumberError::OtherDecimalMark(DecimalMark::Point)));
        assert_eq!(read_number("1,5", Context::Table(DecimalMark::Comma)).unwrap().value, 1.5);
        assert_eq!(read_number("7", Context::Table(DecimalMark::Comma)).unwrap().value, 7.0);
        let message = NumberError::OtherDecimalMark(DecimalMark::Comma).to_string();
        assert!(message.contains("a decimal point") && message.contains("use decimal commas"), "{message}");
    }

    #[test]
    fn evidence_names_the_only_mark_a_text_can_have() {
        assert_eq!(decimal_mark_evidence("0,25"), Some(DecimalMark::Comma));
        assert_eq!(decimal_mark_evidence("1.5"), Some(DecimalMark::Point));
        assert_eq!(decimal_mark_evidence("1,234.5"), Some(DecimalMark::Point));
        assert_eq!(decimal_mark_evidence("1.234,5"), Some(DecimalMark::Comma));
        for text in ["1,000", "1.000", "516", "abc", "", "1e5"] {
            assert_eq!(decimal_mark_evidence(text), None, "{text}");
        }
    }

    #[test]
    fn the_short_way_for_plain_numbers_agrees_with_the_long_way() {
        // Every plain number in every context: the same value and the same doubt.
        let texts = ["516", "-0.523", "+1e-5", "2.5E3", "1.", ".5", "1.000", "12.500", "0.500", "1000.000", "05.123", "1e999", "123.4567", "7"];
        for text in texts {
            for context in [Context::Field, Context::Table(DecimalMark::Point), Context::Table(DecimalMark::Comma)] {
                let parts = split(text).unwrap();
                let long = {
                    let (p, c) = (parts.value(DecimalMark::Point), parts.value(DecimalMark::Comma));
                    (p.filter(|v| v.is_finite()), c.filter(|v| v.is_finite()))
                };
                let short = Plain::of(text).and_then(|p| p.read(context));
                if let Some(n) = short {
                    assert_eq!(n.ambiguity, None, "{text}");
                    let expected = match context {
                        Context::Table(DecimalMark::Comma) => long.1,
                        _ => long.0,
                    };
                    assert_eq!(Some(n.value), expected, "{text} in {context:?}");
                    assert_eq!(read_number(text, context).unwrap().value, n.value);
                }
            }
            let evidence_long = {
                let parts = split(text).unwrap();
                match (parts.has_mark(), parts.value(DecimalMark::Point), parts.value(DecimalMark::Comma)) {
                    (true, Some(_), None) => Some(DecimalMark::Point),
                    (true, None, Some(_)) => Some(DecimalMark::Comma),
                    _ => None,
                }
            };
            assert_eq!(decimal_mark_evidence(text), evidence_long, "{text}");
        }
        assert_eq!(read_number("1.000", Context::Table(DecimalMark::Point)).unwrap().ambiguity.map(|a| a.other_value), Some(1000.0));
    }

    #[test]
    fn results_agree_with_the_standard_parser_on_plain_numbers() {
        // The reader hands plain decimals to `decimal::parse_f64`, which matches str::parse
        // bit for bit (tested there); here: nothing is lost on the way.
        for text in ["0.1", "123456789012345678", "2.2250738585072014e-308", "1.7976931348623157e308", "4.9e-324", "-0.0"] {
            assert_eq!(field(text).unwrap().to_bits(), text.parse::<f64>().unwrap().to_bits(), "{text}");
        }
    }
}
