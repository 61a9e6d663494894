//! Conformance suite: the real captures in `../shared/corpus` (X 2016–2026, Bluesky, Threads,
//! Mastodon; the last three hold no X thread and must say so).
//!
//! Each capture's thread, as JSON, must equal `tests/corpus/<site>--<file>.json` (or, for pages
//! that hold no thread, the one-line error). The expected files were produced with
//! `UNSPOOL_BLESS=1 cargo test --test corpus` and then checked by reading them against the page.
//! The captures are third-party data and are never copied here. `UNSPOOL_CORPUS=<dir>` reads
//! them from elsewhere (a worktree's `../shared` is not the main checkout's). Without the folder
//! the suite passes with a notice on the terminal, except under `CI=true`, where it fails: CI must
//! not turn green on a check it never ran.

use std::io::Write;
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    match std::env::var_os("UNSPOOL_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    }
}

/// True when the corpus can be read. Otherwise says why where a person sees it: the test
/// harness captures `eprintln!` of a passing test, but not writes to the stderr handle itself.
fn corpus_present(dir: &Path) -> bool {
    if dir.is_dir() {
        return true;
    }
    let message = format!(
        "corpus folder {} is absent (set UNSPOOL_CORPUS to its path)",
        dir.display()
    );
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true: {message}"
    );
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED: {message}");
    false
}

fn expected_path(site: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(format!("{site}--{}.json", file.trim_end_matches(".html")))
}

fn outcome(html: &str) -> String {
    match unspool::unroll_html(html, None, &unspool::ExtractOptions::default()) {
        Ok(thread) => unspool::render::render_json(&thread),
        Err(e) => format!("{{\n  \"error\": {:?}\n}}\n", e.to_string()),
    }
}

