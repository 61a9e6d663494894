//! Everything Unspool knows about X's page markup, in one table.
//!
//! Each entry says what it finds, why that marker and not another, and since when it holds
//! (as seen in the captures of `../shared/corpus`). Old and new variants sit side by side until
//! the old one is gone. Rules: prefer `data-testid`, then roles and ARIA structure, then
//! `article`, `time[datetime]` and status links; never atomic class names (`css-175oi2r`), never
//! UI text in one language (X is localized; "Show more" is "Afficher plus" in French).
//! No other module may name an X marker.

/// One `data-testid` marker (with its known variants).
pub struct TestId {
    pub values: &'static [&'static str],
    pub why: &'static str,
    pub since: &'static str,
}

impl TestId {
    pub fn matches(&self, value: Option<&str>) -> bool {
        value.is_some_and(|v| self.values.contains(&v))
    }
}

/// A timeline row: X's virtualized list renders each row in one absolutely positioned cell.
pub const CELL: TestId = TestId {
    values: &["cellInnerDiv"],
    why: "one row of the conversation list; positioned with translateY, unmounted off-screen",
    since: "2020 (2022 and 2026 captures)",
};

/// The element every post (and every placeholder of one) is: the content script opens the
/// reader only on a page that holds one.
pub const POST_ELEMENT: &str = "article";

/// The post itself. An `article` without it is X's placeholder for an unavailable post.
pub const POST: TestId = TestId {
    values: &["tweet"],
    why: "marks a real post; placeholders ('This post is unavailable') are bare articles",
    since: "2020 (2022 and 2026 captures)",
};

/// The author block: display name link, then handle link, then the status link with the date.
pub const USER_NAME: TestId = TestId {
    values: &["User-Name", "User-Names"],
    why: "display name and handle of a post or of a quoted post",
    since: "'User-Names' in 2022, 'User-Name' since 2023 (2025 and 2026 captures)",
};

/// Prefix of the avatar container; the rest of the value is the account's handle.
pub const AVATAR_CONTAINER_PREFIX: &str = "UserAvatar-Container-";
pub const AVATAR_CONTAINER_WHY: &str =
    "gives the handle where no profile link exists (quoted posts render without links)";

/// Avatars are served from this path on X's image host in every era (2016–2026); when the
/// test ids are gone it tells the avatar from the post's photos.
pub const AVATAR_PATH: &str = "/profile_images/";

pub const TEXT: TestId = TestId {
    values: &["tweetText"],
    why: "the post text, with lang and dir; white-space: pre-wrap, so newlines are in text nodes",
    since: "2020 (all modern captures)",
};

pub const SHOW_MORE_TEXT: TestId = TestId {
    values: &["tweet-text-show-more-link"],
    why: "present when X cut a long post; its label is localized, the test id is not",
    since: "2023",
};

pub const PHOTO: TestId = TestId {
    values: &["tweetPhoto"],
    why: "one photo, or the frame around a video or GIF player",
    since: "2020 (2022 and 2026 captures)",
};

pub const VIDEO: TestId = TestId {
    values: &["videoPlayer", "videoComponent"],
    why: "video and GIF players; their <video src> is a blob: URL, so we keep the poster",
    since: "2022 (2025 capture)",
};

pub const CARD: TestId = TestId {
    values: &["card.wrapper"],
    why: "link card; its anchor's aria-label is '<domain> <title>'",
    since: "2021 (2025 and 2026 captures)",
};

/// The action bar under every post (reply, repost, like, bookmark, share, each with an animated
/// counter): about 40% of a post's markup and nothing Unspool shows, so snapshots leave it out
/// ([`SKIPPED_ROLES`]). In every capture from 2020 to 2026 it is the only `role="group"`
/// inside posts, and it holds no text, media, author or date of the post (2022's holds an
/// analytics link to the status, which is not the post's own link).
pub const ACTION_BAR_ROLE: &str = "group";

/// The thread line: a post that continues the one above it draws a connector above its avatar.
/// In the strip above the avatar's row, X puts an empty spacer, and before it, when the post
/// continues one above, the line's column holding the empty line itself: two childless elements
/// instead of one. The conversation's root (and any post that starts a conversation group)
/// has no line above, so the top of a chain is known without waiting for more to load.
/// Seen in the 2022 captures (k4rliky: the root and replies starting a group have one, a reply
/// continuing another's two; realdonaldtrump: the same); the 2025 and 2026 single-post
/// captures have the one spacer. The collector trusts "no line" only when the same chain shows
/// a line somewhere, so a redesign that drops the line cannot end a chain early.
pub const THREAD_LINE_ABOVE_EMPTY_ELEMENTS: usize = 2;

