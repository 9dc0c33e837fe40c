//! What the quenching calculator shows, as pure functions of its fits: the four plots and
//! the results (warnings, model comparison, a card per fit) as escaped HTML. The page draws
//! them; native tests check them.

use super::{Observable, QuenchData};
use crate::plot::XyChart;
use crate::science::fit::{FitReport, ProfileInterval};
use crate::science::format::{escape_markup as escape, round_sig, sig};
use crate::science::quench::lines::Line;
use crate::science::quench::{Analysis, Derived, Measurements, ModelFit, ModelKind, Quantity, Shape, Weighting};

/// Points on each fitted curve.
const CURVE_POINTS: usize = 160;

/// The four plots of a fitted data set; the double-reciprocal plot only with Langmuir.
#[derive(Debug, Clone, PartialEq)]
pub struct Charts {
    pub fits: XyChart,
    pub residuals: XyChart,
    pub stern_volmer: XyChart,
    pub double_reciprocal: Option<XyChart>,
}

/// Every fit that worked, built-in and typed, in the page's order.
fn fitted(analysis: &Analysis) -> Vec<&ModelFit> {
    let typed = analysis.typed.as_ref().and_then(|t| t.as_ref().ok());
    analysis.fits.iter().filter_map(|(_, r)| r.as_ref().ok()).chain(typed).collect()
}

/// I₀/I (or τ₀/τ) of a fit at [Q] = `q`: the inverse of its fraction r.
fn inverse_fraction(fit: &ModelFit, q: f64) -> f64 {
    match fit.unquenched() {
        Some(y0) => y0 / fit.curve(q),
        None => fit.curve(q),
    }
}

