//! Long-form Articles (`model::Article`) in each format: the document's blocks as HTML,
//! Markdown and plain text. The thread renderers call these for a post that is an Article and
//! keep their own header, notes and footer. Same rules as theirs: page strings escaped, only
//! http(s) URLs linked, `dir` values checked.

use super::html::{anchor as anchor_html, quote_html};
use super::markdown::{
    destination, escape_block_continuing, escape_inline, escape_span, hard_breaks, link as link_md,
};
use super::{author_alt, escape_html, safe_url, RenderOptions};
use crate::model::{Article, Block, ListItem, Media, Post, Span};

/// Deepest heading written: the Article's title is the document's `h1`, its headings start at
/// `h2` (a Draft.js `header-one` is level 1, one below the title).
const TITLE_LEVEL: u8 = 1;

fn heading_level(level: u8) -> u8 {
    level.saturating_add(TITLE_LEVEL).clamp(2, 6)
}

fn dir_attribute(dir: Option<&str>) -> String {
    match dir {
        Some(d @ ("ltr" | "rtl")) => format!(" dir=\"{d}\""),
        _ => String::new(),
    }
}

// ---- HTML ----

/// The Article's body for the reader and the HTML export: cover, blocks, and where the page
/// cut it, the link to read on.
pub(super) fn article_html(post: &Post, article: &Article, options: &RenderOptions) -> String {
    let dir = article
        .dir
        .as_deref()
        .filter(|d| matches!(*d, "ltr" | "rtl"))
        .unwrap_or("auto");
    let mut out = format!("<div class=\"article-body\" dir=\"{dir}\">\n");
    if let Some(cover) = &article.cover {
        out.push_str(&figure_html(cover, None, "article-cover", options));
    }
    out.push_str(&blocks_html(&article.blocks, options));
    if article.partial {
        out.push_str(&format!(
            "<p class=\"article-partial\">… {}</p>\n",
            anchor_html(&post.url, &options.labels.continue_on_site, "continue")
        ));
    }
    out.push_str("</div>\n");
    out
}

pub(super) fn blocks_html(blocks: &[Block], options: &RenderOptions) -> String {
    blocks.iter().map(|b| block_html(b, options)).collect()
}

fn block_html(block: &Block, options: &RenderOptions) -> String {
    match block {
        Block::Paragraph { spans, dir } => {
            format!(
                "<p{}>{}</p>\n",
                dir_attribute(dir.as_deref()),
                spans_html(spans)
            )
        }
        Block::Heading { level, spans, dir } => {
            let h = heading_level(*level);
            format!(
                "<h{h}{}>{}</h{h}>\n",
                dir_attribute(dir.as_deref()),
                spans_html(spans)
            )
        }
        Block::List { ordered, items } => list_html(*ordered, items, options),
        Block::Quote { spans, dir } => format!(
            "<blockquote class=\"article-quote\"{}><p>{}</p></blockquote>\n",
            dir_attribute(dir.as_deref()),
            spans_html(spans)
        ),
        Block::Code { language, text } => {
            let language = language.as_deref().filter(|l| safe_language(l));
            let (data, class) = match language {
                Some(l) => (
                    format!(" data-language=\"{l}\""),
                    format!(" class=\"language-{l}\""),
                ),
                None => (String::new(), String::new()),
            };
            format!(
                "<pre class=\"article-code\" dir=\"ltr\"{data}><code{class}>{}</code></pre>\n",
                escape_html(text)
            )
        }
        Block::Image { media, caption } => {
            figure_html(media, caption.as_deref(), "article-image", options)
        }
        Block::Post { post } => quote_html(post, options),
        Block::Separator => "<hr>\n".to_string(),
    }
}

fn list_html(ordered: bool, items: &[ListItem], options: &RenderOptions) -> String {
    let tag = if ordered { "ol" } else { "ul" };
    let mut out = format!("<{tag}>\n");
    for item in items {
        out.push_str(&format!(
            "<li{}>{}",
            dir_attribute(item.dir.as_deref()),
            spans_html(&item.spans)
        ));
        if !item.children.is_empty() {
            out.push('\n');
            out.push_str(&blocks_html(&item.children, options));
        }
        out.push_str("</li>\n");
    }
    out.push_str(&format!("</{tag}>\n"));
    out
}

fn figure_html(
    media: &Media,
    caption: Option<&str>,
    class: &str,
    options: &RenderOptions,
) -> String {
    let Some(src) = safe_url(&media.url) else {
        return String::new();
    };
    let alt = author_alt(media.alt.as_deref(), &options.labels);
    let caption = caption
        .or(alt)
        .map(|c| format!("<figcaption>{}</figcaption>", escape_html(c)))
        .unwrap_or_default();
    format!(
        "<figure class=\"media media-image {class}\"><img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\" referrerpolicy=\"no-referrer\">{caption}</figure>\n",
        escape_html(src),
        escape_html(alt.unwrap_or(""))
    )
}

