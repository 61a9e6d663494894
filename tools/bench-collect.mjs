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
// --ext name=dir (repeatable): builds to compare, each in its own browser, runs interleaved (an
// A/B run on a busy host: compare the ratios of one round). --trace: for each run, the time from
// each load's answer to the page's next request (what a reader adds to the floor), from the
// simulation's own marks.
//   node tools/bench-collect.mjs [--delay 800] [--sizes 50,300,1000] [--cases head,middle,last,reveal] [--runs 3] [--no-naive]
//     [--ext before=/tmp/before-dist --ext after=dist/chrome] [--trace]
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
const extArgs = args.flatMap((a, i) => (a === "--ext" ? [args[i + 1]] : []));
const exts = (extArgs.length ? extArgs : [`unspool=${process.env.UNSPOOL_DIST || "dist/chrome"}`]).map((e) => ({ name: e.split("=")[0], dir: e.slice(e.indexOf("=") + 1) }));
const withTrace = args.includes("--trace");

const server = await startServer({ port: 0 });
for (const ext of exts) ext.session = await launch({ dist: ext.dir });
let session = exts[0].session;
let page = session.page;
const rows = [];

// From the simulation's marks: how long after each load's answer the page's next request came
// (the first load's wait counts from the click), and what came after the last answer.
async function loadGaps(clickedAt) {
  return page.evaluate((from) => {
    const marks = performance.getEntriesByType("mark").filter((m) => m.startTime >= from && m.name.startsWith("sim:"));
    const gaps = [];
    let answered = from;
    for (const m of marks) {
      if (m.name === "sim:request" && answered !== null) gaps.push({ gap: Math.round(m.startTime - answered), kind: m.detail });
      answered = m.name === "sim:answer" ? m.startTime : m.name === "sim:request" ? null : answered;
    }
    return { gaps, lastAnswer: answered === null ? null : answered - from };
  }, clickedAt);
}

