//! Gamry Framework data files (.DTA): the "EXPLAIN" text format that Gamry Framework writes for
//! every DC experiment (LSV, CV, chronoamperometry, …).
//!
//! A file is a header of tab-separated `KEY<TAB>TYPE<TAB>VALUE<TAB>label` lines, with tables
//! inside it: a `NAME<TAB>TABLE[<TAB>points]` line, a row of column names, a row of units and
//! then rows of numbers, each starting with a tab. The point count is optional (CV files write
//! `CURVE1<TAB>TABLE` without one), so a table ends at the first line that is not a data row.
//! The curves of the measurement are the `CURVE`/`CURVEn` tables; `OCVCURVE` is the
//! open-circuit record taken before the measurement and is left out. The layout is described
//! line by line for the three shared files in `../shared/data/instruments/SOURCES.md`.
//!
//! What is used: `TAG` (the technique), `CONVENTION` (the current sign: 1 is anodic positive,
//! as the 2 kΩ dummy-cell file shows, where +0.1 V gives +50 µA; 0 is cathodic positive),
//! the `T`/`F` flag of `POTEN` lines (a set potential vs open circuit or vs the reference),
//! and the columns `Vf` (V vs. Ref.), `Im` (A) and `T` (s) of each curve.

use super::{chosen, Columns, Curve, ImportError, Kind, Recording};
use crate::science::read::number::{decimal_mark_evidence, read_number, Context, DecimalMark, NumberError};
use crate::science::read::table::split_lines;

pub(crate) const FORMAT: &str = "Gamry DTA";

/// Header keys under which a file may name its reference electrode. None of the shared files
/// has one (their potential unit is only "V vs. Ref."), so the list is what Gamry's own
/// parameter names make likely, and a file without them gives no reference.
const REFERENCE_KEYS: [&str; 4] = ["REFELEC", "REFELECTRODE", "REFERENCE", "REFERENCEELECTRODE"];

/// Whether the bytes look like a Gamry DTA file: the first line is `EXPLAIN` and a `TAG` line
/// names the technique. Reads only the start of the file.
pub fn looks_like_dta(bytes: &[u8]) -> bool {
    let head = decode(&bytes[..bytes.len().min(8192)]);
    let mut lines = split_lines(&head).into_iter();
    let first_is_explain = lines.next().map(|l| l.trim_start_matches('\u{feff}').trim() == "EXPLAIN").unwrap_or(false);
    first_is_explain && lines.take(20).any(|l| l.split('\t').next().map(str::trim) == Some("TAG"))
}

/// Reads a Gamry DTA file into curves of potential (V vs the file's reference), current (A,
/// anodic positive) and time (s), one per `CURVE` table, saying in the warnings what was
/// converted, skipped or not recorded.
pub fn read_dta(bytes: &[u8]) -> Result<Recording, ImportError> {
    read_dta_with(bytes, &Columns::default())
}

