// @ts-check
// One collection step, as the reader's collector asks for it: click the elements it named, or
// scroll up or down (or stay and wait), let the page settle, and send a new snapshot with where
// the page stands (at an end, scrolled up, whether a click did anything). It knows nothing of a
// site: the Wasm collector decides every step; this module only paces them to the page (long
// steps that shorten on a gap, the far end shown for one frame after each load so the page's
// next load runs while we read, a wait at an end as long as the page's loads have taken).

import { MSG } from "../messages.js";
import { referenced, snapshotPage, noteBusy, longestBusy, startBusyCount } from "./snapshot.js";
import { afterNextFrame, watchMutations, QUIET_MS } from "./settle.js";
import { trackPlace } from "./place.js";

// At the bottom, the page gets up to LOAD_WAIT_MS to append more rows before we call it the end.
const LOAD_WAIT_MS = 6000;
// At an end of a page that shows no loading indicator (the collector says so), this long
// without a change is enough to call it the end: nothing is coming.
const END_QUIET_MS = 400;
// A revisited end: how far away it is left first (beyond the margins a page watches its ends
// with, a viewport or two), and how long a quiet wait there says nothing comes (the collector
// asks twice before it believes it).
const REVISIT_AWAY_VIEWPORTS = 3;
const REVISIT_QUIET_MS = 600;

// An end counts only once the page had its chance to load more there.
export function viewportState(waitedForLoad) {
  const scroller = document.scrollingElement || document.documentElement;
  const atTop = waitedForLoad && scroller.scrollTop <= 0;
  const atBottom = waitedForLoad && scroller.scrollTop + window.innerHeight >= scroller.scrollHeight - 2;
  return { atTop, atBottom };
}

// How long to wait at an end for X to load more: three times the slowest load seen, within
// bounds, so a fast page is not waited on like a slow one.
let loadWaitMs = LOAD_WAIT_MS;
function learnLoadTime(ms) {
  loadWaitMs = Math.min(LOAD_WAIT_MS, Math.max(loadWaitMs === LOAD_WAIT_MS ? 0 : loadWaitMs, 1500, 3 * ms + 500));
}

// Steps start long (2.4 viewports: fewer snapshots) and halve, down to 0.9 viewport, whenever
// the collector finds a gap: a snapshot that shares no post with the previous ones (the page
// keeps fewer rows mounted around the viewport than the step skipped).
let stepFactor = 2.4;
let lastScroll = 0;

// A link is clicked in place only if the page handles the click itself (expands what it hides
// without leaving); a click the page leaves alone would navigate away, so it is cancelled and
// changes nothing, which the collector reports.
function clickInPlace(el) {
  const guard = (event) => {
    if (!event.defaultPrevented) event.preventDefault();
  };
  const isLink = el.closest("a[href]") !== null;
  if (isLink) window.addEventListener("click", guard);
  el.click();
  if (isLink) window.removeEventListener("click", guard);
}

// The lowest place reached so far, as its distance from the page's bottom (rows the page adds
// above do not move it): after the way up, the way down resumes there, not over known posts.
function farthestDown(state, scroller) {
  const fromBottom = scroller.scrollHeight - scroller.scrollTop;
  state.lowestFromBottom = Math.min(state.lowestFromBottom, fromBottom);
}

