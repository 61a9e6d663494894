//! The notes on completeness as sentences, written from a warning's code and facts with the
//! caller's labels, so they read in the reader's language in the article and in every export.
//! Templates name their slots in braces (`{posts}`, `{missing}`, `{total}`, `{id}`, `{url}`); the slots are
//! filled after the template's own text is escaped, so a label can never inject markup.

use super::{escape_html, safe_url, Labels};
use crate::model::{Thread, Warning, WarningCode};

/// Beyond this many items a list ends in "…": a note is one sentence, not an index.
const LISTED: usize = 12;

/// The note as plain text.
pub fn note_sentence(w: &Warning, labels: &Labels) -> String {
    let items = |positions: &[usize]| positions.iter().map(usize::to_string).collect();
    let link = |url: Option<&str>| url.and_then(safe_url).unwrap_or_default().to_string();
    fill(w, labels, &|s| s.to_string(), &items, &link)
}

/// The note as HTML: the posts it names link to them on X (the reader's own anchors would be
/// dead in an export or on the clipboard).
pub fn note_html(w: &Warning, thread: &Thread, labels: &Labels) -> String {
    let items = |positions: &[usize]| {
        positions
            .iter()
            .map(|&at| {
                let url = thread.posts.get(at.wrapping_sub(1)).map(|p| p.url.as_str());
                match url.and_then(safe_url) {
                    Some(url) => format!(
                        "<a href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\">{at}</a>",
                        escape_html(url)
                    ),
                    None => at.to_string(),
                }
            })
            .collect()
    };
    let link = |url: Option<&str>| match url.and_then(safe_url) {
        Some(url) => format!(
            "<a href=\"{0}\" rel=\"noopener noreferrer\" target=\"_blank\">{0}</a>",
            escape_html(url)
        ),
        None => String::new(),
    };
    fill(w, labels, &escape_html, &items, &link)
}

