//! The quenching and binding calculator's page: the data table, the model choices, the fits
//! with their uncertainties, the model comparison and the four plots.

use leptos::prelude::*;

use super::data_table::DataTable;
use super::widgets::{select_value, ChartCanvas, ChartData, NumberField};
use crate::plot::XyChart;
use crate::science::fit::FitReport;
use crate::science::format::sig;
use crate::science::quench::{Analysis, ModelKind, Observations};
use crate::state::quench::{Observable, QuenchOutcome, QuenchState, QuencherUnit, Setting, TypedFit, TypedScale};
use crate::state::table::TableEdit;

/// The calculator page. `layout` changes whenever the state is replaced from outside (a
/// link), so that the table redraws its rows.
#[component]
pub fn QuenchPanel(
    /// The calculator's typed state.
    state: RwSignal<QuenchState>,
    /// Bumped when rows are added, removed or replaced.
    layout: RwSignal<u64>,
) -> impl IntoView {
    let outcome = Memo::new(move |_| state.with(QuenchState::evaluate));
    let table_message = RwSignal::new(None::<String>);
    let on_edit = Callback::new(move |edit: TableEdit| {
        let result = state.try_update(|s| s.edit(edit)).unwrap_or_default();
        if result.structural {
            layout.update(|n| *n += 1);
        }
        table_message.set(result.message);
    });
    let replace = move |new_state: QuenchState| {
        state.set(new_state);
        table_message.set(None);
        layout.update(|n| *n += 1);
    };

    let unit = move || state.with(|s| s.unit);
    let observable = move || state.with(|s| s.observable);
    // A Memo, not a derived signal: the table redraws its rows when the headers change, and
    // must not do so on every keystroke.
    let headers = Memo::new(move |_| {
        let q = format!("[Q] ({})", unit().label());
        let value = match observable() {
            Observable::Intensity => "I".to_string(),
            Observable::IntensityRatio => "I₀/I".to_string(),
            Observable::Lifetime => "τ (ns)".to_string(),
        };
        vec![q, value, "σ (optional)".to_string(), "τ (ns, optional)".to_string()]
    });
    let invalid = Signal::derive(move || match &*outcome.read() {
        QuenchOutcome::NeedsInput(errors) => errors
            .iter()
            .filter_map(|e| Some((e.row?, e.column? as usize)))
            .collect(),
        QuenchOutcome::Fitted { .. } => Vec::new(),
    });
    let setting_error = move |which: Setting| {
        Signal::derive(move || match &*outcome.read() {
            QuenchOutcome::NeedsInput(errors) => errors.iter().find(|e| e.setting == Some(which)).map(|e| e.message.clone()),
            QuenchOutcome::Fitted { .. } => None,
        })
    };
    let messages = move || match &*outcome.read() {
        QuenchOutcome::NeedsInput(errors) => errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>(),
        QuenchOutcome::Fitted { data, .. } => data.notes.clone(),
    };
    let has_errors = move || matches!(&*outcome.read(), QuenchOutcome::NeedsInput(_));

    let charts = Memo::new(move |_| match &*outcome.read() {
        // x is shown in the table's unit, with the factor the parsed data used.
        QuenchOutcome::Fitted { data, observations, analysis, typed } => Some(build_charts(
            observations,
            analysis,
            typed.as_ref().and_then(|t| t.as_ref().ok()),
            1.0 / data.molar_per_unit,
            unit().label(),
        )),
        QuenchOutcome::NeedsInput(_) => None,
    });
    let chart = move |pick: fn(&Charts) -> &XyChart| {
        Signal::derive(move || charts.with(|c| c.as_ref().map(|c| ChartData::Xy(pick(c).clone()))))
    };

    let results = move || match &*outcome.read() {
        QuenchOutcome::Fitted { analysis, typed, .. } => results_html(analysis, typed.as_ref()),
        QuenchOutcome::NeedsInput(_) => String::new(),
    };
    let typed_error = Signal::derive(move || match &*outcome.read() {
        QuenchOutcome::Fitted { typed: Some(Err(e)), .. } => Some(e.clone()),
        _ => None,
    });
    let toggle_model = move |model: ModelKind, on: bool| {
        // Kept in the canonical order, so a link does not depend on the order of the clicks.
        state.update(|s| {
            s.models = ModelKind::ALL
                .into_iter()
                .filter(|m| if *m == model { on } else { s.models.contains(m) })
                .collect();
        })
    };

    view! {
        <section class="calculator" aria-labelledby="quench-title">
            <header class="calc-header">
                <h1 id="quench-title">"Luminescence quenching and binding"</h1>
                <p class="lede">"Fit Stern–Volmer, static + dynamic, Langmuir, Poisson or your own model to quenching data, with standard errors, 95 % confidence intervals and a model comparison."</p>
                <div class="toolbar">
                    <button type="button" id="quench-example" on:click=move |_| replace(QuenchState::example())>"Load example"</button>
                    <button type="button" class="secondary" id="quench-reset" on:click=move |_| replace(QuenchState::default())>"Clear"</button>
                </div>
            </header>
            <div class="calc-grid wide-inputs">
                <form class="inputs" on:submit=|ev| ev.prevent_default() aria-label="Data and settings">
                    <div class="field-row">
                        <div class="field">
                            <label for="q-unit">"[Q] given in"</label>
                            <select id="q-unit" on:change=move |ev| {
                                if let Some(u) = QuencherUnit::from_slug(&select_value(&ev)) { state.update(|s| s.unit = u) }
                            }>
                                {QuencherUnit::ALL.into_iter().map(|u| view! {
                                    <option value=u.slug() selected=move || unit() == u>{u.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="observable">"Measured"</label>
                            <select id="observable" on:change=move |ev| {
                                if let Some(o) = Observable::from_slug(&select_value(&ev)) { state.update(|s| s.observable = o) }
                            }>
                                {Observable::ALL.into_iter().map(|o| view! {
                                    <option value=o.slug() selected=move || observable() == o>{o.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                    <div hidden=move || unit() != QuencherUnit::PerDot>
                        <NumberField id="qd-conc" label="Quantum-dot concentration" unit="µM" placeholder="1.0"
                            hint="[Q] = ratio × [QD]."
                            value=Signal::derive(move || state.with(|s| s.dot_concentration_um.clone()))
                            on_input=move |v| state.update(|s| s.dot_concentration_um = v) error=setting_error(Setting::DotConcentration)/>
                    </div>
                    <div class="field-row">
                        <div hidden=move || observable() == Observable::IntensityRatio>
                            <NumberField id="unquenched" label="I₀ (or τ₀)" unit="" placeholder="from [Q] = 0"
                                hint="Empty: the row without quencher."
                                value=Signal::derive(move || state.with(|s| s.unquenched.clone()))
                                on_input=move |v| state.update(|s| s.unquenched = v) error=setting_error(Setting::Unquenched)/>
                        </div>
                        <NumberField id="tau0" label="τ₀ for k_q" unit="ns" placeholder="20.8"
                            value=Signal::derive(move || state.with(|s| s.tau0_ns.clone()))
                            on_input=move |v| state.update(|s| s.tau0_ns = v) error=setting_error(Setting::Tau0)/>
                    </div>
                    <DataTable id="quench-table" caption="Quenching data: paste from a spreadsheet or type"
                        headers=headers rows=Callback::new(move |(from, to): (usize, usize)| state.with_untracked(|s| (s.rows.len(), s.table_rows(from, to))))
                        layout=layout invalid=invalid on_edit=on_edit/>
                    <ul class="table-messages" id="table-msg" aria-live="polite">
                        {move || table_message.get().map(|m| view! { <li class="alert warning">{m}</li> })}
                        {move || { let error = has_errors(); messages().into_iter().map(|m| view! {
                            <li class="alert" class:error=error class:info=!error>{m}</li>
                        }).collect_view() }}
                    </ul>
                    <fieldset class="models">
                        <legend>"Models to fit"</legend>
                        {ModelKind::ALL.into_iter().map(|m| view! {
                            <label class="check">
                                <input type="checkbox" id=format!("model-{}", m.slug())
                                    prop:checked=move || state.with(|s| s.models.contains(&m))
                                    on:change=move |ev| toggle_model(m, event_target_checked(&ev))/>
                                <span>{m.label()}<br/><span class="equation">{m.equation()}</span></span>
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <div class="field">
                        <label for="typed-model">"Your own model (x = [Q] in mol/L)"</label>
                        <input type="text" id="typed-model" spellcheck="false" autocomplete="off" placeholder="e.g. 1 + K*x + K2*x^2"
                            aria-invalid=move || if typed_error.with(Option::is_some) { "true" } else { "false" }
                            aria-describedby="typed-model-msg"
                            prop:value=move || state.with(|s| s.typed_model.clone())
                            on:input=move |ev| state.update(|s| s.typed_model = event_target_value(&ev))/>
                        <div class="field-row">
                            <label for="typed-scale" class="inline">"It describes"</label>
                            <select id="typed-scale" on:change=move |ev| {
                                if let Some(t) = TypedScale::from_slug(&select_value(&ev)) { state.update(|s| s.typed_scale = t) }
                            }>
                                {TypedScale::ALL.into_iter().map(|t| view! {
                                    <option value=t.slug() selected=move || state.with(|s| s.typed_scale == t)>{t.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <label for="typed-starts">"Start values (name=value; add “fixed” to hold one)"</label>
                        <input type="text" id="typed-starts" spellcheck="false" autocomplete="off" placeholder="e.g. K=1e5, m=0.7 fixed"
                            aria-describedby="typed-model-msg"
                            prop:value=move || state.with(|s| s.typed_starts.clone())
                            on:input=move |ev| state.update(|s| s.typed_starts = event_target_value(&ev))/>
                        <p class="message" id="typed-model-msg" class:error-text=move || typed_error.with(Option::is_some)>
                            {move || typed_error.get().unwrap_or_else(|| "Functions: exp ln log10 sqrt pow abs sin cos tan atan; ^ for powers; every name other than x is a parameter, starting at 1 unless given.".into())}
                        </p>
                    </div>
                </form>
                <div class="outputs" aria-live="polite">
                    <div class="results-block" inner_html=results></div>
                    <ChartCanvas id="fit-chart" label="Data and fitted curves, I/I₀ against [Q]" filename="photocalc-quench-fits" data=chart(|c| &c.fits)/>
                    <ChartCanvas id="residual-chart" label="Residuals of each fit" filename="photocalc-quench-residuals" data=chart(|c| &c.residuals)/>
                    <ChartCanvas id="sv-chart" label="Stern–Volmer plot, I₀/I against [Q]" filename="photocalc-stern-volmer" data=chart(|c| &c.stern_volmer)/>
                    <ChartCanvas id="dr-chart" label="Double-reciprocal plot, I₀/ΔI against 1/[Q]" filename="photocalc-double-reciprocal" data=chart(|c| &c.double_reciprocal)/>
                </div>
            </div>
            <QuenchExplanation/>
        </section>
    }
}

/// Equations, the meaning of each parameter, and what the ± means.
#[component]
fn QuenchExplanation() -> impl IntoView {
    view! {
        <details class="explain" id="quench-explain">
            <summary>"How this is calculated"</summary>
            <div inner_html=QUENCH_EXPLANATION_HTML></div>
        </details>
    }
}

const QUENCH_EXPLANATION_HTML: &str = r#"
<h3>The models</h3>
<p><b>Stern–Volmer</b>: <math><mfrac><msub><mi>I</mi><mn>0</mn></msub><mi>I</mi></mfrac><mo>=</mo><mfrac><msub><mi>τ</mi><mn>0</mn></msub><mi>τ</mi></mfrac><mo>=</mo><mn>1</mn><mo>+</mo><msub><mi>K</mi><mtext>SV</mtext></msub><mo>[</mo><mi>Q</mi><mo>]</mo><mo>=</mo><mn>1</mn><mo>+</mo><msub><mi>k</mi><mi>q</mi></msub><msub><mi>τ</mi><mn>0</mn></msub><mo>[</mo><mi>Q</mi><mo>]</mo></math>. <math><msub><mi>K</mi><mtext>SV</mtext></msub></math> (M⁻¹) measures how strongly the quencher quenches; <math><msub><mi>k</mi><mi>q</mi></msub><mo>=</mo><msub><mi>K</mi><mtext>SV</mtext></msub><mo>/</mo><msub><mi>τ</mi><mn>0</mn></msub></math> is the bimolecular quenching rate constant. Diffusion limits it to about 10¹⁰ M⁻¹ s⁻¹ in water at 25 °C; a larger value means the quenching is not purely dynamic (collisional) but static: the quencher binds to the emitter. With the intercept free, <math><mi>a</mi></math> shows how far the data are from the ideal line through 1.</p>
<p><b>Static + dynamic</b>: <math><mfrac><msub><mi>I</mi><mn>0</mn></msub><mi>I</mi></mfrac><mo>=</mo><mo>(</mo><mn>1</mn><mo>+</mo><msub><mi>K</mi><mi>D</mi></msub><mo>[</mo><mi>Q</mi><mo>]</mo><mo>)</mo><mo>(</mo><mn>1</mn><mo>+</mo><msub><mi>K</mi><mi>S</mi></msub><mo>[</mo><mi>Q</mi><mo>]</mo><mo>)</mo></math>: dynamic quenching shortens the lifetime, static quenching (a dark complex) does not, so lifetimes <math><mfrac><msub><mi>τ</mi><mn>0</mn></msub><mi>τ</mi></mfrac><mo>=</mo><mn>1</mn><mo>+</mo><msub><mi>K</mi><mi>D</mi></msub><mo>[</mo><mi>Q</mi><mo>]</mo></math> give <math><msub><mi>K</mi><mi>D</mi></msub></math> and the intensities then give <math><msub><mi>K</mi><mi>S</mi></msub></math>. From intensities alone the two constants are interchangeable.</p>
<p><b>Langmuir</b> (binding to a limited number of sites): <math><mfrac><mrow><mi>Δ</mi><mi>I</mi></mrow><msub><mi>I</mi><mn>0</mn></msub></mfrac><mo>=</mo><mfrac><mrow><msub><mrow><mo>(</mo><mi>Δ</mi><mi>I</mi><mo>/</mo><msub><mi>I</mi><mn>0</mn></msub><mo>)</mo></mrow><mi>max</mi></msub><msub><mi>K</mi><mi>L</mi></msub><mo>[</mo><mi>Q</mi><mo>]</mo></mrow><mrow><mn>1</mn><mo>+</mo><msub><mi>K</mi><mi>L</mi></msub><mo>[</mo><mi>Q</mi><mo>]</mo></mrow></mfrac></math> with <math><mi>Δ</mi><mi>I</mi><mo>=</mo><msub><mi>I</mi><mn>0</mn></msub><mo>−</mo><mi>I</mi></math>: <math><msub><mi>K</mi><mi>L</mi></msub></math> is the association constant (M⁻¹), "max" the fraction of emission that binding can quench. Seed 000 uses its <b>double-reciprocal</b> form <math><mfrac><msub><mi>I</mi><mn>0</mn></msub><mrow><mi>Δ</mi><mi>I</mi></mrow></mfrac><mo>=</mo><mfrac><mn>1</mn><mrow><msub><mrow><mo>(</mo><mi>Δ</mi><mi>I</mi><mo>/</mo><msub><mi>I</mi><mn>0</mn></msub><mo>)</mo></mrow><mi>max</mi></msub><msub><mi>K</mi><mi>L</mi></msub><mo>[</mo><mi>Q</mi><mo>]</mo></mrow></mfrac><mo>+</mo><mfrac><mn>1</mn><msub><mrow><mo>(</mo><mi>Δ</mi><mi>I</mi><mo>/</mo><msub><mi>I</mi><mn>0</mn></msub><mo>)</mo></mrow><mi>max</mi></msub></mfrac></math>, which is also the <b>modified (Lehrer) Stern–Volmer</b> equation with <math><msub><mi>f</mi><mi>a</mi></msub></math>, the fraction of emitters the quencher can reach. The page fits both and warns when their constants disagree beyond their 95 % intervals: the reciprocal stretches the low-[Q] points and gives them too much weight.</p>
<p><b>Poisson</b> (quenchers bound to dots at random, each bound quencher switching a dot off): <math><mfrac><mi>I</mi><msub><mi>I</mi><mn>0</mn></msub></mfrac><mo>=</mo><msup><mi>e</mi><mrow><mo>−</mo><mo>⟨</mo><mi>n</mi><mo>⟩</mo></mrow></msup></math>, <math><mo>⟨</mo><mi>n</mi><mo>⟩</mo><mo>=</mo><mi>K</mi><mo>[</mo><mi>Q</mi><mo>]</mo></math>: with [Q] given per dot, <math><mi>K</mi></math> is the fraction of added quenchers that bind.</p>
<h3>How the fits are made</h3>
<p>Every built-in model is fitted by nonlinear least squares (Levenberg–Marquardt with exact derivatives) to <math><mi>I</mi><mo>/</mo><msub><mi>I</mi><mn>0</mn></msub></math>, the measured intensity over its value without quencher, so that residuals are in units of the measurement and the models' AICc compare fits of the same numbers. The Stern–Volmer and double-reciprocal plots show the same fits transformed. With σ given for every point, each point is weighted by 1/σ² and the reduced χ² is shown. Your own model may describe I₀/I, I/I₀ or ΔI/I₀; it is fitted on that scale.</p>
<h3>What the ± means</h3>
<p>“±” is one <b>standard error</b>, from the covariance of the fit (the residual scatter times the inverse curvature of the sum of squares); the <b>95 % interval</b> is value ± t·standard error with Student's t at the fit's degrees of freedom (points minus free parameters). They describe the scatter of these data about this model only: they do not include errors of the model itself, of I₀, or of the concentrations. <b>R²</b> is the fraction of the variance of I/I₀ the model explains; <b>AICc</b> (Akaike's criterion, corrected for few points) balances fit against the number of parameters: the lowest fits best, and a difference below about 2 does not distinguish two models.</p>
<p>Example data: in the style of the seed paper's experiment (TGA-CdTe quenched by a cobalt catalyst, τ₀ = 20.8 ns), generated from a Langmuir isotherm with K = 2.5 × 10⁵ M⁻¹ and up to ±0.9 % scatter: the Langmuir fit recovers it, and Stern–Volmer's k_q shows why such quenching cannot be purely dynamic.</p>
"#;
