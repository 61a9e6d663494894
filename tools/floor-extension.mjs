// @ts-check
// The floor for tools/bench-reader.mjs: the least an extension can do to show a page of its own
// over a tab on a toolbar click, the way Unspool does it. Its background injects a tiny content
// script on the click; that script mounts the same host (`unspool-reader#unspool-root`, a shadow
// root holding a full-viewport iframe of the extension's own page) and closes it on Esc or on the
// next click (Esc in its page asks it to); the page paints one line and marks itself ready (`data-unspool-ready`) in the task
// after that frame, as Unspool's reader does. Written at bench run time (into target/), never
// committed: it is bench tooling, not part of the extension.

import fs from "node:fs";
import path from "node:path";

const MANIFEST = {
  manifest_version: 3,
  name: "Unspool bench floor",
  version: "1.0.0",
  action: { default_title: "Floor" },
  background: { service_worker: "background.js" },
  permissions: ["activeTab", "scripting"],
  web_accessible_resources: [
    { resources: ["floor.html"], matches: ["https://x.com/*", "http://localhost/*", "http://127.0.0.1/*"] },
  ],
};

const BACKGROUND = `chrome.action.onClicked.addListener(async (tab) => {
  try {
    await chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ["content.js"] });
  } catch (error) {
    console.info("Floor cannot run in this tab:", error && error.message);
  }
});
`;

const CONTENT = `(() => {
  if (globalThis.floor) return globalThis.floor();
  let host = null;
  const close = () => { host.remove(); host = null; removeEventListener("keydown", onKey, true); removeEventListener("message", onMessage, true); };
  const onKey = (event) => { if (event.key === "Escape" && host) { event.preventDefault(); close(); } };
  const onMessage = (event) => { if (host && event.data === "floor:close" && event.source === host.shadowRoot.firstChild.contentWindow) close(); };
  globalThis.floor = () => {
    if (host) return close();
    host = document.createElement("unspool-reader");
    host.id = "unspool-root";
    host.style.cssText = "all: initial !important; position: fixed !important; inset: 0 !important; z-index: 2147483647 !important; display: block !important";
    const iframe = document.createElement("iframe");
    iframe.src = chrome.runtime.getURL("floor.html");
    iframe.style.cssText = "display: block !important; width: 100% !important; height: 100% !important; border: 0 !important";
    host.attachShadow({ mode: "open" }).append(iframe);
    document.body.append(host);
    addEventListener("keydown", onKey, true);
    addEventListener("message", onMessage, true);
    iframe.focus();
  };
  globalThis.floor();
})();
`;

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Floor</title></head>
<body style="margin:0;background:#fff;font:16px system-ui,sans-serif">
<p style="margin:16px">One line, painted.</p>
<script src="floor.js"></script>
</body>
</html>
`;

const PAGE_SCRIPT = `addEventListener("keydown", (event) => {
  if (event.key === "Escape") parent.postMessage("floor:close", "*");
});
requestAnimationFrame(() => setTimeout(() => {
  document.documentElement.dataset.unspoolReady = "1";
  document.documentElement.dataset.unspoolDrawn = "1";
}, 0));
`;

/** Writes the floor extension into `dir` (replacing what is there); returns `dir`. */
export function writeFloorExtension(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files = {
    "manifest.json": JSON.stringify(MANIFEST, null, 2) + "\n",
    "background.js": BACKGROUND,
    "content.js": CONTENT,
    "floor.html": PAGE,
    "floor.js": PAGE_SCRIPT,
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
