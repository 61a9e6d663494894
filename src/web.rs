//! The browser boundary: the only module that touches `wasm_bindgen` and `web_sys`.
//!
//! It turns a DOM into the same [`Snapshot`] the native side builds from saved HTML, then calls
//! the pure core. Errors cross the boundary as `JsError` with a one-line message; nothing here
//! may panic (the crate denies `unwrap`/`expect`/`panic!`).

use crate::compact::snapshot_from_compact;
use crate::model::Thread;
use crate::render::{self, Format, RenderOptions};
use crate::snapshot::{NodeId, Snapshot};
use crate::{x, ExtractOptions, UnrollError};
use wasm_bindgen::prelude::*;
use web_sys::{Document, DomParser, Element, Node, SupportedType};

/// Snapshot of a live DOM subtree. Iterative: hostile pages may nest deeper than the stack.
pub fn snapshot_from_dom(root: &Node) -> Snapshot {
    let mut snap = Snapshot::new();
    let mut stack: Vec<(Node, NodeId)> = Vec::new();
    push_children(root, Snapshot::ROOT, &mut stack);
    while let Some((node, parent)) = stack.pop() {
        match node.node_type() {
            Node::ELEMENT_NODE => {
                let Some(el) = node.dyn_ref::<Element>() else {
                    continue;
                };
                let tag = el.local_name();
                if Snapshot::should_skip(&tag, el.get_attribute("role").as_deref()) {
                    continue;
                }
                let attrs = el.attributes();
                let pairs: Vec<(String, String)> = (0..attrs.length())
                    .filter_map(|i| attrs.item(i))
                    .map(|a| (a.name(), a.value()))
                    .collect();
                let id = snap.push_element(
                    parent,
                    &tag,
                    pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                );
                push_children(&node, id, &mut stack);
            }
            Node::TEXT_NODE | Node::CDATA_SECTION_NODE => {
                if let Some(text) = node.node_value() {
                    snap.push_text(parent, &text);
                }
            }
            _ => {}
        }
    }
    snap
}

fn push_children(node: &Node, id: NodeId, stack: &mut Vec<(Node, NodeId)>) {
    let start = stack.len();
    let mut child = node.first_child();
    while let Some(c) = child {
        child = c.next_sibling();
        stack.push((c, id));
    }
    stack[start..].reverse();
}

fn parse_document(html: &str) -> Result<Document, JsError> {
    let parser = DomParser::new().map_err(|_| JsError::new("this browser cannot parse HTML"))?;
    parser
        .parse_from_string(html, SupportedType::TextHtml)
        .map_err(|_| JsError::new("the page markup could not be parsed"))
}

fn to_js_error(e: UnrollError) -> JsError {
    JsError::new(&e.to_string())
}

fn options_from<T: serde::de::DeserializeOwned + Default>(value: JsValue) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("bad options: {e}")))
}

/// Any page's HTML (saved pages in the playground) → the author's thread, via `DOMParser`.
#[wasm_bindgen(js_name = unrollPage)]
pub fn unroll_page(html: &str, page_url: &str, options: JsValue) -> Result<Unrolled, JsError> {
    let options: ExtractOptions = options_from(options)?;
    let doc = parse_document(html)?;
    let snap = snapshot_from_dom(&doc);
    let url = (!page_url.is_empty()).then_some(page_url);
    let thread = crate::site::extract(&snap, url, &options).map_err(to_js_error)?;
    Ok(Unrolled { thread })
}

/// Same, from a live DOM node (tests and the playground use it).
#[wasm_bindgen(js_name = unrollNode)]
pub fn unroll_node(root: &Node, page_url: &str, options: JsValue) -> Result<Unrolled, JsError> {
    let options: ExtractOptions = options_from(options)?;
    let snap = snapshot_from_dom(root);
    let url = (!page_url.is_empty()).then_some(page_url);
    let thread = crate::site::extract(&snap, url, &options).map_err(to_js_error)?;
    Ok(Unrolled { thread })
}

/// A thread kept in Wasm memory, rendered on demand.
#[wasm_bindgen]
pub struct Unrolled {
    thread: Thread,
}

