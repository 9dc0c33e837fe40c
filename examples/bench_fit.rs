//! The Rust half of the fitting benchmark `tools/bench-fit` (issue 3): times our engine on
//! NIST Misra1d and on a synthetic Langmuir isotherm, writes the Langmuir data it generated
//! (so that SciPy fits exactly the same numbers) and every result to a directory.
//!
//! ```sh
//! cargo run --release --example bench_fit -- --out target/bench-fit \
//!     [--misra ../shared/refdata/nist/json/Misra1d.json] [--quick] [--only misra|langmuir]
//! ```
//!
//! `--only` runs one family of cases (to profile it, e.g. under `perf record`); `tools/bench-fit`
//! needs them all.
//!
//! Writes `OUT/langmuir_1000.csv`, `OUT/langmuir_100000.csv` (columns x,y) and
//! `OUT/ours.json` (one record per case and model: median and minimum wall time of one
//! `fit` call, repetitions, iterations, estimates, standard errors, RSS). Timing: a few
//! warm-up calls, then `reps` timed calls, each a complete `fit(model, data, settings)` (the
//! model is parsed once beforehand, as SciPy's model function is defined once); the median
//! is the figure. Prints a short summary; `tools/bench-fit` prints the comparison table.
//!
//! Langmuir data: ΔI/I0 = m·K·x/(1 + K·x) with m = 0.7, K = 2.5·10⁵ M⁻¹, x = 2·10⁻⁵·i/(n − 1) M
//! for i = 0 … n − 1, plus Gaussian noise of standard deviation 1 % of the largest true signal
//! (m·K·x_max/(1 + K·x_max) = 0.5833…), from SplitMix64 (seed 20261121) through Box–Muller.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use photocalc::science::fit::{fit, parse, Data, FitReport, FitSettings, Model};
use serde_json::{json, Value};

/// ΔI/I0 = m·K·x/(1 + K·x), parameters [m, K]; with the analytic gradient and a batch
/// Jacobian (one pass over the data, column-major as [`Model::values_and_jacobian`] asks).
/// Misra1d, y = b1·b2·x/(1 + b2·x), is the same function with b1 = m, b2 = K.
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

    fn values(&self, x: &[f64], p: &[f64], out: &mut [f64]) {
        let (m, k) = (p[0], p[1]);
        for (o, &xi) in out.iter_mut().zip(x) {
            *o = m * k * xi / (1.0 + k * xi);
        }
    }

    fn values_and_jacobian(&self, x: &[f64], p: &[f64], values: &mut [f64], jacobian: &mut [f64]) {
        let n = x.len();
        let (m, k) = (p[0], p[1]);
        let (dm, dk) = jacobian.split_at_mut(n);
        for (i, &xi) in x.iter().enumerate() {
            let d = 1.0 + k * xi;
            let g = k * xi / d;
            values[i] = m * g;
            dm[i] = g;
            dk[i] = m * xi / (d * d);
        }
    }
}

