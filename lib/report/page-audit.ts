import type { BudgetDocument } from '../model/document';
import type { RawSource } from '../model/raw';
import type { PageReport } from '../messages';
import { auditDocument, type AuditOptions } from '../audit';
import type { AuditReport } from '../model/finding';
import { extractDocument } from '../extract';
import { failedReport, type PageMeta } from './failed';

export { failedReport, type PageMeta } from './failed';

/** Called as each phase ends (the benchmark build of the extension times them). */
export type PhaseHook = (phase: 'extract' | 'audit') => void;

/**
 * Where each extracted table was read on the page: its parts (the <table> elements, by index)
 * and, for row i, the part (rows[2i]) and the grid row in it (rows[2i + 1]). It is all the page
 * needs from the extracted document to put a finding's cells back on the page (lib/dom/locate.ts),
 * flat because the background sends it to the page (10 000 rows: no 10 000 objects to copy).
 */
export type TableLayout = { id: string; parts: number[]; rows: number[] };

export const layoutOf = (doc: BudgetDocument): TableLayout[] =>
  doc.tables.map((t) => ({ id: t.id, parts: t.parts, rows: t.rows.flatMap((r) => [r.source.part, r.source.row]) }));

/** The report of an audited document (a page, or a file in the viewer). */
export function pageReport(meta: PageMeta, auditedAt: string, doc: BudgetDocument, audit: AuditReport): PageReport {
  return {
    ...meta,
    auditedAt,
    department: doc.department,
    year: doc.year,
    unit: doc.unit,
    tables: doc.tables.map((t) => ({ id: t.id, kind: t.kind, title: t.title, unit: t.unit, rows: t.rows.length, columns: t.columns.length })),
    findings: audit.findings,
    checks: audit.checks,
    skipped: doc.skipped,
    status: doc.tables.length ? 'audited' : 'no-tables',
    error: null,
  };
}

/**
 * Extract and audit what was read from a page. Never throws: a failure is a report with status
 * 'failed' and the reason (doc is then null).
 */
export function auditRawSource(raw: RawSource, meta: PageMeta, options?: AuditOptions, phaseDone?: PhaseHook): { report: PageReport; doc: BudgetDocument | null } {
  const auditedAt = new Date().toISOString();
  try {
    const doc = extractDocument(raw);
    phaseDone?.('extract');
    const audit = doc.tables.length ? auditDocument(doc, options) : { findings: [], checks: [] };
    phaseDone?.('audit');
    return { doc, report: pageReport(meta, auditedAt, doc, audit) };
  } catch (e) {
    return { doc: null, report: failedReport(meta, e) };
  }
}
