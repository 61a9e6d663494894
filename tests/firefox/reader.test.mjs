// The extension in Firefox (dist/firefox as a temporary add-on in headless firefox-esr), end to
// end like the Chromium suite, on the same fixture pages under the same X-like CSP: the real
// toolbar button, the real Alt+Shift+U shortcut and the page's context menu entry open the
// reader, on X-like pages, Bluesky post pages and Mastodon status pages (served on this machine's
// host: no x.com or bsky.app); its posts are the fixture's expected thread; Esc gives the page
// back where it was; every copy format is read back from the clipboard and equals the CLI's
// output; exports are downloaded and equal it too (on an X-like page, a Bluesky post page and a
// Mastodon status page; the EPUB byte for byte, and EPUBCheck finds nothing in it); a Mastodon
// content warning is shown, and the text it hid from the page is a note; a 300-post thread on
// the live timeline simulation is collected whole, in order, and the page is put back on the post
// the reader was reading.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  cli, cliBytes, epubcheck, ensureCli, exportStem, fixture, postAtTopOfScreen, samePlace, serveFixtures, t,
} from "../e2e/harness.mjs";
import {
  requireFirefox, launchFirefox, clickToolbarButton, pressShortcut, chooseFromContextMenu, waitForReaderReady, readClipboard,
  writeClipboard, downloaded, until,
} from "./firefox.mjs";

requireFirefox();
const SENTINEL = "unspool-firefox-test: clipboard not written";

let firefox;
let server;

before(async () => {
  ensureCli();
  [firefox, server] = await Promise.all([launchFirefox(), serveFixtures()]);
});

after(async () => {
  await Promise.all([firefox?.close(), server?.close()]);
});

async function gotoFixture(name) {
  await firefox.leaveFrame();
  await firefox.goto(server.url + fixture(name).path);
  await until(() => firefox.run(() => document.readyState === "complete" && document.querySelector("article") !== null), `${name} loaded`);
}

/**
 * A Bluesky or Mastodon fixture at its own path on the fixture server (under that site's CSP),
 * loaded; resolves with the page's URL, which the CLI is given for a Mastodon page (its links and
 * handles take the instance's host from it).
 */
async function gotoSitePage(name) {
  const { spec } = fixture(name);
  const url = server.url + new URL(spec.url).pathname;
  const ready = name.startsWith("mastodon-") ? "#mastodon .detailed-status" : "main";
  await firefox.leaveFrame();
  await firefox.goto(url);
  await until(() => firefox.run((selector) => document.readyState === "complete" && document.querySelector(selector) !== null, ready), `${name} loaded`);
  return url;
}

/** Opens the reader with `trigger` and stays in its frame. */
async function openReader(trigger) {
  await trigger(firefox);
  await firefox.enterReader();
  await waitForReaderReady(firefox);
}

/** Esc in the reader; back in the page once the reader is gone. */
async function closeWithEscape() {
  try {
    await firefox.press("escape");
  } catch (error) {
    // The reader's frame goes away while the key is down: WebDriver cannot finish the key-up there.
    if (!/no such (window|frame)|currentWindowGlobal is null/.test(error.message)) throw error;
  }
  await firefox.leaveFrame();
  await until(() => firefox.run(() => document.querySelector("#unspool-root") === null), "the reader to close");
}

const placeOnPage = () => firefox.run(postAtTopOfScreen);

const postIds = () => firefox.run(() => [...document.querySelectorAll("article.thread li.post")].map((li) => li.dataset.id));
const statusText = () => firefox.run(() => document.getElementById("unspool-status")?.textContent ?? "");

async function chooseFromMenu(buttonId, itemSelector) {
  await firefox.click(`#${buttonId}`);
  await firefox.click(itemSelector);
}

const FORMAT_NAMES = { markdown: "formatMarkdown", text: "formatText", rich: "formatRich" };

/**
 * Copies the thread as `format` from the Copy menu; resolves once the status says so and the
 * clipboard no longer holds the sentinel put there first, with the clipboard's text.
 */
