//! Collecting a thread longer than what the page showed on open: what every collector shares,
//! and the collector for pages that keep what they load.
//!
//! The reader drives a collector snapshot by snapshot: it adds the page as the content script
//! sent it and gets a [`Progress`] back, which names the next step (scroll, revisit an end,
//! click, wait, or done). A site says in its `Site` entry (src/site.rs) which collector its
//! pages need. A virtualized list, whose rows come and go, has its own collector in its site's
//! folder (it merges rows and pieces of snapshots). A page that keeps every post it loaded
//! mounted and loads more when an end of its list comes into view (an observer at each end)
//! needs only [`LoadedCollector`]: each snapshot is read whole by the site ([`Loaded`]), the
//! threads are merged by post, and the ends are revisited until they load nothing more.
//! Nothing here names a site.

use crate::model::{Post, PostRole, Thread, Warning, WarningCode};
use crate::snapshot::Snapshot;
use crate::{ExtractOptions, UnrollError};
use serde::{Deserialize, Serialize};

/// What the page looked like when the snapshot was taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Viewport {
    /// The page is scrolled to its very top.
    pub at_top: bool,
    /// The page is scrolled to its very bottom and stayed there without growing.
    pub at_bottom: bool,
    /// The page was just scrolled up: rows with no anchor in what is known go first, not last.
    pub scrolled_up: bool,
    /// The last click changed nothing on the page (a saved page, a dead button): give it up.
    pub click_did_nothing: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Next {
    ScrollUp,
    ScrollDown,
    /// Go to the page's top, first leaving it if the page is already near it, so that the top
    /// comes into view anew: a page that loads when its end becomes visible loads again.
    RevisitTop,
    /// The same at the page's bottom.
    RevisitBottom,
    /// Stay put and let the page finish what a click started (a "Show replies" being fetched).
    Wait,
    Done,
}

/// Why collection stopped, for the completeness report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StopReason {
    /// Both ends of the chain met a boundary (another account, a heading, or the list's ends).
    ChainComplete,
    /// The page has no more rows below, and the chain was still going.
    EndOfList,
    /// The page gave no thread at all.
    NoThread,
    /// The page's site has no collector: the thread is what the page holds.
    NotCollected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub next: Next,
    pub reason: Option<StopReason>,
    /// Posts in the chain so far.
    pub posts: usize,
    /// The author's announced total ("12" of "3/12"), when there is one.
    pub numbered_total: Option<u32>,
    /// Rows known so far, all kinds.
    pub rows: usize,
    /// References of elements to click before the next snapshot ("Show replies" inside the
    /// chain, in-place "Show more" buttons of cut posts).
    pub click: Vec<String>,
    /// The snapshot shared no post with what was known: the scroll step was too long and rows
    /// in between may have been skipped. The content script steps back and shortens its steps.
    pub gap: bool,
    /// The snapshot shows the page's loading indicator: an end of the list is only an end once
    /// the page had time to load; without it, an end that stays still is the end.
    pub loading: bool,
}

impl Progress {
    /// Collection is over before it began: the page holds no thread, or its site has no collector.
    pub fn done(reason: StopReason, posts: usize) -> Progress {
        Progress {
            next: Next::Done,
            reason: Some(reason),
            posts,
            numbered_total: None,
            rows: 0,
            click: Vec::new(),
            gap: false,
            loading: false,
        }
    }
}

/// A collector, as the reader's boundary (src/web.rs) drives it.
pub trait Collect {
    /// Adds one snapshot of the page and says what to do next.
    fn add(&mut self, snap: &Snapshot, viewport: Viewport) -> Progress;
    /// Adds one piece of a snapshot sent in several; only the last one goes through `add`.
    fn add_piece(&mut self, snap: &Snapshot, viewport: Viewport);
    /// The thread collected so far.
    fn thread(&self) -> Result<Thread, UnrollError>;
    /// The thread when the reader stopped collecting early: says so in its warnings.
    fn cancelled_thread(&self) -> Result<Thread, UnrollError>;
}

/// Makes a site's collector for a page (its URL, when known) and the reader's options.
pub type NewCollector = fn(Option<String>, ExtractOptions) -> Box<dyn Collect>;

