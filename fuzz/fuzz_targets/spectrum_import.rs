//! A file's bytes to the UV-vis spectrum importer and on into the quantum-dot page's state.
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::spectrum_import(data));
