//! What the gas page shows, as pure functions: the results as escaped markup, the three charts'
//! data, and the command line's JSON report. Tested natively.

use serde_json::{json, Map, Value};

use super::evaluate::{CourseResult, GasOutcome, Measured, Output, RateSource};
use super::inputs::{Input, Unit};
use super::{AmountSource, GasState};
use crate::plot::XyChart;
use crate::state::table::{card_end, card_start};
use crate::science::format::{escape_markup as escape, sig};
use crate::science::gas::{habitual_molar_volume_error, EquationOfState, Gas};

/// How an output is shown: its element id, label, unit and the factor from the outcome's
/// unit to the shown one.
struct Shown {
    id: &'static str,
    label: &'static str,
    unit: String,
    scale: f64,
}

/// The display of each output in the user's units.
fn shown(state: &GasState, output: Output) -> Shown {
    let amount_unit = state.unit(Input::Amount).unwrap_or(Unit::Micromole);
    let amount_scale = amount_unit.from_default(1.0);
    let amount = |id, label| Shown { id, label, unit: amount_unit.label().to_string(), scale: amount_scale };
    let plain = |id, label, unit: &str, scale| Shown { id, label, unit: unit.to_string(), scale };
    match output {
        Output::MolarVolume => plain("out-vm", "Molar volume", "mL mmol⁻¹", 1.0),
        Output::Headspace => amount("out-headspace", "In the headspace"),
        Output::Dissolved => amount("out-dissolved", "Dissolved (Henry's law)"),
        Output::Product => amount("out-product", if state.henry { "In all (headspace + dissolved)" } else { "Amount of product" }),
        Output::GasVolume => plain("out-volume", "As gas at T and p", "mL", 1.0),
        Output::Catalyst => plain("out-catalyst", "Catalyst", "nmol", 1e3),
        Output::Ton => plain("out-ton", "TON (per catalyst)", "", 1.0),
        Output::TonPerElectron => plain("out-ton-e", "TON per electron", "", 1.0),
        Output::TonPerDot => plain("out-ton-qd", "TON per quantum dot", "", 1.0),
        Output::TofPerHour => plain("out-tof-h", "TOF", "h⁻¹", 1.0),
        Output::TofPerSecond => plain("out-tof-s", "TOF", "s⁻¹", 1.0),
        Output::Rate => plain("out-rate", "Product rate", "µmol h⁻¹", 1.0),
        Output::PhotonFlux => plain("out-flux", "Photon flux", "einstein s⁻¹", 1.0),
        Output::QuantumYield => plain("out-qy", "Quantum yield", "%", 100.0),
        Output::SolarToHydrogen => plain("out-sth", "Solar-to-hydrogen efficiency", "%", 100.0),
    }
}

/// "3.525 ± 0.012".
fn value_text(m: Measured, scale: f64) -> String {
    match m.sigma {
        Some(s) => format!("{} ± {}", sig(m.value * scale, 4), sig(s * scale.abs(), 2)),
        None => sig(m.value * scale, 4),
    }
}

/// One result row: label, value ± σ, unit, and a note.
fn row(out: &mut String, state: &GasState, outcome: &GasOutcome, output: Output, label: Option<&str>, note: &str) {
    let Some(m) = outcome.get(output) else { return };
    let s = shown(state, output);
    crate::state::table::result_row(out, label.unwrap_or(s.label), s.id, &value_text(m, s.scale), &s.unit, note);
}

/// The parts of the results, each drawn on its own so that an edit redraws only the parts it
/// changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Card {
    Notes,
    Amount,
    Calibration,
    Turnover,
    Course,
    QuantumYield,
    SolarToHydrogen,
}

impl Card {
    pub const ALL: [Card; 7] = [Card::Notes, Card::Amount, Card::Calibration, Card::Turnover, Card::Course, Card::QuantumYield, Card::SolarToHydrogen];
}

/// One part of the results as markup (empty when it has nothing to show).
pub fn card_html(card: Card, state: &GasState, outcome: &GasOutcome) -> String {
    card_parts(card, state, outcome).0
}