/// [`read_dta`] with the potential and current columns chosen by name among those of the CURVE
/// tables: `Vf` (the reader's pick, vs the reference), `Vu` and, where its unit is V, `Sig`
/// (the applied signal) for the potential; `Im` for the current.
pub fn read_dta_with(bytes: &[u8], columns: &Columns) -> Result<Recording, ImportError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(malformed("the file is empty. Choose the .DTA file again, and check that it was copied completely."));
    }
    let text = decode(bytes);
    let ends_with_newline = text.ends_with('\n') || text.ends_with('\r');
    let mut lines = split_lines(&text);
    if ends_with_newline && lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if lines.first().map(|l| l.trim_start_matches('\u{feff}').trim()) != Some("EXPLAIN") {
        return Err(ImportError::NotThisFormat { format: FORMAT });
    }
    let layout = Layout::read(&lines);
    let mut warnings = Vec::new();

    // The columns of each quantity, as the CURVE tables' column rows name them, in file order.
    let mut potential_names: Vec<String> = Vec::new();
    let mut current_names: Vec<String> = Vec::new();
    for table in layout.tables.iter().filter(|t| t.is_curve()) {
        for (col, name) in table.columns.iter().enumerate() {
            let name = name.trim();
            let unit = table.units.get(col).map(|u| u.trim()).unwrap_or("");
            let in_volts = ["V", "mV"].iter().any(|v| unit == *v || unit.strip_prefix(v).is_some_and(|rest| rest.starts_with(' ')));
            let list = match name {
                "Vf" | "Vu" => &mut potential_names,
                "Sig" if in_volts => &mut potential_names,
                "Im" => &mut current_names,
                _ => continue,
            };
            if !list.iter().any(|n| n == name) {
                list.push(name.to_string());
            }
        }
    }
    let potential_name = chosen(FORMAT, "potential", columns.potential.as_deref(), &potential_names)?.unwrap_or("Vf").to_string();
    let current_name = chosen(FORMAT, "current", columns.current.as_deref(), &current_names)?.unwrap_or("Im").to_string();

    let tag = layout.value("TAG", 1);
    let kind = match tag.map(|t| t.to_ascii_uppercase()) {
        Some(t) if matches!(t.as_str(), "CV" | "LSV" | "RCV" | "POTENTIODYNAMIC") => Kind::Voltammetry,
        Some(t) if t == "CHRONOA" => Kind::Chronoamperometry,
        Some(t) => {
            warnings.push(format!("The technique “{t}” (TAG line) is not one this reader knows as a voltammetry or a chronoamperometry; the curves are read, but what they measured is left open."));
            Kind::Unknown
        }
        None => {
            warnings.push("The file has no TAG line naming the technique; the curves are read, but what they measured is left open.".to_string());
            Kind::Unknown
        }
    };

    let reference = REFERENCE_KEYS.iter().find_map(|key| layout.value(key, 2)).filter(|v| !v.is_empty()).map(str::to_string);
    if reference.is_none() {
        let unit = if potential_name == "Vf" { ", “V vs. Ref.”" } else { "" };
        warnings.push(format!("The file does not name its reference electrode: the potentials ({potential_name}{unit}) are against whichever reference was used. Choose it before converting to another scale."));
    }

    // The decimal mark is the file's: Gamry writes numbers in the PC's locale, header and data alike.
    let mut comma_votes = 0usize;
    let mut point_votes = 0usize;
    let mut comma_example = None;
    for table in layout.tables.iter().filter(|t| t.is_curve()) {
        for &(_, row) in &table.rows {
            for cell in row.split('\t') {
                match decimal_mark_evidence(cell) {
                    Some(DecimalMark::Comma) => {
                        comma_votes += 1;
                        comma_example.get_or_insert(cell.trim());
                    }
                    Some(DecimalMark::Point) => point_votes += 1,
                    None => {}
                }
            }
        }
    }
    let mark = if comma_votes > point_votes { DecimalMark::Comma } else { DecimalMark::Point };
    if mark == DecimalMark::Comma {
        warnings.push(format!("The numbers in this file use decimal commas (as “{}”); they were read as such.", comma_example.unwrap_or_default()));
    }
    let header_number = |key: &str| layout.value(key, 2).and_then(|v| read_number(v, Context::Table(mark)).ok()).map(|n| n.value);

    // Set potentials flagged T were entered vs the open-circuit potential, not the reference.
    let vs_open_circuit: Vec<&str> = layout
        .header
        .iter()
        .filter(|(_, fields)| fields.get(1).map(|t| t.trim()) == Some("POTEN") && fields.get(3).map(|f| f.trim()) == Some("T"))
        .map(|(_, fields)| fields[0].trim())
        .collect();
    if !vs_open_circuit.is_empty() {
        let eoc = match header_number("EOC") {
            Some(v) => format!(" (the file records an open-circuit potential EOC of {v} V)"),
            None => String::new(),
        };
        warnings.push(format!(
            "The set potential{} {} {} entered vs the open-circuit potential{eoc}, not vs the reference electrode; the recorded potentials ({potential_name}) are vs the reference, so the curves are not shifted.",
            if vs_open_circuit.len() > 1 { "s" } else { "" },
            vs_open_circuit.join(", "),
            if vs_open_circuit.len() > 1 { "were" } else { "was" },
        ));
    }

    let flip = match layout.value("CONVENTION", 2).map(str::trim) {
        Some("1") => false,
        Some("0") => {
            warnings.push("The file records currents with cathodic current positive (CONVENTION 0); every current was multiplied by −1, so that anodic current is positive.".to_string());
            true
        }
        Some(other) => {
            warnings.push(format!("The current sign convention “{other}” (CONVENTION line) is not one this reader knows (1 is anodic positive, 0 cathodic positive); the currents are taken as written, as anodic positive."));
            false
        }
        None => {
            warnings.push("The file does not record its current sign convention (no CONVENTION line); the currents are taken as written, as anodic positive (Gamry's default).".to_string());
            false
        }
    };

    let mut curves = Vec::new();
    let mut names = Vec::new();
    for table in &layout.tables {
        names.push(table.name);
        if !table.is_curve() {
            let what = if table.name.eq_ignore_ascii_case("OCVCURVE") {
                "the open-circuit record taken before the measurement, not a curve of it"
            } else {
                "not a CURVE table"
            };
            warnings.push(format!("The {} table at line {} ({} points) is {what}; it was left out.", table.name, table.line, table.rows.len()));
            continue;
        }
        if let Some(curve) = read_curve(table, &lines, ends_with_newline, mark, flip, (&potential_name, &current_name), &mut warnings)? {
            curves.push(curve);
        }
    }
    if curves.is_empty() {
        let found = if names.is_empty() { "no tables at all".to_string() } else { format!("only {}", names.join(", ")) };
        return Err(malformed(&format!(
            "the file holds no CURVE table with measured points ({found}). The measurement may have been stopped before its first point, or the file cut short; export it again from Gamry Framework."
        )));
    }
    Ok(Recording {
        format: FORMAT,
        kind,
        reference,
        warnings,
        curves,
        potential_columns: potential_names,
        current_columns: current_names,
        potential_column: potential_name,
        current_column: current_name,
    })
}

