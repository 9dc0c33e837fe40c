//! Entry point. On wasm32 this mounts the web app; natively it is the `photocalc` command line.

/// The page's memory allocator: Talc instead of Rust's default dlmalloc, which is larger in
/// the download (the quench page's module is 0.7 kB smaller gzipped with Talc) and slower.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    // Development builds print a panic's message to the console. Release builds leave the
    // hook out (it costs 2-3 kB of a 250 kB budget): there a panic still stops the app with
    // "RuntimeError: unreachable", which the browser tests fail on, and no panic may happen.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    photocalc::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // args_os, not args: args panics on an argument that is not UTF-8; cli::run reports it.
    match photocalc::cli::run(std::env::args_os().skip(1)) {
        Ok(output) => println!("{output}"),
        Err(message) => {
            eprintln!("photocalc: {message}");
            std::process::exit(2);
        }
    }
}
