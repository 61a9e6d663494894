// @ts-check
// The polite notice: a short message over the page, in our own shadow root (styled inline with
// !important, so the page's styles cannot reach it), when Unspool cannot open here ("not a post
// page", "the reader could not open"). It dismisses itself after a few seconds.

const message = (name) => chrome.i18n.getMessage(name);
let notice = null;

/** The one way our own elements on the page are styled. */
export function setStyles(el, styles) {
  // CSSOM with !important: page stylesheets cannot reach it, and a page CSP cannot block it.
  for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value, "important");
}

export function showNotice(text) {
  if (notice) notice.remove();
  const host = document.createElement("unspool-notice");
  setStyles(host, {
    all: "initial", position: "fixed", top: "16px", left: "50%", transform: "translateX(-50%)",
    "z-index": "2147483647", display: "block", "max-width": "min(92vw, 440px)",
  });
  const box = document.createElement("div");
  box.setAttribute("role", "status");
  setStyles(box, {
    display: "flex", "align-items": "flex-start", gap: "12px", padding: "12px 12px 12px 16px",
    background: "#1d1f23", color: "#f4f5f7", "border-radius": "12px",
    "box-shadow": "0 8px 28px rgba(0,0,0,.28)",
    font: '500 14px/1.45 ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  });
  const label = document.createElement("span");
  label.textContent = text;
  setStyles(label, { flex: "1", "padding-top": "2px" });
  const dismiss = document.createElement("button");
  dismiss.type = "button";
  dismiss.textContent = "✕";
  dismiss.setAttribute("aria-label", message("dismiss"));
  setStyles(dismiss, {
    all: "unset", cursor: "pointer", padding: "2px 8px", "border-radius": "6px",
    color: "#c9ccd1", "font-size": "14px", "line-height": "22px",
  });
  box.append(label, dismiss);
  host.attachShadow({ mode: "open" }).append(box);
  (document.body || document.documentElement).append(host);
  notice = host;
  const remove = () => {
    clearTimeout(timer);
    host.remove();
    if (notice === host) notice = null;
  };
  const timer = setTimeout(remove, 6000);
  dismiss.addEventListener("click", remove);
}

// `snapshot` is for tests; both live in the content script's isolated world, out of the page's reach.
