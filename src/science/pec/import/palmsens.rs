//! PalmSens PSTrace session files (.pssession): UTF-16LE JSON with a byte-order mark at the
//! start and another after the closing brace. Each measurement's `DataSet.Values` holds arrays
//! (`time`, `potential`, `current`, …) of `{V: value, S: status}`; the array's unit *type*
//! (`PalmSens.Units.MicroAmpere`) is what the values are in, whatever its symbol (`S: "A"`)
//! says. Points with a non-zero status (1: overload) are kept and counted by status.

use serde_json::Value;

use super::{chosen, Columns, Curve, ImportError, Kind, Recording};

pub(crate) const FORMAT: &str = "PalmSens session (.pssession)";

/// Whether the bytes look like a PSTrace session: UTF-16LE with a BOM, holding `Measurements`.
pub fn looks_like_pssession(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) && {
        let head = decode(&bytes[..bytes.len().min(1 << 17) & !1]);
        head.contains("\"MethodForMeasurement\"") || head.contains("\"Measurements\"")
    }
}

/// UTF-16LE to text, byte-order marks removed (an odd last byte is dropped).
fn decode(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    String::from_utf16_lossy(&units).replace('\u{feff}', "")
}

/// The factor from a PalmSens unit type to V, A or s; `None` for a unit not read here.
fn factor(unit_type: &str) -> Option<f64> {
    let name = unit_type.rsplit('.').next().unwrap_or("");
    Some(match name {
        "Volt" | "Ampere" | "Time" => 1.0,
        "MilliVolt" | "MilliAmpere" => 1e-3,
        "MicroAmpere" => 1e-6,
        "NanoAmpere" => 1e-9,
        "PicoAmpere" => 1e-12,
        _ => return None,
    })
}

/// Reads every measurement of a session into a curve.
pub fn read_pssession(bytes: &[u8]) -> Result<Recording, ImportError> {
    read_pssession_with(bytes, &Columns::default())
}

