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

/// Points on each fitted curve.
const CURVE_POINTS: usize = 200;

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

/// The four plots of a fitted data set.
#[derive(Debug, Clone, PartialEq)]
struct Charts {
    fits: XyChart,
    residuals: XyChart,
    stern_volmer: XyChart,
    double_reciprocal: XyChart,
}

/// Builds the plots; x is shown in the table's unit (`x_scale` per mol/L).
fn build_charts(obs: &Observations, analysis: &Analysis, typed: Option<&TypedFit>, x_scale: f64, unit: &str) -> Charts {
    let q_max = obs.quencher_molar.iter().copied().fold(0.0, f64::max);
    let grid: Vec<f64> = (0..CURVE_POINTS).map(|i| q_max * i as f64 / (CURVE_POINTS - 1) as f64).collect();
    let y_name = if obs.is_lifetime { "τ/τ₀" } else { "I/I₀" };
    let inverse_name = if obs.is_lifetime { "τ₀/τ" } else { "I₀/I" };
    // Each fitted model as a function on the I/I₀ scale.
    let mut fitted: Vec<(String, Box<dyn Fn(f64) -> f64>, &FitReport)> = Vec::new();
    for (model, result) in &analysis.fits {
        if let Ok(fit) = result {
            let p = fit.report.values();
            let model = *model;
            fitted.push((model.label().to_string(), Box::new(move |q| model.ratio(q, &p)), &fit.report));
        }
    }
    if let Some(t) = typed {
        let (expression, scale, p) = (t.expression.clone(), t.scale, t.report.values());
        use crate::science::fit::Model as _;
        fitted.push((format!("your model ({})", t.expression.text()), Box::new(move |q| scale.to_ratio(expression.value(q, &p))), &t.report));
    }
    // [Q] in the table's unit, without the float noise of the conversion (15 µM, not 14.999…).
    let shown = |q: f64| crate::science::format::round_sig(q * x_scale, 12);
    let points: Vec<(f64, f64)> = obs.quencher_molar.iter().zip(&obs.ratio).map(|(&q, r)| (shown(q), *r)).collect();
    let x_desc = format!("[Q] ({unit})");
    let fits = XyChart {
        title: format!("Fits on the {y_name} scale"),
        x_desc: x_desc.clone(),
        y_desc: y_name.to_string(),
        points: points.clone(),
        errors: obs.sigma.clone(),
        curves: fitted.iter().map(|(label, f, _)| (label.clone(), grid.iter().map(|&q| (q * x_scale, f(q))).collect())).collect(),
        zero_line: false,
    };
    let residuals = XyChart {
        title: "Residuals (data − fit)".into(),
        x_desc: x_desc.clone(),
        y_desc: format!("residual of {y_name}"),
        points: Vec::new(),
        errors: None,
        curves: fitted
            .iter()
            .map(|(label, f, _)| {
                let r = obs.quencher_molar.iter().zip(&obs.ratio).map(|(&q, &y)| (q * x_scale, y - f(q))).collect();
                (label.clone(), r)
            })
            .collect(),
        zero_line: true,
    };
    let stern_volmer = XyChart {
        title: format!("Stern–Volmer plot: {inverse_name} against [Q]"),
        x_desc: x_desc.clone(),
        y_desc: inverse_name.to_string(),
        points: points.iter().map(|&(x, r)| (x, 1.0 / r)).collect(),
        errors: obs.sigma.as_ref().map(|s| s.iter().zip(&obs.ratio).map(|(s, r)| s / (r * r)).collect()),
        curves: fitted.iter().map(|(label, f, _)| (label.clone(), grid.iter().map(|&q| (q * x_scale, 1.0 / f(q))).collect())).collect(),
        zero_line: false,
    };
    let reciprocal_points: Vec<(f64, f64)> = obs
        .quencher_molar
        .iter()
        .zip(&obs.ratio)
        .filter(|(q, r)| **q > 0.0 && **r < 1.0)
        .map(|(q, r)| (1.0 / (q * x_scale), 1.0 / (1.0 - r)))
        .collect();
    let mut dr_curves = Vec::new();
    if let Some(Ok(line)) = &analysis.double_reciprocal {
        let (b0, b1) = (line.line.parameters[0].value, line.line.parameters[1].value);
        let x_max = reciprocal_points.iter().map(|p| p.0).fold(0.0, f64::max);
        // The line was fitted in 1/(mol/L); the plot's x is 1/(unit).
        let line_points = (0..CURVE_POINTS)
            .map(|i| x_max * i as f64 / (CURVE_POINTS - 1) as f64)
            .map(|x| (x, b0 + b1 * x * x_scale))
            .collect();
        dr_curves.push(("double-reciprocal line".to_string(), line_points));
    }
    let double_reciprocal = XyChart {
        title: "Double-reciprocal plot: I₀/ΔI against 1/[Q]".into(),
        x_desc: format!("1/[Q] (1/{unit})"),
        y_desc: "I₀/ΔI".into(),
        points: reciprocal_points,
        errors: None,
        curves: dr_curves,
        zero_line: false,
    };
    Charts { fits, residuals, stern_volmer, double_reciprocal }
}

