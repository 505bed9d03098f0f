import type { BudgetDocument } from '../model/document';
import type { PageReport } from '../messages';
import type { AuditOptions } from '../audit';
import { auditRawSource, failedReport } from '../report/page-audit';
import { readDocument, type DomSource } from './source';

export type PageAudit = { report: PageReport; doc: BudgetDocument | null; dom: DomSource | null };

/**
 * Read, extract and audit a document in one go (a page parsed in Node: the command line, the
 * tests). The extension reads the page in its content script and extracts and audits in the
 * background (entrypoints/content.ts). Never throws: a failure is a report with status 'failed'.
 */
export function auditPage(document: Document, url: string, options?: AuditOptions): PageAudit {
  const meta = { url, pageTitle: document.title ?? '' };
  try {
    const dom = readDocument(document, url);
    const { report, doc } = auditRawSource(dom.raw, meta, options);
    return { report, doc, dom: doc ? dom : null };
  } catch (e) {
    return { doc: null, dom: null, report: failedReport(meta, e) };
  }
}
