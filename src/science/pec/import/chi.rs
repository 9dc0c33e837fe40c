//! CH Instruments text exports (CHI 6xx/7xx "Save As … Text"): a date line, the technique's
//! name, `Key (unit) = value` parameters, `Results:`, and a table `Potential/V, Current/A` (or
//! `Time/sec, Current/A` for an i–t curve) with comma-and-space delimiters. The file records no
//! sign convention (CHI can export either), so the current is taken as exported and the
//! warnings say so; a CV's segments are not marked in the table, so it is split where the
//! sweep reverses.

use super::{chosen, Columns, Curve, ImportError, Kind, Recording};

pub(crate) const FORMAT: &str = "CH Instruments text export";

/// Whether the bytes look like a CHI text export: an `Instrument Model:  CHI…` line near the
/// top and a `…/V, Current/A` or `Time/sec, Current/A` column line.
pub fn looks_like_chi(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    head.lines().take(12).any(|l| l.trim_start().starts_with("Instrument Model:") && l.contains("CHI"))
        || (head.contains("Results:") && (head.contains("Potential/V, Current/A") || head.contains("Time/sec, Current/A")))
}

/// Reads a CHI text export.
pub fn read_chi(bytes: &[u8]) -> Result<Recording, ImportError> {
    read_chi_with(bytes, &Columns::default())
}