#[test]
fn corpus_captures_match_their_reviewed_output() {
    let dir = corpus_dir();
    if !corpus_present(&dir) {
        return;
    }
    let bless = std::env::var_os("UNSPOOL_BLESS").is_some();
    let mut checked = 0;
    let mut failures = Vec::new();
    for site in ["x", "bluesky", "threads", "mastodon"] {
        let Ok(entries) = std::fs::read_dir(dir.join(site)) else {
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for path in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
        {
            let file = path.file_name().unwrap().to_string_lossy().to_string();
            let html = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
            let got = outcome(&html);
            let expected = expected_path(site, &file);
            if bless {
                std::fs::write(&expected, &got).unwrap();
            } else {
                match std::fs::read_to_string(&expected) {
                    Ok(want) if want == got => {}
                    Ok(want) => failures.push(format!(
                        "{site}/{file}: output differs from {}\n--- expected\n{want}\n--- got\n{got}",
                        expected.display()
                    )),
                    Err(_) => failures.push(format!(
                        "{site}/{file}: no expected output at {} (bless with UNSPOOL_BLESS=1)",
                        expected.display()
                    )),
                }
            }
            checked += 1;
        }
    }
    eprintln!("corpus: {checked} captures checked");
    assert!(checked > 0, "the corpus folder holds no captures");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Facts read off the captures by hand, independent of the blessed files.
#[test]
fn corpus_facts() {
    if !corpus_present(&corpus_dir()) {
        return;
    }
    let dir = corpus_dir().join("x");
    let read = |f: &str| String::from_utf8_lossy(&std::fs::read(dir.join(f)).unwrap()).into_owned();
    let opts = unspool::ExtractOptions::default();

    // 2022: the focal photo post and the author's own follow-up; replies by others end it.
    let t = unspool::unroll_html(
        &read("metascraper-2022-conv-k4rliky-selfreplies.html"),
        None,
        &opts,
    )
    .unwrap();
    let ids: Vec<&str> = t.posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["934482867480121345", "934489913818525696"]);
    assert_eq!(t.author.handle, "k4rliky");
    assert_eq!(t.posts[0].media.len(), 1);
    // With answers: the author's later replies to commenters join, marked as answers.
    let with = unspool::unroll_html(
        &read("metascraper-2022-conv-k4rliky-selfreplies.html"),
        None,
        &unspool::ExtractOptions {
            include_answers: true,
        },
    )
    .unwrap();
    assert!(with.posts.len() > 2);
    assert!(with.posts[2..]
        .iter()
        .all(|p| p.role == unspool::model::PostRole::Answer));

    // 2022: a thread of one among six replies by others.
    let t = unspool::unroll_html(
        &read("metascraper-2022-conv-realdonaldtrump-replies.html"),
        None,
        &opts,
    )
    .unwrap();
    assert_eq!(t.posts.len(), 1);

    // 2025: GIF poster, link destination from the anchor's full text.
    let t = unspool::unroll_html(
        &read("metascraper-2025-single-kikobeats-gif.html"),
        None,
        &opts,
    )
    .unwrap();
    assert_eq!(t.posts[0].media[0].kind, unspool::model::MediaKind::Gif);
    assert!(t.posts[0].text.ends_with("http://bit.ly/2tVueZ0"));

    // 2026: link card with domain and title; photo at full size with mentions and a hashtag.
    let t = unspool::unroll_html(
        &read("metascraper-2026-single-forbes-linkcard.html"),
        None,
        &opts,
    )
    .unwrap();
    let card = t.posts[0].card.as_ref().unwrap();
    assert_eq!(card.domain.as_deref(), Some("forbes.com"));
    let t = unspool::unroll_html(
        &read("metascraper-2026-single-uasmart-image.html"),
        None,
        &opts,
    )
    .unwrap();
    assert!(t.posts[0].media[0].url.ends_with("name=large"));
    assert!(t.posts[0]
        .segments
        .iter()
        .any(|s| matches!(s, unspool::model::Segment::Hashtag { .. })));

    // 2025 fragments: the quoted post is not mixed into the quoting one.
    let t = unspool::unroll_html(
        &read("tweetyoink-2025-frag-quote-image-anon.html"),
        None,
        &opts,
    )
    .unwrap();
    let q = t.posts[0].quote.as_ref().unwrap();
    assert_eq!(q.author.handle, "OriginalAuthor");
    assert_eq!(
        q.url.as_deref(),
        Some("https://x.com/OriginalAuthor/status/1983129251856470493")
    );
    assert!(t.posts[0].media.is_empty());
    assert_eq!(q.media.len(), 1);

    // 2016 legacy: the head above the permalink tweet, then the author's continuation.
    let t = unspool::unroll_html(
        &read("postlight-2016-legacy-kingbeyoncestan-selfthread.html"),
        None,
        &opts,
    )
    .unwrap();
    assert_eq!(t.posts.len(), 10);
    assert_eq!(t.posts[0].id, "745085351287455744");
    assert_eq!(t.focal_id, "745276948213968896");

    // Mastodon 4.5, a remote author seen from indieweb.social (read off the capture by hand): the
    // focal post is the detailed status, id from its datetime link (the canonical URL names the
    // author's own server, whose id differs); the author answers commenters and never replies to
    // himself, so the thread is the focal post alone; with answers, his seven answers join in
    // page order (branch after branch).
    let masto = corpus_dir()
        .join("mastodon")
        .join("omnibear-2026-alabut-descendants.html");
    let html = String::from_utf8_lossy(&std::fs::read(masto).unwrap()).into_owned();
    let t = unspool::unroll_html(&html, None, &opts).unwrap();
    assert_eq!(t.platform, unspool::model::Platform::Mastodon);
    assert_eq!(t.focal_id, "115980505754407833");
    assert_eq!(t.author.handle, "alabut@techhub.social");
    assert_eq!(t.author.name, "Al Abut");
    assert_eq!(t.posts.len(), 1);
    let focal = &t.posts[0];
    assert_eq!(
        focal.url,
        "https://indieweb.social/@alabut@techhub.social/115980505754407833"
    );
    assert_eq!(
        focal.created_at.as_deref(),
        Some("2026-01-29T21:27:52.000Z")
    );
    assert_eq!(focal.lang.as_deref(), Some("en"));
    assert!(focal
        .text
        .starts_with("#indieweb confession time: how often"));
    assert!(focal
        .text
        .contains("writing or publishing?\n\nDon’t feel bad"));
    assert!(focal.text.ends_with("Been there too 😬"));
    let with = unspool::ExtractOptions {
        include_answers: true,
    };
    let t = unspool::unroll_html(
        &html,
        Some("https://indieweb.social/@alabut@techhub.social/115980505754407833"),
        &with,
    )
    .unwrap();
    let ids: Vec<&str> = t.posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "115980505754407833",
            "115980600872671441",
            "115981222832926471",
            "115985564594913770",
            "115982966577573890",
            "115981202584250770",
            "115980601877896041"
        ]
    );
    assert!(t.warnings.is_empty());
    assert!(t.posts[1].text.starts_with("@enocc oh that’s a good idea"));

    // An X Article is read as one document: title, cover, headings, lists and code blocks, the
    // author's replies under it left out, nothing flagged (the capture is the whole Article).
    let t = unspool::unroll_html(
        &read("defuddle-2026-x-article-arscontexta.html"),
        None,
        &opts,
    )
    .unwrap();
    assert_eq!(t.posts.len(), 1);
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    let a = t.article().unwrap();
    assert_eq!(a.title, "obsidian + claude code 101");
    assert!(!a.partial);
    assert!(a.cover.as_ref().unwrap().url.contains("name=large"));
    use unspool::model::Block;
    let count = |f: fn(&Block) -> bool| a.blocks.iter().filter(|b| f(b)).count();
    assert_eq!(count(|b| matches!(b, Block::Heading { level: 2, .. })), 12);
    assert_eq!(count(|b| matches!(b, Block::Code { .. })), 4);
    assert_eq!(count(|b| matches!(b, Block::List { ordered: true, .. })), 4);
    assert_eq!(
        count(|b| matches!(b, Block::List { ordered: false, .. })),
        4
    );
    let Some(Block::Code { language, text }) =
        a.blocks.iter().find(|b| matches!(b, Block::Code { .. }))
    else {
        panic!("no code block");
    };
    assert_eq!(language.as_deref(), Some("markdown"));
    assert!(
        text.starts_with("my-vault/\n├── 00_inbox/           # capture zone"),
        "{text}"
    );
}

