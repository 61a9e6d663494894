//! Collecting a thread longer than what X keeps in the DOM.
//!
//! X's timeline is virtualized: only rows near the viewport exist. The content script scrolls
//! and ships a snapshot after each step; the [`Collector`] merges the rows of every snapshot by
//! status id into one ordered list and says what to do next (scroll up, scroll down, open a
//! "Show replies" cell, or stop). The content script knows nothing of X: it only scrolls,
//! waits for the page to settle and clicks the elements this module names by reference.

use super::{find_chain, read_rows, thread_from_chain, Chain, MarkupMode, Row, RowKind};

use crate::model::{Thread, Warning, WarningCode};
use crate::snapshot::Snapshot;
use crate::{ExtractOptions, UnrollError};

/// Attribute the content script puts on clickable elements in its snapshot (never on the page).
pub const REF_ATTRIBUTE: &str = "data-unspool-ref";

// The types every collector shares (the reader's protocol) live in the generic module.
pub use crate::collect::{Next, Progress, StopReason, Viewport};

/// Merges snapshots into one row list and decides the next step.
pub struct Collector {
    rows: Vec<Keyed>,
    wanted_urls: Vec<String>,
    page_url: Option<String>,
    options: ExtractOptions,
    mode: MarkupMode,
    /// A snapshot was taken at the very top (bottom) of the list: that end is known for good.
    seen_top: bool,
    seen_bottom: bool,
    /// Snapshots still to wait for after a "Show replies" click before calling the chain done:
    /// X first swaps the button for a spinner, and the posts arrive after a fetch. Cleared as
    /// soon as a snapshot shows posts right below `reveal_above`.
    revealing: u8,
    /// The post just above the last "Show replies" clicked.
    reveal_above: Option<String>,
    /// Wait steps taken for the last "Show replies" (see [`MAX_REVEAL_WAITS`]).
    reveal_waits: u8,
    /// The last decision was `Done`: gap notes belong to the final report only.
    done: bool,
    /// The latest window showing the chain's first post showed the page's spinner above it:
    /// more is loading there, whatever the post's thread line says.
    loading_above_top: bool,
    /// What the last requested click was, to give it up when it did nothing.
    last_click: Option<String>,
    /// "Show replies" cells given up (the post above, and where a link-form cell leads): the
    /// chain may continue behind them.
    hidden_after: Vec<(String, Option<String>)>,
    /// How often each thing was clicked ("truncated:<id>", "reveal:<id of the post above>"): a
    /// button that does nothing when clicked must not be clicked forever.
    clicked: std::collections::HashMap<String, u8>,
}

/// What [`Collector::clicks_in`] found: references to click, the post above a "Show replies"
/// among them, the click's key, and reveal cells that stay closed (post above, link).
type Clicks = (
    Vec<String>,
    Option<String>,
    Option<String>,
    Vec<(String, Option<String>)>,
);

/// The window's first post, and whether the page's spinner is drawn above it.
fn loading_above(window: &[Row]) -> (Option<String>, bool) {
    let mut loader = false;
    for row in window {
        match &row.kind {
            RowKind::Loader => loader = true,
            RowKind::Post(p) => return (Some(p.id.clone()), loader),
            _ => {}
        }
    }
    (None, loader)
}

/// Clicks on one button before giving up on it.
const MAX_CLICKS: u8 = 2;
/// Wait steps for an opened "Show replies" while X's spinner still stands in its place. Without
/// a spinner two are enough (`revealing`); with one, the fetch is still running, and on a busy
/// machine or a slow network it can outlast two quiet frames: leaving then lets the posts arrive
/// out of sight. Bounded, for a spinner that never ends: each wait lasts at most one load wait
/// (`LOAD_WAIT_MS` in content/scroll.js, 6 s, less once the page's loads are timed).
const MAX_REVEAL_WAITS: u8 = 5;

struct Keyed {
    key: String,
    row: Row,
    /// The row seen just above this one in the latest snapshot that showed both. A chain's end
    /// counts only when one snapshot showed it next to the chain: rows merged from separate
    /// snapshots may have had posts appear between them since (a "Show replies" opened).
    prev: Option<String>,
    /// The author's announced total in this post ("12" of "3/12"), read once when stored.
    numbered_total: Option<u32>,
}

fn numbered_total(row: &Row) -> Option<u32> {
    match &row.kind {
        RowKind::Post(p) => crate::numbering::find(&p.text).and_then(|n| n.total),
        _ => None,
    }
}

