import { z } from 'zod';
import { CheckSchema, FindingSchema } from './model/finding';
import { TableKindSchema } from './model/table';
import { UnitSchema } from './model/amount';
import type { ContentAuditAnswer, ContentMessage } from './content-messages';

/** What the popup and the badge need to know about one table of the page. */
export const TableSummarySchema = z.object({
  id: z.string(),
  kind: TableKindSchema,
  title: z.string().nullable(),
  unit: UnitSchema.nullable(),
  rows: z.number().int().min(0),
  columns: z.number().int().min(0),
});
export type TableSummary = z.infer<typeof TableSummarySchema>;

/** The audit of one page, as the content script reports it. */
export const PageReportSchema = z.object({
  url: z.string(),
  pageTitle: z.string(),
  department: z.string().nullable(),
  year: z.number().int().nullable(),
  unit: UnitSchema.nullable(),
  tables: z.array(TableSummarySchema),
  findings: z.array(FindingSchema),
  checks: z.array(CheckSchema),
  skipped: z.array(z.object({ part: z.number().int(), reason: z.string() })),
  auditedAt: z.string(),
  /** how the audit went: no budget table found, audited, or failed with a reason */
  status: z.enum(['no-tables', 'audited', 'failed']),
  error: z.string().nullable(),
});
export type PageReport = z.infer<typeof PageReportSchema>;

const count = z.number().int().min(0);

/** A page's RawSource as the content script sends it (lib/model/raw-pack.ts; unpacking checks that it holds together). */
export const PackedSourceSchema = z.object({
  source: z.string(),
  title: z.string().nullable(),
  paragraphs: z.array(z.string()),
  tables: z.array(
    z.object({
      part: count,
      before: z.array(z.string()),
      after: z.array(z.string()),
      caption: z.string().nullable(),
      height: count,
      width: count,
      texts: z.array(z.string()),
      headers: z.array(count),
      covered: z.array(count),
      moved: z.array(count),
    }),
  ),
});

/** background → content: the audit of the page's tables, and where each table's rows were read. */
export const AuditAnswerSchema = z.object({
  report: PageReportSchema,
  /** lib/report/page-audit.ts TableLayout: rows are (part, grid row) pairs, flat */
  layout: z.array(z.object({ id: z.string(), parts: z.array(count), rows: z.array(count).refine((rows) => rows.length % 2 === 0, 'rows come in pairs') })),
  /** how long extraction and the audit took in the background (ms) */
  timings: z.object({ extract: z.number(), audit: z.number() }),
});
export type AuditAnswer = z.infer<typeof AuditAnswerSchema>;

/** Every message between the parts of the extension: what the background receives, and what a content script receives. */
export const MessageSchema = z.discriminatedUnion('type', [
  /** content → background: the page was audited */
  z.object({ type: z.literal('page-report'), report: PageReportSchema }),
  /**
   * content → background: extract and audit what the page's tables and prose read (the packed
   * RawSource); the answer is an AuditAnswer
   */
  z.object({ type: z.literal('audit-source'), source: PackedSourceSchema, url: z.string(), pageTitle: z.string(), tolerance: z.enum(['standard', 'strict']) }),
  /** popup → background: the report of a tab */
  z.object({ type: z.literal('get-report'), tabId: z.number().int() }),
  /** popup/background → content: audit this page now (also where auto-run is off) */
  z.object({ type: z.literal('audit-now') }),
  /** popup → content: scroll to a finding's cell (or sentence), flash it and show its related cells */
  z.object({ type: z.literal('reveal'), findingId: z.string() }),
  /** popup → content: show or remove the page's highlights (removing restores the DOM exactly) */
  z.object({ type: z.literal('set-annotations'), enabled: z.boolean() }),
  /** popup → content: the page's current report, without re-auditing (null when never audited) */
  z.object({ type: z.literal('get-page-report') }),
]);
export type Message = z.infer<typeof MessageSchema>;
/** The content script parses its messages without zod (content-messages.ts): both must say the same. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ContentMessagesAgree = Assert<Same<ContentMessage, Extract<Message, { type: ContentMessage['type'] }>>>;
export type ContentAuditAnswerAgrees = Assert<Same<ContentAuditAnswer, AuditAnswer>>;
export type { ContentMessage } from './content-messages';

/** Parse anything received over a runtime port: unknown input never reaches handlers unchecked. */
export function parseMessage(input: unknown): Message | null {
  const r = MessageSchema.safeParse(input);
  return r.success ? r.data : null;
}
