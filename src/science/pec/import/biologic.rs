//! BioLogic EC-Lab text exports (.mpt), as EC-Lab and BT-Lab write them with "Export as text".
//!
//! The layout (no published specification; read from the exports in
//! `../shared/data/instruments/`, described in its `SOURCES.md`): line 1 is `EC-Lab ASCII FILE`
//! (or `BT-Lab ASCII FILE`), line 2 `Nb header lines : N`, which counts every header line
//! including the tab-separated column names on line N; the technique's name is the first
//! non-empty line after that; `Reference electrode : …` names the reference when the user
//! filled it in; `Loop i from point number a to b` lines split the table into loops. The numbers
//! use the decimal mark of the PC's locale, and the text is latin-1 (`µ` is the byte 0xB5)
//! from older versions and UTF-8 from newer ones.

use super::{chosen, Columns, Curve, ImportError, Kind, Recording};
use crate::science::read::number::decimal_mark_evidence;
use crate::science::read::{read_number, Context, DecimalMark};

/// The format's name in messages and in [`Recording::format`].
pub(crate) const FORMAT: &str = "BioLogic EC-Lab text (.mpt)";

/// First lines that identify the format.
const MAGIC: [&str; 2] = ["EC-Lab ASCII FILE", "BT-Lab ASCII FILE"];

/// Data rows whose cells vote on the decimal mark: enough to see one mark, cheap on a long run.
const VOTING_ROWS: usize = 200;

/// Whether `bytes` are an EC-Lab or BT-Lab text export, judged by the first line alone.
pub fn looks_like_mpt(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let first = first.trim_ascii();
    MAGIC.iter().any(|magic| first == magic.as_bytes())
}

/// Reads an EC-Lab text export into curves of potential (V, as recorded, against the file's
/// reference), current (A) and time (s): one curve per loop where the header lists more than
/// one, otherwise one per value of the `cycle number` column, otherwise one for the whole table.
pub fn read_mpt(bytes: &[u8]) -> Result<Recording, ImportError> {
    read_mpt_with(bytes, &Columns::default())
}

