#!/usr/bin/env node
// Click-to-reader time, end to end, in Chromium with the unpacked extension, against a floor: a
// minimal extension of our own (tools/floor-extension.mjs) that mounts an iframe of its own page
// the same way and paints one line, measured in the same run, runs alternating. From just before
// the real toolbar click (CDP `Extensions.triggerAction`) to `data-unspool-ready="1"` in the
// frame (the reader's first screenful painted; the floor's line painted), stamped inside the
// frame by an init script.
//
// Cases (`--cases`, comma-separated):
//   real    real x.com captures from ../shared/corpus/x/ (`--real` names them), each served at its
//           own URL path (from its canonical link) under the X-like CSP
//   grown   a 100-post page grown from the first real capture's own cells (built in memory at run
//           time, never written to the repository): the author's follow-up cell repeated, each
//           copy with its own status id and place in the list
//   xlike   the X-like generated pages of tools/bench-pages.mjs (`--sizes`, default 10,100)
//   bluesky the Bluesky-like pages of tools/bench-pages.mjs (`--sizes`), each served at its own
//           /profile/<handle>/post/<rkey> path under the Bluesky-like CSP
//   mastodon  Mastodon-like status pages of tools/make-mastodon-fixtures.mjs (`--sizes`), served
//           at their status path under a Mastodon-like CSP
// Modes: cold, the first open after the browser starts (a fresh browser and profile per run);
// warm, later opens in that same browser (`--warm` of them per browser, after the cold one).
// Every run launches one browser per extension, in alternating order.
//
// Prints, per case and mode: the median and range for each extension and the floor, and the
// ratio extension/floor; then the reader's own breakdown (`__unspoolTimings`, medians).
// A benchmark, not a test: numbers depend on the machine and on what else it is doing; compare
// only ratios from the same run.
//
//   node tools/bench-reader.mjs [--runs 7] [--warm 3] [--cases real,grown,xlike,bluesky,mastodon] [--sizes 10,100]
//       [--real metascraper-2022-conv-k4rliky-selfreplies] [--grow 100]
//       [--ext name=dir]…   extensions to compare (default: unspool=dist/chrome); e.g. an A/B run
//                           with `--ext before=/tmp/old/dist/chrome --ext after=dist/chrome`
//       [--trace]           also record a CDP trace of one cold open of the first real capture
//                           with the first extension, into target/bench-reader-trace.json, and
//                           print a summary of it

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { FIXTURE_CSP, BLUESKY_CSP, MASTODON_CSP } from "./serve.mjs";
import { benchStatusPage } from "./make-mastodon-fixtures.mjs";
import { writeFloorExtension } from "./floor-extension.mjs";
import { ROOT, CHROMIUM, launch, clickToolbar, readerFrame, closeWithEscape } from "../tests/e2e/harness.mjs";

const argv = process.argv.slice(2);
function option(name, fallback) {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}
function options(name) {
  return argv.flatMap((arg, i) => (arg === name && argv[i + 1] ? [argv[i + 1]] : []));
}

const RUNS = Math.max(1, Number(option("--runs", "7")));
const WARM = Math.max(0, Number(option("--warm", "3")));
const CASES = option("--cases", "real,grown,xlike,bluesky").split(",");
const SIZES = option("--sizes", "10,100").split(",").map(Number);
const REAL = option("--real", "metascraper-2022-conv-k4rliky-selfreplies").split(",");
const GROW = Number(option("--grow", "100"));
const TRACE = argv.includes("--trace");
const CORPUS = path.resolve(ROOT, process.env.UNSPOOL_CORPUS || "../shared/corpus");
const PAGES_DIR = path.join(ROOT, "target", "bench-pages");
const FLOOR_DIR = path.join(ROOT, "target", "bench-floor");
const TIMING_KEYS = ["snapshotMs", "snapshotChars", "transferMs", "wasmMs", "unrollMs", "renderMs", "totalMs"];

const extensions = (options("--ext").length ? options("--ext") : [`unspool=${process.env.UNSPOOL_DIST || "dist/chrome"}`])
  .map((spec) => {
    const at = spec.indexOf("=");
    return { name: spec.slice(0, at), dir: path.resolve(ROOT, spec.slice(at + 1)) };
  });
