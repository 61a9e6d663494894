//! One X `article` → one [`Post`]: author, date, exact text, media, quote and card.
//!
//! A post's own parts are read with the quoted post cut out, because the quote repeats the same
//! markers (`User-Name`, `tweetText`, `tweetPhoto`) inside a `role="link"` box.

use super::markup::{self, TestId};
use crate::model::{Author, Card, Media, MediaKind, Post, Quote, Segment};
use crate::snapshot::{NodeId, NodeKind, Snapshot};

fn has_test_id(snap: &Snapshot, n: NodeId, id: &TestId) -> bool {
    id.matches(snap.attr(n, "data-testid"))
}

/// The box of a quoted post: a non-anchor `role="link"` element holding an author block or a date.
fn quote_box(snap: &Snapshot, article: NodeId) -> Option<NodeId> {
    snap.find(article, |n| {
        snap.attr(n, "role") == Some("link")
            && !snap.is_tag(n, "a")
            && snap
                .find(n, |m| {
                    has_test_id(snap, m, &markup::USER_NAME) || snap.is_tag(m, "time")
                })
                .is_some()
    })
}

/// The article's own nodes, in document order, without the quoted post's, and without an
/// Article's body (which holds posts of its own: `x::article` reads it).
fn own_nodes(snap: &Snapshot, article: NodeId) -> Vec<NodeId> {
    let quote = quote_box(snap, article);
    let left_out = move |n: NodeId| Some(n) == quote || super::article::is_body(snap, n);
    snap.descendants_pruned(article, left_out)
        .filter(move |&n| !left_out(n))
        .collect()
}

/// `(handle, id)` of a permalink `/<handle>/status/<id>` (relative or absolute).
fn parse_status_href(href: &str) -> Option<(String, String)> {
    let at = href.find(markup::STATUS_PATH)?;
    let before = &href[..at];
    let handle = before.rsplit('/').next()?.to_string();
    let id: String = href[at + markup::STATUS_PATH.len()..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    (!handle.is_empty() && !id.is_empty()).then_some((handle, id))
}

/// The permalink that wraps a post's `time[datetime]`: its own status link.
pub(super) fn status_link_in(snap: &Snapshot, nodes: &[NodeId]) -> Option<NodeId> {
    nodes.iter().copied().find(|&n| {
        snap.is_tag(n, "a")
            && snap
                .attr(n, "href")
                .is_some_and(|h| parse_status_href(h).is_some())
            && snap.find(n, |m| snap.is_tag(m, "time")).is_some()
    })
}

pub(super) fn own_status_link(snap: &Snapshot, article: NodeId) -> Option<NodeId> {
    status_link_in(snap, &own_nodes(snap, article))
}

/// X renders the focal post's article out of the tab order.
pub(super) fn is_focal_row(snap: &Snapshot, row: NodeId) -> bool {
    std::iter::once(row)
        .chain(snap.descendants(row))
        .find(|&n| snap.is_tag(n, "article"))
        .is_some_and(|a| snap.attr(a, "tabindex") == Some(markup::FOCAL_TABINDEX))
}

/// Makes X's relative links absolute. Returns `None` for anything but http(s): page content
/// must never turn into a `javascript:` or `data:` link downstream.
pub fn absolute_url(href: &str) -> Option<String> {
    let href = href.trim();
    let url = if href.starts_with("//") {
        format!("https:{href}")
    } else if href.starts_with('/') {
        format!("{}{href}", markup::ORIGIN)
    } else {
        let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) {
            return None;
        }
        href.to_string()
    };
    Some(without_tracking(url))
}

/// An x.com URL without X's click-tracking parameters (`markup::TRACKING_PARAMS`); any other
/// URL as it is (other sites' parameters may be what the link means).
fn without_tracking(url: String) -> String {
    let Some((base, rest)) = url.split_once('?') else {
        return url;
    };
    let host = base
        .split_once("://")
        .map(|(_, after)| after.split(['/', ':']).next().unwrap_or(""))
        .unwrap_or("")
        .to_ascii_lowercase();
    if !markup::X_HOSTS.contains(&host.as_str()) {
        return url;
    }
    let (query, fragment) = match rest.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (rest, None),
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            !pair.is_empty() && !markup::TRACKING_PARAMS.contains(&name)
        })
        .collect();
    let mut out = base.to_string();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

