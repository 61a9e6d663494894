// @ts-check
// The reader: an extension page framed over the post by the content script. It receives the
// page snapshot over a MessageChannel, unrolls it with the Wasm core, shows the article and runs
// the toolbar. The only markup it inserts as HTML is the article the Wasm renders (every page
// string in it is escaped there); everything else it shows goes through textContent.

import init, { ThreadCollector } from "./unspool.js";
import { loadSettings, saveSettings, applyLook, sanitize, clampSize, uiLanguage, SIZE_STEP } from "./settings.js";
import { copyText, copyRich, download, EXPORTS } from "./exporting.js";
import { localizeDates } from "./dates.js";
import { collectThread } from "./collect.js";
import { MSG } from "./messages.js";

const root = document.documentElement;
const now = () => performance.timeOrigin + performance.now();
const message = (name, substitutions) => chrome.i18n.getMessage(name, substitutions);
const $ = (id) => document.getElementById(id);

// The words the Wasm prints around the content (`labels` in its render options), in the UI language.
const ARTICLE_LABELS = Object.fromEntries(
  ["threadBy", "post", "posts", "minRead", "viewOnX", "unavailable", "truncated", "answer", "video", "gif", "image", "quoting", "warnings", "source"]
    .map((key) => [key, message("article" + key[0].toUpperCase() + key.slice(1))]),
);
const COPY_FORMAT_NAMES = { markdown: "formatMarkdown", text: "formatText", rich: "formatRich" };

let port = null;
let settings = null;
let payload = null;
let unrolled = null;
// Step replies awaited from the content script during collection, by request id.
const pendingSteps = new Map();
const collection = { cancelled: false, running: false };

// ---- connection: listen before anything else, so the first message cannot be missed ----

const params = new URLSearchParams(location.search);
const pageOrigin = params.get("origin");
let resolveReceived;
const received = new Promise((resolve) => (resolveReceived = resolve));
function acceptPage(data, route) {
  if (payload || !data || !isPieces(data.pieces)) return;
  payload = data;
  resolveReceived({ data, route, receivedAt: now() });
}
// The channel to the content script, for the collection steps and for closing.
const connected = new Promise((resolve) => {
  window.addEventListener("message", function onConnect(event) {
    // Only our parent, only from the origin it was opened for, only once.
    if (event.source !== window.parent || event.origin !== pageOrigin) return;
    if (event.data?.type !== MSG.connect || !event.ports?.[0]) return;
    window.removeEventListener("message", onConnect);
    port = event.ports[0];
    port.onmessage = (e) => {
      const data = e.data;
      if (data?.type === MSG.snapshot) {
        const reply = pendingSteps.get(data.id);
        pendingSteps.delete(data.id);
        reply?.(data);
        return;
      }
      // A page too big to hand over through the background comes this way.
      if (data?.type === MSG.page) acceptPage(data, "channel");
    };
    port.postMessage({ type: MSG.hello });
    resolve(port);
  });
  // Tell the content script we are listening: it connects then (not on this frame's `load`).
  if (pageOrigin && window.parent !== window) window.parent.postMessage({ type: MSG.ready }, pageOrigin);
});
// The snapshot taken on open waits in the background (background.js, `handOver`): picking it up
// there does not depend on the page's main thread, which is busy repainting at this moment.
// When the background has nothing for us (a page too big for one message, a browser that did
// not pair us), the content script sends it over the channel.
const ticket = params.get("ticket");
const askContentScript = () => connected.then((channel) => payload || channel.postMessage({ type: MSG.sendPage }));
if (ticket) {
  chrome.runtime.sendMessage({ type: MSG.take, ticket })
    .then((page) => (page ? acceptPage(page, "background") : askContentScript()), askContentScript);
} else {
  askContentScript();
}

const wasmStart = performance.now();
let wasmExports = null;
const wasmReady = init().then((exports) => {
  wasmExports = exports;
  return performance.now() - wasmStart;
});