/// Reads one CURVE table; `None` (with a warning) when it holds no points.
fn read_curve(
    table: &Table,
    lines: &[&str],
    ends_with_newline: bool,
    mark: DecimalMark,
    flip: bool,
    (potential_name, current_name): (&str, &str),
    warnings: &mut Vec<String>,
) -> Result<Option<Curve>, ImportError> {
    let name = table.name;
    if let Some(declared) = table.declared {
        if declared != table.rows.len() {
            warnings.push(format!(
                "The {name} table (line {}) announces {declared} points but holds {}; the file may have been cut short.",
                table.line,
                table.rows.len()
            ));
        }
    }
    if table.rows.is_empty() {
        let why = if table.line + 3 > lines.len() { "; the file ends inside its header, so it may have been cut short" } else { "" };
        warnings.push(format!("The {name} table at line {} holds no points{why}; it was left out.", table.line));
        return Ok(None);
    }
    let names_line = table.line + 1;
    let column = |wanted: &str, what: &str| -> Result<usize, ImportError> {
        table.columns.iter().position(|c| c.trim() == wanted).ok_or_else(|| ImportError::AtLine {
            format: FORMAT,
            line: names_line,
            message: format!(
                "the {name} table has no {wanted} column ({what}); its columns are {}. Export the file again with the {wanted} column, or import it as a plain table and choose the columns.",
                table.columns.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(", ")
            ),
        })
    };
    let potential_col = column(potential_name, "the potential")?;
    let current_col = column(current_name, "the current")?;
    let time_col = table.columns.iter().position(|c| c.trim() == "T");

    let unit_of = |col: usize| table.units.get(col).map(|u| u.trim()).unwrap_or("");
    let unit = |col: usize, expected: &str| -> Result<f64, ImportError> {
        let written = unit_of(col);
        let scale = match (expected, written) {
            // No unit written: Gamry's own (said below).
            (_, "") => 1.0,
            ("V", u) if u == "V" || u.starts_with("V ") => 1.0,
            ("V", u) if u == "mV" || u.starts_with("mV ") => 1e-3,
            ("A", "A") => 1.0,
            ("A", "mA") => 1e-3,
            ("A", "uA" | "µA" | "μA") => 1e-6,
            ("A", "nA") => 1e-9,
            ("A", "pA") => 1e-12,
            ("s", "s") => 1.0,
            ("s", "ms") => 1e-3,
            _ => {
                return Err(ImportError::AtLine {
                    format: FORMAT,
                    line: names_line + 1,
                    message: format!(
                        "the {name} table gives the unit of its {} column as “{written}”, which this reader does not know (Gamry writes {expected}); check the file's units row.",
                        table.columns[col].trim()
                    ),
                })
            }
        };
        Ok(scale)
    };
    let potential_scale = unit(potential_col, "V")?;
    let current_scale = unit(current_col, "A")? * if flip { -1.0 } else { 1.0 };
    let time_scale = match time_col {
        Some(c) => Some(unit(c, "s")?),
        None => None,
    };
    let mut scaled = Vec::new();
    let mut assumed = Vec::new();
    let mut note = |col: usize, scale: f64, quantity: &str, gamry_unit: &str| {
        if unit_of(col).is_empty() {
            assumed.push(format!("{} ({gamry_unit})", table.columns[col].trim()));
        } else if scale != 1.0 {
            scaled.push(format!("{quantity} from {} to {gamry_unit}", unit_of(col)));
        }
    };
    note(potential_col, potential_scale, "potentials", "V");
    note(current_col, current_scale.abs(), "currents", "A");
    if let (Some(c), Some(s)) = (time_col, time_scale) {
        note(c, s, "times", "s");
    }
    if !scaled.is_empty() {
        warnings.push(format!("In the {name} table, {} were converted.", scaled.join(", ")));
    }
    if !assumed.is_empty() {
        warnings.push(format!(
            "The {name} table's units row (line {}) gives no unit for {}; Gamry's own units were assumed.",
            names_line + 1,
            assumed.join(", ")
        ));
    }

    let mut potential_v = Vec::with_capacity(table.rows.len());
    let mut current_a = Vec::with_capacity(table.rows.len());
    let mut time_s = time_col.map(|_| Vec::with_capacity(table.rows.len()));
    for &(line, row) in &table.rows {
        let cells: Vec<&str> = row.split('\t').collect();
        // The last line of a file that does not end with a line break was cut mid-row: a short
        // row, or a full one whose last cell is read (and may have lost digits: "7.01" of
        // "7.01007E-012"), is left out rather than read as a wrong number.
        if line == lines.len() && !ends_with_newline {
            let last_cell_read = [Some(potential_col), Some(current_col), time_col].contains(&Some(cells.len() - 1));
            if cells.len() < table.columns.len() || last_cell_read {
                warnings.push(format!(
                    "The last line ({line}) is incomplete and was left out: the file ends in the middle of a row, so it may have been cut short."
                ));
                continue;
            }
        }
        let read = |col: usize, what: &str| -> Result<f64, String> {
            let column_name = table.columns[col].trim();
            let Some(cell) = cells.get(col) else {
                return Err(format!(
                    "the row has {} cells where the {name} table's column row (line {names_line}) names {}, so its {column_name} cell ({what}) is missing",
                    cells.len(),
                    table.columns.len()
                ));
            };
            match read_number(cell, Context::Table(mark)) {
                Ok(n) => Ok(n.value),
                Err(error) => {
                    let shown = cell.trim();
                    Err(match error {
                        NumberError::Empty => format!("the {column_name} cell ({what}) is empty"),
                        NumberError::OtherDecimalMark(m) => format!(
                            "the {column_name} cell ({what}) “{shown}” has {}, but the other numbers in this file use {}",
                            if m == DecimalMark::Comma { "a decimal point" } else { "a decimal comma" },
                            m.plural()
                        ),
                        NumberError::TooLarge => format!("the {column_name} cell ({what}) “{shown}” is too large a number"),
                        NumberError::NotANumber => format!("the {column_name} cell ({what}) “{shown}” is not a number"),
                    })
                }
            }
        };
        let values = (|| -> Result<(f64, f64, Option<f64>), String> {
            let e = read(potential_col, "potential")?;
            let i = read(current_col, "current")?;
            let t = match time_col {
                Some(c) => Some(read(c, "time")?),
                None => None,
            };
            Ok((e, i, t))
        })();
        match values {
            Ok((e, i, t)) => {
                potential_v.push(e * potential_scale);
                current_a.push(i * current_scale);
                if let (Some(times), Some(t), Some(s)) = (time_s.as_mut(), t, time_scale) {
                    times.push(t * s);
                }
            }
            Err(message) => {
                return Err(ImportError::AtLine {
                    format: FORMAT,
                    line,
                    message: format!("{message}. Correct or delete that row in a text editor and import the file again."),
                })
            }
        }
    }
    if potential_v.is_empty() {
        warnings.push(format!("The {name} table at line {} holds no complete point; it was left out.", table.line));
        return Ok(None);
    }
    Ok(Some(Curve { label: name.to_string(), potential_v, current_a, time_s }))
}

