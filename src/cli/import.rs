//! `photocalc import FILE`: what the spectrum or potentiostat reader finds in a file, as JSON.
//!
//! The file is read as the page's importer reads it (the same `science::spectrum` reader, the
//! same refusals, the same peak search), and every series is described:
//!
//! ```text
//! {"file", "format", "instrument", "kind", "header": {key: value}, "delimiter",
//!  "decimal_mark", "rows", "columns", "series": [{"index", "name", "kind", "x": {"column",
//!  "label", "unit"}, "y": {...}, "points", "x_range", "y_range", "verdict", "first_exciton",
//!  "excluded", "notes", "warnings", ("data")}], "notes", "warnings"}
//! ```
//!
//! Potentiostat files that `science::pec::import` reads (BioLogic .mpt and binary .mpr, Gamry
//! .DTA, CH Instruments text, PalmSens .pssession, the HZB J–V text, CSV/TSV with E and I
//! columns; issue 10) are printed as curves instead ([`describe_recording`]); a potentiostat
//! file that reader does not take is recognised, said in `warnings`, and not read.

use serde_json::{json, Map, Value};

use crate::science::constants::PHOTON_EV_NM;
use crate::science::spectrum::{
    find_first_exciton_peak, header_entries, parse_spectrum, screen, DataKind, Exclusion,
    FileFormat, Ordinate, ParsedSpectrum,
};

/// The JSON of a potentiostat recording: `{"file", "format", "kind", "reference", "warnings",
/// "potential_column", "current_column", "potential_columns", "current_columns", "curves":
/// [{"label", "potential_V", "current_A", "time_s"}]}`, potentials as recorded (against the
/// file's reference), currents in A with anodic positive; the columns read, and every column
/// of each quantity that `--potential` and `--current` could choose.
pub(super) fn describe_recording(path: &str, recording: &crate::science::pec::import::Recording) -> Value {
    use crate::science::pec::import::Kind;
    let kind = match recording.kind {
        Kind::Voltammetry => "voltammetry",
        Kind::Chronoamperometry => "chronoamperometry",
        Kind::Unknown => "unknown",
    };
    let curves: Vec<Value> = recording
        .curves
        .iter()
        .map(|c| json!({"label": c.label, "potential_V": c.potential_v, "current_A": c.current_a, "time_s": c.time_s}))
        .collect();
    json!({
        "file": path,
        "format": recording.format,
        "kind": kind,
        "reference": recording.reference,
        "warnings": recording.warnings,
        "potential_column": recording.potential_column,
        "current_column": recording.current_column,
        "potential_columns": recording.potential_columns,
        "current_columns": recording.current_columns,
        "curves": curves
    })
}

/// Most series described one by one; a wider file is described up to here, with a note.
const MAX_DESCRIBED_SERIES: usize = 100;

/// The JSON for a file's text; `path` names it, `with_data` adds each series' points. An error
/// is a file the reader finds nothing in (no numbers, too large).
pub(super) fn describe_file(path: &str, text: &str, with_data: bool) -> Result<Value, String> {
    let format = FileFormat::detect(text);
    let mut out = Map::new();
    out.insert("file".into(), json!(path));
    out.insert("format".into(), json!(format.slug()));
    out.insert("instrument".into(), json!(format.name()));
    if format.is_potentiostat() {
        out.insert("kind".into(), json!(DataKind::Unknown.slug()));
        out.insert("series".into(), json!([]));
        out.insert("notes".into(), json!([]));
        out.insert("warnings".into(), json!([format.not_a_spectrum()]));
        return Ok(Value::Object(out));
    }
    let first = parse_spectrum(text, 0).map_err(|e| format!("{path}: {e}"))?;
    let layout = &first.layout;
    out.insert("kind".into(), json!(first.kind.slug()));
    let separator = match layout.delimiter {
        "tab" => Some('\t'),
        "semicolon" => Some(';'),
        "comma" => Some(','),
        _ => None,
    };
    let header: Map<String, Value> = header_entries(layout.header_lines.iter().map(String::as_str), separator)
        .into_iter()
        .map(|(k, v)| (k, json!(v)))
        .collect();
    out.insert("header".into(), Value::Object(header));
    out.insert("delimiter".into(), json!(layout.delimiter));
    out.insert("decimal_mark".into(), json!(if layout.decimal_comma { "," } else { "." }));
    out.insert("rows".into(), json!(layout.rows));
    out.insert("columns".into(), json!(layout.columns));
    let count = first.series_names.len();
    let mut series = vec![describe_series(&first, with_data)];
    for index in 1..count.min(MAX_DESCRIBED_SERIES) {
        series.push(match parse_spectrum(text, index) {
            Ok(parsed) => describe_series(&parsed, with_data),
            Err(e) => json!({"index": index + 1, "name": first.series_names[index], "error": e.to_string()}),
        });
    }
    out.insert("series".into(), Value::Array(series));
    let mut notes = Vec::new();
    if count > MAX_DESCRIBED_SERIES {
        notes.push(format!("The file holds {count} series; the first {MAX_DESCRIBED_SERIES} are described."));
    }
    out.insert("notes".into(), json!(notes));
    let warnings: Vec<&str> = first.not_absorbance.as_deref().into_iter().collect();
    out.insert("warnings".into(), json!(warnings));
    Ok(Value::Object(out))
}

