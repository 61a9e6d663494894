// @ts-check
// The reader's frame on the page: a full-viewport iframe of the extension's reader.html, in a
// shadow root, so the Wasm runs under the extension's CSP, never the page's. Opening takes the
// reader's place and the first snapshot in the click's own task (the snapshot goes through the
// background, where the reader takes it as soon as its script runs), then connects a
// MessageChannel once the reader says it is ready; the channel carries every later message.
// Closing gives the page back exactly as it was: focus, aria-hidden, the place being read.

import { MSG } from "../messages.js";
import { snapshotPage } from "./snapshot.js";
import { viewportState, collectStep } from "./scroll.js";
import { placeOnScreen, placeScrollY, scrollBack } from "./place.js";
import { setStyles, showNotice } from "./notice.js";

const HELLO_TIMEOUT_MS = 5000;
// The first snapshot's time slice, and the largest one that goes through the background
// (about 400 posts of X's markup; real X mounts 20–30).
const OPEN_SLICE_MS = 60;
const HAND_OVER_MAX_CHARS = 2 * 1024 * 1024;

const now = () => performance.timeOrigin + performance.now();
const message = (name) => chrome.i18n.getMessage(name);
let reader = null; // the open reader's state, or null

/** Whether a reader is open on this page. */
export function readerIsOpen() {
  return reader !== null;
}

export function openReader() {
  const startedAt = now();
  // Before anything changes the page, whose layout is then still clean: reading positions
  // forces no layout (about 1 ms per 100 mounted posts; real X mounts 20–30).
  const place = placeOnScreen();
  const extensionOrigin = chrome.runtime.getURL("").replace(/\/$/, "");
  const host = document.createElement("unspool-reader");
  host.id = "unspool-root";
  setStyles(host, {
    all: "initial", position: "fixed", inset: "0", width: "100vw", height: "100vh",
    "z-index": "2147483647", display: "block", margin: "0", padding: "0", border: "0",
  });
  const iframe = document.createElement("iframe");
  const ticket = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
  iframe.src = chrome.runtime.getURL("reader.html") + "?origin=" + encodeURIComponent(location.origin) + "&ticket=" + ticket;
  iframe.allow = "clipboard-write";
  iframe.title = message("readerTitle");
  setStyles(iframe, {
    display: "block", width: "100%", height: "100%", border: "0", margin: "0", padding: "0",
    background: "transparent", "color-scheme": "normal",
  });
  host.attachShadow({ mode: "open" }).append(iframe);

  reader = {
    host,
    iframe,
    port: null,
    helloTimer: 0,
    scrollX: window.scrollX,
    scrollY: window.scrollY,
    place, // the post the reader was reading (see `placeOnScreen`), or null
    focused: document.activeElement,
    hidden: [], // [element, its aria-hidden before] for the page's top-level elements
    touchedHeight: -1, // the page's height when collection last showed the page its far end
    lowestFromBottom: Infinity, // see `farthestDown`
    lastDirection: null, // the last scroll the collector asked for: "up" or "down"
    closed: false, // set once this reader is closed: its pending steps stop
  };
  const state = reader;
  state.onReady = onReaderReady;
  // The reader says when its script runs; connecting then, not on the frame's `load`, saves
  // the wait for its styles and images, and for this page's busy main thread to get to it.
  window.addEventListener("message", onReaderReady, true);
  window.addEventListener("keydown", onPageKeydown, true);
  window.addEventListener("focusin", onPageFocus, true);
  state.helloTimer = setTimeout(() => {
    // The reader never answered (blocked frame, broken install): give the page back.
    if (reader === state) {
      closeReader();
      showNotice(message("noticeCannotOpen"));
    }
  }, HELLO_TIMEOUT_MS);
  // Mount first so the reader page and its Wasm load (in the extension's process) while the
  // snapshot is taken here.
  (document.body || document.documentElement).append(host);
  // On open the snapshot gets one long first slice: finished inside this task, it is handed over
  // before the page repaints around the new frame (50–80 ms on X-weight pages), and the reader
  // takes it from the background without waiting for this thread.
  const snapshotStart = performance.now();
  state.snapshot = snapshotPage(host, OPEN_SLICE_MS).then((pieces) => {
    const page = {
      type: MSG.page,
      pieces,
      url: location.href,
      // The page has been sitting loaded since it opened: its ends are as loaded as they get.
      viewport: viewportState(true),
      timings: { startedAt, snapshotMs: performance.now() - snapshotStart, sentAt: now() },
    };
    const size = pieces.reduce((sum, piece) => sum + piece.length, 0);
    state.handedOver = size <= HAND_OVER_MAX_CHARS;
    chrome.runtime.sendMessage({ type: MSG.page, ticket, page: state.handedOver ? page : null }).catch(() => {});
    return page;
  });

  // Hide the page from assistive technology. Not `inert` and no `overflow: hidden`: on a page
  // of X's weight either one restyles every element (40–170 ms of this tab's main thread).
  // The reader covers the viewport, keeps focus (`onPageFocus`) and contains its own
  // scrolling (`overscroll-behavior` in reader.css), which is what they were for.
  for (const child of document.body ? document.body.children : []) {
    if (child === host) continue;
    state.hidden.push([child, child.getAttribute("aria-hidden")]);
    child.setAttribute("aria-hidden", "true");
  }

  function onReaderReady(event) {
    if (reader !== state || event.source !== iframe.contentWindow || event.origin !== extensionOrigin) return;
    if (event.data?.type !== MSG.ready || state.port) return;
    event.stopImmediatePropagation();
    window.removeEventListener("message", onReaderReady, true);
    // Focus first (the reader puts its own focus back when the connection arrives), and only
    // now: focusing the frame before its document is ours leaves no document focused.
    iframe.focus();
    const channel = new MessageChannel();
    state.port = channel.port1;
    channel.port1.onmessage = (message) => onReaderMessage(state, message.data);
    // The target origin keeps the port and the page's content away from anything but our reader.
    iframe.contentWindow.postMessage({ type: MSG.connect }, extensionOrigin, [channel.port2]);
    state.snapshot.then((page) => {
      // Too big for one runtime message: it goes by the channel, in pieces the reader adds one
      // task at a time.
      if (reader === state && state.handedOver === false) channel.port1.postMessage(page);
    });
  }
}