/// [`read_mpt`] with the potential and current columns chosen by name among
/// [`potential_columns`] and [`current_columns`] of the column line.
pub fn read_mpt_with(bytes: &[u8], columns: &Columns) -> Result<Recording, ImportError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(malformed("The file is empty. Choose the .mpt file EC-Lab wrote with \u{201c}Export as text\u{201d}."));
    }
    if !looks_like_mpt(bytes) {
        return Err(ImportError::NotThisFormat { format: FORMAT });
    }
    let text = decode(bytes);
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();

    let header_count = header_line_count(&lines)?;
    // `lines` ends with an empty string after a final newline; it is no line of the file.
    let file_line_count = if text.ends_with('\n') { lines.len() - 1 } else { lines.len() };
    if header_count > file_line_count {
        return Err(at_line(
            2,
            format!(
                "The header says it is {header_count} lines long, but the file has only {file_line_count} lines: it seems cut short. Export it again from EC-Lab."
            ),
        ));
    }
    let header = &lines[..header_count - 1];
    let column_line = lines[header_count - 1];
    let mut warnings = Vec::new();

    let technique = header.iter().skip(2).map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or("");
    let kind = kind_of(technique);
    let reference = header_value(header, "Reference electrode");
    if reference.is_none() {
        warnings.push(
            "The file does not name its reference electrode (its header has no \u{201c}Reference electrode\u{201d} line): choose the reference before comparing or converting potentials.".to_string(),
        );
    }
    let loops = loop_ranges(header);

    if !column_line.contains('\t') {
        return Err(at_line(
            header_count,
            format!(
                "Line {header_count}, where line 2 (\u{201c}Nb header lines : {header_count}\u{201d}) puts the column names, holds no tab-separated names. The header count may have been edited; export the file again from EC-Lab."
            ),
        ));
    }
    let names: Vec<&str> = column_line.split('\t').map(str::trim).collect();
    let names_len = names.iter().rposition(|n| !n.is_empty()).map_or(0, |last| last + 1);
    let names = &names[..names_len];

    let potential_names = potential_columns(names.iter().copied());
    let current_names = current_columns(names.iter().copied());
    let potential = pick(names, &potential_names, columns.potential.as_deref(), &POTENTIAL)?;
    let current = pick(names, &current_names, columns.current.as_deref(), &CURRENT)?;
    let time = names.iter().position(|n| *n == "time/s");
    let cycle = names.iter().position(|n| *n == "cycle number");
    for column in [&potential, &current] {
        if column.factor != 1.0 {
            warnings.push(format!(
                "The column \u{201c}{}\u{201d} is in {}; its values were converted to {} (× {}).",
                names[column.index],
                column.unit,
                column.si_unit,
                column.factor
            ));
        }
    }

    // Data rows with their line numbers (1-based); blank lines hold nothing and are passed over.
    let rows: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .skip(header_count)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, *l))
        .collect();

    let used: Vec<usize> = [Some(potential.index), Some(current.index), time, cycle].into_iter().flatten().collect();
    let needed = used.iter().max().map_or(0, |m| m + 1);
    let mark = decimal_mark(&rows, &used);
    if mark == DecimalMark::Comma {
        warnings.push("The numbers are written with decimal commas (EC-Lab on a computer set to a French, German or similar locale) and were read as such.".to_string());
    }

    let mut potential_v = Vec::with_capacity(rows.len());
    let mut current_a = Vec::with_capacity(rows.len());
    let mut time_s = Vec::with_capacity(if time.is_some() { rows.len() } else { 0 });
    let mut cycles = Vec::with_capacity(if cycle.is_some() { rows.len() } else { 0 });
    for (position, &(line, row)) in rows.iter().enumerate() {
        let cells: Vec<&str> = row.split('\t').collect();
        // A cut in the last row shows as missing cells; anywhere else they are an error.
        let last = position + 1 == rows.len();
        if cells.len() < needed || (last && cells.len() < names.len()) {
            if last {
                warnings.push(format!(
                    "Line {line}, the last, has {} of the table's {} cells: the file seems cut short there, and the line was left out.",
                    cells.len(),
                    names.len()
                ));
                break;
            }
            return Err(at_line(
                line,
                format!(
                    "Line {line} has {} cells where the column names on line {header_count} need at least {needed}. Correct or delete that line and import again.",
                    cells.len()
                ),
            ));
        }
        let read = |index: usize| -> Result<f64, ImportError> { read_cell(cells[index], names[index], line, mark) };
        potential_v.push(read(potential.index)? * potential.factor);
        current_a.push(read(current.index)? * current.factor);
        if let Some(index) = time {
            time_s.push(read(index)?);
        }
        if let Some(index) = cycle {
            cycles.push(read(index)?);
        }
    }
    if potential_v.is_empty() {
        return Err(malformed(
            "The table has column names but no data rows: the file may have been cut short, or the run stopped before its first point.",
        ));
    }

    let groups = split_into_curves(potential_v.len(), &loops, &cycles, &mut warnings);
    let curves = curves_of(groups, &potential_v, &current_a, time.map(|_| time_s.as_slice()));
    Ok(Recording {
        format: FORMAT,
        kind,
        reference,
        warnings,
        curves,
        potential_column: names[potential.index].to_string(),
        current_column: names[current.index].to_string(),
        potential_columns: potential_names,
        current_columns: current_names,
    })
}

/// The text of the file: UTF-8 where the bytes are valid UTF-8, latin-1 otherwise (every byte
/// is a latin-1 character, so this never fails).
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text).to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

fn malformed(message: &str) -> ImportError {
    ImportError::Malformed { format: FORMAT, message: message.to_string() }
}

fn at_line(line: usize, message: String) -> ImportError {
    ImportError::AtLine { format: FORMAT, line, message }
}

/// N from `Nb header lines : N` on line 2: the line number of the column names.
fn header_line_count(lines: &[&str]) -> Result<usize, ImportError> {
    let line = lines.get(1).copied().unwrap_or("");
    let (key, value) = line.split_once(':').unwrap_or((line, ""));
    if key.trim() != "Nb header lines" {
        return Err(at_line(
            2,
            "Line 2 should say how many header lines there are (\u{201c}Nb header lines : 66\u{201d}), but it does not. Export the file again from EC-Lab with its header.".to_string(),
        ));
    }
    match value.trim().parse::<usize>() {
        Ok(count) if count >= 3 => Ok(count),
        _ => Err(at_line(
            2,
            format!(
                "\u{201c}{}\u{201d} is not a header line count of at least 3 (the magic line, this line and the column names). Export the file again from EC-Lab.",
                value.trim()
            ),
        )),
    }
}