/// Builds the plots; x is shown in the table's unit (`data.molar_per_unit` mol/L per unit).
pub fn build_charts(data: &QuenchData, m: &Measurements, analysis: &Analysis, unit: &str) -> Charts {
    let x_scale = 1.0 / data.molar_per_unit;
    let q_max = m.quencher_molar.iter().chain(data.excluded.iter().map(|e| &e.quencher_molar)).copied().fold(0.0, f64::max);
    let grid: Vec<f64> = (0..CURVE_POINTS).map(|i| q_max * i as f64 / (CURVE_POINTS - 1) as f64).collect();
    // [Q] in the table's unit, without the float noise of the conversion (15 µM, not 14.999…).
    let shown = |q: f64| round_sig(q * x_scale, 12);
    let (measured, inverse_name) = match m.quantity {
        Quantity::Intensity => ("I", "I₀/I"),
        Quantity::Ratio => ("I₀/I", "I₀/I"),
        Quantity::Lifetime => ("τ (ns)", "τ₀/τ"),
    };
    let fits_shown = fitted(analysis);
    let x_desc = format!("[Q] ({unit})");
    let sigma = (m.weighting == Weighting::Sigma).then(|| data.sigma.clone()).flatten();
    let excluded: Vec<(f64, f64)> = data.excluded.iter().map(|e| (shown(e.quencher_molar), e.value)).collect();
    // One band, of the model that fits best (lowest AICc): several overlapping bands hide each
    // other and the points.
    let best = fits_shown
        .iter()
        .enumerate()
        .filter(|(_, f)| f.intervals && !matches!(f.shape, Shape::Joint(_)))
        .min_by(|(_, a), (_, b)| a.report.aicc.unwrap_or(f64::INFINITY).total_cmp(&b.report.aicc.unwrap_or(f64::INFINITY)));
    let bands = best
        .and_then(|(i, f)| {
            let band = f.band(&grid)?;
            Some((i, grid.iter().zip(band).filter_map(|(&q, b)| b.map(|(y, h)| (shown(q), y - h, y + h))).collect()))
        })
        .into_iter()
        .collect();
    let fits = XyChart {
        title: format!("Fits to the measured {measured}"),
        x_desc: x_desc.clone(),
        y_desc: measured.to_string(),
        points: m.quencher_molar.iter().zip(&m.values).map(|(&q, &y)| (shown(q), y)).collect(),
        errors: sigma.clone(),
        excluded: excluded.clone(),
        curves: fits_shown.iter().map(|f| (f.label(), grid.iter().map(|&q| (shown(q), f.curve(q))).collect())).collect(),
        bands,
        ..XyChart::default()
    };
    let residuals = XyChart {
        title: "Residuals (data − fit)".into(),
        x_desc: x_desc.clone(),
        y_desc: format!("residual of {measured}"),
        curves: fits_shown
            .iter()
            .map(|f| (f.label(), m.quencher_molar.iter().zip(&m.values).map(|(&q, &y)| (shown(q), y - f.curve(q))).collect()))
            .collect(),
        zero_line: true,
        // Joined in the order of [Q] when the table is in that order (as tables usually are;
        // sorting would add its code to the page), else as dots.
        dots: !m.quencher_molar.windows(2).all(|w| w[0] <= w[1]),
        ..XyChart::default()
    };
    // The Stern–Volmer plot with the I₀ of the Stern–Volmer fit (else of the first fit that has
    // one): the single reading at [Q] = 0 is one noisy point, not the reference.
    let reference = analysis
        .fits
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok())
        .find(|f| f.model == Some(ModelKind::SternVolmer))
        .or_else(|| fits_shown.first().copied())
        .and_then(|f| f.unquenched().map(|y0| (y0, f.label())));
    let to_inverse = |y: f64| match (m.quantity, &reference) {
        (Quantity::Ratio, _) => y,
        (_, Some((y0, _))) => y0 / y,
        (_, None) => f64::NAN,
    };
    let mut sv_curves: Vec<(String, Vec<(f64, f64)>)> =
        fits_shown.iter().map(|f| (f.label(), grid.iter().map(|&q| (shown(q), inverse_fraction(f, q))).collect())).collect();
    if let Some(Ok(line)) = &analysis.stern_volmer_line {
        let (a, k) = (line.fit.parameters[0].value, line.fit.parameters[1].value);
        sv_curves.push(("Stern–Volmer line (linearised)".into(), grid.iter().map(|&q| (shown(q), a + k * q)).collect()));
    }
    // Lifetimes beside intensities: τ₀/τ with the τ₀ of the joint fit, and its line 1 + K_D[Q].
    let joint = fits_shown.iter().find(|f| matches!(f.shape, Shape::Joint(_)));
    let second = match (&m.lifetimes_ns, joint) {
        (Some(t), Some(fit)) => {
            let (tau0, k_d) = (fit.report.get("τ₀").map(|e| e.value), fit.report.get("K_D").map(|e| e.value));
            if let Some(k_d) = k_d {
                sv_curves.push(("τ₀/τ = 1 + K_D[Q]".into(), grid.iter().map(|&q| (shown(q), 1.0 + k_d * q)).collect()));
            }
            tau0.map(|tau0| ("τ₀/τ (lifetimes)".to_string(), m.quencher_molar.iter().zip(t).map(|(&q, &t)| (shown(q), tau0 / t)).collect()))
        }
        _ => None,
    };
    let reference_said = match (&reference, m.quantity) {
        (Some((_, label)), Quantity::Intensity | Quantity::Lifetime) => format!(" ({} from the {label} fit)", m.quantity.unquenched()),
        _ => String::new(),
    };
    let stern_volmer = XyChart {
        title: format!("Stern–Volmer plot: {inverse_name} against [Q]{reference_said}"),
        x_desc: x_desc.clone(),
        y_desc: inverse_name.to_string(),
        points: m.quencher_molar.iter().zip(&m.values).map(|(&q, &y)| (shown(q), to_inverse(y))).collect(),
        // σ(I₀/I) = I₀·σ/I² for intensities; as given for a ratio.
        errors: sigma.as_ref().map(|s| {
            s.iter()
                .zip(&m.values)
                .map(|(s, &y)| match (m.quantity, &reference) {
                    (Quantity::Ratio, _) => *s,
                    (_, Some((y0, _))) => y0 * s / (y * y),
                    _ => f64::NAN,
                })
                .collect()
        }),
        excluded: data.excluded.iter().map(|e| (shown(e.quencher_molar), to_inverse(e.value))).collect(),
        second,
        curves: sv_curves,
        ..XyChart::default()
    };
    let double_reciprocal = analysis.double_reciprocal.as_ref().map(|line| double_reciprocal_chart(line.as_ref().ok(), analysis, x_scale, unit));
    Charts { fits, residuals, stern_volmer, double_reciprocal }
}

