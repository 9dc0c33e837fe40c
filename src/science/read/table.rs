//! Pasted and uploaded tables: which character separates the columns, which mark separates
//! decimals, where the header is and what units it names.
//!
//! Spreadsheets copy cells as tab-separated lines; CSV files separate them by commas, or by
//! semicolons where the comma is the decimal mark (European Excel); instruments write columns
//! separated by runs of spaces. [`Layout::detect`] tries each separator and keeps the one under
//! which the most lines hold two or more numbers (ties go to tab, then semicolon, comma and
//! spaces, the order of how deliberate the choice is). The decimal mark is then decided by the
//! cells that can be read only one way (`0,25` says comma, `1.5` says point): the table takes
//! the mark most of them use, a cell that only the other mark makes a number is an error naming
//! its row, and cells that both marks read differently (`1,000`) are read by the table's mark
//! with a note that says so ([`Convention`]).

use super::number::{decimal_mark_evidence, read_number, Context, DecimalMark, NumberError};

/// What separates the cells of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Tab,
    Semicolon,
    Comma,
    /// One or more spaces or tabs.
    Whitespace,
}

impl Delimiter {
    /// In the order ties are broken.
    pub const ALL: [Delimiter; 4] = [Delimiter::Tab, Delimiter::Semicolon, Delimiter::Comma, Delimiter::Whitespace];

    /// Splits a line into cells, trimmed and unquoted. Tab, semicolon and comma keep empty
    /// cells, so that the ragged columns of multi-sample exports stay aligned; a delimiter
    /// inside double quotes belongs to the cell (`"1,5";"2,25"`).
    pub fn split(self, line: &str) -> Vec<String> {
        let separator = match self {
            Delimiter::Whitespace => return line.split_whitespace().map(unquote).collect(),
            Delimiter::Tab => '\t',
            Delimiter::Semicolon => ';',
            Delimiter::Comma => ',',
        };
        if !line.contains('"') {
            return line.split(separator).map(unquote).collect();
        }
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    cell.push('"');
                    chars.next();
                }
                '"' => quoted = !quoted,
                c if c == separator && !quoted => cells.push(unquote(&std::mem::take(&mut cell))),
                c => cell.push(c),
            }
        }
        cells.push(unquote(&cell));
        cells
    }

    /// Whether a comma inside a cell can be a decimal comma: not when commas separate the
    /// cells (a CSV cell holds a comma only inside quotes, and `cell_kind` reads it as text).
    pub fn comma_is_decimal(self) -> bool {
        self != Delimiter::Comma
    }

    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Delimiter::Tab => "tabs",
            Delimiter::Semicolon => "semicolons",
            Delimiter::Comma => "commas",
            Delimiter::Whitespace => "spaces",
        }
    }
}

fn unquote(cell: &str) -> String {
    let t = cell.trim();
    let t = t.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(t);
    let t = t.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')).unwrap_or(t);
    t.trim().to_string()
}

/// Splits text into lines at `\n` (dropping a `\r` before it), or at `\r` alone (old Mac files).
pub fn split_lines(text: &str) -> Vec<&str> {
    if text.contains('\n') {
        text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect()
    } else {
        text.split('\r').collect()
    }
}

/// A cell as a table reader sees it before the decimal mark is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// Empty, or a marker instruments write for a missing value (`NaN`, `--`, `.....`, `n/a`).
    Missing,
    /// A number under at least one decimal mark.
    Number,
    Text,
}

/// What a cell is; `comma_is_decimal` is false when commas separate the cells (and so cannot
/// be inside an unquoted number).
pub fn cell_kind(cell: &str, comma_is_decimal: bool) -> CellKind {
    let t = cell.trim();
    if t.is_empty() || is_missing_marker(t) {
        return CellKind::Missing;
    }
    match read_number(t, Context::Field) {
        Ok(_) if !comma_is_decimal && t.contains(',') && decimal_mark_evidence(t) == Some(DecimalMark::Comma) => CellKind::Text,
        Ok(_) => CellKind::Number,
        // 1e999 in a data column is a missing value, not a label.
        Err(NumberError::TooLarge) => CellKind::Missing,
        Err(_) => CellKind::Text,
    }
}

