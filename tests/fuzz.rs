//! Bounded fuzzing of "markup → thread → every renderer" with proptest (cargo-fuzz needs a
//! nightly toolchain, which this project's machines do not have). The corpus is seeded from the
//! fixture pages; each case cuts, duplicates, deletes and splices hostile snippets into one,
//! then runs the extractor, the collector and every renderer. A second property builds threads
//! straight from hostile strings. Nothing may panic, and every output is read back: HTML holds no
//! script, no event handler and only http(s) URLs; Markdown holds no raw HTML and only http(s)
//! destinations, and its front matter is YAML that gives back the thread's strings; JSON gives
//! back the thread itself. Crashes found become regression tests in `regressions()`.
//!
//! `UNSPOOL_FUZZ_CASES=5000 cargo test --test fuzz` runs longer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag};
use scraper::Html;
use unspool::model::{
    Author, Card, Media, MediaKind, Platform, Post, PostRole, Quote, Segment, Thread, Warning,
    WarningCode,
};
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

/// Every renderer's output, read back and checked; `render(Format::Text)` need only not panic.
fn check_outputs(thread: &Thread, r: &RenderOptions) {
    render(thread, Format::Text, r);
    check_html(&render(thread, Format::Html, r));
    check_markdown(thread, &render(thread, Format::Markdown, r));
    let json = render(thread, Format::Json, r);
    let back: Thread = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(&back, thread, "JSON does not give back the thread");
}

/// Attributes whose value a browser loads or navigates to.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "cite",
];

fn is_http(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn check_html(html: &str) {
    let doc = Html::parse_document(html);
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let tag = el.name();
        assert_ne!(tag, "script", "<script> in HTML output:\n{html}");
        for (attr, value) in el.attrs() {
            assert!(!attr.starts_with("on"), "{attr} on <{tag}>:\n{html}");
            // In-document anchors are the renderer's own links to a post ("replying to").
            let own_anchor = attr == "href" && value.starts_with("#post-");
            assert!(
                !URL_ATTRS.contains(&attr) || is_http(value) || own_anchor,
                "{attr}={value:?} on <{tag}>"
            );
        }
    }
}

fn check_markdown(thread: &Thread, md: &str) {
    for event in Parser::new_ext(md, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                assert!(
                    is_http(&dest_url),
                    "Markdown destination {dest_url:?}:\n{md}"
                )
            }
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} in Markdown:\n{md}"),
            _ => {}
        }
    }
    check_front_matter(thread, md);
}

#[derive(serde::Deserialize)]
struct FrontMatter {
    title: String,
    author: String,
    date: Option<String>,
    source: String,
    tags: Vec<String>,
}

/// The front matter is YAML, and its fields are the thread's strings, unchanged.
fn check_front_matter(thread: &Thread, md: &str) {
    let yaml = md
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(yaml, _)| yaml)
        .unwrap_or_else(|| panic!("no front matter:\n{md}"));
    let fm: FrontMatter =
        serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{e} in front matter:\n{yaml}"));
    let a = &thread.author;
    assert_eq!(fm.author, format!("{} (@{})", a.name, a.handle));
    assert_eq!(fm.source, thread.url);
    let date = thread.posts.iter().find_map(|p| p.created_at.as_deref());
    assert_eq!(fm.date.as_deref(), date.map(|d| d.get(..10).unwrap_or(d)));
    let title: String = thread
        .posts
        .iter()
        // The first post with text (one behind a content warning may have none here).
        .find(|p| !p.unavailable && !p.text.trim().is_empty())
        .and_then(|p| p.text.lines().find(|l| !l.trim().is_empty()))
        .map(|l| l.trim().chars().take(80).collect())
        .unwrap_or_default();
    assert_eq!(fm.title, title);
    let kind = if thread.article().is_some() {
        "article"
    } else {
        "thread"
    };
    assert_eq!(fm.tags.first().map(String::as_str), Some(kind));
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
                check_outputs(&thread, &r);
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

/// Pieces that are syntax somewhere: HTML, Markdown, YAML, URLs, line breaks of every kind.
const HOSTILE_PIECES: &[&str] = &[
    "<script>alert(1)</script>",
    "<b onmouseover=x>",
    "</a>",
    "<!--",
    "&amp;",
    "&#62;",
    "\\",
    "\\>",
    ">)[x](javascript:alert(1))",
    "](",
    "![",
    "`",
    "*",
    "_",
    "# ",
    "- ",
    "1. ",
    "---",
    "...",
    ": ",
    "\"",
    "'",
    "@",
    "#",
    "|",
    "~",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\t",
    "    ",
    " ",
    "\u{0}",
    "\u{7}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "\u{fffe}",
    "\u{202e}",
    "🚀",
    "👩‍👩‍👧",
    "e\u{301}",
    "日本",
    "مرحبا",
    "%3E",
    "javascript:",
    "https://",
    "null",
    "yes",
    "~",
];