async function copyAs(format, count) {
  const formatName = t(FORMAT_NAMES[format]);
  const copied = count === 1 ? t("copiedOne", formatName) : t("copiedMany", String(count), formatName);
  await writeClipboard(firefox, SENTINEL);
  await chooseFromMenu("unspool-copy-toggle", `[data-copy="${format}"]`);
  await until(async () => (await statusText()).includes(copied), `the status to say ${copied}`);
  return until(async () => {
    const text = await readClipboard(firefox);
    return text !== SENTINEL && text;
  }, `the ${format} copy on the clipboard`);
}

/** Exports the EPUB; resolves with the downloaded book's path once it is complete. */
async function exportEpub(stem) {
  await chooseFromMenu("unspool-export", '[data-export="epub"]');
  await downloaded(firefox, `${stem}.epub`);
  return path.join(firefox.downloads, `${stem}.epub`);
}

/**
 * Exports .md, .json and .epub named `stem`: the Markdown and the book equal the CLI's for the
 * page (`cliFlags`: how the CLI is told the page, e.g. the URL it was served at), the JSON equals
 * `json`, and EPUBCheck finds nothing in the book.
 */
async function checkExports(name, stem, json, ...cliFlags) {
  await chooseFromMenu("unspool-export", '[data-export="md"]');
  assert.equal(await downloaded(firefox, `${stem}.md`), cli(name, "markdown", ...cliFlags), "the .md = unspool --format markdown");
  await chooseFromMenu("unspool-export", '[data-export="json"]');
  assert.deepEqual(JSON.parse(await downloaded(firefox, `${stem}.json`)), json, "the .json");
  const book = await exportEpub(stem);
  assert.ok(fs.readFileSync(book).equals(cliBytes(name, "epub", ...cliFlags)), "the .epub = unspool --format epub");
  assert.equal(epubcheck(book), "", "EPUBCheck finds no error or warning in the download");
}

