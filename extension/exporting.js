// @ts-check
// Getting a rendered thread out of the page: the clipboard and file downloads. No extension
// APIs here, so the playground (www/) ships the same module. Each function reports success
// instead of throwing: the caller tells the user what happened.

/** Export choices: menu key → Wasm render format, file extension, MIME type. */
export const EXPORTS = Object.freeze({
  md: { format: "markdown", extension: "md", type: "text/markdown;charset=utf-8" },
  html: { format: "html", extension: "html", type: "text/html;charset=utf-8" },
  txt: { format: "text", extension: "txt", type: "text/plain;charset=utf-8" },
  json: { format: "json", extension: "json", type: "application/json;charset=utf-8" },
  // Bytes, not text: written by `Unrolled.epub` with the images the reader already shows.
  epub: { format: "epub", extension: "epub", type: "application/epub+zip" },
});

/** Plain text (or Markdown) to the clipboard. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Blocked by a Permissions-Policy or an unfocused frame: the legacy path still works there.
    return copyWithCommand(text, null);
  }
}

/** Rich text: HTML for word processors and mail, plain text for everything else. */
export async function copyRich(html, text) {
  if (typeof ClipboardItem === "function" && navigator.clipboard?.write) {
    try {
      await navigator.clipboard.write([
        new ClipboardItem({
          "text/html": new Blob([html], { type: "text/html" }),
          "text/plain": new Blob([text], { type: "text/plain" }),
        }),
      ]);
      return true;
    } catch {
      // fall through to the copy-event path
    }
  }
  return copyWithCommand(text, html);
}

/** `execCommand('copy')` on a selected off-screen textarea; a copy handler adds HTML if given. */
function copyWithCommand(text, html) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.setAttribute("aria-hidden", "true");
  area.style.cssText = "position:fixed;top:0;left:-9999px;width:1px;height:1px;opacity:0";
  const onCopy = (event) => {
    event.clipboardData.setData("text/plain", text);
    if (html !== null) event.clipboardData.setData("text/html", html);
    event.preventDefault();
  };
  const focused = /** @type {HTMLElement | null} */ (document.activeElement);
  document.body.append(area);
  area.select();
  document.addEventListener("copy", onCopy, true);
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  } finally {
    document.removeEventListener("copy", onCopy, true);
    area.remove();
    if (focused && typeof focused.focus === "function") focused.focus({ preventScroll: true });
  }
  return copied;
}

/**
 * The bytes of the pictures the article already shows, for the EPUB, by their `src`. Only images
 * that have loaded are read, at the URL they loaded from, from the browser's cache
 * (`force-cache`), without cookies or a referrer: no new address is contacted (a copy the cache
 * has dropped is asked for again from the same server, the same way).
 * An image its server does not let the extension read (no CORS), or that fails in any way within
 * a few seconds, is simply left out: the book links to it instead.
 */
export async function shownImageBytes(images) {
  // `urls`: one a line (an http(s) URL in a `src` has no line break), as `Unrolled.epub` takes them.
  const sources = [...new Set(images.filter((img) => img.complete && img.naturalWidth > 0)
    .map((img) => img.getAttribute("src") ?? "").filter((src) => /^https?:\/\//i.test(src)))];
  const read = await Promise.all(sources.map(async (url) => {
    try {
      const response = await fetch(url, {
        cache: "force-cache", credentials: "omit", referrerPolicy: "no-referrer", mode: "cors", signal: AbortSignal.timeout(5000),
      });
      return response.ok ? { url, bytes: new Uint8Array(await response.arrayBuffer()) } : null;
    } catch {
      return null;
    }
  }));
  const found = read.filter((image) => image !== null);
  const bytes = new Uint8Array(found.reduce((sum, image) => sum + image.bytes.length, 0));
  let at = 0;
  for (const image of found) {
    bytes.set(image.bytes, at);
    at += image.bytes.length;
  }
  return { urls: found.map((image) => image.url).join("\n"), sizes: found.map((image) => image.bytes.length), bytes };
}

/**
 * Saves `content` (text or bytes) as a file through a download link (no downloads permission
 * needed).
 */
export function download(fileName, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; a delay keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
