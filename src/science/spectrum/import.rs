//! Reading a spectrum from text: instrument exports (Cary, JASCO, fibre spectrometers) and
//! spreadsheet CSV, as pasted or uploaded.
//!
//! Numbers and cells are read by the one table reader, `science::read`: it picks the delimiter
//! under which most lines read as numbers (tab, semicolon, comma or whitespace), and the file's
//! decimal mark is decided once, by the data cells that can only be read one way. This module
//! groups the data lines into blocks between headers, footers and sample blocks; finds which
//! columns hold wavelengths and which hold y series, from the header labels or, without them,
//! from columns that run monotonically; and decides whether the y values are absorbance or
//! transmittance (from the column header, then the file header, then the values), converting
//! transmittance by Beer–Lambert, A = −log10 T. Every assumption and repair is reported to the
//! user as a note in [`ParsedSpectrum::notes`].

use std::borrow::Cow;

use super::kind::{
    beyond_absorbance, impossible_absorbance, not_absorbance, DataKind, Evidence,
    FileFormat, NotAbsorbance,
};
use super::{min_max, positive, Layout, Ordinate, ParsedSpectrum, Spectrum, SpectrumError};
use crate::science::format::Short;
use super::{MAX_POINTS, MAX_SERIES, MAX_TEXT_BYTES};
use crate::science::read::number::{read_number, Context, DecimalMark, NumberError};
use crate::science::read::table::{
    cell_kind, is_missing_marker, split_lines, CellKind, Convention, Delimiter, Doubts, MarkTally,
    Place, Shape,
};

/// Reads a spectrum from pasted or uploaded text, taking y series number `series`
/// (0-based, see [`ParsedSpectrum::series_names`]) and guessing whether it holds absorbance
/// or transmittance.
pub fn parse_spectrum(text: &str, series: usize) -> Result<ParsedSpectrum, SpectrumError> {
    parse_spectrum_with(text, series, None)
}

