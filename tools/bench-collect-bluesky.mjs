// Bluesky collection benchmark (numbers, not a test). On www/sim/bluesky.html (bsky.app-like:
// parents 5 at a time when the list's top comes into view, replies in chunks of 50 near its
// bottom, each chunk `delay` ms after its sentinel fires; every row stays mounted), for threads
// of the given sizes opened on their middle and last posts, it measures the real toolbar click →
// the whole chain collected (the reader's own clock), the steps taken, the chunks the page
// loaded, and the floor: chunks loaded × delay (the page answers one chunk at a time, and only
// when an end comes into view anew, so no reader has the thread sooner). Also the two quiet
// revisits per end that say an end is reached (about 2 × (2 frames + 600 ms) each).
//   node tools/bench-collect-bluesky.mjs [--sizes 60,200,600] [--cases middle,last] [--delay 120] [--runs 3]
import { launch, clickToOpen, closeWithEscape, readerFrame, waitForReady } from "../tests/e2e/harness.mjs";
import { startServer } from "./serve.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = opt("sizes", "60,200,600").split(",").map(Number);
const cases = opt("cases", "middle,last").split(",");
const delay = Number(opt("delay", "120"));
const runs = Math.max(1, Number(opt("runs", "3")));

const server = await startServer({ port: 0 });
const session = await launch();
let run = 0;
console.log("| posts | opened on | Unspool (median of runs) | steps | chunks loaded | floor (chunks × delay) | complete, in order |");
console.log("|---:|---|---:|---:|---:|---:|---|");
try {
  for (const size of sizes) {
    for (const open of cases) {
      const results = [];
      for (let r = 0; r < runs; r++) {
        const page = session.page;
        await page.goto(`${server.url}/sim/bluesky.html?posts=${size}&open=${open}&delay=${delay}&run=${++run}`);
        await page.waitForFunction(() => window.__sim !== undefined);
        await page.waitForTimeout(500);
        const before = await page.evaluate(() => ({ ...window.__sim.loads }));
        const expected = await page.evaluate(() => window.__sim.expectedIds);
        const logs = await clickToOpen(session, page);
        const frame = await waitForReady(await readerFrame(page, { logs }));
        await frame.waitForFunction(() => document.documentElement.dataset.unspoolCollected === "1", null, { timeout: 600_000 });
        await frame.waitForFunction(() => document.documentElement.dataset.unspoolDrawn === String(window.__unspoolCollection.posts), null, { timeout: 60_000 });
        const got = await frame.evaluate(() => ({
          ...window.__unspoolCollection,
          ids: [...document.querySelectorAll("article.thread li.post")].map((li) => li.dataset.id),
        }));
        const after = await page.evaluate(() => ({ ...window.__sim.loads }));
        const chunks = after.parents - before.parents + after.children - before.children;
        results.push({ ms: got.ms, steps: got.steps, chunks, complete: JSON.stringify(got.ids) === JSON.stringify(expected) });
        await closeWithEscape(page);
      }
      results.sort((a, b) => a.ms - b.ms);
      const median = results[Math.floor(results.length / 2)];
      const floor = median.chunks * delay;
      console.log(`| ${size} | ${open} | ${(median.ms / 1000).toFixed(2)} s (${results.map((x) => (x.ms / 1000).toFixed(2)).join(", ")}) | ${median.steps} | ${median.chunks} | ${(floor / 1000).toFixed(2)} s | ${results.every((x) => x.complete) ? "yes" : "NO"} |`);
    }
  }
} finally {
  await session.close();
  await server.close();
}
