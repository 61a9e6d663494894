// thread-data.js — the data behind the live conversation simulation (www/sim/conversation.html).
//
// Builds, from the query-string parameters and a seed, one long self-thread as x.com would serve
// it for a status page: the author's numbered chain ("k/n"), the focal post the URL names, the
// rows X shows below it (the continuation, ads, "Show replies" cells hiding part of the chain,
// replies by others with the author's answers, a "Discover more" section), in the item format
// of x-markup.js (see renderPost / renderCell there). Deterministic: the same parameters give
// the same ids, texts and layout. Runs in browsers and in Node (the self-check imports it).
//
//   parseParams(search)   query string → normalized parameters (defaults and clamps below)
//   buildThread(params)   → { author, users, now, canonical, title, chain, focalIndex,
//                             ancestors, focal, below, expectedIds, expectedTexts, … }
//   expectedIds(params)   the chain's status ids in thread order (what an unroll must return)
//
// `below` is a list of rows; a "Show replies" row ({ kind: 'showMore', hidden: [rows] }) holds
// the part of the chain it hides (which may end with another "Show replies" row). Everything
// else is a plain x-markup item plus a `key` unique within the page.

import { plainText } from './x-markup.js';

export const DEFAULTS = Object.freeze({
  posts: 300,
  open: 'head',
  delay: 800,
  batch: 20,
  replies: 12,
  ads: 1,
  showMore: 0,
  truncate: 0,
  discover: 1,
  skip: 0,
  numbering: 'all',
  seed: '1',
  offline: 1,
});

const clampInt = (v, lo, hi, dflt) => {
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : dflt;
};
const flag = (v, dflt) => (v === null || v === undefined || v === '' ? dflt : /^(1|true|yes|on)$/i.test(v) ? 1 : 0);

/**
 * How the author numbers post k of n, as authors do: every post ("k/n"), the first only, the
 * first and the last, the first, every tenth and the last, a "1/🧵" opener only, or mixed
 * styles on some posts. Returns the marker ('' for an unnumbered post).
 */
const NUMBERINGS = {
  all: (k, n) => `${k}/${n} `,
  first: (k, n) => (k === 1 ? `${k}/${n} ` : ''),
  firstlast: (k, n) => (k === 1 || k === n ? `${k}/${n} ` : ''),
  tenth: (k, n) => (k === 1 || k % 10 === 0 || k === n ? `${k}/${n} ` : ''),
  'thread-emoji': (k) => (k === 1 ? '1/🧵 ' : ''),
  mixed: (k, n) => (k === n ? `[${k}/${n}] ` : k % 5 === 0 ? `(${k}/${n}) ` : k % 3 === 1 ? `${k}/ ` : ''),
};

