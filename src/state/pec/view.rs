//! What the photoelectrochemistry page shows, as pure functions: the results as escaped
//! markup, the charts' data (decimated for drawing, never for solving), the reference
//! electrodes at the page's conditions, and the command line's JSON report. Tested natively.

use serde_json::{json, Map, Value};

use super::evaluate::{CurveResult, PecOutcome};
use super::{PecState, Side};
use crate::plot::XyChart;
use crate::state::table::{card_end, card_start};
use crate::science::format::{escape_markup as escape, sig};
use crate::science::numeric::interpolate;
use crate::science::pec::operating::OperatingPoint;
use crate::science::pec::scales::{Basis, Scale};

/// Most crossings listed one by one; more are summed up (and drawn thinned out).
const MAX_LISTED_CROSSINGS: usize = 3;
/// Most crossings marked on the chart.
const MAX_DRAWN_CROSSINGS: usize = 20;

/// The smallest and largest of some numbers.
fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

/// Most points a curve is drawn with: a 100,000-point curve is drawn from its extremes per
/// column of pixels, which looks the same and takes a fraction of the time.
pub const MAX_DRAWN_POINTS: usize = 2_000;

/// The parts of the results, each drawn on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Card {
    Notes,
    Operating,
    Products,
    Faradaic,
}

impl Card {
    pub const ALL: [Card; 4] = [Card::Notes, Card::Operating, Card::Products, Card::Faradaic];
}

/// A potential in V to the millivolt (tenth of a millivolt with `fine`), with a true minus.
fn volts(v: f64, fine: bool) -> String {
    let text = if fine { format!("{v:.4}") } else { format!("{v:.3}") };
    // −0.0000 is 0.
    let text = if text.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') { text.trim_start_matches('-').to_string() } else { text };
    minus(text)
}

/// A number as the page shows it, with a true minus sign (−) rather than a hyphen: every
/// number on this page is written so, potentials and currents alike.
fn minus(text: String) -> String {
    text.replace('-', "\u{2212}")
}

/// One result row.
fn row(out: &mut String, label: &str, id: &str, value: String, unit: &str, note: &str) {
    crate::state::table::result_row(out, label, id, &minus(value), unit, note);
}

/// One part of the results as markup (empty when it has nothing to show).
pub fn card_html(card: Card, state: &PecState, outcome: &PecOutcome) -> String {
    card_parts(card, state, outcome).0
}

/// One part of the results: its markup, and the warnings it shows.
fn card_parts(card: Card, state: &PecState, outcome: &PecOutcome) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut warnings = Vec::new();
    match card {
        Card::Notes => {
            if !outcome.notes.is_empty() {
                out.push_str("<ul class=\"notes\">");
                for note in &outcome.notes {
                    out.push_str(&format!("<li class=\"alert info\">{}</li>", escape(note)));
                }
                out.push_str("</ul>");
            }
        }
        Card::Operating => operating_card(&mut out, &mut warnings, state, outcome),
        Card::Products => products_card(&mut out, &mut warnings, state, outcome),
        Card::Faradaic => faradaic_card(&mut out, &mut warnings, state, outcome),
    }
    (out, warnings)
}

