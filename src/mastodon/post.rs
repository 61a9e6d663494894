//! One Mastodon status (the detailed one or a row of the thread) → [`Post`]: id, permalink,
//! author as `user@domain`, date, language, text runs, content warning, media, card, poll and
//! the quoted post (read apart, so its parts never join the quoting post's).

use super::{markup, status_in_path, Page};
use crate::model::{
    Author, Card, ContentLabel, CustomEmoji, Media, MediaKind, Poll, PollOption, Post, Quote,
    Segment,
};
use crate::snapshot::{NodeId, NodeKind, Snapshot};

/// Whether element `n` has class `name` (one of its space-separated tokens).
pub(super) fn has_class(snap: &Snapshot, n: NodeId, name: &str) -> bool {
    snap.attr(n, "class")
        .is_some_and(|c| c.split_ascii_whitespace().any(|t| t == name))
}

fn find_class(snap: &Snapshot, scope: NodeId, name: &str, own: &Own) -> Option<NodeId> {
    snap.find(scope, |n| has_class(snap, n, name) && own.holds(snap, n))
}

/// Text with its runs of white space made one space, as the browser lays out Mastodon's
/// `white-space: normal` HTML (saved pages are often re-indented).
pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The parts of a status that belong to another one: a quoted post.
pub(super) struct Own {
    quote: Option<NodeId>,
}

impl Own {
    fn holds(&self, snap: &Snapshot, n: NodeId) -> bool {
        self.quote.is_none_or(|q| !snap.is_inside(n, q))
    }
}

fn quote_of(snap: &Snapshot, status: NodeId) -> Option<NodeId> {
    snap.find(status, |n| {
        markup::QUOTED_STATUS
            .iter()
            .any(|m| has_class(snap, n, m.value))
    })
}

/// The status's permalink (`href`) and the `(acct, id)` it names.
fn permalink(snap: &Snapshot, status: NodeId, own: &Own) -> Option<(NodeId, String, String)> {
    snap.descendants(status)
        .filter(|&n| snap.is_tag(n, "a") && own.holds(snap, n))
        .filter(|&n| {
            markup::PERMALINK
                .iter()
                .any(|m| has_class(snap, n, m.value))
        })
        .find_map(|n| {
            let href = snap.attr(n, "href")?;
            let path = super::path_of(href);
            let (acct, id) = status_in_path(path)?;
            Some((n, acct, id))
        })
}

/// The instance's account domain, as a local author's detailed status shows it: its permalink
/// names a bare `user`, and the status shows `@user@domain`. Mastodon's account domain
/// (LOCAL_DOMAIN) may differ from the host serving the pages (WEB_DOMAIN): lists show local
/// authors as a bare `@user`, which must get the same domain as the detailed status's.
pub(super) fn local_domain(snap: &Snapshot, status: NodeId) -> Option<String> {
    let own = Own {
        quote: quote_of(snap, status),
    };
    let (_, path_acct, _) = permalink(snap, status, &own)?;
    if path_acct.contains('@') {
        return None; // a remote author: the page says nothing about this instance's domain
    }
    let shown =
        find_class(snap, status, markup::ACCOUNT.value, &own).map(|n| collapse(&snap.text(n)))?;
    let (user, domain) = shown.trim_start_matches('@').split_once('@')?;
    let valid = user.eq_ignore_ascii_case(&path_acct)
        && !domain.is_empty()
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'));
    valid.then(|| domain.to_ascii_lowercase())
}

pub(super) fn parse_status(snap: &Snapshot, status: NodeId, page: &Page) -> Option<Post> {
    let quote = quote_of(snap, status);
    let own = Own { quote };
    let (link, _, path_id) = permalink(snap, status, &own)?;
    let id = snap
        .attr(status, markup::STATUS_ID_ATTRIBUTE)
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string)
        .unwrap_or(path_id);
    let url = page.absolute(snap.attr(link, "href").unwrap_or(""));
    let created_at = snap
        .find(link, |n| snap.is_tag(n, "time"))
        .and_then(|t| snap.attr(t, "datetime"))
        .map(str::to_string);
    let mut emoji = Vec::new();
    let text_node = find_class(snap, status, markup::TEXT.value, &own);
    let segments = text_node
        .map(|t| read_segments(snap, t, page, &mut emoji))
        .unwrap_or_default();
    let text: String = segments.iter().map(Segment::text).collect();
    // Mastodon's content warning is the author's own label over the text; since 4.3 the text is
    // not in the page until "Show more" is pressed.
    let labels = content_warning(snap, status, &own)
        .map(|text| ContentLabel {
            text,
            hides: true,
            shown: text_node.is_some(),
        })
        .into_iter()
        .collect();
    let card = find_class(snap, status, markup::CARD.value, &own)
        .filter(|&c| snap.is_tag(c, "a"))
        .map(|c| read_card(snap, c));
    let links = Post::outside_links(&segments, card.as_ref());
    Some(Post {
        id,
        author: author(snap, status, &own, page),
        created_at,
        lang: text_node
            .and_then(|t| snap.attr(t, "lang"))
            .map(str::to_string),
        dir: first_strong_direction(&text),
        media: media(snap, status, &own),
        quote: quote.map(|q| read_quote(snap, q, page)),
        poll: read_poll(snap, status, &own),
        url,
        text,
        segments,
        card,
        links,
        labels,
        emoji,
        ..Post::default()
    })
}

