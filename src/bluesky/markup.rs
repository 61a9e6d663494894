//! Everything Unspool knows about Bluesky's web markup (bsky.app, React Native Web), in one table.
//!
//! Each entry says what it finds, why that marker, since when it holds, and where it is seen:
//! the capture `bluesky/metascraper-2026-glendunlap-thread-replies.html` of `../shared/corpus`
//! ("capture") or one of our fixtures (`tests/fixtures/bluesky-*`, written after social-app's
//! `src/screens/PostThread/components/*` where the capture has no example). Rules as for X:
//! test ids first, then roles, links and `dir`; never class names, never UI text (bsky.app is
//! localized). No other module may name a Bluesky marker.

pub use crate::site::Marker;

/// Attributes the Bluesky extractor reads. All but `data-word-wrap` are X's too, and X pages
/// carry no `data-word-wrap`, so their snapshots do not grow. Inline `style` (already kept for
/// X's translateY) is read only for `display: none`.
pub const KEPT_ATTRIBUTES: &[&str] = &[
    "data-testid",
    "href",
    "role",
    "lang",
    "dir",
    "alt",
    "src",
    "poster",
    "aria-label",
    "style",
    "rel",
    "property",
    "content",
    TEXT_ATTRIBUTE.value,
];

pub const THREAD_SCREEN: Marker = Marker {
    value: "postThreadScreen",
    why: "the post page's screen; earlier screens stay mounted, hidden, so only the visible one counts",
    since: "2024 (2026 capture)",
    seen_in: "capture; stale screens: fixture bluesky-stale-screen",
};

/// A hidden screen's inline style. React Navigation on the web hides the screens under the top
/// one with an inline `display: none` (the only inline style value we read).
pub const HIDDEN_STYLE: Marker = Marker {
    value: "display: none",
    why: "marks screens left mounted under the visible one",
    since: "2024 (PRODUCT.md; capture holds one screen only)",
    seen_in: "fixture bluesky-stale-screen",
};

pub const ITEM_PREFIX: Marker = Marker {
    value: "postThreadItem-by-",
    why: "one post of the thread; the rest of the value is the author's handle, without the direction marks the visible handle carries",
    since: "2023 (PostThreadItem), kept by ThreadItemAnchor/ThreadItemPost (2025, 2026 capture)",
    seen_in: "capture",
};

/// Any thread item, as a CSS selector (for the content script's "is there a post here" check):
/// the test id starts with [`ITEM_PREFIX`] (a unit test keeps the two equal).
pub const POST_SELECTOR: &str = "[data-testid^=\"postThreadItem-by-\"]";

/// The focal post (ThreadItemAnchor) is a plain view; parents and replies (ThreadItemPost, inside
/// PostHider's Link) are `role="link"`.
pub const NON_FOCAL_ROLE: Marker = Marker {
    value: "link",
    why: "tells the focal post (no role) from the others, which are links to their own page",
    since: "2025 thread v2 (2026 capture)",
    seen_in: "capture",
};

/// Post text (RichText): `div[dir="auto"][data-word-wrap="1"]`, white-space: pre-wrap, so line
/// breaks are in the text nodes and the whole text is present ("Show more" is a line clamp).
pub const TEXT_ATTRIBUTE: Marker = Marker {
    value: "data-word-wrap",
    why: "RichText's root in thread view (`postText` is the feed's test id, absent here)",
    since: "2024 (2026 capture)",
    seen_in: "capture",
};

pub const AVATAR: Marker = Marker {
    value: "userAvatarImage",
    why: "the author's avatar image; tells it from the post's photos",
    since: "2023 (2026 capture)",
    seen_in: "capture",
};

/// Permalinks: `/profile/<handle>/post/<rkey>`; the focal post has none of its own, only its
/// stat links `/profile/<handle>/post/<rkey>/liked-by` (and reposted-by, quotes).
pub const PROFILE_PATH: &str = "/profile/";
pub const POST_PATH: Marker = Marker {
    value: "/post/",
    why: "a post's permalink (PostMeta's date link, a quote, \"Continue thread\", \"Read N more replies\")",
    since: "2023 (2026 capture)",
    seen_in: "capture; links outside posts: fixture bluesky-continue-thread",
};

pub const HASHTAG_PATH: Marker = Marker {
    value: "/hashtag/",
    why: "hashtag facets render as links to the tag's search page",
    since: "2024 (2026 capture)",
    seen_in: "capture",
};

/// Handles and display names in PostMeta are wrapped in LEFT-TO-RIGHT EMBEDDING …
/// POP DIRECTIONAL FORMATTING (and preceded by a no-break space); they are not part of the name.
pub const DIRECTION_MARKS: &[char] = &[
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];
pub const DIRECTION_MARKS_SEEN_IN: &str =
    "capture (U+202A … U+202C around every reply's name and handle)";

/// Images are shown as `feed_thumbnail`; `feed_fullsize` is the same picture at full size.
pub const THUMBNAIL_PATH: &str = "/img/feed_thumbnail/";
pub const FULLSIZE_PATH: &str = "/img/feed_fullsize/";