/// Voltammetry or chronoamperometry, from the technique's name on the header's first line.
fn kind_of(technique: &str) -> Kind {
    let lower = technique.to_ascii_lowercase();
    if lower.contains("voltammetry") {
        Kind::Voltammetry
    } else if lower.contains("chronoamperometry") {
        Kind::Chronoamperometry
    } else {
        Kind::Unknown
    }
}

/// The value of a `Key : value` header line, if there is one and it is not empty.
fn header_value(header: &[&str], key: &str) -> Option<String> {
    header.iter().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        (k.trim() == key && !v.trim().is_empty()).then(|| v.trim().to_string())
    })
}

/// A loop as the header lists it (or the .mpr's loop module): its number and its first and last
/// point (0-based data rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LoopRange {
    pub(super) number: usize,
    pub(super) first: usize,
    pub(super) last: usize,
}

/// The `Loop i from point number a to b` lines.
fn loop_ranges(header: &[&str]) -> Vec<LoopRange> {
    header
        .iter()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("Loop ")?;
            let (number, rest) = rest.split_once(" from point number ")?;
            let (first, last) = rest.split_once(" to ")?;
            Some(LoopRange { number: number.trim().parse().ok()?, first: first.trim().parse().ok()?, last: last.trim().parse().ok()? })
        })
        .collect()
}

/// A column chosen for a quantity, with its unit and the factor to SI.
struct Column {
    index: usize,
    unit: &'static str,
    si_unit: &'static str,
    factor: f64,
}

/// A quantity of EC-Lab's columns: the symbols that name it (the first of `preferred` found is
/// the reader's own pick), its units with their factors to SI, and what is missing when none
/// of the preferred columns is there.
pub(super) struct Quantity {
    pub(super) name: &'static str,
    pub(super) symbols: &'static [&'static str],
    pub(super) preferred: &'static [&'static str],
    pub(super) si_unit: &'static str,
    pub(super) units: &'static [(&'static str, f64)],
    pub(super) missing: &'static str,
}

/// Potentials: of the working electrode (`Ewe`, the reader's pick, then `<Ewe>`), the set
/// value (`control/V`), the counter electrode and the cell.
pub(super) const POTENTIAL: Quantity = Quantity {
    name: "potential",
    symbols: &["Ewe", "<Ewe>", "control", "Ece", "<Ece>", "Ewe-Ece", "<Ewe-Ece>", "<E1>", "<E2>", "Estack", "<Estack>"],
    preferred: &["Ewe", "<Ewe>"],
    si_unit: "V",
    units: &[("V", 1.0), ("mV", 1e-3)],
    missing: "potential (Ewe/V or <Ewe>/V)",
};

/// Currents: the averaged `<I>` (the reader's pick), `I`, and the set value `control/mA` (its
/// unit tells it from the `control/V` of a potentiostatic run).
pub(super) const CURRENT: Quantity = Quantity {
    name: "current",
    symbols: &["<I>", "I", "control"],
    preferred: &["<I>", "I"],
    si_unit: "A",
    units: &[("A", 1.0), ("mA", 1e-3), ("µA", 1e-6), ("uA", 1e-6), ("nA", 1e-9)],
    missing: "current (<I>/mA or I/mA)",
};

impl Quantity {
    /// The unit and factor of a column `symbol/unit` of this quantity.
    pub(super) fn unit_of(&self, name: &str) -> Option<(&'static str, f64)> {
        let (symbol, unit) = name.rsplit_once('/')?;
        if !self.symbols.contains(&symbol) {
            return None;
        }
        self.units.iter().find(|(u, _)| *u == unit).copied()
    }
}

/// The names of the potential columns among `names`, in their order.
pub(super) fn potential_columns<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    names.filter(|n| POTENTIAL.unit_of(n).is_some()).map(str::to_string).collect()
}

