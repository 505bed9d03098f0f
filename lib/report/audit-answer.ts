import type { AuditAnswer } from '../messages';
import { unpackRawSource, type PackedSource } from '../model/raw-pack';
import { auditRawSource, failedReport, layoutOf } from './page-audit';

export type AuditRequest = { source: PackedSource; url: string; pageTitle: string; tolerance: 'standard' | 'strict' };

/**
 * The background's side of an audit: what a page read (packed, parsed with the message) is
 * unpacked, extracted and audited here, off the page's main thread. Never throws: anything wrong with the
 * request or the audit is a 'failed' report with the reason.
 */
export function answerAudit(request: AuditRequest, now: () => number = () => performance.now()): AuditAnswer {
  const meta = { url: request.url, pageTitle: request.pageTitle };
  const timings = { extract: 0, audit: 0 };
  try {
    const raw = unpackRawSource(request.source);
    let t = now();
    const { report, doc } = auditRawSource(raw, meta, { tolerance: request.tolerance }, (phase) => {
      const n = now();
      timings[phase] = n - t;
      t = n;
    });
    return { report, layout: doc ? layoutOf(doc) : [], timings };
  } catch (e) {
    return { report: failedReport(meta, e), layout: [], timings };
  }
}
