// Copy, read back from the real clipboard: the main button copies rich text (HTML that pastes as
// paragraphs, images sized, links out of the reader; plain text = the CLI's) and says so; the menu
// gives exactly what the CLI prints (Markdown without front matter, as the reader copies it; plain
// text) and makes its choice the main button's; the status live region says what was copied.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  requirePrerequisites, launch, serveFixtures, fixture, gotoFixture, openReader, closeWithEscape, chooseFromMenu,
  waitForStatus, cli, ensureCli, t,
} from "./harness.mjs";

requirePrerequisites();
const FIXTURES = ["media", "links-and-breaks", "rtl-arabic", "quote", "hostile-content"];
const FORMAT_NAMES = { markdown: "formatMarkdown", text: "formatText", rich: "formatRich" };
const SENTINEL = "unspool-e2e: clipboard not written";

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

/** The page reads the clipboard (the reader's frame may only write it). */
function readText(page) {
  return page.evaluate(() => navigator.clipboard.readText());
}

function readRich(page) {
  return page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    const read = async (type) => (item.types.includes(type) ? (await item.getType(type)).text() : null);
    return { types: [...item.types].sort(), html: await read("text/html"), text: await read("text/plain") };
  });
}

function clearClipboard(page) {
  return page.evaluate((text) => navigator.clipboard.writeText(text), SENTINEL);
}

/** The clipboard's text once it is no longer the sentinel (polled: the copy runs in the reader). */
async function clipboardChanged(page) {
  for (let waited = 0; waited < 15_000; waited += 100) {
    const text = await readText(page);
    if (text !== SENTINEL) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return SENTINEL;
}

function status(name, format) {
  const count = fixture(name).expected.posts.length;
  const formatName = t(FORMAT_NAMES[format]);
  return count === 1 ? t("copiedOne", formatName) : t("copiedMany", String(count), formatName);
}

describe("copy", () => {
  for (const name of FIXTURES) {
    test(`${name}: Copy gives rich text by default, the menu Markdown and plain text equal to the CLI's, and remembers`, { timeout: 60_000 }, async () => {
      const page = session.page;
      await session.worker.evaluate(() => chrome.storage.sync.remove("copyFormat")); // the default
      await gotoFixture(page, server, name);
      const frame = await openReader(session, page);
      try {
        const markdown = cli(name, "markdown", "--no-front-matter");
        const text = cli(name, "text");
        const label = () => frame.locator("#unspool-copy .btn-label").textContent();

        // The main button says what it copies: rich text (HTML and plain text together).
        assert.equal(await label(), t("copyButtonRich"));
        await clearClipboard(page);
        await frame.locator("#unspool-copy").click();
        await waitForStatus(frame, status(name, "rich"));
        const rich = await readRich(page);
        assert.deepEqual(rich.types, ["text/html", "text/plain"], "rich text puts HTML and plain text on the clipboard");
        assert.equal(rich.text, text, "rich text's plain part = unspool --format text");
        const shape = await page.evaluate((markup) => {
          const doc = new DOMParser().parseFromString(markup, "text/html");
          return {
            lists: doc.querySelectorAll("ol").length,
            paragraphs: doc.querySelectorAll("p").length,
            hrefs: [...doc.querySelectorAll("[href]")].map((a) => a.getAttribute("href")),
            images: [...doc.images].map((img) => ({ width: img.getAttribute("width"), height: img.getAttribute("height") })),
            scripts: doc.querySelectorAll("script").length,
            handlers: [...doc.querySelectorAll("*")].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((a) => a.startsWith("on")),
          };
        }, rich.html);
        assert.equal(shape.lists, 0, "posts are paragraphs, not a numbered list");
        assert.ok(shape.paragraphs > 0);
        assert.deepEqual(shape.hrefs.filter((h) => !/^https?:\/\//.test(h)), [], "every link leads out of the reader (no #anchors)");
        for (const img of shape.images) {
          assert.ok(Number(img.width) > 0 && Number(img.width) <= 560 && Number(img.height) > 0, `an image with its size, no wider than a page: ${JSON.stringify(img)}`);
        }
        assert.equal(shape.scripts, 0, "no <script> in the copied HTML");
        assert.deepEqual(shape.handlers, [], "no event handler in the copied HTML");

        for (const [format, want] of [["text", text], ["markdown", markdown]]) {
          await clearClipboard(page);
          await chooseFromMenu(frame, "unspool-copy-toggle", `[data-copy="${format}"]`);
          await waitForStatus(frame, status(name, format));
          assert.equal(await readText(page), want, `Copy as ${format} = unspool --format ${format}`);
          // After a menu choice, focus goes back to the menu button (keyboard users stay in place).
          assert.equal(await frame.evaluate(() => document.activeElement?.id), "unspool-copy-toggle", "focus returns to the menu button");
        }
        // The last choice is the main button's now, and stays so.
        assert.equal(await label(), t("copyButtonMarkdown"));
        assert.equal((await session.worker.evaluate(() => chrome.storage.sync.get("copyFormat"))).copyFormat, "markdown");
        await clearClipboard(page);
        await frame.locator("#unspool-copy").click();
        // The status already says "Markdown" from the menu's copy: wait for the clipboard itself.
        assert.equal(await clipboardChanged(page), markdown, "Copy (now Markdown) = unspool --format markdown --no-front-matter");
        for (const copied of [markdown, text, rich.html]) assert.ok(!/[?&](src|s|t)=/.test(copied.replace(/https?:\/\/(?!x\.com)[^\s)>"]+/g, "")), "no X tracking parameter");
      } finally {
        await closeWithEscape(page);
      }
    });
  }
});
