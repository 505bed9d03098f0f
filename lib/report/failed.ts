import type { PageReport } from '../messages';

/** The page a report is about. */
export type PageMeta = { url: string; pageTitle: string };

/** The report of a page that could not be audited, with the reason. */
export function failedReport(meta: PageMeta, error: unknown): PageReport {
  return {
    ...meta,
    auditedAt: new Date().toISOString(),
    department: null,
    year: null,
    unit: null,
    tables: [],
    findings: [],
    checks: [],
    skipped: [],
    status: 'failed',
    error: error instanceof Error ? error.message : String(error),
  };
}

