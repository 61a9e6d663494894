// @ts-check
// The user's choices, kept in `chrome.storage.sync`. One place for the keys, their defaults and
// their allowed values, shared by the reader and the options page. Values read from storage are
// checked here, so a stale or hand-edited entry can never reach the UI as-is.

export const SIZE_MIN = 14;
export const SIZE_MAX = 28;
export const SIZE_STEP = 1;

/**
 * @typedef {object} Settings
 * @property {string} theme
 * @property {string} font
 * @property {number} size
 * @property {boolean} stripNumbering
 * @property {boolean} includeAnswers
 * @property {string} copyFormat
 */

export const DEFAULTS = Object.freeze({
  theme: "system", // system | light | dark | sepia
  font: "sans", // sans | serif
  size: 19, // article text size in px
  stripNumbering: false,
  includeAnswers: false,
  copyFormat: "rich", // rich (HTML + plain text, pastes into mail and documents) | markdown | text
});

const CHOICES = {
  theme: ["system", "light", "dark", "sepia"],
  font: ["sans", "serif"],
  copyFormat: ["markdown", "text", "rich"],
};

export function clampSize(size) {
  const n = Math.round(Number(size));
  return Number.isFinite(n) ? Math.min(SIZE_MAX, Math.max(SIZE_MIN, n)) : DEFAULTS.size;
}

/**
 * Keeps known keys with valid values; anything else falls back to its default.
 * @returns {Settings}
 */
export function sanitize(stored) {
  /** @type {Settings} */
  const out = { ...DEFAULTS };
  for (const [key, choices] of Object.entries(CHOICES)) {
    if (choices.includes(stored?.[key])) out[key] = stored[key];
  }
  if (stored?.size !== undefined) out.size = clampSize(stored.size);
  for (const key of ["stripNumbering", "includeAnswers"]) {
    if (typeof stored?.[key] === "boolean") out[key] = stored[key];
  }
  return out;
}

export async function loadSettings() {
  try {
    return sanitize(await chrome.storage.sync.get(Object.keys(DEFAULTS)));
  } catch {
    return { ...DEFAULTS }; // storage unavailable (e.g. sync disabled by policy)
  }
}

export async function saveSettings(changes) {
  try {
    await chrome.storage.sync.set(changes);
  } catch {
    // Not remembered this time; the current page still shows the change.
  }
}

/** Applies the look (theme, font, size) to a document's root, as `article.css` expects it. */
export function applyLook(root, { theme, font, size }) {
  if (theme === "system") delete root.dataset.theme;
  else root.dataset.theme = theme;
  if (font === "serif") root.dataset.font = "serif";
  else delete root.dataset.font;
  root.style.setProperty("--size", `${clampSize(size)}px`);
}

/**
 * The language the UI text is in (`fr`, `en-US`), for `lang` and dates. The browser's own locale
 * can differ from the translation it picked for us (no `_locales` for it, or a test setup), so the
 * translation's language wins; the browser's adds the region when both agree (`en` → `en-GB`).
 */
export function uiLanguage() {
  const translation = chrome.i18n.getMessage("messagesLocale");
  const browser = chrome.i18n.getUILanguage();
  return !translation || browser.split("-")[0] === translation ? browser : translation;
}
