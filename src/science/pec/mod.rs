//! Photoelectrochemistry (issue 10): potential scales first; J–V curves from files and the
//! bias-free operating point of a photoanode wired to a photocathode follow (seed 002: a TaON
//! photoanode and a CdS/CuInS₂ photocathode regenerating NADH with no applied bias).

pub mod chopped;
pub mod efficiency;
pub mod import;
pub mod model;
pub mod operating;
pub mod scales;
