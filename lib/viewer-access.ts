import { browser } from 'wxt/browser';

/**
 * The browser.* calls of the attachment viewer and its ways in, kept thin like lib/messaging.ts:
 * the tab the popup was opened on, opening the viewer, the per-origin host permission the viewer
 * asks for before it fetches an attachment, and the links' context menu item.
 */

export const ATTACHMENT_MENU_ID = 'budget-lens-audit-attachment';

const VIEWER_PATH = '/viewer.html';

/** The viewer page's address, with its ?url= query (see components/viewer-urls viewerQuery). */
export function viewerPageUrl(query = ''): string {
  return `${browser.runtime.getURL(VIEWER_PATH)}${query}`;
}

/**
 * The address of a tab: known only while the extension may see it (after the toolbar click the
 * activeTab permission grants it for the current tab); null otherwise.
 */
export async function tabUrl(tabId: number): Promise<string | null> {
  try {
    const tab = await browser.tabs.get(tabId);
    return typeof tab.url === 'string' && tab.url !== '' ? tab.url : null;
  } catch {
    return null;
  }
}

/** Open the viewer in a new tab (next to the tab it was asked from, when known). */
export async function openViewerTab(query: string, opener: { tabId: number | null; index: number | null } = { tabId: null, index: null }): Promise<void> {
  await browser.tabs.create({
    url: viewerPageUrl(query),
    ...(opener.index !== null ? { index: opener.index + 1 } : {}),
    ...(opener.tabId !== null ? { openerTabId: opener.tabId } : {}),
  });
}

/** Does the extension hold host access to every address of this match pattern (an optional permission granted earlier)? */
export async function hasHostAccess(pattern: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [pattern] });
  } catch {
    return false;
  }
}

/**
 * Ask the user for host access to one origin (the browser shows its prompt). Must be called from
 * the click that asks for it: browsers refuse requests outside a user gesture. Resolves false when
 * the user declines or the browser refuses.
 */
export async function requestHostAccess(pattern: string): Promise<boolean> {
  try {
    return await browser.permissions.request({ origins: [pattern] });
  } catch {
    return false;
  }
}

type MenuApi = typeof browser.contextMenus;
const menus = (): MenuApi | null => (browser as unknown as { contextMenus?: MenuApi }).contextMenus ?? null;

/**
 * (Re)create the links' context menu item: shown only on links matching `patterns`. Menu items
 * outlive the background worker in Chromium, so any earlier one is removed first. Never throws.
 */
export async function createAttachmentMenu(title: string, patterns: string[]): Promise<void> {
  try {
    const api = menus();
    if (!api) return;
    await api.removeAll();
    await new Promise<void>((resolve) => {
      api.create({ id: ATTACHMENT_MENU_ID, title, contexts: ['link'], targetUrlPatterns: patterns }, () => {
        // read, so that a failure (a duplicate id after a race) is not logged as unchecked
        void browser.runtime.lastError;
        resolve();
      });
    });
  } catch {
    // a browser without context menus: the viewer is still reachable from the popup
  }
}

/** Change the item's title (the language setting changed). */
export async function setAttachmentMenuTitle(title: string): Promise<void> {
  try {
    await menus()?.update(ATTACHMENT_MENU_ID, { title });
  } catch {
    // no menu (yet): it is created with the current language
  }
}

/** Call `handler` with the link's address when the user picks the item. Register at the worker's top level. Never throws. */
export function onAttachmentMenuClicked(handler: (linkUrl: string, tab: { tabId: number | null; index: number | null }) => void): () => void {
  const api = menus();
  if (!api) return () => undefined;
  const listener = (info: { menuItemId: string | number; linkUrl?: string }, tab?: { id?: number; index?: number }) => {
    if (info.menuItemId !== ATTACHMENT_MENU_ID || !info.linkUrl) return;
    handler(info.linkUrl, { tabId: tab?.id ?? null, index: tab?.index ?? null });
  };
  try {
    api.onClicked.addListener(listener);
  } catch {
    return () => undefined;
  }
  return () => api.onClicked.removeListener(listener);
}
