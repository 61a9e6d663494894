//! X (twitter.com / x.com) conversation pages → [`Thread`].
//!
//! Reads a [`Snapshot`] of the page in three steps: find the timeline rows and put them in
//! screen order; classify each row into a closed set of kinds ([`RowKind`]); walk up and down
//! from the focal post to collect the author's chain. All markup knowledge comes from
//! [`markup`]; this module only combines it.

mod article;
pub mod collect;
mod legacy;
pub mod markup;
mod post;

use crate::model::{Platform, Post, PostRole, Thread, Warning, WarningCode};
use crate::numbering;
use crate::site::{Collection, Site};
use crate::snapshot::{NodeId, Snapshot};
use crate::{ExtractOptions, UnrollError};
use post::parse_post;

pub const SITE: Site = Site {
    platform: Platform::X,
    name: "X",
    owns_url: is_post_url,
    owns_markup: is_own_page,
    kept_attributes: markup::KEPT_ATTRIBUTES,
    // Of a `class` only an Article's block kinds, of a `style` its marks (never atomic CSS).
    kept_classes: &[],
    kept_class_prefixes: markup::ARTICLE_CLASS_PREFIXES,
    kept_style_properties: markup::ARTICLE_MARK_STYLE_PROPERTIES,
    skipped_roles: markup::SKIPPED_ROLES,
    class_page_selectors: &[markup::ARTICLE_READ_VIEW_SELECTOR],
    post_selector: markup::POST_ELEMENT,
    head_selectors: &[],
    collection: Collection::VirtualRows(collect::boxed),
    extract,
};

/// What one row of the conversation list is. Exposed for the debug view and the collector.
#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    Post(Box<Post>),
    /// Promoted post: skipped, never ends the chain.
    Ad,
    /// "Discover more", "More from this author" and similar: the conversation is over.
    Heading,
    /// "Show replies", "Show more replies", "Show probable spam": a button without a post.
    ShowMore,
    /// X's placeholder for a deleted, protected or withheld post.
    Unavailable,
    /// X's spinner cell: more is loading, or can load, at this end of the list.
    Loader,
    /// Separators and empty cells.
    Empty,
}

impl RowKind {
    pub fn name(&self) -> &'static str {
        match self {
            RowKind::Post(_) => "post",
            RowKind::Ad => "ad",
            RowKind::Heading => "heading",
            RowKind::ShowMore => "show-more",
            RowKind::Unavailable => "unavailable",
            RowKind::Loader => "loader",
            RowKind::Empty => "empty",
        }
    }
}

/// A classified row with its vertical position (for ordering rows from a virtualized list).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kind: RowKind,
    /// Its `translateY`, in hundredths of a pixel (see [`translate_y`]).
    pub offset: Option<i64>,
    /// X renders this row as the page's focal post.
    pub focal: bool,
    /// The collector's reference to this row's button ("Show replies", in-place "Show more").
    pub action_ref: Option<String>,
    /// Where a reveal cell drawn as a link leads (to send the reader there if it stays closed).
    pub action_href: Option<String>,
    /// For a post: whether X draws the thread line above it (`None`: not a post).
    pub line_above: Option<bool>,
}

/// How the page was read: by X's test ids, or by structure alone after they disappeared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkupMode {
    TestIds,
    Structural,
    /// The server-rendered twitter.com of 2014–2020 (saved pages).
    Legacy,
}

