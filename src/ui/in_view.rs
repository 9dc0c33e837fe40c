//! Whether an element is on screen, or near it: `IntersectionObserver`s as signals, so that
//! work for what the user cannot see (a chart far below) waits until it comes into view.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// How far outside the screen an element counts as near: half a screen above and below, so
/// that a chart is drawn before it scrolls in.
const NEAR: &str = "50% 0px";

/// Where an element is relative to the screen, as signals (each true until the browser first
/// reports, and always where `IntersectionObserver` is missing: then everything counts as
/// seen).
#[derive(Clone, Copy)]
pub struct InView {
    /// On screen or within half a screen of it.
    pub near: Signal<bool>,
    /// On screen: at least a pixel of it shows.
    pub visible: Signal<bool>,
}

/// Observes `target`: whether it is near the screen and whether it is on it.
pub fn use_in_view(target: NodeRef<html::Div>) -> InView {
    InView { near: observe(target, NEAR), visible: observe(target, "0px") }
}

/// Whether `target` intersects the screen grown by `margin` (CSS margin syntax).
fn observe(target: NodeRef<html::Div>, margin: &'static str) -> Signal<bool> {
    let seen = RwSignal::new(true);
    // The observer and its callback live as long as the element is observed.
    let observing = StoredValue::new_local(None::<(IntersectionObserver, Closure<dyn Fn(js_sys::Array)>)>);
    Effect::new(move |_| {
        let Some(element) = target.get() else { return };
        let report = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            // The latest report of the element wins.
            if let Some(entry) = entries.iter().filter_map(|e| e.dyn_into::<IntersectionObserverEntry>().ok()).next_back() {
                seen.set(entry.is_intersecting());
            }
        });
        let options = IntersectionObserverInit::new();
        options.set_root_margin(margin);
        if let Ok(observer) = IntersectionObserver::new_with_options(report.as_ref().unchecked_ref(), &options) {
            observer.observe(&element);
            if let Some((old, _)) = observing.try_update_value(|o| o.replace((observer, report))).flatten() {
                old.disconnect();
            }
        }
    });
    on_cleanup(move || {
        if let Some((observer, _)) = observing.try_update_value(Option::take).flatten() {
            observer.disconnect();
        }
    });
    seen.into()
}