/// The header lines and tables of a file, before any number is read. Line numbers are 1-based.
struct Layout<'a> {
    /// Each header line split at tabs, with its line number.
    header: Vec<(usize, Vec<&'a str>)>,
    tables: Vec<Table<'a>>,
}

struct Table<'a> {
    name: &'a str,
    /// The line of `NAME<TAB>TABLE`.
    line: usize,
    /// The point count written after `TABLE`, if any.
    declared: Option<usize>,
    /// Column names and units, split at tabs (the first cell is empty: rows start with a tab).
    columns: Vec<&'a str>,
    units: Vec<&'a str>,
    /// Data rows with their line numbers.
    rows: Vec<(usize, &'a str)>,
}

impl Table<'_> {
    /// `CURVE`, `CURVE1`, `CURVE2`, …: the measurement itself.
    fn is_curve(&self) -> bool {
        let upper = self.name.to_ascii_uppercase();
        upper.strip_prefix("CURVE").is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit()))
    }
}

/// A row of a table: indented by a tab, and not blank.
fn is_table_row(line: &str) -> bool {
    line.starts_with('\t') && !line.trim().is_empty()
}

impl<'a> Layout<'a> {
    fn read(lines: &[&'a str]) -> Layout<'a> {
        let mut header = Vec::new();
        let mut tables = Vec::new();
        let mut i = 1; // after EXPLAIN
        while i < lines.len() {
            let line = lines[i];
            if line.starts_with('\t') || line.trim().is_empty() {
                // Notes text, or a blank line.
                i += 1;
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.get(1).map(|t| t.trim()) != Some("TABLE") {
                header.push((i + 1, fields));
                i += 1;
                continue;
            }
            let mut table = Table {
                name: fields[0].trim(),
                line: i + 1,
                declared: fields.get(2).and_then(|n| n.trim().parse().ok()),
                columns: Vec::new(),
                units: Vec::new(),
                rows: Vec::new(),
            };
            i += 1;
            if i < lines.len() && is_table_row(lines[i]) {
                table.columns = lines[i].split('\t').collect();
                i += 1;
                if i < lines.len() && is_table_row(lines[i]) {
                    table.units = lines[i].split('\t').collect();
                    i += 1;
                    while i < lines.len() && is_table_row(lines[i]) {
                        table.rows.push((i + 1, lines[i]));
                        i += 1;
                    }
                }
            }
            tables.push(table);
        }
        Layout { header, tables }
    }

    /// Field `index` of the first header line whose key is `key` (`TAG<TAB>CV`: field 1 is "CV").
    fn value(&self, key: &str, index: usize) -> Option<&'a str> {
        self.header
            .iter()
            .find(|(_, fields)| fields[0].trim().eq_ignore_ascii_case(key))
            .and_then(|(_, fields)| fields.get(index).map(|v| v.trim()))
    }
}

/// The text of the file: UTF-8 if it is valid UTF-8, else Latin-1 (Windows code pages write
/// `µ` and `°` as single bytes), so that no byte is lost and no input is refused.
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

fn malformed(message: &str) -> ImportError {
    ImportError::Malformed { format: FORMAT, message: message.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LSV: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/instruments/gamry_lsv_hzb.DTA"));
    const CV: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/instruments/gamry_cv_microelectrode_5curves.DTA"));
    const CA: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/instruments/gamry_ca_decimal-comma_hzb.DTA"));

    /// Values are copied from the file text, so they compare exactly after parsing; the
    /// tolerance only absorbs a flip of sign or a scale that should not be there.
    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1e-300)
    }

    /// A small synthetic file: header, a point-count-less CURVE1 with the given rows.
    fn synthetic(convention: &str, rows: &str) -> String {
        format!(
            "EXPLAIN\nTAG\tCV\nTITLE\tLABEL\tCyclic Voltammetry\tTest Identifier\nVINIT\tPOTEN\t0.00000E+000\tF\tInitial E (V)\n{convention}CURVE1\tTABLE\n\tPt\tT\tVf\tIm\tOver\n\t#\ts\tV vs. Ref.\tA\tbits\n{rows}"
        )
    }

    #[test]
    fn recognises_gamry_files_by_content() {
        assert!(looks_like_dta(LSV) && looks_like_dta(CV) && looks_like_dta(CA));
        assert!(!looks_like_dta(b""));
        assert!(!looks_like_dta(b"EXPLAIN\nno tag here\n"));
        assert!(!looks_like_dta(b"EC-Lab ASCII FILE\nNb header lines : 66\n"));
    }

    #[test]
    fn lsv_one_curve_of_251_points() {
        let r = read_dta(LSV).unwrap();
        assert_eq!(r.format, "Gamry DTA");
        assert_eq!(r.kind, Kind::Voltammetry); // line 2: TAG LSV
        assert_eq!(r.reference, None); // no reference line; the unit says only "V vs. Ref."
        assert_eq!(r.curves.len(), 1);
        let c = &r.curves[0];
        assert_eq!(c.label, "CURVE");
        assert_eq!(c.potential_v.len(), 251); // line 69: CURVE TABLE 251; rows on lines 72–322
        // Line 72: "\t0\t0.02\t3.79184E-004\t-2.56289E-004\t…"
        assert!(close(c.potential_v[0], 3.79184e-4));
        assert!(close(c.current_a[0], -2.56289e-4));
        assert!(close(c.time_s.as_ref().unwrap()[0], 0.02));
        // Line 322: "\t250\t5.02\t5.00404E-001\t2.19302E-003\t…"
        assert!(close(c.potential_v[250], 5.00404e-1));
        assert!(close(c.current_a[250], 2.19302e-3));
        assert!(close(c.time_s.as_ref().unwrap()[250], 5.02));
        // CONVENTION 1 (line 40): anodic positive, nothing flipped; VINIT/VFINAL are F.
        assert!(!r.warnings.iter().any(|w| w.contains("multiplied by −1") || w.contains("open-circuit")), "{:?}", r.warnings);
    }

    #[test]
    fn cv_five_curves_without_point_counts_and_ocv_table_left_out() {
        let r = read_dta(CV).unwrap();
        assert_eq!(r.kind, Kind::Voltammetry); // line 2: TAG CV
        let labels: Vec<&str> = r.curves.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["CURVE1", "CURVE2", "CURVE3", "CURVE4", "CURVE5"]);
        // Rows: CURVE1 lines 109–325, CURVE2 329–608, CURVE3 612–891, CURVE4 895–1174, CURVE5 1178–1241.
        let counts: Vec<usize> = r.curves.iter().map(|c| c.potential_v.len()).collect();
        assert_eq!(counts, [217, 280, 280, 280, 64]);
        // Line 109: "\t0\t0.2\t1.58214E-001\t7.01007E-012\t…" (the sweep starts at EOC, VINIT 0 vs Eoc).
        assert!(close(r.curves[0].potential_v[0], 1.58214e-1));
        assert!(close(r.curves[0].current_a[0], 7.01007e-12));
        // Line 329: "\t217\t43.6\t7.89814E-001\t3.03021E-010\t…": Pt keeps counting, so does T.
        assert!(close(r.curves[1].time_s.as_ref().unwrap()[0], 43.6));
        assert!(close(r.curves[1].potential_v[0], 7.89814e-1));
        // Line 1241, the last: "\t1120\t224.2\t1.60214E-001\t-1.44996E-010\t…"
        let last = &r.curves[4];
        assert!(close(*last.potential_v.last().unwrap(), 1.60214e-1));
        assert!(close(*last.current_a.last().unwrap(), -1.44996e-10));
        assert!(close(*last.time_s.as_ref().unwrap().last().unwrap(), 224.2));
        // The OCVCURVE table (line 28, 39 points) is not a curve of the measurement.
        assert!(!r.curves.iter().any(|c| c.potential_v.len() == 39));
        assert!(r.warnings.iter().any(|w| w.contains("OCVCURVE") && w.contains("39 points") && w.contains("left out")), "{:?}", r.warnings);
        // Lines 9 and 12: VINIT and VFINAL are T, vs open circuit (line 70: EOC 0.1580925).
        assert!(r.warnings.iter().any(|w| w.contains("VINIT, VFINAL were entered vs the open-circuit potential") && w.contains("0.1580925 V")), "{:?}", r.warnings);
    }