/// The page's own URL and where relative links point.
pub const ORIGIN: &str = "https://bsky.app";
pub const HOSTS: &[&str] = &["bsky.app"];

/// Links whose visible text Bluesky shortened end with three dots.
pub const SHORTENED_SUFFIXES: &[&str] = &["...", "…"];

/// The focal post's creation time, from the server-rendered head (the page itself shows only a
/// localized date, and relative ages for the other posts). Valid only when og:url is the focal.
/// [`PUBLISHED_TIME_PROPERTY`]'s element, for the content script to send with the snapshot.
pub const PUBLISHED_TIME_SELECTOR: &str = "meta[property=\"article:published_time\"]";

pub const PUBLISHED_TIME_PROPERTY: Marker = Marker {
    value: "article:published_time",
    why: "bskyweb's meta for the post the page is about",
    since: "2024 (2026 capture)",
    seen_in: "capture",
};

// ---- Moderation: labels, content warnings, hidden and missing posts ----
// From social-app's `src/components/moderation/{ContentHider,PostHider}.tsx`, `Pills.tsx`,
// `src/components/Post/Embed/index.tsx` and `src/screens/PostThread/{index.tsx,components/*}`
// (2025-2026; the capture holds none of them, so fixtures `bluesky-content-warnings` and
// `bluesky-placeholders` reproduce their structure). Their words are localized: we keep them as
// page data (what the reader would have read), never match on them.

/// A label button: a `Button` labelled with the moderation cause's name (`desc.name`, "Graphic
/// Media", "Adult Content", "Rude") whose first text line starts with that name.
///
/// - ContentHider (the focal post's text and embeds: `moderation.ui('contentView')`; each media
///   embed, link card and quote: `contentMedia` / `contentList`) renders, when it blurs, only this
///   button (name, then "Show" unless the reader may not override) and an optional "Labeled by …
///   Learn more" button; what it hides is NOT mounted until "Show" is pressed, after which it sits
///   in the same box, under the button (now "Hide"). Logged out, adult content cannot be
///   overridden: the name alone.
/// - Pills (PostAlerts: labels that only inform or alert) are the same Button with the name as
///   their only line, placed above the post text.
///
/// So: two lines or more → a content warning; one line → a content warning unless some of the
/// post's own content follows it (then it is a pill). Other buttons in an item are test-id'd
/// controls, media (an image inside), "Who can reply" (its line is the rule, not its label),
/// "Follow" (label "Follow <handle>", line "Follow"), or "Learn more" (its line is "Labeled by …").
pub const LABEL_BUTTON: Marker = Marker {
    value: "aria-label",
    why: "ContentHider's and Pills' Button carries the cause's name as its label and first line",
    since:
        "2024 (ContentHider, Pills), 2025 labelName joins self-labels: \"Nudity, Graphic Media\"",
    seen_in: "fixture bluesky-content-warnings",
};

/// Posts of the thread the page shows only as a placeholder: thread v2's `threadPostNotFound` and
/// `threadPostBlocked` (ThreadItemPostTombstone: "Post not found." / "Post blocked."),
/// `threadPostNoUnauthenticated` ("You must sign in to view this post."), and a post deleted in
/// this session ("Post has been deleted"). Each is a list row of plain views holding one text
/// line and an icon: no test id, no role, no link. Read as: a text line of the thread screen
/// outside every post, link, button and the screen's header.
pub const PLACEHOLDER_ROW: Marker = Marker {
    value: "dir=\"auto\" outside posts",
    why: "tombstones carry no marker of their own; their one Text is the only sign",
    since: "2025 thread v2 (ThreadItemPostTombstone, ThreadItemPostNoUnauthenticated)",
    seen_in: "fixture bluesky-placeholders; capture: the only such line is the header's title",
};

/// A post hidden by moderation, a mute or a block (PostHider, `moderation.ui('contentList')`):
/// instead of the post, one `role="button"` with an empty label holding a "Learn more about this
/// warning" button, the cause's name and "Show"; the post itself is not mounted.
pub const HIDDEN_POST: Marker = Marker {
    value: "role=\"button\"",
    why: "PostHider's Pressable replaces the whole item (no test id, no author, no link)",
    since: "2023 (PostHider), unchanged in thread v2",
    seen_in: "fixtures bluesky-quote-video-rtl, bluesky-placeholders",
};

/// The screen's navigation header (`Layout.Header.Outer`: "Go back", the title "Post", "Thread
/// options"): the screen's first element child, holding buttons and no post. Its title is a text
/// line outside posts and must not be read as a placeholder.
pub const SCREEN_HEADER: Marker = Marker {
    value: "first child of postThreadScreen",
    why: "tells the header's title from placeholder rows",
    since: "2025 (2026 capture)",
    seen_in: "capture",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_selector_names_the_item_prefix() {
        assert_eq!(
            POST_SELECTOR,
            format!("[data-testid^=\"{}\"]", ITEM_PREFIX.value)
        );
        assert_eq!(
            PUBLISHED_TIME_SELECTOR,
            format!("meta[property=\"{}\"]", PUBLISHED_TIME_PROPERTY.value)
        );
    }
}
