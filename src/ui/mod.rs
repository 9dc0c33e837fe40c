//! The Leptos user interface (wasm only): routing by URL fragment, the home page, the share
//! link and saved work. Calculators live in their own panels; shared widgets in `widgets`.

mod browser;
mod canvas2d;
#[cfg(feature = "quench")]
mod data_table;
mod dual_backend;
#[cfg(feature = "qd")]
mod qd_panel;
#[cfg(feature = "quench")]
mod quench_panel;
mod widgets;

use leptos::prelude::*;

use crate::state::{self, AppState, Route};
#[cfg(feature = "qd")]
use qd_panel::QdPanel;
#[cfg(feature = "quench")]
use quench_panel::QuenchPanel;

/// How long after the last change the address bar and the saved work are brought up to date.
const SAVE_DELAY_MS: u64 = 300;

/// Whether this page's module holds the calculator of `route` (each page of the site is
/// built with only its own calculator, to keep its download small).
fn here(route: Route) -> bool {
    match route {
        // The home page lives on index.html, with the QD calculator.
        Route::Home | Route::Qd => cfg!(feature = "qd"),
        Route::Quench => cfg!(feature = "quench"),
    }
}

/// The page of the site that holds a calculator.
fn page_of(route: Route) -> &'static str {
    match route {
        Route::Quench => "quench.html",
        Route::Home | Route::Qd => "./",
    }
}

/// A link to a calculator: the fragment alone on its own page, else its page and fragment.
fn href(route: Route) -> String {
    if here(route) {
        format!("#/{}", route.path())
    } else {
        format!("{}#/{}", page_of(route), route.path())
    }
}

/// Shown for a route whose calculator lives on another page of the site: moves there,
/// keeping the fragment (and so the whole calculation).
fn elsewhere(route: Route) -> AnyView {
    let target = format!("{}{}", page_of(route), browser::current_hash());
    browser::go_to(&target);
    view! { <p class="alert info">"Opening the calculator… " <a href=target>"continue"</a></p> }.into_any()
}

/// Mounts the app on `<body>` and marks the page interactive.
pub fn mount() {
    leptos::mount::mount_to_body(App);
    browser::mark_ready();
}

/// Reads the page's fragment. A broken link opens defaults with the reason; a bare
/// `#/qd` or `#/quench` restores the work saved in this browser.
fn open_link(fragment: &str) -> (AppState, Option<String>) {
    match state::decode(fragment) {
        Ok(mut app) => {
            if !fragment.contains('?') {
                restore_saved(&mut app);
            }
            (app, None)
        }
        Err(error) => {
            let route = Route::of(fragment);
            let instead = match route {
                Route::Home => "The home page opened instead.",
                _ => "The calculator opened with default values instead.",
            };
            (AppState { route, ..AppState::default() }, Some(format!("{error} {instead}")))
        }
    }
}

/// Puts the work saved in this browser for the route's calculator into `app`.
fn restore_saved(app: &mut AppState) {
    let key = app.route.path();
    if key.is_empty() {
        return;
    }
    if let Some(saved) = browser::load(key).and_then(|s| state::decode(&s).ok()) {
        match app.route {
            #[cfg(feature = "qd")]
            Route::Qd => app.qd = saved.qd,
            #[cfg(feature = "quench")]
            Route::Quench => app.quench = saved.quench,
            _ => {}
        }
    }
}

