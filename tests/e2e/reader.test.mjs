// The reader as a user meets it: toolbar click → the thread, post by post as in expected.json,
// focus in the reader, landmarks, safe images; Esc gives the page back exactly as it was; a
// second click toggles; a page without posts gets the polite notice and is left alone.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  requirePrerequisites, launch, serveFixtures, servePages, fixture, gotoFixture, openReader, clickToolbar, clickToOpen,
  readerFrame, closeWithEscape, clickToClose, visibleLines, t, waitForReady, leanThreadPage,
} from "./harness.mjs";

requirePrerequisites();
const FIXTURES = [
  "long-thread-from-middle", "media", "quote", "rtl-arabic", "truncated", "deleted-in-thread", "emoji",
  "links-and-breaks", "long-thread-from-head", "long-thread-from-last", "numbering-gap", "virtualized-order",
  "ads-and-discover-more", "single-post-logged-out", "drift-no-testids", "hostile-content", "quotes-an-article",
];
const MEDIA_LABELS = { gif: "GIF", video: "Video" };
const BIG_THREAD = 3000;

let session;
let server;
let plain;

before(async () => {
  [session, server, plain] = await Promise.all([
    launch(),
    serveFixtures(),
    servePages({
      "plain/page.html": "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Plain</title></head>" +
        "<body><main><h1>Release notes</h1><p>Nothing to unroll here.</p><a id=\"link\" href=\"#top\">Top</a></main></body></html>",
      "blog/page.html": "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Blog</title></head>" +
        "<body><main><article><h2>A blog post</h2><p>An article, but not a post on X.</p></article></main></body></html>",
      // About 2.3 MB once snapshotted: more than the background hands over in one message.
      "big/page.html": leanThreadPage(BIG_THREAD),
    }),
  ]);
});

after(async () => {
  await Promise.all([session?.close(), server?.close(), plain?.close()]);
});

/** Everything the article shows, read in the reader frame. */
function readArticle(frame) {
  return frame.evaluate((continueLabel) => {
    const article = document.querySelector("#unspool-main article.thread");
    if (!article) return null;
    const images = (root, selector) => [...root.querySelectorAll(selector)].map((img) => ({
      src: img.getAttribute("src"), alt: img.getAttribute("alt"),
    }));
    return {
      warnings: [...article.querySelectorAll("aside.thread-warnings li")].map((li) => li.innerText.trim()),
      posts: [...article.querySelectorAll("ol.posts > li")].map((li) => {
        const quote = li.querySelector(":scope > blockquote.quote");
        return {
          className: li.className,
          id: li.dataset.id ?? null,
          // A cut post ends in "… Continue on X ↗" (one link, to the post on X): not its text.
          text: li.querySelector(":scope > .post-text")?.innerText.replace(new RegExp(`… ${continueLabel}$`), "") ?? null,
          dir: li.querySelector(":scope > .post-text")?.getAttribute("dir") ?? null,
          lang: li.querySelector(":scope > .post-text")?.getAttribute("lang") ?? null,
          truncatedNote: li.querySelectorAll(`a.continue[href="${li.querySelector("a.permalink")?.getAttribute("href")}"]`).length === 1 &&
            !li.querySelector(".post-note"),
          media: images(li, ":scope > figure.media img"),
          card: li.querySelector(":scope > a.card")?.getAttribute("href") ?? null,
          quote: quote && {
            handle: quote.querySelector(".quote-author .handle")?.textContent ?? null,
            text: quote.querySelector(".quote-text")?.innerText ?? null,
            media: images(quote, "figure.media img"),
          },
        };
      }),
    };
  }, t("articleContinueOnSite").replace("{site}", "X"));
}

function expectedMedia(media) {
  return media.map((m) => ({ src: m.url, alt: m.kind === "image" ? (m.alt ?? "") : MEDIA_LABELS[m.kind] }));
}