fn operating_card(out: &mut String, warnings: &mut Vec<String>, state: &PecState, outcome: &PecOutcome) {
    let scale = state.scale.label();
    let title = if outcome.circuit.bias_v == 0.0 { "Bias-free operating point" } else { "Operating point with the bias" };
    card_start(out, "card-operating", title);
    let mut notes = outcome.warnings.clone();
    if outcome.curve(Side::Anode).is_none() || outcome.curve(Side::Cathode).is_none() {
        notes.insert(0, "Give both curves (a model, or a table with its area and scale) to find where they cross.".into());
    }
    // The operating point the results follow has the plain ids; up to three crossings are
    // listed in full, more (curves that run together within their noise) are summed up.
    let main = outcome.main_point().copied();
    let listed: Vec<&OperatingPoint> = if outcome.points.len() <= MAX_LISTED_CROSSINGS { outcome.points.iter().collect() } else { main.iter().collect() };
    for (k, p) in listed.into_iter().enumerate() {
        let is_main = Some(*p) == main;
        let suffix = match outcome.points.len() {
            1 => String::new(),
            n if n <= MAX_LISTED_CROSSINGS => format!(" ({} of {n}{})", k + 1, if is_main { ", the largest" } else { "" }),
            n => format!(" (the largest of {n} crossings)"),
        };
        let id = |base: &str| if is_main { base.to_string() } else { format!("{base}-{}", k + 1) };
        row(out, &format!("Current{suffix}"), &id("out-current"), sig(p.current_ma, 4), "mA", "through both electrodes");
        row(out, "Photoanode current density", &id("out-ja"), sig(p.anode_ma_per_cm2, 4), "mA cm⁻²", "");
        row(out, "Photocathode current density", &id("out-jc"), sig(p.cathode_ma_per_cm2, 4), "mA cm⁻²", "cathodic, negative");
        if (p.anode_potential_v - p.cathode_potential_v).abs() < 1e-12 {
            row(out, "Potential of both electrodes", &id("out-e"), volts(p.anode_potential_v, true), &format!("V vs {scale}"), "");
        } else {
            row(out, "Photoanode potential", &id("out-ea"), volts(p.anode_potential_v, true), &format!("V vs {scale}"), "");
            row(out, "Photocathode potential", &id("out-ec"), volts(p.cathode_potential_v, true), &format!("V vs {scale}"), "");
        }
    }
    if outcome.points.len() > MAX_LISTED_CROSSINGS {
        let (lo, hi) = span(outcome.points.iter().map(|p| p.cathode_potential_v));
        let (i_lo, i_hi) = span(outcome.points.iter().map(|p| p.current_ma));
        row(
            out,
            "Crossings",
            "out-crossings",
            outcome.points.len().to_string(),
            "",
            &format!("photocathode between {} and {} V, currents {} to {} mA", volts(lo, true), volts(hi, true), minus(sig(i_lo, 4)), minus(sig(i_hi, 4))),
        );
    }
    for side in Side::BOTH {
        if let Some(onset) = outcome.onsets[side.index()] {
            let id = if side == Side::Anode { "out-onset-a" } else { "out-onset-c" };
            let rule = match state.onset {
                super::OnsetRule::Threshold => format!("|J| reaches {} mA cm⁻²", state.text(super::Field::Threshold).trim()),
                super::OnsetRule::Tangent => "tangent at the steepest rise".to_string(),
            };
            row(out, &format!("Onset of the {}", side.name()), id, volts(onset, false), &format!("V vs {scale}"), &rule);
        }
    }
    if let Some((ratio, current)) = outcome.best_ratio {
        row(out, "Best area ratio A(anode)/A(cathode)", "out-ratio", sig(ratio, 3), "", &format!("{} mA from the same total area", sig(current, 3)));
    }
    if let Some((want, bias)) = outcome.bias_needed {
        let value = bias.map_or_else(|| "—".to_string(), |b| volts(b, true));
        row(out, &format!("Bias for {} mA", sig(want, 3)), "out-bias-needed", value, "V", "anode positive; includes I·R");
    }
    card_end(out, notes, warnings);
}

fn products_card(out: &mut String, warnings: &mut Vec<String>, state: &PecState, outcome: &PecOutcome) {
    let Some(p) = &outcome.product else { return };
    let name = state.product.name();
    card_start(out, "card-products", &format!("{name} from the operating current"));
    let notes = Vec::new();
    row(out, &format!("{name} rate"), "out-rate", sig(p.rate_mol_per_s * 3.6e9, 4), "µmol h⁻¹", &format!("I·FE/({}F)", state.product.electrons()));
    if let Some(n) = p.after_umol {
        row(out, &format!("{name} after {} min", state.text(super::Field::Duration).trim()), "out-after", sig(n, 4), "µmol", "");
    }
    if let Some(c) = p.after_mm {
        row(out, "Concentration reached", "out-after-mm", sig(c, 4), "mM", "");
    }
    if let Some(x) = p.conversion {
        row(out, "Conversion of the substrate", "out-conversion", sig(x * 100.0, 3), "%", "");
    }
    if let Some(g) = p.gibbs_j_per_mol {
        row(out, "ΔG per mole of product", "out-dg", sig(g * 1e-3, 4), "kJ mol⁻¹", "");
    }
    if let Some(eta) = p.light_to_chemical {
        row(out, "Light-to-chemical efficiency η", "out-eta", sig(eta * 100.0, 3), "%", "ΔG·r/(P·A)");
    }
    card_end(out, notes, warnings);
}