// Responsiveness and memory, for the tests and benchmarks (read from `window.__unspoolHealth`):
// every main-thread task over 50 ms in this frame, and the Wasm and JS heap sizes.
const longTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(Math.round(entry.duration));
  }).observe({ type: "longtask", buffered: true });
} catch {
  // No long-task timing in this browser (Firefox): nothing to record.
}
Object.defineProperty(window, "__unspoolHealth", {
  get: () => ({
    longTasks: [...longTasks],
    wasmBytes: wasmExports?.memory?.buffer?.byteLength ?? null,
    jsHeapBytes: performance.memory?.usedJSHeapSize ?? null,
  }),
});
const settingsReady = loadSettings().then((loaded) => {
  settings = loaded;
  applyLook(root, settings);
  syncAppearanceControls();
  root.classList.remove("booting");
  return loaded;
});

// ---- startup ----

async function start() {
  if (window.parent === window) {
    await settingsReady;
    return showError(message("errorStandalone"));
  }
  try {
    const [{ data, route, receivedAt }, wasmMs] = await Promise.all([received, wasmReady, settingsReady]);
    const unrollStart = performance.now();
    let unrollMs = 0;
    let renderStart = 0;
    let firstProgress = null;
    // The first snapshot is shown at once; if the thread goes on beyond what the page holds,
    // collection continues behind a progress line and the article is redrawn at the end.
    collection.running = true;
    let firstShown;
    const shown = new Promise((resolve) => (firstShown = resolve));
    /** @type {Promise<Partial<import("./collect.js").CollectResult> & {error?: any}>} */
    const collecting = collectThread({
      ThreadCollector,
      port: connected,
      pending: pendingSteps,
      first: data,
      options: { includeAnswers: settings.includeAnswers },
      control: collection,
      onProgress: (progress, collector) => {
        if (firstProgress) return showProgress(progress);
        firstProgress = progress;
        if (progress.reason === "noThread") return firstShown();
        unrolled = collector.finish(false);
        unrollMs = performance.now() - unrollStart;
        renderStart = performance.now();
        showArticle({ focus: true });
        if (progress.next !== "done") showProgress(progress);
        firstShown();
      },
    }).catch((error) => ({ error }));
    await Promise.race([shown, collecting]);
    if (!unrolled) {
      // The first snapshot holds no thread: the collector says why.
      // (finishing throws the core's one-line reason, e.g. "no X posts found on this page").
      const result = await collecting;
      throw result.error ?? new Error(message("errorTitle"));
    }
    await painted();
    const timings = {
      route, // how the first snapshot came: "background" (the fast path) or "channel"
      snapshotMs: number(data.timings?.snapshotMs),
      transferMs: receivedAt - number(data.timings?.sentAt),
      wasmMs,
      unrollMs,
      renderMs: performance.now() - renderStart,
      totalMs: now() - number(data.timings?.startedAt),
    };
    window.__unspoolTimings = timings;
    root.dataset.unspoolReady = "1";
    const result = await collecting;
    collection.running = false;
    if (result.error) throw result.error;
    if (result.steps > 0 || result.reason === "cancelled") {
      unrolled.free();
      unrolled = result.unrolled;
      showArticle({ focus: false });
    } else {
      result.unrolled?.free();
    }
    if (result.steps > 0 || result.reason === "cancelled") showReport(result);
    window.__unspoolCollection = { reason: result.reason, steps: result.steps, ms: result.ms, stats: result.stats, trace: result.trace, posts: unrolled.postCount };
    root.dataset.unspoolCollected = "1";
  } catch (/** @type {any} */ error) {
    await settingsReady.catch(() => {});
    showError(error?.message || String(error));
  }
}

function isPieces(value) {
  return Array.isArray(value) && value.length > 0 && value.every((piece) => typeof piece === "string");
}