/// "1.234 × 10⁵ ± 5.7 × 10³".
fn plus_minus(value: f64, error: f64) -> String {
    if error > 0.0 {
        format!("{} ± {}", sig(value, 4), sig(error, 2))
    } else {
        format!("{} (fixed)", sig(value, 4))
    }
}

/// Escapes text for HTML: every dynamic string in the results goes through this, since model
/// expressions and some messages quote what the user typed.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// The rows of a parameter table: name, value ± standard error, 95 % interval.
fn parameter_rows(out: &mut String, report: &FitReport) {
    for p in &report.parameters {
        let interval = if p.fixed { "—".to_string() } else { format!("{} … {}", sig(p.ci95.0, 4), sig(p.ci95.1, 4)) };
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            escape(&p.name),
            plus_minus(p.value, p.std_error),
            interval
        ));
    }
}

/// The correlation of the free parameters: one coefficient for two, a matrix for more.
fn correlation_html(out: &mut String, report: &FitReport) {
    let free: Vec<usize> = (0..report.parameters.len()).filter(|&j| !report.parameters[j].fixed).collect();
    let r = |i: usize, j: usize| report.correlation.get(i).and_then(|row| row.get(j)).copied().unwrap_or(f64::NAN);
    match free.as_slice() {
        [a, b] => out.push_str(&format!(
            "<p class=\"stats\">correlation of {} and {}: {:.3}</p>",
            escape(&report.parameters[*a].name),
            escape(&report.parameters[*b].name),
            r(*a, *b)
        )),
        many if many.len() > 2 => {
            out.push_str("<table class=\"params correlation\"><caption>correlation</caption><thead><tr><td></td>");
            for &j in many {
                out.push_str(&format!("<th scope=\"col\">{}</th>", escape(&report.parameters[j].name)));
            }
            out.push_str("</tr></thead><tbody>");
            for &i in many {
                out.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(&report.parameters[i].name)));
                for &j in many {
                    out.push_str(&format!("<td>{:.3}</td>", r(i, j)));
                }
                out.push_str("</tr>");
            }
            out.push_str("</tbody></table>");
        }
        _ => {}
    }
}

const PARAMETER_HEAD: &str = "<thead><tr><th scope=\"col\">parameter</th><th scope=\"col\">value ± standard error</th><th scope=\"col\">95 % interval</th></tr></thead>";

fn statistics(report: &FitReport) -> String {
    let mut parts = vec![
        format!("n = {}", report.points),
        format!("dof = {}", report.dof),
        format!("RSS = {}", sig(report.rss, 3)),
        format!("s = {}", sig(report.residual_sd, 3)),
    ];
    if let Some(r2) = report.r_squared {
        parts.push(format!("R² = {r2:.5}"));
    }
    if let Some(chi) = report.reduced_chi_squared {
        parts.push(format!("χ²ᵣ = {}", sig(chi, 3)));
    }
    if let Some(aicc) = report.aicc {
        parts.push(format!("AICc = {aicc:.2}"));
    }
    parts.push(format!("{} iterations: {}", report.iterations, report.termination.describe()));
    parts.join(" · ")
}