/// Which site claims each capture: Bluesky's page is not X's and X's are not Bluesky's; the
/// Mastodon capture is Mastodon's (by its canonical URL and its markup); Threads is no one's.
#[test]
fn corpus_recognition() {
    use unspool::model::Platform;
    if !corpus_present(&corpus_dir()) {
        return;
    }
    let site_of = |dir: &str, file: &str| {
        let html =
            String::from_utf8_lossy(&std::fs::read(corpus_dir().join(dir).join(file)).unwrap())
                .into_owned();
        let snap = unspool::html_page::snapshot_from_html(&html).unwrap();
        unspool::site::recognise(&snap, None).map(|s| s.platform)
    };
    let bsky = "metascraper-2026-glendunlap-thread-replies.html";
    assert_eq!(site_of("bluesky", bsky), Some(Platform::Bluesky));
    for x in [
        "metascraper-2022-conv-k4rliky-selfreplies.html",
        "metascraper-2026-single-forbes-linkcard.html",
        "postlight-2016-legacy-kingbeyoncestan-selfthread.html",
        "tweetyoink-2025-frag-quote-image-anon.html",
    ] {
        assert_eq!(site_of("x", x), Some(Platform::X), "{x}");
    }
    assert_eq!(
        site_of("mastodon", "omnibear-2026-alabut-descendants.html"),
        Some(Platform::Mastodon)
    );
    assert_eq!(
        site_of("threads", "brocc-2025-threads-home-feed.html"),
        None
    );

    // Facts read off the Bluesky capture by hand.
    let html =
        String::from_utf8_lossy(&std::fs::read(corpus_dir().join("bluesky").join(bsky)).unwrap())
            .into_owned();
    let with = unspool::ExtractOptions {
        include_answers: true,
    };
    let t = unspool::unroll_html(&html, None, &with).unwrap();
    assert_eq!(t.focal_id, "3mdegyw3ves2t");
    assert_eq!(t.author.name, "Glen Dunlap");
    // Nine items by the author: the photo post and eight answers to commenters.
    assert_eq!(t.posts.len(), 9);
    assert_eq!(t.posts[1].text, "Okay, I love this!");
    assert_eq!(t.posts[1].id, "3mdf6kb6hrc2f");
    assert!(t.posts[1..]
        .iter()
        .all(|p| p.role == unspool::model::PostRole::Answer));
    assert!(t
        .posts
        .iter()
        .all(|p| !p.author.handle.contains('\u{202a}')));
    // The URL decides too: an X URL on this page is not a Bluesky page.
    let url = "https://bsky.app/profile/glendunlap.bsky.social/post/3mdegyw3ves2t";
    assert!(unspool::unroll_html(&html, Some(url), &unspool::ExtractOptions::default()).is_ok());
}
