//! The EPUB export, checked by the real thing: EPUBCheck (`/usr/bin/epubcheck`, Debian's
//! package, installed by `tools/setup.sh test`) validates books written from fixtures with emoji,
//! RTL text, hostile markup, media, quotes, notes, embedded pictures and a long thread, expecting
//! no error and no warning. Every XML file of each book is parsed with a real XML parser
//! (roxmltree); the zip is read back by a small reader written here, each CRC checked by another
//! implementation (crc32fast). Without EPUBCheck the test fails with how to install it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use unspool::model::Thread;
use unspool::render::{render_epub, EpubImage, POSTS_PER_SECTION};
use unspool::{ExtractOptions, RenderOptions};

const EPUBCHECK: &str = "/usr/bin/epubcheck";

fn fixture_thread(name: &str) -> Thread {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("spec.json")).unwrap()).unwrap();
    let options: ExtractOptions = spec
        .get("options")
        .map(|o| serde_json::from_value(o.clone()).unwrap())
        .unwrap_or_default();
    let page = std::fs::read_to_string(dir.join("page.html")).unwrap();
    unspool::unroll_html(&page, spec["url"].as_str(), &options)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// One entry of a zip as its local header and the central directory both say it.
struct Entry {
    name: String,
    method: u16,
    extra_len: usize,
    data_offset: usize,
    data: Vec<u8>,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Reads a zip through its central directory, checking each record against its local header
/// and each CRC against the data.
fn read_zip(bytes: &[u8]) -> Vec<Entry> {
    let end = bytes.len() - 22;
    assert_eq!(u32_at(bytes, end), 0x0605_4b50, "end of central directory");
    let count = u16_at(bytes, end + 10) as usize;
    let mut at = u32_at(bytes, end + 16) as usize;
    assert_eq!(
        at + u32_at(bytes, end + 12) as usize,
        end,
        "central directory size"
    );
    let mut entries = Vec::new();
    for _ in 0..count {
        assert_eq!(u32_at(bytes, at), 0x0201_4b50, "central record");
        let method = u16_at(bytes, at + 10);
        let crc = u32_at(bytes, at + 16);
        let size = u32_at(bytes, at + 20) as usize;
        assert_eq!(size, u32_at(bytes, at + 24) as usize, "stored: sizes equal");
        let name_len = u16_at(bytes, at + 28) as usize;
        let skip = name_len + u16_at(bytes, at + 30) as usize + u16_at(bytes, at + 32) as usize;
        let local = u32_at(bytes, at + 42) as usize;
        let name = String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).unwrap();
        assert_eq!(u32_at(bytes, local), 0x0403_4b50, "{name}: local header");
        assert_eq!(u16_at(bytes, local + 8), method, "{name}: method");
        assert_eq!(u32_at(bytes, local + 14), crc, "{name}: local CRC");
        let local_name_len = u16_at(bytes, local + 26) as usize;
        let extra_len = u16_at(bytes, local + 28) as usize;
        assert_eq!(
            &bytes[local + 30..local + 30 + local_name_len],
            name.as_bytes()
        );
        let data_offset = local + 30 + local_name_len + extra_len;
        let data = bytes[data_offset..data_offset + size].to_vec();
        assert_eq!(crc32fast::hash(&data), crc, "{name}: CRC-32 of its data");
        entries.push(Entry {
            name,
            method,
            extra_len,
            data_offset,
            data,
        });
        at += 46 + skip;
    }
    entries
}

