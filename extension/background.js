// Background: the three ways to start Unspool (toolbar button, Alt+Shift+U, context menu) end in
// the same call: inject the content script into the active tab, then ask it to toggle the reader.
// Runs as a Chrome service worker and as a Firefox event page (`chrome.*` is aliased there), so
// it keeps no state: everything it needs arrives with each event. It never reads page content.

const MENU_ID = "unspool-thread";
const MENU_PAGES = ["https://x.com/*", "https://twitter.com/*", "http://localhost/*", "http://127.0.0.1/*"];

async function toggleReader(tab) {
  if (!tab || tab.id === undefined || tab.id < 0) return;
  try {
    await chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ["content.js"] });
    await chrome.scripting.executeScript({
      target: { tabId: tab.id },
      func: () => globalThis.unspool?.toggle(),
    });
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

chrome.runtime.onInstalled.addListener(createMenu);
chrome.runtime.onStartup.addListener(createMenu);
chrome.action.onClicked.addListener(toggleReader);
chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID) toggleReader(tab);
});