/// [`read_pssession`] with a choice of columns: a session's data set has one array of each,
/// `potential` and `current` (their descriptions), so only those names are accepted.
pub fn read_pssession_with(bytes: &[u8], choice: &Columns) -> Result<Recording, ImportError> {
    let potential_columns = vec!["potential".to_string()];
    let current_columns = vec!["current".to_string()];
    chosen(FORMAT, "potential", choice.potential.as_deref(), &potential_columns)?;
    chosen(FORMAT, "current", choice.current.as_deref(), &current_columns)?;
    let bad = |message: String| ImportError::Malformed { format: FORMAT, message };
    let text = decode(bytes);
    let json: Value = serde_json::from_str(text.trim()).map_err(|e| bad(format!("the session is not readable JSON ({e}); the file may be cut off.")))?;
    let measurements = json["Measurements"].as_array().filter(|m| !m.is_empty()).ok_or_else(|| bad("the session holds no measurement.".into()))?;
    let mut curves = Vec::new();
    let mut warnings = Vec::new();
    let mut kinds = Vec::new();
    for (m, measurement) in measurements.iter().enumerate() {
        let title = measurement["Title"].as_str().unwrap_or("measurement").to_string();
        let values = measurement["DataSet"]["Values"].as_array().ok_or_else(|| bad(format!("measurement {} has no data set.", m + 1)))?;
        let array = |description: &str| values.iter().find(|v| v["Description"].as_str() == Some(description));
        let read = |description: &'static str, flagged: &mut std::collections::BTreeMap<i64, usize>| -> Result<Option<Vec<f64>>, ImportError> {
            let Some(array) = array(description) else { return Ok(None) };
            let unit = array["Unit"]["Type"].as_str().unwrap_or("");
            let f = factor(unit).ok_or_else(|| bad(format!("the {description} is in “{unit}”, a unit not read here.")))?;
            let points = array["DataValues"].as_array().ok_or_else(|| bad(format!("the {description} array has no values.")))?;
            points
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    if let Some(status) = p["S"].as_i64().filter(|&s| s != 0) {
                        *flagged.entry(status).or_insert(0) += 1;
                    }
                    p["V"].as_f64().filter(|v| v.is_finite()).map(|v| v * f).ok_or_else(|| bad(format!("point {} of the {description} is not a number.", i + 1)))
                })
                .collect::<Result<Vec<f64>, ImportError>>()
                .map(Some)
        };
        let mut flagged = std::collections::BTreeMap::new();
        let potential = read("potential", &mut flagged)?.ok_or(ImportError::MissingColumn { what: "potential" })?;
        let current = read("current", &mut flagged)?.ok_or(ImportError::MissingColumn { what: "current" })?;
        let time = read("time", &mut flagged)?;
        if potential.len() != current.len() {
            return Err(bad(format!("measurement {} has {} potentials but {} currents.", m + 1, potential.len(), current.len())));
        }
        if let Some(unit) = array("current").and_then(|a| a["Unit"]["Type"].as_str()) {
            if factor(unit) != Some(1.0) {
                warnings.push(format!("{title}: the current is in {} (the unit's type, not its symbol “A”): converted to A.", unit.rsplit('.').next().unwrap_or(unit)));
            }
        }
        if !flagged.is_empty() {
            // PSTrace marks an overloaded reading with status 1; other codes are said as they are.
            let counts: Vec<String> = flagged.iter().map(|(status, n)| format!("{n} with status {status}{}", if *status == 1 { " (overload)" } else { "" })).collect();
            warnings.push(format!("{title}: values carry status flags ({}); they are kept as recorded.", counts.join(", ")));
        }
        let method = measurement["Method"].as_str().unwrap_or("");
        kinds.push(if method.contains("METHOD_ID=lsv") || method.contains("METHOD_ID=cv") || title.contains("Voltammetry") {
            Kind::Voltammetry
        } else if method.contains("METHOD_ID=ad") || title.contains("Chronoamperometry") || title.contains("Amperometric") {
            Kind::Chronoamperometry
        } else {
            Kind::Unknown
        });
        let time = time.filter(|t| t.len() == potential.len());
        curves.push(Curve { label: title, potential_v: potential, current_a: current, time_s: time });
    }
    let kind = if kinds.iter().all(|k| *k == kinds[0]) { kinds[0] } else { Kind::Unknown };
    Ok(Recording {
        format: FORMAT,
        kind,
        reference: None,
        warnings,
        curves,
        potential_columns,
        current_columns,
        potential_column: "potential".into(),
        current_column: "current".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_reads_in_amperes_from_its_unit_type() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/instruments/palmsens_lsv_rde_pstrace.pssession")).unwrap();
        assert!(looks_like_pssession(&bytes));
        let r = read_pssession(&bytes).unwrap();
        assert_eq!((r.kind, r.curves.len()), (Kind::Voltammetry, 1));
        let c = &r.curves[0];
        // SOURCES.md: 121 points; the current's type is MicroAmpere (−673 to +13 µA); the first
        // point (V −625.0, S 1) is flagged; the potential starts at −0.0999612808227539 V.
        assert_eq!(c.potential_v.len(), 121);
        assert_eq!(c.current_a[0], -625.0e-6);
        assert_eq!(c.potential_v[0], -0.0999612808227539);
        let min = c.current_a.iter().copied().fold(f64::INFINITY, f64::min);
        assert!((min - -673.2725830078125e-6).abs() < 1e-15);
        assert_eq!(c.time_s.as_ref().map(Vec::len), Some(121));
        assert!(r.warnings.iter().any(|w| w.contains("MicroAmpere")));
        // 18 current readings are flagged: the first with status 1 (overload), 17 with status 2.
        assert!(r.warnings.iter().any(|w| w.contains("1 with status 1 (overload), 17 with status 2")), "{:?}", r.warnings);
        // Cut files are errors, never panics.
        for cut in (0..bytes.len()).step_by(1001) {
            assert!(read_pssession(&bytes[..cut]).is_err());
        }
    }
}
