//! What a file holds, before anything is sized from it: the export format it was written in,
//! what its header says (the key–value lines above the data), and whether its y values are
//! absorbance at all.
//!
//! Only absorbance (or transmittance, converted by Beer–Lambert) sizes quantum dots. An
//! emission scan peaks to the red of the absorption peak (the Stokes shift), and detector
//! counts are not absorbance at any scale, so a file that holds them is refused with a
//! sentence saying what it seems to be. The header is read first (an Edinburgh FLS export says
//! `Type,Emission Scan` and `Yaxis,Counts`); without one, the values decide: no spectrometer
//! measures an absorbance above about 6, a millionth of the light.

use super::screen::MAX_ABSORBANCE;
use crate::science::format::Short;

/// What the y values of a series are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataKind {
    /// Decadic absorbance.
    Absorbance,
    /// Transmittance (fraction or percent), converted to absorbance.
    Transmittance,
    /// An emission (photoluminescence) or excitation scan.
    Emission,
    /// Detector counts or an intensity that is not absorbance.
    Counts,
    /// Not a spectrum PhotoCalc can read (a potentiostat file, an x column that is not a
    /// wavelength, values that are neither).
    Unknown,
}

impl DataKind {
    /// The name in `photocalc import` (`absorbance`, `transmittance`, `emission`, `counts`,
    /// `unknown`).
    pub fn slug(self) -> &'static str {
        match self {
            DataKind::Absorbance => "absorbance",
            DataKind::Transmittance => "transmittance",
            DataKind::Emission => "emission",
            DataKind::Counts => "counts",
            DataKind::Unknown => "unknown",
        }
    }

    /// Whether quantum dots can be sized from it.
    pub fn is_absorbance(self) -> bool {
        matches!(self, DataKind::Absorbance | DataKind::Transmittance)
    }
}

/// The export formats PhotoCalc recognises by their own marks, and any other text table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// JASCO JCAMP-like text (`ORIGIN JASCO`, `XYDATA`).
    Jasco,
    /// Agilent/Varian Cary CSV (`Instrument  Cary` in the footer).
    Cary,
    /// Ocean Optics OOIBase32 or SpectraSuite text (`>>>>>Begin … Spectral Data<<<<<`).
    OceanOptics,
    /// Edinburgh Instruments FLS/Fluoracle CSV (`Type,Emission Scan`).
    EdinburghFls,
    /// Gamry Framework EXPLAIN (`.DTA`), a potentiostat file.
    Gamry,
    /// BioLogic EC-Lab text (`.mpt`) or binary (`.mpr`), a potentiostat file.
    BioLogic,
    /// CH Instruments text export, a potentiostat file.
    Chi,
    /// PalmSens PSTrace session (`.pssession`), a potentiostat file.
    PalmSens,
    /// Any other text table.
    Table,
}

impl FileFormat {
    /// Recognises a format by the marks its exports carry; [`FileFormat::Table`] otherwise.
    pub fn detect(text: &str) -> FileFormat {
        // The marks are in the first lines (a Cary's in its footer): a file that only mentions
        // a format further down is not of it.
        let head = &text[..text.char_indices().nth(2000).map_or(text.len(), |(i, _)| i)];
        let starts = |mark: &str| head.trim_start_matches(['\u{feff}', '\0']).trim_start().starts_with(mark);
        let has = |mark: &str| head.contains(mark);
        if starts("EXPLAIN") {
            FileFormat::Gamry
        } else if has("EC-Lab ASCII FILE") || starts("BIO-LOGIC MODULAR FILE") {
            FileFormat::BioLogic
        } else if has("Instrument Model:  CHI") {
            FileFormat::Chi
        } else if has("\"PalmSens.") {
            FileFormat::PalmSens
        } else if has("ORIGIN\tJASCO") {
            FileFormat::Jasco
        } else if has("OOIBase32") || has(">>>>>Begin") {
            FileFormat::OceanOptics
        } else if has("Fixed/Offset") && has(" Scan,") {
            FileFormat::EdinburghFls
        } else if text.contains("Cary ") && text.contains("Instrument ") {
            FileFormat::Cary
        } else {
            FileFormat::Table
        }
    }

