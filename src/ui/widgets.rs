//! Widgets shared by every calculator: a number field with its unit and message, a result
//! card, and a chart canvas with PNG/SVG/CSV downloads.

use leptos::html;
use leptos::prelude::*;

use crate::state::choice::Choice;
use plotters::prelude::*;
use wasm_bindgen::JsCast;

use super::app::Page;
use super::browser;
use super::canvas2d::Canvas2d;
use super::in_view::use_in_view;
use super::theme::Theme;
use super::dual_backend::DualBackend;
use crate::plot::{self, Chart, SvgWriter};
use crate::state::Calculator;

/// A labelled text input for a number, with its unit beside it and its message below.
/// The typed text is kept as typed: "1." and "1e-" survive.
#[component]
pub fn NumberField(
    /// Element id, also used by the label and by tests.
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// Unit shown after the input ("nm", "cm", …); empty for none.
    #[prop(optional)]
    unit: &'static str,
    /// The unit chosen beside the field (in a unit choice of its own), for the field's
    /// accessible name; `None` when the unit is `unit`.
    #[prop(default = None)]
    chosen_unit: Option<Signal<String>>,
    /// Short help under the field.
    #[prop(optional)]
    hint: &'static str,
    /// Example value shown when empty.
    #[prop(optional)]
    placeholder: &'static str,
    /// The typed text.
    #[prop(into)]
    value: Signal<String>,
    /// Receives every edit.
    #[prop(into)]
    on_input: Callback<String>,
    /// The message for this field, if its text cannot be used.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let message_id = format!("{id}-msg");
    let spoken_unit = move || {
        let unit = chosen_unit.map(|u| u.get()).unwrap_or_else(|| unit.to_string());
        if unit.is_empty() { unit } else { format!(" ({unit})") }
    };
    let described_by = message_id.clone();
    // A number that reads two ways (`1,000`) says which reading was taken.
    let note = move || value.with(|text| crate::state::number::field_note(text));
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            // The unit is part of the field's accessible name ("Wavelength (nm)"); shown beside it.
            <label for=id>{label}<span class="visually-hidden">{spoken_unit}</span></label>
            <div class="input-with-unit">
                <input
                    id=id
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder=placeholder
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=described_by
                    prop:value=move || value.get()
                    on:input=move |ev| on_input.run(event_target_value(&ev))
                />
                <span class="unit" aria-hidden="true">{unit}</span>
            </div>
            <p class="message" id=message_id role="status" class:note=move || error.with(Option::is_none) && note().is_some()>
                {move || error.get().or_else(note).unwrap_or_else(|| hint.to_string())}
            </p>
        </div>
    }
}

/// One computed value with its unit and an optional note (uncertainty, range).
#[component]
pub fn ResultCard(
    /// What the number is.
    label: &'static str,
    /// Test id for browser tests.
    id: &'static str,
    /// The formatted number ("—" when not available).
    #[prop(into)]
    value: Signal<String>,
    /// Its unit.
    #[prop(into)]
    unit: Signal<String>,
    /// A line under the number.
    #[prop(into)]
    note: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="result" data-testid=id>
            <div class="result-label">{label}</div>
            <div class="result-value" data-announce=label>
                <output id=id>{move || value.get()}</output>
                " "
                <span class="unit">{move || unit.get()}</span>
            </div>
            <div class="result-note">{move || note.get()}</div>
        </div>
    }
}

/// A canvas's 2D context.
fn context_2d(canvas: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
}

/// Draws `chart` filling `canvas` (device-pixel ratio `ratio`), in the dark theme's colours if
/// `dark`; `font` is the font the canvas's context has (empty if unknown). True if drawn.
fn paint<T: Chart>(canvas: &web_sys::HtmlCanvasElement, chart: &T, font: std::rc::Rc<std::cell::RefCell<String>>, dark: bool, ratio: f64) -> bool {
    let Some(context) = context_2d(canvas) else { return false };
    let area = DualBackend::Canvas(Canvas2d::new(context, (canvas.width(), canvas.height()), font, dark)).into_drawing_area();
    // `present` paints what the backend still holds back.
    chart.draw(&area, ratio).is_ok() && area.present().is_ok()
}

/// Paints the chart's data on the canvas (dark colours, device-pixel ratio): whether it was
/// drawn.
type Painter = std::rc::Rc<dyn Fn(&web_sys::HtmlCanvasElement, bool, f64) -> bool>;

