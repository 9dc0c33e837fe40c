//! Results written as markup (a result card, the fit cards) brought up to date by changing
//! only what differs: an edit changes a few numbers in a card, and replacing the whole card
//! (`inner_html`) made the browser lay out and paint all of its text again, every keystroke
//! (issue 11: about 100 text nodes and 50 table cells per edit on the quench page). The new
//! markup is parsed into a `<template>` and walked beside the element's children: a text that
//! differs is set, attributes synced, a node that came or went (a warning above a table) put in
//! or taken out, any other element of another tag replaced, the rest kept.
//!
//! The walk is JavaScript (`patch.js`, beside this file): it asks the DOM about every node
//! it passes, some six questions a node, and from the module each question crossed into
//! JavaScript and back (names and texts copied across as strings). Written in Rust it took
//! 1.0–1.4 ms of an edit on the quench page in a CPU profile, for a few hundred nodes.

use leptos::html::Div;
use leptos::prelude::*;
#[cfg(feature = "page-js")]
use wasm_bindgen::prelude::wasm_bindgen;
use web_sys::Element;

#[cfg(feature = "page-js")]
#[wasm_bindgen(module = "/src/ui/patch.js")]
extern "C" {
    /// Makes `target`'s children those of `html`, keeping every node that is the same.
    #[wasm_bindgen(js_name = patchInnerHtml)]
    fn patch_inner_html(target: &Element, html: &str);
}

/// Built without the pages' JavaScript (the file-reading worker, which shows no results), the
/// markup replaces the children whole.
#[cfg(not(feature = "page-js"))]
fn patch_inner_html(target: &Element, html: &str) {
    target.set_inner_html(html);
}

/// Keeps the element of `target` showing `html`, changing only what differs.
pub fn use_patched_html(target: NodeRef<Div>, html: impl Fn() -> String + 'static) {
    Effect::new(move |_| {
        let markup = html();
        if let Some(element) = target.get() {
            patch_inner_html(&element, &markup);
        }
    });
}
