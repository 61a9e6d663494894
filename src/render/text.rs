//! Plain text: one paragraph per post, a two-line header and a one-line footer. Reads like the
//! unroll services' output without their boilerplate; pastes cleanly into notes, mail or an LLM.

use super::{
    author_alt, day, label_lines, post_text, thread_date, unavailable_text, RenderOptions,
};
use crate::model::{MediaKind, Post, PostRole, Thread};

pub fn render_text(thread: &Thread, options: &RenderOptions) -> String {
    let options = &options.for_site(thread.platform);
    let labels = &options.labels;
    let mut out = String::new();
    let article = thread.article();
    let mut meta: Vec<String> = Vec::new();
    match article {
        // An Article's first line is its title; the author opens the line under it.
        Some(article) => {
            out.push_str(&format!("{}\n", article.title));
            meta.push(format!(
                "{} (@{})",
                thread.author.name, thread.author.handle
            ));
        }
        None => out.push_str(&format!(
            "{} {} (@{})\n",
            labels.thread_by, thread.author.name, thread.author.handle
        )),
    }
    if let Some(date) = thread_date(thread) {
        meta.push(day(date).to_string());
    }
    if article.is_none() {
        meta.push(labels.count(thread.posts.len()));
    }
    meta.push(thread.url.clone());
    out.push_str(&meta.join(" · "));
    out.push_str("\n\n");
    for post in &thread.posts {
        out.push_str(&post_block(post, options));
        out.push_str("\n\n");
    }
    if !thread.warnings.is_empty() {
        out.push_str(&format!("{}:\n", labels.warnings));
        for w in &thread.warnings {
            out.push_str(&format!("- {}\n", super::note_sentence(w, labels)));
        }
        out.push('\n');
    }
    out.push_str(&format!("{}: {}\n", labels.source, thread.url));
    out
}

fn post_block(post: &Post, options: &RenderOptions) -> String {
    let labels = &options.labels;
    if post.unavailable {
        return format!("[{}]", unavailable_text(post, labels));
    }
    if let Some(article) = &post.article {
        return super::longform::article_text(post, article, options);
    }
    let mut lines: Vec<String> = Vec::new();
    for line in label_lines(post, labels) {
        lines.push(format!("[{line}]"));
    }
    if post.role == PostRole::Answer {
        lines.push(format!("[{}]", labels.answer));
    }
    let text = post_text(post, options);
    let text = text.trim_end();
    if post.truncated {
        // Where X cut the text: an ellipsis, then the one way to read on.
        lines.push(format!("{text}… {} {}", labels.continue_on_site, post.url));
    } else if !text.trim().is_empty() {
        lines.push(text.to_string());
    }
    for m in &post.media {
        lines.push(match (m.kind, author_alt(m.alt.as_deref(), labels)) {
            (MediaKind::Image, Some(alt)) => format!("[{}: {}]", labels.image, alt),
            (MediaKind::Image, None) => format!("[{}]", labels.image),
            (MediaKind::Video, _) => format!("[{}: {}]", labels.video, post.url),
            (MediaKind::Gif, _) => format!("[{}: {}]", labels.gif, post.url),
        });
    }
    if let Some(poll) = &post.poll {
        lines.push(format!("{}:", labels.poll));
        for option in &poll.options {
            match &option.result {
                Some(result) => lines.push(format!("- {} ({result})", option.text)),
                None => lines.push(format!("- {}", option.text)),
            }
        }
        if let Some(summary) = &poll.summary {
            lines.push(summary.clone());
        }
    }
    if let Some(card) = &post.card {
        if !post.text.contains(&card.url) {
            let title = card.title.as_deref().unwrap_or("");
            lines.push(format!("{title} {}", card.url).trim().to_string());
        }
    }
    if let Some(q) = &post.quote {
        let mut quoted = format!(
            "{} {} (@{}): {}",
            labels.quoting, q.author.name, q.author.handle, q.text
        );
        if let Some(url) = &q.url {
            quoted.push_str(&format!(" {url}"));
        }
        lines.push(
            quoted
                .lines()
                .map(|l| format!("> {l}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    lines.join("\n")
}