/// Like [`parse_spectrum`], but `ordinate` (when `Some`) overrides what the y values are
/// taken to be; `None` detects it from the headers or, failing that, from the values.
pub fn parse_spectrum_with(
    text: &str,
    series: usize,
    ordinate: Option<Ordinate>,
) -> Result<ParsedSpectrum, SpectrumError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(SpectrumError::TooLarge {
            bytes: text.len(),
            limit_bytes: MAX_TEXT_BYTES,
        });
    }
    let mut notes = Vec::new();
    // UTF-16 files read as UTF-8 have a NUL after every ASCII character.
    let cleaned: Cow<str> = if text.contains('\0') {
        notes.push(
            "Removed NUL characters; the file may be UTF-16. If the numbers look wrong, save it as plain text (UTF-8) and try again."
                .to_string(),
        );
        Cow::Owned(text.replace('\0', ""))
    } else {
        Cow::Borrowed(text)
    };
    let body = cleaned.trim_start_matches('\u{feff}');
    if body.trim().is_empty() {
        return Err(SpectrumError::Empty);
    }
    let format = FileFormat::detect(body);
    if format.is_potentiostat() {
        return Err(SpectrumError::NotASpectrum(format.not_a_spectrum()));
    }
    let lines = split_lines(body);
    let delimiter = detect_delimiter(&lines)?;
    let survey = Survey::of(&lines, delimiter)?;
    let mut table = read_table(&lines, delimiter, &survey)?;
    let convention = survey.convention;
    if table.series.is_empty() {
        return Err(SpectrumError::NoNumericData);
    }
    let chosen = table
        .series
        .get(series)
        .cloned()
        .ok_or(SpectrumError::SeriesOutOfRange {
            requested: series,
            available: table.series.len(),
        })?;
    // The notes on ambiguous cells are those of the chosen series' block.
    let doubts = table
        .blocks
        .get_mut(chosen.block)
        .map(|b| std::mem::take(&mut b.doubts))
        .unwrap_or_default();
    let block = table
        .blocks
        .get(chosen.block)
        .ok_or(SpectrumError::NoNumericData)?;

    // Notes about the layout come first: they explain everything after.
    if !block.header_lines.is_empty() {
        notes.push(format!(
            "Read {}.",
            count_noun(block.header_lines.len(), "header line", "header lines")
        ));
    }
    // Said only when some cell shows it: a comma assumed for a semicolon file of integers
    // changes no number, and one assumed for `1,000` is said by the note on that cell.
    if convention.mark == DecimalMark::Comma && convention.shown_by.is_some() {
        notes.push("Decimal comma detected.".to_string());
    }
    if let Some(first) = &table.other_mark {
        notes.push(format!("{first} The line was skipped."));
        if table.other_mark_lines > 1 {
            notes.push(format!(
                "{} skipped for the same reason.",
                count_noun(
                    table.other_mark_lines - 1,
                    "more line was",
                    "more lines were"
                )
            ));
        }
    }
    doubts.finish(&mut notes);
    if block.transposed {
        notes.push(
            "The numbers run along the lines, so the first line was read as wavelengths and the next ones as series."
                .to_string(),
        );
    }
    if block.inner_skipped > 0 {
        notes.push(format!(
            "Skipped {} inside the data.",
            count_noun(
                block.inner_skipped,
                "line that was not numbers",
                "lines that were not numbers"
            )
        ));
    }
    if chosen.block + 1 == table.blocks.len() && table.trailing_lines > 0 {
        notes.push(format!(
            "Ignored {} after the data.",
            count_noun(table.trailing_lines, "line", "lines")
        ));
    }
    if table.series_cut {
        notes.push(format!(
            "The file has more than {MAX_SERIES} series; only the first {MAX_SERIES} are listed."
        ));
    }
    if table.series.len() > 1 {
        notes.push(format!(
            "Found {} series; using series {}, \u{201c}{}\u{201d}.",
            table.series.len(),
            series + 1,
            chosen.name
        ));
    }

    let raw_points: Vec<(f64, f64)> = block
        .rows
        .iter()
        .filter_map(|row| {
            let x = row.get(chosen.x_col).copied().flatten()?;
            let y = row.get(chosen.y_col).copied().flatten()?;
            Some((x, y))
        })
        .collect();
    let y_values: Vec<f64> = raw_points.iter().map(|p| p.1).collect();

    // What the values are: a header or label that names emission or counts, or an x column
    // that is not a wavelength, settles it before any guess from the values.
    // The header's key–value lines, without the rows that name the columns and samples.
    let (labels, samples) = label_rows(block, &lines, delimiter);
    let label_lines = usize::from(labels.is_some()) + usize::from(samples.is_some());
    let header_lines = &block.header_lines[..block.header_lines.len().saturating_sub(label_lines)];
    let header: Vec<&str> = header_lines.iter().filter_map(|&i| lines.get(i).copied()).collect();
    let evidence = Evidence {
        format,
        x_label: chosen.x_label.as_deref(),
        y_label: chosen.label.as_deref(),
        header: &header,
    };
    let stated = match ordinate {
        Some(_) => None,
        None => not_absorbance(&evidence, &y_values),
    };
    let (ordinate, how) = match (ordinate, &stated) {
        (_, Some(_)) => (Ordinate::Absorbance, OrdinateSource::Refused),
        (Some(forced), None) => (forced, OrdinateSource::Forced),
        (None, None) => detect_ordinate(chosen.label.as_deref(), &block.header_text, &y_values),
    };
    // Then the values: no spectrometer reads an absorbance above about 6, nor a
    // transmittance far above 100 %.
    let refused = stated.or_else(|| match ordinate {
        Ordinate::Absorbance if beyond_absorbance(&y_values) => {
            Some(impossible_absorbance(format, &y_values, how == OrdinateSource::Header))
        }
        Ordinate::PercentTransmittance if min_max(&y_values).is_some_and(|(_, hi)| hi > 110.0) => Some(NotAbsorbance {
            kind: DataKind::Unknown,
            message: format!(
                "The values are read as %T, but they reach {} %: a sample transmits at most 100 %. Check the file's y column.",
                Short(min_max(&y_values).map_or(0.0, |(_, hi)| hi), 4)
            ),
        }),
        _ => None,
    });
    let (ordinate, how) = if refused.is_some() { (Ordinate::Absorbance, OrdinateSource::Refused) } else { (ordinate, how) };
    match (ordinate, how) {
        (_, OrdinateSource::Refused) => {}
        (Ordinate::Absorbance, OrdinateSource::Values) => {}
        (Ordinate::Absorbance, OrdinateSource::Forced) => {
            notes.push("Read the values as absorbance, as chosen.".to_string())
        }
        (o, OrdinateSource::Forced) => notes.push(format!(
            "Read the values as {}, as chosen, and converted them to absorbance with A = \u{2212}log10(T).",
            o.label()
        )),
        (o, OrdinateSource::Values) => notes.push(format!(
            "The values all lie between 0 and 100, so they were read as {} and converted to absorbance with A = \u{2212}log10(T). Choose absorbance if that is wrong.",
            o.label()
        )),
        (Ordinate::Absorbance, OrdinateSource::Header) => {}
        (o, OrdinateSource::Header) => notes.push(format!(
            "The header says {}; converted to absorbance with A = \u{2212}log10(T).",
            o.label()
        )),
    }

    let spectrum = build_spectrum(&raw_points, ordinate, &mut notes)?;
    if spectrum.wavelength_nm.last().is_some_and(|&max| max < 20.0) {
        notes.push(
            "All wavelengths are below 20, so the x column may be in \u{b5}m or eV; PhotoCalc expects nm, so convert it first."
                .to_string(),
        );
    }

    let kind = match (&refused, ordinate) {
        (Some(r), _) => r.kind,
        (None, Ordinate::Absorbance) => DataKind::Absorbance,
        (None, _) => DataKind::Transmittance,
    };
    let layout = Layout {
        header_lines: header.iter().map(|l| l.to_string()).collect(),
        delimiter: match delimiter {
            Delimiter::Tab => "tab",
            Delimiter::Semicolon => "semicolon",
            Delimiter::Comma => "comma",
            Delimiter::Whitespace => "whitespace",
        },
        decimal_comma: convention.mark == DecimalMark::Comma,
        rows: block.rows.len(),
        columns: block.rows.iter().map(Vec::len).max().unwrap_or(0),
        x_column: chosen.x_col,
        y_column: chosen.y_col,
        x_label: chosen.x_label.clone(),
        y_label: chosen.label.clone(),
    };
    Ok(ParsedSpectrum {
        spectrum,
        ordinate,
        kind,
        not_absorbance: refused.map(|r| r.message),
        format,
        layout,
        series_names: table.series.iter().map(|s| s.name.clone()).collect(),
        series_index: series,
        skipped_lines: table.skipped_lines,
        notes,
    })
}