/// The double-reciprocal plot: its points (from the Langmuir fit's I₀), its straight line, and
/// the Langmuir fit drawn on the same scale (also a straight line, 1/f + 1/(f·K)·1/[Q]), so that
/// the two can be compared by eye.
fn double_reciprocal_chart(line: Option<&Line>, analysis: &Analysis, x_scale: f64, unit: &str) -> XyChart {
    let mut chart = XyChart {
        title: "Double-reciprocal plot: I₀/ΔI against 1/[Q]".into(),
        x_desc: format!("1/[Q] (1/{unit})"),
        y_desc: "I₀/ΔI".into(),
        ..XyChart::default()
    };
    let Some(line) = line else { return chart };
    // The line was fitted in 1/(mol/L); the plot's x is 1/(unit).
    chart.points = line.points.iter().map(|&(x, y)| (x / x_scale, y)).collect();
    let x_max = line.points.iter().map(|p| p.0).fold(0.0, f64::max);
    let xs: Vec<f64> = (0..CURVE_POINTS).map(|i| x_max * i as f64 / (CURVE_POINTS - 1) as f64).collect();
    let (b0, b1) = (line.fit.parameters[0].value, line.fit.parameters[1].value);
    chart.curves.push(("double-reciprocal line".to_string(), xs.iter().map(|&x| (x / x_scale, b0 + b1 * x)).collect()));
    let langmuir = analysis.fits.iter().find(|(k, _)| *k == ModelKind::Langmuir).and_then(|(_, r)| r.as_ref().ok());
    if let Some((f, k)) = langmuir.and_then(|l| Some((l.report.get("f")?.value, l.report.get("K_L")?.value))) {
        chart.curves.push(("Langmuir fit".to_string(), xs.iter().map(|&x| (x / x_scale, 1.0 / f + x / (f * k))).collect()));
    }
    chart
}

/// The messages under the data table, as markup: what a paste did, then the table's errors (or
/// its notes, when it is fitted).
pub fn table_messages_html<'a>(pasted: Option<&str>, messages: impl Iterator<Item = &'a str>, errors: bool) -> String {
    let mut out = String::new();
    if let Some(m) = pasted {
        out.push_str(&format!("<li class=\"alert warning\">{}</li>", escape(m)));
    }
    let class = if errors { "alert error" } else { "alert info" };
    let (shown, more) = crate::state::table::capped(messages);
    let more = crate::state::table::more_messages(more);
    for m in shown.into_iter().chain(more.as_deref()) {
        out.push_str(&format!("<li class=\"{class}\">{}</li>", escape(m)));
    }
    out
}

/// "1.234 × 10⁵ ± 5.7 × 10³".
fn plus_minus(value: f64, error: f64) -> String {
    format!("{} ± {}", sig(value, 4), sig(error, 2))
}

/// "1.1 × 10⁵ … 1.4 × 10⁵".
fn interval((low, high): (f64, f64)) -> String {
    format!("{} … {}", sig(low, 4), sig(high, 4))
}

/// A profile interval, with its open ends said.
fn profile_text(p: &ProfileInterval) -> String {
    let end = |v: Option<f64>, open: &Option<String>| match v {
        Some(v) => sig(v, 4),
        None => format!("<abbr title=\"{}\">open</abbr>", escape(open.as_deref().unwrap_or_default())),
    };
    format!("{} … {}", end(p.lower, &p.lower_open), end(p.upper, &p.upper_open))
}

/// The unit of a fitted parameter.
fn parameter_unit(fit: &ModelFit, name: &str, quantity: Quantity) -> &'static str {
    match (name, quantity) {
        ("τ₀", _) | ("I₀", Quantity::Lifetime) => "ns",
        ("I₀", _) => "as measured",
        _ => match fit.model {
            Some(kind) => kind.unit(name),
            None => "",
        },
    }
}

const PARAMETER_HEAD: &str = "<thead><tr><th scope=\"col\">parameter</th><th scope=\"col\">value ± standard error</th><th scope=\"col\">unit</th><th scope=\"col\">95 % interval</th><th scope=\"col\">95 % profile interval</th></tr></thead>";
/// The head of a linearised line's table: no profile interval.
const LINE_HEAD: &str = "<thead><tr><th scope=\"col\">parameter</th><th scope=\"col\">value ± standard error</th><th scope=\"col\">unit</th><th scope=\"col\">95 % interval</th></tr></thead>";

