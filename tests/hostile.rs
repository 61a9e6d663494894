//! Page content is data: whatever a post holds, no output turns it into markup, script or an
//! unsafe link. Checked on the hostile-content fixture (script and event-handler text, HTML in
//! the display name, javascript:/data:/vbscript: URLs in links, photos, the card and the avatar,
//! bidi overrides, a 25,000-character post, 5,000 emoji) and on every other fixture.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use scraper::{Html, Selector};
use unspool::{render, ExtractOptions, Format, RenderOptions};

fn fixture_pages() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("page.html").is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read_to_string(e.path().join("page.html")).unwrap(),
            )
        })
        .collect();
    pages.sort();
    pages
}

/// Every element and attribute of an HTML output must be one the renderer writes itself.
fn assert_inert_html(name: &str, html: &str) {
    let doc = Html::parse_document(html);
    let all = Selector::parse("*").unwrap();
    const ALLOWED: &[&str] = &[
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "article",
        "header",
        "img",
        "div",
        "h1",
        "h2",
        "span",
        "p",
        "time",
        "a",
        "aside",
        "ul",
        "li",
        "ol",
        "br",
        "figure",
        "figcaption",
        "blockquote",
        "footer",
        // An Article's blocks and marks (render/longform.rs).
        "h3",
        "h4",
        "strong",
        "em",
        "s",
        "pre",
        "code",
        "hr",
    ];
    for el in doc.select(&all) {
        let tag = el.value().name();
        assert!(
            ALLOWED.contains(&tag),
            "{name}: unexpected <{tag}> in the output"
        );
        for (attr, value) in el.value().attrs() {
            assert!(
                !attr.starts_with("on"),
                "{name}: event handler {attr} on <{tag}>"
            );
            if attr == "href" || attr == "src" || attr == "cite" {
                let ok = value.starts_with("https://")
                    || value.starts_with("http://")
                    || value.starts_with('#');
                assert!(ok, "{name}: unsafe {attr}={value:?} on <{tag}>");
            }
        }
    }
}

#[test]
fn html_outputs_hold_only_our_own_markup() {
    for (name, page) in fixture_pages() {
        // Every fixture holds a thread: one that stopped unrolling would escape this check.
        let thread = unspool::unroll_html(&page, None, &ExtractOptions::default())
            .unwrap_or_else(|e| panic!("{name}: the fixture does not unroll: {e}"));
        let opts = RenderOptions::default();
        assert_inert_html(&name, &render(&thread, Format::Html, &opts));
        assert_inert_html(&name, &unspool::render::render_article(&thread, &opts));
    }
}

#[test]
fn the_export_forbids_scripts_by_csp() {
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hostile-content/page.html"),
    )
    .unwrap();
    let thread = unspool::unroll_html(&page, None, &ExtractOptions::default()).unwrap();
    let html = render(&thread, Format::Html, &RenderOptions::default());
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("default-src 'none'"));
    assert!(!html.to_ascii_lowercase().contains("<script"));
}

#[test]
fn hostile_text_stays_text_in_every_format() {
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hostile-content/page.html"),
    )
    .unwrap();
    let thread = unspool::unroll_html(&page, None, &ExtractOptions::default()).unwrap();
    assert_eq!(thread.posts.len(), 5);
    // The 25,000-character post and the 5,000 emoji come through whole.
    assert!(thread.posts[2].text.chars().count() > 25_000);
    assert_eq!(thread.posts[3].text.matches('🚀').count(), 5000);
    // No unsafe URL survives into the model.
    for post in &thread.posts {
        for url in post.links.iter().chain(post.media.iter().map(|m| &m.url)) {
            assert!(
                url.starts_with("https://") || url.starts_with("http://"),
                "{url}"
            );
        }
        assert!(post.card.as_ref().is_none_or(|c| c.url.starts_with("http")));
    }
    assert!(
        thread.author.avatar.is_none(),
        "a javascript: avatar must be dropped"
    );

    let opts = RenderOptions::default();
    let md = render(&thread, Format::Markdown, &opts);
    // "](javascript:" may appear only escaped ("\\]("), i.e. as text.
    assert!(
        md.match_indices("](javascript:")
            .all(|(i, _)| md[..i].ends_with('\\')),
        "Markdown link to javascript:"
    );
    // The YAML front matter holds the title as a quoted YAML string (data, not Markdown).
    let body = md.split_once("\n---\n\n").map(|(_, b)| b).unwrap_or(&md);
    assert!(
        // Our own link syntax is `[text](<url>)`; any other '<' must be escaped.
        body.match_indices('<')
            .all(|(i, _)| body[..i].ends_with('\\') || body[..i].ends_with("](")),
        "raw HTML in Markdown: every '<' of page text must be escaped"
    );
    assert!(
        md.contains("\\<script\\>"),
        "escaped script tag kept as text"
    );
    let text = render(&thread, Format::Text, &opts);
    assert!(
        text.contains("<script>alert('xss')</script>"),
        "plain text keeps the text as typed"
    );
    let json: serde_json::Value =
        serde_json::from_str(&render(&thread, Format::Json, &opts)).unwrap();
    assert_eq!(json["posts"].as_array().unwrap().len(), 5);
}
