//! The `photocalc` command line (native). The pages of the web app are the binaries in
//! `src/bin/`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // args_os, not args: args panics on an argument that is not UTF-8; cli::run reports it.
    match photocalc::cli::run(std::env::args_os().skip(1)) {
        Ok(output) => {
            // Not println!, which panics when the reader has gone (`photocalc eval … | head`):
            // a closed pipe just ends the output.
            use std::io::Write;
            let _ = writeln!(std::io::stdout().lock(), "{output}");
        }
        Err(message) => {
            eprintln!("photocalc: {message}");
            std::process::exit(2);
        }
    }
}

/// Built for the browser, the command line has nothing to do: the pages are `src/bin/page-*`.
#[cfg(target_arch = "wasm32")]
fn main() {}