/// The names of the current columns among `names`, in their order.
pub(super) fn current_columns<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    names.filter(|n| CURRENT.unit_of(n).is_some()).map(str::to_string).collect()
}

/// The reader's own pick among `candidates`: the first preferred symbol found.
pub(super) fn preferred<'a>(quantity: &Quantity, candidates: &'a [String]) -> Option<&'a str> {
    quantity.preferred.iter().find_map(|symbol| {
        candidates.iter().find(|c| c.rsplit_once('/').is_some_and(|(s, _)| s == *symbol)).map(String::as_str)
    })
}

/// The column read for `quantity`: the one chosen, or the reader's own pick.
fn pick(names: &[&str], candidates: &[String], choice: Option<&str>, quantity: &Quantity) -> Result<Column, ImportError> {
    let name = match chosen(FORMAT, quantity.name, choice, candidates)? {
        Some(name) => name,
        None => preferred(quantity, candidates).ok_or(ImportError::MissingColumn { what: quantity.missing })?,
    };
    let index = names.iter().position(|n| *n == name).ok_or(ImportError::MissingColumn { what: quantity.missing })?;
    let (unit, factor) = quantity.unit_of(name).ok_or(ImportError::MissingColumn { what: quantity.missing })?;
    Ok(Column { index, unit, si_unit: quantity.si_unit, factor })
}

/// The decimal mark the table's cells use, by the cells that can only be read one way.
fn decimal_mark(rows: &[(usize, &str)], used: &[usize]) -> DecimalMark {
    let (mut points, mut commas) = (0usize, 0usize);
    for (_, row) in rows.iter().take(VOTING_ROWS) {
        for (index, cell) in row.split('\t').enumerate() {
            if used.contains(&index) {
                match decimal_mark_evidence(cell.trim()) {
                    Some(DecimalMark::Point) => points += 1,
                    Some(DecimalMark::Comma) => commas += 1,
                    None => {}
                }
            }
        }
    }
    if commas > points {
        DecimalMark::Comma
    } else {
        DecimalMark::Point
    }
}

fn read_cell(cell: &str, column: &str, line: usize, mark: DecimalMark) -> Result<f64, ImportError> {
    let text = cell.trim();
    match read_number(text, Context::Table(mark)) {
        Ok(number) if number.value.is_finite() => Ok(number.value),
        Ok(_) => Err(at_line(
            line,
            format!("The \u{201c}{column}\u{201d} cell \u{201c}{text}\u{201d} is not a finite number. Correct or delete that line and import again."),
        )),
        Err(error) => Err(at_line(
            line,
            format!("The \u{201c}{column}\u{201d} cell \u{201c}{text}\u{201d} {error}. Correct or delete that line and import again."),
        )),
    }
}

/// The curves of labelled row ranges of the columns read.
pub(super) fn curves_of(groups: Vec<(String, std::ops::Range<usize>)>, potential_v: &[f64], current_a: &[f64], time_s: Option<&[f64]>) -> Vec<Curve> {
    groups
        .into_iter()
        .map(|(label, range)| Curve {
            label,
            potential_v: potential_v[range.clone()].to_vec(),
            current_a: current_a[range.clone()].to_vec(),
            time_s: time_s.map(|t| t[range].to_vec()),
        })
        .collect()
}

