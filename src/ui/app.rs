//! The page frame, written once for every calculator: the header with the navigation and the
//! share link, routing by the address's fragment (and forwarding to the page of a calculator
//! that lives on another page), and the user's work, which is never lost: it is saved in this
//! browser by the rules of `state::session`, a shared link does not replace it, a change of
//! the whole calculation can be undone, Back and Forward move between calculations the user
//! opened, and two tabs do not overwrite each other silently.

use leptos::ev;
use leptos::prelude::*;

use super::browser;
use super::home::Home;
use crate::state::calculator::{self, Calculator, HOME_PAGE};
use crate::state::codec::MAX_FRAGMENT_BYTES;
use crate::state::notices::{Action, Notices, UndoBar};
use crate::state::session::{self, Address, Entry, Opening, Source, Undo};
use crate::state::{self, Route, CALCULATORS};

/// A calculator's page: the [`Calculator`]'s state, and the panel that shows it.
pub trait CalculatorUi: Calculator {
    /// The calculator's panel: its inputs, results, charts and explanation.
    fn panel(page: Page<Self>) -> AnyView;
}

/// What a calculator's panel gets from the page frame.
pub struct Page<C: Calculator> {
    /// The calculation as typed.
    pub state: RwSignal<C>,
    /// Changes whenever the calculation is replaced as a whole (a link opened, an example,
    /// undo), for widgets that keep part of it themselves (the data table's drawn rows).
    pub replaced: Signal<u64>,
    replace: Callback<(C, String)>,
    checkpoint: Callback<String>,
}

impl<C: Calculator> Clone for Page<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C: Calculator> Copy for Page<C> {}

impl<C: Calculator> Page<C> {
    /// Replaces the whole calculation ("Load example", "Clear"): undoable, and a new history
    /// entry, so that Back returns to the calculation before. `what` is said in the undo bar
    /// ("Example loaded").
    pub fn replace(&self, state: C, what: &str) {
        self.replace.run((state, what.to_string()));
    }

    /// Remembers the calculation before a change that destroys typed work (a table cleared, a
    /// row removed), so that it can be undone; call it, then make the change.
    pub fn checkpoint(&self, what: &str) {
        self.checkpoint.run(what.to_string());
    }
}

/// Mounts the page of calculator `C` (with the home page, on `index.html`) and marks it
/// interactive.
pub fn mount<C: CalculatorUi>() {
    leptos::mount::mount_to_body(app::<C>);
    browser::mark_ready();
}

/// How long after the last change the address bar and the saved work are brought up to date:
/// with a long table, encoding and writing them takes milliseconds that typing should not wait
/// for. They are written at once before a link is copied, before the calculation is replaced,
/// and when the page is left.
const SAVE_DELAY_MS: u64 = 300;

/// The history marker of a source (`history.state`), and back.
fn marker(source: Source) -> &'static str {
    match source {
        Source::Own => "photocalc:own",
        Source::Shared => "photocalc:shared",
    }
}

fn entry(marker: Option<String>) -> Entry {
    match marker.as_deref() {
        Some("photocalc:own") => Entry::Marked(Source::Own),
        Some("photocalc:shared") => Entry::Marked(Source::Shared),
        _ => Entry::Unmarked,
    }
}

/// The last change of the whole calculation, shown in the undo bar.
#[derive(Debug, Clone, PartialEq)]
enum Notice {
    Done(String),
    Undone(String),
}

/// Where "Copy link" stands.
#[derive(Debug, Clone, PartialEq)]
enum Share {
    Idle,
    /// Copied: the link is shown too.
    Copied(String),
    /// The clipboard could not be written: the link is shown selected, to copy by hand.
    ByHand(String),
    /// The calculation is too long for a link (its length in bytes).
    TooLong(usize),
}

/// A link to a calculator from this page: its fragment here, or its page and fragment.
fn href(here: &str, slug: &str, page: &'static str) -> String {
    let info_page = if page == HOME_PAGE { "./" } else { page };
    if page == here {
        format!("#/{slug}")
    } else {
        format!("{info_page}#/{slug}")
    }
}

