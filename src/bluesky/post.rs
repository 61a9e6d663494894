//! One Bluesky thread item → [`Post`]: author, rkey, text runs, images, video, link card and the
//! quoted post (read apart, so its text and media never join the quoting post's).

use super::{is_button, is_line, item_handle, markup, post_in_path, post_in_url};
use crate::model::{Author, Card, ContentLabel, Media, MediaKind, Post, Quote, Segment};
use crate::snapshot::{NodeId, NodeKind, Snapshot};

/// A relative bsky.app link made absolute; other links as they are.
pub(super) fn absolute(href: &str) -> String {
    if href.starts_with('/') {
        format!("{}{href}", markup::ORIGIN)
    } else {
        href.to_string()
    }
}

/// A name or handle without the invisible direction marks and padding around it.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !markup::DIRECTION_MARKS.contains(c))
        .collect::<String>()
        .trim_matches(|c: char| c.is_whitespace())
        .to_string()
}

fn is_text(snap: &Snapshot, n: NodeId) -> bool {
    snap.attr(n, markup::TEXT_ATTRIBUTE.value).is_some()
}

fn is_avatar(snap: &Snapshot, n: NodeId) -> bool {
    snap.closest(n, |a| {
        snap.attr(a, "data-testid") == Some(markup::AVATAR.value)
    })
    .is_some()
}

/// The parts of an item that belong to something else: the quoted post and the link card.
struct Parts {
    quote: Option<NodeId>,
    card: Option<NodeId>,
}

impl Parts {
    fn own(&self, snap: &Snapshot, n: NodeId) -> bool {
        [self.quote, self.card]
            .iter()
            .flatten()
            .all(|&part| !snap.is_inside(n, part))
    }
}

pub(super) fn parse_post(snap: &Snapshot, item: NodeId, focal_rkey: Option<&str>) -> Option<Post> {
    let handle = item_handle(snap, item)?.to_string();
    // The quoted post is a nested link-like box (`role="link"`) holding its own avatar or text.
    let quote = snap.find(item, |n| {
        snap.attr(n, "role") == Some("link")
            && !snap.is_tag(n, "a")
            && snap
                .find(n, |d| is_text(snap, d) || is_avatar(snap, d))
                .is_some()
    });
    let card = snap.find(item, |n| {
        is_card(snap, n) && quote.is_none_or(|q| !snap.is_inside(n, q))
    });
    let parts = Parts { quote, card };
    let rkey = own_rkey(snap, item, &handle, &parts).or(focal_rkey.map(str::to_string))?;
    let url = format!(
        "{}{}{handle}{}{rkey}",
        markup::ORIGIN,
        markup::PROFILE_PATH,
        markup::POST_PATH.value
    );
    let text_node = snap.find(item, |n| is_text(snap, n) && parts.own(snap, n));
    let segments = text_node
        .map(|t| read_segments(snap, t))
        .unwrap_or_default();
    let text: String = segments.iter().map(Segment::text).collect();
    let card = card.map(|c| read_card(snap, c));
    let links = Post::outside_links(&segments, card.as_ref());
    Some(Post {
        id: rkey,
        author: author(snap, item, &handle, &parts),
        lang: text_node
            .and_then(|t| snap.attr(t, "lang"))
            .map(str::to_string),
        dir: first_strong_direction(&text),
        media: media(snap, item, &parts, &url),
        quote: quote.map(|q| read_quote(snap, q)),
        url,
        text,
        segments,
        card,
        links,
        labels: labels(snap, item, &parts),
        ..Post::default()
    })
}

/// The item's labels and content warnings (a quoted post's own pills stay with it).
fn labels(snap: &Snapshot, item: NodeId, parts: &Parts) -> Vec<ContentLabel> {
    let order: Vec<NodeId> = snap.descendants(item).collect();
    order
        .iter()
        .enumerate()
        .filter(|&(_, &n)| parts.quote.is_none_or(|q| !snap.is_inside(n, q)))
        .filter_map(|(at, &n)| {
            let lines = label_lines(snap, n)?;
            let first = clean(lines.first()?);
            // A single line is a pill when the post's own content follows it.
            let follows = || {
                order[at + 1..]
                    .iter()
                    .any(|&d| !snap.is_inside(d, n) && is_content(snap, d))
            };
            let hides = lines.len() > 1 || !follows();
            let shown = !hides || holds_content(snap, n);
            Some(ContentLabel {
                text: first,
                hides,
                shown,
            })
        })
        .collect()
}

