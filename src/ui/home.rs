//! The home page: what PhotoCalc is, and every calculator of the list.

use leptos::prelude::*;

use crate::state::CALCULATORS;

/// The home page. `here` is the page it is on, for the calculators' links.
#[component]
pub fn Home(
    /// The page of the site this is (`index.html`).
    here: &'static str,
) -> impl IntoView {
    view! {
        <section class="home">
            <h1 tabindex="-1">"PhotoCalc"</h1>
            <p class="lede">"PhotoCalc is a calculator for photocatalysis and photoelectrochemistry that runs entirely in your browser. Type or paste your data, see results and plots at once, and share a link that reopens exactly that calculation."</p>
            <ul class="calculator-list">
                {CALCULATORS.iter().map(|c| {
                    view! {
                        <li>
                            <a href=c.href_from(here) id=format!("open-{}", c.slug)><h2>{c.title}</h2></a>
                            <p>{c.summary}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
