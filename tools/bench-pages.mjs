// Writes X-like conversation pages of N thread posts (plus replies by others) for benchmarks:
//   node tools/bench-pages.mjs OUT_DIR 10 100 1000
// Every post is fully rendered (action bars, icons, classes), like a page where X had all of
// them mounted at once; a mix of plain text, links, mentions, emoji, photos and a quote.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConversationPage } from '../www/sim/x-markup.js';

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

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, ...counts] = process.argv.slice(2);
  mkdirSync(out, { recursive: true });
  for (const c of counts.map(Number)) {
    const html = renderConversationPage(benchSpec(c));
    writeFileSync(join(out, `posts-${c}.html`), html);
    console.log(`${join(out, `posts-${c}.html`)}: ${(html.length / 1024).toFixed(0)} KB`);
  }
}