/// Markers instruments and spreadsheets write where a value is missing.
pub fn is_missing_marker(cell: &str) -> bool {
    // Most cells are numbers: one that starts with a digit is no marker, and is told so
    // without the lowercase copy below (a 100,000-row file has 200,000 cells).
    if cell.trim().trim_start_matches(['+', '-']).bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return false;
    }
    let lower = cell.trim().to_ascii_lowercase();
    let bare = lower.trim_start_matches(['+', '-']);
    let filler = !lower.is_empty() && lower.bytes().all(|b| b == b'.' || b == b'-');
    filler || matches!(bare, "nan" | "inf" | "infinity" | "n/a" | "na" | "#n/a" | "#div/0!" | "#value!")
}

/// Lines sampled to choose the delimiter: enough for any header, cheap for a huge paste.
const SAMPLE_LINES: usize = 4_000;

/// What the lines of a text hold, judged from the first [`SAMPLE_LINES`] non-blank ones:
/// columns of numbers split by a delimiter, one number per line, or no number at all.
/// Readers that refuse a single column (a spectrum needs two) tell it apart from text
/// without numbers by this; [`Layout::detect`] reads a single column as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Lines of two or more numbers (and missing values) are most numerous when split by this
    /// delimiter; ties go to the earlier one in [`Delimiter::ALL`].
    Columns(Delimiter),
    /// No line holds two numbers under any delimiter, but some line holds one.
    SingleColumn,
    /// No line holds a number.
    NoNumbers,
}

impl Shape {
    /// Tries each delimiter on the sampled lines and keeps the one under which the most lines
    /// hold two or more numbers and no text.
    pub fn detect(lines: &[&str]) -> Shape {
        let sample: Vec<&str> = lines.iter().copied().filter(|l| !l.trim().is_empty()).take(SAMPLE_LINES).collect();
        let numeric_cells = |line: &str, d: Delimiter| {
            let cells = d.split(line);
            let kinds: Vec<CellKind> = cells.iter().map(|c| cell_kind(c, d.comma_is_decimal())).collect();
            if kinds.contains(&CellKind::Text) {
                0
            } else {
                kinds.iter().filter(|k| **k == CellKind::Number).count()
            }
        };
        let mut best: Option<(Delimiter, usize)> = None;
        let mut any_number = false;
        for d in Delimiter::ALL {
            let mut data_lines = 0;
            for line in &sample {
                match numeric_cells(line, d) {
                    0 => {}
                    1 => any_number = true,
                    _ => data_lines += 1,
                }
            }
            if data_lines > best.map_or(0, |b| b.1) {
                best = Some((d, data_lines));
            }
        }
        match best {
            Some((d, _)) => Shape::Columns(d),
            None if any_number => Shape::SingleColumn,
            None => Shape::NoNumbers,
        }
    }
}

/// How a table's numbers are written.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub delimiter: Delimiter,
    pub convention: Convention,
}

/// The decimal mark of a table, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Convention {
    pub mark: DecimalMark,
    /// The first cell that showed the mark (its 1-based row and text), if any did. Without one
    /// the mark is the comma for semicolon tables and for tables with a comma in a number (as a
    /// field reads `1,000`), the point otherwise.
    pub shown_by: Option<(usize, String)>,
    /// The other mark is impossible: commas separate the cells of a CSV table, so a number in
    /// it can only have a decimal point.
    pub certain: bool,
}

