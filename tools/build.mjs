#!/usr/bin/env node
// @ts-check
// Builds the extension from a fresh clone: the Wasm core (cargo → wasm-bindgen → wasm-opt), then
// dist/chrome and dist/firefox from one manifest with small per-browser patches, then
// reproducible zips (sorted entries, fixed timestamps: two builds give identical bytes), then the
// playground's copy of the Wasm package in www/pkg. Prints what the extension ships, raw and
// gzipped. Needs cargo with the wasm32 target and `npm ci` (for wasm-opt); nothing else.
//
//   node tools/build.mjs            full build
//   node tools/build.mjs --no-zip   skip the zips (quicker while iterating)

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { buildSync } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
const PKG = path.join(ROOT, "target", "unspool-pkg");
// The playground's package: the same core plus the live-DOM reader (`live-dom`), which the
// extension does not ship.
const PLAYGROUND_PKG = path.join(ROOT, "target", "unspool-playground-pkg");
const WASM_TARGET = "wasm32-unknown-unknown";
const WASM_FILE = path.join(ROOT, "target", WASM_TARGET, "wasm", "unspool.wasm");
// Issue 14's budget for the whole extension with every site in it (X, Bluesky, then Mastodon).
const SIZE_BUDGET_GZIP = 200 * 1024;
const args = new Set(process.argv.slice(2));