/// Labels and row ranges of the curves: by the header's loops where it lists more than one,
/// otherwise by runs of equal `cycle number`, otherwise one curve of every row.
pub(super) fn split_into_curves(
    row_count: usize,
    loops: &[LoopRange],
    cycles: &[f64],
    warnings: &mut Vec<String>,
) -> Vec<(String, std::ops::Range<usize>)> {
    if loops.len() > 1 {
        let mut curves = Vec::new();
        for (i, range) in loops.iter().enumerate() {
            // A loop runs to the next one's start, so that no row is lost when the header's
            // ranges and the table disagree (a cut file, an edited header).
            let start = if i == 0 { 0 } else { range.first.min(row_count) };
            let end = match loops.get(i + 1) {
                Some(next) => next.first.min(row_count),
                None => row_count,
            };
            if start < end {
                curves.push((format!("loop {}", range.number), start..end));
            }
        }
        let listed = loops.last().map_or(0, |l| l.last.saturating_add(1));
        if listed != row_count || loops.windows(2).any(|w| w[1].first < w[0].first) || loops[0].first != 0 {
            warnings.push(format!(
                "The header's loops cover points 0 to {}, but the table has {row_count} points: the curves follow the loops' starting points, and the last runs to the end of the table.",
                listed.saturating_sub(1)
            ));
        }
        if curves.is_empty() {
            curves.push(("all points".to_string(), 0..row_count));
        }
        if cycles.windows(2).any(|w| w[0] != w[1]) {
            warnings.push(format!(
                "The table is split by the header's {} loops; its \u{201c}cycle number\u{201d} column also changes, and was not used to split it.",
                loops.len()
            ));
        }
        return curves;
    }
    if cycles.len() == row_count && row_count > 0 {
        let mut curves = Vec::new();
        let mut start = 0;
        for i in 1..=row_count {
            if i == row_count || cycles[i] != cycles[start] {
                curves.push((format!("cycle {}", number_label(cycles[start])), start..i));
                start = i;
            }
        }
        return curves;
    }
    vec![("all points".to_string(), 0..row_count)]
}