/// One part of the results: its markup, and the warnings it shows.
fn card_parts(card: Card, state: &GasState, outcome: &GasOutcome) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut warnings = Vec::new();
    let w = &mut warnings;
    match card {
        Card::Notes if !outcome.notes.is_empty() => {
            out.push_str("<ul class=\"notes\">");
            for note in &outcome.notes {
                out.push_str(&format!("<li class=\"alert info\">{}</li>", escape(note)));
            }
            out.push_str("</ul>");
        }
        Card::Notes => {}
        Card::Amount => amount_card(&mut out, w, state, outcome),
        Card::Calibration => calibration_card(&mut out, w, outcome),
        Card::Turnover => turnover_card(&mut out, w, state, outcome),
        Card::Course => {
            if let Some(course) = &outcome.course {
                course_card(&mut out, w, outcome, course);
            }
        }
        Card::QuantumYield => photon_card(&mut out, w, state, outcome),
        Card::SolarToHydrogen => sth_card(&mut out, w, state, outcome),
    }
    (out, warnings)
}

/// The results as markup: the amount of gas, the calibration, turnover, the time course, the
/// quantum yield and STH, each a card that appears when its inputs are there.
pub fn results_html(state: &GasState, outcome: &GasOutcome) -> String {
    let cards: String = Card::ALL.iter().map(|&card| card_html(card, state, outcome)).collect();
    format!("<div class=\"fit-cards\">{cards}</div>")
}

fn amount_card(out: &mut String, warnings: &mut Vec<String>, state: &GasState, outcome: &GasOutcome) {
    card_start(out, "card-amount", &format!("Amount of {}", state.gas.label()));
    let mut notes = Vec::new();
    if let Some(v) = &outcome.molar_volumes {
        let chosen = v.of(state.eos);
        for (eos, label) in [
            (EquationOfState::Ideal, "Molar volume, ideal gas"),
            (EquationOfState::VanDerWaalsApproximation, "Molar volume, van der Waals approximation"),
            (EquationOfState::VanDerWaals, "Molar volume, van der Waals (exact root)"),
        ] {
            let mark = if eos == state.eos { "in use" } else { "" };
            let id = match eos {
                EquationOfState::Ideal => "out-vm-ideal",
                EquationOfState::VanDerWaalsApproximation => "out-vm-approx",
                EquationOfState::VanDerWaals => "out-vm-vdw",
            };
            out.push_str(&format!(
                "<tr{}><th scope=\"row\">{label}</th><td id=\"{id}\" class=\"num\">{}</td><td>mL mmol⁻¹</td><td class=\"note\">{mark}</td></tr>",
                if eos == state.eos { " class=\"chosen\"" } else { "" },
                sig(v.of(eos), 6)
            ));
        }
        let off = habitual_molar_volume_error(chosen);
        if off.abs() > 0.01 {
            notes.push(format!(
                "22.4 L mol⁻¹ is the molar volume at 0 °C and 1 atm: here it would make every amount {} % too {}.",
                sig(off.abs() * 100.0, 2),
                if off > 0.0 { "high" } else { "low" }
            ));
        }
    }
    if outcome.molar_volumes.is_none() {
        // Said here too: a and b sit in a closed section.
        for input in [Input::Temperature, Input::Pressure, Input::VdwA, Input::VdwB] {
            if let Some(message) = outcome.problem_at(super::evaluate::Place::Input(input)) {
                notes.push(format!("No molar volume: {message}"));
            }
        }
    }
    row(out, state, outcome, Output::Headspace, if state.henry { None } else { Some("Amount measured") }, "");
    if state.henry {
        row(out, state, outcome, Output::Dissolved, None, "");
        let uncorrected = outcome.get(Output::Headspace).map(|h| h.value);
        let note = match (uncorrected, outcome.get(Output::Product)) {
            (Some(h), Some(p)) if h > 0.0 => format!("{} % more than the headspace alone", sig((p.value / h - 1.0) * 100.0, 2)),
            _ => String::new(),
        };
        row(out, state, outcome, Output::Product, None, &note);
        if state.gas == Gas::CO2 {
            notes.push("CO₂ also reacts with water: above pH 5 the carbonate equilibria hold more than Henry's law says.".into());
        }
    }
    row(out, state, outcome, Output::GasVolume, None, "");
    if outcome.get(Output::Product).is_none() && outcome.molar_volumes.is_some() {
        notes.push(match state.source {
            AmountSource::Volume => "Type the volume of gas evolved to get its amount.".into(),
            AmountSource::Amount => "Type the amount of gas.".into(),
            AmountSource::Chromatograph => "Fill in the calibration, the sample's peak area, and the injected and headspace volumes.".into(),
        });
    }
    card_end(out, notes, warnings);
}

