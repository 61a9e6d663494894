//! HTML: the thread as one `<article>`, used twice: inside the extension's reader view, and
//! wrapped in a self-contained document for the HTML export. Every page-derived string goes
//! through `escape_html`; only http(s) URLs reach `href`/`src` (`safe_url`); `lang` and `dir`
//! values are checked against their grammar. Images load lazily and without a referrer.

use super::{
    author_alt, day, day_and_time, display_segments, escape_html, label_lines, note_html,
    reading_minutes, safe_url, thread_date, unavailable_text, RenderOptions,
};
use crate::model::{Card, CustomEmoji, Media, MediaKind, Post, PostRole, Quote, Segment, Thread};

/// The stylesheet of the article: shared by the reader view and the HTML export.
pub const ARTICLE_CSS: &str = include_str!("article.css");

/// A complete, self-contained HTML document. Its CSP forbids every script, so an exported file
/// stays inert whatever a post contained.
pub fn render_html(thread: &Thread, options: &RenderOptions) -> String {
    let options = &options.for_site(thread.platform);
    let title = match thread.article() {
        Some(article) => format!(
            "{} — {} (@{})",
            article.title, thread.author.name, thread.author.handle
        ),
        None => format!(
            "{} {} (@{})",
            options.labels.thread_by, thread.author.name, thread.author.handle
        ),
    };
    let lang = thread
        .posts
        .iter()
        .find_map(|p| p.lang.as_deref())
        .filter(|l| valid_lang(l))
        .unwrap_or("und");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"{}>\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src https: http:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{}</title>\n<style>\n{ARTICLE_CSS}</style>\n</head>\n<body class=\"unspool-document\">\n{}</body>\n</html>\n",
        look_attributes(options),
        escape_html(&title),
        article_start(thread, options, thread.posts.len())
    )
}

/// The reader's theme and font on the export's root, as `article.css` reads them; "system" (or
/// nothing) leaves the file to follow the system's light or dark.
fn look_attributes(options: &RenderOptions) -> String {
    let mut out = String::new();
    if let Some(theme) = options
        .theme
        .as_deref()
        .filter(|t| matches!(*t, "light" | "dark" | "sepia"))
    {
        out.push_str(&format!(" data-theme=\"{theme}\""));
    }
    if options.font.as_deref() == Some("serif") {
        out.push_str(" data-font=\"serif\"");
    }
    out
}

/// The thread as an `<article>` fragment (the reader view inserts this).
pub fn render_article(thread: &Thread, options: &RenderOptions) -> String {
    article_start(
        thread,
        &options.for_site(thread.platform),
        thread.posts.len(),
    )
}

/// The `<li>` items of posts `start..end` (clamped), for the reader to append to `ol.posts` in
/// chunks: a 5,000-post thread drawn in one go would freeze the tab.
pub fn render_posts(thread: &Thread, options: &RenderOptions, start: usize, end: usize) -> String {
    post_items(thread, &options.for_site(thread.platform), start, end)
}

// The public renderers write the labels for the thread's site once (`for_site`); the private
// pieces below take options already written so, and call each other without doing it again.

fn post_items(thread: &Thread, options: &RenderOptions, start: usize, end: usize) -> String {
    let end = end.min(thread.posts.len());
    let start = start.min(end);
    thread.posts[start..end]
        .iter()
        .map(|p| post_item(p, options))
        .collect()
}

/// The whole article with only its first `first_posts` posts in the list.
pub fn render_article_start(
    thread: &Thread,
    options: &RenderOptions,
    first_posts: usize,
) -> String {
    article_start(thread, &options.for_site(thread.platform), first_posts)
}

