//! The content script's compact markup → [`Snapshot`], without a browser parser.
//!
//! `extension/content.js` serialises the page itself, so its output is a small, regular subset of
//! HTML: every element is closed except the void ones, attribute values are double-quoted, and the
//! only escapes are `&amp;`, `&lt;`, `&gt;` and `&quot;`. Reading that directly is an order of
//! magnitude faster in Wasm than handing it to `DOMParser` and walking the result through
//! `web_sys` (one boundary call per node and attribute), and it keeps the tree exactly as the
//! page had it: an HTML parser would "repair" structures a live DOM can hold (nested links,
//! blocks inside `<p>`). Anything else (a stray `</x>`, an unclosed tag, a bare `<`) is read
//! leniently, never refused: the worst case is a wrong tree, which extraction reports as usual.

use crate::snapshot::{NodeId, Snapshot};
use std::borrow::Cow;

/// Elements the content script writes without an end tag (`VOID` in content.js; a test keeps
/// the two lists equal).
pub const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Parses one compact document, appending its top-level nodes under the snapshot's root.
pub fn snapshot_from_compact(markup: &str) -> Snapshot {
    let mut snap = Snapshot::new();
    append_compact(&mut snap, markup);
    snap
}

/// Appends a compact document to `snap`, under its root.
pub fn append_compact(snap: &mut Snapshot, markup: &str) {
    // Open elements: (node, tag); `None` inside a skipped element (an icon, a script), whose
    // content is read but dropped, like the other builders do. The root is never popped.
    let mut open: Vec<(Option<NodeId>, &str)> = vec![(Some(Snapshot::ROOT), "")];
    let mut rest = markup;
    while !rest.is_empty() {
        let parent = open.last().and_then(|(id, _)| *id);
        let text_end = rest.find('<').unwrap_or(rest.len());
        if text_end > 0 {
            if let Some(parent) = parent {
                snap.push_text(parent, &unescape(&rest[..text_end]));
            }
            rest = &rest[text_end..];
            continue;
        }
        let after = &rest[1..];
        if let Some(closing) = after.strip_prefix('/') {
            // `</name>`: close up to the nearest open element of that name; ignore it otherwise.
            let end = closing.find('>').unwrap_or(closing.len());
            let name = closing[..end].trim();
            if let Some(at) = open
                .iter()
                .rposition(|(_, tag)| tag.eq_ignore_ascii_case(name))
            {
                if at > 0 {
                    open.truncate(at);
                }
            }
            rest = closing.get(end + 1..).unwrap_or("");
            continue;
        }
        if !after.starts_with(|c: char| c.is_alphabetic()) {
            // A `<` that starts no tag is text (the content script escapes them, so rare).
            if let Some(parent) = parent {
                snap.push_text(parent, "<");
            }
            rest = after;
            continue;
        }
        let (tag, attributes, remainder) = read_open_tag(after);
        rest = remainder;
        let id = match parent {
            Some(parent) if !Snapshot::should_skip(tag, role_of(&attributes)) => {
                Some(snap.push_element(
                    parent,
                    tag,
                    attributes.iter().map(|(k, v)| (*k, v.as_ref())),
                ))
            }
            _ => None,
        };
        if !VOID_ELEMENTS.iter().any(|v| v.eq_ignore_ascii_case(tag)) {
            open.push((id, tag));
        }
    }
}

fn role_of<'a>(attributes: &'a [(&str, Cow<'_, str>)]) -> Option<&'a str> {
    attributes
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("role"))
        .map(|(_, value)| value.as_ref())
}

/// Reads `name attr="value" …>` (the `<` already consumed): the name, the attributes and what
/// follows the tag. A missing `>` ends the tag at the end of the input.
fn read_open_tag(input: &str) -> (&str, Vec<(&str, Cow<'_, str>)>, &str) {
    let name_end = input
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(input.len());
    let name = &input[..name_end];
    let mut attributes = Vec::new();
    let mut rest = &input[name_end..];
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return (name, attributes, rest);
        }
        if let Some(after) = rest.strip_prefix('>') {
            return (name, attributes, after);
        }
        let key_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        let value = if let Some(after_eq) = rest.strip_prefix('=') {
            let after_eq = after_eq.trim_start();
            if let Some(quoted) = after_eq.strip_prefix('"') {
                let close = quoted.find('"').unwrap_or(quoted.len());
                rest = quoted.get(close + 1..).unwrap_or("");
                unescape(&quoted[..close])
            } else {
                let end = after_eq
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(after_eq.len());
                rest = &after_eq[end..];
                unescape(&after_eq[..end])
            }
        } else {
            Cow::Borrowed("")
        };
        if key.is_empty() {
            continue; // a lone `=value`: consumed above, so the loop still advances
        }
        attributes.push((key, value));
    }
}