/// What a line is, under a given delimiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// Nothing, or only missing values (`NaN NaN`).
    Blank,
    /// At least two numbers and no text.
    Data,
    /// A single number and no text (a one-column file).
    OneNumber,
    Text,
}

/// A line read by the file's delimiter and decimal mark.
#[derive(Debug, Default)]
struct ReadLine {
    /// Its cells, `None` for empty and missing ones, when it holds data.
    cells: Vec<Option<f64>>,
    /// Notes on cells the other decimal mark reads differently (`1,000`).
    doubts: Vec<String>,
    /// Why a line of numbers was not read: a cell written with the other decimal mark.
    other_mark: Option<String>,
}

/// What a line is before its decimal mark is known: whether its cells are text, numbers
/// (under either mark) or missing values (`NaN`, `--`, `1e999`).
fn line_kind(cells: &[String], delimiter: Delimiter) -> LineKind {
    // One data line longer than a whole spectrum is not a data line.
    if cells.len() > MAX_POINTS + 1 {
        return LineKind::Text;
    }
    let mut numbers = 0usize;
    for cell in cells {
        match cell_kind(cell, delimiter.comma_is_decimal()) {
            CellKind::Text => return LineKind::Text,
            CellKind::Missing => {}
            CellKind::Number => numbers += 1,
        }
    }
    match numbers {
        0 => LineKind::Blank,
        1 => LineKind::OneNumber,
        _ => LineKind::Data,
    }
}

/// Reads a data line (see [`Survey`]), line `line_number` (1-based) of the text, by the
/// file's convention. A cell that only the other decimal mark makes a number is unreadable, as
/// text is: `1.5` among decimal commas is read neither as 15 nor as 1.5, and the line is not
/// data (the note names it).
fn read_data_line(
    line: &str,
    line_number: usize,
    delimiter: Delimiter,
    convention: &Convention,
) -> (LineKind, ReadLine) {
    let texts = delimiter.split(line);
    let mut read = ReadLine {
        cells: Vec::with_capacity(texts.len()),
        ..ReadLine::default()
    };
    let mut numbers = 0usize;
    for text in &texts {
        if text.is_empty() || is_missing_marker(text) {
            read.cells.push(None);
            continue;
        }
        match read_number(text, Context::Table(convention.mark)) {
            Ok(number) => {
                numbers += 1;
                // Only cells the file's own mark does not settle get a note (`1,000` where no
                // cell shows the mark, `1.500` among decimal commas).
                read.doubts.extend(convention.ambiguity_note_at(
                    text,
                    line_number,
                    &number,
                    Place::Line,
                ));
                read.cells.push(Some(number.value));
            }
            // `1.5e999` is beyond double precision under either mark: missing, not misread.
            Err(NumberError::OtherDecimalMark(_))
                if cell_kind(text, delimiter.comma_is_decimal()) == CellKind::Missing =>
            {
                read.cells.push(None)
            }
            Err(error @ NumberError::OtherDecimalMark(_)) => {
                read.other_mark.get_or_insert_with(|| {
                    convention.error_message(&error, text, line_number, Place::Line)
                });
                read.cells.push(None);
            }
            // Beyond double precision under this mark: a missing value, as `1e999` is. (The
            // survey found no text in a data line, so nothing else is left.)
            Err(_) => read.cells.push(None),
        }
    }
    let kind = match (numbers, &read.other_mark) {
        (_, Some(_)) => LineKind::Text,
        (0, None) => LineKind::Blank,
        (1, None) => LineKind::OneNumber,
        _ => LineKind::Data,
    };
    if kind != LineKind::Data {
        read.cells = Vec::new();
        read.doubts = Vec::new();
    }
    (kind, read)
}

/// Picks the delimiter under which the most lines read as data (`science::read::table`); a
/// spectrum needs two columns, so one number per line is its own error.
fn detect_delimiter(lines: &[&str]) -> Result<Delimiter, SpectrumError> {
    match Shape::detect(lines) {
        Shape::Columns(delimiter) => Ok(delimiter),
        Shape::SingleColumn => Err(SpectrumError::SingleColumn),
        Shape::NoNumbers => Err(SpectrumError::NoNumericData),
    }
}

/// The first look at every line, before any number is read: what each line is, and the
/// decimal mark of the file.
struct Survey {
    /// The kind of each line, as text, numbers under either mark, or missing values make it.
    /// Reading by the file's mark can only turn a data line into another kind.
    kinds: Vec<LineKind>,
    /// The file's decimal mark, decided once by a vote of the cells of its data lines
    /// (metadata lines may use another mark).
    convention: Convention,
}

