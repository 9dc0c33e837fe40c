//! Native timing of the quenching page's work per edit, step by step: reading the table, the
//! fits (Stern–Volmer and Langmuir, without and with profile intervals), the charts' data and
//! the results' markup, for the example and a 1000-row table, without and with a typed model.
//!
//!     cargo run --profile native --example bench_quench
//!
//! Prints figures; the page's own per-edit figures (in Chromium, with drawing) come from
//! `node tools/bench`.

use photocalc::state::quench::view::{build_charts, results_html};
use photocalc::state::quench::{QuenchOutcome, Row};
use photocalc::state::{Calculator, QuenchState};

#[path = "common/timing.rs"]
mod timing;
use timing::median_ms;

fn main() {
    let example = QuenchState::example();
    // 1000 Langmuir points, [Q] 0 … 20 µM, with a fixed ±1 % pattern.
    let rows = (0..1000)
        .map(|i| {
            let q_um = i as f64 * 0.02;
            let kq = 2.5e5 * q_um * 1e-6;
            let pattern = ((i * 7919) % 13) as f64 / 6.0 - 1.0;
            let intensity = 1000.0 * (1.0 - 0.7 * kq / (1.0 + kq)) * (1.0 + 0.01 * pattern);
            Row::new(&q_um.to_string(), &format!("{intensity:.1}"))
        })
        .collect();
    let large = QuenchState { rows, ..example.clone() };
    // The same table with a typed model beside the built-in ones (Stern–Volmer with a static
    // term, on the I₀/I scale).
    let typed = QuenchState { typed_model: "(1 + K*x)*(1 + S*x)".to_string(), ..large.clone() };
    for (name, state) in [("example (9 rows)", example), ("1000 rows", large), ("1000 rows and a typed model", typed)] {
        let QuenchOutcome::Fitted { data, measurements, analysis } = state.evaluate() else { panic!("{name} must fit") };
        let read = median_ms(51, || drop(state.data()));
        let typing = median_ms(21, || drop(state.evaluate_while_typing(None)));
        // An edit ago, the fourth value was 2 % lower: the fits while typing start from there
        // (tables of more than 200 points).
        let mut before = state.clone();
        let typed: f64 = before.rows[3].value.parse().unwrap_or(0.0);
        before.rows[3].value = format!("{:.1}", typed * 0.98);
        let previous = before.evaluate_while_typing(None);
        let warm = median_ms(21, || drop(state.evaluate_while_typing(Some(&previous))));
        let full = median_ms(21, || drop(state.evaluate()));
        let charts = median_ms(51, || drop(build_charts(&data, &measurements, &analysis, "µM")));
        let html = median_ms(51, || drop(results_html(&data, &measurements, &analysis)));
        println!("{name}: read {read:.3} ms; fits while typing {typing:.3} ms, from an edit ago {warm:.3} ms, with profile intervals {full:.3} ms; charts' data {charts:.3} ms; results markup {html:.3} ms");
    }
}
