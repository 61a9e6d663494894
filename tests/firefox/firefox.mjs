// What the Firefox tests need and nothing more: Debian's firefox-esr, headless, driven over the
// W3C WebDriver protocol by geckodriver, with `dist/firefox` installed as a temporary add-on in a
// fresh profile. Playwright cannot drive a stock Firefox, so this speaks WebDriver's HTTP API
// itself (a dozen endpoints). Clicks and key presses are WebDriver input actions: real events,
// dispatched by the browser. The toolbar button and the shortcut live in Firefox's own window
// ("chrome" context, which geckodriver opens only with --allow-system-access); the page and the
// reader live in the content context. The clipboard is read back in the chrome context, from
// the browser's clipboard service: what a paste elsewhere would get.

import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../e2e/harness.mjs";

export const FIREFOX = process.env.UNSPOOL_FIREFOX || "/usr/bin/firefox-esr";
export const GECKODRIVER = process.env.UNSPOOL_GECKODRIVER ||
  [path.join(os.homedir(), ".cargo", "bin", "geckodriver"), "/usr/local/bin/geckodriver", "/usr/bin/geckodriver"].find((file) => fs.existsSync(file)) ||
  "geckodriver";
export const FIREFOX_DIST = path.resolve(process.env.UNSPOOL_FIREFOX_DIST || path.join(ROOT, "dist", "firefox"));
const ADDON_ID = JSON.parse(fs.readFileSync(path.join(ROOT, "manifest.json"), "utf8")).browser_specific_settings.gecko.id;
// Firefox's id for the add-on's toolbar widget: the add-on id, lower case, non-alphanumerics as "_".
const WIDGET_ID = ADDON_ID.toLowerCase().replace(/[^a-z0-9_-]/g, "_");

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf"; // WebDriver's key for element references
const KEYS = { alt: "\uE00A", shift: "\uE008", escape: "\uE00C" };

/** Why the Firefox tests cannot run here, or false. */
export function missingFirefox() {
  if (!fs.existsSync(FIREFOX)) return `${FIREFOX} is not installed (run \`make test\`, which installs it, or \`sudo apt-get install firefox-esr\`)`;
  if (!fs.existsSync(GECKODRIVER)) return `geckodriver is not installed (run \`make test\`, which installs it, or \`cargo install geckodriver --locked --version 0.37.1\`)`;
  if (!fs.existsSync(path.join(FIREFOX_DIST, "manifest.json"))) return `${path.relative(ROOT, FIREFOX_DIST)} is missing (run \`make build\`)`;
  return false;
}