/// One series: where it is, what it holds, and what the page would do with it.
fn describe_series(parsed: &ParsedSpectrum, with_data: bool) -> Value {
    let s = &parsed.spectrum;
    let layout = &parsed.layout;
    let range = |v: &[f64]| {
        let finite = v.iter().copied().filter(|x| x.is_finite());
        let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)));
        if lo <= hi { json!([lo, hi]) } else { Value::Null }
    };
    let mut warnings: Vec<String> = parsed.not_absorbance.iter().cloned().collect();
    let (verdict, first_exciton, excluded) = if parsed.kind.is_absorbance() {
        let excluded: Vec<Value> = screen(s)
            .iter()
            .map(|e| {
                let mut entry = json!({"from_nm": e.from_nm, "to_nm": e.to_nm});
                match e.why {
                    Exclusion::Saturated { max_absorbance } => {
                        entry["reason"] = json!("saturated");
                        entry["max_absorbance"] = json!(max_absorbance);
                    }
                    Exclusion::FlatTop { absorbance } => {
                        entry["reason"] = json!("flat_top");
                        entry["absorbance"] = json!(absorbance);
                    }
                    Exclusion::Step { jump } => {
                        entry["reason"] = json!("step");
                        entry["jump"] = json!(jump);
                    }
                }
                warnings.push(e.note());
                entry
            })
            .collect();
        match find_first_exciton_peak(s, None) {
            Ok(p) => {
                let hwhm_mev = p.hwhm_nm.map(|h| 1e3 * (PHOTON_EV_NM / p.wavelength_nm - PHOTON_EV_NM / (p.wavelength_nm + h)));
                let peak = json!({"wavelength_nm": p.wavelength_nm, "absorbance": p.absorbance, "hwhm_nm": p.hwhm_nm, "hwhm_meV": hwhm_mev, "shoulder": p.is_shoulder});
                ("peak", peak, excluded)
            }
            Err(e) => {
                warnings.push(e.to_string());
                ("no_peak", Value::Null, excluded)
            }
        }
    } else {
        ("refused", Value::Null, Vec::new())
    };
    let mut out = json!({
        "index": parsed.series_index + 1,
        "name": parsed.series_names.get(parsed.series_index),
        "kind": parsed.kind.slug(),
        "x": {"column": layout.x_column + 1, "label": layout.x_label, "unit": if parsed.kind == DataKind::Unknown { Value::Null } else { json!("nm") }},
        "y": {"column": layout.y_column + 1, "label": layout.y_label, "unit": y_unit(parsed)},
        "points": s.len(),
        "x_range": range(&s.wavelength_nm),
        "y_range": range(&s.absorbance),
        "read_as": if parsed.kind.is_absorbance() { "absorbance" } else { "as in the file" },
        "verdict": verdict,
        "first_exciton": first_exciton,
        "excluded": excluded,
        "notes": parsed.notes,
        "warnings": warnings,
    });
    if with_data {
        let data: Vec<[f64; 2]> = s.wavelength_nm.iter().zip(&s.absorbance).map(|(&x, &y)| [x, y]).collect();
        out["data"] = json!(data);
    }
    out
}

/// The unit of the file's y values: what the ordinate was read as, or for other kinds what the
/// label or the header's y axis names.
fn y_unit(parsed: &ParsedSpectrum) -> &'static str {
    match (parsed.kind, parsed.ordinate) {
        (DataKind::Absorbance, _) => "absorbance",
        (DataKind::Transmittance, Ordinate::PercentTransmittance) => "%T",
        (DataKind::Transmittance, _) => "transmittance",
        _ => {
            let layout = &parsed.layout;
            let said: String = layout
                .y_label
                .iter()
                .chain(layout.header_lines.iter().filter(|l| l.trim_start().to_ascii_lowercase().starts_with('y')))
                .map(|t| t.to_ascii_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            if said.contains("cps") || said.contains("counts/s") {
                "counts/s"
            } else if said.contains("count") || parsed.format == FileFormat::OceanOptics {
                "counts"
            } else {
                "unknown"
            }
        }
    }
}
