// @ts-check
// The reader: an extension page framed over the post by the content script. It receives the
// page snapshot over a MessageChannel, unrolls it with the Wasm core, shows the article and runs
// the toolbar. The only markup it inserts as HTML is the article the Wasm renders (every page
// string in it is escaped there); everything else it shows goes through textContent.

import init, { ThreadCollector } from "./unspool.js";
import { loadSettings, saveSettings, applyLook, sanitize, clampSize, uiLanguage, SIZE_STEP } from "./settings.js";
import { copyText, copyRich, download, shownImageBytes, EXPORTS } from "./exporting.js";
import { localizeDates } from "./dates.js";
import { collectThread } from "./collect.js";
import { MSG } from "./messages.js";

const root = document.documentElement;
const now = () => performance.timeOrigin + performance.now();
const message = (name, substitutions) => chrome.i18n.getMessage(name, substitutions);
const $ = (id) => document.getElementById(id);

// Every word the Wasm prints (`labels` in its render options: the article, the notes, every
// export), in the UI language: `article<Key>` in `_locales`.
const ARTICLE_LABELS = Object.fromEntries(
  ["threadBy", "post", "posts", "minRead", "viewOnSite", "unavailable", "continueOnSite", "answer", "video", "gif", "image", "quoting",
    "warnings", "source", "and", "noteTruncatedOne", "noteTruncatedMany", "noteUnavailableOne", "noteUnavailableMany",
    "noteMissingOne", "noteMissingMany", "noteHiddenReplies", "noteHiddenRepliesLink", "noteStructural", "noteFocalNotFound", "noteCancelled", "noteModerated",
    "contentWarning", "postLabel", "notOnPage", "sitePlaceholder", "noteModeratedOne", "noteModeratedMany", "noteHiddenContentOne",
    "noteHiddenContentMany", "noteArticlePartial",
    "contents", "cover", "postsRange", "poll", "noteMoreReplies"]
    .map((key) => [key, message("article" + key[0].toUpperCase() + key.slice(1))]),
);
const COPY_FORMAT_NAMES = { markdown: "formatMarkdown", text: "formatText", rich: "formatRich" };
const COPY_BUTTON_LABELS = { markdown: "copyButtonMarkdown", text: "copyButtonText", rich: "copyButtonRich" };
// Widest image on the clipboard (CSS px): a page's text width in mail and word processors.
const CLIPBOARD_IMAGE_WIDTH = 560;

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
    // Marks the collection's span for anyone watching the page (the end-to-end tests): the final
    // report, notes included, comes only after this mark is gone.
    root.dataset.unspoolCollecting = "1";
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
        if (firstProgress) {
          showProgress(progress);
          return takeCollected(collector);
        }
        firstProgress = progress;
        if (progress.reason === "noThread") return firstShown();
        unrolled = collector.finish(false);
        unrollMs = performance.now() - unrollStart;
        renderStart = performance.now();
        // While collection goes on, the notes would speak of posts still on their way: they
        // come once, with the final report.
        const collecting = progress.next !== "done";
        enqueue(() => showArticle({ focus: true, notes: !collecting }));
        if (collecting) showProgress(progress);
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
    delete root.dataset.unspoolCollecting;
    if (result.error) throw result.error;
    dropPendingUpdate();
    const collected = result.steps > 0 || result.reason === "cancelled";
    // The end is one more update in place: new posts inserted, the notes added, nothing moved.
    // (Also when no step was taken but the first view held back its notes: the page stopped answering.)
    if (result.unrolled) await enqueue(() => updateArticle(result.unrolled, { notes: true }));
    await queue;
    if (collected) showReport(result);
    // The page's site has no collector: say the reader holds only what the page holds.
    if (result.reason === "notCollected") keepingPlace(() => writeNote(message("reportNotCollected", [unrolled.siteName])));
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