/// Finds the rows of the page and classifies them, in screen order.
pub fn read_rows(snap: &Snapshot) -> (Vec<Row>, MarkupMode) {
    let scope = snap
        .find(Snapshot::ROOT, |n| {
            markup::PRIMARY_COLUMN.matches(snap.attr(n, "data-testid"))
        })
        .unwrap_or(Snapshot::ROOT);
    let has_test_ids = snap
        .find(scope, |n| markup::POST.matches(snap.attr(n, "data-testid")))
        .is_some();
    let mode = if has_test_ids {
        MarkupMode::TestIds
    } else {
        MarkupMode::Structural
    };

    let cells: Vec<NodeId> = snap
        .descendants_pruned(scope, |n| is_cell(snap, n))
        .filter(|&n| is_cell(snap, n))
        .collect();
    // Without cells (a single article saved on its own, or cells renamed), each article is a row.
    let row_nodes = if cells.is_empty() {
        snap.descendants_pruned(scope, |n| snap.is_tag(n, "article"))
            .filter(|&n| snap.is_tag(n, "article"))
            .collect()
    } else {
        cells
    };

    let mut rows: Vec<Row> = row_nodes
        .into_iter()
        .map(|node| {
            let kind = classify_row(snap, node, mode);
            let line_above = matches!(kind, RowKind::Post(_)).then(|| has_line_above(snap, node));
            let action_href = matches!(kind, RowKind::ShowMore)
                .then(|| reveal_link(snap, node))
                .flatten()
                .and_then(|n| snap.attr(n, "href"))
                .and_then(post::absolute_url);
            Row {
                kind,
                offset: snap.attr(node, "style").and_then(translate_y),
                focal: post::is_focal_row(snap, node),
                action_ref: action_ref(snap, node),
                action_href,
                line_above,
            }
        })
        .collect();
    // Virtualized cells are placed by translateY, not DOM order. Sort only when every row has a
    // position; the sort is stable, so ties keep document order.
    if rows.iter().all(|r| r.offset.is_some()) {
        crate::order::stable_sort_by(&mut rows, |a, b| a.offset.cmp(&b.offset));
    }
    (rows, mode)
}

/// The reference of the row's button that reveals more: a "Show replies" cell's button, or a cut
/// post's "Show more" when X draws it as a button (as a link it would leave the page).
fn action_ref(snap: &Snapshot, row: NodeId) -> Option<String> {
    let target = snap
        .find(row, |n| {
            markup::SHOW_MORE_TEXT.matches(snap.attr(n, "data-testid"))
        })
        .filter(|&n| snap.is_tag(n, "button") || snap.attr(n, "role") == Some("button"))
        .or_else(|| {
            let has_article = snap.find(row, |n| snap.is_tag(n, "article")).is_some();
            (!has_article)
                .then(|| {
                    snap.find(row, |n| {
                        snap.is_tag(n, "button") || snap.attr(n, "role") == Some("button")
                    })
                    .or_else(|| reveal_link(snap, row))
                })
                .flatten()
        })?;
    std::iter::once(target)
        .chain(snap.ancestors(target))
        .take_while(|&n| n != row)
        .find_map(|n| snap.attr(n, collect::REF_ATTRIBUTE))
        .map(str::to_string)
}

/// A link to a status page in a row without a post: a reveal cell drawn as a link.
fn reveal_link(snap: &Snapshot, row: NodeId) -> Option<NodeId> {
    snap.find(row, |n| {
        snap.is_tag(n, "a")
            && snap
                .attr(n, "href")
                .is_some_and(|h| h.contains(markup::REVEAL_LINK_PATH))
    })
}

/// Whether X draws the thread line above the row's post: the strip before the avatar's row
/// holds the line's empty element besides the spacer (see `markup`).
fn has_line_above(snap: &Snapshot, row: NodeId) -> bool {
    let Some(avatar) = snap.find(row, |n| {
        snap.attr(n, "data-testid")
            .is_some_and(|v| v.starts_with(markup::AVATAR_CONTAINER_PREFIX))
    }) else {
        return false;
    };
    // Up from the avatar while it is its parent's first element: the first one with an element
    // before it is the avatar's row, and that element is the strip.
    let strip = std::iter::once(avatar)
        .chain(snap.ancestors(avatar))
        .take_while(|&n| n != row)
        .find_map(|n| previous_element(snap, n));
    strip.is_some_and(|strip| {
        snap.descendants(strip)
            .filter(|&n| snap.tag(n).is_some() && snap.children(n).is_empty())
            .count()
            >= markup::THREAD_LINE_ABOVE_EMPTY_ELEMENTS
    })
}

fn previous_element(snap: &Snapshot, n: NodeId) -> Option<NodeId> {
    let siblings = snap.children(snap.parent(n)?);
    let at = siblings.iter().position(|&s| s == n)?;
    siblings[..at]
        .iter()
        .rev()
        .copied()
        .find(|&s| snap.tag(s).is_some())
}

fn is_cell(snap: &Snapshot, n: NodeId) -> bool {
    markup::CELL.matches(snap.attr(n, "data-testid"))
}