impl Collector {
    pub fn new(page_url: Option<String>, options: ExtractOptions) -> Self {
        Collector {
            rows: Vec::new(),
            wanted_urls: page_url.iter().cloned().collect(),
            page_url,
            options,
            mode: MarkupMode::TestIds,
            seen_top: false,
            seen_bottom: false,
            revealing: 0,
            reveal_above: None,
            reveal_waits: 0,
            done: false,
            loading_above_top: false,
            last_click: None,
            hidden_after: Vec::new(),
            clicked: std::collections::HashMap::new(),
        }
    }

    /// Adds one snapshot of the page and says what to do next.
    pub fn add(&mut self, snap: &Snapshot, viewport: Viewport) -> Progress {
        let (window, mode) = read_rows(snap);
        self.mode = mode;
        if self.wanted_urls.len() <= 1 {
            self.wanted_urls.extend(crate::site::page_urls(snap));
        }
        if viewport.click_did_nothing {
            if let Some(key) = self.last_click.take() {
                if key.starts_with("reveal:") {
                    self.revealing = 0;
                }
                self.clicked.insert(key, MAX_CLICKS);
            }
        }
        if self.revealing > 0 && self.reveal_arrived(&window) {
            self.revealing = 0;
            // Rows merged below the post above while the part was hidden or loading now lie
            // below all of it, and snapshots taken meanwhile placed them next to it: forget them
            // (this window and the next ones show them again where they are), or the chain would
            // seem to end after the first posts that arrived.
            let above = self.reveal_above.as_deref().map(|id| format!("post:{id}"));
            if let Some(pos) = above.and_then(|key| self.position(&key)) {
                self.rows.truncate(pos + 1);
            }
            self.seen_bottom = false;
        }
        let loading = window.iter().any(|r| r.kind == RowKind::Loader);
        let (clicks, reveal_after, click_key, closed) = self.clicks_in(&window);
        for (above, href) in closed {
            if !self.hidden_after.iter().any(|(h, _)| *h == above) {
                self.hidden_after.push((above, href));
            }
        }
        self.last_click = click_key.clone();
        if let Some(key) = click_key {
            if let Some(above) = key.strip_prefix("reveal:") {
                // Its posts arrive after a fetch: wait for them before calling the chain done.
                self.start_reveal_wait();
                self.reveal_above = Some(above.to_string());
            }
            *self.clicked.entry(key).or_insert(0) += 1;
        }
        let gap = self.is_gap(&window);
        let reveal_loading = self.revealing > 0 && self.reveal_loading(&window);
        let window_top = loading_above(&window);
        self.merge(window, viewport.scrolled_up);
        if let Some(post_id) = reveal_after {
            // The posts behind "Show replies" will come in right after this post, above rows we
            // saw below it: forget those (they are seen again on the way down), or the chain
            // would seem to end where the hidden part begins.
            if let Some(pos) = self.position(&format!("post:{post_id}")) {
                self.rows.truncate(pos + 1);
            }
            self.seen_bottom = false;
            self.start_reveal_wait();
        }
        self.seen_top |= viewport.at_top;
        self.seen_bottom |= viewport.at_bottom;
        // The decision needs where the chain lies, not the thread: no post is copied here.
        let Ok(chain) = self.chain(&self.rows()) else {
            return Progress {
                next: Next::Done,
                reason: Some(StopReason::NoThread),
                posts: 0,
                numbered_total: None,
                rows: self.rows.len(),
                click: Vec::new(),
                gap,
                loading,
            };
        };
        let numbered_total = chain
            .members
            .iter()
            .flatten()
            .chain(&chain.answers)
            .filter_map(|&i| self.rows.get(i)?.numbered_total)
            .max();
        let ends = chain.ends;
        self.note_loading_above(&window_top, ends.first_row);
        // An end met in merged rows counts only if one snapshot showed it adjacent to the chain.
        let top_open = ends.top_open
            || (ends.root && self.loading_above_top)
            || ends
                .start_row
                .is_some_and(|start| !self.seen_adjacent(start, ends.first_row));
        let bottom_open = ends.bottom_open
            || ends
                .end_row
                .is_some_and(|end| !self.seen_adjacent(ends.last_row, end));
        let (next, reason) = if !clicks.is_empty() {
            // Open what hides posts first; the same window is read again after the click.
            (Next::ScrollDown, None)
        } else if self.revealing > 0 {
            // Stay by the opened cell until its posts are in: scrolled away, the page would
            // keep what is on screen in place and the posts would arrive out of sight, read
            // later without the post above them (their start would be skipped).
            if !reveal_loading || self.reveal_waits >= MAX_REVEAL_WAITS {
                self.revealing -= 1;
            }
            self.reveal_waits = self.reveal_waits.saturating_add(1);
            (Next::Wait, None)
        } else if top_open && !self.seen_top {
            (Next::ScrollUp, None)
        } else if bottom_open && !self.seen_bottom {
            (Next::ScrollDown, None)
        } else if bottom_open {
            (Next::Done, Some(StopReason::EndOfList))
        } else {
            (Next::Done, Some(StopReason::ChainComplete))
        };
        self.done = next == Next::Done;
        Progress {
            next,
            reason,
            posts: chain.post_count(),
            numbered_total,
            rows: self.rows.len(),
            click: clicks,
            gap,
            loading,
        }
    }

