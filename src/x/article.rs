//! One X Article (a long-form post) → [`Article`]: title, cover and the body's blocks.
//!
//! X draws an Article inside its status post: a read view with the cover, the title and a
//! read-only Draft.js editor, whose blocks are elements marked `data-block`, their kind in a
//! class. Blocks are read in document order; list items, which Draft.js writes as a flat run
//! with a depth class, are nested back into lists here. All markers come from [`markup`].

use super::markup::{self, TestId};
use super::post;
use crate::model::{Article, Block, ListItem, Span};
use crate::snapshot::{NodeId, NodeKind, Snapshot};

/// Deepest list nesting kept: Draft.js allows four levels; deeper items join the deepest list.
const MAX_DEPTH: usize = 8;

fn has_test_id(snap: &Snapshot, n: NodeId, id: &TestId) -> bool {
    id.matches(snap.attr(n, "data-testid"))
}

/// Whether one of the element's class tokens starts with `prefix`.
fn has_class(snap: &Snapshot, n: NodeId, prefix: &str) -> bool {
    snap.attr(n, "class")
        .is_some_and(|c| c.split_ascii_whitespace().any(|t| t.starts_with(prefix)))
}

/// The Article's read view in a post's own nodes (a quoted post's nodes are not its own).
pub(super) fn read_view(snap: &Snapshot, own: &[NodeId]) -> Option<NodeId> {
    own.iter()
        .copied()
        .find(|&n| has_test_id(snap, n, &markup::ARTICLE_READ_VIEW))
}

/// Whether `n` is an Article body (its nodes are never a post's own: they hold other posts).
pub(super) fn is_body(snap: &Snapshot, n: NodeId) -> bool {
    has_test_id(snap, n, &markup::ARTICLE_RICH_TEXT)
}

/// Reads the Article drawn in `view`. `post_url`: the Article's status, for embedded media.
pub(super) fn read_article(snap: &Snapshot, view: NodeId, post_url: &str) -> Article {
    let title = snap
        .find(view, |n| has_test_id(snap, n, &markup::ARTICLE_TITLE))
        .map(|t| collapse_spaces(&snap.text(t)))
        .unwrap_or_default();
    let body = snap.find(view, |n| is_body(snap, n));
    let cover = snap
        .descendants_pruned(view, |n| is_body(snap, n))
        .find(|&n| has_test_id(snap, n, &markup::PHOTO))
        .and_then(|photo| post::read_one_media(snap, photo, post_url));
    let blocks = body
        .map(|b| read_blocks(snap, b, post_url))
        .unwrap_or_default();
    let dir = main_dir(&blocks);
    let blocks = blocks
        .into_iter()
        .map(|b| without_dir(b, dir.as_deref()))
        .collect();
    Article {
        title,
        cover,
        dir,
        blocks,
        partial: body.is_none() || is_gated(snap, view),
    }
}

/// X shows only the start: a sign-in link or its "Show more" marker in the read view outside
/// the body (`markup::ARTICLE_GATE_PATHS`).
fn is_gated(snap: &Snapshot, view: NodeId) -> bool {
    snap.descendants_pruned(view, |n| is_body(snap, n))
        .any(|n| {
            has_test_id(snap, n, &markup::SHOW_MORE_TEXT)
                || (snap.is_tag(n, "a")
                    && snap.attr(n, "href").is_some_and(|href| {
                        let path = href
                            .strip_prefix(markup::ORIGIN)
                            .unwrap_or(href)
                            .split(['?', '#'])
                            .next()
                            .unwrap_or("");
                        markup::ARTICLE_GATE_PATHS.contains(&path)
                    }))
        })
}

/// What one block element gave: a block, or a list item waiting for its neighbours.
enum Piece {
    Block(Block),
    Item(FlatItem),
}

/// A list item as Draft.js writes it: flat, with its depth.
struct FlatItem {
    depth: usize,
    ordered: bool,
    item: ListItem,
}

fn is_block(snap: &Snapshot, n: NodeId) -> bool {
    snap.attr(n, markup::ARTICLE_BLOCK_ATTRIBUTE) == Some("true")
}

