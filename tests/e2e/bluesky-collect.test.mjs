// Long Bluesky threads, end to end: the real extension, the real toolbar click, and
// www/sim/bluesky.html under the Bluesky-like CSP, which loads what bsky.app's post page loads as
// it is scrolled (parents above in chunks of 5 when the list's top comes into view, replies below
// in chunks when its bottom nears; every row stays mounted). Every check compares with the
// simulation's own list of the chain's posts.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { clickToOpen, closeWithEscape, launch, requirePrerequisites, readerFrame, t, waitForReady } from "./harness.mjs";
import { BLUESKY_CSP, startServer } from "../../tools/serve.mjs";

requirePrerequisites();

/** Run in the page: the thread item at the top of the viewport (its rkey) and its distance from the top. */
function itemAtTopOfScreen() {
  let found = null;
  for (const item of document.querySelectorAll('[data-testid^="postThreadItem-by-"]')) {
    const { top, bottom } = item.getBoundingClientRect();
    if (bottom > 0 && top < window.innerHeight && (!found || top < found.top)) {
      const link = item.querySelector('a[href*="/post/"]')?.getAttribute("href") ?? "";
      found = { post: /\/post\/([^/?#]+)/.exec(link)?.[1] ?? null, top: Math.round(top) };
    }
  }
  return found;
}
const samePlace = (a, b) => Boolean(a && b) && a.post === b.post && Math.abs(a.top - b.top) <= 1;

describe("collecting long Bluesky threads", () => {
  let server;
  let session;
  let run = 0;

  before(async () => {
    server = await startServer({ port: 0 });
    session = await launch();
  });
  after(async () => {
    await session?.close();
    await server?.close();
  });

  async function openSim(params) {
    const page = session.page;
    // A unique URL per run: the toolbar click finds its tab by URL.
    const response = await page.goto(`${server.url}/sim/bluesky.html?${params}&run=${++run}`);
    assert.equal(response.headers()["content-security-policy"], BLUESKY_CSP, "served under the Bluesky-like CSP");
    await page.waitForFunction(() => window.__sim !== undefined);
    // The simulation's own first loads (a sentinel already in view) are over before the click.
    await page.waitForTimeout(500);
    return page;
  }

  async function collect(page) {
    const placeBefore = await page.evaluate(itemAtTopOfScreen);
    assert.ok(placeBefore?.post, "a post is on screen before opening");
    const logs = await clickToOpen(session, page);
    const frame = await waitForReady(await readerFrame(page, { logs }));
    await frame.waitForFunction(() => document.documentElement.dataset.unspoolCollected === "1", null, { timeout: 120_000 });
    await frame.waitForFunction(
      () => document.documentElement.dataset.unspoolDrawn === String(window.__unspoolCollection.posts),
      null,
      { timeout: 30_000 },
    );
    const result = await frame.evaluate(() => ({
      ...window.__unspoolCollection,
      ids: [...document.querySelectorAll("article.thread li.post")].map((li) => li.dataset.id),
      report: document.getElementById("unspool-progress-text")?.textContent ?? "",
      notes: [...document.querySelectorAll(".thread-warnings li")].map((li) => ({
        text: li.textContent,
        links: [...li.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")),
      })),
    }));
    return { frame, placeBefore, result };
  }

  async function pageIsPutBack(page, placeBefore) {
    let place = null;
    for (const deadline = Date.now() + 5000; Date.now() < deadline && !samePlace(place, placeBefore);) {
      place = await page.evaluate(itemAtTopOfScreen);
      if (!samePlace(place, placeBefore)) await page.waitForTimeout(50);
    }
    assert.ok(samePlace(place, placeBefore), `the post being read is back where it was: ${JSON.stringify(place)} vs ${JSON.stringify(placeBefore)}`);
    await closeWithEscape(page);
    const closed = await page.evaluate(itemAtTopOfScreen);
    assert.ok(samePlace(closed, placeBefore), `closing keeps that place: ${JSON.stringify(closed)} vs ${JSON.stringify(placeBefore)}`);
  }

  test("a 60-post thread opened on its middle post comes out whole and in order; a Continue thread above is reported with its link", { timeout: 180_000 }, async () => {
    // The data holds 25 parents of the 30 above the focal post: a "Continue thread" link tops
    // the list once all of them are shown. Replies come 10 at a time.
    const page = await openSim("posts=60&open=middle&above=25&childChunk=10&replies=4");
    const sim = await page.evaluate(() => ({ expected: window.__sim.expectedIds, continueThread: window.__sim.continueThread }));
    assert.equal(sim.expected.length, 55);
    const { placeBefore, result } = await collect(page);
    assert.deepEqual(result.ids, sim.expected, "every post the page can load, in order");
    assert.ok(result.steps > 0, "the page was scrolled");
    assert.equal(result.reason, "chainComplete");
    // 25 parents, 5 shown at first: at least 4 more chunks came as the top was revisited.
    const loads = await page.evaluate(() => window.__sim.loads);
    assert.ok(loads.parents >= 4, `parents came in chunks: ${JSON.stringify(loads)}`);
    const hidden = result.notes.filter((note) => note.links.includes(sim.continueThread));
    assert.equal(hidden.length, 1, `one note links the Continue thread page: ${JSON.stringify(result.notes)}`);
    const [reportStart] = t("reportComplete", String(result.posts), "§").split("§");
    assert.ok(result.report.startsWith(reportStart), `the report says the thread is complete: ${result.report}`);
    await pageIsPutBack(page, placeBefore);
  });

  test("a thread opened on a later post collects its parents from the first; the self-replies the data cuts are reported as Read more replies", { timeout: 180_000 }, async () => {
    const page = await openSim("posts=32&open=20&below=6&replies=2");
    const sim = await page.evaluate(() => ({ expected: window.__sim.expectedIds, readMore: window.__sim.readMore }));
    const { placeBefore, result } = await collect(page);
    assert.deepEqual(result.ids, sim.expected, "the first post to the last the data holds, in order");
    assert.equal(result.ids[0], "3msim000000");
    assert.ok(result.notes.some((note) => note.links.includes(sim.readMore)), `the Read more replies link is reported: ${JSON.stringify(result.notes)}`);
    await pageIsPutBack(page, placeBefore);
  });
});
