import type { Finding } from '../model/finding';
import { countBySeverity, locate, type AuditedDocument } from './audited';

export const SEVERITY_NAMES = { error: { zh: '错误', en: 'error' }, warning: { zh: '提示', en: 'warning' }, rounding: { zh: '舍入差', en: 'rounding' } } as const;

export const REPORT_TITLE = '预算透镜审核报告 / Budget Lens audit report';

/** Text for one Markdown line: whitespace collapsed (a line break would end the construct) and markup escaped. */
export const mdEscape = (s: string): string => s.replace(/\s+/g, ' ').trim().replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);

/** Inline code: backticks cannot be escaped inside a code span, so they become apostrophes. */
const mdCode = (s: string): string => `\`${s.replace(/\s+/g, ' ').replace(/`/g, "'")}\``;

/**
 * One finding as a citable block: heading with severity, rule and place; the message in both
 * languages; the stated and expected figures, the difference, the tolerance used; the
 * computation; and a table of every figure that was summed or compared.
 */
export function findingMarkdown(f: Finding, n: number, where: string): string[] {
  const out: string[] = [];
  out.push(`### ${n}. [${SEVERITY_NAMES[f.severity].zh} ${SEVERITY_NAMES[f.severity].en}] ${mdEscape(f.rule)}${where ? ` — ${mdEscape(where)}` : ''}`, '');
  out.push(mdEscape(f.message.zh), '', mdEscape(f.message.en), '');
  const unit = f.unit ? ` ${f.unit}` : '';
  if (f.stated !== null) out.push(`- 表中数 Stated: ${f.stated}${unit}`);
  if (f.expected !== null) out.push(`- 应为 Expected: ${f.expected}${unit}`);
  if (f.difference !== null) out.push(`- 差额 Difference: ${f.difference}${unit}`);
  if (f.tolerance !== null) out.push(`- 舍入容差 Rounding tolerance: ±${f.tolerance}${unit}`);
  out.push(`- 计算 Computation: ${mdCode(f.computation)}`);
  if (f.operands.length) {
    out.push('', '| 项 Item | 数值 Value |', '|---|---|');
    for (const o of f.operands) out.push(`| ${mdEscape(o.label)} | ${o.value} |`);
  }
  out.push('');
  return out;
}

/** The counts line shared by the command line and page reports. */
export function countsMarkdown(tables: number, findings: readonly Finding[]): string {
  const c = countBySeverity(findings);
  return `- 表格 Tables: ${tables}；错误 errors: ${c.error}；提示 warnings: ${c.warning}；舍入差 rounding: ${c.rounding}`;
}

/**
 * A report a journalist can cite: what was audited (source, time), then each finding with the
 * figures compared and the computation.
 */
export function toMarkdown(docs: readonly AuditedDocument[], meta: { generatedAt: string; title?: string } = { generatedAt: new Date().toISOString() }): string {
  const out: string[] = [`# ${meta.title ?? REPORT_TITLE}`, '', `生成时间 Generated: ${meta.generatedAt}`, ''];
  for (const { source, doc, audit } of docs) {
    out.push(`## ${mdEscape(doc.title ?? source)}`, '');
    out.push(`- 来源 Source: ${mdEscape(source)}`);
    if (doc.department) out.push(`- 部门 Department: ${mdEscape(doc.department)}`);
    if (doc.year) out.push(`- 年度 Year: ${doc.year}`);
    out.push(countsMarkdown(doc.tables.length, audit.findings), '');
    if (!audit.findings.length) {
      out.push(doc.tables.length ? '未发现问题。 No problems found.' : '未发现预算表格。 No budget tables found.', '');
      continue;
    }
    audit.findings.forEach((f, i) => {
      const at = locate(doc, f.target);
      const where = [at.tableTitle ?? at.table, at.row, at.column].filter(Boolean).join(' · ') || at.text || '';
      out.push(...findingMarkdown(f, i + 1, where));
    });
  }
  return out.join('\n');
}
