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
pub mod wire;

use thiserror::Error;

/// What a recording measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// Current against a swept potential (LSV, CV, J–V).
    Voltammetry,
    /// Current against time at a held potential.
    Chronoamperometry,
    /// Neither could be told from the file.
    #[default]
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

/// Everything read from one file. `Default` (format "", nothing read) is for literals in tests:
/// `Recording { curves, ..Default::default() }`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recording {
    /// The format recognised ("BioLogic EC-Lab text (.mpt)", "Gamry DTA").
    pub format: &'static str,
    pub kind: Kind,
    /// The reference electrode as the file names it, if it does.
    pub reference: Option<String>,
    /// What was converted or could not be read, in sentences (units, signs, skipped lines).
    pub warnings: Vec<String>,
    pub curves: Vec<Curve>,
    /// Every column of the file the reader could take as the potential, named as the file
    /// writes it ("control/V", "Ewe/V", "Vf", "E (mV)"), in file order.
    pub potential_columns: Vec<String>,
    /// Every column the reader could take as the current (or current density), in file order.
    pub current_columns: Vec<String>,
    /// The potential column read into the curves (one of `potential_columns`, or where the
    /// potential is no column, what it is: CHI's i–t gives "Init E (V)").
    pub potential_column: String,
    /// The current column read into the curves (one of `current_columns`).
    pub current_column: String,
}

/// Which columns to read where a file holds several of a quantity: names as in
/// [`Recording::potential_columns`] and [`Recording::current_columns`]; `None` is the reader's
/// own pick.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub potential: Option<String>,
    pub current: Option<String>,
}

/// The column named by a choice among `candidates`, or an [`ImportError::NoSuchColumn`].
/// `None` when nothing was chosen (the reader's own pick).
pub(crate) fn chosen<'a>(
    format: &'static str,
    quantity: &'static str,
    choice: Option<&'a str>,
    candidates: &[String],
) -> Result<Option<&'a str>, ImportError> {
    match choice {
        None => Ok(None),
        Some(name) if candidates.iter().any(|c| c == name) => Ok(Some(name)),
        Some(name) => Err(ImportError::NoSuchColumn { format, quantity, chosen: name.to_string(), candidates: candidates.to_vec() }),
    }
}

/// The list of candidates as a message shows it.
fn list(candidates: &[String]) -> String {
    if candidates.is_empty() {
        "none".to_string()
    } else {
        candidates.iter().map(|c| format!("\u{201c}{c}\u{201d}")).collect::<Vec<_>>().join(", ")
    }
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
    /// A chosen column that is none of the file's columns of that quantity.
    #[error("{format}: the file has no {quantity} column \u{201c}{chosen}\u{201d}; its {quantity} columns are {}.", list(candidates))]
    NoSuchColumn { format: &'static str, quantity: &'static str, chosen: String, candidates: Vec<String> },
}

/// Reads a potentiostat file whatever its extension: the format is told by its content, and
/// each reader picks its own potential and current columns. `None` when the bytes are none of
/// the formats read here.
pub fn read(bytes: &[u8]) -> Option<Result<Recording, ImportError>> {
    read_with(bytes, &Columns::default())
}

/// [`read`], with the potential and current columns chosen by name (from a first reading's
/// [`Recording::potential_columns`] and [`Recording::current_columns`]); a name that is not
/// one of them is an [`ImportError::NoSuchColumn`] listing them.
pub fn read_with(bytes: &[u8], columns: &Columns) -> Option<Result<Recording, ImportError>> {
    if biologic::looks_like_mpt(bytes) {
        Some(biologic::read_mpt_with(bytes, columns))
    } else if biologic_mpr::looks_like_mpr(bytes) {
        Some(biologic_mpr::read_mpr_with(bytes, columns))
    } else if gamry::looks_like_dta(bytes) {
        Some(gamry::read_dta_with(bytes, columns))
    } else if chi::looks_like_chi(bytes) {
        Some(chi::read_chi_with(bytes, columns))
    } else if palmsens::looks_like_pssession(bytes) {
        Some(palmsens::read_pssession_with(bytes, columns))
    } else if hzb::looks_like_hzb(bytes) {
        Some(hzb::read_hzb_with(bytes, columns))
    } else {
        // A plain table counts when its headers name a potential and a current; a bad choice
        // of column in one is said.
        match generic::read_table_with(&String::from_utf8_lossy(bytes), false, columns) {
            Ok(recording) => Some(Ok(recording)),
            Err(error @ ImportError::NoSuchColumn { .. }) => Some(Err(error)),
            Err(_) => None,
        }
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