// ---- collection progress and the completeness report ----

function progressBox() {
  let box = $("unspool-progress");
  if (box) return box;
  box = document.createElement("div");
  box.id = "unspool-progress";
  box.className = "progress";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  const text = document.createElement("span");
  text.id = "unspool-progress-text";
  text.className = "progress-text";
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.id = "unspool-cancel";
  cancel.className = "btn";
  cancel.textContent = message("cancel");
  cancel.addEventListener("click", () => {
    collection.cancelled = true;
    cancel.disabled = true;
  });
  box.append(text, cancel);
  $("unspool-main").before(box);
  return box;
}

function showProgress(progress) {
  const box = progressBox();
  box.classList.add("running");
  const count = String(progress.posts);
  $("unspool-progress-text").textContent = progress.numberedTotal
    ? message("collectingOf", [count, String(progress.numberedTotal)])
    : message("collecting", [count]);
}

function showReport(result) {
  const box = progressBox();
  box.classList.remove("running");
  $("unspool-cancel").remove();
  const reasons = {
    chainComplete: "reportComplete",
    endOfList: "reportEndOfList",
    cancelled: "reportCancelled",
    lost: "reportLost",
    limit: "reportLost",
  };
  const seconds = (result.ms / 1000).toFixed(1);
  $("unspool-progress-text").textContent =
    message(reasons[result.reason] ?? "reportComplete", [String(unrolled.postCount), seconds]);
}

function number(value) {
  return typeof value === "number" && Number.isFinite(value) ? value : NaN;
}

// Resolves once the next frame has been drawn: a task queued from `requestAnimationFrame` runs
// after that frame's style, layout and paint.
function painted() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function renderOptions(overrides) {
  return { stripNumbering: settings.stripNumbering, frontMatter: false, labels: ARTICLE_LABELS, ...overrides };
}

// Long threads are drawn in chunks, one task each, so a 5,000-post thread never freezes the tab:
// the first posts at once, the rest appended while the reader is already usable.
const FIRST_POSTS = 12;
const POSTS_PER_CHUNK = 120;
const LONG_THREAD = 400; // posts; beyond this, off-screen posts skip layout (reader.css)
let drawing = 0; // bumps on every redraw, so an older chunked draw stops

function showArticle({ focus }) {
  const token = ++drawing;
  const main = $("unspool-main");
  // A redraw (collection finished, an option changed) keeps the reader's focus where it was.
  const active = document.activeElement;
  const focusWasInArticle = active === main || (active instanceof Node && main.contains(active) && active.matches("h1"));
  // Before the connection, the focus the article is waiting for moves to the new heading.
  focus ||= focusWasInArticle || (!port && openingFocus !== null);
  const options = renderOptions();
  main.innerHTML = unrolled.articleStartHtml(FIRST_POSTS, options); // Wasm-rendered, already escaped
  localizeDates(main, uiLanguage());
  const heading = main.querySelector("h1");
  if (heading) {
    heading.tabIndex = -1;
    $("unspool-bar-title").textContent = heading.querySelector(".name")?.textContent ?? "";
    watchHeading(heading);
  }
  for (const id of ["unspool-copy", "unspool-copy-toggle", "unspool-export", "unspool-print"]) /** @type {HTMLButtonElement} */ ($(id)).disabled = false;
  settleToolbar($("unspool-copy"));
  if (focus) takeFocus(heading ?? main);
  const total = unrolled.postCount;
  main.classList.toggle("long-thread", total > LONG_THREAD);
  if (total <= FIRST_POSTS) {
    root.dataset.unspoolDrawn = String(total);
    return Promise.resolve();
  }
  return drawRest(token, main.querySelector("ol.posts"), options, total);
}