fn article_start(thread: &Thread, options: &RenderOptions, first_posts: usize) -> String {
    let labels = &options.labels;
    let mut out = String::with_capacity(thread.posts.len() * 1200 + 2000);
    out.push_str("<article class=\"thread\" aria-labelledby=\"thread-title\">\n<header class=\"thread-header\">\n");
    if let Some(avatar) = thread.author.avatar.as_deref().and_then(safe_url) {
        out.push_str(&format!(
            "<img class=\"avatar\" src=\"{}\" alt=\"\" width=\"48\" height=\"48\" referrerpolicy=\"no-referrer\">\n",
            escape_html(avatar)
        ));
    }
    match thread.article() {
        // An Article's heading is its title; the author is the line under it.
        Some(article) => out.push_str(&format!(
            "<div class=\"thread-byline\">\n<h1 id=\"thread-title\" class=\"article-title\" dir=\"auto\">{}</h1>\n<p class=\"article-author\"><span class=\"name\">{}</span> <span class=\"handle\">@{}</span></p>\n<p class=\"thread-meta\">",
            escape_html(&article.title),
            escape_html(&thread.author.name),
            escape_html(&thread.author.handle)
        )),
        None => out.push_str(&format!(
            "<div class=\"thread-byline\">\n<h1 id=\"thread-title\"><span class=\"thread-by\">{}</span> <span class=\"name\">{}</span> <span class=\"handle\">@{}</span></h1>\n<p class=\"thread-meta\">",
            escape_html(&labels.thread_by),
            escape_html(&thread.author.name),
            escape_html(&thread.author.handle)
        )),
    }
    out.push_str(&thread_meta(thread, options));
    out.push_str("</p>\n</div>\n</header>\n");
    out.push_str(&notes(thread, options));
    out.push_str("<ol class=\"posts\">\n");
    out.push_str(&post_items(thread, options, 0, first_posts));
    out.push_str("</ol>\n");
    out.push_str(&format!(
        "<footer class=\"thread-footer\">{}: {}</footer>\n</article>\n",
        escape_html(&labels.source),
        anchor(&thread.url, &thread.url, "")
    ));
    out
}

/// The inside of the header's `p.thread-meta`: date, post count, reading time, link to X. The
/// reader redraws it alone while posts arrive, so the heading (and its focus) stays.
pub fn render_thread_meta(thread: &Thread, options: &RenderOptions) -> String {
    thread_meta(thread, &options.for_site(thread.platform))
}

fn thread_meta(thread: &Thread, options: &RenderOptions) -> String {
    let labels = &options.labels;
    let mut meta: Vec<String> = Vec::new();
    if let Some(date) = thread_date(thread) {
        meta.push(format!(
            "<time datetime=\"{}\">{}</time>",
            escape_html(date),
            escape_html(day(date))
        ));
    }
    // An Article is one document: "1 post" would say nothing.
    if thread.article().is_none() {
        meta.push(format!(
            "<span class=\"post-count\">{}</span>",
            escape_html(&labels.count(thread.posts.len()))
        ));
    }
    meta.push(format!(
        "<span class=\"reading-time\">{} {}</span>",
        reading_minutes(thread),
        escape_html(&labels.min_read)
    ));
    meta.push(anchor(&thread.url, &labels.view_on_site, "source-link"));
    meta.join(" · ")
}

/// The notes on completeness as an `<aside>`, or nothing. Posts they name link to their site.
pub fn render_notes(thread: &Thread, options: &RenderOptions) -> String {
    notes(thread, &options.for_site(thread.platform))
}

fn notes(thread: &Thread, options: &RenderOptions) -> String {
    if thread.warnings.is_empty() {
        return String::new();
    }
    let labels = &options.labels;
    let mut out = format!(
        "<aside class=\"thread-warnings\" role=\"note\" aria-label=\"{0}\">\n<h2>{0}</h2>\n<ul>\n",
        escape_html(&labels.warnings)
    );
    for w in &thread.warnings {
        out.push_str(&format!("<li>{}</li>\n", note_html(w, thread, labels)));
    }
    out.push_str("</ul>\n</aside>\n");
    out
}

