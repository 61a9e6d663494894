#!/usr/bin/env node
// A tiny static server for the playground and the browser tests, no dependencies:
//   /                         www/ (the playground)
//   /pkg/…                    www/pkg/ (the Wasm package, copied there by `npm run build`)
//   /fixtures/index.json      the demo threads: every tests/fixtures/<case>/ with a page.html
//   /fixtures/<case>/…        the fixture's files; HTML is served under an X-like strict CSP
//                             (no 'wasm-unsafe-eval'), so the extension is tested as on x.com
//   /profile/<h>/post/<rkey>  the Bluesky fixture whose spec.url has that path, under a
//                             Bluesky-like CSP (no inline scripts, no 'wasm-unsafe-eval')
//   /@<acct>/<id>[/embed]     the Mastodon fixture whose spec.url has that path, under a
//                             Mastodon-like CSP (default-src 'none', no inline scripts)
//
//   node tools/serve.mjs [--port 8080] [--host 127.0.0.1] [--fixtures DIR]
// Tests import it: `const { url, close } = await startServer({ port: 0 })`.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** What x.com's policy means for us: inline scripts yes, Wasm compilation no, frames only self. */
export const FIXTURE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "frame-src 'self'",
  "img-src * data: blob:",
].join("; ");

/** Roughly bsky.app's policy: scripts only from itself, frames only self, no Wasm compilation. */
export const BLUESKY_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' https:",
  "img-src 'self' data: blob: https:",
  "media-src 'self' blob: https:",
  "frame-src 'self'",
].join("; ");

/** Roughly a Mastodon 4.x instance's policy (app/lib/content_security_policy.rb): nothing by
 * default, scripts and styles only from the instance, frames from itself and https. */
export const MASTODON_CSP = [
  "default-src 'none'",
  "frame-ancestors 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: https:",
  "media-src 'self' data: https:",
  "connect-src 'self' data: blob:",
  "frame-src 'self' https:",
  "form-action 'self'",
].join("; ");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".md": "text/markdown; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
};

/** `rel` resolved inside `base`, or null when it would leave it. */
function inside(base, rel) {
  const full = path.resolve(base, "." + path.posix.normalize("/" + rel));
  return full === base || full.startsWith(base + path.sep) ? full : null;
}

function listFixtures(dir) {
  let entries = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "page.html")))
    .map((e) => {
      let spec = {};
      try {
        spec = JSON.parse(fs.readFileSync(path.join(dir, e.name, "spec.json"), "utf8"));
      } catch {
        // a page without a spec is still a demo
      }
      return {
        name: e.name,
        page: `/fixtures/${encodeURIComponent(e.name)}/page.html`,
        url: typeof spec.url === "string" ? spec.url : "",
        description: typeof spec.description === "string" ? spec.description : "",
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The page of the fixture whose spec.url is a bsky.app URL with this path, or null. */
function blueskyPage(dir, pathname) {
  const found = listFixtures(dir).find((f) => f.url.startsWith("https://bsky.app/") && new URL(f.url).pathname === pathname);
  return found ? path.join(dir, found.name, "page.html") : null;
}

/** The page of the Mastodon fixture whose spec.url has this path (any host), or null. */
export function mastodonPage(dir, pathname) {
  const found = listFixtures(dir).find((f) => f.name.startsWith("mastodon-") && f.url && new URL(f.url).pathname === pathname);
  return found ? path.join(dir, found.name, "page.html") : null;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(body);
}

function sendFile(res, file, headers = {}) {
  fs.stat(file, (error, stat) => {
    if (error || !stat.isFile()) return send(res, 404, "not found\n");
    const type = TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
    res.writeHead(200, { "content-type": type, "content-length": stat.size, "cache-control": "no-store", ...headers });
    fs.createReadStream(file).pipe(res);
  });
}

export function createHandler({ wwwDir = path.join(ROOT, "www"), fixturesDir = path.join(ROOT, "tests", "fixtures") } = {}) {
  const www = path.resolve(wwwDir);
  const fixtures = path.resolve(fixturesDir);
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "method not allowed\n");
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    } catch {
      return send(res, 400, "bad request\n");
    }
    if (pathname === "/fixtures/index.json" || pathname === "/fixtures/") {
      return send(res, 200, JSON.stringify(listFixtures(fixtures), null, 2) + "\n", { "content-type": TYPES[".json"] });
    }
    if (pathname.startsWith("/fixtures/")) {
      const file = inside(fixtures, pathname.slice("/fixtures/".length));
      if (!file) return send(res, 403, "forbidden\n");
      return sendFile(res, file, file.endsWith(".html") ? { "content-security-policy": FIXTURE_CSP } : {});
    }
    if (pathname.startsWith("/profile/")) {
      const page = blueskyPage(fixtures, pathname);
      return page ? sendFile(res, page, { "content-security-policy": BLUESKY_CSP }) : send(res, 404, "not found\n");
    }
    if (pathname.startsWith("/@")) {
      const page = mastodonPage(fixtures, pathname);
      return page ? sendFile(res, page, { "content-security-policy": MASTODON_CSP }) : send(res, 404, "not found\n");
    }
    const file = inside(www, pathname.endsWith("/") ? pathname + "index.html" : pathname);
    if (!file) return send(res, 403, "forbidden\n");
    // The live simulations stand in for x.com and bsky.app: each under its site's strict CSP.
    const simPage = pathname.startsWith("/sim/") && file.endsWith(".html");
    const csp = pathname.startsWith("/sim/bluesky") ? BLUESKY_CSP : FIXTURE_CSP;
    return sendFile(res, file, simPage ? { "content-security-policy": csp } : {});
  };
}

/** Starts the server; `port: 0` picks a free one. Resolves to `{ url, port, close }`. */
export function startServer({ port = 8080, host = "127.0.0.1", ...dirs } = {}) {
  const server = http.createServer(createHandler(dirs));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        url: `http://${host}:${actual}`,
        port: actual,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

function option(argv, name, fallback) {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const argv = process.argv.slice(2);
  const port = Number(option(argv, "--port", process.env.PORT ?? "8080"));
  const host = option(argv, "--host", "127.0.0.1");
  const fixturesDir = option(argv, "--fixtures", undefined);
  const { url } = await startServer({ port, host, ...(fixturesDir ? { fixturesDir } : {}) });
  console.log(`Unspool playground: ${url}/  (fixtures under ${url}/fixtures/)`);
}
