// Updates never move what the person is reading (issue 12): while a long thread is collected,
// new posts are inserted into the article (never the article replaced); the post at the top of the
// reader's viewport stays where it was, through collection and its end; the selection and the
// focus survive; the header counts what is shown; notes wait for the final report.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { clickToOpen, closeWithEscape, launch, requirePrerequisites, readerFrame, waitForReady } from "./harness.mjs";
import { startServer } from "../../tools/serve.mjs";

requirePrerequisites();

describe("updates in place", () => {
  let server;
  let session;

  before(async () => {
    server = await startServer({ port: 0 });
    session = await launch();
  });
  after(async () => {
    await session?.close();
    await server?.close();
  });

  test("a 150-post thread opened at its middle: the post being read stays put, selection and focus survive", { timeout: 180_000 }, async () => {
    const page = session.page;
    await page.goto(`${server.url}/sim/conversation.html?posts=150&open=middle&delay=200&skip=30`);
    await page.waitForFunction(() => window.__sim && window.__sim.mountedCount() > 0);
    await page.waitForTimeout(200);
    const expected = await page.evaluate(() => window.__sim.expectedIds);
    const logs = await clickToOpen(session, page);
    const frame = await waitForReady(await readerFrame(page, { logs }));
    assert.notEqual(await frame.evaluate(() => document.documentElement.dataset.unspoolCollected), "1", "collection is still running");

    // Read a post in the middle of what is shown: scroll it to the top (as far as the page
    // allows), select a word of the post at the top, focus its permalink, and mark the article
    // element to tell if it is ever replaced.
    const chosen = await frame.evaluate(async () => {
      const items = [...document.querySelectorAll("li.post[data-id]")];
      const middle = items[Math.floor(items.length / 2)];
      window.scrollTo(0, window.scrollY + middle.getBoundingClientRect().top - 120);
      // What a person reads is a drawn frame: the posts just scrolled into view are laid out at
      // their real heights (long threads use content-visibility) only in the next one.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const bar = document.querySelector(".bar").getBoundingClientRect().bottom;
      const item = items.find((li) => li.getBoundingClientRect().bottom > bar + 40);
      const text = item.querySelector(".post-text p").firstChild;
      getSelection().setBaseAndExtent(text, 0, text, 4);
      item.querySelector("a.permalink").focus({ preventScroll: true });
      document.querySelector("article.thread").dataset.marked = "1";
      return { id: item.dataset.id, top: item.getBoundingClientRect().top, selected: getSelection().toString(), scrollY };
    });
    const start = { top: chosen.top };
    assert.ok(chosen.selected.length > 0, "a word is selected");

    // While posts arrive: the same post at the same place, posts in order, the count = what is shown.
    const samples = [];
    for (;;) {
      const sample = await frame.evaluate(() => ({
        done: document.documentElement.dataset.unspoolCollected === "1",
        // Collection over, final report on its way: the notes and the last count come now.
        collecting: document.documentElement.dataset.unspoolCollecting === "1",
        marked: document.querySelector("article.thread")?.dataset.marked === "1",
        ids: [...document.querySelectorAll("li.post[data-id]")].map((li) => li.dataset.id),
        count: document.querySelector(".thread-meta .post-count")?.textContent ?? "",
        notes: document.querySelectorAll(".thread-warnings").length,
        place: (() => {
          const item = document.querySelector(`li.post[data-id="${CSS.escape(window.__chosen)}"]`);
          return item ? item.getBoundingClientRect().top : null;
        })(),
      })).catch(() => null);
      if (sample) samples.push(sample);
      if (sample?.done) break;
      await frame.evaluate((id) => (window.__chosen = id), chosen.id);
      await page.waitForTimeout(150);
    }
    await frame.waitForFunction(() => document.documentElement.dataset.unspoolDrawn === String(window.__unspoolCollection.posts));

    const grew = samples.filter((s) => !s.done).map((s) => s.ids.length);
    assert.ok(grew.some((n) => n > grew[0]), `the article grew while collecting: ${grew.join(", ")}`);
    for (const s of samples) {
      assert.ok(s.marked, "the article element is never replaced");
      const order = s.ids.map((id) => expected.indexOf(id));
      assert.deepEqual(order, [...order].sort((a, b) => a - b), "posts shown in thread order");
      assert.ok(!order.includes(-1), "only the chain's posts");
      if (s.collecting) {
        assert.match(s.count, new RegExp(`^${s.ids.length}\\b`), `the header counts the posts shown: ${s.count} vs ${s.ids.length}`);
        assert.equal(s.notes, 0, "no notes while collecting");
      }
      if (s.place !== null) assert.ok(Math.abs(s.place - start.top) <= 2, `the post being read stays put: ${s.place} vs ${start.top}`);
    }

    const end = await frame.evaluate((id) => ({
      top: document.querySelector(`li.post[data-id="${id}"]`).getBoundingClientRect().top,
      selected: getSelection().toString(),
      focused: document.activeElement?.closest("li.post")?.dataset.id ?? null,
      ids: [...document.querySelectorAll("li.post[data-id]")].map((li) => li.dataset.id),
      notes: [...document.querySelectorAll(".thread-warnings li")].map((li) => li.textContent),
      running: document.getAnimations().filter((a) => a.playState === "running" && a.effect?.target?.closest?.("article")).length,
    }), chosen.id);
    assert.deepEqual(end.ids, expected, "the whole thread, in order");
    assert.ok(Math.abs(end.top - start.top) <= 2, `after the end, the post is where it was: ${end.top} vs ${start.top}`);
    assert.equal(end.selected, chosen.selected, "the selection survives");
    assert.equal(end.focused, chosen.id, "the focus survives");
    assert.equal(end.running, 0, "no animation replays");
    // The simulation skips number 30: one note, at the end, written as a range.
    assert.deepEqual(end.notes, ["The author numbered 150 posts; post 30 may be missing."]);
    await closeWithEscape(page);
  });
});
