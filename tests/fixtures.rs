//! X-like fixture pages (tests/fixtures/<case>/), generated from `spec.json` by
//! `node tools/make-fixtures.mjs` with the markup builder `www/sim/x-markup.js`.
//!
//! Each case checks (a) the hand-written expectations under `"expect"` in its spec (post ids in
//! order, roles, warning codes, texts, and optionally media, quotes, cards, links, numbering) and
//! (b) that the JSON and Markdown renderings equal the blessed `expected.json` / `expected.md`.
//! `UNSPOOL_BLESS=1 cargo test --test fixtures` rewrites (b); (a) is asserted either way.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use unspool::render::{render_json, render_markdown};
use unspool::{ExtractOptions, RenderOptions};

macro_rules! fixtures {
    ($($test:ident => $dir:literal,)*) => {
        $(
            #[test]
            fn $test() {
                run_case($dir);
            }
        )*
        const CASES: &[&str] = &[$($dir),*];
    };
}

fixtures! {
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

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn blessing() -> bool {
    std::env::var("UNSPOOL_BLESS").is_ok_and(|v| v == "1")
}

fn run_case(name: &str) {
    let dir = fixtures_dir().join(name);
    let spec: Value = serde_json::from_str(&read(&dir.join("spec.json")))
        .unwrap_or_else(|e| panic!("{name}/spec.json is not JSON: {e}"));
    let page = read(&dir.join("page.html"));
    let url = spec["url"].as_str();
    let options: ExtractOptions =
        serde_json::from_value(spec.get("options").cloned().unwrap_or(json!({})))
            .unwrap_or_else(|e| panic!("{name}: bad options: {e}"));

    let thread = unspool::unroll_html(&page, url, &options)
        .unwrap_or_else(|e| panic!("fixture {name}: no thread: {e}"));

    let mut failures: Vec<String> = Vec::new();

    // (b) blessed outputs
    let outputs = [
        ("expected.json", render_json(&thread)),
        (
            "expected.md",
            render_markdown(&thread, &RenderOptions::default()),
        ),
    ];
    for (file, actual) in &outputs {
        let path = dir.join(file);
        if blessing() {
            std::fs::write(&path, actual)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        } else {
            match std::fs::read_to_string(&path) {
                Ok(expected) if &expected == actual => {}
                Ok(expected) => failures.push(format!(
                    "{file} differs (UNSPOOL_BLESS=1 rewrites it):\n{}",
                    line_diff(&expected, actual)
                )),
                Err(_) => failures.push(format!("{file} is missing (run with UNSPOOL_BLESS=1)")),
            }
        }
    }

    // (a) hand-written expectations
    let actual = serde_json::to_value(&thread).expect("a thread serialises");
    check_expect(&spec["expect"], &actual, &mut failures);

    assert!(
        failures.is_empty(),
        "fixture {name}: {} problem(s)\n\n{}\n",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Compares the `expect` block of a spec with the extracted thread (as its JSON value).
fn check_expect(expect: &Value, thread: &Value, failures: &mut Vec<String>) {
    let posts = thread["posts"].as_array().cloned().unwrap_or_default();
    let ids: Vec<&str> = posts
        .iter()
        .map(|p| p["id"].as_str().unwrap_or("?"))
        .collect();
    let by_id = |id: &str| posts.iter().find(|p| p["id"] == id);

    if let Some(want) = expect.get("focalId") {
        if &thread["focalId"] != want {
            failures.push(format!(
                "focalId: expected {want}, got {}",
                thread["focalId"]
            ));
        }
    }
    if let Some(want) = expect.get("author") {
        for key in ["handle", "name"] {
            if let Some(w) = want.get(key) {
                if &thread["author"][key] != w {
                    failures.push(format!(
                        "author.{key}: expected {w}, got {}",
                        thread["author"][key]
                    ));
                }
            }
        }
    }

    let want_ids: Vec<&str> = expect["postIds"]
        .as_array()
        .expect("expect.postIds is required")
        .iter()
        .map(|v| v.as_str().unwrap_or("?"))
        .collect();
    if want_ids != ids {
        failures.push(format!(
            "postIds (\"\" = unavailable placeholder):\n  expected {want_ids:?}\n  got      {ids:?}{}",
            list_diff(&want_ids, &ids)
        ));
    }

    let roles: Vec<&str> = posts
        .iter()
        .map(|p| p["role"].as_str().unwrap_or("?"))
        .collect();
    let want_roles: Vec<&str> = match expect.get("roles").and_then(Value::as_array) {
        Some(r) => r.iter().map(|v| v.as_str().unwrap_or("?")).collect(),
        // Without includeAnswers every post is part of the chain.
        None => vec!["thread"; want_ids.len()],
    };
    if want_roles != roles {
        failures.push(format!(
            "roles:\n  expected {want_roles:?}\n  got      {roles:?}"
        ));
    }

    let mut codes: Vec<&str> = thread["warnings"]
        .as_array()
        .map(|w| {
            w.iter()
                .map(|w| w["code"].as_str().unwrap_or("?"))
                .collect()
        })
        .unwrap_or_default();
    codes.sort_unstable();
    let mut want_codes: Vec<&str> = expect["warningCodes"]
        .as_array()
        .expect("expect.warningCodes is required")
        .iter()
        .map(|v| v.as_str().unwrap_or("?"))
        .collect();
    want_codes.sort_unstable();
    if want_codes != codes {
        failures.push(format!(
            "warningCodes:\n  expected {want_codes:?}\n  got      {codes:?}\n  warnings: {}",
            thread["warnings"]
        ));
    }
    if let Some(want) = expect.get("hiddenRepliesAfter") {
        let got: Vec<&Value> = thread["warnings"]
            .as_array()
            .map(|w| {
                w.iter()
                    .filter(|w| w["code"] == "hiddenReplies")
                    .map(|w| &w["postId"])
                    .collect()
            })
            .unwrap_or_default();
        if got != [want] {
            failures.push(format!(
                "hiddenReplies warning: expected on post {want}, got on {got:?}"
            ));
        }
    }
    if let Some(want) = expect.get("truncatedIds") {
        let got: Vec<Value> = posts
            .iter()
            .filter(|p| p["truncated"] == true)
            .map(|p| p["id"].clone())
            .collect();
        if want.as_array() != Some(&got) {
            failures.push(format!("truncated posts: expected {want}, got {got:?}"));
        }
    }
    if let Some(want) = expect.get("unavailableIndexes") {
        let got: Vec<Value> = posts
            .iter()
            .enumerate()
            .filter(|(_, p)| p["unavailable"] == true)
            .map(|(i, _)| json!(i))
            .collect();
        if want.as_array() != Some(&got) {
            failures.push(format!(
                "unavailable posts at: expected {want}, got {got:?}"
            ));
        }
    }

    for_each_post(
        expect,
        "texts",
        &by_id,
        failures,
        |id, want, post, failures| {
            if &post["text"] != want {
                failures.push(format!(
                    "text of {id}:\n  expected {}\n  got      {}{}",
                    want,
                    post["text"],
                    text_diff(
                        want.as_str().unwrap_or(""),
                        post["text"].as_str().unwrap_or("")
                    )
                ));
            }
        },
    );
    for_each_post(
        expect,
        "langs",
        &by_id,
        failures,
        |id, want, post, failures| {
            for key in ["lang", "dir"] {
                if want.get(key).is_some_and(|w| w != &post[key]) {
                    failures.push(format!(
                        "{key} of {id}: expected {}, got {}",
                        want[key], post[key]
                    ));
                }
            }
        },
    );
    for_each_post(
        expect,
        "numbers",
        &by_id,
        failures,
        |id, want, post, failures| {
            let got = json!([post["number"]["index"], post["number"]["total"]]);
            if &got != want {
                failures.push(format!("number of {id}: expected {want}, got {got}"));
            }
        },
    );
    for_each_post(
        expect,
        "links",
        &by_id,
        failures,
        |id, want, post, failures| {
            if &post["links"] != want {
                failures.push(format!(
                    "links of {id}:\n  expected {want}\n  got      {}",
                    post["links"]
                ));
            }
        },
    );
    for_each_post(
        expect,
        "media",
        &by_id,
        failures,
        |id, want, post, failures| {
            check_media(&format!("media of {id}"), want, &post["media"], failures);
        },
    );
    for_each_post(
        expect,
        "labels",
        &by_id,
        failures,
        |id, want, post, failures| {
            // An absent list serialises as nothing: the same as an empty one.
            let got = post.get("labels").cloned().unwrap_or(json!([]));
            if &got != want {
                failures.push(format!(
                    "labels of {id}:\n  expected {want}\n  got      {got}"
                ));
            }
        },
    );
    if let Some(want) = expect.get("placeholders") {
        // The site's words for each post's placeholder, in order (null: a post it shows).
        let got: Vec<Value> = posts
            .iter()
            .map(|p| p.get("placeholder").cloned().unwrap_or(Value::Null))
            .collect();
        if want != &json!(got) {
            failures.push(format!(
                "placeholders:\n  expected {want}\n  got      {}",
                json!(got)
            ));
        }
    }
    for_each_post(
        expect,
        "cards",
        &by_id,
        failures,
        |id, want, post, failures| {
            let card = &post["card"];
            if card.is_null() {
                failures.push(format!("card of {id}: expected {want}, got none"));
                return;
            }
            check_fields(&format!("card of {id}"), want, card, failures);
        },
    );
    for_each_post(
        expect,
        "quotes",
        &by_id,
        failures,
        |id, want, post, failures| {
            let quote = &post["quote"];
            if quote.is_null() {
                failures.push(format!("quote of {id}: expected {want}, got none"));
                return;
            }
            let got = json!({
                "handle": quote["author"]["handle"],
                "name": quote["author"]["name"],
                "url": quote["url"],
                "createdAt": quote["createdAt"],
                "text": quote["text"],
            });
            let mut scalar = want.clone();
            if let Some(o) = scalar.as_object_mut() {
                o.remove("media");
            }
            check_fields(&format!("quote of {id}"), &scalar, &got, failures);
            if let Some(media) = want.get("media") {
                check_media(
                    &format!("quote media of {id}"),
                    media,
                    &quote["media"],
                    failures,
                );
            }
        },
    );
    check_article(expect, &posts, failures);
}

/// An Article's title, completeness, direction and block kinds in order (`articleBlocks`), or
/// that no post was read as one (`noArticle`: a thread quoting or linking an Article).
fn check_article(expect: &Value, posts: &[Value], failures: &mut Vec<String>) {
    if expect.get("noArticle") == Some(&json!(true)) {
        for post in posts {
            if !post["article"].is_null() {
                failures.push(format!("post {} was read as an Article", post["id"]));
            }
        }
    }
    let Some(want_blocks) = expect.get("articleBlocks") else {
        return;
    };
    let article = &posts.first().cloned().unwrap_or_default()["article"];
    if article.is_null() {
        failures.push("no Article was read".into());
        return;
    }
    let kinds: Vec<Value> = article["blocks"]
        .as_array()
        .map(|b| b.iter().map(|b| b["kind"].clone()).collect())
        .unwrap_or_default();
    if want_blocks.as_array() != Some(&kinds) {
        failures.push(format!(
            "article blocks:\n  expected {want_blocks}\n  got      {kinds:?}"
        ));
    }
    for (key, field) in [
        ("articleTitle", "title"),
        ("articlePartial", "partial"),
        ("articleDir", "dir"),
    ] {
        if let Some(want) = expect.get(key) {
            if &article[field] != want {
                failures.push(format!(
                    "article {field}: expected {want}, got {}",
                    article[field]
                ));
            }
        }
    }
}

fn for_each_post<'a>(
    expect: &Value,
    key: &str,
    by_id: &dyn Fn(&str) -> Option<&'a Value>,
    failures: &mut Vec<String>,
    mut check: impl FnMut(&str, &Value, &Value, &mut Vec<String>),
) {
    let Some(map) = expect.get(key).and_then(Value::as_object) else {
        return;
    };
    for (id, want) in map {
        match by_id(id) {
            Some(post) => check(id, want, post, failures),
            None => failures.push(format!("{key}: post {id} is not in the thread")),
        }
    }
}

/// Every field the expectation names must be equal (fields it leaves out are not checked).
fn check_fields(what: &str, want: &Value, got: &Value, failures: &mut Vec<String>) {
    let Some(fields) = want.as_object() else {
        return;
    };
    for (key, w) in fields {
        if &got[key] != w {
            failures.push(format!(
                "{what}, {key}:\n  expected {w}\n  got      {}",
                got[key]
            ));
        }
    }
}

fn check_media(what: &str, want: &Value, got: &Value, failures: &mut Vec<String>) {
    let want = want.as_array().cloned().unwrap_or_default();
    let got = got.as_array().cloned().unwrap_or_default();
    if want.len() != got.len() {
        failures.push(format!(
            "{what}: expected {} item(s), got {}: {}",
            want.len(),
            got.len(),
            Value::Array(got.clone())
        ));
        return;
    }
    for (i, (w, g)) in want.iter().zip(&got).enumerate() {
        check_fields(&format!("{what} [{i}]"), w, g, failures);
    }
}

/// Where two id lists part ways.
fn list_diff(want: &[&str], got: &[&str]) -> String {
    let missing: Vec<&&str> = want.iter().filter(|w| !got.contains(w)).collect();
    let extra: Vec<&&str> = got.iter().filter(|g| !want.contains(g)).collect();
    let mut out = String::new();
    if !missing.is_empty() {
        out.push_str(&format!("\n  missing  {missing:?}"));
    }
    if !extra.is_empty() {
        out.push_str(&format!("\n  extra    {extra:?}"));
    }
    if missing.is_empty() && extra.is_empty() {
        out.push_str("\n  (same posts, different order)");
    }
    out
}

/// Where two texts first differ, by character.
fn text_diff(want: &str, got: &str) -> String {
    let at = want
        .chars()
        .zip(got.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let tail = |s: &str| s.chars().skip(at).take(40).collect::<String>();
    format!(
        "\n  first difference at char {at}: expected {:?}… got {:?}…",
        tail(want),
        tail(got)
    )
}

/// A short line-by-line diff: the differing lines with their numbers, at most 30.
fn line_diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut out = Vec::new();
    let mut shown = 0;
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            if shown == 30 {
                out.push("  …".to_string());
                break;
            }
            shown += 1;
            if let Some(x) = x {
                out.push(format!("  {:>4} - {x}", i + 1));
            }
            if let Some(y) = y {
                out.push(format!("  {:>4} + {y}", i + 1));
            }
        }
    }
    if out.is_empty() {
        out.push("  (only line endings or the final newline differ)".into());
    }
    out.join("\n")
}