export async function collectStep(state, { id, direction, click, back, loading, revisit }) {
  let actStart = performance.now();
  // Watch before acting: a click may change the page synchronously.
  const watch = watchMutations();
  const clicked = [];
  const targets = (Array.isArray(click) ? click : []).map(referenced).filter(Boolean);
  if (targets.length) {
    for (const el of targets) {
      clickInPlace(el);
      clicked.push(el);
    }
  }
  const scroller = document.scrollingElement || document.documentElement;
  farthestDown(state, scroller); // where the last snapshot was taken
  let expectLoad = false;
  let scrolledUp = false;
  const resumeAt = scroller.scrollHeight - state.lowestFromBottom;
  if (direction === "wait") {
    expectLoad = true; // a click started a fetch: stay and wait for what it brings
  } else if (revisit && clicked.length === 0) {
    // A page that loads more when an end of its list comes into view loads only when the end
    // comes into view anew (its observer reports changes): leave the end first when near it,
    // let the page draw two frames there, then go to the end and wait for what it loads.
    const before = scroller.scrollTop;
    const away = REVISIT_AWAY_VIEWPORTS * window.innerHeight;
    const endAt = () => (direction === "up" ? 0 : scroller.scrollHeight - window.innerHeight);
    if (Math.abs(scroller.scrollTop - endAt()) < away) {
      window.scrollTo({ top: direction === "up" ? away : endAt() - away, behavior: "instant" });
      noteBusy(actStart);
      await afterNextFrame();
      await afterNextFrame();
      if (state.closed) return;
      actStart = performance.now();
    }
    window.scrollTo({ top: endAt(), behavior: "instant" });
    lastScroll = scroller.scrollTop - before;
    scrolledUp = direction === "up";
    expectLoad = true;
  } else if (clicked.length === 0 && direction === "down" && !back && state.lastDirection === "up" && resumeAt > scroller.scrollTop + window.innerHeight) {
    // Turning back down after the way up: straight to where the way down had got to.
    const before = scroller.scrollTop;
    window.scrollTo({ top: resumeAt, behavior: "instant" });
    lastScroll = scroller.scrollTop - before;
  } else if (clicked.length === 0) {
    let delta;
    if (back) {
      stepFactor = Math.max(0.9, stepFactor / 2);
      delta = -Math.round(lastScroll / 2);
    } else {
      const step = Math.max(200, Math.round(window.innerHeight * stepFactor));
      delta = direction === "up" ? -step : step;
    }
    const before = scroller.scrollTop;
    const end = direction === "up" ? 0 : scroller.scrollHeight - window.innerHeight;
    // X loads more rows only when the reader nears the loaded end, usually several steps away:
    // read step by step, each load would start only once we got there, and we would wait out
    // its whole delay. So whenever the page has grown (a load arrived, or on the first step),
    // the step first shows the page its far end for one frame: the next load runs while we
    // read the rows on the way. The step's destination comes in the next frame, as the second
    // half of a split jump would. (The page then draws a fresh part of its list twice per load:
    // what that costs its frames is in docs/benchmarks.md.)
    if (!back && scroller.scrollHeight !== state.touchedHeight && Math.abs(end - before) > Math.abs(delta) + window.innerHeight) {
      state.touchedHeight = scroller.scrollHeight;
      window.scrollTo({ top: end, behavior: "instant" });
      noteBusy(actStart);
      await afterNextFrame();
      if (state.closed) return;
      actStart = performance.now();
      // Relative, not to `before + delta`: rows the page inserted above meanwhile (a load that
      // arrived, with the page keeping its content in place) moved every position down.
      window.scrollBy({ top: before + delta - end, behavior: "instant" });
    } else if (Math.abs(delta) > window.innerHeight * 1.3) {
      // A long jump goes in two frames: the page draws half the new rows in each (on X's
      // markup one frame of a 2.4-viewport jump can take 50–90 ms of the page's own rendering).
      const half = Math.round(delta / 2);
      window.scrollBy({ top: half, behavior: "instant" });
      noteBusy(actStart);
      await afterNextFrame();
      if (state.closed) return;
      actStart = performance.now();
      window.scrollBy({ top: delta - half, behavior: "instant" });
    } else {
      window.scrollBy({ top: delta, behavior: "instant" });
    }
    lastScroll = scroller.scrollTop - before;
    scrolledUp = lastScroll < 0;
    // Nothing moved: we are at an end and can only wait for the page to load more.
    expectLoad = lastScroll === 0 && !back;
  }
  if (direction === "up" || direction === "down") state.lastDirection = direction;
  farthestDown(state, scroller);
  const settleStart = performance.now();
  noteBusy(actStart); // includes what the page did synchronously on the click or the scroll
  // After a click or at an end, give the page time to fetch (at an end with no loading
  // indicator, only long enough to see that nothing comes); otherwise let it re-render.
  const atEndWait = revisit ? REVISIT_QUIET_MS : direction !== "wait" && loading === false ? END_QUIET_MS : loadWaitMs;
  // Not by a click: staying by an opened "Show replies" is what brings its posts on screen.
  const peek = clicked.length === 0 && !back && !revisit && direction !== "wait" ? peekOnGrowth(state, direction, scroller) : null;
  const grew = await watch.settle(clicked.length > 0 ? loadWaitMs : expectLoad ? atEndWait : QUIET_MS, peek);
  if (expectLoad && grew && atEndWait === loadWaitMs) learnLoadTime(performance.now() - settleStart);
  if (state.closed || !state.port) return;
  trackPlace(state);
  const snapshotStart = performance.now();
  const pieces = await snapshotPage(state.host);
  if (state.closed || !state.port) return;
  state.port.postMessage({
    type: MSG.snapshot,
    id,
    pieces,
    viewport: { ...viewportState(expectLoad && !grew), scrolledUp, clickDidNothing: clicked.length > 0 && !grew },
    timings: { settleMs: snapshotStart - settleStart, snapshotMs: performance.now() - snapshotStart, longestBusyMs: longestBusy() },
  });
  // Sending is part of the same task: it counts in the next report.
  startBusyCount();
}

// A load that arrives while a step settles would otherwise be shown its far end only at the
// next step, 100–500 ms later, and the page's next load would start that much late. Called
// once per drawn frame: when the page has grown by more than a viewport (a load, not rows
// measured), it goes to the far end for one frame, then comes back; true while it moves.
function peekOnGrowth(state, direction, scroller) {
  let back = null;
  return () => {
    if (back !== null) {
      // Relative: rows the page inserted above meanwhile moved every position down.
      window.scrollBy({ top: back, behavior: "instant" });
      back = null;
      return true;
    }
    if (!(scroller.scrollHeight - state.touchedHeight > window.innerHeight)) return false;
    const from = scroller.scrollTop;
    const end = direction === "up" ? 0 : scroller.scrollHeight - window.innerHeight;
    if (Math.abs(end - from) <= window.innerHeight) return false;
    state.touchedHeight = scroller.scrollHeight;
    window.scrollTo({ top: end, behavior: "instant" });
    back = from - scroller.scrollTop;
    return true;
  };
}