/// Reads the `translateY(<px>px)` of an inline style, in hundredths of a pixel. Fixed point,
/// not `f64`: rows only need ordering, and parsing a float ships core's float parser and its
/// tables in the Wasm (about 12 KB) for this one number.
fn translate_y(style: &str) -> Option<i64> {
    let start = style.find("translateY(")? + "translateY(".len();
    let rest = &style[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(rest.len());
    let (sign, unsigned) = match rest[..end].strip_prefix('-') {
        Some(unsigned) => (-1, unsigned),
        None => (1, &rest[..end]),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let hundredths = fraction
        .bytes()
        .chain(*b"00")
        .take(2)
        .fold(0, |n, digit| n * 10 + i64::from(digit - b'0'));
    Some(sign * whole.checked_mul(100)?.checked_add(hundredths)?)
}

/// Sorts one row into the closed set of [`RowKind`]s.
pub fn classify_row(snap: &Snapshot, row: NodeId, mode: MarkupMode) -> RowKind {
    let article = if snap.is_tag(row, "article") {
        Some(row)
    } else {
        snap.find(row, |n| snap.is_tag(n, "article"))
    };
    if let Some(article) = article {
        let is_ad = snap
            .closest(article, |n| markup::AD.matches(snap.attr(n, "data-testid")))
            .is_some();
        if is_ad {
            return RowKind::Ad;
        }
        let is_post = match mode {
            MarkupMode::TestIds => markup::POST.matches(snap.attr(article, "data-testid")),
            MarkupMode::Structural | MarkupMode::Legacy => {
                post::own_status_link(snap, article).is_some()
            }
        };
        if !is_post {
            return RowKind::Unavailable;
        }
        return match parse_post(snap, article) {
            Some(p) => RowKind::Post(Box::new(p)),
            // A post without its own permalink and date is promoted content.
            None => RowKind::Ad,
        };
    }
    // A reply composer drawn as its own row (a textbox) is not a "Show replies" button.
    if snap
        .find(row, |n| snap.attr(n, "role") == Some("textbox"))
        .is_some()
    {
        return RowKind::Empty;
    }
    let has_heading = snap
        .find(row, |n| {
            snap.attr(n, "role") == Some("heading")
                || matches!(snap.tag(n), Some("h1" | "h2" | "h3"))
        })
        .is_some();
    if has_heading {
        return RowKind::Heading;
    }
    let has_button = snap
        .find(row, |n| {
            snap.attr(n, "role") == Some("button") || snap.is_tag(n, "button")
        })
        .is_some();
    if has_button || reveal_link(snap, row).is_some() {
        return RowKind::ShowMore;
    }
    if snap
        .find(row, |n| snap.attr(n, "role") == Some(markup::LOADER_ROLE))
        .is_some()
    {
        return RowKind::Loader;
    }
    RowKind::Empty
}

/// The status id a page URL names (`…/status/<id>…`), if any.
pub fn status_id_in_url(url: &str) -> Option<String> {
    let start = url.find(markup::STATUS_PATH)? + markup::STATUS_PATH.len();
    let id: String = url[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    (!id.is_empty()).then_some(id)
}

/// Whether a URL is a post page on X (`x.com` or `twitter.com`, `/<handle>/status/<id>`).
pub fn is_post_url(url: &str) -> bool {
    let is_x_host = |h: &str| {
        ["x.com", "twitter.com"]
            .iter()
            .any(|d| h == *d || h.ends_with(&format!(".{d}")))
    };
    crate::site::host_and_path(url).is_some_and(|(host, _)| is_x_host(&host))
        && status_id_in_url(url).is_some()
}

/// Whether the markup is X's: its post or column test ids, or legacy twitter.com's tweet ids.
pub fn is_own_page(snap: &Snapshot) -> bool {
    snap.find(Snapshot::ROOT, |n| {
        markup::POST.matches(snap.attr(n, "data-testid"))
            || markup::PRIMARY_COLUMN.matches(snap.attr(n, "data-testid"))
            || snap.attr(n, markup::LEGACY_TWEET_ID).is_some()
    })
    .is_some()
}

/// Extracts the author's thread from a snapshot of an X page.
pub fn extract(
    snap: &Snapshot,
    page_url: Option<&str>,
    options: &ExtractOptions,
) -> Result<Thread, UnrollError> {
    let (mut rows, mut mode) = read_rows(snap);
    if rows.is_empty() {
        rows = legacy::read_legacy_rows(snap);
        mode = MarkupMode::Legacy;
    }
    extract_from_rows(snap, rows, mode, page_url, options)
}

fn extract_from_rows(
    snap: &Snapshot,
    rows: Vec<Row>,
    mode: MarkupMode,
    page_url: Option<&str>,
    options: &ExtractOptions,
) -> Result<Thread, UnrollError> {
    let mut wanted: Vec<String> = page_url.map(str::to_string).into_iter().collect();
    wanted.extend(crate::site::page_urls(snap));
    let rows: Vec<&Row> = rows.iter().collect();
    let chain = find_chain(&rows, &wanted, page_url, options)?;
    thread_from_chain(&rows, &chain, mode)
}

/// Whether the chain met a real boundary at each end, or just ran out of loaded rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChainEnds {
    /// No boundary above the first post: earlier posts may still be unloaded.
    pub top_open: bool,
    /// No boundary below the last post: later posts may still be unloaded.
    pub bottom_open: bool,
    /// Row index of the chain's first and last posts (for the collector's "Show more" clicks).
    pub first_row: usize,
    pub last_row: usize,
    /// Row index of what ended the chain below (another account's post, a heading), if any.
    pub end_row: Option<usize>,
    /// Row index of what ended the chain above, if any.
    pub start_row: Option<usize>,
    /// The top is closed because the first post starts the conversation (no thread line above).
    pub root: bool,
}

/// Where the author's chain lies in a row list, found without copying a single post: the
/// collector asks this after every snapshot of a thread that may hold thousands of posts.
#[derive(Debug, Clone)]
pub struct Chain {
    /// The chain's rows in screen order: a post's row, or `None` for an "unavailable" placeholder.
    pub members: Vec<Option<usize>>,
    /// Rows of the author's answers to other people below the chain (`include_answers` only).
    pub answers: Vec<usize>,
    /// For each "Show replies" cell inside the chain, the row of the post just above it.
    pub hidden_after: Vec<usize>,
    pub focal_row: usize,
    /// The post the page URL names, when the page does not hold it.
    pub focal_missing: Option<String>,
    pub ends: ChainEnds,
}

impl Chain {
    /// Posts the thread will have (placeholders and answers included).
    pub fn post_count(&self) -> usize {
        self.members.len() + self.answers.len()
    }
}

fn post_in<'a>(rows: &[&'a Row], i: usize) -> Option<&'a Post> {
    match &rows.get(i)?.kind {
        RowKind::Post(p) => Some(p),
        _ => None,
    }
}