// The reveal case's second floor: posts a "Show replies" opens arrive at once, but the page still
// mounts them a few per frame and any reader has to have each of them mounted once. Measured on
// the same page after the run, with nothing else to do: jump a whole mounted band (the viewport
// and one above and below) at a time and wait only until every revealed row in it is mounted.
async function revealMountMs() {
  return page.evaluate(async () => {
    const sim = window.__sim;
    const cut = sim.expectedIds.indexOf(sim.hiddenAfter[0]);
    if (cut < 0) return 0;
    const ids = new Set(sim.expectedIds.slice(cut + 1));
    const revealed = () => sim.rows().filter((r) => ids.has(r.id));
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    // Where the list starts on the page, from any mounted post of it.
    const row = sim.rows().find((r) => r.mounted && r.id);
    const cell = document.querySelector(`a[href$="/status/${row.id}"]`)?.closest('[data-testid="cellInnerDiv"]');
    const listTop = cell.getBoundingClientRect().top + window.scrollY - row.top;
    const vh = window.innerHeight;
    const rows = revealed();
    const end = rows.at(-1).top + rows.at(-1).height;
    const started = performance.now();
    for (let y = rows[0].top + vh; y - vh < end; y += 3 * vh) {
      window.scrollTo({ top: listTop + y, behavior: "instant" });
      const inBand = (r) => r.top + r.height > y - vh && r.top < y + 2 * vh;
      for (let i = 0; i < 200 && revealed().some((r) => inBand(r) && !r.mounted); i++) await frame();
    }
    return performance.now() - started;
  });
}

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
  const clickedAt = await page.evaluate(() => performance.now());
  const logs = await clickToOpen(session, page);
  const frame = await waitForReady(await readerFrame(page, { logs }));
  await frame.waitForFunction(() => document.documentElement.dataset.unspoolCollected === "1", null, { timeout: 600_000 });
  await frame.waitForFunction(() => document.documentElement.dataset.unspoolDrawn === String(window.__unspoolCollection.posts), null, { timeout: 60_000 });
  const c = await frame.evaluate(() => ({
    ...window.__unspoolCollection,
    ids: [...document.querySelectorAll("li.post")].map((li) => li.dataset.id),
    // What the reader told the person: the report line and the notes on completeness.
    told: [...document.querySelectorAll("#unspool-progress-text, .thread-warnings li")].map((el) => el.textContent?.trim()).filter(Boolean),
  }));
  const sim = await page.evaluate((n) => ({ loads: window.__sim.loads, chainLoads: window.__sim.chainLoads, long: window.__sim.longTasks.slice(n) }), longBefore);
  const complete = JSON.stringify(c.ids) === JSON.stringify(expected);
  const trace = withTrace ? await loadGaps(clickedAt) : null;
  await closeWithEscape(page);
  const mountMs = which === "reveal" ? await revealMountMs() : 0;
  return { reason: c.reason, told: c.told, mountMs, trace, ours: c.stats?.longestPageTaskMs ?? NaN, ms: c.ms, steps: c.steps, loads: sim.loads - loadsBefore, chainLoads: sim.chainLoads - chainLoadsBefore, complete, got: c.ids.length, expected: expected.length, maxLongTask: Math.max(0, ...sim.long), longTasks: sim.long.filter((ms) => ms > 50).length };
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
  const byExt = new Map(exts.map((ext) => [ext, []]));
  for (let run = 0; run < runs; run++) for (const ext of exts) {
    ({ session } = ext);
    ({ page } = session);
    const all = byExt.get(ext);
    const u = await unspool(posts, run, which);
    all.push({ ...u, bound: u.chainLoads * delay, ratio: u.ms / (u.chainLoads * delay), fairRatio: u.ms / (u.chainLoads * delay + u.mountMs) });
    console.error(`${ext.name}: ${posts} posts (${which}), run ${run + 1}: ${(u.ms / 1000).toFixed(2)} s, ${u.loads} loads (${u.chainLoads} of the thread), ratio ${all.at(-1).ratio.toFixed(2)}${u.mountMs ? ` (${all.at(-1).fairRatio.toFixed(2)} with the revealed posts' ${u.mountMs.toFixed(0)} ms of mounting)` : ""}, longest page task ${u.maxLongTask.toFixed(0)} ms (${u.longTasks} over 50 ms), ours ${u.ours.toFixed(0)} ms${u.complete ? "" : `, INCOMPLETE ${u.got}/${u.expected} (stopped: ${u.reason}; the reader said: ${JSON.stringify(u.told)})`}`);
    if (u.trace) console.error(`  answer → next request (ms): ${u.trace.gaps.map((g) => `${g.gap}${g.kind[0]}`).join(" ")}; sum after the first ${u.trace.gaps.slice(1).reduce((sum, g) => sum + g.gap, 0)}; done ${Math.round(u.ms - (u.trace.lastAnswer ?? 0))} ms after the last answer`);
  }
  for (const [ext, all] of byExt) rows.push(await summary(ext, posts, which, all));
}

async function summary(ext, posts, which, all) {
  const sorted = [...all].sort((a, b) => a.ratio - b.ratio);
  const median = sorted[(sorted.length - 1) >> 1];
  // The naive scroller needs no extension: once per size, in the first browser.
  const n = withNaive && which === "head" && ext === exts[0] ? await naive(posts) : { ms: NaN, got: NaN, maxLongTask: NaN, longTasks: NaN };
  return {
    build: ext.name, posts, which, ...median, minRatio: sorted[0].ratio, maxRatio: sorted.at(-1).ratio,
    complete: all.every((u) => u.complete), maxLongTask: Math.max(...all.map((u) => u.maxLongTask)), ours: Math.max(...all.map((u) => u.ours)),
    longTasks: all.reduce((sum, u) => sum + u.longTasks, 0),
    naiveMs: n.ms, naiveGot: n.got, naiveLongest: n.maxLongTask, naiveLongTasks: n.longTasks,
  };
}

console.log(`\nCollection, load delay ${delay} ms, median of ${runs} runs (Chromium ${session.context.browser()?.version() ?? ""})\n`);
console.log("| build | posts | case | Unspool | steps | loads (of the thread) | lower bound (thread loads × delay) | ratio (range) | ratio to loads + mounting the revealed posts | complete | longest page task (tasks > 50 ms, all runs) | content script's longest | naive 700 ms scroller | naive found | page's longest task under the naive scroller (> 50 ms) |");
console.log("|:---|---:|:---|---:|---:|---:|---:|---:|---:|:---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${r.build} | ${r.posts} | ${r.which} | ${(r.ms / 1000).toFixed(2)} s | ${r.steps} | ${r.loads} (${r.chainLoads}) | ${(r.bound / 1000).toFixed(1)} s | ${r.ratio.toFixed(2)}× (${r.minRatio.toFixed(2)}–${r.maxRatio.toFixed(2)}) | ${r.mountMs ? `${r.fairRatio.toFixed(2)}× (+${(r.mountMs / 1000).toFixed(2)} s)` : "–"} | ${r.complete ? "yes" : `no (${r.got}/${r.expected})`} | ${r.maxLongTask.toFixed(0)} ms (${r.longTasks}) | ${r.ours.toFixed(0)} ms | ${(r.naiveMs / 1000).toFixed(1)} s | ${r.naiveGot}/${r.expected} | ${r.naiveLongest.toFixed(0)} ms (${r.naiveLongTasks}) |`);
}
for (const ext of exts) await ext.session.close();
await server.close();
