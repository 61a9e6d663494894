// Screenshots of the reader on long-thread-from-middle at 1280×900, light, sepia and dark, themes
// picked in the reader's own appearance panel, and what a person would notice in them: the
// article and the toolbar on screen, the page painted in the theme's own background colour.
// `make test` writes them to target/screenshots/; `make screenshots` (UNSPOOL_SCREENSHOTS=dir)
// rewrites docs/screenshots/, so a test run never changes tracked files.
// Off-machine images are grey squares here (the harness answers them locally); emoji need a
// color emoji font (fonts-noto-color-emoji, installed by `make test`).

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
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

let session;
let server;

before(async () => {
  [session, server] = await Promise.all([launch({ viewport: { width: 1280, height: 900 } }), serveFixtures()]);
});

after(async () => {
  await Promise.all([session?.close(), server?.close()]);
});

describe("screenshots", () => {
  test("reader-{light,sepia,dark}.png: article and toolbar on screen, the theme's background", { timeout: 90_000 }, async () => {
    fs.mkdirSync(OUT, { recursive: true });
    const backgrounds = themeBackgrounds();
    const page = session.page;
    await gotoFixture(page, server, "long-thread-from-middle");
    const frame = await openReader(session, page);
    const decoder = await session.context.newPage();
    await page.bringToFront();
    try {
      for (const theme of THEMES) {
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
        await page.mouse.move(1, 890); // no hover state on the toolbar
        await page.waitForTimeout(300); // the toast's fade-out transition
        const png = await page.screenshot({ path: path.join(OUT, `reader-${theme}.png`) });

        const onScreen = await frame.evaluate(() => {
          const visible = (el) => {
            const box = el?.getBoundingClientRect();
            return !!box && box.width > 100 && box.height > 20 && box.top < innerHeight && box.bottom > 0 &&
              getComputedStyle(el).visibility === "visible" && Number(getComputedStyle(el).opacity) > 0.9;
          };
          return { article: visible(document.querySelector("article")), toolbar: visible(document.querySelector("header, [role=toolbar]")) };
        });
        assert.deepEqual(onScreen, { article: true, toolbar: true }, `${theme}: the article and the toolbar are on screen`);
        // The left margin beside the text column, halfway down: the reader's own background.
        const margin = await pixelAt(decoder, png, 8, 450);
        const want = backgrounds[theme];
        assert.ok(margin.every((value, i) => Math.abs(value - want[i]) <= 2), `${theme}: the page is painted ${want} (saw ${margin})`);
      }
    } finally {
      await decoder.close();
      await closeWithEscape(page);
    }
  });
});
