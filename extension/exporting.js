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

/** Saves `content` as a file through a download link (no downloads permission needed). */
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
