import { PageReportSchema, parseMessage, type Message, type PageReport } from './messages';
import { listen, type Handler } from './messaging-base';

/**
 * The only modules in lib/ that touch browser.* are this one and `messaging-base.ts` (which it
 * re-exports): typed, zod-checked messages between the content script, the background and the
 * popup. The content script imports `messaging-base.ts` alone, which keeps the report and model
 * schemas out of its bundle.
 */
export { loadSettings, onContentMessage, onSettingsChanged, saveSettings, sendToBackground, sendToTab } from './messaging-base';

/** Listen for messages; anything that does not parse is ignored. Returns the unsubscribe function. */
export function onMessage(handler: Handler<Message>): () => void {
  return listen(parseMessage, handler);
}

/** A report received from elsewhere, parsed. */
export function parseReport(input: unknown): PageReport | null {
  const r = PageReportSchema.safeParse(input);
  return r.success ? r.data : null;
}
