//! Markdown (CommonMark): links, images with alt text, quoted posts as blockquotes, and optional
//! YAML front matter for Obsidian-style notes. Page text is escaped so it can never become
//! Markdown syntax (or raw HTML, which many Markdown viewers would render).

use super::{
    author_alt, day, display_segments, label_lines, safe_url, thread_date, unavailable_text,
    RenderOptions,
};
use crate::model::{MediaKind, Post, PostRole, Segment, Thread};

pub fn render_markdown(thread: &Thread, options: &RenderOptions) -> String {
    let options = &options.for_site(thread.platform);
    let labels = &options.labels;
    let mut out = String::new();
    if options.front_matter {
        out.push_str(&front_matter(thread));
    }
    let article = thread.article();
    let mut meta: Vec<String> = Vec::new();
    match article {
        // An Article's heading is its title; the author opens the line under it.
        Some(article) => {
            out.push_str(&format!("# {}\n\n", escape_span(&article.title)));
            meta.push(format!(
                "{} (@{})",
                escape_span(&thread.author.name),
                escape_span(&thread.author.handle)
            ));
        }
        None => out.push_str(&format!(
            "# {} {} (@{})\n\n",
            labels.thread_by,
            escape_span(&thread.author.name),
            escape_span(&thread.author.handle)
        )),
    }
    if let Some(date) = thread_date(thread) {
        // The date comes from the page's `datetime` attribute: text like any other.
        meta.push(escape_span(day(date)));
    }
    if article.is_none() {
        meta.push(labels.count(thread.posts.len()));
    }
    meta.push(link(&labels.view_on_site, &thread.url));
    out.push_str(&format!("*{}*\n\n", meta.join(" · ")));
    for post in &thread.posts {
        out.push_str(&post_block(post, options));
        out.push_str("\n\n");
    }
    if !thread.warnings.is_empty() {
        out.push_str(&format!("---\n\n**{}**\n\n", escape_span(&labels.warnings)));
        for w in &thread.warnings {
            out.push_str(&format!(
                "- {}\n",
                escape_span(&super::note_sentence(w, labels))
            ));
        }
    }
    out.trim_end().to_string() + "\n"
}

