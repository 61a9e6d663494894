// What every end-to-end test needs and nothing more: Chromium with the unpacked extension in a
// fresh profile, the fixture server (X-like CSP), the real toolbar click (CDP
// `Extensions.triggerAction`, which grants activeTab like a user's click), the reader frame, the
// CLI's output for the same fixture, and the extension's English UI strings. Network access to
// anything but 127.0.0.1 and the extension's own files is answered locally (a grey pixel for
// images, an empty body otherwise), so the tests run offline and never touch x.com.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer, BLUESKY_CSP, MASTODON_CSP } from "../../tools/serve.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
// UNSPOOL_DIST: test another unpacked build (a frozen copy while dist/ is being rebuilt).
export const DIST = path.resolve(process.env.UNSPOOL_DIST || path.join(ROOT, "dist", "chrome"));
export const CHROMIUM = process.env.UNSPOOL_CHROMIUM || "/usr/bin/chromium";
export const CLI = path.join(ROOT, "target", "release", "unspool");
export const FIXTURES = path.join(ROOT, "tests", "fixtures");

const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync",
];

/** Why the browser tests cannot run here, or false. */
export function missingPrerequisite() {
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (run \`make test\`, which installs it, or \`sudo apt-get install chromium\`)`;
  if (!fs.existsSync(path.join(DIST, "manifest.json"))) return `${DIST.startsWith(ROOT + path.sep) ? path.relative(ROOT, DIST) : DIST} is missing (run \`make build\`)`;
  return false;
}

/**
 * Stops a browser suite with the reason when it cannot run: a suite that skips itself would
 * print "ok" for tests that never ran.
 */
export function requirePrerequisites() {
  const missing = missingPrerequisite();
  if (missing) throw new Error(`The Chromium tests cannot run: ${missing}`);
}

// ---- fixtures, the CLI and the UI strings ----

export function fixture(name) {
  const dir = path.join(FIXTURES, name);
  const read = (file) => fs.readFileSync(path.join(dir, file), "utf8");
  return {
    name,
    dir,
    page: path.join(dir, "page.html"),
    path: `/fixtures/${encodeURIComponent(name)}/page.html`,
    spec: JSON.parse(read("spec.json")),
    expected: JSON.parse(read("expected.json")),
  };
}

/** The `<article>` of the CLI's HTML document: what the reader puts on the clipboard as HTML. */
export function articleOf(html) {
  const start = html.indexOf("<article");
  const end = html.lastIndexOf("</article>");
  assert.ok(start >= 0 && end > start, "the CLI's HTML has an <article>");
  return html.slice(start, end + "</article>".length);
}

/** Builds the release CLI once if it is missing (a fresh clone before `make build`). */
export function ensureCli() {
  if (fs.existsSync(CLI)) return;
  const result = spawnSync("cargo", ["build", "--release", "--bin", "unspool"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0 || !fs.existsSync(CLI)) throw new Error("`cargo build --release --bin unspool` failed");
}

/**
 * The CLI's arguments for a fixture, given as the extension sees it: with the page's URL, the
 * fixture's own (spec.url) unless `flags` give the URL it was served at (`"--url", served`): a
 * Mastodon page's links and handles take the instance's host from the page's URL.
 */
function cliArgs(name, format, flags) {
  const { spec, page } = fixture(name);
  const url = spec.url && !flags.includes("--url") ? ["--url", spec.url] : [];
  return ["--format", format, ...url, ...flags, page];
}

/** What `unspool` prints for a fixture (see `cliArgs` for the page's URL). */
export function cli(name, format, ...flags) {
  ensureCli();
  const args = cliArgs(name, format, flags);
  const result = spawnSync(CLI, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`unspool ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

/** The CLI's bytes for a fixture (the EPUB is binary). */
export function cliBytes(name, format, ...flags) {
  ensureCli();
  const args = cliArgs(name, format, flags);
  const result = spawnSync(CLI, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`unspool ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

/**
 * The file name stem the extension gives a fixture's exports, `<handle>-<date>-<thread|article>`:
 * the handle as a file name part (Mastodon's `user@host` as `user-host`; a Bluesky handle keeps
 * its inner dots), the date the first dated post's.
 */
export function exportStem(name) {
  const { expected } = fixture(name);
  const handle = expected.author.handle.replace(/^@/, "").replaceAll("@", "-");
  const date = expected.posts.find((p) => p.createdAt)?.createdAt.slice(0, 10);
  const kind = expected.posts.some((p) => p.article) ? "article" : "thread";
  return `${handle}-${date}-${kind}`;
}

export const EPUBCHECK = "/usr/bin/epubcheck";

/**
 * EPUBCheck's report on a book, or "" when it finds nothing (no error, no warning). Debian ships
 * it as an executable jar: run through java, which works without binfmt support for jars.
 */
export function epubcheck(file) {
  if (!fs.existsSync(EPUBCHECK)) throw new Error(`${EPUBCHECK} is missing (run \`bash tools/setup.sh test\`, or \`sudo apt-get install epubcheck\`)`);
  const result = spawnSync("java", ["-jar", EPUBCHECK, "--quiet", file], { encoding: "utf8" });
  if (result.error) throw new Error(`cannot run java -jar ${EPUBCHECK}: ${result.error.message}`);
  const report = `${result.stdout}${result.stderr}`;
  return result.status === 0 && !/WARNING|ERROR|FATAL/.test(report) ? "" : report || `exit ${result.status}`;
}

/** A zip's entry names, in order, read from its central directory. */
export function zipEntries(bytes) {
  const end = bytes.length - 22;
  if (bytes.readUInt32LE(end) !== 0x06054b50) throw new Error("not a zip without a comment");
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    const nameLength = bytes.readUInt16LE(at + 28);
    names.push(bytes.toString("utf8", at + 46, at + 46 + nameLength));
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return names;
}

const messagesOf = (locale) => JSON.parse(fs.readFileSync(path.join(ROOT, "extension", "_locales", locale, "messages.json"), "utf8"));
export const MESSAGES = { en: messagesOf("en"), fr: messagesOf("fr") };

/** An English UI string with `chrome.i18n` placeholder substitution. */
export function t(name, ...substitutions) {
  const entry = MESSAGES.en[name];
  if (!entry) throw new Error(`no message ${name}`);
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, key) => {
    const content = entry.placeholders?.[key.toLowerCase()]?.content ?? "";
    return content.replace(/\$(\d)/g, (__, n) => substitutions[Number(n) - 1] ?? "");
  });
}

// ---- servers ----

/** The repository's fixtures under the X-like CSP. */
export function serveFixtures() {
  return startServer({ port: 0 });
}

/** Extra pages under the same CSP: `{ "plain/page.html": "<!doctype html>…" }` → `/fixtures/plain/page.html`. */
export async function servePages(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unspool-pages-"));
  for (const [name, html] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), html);
  }
  const server = await startServer({ port: 0, fixturesDir: dir });
  return { ...server, close: async () => { await server.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/**
 * Answers a Bluesky or Mastodon fixture at its own URL (spec.url: https://bsky.app/…, or the
 * instance's host) in `session`'s browser, under that site's CSP, with `extra` pages of the same
 * host (`{ "/about": "<!DOCTYPE html>…" }`); other paths go to the routes set before. Resolves
 * with the URL to open.
 */
export async function serveAtItsHost(session, name, extra = {}) {
  const { spec, page } = fixture(name);
  const url = new URL(spec.url);
  const csp = url.hostname === "bsky.app" ? BLUESKY_CSP : MASTODON_CSP;
  const html = fs.readFileSync(page, "utf8");
  await session.context.route((u) => u.origin === url.origin, (route) => {
    const pathname = new URL(route.request().url()).pathname;
    const body = pathname === url.pathname ? html : extra[pathname];
    if (body === undefined) return route.fallback();
    return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", headers: { "content-security-policy": csp }, body });
  });
  return spec.url;
}

/**
 * A lean X-like page holding a `count`-post thread, every post mounted: only the markers the
 * extractor reads (the classes, icons and action bars of www/sim/x-markup.js would make a 5,000-post
 * page of 75 MB). For scale: the benchmark and the big-page test.
 */
export function leanThreadPage(count) {
  const author = "scale_author";
  const cells = [];
  for (let n = 1; n <= count; n++) {
    const id = String(3000000000000000000n + BigInt(n) * 1000n);
    const focal = n === 1 ? ' tabindex="-1"' : ' tabindex="0"';
    cells.push(`<div data-testid="cellInnerDiv" style="transform: translateY(${(n - 1) * 120}px); position: absolute; width: 100%;"><article data-testid="tweet" role="article"${focal}>` +
      `<div data-testid="User-Name"><a href="/${author}" role="link"><span>Scale Author</span></a><a href="/${author}" role="link" tabindex="-1"><span>@${author}</span></a>` +
      `<a href="/${author}/status/${id}" role="link"><time datetime="2026-01-01T00:00:00.000Z">Jan 1</time></a></div>` +
      `<div data-testid="tweetText" lang="en" dir="auto"><span>${n}/${count} Post ${n} of a very long thread, with a link </span><a href="https://t.co/x${n}" role="link"><span aria-hidden="true">https://</span>example.com/${n}</a><span> and an emoji </span><img alt="🚀" src="https://abs-0.twimg.com/emoji/v2/svg/1f680.svg"></div>` +
      `</article></div>`);
  }
  const url = `https://x.com/${author}/status/3000000000000001000`;
  return `<!DOCTYPE html><html><head><link rel="canonical" href="${url}"></head><body><main role="main"><div data-testid="primaryColumn"><section role="region"><div style="position: relative; min-height: ${count * 120}px">${cells.join("")}</div></section></div></main></body></html>`;
}


// ---- the browser ----

/** A 1×1 grey PNG: what every off-machine image gets, so layouts and screenshots stay stable. */
function greyPixel() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]); // 1×1, 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(Buffer.from([0, 0xb4, 0xbb, 0xc4]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
export const GREY_PIXEL = greyPixel();

/** A request that would leave the machine. */
const isRemote = (url) => (url.protocol === "http:" || url.protocol === "https:") &&
  url.hostname !== "127.0.0.1" && url.hostname !== "localhost";

function frameUrlOf(request) {
  try {
    return request.frame().url();
  } catch {
    return null; // a service worker's request has no frame
  }
}

/**
 * Chromium with the unpacked extension in a fresh profile. Resolves once the service worker
 * listens for the toolbar click. `requests` records every request the context saw.
 */
export async function launch({ viewport = { width: 1280, height: 900 }, colorScheme = "light", offline = true, locale = "en-US", dist = DIST, args = [] } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "unspool-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // The browser's UI language is what `chrome.i18n` picks the extension's translation by.
    args: [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`, `--lang=${locale}`, ...CHROMIUM_ARGS, ...args],
    env: { ...process.env, LANGUAGE: locale.replace("-", "_") },
    acceptDownloads: true,
    viewport,
    colorScheme,
    locale,
    timezoneId: "UTC",
  });
  context.setDefaultTimeout(15_000);
  const requests = [];
  context.on("request", (request) => {
    requests.push({
      url: request.url(),
      type: request.resourceType(),
      frameUrl: frameUrlOf(request),
      referer: request.headers().referer ?? null,
      method: request.method(),
    });
  });
  if (offline) {
    await context.route(isRemote, (route) => {
      const image = route.request().resourceType() === "image";
      return route.fulfill(image
        ? { status: 200, contentType: "image/png", body: GREY_PIXEL }
        : { status: 204, body: "" });
    });
  }

  try {
    return await connect(context, profile, requests);
  } catch (error) {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/** The extension's worker (listening), the browser CDP session and the first page. */
async function connect(context, profile, requests) {
  const deadline = Date.now() + 15_000;
  let worker;
  while (!(worker = context.serviceWorkers().find((w) => w.url().startsWith("chrome-extension://")))) {
    if (Date.now() > deadline) throw new Error("the extension's service worker never started (is it a built extension?)");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const extensionId = new URL(worker.url()).host;
  while (!(await worker.evaluate(() => chrome.action.onClicked.hasListeners()))) {
    if (Date.now() > deadline) throw new Error("the extension's service worker never listened for the toolbar click");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const logs = [];
  worker.on("console", (message) => logs.push(`[service worker] ${message.type()}: ${message.text()}`));
  const browserSession = await context.browser().newBrowserCDPSession();
  const page = context.pages()[0] ?? (await context.newPage());

  return {
    context,
    page,
    worker,
    extensionId,
    extensionOrigin: `chrome-extension://${extensionId}`,
    browserSession,
    requests,
    logs,
    refusedClicks: 0,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The real toolbar click on `page`'s tab (what a user's click does, activeTab included). CDP wants
 * the tab target, which nothing links to Playwright's page but its URL: tests keep URLs unique.
 */
export async function clickToolbar(session, page) {
  const url = page.url();
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { targetInfos } = await session.browserSession.send("Target.getTargets", { filter: [{ type: "tab" }] });
    const tabs = targetInfos.filter((info) => info.url === url);
    if (tabs.length > 1) throw new Error(`${tabs.length} tabs show ${url}: cannot tell which one to click`);
    if (tabs.length === 1) {
      await session.browserSession.send("Extensions.triggerAction", { id: session.extensionId, targetId: tabs[0].targetId });
      return;
    }
    if (Date.now() > deadline) throw new Error(`no tab target shows ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The reader's frame once its iframe is in the page. */
export async function readerFrame(page, { timeout = 10_000, logs = [] } = {}) {
  const iframe = page.locator("#unspool-root iframe");
  try {
    await iframe.waitFor({ state: "attached", timeout });
  } catch {
    const notice = await page.evaluate(() => document.querySelector("unspool-notice")?.shadowRoot?.textContent ?? null);
    throw new Error(`no reader iframe appeared in ${page.url()}` + (notice ? `; the page shows the notice ${JSON.stringify(notice)}` : "") +
      (logs.length ? `\n${logs.join("\n")}` : ""));
  }
  const deadline = Date.now() + timeout;
  for (;;) {
    const frame = await (await iframe.elementHandle()).contentFrame();
    if (frame && frame.url().startsWith("chrome-extension://")) return frame;
    if (Date.now() > deadline) throw new Error("the reader iframe never loaded reader.html");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits for the reader to paint; fails with the error view's text if it shows that instead. */
export async function waitForReady(frame, { timeout = 15_000 } = {}) {
  await frame.waitForFunction(() => document.documentElement.dataset.unspoolReady, null, { timeout });
  const state = await frame.evaluate(() => document.documentElement.dataset.unspoolReady);
  if (state !== "1") {
    const error = await frame.evaluate(() => document.getElementById("unspool-error")?.innerText ?? "");
    throw new Error(`the reader showed its error view: ${error}`);
  }
  // Ready is the first screenful painted; the rest of a longer thread follows in chunks.
  await frame.waitForFunction(() => document.documentElement.dataset.unspoolDrawn, null, { timeout });
  return frame;
}

/**
 * The toolbar click that should open the reader; resolves once its host is in the page. About one
 * fresh browser in three refuses the very first CDP-triggered click ("cannot run in this tab": the
 * activeTab grant is not there yet when the worker injects); a second click always works, so a
 * refused first click is retried once and counted in `session.refusedClicks`.
 */
export async function clickToOpen(session, page) {
  for (let attempt = 1; ; attempt++) {
    const logged = session.logs.length;
    await clickToolbar(session, page);
    const refused = () => session.logs.slice(logged).some((line) => line.includes("cannot run"));
    const deadline = Date.now() + 10_000;
    while (!refused() && !(await page.locator("#unspool-root").count()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (refused() && attempt === 1) {
      session.refusedClicks += 1;
      continue;
    }
    return session.logs.slice(logged);
  }
}

/** Toolbar click → painted reader. Returns the reader's frame. */
export async function openReader(session, page) {
  const logs = await clickToOpen(session, page);
  return waitForReady(await readerFrame(page, { logs }));
}

/**
 * Presses Esc (a trusted key event, like a user's) and resolves once the reader's host is gone.
 * The key events are not awaited: the reader closes while handling the key-down, and CDP never
 * acknowledges an input event whose frame was removed meanwhile (Playwright's `keyboard.press`
 * hangs there). The session is dropped afterwards, which settles whatever is left pending.
 */
export async function closeWithEscape(page) {
  const cdp = await page.context().newCDPSession(page);
  const key = { key: "Escape", code: "Escape", windowsVirtualKeyCode: 27, nativeVirtualKeyCode: 27 };
  try {
    cdp.send("Input.dispatchKeyEvent", { type: "rawKeyDown", ...key }).catch(() => {});
    cdp.send("Input.dispatchKeyEvent", { type: "keyUp", ...key }).catch(() => {});
    await page.locator("#unspool-root").waitFor({ state: "detached" });
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** A real mouse click on something that closes the reader (same caveat as `closeWithEscape`). */
export async function clickToClose(page, locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error("the element to click is not visible");
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2, button: "left", clickCount: 1 };
  const cdp = await page.context().newCDPSession(page);
  try {
    cdp.send("Input.dispatchMouseEvent", { type: "mousePressed", ...at }).catch(() => {});
    cdp.send("Input.dispatchMouseEvent", { type: "mouseReleased", ...at }).catch(() => {});
    await page.locator("#unspool-root").waitFor({ state: "detached" });
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Loads a fixture page and waits until its markup is there. */
export async function gotoFixture(page, server, name) {
  await page.goto(server.url + fixture(name).path, { waitUntil: "load" });
}

/** Clicks a menu item behind a menu button in the reader toolbar. */
export async function chooseFromMenu(frame, buttonId, itemSelector) {
  await frame.locator(`#${buttonId}`).click();
  await frame.locator(itemSelector).click();
}

/** Waits for the status live region to say `text`. */
export async function waitForStatus(frame, text) {
  const status = frame.locator("#unspool-status");
  try {
    await status.filter({ hasText: text }).waitFor({ timeout: 5_000 });
  } catch {
    throw new Error(`the status region never said ${JSON.stringify(text)}; it says ${JSON.stringify(await status.textContent())}`);
  }
}

/**
 * Where the reader is on a conversation page, run in the page (`page.evaluate(postAtTopOfScreen)`):
 * the post at the top of the viewport (its permalink) and its distance from the viewport's top.
 * Collection loads posts above it, so the scroll offset alone would not say whether the page was
 * put back on the same post.
 */
export function postAtTopOfScreen() {
  let found = null;
  for (const article of document.querySelectorAll("article")) {
    const { top, bottom } = article.getBoundingClientRect();
    if (bottom > 0 && top < window.innerHeight && (!found || top < found.top)) {
      found = { post: article.querySelector("a[href*='/status/'] time")?.parentElement.getAttribute("href"), top: Math.round(top) };
    }
  }
  return found;
}

/** Two `postAtTopOfScreen` results name the same post at the same place (within a pixel's rounding). */
export const samePlace = (a, b) => Boolean(a && b) && a.post === b.post && Math.abs(a.top - b.top) <= 1;

/** Visible lines of a text: trimmed, inner whitespace collapsed, blank lines dropped. */
export function visibleLines(text) {
  return String(text).split("\n").map((line) => line.replace(/\s+/g, " ").trim()).filter(Boolean);
}