/// The rows of a fit's parameter table, then its derived values.
fn parameter_rows(out: &mut String, fit: &ModelFit, quantity: Quantity, pending: bool) {
    let model = escape(&fit.label());
    for p in &fit.report.parameters {
        let (value, ci) = if p.fixed {
            (format!("{} (fixed)", sig(p.value, 4)), "—".to_string())
        } else if p.at_bound.is_some() {
            (format!("{} (at its bound)", sig(p.value, 4)), "—".to_string())
        } else if !fit.intervals {
            (sig(p.value, 4), "—".to_string())
        } else {
            (plus_minus(p.value, p.std_error), interval(p.ci95))
        };
        let profile = match fit.profiles.iter().find(|q| q.name == p.name).filter(|_| fit.intervals) {
            Some(q) => profile_text(q),
            None if pending && fit.intervals && p.is_free() => "…".to_string(),
            None => String::new(),
        };
        out.push_str(&format!(
            "<tr><th scope=\"row\">{name}</th><td data-announce=\"{model} {name}\" data-unit=\"{unit}\">{value}</td><td>{unit}</td><td>{ci}</td><td>{profile}</td></tr>",
            name = escape(&p.name),
            unit = parameter_unit(fit, &p.name, quantity)
        ));
    }
    for d in &fit.derived {
        derived_row(out, d, &model, fit.intervals, true);
    }
}

/// A derived value's row.
fn derived_row(out: &mut String, d: &Derived, model: &str, intervals: bool, profile_column: bool) {
    let (value, ci) = match d.ci95.filter(|_| intervals) {
        Some(ci) => (plus_minus(d.value, d.std_error), interval(ci)),
        None => (sig(d.value, 4), "—".to_string()),
    };
    out.push_str(&format!(
        "<tr class=\"derived\"><th scope=\"row\">{name}</th><td data-announce=\"{model} {name}\" data-unit=\"{unit}\">{value}</td><td>{unit}</td><td>{ci}</td>{}</tr>",
        if profile_column { "<td></td>" } else { "" },
        name = escape(d.name),
        unit = escape(d.unit)
    ));
}

