// Scale benchmark (issue 5; numbers, not a test): the reader on a page holding a 5,000-post
// thread all at once (far more than X ever mounts), through the real extension and toolbar click.
// Measures click → first paint, click → every post drawn, the longest main-thread task in the
// page (content script) and in the reader, and the reader's memory (Wasm + JS heap).
//   node tools/bench-scale.mjs [--posts 5000]
import { launch, clickToOpen, readerFrame, waitForReady, servePages, leanThreadPage } from "../tests/e2e/harness.mjs";

const args = process.argv.slice(2);
const i = args.indexOf("--posts");
const posts = i >= 0 ? Number(args[i + 1]) : 5000;

const server = await servePages({ "scale/page.html": leanThreadPage(posts) });
const session = await launch();
const page = session.page;
await page.addInitScript(() => {
  window.__pageLongTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__pageLongTasks.push(Math.round(e.duration));
  }).observe({ type: "longtask", buffered: true });
});
await page.goto(`${server.url}/fixtures/scale/page.html`);
await page.waitForTimeout(1500);
await page.evaluate(() => (window.__pageLongTasks.length = 0)); // loading the page itself is not ours
const t0 = Date.now();
const logs = await clickToOpen(session, page);
const frame = await readerFrame(page, { timeout: 60_000, logs });
// First paint: the reader's ready mark (waitForReady would also wait for every post drawn).
await frame.waitForFunction(() => document.documentElement.dataset.unspoolReady === "1", null, { timeout: 120_000, polling: 20 });
const ready = Date.now() - t0;
await waitForReady(frame, { timeout: 300_000 });
await frame.waitForFunction((n) => document.documentElement.dataset.unspoolDrawn === String(n), posts, { timeout: 300_000 });
const drawn = Date.now() - t0;
const health = await frame.evaluate(() => window.__unspoolHealth);
const count = await frame.evaluate(() => document.querySelectorAll("li.post").length);
const pageLong = await page.evaluate(() => window.__pageLongTasks);
const version = session.context.browser()?.version() ?? "";
console.log(`\nScale: ${posts} posts on one page (Chromium ${version})\n`);
console.log("| posts drawn | click → first paint | click → all drawn | longest task, page | longest task, reader | reader long tasks > 50 ms | Wasm memory | JS heap (reader) |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
const mb = (b) => (b == null ? "n/a" : `${(b / 1048576).toFixed(1)} MB`);
console.log(`| ${count} | ${(ready / 1000).toFixed(2)} s | ${(drawn / 1000).toFixed(2)} s | ${Math.max(0, ...pageLong)} ms | ${Math.max(0, ...health.longTasks)} ms | ${health.longTasks.length} | ${mb(health.wasmBytes)} | ${mb(health.jsHeapBytes)} |`);
console.log(`\nreader long tasks (ms): ${JSON.stringify(health.longTasks)}\npage long tasks (ms): ${JSON.stringify(pageLong)}`);
await session.close();
await server.close();
