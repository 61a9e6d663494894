//! The sites Unspool reads, behind one interface.
//!
//! A site is a table entry ([`Site`]): its name, how it recognises its own pages (URL and
//! markup), what snapshots must keep of them, and its extractor. The entries are listed once, in
//! [`crate::SITES`]; generic code loops over them here and never names a site itself. Snapshots
//! keep the union of every site's lists; each list lives with its site's markup table.

use crate::collect::{Collect, LoadedCollector, NewCollector, ReadLoaded};
use crate::model::{Platform, Thread};
use crate::snapshot::Snapshot;
use crate::{ExtractOptions, UnrollError, SITES, UNCLAIMED};

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

/// One site Unspool reads: everything generic code needs to know about it. The lists say what
/// snapshots keep of its pages; each lives in the site's `markup.rs`, with why and since when.
pub struct Site {
    pub platform: Platform,
    /// The site's own name, for "View on …", the notes (labels write it as `{site}`) and file
    /// names of threads without a handle.
    pub name: &'static str,
    /// Whether the page URL (when known) names one of this site's post pages.
    pub owns_url: fn(&str) -> bool,
    /// Whether the page's own markup is this site's post page.
    pub owns_markup: fn(&Snapshot) -> bool,
    /// Attributes the extractor reads; snapshots keep these (and every other site's).
    pub kept_attributes: &'static [&'static str],
    /// Of a `class`, the tokens the extractor reads; snapshots drop every other token.
    pub kept_classes: &'static [&'static str],
    /// Of a `class`, the token prefixes the extractor reads (tokens starting with one are kept).
    pub kept_class_prefixes: &'static [&'static str],
    /// Of an inline `style`, the properties the content script keeps (besides `transform`).
    pub kept_style_properties: &'static [&'static str],
    /// Elements left out of snapshots with their subtree, by `role`: markup never read.
    pub skipped_roles: &'static [&'static str],
    /// CSS selectors of pages where the extractor reads classes: the content script reads a
    /// `class` only on a page matching one of every site's (elsewhere it is skipped unread).
    pub class_page_selectors: &'static [&'static str],
    /// A CSS selector that matches a post on this site's pages: the content script opens the
    /// reader only on a page that holds one (it gets the selector from the generated spec).
    pub post_selector: &'static str,
    /// CSS selectors of head elements the extractor reads, besides the page's own URLs.
    pub head_selectors: &'static [&'static str],
    /// How the reader gets the rest of a long thread from the page (src/collect.rs).
    pub collection: Collection,
    pub extract: fn(&Snapshot, Option<&str>, &ExtractOptions) -> Result<Thread, UnrollError>,
}

/// Every entry of one list of every site, once each, in table order.
fn union(list: impl Fn(&Site) -> &'static [&'static str]) -> Vec<&'static str> {
    let mut all: Vec<&'static str> = Vec::new();
    for item in SITES.iter().flat_map(|s| list(s).iter().copied()) {
        if !all.contains(&item) {
            all.push(item);
        }
    }
    all
}

/// Whether some site's list holds an entry that `pred` accepts.
fn any_site(list: impl Fn(&Site) -> &'static [&'static str], pred: impl Fn(&str) -> bool) -> bool {
    SITES.iter().any(|s| list(s).iter().any(|item| pred(item)))
}

/// Whether a `class` token is one some site reads, by name or by prefix. Pages of sites that
/// read no class keep none (X's atomic class names are most of its bytes).
fn keeps_class(token: &str) -> bool {
    any_site(|s| s.kept_classes, |t| t == token)
        || any_site(|s| s.kept_class_prefixes, |p| token.starts_with(p))
}

/// The tokens of a `class` value some site reads, or `None` when it holds none.
pub fn kept_classes(value: &str) -> Option<String> {
    let mut kept = String::new();
    for token in value.split_ascii_whitespace().filter(|t| keeps_class(t)) {
        if !kept.is_empty() {
            kept.push(' ');
        }
        kept.push_str(token);
    }
    (!kept.is_empty()).then_some(kept)
}

