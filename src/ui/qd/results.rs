//! The quantum-dot calculator's results: notes and warnings, the result cards, and the
//! comparison of every model for the material at the same peak.

use leptos::prelude::*;

use super::Shown;
use crate::science::format::sig;
use crate::science::qd::{self, Model, SizingResult};
use crate::state::qd::import::spectrum_notes;
use crate::state::qd::{ConcentrationUnit, Mode, QdOutcome, QdState};
use crate::ui::widgets::{ChoiceSelect, ResultCard};

/// The sizing result of an outcome, if it has one.
fn sized(outcome: &QdOutcome) -> Option<&SizingResult> {
    match outcome {
        QdOutcome::Sized(r) | QdOutcome::Peak { sized: r, .. } => Some(r),
        _ => None,
    }
}

/// The prompt of a fresh calculator, the note on the paper's example, the reason there is no
/// result, and the model's warnings.
#[component]
pub fn Notes(
    /// The state and its outcome.
    shown: Shown,
) -> impl IntoView {
    let Shown { state, outcome, spectrum } = shown;
    let problem = move || match &*outcome.read() {
        QdOutcome::NoAnswer(e) => Some(e.to_string()),
        _ => None,
    };
    // What the spectrum itself shows (values that are not absorbance, stretches left out of
    // the peak search): once per spectrum.
    let spectrum_notes = Memo::new(move |_| spectrum.with(|s| s.as_ref().map(spectrum_notes).unwrap_or_default()));
    view! {
        <p class="alert info" id="example-note" hidden=move || !state.with(QdState::is_paper_example)>"This is the case of Han et al. (TGA-CdTe, first exciton at 516 nm): D = 2.73 nm and ε = 8.4 × 10⁴ L mol⁻¹ cm⁻¹. The paper prints 8.4 × 10⁵, a power-of-ten slip: that ε would need D ≈ 8.07 nm, a peak near 734 nm."</p>
        <p class="alert info" id="qd-prompt" hidden=move || !shown.pristine()>"Type the wavelength of the first excitonic absorption peak, import a spectrum, or load the example of Han et al."</p>
        <p class="alert error" role="alert" id="qd-problem" hidden=move || problem().is_none()>{move || problem().unwrap_or_default()}</p>
        <ul class="warnings" id="qd-warnings">
            {move || outcome.with(|o| sized(o).map(|r| state.with(|s| s.result_warnings(r))).unwrap_or_default())
                .into_iter().chain(spectrum_notes.get()).map(|w| view! { <li class="alert warning">{w}</li> }).collect_view()}
        </ul>
    }
}

