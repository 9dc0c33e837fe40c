//! The science core: pure Rust, no web dependencies.

pub mod constants;
pub mod decimal;
pub mod fit;
pub mod format;
pub mod gas;
pub mod numeric;
pub mod pec;
pub mod qd;
pub mod quench;
pub mod read;
pub mod spectrum;
pub mod wire;
