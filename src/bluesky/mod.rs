//! Bluesky (bsky.app) post pages → [`Thread`].
//!
//! Reads only the visible thread screen (earlier screens stay mounted, hidden). Its rows, in page
//! order, are posts, links to other post pages ("Continue thread", "Read N more replies") and
//! buttons standing for posts hidden by moderation. The thread is the author's chain through the
//! focal post: the author's posts right above it, then the author's replies right below it.
//! Posts are identified by handle and rkey and kept in page order (Bluesky's ids are not numbers).
//! All markup knowledge comes from [`markup`].

pub mod markup;
mod post;

use crate::collect::Loaded;
use crate::model::{Platform, Post, PostRole, Thread, Warning, WarningCode};
use crate::numbering;
use crate::site::{host_and_path, Collection, Site};
use crate::snapshot::{NodeId, Snapshot};
use crate::{ExtractOptions, UnrollError};

pub const SITE: Site = Site {
    platform: Platform::Bluesky,
    name: "Bluesky",
    owns_url: is_post_url,
    owns_markup: is_own_page,
    kept_attributes: markup::KEPT_ATTRIBUTES,
    // Never class names (see markup.rs), nothing left out by role.
    kept_classes: &[],
    kept_class_prefixes: &[],
    kept_style_properties: &[],
    skipped_roles: &[],
    class_page_selectors: &[],
    post_selector: markup::POST_SELECTOR,
    head_selectors: &[markup::PUBLISHED_TIME_SELECTOR],
    // bsky.app's web list keeps every row it rendered and adds parents (5 at a time) when its
    // top comes into view, replies (50 at a time) near its bottom: social-app's PostThread
    // (`onStartReached` / `onEndReached`, PARENT_CHUNK_SIZE, CHILDREN_CHUNK_SIZE) over
    // List.web.tsx (IntersectionObserver sentinels at both ends, no unmounting).
    collection: Collection::LoadsAtEnds(read_loaded),
    extract,
};

/// One row of the visible thread screen.
#[derive(Debug, Clone, PartialEq)]
enum Row {
    Post {
        post: Box<Post>,
        focal: bool,
    },
    /// A link to another post page: more of the thread lives there.
    MoreLink(String),
    /// A post hidden by moderation, a mute or a block (or hidden replies behind a button), with
    /// the site's words for why.
    Hidden(Option<String>),
    /// A post shown only as a placeholder (not found, blocked, sign-in only), in the site's words.
    Placeholder(String),
}

/// `(handle, rkey)` of a bsky.app post URL (`/profile/<handle>/post/<rkey>[/…]`).
pub fn post_in_url(url: &str) -> Option<(String, String)> {
    let (host, path) = host_and_path(url)?;
    if !markup::HOSTS.contains(&host.as_str()) {
        return None;
    }
    post_in_path(path)
}

fn post_in_path(path: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix(markup::PROFILE_PATH)?;
    let (handle, rest) = rest.split_once(markup::POST_PATH.value)?;
    let rkey: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | ':'))
        .collect();
    (!handle.is_empty() && !handle.contains('/') && !rkey.is_empty())
        .then(|| (handle.to_string(), rkey))
}

pub fn is_post_url(url: &str) -> bool {
    post_in_url(url).is_some()
}

pub fn is_own_page(snap: &Snapshot) -> bool {
    visible_screen(snap).is_some()
}

fn is_hidden(snap: &Snapshot, n: NodeId) -> bool {
    snap.attr(n, "style").is_some_and(|s| {
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let hidden: String = markup::HIDDEN_STYLE
            .value
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        compact.contains(&hidden)
    })
}

/// The thread screen on top: the last one that neither it nor an ancestor hides.
fn visible_screen(snap: &Snapshot) -> Option<NodeId> {
    snap.descendants(Snapshot::ROOT)
        .filter(|&n| snap.attr(n, "data-testid") == Some(markup::THREAD_SCREEN.value))
        .filter(|&n| snap.closest(n, |a| is_hidden(snap, a)).is_none())
        .last()
}