/// X's loading spinner: a timeline cell holding a `role="progressbar"` and no post, drawn at
/// the end of the list while more can load (and in place of a "Show replies" being fetched).
/// A list end without it is the conversation's end. The corpus holds no capture taken while
/// loading; the role is the ARIA role X gives its spinners (the 2026 article capture's media
/// progress bar has it too, inside an article, where it is not a cell of its own).
pub const LOADER_ROLE: &str = "progressbar";

/// "Show more replies" drawn as a link to a status page (`<a href="/i/status/<id>">`) in a cell
/// of its own, the form X used in 2023 timeline cells, where today's is a `role="button"`.
/// A cell without a post holding a status link is such a reveal cell, whatever its label.
pub const REVEAL_LINK_PATH: &str = STATUS_PATH;

/// Promoted content. Only an *ancestor* of the article means an ad: X also wraps the video
/// player of ordinary posts in this marker (2025 GIF capture).
pub const AD: TestId = TestId {
    values: &["placementTracking"],
    why: "wraps promoted posts in the timeline",
    since: "2022",
};

pub const PRIMARY_COLUMN: TestId = TestId {
    values: &["primaryColumn"],
    why: "the conversation column; its aria-label is localized, so we match the test id only",
    since: "2019",
};

// ---- X Articles (long-form posts), read by `x::article`. ----
// An Article's status page draws the Article inside the focal post's `article`: the read view
// (cover, title, action bar, rich text), then the post's date line. The rich text is a
// read-only Draft.js editor: one element per block, `data-block="true"`, its kind in a class.
// Evidence: the 2026 capture (defuddle-2026-x-article-arscontexta: cover, title, `header-two`
// headings, paragraphs, ordered and unordered lists, four code blocks, a link); the kinds the
// capture does not show (header-one, blockquotes, images in the body, embedded posts,
// separators, bold/italic) are in the stylesheet X ships with that same page (`.longform-*`
// rules) and in what Draft.js writes for them; both are named where they are used.

/// The Article's read view: cover, title and body of an Article, inside the focal post.
pub const ARTICLE_READ_VIEW: TestId = TestId {
    values: &["twitterArticleReadView"],
    why: "holds the whole Article (cover, title, body); its post is an Article, not a thread",
    since: "2024 (2026 capture)",
};

/// The Article's body: the Draft.js editor with the blocks.
pub const ARTICLE_RICH_TEXT: TestId = TestId {
    values: &["twitterArticleRichTextView", "longformRichTextComponent"],
    why: "the body of an Article; the second value is the editor element inside the first",
    since: "2024 (2026 capture: both, nested)",
};

/// The Article's title (its text, `dir="auto"`).
pub const ARTICLE_TITLE: TestId = TestId {
    values: &["twitter-article-title"],
    why: "the title X shows above the body; the page heading ('Article') is UI text",
    since: "2024 (2026 capture)",
};

/// The read view as a CSS selector: the content script reads classes only on a page holding one
/// (or another site's class page). A unit test keeps it equal to [`ARTICLE_READ_VIEW`].
pub const ARTICLE_READ_VIEW_SELECTOR: &str = "[data-testid=\"twitterArticleReadView\"]";

/// Every Draft.js block element carries `data-block="true"` (its wrapper lists do not).
pub const ARTICLE_BLOCK_ATTRIBUTE: &str = "data-block";

/// Class prefixes the Article reader reads; snapshots keep only these tokens of `class`
/// (X's atomic classes, `css-…`/`r-…`, are most of its bytes and never read).
/// `longform-`: the block kind (`longform-unstyled`, `longform-header-two`, …, with a `-narrow`
/// variant on narrow screens); Draft.js's list depth and writing direction (its other
/// `public-DraftStyleDefault-*` classes, on every block, are left out); `language-`: a code
/// block's language on its `code` element (2026 capture).
pub const ARTICLE_CLASS_PREFIXES: &[&str] = &[
    "longform-",
    ARTICLE_DEPTH_CLASS_PREFIX,
    ARTICLE_RTL_CLASS,
    ARTICLE_LTR_CLASS,
    "language-",
];