// The progress line sits above the article: its changes keep the reader's place too.
function showProgress(progress) {
  const count = formatNumber(progress.posts);
  const text = progress.numberedTotal
    ? message("collectingOf", [count, formatNumber(progress.numberedTotal)])
    : message("collecting", [count]);
  keepingPlace(() => {
    progressBox().classList.add("running");
    $("unspool-progress-text").textContent = text;
  });
}

/** A number in the UI language's digits and separators ("24,9" in French). */
function formatNumber(value, fractionDigits = 0) {
  return new Intl.NumberFormat(uiLanguage(), { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value);
}

function showReport(result) {
  keepingPlace(() => writeReport(result));
}

/** The progress line turned into a settled sentence. */
function writeNote(text) {
  const box = progressBox();
  box.classList.remove("running");
  $("unspool-cancel")?.remove();
  $("unspool-progress-text").textContent = text;
}

function writeReport(result) {
  const reasons = {
    chainComplete: "reportComplete",
    endOfList: "reportEndOfList",
    cancelled: "reportCancelled",
    lost: "reportLost",
    limit: "reportLost",
  };
  const seconds = formatNumber(result.ms / 1000, 1);
  const count = formatNumber(unrolled.postCount);
  // The chain ended before the author's last number: the end met is the page's, not theirs.
  const numbered = result.reason === "chainComplete" ? unrolled.numberedBeyondEnd : undefined;
  if (numbered) return writeNote(message("reportEndsShort", [count, seconds, formatNumber(numbered)]));
  writeNote(message(reasons[result.reason] ?? "reportComplete", [count, seconds, unrolled.siteName]));
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
  return {
    stripNumbering: settings.stripNumbering, frontMatter: false, labels: ARTICLE_LABELS,
    theme: settings.theme, font: settings.font, ...overrides,
  };
}

// Long threads are drawn in chunks, one task each, so a 5,000-post thread never freezes the tab:
// the first posts at once, the rest appended while the reader is already usable.
const FIRST_POSTS = 12;
const POSTS_PER_CHUNK = 120;
// Below the toolbar, what a person cannot be reading yet: a post's last line or its date.
const READ_SLIVER_PX = 40;
const LONG_THREAD = 400; // posts; beyond this, off-screen posts skip layout (reader.css)

// Every change to the article runs in this one queue, so a draw never interleaves with an
// update and the `Unrolled` it reads is never freed under it.
let queue = Promise.resolve();
function enqueue(task) {
  queue = queue.then(task).catch((error) => showError(error?.message || String(error)));
  return queue;
}

function showArticle({ focus, notes = true }) {
  const main = $("unspool-main");
  // A redraw (an option changed) keeps the reader's focus where it was.
  const active = document.activeElement;
  const focusWasInArticle = active === main || (active instanceof Node && main.contains(active) && active.matches("h1"));
  // Before the connection, the focus the article is waiting for moves to the new heading.
  focus ||= focusWasInArticle || (!port && openingFocus !== null);
  const options = renderOptions();
  main.innerHTML = unrolled.articleStartHtml(FIRST_POSTS, options); // Wasm-rendered, already escaped
  if (!notes) main.querySelector(".thread-warnings")?.remove();
  localizeDates(main, uiLanguage());
  const heading = main.querySelector("h1");
  if (heading) {
    heading.tabIndex = -1;
    // A thread's bar names its author; an Article's, its title (the heading itself).
    $("unspool-bar-title").textContent = (heading.classList.contains("article-title") ? heading : heading.querySelector(".name"))?.textContent ?? "";
    watchHeading(heading);
  }
  for (const id of ["unspool-copy", "unspool-copy-toggle", "unspool-export", "unspool-print"]) /** @type {HTMLButtonElement} */ ($(id)).disabled = false;
  settleToolbar($("unspool-copy"));
  if (focus) takeFocus(heading ?? main);
  const total = unrolled.postCount;
  main.classList.toggle("long-thread", total > LONG_THREAD);
  const list = main.querySelector("ol.posts");
  const keys = unrolled.postKeys();
  keyItems(list, keys, 0);
  if (total <= FIRST_POSTS) {
    root.dataset.unspoolDrawn = String(total);
    return Promise.resolve();
  }
  return drawRest(unrolled, list, options, keys);
}

async function drawRest(thread, list, options, keys) {
  // The first posts get painted on their own before anything else is added.
  await painted();
  for (let start = FIRST_POSTS; start < keys.length; start += POSTS_PER_CHUNK) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (!list?.isConnected) return;
    list.append(postItems(thread, start, Math.min(start + POSTS_PER_CHUNK, keys.length), options, keys));
  }
  root.dataset.unspoolDrawn = String(keys.length);
}

