//! Edits of a data table of typed cells, as pure functions: the page's table widget applies
//! them, and they are tested natively.

use crate::science::read::number::decimal_mark_evidence;
use crate::science::read::table::{cell_kind, split_lines, CellKind};
use crate::science::read::{DecimalMark, Delimiter, Header, Layout};
use crate::state::codec::MAX_FIELD_CHARS;

/// An edit of a table of `columns` typed cells per row.
#[derive(Debug, Clone, PartialEq)]
pub enum TableEdit {
    /// One cell typed into.
    Cell { row: usize, column: usize, text: String },
    /// A block pasted from a spreadsheet (tab-separated rows), with its top-left cell here.
    Paste { row: usize, column: usize, text: String },
    /// An empty row added at the end.
    AddRow,
    /// A row removed.
    RemoveRow(usize),
    /// Every row removed, leaving `blank` empty rows.
    Clear { blank: usize },
}

/// What an edit did: whether rows were added, moved or removed (the widget then redraws its
/// rows), and a message for the user.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EditOutcome {
    pub structural: bool,
    pub message: Option<String>,
    /// The header row of a pasted block (not pasted as a row), for the table's owner to take
    /// units from.
    pub header: Option<Vec<Header>>,
}

/// Rows `from..to` of a table (cut to its length), for the page's table window.
pub fn window(rows: &[Vec<String>], from: usize, to: usize) -> Vec<Vec<String>> {
    let to = to.min(rows.len());
    rows[from.min(to)..to].to_vec()
}

/// A result card's start: `<article class="fit-card" id=…><h3>title</h3>` and its table.
pub fn card_start(out: &mut String, id: &str, title: &str) {
    out.push_str(&format!("<article class=\"fit-card\" id=\"{id}\"><h3>{}</h3><table class=\"params\"><tbody>", crate::science::format::escape_markup(title)));
}

/// A result card's row: label, value (markup, already escaped), unit and a note. The value is
/// said to screen readers, with its label and unit, when it changes (`data-announce`).
pub fn result_row(out: &mut String, label: &str, id: &str, value: &str, unit: &str, note: &str) {
    use crate::science::format::escape_markup as escape;
    out.push_str(&format!(
        "<tr><th scope=\"row\">{label}</th><td id=\"{id}\" class=\"num\" data-announce=\"{label}\" data-unit=\"{unit}\">{value}</td><td>{unit}</td><td class=\"note\">{}</td></tr>",
        escape(note),
        label = escape(label),
        unit = escape(unit),
    ));
}

/// Closes a result card with its warnings, which also go to `warnings` (the command line's
/// report).
pub fn card_end(out: &mut String, notes: Vec<String>, warnings: &mut Vec<String>) {
    out.push_str("</tbody></table>");
    for note in &notes {
        out.push_str(&format!("<p class=\"alert warning\">{}</p>", crate::science::format::escape_markup(note)));
    }
    out.push_str("</article>");
    warnings.extend(notes);
}

/// Most messages about a table shown one by one: a link or a paste of 20,000 broken rows says
/// the first few and how many more, instead of 40,000 lines.
pub const MAX_MESSAGES: usize = 20;

/// The first [`MAX_MESSAGES`] messages, and how many more there are.
pub fn capped<'a>(messages: impl IntoIterator<Item = &'a str>) -> (Vec<&'a str>, usize) {
    let mut shown = Vec::new();
    let mut more = 0;
    for m in messages {
        if shown.len() < MAX_MESSAGES {
            shown.push(m);
        } else {
            more += 1;
        }
    }
    (shown, more)
}

/// "… and 3 more like these." for the messages left out by [`capped`].
pub fn more_messages(more: usize) -> Option<String> {
    (more > 0).then(|| format!("… and {more} more message{} like these.", if more == 1 { "" } else { "s" }))
}

/// A table's messages as list items (`<li class="alert error">`), escaped, at most
/// [`MAX_MESSAGES`] and a count of the rest.
pub fn messages_html(messages: &[&str]) -> String {
    let (shown, more) = capped(messages.iter().copied());
    let more = more_messages(more);
    shown.into_iter().chain(more.as_deref()).map(|m| format!("<li class=\"alert error\">{}</li>", crate::science::format::escape_markup(m))).collect()
}

