// Writes X-like conversation pages of N thread posts (plus replies by others) for benchmarks,
// and Bluesky-like post pages of the same size (bluesky-posts-N.html):
//   node tools/bench-pages.mjs OUT_DIR 10 100 1000
// Every X post is fully rendered (action bars, icons, classes), like a page where X had all of
// them mounted at once; a mix of plain text, links, mentions, emoji, photos and a quote. The
// Bluesky page is the author's N-post self-thread opened on its first post, as bsky.app draws it
// (tools/make-bluesky-fixtures.mjs's markup), with the same mix and replies by others below.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConversationPage } from '../www/sim/x-markup.js';
import { page as blueskyPage } from '../www/sim/bluesky-markup.js';

export function benchSpec(count, { focalIndex = 0 } = {}) {
  const author = 'bench_author';
  const base = 2000000000000000000n;
  const items = [];
  for (let i = 0; i < count; i++) {
    const n = i + 1;
    const post = {
      id: String(base + BigInt(i) * 1000n),
      author,
      time: new Date(Date.UTC(2026, 0, 1, 12, 0, i)).toISOString(),
      lang: 'en',
      text: `${n}/${count} Post number ${n} of this benchmark thread, with @someone, a #hashtag, an emoji 🚀 and a link https://example.com/articles/${n}/a-fairly-long-path-name?x=${n}`,
      stats: { replies: n % 7, reposts: n % 5, likes: n * 3, bookmarks: n % 4, views: 1000 + n },
      connectTop: i > focalIndex - 1 && i > 0,
      connectBottom: i < count - 1,
    };
    if (n % 5 === 0) post.media = [{ kind: 'image', id: `BENCH${n}`, alt: `Chart ${n}` }];
    items.push(post);
  }
  for (let r = 0; r < 5; r++) {
    items.push({
      id: String(base + BigInt(count) * 1000n + BigInt(r)),
      author: `replier${r}`,
      time: new Date(Date.UTC(2026, 0, 2, 12, r)).toISOString(),
      lang: 'en',
      text: `A reply by someone else (${r})`,
      replyingTo: [author],
    });
  }
  const users = { [author]: { name: 'Bench Author' } };
  for (let r = 0; r < 5; r++) users[`replier${r}`] = { name: `Replier ${r}` };
  return {
    locale: 'en', loggedIn: true, viewer: 'viewer', now: '2026-01-03T00:00:00.000Z',
    users: { ...users, viewer: { name: 'Viewer' } },
    focal: items[focalIndex].id,
    items,
  };
}

/**
 * The weight bsky.app adds around that structure, which the snapshot must skip: React Native
 * Web's atomic classes and inline styles on every view, and an SVG icon in every button.
 */
export function withBlueskyWeight(html) {
  const icon = '<svg fill="none" width="18" viewBox="0 0 24 24" height="18"><path fill="#6F839F" stroke="none" fill-rule="evenodd" clip-rule="evenodd" d="M17.957 2.293a1 1 0 1 0-1.414 1.414L17.836 5H6a3 3 0 0 0-3 3v3a1 1 0 1 0 2 0V8a1 1 0 0 1 1-1h11.836l-1.293 1.293a1 1 0 0 0 1.414 1.414l2.47-2.47a1.75 1.75 0 0 0 0-2.474l-2.47-2.47Z"></path></svg>';
  return html
    .replace(/<div(?=[ >])(?![^>]*\bstyle=)/g, '<div class="css-g5y9jx r-18u37iz r-1wbh5a2" style="flex-direction: row; align-items: center; gap: 4px;"')
    .replace(/<button(?=[ >])/g, '<button class="css-g5y9jx r-1loqt21 r-1otgn73" type="button" style="justify-content: center; border-radius: 999px; padding: 5px;"')
    .replace(/(<button[^>]*>)/g, `$1${icon}`);
}

/** The `page` block of a Bluesky spec: `count` posts by the author, then 5 replies by others. */
export function blueskyBenchSpec(count) {
  const author = 'bench.bsky.social';
  const rkey = (i) => `3mbench${String(i).padStart(6, '0')}`;
  const users = { [author]: { name: 'Bench Author', avatar: 'https://cdn.bsky.app/img/avatar_thumbnail/plain/did:plc:bench/bafkbench@jpeg' } };
  const rows = [];
  for (let i = 0; i < count; i++) {
    const n = i + 1;
    const post = {
      rkey: rkey(i), author, age: '1h', shownDate: 'January 1, 2026 at 12:00 PM', focal: i === 0,
      text: [`${n}/${count} Post number ${n} of this benchmark thread, with `, { mention: 'someone.bsky.social' }, ', a ', { tag: 'hashtag' },
        ', an emoji 🚀 and a link ', { link: `https://example.com/articles/${n}/a-fairly-long-path-name?x=${n}`, shown: `example.com/articles/${n}/a-fairly-lo...` }],
    };
    if (n % 5 === 0) post.images = [{ src: `https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:bench/bafkchart${n}@jpeg`, alt: `Chart ${n}` }];
    rows.push(post);
  }
  for (let r = 0; r < 5; r++) {
    const who = `replier${r}.bsky.social`;
    users[who] = { name: `Replier ${r}`, avatar: `https://cdn.bsky.app/img/avatar_thumbnail/plain/did:plc:r${r}/bafkr${r}@jpeg` };
    rows.push({ rkey: `3mreply${r}`, author: who, age: '1h', shownDate: 'January 1, 2026 at 1:00 PM', text: [`A reply by someone else (${r})`] });
  }
  const url = `https://bsky.app/profile/${author}/post/${rkey(0)}`;
  return { title: `Post by @${author} — Bluesky`, ogUrl: url, publishedTime: '2026-01-01T12:00:00.000Z', users, screens: [{ rows }] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, ...counts] = process.argv.slice(2);
  mkdirSync(out, { recursive: true });
  for (const c of counts.map(Number)) {
    const html = renderConversationPage(benchSpec(c));
    writeFileSync(join(out, `posts-${c}.html`), html);
    console.log(`${join(out, `posts-${c}.html`)}: ${(html.length / 1024).toFixed(0)} KB`);
    const bluesky = withBlueskyWeight(blueskyPage(blueskyBenchSpec(c)));
    writeFileSync(join(out, `bluesky-posts-${c}.html`), bluesky);
    console.log(`${join(out, `bluesky-posts-${c}.html`)}: ${(bluesky.length / 1024).toFixed(0)} KB`);
  }
}
