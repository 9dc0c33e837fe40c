//! Any text to the share-link decoder of every calculator; a link the app writes must open again.
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::link(data));