pub(super) fn author(snap: &Snapshot, status: NodeId, own: &Own, page: &Page) -> Author {
    let acct = find_class(snap, status, markup::ACCOUNT.value, own)
        .map(|n| collapse(&snap.text(n)))
        .unwrap_or_default();
    let handle = page.full_acct(acct.trim_start_matches('@'));
    let name = find_class(snap, status, markup::DISPLAY_NAME.value, own)
        .map(|n| collapse(&snap.text(n)))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| handle.clone());
    let avatar = find_class(snap, status, markup::AVATAR.value, own)
        .and_then(|a| snap.find(a, |n| snap.is_tag(n, "img")))
        .and_then(|img| snap.attr(img, "src"))
        .map(str::to_string);
    Author {
        handle,
        name,
        avatar,
    }
}

/// The author's content warning: the 4.3+ banner's paragraph, or the 3.x–4.2 paragraph next to
/// the "Show more" button (whose own words are left out).
fn content_warning(snap: &Snapshot, status: NodeId, own: &Own) -> Option<String> {
    let banner = snap.find(status, |n| {
        has_class(snap, n, markup::CONTENT_WARNING.value)
            && !has_class(snap, n, markup::FILTER_BANNER)
            && own.holds(snap, n)
    });
    let text = match banner {
        Some(b) => snap
            .descendants(b)
            .filter(|&n| snap.is_tag(n, "p"))
            .map(|p| snap.text(p))
            .collect::<Vec<_>>()
            .join(" "),
        None => {
            let button = find_class(snap, status, markup::LEGACY_SPOILER_BUTTON.value, own)?;
            let p = snap.closest(button, |n| snap.is_tag(n, "p"))?;
            snap.descendants_pruned(p, |n| n == button)
                .filter(|&n| n != button && !snap.is_inside(n, button))
                .filter_map(|n| match snap.kind(n) {
                    Some(NodeKind::Text(t)) => Some(t.clone()),
                    _ => None,
                })
                .collect()
        }
    };
    Some(collapse(&text)).filter(|t| !t.is_empty())
}

/// Builds the text runs of `status__content__text`: paragraphs apart by a blank line, `br` a
/// line break, links typed, custom emoji as their `:shortcode:` (their images kept in `emoji`).
struct Runs {
    out: Vec<Segment>,
    /// A break waiting for the next visible text (so none trails the text).
    pending_break: &'static str,
    /// White space seen since the last visible character.
    pending_space: bool,
}

impl Runs {
    fn push_text(&mut self, raw: &str) {
        let mut words = String::new();
        let starts_with_space = raw.starts_with(|c: char| c.is_whitespace());
        let ends_with_space = raw.ends_with(|c: char| c.is_whitespace());
        let collapsed = collapse(raw);
        if collapsed.is_empty() {
            self.pending_space |= !raw.is_empty();
            return;
        }
        if !self.pending_break.is_empty() && !self.is_empty() {
            words.push_str(self.pending_break);
        } else if (self.pending_space || starts_with_space) && !self.at_line_start() {
            words.push(' ');
        }
        self.pending_break = "";
        words.push_str(&collapsed);
        self.pending_space = ends_with_space;
        self.append(Segment::Text { text: words });
    }

    fn is_empty(&self) -> bool {
        self.out.iter().all(|s| s.text().is_empty())
    }

    fn at_line_start(&self) -> bool {
        self.out
            .last()
            .is_none_or(|s| s.text().is_empty() || s.text().ends_with('\n'))
    }

    fn append(&mut self, segment: Segment) {
        if let (Some(Segment::Text { text }), Segment::Text { text: more }) =
            (self.out.last_mut(), &segment)
        {
            text.push_str(more);
            return;
        }
        self.out.push(segment);
    }

