// Nothing leaves the machine because of Unspool. Every request of the browser context is recorded
// (Playwright's request events, with the frame that made each one) and the service worker is
// watched over CDP `Network` as well, while the reader opens, copies, exports and changes its
// look, and while the options page is open. The extension may load its own packaged files and
// the thread's own images (the ones the article shows, sent without a referrer; the EPUB export
// reads those same URLs again, from the cache); nothing else.
// Requests that would leave the machine are answered locally, so the test runs offline.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  DIST, requirePrerequisites, launch, serveFixtures, gotoFixture, openReader, closeWithEscape, chooseFromMenu,
} from "./harness.mjs";

requirePrerequisites();
const FIXTURE = "media";

let session;
let server;
const workerRequests = []; // seen by CDP Network on the service worker

before(async () => {
  [session, server] = await Promise.all([launch(), serveFixtures()]);
  await session.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  await watchServiceWorker(session, workerRequests);
});

after(async () => {
  await Promise.all([session?.close(), server?.close()]);
});

/**
 * CDP Network on the extension's service worker. Playwright does not report a worker's requests,
 * so this attaches in the non-flat mode (messages wrapped in Target.sendMessageToTarget).
 */
async function watchServiceWorker({ browserSession, extensionOrigin }, into) {
  const { targetInfos } = await browserSession.send("Target.getTargets");
  const worker = targetInfos.find((info) => info.type === "service_worker" && info.url.startsWith(extensionOrigin));
  assert.ok(worker, "the extension's service worker is running");
  const { sessionId } = await browserSession.send("Target.attachToTarget", { targetId: worker.targetId, flatten: false });
  browserSession.on("Target.receivedMessageFromTarget", (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message);
    if (message.method === "Network.requestWillBeSent") into.push(message.params.request.url);
  });
  await browserSession.send("Target.sendMessageToTarget", {
    sessionId, message: JSON.stringify({ id: 1, method: "Network.enable", params: {} }),
  });
}

const isRemote = (url) => /^https?:/.test(url) && !["127.0.0.1", "localhost"].includes(new URL(url).hostname);

describe("privacy", () => {
  test("the extension requests only its own files and the thread's images, without a referrer", { timeout: 90_000 }, async () => {
    const { context, requests, extensionOrigin, worker } = session;
    const page = session.page;
    await gotoFixture(page, server, FIXTURE);
    const frame = await openReader(session, page);
    const shownImages = await frame.evaluate(() => [...document.querySelectorAll("#unspool-main img")].map((img) => ({
      src: img.src, referrerpolicy: img.getAttribute("referrerpolicy"),
    })));
    assert.ok(shownImages.length > 0, "the fixture has images");
    for (const img of shownImages) assert.equal(img.referrerpolicy, "no-referrer", `referrerpolicy on ${img.src}`);
    // Bring every lazy image into view so each one is really requested.
    await frame.evaluate(async () => {
      for (const img of document.querySelectorAll("#unspool-main img")) img.loading = "eager";
      await Promise.all([...document.images].map((img) => (img.complete ? null : new Promise((r) => { img.onload = img.onerror = r; }))));
    });

    // Everything the reader can do that could talk to someone.
    for (const format of ["markdown", "text", "rich"]) {
      await chooseFromMenu(frame, "unspool-copy-toggle", `[data-copy="${format}"]`);
      await frame.locator("#unspool-status").filter({ hasText: /\S/ }).waitFor();
    }
    for (const kind of ["md", "html", "txt", "json", "epub"]) {
      await Promise.all([page.waitForEvent("download"), chooseFromMenu(frame, "unspool-export", `[data-export="${kind}"]`)]);
    }
    await frame.locator("#unspool-appearance").click();
    await frame.locator("label.swatch-dark").click();
    await frame.locator("#unspool-size-up").click();
    await frame.locator("#unspool-appearance").click();
    const readerResources = await frame.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    await closeWithEscape(page);

    // The options page, too.
    const options = await context.newPage();
    await options.goto(`${extensionOrigin}/options.html`);
    await options.locator("#opt-theme").selectOption("sepia");
    await options.locator("#opt-status").filter({ hasText: /\S/ }).waitFor();
    await options.close();
    await page.waitForTimeout(300);
    const workerResources = await worker.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));

    // Sort every request by who made it.
    const fromExtension = requests.filter((r) => r.frameUrl?.startsWith(extensionOrigin + "/") || r.url.startsWith(extensionOrigin + "/"));
    const images = new Set(shownImages.map((img) => img.src));
    const problems = [];
    for (const r of fromExtension) {
      if (r.url.startsWith(extensionOrigin + "/")) {
        const file = decodeURIComponent(new URL(r.url).pathname.slice(1));
        if (!fs.existsSync(path.join(DIST, file))) problems.push(`asked for a file it does not ship: ${r.url}`);
      } else if (r.url.startsWith(`blob:${extensionOrigin}/`)) {
        // an export's own download link
      } else if ((r.type === "image" || (r.type === "fetch" && r.method === "GET")) && images.has(r.url)) {
        // The EPUB reads the pictures the article already shows from the browser's cache (a
        // `fetch` of the same URL, no cookies, no referrer): nothing new is asked of anyone.
        if (r.referer) problems.push(`sent a referrer (${r.referer}) with ${r.url}`);
      } else {
        problems.push(`${r.type} request from ${r.frameUrl}: ${r.method} ${r.url}`);
      }
    }
    for (const url of [...workerRequests, ...workerResources]) problems.push(`service worker requested ${url}`);
    for (const url of readerResources) {
      if (!url.startsWith(extensionOrigin + "/") && !images.has(url)) problems.push(`reader loaded ${url}`);
    }
    assert.deepEqual(problems, [], "requests the extension made beyond its own files and the thread's images");

    // Sanity: the recording works (the reader's own files were seen) and remote traffic was the page's or the thread images'.
    assert.ok(fromExtension.some((r) => r.url === `${extensionOrigin}/unspool_bg.wasm`), "the reader's Wasm load was recorded");
    const remote = requests.filter((r) => isRemote(r.url));
    const remoteByOthers = remote.filter((r) => !r.frameUrl?.startsWith(extensionOrigin) && !r.frameUrl?.startsWith(server.url));
    assert.deepEqual(remoteByOthers.map((r) => `${r.frameUrl}: ${r.url}`), [], "remote requests come only from the page itself or the reader's images");
  });
});
