//! BioLogic EC-Lab binary files (.mpr), the files EC-Lab and BT-Lab write while they measure.
//!
//! BioLogic publishes no specification. The layout here is the one the open-source readers
//! found by reverse engineering, galvani (`galvani/BioLogic.py`, echemdata) and yadg (the
//! `eclab/mpr` extractor, dgbowl), checked against the EC-Lab text export of the same run in
//! `../shared/data/instruments/` (described in its `SOURCES.md`). No code was copied. In short:
//!
//! - The file opens with the magic `BIO-LOGIC MODULAR FILE\x1a`, padded with spaces to 48 bytes
//!   and followed by four zero bytes. Modules follow, each one starting with `MODULE`.
//! - A module header holds a short name (10 bytes, such as `VMP Set`, `VMP data`, `VMP LOG` or
//!   `VMP loop`), a long name (25 bytes), and then either `length, version, date` (51 bytes,
//!   EC-Lab before 11.50) or `0xFFFFFFFF, length, version, version 2, date` (59 bytes, 11.50 and
//!   later). `length` bytes of module data follow the header.
//! - The data module gives the number of points (u32) and columns (u8), then the column IDs, and
//!   then the points, one record after another, little-endian. Where the IDs and the records
//!   start depends on the module's version: u16 IDs at byte 5 and records at 405 (version 2) or
//!   406 (version 3). In version 0 from EC-Lab 11.50 on, the IDs are u16 at byte 6 and the
//!   records start at 1007. In older version-0 files, the IDs are u8 at byte 5 and the records
//!   start at 100.
//! - A column ID fixes both the column's name and its width ([`COLUMNS`]). A file can therefore
//!   be read only when every ID in it is known. The flag IDs (mode, ox/red, error, control
//!   changes, Ns changes, counter inc.) share one byte, placed where the first flag ID appears.
//! - In the settings module, byte 0 is the technique. The reference electrode is a Pascal
//!   string (one length byte, at most 50 characters) at 0x215, and its potential is an f32 at
//!   0x248. EC-Lab's text export prints these two as `Reference electrode : SCE Saturated
//!   Calomel Electrode (0.241 V)`.
//! - The optional loop module holds a count (u32) and the indexes (u32) of the points where
//!   each loop starts, ending with the number of points.

use super::biologic::{current_columns, potential_columns, preferred, curves_of, split_into_curves, LoopRange, Quantity, CURRENT, POTENTIAL};
use super::{chosen, Columns, ImportError, Kind, Recording};

/// The format's name in messages and in [`Recording::format`].
pub(crate) const FORMAT: &str = "BioLogic EC-Lab binary (.mpr)";

/// The bytes the file starts with.
const MAGIC: &[u8] = b"BIO-LOGIC MODULAR FILE\x1a";

/// Where the first module starts: the magic, padded with spaces to 48 bytes, and four zero
/// bytes.
const FIRST_MODULE: usize = 52;

/// Advice for a file this reader cannot read.
const EXPORT_AS_TEXT: &str = "In EC-Lab, open the file and use \u{201c}Export as text\u{201d}, then import the .mpt file it writes.";

/// Whether `bytes` are an EC-Lab binary file, judged by the magic at the start.
pub fn looks_like_mpr(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// How a column's values are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dtype {
    U8,
    U16,
    U32,
    F32,
    F64,
}

impl Dtype {
    /// Bytes per value.
    fn width(self) -> usize {
        match self {
            Dtype::U8 => 1,
            Dtype::U16 => 2,
            Dtype::U32 | Dtype::F32 => 4,
            Dtype::F64 => 8,
        }
    }

    /// The value at `at` in `bytes`, if the bytes are there.
    fn read(self, bytes: &[u8], at: usize) -> Option<f64> {
        let b = bytes.get(at..at.checked_add(self.width())?)?;
        Some(match self {
            Dtype::U8 => f64::from(b[0]),
            Dtype::U16 => f64::from(u16::from_le_bytes(b.try_into().ok()?)),
            Dtype::U32 => f64::from(u32::from_le_bytes(b.try_into().ok()?)),
            Dtype::F32 => f64::from(f32::from_le_bytes(b.try_into().ok()?)),
            Dtype::F64 => f64::from_le_bytes(b.try_into().ok()?),
        })
    }
}

/// The flag column IDs: the flags all share one byte, and each has its bits in it.
const FLAGS: [(u16, &str, u8); 6] = [
    (1, "mode", 0b0000_0011),
    (2, "ox/red", 0b0000_0100),
    (3, "error", 0b0000_1000),
    (21, "control changes", 0b0001_0000),
    (31, "Ns changes", 0b0010_0000),
    (65, "counter inc.", 0b1000_0000),
];

