//! `unspool`: unroll a saved X page from the command line.
//!
//! unspool [--format text|markdown|html|json] [--url PAGE_URL] [--include-answers]
//!         [--strip-numbering] [--no-front-matter] FILE.html|-

// The command line only exists natively; the wasm32 build of this crate is the extension's core.
#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

use std::io::{Read, Write};
use std::process::ExitCode;
use unspool::{render, ExtractOptions, Format, RenderOptions};

#[cfg(target_arch = "wasm32")]
fn main() {}

const USAGE: &str = "usage: unspool [--format text|markdown|html|json] [--url PAGE_URL] [--include-answers] [--strip-numbering] [--no-front-matter] FILE.html|-";

struct Args {
    format: Format,
    url: Option<String>,
    file: String,
    extract: ExtractOptions,
    render: RenderOptions,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut format = Format::Text;
    let mut url = None;
    let mut file = None;
    let mut extract = ExtractOptions::default();
    let mut render = RenderOptions::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" | "-f" => {
                let name = args.next().ok_or("--format needs a value")?;
                format = Format::parse(&name).ok_or(format!("unknown format '{name}'"))?;
            }
            "--url" => url = Some(args.next().ok_or("--url needs a value")?),
            "--include-answers" => extract.include_answers = true,
            "--strip-numbering" => render.strip_numbering = true,
            "--no-front-matter" => render.front_matter = false,
            "-h" | "--help" => return Err(String::new()),
            _ if arg.starts_with("--") => return Err(format!("unknown option '{arg}'")),
            _ if file.is_none() => file = Some(arg),
            _ => return Err(format!("unexpected argument '{arg}'")),
        }
    }
    Ok(Args {
        format,
        url,
        file: file.ok_or("no input file (use - for standard input)")?,
        extract,
        render,
    })
}

#[cfg(not(target_arch = "wasm32"))]
fn read_input(file: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let result = if file == "-" {
        std::io::stdin().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    result.map_err(|e| format!("cannot read {file}: {e}"))?;
    // Saved pages are sometimes not valid UTF-8; replace what is broken rather than refuse.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) if msg.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("unspool: {msg}\n{USAGE}");
            return ExitCode::from(64);
        }
    };
    let html = match read_input(&args.file) {
        Ok(h) => h,
        Err(msg) => {
            eprintln!("unspool: {msg}");
            return ExitCode::from(66);
        }
    };
    match unspool::unroll_html(&html, args.url.as_deref(), &args.extract) {
        Ok(thread) => {
            let out = render(&thread, args.format, &args.render);
            match std::io::stdout().lock().write_all(out.as_bytes()) {
                Ok(()) => ExitCode::SUCCESS,
                // `unspool page.html | head` closes the pipe early: not an error of ours.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("unspool: cannot write the output: {e}");
                    ExitCode::from(74)
                }
            }
        }
        Err(e) => {
            eprintln!("unspool: {e}");
            ExitCode::from(2)
        }
    }
}