fn calibration_card(out: &mut String, warnings: &mut Vec<String>, outcome: &GasOutcome) {
    let Some(c) = &outcome.calibration else { return };
    let cal = &c.calibration;
    card_start(out, "card-calibration", "GC calibration (external standard)");
    let stats = cal.statistics;
    let pm = |v: f64, se: Option<f64>| match se {
        Some(se) => format!("{} ± {}", sig(v, 4), sig(se, 2)),
        None => sig(v, 4),
    };
    out.push_str(&format!(
        "<tr><th scope=\"row\">Slope (sensitivity)</th><td id=\"out-slope\" class=\"num\">{}</td><td>area µmol⁻¹</td><td></td></tr>",
        pm(cal.slope, stats.map(|s| s.slope_std_error))
    ));
    if !cal.settings.through_origin {
        out.push_str(&format!(
            "<tr><th scope=\"row\">Intercept</th><td id=\"out-intercept\" class=\"num\">{}</td><td>area</td><td></td></tr>",
            pm(cal.intercept, stats.map(|s| s.intercept_std_error))
        ));
    }
    out.push_str(&format!("<tr><th scope=\"row\">R²</th><td id=\"out-r2\" class=\"num\">{}</td><td></td><td>n = {}, dof = {}</td></tr>", sig(cal.r_squared, 5), cal.points, cal.dof));
    let mut notes = Vec::new();
    match stats {
        Some(s) => {
            out.push_str(&format!("<tr><th scope=\"row\">Limit of detection</th><td id=\"out-lod\" class=\"num\">{}</td><td>µmol</td><td>3.3 σ/slope (ICH Q2)</td></tr>", sig(s.lod_amount, 3)));
            out.push_str(&format!("<tr><th scope=\"row\">Limit of quantification</th><td id=\"out-loq\" class=\"num\">{}</td><td>µmol</td><td>10 σ/slope</td></tr>", sig(s.loq_amount, 3)));
        }
        None => notes.push("The standards do not measure their own scatter (two standards, or all exactly on the line): no uncertainty or limit of detection can be given. Add standards.".into()),
    }
    if let Some(p) = &c.sample {
        let ci = p.ci95.map(|(lo, hi)| format!("95 %: {} … {}", sig(lo, 4), sig(hi, 4))).unwrap_or_default();
        out.push_str(&format!(
            "<tr><th scope=\"row\">Sample (injected)</th><td id=\"out-sample\" class=\"num\">{}</td><td>µmol</td><td>{}</td></tr>",
            pm(p.amount, p.std_error),
            escape(&ci)
        ));
        notes.extend(cal.warnings(p));
    }
    card_end(out, notes, warnings);
}