/// A chart's canvas, its wrapper (whose width it fills), that width once measured, and the
/// font its context has (empty if unknown).
struct Canvas {
    wrapper: NodeRef<html::Div>,
    canvas: NodeRef<html::Canvas>,
    width: RwSignal<f64>,
    font: std::rc::Rc<std::cell::RefCell<String>>,
}

/// Takes the width of a chart's wrapper (a change of a pixel or more; none while it is hidden).
/// Reading it lays the page out if it is not: called where it is (a resize, the next frame).
fn measure(wrapper: NodeRef<html::Div>, width: RwSignal<f64>) {
    if let Some(div) = wrapper.get_untracked() {
        let w = f64::from(div.client_width());
        if w > 0.0 && (w - width.get_untracked()).abs() >= 1.0 {
            width.set(w);
        }
    }
}

/// Draws a chart for the data (`version` counts its changes; `has_data` is false when there
/// are none), width and theme it shows: on screen, at once; near the screen (within half a
/// screen), at once, but while the user types once the typing pauses, and at once when it
/// comes near, so that it is ready before it scrolls in; far from the screen, not until it
/// comes near. Not generic over the chart, so that its code is in the page once.
fn draw_when_seen(target: Canvas, (version, has_data): (Memo<u64>, Signal<bool>), theme: Option<Theme>, draw: Painter) {
    let Canvas { wrapper, canvas, width, font } = target;
    let view = use_in_view(wrapper);
    // What the canvas shows: (data version, width, dark).
    let shown = StoredValue::new(None::<(u64, u64, bool)>);
    // Set when the edits have paused: a chart near the screen is drawn then.
    let paused = RwSignal::new(false);
    // The data's last version, and when it came (ms since the epoch).
    let changed = StoredValue::new((0_u64, f64::NEG_INFINITY));
    let timer = StoredValue::new(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(t) = timer.try_update_value(Option::take).flatten() {
            t.clear();
        }
    });
    Effect::new(move |was_near: Option<bool>| {
        let dark = theme.is_some_and(|t| t.dark());
        let printing = theme.is_some_and(|t| t.printing());
        let key = (version.get(), width.get().to_bits(), dark);
        let (near, visible) = (view.near.get(), view.visible.get());
        // The pause after typing, once: a chart drawn meanwhile (it came on screen) has nothing to do.
        let due = paused.get();
        if due {
            paused.update_untracked(|p| *p = false);
        }
        if shown.get_value() == Some(key) {
            return near;
        }
        let came_near = was_near == Some(false) && near;
        // A change that follows another within the pause: the user is typing.
        let at = js_sys::Date::now();
        let (last, last_at) = changed.get_value();
        let typing = key.0 != last && at - last_at < CHART_PAUSE_MS as f64;
        if key.0 != last {
            changed.set_value((key.0, at));
        }
        if !(printing || was_near.is_none() || visible || came_near || due || (near && !typing)) {
            // Said on the canvas for the browser tests, which scroll a chart into view first.
            if let Some(element) = canvas.get_untracked() {
                let _ = element.set_attribute("data-stale", "1");
            }
            if near {
                if let Some(t) = timer.try_update_value(Option::take).flatten() {
                    t.clear();
                }
                timer.set_value(set_timeout_with_handle(move || paused.set(true), std::time::Duration::from_millis(CHART_PAUSE_MS)).ok());
            }
            return near;
        }
        let Some(element) = canvas.get() else { return near };
        if !has_data.get() {
            let _ = element.remove_attribute("data-stale");
            shown.set_value(Some(key));
            return near;
        }
        // The measured width, kept between draws. Unknown (a chart just built, or just shown):
        // measured in the next frame, where the page is laid out anyway, and drawn then, before
        // the frame is painted. Measuring here would lay out the page an extra time (while it is
        // being built, the half-built page).
        let css_width = width.get_untracked();
        if css_width <= 0.0 {
            request_animation_frame(move || measure(wrapper, width));
            return near;
        }
        // Stale until it is drawn, not while its width is measured first: the browser tests
        // wait for the mark to go.
        let _ = element.remove_attribute("data-stale");
        // The stylesheet holds the same size for a chart not drawn yet (`.chart canvas`).
        let css_height = (css_width * 0.62).clamp(240.0, 440.0);
        let ratio = browser::device_pixel_ratio();
        let (w, h) = ((css_width * ratio).round() as u32, (css_height * ratio).round() as u32);
        // Setting a canvas's size, even to the size it has, throws its bitmap away and
        // makes the browser allocate a new one: only on a change. Every chart paints its
        // whole area first, so the old picture never shows through.
        if (element.width(), element.height()) != (w, h) {
            element.set_width(w);
            element.set_height(h);
            // A resized canvas's context is reset, font and all.
            font.borrow_mut().clear();
            // Through the CSS object model: the Content-Security-Policy refuses `style` attributes.
            let style = web_sys::HtmlElement::style(&element);
            let _ = style.set_property("width", &format!("{css_width}px"));
            let _ = style.set_property("height", &format!("{css_height}px"));
        }
        if draw(&element, dark, ratio) {
            browser::count_draw();
            let _ = element.set_attribute("data-drawn", "1");
        }
        shown.set_value(Some(key));
        near
    });
}