#[wasm_bindgen]
impl Unrolled {
    /// `format`: "text" | "markdown" | "html" | "json".
    pub fn render(&self, format: &str, options: JsValue) -> Result<String, JsError> {
        let format = Format::parse(format)
            .ok_or_else(|| JsError::new(&format!("unknown format '{format}'")))?;
        let options: RenderOptions = options_from(options)?;
        Ok(render::render(&self.thread, format, &options))
    }

    /// The reader view's `<article>`.
    #[wasm_bindgen(js_name = articleHtml)]
    pub fn article_html(&self, options: JsValue) -> Result<String, JsError> {
        let options: RenderOptions = options_from(options)?;
        Ok(render::render_article(&self.thread, &options))
    }

    /// The `<article>` with only its first `count` posts; the rest come from `postsHtml`.
    #[wasm_bindgen(js_name = articleStartHtml)]
    pub fn article_start_html(&self, count: usize, options: JsValue) -> Result<String, JsError> {
        let options: RenderOptions = options_from(options)?;
        Ok(render::render_article_start(&self.thread, &options, count))
    }

    /// The `<li>` items of posts `start..end`, to append to the article's `ol.posts`.
    #[wasm_bindgen(js_name = postsHtml)]
    pub fn posts_html(
        &self,
        start: usize,
        end: usize,
        options: JsValue,
    ) -> Result<String, JsError> {
        let options: RenderOptions = options_from(options)?;
        Ok(render::render_posts(&self.thread, &options, start, end))
    }

    /// One key per post, in order, for the reader to update the article in place: the status id
    /// and a stamp of what the post shows (a post X cut is replaced once collected whole). An
    /// unavailable post has no id: it is keyed by the post after it.
    #[wasm_bindgen(js_name = postKeys)]
    pub fn post_keys(&self) -> Vec<String> {
        render::post_keys(&self.thread)
    }

    /// The inside of the header's date · count · reading time line.
    #[wasm_bindgen(js_name = threadMetaHtml)]
    pub fn thread_meta_html(&self, options: JsValue) -> Result<String, JsError> {
        let options: RenderOptions = options_from(options)?;
        Ok(render::render_thread_meta(&self.thread, &options))
    }

    /// The notes on completeness (`<aside>`), or an empty string.
    #[wasm_bindgen(js_name = notesHtml)]
    pub fn notes_html(&self, options: JsValue) -> Result<String, JsError> {
        let options: RenderOptions = options_from(options)?;
        Ok(render::render_notes(&self.thread, &options))
    }

    /// The thread as rich text for the clipboard (see `render_clipboard_html`).
    #[wasm_bindgen(js_name = clipboardHtml)]
    pub fn clipboard_html(&self, options: JsValue) -> Result<String, JsError> {
        let options: RenderOptions = options_from(options)?;
        Ok(render::render_clipboard_html(&self.thread, &options))
    }