    /// The name in `photocalc import`.
    pub fn slug(self) -> &'static str {
        match self {
            FileFormat::Jasco => "jasco",
            FileFormat::Cary => "cary",
            FileFormat::OceanOptics => "ocean-optics",
            FileFormat::EdinburghFls => "edinburgh-fls",
            FileFormat::Gamry => "gamry-dta",
            FileFormat::BioLogic => "biologic-ec-lab",
            FileFormat::Chi => "chi",
            FileFormat::PalmSens => "palmsens-pssession",
            FileFormat::Table => "table",
        }
    }

    /// The name in a sentence.
    pub fn name(self) -> &'static str {
        match self {
            FileFormat::Jasco => "JASCO",
            FileFormat::Cary => "Agilent Cary",
            FileFormat::OceanOptics => "Ocean Optics",
            FileFormat::EdinburghFls => "Edinburgh Instruments FLS",
            FileFormat::Gamry => "Gamry",
            FileFormat::BioLogic => "BioLogic EC-Lab",
            FileFormat::Chi => "CH Instruments",
            FileFormat::PalmSens => "PalmSens PSTrace",
            FileFormat::Table => "text table",
        }
    }

    /// Whether the format is a potentiostat's (currents and potentials, not a spectrum).
    pub fn is_potentiostat(self) -> bool {
        matches!(self, FileFormat::Gamry | FileFormat::BioLogic | FileFormat::Chi | FileFormat::PalmSens)
    }

    /// The refusal for a potentiostat file.
    pub fn not_a_spectrum(self) -> String {
        format!("This is a {} potentiostat file, not a spectrum: it belongs to the photoelectrochemistry calculator (not available yet).", self.name())
    }
}

/// Most header entries kept, and their longest key and value, in characters.
const MAX_HEADER_ENTRIES: usize = 200;
const MAX_HEADER_KEY_CHARS: usize = 60;
const MAX_HEADER_VALUE_CHARS: usize = 200;

/// The `key<separator>value` lines of a header, in order, for `photocalc import`: the
/// separator is the first tab,
/// colon, comma, semicolon or equals sign of the line, and quotes and trailing separators are
/// trimmed (`Type,Emission Scan,` gives `Type` and `Emission Scan`). Lines without one (titles,
/// rules of `+`) are left out, as are repeated keys and rows of several cells split by the
/// file's `delimiter` (a table of results above the data).
pub fn header_entries<'a>(lines: impl Iterator<Item = &'a str>, delimiter: Option<char>) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = Vec::new();
    for line in lines {
        let line = line.trim().trim_matches('"').trim();
        let Some(at) = line.find(['\t', ':', ',', ';', '=']) else {
            continue;
        };
        let key = line[..at].trim().trim_matches('"').trim();
        let value = line[at + 1..].trim().trim_end_matches([',', ';', '\t']).trim().trim_matches('"').trim();
        let is_row = delimiter.is_some_and(|d| value.contains(d));
        if key.is_empty() || is_row || entries.iter().any(|(k, _)| k == key) {
            continue;
        }
        entries.push((key.chars().take(MAX_HEADER_KEY_CHARS).collect(), value.chars().take(MAX_HEADER_VALUE_CHARS).collect()));
        if entries.len() >= MAX_HEADER_ENTRIES {
            break;
        }
    }
    entries
}

/// What words in a label or header value say the values are.
fn words_kind(text: &str) -> Option<DataKind> {
    let t = text.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["emission", "excitation", "fluoresc", "photolumin", "luminesc", "synchronous"]) {
        Some(DataKind::Emission)
    } else if has(&["count", "cps", "intensity"]) {
        Some(DataKind::Counts)
    } else if has(&["transm", "%t"]) {
        Some(DataKind::Transmittance)
    } else if has(&["absorb", "abs", "optical density"]) {
        Some(DataKind::Absorbance)
    } else {
        None
    }
}

/// Whether an x column label names something other than wavelength (time, potential, current).
fn names_other_than_wavelength(label: &str) -> bool {
    let l = label.to_ascii_lowercase();
    let compact: String = l.chars().filter(|c| !c.is_whitespace()).collect();
    ["time", "potential", "voltage", "current", "ewe"].iter().any(|w| compact.contains(w))
        || ["(s)", "/s", "[s]", "(v)", "/v", "[v]", "(a)", "/a", "[a]"].iter().any(|u| compact.ends_with(u))
}

/// What the reader knows about a series when it decides what its values are.
pub(super) struct Evidence<'a> {
    pub format: FileFormat,
    /// The x column's header cell.
    pub x_label: Option<&'a str>,
    /// The y column's header cell.
    pub y_label: Option<&'a str>,
    /// The header's lines, as written.
    pub header: &'a [&'a str],
}

/// A series that is not absorbance, and why (the sentence that refuses to size it).
pub(super) struct NotAbsorbance {
    pub kind: DataKind,
    pub message: String,
}