/// While the user types (changes less than this apart), a chart near the screen but not on it
/// waits until this long after the last change before it is drawn: only the charts the user
/// can see are redrawn on every keystroke.
const CHART_PAUSE_MS: u64 = 200;

/// The most points of each series the chart's data table shows; the CSV download has all.
const DATA_TABLE_ROWS: usize = 200;

/// A chart drawn with plotters on a canvas, sized from its wrapper's width (height derived,
/// so resizing cannot feed back), in device pixels for crisp lines on high-DPI screens.
#[component]
pub fn ChartCanvas<T: Chart>(
    /// Element id of the canvas.
    id: &'static str,
    /// Accessible description of the chart.
    label: &'static str,
    /// Base of the download file names.
    filename: &'static str,
    /// The data; `None` shows nothing. A memo, so that an unchanged chart is not redrawn.
    data: Memo<Option<T>>,
) -> impl IntoView {
    let wrapper: NodeRef<html::Div> = NodeRef::new();
    let canvas: NodeRef<html::Canvas> = NodeRef::new();
    let width = RwSignal::new(0.0_f64);
    // The font the canvas's context has, kept from one drawing to the next.
    let font = std::rc::Rc::new(std::cell::RefCell::new(String::new()));
    let theme = use_context::<Theme>();
    let svg_font = font.clone();

    let resize_handle = window_event_listener(leptos::ev::resize, move |_| measure(wrapper, width));
    on_cleanup(move || resize_handle.remove());

    // Counts the changes of the data (a memo is pulled when read, so it is up to date in the
    // drawing's effect whatever order the two run in).
    let version = Memo::new(move |before: Option<&u64>| {
        data.track();
        before.map_or(0, |v| v + 1)
    });
    let paint_font = font.clone();
    let draw: Painter = std::rc::Rc::new(move |element, dark, ratio| {
        data.with_untracked(|data| data.as_ref().is_some_and(|chart| paint(element, chart, paint_font.clone(), dark, ratio)))
    });
    let has_data = Signal::derive(move || data.with(Option::is_some));
    draw_when_seen(Canvas { wrapper, canvas, width, font: font.clone() }, (version, has_data), theme, draw);

    let download_png = move |_| {
        let Some(element) = canvas.get_untracked() else { return };
        // A figure for a paper is printed on white: on a dark page the chart is drawn again in
        // its light colours, on a canvas of the same size that is never shown.
        let light = if theme.is_some_and(|t| t.dark_untracked()) {
            let copy = document().create_element("canvas").ok().and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok());
            copy.filter(|copy| {
                copy.set_width(element.width());
                copy.set_height(element.height());
                data.with_untracked(|d| d.as_ref().is_some_and(|chart| paint(copy, chart, Default::default(), false, browser::device_pixel_ratio())))
            })
        } else {
            None
        };
        if let Ok(url) = light.as_ref().unwrap_or(&element).to_data_url_with_type("image/png") {
            browser::download_url(&format!("{filename}.png"), &url);
        }
    };
    let download_svg = move |_| {
        // The chart's canvas measures the SVG's text (with its font, in CSS pixels).
        let measure = canvas.get_untracked().and_then(|element| context_2d(&element)).map(|context| Canvas2d::new(context, (900, 560), svg_font.clone(), false));
        data.with_untracked(|data| {
            if let Some(data) = data {
                let mut svg = String::new();
                let drawn = {
                    let area = DualBackend::Svg(SvgWriter::new(&mut svg, (900, 560)), measure).into_drawing_area();
                    data.draw(&area, 1.0)
                };
                if drawn.is_ok() {
                    browser::download_text(&format!("{filename}.svg"), "image/svg+xml", &svg);
                }
            }
        });
    };
    let download_csv = move |_| {
        data.with_untracked(|data| {
            if let Some(data) = data {
                browser::download_text(&format!("{filename}.csv"), "text/csv", &data.csv());
            }
        });
    };
    // The text alternative: a summary the canvas is described by, and the data as a table,
    // written only while its box is open (a curve can have 100,000 points).
    let summary_id = format!("{id}-summary");
    let summary = Memo::new(move |_| data.with(|d| d.as_ref().map(|chart| plot::summary(chart, label)).unwrap_or_default()));
    let table_open = RwSignal::new(false);
    let table = move || if table_open.get() { data.with(|d| d.as_ref().map(|chart| plot::data_table_html(chart, DATA_TABLE_ROWS))).unwrap_or_default() } else { String::new() };
    let on_toggle = move |ev: leptos::ev::Event| {
        if let Some(details) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
            table_open.set(details.open());
        }
    };

    view! {
        <figure class="chart" class:empty=move || !has_data.get()>
            <div class="chart-canvas" node_ref=wrapper>
                <canvas id=id node_ref=canvas role="img" aria-label=label aria-describedby=summary_id.clone()></canvas>
            </div>
            <p class="visually-hidden" id=summary_id>{summary}</p>
            <details class="chart-data" on:toggle=on_toggle>
                <summary>"Data table"</summary>
                <div class="table-scroll" inner_html=table></div>
            </details>
            <figcaption class="chart-actions" aria-label=format!("Download {label}")>
                <button type="button" on:click=download_png disabled=move || !has_data.get()>"PNG"</button>
                <button type="button" on:click=download_svg disabled=move || !has_data.get()>"SVG"</button>
                <button type="button" on:click=download_csv disabled=move || !has_data.get()>"CSV data"</button>
            </figcaption>
        </figure>
    }
}

