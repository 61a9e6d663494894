//! Native side of the seam: saved HTML → [`Snapshot`], with html5ever (through `scraper`), the
//! same HTML5 parsing algorithm browsers use, so a saved page and a live DOM give the same tree.
//! Native only; the browser builds its snapshot from its own DOM in `web.rs`.

use crate::snapshot::{NodeId, Snapshot};
use crate::UnrollError;
use scraper::{Html, Node};

/// Deeper than any real page (X nests ~100 levels). html5ever's tree builder is quadratic in
/// nesting depth (40,000 nested divs take seconds), so hostile input is refused before parsing.
/// Browsers cap depth themselves (Chromium at 512), so the DOM path needs no such guard.
pub const MAX_NESTING: usize = 4096;

/// Parses a whole document (or a fragment: html5ever wraps it in `<html><body>`).
pub fn snapshot_from_html(html: &str) -> Result<Snapshot, UnrollError> {
    let depth = estimated_depth(html);
    if depth > MAX_NESTING {
        return Err(UnrollError::NoThread(format!(
            "the markup nests about {depth} elements deep, more than any real page ({MAX_NESTING})"
        )));
    }
    Ok(parse(html))
}

/// An upper estimate of element nesting from a byte scan of tags: opening tags minus closing
/// ones, void and self-closed elements excluded. Unclosed `<p>`/`<li>` only make it larger.
pub fn estimated_depth(html: &str) -> usize {
    const VOID: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"source", b"track", b"wbr", b"path", b"circle", b"rect", b"line", b"use",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(offset) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'<'))
    {
        i += offset + 1;
        match bytes.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_len = bytes[i..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                    .count();
                let name = bytes[i..i + name_len].to_ascii_lowercase();
                let tag_end = bytes[i..].iter().position(|&b| b == b'>').map(|p| i + p);
                let self_closed = tag_end.is_some_and(|e| e > 0 && bytes[e - 1] == b'/');
                if !self_closed && !VOID.contains(&name.as_slice()) {
                    depth += 1;
                    max = max.max(depth);
                }
            }
            _ => {}
        }
    }
    max
}

fn parse(html: &str) -> Snapshot {
    let doc = Html::parse_document(html);
    let mut snap = Snapshot::new();
    // Explicit stack rather than recursion: hostile pages may nest very deeply.
    let mut stack: Vec<(ego_tree::NodeRef<'_, Node>, NodeId)> = doc
        .tree
        .root()
        .children()
        .map(|c| (c, Snapshot::ROOT))
        .collect::<Vec<_>>();
    stack.reverse();
    while let Some((node, parent)) = stack.pop() {
        match node.value() {
            Node::Element(el) => {
                let tag = el.name();
                if Snapshot::should_skip(tag, el.attr("role")) {
                    continue;
                }
                let id = snap.push_element(parent, tag, el.attrs());
                let children: Vec<_> = node.children().collect();
                for child in children.into_iter().rev() {
                    stack.push((child, id));
                }
            }
            Node::Text(text) => snap.push_text(parent, text),
            _ => {}
        }
    }
    snap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_keeps_whitespace_and_order() {
        let s = snapshot_from_html(
            "<div data-testid='tweetText' class='x'>a\n<b>b</b><svg><path/></svg><img alt='😀'>c</div>",
        )
        .unwrap();
        let div = s
            .find(Snapshot::ROOT, |n| {
                s.attr(n, "data-testid") == Some("tweetText")
            })
            .unwrap();
        assert_eq!(s.text(div), "a\nb😀c");
        assert!(s.find(div, |n| s.is_tag(n, "svg")).is_none());
    }

    #[test]
    fn leaves_out_action_bars_with_everything_inside() {
        let s = snapshot_from_html(
            r#"<article><div data-testid="tweetText">text</div><div role="group" aria-label="3 likes"><button data-testid="like">3</button></div><div role="link">after</div></article>"#,
        )
        .unwrap();
        assert!(s
            .find(Snapshot::ROOT, |n| s.attr(n, "role") == Some("group"))
            .is_none());
        assert!(s.find(Snapshot::ROOT, |n| s.is_tag(n, "button")).is_none());
        assert_eq!(s.text(Snapshot::ROOT), "textafter");
    }

    #[test]
    fn survives_deep_nesting() {
        let html = "<div>".repeat(3000) + "x";
        let s = snapshot_from_html(&html).unwrap();
        assert_eq!(s.text(Snapshot::ROOT), "x");
    }

    #[test]
    fn refuses_absurd_nesting_quickly() {
        let html = "<div>".repeat(200_000);
        let started = std::time::Instant::now();
        assert!(snapshot_from_html(&html).is_err());
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn depth_estimate_ignores_void_and_closed_tags() {
        assert_eq!(estimated_depth("<div><img src=x><br/><p>a</p></div>"), 2);
        assert_eq!(estimated_depth("<a><b></b></a><i>"), 2);
    }
}
