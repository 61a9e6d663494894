//! The sites Unspool reads, behind one interface.
//!
//! A site is a table entry: how it recognises its own pages (URL and markup), the attributes the
//! snapshot must keep for it, and its extractor. Generic code picks the site here and never names
//! one itself. The snapshot keeps the union of every site's attributes; a site's list lives with
//! its markup table.

use crate::collect::{Collect, LoadedCollector, NewCollector, ReadLoaded};
use crate::model::{Platform, Thread};
use crate::snapshot::Snapshot;
use crate::{bluesky, mastodon, x, ExtractOptions, UnrollError};

/// How a site's pages give the rest of a long thread as the reader scrolls them.
pub enum Collection {
    /// Not at all: the thread is what the page holds when the reader opens.
    ReadOnce,
    /// A virtualized list: only rows near the screen exist, so the site's own collector merges
    /// the rows of many snapshots (and of the pieces a big snapshot comes in).
    VirtualRows(NewCollector),
    /// A list that keeps what it loaded and loads more when one of its ends comes into view:
    /// the generic [`LoadedCollector`](crate::collect::LoadedCollector) reads each snapshot whole
    /// with this function and merges the threads.
    LoadsAtEnds(ReadLoaded),
}

impl Collection {
    /// The collector for a page of this site, or `None` when the page is read once.
    pub fn collector(
        &self,
        page_url: Option<String>,
        options: ExtractOptions,
    ) -> Option<Box<dyn Collect>> {
        match self {
            Collection::ReadOnce => None,
            Collection::VirtualRows(new) => Some(new(page_url, options)),
            Collection::LoadsAtEnds(read) => {
                Some(Box::new(LoadedCollector::new(*read, page_url, options)))
            }
        }
    }
}

/// One fact of a site's markup with its evidence: what the page writes (`value`), why the
/// extractor reads it, since when, and where it was seen. Each site's `markup.rs` is a table of
/// these.
pub struct Marker {
    pub value: &'static str,
    pub why: &'static str,
    pub since: &'static str,
    pub seen_in: &'static str,
}

/// One site Unspool reads.
pub struct Site {
    pub platform: Platform,
    /// Whether the page URL (when known) names one of this site's post pages.
    pub owns_url: fn(&str) -> bool,
    /// Whether the page's own markup is this site's post page.
    pub owns_markup: fn(&Snapshot) -> bool,
    /// Attributes the extractor reads; snapshots keep these (and every other site's).
    pub kept_attributes: &'static [&'static str],
    /// A CSS selector that matches a post on this site's pages: the content script opens the
    /// reader only on a page that holds one (it gets the selector from the generated spec).
    pub post_selector: &'static str,
    /// CSS selectors of head elements the extractor reads, besides the page's own URLs.
    pub head_selectors: &'static [&'static str],
    /// How the reader gets the rest of a long thread from the page (src/collect.rs).
    pub collection: Collection,
    pub extract: fn(&Snapshot, Option<&str>, &ExtractOptions) -> Result<Thread, UnrollError>,
}

pub const X: Site = Site {
    platform: Platform::X,
    owns_url: x::is_post_url,
    owns_markup: x::is_own_page,
    kept_attributes: crate::snapshot::KEPT_ATTRIBUTES,
    post_selector: x::markup::POST_ELEMENT,
    head_selectors: &[],
    collection: Collection::VirtualRows(x::collect::boxed),
    extract: x::extract,
};

/// Every site, in the order recognition tries them.
pub const SITES: &[Site] = &[bluesky::SITE, mastodon::SITE, X];

/// The class tokens some site reads (Mastodon's markup is its class names). Snapshots keep only
/// these tokens of a `class`, and those starting with one of `CLASS_PREFIXES`, so pages of other
/// sites keep no class at all (X's atomic class names are most of its bytes).
const CLASS_TOKENS: &[&[&str]] = &[mastodon::markup::CLASS_TOKENS];
/// Class token prefixes some site reads: an X Article's block kinds, depth and direction.
const CLASS_PREFIXES: &[&[&str]] = &[x::markup::ARTICLE_CLASS_PREFIXES];

/// The tokens of a `class` value some site reads, or `None` when it holds none.
pub fn kept_classes(value: &str) -> Option<String> {
    let mut kept = String::new();
    for token in value.split_ascii_whitespace() {
        let by_prefix = || {
            CLASS_PREFIXES
                .iter()
                .flat_map(|l| l.iter())
                .any(|p| token.starts_with(p))
        };
        if CLASS_TOKENS.iter().any(|list| list.contains(&token)) || by_prefix() {
            if !kept.is_empty() {
                kept.push(' ');
            }
            kept.push_str(token);
        }
    }
    (!kept.is_empty()).then_some(kept)
}

/// Whether any site's extractor reads attribute `name`.
pub fn keeps_attribute(name: &str) -> bool {
    SITES.iter().any(|s| s.kept_attributes.contains(&name))
}

