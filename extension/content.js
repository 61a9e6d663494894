// @ts-check
// Content script: the only code that runs inside the page. It owns three things: a compact
// snapshot of the page's markup, the full-viewport iframe that shows the reader (an extension
// page, so the Wasm runs under the extension's CSP, never the page's), and giving the page back
// exactly as it was on close. It knows no site markup beyond `main` and what the generated spec
// gives it (UNSPOOL_SPEC, from the Rust tables: tools/build.mjs); extraction is the Wasm's job.
// This entry only wires its modules, one per job (tools/build.mjs bundles them into the one
// injected classic script):
//   content/snapshot.js  the page as compact HTML, in slices and pieces
//   content/frame.js     the reader's iframe: open, connect, close
//   content/scroll.js    one collection step: click or scroll, settle, snapshot
//   content/settle.js    when the page has finished what a step started
//   content/place.js     the post being read, kept and put back
//   content/notice.js    the polite notice when Unspool cannot open

import { POST, snapshotPage } from "./content/snapshot.js";
import { openReader, closeReader, readerIsOpen } from "./content/frame.js";
import { showNotice } from "./content/notice.js";

// Where `reader.html` may be framed: the manifest's `web_accessible_resources.matches`.
const READER_ORIGINS = new Set(UNSPOOL_SPEC.readerOrigins);
const READER_LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);

(() => {
  // Injected on every click, and the click is the toggle: a copy already here owns the reader.
  if (globalThis.unspool) {
    globalThis.unspool.toggle();
    return;
  }

  function toggle() {
    if (readerIsOpen()) {
      closeReader();
    } else if (!canFrameReader() || !document.querySelector(POST)) {
      showNotice(chrome.i18n.getMessage("noticeNotAPost"));
    } else {
      openReader();
    }
  }

  function canFrameReader() {
    // "https://*" (Mastodon: any instance) lets every https page frame the reader.
    return READER_ORIGINS.has(location.origin) || READER_ORIGINS.has(location.protocol + "//*") ||
      (location.protocol === "http:" && READER_LOCAL_HOSTS.has(location.hostname));
  }

  // `snapshot` is for tests; both live in the content script's isolated world, out of the page's reach.
  globalThis.unspool = { toggle, snapshot: () => snapshotPage(null).then((pieces) => pieces.join("")) };
  toggle();
})();
