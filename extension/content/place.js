// @ts-check
// Keeping the reader's place on the page. Collection loads posts above the one the reader was
// reading (a thread opened on its middle or last post), so afterwards the same scroll offset
// shows other posts. The place is therefore kept as the post at the top of the viewport and its
// distance from the viewport's top, followed after every step, and put back once collection is
// over (and when the reader closes). A virtualized list unmounts and remounts posts, so the post
// is recognised by the links it holds (its author, its own permalink, its mentions), which every
// copy of it repeats.

import { POST, pageRoot } from "./snapshot.js";
import { watchMutations, QUIET_MS } from "./settle.js";

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
export function placeOnScreen() {
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
export function trackPlace(state) {
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

export function placeScrollY(state) {
  return state.place ? Math.max(0, state.place.pageTop - state.place.top) : state.scrollY;
}

// Collection is over: the post the reader was reading goes back where it was on the screen.
export async function scrollBack(state) {
  // Watch only when there is a post to look for: an unsettled watch keeps its observer.
  const watch = state.place && watchMutations();
  window.scrollTo({ left: state.scrollX, top: placeScrollY(state), behavior: "instant" });
  if (!watch) return;
  // The page mounts the rows there (and may correct their heights): look once it has settled.
  await watch.settle(QUIET_MS);
  if (state.closed) return;
  const article = findPlace(state.place);
  if (!article) return;
  window.scrollBy({ top: article.getBoundingClientRect().top - state.place.top, behavior: "instant" });
  state.place.pageTop = window.scrollY + state.place.top;
}
