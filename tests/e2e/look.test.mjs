// The reader a person prefers to X itself (issue 12), measured: every text at least 4.5:1 contrast
// in the three themes; lines of 50–75 characters in both fonts; nothing cut off or scrolling
// sideways at 390 px with every menu open; print at the print stylesheet's size whatever the
// screen size; a quoted post's picture a thumbnail; the UI in French has no English sentence,
// and its numbers and durations are French.

import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import {
  requirePrerequisites, launch, serveFixtures, gotoFixture, openReader, closeWithEscape, MESSAGES, clickToOpen, readerFrame, waitForReady,
} from "./harness.mjs";
import { startServer } from "../../tools/serve.mjs";

requirePrerequisites();

/** In the reader: every element with its own text, its colour and background, and their contrast. */
function contrasts() {
  // rgb(…) in 0–255; color-mix() computes to color(srgb …) in 0–1.
  const parse = (color) => {
    const [r, g, b, a = 1] = color.replace(/^color\(srgb/, "").match(/[\d.]+(e-?\d+)?/g).map(Number);
    const scale = color.startsWith("color(") ? 255 : 1;
    return { r: r * scale, g: g * scale, b: b * scale, a };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) layers.push(parse(getComputedStyle(node).backgroundColor));
    return layers.reverse().reduce((under, layer) => over(layer, under), { r: 255, g: 255, b: 255, a: 1 });
  };
  const opacity = (el) => {
    let value = 1;
    for (let node = el; node; node = node.parentElement) value *= Number(getComputedStyle(node).opacity);
    return value;
  };
  const luminance = ({ r, g, b }) => {
    const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.data.trim());
    if (!own || el.closest("[hidden], .toast, .play, .chip, button:disabled, .sk-line") || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== "visible") continue;
    const seen = opacity(el);
    if (seen < 0.05) continue; // faded out (the bar's title until the heading scrolls away)
    const bg = background(el);
    const fg = parse(style.color);
    const color = over({ ...fg, a: fg.a * seen }, bg);
    const [hi, lo] = [luminance(color), luminance(bg)].sort((a, b) => b - a);
    out.push({ text: el.textContent.trim().slice(0, 40), tag: el.localName, cls: el.className, ratio: (hi + 0.05) / (lo + 0.05) });
  }
  return out;
}

