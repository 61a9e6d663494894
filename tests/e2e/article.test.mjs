// X Articles through the real extension: opening an Article's status page shows the Article as a
// document (its title as the heading, the author under it, headings, nested lists, the code block
// with every space, the quote, the captioned image, the embedded post, the rule), built from the
// page by the content script's snapshot (the Draft.js classes and mark styles it keeps); Copy and
// every export give what the CLI gives for the same page; a cut Article says so and links to X;
// an Arabic Article reads right to left with its code left to right.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  requirePrerequisites, launch, serveFixtures, fixture, gotoFixture, openReader, closeWithEscape, chooseFromMenu,
  waitForStatus, cli, cliBytes, epubcheck, ensureCli, t,
} from "./harness.mjs";

requirePrerequisites();
const SENTINEL = "unspool-e2e: clipboard not written";

let session;
let server;
let downloads;

before(async () => {
  ensureCli();
  downloads = fs.mkdtempSync(path.join(os.tmpdir(), "unspool-article-"));
  [session, server] = await Promise.all([launch(), serveFixtures()]);
  await session.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
});

after(async () => {
  await Promise.all([session?.close(), server?.close()]);
  if (downloads) fs.rmSync(downloads, { recursive: true, force: true });
});

async function openArticle(name) {
  const page = session.page;
  await gotoFixture(page, server, name);
  const frame = await openReader(session, page);
  await frame.waitForFunction(() => document.documentElement.dataset.unspoolCollected === "1", null, { timeout: 45_000 });
  return { page, frame };
}

/** The Article as the reader shows it, read from the reader frame's DOM. */
function readDocument(frame) {
  return frame.evaluate(() => {
    const main = document.getElementById("unspool-main");
    const body = main.querySelector("li.post-article .article-body");
    const texts = (selector) => [...(body?.querySelectorAll(selector) ?? [])].map((el) => el.textContent.trim());
    const list = (el) => [...el.children].filter((c) => c.localName === "li").map((li) => ({
      text: [...li.childNodes].filter((n) => !(n instanceof Element && (n.localName === "ul" || n.localName === "ol"))).map((n) => n.textContent).join("").trim(),
      nested: [...li.children].filter((c) => c.localName === "ul" || c.localName === "ol").map((c) => ({ tag: c.localName, items: list(c) })),
    }));
    const pre = body?.querySelector("pre.article-code");
    return {
      heading: main.querySelector("h1")?.textContent.trim() ?? null,
      headingCount: main.querySelectorAll("h1").length,
      author: main.querySelector(".article-author")?.textContent.trim() ?? null,
      barTitle: document.getElementById("unspool-bar-title")?.textContent ?? null,
      dir: body?.getAttribute("dir") ?? null,
      h2: texts(":scope > h2"),
      h3: texts(":scope > h3"),
      bold: texts(":scope > p strong"),
      italic: texts("p em, li em"),
      struck: texts(":scope > p s"),
      links: [...(body?.querySelectorAll(":scope > p a") ?? [])].map((a) => ({ text: a.textContent, href: a.getAttribute("href"), mention: a.classList.contains("mention") })),
      lists: [...(body?.querySelectorAll(":scope > ol, :scope > ul") ?? [])].map((el) => ({ tag: el.localName, items: list(el) })),
      code: pre ? { text: pre.textContent, language: pre.dataset.language ?? null, dir: pre.getAttribute("dir"), font: getComputedStyle(pre).fontFamily, whiteSpace: getComputedStyle(pre).whiteSpace } : null,
      quote: texts(":scope > blockquote.article-quote"),
      figures: [...(body?.querySelectorAll(":scope > figure") ?? [])].map((f) => ({ className: f.className, alt: f.querySelector("img")?.getAttribute("alt"), caption: f.querySelector("figcaption")?.textContent ?? null })),
      embedded: [...(body?.querySelectorAll(":scope > blockquote.quote") ?? [])].map((q) => ({ handle: q.querySelector(".handle")?.textContent, text: q.querySelector(".quote-text")?.textContent.trim() })),
      rules: body?.querySelectorAll(":scope > hr").length ?? 0,
      partial: body?.querySelector(".article-partial a.continue")?.getAttribute("href") ?? null,
      warnings: [...main.querySelectorAll("aside.thread-warnings li")].map((li) => li.innerText.trim()),
    };
  });
}

async function exportFile(page, frame, kind) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    chooseFromMenu(frame, "unspool-export", `[data-export="${kind}"]`),
  ]);
  const file = path.join(downloads, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return { name: download.suggestedFilename(), file, content: fs.readFileSync(file, "utf8") };
}