fn turnover_card(out: &mut String, warnings: &mut Vec<String>, state: &GasState, outcome: &GasOutcome) {
    if outcome.get(Output::Catalyst).is_none() && outcome.get(Output::TonPerDot).is_none() {
        return;
    }
    card_start(out, "card-turnover", "Turnover");
    row(out, state, outcome, Output::Catalyst, None, "");
    row(out, state, outcome, Output::Ton, None, &format!("mol {} per mol catalyst", state.gas.label()));
    let electrons = outcome.electrons.map(|z| sig(z, 3)).unwrap_or_default();
    row(out, state, outcome, Output::TonPerElectron, None, &format!("{electrons} electrons per molecule"));
    row(out, state, outcome, Output::TonPerDot, None, "");
    row(out, state, outcome, Output::TofPerHour, None, "average over the irradiation time");
    row(out, state, outcome, Output::TofPerSecond, None, "");
    let mut notes = Vec::new();
    if outcome.get(Output::Ton).is_some() && outcome.get(Output::TofPerHour).is_none() {
        notes.push("Type the irradiation time for the TOF.".into());
    }
    card_end(out, notes, warnings);
}

fn course_card(out: &mut String, warnings: &mut Vec<String>, outcome: &GasOutcome, course: &CourseResult) {
    card_start(out, "card-course", "Time course");
    let mut notes = Vec::new();
    if let Some(Ok(rate)) = &course.rate {
        let ci = rate.ci95.map(|(lo, hi)| format!("95 %: {} … {}; ", sig(lo, 4), sig(hi, 4))).unwrap_or_default();
        out.push_str(&format!(
            "<tr><th scope=\"row\">Initial rate</th><td id=\"out-initial-rate\" class=\"num\">{}</td><td>µmol h⁻¹</td><td>{}{} points, {} – {} h</td></tr>",
            match rate.std_error {
                Some(se) => format!("{} ± {}", sig(rate.rate_per_h, 4), sig(se, 2)),
                None => sig(rate.rate_per_h, 4),
            },
            escape(&ci),
            rate.points,
            sig(course.window_h.0, 3),
            sig(course.window_h.1, 3)
        ));
    }
    match &course.saturation {
        Some(Ok(s)) => {
            let profile = s
                .n_inf_profile
                .as_ref()
                .map(|p| format!("95 % profile: {} … {}", p.lower.map_or("open".into(), |v| sig(v, 4)), p.upper.map_or("open".into(), |v| sig(v, 4))))
                .unwrap_or_default();
            out.push_str(&format!(
                "<tr><th scope=\"row\">End point n∞ (fit)</th><td id=\"out-ninf\" class=\"num\">{} ± {}</td><td>µmol</td><td>{}</td></tr>",
                sig(s.n_inf.value, 4),
                sig(s.n_inf.std_error, 2),
                escape(&profile)
            ));
            if let Some(cat) = outcome.get(Output::Catalyst) {
                // The end point's profile interval, per catalyst (the catalyst taken as exact).
                let interval = s
                    .n_inf_profile
                    .as_ref()
                    .map(|p| format!("95 % profile: {} … {}", p.lower.map_or("open".into(), |v| sig(v / cat.value, 4)), p.upper.map_or("open".into(), |v| sig(v / cat.value, 4))))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "<tr><th scope=\"row\">TON∞</th><td id=\"out-ton-inf\" class=\"num\">{} ± {}</td><td></td><td>n∞ per catalyst; {}</td></tr>",
                    sig(s.n_inf.value / cat.value, 4),
                    sig(s.n_inf.std_error / cat.value, 2),
                    escape(&interval)
                ));
            }
            out.push_str(&format!(
                "<tr><th scope=\"row\">k</th><td id=\"out-k\" class=\"num\">{} ± {}</td><td>h⁻¹</td><td>t½ = {} h; the data reach {} % of n∞ at {} h</td></tr>",
                sig(s.k_per_h.value, 4),
                sig(s.k_per_h.std_error, 2),
                sig(s.half_life_h, 3),
                sig(s.fraction_reached * 100.0, 3),
                sig(s.last_time_h, 3)
            ));
            notes.extend(s.doubts.iter().map(ToString::to_string));
        }
        Some(Err(message)) => notes.push(format!("Saturating fit: {message}")),
        None => {}
    }
    if let Some(Ok(report)) = &course.typed {
        for p in &report.parameters {
            let value = if p.is_free() { format!("{} ± {}", sig(p.value, 4), sig(p.std_error, 2)) } else { format!("{} (held)", sig(p.value, 4)) };
            out.push_str(&format!(
                "<tr class=\"derived\"><th scope=\"row\">{} (your model)</th><td class=\"num\">{value}</td><td></td><td>{}</td></tr>",
                escape(&p.name),
                if p.is_free() { format!("95 %: {} … {}", sig(p.ci95.0, 4), sig(p.ci95.1, 4)) } else { String::new() }
            ));
        }
        if !report.converged {
            notes.push(format!("Your model: {}", report.message));
        }
    }
    card_end(out, notes, warnings);
}