impl Survey {
    /// Surveys the lines, and refuses more data lines than a spectrum holds before any of them
    /// is read.
    fn of(lines: &[&str], delimiter: Delimiter) -> Result<Survey, SpectrumError> {
        let mut tally = MarkTally::default();
        let mut kinds = Vec::with_capacity(lines.len());
        let mut data_lines = 0usize;
        for (index, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                kinds.push(LineKind::Blank);
                continue;
            }
            let cells = delimiter.split(line);
            let kind = line_kind(&cells, delimiter);
            kinds.push(kind);
            if kind != LineKind::Data {
                continue;
            }
            data_lines += 1;
            if data_lines > MAX_POINTS {
                return Err(SpectrumError::TooManyPoints { limit: MAX_POINTS });
            }
            // Commas that separate cells cannot be decimal marks: nothing to count.
            if delimiter.comma_is_decimal() {
                for cell in &cells {
                    tally.add(index + 1, cell);
                }
            }
        }
        Ok(Survey {
            kinds,
            convention: tally.convention(delimiter),
        })
    }
}

/// A run of data lines, possibly interrupted by single garbage lines.
#[derive(Debug, Default)]
struct Block {
    rows: Vec<Vec<Option<f64>>>,
    /// Text lines between the previous block (or the start) and this one, in order.
    header_lines: Vec<usize>,
    /// Lower-case text of the header lines, searched for "absorbance" and "transmittance".
    header_text: String,
    /// Garbage lines inside the block, skipped.
    inner_skipped: usize,
    /// A blank line separates the block from the text above it.
    blank_before: bool,
    /// The data ran along lines and was turned into columns.
    transposed: bool,
    /// Notes on cells of this block that the other decimal mark reads differently.
    doubts: Doubts,
}

/// One y series: which block and columns it comes from and what to call it.
#[derive(Debug, Clone)]
struct SeriesSpec {
    block: usize,
    x_col: usize,
    y_col: usize,
    name: String,
    /// The y column's header cell, if any, for detecting the ordinate.
    label: Option<String>,
    /// The x column's header cell, if any.
    x_label: Option<String>,
}

/// Everything found in the text: its data blocks and the series they hold.
#[derive(Debug, Default)]
struct Table {
    blocks: Vec<Block>,
    /// Every y series of every block, at most [`MAX_SERIES`].
    series: Vec<SeriesSpec>,
    /// Non-blank lines not used as data.
    skipped_lines: usize,
    /// Non-blank lines after the last block (footers).
    trailing_lines: usize,
    /// The message for the first line of numbers skipped for a cell written with the other
    /// decimal mark.
    other_mark: Option<String>,
    /// How many lines were skipped so.
    other_mark_lines: usize,
    /// More than [`MAX_SERIES`] series were found and the rest left out.
    series_cut: bool,
}

/// Groups data lines into blocks and lists their series.
///
/// A block ends at a blank line or at two text lines in a row: instrument footers and
/// sample blocks start that way, while a single stray line inside the data is skipped.
fn read_table(
    lines: &[&str],
    delimiter: Delimiter,
    survey: &Survey,
) -> Result<Table, SpectrumError> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    let mut gap_has_blank = false;
    let mut blank_since_text = false;
    let mut non_blank_lines = 0usize;
    let mut other_mark: Option<String> = None;
    let mut other_mark_lines = 0usize;
    for (index, line) in lines.iter().enumerate() {
        let (kind, read) = match survey.kinds.get(index) {
            Some(LineKind::Data) => read_data_line(line, index + 1, delimiter, &survey.convention),
            Some(&kind) => (kind, ReadLine::default()),
            None => (LineKind::Blank, ReadLine::default()),
        };
        if let Some(message) = read.other_mark {
            other_mark_lines += 1;
            other_mark.get_or_insert(message);
        }
        match kind {
            LineKind::Blank => {
                gap_has_blank = !blocks.is_empty();
                blank_since_text = true;
            }
            LineKind::Text | LineKind::OneNumber => {
                non_blank_lines += 1;
                pending.push(index);
                blank_since_text = false;
            }
            LineKind::Data => {
                non_blank_lines += 1;
                let continues = !gap_has_blank && pending.len() < 2;
                match blocks.last_mut() {
                    Some(block) if continues => {
                        block.inner_skipped += pending.len();
                        pending.clear();
                    }
                    _ => blocks.push(Block {
                        header_lines: std::mem::take(&mut pending),
                        blank_before: blank_since_text,
                        ..Block::default()
                    }),
                }
                if let Some(block) = blocks.last_mut() {
                    block.rows.push(read.cells);
                    for doubt in read.doubts {
                        block.doubts.add(Some(doubt));
                    }
                }
                gap_has_blank = false;
                blank_since_text = false;
            }
        }
    }
    let trailing_lines = pending.len();

    // Tiny blocks are numbers inside metadata (dates split by spaces, parameter pairs).
    let largest = blocks.iter().map(|b| b.rows.len()).max().unwrap_or(0);
    let min_rows = largest.min(5);
    blocks.retain(|b| b.rows.len() >= min_rows);
    let used_lines: usize = blocks.iter().map(|b| b.rows.len()).sum();
    if blocks.is_empty() {
        // Every line of numbers mixed the marks: say so, rather than that there were none.
        return Err(match other_mark {
            Some(detail) => SpectrumError::MixedDecimalMarks { detail },
            None => SpectrumError::NoNumericData,
        });
    }

    let mut table = Table {
        skipped_lines: non_blank_lines.saturating_sub(used_lines),
        trailing_lines,
        other_mark,
        other_mark_lines,
        ..Table::default()
    };
    let multi_block = blocks.len() > 1;
    for (block_index, mut block) in blocks.into_iter().enumerate() {
        block.header_text = block
            .header_lines
            .iter()
            .filter_map(|&i| lines.get(i))
            .map(|l| l.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join("\n");
        transpose_if_along_lines(&mut block);
        for spec in block_series(&block, block_index, lines, delimiter, multi_block) {
            if table.series.len() >= MAX_SERIES {
                table.series_cut = true;
                break;
            }
            table.series.push(spec);
        }
        table.blocks.push(block);
    }
    Ok(table)
}