describe("look", () => {
  let session;
  let server;
  before(async () => {
    [session, server] = await Promise.all([launch(), serveFixtures()]);
  });
  after(async () => {
    await Promise.all([session?.close(), server?.close()]);
  });

  test("every text has at least 4.5:1 contrast in light, sepia and dark", { timeout: 90_000 }, async () => {
    const page = session.page;
    await gotoFixture(page, server, "truncated");
    const frame = await openReader(session, page);
    try {
      for (const theme of ["light", "sepia", "dark"]) {
        await frame.evaluate(async (name) => {
          document.documentElement.dataset.theme = name;
          await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {})));
        }, theme);
        await frame.locator("#unspool-appearance").click(); // the panel's texts too
        await frame.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
        const low = (await frame.evaluate(contrasts)).filter((c) => c.ratio < 4.5);
        await frame.locator("#unspool-appearance").click();
        assert.deepEqual(low, [], `${theme}: texts under 4.5:1`);
      }
    } finally {
      await closeWithEscape(page);
    }
  });

  test("lines of 50–75 characters in sans and serif at 1280 px; a quoted picture is a thumbnail", { timeout: 90_000 }, async () => {
    const page = session.page;
    const perLine = { sans: [], serif: [] };
    for (const name of ["long-thread-from-middle", "truncated", "quote", "media"]) {
      await gotoFixture(page, server, name);
      const frame = await openReader(session, page);
      try {
        for (const font of ["sans", "serif"]) {
          perLine[font].push(...await frame.evaluate((serif) => {
            if (serif) document.documentElement.dataset.font = "serif";
            else delete document.documentElement.dataset.font;
            const out = [];
            for (const p of document.querySelectorAll("li.post .post-text p")) {
              const range = document.createRange();
              range.selectNodeContents(p);
              const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
              if (lines >= 3) out.push(p.textContent.length / lines);
            }
            return out;
          }, font === "serif"));
        }
      } finally {
        await closeWithEscape(page);
      }
    }
    for (const font of ["sans", "serif"]) {
      const sorted = perLine[font].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      console.log(`# ${font}: median ${median?.toFixed(1)} characters per line over ${sorted.length} paragraphs`);
      assert.ok(median >= 50 && median <= 75, `${font}: median ${median?.toFixed(1)} characters per line`);
    }
    // A tall picture (the harness answers images with one grey pixel, which proves nothing here).
    const tall = '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="1600"><rect width="1200" height="1600" fill="#889"/></svg>';
    await session.context.route((url) => url.hostname === "pbs.twimg.com", (route) => route.fulfill({ status: 200, contentType: "image/svg+xml", body: tall }));
    await gotoFixture(page, server, "quote");
    const quoted = await openReader(session, page);
    await quoted.evaluate(() => Promise.all([...document.images].map((img) => img.decode().catch(() => {}))));
    try {
      const sizes = await quoted.evaluate(() => [...document.querySelectorAll(".quote")].map((q) => ({
        quote: q.getBoundingClientRect().height,
        image: q.querySelector(".media img")?.getBoundingClientRect().height ?? 0,
      })));
      assert.ok(sizes.some((s) => s.image > 0), "the fixture quotes a post with a picture");
      for (const s of sizes) assert.ok(s.image <= s.quote && s.image <= 120, `a thumbnail inside the quote: ${JSON.stringify(s)}`);
    } finally {
      await closeWithEscape(page);
      await session.context.unroute((url) => url.hostname === "pbs.twimg.com");
    }
  });

  test("print uses the print stylesheet's size with the reader at its largest size", { timeout: 60_000 }, async () => {
    const page = session.page;
    await gotoFixture(page, server, "media");
    const frame = await openReader(session, page);
    try {
      for (let i = 0; i < 20; i++) await frame.evaluate(() => document.getElementById("unspool-size-up").click());
      const screen = await frame.evaluate(() => getComputedStyle(document.querySelector(".post-text")).fontSize);
      assert.equal(screen, "28px", "the reader is at its largest size");
      // Print media in the reader's frame (an extension frame: a target of its own).
      const cdp = await page.context().newCDPSession(frame);
      await cdp.send("Emulation.setEmulatedMedia", { media: "print" });
      const printed = await frame.evaluate(() => getComputedStyle(document.querySelector(".post-text")).fontSize);
      await cdp.send("Emulation.setEmulatedMedia", { media: "" });
      await cdp.detach();
      // 11.5pt = 15.333px.
      assert.equal(Math.round(parseFloat(printed) * 100) / 100, 15.33, `printed post text: ${printed}`);
    } finally {
      await closeWithEscape(page);
    }
  });

  test("the HTML export follows the chosen theme and font", { timeout: 60_000 }, async () => {
    const page = session.page;
    await gotoFixture(page, server, "quote");
    const frame = await openReader(session, page);
    try {
      await frame.locator("#unspool-appearance").click();
      await frame.locator("label.swatch-sepia").click();
      await frame.locator("label.font-serif").click();
      await frame.locator("#unspool-appearance").click();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        frame.locator("#unspool-export").click().then(() => frame.locator('[data-export="html"]').click()),
      ]);
      const html = fs.readFileSync(await download.path(), "utf8");
      assert.match(html, /^<!DOCTYPE html>\n<html lang="[^"]+" data-theme="sepia" data-font="serif">/, "the export's root carries the look");
      // Opened on its own, it shows the sepia background and the serif font.
      const opened = await session.context.newPage();
      await opened.setContent(html);
      const look = await opened.evaluate(() => ({
        bg: getComputedStyle(document.body).backgroundColor,
        font: getComputedStyle(document.querySelector(".thread")).fontFamily,
      }));
      await opened.close();
      assert.equal(look.bg, "rgb(246, 239, 225)");
      assert.match(look.font, /Georgia|serif/);
    } finally {
      await frame.evaluate(() => {
        document.getElementById("unspool-theme-system").click();
        document.getElementById("unspool-font-sans").click();
      });
      await closeWithEscape(page);
    }
  });
});

describe("narrow", () => {
  let session;
  let server;
  before(async () => {
    [session, server] = await Promise.all([launch({ viewport: { width: 390, height: 844 } }), serveFixtures()]);
  });
  after(async () => {
    await Promise.all([session?.close(), server?.close()]);
  });

  test("at 390 px nothing is cut off and nothing scrolls sideways, with every menu open", { timeout: 60_000 }, async () => {
    const page = session.page;
    await gotoFixture(page, server, "links-and-breaks");
    const frame = await openReader(session, page);
    try {
      for (const button of [null, "unspool-copy-toggle", "unspool-export", "unspool-appearance"]) {
        if (button) await frame.locator(`#${button}`).click();
        const box = await frame.evaluate(() => {
          const popup = document.querySelector(".popup:not([hidden])");
          const rect = popup?.getBoundingClientRect();
          return {
            scrollWidth: document.scrollingElement.scrollWidth, width: innerWidth,
            popup: rect ? { left: rect.left, right: rect.right } : null,
          };
        });
        assert.ok(box.scrollWidth <= box.width, `${button ?? "no menu"}: scrollWidth ${box.scrollWidth} > ${box.width}`);
        if (box.popup) assert.ok(box.popup.left >= 0 && box.popup.right <= box.width, `${button}: the popup is inside the frame: ${JSON.stringify(box.popup)}`);
        if (button) await frame.locator(`#${button}`).click();
      }
    } finally {
      await closeWithEscape(page);
    }
  });
});