    /// The thread as an EPUB file. The pictures the reader already has come as their URLs (as
    /// the article's `src` says them, one a line: an http(s) URL holds no line break), their
    /// sizes in bytes, and all their bytes one after another; each one not given stays a link.
    pub fn epub(
        &self,
        options: JsValue,
        image_urls: &str,
        image_sizes: Vec<u32>,
        bytes: &[u8],
    ) -> Result<Vec<u8>, JsError> {
        let options: RenderOptions = options_from(options)?;
        let mut images = Vec::with_capacity(image_sizes.len());
        let mut at = 0usize;
        for (url, size) in image_urls.lines().zip(image_sizes) {
            let end = at.saturating_add(size as usize);
            let Some(image) = bytes.get(at..end) else {
                return Err(JsError::new("the image sizes do not match the bytes given"));
            };
            images.push(render::EpubImage { url, bytes: image });
            at = end;
        }
        render::render_epub(&self.thread, &options, &images)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// The model as a plain JS object (same shape as the JSON export).
    pub fn thread(&self) -> Result<JsValue, JsError> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        serde::Serialize::serialize(&self.thread, &serializer)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// A file name stem from the author and date: `handle-2026-01-27-thread`.
    #[wasm_bindgen(js_name = fileStem)]
    pub fn file_stem(&self) -> String {
        render::file_stem(&self.thread)
    }

    #[wasm_bindgen(getter, js_name = postCount)]
    pub fn post_count(&self) -> usize {
        self.thread.posts.len()
    }

    /// The thread's site by name ("X", "Bluesky"), for the reader's own sentences.
    #[wasm_bindgen(getter, js_name = siteName)]
    pub fn site_name(&self) -> String {
        self.thread.platform.site_name().to_string()
    }
}

/// Collects a thread across many snapshots of X's virtualized timeline (see `x::collect`). A page
/// of a site without a collector (`Site::collects`) is read once: its first snapshot is the thread.
#[wasm_bindgen]
pub struct ThreadCollector {
    inner: x::collect::Collector,
    page_url: Option<String>,
    options: ExtractOptions,
    /// Set on the first snapshot of a page whose site has no collector: that snapshot's thread.
    single: Option<Result<Thread, UnrollError>>,
    started: bool,
}

#[wasm_bindgen]
impl ThreadCollector {
    #[wasm_bindgen(constructor)]
    pub fn new(page_url: &str, options: JsValue) -> Result<ThreadCollector, JsError> {
        let options: ExtractOptions = options_from(options)?;
        let url = (!page_url.is_empty()).then(|| page_url.to_string());
        Ok(ThreadCollector {
            inner: x::collect::Collector::new(url.clone(), options.clone()),
            page_url: url,
            options,
            single: None,
            started: false,
        })
    }

    /// Adds a snapshot (`markup`: the content script's compact HTML, see `compact`) taken with the page at
    /// `viewport` (`{atTop, atBottom}`); returns the progress: `{next: "scrollUp" | "scrollDown"
    /// | "wait" | "done", reason, posts, numberedTotal, rows, click: [ref…], gap}`.
    pub fn add(&mut self, markup: &str, viewport: JsValue) -> Result<JsValue, JsError> {
        let viewport: x::collect::Viewport = options_from(viewport)?;
        let snap = snapshot_from_compact(markup);
        let progress = match self.read_once(&snap) {
            Some(progress) => progress,
            None => self.inner.add(&snap, viewport),
        };
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        serde::Serialize::serialize(&progress, &serializer)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// Adds a piece of a snapshot sent in several pieces; only the last one goes through `add`.
    #[wasm_bindgen(js_name = addPiece)]
    pub fn add_piece(&mut self, markup: &str, viewport: JsValue) -> Result<(), JsError> {
        let viewport: x::collect::Viewport = options_from(viewport)?;
        let snap = snapshot_from_compact(markup);
        if self.read_once(&snap).is_none() {
            self.inner.add_piece(&snap, viewport);
        }
        Ok(())
    }

    /// The thread collected so far; `cancelled` adds a warning that collection stopped early.
    pub fn finish(&self, cancelled: bool) -> Result<Unrolled, JsError> {
        let thread = match &self.single {
            Some(once) => once.clone(),
            None if cancelled => self.inner.cancelled_thread(),
            None => self.inner.thread(),
        }
        .map_err(to_js_error)?;
        Ok(Unrolled { thread })
    }
}

impl ThreadCollector {
    /// On the first snapshot, decides whether the page's site collects; when it does not, the
    /// thread is extracted from this snapshot and collection is over (`NotCollected`). Later
    /// snapshots of such a page are ignored.
    fn read_once(&mut self, snap: &Snapshot) -> Option<x::collect::Progress> {
        if !std::mem::replace(&mut self.started, true) {
            let site = crate::site::recognise(snap, self.page_url.as_deref());
            if site.is_some_and(|s| !s.collects) {
                let url = self.page_url.as_deref();
                self.single = Some(crate::site::extract(snap, url, &self.options));
            }
        }
        let once = self.single.as_ref()?;
        let reason = match once {
            Ok(_) => x::collect::StopReason::NotCollected,
            Err(_) => x::collect::StopReason::NoThread,
        };
        Some(x::collect::Progress {
            next: x::collect::Next::Done,
            reason: Some(reason),
            posts: once.as_ref().map_or(0, |t| t.posts.len()),
            numbered_total: None,
            rows: 0,
            click: Vec::new(),
            gap: false,
            loading: false,
        })
    }
}
