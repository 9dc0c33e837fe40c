//! The first screen first. A calculator page is taller than a screen: its form goes on below,
//! and its explanation after that. The parts that lie below the first screen are built by
//! [`later`] once the first screen has been painted, in a task of their own, so that a first
//! visit shows the fields the user types into, with their results, without waiting for the
//! rest (which the user reaches by scrolling, long after it is there).
//!
//! The page is marked ready (`performance` mark `photocalc-ready`) when its first screen is
//! built, and complete (`<html data-ready="1">`, mark `photocalc-complete`) when the parts
//! below are built too; the browser tests wait for the latter.

use std::any::Any;
use std::cell::RefCell;

use leptos::html;
use leptos::prelude::*;
use leptos::tachys::view::{Mountable, Render};
use send_wrapper::SendWrapper;

use super::browser;

/// Builds one waiting part.
type Job = Box<dyn FnOnce()>;

thread_local! {
    /// The parts waiting for the first screen to be painted; `None` once it has been.
    static WAITING: RefCell<Option<Vec<Job>>> = const { RefCell::new(Some(Vec::new())) };
}

/// Builds the waiting parts once the first screen has been painted (after the next animation
/// frame, in a task of its own), then marks the page complete. A page in a background tab gets
/// no animation frames: it builds them when it is first shown.
pub fn build_after_first_paint() {
    request_animation_frame(|| {
        set_timeout(
            || {
                for build in WAITING.with(|w| w.borrow_mut().take()).unwrap_or_default() {
                    build();
                }
                browser::mark_complete();
            },
            std::time::Duration::ZERO,
        );
    });
}

/// The view `build` makes, built once the first screen has been painted (or, once it has, as
/// soon as the place is in the page). It goes where `later` stands, before an empty hidden
/// element that marks the place, and leaves with the element around it. Built by hand rather
/// than by a reactive closure or a component taking children, each of which would cost the
/// page one to two kilobytes of code for one change from "not yet" to "built"; only the
/// building is generic. (Whether a part costs less as its own type or type-erased with
/// `into_any` is the compiler's call: measured at each place with `gzip -9` of the page.)
pub fn later<V>(build: impl FnOnce() -> V + 'static) -> impl IntoView
where
    V: Render + 'static,
    V::State: 'static,
{
    place(Box::new(move |parent, marker| {
        let mut view = build().build();
        view.mount(parent, Some(marker));
        Box::new(SendWrapper::new(view))
    }))
}

/// Builds a part of the page and mounts it into the parent, before the marker; gives the built
/// view, which must be kept for its reactive parts to go on working.
type Building = Box<dyn FnOnce(&web_sys::Element, &web_sys::Node) -> Box<dyn Any + Send + Sync>>;

/// [`later`]'s marker, and the building waiting for the first screen to be painted.
fn place(build: Building) -> impl IntoView {
    let marker: NodeRef<html::Div> = NodeRef::new();
    let owner = Owner::current();
    let job = move || {
        // Gone with the part it stood in, or never placed: nothing to build.
        let Some(marker) = marker.try_get_untracked().flatten() else { return };
        let Some(parent) = marker.parent_element() else { return };
        // Under the owner of the part it stands in: the contexts it sees, and kept until it is
        // cleaned up.
        let build_here = || {
            let view = build(&parent, marker.as_ref());
            on_cleanup(move || drop(view));
        };
        match &owner {
            Some(owner) => owner.with(build_here),
            None => build_here(),
        }
    };
    WAITING.with(|w| match &mut *w.borrow_mut() {
        Some(waiting) => waiting.push(Box::new(job)),
        // Painted already (the home page's link opened a calculator): once the marker is placed.
        None => leptos::task::spawn_local(async move { job() }),
    });
    view! { <div class="later" hidden=true node_ref=marker></div> }
}

/// A part that one choice shows and the others hide (a chromatograph's calibration, a curve's
/// table): built at once when the page opens with it shown, and like [`later`] when it opens
/// hidden, so that the first screen waits only for what it shows.
pub fn later_if_hidden(hidden: bool, build: impl FnOnce() -> AnyView + 'static) -> AnyView {
    if hidden {
        later(build).into_any()
    } else {
        build()
    }
}
