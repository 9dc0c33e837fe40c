//! Paste or upload a UV-vis spectrum; the detected peak fills λ, A, HWHM and A(400 nm).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::science::spectrum;
use crate::state::qd::import::{describe_import, ReadSpectrum};
use crate::state::qd::QdState;
use crate::ui::app::Page;
use crate::ui::file_reading::{FileProgress, FileReading};
use crate::ui::import_worker::{Answer, Request};
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
    // The last file or text read (kept to read another series of it) and its series names.
    let source = StoredValue::new_local(None::<web_sys::Blob>);
    let series_names = RwSignal::new(Vec::<String>::new());
    let series = RwSignal::new(0_usize);
    let has_spectrum = move || state.with(|s| s.spectrum.is_some());
    let window_min = RwSignal::new(String::new());
    let window_max = RwSignal::new(String::new());
    let reader = FileReading::new();

    // What the worker read: the peak found and the fields filled, or why not.
    let take = move |answer: Answer<ReadSpectrum>, chosen: usize, from_paste: bool| {
        let result = match answer {
            Answer::Read(read) => read.imported().map(|imported| {
                page.checkpoint("Spectrum imported");
                state.update(|s| s.take_spectrum(&imported));
                series_names.set(imported.names.clone());
                series.set(chosen);
                describe_import(&imported, state.with_untracked(QdState::effective_model))
            }),
            Answer::Failed(e) => Err(e),
            Answer::Unknown => Err("The text could not be read as a spectrum.".into()),
        };
        if result.is_err() {
            series_names.set(Vec::new());
        }
        // The text is read once: keeping it in the box (a huge paste) would only slow the page.
        if from_paste && (result.is_ok() || pasted.with_untracked(|t| t.len() > 100_000)) {
            pasted.set(String::new());
        }
        report.set(Some(result));
    };
    // Sends a file or the pasted text to the worker, for series `chosen`.
    let read = move |name: String, blob: web_sys::Blob, chosen: usize, from_paste: bool| {
        report.set(None);
        reader.read(name, &blob, &Request::Spectrum { series: chosen }, move |answer| take(answer, chosen, from_paste));
        source.set_value(Some(blob));
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        if file.size() > spectrum::MAX_TEXT_BYTES as f64 {
            report.set(Some(Err(format!("The file is {:.1} MB; spectra up to {} MB can be read.", file.size() / 1e6, spectrum::MAX_TEXT_BYTES / 1_000_000))));
            return;
        }
        read(file.name(), file.into(), 0, false);
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
        if let (Ok(chosen), Some(blob)) = (select_value(&ev).parse::<usize>(), source.get_value()) {
            read("the file".into(), blob, chosen, false);
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
                <input type="file" id="spectrum-file" accept=".csv,.txt,.tsv,.dat,.asc,.abs,text/*" on:change=on_file
                    on:focus=move |_| reader.prepare() on:pointerdown=move |_| reader.prepare()/>
            </div>
            <div class="field">
                <label for="spectrum-paste">"…or paste wavelength and absorbance (or %T) columns"</label>
                <textarea id="spectrum-paste" rows="5" spellcheck="false" placeholder="400, 0.52\n401, 0.51\n…"
                    prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                <div class="toolbar">
                    <button type="button" id="spectrum-read" on:click=move |_| {
                        if let Some(blob) = pasted.with_untracked(|text| crate::ui::browser::text_blob(text, "text/plain")) {
                            read("the pasted text".into(), blob, 0, true);
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
                <FileProgress id="spectrum-file".to_string() reading=reader
                    on_cancel=Callback::new(move |name: String| report.set(Some(Err(format!("Reading {name} was cancelled; nothing was changed.")))))/>
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
