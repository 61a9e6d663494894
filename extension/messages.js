// @ts-check
// Every message that passes between the content script (content.js, in the X tab), the
// background (background.js) and the reader (reader.js and collect.js, in the iframe). Each is
// an object whose `type` is one of the names below; no other file spells a name. The content
// script and the background are classic scripts: tools/build.mjs bundles this module into each
// of them (and into the reader), so dist/ holds no messages.js.
//
// Three routes:
// - runtime messages (`chrome.runtime.sendMessage`), through the background;
// - `window.postMessage` between the page and the reader's frame, only to set up the channel;
// - the MessageChannel the content script hands the reader: everything after that.

// The names, each with its direction, route and payload (the typedefs below). The table is in
// comments outside the object because esbuild keeps comments inside it in every bundle.
//
//   page        content → background (runtime): the snapshot taken on open, left for the reader,
//               `{type, ticket: string, page: Page | null}` (null when too big for the
//               background: it goes by the channel). content → reader (channel): that `Page`.
//   take        reader → background (runtime): `{type, ticket: string}`; answered with the
//               `Page` or null.
//   ready       reader → content (window.postMessage to the parent): `{type}`, its script runs.
//   connect     content → reader (window.postMessage, the channel's port2 transferred): `{type}`.
//   hello       reader → content (channel): `{type}`, the channel works (ends the open timeout).
//   sendPage    reader → content (channel): `{type}`, send the `Page` this way (the background
//               had none for us).
//   step        reader → content (channel): a `Step`, one collection step.
//   snapshot    content → reader (channel): a `Snapshot`, the page after that step.
//   scrollBack  reader → content (channel): `{type}`, collection is over: put back the place.
//   close       reader → content (channel): `{type}`, close the reader, give the page back.
export const MSG = Object.freeze({
  page: "unspool:page",
  take: "unspool:take",
  ready: "unspool:ready",
  connect: "unspool:connect",
  hello: "unspool:hello",
  sendPage: "unspool:send-page",
  step: "unspool:step",
  snapshot: "unspool:snapshot",
  scrollBack: "unspool:scroll-back",
  close: "unspool:close",
});

/**
 * The page's ends, as far as the page has had its chance to load more there.
 * @typedef {{atTop: boolean, atBottom: boolean}} Viewport
 */

/**
 * The snapshot taken on open (content.js `openReader`).
 * @typedef {object} Page
 * @property {typeof MSG.page} type
 * @property {string[]} pieces compact HTML documents (see src/compact.rs), in order
 * @property {string} url the page's URL
 * @property {Viewport} viewport
 * @property {{startedAt: number, snapshotMs: number, sentAt: number}} timings
 */

/**
 * One collection step (collect.js `requestStep`): scroll or wait, click the buttons the collector
 * named by reference, go back half of the last scroll, or revisit an end.
 * @typedef {object} Step
 * @property {typeof MSG.step} type
 * @property {number} id answered by the `Snapshot` with the same id
 * @property {"up" | "down" | "wait"} direction
 * @property {number[]} click `data-unspool-ref` numbers from the last snapshot
 * @property {boolean} back
 * @property {boolean} revisit go to that end of the page, first leaving it when near, so a page
 *   that loads when an end comes into view loads again
 * @property {boolean} loading whether the last snapshot showed the page's loading indicator
 */

/**
 * The page after a step (content.js `collectStep`).
 * @typedef {object} Snapshot
 * @property {typeof MSG.snapshot} type
 * @property {number} id the `Step`'s
 * @property {string[]} pieces
 * @property {Viewport & {scrolledUp: boolean, clickDidNothing: boolean}} viewport
 * @property {{settleMs: number, snapshotMs: number, longestBusyMs: number}} timings
 */
