//! Decimal text to `f64`, correctly rounded, without the standard library's tables.
//!
//! `str::parse::<f64>` (Eisel–Lemire with a fallback) links a 10.4 kB table of powers of five
//! that compresses to almost nothing, about 9 kB of every web page's download. Numbers typed or
//! pasted into PhotoCalc nearly always have at most 15 significant digits and a small exponent,
//! which Clinger's fast path converts exactly with one multiplication or division by an exact
//! power of ten. Anything else takes Clinger's Algorithm R: start from a close approximation
//! and step it by one unit in the last place until the exact decimal value lies between the
//! midpoints to its neighbours, compared in big-integer arithmetic (W. D. Clinger, "How to
//! read floating point numbers accurately", PLDI 1990). The result is the same `f64` as
//! `str::parse` gives, for the same grammar (tests compare the two on random and hard inputs).

use std::cmp::Ordering;

/// Powers of ten that are exact doubles.
const EXACT_POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// Parses `text` as Rust's `f64::from_str` does: an optional sign, then digits with an optional
/// decimal point (at least one digit) and an optional exponent (`e` or `E`, optional sign,
/// digits), or `inf`, `infinity` or `nan` in any case. `None` for anything else.
pub fn parse_f64(text: &str) -> Option<f64> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = if let Some(fast) = short(rest.as_bytes()) {
        fast
    } else if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if rest.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        Decimal::read(rest.as_bytes())?.to_f64()
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// The value of digits with an optional point and no exponent (`987.6`, `0.05`: nearly every
/// cell of a table) that Clinger's fast path converts, read in one pass without the digits'
/// list [`Decimal`] allocates: a 1000-row table is read on every keystroke. `None` for
/// anything else, which [`Decimal`] reads (the same value where both apply).
fn short(text: &[u8]) -> Option<f64> {
    let mut mantissa: u64 = 0;
    let (mut digits, mut exponent, mut seen_point) = (0_u32, 0_i32, false);
    for &c in text {
        match c {
            b'0'..=b'9' if digits < 19 => {
                mantissa = mantissa * 10 + u64::from(c - b'0');
                // Leading zeros are not significant.
                digits += u32::from(mantissa != 0);
                exponent -= i32::from(seen_point);
            }
            b'.' if !seen_point => seen_point = true,
            _ => return None,
        }
    }
    if text.len() == usize::from(seen_point) {
        return None; // no digit
    }
    // Trailing zeros move into the exponent, as `Decimal::read` does.
    while mantissa != 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        digits -= 1;
        exponent += 1;
    }
    if mantissa == 0 {
        return Some(0.0);
    }
    (digits <= 15 && exponent.abs() <= 22).then(|| {
        let (m, p) = (mantissa as f64, EXACT_POW10[exponent.unsigned_abs() as usize]);
        if exponent < 0 {
            m / p
        } else {
            m * p
        }
    })
}

/// A decimal number: its significant digits (no leading or trailing zeros) × 10^exponent.
struct Decimal {
    digits: Vec<u8>,
    exponent: i64,
}

impl Decimal {
    fn read(text: &[u8]) -> Option<Decimal> {
        let mut digits = Vec::new();
        let mut exponent: i64 = 0;
        let mut seen_digit = false;
        let mut seen_point = false;
        let mut i = 0;
        while i < text.len() {
            match text[i] {
                c @ b'0'..=b'9' => {
                    seen_digit = true;
                    if !(digits.is_empty() && c == b'0') {
                        digits.push(c - b'0');
                    }
                    if seen_point {
                        exponent -= 1;
                    }
                }
                b'.' if !seen_point => seen_point = true,
                b'e' | b'E' => break,
                _ => return None,
            }
            i += 1;
        }
        if !seen_digit {
            return None;
        }
        if i < text.len() {
            // The exponent: [+-]digits, saturating far beyond any double's range.
            let mut rest = &text[i + 1..];
            let negative = match rest.first() {
                Some(b'-') => {
                    rest = &rest[1..];
                    true
                }
                Some(b'+') => {
                    rest = &rest[1..];
                    false
                }
                _ => false,
            };
            if rest.is_empty() || !rest.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let value = rest.iter().fold(0_i64, |acc, &c| (acc * 10 + i64::from(c - b'0')).min(1_000_000));
            exponent += if negative { -value } else { value };
        }
        // Leading zeros were skipped when they came before the point; trailing zeros of the
        // digits move into the exponent.
        while digits.last() == Some(&0) {
            digits.pop();
            exponent += 1;
        }
        Some(Decimal { digits, exponent })
    }

