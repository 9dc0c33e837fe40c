//! The few places the app talks to the browser: the URL and the history, local storage, the
//! clipboard, file downloads and timing marks. Every call tolerates a missing API (private mode,
//! storage disabled) by doing nothing rather than panicking.

use wasm_bindgen::{JsCast, JsValue};

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The current fragment, with its `#`.
pub fn current_hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page's address without the fragment (for full share links).
pub fn address_without_hash() -> String {
    window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or("").to_string())
        .unwrap_or_default()
}

/// The page's whole address, fragment and all: the link that reopens what is on screen.
pub fn current_address() -> String {
    format!("{}{}", address_without_hash(), current_hash())
}

/// The marker a history entry carries in `history.state` (see `state::session::Entry`).
pub fn history_marker() -> Option<String> {
    window().and_then(|w| w.history().ok()).and_then(|h| h.state().ok()).and_then(|v| v.as_string())
}

/// Replaces the current history entry's address and marker: typing does not flood the back
/// button.
pub fn replace_address(fragment: &str, marker: &str) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::from_str(marker), "", Some(fragment));
    }
}

/// Adds a history entry for a calculation the user opened, so that Back returns to the one
/// before it.
pub fn push_address(fragment: &str, marker: &str) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(&JsValue::from_str(marker), "", Some(fragment));
    }
}

/// Loads another page of the site (replacing this one in the history).
pub fn go_to(url: &str) {
    if let Some(w) = window() {
        let _ = w.location().replace(url);
    }
}

/// Moves the keyboard focus to the first element `selector` finds (focusable, or with
/// `tabindex="-1"`).
pub fn focus(selector: &str) {
    let element = window().and_then(|w| w.document()).and_then(|d| d.query_selector(selector).ok().flatten());
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// Opens the browser's print dialog (where "Save as PDF" is).
pub fn print() {
    if let Some(w) = window() {
        let _ = w.print();
    }
}

/// Now, as the reader's clock and language write a date and time.
pub fn local_date_time() -> String {
    js_sys::Date::new_0().to_locale_string("default", &JsValue::UNDEFINED).into()
}

/// Sets the document's title.
pub fn set_title(title: &str) {
    if let Some(document) = window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.local_storage().ok().flatten())
}

/// Saves `value` under `key` in this browser's local storage; false when storage is turned
/// off (private mode, a browser setting) or full.
pub fn save(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

fn session() -> Option<web_sys::Storage> {
    window().and_then(|w| w.session_storage().ok().flatten())
}

/// Keeps `value` under `key` for as long as this tab (its history) lives.
pub fn session_save(key: &str, value: &str) {
    if let Some(s) = session() {
        let _ = s.set_item(key, value);
    }
}

/// Reads what [`session_save`] kept.
pub fn session_load(key: &str) -> Option<String> {
    session().and_then(|s| s.get_item(key).ok().flatten())
}

/// Forgets what [`session_save`] kept.
pub fn session_remove(key: &str) {
    if let Some(s) = session() {
        let _ = s.remove_item(key);
    }
}

/// Forgets a value saved under `key`.
pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Reads a value saved under `key`.
pub fn load(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Copying from the page puts a hyphen-minus where the page shows a true minus (−): a
/// spreadsheet reads "−0.147" as text, "-0.147" as a number. Only a selection holding a true
/// minus is copied this way (as plain text); any other copy is the browser's own. True if
/// the copy was replaced.
pub fn copy_with_plain_minus(event: &web_sys::ClipboardEvent) -> bool {
    let selected = window().and_then(|w| w.get_selection().ok().flatten()).map(|s| String::from(s.to_string()));
    let Some(text) = selected.filter(|t| t.contains('\u{2212}')) else { return false };
    let Some(data) = event.clipboard_data() else { return false };
    if data.set_data("text/plain", &text.replace('\u{2212}', "-")).is_err() {
        return false;
    }
    event.prevent_default();
    true
}

/// Writes `text` to the clipboard and calls `done` with whether the browser took it: false
/// at once where the Clipboard API is missing (a page served over plain http) or throws, and
/// when the browser refuses the write. A promise callback rather than an `async` function:
/// this page has no other use for an async executor, which would cost it several kB.
pub fn copy_to_clipboard(text: &str, done: impl FnOnce(bool) + 'static) {
    let write = || -> Option<js_sys::Promise> {
        let navigator = window()?.navigator();
        let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok().filter(JsValue::is_object)?;
        let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok()?.dyn_into::<js_sys::Function>().ok()?;
        // Called through `Function` so that a throwing browser gives an `Err`, not an exception.
        write.call1(&clipboard, &JsValue::from_str(text)).ok()?.dyn_into::<js_sys::Promise>().ok()
    };
    let Some(promise) = write() else { return done(false) };
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let finish = move |ok: bool| {
        if let Some(done) = done.take() {
            done(ok);
        }
    };
    let resolved = {
        let finish = finish.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |_| finish(true))
    };
    let rejected = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |_| finish(false));
    let _ = promise.then2(&resolved, &rejected);
    // The promise calls one of them later: they must outlive this call (a few bytes per copy).
    resolved.forget();
    rejected.forget();
}

