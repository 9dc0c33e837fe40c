//! The gas-evolution calculator's page: the gas and its conditions, how the amount was
//! measured (a volume, an amount, or GC peak areas through a calibration table), dissolved gas,
//! the catalyst, the time course, the light and STH; the results with their three charts.
//! The numbers, the charts' data and the results' markup come from `state::gas`.

mod explanation;

use leptos::prelude::*;

use super::app::{CalculatorUi, Page};
use super::data_table::{use_table_edits, DataTable};
use super::later::{later, later_if_hidden};
use super::widgets::{CalculatorHeader, ChartCanvas, Explanation, ModelFields, NumberField, Pick, Select};
use crate::plot::XyChart;
use crate::state::choice::Choice;
use crate::state::gas::view::{build_charts, card_html, Card, Charts};
use crate::state::table::messages_html;
use crate::state::gas::{
    AmountSource, CalibrationWeight, CatalystBasis, EosChoice, FluxMethod, GasChoice, GasOutcome, GasState, Input, PhotonBasis, Place, ProductChoice, Quantity, StandardForm,
    Table, Unit,
};

impl CalculatorUi for GasState {
    fn panel(page: Page<Self>) -> AnyView {
        view! { <GasPanel page=page/> }.into_any()
    }
}

/// The calculator page.
#[component]
fn GasPanel(
    /// The page frame's handle on the calculation.
    page: Page<GasState>,
) -> impl IntoView {
    let state = page.state;
    let outcome = Memo::new(move |_| state.with(GasState::evaluate));
    // Memos: the sections they show or hide are touched only when the choice changes.
    let source_memo = Memo::new(move |_| state.with(|s| s.source));
    let henry = Memo::new(move |_| state.with(|s| s.henry));
    let source = move || source_memo.get();
    view! {
        <section class="calculator gas" aria-labelledby="gas-title">
            <CalculatorHeader page=page heading_id="gas-title" heading="Gas evolution: TON, TOF, quantum yield"
                lede="From a volume of gas or GC peak areas to the amount, the dissolved part, TON and TOF, the initial rate and end point of a time course, the quantum yield and STH, with uncertainties."
                example_id="gas-example" clear_id="gas-reset"/>
            <div class="calc-grid wide-inputs">
                <form class="inputs" on:submit=|ev| ev.prevent_default() aria-label="Inputs">
                    <fieldset>
                        <legend>"Gas and conditions"</legend>
                        <div class="field-row">
                            <Pick<GasChoice> id="gas-gas" label="Gas" value=Signal::derive(move || GasChoice(state.with(|s| s.gas))) on_change=move |g: GasChoice| state.update(|s| s.gas = g.0)/>
                            <Pick<EosChoice> id="gas-eos" label="Molar volume by" value=Signal::derive(move || EosChoice(state.with(|s| s.eos))) on_change=move |e: EosChoice| state.update(|s| s.eos = e.0)/>
                        </div>
                        <Fields state=state outcome=outcome inputs=&[Input::Temperature, Input::Pressure]/>
                        <details class="constants">
                            <summary>"van der Waals constants"</summary>
                            <p class="hint">{move || {
                                let v = state.with(|s| s.gas.van_der_waals());
                                format!("Built in: a = {} L² bar mol⁻², b = {} L mol⁻¹ ({}). Type others to override.", v.a_l2_bar_per_mol2, v.b_l_per_mol, crate::science::gas::Gas::VAN_DER_WAALS_SOURCE)
                            }}</p>
                            <Fields state=state outcome=outcome inputs=&[Input::VdwA, Input::VdwB]/>
                        </details>
                    </fieldset>
                    <fieldset>
                        <legend>"Amount of gas"</legend>
                        <Pick<AmountSource> id="gas-source" label="Measured as" value=Signal::derive(source) on_change=move |v| state.update(|s| s.source = v)/>
                        <div hidden=move || source() != AmountSource::Volume><Fields state=state outcome=outcome inputs=&[Input::GasVolume]/></div>
                        <div hidden=move || source() != AmountSource::Amount><Fields state=state outcome=outcome inputs=&[Input::Amount]/></div>
                        <div hidden=move || source() != AmountSource::Chromatograph>
                            {later_if_hidden(source_memo.get_untracked() != AmountSource::Chromatograph, move || view! { <Calibration page=page outcome=outcome/> }.into_any())}
                        </div>
                        // One headspace field, for the chromatograph's scaling and for Henry's law.
                        <div hidden=move || source() != AmountSource::Chromatograph && !henry.get()>
                            <Fields state=state outcome=outcome inputs=&[Input::HeadspaceVolume]/>
                        </div>
                    </fieldset>
                    <fieldset>
                        <legend>"Dissolved gas (Henry's law)"</legend>
                        <Check id="gas-henry" label="Add the gas dissolved in the liquid" get=move |s: &GasState| s.henry set=move |s: &mut GasState, on| s.henry = on state=state/>
                        <div hidden=move || !henry.get()>
                            <Fields state=state outcome=outcome inputs=&[Input::LiquidVolume, Input::Henry]/>
                            <p class="hint">"The headspace volume is asked for under the amount of gas."</p>
                        </div>
                    </fieldset>
                    {later(move || view! {
                        <Catalyst state=state outcome=outcome/>
                        <Course page=page outcome=outcome/>
                        <Light state=state outcome=outcome/>
                        <fieldset>
                            <legend>"Solar-to-hydrogen efficiency"</legend>
                            <Fields state=state outcome=outcome inputs=&[Input::Irradiance, Input::Area]/>
                            <Check id="gas-donor" label="A sacrificial electron donor is present" get=move |s: &GasState| s.donor set=move |s: &mut GasState, on| s.donor = on state=state/>
                        </fieldset>
                    }.into_any())}
                </form>
                <Results state=state outcome=outcome/>
            </div>
            {later(|| view! { <Explanation id="gas-explain" html=explanation::GAS_EXPLANATION_HTML/> })}
        </section>
    }
}