/// The application: a header, the page for the current route, a footer.
#[component]
fn App() -> impl IntoView {
    let (initial, initial_problem) = open_link(&browser::current_hash());
    let route = RwSignal::new(initial.route);
    #[cfg(feature = "qd")]
    let qd = RwSignal::new(initial.qd);
    #[cfg(feature = "quench")]
    let quench = RwSignal::new(initial.quench);
    // Bumped whenever the quench table is replaced from outside, so its rows redraw.
    #[cfg(feature = "quench")]
    let quench_layout = RwSignal::new(0_u64);
    let link_problem = RwSignal::new(initial_problem);

    // Navigation by links (home ↔ calculators) and by the back button.
    let hash_handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let fragment = browser::current_hash();
        if !fragment.contains('?') {
            // A plain route keeps the work in memory.
            route.set(Route::of(&fragment));
            link_problem.set(None);
            return;
        }
        let (app, problem) = open_link(&fragment);
        route.set(app.route);
        match app.route {
            #[cfg(feature = "qd")]
            Route::Qd => qd.set(app.qd),
            #[cfg(feature = "quench")]
            Route::Quench => {
                quench.set(app.quench);
                quench_layout.update(|n| *n += 1);
            }
            _ => {}
        }
        link_problem.set(problem);
    });
    on_cleanup(move || hash_handle.remove());

    // The share link of what is on screen: the URL is replaced, not pushed, and the work is
    // saved in this browser.
    #[cfg(feature = "qd")]
    let qd_fragment = {
        let spectrum = Memo::new(move |_| qd.with(|s| s.spectrum.clone()));
        let spectrum_table = Memo::new(move |_| spectrum.with(|s| s.as_ref().map(state::qd::encode_spectrum)));
        Memo::new(move |_| spectrum_table.with(|table| qd.with(|s| state::encode_qd_with_table(s, table.as_deref()))))
    };
    #[cfg(feature = "quench")]
    let quench_fragment = Memo::new(move |_| quench.with(state::encode_quench));
    let share_fragment = Memo::new(move |_| match route.get() {
        #[cfg(feature = "qd")]
        Route::Qd => qd_fragment.get(),
        #[cfg(feature = "quench")]
        Route::Quench => quench_fragment.get(),
        _ => browser::current_hash(),
    });
    // The link in the address bar and the saved work follow the page a moment after the
    // last change, not on every keystroke: with a long table, encoding and writing them
    // takes a few milliseconds that typing should not wait for. They are written at once
    // before the link is copied and when the page is left.
    let pending_save: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    // Whether the link of what is on screen has been copied (and is shown for copying by hand).
    let copied = RwSignal::new(false);
    let cancel_pending = move || {
        if let Some(timer) = pending_save.try_update_value(Option::take).flatten() {
            timer.clear();
        }
    };
    let save_now = move || {
        cancel_pending();
        let current = route.get_untracked();
        if current != Route::Home && here(current) {
            browser::timed("photocalc-save", || {
                let fragment = share_fragment.get_untracked();
                browser::replace_hash(&fragment);
                browser::save(current.path(), &fragment);
            });
        }
        browser::mark_saved(true);
    };
    Effect::new(move |first_run: Option<()>| {
        // Any change of what is on screen.
        route.track();
        #[cfg(feature = "qd")]
        qd.track();
        #[cfg(feature = "quench")]
        quench.track();
        if first_run.is_none() {
            // A broken link stays in the address bar, and saved work is not overwritten
            // with defaults, until the user changes something.
            if link_problem.with_untracked(Option::is_none) {
                save_now();
            }
            return;
        }
        copied.set(false);
        cancel_pending();
        browser::mark_saved(false);
        let timer = set_timeout_with_handle(save_now, std::time::Duration::from_millis(SAVE_DELAY_MS)).ok();
        pending_save.set_value(timer);
    });
    let leave_handle = window_event_listener(leptos::ev::pagehide, move |_| {
        if pending_save.with_value(Option::is_some) {
            save_now();
        }
    });
    on_cleanup(move || leave_handle.remove());
    let copy_link = move |_| {
        save_now();
        let link = format!("{}{}", browser::address_without_hash(), share_fragment.get_untracked());
        browser::show_share_link(&link);
        copied.set(browser::copy_to_clipboard(&link));
    };

    view! {
        <header class="site-header">
            <a class="brand" href=href(Route::Home)>"PhotoCalc"</a>
            <nav aria-label="Calculators">
                <a href=href(Route::Qd) class:active=move || route.get() == Route::Qd>"QD sizing"</a>
                <a href=href(Route::Quench) class:active=move || route.get() == Route::Quench>"Quenching"</a>
            </nav>
            <div class="share-slot" hidden=move || route.get() == Route::Home>
                <div class="share">
                    <button type="button" id="copy-link" on:click=copy_link>
                        {move || if copied.get() { "Link copied" } else { "Copy link" }}
                    </button>
                    <input class="share-link" hidden=move || !copied.get() id="share-link" readonly aria-label="Share link"
                        on:focus=|ev| {
                            use wasm_bindgen::JsCast;
                            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                input.select();
                            }
                        }/>
                </div>
            </div>
        </header>
        <main id="main">
                <div class="alert error banner" role="alert" id="link-problem" hidden=move || link_problem.with(Option::is_none)>
                    <span>{move || link_problem.get().unwrap_or_default()}</span>
                    <button type="button" class="secondary" on:click=move |_| link_problem.set(None) aria-label="Dismiss">"×"</button>
                </div>
            {move || match route.get() {
                #[cfg(feature = "qd")]
                Route::Home => view! { <Home/> }.into_any(),
                #[cfg(feature = "qd")]
                Route::Qd => view! { <QdPanel state=qd/> }.into_any(),
                #[cfg(feature = "quench")]
                Route::Quench => view! { <QuenchPanel state=quench layout=quench_layout/> }.into_any(),
                #[allow(unreachable_patterns)]
                other => elsewhere(other),
            }}
        </main>
        <footer class="site-footer">
            <p>"PhotoCalc computes everything in your browser; nothing is sent anywhere. Your work is kept in this browser and in the page address."</p>
        </footer>
    }
}

/// The home page: what PhotoCalc is, and the calculators.
#[cfg(feature = "qd")]
#[component]
fn Home() -> impl IntoView {
    view! {
        <section class="home">
            <h1>"PhotoCalc"</h1>
            <p class="lede">"PhotoCalc is a calculator for photocatalysis and photoelectrochemistry that runs entirely in your browser. Type or paste your data, see results and plots at once, and share a link that reopens exactly that calculation."</p>
            <ul class="calculator-list">
                <li>
                    <a href=href(Route::Qd) id="open-qd"><h2>"Quantum-dot sizing"</h2></a>
                    <p>"Diameter, extinction coefficient and concentration from the first excitonic absorption peak (Yu–Peng, Jasieniak, Moreels, Brus), with spectrum import."</p>
                </li>
                <li>
                    <a href=href(Route::Quench) id="open-quench"><h2>"Quenching and binding fits"</h2></a>
                    <p>"Stern–Volmer, static + dynamic, Langmuir, Poisson and your own models, fitted with standard errors, confidence intervals and a model comparison."</p>
                </li>
                <li class="soon">
                    <h2>"Gas evolution"</h2>
                    <p>"TON, TOF, quantum yield and solar-to-hydrogen efficiency. In development."</p>
                </li>
                <li class="soon">
                    <h2>"Photoelectrochemistry"</h2>
                    <p>"Potential scales, J–V curves and the bias-free operating point. In development."</p>
                </li>
            </ul>
        </section>
    }
}
