import { browser } from 'wxt/browser';
import type { Message } from './messages';
import { parseContentMessage, type ContentMessage } from './content-messages';
import { parseSettings, type Settings } from './settings';

/**
 * The browser.* plumbing every part of the extension shares, without the report and model
 * schemas: everything the content script needs, so its bundle carries no classic zod.
 * `messaging.ts` re-exports it and adds what only the background and the popup parse.
 */
export async function sendToBackground(message: Message): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

export async function sendToTab(tabId: number, message: Message): Promise<unknown> {
  return browser.tabs.sendMessage(tabId, message);
}

export type Sender = { tabId: number | null; frameId: number | null };
export type Handler<M> = (message: M, sender: Sender) => Promise<unknown> | undefined;

/** Listen for messages that `parse` accepts; anything else is ignored. Returns the unsubscribe function. */
export function listen<M>(parse: (raw: unknown) => M | null, handler: Handler<M>): () => void {
  const listener = (raw: unknown, sender: { tab?: { id?: number }; frameId?: number }) => {
    const message = parse(raw);
    if (!message) return undefined;
    return handler(message, { tabId: sender.tab?.id ?? null, frameId: sender.frameId ?? null });
  };
  browser.runtime.onMessage.addListener(listener as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  return () => browser.runtime.onMessage.removeListener(listener as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
}

/** The content script's listener: only the messages a page is sent (see content-messages.ts). */
export function onContentMessage(handler: Handler<ContentMessage>): () => void {
  return listen(parseContentMessage, handler);
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
