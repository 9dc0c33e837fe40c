//! PhotoCalc: calculators for photocatalysis and photoelectrochemistry.
//!
//! Layers, with dependencies pointing one way:
//! `science` (pure numerics, no web) → `state` (app state and its URL codec, pure)
//! and `plot` (charts, generic over the plotters backend) → `ui` (Leptos components, wasm only).
//! Everything outside `ui` builds and is tested natively.

pub mod plot;
pub mod science;
pub mod state;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod ui;
