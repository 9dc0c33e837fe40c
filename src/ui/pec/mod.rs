//! The photoelectrochemistry page: the potential scales and their conversion tool, the two
//! electrodes (a photodiode model with sliders, or measured data typed, pasted or opened from a
//! potentiostat file), the circuit, what the operating current makes, and the current–time
//! trace; the results with the J–V chart and the trace. The numbers, the charts' data and the
//! results' markup come from `state::pec`.

mod explanation;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::app::{CalculatorUi, Page};
use super::data_table::{use_table_edits, DataTable};
use super::later::later;
use super::widgets::{CalculatorHeader, ChartCanvas, Explanation, NumberField, Pick};
use crate::plot::XyChart;
use super::file_reading::{FileProgress, FileReading};
use super::import_worker::{Answer, Request};
use crate::science::pec::import::{Columns, Recording};
use crate::state::pec::view::{build_charts, card_html, conversions_html, references_html, Card, Charts};
use crate::state::table::messages_html;
use crate::state::pec::{import_choices, CurrentColumn, CurveSource, ElectrodeField, Field, ImportChoice, OnsetRule, PecOutcome, PecProduct, PecState, Place, ScaleChoice, Side, Table};

impl CalculatorUi for PecState {
    fn panel(page: Page<Self>) -> AnyView {
        view! { <PecPanel page=page/> }.into_any()
    }
}

/// Largest potentiostat file read (bytes): two 100,000-point exports with all their columns; a
/// 50 MB one (1.5 million rows) takes about 3 s in the background reader.
const MAX_FILE_BYTES: f64 = 60e6;

/// The calculator page.
#[component]
fn PecPanel(
    /// The page frame's handle on the calculation.
    page: Page<PecState>,
) -> impl IntoView {
    let state = page.state;
    // Each side's curve is read again only when what it depends on changes: typing a bias
    // does not re-read two 100,000-row tables.
    let stage = move |side: Side| {
        let key = Memo::new(move |_| state.with(|s| s.side_key(side)));
        Memo::new(move |_| key.with(|k| k.side_stage(side)))
    };
    let (anode, cathode) = (stage(Side::Anode), stage(Side::Cathode));
    let outcome = Memo::new(move |_| anode.with(|a| cathode.with(|c| state.with(|s| s.evaluate_with([a, c])))));
    view! {
        <section class="calculator pec" aria-labelledby="pec-title">
            <CalculatorHeader page=page heading_id="pec-title" heading="Photo\u{00AD}electro\u{00AD}chemistry: the bias-free operating point"
                lede="Convert potentials between reference electrodes; bring in a photoanode's and a photocathode's J–V curves (from a model, a table or a potentiostat file) and find the current they carry wired together, with or without bias, and what it makes."
                example_id="pec-example" clear_id="pec-reset"/>
            <div class="calc-grid wide-inputs">
                <form class="inputs" on:submit=|ev| ev.prevent_default() aria-label="Inputs">
                    <Scales state=state outcome=outcome/>
                    <ElectrodeInputs page=page outcome=outcome side=Side::Anode/>
                    {later(move || view! {
                        <ElectrodeInputs page=page outcome=outcome side=Side::Cathode/>
                        <fieldset>
                            <legend>"Circuit and onsets"</legend>
                            <Fields state=state outcome=outcome fields=&[Field::Bias, Field::Resistance, Field::TargetCurrent]/>
                            <div class="field-row">
                                <Pick<OnsetRule> id="pec-onset-rule" label="Onset by" value=Signal::derive(move || state.with(|s| s.onset)) on_change=move |v| state.update(|s| s.onset = v)/>
                                <div hidden=Memo::new(move |_| state.with(|s| s.onset != OnsetRule::Threshold))><Fields state=state outcome=outcome fields=&[Field::Threshold]/></div>
                            </div>
                        </fieldset>
                        <Products page=page outcome=outcome/>
                    }.into_any())}
                </form>
                <Results state=state outcome=outcome/>
            </div>
            {later(|| view! { <Explanation id="pec-explain" html=explanation::PEC_EXPLANATION_HTML/> }.into_any())}
        </section>
    }
}