// Focus that lands on the page (Tab past the reader's last control, a page script) goes back.
function onPageFocus(event) {
  if (!reader || event.target === reader.host) return;
  reader.iframe.focus();
}

function onReaderMessage(state, data) {
  if (reader !== state || !data || typeof data.type !== "string") return;
  if (data.type === MSG.hello) clearTimeout(state.helloTimer);
  if (data.type === MSG.close) closeReader();
  if (data.type === MSG.step) collectStep(state, data);
  // The reader could not take the snapshot from the background: it comes this way instead
  // (unless it already did, being too big for the background).
  if (data.type === MSG.sendPage) {
    state.snapshot.then((page) => {
      if (!state.handedOver) return;
      state.handedOver = false;
      state.port?.postMessage(page);
    });
  }
  if (data.type === MSG.scrollBack) scrollBack(state);
}

function onPageKeydown(event) {
  if (event.key === "Escape" && reader) {
    event.preventDefault();
    event.stopImmediatePropagation();
    closeReader();
  }
}

export function closeReader() {
  const state = reader;
  if (!state) return;
  reader = null;
  state.closed = true;
  clearTimeout(state.helloTimer);
  window.removeEventListener("keydown", onPageKeydown, true);
  window.removeEventListener("focusin", onPageFocus, true);
  window.removeEventListener("message", state.onReady, true);
  if (state.port) state.port.close();
  state.host.remove();
  for (const [el, ariaHidden] of state.hidden) {
    if (ariaHidden === null) el.removeAttribute("aria-hidden");
    else el.setAttribute("aria-hidden", ariaHidden);
  }
  const focused = state.focused;
  if (focused && focused !== document.body && focused.isConnected && typeof focused.focus === "function") {
    focused.focus({ preventScroll: true });
  }
  window.scrollTo({ left: state.scrollX, top: placeScrollY(state), behavior: "instant" });
}