/// A label button's text lines, or `None` if `n` is not one: a button without test id, link or
/// picture around or in it, whose first line starts with its label (see [`markup::LABEL_BUTTON`]).
fn label_lines(snap: &Snapshot, n: NodeId) -> Option<Vec<String>> {
    if !is_button(snap, n) || snap.attr(n, "data-testid").is_some() {
        return None;
    }
    let label = clean(snap.attr(n, markup::LABEL_BUTTON.value)?);
    let inside_link = snap.closest(n, |a| snap.is_tag(a, "a")).is_some();
    let pictured = snap
        .find(n, |d| {
            (snap.is_tag(d, "img") && !is_avatar(snap, d)) || snap.is_tag(d, "video")
        })
        .is_some();
    if label.is_empty() || inside_link || pictured {
        return None;
    }
    let lines: Vec<String> = snap
        .descendants_pruned(n, |d| d != n && (is_line(snap, d) || is_button(snap, d)))
        .filter(|&d| is_line(snap, d))
        .map(|d| snap.text(d))
        .filter(|t| !t.trim().is_empty())
        .collect();
    clean(lines.first()?).starts_with(&label).then_some(lines)
}

/// The post's own content: its text, a photo or video, a link card or a quoted post's box.
fn is_content(snap: &Snapshot, n: NodeId) -> bool {
    is_text(snap, n)
        || (snap.is_tag(n, "img") && !is_avatar(snap, n))
        || snap.is_tag(n, "video")
        || is_card(snap, n)
        || (snap.attr(n, "role") == Some("link") && !snap.is_tag(n, "a"))
}

/// Whether a content warning's box holds what it hides: shown after "Show", it sits beside the
/// box's own buttons (the warning, "Labeled by …").
fn holds_content(snap: &Snapshot, button: NodeId) -> bool {
    let Some(hider) = snap.parent(button) else {
        return false;
    };
    snap.children(hider)
        .iter()
        .filter(|&&c| !is_button(snap, c))
        .any(|&c| snap.find(c, |d| is_content(snap, d)).is_some())
}

/// The rkey of the item's own permalink (a reply's date link; the focal post's stat links).
fn own_rkey(snap: &Snapshot, item: NodeId, handle: &str, parts: &Parts) -> Option<String> {
    snap.descendants(item)
        .filter(|&n| snap.is_tag(n, "a") && parts.own(snap, n))
        .filter_map(|n| post_in_path(snap.attr(n, "href")?))
        .find(|(h, _)| h.eq_ignore_ascii_case(handle))
        .map(|(_, rkey)| rkey)
}

fn author(snap: &Snapshot, item: NodeId, handle: &str, parts: &Parts) -> Author {
    let profile = format!("{}{handle}", markup::PROFILE_PATH);
    let in_profile_link = |n: NodeId| {
        snap.closest(n, |a| {
            snap.is_tag(a, "a")
                && snap
                    .attr(a, "href")
                    .is_some_and(|h| h.eq_ignore_ascii_case(&profile))
        })
        .is_some()
    };
    let name = snap
        .descendants(item)
        .filter(|&n| parts.own(snap, n) && snap.attr(n, "dir") == Some("auto"))
        .filter(|&n| in_profile_link(n))
        .map(|n| clean(&snap.text(n)))
        .find(|t| !t.is_empty() && !t.starts_with('@'))
        .unwrap_or_else(|| handle.to_string());
    Author {
        handle: handle.to_string(),
        name,
        avatar: avatar(snap, item, parts),
    }
}

fn avatar(snap: &Snapshot, scope: NodeId, parts: &Parts) -> Option<String> {
    snap.descendants(scope)
        .find(|&n| snap.is_tag(n, "img") && is_avatar(snap, n) && parts.own(snap, n))
        .and_then(|n| snap.attr(n, "src"))
        .map(str::to_string)
}

/// Text runs in order: hashtags and mentions are links to bsky.app pages, other links keep
/// their whole destination (the visible text is shortened with "...").
fn read_segments(snap: &Snapshot, text: NodeId) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let push_text = |out: &mut Vec<Segment>, t: &str| match out.last_mut() {
        Some(Segment::Text { text }) => text.push_str(t),
        _ if !t.is_empty() => out.push(Segment::Text {
            text: t.to_string(),
        }),
        _ => {}
    };
    for n in snap.descendants_pruned(text, |n| snap.is_tag(n, "a")) {
        match snap.kind(n) {
            Some(NodeKind::Text(t)) => push_text(&mut out, t),
            Some(NodeKind::Element { tag, .. }) if tag == "br" => push_text(&mut out, "\n"),
            Some(NodeKind::Element { tag, .. }) if tag == "img" => {
                push_text(&mut out, snap.attr(n, "alt").unwrap_or(""))
            }
            Some(NodeKind::Element { tag, .. }) if tag == "a" => match link_segment(snap, n) {
                Some(segment) => out.push(segment),
                None => push_text(&mut out, &snap.text(n)),
            },
            _ => {}
        }
    }
    out
}

fn link_segment(snap: &Snapshot, a: NodeId) -> Option<Segment> {
    let href = snap.attr(a, "href")?;
    let text = snap.text(a);
    if href.starts_with(markup::HASHTAG_PATH.value) {
        return Some(Segment::Hashtag {
            text,
            url: absolute(href),
        });
    }
    if href.starts_with(markup::PROFILE_PATH) {
        return Some(Segment::Mention {
            text,
            url: absolute(href),
        });
    }
    if !(href.starts_with("https://") || href.starts_with("http://")) {
        return None;
    }
    Some(Segment::Link {
        text: full_link_text(&text, href),
        url: href.to_string(),
    })
}