    #[test]
    fn ca_with_decimal_commas() {
        let r = read_dta(CA).unwrap();
        assert_eq!(r.kind, Kind::Chronoamperometry); // line 2: TAG CHRONOA
        assert_eq!(r.curves.len(), 1);
        let c = &r.curves[0];
        assert_eq!(c.potential_v.len(), 105); // line 67: CURVE TABLE 105; rows on lines 70–174
        // Line 70: "\t0\t-0,4\t-2,71300E-004\t-9,19035E-008\t…": time before the step is negative.
        assert!(close(c.time_s.as_ref().unwrap()[0], -0.4));
        assert!(close(c.potential_v[0], -2.71300e-4));
        assert!(close(c.current_a[0], -9.19035e-8));
        // Line 174: "\t104\t10\t9,97243E-002\t4,99598E-005\t…": 0.1 V across the 2 kΩ dummy cell.
        assert!(close(c.time_s.as_ref().unwrap()[104], 10.0));
        assert!(close(c.potential_v[104], 9.97243e-2));
        assert!(close(c.current_a[104], 4.99598e-5));
        // The first cell that only a decimal comma makes a number: line 70, "-0,4".
        assert!(r.warnings.iter().any(|w| w.contains("decimal commas (as “-0,4”)")), "{:?}", r.warnings);
    }

