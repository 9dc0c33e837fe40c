//! A small JSON value and writer for the reports a page downloads.
//!
//! `serde_json::Value` with its `json!` macro, its maps and its serializer cost the quench page
//! about 14 kB of its gzip download; this tree writes the same report for a fraction of that.
//! Keys keep the order they are written in. Numbers are written as the shortest text that
//! reads back as the same `f64`, in exponent form when very small or very large; NaN and
//! infinities, which JSON cannot hold, are written as `null`.

use std::fmt::Write;

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A count (points, degrees of freedom, a row).
    Int(i64),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// An object from `key => value` pairs, in order: `object! { "a" => 1.0, "b" => "text" }`.
macro_rules! object {
    ($($key:literal => $value:expr),* $(,)?) => {
        $crate::state::json::Json::Obj(vec![$(($key.to_string(), $crate::state::json::Json::from($value))),*])
    };
}
pub(crate) use object;

impl From<f64> for Json {
    fn from(v: f64) -> Self {
        Json::Num(v)
    }
}

impl From<usize> for Json {
    fn from(v: usize) -> Self {
        Json::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}

impl From<bool> for Json {
    fn from(v: bool) -> Self {
        Json::Bool(v)
    }
}

impl From<&str> for Json {
    fn from(v: &str) -> Self {
        Json::Str(v.to_string())
    }
}

impl From<String> for Json {
    fn from(v: String) -> Self {
        Json::Str(v)
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(v: Option<T>) -> Self {
        v.map_or(Json::Null, Into::into)
    }
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(v: Vec<T>) -> Self {
        Json::Arr(v.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Json> + Clone> From<&[T]> for Json {
    fn from(v: &[T]) -> Self {
        Json::Arr(v.iter().cloned().map(Into::into).collect())
    }
}

impl<T: Into<Json>, const N: usize> From<[T; N]> for Json {
    fn from(v: [T; N]) -> Self {
        Json::Arr(v.into_iter().map(Into::into).collect())
    }
}

impl Json {
    /// The value as indented JSON text (two spaces a level), as `serde_json::to_string_pretty`.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        let indent = |out: &mut String, depth: usize| {
            out.push('\n');
            (0..depth).for_each(|_| out.push_str("  "));
        };
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Json::Num(v) => write_number(out, *v),
            Json::Str(s) => write_string(out, s),
            Json::Arr(items) if items.is_empty() => out.push_str("[]"),
            Json::Obj(fields) if fields.is_empty() => out.push_str("{}"),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    indent(out, depth + 1);
                    item.write(out, depth + 1);
                }
                indent(out, depth);
                out.push(']');
            }
            Json::Obj(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    indent(out, depth + 1);
                    write_string(out, key);
                    out.push_str(": ");
                    value.write(out, depth + 1);
                }
                indent(out, depth);
                out.push('}');
            }
        }
    }
}

/// A number as JSON: `null` if not finite; the exponent form outside 10⁻⁵ … 10¹⁶, where the
/// plain form would spell out many zeros.
fn write_number(out: &mut String, v: f64) {
    let _ = if !v.is_finite() {
        write!(out, "null")
    } else if v != 0.0 && !(1e-5..1e16).contains(&v.abs()) {
        write!(out, "{v:e}")
    } else {
        write!(out, "{v}")
    };
}

/// A string as JSON, with `"`, `\` and control characters escaped.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_writes_what_serde_json_reads_back_the_same() {
        let tricky = "quote \" backslash \\ tab \t newline \n bell \u{7} µ ₀";
        let value = object! {
            "n" => 9_usize,
            "values" => vec![0.1, 1e-7, 2.5e20, -0.0, 123456.789, f64::NAN],
            "text" => tricky,
            "none" => None::<f64>,
            "ok" => true,
            "empty" => Vec::<f64>::new(),
            "nested" => object! { "pair" => [1.5, 2.5] },
        };
        let text = value.pretty();
        let back: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        assert_eq!(back["n"], 9);
        let numbers: Vec<Option<f64>> = back["values"].as_array().unwrap().iter().map(|v| v.as_f64()).collect();
        assert_eq!(numbers, [Some(0.1), Some(1e-7), Some(2.5e20), Some(-0.0), Some(123456.789), None]);
        assert_eq!(back["text"], tricky);
        assert!(back["none"].is_null() && back["ok"] == true && back["empty"] == serde_json::json!([]));
        assert_eq!(back["nested"]["pair"], serde_json::json!([1.5, 2.5]));
        // Keys in the order written, indented as serde_json indents.
        assert!(text.starts_with("{\n  \"n\": 9,\n  \"values\": [\n    0.1,\n    1e-7,"), "{text}");
    }

    #[test]
    fn every_finite_number_reads_back_exactly() {
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..10_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            if !v.is_finite() {
                continue;
            }
            let mut out = String::new();
            write_number(&mut out, v);
            // Read back by the standard library, which rounds correctly (serde_json without its
            // `float_roundtrip` feature may miss by one unit in the last place).
            let back: f64 = out.parse().unwrap_or_else(|e| panic!("{e}: {out}"));
            assert_eq!(back.to_bits(), v.to_bits(), "{out}");
        }
    }
}
