#!/usr/bin/env node
// Click-to-reader time, end to end, in Chromium with the unpacked extension: from just before the
// real toolbar click (CDP `Extensions.triggerAction`) to the reader's `data-unspool-ready="1"`
// (set once the article has painted), on X-like pages of 10, 100 and 1000 thread posts, all
// mounted at once (tools/bench-pages.mjs), served under the same X-like CSP as the fixtures.
// Prints a Markdown table of medians with the reader's own breakdown (`__unspoolTimings`).
// A benchmark, not a test: numbers depend on the machine and on what else it is doing.
//
//   node tools/bench-reader.mjs [--runs 7] [--sizes 10,100,1000] [--dir target/bench-pages]
//   UNSPOOL_DIST=dir   benchmark another unpacked build (default dist/chrome)

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startServer } from "./serve.mjs";
import { ROOT, missingPrerequisite, launch, clickToOpen, readerFrame, closeWithEscape } from "../tests/e2e/harness.mjs";

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const RUNS = Math.max(1, Number(option("--runs", "7")));
const SIZES = option("--sizes", "10,100,1000").split(",").map(Number);
const DIR = path.resolve(ROOT, option("--dir", "target/bench-pages"));
const TIMING_KEYS = ["snapshotMs", "transferMs", "wasmMs", "unrollMs", "renderMs", "totalMs"];

const missing = missingPrerequisite();
if (missing) {
  console.error(`bench-reader: ${missing}`);
  process.exit(1);
}

const pageFile = (n) => path.join(DIR, `posts-${n}.html`);
const absent = SIZES.filter((n) => !fs.existsSync(pageFile(n)));
if (absent.length) {
  const made = spawnSync(process.execPath, [path.join(ROOT, "tools", "bench-pages.mjs"), DIR, ...absent.map(String)], { stdio: "inherit" });
  if (made.status !== 0) process.exit(1);
}

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => (Number.isFinite(value) ? value.toFixed(0) : "–");
const epochNow = () => performance.timeOrigin + performance.now();

/**
 * One click → ready. The end is stamped inside the reader by an init script (see `stampReady`):
 * a MutationObserver sees the attribute the moment it is set, as an epoch time comparable with ours.
 */
async function measureOnce(session, page) {
  const clickedAt = epochNow();
  await clickToOpen(session, page);
  const frame = await readerFrame(page, { timeout: 60_000 });
  await frame.waitForFunction(() => window.__benchReadyAt, null, { timeout: 60_000, polling: 50 });
  const result = await frame.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    return {
      readyAt: window.__benchReadyAt,
      state: document.documentElement.dataset.unspoolReady,
      timings: window.__unspoolTimings ?? null,
      // The reader page's own load, as epoch times: when its navigation started and when its
      // load event ended (the content script sends the snapshot on that event).
      frameStartAt: performance.timeOrigin,
      frameLoadedAt: nav && nav.loadEventEnd > 0 ? performance.timeOrigin + nav.loadEventEnd : NaN,
    };
  });
  // Long threads draw their first posts, then the rest in chunks: when was the last one in?
  const drawnAt = await frame.waitForFunction(() => window.__benchDrawnAt, null, { timeout: 60_000, polling: 50 })
    .then((handle) => handle.jsonValue(), () => NaN);
  const posts = await frame.evaluate(() => document.querySelectorAll("#unspool-main ol.posts > li").length);
  await closeWithEscape(page);
  return {
    clickToReady: result.readyAt - clickedAt,
    clickToDrawn: Math.max(drawnAt, result.readyAt) - clickedAt,
    frameStart: result.frameStartAt - clickedAt,
    frameLoaded: result.frameLoadedAt - clickedAt,
    posts,
    ...Object.fromEntries(TIMING_KEYS.map((key) => [key, result.timings?.[key]])),
  };
}

/** In every reader document, from its first moment: note when it is ready, and when fully drawn. */
function stampReady() {
  if (location.protocol !== "chrome-extension:" && location.protocol !== "moz-extension:") return;
  const now = () => performance.timeOrigin + performance.now();
  const watch = (root) => new MutationObserver(() => {
    if (root.dataset.unspoolReady && !window.__benchReadyAt) window.__benchReadyAt = now();
    if (root.dataset.unspoolDrawn && !window.__benchDrawnAt) window.__benchDrawnAt = now();
  }).observe(root, { attributes: true, attributeFilter: ["data-unspool-ready", "data-unspool-drawn"] });
  if (document.documentElement) return watch(document.documentElement);
  new MutationObserver((_, observer) => {
    if (!document.documentElement) return;
    observer.disconnect();
    watch(document.documentElement);
  }).observe(document, { childList: true });
}

