//! EPUB 3: the HTML export's document made into a book. The chapter is the HTML renderer's own
//! `<body>` passed through `xhtml::xhtml_fragment` (so every thread or document it renders makes
//! a chapter, escaped as it escapes), with a cover page (title, author, date), the navigation
//! document, the typography of `epub.css` and the package document's metadata (title, author,
//! language, dates, source, an identifier stable for the thread). Images come from the caller's
//! bytes: the CLI has none (it never fetches), the reader passes the ones it has already shown;
//! the rest become links. The container is a stored zip (`crate::zip`), `mimetype` first.

use super::xhtml::{xhtml_fragment, xml_escape_text, Images};
use super::{day, escape_html, render_html, safe_url, RenderOptions};
use crate::model::Thread;
use crate::zip::{StoredZip, ZipError};
use std::cell::RefCell;

/// The book's stylesheet.
pub const EPUB_CSS: &str = include_str!("epub.css");

/// A thread longer than this gets one entry per this many posts in the table of contents.
pub const POSTS_PER_SECTION: usize = 50;

/// An image the caller has, by the URL the renderer writes for it.
pub struct EpubImage<'a> {
    pub url: &'a str,
    pub bytes: &'a [u8],
}

const XHTML_DOCTYPE: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n";
const NAMESPACES: &str =
    "xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"";

/// The thread as an EPUB file's bytes. Fails only when it would not fit in a zip (4 GiB).
pub fn render_epub(
    thread: &Thread,
    options: &RenderOptions,
    images: &[EpubImage],
) -> Result<Vec<u8>, ZipError> {
    let options = RenderOptions {
        theme: None,
        font: None,
        ..options.for_site(thread.platform)
    };
    let labels = &options.labels;
    let document = render_html(thread, &options);
    let lang = between(&document, "<html lang=\"", "\"").unwrap_or("und");
    let title = xml_escape_text(between(&document, "<title>", "</title>").unwrap_or(""));
    let body = between(&document, "<body", "</body>")
        .and_then(|b| b.split_once('>'))
        .map_or("", |(_, inside)| inside);

    let files: Vec<(&EpubImage, &str, &str)> = images
        .iter()
        .filter_map(|image| image_type(image.bytes).map(|(ext, media)| (image, ext, media)))
        .collect();
    let used = RefCell::new(vec![false; files.len()]);
    let embedded = |url: &str| {
        let at = files.iter().position(|(image, ..)| image.url == url)?;
        if let Some(flag) = used.borrow_mut().get_mut(at) {
            *flag = true;
        }
        Some(format!("images/{}.{}", at + 1, files[at].1))
    };
    let chapter = xhtml_fragment(
        body,
        &Images {
            embedded: &embedded,
            label: &labels.image,
        },
    );
    let used = used.into_inner();

    let page = |name: &str, title: &str, body: &str| {
        format!(
            "{XHTML_DOCTYPE}<html {NAMESPACES} lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{title}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body class=\"{name}\">\n{body}</body>\n</html>\n"
        )
    };
    let thread_page = page(
        "unspool-document",
        &title,
        &format!("<section epub:type=\"bodymatter chapter\">\n{chapter}</section>\n"),
    );
    let cover_page = page("cover-page", &title, &cover(thread, &options, &title));
    let nav_page = page("nav-page", &title, &nav(thread, &options, &title));

    let mut manifest = String::new();
    for (at, (_, ext, media)) in files.iter().enumerate() {
        if used[at] {
            manifest.push_str(&format!(
                "<item id=\"image-{0}\" href=\"images/{0}.{ext}\" media-type=\"{media}\"/>\n",
                at + 1
            ));
        }
    }
    let package = package(thread, lang, &title, &manifest);

    let mut zip = StoredZip::new();
    zip.add("mimetype", b"application/epub+zip")?;
    zip.add("META-INF/container.xml", CONTAINER.as_bytes())?;
    zip.add("EPUB/package.opf", package.as_bytes())?;
    zip.add("EPUB/nav.xhtml", nav_page.as_bytes())?;
    zip.add("EPUB/cover.xhtml", cover_page.as_bytes())?;
    zip.add("EPUB/thread.xhtml", thread_page.as_bytes())?;
    zip.add("EPUB/style.css", EPUB_CSS.as_bytes())?;
    for (at, (image, ext, _)) in files.iter().enumerate() {
        if used[at] {
            zip.add(&format!("EPUB/images/{}.{ext}", at + 1), image.bytes)?;
        }
    }
    zip.finish()
}