fn photon_card(out: &mut String, warnings: &mut Vec<String>, state: &GasState, outcome: &GasOutcome) {
    if outcome.get(Output::Rate).is_none() && outcome.get(Output::PhotonFlux).is_none() {
        return;
    }
    let title = if outcome.absorbed { "Quantum yield" } else { "Apparent quantum yield" };
    card_start(out, "card-qy", title);
    let source = match outcome.rate_source {
        RateSource::Typed => "as typed",
        RateSource::InitialRate => "initial rate of the time course",
        RateSource::Average => "amount / irradiation time",
        RateSource::None => "",
    };
    row(out, state, outcome, Output::Rate, None, source);
    row(out, state, outcome, Output::PhotonFlux, None, if outcome.absorbed { "absorbed" } else { "incident" });
    let z = outcome.electrons.map(|z| format!("z = {}", sig(z, 3))).unwrap_or_default();
    row(out, state, outcome, Output::QuantumYield, Some(title), &z);
    let mut notes = Vec::new();
    if outcome.get(Output::QuantumYield).is_some() && !outcome.absorbed {
        notes.push(
            "This counts incident photons, not absorbed ones: it is the apparent quantum yield (IUPAC: photonic yield), a lower bound of the quantum yield. Give the absorbed power (blank − sample) or the sample's absorbance for the quantum yield."
                .into(),
        );
    }
    if outcome.electrons.is_none() {
        notes.push(format!("{} is not a product of a photocatalytic reduction or oxidation here: choose the product or type its electrons per molecule.", state.gas.label()));
    }
    card_end(out, notes, warnings);
}

fn sth_card(out: &mut String, warnings: &mut Vec<String>, state: &GasState, outcome: &GasOutcome) {
    let Some(_) = outcome.get(Output::SolarToHydrogen) else { return };
    card_start(out, "card-sth", "Solar-to-hydrogen efficiency");
    row(out, state, outcome, Output::SolarToHydrogen, None, "r(H₂)·ΔG°/(P·A), ΔG° = 237.1 kJ mol⁻¹");
    let mut notes = Vec::new();
    if state.donor {
        notes.push("With a sacrificial electron donor (such as ascorbic acid) STH is not a valid figure: the donor, not water, supplies the electrons, and its oxidation stores far less energy than water splitting.".into());
    }
    let irradiance = state.text(Input::Irradiance).trim();
    if !irradiance.is_empty() && crate::state::number::parse_number(irradiance, crate::state::number::NumberRule::Positive, "").is_ok_and(|p| (p - 100.0).abs() > 1e-9) {
        notes.push("STH is defined under AM1.5G sunlight at 100 mW cm⁻²; at another irradiance it is not comparable with reported values.".into());
    }
    notes.push("STH counts only with two electrodes or a suspension under simulated sunlight, no applied bias and no pH gradient (Chen et al., J. Mater. Res. 25, 3, 2010).".into());
    card_end(out, notes, warnings);
}

/// The page's three charts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Charts {
    pub calibration: Option<XyChart>,
    pub course: Option<XyChart>,
    pub turnover: Option<XyChart>,
}

/// Evenly spaced x from `from` to `to`.
fn grid(from: f64, to: f64, count: usize) -> Vec<f64> {
    (0..count).map(|i| from + (to - from) * i as f64 / (count - 1) as f64).collect()
}