/// A checkbox over one flag of the state.
#[component]
fn Check(
    /// Element id.
    id: &'static str,
    /// Its label.
    label: &'static str,
    /// Reads the flag.
    get: fn(&GasState) -> bool,
    /// Writes the flag.
    set: fn(&mut GasState, bool),
    /// The typed state.
    state: RwSignal<GasState>,
) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" id=id prop:checked=Memo::new(move |_| state.with(get)) on:change=move |ev| state.update(|s| set(s, event_target_checked(&ev)))/>
            <span>{label}</span>
        </label>
    }
}

/// Number fields for `inputs`, each with its unit (or a choice of units) and, where the input
/// takes one, a ± field.
#[component]
fn Fields(
    /// The typed state.
    state: RwSignal<GasState>,
    /// Its outcome.
    outcome: Memo<GasOutcome>,
    /// The inputs, in order.
    inputs: &'static [Input],
) -> impl IntoView {
    let fields = inputs
        .iter()
        .map(|&input| {
            let spec = input.spec();
            // Memos, not derived signals: an edit elsewhere on the page recomputes them but does
            // not touch this field's elements (the page has some 40 fields).
            let error = Memo::new(move |_| {
                outcome.with(|o| o.problem_at(Place::Input(input)).or_else(|| o.problem_at(Place::PlusMinus(input))).map(str::to_string))
            });
            let units = spec.quantity.map(|q| {
                let options: Vec<Unit> = Unit::of(q).collect();
                let selected = Memo::new(move |_| state.with(|s| Unit::of(q).position(|u| Some(u) == s.unit(input)).unwrap_or(0)));
                let on_change = Callback::new(move |i: usize| {
                    if let Some(unit) = Unit::of(q).nth(i) {
                        state.update(|s| s.set_unit(input, unit));
                    }
                });
                view! {
                    <Select id=spec.unit_id class="unit-choice" label=Some(format!("{} unit", spec.label))
                        options=options.iter().map(|&u| (Choice::slug(u), Choice::label(u))).collect() selected=Signal::from(selected) on_change=on_change/>
                }
            });
            let chosen_unit = spec.quantity.map(|_| Signal::from(Memo::new(move |_| state.with(|s| s.unit(input).map(|u| Choice::label(u).to_string()).unwrap_or_default()))));
            let plus_minus = spec.uncertain.then(|| {
                let pm_id = spec.pm_id;
                view! {
                    <span class="pm" aria-hidden="true">"±"</span>
                    <input type="text" id=pm_id class="pm-input" inputmode="decimal" autocomplete="off" spellcheck="false" placeholder="±"
                        aria-invalid=Memo::new(move |_| if outcome.with(|o| o.problem_at(Place::PlusMinus(input)).is_some()) { "true" } else { "false" })
                        aria-label=format!("Uncertainty of {}", crate::science::format::lower_first(spec.label)) aria-describedby=format!("{}-msg", spec.id)
                        prop:value=Memo::new(move |_| state.with(|s| s.plus_minus(input).to_string()))
                        on:input=move |ev| state.update(|s| s.set_plus_minus(input, &event_target_value(&ev)))/>
                }
            });
            // The unit choice and the ± beside the field's input, outside the shared
            // NumberField (which the other pages download without them).
            view! {
                <div class="with-extras">
                    <NumberField id=spec.id label=spec.label unit=spec.unit chosen_unit=chosen_unit placeholder=spec.placeholder
                        value=Memo::new(move |_| state.with(|s| s.text(input).to_string()))
                        on_input=move |v: String| state.update(|s| s.set(input, &v)) error=error/>
                    <div class="extras">{units}{plus_minus}</div>
                </div>
            }
        })
        .collect_view();
    view! { <div class="field-row">{fields}</div> }
}