/// The correlation of the free parameters: one coefficient for two, a matrix for more.
fn correlation_html(out: &mut String, report: &FitReport) {
    let free: Vec<usize> = (0..report.parameters.len()).filter(|&j| report.parameters[j].is_free()).collect();
    let r = |i: usize, j: usize| report.correlation.get(i).and_then(|row| row.get(j)).copied().unwrap_or(f64::NAN);
    match free.as_slice() {
        [a, b] => out.push_str(&format!(
            "<p class=\"stats\">correlation of {} and {}: {:.3}</p>",
            escape(&report.parameters[*a].name),
            escape(&report.parameters[*b].name),
            r(*a, *b)
        )),
        many if many.len() > 2 => {
            out.push_str("<table class=\"params-correlation\"><caption>correlation</caption><thead><tr><td></td>");
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

/// The comparison of the models fitted to the same values with the same weights: AICc with its
/// convention stated, ΔAICc, Akaike weights, and F tests of the nested pairs.
fn comparison_html(out: &mut String, analysis: &Analysis, weighting: Weighting, measured: &str) {
    let compared = analysis.comparison();
    out.push_str(&format!(
        "<table class=\"comparison\" id=\"model-comparison\"><caption>Model comparison: the same {} values, {}</caption><thead><tr><th scope=\"col\">model</th><th scope=\"col\">p</th><th scope=\"col\">R²</th><th scope=\"col\">AICc</th><th scope=\"col\">ΔAICc</th><th scope=\"col\">Akaike weight</th></tr></thead><tbody>",
        escape(measured),
        weighting.describe()
    ));
    let number = |v: Option<f64>, decimals: usize| v.map(|v| format!("{v:.decimals$}")).unwrap_or_else(|| "—".into());
    for row in &compared {
        match &row.fit {
            Ok(fit) if !fit.comparable() => out.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td colspan=\"5\">not compared: fitted to the intensities and the lifetimes together</td></tr>",
                escape(&fit.label())
            )),
            Ok(fit) => out.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&fit.label()),
                fit.report.free_parameters,
                number(fit.report.r_squared, 5),
                number(fit.report.aicc, 2),
                number(row.delta, 2),
                number(row.weight, 3)
            )),
            Err(e) => out.push_str(&format!("<tr><th scope=\"row\">{}</th><td colspan=\"5\" class=\"error-text\">{}</td></tr>", escape(&row.label), escape(e))),
        }
    }
    out.push_str("</tbody></table><p class=\"stats\" id=\"aicc-convention\">AICc = n·ln(RSS/n) + 2K + 2K(K + 1)/(n − K − 1) with K = p + 1 (the p fitted parameters and the variance of the scatter): the lowest fits best. The Akaike weight is the probability that a model is the best of those shown.</p>");
    let tests = analysis.nested_tests();
    if !tests.is_empty() {
        out.push_str("<ul class=\"nested-tests\" id=\"nested-tests\">");
        for t in tests {
            let verdict = match t.test {
                Some(test) => format!(
                    "F = {} ({} and {} degrees of freedom), p = {}: {}",
                    sig(test.f, 3),
                    test.df_extra,
                    test.df_residual,
                    sig(test.p_value, 2),
                    if test.p_value < 0.05 {
                        format!("the extra parameter{} of {} {} justified by the data (p < 0.05).", if test.df_extra == 1 { "" } else { "s" }, t.complex.label(), if test.df_extra == 1 { "is" } else { "are" })
                    } else {
                        format!("{}'s extra parameter{} not justified (p ≥ 0.05): prefer {}.", t.complex.label(), if test.df_extra == 1 { " is" } else { "s are" }, t.simple.label())
                    }
                ),
                None => format!("no test: {} fits no better with its extra parameters here (one is at its bound, or the fits are the same).", t.complex.label()),
            };
            out.push_str(&format!("<li>{} within {} ({}): {}</li>", t.simple.label(), t.complex.label(), escape(t.constraint), escape(&verdict)));
        }
        out.push_str("</ul>");
    }
}

/// A card for one fit.
fn fit_card(out: &mut String, fit: &ModelFit, quantity: Quantity, slug: &str, equation: &str, pending: bool) {
    out.push_str(&format!(
        "<article class=\"fit-card\" data-model=\"{}\"><h3>{} <span class=\"equation\">{}</span></h3>",
        escape(slug),
        escape(&fit.label()),
        escape(equation)
    ));
    for w in &fit.warnings {
        out.push_str(&format!("<p class=\"alert warning\">{}</p>", escape(w)));
    }
    out.push_str(&format!("<table class=\"params\">{PARAMETER_HEAD}<tbody>"));
    parameter_rows(out, fit, quantity, pending);
    out.push_str(&format!("</tbody></table><p class=\"stats\">{}</p>", statistics(&fit.report)));
    if fit.intervals {
        correlation_html(out, &fit.report);
    }
    for n in &fit.notes {
        out.push_str(&format!("<p class=\"alert info\">{}</p>", escape(n)));
    }
    out.push_str("</article>");
}

/// The card of a linearised line.
fn line_card(out: &mut String, line: &Line, slug: &str, title: &str, equation: &str) {
    out.push_str(&format!(
        "<article class=\"fit-card\" data-model=\"{slug}\"><h3>{title} <span class=\"equation\">{equation}</span></h3><table class=\"params\">{LINE_HEAD}<tbody>"
    ));
    for d in &line.derived {
        derived_row(out, d, title, line.fit.dof > 0, false);
    }
    out.push_str(&format!(
        "</tbody></table><p class=\"stats\">n = {} · dof = {} · R² = {}</p><p class=\"alert info\">Reciprocals distort the errors: a point measured as well as the others carries a larger error on this scale, yet the straight line weights them alike. Its ± and interval are therefore not a valid test; they are shown to compare with published values. Use the nonlinear fits for the constants.</p></article>",
        line.fit.points,
        line.fit.dof,
        line.fit.r_squared.map(|r| format!("{r:.5}")).unwrap_or_else(|| "—".into())
    ));
}

