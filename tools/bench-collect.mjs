// Collection benchmark (issue 4; numbers, not a test). For simulated threads of 50, 300 and
// 1000 posts whose page loads more rows `delay` ms after the reader nears the end (X-like, see
// www/sim/), it measures, in one run:
//   - Unspool: real toolbar click → the whole chain collected (the reader's own clock), with the
//     number of loads the page made and the page's long tasks meanwhile;
//   - the lower bound: thread loads × delay, where thread loads are the page's loads that
//     brought part of the thread (a post of the chain, or a "Show replies" hiding some). The
//     page answers one load at a time, so no reader can have the whole thread sooner. Loads of
//     others' replies after the thread's end do not count: a reader that makes the page start
//     its loads early may cause one such load, and need not wait for it;
//   - a naive scroller like the userscripts: scroll one viewport every 700 ms, read the posts in
//     the DOM, stop after 3 rounds without a new post.
// The page's long tasks include its own rendering and scripts (here the simulation's) as well as
// the content script's work (the Long Animation Frame API does not attribute content scripts):
// the content script reports its own longest stretch on the page's main thread separately.
// Each size runs --runs times (the page's timers and frames vary by tens of ms from run to
// run): the table shows the run with the median ratio, the ratios' range, and the worst
// long task and completeness over all runs.
// Cases (issue 11): where the page is opened and what it hides: `head` (the first post),
// `middle`, `last`, `reveal` (the first post, one "Show replies" cell in the chain).
//   node tools/bench-collect.mjs [--delay 800] [--sizes 50,300,1000] [--cases head,middle,last,reveal] [--runs 3] [--no-naive]
import { launch, clickToOpen, closeWithEscape, readerFrame, waitForReady } from "../tests/e2e/harness.mjs";
import { startServer } from "./serve.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const delay = Number(opt("delay", "800"));
const sizes = opt("sizes", "50,300,1000").split(",").map(Number);
const withNaive = !args.includes("--no-naive");
const runs = Math.max(1, Number(opt("runs", "3")));
const CASES = { head: "open=head", middle: "open=middle", last: "open=last", reveal: "open=head&showMore=1" };
const cases = opt("cases", "head").split(",").filter((c) => CASES[c]);

const server = await startServer({ port: 0 });
const session = await launch();
const page = session.page;
const rows = [];

async function openSim(posts, tag, which = "head") {
  // A unique URL per run: the toolbar click finds its tab by URL.
  await page.goto(`${server.url}/sim/conversation.html?posts=${posts}&${CASES[which]}&delay=${delay}&run=${tag}`);
  await page.waitForFunction(() => window.__sim && window.__sim.mountedCount() > 0);
  await page.waitForTimeout(300);
}

async function unspool(posts, run, which) {
  await openSim(posts, `u${posts}-${which}-${run}`, which);
  const expected = await page.evaluate(() => window.__sim.expectedIds);
  const [loadsBefore, chainLoadsBefore] = await page.evaluate(() => [window.__sim.loads, window.__sim.chainLoads]);
  const longBefore = await page.evaluate(() => window.__sim.longTasks.length);
  const logs = await clickToOpen(session, page);
  const frame = await waitForReady(await readerFrame(page, { logs }));
  await frame.waitForFunction(() => document.documentElement.dataset.unspoolCollected === "1", null, { timeout: 600_000 });
  await frame.waitForFunction(() => document.documentElement.dataset.unspoolDrawn === String(window.__unspoolCollection.posts), null, { timeout: 60_000 });
  const c = await frame.evaluate(() => ({ ...window.__unspoolCollection, ids: [...document.querySelectorAll("li.post")].map((li) => li.dataset.id) }));
  const sim = await page.evaluate((n) => ({ loads: window.__sim.loads, chainLoads: window.__sim.chainLoads, long: window.__sim.longTasks.slice(n) }), longBefore);
  const complete = JSON.stringify(c.ids) === JSON.stringify(expected);
  await closeWithEscape(page);
  return { ours: c.stats?.longestPageTaskMs ?? NaN, ms: c.ms, steps: c.steps, loads: sim.loads - loadsBefore, chainLoads: sim.chainLoads - chainLoadsBefore, complete, got: c.ids.length, expected: expected.length, maxLongTask: Math.max(0, ...sim.long), longTasks: sim.long.filter((ms) => ms > 50).length };
}