    /// A link or other typed run, spaced like text.
    fn push_run(&mut self, segment: Segment) {
        if !self.pending_break.is_empty() && !self.is_empty() {
            let gap = self.pending_break;
            self.append(Segment::Text { text: gap.into() });
        } else if self.pending_space && !self.at_line_start() {
            self.append(Segment::Text { text: " ".into() });
        }
        self.pending_break = "";
        self.pending_space = false;
        self.out.push(segment);
    }

    fn block_break(&mut self) {
        self.pending_break = "\n\n";
        self.pending_space = false;
    }

    fn line_break(&mut self) {
        if self.pending_break.is_empty() {
            self.pending_break = "\n";
        }
        self.pending_space = false;
    }
}

const BLOCKS: &[&str] = &[
    "p",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
];

fn read_segments(
    snap: &Snapshot,
    text: NodeId,
    page: &Page,
    emoji: &mut Vec<CustomEmoji>,
) -> Vec<Segment> {
    let mut runs = Runs {
        out: Vec::new(),
        pending_break: "",
        pending_space: false,
    };
    let stop = |n: NodeId| snap.is_tag(n, "a") || snap.is_tag(n, "img");
    let mut open_blocks: Vec<NodeId> = Vec::new();
    for n in snap.descendants_pruned(text, stop) {
        // Leaving blocks: a node outside the innermost open block ends it.
        while let Some(&b) = open_blocks.last() {
            if snap.is_inside(n, b) {
                break;
            }
            open_blocks.pop();
            runs.block_break();
        }
        match snap.kind(n) {
            Some(NodeKind::Text(t)) => runs.push_text(t),
            Some(NodeKind::Element { tag, .. }) => match tag.as_str() {
                "br" => runs.line_break(),
                "li" => runs.line_break(),
                "img" => push_image(snap, n, &mut runs, emoji),
                "a" => match link_segment(snap, n, page, emoji) {
                    Some(segment) => runs.push_run(segment),
                    None => runs.push_text(&snap.text(n)),
                },
                t if BLOCKS.contains(&t) => {
                    runs.block_break();
                    open_blocks.push(n);
                }
                _ => {}
            },
            None => {}
        }
    }
    runs.out
}

/// An emoji image: its alt is the text (`:shortcode:` for custom emoji, kept with the image).
fn push_image(snap: &Snapshot, img: NodeId, runs: &mut Runs, emoji: &mut Vec<CustomEmoji>) {
    let Some(alt) = snap.attr(img, "alt").filter(|a| !a.is_empty()) else {
        return;
    };
    if has_class(snap, img, markup::CUSTOM_EMOJI.value) {
        if let Some(src) = snap.attr(img, "src") {
            if !emoji.iter().any(|e| e.shortcode == alt) {
                emoji.push(CustomEmoji {
                    shortcode: alt.to_string(),
                    url: src.to_string(),
                });
            }
        }
    }
    runs.push_text(alt);
}

fn link_segment(
    snap: &Snapshot,
    a: NodeId,
    page: &Page,
    emoji: &mut Vec<CustomEmoji>,
) -> Option<Segment> {
    let href = snap.attr(a, "href")?;
    let mut text = String::new();
    for n in std::iter::once(a).chain(snap.descendants(a)) {
        match snap.kind(n) {
            Some(NodeKind::Text(t)) => text.push_str(t),
            Some(NodeKind::Element { tag, .. }) if tag == "img" => {
                let mut runs = Runs {
                    out: Vec::new(),
                    pending_break: "",
                    pending_space: false,
                };
                push_image(snap, n, &mut runs, emoji);
                text.extend(runs.out.iter().map(|s| s.text().to_string()));
            }
            _ => {}
        }
    }
    // The parts of a long URL are laid out as one word: no space between them.
    let has_parts = snap
        .find(a, |n| {
            markup::LINK_PARTS.iter().any(|p| has_class(snap, n, p))
        })
        .is_some();
    let text = if has_parts {
        text.split_whitespace().collect::<String>()
    } else {
        collapse(&text)
    };
    let url = page.absolute(href);
    if has_class(snap, a, markup::HASHTAG.value) || snap.attr(a, "rel") == Some("tag") {
        return Some(Segment::Hashtag { text, url });
    }
    if has_class(snap, a, markup::MENTION.value) {
        return Some(Segment::Mention { text, url });
    }
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    Some(Segment::Link { text, url })
}

/// `dir="auto"` resolves by the first strong character; we do the same for the export.
fn first_strong_direction(text: &str) -> Option<String> {
    let rtl = |c: char| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF);
    text.chars()
        .find(|&c| rtl(c) || c.is_alphabetic())
        .map(|c| if rtl(c) { "rtl" } else { "ltr" }.to_string())
}

