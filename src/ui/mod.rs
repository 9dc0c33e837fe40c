//! The Leptos user interface (wasm only). Each page of the site mounts one calculator
//! ([`mount`], from its binary in `src/bin/`); the page frame (`app`: routing, navigation,
//! share links, saved work, undo) and the widgets are written once for all of them, and each
//! calculator's panel is a composition of small components over its typed state.

mod announce;
mod app;
mod browser;
mod canvas2d;
mod data_table;
mod dual_backend;
mod file_reading;
mod gas;
mod home;
mod import_worker;
mod in_view;
mod later;
mod patch;
mod pec;
mod qd;
mod quench;
mod theme;
mod widgets;

pub use app::{mount, CalculatorUi, Page};
pub use import_worker::serve as serve_import_worker;