pub fn status_url(handle: &str, id: &str) -> String {
    format!("{}/{handle}/status/{id}", markup::ORIGIN)
}

pub(super) fn parse_post(snap: &Snapshot, article: NodeId) -> Option<Post> {
    let own = own_nodes(snap, article);
    let link = status_link_in(snap, &own)?;
    let (handle, id) = parse_status_href(snap.attr(link, "href")?)?;
    let url = status_url(&handle, &id);
    let created_at = snap
        .find(link, |n| snap.is_tag(n, "time"))
        .and_then(|t| snap.attr(t, "datetime"))
        .map(str::to_string);
    // Without X's test ids (markup drift), read the same parts by structure: the profile link
    // that carries a name, the element that carries the text's `lang`, the avatar image path.
    let drifted = !markup::POST.matches(snap.attr(article, "data-testid"));
    let user_name = own
        .iter()
        .copied()
        .find(|&n| has_test_id(snap, n, &markup::USER_NAME));
    let name = user_name.and_then(|u| display_name(snap, u)).or_else(|| {
        drifted
            .then(|| profile_link_name(snap, &own, &handle))
            .flatten()
    });
    let avatar = avatar_in(snap, &own).or_else(|| {
        own.iter()
            .copied()
            .filter(|_| drifted)
            .filter(|&n| snap.is_tag(n, "img"))
            .filter_map(|n| snap.attr(n, "src"))
            .find(|src| src.contains(markup::AVATAR_PATH))
            .and_then(absolute_url)
    });
    let author = Author {
        name: name.unwrap_or_else(|| handle.clone()),
        handle,
        avatar,
    };
    let text_node = own
        .iter()
        .copied()
        .find(|&n| has_test_id(snap, n, &markup::TEXT))
        .or_else(|| {
            own.iter()
                .copied()
                .filter(|_| drifted)
                .find(|&n| snap.attr(n, "lang").is_some())
        });
    let segments = text_node
        .map(|t| read_segments(snap, t))
        .unwrap_or_default();
    let text: String = segments.iter().map(Segment::text).collect();
    let card = own
        .iter()
        .copied()
        .find(|&n| has_test_id(snap, n, &markup::CARD))
        .and_then(|c| read_card(snap, c));
    let mut links = text_links(&segments);
    if let Some(card) = &card {
        if !links.contains(&card.url) {
            links.push(card.url.clone());
        }
    }
    if let Some(view) = super::article::read_view(snap, &own) {
        let article = super::article::read_article(snap, view, &url);
        let text = super::article::plain_text(&article);
        return Some(Post {
            id,
            author,
            created_at,
            dir: article.dir.clone(),
            // The Article's spans are its typed runs; `text` is there for tools that read text.
            segments: Vec::new(),
            text,
            links: super::article::links(&article),
            url,
            article: Some(Box::new(article)),
            ..Post::default()
        });
    }
    let quote = quote_box(snap, article).map(|q| read_quote(snap, q, &url));
    Some(Post {
        media: read_media(snap, &own, &url),
        id,
        author,
        created_at,
        lang: text_node
            .and_then(|t| snap.attr(t, "lang"))
            .map(str::to_string),
        dir: text_node
            .and_then(|t| snap.attr(t, "dir"))
            .map(str::to_string),
        text,
        segments,
        truncated: own
            .iter()
            .any(|&n| has_test_id(snap, n, &markup::SHOW_MORE_TEXT)),
        quote,
        card,
        links,
        url,
        ..Post::default()
    })
}

/// The outside destinations of a post's text, in order.
pub(super) fn text_links(segments: &[Segment]) -> Vec<String> {
    segments
        .iter()
        .filter_map(|s| match s {
            Segment::Link { url, .. } => Some(url.clone()),
            _ => None,
        })
        .collect()
}

/// The display name: the first piece of the author block that is not the "@handle".
fn display_name(snap: &Snapshot, user_name: NodeId) -> Option<String> {
    let pieces = snap
        .descendants(user_name)
        .filter(|&n| snap.is_tag(n, "a") || snap.attr(n, "dir").is_some());
    for piece in pieces {
        let text = snap.text(piece);
        let text = text.trim();
        if !text.is_empty() && !text.starts_with('@') {
            return Some(text.to_string());
        }
    }
    None
}