/// A calculator's heading, what it computes in a sentence, and "Load example" and "Clear",
/// which replace the calculation undoably (as a new history entry).
#[component]
pub fn CalculatorHeader<C: Calculator>(
    /// The page frame's handle on the calculation.
    page: Page<C>,
    /// Element id of the heading (the section is labelled by it).
    heading_id: &'static str,
    /// The heading.
    heading: &'static str,
    /// One sentence on what the calculator computes.
    lede: &'static str,
    /// Element ids of the two buttons, for tests.
    example_id: &'static str,
    clear_id: &'static str,
) -> impl IntoView {
    view! {
        <header class="calc-header">
            <h1 id=heading_id tabindex="-1">{heading}</h1>
            <p class="lede">{lede}</p>
            <div class="toolbar">
                <button type="button" id=example_id on:click=move |_| page.replace(C::example(), "Example loaded")>"Load example"</button>
                <button type="button" id=clear_id class="secondary" on:click=move |_| page.replace(C::default(), "Calculator cleared")>"Clear"</button>
                <button type="button" class="secondary print-button" on:click=move |_| browser::print()>"Print or save as PDF"</button>
            </div>
        </header>
    }
}

/// "How this is calculated": equations, symbols and citations, as static markup (MathML,
/// rendered natively), closed until asked for.
#[component]
pub fn Explanation(
    /// Element id of the `<details>`.
    id: &'static str,
    /// The markup.
    html: &'static str,
) -> impl IntoView {
    view! {
        <details class="explain" id=id>
            <summary>"How this is calculated"</summary>
            <div inner_html=html></div>
        </details>
    }
}