async function drawRest(token, list, options, total) {
  // The first posts get painted on their own before anything else is added.
  await painted();
  for (let start = FIRST_POSTS; start < total; start += POSTS_PER_CHUNK) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (token !== drawing || !list?.isConnected) return;
    const chunk = document.createElement("template");
    chunk.innerHTML = unrolled.postsHtml(start, start + POSTS_PER_CHUNK, options); // Wasm-rendered, escaped
    localizeDates(chunk.content, uiLanguage());
    list.append(chunk.content);
  }
  root.dataset.unspoolDrawn = String(total);
}

function showError(text) {
  const main = $("unspool-main");
  const box = document.createElement("div");
  box.className = "state state-error";
  box.id = "unspool-error";
  box.setAttribute("role", "alert");
  const title = document.createElement("h1");
  title.textContent = message("errorTitle");
  title.tabIndex = -1;
  const detail = document.createElement("p");
  detail.className = "state-detail";
  detail.textContent = text;
  const hint = document.createElement("p");
  hint.className = "state-text";
  hint.textContent = message("errorHint");
  const close = document.createElement("button");
  close.type = "button";
  close.className = "btn btn-primary";
  close.id = "unspool-error-close";
  close.textContent = message("close");
  close.addEventListener("click", closeReader);
  box.append(title, detail, hint, close);
  main.replaceChildren(box);
  root.dataset.unspoolReady = "error";
  takeFocus(close);
}

// The bar shows the author's name once the article header has scrolled away.
let headingObserver = null;
function watchHeading(heading) {
  headingObserver?.disconnect();
  headingObserver = new IntersectionObserver(([entry]) => {
    root.classList.toggle("scrolled", !entry.isIntersecting);
  }, { rootMargin: "-56px 0px 0px 0px" });
  headingObserver.observe(heading);
}

// ---- actions ----

function announce(text) {
  const status = $("unspool-status");
  status.textContent = "";
  status.classList.remove("show");
  // A fresh text node each time, so the same words are announced again.
  requestAnimationFrame(() => {
    status.textContent = text;
    status.classList.add("show");
    clearTimeout(announce.timer);
    announce.timer = setTimeout(() => status.classList.remove("show"), 2600);
  });
}
announce.timer = 0; // the pending hide of the last announcement

async function copy(format) {
  if (!unrolled) return;
  const options = renderOptions();
  const copied = format === "rich"
    ? await copyRich(unrolled.articleHtml(options), unrolled.render("text", options))
    : await copyText(unrolled.render(format, options));
  if (!copied) return announce(message("copyFailed"));
  const count = unrolled.postCount;
  const formatName = message(COPY_FORMAT_NAMES[format]);
  announce(count === 1 ? message("copiedOne", [formatName]) : message("copiedMany", [String(count), formatName]));
}

function exportAs(kind) {
  const choice = EXPORTS[kind];
  if (!unrolled || !choice) return;
  const fileName = `${unrolled.fileStem()}.${choice.extension}`;
  download(fileName, unrolled.render(choice.format, renderOptions({ frontMatter: true })), choice.type);
  announce(message("exported", [fileName]));
}

function printThread() {
  closePopups();
  announce(message("printing"));
  // Let the status paint and the popup close before the print dialog freezes the page.
  setTimeout(() => window.print(), 50);
}

function closeReader() {
  if (port) port.postMessage({ type: MSG.close });
}

function setLook(changes, announcement) {
  Object.assign(settings, sanitize({ ...settings, ...changes }));
  applyLook(root, settings);
  syncAppearanceControls();
  saveSettings(changes);
  announce(announcement);
}

function stepSize(direction) {
  const size = clampSize(settings.size + direction * SIZE_STEP);
  if (size === settings.size) return;
  setLook({ size }, message("sizeChanged", [String(size)]));
}

function syncAppearanceControls() {
  if (!settings) return;
  for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[name="theme"], input[name="font"]'))) {
    input.checked = settings[input.name] === input.value;
  }
  $("unspool-size-value").textContent = message("sizeValue", [String(settings.size)]);
}

