//! The few places the app talks to the browser: the URL, local storage, the clipboard,
//! file downloads and timing marks. Every call tolerates a missing API (private mode,
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

/// Replaces the fragment without adding a history entry, so typing does not flood the
/// back button.
pub fn replace_hash(fragment: &str) {
    if current_hash() == fragment {
        return;
    }
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(fragment));
    }
}

/// Loads another page of the site (replacing this one in the history).
pub fn go_to(url: &str) {
    if let Some(w) = window() {
        let _ = w.location().replace(url);
    }
}

const STORAGE_PREFIX: &str = "photocalc:";

/// Saves work in progress for a calculator.
pub fn save(key: &str, value: &str) {
    if let Some(storage) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(&format!("{STORAGE_PREFIX}{key}"), value);
    }
}

/// Reads saved work in progress.
pub fn load(key: &str) -> Option<String> {
    window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(&format!("{STORAGE_PREFIX}{key}")).ok().flatten())
}

/// Copies text to the clipboard; the returned promise is ignored (the UI confirms at once
/// and falls back to showing the link for manual copying).
pub fn copy_to_clipboard(text: &str) -> bool {
    match window() {
        Some(w) => {
            let _ = w.navigator().clipboard().write_text(text);
            true
        }
        None => false,
    }
}

/// Puts `link` into the share-link field, for copying by hand where the clipboard is not
/// available.
pub fn show_share_link(link: &str) {
    let field = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("share-link"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(field) = field {
        field.set_value(link);
    }
}

/// Offers `content` as a download named `filename`.
pub fn download_text(filename: &str, mime: &str, content: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
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

/// Marks that the page is interactive: a `performance` mark and `data-ready` on `<html>`,
/// read by the benchmark and the browser tests.
pub fn mark_ready() {
    if let Some(w) = window() {
        if let Some(performance) = w.performance() {
            let _ = performance.mark("photocalc-ready");
        }
        if let Some(root) = w.document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-ready", "1");
        }
    }
}

/// Runs `work` and records its duration as a `performance` measure named `name`, which the
/// benchmark reads.
pub fn timed(name: &str, work: impl FnOnce()) {
    let performance = window().and_then(|w| w.performance());
    let start = format!("{name}-start");
    if let Some(p) = &performance {
        let _ = p.mark(&start);
    }
    work();
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(name, &start);
    }
}

/// Sets `<html data-saved>`: "1" when the address bar and the saved work show what is on
/// screen, "0" while they wait to be written. The browser tests read it.
pub fn mark_saved(saved: bool) {
    if let Some(root) = window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-saved", if saved { "1" } else { "0" });
    }
}

/// Counts chart redraws on `<html data-draws>`, so tests can tell a chart was drawn.
pub fn count_draw() {
    if let Some(root) = window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let n: u64 = root
            .get_attribute("data-draws")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let _ = root.set_attribute("data-draws", &(n + 1).to_string());
    }
}