/// A page-wide number field or an electrode's.
#[derive(Clone, Copy, PartialEq)]
enum Which {
    Page(Field),
    Electrode(Side, ElectrodeField),
}

impl Which {
    fn spec(self) -> crate::state::pec::FieldSpec {
        match self {
            Which::Page(f) => f.spec(),
            Which::Electrode(side, f) => f.spec(side),
        }
    }
    fn get(self, s: &PecState) -> String {
        match self {
            Which::Page(f) => s.text(f).to_string(),
            Which::Electrode(side, f) => s.electrode(side).text(f).to_string(),
        }
    }
    fn set(self, s: &mut PecState, text: &str) {
        match self {
            Which::Page(f) => s.set(f, text),
            Which::Electrode(side, f) => s.set_electrode(side, f, text),
        }
    }
    fn place(self) -> Place {
        match self {
            Which::Page(f) => Place::Field(f),
            Which::Electrode(side, f) => Place::Electrode(side, f),
        }
    }
}

/// One number field over the state.
fn field(state: RwSignal<PecState>, outcome: Memo<PecOutcome>, which: Which) -> impl IntoView {
    let spec = which.spec();
    view! {
        <NumberField id=spec.id label=spec.label unit=spec.unit placeholder=spec.placeholder
            value=Memo::new(move |_| state.with(|s| which.get(s)))
            on_input=move |v: String| state.update(|s| which.set(s, &v))
            error=Memo::new(move |_| outcome.with(|o| o.problem_at(which.place()).map(str::to_string)))/>
    }
}

/// Number fields of the page, in a row.
#[component]
fn Fields(
    /// The typed state.
    state: RwSignal<PecState>,
    /// Its outcome.
    outcome: Memo<PecOutcome>,
    /// The fields, in order.
    fields: &'static [Field],
) -> impl IntoView {
    view! { <div class="field-row">{fields.iter().map(|&f| field(state, outcome, Which::Page(f))).collect_view()}</div> }
}

/// A scale choice.
#[component]
fn ScalePick(
    /// Element id.
    id: &'static str,
    /// Its label.
    label: &'static str,
    /// The typed state.
    state: RwSignal<PecState>,
    /// Reads the scale.
    get: fn(&PecState) -> crate::science::pec::scales::Scale,
    /// Writes it.
    set: fn(&mut PecState, crate::science::pec::scales::Scale),
) -> impl IntoView {
    view! {
        <Pick<ScaleChoice> id=id label=label value=Signal::derive(move || ScaleChoice(state.with(get))) on_change=move |v: ScaleChoice| state.update(|s| set(s, v.0))/>
    }
}