    /// Remembers whether the latest window holding the chain's first post had a spinner above it.
    fn note_loading_above(&mut self, window_top: &(Option<String>, bool), first_row: usize) {
        let first = self.rows.get(first_row).and_then(|k| match &k.row.kind {
            RowKind::Post(p) => Some(p.id.as_str()),
            _ => None,
        });
        if let (Some(top), Some(first)) = (window_top.0.as_deref(), first) {
            if top == first {
                self.loading_above_top = window_top.1;
            }
        }
    }

    /// The wait for a clicked "Show replies" begins (again).
    fn start_reveal_wait(&mut self) {
        self.revealing = 2;
        self.reveal_waits = 0;
    }

    /// The window shows a post right below the one above the clicked "Show replies": the hidden
    /// part has arrived (while it loads, X draws its spinner there).
    fn reveal_arrived(&self, window: &[Row]) -> bool {
        matches!(self.row_below_reveal(window), Some(RowKind::Post(_)))
    }

    /// X's spinner stands right below the post above the clicked "Show replies": its fetch runs.
    fn reveal_loading(&self, window: &[Row]) -> bool {
        matches!(self.row_below_reveal(window), Some(RowKind::Loader))
    }

    /// What the window shows right below the post above the clicked "Show replies".
    fn row_below_reveal<'w>(&self, window: &'w [Row]) -> Option<&'w RowKind> {
        let above = self.reveal_above.as_deref()?;
        let at = window
            .iter()
            .position(|r| matches!(&r.kind, RowKind::Post(p) if p.id == above))?;
        window[at + 1..]
            .iter()
            .map(|r| &r.kind)
            .find(|kind| !matches!(kind, RowKind::Empty | RowKind::Ad))
    }

    /// A window with posts, none of them known, after something was known: a gap.
    fn is_gap(&self, window: &[Row]) -> bool {
        let known: std::collections::HashSet<&str> = self
            .rows
            .iter()
            .filter_map(|k| match &k.row.kind {
                RowKind::Post(p) => Some(p.id.as_str()),
                _ => None,
            })
            .collect();
        let mut window_posts = window.iter().filter_map(|r| match &r.kind {
            RowKind::Post(p) => Some(p.id.as_str()),
            _ => None,
        });
        !known.is_empty()
            && window_posts.clone().next().is_some()
            && !window_posts.any(|id| known.contains(id))
    }

    /// Adds one piece of a snapshot that came in several (a page with hundreds of rows mounted):
    /// merged only; the last piece goes through [`Collector::add`] for the decision.
    pub fn add_piece(&mut self, snap: &Snapshot, viewport: Viewport) {
        let (window, mode) = read_rows(snap);
        self.mode = mode;
        if self.wanted_urls.len() <= 1 {
            self.wanted_urls.extend(crate::site::page_urls(snap));
        }
        self.merge(window, viewport.scrolled_up);
        self.seen_top |= viewport.at_top;
    }

    /// The thread from everything collected so far. Gaps in the author's numbering are noted
    /// only once collection is over: until then the missing numbers may still be on their way.
    pub fn thread(&self) -> Result<Thread, UnrollError> {
        self.thread_with_gap_notes(self.done)
    }

    fn thread_with_gap_notes(&self, gap_notes: bool) -> Result<Thread, UnrollError> {
        let rows = self.rows();
        let mut thread = thread_from_chain(&rows, &self.chain(&rows)?, self.mode)?;
        if !gap_notes {
            thread
                .warnings
                .retain(|w| w.code != WarningCode::MissingNumbers);
        }
        // Where the one-snapshot extraction puts them: after the notes about the page itself.
        let at = thread
            .warnings
            .iter()
            .take_while(|w| {
                matches!(
                    w.code,
                    WarningCode::StructuralFallback | WarningCode::FocalNotFound
                )
            })
            .count();
        for (i, (above, href)) in self.hidden_after.iter().enumerate() {
            let above = (above != "top").then_some(above.as_str());
            thread.insert_warning(
                at + i,
                Warning::new(WarningCode::HiddenReplies)
                    .about(above)
                    .link(href.as_deref()),
            );
        }
        Ok(thread)
    }

    /// The thread when the reader stopped collecting early: says so in its warnings.
    pub fn cancelled_thread(&self) -> Result<Thread, UnrollError> {
        let mut thread = self.thread_with_gap_notes(true)?;
        let n = thread.posts.len();
        thread.warn(Warning::new(WarningCode::Cancelled).count(n));
        Ok(thread)
    }

    fn rows(&self) -> Vec<&Row> {
        self.rows.iter().map(|k| &k.row).collect()
    }

    fn chain(&self, rows: &[&Row]) -> Result<Chain, UnrollError> {
        find_chain(
            rows,
            &self.wanted_urls,
            self.page_url.as_deref(),
            &self.options,
        )
    }

    /// "Show replies" cells and in-place "Show more" buttons that sit inside the chain, and,
    /// when a "Show replies" is among them, the id of the post just above it (where the hidden
    /// posts will appear); last, the reveal cells that cannot be opened (no reference, or
    /// clicked in vain), each with the post above it and where a link-form cell leads.
    fn clicks_in(&self, window: &[Row]) -> Clicks {
        let Ok(Chain { ends, .. }) = find_chain(
            &window.iter().collect::<Vec<_>>(),
            &self.wanted_urls,
            self.page_url.as_deref(),
            &self.options,
        ) else {
            return (Vec::new(), None, None, Vec::new());
        };
        let mut closed = Vec::new();
        let tried = |key: &str| self.clicked.get(key).copied().unwrap_or(0) >= MAX_CLICKS;
        // (reference, what it is, the post above it for a "Show replies")
        let mut reveal: Option<(String, String, Option<String>)> = None;
        let mut expand: Option<(String, String)> = None;
        let mut last_post: Option<&str> = None;
        for (i, row) in window.iter().enumerate() {
            // Between the chain's first post and whatever ended it: a "Show replies" there may
            // hide the rest of the chain.
            let inside = i >= ends.first_row && ends.end_row.is_none_or(|end| i < end);
            match (&row.kind, &row.action_ref) {
                (RowKind::ShowMore, r) if inside && reveal.is_none() => {
                    let above = last_post.unwrap_or("top");
                    let key = format!("reveal:{above}");
                    match r {
                        Some(r) if !tried(&key) => {
                            reveal = Some((r.clone(), key, last_post.map(str::to_string)));
                        }
                        _ => closed.push((above.to_string(), row.action_href.clone())),
                    }
                }
                (RowKind::Post(p), r) => {
                    if let (true, true, Some(r), None) = (inside, p.truncated, r, &expand) {
                        let key = format!("truncated:{}", p.id);
                        if !tried(&key) {
                            expand = Some((r.clone(), key));
                        }
                    }
                    last_post = Some(&p.id);
                }
                _ => {}
            }
        }
        // One click per snapshot: a click re-renders rows, so other references would go stale.
        // "Show replies" first: it hides whole posts, a cut text only hides words.
        match (reveal, expand) {
            (Some((r, key, above)), _) => (vec![r], above, Some(key), closed),
            (None, Some((r, key))) => (vec![r], None, Some(key), closed),
            (None, None) => (Vec::new(), None, None, closed),
        }
    }

    /// Sequence merge: every row of the window goes right after the row that preceded it in the
    /// window (or before the one that followed it), unless its key is already known.
    fn merge(&mut self, window: Vec<Row>, scrolled_up: bool) {
        let mut previous_post_key: Option<String> = None;
        let mut ordinal = 0;
        let fresh = self.rows.is_empty();
        let keyed: Vec<Keyed> = window
            .into_iter()
            .filter(|r| {
                matches!(
                    r.kind,
                    RowKind::Post(_) | RowKind::Unavailable | RowKind::Heading
                )
            })
            // A placeholder or heading above the window's first post has no anchor to be keyed
            // by; a later window shows it after its post.
            .skip_while(|r| !fresh && !matches!(r.kind, RowKind::Post(_)))
            .map(|row| {
                let key = match &row.kind {
                    RowKind::Post(p) => {
                        ordinal = 0;
                        format!("post:{}", p.id)
                    }
                    other => {
                        ordinal += 1;
                        format!(
                            "{}:{ordinal}:after:{}",
                            other.name(),
                            previous_post_key.as_deref().unwrap_or("top")
                        )
                    }
                };
                if let RowKind::Post(_) = row.kind {
                    previous_post_key = Some(key.clone());
                }
                Keyed {
                    key,
                    numbered_total: numbered_total(&row),
                    row,
                    prev: None,
                }
            })
            .collect();
        let mut keyed = keyed;
        for i in 1..keyed.len() {
            keyed[i].prev = Some(keyed[i - 1].key.clone());
        }

        // Plan first (positions from one index of the known rows), then rebuild the list in one
        // pass: inserting row by row would be quadratic on a 5,000-post thread.
        let index: std::collections::HashMap<&str, usize> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, k)| (k.key.as_str(), i))
            .collect();
        let first_known = keyed
            .iter()
            .find_map(|k| index.get(k.key.as_str()).copied());
        let unanchored = if scrolled_up { 0 } else { self.rows.len() };
        let mut cursor: Option<usize> = None;
        let mut updates: Vec<(usize, Keyed)> = Vec::new();
        let mut inserts: Vec<(usize, Keyed)> = Vec::new();
        for k in keyed {
            match index.get(k.key.as_str()).copied() {
                Some(pos) => {
                    cursor = Some(pos + 1);
                    updates.push((pos, k));
                }
                // New rows go right after the window row above them that is known, or before
                // the first known one, or past everything in the scroll's direction.
                None => inserts.push((cursor.or(first_known).unwrap_or(unanchored), k)),
            }
        }
        drop(index);
        for (pos, k) in updates {
            let known = &mut self.rows[pos];
            // Refresh a known row: where it was last seen, and an expanded text over a cut one.
            if k.prev.is_some() {
                known.prev = k.prev;
            }
            if let (RowKind::Post(old), RowKind::Post(new)) = (&known.row.kind, &k.row.kind) {
                if old.truncated && !new.truncated {
                    known.row = k.row;
                    known.numbered_total = k.numbered_total;
                }
            }
        }
        if inserts.is_empty() {
            return;
        }
        crate::order::stable_sort_by(&mut inserts, |(a, _), (b, _)| a.cmp(b)); // stable: rows for one place keep the window's order
        let old = std::mem::take(&mut self.rows);
        let total = old.len() + inserts.len();
        let mut inserts = inserts.into_iter().peekable();
        let mut rows = Vec::with_capacity(total);
        for (i, k) in old.into_iter().enumerate() {
            while let Some((_, new)) = inserts.next_if(|(at, _)| *at <= i) {
                rows.push(new);
            }
            rows.push(k);
        }
        rows.extend(inserts.map(|(_, new)| new));
        self.rows = rows;
    }

    /// Rows `from..=to` were each seen right below the one before, in some snapshot.
    fn seen_adjacent(&self, from: usize, to: usize) -> bool {
        (from + 1..=to).all(|i| match (self.rows.get(i), self.rows.get(i - 1)) {
            (Some(row), Some(above)) => row.prev.as_deref() == Some(above.key.as_str()),
            _ => false,
        })
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.rows.iter().position(|k| k.key == key)
    }
}

