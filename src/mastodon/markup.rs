//! Everything Unspool knows about Mastodon's web app markup (any instance), in one table.
//!
//! Each entry says what it finds, why that marker, since when it holds, and where it is seen: the
//! capture `mastodon/omnibear-2026-alabut-descendants.html` of `../shared/corpus` ("capture":
//! Mastodon 4.5.6, a remote post seen from another instance, logged out) or one of our fixtures
//! (`tests/fixtures/mastodon-*`, written after mastodon/mastodon's `app/javascript/mastodon/
//! components/status.jsx`, `status_content.jsx`, `content_warning.tsx`, `poll.tsx`,
//! `features/status/components/detailed_status.tsx`, `refresh_controller.tsx` and
//! `features/standalone/status` where the capture has no example). Unlike X and Bluesky,
//! Mastodon's markup has no test ids: its class names are its stable vocabulary (the same since
//! 2017, kept by the 4.x rewrite; themes restyle them, they do not rename them). UI text is
//! localized: never read it. No other module may name a Mastodon marker.

pub use crate::site::Marker;

/// Attributes the Mastodon extractor reads. `class` is Mastodon's own vocabulary (see the module
/// note); `id` finds the app's root; `data-id` is a status id; `datetime`, `href`, `lang`, `alt`,
/// `src`, `poster`, `aria-label` are read as on the other sites.
pub const KEPT_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "data-id",
    "href",
    "lang",
    "datetime",
    "alt",
    "src",
    "poster",
    "aria-label",
    "rel",
    "property",
    "content",
];

pub const APP_ROOT: Marker = Marker {
    value: "mastodon",
    why: "the web app's root element (`div#mastodon`), on every instance's web UI",
    since: "1.x, kept by 4.x (capture: 4.5.6)",
    seen_in: "capture",
};

pub const EMBED_ROOT: Marker = Marker {
    value: "embed",
    why: "the /embed page wraps one detailed status in `div.embed` (standalone/status)",
    since: "4.3 (the embed page became the React DetailedStatus)",
    seen_in: "fixture mastodon-embed",
};

pub const DETAILED_STATUS: Marker = Marker {
    value: "detailed-status",
    why: "the focal post of a status page (DetailedStatus); exactly one per thread column",
    since: "1.x (capture)",
    seen_in: "capture",
};

/// The content script's "is there a post here" check: a detailed status only, so a timeline
/// (statuses without a focal one) gets the plain "no thread here" notice. A unit test keeps it
/// equal to [`DETAILED_STATUS`].
pub const POST_SELECTOR: &str = ".detailed-status";

pub const STATUS: Marker = Marker {
    value: "status",
    why: "an ancestor or descendant of the focal post; carries `data-id`, its status id on this instance",
    since: "1.x; `data-id` since 2.x (capture)",
    seen_in: "capture",
};

pub const STATUS_ID_ATTRIBUTE: &str = "data-id";

pub const QUOTED_STATUS: &[Marker] = &[
    Marker {
        value: "status__quote",
        why: "wraps a quoted post inside the quoting one (4.5 native quotes)",
        since: "4.5",
        seen_in: "fixture mastodon-self-thread",
    },
    Marker {
        value: "status--is-quote",
        why: "the quoted post's own status element (`isQuotedPost`)",
        since: "4.5",
        seen_in: "fixture mastodon-self-thread",
    },
];

pub const PERMALINK: &[Marker] = &[
    Marker {
        value: "status__relative-time",
        why: "a status's permalink `/@acct/id` on this instance, around its `time[datetime]`",
        since: "1.x (capture)",
        seen_in: "capture",
    },
    Marker {
        value: "detailed-status__datetime",
        why: "the focal post's permalink `/@acct/id` (its element has no `data-id`)",
        since: "1.x (capture)",
        seen_in: "capture",
    },
];

pub const ACCOUNT: Marker = Marker {
    value: "display-name__account",
    why: "`@user@domain` for remote authors; `@user` alone for local ones in lists (the detailed status adds the local domain)",
    since: "1.x (capture: remote authors only)",
    seen_in: "capture; local authors: fixture mastodon-open-middle",
};

pub const DISPLAY_NAME: Marker = Marker {
    value: "display-name__html",
    why: "the author's display name, custom emoji as images with `:shortcode:` alts",
    since: "2.x (capture)",
    seen_in: "capture",
};

pub const AVATAR: Marker = Marker {
    value: "account__avatar",
    why: "the author's avatar box; its `img` is the avatar",
    since: "2.x (capture)",
    seen_in: "capture",
};

pub const TEXT: Marker = Marker {
    value: "status__content__text",
    why: "the post's sanitized HTML (`p`, `br`, links); its `lang` is the post's language",
    since: "3.x (capture)",
    seen_in: "capture",
};

/// Long URLs: Mastodon's formatter splits the link text into `span.invisible` (scheme, tail),
/// `span.ellipsis` (the shown middle, with a CSS "…"). All three together are the whole URL.
pub const LINK_PARTS: &[&str] = &["invisible", "ellipsis"];
pub const LINK_PARTS_SEEN_IN: &str = "capture (shellsharks.com link)";

pub const HASHTAG: Marker = Marker {
    value: "hashtag",
    why: "`a.mention.hashtag[rel=tag]`, href `/tags/<tag>` on this instance",
    since: "2.x (capture)",
    seen_in: "capture",
};

pub const MENTION: Marker = Marker {
    value: "mention",
    why: "`a.mention.u-url` inside `span.h-card`, href `/@acct` on this instance; the text shows `@user` only",
    since: "2.x (capture)",
    seen_in: "capture",
};

