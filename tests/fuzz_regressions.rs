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
