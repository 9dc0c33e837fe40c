//! Results written as markup (a result card, the fit cards) brought up to date by changing
//! only what differs: an edit changes a few numbers in a card, and replacing the whole card
//! (`inner_html`) made the browser lay out and paint all of its text again, every keystroke
//! (issue 11: about 100 text nodes and 50 table cells per edit on the quench page). The new
//! markup is parsed into a `<template>` and walked beside the element's children: a text that
//! differs is set, attributes synced, a node that came or went (a warning above a table) put in
//! or taken out, any other element of another tag replaced, the rest kept.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTemplateElement, Node};

/// Keeps the element of `target` showing `html`, changing only what differs.
pub fn use_patched_html(target: NodeRef<Div>, html: impl Fn() -> String + 'static) {
    Effect::new(move |_| {
        let markup = html();
        if let Some(element) = target.get() {
            patch_inner_html(&element, &markup);
        }
    });
}

/// Makes `target`'s children those of `html`, keeping every node that is the same.
pub fn patch_inner_html(target: &Element, html: &str) {
    let Some(template) = target.owner_document().and_then(|d| d.create_element("template").ok()).and_then(|t| t.dyn_into::<HtmlTemplateElement>().ok()) else {
        target.set_inner_html(html);
        return;
    };
    template.set_inner_html(html);
    morph_children(target, &template.content());
}

/// Makes `old`'s children like `new`'s, taking nodes out of `new` where they are needed.
fn morph_children(old: &Node, new: &Node) {
    let mut old_child = old.first_child();
    let mut new_child = new.first_child();
    while let Some(fresh) = new_child {
        // Read before `fresh` may move out of `new`.
        new_child = fresh.next_sibling();
        match old_child.take() {
            Some(kept) if same_kind(&kept, &fresh) => {
                morph(&kept, &fresh);
                old_child = kept.next_sibling();
            }
            // A node that came in (a warning above a table): put it before the kept one.
            Some(kept) if new_child.as_ref().is_some_and(|next| same_kind(&kept, next)) => {
                let _ = old.insert_before(&fresh, Some(&kept));
                old_child = Some(kept);
            }
            // A node that went: drop it, and go on with the next.
            Some(stale) if stale.next_sibling().is_some_and(|next| same_kind(&next, &fresh)) => {
                let next = stale.next_sibling();
                let _ = old.remove_child(&stale);
                if let Some(kept) = next {
                    morph(&kept, &fresh);
                    old_child = kept.next_sibling();
                }
            }
            Some(stale) => {
                let _ = old.replace_child(&fresh, &stale);
                old_child = fresh.next_sibling();
            }
            None => {
                let _ = old.append_child(&fresh);
            }
        }
    }
    while let Some(stale) = old_child {
        old_child = stale.next_sibling();
        let _ = old.remove_child(&stale);
    }
}

/// Whether `a` can be made into `b` in place: the same kind of node, and for elements the
/// same tag.
fn same_kind(a: &Node, b: &Node) -> bool {
    a.node_type() == b.node_type() && (a.node_type() != Node::ELEMENT_NODE || a.node_name() == b.node_name())
}

/// Makes `old` like `new`, a node of the same kind.
fn morph(old: &Node, new: &Node) {
    // The browser compares a whole subtree in one call (most rows of a card do not change in
    // an edit), where walking it here reads every attribute and text across to the module.
    if old.is_equal_node(Some(new)) {
        return;
    }
    if old.node_type() != Node::ELEMENT_NODE {
        let text = new.node_value();
        if old.node_value() != text {
            old.set_node_value(text.as_deref());
        }
        return;
    }
    let (Some(old_element), Some(new_element)) = (old.dyn_ref::<Element>(), new.dyn_ref::<Element>()) else { return };
    sync_attributes(old_element, new_element);
    morph_children(old, new);
}

fn sync_attributes(old: &Element, new: &Element) {
    let wanted = new.get_attribute_names();
    for name in wanted.iter().filter_map(|n| n.as_string()) {
        let value = new.get_attribute(&name);
        if old.get_attribute(&name) != value {
            let _ = old.set_attribute(&name, value.as_deref().unwrap_or(""));
        }
    }
    for name in old.get_attribute_names().iter().filter_map(|n| n.as_string()) {
        if !new.has_attribute(&name) {
            let _ = old.remove_attribute(&name);
        }
    }
}