/** Literal pieces of the English messages that the French ones translate (two words or more). */
function englishPieces() {
  const pieces = new Set();
  for (const [key, { message }] of Object.entries(MESSAGES.en)) {
    if (MESSAGES.fr[key]?.message === message || key === "extensionDescription") continue;
    for (const piece of message.split(/\$[A-Z0-9_]+\$|\{[a-z]+\}/)) {
      const words = piece.trim().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
      if (words.split(/\s+/).length >= 2) pieces.add(words);
    }
  }
  return [...pieces];
}

/** Everything the reader shows or says: its text, its labels and titles. */
function everythingShown() {
  const labels = [...document.querySelectorAll("[aria-label], [title]")].map((el) => `${el.getAttribute("aria-label") ?? ""} ${el.getAttribute("title") ?? ""}`);
  // The posts are the author's words (English here): everything around them is the reader's.
  const article = document.querySelector("article.thread")?.cloneNode(true);
  article?.querySelectorAll(".post-text, .quote-text, figcaption, .card-title, .name").forEach((el) => el.remove());
  const outside = [...document.body.children].filter((el) => el.id !== "unspool-main").map((el) => el.textContent);
  return [article?.textContent ?? "", ...outside, ...labels, document.title].join("\n");
}

describe("in French", () => {
  let session;
  let server;
  let sim;
  before(async () => {
    [session, server, sim] = await Promise.all([launch({ locale: "fr" }), serveFixtures(), startServer({ port: 0 })]);
  });
  after(async () => {
    await Promise.all([session?.close(), server?.close(), sim?.close()]);
  });

  test("the locale files have the same keys", () => {
    assert.deepEqual(Object.keys(MESSAGES.fr).sort(), Object.keys(MESSAGES.en).sort());
  });

  test("no English sentence in the reader, its notes or its exports; French numbers and durations", { timeout: 180_000 }, async () => {
    const page = session.page;
    const pieces = englishPieces();
    for (const name of ["truncated", "numbering-gap", "deleted-in-thread", "quote"]) {
      await gotoFixture(page, server, name);
      const frame = await openReader(session, page);
      try {
        assert.equal(await frame.evaluate(() => document.documentElement.lang.slice(0, 2)), "fr");
        for (const button of ["unspool-copy-toggle", "unspool-export", "unspool-appearance"]) {
          await frame.locator(`#${button}`).click();
          const shown = await frame.evaluate(everythingShown);
          await frame.locator(`#${button}`).click();
          const english = pieces.filter((piece) => shown.includes(piece));
          assert.deepEqual(english, [], `${name}: English in the reader`);
        }
        // The EPUB is a stored zip: its XHTML (cover, contents, chapter) is in its bytes as is.
        for (const kind of ["md", "txt", "html", "json", "epub"]) {
          const [download] = await Promise.all([
            page.waitForEvent("download"),
            frame.locator("#unspool-export").click().then(() => frame.locator(`[data-export="${kind}"]`).click()),
          ]);
          const file = await download.path();
          const content = fs.readFileSync(file, "utf8");
          const english = pieces.filter((piece) => content.includes(piece));
          assert.deepEqual(english, [], `${name}: English in the ${kind} export`);
          assert.ok(content.includes(MESSAGES.fr.articleThreadBy.message) || kind === "json", `${name}.${kind}: in French`);
        }
      } finally {
        await closeWithEscape(page);
      }
    }

    await page.goto(`${sim.url}/sim/conversation.html?posts=60&open=head&delay=80&skip=4&truncate=0`);
    await page.waitForFunction(() => window.__sim && window.__sim.mountedCount() > 0);
    const logs = await clickToOpen(session, page);
    const frame = await waitForReady(await readerFrame(page, { logs }));
    try {
      await frame.waitForFunction(() => document.documentElement.dataset.unspoolCollected === "1", null, { timeout: 120_000 });
      const report = await frame.evaluate(() => document.getElementById("unspool-progress-text")?.textContent ?? "");
      assert.match(report, /^59 posts récupérés en \d+,\d s/, `the report, in French: ${report}`);
      const notes = await frame.evaluate(() => [...document.querySelectorAll(".thread-warnings li")].map((li) => li.textContent));
      assert.deepEqual(notes, ["L’auteur a numéroté 60 posts ; le post 4 manque peut-être."]);
      const english = pieces.filter((piece) => report.includes(piece));
      assert.deepEqual(english, []);
    } finally {
      await closeWithEscape(page);
    }
  });
});
