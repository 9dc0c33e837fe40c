//! The page frame, written once for every calculator: the header with the navigation and the
//! share link, routing by the address's fragment (and forwarding to the page of a calculator
//! that lives on another page), and the user's work, which is never lost: it is saved in this
//! browser by the rules of `state::session`, a shared link does not replace it, a change of
//! the whole calculation can be undone, Back and Forward move between calculations the user
//! opened, and two tabs do not overwrite each other silently.

use leptos::ev;
use leptos::prelude::*;

use super::browser;
use super::announce::{Announcer, ResultStrip};
use super::home::Home;
use super::later;
use super::theme::{self, ThemeSwitch};
use crate::state::calculator::{self, Calculator, HOME_PAGE};
use crate::state::notices::{nav_html, Action, Notices, Share, UndoBar};
use crate::state::session::{self, Address, Entry, Opening, Source, Undo};
use crate::state::{self, Route};

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
    change: Callback<(C, String)>,
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

    /// Replaces the whole calculation within this history entry (a file opened into a
    /// table): undoable, and widgets that keep part of it redraw, but the address and the saved
    /// work are brought up to date later, as for typing, since encoding a long table takes
    /// time the user should not wait for.
    pub fn replace_in_place(&self, state: C, what: &str) {
        self.change.run((state, what.to_string()));
    }

    /// Remembers the calculation before a change that destroys typed work (a table cleared, a
    /// row removed), so that it can be undone; call it, then make the change.
    pub fn checkpoint(&self, what: &str) {
        self.checkpoint.run(what.to_string());
    }
}

/// What a printed calculation carries besides the page: the link that reopens it and when it
/// was printed (shown only in print; written when printing starts).
#[component]
fn PrintNote() -> impl IntoView {
    let note = RwSignal::new((String::new(), String::new()));
    let before = window_event_listener(ev::beforeprint, move |_| note.set((browser::current_address(), browser::local_date_time())));
    on_cleanup(move || before.remove());
    view! {
        <p class="print-only" id="print-note">
            "Reopen this calculation: " <span class="print-link">{move || note.with(|n| n.0.clone())}</span>
            <br/>"Printed " {move || note.with(|n| n.1.clone())} " · PhotoCalc"
        </p>
    }
}

/// Mounts the page of calculator `C` (with the home page, on `index.html`) and marks it
/// interactive; the parts below its first screen follow once that has been painted
/// ([`later`]).
pub fn mount<C: CalculatorUi>() {
    leptos::mount::mount_to_body(app::<C>);
    browser::mark_ready();
    later::build_after_first_paint();
}

/// How long after the last change the address bar and the saved work are brought up to date:
/// encoding and writing them takes time (milliseconds for a long table) that typing should
/// not wait for. They are written at once before a link is copied, before the calculation is
/// replaced, and when the page is left; Back or a link within the 300 ms keeps the last change
/// for Forward through [`entry_key`].
const SAVE_DELAY_MS: u64 = 300;

/// The marker of a history entry the page made (`history.state`): whose work it holds, and the
/// entry's id, `photocalc:own:5f3a…`.
fn marker(source: Source, id: &str) -> String {
    let whose = match source {
        Source::Own => "own",
        Source::Shared => "shared",
    };
    format!("photocalc:{whose}:{id}")
}

/// Reads a history entry's marker: whose work it holds, and its id.
fn entry(marker: Option<String>) -> (Entry, Option<String>) {
    let Some(rest) = marker.as_deref().and_then(|m| m.strip_prefix("photocalc:")) else { return (Entry::Unmarked, None) };
    let (whose, id) = rest.split_once(':').unwrap_or((rest, ""));
    let source = match whose {
        "own" => Source::Own,
        "shared" => Source::Shared,
        _ => return (Entry::Unmarked, None),
    };
    (Entry::Marked(source), (!id.is_empty()).then(|| id.to_string()))
}

/// A new history entry's id.
fn new_entry_id() -> String {
    format!("{:x}", (js_sys::Math::random() * 9.0e15) as u64)
}

/// Where this tab keeps the last change of a history entry that was left (by Back or a link)
/// before its address was brought up to date: session storage, which lives as long as the
/// tab's history. Opening the entry again takes it from there.
fn entry_key(id: &str) -> String {
    format!("photocalc:entry:{id}")
}