/// The common scale and the conditions of the scales; the reference electrodes at those
/// conditions; the conversion of a list of potentials.
#[component]
fn Scales(
    /// The typed state.
    state: RwSignal<PecState>,
    /// Its outcome.
    outcome: Memo<PecOutcome>,
) -> impl IntoView {
    // Memos: an edit elsewhere recomputes them but leaves their elements alone when their text
    // is the same.
    let slope = Memo::new(move |_| outcome.with(|o| format!("Nernst slope (ln 10)RT/F = {} mV per pH unit at this temperature.", crate::science::format::sig(o.nernst_slope_v * 1e3, 4))));
    let references = Memo::new(move |_| outcome.with(references_html));
    let conversions = Memo::new(move |_| outcome.with(conversions_html));
    view! {
        <fieldset>
            <legend>"Potential scales"</legend>
            <ScalePick id="pec-scale" label="Results on the scale" state=state get=|s| s.scale set=|s, v| s.scale = v/>
            <Fields state=state outcome=outcome fields=&[Field::Ph, Field::Temperature, Field::Ferrocene, Field::Custom]/>
            <p class="hint">{slope}</p>
            <details class="scales" id="pec-scales">
                <summary>"Reference electrodes at these conditions, and a converter"</summary>
                <table class="params references"><thead><tr><th>"Electrode"</th><th>"V vs SHE"</th><th>"Source"</th></tr></thead>
                    <tbody id="pec-references" inner_html=references></tbody></table>
                <p class="hint">"The often-quoted 0.098 V (HgO/Hg) and 0.268 V (Hg₂Cl₂/Hg) are standard potentials E° at unit activity, not the filled electrodes above."</p>
                <div class="field-row">
                    <ScalePick id="pec-conv-from" label="Convert from" state=state get=|s| s.convert_from set=|s, v| s.convert_from = v/>
                    <ScalePick id="pec-conv-to" label="to" state=state get=|s| s.convert_to set=|s, v| s.convert_to = v/>
                </div>
                <div class="field" class:invalid=Memo::new(move |_| outcome.with(|o| o.problem_at(Place::Convert).is_some()))>
                    <label for="pec-conv">"Potentials (V), one per line"</label>
                    <textarea id="pec-conv" rows="4" spellcheck="false" placeholder="-0.45\n0.03" aria-describedby="pec-conv-msg"
                        prop:value=Memo::new(move |_| state.with(|s| s.convert_list.clone())) on:input=move |ev| state.update(|s| s.convert_list = event_target_value(&ev))></textarea>
                    <p class="message" id="pec-conv-msg" role="status">{Memo::new(move |_| outcome.with(|o| o.problem_at(Place::Convert).map(str::to_string).unwrap_or_default()))}</p>
                </div>
                <table class="params conversions"><thead><tr><th>"From (V)"</th><th>"To (V)"</th></tr></thead>
                    <tbody id="pec-conversions" inner_html=conversions></tbody></table>
            </details>
        </fieldset>
    }
}

/// A slider beside a model's field, moving the same typed number.
#[component]
fn Slider(
    /// The typed state.
    state: RwSignal<PecState>,
    /// The electrode.
    side: Side,
    /// Its field.
    field: ElectrodeField,
    /// (min, max, step).
    range: (f64, f64, f64),
) -> impl IntoView {
    let spec = field.spec(side);
    view! {
        <input type="range" class="slider" id=format!("{}-slider", spec.id) aria-label=format!("{} slider", spec.label)
            min=range.0.to_string() max=range.1.to_string() step=range.2.to_string()
            prop:value=Memo::new(move |_| state.with(|s| s.electrode(side).text(field).to_string()))
            on:input=move |ev| state.update(|s| s.set_electrode(side, field, &event_target_value(&ev)))/>
    }
}