/// One snapshot read whole by a site whose pages keep what they load.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The thread as this snapshot holds it (chain, answers, warnings).
    pub thread: Thread,
    /// The chain reaches the first item the page has loaded: more of it may load above.
    pub top_open: bool,
    /// The chain reaches the last item the page has loaded: more of it may load below.
    pub bottom_open: bool,
}

/// A site's reader of one snapshot: page URL (when known) and options as for extraction.
pub type ReadLoaded = fn(&Snapshot, Option<&str>, &ExtractOptions) -> Result<Loaded, UnrollError>;

/// Revisits of an end that loaded nothing before the end counts as reached. Two, not one: a
/// page on a busy machine may take longer to answer one revisit than the content script waits.
const QUIET_REVISITS: u8 = 2;

/// One end of the chain while collecting.
#[derive(Debug, Default, Clone, Copy)]
struct End {
    /// The site saw the chain end there, or revisits loaded nothing more.
    closed: bool,
    /// Revisits in a row that brought no new post of the chain at this end.
    quiet: u8,
}

/// The collector for pages that keep every post they load mounted (see the module's docs).
pub struct LoadedCollector {
    read: ReadLoaded,
    page_url: Option<String>,
    options: ExtractOptions,
    /// The latest snapshot's thread: its focal post, author and site.
    latest: Option<Thread>,
    /// The chain and the answers, each in order, merged from every snapshot.
    members: Vec<Post>,
    answers: Vec<Post>,
    /// Every snapshot's warnings, once each; positions refer to posts by key (see `positioned`).
    warnings: Vec<(Warning, Vec<String>)>,
    top: End,
    bottom: End,
    last: Option<Next>,
    done: bool,
}

/// A post's identity across snapshots: its URL, or its id for a post without one.
fn key(post: &Post) -> String {
    if post.url.is_empty() {
        format!("id:{}", post.id)
    } else {
        post.url.to_ascii_lowercase()
    }
}

/// Every post's identity, in order. A post with neither URL nor id (a site's placeholder for a
/// post it does not show) is known by its place: the n-th such post after the last post that has
/// one, so placeholders are neither merged into one nor repeated across snapshots.
fn keys(posts: &[Post]) -> Vec<String> {
    let mut last_known = String::new();
    let mut unnamed = 0;
    posts
        .iter()
        .map(|post| {
            if post.url.is_empty() && post.id.is_empty() {
                unnamed += 1;
                format!("after:{last_known}#{unnamed}")
            } else {
                last_known = key(post);
                unnamed = 0;
                last_known.clone()
            }
        })
        .collect()
}

/// Sequence merge: every post goes right after the known post that preceded it in `window`, or
/// before the first known one when none preceded it, or last when none is known. Planned over
/// one index of the known posts, then rebuilt in one pass (a long thread is never quadratic).
fn merge(known: &mut Vec<Post>, window: &[Post]) {
    let known_keys = keys(known);
    let window_keys = keys(window);
    let index: std::collections::HashMap<&str, usize> = known_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let first_known = window_keys
        .iter()
        .find_map(|k| index.get(k.as_str()).copied());
    let mut cursor: Option<usize> = None;
    let mut updates: Vec<(usize, &Post)> = Vec::new();
    let mut inserts: Vec<(usize, &Post)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (post, k) in window.iter().zip(&window_keys) {
        if !seen.insert(k) {
            continue;
        }
        match index.get(k.as_str()) {
            Some(&at) => {
                updates.push((at, post));
                cursor = Some(at + 1);
            }
            None => inserts.push((cursor.or(first_known).unwrap_or(known.len()), post)),
        }
    }
    drop(index);
    // A later snapshot may show more of a post (a text no longer cut): it wins.
    for (at, post) in updates {
        known[at] = post.clone();
    }
    if inserts.is_empty() {
        return;
    }
    crate::order::stable_sort_by(&mut inserts, |(a, _), (b, _)| a.cmp(b)); // stable: posts for one place keep the window's order
    let old = std::mem::take(known);
    let mut inserts = inserts.into_iter().peekable();
    for (i, post) in old.into_iter().enumerate() {
        while let Some((_, new)) = inserts.next_if(|(at, _)| *at <= i) {
            known.push(new.clone());
        }
        known.push(post);
    }
    known.extend(inserts.map(|(_, new)| new.clone()));
}