const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n<rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n";

fn package(thread: &Thread, lang: &str, title: &str, images: &str) -> String {
    let author = if thread.author.name.trim().is_empty() {
        format!("@{}", thread.author.handle)
    } else {
        thread.author.name.clone()
    };
    let dates: Vec<String> = thread
        .posts
        .iter()
        .filter_map(|p| p.created_at.as_deref().and_then(w3c_seconds))
        .collect();
    let mut metadata = format!(
        "<dc:identifier id=\"uid\">{}</dc:identifier>\n<dc:title>{title}</dc:title>\n<dc:creator id=\"creator\">{}</dc:creator>\n<meta refines=\"#creator\" property=\"role\" scheme=\"marc:relators\">aut</meta>\n<dc:language>{lang}</dc:language>\n",
        identifier(thread),
        xml_escape_text(&escape_html(&author)),
    );
    if let Some(first) = dates.first() {
        metadata.push_str(&format!("<dc:date>{first}</dc:date>\n"));
    }
    if let Some(source) = safe_url(&thread.url) {
        metadata.push_str(&format!(
            "<dc:source>{}</dc:source>\n",
            xml_escape_text(&escape_html(source))
        ));
    }
    // The book changes when the thread does: its newest post, so the same thread gives the
    // same file (the reader's export and the CLI's agree byte for byte).
    let modified = dates
        .iter()
        .max()
        .map_or("2000-01-01T00:00:00Z", String::as_str);
    metadata.push_str(&format!(
        "<meta property=\"dcterms:modified\">{modified}</meta>\n"
    ));
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\" xml:lang=\"{lang}\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n{metadata}</metadata>\n<manifest>\n<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n<item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n<item id=\"thread\" href=\"thread.xhtml\" media-type=\"application/xhtml+xml\"/>\n<item id=\"style\" href=\"style.css\" media-type=\"text/css\"/>\n{images}</manifest>\n<spine>\n<itemref idref=\"cover\"/>\n<itemref idref=\"thread\"/>\n</spine>\n</package>\n"
    )
}

/// The cover page: site, title, author, handle, date and length, as text (it reflows on any
/// screen and reads in any language).
fn cover(thread: &Thread, options: &RenderOptions, title: &str) -> String {
    let labels = &options.labels;
    let text = |s: &str| xml_escape_text(&escape_html(s));
    let mut facts = Vec::new();
    if let Some(date) = super::thread_date(thread) {
        facts.push(text(day(date)));
    }
    facts.push(text(&labels.count(thread.posts.len())));
    format!(
        "<section class=\"cover\" epub:type=\"cover\">\n<p class=\"cover-site\">{}</p>\n<h1 class=\"cover-title\">{title}</h1>\n<p class=\"cover-author\">{}</p>\n<p class=\"cover-author handle\">@{}</p>\n<p class=\"cover-date\">{}</p>\n</section>\n",
        text(crate::site::for_platform(thread.platform).name),
        text(&thread.author.name),
        text(&thread.author.handle),
        facts.join(" · ")
    )
}