#[test]
fn every_fixture_folder_has_a_test() {
    let mut unknown = Vec::new();
    for entry in std::fs::read_dir(fixtures_dir()).expect("tests/fixtures exists") {
        let path = entry.expect("a directory entry").path();
        if path.join("spec.json").exists() {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            if !CASES.contains(&name.as_str()) {
                unknown.push(name);
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "add these fixture folders to the fixtures! list in tests/fixtures.rs: {unknown:?}"
    );
}

/// tests/web.rs runs every case through the browser's DOM path too; its list is its own (it
/// compiles for wasm32 with `include_str!`), so this keeps it complete.
#[test]
fn every_fixture_runs_through_the_dom_path() {
    let web = read(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join("web.rs"),
    );
    let missing: Vec<&&str> = CASES
        .iter()
        .filter(|name| !web.contains(&format!("=> \"{name}\",")))
        .collect();
    assert!(
        missing.is_empty(),
        "add these fixtures to the dom_fixtures! list in tests/web.rs: {missing:?}"
    );
}

/// The committed pages must be what the builder makes from the specs today. Needs Node ≥ 20;
/// skipped (with a note) where there is none.
#[test]
fn pages_are_up_to_date_with_their_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let has_node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_node {
        eprintln!("skipped: node is not installed, cannot regenerate the fixture pages");
        return;
    }
    for script in [
        "make-fixtures.mjs",
        "make-bluesky-fixtures.mjs",
        "make-mastodon-fixtures.mjs",
    ] {
        let out = Command::new("node")
            .arg(root.join("tools").join(script))
            .arg("--check")
            .current_dir(root)
            .output()
            .expect("node runs");
        assert!(
            out.status.success(),
            "fixture pages are stale; run `node tools/{script}`:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A Mastodon instance may serve its pages on another host than its accounts' domain
/// (WEB_DOMAIN ≠ LOCAL_DOMAIN): lists show a local author as a bare `@user`, the detailed status
/// as `@user@<account domain>`. The chain must still be the author's, whatever host shows it.
#[test]
fn mastodon_local_authors_on_another_web_host() {
    for name in ["mastodon-content-warnings", "mastodon-open-middle"] {
        let dir = fixtures_dir().join(name);
        let spec: Value = serde_json::from_str(&read(&dir.join("spec.json"))).unwrap();
        let expected: Value = serde_json::from_str(&read(&dir.join("expected.json"))).unwrap();
        let url = spec["url"].as_str().unwrap();
        let path = &url[url.find("/@").unwrap()..];
        let options = ExtractOptions {
            include_answers: spec["options"]["includeAnswers"].as_bool().unwrap_or(false),
        };
        for host in ["https://web.example.org", "http://127.0.0.1:8080"] {
            let thread = unspool::unroll_html(
                &read(&dir.join("page.html")),
                Some(&format!("{host}{path}")),
                &options,
            )
            .unwrap();
            let ids: Vec<&str> = thread.posts.iter().map(|p| p.id.as_str()).collect();
            let want: Vec<&str> = expected["posts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_str().unwrap())
                .collect();
            assert_eq!(ids, want, "{name} served at {host}");
            assert_eq!(
                thread.author.handle,
                expected["author"]["handle"].as_str().unwrap(),
                "{name} served at {host}"
            );
            for post in &thread.posts {
                assert_eq!(
                    post.author.handle, thread.author.handle,
                    "{name} at {host}: post {}",
                    post.id
                );
            }
        }
    }
}
