//! A file's bytes to the potentiostat importer (.mpt, .mpr, .DTA, CHI, .pssession, HZB, CSV) and into the page.
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::pec_import(data));
