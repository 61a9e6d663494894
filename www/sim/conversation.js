// conversation.js — a live simulation of x.com's status page for a long self-thread.
//
// Serves as the test bench for the extension's collector (scroll, wait for the DOM to settle,
// snapshot `main`, merge rows by status id). What it reproduces of X:
//   • The page shell of x-markup.js (nav, app bar, sidebar), the canonical <link> and og:url of
//     the post the page is about, and that post drawn as X's focal post (tabindex=-1).
//   • A virtualized list: the window scrolls; rows are div[data-testid=cellInnerDiv] placed with
//     transform: translateY() inside a container as tall as the known rows; only rows within one
//     viewport above and below the visible one are in the DOM; new cells are appended (DOM order
//     is mount order, not screen order); real heights are measured (ResizeObserver) and the list
//     re-laid out while the visible content stays put (scroll anchoring by hand, like X).
//   • Loading in batches: a window around the focal post first, then `batch` more rows `delay` ms
//     after the viewport nears the loaded bottom (or top: ancestors, with scrollY corrected by
//     the inserted height), one request at a time, a spinner cell meanwhile; "Show replies"
//     cells reveal the hidden part of the chain on click; truncated posts expand in place.
// Parameters: see thread-data.js (parseParams). Test hooks: window.__sim.

import { renderCell, renderConversationPage, estimateHeight } from './x-markup.js';
import { parseParams, buildThread } from './thread-data.js';

const OVERSCAN = 1; // viewports mounted above and below the visible one
const LOAD_AHEAD = 1.5; // viewports from the loaded edge that trigger the next request
const FRAME_BUDGET_MS = 6; // mounting work per frame; the rest waits for the next frame
const FRAME_MAX_CELLS = 8; // and at most this many cells (each costs the browser layout and paint)
const WARMUP_MAX_CELLS = 2; // while the page starts (cold code, first layouts): fewer
const LOADER_HEIGHT = 64;

// Startup runs in short tasks (modules, data, shell, first layout, then rows frame by frame),
// so that even a 1000-post page never blocks the main thread for long.
await new Promise((resolve) => setTimeout(resolve, 0));
performance.mark('sim:start');
const params = parseParams(location.search);
const data = buildThread(params);
performance.mark('sim:data');
const renderOpts = { users: data.users, now: data.now, locale: 'en', focalId: data.focal.id };

// ---------------------------------------------------------------------------------------------
// Page shell
// ---------------------------------------------------------------------------------------------

