//! The colour theme: light or dark as the system says, or pinned by the header's switch.
//!
//! The page's colours follow `prefers-color-scheme` in CSS alone (`light-dark()` in
//! style/main.css); the switch pins one theme by setting `<html data-theme>`, kept in this
//! browser. Charts are painted on a canvas, which CSS does not reach: they ask [`Theme::dark`]
//! and redraw when it changes.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::browser;

/// Where the switch's choice is kept in local storage.
const KEY: &str = "photocalc:theme";

/// The theme the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    System,
    Light,
    Dark,
}

impl Choice {
    const ALL: [Choice; 3] = [Choice::System, Choice::Light, Choice::Dark];

    fn name(self) -> &'static str {
        match self {
            Choice::System => "system",
            Choice::Light => "light",
            Choice::Dark => "dark",
        }
    }

    fn from_name(name: &str) -> Choice {
        Choice::ALL.into_iter().find(|c| c.name() == name).unwrap_or(Choice::System)
    }
}

/// The switch's options, by [`Choice::name`].
const OPTIONS: &str = "<option value=\"system\">As the system</option><option value=\"light\">Light</option><option value=\"dark\">Dark</option>";

/// The page's theme, shared through the context.
#[derive(Clone, Copy)]
pub struct Theme {
    choice: RwSignal<Choice>,
    /// Whether the system asks for dark colours (`prefers-color-scheme: dark`).
    system_dark: RwSignal<bool>,
    /// Whether the page is being printed: printed on white paper, charts too.
    printing: RwSignal<bool>,
}

impl Theme {
    /// Whether the page is being printed (tracked): every chart is drawn, on screen or not.
    pub fn printing(&self) -> bool {
        self.printing.get()
    }

    /// [`Theme::dark`], untracked: for a one-off drawing (a download).
    pub fn dark_untracked(&self) -> bool {
        untrack(|| self.dark())
    }

    /// Whether the page shows dark colours now (tracked: charts redraw when it changes).
    pub fn dark(&self) -> bool {
        if self.printing.get() {
            return false;
        }
        match self.choice.get() {
            Choice::System => self.system_dark.get(),
            Choice::Light => false,
            Choice::Dark => true,
        }
    }
}

/// Reads the kept choice, follows the system's setting, and provides the [`Theme`].
pub fn provide() -> Theme {
    let choice = RwSignal::new(Choice::from_name(&browser::load(KEY).unwrap_or_default()));
    let system_dark = RwSignal::new(false);
    if let Some(query) = web_sys::window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten()) {
        system_dark.set(query.matches());
        // The listener lives as long as the page: the theme is the page's.
        let follow = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(move |e: web_sys::MediaQueryListEvent| system_dark.set(e.matches()));
        let _ = query.add_event_listener_with_callback("change", follow.as_ref().unchecked_ref());
        follow.forget();
    }
    Effect::new(move |_| browser::set_root_attribute("data-theme", (choice.get() != Choice::System).then(|| choice.get().name())));
    // Charts are redrawn in light colours before the page is printed, and back after.
    let printing = RwSignal::new(false);
    let before = window_event_listener(leptos::ev::beforeprint, move |_| printing.set(true));
    let after = window_event_listener(leptos::ev::afterprint, move |_| printing.set(false));
    on_cleanup(move || {
        before.remove();
        after.remove();
    });
    let theme = Theme { choice, system_dark, printing };
    provide_context(theme);
    theme
}

/// The header's theme switch.
#[component]
pub fn ThemeSwitch(
    /// The page's theme, from [`provide`].
    theme: Theme,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let chosen = Choice::from_name(&event_target_value(&ev));
        theme.choice.set(chosen);
        if chosen == Choice::System {
            browser::remove(KEY);
        } else {
            browser::save(KEY, chosen.name());
        }
    };
    view! {
        <label class="theme-switch">
            <span class="label">"Theme"</span>
            // The options as markup (smaller in the page's module than a view each), the chosen
            // one set after them (`prop:value` comes after `inner_html`).
            <select on:change=on_change inner_html=OPTIONS prop:value=move || theme.choice.get().name()></select>
        </label>
    }
}
