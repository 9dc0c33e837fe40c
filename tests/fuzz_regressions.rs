//! Every input a fuzzer broke PhotoCalc with (docs/reliability.md), run through the same code
//! as its fuzz target (`tests/fuzz_checks/`): `tests/fuzz_regressions/<target>/` holds them,
//! one file each, named after what they broke.

mod fuzz_checks;

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Runs `check` on every input kept for `target`; each must pass, and within `limit` (an input
/// that made a page hang is a finding too).
fn replay(target: &str, check: fn(&[u8]), limit: Duration) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no inputs", dir.display());
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let start = Instant::now();
        check(&bytes);
        let took = start.elapsed();
        assert!(took < limit, "{} took {took:?} (at most {limit:?})", file.display());
    }
}

#[test]
fn link_inputs() {
    replay("link", fuzz_checks::link, Duration::from_secs(5));
}

/// A spectrum on a 0.001 nm grid (10,000 points): the search for detector steps measured the
/// curve around each point from every point within 7 nm, 10,000 of them here, so the work grew
/// with the square of the points; a real high-resolution export froze the page for seconds.
/// It now takes at most 250 intervals on each side (docs/reliability.md).
#[test]
fn a_spectrum_on_a_very_fine_grid_is_screened_in_bounded_time() {
    use photocalc::science::spectrum::{screen, Spectrum};
    let x: Vec<f64> = (0..10_000).map(|i| 500.0 + i as f64 * 0.001).collect();
    // A smooth band with a little deterministic ripple, as a real scan has.
    let y = x.iter().map(|&v| 0.5 + 0.3 * (-(v - 505.0).powi(2) / 4.0).exp() + 1e-4 * (v * 7919.0).sin()).collect();
    let spectrum = Spectrum::new(x, y).unwrap();
    let start = Instant::now();
    let _ = screen(&spectrum);
    let took = start.elapsed();
    // About 1 s in a debug build with the bound, some 15 s without.
    assert!(took < Duration::from_secs(8), "screening took {took:?}");
}