const session = await launch({ viewport: { width: 1280, height: 900 } });
await session.context.addInitScript(stampReady);
const server = await startServer({ port: 0, fixturesDir: DIR });
const rows = [];
try {
  const version = await session.browserSession.send("Browser.getVersion");
  console.error(`bench-reader: ${version.product}, ${RUNS} runs per size after one warm-up, extension from ${path.relative(ROOT, process.env.UNSPOOL_DIST || "dist/chrome") || "."}`);
  for (const size of SIZES) {
    const page = session.page;
    await page.goto(`${server.url}/fixtures/posts-${size}.html`, { waitUntil: "load" });
    const pageBytes = fs.statSync(pageFile(size)).size;
    const mainBytes = await page.evaluate(() => (document.querySelector("main") ?? document.body).outerHTML.length);
    // The page's own cost of showing any change (a 1-px element appears): the reader's frame
    // cannot be on screen before the page has drawn one frame with it. X-weight markup keeps
    // hundreds of composited layers (the animated counters), and every frame re-layers them all.
    const repaint = await page.evaluate(async () => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => {
        const start = performance.now();
        setTimeout(() => resolve(performance.now() - start), 0);
      }));
      const times = [];
      for (let i = 0; i < 5; i++) {
        await frame();
        const dot = document.createElement("div");
        dot.style.cssText = "position:fixed;top:0;left:0;width:1px;height:1px";
        document.body.append(dot);
        times.push(await frame());
        dot.remove();
      }
      return times.sort((a, b) => a - b)[2];
    });
    const cold = await measureOnce(session, page); // first click on this page: injects content.js
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await measureOnce(session, page));
      await page.waitForTimeout(100);
    }
    const row = {
      size,
      pageKB: pageBytes / 1024,
      mainKB: mainBytes / 1024,
      posts: median(runs.map((r) => r.posts)),
      cold: cold.clickToReady,
      repaint,
      clickToReady: median(runs.map((r) => r.clickToReady)),
      min: Math.min(...runs.map((r) => r.clickToReady)),
      max: Math.max(...runs.map((r) => r.clickToReady)),
      clickToDrawn: median(runs.map((r) => r.clickToDrawn)),
      frameStart: median(runs.map((r) => r.frameStart)),
      frameLoaded: median(runs.map((r) => r.frameLoaded)),
      ...Object.fromEntries(TIMING_KEYS.map((key) => [key, median(runs.map((r) => r[key]))])),
    };
    rows.push(row);
    console.error(`  ${size} posts: click→ready ${ms(row.clickToReady)} ms (median of ${RUNS})`);
  }
} finally {
  await session.close();
  await server.close();
}

console.log(`| posts | page (main) | shown | click→ready median (min–max) | first click | click→all drawn | page's own repaint | reader page starts / loaded | snapshot | transfer | wasm init | unroll | render+paint | total (in page) |`);
console.log(`|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
for (const r of rows) {
  console.log(`| ${r.size} | ${ms(r.pageKB)} KB (${ms(r.mainKB)} KB) | ${r.posts} | **${ms(r.clickToReady)} ms** (${ms(r.min)}–${ms(r.max)}) | ${ms(r.cold)} ms | ${ms(r.clickToDrawn)} ms | ${ms(r.repaint)} ms | ${ms(r.frameStart)} / ${ms(r.frameLoaded)} | ${ms(r.snapshotMs)} | ${ms(r.transferMs)} | ${ms(r.wasmMs)} | ${ms(r.unrollMs)} | ${ms(r.renderMs)} | ${ms(r.totalMs)} |`);
}
console.log();
console.log("Times in ms, medians. click→ready: from just before `Extensions.triggerAction` to `data-unspool-ready=\"1\"`");
console.log("(the first screenful drawn: set from the task after its frame). snapshot…total: the reader's");
console.log("`__unspoolTimings`; transfer: from the snapshot's hand-over to the reader having it (includes the reader");
console.log("still loading); wasm init overlaps; total counts from the content script's start, after injection. Reader page");
console.log("starts / loaded: when reader.html began to load and when its load event ended, after the click. Page's own");
console.log("repaint: one frame of the page after a 1-px element appears (median of 5), before any click; the");
console.log("reader cannot be on screen before the page has drawn such a frame with it.");
