import type { PageReport } from './messages';

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

/**
 * The background's answer to 'audit-source' (AuditAnswerSchema in messages.ts), as the content
 * script uses it. It comes from this extension's own background, which built it from what it
 * parsed with zod; here the layout — which indexes the page's elements — is checked field by
 * field, the report as far as the content script reads it (the background and the popup parse
 * any report they get from a page with zod again).
 */
export type ContentAuditAnswer = {
  report: PageReport;
  layout: Array<{ id: string; parts: number[]; rows: number[] }>;
  timings: { extract: number; audit: number };
};

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function parseAuditAnswer(input: unknown): ContentAuditAnswer | null {
  if (!isObject(input) || !isObject(input.report) || !Array.isArray(input.layout) || !isObject(input.timings)) return null;
  const report = input.report;
  const statuses: unknown[] = ['no-tables', 'audited', 'failed'];
  if (!statuses.includes(report.status) || !Array.isArray(report.findings) || !report.findings.every(isObject)) return null;
  if (!Array.isArray(report.tables) || !Array.isArray(report.checks) || typeof report.url !== 'string') return null;
  const layout: ContentAuditAnswer['layout'] = [];
  for (const t of input.layout) {
    if (!isObject(t) || typeof t.id !== 'string' || !Array.isArray(t.parts) || !t.parts.every(isCount)) return null;
    if (!Array.isArray(t.rows) || t.rows.length % 2 !== 0 || !t.rows.every(isCount)) return null;
    layout.push({ id: t.id, parts: [...t.parts], rows: [...t.rows] });
  }
  const { extract, audit } = input.timings;
  return {
    report: report as ContentAuditAnswer['report'],
    layout,
    timings: { extract: typeof extract === 'number' ? extract : 0, audit: typeof audit === 'number' ? audit : 0 },
  };
}