/// The last change of the whole calculation, shown in the undo bar.
#[derive(Debug, Clone, PartialEq)]
enum Notice {
    Done(String),
    Undone(String),
}

/// Whether calculator `C`'s page holds the home page: known when compiling, and asked where it
/// is needed (not kept in a variable, which closures would capture and the compiler could then
/// not see through), so that a page without the home page holds none of its code.
const fn hosts_home<C: Calculator>() -> bool {
    const { same_text(C::INFO.page, HOME_PAGE) }
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

/// What the frame shows besides the calculation. One signal (with memos where a change must
/// not reach everything), so that the page holds one copy of the signal machinery for it
/// rather than one per field: each signal type costs the download about a kilobyte.
#[derive(Debug, Clone, PartialEq)]
struct Frame {
    route: Route,
    source: Source,
    /// A broken link's or an unreadable saved work's problem.
    problem: Option<String>,
    /// Another tab changed the saved work: saving is paused until the user chooses.
    conflict: bool,
    /// Storage refused to save.
    not_saved: bool,
    /// The length in bytes of a calculation too long for a link.
    too_long: Option<usize>,
    notice: Option<Notice>,
    share: Share,
    /// Counts whole-calculation replacements (see [`Page::replaced`]).
    replaced: u64,
}

/// The frame's bookkeeping, which nothing on screen follows.
struct Books<C> {
    /// The address of a broken link stays until the calculation opened in its place changes.
    kept_address: Option<String>,
    /// What this browser's storage held for the calculator when this tab last read or wrote it.
    seen: Option<String>,
    /// `seen` is this tab's own encoding of its calculation, which this version reads: it
    /// need not be decoded to know it can be written over (a 100,000-point curve's saved work
    /// takes 90 ms to decode).
    seen_ours: bool,
    undo: Undo<C>,
    pending_save: Option<TimeoutHandle>,
    /// The id of the history entry shown (see [`entry_key`]).
    entry_id: String,
}

impl<C> Books<C> {
    /// Notes what storage holds now, and whether it is this tab's own encoding.
    fn saw(&mut self, stored: Option<String>, ours: bool) {
        self.seen = stored;
        self.seen_ours = ours;
    }
}

/// The page frame of calculator `C`.
fn app<C: CalculatorUi>() -> impl IntoView {
    let info = C::INFO;
    let theme = theme::provide();
    // One key for the page's lifetime; leaked so that every handler can copy it.
    let key: &'static str = Box::leak(session::saved_key(info.slug).into_boxed_str());

    let state = RwSignal::new(C::default());
    let frame = RwSignal::new(Frame {
        route: Route::Home,
        source: Source::Own,
        problem: None,
        conflict: false,
        not_saved: false,
        too_long: None,
        notice: None,
        share: Share::Idle,
        replaced: 0,
    });
    let books = StoredValue::new(Books::<C> { kept_address: None, seen: None, seen_ours: false, undo: Undo::default(), pending_save: None, entry_id: new_entry_id() });
    let get = move |f: fn(&Frame) -> bool| frame.with_untracked(f);
    // Every change of the frame and of the books goes through one of these two, so that the
    // page holds one copy of the signal's update code rather than one per call site.
    let set = move |change: &mut dyn FnMut(&mut Frame)| frame.update(|f| change(f));
    let book = move |change: &mut dyn FnMut(&mut Books<C>)| books.update_value(|b| change(b));
    let is_here = move || get(|f| matches!(f.route, Route::Calculator(i) if i.slug == C::INFO.slug));
    let source = move || frame.with_untracked(|f| f.source);

    let cancel_pending = move || {
        if let Some(timer) = books.try_update_value(|b| b.pending_save.take()).flatten() {
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
                let keep = books.with_value(|b| b.kept_address.as_deref() == Some(fragment.as_str()));
                let (shown, too_long) = match session::address_for(info.slug, fragment.clone()) {
                    Address::Link(link) => (link, None),
                    Address::Kept { short, bytes } => (short, Some(bytes)),
                };
                let id = books.with_value(|b| b.entry_id.clone());
                if !address {
                    // The entry being left: its last change, for when it is opened again.
                    browser::session_save(&entry_key(&id), &shown);
                } else if !keep {
                    book(&mut |b| b.kept_address = None);
                    browser::replace_address(&shown, &marker(source(), &id));
                    browser::session_remove(&entry_key(&id));
                    if frame.with_untracked(|f| f.too_long != too_long) {
                        set(&mut |f| f.too_long = too_long);
                    }
                }
                if source() == Source::Own && !get(|f| f.conflict) {
                    let stored = browser::load(key);
                    if stored.as_deref() == Some(fragment.as_str()) {
                        book(&mut |b| b.saw(stored.clone(), true));
                        return;
                    }
                    if !books.with_value(|b| session::may_overwrite(b.seen.as_deref(), stored.as_deref())) {
                        set(&mut |f| f.conflict = true);
                        return;
                    }
                    if !books.with_value(|b| b.seen_ours) && session::must_put_aside::<C>(stored.as_deref()) {
                        let _ = browser::save(&session::unreadable_key(info.slug), stored.as_deref().unwrap_or_default());
                    }
                    let saved = browser::save(key, &fragment);
                    if saved {
                        book(&mut |b| b.saw(Some(fragment.clone()), true));
                    }
                    if get(|f| f.not_saved) == saved {
                        set(&mut |f| f.not_saved = !saved);
                    }
                }
            });
        }
        browser::mark_saved(true);
    };
    let save_now = move || save(true);

    // Shows what an address opens.
    let show = move |opening: Opening<C>| {
        book(&mut |b| b.kept_address = opening.keep_address.then(|| calculator::encode(&opening.state)));
        state.set(opening.state);
        set(&mut |f| {
            f.source = opening.source;
            f.problem = opening.problem.clone();
            f.conflict = false;
            f.replaced += 1;
        });
    };
    // Whether the page has opened its first address (focus moves only on later ones).
    let is_open = StoredValue::new(false);
    let open_address = move || {
        let fragment = browser::current_hash();
        let opened = state::route_of(&fragment);
        let mut problem = None;
        match opened {
            Route::Calculator(other) if other.slug != info.slug => {
                // Another page holds it: go there, fragment and all.
                browser::go_to(&format!("{}{fragment}", other.page_href()));
            }
            Route::Calculator(_) => {
                let saved = browser::load(key);
                book(&mut |b| b.saw(saved.clone(), false));
                let (whose, id) = entry(browser::history_marker());
                let id = id.unwrap_or_else(new_entry_id);
                // The entry's last change, if it was left before its address was written.
                let latest = browser::session_load(&entry_key(&id)).filter(|f| state::route_of(f) == opened).unwrap_or(fragment.clone());
                book(&mut |b| b.entry_id = id.clone());
                show(session::open::<C>(&latest, saved.as_deref(), whose));
                browser::set_title(&format!("{} — PhotoCalc", info.title));
            }
            Route::Home | Route::Unknown if !hosts_home::<C>() => browser::go_to(&format!("./{fragment}")),
            Route::Home | Route::Unknown => {
                if opened == Route::Unknown {
                    let name: String = fragment.trim_start_matches(['#', '/']).split(['?', '/']).next().unwrap_or("").chars().take(40).collect();
                    problem = Some(format!("The link names no calculator called \u{201c}{name}\u{201d}. The home page opened instead."));
                }
                browser::set_title("PhotoCalc");
            }
        }
        let moved = frame.with_untracked(|f| f.route != opened);
        set(&mut |f| {
            f.route = opened;
            f.share = Share::Idle;
            if !matches!(opened, Route::Calculator(_)) {
                f.problem = problem.clone();
            }
        });
        // From the home page to a calculator or back, within the page: focus follows, to the
        // new heading, as it does when a page opens (a screen reader says where it is).
        if moved && is_open.get_value() {
            request_animation_frame(|| browser::focus("main h1"));
        }
    };
    open_address();
    is_open.set_value(true);

    // Back, Forward and links within the page. A pending save belongs to the calculation
    // being left, whose history entry is still current: it is written first.
    let popstate = window_event_listener(ev::popstate, move |_| {
        if books.with_value(|b| b.pending_save.is_some()) {
            save(false);
        }
        open_address();
    });
    on_cleanup(move || popstate.remove());

    // Every change of the calculation: the address and the saved work follow a moment later.
    Effect::new(move |first_run: Option<()>| {
        state.track();
        if first_run.is_none() {
            save_now();
            return;
        }
        if frame.with_untracked(|f| f.share != Share::Idle) {
            set(&mut |f| f.share = Share::Idle);
        }
        cancel_pending();
        browser::mark_saved(false);
        let timer = set_timeout_with_handle(save_now, std::time::Duration::from_millis(SAVE_DELAY_MS)).ok();
        book(&mut |b| b.pending_save = timer);
    });
    let pagehide = window_event_listener(ev::pagehide, move |_| {
        if books.with_value(|b| b.pending_save.is_some()) {
            save_now();
        }
    });
    on_cleanup(move || pagehide.remove());
    // Numbers copied from the page paste into a spreadsheet as numbers.
    let copy = window_event_listener(ev::copy, |event| {
        browser::copy_with_plain_minus(&event);
    });
    on_cleanup(move || copy.remove());

    // Another tab saved this calculator: unless it saved what is on screen here, say so
    // instead of overwriting either.
    let storage = window_event_listener(ev::storage, move |event| {
        if event.key().as_deref() != Some(key) || source() != Source::Own || !is_here() {
            return;
        }
        let now = event.new_value();
        if now.as_deref() == Some(state.with_untracked(calculator::encode).as_str()) {
            book(&mut |b| b.saw(now.clone(), true));
        } else {
            set(&mut |f| f.conflict = true);
        }
    });
    on_cleanup(move || storage.remove());

    // Whole-calculation changes: undoable, and (`push`) a history entry of their own.
    let change = move |new: C, what: String, push: Option<Source>| {
        let mut before = Some(state.get_untracked());
        book(&mut |b| b.undo.record(before.take().unwrap_or_default(), &what));
        if let Some(new_source) = push {
            save_now();
            let address = match session::address_for(info.slug, calculator::encode(&new)) {
                Address::Link(link) => link,
                Address::Kept { short, .. } => short,
            };
            let id = new_entry_id();
            browser::push_address(&address, &marker(new_source, &id));
            book(&mut |b| {
                b.kept_address = None;
                b.entry_id = id.clone();
            });
        }
        state.set(new);
        set(&mut |f| {
            if let Some(new_source) = push {
                f.source = new_source;
                f.problem = None;
            }
            f.replaced += 1;
            f.notice = Some(Notice::Done(what.clone()));
        });
    };
    // An example or a cleared calculator shown over a shared link is still not the user's
    // saved work: it stays in the address bar until they make it theirs.
    let replace = Callback::new(move |(new, what): (C, String)| change(new, what, Some(source())));
    let change_in_place = Callback::new(move |(new, what): (C, String)| change(new, what, None));
    let checkpoint = Callback::new(move |what: String| {
        let mut before = Some(state.get_untracked());
        book(&mut |b| b.undo.record(before.take().unwrap_or_default(), &what));
        set(&mut |f| f.notice = Some(Notice::Done(what.clone())));
    });
    let step = move |back: bool| {
        let current = state.get_untracked();
        let stepped = books.try_update_value(|b| if back { b.undo.undo(current) } else { b.undo.redo(current) }).flatten();
        if let Some((other, what)) = stepped {
            state.set(other);
            set(&mut |f| {
                f.replaced += 1;
                f.notice = Some(if back { Notice::Undone(what.clone()) } else { Notice::Done(what.clone()) });
            });
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
    let keep_shared = move || {
        // Undo brings the work this replaces back.
        let mut before = Some(own_work());
        book(&mut |b| b.undo.record(before.take().unwrap_or_default(), "Made the shared calculation your work"));
        set(&mut |f| {
            f.source = Source::Own;
            f.notice = Some(Notice::Done("Made the shared calculation your work".into()));
        });
        save_now();
    };
    let load_other_tab = move || {
        let stored = browser::load(key);
        let theirs = stored.as_deref().map(session::decode_saved::<C>);
        book(&mut |b| b.saw(stored.clone(), false));
        set(&mut |f| f.conflict = false);
        match theirs {
            Some(Ok(theirs)) => change(theirs, "Loaded the other tab's version".into(), None),
            _ => save_now(),
        }
    };
    let keep_this_tab = move || {
        book(&mut |b| b.saw(browser::load(key), false));
        set(&mut |f| f.conflict = false);
        save_now();
    };

    let copy_link = move || {
        save_now();
        if let Some(bytes) = frame.with_untracked(|f| f.too_long) {
            set(&mut |f| f.share = Share::TooLong(bytes));
            return;
        }
        let link = browser::current_address();
        browser::copy_to_clipboard(&link.clone(), move |copied| {
            set(&mut |f| f.share = if copied { Share::Copied(link.clone()) } else { Share::ByHand(link.clone()) });
            if !copied {
                request_animation_frame(|| browser::select_field("share-link"));
            }
        });
    };
    let share = Memo::new(move |_| frame.with(|f| f.share.clone()));
    // Focusing the shown link selects it, for copying by hand.
    let select_share_link = move |ev: ev::FocusEvent| {
        use wasm_bindgen::JsCast;
        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            input.select();
        }
    };

    // Memos: the panel and the navigation follow the route, not every change of the frame.
    let route = Memo::new(move |_| frame.with(|f| f.route));
    let replaced = Memo::new(move |_| frame.with(|f| f.replaced));
    let on_calculator = move || matches!(route.get(), Route::Calculator(i) if i.slug == info.slug);
    let nav = move || match route.get() {
        Route::Calculator(i) => nav_html(info.page, Some(i.slug)),
        _ => nav_html(info.page, None),
    };

    // The notices, as markup with one click handler (see `state::notices`).
    let notices = move || {
        let here = on_calculator();
        frame.with(|f| Notices {
            problem: f.problem.clone(),
            shared: here && f.source == Source::Shared,
            conflict: here && f.conflict,
            not_saved: here && f.not_saved,
            undo: f.notice.as_ref().filter(|_| here).map(|n| {
                let message = match n {
                    Notice::Done(what) => format!("{what}."),
                    Notice::Undone(what) => format!("Undone: {what}."),
                };
                books.with_value(|b| UndoBar { message, can_undo: b.undo.next_undo().is_some(), can_redo: b.undo.next_redo().is_some() })
            }),
        })
    };
    let on_notice_click = move |ev: ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let button = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("button[data-action]").ok().flatten());
        let Some(action) = button.and_then(|b| b.get_attribute("data-action")).and_then(|name| Action::from_name(&name)) else { return };
        match action {
            Action::DismissProblem => set(&mut |f| f.problem = None),
            Action::OpenOwnWork => change(own_work(), "Opened your own work".into(), Some(Source::Own)),
            Action::KeepShared => keep_shared(),
            Action::LoadOtherTab => load_other_tab(),
            Action::KeepThisTab => keep_this_tab(),
            Action::Undo => step(true),
            Action::Redo => step(false),
            Action::DismissUndo => set(&mut |f| f.notice = None),
            Action::CopyLink => copy_link(),
        }
    };

    let page = Page { state, replaced: replaced.into(), replace, change: change_in_place, checkpoint };
    let here_page = info.page;

    view! {
        <header class="site-header">
            <a class="brand" href={ if hosts_home::<C>() { "#/" } else { "./#/" } }>"PhotoCalc"</a>
            <nav aria-label="Calculators" inner_html=nav></nav>
            <div class="share-slot" hidden=move || !on_calculator()>
                <div class="share" on:click=on_notice_click on:focusin=select_share_link inner_html=move || share.with(Share::html)></div>
            </div>
            <ThemeSwitch theme/>
        </header>
        <main id="main">
            <Announcer changed=Signal::derive(move || state.track())/>
            <ResultStrip changed=Signal::derive(move || state.track())/>
            <div id="notices" on:click=on_notice_click inner_html=move || { let n = notices(); n.banners_html() + &n.undo_html() }></div>
            {move || match route.get() {
                Route::Calculator(i) if i.slug == info.slug => C::panel(page),
                Route::Home | Route::Unknown if hosts_home::<C>() => view! { <Home here=here_page/> }.into_any(),
                _ => view! { <p class="alert info">"Opening the calculator…"</p> }.into_any(),
            }}
        </main>
        <PrintNote/>
        <footer class="site-footer">
            <p>"PhotoCalc computes everything in your browser; nothing is sent anywhere. Your work is kept in this browser and in the page address."</p>
        </footer>
    }
}
