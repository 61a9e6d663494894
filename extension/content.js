// @ts-check
// Content script: the only code that runs inside the page. It owns three things: a compact
// snapshot of the page's markup, the full-viewport iframe that shows the reader (an extension
// page, so the Wasm runs under the extension's CSP, never the page's), and giving the page back
// exactly as it was on close. It knows no site markup beyond `main` and what the generated spec
// gives it (UNSPOOL_SPEC, from the Rust tables: tools/build.mjs); extraction is the Wasm's job.

// Injected as a classic script (`executeScript({files})`): tools/build.mjs bundles this import in.
import { MSG } from "./messages.js";

(() => {
  // Injected on every click, and the click is the toggle: a copy already here owns the reader.
  if (globalThis.unspool) {
    globalThis.unspool.toggle();
    return;
  }

  // What the snapshot keeps and leaves out, and what a post is: the Rust tables' own lists.
  const KEPT = new Set(UNSPOOL_SPEC.keptAttributes);
  const KEPT_CLASSES = new Set(UNSPOOL_SPEC.keptClasses);
  const SKIPPED = new Set(UNSPOOL_SPEC.skippedElements);
  const SKIPPED_ROLES = new Set(UNSPOOL_SPEC.skippedRoles);
  const VOID = new Set(UNSPOOL_SPEC.voidElements);
  const POST = UNSPOOL_SPEC.postSelector;
  const COLLECTED_POST = UNSPOOL_SPEC.collectedPostSelector;
  // Where `reader.html` may be framed: the manifest's `web_accessible_resources.matches`.
  const READER_ORIGINS = new Set(UNSPOOL_SPEC.readerOrigins);
  const READER_LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);
  const HELLO_TIMEOUT_MS = 5000;
  // The first snapshot's time slice, and the largest one that goes through the background
  // (about 400 posts of X's markup; real X mounts 20–30).
  const OPEN_SLICE_MS = 60;
  const HAND_OVER_MAX_CHARS = 2 * 1024 * 1024;
  const REF_ATTRIBUTE = "data-unspool-ref";
  // Collection pacing: the page is read again once it has drawn a frame without changing its
  // DOM and QUIET_MS have passed since the last change (see `watchMutations`); at the bottom, X
  // gets up to LOAD_WAIT_MS to append more rows before we call it the end.
  const QUIET_MS = 20;
  const LOAD_WAIT_MS = 6000;
  // At an end of a page that shows no loading indicator (the collector says so), this long
  // without a change is enough to call it the end: nothing is coming.
  const END_QUIET_MS = 400;
  const SETTLE_MAX_MS = 10000;

  const now = () => performance.timeOrigin + performance.now();
  const message = (name) => chrome.i18n.getMessage(name);
  let reader = null; // the open reader's state, or null
  let notice = null;

  function toggle() {
    if (reader) {
      closeReader();
    } else if (!canFrameReader() || !document.querySelector(POST)) {
      showNotice(message("noticeNotAPost"));
    } else {
      openReader();
    }
  }

  function canFrameReader() {
    // "https://*" (Mastodon: any instance) lets every https page frame the reader.
    return READER_ORIGINS.has(location.origin) || READER_ORIGINS.has(location.protocol + "//*") ||
      (location.protocol === "http:" && READER_LOCAL_HOSTS.has(location.hostname));
  }

  // ---- snapshot: the page reduced to what the extractor reads ----

  // What is read, watched and searched for posts: `main` when it holds the posts, else the whole
  // body (a page without `main`, or whose posts are outside it).
  function pageRoot() {
    const main = document.querySelector("main");
    return main && main.querySelector(POST) ? main : document.body;
  }

  function escapeText(text) {
    return /[&<>]/.test(text)
      ? text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      : text;
  }

  function escapeAttribute(value) {
    return /[&"]/.test(value) ? value.replace(/&/g, "&amp;").replace(/"/g, "&quot;") : value;
  }

  // Virtualized rows are placed with `transform: translateY(…)`; nothing else in a style matters.
  function keptStyle(style) {
    const match = /(?:^|;)\s*(transform\s*:[^;]*translateY\([^)]*\)[^;]*)/i.exec(style);
    return match ? match[1].trim() : "";
  }

  // Of a class, only the tokens a site reads (Mastodon's); X's atomic CSS keeps none.
  function keptClasses(value) {
    let kept = "";
    for (const token of value.split(/\s+/)) {
      if (KEPT_CLASSES.has(token)) kept += kept ? " " + token : token;
    }
    return kept;
  }

  // Buttons, and links outside posts, get a reference number in the snapshot (never on the
  // page), so the collector in the reader can ask for one to be clicked ("Show replies", an
  // in-place "Show more", a "Show more replies" drawn as a link).
  let refs = new Map();

  // The element's open tag as written in the snapshot, or null when it is left out (by role).
  function openTag(el) {
    let tag = "<" + el.localName;
    let isButton = el.localName === "button";
    // Names, then values of the kept ones only: `el.attributes` would make an Attr wrapper for
    // every class and style on the page.
    if (el.hasAttributes()) {
      for (const name of el.getAttributeNames()) {
        if (!KEPT.has(name) || name === REF_ATTRIBUTE) continue;
        let value = el.getAttribute(name);
        if (name === "style") {
          value = keptStyle(value);
          if (!value) continue;
        } else if (name === "class") {
          value = keptClasses(value);
          if (!value) continue;
        } else if (name === "role") {
          if (SKIPPED_ROLES.has(value)) return null;
          isButton ||= value === "button";
        }
        tag += " " + name + '="' + escapeAttribute(value) + '"';
      }
    }
    // Links inside posts lead away (profiles, media, other posts): only a link of its own row can
    // reveal more, so those are the links worth a reference.
    isButton ||= el.localName === "a" && el.hasAttribute("href") && el.closest(POST) === null;
    if (isButton) {
      const ref = String(refs.size + 1);
      refs.set(ref, el);
      tag += " " + REF_ATTRIBUTE + '="' + ref + '"';
    }
    return tag + ">";
  }

  // A page with hundreds of mounted posts serialises to megabytes: it goes in pieces of about this
  // size, one task each, so neither this tab nor the reader ever blocks for long.
  const PIECE_CHARS = 160 * 1024;
  const CHECKPOINT_NODES = 400; // the walk offers to pause this often

  // Walks the tree with sibling/parent pointers, not recursion: pages can nest deeper than the
  // stack. Yields a complete document whenever the output passes PIECE_CHARS at a safe place:
  // between two rows of a long list (siblings, the one just written holding a post), never
  // inside a row. Open elements are closed there and reopened at the start of the next piece, so
  // every row keeps its ancestors; the collector merges the pieces like successive snapshots.
  function* serializeInPieces(root, leaveOut, prefix) {
    let out = [prefix];
    let size = prefix.length;
    const push = (text) => {
      out.push(text);
      size += text.length;
    };
    // Only a collector merges pieces: other sites' pages go whole.
    const isRow = (el) => el && (el.matches(COLLECTED_POST) || el.querySelector(COLLECTED_POST) !== null);
    // Open elements: [tag, its open tag as written].
    const stack = [[root.localName, openTag(root)]];
    push(stack[0][1]);
    let node = root.firstChild;
    let visited = 0;
    while (node) {
      if (++visited % CHECKPOINT_NODES === 0) yield null;
      const safeSplit = size > PIECE_CHARS && node.nodeType === Node.ELEMENT_NODE &&
        node.parentNode && node.parentNode.childElementCount >= 8 && isRow(node.previousElementSibling);
      if (safeSplit) {
        for (let i = stack.length - 1; i >= 0; i--) out.push("</" + stack[i][0] + ">");
        yield out.join("");
        out = [prefix];
        size = prefix.length;
        for (const entry of stack) push(entry[1]);
      }
      let descend = false;
      if (node.nodeType === Node.ELEMENT_NODE) {
        const tag = node.localName;
        const html = SKIPPED.has(tag) || node === leaveOut ? null : openTag(node);
        if (html !== null) {
          push(html);
          if (VOID.has(tag)) {
            // no content, no end tag
          } else if (node.firstChild) {
            descend = true;
            stack.push([tag, html]);
          } else {
            push("</" + tag + ">");
          }
        }
      } else if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) {
        push(escapeText(node.data));
      }
      if (descend) {
        node = node.firstChild;
        continue;
      }
      while (node !== root && !node.nextSibling) {
        node = node.parentNode;
        if (node !== root) {
          push("</" + node.localName + ">");
          stack.pop();
        }
      }
      node = node === root ? null : node.nextSibling;
    }
    push("</" + root.localName + ">");
    yield out.join("");
  }

  function headTags() {
    const out = [];
    for (const selector of UNSPOOL_SPEC.headSelectors) {
      const el = document.head && document.head.querySelector(selector);
      if (el) out.push(openTag(el));
    }
    return out.join("");
  }

  /**
   * The page as one or more compact HTML documents; yields to the event loop after `sliceMs` of
   * work (30 ms while collecting, so the page stays responsive; more on open, see `openReader`).
   */
  async function snapshotPage(leaveOut, sliceMs = 30) {
    refs = new Map();
    const pieces = [];
    let sliceStart = (lastSliceStart = performance.now());
    for (const piece of serializeInPieces(pageRoot(), leaveOut, headTags())) {
      if (piece !== null) pieces.push(piece);
      if (performance.now() - sliceStart > sliceMs) {
        noteBusy(sliceStart);
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = lastSliceStart = performance.now();
      }
    }
    noteBusy(sliceStart);
    return pieces;
  }

  // The longest this script kept the page's main thread in one go since the last step reply
  // (the page's own rendering and scripts are not in it): reported with each snapshot.
  let longestBusyMs = 0;
  let lastSliceStart = 0; // when the task that finishes a snapshot (and sends it) began
  function noteBusy(since) {
    longestBusyMs = Math.max(longestBusyMs, performance.now() - since);
  }

  // ---- the reader iframe ----

  function setStyles(el, styles) {
    // CSSOM with !important: page stylesheets cannot reach it, and a page CSP cannot block it.
    for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value, "important");
  }

  function openReader() {
    const startedAt = now();
    // Before anything changes the page, whose layout is then still clean: reading positions
    // forces no layout (about 1 ms per 100 mounted posts; real X mounts 20–30).
    const place = placeOnScreen();
    const extensionOrigin = chrome.runtime.getURL("").replace(/\/$/, "");
    const host = document.createElement("unspool-reader");
    host.id = "unspool-root";
    setStyles(host, {
      all: "initial", position: "fixed", inset: "0", width: "100vw", height: "100vh",
      "z-index": "2147483647", display: "block", margin: "0", padding: "0", border: "0",
    });
    const iframe = document.createElement("iframe");
    const ticket = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
    iframe.src = chrome.runtime.getURL("reader.html") + "?origin=" + encodeURIComponent(location.origin) + "&ticket=" + ticket;
    iframe.allow = "clipboard-write";
    iframe.title = message("readerTitle");
    setStyles(iframe, {
      display: "block", width: "100%", height: "100%", border: "0", margin: "0", padding: "0",
      background: "transparent", "color-scheme": "normal",
    });
    host.attachShadow({ mode: "open" }).append(iframe);

    reader = {
      host,
      iframe,
      port: null,
      helloTimer: 0,
      scrollX: window.scrollX,
      scrollY: window.scrollY,
      place, // the post the reader was reading (see `placeOnScreen`), or null
      focused: document.activeElement,
      hidden: [], // [element, its aria-hidden before] for the page's top-level elements
      touchedHeight: -1, // the page's height when collection last showed the page its far end
      lowestFromBottom: Infinity, // see `farthestDown`
      lastDirection: null, // the last scroll the collector asked for: "up" or "down"
    };
    const state = reader;
    state.onReady = onReaderReady;
    // The reader says when its script runs; connecting then, not on the frame's `load`, saves
    // the wait for its styles and images, and for this page's busy main thread to get to it.
    window.addEventListener("message", onReaderReady, true);
    window.addEventListener("keydown", onPageKeydown, true);
    window.addEventListener("focusin", onPageFocus, true);
    state.helloTimer = setTimeout(() => {
      // The reader never answered (blocked frame, broken install): give the page back.
      if (reader === state) {
        closeReader();
        showNotice(message("noticeCannotOpen"));
      }
    }, HELLO_TIMEOUT_MS);
    // Mount first so the reader page and its Wasm load (in the extension's process) while the
    // snapshot is taken here.
    (document.body || document.documentElement).append(host);
    // On open the snapshot gets one long first slice: finished inside this task, it is handed over
    // before the page repaints around the new frame (50–80 ms on X-weight pages), and the reader
    // takes it from the background without waiting for this thread.
    const snapshotStart = performance.now();
    state.snapshot = snapshotPage(host, OPEN_SLICE_MS).then((pieces) => {
      const page = {
        type: MSG.page,
        pieces,
        url: location.href,
        // The page has been sitting loaded since it opened: its ends are as loaded as they get.
        viewport: viewportState(true),
        timings: { startedAt, snapshotMs: performance.now() - snapshotStart, sentAt: now() },
      };
      const size = pieces.reduce((sum, piece) => sum + piece.length, 0);
      state.handedOver = size <= HAND_OVER_MAX_CHARS;
      chrome.runtime.sendMessage({ type: MSG.page, ticket, page: state.handedOver ? page : null }).catch(() => {});
      return page;
    });

    // Hide the page from assistive technology. Not `inert` and no `overflow: hidden`: on a page
    // of X's weight either one restyles every element (40–170 ms of this tab's main thread).
    // The reader covers the viewport, keeps focus (`onPageFocus`) and contains its own
    // scrolling (`overscroll-behavior` in reader.css), which is what they were for.
    for (const child of document.body ? document.body.children : []) {
      if (child === host) continue;
      state.hidden.push([child, child.getAttribute("aria-hidden")]);
      child.setAttribute("aria-hidden", "true");
    }

    function onReaderReady(event) {
      if (reader !== state || event.source !== iframe.contentWindow || event.origin !== extensionOrigin) return;
      if (event.data?.type !== MSG.ready || state.port) return;
      event.stopImmediatePropagation();
      window.removeEventListener("message", onReaderReady, true);
      // Focus first (the reader puts its own focus back when the connection arrives), and only
      // now: focusing the frame before its document is ours leaves no document focused.
      iframe.focus();
      const channel = new MessageChannel();
      state.port = channel.port1;
      channel.port1.onmessage = (message) => onReaderMessage(state, message.data);
      // The target origin keeps the port and the page's content away from anything but our reader.
      iframe.contentWindow.postMessage({ type: MSG.connect }, extensionOrigin, [channel.port2]);
      state.snapshot.then((page) => {
        // Too big for one runtime message: it goes by the channel, in pieces the reader adds one
        // task at a time.
        if (reader === state && state.handedOver === false) channel.port1.postMessage(page);
      });
    }
  }

  // Focus that lands on the page (Tab past the reader's last control, a page script) goes back.
  function onPageFocus(event) {
    if (!reader || event.target === reader.host) return;
    reader.iframe.focus();
  }

  function onReaderMessage(state, data) {
    if (reader !== state || !data || typeof data.type !== "string") return;
    if (data.type === MSG.hello) clearTimeout(state.helloTimer);
    if (data.type === MSG.close) closeReader();
    if (data.type === MSG.step) collectStep(state, data);
    // The reader could not take the snapshot from the background: it comes this way instead
    // (unless it already did, being too big for the background).
    if (data.type === MSG.sendPage) {
      state.snapshot.then((page) => {
        if (!state.handedOver) return;
        state.handedOver = false;
        state.port?.postMessage(page);
      });
    }
    if (data.type === MSG.scrollBack) scrollBack(state);
  }

  // ---- collection: one step = click what the collector named, or scroll; wait; snapshot ----

  // Resolves once the page has drawn its next frame (a task queued from requestAnimationFrame
  // runs after that frame's rendering).
  const afterNextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

  // An end counts only once the page had its chance to load more there.
  function viewportState(waitedForLoad) {
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

  async function collectStep(state, { id, direction, click, back, loading }) {
    let actStart = performance.now();
    // Watch before acting: a click may change the page synchronously.
    const watch = watchMutations();
    const clicked = [];
    const targets = (Array.isArray(click) ? click : []).map((ref) => refs.get(String(ref))).filter((el) => el?.isConnected);
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
        if (reader !== state) return;
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
        if (reader !== state) return;
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
    const atEndWait = direction !== "wait" && loading === false ? END_QUIET_MS : loadWaitMs;
    // Not by a click: staying by an opened "Show replies" is what brings its posts on screen.
    const peek = clicked.length === 0 && !back && direction !== "wait" ? peekOnGrowth(state, direction, scroller) : null;
    const grew = await watch.settle(clicked.length > 0 ? loadWaitMs : expectLoad ? atEndWait : QUIET_MS, peek);
    if (expectLoad && grew && atEndWait === loadWaitMs) learnLoadTime(performance.now() - settleStart);
    if (reader !== state || !state.port) return;
    trackPlace(state);
    const snapshotStart = performance.now();
    const pieces = await snapshotPage(state.host);
    if (reader !== state || !state.port) return;
    state.port.postMessage({
      type: MSG.snapshot,
      id,
      pieces,
      viewport: { ...viewportState(expectLoad && !grew), scrolledUp, clickDidNothing: clicked.length > 0 && !grew },
      timings: { settleMs: snapshotStart - settleStart, snapshotMs: performance.now() - snapshotStart, longestBusyMs },
    });
    // Sending is part of the same task: it counts in the next report.
    longestBusyMs = 0;
    noteBusy(lastSliceStart);
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

  // Starts watching the page's DOM. `settle(firstWaitMs, peek)` resolves once the page has drawn one
  // whole frame without changing it and QUIET_MS have passed since its last change, or after
  // `firstWaitMs` if nothing changed at all; `true` if anything changed since watching began.
  // `peek`, if given, runs after each frame; while it says it moved the page, no frame is quiet.
  // Counting frames, not only time: a page that mounts rows frame by frame is never read
  // half-way, however slow its frames are (just after the reader opens, X's take 40–60 ms).
  function watchMutations() {
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

  function onPageKeydown(event) {
    if (event.key === "Escape" && reader) {
      event.preventDefault();
      event.stopImmediatePropagation();
      closeReader();
    }
  }

  function closeReader() {
    const state = reader;
    if (!state) return;
    reader = null;
    clearTimeout(state.helloTimer);
    window.removeEventListener("keydown", onPageKeydown, true);
    window.removeEventListener("focusin", onPageFocus, true);
    window.removeEventListener("message", state.onReady, true);
    if (state.port) state.port.close();
    state.host.remove();
    for (const [el, ariaHidden] of state.hidden) {
      if (ariaHidden === null) el.removeAttribute("aria-hidden");
      else el.setAttribute("aria-hidden", ariaHidden);
    }
    const focused = state.focused;
    if (focused && focused !== document.body && focused.isConnected && typeof focused.focus === "function") {
      focused.focus({ preventScroll: true });
    }
    window.scrollTo({ left: state.scrollX, top: placeScrollY(state), behavior: "instant" });
  }

  // ---- the reader's place on the page ----
  // Collection loads posts above the one the reader was reading (a thread opened on its middle or
  // last post), so afterwards the same scroll offset shows other posts. The place is therefore
  // kept as the post at the top of the viewport and its distance from the viewport's top. A
  // virtualized list unmounts and remounts posts, so the post is recognised by the links it holds
  // (its author, its own permalink, its mentions), which every copy of it repeats.

  function articleKey(article) {
    let key = "";
    for (const link of article.querySelectorAll("a[href]")) key += link.getAttribute("href") + " ";
    return key;
  }

  // The posts within two viewports of the screen, by `articleKey`, with their distance from the
  // page's top (a virtualized list mounts about that much; a page that mounts everything has
  // no need to be read further).
  function postsNearScreen() {
    const posts = new Map();
    const height = window.innerHeight;
    for (const article of pageRoot().querySelectorAll(POST)) {
      const { top, bottom } = article.getBoundingClientRect();
      if (bottom > -2 * height && top < 3 * height) posts.set(articleKey(article), { top: window.scrollY + top, bottom: window.scrollY + bottom });
    }
    posts.delete("");
    return posts;
  }

  // The post at the top of the viewport, and where the posts around it are.
  function placeOnScreen() {
    const near = postsNearScreen();
    let place = null;
    for (const [key, box] of near) {
      const top = box.top - window.scrollY;
      const onScreen = box.bottom > window.scrollY && top < window.innerHeight;
      if (onScreen && (!place || top < place.top)) place = { key, top, pageTop: box.top, near };
    }
    return place;
  }

  function findPlace(place) {
    for (const article of pageRoot().querySelectorAll(POST)) {
      if (articleKey(article) === place.key) return article;
    }
    return null;
  }

  // After each settled step: where that post is now. When it is mounted, that is read off the
  // page. Otherwise a post seen at the previous step too, and above it, tells how far the page
  // moved the content there (posts loaded or re-measured above both move both alike).
  function trackPlace(state) {
    const place = state.place;
    if (!place) return;
    const near = postsNearScreen();
    if (near.has(place.key)) {
      place.pageTop = near.get(place.key).top;
    } else {
      for (const [key, box] of near) {
        const before = place.near.get(key);
        if (before !== undefined && before.top < place.pageTop) {
          place.pageTop += box.top - before.top;
          break;
        }
      }
    }
    place.near = near;
  }

  function placeScrollY(state) {
    return state.place ? Math.max(0, state.place.pageTop - state.place.top) : state.scrollY;
  }

  // Collection is over: the post the reader was reading goes back where it was on the screen.
  async function scrollBack(state) {
    // Watch only when there is a post to look for: an unsettled watch keeps its observer.
    const watch = state.place && watchMutations();
    window.scrollTo({ left: state.scrollX, top: placeScrollY(state), behavior: "instant" });
    if (!watch) return;
    // The page mounts the rows there (and may correct their heights): look once it has settled.
    await watch.settle(QUIET_MS);
    if (reader !== state) return;
    const article = findPlace(state.place);
    if (!article) return;
    window.scrollBy({ top: article.getBoundingClientRect().top - state.place.top, behavior: "instant" });
    state.place.pageTop = window.scrollY + state.place.top;
  }

  // ---- the polite notice ----

  function showNotice(text) {
    if (notice) notice.remove();
    const host = document.createElement("unspool-notice");
    setStyles(host, {
      all: "initial", position: "fixed", top: "16px", left: "50%", transform: "translateX(-50%)",
      "z-index": "2147483647", display: "block", "max-width": "min(92vw, 440px)",
    });
    const box = document.createElement("div");
    box.setAttribute("role", "status");
    setStyles(box, {
      display: "flex", "align-items": "flex-start", gap: "12px", padding: "12px 12px 12px 16px",
      background: "#1d1f23", color: "#f4f5f7", "border-radius": "12px",
      "box-shadow": "0 8px 28px rgba(0,0,0,.28)",
      font: '500 14px/1.45 ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    });
    const label = document.createElement("span");
    label.textContent = text;
    setStyles(label, { flex: "1", "padding-top": "2px" });
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.textContent = "✕";
    dismiss.setAttribute("aria-label", message("dismiss"));
    setStyles(dismiss, {
      all: "unset", cursor: "pointer", padding: "2px 8px", "border-radius": "6px",
      color: "#c9ccd1", "font-size": "14px", "line-height": "22px",
    });
    box.append(label, dismiss);
    host.attachShadow({ mode: "open" }).append(box);
    (document.body || document.documentElement).append(host);
    notice = host;
    const remove = () => {
      clearTimeout(timer);
      host.remove();
      if (notice === host) notice = null;
    };
    const timer = setTimeout(remove, 6000);
    dismiss.addEventListener("click", remove);
  }

  // `snapshot` is for tests; both live in the content script's isolated world, out of the page's reach.
  globalThis.unspool = { toggle, snapshot: () => snapshotPage(null).then((pieces) => pieces.join("")) };
  toggle();
})();