/// A few long lines of numbers whose first line runs monotonically are a spectrum written
/// across the page: wavelengths on the first line, one series per further line.
fn transpose_if_along_lines(block: &mut Block) {
    let rows = &block.rows;
    if !(2..=4).contains(&rows.len()) {
        return;
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let full = |r: &Vec<Option<f64>>| r.iter().filter(|c| c.is_some()).count() >= 8;
    if width < 8 || !rows.iter().all(full) {
        return;
    }
    let first: Vec<f64> = rows[0].iter().flatten().copied().collect();
    if !is_monotonic(&first) {
        return;
    }
    let transposed: Vec<Vec<Option<f64>>> = (0..width)
        .map(|c| rows.iter().map(|r| r.get(c).copied().flatten()).collect())
        .collect();
    block.rows = transposed;
    block.transposed = true;
}

/// Strictly rising or strictly falling, with at least 2 values: how a wavelength column runs.
fn is_monotonic(values: &[f64]) -> bool {
    values.len() >= 2
        && (values.windows(2).all(|w| w[1] > w[0]) || values.windows(2).all(|w| w[1] < w[0]))
}

/// Header cells of a line, unquoted, for naming series.
fn header_cells(line: &str, delimiter: Delimiter) -> Vec<String> {
    let split = delimiter.split(line);
    let mut cells: Vec<String> = Vec::with_capacity(split.len());
    for cell in split {
        // Spaces split `"Wavelength (nm)"` inside its quotes, leaving a quote on each part.
        let cell = cell.trim_matches('"').trim().to_string();
        // "Wavelength (nm)" splits into two tokens on whitespace; glue the unit back on.
        let is_unit = cell.starts_with('(') || cell.starts_with('[');
        match cells.last_mut() {
            Some(previous) if delimiter == Delimiter::Whitespace && is_unit => {
                previous.push(' ');
                previous.push_str(&cell);
            }
            _ => cells.push(cell),
        }
    }
    cells
}

/// A header row names columns: at least two cells, none of them numbers.
fn as_label_row(cells: Vec<String>, min_cells: usize) -> Option<Vec<String>> {
    let non_empty = cells.iter().filter(|c| !c.is_empty()).count();
    let any_number = cells.iter().any(|c| cell_kind(c, true) == CellKind::Number);
    (non_empty >= min_cells && !any_number).then_some(cells)
}

/// Whether a column header names the x axis: wavelength (or, for the note, energy) rather
/// than an ordinate.
fn is_wavelength_label(label: &str) -> bool {
    if label_ordinate(label).is_some() {
        return false;
    }
    let l = label.to_ascii_lowercase();
    let compact: String = l.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("wavelength")
        || compact.contains("wave")
        || compact.contains("lambda")
        || compact.contains('\u{3bb}')
        || compact.starts_with("wl")
        || compact == "nm"
        || compact == "x"
        || compact.contains("(nm)")
        || compact.contains("[nm]")
        || compact.contains("/nm")
        || compact.contains("energy")
        || compact.contains("(ev)")
}

/// Values of one column (empty cells left out).
fn column(block: &Block, col: usize) -> Vec<f64> {
    block
        .rows
        .iter()
        .filter_map(|r| r.get(col).copied().flatten())
        .collect()
}

/// The header rows that name a block's columns and, above them, its samples: the line right
/// above the data, and the one above that. A line set apart from the data by a blank line names
/// columns only if one of its cells names a wavelength: otherwise it is the last line of a
/// key–value header (`Detector,Ext Red PMT,`).
fn label_rows(block: &Block, lines: &[&str], delimiter: Delimiter) -> (Option<Vec<String>>, Option<Vec<String>>) {
    let width = block.rows.iter().map(Vec::len).max().unwrap_or(0);
    let header_line = |back: usize| -> Option<&str> {
        let pos = block.header_lines.len().checked_sub(back)?;
        lines.get(*block.header_lines.get(pos)?).copied()
    };
    let (mut labels, mut samples) = (None, None);
    if !block.transposed {
        labels = header_line(1)
            .and_then(|l| as_label_row(header_cells(l, delimiter), 2))
            .filter(|cells| !block.blank_before || cells.iter().any(|c| is_wavelength_label(c)));
        if labels.is_some() {
            samples = header_line(2).and_then(|l| as_label_row(header_cells(l, delimiter), 1));
        }
    }
    // Whitespace drops empty cells, so only a header with one name per column lines up.
    if delimiter == Delimiter::Whitespace {
        if labels.as_ref().is_some_and(|l| l.len() != width) {
            labels = None;
        }
        if samples.as_ref().is_some_and(|s| s.len() != width) {
            samples = None;
        }
    }
    (labels, samples)
}

/// Finds which columns are wavelengths and which are y series, and names the series.
fn block_series(
    block: &Block,
    block_index: usize,
    lines: &[&str],
    delimiter: Delimiter,
    multi_block: bool,
) -> Vec<SeriesSpec> {
    let width = block.rows.iter().map(Vec::len).max().unwrap_or(0);
    let data_cols: Vec<usize> = (0..width)
        .filter(|&c| {
            block
                .rows
                .iter()
                .any(|r| r.get(c).copied().flatten().is_some())
        })
        .collect();
    if data_cols.len() < 2 {
        return Vec::new();
    }

    let (labels, samples) = label_rows(block, lines, delimiter);
    let cell_of = |row: &Option<Vec<String>>, c: usize| -> Option<String> {
        row.as_ref()?.get(c).filter(|s| !s.is_empty()).cloned()
    };

    let label_x: Vec<usize> = data_cols
        .iter()
        .copied()
        .filter(|&c| cell_of(&labels, c).is_some_and(|l| is_wavelength_label(&l)))
        .collect();
    let groups: Vec<(usize, Vec<usize>)> = if label_x.len() >= 2 {
        label_x
            .iter()
            .enumerate()
            .map(|(k, &x_col)| {
                let next = label_x.get(k + 1).copied().unwrap_or(usize::MAX);
                let ys = data_cols
                    .iter()
                    .copied()
                    .filter(|&c| c > x_col && c < next)
                    .collect();
                (x_col, ys)
            })
            .collect()
    } else if let Some(&x_col) = label_x.first() {
        let ys = data_cols.iter().copied().filter(|&c| c != x_col).collect();
        vec![(x_col, ys)]
    } else if columns_come_in_pairs(block, &data_cols) {
        data_cols
            .chunks(2)
            .filter_map(|pair| match pair {
                [x_col, y_col] => Some((*x_col, vec![*y_col])),
                _ => None,
            })
            .collect()
    } else {
        vec![(data_cols[0], data_cols[1..].to_vec())]
    };

    let mut specs = Vec::new();
    for (x_col, ys) in groups {
        let single_y = ys.len() == 1;
        for y_col in ys {
            let label = cell_of(&labels, y_col);
            let sample = cell_of(&samples, y_col)
                .or_else(|| single_y.then(|| cell_of(&samples, x_col)).flatten());
            let name = match (&sample, &label) {
                (Some(s), Some(l)) => format!("{s} ({l})"),
                (Some(s), None) => s.clone(),
                (None, Some(l)) => l.clone(),
                (None, None) if block.transposed => format!("Line {}", y_col + 1),
                (None, None) => format!("Column {}", y_col + 1),
            };
            let name = if multi_block {
                format!("Block {}: {name}", block_index + 1)
            } else {
                name
            };
            specs.push(SeriesSpec {
                block: block_index,
                x_col,
                y_col,
                name,
                label,
                x_label: cell_of(&labels, x_col),
            });
        }
    }
    specs
}

/// Without headers, side-by-side (wavelength, y) pairs show as every other column running
/// monotonically over the same range as the first column.
fn columns_come_in_pairs(block: &Block, data_cols: &[usize]) -> bool {
    if data_cols.len() < 4 || data_cols.len() % 2 != 0 {
        return false;
    }
    let first = column(block, data_cols[0]);
    let Some((lo0, hi0)) = min_max(&first) else {
        return false;
    };
    if !is_monotonic(&first) {
        return false;
    }
    data_cols.iter().step_by(2).skip(1).all(|&c| {
        let values = column(block, c);
        is_monotonic(&values) && min_max(&values).is_some_and(|(lo, hi)| lo <= hi0 && hi >= lo0)
    })
}

/// Where the ordinate was decided, for the note telling the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OrdinateSource {
    Forced,
    Header,
    Values,
    /// The values are not absorbance nor transmittance: read as they are, not sized.
    Refused,
}

