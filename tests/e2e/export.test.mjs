// Exports as files: each menu choice downloads `<handle>-<date>-thread.<ext>` whose content is what
// the CLI writes for the same page (Markdown with front matter, text, the HTML document; JSON equal
// to expected.json; the EPUB byte for byte, and EPUBCheck finds nothing in the downloaded file),
// on X-like pages and on a Bluesky and a Mastodon page (each answered at its own URL under its
// site's CSP). Pictures the reader shows and may read go into the EPUB. The hostile-content
// export, opened in Chromium, runs nothing; the reader itself holds no script, no handler and only
// http(s) links for that page.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import {
  requirePrerequisites, launch, serveFixtures, fixture, gotoFixture, openReader, closeWithEscape, chooseFromMenu,
  waitForStatus, cli, cliBytes, ensureCli, t, epubcheck, zipEntries, GREY_PIXEL, EPUBCHECK, exportStem, serveAtItsHost,
} from "./harness.mjs";

requirePrerequisites();
const FIXTURES = ["media", "links-and-breaks", "rtl-arabic", "deleted-in-thread", "hostile-content", "bluesky-self-thread", "mastodon-self-thread"];

let session;
let server;
let downloads;
const saved = new Map(); // fixture → exported HTML file

before(async () => {
  ensureCli();
  if (!fs.existsSync(EPUBCHECK)) throw new Error(`${EPUBCHECK} is missing (run \`bash tools/setup.sh test\`)`);
  downloads = fs.mkdtempSync(path.join(os.tmpdir(), "unspool-downloads-"));
  [session, server] = await Promise.all([launch(), serveFixtures()]);
});

after(async () => {
  await Promise.all([session?.close(), server?.close()]);
  if (downloads) fs.rmSync(downloads, { recursive: true, force: true });
});

/** The fixture's page: a Bluesky or Mastodon one at its own URL, an X-like one on the fixture server. */
async function gotoPage(page, name) {
  if (/^(bluesky|mastodon)-/.test(name)) await page.goto(await serveAtItsHost(session, name), { waitUntil: "load" });
  else await gotoFixture(page, server, name);
}

async function exportFile(page, frame, kind) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    chooseFromMenu(frame, "unspool-export", `[data-export="${kind}"]`),
  ]);
  const file = path.join(downloads, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return { name: download.suggestedFilename(), file, content: fs.readFileSync(file, "utf8"), bytes: fs.readFileSync(file) };
}

