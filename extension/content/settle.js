// @ts-check
// Knowing when the page has finished what a step started: after a scroll, a click or the final
// scroll back, the page is read again only once it has drawn a whole frame without changing its
// DOM and QUIET_MS have passed since its last change. Frames, not only time: a page that mounts
// rows frame by frame is never read half-way, however slow its frames are.

import { pageRoot } from "./snapshot.js";

export const QUIET_MS = 20;
const SETTLE_MAX_MS = 10000;

// Resolves once the page has drawn its next frame (a task queued from requestAnimationFrame
// runs after that frame's rendering).
export const afterNextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

// Starts watching the page's DOM. `settle(firstWaitMs, peek)` resolves once the page has drawn one
// whole frame without changing it and QUIET_MS have passed since its last change, or after
// `firstWaitMs` if nothing changed at all; `true` if anything changed since watching began.
// `peek`, if given, runs after each frame; while it says it moved the page, no frame is quiet.
// Counting frames, not only time: a page that mounts rows frame by frame is never read
// half-way, however slow its frames are (just after the reader opens, X's take 40–60 ms).
export function watchMutations() {
  const target = pageRoot();
  let changed = false;
  let lastChange = 0;
  let onChange = () => {};
  const observer = new MutationObserver(() => {
    changed = true;
    lastChange = performance.now();
    onChange();
  });
  observer.observe(target, { childList: true, subtree: true, characterData: true });
  return {
    settle(firstWaitMs, peek) {
      return new Promise((resolve) => {
        let done = false;
        let waitTimer = 0;
        let changedThisFrame = false;
        const finish = () => {
          if (done) return;
          done = true;
          observer.disconnect();
          clearTimeout(waitTimer);
          clearTimeout(maxTimer);
          resolve(changed);
        };
        const maxTimer = setTimeout(finish, SETTLE_MAX_MS);
        const nextFrame = () => requestAnimationFrame(() => setTimeout(afterFrame, 0));
        // Runs once each frame has been drawn.
        const afterFrame = () => {
          if (done) return;
          if (peek?.()) {
            changed = true;
            lastChange = performance.now();
            changedThisFrame = true;
            clearTimeout(waitTimer);
          }
          if (changed && !changedThisFrame) {
            // A quiet frame: done once QUIET_MS have passed since the last change.
            clearTimeout(waitTimer);
            waitTimer = setTimeout(finish, Math.max(0, lastChange + QUIET_MS - performance.now()));
          }
          changedThisFrame = false;
          nextFrame();
        };
        onChange = () => {
          changedThisFrame = true;
          clearTimeout(waitTimer);
        };
        requestAnimationFrame(() => {
          // Nothing changed by the first frame after acting: give the page `firstWaitMs`.
          if (!changed) waitTimer = setTimeout(finish, firstWaitMs);
          setTimeout(afterFrame, 0);
        });
      });
    },
  };
}