// Settings changed elsewhere (the options page, another reader): follow them.
chrome.storage?.onChanged?.addListener((changes, area) => {
  if (area !== "sync" || !settings) return;
  const next = sanitize({ ...settings, ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.newValue])) });
  const reunroll = next.includeAnswers !== settings.includeAnswers;
  const rerender = next.stripNumbering !== settings.stripNumbering;
  Object.assign(settings, next);
  applyLook(root, settings);
  syncAppearanceControls();
  if (!unrolled || !payload) return;
  // A collected thread came from many snapshots; the option applies from the next opening.
  if (reunroll && (collection.running || window.__unspoolCollection?.steps > 0)) return;
  if (reunroll) {
    try {
      const collector = new ThreadCollector(String(payload.url ?? ""), { includeAnswers: settings.includeAnswers });
      for (const piece of payload.pieces) collector.add(piece, {});
      const next = collector.finish(false);
      collector.free();
      unrolled.free(); // the thread lives in Wasm memory until freed
      unrolled = next;
    } catch (/** @type {any} */ error) {
      return showError(error?.message || String(error));
    }
  }
  if (reunroll || rerender) showArticle({ focus: false });
});

// Where focus belongs when the reader opens. The content script focuses this frame just before
// it connects, and a frame focused from outside starts again from its body; the article can be
// shown before that (its snapshot comes through the background), so its focus waits for the
// connection.
let openingFocus = null;
function takeFocus(element) {
  openingFocus = element;
  if (port || window.parent === window) element.focus({ preventScroll: true });
}
connected.then(() => {
  if (openingFocus?.isConnected) openingFocus.focus({ preventScroll: true });
});
window.addEventListener("focus", () => {
  const lost = !document.activeElement || document.activeElement === document.body;
  if (lost && openingFocus?.isConnected) openingFocus.focus({ preventScroll: true });
});

// ---- toolbar wiring: menus, the appearance panel, roving focus, keys ----

function translateDocument() {
  root.lang = uiLanguage();
  root.dir = message("@@bidi_dir") || "ltr";
  document.title = message("readerTitle");
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("[data-i18n]"))) el.textContent = message(el.dataset.i18n);
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("[data-i18n-aria-label]"))) el.setAttribute("aria-label", message(el.dataset.i18nAriaLabel));
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("[data-i18n-title]"))) el.title = message(el.dataset.i18nTitle);
}

let openPopup = null; // { button, popup }

function togglePopup(button, { focusFirst = false } = {}) {
  const popup = $(button.getAttribute("aria-controls"));
  if (openPopup?.popup === popup) return closePopups({ restoreFocus: false });
  closePopups();
  popup.hidden = false;
  button.setAttribute("aria-expanded", "true");
  openPopup = { button, popup };
  // From the keyboard, focus goes to the first choice; from a pointer, to the popup itself so
  // Esc and Tab still work without a focus ring appearing under the mouse.
  if (focusFirst) /** @type {HTMLElement} */ (popup.querySelector('[role="menuitem"], input:checked, button'))?.focus();
  else if (popup.getAttribute("role") === "dialog") popup.focus();
}

function closePopups({ restoreFocus = false } = {}) {
  if (!openPopup) return;
  const { button, popup } = openPopup;
  openPopup = null;
  popup.hidden = true;
  button.setAttribute("aria-expanded", "false");
  if (restoreFocus) button.focus();
}