/// The thread as rich text for the clipboard (mail, word processors, notes): a heading, one run
/// of paragraphs per post, images capped to a page's width, every link to X or the web (no
/// list numbering, no anchors into the reader, no classes a paste target would not know).
pub fn render_clipboard_html(thread: &Thread, options: &RenderOptions) -> String {
    let options = &options.for_site(thread.platform);
    let labels = &options.labels;
    let mut meta: Vec<String> = thread_date(thread)
        .map(|d| escape_html(day(d)))
        .into_iter()
        .collect();
    let article = thread.article();
    if article.is_none() {
        meta.push(escape_html(&labels.count(thread.posts.len())));
    }
    meta.push(anchor(&thread.url, &labels.view_on_site, ""));
    let mut out = match article {
        Some(article) => format!(
            "<h1>{}</h1>\n<p><em>{} (@{}) · {}</em></p>\n",
            escape_html(&article.title),
            escape_html(&thread.author.name),
            escape_html(&thread.author.handle),
            meta.join(" · ")
        ),
        None => format!(
            "<h1>{} {} (@{})</h1>\n<p><em>{}</em></p>\n",
            escape_html(&labels.thread_by),
            escape_html(&thread.author.name),
            escape_html(&thread.author.handle),
            meta.join(" · ")
        ),
    };
    for post in &thread.posts {
        out.push_str(&clipboard_post(post, options));
    }
    if !thread.warnings.is_empty() {
        out.push_str(&format!(
            "<p><strong>{}</strong></p>\n<ul>\n",
            escape_html(&labels.warnings)
        ));
        for w in &thread.warnings {
            out.push_str(&format!("<li>{}</li>\n", note_html(w, thread, labels)));
        }
        out.push_str("</ul>\n");
    }
    out.push_str(&format!(
        "<p>{}: {}</p>\n",
        escape_html(&labels.source),
        anchor(&thread.url, &thread.url, "")
    ));
    out
}

/// Widest image on the clipboard, in CSS pixels: the text width of a page in mail and documents.
pub const CLIPBOARD_IMAGE_WIDTH: u32 = 560;

fn clipboard_post(post: &Post, options: &RenderOptions) -> String {
    let labels = &options.labels;
    if post.unavailable {
        return format!(
            "<p><em>{}</em></p>\n",
            escape_html(&unavailable_text(post, labels))
        );
    }
    if let Some(article) = &post.article {
        return super::longform::article_html(post, article, options);
    }
    let mut out = String::new();
    for line in label_lines(post, labels) {
        out.push_str(&format!("<p><strong>{}</strong></p>\n", escape_html(&line)));
    }
    if post.role == PostRole::Answer {
        out.push_str(&format!(
            "<p><em>{} · @{}</em></p>\n",
            escape_html(&labels.answer),
            escape_html(&post.author.handle)
        ));
    }
    out.push_str(&format!("<p>{}</p>\n", post_body(post, options)));
    out.push_str(&poll_html(post, labels));
    for m in &post.media {
        let link = m.link.as_deref().unwrap_or(&post.url);
        if let (Some(src), Some(link)) = (safe_url(&m.url), safe_url(link)) {
            let alt = author_alt(m.alt.as_deref(), labels).unwrap_or(match m.kind {
                MediaKind::Image => &labels.image,
                MediaKind::Video => &labels.video,
                MediaKind::Gif => &labels.gif,
            });
            out.push_str(&format!(
                "<p><a href=\"{}\"><img src=\"{}\" alt=\"{}\" width=\"{CLIPBOARD_IMAGE_WIDTH}\" style=\"max-width:100%;height:auto\"></a></p>\n",
                escape_html(link),
                escape_html(src),
                escape_html(alt)
            ));
        }
    }
    if let Some(card) = &post.card {
        let title = card.title.as_deref().unwrap_or(&card.url);
        out.push_str(&format!("<p>{}</p>\n", anchor(&card.url, title, "")));
    }
    if let Some(q) = &post.quote {
        let mut quote = format!(
            "<blockquote><p><strong>{}</strong> @{}",
            escape_html(&q.author.name),
            escape_html(&q.author.handle)
        );
        if let Some(url) = &q.url {
            quote.push_str(&format!(" · {}", anchor(url, &labels.view_on_site, "")));
        }
        let text = if q.unavailable {
            escape_html(&labels.unavailable)
        } else {
            text_html(&q.text)
        };
        quote.push_str(&format!("</p><p>{text}</p></blockquote>\n"));
        out.push_str(&quote);
    }
    out
}

