// Long threads on a live, virtualized timeline (issue 4), end to end: the real extension, the
// real toolbar click, and www/sim/conversation.html, which behaves like x.com's status page
// (rows unmounted off-screen, more rows loaded after a delay near the ends, "Show replies" cells,
// in-place "Show more", ads, replies by others, "Discover more"). Every check compares with the
// simulation's own list of the chain's status ids.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { clickToOpen, closeWithEscape, launch, requirePrerequisites, postAtTopOfScreen, readerFrame, samePlace, t, waitForReady } from "./harness.mjs";
import { startServer } from "../../tools/serve.mjs";

requirePrerequisites();

describe("collecting long threads", () => {
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
    await page.goto(`${server.url}/sim/conversation.html?${params}&run=${++run}`);
    await page.waitForFunction(() => window.__sim && window.__sim.mountedCount() > 0);
    await page.waitForTimeout(200);
    return page;
  }

  const placeOf = (page) => page.evaluate(postAtTopOfScreen);

  async function collect(page) {
    const placeBefore = await placeOf(page);
    assert.ok(placeBefore?.post, "a post is on screen before opening");
    const logs = await clickToOpen(session, page);
    const frame = await waitForReady(await readerFrame(page, { logs }));
    return { frame, placeBefore };
  }

  async function finished(frame) {
    await frame.waitForFunction(() => document.documentElement.dataset.unspoolCollected === "1", null, { timeout: 120_000 });
    await frame.waitForFunction(
      () => document.documentElement.dataset.unspoolDrawn === String(window.__unspoolCollection.posts),
      null,
      { timeout: 30_000 },
    );
    return frame.evaluate(() => ({
      ...window.__unspoolCollection,
      ids: [...document.querySelectorAll("article.thread li.post")].map((li) => li.dataset.id),
      report: document.getElementById("unspool-progress-text")?.textContent ?? "",
      warnings: [...document.querySelectorAll(".thread-warnings li")].map((li) => li.textContent),
    }));
  }

  async function closeAndCheckScroll(page, placeBefore) {
    // The page is put back once collection is over, after it has drawn the rows there.
    let place = null;
    for (const deadline = Date.now() + 3000; Date.now() < deadline && !samePlace(place, placeBefore);) {
      place = await placeOf(page);
      if (!samePlace(place, placeBefore)) await page.waitForTimeout(50);
    }
    assert.ok(samePlace(place, placeBefore), `collection puts the post the reader was reading back where it was on the screen: ${JSON.stringify(place)} vs ${JSON.stringify(placeBefore)}`);
    await closeWithEscape(page);
    const closed = await placeOf(page);
    assert.ok(samePlace(closed, placeBefore), `closing keeps that place: ${JSON.stringify(closed)} vs ${JSON.stringify(placeBefore)}`);
  }

  for (const open of ["head", "middle", "last"]) {
    test(`a 300-post thread opened on its ${open} post comes out whole and in order`, { timeout: 120_000 }, async () => {
      const page = await openSim(`posts=300&open=${open}&delay=120&ads=1&discover=1&replies=12`);
      const expected = await page.evaluate(() => window.__sim.expectedIds);
      const answers = await page.evaluate(() => window.__sim.answerIds ?? []);
      const { frame, placeBefore } = await collect(page);
      const result = await finished(frame);
      assert.equal(result.reason, "chainComplete", result.report);
      assert.equal(result.ids.length, 300);
      assert.deepEqual(result.ids, expected, "the chain, in order, nothing else");
      for (const id of answers) assert.ok(!result.ids.includes(id), `the author's answer ${id} is not part of the chain`);
      assert.match(result.report, /300 posts collected/);
      await closeAndCheckScroll(page, placeBefore);
    });
  }

  test("hidden parts are opened: 'Show replies' cells and cut posts", { timeout: 120_000 }, async () => {
    const page = await openSim("posts=300&open=middle&delay=120&showMore=1&truncate=1");
    const expected = await page.evaluate(() => window.__sim.expectedIds);
    const truncated = await page.evaluate(() => window.__sim.truncatedIds ?? []);
    const { frame, placeBefore } = await collect(page);
    const result = await finished(frame);
    assert.deepEqual(result.ids, expected);
    // Posts X cut are read whole after their in-place "Show more": no note, no warning.
    assert.ok(truncated.length > 0, "the simulation cut some posts");
    const notes = await frame.evaluate((ids) => ids.filter((id) => document.querySelector(`li.post[data-id="${id}"] a.continue`)), truncated);
    assert.deepEqual(notes, []);
    assert.ok(!result.warnings.some((w) => /cut short/.test(w)), "no post stays cut");
    await closeAndCheckScroll(page, placeBefore);
  });

  test("a number missing from the author's numbering is reported", { timeout: 60_000 }, async () => {
    const page = await openSim("posts=60&open=head&delay=80&skip=4");
    const { frame, placeBefore } = await collect(page);
    const result = await finished(frame);
    assert.ok(
      result.warnings.some((w) => /numbered 60 posts; post 4 may be missing\./.test(w)),
      `warnings: ${JSON.stringify(result.warnings)}`,
    );
    await closeAndCheckScroll(page, placeBefore);
  });

  test("Stop ends collection early, says so, and gives the page back", { timeout: 120_000 }, async () => {
    const page = await openSim("posts=1000&open=head&delay=250");
    const { frame, placeBefore } = await collect(page);
    await frame.waitForFunction(() => /\d+/.test(document.getElementById("unspool-progress-text")?.textContent ?? ""));
    await frame.waitForFunction(() => Number((document.getElementById("unspool-progress-text")?.textContent ?? "").match(/\d+/)?.[0] ?? 0) >= 40);
    await frame.click("#unspool-cancel");
    const result = await finished(frame);
    assert.equal(result.reason, "cancelled");
    assert.ok(result.ids.length >= 40 && result.ids.length < 1000, `${result.ids.length} posts`);
    assert.ok(result.warnings.some((w) => /stopped after \d+ posts/i.test(w)), JSON.stringify(result.warnings));
    assert.match(result.report, /Stopped after/);
    await closeAndCheckScroll(page, placeBefore);
  });

  // Issue 11: the report tells the truth, and the collector waits only where something comes.
  const waits = (result) => result.trace.filter((step) => step.next === "wait").length;

  for (const numbering of ["first", "firstlast", "tenth", "thread-emoji", "mixed"]) {
    test(`partial numbering (${numbering}) gives no gap note`, { timeout: 60_000 }, async () => {
      const page = await openSim(`posts=40&open=head&delay=60&numbering=${numbering}`);
      const expected = await page.evaluate(() => window.__sim.expectedIds);
      const { frame } = await collect(page);
      const result = await finished(frame);
      assert.deepEqual(result.ids, expected);
      assert.deepEqual(result.warnings.filter((w) => /numbered|missing/.test(w)), [], result.report);
      await closeWithEscape(page);
    });
  }

  test("a chain that ends before the author's last number says the end is the page's, not the author's", { timeout: 60_000 }, async () => {
    // The author's 20th post is gone: the chain ends at 19/20, followed by others' replies.
    const page = await openSim("posts=20&open=head&delay=60&skip=20");
    const { frame } = await collect(page);
    const result = await finished(frame);
    assert.equal(result.ids.length, 19);
    assert.equal(result.reason, "chainComplete");
    const [start, end] = t("reportEndsShort", "19", "§", "20").split("§");
    assert.ok(result.report.startsWith(start) && result.report.endsWith(end), result.report);
    assert.ok(!result.report.includes(t("reportComplete", "19", "§").split("§")[1]), "not 'the author's thread ends here'");
    assert.deepEqual(result.warnings.filter((w) => /numbered/.test(w)), ["The author numbered 20 posts; post 20 may be missing."]);
    await closeWithEscape(page);
  });

  test("a post missing from a partially numbered thread is reported as a range", { timeout: 60_000 }, async () => {
    const page = await openSim("posts=20&open=head&delay=60&numbering=firstlast&skip=7");
    const { frame } = await collect(page);
    const result = await finished(frame);
    assert.equal(result.ids.length, 19);
    assert.deepEqual(result.warnings.filter((w) => /numbered/.test(w)), ["The author numbered 20 posts; posts 2\u201319 may be missing."]);
    await closeWithEscape(page);
  });

  test("a reveal cell drawn as a link is opened in place", { timeout: 60_000 }, async () => {
    const page = await openSim("posts=40&open=head&delay=60&showMore=link");
    const expected = await page.evaluate(() => window.__sim.expectedIds);
    const { frame } = await collect(page);
    const result = await finished(frame);
    assert.deepEqual(result.ids, expected, "the posts behind the link are collected");
    assert.equal(await page.evaluate(() => window.__sim.hiddenLeft), 0);
    assert.deepEqual(result.warnings, []);
    await closeWithEscape(page);
  });

  test("a reveal link the page does not open in place is not followed, and is reported with its link", { timeout: 60_000 }, async () => {
    const page = await openSim("posts=40&open=head&delay=60&showMore=linkout");
    const url = page.url();
    const { frame } = await collect(page);
    const result = await finished(frame);
    assert.equal(page.url(), url, "the page stayed where it was");
    assert.ok(await page.evaluate(() => window.__sim.linkClicksLeftAlone) >= 1, "the link was clicked");
    assert.ok(result.ids.length < 40);
    const hidden = result.warnings.filter((w) => /hidden behind a link/.test(w));
    assert.equal(hidden.length, 1, JSON.stringify(result.warnings));
    assert.match(hidden[0], /read them on X: https:\/\/x\.com\/i\/status\/\d+$/);
    await closeWithEscape(page);
  });

  test("opened in the middle: the root at the top ends the way up without a wait, and the way down does not go over known posts", { timeout: 60_000 }, async () => {
    const page = await openSim("posts=120&open=middle&delay=60");
    const expected = await page.evaluate(() => window.__sim.expectedIds);
    const { frame } = await collect(page);
    const result = await finished(frame);
    assert.deepEqual(result.ids, expected);
    assert.equal(result.trace.filter((step) => step.viewport.atTop).length, 0, "no step waited at the top for a load");
    // Once going down, every step but the one back to where the way down had got finds posts.
    const firstDown = result.trace.findIndex((step, i) => i > 0 && result.trace[i - 1].next === "scrollUp" && step.next === "scrollDown");
    const down = result.trace.slice(firstDown + 1);
    const idle = down.filter((step, i) => i > 0 && step.posts === down[i - 1].posts && step.next !== "done").length;
    assert.ok(idle <= 2, `${idle} steps down found nothing new: ${JSON.stringify(down.map((s) => [s.next, s.posts]))}`);
    assert.equal(waits(result), 0);
  });

  test("a 'Show replies' fetch far slower than the page's loads is waited for while its spinner stands", { timeout: 120_000 }, async () => {
    // 8 s for the hidden part against 200 ms for every other load: longer than two quiet waits
    // (a busy machine, a slow network). Leaving the spinner then let the posts arrive out of sight.
    const page = await openSim("posts=120&open=head&delay=200&revealDelay=8000&showMore=1&replies=6");
    const expected = await page.evaluate(() => window.__sim.expectedIds);
    const { frame } = await collect(page);
    const result = await finished(frame);
    assert.deepEqual(result.ids, expected, `${result.report} ${JSON.stringify(result.trace.map((s) => [s.next, s.posts]))}`);
    assert.deepEqual(result.warnings, [], "nothing reported missing");
    await closeWithEscape(page);
  });

  test("a 'Show replies' reveal ends without idle waits", { timeout: 60_000 }, async () => {
    const page = await openSim("posts=40&open=head&delay=200&showMore=1&replies=6");
    const expected = await page.evaluate(() => window.__sim.expectedIds);
    const { frame } = await collect(page);
    const result = await finished(frame);
    assert.deepEqual(result.ids, expected);
    // At most one wait: while X's spinner stands where the cell was; none once the posts are in.
    assert.ok(waits(result) <= 1, JSON.stringify(result.trace.map((s) => [s.next, s.posts])));
    const complete = result.trace.findIndex((step) => step.posts === expected.length);
    assert.deepEqual(result.trace.slice(complete).filter((s) => s.next === "wait"), [], "no wait once the chain is whole");
    await closeWithEscape(page);
  });

  for (const [what, query, scrollBy] of [
    ["a whole 4-post thread, opened on its last post", "posts=4&open=last&replies=0&discover=0&ads=0&batch=500&delay=60", 0],
    ["a whole 14-post thread followed by others' replies, opened after a 250 px scroll", "posts=14&replies=12&discover=0&ads=0&batch=500&delay=60", 250],
  ]) {
    test(`a page already holding ${what} finishes at once`, { timeout: 60_000 }, async () => {
      const page = await openSim(query);
      const expected = await page.evaluate(() => window.__sim.expectedIds);
      if (scrollBy) {
        await page.evaluate((y) => window.scrollBy(0, y), scrollBy);
        await page.waitForTimeout(200);
      }
      const { frame } = await collect(page);
      const result = await finished(frame);
      assert.deepEqual(result.ids, expected);
      assert.equal(result.reason === "chainComplete" || result.reason === "endOfList", true, result.reason);
      // No step waits for a load that cannot come: at most a step to the list's end and one
      // short look there.
      assert.ok(result.steps <= 2, JSON.stringify(result.trace));
      assert.equal(result.trace.filter((step) => step.viewport.atTop).length, 0, "no wait at the top");
      assert.equal(waits(result), 0);
      await closeWithEscape(page);
    });
  }
});