/// Applies an edit. A paste that would exceed `max_rows` is refused whole, so nothing in the
/// table is lost and the page stays responsive.
pub fn apply(rows: &mut Vec<Vec<String>>, columns: usize, max_rows: usize, edit: TableEdit) -> EditOutcome {
    if let Some(refused) = refusal(rows.len(), max_rows, &edit) {
        return refused;
    }
    match edit {
        TableEdit::Cell { row, column, mut text } => {
            if column < columns {
                while rows.len() <= row {
                    rows.push(vec![String::new(); columns]);
                }
                cut_to_cell(&mut text);
                rows[row][column] = text;
            }
            EditOutcome::default()
        }
        TableEdit::Paste { row, column, text } => paste(rows, columns, max_rows, row, column, &text),
        TableEdit::AddRow => {
            rows.push(vec![String::new(); columns]);
            EditOutcome { structural: true, ..EditOutcome::default() }
        }
        TableEdit::RemoveRow(row) => {
            if row < rows.len() {
                rows.remove(row);
            }
            EditOutcome { structural: true, ..EditOutcome::default() }
        }
        TableEdit::Clear { blank } => {
            *rows = vec![vec![String::new(); columns]; blank];
            EditOutcome { structural: true, ..EditOutcome::default() }
        }
    }
}

/// A block of pasted text: its rows of cells, a header row if it had one, and a note when
/// the text could be read two ways.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Block {
    pub rows: Vec<Vec<String>>,
    /// The names and units of the header row above the numbers, which is not pasted as a row.
    pub header: Option<Vec<Header>>,
    pub note: Option<String>,
}

/// Splits pasted text into rows of cells with the one table reader (`science::read::table`):
/// tabs (spreadsheets), semicolons, commas or spaces, whichever makes the most lines of
/// numbers; a decimal comma stays inside its cell. A first line of words above numbers is the
/// header: it is returned apart, for its units.
pub fn split_block(text: &str) -> Block {
    let lines: Vec<&str> = {
        let all = split_lines(text);
        let end = all.iter().rposition(|l| !l.trim().is_empty()).map_or(0, |i| i + 1);
        all[..end].to_vec()
    };
    let delimiter = match Layout::detect(&lines) {
        Some(layout) => layout.delimiter,
        // Words only: split them as a spreadsheet or a CSV file would.
        None if text.contains('\t') => Delimiter::Tab,
        None if text.contains(';') => Delimiter::Semicolon,
        None if text.contains(',') => Delimiter::Comma,
        None => Delimiter::Whitespace,
    };
    let mut rows: Vec<Vec<String>> = lines.iter().map(|line| delimiter.split(line)).collect();
    let is_text = |cell: &String| cell_kind(cell, delimiter != Delimiter::Comma) == CellKind::Text;
    let header = match rows.as_slice() {
        [first, second, ..] if first.iter().any(is_text) && !second.iter().any(is_text) => {
            Some(rows.remove(0).iter().map(|c| Header::parse(c)).collect())
        }
        _ => None,
    };
    let one_comma_each = delimiter == Delimiter::Comma
        && lines.iter().filter(|l| !l.trim().is_empty()).all(|l| l.matches(',').count() == 1 && decimal_mark_evidence(l.trim()) == Some(DecimalMark::Comma));
    let note = one_comma_each.then(|| {
        "Each pasted line held one comma, read as separating two columns. If the commas are decimal commas (one column of numbers), paste the numbers with decimal points, or copy them from the spreadsheet itself, which separates columns by tabs.".to_string()
    });
    Block { rows, header, note }
}

/// A pasted block of `rows` rows, more than the table holds: refused whole, so that what the
/// table held stays as it was.
fn too_long(rows: usize, max_rows: usize) -> EditOutcome {
    EditOutcome {
        message: Some(format!(
            "The pasted block has {rows} rows; the table holds at most {max_rows}. Nothing was pasted: paste fewer rows, or average replicates first."
        )),
        ..EditOutcome::default()
    }
}

/// Why `edit` would be refused whole by a table of `rows` rows that holds at most `max_rows`
/// (a row past the last; a paste far longer than it holds), or `None`. Checked before anything
/// changes, by [`apply`] and by a table's owner that notes where its rows came from.
pub fn refusal(rows: usize, max_rows: usize, edit: &TableEdit) -> Option<EditOutcome> {
    match edit {
        TableEdit::AddRow if rows >= max_rows => Some(EditOutcome { message: Some(format!("The table holds at most {max_rows} rows.")), ..EditOutcome::default() }),
        // A block far too long (a million pasted rows) is refused from its count of lines,
        // before its cells are split (which takes the page a second per million rows); one line
        // may be a header, which the split takes off.
        TableEdit::Paste { row, text, .. } => {
            let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
            (row + lines > max_rows + 1).then(|| {
                let first_two: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(2).collect();
                let headed = split_block(&first_two.join("\n")).header.is_some();
                too_long(lines - usize::from(headed), max_rows)
            })
        }
        _ => None,
    }
}