impl Convention {
    /// Decides the decimal mark from cells given as (1-based row, text): the mark that more
    /// cells can only be read with; on a tie or without any such cell, `default`.
    pub fn vote<'a>(cells: impl IntoIterator<Item = (usize, &'a str)>, default: DecimalMark) -> Convention {
        let mut tally = MarkTally::default();
        for (row, text) in cells {
            tally.add(row, text);
        }
        tally.decide(default)
    }

    /// Reads one cell of row `row` (1-based) by this convention. An error names the row and,
    /// for a cell written with the other decimal mark, the row that showed this one.
    pub fn read(&self, text: &str, row: usize) -> Result<super::number::Number, String> {
        read_number(text, Context::Table(self.mark)).map_err(|e| self.error_message(&e, text, row, Place::Row))
    }

    /// The message for a cell of row (or line) `at` that this convention cannot read: "Row 5:
    /// “3.75” has a decimal point, but the other numbers in this table use decimal commas: use
    /// one decimal mark throughout (as row 3, “1,25”)."
    pub fn error_message(&self, error: &NumberError, text: &str, at: usize, place: Place) -> String {
        let shown = text.trim().chars().take(24).collect::<String>();
        let (place_capital, place_word) = (place.capitalised(), place.word());
        match (error, &self.shown_by) {
            (NumberError::OtherDecimalMark(_), Some((r, example))) => {
                format!("{place_capital} {at}: \u{201c}{shown}\u{201d} {error} (as {place_word} {r}, \u{201c}{example}\u{201d}).")
            }
            _ => format!("{place_capital} {at}: \u{201c}{shown}\u{201d} {error}."),
        }
    }

    /// The note for a cell that the other decimal mark reads differently (`1,000`), saying
    /// which reading was taken and why.
    pub fn ambiguity_note(&self, text: &str, row: usize, number: &super::number::Number) -> Option<String> {
        self.ambiguity_note_at(text, row, number, Place::Row)
    }

    /// [`Convention::ambiguity_note`] for a cell of row or line `at`, as `place` says.
    pub fn ambiguity_note_at(&self, text: &str, at: usize, number: &super::number::Number, place: Place) -> Option<String> {
        let doubt = number.ambiguity?;
        // A cell whose only mark is the table's decimal mark, in a table whose other cells
        // (or delimiter) settle that mark, is not in doubt: `4.214e-4` among `339.95`s.
        let settled = self.shown_by.is_some() || self.certain;
        if settled && !text.contains(self.mark.other().char()) {
            return None;
        }
        let place_word = place.word();
        let why = match &self.shown_by {
            Some((r, example)) => format!("this table uses {} ({place_word} {r}: \u{201c}{example}\u{201d})", self.mark.plural()),
            None => format!("no cell of this table shows its decimal mark, so {} were assumed", self.mark.plural()),
        };
        Some(format!("{} {at}: {} Read so because {why}.", place.capitalised(), doubt.message(text, number.value)))
    }
}

/// What messages call the numbered places of a table: the rows of a pasted table, or the
/// lines of an uploaded file, for importers whose other notes count lines (headers, footers,
/// skipped lines) as an editor shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Place {
    #[default]
    Row,
    Line,
}

impl Place {
    /// "row" or "line", inside a sentence.
    pub fn word(self) -> &'static str {
        match self {
            Place::Row => "row",
            Place::Line => "line",
        }
    }

    /// "Row" or "Line", starting a sentence.
    pub fn capitalised(self) -> &'static str {
        match self {
            Place::Row => "Row",
            Place::Line => "Line",
        }
    }
}

impl Layout {
    /// Finds the delimiter and decimal mark of the lines of a table. `None` when no line holds
    /// a number.
    pub fn detect(lines: &[&str]) -> Option<Layout> {
        let delimiter = match Shape::detect(lines) {
            Shape::Columns(d) => d,
            // One number per line: a single column, split by nothing.
            Shape::SingleColumn => Delimiter::Tab,
            Shape::NoNumbers => return None,
        };
        Some(Layout { delimiter, convention: Layout::convention_of(lines, delimiter) })
    }

    /// The decimal mark of lines split by `delimiter`.
    pub fn convention_of(lines: &[&str], delimiter: Delimiter) -> Convention {
        let mut tally = MarkTally::default();
        // Commas separate the cells of a CSV table, so they cannot be decimal marks: the
        // tally is not needed.
        if delimiter.comma_is_decimal() {
            for (i, line) in lines.iter().enumerate() {
                for cell in delimiter.split(line) {
                    tally.add(i + 1, &cell);
                }
            }
        }
        tally.convention(delimiter)
    }
}