fn post_item(post: &Post, options: &RenderOptions) -> String {
    let labels = &options.labels;
    if post.unavailable {
        return format!(
            "<li class=\"post post-unavailable\"><p>{}</p></li>\n",
            escape_html(&unavailable_text(post, labels))
        );
    }
    let mut out = String::with_capacity(1200);
    let class = match (post.role, &post.article) {
        (_, Some(_)) => "post post-article",
        (PostRole::Thread, None) => "post",
        (PostRole::Answer, None) => "post post-answer",
    };
    out.push_str(&format!(
        "<li class=\"{class}\" id=\"post-{}\" data-id=\"{}\">\n",
        escape_html(&post.id),
        escape_html(&post.id)
    ));
    if post.role == PostRole::Answer {
        out.push_str(&format!(
            "<p class=\"post-label\">{} · <span class=\"handle\">@{}</span></p>\n",
            escape_html(&labels.answer),
            escape_html(&post.author.handle)
        ));
    }
    for line in label_lines(post, labels) {
        out.push_str(&format!(
            "<p class=\"post-warning\">{}</p>\n",
            escape_html(&line)
        ));
    }
    if let Some(article) = &post.article {
        out.push_str(&super::longform::article_html(post, article, options));
        out.push_str(&post_foot(post, options));
        out.push_str("</li>\n");
        return out;
    }
    out.push_str("<div class=\"post-text\"");
    if let Some(lang) = post.lang.as_deref().filter(|l| valid_lang(l)) {
        out.push_str(&format!(" lang=\"{lang}\""));
    }
    let dir = post
        .dir
        .as_deref()
        .filter(|d| matches!(*d, "ltr" | "rtl" | "auto"))
        .unwrap_or("auto");
    out.push_str(&format!(" dir=\"{dir}\"><p>"));
    out.push_str(&post_body(post, options));
    out.push_str("</p></div>\n");
    for m in &post.media {
        out.push_str(&media_html(m, options));
    }
    out.push_str(&poll_html(post, labels));
    if let Some(card) = &post.card {
        out.push_str(&card_html(card));
    }
    if let Some(quote) = &post.quote {
        out.push_str(&quote_html(quote, options));
    }
    out.push_str(&post_foot(post, options));
    out.push_str("</li>\n");
    out
}

/// The post's date, linking to it on the site.
fn post_foot(post: &Post, options: &RenderOptions) -> String {
    let labels = &options.labels;
    let mut out = String::new();
    let when = post
        .created_at
        .as_deref()
        .map(|d| {
            format!(
                "<time datetime=\"{}\">{}</time>",
                escape_html(d),
                escape_html(&day_and_time(d))
            )
        })
        .unwrap_or_else(|| escape_html(&labels.view_on_site));
    if let Some(url) = safe_url(&post.url) {
        out.push_str(&format!(
            "<p class=\"post-foot\"><a class=\"permalink\" href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\">{when}</a></p>\n",
            escape_html(url)
        ));
    }
    out
}

/// The post's text as paragraphs; where X cut it, an ellipsis and the one link to read on.
fn post_body(post: &Post, options: &RenderOptions) -> String {
    let mut body = segments_html(&display_segments(post, options), &post.emoji);
    if post.truncated {
        while let Some(kept) = body.strip_suffix("<br>").or_else(|| body.strip_suffix(' ')) {
            body.truncate(kept.len());
        }
        body.push_str(&format!(
            "… {}",
            anchor(&post.url, &options.labels.continue_on_site, "continue")
        ));
    }
    body
}

/// Post text: paragraphs on blank lines, `<br>` on single line breaks, links for URLs,
/// mentions and hashtags.
fn segments_html(segments: &[Segment], emoji: &[CustomEmoji]) -> String {
    let mut out = String::new();
    for seg in segments {
        match seg {
            Segment::Text { text } => out.push_str(&with_emoji(&text_html(text), emoji)),
            Segment::Link { text, url } => out.push_str(&anchor(url, text, "link")),
            Segment::Mention { text, url } => out.push_str(&anchor(url, text, "mention")),
            Segment::Hashtag { text, url } => out.push_str(&anchor(url, text, "hashtag")),
        }
    }
    out
}