/// A cycle number as written for people: `3`, not `3.0`.
fn number_label(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LSV: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/instruments/biologic_lsv_spAg_SP240_yadg.mpt"));
    const CV: &[u8] =
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/instruments/biologic_cva_Pt-poly_decimal-comma_ixdat.mpt"));
    const CA: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/instruments/biologic_ca_decimal-comma_yadg.mpt"));

    /// Values are compared to the decimal text of the file; the reader is correctly rounded,
    /// and the ×1e-3 of mA → A adds at most an ulp or two, so a relative 1e-15 is ample.
    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() <= 1e-15 * expected.abs().max(1e-300)
    }

    fn assert_close(actual: f64, expected: f64) {
        assert!(close(actual, expected), "{actual} is not {expected}");
    }

    /// A small synthetic export: three header lines, the given column line and rows.
    fn synthetic(columns: &str, rows: &[&str], newline: &str) -> String {
        let mut text = format!("EC-Lab ASCII FILE{newline}Nb header lines : 5{newline}{newline}Linear Sweep Voltammetry{newline}{columns}");
        for row in rows {
            text.push_str(newline);
            text.push_str(row);
        }
        text.push_str(newline);
        text
    }

    #[test]
    fn detects_by_first_line() {
        assert!(looks_like_mpt(LSV) && looks_like_mpt(CV) && looks_like_mpt(CA));
        assert!(looks_like_mpt(b"BT-Lab ASCII FILE\r\nNb header lines : 3\r\n"));
        assert!(looks_like_mpt(b"\xEF\xBB\xBFEC-Lab ASCII FILE\n"));
        assert!(!looks_like_mpt(b""));
        assert!(!looks_like_mpt(b"EXPLAIN\r\nTAG\tLSV\r\n"));
        assert!(!looks_like_mpt(b"BIO-LOGIC MODULAR FILE\x1a"));
        assert!(matches!(read_mpt(b"EXPLAIN\nTAG\tLSV\n"), Err(ImportError::NotThisFormat { .. })));
    }

    #[test]
    fn lsv_in_milliamperes_with_reference() {
        let recording = read_mpt(LSV).unwrap();
        assert_eq!(recording.format, FORMAT);
        assert_eq!(recording.kind, Kind::Voltammetry); // line 4: "Linear Sweep Voltammetry"
        // Line 31: "Reference electrode : SCE Saturated Calomel Electrode (0.241 V)".
        assert_eq!(recording.reference.as_deref(), Some("SCE Saturated Calomel Electrode (0.241 V)"));
        assert_eq!(recording.curves.len(), 1);
        let curve = &recording.curves[0];
        assert_eq!(curve.label, "all points");
        // Lines 67 to 1252 (no final newline): 1186 rows.
        assert_eq!(curve.potential_v.len(), 1186);
        assert_eq!(curve.current_a.len(), 1186);
        let time = curve.time_s.as_ref().unwrap();
        assert_eq!(time.len(), 1186);
        // Line 67: time/s 4.799999878741801E-002, Ewe/V -2.4618463E-001, <I>/mA -6.556889057159424E+000.
        assert_close(time[0], 4.799999878741801E-002);
        assert_close(curve.potential_v[0], -2.4618463E-001);
        assert_close(curve.current_a[0], -6.556889057159424E-003);
        // Line 1252: time/s 1.972071950181271E+002, Ewe/V -4.0008063E+000, <I>/mA -1.195750350952148E+002.
        assert_close(time[1185], 1.972071950181271E+002);
        assert_close(curve.potential_v[1185], -4.0008063E+000);
        assert_close(curve.current_a[1185], -1.195750350952148E-001);
        assert!(recording.warnings.iter().any(|w| w.contains("<I>/mA") && w.contains("converted to A")), "{:?}", recording.warnings);
        assert!(!recording.warnings.iter().any(|w| w.contains("decimal comma")));
    }

    #[test]
    fn cv_with_decimal_comma_split_by_cycle() {
        let recording = read_mpt(CV).unwrap();
        assert_eq!(recording.kind, Kind::Voltammetry); // line 4: "Cyclic Voltammetry Advanced"
        assert_eq!(recording.reference, None); // no "Reference electrode" line in this header
        assert!(recording.warnings.iter().any(|w| w.contains("does not name its reference")));
        let labels: Vec<&str> = recording.curves.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["cycle 1", "cycle 2", "cycle 3", "cycle 4", "cycle 5"]);
        let counts: Vec<usize> = recording.curves.iter().map(|c| c.potential_v.len()).collect();
        assert_eq!(counts, [48, 52, 52, 52, 19]);
        let (first, last) = (&recording.curves[0], &recording.curves[4]);
        // Line 74: time/s 3,289600104471901E+000, Ewe/V 8,7869531E-001, <I>/mA -2,604324994466466E-003.
        assert_close(first.time_s.as_ref().unwrap()[0], 3.289600104471901);
        assert_close(first.potential_v[0], 0.87869531);
        assert_close(first.current_a[0], -2.604324994466466E-6);
        // Line 121, the last of cycle 1: Ewe/V 9,9230069E-001; line 122 starts cycle 2 at 9,3099779E-001.
        assert_close(first.potential_v[47], 0.99230069);
        assert_close(recording.curves[1].potential_v[0], 0.93099779);
        // Line 296, the last: time/s 1,518101963525260E+002, Ewe/V 1,5471299E-001, <I>/mA 1,777131863198953E-002.
        assert_close(last.time_s.as_ref().unwrap()[18], 151.810196352526);
        assert_close(last.potential_v[18], 0.15471299);
        assert_close(last.current_a[18], 1.777131863198953E-5);
        assert!(recording.warnings.iter().any(|w| w.contains("decimal commas")), "{:?}", recording.warnings);
    }

    #[test]
    fn ca_with_decimal_comma_split_by_loop() {
        let recording = read_mpt(CA).unwrap();
        assert_eq!(recording.kind, Kind::Chronoamperometry); // line 4: "Chronoamperometry / Chronocoulometry"
        assert_eq!(recording.reference, None);
        // Lines 67 to 70: "Loop 0 from point number 0 to 19" … "Loop 3 from point number 60 to 79".
        let labels: Vec<&str> = recording.curves.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["loop 0", "loop 1", "loop 2", "loop 3"]);
        assert!(recording.curves.iter().all(|c| c.potential_v.len() == 20 && c.current_a.len() == 20));
        let first = &recording.curves[0];
        // Line 73: time/s 2,065059947832196E+001, Ewe/V 3,4241872E+000, <I>/mA 9,693702445496222E-003.
        assert_close(first.time_s.as_ref().unwrap()[0], 20.65059947832196);
        assert_close(first.potential_v[0], 3.4241872);
        assert_close(first.current_a[0], 9.693702445496222E-6);
        // Line 92, the last of loop 0: time/s 3,010259923954436E+001.
        assert_close(first.time_s.as_ref().unwrap()[19], 30.10259923954436);
        // Line 152, the last: time/s 6,299353971363016E+002, Ewe/V 3,4431317E+000, <I>/mA 1,332343220587126E-002.
        let last = &recording.curves[3];
        assert_close(last.time_s.as_ref().unwrap()[19], 629.9353971363016);
        assert_close(last.potential_v[19], 3.4431317);
        assert_close(last.current_a[19], 1.332343220587126E-5);
        // Its cycle number steps one row after each loop starts (line 94), so it is reported, not used.
        assert!(recording.warnings.iter().any(|w| w.contains("cycle number")), "{:?}", recording.warnings);
        assert!(recording.warnings.iter().any(|w| w.contains("converted to A")));
    }

    #[test]
    fn crlf_and_lf_read_alike() {
        let rows = ["0.1\t1.0\t0.5", "0.2\t2.0\t0.6"];
        let lf = read_mpt(synthetic("time/s\tEwe/V\tI/mA", &rows, "\n").as_bytes()).unwrap();
        let crlf = read_mpt(synthetic("time/s\tEwe/V\tI/mA", &rows, "\r\n").as_bytes()).unwrap();
        assert_eq!(lf, crlf);
        assert_eq!(lf.curves[0].potential_v, [1.0, 2.0]);
        assert_close(lf.curves[0].current_a[1], 0.6e-3);
        assert!(lf.warnings.iter().any(|w| w.contains("\u{201c}I/mA\u{201d}")));
    }

    #[test]
    fn control_is_a_potential_in_volts_and_a_current_in_amperes() {
        let text = synthetic("time/s\tcontrol/mA\tEwe/mV\tI/µA\t<I>/mA\tEce/V\t|Ewe|/V\tcontrol/V/mA", &["0.1\t2.5\t1500\t7\t0.5\t-0.3\t9\t9"], "\n");
        let r = read_mpt(text.as_bytes()).unwrap();
        assert_eq!(r.potential_columns, ["Ewe/mV", "Ece/V"]);
        assert_eq!(r.current_columns, ["control/mA", "I/µA", "<I>/mA"]);
        assert_eq!((r.potential_column.as_str(), r.current_column.as_str()), ("Ewe/mV", "<I>/mA"));
        assert_close(r.curves[0].potential_v[0], 1.5);
        assert_close(r.curves[0].current_a[0], 0.5e-3);
        let chosen = Columns { potential: Some("Ece/V".into()), current: Some("control/mA".into()) };
        let r = read_mpt_with(text.as_bytes(), &chosen).unwrap();
        assert_eq!((r.curves[0].potential_v[0], r.curves[0].current_a[0]), (-0.3, 2.5e-3));
        assert!(r.warnings.iter().any(|w| w.contains("\u{201c}control/mA\u{201d} is in mA")), "{:?}", r.warnings);
        assert!(!r.warnings.iter().any(|w| w.contains("Ewe/mV")), "{:?}", r.warnings);
        let bad = Columns { potential: Some("control/mA".into()), current: None };
        assert!(matches!(read_mpt_with(text.as_bytes(), &bad), Err(ImportError::NoSuchColumn { quantity: "potential", .. })));
    }

    #[test]
    fn latin1_and_utf8_read_alike() {
        let utf8 = synthetic("Ewe/V\t<I>/µA", &["1,5\t2,0"], "\n").replace("Linear", "Reference electrode : Ag/AgCl µ-cell\nLinear");
        let utf8 = utf8.replace("Nb header lines : 5", "Nb header lines : 6");
        let latin1: Vec<u8> = utf8.chars().map(|c| c as u32 as u8).collect();
        assert!(latin1.contains(&0xB5));
        let a = read_mpt(utf8.as_bytes()).unwrap();
        let b = read_mpt(&latin1).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.reference.as_deref(), Some("Ag/AgCl µ-cell"));
        assert_eq!(a.curves[0].potential_v, [1.5]);
        assert_close(a.curves[0].current_a[0], 2.0e-6);
        assert_eq!(a.curves[0].time_s, None);
        assert_eq!(a.kind, Kind::Unknown); // the technique line here is the reference line
    }

    #[test]
    fn truncated_last_row_is_left_out_and_said() {
        let text = synthetic("time/s\tEwe/V\tI/mA\tP/W", &["0.1\t1.0\t0.5\t0", "0.2\t2.0"], "\n");
        let recording = read_mpt(text.as_bytes()).unwrap();
        assert_eq!(recording.curves[0].potential_v, [1.0]);
        assert!(recording.warnings.iter().any(|w| w.contains("Line 7") && w.contains("cut short")), "{:?}", recording.warnings);
        // The same short row before the end is an error naming it.
        let text = synthetic("time/s\tEwe/V\tI/mA", &["0.2\t2.0", "0.1\t1.0\t0.5"], "\n");
        assert!(matches!(read_mpt(text.as_bytes()), Err(ImportError::AtLine { line: 6, .. })));
    }

    #[test]
    fn header_count_beyond_the_file() {
        let text = synthetic("Ewe/V\tI/mA", &["1\t2"], "\n").replace("Nb header lines : 5", "Nb header lines : 66");
        let error = read_mpt(text.as_bytes()).unwrap_err();
        assert!(matches!(error, ImportError::AtLine { line: 2, .. }), "{error}");
        assert!(error.to_string().contains("66 lines long") && error.to_string().contains("only 6 lines"), "{error}");
        // The real LSV cut after its 40th line, inside the 66-line header.
        let end = LSV.iter().enumerate().filter(|(_, &b)| b == b'\n').nth(39).unwrap().0 + 1;
        let error = read_mpt(&LSV[..end]).unwrap_err();
        assert!(error.to_string().contains("66 lines long, but the file has only 40 lines"), "{error}");
    }

    #[test]
    fn non_numeric_cell_names_its_line_and_column() {
        let text = synthetic("Ewe/V\tI/mA", &["1.0\t2.0", "1.1\tabc"], "\n");
        let error = read_mpt(text.as_bytes()).unwrap_err();
        assert!(matches!(error, ImportError::AtLine { line: 7, .. }), "{error}");
        let message = error.to_string();
        assert!(message.contains("line 7") && message.contains("I/mA") && message.contains("abc"), "{message}");
    }

    #[test]
    fn empty_and_headerless_inputs() {
        assert!(matches!(read_mpt(b""), Err(ImportError::Malformed { .. })));
        assert!(matches!(read_mpt(b"  \r\n"), Err(ImportError::Malformed { .. })));
        assert!(matches!(read_mpt(b"EC-Lab ASCII FILE\n"), Err(ImportError::AtLine { line: 2, .. })));
        assert!(matches!(read_mpt(b"EC-Lab ASCII FILE\nNb header lines : x\n"), Err(ImportError::AtLine { line: 2, .. })));
        let no_rows = synthetic("Ewe/V\tI/mA", &[], "\n");
        assert!(matches!(read_mpt(no_rows.as_bytes()), Err(ImportError::Malformed { .. })));
        let no_current = synthetic("Ewe/V\tQ/C", &["1\t2"], "\n");
        assert!(matches!(read_mpt(no_current.as_bytes()), Err(ImportError::MissingColumn { .. })));
        let not_columns = synthetic("Ewe/V I/mA", &["1\t2"], "\n");
        assert!(matches!(read_mpt(not_columns.as_bytes()), Err(ImportError::AtLine { line: 5, .. })));
    }

    #[test]
    fn no_panic_on_any_truncation_or_corruption() {
        for file in [LSV, CV, CA] {
            for end in (0..file.len()).step_by(file.len() / 300).chain([file.len()]) {
                let _ = read_mpt(&file[..end]);
                let _ = looks_like_mpt(&file[..end]);
            }
        }
        // Bytes overwritten with characters that mean something to the reader.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..300 {
            let mut bytes = CV.to_vec();
            for _ in 0..4 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = (seed as usize) % bytes.len();
                let specials = b"\t\n\r,.:9-\xB5 ";
                bytes[at] = specials[(seed >> 32) as usize % specials.len()];
            }
            if let Ok(recording) = read_mpt(&bytes) {
                for curve in &recording.curves {
                    assert_eq!(curve.potential_v.len(), curve.current_a.len());
                    assert!(curve.potential_v.iter().chain(&curve.current_a).all(|v| v.is_finite()));
                }
            }
        }
    }
}
