//! Bounded fuzzing of "markup → thread → every renderer" with proptest (cargo-fuzz needs a
//! nightly toolchain, which this project's machines do not have). The corpus is seeded from the
//! fixture pages; each case cuts, duplicates, deletes and splices hostile snippets into one,
//! then runs the extractor, the collector and every renderer. Nothing may panic, and HTML output
//! must keep only http(s) URLs. Crashes found become regression tests in `regressions()`.
//!
//! `UNSPOOL_FUZZ_CASES=5000 cargo test --test fuzz` runs longer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use unspool::x::collect::{Collector, Viewport};
use unspool::{render, ExtractOptions, Format, RenderOptions};

const SNIPPETS: &[&str] = &[
    "<article data-testid=\"tweet\">",
    "</article>",
    "<div data-testid=\"cellInnerDiv\" style=\"transform: translateY(-1e309px)\">",
    "<a href=\"/x/status/\"><time datetime=\"\"></time></a>",
    "<a href=\"javascript:alert(1)\">javascript:alert(1)</a>",
    "<img alt=\"\u{202e}\" src=\"data:x\">",
    "<div data-testid=\"tweetText\" lang=\"\\\" onload=x\" dir=\"rtl\">",
    "<div role=\"link\"><div data-testid=\"User-Name\"></div></div>",
    "<div data-testid=\"placementTracking\">",
    "<h2 role=\"heading\">",
    "<div role=\"button\" data-unspool-ref=\"1\">",
    "<div data-testid=\"tweetPhoto\"><video poster=\"vbscript:x\"></video></div>",
    "1/ 2/3 (4/n) [99999/1]",
    "\u{1F680}\u{200D}\u{FE0F}\u{0301}",
    "<![CDATA[",
    "<!--",
    "<svg><script>",
    "&#0; &#xD800; &amp",
    "<a href=\"/hashtag/\">#</a><a href=\"/\">@</a>",
    "<link rel=\"canonical\" href=\"https://x.com/a/status/99999999999999999999999999999\">",
];

fn seeds() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path().join("page.html"))
        .filter(|p| p.is_file())
        .collect();
    pages.sort();
    pages
        .into_iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        // Big pages make each case slow without adding shapes the others lack.
        .filter(|p| p.len() < 400_000)
        .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(f64),
    Delete(f64, usize),
    Duplicate(f64, usize),
    Insert(f64, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64).prop_map(Mutation::Truncate),
        (0.0..1.0f64, 1..5000usize).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (0.0..1.0f64, 1..20000usize).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
        (0.0..1.0f64, 0..SNIPPETS.len()).prop_map(|(a, i)| Mutation::Insert(a, i)),
    ]
}

fn at(s: &str, frac: f64) -> usize {
    let mut i = ((s.len() as f64) * frac) as usize;
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i.min(s.len())
}

fn end_from(s: &str, start: usize, len: usize) -> usize {
    let mut e = (start + len).min(s.len());
    while e < s.len() && !s.is_char_boundary(e) {
        e += 1;
    }
    e
}

fn apply(mut page: String, m: &Mutation) -> String {
    match *m {
        Mutation::Truncate(f) => {
            let i = at(&page, f);
            page.truncate(i);
        }
        Mutation::Delete(f, n) => {
            let i = at(&page, f);
            let e = end_from(&page, i, n);
            page.replace_range(i..e, "");
        }
        Mutation::Duplicate(f, n) => {
            let i = at(&page, f);
            let e = end_from(&page, i, n);
            let copy = page[i..e].to_string();
            page.insert_str(e, &copy);
        }
        Mutation::Insert(f, k) => {
            let i = at(&page, f);
            page.insert_str(i, SNIPPETS[k]);
        }
    }
    page
}

fn exercise(page: &str) {
    for include_answers in [false, true] {
        let opts = ExtractOptions { include_answers };
        if let Ok(thread) = unspool::unroll_html(page, Some("https://x.com/a/status/1"), &opts) {
            for strip in [false, true] {
                let r = RenderOptions {
                    strip_numbering: strip,
                    ..RenderOptions::default()
                };
                for f in [Format::Text, Format::Markdown, Format::Json] {
                    render(&thread, f, &r);
                }
                let html = render(&thread, Format::Html, &r);
                for bad in [
                    "href=\"javascript:",
                    "src=\"javascript:",
                    "href=\"data:",
                    "src=\"data:",
                    "<script",
                ] {
                    assert!(!html.contains(bad), "HTML output contains {bad}");
                }
            }
        }
    }
    if let Ok(snap) = unspool::html_page::snapshot_from_html(page) {
        let mut c = Collector::new(None, ExtractOptions::default());
        c.add(
            &snap,
            Viewport {
                at_top: true,
                at_bottom: false,
                scrolled_up: false,
                click_did_nothing: false,
            },
        );
        c.add(
            &snap,
            Viewport {
                at_top: false,
                at_bottom: true,
                scrolled_up: false,
                click_did_nothing: false,
            },
        );
        let _ = c.thread();
    }
}

fn cases() -> u32 {
    std::env::var("UNSPOOL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn mutated_fixtures_never_panic(seed in 0..1000usize, mutations in prop::collection::vec(mutation(), 1..6)) {
        let seeds = seeds();
        let mut page = seeds[seed % seeds.len()].clone();
        for m in &mutations {
            page = apply(page, m);
        }
        exercise(&page);
    }
}

/// Inputs that once broke something, kept forever.
#[test]
fn regressions() {
    for page in [
        "",
        "<",
        "<article data-testid=\"tweet\"><a href=\"/a/status/1\"><time></time></a></article>",
        "<div data-testid=\"tweetText\">1/</div>",
        &"<div>".repeat(5000),
        "<a href=\"/a/status/1\"><time datetime=\"x\"></time></a><div lang=\"en\">ٱ\u{202e}1/2</div>",
    ] {
        exercise(page);
    }
}