    #[test]
    fn sign_convention_cathodic_positive_is_flipped_and_said() {
        let rows = "\t0\t0.1\t0.5\t2.0E-003\t...\n";
        let anodic = read_dta(synthetic("CONVENTION\tIQUANT\t1\tCurrent Convention\n", rows).as_bytes()).unwrap();
        assert_eq!(anodic.curves[0].current_a, [2.0e-3]);
        let cathodic = read_dta(synthetic("CONVENTION\tIQUANT\t0\tCurrent Convention\n", rows).as_bytes()).unwrap();
        assert_eq!(cathodic.curves[0].current_a, [-2.0e-3]);
        assert_eq!(cathodic.curves[0].potential_v, [0.5]);
        assert!(cathodic.warnings.iter().any(|w| w.contains("CONVENTION 0") && w.contains("multiplied by −1")));
        let unsaid = read_dta(synthetic("", rows).as_bytes()).unwrap();
        assert_eq!(unsaid.curves[0].current_a, [2.0e-3]);
        assert!(unsaid.warnings.iter().any(|w| w.contains("no CONVENTION line")));
    }

    #[test]
    fn crlf_reads_as_lf() {
        let lf = synthetic("CONVENTION\tIQUANT\t1\tCurrent Convention\n", "\t0\t0.1\t0.5\t2.0E-003\t...\n\t1\t0.2\t0.6\t3.0E-003\t...\n");
        let crlf = lf.replace('\n', "\r\n");
        assert_eq!(read_dta(lf.as_bytes()).unwrap(), read_dta(crlf.as_bytes()).unwrap());
        assert_eq!(read_dta(crlf.as_bytes()).unwrap().curves[0].potential_v, [0.5, 0.6]);
    }