/// Every kept attribute once, in table order (for the content script's list).
pub fn kept_attributes() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = Vec::new();
    for name in SITES.iter().flat_map(|s| s.kept_attributes.iter().copied()) {
        if !all.contains(&name) {
            all.push(name);
        }
    }
    all
}

/// What the content script must agree on with the snapshot builders, as JSON: tools/build.mjs
/// runs `snapshot-spec` (which prints this) and injects it into the bundle, so the lists are
/// never copied by hand.
#[cfg(not(target_arch = "wasm32"))]
pub fn content_script_spec() -> serde_json::Value {
    let selectors = |sites: &mut dyn Iterator<Item = &Site>| {
        sites
            .map(|s| s.post_selector)
            .collect::<Vec<_>>()
            .join(", ")
    };
    serde_json::json!({
        "keptAttributes": kept_attributes(),
        // Of a `class`, only these tokens and the tokens with these prefixes are kept
        // (`kept_classes`), so X's atomic CSS is not sent.
        "keptClasses": CLASS_TOKENS.concat(),
        "keptClassPrefixes": CLASS_PREFIXES.concat(),
        "keptStyleProperties": crate::x::markup::ARTICLE_MARK_STYLE_PROPERTIES,
        // The snapshot reads classes only on pages that match this (it skips them elsewhere).
        "classPageSelector": class_page_selector(),
        "skippedElements": crate::snapshot::SKIPPED_ELEMENTS,
        "skippedRoles": crate::snapshot::SKIPPED_ROLES,
        "voidElements": crate::compact::VOID_ELEMENTS,
        "postSelector": selectors(&mut SITES.iter()),
        "headSelectors": head_selectors(),
        // Snapshots are cut into pieces only between posts of a site whose collector merges them.
        "collectedPostSelector": selectors(&mut SITES
            .iter()
            .filter(|s| matches!(s.collection, Collection::VirtualRows(_)))),
    })
}

/// Pages where some extractor reads class tokens: a Mastodon status, an X Article's read view.
#[cfg(not(target_arch = "wasm32"))]
fn class_page_selector() -> String {
    let articles = x::markup::ARTICLE_READ_VIEW
        .values
        .iter()
        .map(|v| format!("[data-testid=\"{v}\"]"));
    std::iter::once(mastodon::markup::POST_SELECTOR.to_string())
        .chain(articles)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The page's own URLs (`recognise` reads them), then every site's head elements.
#[cfg(not(target_arch = "wasm32"))]
fn head_selectors() -> Vec<&'static str> {
    let own_urls = [r#"link[rel="canonical"]"#, r#"meta[property="og:url"]"#];
    let sites = SITES.iter().flat_map(|s| s.head_selectors.iter().copied());
    own_urls.into_iter().chain(sites).collect()
}

/// The site a page belongs to: by the given URL first, then by the URLs the page names for
/// itself (canonical, og:url), then by its markup. `None` when no site claims it.
pub fn recognise(snap: &Snapshot, page_url: Option<&str>) -> Option<&'static Site> {
    if let Some(url) = page_url {
        if let Some(site) = SITES.iter().find(|s| (s.owns_url)(url)) {
            return Some(site);
        }
    }
    let own_urls = x::page_urls(snap);
    SITES
        .iter()
        .find(|s| own_urls.iter().any(|u| (s.owns_url)(u)))
        .or_else(|| SITES.iter().find(|s| (s.owns_markup)(snap)))
}

/// Extracts the thread with the page's site. Pages no site claims go to X's extractor, which
/// also reads bare fragments and says plainly when a page holds no post.
pub fn extract(
    snap: &Snapshot,
    page_url: Option<&str>,
    options: &ExtractOptions,
) -> Result<Thread, UnrollError> {
    let site = recognise(snap, page_url).unwrap_or(&X);
    (site.extract)(snap, page_url, options)
}

/// The host (lower-cased, without `www.` or a port) and the path of an http(s) URL.
pub fn host_and_path(url: &str) -> Option<(String, &str)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..end].split(':').next().unwrap_or("");
    let host = host.to_ascii_lowercase();
    let host = host
        .strip_prefix("www.")
        .map(str::to_string)
        .unwrap_or(host);
    Some((host, &rest[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls() {
        assert_eq!(
            host_and_path("https://www.X.com:443/a/status/1?s=2"),
            Some(("x.com".to_string(), "/a/status/1?s=2"))
        );
        assert_eq!(host_and_path("ftp://x.com/"), None);
    }

    #[test]
    fn kept_attributes_are_the_union_without_repeats() {
        let all = kept_attributes();
        assert!(all.contains(&"data-testid") && all.contains(&"data-word-wrap"));
        let mut unique = all.clone();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
        assert!(keeps_attribute("style") && !keeps_attribute("tabindex-x"));
        // Mastodon's markup is its class names (src/mastodon/markup.rs).
        assert!(keeps_attribute("class") && keeps_attribute("data-id"));
        assert_eq!(
            kept_classes("status  css-175oi2r status--in-thread detailed-status"),
            Some("status detailed-status".to_string())
        );
        assert_eq!(kept_classes("css-175oi2r r-18u37iz"), None);
    }
}