/// Block kinds by class (the `-narrow` variants start the same way). Draft.js names them after
/// its block types: `unstyled`, `header-one`/`-two`, `blockquote`, `ordered-list-item`,
/// `unordered-list-item` (2026 capture: all in X's `.longform-*` rules; `unstyled`, `header-two`
/// and both list kinds in the body). `header-three` is Draft.js's next level, not in X's rules:
/// read as a heading should X ever use it. A block of no known kind is read as a paragraph.
pub const ARTICLE_PARAGRAPH_CLASS: &str = "longform-unstyled";
pub const ARTICLE_HEADING_CLASSES: &[(&str, u8)] = &[
    ("longform-header-one", 1),
    ("longform-header-two", 2),
    ("longform-header-three", 3),
];
pub const ARTICLE_QUOTE_CLASS: &str = "longform-blockquote";
pub const ARTICLE_ORDERED_ITEM_CLASS: &str = "longform-ordered-list-item";
pub const ARTICLE_UNORDERED_ITEM_CLASS: &str = "longform-unordered-list-item";
/// A list item's nesting: Draft.js writes the depth as a class on a flat run of items
/// (`…-depth0`, `…-depth1`), never as nested `ul`s (2026 capture: depth0 on every item).
pub const ARTICLE_DEPTH_CLASS_PREFIX: &str = "public-DraftStyleDefault-depth";
/// The block's writing direction, set by Draft.js from its text (2026 capture: `-ltr`; `-rtl`
/// is in the page's Draft.js stylesheet).
pub const ARTICLE_RTL_CLASS: &str = "public-DraftStyleDefault-rtl";
pub const ARTICLE_LTR_CLASS: &str = "public-DraftStyleDefault-ltr";

/// A code block: an atomic `section` block holding this, a language label, a copy button and
/// `pre > code.language-<name>` (highlighted in token spans). 2026 capture: three of them.
pub const ARTICLE_CODE_BLOCK: TestId = TestId {
    values: &["markdown-code-block"],
    why: "code blocks of an Article; `pre` keeps their spaces and line breaks",
    since: "2025 (2026 capture)",
};

/// A post embedded in an Article: X's compact post, with `User-Name`, `tweetText` and a date.
pub const ARTICLE_EMBEDDED_POST: TestId = TestId {
    values: &["simpleTweet"],
    why: "an embedded post in an atomic block; defuddle's and Obsidian's X Article readers name it",
    since: "2024 (not in the corpus)",
};

/// A separator block: an atomic `section` holding only a `role="separator"` element.
pub const ARTICLE_SEPARATOR_ROLE: &str = "separator";

/// Inline marks: Draft.js draws them as inline styles on the leaf span (its default style map:
/// `font-weight: bold`, `font-style: italic`, `text-decoration: line-through`). The capture's
/// body has no marks; X's composer offers these three. The content script keeps just these
/// declarations of a `style` (besides `transform`), which no thread capture uses inline.
pub const ARTICLE_MARK_STYLES: &[(&str, &str)] = &[
    ("font-weight", "bold"),
    ("font-weight", "700"),
    ("font-style", "italic"),
    ("text-decoration", "line-through"),
];
/// The style properties the content script keeps for those marks.
pub const ARTICLE_MARK_STYLE_PROPERTIES: &[&str] =
    &["font-weight", "font-style", "text-decoration"];

/// An Article shown only in part: X cuts it for logged-out readers and puts a sign-in prompt
/// where the rest would be. No capture of it is in the corpus; the rule is what X draws for
/// every gated view (a link into its login or sign-up flow) found in the read view outside the
/// body, or X's own "Show more" marker there, or a title without any body. Any of these makes
/// the Article `partial`: never passed off as whole.
pub const ARTICLE_GATE_PATHS: &[&str] = &["/i/flow/login", "/i/flow/signup", "/login", "/signup"];

/// The focal post (the one the URL names) is the only article X makes non-tabbable.
pub const FOCAL_TABINDEX: &str = "-1";

/// Path segment of a post's permalink: `/<handle>/status/<id>`.
pub const STATUS_PATH: &str = "/status/";
/// Hashtag links: `/hashtag/<tag>?src=hashtag_click`.
pub const HASHTAG_PATH: &str = "/hashtag/";
/// Cashtag links: `/search?q=%24TSLA&src=cashtag_click`.
pub const CASHTAG_PATH: &str = "/search?q=%24";
/// Paths that look like `/<handle>` but are X's own pages, never accounts.
pub const RESERVED_PATHS: &[&str] = &[
    "home",
    "explore",
    "search",
    "i",
    "settings",
    "messages",
    "notifications",
    "compose",
    "login",
    "signup",
    "tos",
    "privacy",
];

/// GIFs are served as videos; only their poster path says GIF (`tweet_video_thumb`), where real
/// videos use `ext_tw_video_thumb` or `amplify_video_thumb`.
pub const GIF_POSTER_PATH: &str = "/tweet_video_thumb/";