/// What the label or the header says the values are, with the words that say it; `None` when
/// they say nothing. A header says emission wherever it names an emission or excitation scan
/// or spectrum, and counts on a line of the y axis (`Yaxis,Counts`, `YUNITS  CPS`).
pub(super) fn stated_kind(e: &Evidence) -> Option<(DataKind, String)> {
    if let Some(label) = e.y_label {
        if let Some(kind) = words_kind(label) {
            return Some((kind, format!("the y column is \u{201c}{label}\u{201d}")));
        }
    }
    let mut kind = None;
    let mut quoted = Vec::new();
    for line in e.header {
        let lower = line.to_ascii_lowercase();
        let says = match words_kind(&lower) {
            Some(DataKind::Emission) if ["scan", "spectr", "photolumin"].iter().any(|w| lower.contains(w)) => DataKind::Emission,
            Some(DataKind::Counts) if lower.trim_start().starts_with('y') => DataKind::Counts,
            _ => continue,
        };
        // Emission wins over the counts that every emission scan is written in.
        if kind != Some(DataKind::Emission) {
            kind = Some(says);
        }
        quoted.push(format!("\u{201c}{}\u{201d}", line.trim().trim_end_matches([',', ';', '\t'])));
    }
    match kind {
        Some(kind) => Some((kind, format!("the header says {}", quoted.join(" and ")))),
        None if e.format == FileFormat::EdinburghFls => {
            Some((DataKind::Emission, "it is an Edinburgh FLS fluorescence export".to_string()))
        }
        None => None,
    }
}

/// What refusals advise when the values are not absorbance.
const EXPORT_ABSORBANCE: &str = "Import an absorbance (or transmittance) spectrum instead.";

/// The refusal of a series whose header, labels or values show it is not absorbance, given
/// the y `values` as read; `None` when it may be absorbance or transmittance (the values
/// then decide which, as before).
pub(super) fn not_absorbance(e: &Evidence, values: &[f64]) -> Option<NotAbsorbance> {
    let top = values.iter().copied().filter(|v| v.is_finite()).fold(f64::MIN, f64::max);
    let (kind, message) = match stated_kind(e) {
        Some((kind @ (DataKind::Emission | DataKind::Counts), said)) => {
            let (what, advice) = if kind == DataKind::Emission {
                ("This is an emission spectrum", "An emission peak lies to the red of the absorption peak, so it does not size dots: import the UV-vis absorbance spectrum of the sample.")
            } else {
                ("These values are counts or an intensity", EXPORT_ABSORBANCE)
            };
            (kind, format!("{what}, not absorbance: {said}, and the values reach {}. {advice}", Short(top, 4)))
        }
        _ => {
            let label = e.x_label.filter(|l| names_other_than_wavelength(l))?;
            (DataKind::Unknown, format!("The first column is \u{201c}{label}\u{201d}, not a wavelength in nm: this is not a UV-vis spectrum."))
        }
    };
    Some(NotAbsorbance { kind, message })
}

/// Whether values read as absorbance cannot be absorbance: most of them above
/// [`MAX_ABSORBANCE`] (about a millionth of the light), or any above 100 (an over-range mark
/// is 10 at most). Non-finite values are not counted.
pub fn beyond_absorbance(values: &[f64]) -> bool {
    let finite = values.iter().filter(|v| v.is_finite());
    let (mut total, mut above, mut top) = (0usize, 0usize, f64::MIN);
    for &v in finite {
        total += 1;
        above += usize::from(v > MAX_ABSORBANCE);
        top = top.max(v);
    }
    total > 0 && (2 * above > total || top > 100.0)
}

/// For absorbances given without a file (a spectrum in a link or a state file): the sentence
/// refusing them when they cannot be absorbance (see [`beyond_absorbance`]).
pub fn not_absorbance_values(values: &[f64]) -> Option<String> {
    beyond_absorbance(values).then(|| impossible_absorbance(FileFormat::Table, values, false).message)
}