fn faradaic_card(out: &mut String, warnings: &mut Vec<String>, state: &PecState, outcome: &PecOutcome) {
    if outcome.faradaic.is_none() && outcome.trace.is_none() && outcome.nadh_umol.is_none() {
        return;
    }
    card_start(out, "card-faradaic", "Charge and Faradaic efficiency");
    let mut notes = Vec::new();
    if let Some(n) = outcome.nadh_umol {
        row(out, "NADH from A₃₄₀", "out-nadh", sig(n, 4), "µmol", "ε = 6220 M⁻¹ cm⁻¹");
    }
    if let Some(t) = &outcome.trace {
        row(out, "Charge under the trace", "out-charge", sig(t.charge_c, 4), "C", &format!("{} points, trapezoids", t.time_s.len()));
        let span = t.time_s.last().copied().unwrap_or(0.0) - t.time_s.first().copied().unwrap_or(0.0);
        if span > 0.0 {
            let mean = t.charge_c * 1e3 / span;
            let predicted = outcome.main_point().map(|p| p.current_ma);
            let note = predicted.map_or(String::new(), |i| format!("the curves predict {} mA", minus(sig(i, 3))));
            row(out, "Mean current of the trace", "out-trace-mean", sig(mean, 4), "mA", &note);
        }
    }
    if let Some((q, from_trace, n, fe)) = outcome.faradaic {
        let note = format!("{} µmol {} with {} C{}", sig(n * 1e6, 4), state.product.name(), sig(q, 4), if from_trace { " from the trace" } else { "" });
        row(out, "Faradaic efficiency", "out-fe", sig(fe * 100.0, 4), "%", &note);
    } else if outcome.trace.is_some() {
        notes.push("Give the product measured (µmol, or NADH's absorbance) for the Faradaic efficiency of this charge.".into());
    }
    card_end(out, notes, warnings);
}

/// The reference electrodes at the page's conditions, as table rows.
pub fn references_html(outcome: &PecOutcome) -> String {
    let mut out = String::new();
    for r in &outcome.references {
        let source = r.scale.electrode().map_or(
            match r.scale {
                Scale::Rhe => "−(ln 10)RT/F · pH".to_string(),
                Scale::Ferrocene => "as typed (solvent dependent)".to_string(),
                _ => "as typed".to_string(),
            },
            |e| e.source.to_string(),
        );
        let basis = match r.basis {
            Basis::Tabulated | Basis::Given => "",
            Basis::At25Only => " (at 25 °C; its temperature dependence is not known)",
            Basis::Extrapolated => " (extended beyond its table)",
        };
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"note\">{}{}</td></tr>",
            escape(r.scale.label()),
            minus(sig(r.v_vs_she, 4)),
            escape(&source),
            escape(basis)
        ));
    }
    out
}

/// The scale tool's conversions, as table rows.
pub fn conversions_html(outcome: &PecOutcome) -> String {
    outcome.conversions.iter().map(|(from, to)| format!("<tr><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>", minus(sig(*from, 6)), minus(sig(*to, 6)))).collect()
}

/// At most `max` points of a curve for drawing: each of `max / 2` stretches drawn by its lowest
/// and highest point, in order, so that no peak or step is lost.
pub fn decimate(points: &[(f64, f64)], max: usize) -> Vec<(f64, f64)> {
    if points.len() <= max || max < 4 {
        return points.to_vec();
    }
    let buckets = max / 2;
    let size = points.len().div_ceil(buckets);
    let mut out = Vec::with_capacity(max + 2);
    for chunk in points.chunks(size) {
        let (mut lo, mut hi) = (0, 0);
        for (i, p) in chunk.iter().enumerate() {
            if p.1 < chunk[lo].1 {
                lo = i;
            }
            if p.1 > chunk[hi].1 {
                hi = i;
            }
        }
        let (a, b) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        out.push(chunk[a]);
        if b != a {
            out.push(chunk[b]);
        }
    }
    out
}

/// The page's charts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Charts {
    pub jv: Option<XyChart>,
    pub trace: Option<XyChart>,
}

