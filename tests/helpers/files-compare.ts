import { auditDocument } from '../../lib/audit';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import type { BudgetDocument, RawSource } from '../../lib/model';
import type { Finding } from '../../lib/model/finding';
import { fixture, parseHtml } from './dom';
import { SEED_PAGES, type SeedId } from './seeds';

/** What two audits of the same disclosure must share: the rule, the figure as printed and the figure expected. */
export const findingKey = (f: Pick<Finding, 'rule' | 'stated' | 'expected'>): string => `${f.rule} | stated ${f.stated ?? '-'} | expected ${f.expected ?? '-'}`;

export type Audited = { doc: BudgetDocument; findings: Finding[] };

export function auditRaw(raw: RawSource): Audited {
  const doc = extractDocument(raw);
  return { doc, findings: auditDocument(doc).findings };
}

export const seedHtml = (id: SeedId): string => fixture(`pages/${SEED_PAGES[id]}`);

export function auditSeedHtml(id: SeedId): Audited {
  return auditRaw(readDocument(parseHtml(seedHtml(id)), SEED_PAGES[id]).raw);
}

export type Agreement = { agreed: number; total: number; missing: string[]; extra: string[] };

/** Multiset comparison of findings: agreed pairs over the union (a finding on one side only counts against). */
export function compareFindings(reference: readonly Finding[], other: readonly Finding[]): Agreement {
  const rest = other.map(findingKey);
  const missing: string[] = [];
  let agreed = 0;
  for (const k of reference.map(findingKey)) {
    const i = rest.indexOf(k);
    if (i >= 0) {
      rest.splice(i, 1);
      agreed++;
    } else missing.push(k);
  }
  return { agreed, total: agreed + missing.length + rest.length, missing, extra: rest };
}

export const ratio = (a: Agreement): number => (a.total === 0 ? 1 : a.agreed / a.total);

/** One line per seed and the differences, for the test log. */
export function agreementReport(format: string, rows: Array<{ id: string; a: Agreement }>): string {
  const agreed = rows.reduce((s, r) => s + r.a.agreed, 0);
  const total = rows.reduce((s, r) => s + r.a.total, 0);
  const lines = [`${format}: ${agreed}/${total} findings agree with the HTML page (${((total ? agreed / total : 1) * 100).toFixed(1)} %)`];
  for (const { id, a } of rows) {
    lines.push(`  seed-${id}: ${a.agreed}/${a.total}`);
    for (const m of a.missing) lines.push(`    only on the HTML page: ${m}`);
    for (const e of a.extra) lines.push(`    only in the ${format}: ${e}`);
  }
  return lines.join('\n');
}
