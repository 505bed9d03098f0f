import { DEFAULT_AUDIT_OPTIONS, type Rule } from '../../lib/audit/rule';
import { extractClaims } from '../../lib/extract/claims';
import type { BudgetDocument, Finding, TextRef } from '../../lib/model';
import { loadHtml } from './seeds';

/** What the narrative rule tests share: running one rule, reading a finding's span, a small page. */

/** Run one rule on a document, with the standard or strict tolerance. */
export const auditWith =
  (rule: Rule) =>
  (doc: BudgetDocument, tolerance: 'standard' | 'strict' = 'standard') =>
    rule.run({ doc, options: { ...DEFAULT_AUDIT_OPTIONS, tolerance } });

/** The prose a finding points at. */
export const spanText = (doc: BudgetDocument, f: Finding): string => {
  const t = f.target as TextRef;
  return doc.paragraphs[t.paragraph]!.text.slice(t.start, t.end);
};

/** A table row of plain cells. */
export const tr = (cells: readonly string[]): string => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;

/** A page with one 收支总表 whose income and expense totals are 123.42 万元 (卫生健康 all of it). */
export const SUMMARY_123_42 = loadHtml(
  `<h1>某某县医疗保障局2024年部门预算公开</h1><p>说明</p><p>某某县医疗保障局2024年部门收支总表</p><p>单位：万元</p><table>` +
    '<tr><td colspan="2">收入</td><td colspan="2">支出</td></tr>' +
    tr(['项目', '预算数', '项目', '预算数']) +
    tr(['一、一般公共预算拨款收入', '123.42', '一、卫生健康支出', '123.42']) +
    tr(['本年收入合计', '123.42', '本年支出合计', '123.42']) +
    tr(['收入总计', '123.42', '支出总计', '123.42']) +
    '</table>',
);

/** The tables of `base` with other prose (one paragraph per text, claims extracted from it), without re-reading a page. */
export function withProse(base: BudgetDocument, ...texts: string[]): BudgetDocument {
  const paragraphs = texts.map((text, index) => ({ index, text }));
  const { claims, years } = extractClaims({ paragraphs, year: 2024 });
  return { ...base, paragraphs, claims, years };
}
