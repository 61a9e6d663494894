//! Mastodon status pages, on any instance → [`Thread`].
//!
//! A status page's thread column lists the ancestors, the detailed (focal) status, then the
//! descendants, depth first with the author's self-replies first. The thread is the author's
//! chain through the focal post: the author's posts right above it, then the author's posts
//! right below it, up to the first post by someone else. Posts are identified by their status
//! id on the instance showing the page. Any host may be an instance, so the page is recognised
//! by its path (`/@acct/<id>`) or its markup; accounts are always `user@domain`. The page is read
//! as it is: nothing is clicked (posts whose text the page does not hold are reported), and the
//! replies Mastodon is still fetching from other servers are reported too.
//! All markup knowledge comes from [`markup`].

pub mod markup;
mod post;

use crate::model::{Platform, Post, PostRole, Thread, Warning, WarningCode};
use crate::numbering;
use crate::site::{host_and_path, Collection, Site};
use crate::snapshot::{NodeId, Snapshot};
use crate::{ExtractOptions, UnrollError};
use post::has_class;

pub const SITE: Site = Site {
    platform: Platform::Mastodon,
    name: "Mastodon",
    owns_url: is_post_url,
    owns_markup: is_own_page,
    kept_attributes: markup::KEPT_ATTRIBUTES,
    kept_classes: markup::CLASS_TOKENS,
    kept_class_prefixes: &[],
    kept_style_properties: &[],
    skipped_roles: &[],
    // Classes are read only on a status page (a timeline holds no detailed status).
    class_page_selectors: &[markup::POST_SELECTOR],
    post_selector: markup::POST_SELECTOR,
    head_selectors: &[],
    collection: Collection::ReadOnce,
    extract,
};

/// Where the page lives: relative links are made absolute against it, and a local author's
/// bare `user` gets its domain.
pub(crate) struct Page {
    origin: Option<String>,
    domain: Option<String>,
}

impl Page {
    fn from_url(url: Option<&str>) -> Page {
        let origin = url.and_then(origin_of);
        let domain = url
            .and_then(host_and_path)
            .map(|(host, _)| host)
            .filter(|h| !h.is_empty());
        Page { origin, domain }
    }

    /// A bare `user` gets `domain` (the instance's account domain, which the detailed status
    /// may show) rather than the page's host.
    fn with_account_domain(self, domain: Option<String>) -> Page {
        Page {
            domain: domain.or(self.domain),
            ..self
        }
    }

    pub(crate) fn absolute(&self, href: &str) -> String {
        match &self.origin {
            Some(origin) if href.starts_with('/') && !href.starts_with("//") => {
                format!("{origin}{href}")
            }
            _ => href.to_string(),
        }
    }

    /// `user@domain` for an account shown as `user@domain` or as a local `user`.
    pub(crate) fn full_acct(&self, acct: &str) -> String {
        match (&self.domain, acct.contains('@')) {
            (Some(domain), false) if !acct.is_empty() => format!("{acct}@{domain}"),
            _ => acct.to_string(),
        }
    }
}

/// `scheme://host[:port]` of an http(s) URL.
fn origin_of(url: &str) -> Option<String> {
    let scheme_end = if url.starts_with("https://") {
        8
    } else if url.starts_with("http://") {
        7
    } else {
        return None;
    };
    let rest = &url[scheme_end..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    (end > 0).then(|| url[..scheme_end + end].to_string())
}

/// The path of an absolute http(s) URL, or the link itself when it is a path already.
pub(crate) fn path_of(href: &str) -> &str {
    if href.starts_with('/') {
        return href;
    }
    match host_and_path(href) {
        Some((_, path)) => path,
        None => "",
    }
}

/// `(acct, id)` of a status path: `/@user/<id>`, `/@user@domain/<id>`, either with `/embed`.
pub fn status_in_path(path: &str) -> Option<(String, String)> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix(markup::ACCOUNT_PATH_PREFIX)?;
    let mut parts = rest.split('/');
    let acct = parts.next()?;
    let id = parts.next()?;
    let tail: Vec<&str> = parts.filter(|p| !p.is_empty()).collect();
    let valid_acct = !acct.is_empty()
        && acct.matches('@').count() <= 1
        && acct
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '@'));
    let valid_id = !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit());
    let valid_tail = tail.is_empty() || tail == [markup::EMBED_SUFFIX];
    (valid_acct && valid_id && valid_tail).then(|| (acct.to_string(), id.to_string()))
}