extensions.push({ name: "floor", dir: writeFloorExtension(FLOOR_DIR), floor: true });
for (const { name, dir } of extensions) {
  if (!fs.existsSync(path.join(dir, "manifest.json"))) {
    console.error(`bench-reader: ${name}: ${dir} holds no built extension (run \`make build\`)`);
    process.exit(1);
  }
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`bench-reader: ${CHROMIUM} is not installed`);
  process.exit(1);
}

// ---- the pages ----

const readCapture = (name) => fs.readFileSync(path.join(CORPUS, "x", `${name}.html`), "utf8");

/**
 * The path a capture was saved from: its canonical link (or og:url) whose post is in the page
 * (a saved page may keep a stale canonical link of an earlier page next to its own).
 */
function capturePath(html) {
  const links = [...html.matchAll(/<link\b[^>]*\brel="canonical"[^>]*>|<meta\b[^>]*\bproperty="og:url"[^>]*>/gi)];
  const paths = links.map((m) => /\b(?:href|content)="([^"]+)"/i.exec(m[0])?.[1]).filter(Boolean).map((url) => new URL(url).pathname);
  const own = paths.find((p) => html.includes(`href="${p}"`)) ?? paths[0];
  if (!own) throw new Error("the capture names no canonical URL");
  return own;
}

/**
 * The capture with its author's thread grown to `count` posts: the first cell after the focal
 * post's that holds a post by the same author is repeated, every copy with a new status id
 * (larger than the last) and its own row offset; the rows after it move down.
 */
function growCapture(html, count) {
  const focalPath = capturePath(html);
  const [, author, focalId] = /^\/([^/]+)\/status\/(\d+)/.exec(focalPath) ?? [];
  const mainEnd = html.indexOf("</main>");
  const starts = [...html.matchAll(/<div data-testid="cellInnerDiv"/g)].map((m) => m.index).filter((i) => i < mainEnd);
  const cellAt = (k) => html.slice(starts[k], k + 1 < starts.length ? starts[k + 1] : mainEnd);
  const focal = starts.findIndex((_, k) => cellAt(k).includes(`/status/${focalId}"`));
  const next = starts.findIndex((_, k) => k > focal && cellAt(k).includes("<article") &&
    new RegExp(`href="/${author}/status/\\d+"`).test(cellAt(k)));
  if (focal < 0 || next < 0) throw new Error("the capture holds no follow-up by its author to grow");
  const cell = cellAt(next);
  const id = new RegExp(`/${author}/status/(\\d+)`).exec(cell)[1];
  const top = Number(/translateY\((\d+)px\)/.exec(cell)[1]);
  const height = Number(/translateY\((\d+)px\)/.exec(cellAt(next + 1))?.[1] ?? top + 120) - top || 120;
  const copies = [];
  for (let n = 1; n <= count - 2; n++) {
    const newId = String(BigInt(id) + BigInt(n) * 1000n);
    copies.push(cell.replaceAll(id, newId).replace(/translateY\(\d+px\)/, `translateY(${top + n * height}px)`));
  }
  const shift = copies.length * height;
  const after = html.slice(starts[next] + cell.length, mainEnd)
    .replace(/translateY\((\d+)px\)/g, (_, y) => `translateY(${Number(y) + shift}px)`);
  return html.slice(0, starts[next] + cell.length) + copies.join("") + after + html.slice(mainEnd);
}

/** Serves one page at `pathname` on its own origin, under the X-like CSP (or `csp`). */
function servePage(pathname, html, csp = FIXTURE_CSP) {
  const body = Buffer.from(html);
  const server = http.createServer((req, res) => {
    if (new URL(req.url, "http://localhost").pathname !== pathname) {
      res.writeHead(404, { "cache-control": "no-store" });
      return res.end();
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length, "cache-control": "no-store", "content-security-policy": csp });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    url: `http://127.0.0.1:${server.address().port}${pathname}`,
    close: () => new Promise((done) => server.close(() => done())),
  })));
}