/** Posts `start..end` as a fragment of `<li>`s, dates localized, each marked with its key. */
function postItems(thread, start, end, options, keys) {
  const items = wasmFragment(thread.postsHtml(start, end, options));
  keyItems(items, keys, start);
  return items;
}

/** Markup the Wasm rendered (every page string in it escaped there) as nodes, dates localized. */
function wasmFragment(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  localizeDates(template.content, uiLanguage());
  return template.content;
}

function keyItems(container, keys, start) {
  [...(container?.children ?? [])].forEach((item, i) => {
    if (start + i < keys.length) /** @type {HTMLElement} */ (item).dataset.key = keys[start + i];
  });
}

// ---- updates in place: the article grows as posts arrive and never moves under the reader ----

let pendingUpdate = null; // the newest collected thread not shown yet
let lastTake = -Infinity;
let takeEvery = 400; // ms between two reads of the collector; grows with the thread's size

/** During collection: now and then, the thread so far, shown by an update in place. */
function takeCollected(collector) {
  if (performance.now() - lastTake < takeEvery) return;
  const started = performance.now();
  const next = collector.finish(false);
  lastTake = performance.now();
  takeEvery = Math.max(400, 6 * (lastTake - started)); // reading the collector stays a small share
  const queued = pendingUpdate !== null;
  pendingUpdate?.free();
  pendingUpdate = next;
  if (!queued) enqueue(() => {
    const thread = pendingUpdate;
    pendingUpdate = null;
    return thread && updateArticle(thread, { notes: false });
  });
}

function dropPendingUpdate() {
  pendingUpdate?.free();
  pendingUpdate = null;
}

/**
 * Shows `next` (which replaces `unrolled`) by changing only what differs: posts inserted in
 * order, removed or redrawn by key, the header's count and, with `notes`, the notes. Each change
 * keeps the post at the top of the viewport where it was, in the same task, before a paint.
 */
async function updateArticle(next, { notes }) {
  const main = $("unspool-main");
  const list = main.querySelector("ol.posts");
  const previous = unrolled;
  unrolled = next;
  previous?.free();
  if (!list) return showArticle({ focus: false, notes });
  const options = renderOptions();
  const keys = next.postKeys();
  keepingPlace(() => removeStale(list, keys, next, options));
  main.classList.toggle("long-thread", keys.length > LONG_THREAD);
  // Posts go in by chunks, yielding between them only past a chunk's worth, so that an update
  // of a collection step (posts above and below) lands in one task with its header.
  let sinceYield = 0;
  for (const [start, end, before] of missingRuns(list, keys)) {
    for (let at = start; at < end; at += POSTS_PER_CHUNK) {
      if (sinceYield >= POSTS_PER_CHUNK) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        sinceYield = 0;
      }
      const stop = Math.min(at + POSTS_PER_CHUNK, end);
      keepingPlace(() => list.insertBefore(postItems(next, at, stop, options, keys), before));
      sinceYield += stop - at;
    }
  }
  // The header and the notes once every post is in: the count is always what is shown.
  keepingPlace(() => {
    const meta = main.querySelector(".thread-meta");
    meta?.replaceChildren(wasmFragment(next.threadMetaHtml(options)));
    if (notes) {
      main.querySelector(".thread-warnings")?.remove();
      list.before(wasmFragment(next.notesHtml(options)));
    }
  });
  root.dataset.unspoolDrawn = String(keys.length);
}