    fn to_f64(&self) -> f64 {
        if self.digits.is_empty() {
            return 0.0;
        }
        let n = self.digits.len() as i64;
        // 10^(exponent + n − 1) ≤ value < 10^(exponent + n).
        if self.exponent + n > 310 {
            return f64::INFINITY;
        }
        if self.exponent + n < -324 {
            return 0.0; // below 10⁻³²⁴, less than half the smallest subnormal
        }
        let leading: u64 = self.digits.iter().take(19).fold(0, |acc, &d| acc * 10 + u64::from(d));
        if n <= 15 && self.exponent.abs() <= 22 {
            // Clinger's fast path: both factors are exact doubles, so one correctly rounded
            // operation gives the correctly rounded result.
            let (m, p) = (leading as f64, EXACT_POW10[self.exponent.unsigned_abs() as usize]);
            return if self.exponent < 0 { m / p } else { m * p };
        }
        // A start within a few units in the last place, then Algorithm R.
        let e = self.exponent + (n - n.min(19));
        let half = e / 2;
        let start = leading as f64 * 10_f64.powi(half as i32) * 10_f64.powi((e - half) as i32);
        self.refine(if start.is_finite() { start } else { f64::MAX })
    }

    /// Steps `z` to the double nearest to this decimal (ties to even).
    fn refine(&self, mut z: f64) -> f64 {
        let digits = Big::from_digits(&self.digits);
        for _ in 0..64 {
            let bits = z.to_bits();
            let (biased, fraction) = ((bits >> 52) as i64, bits & ((1 << 52) - 1));
            let (m, k) = if biased == 0 { (fraction, -1074) } else { (fraction | (1 << 52), biased - 1075) };
            // z = m·2^k; the midpoints to its neighbours, as (odd) integer × 2^exponent.
            let above = self.compare(&digits, 2 * m + 1, k - 1);
            let below = if fraction == 0 && biased > 1 {
                // Just above a power of two the lower neighbour is half as far away.
                self.compare(&digits, 4 * m - 1, k - 2)
            } else if m == 0 {
                Ordering::Greater
            } else {
                self.compare(&digits, 2 * m - 1, k - 1)
            };
            let even = m % 2 == 0;
            z = match (below, above) {
                (_, Ordering::Greater) => f64::from_bits(bits + 1),
                (_, Ordering::Equal) => return if even { z } else { f64::from_bits(bits + 1) },
                (Ordering::Less, _) => f64::from_bits(bits - 1),
                (Ordering::Equal, _) => return if even { z } else { f64::from_bits(bits - 1) },
                _ => return z,
            };
            if z.is_infinite() {
                return z;
            }
        }
        z
    }

    /// Compares this decimal with the exact value mid·2^power.
    fn compare(&self, digits: &Big, mid: u64, power: i64) -> Ordering {
        let mut value = digits.clone();
        let mut other = Big::from_u64(mid);
        if self.exponent >= 0 {
            value.mul_pow10(self.exponent as u32);
        } else {
            other.mul_pow10(self.exponent.unsigned_abs() as u32);
        }
        if power >= 0 {
            other.mul_pow2(power as u32);
        } else {
            value.mul_pow2(power.unsigned_abs() as u32);
        }
        value.cmp(&other)
    }
}

