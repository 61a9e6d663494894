// Screenshots for the docs: the reader on long-thread-from-middle at 1280×900, light and dark,
// themes picked in the reader's own appearance panel. Off-machine images are grey squares here
// (the harness answers them locally); emoji need a color emoji font (fonts-noto-color-emoji). Writes docs/screenshots/reader-{light,dark}.png.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT, missingPrerequisite, launch, serveFixtures, gotoFixture, openReader, closeWithEscape } from "./harness.mjs";

const skip = missingPrerequisite();
const OUT = path.join(ROOT, "docs", "screenshots");

let session;
let server;

before(async () => {
  if (skip) return;
  [session, server] = await Promise.all([launch({ viewport: { width: 1280, height: 900 } }), serveFixtures()]);
});

after(async () => {
  await Promise.all([session?.close(), server?.close()]);
});

describe("screenshots", { skip }, () => {
  test("reader-light.png and reader-dark.png (long-thread-from-middle, 1280×900)", { timeout: 60_000 }, async () => {
    fs.mkdirSync(OUT, { recursive: true });
    const page = session.page;
    await gotoFixture(page, server, "long-thread-from-middle");
    const frame = await openReader(session, page);
    try {
      for (const theme of ["light", "dark"]) {
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
        const file = path.join(OUT, `reader-${theme}.png`);
        await page.screenshot({ path: file });
        assert.ok(fs.statSync(file).size > 10_000, `${file} was written`);
      }
    } finally {
      await closeWithEscape(page);
    }
  });
});
