//! Unspool's core: page snapshot → [`Thread`] → text, Markdown, HTML or JSON.
//!
//! ```text
//! saved HTML ─(html_page, native)─┐
//!                                  ├→ Snapshot ─(site::extract)→ Thread ─(render::*)→ String
//! browser DOM ─(web, wasm32)──────┘
//! ```
//! Everything here is pure and platform-free except the two snapshot builders: `html_page`
//! (native only) and `web` (the one module that touches `wasm_bindgen` and `web_sys`).

pub mod bluesky;
pub mod collect;
pub mod compact;
pub mod mastodon;
pub mod model;
pub mod numbering;
pub mod order;
pub mod render;
pub mod site;
pub mod snapshot;
pub mod x;
pub mod zip;

#[cfg(not(target_arch = "wasm32"))]
pub mod html_page;
#[cfg(target_arch = "wasm32")]
pub mod web;

/// Every site, in the order recognition tries them (`site::recognise`). Adding a site is adding
/// its folder, its `pub mod` line above, its entry here and its `model::Platform` variant (the
/// JSON export names it); no generic module names a site.
pub const SITES: &[site::Site] = &[bluesky::SITE, mastodon::SITE, x::SITE];

/// The site that reads pages no site claims: X's extractor also reads bare fragments (the
/// playground, tests) and says plainly when a page holds no post.
pub const UNCLAIMED: &site::Site = &x::SITE;

pub use model::Thread;
pub use render::{render, Format, RenderOptions};
use serde::{Deserialize, Serialize};

/// Choices that change which posts make the thread.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExtractOptions {
    /// Also keep the author's answers to other people, marked `role: "answer"`.
    pub include_answers: bool,
}

/// Why a page gave no thread. Messages are one line, for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnrollError {
    /// Nothing on the page looks like a post.
    NoThread(String),
    /// The page is something Unspool recognises but does not read yet.
    Unsupported(String),
}

impl std::fmt::Display for UnrollError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnrollError::NoThread(m) => write!(f, "no thread here: {m}"),
            UnrollError::Unsupported(m) => write!(f, "not supported: {m}"),
        }
    }
}

impl std::error::Error for UnrollError {}

/// Saved page → thread, natively.
#[cfg(not(target_arch = "wasm32"))]
pub fn unroll_html(
    html: &str,
    page_url: Option<&str>,
    options: &ExtractOptions,
) -> Result<Thread, UnrollError> {
    let snap = html_page::snapshot_from_html(html)?;
    site::extract(&snap, page_url, options)
}
