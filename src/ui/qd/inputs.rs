//! The quantum-dot calculator's inputs: material and model, what was measured, and the Brus
//! model's bulk parameters.

use leptos::prelude::*;

use super::Shown;
use crate::science::qd::{ExtinctionKind, Material, Model};
use crate::state::qd::{Field, Mode, QdState};
use crate::ui::widgets::{select_value, NumberField};

/// The text of one typed field, as a signal.
fn text(state: RwSignal<QdState>, get: fn(&QdState) -> &String) -> Signal<String> {
    Signal::derive(move || state.with(|s| get(s).clone()))
}

/// Writes one typed field.
fn setter(state: RwSignal<QdState>, set: fn(&mut QdState) -> &mut String) -> Callback<String> {
    Callback::new(move |value: String| state.update(|s| *set(s) = value))
}

/// The material, the sizing model with its citation and range, and the direction.
#[component]
pub fn MaterialAndModel(
    /// The typed state.
    state: RwSignal<QdState>,
) -> impl IntoView {
    let model = move || state.with(QdState::effective_model);
    let material = move || state.with(|s| s.material);
    let mode = move || state.with(|s| s.mode);
    view! {
        <div class="field">
            <label for="material">"Material"</label>
            <select id="material" on:change=move |ev| {
                if let Some(m) = Material::from_name(&select_value(&ev)) {
                    state.update(|s| { s.material = m; s.model = m.models()[0]; });
                }
            }>
                {Material::ALL.into_iter().map(|m| view! {
                    <option value=m.name() prop:selected=move || material() == m>{m.name()}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="model">"Sizing model"</label>
            <select id="model" on:change=move |ev| {
                if let Some(m) = Model::from_slug(&select_value(&ev)) {
                    state.update(|s| s.model = m);
                }
            }>
                {move || material().models().iter().map(|&m| view! {
                    <option value=m.slug() prop:selected=move || model() == m>{m.label()}</option>
                }).collect_view()}
            </select>
            <p class="message citation">{move || format!("{} Valid for {}.", model().citation(material()), model().validity(material()).describe())}</p>
        </div>
        <fieldset class="segmented">
            <legend>"Calculate"</legend>
            <label><input type="radio" name="mode" id="mode-forward" prop:checked=move || mode() == Mode::PeakToSize
                on:change=move |_| state.update(|s| s.mode = Mode::PeakToSize)/>"size from peak"</label>
            <label><input type="radio" name="mode" id="mode-inverse" prop:checked=move || mode() == Mode::SizeToPeak
                on:change=move |_| state.update(|s| s.mode = Mode::SizeToPeak)/>"peak from size"</label>
        </fieldset>
    }
}

/// The peak (or the wanted diameter), the absorbance the model needs, path, dilution, HWHM.
#[component]
pub fn Measurement(
    /// The state and its outcome.
    shown: Shown,
) -> impl IntoView {
    let state = shown.state;
    let model = move || state.with(QdState::effective_model);
    let mode = move || state.with(|s| s.mode);
    let error = move |field| shown.field_error(field);
    view! {
        <div hidden=move || mode() != Mode::SizeToPeak>
            <NumberField id="wanted-diameter" label="Wanted diameter D" unit="nm" placeholder="3.0"
                value=text(state, |s| &s.wanted_diameter_nm) on_input=setter(state, |s| &mut s.wanted_diameter_nm)
                error=error(Field::WantedDiameter)/>
        </div>
        <div hidden=move || mode() != Mode::PeakToSize>
            <NumberField id="lambda" label="First-exciton peak λ" unit="nm" placeholder="516"
                value=text(state, |s| &s.peak_nm) on_input=setter(state, |s| &mut s.peak_nm) error=error(Field::Peak)/>
        </div>
        <div hidden=move || model().extinction_kind() != ExtinctionKind::AtFirstPeak>
            <NumberField id="absorbance" label="Absorbance at the peak" unit="" placeholder="0.1"
                hint="Optional: needed for the concentration."
                value=text(state, |s| &s.absorbance) on_input=setter(state, |s| &mut s.absorbance) error=error(Field::Absorbance)/>
        </div>
        <div hidden=move || model().extinction_kind() != ExtinctionKind::At400nm>
            <NumberField id="absorbance-400" label="Absorbance at 400 nm" unit="" placeholder="0.5"
                hint="Moreels' ε applies at 400 nm."
                value=text(state, |s| &s.absorbance_400nm) on_input=setter(state, |s| &mut s.absorbance_400nm) error=error(Field::Absorbance400)/>
        </div>
        <div class="field-row">
            <NumberField id="path" label="Path length" unit="cm"
                value=text(state, |s| &s.path_length_cm) on_input=setter(state, |s| &mut s.path_length_cm) error=error(Field::PathLength)/>
            <NumberField id="dilution" label="Dilution factor" unit="×" hint="Stock ÷ measured."
                value=text(state, |s| &s.dilution) on_input=setter(state, |s| &mut s.dilution) error=error(Field::Dilution)/>
        </div>
        <NumberField id="hwhm" label="Peak HWHM (red side)" unit="nm" placeholder="optional"
            hint="Optional: gives the size spread; corrects Jasieniak's ε."
            value=text(state, |s| &s.hwhm_nm) on_input=setter(state, |s| &mut s.hwhm_nm) error=error(Field::Hwhm)/>
    }
}

/// The Brus model's bulk parameters (empty: the material's defaults).
#[component]
pub fn BrusParameters(
    /// The state and its outcome.
    shown: Shown,
) -> impl IntoView {
    let state = shown.state;
    let material = move || state.with(|s| s.material);
    let error = move |field| shown.field_error(field);
    view! {
        <div hidden=move || state.with(QdState::effective_model) != Model::Brus>
            <fieldset class="brus">
                <legend>{move || format!("Bulk parameters of {} (empty = default)", material().name())}</legend>
                <NumberField id="eg" label="Band gap E_g" unit="eV" placeholder=""
                    value=text(state, |s| &s.band_gap_ev) on_input=setter(state, |s| &mut s.band_gap_ev) error=error(Field::BandGap)/>
                <NumberField id="me" label="Electron mass m*ₑ" unit="m₀"
                    value=text(state, |s| &s.electron_mass) on_input=setter(state, |s| &mut s.electron_mass) error=error(Field::ElectronMass)/>
                <NumberField id="mh" label="Hole mass m*ₕ" unit="m₀"
                    value=text(state, |s| &s.hole_mass) on_input=setter(state, |s| &mut s.hole_mass) error=error(Field::HoleMass)/>
                <NumberField id="epsr" label="Permittivity εᵣ" unit=""
                    value=text(state, |s| &s.permittivity) on_input=setter(state, |s| &mut s.permittivity) error=error(Field::Permittivity)/>
                <p class="message">{move || {
                    let b = material().bulk().brus;
                    format!("Defaults: E_g {} eV, m*ₑ {}, m*ₕ {}, εᵣ {}.", b.band_gap_ev, b.electron_mass_ratio, b.hole_mass_ratio, b.relative_permittivity)
                }}</p>
            </fieldset>
        </div>
    }
}