impl LoadedCollector {
    pub fn new(read: ReadLoaded, page_url: Option<String>, options: ExtractOptions) -> Self {
        LoadedCollector {
            read,
            page_url,
            options,
            latest: None,
            members: Vec::new(),
            answers: Vec::new(),
            warnings: Vec::new(),
            top: End::default(),
            bottom: End::default(),
            last: None,
            done: false,
        }
    }

    fn progress(&self, next: Next, reason: Option<StopReason>) -> Progress {
        let numbered_total = self
            .members
            .iter()
            .chain(&self.answers)
            .filter_map(|p| crate::numbering::find(&p.text).and_then(|n| n.total))
            .max();
        Progress {
            next,
            reason,
            posts: self.members.len(),
            numbered_total,
            rows: self.members.len() + self.answers.len(),
            click: Vec::new(),
            gap: false,
            loading: false,
        }
    }

    /// Keeps the snapshot's warnings not seen before; a warning about positions in that
    /// snapshot's posts remembers the posts themselves.
    fn note_warnings(&mut self, thread: &Thread) {
        let all = keys(&thread.posts);
        for warning in &thread.warnings {
            // Recomputed over the whole thread at the end.
            if warning.code == WarningCode::MissingNumbers {
                continue;
            }
            let posts: Vec<String> = warning
                .posts
                .iter()
                .filter_map(|&n| all.get(n.checked_sub(1)?).cloned())
                .collect();
            let entry = (warning.clone(), posts);
            let same = |(w, p): &(Warning, Vec<String>)| {
                w.code == entry.0.code
                    && w.post_id == entry.0.post_id
                    && w.url == entry.0.url
                    && *p == entry.1
            };
            if !self.warnings.iter().any(same) {
                self.warnings.push(entry);
            }
        }
    }

    /// The end's state after a snapshot: closed when the site sees the chain end there, or once
    /// revisits of it have loaded nothing `QUIET_REVISITS` times in a row.
    fn update_end(end: &mut End, open: bool, revisited: bool, grew: bool) {
        if !open {
            end.closed = true;
        } else if grew {
            end.quiet = 0;
        } else if revisited {
            end.quiet += 1;
            end.closed = end.quiet >= QUIET_REVISITS;
        }
    }
}

impl Collect for LoadedCollector {
    fn add(&mut self, snap: &Snapshot, _viewport: Viewport) -> Progress {
        let loaded = match (
            (self.read)(snap, self.page_url.as_deref(), &self.options),
            &self.latest,
        ) {
            (Ok(loaded), _) => loaded,
            (Err(_), None) => return Progress::done(StopReason::NoThread, 0),
            // A snapshot taken mid-render that holds no thread: what is known stands, and the
            // end being visited counts as quiet.
            (Err(_), Some(latest)) => Loaded {
                thread: latest.clone(),
                top_open: !self.top.closed,
                bottom_open: !self.bottom.closed,
            },
        };
        let (members, answers): (Vec<Post>, Vec<Post>) = loaded
            .thread
            .posts
            .iter()
            .cloned()
            .partition(|p| p.role != PostRole::Answer);
        let ends = |posts: &[Post]| {
            let all = keys(posts);
            (all.first().cloned(), all.last().cloned())
        };
        let before = ends(&self.members);
        merge(&mut self.members, &members);
        merge(&mut self.answers, &answers);
        let after = ends(&self.members);
        let grew_above = after.0 != before.0;
        let grew_below = after.1 != before.1;
        self.note_warnings(&loaded.thread);
        self.latest = Some(loaded.thread);
        let last = self.last;
        Self::update_end(
            &mut self.top,
            loaded.top_open,
            last == Some(Next::RevisitTop),
            grew_above,
        );
        Self::update_end(
            &mut self.bottom,
            loaded.bottom_open,
            last == Some(Next::RevisitBottom),
            grew_below,
        );
        // The way up first, then down: the reader reads from the top.
        let (next, reason) = if !self.top.closed {
            (Next::RevisitTop, None)
        } else if !self.bottom.closed {
            (Next::RevisitBottom, None)
        } else {
            (Next::Done, Some(StopReason::ChainComplete))
        };
        self.last = Some(next);
        self.done = next == Next::Done;
        self.progress(next, reason)
    }

