// Bluesky-like markup (bsky.app's thread screen), shared by the fixture pages
// (tools/make-bluesky-fixtures.mjs), the benchmark pages and the live simulation
// (www/sim/bluesky.js), so all read the same to the extractor. Shaped like the corpus capture
// (../shared/corpus/bluesky/metascraper-2026-glendunlap-thread-replies.html) and social-app's
// src/screens/PostThread/components: nothing of the capture is copied, only its structure.
// Moderation (social-app's ContentHider, PostHider, Pills, ThreadItemPostTombstone,
// ThreadItemPostNoUnauthenticated; see src/bluesky/markup.rs): a post's `warning` (what the
// focal post's ContentHider shows), `mediaWarning` / `quoteWarning` (an embed's ContentHider) and
// `pills` (PostAlerts); rows `{ hidden, words }` (PostHider) and `{ placeholder, words }`.
// A warning is { name, line?, override: true|false, shown: bool, source? }: `override: false` is
// the logged-out adult-content case (no "Show"), `shown` the reader having pressed "Show".
// Plain ES module: runs in Node and in the browser.

const LRE = '\u202a';
const PDF = '\u202c';

export const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function richText(parts, lang) {
  const inner = parts.map((p) => {
    if (typeof p === 'string') return esc(p);
    if (p.tag) return `<a href="/hashtag/${esc(p.tag)}" aria-label="Hashtag ${esc(p.tag)}" role="link"><span>#${esc(p.tag)}</span></a>`;
    if (p.mention) return `<a href="/profile/${esc(p.mention)}" role="link">@${esc(p.mention)}</a>`;
    return `<a href="${esc(p.link)}" role="link">${esc(p.shown ?? p.link)}</a>`;
  });
  return `<div dir="auto" data-word-wrap="1"${lang ? ` lang="${lang}"` : ''}>${inner.join('')}</div>`;
}

export function avatar(user) {
  return `<div data-expoimage="true" data-testid="userAvatarImage"><div><img src="${esc(user.avatar)}"></div></div>`;
}

const icon = '<svg fill="none" width="20" viewBox="0 0 24 24" height="20"><path fill="#6F839F" d="M12 2a10 10 0 1 0 0 20"></path></svg>';

// ContentHider: when it blurs, only its Button (the cause's name, then "Show"/"Hide" when the
// reader may override) and "Labeled by …"; the hidden part is mounted only once shown.
export function hider(warning, inner) {
  if (!warning) return `<div>${inner}</div>`;
  const toggle = warning.override === false ? '' : `<div dir="auto">${warning.shown ? 'Hide' : 'Show'}</div>`;
  const button = `<button aria-label="${esc(warning.name)}" aria-pressed="false" role="button" tabindex="0" type="button"><div>${icon}<div dir="auto">${esc(warning.line ?? warning.name)}</div>${toggle}</div></button>`;
  const source = warning.source && !warning.shown
    ? `<button aria-label="Learn more about the moderation applied to this content" aria-pressed="false" role="button" tabindex="0" type="button"><div dir="auto">${esc(warning.source)} <span>Learn more.</span></div></button>`
    : '';
  return `<div>${button}${source}${warning.shown ? `<div>${inner}</div>` : ''}</div>`;
}

// PostAlerts: one Pills.Label per informing label; a labeler's label shows the labeler's avatar.
export function pills(post) {
  if (!post.pills?.length) return '';
  return `<div>${post.pills.map((p) => `<button aria-label="${esc(p.name)}" aria-pressed="false" role="button" tabindex="0" type="button"><div>${p.labelerAvatar ? `<div data-testid="userAvatarImage"><img src="${esc(p.labelerAvatar)}"></div>` : icon}<div dir="auto">${esc(p.name)}</div></div></button>`).join('')}</div>`;
}

export function embeds(post, users) {
  let out = '';
  let media = '';
  for (const img of post.images ?? []) {
    media += `<div><button aria-label="${esc(img.alt || 'Image')}" role="button" tabindex="0"><div data-expoimage="true"><div><img alt="${esc(img.alt)}" src="${esc(img.src)}"></div></div>${img.alt ? '<div><div dir="auto">ALT</div></div>' : ''}</button></div>`;
  }
  if (post.video) {
    media += `<div><div><video poster="${esc(post.video.poster)}" aria-label="${esc(post.video.alt)}" src="blob:https://bsky.app/0f0e"></video></div><button aria-label="Play Video" role="button" tabindex="0"></button></div>`;
  }
  if (media) out += post.mediaWarning ? hider(post.mediaWarning, media) : media;
  if (post.card) {
    const c = post.card;
    out += `<div><a href="${esc(c.url)}" aria-label="${esc(c.title)}" role="link" tabindex="0"><div><div data-expoimage="true"><img src="${esc(c.image)}"></div></div><div><div dir="auto">${esc(c.title)}</div><div dir="auto">${esc(c.description)}</div><div><div dir="auto">${esc(c.domain)}</div></div></div></a></div>`;
  }
  if (post.quote) {
    const q = post.quote;
    const u = users[q.author];
    const box = `<div role="link" tabindex="0"><div><div>${avatar(u)}</div><div dir="auto">${LRE}${esc(u.name)}${PDF}</div><div dir="auto">\u00a0${LRE}@${esc(q.author)}${PDF}</div><div dir="auto">· ${esc(q.age)}</div></div>${richText(q.text)}</div>`;
    out += `<div>${post.quoteWarning ? hider(post.quoteWarning, box) : box}</div>`;
  }
  return out;
}

