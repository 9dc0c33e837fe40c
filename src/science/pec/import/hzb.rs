//! The HZB solar simulator's multi-pixel J–V text (a solar-cell tester, not a potentiostat):
//! `key<TAB>value` header with the cell areas as a list, a table of fit results between `--`
//! lines, then paired columns `Voltage (V)_<pixel>_<sweep>_<light>` and
//! `Current Density(mA/cm^2)_<pixel>_<sweep>_<light>`, one pair per pixel, sweep and
//! illumination. Each pair is one curve; the density times its pixel's area gives the current.

use super::{chosen, Columns, Curve, ImportError, Kind, Recording};

pub(crate) const FORMAT: &str = "HZB solar-simulator J–V text";
const VOLTAGE: &str = "Voltage (V)_";
const DENSITY: &str = "Current Density(mA/cm^2)_";

/// Whether the bytes look like the HZB J–V text: a `Cell area(cm^2)` header line and a
/// `Voltage (V)_` column.
pub fn looks_like_hzb(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(65536)]);
    text.contains("Cell area(cm^2)") && text.contains(VOLTAGE)
}

/// The names of the potential and the current columns of every pixel, without the pixel's
/// `_<pixel>_<sweep>_<light>`.
const POTENTIAL_COLUMN: &str = "Voltage (V)";
const CURRENT_COLUMN: &str = "Current Density(mA/cm^2)";

/// Reads the HZB J–V text into one curve per pixel, sweep and illumination.
pub fn read_hzb(bytes: &[u8]) -> Result<Recording, ImportError> {
    read_hzb_with(bytes, &Columns::default())
}

/// [`read_hzb`] with a choice of columns: each pixel has one voltage and one current-density
/// column, named here without the pixel (`Voltage (V)`, `Current Density(mA/cm^2)`), so only
/// those names are accepted.
pub fn read_hzb_with(bytes: &[u8], choice: &Columns) -> Result<Recording, ImportError> {
    let potential_columns = vec![POTENTIAL_COLUMN.to_string()];
    let current_columns = vec![CURRENT_COLUMN.to_string()];
    chosen(FORMAT, "potential", choice.potential.as_deref(), &potential_columns)?;
    chosen(FORMAT, "current", choice.current.as_deref(), &current_columns)?;
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let areas: Vec<f64> = lines
        .iter()
        .find_map(|l| l.strip_prefix("Cell area(cm^2)"))
        .map(|v| v.trim().trim_start_matches('[').trim_end_matches(']').split(',').filter_map(|a| a.trim().parse::<f64>().ok()).collect())
        .unwrap_or_default();
    let header_at = lines.iter().position(|l| l.starts_with(VOLTAGE)).ok_or(ImportError::MissingColumn { what: "Voltage (V)_…" })?;
    let names: Vec<&str> = lines[header_at].split('\t').collect();
    // (voltage column, density column, label) for each pair.
    let mut pairs = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if let Some(label) = name.strip_prefix(VOLTAGE) {
            let density = names.iter().position(|n| n.strip_prefix(DENSITY) == Some(label));
            match density {
                Some(j) => pairs.push((i, j, label.replace('_', " "))),
                None => return Err(ImportError::AtLine { format: FORMAT, line: header_at + 1, message: format!("the column “{name}” has no current-density column beside it.") }),
            }
        }
    }
    let mut curves: Vec<Curve> = pairs.iter().map(|(_, _, label)| Curve { label: label.clone(), potential_v: Vec::new(), current_a: Vec::new(), time_s: None }).collect();
    let mut warnings = vec![
        "A solar-cell tester's J–V curve: current densities (mA cm⁻²) times each pixel's area, in A, with the tester's sign (Jsc negative under light).".to_string(),
    ];
    for (n, line) in lines.iter().enumerate().skip(header_at + 1) {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        for (k, (v_col, j_col, label)) in pairs.iter().enumerate() {
            let read = |col: usize| cells.get(col).map(|c| c.trim()).filter(|c| !c.is_empty());
            let (Some(v), Some(j)) = (read(*v_col), read(*j_col)) else { continue };
            let parse = |c: &str| c.parse::<f64>().ok().filter(|x| x.is_finite());
            let (Some(v), Some(j)) = (parse(v), parse(j)) else {
                return Err(ImportError::AtLine { format: FORMAT, line: n + 1, message: format!("a value of “{label}” is not a number.") });
            };
            // Pixels a, b, … take the areas in order; a missing area counts as 1 cm².
            let pixel = label.chars().next().map_or(0, |c| (c as usize).saturating_sub('a' as usize));
            let area = areas.get(pixel).copied().unwrap_or(1.0);
            curves[k].potential_v.push(v);
            curves[k].current_a.push(j * 1e-3 * area);
        }
    }
    if areas.is_empty() {
        warnings.push("The cell areas are not in the header: each density is read as the current of 1 cm².".into());
    }
    curves.retain(|c| !c.potential_v.is_empty());
    if curves.is_empty() {
        return Err(ImportError::Malformed { format: FORMAT, message: "the J–V table holds no data.".into() });
    }
    Ok(Recording {
        format: FORMAT,
        kind: Kind::Voltammetry,
        reference: None,
        warnings,
        curves,
        potential_columns,
        current_columns,
        potential_column: POTENTIAL_COLUMN.into(),
        current_column: CURRENT_COLUMN.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_multipixel_file_gives_a_curve_per_pixel_sweep_and_light() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/instruments/hzb_solarsim_jv_multipixel.txt")).unwrap();
        assert!(looks_like_hzb(&bytes));
        let r = read_hzb(&bytes).unwrap();
        // Pixels a–f × forward/reverse × dark/light; −0.2 to 1.2 V in 0.02 V steps (71 points).
        assert_eq!(r.curves.len(), 24);
        let first = &r.curves[0];
        assert_eq!(first.label, "a Forward Dark");
        assert_eq!(first.potential_v.len(), 71);
        // Line 45: "-0.20000000000000004\t-0.048695825…" at 0.16 cm².
        assert_eq!(first.potential_v[0], -0.20000000000000004);
        assert!((first.current_a[0] - -0.048695825e-3 * 0.16).abs() < 1e-18);
        let reverse = r.curves.iter().find(|c| c.label == "a Reverse Light").unwrap();
        assert_eq!(reverse.potential_v[0], 1.2);
        // Every truncation is an error or a recording, never a panic.
        for cut in (0..bytes.len()).step_by(211) {
            let _ = read_hzb(&bytes[..cut]);
        }
    }
}