/// Code languages are a word (`json`, `c++`, `objective-c`): nothing that leaves the attribute.
fn safe_language(language: &str) -> bool {
    language.len() <= 32
        && language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '_' | '#' | '.'))
}

fn spans_html(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        let mut html = escape_html(&span.text).replace('\n', "<br>");
        if span.strike {
            html = format!("<s>{html}</s>");
        }
        if span.italic {
            html = format!("<em>{html}</em>");
        }
        if span.bold {
            html = format!("<strong>{html}</strong>");
        }
        if let Some(url) = span.url.as_deref().and_then(safe_url) {
            let class = if span.mention.is_some() {
                "mention"
            } else {
                "link"
            };
            html = format!(
                "<a class=\"{class}\" href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\">{html}</a>",
                escape_html(url)
            );
        }
        out.push_str(&html);
    }
    out
}

// ---- Markdown ----

/// The Article's body in CommonMark: the cover, then one block per block, blank lines between.
pub(super) fn article_markdown(post: &Post, article: &Article, options: &RenderOptions) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(cover) = &article.cover {
        parts.extend(image_markdown(cover, None, options));
    }
    for block in &article.blocks {
        let md = block_markdown(block, options);
        if !md.is_empty() {
            parts.push(md);
        }
    }
    if article.partial {
        parts.push(format!(
            "… {}",
            link_md(&options.labels.continue_on_site, &post.url)
        ));
    }
    parts.join("\n\n")
}

fn block_markdown(block: &Block, options: &RenderOptions) -> String {
    match block {
        Block::Paragraph { spans, .. } => spans_markdown(spans),
        Block::Heading { level, spans, .. } => format!(
            "{} {}",
            "#".repeat(usize::from(heading_level(*level))),
            spans_markdown(&one_line(spans))
        ),
        Block::List { ordered, items } => list_markdown(*ordered, items, options),
        Block::Quote { spans, .. } => quoted(&spans_markdown(spans)),
        Block::Code { language, text } => fenced(language.as_deref(), text),
        Block::Image { media, caption } => {
            image_markdown(media, caption.as_deref(), options).unwrap_or_default()
        }
        Block::Post { post } => {
            let mut md = format!(
                "**{}** (@{})",
                escape_span(&post.author.name),
                escape_span(&post.author.handle)
            );
            if let Some(url) = &post.url {
                md.push_str(&format!(
                    " · {}",
                    link_md(&options.labels.view_on_site, url)
                ));
            }
            if !post.text.is_empty() {
                md.push_str("\n\n");
                md.push_str(&hard_breaks(&escape_block_continuing(&post.text, "")));
            }
            quoted(&md)
        }
        Block::Separator => "---".to_string(),
    }
}

/// Items as `- ` or `1. `; an item's nested lists and its further lines indented to its text.
fn list_markdown(ordered: bool, items: &[ListItem], options: &RenderOptions) -> String {
    let mut lines: Vec<String> = Vec::new();
    for (at, item) in items.iter().enumerate() {
        let marker = if ordered {
            format!("{}. ", at + 1)
        } else {
            "- ".to_string()
        };
        let indent = " ".repeat(marker.len());
        let text = spans_markdown(&item.spans);
        let mut first = true;
        for line in text.split('\n') {
            if first {
                lines.push(format!("{marker}{line}"));
                first = false;
            } else {
                lines.push(format!("{indent}{line}"));
            }
        }
        for child in &item.children {
            for line in block_markdown(child, options).split('\n') {
                lines.push(format!("{indent}{line}").trim_end().to_string());
            }
        }
    }
    lines.join("\n")
}