fn paste(rows: &mut Vec<Vec<String>>, columns: usize, max_rows: usize, row: usize, column: usize, text: &str) -> EditOutcome {
    let Block { rows: block, header, note } = split_block(text);
    if block.is_empty() {
        return EditOutcome { header, message: note, ..EditOutcome::default() };
    }
    let needed = row + block.len();
    if needed > max_rows {
        return too_long(block.len(), max_rows);
    }
    let widest = block.iter().map(Vec::len).max().unwrap_or(0);
    let mut message = note;
    if column + widest > columns {
        message = Some(format!(
            "The pasted block is {widest} columns wide; cells beyond the table's {columns} columns were left out."
        ));
    }
    // The cells change under the widget, so it must redraw them, even for one row.
    let structural = true;
    while rows.len() < needed {
        rows.push(vec![String::new(); columns]);
    }
    let mut cut = 0usize;
    for (r, cells) in block.into_iter().enumerate() {
        for (c, mut cell) in cells.into_iter().enumerate() {
            if column + c < columns {
                cut += usize::from(cut_to_cell(&mut cell));
                rows[row + r][column + c] = cell;
            }
        }
    }
    if cut > 0 {
        message = Some(format!(
            "{cut} pasted {} longer than {MAX_FIELD_CHARS} characters and {} cut to that length: a cell holds one number.",
            if cut == 1 { "cell was" } else { "cells were" },
            if cut == 1 { "was" } else { "were" }
        ));
    }
    EditOutcome { structural, message, header }
}

/// Cuts a cell's text to [`MAX_FIELD_CHARS`] characters, the most a link keeps for a cell (so
/// that every table the page holds can be saved and reopened); true if it was longer.
pub fn cut_to_cell(text: &mut String) -> bool {
    match text.char_indices().nth(MAX_FIELD_CHARS) {
        Some((at, _)) => {
            text.truncate(at);
            true
        }
        None => false,
    }
}