describe("Firefox", () => {
  test("the toolbar button opens the reader on an X-like page under X's CSP, with the expected thread", { timeout: 60_000 }, async () => {
    const name = "long-thread-from-middle";
    await gotoFixture(name);
    await openReader(clickToolbarButton);
    const expected = fixture(name).expected;
    assert.deepEqual(await postIds(), expected.posts.map((post) => post.id), "the thread's posts, in order");
    const header = await firefox.run(() => document.querySelector("article.thread h1")?.textContent ?? "");
    assert.match(header, new RegExp(`@${expected.author.handle}`));
    // The fast route works here too: the first snapshot came through the background page.
    assert.equal(await firefox.run(() => window.__unspoolTimings?.route), "background");
    await closeWithEscape();
  });

  test("the toolbar button opens the reader on a Bluesky post page under a Bluesky-like CSP, with the expected thread", { timeout: 60_000 }, async () => {
    const { expected } = fixture("bluesky-self-thread");
    await gotoSitePage("bluesky-self-thread");
    await openReader(clickToolbarButton);
    assert.deepEqual(await postIds(), expected.posts.map((post) => post.id), "the thread's posts, in order");
    const viewOn = t("articleViewOnSite").replace("{site}", "Bluesky");
    assert.ok(await firefox.run((text) => document.body.innerText.includes(text), viewOn), `"${viewOn}" is shown`);
    await until(() => firefox.run(() => window.__unspoolCollection?.reason === "chainComplete"), "collection to find the thread's ends");
    await closeWithEscape();
  });

  test("the context menu entry opens the reader on a Mastodon status page (any host) under a Mastodon-like CSP", { timeout: 60_000 }, async () => {
    const { expected } = fixture("mastodon-self-thread");
    // Served at its status path on this machine's host: no x.com or bsky.app anywhere.
    await gotoSitePage("mastodon-self-thread");
    await openReader((browser) => chooseFromContextMenu(browser, t("contextMenuTitle"), ".detailed-status"));
    assert.deepEqual(await postIds(), expected.posts.map((post) => post.id), "the thread's posts, in order");
    const viewOn = t("articleViewOnSite").replace("{site}", "Mastodon");
    assert.ok(await firefox.run((text) => document.body.innerText.includes(text), viewOn), `"${viewOn}" is shown`);
    const handle = await firefox.run(() => document.querySelector("article.thread h1")?.textContent ?? "");
    assert.match(handle, /@mira@radio\.example/, "the author as user@domain");
    await until(() => firefox.run(() => window.__unspoolCollection?.reason === "notCollected"), "no collection on Mastodon");
    await closeWithEscape();
  });

  test("Mastodon status page (any host): copy as Markdown and text, and the .md, .json and .epub downloads, equal the CLI's output for that page", { timeout: 120_000 }, async () => {
    const name = "mastodon-self-thread";
    const url = await gotoSitePage(name);
    assert.doesNotMatch(new URL(url).hostname, /(^|\.)(x\.com|twitter\.com|bsky\.app)$/);
    await openReader(clickToolbarButton);
    const count = fixture(name).expected.posts.length;
    try {
      assert.equal(await copyAs("markdown", count), cli(name, "markdown", "--no-front-matter", "--url", url), "Copy as Markdown = unspool --format markdown --no-front-matter");
      assert.equal(await copyAs("text", count), cli(name, "text", "--url", url), "Copy as text = unspool --format text");

      // mira@radio.example: the @ becomes a dash in the file name, the dots stay.
      const stem = "mira-radio.example-2026-01-29-thread";
      await checkExports(name, stem, JSON.parse(cli(name, "json", "--url", url)), "--url", url);
    } finally {
      await closeWithEscape();
    }
  });

  test("Mastodon content warnings: the warning is shown, the text it kept off the page is a note", { timeout: 60_000 }, async () => {
    const name = "mastodon-content-warnings";
    const { expected } = fixture(name);
    await gotoSitePage(name);
    await openReader(clickToolbarButton);
    try {
      const posts = await firefox.run(() => [...document.querySelectorAll("li[data-id]")].map((li) => ({ id: li.dataset.id, text: li.innerText })));
      assert.deepEqual(posts.map((p) => p.id), expected.posts.map((p) => p.id), "every post stays, the hidden one too");
      assert.ok(posts[0].text.includes("Severance finale spoilers") && posts[0].text.includes("The finale explained"), "the opened warning, then its text");
      const hidden = t("articleNotOnPage").replace("{site}", "Mastodon");
      assert.ok(posts[1].text.includes("Food, with photos") && posts[1].text.includes(hidden), "the closed warning, and that its text is not in this copy");
      await until(() => firefox.run(() => document.documentElement.dataset.unspoolCollected === "1"), "the final report");
      const notes = await firefox.run(() => document.querySelector(".thread-warnings")?.innerText ?? "");
      assert.ok(notes.includes(t("articleNoteHiddenContentOne").replace("{posts}", "2").replaceAll("{site}", "Mastodon")), `the hidden-content note: ${notes}`);
      assert.ok(notes.includes(t("articleNoteMoreReplies").replace("{site}", "Mastodon")), `the more-replies note: ${notes}`);
    } finally {
      await closeWithEscape();
    }
  });

  test("Alt+Shift+U opens the reader on a Bluesky post page; copy as Markdown equals the CLI's", { timeout: 60_000 }, async () => {
    const name = "bluesky-self-thread";
    const { expected } = fixture(name);
    await gotoSitePage(name);
    await openReader(pressShortcut);
    try {
      assert.deepEqual(await postIds(), expected.posts.map((post) => post.id), "the thread's posts, in order");
      await until(() => firefox.run(() => document.documentElement.dataset.unspoolCollected === "1"), "collection to finish");
      assert.equal(await copyAs("markdown", expected.posts.length), cli(name, "markdown", "--no-front-matter"), "Copy as Markdown = unspool --format markdown --no-front-matter");
    } finally {
      await closeWithEscape();
    }
  });

  test("the context menu entry opens the reader on a Bluesky post page", { timeout: 60_000 }, async () => {
    const name = "bluesky-self-thread";
    const { expected } = fixture(name);
    await gotoSitePage(name);
    await openReader((browser) => chooseFromContextMenu(browser, t("contextMenuTitle"), `[data-testid="postThreadItem-by-${expected.author.handle}"]`));
    try {
      assert.deepEqual(await postIds(), expected.posts.map((post) => post.id), "the thread's posts, in order");
      const viewOn = t("articleViewOnSite").replace("{site}", "Bluesky");
      assert.ok(await firefox.run((text) => document.body.innerText.includes(text), viewOn), `"${viewOn}" is shown`);
    } finally {
      await closeWithEscape();
    }
  });

  test("Alt+Shift+U opens the reader, Esc closes it and the page is where it was", { timeout: 60_000 }, async () => {
    await gotoFixture("long-thread-from-head");
    await firefox.run(() => window.scrollTo(0, 400));
    const scrollBefore = await firefox.run(() => window.scrollY);
    assert.ok(scrollBefore > 0, "the page is scrolled before opening");
    await openReader(pressShortcut);
    assert.equal((await postIds()).length, fixture("long-thread-from-head").expected.posts.length);
    await closeWithEscape();
    assert.equal(await firefox.run(() => window.scrollY), scrollBefore, "scroll position restored");
    const hidden = await firefox.run(() => [...document.body.children].filter((el) => el.hasAttribute("aria-hidden")).length);
    assert.equal(hidden, 0, "the page is visible to assistive technology again");
  });

  test("the page's context menu entry opens the reader", { timeout: 60_000 }, async () => {
    const name = "quote";
    await gotoFixture(name);
    await openReader((browser) => chooseFromContextMenu(browser, t("contextMenuTitle")));
    assert.deepEqual(await postIds(), fixture(name).expected.posts.map((post) => post.id));
    await closeWithEscape();
  });

  for (const name of ["links-and-breaks", "rtl-arabic"]) {
    test(`${name}: copy as Markdown and text put exactly the CLI's output on the clipboard; rich text pastes well`, { timeout: 60_000 }, async () => {
      await gotoFixture(name);
      await openReader(clickToolbarButton);
      const count = fixture(name).expected.posts.length;
      const markdown = cli(name, "markdown", "--no-front-matter");
      const text = cli(name, "text");
      try {
        for (const [format, want] of [["markdown", markdown], ["text", text]]) {
          assert.equal(await copyAs(format, count), want, `Copy as ${format} = unspool --format ${format}`);
        }
        assert.equal(await copyAs("rich", count), text, "rich text's plain part = unspool --format text");
        const html = await readClipboard(firefox, "text/html");
        // Rich text pastes as paragraphs with sized images and links out of the reader only.
        const shape = await firefox.run((source) => {
          const doc = new DOMParser().parseFromString(source, "text/html");
          return {
            heading: doc.querySelectorAll("h1").length,
            lists: doc.querySelectorAll("ol").length,
            inReader: [...doc.querySelectorAll("[href]")].map((a) => a.getAttribute("href")).filter((h) => !/^https?:\/\//.test(h)),
            unsized: [...doc.images].filter((img) => !(img.getAttribute("width") > 0 && img.getAttribute("height") > 0 && img.getAttribute("width") <= 560)).length,
            tracking: /[?&]src=hashtag_click/.test(source),
          };
        }, html);
        assert.deepEqual(shape, { heading: 1, lists: 0, inReader: [], unsized: 0, tracking: false }, "rich text's HTML");
      } finally {
        await closeWithEscape();
      }
    });
  }

  test("export: the .md, .json and .epub downloads equal the CLI's output", { timeout: 120_000 }, async () => {
    const name = "media";
    await gotoFixture(name);
    await openReader(clickToolbarButton);
    const { expected } = fixture(name);
    const stem = exportStem(name);
    try {
      await checkExports(name, stem, expected);
    } finally {
      await closeWithEscape();
    }
  });

  test("export on a Bluesky post page: the .md, .json and .epub downloads, named safely for a dotted handle, equal the CLI's output", { timeout: 120_000 }, async () => {
    const name = "bluesky-self-thread";
    const { expected } = fixture(name);
    await gotoSitePage(name);
    await openReader(clickToolbarButton);
    try {
      // The export is of the collected thread: wait until collection is over.
      await until(() => firefox.run(() => document.documentElement.dataset.unspoolCollected === "1"), "collection to finish");
      // mira.bsky.social: the handle's inner dots stay in the file name; the date is the first post's.
      const stem = "mira.bsky.social-2026-01-27-thread";
      await checkExports(name, stem, expected);
    } finally {
      await closeWithEscape();
    }
  });

  test("an X Article reads as a document (headings, nested list, code block); copy and every export (EPUB too) equal the CLI's", { timeout: 150_000 }, async () => {
    const name = "article-every-block";
    await gotoFixture(name);
    await openReader(clickToolbarButton);
    try {
      const doc = await firefox.run(() => {
        const body = document.querySelector("li.post-article .article-body");
        return {
          title: document.querySelector("article.thread h1")?.textContent ?? "",
          headings: [...(body?.querySelectorAll("h2, h3") ?? [])].map((h) => `${h.localName} ${h.textContent}`),
          nested: [...(body?.querySelectorAll("ol > li > ul > li, ol > li > ol > li") ?? [])].map((li) => li.textContent),
          code: body?.querySelector("pre.article-code")?.textContent ?? null,
          codeFont: body ? getComputedStyle(body.querySelector("pre.article-code")).fontFamily : "",
        };
      });
      assert.equal(doc.title, "Reading tide tables without tears");
      assert.deepEqual(doc.headings, ["h2 What the numbers mean", "h3 Three things to check"]);
      assert.deepEqual(doc.nested, ["in metres", "or feet on old charts", "above 100: spring tide", "below 45: neap tide"]);
      assert.equal(doc.code, "def height(t, high, low):\n    # a cosine between two tides\n    mid = (high + low) / 2\n\n    return mid + (high - mid) * cos(t)");
      assert.match(doc.codeFont, /mono/i);

      await writeClipboard(firefox, SENTINEL);
      await chooseFromMenu("unspool-copy-toggle", '[data-copy="markdown"]');
      await until(async () => (await readClipboard(firefox)) !== SENTINEL, "the copy to land");
      assert.equal(await readClipboard(firefox), cli(name, "markdown", "--no-front-matter"), "Copy as Markdown = the CLI's");

      const { expected } = fixture(name);
      const stem = exportStem(name);
      for (const [kind, format] of [["md", "markdown"], ["html", "html"], ["txt", "text"]]) {
        await chooseFromMenu("unspool-export", `[data-export="${kind}"]`);
        assert.equal(await downloaded(firefox, `${stem}.${kind}`), cli(name, format), `the .${kind} = unspool --format ${format}`);
      }
      await chooseFromMenu("unspool-export", '[data-export="json"]');
      assert.deepEqual(JSON.parse(await downloaded(firefox, `${stem}.json`)), expected, "the .json = expected.json");
      const book = await exportEpub(stem);
      assert.ok(fs.readFileSync(book).equals(cliBytes(name, "epub")), "the Article's .epub = unspool --format epub");
      assert.equal(epubcheck(book), "", "EPUBCheck finds no error or warning in the Article's book");
    } finally {
      await closeWithEscape();
    }
  });

  test("a 300-post thread on the live timeline, opened on its middle post, is collected whole and in order", { timeout: 180_000 }, async () => {
    await firefox.leaveFrame();
    await firefox.goto(`${server.url}/sim/conversation.html?posts=300&open=middle&delay=120&ads=1&discover=1&replies=12`);
    await until(() => firefox.run(() => Boolean(window.__sim && window.__sim.mountedCount() > 0)), "the simulation to start");
    const expected = await firefox.run(() => window.__sim.expectedIds);
    const placeBefore = await placeOnPage();
    assert.ok(placeBefore?.post, "a post is on screen before opening");
    await openReader(clickToolbarButton);
    await until(() => firefox.run(() => document.documentElement.dataset.unspoolCollected === "1"), "collection to finish", { timeout: 150_000, every: 250 });
    await until(() => firefox.run(() => document.documentElement.dataset.unspoolDrawn === String(window.__unspoolCollection.posts)), "the whole thread drawn");
    const result = await firefox.run(() => window.__unspoolCollection);
    assert.equal(result.reason, "chainComplete");
    assert.deepEqual(await postIds(), expected, "the chain, in order, nothing else");
    await firefox.leaveFrame();
    const back = await until(async () => {
      const place = await placeOnPage();
      return samePlace(place, placeBefore) && place;
    }, "the page scrolled back to the post the reader was reading", { timeout: 3000 }).catch(() => placeOnPage());
    assert.ok(samePlace(back, placeBefore), `collection puts that post back where it was on the screen: ${JSON.stringify(back)} vs ${JSON.stringify(placeBefore)}`);
    await firefox.enterReader();
    await closeWithEscape();
    assert.ok(samePlace(await placeOnPage(), placeBefore), "closing keeps that place");
  });
});
