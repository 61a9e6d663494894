//! Native side of the seam: saved HTML → [`Snapshot`], with html5ever (through `scraper`), the
//! same HTML5 parsing algorithm browsers use, so a saved page and a live DOM give the same tree.
//! Native only; the browser builds its snapshot from its own DOM in `web.rs`.

use crate::snapshot::{NodeId, Snapshot};
use scraper::{Html, Node};

/// Parses a whole document (or a fragment: html5ever wraps it in `<html><body>`).
pub fn snapshot_from_html(html: &str) -> Snapshot {
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
                if Snapshot::should_skip(tag) {
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
        );
        let div = s
            .find(Snapshot::ROOT, |n| {
                s.attr(n, "data-testid") == Some("tweetText")
            })
            .unwrap();
        assert_eq!(s.text(div), "a\nb😀c");
        assert!(s.find(div, |n| s.is_tag(n, "svg")).is_none());
    }

    #[test]
    fn survives_deep_nesting() {
        let html = "<div>".repeat(100_000) + "x";
        let s = snapshot_from_html(&html);
        assert_eq!(s.text(Snapshot::ROOT), "x");
    }
}
