//! The seam between a page and the extractor: an owned, read-only snapshot of a DOM.
//!
//! Both sides build the same tree: natively from saved HTML (`html_page`, html5ever), in the
//! browser from a live `web_sys` DOM (`web`). The extractor only ever sees a `Snapshot`, so there
//! is exactly one extraction code path, and the same fixtures give the same thread on both sides.
//!
//! The snapshot keeps only what the extractors read: element names, the attributes and class
//! tokens some site's table lists (`crate::site::keeps_attribute`, `crate::site::kept_classes`),
//! and text. Everything else, SVG icons and what a site leaves out by role, is dropped at build
//! time. It owns nothing of the browser and must never grow web types.

/// Elements whose whole subtree carries nothing any extractor reads (icons, scripts, styles).
/// What a site leaves out besides is its own (`Site::skipped_roles`).
pub const SKIPPED_ELEMENTS: &[&str] = &["svg", "script", "style", "noscript", "template"];

/// Index of a node inside its snapshot.
pub type NodeId = usize;

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Element {
        /// Lower-case tag name.
        tag: String,
        attrs: Vec<(String, String)>,
    },
    Text(String),
}

#[derive(Debug, Clone)]
struct NodeData {
    kind: NodeKind,
    parent: Option<NodeId>,
    children: Vec<NodeId>,
}

/// An arena tree. Node 0 is the root (a synthetic `#root` element).
#[derive(Debug, Clone)]
pub struct Snapshot {
    nodes: Vec<NodeData>,
}

impl Default for Snapshot {
    fn default() -> Self {
        Self::new()
    }
}

impl Snapshot {
    pub const ROOT: NodeId = 0;

    pub fn new() -> Self {
        Snapshot {
            nodes: vec![NodeData {
                kind: NodeKind::Element {
                    tag: "#root".into(),
                    attrs: Vec::new(),
                },
                parent: None,
                children: Vec::new(),
            }],
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    /// Appends an element under `parent`, keeping only the attributes (and `class` tokens) some
    /// site reads (`crate::site::keeps_attribute`, `crate::site::kept_classes`).
    /// Builders call this for every element they meet, in document order.
    pub fn push_element<'a>(
        &mut self,
        parent: NodeId,
        tag: &str,
        attrs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> NodeId {
        let attrs = attrs
            .into_iter()
            .filter_map(|(name, value)| {
                if name == "class" {
                    return crate::site::kept_classes(value).map(|kept| (name.to_string(), kept));
                }
                crate::site::keeps_attribute(name).then(|| (name.to_string(), value.to_string()))
            })
            .collect();
        self.push(
            parent,
            NodeKind::Element {
                tag: tag.to_ascii_lowercase(),
                attrs,
            },
        )
    }

    /// Appends text under `parent`, merging with a preceding text sibling.
    pub fn push_text(&mut self, parent: NodeId, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(&last) = self.nodes.get(parent).and_then(|p| p.children.last()) {
            if let Some(NodeKind::Text(existing)) = self.nodes.get_mut(last).map(|n| &mut n.kind) {
                existing.push_str(text);
                return;
            }
        }
        self.push(parent, NodeKind::Text(text.to_string()));
    }

    fn push(&mut self, parent: NodeId, kind: NodeKind) -> NodeId {
        let id = self.nodes.len();
        let parent = parent.min(id.saturating_sub(1));
        self.nodes.push(NodeData {
            kind,
            parent: Some(parent),
            children: Vec::new(),
        });
        if let Some(p) = self.nodes.get_mut(parent) {
            p.children.push(id);
        }
        id
    }

    /// Whether an element is left out of snapshots with everything inside it: every way of
    /// building one (page HTML, live DOM, the content script's compact HTML) applies this rule.
    pub fn should_skip(tag: &str, role: Option<&str>) -> bool {
        SKIPPED_ELEMENTS.iter().any(|s| s.eq_ignore_ascii_case(tag))
            || role.is_some_and(crate::site::skips_role)
    }

    // ---- reading ----

    pub fn kind(&self, id: NodeId) -> Option<&NodeKind> {
        self.nodes.get(id).map(|n| &n.kind)
    }

    pub fn tag(&self, id: NodeId) -> Option<&str> {
        match self.kind(id) {
            Some(NodeKind::Element { tag, .. }) => Some(tag),
            _ => None,
        }
    }

    pub fn is_tag(&self, id: NodeId, tag: &str) -> bool {
        self.tag(id) == Some(tag)
    }

    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        match self.kind(id) {
            Some(NodeKind::Element { attrs, .. }) => attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes.get(id).and_then(|n| n.parent)
    }

    pub fn children(&self, id: NodeId) -> &[NodeId] {
        self.nodes
            .get(id)
            .map(|n| n.children.as_slice())
            .unwrap_or(&[])
    }

    /// All descendants of `id` in document order (not `id` itself).
    pub fn descendants(&self, id: NodeId) -> Descendants<'_> {
        let mut stack: Vec<NodeId> = self.children(id).to_vec();
        stack.reverse();
        Descendants { snap: self, stack }
    }

    /// Descendants of `id` in document order, not entering subtrees where `prune` is true
    /// (a pruned node is yielded itself but its children are skipped).
    pub fn descendants_pruned<'a>(
        &'a self,
        id: NodeId,
        prune: impl Fn(NodeId) -> bool + 'a,
    ) -> impl Iterator<Item = NodeId> + 'a {
        let mut stack: Vec<NodeId> = self.children(id).iter().rev().copied().collect();
        std::iter::from_fn(move || {
            let next = stack.pop()?;
            if !prune(next) {
                stack.extend(self.children(next).iter().rev());
            }
            Some(next)
        })
    }

    /// First descendant (document order) matching `pred`.
    pub fn find(&self, id: NodeId, pred: impl Fn(NodeId) -> bool) -> Option<NodeId> {
        self.descendants(id).find(|&n| pred(n))
    }

    /// Ancestors of `id`, nearest first (not `id` itself).
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.parent(id), move |&n| self.parent(n))
    }

    /// `id` itself or its nearest ancestor matching `pred`.
    pub fn closest(&self, id: NodeId, pred: impl Fn(NodeId) -> bool) -> Option<NodeId> {
        std::iter::once(id)
            .chain(self.ancestors(id))
            .find(|&n| pred(n))
    }

    pub fn is_inside(&self, id: NodeId, container: NodeId) -> bool {
        id == container || self.ancestors(id).any(|a| a == container)
    }

    /// Concatenated text of the subtree, with `img[alt]` read as its alt (X draws emoji as images).
    pub fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        self.collect_text(id, &mut out);
        out
    }

    fn collect_text(&self, id: NodeId, out: &mut String) {
        // Iterative on purpose: hostile pages can nest deeper than the stack allows.
        for node in std::iter::once(id).chain(self.descendants(id)) {
            match self.kind(node) {
                Some(NodeKind::Text(t)) => out.push_str(t),
                Some(NodeKind::Element { tag, .. }) if tag == "img" => {
                    if let Some(alt) = self.attr(node, "alt") {
                        out.push_str(alt);
                    }
                }
                Some(NodeKind::Element { tag, .. }) if tag == "br" => out.push('\n'),
                _ => {}
            }
        }
    }
}