impl Convention {
    /// The decimal mark of a table's cells, given as (1-based row, text); `semicolons` when
    /// semicolons separate them. Without a cell that shows the mark, a comma in a number is a
    /// decimal comma, as in a field; semicolon tables are European whatever their cells hold.
    pub fn of_cells<'a>(cells: impl IntoIterator<Item = (usize, &'a str)> + Clone, semicolons: bool) -> Convention {
        // Without a comma anywhere only points can be shown, and a point wins: the first cell
        // that shows one is all there is to find (a table typed with decimal points, read on
        // every keystroke, is not voted cell by cell).
        if !semicolons && !cells.clone().into_iter().any(|(_, text)| text.contains(',')) {
            let shown_by = cells
                .into_iter()
                .find(|(_, text)| decimal_mark_evidence(text) == Some(DecimalMark::Point))
                .map(|(row, text)| (row, text.trim().to_string()));
            return Convention { mark: DecimalMark::Point, shown_by, certain: false };
        }
        let mut tally = MarkTally::default();
        for (row, text) in cells {
            tally.add(row, text);
        }
        let default = tally.default_mark(semicolons);
        tally.decide(default)
    }
}

/// The decimal marks a table's cells show, counted one cell at a time, so that a reader can
/// decide a large table's mark without holding all its cells as text ([`Convention::vote`]
/// and [`Convention::of_cells`] are this tally over a list of cells).
#[derive(Debug, Clone, Default)]
pub struct MarkTally {
    /// Cells that only a decimal point makes a number (`1.5`, `1,234.5`).
    points: usize,
    /// Cells that only a decimal comma makes a number (`0,25`).
    commas: usize,
    first_point: Option<(usize, String)>,
    first_comma: Option<(usize, String)>,
    /// Some cell holds a comma, which a field reads as a decimal comma.
    any_comma: bool,
}

impl MarkTally {
    /// Counts one cell of row `row` (1-based; messages name this row).
    pub fn add(&mut self, row: usize, text: &str) {
        self.any_comma |= text.contains(',');
        match decimal_mark_evidence(text) {
            Some(DecimalMark::Point) => {
                self.points += 1;
                self.first_point.get_or_insert_with(|| (row, text.trim().to_string()));
            }
            Some(DecimalMark::Comma) => {
                self.commas += 1;
                self.first_comma.get_or_insert_with(|| (row, text.trim().to_string()));
            }
            None => {}
        }
    }

    /// The mark assumed when no cell shows one: a comma when semicolons separate the cells or
    /// some cell holds a comma (as a field reads `1,000`), the point otherwise.
    fn default_mark(&self, semicolons: bool) -> DecimalMark {
        if semicolons || self.any_comma {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        }
    }

    /// The mark that more cells can only be read with; on a tie or without any such cell,
    /// `default`.
    pub fn decide(self, default: DecimalMark) -> Convention {
        let mark = match self.points.cmp(&self.commas) {
            std::cmp::Ordering::Greater => DecimalMark::Point,
            std::cmp::Ordering::Less => DecimalMark::Comma,
            std::cmp::Ordering::Equal => default,
        };
        let shown_by = match mark {
            DecimalMark::Point => self.first_point,
            DecimalMark::Comma => self.first_comma,
        };
        Convention { mark, shown_by, certain: false }
    }

    /// The convention of cells split by `delimiter`, with the defaults of
    /// [`Layout::convention_of`]: commas that separate cells are never decimal marks.
    pub fn convention(self, delimiter: Delimiter) -> Convention {
        if !delimiter.comma_is_decimal() {
            return Convention { mark: DecimalMark::Point, shown_by: None, certain: true };
        }
        let default = self.default_mark(delimiter == Delimiter::Semicolon);
        self.decide(default)
    }
}

/// The notes on a table's ambiguous cells: the first said in full, the others counted, so
/// that a long table of `1,000`s gives two lines, not thousands.
#[derive(Debug, Default)]
pub struct Doubts {
    first: Option<String>,
    count: usize,
}

impl Doubts {
    /// Counts a cell's note ([`Convention::ambiguity_note`]), if it has one.
    pub fn add(&mut self, note: Option<String>) {
        if let Some(note) = note {
            self.count += 1;
            self.first.get_or_insert(note);
        }
    }

