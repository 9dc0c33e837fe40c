//! The quenching and binding calculator's page: the settings, the data table, the models to
//! fit, the user's own model, and the results with their four plots, each a small component
//! over the typed state. The fits, the plots' data and the results' markup come from
//! `state::quench`.

mod explanation;

use leptos::prelude::*;

use super::app::{CalculatorUi, Page};
use super::browser::download_text;
use super::data_table::{use_table_edits, DataTable};
use super::later::later;
use super::widgets::{CalculatorHeader, ChartCanvas, ChoiceSelect, Explanation, ModelFields, NumberField};
use crate::plot::XyChart;
use crate::science::quench::ModelKind;
use crate::science::quench::diffusion::LimitSource;
use crate::state::quench::view::{build_charts, results_html, table_messages_html, Charts};
use crate::state::quench::{report_csv, report_json, Observable, QuenchOutcome, QuenchState, QuencherUnit, Setting, TypedScale, WeightChoice};

impl CalculatorUi for QuenchState {
    fn panel(page: Page<Self>) -> AnyView {
        view! { <QuenchPanel page=page/> }.into_any()
    }
}

/// How long typing must pause before a large table's profile intervals are computed (ms).
const PROFILE_DELAY_MS: u64 = 400;

/// The calculator page.
#[component]
fn QuenchPanel(
    /// The page frame's handle on the calculation.
    page: Page<QuenchState>,
) -> impl IntoView {
    let state = page.state;
    let quick = Memo::new(move |previous| state.with(|s| s.evaluate_while_typing(previous)));
    // A large table's profile intervals, computed once typing pauses, with the state they are of.
    let settled = RwSignal::new(None::<(QuenchState, QuenchOutcome)>);
    let waiting = StoredValue::new(None::<leptos::leptos_dom::helpers::TimeoutHandle>);
    Effect::new(move |_| {
        if let Some(handle) = waiting.get_value() {
            handle.clear();
        }
        if !quick.with(QuenchOutcome::profiles_pending) {
            return;
        }
        let handle = leptos::leptos_dom::helpers::set_timeout_with_handle(
            move || {
                let current = state.get_untracked();
                let outcome = current.evaluate();
                settled.set(Some((current, outcome)));
            },
            std::time::Duration::from_millis(PROFILE_DELAY_MS),
        );
        waiting.set_value(handle.ok());
    });
    let outcome = Memo::new(move |_| {
        let settled_now = settled.with(|s| s.as_ref().filter(|(at, _)| state.with(|now| at == now)).map(|(_, outcome)| outcome.clone()));
        settled_now.unwrap_or_else(|| quick.get())
    });
    view! {
        <section class="calculator" aria-labelledby="quench-title">
            <CalculatorHeader page=page heading_id="quench-title" heading="Luminescence quenching and binding"
                lede="Fit Stern–Volmer, static + dynamic, Langmuir, Hill, Poisson or your own model to what you measured, with I₀ fitted, standard errors, 95 % and profile intervals, confidence bands and a model comparison."
                example_id="quench-example" clear_id="quench-reset"/>
            <div class="calc-grid wide-inputs">
                <form class="inputs" on:submit=|ev| ev.prevent_default() aria-label="Data and settings">
                    <Settings state=state outcome=outcome/>
                    <DataSection page=page outcome=outcome/>
                    {later(move || view! {
                        <ModelChoices state=state/>
                        <TypedModel state=state outcome=outcome/>
                        <RateSettings state=state/>
                    })}
                </form>
                <Results state=state outcome=outcome/>
            </div>
            {later(|| view! { <Explanation id="quench-explain" html=explanation::QUENCH_EXPLANATION_HTML/> })}
        </section>
    }
}

/// The message for a setting whose text cannot be used.
fn setting_error(outcome: Memo<QuenchOutcome>, which: Setting) -> Signal<Option<String>> {
    Signal::derive(move || match &*outcome.read() {
        QuenchOutcome::NeedsInput(errors) => errors.iter().find(|e| e.setting == Some(which)).map(|e| e.message.clone()),
        QuenchOutcome::Fitted { .. } => None,
    })
}