/// The refusal of values that cannot be absorbance (see [`beyond_absorbance`]), saying what
/// they seem to be; `header_says_absorbance` when the header or the label said absorbance.
pub(super) fn impossible_absorbance(format: FileFormat, values: &[f64], header_says_absorbance: bool) -> NotAbsorbance {
    let top = values.iter().copied().filter(|v| v.is_finite()).fold(f64::MIN, f64::max);
    let (opening, seems) = match (format, header_says_absorbance) {
        (_, true) => ("The header says absorbance, but the values reach", "They may be counts under the wrong label."),
        (FileFormat::OceanOptics, _) => ("These values are not absorbance: they reach", "They look like raw detector counts (an Ocean Optics file, unless saved in absorbance mode)."),
        _ => ("These values are not absorbance: they reach", "They look like detector counts or an emission intensity."),
    };
    NotAbsorbance {
        kind: if header_says_absorbance { DataKind::Unknown } else { DataKind::Counts },
        message: format!("{opening} {}, above the about {MAX_ABSORBANCE} any spectrometer measures. {seems} {EXPORT_ABSORBANCE}", Short(top, 4)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_their_marks() {
        assert_eq!(FileFormat::detect("EXPLAIN\r\nTAG\tLSV\r\n"), FileFormat::Gamry);
        assert_eq!(FileFormat::detect("\u{feff}EXPLAIN\r\n"), FileFormat::Gamry);
        assert_eq!(FileFormat::detect("EC-Lab ASCII FILE\nNb header lines : 66\n"), FileFormat::BioLogic);
        assert_eq!(FileFormat::detect("June 12, 2024\r\nLinear Sweep Voltammetry\r\nInstrument Model:  CHI760E\r\n"), FileFormat::Chi);
        assert_eq!(FileFormat::detect("TITLE\t\r\nORIGIN\tJASCO\r\nXYDATA\r\n"), FileFormat::Jasco);
        assert_eq!(FileFormat::detect("OOIBase32 Version 1.0.1.6 Data File\r\n>>>>>Begin Spectral Data<<<<<\r\n"), FileFormat::OceanOptics);
        assert_eq!(FileFormat::detect("Labels,x,\nType,Emission Scan,\nFixed/Offset,367.00,\n"), FileFormat::EdinburghFls);
        assert_eq!(FileFormat::detect("s,,\n400,0.1,\n\nInstrument                        Cary 50\n"), FileFormat::Cary);
        assert_eq!(FileFormat::detect("400,0.1\n401,0.2\n"), FileFormat::Table);
        assert!(FileFormat::Gamry.is_potentiostat() && !FileFormat::Jasco.is_potentiostat());
        assert!(FileFormat::Gamry.not_a_spectrum().starts_with("This is a Gamry potentiostat file, not a spectrum"));
    }

    #[test]
    fn header_lines_give_keys_and_values() {
        let lines = ["Labels,MAPI_EmScan1,", "Type,Emission Scan,", "++++++", "Integration Time (msec): 8", "XUNITS\tNANOMETERS", "Type,again,", "\" File: C:\\x"];
        let entries = header_entries(lines.into_iter(), Some(','));
        assert_eq!(header_entries(["600LP,,600LP1,,"].into_iter(), Some(',')), Vec::new(), "a row of cells is not an entry");
        assert_eq!(header_entries(["Voc(V)\t0.31\t0.35"].into_iter(), Some('\t')), Vec::new());
        let pairs: Vec<(&str, &str)> = entries.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, vec![("Labels", "MAPI_EmScan1"), ("Type", "Emission Scan"), ("Integration Time (msec)", "8"), ("XUNITS", "NANOMETERS"), ("File", "C:\\x")]);
    }

    #[test]
    fn what_the_words_say() {
        assert_eq!(words_kind("Counts"), Some(DataKind::Counts));
        assert_eq!(words_kind("Emission Scan"), Some(DataKind::Emission));
        assert_eq!(words_kind("PL emission (a.u.)"), Some(DataKind::Emission));
        assert_eq!(words_kind("Intensity (a.u.)"), Some(DataKind::Counts));
        assert_eq!(words_kind("ABSORBANCE"), Some(DataKind::Absorbance));
        assert_eq!(words_kind("%T"), Some(DataKind::Transmittance));
        assert_eq!(words_kind("Wavelength"), None);
        assert!(names_other_than_wavelength("Potential/V") && names_other_than_wavelength("T (s)") && names_other_than_wavelength("Voltage (V)_a_Forward_Dark"));
        assert!(!names_other_than_wavelength("Wavelength (nm)") && !names_other_than_wavelength("WL/nm") && !names_other_than_wavelength("nm"));
    }

    #[test]
    fn values_beyond_any_absorbance() {
        assert!(!beyond_absorbance(&[0.1, 0.5, 3.2, 10.0, 10.0]), "a few over-range marks of 10");
        assert!(beyond_absorbance(&[166.0, 170.0, 656.6]));
        assert!(beyond_absorbance(&[0.0, 0.1, 0.2, 1.0e4]), "a laser line on a dark-subtracted baseline");
        assert!(beyond_absorbance(&[7.0, 8.0, 9.0, 0.5]));
        assert!(!beyond_absorbance(&[f64::NAN, 0.3]));
        assert!(!beyond_absorbance(&[]));
        let refusal = impossible_absorbance(FileFormat::OceanOptics, &[166.2, 656.6], false);
        assert_eq!(refusal.kind, DataKind::Counts);
        assert!(refusal.message.starts_with("These values are not absorbance: they reach 656.6, above the about 6 any spectrometer measures"), "{}", refusal.message);
        assert!(refusal.message.contains("raw detector counts"), "{}", refusal.message);
    }
}
