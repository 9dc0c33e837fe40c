//! The science core: pure Rust, no web dependencies.

pub mod constants;
pub mod format;
pub mod qd;
pub mod spectrum;