/// The text of the first link to the author's profile that shows a name (not "@handle").
fn profile_link_name(snap: &Snapshot, nodes: &[NodeId], handle: &str) -> Option<String> {
    nodes
        .iter()
        .copied()
        .filter(|&n| snap.is_tag(n, "a"))
        .filter(|&n| {
            snap.attr(n, "href")
                .is_some_and(|h| h.trim_start_matches('/').eq_ignore_ascii_case(handle))
        })
        .map(|n| snap.text(n).trim().to_string())
        .find(|t| !t.is_empty() && !t.starts_with('@'))
}

fn avatar_in(snap: &Snapshot, nodes: &[NodeId]) -> Option<String> {
    let container = nodes.iter().copied().find(|&n| {
        snap.attr(n, "data-testid")
            .is_some_and(|v| v.starts_with(markup::AVATAR_CONTAINER_PREFIX))
    })?;
    let img = snap.find(container, |n| snap.is_tag(n, "img"))?;
    absolute_url(snap.attr(img, "src")?)
}

/// The post text as typed runs. X keeps line breaks in text nodes (`white-space: pre-wrap`),
/// draws emoji as `<img alt>`, and shows links shortened: the full destination is the anchor's
/// whole text, hidden spans included.
pub fn read_segments(snap: &Snapshot, text_node: NodeId) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let push_text = |out: &mut Vec<Segment>, s: &str| {
        if s.is_empty() {
            return;
        }
        if let Some(Segment::Text { text }) = out.last_mut() {
            text.push_str(s);
        } else {
            out.push(Segment::Text { text: s.into() });
        }
    };
    for n in snap.descendants_pruned(text_node, |n| snap.is_tag(n, "a")) {
        match snap.kind(n) {
            Some(NodeKind::Text(t)) => push_text(&mut out, t),
            Some(NodeKind::Element { tag, .. }) => match tag.as_str() {
                "img" => push_text(&mut out, snap.attr(n, "alt").unwrap_or("")),
                "br" => push_text(&mut out, "\n"),
                "a" => match read_anchor(snap, n) {
                    Some(seg) => out.push(seg),
                    None => push_text(&mut out, &snap.text(n)),
                },
                _ => {}
            },
            None => {}
        }
    }
    out
}

fn read_anchor(snap: &Snapshot, a: NodeId) -> Option<Segment> {
    let href = snap.attr(a, "href")?;
    let text = snap.text(a);
    if href.starts_with('/') {
        let url = absolute_url(href)?;
        if href.starts_with(markup::HASHTAG_PATH) || href.starts_with(markup::CASHTAG_PATH) {
            return Some(Segment::Hashtag { text, url });
        }
        let path = href.trim_start_matches('/');
        let is_profile = !path.is_empty()
            && !path.contains(['/', '?', '#'])
            && !markup::RESERVED_PATHS.contains(&path);
        if is_profile {
            return Some(Segment::Mention { text, url });
        }
        return Some(Segment::Link { text, url });
    }
    let shown = text.trim().trim_end_matches(markup::ELLIPSIS);
    let real = if shown.starts_with("http://") || shown.starts_with("https://") {
        Some(shown.to_string())
    } else if looks_like_host(shown.split(['/', '?', '#']).next().unwrap_or("")) {
        // X hides the scheme of some links; the visible part starts with the host.
        Some(format!("https://{shown}"))
    } else {
        None
    };
    let url = real
        .and_then(|u| absolute_url(&u))
        .or_else(|| absolute_url(href))?;
    Some(Segment::Link {
        text: url.clone(),
        url,
    })
}

/// `example.com`, `www.example.co.uk`: labels of letters, digits and hyphens, at least one dot.
fn looks_like_host(host: &str) -> bool {
    host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
}

/// Photos at full size; videos and GIFs as their poster with a link to the post.
fn read_media(snap: &Snapshot, nodes: &[NodeId], post_url: &str) -> Vec<Media> {
    let mut media: Vec<Media> = Vec::new();
    let mut seen: Vec<NodeId> = Vec::new();
    for &n in nodes {
        let is_video = has_test_id(snap, n, &markup::VIDEO);
        let is_photo = has_test_id(snap, n, &markup::PHOTO);
        if !(is_video || is_photo) || seen.iter().any(|&s| snap.is_inside(n, s)) {
            continue;
        }
        seen.push(n);
        if let Some(m) = read_one_media(snap, n, post_url) {
            if !media.iter().any(|x| x.url == m.url) {
                media.push(m);
            }
        }
    }
    media
}

