//! Renderers: pure functions from a [`Thread`] to a string, one per output format.
//!
//! Every page-derived string is data here. HTML output escapes all of it and lets only http(s)
//! URLs into `href` and `src`; Markdown escapes its syntax characters. Nothing in this module
//! knows where a thread came from.

mod epub;
mod html;
mod longform;
mod markdown;
mod notes;
mod text;
mod xhtml;

pub use epub::{render_epub, EpubImage, EPUB_CSS, POSTS_PER_SECTION};
pub use html::{
    render_article, render_article_start, render_clipboard_html, render_html, render_notes,
    render_posts, render_thread_meta, ARTICLE_CSS, CLIPBOARD_IMAGE_WIDTH,
};
pub use markdown::render_markdown;
pub use notes::{note_html, note_sentence};
pub use text::render_text;

use crate::model::{Platform, Post, PostNumber, Segment, Thread};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Json,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

/// Words the renderers print around the content, so the reader can show them in the user's
/// language (the extension fills them from `_locales`). English by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Labels {
    pub thread_by: String,
    pub post: String,
    pub posts: String,
    pub min_read: String,
    pub view_on_site: String,
    pub unavailable: String,
    /// The link at the end of a post X cut short ("Show more").
    pub continue_on_site: String,
    pub answer: String,
    pub video: String,
    pub gif: String,
    pub image: String,
    pub quoting: String,
    pub warnings: String,
    pub source: String,
    /// Joins the last item of a list: "2, 5 and 9".
    pub and: String,
    // The notes on completeness (`notes.rs` fills their `{slots}`).
    pub note_truncated_one: String,
    pub note_truncated_many: String,
    pub note_unavailable_one: String,
    pub note_unavailable_many: String,
    pub note_missing_one: String,
    pub note_missing_many: String,
    pub note_hidden_replies: String,
    pub note_hidden_replies_link: String,
    pub note_structural: String,
    pub note_focal_not_found: String,
    pub note_cancelled: String,
    pub note_moderated: String,
    // Schema 3: labels and content warnings on a post, placeholders in the site's words.
    /// A content warning the site hides part of the post behind: `{text}` is the site's words.
    pub content_warning: String,
    /// A label the site shows beside the post (hiding nothing).
    pub post_label: String,
    /// After a content warning whose hidden part was not on the page.
    pub not_on_page: String,
    /// An unavailable post's placeholder as the site words it (`{text}`).
    pub site_placeholder: String,
    pub note_moderated_one: String,
    pub note_moderated_many: String,
    pub note_hidden_content_one: String,
    pub note_hidden_content_many: String,
    pub note_article_partial: String,
    // The EPUB's navigation: its heading, the cover's entry, a long thread's sections.
    pub contents: String,
    pub cover: String,
    /// One section of a long thread: "Posts {from}–{to}".
    pub posts_range: String,
    /// Mastodon: a poll's heading; replies still arriving from other servers.
    pub poll: String,
    pub note_more_replies: String,
}

impl Labels {
    /// The labels with `{site}` written as the thread's site ("View on {site}" → "View on
    /// Bluesky"): one set of translations serves every site.
    pub fn for_site(&self, platform: Platform) -> Labels {
        let name = crate::site::for_platform(platform).name;
        let mut labels = self.clone();
        for (_, text) in labels.every_label() {
            *text = text.replace("{site}", name);
        }
        labels
    }