/// One of the page's two tables, with its messages; clearing it, removing a row and pasting
/// can be undone.
#[component]
fn GasTable(
    /// The page frame's handle on the calculation.
    page: Page<GasState>,
    /// Its outcome.
    outcome: Memo<GasOutcome>,
    /// Which table.
    which: Table,
    /// Element id of the table.
    id: &'static str,
    /// Its caption.
    caption: &'static str,
) -> impl IntoView {
    let state = page.state;
    let edits = use_table_edits(page, move |s: &mut GasState, edit| s.edit(which, edit));
    let headers = Memo::new(move |_| state.with(|s| s.headers(which)));
    let in_table = move |place: Place| match place {
        Place::Cell { table, .. } | Place::Table(table) => table == which,
        _ => false,
    };
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
            list.extend(o.problems.iter().filter(|p| in_table(p.place)).map(|p| p.message.as_str()));
            messages_html(&list)
        })
    });
    let message_id = format!("{id}-msg");
    view! {
        <DataTable id=id caption=caption headers=headers
            rows=Callback::new(move |(from, to): (usize, usize)| state.with_untracked(|s| (s.rows(which).len(), s.table_rows(which, from, to))))
            layout=edits.layout invalid=invalid on_edit=edits.on_edit/>
        <ul class="table-messages" id=message_id aria-live="polite" inner_html=messages></ul>
    }
}

/// The chromatograph's calibration: how standards are given, the weighting, the table, and
/// the sample.
#[component]
fn Calibration(
    /// The page frame's handle on the calculation.
    page: Page<GasState>,
    /// Its outcome.
    outcome: Memo<GasOutcome>,
) -> impl IntoView {
    let state = page.state;
    view! {
        <div class="field-row">
            <Pick<StandardForm> id="gas-std" label="Standards given as" value=Signal::derive(move || state.with(|s| s.standards)) on_change=move |v| state.update(|s| s.standards = v)/>
            <Pick<CalibrationWeight> id="gas-calw" label="Weighting" value=Signal::derive(move || state.with(|s| s.weighting)) on_change=move |v| state.update(|s| s.weighting = v)/>
        </div>
        <Check id="gas-origin" label="Line through the origin" get=move |s: &GasState| s.through_origin set=move |s: &mut GasState, on| s.through_origin = on state=state/>
        <GasTable page=page outcome=outcome which=Table::Calibration id="gas-cal-table" caption="Calibration standards: paste from a spreadsheet or type"/>
        <Fields state=state outcome=outcome inputs=&[Input::SampleArea, Input::Replicates, Input::InjectedVolume]/>
    }
}

