//! Markdown (CommonMark): links, images with alt text, quoted posts as blockquotes, and optional
//! YAML front matter for Obsidian-style notes. Page text is escaped so it can never become
//! Markdown syntax (or raw HTML, which many Markdown viewers would render).

use super::{author_alt, day, display_segments, safe_url, thread_date, RenderOptions};
use crate::model::{MediaKind, Post, PostRole, Segment, Thread};

pub fn render_markdown(thread: &Thread, options: &RenderOptions) -> String {
    let labels = &options.labels;
    let mut out = String::new();
    if options.front_matter {
        out.push_str(&front_matter(thread));
    }
    out.push_str(&format!(
        "# {} {} (@{})\n\n",
        labels.thread_by,
        escape_inline(&thread.author.name),
        escape_inline(&thread.author.handle)
    ));
    let mut meta: Vec<String> = Vec::new();
    if let Some(date) = thread_date(thread) {
        meta.push(day(date).to_string());
    }
    meta.push(labels.count(thread.posts.len()));
    meta.push(link(&labels.view_on_x, &thread.url));
    out.push_str(&format!("*{}*\n\n", meta.join(" · ")));
    for post in &thread.posts {
        out.push_str(&post_block(post, options));
        out.push_str("\n\n");
    }
    if !thread.warnings.is_empty() {
        out.push_str(&format!(
            "---\n\n**{}**\n\n",
            escape_inline(&labels.warnings)
        ));
        for w in &thread.warnings {
            out.push_str(&format!("- {}\n", escape_inline(&w.message)));
        }
    }
    out.trim_end().to_string() + "\n"
}

fn front_matter(thread: &Thread) -> String {
    let title: String = thread
        .posts
        .iter()
        .find(|p| !p.unavailable)
        .map(|p| {
            p.text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim()
                .chars()
                .take(80)
                .collect()
        })
        .unwrap_or_default();
    let mut tags: Vec<String> = vec!["thread".into()];
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

/// A double-quoted YAML scalar: always valid, whatever the text holds.
fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn post_block(post: &Post, options: &RenderOptions) -> String {
    let labels = &options.labels;
    if post.unavailable {
        return format!("*{}*", escape_inline(&labels.unavailable));
    }
    let mut parts: Vec<String> = Vec::new();
    if post.role == PostRole::Answer {
        parts.push(format!(
            "*{}* · {}",
            escape_inline(&labels.answer),
            link(&format!("@{}", post.author.handle), &post.url)
        ));
    }
    let body = segments_markdown(&display_segments(post, options));
    if !body.trim().is_empty() {
        parts.push(body.trim_end().to_string());
    }
    if post.truncated {
        parts.push(format!(
            "*{}* {}",
            escape_inline(&labels.truncated),
            link(&labels.view_on_x, &post.url)
        ));
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
        let image = format!("![{}](<{}>)", escape_inline(&alt), url);
        parts.push(match (m.kind, m.link.as_deref().and_then(safe_url)) {
            (MediaKind::Image, _) | (_, None) => image,
            (_, Some(target)) => format!("[{image}](<{target}>)"),
        });
    }
    if let Some(card) = &post.card {
        let title = card
            .title
            .clone()
            .or_else(|| card.domain.clone())
            .unwrap_or_else(|| card.url.clone());
        let mut line = format!("> {}", link(&title, &card.url));
        if let Some(domain) = &card.domain {
            line.push_str(&format!(" — {}", escape_inline(domain)));
        }
        parts.push(line);
    }
    if let Some(q) = &post.quote {
        let mut quoted = format!(
            "**{}** (@{})",
            escape_inline(&q.author.name),
            escape_inline(&q.author.handle)
        );
        if let Some(url) = &q.url {
            quoted.push_str(&format!(" · {}", link(&labels.view_on_x, url)));
        }
        quoted.push_str("\n\n");
        quoted.push_str(&escape_block(&q.text));
        for m in &q.media {
            if let Some(url) = safe_url(&m.url) {
                let alt = author_alt(m.alt.as_deref(), labels).unwrap_or(&labels.image);
                quoted.push_str(&format!("\n\n![{}](<{}>)", escape_inline(alt), url));
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
fn link(text: &str, url: &str) -> String {
    match safe_url(url) {
        Some(url) => format!("[{}](<{}>)", escape_inline(text), url.replace('>', "%3E")),
        None => escape_inline(text),
    }
}

/// Escapes characters that Markdown would read as syntax anywhere in a line.
fn escape_inline(text: &str) -> String {
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
fn escape_block_continuing(text: &str, before: &str) -> String {
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
fn hard_breaks(text: &str) -> String {
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