/// Whether two texts are equal, at compile time.
const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The page frame of calculator `C`.
fn app<C: CalculatorUi>() -> impl IntoView {
    let info = C::INFO;
    // Known when compiling, so that a page without the home page does not hold its code.
    let hosts_home = const { same_text(C::INFO.page, HOME_PAGE) };
    // One key for the page's lifetime; leaked so that every handler can copy it.
    let key: &'static str = Box::leak(session::saved_key(info.slug).into_boxed_str());

    let route = RwSignal::new(Route::Home);
    let state = RwSignal::new(C::default());
    let source = RwSignal::new(Source::Own);
    let problem = RwSignal::new(None::<String>);
    let replaced = RwSignal::new(0_u64);
    // The address of a broken link stays until the calculation opened in its place changes.
    let kept_address = StoredValue::new(None::<String>);
    // What this browser's storage held for the calculator when this tab last read or wrote it.
    let seen = StoredValue::new(None::<String>);
    // Another tab changed the saved work: saving is paused until the user chooses.
    let conflict = RwSignal::new(false);
    let not_saved = RwSignal::new(false);
    let too_long = RwSignal::new(None::<usize>);
    let undo = StoredValue::new(Undo::<C>::default());
    let notice = RwSignal::new(None::<Notice>);
    let share = RwSignal::new(Share::Idle);
    let pending_save: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let is_here = move || matches!(route.get_untracked(), Route::Calculator(i) if i.slug == info.slug);

    let cancel_pending = move || {
        if let Some(timer) = pending_save.try_update_value(Option::take).flatten() {
            timer.clear();
        }
    };
    // Brings the saved work (for the user's own work) and, with `address`, the address bar up
    // to date. After Back or a link, the address is already the next page's: only the saved
    // work of the calculation being left is written then.
    let save = move |address: bool| {
        cancel_pending();
        if is_here() {
            browser::timed("photocalc-save", || {
                let fragment = state.with_untracked(calculator::encode);
                let keep = kept_address.with_value(|kept| kept.as_deref() == Some(fragment.as_str()));
                if address && !keep {
                    kept_address.set_value(None);
                    let mark = marker(source.get_untracked());
                    match session::address_for(info.slug, fragment.clone()) {
                        Address::Link(link) => {
                            browser::replace_address(&link, mark);
                            too_long.set(None);
                        }
                        Address::Kept { short, bytes } => {
                            browser::replace_address(&short, mark);
                            too_long.set(Some(bytes));
                        }
                    }
                }
                if source.get_untracked() == Source::Own && !conflict.get_untracked() {
                    let stored = browser::load(key);
                    if stored.as_deref() == Some(fragment.as_str()) {
                        seen.set_value(stored);
                        return;
                    }
                    if !seen.with_value(|s| session::may_overwrite(s.as_deref(), stored.as_deref())) {
                        conflict.set(true);
                        return;
                    }
                    if session::must_put_aside::<C>(stored.as_deref()) {
                        let _ = browser::save(&session::unreadable_key(info.slug), stored.as_deref().unwrap_or_default());
                    }
                    let saved = browser::save(key, &fragment);
                    not_saved.set(!saved);
                    if saved {
                        seen.set_value(Some(fragment));
                    }
                }
            });
        }
        browser::mark_saved(true);
    };
    let save_now = move || save(true);

    // Shows what an address opens.
    let show = move |opening: Opening<C>| {
        kept_address.set_value(opening.keep_address.then(|| calculator::encode(&opening.state)));
        state.set(opening.state);
        source.set(opening.source);
        problem.set(opening.problem);
        conflict.set(false);
        replaced.update(|n| *n += 1);
    };
    let open_address = move || {
        let fragment = browser::current_hash();
        let opened = state::route_of(&fragment);
        match opened {
            Route::Calculator(other) if other.slug != info.slug => {
                // Another page holds it: go there, fragment and all.
                browser::go_to(&format!("{}{fragment}", other.page_href()));
            }
            Route::Calculator(_) => {
                let saved = browser::load(key);
                seen.set_value(saved.clone());
                show(session::open::<C>(&fragment, saved.as_deref(), entry(browser::history_marker())));
                browser::set_title(&format!("{} — PhotoCalc", info.title));
            }
            Route::Home | Route::Unknown if !hosts_home => browser::go_to(&format!("./{fragment}")),
            Route::Home => {
                problem.set(None);
                browser::set_title("PhotoCalc");
            }
            Route::Unknown => {
                let name: String = fragment.trim_start_matches(['#', '/']).split(['?', '/']).next().unwrap_or("").chars().take(40).collect();
                problem.set(Some(format!("The link names no calculator called \u{201c}{name}\u{201d}. The home page opened instead.")));
                browser::set_title("PhotoCalc");
            }
        }
        route.set(opened);
    };
    open_address();

    // Back, Forward and links within the page. A pending save belongs to the calculation
    // being left, whose history entry is still current: it is written first.
    let on_navigate = move || {
        if pending_save.with_value(Option::is_some) {
            save(false);
        }
        share.set(Share::Idle);
        open_address();
    };
    let popstate = window_event_listener(ev::popstate, move |_| on_navigate());
    on_cleanup(move || popstate.remove());

    // Every change of the calculation: the address and the saved work follow a moment later.
    Effect::new(move |first_run: Option<()>| {
        state.track();
        if first_run.is_none() {
            save_now();
            return;
        }
        share.set(Share::Idle);
        cancel_pending();
        browser::mark_saved(false);
        let timer = set_timeout_with_handle(save_now, std::time::Duration::from_millis(SAVE_DELAY_MS)).ok();
        pending_save.set_value(timer);
    });
    let pagehide = window_event_listener(ev::pagehide, move |_| {
        if pending_save.with_value(Option::is_some) {
            save_now();
        }
    });
    on_cleanup(move || pagehide.remove());

    // Another tab saved this calculator: unless it saved what is on screen here, say so
    // instead of overwriting either.
    let storage = window_event_listener(ev::storage, move |event| {
        if event.key().as_deref() != Some(key) || source.get_untracked() != Source::Own || !is_here() {
            return;
        }
        let now = event.new_value();
        if now.as_deref() == Some(state.with_untracked(calculator::encode).as_str()) {
            seen.set_value(now);
        } else {
            conflict.set(true);
        }
    });
    on_cleanup(move || storage.remove());

    // Whole-calculation changes: undoable, and a history entry of their own.
    let replace_as = move |new: C, what: String, new_source: Source| {
        save_now();
        let before = state.get_untracked();
        undo.update_value(|u| u.record(before, &what));
        let fragment = calculator::encode(&new);
        let address = match session::address_for(info.slug, fragment) {
            Address::Link(link) => link,
            Address::Kept { short, .. } => short,
        };
        browser::push_address(&address, marker(new_source));
        kept_address.set_value(None);
        source.set(new_source);
        problem.set(None);
        state.set(new);
        replaced.update(|n| *n += 1);
        notice.set(Some(Notice::Done(what)));
    };
    // An example or a cleared calculator shown over a shared link is still not the user's
    // saved work: it stays in the address bar until they make it theirs.
    let replace = Callback::new(move |(new, what): (C, String)| replace_as(new, what, source.get_untracked()));
    let checkpoint = Callback::new(move |what: String| {
        let before = state.get_untracked();
        undo.update_value(|u| u.record(before, &what));
        notice.set(Some(Notice::Done(what)));
    });
    let step = move |back: bool| {
        let current = state.get_untracked();
        let stepped = undo.try_update_value(|u| if back { u.undo(current) } else { u.redo(current) }).flatten();
        if let Some((other, what)) = stepped {
            state.set(other);
            replaced.update(|n| *n += 1);
            notice.set(Some(if back { Notice::Undone(what) } else { Notice::Done(what) }));
        }
    };
    // Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y) where focus is not in a field, whose own undo they are.
    let keys = window_event_listener(ev::keydown, move |event| {
        let key = event.key().to_ascii_lowercase();
        if !(event.ctrl_key() || event.meta_key()) || event.alt_key() || browser::focus_in_text_field() || !is_here() {
            return;
        }
        let back = match key.as_str() {
            "z" => !event.shift_key(),
            "y" => false,
            _ => return,
        };
        event.prevent_default();
        step(back);
    });
    on_cleanup(move || keys.remove());

    // The user's own saved work, and making a shared calculation one's own.
    let own_work = move || browser::load(key).and_then(|text| session::decode_saved::<C>(&text).ok()).unwrap_or_default();
    let open_own = move || replace_as(own_work(), "Opened your own work".into(), Source::Own);
    let keep_shared = move || {
        // Undo brings the work this replaces back.
        let before = own_work();
        undo.update_value(|u| u.record(before, "Made the shared calculation your work"));
        notice.set(Some(Notice::Done("Made the shared calculation your work".into())));
        source.set(Source::Own);
        save_now();
    };
    let load_other_tab = move || {
        let stored = browser::load(key);
        match stored.as_deref().map(session::decode_saved::<C>) {
            Some(Ok(theirs)) => {
                let before = state.get_untracked();
                undo.update_value(|u| u.record(before, "Loaded the other tab's version"));
                seen.set_value(stored);
                conflict.set(false);
                state.set(theirs);
                replaced.update(|n| *n += 1);
                notice.set(Some(Notice::Done("Loaded the other tab's version".into())));
            }
            _ => {
                seen.set_value(stored);
                conflict.set(false);
                save_now();
            }
        }
    };
    let keep_this_tab = move || {
        seen.set_value(browser::load(key));
        conflict.set(false);
        save_now();
    };

    let copy_link = move |_| {
        save_now();
        if let Some(bytes) = too_long.get_untracked() {
            share.set(Share::TooLong(bytes));
            return;
        }
        let link = format!("{}{}", browser::address_without_hash(), browser::current_hash());
        browser::copy_to_clipboard(&link.clone(), move |copied| {
            if copied {
                share.set(Share::Copied(link));
            } else {
                share.set(Share::ByHand(link));
                request_animation_frame(|| browser::select_field("share-link"));
            }
        });
    };
    let shown_link = move || match share.get() {
        Share::Copied(link) | Share::ByHand(link) => Some(link),
        _ => None,
    };

    let on_calculator = move || matches!(route.get(), Route::Calculator(i) if i.slug == info.slug);
    // The notices, as markup with one click handler (see `state::notices`).
    let notices = move || Notices {
        problem: problem.get(),
        shared: on_calculator() && source.get() == Source::Shared,
        conflict: on_calculator() && conflict.get(),
        not_saved: on_calculator() && not_saved.get(),
        undo: notice.get().map(|n| {
            let message = match n {
                Notice::Done(what) => format!("{what}."),
                Notice::Undone(what) => format!("Undone: {what}."),
            };
            undo.with_value(|u| UndoBar { message, can_undo: u.next_undo().is_some(), can_redo: u.next_redo().is_some() })
        }),
    };
    let banners = move || notices().banners_html();
    let undo_bar = move || notices().undo_html();
    let on_notice_click = move |ev: ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let button = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("button[data-action]").ok().flatten());
        let Some(action) = button.and_then(|b| b.get_attribute("data-action")).and_then(|name| Action::from_name(&name)) else { return };
        match action {
            Action::DismissProblem => problem.set(None),
            Action::OpenOwnWork => open_own(),
            Action::KeepShared => keep_shared(),
            Action::LoadOtherTab => load_other_tab(),
            Action::KeepThisTab => keep_this_tab(),
            Action::Undo => step(true),
            Action::Redo => step(false),
            Action::DismissUndo => notice.set(None),
        }
    };

    let page = Page { state, replaced: replaced.into(), replace, checkpoint };
    let here_page = info.page;

    view! {
        <header class="site-header">
            <a class="brand" href=href(here_page, "", HOME_PAGE)>"PhotoCalc"</a>
            <nav aria-label="Calculators">
                {CALCULATORS.iter().map(|c| {
                    let slug = c.slug;
                    view! {
                        <a href=href(here_page, slug, c.page) class:active=move || matches!(route.get(), Route::Calculator(i) if i.slug == slug)>{c.nav}</a>
                    }
                }).collect_view()}
            </nav>
            <div class="share-slot" hidden=move || !on_calculator()>
                <div class="share">
                    <button type="button" id="copy-link" on:click=copy_link>
                        {move || if matches!(share.get(), Share::Copied(_)) { "Link copied" } else { "Copy link" }}
                    </button>
                    <input class="share-link" hidden=move || shown_link().is_none() id="share-link" readonly aria-label="Share link"
                        prop:value=move || shown_link().unwrap_or_default()
                        on:focus=|ev| {
                            use wasm_bindgen::JsCast;
                            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                input.select();
                            }
                        }/>
                </div>
                <p class="share-message" id="share-message" role="status">{move || match share.get() {
                    Share::ByHand(_) => "This browser did not let the page use the clipboard: the link is selected above, copy it with Ctrl+C (⌘C).".to_string(),
                    Share::TooLong(bytes) => format!(
                        "This calculation is {} kB as a link, more than the {} kB a link can hold (its table is long). It is saved in this browser; to share it, send the data itself.",
                        bytes.div_ceil(1000), MAX_FRAGMENT_BYTES / 1000),
                    _ => String::new(),
                }}</p>
            </div>
        </header>
        <main id="main">
            <div id="notices" on:click=on_notice_click inner_html=banners></div>
            {move || match route.get() {
                Route::Calculator(i) if i.slug == info.slug => C::panel(page),
                Route::Home | Route::Unknown if hosts_home => view! { <Home here=here_page/> }.into_any(),
                _ => view! { <p class="alert info">"Opening the calculator…"</p> }.into_any(),
            }}
        </main>
        <div class="undo-bar" role="status" id="undo-bar" hidden=move || !on_calculator() || notice.with(Option::is_none)
            on:click=on_notice_click inner_html=undo_bar></div>
        <footer class="site-footer">
            <p>"PhotoCalc computes everything in your browser; nothing is sent anywhere. Your work is kept in this browser and in the page address."</p>
        </footer>
    }
}