    /// Every label with its key (the serde name, as the reader's options object spells it), by a
    /// destructuring without `..`: a label added to the struct and not here does not compile, so
    /// none can be forgotten. (Not through serde's `Value`: that would ship serde_json's whole
    /// `Value` (de)serialiser in the Wasm for this one loop.)
    pub fn every_label(&mut self) -> [(&'static str, &mut String); 41] {
        let Labels {
            thread_by,
            post,
            posts,
            min_read,
            view_on_site,
            unavailable,
            continue_on_site,
            answer,
            video,
            gif,
            image,
            quoting,
            warnings,
            source,
            and,
            note_truncated_one,
            note_truncated_many,
            note_unavailable_one,
            note_unavailable_many,
            note_missing_one,
            note_missing_many,
            note_hidden_replies,
            note_hidden_replies_link,
            note_structural,
            note_focal_not_found,
            note_cancelled,
            note_moderated,
            content_warning,
            post_label,
            not_on_page,
            site_placeholder,
            note_moderated_one,
            note_moderated_many,
            note_hidden_content_one,
            note_hidden_content_many,
            note_article_partial,
            contents,
            cover,
            posts_range,
            poll,
            note_more_replies,
        } = self;
        [
            ("threadBy", thread_by),
            ("post", post),
            ("posts", posts),
            ("minRead", min_read),
            ("viewOnSite", view_on_site),
            ("unavailable", unavailable),
            ("continueOnSite", continue_on_site),
            ("answer", answer),
            ("video", video),
            ("gif", gif),
            ("image", image),
            ("quoting", quoting),
            ("warnings", warnings),
            ("source", source),
            ("and", and),
            ("noteTruncatedOne", note_truncated_one),
            ("noteTruncatedMany", note_truncated_many),
            ("noteUnavailableOne", note_unavailable_one),
            ("noteUnavailableMany", note_unavailable_many),
            ("noteMissingOne", note_missing_one),
            ("noteMissingMany", note_missing_many),
            ("noteHiddenReplies", note_hidden_replies),
            ("noteHiddenRepliesLink", note_hidden_replies_link),
            ("noteStructural", note_structural),
            ("noteFocalNotFound", note_focal_not_found),
            ("noteCancelled", note_cancelled),
            ("noteModerated", note_moderated),
            ("contentWarning", content_warning),
            ("postLabel", post_label),
            ("notOnPage", not_on_page),
            ("sitePlaceholder", site_placeholder),
            ("noteModeratedOne", note_moderated_one),
            ("noteModeratedMany", note_moderated_many),
            ("noteHiddenContentOne", note_hidden_content_one),
            ("noteHiddenContentMany", note_hidden_content_many),
            ("noteArticlePartial", note_article_partial),
            ("contents", contents),
            ("cover", cover),
            ("postsRange", posts_range),
            ("poll", poll),
            ("noteMoreReplies", note_more_replies),
        ]
    }
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            thread_by: "Thread by".into(),
            post: "post".into(),
            posts: "posts".into(),
            min_read: "min read".into(),
            view_on_site: "View on {site}".into(),
            unavailable: "This post is unavailable.".into(),
            continue_on_site: "Continue on {site} ↗".into(),
            answer: "Reply to a reader".into(),
            video: "Video".into(),
            gif: "GIF".into(),
            image: "Image".into(),
            quoting: "Quoting".into(),
            warnings: "Notes on completeness".into(),
            source: "Source".into(),
            and: "and".into(),
            note_truncated_one: "Post {posts} is cut short on the page; it continues on {site}.".into(),
            note_truncated_many: "Posts {posts} are cut short on the page; each continues on {site}."
                .into(),
            note_unavailable_one: "Post {posts} of the thread is unavailable on {site}.".into(),
            note_unavailable_many: "Posts {posts} of the thread are unavailable on {site}.".into(),
            note_missing_one: "The author numbered {total} posts; post {missing} may be missing."
                .into(),
            note_missing_many:
                "The author numbered {total} posts; posts {missing} may be missing.".into(),
            note_hidden_replies:
                "Some replies are hidden behind \"Show replies\"; the thread may continue there."
                    .into(),
            note_hidden_replies_link:
                "Some replies are hidden behind a link {site} does not open in place; read them on {site}: {url}"
                    .into(),
            note_structural: "X's post markers were missing; this thread was read from the page structure alone. Check it against X.".into(),
            note_focal_not_found: "The page does not contain post {id}; showing the thread of the post it does show.".into(),
            note_cancelled:
                "Collection was stopped after {total} posts; the thread may continue on {site}.".into(),
            note_moderated:
                "A post right after the thread is hidden by {site} (moderation, mutes or blocks); the thread may continue there."
                    .into(),
            content_warning: "Content warning: {text}".into(),
            post_label: "Label: {text}".into(),
            not_on_page: "hidden on {site}, not in this copy".into(),
            site_placeholder: "{site} shows: “{text}”".into(),
            note_moderated_one: "Post {posts} of the thread is hidden by {site} (moderation, mutes or blocks); only its placeholder is on the page.".into(),
            note_moderated_many: "Posts {posts} of the thread are hidden by {site} (moderation, mutes or blocks); only their placeholders are on the page.".into(),
            note_hidden_content_one: "Part of post {posts} is behind a content warning on {site} and was not on the page, so it is not in this copy; open it on {site} (“Show”, “Show more”), then open Unspool again.".into(),
            note_hidden_content_many: "Parts of posts {posts} are behind content warnings on {site} and were not on the page, so they are not in this copy; open them on {site} (“Show”, “Show more”), then open Unspool again.".into(),
            note_article_partial:
                "The page shows only the start of this Article; read it whole on {site}: {url}"
                    .into(),
            contents: "Contents".into(),
            cover: "Cover".into(),
            posts_range: "Posts {from}–{to}".into(),
            poll: "Poll".into(),
            note_more_replies: "{site} was still fetching replies from other servers, or had found more than it showed; show them on the page and open the reader again.".into(),
        }
    }
}