pub(crate) fn item_handle(snap: &Snapshot, n: NodeId) -> Option<&str> {
    snap.attr(n, "data-testid")?
        .strip_prefix(markup::ITEM_PREFIX.value)
        .filter(|h| !h.is_empty())
}

pub(crate) fn is_button(snap: &Snapshot, n: NodeId) -> bool {
    snap.is_tag(n, "button") || snap.attr(n, "role") == Some("button")
}

/// A text line (React Native Web's `Text` is a `div dir="auto"`).
pub(crate) fn is_line(snap: &Snapshot, n: NodeId) -> bool {
    snap.attr(n, "dir") == Some("auto")
}

/// The screen's navigation header: its first element child, when it holds a button and no post.
fn screen_header(snap: &Snapshot, screen: NodeId) -> Option<NodeId> {
    let first = snap
        .children(screen)
        .iter()
        .copied()
        .find(|&c| snap.tag(c).is_some())?;
    let has_button = snap.find(first, |d| is_button(snap, d)).is_some();
    let has_post = snap
        .find(first, |d| item_handle(snap, d).is_some())
        .is_some();
    (has_button && !has_post).then_some(first)
}

/// The site's words inside a hidden post's button: its first text line outside nested buttons.
fn hidden_words(snap: &Snapshot, button: NodeId) -> Option<String> {
    snap.descendants_pruned(button, |d| d != button && is_button(snap, d))
        .filter(|&d| is_line(snap, d))
        .map(|d| snap.text(d).trim().to_string())
        .find(|t| !t.is_empty())
}

fn read_rows(snap: &Snapshot, screen: NodeId, focal_rkey: Option<&str>) -> Vec<Row> {
    let header = screen_header(snap, screen);
    let stop = |n: NodeId| {
        Some(n) == header
            || item_handle(snap, n).is_some()
            || snap.is_tag(n, "a")
            || is_button(snap, n)
            || is_line(snap, n)
    };
    let mut rows = Vec::new();
    for n in snap.descendants_pruned(screen, stop) {
        if Some(n) == header {
            continue;
        }
        if item_handle(snap, n).is_some() {
            let focal = snap.attr(n, "role") != Some(markup::NON_FOCAL_ROLE.value);
            if let Some(post) = post::parse_post(snap, n, focal.then_some(focal_rkey).flatten()) {
                rows.push(Row::Post {
                    post: Box::new(post),
                    focal,
                });
            }
        } else if snap.is_tag(n, "a") {
            let href = snap.attr(n, "href").unwrap_or("");
            if post_in_path(href).is_some() || post_in_url(href).is_some() {
                rows.push(Row::MoreLink(post::absolute(href)));
            }
        } else if is_button(snap, n) {
            // A button holding an avatar is the reply composer prompt (logged-in pages), not a
            // hidden post.
            let has_avatar = snap
                .find(n, |d| {
                    snap.attr(d, "data-testid") == Some(markup::AVATAR.value)
                })
                .is_some();
            if !has_avatar {
                rows.push(Row::Hidden(hidden_words(snap, n)));
            }
        } else if is_line(snap, n) {
            let words = snap.text(n).trim().to_string();
            if !words.is_empty() {
                rows.push(Row::Placeholder(words));
            }
        }
    }
    rows
}

/// Extracts the author's thread from a snapshot of a bsky.app post page.
pub fn extract(
    snap: &Snapshot,
    page_url: Option<&str>,
    options: &ExtractOptions,
) -> Result<Thread, UnrollError> {
    read_loaded(snap, page_url, options).map(|loaded| loaded.thread)
}