describe("reader view", () => {
  for (const name of FIXTURES) {
    test(`${name}: the article shows the thread of expected.json`, { timeout: 60_000 }, async () => {
      const { expected } = fixture(name);
      const page = session.page;
      await gotoFixture(page, server, name);
      const frame = await openReader(session, page);
      try {
        // The article that counts is the one after collection (a static page ends it at once,
        // or after trying a "Show replies" that does nothing).
        await frame.waitForFunction(() => document.documentElement.dataset.unspoolCollected === "1", null, { timeout: 45_000 });
        const article = await readArticle(frame);
        assert.ok(article, "the reader shows no article.thread");
        assert.equal(article.posts.length, expected.posts.length, "number of posts");
        article.posts.forEach((shown, i) => {
          const want = expected.posts[i];
          const where = `${name}, post ${i + 1}`;
          if (want.unavailable) {
            assert.match(shown.className, /\bpost-unavailable\b/, `${where}: shown as unavailable`);
            return;
          }
          assert.equal(shown.id, want.id, `${where}: data-id (order)`);
          assert.equal(/\bpost-answer\b/.test(shown.className), want.role === "answer", `${where}: answer label`);
          assert.deepEqual(visibleLines(shown.text), visibleLines(want.text), `${where}: visible text`);
          assert.equal(shown.dir, want.dir ?? "auto", `${where}: dir`);
          if (want.lang) assert.equal(shown.lang, want.lang, `${where}: lang`);
          assert.equal(shown.truncatedNote, want.truncated, `${where}: "cut short" note`);
          assert.deepEqual(shown.media, expectedMedia(want.media.filter((m) => /^https?:/.test(m.url))), `${where}: media src/alt`);
          assert.equal(shown.card, want.card && /^https?:/.test(want.card.url) ? want.card.url : null, `${where}: card link`);
          if (want.quote) {
            assert.ok(shown.quote, `${where}: the quoted post is shown`);
            assert.equal(shown.quote.handle, `@${want.quote.author.handle}`, `${where}: quoted author`);
            if (!want.quote.unavailable) {
              assert.deepEqual(visibleLines(shown.quote.text), visibleLines(want.quote.text), `${where}: quoted text`);
            }
            assert.deepEqual(shown.quote.media, expectedMedia(want.quote.media ?? []), `${where}: quoted media`);
          } else {
            assert.equal(shown.quote, null, `${where}: no quote`);
          }
        });
        assert.deepEqual(article.warnings, expected.warnings.map((w) => w.message), "warnings shown above the posts");

        // Focus is in the reader, on the article's heading; the page's focus is the reader host.
        // (Headless Chromium reports `document.hasFocus()` false in the out-of-process frame until
        // it gets input, so the proof that keys reach the reader is a Tab that lands inside it.)
        assert.equal(await frame.evaluate(() => document.activeElement?.id), "thread-title", "focus moves to the article heading");
        assert.equal(await page.evaluate(() => document.activeElement?.id), "unspool-root", "the page's focus is on the reader");
        await page.keyboard.press("Tab");
        const afterTab = await frame.evaluate(() => ({
          hasFocus: document.hasFocus(),
          inMain: document.getElementById("unspool-main").contains(document.activeElement),
        }));
        assert.deepEqual(afterTab, { hasFocus: true, inMain: true }, "Tab from the heading moves on inside the reader");
        assert.equal(await page.evaluate(() => document.activeElement?.id), "unspool-root", "after Tab the page's focus is still on the reader");

        // Landmarks and names for assistive technology.
        const landmarks = await frame.evaluate(() => ({
          banner: !!document.querySelector("body > header"),
          main: document.querySelectorAll("main").length,
          toolbar: document.querySelector('[role="toolbar"]')?.getAttribute("aria-label") ?? "",
          articleLabel: document.getElementById(document.querySelector("article.thread")?.getAttribute("aria-labelledby") ?? "-")?.tagName,
          status: document.getElementById("unspool-status")?.getAttribute("aria-live"),
          lang: document.documentElement.lang,
          title: document.title,
        }));
        assert.deepEqual(landmarks, {
          banner: true, main: 1, toolbar: t("toolbarLabel"), articleLabel: "H1", status: "polite", lang: landmarks.lang, title: t("readerTitle"),
        }, "landmarks");
        assert.match(landmarks.lang, /^en/, "the reader's lang");
        assert.equal(await page.locator("#unspool-root iframe").getAttribute("title"), t("readerTitle"), "the iframe has a title");

        // Images: no referrer to the image host; post images load lazily (the header avatar is above the fold).
        const images = await frame.evaluate(() => [...document.querySelectorAll("#unspool-main img")].map((img) => ({
          src: img.getAttribute("src"), referrer: img.getAttribute("referrerpolicy"), loading: img.getAttribute("loading"), avatar: img.classList.contains("avatar"),
        })));
        for (const img of images) {
          assert.equal(img.referrer, "no-referrer", `referrerpolicy on ${img.src}`);
          assert.match(img.src, /^https?:\/\//, `only http(s) images: ${img.src}`);
          if (!img.avatar) assert.equal(img.loading, "lazy", `loading=lazy on ${img.src}`);
        }
      } finally {
        await closeWithEscape(page);
      }
    });
  }

  test("the page ships a compact snapshot: no classes, no styles but row positions, no icons, no action bars", { timeout: 60_000 }, async () => {
    const page = session.page;
    await gotoFixture(page, server, "long-thread-from-middle");
    await openReader(session, page);
    await closeWithEscape(page);
    // The content script lives in its own world: reach it over CDP, as an extension context.
    const cdp = await page.context().newCDPSession(page);
    try {
      const contexts = [];
      cdp.on("Runtime.executionContextCreated", ({ context }) => contexts.push(context));
      await cdp.send("Runtime.enable");
      const world = contexts.find((c) => c.auxData?.type === "isolated" && c.origin === session.extensionOrigin);
      assert.ok(world, "the content script's world is in the page");
      const { result } = await cdp.send("Runtime.evaluate", { expression: "unspool.snapshot()", contextId: world.id, awaitPromise: true, returnByValue: true });
      const snapshot = result.value;
      const pageMarkup = await page.evaluate(() => document.querySelector("main").outerHTML);
      assert.match(pageMarkup, /role="group"/, "the fixture has action bars");
      assert.match(snapshot, /data-testid="tweetText"/, "the posts' text is in the snapshot");
      assert.doesNotMatch(snapshot, /\sclass="/, "no class attributes");
      assert.doesNotMatch(snapshot, /<svg/, "no icons");
      assert.doesNotMatch(snapshot, /role="group"/, "no action bars");
      for (const [, style] of snapshot.matchAll(/style="([^"]*)"/g)) assert.match(style, /^transform\s*:.*translateY/, `only row positions: ${style}`);
      assert.ok(snapshot.length * 3 < pageMarkup.length, `snapshot ${snapshot.length} chars vs ${pageMarkup.length} of page markup`);
    } finally {
      await cdp.detach();
    }
  });

  test("Esc gives the page back: scroll, focus, aria-hidden, no iframe; focus and scrolling stay in the reader; a second click toggles", { timeout: 60_000 }, async () => {
    const page = session.page;
    await gotoFixture(page, server, "long-thread-from-middle");
    const before = await page.evaluate(() => {
      const link = document.querySelectorAll("article a[href]")[3];
      link.dataset.e2eFocus = "1";
      link.focus({ preventScroll: true });
      window.scrollTo(0, 900);
      return {
        scrollY: window.scrollY,
        focused: document.activeElement === link,
        overflow: document.documentElement.style.overflow,
        bodyChildren: document.body.children.length,
        hidden: document.querySelectorAll("[aria-hidden]").length,
      };
    });
    assert.ok(before.focused, "a link in the page has focus before opening");
    assert.ok(before.scrollY > 300, `the page scrolled before opening (scrollY ${before.scrollY})`);

    const frame = await openReader(session, page);
    const during = await page.evaluate(() => ({
      hidden: [...document.body.children].filter((el) => el.id !== "unspool-root").every((el) => el.getAttribute("aria-hidden") === "true"),
      hostHidden: document.getElementById("unspool-root").hasAttribute("aria-hidden"),
      focused: document.activeElement?.id,
    }));
    assert.deepEqual(during, { hidden: true, hostHidden: false, focused: "unspool-root" }, "while open, the page is hidden from assistive technology and the reader has focus");
    assert.equal(await frame.evaluate(() => document.activeElement?.id), "thread-title", "the reader's heading has focus");

    // Focus cannot stay on the page behind the reader (a page script, Tab past the last control).
    await page.evaluate(() => document.querySelector("[data-e2e-focus]").focus());
    assert.equal(await page.evaluate(() => document.activeElement?.id), "unspool-root", "focus taken back by the reader");
    // Scrolling the reader never scrolls the page behind it, even past the reader's ends.
    const scrolledBefore = await page.evaluate(() => window.scrollY);
    await page.mouse.move(640, 450);
    for (const deltaY of [-3000, 6000, 60000]) {
      await page.mouse.wheel(0, deltaY);
      await page.waitForTimeout(150);
    }
    for (const key of ["End", "PageDown", "Space"]) await page.keyboard.press(key);
    await page.waitForTimeout(150);
    assert.equal(await page.evaluate(() => window.scrollY), scrolledBefore, "the page did not scroll under the reader");

    await closeWithEscape(page);
    const afterClose = await page.evaluate(() => ({
      scrollY: window.scrollY,
      focused: document.activeElement?.dataset?.e2eFocus === "1",
      hidden: document.querySelectorAll("[aria-hidden]").length,
      overflow: document.documentElement.style.overflow,
      frames: document.querySelectorAll("unspool-reader, iframe").length,
      bodyChildren: document.body.children.length,
    }));
    assert.deepEqual(afterClose, {
      scrollY: before.scrollY, focused: true, hidden: before.hidden, overflow: before.overflow, frames: 0, bodyChildren: before.bodyChildren,
    }, "after Esc the page is as it was");

    // Toggle: a click opens, the next click closes.
    await openReader(session, page);
    await clickToolbar(session, page);
    await page.locator("#unspool-root").waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => document.querySelectorAll("[aria-hidden]").length), before.hidden, "the page's aria-hidden as it was after toggling off");
    assert.equal(await page.evaluate(() => window.scrollY), before.scrollY, "scroll kept after toggling off");

    // The close button does the same as Esc.
    const again = await openReader(session, page);
    await clickToClose(page, again.locator("#unspool-close"));
  });

  test("the snapshot comes over the channel when the background does not hand it over", { timeout: 60_000 }, async () => {
    const page = session.page;
    await gotoFixture(page, server, "emoji");
    // The background answers the reader "nothing here" (as a browser that cannot pair them would).
    /* global handOvers -- background.js's map, a global of the service worker */
    await session.worker.evaluate(() => {
      handOvers.get = () => ({ tabId: undefined, page: null });
    });
    try {
      const frame = await openReader(session, page);
      const shown = await frame.evaluate(() => ({
        route: window.__unspoolTimings?.route,
        posts: document.querySelectorAll("#unspool-main ol.posts > li").length,
      }));
      assert.deepEqual(shown, { route: "channel", posts: fixture("emoji").expected.posts.length }, "the whole thread, by the channel");
      await closeWithEscape(page);
      await session.worker.evaluate(() => delete handOvers.get);
      const again = await openReader(session, page);
      assert.equal(await again.evaluate(() => window.__unspoolTimings?.route), "background", "normally, through the background");
      await closeWithEscape(page);
    } finally {
      await session.worker.evaluate(() => delete handOvers.get).catch(() => {});
    }
  });

  test(`a page too big to hand over (${BIG_THREAD} posts mounted) opens over the channel, in pieces, every post in order`, { timeout: 120_000 }, async () => {
    const page = session.page;
    await page.goto(`${plain.url}/fixtures/big/page.html`);
    await clickToOpen(session, page);
    const frame = await waitForReady(await readerFrame(page), { timeout: 90_000 });
    const shown = await frame.evaluate(() => {
      const ids = [...document.querySelectorAll("#unspool-main ol.posts > li")].map((li) => li.dataset.id);
      return {
        route: window.__unspoolTimings?.route,
        count: ids.length,
        ordered: ids.every((id, i) => i === 0 || BigInt(ids[i - 1]) < BigInt(id)),
        first: ids[0],
      };
    });
    assert.deepEqual(shown, { route: "channel", count: BIG_THREAD, ordered: true, first: "3000000000000001000" });
    await closeWithEscape(page);
  });

  test("a page with an article that is not an X post shows the error view, which closes cleanly", { timeout: 60_000 }, async () => {
    const page = session.page;
    await page.goto(`${plain.url}/fixtures/blog/page.html`);
    await clickToOpen(session, page);
    const frame = await readerFrame(page);
    await frame.waitForFunction(() => document.documentElement.dataset.unspoolReady);
    const view = await frame.evaluate(() => ({
      state: document.documentElement.dataset.unspoolReady,
      role: document.getElementById("unspool-error")?.getAttribute("role"),
      title: document.querySelector("#unspool-error h1")?.textContent,
      focused: document.activeElement?.id,
    }));
    assert.deepEqual(view, { state: "error", role: "alert", title: t("errorTitle"), focused: "unspool-error-close" }, "the error view, announced, focus on its Close button");
    await clickToClose(page, frame.locator("#unspool-error-close"));
    assert.equal(await page.evaluate(() => document.querySelectorAll("body > [aria-hidden='true']").length), 0, "the page is given back");
  });

  test("a page without posts gets the polite notice and is left intact", { timeout: 60_000 }, async () => {
    const page = session.page;
    await page.goto(`${plain.url}/fixtures/plain/page.html`);
    const before = await page.evaluate(() => document.body.innerHTML);
    await clickToolbar(session, page);
    const notice = page.locator("unspool-notice");
    await notice.waitFor({ state: "attached" });
    const shown = await notice.evaluate((host) => {
      const box = host.shadowRoot?.querySelector('[role="status"]');
      return { role: box?.getAttribute("role"), text: box?.textContent ?? "" };
    });
    assert.equal(shown.role, "status", "the notice is a polite live region");
    assert.ok(shown.text.includes(t("noticeNotAPost")), `the notice says why: ${JSON.stringify(shown.text)}`);
    const after = await page.evaluate(() => ({
      html: [...document.body.childNodes].filter((n) => n.localName !== "unspool-notice")
        .map((n) => n.outerHTML ?? n.textContent).join(""),
      reader: !!document.getElementById("unspool-root"),
      overflow: document.documentElement.style.overflow,
    }));
    assert.deepEqual(after, { html: before, reader: false, overflow: "" }, "the page is untouched");
    // Dismissing removes it.
    await notice.locator("button").click();
    await notice.waitFor({ state: "detached" });
  });
});
