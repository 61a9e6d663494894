// Mastodon status pages, end to end, on an instance that is neither x.com nor bsky.app: the
// fixtures are answered at their own https hosts (social.example, radio.example) under a
// Mastodon-like CSP (default-src 'none', no inline scripts), the real toolbar click (activeTab:
// no host permission for the instance), the reader showing the fixture's expected thread with
// "View on Mastodon", the content-warning notes, no collection, and a Markdown copy equal to the
// CLI's. A page of the same host without a status gets the plain "no thread here" notice.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  requirePrerequisites, launch, fixture, openReader, closeWithEscape, chooseFromMenu, waitForStatus, clickToolbar,
  cli, ensureCli, t, serveAtItsHost,
} from "./harness.mjs";
import { MASTODON_CSP } from "../../tools/serve.mjs";

requirePrerequisites();

let session;

async function readerPosts(frame) {
  return frame.evaluate(() => [...document.querySelectorAll("li[data-id]")].map((li) => ({ id: li.dataset.id, text: li.innerText })));
}

before(async () => {
  ensureCli();
  session = await launch();
});

after(async () => {
  await session?.close();
});

describe("mastodon", () => {
  test("a remote author's thread on another instance opens in the reader, names Mastodon, is not collected, and copies as Markdown", { timeout: 60_000 }, async () => {
    const name = "mastodon-self-thread";
    const { expected } = fixture(name);
    const url = await serveAtItsHost(session, name);
    assert.doesNotMatch(new URL(url).host, /(^|\.)(x\.com|twitter\.com|bsky\.app)$/);
    const page = session.page;
    const response = await page.goto(url, { waitUntil: "load" });
    assert.equal(response.headers()["content-security-policy"], MASTODON_CSP, "served under the Mastodon-like CSP");
    await session.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(url).origin });
    const frame = await openReader(session, page);
    try {
      const posts = await readerPosts(frame);
      assert.deepEqual(posts.map((p) => p.id), expected.posts.map((p) => p.id), "the fixture's posts, in order");
      for (const [i, post] of expected.posts.entries()) {
        for (const line of post.text.split("\n").filter(Boolean)) assert.ok(posts[i].text.includes(line), `post ${post.id} shows "${line}"`);
      }
      const viewOn = t("articleViewOnSite").replace("{site}", "Mastodon");
      assert.ok(await frame.getByText(viewOn).count() > 0, `"${viewOn}" is shown`);
      await frame.waitForFunction(() => document.documentElement.dataset.unspoolCollected === "1");
      const collection = await frame.evaluate(() => window.__unspoolCollection);
      assert.equal(collection.reason, "notCollected");
      assert.equal(collection.steps, 0, "the page was not scrolled");

      const markdown = cli(name, "markdown", "--no-front-matter");
      await chooseFromMenu(frame, "unspool-copy-toggle", '[data-copy="markdown"]');
      await waitForStatus(frame, t("copiedMany", String(expected.posts.length), t("formatMarkdown")));
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), markdown, "Copy as Markdown = unspool --format markdown");
    } finally {
      await closeWithEscape(page);
    }
  });

  test("content warnings: the warning is shown, a text the page does not hold is a note, the replies still loading are a note", { timeout: 60_000 }, async () => {
    const name = "mastodon-content-warnings";
    const { expected } = fixture(name);
    const url = await serveAtItsHost(session, name);
    const page = session.page;
    await page.goto(url, { waitUntil: "load" });
    const frame = await openReader(session, page);
    try {
      const posts = await readerPosts(frame);
      assert.deepEqual(posts.map((p) => p.id), expected.posts.map((p) => p.id), "every post stays, the hidden one too");
      assert.ok(posts[0].text.includes("Severance finale spoilers") && posts[0].text.includes("The finale explained"));
      const hidden = t("articleNotOnPage").replace("{site}", "Mastodon");
      assert.ok(posts[1].text.includes("Food, with photos") && posts[1].text.includes(hidden), "the closed warning, and that its text is not in this copy");
      await frame.waitForFunction(() => document.documentElement.dataset.unspoolCollected === "1");
      const notes = await frame.locator(".thread-warnings").innerText();
      assert.ok(notes.includes(t("articleNoteHiddenContentOne").replace("{posts}", "2").replaceAll("{site}", "Mastodon")), notes);
      assert.ok(notes.includes(t("articleNoteMoreReplies").replace("{site}", "Mastodon")), notes);
    } finally {
      await closeWithEscape(page);
    }
  });

  test("a page of the instance without a status says there is no thread here", { timeout: 30_000 }, async () => {
    const name = "mastodon-embed";
    const about = '<!DOCTYPE html><html><head><title>About</title></head><body><div id="mastodon"><div class="column"><p>About this server</p></div></div></body></html>';
    const url = await serveAtItsHost(session, name, { "/about": about });
    const page = session.page;
    await page.goto(new URL("/about", url).href, { waitUntil: "load" });
    await clickToolbar(session, page);
    await page.locator("unspool-notice").waitFor({ state: "attached" });
    const notice = await page.locator("unspool-notice").evaluate((host) => host.shadowRoot?.textContent ?? "");
    assert.ok(notice.includes(t("noticeNotAPost")), notice);
    assert.equal(await page.locator("#unspool-root iframe").count(), 0, "no reader opened");
  });

  test("the embed page of a status opens in the reader", { timeout: 60_000 }, async () => {
    const name = "mastodon-embed";
    const { expected } = fixture(name);
    const url = await serveAtItsHost(session, name);
    const page = session.page;
    await page.goto(url, { waitUntil: "load" });
    const frame = await openReader(session, page);
    try {
      const posts = await readerPosts(frame);
      assert.deepEqual(posts.map((p) => p.id), expected.posts.map((p) => p.id));
      const alts = await frame.evaluate(() => [...document.querySelectorAll("li[data-id] img")].map((i) => i.alt));
      assert.ok(alts.includes("The radio before: dusty, with a cracked dial"), `alt text kept: ${alts}`);
    } finally {
      await closeWithEscape(page);
    }
  });
});