/// EPUBCheck's verdict on a book: its report when it finds anything.
fn epubcheck(book: &Path) -> Result<(), String> {
    assert!(
        Path::new(EPUBCHECK).exists(),
        "{EPUBCHECK} is missing: run `bash tools/setup.sh test` (or `sudo apt-get install epubcheck`)"
    );
    // Debian ships EPUBCheck as an executable jar; run it through java, so it works without
    // binfmt support for jars (containers, CI).
    let out = Command::new("java")
        .args(["-jar", EPUBCHECK, "--quiet"])
        .arg(book)
        .output()
        .unwrap_or_else(|e| panic!("cannot run java -jar {EPUBCHECK}: {e}"));
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() && !report.contains("WARNING") && !report.contains("ERROR") {
        Ok(())
    } else {
        Err(report)
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("epub");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{name}.epub"))
}

/// The book's structure: zip layout, well-formed XML, metadata, nothing remote or live.
fn check_book(name: &str, thread: &Thread, bytes: &[u8]) -> Vec<Entry> {
    let entries = read_zip(bytes);
    let first = &entries[0];
    assert_eq!(first.name, "mimetype", "{name}: mimetype comes first");
    assert_eq!(first.method, 0, "{name}: mimetype is stored");
    assert_eq!(first.extra_len, 0, "{name}: no extra field before it");
    assert_eq!(first.data_offset, 38);
    assert_eq!(first.data, b"application/epub+zip");
    assert!(
        entries.iter().all(|e| e.method == 0),
        "{name}: every entry stored"
    );

    for entry in &entries {
        if !(entry.name.ends_with(".xhtml") || entry.name.ends_with(".opf")) {
            continue;
        }
        let text = std::str::from_utf8(&entry.data).unwrap();
        // XHTML5 has a doctype without a DTD; roxmltree wants to be told that is fine.
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(text, options)
            .unwrap_or_else(|e| panic!("{name}: {} is not well-formed XML: {e}", entry.name));
        if entry.name.ends_with(".xhtml") {
            let root = doc.root_element();
            assert_eq!(
                root.tag_name().namespace(),
                Some("http://www.w3.org/1999/xhtml")
            );
            for node in doc.descendants().filter(|n| n.is_element()) {
                let tag = node.tag_name().name();
                assert!(
                    !matches!(tag, "script" | "iframe" | "object" | "embed" | "form"),
                    "{name}: <{tag}> in {}",
                    entry.name
                );
                for attribute in node.attributes() {
                    assert!(
                        !attribute.name().starts_with("on"),
                        "{name}: {} attribute",
                        attribute.name()
                    );
                }
                if let Some(href) = node.attribute("href") {
                    assert!(
                        href.starts_with("https://")
                            || href.starts_with("http://")
                            || !href.contains(':'),
                        "{name}: href {href}"
                    );
                }
                if tag == "img" {
                    let src = node.attribute("src").unwrap();
                    assert!(
                        src.starts_with("images/"),
                        "{name}: an image the book does not hold: {src}"
                    );
                }
            }
        }
    }

    let opf = entries
        .iter()
        .find(|e| e.name == "EPUB/package.opf")
        .unwrap();
    let opf = std::str::from_utf8(&opf.data).unwrap();
    let doc = roxmltree::Document::parse(opf).unwrap();
    let meta = |tag: &str| {
        doc.descendants()
            .find(|n| n.tag_name().name() == tag)
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    let title = match thread.article() {
        Some(article) => format!(
            "{} — {} (@{})",
            article.title, thread.author.name, thread.author.handle
        ),
        None => format!(
            "Thread by {} (@{})",
            thread.author.name, thread.author.handle
        ),
    };
    assert_eq!(meta("title").unwrap(), title, "{name}: the book's title");
    assert_eq!(meta("creator").unwrap(), thread.author.name);
    assert_eq!(meta("source").unwrap(), thread.url);
    let lang = thread
        .posts
        .iter()
        .find_map(|p| p.lang.clone())
        .unwrap_or("und".into());
    assert_eq!(meta("language").unwrap(), lang, "{name}: language");
    assert!(meta("identifier").unwrap().starts_with("urn:uuid:"));
    let first_date = thread.posts.iter().find_map(|p| p.created_at.clone());
    assert_eq!(
        meta("date").map(|d| d[..19].to_string()),
        first_date.map(|d| d[..19].to_string()),
        "{name}: the thread's date"
    );

    let chapter = entries
        .iter()
        .find(|e| e.name == "EPUB/thread.xhtml")
        .unwrap();
    let chapter = std::str::from_utf8(&chapter.data).unwrap();
    for post in thread.posts.iter().filter(|p| !p.id.is_empty()) {
        assert!(
            chapter.contains(&format!("id=\"post-{}\"", post.id)),
            "{name}: post {} is in the chapter",
            post.id
        );
    }
    entries
}

fn check_fixture(name: &str) {
    let thread = fixture_thread(name);
    let bytes = render_epub(&thread, &RenderOptions::default(), &[]).unwrap();
    check_book(name, &thread, &bytes);
    let file = scratch(name);
    std::fs::write(&file, &bytes).unwrap();
    if let Err(report) = epubcheck(&file) {
        panic!("{name}: EPUBCheck found problems:\n{report}");
    }
}

macro_rules! epub_cases {
    ($($test:ident => $dir:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_fixture($dir);
            }
        )*
    };
}

epub_cases! {
    media_book_validates => "media",
    emoji_book_validates => "emoji",
    rtl_arabic_book_validates => "rtl-arabic",
    hostile_content_book_validates => "hostile-content",
    quote_book_validates => "quote",
    deleted_in_thread_book_validates => "deleted-in-thread",
    truncated_book_validates => "truncated",
    author_answers_book_validates => "author-answers",
    bluesky_quote_video_rtl_book_validates => "bluesky-quote-video-rtl",
    single_post_logged_out_book_validates => "single-post-logged-out",
    article_every_block_book_validates => "article-every-block",
    article_partial_book_validates => "article-partial",
    article_rtl_arabic_book_validates => "article-rtl-arabic",
    quotes_an_article_book_validates => "quotes-an-article",
    mastodon_poll_emoji_book_validates => "mastodon-emoji-links-poll",
    mastodon_content_warnings_book_validates => "mastodon-content-warnings",
}

/// A 1×1 PNG, written here (zlib stored block, CRCs by crc32fast).
fn tiny_png() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
    }
    let raw = [0u8, 0x80, 0x80, 0x80]; // filter byte, one grey RGB pixel
    let adler = {
        let (mut a, mut b) = (1u32, 0u32);
        for &x in &raw {
            a = (a + x as u32) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16) | a
    };
    let mut zlib = vec![0x78, 0x01, 0x01, 4, 0, 0xfb, 0xff];
    zlib.extend_from_slice(&raw);
    zlib.extend_from_slice(&adler.to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

#[test]
fn pictures_the_reader_has_are_embedded_the_rest_stay_links() {
    let thread = fixture_thread("media");
    let urls: Vec<&str> = thread.posts[0]
        .media
        .iter()
        .map(|m| m.url.as_str())
        .collect();
    assert!(urls.len() >= 3, "the media fixture opens with photos");
    let png = tiny_png();
    let images = [
        EpubImage {
            url: urls[0],
            bytes: &png,
        },
        EpubImage {
            url: urls[1],
            bytes: &png,
        },
        // Bytes of no picture format an EPUB may hold: left out, linked.
        EpubImage {
            url: urls[2],
            bytes: b"RIFF\0\0\0\0WEBPVP8 ",
        },
        // A picture no post shows: not in the book.
        EpubImage {
            url: "https://pbs.twimg.com/media/unrelated.jpg",
            bytes: &png,
        },
    ];
    let bytes = render_epub(&thread, &RenderOptions::default(), &images).unwrap();
    let entries = check_book("media+images", &thread, &bytes);
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"EPUB/images/1.png") && names.contains(&"EPUB/images/2.png"));
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("EPUB/images/"))
            .count(),
        2,
        "{names:?}"
    );
    let chapter = entries
        .iter()
        .find(|e| e.name == "EPUB/thread.xhtml")
        .unwrap();
    let chapter = std::str::from_utf8(&chapter.data).unwrap();
    assert!(chapter
        .contains("<img src=\"images/1.png\" alt=\"A lighthouse half hidden in morning fog\"/>"));
    assert!(
        chapter.contains(&format!(
            "<a class=\"image-link\" href=\"{}\">Image ↗</a>",
            urls[2].replace('&', "&amp;")
        )),
        "the picture the book does not hold is a link to it"
    );
    let file = scratch("media-with-images");
    std::fs::write(&file, &bytes).unwrap();
    if let Err(report) = epubcheck(&file) {
        panic!("EPUBCheck found problems:\n{report}");
    }
}