/// Whether any site's extractor reads attribute `name`.
pub fn keeps_attribute(name: &str) -> bool {
    any_site(|s| s.kept_attributes, |a| a == name)
}

/// Whether some site leaves out elements with this `role` (and their subtree).
pub fn skips_role(role: &str) -> bool {
    any_site(|s| s.skipped_roles, |r| r == role)
}

/// Every kept attribute once, in table order (for the content script's list).
pub fn kept_attributes() -> Vec<&'static str> {
    union(|s| s.kept_attributes)
}

/// Every role some site leaves out, once each (for the content script's list).
pub fn skipped_roles() -> Vec<&'static str> {
    union(|s| s.skipped_roles)
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
        "keptClasses": union(|s| s.kept_classes),
        "keptClassPrefixes": union(|s| s.kept_class_prefixes),
        "keptStyleProperties": union(|s| s.kept_style_properties),
        // The snapshot reads classes only on pages that match this (it skips them elsewhere).
        "classPageSelector": union(|s| s.class_page_selectors).join(", "),
        "skippedElements": crate::snapshot::SKIPPED_ELEMENTS,
        "skippedRoles": skipped_roles(),
        "voidElements": crate::compact::VOID_ELEMENTS,
        "postSelector": selectors(&mut SITES.iter()),
        "headSelectors": head_selectors(),
        // Snapshots are cut into pieces only between posts of a site whose collector merges them.
        "collectedPostSelector": selectors(&mut SITES
            .iter()
            .filter(|s| matches!(s.collection, Collection::VirtualRows(_)))),
    })
}

/// The page's own URLs (`page_urls` reads them), then every site's head elements.
#[cfg(not(target_arch = "wasm32"))]
fn head_selectors() -> Vec<&'static str> {
    let own_urls = [r#"link[rel="canonical"]"#, r#"meta[property="og:url"]"#];
    own_urls
        .into_iter()
        .chain(union(|s| s.head_selectors))
        .collect()
}

/// URLs the page says it is (canonical link, og:url), best first.
pub fn page_urls(snap: &Snapshot) -> Vec<String> {
    snap.descendants(Snapshot::ROOT)
        .filter_map(|n| match snap.tag(n) {
            Some("link") if snap.attr(n, "rel") == Some("canonical") => snap.attr(n, "href"),
            Some("meta") if snap.attr(n, "property") == Some("og:url") => snap.attr(n, "content"),
            _ => None,
        })
        .map(str::to_string)
        .collect()
}

/// The site a page belongs to: by the given URL first, then by the URLs the page names for
/// itself (canonical, og:url), then by its markup. `None` when no site claims it.
pub fn recognise(snap: &Snapshot, page_url: Option<&str>) -> Option<&'static Site> {
    if let Some(url) = page_url {
        if let Some(site) = SITES.iter().find(|s| (s.owns_url)(url)) {
            return Some(site);
        }
    }
    let own_urls = page_urls(snap);
    SITES
        .iter()
        .find(|s| own_urls.iter().any(|u| (s.owns_url)(u)))
        .or_else(|| SITES.iter().find(|s| (s.owns_markup)(snap)))
}

/// The site that reads a page: the one that claims it, else [`UNCLAIMED`]'s.
pub fn for_page(snap: &Snapshot, page_url: Option<&str>) -> &'static Site {
    recognise(snap, page_url).unwrap_or(UNCLAIMED)
}

/// The site of a thread's platform (its name, for the renderers).
pub fn for_platform(platform: Platform) -> &'static Site {
    SITES
        .iter()
        .find(|s| s.platform == platform)
        .unwrap_or(UNCLAIMED)
}

/// Extracts the thread with the page's site (see [`for_page`]).
pub fn extract(
    snap: &Snapshot,
    page_url: Option<&str>,
    options: &ExtractOptions,
) -> Result<Thread, UnrollError> {
    (for_page(snap, page_url).extract)(snap, page_url, options)
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
