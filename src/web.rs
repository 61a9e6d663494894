//! The browser boundary: the only module that touches `wasm_bindgen` and `web_sys`.
//!
//! It turns a DOM into the same [`Snapshot`] the native side builds from saved HTML, then calls
//! the pure core. Errors cross the boundary as `JsError` with a one-line message; nothing here
//! may panic (the crate denies `unwrap`/`expect`/`panic!`).

use crate::collect::{Collect, Progress, StopReason, Viewport};
use crate::compact::snapshot_from_compact;
use crate::model::Thread;
use crate::render::{self, Format, RenderOptions};
#[cfg(feature = "live-dom")]
use crate::snapshot::NodeId;
use crate::snapshot::Snapshot;
use crate::{ExtractOptions, UnrollError};
use wasm_bindgen::prelude::*;
#[cfg(feature = "live-dom")]
use web_sys::{Document, DomParser, Element, Node, SupportedType};

#[cfg(feature = "live-dom")]
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

#[cfg(feature = "live-dom")]
fn push_children(node: &Node, id: NodeId, stack: &mut Vec<(Node, NodeId)>) {
    let start = stack.len();
    let mut child = node.first_child();
    while let Some(c) = child {
        child = c.next_sibling();
        stack.push((c, id));
    }
    stack[start..].reverse();
}

#[cfg(feature = "live-dom")]
fn parse_document(html: &str) -> Result<Document, JsError> {
    let parser = DomParser::new().map_err(|_| JsError::new("this browser cannot parse HTML"))?;
    parser
        .parse_from_string(html, SupportedType::TextHtml)
        .map_err(|_| JsError::new("the page markup could not be parsed"))
}

fn to_js_error(e: UnrollError) -> JsError {
    JsError::new(&e.to_string())
}

/// A plain JS object of options, read field by field. The boundary's inputs are a few booleans
/// and strings; reading them by hand, not through a derived `Deserialize`, keeps serde's error
/// paths (which format floats: core's float printer, 14 KB of code) out of the Wasm.
/// `undefined` or `null`, for the object or a field, means the default.
struct JsFields(JsValue);

impl JsFields {
    fn get(&self, key: &str) -> Option<JsValue> {
        if !self.0.is_object() {
            return None;
        }
        let value = web_sys::js_sys::Reflect::get(&self.0, &JsValue::from_str(key)).ok()?;
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }

    fn bool(&self, key: &str, default: bool) -> Result<bool, JsError> {
        match self.get(key) {
            None => Ok(default),
            Some(value) => value
                .as_bool()
                .ok_or_else(|| JsError::new(&format!("bad options: {key} is not true or false"))),
        }
    }

    fn string(&self, key: &str) -> Result<Option<String>, JsError> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => value
                .as_string()
                .map(Some)
                .ok_or_else(|| JsError::new(&format!("bad options: {key} is not a string"))),
        }
    }

    fn object(&self, key: &str) -> JsFields {
        JsFields(self.get(key).unwrap_or(JsValue::UNDEFINED))
    }
}

fn extract_options(value: JsValue) -> Result<ExtractOptions, JsError> {
    let fields = JsFields(value);
    Ok(ExtractOptions {
        include_answers: fields.bool("includeAnswers", false)?,
    })
}

fn render_options(value: JsValue) -> Result<RenderOptions, JsError> {
    let fields = JsFields(value);
    let default = RenderOptions::default();
    let mut labels = default.labels;
    let given = fields.object("labels");
    for (key, text) in labels.every_label() {
        if let Some(given) = given.string(key)? {
            *text = given;
        }
    }
    Ok(RenderOptions {
        strip_numbering: fields.bool("stripNumbering", default.strip_numbering)?,
        front_matter: fields.bool("frontMatter", default.front_matter)?,
        labels,
        theme: fields.string("theme")?,
        font: fields.string("font")?,
    })
}

fn viewport_from(value: JsValue) -> Result<Viewport, JsError> {
    let fields = JsFields(value);
    Ok(Viewport {
        at_top: fields.bool("atTop", false)?,
        at_bottom: fields.bool("atBottom", false)?,
        scrolled_up: fields.bool("scrolledUp", false)?,
        click_did_nothing: fields.bool("clickDidNothing", false)?,
    })
}

#[cfg(feature = "live-dom")]
/// Any page's HTML (saved pages in the playground) → the author's thread, via `DOMParser`.
#[wasm_bindgen(js_name = unrollPage)]
pub fn unroll_page(html: &str, page_url: &str, options: JsValue) -> Result<Unrolled, JsError> {
    let options = extract_options(options)?;
    let doc = parse_document(html)?;
    let snap = snapshot_from_dom(&doc);
    let url = (!page_url.is_empty()).then_some(page_url);
    let thread = crate::site::extract(&snap, url, &options).map_err(to_js_error)?;
    Ok(Unrolled { thread })
}