/** Query string (or URLSearchParams, or a plain object) → parameters with defaults and clamps. */
export function parseParams(search = '') {
  const q = search instanceof URLSearchParams ? search
    : typeof search === 'string' ? new URLSearchParams(search)
      : new URLSearchParams(Object.entries(search).map(([k, v]) => [k, String(v)]));
  const get = (k) => q.get(k);
  let open = (get('open') || DEFAULTS.open).toLowerCase();
  if (!['head', 'middle', 'last'].includes(open)) {
    const n = Number.parseInt(open, 10);
    open = Number.isFinite(n) && n >= 1 ? n : DEFAULTS.open;
  }
  const delay = clampInt(get('delay'), 0, 60000, DEFAULTS.delay);
  return {
    posts: clampInt(get('posts'), 2, 1000, DEFAULTS.posts),
    open,
    delay,
    // A "Show replies" fetch slower than the other loads (ms; default: `delay`), as on a busy
    // machine or a slow network.
    revealDelay: clampInt(get('revealDelay'), 0, 60000, delay),
    batch: clampInt(get('batch'), 1, 500, DEFAULTS.batch),
    replies: clampInt(get('replies'), 0, 500, DEFAULTS.replies),
    ads: flag(get('ads'), DEFAULTS.ads),
    // 1: X's "Show replies" button; "link": the 2023 cell drawn as a link to the status page,
    // which X expands in place; "linkout": the same link, left to navigate (the page does not
    // handle it).
    showMore: ['link', 'linkout'].includes(get('showMore')) ? get('showMore') : flag(get('showMore'), DEFAULTS.showMore),
    truncate: flag(get('truncate'), DEFAULTS.truncate),
    discover: flag(get('discover'), DEFAULTS.discover),
    skip: clampInt(get('skip'), 0, 1000, DEFAULTS.skip),
    numbering: NUMBERINGS[get('numbering')] ? get('numbering') : DEFAULTS.numbering,
    seed: get('seed') || DEFAULTS.seed,
    offline: flag(get('offline'), DEFAULTS.offline),
  };
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

function hash32(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function prng(seed) {
  let a = hash32(String(seed)) || 1;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)); // inclusive
  next.pick = (list) => list[Math.floor(next() * list.length)];
  next.chance = (p) => next() < p;
  next.chars = (n, alphabet) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  return next;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const TWITTER_EPOCH = 1288834974657n;

/** A snowflake status id for a time: grows with time, unique through the sequence bits. */
function snowflake(ms, seq) {
  return ((BigInt(Math.round(ms)) - TWITTER_EPOCH) << 22n | (BigInt(seq & 0x3ff) << 12n) | BigInt(seq >> 10 & 0xfff)).toString();
}

// ---------------------------------------------------------------------------------------------
// Cast and words
// ---------------------------------------------------------------------------------------------

const AUTHORS = [
  { handle: 'mara_builds', name: 'Mara Lindqvist', verified: true, topic: 'infra' },
  { handle: 'theo_garden', name: 'Théo Marchand 🌱', verified: false, topic: 'garden' },
  { handle: 'ines_reads', name: 'Inês Duarte', verified: true, topic: 'books' },
];

const OTHERS = [
  ['q_learner', 'Q Learner'], ['lenaloops', 'Lena Fischer 🎧'], ['mkdir_p', 'Jonas'], ['grace_h', 'Grace H.'],
  ['bitfiddler', 'Bit Fiddler'], ['nightowl', 'Night Owl 🦉'], ['priya_k', 'Priya Kumar'], ['tomas_dev', 'Tomás Ruiz'],
  ['kenji_w', 'Kenji Watanabe'], ['amara_o', 'Amara Obi'], ['dotmatrix', 'dot matrix'], ['fern_and_moss', 'Fern & Moss'],
  ['yusuf_codes', 'Yusuf'], ['claire_b', 'Claire Bernard'], ['olafur', 'Ólafur'], ['sam_quill', 'Sam Quill ✍️'],
];

const BRANDS = [
  ['shopbrand', 'Trailwear Co.', 'trailwear.example.com', 'Lightweight shoes for long walks'],
  ['cloudly_hq', 'Cloudly', 'cloudly.example.net', 'Deploy in one command. Free tier forever.'],
  ['learnhub', 'LearnHub', 'learnhub.example.org', 'Courses taught by people who ship'],
];

const SENTENCES = {
  infra: [
    'Our CI used to take 40 minutes per push.',
    'The cache key matters more than the cache.',
    'Key it on the lockfile hash and the toolchain version, or you will restore a cache built by the old compiler.',
    'We measured first: a month of pipeline timings, exported to a spreadsheet.',
    'Three jobs took 55% of the time.',
    'Bigger runners did not help; the bottleneck was a shared database.',
    'Every worker now gets its own schema.',
    'Flaky tests are a tax you pay on every single commit.',
    'We quarantine a flaky test within the hour and fix it within the week.',
    'Docker layer order is free performance.',
    'Copy the lockfile first, install, then copy the source.',
    'Nobody reads dashboards; people read alerts.',
    'So every alert must be actionable, or it gets deleted.',
    'The on-call rotation got shorter once the alerts got fewer.',
    'Postmortems are blameless or they are useless.',
    'Write the runbook while the incident is fresh.',
    'A rollback you have never tested is a hope, not a plan.',
    'We rehearse rollbacks every Friday at 10.',
    'The slowest part of a deploy was waiting for a human to click approve.',
    'Feature flags let us ship dark and turn things on slowly.',
    'Delete old flags, or they turn into a second config system nobody understands.',
    'Logs without request ids are just noise.',
    'p95 is the number users feel; the median is the number we brag about.',
    'Most of our outages started with a config change, not a code change.',
  ],
  garden: [
    'This spring I turned the lawn into a vegetable garden.',
    'The soil test said clay, low in organic matter, slightly acidic.',
    'Compost fixes almost everything, slowly.',
    'I added ten centimetres of compost and did not dig it in.',
    'No-dig beds kept the weeds down far better than I expected.',
    'Tomatoes want sun, warmth and consistent water, in that order.',
    'Water in the morning, at the base, never on the leaves.',
    'The slugs ate every lettuce seedling in one night.',
    'Beer traps worked, but a ring of wool pellets worked better.',
    'Marigolds between the tomatoes kept the whitefly away.',
    'Beans fix nitrogen; plant them where the hungry crops go next year.',
    'Succession sowing means a row of radishes every two weeks.',
    'The zucchini plants produced more than the whole street could eat.',
    'Leave some flowers for the bees; they pay you back in fruit.',
    'A rain barrel paid for itself in one dry July.',
    'Mulch with straw and the soil stays cool and damp.',
    'Garlic goes in the ground in October and comes out in July.',
    'I kept a notebook of every sowing date and every failure.',
    'Next year: fewer varieties, more of the ones that worked.',
    'The best fertiliser is the gardener’s shadow.',
  ],
  books: [
    'I read 52 books this year, one a week, and kept notes on every one.',
    'The best ones were not the ones I expected.',
    'Short books carried the year; long ones stalled it.',
    'I stopped finishing books I did not enjoy, and read more because of it.',
    'Reading on paper in the evening, on the e-reader on the train.',
    'A notebook beside the chair turned reading into thinking.',
    'Fiction taught me more about people than the psychology books did.',
    'The translated novels were the surprise of the year.',
    'Libraries are still the best deal in town.',
    'I read two books at once: one hard, one easy.',
    'Audiobooks count. Walks got longer and so did the list.',
    'Rereading an old favourite felt like visiting a friend.',
    'The essays aged better than the bestsellers.',
    'A book club keeps you honest about finishing.',
    'I wrote one paragraph about each book the day I finished it.',
    'Poetry in small doses, every morning with coffee.',
    'History books are better when they follow one person.',
    'The classics were easier than their reputation.',
    'Twenty pages a day is a book every two weeks.',
    'Next year: fewer new releases, more of the shelf at home.',
  ],
};

const TAGS = { infra: ['DevOps', 'CI', 'SRE', 'buildinpublic'], garden: ['gardening', 'NoDig', 'GrowYourOwn'], books: ['amreading', 'books', 'BookTwitter'] };
const DOMAINS = {
  infra: [['github.com', '/acme/pipeline-tools/blob/main/docs/caching.md'], ['martinfowler.com', '/articles/continuousIntegration.html'], ['sre.google', '/sre-book/monitoring-distributed-systems/']],
  garden: [['rhs.org.uk', '/advice/beginners-guide/no-dig-gardening'], ['en.wikipedia.org', '/wiki/Companion_planting'], ['charlesdowding.co.uk', '/start-here']],
  books: [['www.gutenberg.org', '/ebooks/1342'], ['en.wikipedia.org', '/wiki/The_Remains_of_the_Day'], ['www.theguardian.com', '/books/2025/dec/01/best-books-of-the-year']],
};
const EMOJI = ['🧵', '🚀', '🌱', '📚', '✅', '🙏', '😅', '🔥', '👇', '💡', '🐢', '🎉', '☕', '🇯🇵', '❤️'];
export const EMOJI_PALETTE = EMOJI; // the offline page draws these as local images
const REPLY_TEXTS = [
  'This is gold, bookmarking the whole thread.', 'How long did the whole thing take you?', 'Great thread! 🙏',
  'Strong disagree on the middle part, but the rest is spot on.', 'Saving this for Monday.', 'Which tool did you use for that?',
  'We did the same last year and never looked back.', 'Is there a write-up somewhere I can share with my team?',
  'The part about measuring first is so underrated.', 'Followed for more of this 🔥', 'What would you do differently next time?',
  'Thanks for writing this up, it must have taken ages.', 'Counterpoint: it depends a lot on the size of the team.',
];
const ANSWER_TEXTS = [
  'About three months, on and off.', 'Good question, I will write a separate post about it.', 'Thank you! 🙏',
  'Fair, it depends on the context. This is what worked for us.', 'Yes, link in the last post of the thread.',
  'Mostly boring tools, honestly. Nothing fancy.',
];

// ---------------------------------------------------------------------------------------------
// Building the thread
// ---------------------------------------------------------------------------------------------

/** Cuts runs to about `limit` characters at a word boundary (X cuts long posts in place). */
function cutRuns(runs, limit) {
  const out = [];
  let used = 0;
  for (const run of runs) {
    const len = [...plainText([run])].length;
    if (used + len <= limit) {
      out.push(run);
      used += len;
      continue;
    }
    if (typeof run === 'string') {
      const chars = [...run].slice(0, limit - used).join('');
      const cut = chars.replace(/\s+\S*$/, '');
      if (cut) out.push(cut);
    }
    break;
  }
  return out;
}

function makeStats(r, base) {
  const likes = Math.max(0, Math.round(base * (0.3 + r() * 1.4)));
  return {
    replies: r.int(0, Math.max(1, Math.round(likes / 25))),
    reposts: Math.round(likes * (0.05 + r() * 0.2)),
    likes,
    bookmarks: Math.round(likes * r() * 0.3),
    views: Math.round(likes * (40 + r() * 80)) + 120,
  };
}

/**
 * The page's whole conversation for these parameters.
 */
export function buildThread(input = {}) {
  const params = parseParams(input);
  const r = prng('thread:' + params.seed);
  const authorDef = AUTHORS[hash32(String(params.seed)) % AUTHORS.length];
  const author = authorDef.handle;
  const topic = authorDef.topic;
  const users = { [author]: { name: authorDef.name, verified: authorDef.verified }, viewer_one: { name: 'Sam Viewer' } };
  for (const [h, n] of OTHERS) users[h] = { name: n, verified: r.chance(0.15) };
  for (const [h, n] of BRANDS) users[h] = { name: n, verified: true };

  const total = params.posts; // the author's announced "n" of "k/n"
  const skip = params.skip >= 1 && params.skip <= total ? params.skip : 0;
  let seq = 0;
  const start = Date.UTC(2026, 1, 10, 7, 0, 0) + r.int(0, 3 * 3600) * 1000;
  let clock = start;
  const sentences = SENTENCES[topic];
  const mediaId = () => 'G' + r.chars(14, ALNUM);

  // The author's chain.
  const chain = [];
  const truncatedIds = [];
  for (let k = 1; k <= total; k++) {
    clock += r.int(25, 200) * 1000;
    const time = new Date(clock).toISOString();
    const id = snowflake(clock, seq++);
    if (k === skip) continue; // the author deleted it: the number is missing from the thread
    const marker = NUMBERINGS[params.numbering](k, total);
    const runs = marker ? [marker] : [];
    const longPost = params.truncate && k > 1 && k % 9 === 4;
    const nSent = longPost ? r.int(6, 9) : r.pick([1, 1, 2, 2, 2, 3, 3, 4]);
    const layout = r();
    const pool = sentences.slice(); // no sentence twice in one post
    for (let s = 0; s < nSent; s++) {
      let sentence = pool.splice(Math.floor(r() * pool.length), 1)[0];
      if (s > 0) sentence = (layout < 0.25 && !longPost ? '\n\n' : ' ') + sentence;
      runs.push(sentence);
    }
    if (k === 1) runs.push(' A thread ', { emoji: '🧵' }, { emoji: '👇' });
    else if (k === total) runs.push('\n\nThat’s it. If this helped, the first post is the one to share ', { emoji: '🙏' });
    if (!longPost) {
      const extra = r();
      if (extra < 0.12) runs.push(' ', { emoji: r.pick(EMOJI) });
      else if (extra < 0.2) {
        const [domain, path] = r.pick(DOMAINS[topic]);
        runs.push('\n\nMore here: ', { url: `https://${domain}${path}` });
      } else if (extra < 0.26) runs.push(' h/t ', { mention: r.pick(OTHERS)[0] });
      else if (extra < 0.31) runs.push(' ', { hashtag: r.pick(TAGS[topic]) });
    }
    const post = { kind: 'post', key: 'p:' + id, id, author, time, lang: 'en', text: runs, stats: makeStats(r, 400 / Math.sqrt(k)), number: k };
    const media = r();
    if (!longPost && k > 1) {
      if (media < 0.12) {
        const n = r.pick([1, 1, 1, 2, 3, 4]);
        post.photos = Array.from({ length: n }, () => ({ id: mediaId(), alt: r.chance(0.4) ? `Photo for post ${k}` : undefined, ratio: n === 1 ? r.pick([56.25, 75, 100, 125]) : undefined }));
      } else if (media < 0.16) {
        const [domain, path] = r.pick(DOMAINS[topic]);
        post.card = { url: `https://${domain}${path}`, domain: domain.replace(/^www\./, ''), title: sentences[r.int(0, sentences.length - 1)].replace(/\.$/, '') };
      } else if (media < 0.19) {
        const [qh] = r.pick(OTHERS);
        const qt = start - r.int(2, 30) * 86400000;
        post.quote = { id: snowflake(qt, 900 + k), author: qh, time: new Date(qt).toISOString(), lang: 'en', text: r.pick(REPLY_TEXTS) + ' ' + r.pick(sentences) };
      } else if (media < 0.205) {
        post.gif = { id: mediaId(), ratio: 75 };
      } else if (media < 0.215) {
        post.video = { id: mediaId(), mediaId: String(1890000000000000000n + BigInt(r.int(1, 1e9))), duration: `${r.int(0, 3)}:${String(r.int(5, 59)).padStart(2, '0')}` };
      }
    }
    if (longPost) {
      post.fullText = runs;
      post.text = cutRuns(runs, 270);
      post.truncated = true;
      truncatedIds.push(id);
    }
    chain.push(post);
  }

  // The focal post.
  let focalIndex;
  if (params.open === 'head') focalIndex = 0;
  else if (params.open === 'middle') focalIndex = Math.floor(chain.length / 2);
  else if (params.open === 'last') focalIndex = chain.length - 1;
  else focalIndex = Math.min(chain.length, Math.max(1, params.open)) - 1;
  const focal = chain[focalIndex];
  focal.focal = true;
  if (focal.truncated) { // X shows the focal post whole
    focal.text = focal.fullText;
    focal.truncated = false;
    truncatedIds.splice(truncatedIds.indexOf(focal.id), 1);
  }
  const lastChainTime = clock;

  // Rows below the focal post, flat: the continuation, then reply groups.
  const flat = chain.slice(focalIndex + 1).map((p) => p);
  // Where "Show replies" cells cut the continuation: after its 150th and 450th post (X lets a
  // conversation run for a while below the focal post, then asks), or halfway through a
  // continuation shorter than that; never in the last 5 posts.
  const cutAfter = new Set();
  if (params.showMore) {
    const cont = chain.length - focalIndex - 1;
    for (const n of [150, 450]) if (n <= cont - 5) cutAfter.add(chain[focalIndex + n].id);
    if (cutAfter.size === 0 && cont >= 20) cutAfter.add(chain[focalIndex + Math.floor(cont / 2)].id);
  }

  // Replies by others to the focal post, some answered by the author (one connected group each).
  let replyClock = lastChainTime;
  const replyRows = [];
  for (let i = 0; i < params.replies; i++) {
    const [h] = OTHERS[(i * 7 + r.int(0, 3)) % OTHERS.length];
    const t = lastChainTime + r.int(2, 600) * 60000;
    replyClock = Math.max(replyClock, t);
    const reply = { kind: 'post', key: '', id: snowflake(t, seq++), author: h, time: new Date(t).toISOString(), lang: 'en', text: [r.pick(REPLY_TEXTS)], replyingTo: [author], stats: makeStats(r, 6) };
    if (r.chance(0.12)) reply.text.push(' ', { emoji: r.pick(EMOJI) });
    const group = [{ kind: 'empty' }, reply];
    if (i % 3 === 1) {
      const ta = t + r.int(1, 120) * 60000;
      replyClock = Math.max(replyClock, ta);
      group.push({ kind: 'post', key: '', id: snowflake(ta, seq++), author, time: new Date(ta).toISOString(), lang: 'en', text: [r.pick(ANSWER_TEXTS)], replyingTo: [h], stats: makeStats(r, 3), answer: true });
      reply.connectBottom = true;
      group[2].connectTop = true;
    }
    replyRows.push(group);
  }

  // Ads: one about every 25 rows below the focal post, never right at a "Show replies" cut.
  const rows = [];
  let sinceAd = 0;
  let nextAd = r.int(22, 27);
  let adCount = 0;
  const maybeAd = () => {
    if (!params.ads || sinceAd < nextAd) return;
    const [h, , domain, title] = BRANDS[adCount % BRANDS.length];
    const ad = { kind: 'ad', id: 'ad-' + adCount, author: h, lang: 'en', text: [title + '. ', { url: `https://${domain}/?utm_source=x` }], stats: makeStats(r, 30) };
    if (adCount % 2 === 0) ad.card = { url: `https://${domain}/`, domain, title };
    rows.push(ad);
    adCount++;
    sinceAd = 0;
    nextAd = r.int(22, 27);
  };
  for (let i = 0; i < flat.length; i++) {
    if (i > 0 && !cutAfter.has(flat[i - 1].id)) maybeAd();
    rows.push(flat[i]);
    sinceAd++;
    if (cutAfter.has(flat[i].id)) rows.push({ kind: 'cut' });
  }
  for (const group of replyRows) {
    maybeAd();
    rows.push(...group);
    sinceAd += group.length - 1;
  }

  // "Discover more": a heading, then recommended posts (one by the same author, newer).
  if (params.discover) {
    rows.push({ kind: 'heading', text: 'Discover more', subtitle: 'Sourced from across X' });
    for (let i = 0; i < 5; i++) {
      const own = i === 2;
      const h = own ? author : OTHERS[(i * 5 + 3) % OTHERS.length][0];
      const t = replyClock + r.int(1, 72) * 3600000;
      if (i > 0) rows.push({ kind: 'empty' });
      rows.push({ kind: 'post', id: snowflake(t, seq++), author: h, time: new Date(t).toISOString(), lang: 'en', text: [own ? r.pick(sentences) + ' New thread soon.' : r.pick(SENTENCES[r.pick(Object.keys(SENTENCES))])], stats: makeStats(r, 40), recommended: true });
      if (!own && r.chance(0.4)) rows[rows.length - 1].photos = [{ id: mediaId() }];
    }
  }

  // Connector lines: a chain post continues the one above it when they are adjacent.
  const isChain = (x) => x && x.kind === 'post' && x.author === author && x.number !== undefined;
  for (let i = 0; i < focalIndex; i++) {
    chain[i].connectTop = i > 0;
    chain[i].connectBottom = true;
  }
  focal.connectTop = focalIndex > 0;
  focal.connectBottom = isChain(rows[0]);
  rows.forEach((row, i) => {
    if (!isChain(row)) return;
    const prev = i === 0 ? focal : rows[i - 1];
    const next = rows[i + 1];
    row.connectTop = isChain(prev);
    row.connectBottom = isChain(next) || (next && next.kind === 'cut');
  });

  // Keys, then fold the cut parts of the chain behind "Show replies" rows.
  let n = 0;
  for (const row of rows) {
    if (row.kind === 'post') row.key = 'p:' + row.id;
    else if (row.kind === 'ad') row.key = 'ad:' + row.id;
    else row.key = row.kind + ':' + n++;
  }
  const fold = (list) => {
    const at = list.findIndex((x) => x.kind === 'cut');
    if (at < 0) return list;
    let end = at;
    for (let i = at + 1; i < list.length; i++) if (isChain(list[i])) end = i;
    const link = params.showMore === 'link' || params.showMore === 'linkout';
    const cell = {
      kind: 'showMore', key: 'more:' + list[at + 1].key, label: link ? 'Show more replies' : 'Show replies', hidden: fold(list.slice(at + 1, end + 1)),
      ...(link ? { href: `/i/status/${list[at + 1].id}`, inPlace: params.showMore === 'link' } : {}),
    };
    return [...list.slice(0, at), cell, ...list.slice(end + 1)];
  };
  const below = fold(rows);

  const expectedIds = chain.map((p) => p.id);
  const expectedTexts = Object.fromEntries(chain.map((p) => [p.id, plainText(p.fullText || p.text)]));
  const canonical = `https://x.com/${author}/status/${focal.id}`;
  const title = `${authorDef.name} on X: "${plainText(focal.text).replace(/\s+/g, ' ').slice(0, 200)}" / X`;
  return {
    params,
    author,
    users,
    now: new Date(replyClock + 3600000).toISOString(),
    canonical,
    title,
    chain,
    focalIndex,
    focal,
    ancestors: chain.slice(0, focalIndex),
    below,
    expectedIds,
    expectedTexts,
    numbers: Object.fromEntries(chain.map((p) => [p.id, [p.number, total]])),
    numberedTotal: total,
    skippedNumber: skip || null,
    truncatedIds,
    hiddenAfter: [...cutAfter],
    answerIds: replyRows.flat().filter((x) => x.answer).map((x) => x.id),
  };
}

/** The chain's status ids, in thread order. */
export function expectedIds(params) {
  return buildThread(params).expectedIds;
}