/// The chain rules, over rows already in screen order.
/// `wanted_urls`: URLs that may name the focal post, best first (page URL, canonical, og:url).
/// Rows by reference: the collector keeps its rows inside its own bookkeeping.
pub fn find_chain(
    rows: &[&Row],
    wanted_urls: &[String],
    page_url: Option<&str>,
    options: &ExtractOptions,
) -> Result<Chain, UnrollError> {
    let posts: Vec<(usize, &Post)> = (0..rows.len())
        .filter_map(|i| post_in(rows, i).map(|p| (i, p)))
        .collect();
    if posts.is_empty() {
        return Err(UnrollError::NoThread(
            "no X posts found on this page".into(),
        ));
    }

    // Which post is the page about: the URL's, then the page's own canonical URL, then the
    // post X renders as focal, then the first one.
    let by_id = wanted_urls
        .iter()
        .filter_map(|u| status_id_in_url(u))
        .find_map(|id| posts.iter().find(|(_, p)| p.id == id).map(|(i, _)| *i));
    let focal_row = by_id
        .or_else(|| posts.iter().find(|(i, _)| rows[*i].focal).map(|(i, _)| *i))
        .or_else(|| posts.first().map(|(i, _)| *i))
        .unwrap_or(0);
    let focal_missing = page_url
        .and_then(status_id_in_url)
        .filter(|id| !posts.iter().any(|(_, p)| &p.id == id));
    let Some(focal) = post_in(rows, focal_row) else {
        return Err(UnrollError::NoThread("no focal post".into()));
    };
    if focal.article.is_some() {
        return Ok(article_alone(focal_row, focal_missing));
    }
    let same_author = |p: &Post| p.author.handle.eq_ignore_ascii_case(&focal.author.handle);
    let mut ends = ChainEnds {
        top_open: true,
        bottom_open: true,
        first_row: focal_row,
        last_row: focal_row,
        end_row: None,
        start_row: None,
        root: false,
    };

    // Up: the author's posts leading to the focal one. Placeholders count while the chain goes
    // on (`pending`: placeholders not yet followed by one of the author's posts).
    let mut above: Vec<Option<usize>> = Vec::new();
    let mut pending = 0;
    for (i, row) in rows.iter().enumerate().take(focal_row).rev() {
        match &row.kind {
            RowKind::Post(p) if same_author(p) => {
                above.extend(std::iter::repeat_n(None, pending));
                pending = 0;
                above.push(Some(i));
                ends.first_row = i;
            }
            RowKind::Unavailable => pending += 1,
            RowKind::Post(_) | RowKind::Heading => {
                ends.top_open = false;
                ends.start_row = Some(i);
                break;
            }
            RowKind::Ad | RowKind::ShowMore | RowKind::Loader | RowKind::Empty => {}
        }
    }
    above.reverse();

    // Down: the author's continuation, until another account, a heading or the end.
    let mut members = above;
    members.push(Some(focal_row));
    let mut answers = Vec::new();
    let mut hidden_after = Vec::new();
    let mut last_post = focal_row;
    let mut pending = 0;
    let mut in_chain = true;
    for (i, row) in rows.iter().enumerate().skip(focal_row + 1) {
        match &row.kind {
            RowKind::Post(p) if same_author(p) => {
                if in_chain {
                    members.extend(std::iter::repeat_n(None, pending));
                    pending = 0;
                    members.push(Some(i));
                    last_post = i;
                    ends.last_row = i;
                } else if options.include_answers {
                    answers.push(i);
                }
            }
            RowKind::Unavailable if in_chain => pending += 1,
            RowKind::ShowMore if in_chain => hidden_after.push(last_post),
            RowKind::Heading => {
                if in_chain {
                    ends.end_row = Some(i);
                }
                in_chain = false;
                break;
            }
            RowKind::Post(_) => {
                if in_chain {
                    ends.end_row = Some(i);
                }
                in_chain = false;
            }
            _ => {}
        }
    }
    ends.bottom_open = in_chain;
    if ends.top_open && starts_the_conversation(rows, &members) {
        ends.top_open = false;
        ends.root = true;
    }
    Ok(Chain {
        members,
        answers,
        hidden_after,
        focal_row,
        focal_missing,
        ends,
    })
}

