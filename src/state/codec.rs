//! Share-link encoding: `#/route?key=value&…` with percent-encoding, and tables deflated
//! and base64url-encoded. Pure functions, so they are tested natively and used by both the
//! page and the `photocalc` command line.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// Longest fragment accepted from a link, in bytes (before any decompression).
pub const MAX_FRAGMENT_BYTES: usize = 200_000;
/// Most bytes a compressed table in a link may inflate to: a link cannot exhaust memory, and
/// the largest table the page accepts (20,000 rows of four 64-character cells, every character
/// escaped) still fits, so that whatever the page holds it can save and reopen.
pub const MAX_TABLE_BYTES: usize = 12_000_000;
/// Longest typed value kept for one scalar field.
pub const MAX_FIELD_CHARS: usize = 64;

/// Why a link could not be opened. Messages are shown to the user as they are.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinkError {
    #[error("This link is {0} bytes long, more than the {MAX_FRAGMENT_BYTES} a PhotoCalc link can hold; it was probably pasted twice or corrupted.")]
    TooLong(usize),
    #[error("This link was made by a newer PhotoCalc (format version {0}); this page reads versions up to {1}. Reload the page to get the latest version.")]
    NewerVersion(u32, u32),
    #[error("The link's format version \"{0}\" is not a number.")]
    BadVersion(String),
    #[error("The link names no calculator called \"{0}\".")]
    UnknownRoute(String),
    #[error("The link has an unknown {key} \"{value}\".")]
    BadValue { key: String, value: String },
    #[error("The link's value for {0} is longer than {MAX_FIELD_CHARS} characters.")]
    FieldTooLong(String),
    #[error("The table in the link is damaged (it may have been cut off when copied): {0}.")]
    BadTable(String),
    #[error("The link is not valid text after decoding its %-escapes.")]
    BadEscape,
}

/// Splits `#/qd?a=1&b=2` (leading `#` optional; a whole URL is accepted too) into the route
/// and its decoded key-value pairs, in order.
pub fn split_fragment(link: &str) -> Result<(String, Vec<(String, String)>), LinkError> {
    split_fragment_within(link, MAX_FRAGMENT_BYTES)
}

/// Like [`split_fragment`], for fragments up to `limit` bytes (saved work, which may be longer
/// than a link).
pub fn split_fragment_within(link: &str, limit: usize) -> Result<(String, Vec<(String, String)>), LinkError> {
    let fragment = match link.find('#') {
        Some(i) => &link[i + 1..],
        None => link,
    };
    if fragment.len() > limit {
        return Err(LinkError::TooLong(fragment.len()));
    }
    let (route, query) = fragment.split_once('?').unwrap_or((fragment, ""));
    let route = route.trim_start_matches('/').trim_end_matches('/').to_string();
    let mut pairs = Vec::new();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        pairs.push((percent_decode(key)?, percent_decode(value)?));
    }
    Ok((route, pairs))
}

/// Joins a route and key-value pairs into `#/route?k=v&…`.
pub fn join_fragment(route: &str, pairs: &[(&str, String)]) -> String {
    let mut out = format!("#/{route}");
    for (i, (key, value)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(&percent_encode(key));
        out.push('=');
        out.push_str(&percent_encode(value));
    }
    out
}

/// Percent-encodes everything but unreserved characters and a few that are safe and
/// readable in a fragment (`.-_~`, `,`, `:`, `*`, `!`).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b',' | b':' | b'*' | b'!' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` as space. Malformed escapes are kept literally
/// (as browsers do); invalid UTF-8 after decoding is an error.
pub fn percent_decode(text: &str) -> Result<String, LinkError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| LinkError::BadEscape)
}

/// Deflates text and base64url-encodes it: the form of every table in a link. A long text (a
/// measured curve of thousands of rows, whose link is too long for an address and is kept in
/// this browser) is deflated at level 3 rather than 9: a 100,000-row curve (2.2 MB) packs in
/// 27 ms rather than 143 (natively; the page writes it once typing pauses) into 3 % more.
pub fn pack_text(text: &str) -> String {
    let level = if text.len() < FAST_PACK_FROM_BYTES { 9 } else { 3 };
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(text.as_bytes(), level))
}