fn read_blocks(snap: &Snapshot, body: NodeId, post_url: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut items: Vec<FlatItem> = Vec::new();
    let block_nodes = snap
        .descendants_pruned(body, |n| is_block(snap, n))
        .filter(|&n| is_block(snap, n));
    for node in block_nodes {
        match read_block(snap, node, post_url) {
            Some(Piece::Item(item)) => items.push(item),
            Some(Piece::Block(block)) => {
                blocks.extend(nest_lists(std::mem::take(&mut items)));
                blocks.push(block);
            }
            None => {}
        }
    }
    blocks.extend(nest_lists(items));
    blocks
}

fn read_block(snap: &Snapshot, n: NodeId, post_url: &str) -> Option<Piece> {
    let dir = block_dir(snap, n);
    let ordered = has_class(snap, n, markup::ARTICLE_ORDERED_ITEM_CLASS);
    if ordered || has_class(snap, n, markup::ARTICLE_UNORDERED_ITEM_CLASS) {
        let item = ListItem {
            spans: read_spans(snap, n),
            children: Vec::new(),
            dir,
        };
        let depth = list_depth(snap, n);
        return Some(Piece::Item(FlatItem {
            depth,
            ordered,
            item,
        }));
    }
    if let Some(level) = heading_level(snap, n) {
        let spans = read_spans(snap, n);
        return (!is_blank(&spans)).then_some(Piece::Block(Block::Heading { level, spans, dir }));
    }
    if has_class(snap, n, markup::ARTICLE_QUOTE_CLASS) || snap.is_tag(n, "blockquote") {
        let spans = read_spans(snap, n);
        return (!is_blank(&spans)).then_some(Piece::Block(Block::Quote { spans, dir }));
    }
    if let Some(atomic) = read_atomic(snap, n, post_url) {
        return Some(Piece::Block(atomic));
    }
    let spans = read_spans(snap, n);
    (!is_blank(&spans)).then_some(Piece::Block(Block::Paragraph { spans, dir }))
}

/// Draft.js atomic blocks (`section`s): code, an embedded post, an image, a separator.
fn read_atomic(snap: &Snapshot, n: NodeId, post_url: &str) -> Option<Block> {
    if let Some(code) = snap.find(n, |m| has_test_id(snap, m, &markup::ARTICLE_CODE_BLOCK)) {
        return Some(read_code(snap, code));
    }
    let embedded = snap.find(n, |m| {
        has_test_id(snap, m, &markup::ARTICLE_EMBEDDED_POST) || has_test_id(snap, m, &markup::POST)
    });
    if let Some(embedded) = embedded {
        return Some(Block::Post {
            post: post::read_quote(snap, embedded, post_url),
        });
    }
    if let Some(photo) = snap.find(n, |m| has_test_id(snap, m, &markup::PHOTO)) {
        let media = post::read_one_media(snap, photo, post_url)?;
        return Some(Block::Image {
            media,
            caption: caption(snap, n, photo),
        });
    }
    let separator = snap
        .find(n, |m| {
            snap.attr(m, "role") == Some(markup::ARTICLE_SEPARATOR_ROLE)
        })
        .is_some()
        || snap.find(n, |m| snap.is_tag(m, "hr")).is_some();
    separator.then_some(Block::Separator)
}

fn read_code(snap: &Snapshot, code_block: NodeId) -> Block {
    let pre = snap.find(code_block, |m| snap.is_tag(m, "pre"));
    let language = snap
        .find(code_block, |m| snap.is_tag(m, "code"))
        .and_then(|c| snap.attr(c, "class"))
        .and_then(|c| {
            c.split_ascii_whitespace()
                .find_map(|t| t.strip_prefix("language-"))
        })
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    // Blank lines around the code are the block's frame, not the code: spaces inside are kept.
    let text = pre.map(|p| snap.text(p)).unwrap_or_default();
    let text = text.trim_matches('\n').to_string();
    Block::Code { language, text }
}