#[cfg(feature = "live-dom")]
/// Same, from a live DOM node (tests and the playground use it).
#[wasm_bindgen(js_name = unrollNode)]
pub fn unroll_node(root: &Node, page_url: &str, options: JsValue) -> Result<Unrolled, JsError> {
    let options = extract_options(options)?;
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
        let options = render_options(options)?;
        Ok(render::render(&self.thread, format, &options))
    }

    /// The reader view's `<article>`.
    #[wasm_bindgen(js_name = articleHtml)]
    pub fn article_html(&self, options: JsValue) -> Result<String, JsError> {
        let options = render_options(options)?;
        Ok(render::render_article(&self.thread, &options))
    }

    /// The `<article>` with only its first `count` posts; the rest come from `postsHtml`.
    #[wasm_bindgen(js_name = articleStartHtml)]
    pub fn article_start_html(&self, count: usize, options: JsValue) -> Result<String, JsError> {
        let options = render_options(options)?;
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
        let options = render_options(options)?;
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
        let options = render_options(options)?;
        Ok(render::render_thread_meta(&self.thread, &options))
    }

    /// The notes on completeness (`<aside>`), or an empty string.
    #[wasm_bindgen(js_name = notesHtml)]
    pub fn notes_html(&self, options: JsValue) -> Result<String, JsError> {
        let options = render_options(options)?;
        Ok(render::render_notes(&self.thread, &options))
    }

    /// The thread as rich text for the clipboard (see `render_clipboard_html`).
    #[wasm_bindgen(js_name = clipboardHtml)]
    pub fn clipboard_html(&self, options: JsValue) -> Result<String, JsError> {
        let options = render_options(options)?;
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
        let options = render_options(options)?;
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

    /// The model as a plain JS object (same shape as the JSON export): the export parsed by the
    /// browser, so the Wasm holds one serialiser per model type (serde_json's), not two.
    pub fn thread(&self) -> Result<JsValue, JsError> {
        web_sys::js_sys::JSON::parse(&render::render_json(&self.thread))
            .map_err(|_| JsError::new("the thread did not serialise"))
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

    /// How many posts the author numbered when the chain ends before the last of them (else
    /// `undefined`): the reader's report then says the end is the page's, not the author's.
    #[wasm_bindgen(getter, js_name = numberedBeyondEnd)]
    pub fn numbered_beyond_end(&self) -> Option<usize> {
        self.thread.numbered_beyond_end()
    }

    /// The thread's site by name ("X", "Bluesky"), for the reader's own sentences.
    #[wasm_bindgen(getter, js_name = siteName)]
    pub fn site_name(&self) -> String {
        crate::site::for_platform(self.thread.platform)
            .name
            .to_string()
    }
}

/// Collects a thread across many snapshots of the page, with the collector its site names
/// (`Site::collection`, chosen on the first snapshot). A page of a site that does not collect
/// is read once: its first snapshot is the thread.
#[wasm_bindgen]
pub struct ThreadCollector {
    page_url: Option<String>,
    options: ExtractOptions,
    state: Collecting,
}

enum Collecting {
    /// No snapshot yet: the site is not known.
    NotStarted,
    /// The site's collector.
    By(Box<dyn Collect>),
    /// The page's site does not collect: that snapshot's thread.
    Once(Result<Thread, UnrollError>),
}

#[wasm_bindgen]
impl ThreadCollector {
    #[wasm_bindgen(constructor)]
    pub fn new(page_url: &str, options: JsValue) -> Result<ThreadCollector, JsError> {
        let options = extract_options(options)?;
        let url = (!page_url.is_empty()).then(|| page_url.to_string());
        Ok(ThreadCollector {
            page_url: url,
            options,
            state: Collecting::NotStarted,
        })
    }

    /// Adds a snapshot (`markup`: the content script's compact HTML, see `compact`) taken with the page at
    /// `viewport` (`{atTop, atBottom}`); returns the progress: `{next: "scrollUp" | "scrollDown"
    /// | "revisitTop" | "revisitBottom" | "wait" | "done", reason, posts, numberedTotal, rows,
    /// click: [ref…], gap}`.
    pub fn add(&mut self, markup: &str, viewport: JsValue) -> Result<JsValue, JsError> {
        let viewport = viewport_from(viewport)?;
        let snap = snapshot_from_compact(markup);
        self.start(&snap);
        let progress = match &mut self.state {
            Collecting::By(collector) => collector.add(&snap, viewport),
            Collecting::Once(Ok(thread)) => {
                Progress::done(StopReason::NotCollected, thread.posts.len())
            }
            Collecting::Once(Err(_)) | Collecting::NotStarted => {
                Progress::done(StopReason::NoThread, 0)
            }
        };
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        serde::Serialize::serialize(&progress, &serializer)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// Adds a piece of a snapshot sent in several pieces; only the last one goes through `add`.
    #[wasm_bindgen(js_name = addPiece)]
    pub fn add_piece(&mut self, markup: &str, viewport: JsValue) -> Result<(), JsError> {
        let viewport = viewport_from(viewport)?;
        let snap = snapshot_from_compact(markup);
        self.start(&snap);
        if let Collecting::By(collector) = &mut self.state {
            collector.add_piece(&snap, viewport);
        }
        Ok(())
    }

    /// The thread collected so far; `cancelled` adds a warning that collection stopped early.
    pub fn finish(&self, cancelled: bool) -> Result<Unrolled, JsError> {
        let thread = match &self.state {
            Collecting::Once(once) => once.clone(),
            Collecting::By(collector) if cancelled => collector.cancelled_thread(),
            Collecting::By(collector) => collector.thread(),
            Collecting::NotStarted => Err(UnrollError::NoThread("no snapshot of the page".into())),
        }
        .map_err(to_js_error)?;
        Ok(Unrolled { thread })
    }
}

impl ThreadCollector {
    /// On the first snapshot: the page's site (`site::for_page`, as `site::extract` picks it)
    /// and its collector, or the thread of this snapshot when it has none.
    fn start(&mut self, snap: &Snapshot) {
        if !matches!(self.state, Collecting::NotStarted) {
            return;
        }
        let url = self.page_url.as_deref();
        let site = crate::site::for_page(snap, url);
        self.state = match site
            .collection
            .collector(self.page_url.clone(), self.options.clone())
        {
            Some(collector) => Collecting::By(collector),
            None => Collecting::Once(crate::site::extract(snap, url, &self.options)),
        };
    }
}
