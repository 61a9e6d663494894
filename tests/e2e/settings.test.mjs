// Settings: the options page saves each choice to `chrome.storage.sync`, and the next reader applies
// them (theme, font, size, strip numbering, include the author's answers, default copy format).
// Choices made in the reader's own appearance panel are saved too and show on the options page.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  requirePrerequisites, launch, serveFixtures, fixture, gotoFixture, openReader, closeWithEscape, waitForStatus,
  cli, ensureCli, visibleLines, t,
} from "./harness.mjs";

requirePrerequisites();
const FIXTURE = "author-answers"; // three thread posts, then two answers by the author to others

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

/** What the reader shows that the settings change. */
function readerLook(frame) {
  return frame.evaluate(async () => {
    // Theme changes fade (CSS transitions): read the colours they end on.
    await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => {})));
    const root = document.documentElement;
    const article = document.querySelector("#unspool-main article.thread");
    const rgb = getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
    return {
      theme: root.dataset.theme ?? "system",
      font: root.dataset.font ?? "sans",
      size: root.style.getPropertyValue("--size"),
      textSize: getComputedStyle(article.querySelector(".post-text")).fontSize,
      fontFamily: getComputedStyle(article).fontFamily,
      dark: (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255 < 0.3,
      posts: article.querySelectorAll("ol.posts > li").length,
      answers: [...article.querySelectorAll("li.post-answer")].map((li) => li.dataset.id),
      firstText: article.querySelector("li.post .post-text").innerText,
    };
  });
}

function storedSettings() {
  return session.worker.evaluate(() => chrome.storage.sync.get(null));
}

async function openOptions() {
  const options = await session.context.newPage();
  await options.goto(`${session.extensionOrigin}/options.html`);
  await options.locator("#opt-theme").waitFor();
  return options;
}

async function change(options, action) {
  const status = options.locator("#opt-status");
  await action();
  await status.filter({ hasText: t("optionsSaved") }).waitFor();
}

describe("settings", () => {
  test("the options page saves to storage.sync and the next reader applies every choice", { timeout: 90_000 }, async () => {
    const { expected } = fixture(FIXTURE);
    const threadPosts = expected.posts.filter((p) => p.role === "thread");
    const answers = expected.posts.filter((p) => p.role === "answer").map((p) => p.id);
    assert.ok(answers.length > 0 && threadPosts.length > 0, "the fixture has thread posts and answers");
    const page = session.page;

    // Defaults: light page, sans, 19 px, numbering kept, answers left out.
    await gotoFixture(page, server, FIXTURE);
    let frame = await openReader(session, page);
    let look = await readerLook(frame);
    assert.equal(look.theme, "system", "default theme");
    assert.equal(look.font, "sans", "default font");
    assert.equal(look.textSize, "19px", "default text size");
    assert.equal(look.dark, false, "the system theme follows the light color scheme");
    assert.equal(look.posts, threadPosts.length, "answers are left out by default");
    assert.deepEqual(look.answers, []);
    assert.deepEqual(visibleLines(look.firstText), visibleLines(threadPosts[0].text), "numbering kept by default");
    await closeWithEscape(page);

    // The options page: every control saves at once.
    const options = await openOptions();
    await change(options, () => options.locator("#opt-theme").selectOption("dark"));
    await change(options, () => options.locator("#opt-font").selectOption("serif"));
    await change(options, () => options.locator("#opt-size").fill("23"));
    await change(options, () => options.locator("#opt-strip-numbering").check());
    await change(options, () => options.locator("#opt-include-answers").check());
    await change(options, () => options.locator("#opt-copy-format").selectOption("text"));
    assert.deepEqual(await storedSettings(), {
      theme: "dark", font: "serif", size: 23, stripNumbering: true, includeAnswers: true, copyFormat: "text",
    }, "storage.sync holds every choice");
    await options.close();

    // The next reader applies them all.
    frame = await openReader(session, page);
    look = await readerLook(frame);
    assert.equal(look.theme, "dark", "theme from the options");
    assert.equal(look.dark, true, "the dark theme is painted");
    assert.equal(look.font, "serif", "font from the options");
    assert.match(look.fontFamily, /serif|Georgia|Charter|Times/i, "the article is set in a serif face");
    assert.equal(look.size, "23px", "text size from the options");
    assert.equal(look.textSize, "23px", "the post text is 23 px");
    assert.equal(look.posts, expected.posts.length, "answers are included");
    assert.deepEqual(look.answers, answers, "the author's answers, labelled as answers");
    assert.ok(!/^\s*1\/\d/.test(look.firstText), `numbering stripped: ${JSON.stringify(look.firstText.slice(0, 20))}`);

    // The main copy button uses the chosen format, with the chosen content options.
    await page.evaluate(() => navigator.clipboard.writeText(""));
    await frame.locator("#unspool-copy").click();
    await waitForStatus(frame, t("copiedMany", String(expected.posts.length), t("formatText")));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()),
      cli(FIXTURE, "text", "--strip-numbering", "--include-answers"),
      "Copy = unspool --format text --strip-numbering --include-answers");

    // The reader's own appearance panel saves too.
    await frame.locator("#unspool-appearance").click();
    await frame.locator("label.swatch-sepia").click();
    await frame.locator("label.font-sans").click();
    await frame.locator("#unspool-size-down").click();
    await frame.locator("#unspool-appearance").click();
    look = await readerLook(frame);
    assert.deepEqual([look.theme, look.font, look.size], ["sepia", "sans", "22px"], "the panel changes the look at once");
    await closeWithEscape(page);
    const stored = await storedSettings();
    assert.deepEqual([stored.theme, stored.font, stored.size], ["sepia", "sans", 22], "the panel's choices are saved");
    const again = await openOptions();
    assert.deepEqual(
      [await again.locator("#opt-theme").inputValue(), await again.locator("#opt-font").inputValue(), await again.locator("#opt-size").inputValue()],
      ["sepia", "sans", "22"],
      "the options page shows the reader's choices",
    );
    await again.close();
  });
});
