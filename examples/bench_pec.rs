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
    println!("{label} (operating current {current:.6} mA; median of {runs} runs):");
    println!("  evaluate (everything)        {:.3} ms", median_ms(runs, || drop(state.evaluate())));
    println!("  charts' data                 {:.3} ms", median_ms(runs, || drop(build_charts(state, &outcome))));
    println!("  results' markup              {:.3} ms", median_ms(runs, || drop(Card::ALL.map(|c| card_html(c, state, &outcome)))));
}

fn main() {
    report("pec example, two model curves of 961 points", &PecState::example(), 200);
    let mut big = PecState::example();
    for (side, onset) in [(Side::Anode, -0.45), (Side::Cathode, 0.03)] {
        let e = big.electrode_mut(side);
        e.source = CurveSource::Table;
        e.column = CurrentColumn::Density;
        e.rows = measured(100_000, onset, side == Side::Anode);
    }
    report("two measured curves of 100,000 points each", &big, 10);
}