/// The calibration line with its band and standards, the time course with its fits, and TON
/// against time.
pub fn build_charts(state: &GasState, outcome: &GasOutcome) -> Charts {
    let mut charts = Charts::default();
    if let Some(c) = &outcome.calibration {
        let cal = &c.calibration;
        let top = c.standards.iter().map(|p| p.0).fold(0.0_f64, f64::max).max(c.sample.map_or(0.0, |s| s.amount));
        let xs = grid(0.0, top * 1.05, 60);
        let line: Vec<(f64, f64)> = xs.iter().map(|&x| (x, cal.line(x))).collect();
        let band: Vec<(f64, f64, f64)> = xs.iter().filter_map(|&x| cal.band(x).map(|(lo, hi)| (x, lo, hi))).collect();
        charts.calibration = Some(XyChart {
            title: "Calibration".into(),
            x_desc: format!("{} injected (µmol)", state.gas.label()),
            y_desc: "Peak area".into(),
            points: c.standards.clone(),
            second: c.sample.map(|s| ("sample".to_string(), vec![(s.amount, s.area)])),
            curves: vec![("line".into(), line)],
            bands: if band.is_empty() { vec![] } else { vec![(0, band)] },
            ..XyChart::default()
        });
    }
    if let Some(course) = &outcome.course {
        let last = course.time_h.last().copied().unwrap_or(1.0);
        let mut chart = XyChart {
            title: "Time course".into(),
            x_desc: "Time (h)".into(),
            y_desc: format!("{} (µmol)", state.gas.label()),
            points: course.time_h.iter().copied().zip(course.product_umol.iter().copied()).collect(),
            ..XyChart::default()
        };
        if let Some(Ok(s)) = &course.saturation {
            let within = grid(0.0, last, 60);
            let beyond = grid(last, last + (last * 0.5).max(3.0 * s.half_life_h.min(last * 4.0)), 30);
            let band: Vec<(f64, f64, f64)> = s.confidence_band(&within).into_iter().zip(&within).filter_map(|(b, &t)| b.map(|(f, h)| (t, f - h, f + h))).collect();
            chart.curves.push(("n∞(1 − e^(−kt))".into(), within.iter().map(|&t| (t, s.curve(t))).collect()));
            chart.curves.push(("extrapolated".into(), beyond.iter().map(|&t| (t, s.curve(t))).collect()));
            if !band.is_empty() {
                chart.bands.push((0, band));
            }
        }
        if let Some(Ok(report)) = &course.typed {
            if let Ok(model) = crate::science::gas::kinetics::parse_time_model(&state.course_model) {
                use crate::science::fit::Model;
                let p = report.values();
                let curve: Vec<(f64, f64)> = grid(0.0, last, 80).into_iter().map(|t| (t, model.value(t, &p))).filter(|(_, y)| y.is_finite()).collect();
                chart.curves.push(("your model".into(), curve));
            }
        }
        if let Some(Ok(rate)) = &course.rate {
            let (from, to) = course.window_h;
            chart.curves.push(("initial rate".into(), vec![(from, rate.intercept + rate.rate_per_h * from), (to, rate.intercept + rate.rate_per_h * to)]));
        }
        charts.course = Some(chart);
        if !course.turnover.is_empty() {
            let tof: Vec<(f64, f64)> = course.turnover.iter().filter_map(|p| p.tof_average_per_h.map(|f| (p.time_h, f))).collect();
            charts.turnover = Some(XyChart {
                title: "Turnover".into(),
                x_desc: "Time (h)".into(),
                y_desc: "TON; TOF (h⁻¹)".into(),
                points: course.turnover.iter().map(|p| (p.time_h, p.ton)).collect(),
                second: Some(("TOF = TON/t".into(), tof)),
                ..XyChart::default()
            });
        }
    }
    charts
}