/// Data column IDs: the name as EC-Lab's text export writes it, and how the values are stored.
/// The list joins galvani's table (`VMPdata_colID_dtype_map`) and yadg's (`data_columns`);
/// where both list an ID, they agree on its width. Names with `Ohm`, `.h` and `-2` are written
/// as galvani writes them.
const COLUMNS: &[(u16, &str, Dtype)] = &[
    (4, "time/s", Dtype::F64),
    (5, "control/V/mA", Dtype::F32),
    (6, "Ewe/V", Dtype::F32),
    (7, "dq/mA.h", Dtype::F64),
    (8, "I/mA", Dtype::F32),
    (9, "Ece/V", Dtype::F32),
    (11, "<I>/mA", Dtype::F64),
    (13, "(Q-Qo)/mA.h", Dtype::F64),
    (15, "Phase(Z1)/deg", Dtype::F32),
    (16, "Analog IN 1/V", Dtype::F32),
    (17, "Analog IN 2/V", Dtype::F32),
    (19, "control/V", Dtype::F32),
    (20, "control/mA", Dtype::F32),
    (23, "dQ/mA.h", Dtype::F64),
    (24, "cycle number", Dtype::F64),
    (26, "Rapp/Ohm", Dtype::F32),
    (27, "Ewe-Ece/V", Dtype::F32),
    (32, "freq/Hz", Dtype::F32),
    (33, "|Ewe|/V", Dtype::F32),
    (34, "|I|/A", Dtype::F32),
    (35, "Phase(Z)/deg", Dtype::F32),
    (36, "|Z|/Ohm", Dtype::F32),
    (37, "Re(Z)/Ohm", Dtype::F32),
    (38, "-Im(Z)/Ohm", Dtype::F32),
    (39, "I Range", Dtype::U16),
    (45, "|Z1|/Ohm", Dtype::F32),
    (46, "|Z2|/Ohm", Dtype::F32),
    (69, "R/Ohm", Dtype::F32),
    (70, "P/W", Dtype::F32),
    (74, "|Energy|/W.h", Dtype::F64),
    (75, "Analog OUT/V", Dtype::F32),
    (76, "<I>/mA", Dtype::F32),
    (77, "<Ewe>/V", Dtype::F32),
    (78, "Cs-2/µF-2", Dtype::F32),
    (96, "|Ece|/V", Dtype::F32),
    (98, "Phase(Zce)/deg", Dtype::F32),
    (99, "|Zce|/Ohm", Dtype::F32),
    (100, "Re(Zce)/Ohm", Dtype::F32),
    (101, "-Im(Zce)/Ohm", Dtype::F32),
    (105, "-Im(Z1)/Ohm", Dtype::F32),
    (106, "-Im(Z2)/Ohm", Dtype::F32),
    (110, "Energy ce/W.h", Dtype::F64),
    (112, "Energy we/W.h", Dtype::F64),
    (115, "Energy ce charge/W.h", Dtype::F64),
    (116, "Energy ce discharge/W.h", Dtype::F64),
    (123, "Energy charge/W.h", Dtype::F64),
    (124, "Energy discharge/W.h", Dtype::F64),
    (125, "Capacitance charge/µF", Dtype::F64),
    (126, "Capacitance discharge/µF", Dtype::F64),
    (131, "Ns", Dtype::U16),
    (135, "<E1>/V", Dtype::F32),
    (136, "<E2>/V", Dtype::F32),
    (163, "|Estack|/V", Dtype::F32),
    (166, "Phase(Zstack)/deg", Dtype::F32),
    (167, "|Zstack|/Ohm", Dtype::F32),
    (168, "Rcmp/Ohm", Dtype::F32),
    (169, "Cs/µF", Dtype::F32),
    (172, "Cp/µF", Dtype::F32),
    (173, "Cp-2/µF-2", Dtype::F32),
    (174, "<Ewe>/V", Dtype::F32),
    (175, "|Zwe-ce|/Ohm", Dtype::F32),
    (176, "Re(Zwe-ce)/Ohm", Dtype::F32),
    (177, "-Im(Zwe-ce)/Ohm", Dtype::F32),
    (178, "(Q-Qo)/C", Dtype::F32),
    (179, "dQ/C", Dtype::F32),
    (182, "step time/s", Dtype::F64),
    (185, "<Ece>/V", Dtype::F32),
    (206, "Temperature/°C", Dtype::F32),
    (211, "Q charge/discharge/mA.h", Dtype::F64),
    (212, "half cycle", Dtype::U32),
    (213, "z cycle", Dtype::U32),
    (215, "<Ece>/V", Dtype::F32),
    (217, "THD Ewe/%", Dtype::F32),
    (218, "THD I/%", Dtype::F32),
    (219, "THD Ece/%", Dtype::F32),
    (220, "NSD Ewe/%", Dtype::F32),
    (221, "NSD I/%", Dtype::F32),
    (222, "NSD Ece/%", Dtype::F32),
    (223, "NSR Ewe/%", Dtype::F32),
    (224, "NSR I/%", Dtype::F32),
    (225, "NSR Ece/%", Dtype::F32),
    (230, "|Ewe h2|/V", Dtype::F32),
    (231, "|Ewe h3|/V", Dtype::F32),
    (232, "|Ewe h4|/V", Dtype::F32),
    (233, "|Ewe h5|/V", Dtype::F32),
    (234, "|Ewe h6|/V", Dtype::F32),
    (235, "|Ewe h7|/V", Dtype::F32),
    (236, "|I h2|/A", Dtype::F32),
    (237, "|I h3|/A", Dtype::F32),
    (238, "|I h4|/A", Dtype::F32),
    (239, "|I h5|/A", Dtype::F32),
    (240, "|I h6|/A", Dtype::F32),
    (241, "|I h7|/A", Dtype::F32),
    (242, "|E2|/V", Dtype::F32),
    (243, "|Ece h3|/V", Dtype::F32),
    (244, "|Ece h4|/V", Dtype::F32),
    (245, "|Ece h5|/V", Dtype::F32),
    (246, "|Ece h6|/V", Dtype::F32),
    (247, "|Ece h7|/V", Dtype::F32),
    (248, "Rac/Ohm", Dtype::F32),
    (249, "Rdc/Ohm", Dtype::F32),
    (253, "Acir or Dcir Control", Dtype::U8),
    (271, "Phase(Z1) / deg", Dtype::F32),
    (272, "Phase(Z2) / deg", Dtype::F32),
    (301, "|Z1|/Ohm", Dtype::F32),
    (302, "|Z2|/Ohm", Dtype::F32),
    (331, "Re(Z1)/Ohm", Dtype::F32),
    (332, "Re(Z2)/Ohm", Dtype::F32),
    (361, "-Im(Z1)/Ohm", Dtype::F32),
    (362, "-Im(Z2)/Ohm", Dtype::F32),
    (391, "<E1>/V", Dtype::F32),
    (392, "<E2>/V", Dtype::F32),
    (422, "Phase(Zstack)/deg", Dtype::F32),
    (423, "|Zstack|/Ohm", Dtype::F32),
    (424, "Re(Zstack)/Ohm", Dtype::F32),
    (425, "-Im(Zstack)/Ohm", Dtype::F32),
    (426, "<Estack>/V", Dtype::F32),
    (430, "Phase(Zwe-ce)/deg", Dtype::F32),
    (431, "|Zwe-ce|/Ohm", Dtype::F32),
    (432, "Re(Zwe-ce)/Ohm", Dtype::F32),
    (433, "-Im(Zwe-ce)/Ohm", Dtype::F32),
    (434, "(Q-Qo)/C", Dtype::F32),
    (435, "dQ/C", Dtype::F32),
    (438, "step time/s", Dtype::F64),
    // galvani names 441 `<Ecv>/V`; the text export of the shared LSV names it `<Ece>/V`.
    (441, "<Ece>/V", Dtype::F32),
    (462, "Temperature/°C", Dtype::F32),
    (467, "Q charge/discharge/mA.h", Dtype::F64),
    (468, "half cycle", Dtype::U32),
    (469, "z cycle", Dtype::U32),
    (471, "<Ece>/V", Dtype::F32),
    (473, "THD Ewe/%", Dtype::F32),
    (474, "THD I/%", Dtype::F32),
    (476, "NSD Ewe/%", Dtype::F32),
    (477, "NSD I/%", Dtype::F32),
    (479, "NSR Ewe/%", Dtype::F32),
    (480, "NSR I/%", Dtype::F32),
    (486, "|Ewe h2|/V", Dtype::F32),
    (487, "|Ewe h3|/V", Dtype::F32),
    (488, "|Ewe h4|/V", Dtype::F32),
    (489, "|Ewe h5|/V", Dtype::F32),
    (490, "|Ewe h6|/V", Dtype::F32),
    (491, "|Ewe h7|/V", Dtype::F32),
    (492, "|I h2|/A", Dtype::F32),
    (493, "|I h3|/A", Dtype::F32),
    (494, "|I h4|/A", Dtype::F32),
    (495, "|I h5|/A", Dtype::F32),
    (496, "|I h6|/A", Dtype::F32),
    (497, "|I h7|/A", Dtype::F32),
    (498, "Q charge/mA.h", Dtype::F64),
    (499, "Q discharge/mA.h", Dtype::F64),
    (500, "step time/s", Dtype::F64),
    (501, "Efficiency/%", Dtype::F64),
    (502, "Capacity/mA.h", Dtype::F64),
    (505, "Rdc/Ohm", Dtype::F32),
    (509, "Acir/Dcir Control", Dtype::U8),
];