/// Custom emoji drawn as their images in escaped text (`:shortcode:` is letters, digits and
/// `_` only, so it reads the same escaped; a shortcode of any other shape stays text).
fn with_emoji(html: &str, emoji: &[CustomEmoji]) -> String {
    let mut out = html.to_string();
    for e in emoji {
        let plain = e.shortcode.len() > 2
            && e.shortcode.starts_with(':')
            && e.shortcode.ends_with(':')
            && e.shortcode[1..e.shortcode.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if let (true, Some(src)) = (plain, safe_url(&e.url)) {
            let img = format!(
                "<img class=\"emoji\" src=\"{}\" alt=\"{}\" loading=\"lazy\" referrerpolicy=\"no-referrer\">",
                escape_html(src),
                e.shortcode
            );
            out = out.replace(&e.shortcode, &img);
        }
    }
    out
}

/// A poll, with the results shown on the page.
fn poll_html(post: &Post, labels: &crate::render::Labels) -> String {
    let Some(poll) = &post.poll else {
        return String::new();
    };
    let mut out = format!(
        "<div class=\"poll\"><p class=\"poll-title\">{}</p><ul>",
        escape_html(&labels.poll)
    );
    for option in &poll.options {
        let result = option
            .result
            .as_deref()
            .map(|r| format!(" <span class=\"poll-result\">{}</span>", escape_html(r)))
            .unwrap_or_default();
        out.push_str(&format!("<li>{}{result}</li>", escape_html(&option.text)));
    }
    out.push_str("</ul>");
    if let Some(summary) = &poll.summary {
        out.push_str(&format!(
            "<p class=\"poll-summary\">{}</p>",
            escape_html(summary)
        ));
    }
    out.push_str("</div>\n");
    out
}

fn text_html(text: &str) -> String {
    escape_html(text)
        .replace("\n\n", "</p><p>")
        .replace('\n', "<br>")
}

/// `<a>` to an http(s) URL, or the escaped label alone.
pub(super) fn anchor(url: &str, label: &str, class: &str) -> String {
    match safe_url(url) {
        Some(url) => {
            let class = if class.is_empty() {
                String::new()
            } else {
                format!(" class=\"{class}\"")
            };
            format!(
                "<a{class} href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\">{}</a>",
                escape_html(url),
                text_html(label)
            )
        }
        None => text_html(label),
    }
}

fn media_html(m: &Media, options: &RenderOptions) -> String {
    let labels = &options.labels;
    let Some(src) = safe_url(&m.url) else {
        return String::new();
    };
    let img = |alt: &str| {
        format!(
            "<img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\" referrerpolicy=\"no-referrer\">",
            escape_html(src),
            escape_html(alt)
        )
    };
    match m.kind {
        MediaKind::Image => {
            // The alt stays on the image for screen readers; an author's alt text is also shown.
            let caption = author_alt(m.alt.as_deref(), labels)
                .map(|a| format!("<figcaption>{}</figcaption>", escape_html(a)))
                .unwrap_or_default();
            let alt = m.alt.as_deref().unwrap_or("");
            format!(
                "<figure class=\"media media-image\">{}{caption}</figure>\n",
                img(alt)
            )
        }
        MediaKind::Video | MediaKind::Gif => {
            let label = if m.kind == MediaKind::Gif {
                &labels.gif
            } else {
                &labels.video
            };
            let poster = img(label);
            let body = match m.link.as_deref().and_then(safe_url) {
                Some(link) => format!(
                    "<a href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\">{poster}<span class=\"play\">▶ {}</span></a>",
                    escape_html(link),
                    escape_html(label)
                ),
                None => poster,
            };
            format!("<figure class=\"media media-video\">{body}</figure>\n")
        }
    }
}

fn card_html(card: &Card) -> String {
    let Some(url) = safe_url(&card.url) else {
        return String::new();
    };
    let image = card
        .image
        .as_deref()
        .and_then(safe_url)
        .map(|src| {
            format!(
                "<img src=\"{}\" alt=\"\" loading=\"lazy\" decoding=\"async\" referrerpolicy=\"no-referrer\">",
                escape_html(src)
            )
        })
        .unwrap_or_default();
    let domain = card
        .domain
        .as_deref()
        .map(|d| format!("<span class=\"card-domain\">{}</span>", escape_html(d)))
        .unwrap_or_default();
    let title = card
        .title
        .as_deref()
        .map(|t| format!("<span class=\"card-title\">{}</span>", escape_html(t)))
        .unwrap_or_else(|| format!("<span class=\"card-title\">{}</span>", escape_html(url)));
    format!(
        "<a class=\"card\" href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\">{image}<span class=\"card-body\">{domain}{title}</span></a>\n",
        escape_html(url)
    )
}

pub(super) fn quote_html(q: &Quote, options: &RenderOptions) -> String {
    let mut out = String::from("<blockquote class=\"quote\">\n<p class=\"quote-author\">");
    out.push_str(&format!(
        "<span class=\"name\">{}</span> <span class=\"handle\">@{}</span>",
        escape_html(&q.author.name),
        escape_html(&q.author.handle)
    ));
    if let Some(url) = &q.url {
        out.push_str(" · ");
        out.push_str(&anchor(url, &options.labels.view_on_site, ""));
    }
    out.push_str("</p>\n");
    if q.unavailable {
        out.push_str(&format!(
            "<p>{}</p>\n",
            escape_html(&options.labels.unavailable)
        ));
    } else {
        out.push_str(&format!(
            "<div class=\"quote-text\" dir=\"auto\"><p>{}</p></div>\n",
            text_html(&q.text)
        ));
    }
    for m in &q.media {
        out.push_str(&media_html(m, options));
    }
    out.push_str("</blockquote>\n");
    out
}

/// BCP 47-ish: letters, digits and hyphens, nothing that could leave the attribute.
fn valid_lang(lang: &str) -> bool {
    !lang.is_empty()
        && lang.len() <= 35
        && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn truncated_fixture() -> Thread {
        let page = include_str!("../../tests/fixtures/truncated/page.html");
        let url = "https://x.com/hana_writes/status/2010821585925153459";
        crate::unroll_html(page, Some(url), &crate::ExtractOptions::default()).unwrap_or_else(
            |_| Thread {
                schema_version: 0,
                platform: crate::model::Platform::X,
                url: String::new(),
                focal_id: String::new(),
                author: crate::model::Author::default(),
                posts: Vec::new(),
                warnings: Vec::new(),
            },
        )
    }

    #[test]
    fn clipboard_html_is_paragraphs_linking_out_of_the_reader() {
        let thread = truncated_fixture();
        assert_eq!(thread.posts.len(), 3);
        let html = render_clipboard_html(&thread, &RenderOptions::default());
        assert!(
            !html.contains("<ol") && !html.contains("<li class"),
            "{html}"
        );
        assert!(
            !html.contains("href=\"#"),
            "no link into the reader: {html}"
        );
        assert!(!html.contains("class=\"post"), "no reader classes: {html}");
        // The cut post: an ellipsis, then one link to read on, to the post on X.
        assert_eq!(html.matches("Continue on X ↗").count(), 1);
        assert!(html
            .contains("My guard… <a class=\"continue\" href=\"https://x.com/hana_writes/status/"));
    }

    #[test]
    fn notes_name_posts_with_links_to_x() {
        let thread = truncated_fixture();
        let notes = render_notes(&thread, &RenderOptions::default());
        assert!(
            notes.contains("Post <a href=\"https://x.com/hana_writes/status/2010822592558117558\" rel=\"noopener noreferrer\" target=\"_blank\">2</a> is cut short"),
            "{notes}"
        );
        let article = render_article(&thread, &RenderOptions::default());
        assert_eq!(
            article.matches("Continue on X ↗").count(),
            1,
            "one link per cut post"
        );
        assert!(
            !article.contains("post-note"),
            "no second grey line under the cut post"
        );
    }
}
