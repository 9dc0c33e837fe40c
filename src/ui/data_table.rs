//! An editable table of typed cells: type into cells, paste a block from a spreadsheet at
//! any cell, add and remove rows. The edits themselves are pure (`state::table`); this only
//! wires them to the page.

use leptos::prelude::*;

use crate::state::table::TableEdit;

/// The table. Rows are drawn again only when `layout` changes (rows added, removed or
/// pasted), so typing never re-renders a row and never loses the caret.
#[component]
pub fn DataTable(
    /// Element id of the `<table>`.
    id: &'static str,
    /// What the table holds, for screen readers and as its caption.
    caption: &'static str,
    /// Column headers, with units.
    #[prop(into)]
    headers: Signal<Vec<String>>,
    /// The typed cells.
    #[prop(into)]
    rows: Signal<Vec<Vec<String>>>,
    /// Changes whenever rows are added, removed or replaced.
    #[prop(into)]
    layout: Signal<u64>,
    /// Cells whose text cannot be used: (row, column), 0-based.
    #[prop(into)]
    invalid: Signal<Vec<(usize, usize)>>,
    /// Receives every edit.
    #[prop(into)]
    on_edit: Callback<TableEdit>,
) -> impl IntoView {
    // Rows are drawn again on a structural change or when the headers (units, quantity)
    // change, so that every cell's label names its current unit.
    let body = move || {
        layout.track();
        let header_names = headers.get();
        rows.get_untracked()
            .into_iter()
            .enumerate()
            .map(|(r, cells)| {
                let cell_views = cells
                    .into_iter()
                    .enumerate()
                    .map(|(c, text)| {
                        let label = format!("{}, row {}", header_names.get(c).cloned().unwrap_or_default(), r + 1);
                        let cell_id = format!("{id}-r{r}c{c}");
                        view! {
                            <td>
                                <input type="text" inputmode="decimal" autocomplete="off" spellcheck="false"
                                    id=cell_id aria-label=label prop:value=text aria-invalid="false"
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
                view! {
                    <tr>
                        <th scope="row">{r + 1}</th>
                        {cell_views}
                        <td>
                            <button type="button" class="icon" aria-label=format!("Remove row {}", r + 1)
                                on:click=move |_| on_edit.run(TableEdit::RemoveRow(r))>"×"</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    // One effect marks the cells whose text cannot be used, touching only cells whose state
    // changed: a reactive attribute on each of thousands of cells would make every edit of a
    // long table cost time in proportion to its size.
    let marked = StoredValue::new(Vec::<(usize, usize)>::new());
    Effect::new(move |_| {
        layout.track();
        headers.track();
        let now = invalid.get();
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let set = |(r, c): (usize, usize), value: &str| {
            if let Some(cell) = document.get_element_by_id(&format!("{id}-r{r}c{c}")) {
                let _ = cell.set_attribute("aria-invalid", value);
            }
        };
        marked.with_value(|before| before.iter().filter(|p| !now.contains(p)).for_each(|&p| set(p, "false")));
        now.iter().for_each(|&p| set(p, "true"));
        marked.set_value(now);
    });
    view! {
        <div class="table-scroll">
            <table class="data-table" id=id>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        {move || headers.get().into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                        <th scope="col"><span class="visually-hidden">"Remove"</span></th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <div class="toolbar">
            <button type="button" class="secondary" id=format!("{id}-add") on:click=move |_| on_edit.run(TableEdit::AddRow)>"Add row"</button>
            <button type="button" class="secondary" id=format!("{id}-clear") on:click=move |_| on_edit.run(TableEdit::Clear { blank: 6 })>"Clear table"</button>
        </div>
    }
}