/** Stops the Firefox suite with the reason when it cannot run, rather than skipping it. */
export function requireFirefox() {
  const missing = missingFirefox();
  if (missing) throw new Error(`The Firefox tests cannot run: ${missing}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns something truthy; fails with `what` after `timeout` ms. */
export async function until(probe, what, { timeout = 15_000, every = 50 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}

/**
 * Firefox with the add-on installed; `downloads` is the folder its downloads go to. The session
 * starts in the content context, on about:blank.
 */
export async function launchFirefox({ width = 1280, height = 900 } = {}) {
  const port = await freePort();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "unspool-firefox-"));
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), "unspool-firefox-downloads-"));
  const driver = spawn(GECKODRIVER, ["--port", String(port), "--allow-system-access"], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk).slice(-20_000);
  };
  driver.stdout.on("data", keep);
  driver.stderr.on("data", keep);
  const base = `http://127.0.0.1:${port}`;

  async function call(method, url, body) {
    const response = await fetch(base + url, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const reply = await response.json();
    if (reply.value?.error) throw new Error(`WebDriver ${method} ${url}: ${reply.value.error}: ${reply.value.message}`);
    return reply.value;
  }

  let sessionId = null;
  try {
    await until(() => fetch(base + "/status").then(() => true, () => false), "geckodriver to listen");
    const session = await call("POST", "/session", {
      capabilities: {
        alwaysMatch: {
          browserName: "firefox",
          "moz:firefoxOptions": {
            binary: FIREFOX,
            args: ["-headless", "-profile", profile, `--width=${width}`, `--height=${height}`],
            prefs: {
              // Downloads go straight to `downloads`, without a dialog.
              "browser.download.folderList": 2,
              "browser.download.dir": downloads,
              "browser.download.useDownloadDir": true,
              "browser.download.always_ask_before_handling_new_types": false,
              "browser.download.start_downloads_in_tmp_dir": false,
              // Offline: no update checks, telemetry or remote settings.
              "app.update.disabledForTesting": true,
              "datareporting.policy.dataSubmissionEnabled": false,
              "toolkit.telemetry.enabled": false,
              "extensions.getAddons.cache.enabled": false,
              "browser.region.network.url": "",
              "network.captive-portal-service.enabled": false,
              "services.settings.server": "http://127.0.0.1:9/",
            },
          },
        },
      },
    });
    sessionId = session.sessionId;
  } catch (error) {
    driver.kill();
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(downloads, { recursive: true, force: true });
    throw new Error(`${error.message}\n${log}`);
  }
  const send = (method, url, body) => call(method, `/session/${sessionId}${url}`, body);
  const ref = (element) => element[ELEMENT];

  const firefox = {
    downloads,
    send,
    log: () => log,
    context: (context) => send("POST", "/moz/context", { context }),
    /** Runs `fn` (a function's source) in the current context with `args`. */
    run: (fn, ...args) => send("POST", "/execute/sync", { script: `return (${fn}).apply(null, arguments);`, args }),
    /** Runs `fn` in Firefox's own window (toolbar, clipboard service), then comes back to the content. */
    async inBrowserWindow(fn, ...args) {
      await firefox.context("chrome");
      try {
        return await firefox.run(fn, ...args);
      } finally {
        await firefox.context("content");
      }
    },
    goto: (url) => send("POST", "/url", { url }),
    find: (selector) => send("POST", "/element", { using: "css selector", value: selector }),
    async click(selector) {
      const element = await until(() => firefox.find(selector).catch(() => null), selector);
      await send("POST", `/element/${ref(element)}/click`, {});
    },
    /** Presses keys together (modifiers first), in the current context. */
    async press(...names) {
      const values = names.map((name) => KEYS[name] ?? name);
      const actions = [...values.map((value) => ({ type: "keyDown", value })), ...[...values].reverse().map((value) => ({ type: "keyUp", value }))];
      await send("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
      await send("DELETE", "/actions");
    },
    /** Switches into the reader's frame (inside the host's shadow root); resolves with it. */
    async enterReader({ timeout = 15_000 } = {}) {
      await send("POST", "/frame/parent", {});
      const iframe = await until(
        () => firefox.run(() => document.querySelector("#unspool-root")?.shadowRoot?.querySelector("iframe") ?? null),
        "the reader's iframe",
        { timeout },
      );
      await send("POST", "/frame", { id: iframe });
      await until(() => firefox.run(() => location.protocol === "moz-extension:" && document.readyState !== "loading"), "reader.html in the frame", { timeout });
    },
    leaveFrame: () => send("POST", "/frame", { id: null }),
    async close() {
      try {
        if (sessionId) await call("DELETE", `/session/${sessionId}`);
      } catch {
        // Firefox already gone: nothing to end.
      }
      driver.kill();
      fs.rmSync(profile, { recursive: true, force: true });
      fs.rmSync(downloads, { recursive: true, force: true });
    },
  };

  try {
    await send("POST", "/moz/addon/install", { path: FIREFOX_DIST, temporary: true });
    // The toolbar button starts in the Extensions panel: pin it, as a user would, so it can be clicked.
    await until(() => firefox.inBrowserWindow((id) => {
      /* global CustomizableUI */
      if (!CustomizableUI.getWidget(id)?.forWindow(window)?.node) return false;
      CustomizableUI.addWidgetToArea(id, CustomizableUI.AREA_NAVBAR);
      return true;
    }, `${WIDGET_ID}-browser-action`), "the add-on's toolbar button");
  } catch (error) {
    await firefox.close();
    throw error;
  }
  return firefox;
}

/** A real click on the add-on's toolbar button (in Firefox's window, like a user's). */
export async function clickToolbarButton(firefox) {
  await firefox.context("chrome");
  try {
    await firefox.click(`#${WIDGET_ID}-browser-action .webextension-browser-action`);
  } finally {
    await firefox.context("content");
  }
}

/** The add-on's shortcut (manifest `commands`: Alt+Shift+U), pressed in Firefox's window. */
export async function pressShortcut(firefox) {
  await firefox.context("chrome");
  try {
    await firefox.press("alt", "shift", "U");
  } finally {
    await firefox.context("content");
  }
}

/**
 * The page's context menu entry: a real right-click on the page's first post, then a real click
 * on the entry labelled `label` in Firefox's context menu.
 */
export async function chooseFromContextMenu(firefox, label, target = "article") {
  // Headless Firefox leaves the menu open after an item's click; a right-click while it is open
  // only closes it (and a click would go to the old menu). Close a menu left from an earlier use.
  await firefox.context("chrome");
  try {
    await firefox.run(() => {
      const menu = document.getElementById("contentAreaContextMenu");
      if (menu.state !== "closed") menu.hidePopup();
      return true;
    });
    await until(() => firefox.run(() => document.getElementById("contentAreaContextMenu").state === "closed"), "the old context menu to close");
  } finally {
    await firefox.context("content");
  }
  const post = await firefox.find(target);
  await firefox.send("POST", "/actions", {
    actions: [{
      type: "pointer", id: "mouse", parameters: { pointerType: "mouse" },
      actions: [{ type: "pointerMove", origin: post, x: 0, y: 0 }, { type: "pointerDown", button: 2 }, { type: "pointerUp", button: 2 }],
    }],
  });
  await firefox.send("DELETE", "/actions");
  await firefox.context("chrome");
  try {
    // The entry is clicked once the menu is open, not while it is still opening.
    await until(() => firefox.run(() => document.getElementById("contentAreaContextMenu")?.state === "open"), "the context menu to open");
    await firefox.click(`#contentAreaContextMenu menuitem[label=${JSON.stringify(label)}]`);
  } finally {
    await firefox.context("content");
  }
}

/** Waits in the reader's frame until the article is painted; fails with the error view's text. */
export async function waitForReaderReady(firefox) {
  const state = await until(() => firefox.run(() => document.documentElement.dataset.unspoolReady), "the reader to paint");
  if (state !== "1") {
    throw new Error(`the reader showed its error view: ${await firefox.run(() => document.getElementById("unspool-error")?.innerText)}`);
  }
  await until(() => firefox.run(() => document.documentElement.dataset.unspoolDrawn), "the whole article drawn");
}

/** The clipboard's content for a MIME type (text/plain, text/html), from Firefox's clipboard service. */
export function readClipboard(firefox, type = "text/plain") {
  return firefox.inBrowserWindow((flavor) => {
    /* global Cc, Ci, Services */
    const transferable = Cc["@mozilla.org/widget/transferable;1"].createInstance(Ci.nsITransferable);
    transferable.init(null);
    transferable.addDataFlavor(flavor);
    try {
      Services.clipboard.getData(transferable, Ci.nsIClipboard.kGlobalClipboard, null);
      const data = {};
      transferable.getTransferData(flavor, data);
      return data.value.QueryInterface(Ci.nsISupportsString).data;
    } catch {
      return null; // nothing of that type on the clipboard
    }
  }, type);
}

/** Puts `text` on the clipboard, so a copy that writes nothing is seen. */
export function writeClipboard(firefox, text) {
  return firefox.inBrowserWindow((value) => {
    Cc["@mozilla.org/widget/clipboardhelper;1"].getService(Ci.nsIClipboardHelper).copyString(value);
    return true;
  }, text);
}

/** Resolves with the content of `name` once Firefox has finished downloading it. */
export async function downloaded(firefox, name, { timeout = 15_000 } = {}) {
  const file = path.join(firefox.downloads, name);
  await until(() => fs.existsSync(file) && !fs.existsSync(file + ".part") && fs.statSync(file).size > 0, `the download ${name}`, { timeout });
  // Firefox writes the final name once the content is complete.
  return fs.readFileSync(file, "utf8");
}