fn quoted(md: &str) -> String {
    md.split('\n')
        .map(|l| {
            if l.is_empty() {
                ">".to_string()
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A fence longer than any run of backticks in the code, so nothing in it can close the block.
fn fenced(language: Option<&str>, text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    let info = language.filter(|l| safe_language(l)).unwrap_or("");
    format!("{fence}{info}\n{text}\n{fence}")
}

fn image_markdown(media: &Media, caption: Option<&str>, options: &RenderOptions) -> Option<String> {
    let url = safe_url(&media.url)?;
    let alt = author_alt(media.alt.as_deref(), &options.labels).unwrap_or(&options.labels.image);
    let mut md = format!("![{}]({})", escape_span(alt), destination(url));
    if let Some(caption) = caption {
        md.push_str(&format!("\n*{}*", escape_span(caption)));
    }
    Some(md)
}

/// A heading is one line: line breaks in it become spaces.
fn one_line(spans: &[Span]) -> Vec<Span> {
    spans
        .iter()
        .map(|s| Span {
            text: s.text.replace(['\n', '\r'], " "),
            ..s.clone()
        })
        .collect()
}

/// Spans with their marks; the marks hug the text (CommonMark ignores `** x**`), so spaces at
/// a span's ends stay outside them. Line starts are escaped as block syntax would read them.
fn spans_markdown(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        let core = span.text.trim_matches(|c: char| c == ' ' || c == '\n');
        let start = span.text.len() - span.text.trim_start_matches([' ', '\n']).len();
        let (lead, rest) = span.text.split_at(start);
        let trail = &rest[core.len()..];
        out.push_str(&escape_block_continuing(lead, &out));
        if core.is_empty() {
            out.push_str(&escape_block_continuing(trail, &out));
            continue;
        }
        let mut md = escape_block_continuing(core, &out);
        if span.url.is_none() {
            md = wrap_marks(md, span);
        }
        if let Some(url) = span.url.as_deref().and_then(safe_url) {
            // Link text is one line; marks go inside the brackets.
            let text = wrap_marks(escape_inline(&core.replace('\n', " ")), span);
            md = format!("[{text}]({})", destination(url));
        }
        out.push_str(&md);
        out.push_str(&escape_block_continuing(trail, &out));
    }
    hard_breaks(&out)
}

fn wrap_marks(mut md: String, span: &Span) -> String {
    if span.strike {
        md = format!("~~{md}~~");
    }
    if span.italic {
        md = format!("*{md}*");
    }
    if span.bold {
        md = format!("**{md}**");
    }
    md
}

// ---- Plain text ----

/// The Article's body as plain text: one paragraph per block, lists one item a line.
pub(super) fn article_text(post: &Post, article: &Article, options: &RenderOptions) -> String {
    let labels = &options.labels;
    let mut parts: Vec<String> = Vec::new();
    if let Some(cover) = &article.cover {
        parts.push(image_text(cover, None, options));
    }
    for block in &article.blocks {
        let text = block_text(block, 0, options);
        if !text.is_empty() {
            parts.push(text);
        }
    }
    if article.partial {
        parts.push(format!("… {} {}", labels.continue_on_site, post.url));
    }
    parts.join("\n\n")
}

fn block_text(block: &Block, depth: usize, options: &RenderOptions) -> String {
    let text = |spans: &[Span]| spans.iter().map(|s| s.text.as_str()).collect::<String>();
    match block {
        Block::Paragraph { spans, .. } | Block::Heading { spans, .. } => text(spans),
        Block::Quote { spans, .. } => text(spans)
            .lines()
            .map(|l| format!("> {l}"))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::List { ordered, items } => {
            let mut lines = Vec::new();
            for (at, item) in items.iter().enumerate() {
                let marker = crate::model::list_marker(*ordered, at);
                lines.push(format!(
                    "{}{marker} {}",
                    "  ".repeat(depth),
                    text(&item.spans)
                ));
                for child in &item.children {
                    lines.push(block_text(child, depth + 1, options));
                }
            }
            lines.join("\n")
        }
        Block::Code { text, .. } => text.clone(),
        Block::Image { media, caption } => image_text(media, caption.as_deref(), options),
        Block::Post { post } => {
            let mut quoted = format!(
                "{} {} (@{}): {}",
                options.labels.quoting, post.author.name, post.author.handle, post.text
            );
            if let Some(url) = &post.url {
                quoted.push_str(&format!(" {url}"));
            }
            quoted
                .lines()
                .map(|l| format!("> {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        }
        Block::Separator => "* * *".to_string(),
    }
}

fn image_text(media: &Media, caption: Option<&str>, options: &RenderOptions) -> String {
    let labels = &options.labels;
    match caption.or(author_alt(media.alt.as_deref(), labels)) {
        Some(words) => format!("[{}: {words}]", labels.image),
        None => format!("[{}]", labels.image),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_fences_outlast_the_codes_backticks() {
        assert_eq!(fenced(Some("md"), "a ```` b"), "`````md\na ```` b\n`````");
        assert_eq!(fenced(Some("bad lang`"), "x"), "```\nx\n```");
    }

    #[test]
    fn marks_hug_the_text_and_links_stay_http() {
        let spans = vec![
            Span {
                text: "see ".into(),
                ..Span::default()
            },
            Span {
                text: " bold ".into(),
                bold: true,
                ..Span::default()
            },
            Span {
                text: "x".into(),
                url: Some("javascript:alert(1)".into()),
                ..Span::default()
            },
        ];
        assert_eq!(spans_markdown(&spans), "see  **bold** x");
        assert_eq!(spans_html(&spans), "see <strong> bold </strong>x");
    }
}