/// Undoes the content script's four escapes; any other `&` stays as written.
fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let (replacement, length) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
        ]
        .iter()
        .find(|(entity, _)| rest.starts_with(entity))
        .map_or(('&', 1), |(entity, c)| (*c, entity.len()));
        out.push(replacement);
        rest = &rest[length..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::NodeKind;

    /// The tree as a compact string: `tag[attr=value]{children}` and `"text"`.
    fn shape(snap: &Snapshot, id: NodeId) -> String {
        snap.children(id)
            .iter()
            .map(|&child| match snap.kind(child) {
                Some(NodeKind::Text(text)) => format!("{text:?}"),
                Some(NodeKind::Element { tag, attrs }) => {
                    let attrs: String = attrs.iter().map(|(k, v)| format!("[{k}={v}]")).collect();
                    format!("{tag}{attrs}{{{}}}", shape(snap, child))
                }
                None => String::new(),
            })
            .collect()
    }

    fn parsed(markup: &str) -> String {
        let snap = snapshot_from_compact(markup);
        shape(&snap, Snapshot::ROOT)
    }

    #[test]
    fn reads_elements_attributes_text_and_void_elements() {
        assert_eq!(
            parsed(
                r#"<link rel="canonical" href="https://x.com/a/status/1"><main role="main"><div data-testid="tweetText" onclick="dropped">Hi <img alt="😀" src="e.svg">!<br>next</div></main>"#
            ),
            r#"link[rel=canonical][href=https://x.com/a/status/1]{}main[role=main]{div[data-testid=tweetText]{"Hi "img[alt=😀][src=e.svg]{}"!"br{}"next"}}"#
        );
    }

    #[test]
    fn leaves_out_what_every_snapshot_leaves_out() {
        assert_eq!(
            parsed(
                r#"<div role="group"><button>3</button></div><svg><path></path></svg><p role="link">kept</p>"#
            ),
            r#"p[role=link]{"kept"}"#
        );
    }

    #[test]
    fn undoes_exactly_the_four_escapes() {
        assert_eq!(
            parsed(
                r#"<a href="/x?a=1&amp;b=&quot;2&quot;">&lt;script&gt; &amp;amp; &copy; & ;</a>"#
            ),
            r#"a[href=/x?a=1&b="2"]{"<script> &amp; &copy; & ;"}"#
        );
    }

    #[test]
    fn keeps_what_an_html_parser_would_repair() {
        // A live DOM can hold a link inside a link and a div inside a p; so does the snapshot.
        assert_eq!(
            parsed(r#"<a href="/1"><a href="/2">x</a></a><p><div>y</div></p>"#),
            r#"a[href=/1]{a[href=/2]{"x"}}p{div{"y"}}"#
        );
    }

    #[test]
    fn reads_broken_input_leniently() {
        assert_eq!(parsed("</b>a<b>c"), r#""a"b{"c"}"#);
        assert_eq!(parsed("<i><b>x</i>y"), r#"i{b{"x"}}"y""#);
        assert_eq!(parsed("1 < 2 <3"), r#""1 < 2 <3""#);
        assert_eq!(parsed(r#"<a href="unterminated"#), "a[href=unterminated]{}");
        assert_eq!(parsed("<a b = c d>t"), r#"a{"t"}"#); // unlisted attributes dropped
        assert_eq!(
            parsed(r#"<div role=button/>x"#),
            r#"div[role=button/]{"x"}"#
        );
        assert_eq!(parsed("<a =x>t</a>"), r#"a{"t"}"#);
        assert_eq!(parsed("<p>a<svg><g>b</g></svg>c</p>"), r#"p{"ac"}"#);
        for junk in [
            "<",
            "</",
            "<a",
            "<a =",
            "<a ==\">",
            "&",
            "&am",
            "<a\u{0}>\u{0}",
            "<é>ü</é>",
        ] {
            let _ = parsed(junk); // must not panic
        }
    }

    #[test]
    fn void_list_matches_the_html_spec_for_what_the_page_holds() {
        for tag in ["img", "br", "link", "meta", "input", "source"] {
            assert!(VOID_ELEMENTS.contains(&tag));
        }
        assert_eq!(parsed("<img><span>a</span>"), r#"img{}span{"a"}"#);
    }
}
