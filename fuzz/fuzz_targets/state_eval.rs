//! A share link through each calculator's state to its result (JSON and CSV reports).
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::state_eval(data));
