// x-markup.js — renders X-like (x.com, 2025–2026) conversation markup from plain data.
//
// Used twice: by tools/make-fixtures.mjs to write the committed test pages under tests/fixtures/,
// and by the live simulation in www/sim/ (browser). An ES module without dependencies; runs in
// browsers and in Node ≥ 20. Output is deterministic: every generated id comes from a seeded PRNG.
//
// Everything here is written from scratch; it reproduces the *structure* seen in the real captures
// of ../shared/corpus/x/ (read with /tmp/insp/strip.py), never their bytes. Where each structure
// comes from:
//   • Page shell: <link rel=canonical>, main[role=main] > div[data-testid=primaryColumn] > app bar
//     (back button, h2 "Post") > section[role=region] > h1 "Conversation" >
//     div[aria-label="Timeline: Conversation"] > div[style=min-height] > cells; sidebarColumn
//     beside it; logged-out BottomBar with login/signup links and "New to X?" box
//     — metascraper-2026-single-uasmart-image, metascraper-2026-single-forbes-linkcard.
//   • Cells: div[data-testid=cellInnerDiv][style="transform: translateY(Npx); position: absolute;
//     width: 100%;"]; empty separator cells that share the Y of the next cell; "Show replies"
//     cells holding a div[role=button] with three dots and a label; sidebar trends as
//     div[data-testid=trend][role=link] — metascraper-2022-conv-k4rliky-selfreplies.
//   • Article: article[aria-labelledby][role=article][tabindex] (focal "-1", others "0"),
//     data-testid="tweet"; top spacer row (with the 2 px connector when the post continues the
//     one above); Tweet-User-Avatar > UserAvatar-Container-<handle> (style width/height) > nested
//     padding-bottom boxes > a[aria-hidden][tabindex=-1] > background-image div + img[alt=""]
//     — uasmart (focal), k4rliky (replies, connector lines).
//   • User-Name: name link (dir=ltr div, span span name, badge div), handle link (tabindex=-1),
//     then on non-focal posts "·" and a[href=/h/status/id][aria-label] > time[datetime]; caret
//     and Grok buttons beside it — tweetyoink-2025-frag-quote-image-anon; focal posts carry the
//     date at the bottom with "·" and a Views count — forbes-linkcard, frag-single-linkcard.
//   • "Replying to" line above the text on replies — k4rliky (2022; kept for 2025 replies).
//   • tweetText: div[dir=auto][lang][data-testid=tweetText]; text runs in spans keeping "\n";
//     mentions as div > span > a[href=/handle]; hashtags as span > a[href=/hashtag/..];
//     emoji as img[alt][draggable=false][src=abs-0.twimg.com/emoji/v2/svg/<cps>.svg] —
//     uasmart, k4rliky. t.co links: a[href=t.co][rel][target] > span[aria-hidden] scheme + visible
//     text — kikobeats-gif; the hidden remainder and the ellipsis span follow X's display rule.
//   • Photos: a[href=/h/status/id/photo/N] > padding box > div[aria-label][data-testid=tweetPhoto]
//     > background div + img — uasmart; GIF/video: tweetPhoto > … > div[data-testid=
//     placementTracking] > videoPlayer > … > videoComponent > video[poster] — kikobeats-gif,
//     tweetyoink-2025-frag-quote-video-anon (amplify_video_thumb, blob: source).
//   • Link card: card.wrapper > card.layoutLarge.media > a[href=t.co][aria-label="<domain>
//     <title>"] (image + title) and a "From <domain>" link after the wrapper — forbes-linkcard.
//   • Quote: hidden "Quote" label, then div[tabindex=0][role=link] with its own small avatar
//     (div[role=presentation], no link), User-Name without links, date as div[aria-label] > time
//     (no status link), tweetText with line clamp, photo link /h/status/id/photo/1 —
//     tweetyoink-2025-frag-quote-image-anon.
//   • Action bar: div[role=group][aria-label="3 replies, 4 reposts, …"] with reply / retweet /
//     like buttons ("N Replies. Reply"), the analytics link ("N views. View post analytics") on
//     non-focal posts, bookmark and share — all 2025/2026 captures.
// Not in any capture (written from X's documented behaviour, see ../shared/PRODUCT.md): ads
// (article inside placementTracking, "Ad" label, no permalink/time), the "Discover more" heading
// cell, the unavailable-post placeholder (bare article, "This post is unavailable." + Learn more),
// the "Show more" link of long posts (tweet-text-show-more-link), "Show more replies".

// ---------------------------------------------------------------------------------------------
// Escaping and the element builder
// ---------------------------------------------------------------------------------------------

/** Escapes text content. Quotes too, so an attribute-looking string can never appear in text. */
import { articleView, quotedArticlePreview } from './x-article-markup.js';

