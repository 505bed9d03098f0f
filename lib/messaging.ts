import { browser } from 'wxt/browser';
import { PageReportSchema, parseMessage, type Message, type PageReport } from './messages';
import { parseSettings, type Settings } from './settings';

/**
 * The only module in lib/ that touches browser.*: typed, zod-checked messages between the
 * content script, the background and the popup.
 */
export async function sendToBackground(message: Message): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

export async function sendToTab(tabId: number, message: Message): Promise<unknown> {
  return browser.tabs.sendMessage(tabId, message);
}

type Handler = (message: Message, sender: { tabId: number | null; frameId: number | null }) => Promise<unknown> | undefined;

/** Listen for messages; anything that does not parse is ignored. Returns the unsubscribe function. */
export function onMessage(handler: Handler): () => void {
  const listener = (raw: unknown, sender: { tab?: { id?: number }; frameId?: number }) => {
    const message = parseMessage(raw);
    if (!message) return undefined;
    return handler(message, { tabId: sender.tab?.id ?? null, frameId: sender.frameId ?? null });
  };
  browser.runtime.onMessage.addListener(listener as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  return () => browser.runtime.onMessage.removeListener(listener as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
}

/** A report received from elsewhere, parsed. */
export function parseReport(input: unknown): PageReport | null {
  const r = PageReportSchema.safeParse(input);
  return r.success ? r.data : null;
}

const SETTINGS_KEY = 'settings';

/** The user's settings from extension storage (defaults when nothing or something invalid is stored). */
export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY).catch(() => ({}) as Record<string, unknown>);
  return parseSettings((stored as Record<string, unknown>)[SETTINGS_KEY]);
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_KEY]: parseSettings(settings) });
}

/** Call `listener` with the new settings whenever they change. Returns the unsubscribe function. */
export function onSettingsChanged(listener: (settings: Settings) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && SETTINGS_KEY in changes) listener(parseSettings(changes[SETTINGS_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