const controls = `<div><div><button aria-label="Reply (1 reply)" role="button" tabindex="0" data-testid="replyBtn"><div dir="auto">1</div></button></div><div><button aria-label="Like (2 likes)" role="button" tabindex="0" data-testid="likeBtn"><div dir="auto" data-testid="likeCount">2</div></button></div></div>`;

export function focalItem(post, users) {
  const u = users[post.author];
  const h = esc(post.author);
  return `<div><div data-testid="postThreadItem-by-${h}"><div><div><a href="/profile/${h}" aria-label="${esc(u.name)}'s avatar" role="link" tabindex="0">${avatar(u)}</a></div>` +
    `<a href="/profile/${h}" aria-label="${esc(u.name)}" role="link" tabindex="0"><div><div dir="auto">${esc(u.name)}</div></div><div dir="auto">${LRE}@${h}${PDF}</div></a>` +
    `<div><button aria-label="Follow ${h}" role="button" tabindex="0" data-testid="followBtn"><div dir="auto">Follow</div></button></div></div>` +
    `<div>${hider(post.warning, pills(post) + richText(post.text, post.lang) + embeds(post, users))}</div>` +
    `<div><div dir="auto">${esc(post.shownDate)}</div></div>` +
    `<div><a href="/profile/${h}/post/${esc(post.rkey)}/liked-by" aria-label="Likes on this post" role="link" tabindex="0"><div dir="auto" data-testid="likeCount-expanded"><span>5</span> likes</div></a></div>` +
    `${controls}</div></div>`;
}

export function item(post, users) {
  const u = users[post.author];
  const h = esc(post.author);
  return `<div><div><div></div><div role="link" tabindex="0" data-testid="postThreadItem-by-${h}"><div><div></div></div>` +
    `<div><div><a href="/profile/${h}" aria-label="${esc(u.name)}'s avatar" role="link" tabindex="0">${avatar(u)}</a></div></div>` +
    `<div><div><a href="/profile/${h}" dir="auto" aria-label="View profile" role="link">${LRE}${esc(u.name)}${PDF}</a><a href="/profile/${h}" dir="auto" aria-label="View profile" role="link">\u00a0${LRE}@${h}${PDF}</a></div>` +
    `<a href="/profile/${h}/post/${esc(post.rkey)}" dir="auto" aria-label="${esc(post.shownDate)}" role="link"><span>· </span>${esc(post.age)}</a></div>` +
    `${pills(post)}${richText(post.text, post.lang)}${embeds(post, users)}${controls}</div></div></div>`;
}

export function row(r, users) {
  if (r.continueThread) return `<a href="${esc(r.continueThread)}" aria-label="Continue thread" role="link" tabindex="0"><div><div dir="auto">Continue thread...</div></div></a>`;
  if (r.readMore) return `<div><div></div><a href="${esc(r.readMore)}" aria-label="Read more replies" role="link" tabindex="0"><div dir="auto">Read ${r.count} more replies</div></a></div>`;
  if (r.hidden) return `<div><div aria-label="" role="button" tabindex="0"><div aria-label="Learn more about this warning" role="button"></div><div dir="auto">${esc(r.words ?? 'Hidden by the moderation service')}</div><div dir="auto">Show</div></div></div>`;
  // ThreadItemPostNoUnauthenticated: reply line, a lock in a skeleton circle, one italic line.
  if (r.placeholder === 'signIn') return `<div><div><div><div></div></div></div><div><div>${icon}</div><div dir="auto">${esc(r.words)}</div></div><div></div></div>`;
  // ThreadItemPostTombstone (not found, blocked): an icon and one line.
  if (r.placeholder) return `<div><div><div><div>${icon}</div><div dir="auto">${esc(r.words)}</div></div></div></div>`;
  return r.focal ? focalItem(r, users) : item(r, users);
}

export function screen(s, users) {
  return `<div style="display: ${s.hidden ? 'none' : 'flex'}; flex: 1 1 0%;"><div data-testid="postThreadScreen">` +
    `<div><button aria-label="Go back" role="button" tabindex="0"></button><div dir="auto">Post</div></div>` +
    `<div><div>${s.rows.map((r) => row(r, users)).join('\n')}</div></div></div></div>`;
}

/** A whole bsky.app post page from a spec's `page` block (fixtures, tools/bench-pages.mjs). */
export function page(p) {
  const head = `<meta charset="UTF-8"><title>${esc(p.title)}</title>` +
    `<meta property="og:url" content="${esc(p.ogUrl)}">` +
    (p.publishedTime ? `<meta property="article:published_time" content="${esc(p.publishedTime)}">` : '') +
    `<link rel="canonical" href="${esc(p.ogUrl)}">`;
  return `<!DOCTYPE html>\n<html lang="en"><head>${head}</head>\n<body><div id="root"><main role="main">\n` +
    p.screens.map((s) => screen(s, p.users)).join('\n') + `\n</main></div></body></html>\n`;
}
