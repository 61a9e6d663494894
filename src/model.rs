//! The thread model: what every site extractor produces and every renderer consumes.
//! Serialised as the JSON export (`schemaVersion` 3, documented in `docs/json.md`); field names
//! are camelCase there. Changing a field's meaning means a new schema version.

use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Thread {
    pub schema_version: u32,
    pub platform: Platform,
    /// Link to the post the page was opened on.
    pub url: String,
    /// Status id of that post.
    pub focal_id: String,
    pub author: Author,
    pub posts: Vec<Post>,
    pub warnings: Vec<Warning>,
}

/// The thread's site, as the JSON export names it; the site's own entry (`site::for_platform`)
/// holds its name and everything else about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    X,
    Bluesky,
    Mastodon,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Author {
    /// Without the leading "@".
    pub handle: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PostRole {
    /// Part of the author's chain.
    #[default]
    Thread,
    /// The author answering someone else (only with `include_answers`).
    Answer,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Post {
    /// Status id; empty for an unavailable post, whose id the page does not show.
    pub id: String,
    pub url: String,
    pub author: Author,
    pub created_at: Option<String>,
    pub lang: Option<String>,
    pub dir: Option<String>,
    /// Exact text: emoji as characters, links as their real destination, line breaks kept.
    pub text: String,
    /// The same text as typed runs, for renderers that link mentions, hashtags and URLs.
    pub segments: Vec<Segment>,
    /// X cut the text ("Show more"): read the rest on X.
    pub truncated: bool,
    /// The page shows a placeholder instead of this post (deleted, protected, withheld).
    pub unavailable: bool,
    pub role: PostRole,
    /// The author's own numbering ("3/12", "(3/n)"), when the post carries one.
    pub number: Option<PostNumber>,
    pub media: Vec<Media>,
    pub quote: Option<Quote>,
    pub card: Option<Card>,
    /// Every outside destination of the post: text links, then the card.
    pub links: Vec<String>,
    /// The post is a long-form Article: its document, block by block. `text` then holds the
    /// Article as plain text (title, then one paragraph per block), for tools that only read text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<Box<Article>>,
    /// Labels and content warnings the site shows on the post, in the page's words (schema 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<ContentLabel>,
    /// An unavailable post: the site's own words for its placeholder ("Post not found."), when
    /// the page gives them (schema 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// A poll, with its results as the page shows them (schema 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll: Option<Poll>,
    /// Custom emoji in the text (written there as `:shortcode:`), with their images (schema 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emoji: Vec<CustomEmoji>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Poll {
    pub options: Vec<PollOption>,
    /// The page's line under the options ("12 people · Closed"), as shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PollOption {
    pub text: String,
    /// The option's result as shown ("42%"); `None` while the page shows no results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomEmoji {
    /// With its colons, as in the text: `:blobcat:`.
    pub shortcode: String,
    pub url: String,
}

/// A label the site shows on a post ("Rude"), or a content warning it hides part of the post
/// behind ("Graphic Media") until the reader asks to see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentLabel {
    /// The label as the page words it, in the page's language.
    pub text: String,
    /// The site hides part of the post (its text, media or quote) behind it.
    pub hides: bool,
    /// What it hides was on the page (the reader had chosen "Show"), so it is in this copy.
    /// Always true for a label that hides nothing.
    pub shown: bool,
}

/// A long-form document published as a post (X Articles): a title, a cover, and blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<Media>,
    /// The writing direction of most blocks (`ltr`/`rtl`); a block in the other one says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dir: Option<String>,
    pub blocks: Vec<Block>,
    /// The page showed only the start of the Article (a `articlePartial` warning says where the
    /// rest is): the blocks are what it showed, not the whole.
    pub partial: bool,
}