/// What a column header says about the y values. `Transmittance` here means "some
/// transmittance", settled by the values.
fn label_ordinate(label: &str) -> Option<Ordinate> {
    let compact: String = label
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let transmittance = compact.contains("%t")
        || compact.contains("t%")
        || compact.contains("transm")
        || compact == "%"
        || compact == "t"
        || compact.starts_with("t(")
        || compact.starts_with("t[")
        || compact.starts_with("t/");
    if transmittance {
        return Some(if compact.contains('%') || compact.contains("percent") {
            Ordinate::PercentTransmittance
        } else {
            Ordinate::Transmittance
        });
    }
    let absorbance = compact.contains("abs")
        || compact == "a"
        || compact.starts_with("a(")
        || compact.starts_with("a[")
        || compact.starts_with("a/")
        || compact == "od"
        || compact.contains("opticaldensity")
        || compact.contains("extinction");
    absorbance.then_some(Ordinate::Absorbance)
}

/// Decides the ordinate from the column header, then the file header, then the values:
/// all values within 0–100 with a maximum above 5 cannot be a sensible absorbance, so they
/// are %T (a margin of 1 allows for noise around 0 % and 100 %).
fn detect_ordinate(
    label: Option<&str>,
    header_text: &str,
    values: &[f64],
) -> (Ordinate, OrdinateSource) {
    let (lo, hi) = min_max(values).unwrap_or((0.0, 0.0));
    let settle = |o: Ordinate| match o {
        Ordinate::Transmittance if hi > 1.5 => Ordinate::PercentTransmittance,
        other => other,
    };
    if let Some(o) = label.and_then(label_ordinate) {
        return (settle(o), OrdinateSource::Header);
    }
    let says_absorbance = header_text.contains("absorbance");
    let says_transmittance = header_text.contains("transmittance")
        || header_text.contains("%t")
        || header_text.contains("t%");
    match (says_absorbance, says_transmittance) {
        (true, false) => return (Ordinate::Absorbance, OrdinateSource::Header),
        (false, true) => return (settle(Ordinate::Transmittance), OrdinateSource::Header),
        _ => {}
    }
    if lo >= -1.0 && hi <= 101.0 && hi > 5.0 {
        (Ordinate::PercentTransmittance, OrdinateSource::Values)
    } else {
        (Ordinate::Absorbance, OrdinateSource::Values)
    }
}