impl RenderOptions {
    /// These options with the labels written for the thread's site.
    pub fn for_site(&self, platform: Platform) -> RenderOptions {
        RenderOptions {
            labels: self.labels.for_site(platform),
            ..self.clone()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RenderOptions {
    /// Drop the author's "1/", "2/12" markers from the text.
    pub strip_numbering: bool,
    /// Markdown: YAML front matter for Obsidian-style notes.
    pub front_matter: bool,
    pub labels: Labels,
    /// HTML export: the reader's theme (`light`, `sepia`, `dark`; else the system's).
    pub theme: Option<String>,
    /// HTML export: `serif` for the reader's serif font.
    pub font: Option<String>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            strip_numbering: false,
            front_matter: true,
            labels: Labels::default(),
            theme: None,
            font: None,
        }
    }
}

pub fn render(thread: &Thread, format: Format, options: &RenderOptions) -> String {
    match format {
        Format::Text => render_text(thread, options),
        Format::Markdown => render_markdown(thread, options),
        Format::Html => render_html(thread, options),
        Format::Json => render_json_with(thread, &options.labels),
    }
}

/// The JSON export with the notes' sentences in English.
pub fn render_json(thread: &Thread) -> String {
    render_json_with(thread, &Labels::default())
}

/// The JSON export with the notes' sentences written in `labels` (codes and facts unchanged).
pub fn render_json_with(thread: &Thread, labels: &Labels) -> String {
    let labels = &labels.for_site(thread.platform);
    let mut thread = thread.clone();
    for w in &mut thread.warnings {
        w.message = note_sentence(w, labels);
    }
    // A Thread is plain data; serialising it cannot fail, but never panic if it ever did.
    serde_json::to_string_pretty(&thread)
        .map(|json| json + "\n")
        .unwrap_or_else(|e| format!("{{\"error\": \"{}\"}}", e.to_string().replace('"', "'")))
}

/// One key per post (see `Unrolled::postKeys` in `web.rs`): `<id> <stamp>`, where the stamp
/// changes whenever what the post shows may have changed.
pub fn post_keys(thread: &Thread) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(thread.posts.len());
    let mut next_id = String::from("end");
    for post in thread.posts.iter().rev() {
        let key = if post.id.is_empty() {
            format!("unavailable-before-{next_id} -")
        } else {
            next_id = post.id.clone();
            format!(
                "{} {}.{}.{}.{}.{}.{:?}",
                post.id,
                post.truncated as u8,
                post.text.len(),
                post.media.len(),
                post.quote.is_some() as u8,
                post.card.is_some() as u8,
                post.role
            )
        };
        keys.push(key);
    }
    keys.reverse();
    keys
}