/// The catalyst: by concentration or by loading; quantum dots; the product's electrons.
#[component]
fn Catalyst(
    /// The typed state.
    state: RwSignal<GasState>,
    /// Its outcome.
    outcome: Memo<GasOutcome>,
) -> impl IntoView {
    let basis_memo = Memo::new(move |_| state.with(|s| s.catalyst));
    let basis = move || basis_memo.get();
    view! {
        <fieldset>
            <legend>"Catalyst and turnover"</legend>
            <Pick<CatalystBasis> id="gas-catby" label="Amount of catalyst from" value=Signal::derive(basis) on_change=move |v| state.update(|s| s.catalyst = v)/>
            <div hidden=move || basis() != CatalystBasis::Concentration><Fields state=state outcome=outcome inputs=&[Input::CatalystConcentration]/></div>
            <div hidden=move || basis() != CatalystBasis::Loading><Fields state=state outcome=outcome inputs=&[Input::CatalystMass, Input::Loading, Input::MolarMass]/></div>
            <Fields state=state outcome=outcome inputs=&[Input::SolutionVolume, Input::DotConcentration, Input::Time]/>
            <div class="field-row">
                <Pick<ProductChoice> id="gas-product" label="Product (electrons per molecule)" value=Signal::derive(move || ProductChoice(state.with(|s| s.product))) on_change=move |p: ProductChoice| state.update(|s| s.product = p.0)/>
                <Fields state=state outcome=outcome inputs=&[Input::Electrons]/>
            </div>
            <Check id="gas-per-e" label="Also give TON per electron" get=move |s: &GasState| s.per_electron set=move |s: &mut GasState, on| s.per_electron = on state=state/>
        </fieldset>
    }
}

/// The time course: its table, time unit and the initial-rate window.
#[component]
fn Course(
    /// The page frame's handle on the calculation.
    page: Page<GasState>,
    /// Its outcome.
    outcome: Memo<GasOutcome>,
) -> impl IntoView {
    let state = page.state;
    view! {
        <fieldset>
            <legend>"Time course"</legend>
            <div class="field">
                <label for="gas-ct-unit">"Time in"</label>
                <Select id="gas-ct-unit" class="" label=None
                    options=Unit::of(Quantity::Time).map(|u| (Choice::slug(u), Choice::label(u))).collect()
                    selected=Signal::from(Memo::new(move |_| state.with(|s| Unit::of(Quantity::Time).position(|u| u == s.course_time).unwrap_or(0))))
                    on_change=Callback::new(move |i: usize| {
                        if let Some(unit) = Unit::of(Quantity::Time).nth(i) { state.update(|s| s.course_time = unit) }
                    })/>
            </div>
            <GasTable page=page outcome=outcome which=Table::Course id="gas-course-table" caption="Time course: time against amount, volume or peak area"/>
            <p class="hint">"The initial rate is a straight line through the readings in the window (in hours); the end point comes from n(t) = n∞(1 − e^(−kt))."</p>
            <Fields state=state outcome=outcome inputs=&[Input::WindowFrom, Input::WindowTo, Input::Rate]/>
            <CourseModel state=state outcome=outcome/>
        </fieldset>
    }
}

/// The user's own model of the time course, in t (hours), with start values.
#[component]
fn CourseModel(
    /// The typed state.
    state: RwSignal<GasState>,
    /// Its outcome.
    outcome: Memo<GasOutcome>,
) -> impl IntoView {
    view! {
        <ModelFields model_id="gas-model" starts_id="gas-starts" message_id="gas-model-msg" label="Your own model of the course (t in h)"
            placeholder="e.g. a*t/(1 + b*t)" starts_placeholder="e.g. a=40, b=0.2"
            hint="Fitted to the amounts (µmol) against t; every name other than t is a parameter, starting at 1 unless given."
            model=Signal::from(Memo::new(move |_| state.with(|s| s.course_model.clone()))) on_model=Callback::new(move |v| state.update(|s| s.course_model = v))
            starts=Signal::from(Memo::new(move |_| state.with(|s| s.course_starts.clone()))) on_starts=Callback::new(move |v| state.update(|s| s.course_starts = v))
            error=Signal::from(Memo::new(move |_| outcome.with(|o| o.problem_at(Place::Model).map(str::to_string))))/>
    }
}

