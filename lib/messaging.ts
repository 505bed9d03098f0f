import { PageReportSchema, parseMessage, type Message, type PageReport } from './messages';
import { listen, type Handler } from './messaging-base';

/**
 * The only modules in lib/ that touch browser.* are this one and `messaging-base.ts` (which it
 * re-exports): typed, zod-checked messages between the content script, the background and the
 * popup. The content script imports `messaging-base.ts` alone, which keeps the report and model
 * schemas out of its bundle.
 */
export { loadSettings, onContentMessage, onSettingsChanged, saveSettings, sendToBackground, sendToTab } from './messaging-base';

/**
 * Listen for messages; anything that does not parse is ignored. Returns the unsubscribe function.
 * With `only`, other types are ignored before parsing: every extension page with a listener gets
 * every message, and a page's 'audit-source' carries all its tables.
 */
export function onMessage(handler: Handler<Message>, only?: ReadonlyArray<Message['type']>): () => void {
  const parse = only
    ? (raw: unknown) => (typeof raw === 'object' && raw !== null && only.includes((raw as { type?: Message['type'] }).type!) ? parseMessage(raw) : null)
    : parseMessage;
  return listen(parse, handler);
}

/** A report received from elsewhere, parsed. */
export function parseReport(input: unknown): PageReport | null {
  const r = PageReportSchema.safeParse(input);
  return r.success ? r.data : null;
}