/// The lines a post's labels show before its text, in plain words: "Content warning: Graphic
/// Media (hidden on Bluesky, not in this copy)", "Label: Rude". The site's words are data: each
/// renderer escapes the whole line for its format.
pub(crate) fn label_lines(post: &Post, labels: &Labels) -> Vec<String> {
    post.labels
        .iter()
        .map(|label| {
            let template = if label.hides {
                &labels.content_warning
            } else {
                &labels.post_label
            };
            let line = fill_text(template, &label.text);
            if label.hides && !label.shown {
                format!("{line} ({})", labels.not_on_page)
            } else {
                line
            }
        })
        .collect()
}

/// An unavailable post in plain words, with the site's own words for it when the page had them.
pub(crate) fn unavailable_text(post: &Post, labels: &Labels) -> String {
    match post.placeholder.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(words) => format!(
            "{} {}",
            labels.unavailable,
            fill_text(&labels.site_placeholder, words.trim())
        ),
        None => labels.unavailable.clone(),
    }
}

/// A label template with its one `{text}` slot filled (the text is never searched for slots).
fn fill_text(template: &str, text: &str) -> String {
    match template.split_once("{text}") {
        Some((before, after)) => format!("{before}{text}{after}"),
        None => format!("{template} {text}"),
    }
}

/// A safe file name stem from the author and the thread's date: `jack-2026-01-27-thread`,
/// `mira.bsky.social-2026-01-27-thread`. Any handle gives a name every system accepts: ASCII
/// letters, digits, `_`, `-` and inner dots; `@`, `:` and `/` (Mastodon's `user@host`, a DID)
/// become `-`; other characters are dropped; no leading or trailing dot, no `..`.
pub fn file_stem(thread: &Thread) -> String {
    let handle = safe_handle(&thread.author.handle);
    let handle = if handle.is_empty() {
        crate::site::for_platform(thread.platform)
            .name
            .to_ascii_lowercase()
    } else {
        handle
    };
    let date: String = thread_date(thread)
        .map(day)
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let kind = if thread.article().is_some() {
        "article"
    } else {
        "thread"
    };
    if date.is_empty() {
        format!("{handle}-{kind}")
    } else {
        format!("{handle}-{date}-{kind}")
    }
}

/// The handle as a file name part (see [`file_stem`]), at most 40 characters.
fn safe_handle(handle: &str) -> String {
    let mut out = String::new();
    for c in handle.trim_start_matches('@').chars() {
        let c = match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | '-' | '.' => c,
            '@' | ':' | '/' | '\\' => '-',
            c if c.is_whitespace() => '-',
            _ => continue,
        };
        let separator = matches!(c, '-' | '.');
        if separator && out.ends_with(['-', '.']) {
            continue;
        }
        out.push(c);
    }
    let out: String = out.trim_matches(['-', '.']).chars().take(40).collect();
    out.trim_end_matches(['-', '.']).to_string()
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The URL if it may appear in `href`/`src`: http(s) only, no whitespace or control characters.
pub fn safe_url(url: &str) -> Option<&str> {
    let lower: String = url.chars().take(8).collect::<String>().to_ascii_lowercase();
    let ok_scheme = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !url.chars().any(|c| c.is_control() || c.is_whitespace());
    (ok_scheme && clean).then_some(url)
}