function wireToolbar() {
  $("unspool-copy").addEventListener("click", () => copy(settings?.copyFormat ?? "markdown"));
  for (const id of ["unspool-copy-toggle", "unspool-export", "unspool-appearance"]) {
    const button = $(id);
    button.addEventListener("click", (event) => togglePopup(button, { focusFirst: event.detail === 0 }));
    button.addEventListener("keydown", (event) => {
      if ((event.key === "ArrowDown" || event.key === "ArrowUp") && button.getAttribute("aria-haspopup") === "menu") {
        event.preventDefault();
        event.stopPropagation(); // the document's menu keys must not move on from the first item
        if (openPopup?.button !== button) togglePopup(button, { focusFirst: true });
        else openPopup.popup.querySelector('[role="menuitem"]')?.focus();
      }
    });
  }
  for (const item of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("[data-copy]"))) {
    item.addEventListener("click", () => {
      closePopups({ restoreFocus: true });
      copy(item.dataset.copy);
    });
  }
  for (const item of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("[data-export]"))) {
    item.addEventListener("click", () => {
      closePopups({ restoreFocus: true });
      exportAs(item.dataset.export);
    });
  }
  $("unspool-print").addEventListener("click", printThread);
  $("unspool-close").addEventListener("click", closeReader);
  for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[name="theme"], input[name="font"]'))) {
    input.addEventListener("change", () => {
      const name = message(input.name + input.value[0].toUpperCase() + input.value.slice(1));
      setLook({ [input.name]: input.value }, message(input.name + "Changed", [name]));
    });
  }
  $("unspool-size-down").addEventListener("click", () => stepSize(-1));
  $("unspool-size-up").addEventListener("click", () => stepSize(1));
  $("unspool-options").addEventListener("click", () => {
    closePopups();
    chrome.runtime.openOptionsPage();
  });

  document.addEventListener("click", (event) => {
    if (openPopup && !openPopup.popup.contains(event.target) && !openPopup.button.contains(event.target)) closePopups();
  });
  document.addEventListener("focusin", (event) => {
    if (openPopup && !openPopup.popup.contains(event.target) && openPopup.button !== event.target) closePopups();
  });
  document.addEventListener("keydown", onKeydown);
  setUpRovingFocus($("unspool-toolbar"));
}

function onKeydown(event) {
  if (event.key === "Escape") {
    event.preventDefault();
    if (openPopup) closePopups({ restoreFocus: true });
    else closeReader();
    return;
  }
  if (openPopup?.popup.getAttribute("role") === "menu" && openPopup.popup.contains(document.activeElement)) {
    const items = [...openPopup.popup.querySelectorAll('[role="menuitem"]')];
    const index = items.indexOf(document.activeElement);
    const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 }[event.key];
    if (next !== undefined) {
      event.preventDefault();
      items[(next + items.length) % items.length].focus();
    } else if (event.key === "Tab") {
      closePopups({ restoreFocus: true });
    }
  }
}

// A toolbar is one Tab stop; arrow keys move between its buttons (WAI-ARIA toolbar pattern).
let toolbarCurrent = null;

function toolbarItems() {
  /** @type {NodeListOf<HTMLButtonElement>} */
  const buttons = $("unspool-toolbar").querySelectorAll(":scope > button, :scope > .group > button");
  return [...buttons].filter((b) => !b.disabled);
}

function settleToolbar(current = toolbarCurrent) {
  const items = toolbarItems();
  toolbarCurrent = items.includes(current) ? current : items[0];
  for (const b of items) b.tabIndex = b === toolbarCurrent ? 0 : -1;
}

function setUpRovingFocus(toolbar) {
  settleToolbar($("unspool-close"));
  toolbar.addEventListener("focusin", (event) => {
    if (toolbarItems().includes(event.target)) settleToolbar(event.target);
  });
  toolbar.addEventListener("keydown", (event) => {
    const items = toolbarItems();
    const index = items.indexOf(event.target);
    if (index < 0) return;
    const forward = root.dir === "rtl" ? "ArrowLeft" : "ArrowRight";
    const backward = root.dir === "rtl" ? "ArrowRight" : "ArrowLeft";
    const next = { [forward]: index + 1, [backward]: index - 1, Home: 0, End: items.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    items[(next + items.length) % items.length].focus();
  });
}

// ---- go ----

translateDocument();
wireToolbar();
start();