pub const CUSTOM_EMOJI: Marker = Marker {
    value: "custom-emoji",
    why: "an instance's own emoji: `img.custom-emoji`, alt `:shortcode:`; Unicode emoji are text or `img.emojione` with the character as alt",
    since: "4.x (`emojione custom-emoji` before 4.4)",
    seen_in: "fixture mastodon-emoji-links-poll",
};

/// Content warnings. Since 4.3 the warning is a banner (`.content-warning`, a `p` with the
/// warning, then a "Show more" button) and the post's text, media and hashtag bar are not
/// rendered until it is opened. `.content-warning--filter` is the reader's own filter, not the
/// author's warning.
pub const CONTENT_WARNING: Marker = Marker {
    value: "content-warning",
    why: "the author's content warning (StatusBanner, variant warning)",
    since: "4.3",
    seen_in: "fixtures mastodon-content-warnings",
};
pub const FILTER_BANNER: &str = "content-warning--filter";

/// Before 4.3: `.status__content` holds `p > span (warning) + button.status__content__spoiler-link`
/// and the text is in the page, only hidden.
pub const LEGACY_SPOILER_BUTTON: Marker = Marker {
    value: "status__content__spoiler-link",
    why: "the \"Show more\" button next to a warning in 3.x–4.2; the text is in the page",
    since: "3.x to 4.2",
    seen_in: "fixture mastodon-content-warnings",
};

pub const MEDIA_ITEM: Marker = Marker {
    value: "media-gallery__item",
    why: "one picture: `a.media-gallery__item-thumbnail[href]` (full size) around `img[alt]` (preview, alt = description)",
    since: "2.x (MediaGallery)",
    seen_in: "fixture mastodon-self-thread",
};
pub const MEDIA_THUMBNAIL: &str = "media-gallery__item-thumbnail";

pub const CARD: Marker = Marker {
    value: "status-card",
    why: "a link card: `a.status-card[href]` with `.status-card__title` and `.status-card__image-image`",
    since: "2.x (capture)",
    seen_in: "capture",
};
pub const CARD_TITLE: &str = "status-card__title";
pub const CARD_IMAGE: &str = "status-card__image-image";

pub const POLL: Marker = Marker {
    value: "poll",
    why: "`div.poll > ul > li`: `.poll__option__text`, `.poll__number` (\"42%\", only when results show), `.poll__footer`",
    since: "2.8",
    seen_in: "fixture mastodon-emoji-links-poll",
};
pub const POLL_OPTION_TEXT: &str = "poll__option__text";
pub const POLL_NUMBER: &str = "poll__number";
pub const POLL_FOOTER: &str = "poll__footer";

/// Replies fetched from other servers arrive after the page: while they load, the thread shows a
/// `.load-more.load-gap` spinner; once found, a `.column__alert` with a `.notification-bar`
/// ("More replies found · Show", then "Loading more replies").
pub const REPLIES_LOADING: Marker = Marker {
    value: "load-gap",
    why: "RefreshController's initial loading indicator (`div.load-more.load-gap`)",
    since: "4.4",
    seen_in: "fixture mastodon-more-replies",
};
pub const REPLIES_FOUND: Marker = Marker {
    value: "column__alert",
    why: "RefreshController's alerts; an alert is mounted only while active",
    since: "4.4",
    seen_in: "fixture mastodon-more-replies",
};
pub const ALERT: &str = "notification-bar";

/// The status column (`div.column`) and its list (`div.item-list`): the thread is read inside
/// the one that holds the detailed status, never from other columns of the advanced layout.
pub const COLUMN: &str = "column";
pub const THREAD_LIST: &str = "item-list";
pub const COLUMN_SEEN_IN: &str = "capture";

/// Every class token the extractor reads. Snapshots keep only these tokens of a `class` (other
/// sites' pages, X's atomic CSS above all, keep no class at all). A class read but not listed
/// is dropped from every snapshot, so the fixtures fail on it.
pub const CLASS_TOKENS: &[&str] = &[
    EMBED_ROOT.value,
    DETAILED_STATUS.value,
    STATUS.value,
    QUOTED_STATUS[0].value,
    QUOTED_STATUS[1].value,
    PERMALINK[0].value,
    PERMALINK[1].value,
    ACCOUNT.value,
    DISPLAY_NAME.value,
    AVATAR.value,
    TEXT.value,
    LINK_PARTS[0],
    LINK_PARTS[1],
    HASHTAG.value,
    MENTION.value,
    CUSTOM_EMOJI.value,
    CONTENT_WARNING.value,
    FILTER_BANNER,
    LEGACY_SPOILER_BUTTON.value,
    MEDIA_ITEM.value,
    MEDIA_THUMBNAIL,
    CARD.value,
    CARD_TITLE,
    CARD_IMAGE,
    POLL.value,
    POLL_OPTION_TEXT,
    POLL_NUMBER,
    POLL_FOOTER,
    REPLIES_LOADING.value,
    REPLIES_FOUND.value,
    ALERT,
    COLUMN,
    THREAD_LIST,
];

/// Status pages: `/@user/<id>` (local author), `/@user@domain/<id>` (remote author), each with
/// an optional `/embed`. Ids are numbers (Snowflake-like since 2.0).
pub const ACCOUNT_PATH_PREFIX: &str = "/@";
pub const EMBED_SUFFIX: &str = "embed";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_selector_names_the_detailed_status() {
        assert_eq!(POST_SELECTOR, format!(".{}", DETAILED_STATUS.value));
    }
}
