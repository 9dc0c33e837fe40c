//! Generic CSV/TSV tables of potential and current with units in the headers (`E/V`,
//! `Potential (mV)`, `I (mA)`, `Current/µA`, `j (mA/cm2)`, `time/s`), read with the project's
//! one table reader (`science::read::table`: delimiter, decimal mark, header). Units are
//! converted to V, A and s, and every conversion is said.

use super::{chosen, Columns, Curve, ImportError, Kind, Recording};
use crate::science::read::table::{Header, Table};

pub(crate) const FORMAT: &str = "CSV/TSV table";

/// What a header names, and the factor to V, A (A cm⁻² for a density) or s.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Potential(f64),
    Current(f64),
    Density(f64),
    Time(f64),
}

/// Reads a header as one of the quantities, by its name and unit.
fn classify(header: &Header) -> Option<Column> {
    let name = header.name.trim().trim_start_matches('<').trim_end_matches('>').to_ascii_lowercase();
    let unit = header.unit.as_deref().unwrap_or("").trim().replace(['µ', 'μ'], "u").replace(' ', "").replace("^2", "2").replace('²', "2");
    let unit = unit.as_str();
    let potential_names = ["e", "ewe", "e_we", "potential", "voltage", "v", "u", "e vs ref", "vf"];
    let current_names = ["i", "current", "im", "i_we"];
    let density_names = ["j", "current density", "jv"];
    let time_names = ["t", "time", "elapsed time"];
    let per_cm2 = |u: &str| u.strip_suffix("/cm2").or_else(|| u.strip_suffix("cm-2")).map(str::to_string);
    if potential_names.contains(&name.as_str()) || name.starts_with("potential") || name.starts_with("voltage") {
        return match unit {
            "V" | "" => Some(Column::Potential(1.0)),
            "mV" => Some(Column::Potential(1e-3)),
            _ => None,
        };
    }
    let amps = |u: &str| match u {
        "A" => Some(1.0),
        "mA" => Some(1e-3),
        "uA" => Some(1e-6),
        "nA" => Some(1e-9),
        _ => None,
    };
    if let Some(base) = per_cm2(unit) {
        if current_names.contains(&name.as_str()) || density_names.contains(&name.as_str()) || name.starts_with("current") {
            return amps(&base).map(Column::Density);
        }
    }
    if current_names.contains(&name.as_str()) || name.starts_with("current") {
        return amps(if unit.is_empty() { "A" } else { unit }).map(Column::Current);
    }
    if density_names.contains(&name.as_str()) {
        return amps(unit).map(Column::Density);
    }
    if time_names.contains(&name.as_str()) {
        return match unit {
            "s" | "sec" | "" => Some(Column::Time(1.0)),
            "ms" => Some(Column::Time(1e-3)),
            "min" => Some(Column::Time(60.0)),
            "h" => Some(Column::Time(3600.0)),
            _ => None,
        };
    }
    None
}

/// Reads a CSV/TSV table of potential and current. Without headers, two columns are taken as
/// potential (V) and current (A) when `bare_two_columns` allows it (a table the user said is
/// J–V data), and the warnings say so; telling a file's format by its content does not.
pub fn read_table(text: &str, bare_two_columns: bool) -> Result<Recording, ImportError> {
    read_table_with(text, bare_two_columns, &Columns::default())
}