/// Texts from this length are packed at the faster level (see [`pack_text`]).
const FAST_PACK_FROM_BYTES: usize = 128 * 1024;

/// Reverses [`pack_text`], refusing anything that inflates beyond [`MAX_TABLE_BYTES`].
pub fn unpack_text(encoded: &str) -> Result<String, LinkError> {
    let compressed = URL_SAFE_NO_PAD
        .decode(encoded.trim().trim_end_matches('='))
        .map_err(|_| LinkError::BadTable("it is not base64url text".into()))?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_TABLE_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::BadTable(format!(
                "it would unpack to more than {} MB",
                MAX_TABLE_BYTES / 1_000_000
            )),
            _ => LinkError::BadTable("its compressed data is incomplete".into()),
        })?;
    String::from_utf8(bytes).map_err(|_| LinkError::BadTable("it is not text".into()))
}

/// Encodes a two-column numeric table as CSV text, packed with [`pack_text`].
/// Values keep Rust's shortest round-trip representation, so decoding gives them back exactly.
pub fn encode_table(rows: &[(f64, f64)]) -> String {
    let mut text = String::with_capacity(rows.len() * 16);
    for (x, y) in rows {
        text.push_str(&format!("{x},{y}\n"));
    }
    pack_text(&text)
}

/// Decodes a table made by [`encode_table`], refusing anything that inflates beyond
/// [`MAX_TABLE_BYTES`] or holds a non-finite number.
pub fn decode_table(encoded: &str) -> Result<Vec<(f64, f64)>, LinkError> {
    let text = unpack_text(encoded)?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let parsed = line.split_once(',').and_then(|(x, y)| {
            let x = crate::science::decimal::parse_f64(x.trim())?;
            let y = crate::science::decimal::parse_f64(y.trim())?;
            (x.is_finite() && y.is_finite()).then_some((x, y))
        });
        match parsed {
            Some(row) => rows.push(row),
            None => return Err(LinkError::BadTable(format!("row {} is not two numbers", n + 1))),
        }
    }
    Ok(rows)
}

/// Encodes a table of typed cells exactly as typed: tab-separated rows, newline-terminated,
/// with `\`, tab and newline inside a cell escaped, packed with [`pack_text`].
pub fn encode_text_table(rows: &[Vec<String>]) -> String {
    let mut text = String::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                text.push('\t');
            }
            for c in cell.chars() {
                match c {
                    '\\' => text.push_str("\\\\"),
                    '\t' => text.push_str("\\t"),
                    '\n' => text.push_str("\\n"),
                    '\r' => text.push_str("\\r"),
                    other => text.push(other),
                }
            }
        }
        text.push('\n');
    }
    pack_text(&text)
}

