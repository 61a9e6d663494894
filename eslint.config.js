// ESLint (flat config): the recommended rules over all of the project's JavaScript, with the
// globals of where each part runs. Generated and built output is not ours to lint.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["dist/", "target/", "node_modules/", "www/pkg/"] },
  js.configs.recommended,
  {
    // The extension: pages, the content script and the background, all with `chrome.*`.
    files: ["extension/**/*.js"],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
  {
    // Injected at build time by tools/build.mjs (esbuild `define`).
    files: ["extension/content.js", "extension/content/*.js"],
    languageOptions: { globals: { UNSPOOL_SPEC: "readonly" } },
  },
  {
    // The playground and the X-like simulation run in a plain page.
    files: ["www/**/*.js"],
    languageOptions: { globals: globals.browser },
  },
  {
    // Build, bench and test scripts run in Node; their evaluate() callbacks run in a page, the
    // reader or the extension's service worker.
    files: ["tools/**/*.mjs", "tests/**/*.mjs", "eslint.config.js"],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.webextensions } },
  },
];
