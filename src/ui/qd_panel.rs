//! The quantum-dot sizing calculator's page: wires the typed state to the science core,
//! the results, the charts and the spectrum importer.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::widgets::{select_value, ChartCanvas, ChartData, NumberField, ResultCard};
use crate::plot::{SizingChart, SpectrumChart};
use crate::science::format::sig;
use crate::science::qd::{self, ExtinctionKind, Material, Model, SizingResult};
use crate::science::spectrum::{self, Spectrum};
use crate::state::number::{parse_number, NumberRule};
use crate::state::qd::{ConcentrationUnit, Field, Mode, QdOutcome, QdState};

/// Most spectrum points kept in the state (and so in the link) after import; detection
/// runs on the full data first.
const KEPT_SPECTRUM_POINTS: usize = 1500;

/// The calculator page. `state` is owned by the app, which keeps it in the URL and storage.
#[component]
pub fn QdPanel(
    /// The calculator's typed state.
    state: RwSignal<QdState>,
) -> impl IntoView {
    let outcome = Memo::new(move |_| state.with(QdState::evaluate));
    // A fresh calculator shows a prompt, not a page of red "is empty" messages.
    let pristine = move || state.with(|s| *s == QdState::default());
    let field_error = move |field: Field| {
        Signal::derive(move || match &*outcome.read() {
            _ if pristine() => None,
            QdOutcome::NeedsInput(errors) => errors.iter().find(|e| e.field == field).map(|e| e.message.clone()),
            _ => None,
        })
    };
    // A binding of one typed field: its text and its setter.
    let text = move |get: fn(&QdState) -> &String| Signal::derive(move || state.with(|s| get(s).clone()));
    let setter = move |set: fn(&mut QdState) -> &mut String| {
        Callback::new(move |value: String| state.update(|s| *set(s) = value))
    };
    // Cheap views of the state: plain closures (a Memo per value would cost wasm size, not time).
    let model = move || state.with(QdState::effective_model);
    let material = move || state.with(|s| s.material);
    let mode = move || state.with(|s| s.mode);

    let sized = Memo::new(move |_| match &*outcome.read() {
        QdOutcome::Sized(r) => Some(r.clone()),
        QdOutcome::Peak { sized, .. } => Some(sized.clone()),
        _ => None,
    });
    let used_peak = move || match &*outcome.read() {
        QdOutcome::Peak { peak_nm, .. } => Some(*peak_nm),
        QdOutcome::Sized(_) => state.with(|s| parse_number(&s.peak_nm, NumberRule::Positive, "").ok()),
        _ => None,
    };
    let problem = move || match &*outcome.read() {
        QdOutcome::NoAnswer(e) => Some(e.to_string()),
        _ => None,
    };

    let show = move |f: fn(&SizingResult) -> Option<f64>, digits: usize| {
        Signal::derive(move || sized.with(|r| r.as_ref().and_then(f).map(|v| sig(v, digits)).unwrap_or_else(|| "—".into())))
    };
    let unit = move || state.with(|s| s.unit);

    let sizing_chart = Memo::new(move |_| {
        let (model, material) = (model(), material());
        let brus = state.with(|s| s.brus()).unwrap_or(material.bulk().brus);
        let point = used_peak().zip(sized.with(|r| r.as_ref().map(|r| r.diameter_nm)));
        Some(ChartData::Sizing(SizingChart {
            title: format!("{} sizing curve — {}", material.name(), model.label()),
            curve: qd::sizing_curve(model, material, &brus, 240),
            valid_band_nm: qd::validity_band_nm(model, material, &brus),
            point,
        }))
    });
    // The spectrum changes only on import; smoothing it (the costly part) must not rerun on
    // every keystroke, so it hangs off a memo of the spectrum alone.
    let imported = Memo::new(move |_| state.with(|s| s.spectrum.clone()));
    let smoothed_curve = Memo::new(move |_| imported.with(|sp| sp.as_ref().map(spectrum::smoothed).unwrap_or_default()));
    // Read as the calculation reads it (a decimal comma too), so the marker matches the result.
    let typed_hwhm = move || state.with(|s| parse_number(&s.hwhm_nm, NumberRule::Positive, "").ok());
    let spectrum_chart = Memo::new(move |_| {
        imported.with(|sp| {
            sp.as_ref().map(|sp| {
                let measured: Vec<(f64, f64)> = sp.wavelength_nm.iter().copied().zip(sp.absorbance.iter().copied()).collect();
                let smoothed = smoothed_curve.with(|a| sp.wavelength_nm.iter().copied().zip(a.iter().copied()).collect());
                let peak = used_peak().and_then(|p| spectrum::absorbance_at(sp, p).map(|a| (p, a)));
                ChartData::Spectrum(SpectrumChart { measured, smoothed, peak, hwhm_nm: typed_hwhm() })
            })
        })
    });

    // The seed paper's case gets a note on its printed slip, wherever the values came from.
    let is_seed_example = move || {
        state.with(|s| {
            s.material == Material::CdTe
                && s.effective_model() == Model::YuPeng
                && s.mode == Mode::PeakToSize
                && s.peak_nm.trim() == "516"
        })
    };

    let comparison = move || {
        let brus = state.with(|s| s.brus()).unwrap_or(material().bulk().brus);
        used_peak().map(|p| qd::compare_models(material(), p, &brus)).unwrap_or_default()
    };

    view! {
        <section class="calculator" aria-labelledby="qd-title">
            <header class="calc-header">
                <h1 id="qd-title">"Quantum-dot size and concentration"</h1>
                <p class="lede">"From the first excitonic absorption peak of a UV-vis spectrum: diameter, extinction coefficient, concentration and particle mass, with the published sizing curves and their validity ranges."</p>
                <div class="toolbar">
                    <button type="button" id="load-example" on:click=move |_| state.set(QdState::example())>"Load example"</button>
                    <button type="button" id="reset" class="secondary" on:click=move |_| state.set(QdState::default())>"Clear"</button>
                </div>
            </header>
            <div class="calc-grid">
                <form class="inputs" on:submit=|ev| ev.prevent_default() aria-label="Inputs">
                    <div class="field">
                        <label for="material">"Material"</label>
                        <select id="material" on:change=move |ev| {
                            let value = select_value(&ev);
                            if let Some(m) = Material::from_name(&value) {
                                state.update(|s| { s.material = m; s.model = m.models()[0]; });
                            }
                        }>
                            {Material::ALL.into_iter().map(|m| view! {
                                <option value=m.name() selected=move || material() == m>{m.name()}</option>
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
                                <option value=m.slug() selected=move || model() == m>{m.label()}</option>
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
                    <div hidden=move || mode() != Mode::SizeToPeak>
                        <NumberField id="wanted-diameter" label="Wanted diameter D" unit="nm" placeholder="3.0"
                            value=text(|s| &s.wanted_diameter_nm) on_input=setter(|s| &mut s.wanted_diameter_nm)
                            error=field_error(Field::WantedDiameter)/>
                    </div>
                    <div hidden=move || mode() != Mode::PeakToSize>
                        <NumberField id="lambda" label="First-exciton peak λ" unit="nm" placeholder="516"
                            value=text(|s| &s.peak_nm) on_input=setter(|s| &mut s.peak_nm) error=field_error(Field::Peak)/>
                    </div>
                    <div hidden=move || model().extinction_kind() != ExtinctionKind::AtFirstPeak>
                        <NumberField id="absorbance" label="Absorbance at the peak" unit="" placeholder="0.1"
                            hint="Optional: needed for the concentration."
                            value=text(|s| &s.absorbance) on_input=setter(|s| &mut s.absorbance) error=field_error(Field::Absorbance)/>
                    </div>
                    <div hidden=move || model().extinction_kind() != ExtinctionKind::At400nm>
                        <NumberField id="absorbance-400" label="Absorbance at 400 nm" unit="" placeholder="0.5"
                            hint="Moreels' ε applies at 400 nm."
                            value=text(|s| &s.absorbance_400nm) on_input=setter(|s| &mut s.absorbance_400nm) error=field_error(Field::Absorbance400)/>
                    </div>
                    <div class="field-row">
                        <NumberField id="path" label="Path length" unit="cm"
                            value=text(|s| &s.path_length_cm) on_input=setter(|s| &mut s.path_length_cm) error=field_error(Field::PathLength)/>
                        <NumberField id="dilution" label="Dilution factor" unit="×" hint="Stock ÷ measured."
                            value=text(|s| &s.dilution) on_input=setter(|s| &mut s.dilution) error=field_error(Field::Dilution)/>
                    </div>
                    <NumberField id="hwhm" label="Peak HWHM (red side)" unit="nm" placeholder="optional"
                        hint="Optional: gives the size spread; corrects Jasieniak's ε."
                        value=text(|s| &s.hwhm_nm) on_input=setter(|s| &mut s.hwhm_nm) error=field_error(Field::Hwhm)/>
                    <div hidden=move || model() != Model::Brus>
                        <fieldset class="brus">
                            <legend>{move || format!("Bulk parameters of {} (empty = default)", material().name())}</legend>
                            <NumberField id="eg" label="Band gap E_g" unit="eV" placeholder=""
                                value=text(|s| &s.band_gap_ev) on_input=setter(|s| &mut s.band_gap_ev) error=field_error(Field::BandGap)/>
                            <NumberField id="me" label="Electron mass m*ₑ" unit="m₀"
                                value=text(|s| &s.electron_mass) on_input=setter(|s| &mut s.electron_mass) error=field_error(Field::ElectronMass)/>
                            <NumberField id="mh" label="Hole mass m*ₕ" unit="m₀"
                                value=text(|s| &s.hole_mass) on_input=setter(|s| &mut s.hole_mass) error=field_error(Field::HoleMass)/>
                            <NumberField id="epsr" label="Permittivity εᵣ" unit=""
                                value=text(|s| &s.permittivity) on_input=setter(|s| &mut s.permittivity) error=field_error(Field::Permittivity)/>
                            <p class="message">{move || {
                                let b = material().bulk().brus;
                                format!("Defaults: E_g {} eV, m*ₑ {}, m*ₕ {}, εᵣ {}.", b.band_gap_ev, b.electron_mass_ratio, b.hole_mass_ratio, b.relative_permittivity)
                            }}</p>
                        </fieldset>
                    </div>
                    <SpectrumImport state=state/>
                </form>

                <div class="outputs" aria-live="polite">
                        <p class="alert info" id="example-note" hidden=move || !is_seed_example()>"This is the seed paper's case (Han et al., TGA-CdTe, first exciton at 516 nm): D = 2.73 nm and ε = 8.4 × 10⁴ L mol⁻¹ cm⁻¹. The paper prints 8.4 × 10⁵, a power-of-ten slip: that ε would need D ≈ 8.07 nm, a peak near 734 nm."</p>
                        <p class="alert info" id="qd-prompt" hidden=move || !pristine()>"Type the wavelength of the first excitonic absorption peak, import a spectrum, or load the seed paper's example."</p>
                        <p class="alert error" role="alert" id="qd-problem" hidden=move || problem().is_none()>{move || problem().unwrap_or_default()}</p>
                    <ul class="warnings" id="qd-warnings">
                        {move || sized.with(|r| r.as_ref().map(|r| r.warnings.iter().map(|w| view! { <li class="alert warning">{w.message.clone()}</li> }).collect_view()))}
                    </ul>
                    <div class="results">
                        <div class="result-slot" hidden=move || mode() != Mode::SizeToPeak>
                            <ResultCard label="First-exciton peak" id="out-peak"
                                value=Signal::derive(move || used_peak().map(|p| sig(p, 4)).unwrap_or_else(|| "—".into()))
                                unit="nm" note=""/>
                        </div>
                        <ResultCard label="Diameter D" id="out-diameter" value=show(|r| Some(r.diameter_nm), 3) unit="nm"
                            note=Signal::derive(move || sized.with(|r| r.as_ref().and_then(|r| r.diameter_spread_nm)
                                .map(|(lo, hi)| format!("{} – {} nm across ±HWHM", sig(lo, 3), sig(hi, 3))).unwrap_or_default()))/>
                        <ResultCard label="Extinction coefficient ε" id="out-epsilon"
                            value=show(|r| r.extinction.map(|e| e.value_l_per_mol_cm), 3) unit="L mol⁻¹ cm⁻¹"
                            note=Signal::derive(move || sized.with(|r| r.as_ref().and_then(|r| r.extinction)
                                .map(|e| format!("± {:.0} % (published uncertainty), at {} nm", e.relative_uncertainty * 100.0, sig(e.at_nm, 4)))
                                .unwrap_or_else(|| if model() == Model::Brus { "The Brus model gives no ε.".into() } else { String::new() })))/>
                        <div class="result" data-testid="out-concentration">
                            <div class="result-label"><label for="unit">"Concentration c (stock)"</label></div>
                            <div class="result-value">
                                <output id="out-concentration">{move || sized.with(|r| r.as_ref().and_then(|r| r.concentration)
                                    .map(|c| sig(c.molar_mol_per_l * unit().per_molar(), 3)).unwrap_or_else(|| "—".into()))}</output>
                                " "
                                <select id="unit" class="unit-select" on:change=move |ev| {
                                    if let Some(u) = ConcentrationUnit::from_slug(&select_value(&ev)) { state.update(|s| s.unit = u) }
                                }>
                                    {ConcentrationUnit::ALL.into_iter().map(|u| view! {
                                        <option value=u.slug() selected=move || unit() == u>{u.symbol()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="result-note">{move || sized.with(|r| match r.as_ref().map(|r| r.concentration) {
                                Some(Some(c)) => format!("± {:.0} % from ε; c = A · dilution / (ε · L)", c.relative_uncertainty * 100.0),
                                _ => "Enter the absorbance for the concentration.".into(),
                            })}</div>
                        </div>
                        <ResultCard label="Particles per mL" id="out-particles" value=show(|r| r.concentration.map(|c| c.particles_per_ml), 3) unit="mL⁻¹" note="c · N_A / 1000"/>
                        <ResultCard label="Mass concentration (core)" id="out-mass-conc" value=show(|r| r.concentration.map(|c| c.mass_g_per_l), 3) unit="mg mL⁻¹" note="Inorganic core only, ligands not counted."/>
                        <ResultCard label="Mass per particle" id="out-mass" value=show(|r| Some(r.mass_per_particle_g), 3) unit="g"
                            note=Signal::derive(move || format!("Sphere of bulk density {} g cm⁻³", material().bulk().density_g_per_cm3))/>
                        <ResultCard label="Formula units per particle" id="out-units" value=show(|r| Some(r.formula_units_per_particle), 3)
                            unit=Signal::derive(move || material().name().to_string()) note=""/>
                    </div>

                        <table class="comparison" id="model-comparison" hidden=move || comparison().len() < 2>
                            <caption>"All models for this material at λ = " {move || used_peak().map(|p| sig(p, 4)).unwrap_or_default()} " nm"</caption>
                            <thead><tr><th scope="col">"Model"</th><th scope="col">"D (nm)"</th><th scope="col">"In calibrated range"</th></tr></thead>
                            <tbody>
                                {move || comparison().into_iter().map(|row| view! {
                                    <tr class:current=row.model == model()>
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

                    <ChartCanvas id="sizing-chart" label="Sizing curve D(λ) with the calibrated range and your sample" filename="photocalc-sizing-curve" data=sizing_chart/>
                    <ChartCanvas id="spectrum-chart" label="Imported spectrum with the first excitonic peak" filename="photocalc-spectrum" data=spectrum_chart/>
                </div>
            </div>
            <QdExplanation/>
        </section>
    }
}

/// Paste or upload a UV-vis spectrum; the detected peak fills λ, A, HWHM and A(400 nm).
#[component]
fn SpectrumImport(
    /// The calculator state the detected values are written to.
    state: RwSignal<QdState>,
) -> impl IntoView {
    let pasted = RwSignal::new(String::new());
    let report = RwSignal::new(None::<Result<String, String>>);
    // The last text read and its series (sample) names, so another series can be chosen.
    let source = RwSignal::new(None::<String>);
    let series_names = RwSignal::new(Vec::<String>::new());
    let series = RwSignal::new(0_usize);

    let has_spectrum = move || state.with(|s| s.spectrum.is_some());
    let window_min = RwSignal::new(String::new());
    let window_max = RwSignal::new(String::new());

    let import = move |text: String, chosen: usize| {
        let result = import_spectrum(&text, chosen).map(|imported| {
            let summary = describe_import(&imported);
            let Imported { spectrum, peak, names, .. } = imported;
            state.update(|s| {
                if let Ok(peak) = &peak {
                    apply_peak(s, peak);
                }
                s.absorbance_400nm = spectrum::absorbance_at(&spectrum, 400.0).map(sig_plain).unwrap_or_default();
                s.spectrum = Some(thin(&spectrum, KEPT_SPECTRUM_POINTS));
            });
            series_names.set(names);
            series.set(chosen);
            summary
        });
        if result.is_err() {
            series_names.set(Vec::new());
        }
        source.set(Some(text));
        report.set(Some(result));
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        if file.size() > spectrum::MAX_TEXT_BYTES as f64 {
            report.set(Some(Err(format!("The file is {:.1} MB; spectra up to {} MB can be read.", file.size() / 1e6, spectrum::MAX_TEXT_BYTES / 1_000_000))));
            return;
        }
        let promise = file.text();
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(value) => import(value.as_string().unwrap_or_default(), 0),
                Err(_) => report.set(Some(Err("The file could not be read as text.".into()))),
            }
        });
    };
    // The user's override: look for the first exciton only inside a wavelength window.
    let search_window = move |_| {
        let parse = |text: String| parse_number(&text, NumberRule::Positive, "The window limit");
        let outcome = match (parse(window_min.get_untracked()), parse(window_max.get_untracked())) {
            (Ok(lo), Ok(hi)) => state
                .with_untracked(|s| s.spectrum.clone())
                .ok_or_else(|| "Import a spectrum first.".to_string())
                .and_then(|sp| spectrum::find_first_exciton_peak(&sp, Some((lo, hi))).map_err(|e| e.to_string())),
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        report.set(Some(outcome.map(|peak| {
            state.update(|s| apply_peak(s, &peak));
            format!(
                "In {}–{} nm: first excitonic {} at {:.1} nm (A = {}){}.",
                window_min.get_untracked().trim(),
                window_max.get_untracked().trim(),
                if peak.is_shoulder { "shoulder" } else { "peak" },
                peak.wavelength_nm,
                sig(peak.absorbance, 3),
                peak.hwhm_nm.map(|h| format!(", HWHM {h:.1} nm")).unwrap_or_default()
            )
        })));
    };
    let on_series = move |ev: leptos::ev::Event| {
        if let (Ok(chosen), Some(text)) = (select_value(&ev).parse::<usize>(), source.get_untracked()) {
            import(text, chosen);
        }
    };

    view! {
        <details class="import" open=move || state.with(|s| s.spectrum.is_some())>
            <summary>"Import a spectrum (CSV, TSV, instrument text export)"</summary>
            <div class="field">
                <label for="spectrum-file">"Upload a file"</label>
                <input type="file" id="spectrum-file" accept=".csv,.txt,.tsv,.dat,.asc,.abs,text/*" on:change=on_file/>
            </div>
            <div class="field">
                <label for="spectrum-paste">"…or paste wavelength and absorbance (or %T) columns"</label>
                <textarea id="spectrum-paste" rows="5" spellcheck="false" placeholder="400, 0.52\n401, 0.51\n…"
                    prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                <div class="toolbar">
                    <button type="button" id="spectrum-read" on:click=move |_| {
                        // The text is read once; keeping a huge paste in the box would only slow the page.
                        import(pasted.get_untracked(), 0);
                        if matches!(report.get_untracked(), Some(Ok(_))) || pasted.with_untracked(|t| t.len() > 100_000) {
                            pasted.set(String::new());
                        }
                    }>"Read spectrum"</button>
                    <button type="button" class="secondary" id="spectrum-remove" hidden=move || !has_spectrum()
                        on:click=move |_| state.update(|s| s.spectrum = None)>"Remove spectrum"</button>
                </div>
                <div class="field" hidden=move || series_names.with(|n| n.len() < 2)>
                    <label for="spectrum-series">"Sample (series) in this file"</label>
                    <select id="spectrum-series" on:change=on_series>
                        {move || series_names.get().into_iter().enumerate().map(|(i, name)| view! {
                            <option value=i.to_string() selected=move || series.get() == i>{name}</option>
                        }).collect_view()}
                    </select>
                </div>
                    <fieldset class="window" hidden=move || !has_spectrum()>
                        <legend>"Wrong band? Search only between"</legend>
                        <div class="field-row">
                            <NumberField id="peak-min" label="from" unit="nm" placeholder="450"
                                value=window_min on_input=move |v| window_min.set(v) error=Signal::derive(|| None::<String>)/>
                            <NumberField id="peak-max" label="to" unit="nm" placeholder="600"
                                value=window_max on_input=move |v| window_max.set(v) error=Signal::derive(|| None::<String>)/>
                        </div>
                        <button type="button" class="secondary" id="peak-search" on:click=search_window>"Find the peak in this range"</button>
                    </fieldset>
                <p class="message" id="spectrum-msg" role="status" class:error-text=move || matches!(report.get(), Some(Err(_)))>
                    {move || match report.get() {
                        Some(Ok(text)) | Some(Err(text)) => text,
                        None => "The first excitonic peak and its HWHM are found automatically; you can override them above.".into(),
                    }}
                </p>
            </div>
        </details>
    }
}

/// A spectrum read from text, with its detected peak (or why there is none).
struct Imported {
    spectrum: Spectrum,
    peak: Result<spectrum::ExcitonPeak, String>,
    notes: Vec<String>,
    names: Vec<String>,
    ordinate: &'static str,
}

/// Parses pasted text and finds the first excitonic peak. A spectrum without a detectable
/// peak is still imported (for the chart) with the reason.
fn import_spectrum(text: &str, series: usize) -> Result<Imported, String> {
    let parsed = spectrum::parse_spectrum(text, series).map_err(|e| e.to_string())?;
    let peak = spectrum::find_first_exciton_peak(&parsed.spectrum, None).map_err(|e| e.to_string());
    Ok(Imported {
        peak,
        notes: parsed.notes,
        names: parsed.series_names,
        ordinate: parsed.ordinate.label(),
        spectrum: parsed.spectrum,
    })
}

fn describe_import(imported: &Imported) -> String {
    let Imported { spectrum: s, peak, notes, names, ordinate } = imported;
    let n = s.wavelength_nm.len();
    let (lo, hi) = (s.wavelength_nm[0], s.wavelength_nm[n - 1]);
    let mut text = format!("Read {n} points, {} – {} nm ({ordinate}). ", sig(lo, 4), sig(hi, 4));
    if names.len() > 1 {
        text.push_str(&format!("The file holds {} series; choose one below. ", names.len()));
    }
    match peak {
        Ok(p) => text.push_str(&format!(
            "First excitonic {} at {:.1} nm (A = {}){}. ",
            if p.is_shoulder { "shoulder" } else { "peak" },
            p.wavelength_nm,
            sig(p.absorbance, 3),
            p.hwhm_nm.map(|h| format!(", HWHM {h:.1} nm")).unwrap_or_default()
        )),
        Err(e) => text.push_str(&format!("{e} ")),
    }
    for note in notes {
        text.push_str(note);
        text.push(' ');
    }
    text.trim_end().to_string()
}

/// Writes a detected peak into the typed fields, as if the user had typed it.
fn apply_peak(s: &mut QdState, peak: &spectrum::ExcitonPeak) {
    s.peak_nm = format!("{:.1}", peak.wavelength_nm);
    s.absorbance = sig_plain(peak.absorbance);
    s.hwhm_nm = peak.hwhm_nm.map(|h| format!("{h:.1}")).unwrap_or_default();
    s.mode = Mode::PeakToSize;
}

fn sig_plain(v: f64) -> String {
    crate::science::format::sig_ascii(v, 4)
}

/// Keeps at most `max` evenly spaced points (always the first and last).
fn thin(s: &Spectrum, max: usize) -> Spectrum {
    let n = s.wavelength_nm.len();
    if n <= max {
        return s.clone();
    }
    let idx: Vec<usize> = (0..max).map(|i| i * (n - 1) / (max - 1)).collect();
    let w = idx.iter().map(|&i| s.wavelength_nm[i]).collect();
    let a = idx.iter().map(|&i| s.absorbance[i]).collect();
    Spectrum::new(w, a).unwrap_or_else(|_| s.clone())
}

/// Equations, symbols, assumptions and citations, in MathML (rendered natively).
#[component]
fn QdExplanation() -> impl IntoView {
    view! {
        <details class="explain" id="qd-explain">
            <summary>"How this is calculated"</summary>
            <div inner_html=EXPLANATION_HTML></div>
        </details>
    }
}

const EXPLANATION_HTML: &str = r#"
<h3>Diameter from the first excitonic peak</h3>
<p>Yu, Qu, Guo and Peng (2003) fitted the diameter <math><mi>D</mi></math> (nm, from TEM) against the wavelength <math><mi>λ</mi></math> (nm) of the first excitonic absorption peak:</p>
<math display="block"><mtable>
<mtr><mtd><mtext>CdTe</mtext></mtd><mtd><mi>D</mi><mo>=</mo><mn>9.8127</mn><mo>×</mo><msup><mn>10</mn><mn>−7</mn></msup><msup><mi>λ</mi><mn>3</mn></msup><mo>−</mo><mn>1.7147</mn><mo>×</mo><msup><mn>10</mn><mn>−3</mn></msup><msup><mi>λ</mi><mn>2</mn></msup><mo>+</mo><mn>1.0064</mn><mi>λ</mi><mo>−</mo><mn>194.84</mn></mtd></mtr>
<mtr><mtd><mtext>CdSe</mtext></mtd><mtd><mi>D</mi><mo>=</mo><mn>1.6122</mn><mo>×</mo><msup><mn>10</mn><mn>−9</mn></msup><msup><mi>λ</mi><mn>4</mn></msup><mo>−</mo><mn>2.6575</mn><mo>×</mo><msup><mn>10</mn><mn>−6</mn></msup><msup><mi>λ</mi><mn>3</mn></msup><mo>+</mo><mn>1.6242</mn><mo>×</mo><msup><mn>10</mn><mn>−3</mn></msup><msup><mi>λ</mi><mn>2</mn></msup><mo>−</mo><mn>0.4277</mn><mi>λ</mi><mo>+</mo><mn>41.57</mn></mtd></mtr>
<mtr><mtd><mtext>CdS</mtext></mtd><mtd><mi>D</mi><mo>=</mo><mo>−</mo><mn>6.6521</mn><mo>×</mo><msup><mn>10</mn><mn>−8</mn></msup><msup><mi>λ</mi><mn>3</mn></msup><mo>+</mo><mn>1.9557</mn><mo>×</mo><msup><mn>10</mn><mn>−4</mn></msup><msup><mi>λ</mi><mn>2</mn></msup><mo>−</mo><mn>9.2352</mn><mo>×</mo><msup><mn>10</mn><mn>−2</mn></msup><mi>λ</mi><mo>+</mo><mn>13.29</mn></mtd></mtr>
</mtable></math>
<p>and the molar extinction coefficient per mole of particles at that peak: <math><mi>ε</mi><mo>=</mo><mn>10043</mn><msup><mi>D</mi><mn>2.12</mn></msup></math> (CdTe), <math><mn>5857</mn><msup><mi>D</mi><mn>2.65</mn></msup></math> (CdSe), <math><mn>21536</mn><msup><mi>D</mi><mn>2.3</mn></msup></math> (CdS), in L mol⁻¹ cm⁻¹. The polynomials are fits over a limited range (CdTe 500–700 nm, CdSe 450–650 nm, CdS 350–470 nm); outside it the page warns, and where the polynomial stops rising (CdTe below 447 nm gives D ≤ 0) it gives no number.</p>
<p><b>Jasieniak et al. (2009)</b> refitted CdSe (2–8 nm): <math><mi>D</mi><mo>=</mo><mn>59.60816</mn><mo>−</mo><mn>0.54736</mn><mi>λ</mi><mo>+</mo><mn>1.8873</mn><mo>×</mo><msup><mn>10</mn><mn>−3</mn></msup><msup><mi>λ</mi><mn>2</mn></msup><mo>−</mo><mn>2.85743</mn><mo>×</mo><msup><mn>10</mn><mn>−6</mn></msup><msup><mi>λ</mi><mn>3</mn></msup><mo>+</mo><mn>1.62974</mn><mo>×</mo><msup><mn>10</mn><mn>−9</mn></msup><msup><mi>λ</mi><mn>4</mn></msup></math> and <math><mi>ε</mi><mo>=</mo><mo>(</mo><mn>155507</mn><mo>+</mo><mn>6.67054</mn><mo>×</mo><msup><mn>10</mn><mn>13</mn></msup><msup><mi>e</mi><mrow><mo>−</mo><mi>E</mi><mo>/</mo><mn>0.10551</mn></mrow></msup><mo>)</mo><mo>·</mo><mfrac><mrow><mn>60</mn><mtext> meV</mtext></mrow><mtext>HWHM</mtext></mfrac></math>, with <math><mi>E</mi></math> the peak energy in eV. A broader peak (wider size distribution) is lower for the same amount of absorbing material, so ε is scaled by the measured half width.</p>
<p><b>Moreels et al.</b> (PbS 2009, PbSe 2007): <math><msub><mi>E</mi><mn>0</mn></msub><mo>=</mo><mn>0.41</mn><mo>+</mo><mfrac><mn>1</mn><mrow><mn>0.0252</mn><msup><mi>d</mi><mn>2</mn></msup><mo>+</mo><mn>0.283</mn><mi>d</mi></mrow></mfrac></math> eV (PbS), <math><msub><mi>E</mi><mn>0</mn></msub><mo>=</mo><mn>0.278</mn><mo>+</mo><mfrac><mn>1</mn><mrow><mn>0.016</mn><msup><mi>d</mi><mn>2</mn></msup><mo>+</mo><mn>0.209</mn><mi>d</mi><mo>+</mo><mn>0.45</mn></mrow></mfrac></math> eV (PbSe). Their ε is given at 400 nm, where absorption is bulk-like: <math><msub><mi>ε</mi><mn>400</mn></msub><mo>=</mo><mn>0.0233</mn><msup><mi>d</mi><mn>3</mn></msup></math> (PbS) and <math><mn>0.0277</mn><msup><mi>d</mi><mn>3</mn></msup></math> (PbSe) cm⁻¹ µM⁻¹, so use the absorbance at 400 nm.</p>
<p><b>Brus equation</b> (teaching): <math><mi>E</mi><mo>=</mo><msub><mi>E</mi><mi>g</mi></msub><mo>+</mo><mfrac><mrow><msup><mi>ℏ</mi><mn>2</mn></msup><msup><mi>π</mi><mn>2</mn></msup></mrow><mrow><mn>2</mn><msup><mi>R</mi><mn>2</mn></msup></mrow></mfrac><mo>(</mo><mfrac><mn>1</mn><msubsup><mi>m</mi><mi>e</mi><mo>*</mo></msubsup></mfrac><mo>+</mo><mfrac><mn>1</mn><msubsup><mi>m</mi><mi>h</mi><mo>*</mo></msubsup></mfrac><mo>)</mo><mo>−</mo><mfrac><mrow><mn>1.786</mn><msup><mi>e</mi><mn>2</mn></msup></mrow><mrow><mn>4</mn><mi>π</mi><msub><mi>ε</mi><mn>0</mn></msub><msub><mi>ε</mi><mi>r</mi></msub><mi>R</mi></mrow></mfrac></math>, solved exactly for the radius <math><mi>R</mi><mo>=</mo><mi>D</mi><mo>/</mo><mn>2</mn></math>. It overestimates confinement in small dots and gives no ε.</p>
<h3>Concentration and per-particle figures</h3>
<math display="block"><mi>c</mi><mo>=</mo><mfrac><mrow><mi>A</mi><mo>·</mo><mtext>dilution</mtext></mrow><mrow><mi>ε</mi><mo>·</mo><mi>L</mi></mrow></mfrac><mspace width="2em"/><msub><mi>N</mi><mtext>mL</mtext></msub><mo>=</mo><mfrac><mrow><mi>c</mi><msub><mi>N</mi><mi>A</mi></msub></mrow><mn>1000</mn></mfrac><mspace width="2em"/><msub><mi>m</mi><mtext>particle</mtext></msub><mo>=</mo><mi>ρ</mi><mfrac><mi>π</mi><mn>6</mn></mfrac><msup><mi>D</mi><mn>3</mn></msup></math>
<p><math><mi>A</mi></math>: absorbance at the peak (at 400 nm for Moreels); <math><mi>L</mi></math>: path length (cm); dilution: how many times the stock was diluted before measuring; <math><msub><mi>N</mi><mi>A</mi></msub></math>: Avogadro constant; <math><mi>ρ</mi></math>: bulk density. Formula units per particle = <math><msub><mi>m</mi><mtext>particle</mtext></msub><msub><mi>N</mi><mi>A</mi></msub><mo>/</mo><mi>M</mi></math>. Assumptions: spherical particles with bulk density, Beer–Lambert law (keep A below about 1), ligands not counted in the mass.</p>
<p><b>What the ± means.</b> The authors estimate their empirical ε to be uncertain by about 10–15 %; the page shows ±15 % on ε and hence on every concentration, not a statistical confidence interval.</p>
<h3>The seed paper's example, and its slip</h3>
<p>Han et al. (supporting information of the CdTe QD / cobalt catalyst H₂ paper) size TGA-CdTe with a first exciton peak at 516 nm: the equations give <b>D = 2.73 nm</b> and <b>ε = 8.4 × 10⁴ L mol⁻¹ cm⁻¹</b>. The paper prints 8.4 × 10⁵, a power-of-ten slip: ε = 8.4 × 10⁵ would need D = 8.07 nm, a peak near 734 nm. “Load example” reproduces the correct values.</p>
"#;