/// The page draws only a window of a long table's rows, around the part in view; the window
/// moves over the table in steps of this many rows as it scrolls.
pub const CHUNK: usize = 5;
/// Rows drawn at once: those in view (about 13) and at least a chunk above and below them.
/// Every row drawn costs the browser time to paint on every edit (about 35 µs), in view or not.
pub const WINDOW: usize = 6 * CHUNK;
/// The first row of the window for a table scrolled `scroll_top` pixels down: a multiple of
/// `CHUNK`, a chunk above the first row in view (so that the window moves only every `CHUNK`
/// rows of scrolling).
pub fn window_start(scroll_top: f64, row_px: f64) -> usize {
    let first_in_view = if row_px > 0.0 { (scroll_top.max(0.0) / row_px) as usize } else { 0 };
    (first_in_view / CHUNK).saturating_sub(1) * CHUNK
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(cells: &[&[&str]]) -> Vec<Vec<String>> {
        cells.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn a_spreadsheet_block_fills_cells_from_where_it_is_pasted() {
        let mut rows = table(&[&["0", "1000", "", ""], &["", "", "", ""]]);
        let outcome = apply(&mut rows, 4, 100, TableEdit::Paste { row: 1, column: 0, text: "1\t880\n2\t791\r\n4\t667\n".into() });
        assert!(outcome.structural && outcome.message.is_none());
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[3], vec!["4", "667", "", ""]);
        assert_eq!(rows[0], vec!["0", "1000", "", ""], "rows above the paste are kept");
    }

    #[test]
    fn separators_are_recognised() {
        let rows = |text: &str| split_block(text).rows;
        assert_eq!(rows("1;0,5\n2;0,25"), table(&[&["1", "0,5"], &["2", "0,25"]]));
        assert_eq!(rows("1,0.5\n2,0.25"), table(&[&["1", "0.5"], &["2", "0.25"]]));
        assert_eq!(rows("1   0.5\n2 0.25\n\n"), table(&[&["1", "0.5"], &["2", "0.25"]]));
        assert_eq!(rows("1\t0,5\n2\t1 000,25"), table(&[&["1", "0,5"], &["2", "1 000,25"]]));
        assert_eq!(rows("516"), table(&[&["516"]]));
        assert_eq!(rows("\"1,5\";\"2\""), table(&[&["1,5", "2"]]));
    }

    #[test]
    fn a_header_row_is_kept_apart_for_its_units() {
        let block = split_block("[Q] (mM)\tI\n0\t1000\n1\t865\n");
        assert_eq!(block.rows, table(&[&["0", "1000"], &["1", "865"]]));
        let header = block.header.unwrap();
        assert_eq!((header[0].name.as_str(), header[0].unit.as_deref()), ("[Q]", Some("mM")));
        // Cells pasted from a table cannot be read two ways without a remark.
        let block = split_block("0,5\n1,5\n2,5");
        assert_eq!(block.rows[0], vec!["0", "5"]);
        assert!(block.note.unwrap().contains("decimal commas"));
    }

    #[test]
    fn a_paste_beyond_the_limit_is_refused_whole() {
        let mut rows = table(&[&["0", "1000", "", ""]]);
        let huge: String = (0..200_000).map(|i| format!("{i}\t{}\n", 1000 - i % 7)).collect();
        let outcome = apply(&mut rows, 4, 20_000, TableEdit::Paste { row: 0, column: 0, text: huge });
        assert!(outcome.message.unwrap().contains("200000 rows"));
        assert_eq!(rows, table(&[&["0", "1000", "", ""]]), "nothing was lost or changed");
    }

    #[test]
    fn a_full_block_under_a_header_line_fits_and_one_row_more_is_refused() {
        let mut rows = table(&[&["", "", "", ""]]);
        let outcome = apply(&mut rows, 4, 3, TableEdit::Paste { row: 0, column: 0, text: "Q\tI\n1\t2\n3\t4\n5\t6\n".into() });
        assert!(outcome.message.is_none(), "{:?}", outcome.message);
        assert_eq!(rows.len(), 3);
        let outcome = apply(&mut rows, 4, 3, TableEdit::Paste { row: 0, column: 0, text: "Q\tI\n1\t2\n3\t4\n5\t6\n7\t8\n".into() });
        assert!(outcome.message.unwrap().contains("has 4 rows"));
        assert_eq!(rows[2], vec!["5", "6", "", ""], "nothing was lost or changed");
    }

    #[test]
    fn wide_blocks_are_cut_with_a_message_and_rows_can_be_added_and_removed() {
        let mut rows = table(&[&["", "", "", ""]]);
        let outcome = apply(&mut rows, 4, 10, TableEdit::Paste { row: 0, column: 2, text: "a\tb\tc".into() });
        assert!(outcome.message.unwrap().contains("left out"));
        assert_eq!(rows[0], vec!["", "", "a", "b"]);
        apply(&mut rows, 4, 10, TableEdit::AddRow);
        apply(&mut rows, 4, 10, TableEdit::Cell { row: 1, column: 1, text: "7".into() });
        apply(&mut rows, 4, 10, TableEdit::RemoveRow(0));
        assert_eq!(rows, table(&[&["", "7", "", ""]]));
        apply(&mut rows, 4, 10, TableEdit::Clear { blank: 2 });
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn the_table_window_moves_in_chunks_and_covers_the_rows_in_view_with_a_chunk_to_spare() {
        let px = 30.0;
        assert_eq!(window_start(0.0, px), 0);
        assert_eq!(window_start(9.0 * px, px), 0);
        assert_eq!(window_start(10.0 * px, px), 5);
        assert_eq!(window_start(17.0 * px, px), 10);
        // About 13 rows are in view (26rem); at every scroll position the window holds them
        // and a chunk above (or starts at row 0) and a chunk below.
        for top_row in 0..3000 {
            let start = window_start((top_row as f64 + 0.5) * px, px);
            assert_eq!(start % CHUNK, 0);
            assert!(start == 0 || start + CHUNK <= top_row, "row {top_row}: window from {start}");
            assert!(top_row + 13 + CHUNK <= start + WINDOW, "row {top_row}: window from {start}");
        }
        // Nonsense measurements never panic.
        assert_eq!(window_start(-5.0, px), 0);
        assert_eq!(window_start(100.0, 0.0), 0);
        assert_eq!(window_start(f64::NAN, px), 0);
    }
}