/**
 * Removes the posts that are gone or out of order, and redraws in its place a post whose content
 * changed (a post X cut, collected whole since), so the post being read is never missing.
 */
function removeStale(list, keys, thread, options) {
  const order = new Map(keys.map((key, i) => [key, i]));
  const byId = new Map(keys.map((key, i) => [key.split(" ")[0], i]));
  let last = -1;
  for (const item of /** @type {HTMLElement[]} */ ([...list.children])) {
    const exact = order.get(item.dataset.key ?? "");
    const changed = exact === undefined ? byId.get((item.dataset.key ?? "").split(" ")[0]) : undefined;
    const at = exact ?? changed;
    if (at === undefined || at <= last) {
      item.remove();
      continue;
    }
    if (changed !== undefined) item.replaceWith(postItems(thread, at, at + 1, options, keys));
    last = at;
  }
}

/** `[start, end, before]` for each run of keys the list lacks: insert them before `before`. */
function missingRuns(list, keys) {
  const runs = [];
  let item = /** @type {HTMLElement | null} */ (list.firstElementChild);
  for (let i = 0; i < keys.length;) {
    if (item && item.dataset.key === keys[i]) {
      item = /** @type {HTMLElement | null} */ (item.nextElementSibling);
      i++;
      continue;
    }
    const start = i;
    while (i < keys.length && !(item && item.dataset.key === keys[i])) i++;
    runs.push([start, i, item]);
  }
  return runs;
}

/**
 * The post being read and its offset from the viewport's top, as last placed by us or by the
 * person's own scrolling; `placedAt` is the scroll position that goes with it. Changes we make
 * keep it with `keepingPlace`; whatever else moves the page under it (an image above that
 * finishes loading, a font) is undone by `holdPlace` once layout has run, before the paint.
 * @type {{id: string, top: number} | null}
 */
let readingPlace = null;
let placedAt = NaN;

function rememberPlace() {
  const anchor = postAtTop();
  readingPlace = anchor ? { id: anchor.dataset.id, top: anchor.getBoundingClientRect().top } : null;
  placedAt = window.scrollY;
}

function holdPlace() {
  // The person scrolled since: where they are now is their place.
  if (!readingPlace || window.scrollY !== placedAt) return rememberPlace();
  const item = document.querySelector(`li[data-id="${CSS.escape(readingPlace.id)}"]`);
  const shift = item ? item.getBoundingClientRect().top - readingPlace.top : 0;
  if (Math.abs(shift) >= 0.5) window.scrollBy(0, shift);
  placedAt = window.scrollY;
}

window.addEventListener("scroll", () => window.scrollY !== placedAt && rememberPlace(), { passive: true });
new ResizeObserver(holdPlace).observe($("unspool-main"));

/** Runs `change`, then scrolls so the post that was at the top of the viewport is there again. */
function keepingPlace(change) {
  rememberPlace();
  change();
  holdPlace();
}

/**
 * The first post that shows more than a sliver below the toolbar: the one being read (binary
 * search: posts are in page order).
 */
function postAtTop() {
  const items = /** @type {HTMLElement[]} */ ([...($("unspool-main").querySelector("ol.posts")?.children ?? [])]);
  const line = ($("unspool-toolbar").closest("header")?.getBoundingClientRect().bottom ?? 0) + READ_SLIVER_PX;
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (items[mid].getBoundingClientRect().bottom <= line) low = mid + 1;
    else high = mid;
  }
  return items[low] ?? null;
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
    ? await copyRich(await sizeImages(unrolled.clipboardHtml(options)), unrolled.render("text", options))
    : await copyText(unrolled.render(format, options));
  if (!copied) return announce(message("copyFailed"));
  const count = unrolled.postCount;
  const formatName = message(COPY_FORMAT_NAMES[format]);
  announce(count === 1 ? message("copiedOne", [formatName]) : message("copiedMany", [formatNumber(count), formatName]));
}