    #[test]
    fn truncated_mid_row_keeps_the_complete_rows() {
        let text = synthetic("CONVENTION\tIQUANT\t1\tCurrent Convention\n", "\t0\t0.1\t0.5\t2.0E-003\t...\n\t1\t0.2\t0.6\t3.0E-");
        let r = read_dta(text.as_bytes()).unwrap();
        assert_eq!(r.curves[0].potential_v, [0.5]);
        assert!(r.warnings.iter().any(|w| w.contains("line (10) is incomplete")), "{:?}", r.warnings);
        // Cut inside a number that still reads ("3.0" of "3.0E-003"): not read as 3 A.
        let text = synthetic("CONVENTION\tIQUANT\t1\tCurrent Convention\n", "\t0\t0.1\t0.5\t2.0E-003\t...\n\t1\t0.2\t0.6\t3.0");
        assert_eq!(read_dta(text.as_bytes()).unwrap().curves[0].current_a, [2.0e-3]);
        // A complete last row without a final line break is kept.
        let text = synthetic("CONVENTION\tIQUANT\t1\tCurrent Convention\n", "\t0\t0.1\t0.5\t2.0E-003\t...\n\t1\t0.2\t0.6\t3.0E-003\t...");
        assert_eq!(read_dta(text.as_bytes()).unwrap().curves[0].current_a, [2.0e-3, 3.0e-3]);
        // A real file cut inside its first CURVE table: the announced count is said to be short.
        let cut = &LSV[..LSV.len() / 2];
        let r = read_dta(cut).unwrap();
        assert!(r.curves[0].potential_v.len() < 251);
        assert!(r.warnings.iter().any(|w| w.contains("announces 251 points")), "{:?}", r.warnings);
    }