async function clipboardAfter(page, action) {
  await page.evaluate((text) => navigator.clipboard.writeText(text), SENTINEL);
  await action();
  for (let waited = 0; waited < 15_000; waited += 100) {
    const text = await page.evaluate(() => navigator.clipboard.readText());
    if (text !== SENTINEL) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return SENTINEL;
}

describe("X Articles", () => {
  test("article-every-block: the reader shows the Article as a document, every block kind in place", { timeout: 90_000 }, async () => {
    const { page, frame } = await openArticle("article-every-block");
    try {
      const doc = await readDocument(frame);
      assert.equal(doc.heading, "Reading tide tables without tears", "the heading is the Article's title");
      assert.equal(doc.headingCount, 1, "one h1: the Article's headings step down from the title");
      assert.equal(doc.barTitle, "Reading tide tables without tears", "the toolbar names the Article");
      assert.match(doc.author, /^Mira Okafor @mira_codes$/, "the author under the title");
      assert.deepEqual(doc.h2, ["What the numbers mean"]);
      assert.deepEqual(doc.h3, ["Three things to check"]);
      assert.deepEqual(doc.bold, ["spreadsheets"], "bold from the leaf's font-weight style");
      assert.deepEqual(doc.italic, ["stories", "we only read it."], "italic from the leaf's font-style (in a paragraph and in the quote)");
      assert.deepEqual(doc.struck, ["Nobody reads them."]);
      assert.deepEqual(doc.links, [
        { text: "the harbour office", href: "https://harbour.example.org/datum", mention: false },
        { text: "@tidewatch", href: "https://x.com/tidewatch", mention: true },
      ]);
      assert.deepEqual(doc.lists, [
        { tag: "ol", items: [
          { text: "The date and time zone", nested: [] },
          { text: "The height", nested: [{ tag: "ul", items: [{ text: "in metres", nested: [] }, { text: "or feet on old charts", nested: [] }] }] },
          { text: "The coefficient", nested: [{ tag: "ol", items: [{ text: "above 100: spring tide", nested: [] }, { text: "below 45: neap tide", nested: [] }] }] },
        ] },
        { tag: "ul", items: [{ text: "a printed table", nested: [] }, { text: "a watch", nested: [] }] },
      ]);
      assert.ok(doc.code, "a code block");
      assert.equal(doc.code.text, "def height(t, high, low):\n    # a cosine between two tides\n    mid = (high + low) / 2\n\n    return mid + (high - mid) * cos(t)", "code keeps its indentation and blank line");
      assert.equal(doc.code.language, "python");
      assert.equal(doc.code.dir, "ltr");
      assert.equal(doc.code.whiteSpace, "pre", "code keeps its whitespace on screen");
      assert.match(doc.code.font, /mono/i, "code is monospace");
      assert.deepEqual(doc.quote, ["The sea keeps its own time; we only read it."]);
      assert.deepEqual(doc.figures.map((f) => [f.className, f.alt, f.caption]), [
        ["media media-image article-cover", "", null],
        ["media media-image article-image", "A tide gauge on a stone pier at low water", "The gauge at the old pier, at low water."],
      ]);
      assert.deepEqual(doc.embedded, [{ handle: "@tidewatch", text: "High water 06:12 (4.8 m), low water 12:31 (0.9 m). Coefficient 104." }]);
      assert.equal(doc.rules, 1, "the separator");
      assert.equal(doc.partial, null, "a whole Article has no 'continue' link");
      assert.deepEqual(doc.warnings, []);

      // Copy: Markdown from the menu is the CLI's (real headings, nested lists, fenced code).
      const markdown = await clipboardAfter(page, () => chooseFromMenu(frame, "unspool-copy-toggle", '[data-copy="markdown"]'));
      assert.equal(markdown, cli("article-every-block", "markdown", "--no-front-matter"), "copied Markdown = the CLI's");
      assert.match(markdown, /^## What the numbers mean$/m);
      assert.match(markdown, /^ {3}- or \*\*feet\*\* on old charts$/m);
      assert.match(markdown, /^```python\ndef height/m);

      // Every export equals the CLI's output for the page.
      const md = await exportFile(page, frame, "md");
      assert.equal(md.name, "mira_codes-2026-03-01-article.md");
      await waitForStatus(frame, t("exported", md.name));
      assert.equal(md.content, cli("article-every-block", "markdown"));
      const html = await exportFile(page, frame, "html");
      assert.equal(html.content, cli("article-every-block", "html"));
      assert.match(html.content, /<pre class="article-code" dir="ltr" data-language="python"><code class="language-python">def height/);
      const txt = await exportFile(page, frame, "txt");
      assert.equal(txt.content, cli("article-every-block", "text"));
      const json = await exportFile(page, frame, "json");
      assert.deepEqual(JSON.parse(json.content), fixture("article-every-block").expected, "the .json = expected.json");
      // The book: the CLI's bytes (this page's pictures cannot be read, so they stay links), valid.
      const epub = await exportFile(page, frame, "epub");
      assert.equal(epub.name, "mira_codes-2026-03-01-article.epub");
      assert.ok(fs.readFileSync(epub.file).equals(cliBytes("article-every-block", "epub")), "the .epub = unspool --format epub");
      assert.equal(epubcheck(epub.file), "", "EPUBCheck finds no error or warning in the Article's book");
    } finally {
      await closeWithEscape(page);
    }
  });

  test("article-partial: a cut Article is flagged and links to the rest on X", { timeout: 60_000 }, async () => {
    const { page, frame } = await openArticle("article-partial");
    try {
      const doc = await readDocument(frame);
      const { expected } = fixture("article-partial");
      assert.equal(doc.heading, "Knots every sailor should know");
      assert.deepEqual(doc.warnings, expected.warnings.map((w) => w.message), "the note says only the start is shown");
      assert.equal(doc.warnings.length, 1);
      assert.match(doc.warnings[0], /only the start of this Article/);
      assert.equal(doc.partial, "https://x.com/mira_codes/status/2032000000000000001", "the body ends in a link to read on X");
    } finally {
      await closeWithEscape(page);
    }
  });

  test("article-rtl-arabic: the Article reads right to left, its code left to right", { timeout: 60_000 }, async () => {
    const { page, frame } = await openArticle("article-rtl-arabic");
    try {
      const doc = await readDocument(frame);
      assert.equal(doc.heading, "كيف نقرأ جداول المد والجزر");
      assert.equal(doc.dir, "rtl");
      assert.equal(doc.code?.dir, "ltr");
      assert.deepEqual(doc.lists.map((l) => [l.tag, l.items.length]), [["ol", 3]]);
      const direction = await frame.evaluate(() => getComputedStyle(document.querySelector(".article-body p")).direction);
      assert.equal(direction, "rtl");
    } finally {
      await closeWithEscape(page);
    }
  });
});