/// The results as HTML: warnings, the comparison table, and a card per fit. They are
/// read-only and redrawn whole after every change, so they are written as one escaped string
/// rather than as a tree of components (which cost about as much wasm as the fitting engine).
fn results_html(analysis: &Analysis, typed: Option<&Result<TypedFit, String>>) -> String {
    let mut out = String::new();
    let typed_ok = typed.and_then(|t| t.as_ref().ok());
    let best_aicc = analysis
        .fits
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok().and_then(|f| f.report.aicc))
        .chain(typed_ok.filter(|t| t.scale == TypedScale::Ratio).and_then(|t| t.report.aicc))
        .fold(f64::INFINITY, f64::min);
    let number = |v: Option<f64>, decimals: usize| v.map(|v| format!("{v:.decimals$}")).unwrap_or_else(|| "—".into());
    out.push_str("<ul class=\"warnings\">");
    for w in &analysis.warnings {
        out.push_str(&format!("<li class=\"alert warning\">{}</li>", escape(w)));
    }
    out.push_str("</ul><table class=\"comparison\" id=\"model-comparison\"><caption>Model comparison (same data, I/I₀ scale; lowest AICc fits best, ΔAICc &gt; 2 is a meaningful difference)</caption><thead><tr><th scope=\"col\">model</th><th scope=\"col\">R²</th><th scope=\"col\">AICc</th><th scope=\"col\">ΔAICc</th></tr></thead><tbody>");
    for (model, result) in &analysis.fits {
        match result {
            Ok(fit) => {
                let delta = fit.report.aicc.filter(|_| best_aicc.is_finite()).map(|a| a - best_aicc);
                out.push_str(&format!(
                    "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                    model.label(),
                    number(fit.report.r_squared, 5),
                    number(fit.report.aicc, 2),
                    number(delta, 2)
                ));
            }
            Err(e) => out.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td colspan=\"3\" class=\"error-text\">{}</td></tr>",
                model.label(),
                escape(&e.to_string())
            )),
        }
    }
    out.push_str("</tbody></table><div class=\"fit-cards\">");
    for (model, result) in &analysis.fits {
        out.push_str(&format!(
            "<article class=\"fit-card\" data-model=\"{}\"><h3>{} <span class=\"equation\">{}</span></h3>",
            model.slug(),
            model.label(),
            model.equation()
        ));
        match result {
            Ok(fit) => {
                out.push_str("<table class=\"params\">");
                out.push_str(PARAMETER_HEAD);
                out.push_str("<tbody>");
                parameter_rows(&mut out, &fit.report);
                for d in &fit.derived {
                    out.push_str(&format!(
                        "<tr class=\"derived\"><th scope=\"row\">{}</th><td>{} {}</td><td></td></tr>",
                        d.name,
                        plus_minus(d.value, d.std_error),
                        d.unit
                    ));
                }
                out.push_str(&format!("</tbody></table><p class=\"stats\">{}</p>", statistics(&fit.report)));
                correlation_html(&mut out, &fit.report);
                for n in &fit.notes {
                    out.push_str(&format!("<p class=\"alert info\">{}</p>", escape(n)));
                }
            }
            Err(e) => out.push_str(&format!("<p class=\"alert error\">{}</p>", escape(&e.to_string()))),
        }
        out.push_str("</article>");
    }
    match &analysis.double_reciprocal {
        Some(Ok(line)) => out.push_str(&format!(
            "<article class=\"fit-card\" data-model=\"double-reciprocal\"><h3>Double-reciprocal line (modified Stern–Volmer) <span class=\"equation\">I₀/ΔI = 1/(f_a K[Q]) + 1/f_a</span></h3><table class=\"params\"><tbody><tr><th scope=\"row\">f_a</th><td>{}</td><td></td></tr><tr><th scope=\"row\">K</th><td>{} M⁻¹</td><td></td></tr></tbody></table><p class=\"stats\">{}</p></article>",
            plus_minus(line.fraction.value, line.fraction.std_error),
            plus_minus(line.constant.value, line.constant.std_error),
            statistics(&line.line)
        )),
        Some(Err(e)) => out.push_str(&format!("<p class=\"alert error\">Double-reciprocal line: {}</p>", escape(&e.to_string()))),
        None => {}
    }
    if let Some(t) = typed_ok {
        out.push_str(&format!(
            "<article class=\"fit-card\" data-model=\"typed\"><h3>Your model <span class=\"equation\">{} = {}</span></h3><table class=\"params\">{PARAMETER_HEAD}<tbody>",
            t.scale.label(),
            escape(t.expression.text())
        ));
        parameter_rows(&mut out, &t.report);
        out.push_str(&format!("</tbody></table><p class=\"stats\">{}</p>", statistics(&t.report)));
        correlation_html(&mut out, &t.report);
        if t.scale != TypedScale::Ratio {
            out.push_str(&format!(
                "<p class=\"message\">Fitted on the {} scale: its AICc is not comparable with the built-in fits, which are on the I/I₀ scale.</p>",
                t.scale.label()
            ));
        }
        out.push_str("</article>");
    }
    out.push_str("</div>");
    out
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