pub(super) fn read_one_media(snap: &Snapshot, node: NodeId, post_url: &str) -> Option<Media> {
    let video = std::iter::once(node)
        .chain(snap.descendants(node))
        .find(|&n| snap.is_tag(n, "video") || has_test_id(snap, n, &markup::VIDEO));
    if let Some(video) = video {
        let poster = std::iter::once(video)
            .chain(snap.descendants(video))
            .find_map(|n| snap.attr(n, "poster"))
            .or_else(|| {
                snap.find(node, |n| snap.is_tag(n, "img"))
                    .and_then(|i| snap.attr(i, "src"))
            })
            .and_then(absolute_url)?;
        let kind = if poster.contains(markup::GIF_POSTER_PATH) {
            MediaKind::Gif
        } else {
            MediaKind::Video
        };
        return Some(Media {
            kind,
            url: poster,
            // The player's aria-label is X's UI text ("Embedded video"), not the author's alt.
            alt: None,
            link: Some(post_url.to_string()),
        });
    }
    let img = snap.find(node, |n| snap.is_tag(n, "img"))?;
    let url = absolute_url(snap.attr(img, "src")?)?;
    Some(Media {
        kind: MediaKind::Image,
        url: full_size(&url),
        alt: snap
            .attr(img, "alt")
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string),
        link: None,
    })
}

/// Asks X's image server for the large rendition (`name=large`).
pub fn full_size(url: &str) -> String {
    if let Some(start) = url.find("name=") {
        let value_start = start + "name=".len();
        let value_end = url[value_start..]
            .find('&')
            .map(|e| value_start + e)
            .unwrap_or(url.len());
        return format!(
            "{}{}{}",
            &url[..value_start],
            markup::FULL_SIZE_NAME,
            &url[value_end..]
        );
    }
    url.to_string()
}

fn read_card(snap: &Snapshot, card: NodeId) -> Option<Card> {
    let anchor = snap.find(card, |n| {
        snap.is_tag(n, "a") && snap.attr(n, "href").and_then(absolute_url).is_some()
    })?;
    let url = absolute_url(snap.attr(anchor, "href")?)?;
    let label = snap.attr(anchor, "aria-label").map(str::trim).unwrap_or("");
    // The label is "<domain> <title>"; a first word with a dot and no slash is the domain.
    let (domain, title_from_label) = match label.split_once(' ') {
        Some((first, rest)) if first.contains('.') && !first.contains('/') => {
            (Some(first.to_string()), Some(rest.trim().to_string()))
        }
        _ => (None, (!label.is_empty()).then(|| label.to_string())),
    };
    let shown = snap.text(anchor).trim().to_string();
    let title = title_from_label
        .filter(|t| !t.is_empty())
        .or_else(|| (!shown.is_empty()).then_some(shown));
    let image = snap
        .find(card, |n| snap.is_tag(n, "img"))
        .and_then(|i| snap.attr(i, "src"))
        .and_then(absolute_url);
    Some(Card {
        url,
        title,
        domain,
        image,
    })
}

