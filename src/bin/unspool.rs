//! `unspool`: unroll a saved X page from the command line.
//!
//! unspool [--format text|markdown|html|json|epub] [-o FILE] [--url PAGE_URL]
//!         [--include-answers] [--strip-numbering] [--no-front-matter] FILE.html|-

// The command line only exists natively; the wasm32 build of this crate is the extension's core.
#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use unspool::{render, render::render_epub, ExtractOptions, Format, RenderOptions};

#[cfg(target_arch = "wasm32")]
fn main() {}

const USAGE: &str = "usage: unspool [--format text|markdown|html|json|epub] [-o FILE] [--url PAGE_URL] [--include-answers] [--strip-numbering] [--no-front-matter] FILE.html|-
  --format epub writes an EPUB 3 book (binary: give -o FILE or redirect standard output); its
  images stay links, since unspool makes no network requests.
  -o, --output FILE writes to FILE instead of standard output.";

/// What the command writes: one of the text formats, or an EPUB (bytes).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Text(Format),
    Epub,
}

struct Args {
    format: Output,
    output: Option<String>,
    url: Option<String>,
    file: String,
    extract: ExtractOptions,
    render: RenderOptions,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut format = Output::Text(Format::Text);
    let mut output = None;
    let mut url = None;
    let mut file = None;
    let mut extract = ExtractOptions::default();
    let mut render = RenderOptions::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" | "-f" => {
                let name = args.next().ok_or("--format needs a value")?;
                format = if name.eq_ignore_ascii_case("epub") {
                    Output::Epub
                } else {
                    Output::Text(Format::parse(&name).ok_or(format!("unknown format '{name}'"))?)
                };
            }
            "--output" | "-o" => output = Some(args.next().ok_or("--output needs a file name")?),
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
        output,
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
    if args.format == Output::Epub && args.output.is_none() && std::io::stdout().is_terminal() {
        eprintln!("unspool: an EPUB is binary; give -o FILE or redirect standard output\n{USAGE}");
        return ExitCode::from(64);
    }
    let thread = match unspool::unroll_html(&html, args.url.as_deref(), &args.extract) {
        Ok(thread) => thread,
        Err(e) => {
            eprintln!("unspool: {e}");
            return ExitCode::from(2);
        }
    };
    let out = match args.format {
        Output::Text(format) => render(&thread, format, &args.render).into_bytes(),
        // No images: the CLI makes no network requests, so they stay links in the book.
        Output::Epub => match render_epub(&thread, &args.render, &[]) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("unspool: {e}");
                return ExitCode::from(2);
            }
        },
    };
    write_output(args.output.as_deref(), &out)
}

#[cfg(not(target_arch = "wasm32"))]
fn write_output(file: Option<&str>, bytes: &[u8]) -> ExitCode {
    let written = match file {
        Some(file) => std::fs::write(file, bytes).map_err(|e| format!("cannot write {file}: {e}")),
        None => match std::io::stdout().lock().write_all(bytes) {
            // `unspool page.html | head` closes the pipe early: not an error of ours.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.map_err(|e| format!("cannot write the output: {e}")),
        },
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("unspool: {msg}");
            ExitCode::from(74)
        }
    }
}