fn hostile_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(HOSTILE_PIECES).prop_map(str::to_string),
        any::<char>().prop_map(String::from),
        "[a-z0-9]{1,6}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|p| p.concat())
}

fn hostile_url() -> impl Strategy<Value = String> {
    let scheme = prop::sample::select(
        &[
            "https://x.com/",
            "http://e.com/",
            "HTTPS://E.COM/",
            "javascript:",
            "data:text/html,",
            "vbscript:",
            " https://e.com/",
            "",
        ][..],
    );
    (scheme, hostile_string()).prop_map(|(s, rest)| format!("{s}{rest}"))
}

fn author() -> impl Strategy<Value = Author> {
    (
        hostile_string(),
        hostile_string(),
        prop::option::of(hostile_url()),
    )
        .prop_map(|(name, handle, avatar)| Author {
            handle,
            name,
            avatar,
        })
}

fn media() -> impl Strategy<Value = Media> {
    let kind = prop::sample::select(&[MediaKind::Image, MediaKind::Video, MediaKind::Gif][..]);
    let alt = prop::option::of(hostile_string());
    (kind, hostile_url(), alt, prop::option::of(hostile_url())).prop_map(
        |(kind, url, alt, link)| Media {
            kind,
            url,
            alt,
            link,
        },
    )
}

fn segment() -> impl Strategy<Value = Segment> {
    (0..4u8, hostile_string(), hostile_url()).prop_map(|(k, text, url)| match k {
        0 => Segment::Text { text },
        1 => Segment::Link { text, url },
        2 => Segment::Mention { text, url },
        _ => Segment::Hashtag { text, url },
    })
}

fn quote() -> impl Strategy<Value = Quote> {
    let media = prop::collection::vec(media(), 0..2);
    (
        author(),
        hostile_string(),
        prop::option::of(hostile_url()),
        media,
        any::<bool>(),
    )
        .prop_map(|(author, text, url, media, unavailable)| Quote {
            author,
            text,
            url,
            created_at: None,
            media,
            unavailable,
        })
}

fn card() -> impl Strategy<Value = Card> {
    let text = || prop::option::of(hostile_string());
    (
        hostile_url(),
        text(),
        text(),
        prop::option::of(hostile_url()),
    )
        .prop_map(|(url, title, domain, image)| Card {
            url,
            title,
            domain,
            image,
        })
}

fn post() -> impl Strategy<Value = Post> {
    let date = prop::option::of(prop_oneof![
        Just("2026-01-27T10:00:00.000Z".to_string()),
        hostile_string(),
    ]);
    let flags = (any::<bool>(), any::<bool>(), any::<bool>());
    let parts = (
        prop::collection::vec(segment(), 0..5),
        prop::collection::vec(media(), 0..3),
        prop::option::of(quote()),
        prop::option::of(card()),
    );
    (author(), hostile_url(), date, flags, parts).prop_map(
        |(
            author,
            url,
            created_at,
            (truncated, unavailable, answer),
            (segments, media, quote, card),
        )| {
            Post {
                id: "1".into(),
                url,
                author,
                created_at,
                text: segments.iter().map(Segment::text).collect(),
                segments,
                truncated,
                unavailable,
                role: if answer {
                    PostRole::Answer
                } else {
                    PostRole::Thread
                },
                media,
                quote,
                card,
                ..Post::default()
            }
        },
    )
}

fn thread() -> impl Strategy<Value = Thread> {
    let posts = prop::collection::vec(post(), 1..4);
    (
        author(),
        hostile_url(),
        posts,
        prop::option::of(hostile_string()),
    )
        .prop_map(|(author, url, posts, warning)| {
            let mut thread = Thread {
                schema_version: unspool::model::SCHEMA_VERSION,
                platform: Platform::X,
                url,
                focal_id: "1".into(),
                author,
                posts,
                warnings: Vec::new(),
            };
            // Notes are written from labels; the page's strings reach them through the post id.
            if let Some(id) = warning {
                thread.warn(Warning::new(WarningCode::FocalNotFound).about(Some(&id)));
            }
            thread
        })
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

    #[test]
    fn generated_threads_render_safely_in_every_format(thread in thread()) {
        check_outputs(&thread, &RenderOptions::default());
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
