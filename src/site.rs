//! The sites Unspool reads, behind one interface.
//!
//! A site is a table entry: how it recognises its own pages (URL and markup), the attributes the
//! snapshot must keep for it, and its extractor. Generic code picks the site here and never names
//! one itself. The snapshot keeps the union of every site's attributes; a site's list lives with
//! its markup table.

use crate::model::{Platform, Thread};
use crate::snapshot::Snapshot;
use crate::{bluesky, x, ExtractOptions, UnrollError};

/// One site Unspool reads.
pub struct Site {
    pub platform: Platform,
    /// Whether the page URL (when known) names one of this site's post pages.
    pub owns_url: fn(&str) -> bool,
    /// Whether the page's own markup is this site's post page.
    pub owns_markup: fn(&Snapshot) -> bool,
    /// Attributes the extractor reads; snapshots keep these (and every other site's).
    pub kept_attributes: &'static [&'static str],
    pub extract: fn(&Snapshot, Option<&str>, &ExtractOptions) -> Result<Thread, UnrollError>,
}

pub const X: Site = Site {
    platform: Platform::X,
    owns_url: x::is_post_url,
    owns_markup: x::is_own_page,
    kept_attributes: crate::snapshot::KEPT_ATTRIBUTES,
    extract: x::extract,
};

/// Every site, in the order recognition tries them.
pub const SITES: &[Site] = &[bluesky::SITE, X];

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
        assert!(keeps_attribute("style") && !keeps_attribute("class"));
    }
}
