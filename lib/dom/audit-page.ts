import type { BudgetDocument } from '../model/document';
import type { PageReport } from '../messages';
import { auditDocument, type AuditOptions } from '../audit';
import { extractDocument } from '../extract';
import { failedReport } from './engine-handle';
import { readDocument, type DomSource } from './source';

export type PageAudit = { report: PageReport; doc: BudgetDocument | null; dom: DomSource | null };

/** Called as each phase ends (the content script's benchmark build times them). */
export type PhaseHook = (phase: 'scan' | 'extract' | 'audit') => void;

/**
 * Read, extract and audit a document (a live page, or a page parsed in Node). Never throws:
 * a failure is a report with status 'failed' and the reason.
 */
export function auditPage(document: Document, url: string, options?: AuditOptions, phaseDone?: PhaseHook): PageAudit {
  const base = {
    url,
    pageTitle: document.title ?? '',
    auditedAt: new Date().toISOString(),
  };
  try {
    const dom = readDocument(document, url);
    phaseDone?.('scan');
    const doc = extractDocument(dom.raw);
    phaseDone?.('extract');
    const audit = doc.tables.length ? auditDocument(doc, options) : { findings: [], checks: [] };
    phaseDone?.('audit');
    return {
      doc,
      dom,
      report: {
        ...base,
        department: doc.department,
        year: doc.year,
        unit: doc.unit,
        tables: doc.tables.map((t) => ({ id: t.id, kind: t.kind, title: t.title, unit: t.unit, rows: t.rows.length, columns: t.columns.length })),
        findings: audit.findings,
        checks: audit.checks,
        skipped: doc.skipped,
        status: doc.tables.length ? 'audited' : 'no-tables',
        error: null,
      },
    };
  } catch (e) {
    return { doc: null, dom: null, report: failedReport(document, url, e) };
  }
}