/// Pictures of the gallery (full size, with their description) and videos (poster, with the
/// file to play), of the status itself.
fn media(snap: &Snapshot, status: NodeId, own: &Own) -> Vec<Media> {
    let mut out = Vec::new();
    for n in snap.descendants(status).filter(|&n| own.holds(snap, n)) {
        if has_class(snap, n, markup::MEDIA_ITEM.value) {
            let thumb = snap.find(n, |d| has_class(snap, d, markup::MEDIA_THUMBNAIL));
            let img = snap.find(n, |d| snap.is_tag(d, "img"));
            let full = thumb.and_then(|t| snap.attr(t, "href"));
            let Some(url) = full.or(img.and_then(|i| snap.attr(i, "src"))) else {
                continue;
            };
            let alt = img
                .or_else(|| snap.find(n, |d| snap.is_tag(d, "video")))
                .and_then(|i| snap.attr(i, "alt").or(snap.attr(i, "aria-label")));
            let gif = snap.find(n, |d| snap.is_tag(d, "video")).is_some() && img.is_none();
            out.push(Media {
                kind: if gif {
                    MediaKind::Gif
                } else {
                    MediaKind::Image
                },
                url: url.to_string(),
                alt: alt
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string),
                link: None,
            });
        } else if snap.is_tag(n, "video")
            && snap
                .closest(n, |a| has_class(snap, a, markup::MEDIA_ITEM.value))
                .is_none()
        {
            let src = snap.attr(n, "src").filter(|s| s.starts_with("http"));
            let Some(poster) = snap.attr(n, "poster").or(src) else {
                continue;
            };
            out.push(Media {
                kind: MediaKind::Video,
                url: poster.to_string(),
                alt: snap
                    .attr(n, "aria-label")
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string),
                link: src.map(str::to_string),
            });
        }
    }
    out
}

fn read_card(snap: &Snapshot, card: NodeId) -> Card {
    let url = snap.attr(card, "href").unwrap_or("").to_string();
    let title = snap
        .find(card, |n| has_class(snap, n, markup::CARD_TITLE))
        .map(|t| collapse(&snap.text(t)))
        .filter(|t| !t.is_empty());
    let image = snap
        .find(card, |n| has_class(snap, n, markup::CARD_IMAGE))
        .and_then(|i| snap.attr(i, "src"))
        .map(str::to_string);
    let domain = crate::site::host_and_path(&url).map(|(host, _)| host);
    Card {
        url,
        title,
        domain,
        image,
    }
}

fn read_poll(snap: &Snapshot, status: NodeId, own: &Own) -> Option<Poll> {
    let poll = find_class(snap, status, markup::POLL.value, own)?;
    let options: Vec<PollOption> = snap
        .descendants(poll)
        .filter(|&n| snap.is_tag(n, "li"))
        .map(|li| {
            let part = |class: &str| {
                snap.find(li, |n| has_class(snap, n, class))
                    .map(|n| collapse(&snap.text(n)))
                    .filter(|t| !t.is_empty())
            };
            PollOption {
                text: part(markup::POLL_OPTION_TEXT).unwrap_or_default(),
                result: part(markup::POLL_NUMBER),
            }
        })
        .collect();
    let summary = snap
        .find(poll, |n| has_class(snap, n, markup::POLL_FOOTER))
        .map(|f| {
            // The footer's buttons (Vote, Refresh, Hide results) are controls, not facts.
            let words: String = snap
                .descendants_pruned(f, |n| snap.is_tag(n, "button"))
                .filter(|&n| snap.closest(n, |a| snap.is_tag(a, "button")).is_none())
                .filter_map(|n| match snap.kind(n) {
                    Some(NodeKind::Text(t)) => Some(t.as_str()),
                    _ => None,
                })
                .collect();
            collapse(&words)
        })
        .map(|s| {
            s.trim_matches(|c: char| c == '·' || c.is_whitespace())
                .to_string()
        })
        .filter(|s| !s.is_empty());
    (!options.is_empty()).then_some(Poll { options, summary })
}

fn read_quote(snap: &Snapshot, quote: NodeId, page: &Page) -> Quote {
    let none = Own { quote: None };
    let is_status = |n: NodeId| has_class(snap, n, markup::STATUS.value);
    let inner = if is_status(quote) {
        quote
    } else {
        snap.find(quote, is_status).unwrap_or(quote)
    };
    match parse_status(snap, inner, page) {
        Some(p) => Quote {
            author: p.author,
            text: p.text,
            url: Some(p.url),
            created_at: p.created_at,
            media: p.media,
            unavailable: false,
        },
        None => Quote {
            author: author(snap, inner, &none, page),
            text: String::new(),
            url: None,
            created_at: None,
            media: Vec::new(),
            unavailable: true,
        },
    }
}