function buildShell() {
  const html = renderConversationPage({
    locale: 'en',
    loggedIn: true,
    viewer: 'viewer_one',
    now: data.now,
    users: data.users,
    focal: data.focal.id,
    items: [],
    canonical: data.canonical,
    title: data.title,
  });
  const doc = new DOMParser().parseFromString(html, 'text/html');
  document.title = doc.title;
  // What X's react-helmet puts in the head (no preconnect hints: the page must stay offline).
  for (const sel of ['meta[property="og:site_name"]', 'meta[property="og:url"]', 'meta[property="og:title"]', 'link[rel="canonical"]', 'style#react-native-stylesheet']) {
    const el = doc.head.querySelector(sel);
    if (el) document.head.appendChild(document.importNode(el, true));
  }
  for (const { name, value } of doc.documentElement.attributes) document.documentElement.setAttribute(name, value);
  for (const { name, value } of doc.body.attributes) document.body.setAttribute(name, value);
  const frag = document.createDocumentFragment();
  for (const node of [...doc.body.childNodes]) frag.appendChild(document.importNode(node, true));
  document.body.replaceChildren(frag);
  // X fills the sidebar (search, trends) after the timeline; so does this page, which also
  // keeps the first layout of the page small.
  const sidebar = document.querySelector('[data-testid="sidebarColumn"]');
  if (sidebar) {
    const content = [...sidebar.childNodes];
    sidebar.replaceChildren();
    setTimeout(() => requestAnimationFrame(() => setTimeout(() => sidebar.replaceChildren(...content), 0)), 300);
  }
  const timeline = document.querySelector('[data-testid="primaryColumn"] section[role="region"] > div[aria-label]');
  const container = timeline.firstElementChild;
  container.replaceChildren();
  container.style.minHeight = '0px';
  return container;
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

/** A loaded row: the item, its height (estimated until measured), its cell when mounted. */
function makeRow(item) {
  return { key: item.key, item, h: heightOf(item), measured: false, el: null, spare: null, y: -1, top: 0 };
}

function heightOf(item) {
  if (item.kind === 'loader' || item.loading) return LOADER_HEIGHT;
  return estimateHeight(item);
}

const LOADER_HTML = '<div class="sim-loader"><div role="progressbar" aria-valuemax="1" aria-valuemin="0" aria-label="Loading" class="sim-spinner">'
  + '<svg viewBox="0 0 32 32" height="100%" width="100%"><circle cx="16" cy="16" r="14" style="stroke: rgb(29, 155, 240); opacity: 0.2;"></circle>'
  + '<circle cx="16" cy="16" r="14" style="stroke: rgb(29, 155, 240); stroke-dasharray: 80; stroke-dashoffset: 60;"></circle></svg></div></div>';

function renderRow(item) {
  if (item.kind === 'loader' || item.loading) {
    return '<div data-testid="cellInnerDiv" style="transform: translateY(0px); position: absolute; width: 100%;">' + LOADER_HTML + '</div>';
  }
  return renderCell(item, 0, renderOpts);
}

await new Promise((resolve) => setTimeout(resolve, 0)); // a task for the data, one for the shell
const container = buildShell();
document.getElementById('sim-boot')?.remove();
performance.mark('sim:shell');
let containerTop = 0;
let rows = [];
const byKey = new Map();
const mounted = new Set();
const rowOfEl = new WeakMap();
let total = 0;

// What is loaded: ancestors from `topCursor` on, and data.below up to `bottomCursor`.
let topCursor = Math.max(0, data.ancestors.length - params.batch);
let bottomCursor = Math.min(data.below.length, params.batch);
const focalKey = data.focal.key;

function initialRows() {
  const list = [];
  if (topCursor > 0) list.push({ kind: 'loader', key: 'loader:top' });
  list.push(...data.ancestors.slice(topCursor), data.focal, ...data.below.slice(0, bottomCursor));
  if (bottomCursor < data.below.length) list.push({ kind: 'loader', key: 'loader:bottom' });
  return list.map(makeRow);
}

function reindex() {
  byKey.clear();
  rows.forEach((row, i) => byKey.set(row.key, i));
}

/** Positions from heights; moves mounted cells that changed place; sizes the container. */
function layout() {
  let y = 0;
  for (const row of rows) {
    row.top = y;
    y += row.h;
  }
  total = y;
  for (const row of mounted) {
    const ty = Math.round(row.top);
    if (ty !== row.y) {
      row.el.style.transform = `translateY(${ty}px)`;
      row.y = ty;
    }
  }
  // Like X, leave room below so the focal post can sit at the top of the viewport.
  const focal = rows[byKey.get(focalKey)];
  const height = Math.max(total, focal ? focal.top + window.innerHeight : 0);
  container.style.minHeight = `${Math.ceil(height)}px`;
}

// ---------------------------------------------------------------------------------------------
// Scroll anchoring: the visible content stays put when rows above it change height or appear
// ---------------------------------------------------------------------------------------------

let expectedScrollY = null; // where our own scrolling put the page
let pin = null; // until the user scrolls, the focal post stays where the page opened it

function viewTop() {
  return window.scrollY - containerTop;
}

/** The pin, unless someone else scrolled since the page last did (that releases it for good). */
function pinned() {
  if (pin && expectedScrollY !== null && Math.abs(window.scrollY - expectedScrollY) > 1) pin = null;
  return pin;
}

function captureAnchor() {
  if (pinned()) return pin;
  const top = viewTop();
  // First row that reaches into the viewport (binary search on positions), skipping spinners
  // and zero-height separators.
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].top + rows[mid].h > top) hi = mid;
    else lo = mid + 1;
  }
  for (let i = lo; i < rows.length; i++) {
    const row = rows[i];
    if (row.h > 0 && row.item.kind !== 'loader') return { key: row.key, offset: row.top - top };
  }
  return null;
}

function restoreAnchor(anchor) {
  if (!anchor) return;
  const i = byKey.get(anchor.key);
  if (i === undefined) return;
  const delta = rows[i].top - viewTop() - anchor.offset;
  if (Math.abs(delta) >= 0.5) scrollToY(window.scrollY + delta);
}

function scrollToY(y) {
  const target = Math.max(0, Math.round(y));
  expectedScrollY = target;
  window.scrollTo(0, target);
  expectedScrollY = window.scrollY;
}

/** Applies a change to the row list and keeps the visible content where it was. */
function mutate(change) {
  const anchor = captureAnchor();
  change();
  reindex();
  layout();
  restoreAnchor(anchor);
  schedule();
}

// ---------------------------------------------------------------------------------------------
// Mounting
// ---------------------------------------------------------------------------------------------

