//! The web worker that reads files for the pages (`ui::import_worker`): UV-vis spectra for
//! index.html, potentiostat files for pec.html. Its own module, fetched the first time a file
//! is opened, so no page's download carries a file reader and a 50 MB file never freezes a
//! page.

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    photocalc::ui::serve_import_worker();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This binary is the file-reading web worker of the web pages: tools/build builds it for the browser. The command line is `photocalc`.");
    std::process::exit(2);
}
