// X Article markup for the fixtures and the simulation: an Article's read view as X draws it on
// the Article's status page (structure of the 2026 capture defuddle-2026-x-article-arscontexta:
// cover link to /<handle>/article/<id>/media/<mid>, the title, the action bar, then a read-only
// Draft.js editor whose blocks carry data-block="true" and their kind as a `longform-*` class).
// Block kinds the capture does not show are drawn the way Draft.js writes them and X's own
// `.longform-*` stylesheet (in that capture) styles them: `longform-header-one`,
// `longform-blockquote`, list depth as `public-DraftStyleDefault-depthN` on a flat run of items,
// inline marks as `style="font-weight: bold"` / `font-style: italic` /
// `text-decoration: line-through` on the leaf span, atomic blocks as `section`s (image in a
// tweetPhoto, separator a role="separator", embedded post a `simpleTweet`). A cut Article (for
// logged-out readers) ends with a sign-in prompt linking to /i/flow/login and /i/flow/signup.
//
// The x-markup.js builders are passed in as `kit` (h, t, V, T, S, I, A, avatarBlock,
// userNameBlock, tweetTextBlock, userOf), so both files draw with the same atoms.
//
//   article: { id, title, cover: {id, alt}, dir: 'ltr'|'rtl', gate: bool,
//              blocks: [{ type, text (string or runs), depth, language, code, photo, caption,
//                         post: {id, author, time, text} }] }
//   block types: unstyled, header-one, header-two, blockquote, ordered-list-item,
//                unordered-list-item, code, image, separator, post
//   runs: "text" or { text, bold, italic, strike, url, mention }

const EDITOR = 'a7r1c';

/** Draft.js offset keys: five base-36 characters, stable per block index. */
function blockKey(i) {
  return (i * 7919 + 104729).toString(36).slice(-5);
}

function runsOf(text) {
  if (text === undefined || text === null) return [];
  return typeof text === 'string' ? [text] : text;
}

function leafStyle(run) {
  const styles = [];
  if (run.bold) styles.push('font-weight: bold;');
  if (run.italic) styles.push('font-style: italic;');
  if (run.strike) styles.push('text-decoration: line-through;');
  return styles.length ? styles.join(' ') : null;
}

/** One Draft.js leaf: span[data-offset-key] > span[data-text]. Links wrap it in X's anchor. */
function leaf(kit, run, key, at) {
  const { h, t, V, S } = kit;
  const r = typeof run === 'string' ? { text: run } : run;
  const offset = `${key}-${at}-0`;
  const inner = h('span', { 'data-offset-key': offset, style: leafStyle(r) }, h('span', { 'data-text': 'true' }, t(r.text)));
  if (r.mention) {
    return h('div', { class: V('inlineF') },
      h('a', { href: `/${r.mention}`, dir: 'ltr', role: 'link', class: S('ptr', 'linkc') }, inner));
  }
  if (r.url) {
    return h('div', { class: V('inlineF') },
      h('a', { href: r.url, dir: 'ltr', rel: 'noopener noreferrer nofollow', target: '_blank', role: 'link', class: S('ptr', 'linkc') }, inner));
  }
  return inner;
}

/** The inner Draft.js block element with its direction class, holding the leaves. */
function blockBody(kit, block, key, dir) {
  const runs = runsOf(block.text);
  const leaves = runs.length
    ? runs.map((run, at) => leaf(kit, run, key, at))
    : [kit.h('span', { 'data-offset-key': `${key}-0-0` }, kit.h('br', { 'data-text': 'true' }))];
  return kit.h('div', { 'data-offset-key': `${key}-0-0`, class: `public-DraftStyleDefault-block public-DraftStyleDefault-${dir}` }, leaves);
}

function blockAttrs(key, extra = {}) {
  return { ...extra, 'data-block': 'true', 'data-editor': EDITOR, 'data-offset-key': `${key}-0-0` };
}

function isListItem(block) {
  return block.type === 'ordered-list-item' || block.type === 'unordered-list-item';
}

function listItem(kit, block, key, dir) {
  const ordered = block.type === 'ordered-list-item';
  const depth = block.depth || 0;
  const classes = [
    `longform-${block.type}`,
    ordered ? 'public-DraftStyleDefault-orderedListItem' : 'public-DraftStyleDefault-unorderedListItem',
    block.first ? 'public-DraftStyleDefault-reset' : null,
    `public-DraftStyleDefault-depth${depth}`,
    `public-DraftStyleDefault-list${dir.toUpperCase()}`,
  ].filter(Boolean).join(' ');
  return kit.h('li', blockAttrs(key, { class: classes }), blockBody(kit, block, key, dir));
}