/// Converts to absorbance, drops unusable points, sorts by wavelength and averages repeats.
fn build_spectrum(
    raw_points: &[(f64, f64)],
    ordinate: Ordinate,
    notes: &mut Vec<String>,
) -> Result<Spectrum, SpectrumError> {
    let xs: Vec<f64> = raw_points.iter().map(|p| p.0).collect();
    let descending = xs.len() >= 2 && xs.windows(2).all(|w| w[1] <= w[0]);
    let ascending = xs.windows(2).all(|w| w[1] >= w[0]);

    let mut dropped_wavelength = 0usize;
    let mut dropped_transmittance = 0usize;
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(raw_points.len());
    for &(x, v) in raw_points {
        if !positive(x) || !x.is_finite() {
            dropped_wavelength += 1;
            continue;
        }
        match ordinate.to_absorbance(v) {
            Some(a) => points.push((x, a)),
            None => dropped_transmittance += 1,
        }
    }
    if dropped_wavelength > 0 {
        notes.push(format!(
            "Dropped {} with a wavelength of 0 nm or less.",
            count_noun(dropped_wavelength, "point", "points")
        ));
    }
    if dropped_transmittance > 0 {
        notes.push(format!(
            "Dropped {} with transmittance of 0 or less, where the absorbance would be infinite.",
            count_noun(dropped_transmittance, "point", "points")
        ));
    }
    if descending && !ascending {
        notes.push("Wavelength was descending; sorted ascending.".to_string());
    } else if !ascending {
        notes.push("Wavelengths were out of order; sorted ascending.".to_string());
    }
    points.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));

    // Average points closer than a part in 10⁹: repeated wavelengths in one export.
    let mut wavelength_nm: Vec<f64> = Vec::with_capacity(points.len());
    let mut absorbance: Vec<f64> = Vec::with_capacity(points.len());
    let mut group_count = 0usize;
    let mut merged = 0usize;
    for (x, a) in points {
        let same = wavelength_nm
            .last()
            .is_some_and(|&last| (x - last).abs() <= 1e-9 * x.abs().max(1.0));
        match (same, absorbance.last_mut()) {
            (true, Some(mean)) => {
                group_count += 1;
                *mean += (a - *mean) / group_count as f64;
                merged += 1;
            }
            _ => {
                wavelength_nm.push(x);
                absorbance.push(a);
                group_count = 1;
            }
        }
    }
    if merged > 0 {
        notes.push(format!(
            "Merged {} by averaging.",
            count_noun(merged, "repeated wavelength", "repeated wavelengths")
        ));
    }
    if wavelength_nm.len() < 2 {
        return Err(SpectrumError::TooFewPoints {
            found: wavelength_nm.len(),
        });
    }
    Spectrum::new(wavelength_nm, absorbance)
}

