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

#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub use console_error_panic_hook as __panic_hook;
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub use talc as __talc;

/// The `main` of a page of the site (`src/bin/page-*.rs`): on wasm32 it mounts the page of
/// calculator `$calculator` (a `ui::CalculatorUi`); natively the binary only says what it is.
#[macro_export]
macro_rules! page {
    ($calculator:ty) => {
        /// The page's memory allocator: Talc instead of Rust's default dlmalloc, which is
        /// larger in the download (0.7 kB gzipped) and slower.
        #[cfg(target_arch = "wasm32")]
        #[global_allocator]
        static ALLOCATOR: $crate::__talc::wasm::WasmDynamicTalc = $crate::__talc::wasm::new_wasm_dynamic_allocator();

        #[cfg(target_arch = "wasm32")]
        fn main() {
            // Development builds print a panic's message to the console. Release builds leave
            // the hook out (2-3 kB of a 250 kB budget): there a panic still stops the app with
            // "RuntimeError: unreachable", which the browser tests fail on.
            #[cfg(debug_assertions)]
            $crate::__panic_hook::set_once();
            $crate::ui::mount::<$calculator>();
        }

        #[cfg(not(target_arch = "wasm32"))]
        fn main() {
            eprintln!("This binary is a page of the PhotoCalc web app: tools/build builds it for the browser. The command line is `photocalc`.");
            std::process::exit(2);
        }
    };
}