/// The light: how the photon flux is known, and its fields.
#[component]
fn Light(
    /// The typed state.
    state: RwSignal<GasState>,
    /// Its outcome.
    outcome: Memo<GasOutcome>,
) -> impl IntoView {
    let method_memo = Memo::new(move |_| state.with(|s| s.flux));
    let method = move || method_memo.get();
    let shows_basis = move || matches!(method(), FluxMethod::Power | FluxMethod::Einstein);
    view! {
        <fieldset>
            <legend>"Light and quantum yield"</legend>
            <div class="field-row">
                <Pick<FluxMethod> id="gas-flux" label="Photon flux from" value=Signal::derive(method) on_change=move |v| state.update(|s| s.flux = v)/>
                <div hidden=move || !shows_basis()>
                    <Pick<PhotonBasis> id="gas-basis" label="The light counted is" value=Signal::derive(move || state.with(|s| s.basis)) on_change=move |v| state.update(|s| s.basis = v)/>
                </div>
            </div>
            <div hidden=move || method() == FluxMethod::Einstein><Fields state=state outcome=outcome inputs=&[Input::Wavelength]/></div>
            <div hidden=move || method() != FluxMethod::BlankMinusSample><Fields state=state outcome=outcome inputs=&[Input::PowerBlank, Input::PowerSample]/></div>
            <div hidden=move || method() != FluxMethod::Power><Fields state=state outcome=outcome inputs=&[Input::Power]/></div>
            <div hidden=move || method() != FluxMethod::Einstein><Fields state=state outcome=outcome inputs=&[Input::Flux]/></div>
            <div hidden=move || method() != FluxMethod::Actinometry>
                <p class="hint">"Ferrioxalate: Fe²⁺ developed as Fe(phen)₃²⁺, ε(510 nm) = 11,100 M⁻¹ cm⁻¹ (Kuhn et al. 2004). Φ(Fe²⁺) defaults from the wavelength: 1.25 (254), 1.26 (366), 1.14 (405), 1.11 (436 nm)."</p>
                <Fields state=state outcome=outcome inputs=&[Input::ActAbsorbance, Input::ActPath, Input::ActIrradiated, Input::ActAliquot, Input::ActDeveloped, Input::ActQuantumYield, Input::ActTime, Input::ActFraction, Input::SampleAbsorbance]/>
            </div>
        </fieldset>
    }
}

/// The results and the three charts.
#[component]
fn Results(
    /// The typed state.
    state: RwSignal<GasState>,
    /// Its outcome.
    outcome: Memo<GasOutcome>,
) -> impl IntoView {
    let charts = Memo::new(move |_| outcome.with(|o| state.with(|s| build_charts(s, o))));
    let chart = move |pick: fn(&Charts) -> Option<&XyChart>| Memo::new(move |_| charts.with(|c| pick(c).cloned()));
    // A Memo per card: an edit redraws only the cards whose markup it changes.
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
            <ChartCanvas id="gas-cal-chart" label="Calibration line with its 95 % band, the standards and the sample" filename="photocalc-gas-calibration" data=chart(|c| c.calibration.as_ref())/>
            <ChartCanvas id="gas-course-chart" label="Amount against time, with the saturating fit, its extrapolation and the initial-rate line" filename="photocalc-gas-course" data=chart(|c| c.course.as_ref())/>
            <ChartCanvas id="gas-ton-chart" label="TON and TOF against time" filename="photocalc-gas-turnover" data=chart(|c| c.turnover.as_ref())/>
        </div>
    }
}