/// The text of an image block outside the image and its buttons: the caption, if any.
fn caption(snap: &Snapshot, block: NodeId, photo: NodeId) -> Option<String> {
    let skip = |m: NodeId| {
        m == photo || snap.is_tag(m, "button") || snap.attr(m, "role") == Some("button")
    };
    let text: String = snap
        .descendants_pruned(block, skip)
        .filter(|&m| !skip(m))
        .filter_map(|m| match snap.kind(m) {
            Some(NodeKind::Text(t)) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let text = collapse_spaces(&text);
    (!text.is_empty()).then_some(text)
}

fn heading_level(snap: &Snapshot, n: NodeId) -> Option<u8> {
    markup::ARTICLE_HEADING_CLASSES
        .iter()
        .find(|(class, _)| has_class(snap, n, class))
        .map(|&(_, level)| level)
        .or(match snap.tag(n) {
            Some("h1") => Some(1),
            Some("h2") => Some(2),
            Some("h3") => Some(3),
            _ => None,
        })
}

fn list_depth(snap: &Snapshot, n: NodeId) -> usize {
    snap.attr(n, "class")
        .and_then(|c| {
            c.split_ascii_whitespace()
                .find_map(|t| t.strip_prefix(markup::ARTICLE_DEPTH_CLASS_PREFIX))
        })
        .and_then(|d| d.parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_DEPTH)
}

/// The block's direction, from Draft.js's class on it or on its inner block element.
fn block_dir(snap: &Snapshot, n: NodeId) -> Option<String> {
    std::iter::once(n)
        .chain(snap.descendants(n))
        .find_map(|m| {
            if has_class(snap, m, markup::ARTICLE_RTL_CLASS) {
                Some("rtl")
            } else if has_class(snap, m, markup::ARTICLE_LTR_CLASS) {
                Some("ltr")
            } else {
                None
            }
        })
        .map(str::to_string)
}

/// Nests a flat run of list items by depth: an item deeper than the one before it starts a
/// list inside that one; a change between ordered and unordered at one depth starts a new list.
fn nest_lists(items: Vec<FlatItem>) -> Vec<Block> {
    let mut out = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        if let Some(list) = build_list(&mut items, 0) {
            out.push(list);
        }
    }
    out
}

/// One list at `depth` (items shallower than it end it; deeper ones nest). Recursion is bounded
/// by [`MAX_DEPTH`].
fn build_list(
    items: &mut std::iter::Peekable<std::vec::IntoIter<FlatItem>>,
    depth: usize,
) -> Option<Block> {
    let ordered = items.peek()?.ordered;
    let mut list: Vec<ListItem> = Vec::new();
    while let Some(next) = items.peek() {
        let next_depth = next.depth.max(depth);
        if next_depth > depth && !list.is_empty() {
            if let Some(child) = build_list(items, depth + 1) {
                if let Some(last) = list.last_mut() {
                    last.children.push(child);
                }
            }
            continue;
        }
        if next.depth < depth || (next.ordered != ordered && next_depth == depth) {
            break;
        }
        if let Some(item) = items.next() {
            list.push(item.item);
        }
    }
    Some(Block::List {
        ordered,
        items: list,
    })
}

/// The block's text as runs of one set of marks; line breaks kept, emoji read from their alt.
fn read_spans(snap: &Snapshot, block: NodeId) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for n in snap.descendants(block) {
        let text = match snap.kind(n) {
            Some(NodeKind::Text(t)) => t.clone(),
            Some(NodeKind::Element { tag, .. }) if tag == "br" => "\n".to_string(),
            Some(NodeKind::Element { tag, .. }) if tag == "img" => {
                snap.attr(n, "alt").unwrap_or("").to_string()
            }
            _ => continue,
        };
        if text.is_empty() {
            continue;
        }
        let span = marks_of(snap, n, block, text);
        match spans.last_mut() {
            Some(last) if last.same_marks(&span) => last.text.push_str(&span.text),
            _ => spans.push(span),
        }
    }
    // Draft.js ends an empty block, and some last lines, with a `<br>` of its own.
    if let Some(last) = spans.last_mut() {
        if last.text.ends_with('\n') {
            last.text.pop();
        }
    }
    spans.retain(|s| !s.text.is_empty());
    spans
}

