//! An editable table of typed cells: type into cells, paste a block from a spreadsheet at
//! any cell, add and remove rows. The edits themselves are pure (`state::table`); this only
//! wires them to the page.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::app::Page;
use crate::state::table::{window_start, EditOutcome, TableEdit, CHUNK, WINDOW};
use crate::state::Calculator;

/// Gives the number of rows and the typed cells of the rows from..to.
pub type RowsCallback = Callback<(usize, usize), (usize, Vec<Vec<String>>)>;

/// Height of a row in CSS pixels until one has been measured.
const ROW_PX_GUESS: f64 = 34.5;

/// The table. Only a window of thirty rows around the part in view is in the page,
/// with empty space above and below it standing in for the others, so that typing in a
/// 10,000-row table costs the browser no more layout and paint than in a 10-row one. Rows are
/// drawn again only when `layout` changes (rows added, removed or pasted), the headers
/// change, or the window moves; typing never re-renders a row and never loses the caret.
#[component]
pub fn DataTable(
    /// Element id of the `<table>`.
    id: &'static str,
    /// What the table holds, for screen readers and as its caption.
    caption: &'static str,
    /// Column headers, with units.
    #[prop(into)]
    headers: Signal<Vec<String>>,
    /// The number of rows, and the typed cells of the rows from..to (read without tracking:
    /// the table follows `layout`).
    rows: RowsCallback,
    /// Changes whenever rows are added, removed or replaced.
    #[prop(into)]
    layout: Signal<u64>,
    /// Cells whose text cannot be used: (row, column), 0-based.
    #[prop(into)]
    invalid: Signal<Vec<(usize, usize)>>,
    /// Receives every edit.
    #[prop(into)]
    on_edit: Callback<TableEdit>,
    /// Rows (0-based) left out of the calculation: with `on_exclude`, each row gets a "use"
    /// checkbox, and rows left out are marked.
    #[prop(optional, into)]
    excluded: Option<Signal<Vec<usize>>>,
    /// Receives the row whose "use" checkbox was changed.
    #[prop(optional, into)]
    on_exclude: Option<Callback<usize>>,
) -> impl IntoView {
    let scroller: NodeRef<html::Div> = NodeRef::new();
    // The first row of the window, and the measured height of a row in CSS pixels.
    let first = RwSignal::new(0_u64);
    let row_px = RwSignal::new(ROW_PX_GUESS);
    let row_count = move || {
        layout.track();
        rows.run((0, 0)).0
    };
    // The rows in the page: [start, end).
    let window = move || {
        let n = row_count();
        let start = (first.get() as usize).min(n.saturating_sub(1) / CHUNK * CHUNK);
        (start, (start + WINDOW).min(n))
    };
    // The height of a drawn row, which the space standing in for the others is made of.
    let measure_rows = move || {
        let Some(div) = scroller.get_untracked() else { return };
        if let Some(row) = div.query_selector("tbody tr.row").ok().flatten() {
            let height = row.get_bounding_client_rect().height();
            if height > 0.0 && (height - row_px.get_untracked()).abs() > 0.01 {
                row_px.set(height);
            }
        }
    };
    let on_scroll = move |_| {
        let Some(div) = scroller.get_untracked() else { return };
        // Layout is up to date in a scroll event, so these reads cost nothing.
        measure_rows();
        let start = window_start(f64::from(div.scroll_top()), row_px.get_untracked()) as u64;
        if start != first.get_untracked() {
            first.set(start);
        }
    };
    // A cell that has focus when its row is drawn again gets the focus back, with its caret,
    // in its new row: noted before the rows are replaced, restored after.
    // Set while the rows are drawn, so that the effect below runs once they are in the page.
    let focused = RwSignal::new(None::<(String, u32, u32)>);
    let note_focus = move || {
        let input = document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input.filter(|i| i.id().starts_with(&format!("{id}-r"))) {
            let caret = |r: Result<Option<u32>, _>| r.ok().flatten().unwrap_or(0);
            focused.set(Some((input.id(), caret(input.selection_start()), caret(input.selection_end()))));
        }
    };
    let body = move || {
        let header_names = headers.get();
        let (start, end) = window();
        let n = row_count();
        let px = row_px.get();
        note_focus();
        let drawn = rows.run((start, end)).1;
        let rows_view = drawn
            .into_iter()
            .zip(start..)
            .map(|(cells, r)| {
                let cell_views = cells
                    .into_iter()
                    .enumerate()
                    .map(|(c, text)| {
                        let label = format!("{}, row {}", header_names.get(c).cloned().unwrap_or_default(), r + 1);
                        let cell_id = format!("{id}-r{r}c{c}");
                        let bad = invalid.with_untracked(|v| v.contains(&(r, c)));
                        view! {
                            <td>
                                <input type="text" inputmode="decimal" autocomplete="off" spellcheck="false"
                                    id=cell_id aria-label=label prop:value=text aria-invalid=if bad { "true" } else { "false" }
                                    on:input=move |ev| on_edit.run(TableEdit::Cell { row: r, column: c, text: event_target_value(&ev) })
                                    on:paste=move |ev: leptos::ev::ClipboardEvent| {
                                        let pasted = ev.clipboard_data().and_then(|d| d.get_data("text").ok()).unwrap_or_default();
                                        // A single value pastes like typing; a block fills the cells from here.
                                        if pasted.contains('\t') || pasted.contains('\n') {
                                            ev.prevent_default();
                                            on_edit.run(TableEdit::Paste { row: r, column: c, text: pasted });
                                        }
                                    }/>
                            </td>
                        }
                    })
                    .collect_view();
                let left_out = excluded.is_some_and(|e| e.with_untracked(|e| e.contains(&r)));
                let use_box = on_exclude.map(|on_exclude| view! {
                    <td class="use">
                        <input type="checkbox" id=format!("{id}-use{r}") aria-label=format!("Use row {} in the fits", r + 1)
                            prop:checked=!left_out on:change=move |_| on_exclude.run(r)/>
                    </td>
                });
                view! {
                    <tr class="row" data-excluded=if left_out { "true" } else { "false" } id=format!("{id}-r{r}") aria-rowindex=r + 2>
                        <th scope="row">{r + 1}</th>
                        {cell_views}
                        {use_box}
                        <td>
                            <button type="button" class="icon" aria-label=format!("Remove row {}", r + 1)
                                on:click=move |_| on_edit.run(TableEdit::RemoveRow(r))>"×"</button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        // Empty rows as tall as the rows not drawn, so that the scroll bar is that of the
        // whole table. Set through the CSS object model (`style:height`), which the page's
        // Content-Security-Policy allows; a `style` attribute would be refused.
        let space = |rows: usize| format!("{}px", rows as f64 * px);
        view! {
            <tr class="spacer" aria-hidden="true" style:height=space(start)></tr>
            {rows_view}
            <tr class="spacer" aria-hidden="true" style:height=space(n - end)></tr>
        }
    };
    // Marks the cells whose text cannot be used, touching only drawn cells whose state
    // changed: a reactive attribute on each cell would make every edit of a long table cost
    // time in proportion to its size. Runs after an edit and after the rows are drawn.
    let marked = StoredValue::new(Vec::<(usize, usize)>::new());
    Effect::new(move |_| {
        headers.track();
        row_px.track();
        let (start, end) = window();
        let now: Vec<(usize, usize)> = invalid.with(|v| v.iter().copied().filter(|(r, _)| (start..end).contains(r)).collect());
        let document = document();
        let set = |(r, c): (usize, usize), value: &str| {
            if let Some(cell) = document.get_element_by_id(&format!("{id}-r{r}c{c}")) {
                let _ = cell.set_attribute("aria-invalid", value);
            }
        };
        marked.with_value(|before| before.iter().filter(|p| !now.contains(p)).for_each(|&p| set(p, "false")));
        now.iter().filter(|p| !marked.with_value(|before| before.contains(p))).for_each(|&p| set(p, "true"));
        marked.set_value(now);
    });
    // Marks the rows whose "use" changed. Rows drawn later read the list as they are drawn, so
    // only a change of the list itself touches the page, and only the rows that changed.
    if let Some(excluded) = excluded {
        let before = StoredValue::new(excluded.get_untracked());
        Effect::new(move |_| {
            let now = excluded.get();
            let document = document();
            let changed: Vec<usize> = before.with_value(|old| old.iter().filter(|r| !now.contains(r)).chain(now.iter().filter(|r| !old.contains(r))).copied().collect());
            for r in changed {
                let out = now.contains(&r);
                if let Some(row) = document.get_element_by_id(&format!("{id}-r{r}")) {
                    let _ = row.set_attribute("data-excluded", if out { "true" } else { "false" });
                }
                if let Some(input) = document.get_element_by_id(&format!("{id}-use{r}")).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                    input.set_checked(!out);
                }
            }
            before.set_value(now);
        });
    }
    // After the rows are drawn (not after every edit): the focused cell gets the focus back...
    Effect::new(move |_| {
        let Some((cell_id, from, to)) = focused.get() else { return };
        focused.update_untracked(|f| *f = None);
        let cell = document().get_element_by_id(&cell_id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = cell {
            let _ = input.focus();
            let _ = input.set_selection_range(from, to);
        }
    });
    // ...screen readers learn how many rows there are, and the rows are measured.
    Effect::new(move |_| {
        headers.track();
        row_px.track();
        let (start, end) = window();
        let n = row_count();
        if let Some(table) = document().get_element_by_id(id) {
            let _ = table.set_attribute("aria-rowcount", &(n + 1).to_string());
        }
        // A height other than the guess redraws the spaces standing in for rows not drawn.
        // Measuring lays the page out (while it is being built, the half-built page): only
        // when there are such rows, since otherwise the spaces are empty whatever the height.
        if start > 0 || end < n {
            measure_rows();
        }
    });
    let count = move || match row_count() {
        1 => "1 row".to_string(),
        n => format!("{n} rows"),
    };
    view! {
        <div class="table-scroll" node_ref=scroller on:scroll=on_scroll>
            <table class="data-table" id=id>
                <caption>{caption}</caption>
                <thead>
                    <tr aria-rowindex="1">
                        <th scope="col">"#"</th>
                        {move || headers.get().into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                        {on_exclude.map(|_| view! { <th scope="col" title="Use the row in the fits">"use"</th> })}
                        <th scope="col"><span class="visually-hidden">"Remove"</span></th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <div class="toolbar">
            <button type="button" class="secondary" id=format!("{id}-add") on:click=move |_| on_edit.run(TableEdit::AddRow)>"Add row"</button>
            <button type="button" class="secondary" id=format!("{id}-clear") on:click=move |_| on_edit.run(TableEdit::Clear { blank: 6 })>"Clear table"</button>
            <span class="row-count" id=format!("{id}-count") aria-live="polite">{count}</span>
        </div>
    }
}

/// What a calculator's data table needs from its page: the edit handler, when to redraw the
/// rows, and the last paste's message.
#[derive(Clone, Copy)]
pub struct TableEdits {
    /// Applies an edit; clearing the table, removing a row and pasting can be undone.
    pub on_edit: Callback<TableEdit>,
    /// Changes when rows are added, removed or pasted here, or the calculation is replaced.
    pub layout: Signal<u64>,
    /// The last edit's message, while the calculation it was about is shown (a link, an
    /// example or undo starts without it).
    pub message: Signal<Option<String>>,
}

/// Wires a data table to the page: `apply` makes the edit in the state; edits that destroy
/// typed work are undo checkpoints first.
pub fn use_table_edits<C: Calculator>(page: Page<C>, apply: impl Fn(&mut C, TableEdit) -> EditOutcome + Send + Sync + 'static) -> TableEdits {
    let edited = RwSignal::new(0_u64);
    let table_message = RwSignal::new((0_u64, None::<String>));
    let on_edit = Callback::new(move |edit: TableEdit| {
        match &edit {
            TableEdit::Clear { .. } => page.checkpoint("Table cleared"),
            TableEdit::RemoveRow(row) => page.checkpoint(&format!("Row {} removed", row + 1)),
            TableEdit::Paste { .. } => page.checkpoint("Cells pasted"),
            TableEdit::Cell { .. } | TableEdit::AddRow => {}
        }
        let result = page.state.try_update(|s| apply(s, edit)).unwrap_or_default();
        if result.structural {
            edited.update(|n| *n += 1);
        }
        table_message.set((page.replaced.get_untracked(), result.message));
    });
    TableEdits {
        on_edit,
        layout: Signal::derive(move || edited.get().wrapping_add(page.replaced.get())),
        message: Signal::derive(move || table_message.with(|(at, m)| m.clone().filter(|_| *at == page.replaced.get()))),
    }
}