/** The page's own script time per kind of work: { count, total, max } in ms (for benchmarks). */
const perf = {};
function timed(name, fn) {
  return function (...args) {
    const t0 = performance.now();
    try {
      return fn.apply(this, args);
    } finally {
      const ms = performance.now() - t0;
      const p = perf[name] || (perf[name] = { count: 0, total: 0, max: 0 });
      p.count++;
      p.total += ms;
      if (ms > p.max) p.max = ms;
    }
  };
}

const resizeObserver = new ResizeObserver(timed('resize', (entries) => {
  const anchor = captureAnchor();
  let changed = false;
  for (const entry of entries) {
    const row = rowOfEl.get(entry.target);
    if (!row || row.el !== entry.target) continue;
    const box = entry.borderBoxSize && entry.borderBoxSize[0];
    const h = box ? box.blockSize : entry.target.getBoundingClientRect().height;
    row.measured = true;
    if (Math.abs(h - row.h) > 0.25) {
      row.h = h;
      changed = true;
    }
  }
  if (changed) {
    layout();
    restoreAnchor(anchor);
    schedule();
  }
}));

let everMounted = 0;

// Cells are built off the frame: rows near the band are rendered and parsed (in an inert
// template) when the main thread is idle, and unmounted cells are kept for a while, so a frame
// mostly just appends ready elements. Each kept element belongs to one row and is identical to
// what a fresh render would give.
const SPARE_LIMIT = 80;
const spares = new Set(); // rows holding a detached, ready cell in row.spare
const template = document.createElement('template');

function build(row) {
  template.innerHTML = renderRow(row.item);
  return template.content.firstElementChild;
}

function keepSpare(row, el) {
  row.spare = el;
  spares.add(row);
  if (spares.size > SPARE_LIMIT) {
    // Drop the ones farthest from the viewport.
    const top = viewTop();
    const far = [...spares].sort((a, b) => Math.abs(b.top - top) - Math.abs(a.top - top));
    for (const r of far.slice(0, spares.size - SPARE_LIMIT)) dropSpare(r);
  }
}

function dropSpare(row) {
  row.spare = null;
  spares.delete(row);
}

function mount(row) {
  let el = row.spare;
  if (el) dropSpare(row);
  else el = build(row);
  const ty = Math.round(row.top);
  el.style.transform = `translateY(${ty}px)`;
  container.appendChild(el);
  row.el = el;
  row.y = ty;
  rowOfEl.set(el, row);
  mounted.add(row);
  resizeObserver.observe(el);
  everMounted++;
}

function unmount(row) {
  const el = row.el;
  resizeObserver.unobserve(el);
  el.remove();
  row.el = null;
  row.y = -1;
  mounted.delete(row);
  keepSpare(row, el);
}

/** Re-renders a mounted row in place (after its item changed). */
function remount(row) {
  if (row.spare) dropSpare(row);
  if (!row.el) return;
  const old = row.el;
  resizeObserver.unobserve(old);
  mounted.delete(row);
  row.el = null;
  mount(row);
  old.replaceWith(row.el);
}

/** While idle: prepares the cells of the rows just outside the band, nearest first. */
const idle = window.requestIdleCallback || ((fn) => setTimeout(() => fn({ timeRemaining: () => 8 }), 50));
let idleId = 0;
function scheduleIdle() {
  if (!idleId) idleId = idle(timed('idle', prepare));
}

function prepare(deadline) {
  idleId = 0;
  const vh = window.innerHeight;
  const top = viewTop();
  const from = top - vh * (OVERSCAN + 2);
  const to = top + vh * (2 + OVERSCAN + 2);
  for (const row of [...spares]) if (row.top + row.h < from - vh || row.top > to + vh) dropSpare(row);
  const todo = [];
  for (const row of rows) {
    if (row.top > to) break;
    if (row.top + row.h >= from && !row.el && !row.spare) todo.push(row);
  }
  const mid = top + vh / 2;
  todo.sort((a, b) => Math.abs(a.top - mid) - Math.abs(b.top - mid));
  let done = 0;
  for (const row of todo) {
    if (deadline.timeRemaining() < 3 || done >= 6 || spares.size >= SPARE_LIMIT) break;
    keepSpare(row, build(row));
    done++;
  }
  if (done && done < todo.length && spares.size < SPARE_LIMIT) scheduleIdle();
}

let rafId = 0;
function schedule() {
  if (!rafId) rafId = requestAnimationFrame(timedUpdate);
}

