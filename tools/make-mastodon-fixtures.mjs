// Writes tests/fixtures/mastodon-*/page.html from each folder's spec.json ("page" block), with
// markup shaped like Mastodon 4.5's web app as seen in the corpus capture
// (../shared/corpus/mastodon/omnibear-2026-alabut-descendants.html) and mastodon/mastodon's
// components (status.jsx, detailed_status.tsx, content_warning.tsx, poll.tsx, media_gallery,
// status_quoted.tsx, refresh_controller.tsx, standalone/status): nothing of the capture is copied,
// only its structure. Post content is written the way Mastodon's formatter writes it (`p`, `br`,
// `span.invisible`/`span.ellipsis` in long links, `span.h-card` mentions, `rel="tag"` hashtags).
//   node tools/make-mastodon-fixtures.mjs            regenerate every page
//   node tools/make-mastodon-fixtures.mjs --check    write nothing; exit 1 if a page is stale
//   node tools/make-mastodon-fixtures.mjs --bench OUT_DIR 10 100 1000
//                                    benchmark pages: OUT_DIR/mastodon-<n>.html, n posts by the author
import { readFileSync, writeFileSync, readdirSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const fixtures = new URL("../tests/fixtures/", import.meta.url).pathname;
const check = process.argv.includes("--check");

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const icon = (name) => `<svg xmlns="http://www.w3.org/2000/svg" height="24" viewBox="0 -960 960 960" width="24" class="icon icon-${name}" aria-hidden="true"><path d="M0 0h1v1H0z"></path></svg>`;

/** The account as Mastodon writes it in a list: `user` for the page's own instance. */
function shownAcct(acct, host) {
  const [user, domain] = acct.split("@");
  return domain === host ? user : acct;
}

/** Mastodon's long-link split (TextFormatter#link_to_url): scheme hidden, 30 characters shown. */
function longLink(url) {
  const m = /^(https?:\/\/(?:www\.)?)(.*)$/.exec(url);
  const [prefix, rest] = m ? [m[1], m[2]] : ["", url];
  const shown = rest.slice(0, 30);
  const hidden = rest.slice(30);
  return `<span class="invisible">${esc(prefix)}</span><span class="${hidden ? "ellipsis" : ""}">${esc(shown)}</span><span class="invisible">${esc(hidden)}</span>`;
}

function inline(part, ctx) {
  if (typeof part === "string") return esc(part).replace(/\n/g, "<br />");
  if (part.tag) return `<a href="/tags/${esc(part.tag.toLowerCase())}" class="mention hashtag" rel="tag">#<span>${esc(part.tag)}</span></a>`;
  if (part.mention) {
    const user = part.mention.split("@")[0];
    return `<span class="h-card" translate="no"><a href="/@${esc(shownAcct(part.mention, ctx.host))}" class="u-url mention" title="@${esc(part.mention)}">@<span>${esc(user)}</span></a></span>`;
  }
  if (part.emoji) {
    const src = ctx.emoji[part.emoji];
    return `<img draggable="false" class="emojione custom-emoji" alt=":${esc(part.emoji)}:" title=":${esc(part.emoji)}:" src="${esc(src)}">`;
  }
  if (part.link) return `<a href="${esc(part.link)}" target="_blank" rel="nofollow noopener" translate="no" class="unhandled-link">${longLink(part.link)}</a>`;
  throw new Error(`unknown part ${JSON.stringify(part)}`);
}

function content(post, ctx) {
  const paragraphs = post.paragraphs.map((p) => `<p>${p.map((part) => inline(part, ctx)).join("")}</p>`).join("");
  return `<div class="status__content${post.focal ? "" : " status__content--with-action"}"><div lang="${esc(post.lang ?? "en")}" class="status__content__text status__content__text--visible translate">${paragraphs}</div>${poll(post)}</div>`;
}

function poll(post) {
  if (!post.poll) return "";
  const options = post.poll.options.map((o) => {
    const number = o.result ? `<span class="poll__number" title="${esc(o.votes)} votes">${esc(o.result)}</span>` : `<span class="poll__input" tabindex="0" role="radio" aria-checked="false" aria-label="${esc(o.text)}"></span>`;
    const chart = o.result ? `<span class="poll__chart" style="width: ${esc(o.result)};"></span>` : "";
    return `<li><label class="poll__option"><input type="radio" name="vote-options" value="0">${number}<span class="poll__option__text translate" lang="en">${esc(o.text)}</span></label>${chart}</li>`;
  }).join("");
  return `<div class="poll"><ul>${options}</ul><div class="poll__footer"><button type="button" class="poll__link">Hide results</button> · <span>${esc(post.poll.footer)}</span></div></div>`;
}

/** Before 4.3: the warning and its button inside `.status__content`, the text in the page. */
function legacyWarning(post) {
  return `<p style="margin-bottom: 0px;"><span class="translate">${esc(post.warning)}</span> <button type="button" class="status__content__spoiler-link" aria-expanded="false">Show more</button></p>`;
}

/** Since 4.3: a banner before the content; the content, media and hashtags only when open. */
function warningBanner(post) {
  return `<div class="content-warning"><p>${esc(post.warning)}</p><button class="link-button">${post.warningOpen ? "Show less" : "Show more"}</button></div>`;
}

function body(post, ctx) {
  const banner = post.warning && post.warningStyle !== "legacy" ? warningBanner(post) : "";
  const shown = !post.warning || post.warningStyle === "legacy" || post.warningOpen;
  if (!shown) return banner;
  let text = content(post, ctx);
  if (post.warningStyle === "legacy") text = text.replace('<div lang=', `${legacyWarning(post)}<div lang=`).replace("status__content__text--visible ", "");
  return banner + text + media(post) + card(post) + quote(post, ctx);
}

function media(post) {
  let out = "";
  if (post.images?.length) {
    const items = post.images.map((img) => `<div class="media-gallery__item media-gallery__item--square"><canvas class="media-gallery__preview media-gallery__preview--hidden" width="32" height="32"></canvas><a class="media-gallery__item-thumbnail" href="${esc(img.full)}" target="_blank" rel="noopener noreferrer"><img src="${esc(img.small)}" alt="${esc(img.alt)}" title="${esc(img.alt)}" lang="en" style="object-position: 50% 50%;"></a>${img.alt ? '<div class="media-gallery__item__badges"><button class="media-gallery__alt__label">ALT</button></div>' : ""}</div>`).join("");
    out += `<div class="media-gallery media-gallery--layout-${post.images.length}" style="aspect-ratio: 3 / 2;">${items}</div>`;
  }
  if (post.video) {
    out += `<div class="video-player inline" style="aspect-ratio: 16 / 9;"><canvas class="media-gallery__preview" width="32" height="32"></canvas><video src="${esc(post.video.src)}" poster="${esc(post.video.poster)}" preload="none" role="button" tabindex="0" aria-label="${esc(post.video.alt)}" title="${esc(post.video.alt)}" lang="en"></video><div class="video-player__controls"><button type="button" title="Play" aria-label="Play" class="player-button">${icon("play")}</button></div></div>`;
  }
  return out;
}

function card(post) {
  const c = post.card;
  if (!c) return "";
  return `<a href="${esc(c.url)}" class="status-card" target="_blank" rel="noopener"><div class="status-card__image"><canvas class="status-card__image-preview status-card__image-preview--hidden" width="32" height="32"></canvas><img src="${esc(c.image)}" alt="" title="" lang="en" style="aspect-ratio: 1 / 1;" class="status-card__image-image"></div><div class="status-card__content" dir="auto"><span class="status-card__host"><span lang="en">${esc(c.provider)}</span></span><strong class="status-card__title" title="${esc(c.title)}" lang="en">${esc(c.title)}</strong></div></a>`;
}

function quote(post, ctx) {
  const q = post.quote;
  if (!q) return "";
  if (q.error) return `<div class="status__quote status__quote--error" role="status">${icon("quote")}<div class="status__quote__inner">This post cannot be displayed.</div></div>`;
  return `<div class="status__quote">${icon("quote")}${statusRow({ ...q, quoted: true }, ctx, null)}</div>`;
}

function displayName(user, shown) {
  return `<span class="display-name"><bdi><strong class="display-name__html">${user.nameHtml ?? esc(user.name)}</strong></bdi> <span class="display-name__account">@${esc(shown)}</span></span>`;
}

function avatar(user) {
  return `<div class="account__avatar" style="width: 46px; height: 46px;"><img src="${esc(user.avatar)}" alt=""></div>`;
}

const actionBar = `<div class="status__action-bar"><div class="status__action-bar__button-wrapper"><button type="button" aria-label="Reply" title="Reply" class="status__action-bar__button icon-button" tabindex="0">${icon("reply")}</button></div><div class="status__action-bar__button-wrapper"><button type="button" aria-label="Boost" title="Boost" class="status__action-bar__button icon-button" tabindex="0">${icon("retweet")}</button></div><div class="status__action-bar__button-wrapper"><button type="button" aria-label="Favorite" title="Favorite" class="status__action-bar__button star-icon icon-button" tabindex="0">${icon("star")}</button></div></div>`;

function statusRow(post, ctx, previous) {
  const user = ctx.users[post.author];
  const acct = shownAcct(post.author, ctx.host);
  const classes = ["status", "status-public"];
  if (post.replyTo) classes.push("status-reply");
  if (!post.quoted) classes.push("status--in-thread");
  if (previous && post.replyTo !== previous) classes.push("status--first-in-thread");
  if (post.quoted) classes.push("status--is-quote");
  const line = post.replyTo && post.replyTo === previous ? '<div class="status__line status__line--full"></div>' : "";
  const info = `<div class="status__info"><a class="status__relative-time" href="/@${esc(acct)}/${post.id}"><span class="status__visibility-icon">${icon("globe")}</span><time datetime="${esc(post.date)}" title="${esc(post.shownDate)}">${esc(post.age)}</time></a><a data-id="${esc(user.id)}" data-hover-card-account="${esc(user.id)}" class="status__display-name" href="/@${esc(acct)}" title="@${esc(post.author)}"><div class="status__avatar">${avatar(user)}</div>${displayName(user, acct)}</a></div>`;
  return `<div class="status__wrapper status__wrapper-public${post.replyTo ? " status__wrapper-reply" : ""} focusable" tabindex="0" aria-label="${esc(user.name)}, ${esc(post.age)}, ${esc(post.author)}"><div class="${classes.join(" ")}" data-id="${post.id}">${line}${info}${body(post, ctx)}${post.quoted ? "" : actionBar}</div></div>`;
}

function detailedStatus(post, ctx, { embed }) {
  const user = ctx.users[post.author];
  const acct = shownAcct(post.author, ctx.host);
  const logo = embed ? '<div class="spacer"></div><svg viewBox="0 0 79 79" class="logo logo--icon" role="img"><title>Mastodon</title></svg>' : "";
  const meta = `<div class="detailed-status__meta"><div class="detailed-status__meta__line"><a class="detailed-status__datetime" href="/@${esc(acct)}/${post.id}" target="_blank" rel="noopener noreferrer"><time datetime="${esc(post.date)}">${esc(post.shownDate)}</time></a>·${icon("globe")}</div><div class="detailed-status__meta__line"><a class="detailed-status__link" href="/@${esc(acct)}/${post.id}/reblogs"><span class="detailed-status__reblogs"><span class="animated-number"><span style="transform: translateY(0%);"><span>2</span></span></span></span><span>boosts</span></a>·<a class="detailed-status__link" href="/@${esc(acct)}/${post.id}/favourites"><span class="detailed-status__favorites"><span class="animated-number"><span style="transform: translateY(0%);"><span>7</span></span></span></span><span>favorites</span></a></div></div>`;
  // The detailed status names every account with its domain (DisplayName with localDomain).
  const detailed = `<div class="detailed-status"><a data-hover-card-account="${esc(user.id)}" class="detailed-status__display-name" href="/@${esc(acct)}"><div class="detailed-status__display-avatar">${avatar(user)}</div>${displayName(user, post.author)}${logo}</a>${body({ ...post, focal: true }, ctx)}${meta}</div>`;
  if (embed) return detailed;
  return `<div class="focusable detailed-status__wrapper detailed-status__wrapper-public" tabindex="0" aria-label="${esc(user.name)}, ${esc(post.shownDate)}, ${esc(post.author)}"><div style="box-sizing: border-box;">${detailed}</div><div class="detailed-status__action-bar"><div class="detailed-status__button"><button type="button" aria-label="Reply" title="Reply" class="icon-button" tabindex="0">${icon("reply")}</button></div></div></div>`;
}

function alerts(page) {
  if (page.replies === "loading") return '<div class="load-more load-gap" aria-busy="true" aria-live="polite" aria-label="Loading"><div class="loading-indicator"><div class="circular-progress"></div></div></div>';
  if (page.replies === "found") return '<div class="column__alert" role="status" aria-live="polite"><div class="notification-bar notification-bar--active from-below"><span class="notification-bar-message">More replies found</span><button class="notification-bar-action">Show</button></div></div>';
  return '<div class="column__alert" role="status" aria-live="polite"></div>';
}

function head(page) {
  const canonical = page.canonical ? `<link rel="canonical" href="${esc(page.canonical)}" data-react-helmet="true">` : "";
  return `<head><meta charset="utf-8"><meta content="width=device-width, initial-scale=1, viewport-fit=cover" name="viewport"><title>${esc(page.title)}</title><meta content="${esc(page.ogUrl)}" property="og:url"><meta content="${esc(page.host)}" property="og:site_name"><script id="initial-state" type="application/json">{"meta":{"domain":"${esc(page.host)}"}}</script>${canonical}<meta name="robots" content="noindex" data-react-helmet="true"></head>`;
}

function statusPage(page) {
  const ctx = { host: page.host, users: page.users, emoji: page.emoji ?? {} };
  let rows = "";
  let previous = null;
  for (const post of page.posts) {
    rows += `<div tabindex="-1">${post.focal ? detailedStatus(post, ctx, { embed: false }) : statusRow(post, ctx, previous)}</div>`;
    previous = post.id;
  }
  const column = `<div role="region" class="column"><div class="item-list scrollable scrollable--flex">${rows}</div>${alerts(page)}</div>`;
  const compose = `<div class="columns-area__panels__pane columns-area__panels__pane--compositional"><div class="columns-area__panels__pane__inner"><div class="compose-panel"><form class="search"><input class="search__input" type="text" placeholder="Search" aria-label="Search" value=""></form><div class="server-banner"><div class="server-banner__introduction"><span><strong>${esc(page.host)}</strong> is one of the many independent Mastodon servers you can use to participate in the fediverse.</span></div></div></div></div></div>`;
  const header = `<div class="tabs-bar__wrapper"><div id="tabs-bar__portal"><div class="column-header__wrapper"><h1 class="column-header"><button class="column-header__back-button" aria-label="Back">${icon("chevron-left")}<span>Back</span></button></h1></div></div></div>`;
  return `<!DOCTYPE html>\n<html lang="en">${head(page)}<body class="app-body theme-default layout-single-column"><div class="notranslate app-holder" data-props="{&quot;locale&quot;:&quot;en&quot;}" id="mastodon"><div tabindex="-1"><div class="ui"><div class="columns-area__panels">${compose}<div class="columns-area__panels__main">${header}<div class="columns-area columns-area--mobile">${column}</div></div></div></div></div></div></body></html>\n`;
}

function embedPage(page) {
  const ctx = { host: page.host, users: page.users, emoji: page.emoji ?? {} };
  const post = page.posts.find((p) => p.focal);
  return `<!DOCTYPE html>\n<html lang="en">${head(page)}<body class="embed"><div id="mastodon-status" data-props="{&quot;id&quot;:&quot;${post.id}&quot;,&quot;locale&quot;:&quot;en&quot;}"><div class="embed">${detailedStatus(post, ctx, { embed: true })}<a class="embed__overlay" href="${esc(page.canonical ?? page.ogUrl)}" target="_blank" rel="noopener" aria-label=""></a></div></div></body></html>\n`;
}

/**
 * A status page of `count` posts by one author (opened on the first, the rest its self-replies),
 * then five replies by others: every post with a mention, a hashtag, a long link and a custom
 * emoji, every fifth with a photo. For the benchmarks (more posts than Mastodon shows at once).
 */
export function benchStatusPage(count) {
  const host = "social.example";
  const author = "bench@far.example";
  const users = {
    [author]: { id: "120000000000000000", name: "Bench Author", avatar: "https://files.social.example/avatars/bench.png" },
    "reader@social.example": { id: "120000000000000001", name: "Reader", avatar: "https://files.social.example/avatars/reader.png" },
  };
  const base = 121000000000000000n;
  const posts = [];
  for (let i = 0; i < count; i++) {
    const n = i + 1;
    const post = {
      id: String(base + BigInt(i)), author, date: new Date(Date.UTC(2026, 0, 1, 12, 0, i)).toISOString(),
      shownDate: "Jan 01, 2026, 12:00 PM", age: "Jan 1", lang: "en",
      paragraphs: [[`${n}/${count} Post number ${n} of this benchmark thread, with `, { mention: "reader@social.example" }, ", a ", { tag: "hashtag" }, " and ", { emoji: "blobcat" }],
        [`A link: `, { link: `https://example.com/articles/${n}/a-fairly-long-path-name?x=${n}` }]],
    };
    if (i === 0) post.focal = true;
    else post.replyTo = posts[i - 1].id;
    if (n % 5 === 0) post.images = [{ full: `https://files.social.example/media/${n}.jpg`, small: `https://files.social.example/media/${n}-small.jpg`, alt: `Chart ${n}` }];
    posts.push(post);
  }
  for (let r = 0; r < 5; r++) {
    posts.push({ id: String(base + BigInt(count + r)), author: "reader@social.example", replyTo: posts[0].id, date: "2026-01-02T12:00:00.000Z", shownDate: "Jan 02, 2026", age: "Jan 2", paragraphs: [[`A reply by someone else (${r})`]] });
  }
  const url = `https://${host}/@${author}/${posts[0].id}`;
  const html = statusPage({ host, users, posts, title: "Bench", ogUrl: url, emoji: { blobcat: "https://files.social.example/emoji/blobcat.png" } });
  return { html, url, path: new URL(url).pathname };
}

function writeFixtures() {
  let stale = 0;
  for (const name of readdirSync(fixtures).filter((n) => n.startsWith("mastodon-")).sort()) {
    const specPath = join(fixtures, name, "spec.json");
    if (!existsSync(specPath)) continue;
    const spec = JSON.parse(readFileSync(specPath, "utf8"));
    const html = spec.page.embed ? embedPage(spec.page) : statusPage(spec.page);
    const out = join(fixtures, name, "page.html");
    const current = existsSync(out) ? readFileSync(out, "utf8") : null;
    if (current === html) continue;
    if (check) {
      console.error(`${name}/page.html is stale: run node tools/make-mastodon-fixtures.mjs`);
      stale++;
    } else {
      writeFileSync(out, html);
      console.log(`wrote ${name}/page.html`);
    }
  }
  if (stale) process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const bench = process.argv.indexOf("--bench");
  if (bench >= 0) {
    const [out, ...counts] = process.argv.slice(bench + 1);
    mkdirSync(out, { recursive: true });
    for (const count of counts.map(Number)) {
      const { html } = benchStatusPage(count);
      writeFileSync(join(out, `mastodon-${count}.html`), html);
      console.log(`${join(out, `mastodon-${count}.html`)}: ${(html.length / 1024).toFixed(0)} KB`);
    }
  } else {
    writeFixtures();
  }
}
