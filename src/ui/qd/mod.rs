//! The quantum-dot sizing calculator's page: the inputs, the results, the model comparison,
//! the two charts and the spectrum importer, each a small component over the typed state.
//! The logic they show (parsing, sizing, charts, import) lives in `state::qd`.

mod explanation;
mod import;
mod inputs;
mod results;

use leptos::prelude::*;

use super::app::{CalculatorUi, Page};
use super::later::later;
use super::widgets::{CalculatorHeader, ChartCanvas, Explanation};
use crate::science::spectrum;
use crate::state::qd::{Field, QdOutcome, QdState};

impl CalculatorUi for QdState {
    fn panel(page: Page<Self>) -> AnyView {
        view! { <QdPanel page=page/> }.into_any()
    }
}

/// The outcome of the typed state, and whether the calculator is untouched (a fresh
/// calculator shows a prompt, not a page of red "is empty" messages).
#[derive(Clone, Copy)]
struct Shown {
    state: RwSignal<QdState>,
    outcome: Memo<QdOutcome>,
    /// The imported spectrum, which changes far less often than the typed fields: what is
    /// computed from it (smoothing, notes) runs once per import, not on every keystroke.
    spectrum: Memo<Option<spectrum::Spectrum>>,
}

impl Shown {
    fn pristine(self) -> bool {
        self.state.with(|s| *s == QdState::default())
    }

    /// The message for a field whose text cannot be used.
    fn field_error(self, field: Field) -> Signal<Option<String>> {
        Signal::derive(move || match &*self.outcome.read() {
            _ if self.pristine() => None,
            QdOutcome::NeedsInput(errors) => errors.iter().find(|e| e.field == field).map(|e| e.message.clone()),
            _ => None,
        })
    }
}

/// The calculator page.
#[component]
fn QdPanel(
    /// The page frame's handle on the calculation.
    page: Page<QdState>,
) -> impl IntoView {
    let state = page.state;
    let shown = Shown {
        state,
        outcome: Memo::new(move |_| state.with(QdState::evaluate)),
        spectrum: Memo::new(move |_| state.with(|s| s.spectrum.clone())),
    };
    view! {
        <section class="calculator" aria-labelledby="qd-title">
            <CalculatorHeader page=page heading_id="qd-title" heading="Quantum-dot size and concentration"
                lede="From the first excitonic absorption peak of a UV-vis spectrum: diameter, extinction coefficient, concentration and particle mass, with the published sizing curves and their validity ranges."
                example_id="load-example" clear_id="reset"/>
            <div class="calc-grid">
                <form class="inputs" on:submit=|ev| ev.prevent_default() aria-label="Inputs">
                    <inputs::MaterialAndModel state=state/>
                    <inputs::Measurement shown=shown/>
                    <inputs::BrusParameters shown=shown/>
                    <import::SpectrumImport page=page/>
                </form>
                <div class="outputs">
                    <h2 class="visually-hidden" id="results-heading" tabindex="-1">"Results"</h2>
                    <results::Notes shown=shown/>
                    <results::ResultCards shown=shown/>
                    <results::ModelComparison shown=shown/>
                    <Charts shown=shown/>
                </div>
            </div>
            {later(|| view! { <Explanation id="qd-explain" html=explanation::EXPLANATION_HTML/> }.into_any())}
        </section>
    }
}

/// The sizing curve with the sample on it, and the imported spectrum with its peak.
#[component]
fn Charts(
    /// The state and its outcome.
    shown: Shown,
) -> impl IntoView {
    let Shown { state, outcome, spectrum: imported } = shown;
    let sizing = Memo::new(move |_| outcome.with(|o| state.with(|s| Some(s.sizing_chart(o)))));
    // Smoothing the spectrum (the costly part) runs once per import, not on every keystroke.
    let smoothed = Memo::new(move |_| imported.with(|sp| sp.as_ref().map(spectrum::smoothed).unwrap_or_default()));
    let spectrum_chart = Memo::new(move |_| {
        imported.track();
        smoothed.with(|curve| outcome.with(|o| state.with(|s| s.spectrum_chart(o, curve))))
    });
    view! {
        <ChartCanvas id="sizing-chart" label="Sizing curve D(λ) with the calibrated range and your sample" filename="photocalc-sizing-curve" data=sizing/>
        <ChartCanvas id="spectrum-chart" label="Imported spectrum with the first excitonic peak" filename="photocalc-spectrum" data=spectrum_chart/>
    }
}
