// @ts-check
// Collecting a thread longer than what the page holds on open. The reader drives: after each
// snapshot the Wasm collector (the one the page's site names: src/collect.rs) says what to do
// next (scroll up or down, revisit an end, click a "Show replies" it found, or stop); the content
// script does it, waits for the page to settle and sends a new snapshot. All site knowledge
// stays in the Wasm; this file only runs the loop.

import { MSG } from "./messages.js";

const MAX_STEPS = 4000; // a 1000-post thread needs ~300; beyond this something is wrong
const STEP_TIMEOUT_MS = 20000; // the content script's own waits end well before this

/** Sends one step request over the port and resolves with the content script's snapshot. */
function requestStep(port, pending, request) {
  const id = (pending.nextId = (pending.nextId || 0) + 1);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      resolve(null);
    }, STEP_TIMEOUT_MS);
    pending.set(id, (reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
    port.postMessage({ type: MSG.step, id, ...request });
  });
}

/**
 * Adds one snapshot (one or more pieces) to the collector, yielding between pieces once a task
 * has run SLICE_MS, so a huge page never blocks; the progress of the last piece is the one that
 * counts.
 */
const SLICE_MS = 25;
async function addSnapshot(collector, pieces, viewport) {
  let progress = null;
  let sliceStart = performance.now();
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0 && performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      sliceStart = performance.now();
    }
    if (i < pieces.length - 1) collector.addPiece(pieces[i], { atTop: i === 0 && Boolean(viewport?.atTop) });
    else progress = collector.add(pieces[i], viewport ?? {});
  }
  return progress;
}

/**
 * @typedef {object} CollectResult
 * @property {import("./unspool.js").Unrolled | null} unrolled the collected thread, or null when
 *   the first snapshot's (which the reader already has) is all there is
 * @property {import("./unspool.js").Progress} progress the collector's last answer
 * @property {string} reason why it stopped: the core's reason, or cancelled | lost | limit
 * @property {number} steps
 * @property {object} stats
 * @property {object[]} trace
 * @property {number} ms
 */

/**
 * Runs the collection loop.
 * @param {object} o
 * @param {typeof import("./unspool.js").ThreadCollector} o.ThreadCollector
 * @param {Promise<MessagePort>} o.port the channel to the content script, once connected
 * @param {Map<number, (reply: object) => void>} o.pending replies awaited on that port, by id (the reader's port handler fills it)
 * @param {{pieces: string[], url: string, viewport: object}} o.first the snapshot taken on open
 * @param {object} o.options extract options (`includeAnswers`)
 * @param {(progress: import("./unspool.js").Progress, collector: import("./unspool.js").ThreadCollector) => void} o.onProgress
 *   called after every snapshot
 * @param {{cancelled: boolean}} o.control set `cancelled` to stop after the current step
 * @returns {Promise<CollectResult>}
 */
export async function collectThread({ ThreadCollector, port: connected, pending, first, options, onProgress, control }) {
  const started = performance.now();
  const collector = new ThreadCollector(String(first.url ?? ""), options);
  let progress = await addSnapshot(collector, first.pieces, first.viewport);
  onProgress(progress, collector);
  // The first snapshot may arrive before the channel: steps wait for it (never long).
  const port = progress.next === "done" ? null : await connected;
  let steps = 0;
  let lostContact = false;
  // longestPageTaskMs: the content script's longest stretch on the page's main thread.
  const stats = { settleMs: 0, snapshotMs: 0, addMs: 0, roundTripMs: 0, longestPageTaskMs: 0 };
  const trace = [];
  while (progress.next !== "done" && !control.cancelled && steps < MAX_STEPS) {
    const asked = performance.now();
    const reply = await requestStep(port, pending, {
      direction: { scrollUp: "up", scrollDown: "down", revisitTop: "up", revisitBottom: "down", wait: "wait" }[progress.next] ?? "down",
      // Go to that end of the page, leaving it first when near, so the page sees it reached anew.
      revisit: progress.next === "revisitTop" || progress.next === "revisitBottom",
      click: progress.click ?? [],
      // The last step skipped rows: go back half of it before going on.
      back: Boolean(progress.gap),
      // Whether the page shows its loading indicator: an end without one is waited on briefly.
      loading: Boolean(progress.loading),
    });
    stats.roundTripMs += performance.now() - asked;
    if (!reply || !Array.isArray(reply.pieces) || reply.pieces.length === 0) {
      lostContact = true;
      break;
    }
    steps += 1;
    stats.settleMs += reply.timings?.settleMs ?? 0;
    stats.snapshotMs += reply.timings?.snapshotMs ?? 0;
    stats.longestPageTaskMs = Math.max(stats.longestPageTaskMs, reply.timings?.longestBusyMs ?? 0);
    const addStart = performance.now();
    progress = await addSnapshot(collector, reply.pieces, reply.viewport);
    // A short trace of the run, for tests and for anyone debugging a page that misbehaves.
    if (trace.length < 400) {
      trace.push({
        at: Math.round(performance.now() - started), next: progress.next, posts: progress.posts, click: progress.click, gap: progress.gap,
        viewport: reply.viewport, settleMs: Math.round(reply.timings?.settleMs ?? 0), roundTripMs: Math.round(performance.now() - asked),
      });
    }
    stats.addMs += performance.now() - addStart;
    onProgress(progress, collector);
  }
  if (steps > 0) port?.postMessage({ type: MSG.scrollBack });
  const stoppedEarly = progress.next !== "done";
  // Nothing beyond the first snapshot: the reader already has that thread (building a 5,000-post
  // thread twice is a long task). Still finish when there is no thread, for the core's reason.
  const needed = steps > 0 || stoppedEarly || progress.reason === "noThread";
  const unrolled = needed ? collector.finish(stoppedEarly) : null;
  collector.free();
  const reason = control.cancelled ? "cancelled" : lostContact ? "lost" : stoppedEarly ? "limit" : progress.reason;
  return { unrolled, progress, reason, steps, stats, trace, ms: performance.now() - started };
}