/// An Article is read alone: the author's replies under it are not part of it, and there is
/// nothing to collect above or below.
fn article_alone(focal_row: usize, focal_missing: Option<String>) -> Chain {
    Chain {
        members: vec![Some(focal_row)],
        answers: Vec::new(),
        hidden_after: Vec::new(),
        focal_row,
        focal_missing,
        ends: ChainEnds {
            top_open: false,
            bottom_open: false,
            first_row: focal_row,
            last_row: focal_row,
            end_row: None,
            start_row: None,
            root: true,
        },
    }
}

/// The chain's first post has no thread line above it (the conversation's root), and the chain
/// shows lines elsewhere, so the page does draw them (a redesign without lines ends nothing).
fn starts_the_conversation(rows: &[&Row], members: &[Option<usize>]) -> bool {
    let line = |i: &Option<usize>| i.and_then(|i| rows.get(i)?.line_above);
    members.first().and_then(line) == Some(false) && members.iter().any(|m| line(m) == Some(true))
}

/// The thread a chain describes: its posts copied out of the rows, in id order, numbered, with
/// the warnings the reader shows.
pub fn thread_from_chain(
    rows: &[&Row],
    chain: &Chain,
    mode: MarkupMode,
) -> Result<Thread, UnrollError> {
    let Some(focal) = post_in(rows, chain.focal_row) else {
        return Err(UnrollError::NoThread("no focal post".into()));
    };
    let member_posts: Vec<Post> = chain
        .members
        .iter()
        .map(|member| {
            member
                .and_then(|i| post_in(rows, i))
                .cloned()
                .unwrap_or_else(Post::unavailable)
        })
        .collect();
    let mut posts = order_and_dedupe(member_posts);
    if !chain.answers.is_empty() {
        let answers: Vec<Post> = chain
            .answers
            .iter()
            .filter_map(|&i| post_in(rows, i))
            .map(|p| {
                let mut answer = p.clone();
                answer.role = PostRole::Answer;
                answer
            })
            .collect();
        posts.extend(order_and_dedupe(answers));
        posts = order_and_dedupe(posts);
    }

    let mut thread = Thread::opened_on(Platform::X, focal, posts);
    if mode == MarkupMode::Structural {
        thread.warn(Warning::new(WarningCode::StructuralFallback));
    }
    if let Some(id) = &chain.focal_missing {
        thread.warn(Warning::new(WarningCode::FocalNotFound).about(Some(id)));
    }
    for &row in &chain.hidden_after {
        let id = post_in(rows, row).map(|p| p.id.as_str());
        thread.warn(Warning::new(WarningCode::HiddenReplies).about(id));
    }
    // An Article's text is one document: a "3/12" in it is not the author numbering posts.
    if thread.article().is_none() {
        numbering::annotate(&mut thread);
    }
    add_post_warnings(&mut thread);
    Ok(thread)
}