/// The calculation as JSON for `photocalc eval`.
pub fn report(state: &GasState) -> Result<Value, String> {
    use crate::state::calculator::Calculator;
    let outcome = state.evaluate();
    if let Some(p) = outcome.problems.first() {
        return Err(p.message.clone());
    }
    let mut inputs = Map::new();
    for (key, value) in state.to_pairs() {
        inputs.insert(key.to_string(), Value::String(value));
    }
    let mut outputs = Map::new();
    let names: [(Output, &str); 15] = [
        (Output::MolarVolume, "molar_volume_L_per_mol"),
        (Output::Headspace, "headspace_umol"),
        (Output::Dissolved, "dissolved_umol"),
        (Output::Product, "product_umol"),
        (Output::GasVolume, "gas_volume_mL"),
        (Output::Catalyst, "catalyst_umol"),
        (Output::Ton, "TON"),
        (Output::TonPerElectron, "TON_per_electron"),
        (Output::TonPerDot, "TON_per_dot"),
        (Output::TofPerHour, "TOF_per_h"),
        (Output::TofPerSecond, "TOF_per_s"),
        (Output::Rate, "rate_umol_per_h"),
        (Output::PhotonFlux, "photon_flux_einstein_per_s"),
        (Output::QuantumYield, if outcome.absorbed { "quantum_yield" } else { "apparent_quantum_yield" }),
        (Output::SolarToHydrogen, "STH"),
    ];
    for (output, name) in names {
        if let Some(m) = outcome.get(output) {
            outputs.insert(name.to_string(), json!(m.value));
            if let Some(s) = m.sigma {
                outputs.insert(format!("{name}_sigma"), json!(s));
            }
        }
    }
    if let Some(v) = &outcome.molar_volumes {
        outputs.insert("molar_volume_ideal_L_per_mol".into(), json!(v.ideal_l_per_mol));
        outputs.insert("molar_volume_vdw_approx_L_per_mol".into(), json!(v.approximation_l_per_mol));
        outputs.insert("molar_volume_vdw_L_per_mol".into(), json!(v.van_der_waals_l_per_mol));
    }
    if let Some(c) = &outcome.calibration {
        outputs.insert("calibration_slope_area_per_umol".into(), json!(c.calibration.slope));
        outputs.insert("calibration_intercept_area".into(), json!(c.calibration.intercept));
        outputs.insert("calibration_r_squared".into(), json!(c.calibration.r_squared));
        if let Some(s) = c.calibration.statistics {
            outputs.insert("calibration_lod_umol".into(), json!(s.lod_amount));
            outputs.insert("calibration_loq_umol".into(), json!(s.loq_amount));
        }
        if let Some(p) = &c.sample {
            outputs.insert("sample_injected_umol".into(), json!(p.amount));
            if let Some(se) = p.std_error {
                outputs.insert("sample_injected_umol_sigma".into(), json!(se));
            }
        }
    }
    if let Some(course) = &outcome.course {
        if let Some(Ok(r)) = &course.rate {
            outputs.insert("initial_rate_umol_per_h".into(), json!(r.rate_per_h));
            if let Some(se) = r.std_error {
                outputs.insert("initial_rate_umol_per_h_sigma".into(), json!(se));
            }
        }
        if let Some(Ok(s)) = &course.saturation {
            outputs.insert("n_inf_umol".into(), json!(s.n_inf.value));
            outputs.insert("n_inf_umol_sigma".into(), json!(s.n_inf.std_error));
            outputs.insert("k_per_h".into(), json!(s.k_per_h.value));
            if let Some(p) = &s.n_inf_profile {
                outputs.insert("n_inf_profile95_umol".into(), json!([p.lower, p.upper]));
            }
            if let Some(cat) = outcome.get(Output::Catalyst) {
                outputs.insert("TON_inf".into(), json!(s.n_inf.value / cat.value));
                if let Some(p) = &s.n_inf_profile {
                    outputs.insert("TON_inf_profile95".into(), json!([p.lower.map(|v| v / cat.value), p.upper.map(|v| v / cat.value)]));
                }
            }
        }
    }
    // The notes, then every card's warnings, as the page shows them.
    let mut warnings: Vec<String> = outcome.notes.clone();
    for card in Card::ALL {
        warnings.extend(card_parts(card, state, &outcome).1);
    }
    Ok(json!({ "calculator": "gas", "inputs": inputs, "outputs": outputs, "warnings": warnings }))
}