/// A model typed as a formula, its start values, and one message line for both (an error,
/// or the hint).
#[component]
pub fn ModelFields(
    /// Element id of the formula's input; the start values' is `starts_id`, the message's
    /// `message_id`.
    model_id: &'static str,
    /// Element id of the start values' input.
    starts_id: &'static str,
    /// Element id of the message line.
    message_id: &'static str,
    /// The formula's label.
    label: &'static str,
    /// Example formula shown when empty.
    placeholder: &'static str,
    /// Example start values shown when empty.
    starts_placeholder: &'static str,
    /// What the message line says when nothing is wrong.
    hint: &'static str,
    /// The formula as typed.
    model: Signal<String>,
    /// Receives every edit of the formula.
    on_model: Callback<String>,
    /// The start values as typed.
    starts: Signal<String>,
    /// Receives every edit of the start values.
    on_starts: Callback<String>,
    /// What is wrong with the formula or the start values.
    error: Signal<Option<String>>,
    /// Controls between the formula and the start values.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let invalid = move || if error.with(Option::is_some) { "true" } else { "false" };
    view! {
        <div class="field">
            <label for=model_id>{label}</label>
            <input type="text" id=model_id spellcheck="false" autocomplete="off" placeholder=placeholder maxlength="1000"
                aria-invalid=invalid aria-describedby=message_id
                prop:value=move || model.get() on:input=move |ev| on_model.run(event_target_value(&ev))/>
            {children.map(|c| c())}
            <label for=starts_id>"Start values (name=value; add “fixed” to hold one)"</label>
            <input type="text" id=starts_id spellcheck="false" autocomplete="off" placeholder=starts_placeholder maxlength="1000"
                aria-invalid=invalid aria-describedby=message_id
                prop:value=move || starts.get() on:input=move |ev| on_starts.run(event_target_value(&ev))/>
            <p class="message" id=message_id class:error-text=move || error.with(Option::is_some)>
                {move || error.get().unwrap_or_else(|| hint.to_string())}
            </p>
        </div>
    }
}

/// A `<select>` of a [`Choice`]: its options in the list's order, the current one selected,
/// and the chosen one passed on. Each kind of choice gets its own copy of this code: a page
/// with many kinds (the gas page) uses [`Select`] instead, which is built once.
#[component]
pub fn ChoiceSelect<T: Choice>(
    /// Element id, also used by its label and by tests.
    id: &'static str,
    /// CSS class of the `<select>`; empty for none.
    #[prop(optional)]
    class: &'static str,
    /// The current choice.
    #[prop(into)]
    value: Signal<T>,
    /// Receives the new choice.
    #[prop(into)]
    on_change: Callback<T>,
) -> impl IntoView {
    view! {
        <select id=id class=class on:change=move |ev| {
            if let Some(choice) = T::from_slug(&select_value(&ev)) { on_change.run(choice) }
        }>
            {T::all().iter().map(|&c| view! {
                <option value=c.slug() prop:selected=move || value.get() == c>{c.label()}</option>
            }).collect_view()}
        </select>
    }
}

/// A `<select>` of (slug, label) options with the `selected` one shown; passes on the index
/// chosen.
#[component]
pub fn Select(
    /// Element id, also used by its label and by tests.
    id: &'static str,
    /// CSS class of the `<select>`; empty for none.
    class: &'static str,
    /// Its accessible name, when no `<label>` names it.
    label: Option<String>,
    /// (value, label) of each option.
    options: Vec<(&'static str, &'static str)>,
    /// The index of the option shown.
    selected: Signal<usize>,
    /// Receives the index chosen.
    on_change: Callback<usize>,
) -> impl IntoView {
    let slugs: Vec<&'static str> = options.iter().map(|(slug, _)| *slug).collect();
    view! {
        <select id=id class=class aria-label=label on:change=move |ev| {
            let chosen = select_value(&ev);
            if let Some(index) = slugs.iter().position(|s| *s == chosen) { on_change.run(index) }
        }>
            {options.into_iter().enumerate().map(|(i, (slug, label))| view! {
                <option value=slug prop:selected=move || selected.get() == i>{label}</option>
            }).collect_view()}
        </select>
    }
}

/// A labelled choice, through the one [`Select`] (not a copy of [`ChoiceSelect`] per kind of
/// choice, which pages with many kinds of choice cannot afford).
#[component]
pub fn Pick<T: Choice>(
    /// Element id of the `<select>`.
    id: &'static str,
    /// Its label.
    label: &'static str,
    /// The current choice.
    #[prop(into)]
    value: Signal<T>,
    /// Receives the new choice.
    #[prop(into)]
    on_change: Callback<T>,
) -> impl IntoView {
    let options = T::all().iter().map(|&c| (c.slug(), c.label())).collect();
    let selected = Memo::new(move |_| value.with(|v| T::all().iter().position(|c| c == v).unwrap_or(0)));
    let on_change = Callback::new(move |index: usize| {
        if let Some(&choice) = T::all().get(index) {
            on_change.run(choice);
        }
    });
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <Select id=id class="" label=None options=options selected=Signal::from(selected) on_change=on_change/>
        </div>
    }
}

/// Reads the value of a `<select>` from its change event.
pub fn select_value(ev: &leptos::ev::Event) -> String {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}
