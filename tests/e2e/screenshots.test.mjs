// Screenshots of the reader on long-thread-from-middle at 1280×900 and 390×844, light, sepia and
// dark, in English and French, themes picked in the reader's own appearance panel, and what a person would notice in them: the
// article and the toolbar on screen, the page painted in the theme's own background colour.
// `make test` writes them to target/screenshots/; `make screenshots` (UNSPOOL_SCREENSHOTS=dir)
// rewrites docs/screenshots/, so a test run never changes tracked files.
// Off-machine images are grey squares here (the harness answers them locally); emoji need a
// color emoji font (fonts-noto-color-emoji, installed by `make test`).

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { ROOT, requirePrerequisites, launch, serveFixtures, gotoFixture, openReader, closeWithEscape } from "./harness.mjs";

requirePrerequisites();
const OUT = path.resolve(ROOT, process.env.UNSPOOL_SCREENSHOTS || path.join("target", "screenshots"));
const THEMES = ["light", "sepia", "dark"];

/** Each theme's `--bg`, read from the stylesheet the reader ships (so the test follows the design). */
function themeBackgrounds() {
  const css = fs.readFileSync(path.join(ROOT, "src", "render", "article.css"), "utf8");
  const bg = (selector) => {
    const block = css.match(new RegExp(`(?:^|\\n)\\s*${selector.replace(/[[\]"]/g, "\\$&")}\\s*\\{([^}]*)\\}`));
    const hex = block?.[1].match(/--bg:\s*#([0-9a-f]{6})/i)?.[1];
    assert.ok(hex, `article.css gives ${selector} a --bg`);
    return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  };
  return { light: bg(":root"), sepia: bg(':root[data-theme="sepia"]'), dark: bg(':root[data-theme="dark"]') };
}

/** The colour of one pixel of a PNG, decoded by the browser itself. */
async function pixelAt(page, png, x, y) {
  return page.evaluate(async ({ data, x, y }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${data}`;
    await img.decode();
    const canvas = new OffscreenCanvas(img.width, img.height);
    const context = canvas.getContext("2d");
    context.drawImage(img, 0, 0);
    return [...context.getImageData(x, y, 1, 1).data.slice(0, 3)];
  }, { data: png.toString("base64"), x, y });
}

/**
 * One reader, one screenshot per theme, named `<prefix>-<theme>.png`, each checked: the article
 * and the toolbar on screen, the page painted in the theme's background beside the text.
 */
async function shoot({ viewport, locale, prefix, themes }) {
  const [session, server] = await Promise.all([launch({ viewport, locale }), serveFixtures()]);
  const backgrounds = themeBackgrounds();
  try {
    const page = session.page;
    await gotoFixture(page, server, "long-thread-from-middle");
    const frame = await openReader(session, page);
    const decoder = await session.context.newPage();
    await page.bringToFront();
    try {
      for (const theme of themes) {
        await frame.locator("#unspool-appearance").click();
        await frame.locator(`label.swatch-${theme}`).click();
        await frame.locator("#unspool-appearance").click();
        await frame.locator("#unspool-appearance-panel").waitFor({ state: "hidden" });
        assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), theme, `${theme} theme applied`);
        // A still picture: no toast, no focus ring, images decoded, at the top of the article.
        await frame.evaluate(async () => {
          document.activeElement?.blur();
          document.getElementById("unspool-status").classList.remove("show");
          document.scrollingElement.scrollTop = 0;
          await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
          await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => {})));
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        });
        await page.mouse.move(1, viewport.height - 10); // no hover state on the toolbar
        await page.waitForTimeout(300); // the toast's fade-out transition
        const name = themes.length === 1 ? `${prefix}.png` : `${prefix}-${theme}.png`;
        const png = await page.screenshot({ path: path.join(OUT, name) });

        const onScreen = await frame.evaluate(() => {
          const visible = (el) => {
            const box = el?.getBoundingClientRect();
            return !!box && box.width > 100 && box.height > 20 && box.top < innerHeight && box.bottom > 0 &&
              getComputedStyle(el).visibility === "visible" && Number(getComputedStyle(el).opacity) > 0.9;
          };
          return { article: visible(document.querySelector("article")), toolbar: visible(document.querySelector("header, [role=toolbar]")) };
        });
        assert.deepEqual(onScreen, { article: true, toolbar: true }, `${name}: the article and the toolbar are on screen`);
        // The left margin beside the text column, halfway down: the reader's own background.
        const margin = await pixelAt(decoder, png, 8, Math.round(viewport.height / 2));
        const want = backgrounds[theme];
        assert.ok(margin.every((value, i) => Math.abs(value - want[i]) <= 2), `${name}: the page is painted ${want} (saw ${margin})`);
      }
    } finally {
      await decoder.close();
      await closeWithEscape(page);
    }
  } finally {
    await Promise.all([session.close(), server.close()]);
  }
}

describe("screenshots", () => {
  before(() => fs.mkdirSync(OUT, { recursive: true }));

  test("reader-{light,sepia,dark}.png at 1280×900", { timeout: 90_000 }, () =>
    shoot({ viewport: { width: 1280, height: 900 }, prefix: "reader", themes: THEMES }));

  test("reader-narrow-{light,sepia,dark}.png at 390×844", { timeout: 90_000 }, () =>
    shoot({ viewport: { width: 390, height: 844 }, prefix: "reader-narrow", themes: THEMES }));

  test("reader-fr.png and reader-narrow-fr.png: the reader in French", { timeout: 120_000 }, async () => {
    await shoot({ viewport: { width: 1280, height: 900 }, locale: "fr", prefix: "reader-fr", themes: ["light"] });
    await shoot({ viewport: { width: 390, height: 844 }, locale: "fr", prefix: "reader-narrow-fr", themes: ["sepia"] });
  });
});