async function naive(posts) {
  await openSim(posts, `n${posts}`);
  const expected = await page.evaluate(() => window.__sim.expectedIds);
  const longBefore = await page.evaluate(() => window.__sim.longTasks.length);
  const result = await page.evaluate(async () => {
    const seen = new Set();
    const started = performance.now();
    let idle = 0;
    while (idle < 3) {
      let fresh = 0;
      for (const a of document.querySelectorAll('article a[href*="/status/"] time')) {
        const id = a.parentElement.getAttribute("href").split("/status/")[1];
        if (!seen.has(id)) { seen.add(id); fresh++; }
      }
      idle = fresh ? 0 : idle + 1;
      window.scrollBy(0, window.innerHeight);
      await new Promise((r) => setTimeout(r, 700));
    }
    return { ms: performance.now() - started, ids: [...seen] };
  });
  const got = expected.filter((id) => result.ids.includes(id)).length;
  // The page's own long tasks while a script scrolls it one viewport at a time, like a reader.
  const long = await page.evaluate((n) => window.__sim.longTasks.slice(n), longBefore);
  return { ms: result.ms, got, expected: expected.length, maxLongTask: Math.max(0, ...long), longTasks: long.filter((ms) => ms > 50).length };
}

for (const posts of sizes) for (const which of cases) {
  const all = [];
  for (let run = 0; run < runs; run++) {
    const u = await unspool(posts, run, which);
    all.push({ ...u, bound: u.chainLoads * delay, ratio: u.ms / (u.chainLoads * delay) });
    console.error(`${posts} posts (${which}), run ${run + 1}: ${(u.ms / 1000).toFixed(2)} s, ${u.loads} loads (${u.chainLoads} of the thread), ratio ${all.at(-1).ratio.toFixed(2)}, longest page task ${u.maxLongTask.toFixed(0)} ms (${u.longTasks} over 50 ms)${u.complete ? "" : `, INCOMPLETE ${u.got}/${u.expected}`}`);
  }
  const sorted = [...all].sort((a, b) => a.ratio - b.ratio);
  const median = sorted[(sorted.length - 1) >> 1];
  const n = withNaive && which === "head" ? await naive(posts) : { ms: NaN, got: NaN, maxLongTask: NaN, longTasks: NaN };
  rows.push({
    posts, which, ...median, minRatio: sorted[0].ratio, maxRatio: sorted.at(-1).ratio,
    complete: all.every((u) => u.complete), maxLongTask: Math.max(...all.map((u) => u.maxLongTask)), ours: Math.max(...all.map((u) => u.ours)),
    longTasks: all.reduce((sum, u) => sum + u.longTasks, 0),
    naiveMs: n.ms, naiveGot: n.got, naiveLongest: n.maxLongTask, naiveLongTasks: n.longTasks,
  });
}

console.log(`\nCollection, load delay ${delay} ms, median of ${runs} runs (Chromium ${session.context.browser()?.version() ?? ""})\n`);
console.log("| posts | case | Unspool | steps | loads (of the thread) | lower bound (thread loads × delay) | ratio (range) | complete | longest page task (tasks > 50 ms, all runs) | content script's longest | naive 700 ms scroller | naive found | page's longest task under the naive scroller (> 50 ms) |");
console.log("|---:|:---|---:|---:|---:|---:|---:|:---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${r.posts} | ${r.which} | ${(r.ms / 1000).toFixed(2)} s | ${r.steps} | ${r.loads} (${r.chainLoads}) | ${(r.bound / 1000).toFixed(1)} s | ${r.ratio.toFixed(2)}× (${r.minRatio.toFixed(2)}–${r.maxRatio.toFixed(2)}) | ${r.complete ? "yes" : `no (${r.got}/${r.expected})`} | ${r.maxLongTask.toFixed(0)} ms (${r.longTasks}) | ${r.ours.toFixed(0)} ms | ${(r.naiveMs / 1000).toFixed(1)} s | ${r.naiveGot}/${r.expected} | ${r.naiveLongest.toFixed(0)} ms (${r.naiveLongTasks}) |`);
}
await session.close();
await server.close();