pub(super) fn read_quote(snap: &Snapshot, quote: NodeId, post_url: &str) -> Quote {
    let nodes: Vec<NodeId> = snap.descendants(quote).collect();
    let user_name = nodes
        .iter()
        .copied()
        .find(|&n| has_test_id(snap, n, &markup::USER_NAME));
    let handle_from_avatar = nodes.iter().find_map(|&n| {
        snap.attr(n, "data-testid")
            .and_then(|v| v.strip_prefix(markup::AVATAR_CONTAINER_PREFIX))
            .map(str::to_string)
    });
    let handle_from_text = user_name.and_then(|u| {
        snap.descendants(u)
            .filter_map(|n| match snap.kind(n) {
                Some(NodeKind::Text(t)) => t.trim().strip_prefix('@').map(str::to_string),
                _ => None,
            })
            .next()
    });
    let known_handle = handle_from_avatar.or(handle_from_text);
    // The quoted post's permalink: a status link of the quoted author (its photo links count).
    // Checking the handle keeps a badly closed box from lending us the outer post's links.
    let status = nodes.iter().find_map(|&n| {
        snap.attr(n, "href")
            .filter(|_| snap.is_tag(n, "a"))
            .and_then(parse_status_href)
            .filter(|(h, _)| {
                known_handle
                    .as_deref()
                    .is_none_or(|k| k.eq_ignore_ascii_case(h))
            })
    });
    let handle = known_handle
        .or_else(|| status.as_ref().map(|(h, _)| h.clone()))
        .unwrap_or_default();
    let text_node = nodes
        .iter()
        .copied()
        .find(|&n| has_test_id(snap, n, &markup::TEXT));
    let url = status.map(|(h, id)| status_url(&h, &id));
    Quote {
        author: Author {
            name: user_name
                .and_then(|u| display_name(snap, u))
                .unwrap_or_else(|| handle.clone()),
            handle,
            avatar: avatar_in(snap, &nodes),
        },
        // A quoted Article has no post text: its title is what the quote says.
        text: text_node
            .map(|t| read_segments(snap, t).iter().map(Segment::text).collect())
            .or_else(|| {
                nodes
                    .iter()
                    .find(|&&n| has_test_id(snap, n, &markup::ARTICLE_TITLE))
                    .map(|&n| snap.text(n).trim().to_string())
            })
            .unwrap_or_default(),
        created_at: nodes
            .iter()
            .find(|&&n| snap.is_tag(n, "time"))
            .and_then(|&t| snap.attr(t, "datetime"))
            .map(str::to_string),
        // Videos play on X: on the quoted post when we know it, else on the quoting one.
        media: read_media(snap, &nodes, url.as_deref().unwrap_or(post_url)),
        unavailable: user_name.is_none() && text_node.is_none(),
        url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_hrefs() {
        assert_eq!(
            parse_status_href("/jack/status/20"),
            Some(("jack".into(), "20".into()))
        );
        assert_eq!(
            parse_status_href("https://x.com/a_b/status/123/photo/1"),
            Some(("a_b".into(), "123".into()))
        );
        assert_eq!(parse_status_href("/jack"), None);
        assert_eq!(parse_status_href("/status/12"), None);
    }

    #[test]
    fn x_tracking_parameters_are_dropped() {
        let clean = |h: &str| absolute_url(h).unwrap_or_default();
        assert_eq!(
            clean("/hashtag/rust?src=hashtag_click"),
            "https://x.com/hashtag/rust"
        );
        assert_eq!(
            clean("/search?q=%24TSLA&src=cashtag_click"),
            "https://x.com/search?q=%24TSLA"
        );
        assert_eq!(
            clean("https://twitter.com/a/status/1?s=20&t=abc#m"),
            "https://twitter.com/a/status/1#m"
        );
        // Other sites keep their parameters: they may be what the link means.
        assert_eq!(
            clean("https://example.com/?s=20&t=1"),
            "https://example.com/?s=20&t=1"
        );
        assert_eq!(
            clean("https://pbs.twimg.com/media/a?format=jpg&name=large"),
            "https://pbs.twimg.com/media/a?format=jpg&name=large"
        );
    }

    #[test]
    fn only_http_urls_survive() {
        assert_eq!(absolute_url("/a").as_deref(), Some("https://x.com/a"));
        assert_eq!(
            absolute_url("https://t.co/x").as_deref(),
            Some("https://t.co/x")
        );
        assert_eq!(absolute_url("javascript:alert(1)"), None);
        assert_eq!(absolute_url(" JaVaScRiPt:alert(1)"), None);
        assert_eq!(absolute_url("data:text/html,x"), None);
        assert_eq!(absolute_url("vbscript:x"), None);
    }

    #[test]
    fn full_size_images() {
        assert_eq!(
            full_size("https://pbs.twimg.com/media/A?format=jpg&name=small"),
            "https://pbs.twimg.com/media/A?format=jpg&name=large"
        );
        assert_eq!(
            full_size("https://pbs.twimg.com/media/A?name=900x900&format=png"),
            "https://pbs.twimg.com/media/A?name=large&format=png"
        );
    }
}
