//! Entry point. On wasm32 this mounts the web app; natively it is the `photocalc` command line.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    photocalc::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match photocalc::cli::run(&args) {
        Ok(output) => println!("{output}"),
        Err(message) => {
            eprintln!("photocalc: {message}");
            std::process::exit(2);
        }
    }
}