/// [`read_table`] with the potential and current columns chosen by their header text among
/// every header read as a potential, and every one read as a current or a current density
/// (the reader's own pick is the first of each).
pub fn read_table_with(text: &str, bare_two_columns: bool, choice: &Columns) -> Result<Recording, ImportError> {
    let table = Table::read(text).map_err(|e| ImportError::Malformed { format: FORMAT, message: e.to_string() })?;
    let mut warnings = Vec::new();
    let mut time = None;
    let mut potentials: Vec<(usize, f64, String)> = Vec::new();
    let mut currents: Vec<(usize, Column, String)> = Vec::new();
    for (i, header) in table.headers.iter().enumerate() {
        match classify(header) {
            Some(Column::Potential(f)) => potentials.push((i, f, header.text.clone())),
            Some(c @ (Column::Current(_) | Column::Density(_))) => currents.push((i, c, header.text.clone())),
            Some(Column::Time(f)) if time.is_none() => time = Some((i, f, header.text.clone())),
            _ => {}
        }
    }
    if bare_two_columns && table.headers.is_empty() && table.rows.first().is_some_and(|r| r.1.len() == 2) {
        potentials = vec![(0, 1.0, "column 1".into())];
        currents = vec![(1, Column::Current(1.0), "column 2".into())];
        warnings.push("The table has no header: column 1 is read as the potential in V and column 2 as the current in A.".into());
    }
    if potentials.is_empty() {
        return Err(ImportError::MissingColumn { what: "potential (E/V, Potential (mV), …)" });
    }
    if currents.is_empty() {
        return Err(ImportError::MissingColumn { what: "current (I/A, I (mA), j (mA/cm2), …)" });
    }
    let potential_columns: Vec<String> = potentials.iter().map(|p| p.2.clone()).collect();
    let current_columns: Vec<String> = currents.iter().map(|c| c.2.clone()).collect();
    let p_pick = chosen(FORMAT, "potential", choice.potential.as_deref(), &potential_columns)?;
    let c_pick = chosen(FORMAT, "current", choice.current.as_deref(), &current_columns)?;
    let (p_col, p_factor, p_name) = p_pick.and_then(|name| potentials.iter().find(|p| p.2 == name)).unwrap_or(&potentials[0]).clone();
    let (c_col, c_kind, c_name) = c_pick.and_then(|name| currents.iter().find(|c| c.2 == name)).unwrap_or(&currents[0]).clone();
    let mut columns = vec![p_col, c_col];
    if let Some((t, _, _)) = &time {
        columns.push(*t);
    }
    let (values, notes) = table.numbers(&columns).map_err(|message| ImportError::Malformed { format: FORMAT, message })?;
    warnings.extend(notes);
    if p_factor != 1.0 {
        warnings.push(format!("“{p_name}” is in mV: converted to V."));
    }
    let c_factor = match c_kind {
        Column::Current(f) => {
            if f != 1.0 {
                warnings.push(format!("“{c_name}” converted to A."));
            }
            f
        }
        Column::Density(f) => {
            warnings.push(format!("“{c_name}” is a current density: read as the current of 1 cm² (in A); give the electrode's area to scale it."));
            f
        }
        _ => 1.0,
    };
    // A row needs both a potential and a current; rows with a gap are left out and counted.
    let mut curve = Curve { label: "table".into(), potential_v: Vec::new(), current_a: Vec::new(), time_s: time.as_ref().map(|_| Vec::new()) };
    let mut gaps = 0;
    for (k, (&e, &i)) in values[0].iter().zip(&values[1]).enumerate() {
        if !(e.is_finite() && i.is_finite()) {
            gaps += 1;
            continue;
        }
        curve.potential_v.push(e * p_factor);
        curve.current_a.push(i * c_factor);
        if let (Some(times), Some((_, f, _))) = (curve.time_s.as_mut(), &time) {
            times.push(values[2][k] * f);
        }
    }
    if gaps > 0 {
        warnings.push(format!("{gaps} rows without a potential or a current were left out."));
    }
    if curve.potential_v.is_empty() {
        return Err(ImportError::Malformed { format: FORMAT, message: "no row holds both a potential and a current.".into() });
    }
    let kind = if curve.potential_v.windows(2).any(|w| w[0] != w[1]) { Kind::Voltammetry } else if time.is_some() { Kind::Chronoamperometry } else { Kind::Unknown };
    Ok(Recording {
        format: FORMAT,
        kind,
        reference: None,
        warnings,
        curves: vec![curve],
        potential_columns,
        current_columns,
        potential_column: p_name,
        current_column: c_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_headers_are_converted_and_said() {
        let r = read_table("Potential (mV),I (mA),time/s\n-200,1.5,0\n-190,2.5,1\n", false).unwrap();
        let c = &r.curves[0];
        assert_eq!(c.potential_v, vec![-0.2, -0.19]);
        assert_eq!(c.current_a, vec![1.5e-3, 2.5e-3]);
        assert_eq!(c.time_s.as_deref(), Some(&[0.0, 1.0][..]));
        assert_eq!(r.kind, Kind::Voltammetry);
        assert!(r.warnings.iter().any(|w| w.contains("mV")) && r.warnings.iter().any(|w| w.contains("converted to A")));
    }

    #[test]
    fn tabs_decimal_commas_microamps_and_densities() {
        let r = read_table("E/V\tI/µA\n0,1\t5,0\n0,2\t7,5\n", false).unwrap();
        assert_eq!(r.curves[0].potential_v, vec![0.1, 0.2]);
        assert!((r.curves[0].current_a[1] - 7.5e-6).abs() < 1e-18);
        let d = read_table("E (V); j (mA/cm2)\n0,1; -0,15\n0,2; -0,30\n", false).unwrap();
        assert!((d.curves[0].current_a[0] - -0.15e-3).abs() < 1e-15);
        assert!(d.warnings.iter().any(|w| w.contains("current density")));
    }

    #[test]
    fn what_cannot_be_read_is_said() {
        assert!(matches!(read_table("wavelength (nm),A\n400,0.1\n410,0.2\n", true), Err(ImportError::MissingColumn { .. })));
        assert!(read_table("", true).is_err());
        let bare = read_table("0.1\t1e-6\n0.2\t2e-6\n", true).unwrap();
        assert!(read_table("0.1\t1e-6\n0.2\t2e-6\n", false).is_err());
        assert!(bare.warnings[0].contains("no header"));
        let gaps = read_table("E/V,I/A\n0.1,1e-6\n0.2,\n0.3,3e-6\n", false).unwrap();
        assert_eq!(gaps.curves[0].potential_v.len(), 2);
    }
}