/// X's collector behind the interface every collector shares (`Site::collection`).
impl crate::collect::Collect for Collector {
    fn add(&mut self, snap: &Snapshot, viewport: Viewport) -> Progress {
        Collector::add(self, snap, viewport)
    }
    fn add_piece(&mut self, snap: &Snapshot, viewport: Viewport) {
        Collector::add_piece(self, snap, viewport)
    }
    fn thread(&self) -> Result<Thread, UnrollError> {
        Collector::thread(self)
    }
    fn cancelled_thread(&self) -> Result<Thread, UnrollError> {
        Collector::cancelled_thread(self)
    }
}

/// A collector for an X page (`x::SITE`).
pub fn boxed(
    page_url: Option<String>,
    options: ExtractOptions,
) -> Box<dyn crate::collect::Collect> {
    Box::new(Collector::new(page_url, options))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::html_page::snapshot_from_html;

    /// A minimal X-like cell: enough markers for the extractor, nothing more.
    fn cell(y: usize, handle: &str, id: u64, text: &str) -> String {
        format!(
            r#"<div data-testid="cellInnerDiv" style="transform: translateY({y}px)"><article data-testid="tweet" tabindex="0"><div data-testid="User-Name"><a href="/{handle}">{handle}</a></div><a href="/{handle}/status/{id}"><time datetime="2026-01-01T00:00:00.000Z">x</time></a><div data-testid="tweetText" lang="en">{text}</div></article></div>"#
        )
    }

    fn show_more(y: usize, r: usize) -> String {
        format!(
            r#"<div data-testid="cellInnerDiv" style="transform: translateY({y}px)"><div role="button" data-unspool-ref="{r}">Show replies</div></div>"#
        )
    }

    #[allow(clippy::unwrap_used)]
    fn page(cells: &[String]) -> Snapshot {
        snapshot_from_html(&format!(
            r#"<main><div data-testid="primaryColumn">{}</div></main>"#,
            cells.join("")
        ))
        .unwrap()
    }

    /// 30 posts by "a" then 3 replies by "b"; `window(lo, hi)` holds rows lo..hi only.
    fn rows() -> Vec<String> {
        let mut v: Vec<String> = (0..30)
            .map(|i| cell(i * 100, "a", 1000 + i as u64, &format!("{}/30 post", i + 1)))
            .collect();
        v.extend((0..3).map(|i| cell(3000 + i * 100, "b", 5000 + i as u64, "reply")));
        v
    }

    #[test]
    fn merges_overlapping_windows_from_the_middle() {
        let all = rows();
        let mut c = Collector::new(
            Some("https://x.com/a/status/1015".into()),
            ExtractOptions::default(),
        );
        // Opened on post 16: rows 12..20 mounted.
        let p = c.add(&page(&all[12..20]), Viewport::default());
        assert_eq!(p.next, Next::ScrollUp);
        let p = c.add(&page(&all[5..14]), Viewport::default());
        assert_eq!(p.next, Next::ScrollUp);
        let p = c.add(
            &page(&all[0..7]),
            Viewport {
                at_top: true,
                at_bottom: false,
                scrolled_up: false,
                click_did_nothing: false,
            },
        );
        assert_eq!(p.next, Next::ScrollDown);
        let p = c.add(&page(&all[18..27]), Viewport::default());
        assert_eq!(p.next, Next::ScrollDown);
        let p = c.add(&page(&all[25..33]), Viewport::default());
        assert_eq!(p.next, Next::Done);
        assert_eq!(p.reason, Some(StopReason::ChainComplete));
        assert_eq!(p.numbered_total, Some(30));
        let t = c.thread().unwrap();
        let ids: Vec<u64> = t.posts.iter().map(|p| p.id.parse().unwrap()).collect();
        assert_eq!(ids, (1000..1030).collect::<Vec<_>>());
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    }

    #[test]
    fn reports_gaps_when_a_window_was_missed() {
        let all = rows();
        let mut c = Collector::new(
            Some("https://x.com/a/status/1000".into()),
            ExtractOptions::default(),
        );
        c.add(
            &page(&all[0..10]),
            Viewport {
                at_top: true,
                at_bottom: false,
                scrolled_up: false,
                click_did_nothing: false,
            },
        );
        // Rows 10..20 never captured.
        let p = c.add(
            &page(&all[20..33]),
            Viewport {
                at_top: false,
                at_bottom: true,
                scrolled_up: false,
                click_did_nothing: false,
            },
        );
        assert_eq!(p.next, Next::Done);
        let t = c.thread().unwrap();
        assert_eq!(t.posts.len(), 20);
        assert!(t
            .warnings
            .iter()
            .any(|w| w.code == crate::model::WarningCode::MissingNumbers));
    }

    #[test]
    fn asks_to_open_show_replies_inside_the_chain() {
        let mut cells: Vec<String> = (0..3)
            .map(|i| cell(i * 100, "a", 1000 + i as u64, "post"))
            .collect();
        cells.push(show_more(300, 7));
        let mut c = Collector::new(
            Some("https://x.com/a/status/1000".into()),
            ExtractOptions::default(),
        );
        let p = c.add(
            &page(&cells),
            Viewport {
                at_top: true,
                at_bottom: false,
                scrolled_up: false,
                click_did_nothing: false,
            },
        );
        assert_eq!(p.click, vec!["7".to_string()]);
    }

    #[test]
    fn end_of_list_when_the_chain_is_still_open() {
        let all = rows();
        let mut c = Collector::new(
            Some("https://x.com/a/status/1000".into()),
            ExtractOptions::default(),
        );
        let p = c.add(
            &page(&all[0..10]),
            Viewport {
                at_top: true,
                at_bottom: true,
                scrolled_up: false,
                click_did_nothing: false,
            },
        );
        assert_eq!(p.next, Next::Done);
        assert_eq!(p.reason, Some(StopReason::EndOfList));
    }

    #[test]
    fn a_window_without_known_posts_is_a_gap_and_lands_on_the_right_side() {
        let all = rows();
        let mut c = Collector::new(
            Some("https://x.com/a/status/1015".into()),
            ExtractOptions::default(),
        );
        let p = c.add(&page(&all[12..20]), Viewport::default());
        assert!(!p.gap);
        // Scrolled up too far: rows 2..8 share nothing with 12..20.
        let p = c.add(
            &page(&all[2..8]),
            Viewport {
                scrolled_up: true,
                ..Viewport::default()
            },
        );
        assert!(p.gap);
        // Stepping back fills the hole.
        let p = c.add(
            &page(&all[6..14]),
            Viewport {
                scrolled_up: false,
                click_did_nothing: false,
                ..Viewport::default()
            },
        );
        assert!(!p.gap);
        let t = c.thread().unwrap();
        let ids: Vec<u64> = t.posts.iter().map(|p| p.id.parse().unwrap()).collect();
        assert_eq!(ids, (1002..1020).collect::<Vec<_>>());
    }

    #[test]
    fn the_same_window_twice_changes_nothing() {
        let all = rows();
        let mut c = Collector::new(
            Some("https://x.com/a/status/1000".into()),
            ExtractOptions::default(),
        );
        c.add(
            &page(&all[0..10]),
            Viewport {
                at_top: true,
                at_bottom: false,
                scrolled_up: false,
                click_did_nothing: false,
            },
        );
        let p = c.add(
            &page(&all[0..10]),
            Viewport {
                at_top: true,
                at_bottom: false,
                scrolled_up: false,
                click_did_nothing: false,
            },
        );
        assert_eq!(p.posts, 10);
        assert_eq!(p.rows, 10);
    }

    /// A cell with X's avatar and the strip above it, with or without the thread line.
    fn threaded(y: usize, id: u64, line_above: bool) -> String {
        let line = if line_above {
            "<div><div></div></div>"
        } else {
            ""
        };
        format!(
            r#"<div data-testid="cellInnerDiv" style="transform: translateY({y}px)"><article data-testid="tweet" tabindex="0"><div><div><div>{line}<div></div></div></div><div><div><div data-testid="UserAvatar-Container-a"></div></div><div><div data-testid="User-Name"><a href="/a">a</a></div><a href="/a/status/{id}"><time datetime="2026-01-01T00:00:00.000Z">x</time></a><div data-testid="tweetText" lang="en">post {id}</div></div></div></article></div>"#
        )
    }

    fn loader(y: usize) -> String {
        format!(
            r#"<div data-testid="cellInnerDiv" style="transform: translateY({y}px)"><div role="progressbar"></div></div>"#
        )
    }

    #[test]
    fn the_conversation_root_ends_the_upward_phase_without_a_wait() {
        let cells: Vec<String> = (0..6)
            .map(|i| threaded(i * 100, 1000 + i as u64, i > 0))
            .collect();
        let mut c = Collector::new(
            Some("https://x.com/a/status/1003".into()),
            ExtractOptions::default(),
        );
        // Not at the page's top, yet the root is in view: no step up.
        let p = c.add(&page(&cells), Viewport::default());
        assert_eq!(p.next, Next::ScrollDown);
        // Every post with a line above: the root may be further up.
        let cells: Vec<String> = (1..6)
            .map(|i| threaded(i * 100, 1000 + i as u64, true))
            .collect();
        let mut c = Collector::new(
            Some("https://x.com/a/status/1003".into()),
            ExtractOptions::default(),
        );
        assert_eq!(
            c.add(&page(&cells), Viewport::default()).next,
            Next::ScrollUp
        );
    }

    #[test]
    fn a_spinner_above_the_first_post_keeps_the_way_up_open() {
        let mut cells = vec![loader(0)];
        cells.extend((0..6).map(|i| threaded(100 + i * 100, 1000 + i as u64, i > 0)));
        let mut c = Collector::new(
            Some("https://x.com/a/status/1003".into()),
            ExtractOptions::default(),
        );
        assert_eq!(
            c.add(&page(&cells), Viewport::default()).next,
            Next::ScrollUp
        );
    }

    /// Opened at the top of the list: the thread's first post is on screen.
    const AT_TOP: Viewport = Viewport {
        at_top: true,
        at_bottom: false,
        scrolled_up: false,
        click_did_nothing: false,
    };

    /// The author's post `i` of a chain by "a" (id 1000 + i), one row per 100 px.
    fn chain_post(i: u64) -> String {
        cell(i as usize * 100, "a", 1000 + i, "post")
    }

    fn collector_of_post(id: u64) -> Collector {
        Collector::new(
            Some(format!("https://x.com/a/status/{id}")),
            ExtractOptions::default(),
        )
    }

    /// Posts 0 and 1, a "Show replies" cell (ref 7), then `below`: the collector clicks the cell.
    fn clicks_show_replies(c: &mut Collector, below: &[String]) {
        let mut cells = vec![chain_post(0), chain_post(1), show_more(200, 7)];
        cells.extend_from_slice(below);
        assert_eq!(c.add(&page(&cells), AT_TOP).click, vec!["7".to_string()]);
    }

    #[test]
    fn a_revealed_part_ends_the_reveal_wait_as_soon_as_it_arrives() {
        let other = cell(2000, "b", 5000, "reply");
        let mut c = collector_of_post(1000);
        clicks_show_replies(&mut c, std::slice::from_ref(&other));
        // X draws its spinner in the cell's place while it fetches: wait for it.
        let p = c.add(
            &page(&[chain_post(0), chain_post(1), loader(200), other.clone()]),
            AT_TOP,
        );
        assert_eq!(p.next, Next::Wait);
        // The hidden posts are in: done, with no idle wait after them.
        let p = c.add(
            &page(&[
                chain_post(0),
                chain_post(1),
                chain_post(2),
                chain_post(3),
                other,
            ]),
            AT_TOP,
        );
        assert_eq!(
            (p.next, p.reason),
            (Next::Done, Some(StopReason::ChainComplete))
        );
        assert_eq!(p.posts, 4);
        assert!(c.thread().unwrap().warnings.is_empty());
    }

    #[test]
    fn the_collector_stays_by_an_opened_cell_until_its_posts_arrive() {
        let mut c = collector_of_post(1000);
        clicks_show_replies(&mut c, &[]);
        // The chain's bottom is open below the spinner, but scrolling on would let the posts
        // arrive out of sight.
        let p = c.add(&page(&[chain_post(0), chain_post(1), loader(200)]), AT_TOP);
        assert_eq!(p.next, Next::Wait);
    }

    #[test]
    fn a_slow_reveal_is_waited_for_while_its_spinner_stands() {
        let other = cell(2000, "b", 5000, "reply");
        let mut c = collector_of_post(1000);
        clicks_show_replies(&mut c, std::slice::from_ref(&other));
        // A fetch slower than two quiet frames: the spinner is still there, so stay.
        let spinning = page(&[chain_post(0), chain_post(1), loader(200), other.clone()]);
        for _ in 0..5 {
            assert_eq!(c.add(&spinning, AT_TOP).next, Next::Wait);
        }
        let p = c.add(
            &page(&[
                chain_post(0),
                chain_post(1),
                chain_post(2),
                chain_post(3),
                other,
            ]),
            AT_TOP,
        );
        assert_eq!(
            (p.next, p.reason, p.posts),
            (Next::Done, Some(StopReason::ChainComplete), 4)
        );
    }

    #[test]
    fn a_spinner_that_never_ends_is_not_waited_on_forever() {
        let mut c = collector_of_post(1000);
        c.add(
            &page(&[chain_post(0), chain_post(1), show_more(200, 7)]),
            AT_TOP,
        );
        let spinning = page(&[chain_post(0), chain_post(1), loader(200)]);
        let waits = (0..20)
            .take_while(|_| c.add(&spinning, AT_TOP).next == Next::Wait)
            .count();
        assert!((5..=12).contains(&waits), "{waits} waits");
    }

    #[test]
    fn a_reveal_cell_drawn_as_a_link_is_clicked_and_reported_when_it_stays_closed() {
        let top = Viewport {
            at_top: true,
            ..Viewport::default()
        };
        let link = r#"<div data-testid="cellInnerDiv" style="transform: translateY(200px)"><a href="/i/status/1002" data-unspool-ref="9">Show more replies</a></div>"#;
        let cells = [
            cell(0, "a", 1000, "post"),
            cell(100, "a", 1001, "post"),
            link.to_string(),
        ];
        let mut c = Collector::new(
            Some("https://x.com/a/status/1000".into()),
            ExtractOptions::default(),
        );
        assert_eq!(c.add(&page(&cells), top).click, vec!["9".to_string()]);
        let nothing = Viewport {
            click_did_nothing: true,
            at_bottom: true,
            ..top
        };
        let p = c.add(&page(&cells), nothing);
        assert_eq!(p.next, Next::Done);
        let t = c.thread().unwrap();
        let hidden: Vec<&Warning> = t
            .warnings
            .iter()
            .filter(|w| w.code == WarningCode::HiddenReplies)
            .collect();
        assert_eq!(hidden.len(), 1, "{:?}", t.warnings);
        assert!(hidden[0].message.ends_with("https://x.com/i/status/1002"));
        assert_eq!(hidden[0].post_id.as_deref(), Some("1001"));
    }

    #[test]
    fn gap_notes_wait_for_the_end_of_collection() {
        let all = rows();
        let mut c = Collector::new(
            Some("https://x.com/a/status/1000".into()),
            ExtractOptions::default(),
        );
        let top = Viewport {
            at_top: true,
            ..Viewport::default()
        };
        let p = c.add(&page(&all[0..10]), top);
        assert_ne!(p.next, Next::Done);
        assert!(c.thread().unwrap().warnings.is_empty());
        assert!(c
            .cancelled_thread()
            .unwrap()
            .warnings
            .iter()
            .any(|w| w.code == WarningCode::MissingNumbers));
    }
}
