import type { BudgetDocument } from '../model/document';
import type { AuditReport, Check, Finding } from '../model/finding';
import { DEFAULT_AUDIT_OPTIONS, type AuditOptions } from './rule';
import { RULES } from './registry';
import { withAuditMemo } from './memo';
import { withStringCaches } from '../parse/cache';

const SEVERITY_ORDER = { error: 0, warning: 1, rounding: 2 } as const;

/**
 * Run every registered rule over a document. A rule that throws never breaks the audit: it is
 * reported as a check that did not run.
 */
export function auditDocument(doc: BudgetDocument, options: AuditOptions = DEFAULT_AUDIT_OPTIONS): AuditReport {
  return withAuditMemo(() => withStringCaches(() => audit(doc, options)));
}

function audit(doc: BudgetDocument, options: AuditOptions): AuditReport {
  const findings: Finding[] = [];
  const checks: Check[] = [];
  if (doc.tables.length === 0) return { findings, checks };
  const seen = new Set<string>();
  for (const rule of RULES) {
    try {
      const result = rule.run({ doc, options });
      for (const f of result.findings) {
        if (seen.has(f.id)) continue;
        seen.add(f.id);
        findings.push(f);
      }
      checks.push(...result.checks);
    } catch (e) {
      checks.push({
        rule: rule.id,
        status: 'not-run',
        subject: doc.source,
        detail: { zh: `规则运行失败：${String(e)}`, en: `rule failed: ${String(e)}` },
      });
    }
  }
  const tableOrder = new Map(doc.tables.map((t, i) => [t.id, i]));
  const position = (f: Finding) => {
    const t = f.target;
    if (!t) return [Number.MAX_SAFE_INTEGER, 0, 0];
    if (t.type === 'cell') return [tableOrder.get(t.table) ?? 0, t.row, t.column];
    if (t.type === 'table') return [tableOrder.get(t.table) ?? 0, 0, 0];
    return [-1, t.paragraph, t.start];
  };
  findings.sort((a, b) => {
    const s = SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
    if (s) return s;
    const [pa, pb] = [position(a), position(b)];
    for (let i = 0; i < 3; i++) if (pa[i]! !== pb[i]!) return pa[i]! - pb[i]!;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return { findings, checks };
}

export { RULES } from './registry';
export type { AuditOptions } from './rule';
