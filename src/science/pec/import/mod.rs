//! Current–potential and current–time data from potentiostat files (issue 10), read by content,
//! not by extension, into one form: curves of potential (V, as recorded, against the file's
//! reference), current (A, anodic positive) and time (s) where recorded. One module per
//! instrument family; what a file does not say is not guessed, and what was converted is said
//! in the warnings.

pub mod biologic;
pub mod biologic_mpr;
pub mod chi;
pub mod generic;
pub mod hzb;
pub mod palmsens;
pub mod gamry;

use thiserror::Error;

/// What a recording measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Current against a swept potential (LSV, CV, J–V).
    Voltammetry,
    /// Current against time at a held potential.
    Chronoamperometry,
    /// Neither could be told from the file.
    Unknown,
}

/// One curve of a recording: a cycle, a sweep segment, a Gamry CURVE table, a pixel.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// What it is in the file ("cycle 2", "CURVE3").
    pub label: String,
    /// Potential as recorded, against the file's reference (V).
    pub potential_v: Vec<f64>,
    /// Current, anodic positive (A).
    pub current_a: Vec<f64>,
    /// Time from the start of the recording (s), where recorded.
    pub time_s: Option<Vec<f64>>,
}

/// Everything read from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    /// The format recognised ("BioLogic EC-Lab text (.mpt)", "Gamry DTA").
    pub format: &'static str,
    pub kind: Kind,
    /// The reference electrode as the file names it, if it does.
    pub reference: Option<String>,
    /// What was converted or could not be read, in sentences (units, signs, skipped lines).
    pub warnings: Vec<String>,
    pub curves: Vec<Curve>,
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ImportError {
    #[error("{format}: {message}")]
    Malformed { format: &'static str, message: String },
    #[error("{format}, line {line}: {message}")]
    AtLine { format: &'static str, line: usize, message: String },
    #[error("The file holds no {what} column that could be read.")]
    MissingColumn { what: &'static str },
    #[error("This is not a {format} file.")]
    NotThisFormat { format: &'static str },
}

/// Reads a potentiostat file whatever its extension: the format is told by its content.
/// `None` when the bytes are none of the formats read here.
pub fn read(bytes: &[u8]) -> Option<Result<Recording, ImportError>> {
    if biologic::looks_like_mpt(bytes) {
        Some(biologic::read_mpt(bytes))
    } else if biologic_mpr::looks_like_mpr(bytes) {
        Some(biologic_mpr::read_mpr(bytes))
    } else if gamry::looks_like_dta(bytes) {
        Some(gamry::read_dta(bytes))
    } else if chi::looks_like_chi(bytes) {
        Some(chi::read_chi(bytes))
    } else if palmsens::looks_like_pssession(bytes) {
        Some(palmsens::read_pssession(bytes))
    } else if hzb::looks_like_hzb(bytes) {
        Some(hzb::read_hzb(bytes))
    } else {
        // A plain table counts when its headers name a potential and a current.
        generic::read_table(&String::from_utf8_lossy(bytes), false).ok().map(Ok)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_file_goes_to_its_reader_by_content() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/instruments/");
        for (name, format) in [
            ("biologic_lsv_spAg_SP240_yadg.mpt", "BioLogic EC-Lab text (.mpt)"),
            ("biologic_lsv_spAg_SP240_yadg.mpr", "BioLogic EC-Lab binary (.mpr)"),
            ("chi760e_cv_her.txt", "CH Instruments text export"),
            ("chi760e_lsv_her.txt", "CH Instruments text export"),
            ("hzb_solarsim_jv_multipixel.txt", "HZB solar-simulator J–V text"),
            ("palmsens_lsv_rde_pstrace.pssession", "PalmSens session (.pssession)"),
            ("gamry_cv_microelectrode_5curves.DTA", "Gamry DTA"),
        ] {
            let bytes = std::fs::read(format!("{dir}{name}")).unwrap();
            assert_eq!(super::read(&bytes).unwrap().unwrap().format, format, "{name}");
        }
        let table = b"Potential (mV),I (mA)\n-200,1.5\n-190,2.5\n";
        assert_eq!(super::read(table).unwrap().unwrap().format, "CSV/TSV table");
        // A UV-vis export is none of them.
        let uvvis = std::fs::read(format!("{dir}uvvis_hzb_wlnm_abs.csv")).unwrap();
        assert!(super::read(&uvvis).is_none());
    }
}