/// Focuses the text field `id` and selects its text (the share link, for copying by hand).
pub fn select_field(id: &str) {
    let field = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(field) = field {
        let _ = field.focus();
        field.select();
    }
}

/// Whether keyboard focus is in something that edits text, where Ctrl+Z is the field's own.
pub fn focus_in_text_field() -> bool {
    let active = window().and_then(|w| w.document()).and_then(|d| d.active_element());
    active.is_some_and(|e| {
        let tag = e.tag_name().to_ascii_lowercase();
        matches!(tag.as_str(), "input" | "textarea" | "select") || e.has_attribute("contenteditable")
    })
}

/// `text` as a `Blob` of type `mime`: for a download, or pasted text sent to the file reader.
pub fn text_blob(text: &str, mime: &str) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()
}

/// Offers `content` as a download named `filename`.
pub fn download_text(filename: &str, mime: &str, content: &str) {
    let Some(blob) = text_blob(content, mime) else {
        return;
    };
    if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
        download_url(filename, &url);
        let _ = web_sys::Url::revoke_object_url(&url);
    }
}

/// Clicks a temporary `<a download>` pointing at `url`.
pub fn download_url(filename: &str, url: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    anchor.set_href(url);
    anchor.set_download(filename);
    if let Some(body) = document.body() {
        let _ = body.append_child(&anchor);
        anchor.click();
        let _ = body.remove_child(&anchor);
    }
}

/// The device-pixel ratio (1 where unknown).
pub fn device_pixel_ratio() -> f64 {
    window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0)
}

/// Marks that the page is interactive, its first screen built: a `performance` mark read by
/// the benchmark.
pub fn mark_ready() {
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.mark("photocalc-ready");
    }
}

/// Marks that the whole page is built, below the first screen too (see `ui::later`): a
/// `performance` mark and `data-ready` on `<html>`, which the browser tests wait for.
pub fn mark_complete() {
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.mark("photocalc-complete");
    }
    set_root_attribute("data-ready", Some("1"));
}

/// Runs `work` and records its duration as a `performance` measure named `name`, which the
/// benchmark reads.
pub fn timed(name: &str, work: impl FnOnce()) {
    mark_start(name);
    work();
    measure(name);
}

/// The start of work named `name` that ends later ([`measure`]), for tools/bench.
pub fn mark_start(name: &str) {
    if let Some(p) = window().and_then(|w| w.performance()) {
        let _ = p.mark(&format!("{name}-start"));
    }
}

/// A performance measure `name` from its [`mark_start`] to now.
pub fn measure(name: &str) {
    if let Some(p) = window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark(name, &format!("{name}-start"));
    }
}

/// Sets `<html data-saved>`: "1" when the address bar and the saved work show what is on
/// screen, "0" while they wait to be written. The browser tests read it.
pub fn mark_saved(saved: bool) {
    set_root_attribute("data-saved", Some(if saved { "1" } else { "0" }));
}

/// The document's root element, `<html>`.
fn root() -> Option<web_sys::Element> {
    window().and_then(|w| w.document()).and_then(|d| d.document_element())
}

/// Sets an attribute of `<html>`, or removes it (`None`).
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    if let Some(root) = root() {
        let _ = match value {
            Some(value) => root.set_attribute(name, value),
            None => root.remove_attribute(name),
        };
    }
}

/// Counts chart redraws on `<html data-draws>`, so tests can tell a chart was drawn.
pub fn count_draw() {
    if let Some(root) = root() {
        let n: u64 = root
            .get_attribute("data-draws")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let _ = root.set_attribute("data-draws", &(n + 1).to_string());
    }
}