function codeBlock(kit, block, key) {
  const { h, t, V, T, S } = kit;
  // Highlighted code: X's highlighter wraps tokens in spans; the text in between stays as is.
  const tokens = (block.code || '').split(/(\s+)/).map((part) => (/^\s+$/.test(part) || part === '' ? t(part) : h('span', { class: 'token' }, t(part))));
  return h('section', blockAttrs(key, { contenteditable: 'false' }),
    h('div', { class: V('mt12') },
      h('div', { class: V('border'), 'data-testid': 'markdown-code-block' },
        h('div', { class: V('row', 'between') },
          h('div', { dir: 'ltr', class: T('f13', 'mutc') }, h('span', { class: S() }, t(block.language || ''))),
          h('div', { class: V() },
            h('button', { 'aria-label': 'Copy to clipboard', role: 'button', class: V('ptr'), type: 'button' },
              h('div', { dir: 'ltr', class: T('f13') }, h('span', { class: S() }, t('Copy')))))),
        h('pre', { style: 'background: rgb(247, 249, 249); color: rgb(56, 58, 66); font-family: monospace; direction: ltr; text-align: left; white-space: pre;' },
          h('code', { class: block.language ? `language-${block.language}` : null, style: 'font-family: monospace;' }, tokens)))));
}

function imageBlock(kit, block, key, article, handle) {
  const { h, t, V, T, S, I } = kit;
  const p = block.photo || {};
  const url = `https://pbs.twimg.com/media/${p.id}?format=jpg&name=medium`;
  const alt = p.alt || 'Image';
  return h('section', blockAttrs(key, { contenteditable: 'false' }),
    h('div', { class: V('mt12') },
      h('a', { href: `/${handle}/article/${article.id}/media/${p.media || p.id}`, role: 'link', class: V('ptr') },
        h('div', { class: V('ovh') },
          h('div', { 'aria-label': alt, class: V('abs', 'fill', 'ovh'), 'data-testid': 'tweetPhoto' },
            h('div', { class: V('abs', 'fill', 'bg'), style: `background-image: url("${url}");` }),
            h('img', { alt, draggable: 'true', src: url, class: I() })))),
      block.caption ? h('div', { dir: 'auto', class: T('f13', 'mutc') }, h('span', { class: S() }, t(block.caption))) : null));
}

function separatorBlock(kit, key) {
  return kit.h('section', blockAttrs(key, { contenteditable: 'false' }),
    kit.h('div', { class: kit.V('py12') }, kit.h('div', { role: 'separator', class: kit.V('borderB') })));
}

/** An embedded post: X's compact post (`simpleTweet`) with its author, date link and text. */
function postBlock(kit, block, key, ctx) {
  const { h, V, avatarBlock, userNameBlock, tweetTextBlock, userOf } = kit;
  const post = block.post || {};
  const user = userOf(post.author, ctx.users);
  const date = { iso: post.time, text: (post.time || '').slice(0, 10), label: post.time };
  return h('section', blockAttrs(key, { contenteditable: 'false' }),
    h('div', { class: V('mt12') },
      h('div', { 'data-testid': 'simpleTweet', class: V('border') },
        h('div', { tabindex: '0', role: 'link', class: V('px12', 'pt12', 'ptr') },
          h('div', { class: V('row', 'center') },
            avatarBlock(user, { quoted: true }),
            userNameBlock(user, { L: ctx.L, ids: {}, link: true, quoted: true, dateLink: `/${user.handle}/status/${post.id}`, date })),
          tweetTextBlock({ text: post.text, lang: post.lang, dir: post.dir }, { L: ctx.L, id: null, focal: false, quoted: false })))));
}

function textBlock(kit, block, key, dir) {
  const { h } = kit;
  switch (block.type) {
    case 'unstyled':
      return h('div', blockAttrs(key, { class: 'longform-unstyled' }), blockBody(kit, block, key, dir));
    case 'header-one':
      return h('div', { dir }, h('h1', blockAttrs(key, { class: 'longform-header-one' }), blockBody(kit, block, key, dir)));
    case 'header-two':
      return h('div', { dir }, h('h2', blockAttrs(key, { class: 'longform-header-two' }), blockBody(kit, block, key, dir)));
    case 'blockquote':
      return h('blockquote', blockAttrs(key, { class: 'longform-blockquote' }), blockBody(kit, block, key, dir));
    default:
      throw new Error('x-article-markup: unknown block type ' + block.type);
  }
}