/// The curves as currents (mA) on one potential axis: the photoanode's, shifted by the bias,
/// and the photocathode's with its sign flipped; the crossings marked and the region where
/// both electrodes carry current shaded; the current–time trace with the predicted current.
pub fn build_charts(state: &PecState, outcome: &PecOutcome) -> Charts {
    let mut charts = Charts::default();
    let scale = state.scale.label();
    // The photoanode is drawn at E − U, so that it meets the photocathode where the pair runs.
    let bias = outcome.circuit.bias_v;
    // The points were chosen by their density, which neither the shift, nor the sign, nor the
    // area changes (a flipped stretch's lowest point is its highest): the same points are
    // chosen as from the currents drawn.
    let as_current = |c: &CurveResult, sign: f64, shift: f64| -> Vec<(f64, f64)> { c.drawn.iter().map(|&(v, j)| (v - shift, sign * j * c.area_cm2)).collect() };
    let anode = outcome.curve(Side::Anode);
    let cathode = outcome.curve(Side::Cathode);
    if anode.is_some() || cathode.is_some() {
        let mut chart = XyChart {
            title: "J–V curves".into(),
            x_desc: if bias != 0.0 { format!("E of the photocathode (V vs {scale}); the photoanode drawn at E − U") } else { format!("E (V vs {scale})") },
            y_desc: "Current (mA): photoanode, and −photocathode".into(),
            zero_line: true,
            ..XyChart::default()
        };
        if let Some(a) = anode {
            chart.curves.push(("photoanode".into(), as_current(a, 1.0, bias)));
        }
        if let Some(c) = cathode {
            chart.curves.push(("−photocathode".into(), as_current(c, -1.0, 0.0)));
        }
        // The region where both carry current, under both curves.
        if let (Some(a), Some(c)) = (anode, cathode) {
            let lo = (a.potential_v[0] - bias).max(c.potential_v[0]);
            let hi = (a.potential_v[a.potential_v.len() - 1] - bias).min(c.potential_v[c.potential_v.len() - 1]);
            if hi > lo {
                let band: Vec<(f64, f64, f64)> = (0..=200)
                    .filter_map(|k| {
                        let e = lo + (hi - lo) * k as f64 / 200.0;
                        let ia = interpolate(&a.potential_v, &a.density, e + bias)? * a.area_cm2;
                        let ic = -interpolate(&c.potential_v, &c.density, e)? * c.area_cm2;
                        let top = ia.min(ic);
                        (top > 0.0).then_some((e, 0.0, top))
                    })
                    .collect();
                if band.len() > 1 {
                    chart.bands.push((0, band));
                }
            }
        }
        // Every crossing marked, up to a few; of many (noisy curves running together), evenly
        // chosen ones and the largest.
        let step = outcome.points.len().div_ceil(MAX_DRAWN_CROSSINGS).max(1);
        chart.points = outcome.points.iter().step_by(step).chain(outcome.main_point()).map(|p| (p.cathode_potential_v, p.current_ma)).collect();
        chart.points_label = Some("operating point".into());
        chart.band_label = Some("both electrodes carry current".into());
        charts.jv = Some(chart);
    }
    if let Some(t) = &outcome.trace {
        let points: Vec<(f64, f64)> = t.time_s.iter().copied().zip(t.current_ma.iter().copied()).collect();
        let mut chart = XyChart {
            title: "Current–time trace".into(),
            x_desc: "Time (s)".into(),
            y_desc: "Current (mA)".into(),
            curves: vec![("measured".into(), decimate(&points, MAX_DRAWN_POINTS))],
            zero_line: true,
            ..XyChart::default()
        };
        if let Some(p) = outcome.main_point() {
            let (t0, t1) = (t.time_s[0], t.time_s[t.time_s.len() - 1]);
            // The trace's sign: a photocathode's trace is cathodic (negative).
            let sign = if t.current_ma.iter().sum::<f64>() < 0.0 { -1.0 } else { 1.0 };
            chart.curves.push(("predicted operating current".into(), vec![(t0, sign * p.current_ma), (t1, sign * p.current_ma)]));
        }
        charts.trace = Some(chart);
    }
    charts
}