function update() {
  rafId = 0;
  const start = performance.now();
  const vh = window.innerHeight;
  const top = viewTop();
  const bandTop = top - vh * OVERSCAN;
  const bandBottom = top + vh * (1 + OVERSCAN);
  for (const row of [...mounted]) {
    if (row.top + row.h < bandTop || row.top > bandBottom) unmount(row);
  }
  // Rows in the band, the visible ones first, then outward.
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].top + rows[mid].h >= bandTop) hi = mid;
    else lo = mid + 1;
  }
  const want = [];
  for (let i = lo; i < rows.length && rows[i].top <= bandBottom; i++) if (!rows[i].el) want.push(rows[i]);
  const mid = top + vh / 2;
  const dist = (r) => (r.top + r.h < top || r.top > top + vh ? Math.min(Math.abs(r.top - mid), Math.abs(r.top + r.h - mid)) : -1);
  want.sort((a, b) => dist(a) - dist(b));
  let more = false;
  const maxCells = everMounted < 24 ? WARMUP_MAX_CELLS : FRAME_MAX_CELLS;
  for (let i = 0; i < want.length; i++) {
    if (i >= maxCells || (i > 0 && performance.now() - start > FRAME_BUDGET_MS)) {
      more = true;
      break;
    }
    mount(want[i]);
  }
  maybeLoad(top, vh);
  if (more) schedule();
  else scheduleIdle();
}

const timedUpdate = timed('frame', update);

// ---------------------------------------------------------------------------------------------
// Loading: one request at a time, answered after `delay` ms
// ---------------------------------------------------------------------------------------------

let loads = 0;
const loadsBy = { top: 0, bottom: 0, reveal: 0 };
// Loads that brought part of the thread (a chain post, or a "Show replies" cell hiding some):
// every one of them must happen, one at a time, before any reader can have the whole thread.
let chainLoads = 0;
const chainIds = new Set(data.expectedIds);
const carriesChain = (items) => items.some((it) => chainIds.has(it.id) || (it.kind === 'showMore' && carriesChain(it.hidden)));
let inflight = null;
const queue = [];

function request(req) {
  if (inflight && inflight.kind === req.kind && inflight.key === req.key) return;
  if (queue.some((q) => q.kind === req.kind && q.key === req.key)) return;
  queue.push(req);
  pump();
}

function pump() {
  if (inflight || queue.length === 0) return;
  const req = queue.shift();
  inflight = req;
  loads++;
  loadsBy[req.kind]++;
  performance.mark('sim:request', { detail: req.kind });
  if (req.kind === 'reveal') {
    // X swaps the "Show replies" label for a spinner while it loads.
    const i = byKey.get(req.key);
    if (i !== undefined) mutate(() => {
      rows[i].item = { ...rows[i].item, loading: true };
      rows[i].h = LOADER_HEIGHT;
      remount(rows[i]);
    });
  }
  setTimeout(() => {
    performance.mark('sim:answer', { detail: req.kind });
    timed('load', answer)(req);
    inflight = null;
    pump();
    schedule();
  }, req.kind === 'reveal' ? params.revealDelay : params.delay);
}

function answer(req) {
  if (req.kind === 'bottom') {
    const next = data.below.slice(bottomCursor, bottomCursor + params.batch);
    if (carriesChain(next)) chainLoads++;
    bottomCursor += next.length;
    mutate(() => {
      const at = rows.length - (rows[rows.length - 1].key === 'loader:bottom' ? 1 : 0);
      rows.splice(at, 0, ...next.map(makeRow));
      if (bottomCursor >= data.below.length && rows[rows.length - 1].key === 'loader:bottom') dropRow(rows.length - 1);
    });
  } else if (req.kind === 'top') {
    const from = Math.max(0, topCursor - params.batch);
    const next = data.ancestors.slice(from, topCursor);
    if (carriesChain(next)) chainLoads++;
    topCursor = from;
    mutate(() => {
      const at = rows[0].key === 'loader:top' ? 1 : 0;
      rows.splice(at, 0, ...next.map(makeRow));
      if (topCursor === 0 && rows[0].key === 'loader:top') dropRow(0);
    });
  } else if (req.kind === 'reveal') {
    const i = byKey.get(req.key);
    if (i === undefined) return;
    if (carriesChain(rows[i].item.hidden)) chainLoads++;
    mutate(() => {
      const cell = rows[i];
      dropRow(i);
      rows.splice(i, 0, ...cell.item.hidden.map(makeRow));
    });
  }
}

function dropRow(i) {
  const row = rows[i];
  if (row.el) unmount(row);
  dropSpare(row);
  rows.splice(i, 1);
}