/// Image URLs carry their size in `name=` (`small`, `medium`, `900x900`); `large` is the full
/// picture every account can load.
pub const FULL_SIZE_NAME: &str = "large";

/// Query parameters X adds to its own links to count clicks and shares, never to say where they
/// go: `src=hashtag_click` / `cashtag_click` (hashtag and cashtag links, 2020–2026 captures),
/// `s=` and `t=` (the share sheet's client and tracking token), `ref_src` / `ref_url` (embeds).
/// Dropped from every x.com link when it is read, so every format gets clean URLs; `q=` of a
/// cashtag search is what the link means and stays.
pub const TRACKING_PARAMS: &[&str] = &["src", "s", "t", "ref_src", "ref_url"];
/// Hosts whose links carry those parameters.
pub const X_HOSTS: &[&str] = &[
    "x.com",
    "www.x.com",
    "twitter.com",
    "www.twitter.com",
    "mobile.twitter.com",
    "mobile.x.com",
];

/// Where links point: X writes relative hrefs.
pub const ORIGIN: &str = "https://x.com";

/// Text X appends to a shortened link's visible part.
pub const ELLIPSIS: char = '…';

// ---- What snapshots keep of X's pages and leave out (`x::SITE`, read by `site`). ----

/// Attributes the X extractor reads; snapshots drop every other one.
pub const KEPT_ATTRIBUTES: &[&str] = &[
    // Every `TestId` of this table (2020–2026 captures).
    "data-testid",
    // Status, profile, hashtag and card links; X writes them relative (2020–2026).
    "href",
    // The loader, reveal buttons, an Article's separators ([`LOADER_ROLE`], 2020–2026).
    "role",
    // The post text's language and direction (`tweetText`, 2020–2026; the Article title's `dir`).
    "lang",
    "dir",
    // Emoji drawn as images and photo descriptions (2020–2026).
    "alt",
    // Photos and avatars ([`AVATAR_PATH`], 2016–2026).
    "src",
    // A video's still: its `src` is a blob: URL ([`VIDEO`], 2022–2026).
    "poster",
    // The post's date, `time[datetime]` (2020–2026).
    "datetime",
    // A card's "<domain> <title>" ([`CARD`], 2021–2026).
    "aria-label",
    // Tells the focal post ([`FOCAL_TABINDEX`], 2020–2026).
    "tabindex",
    // Row order, translateY of each [`CELL`] (2020–2026); an Article's [`ARTICLE_MARK_STYLES`].
    "style",
    // The page's canonical link and og:url (`site::page_urls`), in every era's head.
    "rel",
    "property",
    "content",
    // Unspool's own: the content script numbers buttons so the collector can name one to click.
    crate::x::collect::REF_ATTRIBUTE,
    // X Articles' Draft.js blocks ([`ARTICLE_BLOCK_ATTRIBUTE`], 2024; 2026 capture).
    ARTICLE_BLOCK_ATTRIBUTE,
    // Legacy twitter.com, saved pages only ([`LEGACY_TWEET_ID`] and the rest, 2014–2020).
    LEGACY_TWEET_ID,
    LEGACY_SCREEN_NAME,
    LEGACY_NAME,
    LEGACY_TIME_MS,
];

/// Roles left out of snapshots with their subtree: the action bar under every post
/// ([`ACTION_BAR_ROLE`], 2020–2026), about 40% of a post's markup, never read.
pub const SKIPPED_ROLES: &[&str] = &[ACTION_BAR_ROLE];

// ---- Legacy twitter.com (2014–2020), a server-rendered page: kept for saved pages. ----

/// Each tweet is a `div` carrying its id and author as data attributes (2016 capture).
pub const LEGACY_TWEET_ID: &str = "data-tweet-id";
pub const LEGACY_SCREEN_NAME: &str = "data-screen-name";
pub const LEGACY_NAME: &str = "data-name";
/// The timestamp span: milliseconds since the epoch (the visible text is localized).
pub const LEGACY_TIME_MS: &str = "data-time-ms";
/// Legacy text ends with a hidden `pic.twitter.com/…` link: the post's own media, not a link.
pub const LEGACY_MEDIA_LINK_HOST: &str = "://pic.twitter.com/";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_view_selector_names_the_read_view() {
        let from_table: Vec<String> = ARTICLE_READ_VIEW
            .values
            .iter()
            .map(|v| format!("[data-testid=\"{v}\"]"))
            .collect();
        assert_eq!(ARTICLE_READ_VIEW_SELECTOR, from_table.join(", "));
    }
}
