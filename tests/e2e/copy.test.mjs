// Copy, read back from the real clipboard: every copy button gives exactly what the CLI prints for
// the same page (Markdown without front matter, as the reader copies it; plain text; rich text as
// HTML + plain text), and the status live region says what was copied.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  requirePrerequisites, launch, serveFixtures, fixture, gotoFixture, openReader, closeWithEscape, chooseFromMenu,
  waitForStatus, cli, ensureCli, t, articleOf,
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

function status(name, format) {
  const count = fixture(name).expected.posts.length;
  const formatName = t(FORMAT_NAMES[format]);
  return count === 1 ? t("copiedOne", formatName) : t("copiedMany", String(count), formatName);
}

/** An HTML fragment's `<article>` as a comparable tree: tags, attributes (URLs resolved), text. */
function htmlTree(page, html) {
  return page.evaluate((markup) => {
    const doc = new DOMParser().parseFromString(markup, "text/html");
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return node.data;
      const attributes = [...node.attributes].map(({ name, value }) => [name, name === "href" || name === "src" ? new URL(value).href : value]);
      return [node.localName, Object.fromEntries(attributes.sort()), [...node.childNodes].map(walk)];
    };
    const article = doc.querySelector("article");
    return article ? walk(article) : null;
  }, html);
}

describe("copy", () => {
  for (const name of FIXTURES) {
    test(`${name}: every copy button puts exactly the CLI's output on the clipboard`, { timeout: 60_000 }, async () => {
      const page = session.page;
      await gotoFixture(page, server, name);
      const frame = await openReader(session, page);
      try {
        const markdown = cli(name, "markdown", "--no-front-matter");
        const text = cli(name, "text");

        // The main button copies the default format (Markdown).
        await clearClipboard(page);
        await frame.locator("#unspool-copy").click();
        await waitForStatus(frame, status(name, "markdown"));
        assert.equal(await readText(page), markdown, "Copy (default) = unspool --format markdown --no-front-matter");

        for (const [format, want] of [["text", text], ["markdown", markdown]]) {
          await clearClipboard(page);
          await chooseFromMenu(frame, "unspool-copy-toggle", `[data-copy="${format}"]`);
          await waitForStatus(frame, status(name, format));
          assert.equal(await readText(page), want, `Copy as ${format} = unspool --format ${format}`);
        }

        await clearClipboard(page);
        await chooseFromMenu(frame, "unspool-copy-toggle", '[data-copy="rich"]');
        await waitForStatus(frame, status(name, "rich"));
        const rich = await readRich(page);
        assert.deepEqual(rich.types, ["text/html", "text/plain"], "rich text puts HTML and plain text on the clipboard");
        assert.equal(rich.text, text, "rich text's plain part = unspool --format text");
        // Chromium re-serializes clipboard HTML (entities, percent-encoded URLs): compare the trees.
        const tree = await htmlTree(page, rich.html);
        assert.deepEqual(tree, await htmlTree(page, articleOf(cli(name, "html"))), "rich text's HTML = the <article> of unspool --format html");
        const elements = (node) => (typeof node === "string" ? [] : [node, ...node[2].flatMap(elements)]);
        for (const [tag, attributes] of elements(tree)) {
          assert.notEqual(tag, "script", "no <script> in the copied HTML");
          assert.deepEqual(Object.keys(attributes).filter((a) => a.startsWith("on")), [], `no event handler on <${tag}>`);
        }

        // After a menu choice, focus goes back to the menu button (keyboard users stay in place).
        assert.equal(await frame.evaluate(() => document.activeElement?.id), "unspool-copy-toggle", "focus returns to the menu button");
      } finally {
        await closeWithEscape(page);
      }
    });
  }
});
