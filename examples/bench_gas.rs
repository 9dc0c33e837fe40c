//! Native timing of the gas page's work per edit, step by step: the whole evaluation (fields,
//! the time course's initial rate and saturating fit with its profile interval, propagation),
//! the saturating fit alone, the charts' data and the results' markup, for the example.
//!
//!     cargo run --profile native --example bench_gas
//!
//! Prints figures; the page's own per-edit figures (in Chromium, with drawing) come from
//! `node tools/bench`.

use photocalc::science::gas::kinetics::{fit_saturation, TimeCourse};
use photocalc::state::gas::view::{build_charts, results_html};
use photocalc::state::{Calculator, GasState};

#[path = "common/timing.rs"]
mod timing;
use timing::median_ms;

fn main() {
    let example = GasState::example();
    let outcome = example.evaluate();
    let course = outcome.course.as_ref().expect("the example has a time course");
    let (time_h, amount) = (course.time_h.clone(), course.product_umol.clone());
    println!("gas example, {} time-course points (median of 200 runs):", time_h.len());
    println!("  evaluate (everything)        {:.3} ms", median_ms(200, || drop(example.evaluate())));
    println!("  saturating fit + profile     {:.3} ms", median_ms(200, || drop(fit_saturation(&TimeCourse { time_h: &time_h, amount: &amount }))));
    println!("  charts' data                 {:.3} ms", median_ms(200, || drop(build_charts(&example, &outcome))));
    println!("  results' markup              {:.3} ms", median_ms(200, || drop(results_html(&example, &outcome))));
}
