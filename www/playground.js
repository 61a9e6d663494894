// The playground: the same Wasm core and the same copy/export code as the extension, on the demo
// threads that `tools/serve.mjs` lists from tests/fixtures/, or on a saved page the visitor opens.
// Like the reader, it inserts as HTML only the article the Wasm renders; all else is textContent.

import init, { unrollPage } from "./pkg/unspool.js";
import { copyText, copyRich, download, EXPORTS } from "./pkg/exporting.js";
import { localizeDates } from "./pkg/dates.js";

const $ = (id) => document.getElementById(id);
const root = document.documentElement;
const FORMAT_NAMES = { markdown: "Markdown", text: "plain text", rich: "rich text" };

let current = null; // { html, url, name }
let unrolled = null;

function announce(text) {
  const status = $("pg-status");
  status.textContent = text;
  status.classList.add("show");
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => status.classList.remove("show"), 2400);
}

function renderOptions(overrides = {}) {
  return { stripNumbering: $("pg-strip").checked, frontMatter: false, ...overrides };
}

function setEnabled(enabled) {
  for (const button of document.querySelectorAll(".actions button")) button.disabled = !enabled;
}

function show() {
  const main = $("pg-article");
  if (!current) return;
  const started = performance.now();
  try {
    unrolled = unrollPage(current.html, current.url, { includeAnswers: $("pg-answers").checked });
  } catch (error) {
    unrolled = null;
    const message = document.createElement("p");
    message.className = "error";
    message.textContent = `No thread: ${error?.message || error}`;
    main.replaceChildren(message);
    $("pg-timing").textContent = "";
    setEnabled(false);
    return;
  }
  const unrollMs = performance.now() - started;
  main.innerHTML = unrolled.articleHtml(renderOptions()); // Wasm-rendered, already escaped
  localizeDates(main, navigator.language);
  const kb = (current.html.length / 1024).toFixed(0);
  $("pg-timing").textContent = `${unrolled.postCount} posts from ${kb} KB of markup, unrolled and rendered in ${unrollMs.toFixed(1)} ms.`;
  setEnabled(true);
}

async function openCase(item) {
  for (const el of document.querySelectorAll(".cases button")) el.setAttribute("aria-current", String(el.dataset.name === item.name));
  $("pg-about").textContent = item.description;
  $("pg-source").href = item.page;
  $("pg-source").hidden = false;
  const response = await fetch(item.page);
  current = { html: await response.text(), url: item.url, name: item.name };
  show();
  history.replaceState(null, "", `?case=${encodeURIComponent(item.name)}`);
}

async function listCases() {
  let cases = [];
  try {
    const response = await fetch("/fixtures/index.json");
    if (response.ok) cases = await response.json();
  } catch {
    // served without tools/serve.mjs: no listing
  }
  const list = $("pg-cases");
  for (const item of cases) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.name = item.name;
    const label = item.name.replace(/-/g, " ");
    button.textContent = label[0].toUpperCase() + label.slice(1);
    button.title = item.description;
    button.addEventListener("click", () => openCase(item));
    li.append(button);
    list.append(li);
  }
  $("pg-cases-empty").hidden = cases.length > 0;
  return cases;
}

async function copy(format) {
  if (!unrolled) return;
  const options = renderOptions();
  const copied = format === "rich"
    ? await copyRich(unrolled.clipboardHtml(options), unrolled.render("text", options))
    : await copyText(unrolled.render(format, options));
  announce(copied ? `Copied ${unrolled.postCount} posts as ${FORMAT_NAMES[format]}` : "Couldn’t copy: the browser refused the clipboard.");
}

function exportAs(kind) {
  const choice = EXPORTS[kind];
  if (!unrolled || !choice) return;
  const fileName = `${unrolled.fileStem()}.${choice.extension}`;
  download(fileName, unrolled.render(choice.format, renderOptions({ frontMatter: true })), choice.type);
  announce(`Exported ${fileName}`);
}

function applyLook() {
  const theme = $("pg-theme").value;
  if (theme === "system") delete root.dataset.theme;
  else root.dataset.theme = theme;
  if ($("pg-serif").checked) root.dataset.font = "serif";
  else delete root.dataset.font;
}

for (const button of document.querySelectorAll("[data-copy]")) button.addEventListener("click", () => copy(button.dataset.copy));
for (const button of document.querySelectorAll("[data-export]")) button.addEventListener("click", () => exportAs(button.dataset.export));
$("pg-answers").addEventListener("change", show);
$("pg-strip").addEventListener("change", show);
$("pg-theme").addEventListener("change", applyLook);
$("pg-serif").addEventListener("change", applyLook);
$("pg-file").addEventListener("change", async () => {
  const file = $("pg-file").files?.[0];
  if (!file) return;
  for (const el of document.querySelectorAll(".cases button")) el.setAttribute("aria-current", "false");
  $("pg-about").textContent = `Your file: ${file.name}`;
  $("pg-source").hidden = true;
  current = { html: await file.text(), url: "", name: file.name };
  show();
});

await init();
const cases = await listCases();
const wanted = new URLSearchParams(location.search).get("case");
const first = cases.find((c) => c.name === wanted) ?? cases.find((c) => c.name === "long-thread-from-head") ?? cases[0];
if (first) await openCase(first);