/// The navigation document: the cover, the thread and, for a long one, a section per
/// `POSTS_PER_SECTION` posts (each to its first post's anchor in the chapter).
fn nav(thread: &Thread, options: &RenderOptions, title: &str) -> String {
    let labels = &options.labels;
    let text = |s: &str| xml_escape_text(&escape_html(s));
    let mut sections = String::new();
    if thread.posts.len() > POSTS_PER_SECTION {
        sections.push_str("\n<ol>\n");
        for start in (0..thread.posts.len()).step_by(POSTS_PER_SECTION) {
            let end = (start + POSTS_PER_SECTION).min(thread.posts.len());
            // An unavailable post has no anchor: the section starts at its next post that has.
            let Some(post) = thread.posts[start..end].iter().find(|p| !p.id.is_empty()) else {
                continue;
            };
            let name = labels
                .posts_range
                .replace("{from}", &(start + 1).to_string())
                .replace("{to}", &end.to_string());
            sections.push_str(&format!(
                "<li><a href=\"thread.xhtml#post-{}\">{}</a></li>\n",
                text(&post.id),
                text(&name)
            ));
        }
        sections.push_str("</ol>\n");
    }
    format!(
        "<nav epub:type=\"toc\" id=\"toc\">\n<h1>{}</h1>\n<ol>\n<li><a href=\"cover.xhtml\">{}</a></li>\n<li><a href=\"thread.xhtml\">{title}</a>{sections}</li>\n</ol>\n</nav>\n<nav epub:type=\"landmarks\" hidden=\"hidden\">\n<ol>\n<li><a epub:type=\"cover\" href=\"cover.xhtml\">{}</a></li>\n<li><a epub:type=\"bodymatter\" href=\"thread.xhtml\">{title}</a></li>\n</ol>\n</nav>\n",
        text(&labels.contents),
        text(&labels.cover),
        text(&labels.cover),
    )
}

/// `urn:uuid:` named by the thread's first post (or its page), so the same thread is the same
/// book in a library whichever of its posts it was opened from. The UUID is version 8 (RFC
/// 9562's custom kind) over a 128-bit FNV-1a hash: stable and small, not secret.
fn identifier(thread: &Thread) -> String {
    let name = thread
        .posts
        .iter()
        .map(|p| p.url.as_str())
        .find(|u| !u.is_empty())
        .unwrap_or(&thread.url);
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for &b in name.as_bytes() {
        hash ^= u128::from(b);
        hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    hash = (hash & !(0xf << 76)) | (0x8 << 76); // version 8
    hash = (hash & !(0x3 << 62)) | (0x2 << 62); // RFC variant
    let hex = format!("{hash:032x}");
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `2026-01-30T16:00:00.000Z` → `2026-01-30T16:00:00Z`, the form `dcterms:modified` requires;
/// `None` for anything else.
fn w3c_seconds(iso: &str) -> Option<String> {
    let head = iso.get(..19)?;
    let shape = head.bytes().enumerate().all(|(at, b)| match at {
        4 | 7 => b == b'-',
        10 => b == b'T',
        13 | 16 => b == b':',
        _ => b.is_ascii_digit(),
    });
    (shape && iso.ends_with('Z')).then(|| format!("{head}Z"))
}

/// The picture formats every EPUB 3 reading system shows (its core media types), by their
/// bytes, never by what a server called them: extension and media type.
fn image_type(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(("jpg", "image/jpeg"))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("png", "image/png"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("gif", "image/gif"))
    } else {
        None
    }
}

/// The text between the first `start` and the next `end` after it.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    let to = s[from..].find(end)? + from;
    Some(&s[from..to])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_take_the_form_epub_requires() {
        assert_eq!(
            w3c_seconds("2026-01-30T16:00:00.000Z").as_deref(),
            Some("2026-01-30T16:00:00Z")
        );
        assert_eq!(w3c_seconds("2026-01-30"), None);
        assert_eq!(w3c_seconds("2026-01-30T16:00:00+02:00"), None);
    }

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(
            image_type(b"\xff\xd8\xff\xe0rest"),
            Some(("jpg", "image/jpeg"))
        );
        assert_eq!(image_type(b"GIF89a..."), Some(("gif", "image/gif")));
        assert_eq!(image_type(b"RIFF\0\0\0\0WEBPVP8 "), None);
        assert_eq!(image_type(b"<svg"), None);
    }
}