fn front_matter(thread: &Thread) -> String {
    let title: String = thread
        .posts
        .iter()
        // A post hidden behind a content warning has no text here: the title is the next one's.
        .find(|p| !p.unavailable && !p.text.trim().is_empty())
        .map(|p| {
            // Behind a content warning the warning is the title: the text is what it hides.
            p.labels
                .iter()
                .find(|l| l.hides)
                .map_or(p.text.as_str(), |l| l.text.as_str())
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim()
                .chars()
                .take(80)
                .collect()
        })
        .unwrap_or_default();
    let kind = if thread.article().is_some() {
        "article"
    } else {
        "thread"
    };
    let mut tags: Vec<String> = vec![kind.into()];
    for post in &thread.posts {
        for seg in &post.segments {
            if let Segment::Hashtag { text, .. } = seg {
                let tag: String = text
                    .trim_start_matches(['#', '$'])
                    .chars()
                    .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                if !tag.is_empty() && !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
        }
    }
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", yaml_string(&title)));
    out.push_str(&format!(
        "author: {}\n",
        yaml_string(&format!(
            "{} (@{})",
            thread.author.name, thread.author.handle
        ))
    ));
    if let Some(date) = thread_date(thread) {
        out.push_str(&format!("date: {}\n", yaml_string(day(date))));
    }
    out.push_str(&format!("source: {}\n", yaml_string(&thread.url)));
    out.push_str(&format!(
        "tags: [{}]\n",
        tags.iter()
            .map(|t| yaml_string(t))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out.push_str("---\n\n");
    out
}

/// A double-quoted YAML scalar: always valid, whatever the text holds. Every character YAML
/// would fold, trim or refuse (line breaks of any kind, tabs, controls, BOM, noncharacters) is
/// written as an escape, so the parsed value is the string itself.
fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if yaml_needs_escape(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters outside YAML's printable set, or that a parser reads as a line break.
fn yaml_needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

fn post_block(post: &Post, options: &RenderOptions) -> String {
    let labels = &options.labels;
    if post.unavailable {
        return format!("*{}*", escape_span(&unavailable_text(post, labels)));
    }
    if let Some(article) = &post.article {
        return super::longform::article_markdown(post, article, options);
    }
    let mut parts: Vec<String> = Vec::new();
    for line in label_lines(post, labels) {
        parts.push(format!("**{}**", escape_span(&line)));
    }
    if post.role == PostRole::Answer {
        parts.push(format!(
            "*{}* · {}",
            escape_span(&labels.answer),
            link(&format!("@{}", post.author.handle), &post.url)
        ));
    }
    let body = segments_markdown(&display_segments(post, options));
    let body = body.trim_end();
    if post.truncated {
        // Where X cut the text: an ellipsis, then the one way to read on.
        parts.push(format!(
            "{body}… {}",
            link(&labels.continue_on_site, &post.url)
        ));
    } else if !body.trim().is_empty() {
        parts.push(body.to_string());
    }
    for m in &post.media {
        let Some(url) = safe_url(&m.url) else {
            continue;
        };
        let alt = author_alt(m.alt.as_deref(), labels)
            .map(str::to_string)
            .unwrap_or_else(|| match m.kind {
                MediaKind::Image => labels.image.clone(),
                MediaKind::Video => labels.video.clone(),
                MediaKind::Gif => labels.gif.clone(),
            });
        let image = format!("![{}]({})", escape_span(&alt), destination(url));
        parts.push(match (m.kind, m.link.as_deref().and_then(safe_url)) {
            (MediaKind::Image, _) | (_, None) => image,
            (_, Some(target)) => format!("[{image}]({})", destination(target)),
        });
    }
    if let Some(poll) = &post.poll {
        let mut lines = vec![format!("**{}**", escape_span(&labels.poll)), String::new()];
        for option in &poll.options {
            let result = option
                .result
                .as_deref()
                .map(|r| format!(" — {}", escape_span(r)))
                .unwrap_or_default();
            lines.push(format!("- {}{result}", escape_span(&option.text)));
        }
        if let Some(summary) = &poll.summary {
            lines.push(String::new());
            lines.push(format!("*{}*", escape_span(summary)));
        }
        parts.push(lines.join("\n"));
    }
    if let Some(card) = &post.card {
        let title = card
            .title
            .clone()
            .or_else(|| card.domain.clone())
            .unwrap_or_else(|| card.url.clone());
        let mut line = format!("> {}", link(&title, &card.url));
        if let Some(domain) = &card.domain {
            line.push_str(&format!(" — {}", escape_span(domain)));
        }
        parts.push(line);
    }
    if let Some(q) = &post.quote {
        let mut quoted = format!(
            "**{}** (@{})",
            escape_span(&q.author.name),
            escape_span(&q.author.handle)
        );
        if let Some(url) = &q.url {
            quoted.push_str(&format!(" · {}", link(&labels.view_on_site, url)));
        }
        quoted.push_str("\n\n");
        quoted.push_str(&escape_block(&q.text));
        for m in &q.media {
            if let Some(url) = safe_url(&m.url) {
                let alt = author_alt(m.alt.as_deref(), labels).unwrap_or(&labels.image);
                quoted.push_str(&format!(
                    "\n\n![{}]({})",
                    escape_span(alt),
                    destination(url)
                ));
            }
        }
        parts.push(
            quoted
                .lines()
                .map(|l| {
                    if l.is_empty() {
                        ">".to_string()
                    } else {
                        format!("> {l}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    parts.join("\n\n")
}

fn segments_markdown(segments: &[Segment]) -> String {
    let mut out = String::new();
    for seg in segments {
        match seg {
            Segment::Text { text } => out.push_str(&escape_block_continuing(text, &out)),
            Segment::Link { text, url }
            | Segment::Mention { text, url }
            | Segment::Hashtag { text, url } => out.push_str(&link(text, url)),
        }
    }
    hard_breaks(&out)
}

/// `[text](<url>)`, or the escaped text alone when the URL is not http(s).
pub(super) fn link(text: &str, url: &str) -> String {
    match safe_url(url) {
        Some(url) => format!("[{}]({})", escape_span(text), destination(url)),
        None => escape_span(text),
    }
}

/// A link destination in CommonMark's `<...>` form that no character of the URL can end early.
/// `<`, `>` and whitespace are percent-encoded (browsers encode them the same way, so the link
/// goes where it did); a backslash, and an `&` that would read as an entity, are
/// backslash-escaped, since Markdown would otherwise change them.
pub(super) fn destination(url: &str) -> String {
    let mut out = String::from("<");
    for (i, c) in url.char_indices() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("\\\\"),
            '&' if looks_like_entity(&url[i..]) => out.push_str("\\&"),
            c if c.is_whitespace() || c.is_control() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

/// `&amp;`, `&#62;`, `&#x3E;`: text starting with an `&` that CommonMark decodes as a character.
fn looks_like_entity(text: &str) -> bool {
    let body = &text[1..];
    let end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .unwrap_or(body.len());
    end > 0 && body[end..].starts_with(';')
}

/// Escapes text for a one-line context (link text, alt text, a name): a line break there would
/// end the heading or paragraph the span sits in, so it becomes a space.
pub(super) fn escape_span(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
        .collect();
    escape_inline(&one_line)
}

/// Escapes characters that Markdown would read as syntax anywhere in a line.
pub(super) fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn escape_block(text: &str) -> String {
    hard_breaks(&escape_block_continuing(text, ""))
}

/// Escapes text, and the characters that start a block (`#`, `>`, `-`, `1.`) at line starts.
pub(super) fn escape_block_continuing(text: &str, before: &str) -> String {
    let mut out = String::new();
    let mut at_line_start = before.is_empty() || before.ends_with('\n');
    for line in text.split_inclusive('\n') {
        if at_line_start {
            let trimmed = line.trim_start_matches(' ');
            let indent = &line[..line.len() - trimmed.len()];
            out.push_str(indent);
            out.push_str(&escape_line_start(trimmed));
        } else {
            out.push_str(&escape_inline(line));
        }
        at_line_start = line.ends_with('\n');
    }
    out
}

fn escape_line_start(line: &str) -> String {
    let escaped = escape_inline(line);
    let first = line.chars().next();
    match first {
        Some('#' | '+' | '-' | '=') => format!("\\{escaped}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            match line[digits..].chars().next() {
                Some('.' | ')') => format!("{}\\{}", &line[..digits], &escaped[digits..]),
                _ => escaped,
            }
        }
        _ => escaped,
    }
}

/// Single line breaks inside a post become CommonMark hard breaks; blank lines stay paragraphs.
pub(super) fn hard_breaks(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        if i + 1 < lines.len() {
            let next_blank = lines.get(i + 1).is_some_and(|l| l.trim().is_empty());
            if line.trim().is_empty() || next_blank {
                out.push('\n');
            } else {
                out.push_str("\\\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_syntax() {
        assert_eq!(
            escape_inline("*a* [b](c) <i>"),
            "\\*a\\* \\[b\\](c) \\<i\\>"
        );
        assert_eq!(
            escape_block("# not a title\n1. not a list"),
            "\\# not a title\\\n1\\. not a list"
        );
    }

    #[test]
    fn links_only_http() {
        assert_eq!(link("x", "https://a.b/"), "[x](<https://a.b/>)");
        assert_eq!(link("x", "javascript:alert(1)"), "x");
    }

    #[test]
    fn yaml_is_always_quoted() {
        assert_eq!(yaml_string("a: \"b\"\n"), "\"a: \\\"b\\\"\\n\"");
    }

    #[test]
    fn keeps_paragraphs_and_line_breaks() {
        assert_eq!(hard_breaks("a\nb\n\nc"), "a\\\nb\n\nc");
    }
}

/// The Markdown read back by a real CommonMark parser and the front matter by a real YAML parser.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod parsed {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::model::{Author, Card, Media, Platform, Quote};
    use pulldown_cmark::{Event, Options, Parser, Tag};

    const HOSTILE_URL: &str = "https://e.com/a>)[x](javascript:alert(1))";

    /// Every link and image destination, in order; panics on any raw HTML.
    fn destinations(md: &str) -> Vec<String> {
        let mut out = Vec::new();
        for event in Parser::new_ext(md, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS) {
            match event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    out.push(dest_url.to_string())
                }
                Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} in\n{md}"),
                _ => {}
            }
        }
        out
    }

    fn author(name: &str, handle: &str) -> Author {
        Author {
            handle: handle.into(),
            name: name.into(),
            avatar: None,
        }
    }

    fn thread(name: &str, handle: &str, url: &str, posts: Vec<Post>) -> Thread {
        Thread {
            schema_version: 1,
            platform: Platform::X,
            url: url.into(),
            focal_id: "1".into(),
            author: author(name, handle),
            posts,
            warnings: Vec::new(),
        }
    }

    fn hostile_post(url: &str, text: &str) -> Post {
        let media = |kind, link: Option<&str>| Media {
            kind,
            url: format!("{url}/img"),
            alt: Some(text.into()),
            link: link.map(str::to_string),
        };
        Post {
            url: format!("{url}/post"),
            text: text.into(),
            segments: vec![
                Segment::Text { text: text.into() },
                Segment::Link {
                    text: text.into(),
                    url: url.into(),
                },
            ],
            truncated: true,
            media: vec![
                media(MediaKind::Image, None),
                media(MediaKind::Video, Some(&format!("{url}/play"))),
            ],
            quote: Some(Quote {
                author: author(text, text),
                text: text.into(),
                url: Some(format!("{url}/quote")),
                created_at: None,
                media: vec![media(MediaKind::Image, None)],
                unavailable: false,
            }),
            card: Some(Card {
                url: format!("{url}/card"),
                title: Some(text.into()),
                domain: Some(text.into()),
                image: None,
            }),
            ..Post::default()
        }
    }

    /// The destination a reader's Markdown viewer must follow: the URL, `<` and `>` encoded.
    fn intended(url: &str) -> String {
        url.replace('<', "%3C").replace('>', "%3E")
    }

    fn assert_links_intact(url: &str, text: &str) {
        let t = thread(text, text, url, vec![hostile_post(url, text)]);
        let md = render_markdown(&t, &RenderOptions::default());
        // The thread's "View on X", the text link, the "cut short" link, the image, the video
        // poster inside its link, the card, the quote and the quote's image.
        let mut want: Vec<String> = [
            "", "", "/post", "/img", "/img", "/play", "/card", "/quote", "/img",
        ]
        .iter()
        .map(|suffix| intended(&format!("{url}{suffix}")))
        .collect();
        want.sort();
        let mut got = destinations(&md);
        got.sort();
        assert_eq!(got, want, "for {url:?} / {text:?}:\n{md}");
    }

    #[test]
    fn no_url_can_end_its_destination_early() {
        for url in [
            HOSTILE_URL,
            "https://e.com/<b>x</b>",
            "https://e.com/a\\",
            "https://e.com/a\\>[x](javascript:y)",
            "https://e.com/a(b)c)",
            "https://e.com/?a=1&amp;b=&#62;&#x3C;",
            "https://e.com/\"q\"'s'*_`~|]]",
        ] {
            for text in [
                "plain",
                "a](javascript:x)\n\n<b>",
                "</a><script>x\n# h\n- l",
            ] {
                assert_links_intact(url, text);
            }
        }
    }

    #[test]
    fn urls_with_spaces_or_newlines_become_text() {
        for url in ["https://e.com/a b", "https://e.com/a\n[x](javascript:y)"] {
            let t = thread("n", "h", url, vec![hostile_post(url, "t")]);
            let md = render_markdown(&t, &RenderOptions::default());
            assert!(destinations(&md).is_empty(), "{md}");
        }
    }

    #[test]
    fn destinations_stay_readable() {
        assert_eq!(
            destination("https://e.com/a?b=1&c=2"),
            "<https://e.com/a?b=1&c=2>"
        );
        assert_eq!(
            destination(HOSTILE_URL),
            "<https://e.com/a%3E)[x](javascript:alert(1))>"
        );
        assert_eq!(
            destination("https://e.com/&amp;\\"),
            "<https://e.com/\\&amp;\\\\>"
        );
    }

    const HOSTILE_TEXT: &[&str] = &[
        "",
        "plain",
        "a: b",
        "\"quoted\" 'single'",
        "line\nbreak\r\nand\rcr",
        "---",
        "--- \n...\n---",
        "@handle",
        "#tag",
        "- item",
        "\ttab\t",
        "back\\slash \\n \\u0041",
        "ünïcödé 日本語 مرحبا",
        "🚀👩‍👩‍👧 \u{fe0f}",
        "\u{0}\u{1}\u{7}\u{1b}\u{7f}\u{85}\u{9f}",
        "\u{2028}\u{2029}\u{feff}\u{fffe}\u{ffff}\u{202e}",
        "{a: [b, c]} & *ref !tag %YAML",
        " leading and trailing ",
        "null",
        "~",
        "yes",
        "0x1F",
        "2026-01-27",
    ];

    #[test]
    fn yaml_scalars_read_back_as_written() {
        for s in HOSTILE_TEXT {
            let doc = format!("key: {}\n", yaml_string(s));
            let parsed: std::collections::BTreeMap<String, String> =
                serde_yaml::from_str(&doc).unwrap_or_else(|e| panic!("{doc:?}: {e}"));
            assert_eq!(parsed["key"], *s, "{doc:?}");
        }
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct FrontMatter {
        title: String,
        author: String,
        date: String,
        source: String,
        tags: Vec<String>,
    }

    fn parse_front_matter(md: &str) -> FrontMatter {
        let block = md
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .map(|(yaml, _)| yaml)
            .unwrap_or_else(|| panic!("no front matter in {md:?}"));
        serde_yaml::from_str(block).unwrap_or_else(|e| panic!("{block:?}: {e}"))
    }

    #[test]
    fn front_matter_fields_equal_the_thread() {
        for s in HOSTILE_TEXT {
            let post = Post {
                text: format!("first {s} line"),
                created_at: Some("2026-01-27T10:00:00.000Z".into()),
                segments: vec![Segment::Hashtag {
                    text: "#tag_1-x".into(),
                    url: "https://x.com/hashtag/tag".into(),
                }],
                ..Post::default()
            };
            let url = format!("https://x.com/{s}");
            let t = thread(s, s, &url, vec![post]);
            let md = render_markdown(&t, &RenderOptions::default());
            let fm = parse_front_matter(&md);
            let first_line = format!("first {s} line");
            let first_line = first_line.lines().next().unwrap_or("").trim();
            assert_eq!(
                fm,
                FrontMatter {
                    title: first_line.chars().take(80).collect(),
                    author: format!("{s} (@{s})"),
                    date: "2026-01-27".into(),
                    source: url.clone(),
                    tags: vec!["thread".into(), "tag_1-x".into()],
                },
                "{md}"
            );
            destinations(&md);
        }
    }
}
