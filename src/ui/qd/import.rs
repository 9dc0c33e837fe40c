//! Paste or upload a UV-vis spectrum; the detected peak fills λ, A, HWHM and A(400 nm).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::science::spectrum;
use crate::state::qd::import::{describe_import, import_spectrum};
use crate::state::qd::QdState;
use crate::ui::app::Page;
use crate::ui::widgets::{select_value, NumberField};

/// The importer: a file, a paste box, the series of a multi-sample file, and a wavelength
/// window to search in when the automatic search picks the wrong band. What it writes into the
/// typed fields can be undone.
#[component]
pub fn SpectrumImport(
    /// The page frame's handle on the calculation.
    page: Page<QdState>,
) -> impl IntoView {
    let state = page.state;
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
            page.checkpoint("Spectrum imported");
            state.update(|s| s.take_spectrum(&imported));
            series_names.set(imported.names.clone());
            series.set(chosen);
            describe_import(&imported, state.with_untracked(QdState::effective_model))
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
    let search_window = move |_| {
        let mut searched = state.get_untracked();
        let outcome = searched.search_window(&window_min.get_untracked(), &window_max.get_untracked());
        if outcome.is_ok() {
            page.checkpoint("Peak taken from the window");
            state.set(searched);
        }
        report.set(Some(outcome));
    };
    let on_series = move |ev: leptos::ev::Event| {
        if let (Ok(chosen), Some(text)) = (select_value(&ev).parse::<usize>(), source.get_untracked()) {
            import(text, chosen);
        }
    };
    let remove = move |_| {
        page.checkpoint("Spectrum removed");
        state.update(|s| s.spectrum = None);
    };

    view! {
        <details class="import" open=has_spectrum>
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
                    <button type="button" class="secondary" id="spectrum-remove" hidden=move || !has_spectrum() on:click=remove>"Remove spectrum"</button>
                </div>
                <div class="field" hidden=move || series_names.with(|n| n.len() < 2)>
                    <label for="spectrum-series">"Sample (series) in this file"</label>
                    <select id="spectrum-series" on:change=on_series>
                        {move || series_names.get().into_iter().enumerate().map(|(i, name)| view! {
                            <option value=i.to_string() prop:selected=move || series.get() == i>{name}</option>
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