const cases = [];
for (const kind of CASES) {
  if (kind === "real") {
    for (const name of REAL) {
      const html = readCapture(name);
      cases.push({ name: `real: ${name}`, path: capturePath(html), html });
    }
  } else if (kind === "grown") {
    const html = growCapture(readCapture(REAL[0]), GROW);
    cases.push({ name: `grown: ${GROW} posts from ${REAL[0]}`, path: capturePath(html), html });
  } else if (kind === "xlike" || kind === "bluesky") {
    const file = (n) => path.join(PAGES_DIR, `${kind === "bluesky" ? "bluesky-" : ""}posts-${n}.html`);
    const absent = SIZES.filter((n) => !fs.existsSync(file(n)));
    if (absent.length) {
      const made = spawnSync(process.execPath, [path.join(ROOT, "tools", "bench-pages.mjs"), PAGES_DIR, ...absent.map(String)], { stdio: "inherit" });
      if (made.status !== 0) process.exit(1);
    }
    for (const n of SIZES) {
      const html = fs.readFileSync(file(n), "utf8");
      if (kind === "xlike") cases.push({ name: `X-like: ${n} posts`, path: `/fixtures/posts-${n}.html`, html });
      else cases.push({ name: `Bluesky-like: ${n} posts`, path: capturePath(html), html, csp: BLUESKY_CSP });
    }
  } else if (kind === "mastodon") {
    for (const n of SIZES) {
      const page = benchStatusPage(n);
      cases.push({ name: `Mastodon-like: ${n} posts`, path: page.path, html: page.html, csp: MASTODON_CSP });
    }
  } else {
    console.error(`bench-reader: unknown case ${kind}`);
    process.exit(64);
  }
}

// ---- one open ----

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => (Number.isFinite(value) ? value.toFixed(0) : "–");
const epochNow = () => performance.timeOrigin + performance.now();

/** In every extension document, from its first moment: note when it is ready, and when fully drawn. */
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

/**
 * The toolbar click, timed from just before the click that opened it: a fresh browser sometimes
 * refuses its very first CDP click (the activeTab grant is not there yet); that one is retried.
 */