/// One electrode: where its curve comes from, the model with sliders or the table with a
/// file to open, its area and scale.
#[component]
fn ElectrodeInputs(
    /// The page frame's handle on the calculation.
    page: Page<PecState>,
    /// Its outcome.
    outcome: Memo<PecOutcome>,
    /// Which electrode.
    side: Side,
) -> impl IntoView {
    let state = page.state;
    let source = Memo::new(move |_| state.with(|s| s.electrode(side).source));
    let (legend, prefix) = match side {
        Side::Anode => ("Photoanode (anodic current positive)", "pec-a"),
        Side::Cathode => ("Photocathode (cathodic current negative)", "pec-c"),
    };
    let model_field = move |f: ElectrodeField, range: (f64, f64, f64)| {
        view! { <div class="with-slider">{field(state, outcome, Which::Electrode(side, f))}<Slider state=state side=side field=f range=range/></div> }
    };
    view! {
        <fieldset>
            <legend>{legend}</legend>
            <div class="field-row">
                <Pick<CurveSource> id=if side == Side::Anode { "pec-a-src" } else { "pec-c-src" } label="Curve from" value=Signal::derive(move || source.get())
                    on_change=move |v| state.update(|s| s.electrode_mut(side).source = v)/>
                <ScalePick id=if side == Side::Anode { "pec-a-scale" } else { "pec-c-scale" } label="Measured against" state=state
                    get=if side == Side::Anode { |s: &PecState| s.electrodes[0].scale } else { |s: &PecState| s.electrodes[1].scale }
                    set=if side == Side::Anode { |s: &mut PecState, v| s.electrodes[0].scale = v } else { |s: &mut PecState, v| s.electrodes[1].scale = v }/>
                {field(state, outcome, Which::Electrode(side, ElectrodeField::Area))}
            </div>
            <div class="field-row model" hidden=move || source.get() != CurveSource::Model>
                {model_field(ElectrodeField::Photocurrent, (0.0, 5.0, 0.05))}
                {model_field(ElectrodeField::Onset, (-1.5, 1.5, 0.01))}
                {model_field(ElectrodeField::Ideality, (1.0, 3.0, 0.1))}
                {model_field(ElectrodeField::Series, (0.0, 5000.0, 50.0))}
                {field(state, outcome, Which::Electrode(side, ElectrodeField::Shunt))}
            </div>
            // A file can be opened whichever source is chosen: opening one switches to the
            // table, and undo switches back.
            <FileImport page=page target=Table::Curve(side) id=format!("{prefix}-file")/>
            <div hidden=move || source.get() != CurveSource::Table>
                <div class="field-row">
                    <Pick<CurrentColumn> id=if side == Side::Anode { "pec-a-col" } else { "pec-c-col" } label="Second column holds" value=Signal::derive(move || state.with(|s| s.electrode(side).column))
                        on_change=move |v| state.update(|s| s.electrode_mut(side).column = v)/>
                    <label class="check">
                        <input type="checkbox" id=format!("{prefix}-chop") prop:checked=Memo::new(move |_| state.with(|s| s.electrode(side).chopped))
                            on:change=move |ev| state.update(|s| s.electrode_mut(side).chopped = event_target_checked(&ev))/>
                        <span>"Chopped light: use the light envelope"</span>
                    </label>
                </div>
                <p class="hint origin" hidden=Memo::new(move |_| state.with(|s| s.electrode(side).origin.is_empty()))>{Memo::new(move |_| state.with(|s| format!("From {}", s.electrode(side).origin)))}</p>
                <PecTable page=page outcome=outcome which=Table::Curve(side) id=if side == Side::Anode { "pec-a-table" } else { "pec-c-table" }
                    caption="J–V curve: potential against current density or current; paste from a spreadsheet or type"/>
            </div>
        </fieldset>
    }
}

/// A table of the page with its messages; clearing it, removing a row and pasting can be
/// undone.
#[component]
fn PecTable(
    /// The page frame's handle on the calculation.
    page: Page<PecState>,
    /// Its outcome.
    outcome: Memo<PecOutcome>,
    /// Which table.
    which: Table,
    /// Element id of the table.
    id: &'static str,
    /// Its caption.
    caption: &'static str,
) -> impl IntoView {
    let state = page.state;
    let edits = use_table_edits(page, move |s: &mut PecState, edit| s.edit(which, edit));
    let headers = Memo::new(move |_| state.with(|s| s.headers(which)));
    let invalid = Signal::derive(move || {
        outcome.with(|o| {
            o.problems
                .iter()
                .filter_map(|p| match p.place {
                    Place::Cell { table, row, column } if table == which => Some((row, column)),
                    _ => None,
                })
                .collect()
        })
    });
    // A Memo: an edit elsewhere leaves the list's element alone when its messages are the same.
    let messages = Memo::new(move |_| {
        let pasted = edits.message.get();
        outcome.with(|o| {
            let mut list: Vec<&str> = pasted.iter().map(String::as_str).collect();
            // What is said of the whole table first, so that the cap on messages keeps it.
            list.extend(o.problems.iter().filter(|p| matches!(p.place, Place::Table(table) if table == which)).map(|p| p.message.as_str()));
            list.extend(o.problems.iter().filter(|p| matches!(p.place, Place::Cell { table, .. } if table == which)).map(|p| p.message.as_str()));
            messages_html(&list)
        })
    });
    view! {
        <DataTable id=id caption=caption headers=headers
            rows=Callback::new(move |(from, to): (usize, usize)| state.with_untracked(|s| (s.rows(which).len(), s.table_rows(which, from, to))))
            layout=edits.layout invalid=invalid on_edit=edits.on_edit/>
        <ul class="table-messages" id=format!("{id}-msg") aria-live="polite" inner_html=messages></ul>
    }
}