/// The post's segments as the options want them shown (numbering marker cut when asked).
pub(crate) fn display_segments(post: &Post, options: &RenderOptions) -> Vec<Segment> {
    let Some(number) = post.number.filter(|_| options.strip_numbering) else {
        return post.segments.clone();
    };
    let mut out = Vec::with_capacity(post.segments.len());
    let mut offset = 0;
    for seg in &post.segments {
        let (start, end) = (offset, offset + seg.text().len());
        offset = end;
        if let Segment::Text { text } = seg {
            if number.start < end && number.end > start {
                let local = PostNumber {
                    start: number.start.max(start) - start,
                    end: number.end.min(end) - start,
                    ..number
                };
                let kept = crate::numbering::strip(text, Some(&local));
                if !kept.is_empty() {
                    out.push(Segment::Text { text: kept });
                }
                continue;
            }
        }
        out.push(seg.clone());
    }
    out
}

/// The post text as the options want it shown.
pub(crate) fn post_text(post: &Post, options: &RenderOptions) -> String {
    display_segments(post, options)
        .iter()
        .map(Segment::text)
        .collect()
}

impl Labels {
    /// "1 post", "12 posts".
    pub fn count(&self, n: usize) -> String {
        format!("{n} {}", if n == 1 { &self.post } else { &self.posts })
    }
}

/// The author's alt text, or `None` when the page only had X's placeholder word for "no alt"
/// (which sits in the same attribute, in the reader's language). Cosmetic: the model keeps it.
pub(crate) fn author_alt<'a>(alt: Option<&'a str>, labels: &Labels) -> Option<&'a str> {
    alt.filter(|a| !a.trim().is_empty() && !a.trim().eq_ignore_ascii_case(labels.image.trim()))
}

/// `2017-11-24T17:10:07.000Z` → `2017-11-24`.
pub(crate) fn day(iso: &str) -> &str {
    iso.get(..10).unwrap_or(iso)
}

/// `2017-11-24T17:10:07.000Z` → `2017-11-24 17:10 UTC`.
pub(crate) fn day_and_time(iso: &str) -> String {
    match (iso.get(..10), iso.get(11..16)) {
        (Some(d), Some(t)) if iso.ends_with('Z') => format!("{d} {t} UTC"),
        _ => iso.to_string(),
    }
}

/// Minutes to read the thread at 230 words a minute, at least one.
pub fn reading_minutes(thread: &Thread) -> usize {
    let words: usize = thread
        .posts
        .iter()
        .map(|p| p.text.split_whitespace().count())
        .sum();
    words.div_ceil(230).max(1)
}