/// SplitMix64 (S. Vigna): a 64-bit state, one multiply-xorshift output per step.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1]: 53 random bits, never 0 (Box–Muller takes its logarithm).
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    /// Standard normal by Box–Muller (the cosine branch only: one draw per two uniforms).
    fn gaussian(&mut self) -> f64 {
        let (u1, u2) = (self.uniform(), self.uniform());
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

const SEED: u64 = 20261121;
const M_TRUE: f64 = 0.7;
const K_TRUE: f64 = 2.5e5;
const X_MAX: f64 = 2e-5;
const LANGMUIR_START: [f64; 2] = [1.0, 1.0e5];

fn langmuir_data(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut rng = SplitMix64(SEED);
    let sd = 0.01 * Langmuir.value(X_MAX, &[M_TRUE, K_TRUE]);
    let x: Vec<f64> = (0..n).map(|i| X_MAX * i as f64 / (n - 1) as f64).collect();
    let y = x
        .iter()
        .map(|&xi| Langmuir.value(xi, &[M_TRUE, K_TRUE]) + sd * rng.gaussian())
        .collect();
    (x, y)
}

struct Timing {
    median_ms: f64,
    min_ms: f64,
    reps: usize,
    report: FitReport,
}

/// Times `reps` complete fits after `warmup` untimed ones; every fit must succeed.
fn time_fit(
    model: &dyn Model,
    data: &Data,
    start: &[f64],
    warmup: usize,
    reps: usize,
) -> Result<Timing, String> {
    let run = || fit(model, data, &FitSettings::new(start.to_vec())).map_err(|e| e.to_string());
    for _ in 0..warmup {
        std::hint::black_box(run()?);
    }
    let mut times = Vec::with_capacity(reps);
    let mut last = None;
    for _ in 0..reps {
        let t0 = Instant::now();
        let report = std::hint::black_box(run()?);
        times.push(t0.elapsed().as_secs_f64() * 1e3);
        last = Some(report);
    }
    times.sort_by(f64::total_cmp);
    let report = last.ok_or("no repetitions")?;
    if !report.converged {
        return Err(format!("did not converge: {}", report.message));
    }
    Ok(Timing {
        median_ms: times[times.len() / 2],
        min_ms: times[0],
        reps,
        report,
    })
}

fn record(case: &str, n: usize, model: &str, start: &[f64], t: &Timing) -> Value {
    let r = &t.report;
    json!({
        "case": case,
        "n": n,
        "model": model,
        "start": start,
        "median_ms": t.median_ms,
        "min_ms": t.min_ms,
        "reps": t.reps,
        "iterations": r.iterations,
        "termination": format!("{:?}", r.termination),
        "params": r.parameters.iter().map(|e| e.value).collect::<Vec<_>>(),
        "stderr": r.parameters.iter().map(|e| e.std_error).collect::<Vec<_>>(),
        "rss": r.rss,
        "residual_sd": r.residual_sd,
    })
}

fn numbers(v: &Value, key: &str) -> Result<Vec<f64>, String> {
    v[key]
        .as_array()
        .ok_or(format!("Misra1d JSON: no array '{key}'"))?
        .iter()
        .map(|x| {
            x.as_f64()
                .ok_or(format!("Misra1d JSON: '{key}' holds a non-number"))
        })
        .collect()
}

fn run() -> Result<(), String> {
    let mut out = PathBuf::from("target/bench-fit");
    let mut misra = PathBuf::from("../shared/refdata/nist/json/Misra1d.json");
    let mut quick = false;
    let mut only = String::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = args.next().ok_or("--out needs a directory")?.into(),
            "--misra" => misra = args.next().ok_or("--misra needs a file")?.into(),
            "--quick" => quick = true,
            "--only" => only = args.next().ok_or("--only needs misra or langmuir")?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    // Repetitions: many for the small fits (microseconds to a millisecond each), fewer for
    // n = 100,000 (tens of milliseconds each); the median is reported.
    let (reps_small, reps_1k, reps_large) = if quick { (51, 21, 5) } else { (1001, 301, 51) };

    let mut results = Vec::new();
    let mut summary = String::new();
    let mut note = |case: &str, n: usize, model: &str, t: &Timing| {
        let _ = writeln!(
            summary,
            "  {case:<16} n = {n:>6}  {model:<8}  median {:>10.4} ms  (min {:.4}, {} reps, {} iterations)",
            t.median_ms, t.min_ms, t.reps, t.report.iterations
        );
    };

    // NIST Misra1d from both certified start points.
    let text = std::fs::read_to_string(&misra).map_err(|e| format!("{}: {e}", misra.display()))?;
    let set: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", misra.display()))?;
    let (mx, my) = (numbers(&set, "x")?, numbers(&set, "y")?);
    let typed_misra = parse("b1*b2*x*((1+b2*x)**(-1))").map_err(|e| e.to_string())?;
    let data = Data::new(&mx, &my);
    let misra_keys: &[&str] = if only.is_empty() || only == "misra" {
        &["start1", "start2"]
    } else {
        &[]
    };
    for &start_key in misra_keys {
        let start = numbers(&set, start_key)?;
        let case = format!("Misra1d/{start_key}");
        for (label, model) in [
            ("typed", &typed_misra as &dyn Model),
            ("analytic", &Langmuir as &dyn Model),
        ] {
            let t = time_fit(model, &data, &start, reps_small / 10, reps_small)
                .map_err(|e| format!("{case} ({label}): {e}"))?;
            note(&case, mx.len(), label, &t);
            results.push(record(&case, mx.len(), label, &start, &t));
        }
    }

    // Synthetic Langmuir isotherm.
    let typed = parse("m*K*x/(1 + K*x)").map_err(|e| e.to_string())?;
    let sizes: &[usize] = if only.is_empty() || only == "langmuir" {
        &[1_000, 100_000]
    } else {
        &[]
    };
    for &n in sizes {
        let (x, y) = langmuir_data(n);
        let path = out.join(format!("langmuir_{n}.csv"));
        let mut csv = String::with_capacity(n * 48);
        csv.push_str("x,y\n");
        for (xi, yi) in x.iter().zip(&y) {
            // Rust prints the shortest decimal that reads back to the same f64.
            let _ = writeln!(csv, "{xi:e},{yi:e}");
        }
        std::fs::write(&path, csv).map_err(|e| format!("{}: {e}", path.display()))?;
        let data = Data::new(&x, &y);
        let reps = if n > 10_000 { reps_large } else { reps_1k };
        let case = "Langmuir";
        for (label, model) in [
            ("typed", &typed as &dyn Model),
            ("analytic", &Langmuir as &dyn Model),
        ] {
            let t = time_fit(model, &data, &LANGMUIR_START, 2.max(reps / 10), reps)
                .map_err(|e| format!("{case} n = {n} ({label}): {e}"))?;
            note(case, n, label, &t);
            results.push(record(case, n, label, &LANGMUIR_START, &t));
        }
    }

    let meta = json!({
        "results": results,
        "langmuir": {
            "m": M_TRUE, "K": K_TRUE, "x_max": X_MAX, "seed": SEED,
            "noise_sd": 0.01 * Langmuir.value(X_MAX, &[M_TRUE, K_TRUE]),
            "start": LANGMUIR_START,
            "models": {"typed": "m*K*x/(1 + K*x)", "analytic": "impl Model (batch Jacobian)"},
        },
        "misra1d_model": "b1*b2*x*((1+b2*x)**(-1))",
        "settings": "FitSettings::new(start): reduction 1e-14, step 1e-12, gradient 1e-14, ≤ 1000 iterations",
        "debug_assertions": cfg!(debug_assertions),
    });
    let path = out.join("ours.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&meta).unwrap_or_default(),
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    print!("{summary}");
    println!("  wrote {}", path.display());
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench_fit: {e}");
        std::process::exit(1);
    }
}