/// The results as HTML: warnings, the comparison table, and a card per fit. They are
/// read-only and redrawn whole after every change, so they are written as one escaped string
/// rather than as a tree of components (which cost about as much wasm as the fitting engine).
pub fn results_html(data: &QuenchData, m: &Measurements, analysis: &Analysis) -> String {
    let mut out = String::from("<ul class=\"warnings\">");
    for w in &analysis.warnings {
        out.push_str(&format!("<li class=\"alert warning\">{}</li>", escape(w)));
    }
    out.push_str("</ul>");
    let measured = match data.observable {
        Observable::Intensity => "I",
        Observable::IntensityRatio => "I₀/I",
        Observable::Lifetime => "τ",
    };
    comparison_html(&mut out, analysis, m.weighting, measured);
    out.push_str("<div class=\"fit-cards\">");
    for (model, result) in &analysis.fits {
        match result {
            Ok(fit) => {
                let equation = match (model, m.quantity) {
                    (ModelKind::SternVolmer, Quantity::Lifetime) => "τ₀/τ = 1 + K_D[Q]",
                    _ => model.equation(),
                };
                fit_card(&mut out, fit, m.quantity, model.slug(), equation, !analysis.profiles)
            }
            Err(e) => out.push_str(&format!(
                "<article class=\"fit-card\" data-model=\"{}\"><h3>{} <span class=\"equation\">{}</span></h3><p class=\"alert error\">{}</p></article>",
                model.slug(),
                model.label(),
                model.equation(),
                escape(&e.to_string())
            )),
        }
    }
    match &analysis.stern_volmer_line {
        Some(Ok(line)) => line_card(&mut out, line, "sv-line", "Stern–Volmer line (linearised)", "I₀/I = a + K_SV[Q]"),
        Some(Err(e)) => out.push_str(&format!("<p class=\"alert error\">Stern–Volmer line: {}</p>", escape(&e.to_string()))),
        None => {}
    }
    match &analysis.double_reciprocal {
        Some(Ok(line)) => line_card(&mut out, line, "double-reciprocal", "Double-reciprocal line (modified Stern–Volmer)", "I₀/ΔI = 1/(f_a K[Q]) + 1/f_a"),
        Some(Err(e)) => out.push_str(&format!("<p class=\"alert error\">Double-reciprocal line: {}</p>", escape(&e.to_string()))),
        None => {}
    }
    match &analysis.typed {
        Some(Ok(fit)) => fit_card(&mut out, fit, m.quantity, "typed", "", !analysis.profiles),
        Some(Err(e)) => out.push_str(&format!("<p class=\"alert error\" id=\"typed-error\">Your model: {}</p>", escape(e))),
        None => {}
    }
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod capped_messages {
    use crate::state::calculator::{decode, encode, Calculator};
    use crate::state::QuenchState;

    #[test]
    fn a_link_of_twenty_thousand_broken_rows_says_twenty_messages_and_how_many_more() {
        // 20,000 rows of letters: a short link (the table deflates to almost nothing) whose
        // every cell is an error.
        let mut state = QuenchState::example();
        let rows: Vec<Vec<String>> = (0..20_000).map(|_| vec!["x".to_string(), "y".to_string()]).collect();
        let text: String = rows.iter().map(|r| format!("{}\t{}\n", r[0], r[1])).collect();
        let pasted = crate::state::table::TableEdit::Paste { row: 0, column: 0, text };
        state.edit(pasted);
        let link = encode(&state);
        assert!(link.len() < 2_000, "{} bytes", link.len());
        let opened: QuenchState = decode(&link).unwrap();
        let crate::state::quench::QuenchOutcome::NeedsInput(errors) = opened.evaluate() else { panic!("broken rows fit") };
        assert!(errors.len() >= 40_000, "{}", errors.len());
        let html = super::table_messages_html(None, errors.iter().map(|e| e.message.as_str()), true);
        assert_eq!(html.matches("<li").count(), crate::state::table::MAX_MESSAGES + 1, "{html}");
        assert!(html.contains(&format!("and {} more messages like these", errors.len() - crate::state::table::MAX_MESSAGES)));
        let report = opened.report().unwrap_err();
        assert!(report.len() < 4_000, "{} characters", report.len());
    }
}