/// The message for a setting that feeds only k_q (it never stops the fits).
fn rate_error(state: RwSignal<QuenchState>, which: Setting) -> Signal<Option<String>> {
    Signal::derive(move || state.with(|s| s.rate_settings().2.into_iter().find(|e| e.setting == Some(which)).map(|e| e.message)))
}

/// How [Q] is given, what was measured, the dot concentration (per-dot ratios), I₀ and τ₀.
#[component]
fn Settings(
    /// The typed state.
    state: RwSignal<QuenchState>,
    /// Its outcome.
    outcome: Memo<QuenchOutcome>,
) -> impl IntoView {
    let unit = move || state.with(|s| s.unit);
    let observable = move || state.with(|s| s.observable);
    view! {
        <div class="field-row">
            <div class="field">
                <label for="q-unit">"[Q] given in"</label>
                <ChoiceSelect<QuencherUnit> id="q-unit" value=Signal::derive(unit) on_change=move |u| state.update(|s| s.unit = u)/>
            </div>
            <div class="field">
                <label for="observable">"Measured"</label>
                <ChoiceSelect<Observable> id="observable" value=Signal::derive(observable) on_change=move |o| state.update(|s| s.observable = o)/>
            </div>
            <div class="field">
                <label for="weighting">"Weighting"</label>
                <ChoiceSelect<WeightChoice> id="weighting" value=Signal::derive(move || state.with(|s| s.weighting)) on_change=move |w| state.update(|s| s.weighting = w)/>
            </div>
        </div>
        <div hidden=move || unit() != QuencherUnit::PerDot>
            <NumberField id="qd-conc" label="Quantum-dot concentration" unit="µM" placeholder="1.0"
                hint="[Q] = ratio × [QD]."
                value=Signal::derive(move || state.with(|s| s.dot_concentration_um.clone()))
                on_input=move |v| state.update(|s| s.dot_concentration_um = v) error=setting_error(outcome, Setting::DotConcentration)/>
        </div>
        <div class="field-row">
            <div hidden=move || observable() == Observable::IntensityRatio>
                <NumberField id="unquenched" label="I₀ (or τ₀) held fixed" unit="" placeholder="fitted"
                    hint="Empty: fitted with the other parameters (recommended). Typed: held at that value, its uncertainty left out."
                    value=Signal::derive(move || state.with(|s| s.unquenched.clone()))
                    on_input=move |v| state.update(|s| s.unquenched = v) error=setting_error(outcome, Setting::Unquenched)/>
            </div>
            <NumberField id="tau0" label="τ₀ for k_q without lifetimes" unit="ns" placeholder="20.8 (default)"
                hint="Measured lifetimes, when given, are used instead."
                value=Signal::derive(move || state.with(|s| s.tau0_ns.clone()))
                on_input=move |v| state.update(|s| s.tau0_ns = v) error=rate_error(state, Setting::Tau0)/>
        </div>
    }
}

/// The data table with its messages. Clearing the table, removing a row and pasting over
/// cells can be undone.
#[component]
fn DataSection(
    /// The page frame's handle on the calculation.
    page: Page<QuenchState>,
    /// The outcome of the typed state.
    outcome: Memo<QuenchOutcome>,
) -> impl IntoView {
    let state = page.state;
    let edits = use_table_edits(page, QuenchState::edit);
    // A Memo, not a derived signal: the table redraws its rows when the headers change, and
    // must not do so on every keystroke.
    let headers = Memo::new(move |_| state.with(|s| s.headers()));
    let invalid = Signal::derive(move || match &*outcome.read() {
        QuenchOutcome::NeedsInput(errors) => errors.iter().filter_map(|e| Some((e.row?, e.column? as usize))).collect(),
        QuenchOutcome::Fitted { .. } => Vec::new(),
    });
    // The paste's message, then the table's errors or notes, as markup.
    let messages = move || {
        let pasted = edits.message.get();
        match &*outcome.read() {
            QuenchOutcome::NeedsInput(errors) => table_messages_html(pasted.as_deref(), errors.iter().map(|e| e.message.as_str()), true),
            QuenchOutcome::Fitted { data, .. } => table_messages_html(pasted.as_deref(), data.notes.iter().map(String::as_str), false),
        }
    };
    view! {
        <DataTable id="quench-table" caption="Quenching data: paste from a spreadsheet or type"
            headers=headers rows=Callback::new(move |(from, to): (usize, usize)| state.with_untracked(|s| (s.rows.len(), s.table_rows(from, to))))
            layout=edits.layout invalid=invalid on_edit=edits.on_edit
            excluded=Memo::new(move |_| state.with(|s| s.excluded.clone()))
            on_exclude=Callback::new(move |row: usize| {
                page.checkpoint(&format!("Row {} left out or taken back", row + 1));
                state.update(|s| s.toggle_excluded(row));
            })/>
        <ul class="table-messages" id="table-msg" aria-live="polite" inner_html=messages></ul>
    }
}