    /// Appends the notes to `notes`.
    pub fn finish(self, notes: &mut Vec<String>) {
        notes.extend(self.first);
        if self.count > 1 {
            notes.push(format!("{} more cells were read the same way.", self.count - 1));
        }
    }
}

/// A column's name and unit, read from a header cell such as `Wavelength (nm)`, `I [mA]`,
/// `Ewe/V` or `<I>/mA`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The whole cell, trimmed (`I0/I` is a name, though it parses as `I0` in unit `I`).
    pub text: String,
    pub name: String,
    pub unit: Option<String>,
}

impl Header {
    /// Reads a header cell: the unit is in parentheses or brackets at the end, or after a
    /// slash (`E/V`, `t / s`) when what follows it is short and has no spaces.
    pub fn parse(cell: &str) -> Header {
        let t = cell.trim();
        for (open, close) in [('(', ')'), ('[', ']')] {
            if let Some(body) = t.strip_suffix(close) {
                if let Some(at) = body.rfind(open) {
                    let name = body[..at].trim();
                    let unit = body[at + 1..].trim();
                    if !name.is_empty() && !unit.is_empty() {
                        return Header { text: t.to_string(), name: name.to_string(), unit: Some(unit.to_string()) };
                    }
                }
            }
        }
        if let Some((name, unit)) = t.rsplit_once('/') {
            let (name, unit) = (name.trim(), unit.trim());
            if !name.is_empty() && !unit.is_empty() && unit.chars().count() <= 12 && !unit.contains(char::is_whitespace) {
                return Header { text: t.to_string(), name: name.to_string(), unit: Some(unit.to_string()) };
            }
        }
        Header { text: t.to_string(), name: t.to_string(), unit: None }
    }
}

/// A table read from text: its header (the text line just above the data) and its data rows
/// as text cells, each with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub layout: Layout,
    /// Column headers, when the line above the first data line names the columns.
    pub headers: Vec<Header>,
    /// Data lines: 1-based line number and cells.
    pub rows: Vec<(usize, Vec<String>)>,
    /// Non-blank lines before the data (headers, metadata).
    pub lines_before: usize,
    /// Lines after the first data line that hold text: (1-based line number, line).
    pub text_lines: Vec<(usize, String)>,
}

/// Why a text is not a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("The text is empty.")]
    Empty,
    #[error("No line holds a number.")]
    NoNumbers,
}