/// An unsigned big integer, little-endian in 32-bit limbs, with what Algorithm R needs.
#[derive(Clone)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        Big(vec![v as u32, (v >> 32) as u32])
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut big = Big(vec![0]);
        for chunk in digits.chunks(9) {
            let value = chunk.iter().fold(0_u32, |acc, &d| acc * 10 + u32::from(d));
            big.mul_small(10_u32.pow(chunk.len() as u32));
            big.add_small(value);
        }
        big
    }

    fn mul_small(&mut self, factor: u32) {
        let mut carry = 0_u64;
        for limb in &mut self.0 {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn add_small(&mut self, addend: u32) {
        let mut carry = u64::from(addend);
        for limb in &mut self.0 {
            if carry == 0 {
                return;
            }
            let sum = u64::from(*limb) + carry;
            *limb = sum as u32;
            carry = sum >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut n: u32) {
        while n >= 9 {
            self.mul_small(1_000_000_000);
            n -= 9;
        }
        self.mul_small(10_u32.pow(n));
    }

    fn mul_pow2(&mut self, n: u32) {
        let (words, bits) = ((n / 32) as usize, n % 32);
        if bits > 0 {
            let mut carry = 0_u32;
            for limb in &mut self.0 {
                let next = *limb >> (32 - bits);
                *limb = (*limb << bits) | carry;
                carry = next;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, words));
    }

    fn significant(&self) -> &[u32] {
        let len = self.0.iter().rposition(|&l| l != 0).map_or(0, |i| i + 1);
        &self.0[..len]
    }

    fn cmp(&self, other: &Big) -> Ordering {
        let (a, b) = (self.significant(), other.significant());
        a.len().cmp(&b.len()).then_with(|| a.iter().rev().cmp(b.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(text: &str) {
        let ours = parse_f64(text);
        let std = text.parse::<f64>().ok();
        match (ours, std) {
            (Some(a), Some(b)) => assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{text}: {a:e} vs std {b:e}"),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{text}: {a:?} vs std {b:?}"),
        }
    }

    #[test]
    fn agrees_with_the_standard_library_on_hard_cases() {
        for text in [
            "0", "-0", "0.0", ".5", "5.", "1e23", "8.98846567431158e307", "1.7976931348623157e308",
            "1.7976931348623158e308", "1.7976931348623159e308", "2e308", "4.9e-324", "2.4703282292062327e-324",
            "2.4703282292062328e-324", "2.2250738585072011e-308", "2.2250738585072012e-308", "9007199254740993",
            "9007199254740992.5", "9007199254740993.0000000000000000001", "0.1", "0.30000000000000004", "123456789012345678901234567890",
            "1e-400", "1e400", "-1e-400", "7.038531e-26", "3.4028236e38", "1448997445238699", "5e-324", "1e-323",
            "0.000000000000000000000000000000000000000000001", "1E5", "1e+5", "1e-5", "00001.2300", "inf", "-Infinity",
            "NaN", "nan", "e5", "1e", "1e+", ".", "", "-", "1.2.3", "1,5", " 1", "1 ", "0x10", "+.5e-3", "1_000",
            "1e0000000000000000000000000005", "1e-99999999999999999999", "000.000", "0.0000000000000000000000123",
            "1234567890123456789", "12345678901234567890", "100000000000000000000000", "987654321098765.4", "0.1234567890123456",
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999999999999999999999999999999999999999999999999999999999999999",
        ] {
            same(text);
        }
    }

    #[test]
    fn agrees_with_the_standard_library_on_random_numbers() {
        // SplitMix64: the same sequence every run.
        let mut state = 0x2026_1121_u64;
        let mut next = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        for _ in 0..100_000 {
            let r = next();
            // Random digit strings of 1-40 digits with a point somewhere and an exponent.
            let len = 1 + (r % 40) as usize;
            let digits: String = (0..len).map(|_| char::from(b'0' + (next() % 10) as u8)).collect();
            let point = (next() % (len as u64 + 1)) as usize;
            let exponent = (next() % 700) as i64 - 350;
            same(&format!("{}.{}e{exponent}", &digits[..point], &digits[point..]));
            // And without the exponent, as table cells are written (`short`'s path).
            same(&format!("{}.{}", &digits[..point], &digits[point..]));
            same(&digits);
            // Doubles printed with 17 significant digits, and with their shortest form.
            let x = f64::from_bits(next());
            if x.is_finite() {
                same(&format!("{x:.16e}"));
                same(&format!("{x:e}"));
                same(&format!("{x}"));
            }
            // Exact halfway cases between neighbouring doubles, which round to even, and
            // their neighbours a unit away: an integer N in [2^54, 2^64) halfway between two
            // multiples of its doubles' spacing, times 2^-j (= N·5^j·10^-j, written exactly).
            let bits = 55 + (next() % 10) as u32;
            let spacing = 1_u64 << (bits - 53);
            let n = ((next() | (1 << 63)) >> (64 - bits)) / spacing * spacing + spacing / 2;
            let j = (next() % 28) as u32;
            for m in [n - 1, n, n + 1] {
                same(&format!("{}e-{j}", u128::from(m) * 5_u128.pow(j)));
            }
        }
    }

    #[test]
    fn typical_typed_numbers_take_the_fast_path_and_are_exact() {
        for text in ["981.4", "0.05", "2.5e5", "1e-6", "20.8", "-3.25", "1000", "0.000125"] {
            same(text);
        }
    }
}