/// A file opened into a table: its name, what was read, and its sweeps. (The file itself is
/// kept apart, to be read again when another column is chosen.)
#[derive(Clone)]
struct Opened {
    name: String,
    recording: Recording,
    choices: Vec<ImportChoice>,
}

/// Opens a potentiostat file (any of the formats `science::pec::import` reads, told by
/// content) and puts the sweep chosen into a table; another sweep of the same file can be
/// chosen after. Undoable. Files are read in a web worker (`ui::import_worker`), with a
/// progress bar and a Cancel button; the page answers typing meanwhile.
#[component]
fn FileImport(
    /// The page frame's handle on the calculation.
    page: Page<PecState>,
    /// The table it fills.
    target: Table,
    /// Element id of the file input; the sweep choice and message derive from it.
    id: String,
) -> impl IntoView {
    let opened = RwSignal::new(None::<Opened>);
    let chosen = RwSignal::new(0_usize);
    let message = RwSignal::new(None::<Result<Vec<String>, String>>);
    let reader = FileReading::new();
    // The file last read, kept to be read again with another column.
    let file = StoredValue::new_local(None::<web_sys::Blob>);
    let pasted = RwSignal::new(String::new());
    let put = move |index: usize| {
        opened.with_untracked(|o| {
            let Some(Opened { name, recording, choices }) = o else { return };
            let Some(choice) = choices.get(index) else { return };
            let mut said = Vec::new();
            // Timed for tools/bench: the sweep put into the table as text, and the state replaced.
            super::browser::timed("pec-file-put", || {
                let mut next = page.state.get_untracked();
                said = next.import(target, recording, choice, name);
                page.replace_in_place(next, "File imported");
            });
            chosen.set(index);
            message.set(Some(Ok(said)));
        });
    };
    // What the worker made of a file: its best sweep put in, or why not.
    let answered = move |name: String, from_paste: bool, answer: Answer<Recording>| {
        super::browser::measure("pec-file-read");
        match answer {
            Answer::Unknown => message.set(Some(Err(format!(
                "{name} is none of the formats read here (BioLogic .mpt/.mpr, Gamry .DTA, CH Instruments text, PalmSens .pssession, the HZB J–V text, or a CSV/TSV whose headers name a potential and a current with units)."
            )))),
            Answer::Failed(e) => message.set(Some(Err(format!("{name}: {e}")))),
            Answer::Read(recording) => {
                let choices = import_choices(&recording);
                if choices.is_empty() {
                    message.set(Some(Err(format!("{name} holds no points."))));
                    return;
                }
                // Text that was read is not kept in the paste box (it is in the table).
                if from_paste {
                    pasted.set(String::new());
                }
                // A J–V table takes the first sweep with the most points; a trace the first.
                let best = if matches!(target, Table::Trace) { 0 } else { (0..choices.len()).max_by_key(|&i| (choices[i].to - choices[i].from, usize::MAX - i)).unwrap_or(0) };
                opened.set(Some(Opened { name, recording, choices }));
                put(best);
            }
        }
    };
    // Sends a file (opened or pasted) to the worker, with the columns chosen.
    let open = move |name: String, blob: web_sys::Blob, columns: Columns, from_paste: bool| {
        super::browser::mark_start("pec-file-read");
        message.set(None);
        reader.read(name.clone(), &blob, &Request::Potentiostat(columns), move |answer| answered(name.clone(), from_paste, answer));
        file.set_value(Some(blob));
    };
    // Another column of the file opened: read again with it.
    let pick_column = move |potential: bool, name: String| {
        let Some((file_name, mut columns)) = opened.with_untracked(|o| {
            o.as_ref().map(|o| (o.name.clone(), Columns { potential: Some(o.recording.potential_column.clone()), current: Some(o.recording.current_column.clone()) }))
        }) else {
            return;
        };
        let Some(blob) = file.get_value() else { return };
        if potential {
            columns.potential = Some(name);
        } else {
            columns.current = Some(name);
        }
        open(file_name, blob, columns, false);
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(chosen_file) = input.files().and_then(|f| f.get(0)) else { return };
        let name = chosen_file.name();
        if chosen_file.size() > MAX_FILE_BYTES {
            message.set(Some(Err(format!("{name} is {:.0} MB; files up to {:.0} MB can be read. Nothing was changed.", chosen_file.size() / 1e6, MAX_FILE_BYTES / 1e6))));
            return;
        }
        open(name, chosen_file.into(), Columns::default(), false);
    };
    let paste_id = format!("{id}-paste");
    let paste_box_id = format!("{id}-paste-box");
    let read_id = format!("{id}-read");
    let choice_id = format!("{id}-sweep");
    let message_id = format!("{id}-msg");
    let file_input_id = id.clone();
    let options = move || opened.with(|o| o.as_ref().map(|o| o.choices.iter().map(|c| c.label.clone()).collect::<Vec<_>>()).unwrap_or_default());
    // The file's columns of one quantity, and the one read, when it has more than one.
    let columns_of = move |potential: bool| {
        opened.with(|o| {
            o.as_ref()
                .map(|o| {
                    let r = &o.recording;
                    if potential { (r.potential_columns.clone(), r.potential_column.clone()) } else { (r.current_columns.clone(), r.current_column.clone()) }
                })
                .filter(|(all, _)| all.len() > 1)
        })
    };
    let column_select = move |potential: bool, select_id: String, label: &'static str| {
        view! {
            <div class="field" hidden=move || columns_of(potential).is_none()>
                <label for=select_id.clone()>{label}</label>
                <select id=select_id on:change=move |ev| pick_column(potential, super::widgets::select_value(&ev))>
                    {move || columns_of(potential).map(|(all, used)| all.into_iter().map(|name| {
                        let selected = name == used;
                        let value = name.clone();
                        view! { <option value=value selected=selected>{name}</option> }
                    }).collect_view())}
                </select>
            </div>
        }
    };
    let potential_select = column_select(true, format!("{id}-potential"), "Potential column");
    let current_select = column_select(false, format!("{id}-current"), "Current column");
    view! {
        <div class="field file-import">
            <label for=id.clone()>{if matches!(target, Table::Trace) { "Open a current–time file" } else { "Open a potentiostat file" }}</label>
            <input type="file" id=id on:change=on_file on:focus=move |_| reader.prepare() on:pointerdown=move |_| reader.prepare()/>
        </div>
        <details class="paste-file" id=paste_box_id>
            <summary>"…or paste the file's text"</summary>
            <textarea id=paste_id rows="4" spellcheck="false" aria-label="The text of a potentiostat export"
                placeholder="EC-Lab ASCII FILE\nNb header lines : 56\n…   or   E (V)\tI (mA)\n-0.5\t0.01\n…"
                prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
            <button type="button" class="secondary" id=read_id on:click=move |_| {
                if let Some(blob) = pasted.with_untracked(|text| super::browser::text_blob(text, "text/plain")) {
                    open("The pasted text".to_string(), blob, Columns::default(), true);
                }
            }>"Read the pasted text"</button>
        </details>
        <div class="field-row">{potential_select}{current_select}</div>
        <div class="field" hidden=move || options().len() < 2>
            <label for=choice_id.clone()>"Curve or sweep in this file"</label>
            <select id=choice_id on:change=move |ev| {
                if let Ok(i) = super::widgets::select_value(&ev).parse::<usize>() { put(i) }
            }>
                {move || options().into_iter().enumerate().map(|(i, label)| view! {
                    <option value=i.to_string() prop:selected=move || chosen.get() == i>{label}</option>
                }).collect_view()}
            </select>
        </div>
        <FileProgress id=file_input_id reading=reader on_cancel=Callback::new(move |name: String| message.set(Some(Err(format!("Reading {name} was cancelled; the table is as it was.")))))/>
        <ul class="import-messages" id=message_id role="status">
            {move || match message.get() {
                Some(Ok(lines)) => lines.into_iter().map(|l| view! { <li class="alert info">{l}</li> }).collect_view().into_any(),
                Some(Err(e)) => view! { <li class="alert error">{e}</li> }.into_any(),
                None => ().into_any(),
            }}
        </ul>
    }
}