fn fill(
    w: &Warning,
    labels: &Labels,
    escape: &dyn Fn(&str) -> String,
    items: &dyn Fn(&[usize]) -> Vec<String>,
    link: &dyn Fn(Option<&str>) -> String,
) -> String {
    let many = w.posts.len() > 1 || w.missing.len() > 1 || w.missing.iter().any(|[a, b]| a != b);
    let template = match (w.code, many) {
        (WarningCode::Truncated, false) => &labels.note_truncated_one,
        (WarningCode::Truncated, true) => &labels.note_truncated_many,
        (WarningCode::Unavailable, false) => &labels.note_unavailable_one,
        (WarningCode::Unavailable, true) => &labels.note_unavailable_many,
        (WarningCode::MissingNumbers, false) => &labels.note_missing_one,
        (WarningCode::MissingNumbers, true) => &labels.note_missing_many,
        (WarningCode::HiddenReplies, _) if w.url.is_some() => &labels.note_hidden_replies_link,
        (WarningCode::HiddenReplies, _) => &labels.note_hidden_replies,
        (WarningCode::StructuralFallback, _) => &labels.note_structural,
        (WarningCode::FocalNotFound, _) => &labels.note_focal_not_found,
        (WarningCode::Cancelled, _) => &labels.note_cancelled,
        (WarningCode::Moderated, _) if w.posts.is_empty() => &labels.note_moderated,
        (WarningCode::Moderated, false) => &labels.note_moderated_one,
        (WarningCode::Moderated, true) => &labels.note_moderated_many,
        (WarningCode::HiddenContent, false) => &labels.note_hidden_content_one,
        (WarningCode::HiddenContent, true) => &labels.note_hidden_content_many,
        (WarningCode::ArticlePartial, _) => &labels.note_article_partial,
        (WarningCode::MoreReplies, _) => &labels.note_more_replies,
    };
    let ranges: Vec<String> = w
        .missing
        .iter()
        .map(|[a, b]| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    let slot = |name: &str| -> Option<String> {
        match name {
            "posts" => Some(join(items(&w.posts), labels)),
            "missing" => Some(join(ranges.clone(), labels)),
            "total" => Some(w.count.unwrap_or(0).to_string()),
            "id" => Some(escape(w.post_id.as_deref().unwrap_or(""))),
            "url" => Some(link(w.url.as_deref())),
            _ => None,
        }
    };
    substitute(template, escape, &slot)
}

/// The template's text escaped, its known `{slot}`s replaced by their (already safe) values.
fn substitute(
    template: &str,
    escape: &dyn Fn(&str) -> String,
    slot: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let value = rest[open..]
            .find('}')
            .and_then(|close| slot(&rest[open + 1..open + close]).map(|v| (close, v)));
        match value {
            Some((close, value)) => {
                out.push_str(&escape(&rest[..open]));
                out.push_str(&value);
                rest = &rest[open + close + 1..];
            }
            None => {
                out.push_str(&escape(&rest[..=open]));
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(&escape(rest));
    out
}

/// "2", "2 and 5", "2, 5 and 9"; past `LISTED` items, "2, 5, … , 40, …" without the "and".
fn join(mut items: Vec<String>, labels: &Labels) -> String {
    if items.len() > LISTED {
        items.truncate(LISTED);
        items.push("…".into());
        return items.join(", ");
    }
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), labels.and),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reveal_link_x_does_not_open_is_named_and_linked_only_when_http() {
        let labels = Labels::default().for_site(crate::model::Platform::X);
        let thread = Thread {
            schema_version: crate::model::SCHEMA_VERSION,
            platform: crate::model::Platform::X,
            url: String::new(),
            focal_id: String::new(),
            author: crate::model::Author::default(),
            posts: Vec::new(),
            warnings: Vec::new(),
        };
        let w = Warning::new(WarningCode::HiddenReplies).link(Some("https://x.com/i/status/7"));
        assert!(note_sentence(&w, &labels).ends_with("read them on X: https://x.com/i/status/7"));
        assert!(note_html(&w, &thread, &labels).ends_with(
            "<a href=\"https://x.com/i/status/7\" rel=\"noopener noreferrer\" target=\"_blank\">https://x.com/i/status/7</a>"
        ));
        let hostile = Warning::new(WarningCode::HiddenReplies).link(Some("javascript:alert(1)"));
        assert!(!note_html(&hostile, &thread, &labels).contains("javascript"));
        let plain = Warning::new(WarningCode::HiddenReplies);
        assert_eq!(note_sentence(&plain, &labels), labels.note_hidden_replies);
    }

    #[test]
    fn lists_read_as_sentences() {
        let labels = Labels::default().for_site(crate::model::Platform::X);
        let w = Warning::new(WarningCode::Truncated).posts(vec![2, 5, 9]);
        assert_eq!(
            note_sentence(&w, &labels),
            "Posts 2, 5 and 9 are cut short on the page; each continues on X."
        );
        let w = Warning::new(WarningCode::MissingNumbers)
            .count(60)
            .missing(vec![[21, 40]]);
        assert_eq!(
            note_sentence(&w, &labels),
            "The author numbered 60 posts; posts 21–40 may be missing."
        );
        let w = Warning::new(WarningCode::MissingNumbers)
            .count(60)
            .missing(vec![[4, 4]]);
        assert_eq!(
            note_sentence(&w, &labels),
            "The author numbered 60 posts; post 4 may be missing."
        );
    }

    #[test]
    fn long_lists_end_once() {
        let labels = Labels::default().for_site(crate::model::Platform::X);
        let ranges = (1..=30).map(|i| [i * 2, i * 2]).collect();
        let w = Warning::new(WarningCode::MissingNumbers)
            .count(61)
            .missing(ranges);
        let s = note_sentence(&w, &labels);
        assert!(s.ends_with(", … may be missing."), "{s}");
        assert!(
            !s.contains("..") && !s.contains("….") && !s.contains(",,"),
            "{s}"
        );
    }

    #[test]
    fn labels_cannot_inject_markup_and_ids_are_escaped() {
        let labels = Labels {
            note_focal_not_found: "<b>{id}</b> {nope}".into(),
            ..Labels::default()
        };
        let w = Warning::new(WarningCode::FocalNotFound).about(Some("<i>"));
        let thread = Thread {
            schema_version: crate::model::SCHEMA_VERSION,
            platform: crate::model::Platform::X,
            url: String::new(),
            focal_id: String::new(),
            author: crate::model::Author::default(),
            posts: Vec::new(),
            warnings: Vec::new(),
        };
        assert_eq!(
            note_html(&w, &thread, &labels),
            "&lt;b&gt;&lt;i&gt;&lt;/b&gt; {nope}"
        );
    }
}