async function click(session, page) {
  for (let attempt = 1; ; attempt++) {
    const logged = session.logs.length;
    const clickedAt = epochNow();
    await clickToolbar(session, page);
    const refused = () => session.logs.slice(logged).some((line) => line.includes("cannot run"));
    const deadline = Date.now() + 10_000;
    while (!refused() && !(await page.locator("#unspool-root").count()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (refused() && attempt < 3) continue;
    return clickedAt;
  }
}

async function measureOnce(session, page) {
  const clickedAt = await click(session, page);
  const frame = await readerFrame(page, { timeout: 60_000 });
  await frame.waitForFunction(() => window.__benchReadyAt, null, { timeout: 60_000, polling: 20 });
  const result = await frame.evaluate(() => {
    const nav = /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType("navigation")[0]);
    const at = (value) => (value > 0 ? performance.timeOrigin + value : NaN);
    return {
      readyAt: window.__benchReadyAt,
      state: document.documentElement.dataset.unspoolReady,
      timings: window.__unspoolTimings ?? null,
      frameStartAt: performance.timeOrigin,
      frameResponseAt: at(nav?.responseEnd ?? 0),
      frameDclAt: at(nav?.domContentLoadedEventEnd ?? 0),
      posts: document.querySelectorAll("#unspool-main ol.posts > li").length,
    };
  });
  if (result.state !== "1") throw new Error(`the reader showed its error view on ${page.url()}`);
  await closeWithEscape(page);
  return {
    ready: result.readyAt - clickedAt,
    frameStart: result.frameStartAt - clickedAt,
    frameDcl: result.frameDclAt - clickedAt,
    posts: result.posts,
    ...Object.fromEntries(TIMING_KEYS.map((key) => [key, result.timings?.[key]])),
  };
}

/** A fresh browser with `extension`: one cold open of the case's page, then WARM warm ones. */
async function runBrowser(extension, server, trace = null) {
  const session = await launch({ dist: extension.dir, offline: false, args: ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"] });
  try {
    await session.context.addInitScript(stampReady);
    const page = session.page;
    await page.goto(server.url, { waitUntil: "load" });
    await page.waitForTimeout(300); // the page's own start-up settles
    if (trace) await startTrace(session);
    const cold = await measureOnce(session, page);
    if (trace) return { cold, trace: await stopTrace(session, trace) };
    const warm = [];
    for (let i = 0; i < WARM; i++) {
      await page.waitForTimeout(300);
      warm.push(await measureOnce(session, page));
    }
    return { cold, warm };
  } finally {
    await session.close();
  }
}

// ---- the trace ----

async function startTrace(session) {
  session.traceEvents = [];
  session.browserSession.on("Tracing.dataCollected", ({ value }) => session.traceEvents.push(...value));
  await session.browserSession.send("Tracing.start", {
    traceConfig: { includedCategories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing", "loading", "navigation", "toplevel", "v8.wasm"] },
    transferMode: "ReportEvents",
  });
}

async function stopTrace(session, file) {
  const done = new Promise((resolve) => session.browserSession.once("Tracing.tracingComplete", resolve));
  await session.browserSession.send("Tracing.end");
  await done;
  fs.writeFileSync(file, JSON.stringify({ traceEvents: session.traceEvents }));
  return session.traceEvents;
}

/** Per process and thread: busy time in top-level tasks, and the biggest named events. */
function summarizeTrace(events) {
  const names = new Map();
  for (const e of events) {
    if (e.name === "process_name") names.set(`p${e.pid}`, e.args.name);
    if (e.name === "thread_name") names.set(`t${e.pid}.${e.tid}`, e.args.name);
  }
  const lines = [];
  const threads = new Map();
  for (const e of events) {
    if (e.ph !== "X" || !e.dur) continue;
    const key = `${e.pid}.${e.tid}`;
    if (!threads.has(key)) threads.set(key, { busy: 0, events: new Map() });
    const thread = threads.get(key);
    if (e.name === "ThreadControllerImpl::RunTask" || e.name === "RunTask") thread.busy += e.dur / 1000;
    const name = e.name + (e.args?.data?.url ? ` ${String(e.args.data.url).replace(/^chrome-extension:\/\/[^/]+/, "")}` : "");
    thread.events.set(name, (thread.events.get(name) ?? 0) + e.dur / 1000);
  }
  for (const [key, thread] of [...threads].sort((a, b) => b[1].busy - a[1].busy).slice(0, 6)) {
    const [pid] = key.split(".");
    lines.push(`${names.get(`p${pid}`) ?? pid} / ${names.get(`t${key}`) ?? key}: ${thread.busy.toFixed(0)} ms in tasks`);
    const top = [...thread.events].filter(([name]) => !/RunTask/.test(name)).sort((a, b) => b[1] - a[1]).slice(0, 12);
    for (const [name, dur] of top) lines.push(`    ${dur.toFixed(1).padStart(7)} ms  ${name}`);
  }
  return lines.join("\n");
}

// ---- the run ----

const results = new Map(); // `${case}\t${mode}\t${extension}` → samples
const record = (c, mode, ext, sample) => {
  const key = `${c}\t${mode}\t${ext}`;
  if (!results.has(key)) results.set(key, []);
  results.get(key).push(sample);
};

const version = spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" }).stdout.trim();
console.error(`bench-reader: ${version}; ${RUNS} runs per case and extension (each: a fresh browser, 1 cold + ${WARM} warm opens); ${extensions.map((e) => `${e.name} (${path.relative(ROOT, e.dir) || e.dir})`).join(", ")}`);
for (const c of cases) {
  const server = await servePage(c.path, c.html, c.csp);
  try {
    for (let run = 0; run < RUNS; run++) {
      // Alternate: each run starts with the next extension in turn.
      const order = extensions.map((_, i) => extensions[(i + run) % extensions.length]);
      for (const extension of order) {
        const { cold, warm } = await runBrowser(extension, server);
        record(c.name, "cold", extension.name, cold);
        for (const sample of warm) record(c.name, "warm", extension.name, sample);
      }
    }
    const line = extensions.map((e) => `${e.name} ${ms(median((results.get(`${c.name}\tcold\t${e.name}`) ?? []).map((s) => s.ready)))}/${ms(median((results.get(`${c.name}\twarm\t${e.name}`) ?? []).map((s) => s.ready)))}`);
    console.error(`  ${c.name}: cold/warm medians ${line.join(", ")} ms`);
  } finally {
    await server.close();
  }
}

let traceSummary = "";
if (TRACE) {
  const c = cases.find((x) => x.name.startsWith("real")) ?? cases[0];
  const server = await servePage(c.path, c.html, c.csp);
  try {
    const file = path.join(ROOT, "target", "bench-reader-trace.json");
    const { cold, trace } = await runBrowser(extensions[0], server, file);
    traceSummary = `Trace of one cold open (${extensions[0].name}, ${c.name}; click → ready ${ms(cold.ready)} ms, traced), ${path.relative(ROOT, file)}:\n` + summarizeTrace(trace);
  } finally {
    await server.close();
  }
}

const floor = extensions.find((e) => e.floor);
console.log(`| case | mode | extension | click→ready median (min–max) | floor median (min–max) | ratio | n |`);
console.log(`|---|---|---|---:|---:|---:|---:|`);
for (const c of cases) {
  for (const mode of ["cold", "warm"]) {
    const floorSamples = (results.get(`${c.name}\t${mode}\tfloor`) ?? []).map((s) => s.ready);
    if (!floorSamples.length) continue;
    const floorMedian = median(floorSamples);
    for (const e of extensions.filter((x) => x !== floor)) {
      const samples = (results.get(`${c.name}\t${mode}\t${e.name}`) ?? []).map((s) => s.ready);
      console.log(`| ${c.name} | ${mode} | ${e.name} | **${ms(median(samples))} ms** (${ms(Math.min(...samples))}–${ms(Math.max(...samples))}) | ${ms(floorMedian)} ms (${ms(Math.min(...floorSamples))}–${ms(Math.max(...floorSamples))}) | **${(median(samples) / floorMedian).toFixed(2)}×** | ${samples.length} |`);
    }
  }
}
console.log();
console.log(`| case | mode | extension | posts | frame starts | frame DOMContentLoaded | snapshot | snapshot size | transfer | wasm init | unroll | render+paint | total (in page) |`);
console.log(`|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
for (const c of cases) {
  for (const mode of ["cold", "warm"]) {
    for (const e of extensions) {
      const samples = results.get(`${c.name}\t${mode}\t${e.name}`) ?? [];
      if (!samples.length) continue;
      const m = (key) => median(samples.map((s) => s[key]));
      const chars = m("snapshotChars");
      console.log(`| ${c.name} | ${mode} | ${e.name} | ${ms(m("posts"))} | ${ms(m("frameStart"))} | ${ms(m("frameDcl"))} | ${ms(m("snapshotMs"))} | ${Number.isFinite(chars) ? (chars / 1024).toFixed(0) + " K" : "–"} | ${ms(m("transferMs"))} | ${ms(m("wasmMs"))} | ${ms(m("unrollMs"))} | ${ms(m("renderMs"))} | ${ms(m("totalMs"))} |`);
    }
  }
}
console.log();
console.log("Times in ms after the click, medians. click→ready: from just before `Extensions.triggerAction` to");
console.log("`data-unspool-ready=\"1\"` in the frame (Unspool: its first screenful painted; the floor: its one line).");
console.log("cold: the first open in a fresh browser; warm: later opens in the same browser. Frame starts /");
console.log("DOMContentLoaded: the frame's navigation start and DOMContentLoaded end. snapshot…total: the reader's");
console.log("`__unspoolTimings` (transfer: from the snapshot's hand-over to the reader having it, which includes");
console.log("the reader still loading; wasm init overlaps it; total counts from the content script's start).");
if (traceSummary) {
  console.log();
  console.log(traceSummary);
}