function run(command, commandArgs, options = {}) {
  console.log(`$ ${command} ${commandArgs.join(" ")}`);
  const result = spawnSync(command, commandArgs, { cwd: ROOT, stdio: "inherit", ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} exited with ${result.status}`);
}

function output(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: ROOT, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}

// ---- the Wasm package ----

/** The wasm-bindgen CLI must be exactly the crate's version from Cargo.lock. */
function wasmBindgenCli() {
  const lock = fs.readFileSync(path.join(ROOT, "Cargo.lock"), "utf8");
  const wanted = /\[\[package\]\]\nname = "wasm-bindgen"\nversion = "([^"]+)"/.exec(lock)?.[1];
  if (!wanted) throw new Error("Cargo.lock names no wasm-bindgen version");
  const cargoBin = path.join(process.env.CARGO_HOME || path.join(os.homedir(), ".cargo"), "bin", "wasm-bindgen");
  return ["wasm-bindgen", cargoBin].find((candidate) => output(candidate, ["--version"]) === `wasm-bindgen ${wanted}`);
}

function hasWasmTarget() {
  return output("rustup", ["target", "list", "--installed"])?.split("\n").includes(WASM_TARGET) ?? false;
}

/** What the build needs is installed by the one setup script that `make` and CI use too. */
function ensureToolchain() {
  if (!wasmBindgenCli() || !hasWasmTarget()) run("bash", [path.join(ROOT, "tools", "setup.sh"), "build"]);
  const bindgen = wasmBindgenCli();
  if (!bindgen) throw new Error("wasm-bindgen-cli at Cargo.lock's version is still missing after tools/setup.sh build");
  return bindgen;
}

function buildWasm(outDir, features = []) {
  const wasmOpt = path.join(ROOT, "node_modules", ".bin", "wasm-opt");
  if (!fs.existsSync(wasmOpt)) throw new Error("node_modules/.bin/wasm-opt is missing: run `npm ci` first");
  const bindgen = ensureToolchain();
  const featureArgs = features.length ? ["--features", features.join(",")] : [];
  run("cargo", ["build", "--lib", "--target", WASM_TARGET, "--profile", "wasm", ...featureArgs]);
  fs.rmSync(outDir, { recursive: true, force: true });
  run(bindgen, ["--target", "web", "--no-typescript", "--out-dir", outDir, WASM_FILE]);
  const wasm = path.join(outDir, "unspool_bg.wasm");
  // --converge: repeat -Oz while it still shrinks. --low-memory-unused: Rust puts the stack first
  // and data above it, so the first 1 KiB is never addressed and constant offsets fold into
  // loads and stores. --strip-producers: the toolchain's names, not code.
  const flags = ["-Oz", "--converge", "--low-memory-unused", "--strip-producers"];
  run(wasmOpt, [...flags, "--enable-reference-types", "--enable-bulk-memory", wasm, "-o", wasm]);
}

// ---- what the content script shares with the core ----

/**
 * The content script's lists (kept attributes, left-out elements and roles, void elements, post
 * selectors) as the Rust tables give them (`site::content_script_spec`), plus the origins that
 * may frame the reader, from the manifest: nothing is copied by hand, so nothing can drift.
 */
function contentScriptSpec(manifest) {
  const printed = spawnSync("cargo", ["run", "--release", "--quiet", "--bin", "snapshot-spec"], { cwd: ROOT, encoding: "utf8" });
  if (printed.status !== 0) throw new Error(`snapshot-spec failed: ${printed.stderr}`);
  const spec = JSON.parse(printed.stdout);
  const matches = manifest.web_accessible_resources.flatMap((entry) => entry.matches);
  spec.readerOrigins = matches.filter((m) => m.startsWith("https://")).map((m) => new URL(m.replace("/*", "/")).origin);
  return spec;
}

// ---- the extension folders ----

function listFiles(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join("/")];
  });
}

/** One manifest for both browsers; each gets rid of the keys it would warn about. */
const MANIFEST_PATCHES = {
  chrome(manifest) {
    delete manifest.background.scripts; // Chrome: "'background.scripts' requires manifest version 2"
    delete manifest.browser_specific_settings; // Chrome: unrecognized key
  },
  firefox(manifest) {
    delete manifest.background.service_worker; // Firefox runs background.scripts as an event page
  },
};

/** Every shipped file: extension/ (minus icon sources), the article stylesheet, the Wasm package. */
function extensionFiles() {
  const files = new Map();
  for (const name of listFiles(path.join(ROOT, "extension"))) {
    if (!name.endsWith(".svg")) files.set(name, path.join(ROOT, "extension", name));
  }
  files.set("article.css", path.join(ROOT, "src", "render", "article.css"));
  files.set("unspool.js", path.join(PKG, "unspool.js"));
  files.set("unspool_bg.wasm", path.join(PKG, "unspool_bg.wasm"));
  return files;
}

// Pages whose modules are bundled into one file each: every extra request costs the reader
// a round trip to the browser process while it opens (about 10 ms on the benchmark machine).
const BUNDLED_PAGES = ["reader.js", "options.js"];
// Classic scripts (the injected content script; the background, a non-module service worker in
// Chrome and a `background.scripts` page in Firefox) can run no `import`: their modules
// (messages.js) are bundled in too. An entry that exports nothing bundles to a plain script;
// the content script's goes in an IIFE, so injecting it again declares nothing twice, while the
// background's top-level names stay the worker's globals (the e2e tests reach `handOvers`).
const BUNDLED_SCRIPTS = ["content.js", "background.js"];
// The article's stylesheet (shared with the HTML export) goes in front of the reader's own, so
// the reader loads one stylesheet.
const CSS_JOINED = { "reader.css": ["article.css", "reader.css"] };

/** Bundles each page's module graph into its entry file; drops the modules only they import. */
function bundle(dir, entries, spec) {
  const imported = new Set();
  for (const page of [...BUNDLED_PAGES, ...BUNDLED_SCRIPTS]) {
    const result = buildSync({
      entryPoints: [path.join(dir, page)],
      bundle: true,
      format: page === "content.js" ? "iife" : "esm",
      // The content script's generated lists (types/globals.d.ts declares the constant).
      define: page === "content.js" ? { UNSPOOL_SPEC: JSON.stringify(spec) } : {},
      charset: "utf8",
      write: false,
      metafile: true,
      absWorkingDir: ROOT,
      logLevel: "warning",
    });
    const exported = Object.values(result.metafile.outputs).flatMap((output) => output.exports);
    if (BUNDLED_SCRIPTS.includes(page) && exported.length) throw new Error(`${page} is a classic script: it cannot export ${exported}`);
    entries.set(page, Buffer.from(result.outputFiles[0].contents));
    for (const input of Object.keys(result.metafile.inputs)) {
      const name = path.relative(dir, path.resolve(ROOT, input)).split(path.sep).join("/");
      if (name !== page) imported.add(name);
    }
  }
  for (const name of imported) entries.delete(name);
  for (const [target, parts] of Object.entries(CSS_JOINED)) {
    entries.set(target, Buffer.concat(parts.map((part) => entries.get(part))));
    for (const part of parts) if (part !== target) entries.delete(part);
  }
}

function assemble(browser) {
  const dir = path.join(DIST, browser);
  fs.rmSync(dir, { recursive: true, force: true });
  const entries = new Map();
  for (const [name, source] of extensionFiles()) entries.set(name, fs.readFileSync(source));
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "manifest.json"), "utf8"));
  MANIFEST_PATCHES[browser](manifest);
  entries.set("manifest.json", Buffer.from(JSON.stringify(manifest, null, 2) + "\n"));
  const write = () => {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [name, data] of entries) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), data);
    }
  };
  write(); // the sources, for the bundler to read
  bundle(dir, entries, contentScriptSpec(manifest));
  write();
  return entries;
}

// ---- reproducible zip ----

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const DOS_TIME_MIDNIGHT = 0;
const UTF8_NAMES = 0x0800;

/** A plain PKZIP archive: sorted entries, fixed timestamps, deflate when it helps. */
function zip(entries) {
  const names = [...entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parts = [];
  const directory = [];
  let offset = 0;
  for (const name of names) {
    const data = entries.get(name);
    const nameBytes = Buffer.from(name, "utf8");
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const method = stored ? 0 : 8;
    const crc = zlib.crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME_MIDNIGHT, 10);
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28); // no extra field
    parts.push(local, nameBytes, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0 (so the mode below is read)
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME_MIDNIGHT, 12);
    central.writeUInt16LE(DOS_DATE_1980_01_01, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    // extra length, comment length, disk number, internal attributes: all 0
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    directory.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directoryBytes, end]);
}

// ---- report ----

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function reportSizes(entries) {
  const shipped = [...entries.keys()].filter((n) => /\.(wasm|js|css|html)$/.test(n)).sort();
  let raw = 0;
  let gzip = 0;
  console.log("\nShipped code (Wasm + JS + CSS + HTML; the budget's measure, icons and locales aside):");
  for (const name of shipped) {
    const data = entries.get(name);
    const gz = zlib.gzipSync(data, { level: 9 }).length;
    raw += data.length;
    gzip += gz;
    console.log(`  ${name.padEnd(22)} ${kb(data.length).padStart(10)} ${kb(gz).padStart(10)} gzip`);
  }
  console.log(`  ${"total".padEnd(22)} ${kb(raw).padStart(10)} ${kb(gzip).padStart(10)} gzip` +
    (gzip <= SIZE_BUDGET_GZIP ? `  (budget ${kb(SIZE_BUDGET_GZIP)}: ok)` : `  OVER the ${kb(SIZE_BUDGET_GZIP)} budget`));
}

// ---- main ----

function main() {
  buildWasm(PKG);
  fs.mkdirSync(DIST, { recursive: true });
  let chromeEntries = null;
  for (const browser of ["chrome", "firefox"]) {
    const entries = assemble(browser);
    if (browser === "chrome") chromeEntries = entries;
    if (!args.has("--no-zip")) {
      const file = path.join(DIST, `unspool-${browser}.zip`);
      fs.writeFileSync(file, zip(entries));
      console.log(`wrote ${path.relative(ROOT, file)} (${kb(fs.statSync(file).size)})`);
    }
  }

  buildWasm(PLAYGROUND_PKG, ["live-dom"]);
  const www = path.join(ROOT, "www", "pkg");
  fs.rmSync(www, { recursive: true, force: true });
  fs.mkdirSync(www, { recursive: true });
  for (const [name, source] of [
    ["unspool.js", path.join(PLAYGROUND_PKG, "unspool.js")],
    ["unspool_bg.wasm", path.join(PLAYGROUND_PKG, "unspool_bg.wasm")],
    ["article.css", path.join(ROOT, "src", "render", "article.css")],
    ["exporting.js", path.join(ROOT, "extension", "exporting.js")],
    ["dates.js", path.join(ROOT, "extension", "dates.js")],
  ]) fs.copyFileSync(source, path.join(www, name));
  console.log("copied the Wasm package to www/pkg/");

  reportSizes(chromeEntries);
}

try {
  main();
} catch (/** @type {any} */ error) {
  console.error(`build failed: ${error.message}`);
  process.exit(1);
}
