import { browser } from 'wxt/browser';

/**
 * Whether the popup turned a page's highlights off (or back on), remembered per tab and page
 * address for the browser session (storage.session: memory only, nothing written to disk). When
 * the popup opens on that page again it shows, and re-applies, the choice — also after a reload.
 */
type SessionArea = {
  get(keys: string | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
};

const area = (): SessionArea | null => (browser.storage as unknown as { session?: SessionArea }).session ?? null;
const prefix = (tabId: number) => `highlights.${tabId}.`;
/** the page address without its #fragment: moving inside a page is the same page */
const key = (tabId: number, url: string) => `${prefix(tabId)}${url.replace(/#.*$/, '')}`;

/** The remembered choice, or null when the popup never changed it on this page. */
export async function loadPageHighlights(tabId: number, url: string): Promise<boolean | null> {
  const session = area();
  if (!session) return null;
  const k = key(tabId, url);
  const stored = await session.get(k).catch(() => ({}) as Record<string, unknown>);
  const value = stored[k];
  return typeof value === 'boolean' ? value : null;
}

export async function savePageHighlights(tabId: number, url: string, enabled: boolean): Promise<void> {
  await area()?.set({ [key(tabId, url)]: enabled }).catch(() => undefined);
}

/** Forget every page of a closed tab. */
export async function forgetTabHighlights(tabId: number): Promise<void> {
  const session = area();
  if (!session) return;
  const all = await session.get(null).catch(() => ({}) as Record<string, unknown>);
  const keys = Object.keys(all).filter((k) => k.startsWith(prefix(tabId)));
  if (keys.length) await session.remove(keys).catch(() => undefined);
}
