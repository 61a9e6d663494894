// @ts-check
// Background: the three ways to start Unspool (toolbar button, Alt+Shift+U, context menu) end in
// the same call: inject the content script into the active tab, which toggles the reader.
// Runs as a Chrome service worker and as a Firefox event page (`chrome.*` is aliased there), so
// it keeps no lasting state. The one thing it holds, for a moment, is the snapshot taken on
// open (see `handOver` below); it never reads it.

// A classic service worker / event page script: tools/build.mjs bundles this import in.
import { MSG } from "./messages.js";

const MENU_ID = "unspool-thread";
// The pages that may frame the reader (web_accessible_resources): the menu shows where it can open.
const MENU_PAGES = chrome.runtime.getManifest().web_accessible_resources.flatMap((entry) => typeof entry === "string" ? [] : entry.matches);

async function toggleReader(tab) {
  if (!tab || tab.id === undefined || tab.id < 0) return;
  try {
    // One injection per click: the script toggles the reader itself (one round trip, not two).
    await chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ["content.js"] });
  } catch (error) {
    // chrome://, the extension stores, PDF viewers…: the browser forbids scripts there. Say so on
    // the button for a moment instead of failing loudly.
    showCannotRun(tab.id, error);
  }
}

async function showCannotRun(tabId, error) {
  const title = chrome.i18n.getMessage("cannotRunHere");
  console.info("Unspool cannot run in this tab:", error?.message ?? error);
  try {
    await chrome.action.setBadgeBackgroundColor({ tabId, color: "#8a8f98" });
    await chrome.action.setBadgeText({ tabId, text: "–" });
    await chrome.action.setTitle({ tabId, title });
    setTimeout(() => {
      chrome.action.setBadgeText({ tabId, text: "" }).catch(() => {});
      chrome.action.setTitle({ tabId, title: chrome.i18n.getMessage("actionTitle") }).catch(() => {});
    }, 3000);
  } catch {
    // The tab closed meanwhile: nothing to tell.
  }
}

function createMenu() {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({
      id: MENU_ID,
      title: chrome.i18n.getMessage("contextMenuTitle"),
      contexts: ["page", "selection", "link", "image", "video"],
      documentUrlPatterns: MENU_PAGES,
    });
  });
}

// ---- handing the first snapshot to the reader ----
// The content script takes the snapshot in the click's own task and leaves it here at once; the
// reader picks it up as soon as its script runs. The direct channel between them (a
// MessageChannel, for the collection steps) needs the page's main thread to answer, and right
// after the reader appears that thread is busy repainting the page (50–80 ms on X-weight pages).
// Tickets are random, made by the content script and passed in the reader's URL; only the
// extension's own contexts can send runtime messages, and an entry is given out once.
const HAND_OVER_MS = 30000;
const handOvers = new Map(); // ticket → { tabId, page } | { tabId, waiting: sendResponse }

function handOver(message, sender, sendResponse) {
  const ticket = typeof message.ticket === "string" ? message.ticket : "";
  // The reader's own tab may be unknown (an extension frame, in some browsers): then the
  // ticket alone pairs them.
  const tabId = sender.tab?.id;
  const sameTab = (entry) => entry.tabId === undefined || tabId === undefined || entry.tabId === tabId;
  if (!ticket) return false;
  const entry = handOvers.get(ticket);
  if (message.type === MSG.page && !sender.url?.startsWith(chrome.runtime.getURL(""))) {
    // From the content script (a page URL): `page` is null when it goes by the channel instead.
    if (entry?.waiting && sameTab(entry)) {
      handOvers.delete(ticket);
      entry.waiting(message.page);
    } else if (!entry) {
      handOvers.set(ticket, { tabId, page: message.page });
      setTimeout(() => handOvers.delete(ticket), HAND_OVER_MS);
    }
    return false;
  }
  if (message.type === MSG.take && sender.url?.startsWith(chrome.runtime.getURL("reader.html"))) {
    if (entry && "page" in entry && sameTab(entry)) {
      handOvers.delete(ticket);
      sendResponse(entry.page);
    } else if (!entry) {
      handOvers.set(ticket, { tabId, waiting: sendResponse });
      setTimeout(() => {
        if (handOvers.get(ticket)?.waiting !== sendResponse) return;
        handOvers.delete(ticket);
        sendResponse(null);
      }, HAND_OVER_MS);
      return true; // answers later
    } else {
      sendResponse(null);
    }
  }
  return false;
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) =>
  message && typeof message.type === "string" ? handOver(message, sender, sendResponse) : false);
chrome.runtime.onInstalled.addListener(createMenu);
chrome.runtime.onStartup.addListener(createMenu);
chrome.action.onClicked.addListener(toggleReader);
chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID) toggleReader(tab);
});