pub struct Descendants<'a> {
    snap: &'a Snapshot,
    stack: Vec<NodeId>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let next = self.stack.pop()?;
        self.stack
            .extend(self.snap.children(next).iter().rev().copied());
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Snapshot {
        let mut s = Snapshot::new();
        let div = s.push_element(
            Snapshot::ROOT,
            "DIV",
            [("data-testid", "tweetText"), ("onclick", "go()")],
        );
        s.push_text(div, "Hi ");
        let img = s.push_element(div, "img", [("alt", "😀"), ("src", "x")]);
        let _ = img;
        s.push_text(div, " there");
        s.push_text(div, "!");
        s
    }

    #[test]
    fn drops_unlisted_attributes_and_lowercases_tags() {
        let s = sample();
        assert_eq!(s.tag(1), Some("div"));
        assert_eq!(s.attr(1, "data-testid"), Some("tweetText"));
        assert_eq!(s.attr(1, "onclick"), None);
    }

    #[test]
    fn keeps_only_the_article_readers_class_tokens() {
        let mut s = Snapshot::new();
        let block = s.push_element(
            Snapshot::ROOT,
            "li",
            [(
                "class",
                "css-175oi2r r-1awozwy longform-ordered-list-item public-DraftStyleDefault-depth1",
            )],
        );
        let plain = s.push_element(Snapshot::ROOT, "div", [("class", "css-175oi2r r-18u37iz")]);
        assert_eq!(
            s.attr(block, "class"),
            Some("longform-ordered-list-item public-DraftStyleDefault-depth1")
        );
        assert_eq!(s.attr(plain, "class"), None);
    }

    #[test]
    fn text_reads_emoji_alt_and_merges_adjacent_text() {
        let s = sample();
        assert_eq!(s.text(1), "Hi 😀 there!");
        assert_eq!(s.children(1).len(), 3);
    }

    #[test]
    fn closest_and_inside() {
        let s = sample();
        assert_eq!(s.closest(2, |n| s.is_tag(n, "div")), Some(1));
        assert!(s.is_inside(2, 1));
        assert!(!s.is_inside(1, 2));
    }
}