impl Table {
    /// Reads a table: every line from the first that holds only numbers (and missing values)
    /// is a row; text lines before it are the header, text lines after it are listed in
    /// [`Table::text_lines`] for the caller to skip or report.
    pub fn read(text: &str) -> Result<Table, TableError> {
        let text = text.trim_start_matches('\u{feff}');
        if text.trim().is_empty() {
            return Err(TableError::Empty);
        }
        let lines = split_lines(text);
        let layout = Layout::detect(&lines).ok_or(TableError::NoNumbers)?;
        let d = layout.delimiter;
        let comma_is_decimal = d.comma_is_decimal();
        let mut rows = Vec::new();
        let mut text_lines = Vec::new();
        let mut before: Vec<&str> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let cells = d.split(line);
            // Each cell's kind once: a text cell ends the look, a number is remembered.
            let mut any_number = false;
            let numeric = !cells.is_empty()
                && cells.iter().all(|c| match cell_kind(c, comma_is_decimal) {
                    CellKind::Text => false,
                    CellKind::Number => {
                        any_number = true;
                        true
                    }
                    CellKind::Missing => true,
                })
                && any_number;
            match (numeric, rows.is_empty()) {
                (true, _) => rows.push((i + 1, cells)),
                (false, true) => before.push(line),
                (false, false) => text_lines.push((i + 1, line.to_string())),
            }
        }
        let headers = before
            .last()
            .map(|line| d.split(line))
            .filter(|cells| cells.len() >= 2 || rows.first().is_some_and(|r| r.1.len() == 1))
            .map(|cells| cells.iter().map(|c| Header::parse(c)).collect())
            .unwrap_or_default();
        // The decimal mark is decided by the data rows alone: metadata may use another.
        let data_lines: Vec<&str> = rows.iter().map(|(n, _)| lines[n - 1]).collect();
        let layout = Layout { delimiter: d, convention: Layout::convention_of(&data_lines, d) };
        let convention = Convention {
            mark: layout.convention.mark,
            // Rows are named by their line in the text, as an editor shows them.
            shown_by: layout.convention.shown_by.as_ref().map(|(k, t)| (rows[k - 1].0, t.clone())),
            certain: layout.convention.certain,
        };
        Ok(Table { layout: Layout { convention, ..layout }, headers, rows, lines_before: before.len(), text_lines })
    }

    /// The numbers of the given columns (0-based), one vector per column, with the notes on
    /// ambiguous cells. Missing cells are NaN: callers decide what a gap means. An error names
    /// the line of the first unusable cell.
    pub fn numbers(&self, columns: &[usize]) -> Result<(Vec<Vec<f64>>, Vec<String>), String> {
        let mut out = vec![Vec::with_capacity(self.rows.len()); columns.len()];
        let mut doubts = Doubts::default();
        for (line, cells) in &self.rows {
            for (k, &c) in columns.iter().enumerate() {
                let text = cells.get(c).map(String::as_str).unwrap_or("");
                if text.trim().is_empty() || is_missing_marker(text) {
                    out[k].push(f64::NAN);
                    continue;
                }
                let n = self.layout.convention.read(text, *line)?;
                doubts.add(self.layout.convention.ambiguity_note(text, *line, &n));
                out[k].push(n.value);
            }
        }
        let mut notes = Vec::new();
        doubts.finish(&mut notes);
        Ok((out, notes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(text: &str) -> Layout {
        Layout::detect(&split_lines(text)).expect("a table")
    }

    #[test]
    fn delimiters_and_decimal_marks_of_real_exports() {
        let cases: &[(&str, Delimiter, DecimalMark)] = &[
            ("0\t1000\n1\t865\n2\t761", Delimiter::Tab, DecimalMark::Point),
            ("0\t0,25\n1\t0,5", Delimiter::Tab, DecimalMark::Comma),
            ("x;y\n0;0,25\n1;0,5", Delimiter::Semicolon, DecimalMark::Comma),
            ("x,y\n400,0.52\n401,0.51", Delimiter::Comma, DecimalMark::Point),
            ("400.0   0.52\n401.0   0.51", Delimiter::Whitespace, DecimalMark::Point),
            ("400,0   0,52\n401,0   0,51", Delimiter::Whitespace, DecimalMark::Comma),
            ("\"1,5\";\"2,25\"\n\"3,5\";\"4\"", Delimiter::Semicolon, DecimalMark::Comma),
            // Integers only: a semicolon table is European, so its commas would be decimal.
            ("1;2\n3;4", Delimiter::Semicolon, DecimalMark::Comma),
            ("1\t2\n3\t4", Delimiter::Tab, DecimalMark::Point),
        ];
        for &(text, delimiter, mark) in cases {
            let l = layout(text);
            assert_eq!((l.delimiter, l.convention.mark), (delimiter, mark), "{text:?}");
        }
    }

    #[test]
    fn quoted_cells_keep_their_delimiters() {
        assert_eq!(Delimiter::Semicolon.split("\"1,5\";\"a;b\";  7 "), vec!["1,5", "a;b", "7"]);
        assert_eq!(Delimiter::Comma.split("\"say \"\"hi\"\"\",2"), vec!["say \"hi\"", "2"]);
        assert_eq!(Delimiter::Tab.split("1\t\t3"), vec!["1", "", "3"]);
    }

    #[test]
    fn european_excel_reads_right_and_a_mixed_table_names_the_row() {
        let text = "Zeit (min);H2 (µmol)\n0;0\n30;1,25\n60;2,5\n90;3.75\n";
        let table = Table::read(text).unwrap();
        assert_eq!(table.layout.delimiter, Delimiter::Semicolon);
        assert_eq!((table.headers[1].name.as_str(), table.headers[1].unit.as_deref()), ("H2", Some("µmol")));
        let error = table.numbers(&[0, 1]).unwrap_err();
        assert!(error.starts_with("Row 5:") && error.contains("3.75") && error.contains("row 3"), "{error}");
        let fixed = Table::read(&text.replace("3.75", "3,75")).unwrap();
        let (columns, notes) = fixed.numbers(&[0, 1]).unwrap();
        assert_eq!(columns[1], vec![0.0, 1.25, 2.5, 3.75]);
        assert!(notes.is_empty());
    }

    #[test]
    fn an_ambiguous_cell_is_read_by_the_table_and_said() {
        // Decimal commas shown by row 3: `1,000` is one, beyond doubt; `1.500` is read as
        // fifteen hundred (a point groups digits there) and said.
        let table = Table::read("q\tI\n0\t1,000\n1\t0,865\n2\t1.500\n").unwrap();
        let (columns, notes) = table.numbers(&[1]).unwrap();
        assert_eq!(columns[0], vec![1.0, 0.865, 1500.0]);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].starts_with("Row 4:") && notes[0].contains("decimal commas (row 3"), "{}", notes[0]);
        // Without any cell that shows the mark, the assumption is said.
        let table = Table::read("0\t1,000\n1\t2,000\n").unwrap();
        let (columns, notes) = table.numbers(&[1]).unwrap();
        assert_eq!(columns[0], vec![1.0, 2.0]);
        assert!(notes[0].contains("no cell of this table shows its decimal mark"), "{notes:?}");
        assert!(notes[1].contains("1 more"), "{notes:?}");
    }

    #[test]
    fn headers_give_names_and_units() {
        for (cell, name, unit) in [
            ("Wavelength (nm)", "Wavelength", Some("nm")),
            ("I [mA]", "I", Some("mA")),
            ("Ewe/V", "Ewe", Some("V")),
            ("<I>/mA", "<I>", Some("mA")),
            ("t / s", "t", Some("s")),
            ("j (mA cm⁻²)", "j", Some("mA cm⁻²")),
            ("Abs", "Abs", None),
            ("[Q]", "[Q]", None),
            ("[Q] (µM)", "[Q]", Some("µM")),
        ] {
            assert_eq!(Header::parse(cell), Header { text: cell.into(), name: name.into(), unit: unit.map(str::to_string) }, "{cell}");
        }
    }

    #[test]
    fn metadata_before_and_footers_after_the_data_are_kept_apart() {
        let text = "Sample: CdTe 3\nDate: 2026-11-29\nWavelength (nm),Abs\n400,0.52\n401,0.51\nNaN,0.50\n\nEnd of data\n";
        let table = Table::read(text).unwrap();
        assert_eq!(table.lines_before, 3);
        assert_eq!(table.headers[0].unit.as_deref(), Some("nm"));
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[0].0, 4, "rows carry their line number");
        assert_eq!(table.text_lines, vec![(8, "End of data".to_string())]);
        let (columns, _) = table.numbers(&[0, 1]).unwrap();
        assert!(columns[0][2].is_nan(), "a missing value stays a gap");
    }

    #[test]
    fn one_column_and_nothing_at_all() {
        let table = Table::read("0,5\n1,5\n2,5").unwrap();
        // Each line holds one comma: a comma-separated pair of integers is the reading with
        // the most numbers per line.
        assert_eq!(table.layout.delimiter, Delimiter::Comma);
        let single = Table::read("516\n517").unwrap();
        assert_eq!(single.rows.len(), 2);
        assert_eq!(Table::read("  \n"), Err(TableError::Empty));
        assert_eq!(Table::read("abc\ndef"), Err(TableError::NoNumbers));
    }

    #[test]
    fn shapes_tell_a_single_column_from_text_without_numbers() {
        assert_eq!(Shape::detect(&["400;0,5", "401;0,25"]), Shape::Columns(Delimiter::Semicolon));
        assert_eq!(Shape::detect(&["516", "", "517"]), Shape::SingleColumn);
        assert_eq!(Shape::detect(&["Sample", "done"]), Shape::NoNumbers);
        assert_eq!(Shape::detect(&[]), Shape::NoNumbers);
        // A single column still reads as a table of one column.
        assert_eq!(Layout::detect(&["516", "517"]).map(|l| l.delimiter), Some(Delimiter::Tab));
    }

    #[test]
    fn a_tally_decides_as_the_vote_over_all_cells_does() {
        let cells = [(1, "400"), (1, "0,25"), (2, "401"), (2, "1,000"), (3, "1.5")];
        let mut tally = MarkTally::default();
        for (row, text) in cells {
            tally.add(row, text);
        }
        let voted = Convention::of_cells(cells.iter().copied(), false);
        assert_eq!(voted, Convention { mark: DecimalMark::Comma, shown_by: Some((1, "0,25".into())), certain: false });
        assert_eq!(tally.clone().convention(Delimiter::Tab), voted);
        // Commas that separate the cells are never decimal marks.
        assert_eq!(tally.convention(Delimiter::Comma), Convention { mark: DecimalMark::Point, shown_by: None, certain: true });
        // Without a cell that shows the mark: a comma for semicolons or a comma in a cell.
        let mut integers = MarkTally::default();
        integers.add(1, "400");
        assert_eq!(integers.clone().convention(Delimiter::Semicolon).mark, DecimalMark::Comma);
        assert_eq!(integers.convention(Delimiter::Tab).mark, DecimalMark::Point);
    }

    #[test]
    fn messages_name_lines_for_importers_that_count_lines() {
        let convention = Convention { mark: DecimalMark::Comma, shown_by: Some((3, "0,25".into())), certain: false };
        let error = read_number("1.5", Context::Table(DecimalMark::Comma)).unwrap_err();
        let message = convention.error_message(&error, "1.5", 57, Place::Line);
        assert!(message.starts_with("Line 57: \u{201c}1.5\u{201d} has a decimal point") && message.ends_with("(as line 3, \u{201c}0,25\u{201d})."), "{message}");
        assert_eq!(convention.read("1.5", 57).unwrap_err(), convention.error_message(&error, "1.5", 57, Place::Row));
        let number = read_number("1.000", Context::Table(DecimalMark::Comma)).unwrap();
        let note = convention.ambiguity_note_at("1.000", 9, &number, Place::Line).unwrap();
        assert!(note.starts_with("Line 9:") && note.contains("(line 3: \u{201c}0,25\u{201d})"), "{note}");
        assert_eq!(convention.ambiguity_note("1.000", 9, &number).unwrap(), note.replace("Line 9", "Row 9").replace("(line 3", "(row 3"));
    }

    #[test]
    fn a_cell_settled_by_its_table_gets_no_note() {
        let number = |text: &str, mark| read_number(text, Context::Table(mark)).unwrap();
        // Points shown elsewhere: `166.200` is 166.2, and needs no note; `1,000` does.
        let points = Convention { mark: DecimalMark::Point, shown_by: Some((2, "339.95".into())), certain: false };
        assert_eq!(points.ambiguity_note("166.200", 5, &number("166.200", DecimalMark::Point)), None);
        assert!(points.ambiguity_note("1,000", 5, &number("1,000", DecimalMark::Point)).is_some());
        // In a CSV table only a quoted cell with a comma is in doubt.
        let csv = Convention { mark: DecimalMark::Point, shown_by: None, certain: true };
        assert_eq!(csv.ambiguity_note("-4.214", 5, &number("-4.214", DecimalMark::Point)), None);
        assert!(csv.ambiguity_note("1,000", 5, &number("1,000", DecimalMark::Point)).is_some());
        // Nothing settles the mark: every doubt is said.
        let assumed = Convention { mark: DecimalMark::Point, shown_by: None, certain: false };
        assert!(assumed.ambiguity_note("1.000", 5, &number("1.000", DecimalMark::Point)).is_some());
    }

    #[test]
    fn missing_markers_are_gaps_not_text() {
        for cell in ["", "NaN", "--", ".....", "n/a", "#N/A", "1e999"] {
            assert_eq!(cell_kind(cell, true), CellKind::Missing, "{cell:?}");
        }
        assert_eq!(cell_kind("0,5", false), CellKind::Text, "a decimal comma cannot be in a CSV cell");
        assert_eq!(cell_kind("1,000", false), CellKind::Number);
        assert_eq!(cell_kind("Abs", true), CellKind::Text);
    }
}