#[test]
fn a_long_thread_has_a_section_per_fifty_posts() {
    let mut thread = fixture_thread("long-thread-from-head");
    let base = thread.posts.clone();
    thread.posts = (0..130)
        .map(|n| {
            let mut post = base[n % base.len()].clone();
            post.id = format!("{}{n:03}", post.id);
            post
        })
        .collect();
    let bytes = render_epub(&thread, &RenderOptions::default(), &[]).unwrap();
    let entries = check_book("long", &thread, &bytes);
    let nav = entries.iter().find(|e| e.name == "EPUB/nav.xhtml").unwrap();
    let nav = std::str::from_utf8(&nav.data).unwrap();
    for (from, to) in [(1, 50), (51, 100), (101, 130)] {
        let at = &thread.posts[from - 1].id;
        assert!(
            nav.contains(&format!(
                "<a href=\"thread.xhtml#post-{at}\">Posts {from}–{to}</a>"
            )),
            "section {from}–{to} in {nav}"
        );
    }
    assert_eq!(POSTS_PER_SECTION, 50);
    let file = scratch("long");
    std::fs::write(&file, &bytes).unwrap();
    if let Err(report) = epubcheck(&file) {
        panic!("EPUBCheck found problems:\n{report}");
    }
}

#[test]
fn the_same_thread_is_the_same_book() {
    // Opened from its first post or its last, a thread keeps its identifier; the bytes depend
    // on the thread alone (no clock), so the reader's export and the CLI's are one file.
    let head = fixture_thread("long-thread-from-head");
    let last = fixture_thread("long-thread-from-last");
    let id = |t: &Thread| {
        let bytes = render_epub(t, &RenderOptions::default(), &[]).unwrap();
        let entries = read_zip(&bytes);
        let opf = entries
            .iter()
            .find(|e| e.name == "EPUB/package.opf")
            .unwrap();
        let opf = String::from_utf8(opf.data.clone()).unwrap();
        opf.split("<dc:identifier id=\"uid\">").nth(1).unwrap()[..45].to_string()
    };
    assert_eq!(id(&head), id(&last));
    let again = render_epub(&head, &RenderOptions::default(), &[]).unwrap();
    assert_eq!(
        again,
        render_epub(&head, &RenderOptions::default(), &[]).unwrap()
    );
}