function maybeLoad(top, vh) {
  if (inflight || queue.length) return;
  if (topCursor > 0 && top < vh * LOAD_AHEAD) request({ kind: 'top' });
  else if (bottomCursor < data.below.length && total - (top + vh) < vh * LOAD_AHEAD) request({ kind: 'bottom' });
}

// ---------------------------------------------------------------------------------------------
// Clicks: "Show replies" cells and in-place "Show more" of cut posts
// ---------------------------------------------------------------------------------------------

let linkClicksLeftAlone = 0; // clicks on a "linkout" cell, left for the browser to follow
container.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const cell = target.closest('[data-testid="cellInnerDiv"]');
  const row = cell && rowOfEl.get(cell);
  if (!row) return;
  if (target.closest('[data-testid="tweet-text-show-more-link"]')) {
    event.preventDefault();
    if (row.item.truncated && row.item.fullText) {
      mutate(() => {
        row.item = { ...row.item, text: row.item.fullText, truncated: false };
        remount(row);
      });
    }
    return;
  }
  if (row.item.kind === 'showMore' && !row.item.loading && target.closest('[role="button"]')) {
    event.preventDefault();
    request({ kind: 'reveal', key: row.key });
    return;
  }
  // The link form: X expands it in place ("link"), or leaves the browser to follow it
  // ("linkout": the page does not handle the click; following it would leave the page).
  if (row.item.kind === 'showMore' && row.item.href && target.closest('a[href]')) {
    if (row.item.inPlace && !row.item.loading) {
      event.preventDefault();
      request({ kind: 'reveal', key: row.key });
    }
    if (!row.item.inPlace) linkClicksLeftAlone++;
    return;
  }
  // The rest of X's links lead off this page: keep the simulation where it is.
  const link = target.closest('a[href]');
  if (link && link.getAttribute('href').startsWith('/')) event.preventDefault();
});

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

function onScroll() {
  pinned();
  schedule();
}

function measureContainer() {
  containerTop = container.getBoundingClientRect().top + window.scrollY;
}

// The first rows go in after the browser has laid out the shell.
if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
rows = initialRows();
reindex();
layout();
await new Promise((resolve) => setTimeout(resolve, 0));
performance.mark('sim:laid-out');
measureContainer();
{
  // X scrolls the focal post to the top (under the sticky app bar) when it has ancestors.
  const bar = document.querySelector('[data-testid="primaryColumn"] > div > div:first-child');
  const barHeight = bar ? bar.getBoundingClientRect().height : 53;
  const focal = rows[byKey.get(focalKey)];
  const offset = Math.min(containerTop, barHeight);
  scrollToY(data.ancestors.length ? containerTop + focal.top - offset : 0);
  pin = { key: focalKey, offset: focal.top - viewTop() };
  for (const type of ['wheel', 'touchstart', 'keydown', 'mousedown']) {
    window.addEventListener(type, () => { pin = null; }, { passive: true, capture: true });
  }
}
window.addEventListener('scroll', onScroll, { passive: true });
window.addEventListener('resize', () => { measureContainer(); mutate(() => {}); });
schedule();

window.__sim = {
  params,
  expectedIds: data.expectedIds,
  expectedTexts: data.expectedTexts,
  focalId: data.focal.id,
  canonical: data.canonical,
  author: data.author,
  numberedTotal: data.numberedTotal,
  skippedNumber: data.skippedNumber,
  truncatedIds: data.truncatedIds,
  hiddenAfter: data.hiddenAfter,
  answerIds: data.answerIds,
  longTasks: window.__simLongTasks || [],
  longTaskEntries: window.__simLongTaskEntries || [],
  perf,
  get loads() { return loads; },
  get chainLoads() { return chainLoads; },
  get loadsBy() { return { ...loadsBy }; },
  get pendingLoad() { return inflight !== null || queue.length > 0; },
  get topEnded() { return topCursor === 0; },
  get bottomEnded() { return bottomCursor >= data.below.length; },
  get hiddenLeft() { return rows.filter((r) => r.item.kind === 'showMore').length; },
  get ended() { return !this.pendingLoad && this.topEnded && this.bottomEnded && this.hiddenLeft === 0; },
  get rowCount() { return rows.length; },
  get linkClicksLeftAlone() { return linkClicksLeftAlone; },
  get everMounted() { return everMounted; },
  mountedCount: () => container.childElementCount,
  /** Loaded rows in screen order: { key, kind, id, top, height, measured, mounted }. */
  rows: () => rows.map((r) => ({ key: r.key, kind: r.item.kind || 'post', id: r.item.id || null, top: Math.round(r.top), height: Math.round(r.h), measured: r.measured, mounted: !!r.el })),
};
