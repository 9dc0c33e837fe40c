//! What each fuzz target (fuzz/fuzz_targets/) does with one input, shared with
//! `tests/fuzz_regressions.rs`, which runs every input a fuzzer ever broke through the same
//! code. Each function panics only where PhotoCalc itself fails: a panic inside it, or a link
//! it writes that does not open again.
#![allow(dead_code)]

use photocalc::science::fit::{fit, parse, Data, FitSettings, Model};
use photocalc::science::pec::import::{read_with, Columns};
use photocalc::science::qd::Model as QdModel;
use photocalc::science::read::{read_number, Context, DecimalMark, Table};
use photocalc::science::spectrum::{find_first_exciton_peak, parse_spectrum_with, screen, smoothed, Ordinate};
use photocalc::state::calculator::{decode, encode};
use photocalc::state::pec::{import_choices, Side, Table as PecTable};
use photocalc::state::qd::import::{describe_import, import_spectrum};
use photocalc::state::session::decode_saved;
use photocalc::state::{self, Calculator, GasState, PecState, QdState, QuenchState, Visitor};

/// `link`: any text as a link or address to every calculator, as the query of each
/// calculator's link, and as saved work; whatever opens is written as a link again, which must
/// open to the same link.
pub fn link(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    state::route_of(text);
    open::<QdState>(text);
    open::<QuenchState>(text);
    open::<GasState>(text);
    open::<PecState>(text);
}

fn open<C: Calculator>(text: &str) {
    let query = format!("#/{}?{text}", C::INFO.slug);
    for state in [decode::<C>(text), decode::<C>(&query), decode_saved::<C>(text)].into_iter().flatten() {
        let written = encode(&state);
        match decode::<C>(&written) {
            Ok(again) => assert_eq!(encode(&again), written, "a written link reads back differently"),
            Err(e) => panic!("a link the app wrote does not open: {e}\n{written}"),
        }
    }
}

/// `state_eval`: a share link (or, when the text names no calculator, the query of one chosen
/// by its first byte) through the state to the calculator's result, as `photocalc eval` does:
/// the JSON report and, where the calculator has one, the CSV report.
pub fn state_eval(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let link = match state::calculator_of(text) {
        Some(_) => text.to_string(),
        None => {
            let Some((&first, rest)) = data.split_first() else { return };
            let Ok(rest) = std::str::from_utf8(rest) else { return };
            let info = state::CALCULATORS[first as usize % state::CALCULATORS.len()];
            format!("#/{}?{rest}", info.slug)
        }
    };
    if let Some(info) = state::calculator_of(&link) {
        state::visit(info.slug, Evaluate(&link));
    }
}

struct Evaluate<'a>(&'a str);

impl Visitor for Evaluate<'_> {
    type Output = ();
    fn visit<C: Calculator>(self) {
        if let Ok(state) = decode::<C>(self.0) {
            let _ = state.report();
            let _ = state.report_csv();
        }
    }
}

/// `spectrum_import`: a file's bytes as the quantum-dot page and `photocalc import` read them
/// (UTF-8, anything else replaced): its first series under each reading of the y values and
/// the next series; the first screened, smoothed and searched for a peak in a window; then the
/// page's importer, the spectrum taken into the state, its link and its result.
pub fn spectrum_import(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(first) = parse_spectrum_with(&text, 0, None) else { return };
    let ordinates = [Some(Ordinate::Absorbance), Some(Ordinate::PercentTransmittance), Some(Ordinate::Transmittance)];
    for ordinate in ordinates {
        let _ = parse_spectrum_with(&text, 0, ordinate);
    }
    for series in 1..first.series_names.len().min(3) {
        let _ = parse_spectrum_with(&text, series, None);
    }
    let s = &first.spectrum;
    let _ = screen(s);
    let _ = smoothed(s);
    if let Some((lo, hi)) = s.range_nm() {
        let _ = find_first_exciton_peak(s, Some((lo, (lo + hi) / 2.0)));
    }
    if let Ok(imported) = import_spectrum(&text, 0) {
        let _ = describe_import(&imported, QdModel::YuPeng);
        let mut state = QdState::default();
        state.take_spectrum(&imported);
        let _ = encode(&state);
        let _ = state.report();
    }
}

/// `pec_import`: a file's bytes to the potentiostat importer, read again with each column it
/// offers and one it does not have, and its sweeps put into the photoelectrochemistry page's
/// state as the page does, then evaluated and written as a link.
pub fn pec_import(data: &[u8]) {
    let Some(Ok(recording)) = read_with(data, &Columns::default()) else { return };
    let potentials = recording.potential_columns.iter().map(|c| Columns { potential: Some(c.clone()), current: None });
    let currents = recording.current_columns.iter().map(|c| Columns { potential: None, current: Some(c.clone()) });
    let missing = Columns { potential: Some("no such column".into()), current: None };
    for columns in potentials.chain(currents).take(6).chain([missing]) {
        let _ = read_with(data, &columns);
    }
    for choice in import_choices(&recording).iter().take(4) {
        let mut state = PecState::default();
        let _ = state.import(PecTable::Curve(Side::Anode), &recording, choice, "fuzz");
        let _ = state.import(PecTable::Trace, &recording, choice, "fuzz");
        let _ = state.evaluate();
        let _ = state.report();
        let _ = encode(&state);
    }
}

/// `read`: any text as a typed number in every context (when short), and as a pasted table
/// whose every column, and one past the last, is read.
pub fn read(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.len() <= 64 {
        for context in [Context::Field, Context::Table(DecimalMark::Point), Context::Table(DecimalMark::Comma)] {
            if let Ok(number) = read_number(text, context) {
                if let Some(ambiguity) = number.ambiguity {
                    let _ = ambiguity.message(text, number.value);
                }
            }
        }
    }
    if let Ok(table) = Table::read(text) {
        let columns = table.rows.iter().map(|(_, cells)| cells.len()).max().unwrap_or(0).min(8);
        let _ = table.numbers(&(0..=columns).collect::<Vec<_>>());
    }
}

/// `typed_model`: any text as a model formula; one that parses is evaluated with its
/// derivatives at awkward points and fitted to a small data set, as the quench page and
/// `photocalc fit` do.
pub fn typed_model(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(model) = parse(text) else { return };
    let n = model.parameter_names().len();
    let mut gradient = vec![0.0; n];
    for x in [0.0, -1.0, 0.5, 1e300, f64::NAN] {
        for p in [1.0, 0.0, -2.5] {
            let _ = model.value(x, &vec![p; n]);
            let _ = model.value_and_gradient(x, &vec![p; n], &mut gradient);
        }
    }
    let x = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
    let y = [1.0, 1.6, 2.1, 2.4, 2.9, 3.1, 3.2, 3.5];
    let _ = fit(&model, &Data::new(&x, &y), &FitSettings::for_model(&model));
}
