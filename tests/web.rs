//! The browser DOM path: the same fixture pages, parsed by the browser's own `DOMParser` and read
//! through `web_sys` (`unspool::web::snapshot_from_dom`), must give exactly the thread the native
//! path gives (`expected.json`, blessed by `tests/fixtures.rs`).
//!
//!     CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!     CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use unspool::render::render_json;
use unspool::{site, x, ExtractOptions};
use wasm_bindgen_test::*;
use web_sys::{DomParser, SupportedType};

wasm_bindgen_test_configure!(run_in_browser);

fn check(name: &str, page: &str, spec: &str, expected: &str) {
    let spec: serde_json::Value = serde_json::from_str(spec).unwrap();
    let url = spec["url"].as_str();
    let options: ExtractOptions =
        serde_json::from_value(spec.get("options").cloned().unwrap_or_default())
            .unwrap_or_default();
    let doc = DomParser::new()
        .unwrap()
        .parse_from_string(page, SupportedType::TextHtml)
        .unwrap();
    let snap = unspool::web::snapshot_from_dom(&doc);
    // The site is recognised as the native path does it (`unroll_html`): by URL, then markup.
    let thread = site::extract(&snap, url, &options)
        .unwrap_or_else(|e| panic!("{name}: no thread through the DOM path: {e}"));
    let got = render_json(&thread);
    if got != expected {
        let first = got
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name}: the DOM path differs from the native path at line {}:\n  native: {}\n  dom:    {}",
            first + 1,
            expected.lines().nth(first).unwrap_or(""),
            got.lines().nth(first).unwrap_or("")
        );
    }
}

macro_rules! dom_fixtures {
    ($($test:ident => $dir:literal,)*) => {
        $(
            #[wasm_bindgen_test]
            fn $test() {
                check(
                    $dir,
                    include_str!(concat!("fixtures/", $dir, "/page.html")),
                    include_str!(concat!("fixtures/", $dir, "/spec.json")),
                    include_str!(concat!("fixtures/", $dir, "/expected.json")),
                );
            }
        )*
    };
}

// Same list as tests/fixtures.rs (which fails when a fixture folder is missing from it).
dom_fixtures! {
    ads_and_discover_more => "ads-and-discover-more",
    article_every_block => "article-every-block",
    article_partial => "article-partial",
    article_rtl_arabic => "article-rtl-arabic",
    author_answers => "author-answers",
    bluesky_content_warnings => "bluesky-content-warnings",
    bluesky_open_last_continue => "bluesky-open-last-continue",
    bluesky_open_middle => "bluesky-open-middle",
    bluesky_placeholders => "bluesky-placeholders",
    bluesky_quote_video_rtl => "bluesky-quote-video-rtl",
    bluesky_self_thread => "bluesky-self-thread",
    bluesky_stale_screen => "bluesky-stale-screen",
    deleted_in_thread => "deleted-in-thread",
    drift_no_testids => "drift-no-testids",
    emoji => "emoji",
    hostile_content => "hostile-content",
    links_and_breaks => "links-and-breaks",
    long_thread_from_head => "long-thread-from-head",
    long_thread_from_last => "long-thread-from-last",
    long_thread_from_middle => "long-thread-from-middle",
    mastodon_content_warnings => "mastodon-content-warnings",
    mastodon_embed => "mastodon-embed",
    mastodon_emoji_links_poll => "mastodon-emoji-links-poll",
    mastodon_open_middle => "mastodon-open-middle",
    mastodon_rtl => "mastodon-rtl",
    mastodon_self_thread => "mastodon-self-thread",
    media => "media",
    numbering_gap => "numbering-gap",
    quote => "quote",
    quotes_an_article => "quotes-an-article",
    rtl_arabic => "rtl-arabic",
    show_more_replies => "show-more-replies",
    single_post_logged_out => "single-post-logged-out",
    truncated => "truncated",
    virtualized_order => "virtualized-order",
}

#[wasm_bindgen_test]
fn a_page_without_posts_is_a_clear_error() {
    let doc = DomParser::new()
        .unwrap()
        .parse_from_string("<main><p>Hello</p></main>", SupportedType::TextHtml)
        .unwrap();
    let snap = unspool::web::snapshot_from_dom(&doc);
    let err = x::extract(&snap, None, &ExtractOptions::default()).unwrap_err();
    assert!(err.to_string().contains("no X posts"));
}

/// A live document (not a parsed string): the snapshot walks real nodes the same way.
#[wasm_bindgen_test]
fn a_live_document_unrolls_like_a_parsed_one() {
    let page = include_str!("fixtures/long-thread-from-middle/page.html");
    let expected = include_str!("fixtures/long-thread-from-middle/expected.json");
    let spec: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/long-thread-from-middle/spec.json")).unwrap();
    let document = gloo_utils::document();
    let host = document.create_element("div").unwrap();
    // Test-only: our own fixture, into the test runner's page, to get live nodes.
    host.set_inner_html(page);
    gloo_utils::body().append_child(&host).unwrap();
    let unrolled = unspool::web::unroll_node(
        &host,
        spec["url"].as_str().unwrap(),
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .unwrap_or_else(|_| panic!("the live DOM gave no thread"));
    host.remove();
    let thread: unspool::Thread =
        serde_wasm_bindgen::from_value(unrolled.thread().unwrap()).unwrap();
    assert_eq!(render_json(&thread), expected);
}