describe("export", () => {
  for (const name of FIXTURES) {
    test(`${name}: md, html, txt, json and epub downloads equal the CLI's output`, { timeout: 150_000 }, async () => {
      const page = session.page;
      await gotoPage(page, name);
      const frame = await openReader(session, page);
      try {
        // The export is of the collected thread (a Bluesky page's ends are revisited first).
        await frame.waitForFunction(() => document.documentElement.dataset.unspoolCollected === "1", null, { timeout: 60_000 });
        const md = await exportFile(page, frame, "md");
        assert.equal(md.name, `${exportStem(name)}.md`, "Markdown file name");
        await waitForStatus(frame, t("exported", md.name));
        assert.equal(md.content, cli(name, "markdown"), "the .md = unspool --format markdown (front matter on)");

        const txt = await exportFile(page, frame, "txt");
        assert.equal(txt.name, `${exportStem(name)}.txt`, "text file name");
        assert.equal(txt.content, cli(name, "text"), "the .txt = unspool --format text");

        const json = await exportFile(page, frame, "json");
        assert.equal(json.name, `${exportStem(name)}.json`, "JSON file name");
        const parsed = JSON.parse(json.content);
        assert.deepEqual(parsed, fixture(name).expected, "the .json = expected.json");
        assert.deepEqual(parsed, JSON.parse(cli(name, "json")), "the .json = unspool --format json");

        const html = await exportFile(page, frame, "html");
        assert.equal(html.name, `${exportStem(name)}.html`, "HTML file name");
        assert.equal(html.content, cli(name, "html"), "the .html = unspool --format html");
        assert.match(html.content, /^<!DOCTYPE html>\n<html lang="[^"]+">[\s\S]*<\/html>\n$/, "a full HTML document");
        saved.set(name, html.file);

        // The book: the CLI's bytes (the images this test serves cannot be read, so they are links
        // in both), and valid.
        const epub = await exportFile(page, frame, "epub");
        assert.equal(epub.name, `${exportStem(name)}.epub`, "EPUB file name");
        await waitForStatus(frame, t("exported", epub.name));
        assert.ok(epub.bytes.equals(cliBytes(name, "epub")), "the .epub = unspool --format epub");
        assert.equal(epubcheck(epub.file), "", "EPUBCheck finds no error or warning in the download");

        // The document shows the posts in its <article>.
        const view = await session.context.newPage();
        try {
          await view.goto(pathToFileURL(html.file).href);
          const ids = await view.evaluate(() => [...document.querySelectorAll("article.thread ol.posts > li")].map((li) => li.dataset.id ?? "unavailable"));
          assert.deepEqual(ids, fixture(name).expected.posts.map((p) => p.id || "unavailable"), "the exported article holds the posts in order");
        } finally {
          await view.close();
        }
      } finally {
        await closeWithEscape(page);
      }
    });
  }

  test("media: the EPUB holds the pictures the reader shows, when their server lets it read them", { timeout: 90_000 }, async () => {
    // Like a CDN that allows CORS reads: the same grey pixel, now readable by the extension.
    const readable = (url) => /^https?:$/.test(url.protocol) && url.hostname.endsWith("twimg.com");
    const handler = (route) => route.fulfill({
      status: 200, contentType: "image/png", headers: { "access-control-allow-origin": "*" }, body: GREY_PIXEL,
    });
    await session.context.route(readable, handler);
    const page = session.page;
    try {
      await gotoFixture(page, server, "media");
      const frame = await openReader(session, page);
      try {
        const shown = await frame.evaluate(async () => {
          const images = [...document.querySelectorAll("#unspool-main img")];
          for (const img of images) img.loading = "eager";
          await Promise.all(images.map((img) => (img.complete ? null : new Promise((r) => { img.onload = img.onerror = r; }))));
          return new Set(images.filter((img) => img.naturalWidth > 0).map((img) => img.getAttribute("src"))).size;
        });
        assert.ok(shown >= 4, `the reader shows the fixture's pictures (${shown})`);
        const epub = await exportFile(page, frame, "epub");
        await waitForStatus(frame, t("exported", epub.name));
        const pictures = zipEntries(epub.bytes).filter((entry) => entry.startsWith("EPUB/images/"));
        assert.equal(pictures.length, shown, `one file per picture shown: ${pictures}`);
        assert.ok(pictures.every((entry) => entry.endsWith(".png")), "kept as the PNGs they are");
        assert.ok(!epub.bytes.equals(cliBytes("media", "epub")), "unlike the CLI's, whose pictures stay links");
        assert.equal(epubcheck(epub.file), "", "EPUBCheck finds no error or warning");
      } finally {
        await closeWithEscape(page);
      }
    } finally {
      await session.context.unroute(readable, handler);
    }
  });

  test("hostile-content: the exported HTML runs no script when opened", { timeout: 60_000 }, async () => {
    const file = saved.get("hostile-content");
    assert.ok(file, "the hostile-content export ran first");
    const view = await session.context.newPage();
    const events = [];
    view.on("console", (message) => events.push(`console.${message.type()}: ${message.text()}`));
    view.on("pageerror", (error) => events.push(`pageerror: ${error.message}`));
    view.on("dialog", (dialog) => {
      events.push(`dialog: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
    // Runs before the document's own content, CSP or not: traps every way the payloads report.
    await view.addInitScript(() => {
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`), true);
      for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
        window[name] = () => {
          window.__pwned = name;
        };
      }
    });
    try {
      await view.goto(pathToFileURL(file).href, { waitUntil: "load" });
      // Give lazy images, handlers and timers a moment, and hover/focus everything a payload could wait for.
      await view.evaluate(async () => {
        for (const el of document.querySelectorAll("*")) {
          el.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
          el.dispatchEvent(new FocusEvent("focus"));
        }
        window.scrollTo(0, document.body.scrollHeight);
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
      const state = await view.evaluate(() => ({
        pwned: window.__pwned,
        violations: window.__violations,
        scripts: document.querySelectorAll("script").length,
        handlers: [...document.querySelectorAll("*")].flatMap((el) => el.getAttributeNames().filter((n) => n.startsWith("on"))),
        badUrls: [...document.querySelectorAll("[href], [src]")].map((el) => el.getAttribute("href") ?? el.getAttribute("src")).filter((u) => !/^(https?:\/\/|#)/.test(u)),
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? "",
      }));
      assert.equal(state.pwned, undefined, "no payload called alert/confirm/prompt/print/open");
      assert.deepEqual(state.violations, [], "nothing even tried to break the document's CSP");
      assert.deepEqual(events, [], "no console output, page error or dialog");
      assert.equal(state.scripts, 0, "no <script> element");
      assert.deepEqual(state.handlers, [], "no on* attribute");
      assert.deepEqual(state.badUrls, [], "only http(s) URLs and in-page anchors");
      assert.match(state.csp, /default-src 'none'/, "the document forbids scripts with its own CSP");
    } finally {
      await view.close();
    }
  });

  test("hostile-content: the reader holds no script, no handler, only http(s) URLs", { timeout: 60_000 }, async () => {
    const page = session.page;
    const dialogs = [];
    const onDialog = (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss().catch(() => {});
    };
    page.on("dialog", onDialog);
    await gotoFixture(page, server, "hostile-content");
    const frame = await openReader(session, page);
    try {
      const state = await frame.evaluate(() => {
        const main = document.getElementById("unspool-main");
        return {
          posts: main.querySelectorAll("li.post").length,
          scripts: main.querySelectorAll("script, iframe, object, embed, svg, style").length,
          handlers: [...main.querySelectorAll("*")].flatMap((el) => el.getAttributeNames().filter((n) => n.startsWith("on")).map((n) => `${el.localName}[${n}]`)),
          urls: [...main.querySelectorAll("[href], [src]")].map((el) => el.getAttribute("href") ?? el.getAttribute("src")),
          name: main.querySelector("h1 .name")?.textContent,
        };
      });
      assert.equal(state.posts, fixture("hostile-content").expected.posts.length, "every post is shown");
      assert.equal(state.scripts, 0, "no script, frame, object, svg or style element in the article");
      assert.deepEqual(state.handlers, [], "no on* attribute in the article");
      assert.deepEqual(state.urls.filter((u) => !/^(https?:\/\/|#post-)/.test(u)), [], "every href/src is http(s) (or a link to a post)");
      assert.equal(state.name, fixture("hostile-content").expected.author.name, "the display name's markup is shown as text");
      assert.deepEqual(dialogs, [], "no dialog opened");
    } finally {
      page.off("dialog", onDialog);
      await closeWithEscape(page);
    }
  });
});