/// A status page's URL on any host. Hosts cannot tell an instance, so the path must.
pub fn is_post_url(url: &str) -> bool {
    host_and_path(url).is_some_and(|(_, path)| status_in_path(path).is_some())
}

pub fn is_own_page(snap: &Snapshot) -> bool {
    detailed_status(snap).is_some()
}

/// The focal post: a detailed status inside the web app's root or the embed page.
fn detailed_status(snap: &Snapshot) -> Option<NodeId> {
    snap.descendants(Snapshot::ROOT)
        .filter(|&n| has_class(snap, n, markup::DETAILED_STATUS.value))
        .find(|&n| {
            snap.ancestors(n).any(|a| {
                snap.attr(a, "id")
                    .is_some_and(|id| id.starts_with(markup::APP_ROOT.value))
                    || has_class(snap, a, markup::EMBED_ROOT.value)
            })
        })
}

/// The list the detailed status sits in (the status column), so that other columns of the
/// advanced layout (home, notifications) are never read as the thread.
fn thread_column(snap: &Snapshot, focal: NodeId) -> NodeId {
    snap.ancestors(focal)
        .find(|&a| has_class(snap, a, markup::THREAD_LIST) || has_class(snap, a, markup::COLUMN))
        .unwrap_or(Snapshot::ROOT)
}

/// One status of the column, in page order.
struct Row {
    post: Post,
    focal: bool,
}

fn read_rows(snap: &Snapshot, column: NodeId, focal: NodeId, page: &Page) -> Vec<Row> {
    let is_status = |n: NodeId| {
        n == focal
            || (has_class(snap, n, markup::STATUS.value)
                && snap.attr(n, markup::STATUS_ID_ATTRIBUTE).is_some())
    };
    snap.descendants_pruned(column, is_status)
        .filter(|&n| is_status(n))
        .filter_map(|n| {
            post::parse_status(snap, n, page).map(|post| Row {
                post,
                focal: n == focal,
            })
        })
        .collect()
}

/// Extracts the author's thread from a snapshot of a Mastodon status page.
pub fn extract(
    snap: &Snapshot,
    page_url: Option<&str>,
    options: &ExtractOptions,
) -> Result<Thread, UnrollError> {
    let focal = detailed_status(snap)
        .ok_or_else(|| UnrollError::NoThread("no Mastodon status is open on this page".into()))?;
    // The page's own address: the given URL, else og:url (the instance's; canonical names the
    // author's server, whose ids differ for a remote post).
    let own_urls = crate::site::page_urls(snap);
    let og_url = own_urls.iter().find(|u| origin_of(u).is_some());
    let page = Page::from_url(page_url.or(og_url.map(String::as_str)))
        .with_account_domain(post::local_domain(snap, focal));
    let column = thread_column(snap, focal);
    let rows = read_rows(snap, column, focal, &page);
    let no_permalink =
        || UnrollError::NoThread("the open Mastodon status has no permalink on this page".into());
    let focal_row = rows.iter().position(|r| r.focal).ok_or_else(no_permalink)?;
    let mut thread = chain(&rows, focal_row, options).ok_or_else(no_permalink)?;
    if let Some((_, id)) = page_url
        .and_then(host_and_path)
        .and_then(|(_, path)| status_in_path(path))
    {
        if id != thread.focal_id {
            thread.warn(Warning::new(WarningCode::FocalNotFound).about(Some(&id)));
        }
    }
    warn_hidden_content(&mut thread);
    if replies_pending(snap, column) {
        let last = thread.posts.iter().rfind(|p| p.role == PostRole::Thread);
        let last_id = last.map(|p| p.id.clone());
        thread.warn(Warning::new(WarningCode::MoreReplies).about(last_id.as_deref()));
    }
    numbering::annotate(&mut thread);
    Ok(thread)
}

