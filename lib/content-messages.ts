/**
 * The messages a page's content script receives (from the popup and the background), and their
 * parser. `messages.ts` defines every message with zod (the background and the popup parse with
 * it); this file is the content script's side, on its own and without zod, because the content
 * script is loaded into every page: even zod/mini costs its bundle about 8 KB gzipped, and
 * building the schemas takes milliseconds — on every page, since the background asks each page
 * for its report once it has loaded. The type is checked against the zod one in `messages.ts`.
 */
export type ContentMessage =
  /** popup/background → content: audit this page now (also where auto-run is off) */
  | { type: 'audit-now' }
  /** popup → content: scroll to a finding's cell (or sentence), flash it and show its related cells */
  | { type: 'reveal'; findingId: string }
  /** popup → content: show or remove the page's highlights (removing restores the DOM exactly) */
  | { type: 'set-annotations'; enabled: boolean }
  /** popup → content: the page's current report, without re-auditing (null when never audited) */
  | { type: 'get-page-report' };

/**
 * Parse anything a content script received: unknown input never reaches its handlers unchecked.
 * Like a zod object, it keeps the known fields only.
 */
export function parseContentMessage(input: unknown): ContentMessage | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return null;
  const m = input as Record<string, unknown>;
  switch (m.type) {
    case 'audit-now':
    case 'get-page-report':
      return { type: m.type };
    case 'reveal':
      return typeof m.findingId === 'string' ? { type: 'reveal', findingId: m.findingId } : null;
    case 'set-annotations':
      return typeof m.enabled === 'boolean' ? { type: 'set-annotations', enabled: m.enabled } : null;
    default:
      return null;
  }
}