/// The result cards: peak (inverse mode), diameter, ε, concentration with its unit, particles
/// per mL, mass concentration, mass and formula units per particle.
#[component]
pub fn ResultCards(
    /// The state and its outcome.
    shown: Shown,
) -> impl IntoView {
    let Shown { state, outcome, .. } = shown;
    let material = move || state.with(|s| s.material);
    let unit = move || state.with(|s| s.unit);
    let show = move |f: fn(&SizingResult) -> Option<f64>, digits: usize| {
        Signal::derive(move || outcome.with(|o| sized(o).and_then(f).map(|v| sig(v, digits)).unwrap_or_else(|| "—".into())))
    };
    let note = move |f: fn(&SizingResult) -> Option<String>| Signal::derive(move || outcome.with(|o| sized(o).and_then(f).unwrap_or_default()));
    view! {
        <div class="results">
            <div class="result-slot" hidden=move || state.with(|s| s.mode) != Mode::SizeToPeak>
                <ResultCard label="First-exciton peak" id="out-peak"
                    value=Signal::derive(move || outcome.with(|o| state.with(|s| s.used_peak_nm(o))).map(|p| sig(p, 4)).unwrap_or_else(|| "—".into()))
                    unit="nm" note=""/>
            </div>
            <ResultCard label="Diameter D" id="out-diameter" value=show(|r| Some(r.diameter_nm), 3) unit="nm"
                note=note(|r| r.diameter_spread_nm.map(|(lo, hi)| format!("{} – {} nm across ±HWHM", sig(lo, 3), sig(hi, 3))))/>
            <ResultCard label="Extinction coefficient ε" id="out-epsilon"
                value=show(|r| r.extinction.map(|e| e.value_l_per_mol_cm), 3) unit="L mol⁻¹ cm⁻¹"
                note=Signal::derive(move || outcome.with(|o| sized(o).and_then(|r| r.extinction))
                    .map(|e| format!("± {:.0} % (published uncertainty), at {} nm", e.relative_uncertainty * 100.0, sig(e.at_nm, 4)))
                    .unwrap_or_else(|| if state.with(QdState::effective_model) == Model::Brus { "The Brus model gives no ε.".into() } else { String::new() }))/>
            <div class="result" data-testid="out-concentration">
                <div class="result-label"><label for="unit">"Concentration c (stock)"</label></div>
                <div class="result-value">
                    <output id="out-concentration">{move || outcome.with(|o| sized(o).and_then(|r| r.concentration))
                        .map(|c| sig(c.molar_mol_per_l * unit().per_molar(), 3)).unwrap_or_else(|| "—".into())}</output>
                    " "
                    <ChoiceSelect<ConcentrationUnit> id="unit" class="unit-select" value=Signal::derive(unit) on_change=move |u| state.update(|s| s.unit = u)/>
                </div>
                // The note, and a link that carries the concentration to the gas page (TON per dot).
                <div class="result-note" inner_html=move || match outcome.with(|o| sized(o).map(|r| r.concentration)) {
                    Some(Some(c)) => format!(
                        "± {:.0} % from ε; c = A · dilution / (ε · L)<br><a id=\"use-in-gas\" class=\"link-action\" href=\"gas.html#/gas?v=1&amp;qd={}\">Use in gas evolution (TON per dot) →</a>",
                        c.relative_uncertainty * 100.0,
                        c.molar_mol_per_l * 1e6
                    ),
                    _ => "Enter the absorbance for the concentration.".into(),
                }></div>
            </div>
            <ResultCard label="Particles per mL" id="out-particles" value=show(|r| r.concentration.map(|c| c.particles_per_ml), 3) unit="mL⁻¹" note="c · N_A / 1000"/>
            <ResultCard label="Mass concentration (core)" id="out-mass-conc" value=show(|r| r.concentration.map(|c| c.mass_g_per_l), 3) unit="mg mL⁻¹" note="Inorganic core only, ligands not counted."/>
            <ResultCard label="Mass per particle" id="out-mass" value=show(|r| Some(r.mass_per_particle_g), 3) unit="g"
                note=Signal::derive(move || format!("Sphere of bulk density {} g cm⁻³", material().bulk().density_g_per_cm3))/>
            <ResultCard label="Formula units per particle" id="out-units" value=show(|r| Some(r.formula_units_per_particle), 3)
                unit=Signal::derive(move || material().name().to_string()) note=""/>
        </div>
    }
}

/// Every model for the material at the same peak, with whether the peak is in its range.
#[component]
pub fn ModelComparison(
    /// The state and its outcome.
    shown: Shown,
) -> impl IntoView {
    let Shown { state, outcome, .. } = shown;
    let material = move || state.with(|s| s.material);
    let used_peak = move || outcome.with(|o| state.with(|s| s.used_peak_nm(o)));
    let comparison = move || {
        let brus = state.with(|s| s.brus()).unwrap_or(material().bulk().brus);
        used_peak().map(|p| qd::compare_models(material(), p, &brus)).unwrap_or_default()
    };
    view! {
        <table class="comparison" id="model-comparison" hidden=move || comparison().len() < 2>
            <caption>"All models for this material at λ = " {move || used_peak().map(|p| sig(p, 4)).unwrap_or_default()} " nm"</caption>
            <thead><tr><th scope="col">"Model"</th><th scope="col">"D (nm)"</th><th scope="col">"In calibrated range"</th></tr></thead>
            <tbody>
                {move || comparison().into_iter().map(|row| view! {
                    <tr class:current=row.model == state.with(QdState::effective_model)>
                        <th scope="row">{row.model.label()}</th>
                        <td>{row.diameter_nm.map(|d| sig(d, 3)).unwrap_or_else(|| "—".into())}</td>
                        <td>{match (row.diameter_nm, row.in_range) {
                            (None, _) => row.note.clone().unwrap_or_default(),
                            (Some(_), true) => "yes".to_string(),
                            (Some(_), false) => format!("no ({})", row.model.validity(material()).describe()),
                        }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