/// "1 line", "2 lines": a count with its noun, for notes.
fn count_noun(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::science::spectrum::{find_first_exciton_peak, smoothed};

    /// A cell as the importer reads it.
    #[derive(Debug, PartialEq)]
    enum Cell {
        Number(f64),
        /// Empty, or a missing-value marker such as `NaN` or `--`.
        Empty,
        /// Text, or a number only the other decimal mark reads: the line is not data.
        Text,
    }

    /// Reads `text` as the third cell of a line `7<d>7<d>text` in a file split by `delimiter`
    /// whose numbers use `mark`.
    fn read_cell(text: &str, delimiter: Delimiter, mark: DecimalMark) -> Cell {
        let separator = match delimiter {
            Delimiter::Tab => "\t",
            Delimiter::Semicolon => ";",
            Delimiter::Comma => ",",
            Delimiter::Whitespace => " ",
        };
        let line = ["7", "7", text].join(separator);
        let convention = Convention {
            mark,
            shown_by: None,
            certain: false,
        };
        if line_kind(&delimiter.split(&line), delimiter) != LineKind::Data {
            return Cell::Text;
        }
        match read_data_line(&line, 1, delimiter, &convention) {
            (LineKind::Data, read) => match read.cells.get(2) {
                Some(Some(v)) => Cell::Number(*v),
                _ => Cell::Empty,
            },
            _ => Cell::Text,
        }
    }

    /// The cases of the importer's former private cell parser, now read by `science::read`:
    /// `csv` is a file split by commas (so read with decimal points), `comma` one split by
    /// tabs whose numbers use decimal commas.
    #[test]
    fn spectrum_cells_accept_numbers_and_reject_words() {
        let csv = |t: &str| read_cell(t, Delimiter::Comma, DecimalMark::Point);
        let comma = |t: &str| read_cell(t, Delimiter::Tab, DecimalMark::Comma);
        let point = |t: &str| read_cell(t, Delimiter::Tab, DecimalMark::Point);
        assert_eq!(csv("1.5e-3"), Cell::Number(1.5e-3));
        assert_eq!(csv("\"400\""), Cell::Number(400.0));
        assert_eq!(comma("0,123"), Cell::Number(0.123));
        assert_eq!(csv("\"0,123\""), Cell::Text);
        // Digit groups are read by the file's mark; in a file of decimal commas a decimal
        // point makes the cell unreadable rather than a different number.
        assert_eq!(comma("1,234.5"), Cell::Text);
        assert_eq!(point("1,234.5"), Cell::Number(1234.5));
        assert_eq!(comma("1.5"), Cell::Text);
        assert_eq!(comma("1 000,5"), Cell::Number(1000.5));
        assert_eq!(csv("NaN"), Cell::Empty);
        assert_eq!(csv("-inf"), Cell::Empty);
        assert_eq!(csv("1e999"), Cell::Empty);
        assert_eq!(comma("1,5e999"), Cell::Empty);
        assert_eq!(comma("1.5e999"), Cell::Empty);
        assert_eq!(csv("12/02/21"), Cell::Text);
        assert_eq!(csv("Abs"), Cell::Text);
        assert_eq!(csv("e"), Cell::Text);
        assert_eq!(csv("-"), Cell::Empty);
    }

    #[test]
    fn spectrum_delimiter_detection_separates_decimal_commas() {
        assert_eq!(
            detect_delimiter(&["400,5;0,123", "401,5;0,2"]),
            Ok(Delimiter::Semicolon)
        );
        assert_eq!(detect_delimiter(&["400,5\t0,123"]), Ok(Delimiter::Tab));
        assert_eq!(
            detect_delimiter(&["400,123", "401,124"]),
            Ok(Delimiter::Comma)
        );
        assert_eq!(
            detect_delimiter(&["400,5 0,123"]),
            Ok(Delimiter::Whitespace)
        );
        assert_eq!(detect_delimiter(&["400, 0.5"]), Ok(Delimiter::Comma));
        assert_eq!(
            detect_delimiter(&["1", "2"]),
            Err(SpectrumError::SingleColumn)
        );
        assert_eq!(
            detect_delimiter(&["a b"]),
            Err(SpectrumError::NoNumericData)
        );
    }

    #[test]
    fn spectrum_ordinate_conversion() {
        assert_eq!(
            Ordinate::PercentTransmittance.to_absorbance(10.0),
            Some(1.0)
        );
        assert_eq!(Ordinate::Transmittance.to_absorbance(0.01), Some(2.0));
        assert_eq!(Ordinate::Transmittance.to_absorbance(0.0), None);
        assert_eq!(Ordinate::Absorbance.to_absorbance(f64::INFINITY), None);
        assert_eq!(label_ordinate("%T"), Some(Ordinate::PercentTransmittance));
        assert_eq!(label_ordinate("T%"), Some(Ordinate::PercentTransmittance));
        assert_eq!(label_ordinate("Abs"), Some(Ordinate::Absorbance));
        assert_eq!(label_ordinate("A"), Some(Ordinate::Absorbance));
        assert_eq!(label_ordinate("Wavelength (nm)"), None);
        assert!(is_wavelength_label("Wavelength (nm)"));
        assert!(is_wavelength_label("WL/nm"));
        assert!(!is_wavelength_label("Abs"));
    }

    /// Deterministic pseudo-random bytes fed to the parser never panic.
    #[test]
    fn spectrum_parser_survives_garbage() {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let alphabet = b"0123456789.,;\t \n\r-+eE%TAabs\"nNiI";
        for len in [0usize, 1, 2, 7, 50, 400, 3000] {
            for _ in 0..30 {
                let text: String = (0..len)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        alphabet[(state >> 33) as usize % alphabet.len()] as char
                    })
                    .collect();
                for series in [0, 1, 5] {
                    if let Ok(p) = parse_spectrum(&text, series) {
                        assert!(p.spectrum.validate().is_ok());
                        let _ = find_first_exciton_peak(&p.spectrum, None);
                        let _ = smoothed(&p.spectrum);
                    }
                }
            }
        }
    }
}