/** The body's blocks; consecutive list items of one kind share a wrapper, as Draft.js does. */
function blocksHtml(kit, article, handle, ctx) {
  const { h } = kit;
  const out = [];
  const blocks = article.blocks || [];
  let i = 0;
  while (i < blocks.length) {
    const block = blocks[i];
    const dir = block.dir || article.dir || 'ltr';
    if (isListItem(block)) {
      const items = [];
      const type = block.type;
      while (i < blocks.length && blocks[i].type === type) {
        items.push(listItem(kit, { ...blocks[i], first: items.length === 0 }, blockKey(i), blocks[i].dir || article.dir || 'ltr'));
        i++;
      }
      const tag = type === 'ordered-list-item' ? 'ol' : 'ul';
      out.push(h(tag, { class: `public-DraftStyleDefault-${tag}`, 'data-offset-key': `${blockKey(i - items.length)}-0-0` }, items));
      continue;
    }
    const key = blockKey(i);
    switch (block.type) {
      case 'code': out.push(codeBlock(kit, block, key)); break;
      case 'image': out.push(imageBlock(kit, block, key, article, handle)); break;
      case 'separator': out.push(separatorBlock(kit, key)); break;
      case 'post': out.push(postBlock(kit, block, key, ctx)); break;
      default: out.push(textBlock(kit, block, key, dir));
    }
    i++;
  }
  return out;
}

/** The sign-in prompt X draws under a cut Article for logged-out readers. */
function gate(kit, ctx) {
  const { h, t, V, T, S } = kit;
  return h('div', { class: V('py12', 'center') },
    h('div', { dir: 'auto', class: T('f17', 'bold') }, h('span', { class: S() }, t(ctx.L.articleGate || 'Want to read the rest of this Article?'))),
    h('div', { class: V('row', 'center') },
      h('a', { href: '/i/flow/login', role: 'link', class: V('ptr') }, h('div', { dir: 'ltr', class: T('f15') }, h('span', { class: S() }, t('Log in')))),
      h('a', { href: '/i/flow/signup', role: 'link', class: V('ptr') }, h('div', { dir: 'ltr', class: T('f15') }, h('span', { class: S() }, t('Sign up'))))));
}

/**
 * The read view of the Article on its status page. `actionBar` is the post's own bar (X draws
 * it between the title and the body).
 */
export function articleView(kit, article, { handle, ctx, actionBar }) {
  const { h, t, V, T, S, I } = kit;
  const cover = article.cover
    ? (() => {
      const url = `https://pbs.twimg.com/media/${article.cover.id}?format=jpg&name=medium`;
      const alt = article.cover.alt || 'Image';
      return h('div', { class: V() },
        h('a', { href: `/${handle}/article/${article.id}/media/${article.cover.media || '1'}`, role: 'link', class: V('ptr') },
          h('div', { class: V('ovh') },
            h('div', { 'aria-label': alt, class: V('abs', 'fill', 'ovh'), 'data-testid': 'tweetPhoto' },
              h('div', { class: V('abs', 'fill', 'bg'), style: `background-image: url("${url}");` }),
              h('img', { alt, draggable: 'true', src: url, class: I() })))));
    })()
    : null;
  return h('div', { class: V() },
    h('div', { class: V('ovh'), 'data-testid': 'twitterArticleReadView' },
      cover,
      h('div', { class: V('px16', 'pt12') },
        h('div', { dir: 'auto', class: T('f20', 'bold', 'fgc'), 'data-testid': 'twitter-article-title' }, h('span', { class: S() }, t(article.title)))),
      actionBar,
      h('div', { class: V('px16'), 'data-testid': 'twitterArticleRichTextView' },
        h('div', { class: V() },
          h('div', { class: 'DraftEditor-root' },
            h('div', { class: 'DraftEditor-editorContainer' },
              h('div', { class: 'public-DraftEditor-content', contenteditable: 'false', 'data-testid': 'longformRichTextComponent', style: 'outline: none; user-select: text; white-space: pre-wrap; overflow-wrap: break-word;' },
                h('div', { 'data-contents': 'true' }, blocksHtml(kit, article, handle, ctx))))))),
      article.gate ? gate(kit, ctx) : null));
}

/**
 * An Article as a quoted post shows it in a timeline: its title and cover in the quote box, not
 * its body. The preview carries the Article's own title and read-view markers on purpose: the
 * worst case for a reader that must not mistake the quoting thread for the Article.
 */
export function quotedArticlePreview(kit, article) {
  const { h, t, V, T, S, I } = kit;
  const url = article.cover ? `https://pbs.twimg.com/media/${article.cover.id}?format=jpg&name=small` : null;
  return h('div', { class: V('px12', 'pb12'), 'data-testid': 'twitterArticleReadView' },
    url ? h('div', { class: V('ovh') }, h('img', { alt: '', src: url, class: I() })) : null,
    h('div', { dir: 'auto', class: T('f15', 'bold'), 'data-testid': 'twitter-article-title' }, h('span', { class: S() }, t(article.title))),
    article.preview ? h('div', { dir: 'auto', class: T('f15', 'mutc') }, h('span', { class: S() }, t(article.preview))) : null);
}