/// The calculation as JSON for `photocalc eval`: the operating current (mA) and its potential
/// on the common scale, every crossing, the onsets, and what the current makes.
pub fn report(state: &PecState) -> Result<Value, String> {
    use crate::state::calculator::Calculator;
    let outcome = state.evaluate();
    if let Some(p) = outcome.problems.first() {
        return Err(p.message.clone());
    }
    let mut inputs = Map::new();
    for (key, value) in state.to_pairs() {
        // Curves are long: the report names their size, not their points.
        let value = if key.ends_with("_curve") || key == "trace" { format!("{} rows", state.rows(table_of(key)).len()) } else { value };
        inputs.insert(key.to_string(), Value::String(value));
    }
    let mut outputs = Map::new();
    outputs.insert("scale".into(), json!(state.scale.slug()));
    if let Some(p) = outcome.main_point() {
        outputs.insert("operating_current_mA".into(), json!(p.current_ma));
        outputs.insert("operating_potential_V".into(), json!(p.cathode_potential_v));
        outputs.insert("anode_potential_V".into(), json!(p.anode_potential_v));
        outputs.insert("anode_j_mA_per_cm2".into(), json!(p.anode_ma_per_cm2));
        outputs.insert("cathode_j_mA_per_cm2".into(), json!(p.cathode_ma_per_cm2));
    } else if outcome.solved {
        outputs.insert("operating_current_mA".into(), json!(0.0));
    }
    // Every crossing up to a hundred (noisy curves running together cross hundreds of times).
    let points: Vec<Value> = outcome
        .points
        .iter()
        .take(100)
        .map(|p| json!({"current_mA": p.current_ma, "anode_potential_V": p.anode_potential_v, "cathode_potential_V": p.cathode_potential_v, "anode_j_mA_per_cm2": p.anode_ma_per_cm2, "cathode_j_mA_per_cm2": p.cathode_ma_per_cm2}))
        .collect();
    outputs.insert("crossings_count".into(), json!(outcome.points.len()));
    outputs.insert("crossings".into(), Value::Array(points));
    for (side, key) in [(Side::Anode, "anode_onset_V"), (Side::Cathode, "cathode_onset_V")] {
        if let Some(onset) = outcome.onsets[side.index()] {
            outputs.insert(key.into(), json!(onset));
        }
    }
    if let Some((ratio, current)) = outcome.best_ratio {
        outputs.insert("best_area_ratio_anode_to_cathode".into(), json!(ratio));
        outputs.insert("best_area_ratio_current_mA".into(), json!(current));
    }
    if let Some((want, Some(bias))) = outcome.bias_needed {
        outputs.insert("wanted_current_mA".into(), json!(want));
        outputs.insert("bias_needed_V".into(), json!(bias));
    }
    if let Some(p) = &outcome.product {
        outputs.insert("product".into(), json!(state.product.slug()));
        outputs.insert("product_rate_umol_per_h".into(), json!(p.rate_mol_per_s * 3.6e9));
        for (key, value) in [("product_after_umol", p.after_umol), ("product_after_mM", p.after_mm), ("conversion", p.conversion), ("light_to_chemical_efficiency", p.light_to_chemical)] {
            if let Some(v) = value {
                outputs.insert(key.into(), json!(v));
            }
        }
        if let Some(g) = p.gibbs_j_per_mol {
            outputs.insert("dG_kJ_per_mol".into(), json!(g * 1e-3));
        }
    }
    if let Some(t) = &outcome.trace {
        outputs.insert("trace_charge_C".into(), json!(t.charge_c));
    }
    if let Some(n) = outcome.nadh_umol {
        outputs.insert("nadh_from_absorbance_umol".into(), json!(n));
    }
    if let Some((q, _, _, fe)) = outcome.faradaic {
        outputs.insert("charge_C".into(), json!(q));
        outputs.insert("faradaic_efficiency".into(), json!(fe));
    }
    if !outcome.conversions.is_empty() {
        outputs.insert("converted".into(), json!({"from": state.convert_from.slug(), "to": state.convert_to.slug(), "values_V": outcome.conversions.iter().map(|c| json!([c.0, c.1])).collect::<Vec<_>>()}));
    }
    let mut warnings: Vec<String> = outcome.notes.clone();
    for card in Card::ALL {
        warnings.extend(card_parts(card, state, &outcome).1);
    }
    Ok(json!({ "calculator": "pec", "inputs": inputs, "outputs": outputs, "warnings": warnings }))
}

/// The table a link key holds.
fn table_of(key: &str) -> super::Table {
    match key {
        "a_curve" => super::Table::Curve(Side::Anode),
        "c_curve" => super::Table::Curve(Side::Cathode),
        _ => super::Table::Trace,
    }
}