/// What the operating current makes, the measured product and charge, the trace, and the
/// light.
#[component]
fn Products(
    /// The page frame's handle on the calculation.
    page: Page<PecState>,
    /// Its outcome.
    outcome: Memo<PecOutcome>,
) -> impl IntoView {
    let state = page.state;
    // The measured product and charge open when something in them is typed (a link, a state
    // file), and are never closed under the user: emptying a field inside must not fold it away.
    let measured = Memo::new(move |_| state.with(|s| !s.text(Field::Measured).is_empty() || !s.text(Field::Absorbance).is_empty() || !s.text(Field::Charge).is_empty()));
    let details = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| {
        if let (true, Some(d)) = (measured.get(), details.get()) {
            let _ = d.set_attribute("open", "");
        }
    });
    view! {
        <fieldset>
            <legend>"Product and efficiencies"</legend>
            <Pick<PecProduct> id="pec-product" label="Product (electrons per molecule)" value=Signal::derive(move || state.with(|s| s.product)) on_change=move |v| state.update(|s| s.product = v)/>
            <Fields state=state outcome=outcome fields=&[Field::Faradaic, Field::Duration, Field::StartConcentration, Field::Volume]/>
            <details class="measured" node_ref=details>
                <summary>"Measured product, charge and current–time trace (Faradaic efficiency)"</summary>
                <Fields state=state outcome=outcome fields=&[Field::Measured, Field::Absorbance, Field::Path, Field::Charge]/>
                <FileImport page=page target=Table::Trace id="pec-trace-file".to_string()/>
                <PecTable page=page outcome=outcome which=Table::Trace id="pec-trace-table" caption="Current–time trace under illumination: time (s) against current (mA)"/>
            </details>
            <p class="hint">"Light-to-chemical efficiency η = ΔG·r/(P·A): ΔG typed, or z·F·(E°′ox − E°′red) from the two couples."</p>
            <Fields state=state outcome=outcome fields=&[Field::Power, Field::LightArea, Field::Gibbs, Field::OxidationPotential, Field::ReductionPotential]/>
        </fieldset>
    }
}

