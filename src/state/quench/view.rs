//! What the quenching calculator shows, as pure functions of its fits: the four plots and
//! the results (warnings, model comparison, a card per fit) as escaped HTML. The page draws
//! them; native tests check them.

use crate::plot::XyChart;
use crate::science::fit::FitReport;
use crate::science::format::sig;
use crate::science::quench::{Analysis, Observations};
use crate::science::format::escape_markup as escape;
use crate::state::quench::{TypedFit, TypedScale};

/// A fitted model to draw: its label, the model on the I/I₀ scale, and its report.
type FittedCurve<'a> = (String, Box<dyn Fn(f64) -> f64>, &'a FitReport);

/// Points on each fitted curve.
const CURVE_POINTS: usize = 200;

/// The four plots of a fitted data set.
#[derive(Debug, Clone, PartialEq)]
pub struct Charts {
    pub fits: XyChart,
    pub residuals: XyChart,
    pub stern_volmer: XyChart,
    pub double_reciprocal: XyChart,
}

/// Builds the plots; x is shown in the table's unit (`x_scale` per mol/L).
pub fn build_charts(obs: &Observations, analysis: &Analysis, typed: Option<&TypedFit>, x_scale: f64, unit: &str) -> Charts {
    let q_max = obs.quencher_molar.iter().copied().fold(0.0, f64::max);
    let grid: Vec<f64> = (0..CURVE_POINTS).map(|i| q_max * i as f64 / (CURVE_POINTS - 1) as f64).collect();
    let y_name = if obs.is_lifetime { "τ/τ₀" } else { "I/I₀" };
    let inverse_name = if obs.is_lifetime { "τ₀/τ" } else { "I₀/I" };
    // Each fitted model as a function on the I/I₀ scale.
    let mut fitted: Vec<FittedCurve> = Vec::new();
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

/// The messages under the data table, as markup: what a paste did, then the table's errors (or
/// its notes, when it is fitted).
pub fn table_messages_html<'a>(pasted: Option<&str>, messages: impl Iterator<Item = &'a str>, errors: bool) -> String {
    let mut out = String::new();
    if let Some(m) = pasted {
        out.push_str(&format!("<li class=\"alert warning\">{}</li>", escape(m)));
    }
    let class = if errors { "alert error" } else { "alert info" };
    for m in messages {
        out.push_str(&format!("<li class=\"{class}\">{}</li>", escape(m)));
    }
    out
}

/// "1.234 × 10⁵ ± 5.7 × 10³".
fn plus_minus(value: f64, error: f64) -> String {
    if error > 0.0 {
        format!("{} ± {}", sig(value, 4), sig(error, 2))
    } else {
        format!("{} (fixed)", sig(value, 4))
    }
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
pub fn results_html(analysis: &Analysis, typed: Option<&Result<TypedFit, String>>) -> String {
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

