import type { PageReport } from '../messages';
import type { auditPage } from './audit-page';

/**
 * The content script is small and loads the engine (read, extract, audit, the code books) only
 * on pages that have a table worth reading: `entrypoints/content-engine.ts` is a script of its
 * own that the content script imports on demand, and that hands the engine over under this key
 * of the content script's global object (the extension's isolated world: the page cannot see it).
 */
export const ENGINE_KEY = '__budgetLensEngine';
/** Where the engine script is in the built extension (web-accessible in Chrome: wxt.config.ts). */
export const ENGINE_PATH = '/content-engine.js' as const;

export type Engine = { auditPage: typeof auditPage };

/** The report of a page that could not be audited (the engine failed or did not load). */
export function failedReport(document: Document, url: string, error: unknown): PageReport {
  return {
    url,
    pageTitle: document.title ?? '',
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
