//! Any text to the typed-model parser, then its evaluator and a fit on small data.
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::typed_model(data));
