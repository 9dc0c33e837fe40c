//! Results said to screen readers: when the user pauses, the results whose text changed are
//! said once each, by name, value and unit, in one polite live region. The result areas
//! themselves are not live regions, which would read whole tables on every keystroke.
//!
//! A result says it can be announced with `data-announce="its name"` on the element that
//! holds its value (and its unit, or the unit in `data-unit`): the cards of every calculator
//! mark theirs, so this module needs to know none of them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::science::format::escape_markup;

/// How long after the last change the results are said: a pause in typing.
const PAUSE_MS: u64 = 900;
/// At most this many results are said at once; beyond, how many more changed.
const MOST: usize = 6;

/// The results on screen now: each marked element's name and what it says, in page order.
fn results_on_screen() -> Vec<(String, String)> {
    let Some(list) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector_all("main [data-announce]").ok()) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        // A hidden result (no layout box) is not on screen.
        .filter(|e| e.offset_parent().is_some())
        .filter_map(|e| {
            let name = e.get_attribute("data-announce")?;
            let text = e.text_content().unwrap_or_default();
            let value = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let unit = e.get_attribute("data-unit").filter(|u| !u.is_empty());
            let said = match unit {
                Some(unit) => format!("{name} {value} {unit}"),
                None => format!("{name} {value}"),
            };
            (!value.is_empty() && value != "—").then_some((name, said))
        })
        .collect()
}

/// What to say: the results whose text is not what it was, at most [`MOST`] of them.
fn changes(before: &[(String, String)], now: &[(String, String)]) -> String {
    // A few dozen results at most: a search through the list is as quick as a map, and smaller.
    let changed: Vec<&str> = now.iter().filter(|&said| !before.contains(said)).map(|(_, said)| said.as_str()).collect();
    let mut text = changed.iter().take(MOST).copied().collect::<Vec<_>>().join("; ");
    if changed.len() > MOST {
        text.push_str(&format!("; and {} more results changed", changed.len() - MOST));
    }
    text
}

/// The live region, and the watch over `changed`: each change (tracked) waits for a pause,
/// then the results that changed are said.
#[component]
pub fn Announcer(
    /// Anything that changes when the results may have (the calculation's state).
    changed: Signal<()>,
) -> impl IntoView {
    let said = RwSignal::new(String::new());
    // What the results said when last announced (or when the page opened).
    let before = StoredValue::new(Vec::<(String, String)>::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |first_run: Option<()>| {
        changed.track();
        if let Some(timer) = pending.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        let opening = first_run.is_none();
        let announce = move || {
            let now = results_on_screen();
            if !opening {
                let text = before.with_value(|b| changes(b, &now));
                if !text.is_empty() {
                    said.set(text);
                }
            }
            before.set_value(now);
        };
        let timer = set_timeout_with_handle(announce, std::time::Duration::from_millis(PAUSE_MS)).ok();
        pending.set_value(timer);
    });
    view! { <div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">{move || said.get()}</div> }
}

/// How many results the phone's strip shows.
const STRIP: usize = 3;

/// On a phone the results sit below the whole form: a strip fixed at the bottom of the screen
/// shows the first results as they change while the user types anywhere above, and takes them
/// to all of them. Hidden on wider screens (style/main.css), where the results sit beside
/// the form; it reads the page only on a narrow one.
#[component]
pub fn ResultStrip(
    /// Anything that changes when the results may have (the calculation's state).
    changed: Signal<()>,
) -> impl IntoView {
    let shown = RwSignal::new(Vec::<String>::new());
    // The query is parsed once; whether it matches is read on each change.
    let phone = StoredValue::new_local(web_sys::window().and_then(|w| w.match_media("(max-width: 760px)").ok().flatten()));
    let narrow = move || phone.with_value(|q| q.as_ref().is_some_and(web_sys::MediaQueryList::matches));
    Effect::new(move |_| {
        changed.track();
        // On a wide screen there is nothing to show, and no frame to wait for.
        if !narrow() {
            if shown.with_untracked(|s| !s.is_empty()) {
                shown.set(Vec::new());
            }
            return;
        }
        // The results are read once the page shows them: on the next frame.
        request_animation_frame(move || {
            let now: Vec<String> = results_on_screen().into_iter().take(STRIP).map(|(_, said)| said).collect();
            if shown.with_untracked(|s| *s != now) {
                shown.set(now);
            }
        });
    });
    let to_results = move |_| {
        let heading = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("results-heading"));
        if let Some(heading) = heading {
            heading.scroll_into_view();
        }
    };
    view! {
        <aside class="result-strip" aria-label="Latest results" hidden=move || shown.with(Vec::is_empty)>
            // Written as markup (escaped): smaller in the page's module than a list of views.
            <ul inner_html=move || shown.with(|lines| lines.iter().map(|said| format!("<li>{}</li>", escape_markup(said))).collect::<String>())></ul>
            <button type="button" class="secondary" on:click=to_results>"All results ↓"</button>
        </aside>
    }
}
