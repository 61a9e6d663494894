// @ts-check
// The page reduced to what the extractor reads: `main` (or the body) written out as compact
// regular HTML with only the attributes the Rust tables keep, no svg, no skipped roles, and a
// reference number on every button (and on links outside posts) so the collector can name one
// to click. Why here and not in the Wasm: walking the page in its own tab, in slices, keeps the
// boundary to one string per piece, and the lists come from the Rust tables (UNSPOOL_SPEC, injected
// by tools/build.mjs), so the two sides cannot drift. It also keeps the account of how long it
// held the page's main thread, which each snapshot reports.

// What the snapshot keeps and leaves out, and what a post is: the Rust tables' own lists.
const KEPT = new Set(UNSPOOL_SPEC.keptAttributes);
const KEPT_CLASSES = new Set(UNSPOOL_SPEC.keptClasses);
const KEPT_CLASS_PREFIXES = UNSPOOL_SPEC.keptClassPrefixes;
const KEPT_STYLE_LIST = UNSPOOL_SPEC.keptStyleProperties;
const KEPT_STYLE_PROPERTIES = new Set(KEPT_STYLE_LIST);
const SKIPPED = new Set(UNSPOOL_SPEC.skippedElements);
const SKIPPED_ROLES = new Set(UNSPOOL_SPEC.skippedRoles);
const VOID = new Set(UNSPOOL_SPEC.voidElements);
export const POST = UNSPOOL_SPEC.postSelector;
const COLLECTED_POST = UNSPOOL_SPEC.collectedPostSelector;
const REF_ATTRIBUTE = "data-unspool-ref";
// Pages whose extractor reads class tokens (a Mastodon status, an X Article). Elsewhere a class
// is skipped unread, as any attribute no site keeps: X's atomic class lists are long, and reading
// and splitting one per element tripled the snapshot of an X thread.
const CLASS_PAGE = UNSPOOL_SPEC.classPageSelector;
let classesWanted = false;

// What is read, watched and searched for posts: `main` when it holds the posts, else the whole
// body (a page without `main`, or whose posts are outside it).
export function pageRoot() {
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

// Virtualized rows are placed with `transform: translateY(…)`; an Article's bold, italic and
// struck-through text is an inline declaration of one of KEPT_STYLE_PROPERTIES. Nothing else
// in a style matters.
function keptStyle(style) {
  const match = /(?:^|;)\s*(transform\s*:[^;]*translateY\([^)]*\)[^;]*)/i.exec(style);
  const kept = match ? [match[1].trim()] : [];
  if (KEPT_STYLE_LIST.some((p) => style.includes(p))) {
    for (const declaration of style.split(";")) {
      const property = declaration.split(":")[0].trim().toLowerCase();
      if (KEPT_STYLE_PROPERTIES.has(property)) kept.push(declaration.trim());
    }
  }
  return kept.join("; ");
}

// Of a class, only the tokens a site reads (Mastodon's, an X Article's by prefix), as
// `site::kept_classes` does: X's atomic class names are most of its bytes and keep none.
function keptClasses(value) {
  let kept = "";
  for (const token of value.split(/\s+/)) {
    if (KEPT_CLASSES.has(token) || KEPT_CLASS_PREFIXES.some((p) => token.startsWith(p))) {
      kept += kept ? " " + token : token;
    }
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
      if (name === "class") {
        if (!classesWanted) continue;
        const kept = keptClasses(el.getAttribute(name) ?? "");
        if (kept) tag += ' class="' + escapeAttribute(kept) + '"';
        continue;
      }
      if (!KEPT.has(name) || name === REF_ATTRIBUTE) continue;
      let value = el.getAttribute(name);
      if (name === "style") {
        value = keptStyle(value);
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
  classesWanted = document.querySelector(CLASS_PAGE) !== null;
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
export async function snapshotPage(leaveOut, sliceMs = 30) {
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
export function noteBusy(since) {
  longestBusyMs = Math.max(longestBusyMs, performance.now() - since);
}

/** The element a snapshot's reference number stands for (see `openTag`), if still on the page. */
export function referenced(ref) {
  const el = refs.get(String(ref));
  return el?.isConnected ? el : null;
}

/** The longest stretch reported since the last `startBusyCount`. */
export function longestBusy() {
  return longestBusyMs;
}

// After a snapshot is sent: the next report counts from the task that sent it (sending is part
// of that task).
export function startBusyCount() {
  longestBusyMs = 0;
  noteBusy(lastSliceStart);
}
