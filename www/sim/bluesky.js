// Live simulation of a long thread on bsky.app, for the end-to-end tests and the playground:
// the page loads what bsky.app's post page loads as it is scrolled (social-app's PostThread over
// List.web.tsx). Every row it rendered stays mounted; a sentinel at the list's top, watched with
// a root margin of one viewport, adds the next PARENT_CHUNK parents above when it comes into
// view, and one at the bottom (two viewports' margin) the next CHILD_CHUNK replies below. Like
// the real list, a sentinel reports only changes: once a chunk is in, the top must leave the
// view and come back before the next one loads. The data has limits like the API's: past
// `above` parents the top of the list is a "Continue thread" link, past `below` self-replies a
// "Read N more replies" link; both lead to other post pages.
//
// Parameters (query string): posts (the author's chain, default 40), open=head|middle|last|N
// (the focal post), above, below (what the data holds, default all), replies (others' replies
// after the chain, default 3), parentChunk (5), childChunk (50), delay (ms before a chunk
// renders, default 120). Test hooks: window.__sim.

import { row, screen } from "./bluesky-markup.js";

const AUTHOR = "mira.bsky.social";
const OTHER = "tomas.example.com";
const PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
const USERS = {
  [AUTHOR]: { name: "Mira Okafor 🌿", avatar: PIXEL },
  [OTHER]: { name: "Tomás", avatar: PIXEL },
};

const params = new URLSearchParams(location.search);
const int = (name, fallback) => {
  const value = Number.parseInt(params.get(name) ?? "", 10);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
};
const count = Math.max(1, int("posts", 40));
const open = params.get("open") ?? "middle";
const focal = Math.min(count - 1, open === "head" ? 0 : open === "last" ? count - 1 : open === "middle" ? Math.floor(count / 2) : int("open", 0));
const above = int("above", focal);
const below = int("below", count - 1 - focal);
const PARENT_CHUNK = Math.max(1, int("parentChunk", 5));
const CHILD_CHUNK = Math.max(1, int("childChunk", 50));
const delay = int("delay", 120);

const rkey = (i) => `3msim${String(i).padStart(6, "0")}`;
const postUrl = (i) => `/profile/${AUTHOR}/post/${rkey(i)}`;

function chainPost(i) {
  const lines = [`${i + 1}/${count} Notes from the workshop, part ${i + 1}.`, "Each step took longer than planned, and that was the lesson."];
  if (i % 3 === 0) lines.push("Measure twice; solder once.");
  return { rkey: rkey(i), author: AUTHOR, text: [lines.join("\n")], age: `${count - i}m`, shownDate: "January 27, 2026 at 9:00 AM", focal: i === focal };
}

// The list's items above and below the focal post, as the data holds them (nearest first).
const firstParent = focal - Math.min(above, focal);
const parents = [];
for (let i = focal - 1; i >= firstParent; i--) parents.push(chainPost(i));
if (firstParent > 0) parents.push({ continueThread: postUrl(firstParent - 1) });
const lastChild = focal + Math.min(below, count - 1 - focal);
const children = [];
for (let i = focal + 1; i <= lastChild; i++) children.push(chainPost(i));
if (lastChild < count - 1) children.push({ readMore: postUrl(lastChild + 1), count: count - 1 - lastChild });
for (let i = 0; i < int("replies", 3); i++) {
  children.push({ rkey: `3msimreply${i}`, author: OTHER, text: [`Reply ${i + 1}: thanks for writing this up!`], age: "1m", shownDate: "January 27, 2026 at 10:00 AM" });
}

let shownParents = Math.min(PARENT_CHUNK, parents.length);
let shownChildren = Math.min(CHILD_CHUNK, children.length);
const loads = { parents: 0, children: 0 };

const html = (items) => items.map((item) => row(item, USERS)).join("\n");
const fragment = (markup) => document.createRange().createContextualFragment(markup);

function mount() {
  const head = document.head;
  const own = `https://bsky.app${postUrl(focal)}`;
  for (const [tag, attrs] of [["link", { rel: "canonical", href: own }], ["meta", { property: "og:url", content: own }]]) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
    head.append(el);
  }
  document.title = `Post by @${AUTHOR} — Bluesky`;
  const main = document.querySelector("main");
  main.innerHTML = screen({ rows: [] }, USERS);
  const list = main.querySelector('[data-testid="postThreadScreen"] > div:last-child > div');
  const top = document.createElement("div");
  const bottom = document.createElement("div");
  list.append(top, fragment(html([...parents.slice(0, shownParents).reverse(), chainPost(focal), ...children.slice(0, shownChildren)])), bottom);
  // bsky.app puts the focal post at the top of the screen once it has laid out.
  const focalItem = list.querySelector(`[data-testid="postThreadItem-by-${AUTHOR}"]:not([role])`);
  window.scrollTo({ top: focalItem.getBoundingClientRect().top + window.scrollY, behavior: "instant" });
  requestAnimationFrame(() => {
    watch(top, "100% 0px 0px 0px", loadParents);
    watch(bottom, "0px 0px 200% 0px", loadChildren);
  });

  function loadParents() {
    if (shownParents >= parents.length) return;
    const next = parents.slice(shownParents, shownParents + PARENT_CHUNK);
    shownParents += next.length;
    loads.parents += 1;
    setTimeout(() => top.after(fragment(html(next.reverse()))), delay);
  }

  function loadChildren() {
    if (shownChildren >= children.length) return;
    const next = children.slice(shownChildren, shownChildren + CHILD_CHUNK);
    shownChildren += next.length;
    loads.children += 1;
    setTimeout(() => bottom.before(fragment(html(next))), delay);
  }
}

/** Calls `onVisible` each time `el` comes into view (within `margin`), as List.web.tsx's sentinels do. */
function watch(el, margin, onVisible) {
  let visible = false;
  new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting !== visible) {
        visible = entry.isIntersecting;
        if (visible) onVisible();
      }
    }
  }, { rootMargin: margin }).observe(el);
}

mount();

window.__sim = {
  author: AUTHOR,
  focalId: rkey(focal),
  // What a complete collection holds: every chain post the data has, in order.
  expectedIds: Array.from({ length: lastChild - firstParent + 1 }, (_, k) => rkey(firstParent + k)),
  continueThread: firstParent > 0 ? `https://bsky.app${postUrl(firstParent - 1)}` : null,
  readMore: lastChild < count - 1 ? `https://bsky.app${postUrl(lastChild + 1)}` : null,
  // How many chunks came in, above and below (the first may come on load, a sentinel in view).
  loads,
};