/// A flag in a link: "1"/"0" (or "true"/"false").
pub fn read_flag(value: &str) -> Option<bool> {
    match value.trim() {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

/// [`decode_text_table`] of a table of at most `max_rows` rows.
pub fn decode_table_within(encoded: &str, columns: usize, max_rows: usize) -> Result<Vec<Vec<String>>, LinkError> {
    let rows = decode_text_table(encoded, columns)?;
    if rows.len() > max_rows {
        return Err(LinkError::BadTable(format!("it has more than {max_rows} rows")));
    }
    Ok(rows)
}

/// Decodes a table made by [`encode_text_table`]; each row has exactly `columns` cells
/// (missing cells are empty, extra cells are an error).
pub fn decode_text_table(encoded: &str, columns: usize) -> Result<Vec<Vec<String>>, LinkError> {
    let text = unpack_text(encoded)?;
    let mut rows = Vec::new();
    if text.is_empty() {
        return Ok(rows);
    }
    // Every row ends with a newline, so the last split piece is not a row.
    let body = text.strip_suffix('\n').unwrap_or(&text);
    for (n, line) in body.split('\n').enumerate() {
        let mut cells: Vec<String> = Vec::with_capacity(columns);
        for raw in line.split('\t') {
            let mut cell = String::with_capacity(raw.len());
            let mut chars = raw.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    match chars.next() {
                        Some('t') => cell.push('\t'),
                        Some('n') => cell.push('\n'),
                        Some('r') => cell.push('\r'),
                        Some('\\') => cell.push('\\'),
                        _ => return Err(LinkError::BadTable(format!("row {} has a broken escape", n + 1))),
                    }
                } else {
                    cell.push(c);
                }
            }
            if cell.chars().count() > MAX_FIELD_CHARS {
                return Err(LinkError::BadTable(format!("a cell in row {} is longer than {MAX_FIELD_CHARS} characters", n + 1)));
            }
            cells.push(cell);
        }
        if cells.len() > columns {
            return Err(LinkError::BadTable(format!("row {} has {} cells, more than the {columns} columns", n + 1, cells.len())));
        }
        cells.resize(columns, String::new());
        rows.push(cells);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_table_packs_fast_into_little_more_and_unpacks_whole() {
        // A 20,000-row curve as the PEC page keeps it: over the length packed at the faster
        // level, unpacked exactly, at most 5 % longer than at the best level.
        let text: String = (0..20_000)
            .map(|i| {
                let e = -1.0 + 1.6 * f64::from(i) / 19_999.0;
                format!("{e:.6}\t{:.6e}\n", 0.5 / (1.0 + (-(e + 0.45) / 0.05).exp()) * (1.0 + 0.005 * (f64::from(i) * 0.37).sin()))
            })
            .collect();
        assert!(text.len() >= FAST_PACK_FROM_BYTES, "{} bytes", text.len());
        let packed = pack_text(&text);
        assert_eq!(unpack_text(&packed).unwrap(), text);
        let best = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9));
        assert!(packed.len() as f64 <= best.len() as f64 * 1.05, "{} against {} at level 9", packed.len(), best.len());
    }

    #[test]
    fn percent_round_trip_of_awkward_text() {
        for text in ["1e-5", "a b&c=d#e", "µM", "<script>", "%zz", ""] {
            assert_eq!(percent_decode(&percent_encode(text)).unwrap(), text);
        }
    }

    #[test]
    fn malformed_escapes_stay_literal() {
        assert_eq!(percent_decode("50%").unwrap(), "50%");
        assert_eq!(percent_decode("%4").unwrap(), "%4");
        assert_eq!(percent_decode("%zz1").unwrap(), "%zz1");
        assert_eq!(percent_decode("%FF%FE"), Err(LinkError::BadEscape));
    }

    #[test]
    fn text_tables_keep_cells_exactly_as_typed() {
        let rows = vec![
            vec!["0".to_string(), "1.0e5".to_string(), "".to_string()],
            vec!["1,5".to_string(), "tab\there".to_string(), "back\\slash\nnewline".to_string()],
            vec!["".to_string(), "".to_string(), "".to_string()],
        ];
        assert_eq!(decode_text_table(&encode_text_table(&rows), 3).unwrap(), rows);
        assert_eq!(decode_text_table(&encode_text_table(&[]), 3).unwrap(), Vec::<Vec<String>>::new());
        assert!(decode_text_table(&encode_text_table(&rows), 2).is_err(), "extra cells are refused");
        let short = vec![vec!["1".to_string()]];
        assert_eq!(decode_text_table(&encode_text_table(&short), 3).unwrap(), vec![vec!["1".to_string(), String::new(), String::new()]]);
    }

    #[test]
    fn zip_bomb_is_refused() {
        let huge = vec![b'1'; MAX_TABLE_BYTES * 3];
        let bomb = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&huge, 9));
        assert!(bomb.len() < MAX_FRAGMENT_BYTES, "the bomb must fit in a link to be a test");
        match decode_table(&bomb) {
            Err(LinkError::BadTable(msg)) => assert!(msg.contains("more than"), "{msg}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn truncated_table_is_an_error() {
        let rows: Vec<(f64, f64)> = (0..500).map(|i| (400.0 + i as f64, (i as f64 * 0.01).sin())).collect();
        let encoded = encode_table(&rows);
        assert_eq!(decode_table(&encoded).unwrap(), rows);
        assert!(decode_table(&encoded[..encoded.len() / 2]).is_err());
    }
}