/// The results and the two charts.
#[component]
fn Results(
    /// The typed state.
    state: RwSignal<PecState>,
    /// Its outcome.
    outcome: Memo<PecOutcome>,
) -> impl IntoView {
    let charts = Memo::new(move |_| outcome.with(|o| state.with(|s| build_charts(s, o))));
    let chart = move |pick: fn(&Charts) -> Option<&XyChart>| Memo::new(move |_| charts.with(|c| pick(c).cloned()));
    let cards = Card::ALL
        .into_iter()
        .map(|card| {
            let html = Memo::new(move |_| outcome.with(|o| state.with(|s| card_html(card, s, o))));
            let slot = NodeRef::new();
            super::patch::use_patched_html(slot, move || html.get());
            view! { <div class="card-slot" node_ref=slot></div> }
        })
        .collect_view();
    view! {
        <div class="outputs">
            <h2 class="visually-hidden" id="results-heading" tabindex="-1">"Results"</h2>
            <div class="results-block fit-cards">{cards}</div>
            <ChartCanvas id="pec-jv-chart" label="The photoanode's current and the photocathode's current with its sign flipped against potential; the crossing is the operating point, the shaded region where both carry current" filename="photocalc-pec-jv" data=chart(|c| c.jv.as_ref())/>
            <ChartCanvas id="pec-trace-chart" label="The current–time trace with the predicted operating current" filename="photocalc-pec-trace" data=chart(|c| c.trace.as_ref())/>
        </div>
    }
}