    fn add_piece(&mut self, snap: &Snapshot, viewport: Viewport) {
        // Such pages are sent whole (the content script cuts pieces only for row collectors);
        // a piece is still read, as a snapshot whose decision is not taken.
        let last = self.last;
        self.add(snap, viewport);
        self.last = last;
    }

    fn thread(&self) -> Result<Thread, UnrollError> {
        let Some(latest) = &self.latest else {
            return Err(UnrollError::NoThread("no post found on this page".into()));
        };
        let mut posts = self.members.clone();
        posts.extend(self.answers.iter().cloned());
        let positions: std::collections::HashMap<String, usize> = keys(&posts)
            .into_iter()
            .enumerate()
            .map(|(i, k)| (k, i + 1))
            .collect();
        let mut thread = latest.clone();
        thread.posts = posts;
        thread.warnings.clear();
        for (warning, keys) in &self.warnings {
            let mut warning = warning.clone();
            if !keys.is_empty() {
                warning.posts = keys
                    .iter()
                    .filter_map(|k| positions.get(k).copied())
                    .collect();
            }
            thread.warn(warning);
        }
        // The author's numbering, over every collected post; gaps only once collection is over
        // (until then the missing numbers may still be on their way).
        crate::numbering::annotate(&mut thread);
        if !self.done {
            thread
                .warnings
                .retain(|w| w.code != WarningCode::MissingNumbers);
        }
        Ok(thread)
    }