export function escapeText(s) {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Escapes an attribute value (always emitted double-quoted). */
export function escapeAttr(s) {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const VOID = new Set(['img', 'br', 'meta', 'link', 'input', 'source', 'hr']);

/** Text node. Every piece of page text goes through here. */
const t = (s) => escapeText(s);

/** `<tag attrs>children</tag>`. Children are HTML strings (use `t()` for text); null/false skip. */
function h(tag, attrs, ...children) {
  let out = '<' + tag;
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    out += v === true ? ` ${k}=""` : ` ${k}="${escapeAttr(v)}"`;
  }
  out += '>';
  if (VOID.has(tag)) return out;
  return out + flat(children) + `</${tag}>`;
}

function flat(children) {
  let out = '';
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    out += Array.isArray(c) ? flat(c) : c;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness (ids like X's "id__k2j9x0a1b")
// ---------------------------------------------------------------------------------------------

function hash32(str) {
  let h1 = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h1 ^= str.charCodeAt(i);
    h1 = Math.imul(h1, 0x01000193) >>> 0;
  }
  return h1 >>> 0;
}

function rng(seed) {
  let a = hash32(String(seed)) || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function idMaker(seed) {
  const r = rng('ids:' + seed);
  return () => {
    let s = 'id__';
    const n = 9 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) s += '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(r() * 36)];
    return s;
  };
}

// ---------------------------------------------------------------------------------------------
// Atomic classes: X's React Native Web styles are one class per declaration ("r-18u37iz").
// Ours are named from a hash of a readable key, with a stylesheet so pages look right in a
// browser (the live simulation). The extractor never reads classes.
// ---------------------------------------------------------------------------------------------

const BASE = {
  v: 'css-175oi2r', // a View
  t: 'css-146c3p1', // a Text block
  s: 'css-1jxf684', // an inline Text
  i: 'css-9pa8cd', // an image
};

const ATOMS = {
  // Resets RNW repeats on every text and view (listed first so specific atoms win).
  vx: '-webkit-tap-highlight-color:rgba(0,0,0,0)',
  tx1: 'min-width:0px',
  tx2: 'overflow-wrap:break-word',
  tx3: 'text-rendering:optimizeLegibility',
  tx4: '-webkit-font-smoothing:antialiased',
  sx1: 'font-family:inherit',
  sx2: 'white-space:inherit',
  row: 'flex-direction:row',
  grow: 'flex-grow:1',
  shrink: 'flex-shrink:1',
  basis0: 'flex-basis:0px',
  center: 'align-items:center',
  start: 'align-items:flex-start',
  jcenter: 'justify-content:center',
  between: 'justify-content:space-between',
  wrap: 'flex-wrap:wrap',
  abs: 'position:absolute',
  fill: 'top:0px;left:0px;right:0px;bottom:0px',
  ovh: 'overflow:hidden',
  ellip: 'text-overflow:ellipsis;white-space:nowrap',
  round: 'border-radius:9999px',
  r16: 'border-radius:16px',
  border: 'border-width:1px;border-style:solid;border-color:rgb(47,51,54)',
  borderB: 'border-bottom-width:1px;border-bottom-style:solid;border-bottom-color:rgb(47,51,54)',
  px16: 'padding-left:16px;padding-right:16px',
  px12: 'padding-left:12px;padding-right:12px',
  py12: 'padding-top:12px;padding-bottom:12px',
  pt4: 'padding-top:4px',
  pt12: 'padding-top:12px',
  pb12: 'padding-bottom:12px',
  mt2: 'margin-top:2px',
  mt4: 'margin-top:4px',
  mt12: 'margin-top:12px',
  mb2: 'margin-bottom:2px',
  mr4: 'margin-right:4px',
  mr8: 'margin-right:8px',
  ml4: 'margin-left:4px',
  gap2: 'gap:2px',
  avcol: 'flex-basis:40px;margin-right:8px;align-items:center',
  avcolq: 'margin-right:4px',
  line: 'width:2px;flex-grow:1;margin-top:4px;background-color:rgb(51,54,57)',
  lineTop: 'width:2px;height:12px;margin-left:19px;background-color:rgb(51,54,57)',
  bg: 'background-size:cover;background-position:center center;background-repeat:no-repeat',
  under: 'position:absolute;top:0px;left:0px;width:100%;height:100%;opacity:0;z-index:-1',
  pre: 'white-space:pre-wrap',
  brk: 'overflow-wrap:break-word;word-break:break-word',
  f13: 'font-size:13px;line-height:16px',
  f15: 'font-size:15px;line-height:20px',
  f17: 'font-size:17px;line-height:24px',
  f20: 'font-size:20px;line-height:24px',
  bold: 'font-weight:700',
  w400: 'font-weight:400',
  chirp: 'font-family:TwitterChirp,-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif',
  inh: 'font-family:inherit;font-size:inherit;line-height:inherit;color:inherit',
  nodec: 'text-decoration:none',
  ptr: 'cursor:pointer',
  trans: 'transition-property:background-color,box-shadow;transition-duration:0.2s',
  clip: 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(1px,1px,1px,1px);white-space:nowrap',
  zeroW: 'position:absolute;opacity:0;font-size:0px;line-height:0px;width:0px;height:0px;overflow:hidden',
  emoji: 'height:1.2em;width:1.2em;margin-left:0.075em;margin-right:0.075em;vertical-align:-20%;display:inline-block',
  icon: 'height:1.25em;fill:currentColor;max-width:100%;position:relative;user-select:none;vertical-align:text-bottom;display:inline-block',
  icon18: 'height:18.75px;width:18.75px',
  icon26: 'height:26.25px;width:26.25px',
  inlineF: 'display:inline-flex',
  inl: 'display:inline',
  minw0: 'min-width:0px',
  maxw: 'max-width:100%',
  fgc: 'color:rgb(231,233,234)',
  mutc: 'color:rgb(113,118,123)',
  linkc: 'color:rgb(29,155,240)',
  bgBlack: 'background-color:rgb(0,0,0)',
  bgPanel: 'background-color:rgb(22,24,28)',
  btnLight: 'background-color:rgb(239,243,244);color:rgb(15,20,25)',
  btnBlue: 'background-color:rgb(29,155,240);color:rgb(255,255,255)',
  pill: 'min-height:36px;padding-left:16px;padding-right:16px;border-radius:9999px',
  hgt0: 'height:0px',
  h53: 'height:53px',
  w600: 'width:600px;max-width:600px',
  w350: 'width:350px;margin-left:30px',
  w275: 'width:275px',
  sticky: 'position:sticky;top:0px;z-index:3',
  blur: 'background-color:rgba(0,0,0,0.65);backdrop-filter:blur(12px)',
  dots: 'width:2px;height:2px;margin-top:2px;background-color:rgb(51,54,57)',
  clamp: 'display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden',
  quoteBox: 'border-width:1px;border-style:solid;border-color:rgb(47,51,54);border-radius:16px;overflow:hidden;margin-top:12px',
  media: 'border-width:1px;border-style:solid;border-color:rgb(47,51,54);border-radius:16px;overflow:hidden;margin-top:12px',
  badge: 'position:absolute;left:12px;bottom:12px;padding:0 4px;border-radius:4px;background-color:rgba(0,0,0,0.77);color:#fff',
  cardTitle: 'position:absolute;left:12px;bottom:12px;max-width:calc(100% - 24px);padding:0 4px;border-radius:4px;background-color:rgba(0,0,0,0.77);color:#fff',
  actBar: 'justify-content:space-between;max-width:600px;margin-top:12px;height:32px',
  actItem: 'flex-grow:1;flex-basis:0px;justify-content:flex-start',
  hov: 'position:absolute;top:-8px;left:-8px;right:-8px;bottom:-8px;border-radius:9999px',
  bar: 'position:absolute;bottom:0px;width:100%',
  nav: 'width:275px;padding-left:8px;padding-right:8px;height:100vh;position:sticky;top:0px',
  navItem: 'padding:12px;border-radius:9999px;flex-direction:row;align-items:center',
  trend: 'padding:12px 16px',
  r4: 'border-radius:4px',
  bgGrey: 'background-color:rgb(32,35,39)',
  unav: 'background-color:rgb(22,24,28);border-radius:16px;padding:16px;border-width:1px;border-style:solid;border-color:rgb(47,51,54)',
  sepH: 'height:1px',
  z1: 'z-index:1',
};

const TOKEN = {};
{
  const seen = new Set();
  for (const key of Object.keys(ATOMS)) {
    let salt = 0;
    let tok;
    do {
      tok = 'r-' + hash32(key + ':' + salt).toString(36).slice(0, 7).padStart(6, '0');
      salt++;
    } while (seen.has(tok));
    seen.add(tok);
    TOKEN[key] = tok;
  }
}

const BASE_ATOMS = { v: ['vx'], t: ['tx1', 'tx2', 'tx3', 'tx4'], s: ['tx1', 'tx2', 'tx3', 'sx1', 'sx2'], i: [] };

function cls(base, keys) {
  return [BASE[base], ...BASE_ATOMS[base].concat(keys).map((k) => {
    if (!(k in TOKEN)) throw new Error('x-markup: unknown atom ' + k);
    return TOKEN[k];
  })].join(' ');
}
/** Class of a View, a Text block, an inline span, an image, or bare atoms. */
const V = (...k) => cls('v', k);
const T = (...k) => cls('t', k);
const S = (...k) => cls('s', k);
const I = (...k) => cls('i', k);
const A = (...k) => k.map((x) => TOKEN[x]).join(' ');

/** The stylesheet for every atom (X ships its own as one <style id="react-native-stylesheet">). */
export function stylesheet() {
  const rules = [
    'html{-ms-text-size-adjust:100%;-webkit-text-size-adjust:100%;-webkit-tap-highlight-color:rgba(0,0,0,0);height:100%}',
    'body{margin:0;background-color:rgb(0,0,0);color:rgb(231,233,234);overflow-y:scroll}',
    'button::-moz-focus-inner,input::-moz-focus-inner{border:0;padding:0}',
    `.${BASE.v}{align-items:stretch;border:0 solid black;box-sizing:border-box;display:flex;flex-basis:auto;flex-direction:column;flex-shrink:0;list-style:none;margin:0px;min-height:0px;min-width:0px;padding:0px;position:relative;text-decoration:none;z-index:0}`,
    `.${BASE.t}{background-color:rgba(0,0,0,0);border:0 solid black;box-sizing:border-box;color:rgba(0,0,0,1);display:inline;font:14px -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;list-style:none;margin:0px;padding:0px;position:relative;text-align:inherit;text-decoration:none;white-space:pre-wrap;word-wrap:break-word}`,
    `.${BASE.s}{background-color:rgba(0,0,0,0);border:0 solid black;box-sizing:border-box;color:inherit;display:inline;font:inherit;list-style:none;margin:0px;padding:0px;position:relative;text-align:inherit;text-decoration:none;white-space:inherit;word-wrap:break-word}`,
    `.${BASE.i}{bottom:0px;height:100%;left:0px;opacity:0;position:absolute;right:0px;top:0px;width:100%;z-index:-1}`,
    'button{background:none;border:0;padding:0;margin:0;font:inherit;color:inherit;cursor:pointer;text-align:inherit}',
    'a{color:inherit}',
    'video{display:block}',
  ];
  for (const [k, css] of Object.entries(ATOMS)) rules.push(`.${TOKEN[k]}{${css}}`);
  return rules.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Icons: our own simple path data (X's icons are inline SVG, about 0.5–1.5 KB each).
// ---------------------------------------------------------------------------------------------

const ICON_PATHS = {
  reply: 'M2.5 11c0-4.42 3.58-8 8-8h3.1c4.36 0 7.9 3.54 7.9 7.9 0 2.9-1.58 5.57-4.12 6.96L9.5 21.6v-3.6h-.02C5.6 18.1 2.5 14.92 2.5 11zm8-6c-3.31 0-6 2.69-6 6 0 3.36 2.76 6.06 6.12 6l.38-.01h1V18.2l4.55-2.5c1.9-1.04 3.05-3.03 3.05-5.19 0-3.23-2.67-5.51-5.9-5.51H10.5z',
  retweet: 'M4.75 3.79l4.6 4.3-1.36 1.46L5.75 7.46V16c0 1.1.9 2 2 2H13v2H7.75c-2.2 0-4-1.79-4-4V7.46L1.51 9.55.15 8.09l4.6-4.3zm11.5 2.71H11v-2h5.25c2.2 0 4 1.79 4 4v8.54l2.24-2.09 1.36 1.46-4.6 4.3-4.6-4.3 1.36-1.46 2.24 2.09V8.5c0-1.1-.9-2-2-2z',
  like: 'M16.5 3.5c-1.72-.07-3.37.67-4.5 1.96C10.87 4.17 9.22 3.43 7.5 3.5 4.46 3.5 2 5.97 2 9.01c0 2.38 1.3 4.53 3.25 6.47 1.93 1.92 4.39 3.62 6.17 4.83l.58.4.58-.4c1.78-1.21 4.24-2.91 6.17-4.83C20.7 13.54 22 11.39 22 9.01 22 5.97 19.54 3.5 16.5 3.5zm1.84 10.56c-1.66 1.65-3.78 3.15-6.34 4.9-2.56-1.75-4.68-3.25-6.34-4.9C4.09 12.5 4 10.93 4 9.01 4 7.07 5.56 5.5 7.5 5.5c1.31-.04 2.52.7 3.09 1.88l.9 1.62h1.02l.9-1.62c.57-1.18 1.78-1.92 3.09-1.88 1.94 0 3.5 1.57 3.5 3.51 0 1.92-.09 3.49-1.66 5.05z',
  views: 'M8.5 20.25V9.5h2v10.75h-2zm-5.25 0v-6.5h2v6.5h-2zm10.5 0V3.75h2v16.5h-2zm5.25 0v-9h2v9h-2z',
  bookmark: 'M4.5 4.25C4.5 3.01 5.51 2 6.75 2h10.5c1.24 0 2.25 1.01 2.25 2.25v17.74l-7.5-5.36-7.5 5.36V4.25zM6.75 4c-.14 0-.25.11-.25.25v13.86l5.5-3.93 5.5 3.93V4.25c0-.14-.11-.25-.25-.25H6.75z',
  share: 'M12 2.59l5.7 5.7-1.41 1.42L13 6.41V16h-2V6.41l-3.29 3.3-1.41-1.42L12 2.59zM21 15l-.02 3.51c0 1.38-1.12 2.49-2.5 2.49H5.5C4.11 21 3 19.88 3 18.5V15h2v3.5c0 .28.22.5.5.5h12.98c.28 0 .5-.22.5-.5L19 15h2z',
  more: 'M3.25 12c0-1.1.9-2 2-2s2 .9 2 2-.9 2-2 2-2-.9-2-2zm8.75 2c1.1 0 2-.9 2-2s-.9-2-2-2-2 .9-2 2 .9 2 2 2zm6.75 0c1.1 0 2-.9 2-2s-.9-2-2-2-2 .9-2 2 .9 2 2 2z',
  verified: 'M21.9 12.5l-1.7-2.3.4-2.9-2.8-.9-1.3-2.6-2.9.5L11.5 2.6 9.3 4.3 6.4 3.8 5.1 6.4l-2.8.9.4 2.9L1 12.5l1.7 2.3-.4 2.9 2.8.9 1.3 2.6 2.9-.5 2.2 1.7 2.2-1.7 2.9.5 1.3-2.6 2.8-.9-.4-2.9 1.6-2.3zm-11.3 4.3l-3.9-3.9 1.4-1.4 2.5 2.5 5.6-5.6 1.4 1.4-7 7z',
  grok: 'M3.5 3.5h17v17h-17v-17zm2 2v13h13v-13h-13zm9.05 1.7l1.8.86-4.9 10.24-1.8-.86 4.9-10.24z',
  play: 'M7.25 4.2v15.6L20.75 12 7.25 4.2z',
  pause: 'M5.25 3h4.5v18h-4.5V3zm9 0h4.5v18h-4.5V3z',
  volume: 'M3.5 9h3.8L12.5 4.6v14.8L7.3 15H3.5V9zm2 2v2h2.5l2.5 2.1V8.9L8 11H5.5zm10.8-3.7c1.3 1.2 2.2 2.9 2.2 4.7s-.9 3.5-2.2 4.7l-1.4-1.4c.9-.8 1.6-2 1.6-3.3s-.7-2.5-1.6-3.3l1.4-1.4z',
  back: 'M7.41 13l5.29 5.29-1.41 1.42L3.59 12l7.7-7.71 1.41 1.42L7.41 11H21v2H7.41z',
  logo: 'M3.2 3h5.1l4.3 5.9L17.9 3h2.9l-6.9 7.9L21.2 21h-5.1l-4.7-6.4L5.8 21H2.9l7.3-8.3L3.2 3zm2.9 1.7L16.9 19.3h1.4L7.6 4.7H6.1z',
  home: 'M12 1.7L21.5 8.2V22h-7v-7h-5v7h-7V8.2L12 1.7zm-7.5 7.55V20h3v-7h9v7h3V9.25L12 4.13 4.5 9.25z',
  search: 'M10.25 3.75c-3.59 0-6.5 2.91-6.5 6.5s2.91 6.5 6.5 6.5c1.8 0 3.42-.73 4.6-1.91 1.18-1.18 1.9-2.8 1.9-4.59 0-3.59-2.91-6.5-6.5-6.5zm-8.5 6.5c0-4.69 3.8-8.5 8.5-8.5s8.5 3.81 8.5 8.5c0 1.98-.68 3.81-1.82 5.25l4.39 4.38-1.42 1.42-4.38-4.39c-1.44 1.14-3.27 1.82-5.27 1.82-4.7 0-8.5-3.81-8.5-8.48z',
  bell: 'M19.99 19H4.01l.99-4.18V10c0-3.87 3.13-7 7-7s7 3.13 7 7v4.82l.99 4.18zM7 10v5.05L6.54 17h10.92L17 15.05V10c0-2.76-2.24-5-5-5s-5 2.24-5 5zm2.5 10h5c0 1.38-1.12 2.5-2.5 2.5S9.5 21.38 9.5 20z',
  mail: 'M1.99 5.5c0-1.38 1.12-2.5 2.5-2.5h15c1.38 0 2.5 1.12 2.5 2.5v13c0 1.38-1.12 2.5-2.5 2.5h-15c-1.38 0-2.5-1.12-2.5-2.5v-13zm2.5-.5c-.27 0-.5.22-.5.5v.93l8 5.3 8-5.3V5.5c0-.28-.22-.5-.5-.5h-15zm15.5 3.83l-8 5.3-8-5.3V18.5c0 .28.23.5.5.5h15c.28 0 .5-.22.5-.5V8.83z',
  person: 'M12 2.25c-2.35 0-4.25 1.9-4.25 4.25S9.65 10.75 12 10.75s4.25-1.9 4.25-4.25S14.35 2.25 12 2.25zM9.75 6.5C9.75 5.26 10.76 4.25 12 4.25s2.25 1.01 2.25 2.25S13.24 8.75 12 8.75 9.75 7.74 9.75 6.5zM3.35 20.45C4.2 15.64 7.7 13 12 13s7.8 2.64 8.65 7.45l.2 1.05H3.15l.2-1.05zM5.6 19.5h12.8c-.9-2.9-3.37-4.5-6.4-4.5s-5.5 1.6-6.4 4.5z',
  gear: 'M10.54 1.75h2.92l1 2.6c.3.12.58.28.85.45l2.77-.43 1.46 2.52-1.77 2.17c.04.31.04.63 0 .94l1.77 2.17-1.46 2.52-2.77-.43c-.27.17-.55.33-.85.45l-1 2.6h-2.92l-1-2.6c-.3-.12-.58-.28-.85-.45l-2.77.43-1.46-2.52 1.77-2.17c-.04-.31-.04-.63 0-.94L4.36 7.39l1.46-2.52 2.77.43c.27-.17.55-.33.85-.45l1.1-2.6zM12 6.5c-1.93 0-3.5 1.57-3.5 3.5s1.57 3.5 3.5 3.5 3.5-1.57 3.5-3.5-1.57-3.5-3.5-3.5z',
  people: 'M7.5 6.5C7.5 4.57 9.07 3 11 3s3.5 1.57 3.5 3.5S12.93 10 11 10 7.5 8.43 7.5 6.5zM11 5c-.83 0-1.5.67-1.5 1.5S10.17 8 11 8s1.5-.67 1.5-1.5S11.83 5 11 5zm6.5 3c0-1.1.9-2 2-2s2 .9 2 2-.9 2-2 2-2-.9-2-2zM2.35 19.16C3.12 14.6 6.44 12 11 12s7.88 2.6 8.65 7.16L19.85 20.5H2.15l.2-1.34zm2.25-.66h12.8C16.55 15.62 14.2 14 11 14s-5.55 1.62-6.4 4.5z',
  feather: 'M23 3c-6.62-.1-10.38 2.42-13.05 6.03C7.29 12.61 6 17.33 6 22h2c0-1.01.07-2.01.19-3H12c4.14 0 7.43-1.54 9.53-4.44l-1.62-1.16c-.89 1.24-2.08 2.15-3.55 2.72L13 16.5l1.45-1.09c1.8-1.37 2.99-2.69 3.67-4.34l-1.86-.77c-.46 1.12-1.3 2.14-2.69 3.24l-4.9.03c.57-1.67 1.34-3.19 2.32-4.52C13.17 5.96 16.1 4.9 21 5h2V3z',
};

function icon(name, size = 'icon18', extra = {}) {
  return h('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true', class: A('icon', size), ...extra },
    h('g', {}, h('path', { d: ICON_PATHS[name] })));
}

// ---------------------------------------------------------------------------------------------
// Labels (X is localized: the extractor must not read any of these)
// ---------------------------------------------------------------------------------------------

const plural = (n, one, many) => (n === 1 ? one : many);

const LABELS = {
  en: {
    dir: 'ltr',
    conversation: 'Conversation',
    timeline: 'Timeline: Conversation',
    post: 'Post',
    back: 'Back',
    home: 'Home timeline',
    trending: 'Trending',
    more: 'More',
    grok: 'Grok actions',
    replyingTo: 'Replying to ',
    quote: 'Quote',
    showMore: 'Show more',
    views: 'Views',
    ad: 'Ad',
    unavailable: 'This post is unavailable.',
    learnMore: 'Learn more',
    share: 'Share post',
    from: (d) => `From ${d}`,
    embedded: 'Embedded video',
    image: 'Image',
    gif: 'GIF',
    play: 'Play',
    pause: 'Pause',
    mute: 'Mute',
    verified: 'Verified account',
    replyBtn: (n) => `${n} ${plural(n, 'Reply', 'Replies')}. Reply`,
    retweetBtn: (n) => `${n} ${plural(n, 'repost', 'reposts')}. Repost`,
    likeBtn: (n) => `${n} ${plural(n, 'Like', 'Likes')}. Like`,
    viewsLink: (n) => `${n} ${plural(n, 'view', 'views')}. View post analytics`,
    bookmarkBtn: (n) => (n === null ? 'Bookmark' : `${n} ${plural(n, 'Bookmark', 'Bookmarks')}. Bookmark`),
    group: { reply: ['reply', 'replies'], repost: ['repost', 'reposts'], like: ['like', 'likes'], bookmark: ['bookmark', 'bookmarks'], view: ['view', 'views'] },
    whatsHappening: 'What’s happening',
    trendingNow: 'Timeline: Trending now',
    newTo: 'New to X?',
    signupPitch: 'Sign up now to get your own personalized timeline!',
    createAccount: 'Create account',
    login: 'Log in',
    signup: 'Sign up',
    dontMiss: 'Don’t miss what’s happening',
    firstToKnow: 'People on X are the first to know.',
    search: 'Search',
    relevant: 'Relevant people',
    follow: 'Follow',
    postButton: 'Post',
    nav: ['Home', 'Explore', 'Notifications', 'Messages', 'Grok', 'Communities', 'Profile', 'More'],
    footer: ['Terms of Service', 'Privacy Policy', 'Cookie Policy', 'Accessibility', 'Ads info', 'More', '© 2026 X Corp.'],
  },
  ar: {
    dir: 'rtl',
    conversation: 'محادثة',
    timeline: 'الخط الزمني: محادثة',
    post: 'منشور',
    back: 'رجوع',
    home: 'الخط الزمني للصفحة الرئيسية',
    trending: 'المتداول',
    more: 'المزيد',
    grok: 'إجراءات Grok',
    replyingTo: 'ردًا على ',
    quote: 'اقتباس',
    showMore: 'إظهار المزيد',
    views: 'المشاهدات',
    ad: 'إعلان',
    unavailable: 'هذا المنشور غير متاح.',
    learnMore: 'معرفة المزيد',
    share: 'مشاركة المنشور',
    from: (d) => `من ${d}`,
    embedded: 'فيديو مضمّن',
    image: 'صورة',
    gif: 'GIF',
    play: 'تشغيل',
    pause: 'إيقاف مؤقت',
    mute: 'كتم الصوت',
    verified: 'حساب موثّق',
    replyBtn: (n) => `${n} من الردود. رد`,
    retweetBtn: (n) => `${n} من عمليات إعادة النشر. إعادة نشر`,
    likeBtn: (n) => `${n} من الإعجابات. إعجاب`,
    viewsLink: (n) => `${n} من المشاهدات. عرض تحليلات المنشور`,
    bookmarkBtn: (n) => (n === null ? 'إشارة مرجعية' : `${n} من الإشارات المرجعية. إشارة مرجعية`),
    group: { reply: ['رد', 'ردود'], repost: ['إعادة نشر', 'عمليات إعادة نشر'], like: ['إعجاب', 'إعجابات'], bookmark: ['إشارة مرجعية', 'إشارات مرجعية'], view: ['مشاهدة', 'مشاهدات'] },
    whatsHappening: 'ما الذي يحدث',
    trendingNow: 'الخط الزمني: المتداول الآن',
    newTo: 'هل أنت جديد على X؟',
    signupPitch: 'سجّل الآن لتحصل على خطك الزمني الشخصي!',
    createAccount: 'إنشاء حساب',
    login: 'تسجيل الدخول',
    signup: 'التسجيل',
    dontMiss: 'لا تفوّت ما يحدث',
    firstToKnow: 'الناس على X هم أول من يعرف.',
    search: 'بحث',
    relevant: 'أشخاص ذوو صلة',
    follow: 'متابعة',
    postButton: 'نشر',
    nav: ['الرئيسية', 'استكشاف', 'الإشعارات', 'الرسائل', 'Grok', 'المجتمعات', 'الملف الشخصي', 'المزيد'],
    footer: ['شروط الخدمة', 'سياسة الخصوصية', 'سياسة ملفات تعريف الارتباط', 'إمكانية الوصول', 'معلومات الإعلانات', 'المزيد', '© 2026 X Corp.'],
  },
};

function labels(locale) {
  return LABELS[locale] || LABELS.en;
}

// ---------------------------------------------------------------------------------------------
// Numbers and dates, the way X prints them
// ---------------------------------------------------------------------------------------------

function trunc1(x) {
  const v = Math.floor(x * 10) / 10;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** Action-bar counts: 987, 2.5K, 25K, 2.5M (truncated, never rounded up). */
export function shortCount(n) {
  if (!n) return '';
  if (n < 1000) return String(n);
  if (n < 10000) return trunc1(n / 1000) + 'K';
  if (n < 1000000) return Math.floor(n / 1000) + 'K';
  return trunc1(n / 1000000) + 'M';
}

/** The focal post's view count: 3,692 or 29.9K. */
function focalViews(n) {
  if (n < 10000) return n.toLocaleString('en-US');
  if (n < 1000000) return trunc1(n / 1000) + 'K';
  return trunc1(n / 1000000) + 'M';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Focal date line: "9:05 AM · Feb 10, 2026" (UTC, so output never depends on the machine). */
function longDate(iso, locale) {
  const d = new Date(iso);
  if (locale === 'ar') {
    const time = new Intl.DateTimeFormat('ar', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(d);
    const day = new Intl.DateTimeFormat('ar', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
    return `${time} · ${day}`;
  }
  let hr = d.getUTCHours();
  const ampm = hr < 12 ? 'AM' : 'PM';
  hr = hr % 12 || 12;
  const min = String(d.getUTCMinutes()).padStart(2, '0');
  return `${hr}:${min} ${ampm} · ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** Timeline date: "4h" / "Feb 10" / "Feb 10, 2025", with its aria-label. */
function shortDate(iso, now, locale) {
  const d = new Date(iso);
  const ref = now ? new Date(now) : null;
  if (locale === 'ar') {
    const s = new Intl.DateTimeFormat('ar', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
    return { text: s, label: s };
  }
  if (ref) {
    const mins = Math.floor((ref - d) / 60000);
    if (mins >= 0 && mins < 60) return { text: `${mins}m`, label: `${mins} ${plural(mins, 'minute', 'minutes')} ago` };
    if (mins >= 60 && mins < 24 * 60) {
      const hrs = Math.floor(mins / 60);
      return { text: `${hrs}h`, label: `${hrs} ${plural(hrs, 'hour', 'hours')} ago` };
    }
  }
  const sameYear = ref && ref.getUTCFullYear() === d.getUTCFullYear();
  const s = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}` + (sameYear ? '' : `, ${d.getUTCFullYear()}`);
  return { text: s, label: s };
}

// ---------------------------------------------------------------------------------------------
// Emoji (twemoji file names, as X draws them)
// ---------------------------------------------------------------------------------------------

const EMOJI_RE = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
const SEGMENTER = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter('en', { granularity: 'grapheme' }) : null;

/** Twemoji's file name: code points in hex, U+FE0F dropped unless the sequence has a ZWJ. */
export function emojiUrl(seq) {
  let cps = [...seq].map((c) => c.codePointAt(0));
  if (!cps.includes(0x200d)) cps = cps.filter((c) => c !== 0xfe0f);
  return `https://abs-0.twimg.com/emoji/v2/svg/${cps.map((c) => c.toString(16)).join('-')}.svg`;
}

/** Splits plain text into [text, emoji, text, …] pieces. */
function splitEmoji(text) {
  const out = [];
  const graphemes = SEGMENTER ? [...SEGMENTER.segment(text)].map((s) => s.segment) : [...text];
  let buf = '';
  for (const g of graphemes) {
    if (EMOJI_RE.test(g)) {
      if (buf) out.push({ text: buf });
      buf = '';
      out.push({ emoji: g });
    } else buf += g;
  }
  if (buf) out.push({ text: buf });
  return out;
}

function emojiImg(seq) {
  return h('img', { alt: seq, draggable: 'false', src: emojiUrl(seq), class: A('emoji') });
}

/** Inline text with emoji drawn as images (used for names and post text alike). */
function richText(text, spanClass) {
  return splitEmoji(text).map((p) => (p.emoji ? emojiImg(p.emoji) : h('span', { class: spanClass }, t(p.text))));
}

// ---------------------------------------------------------------------------------------------
// Links, as X shortens them
// ---------------------------------------------------------------------------------------------

/** A stable fake t.co address for a URL. */
export function tcoFor(url) {
  const r = rng('tco:' + url);
  let s = '';
  for (let i = 0; i < 10; i++) s += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(r() * 62)];
  return `https://t.co/${s}`;
}

/**
 * How X splits a link's destination for display: a hidden prefix (scheme, and "www."), the
 * visible part (at most 26 characters), a hidden remainder and a visible "…" when cut.
 */
export function splitDisplayUrl(url) {
  const m = /^(https?:\/\/(?:www\.)?)(.*)$/i.exec(url);
  const prefix = m ? m[1] : '';
  const rest = m ? m[2] : url;
  const LIMIT = 26;
  if ([...rest].length <= LIMIT) return { prefix, shown: rest, hidden: '', cut: false };
  const chars = [...rest];
  return { prefix, shown: chars.slice(0, LIMIT).join(''), hidden: chars.slice(LIMIT).join(''), cut: true };
}

const LINK_STYLE = 'color: rgb(29, 155, 240);';

function urlAnchor(run) {
  const { prefix, shown, hidden, cut } = splitDisplayUrl(run.url);
  return h('a', { dir: 'ltr', href: run.tco || tcoFor(run.url), rel: 'noopener noreferrer nofollow', target: '_blank', role: 'link', class: S('ptr', 'linkc'), style: LINK_STYLE },
    prefix ? h('span', { 'aria-hidden': 'true', class: S('zeroW') }, t(prefix)) : null,
    t(shown),
    hidden ? h('span', { 'aria-hidden': 'true', class: S('zeroW') }, t(hidden)) : null,
    cut ? h('span', { 'aria-hidden': 'true', class: S() }, t('…')) : null);
}

/** The runs of a post's text: strings and {mention} {hashtag} {cashtag} {url} {emoji} objects. */
function textRuns(runs) {
  const list = typeof runs === 'string' ? [runs] : runs || [];
  const span = S();
  return list.map((run) => {
    if (typeof run === 'string') return richText(run, span);
    if (run.emoji) return emojiImg(run.emoji);
    if (run.mention) {
      return h('div', { class: V('inlineF') },
        h('span', { class: A('row') },
          h('a', { dir: 'ltr', href: `/${run.mention}`, role: 'link', class: S('ptr', 'linkc'), style: LINK_STYLE }, t('@' + run.mention))));
    }
    if (run.hashtag) {
      return h('span', { class: A('row', 'inl') },
        h('a', { dir: 'ltr', href: `/hashtag/${run.hashtag}?src=hashtag_click`, role: 'link', class: S('ptr', 'linkc'), style: LINK_STYLE }, t('#' + run.hashtag)));
    }
    if (run.cashtag) {
      return h('span', { class: A('row', 'inl') },
        h('a', { dir: 'ltr', href: `/search?q=%24${encodeURIComponent(run.cashtag)}&src=cashtag_click`, role: 'link', class: S('ptr', 'linkc'), style: LINK_STYLE }, t('$' + run.cashtag)));
    }
    if (run.url) return urlAnchor(run);
    if (run.text !== undefined) return richText(run.text, span);
    throw new Error('x-markup: unknown text run ' + JSON.stringify(run));
  });
}

/** The text a reader should get back from runs (for tools that want to check expectations). */
export function plainText(runs) {
  const list = typeof runs === 'string' ? [runs] : runs || [];
  return list.map((r) => (typeof r === 'string' ? r : r.emoji ?? (r.mention ? '@' + r.mention : r.hashtag ? '#' + r.hashtag : r.cashtag ? '$' + r.cashtag : r.url ?? r.text ?? ''))).join('');
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

function userOf(who, users) {
  if (who && typeof who === 'object') return { name: who.handle, ...who };
  const u = (users && users[who]) || {};
  return {
    handle: who,
    name: u.name || who,
    avatar: u.avatar || `https://pbs.twimg.com/profile_images/${1000000000000000000n + BigInt(hash32(String(who)))}/${String(who).slice(0, 4)}Av_x96.jpg`,
    verified: !!u.verified,
  };
}

// ---------------------------------------------------------------------------------------------
// Post parts
// ---------------------------------------------------------------------------------------------

/** The round picture: nested padding boxes, a background-image div and the real img. */
function avatarPicture(url, { linkTo, size }) {
  const bgImg = `background-image: url("${url}");`;
  const picture = h('div', { class: V('ovh', 'round'), style: 'background-color: rgb(0, 0, 0); width: calc(100% - 4px); height: calc(100% - 4px);' },
    h('div', { class: V('ovh') },
      h('div', { class: A(), style: 'padding-bottom: 100%;' }),
      h('div', { class: A('abs', 'fill') },
        h('div', { class: V('abs', 'fill', 'ovh') },
          h('div', { class: V('abs', 'fill', 'bg'), style: bgImg }),
          h('img', { alt: '', draggable: 'true', src: url, class: I() })))));
  const inner = [
    h('div', { class: V('abs', 'round', 'ovh'), style: 'width: calc(100% - 4px); height: calc(100% - 4px);' },
      h('div', { class: V('fill'), style: 'background-color: rgba(0, 0, 0, 0);' })),
    h('div', { class: V('abs', 'round', 'ovh'), style: 'width: calc(100% - 4px); height: calc(100% - 4px);' },
      h('div', { class: V('fill', 'bgBlack') })),
    picture,
    h('div', { class: V('abs', 'round', 'ovh'), style: 'width: calc(100% - 4px); height: calc(100% - 4px);' },
      h('div', { class: V('fill', 'trans') })),
  ];
  const holder = linkTo
    ? h('a', { href: linkTo, 'aria-hidden': 'true', role: 'link', tabindex: '-1', class: V('fill', 'ptr', 'trans'), style: 'background-color: rgba(0, 0, 0, 0);' }, inner)
    : h('div', { 'aria-hidden': 'true', role: 'presentation', tabindex: '-1', class: V('fill'), style: 'background-color: rgba(0, 0, 0, 0);' }, inner);
  return h('div', { class: V('round'), style: `width: ${size}px; height: ${size}px;` },
    h('div', { class: A(), style: 'padding-bottom: 100%;' }),
    h('div', { class: A('abs', 'fill') },
      h('div', { class: V('abs', 'fill', 'round') },
        h('div', { class: A(), style: 'padding-bottom: 100%;' }),
        h('div', { class: A('abs', 'fill') },
          h('div', { class: V('abs', 'round', 'ovh'), style: 'width: calc(100% + 4px); height: calc(100% + 4px);' }, holder)))));
}

function avatarBlock(user, { quoted = false } = {}) {
  const size = quoted ? 24 : 40;
  return h('div', { class: V(quoted ? 'avcolq' : 'minw0'), 'data-testid': 'Tweet-User-Avatar' },
    h('div', { class: V('shrink') },
      h('div', { class: V('shrink', 'ovh') },
        h('div', { class: V('ovh'), 'data-testid': `UserAvatar-Container-${user.handle}`, style: `width: ${size}px; height: ${size}px;` },
          avatarPicture(user.avatar, { linkTo: quoted ? null : `/${user.handle}`, size })))));
}

function verifiedBadge(user, L) {
  return h('div', { dir: 'ltr', class: T('inh', 'row', 'center'), style: 'color: rgb(231, 233, 234);' },
    h('span', { class: S('inlineF') },
      user.verified ? icon('verified', 'icon18', { 'aria-label': L.verified, role: 'img', 'data-testid': 'icon-verified', style: 'color: rgb(29, 155, 240);' }) : null));
}

/** Name, @handle and (outside the focal post) "· date" linking to the post. */
function userNameBlock(user, opts) {
  const { L, ids, link, quoted, dateLink, date } = opts;
  // Timeline posts and quotes: "Name @handle · date" on one line; the focal post stacks them.
  const inline = quoted || !!date;
  const nameInner = h('div', { class: V('row', 'center', 'shrink', 'ovh') },
    h('div', { dir: 'ltr', class: T('f15', 'bold', 'fgc', 'row', 'center', 'ovh', 'chirp'), style: 'color: rgb(231, 233, 234);' },
      h('span', { class: S('ellip', 'ovh') }, h('span', { class: S() }, richText(user.name, S())))),
    verifiedBadge(user, L));
  const handleInner = h('div', { dir: 'ltr', class: T('f15', 'mutc', 'ellip', 'ovh', 'chirp'), style: 'color: rgb(113, 118, 123);' },
    h('span', { class: S() }, t('@' + user.handle)));
  let dateEl = null;
  if (date) {
    const time = h('time', { datetime: date.iso }, t(date.text));
    dateEl = [
      h('div', { dir: 'ltr', 'aria-hidden': 'true', class: T('f15', 'mutc', 'px12'), style: 'color: rgb(113, 118, 123);' }, h('span', { class: S() }, t('·'))),
      h('div', { class: V('row') },
        dateLink
          ? h('a', { href: dateLink, dir: 'ltr', 'aria-label': date.label, role: 'link', class: T('f15', 'mutc', 'ptr', 'nodec'), style: 'color: rgb(113, 118, 123);' }, time)
          : h('div', { class: V('row', 'shrink') }, h('div', { dir: 'ltr', 'aria-label': date.label, class: T('f15', 'mutc'), style: 'color: rgb(113, 118, 123);' }, time))),
    ];
  }
  return h('div', { class: V('shrink', 'ovh', inline ? 'row' : 'minw0', inline ? 'center' : 'minw0'), id: quoted ? null : ids.userName, 'data-testid': 'User-Name' },
    h('div', { class: V('row', 'center', 'shrink', 'ovh') },
      h('div', { class: V('shrink', 'ovh') },
        link
          ? h('a', { href: `/${user.handle}`, role: 'link', class: V('shrink', 'ovh', 'ptr', 'nodec') }, nameInner)
          : h('div', { class: V('shrink', 'ovh') }, nameInner))),
    h('div', { class: V('row', 'shrink', inline ? 'ml4' : 'minw0') },
      h('div', { class: V('row', 'shrink') },
        h('div', { class: V('shrink', 'ovh') },
          link
            ? h('a', { href: `/${user.handle}`, role: 'link', tabindex: '-1', class: V('shrink', 'ovh', 'ptr', 'nodec') }, handleInner)
            : h('div', { tabindex: '-1', class: V('shrink', 'ovh') }, handleInner)),
        dateEl)));
}

function caretButtons(L) {
  const btn = (label, name, extra) => h('button', { 'aria-label': label, role: 'button', class: V('jcenter', 'ptr'), type: 'button', ...extra },
    h('div', { dir: 'ltr', class: T('f15', 'mutc', 'row', 'center'), style: 'color: rgb(113, 118, 123);' },
      h('div', { class: V('inlineF') }, h('div', { class: V('hov', 'trans') }), icon(name))));
  return h('div', { class: V('ml4') },
    h('div', { class: V('row', 'center', 'between') },
      h('div', { class: V('row') }, btn(L.grok, 'grok', {})),
      h('div', { class: V('row', 'center') },
        h('div', { class: V() }, h('div', { class: V('row') }, btn(L.more, 'more', { 'aria-expanded': 'false', 'aria-haspopup': 'menu', 'data-testid': 'caret' }))))));
}

function replyingToLine(handles, L, id) {
  if (!handles || !handles.length) return null;
  const parts = [];
  handles.forEach((hd, i) => {
    if (i > 0) parts.push(t(i === handles.length - 1 ? ' and ' : ', '));
    parts.push(h('div', { class: V('inlineF') },
      h('a', { dir: 'ltr', href: `/${hd}`, role: 'link', class: S('ptr', 'linkc'), style: LINK_STYLE }, h('span', { class: S() }, t('@' + hd)))));
  });
  return h('div', { class: V('mt2') },
    h('div', { dir: 'ltr', class: T('f15', 'mutc', 'chirp'), id, style: 'color: rgb(113, 118, 123);' }, t(L.replyingTo), parts));
}

function tweetTextBlock(post, { L, id, focal, quoted }) {
  const lang = post.lang || 'en';
  const dir = post.dir || 'auto';
  const style = quoted ? '-webkit-line-clamp: 5; color: rgb(231, 233, 234);' : 'color: rgb(231, 233, 234);';
  const text = h('div', { dir, lang, class: T(focal ? 'f17' : 'f15', 'fgc', 'pre', 'brk', 'chirp', quoted ? 'clamp' : 'z1'), id, 'data-testid': 'tweetText', style },
    textRuns(post.text));
  const more = post.truncated && !quoted
    ? h('button', { class: T('f15', 'linkc', 'ptr'), 'data-testid': 'tweet-text-show-more-link', type: 'button', style: LINK_STYLE },
      h('span', { class: S() }, t(L.showMore)))
    : null;
  return h('div', { class: V() }, h('div', { class: V(focal ? 'mt12' : 'mt2') }, text, more));
}

function photoUrl(p, many) {
  // A spec may give the raw src (hostile-content fixture: javascript:, data: URLs).
  if (p.src) return p.src;
  const fmt = p.format || 'jpg';
  const name = p.name || (many ? 'small' : 'medium');
  return `https://pbs.twimg.com/media/${p.id}?format=${fmt}&name=${name}`;
}

function photoTile(p, { href, many, L, ratio, inRow }) {
  const url = photoUrl(p, many);
  const label = p.alt || L.image;
  // Side by side tiles share the row (flex-basis 0); stacked ones take their padding height.
  return h('div', { class: inRow ? V('grow', 'basis0', 'ovh') : V('ovh') },
    h('div', { class: V('grow', 'fill') },
      h('a', { href, role: 'link', class: V('fill', 'ptr') },
        h('div', { class: V('ovh') },
          h('div', { class: A(), style: `padding-bottom: ${ratio}%;` }),
          h('div', { class: A('abs', 'fill') },
            h('div', { 'aria-label': label, class: V('abs', 'fill', 'ovh'), 'data-testid': 'tweetPhoto', style: 'margin: 0px;' },
              h('div', { class: V('abs', 'fill', 'bg'), style: `background-image: url("${url}");` }),
              h('img', { alt: label, draggable: 'true', src: url, class: I() })))))));
}

/** 1–4 photos in X's grid: one; two side by side; one plus a column of two; two by two. */
function photoGrid(photos, { handle, id, L, labelledBy }) {
  const many = photos.length > 1;
  const tile = (p, i, ratio, inRow) => photoTile(p, { href: `/${handle}/status/${id}/photo/${i + 1}`, many, L, ratio, inRow });
  let body;
  if (photos.length === 1) body = tile(photos[0], 0, photos[0].ratio || 56.25, false);
  else if (photos.length === 2) body = h('div', { class: V('row', 'gap2') }, tile(photos[0], 0, 112.5, true), tile(photos[1], 1, 112.5, true));
  else if (photos.length === 3) {
    body = h('div', { class: V('row', 'gap2') }, tile(photos[0], 0, 112.5, true),
      h('div', { class: V('grow', 'basis0', 'gap2') }, tile(photos[1], 1, 112.5 / 2, false), tile(photos[2], 2, 112.5 / 2, false)));
  } else {
    body = h('div', { class: V('gap2') },
      h('div', { class: V('row', 'gap2') }, tile(photos[0], 0, 56.25, true), tile(photos[1], 1, 56.25, true)),
      h('div', { class: V('row', 'gap2') }, tile(photos[2], 2, 56.25, true), tile(photos[3], 3, 56.25, true)));
  }
  return h('div', { class: V() },
    h('div', { 'aria-labelledby': labelledBy, class: V('mt12'), id: null },
      h('div', { class: V() }, h('div', { class: V() }, h('div', { class: V() },
        h('div', { class: V('media') }, h('div', { class: V() }, body)))))));
}

/** GIF or video: tweetPhoto frame > placementTracking > videoPlayer > videoComponent > video. */
function videoBlock(media, { gif, L, seed }) {
  const r = rng('blob:' + seed);
  const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
  const poster = gif
    ? `https://pbs.twimg.com/tweet_video_thumb/${media.id}.jpg`
    : `https://pbs.twimg.com/amplify_video_thumb/${media.mediaId || hash32(media.id)}/img/${media.id}.jpg`;
  const videoAttrs = gif
    ? { preload: 'auto', tabindex: '-1', playsinline: true, 'aria-label': L.embedded, poster, src: `https://video.twimg.com/tweet_video/${media.id}.mp4`, type: 'video/mp4', style: 'width: 100%; height: 100%; position: absolute; background-color: black; top: 0%; left: 0%; transform: rotate(0deg) scale(1.005);' }
    : { preload: 'none', tabindex: '-1', playsinline: true, 'aria-label': L.embedded, poster, src: `blob:https://x.com/${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`, style: 'width: 100%; height: 100%; position: absolute; background-color: black; top: 0%; left: 0%; transform: rotate(0deg) scale(1.005);' };
  const ratio = media.ratio || (gif ? 89.3617 : 56.25);
  const controls = h('div', { class: V('abs', 'fill') },
    h('div', {},
      h('div', { class: V('abs', 'fill', 'ptr') }),
      h('div', { style: 'transition-duration: 250ms; transition-property: opacity, height; transition-timing-function: ease; will-change: opacity; opacity: 1;' },
        h('div', { class: V('row', 'badge') },
          h('div', { class: V('row', 'center') },
            h('div', { dir: 'ltr', class: T('f13', 'bold'), style: 'color: rgb(255, 255, 255); text-overflow: unset;' },
              gif
                ? h('button', { 'aria-label': L.pause, role: 'button', class: V('ptr'), type: 'button' }, icon('pause'))
                : h('button', { 'aria-label': L.play, role: 'button', class: V('ptr'), type: 'button' }, icon('play')))),
          h('div', { class: V('row', 'center', 'ml4') },
            h('div', { dir: 'ltr', class: T('f13', 'bold'), style: 'color: rgb(255, 255, 255); text-overflow: unset;' },
              h('span', { class: S() }, t(gif ? L.gif : media.duration || '0:30')))),
          gif ? null : h('div', { class: V('row', 'center', 'ml4') },
            h('button', { 'aria-label': L.mute, role: 'button', class: V('ptr'), type: 'button' }, icon('volume'))))),
      h('div', { style: 'transition-duration: 250ms; transition-property: opacity, height; transition-timing-function: ease; will-change: opacity; opacity: 1;' }),
      h('div', { style: 'transition-duration: 250ms; transition-property: opacity, height; transition-timing-function: ease; will-change: opacity; opacity: 0;' })));
  return h('div', { class: V() },
    h('div', { class: V('mt12') },
      h('div', { class: V() }, h('div', { class: V() }, h('div', { class: V('media') }, h('div', { class: V() },
        h('div', { class: V('fill') , 'data-testid': 'tweetPhoto' },
          h('div', { class: V(), style: '' },
            h('div', { class: V('ovh') },
              h('div', { class: A(), style: `padding-bottom: ${ratio}%;` }),
              h('div', { class: A('abs', 'fill') },
                h('div', { class: V('abs', 'fill'), 'data-testid': 'placementTracking' },
                  h('div', { class: V('abs', 'fill'), 'data-testid': 'videoPlayer' },
                    h('div', { class: V('ovh', 'fill') },
                      h('div', { class: A(), style: `padding-bottom: ${ratio}%;` }),
                      h('div', { class: A('abs', 'fill') },
                        h('div', { 'data-testid': 'videoComponent', style: 'height: 100%; position: relative; transform: translateZ(0px); width: 100%;' },
                          h('div', { style: 'height: 100%; position: absolute; width: 100%;' },
                            h('div', { style: 'position: relative; width: 100%; height: 100%; background-color: transparent; overflow: hidden;' },
                              h('video', videoAttrs))),
                          controls)))))))))))))));
}

/** Large link card: card.wrapper > card.layoutLarge.media > a[aria-label="domain title"]. */
function cardBlock(card, { ids }) {
  const tco = card.tco || tcoFor(card.url || card.domain);
  const image = card.image || `https://pbs.twimg.com/card_img/${1900000000000000000n + BigInt(hash32(tco))}/${tco.slice(-8)}?format=jpg&name=medium`;
  return h('div', { class: V() },
    h('div', { 'aria-labelledby': `${ids.card1} ${ids.card2}`, class: V('mt12'), id: ids.card0 },
      h('div', { class: V('media'), id: ids.card1, 'data-testid': 'card.wrapper' },
        h('div', { class: V(), id: ids.card3, 'data-testid': 'card.layoutLarge.media' },
          h('a', { href: tco, rel: 'noopener noreferrer nofollow', target: '_blank', 'aria-label': `${card.domain} ${card.title}`, role: 'link', class: V('ptr', 'nodec') },
            h('div', { class: V('ovh') },
              h('div', { class: A(), style: 'padding-bottom: 52.356%;' }),
              h('div', { class: A('abs', 'fill') },
                h('div', { class: V('abs', 'fill', 'ovh') },
                  h('div', { class: V('abs', 'fill', 'bg'), style: `background-image: url("${image}");` }),
                  h('img', { alt: '', draggable: 'false', src: image, class: I() })))),
            h('div', { class: V('cardTitle') },
              h('div', { class: V('row') },
                h('div', { dir: 'ltr', class: T('f13', 'ellip', 'ovh'), style: 'color: rgb(255, 255, 255);' },
                  h('span', { class: S() }, t(card.title))))))),
        h('div', { class: V(), id: ids.card2 })),
      h('div', { class: V('mt4') },
        h('div', { class: V('row') },
          h('a', { href: tco, dir: 'ltr', rel: 'noopener noreferrer nofollow', target: '_blank', role: 'link', class: T('f13', 'mutc', 'ptr', 'nodec'), style: 'color: rgb(113, 118, 123);' },
            t(`From ${card.domain}`))))));
}

/** The quoted post: "Quote" label, then div[role=link] with its own author block, text, photo. */
function quoteBlock(quote, ctx) {
  const { L, users, now, ids } = ctx;
  const user = userOf(quote.author, users);
  const date = shortDate(quote.time, now, ctx.locale);
  const photos = quote.photos && quote.photos.length
    ? h('div', { class: V() },
      h('div', { class: V() }, h('div', { class: V('trans') }, h('div', { class: V() },
        h('div', { class: V('grow', 'fill') },
          quote.photos.slice(0, 1).map((p, i) => photoTileQuoted(p, { href: `/${user.handle}/status/${quote.id}/photo/${i + 1}`, L })))))))
    : null;
  return h('div', { 'aria-labelledby': ids.quote, class: V('mt12') },
    h('div', { class: V() },
      h('div', { dir: 'ltr', class: T('clip'), style: 'color: rgb(231, 233, 234);' }, h('span', { class: S() }, t(L.quote))),
      h('div', { tabindex: '0', class: V('quoteBox', 'ptr', 'trans'), role: 'link' },
        h('div', { class: V() },
          h('div', { class: V('px12', 'pt12') },
            h('div', { class: V('row', 'center', 'shrink') },
              h('div', { class: V('shrink', 'ovh') },
                h('div', { class: V('row', 'center', 'ovh') },
                  avatarBlock(user, { quoted: true }),
                  h('div', { class: V('shrink', 'ovh') },
                    userNameBlock(user, { L, ids, link: false, quoted: true, dateLink: null, date: { iso: quote.time, text: date.text, label: date.label } })))))),
          quote.article
            ? quotedArticlePreview(articleKit(), quote.article)
            : h('div', { class: V('px12', 'pt4', 'pb12') },
              tweetTextBlock({ text: quote.text, lang: quote.lang, dir: quote.dir }, { L, id: null, focal: false, quoted: true })),
          photos))));
}

function photoTileQuoted(p, { href, L }) {
  const url = photoUrl(p, false);
  const label = p.alt || L.image;
  return h('a', { href, role: 'link', class: V('fill', 'ptr') },
    h('div', { class: V('ovh') },
      h('div', { class: A(), style: `padding-bottom: ${p.ratio || 104.035}%;` }),
      h('div', { class: A('abs', 'fill') },
        h('div', { 'aria-label': label, class: V('abs', 'fill', 'ovh'), 'data-testid': 'tweetPhoto' },
          h('div', { class: V('abs', 'fill', 'bg'), style: `background-image: url("${url}");` }),
          h('img', { alt: label, draggable: 'true', src: url, class: I() })))));
}

/** The focal post's date line: "9:05 AM · Feb 10, 2026 · 3,692 Views". */
function focalDateLine(post, { L, ids, locale }) {
  const text = longDate(post.time, locale);
  const views = post.stats && post.stats.views;
  return h('div', { class: V('mt12') },
    h('div', { class: V('row', 'between') },
      h('div', { class: V('shrink') },
        h('div', { class: V('row', 'shrink', 'center', 'wrap') },
          h('div', { dir: 'ltr', class: T('f15', 'mutc'), style: 'color: rgb(113, 118, 123);' },
            h('a', { href: `/${post.authorHandle}/status/${post.id}`, 'aria-describedby': ids.views, 'aria-label': text, role: 'link', class: S('ptr', 'mutc', 'nodec'), style: 'color: rgb(113, 118, 123);' },
              h('time', { datetime: post.time }, t(text)))),
          views ? [
            h('div', { dir: 'ltr', 'aria-hidden': 'true', class: T('f15', 'mutc', 'px12'), style: 'color: rgb(113, 118, 123);' }, h('span', { class: S() }, t('·'))),
            h('div', { dir: 'ltr', class: T('f15', 'mutc'), id: ids.views, style: 'color: rgb(113, 118, 123);' },
              h('span', { class: S() },
                h('div', { class: V('inlineF') },
                  h('span', { 'data-testid': 'app-text-transition-container', style: 'transition-property: transform; transition-duration: 0.3s; transform: translate3d(0px, 0px, 0px);' },
                    h('span', { class: S('bold', 'fgc') }, h('span', { class: S() }, t(focalViews(views)))))),
                h('span', { class: S() }, h('span', { class: S() }, t(' ' + L.views))))),
          ] : null)),
      h('div', { class: V('row') })));
}

/** reply / retweet / like (/ views) / bookmark / share, with X's aria-labels. */
function actionBar(post, { L, focal, ids }) {
  const s = post.stats || {};
  const n = (k) => s[k] || 0;
  const g = L.group;
  const parts = [];
  const addPart = (count, [one, many]) => { if (count) parts.push(`${count} ${count === 1 ? one : many}`); };
  addPart(n('replies'), g.reply);
  addPart(n('reposts'), g.repost);
  addPart(n('likes'), g.like);
  addPart(n('bookmarks'), g.bookmark);
  addPart(n('views'), g.view);
  const counter = (count) => h('div', { class: V('inlineF', 'ovh') },
    h('span', { 'data-testid': 'app-text-transition-container', style: 'transition-property: transform; transition-duration: 0.3s; transform: translate3d(0px, 0px, 0px);' },
      h('span', { class: S('f13', 'px12') }, count ? h('span', { class: S() }, t(shortCount(count))) : null)));
  const button = (testid, label, iconName, count) => h('div', { class: V('row', 'actItem') },
    h('button', { 'aria-label': label, role: 'button', class: V('jcenter', 'ptr'), 'data-testid': testid, type: 'button' },
      h('div', { dir: 'ltr', class: T('f13', 'mutc', 'row', 'center'), style: 'color: rgb(113, 118, 123);' },
        h('div', { class: V('inlineF') }, h('div', { class: V('hov', 'trans') }), icon(iconName)),
        count === undefined ? null : counter(count))));
  const items = [
    button('reply', L.replyBtn(n('replies')), 'reply', n('replies')),
    button('retweet', L.retweetBtn(n('reposts')), 'retweet', n('reposts')),
    button('like', L.likeBtn(n('likes')), 'like', n('likes')),
  ];
  if (!focal && !post.ad) {
    items.push(h('div', { class: V('row', 'actItem') },
      h('a', { href: `/${post.authorHandle}/status/${post.id}/analytics`, 'aria-label': L.viewsLink(n('views')), role: 'link', class: V('jcenter', 'ptr', 'nodec') },
        h('div', { dir: 'ltr', class: T('f13', 'mutc', 'row', 'center'), style: 'color: rgb(113, 118, 123);' },
          h('div', { class: V('inlineF') }, h('div', { class: V('hov', 'trans') }), icon('views')),
          counter(n('views'))))));
  }
  items.push(button('bookmark', L.bookmarkBtn(focal ? n('bookmarks') : null), 'bookmark', focal ? n('bookmarks') : undefined));
  items.push(h('div', { class: V('row') },
    h('div', { class: V() },
      h('button', { 'aria-label': L.share, role: 'button', class: V('jcenter', 'ptr'), type: 'button' },
        h('div', { dir: 'ltr', class: T('f13', 'mutc', 'row', 'center'), style: 'color: rgb(113, 118, 123);' },
          h('div', { class: V('inlineF') }, h('div', { class: V('hov', 'trans') }), icon('share')))))));
  return h('div', { class: V() },
    h('div', { class: V(focal ? 'borderB' : 'minw0') },
      h('div', { 'aria-label': parts.join(', '), role: 'group', class: V('row', 'actBar'), id: ids.group }, items)));
}

function adLabel(L) {
  return h('div', { class: V('row', 'center', 'ml4') },
    h('div', { dir: 'ltr', class: T('f15', 'mutc'), style: 'color: rgb(113, 118, 123);' }, h('span', { class: S() }, t(L.ad))));
}

// ---------------------------------------------------------------------------------------------
// Posts
// ---------------------------------------------------------------------------------------------

/** The builders x-article-markup.js draws with (the same atoms as every other part). */
function articleKit() {
  return { h, t, V, T, S, I, A, avatarBlock, userNameBlock, tweetTextBlock, userOf };
}

function contextOf(opts = {}) {
  const locale = opts.locale || 'en';
  return { users: opts.users || {}, now: opts.now || null, locale, L: labels(locale) };
}

/**
 * One post as X draws it.
 *   post: { id, author (handle or {handle,name,avatar,verified}), time (ISO), lang, dir,
 *           text (string or runs), photos [{id, alt}], gif {id}, video {id, duration},
 *           card {url, domain, title, tco, image}, quote {id, author, time, text, lang, photos},
 *           truncated, stats {replies, reposts, likes, bookmarks, views}, replyingTo [handles],
 *           connectTop, connectBottom, ad }
 *   opts: { focal, users, now, locale }
 */
export function renderPost(post, opts = {}) {
  const ctx = contextOf(opts);
  const { L } = ctx;
  const focal = !!opts.focal;
  const user = userOf(post.author, ctx.users);
  const p = { ...post, authorHandle: user.handle };
  const newId = idMaker(post.id || JSON.stringify(post.text));
  const ids = {
    userName: newId(), text: newId(), group: newId(), views: newId(), replying: newId(), quote: newId(),
    media: newId(), card0: newId(), card1: newId(), card2: newId(), card3: newId(),
  };
  const labelledBy = [newId(), newId(), newId(), newId(), ids.userName, newId(), newId(), ids.replying, ids.text, ids.media, newId(), ids.quote, newId(), newId(), newId(), ids.group].join(' ');

  const date = !focal && !post.ad ? shortDate(post.time, ctx.now, ctx.locale) : null;
  const header = h('div', { class: V('row', 'between', 'start') },
    h('div', { class: V('row', 'shrink', 'minw0') },
      h('div', { class: V('shrink', 'ovh') },
        userNameBlock(user, { L, ids, link: true, quoted: false, dateLink: post.ad ? null : `/${user.handle}/status/${post.id}`, date: date ? { iso: post.time, text: date.text, label: date.label } : null }))),
    h('div', { class: V('row', 'center') }, post.ad ? adLabel(L) : null, caretButtons(L)));

  const topSpacer = h('div', { class: V() },
    h('div', { class: V('row') },
      post.connectTop ? h('div', { class: V('avcol') }, h('div', { class: V('lineTop') })) : null,
      h('div', { class: V('grow', 'pt12') })));

  const body = [
    post.text !== undefined && post.text !== '' ? tweetTextBlock(p, { L, id: ids.text, focal, quoted: false }) : null,
    post.photos && post.photos.length ? photoGrid(post.photos, { handle: user.handle, id: post.id, L, labelledBy: ids.media }) : null,
    post.gif ? videoBlock(post.gif, { gif: true, L, seed: post.id + 'g' }) : null,
    post.video ? videoBlock(post.video, { gif: false, L, seed: post.id + 'v' }) : null,
    post.card ? cardBlock(post.card, { ids }) : null,
    post.quote ? quoteBlock(post.quote, { ...ctx, ids }) : null,
    // An Article's status post: the read view (x-article-markup.js) in place of the text.
    post.article ? articleView(articleKit(), post.article, { handle: user.handle, ctx, actionBar: actionBar(p, { L, focal: true, ids }) }) : null,
  ];

  const articleAttrs = {
    'aria-labelledby': labelledBy,
    role: 'article',
    tabindex: focal ? '-1' : '0',
    class: V('row', 'px16', 'ovh', focal ? 'minw0' : 'ptr'),
    'data-testid': 'tweet',
  };

  let inner;
  if (focal) {
    // Focal layout (uasmart capture): avatar and names in one row, then everything full width.
    inner = h('div', { class: V('grow', 'shrink') },
      h('div', { class: V('grow', 'shrink') },
        topSpacer,
        h('div', { class: V('row', 'pb12') },
          h('div', { class: V('avcol') }, avatarBlock(user)),
          h('div', { class: V('grow', 'basis0', 'jcenter') }, header)),
        replyingToLine(post.replyingTo, L, ids.replying),
        body,
        h('div', { class: V() }),
        focalDateLine(p, { L, ids, locale: ctx.locale }),
        actionBar(p, { L, focal: true, ids })));
  } else {
    inner = h('div', { class: V('grow', 'shrink') },
      h('div', { class: V('grow', 'shrink') },
        topSpacer,
        h('div', { class: V('row') },
          h('div', { class: V('avcol') },
            avatarBlock(user),
            post.connectBottom ? h('div', { class: V('line') }) : null),
          h('div', { class: V('grow', 'basis0', 'pb12') },
            h('div', { class: V() }, header),
            replyingToLine(post.replyingTo, L, ids.replying),
            body,
            actionBar(p, { L, focal: false, ids })))));
  }
  return h('article', articleAttrs, inner);
}

/** X's placeholder for a deleted, protected or withheld post: an article with no test id. */
export function renderUnavailable(item = {}, opts = {}) {
  const { L } = contextOf(opts);
  return h('article', { role: 'article', tabindex: '0', class: V('row', 'px16', 'ovh') },
    h('div', { class: V('grow', 'shrink') },
      h('div', { class: V() },
        h('div', { class: V('row') },
          item.connectTop ? h('div', { class: V('avcol') }, h('div', { class: V('lineTop') })) : null,
          h('div', { class: V('grow', 'pt4') }))),
      h('div', { class: V('row', 'pb12') },
        item.connectBottom ? h('div', { class: V('avcol') }, h('div', { class: V('line') })) : null,
        h('div', { class: V('grow', 'basis0') },
          h('div', { class: V('unav', 'row', 'center', 'between') },
            h('div', { dir: 'ltr', class: T('f15', 'mutc', 'chirp'), style: 'color: rgb(113, 118, 123);' },
              h('span', { class: S() }, t(L.unavailable)),
              t(' '),
              h('a', { href: 'https://help.x.com/rules-and-policies/notices-on-x', rel: 'noopener noreferrer nofollow', target: '_blank', role: 'link', class: S('linkc', 'ptr'), style: LINK_STYLE },
                h('span', { class: S() }, t(L.learnMore)))))))));
}

// ---------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------

function cellStyle(y) {
  return `transform: translateY(${Math.round(y)}px); position: absolute; width: 100%;`;
}

/** Rough height of a row, so that translateY values look like X's (600 px wide column). */
export function estimateHeight(item) {
  switch (item.kind || 'post') {
    case 'empty': return 0;
    case 'showMore': return 53;
    case 'heading': return 76;
    case 'unavailable': return 92;
    default: {
      const focal = !!item.focal;
      const width = focal ? 566 : 516; // the media column
      const perLine = focal ? 62 : 58;
      const text = plainText(item.text);
      const lines = text ? text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil([...l].length / perLine)), 0) : 0;
      let hgt = (focal ? 172 : 104) + lines * (focal ? 24 : 20);
      const media = (ratio) => 14 + Math.round((width * ratio) / 100);
      const photos = item.photos || [];
      if (photos.length === 1) hgt += media(photos[0].ratio || 56.25);
      else if (photos.length === 2 || photos.length === 3) hgt += media(56.25);
      else if (photos.length >= 4) hgt += media(56.25) + 2;
      if (item.gif) hgt += media(item.gif.ratio || 89.3617);
      if (item.video) hgt += media(item.video.ratio || 56.25);
      if (item.card) hgt += media(52.356) + 22;
      if (item.quote) {
        const q = plainText(item.quote.text);
        hgt += 70 + Math.min(5, Math.max(1, Math.ceil([...q].length / 60))) * 20;
        if (item.quote.photos && item.quote.photos.length) hgt += Math.round((width * (item.quote.photos[0].ratio || 104.035)) / 100);
      }
      if (item.replyingTo) hgt += 20;
      if (item.truncated) hgt += 20;
      return Math.round(hgt);
    }
  }
}

/**
 * One timeline row. item.kind: "post" (default) | "ad" | "showMore" | "heading" |
 * "unavailable" | "empty"; y is its translateY.
 */
export function renderCell(item, y, opts = {}) {
  const kind = item.kind || 'post';
  const ctx = contextOf(opts);
  const { L } = ctx;
  // Rows that end a conversation group carry the divider (X: border-bottom on the wrapper).
  const divider = item.connectBottom ? 'minw0' : 'borderB';
  let content;
  switch (kind) {
    case 'post':
      content = h('div', { class: V(divider) }, h('div', { class: V() }, renderPost(item, { ...opts, focal: item.focal || (opts.focalId && opts.focalId === item.id) })));
      break;
    case 'ad':
      content = h('div', { class: V('borderB') },
        h('div', { class: V() },
          h('div', { class: V(), 'data-testid': 'placementTracking' },
            renderPost({ ...item, ad: true, id: item.id || 'ad-' + hash32(plainText(item.text)) }, { ...opts, focal: false }))));
      break;
    case 'unavailable':
      content = h('div', { class: V(divider) }, h('div', { class: V() }, renderUnavailable(item, opts)));
      break;
    case 'showMore':
      // item.href: the cell drawn as a link to the status page (X's 2023 timeline cells).
      content = h('div', { class: V('borderB') },
        h('div', { class: V() },
          h('div', { class: V('ovh') },
            h(item.href ? 'a' : 'div', item.href ? { href: item.href, role: 'link', class: V('grow', 'px16', 'py12', 'ptr', 'trans') } : { role: 'button', tabindex: '0', class: V('grow', 'px16', 'py12', 'ptr', 'trans') },
              h('div', { class: V('row') },
                h('div', { class: V('avcol', 'center') },
                  h('div', { class: V('center', 'jcenter') },
                    h('div', { class: V('dots') }), h('div', { class: V('dots') }), h('div', { class: V('dots') }))),
                h('div', { class: V('grow', 'basis0', 'jcenter') },
                  h('div', { dir: 'ltr', class: T('f15', 'linkc', 'chirp'), style: 'color: rgb(29, 155, 240);' },
                    h('span', { class: S() }, t(item.label || 'Show replies')))))))));
      break;
    case 'heading':
      content = h('div', { class: V('borderB') },
        h('div', { class: V('px16', 'py12') },
          h('h2', { dir: 'ltr', 'aria-level': '2', role: 'heading', class: T('f20', 'bold', 'fgc', 'chirp'), style: 'color: rgb(231, 233, 234);' },
            h('span', { class: S() }, t(item.text || 'Discover more'))),
          item.subtitle
            ? h('div', { dir: 'ltr', class: T('f15', 'mutc', 'mt2'), style: 'color: rgb(113, 118, 123);' }, h('span', { class: S() }, t(item.subtitle)))
            : null));
      break;
    case 'empty':
      content = h('div', { class: V('hgt0') });
      break;
    default:
      throw new Error('x-markup: unknown cell kind ' + kind);
  }
  void L;
  return h('div', { class: V(), 'data-testid': 'cellInnerDiv', style: cellStyle(y) }, content);
}

/**
 * Places rows one under another: [{ item, y, height }] in screen order. Empty separator rows
 * take no height, so they share the Y of the row after them (as in the 2022 capture).
 */
export function layoutCells(items, { focalId } = {}) {
  let y = 0;
  return items.map((item) => {
    const focal = item.focal || (!!focalId && item.id === focalId && (item.kind || 'post') === 'post');
    const height = estimateHeight({ ...item, focal });
    const row = { item: { ...item, focal }, y, height };
    y += height;
    return row;
  });
}

// ---------------------------------------------------------------------------------------------
// The page around the timeline
// ---------------------------------------------------------------------------------------------

function navBar(spec, ctx) {
  const { L } = ctx;
  const icons = ['home', 'search', 'bell', 'mail', 'grok', 'people', 'person', 'more'];
  const hrefs = ['/home', '/explore', '/notifications', '/messages', '/i/grok', '/communities', `/${spec.viewer || 'viewer'}`, null];
  const testids = ['AppTabBar_Home_Link', 'AppTabBar_Explore_Link', 'AppTabBar_Notifications_Link', 'AppTabBar_DirectMessage_Link', 'AppTabBar_Grok_Link', 'AppTabBar_Communities_Link', 'AppTabBar_Profile_Link', 'AppTabBar_More_Menu'];
  const links = spec.loggedIn === false
    ? [
      h('a', { href: '/explore', 'aria-label': 'Explore', role: 'link', class: V('navItem', 'ptr', 'nodec'), 'data-testid': 'AppTabBar_Explore_Link' }, h('div', { class: V() }, icon('search', 'icon26'))),
      h('a', { href: '/settings', 'aria-label': 'Settings', role: 'link', class: V('navItem', 'ptr', 'nodec') }, h('div', { class: V() }, icon('gear', 'icon26'))),
    ]
    : L.nav.map((label, i) => {
      const inner = h('div', { class: V('row', 'center') },
        h('div', { class: V() }, icon(icons[i], 'icon26')),
        h('div', { dir: 'ltr', class: T('f20', 'fgc', 'ml4', 'px12', 'chirp'), style: 'color: rgb(231, 233, 234);' }, h('span', { class: S() }, t(label))));
      return hrefs[i]
        ? h('a', { href: hrefs[i], 'aria-label': label, role: 'link', class: V('navItem', 'ptr', 'nodec'), 'data-testid': testids[i] }, inner)
        : h('button', { 'aria-label': label, role: 'button', class: V('navItem', 'ptr'), 'data-testid': testids[i], type: 'button' }, inner);
    });
  const viewer = spec.loggedIn === false ? null : userOf(spec.viewer || 'viewer', spec.users);
  return h('header', { role: 'banner', class: V('row', 'w275') },
    h('div', { class: V('nav') },
      h('div', { class: V('grow') },
        h('h1', { role: 'heading', class: V('navItem') },
          h('a', { href: '/', 'aria-label': 'X', role: 'link', class: V('ptr') }, h('div', { dir: 'ltr', class: T('fgc') }, icon('logo', 'icon26')))),
        h('nav', { 'aria-label': 'Primary', role: 'navigation', class: V() }, links),
        viewer ? h('div', { class: V('mt12') },
          h('a', { href: '/compose/post', 'aria-label': L.postButton, role: 'link', class: V('pill', 'btnLight', 'center', 'jcenter', 'ptr', 'nodec'), 'data-testid': 'SideNav_NewTweet_Button' },
            h('div', { dir: 'ltr', class: T('f17', 'bold') }, h('span', { class: S() }, t(L.postButton))))) : null),
      viewer ? h('div', { class: V('py12') },
        h('button', { 'aria-label': 'Account menu', role: 'button', class: V('row', 'center', 'navItem', 'ptr'), 'data-testid': 'SideNav_AccountSwitcher_Button', type: 'button' },
          h('div', { class: V() }, h('div', { class: V(), 'data-testid': `UserAvatar-Container-${viewer.handle}`, style: 'width: 40px; height: 40px;' }, avatarPicture(viewer.avatar, { linkTo: null, size: 40 }))),
          h('div', { class: V('ml4', 'shrink') },
            h('div', { dir: 'ltr', class: T('f15', 'bold', 'fgc') }, h('span', { class: S() }, richText(viewer.name, S()))),
            h('div', { dir: 'ltr', class: T('f15', 'mutc') }, h('span', { class: S() }, t('@' + viewer.handle)))))) : null));
}

function appBar(ctx) {
  const { L } = ctx;
  return h('div', { class: V('sticky', 'blur') },
    h('div', { class: V('h53', 'px16', 'row', 'center') },
      h('div', { class: V('mr8') },
        h('button', { 'aria-label': L.back, role: 'button', class: V('ptr'), 'data-testid': 'app-bar-back', type: 'button' },
          h('div', { dir: 'ltr', class: T('fgc') }, icon('back', 'icon18')))),
      h('div', { class: V('grow') },
        h('h2', { dir: 'ltr', 'aria-level': '2', role: 'heading', class: T('f20', 'bold', 'fgc', 'chirp') }, h('span', { class: S() }, t(L.post))))));
}

function sidebar(spec, ctx) {
  const { L } = ctx;
  const trends = spec.trends || [
    { context: 'Technology · Trending', name: '#RustLang', count: '12.4K posts' },
    { context: 'Trending in Science', name: 'Perseverance', count: '5,102 posts' },
    { context: 'Sports · Trending', name: 'Champions League', count: '88.1K posts' },
    { context: 'Business & finance · Trending', name: '$NVDA', count: '21.7K posts' },
  ];
  const trendRows = trends.map((tr) => h('div', { class: V() },
    h('div', { tabindex: '0', 'data-testid': 'trend', role: 'link', class: V('trend', 'ptr', 'trans') },
      h('div', { class: V() },
        h('div', { class: V('row', 'between') },
          h('div', { dir: 'ltr', class: T('f13', 'mutc'), style: 'color: rgb(113, 118, 123);' }, h('span', { class: S() }, t(tr.context))),
          h('button', { 'aria-label': L.more, role: 'button', class: V('ptr'), 'data-testid': 'caret', type: 'button' }, icon('more'))),
        h('div', { dir: 'ltr', class: T('f15', 'bold', 'fgc', 'mt2') }, h('span', { class: S() }, t(tr.name))),
        h('div', { dir: 'ltr', class: T('f13', 'mutc', 'mt2'), style: 'color: rgb(113, 118, 123);' }, h('span', { class: S() }, t(tr.count)))))));
  const footer = h('nav', { 'aria-label': 'Footer', role: 'navigation', class: V('row', 'wrap', 'px16', 'py12') },
    L.footer.map((f, i) => (i === L.footer.length - 1
      ? h('div', { dir: 'ltr', class: T('f13', 'mutc', 'mr8') }, t(f))
      : h('a', { href: ['https://x.com/tos', 'https://x.com/privacy', 'https://support.x.com/articles/20170514', 'https://help.x.com/resources/accessibility', 'https://business.x.com/en/help/troubleshooting/how-twitter-ads-work.html', null][i] || '#', dir: 'ltr', role: 'link', class: T('f13', 'mutc', 'mr8', 'nodec') }, h('span', { class: S() }, t(f))))));
  const loggedOutBox = h('div', { class: V('r16', 'border', 'px16', 'py12', 'mt12') },
    h('section', { 'aria-label': L.signup, role: 'region', class: V() },
      h('div', { class: V() },
        h('h2', { 'aria-level': '2', role: 'heading', class: V('row') },
          h('div', { dir: 'ltr', class: T('f20', 'bold', 'fgc') }, h('span', { class: S() }, t(L.newTo))))),
      h('div', { dir: 'ltr', class: T('f13', 'mutc', 'mt4') }, h('span', { class: S() }, t(L.signupPitch))),
      h('div', { class: V('mt12') },
        h('a', { href: '/i/flow/signup', role: 'link', class: V('pill', 'btnLight', 'center', 'jcenter', 'nodec') },
          h('div', { dir: 'ltr', class: T('f15', 'bold') }, h('span', { class: S() }, h('span', { class: S() }, t(L.createAccount))))))));
  const searchBox = h('div', { class: V('py12') },
    h('form', { 'aria-label': L.search, role: 'search', class: V() },
      h('div', { class: V('row', 'center', 'round', 'bgGrey', 'px16') },
        icon('search'),
        h('input', { 'aria-label': 'Search query', autocomplete: 'off', placeholder: L.search, role: 'combobox', spellcheck: 'false', type: 'text', dir: 'auto', class: A('grow', 'py12'), 'data-testid': 'SearchBox_Search_Input' }))));
  return h('div', { class: V('w350'), 'data-testid': 'sidebarColumn' },
    h('div', { class: V(), style: 'min-height: 1200px;' },
      h('div', { class: V(), style: 'margin-top: 0px;' }),
      h('div', { class: V('sticky'), style: 'top: 0px;' },
        h('div', { class: V() },
          h('div', { 'aria-label': L.trending, tabindex: '0', class: V() },
            spec.loggedIn === false ? null : searchBox,
            spec.loggedIn === false ? loggedOutBox : null,
            h('div', { class: V('r16', 'border', 'mt12') },
              h('section', { 'aria-labelledby': 'accessible-list-1', role: 'region', class: V() },
                h('h1', { dir: 'auto', role: 'heading', class: T('clip'), id: 'accessible-list-1' }, t(L.whatsHappening)),
                h('div', { 'aria-label': L.trendingNow, class: V() },
                  h('div', { class: V('px16', 'py12') },
                    h('h2', { 'aria-level': '2', role: 'heading', class: T('f20', 'bold', 'fgc') }, h('span', { class: S() }, t(L.whatsHappening)))),
                  trendRows))),
            footer)))));
}

function bottomBar(ctx) {
  const { L } = ctx;
  return h('div', { id: 'layers', class: A('abs'), style: 'z-index: 1;' },
    h('div', { class: V() },
      h('div', { class: V('bar'), style: 'position: fixed; bottom: 0px; width: 100%; transition: transform 200ms ease-out; transform: translateY(0px);' },
        h('div', { class: V() },
          h('div', { class: V('row', 'btnBlue', 'px16', 'py12', 'between', 'center'), 'data-testid': 'BottomBar' },
            h('div', { class: V() },
              h('div', { dir: 'ltr', class: T('f20', 'bold') }, h('span', { class: S() }, t(L.dontMiss))),
              h('div', { dir: 'ltr', class: T('f15') }, h('span', { class: S() }, t(L.firstToKnow)))),
            h('div', { class: V('row') },
              h('a', { href: '/login', role: 'link', class: V('pill', 'border', 'center', 'jcenter', 'mr8', 'nodec'), 'data-testid': 'login' },
                h('div', { dir: 'ltr', class: T('f15', 'bold') }, h('span', { class: S() }, h('span', { class: S() }, t(L.login))))),
              h('a', { href: '/i/flow/signup', role: 'link', class: V('pill', 'btnLight', 'center', 'jcenter', 'nodec'), 'data-testid': 'signup' },
                h('div', { dir: 'ltr', class: T('f15', 'bold') }, h('span', { class: S() }, h('span', { class: S() }, t(L.signup)))))))))));
}

/**
 * The rows of a timeline as cells, in DOM order: `domOrder` (indexes into `items`) lets the
 * caller shuffle them the way a virtualized list leaves its DOM after scrolling.
 */
export function renderTimeline(items, opts = {}) {
  const rows = layoutCells(items, { focalId: opts.focalId });
  const order = opts.domOrder || rows.map((_, i) => i);
  const total = rows.reduce((m, r) => Math.max(m, r.y + r.height), 0);
  const cells = order.map((i) => renderCell(rows[i].item, rows[i].y, opts));
  return { html: cells.join(''), height: total + 400 };
}

/**
 * A whole x.com status page.
 * spec: { url (canonical), locale, loggedIn, viewer, now, users, focal (status id), items,
 *         domOrder, trends, title, renameTestIds }
 */
export function renderConversationPage(spec) {
  const ctx = contextOf(spec);
  const { L } = ctx;
  const opts = { users: spec.users, now: spec.now, locale: ctx.locale, focalId: spec.focal };
  const focalItem = (spec.items || []).find((it) => (it.kind || 'post') === 'post' && it.id === spec.focal);
  const focalUser = focalItem ? userOf(focalItem.author, spec.users) : null;
  const canonical = spec.canonical || (focalItem ? `https://x.com/${focalUser.handle}/status/${focalItem.id}` : 'https://x.com/');
  const title = spec.title || (focalItem
    ? `${focalUser.name} on X: "${plainText(focalItem.text).replace(/\s+/g, ' ').slice(0, 240)}" / X`
    : 'X');
  const timeline = renderTimeline(spec.items || [], { ...opts, domOrder: spec.domOrder });

  const primary = h('div', { class: V('w600', 'border'), 'data-testid': 'primaryColumn' },
    h('div', { 'aria-label': L.home, tabindex: '0', class: V() },
      appBar(ctx),
      h('div', { class: V() }),
      h('section', { 'aria-labelledby': 'accessible-list-0', role: 'region', class: V() },
        h('h1', { dir: 'auto', role: 'heading', class: T('clip'), id: 'accessible-list-0' }, t(L.conversation)),
        h('div', { 'aria-label': L.timeline, class: V() },
          h('div', { style: `position: relative; min-height: ${timeline.height}px;` }, timeline.html)))));

  const head = h('head', {},
    '<meta charset="utf-8">',
    h('meta', { name: 'viewport', content: 'width=device-width,initial-scale=1,maximum-scale=1,user-scalable=0,viewport-fit=cover' }),
    h('link', { rel: 'preconnect', href: '//abs.twimg.com' }),
    h('link', { rel: 'dns-prefetch', href: '//abs.twimg.com' }),
    h('link', { rel: 'preconnect', href: '//pbs.twimg.com' }),
    h('link', { rel: 'dns-prefetch', href: '//pbs.twimg.com' }),
    h('link', { rel: 'preconnect', href: '//t.co' }),
    h('link', { rel: 'dns-prefetch', href: '//t.co' }),
    h('link', { rel: 'preconnect', href: '//video.twimg.com' }),
    h('link', { rel: 'dns-prefetch', href: '//video.twimg.com' }),
    h('meta', { content: 'X (formerly Twitter)', property: 'og:site_name' }),
    h('link', { rel: 'manifest', href: '/manifest.json', crossorigin: 'use-credentials' }),
    h('link', { rel: 'shortcut icon', href: '//abs.twimg.com/favicons/twitter.3.ico' }),
    h('meta', { name: 'theme-color', content: '#000000' }),
    h('title', {}, t(title)),
    h('meta', { content: canonical, property: 'og:url', 'data-rh': 'true' }),
    h('meta', { content: title, property: 'og:title', 'data-rh': 'true' }),
    h('link', { href: canonical, rel: 'canonical', 'data-rh': 'true' }),
    h('style', { id: 'react-native-stylesheet' }, stylesheet()));

  const body = h('body', { style: 'background-color: rgb(0, 0, 0);' },
    h('div', { id: 'react-root', style: 'height:100%;display:flex;' },
      h('div', { class: V('grow') },
        h('div', { class: V('grow') },
          spec.loggedIn === false ? bottomBar(ctx) : h('div', { id: 'layers', class: A('abs'), style: 'z-index: 1;' }),
          h('div', { dir: L.dir, 'aria-hidden': 'false', class: V('row', 'jcenter', 'grow') },
            h('button', { 'aria-label': 'Skip to home timeline', role: 'button', class: V('clip'), type: 'button' }, h('div', { dir: 'ltr', class: T() }, h('span', { class: S() }))),
            h('button', { 'aria-label': 'Skip to trending', role: 'button', class: V('clip'), type: 'button' }, h('div', { dir: 'ltr', class: T() }, h('span', { class: S() }))),
            navBar(spec, ctx),
            h('main', { role: 'main', class: V('grow', 'start') },
              h('div', { class: V('row') },
                h('div', { class: V('row') },
                  h('div', { class: V('row') }, primary, sidebar(spec, ctx))))))))));

  let html = '<!DOCTYPE html>' + h('html', { dir: L.dir, lang: ctx.locale, style: 'overscroll-behavior-y: none; font-size: 15px;' }, head, body) + '\n';
  if (spec.renameTestIds) {
    // Markup drift: X renames its test ids. Text and attribute values are escaped (quotes
    // included), so this literal can only be an attribute name.
    html = html.split(' data-testid="').join(` ${spec.renameTestIds}="`);
  }
  return html;
}