/// Identity and order by status id: X's ids grow with time, and a virtualized list can show the
/// same post twice. Placeholders without id stay just before the post that followed them.
pub fn order_and_dedupe(posts: Vec<Post>) -> Vec<Post> {
    let mut groups: Vec<(Post, Vec<Post>)> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut pending: Vec<Post> = Vec::new();
    for post in posts {
        if post.id.is_empty() {
            pending.push(post);
            continue;
        }
        match seen.get(&post.id) {
            Some(&at) => {
                // Keep the most complete copy: an expanded text beats a truncated one.
                if groups[at].0.truncated && !post.truncated {
                    groups[at].0 = post;
                }
                pending.clear();
            }
            None => {
                seen.insert(post.id.clone(), groups.len());
                groups.push((post, std::mem::take(&mut pending)));
            }
        }
    }
    crate::order::stable_sort_by(&mut groups, |(a, _), (b, _)| compare_ids(&a.id, &b.id));
    groups
        .into_iter()
        .flat_map(|(post, before)| before.into_iter().chain(std::iter::once(post)))
        .collect()
}

/// Compares decimal ids of any length without overflow.
pub fn compare_ids(a: &str, b: &str) -> std::cmp::Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// One note per kind, naming every post concerned: a sentence per post would repeat itself.
fn add_post_warnings(thread: &mut Thread) {
    let positions = |keep: fn(&Post) -> bool| -> Vec<usize> {
        (1..=thread.posts.len())
            .filter(|&at| keep(&thread.posts[at - 1]))
            .collect()
    };
    let unavailable = positions(|p| p.unavailable);
    let truncated = positions(|p| p.truncated && !p.unavailable);
    let partial: Vec<(String, String)> = thread
        .posts
        .iter()
        .filter(|p| p.article.as_ref().is_some_and(|a| a.partial))
        .map(|p| (p.id.clone(), p.url.clone()))
        .collect();
    for (id, url) in partial {
        thread.warn(
            Warning::new(WarningCode::ArticlePartial)
                .about(Some(&id))
                .link(Some(&url)),
        );
    }
    for (code, posts) in [
        (WarningCode::Unavailable, unavailable),
        (WarningCode::Truncated, truncated),
    ] {
        if !posts.is_empty() {
            thread.warn(Warning::new(code).posts(posts));
        }
    }
}

impl Post {
    fn unavailable() -> Post {
        Post {
            unavailable: true,
            ..Post::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::translate_y;

    #[test]
    fn translate_y_reads_hundredths_of_a_pixel() {
        let cases = [
            ("transform: translateY(0px); position: absolute;", Some(0)),
            ("transform: translateY(1234px);", Some(123_400)),
            ("transform: translateY(1234.5px);", Some(123_450)),
            ("transform: translateY(-86.256px);", Some(-8_625)),
            ("transform: translateY(.5px);", Some(50)),
            ("transform: translateY(px);", None),
            ("transform: translateY(1.2.3px);", None),
            ("transform: translateY(99999999999999999999px);", None),
            ("position: absolute;", None),
        ];
        for (style, expected) in cases {
            assert_eq!(translate_y(style), expected, "{style}");
        }
    }
}