/// The thread's date: its first post's.
pub(crate) fn thread_date(thread: &Thread) -> Option<&str> {
    thread.posts.iter().find_map(|p| p.created_at.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys the boundary reads labels by are serde's names, every one of them.
    #[test]
    fn every_label_key_is_the_serde_name() {
        let mut labels = Labels::default();
        // serde_json's map is sorted by key: compare the sorted lists.
        let serde_keys: Vec<String> = match serde_json::to_value(&labels) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            other => panic!("labels serialise as an object, not {other:?}"),
        };
        let mut our_keys: Vec<String> = labels
            .every_label()
            .iter()
            .map(|(k, _)| k.to_string())
            .collect();
        our_keys.sort();
        assert_eq!(our_keys, serde_keys);
    }

    #[test]
    fn escapes_everything_that_could_be_markup() {
        assert_eq!(
            escape_html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn labels_and_placeholders_are_shown_in_every_format_and_stay_text() {
        use crate::model::{ContentLabel, Platform};
        let hostile = "<script>alert(1)</script>{text}";
        let post = |labels: Vec<ContentLabel>, placeholder: Option<&str>| Post {
            id: "3k".into(),
            url: "https://bsky.app/profile/a/post/3k".into(),
            text: "hello".into(),
            segments: vec![Segment::Text {
                text: "hello".into(),
            }],
            unavailable: placeholder.is_some(),
            placeholder: placeholder.map(str::to_string),
            labels,
            ..Post::default()
        };
        let warned = post(
            vec![
                ContentLabel {
                    text: hostile.into(),
                    hides: true,
                    shown: false,
                },
                ContentLabel {
                    text: "Rude".into(),
                    hides: false,
                    shown: true,
                },
            ],
            None,
        );
        let thread = Thread::opened_on(
            Platform::Bluesky,
            &warned,
            vec![warned.clone(), post(Vec::new(), Some(hostile))],
        );
        let options = RenderOptions::default();
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let out = render(&thread, format, &options.for_site(thread.platform));
            assert!(
                out.contains("Content warning: ") && out.contains("Label: Rude"),
                "{format:?}: {out}"
            );
            assert!(
                out.contains("hidden on Bluesky, not in this copy"),
                "{format:?}"
            );
            assert!(
                out.contains("This post is unavailable. Bluesky shows: “"),
                "{format:?}"
            );
            // The site's words are never searched for slots: "{text}" stays as written.
            assert!(out.contains("{text}"), "{format:?}");
            if format == Format::Html {
                assert!(!out.contains("<script>alert"), "{out}");
            }
        }
    }

    #[test]
    fn file_names_are_safe_for_any_handle() {
        use crate::model::{Author, Platform};
        let stem = |platform: Platform, handle: &str| {
            let post = Post {
                author: Author {
                    handle: handle.into(),
                    ..Author::default()
                },
                created_at: Some("2026-01-27T10:00:00.000Z".into()),
                ..Post::default()
            };
            file_stem(&Thread::opened_on(platform, &post, vec![post.clone()]))
        };
        let cases = [
            (Platform::X, "jack", "jack-2026-01-27-thread"),
            (Platform::X, "Jack_99", "Jack_99-2026-01-27-thread"),
            (
                Platform::Bluesky,
                "mira.bsky.social",
                "mira.bsky.social-2026-01-27-thread",
            ),
            (
                Platform::Bluesky,
                "@alice@mastodon.social",
                "alice-mastodon.social-2026-01-27-thread",
            ),
            (
                Platform::Bluesky,
                "did:plc:abc123",
                "did-plc-abc123-2026-01-27-thread",
            ),
            (
                Platform::Bluesky,
                "..hidden..name.",
                "hidden.name-2026-01-27-thread",
            ),
            (
                Platform::Bluesky,
                "../../etc/passwd",
                "etc-passwd-2026-01-27-thread",
            ),
            (
                Platform::Bluesky,
                "jürgen.example",
                "jrgen.example-2026-01-27-thread",
            ),
            (Platform::Bluesky, "نور", "bluesky-2026-01-27-thread"),
            (Platform::X, "", "x-2026-01-27-thread"),
        ];
        for (platform, handle, want) in cases {
            assert_eq!(stem(platform, handle), want, "{handle}");
        }
        let long = stem(
            Platform::Bluesky,
            &format!("{}.bsky.social", "a".repeat(60)),
        );
        assert_eq!(long, format!("{}-2026-01-27-thread", "a".repeat(40)));
        for (_, handle, _) in cases {
            let name = stem(Platform::Bluesky, handle);
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')),
                "{name}"
            );
            assert!(
                !name.starts_with(['.', '-']) && !name.contains(".."),
                "{name}"
            );
        }
    }

    #[test]
    fn only_http_urls_are_safe() {
        assert!(safe_url("https://x.com/a").is_some());
        assert!(safe_url("HTTP://x.com").is_some());
        assert!(safe_url("javascript:alert(1)").is_none());
        assert!(safe_url("data:text/html;base64,xx").is_none());
        assert!(safe_url("vbscript:msgbox").is_none());
        assert!(safe_url("https://x.com/a b").is_none());
        assert!(safe_url("https://x.com/\u{0}").is_none());
    }
}