/// The built-in models to fit.
#[component]
fn ModelChoices(
    /// The typed state.
    state: RwSignal<QuenchState>,
) -> impl IntoView {
    let toggle = move |model: ModelKind, on: bool| state.update(|s| s.choose_model(model, on));
    view! {
        <fieldset class="models">
            <legend>"Models to fit"</legend>
            {ModelKind::ALL.into_iter().map(|m| view! {
                <label class="check">
                    <input type="checkbox" id=format!("model-{}", m.slug())
                        prop:checked=move || state.with(|s| s.models.contains(&m))
                        on:change=move |ev| toggle(m, event_target_checked(&ev))/>
                    <span>{m.label()}<br/><span class="equation">{m.equation()}</span></span>
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// The diffusion limit k_q is compared with: typed, or Smoluchowski's estimate from the radii,
/// the viscosity and the temperature, with the value in use shown.
#[component]
fn RateSettings(
    /// The typed state.
    state: RwSignal<QuenchState>,
) -> impl IntoView {
    // (id, label, unit, placeholder, setting): one loop, so that the page holds one field's code.
    const FIELDS: [(&str, &str, &str, &str, Setting); 5] = [
        ("kdiff", "Diffusion limit", "M⁻¹ s⁻¹", "7e9", Setting::DiffusionLimit),
        ("rdot", "Dot radius", "nm", "e.g. 1.4", Setting::DotRadius),
        ("rq", "Quencher radius", "nm", "e.g. 0.4", Setting::QuencherRadius),
        ("eta", "Viscosity", "mPa·s", "0.890 (water)", Setting::Viscosity),
        ("temperature", "Temperature", "K", "298.15", Setting::Temperature),
    ];
    let fields = FIELDS
        .into_iter()
        .map(|(id, label, unit, placeholder, which)| {
            view! {
                <NumberField id=id label=label unit=unit placeholder=placeholder
                    value=Signal::derive(move || state.with(|s| s.setting(which).to_string()))
                    on_input=move |v| state.update(|s| *s.setting_mut(which) = v) error=rate_error(state, which)/>
            }
        })
        .collect_view();
    let in_use = move || {
        let limit = state.with(|s| s.rate_settings().1);
        let source = match &limit.source {
            LimitSource::Typed => "as typed".to_string(),
            LimitSource::Smoluchowski { .. } => "Smoluchowski's estimate from the radii".to_string(),
            LimitSource::Default => "small molecules in water at 25 °C (the default)".to_string(),
        };
        format!("In use: {} M⁻¹ s⁻¹, {source}.", crate::science::format::sig(limit.per_m_per_s, 3))
    };
    view! {
        <details class="rate-settings" id="rate-settings">
            <summary>"Diffusion limit for k_q"</summary>
            <p class="hint">"k_q = K/τ₀ above the diffusion limit means the quencher binds (static quenching). Type the limit, or the radii for Smoluchowski's k = (2RT/3η)(R₁ + R₂)²/(R₁R₂)."</p>
            <div class="field-row">{fields}</div>
            <p class="message" id="kdiff-in-use">{in_use}</p>
        </details>
    }
}

/// The user's own model: its formula, the scale it describes, start values and fixed
/// parameters.
#[component]
fn TypedModel(
    /// The typed state.
    state: RwSignal<QuenchState>,
    /// Its outcome.
    outcome: Memo<QuenchOutcome>,
) -> impl IntoView {
    let typed_error = Signal::derive(move || match &*outcome.read() {
        QuenchOutcome::Fitted { analysis, .. } => analysis.typed.as_ref().and_then(|t| t.as_ref().err().cloned()),
        _ => None,
    });
    view! {
        <ModelFields model_id="typed-model" starts_id="typed-starts" message_id="typed-model-msg" label="Your own model (x = [Q] in mol/L)"
            placeholder="e.g. 1 + K*x + K2*x^2" starts_placeholder="e.g. K=1e5, m=0.7 fixed"
            hint="Functions: exp ln log10 sqrt pow abs sin cos tan atan; ^ for powers; every name other than x is a parameter, starting at 1 unless given."
            model=Signal::derive(move || state.with(|s| s.typed_model.clone())) on_model=Callback::new(move |v| state.update(|s| s.typed_model = v))
            starts=Signal::derive(move || state.with(|s| s.typed_starts.clone())) on_starts=Callback::new(move |v| state.update(|s| s.typed_starts = v))
            error=typed_error>
            <div class="field-row">
                <label for="typed-scale" class="inline">"It describes"</label>
                <ChoiceSelect<TypedScale> id="typed-scale" value=Signal::derive(move || state.with(|s| s.typed_scale)) on_change=move |t| state.update(|s| s.typed_scale = t)/>
            </div>
        </ModelFields>
    }
}

/// The fits (comparison table and a card per model) and the four plots.
#[component]
fn Results(
    /// The typed state.
    state: RwSignal<QuenchState>,
    /// Its outcome.
    outcome: Memo<QuenchOutcome>,
) -> impl IntoView {
    let charts = Memo::new(move |_| match &*outcome.read() {
        QuenchOutcome::Fitted { data, measurements, analysis } => Some(build_charts(data, measurements, analysis, state.with(|s| s.unit.label()))),
        QuenchOutcome::NeedsInput(_) => None,
    });
    let chart = move |pick: fn(&Charts) -> Option<&XyChart>| Memo::new(move |_| charts.with(|c| c.as_ref().and_then(|c| pick(c).cloned())));
    let results = move || match &*outcome.read() {
        QuenchOutcome::Fitted { data, measurements, analysis } => results_html(data, measurements, analysis),
        QuenchOutcome::NeedsInput(_) => String::new(),
    };
    let fitted = move || matches!(&*outcome.read(), QuenchOutcome::Fitted { .. });
    let download_json = move |_| {
        if let Ok(report) = state.with_untracked(report_json) {
            download_text("photocalc-quench-report.json", "application/json", &report.pretty());
        }
    };
    let download_csv = move |_| {
        if let Ok(csv) = state.with_untracked(report_csv) {
            download_text("photocalc-quench-report.csv", "text/csv", &csv);
        }
    };
    let results_block = NodeRef::new();
    super::patch::use_patched_html(results_block, results);
    view! {
        <div class="outputs">
            <h2 class="visually-hidden" id="results-heading" tabindex="-1">"Results"</h2>
            <div class="results-block" node_ref=results_block></div>
            <div class="toolbar" hidden=move || !fitted()>
                <button type="button" class="secondary" id="report-json" on:click=download_json>"Fit report (JSON)"</button>
                <button type="button" class="secondary" id="report-csv" on:click=download_csv>"Fit report (CSV)"</button>
            </div>
            <ChartCanvas id="fit-chart" label="Data and fitted curves with 95 % confidence bands, against [Q]" filename="photocalc-quench-fits" data=chart(|c| Some(&c.fits))/>
            <ChartCanvas id="residual-chart" label="Residuals of each fit" filename="photocalc-quench-residuals" data=chart(|c| Some(&c.residuals))/>
            <ChartCanvas id="sv-chart" label="Stern–Volmer plot, I₀/I against [Q]" filename="photocalc-stern-volmer" data=chart(|c| Some(&c.stern_volmer))/>
            <ChartCanvas id="dr-chart" label="Double-reciprocal plot, I₀/ΔI against 1/[Q]" filename="photocalc-double-reciprocal" data=chart(|c| c.double_reciprocal.as_ref())/>
        </div>
    }
}
