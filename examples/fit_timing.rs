//! Times the fitting engine: `cargo run --release --example fit_timing`.
//!
//! Misra1a (NIST, 14 points, typed model) and a synthetic Langmuir binding isotherm
//! ΔI/I0 = m·K·[Q]/(1 + K·[Q]) with 1 % noise at n = 1,000 and 100,000, both as a typed formula
//! (forward-mode derivatives) and as a hand-written [`Model`] with an analytic gradient.

use std::time::Instant;

use photocalc::science::fit::{fit, parse, Data, FitSettings, Model};

/// ΔI/I0 = m·K·x/(1 + K·x), parameters [m, K].
struct Langmuir;

impl Model for Langmuir {
    fn parameter_names(&self) -> Vec<String> {
        vec!["m".into(), "K".into()]
    }

    fn value(&self, x: f64, p: &[f64]) -> f64 {
        p[0] * p[1] * x / (1.0 + p[1] * x)
    }

    fn value_and_gradient(&self, x: f64, p: &[f64], grad: &mut [f64]) -> f64 {
        let d = 1.0 + p[1] * x;
        grad[0] = p[1] * x / d;
        grad[1] = p[0] * x / (d * d);
        p[0] * p[1] * x / d
    }
}

/// Median wall time of `runs` calls, in milliseconds.
fn time(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn main() {
    let x = [
        77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1,
        760.0,
    ];
    let y = [
        10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47,
        81.78,
    ];
    let misra = parse("b1*(1-exp(-b2*x))").expect("formula");
    let mut iterations = 0;
    let ms = time(201, || {
        let r = fit(
            &misra,
            &Data::new(&x, &y),
            &FitSettings::new(vec![500.0, 1e-4]),
        )
        .expect("Misra1a fits");
        iterations = r.iterations;
    });
    println!("Misra1a (n = 14, typed, start 1)      {ms:9.4} ms  ({iterations} iterations)");

    let typed = parse("m*K*x/(1 + K*x)").expect("formula");
    for n in [1_000usize, 100_000] {
        // Deterministic noise from a linear congruential generator.
        let mut state = 12345u64;
        let mut noise = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 11) as f64 / (1u64 << 53) as f64) - 0.5
        };
        let q: Vec<f64> = (0..n).map(|i| 1e-3 * (i as f64 + 1.0) / n as f64).collect();
        let signal: Vec<f64> = q
            .iter()
            .map(|&c| Langmuir.value(c, &[0.8, 5e3]) * (1.0 + 0.02 * noise()))
            .collect();
        let data = Data::new(&q, &signal);
        let runs = if n > 10_000 { 21 } else { 201 };
        for (label, model) in [
            ("analytic", &Langmuir as &dyn Model),
            ("typed", &typed as &dyn Model),
        ] {
            let mut iterations = 0;
            let ms = time(runs, || {
                let r =
                    fit(model, &data, &FitSettings::new(vec![1.0, 1e3])).expect("Langmuir fits");
                iterations = r.iterations;
            });
            println!(
                "Langmuir (n = {n:>7}, {label:8})      {ms:9.3} ms  ({iterations} iterations)"
            );
        }
    }
}