    #[test]
    fn empty_table_is_left_out_and_a_file_of_only_empty_tables_is_an_error() {
        let with_data = "EXPLAIN\nTAG\tCV\nCONVENTION\tIQUANT\t1\tCurrent Convention\nCURVE1\tTABLE\n\tPt\tT\tVf\tIm\n\t#\ts\tV vs. Ref.\tA\nCURVE2\tTABLE\n\tPt\tT\tVf\tIm\n\t#\ts\tV vs. Ref.\tA\n\t0\t1\t0.25\t1E-6\n";
        let r = read_dta(with_data.as_bytes()).unwrap();
        assert_eq!(r.curves.len(), 1);
        assert_eq!(r.curves[0].label, "CURVE2");
        assert!(r.warnings.iter().any(|w| w.contains("CURVE1 table at line 4 holds no points")), "{:?}", r.warnings);
        let only_empty = "EXPLAIN\nTAG\tCV\nCURVE1\tTABLE\t0\n\tPt\tT\tVf\tIm\n\t#\ts\tV vs. Ref.\tA\n";
        let error = read_dta(only_empty.as_bytes()).unwrap_err();
        assert!(error.to_string().contains("no CURVE table with measured points"), "{error}");
    }

    #[test]
    fn a_non_numeric_cell_names_its_line_and_column() {
        let text = synthetic("CONVENTION\tIQUANT\t1\tCurrent Convention\n", "\t0\t0.1\t0.5\t2.0E-003\t...\n\t1\t0.2\t0.6\toops\t...\n\t2\t0.3\t0.7\t4.0E-003\t...\n");
        let error = read_dta(text.as_bytes()).unwrap_err();
        assert_eq!(
            error,
            ImportError::AtLine {
                format: "Gamry DTA",
                line: 10,
                message: "the Im cell (current) “oops” is not a number. Correct or delete that row in a text editor and import the file again.".into()
            }
        );
        assert!(error.to_string().starts_with("Gamry DTA, line 10: the Im cell"));
    }

    #[test]
    fn a_missing_current_column_is_named() {
        let text = "EXPLAIN\nTAG\tCV\nCURVE1\tTABLE\n\tPt\tT\tVf\tVu\n\t#\ts\tV vs. Ref.\tV\n\t0\t1\t0.25\t0.25\n";
        match read_dta(text.as_bytes()).unwrap_err() {
            ImportError::AtLine { line: 4, message, .. } => assert!(message.contains("no Im column") && message.contains("Pt, T, Vf, Vu"), "{message}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_and_foreign_input() {
        let empty = read_dta(b"").unwrap_err();
        assert!(empty.to_string().contains("the file is empty"), "{empty}");
        assert_eq!(read_dta(b"\r\n  \n").unwrap_err(), empty);
        assert_eq!(read_dta(b"EC-Lab ASCII FILE\n").unwrap_err(), ImportError::NotThisFormat { format: "Gamry DTA" });
        assert_eq!(read_dta(&[0xff, 0xfe, 0x00, 0x41]).unwrap_err(), ImportError::NotThisFormat { format: "Gamry DTA" });
    }

    #[test]
    fn no_panic_on_any_truncation_of_a_real_file() {
        // Every prefix costs a read of the whole prefix, so all prefixes of a 114 kB file take
        // minutes in a debug build. Cut at every byte through each file's header and around
        // the start of every table (where the structure changes), and every 101st byte
        // elsewhere: an answer or an error, never a panic.
        for file in [CV, CA, LSV] {
            let text = std::str::from_utf8(file).unwrap();
            let mut ends: Vec<usize> = (0..=file.len().min(2500)).collect();
            for (at, _) in text.match_indices("TABLE") {
                ends.extend(at.saturating_sub(40)..(at + 300).min(file.len()));
            }
            ends.extend((0..=file.len()).step_by(101));
            ends.push(file.len());
            for end in ends {
                let _ = read_dta(&file[..end]);
                let _ = looks_like_dta(&file[..end]);
            }
        }
    }
}