/// The thread in one snapshot, and whether the chain reaches either end of what the page has
/// loaded (where scrolling may load more of it).
pub fn read_loaded(
    snap: &Snapshot,
    page_url: Option<&str>,
    options: &ExtractOptions,
) -> Result<Loaded, UnrollError> {
    let screen = visible_screen(snap).ok_or_else(|| {
        UnrollError::NoThread("no visible Bluesky thread screen on this page".into())
    })?;
    let own_urls = crate::site::page_urls(snap);
    let wanted = page_url
        .and_then(post_in_url)
        .or_else(|| own_urls.iter().find_map(|u| post_in_url(u)));
    let rows = read_rows(snap, screen, wanted.as_ref().map(|(_, r)| r.as_str()));
    let focal_row = rows
        .iter()
        .position(|r| matches!(r, Row::Post { focal: true, .. }))
        .ok_or_else(|| no_focal_post(&rows))?;
    let (mut thread, top_open, bottom_open) = chain(&rows, focal_row, options)?;
    if let Some((_, rkey)) = page_url.and_then(post_in_url) {
        if rkey != thread.focal_id {
            thread.warn(Warning::new(WarningCode::FocalNotFound).about(Some(&rkey)));
        }
    }
    add_published_time(snap, &own_urls, &mut thread);
    numbering::annotate(&mut thread);
    Ok(Loaded {
        thread,
        top_open,
        bottom_open,
    })
}

/// The page shows no post of its own: say what it shows instead, in the site's words, if anything.
fn no_focal_post(rows: &[Row]) -> UnrollError {
    let shown = rows.iter().find_map(|r| match r {
        Row::Placeholder(words) => Some(words.as_str()),
        Row::Hidden(words) => words.as_deref(),
        _ => None,
    });
    UnrollError::NoThread(match shown {
        Some(words) => format!("this Bluesky page shows no post, only a placeholder: “{words}”"),
        None => "no Bluesky post found on this page".into(),
    })
}

fn post_at(rows: &[Row], i: usize) -> Option<&Post> {
    match rows.get(i)? {
        Row::Post { post, .. } => Some(post),
        _ => None,
    }
}

/// A place in the chain: one of the author's posts, or a post the page does not show.
#[derive(Clone)]
enum Member<'a> {
    Post(&'a Post),
    Missing { words: Option<String>, hidden: bool },
}

impl<'a> Member<'a> {
    fn missing(row: &Row) -> Option<Member<'a>> {
        match row {
            Row::Hidden(words) => Some(Member::Missing {
                words: words.clone(),
                hidden: true,
            }),
            Row::Placeholder(words) => Some(Member::Missing {
                words: Some(words.clone()),
                hidden: false,
            }),
            _ => None,
        }
    }
}