/// The destination itself when the visible text is only its shortened form.
pub(super) fn full_link_text(visible: &str, href: &str) -> String {
    let shown = markup::SHORTENED_SUFFIXES
        .iter()
        .find_map(|s| visible.strip_suffix(s))
        .unwrap_or(visible);
    let bare = href
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let bare_www = bare.trim_start_matches("www.");
    if !shown.is_empty() && (bare.starts_with(shown) || bare_www.starts_with(shown)) {
        href.to_string()
    } else {
        visible.to_string()
    }
}

/// `dir="auto"` resolves by the first strong character; we do the same for the export.
fn first_strong_direction(text: &str) -> Option<String> {
    let rtl = |c: char| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF);
    text.chars()
        .find(|&c| rtl(c) || c.is_alphabetic())
        .map(|c| if rtl(c) { "rtl" } else { "ltr" }.to_string())
}

/// Photos (at full size, with their alt) and video posters of the post itself.
fn media(snap: &Snapshot, scope: NodeId, parts: &Parts, post_url: &str) -> Vec<Media> {
    snap.descendants(scope)
        .filter(|&n| parts.own(snap, n) && !is_avatar(snap, n))
        .filter_map(|n| media_item(snap, n, Some(post_url)))
        .collect()
}

fn media_item(snap: &Snapshot, n: NodeId, post_url: Option<&str>) -> Option<Media> {
    if snap.is_tag(n, "img") {
        let src = snap.attr(n, "src")?;
        let alt = snap.attr(n, "alt").map(str::trim).filter(|a| !a.is_empty());
        return Some(Media {
            kind: MediaKind::Image,
            url: src.replacen(markup::THUMBNAIL_PATH, markup::FULLSIZE_PATH, 1),
            alt: alt.map(str::to_string),
            link: None,
        });
    }
    if snap.is_tag(n, "video") {
        return Some(Media {
            kind: MediaKind::Video,
            url: snap.attr(n, "poster")?.to_string(),
            alt: snap.attr(n, "aria-label").map(str::to_string),
            link: post_url.map(str::to_string),
        });
    }
    None
}

/// A link card: an outside link around a preview (image or title lines), not inside the text.
fn is_card(snap: &Snapshot, n: NodeId) -> bool {
    snap.is_tag(n, "a")
        && snap
            .attr(n, "href")
            .is_some_and(|h| h.starts_with("http") && post_in_url(h).is_none())
        && snap.closest(n, |a| is_text(snap, a)).is_none()
        && snap
            .find(n, |d| {
                snap.is_tag(d, "img") || snap.attr(d, "dir") == Some("auto")
            })
            .is_some()
}

fn read_card(snap: &Snapshot, card: NodeId) -> Card {
    let lines: Vec<String> = snap
        .descendants(card)
        .filter(|&n| snap.attr(n, "dir") == Some("auto"))
        .map(|n| clean(&snap.text(n)))
        .filter(|t| !t.is_empty())
        .collect();
    let title = snap
        .attr(card, "aria-label")
        .map(str::to_string)
        .or_else(|| lines.first().cloned());
    Card {
        url: snap.attr(card, "href").unwrap_or("").to_string(),
        title,
        domain: lines.last().cloned().filter(|_| lines.len() > 1),
        image: snap
            .find(card, |n| snap.is_tag(n, "img"))
            .and_then(|n| snap.attr(n, "src"))
            .map(str::to_string),
    }
}

/// The quoted post: its author line (`@handle` among the `dir="auto"` lines), text and media.
/// Bluesky renders it without a link of its own, so its URL stays unknown.
fn read_quote(snap: &Snapshot, quote: NodeId) -> Quote {
    let text_node = snap.find(quote, |n| is_text(snap, n));
    let lines: Vec<String> = snap
        .descendants(quote)
        .filter(|&n| snap.attr(n, "dir") == Some("auto"))
        .filter(|&n| text_node.is_none_or(|t| !snap.is_inside(n, t)))
        .map(|n| clean(&snap.text(n)))
        .filter(|t| !t.is_empty())
        .collect();
    let handle = lines
        .iter()
        .find_map(|l| l.strip_prefix('@'))
        .unwrap_or("")
        .to_string();
    let name = lines
        .iter()
        .find(|l| !l.starts_with('@'))
        .cloned()
        .unwrap_or_else(|| handle.clone());
    let none = Parts {
        quote: None,
        card: None,
    };
    Quote {
        author: Author {
            handle,
            name,
            avatar: avatar(snap, quote, &none),
        },
        text: text_node.map(|t| snap.text(t)).unwrap_or_default(),
        url: None,
        created_at: None,
        media: snap
            .descendants(quote)
            .filter(|&n| !is_avatar(snap, n))
            .filter_map(|n| media_item(snap, n, None))
            .collect(),
        unavailable: false,
    }
}