#[test]
fn the_cli_writes_the_book_to_a_file_or_standard_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emoji");
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("spec.json")).unwrap()).unwrap();
    let url = spec["url"].as_str().unwrap();
    let page = dir.join("page.html");
    let file = scratch("cli-emoji");
    let _ = std::fs::remove_file(&file);
    let cli = env!("CARGO_BIN_EXE_unspool");
    let to_file = Command::new(cli)
        .args(["--format", "epub", "--url", url, "-o"])
        .arg(&file)
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        to_file.status.success(),
        "{}",
        String::from_utf8_lossy(&to_file.stderr)
    );
    assert!(to_file.stdout.is_empty(), "nothing on stdout with -o");
    let to_stdout = Command::new(cli)
        .args(["--format", "epub", "--url", url])
        .arg(&page)
        .output()
        .unwrap();
    assert!(to_stdout.status.success());
    let written = std::fs::read(&file).unwrap();
    assert_eq!(written, to_stdout.stdout, "the same bytes either way");
    let thread = fixture_thread("emoji");
    assert_eq!(
        written,
        render_epub(&thread, &RenderOptions::default(), &[]).unwrap()
    );
}

/// An Article's book is the document, not a thread: its headings, lists and code survive the
/// XHTML pass as themselves.
#[test]
fn article_book_keeps_the_document_structure() {
    let thread = fixture_thread("article-every-block");
    let bytes = render_epub(&thread, &RenderOptions::default(), &[]).unwrap();
    let entries = check_book("article-every-block", &thread, &bytes);
    let chapter = entries
        .iter()
        .find(|e| e.name == "EPUB/thread.xhtml")
        .unwrap();
    let chapter = std::str::from_utf8(&chapter.data).unwrap();
    for tag in ["<h2", "<h3", "<ol", "<ul", "<pre", "<blockquote", "<hr"] {
        assert!(
            chapter.contains(tag),
            "the Article's {tag} is in the chapter"
        );
    }
    assert!(chapter.contains("Reading tide tables without tears"));
}
