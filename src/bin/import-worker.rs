//! The web worker that reads potentiostat files for pec.html (`ui::import_worker`): its own
//! small module, fetched the first time a file is opened, so the page's download carries no
//! file reader and a 50 MB file never freezes the page.

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    photocalc::ui::serve_import_worker();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This binary is the file-reading web worker of pec.html: tools/build builds it for the browser. The command line is `photocalc`.");
    std::process::exit(2);
}