/// The marks on a piece of text: its ancestors up to the block (styles, `strong`/`em`, links).
fn marks_of(snap: &Snapshot, n: NodeId, block: NodeId, text: String) -> Span {
    let mut span = Span {
        text,
        ..Span::default()
    };
    for a in snap.ancestors(n).take_while(|&a| a != block) {
        match snap.tag(a) {
            Some("strong" | "b") => span.bold = true,
            Some("em" | "i") => span.italic = true,
            Some("s" | "del") => span.strike = true,
            Some("a") if span.url.is_none() => {
                let (url, mention) = link_of(snap, a);
                span.url = url;
                span.mention = mention;
            }
            _ => {}
        }
        if let Some(style) = snap.attr(a, "style") {
            for (property, value) in declarations(style) {
                let mark = markup::ARTICLE_MARK_STYLES
                    .iter()
                    .find(|(p, v)| *p == property && *v == value);
                match mark.map(|(p, _)| *p) {
                    Some("font-weight") => span.bold = true,
                    Some("font-style") => span.italic = true,
                    Some("text-decoration") => span.strike = true,
                    _ => {}
                }
            }
        }
    }
    span
}

/// `property: value` pairs of an inline style, lower-cased.
fn declarations(style: &str) -> impl Iterator<Item = (String, String)> + '_ {
    style.split(';').filter_map(|d| {
        let (p, v) = d.split_once(':')?;
        Some((p.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase()))
    })
}

/// A link's destination, and the handle when it is an account's profile (`/<handle>`).
fn link_of(snap: &Snapshot, a: NodeId) -> (Option<String>, Option<String>) {
    let Some(href) = snap.attr(a, "href") else {
        return (None, None);
    };
    let url = post::absolute_url(href);
    let path = href
        .strip_prefix(markup::ORIGIN)
        .unwrap_or(href)
        .strip_prefix('/')
        .filter(|p| !p.starts_with('/'));
    let mention = path
        .filter(|p| !p.is_empty() && !p.contains(['/', '?', '#']))
        .filter(|p| !markup::RESERVED_PATHS.contains(p))
        .map(str::to_string);
    (url, mention)
}

fn is_blank(spans: &[Span]) -> bool {
    spans.iter().all(|s| s.text.trim().is_empty())
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The direction most blocks are written in.
fn main_dir(blocks: &[Block]) -> Option<String> {
    let dirs: Vec<&str> = blocks.iter().filter_map(block_direction).collect();
    let rtl = dirs.iter().filter(|d| **d == "rtl").count();
    match (rtl, dirs.len()) {
        (_, 0) => None,
        (rtl, all) if rtl * 2 > all => Some("rtl".into()),
        _ => Some("ltr".into()),
    }
}

fn block_direction(block: &Block) -> Option<&str> {
    match block {
        Block::Paragraph { dir, .. } | Block::Heading { dir, .. } | Block::Quote { dir, .. } => {
            dir.as_deref()
        }
        Block::List { items, .. } => items.first().and_then(|i| i.dir.as_deref()),
        _ => None,
    }
}

/// The block with its direction dropped where it is the Article's own.
fn without_dir(mut block: Block, main: Option<&str>) -> Block {
    let clear = |dir: &mut Option<String>| {
        if dir.as_deref() == main {
            *dir = None;
        }
    };
    match &mut block {
        Block::Paragraph { dir, .. } | Block::Heading { dir, .. } | Block::Quote { dir, .. } => {
            clear(dir)
        }
        Block::List { items, .. } => clear_items(items, main),
        _ => {}
    }
    block
}

fn clear_items(items: &mut [ListItem], main: Option<&str>) {
    for item in items {
        if item.dir.as_deref() == main {
            item.dir = None;
        }
        let children = std::mem::take(&mut item.children);
        item.children = children.into_iter().map(|c| without_dir(c, main)).collect();
    }
}

/// The Article as plain text: the title, then one paragraph per block (list items one a line,
/// indented by depth), for `Post::text` and tools that read only text.
pub fn plain_text(article: &Article) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !article.title.is_empty() {
        parts.push(article.title.clone());
    }
    for block in &article.blocks {
        let text = block_text(block);
        if !text.is_empty() {
            parts.push(text);
        }
    }
    parts.join("\n\n")
}

fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

fn block_text(block: &Block) -> String {
    match block {
        Block::Paragraph { spans, .. }
        | Block::Heading { spans, .. }
        | Block::Quote { spans, .. } => spans_text(spans),
        Block::List { .. } => {
            let mut lines = Vec::new();
            list_lines(block, 0, &mut lines);
            lines.join("\n")
        }
        Block::Code { text, .. } => text.clone(),
        Block::Image { media, caption } => caption
            .clone()
            .or_else(|| media.alt.clone())
            .unwrap_or_default(),
        Block::Post { post } => format!("@{}: {}", post.author.handle, post.text),
        Block::Separator => String::new(),
    }
}

fn list_lines(block: &Block, depth: usize, lines: &mut Vec<String>) {
    let Block::List { ordered, items } = block else {
        return;
    };
    for (at, item) in items.iter().enumerate() {
        let marker = crate::model::list_marker(*ordered, at);
        lines.push(format!(
            "{}{marker} {}",
            "  ".repeat(depth),
            spans_text(&item.spans)
        ));
        for child in &item.children {
            list_lines(child, depth + 1, lines);
        }
    }
}

/// The Article's outside destinations, in order, once each (mentions are profiles on X).
pub fn links(article: &Article) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut visit = |spans: &[Span]| {
        for s in spans {
            if let (Some(url), None) = (&s.url, &s.mention) {
                if !out.contains(url) {
                    out.push(url.clone());
                }
            }
        }
    };
    let mut stack: Vec<&Block> = article.blocks.iter().rev().collect();
    while let Some(block) = stack.pop() {
        match block {
            Block::Paragraph { spans, .. }
            | Block::Heading { spans, .. }
            | Block::Quote { spans, .. } => visit(spans),
            Block::List { items, .. } => {
                for item in items {
                    visit(&item.spans);
                }
                // Nested lists after their parents' items: order within a list is kept.
                for item in items.iter().rev() {
                    stack.extend(item.children.iter().rev());
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(depth: usize, ordered: bool, text: &str) -> FlatItem {
        FlatItem {
            depth,
            ordered,
            item: ListItem {
                spans: vec![Span {
                    text: text.into(),
                    ..Span::default()
                }],
                ..ListItem::default()
            },
        }
    }

    fn shape(blocks: &[Block]) -> String {
        blocks
            .iter()
            .map(|b| match b {
                Block::List { ordered, items } => {
                    let inner: Vec<String> = items
                        .iter()
                        .map(|i| {
                            let kids = shape(&i.children);
                            format!(
                                "{}{}",
                                spans_text(&i.spans),
                                if kids.is_empty() {
                                    String::new()
                                } else {
                                    format!("[{kids}]")
                                }
                            )
                        })
                        .collect();
                    format!(
                        "{}({})",
                        if *ordered { "ol" } else { "ul" },
                        inner.join(",")
                    )
                }
                _ => "?".into(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn flat_items_nest_by_depth_and_kind() {
        let items = vec![
            item(0, true, "a"),
            item(1, false, "b"),
            item(1, true, "c"),
            item(0, true, "d"),
            item(3, true, "e"), // a skipped level nests one deeper, not three
            item(0, false, "f"),
        ];
        assert_eq!(
            shape(&nest_lists(items)),
            "ol(a[ul(b) ol(c)],d[ol(e)]) ul(f)"
        );
    }

    #[test]
    fn a_list_may_start_deep_and_depth_is_bounded() {
        let items = vec![item(2, false, "x"), item(99, false, "y")];
        assert_eq!(shape(&nest_lists(items)), "ul(x[ul(y)])");
    }
}
