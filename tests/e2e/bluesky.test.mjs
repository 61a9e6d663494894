// A Bluesky post page, end to end: the fixture served at a bsky.app-like path under a Bluesky-like
// CSP (no inline scripts, no 'wasm-unsafe-eval'), the real toolbar click, the reader showing the
// fixture's expected thread with "View on Bluesky" links, collection that finds nothing more to
// load on a page that holds the whole thread (and says the thread is complete), and a Markdown
// copy equal to the CLI's. Long threads that load as they are scrolled: bluesky-collect.test.mjs.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  requirePrerequisites, launch, serveFixtures, fixture, openReader, closeWithEscape, chooseFromMenu, waitForStatus,
  cli, ensureCli, t,
} from "./harness.mjs";
import { BLUESKY_CSP } from "../../tools/serve.mjs";

requirePrerequisites();
const NAME = "bluesky-self-thread";

let session;
let server;

before(async () => {
  ensureCli();
  [session, server] = await Promise.all([launch(), serveFixtures()]);
  await session.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
});

after(async () => {
  await Promise.all([session?.close(), server?.close()]);
});

describe("bluesky", () => {
  test("a Bluesky post page opens in the reader, names its site, is collected to its ends, and copies as Markdown", { timeout: 60_000 }, async () => {
    const { expected, spec } = fixture(NAME);
    const page = session.page;
    const response = await page.goto(server.url + new URL(spec.url).pathname, { waitUntil: "load" });
    assert.equal(response.headers()["content-security-policy"], BLUESKY_CSP, "served under the Bluesky-like CSP");
    assert.doesNotMatch(BLUESKY_CSP, /wasm-unsafe-eval/);
    const frame = await openReader(session, page);
    try {
      const posts = await frame.evaluate(() => [...document.querySelectorAll("li[data-id]")].map((li) => ({ id: li.dataset.id, text: li.innerText })));
      assert.deepEqual(posts.map((p) => p.id), expected.posts.map((p) => p.id), "the fixture's posts, in order");
      for (const [i, post] of expected.posts.entries()) {
        for (const line of post.text.split("\n").filter(Boolean)) assert.ok(posts[i].text.includes(line), `post ${post.id} shows "${line}"`);
      }
      const viewOn = t("articleViewOnSite").replace("{site}", "Bluesky");
      assert.ok(await frame.getByText(viewOn).count() > 0, `"${viewOn}" is shown`);
      await frame.waitForFunction(() => document.documentElement.dataset.unspoolCollected === "1");
      const collection = await frame.evaluate(() => window.__unspoolCollection);
      assert.equal(collection.reason, "chainComplete");
      assert.equal(collection.posts, expected.posts.length, "nothing more was found: the page holds the whole thread");
      const [reportStart] = t("reportComplete", String(expected.posts.length), "§").split("§");
      assert.ok((await frame.locator("#unspool-progress-text").textContent()).startsWith(reportStart), "the report says the thread ends here");

      const markdown = cli(NAME, "markdown", "--no-front-matter");
      await chooseFromMenu(frame, "unspool-copy-toggle", '[data-copy="markdown"]');
      const count = String(expected.posts.length);
      await waitForStatus(frame, t("copiedMany", count, t("formatMarkdown")));
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), markdown, "Copy as Markdown = unspool --format markdown");
    } finally {
      await closeWithEscape(page);
    }
  });

  test("content warnings and placeholders read as such in the reader, with their notes", { timeout: 60_000 }, async () => {
    const page = session.page;
    const fill = (key, text) => t(key).replace("{text}", text).replace("{site}", "Bluesky");
    for (const name of ["bluesky-content-warnings", "bluesky-placeholders"]) {
      const { expected, spec } = fixture(name);
      await page.goto(server.url + new URL(spec.url).pathname, { waitUntil: "load" });
      const frame = await openReader(session, page);
      try {
        const warnings = await frame.evaluate(() => [...document.querySelectorAll("ol.posts > li")].map((li) =>
          [...li.querySelectorAll(".post-warning")].map((p) => p.textContent)));
        assert.equal(warnings.length, expected.posts.length, `${name}: one item per post`);
        for (const [i, post] of expected.posts.entries()) {
          const want = (post.labels ?? []).map((l) => {
            const line = fill(l.hides ? "articleContentWarning" : "articlePostLabel", l.text);
            return l.hides && !l.shown ? `${line} (${fill("articleNotOnPage")})` : line;
          });
          assert.deepEqual(warnings[i], want, `${name}: post ${i + 1}'s labels, before its text`);
        }
        const unavailable = await frame.locator("li.post-unavailable").allTextContents();
        const words = expected.posts.filter((p) => p.unavailable).map((p) => `${t("articleUnavailable")} ${fill("articleSitePlaceholder", p.placeholder)}`);
        assert.deepEqual(unavailable, words, `${name}: placeholders in the site's words`);
        // Bluesky threads are collected (their ends revisited); the notes come with the final report.
        await frame.waitForFunction(() => document.documentElement.dataset.unspoolCollected === "1");
        const notes = await frame.locator("#unspool-main .thread-warnings li").allTextContents();
        for (const w of expected.warnings) assert.ok(notes.includes(w.message), `${name}: the note "${w.message}" is shown (got ${JSON.stringify(notes)})`);
      } finally {
        await closeWithEscape(page);
      }
    }
  });
});
