//! Native timing of the photoelectrochemistry page's work per edit: the whole evaluation (two
//! model curves, the operating point, onsets, the best area ratio, products), the charts' data
//! and the results' markup, for the example and for two measured curves of 100,000 points each
//! (as the budget names: import, solve and redraw within 200 ms in the page).
//!
//!     cargo run --profile native --example bench_pec
//!
//! Prints figures; the page's own figures (in Chromium, with drawing) come from `node tools/bench`.

use photocalc::state::pec::view::{build_charts, card_html, Card};
use photocalc::state::pec::{CurrentColumn, CurveSource, PecState, Side};
use photocalc::state::Calculator;

#[path = "common/timing.rs"]
mod timing;
use timing::median_ms;

/// A photoanode-like curve (mA cm⁻²) of `n` points from −1 to +0.6 V, with its sign for a
/// photocathode: a smooth step at `onset` with 0.5 % ripple, written as a file would give it.
fn measured(n: usize, onset: f64, photoanode: bool) -> Vec<Vec<String>> {
    (0..n)
        .map(|i| {
            let e = -1.0 + 1.6 * i as f64 / (n - 1) as f64;
            let x = if photoanode { e - onset } else { onset - e };
            let j = 0.5 / (1.0 + (-x / 0.05).exp()) * (1.0 + 0.005 * (i as f64 * 0.37).sin());
            vec![format!("{e:.6}"), format!("{:.6e}", if photoanode { j } else { -j })]
        })
        .collect()
}

fn report(label: &str, state: &PecState, runs: usize) {
    let outcome = state.evaluate();
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    let current = outcome.main_point().map_or(f64::NAN, |p| p.current_ma);
    println!("{label} (operating current {current:.6} mA at {} crossing(s); median of {runs} runs):", outcome.points.len());
    println!("  evaluate (everything)        {:.3} ms", median_ms(runs, || drop(state.evaluate())));
    let stages = [state.side_stage(Side::Anode), state.side_stage(Side::Cathode)];
    println!("  with both curves kept        {:.3} ms   (an edit that touches neither curve)", median_ms(runs, || drop(state.evaluate_with([&stages[0], &stages[1]]))));
    println!("  charts' data                 {:.3} ms", median_ms(runs, || drop(build_charts(state, &outcome))));
    println!("  results' markup              {:.3} ms", median_ms(runs, || drop(Card::ALL.map(|c| card_html(c, state, &outcome)))));
    // The link and the saved work: each table's packed text is kept with its rows (`RowsLink`).
    let first = std::time::Instant::now();
    let fragment = photocalc::state::calculator::encode(state);
    let first = first.elapsed().as_secs_f64() * 1e3;
    println!("  encoded for the link         {first:.3} ms the first time, {:.3} ms again ({} kB)", median_ms(runs, || drop(photocalc::state::calculator::encode(state))), fragment.len() / 1000);
}

fn main() {
    report("pec example, two model curves of 961 points", &PecState::example(), 200);
    let mut big = PecState::example();
    for (side, onset) in [(Side::Anode, -0.45), (Side::Cathode, 0.03)] {
        let e = big.electrode_mut(side);
        e.source = CurveSource::Table;
        e.column = CurrentColumn::Density;
        e.rows = measured(100_000, onset, side == Side::Anode).into();
    }
    report("two measured curves of 100,000 points each", &big, 10);

    // Opening a 100,000-point CSV export: read by content, offered by sweep, put in the table.
    let mut csv = String::from("Potential (V),Current (mA)\n");
    for row in measured(100_000, -0.45, true) {
        csv.push_str(&format!("{},{}\n", row[0], row[1]));
    }
    let bytes = csv.into_bytes();
    println!("opening a 100,000-point CSV ({} kB; median of 10 runs):", bytes.len() / 1000);
    let recording = photocalc::science::pec::import::read(&bytes).unwrap().unwrap();
    println!("  read by content              {:.3} ms", median_ms(10, || drop(photocalc::science::pec::import::read(&bytes))));
    let choices = photocalc::state::pec::import_choices(&recording);
    println!("  sweeps offered               {:.3} ms", median_ms(10, || drop(photocalc::state::pec::import_choices(&recording))));
    let mut state = PecState::example();
    println!("  put in the table             {:.3} ms", median_ms(10, || drop(state.clone().import(photocalc::state::pec::Table::Curve(Side::Anode), &recording, &choices[0], "jv.csv"))));
    state.import(photocalc::state::pec::Table::Curve(Side::Anode), &recording, &choices[0], "jv.csv");
    println!("  its curve, from the numbers kept when it was put in {:.3} ms", median_ms(10, || drop(state.side_stage(Side::Anode))));
}