/// [`read_chi`] with a choice of columns: a CHI table has one of each (`Potential/V`,
/// `Current/A`; an i–t curve has no potential column, its potential is the header's
/// `Init E (V)`), so only those names are accepted.
pub fn read_chi_with(bytes: &[u8], choice: &Columns) -> Result<Recording, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Malformed { format: FORMAT, message: "the file is empty.".into() });
    }
    // CHI writes ASCII; a byte beyond it (a path with accents) is read as Latin-1.
    let text: String = bytes.iter().map(|&b| b as char).collect();
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let technique = lines.get(1).map(|l| l.trim()).unwrap_or("");
    let header = lines
        .iter()
        .position(|l| {
            let l = l.trim();
            l.starts_with("Potential/V") || l.starts_with("Time/sec")
        })
        .ok_or(ImportError::MissingColumn { what: "Potential/V or Time/sec" })?;
    let columns: Vec<&str> = lines[header].split(',').map(str::trim).collect();
    if columns.get(1) != Some(&"Current/A") {
        return Err(ImportError::AtLine { format: FORMAT, line: header + 1, message: format!("the columns are “{}”, not “…, Current/A”.", lines[header].trim()) });
    }
    let timed = columns[0] == "Time/sec";
    let potential_columns: Vec<String> = if timed { Vec::new() } else { vec![columns[0].to_string()] };
    let current_columns = vec![columns[1].to_string()];
    chosen(FORMAT, "potential", choice.potential.as_deref(), &potential_columns)?;
    chosen(FORMAT, "current", choice.current.as_deref(), &current_columns)?;
    let current_column = columns[1].to_string();
    let mut first = Vec::new();
    let mut current = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(header + 1) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut cells = line.split(',').map(str::trim);
        let mut number = |what: &str| -> Result<f64, ImportError> {
            let cell = cells.next().unwrap_or("");
            cell.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| ImportError::AtLine {
                format: FORMAT,
                line: i + 1,
                message: format!("the {what} “{}” is not a number.", cell.chars().take(24).collect::<String>()),
            })
        };
        first.push(number(if timed { "time" } else { "potential" })?);
        current.push(number("current")?);
    }
    if first.is_empty() {
        return Err(ImportError::Malformed { format: FORMAT, message: format!("the table after line {} holds no data.", header + 1) });
    }
    let mut warnings = vec!["CH Instruments files do not record the current's sign convention: the current is taken as exported. Check that anodic current is positive (the software can export either).".to_string()];
    if timed {
        // An i–t curve at one potential: the initial potential of the parameters.
        let held = lines.iter().find_map(|l| l.trim().strip_prefix("Init E (V) =").and_then(|v| v.trim().parse::<f64>().ok()));
        if held.is_none() {
            warnings.push("The held potential (Init E) is not in the header: the potential is left at 0 V.".into());
        }
        let curve = Curve { label: "i–t".into(), potential_v: vec![held.unwrap_or(0.0); first.len()], current_a: current, time_s: Some(first) };
        return Ok(Recording {
            format: FORMAT,
            kind: Kind::Chronoamperometry,
            reference: None,
            warnings,
            curves: vec![curve],
            potential_columns,
            current_columns,
            potential_column: "Init E (V)".into(),
            current_column,
        });
    }
    let kind = if technique.contains("Voltammetry") || technique.contains("Tafel") { Kind::Voltammetry } else { Kind::Unknown };
    // Split where the sweep reverses: the vertex ends the segment that reached it.
    let mut curves = Vec::new();
    let mut start = 0;
    for i in 1..first.len() {
        let before = first[i] - first[i - 1];
        let after = first.get(i + 1).map(|next| next - first[i]);
        if let Some(after) = after {
            if before != 0.0 && after != 0.0 && (before > 0.0) != (after > 0.0) {
                curves.push((start, i + 1));
                start = i + 1;
            }
        }
    }
    curves.push((start, first.len()));
    if curves.len() > 1 {
        warnings.push(format!("The sweep reverses {} times: split into {} segments where it does (the file does not mark them).", curves.len() - 1, curves.len()));
    }
    let curves = curves
        .into_iter()
        .enumerate()
        .map(|(k, (a, b))| Curve { label: format!("segment {}", k + 1), potential_v: first[a..b].to_vec(), current_a: current[a..b].to_vec(), time_s: None })
        .collect();
    let potential_column = columns[0].to_string();
    Ok(Recording { format: FORMAT, kind, reference: None, warnings, curves, potential_columns, current_columns, potential_column, current_column })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/../shared/data/instruments/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn the_lsv_export_reads_whole() {
        let bytes = file("chi760e_lsv_her.txt");
        assert!(looks_like_chi(&bytes));
        let r = read_chi(&bytes).unwrap();
        assert_eq!((r.kind, r.curves.len()), (Kind::Voltammetry, 1));
        let c = &r.curves[0];
        // SOURCES.md: 500 points from −0.200 to −0.699 V; line 22 "-0.200, 8.053e-6", the last
        // line "-0.699, -3.679e-3"; the cathodic current negative.
        assert_eq!(c.potential_v.len(), 500);
        assert_eq!((c.potential_v[0], c.current_a[0]), (-0.2, 8.053e-6));
        assert_eq!((c.potential_v[499], c.current_a[499]), (-0.699, -3.679e-3));
        assert!(r.warnings[0].contains("sign convention"));
    }

    #[test]
    fn the_cv_export_splits_where_the_sweep_reverses() {
        let r = read_chi(&file("chi760e_cv_her.txt")).unwrap();
        // 1400 rows (lines 28–1427): up from −0.500 to the vertex 0.200 (line 728, 701 rows),
        // then back from 0.199 to −0.499 (699 rows).
        assert_eq!(r.curves.len(), 2);
        assert_eq!(r.curves[0].potential_v.len(), 701);
        assert_eq!(r.curves[1].potential_v.len(), 699);
        assert_eq!((r.curves[0].potential_v[0], r.curves[0].current_a[0]), (-0.5, -4.214e-4));
        assert_eq!((r.curves[0].potential_v[700], r.curves[0].current_a[700]), (0.2, 3.507e-5));
        assert_eq!((r.curves[1].potential_v[0], r.curves[1].current_a[0]), (0.199, 2.351e-5));
        assert_eq!(r.curves[1].potential_v[698], -0.499);
    }

    #[test]
    fn broken_files_say_where_and_nothing_panics() {
        let bytes = file("chi760e_lsv_her.txt");
        let text = String::from_utf8_lossy(&bytes).replace("-0.250, ", "-0.2x0, ");
        match read_chi(text.as_bytes()) {
            Err(ImportError::AtLine { line, message, .. }) => assert!(line > 20 && message.contains("-0.2x0"), "{line}: {message}"),
            other => panic!("{other:?}"),
        }
        assert!(read_chi(b"").is_err());
        assert!(matches!(read_chi(b"hello\nworld\n"), Err(ImportError::MissingColumn { .. })));
        // LF instead of CRLF reads the same.
        let lf = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
        assert_eq!(read_chi(lf.as_bytes()).unwrap(), read_chi(&bytes).unwrap());
        // Every truncation is an error or a recording, never a panic.
        for cut in (0..bytes.len()).step_by(97) {
            let _ = read_chi(&bytes[..cut]);
        }
        // An i–t curve holds its potential from the header.
        let it = "May 1, 2024\r\nAmperometric i-t Curve\r\nInstrument Model:  CHI660E\r\nInit E (V) = 0.6\r\nResults:\r\n\r\nTime/sec, Current/A\r\n\r\n0.1, 1.0e-6\r\n0.2, 1.1e-6\r\n";
        let r = read_chi(it.as_bytes()).unwrap();
        assert_eq!(r.kind, Kind::Chronoamperometry);
        assert_eq!(r.curves[0].potential_v, vec![0.6, 0.6]);
        assert_eq!(r.curves[0].time_s.as_deref(), Some(&[0.1, 0.2][..]));
    }
}