/// The chain rules: up from the focal post while the author stays the same, then down. Posts the
/// page does not show count while the chain goes on past them (as on X): between two of the
/// author's posts, or above the first one when nothing but a "Continue thread" link or the
/// list's top is above them (Bluesky stops walking up a thread at a post it cannot show).
/// Also whether the chain runs into the first row (nothing above ended it) and the last.
fn chain(
    rows: &[Row],
    focal_row: usize,
    options: &ExtractOptions,
) -> Result<(Thread, bool, bool), UnrollError> {
    let focal =
        post_at(rows, focal_row).ok_or_else(|| UnrollError::NoThread("no focal post".into()))?;
    let same = |p: &Post| p.author.handle.eq_ignore_ascii_case(&focal.author.handle);
    let mut warnings: Vec<Warning> = Vec::new();

    let mut above: Vec<Member> = Vec::new();
    let mut pending: Vec<Member> = Vec::new();
    let mut reached_other = false;
    let mut top_open = true;
    for row in rows[..focal_row].iter().rev() {
        top_open = matches!(row, Row::Post { post, .. } if same(post));
        match row {
            Row::Post { post, .. } if same(post) => {
                above.append(&mut pending);
                above.push(Member::Post(post));
            }
            Row::Post { .. } => {
                reached_other = true;
                break;
            }
            Row::MoreLink(url) => {
                let first = above
                    .iter()
                    .rev()
                    .find_map(|m| match m {
                        Member::Post(p) => Some(*p),
                        Member::Missing { .. } => None,
                    })
                    .unwrap_or(focal);
                // "Continue thread": earlier posts sit on another post page.
                warnings.push(
                    Warning::new(WarningCode::HiddenReplies)
                        .about(Some(&first.id))
                        .link(Some(url)),
                );
                break;
            }
            missing => pending.extend(Member::missing(missing)),
        }
    }
    if !reached_other {
        above.append(&mut pending);
    }
    above.reverse();

    let mut members = above;
    members.push(Member::Post(focal));
    let mut answers: Vec<Post> = Vec::new();
    let mut pending: Vec<Member> = Vec::new();
    let mut in_chain = true;
    let mut last_id = focal.id.clone();
    for row in &rows[focal_row + 1..] {
        match row {
            Row::Post { post, .. } if same(post) && in_chain => {
                members.append(&mut pending);
                members.push(Member::Post(post));
                last_id = post.id.clone();
            }
            Row::Post { post, .. } if same(post) && options.include_answers => {
                let mut answer = (**post).clone();
                answer.role = PostRole::Answer;
                answers.push(answer);
            }
            Row::Post { post, .. } if same(post) => {}
            Row::Post { .. } => {
                if in_chain {
                    warn_trailing_hidden(&mut warnings, &pending, &last_id);
                }
                pending.clear();
                in_chain = false;
            }
            Row::MoreLink(url) if in_chain => {
                // "Read N more replies": the rest is on another post page.
                members.append(&mut pending);
                warnings.push(
                    Warning::new(WarningCode::HiddenReplies)
                        .about(Some(&last_id))
                        .link(Some(url)),
                );
                in_chain = false;
            }
            missing if in_chain => pending.extend(Member::missing(missing)),
            _ => {}
        }
    }
    if in_chain {
        warn_trailing_hidden(&mut warnings, &pending, &last_id);
    }

    let (mut posts, hidden) = member_posts(members);
    let moderated = positions(&posts, |at, p| p.unavailable && hidden.contains(&at));
    let unavailable = positions(&posts, |at, p| p.unavailable && !hidden.contains(&at));
    posts.extend(dedupe(answers));
    let behind_warning = positions(&posts, |_, p| p.labels.iter().any(|l| l.hides && !l.shown));
    let mut thread = Thread::opened_on(Platform::Bluesky, focal, posts);
    for warning in warnings {
        thread.warn(warning);
    }
    for (code, at) in [
        (WarningCode::Unavailable, unavailable),
        (WarningCode::Moderated, moderated),
        (WarningCode::HiddenContent, behind_warning),
    ] {
        if !at.is_empty() {
            thread.warn(Warning::new(code).posts(at));
        }
    }
    Ok((thread, top_open, in_chain))
}

/// Hidden posts right after the chain's last post, before someone else's reply or the end: the
/// chain may go on behind them, so they are noted (once) against that post.
fn warn_trailing_hidden(warnings: &mut Vec<Warning>, pending: &[Member], last_id: &str) {
    if pending
        .iter()
        .any(|m| matches!(m, Member::Missing { hidden: true, .. }))
    {
        warnings.push(Warning::new(WarningCode::Moderated).about(Some(last_id)));
    }
}

/// The chain's posts, each shown post once, and the (1-based) positions of the hidden ones.
fn member_posts(members: Vec<Member>) -> (Vec<Post>, Vec<usize>) {
    let mut seen = std::collections::HashSet::new();
    let mut posts = Vec::with_capacity(members.len());
    let mut hidden = Vec::new();
    for member in members {
        match member {
            Member::Post(post) => {
                if seen.insert(post.url.to_ascii_lowercase()) {
                    posts.push(post.clone());
                }
            }
            Member::Missing { words, hidden: h } => {
                posts.push(Post {
                    unavailable: true,
                    placeholder: words,
                    ..Post::default()
                });
                if h {
                    hidden.push(posts.len());
                }
            }
        }
    }
    (posts, hidden)
}