/// One block of an Article, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Block {
    Paragraph {
        spans: Vec<Span>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dir: Option<String>,
    },
    /// `level` 1 is the Article's largest heading (below its title).
    Heading {
        level: u8,
        spans: Vec<Span>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dir: Option<String>,
    },
    /// Items in order; an item may hold lists nested in it.
    List {
        ordered: bool,
        items: Vec<ListItem>,
    },
    Quote {
        spans: Vec<Span>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dir: Option<String>,
    },
    /// Preformatted text, every space and line break kept.
    Code {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        text: String,
    },
    Image {
        media: Media,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    /// A post embedded in the Article, shown as a quote.
    Post {
        post: Quote,
    },
    Separator,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListItem {
    pub spans: Vec<Span>,
    /// Lists nested under this item (`Block::List` only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Block>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dir: Option<String>,
}

/// A run of text with one set of marks. `url` makes it a link; `mention` (a handle, without
/// "@") makes that link an account's profile. Line breaks inside a block are `\n` in `text`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub bold: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub italic: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub strike: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A list item's marker in plain text and Markdown: "1." counting from the list's start, or "-".
pub fn list_marker(ordered: bool, at: usize) -> String {
    if ordered {
        format!("{}.", at + 1)
    } else {
        "-".to_string()
    }
}

impl Span {
    /// Same marks and destination: two such spans side by side are one.
    pub fn same_marks(&self, other: &Span) -> bool {
        self.bold == other.bold
            && self.italic == other.italic
            && self.strike == other.strike
            && self.url == other.url
            && self.mention == other.mention
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Segment {
    Text { text: String },
    Link { text: String, url: String },
    Mention { text: String, url: String },
    Hashtag { text: String, url: String },
}

impl Segment {
    pub fn text(&self) -> &str {
        match self {
            Segment::Text { text }
            | Segment::Link { text, .. }
            | Segment::Mention { text, .. }
            | Segment::Hashtag { text, .. } => text,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostNumber {
    pub index: u32,
    /// `None` for "n" or when the author gives no total.
    pub total: Option<u32>,
    /// Byte range of the marker in `Post::text`, so renderers can strip it.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Image,
    Video,
    Gif,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Media {
    pub kind: MediaKind,
    /// Full-size image, or the poster frame of a video or GIF.
    pub url: String,
    pub alt: Option<String>,
    /// Where to play a video or GIF: the post on X (the page only has a blob: URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quote {
    pub author: Author,
    pub text: String,
    /// `None` when the page gives no link to the quoted post.
    pub url: Option<String>,
    pub created_at: Option<String>,
    pub media: Vec<Media>,
    /// The quoted post is unavailable.
    pub unavailable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    pub url: String,
    pub title: Option<String>,
    pub domain: Option<String>,
    pub image: Option<String>,
}

/// A note on completeness: a code and the facts it is about. The sentence people read is written
/// from these by the renderers, with the caller's labels (`render::notes`), so it is in the
/// reader's language; the core stores it in English for tools that only want a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    pub code: WarningCode,
    /// One sentence for people, in the language of the labels it was rendered with.
    pub message: String,
    /// The post the note is about (`hiddenReplies`: the post above the cell; `focalNotFound`: the
    /// post the URL names, which the page does not hold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_id: Option<String>,
    /// Positions (1-based) in `posts` of the posts concerned (`truncated`, `unavailable`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub posts: Vec<usize>,
    /// `missingNumbers`: the author's numbers missing here, as inclusive ranges `[from, to]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<[u32; 2]>,
    /// `missingNumbers`: how many posts the author numbered; `cancelled`: how many were collected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    /// `hiddenReplies`: the link the hidden replies sit behind, when X does not open it in place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Warning {
    pub fn new(code: WarningCode) -> Warning {
        Warning {
            code,
            message: String::new(),
            post_id: None,
            posts: Vec::new(),
            missing: Vec::new(),
            count: None,
            url: None,
        }
    }

    pub fn link(mut self, url: Option<&str>) -> Warning {
        self.url = url.map(str::to_string);
        self
    }

    pub fn about(mut self, post_id: Option<&str>) -> Warning {
        self.post_id = post_id.map(str::to_string);
        self
    }

    pub fn posts(mut self, positions: Vec<usize>) -> Warning {
        self.posts = positions;
        self
    }

    pub fn missing(mut self, ranges: Vec<[u32; 2]>) -> Warning {
        self.missing = ranges;
        self
    }

    pub fn count(mut self, n: usize) -> Warning {
        self.count = Some(n);
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum WarningCode {
    /// A post's text is cut; the rest is on X.
    Truncated,
    /// The author's numbering skips numbers.
    MissingNumbers,
    /// A post of the chain is unavailable.
    Unavailable,
    /// Replies are hidden behind a "Show replies" cell inside or at the end of the chain.
    HiddenReplies,
    /// X's markers were missing; the page was read by structure alone.
    StructuralFallback,
    /// The URL names a post the page does not contain.
    FocalNotFound,
    /// The reader stopped collecting before the chain's end.
    Cancelled,
    /// A post in the chain is hidden by the site's moderation (behind a button).
    Moderated,
    /// Part of a post is hidden behind a content warning and was not on the page (schema 3).
    HiddenContent,
    /// The page shows only the start of an Article (`postId`; `url`: where to read it whole).
    ArticlePartial,
    /// The site is still fetching replies from other servers, or found more it does not show.
    MoreReplies,
}

impl Post {
    /// Every outside destination of a post, for `links`: its text's links, then its card's.
    pub fn outside_links(segments: &[Segment], card: Option<&Card>) -> Vec<String> {
        let mut links: Vec<String> = segments
            .iter()
            .filter_map(|s| match s {
                Segment::Link { url, .. } => Some(url.clone()),
                _ => None,
            })
            .collect();
        if let Some(c) = card {
            if !links.contains(&c.url) {
                links.push(c.url.clone());
            }
        }
        links
    }
}

impl Thread {
    /// How many posts the author numbered, when the chain ends before the last of them (the
    /// numbering note's last missing range runs to the total): the end met is the page's, not
    /// the author's, and the report must not say the thread ends there.
    pub fn numbered_beyond_end(&self) -> Option<usize> {
        let note = self
            .warnings
            .iter()
            .find(|w| w.code == WarningCode::MissingNumbers)?;
        let total = note.count?;
        let last_missing = note.missing.last()?[1];
        (usize::try_from(last_missing).ok()? == total).then_some(total)
    }

    /// The Article this thread is, when it is one (an Article is read alone, as one post).
    pub fn article(&self) -> Option<&Article> {
        match self.posts.as_slice() {
            [post] => post.article.as_deref(),
            _ => None,
        }
    }

    /// The thread opened on `focal`: its author is the thread's author, no notes yet.
    pub fn opened_on(platform: Platform, focal: &Post, posts: Vec<Post>) -> Thread {
        Thread {
            schema_version: SCHEMA_VERSION,
            platform,
            url: focal.url.clone(),
            focal_id: focal.id.clone(),
            author: focal.author.clone(),
            posts,
            warnings: Vec::new(),
        }
    }

    /// Adds a note, its sentence written in English (the renderers rewrite it in their labels).
    pub fn warn(&mut self, warning: Warning) {
        let at = self.warnings.len();
        self.insert_warning(at, warning);
    }

    pub fn insert_warning(&mut self, at: usize, mut warning: Warning) {
        let labels = crate::render::Labels::default().for_site(self.platform);
        warning.message = crate::render::note_sentence(&warning, &labels);
        self.warnings.insert(at.min(self.warnings.len()), warning);
    }
}