/// The chain rules: up from the focal post while the author stays the same, then down until
/// someone else's post; later posts by the author are answers to commenters.
fn chain(rows: &[Row], focal_row: usize, options: &ExtractOptions) -> Option<Thread> {
    let focal = &rows.get(focal_row)?.post;
    let (before, rest) = rows.split_at(focal_row);
    let below = rest.get(1..).unwrap_or_default();
    let same = |p: &Post| p.author.handle.eq_ignore_ascii_case(&focal.author.handle);
    let above = before
        .iter()
        .rev()
        .take_while(|r| same(&r.post))
        .map(|r| r.post.clone())
        .collect::<Vec<_>>();
    let mut posts: Vec<Post> = above.into_iter().rev().collect();
    posts.push(focal.clone());
    let run = below.iter().take_while(|r| same(&r.post)).count();
    let (chain_below, later) = below.split_at(run);
    posts.extend(chain_below.iter().map(|r| r.post.clone()));
    if options.include_answers {
        for row in later.iter().filter(|r| same(&r.post)) {
            let mut answer = row.post.clone();
            answer.role = PostRole::Answer;
            posts.push(answer);
        }
    }
    let mut seen = std::collections::HashSet::new();
    posts.retain(|p| seen.insert(p.id.clone()));
    Some(Thread::opened_on(Platform::Mastodon, focal, posts))
}

/// Posts whose text sits behind a content warning the page has not opened (Mastodon 4.3+).
fn warn_hidden_content(thread: &mut Thread) {
    let hidden: Vec<usize> = thread
        .posts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.labels.iter().any(|l| l.hides && !l.shown))
        .map(|(i, _)| i + 1)
        .collect();
    if !hidden.is_empty() {
        thread.warn(Warning::new(WarningCode::HiddenContent).posts(hidden));
    }
}

/// Whether the column shows Mastodon still fetching replies from other servers, or an alert
/// that it found more than it shows.
fn replies_pending(snap: &Snapshot, column: NodeId) -> bool {
    let scope = snap
        .ancestors(column)
        .find(|&a| has_class(snap, a, markup::COLUMN))
        .unwrap_or(column);
    snap.descendants(scope).any(|n| {
        has_class(snap, n, markup::REPLIES_LOADING.value)
            || (has_class(snap, n, markup::ALERT)
                && snap
                    .closest(n, |a| has_class(snap, a, markup::REPLIES_FOUND.value))
                    .is_some())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_urls_on_any_host() {
        let yes = [
            "https://mastodon.social/@Gargron/109318796178376145",
            "https://indieweb.social/@alabut@techhub.social/115980505754407833",
            "https://fosstodon.org/@a_b.c/1234/embed",
            "http://mastodon.test:8080/@mira/42?x=1",
        ];
        let no = [
            "https://x.com/a/status/1",
            "https://bsky.app/profile/a.bsky.social/post/3k",
            "https://mastodon.social/@Gargron",
            "https://mastodon.social/@Gargron/with_replies",
            "https://www.threads.net/@zuck/post/C1a2b3",
            "https://mastodon.social/@a/12/reblogs",
            "https://medium.com/@writer/my-post-1a2b3c",
        ];
        for u in yes {
            assert!(is_post_url(u), "{u}");
        }
        for u in no {
            assert!(!is_post_url(u), "{u}");
        }
        assert_eq!(
            status_in_path("/@alabut@techhub.social/115980505754407833"),
            Some(("alabut@techhub.social".into(), "115980505754407833".into()))
        );
    }

    #[test]
    fn accounts_get_the_instance_domain() {
        let page = Page::from_url(Some("https://Social.Example:443/@mira/1"));
        assert_eq!(page.full_acct("mira"), "mira@social.example");
        assert_eq!(page.full_acct("tom@other.example"), "tom@other.example");
        assert_eq!(
            page.absolute("/@mira/1"),
            "https://Social.Example:443/@mira/1"
        );
        assert_eq!(page.absolute("https://a.example/x"), "https://a.example/x");
        assert_eq!(Page::from_url(None).full_acct("mira"), "mira");
    }
}