/**
 * Gives every image of the clipboard HTML its width and height, no wider than a page: mail and
 * word processors lay out a pasted image by its attributes, not by the picture. Sizes come from
 * the reader's own images (already loaded), else from loading the same URL once.
 */
async function sizeImages(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  await Promise.all([...doc.images].map(async (img) => {
    const size = await naturalSize(img.getAttribute("src") ?? "");
    if (!size) return;
    const width = Math.min(CLIPBOARD_IMAGE_WIDTH, size.width);
    img.width = width;
    img.height = Math.max(1, Math.round((size.height * width) / size.width));
  }));
  return doc.body.innerHTML;
}

function naturalSize(src) {
  const shown = [...document.images].find((img) => img.currentSrc === src && img.complete && img.naturalWidth > 0);
  if (shown) return Promise.resolve({ width: shown.naturalWidth, height: shown.naturalHeight });
  return new Promise((resolve) => {
    const probe = new Image();
    probe.referrerPolicy = "no-referrer";
    const timer = setTimeout(() => resolve(null), 2000);
    probe.onload = () => {
      clearTimeout(timer);
      resolve(probe.naturalWidth > 0 ? { width: probe.naturalWidth, height: probe.naturalHeight } : null);
    };
    probe.onerror = () => {
      clearTimeout(timer);
      resolve(null);
    };
    probe.src = src;
  });
}

/** The main Copy button says what it copies; a choice from its menu becomes its default. */
function syncCopyButton() {
  const format = settings?.copyFormat ?? "rich";
  $("unspool-copy").querySelector(".btn-label").textContent = message(COPY_BUTTON_LABELS[format]);
  for (const item of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("[data-copy]"))) {
    item.classList.toggle("current", item.dataset.copy === format);
  }
}

async function exportAs(kind) {
  const choice = EXPORTS[kind];
  if (!unrolled || !choice) return;
  const fileName = `${unrolled.fileStem()}.${choice.extension}`;
  const options = renderOptions({ frontMatter: true });
  if (choice.format !== "epub") {
    download(fileName, unrolled.render(choice.format, options), choice.type);
    return announce(message("exported", [fileName]));
  }
  const images = await shownImageBytes([...document.querySelectorAll("#unspool-main img")]);
  // The thread of now: an update may have replaced (and freed) the one of before the wait.
  if (!unrolled) return;
  try {
    download(fileName, unrolled.epub(options, images.urls, images.sizes, images.bytes), choice.type);
  } catch {
    return announce(message("exportFailed"));
  }
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
  $("unspool-size-value").textContent = message("sizeValue", [formatNumber(settings.size)]);
  syncCopyButton();
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
  if (!reunroll && !rerender) return;
  // In the queue: a draw still running reads the thread this frees.
  enqueue(() => {
    if (reunroll) {
      const collector = new ThreadCollector(String(payload.url ?? ""), { includeAnswers: settings.includeAnswers });
      for (const piece of payload.pieces) collector.add(piece, {});
      const next = collector.finish(false);
      collector.free();
      unrolled.free(); // the thread lives in Wasm memory until freed
      unrolled = next;
    }
    return showArticle({ focus: false });
  });
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
  $("unspool-copy").addEventListener("click", () => copy(settings?.copyFormat ?? "rich"));
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
      if (settings && settings.copyFormat !== item.dataset.copy) {
        settings.copyFormat = item.dataset.copy;
        saveSettings({ copyFormat: item.dataset.copy });
        syncCopyButton();
      }
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