/// 1-based positions of the posts that `keep` selects.
fn positions(posts: &[Post], keep: impl Fn(usize, &Post) -> bool) -> Vec<usize> {
    (1..=posts.len())
        .filter(|&at| keep(at, &posts[at - 1]))
        .collect()
}

/// Identity by URL (handle and rkey): a post shown twice is kept once, in its first place.
fn dedupe(posts: Vec<Post>) -> Vec<Post> {
    let mut seen = std::collections::HashSet::new();
    posts
        .into_iter()
        .filter(|p| seen.insert(p.url.to_ascii_lowercase()))
        .collect()
}

/// The focal post's time, from the page head, when the head is about the focal post.
fn add_published_time(snap: &Snapshot, own_urls: &[String], thread: &mut Thread) {
    let head_is_focal = own_urls
        .iter()
        .filter_map(|u| post_in_url(u))
        .any(|(_, rkey)| rkey == thread.focal_id);
    if !head_is_focal {
        return;
    }
    let time = snap
        .descendants(Snapshot::ROOT)
        .find(|&n| {
            snap.is_tag(n, "meta")
                && snap.attr(n, "property") == Some(markup::PUBLISHED_TIME_PROPERTY.value)
        })
        .and_then(|n| snap.attr(n, "content"))
        .map(str::to_string);
    let focal_id = thread.focal_id.clone();
    if let Some(post) = thread.posts.iter_mut().find(|p| p.id == focal_id) {
        if post.created_at.is_none() {
            post.created_at = time;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn post_urls() {
        let yes = [
            "https://bsky.app/profile/a.bsky.social/post/3mdegyw3ves2t",
            "https://bsky.app/profile/did:plc:abc/post/3mdegyw3ves2t/liked-by",
            "http://www.bsky.app/profile/example.com/post/3k?x=1",
        ];
        let no = [
            "https://x.com/a/status/1",
            "https://bsky.app/profile/a.bsky.social",
            "https://bsky.app/profile/a/feed/b",
            "https://evil.example/profile/a/post/3k",
            "https://mastodon.social/@a/1",
        ];
        for u in yes {
            assert!(is_post_url(u), "{u}");
            assert!(!crate::x::is_post_url(u), "{u}");
        }
        for u in no {
            assert!(!is_post_url(u), "{u}");
        }
        assert!(crate::x::is_post_url("https://twitter.com/a/status/12"));
        assert_eq!(
            post_in_url("https://bsky.app/profile/a.b/post/3kx/quotes"),
            Some(("a.b".into(), "3kx".into()))
        );
    }

    #[test]
    fn a_page_showing_only_a_placeholder_says_so() {
        let page = r#"<main><div><div data-testid="postThreadScreen"><div><button aria-label="Go back"></button><div dir="auto">Post</div></div><div><div><div><div><div><svg></svg></div><div dir="auto">Post not found.</div></div></div></div></div></div></div></main>"#;
        let snap = crate::html_page::snapshot_from_html(page).unwrap();
        let err = extract(&snap, None, &ExtractOptions::default()).unwrap_err();
        assert!(err.to_string().contains("“Post not found.”"), "{err}");
        let header_only = r#"<div data-testid="postThreadScreen"><div><button aria-label="Go back"></button><div dir="auto">Post</div></div></div>"#;
        let err = extract(
            &crate::html_page::snapshot_from_html(header_only).unwrap(),
            None,
            &ExtractOptions::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("no Bluesky post"), "{err}");
    }

    #[test]
    fn shortened_links_get_their_destination() {
        let href = "https://www.youtube.com/watch?v=u8vbrHLZrs4";
        assert_eq!(
            post::full_link_text("www.youtube.com/watch?v=u8vb...", href),
            href
        );
        assert_eq!(post::full_link_text("my video", href), "my video");
    }
}