    fn cancelled_thread(&self) -> Result<Thread, UnrollError> {
        let mut thread = self.thread()?;
        if !self.done {
            crate::numbering::annotate(&mut thread);
        }
        let n = thread.posts.len();
        thread.warn(Warning::new(WarningCode::Cancelled).count(n));
        Ok(thread)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::html_page::snapshot_from_html;
    use crate::model::{Author, Platform};

    /// A page of links `https://e.example/<author>/<id>`, each a post; `more` links (author
    /// "more") become a hidden-replies warning. The chain is author "a"'s run of posts.
    fn read(
        snap: &Snapshot,
        _url: Option<&str>,
        _o: &ExtractOptions,
    ) -> Result<Loaded, UnrollError> {
        let mut rows: Vec<(String, String)> = Vec::new();
        for n in snap.descendants(Snapshot::ROOT) {
            if let Some(href) = snap.attr(n, "href") {
                let mut parts = href.trim_start_matches("https://e.example/").split('/');
                let (Some(author), Some(id)) = (parts.next(), parts.next()) else {
                    continue;
                };
                rows.push((author.to_string(), id.to_string()));
            }
        }
        let post = |(author, id): &(String, String)| Post {
            id: id.clone(),
            url: format!("https://e.example/{author}/{id}"),
            author: Author {
                handle: author.clone(),
                ..Author::default()
            },
            ..Post::default()
        };
        let chain: Vec<Post> = rows.iter().filter(|r| r.0 == "a").map(post).collect();
        let focal = chain
            .first()
            .cloned()
            .ok_or_else(|| UnrollError::NoThread("none".into()))?;
        let mut thread = Thread::opened_on(Platform::Bluesky, &focal, chain);
        for r in rows.iter().filter(|r| r.0 == "more") {
            thread.warn(
                Warning::new(WarningCode::HiddenReplies)
                    .link(Some(&format!("https://e.example/a/{}", r.1))),
            );
        }
        Ok(Loaded {
            thread,
            top_open: rows.first().is_some_and(|r| r.0 == "a"),
            bottom_open: rows.last().is_some_and(|r| r.0 == "a"),
        })
    }

    #[allow(clippy::unwrap_used)]
    fn page(rows: &[(&str, u32)]) -> Snapshot {
        let links: String = rows
            .iter()
            .map(|(a, id)| format!(r#"<a href="https://e.example/{a}/{id}">p</a>"#))
            .collect();
        snapshot_from_html(&format!("<main>{links}</main>")).unwrap()
    }

    fn chain(from: u32, to: u32) -> Vec<(&'static str, u32)> {
        (from..=to).map(|i| ("a", i)).collect()
    }

    #[allow(clippy::unwrap_used)]
    fn ids(c: &LoadedCollector) -> Vec<u32> {
        let t = c.thread().unwrap();
        t.posts.iter().map(|p| p.id.parse().unwrap()).collect()
    }

    #[test]
    fn revisits_the_top_while_it_loads_then_the_bottom_then_stops() {
        let mut c = LoadedCollector::new(read, None, ExtractOptions::default());
        let v = Viewport::default();
        assert_eq!(c.add(&page(&chain(10, 14)), v).next, Next::RevisitTop);
        // A chunk of parents came in above.
        assert_eq!(c.add(&page(&chain(5, 14)), v).next, Next::RevisitTop);
        // The top loads nothing more: asked once more before it counts as reached.
        assert_eq!(c.add(&page(&chain(5, 14)), v).next, Next::RevisitTop);
        assert_eq!(c.add(&page(&chain(5, 14)), v).next, Next::RevisitBottom);
        // Replies below; the chain ends at another author's post.
        let mut rows = chain(5, 20);
        rows.push(("b", 99));
        let p = c.add(&page(&rows), v);
        assert_eq!(
            (p.next, p.reason),
            (Next::Done, Some(StopReason::ChainComplete))
        );
        assert_eq!(p.posts, 16);
        assert_eq!(ids(&c), (5..=20).collect::<Vec<_>>());
    }

    #[test]
    fn a_boundary_closes_an_end_at_once_and_its_warning_is_kept_once() {
        let mut c = LoadedCollector::new(read, None, ExtractOptions::default());
        let mut rows = vec![("more", 4)];
        rows.extend(chain(5, 9));
        rows.push(("b", 99));
        let p = c.add(&page(&rows), Viewport::default());
        assert_eq!(
            (p.next, p.reason),
            (Next::Done, Some(StopReason::ChainComplete))
        );
        c.add(&page(&rows), Viewport::default());
        let t = c.thread().unwrap_or_else(|e| panic!("{e}"));
        let hidden: Vec<_> = t
            .warnings
            .iter()
            .filter(|w| w.code == WarningCode::HiddenReplies)
            .collect();
        assert_eq!(hidden.len(), 1, "{:?}", t.warnings);
        assert_eq!(hidden[0].url.as_deref(), Some("https://e.example/a/4"));
    }

    #[test]
    fn windows_that_do_not_hold_everything_merge_in_order() {
        let mut c = LoadedCollector::new(read, None, ExtractOptions::default());
        let v = Viewport::default();
        c.add(&page(&chain(10, 14)), v);
        c.add(&page(&chain(6, 11)), v);
        c.add(&page(&chain(13, 18)), v);
        assert_eq!(ids(&c), (6..=18).collect::<Vec<_>>());
    }

    #[test]
    fn a_page_without_a_thread_is_done_at_once() {
        let mut c = LoadedCollector::new(read, None, ExtractOptions::default());
        let p = c.add(&page(&[("b", 1)]), Viewport::default());
        assert_eq!((p.next, p.reason), (Next::Done, Some(StopReason::NoThread)));
        assert!(c.thread().is_err());
    }

    #[test]
    fn placeholders_keep_their_places_across_snapshots() {
        let post = |id: &str| Post {
            id: id.into(),
            url: format!("https://site.example/p/{id}"),
            ..Post::default()
        };
        let placeholder = || Post {
            unavailable: true,
            ..Post::default()
        };
        let mut known = vec![post("1"), placeholder(), placeholder(), post("2")];
        // The same window again, then one that adds a post and a placeholder below.
        let again = known.clone();
        merge(&mut known, &again);
        merge(&mut known, &[post("2"), placeholder(), post("3")]);
        let shape: Vec<&str> = known
            .iter()
            .map(|p| if p.unavailable { "_" } else { p.id.as_str() })
            .collect();
        assert_eq!(shape, ["1", "_", "_", "2", "_", "3"]);
    }
}