/// The `time/s` column.
const TIME_ID: u16 = 4;

/// The `cycle number` column.
const CYCLE_ID: u16 = 24;

/// Technique IDs (byte 0 of the settings module, as yadg lists them) that sweep the potential.
const VOLTAMMETRY_TECHNIQUES: [u8; 4] = [0x06, 0x30, 0x33, 0x6C];

/// Technique IDs that hold the potential and record the current.
const CHRONOAMPEROMETRY_TECHNIQUES: [u8; 1] = [0x18];

/// One module of the file: its short name, its version and its data.
struct Module<'a> {
    name: String,
    version: u32,
    /// Whether the header is the longer one of EC-Lab 11.50 and later.
    long_header: bool,
    data: &'a [u8],
    /// Whether the file ended before the module's stated length.
    cut: bool,
}

/// A column of the data records: its ID, name, type and byte offset in a record.
#[derive(Debug, Clone, Copy)]
struct Column {
    id: u16,
    name: &'static str,
    dtype: Dtype,
    offset: usize,
}

/// How the points are laid out in the data module.
#[derive(Debug)]
struct Layout {
    points: usize,
    columns: Vec<Column>,
    /// Where the flags byte is in a record, and which flags it holds (read by the tests only:
    /// the text export's reader does not use its flag columns either).
    #[cfg_attr(not(test), allow(dead_code))]
    flags: Option<(usize, Vec<(&'static str, u8)>)>,
    record: usize,
    start: usize,
}

/// Reads an EC-Lab binary file into curves of potential (V, as recorded, against the reference
/// its settings name), current (A) and time (s): one curve per loop where the loop module lists
/// more than one, otherwise one per value of the `cycle number` column, otherwise one for the
/// whole table, as [`super::biologic::read_mpt`] splits the text export of the same file.
pub fn read_mpr(bytes: &[u8]) -> Result<Recording, ImportError> {
    read_mpr_with(bytes, &Columns::default())
}

/// [`read_mpr`] with the potential and current columns chosen by name, as the text export
/// names them (the same names and the same choice as [`super::biologic::read_mpt_with`]).
pub fn read_mpr_with(bytes: &[u8], columns: &Columns) -> Result<Recording, ImportError> {
    if bytes.is_empty() {
        return Err(malformed("The file is empty. Choose the .mpr file EC-Lab wrote."));
    }
    if !looks_like_mpr(bytes) {
        return Err(ImportError::NotThisFormat { format: FORMAT });
    }
    let modules = modules(bytes)?;
    let mut warnings = Vec::new();

    let settings = modules.iter().find(|m| m.name == "VMP Set");
    let kind = match settings.and_then(|m| m.data.first()) {
        Some(id) if VOLTAMMETRY_TECHNIQUES.contains(id) => Kind::Voltammetry,
        Some(id) if CHRONOAMPEROMETRY_TECHNIQUES.contains(id) => Kind::Chronoamperometry,
        _ => Kind::Unknown,
    };
    let reference = settings.and_then(|m| reference_electrode(m.data));
    if reference.is_none() {
        warnings.push(
            "The file does not name its reference electrode (its settings give none, or none this reader can read): choose the reference before comparing or converting potentials.".to_string(),
        );
    }

    let data = modules.iter().find(|m| m.name == "VMP data").ok_or_else(|| {
        malformed(&format!("The file has no data module (\u{201c}VMP data\u{201d}): it may have been cut short, or the run stopped before its first point. {EXPORT_AS_TEXT}"))
    })?;
    let layout = layout(data)?;
    let find = |ids: &[u16]| ids.iter().find_map(|id| layout.columns.iter().find(|c| c.id == *id).copied());
    let potential_names = potential_columns(layout.columns.iter().map(|c| c.name));
    let current_names = current_columns(layout.columns.iter().map(|c| c.name));
    let mut pick = |candidates: &[String], choice: Option<&str>, quantity: &Quantity| -> Result<(Column, f64), ImportError> {
        let missing = || ImportError::MissingColumn { what: quantity.missing };
        let name = match chosen(FORMAT, quantity.name, choice, candidates)? {
            Some(name) => name,
            None => preferred(quantity, candidates).ok_or_else(missing)?,
        };
        let column = layout.columns.iter().find(|c| c.name == name).copied().ok_or_else(missing)?;
        let (unit, factor) = quantity.unit_of(name).ok_or_else(missing)?;
        if factor != 1.0 {
            warnings.push(format!("The column \u{201c}{name}\u{201d} is in {unit}; its values were converted to {} (× {factor}).", quantity.si_unit));
        }
        Ok((column, factor))
    };
    let (potential, potential_factor) = pick(&potential_names, columns.potential.as_deref(), &POTENTIAL)?;
    let (current, current_factor) = pick(&current_names, columns.current.as_deref(), &CURRENT)?;
    let time = find(&[TIME_ID]);
    let cycle = find(&[CYCLE_ID]);

    // The records there are bytes for; a file cut while EC-Lab wrote it ends inside the data.
    let available = data.data.len().saturating_sub(layout.start) / layout.record;
    let count = if available < layout.points {
        if !data.cut {
            return Err(malformed(&format!(
                "The data module says it holds {} points of {} bytes, but it has room for only {available}: the file is damaged. {EXPORT_AS_TEXT}",
                layout.points, layout.record
            )));
        }
        warnings.push(format!(
            "The file ends after {available} of the {} points its data module announces: it seems cut short there, and the points after it are missing.",
            layout.points
        ));
        available
    } else {
        layout.points
    };
    if count == 0 {
        return Err(malformed(
            "The data module holds no points: the file may have been cut short, or the run stopped before its first point.",
        ));
    }

    let value = |column: &Column, point: usize| -> Result<f64, ImportError> {
        let at = layout.start + point * layout.record + column.offset;
        match column.dtype.read(data.data, at) {
            Some(v) if v.is_finite() => Ok(v),
            Some(v) => Err(malformed(&format!(
                "Point {} (counted from 1) has the {} value {v}, not a finite number. {EXPORT_AS_TEXT}",
                point + 1,
                column.name
            ))),
            None => Err(malformed(&format!("Point {} (counted from 1) lies beyond the end of the data. {EXPORT_AS_TEXT}", point + 1))),
        }
    };
    let mut potential_v = Vec::with_capacity(count);
    let mut current_a = Vec::with_capacity(count);
    let mut time_s = Vec::with_capacity(if time.is_some() { count } else { 0 });
    let mut cycles = Vec::with_capacity(if cycle.is_some() { count } else { 0 });
    for point in 0..count {
        potential_v.push(value(&potential, point)? * potential_factor);
        current_a.push(value(&current, point)? * current_factor);
        if let Some(column) = &time {
            time_s.push(value(column, point)?);
        }
        if let Some(column) = &cycle {
            cycles.push(value(column, point)?);
        }
    }

    let loops = match modules.iter().find(|m| m.name == "VMP loop") {
        Some(module) => loop_ranges(module.data, &mut warnings),
        None => Vec::new(),
    };
    let groups = split_into_curves(count, &loops, &cycles, &mut warnings);
    let curves = curves_of(groups, &potential_v, &current_a, time.map(|_| time_s.as_slice()));
    Ok(Recording {
        format: FORMAT,
        kind,
        reference,
        warnings,
        curves,
        potential_column: potential.name.to_string(),
        current_column: current.name.to_string(),
        potential_columns: potential_names,
        current_columns: current_names,
    })
}

fn malformed(message: &str) -> ImportError {
    ImportError::Malformed { format: FORMAT, message: message.to_string() }
}

/// A little-endian u32 at `at`, if the bytes are there.
fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// The modules of the file, in order. A file that ends inside a module's data gives that
/// module cut, marked so; one that ends inside a module header, or holds something other than
/// `MODULE` where a module should start, is an error.
fn modules(bytes: &[u8]) -> Result<Vec<Module<'_>>, ImportError> {
    const SHORT_HEADER: usize = 51;
    const LONG_HEADER: usize = 59;
    let mut modules = Vec::new();
    let mut at = FIRST_MODULE;
    while at < bytes.len() {
        let rest = &bytes[at..];
        if !rest.starts_with(b"MODULE") {
            if b"MODULE".starts_with(rest) && !modules.is_empty() {
                break; // the file was cut inside the word that starts the next module
            }
            return Err(malformed(&format!(
                "Byte {at} should start a module (\u{201c}MODULE\u{201d}), but does not: the file is damaged or of a newer layout. {EXPORT_AS_TEXT}"
            )));
        }
        let header = &rest[6..];
        let long_header = header.get(35..39) == Some(&[0xFF; 4][..]);
        let size = if long_header { LONG_HEADER } else { SHORT_HEADER };
        let (Some(length), Some(version)) = (if long_header {
            (u32_at(header, 39), u32_at(header, 43))
        } else {
            (u32_at(header, 35), u32_at(header, 39))
        }) else {
            return Err(cut_in_header(at));
        };
        if header.len() < size {
            return Err(cut_in_header(at));
        }
        let name = String::from_utf8_lossy(&header[..10]).trim_end_matches([' ', '\0']).to_string();
        let start = at + 6 + size;
        let end = start.saturating_add(length as usize);
        let cut = end > bytes.len();
        let data = &bytes[start..end.min(bytes.len())];
        modules.push(Module { name, version, long_header, data, cut });
        at = end;
    }
    if modules.is_empty() {
        return Err(malformed(&format!("The file holds nothing after its first line: it seems cut short. {EXPORT_AS_TEXT}")));
    }
    Ok(modules)
}

fn cut_in_header(at: usize) -> ImportError {
    malformed(&format!("The file ends inside the header of the module at byte {at}: it seems cut short. {EXPORT_AS_TEXT}"))
}

/// The name, type and flag bits of a column ID.
enum Id {
    Flag(&'static str, u8),
    Data(&'static str, Dtype),
}

/// What a column ID is: from [`FLAGS`] or [`COLUMNS`]. An ID of 256 or more that neither lists
/// is read as the ID in its low byte, as yadg reads every ID (`id % 256`); the record length is
/// checked against the module's length, which a wrong width would not fit.
fn identify(id: u16) -> Option<Id> {
    if let Some(&(_, name, bits)) = FLAGS.iter().find(|f| f.0 == id) {
        return Some(Id::Flag(name, bits));
    }
    let data = |id: u16| COLUMNS.iter().find(|c| c.0 == id).map(|&(_, name, dtype)| Id::Data(name, dtype));
    data(id).or_else(|| if id >= 256 { data(id & 0xFF) } else { None })
}

/// The data module's column IDs, record layout and point count, by the module's version.
fn layout(module: &Module) -> Result<Layout, ImportError> {
    let data = module.data;
    let too_short = || malformed(&format!("The data module ends inside its own header: the file seems cut short. {EXPORT_AS_TEXT}"));
    let points = u32_at(data, 0).ok_or_else(too_short)? as usize;
    let n = usize::from(*data.get(4).ok_or_else(too_short)?);
    let (ids, start): (Vec<u16>, usize) = match module.version {
        // Version 0 from EC-Lab 11.50 on: a zero byte, then u16 IDs; records from 1007.
        0 if module.long_header || data.get(5) == Some(&0) => (u16_ids(data, 6, n).ok_or_else(too_short)?, 1007),
        // Version 0 before: u8 IDs from byte 5; records from 100.
        0 => (data.get(5..5 + n).ok_or_else(too_short)?.iter().map(|&b| u16::from(b)).collect(), 100),
        2 => (u16_ids(data, 5, n).ok_or_else(too_short)?, 405),
        3 => (u16_ids(data, 5, n).ok_or_else(too_short)?, 406),
        version => {
            return Err(malformed(&format!(
                "The data module is of version {version}, which this reader does not know (it reads versions 0, 2 and 3). {EXPORT_AS_TEXT}"
            )))
        }
    };
    if n == 0 {
        return Err(malformed(&format!("The data module lists no columns. {EXPORT_AS_TEXT}")));
    }
    let mut columns = Vec::with_capacity(n);
    let mut flags: Option<(usize, Vec<(&'static str, u8)>)> = None;
    let mut record = 0;
    for &id in &ids {
        match identify(id) {
            Some(Id::Flag(name, bits)) => match &mut flags {
                Some((_, list)) => list.push((name, bits)),
                None => {
                    flags = Some((record, vec![(name, bits)]));
                    record += 1;
                }
            },
            Some(Id::Data(name, dtype)) => {
                columns.push(Column { id, name, dtype, offset: record });
                record += dtype.width();
            }
            None => {
                let after = match columns.last() {
                    Some(c) => format!(" (after \u{201c}{}\u{201d})", c.name),
                    None => String::new(),
                };
                return Err(malformed(&format!(
                    "The data module has a column of ID {id}{after} that this reader does not know, so it cannot tell how many bytes each point takes. {EXPORT_AS_TEXT}"
                )));
            }
        }
    }
    // Records must fill the module exactly (galvani asserts the same); a file cut short ends
    // early, which the caller reports.
    let fits = data.len().checked_sub(start).is_some_and(|room| points.checked_mul(record) == Some(room));
    if module.cut && data.len() < start {
        return Err(too_short());
    }
    if !fits && !module.cut {
        return Err(malformed(&format!(
            "The data module holds {} bytes of points where {points} points of {record} bytes (by its column IDs {ids:?}) would take {}: the layout is not the one this reader knows. {EXPORT_AS_TEXT}",
            data.len().saturating_sub(start),
            points.saturating_mul(record)
        )));
    }
    Ok(Layout { points, columns, flags, record, start })
}

/// `n` little-endian u16 column IDs from `at`.
fn u16_ids(data: &[u8], at: usize, n: usize) -> Option<Vec<u16>> {
    let bytes = data.get(at..at + 2 * n)?;
    Some(bytes.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect())
}

/// The reference electrode as EC-Lab's text export names it, `SCE Saturated Calomel Electrode
/// (0.241 V)`: the settings' Pascal string at 0x215 and the f32 potential at 0x248. `None`
/// where the string is `(unspecified)`, empty, longer than its 50 bytes or not text.
fn reference_electrode(settings: &[u8]) -> Option<String> {
    const NAME: usize = 0x215;
    const POTENTIAL: usize = 0x248;
    let length = usize::from(*settings.get(NAME)?);
    if length == 0 || NAME + 1 + length > POTENTIAL {
        return None;
    }
    let raw = settings.get(NAME + 1..NAME + 1 + length)?;
    if raw.iter().any(|b| b.is_ascii_control()) {
        return None;
    }
    // latin-1, as EC-Lab's text exports are.
    let name: String = raw.iter().map(|&b| b as char).collect();
    let name = name.trim();
    if name.is_empty() || name == "(unspecified)" {
        return None;
    }
    match Dtype::F32.read(settings, POTENTIAL) {
        Some(e) if e.is_finite() && e.abs() < 10.0 => Some(format!("{name} ({e:.3} V)")),
        _ => Some(name.to_string()),
    }
}

/// The loops of the loop module: a count, then the index of each loop's first point, the last
/// being the number of points. A module that cannot be read is said, and not used.
fn loop_ranges(data: &[u8], warnings: &mut Vec<String>) -> Vec<LoopRange> {
    let count = u32_at(data, 0).map(|n| n as usize).filter(|&n| n <= data.len().saturating_sub(4) / 4);
    let Some(count) = count else {
        warnings.push("The loop module could not be read (it is shorter than its count says), so the loops were not used to split the points.".to_string());
        return Vec::new();
    };
    let starts: Vec<usize> = data[4..4 + 4 * count].chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize).collect();
    starts
        .windows(2)
        .enumerate()
        .map(|(number, w)| LoopRange { number, first: w[0], last: w[1].saturating_sub(1) })
        .collect()
}

#[cfg(test)]
impl Layout {
    /// The bits of flag `name` in every point of `data`, shifted down to start at bit 0.
    fn flag_values(&self, data: &[u8], name: &str) -> Option<Vec<u8>> {
        let (offset, list) = self.flags.as_ref()?;
        let &(_, bits) = list.iter().find(|(n, _)| *n == name)?;
        (0..self.points).map(|p| data.get(self.start + p * self.record + offset).map(|b| (b & bits) >> bits.trailing_zeros())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::science::pec::import::biologic::read_mpt;

    const MPR: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/instruments/biologic_lsv_spAg_SP240_yadg.mpr"));
    const MPT: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/instruments/biologic_lsv_spAg_SP240_yadg.mpt"));

    /// Agreement with the text export. The binary stores Ewe as f32 and the text prints it with
    /// 8 significant digits (`-2.4618463E-001`), so the two differ by up to half a unit in the
    /// 8th digit, 5e-8 relative; time and <I> are f64 printed with 16 digits (`4.799999878741801E-002`),
    /// 5e-16 relative. 1e-6 relative is the brief's bound, far above both and far below
    /// anything a wrong column or width would give.
    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() <= 1e-6 * expected.abs().max(1e-300)
    }

    #[test]
    fn detects_by_magic() {
        assert!(looks_like_mpr(MPR));
        assert!(!looks_like_mpr(MPT));
        assert!(!looks_like_mpr(b"BIO-LOGIC MODULAR"));
        assert!(matches!(read_mpr(MPT), Err(ImportError::NotThisFormat { .. })));
        assert!(matches!(read_mpr(b""), Err(ImportError::Malformed { .. })));
    }

    #[test]
    fn layout_of_the_shared_lsv() {
        let modules = modules(MPR).unwrap();
        let names: Vec<&str> = modules.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["VMP Set", "VMP data", "VMP LOG"]); // SOURCES.md
        let data = &modules[1];
        assert_eq!((data.version, data.long_header, data.cut), (3, false, false));
        let layout = layout(data).unwrap();
        // IDs 1 2 3 21 (one flags byte), 4 time, 19 control/V, 6 Ewe, 11 <I> (f64), 434 (Q-Qo)/C,
        // 39 I Range (u16), 441 <Ece>/V: 1 + 8 + 4 + 4 + 8 + 4 + 2 + 4 = 35 bytes a point.
        let names: Vec<&str> = layout.columns.iter().map(|c| c.name).collect();
        assert_eq!(names, ["time/s", "control/V", "Ewe/V", "<I>/mA", "(Q-Qo)/C", "I Range", "<Ece>/V"]);
        assert_eq!((layout.points, layout.record, layout.start), (1186, 35, 406));
        // The flag columns agree with the text export's mode, ox/red, error and control changes
        // columns, row by row.
        let text = String::from_utf8_lossy(MPT);
        let rows: Vec<Vec<&str>> = text.lines().skip(66).map(|l| l.split('\t').collect()).collect();
        assert_eq!(rows.len(), 1186);
        for (column, name) in ["mode", "ox/red", "error", "control changes"].into_iter().enumerate() {
            let values = layout.flag_values(data.data, name).unwrap();
            let expected: Vec<u8> = rows.iter().map(|r| r[column].parse().unwrap()).collect();
            assert_eq!(values, expected, "{name}");
        }
        assert_eq!(layout.flag_values(data.data, "Ns changes"), None);
    }

    #[test]
    fn matches_the_text_export_of_the_same_run() {
        let binary = read_mpr(MPR).unwrap();
        let text = read_mpt(MPT).unwrap();
        assert_eq!(binary.format, "BioLogic EC-Lab binary (.mpr)");
        assert_eq!(binary.kind, text.kind);
        assert_eq!(binary.kind, Kind::Voltammetry); // technique 0x6C, LSV
        // The settings hold "SCE Saturated Calomel Electrode" and 0.2412 V; the text export's
        // line 31 prints "SCE Saturated Calomel Electrode (0.241 V)".
        assert_eq!(binary.reference, text.reference);
        assert_eq!(binary.reference.as_deref(), Some("SCE Saturated Calomel Electrode (0.241 V)"));
        assert_eq!(binary.curves.len(), text.curves.len());
        for (b, t) in binary.curves.iter().zip(&text.curves) {
            assert_eq!(b.label, t.label);
            assert_eq!(b.potential_v.len(), t.potential_v.len());
            assert_eq!(b.current_a.len(), t.current_a.len());
            for (i, (x, y)) in b.potential_v.iter().zip(&t.potential_v).enumerate() {
                assert!(close(*x, *y), "potential {i}: {x} vs {y}");
            }
            for (i, (x, y)) in b.current_a.iter().zip(&t.current_a).enumerate() {
                assert!(close(*x, *y), "current {i}: {x} vs {y}");
            }
            let (bt, tt) = (b.time_s.as_ref().unwrap(), t.time_s.as_ref().unwrap());
            assert_eq!(bt.len(), tt.len());
            for (i, (x, y)) in bt.iter().zip(tt).enumerate() {
                // f64 in both, 16 digits printed: equal to 1e-15 relative.
                assert!((x - y).abs() <= 1e-15 * y.abs(), "time {i}: {x} vs {y}");
            }
        }
        assert_eq!(binary.curves[0].potential_v.len(), 1186);
        assert!(binary.warnings.iter().any(|w| w.contains("<I>/mA") && w.contains("converted to A")), "{:?}", binary.warnings);
        assert!(!binary.warnings.iter().any(|w| w.contains("reference")), "{:?}", binary.warnings);
    }

    /// The shared file with its data module's version and header rewritten, and its IDs and
    /// records moved to where that version keeps them.
    fn as_version(version: u32, long_ids_at_6: bool, start: usize) -> Vec<u8> {
        let modules = modules(MPR).unwrap();
        let data = modules[1].data;
        let n = usize::from(data[4]);
        let ids = &data[5..5 + 2 * n];
        let records = &data[406..];
        let mut body = vec![0u8; start];
        body[..5].copy_from_slice(&data[..5]);
        let at = if long_ids_at_6 { 6 } else { 5 };
        body[at..at + 2 * n].copy_from_slice(ids);
        body.extend_from_slice(records);
        // Settings module as it is; data module with a new header.
        let data_at = MPR.windows(6).enumerate().filter(|(_, w)| *w == b"MODULE").nth(1).unwrap().0;
        let log_at = MPR.windows(6).enumerate().filter(|(_, w)| *w == b"MODULE").nth(2).unwrap().0;
        let mut file = MPR[..data_at].to_vec();
        file.extend_from_slice(b"MODULE");
        file.extend_from_slice(&MPR[data_at + 6..data_at + 6 + 35]);
        file.extend_from_slice(&(body.len() as u32).to_le_bytes());
        file.extend_from_slice(&version.to_le_bytes());
        file.extend_from_slice(&MPR[data_at + 6 + 43..data_at + 6 + 51]);
        file.extend_from_slice(&body);
        file.extend_from_slice(&MPR[log_at..]);
        file
    }

    #[test]
    fn every_data_module_version() {
        let expected = read_mpr(MPR).unwrap();
        // Version 2: the same u16 IDs, the records one byte earlier.
        assert_eq!(read_mpr(&as_version(2, false, 405)).unwrap(), expected);
        // Version 0 of EC-Lab 11.50 on: u16 IDs from byte 6, records from 1007.
        assert_eq!(read_mpr(&as_version(0, true, 1007)).unwrap(), expected);
        // Version 0 before: u8 IDs from byte 5, records from 100. The shared file has IDs 434 and
        // 441, which do not fit a byte; their low bytes (178, 185) are the same columns.
        let mut old = as_version(0, false, 100);
        let data_at = old.windows(6).enumerate().filter(|(_, w)| *w == b"MODULE").nth(1).unwrap().0 + 6 + 51;
        let ids: Vec<u8> = MPR[6795 + 6 + 51 + 5..][..22].chunks(2).map(|c| c[0]).collect();
        old[data_at + 5..data_at + 5 + 11].copy_from_slice(&ids);
        old[data_at + 5 + 11..data_at + 27].fill(0);
        assert_eq!(read_mpr(&old).unwrap(), expected);
        // An unknown version is said.
        let error = read_mpr(&as_version(7, false, 406)).unwrap_err().to_string();
        assert!(error.contains("version 7") && error.contains("Export as text"), "{error}");
    }

    #[test]
    fn unknown_column_id_is_named() {
        let mut bytes = MPR.to_vec();
        let ids_at = 6795 + 6 + 51 + 5;
        // The 7th ID, 6 (Ewe/V), becomes 250.
        assert_eq!(&bytes[ids_at + 12..ids_at + 14], &[6, 0]);
        bytes[ids_at + 12] = 250;
        let error = read_mpr(&bytes).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("ID 250") && message.contains("after \u{201c}control/V\u{201d}") && message.contains("Export as text"), "{message}");
    }

    #[test]
    fn loops_and_cycles_split_like_the_text_reader() {
        // A loop module as EC-Lab writes it after the run: 3 starts, 0, 500 and 1186.
        let mut bytes = MPR.to_vec();
        bytes.extend_from_slice(b"MODULEVMP loop  VMP loop                 ");
        let body: Vec<u8> = [3u32, 0, 500, 1186].iter().flat_map(|v| v.to_le_bytes()).collect();
        bytes.extend_from_slice(&(body.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&0u32.to_le_bytes());
        bytes.extend_from_slice(b"03/02/21");
        bytes.extend_from_slice(&body);
        let recording = read_mpr(&bytes).unwrap();
        let labels: Vec<(&str, usize)> = recording.curves.iter().map(|c| (c.label.as_str(), c.potential_v.len())).collect();
        assert_eq!(labels, [("loop 0", 500), ("loop 1", 686)]);
        assert!(recording.warnings.iter().all(|w| !w.contains("loops cover")), "{:?}", recording.warnings);
        // A loop module shorter than its count is said and not used.
        let n = bytes.len();
        bytes[n - 16..n - 12].copy_from_slice(&9u32.to_le_bytes());
        let recording = read_mpr(&bytes).unwrap();
        assert_eq!(recording.curves.len(), 1);
        assert!(recording.warnings.iter().any(|w| w.contains("loop module could not be read")));
    }

    #[test]
    fn cut_file_keeps_its_whole_points_and_says_so() {
        // The data module starts at 6795 + 57 and its records at 406 into it; 100 whole points
        // and a half.
        let end = 6795 + 57 + 406 + 100 * 35 + 17;
        let recording = read_mpr(&MPR[..end]).unwrap();
        assert_eq!(recording.curves[0].potential_v.len(), 100);
        assert!(recording.warnings.iter().any(|w| w.contains("after 100 of the 1186 points")), "{:?}", recording.warnings);
        // Cut before the first point, or inside the settings: errors.
        assert!(read_mpr(&MPR[..6795 + 57 + 406]).is_err());
        assert!(read_mpr(&MPR[..3000]).is_err());
    }

    #[test]
    fn no_panic_on_any_truncation_or_corruption() {
        for end in (0..MPR.len()).step_by(37).chain(0..1200).chain(6700..7400).chain([MPR.len()]) {
            if let Ok(recording) = read_mpr(&MPR[..end]) {
                assert!(recording.curves.iter().all(|c| c.potential_v.len() == c.current_a.len()));
            }
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..2000 {
            let mut bytes = MPR.to_vec();
            for _ in 0..1 + round % 4 {
                let r = next();
                // Mostly the headers (settings, data module header, module headers), where a
                // byte changes the layout; sometimes anywhere.
                let at = match r % 4 {
                    0 => (r >> 8) as usize % bytes.len(),
                    1 => 6795 + (r >> 8) as usize % 470,
                    2 => 48768 + (r >> 8) as usize % 70,
                    _ => 52 + (r >> 8) as usize % 700,
                };
                bytes[at] = match (r >> 40) % 4 {
                    0 => 0xFF,
                    1 => 0,
                    _ => (r >> 48) as u8,
                };
            }
            if let Ok(recording) = read_mpr(&bytes) {
                for curve in &recording.curves {
                    assert_eq!(curve.potential_v.len(), curve.current_a.len());
                    assert!(curve.potential_v.iter().chain(&curve.current_a).all(|v| v.is_finite()));
                }
            }
        }
    }
}
