// @ts-check
// The options page: a form over `chrome.storage.sync`. Every change is saved at once; an open
// reader picks it up through `storage.onChanged`.

import { loadSettings, saveSettings, uiLanguage, SIZE_MIN, SIZE_MAX } from "./settings.js";

const message = (name, substitutions) => chrome.i18n.getMessage(name, substitutions);
const form = /** @type {HTMLFormElement} */ (document.getElementById("options"));
const size = /** @type {HTMLInputElement} */ (document.getElementById("opt-size"));
const sizeValue = document.getElementById("opt-size-value");
const status = document.getElementById("opt-status");

document.documentElement.lang = uiLanguage();
document.documentElement.dir = message("@@bidi_dir") || "ltr";
document.title = message("optionsTitle");
for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("[data-i18n]"))) el.textContent = message(el.dataset.i18n);

size.min = String(SIZE_MIN);
size.max = String(SIZE_MAX);

function showSize() {
  sizeValue.textContent = message("sizeValue", [size.value]);
}

const settings = await loadSettings();
for (const el of /** @type {Iterable<HTMLInputElement>} */ (form.elements)) {
  if (!(el.name in settings)) continue;
  if (el.type === "checkbox") el.checked = settings[el.name];
  else el.value = String(settings[el.name]);
}
showSize();

let statusTimer = 0;
form.addEventListener("input", (event) => {
  if (event.target === size) showSize();
});
form.addEventListener("change", async (event) => {
  const el = /** @type {HTMLInputElement} */ (event.target);
  if (!el.name) return;
  const value = el.type === "checkbox" ? el.checked : el.type === "range" ? Number(el.value) : el.value;
  await saveSettings({ [el.name]: value });
  status.textContent = message("optionsSaved");
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => { status.textContent = ""; }, 2000);
});
