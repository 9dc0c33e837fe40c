//! The Leptos user interface (wasm only): routing by URL fragment, the home page, the share
//! link and saved work. Calculators live in their own panels; shared widgets in `widgets`.

mod browser;
mod dual_backend;
mod qd_panel;
mod widgets;

use leptos::prelude::*;

use crate::state::{self, encode_qd_with_table, AppState, QdState, Route};
use qd_panel::QdPanel;

/// Mounts the app on `<body>` and marks the page interactive.
pub fn mount() {
    leptos::mount::mount_to_body(App);
    browser::mark_ready();
}

/// Reads the page's fragment. A broken link opens defaults with the reason; a bare
/// `#/qd` restores the work saved in this browser.
fn open_link(fragment: &str) -> (AppState, Option<String>) {
    match state::decode(fragment) {
        Ok(mut app) => {
            let bare = !fragment.contains('?');
            if app.route == Route::Qd && bare {
                if let Some(saved) = browser::load("qd").and_then(|s| state::decode(&s).ok()) {
                    app.qd = saved.qd;
                }
            }
            (app, None)
        }
        Err(error) => {
            let route = if fragment.trim_start_matches('#').trim_start_matches('/').starts_with("qd") {
                Route::Qd
            } else {
                Route::Home
            };
            let app = AppState { route, qd: QdState::default() };
            let instead = match route {
                Route::Qd => "The calculator opened with default values instead.",
                Route::Home => "The home page opened instead.",
            };
            (app, Some(format!("{error} {instead}")))
        }
    }
}

/// The application: a header, the page for the current route, a footer.
#[component]
fn App() -> impl IntoView {
    let (initial, initial_problem) = open_link(&browser::current_hash());
    let route = RwSignal::new(initial.route);
    let qd = RwSignal::new(initial.qd);
    let link_problem = RwSignal::new(initial_problem);

    // Navigation by links (home ↔ calculator) and by the back button.
    let hash_handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let fragment = browser::current_hash();
        let bare = !fragment.contains('?');
        if bare {
            // A plain route keeps the work in memory.
            route.set(if fragment.trim_start_matches(['#', '/']).starts_with("qd") { Route::Qd } else { Route::Home });
            link_problem.set(None);
            return;
        }
        let (app, problem) = open_link(&fragment);
        route.set(app.route);
        qd.set(app.qd);
        link_problem.set(problem);
    });
    on_cleanup(move || hash_handle.remove());

    // The share link of what is on screen: the URL is replaced, not pushed, and the work is
    // saved in this browser.
    let spectrum = Memo::new(move |_| qd.with(|s| s.spectrum.clone()));
    let spectrum_table = Memo::new(move |_| spectrum.with(|s| s.as_ref().map(state::qd::encode_spectrum)));
    let share_fragment = Memo::new(move |_| {
        spectrum_table.with(|table| qd.with(|s| encode_qd_with_table(s, table.as_deref())))
    });
    Effect::new(move |first_run: Option<()>| {
        let fragment = share_fragment.get();
        // A broken link stays in the address bar, and saved work is not overwritten with
        // defaults, until the user changes something.
        let broken_link_untouched = first_run.is_none() && link_problem.with_untracked(Option::is_some);
        if route.get() == Route::Qd && !broken_link_untouched {
            browser::replace_hash(&fragment);
            browser::save("qd", &fragment);
        }
    });

    view! {
        <header class="site-header">
            <a class="brand" href="#/">"PhotoCalc"</a>
            <nav aria-label="Calculators">
                <a href="#/qd" class:active=move || route.get() == Route::Qd>"QD sizing"</a>
            </nav>
            <div class="share-slot" hidden=move || route.get() != Route::Qd>
                <ShareButton fragment=share_fragment/>
            </div>
        </header>
        <main id="main">
                <div class="alert error banner" role="alert" id="link-problem" hidden=move || link_problem.with(Option::is_none)>
                    <span>{move || link_problem.get().unwrap_or_default()}</span>
                    <button type="button" class="secondary" on:click=move |_| link_problem.set(None) aria-label="Dismiss">"×"</button>
                </div>
            {move || match route.get() {
                Route::Home => view! { <Home/> }.into_any(),
                Route::Qd => view! { <QdPanel state=qd/> }.into_any(),
            }}
        </main>
        <footer class="site-footer">
            <p>"PhotoCalc computes everything in your browser; nothing is sent anywhere. Your work is kept in this browser and in the page address."</p>
        </footer>
    }
}

/// "Copy link": copies the full address of the current calculation, and shows it so it can
/// be copied by hand where the clipboard is not available.
#[component]
fn ShareButton(
    /// The share-link fragment of the current state.
    fragment: Memo<String>,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let full_link = move || format!("{}{}", browser::address_without_hash(), fragment.get());
    view! {
        <div class="share">
            <button type="button" id="copy-link" on:click=move |_| {
                copied.set(browser::copy_to_clipboard(&full_link()));
            }>{move || if copied.get() { "Link copied" } else { "Copy link" }}</button>
                <input class="share-link" hidden=move || !copied.get() id="share-link" readonly aria-label="Share link" prop:value=full_link
                    on:focus=move |ev| {
                        use wasm_bindgen::JsCast;
                        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            input.select();
                        }
                    }/>
        </div>
    }
}

/// The home page: what PhotoCalc is, and the calculators.
#[component]
fn Home() -> impl IntoView {
    view! {
        <section class="home">
            <h1>"PhotoCalc"</h1>
            <p class="lede">"PhotoCalc is a calculator for photocatalysis and photoelectrochemistry that runs entirely in your browser. Type or paste your data, see results and plots at once, and share a link that reopens exactly that calculation."</p>
            <ul class="calculator-list">
                <li>
                    <a href="#/qd" id="open-qd"><h2>"Quantum-dot sizing"</h2></a>
                    <p>"Diameter, extinction coefficient and concentration from the first excitonic absorption peak (Yu–Peng, Jasieniak, Moreels, Brus), with spectrum import."</p>
                </li>
                <li class="soon">
                    <h2>"Quenching and binding fits"</h2>
                    <p>"Stern–Volmer, Langmuir and Poisson fits with uncertainties. In development."</p>
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
