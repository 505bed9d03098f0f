import { countBySeverity, locate, type AuditedDocument } from './audited';

const SEVERITY = { error: { zh: '错误', en: 'error' }, warning: { zh: '提示', en: 'warning' }, rounding: { zh: '舍入差', en: 'rounding' } } as const;

const esc = (s: string) => s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);

/**
 * A report a journalist can cite: what was audited (source, time), then each finding with the
 * figures compared and the computation.
 */
export function toMarkdown(docs: readonly AuditedDocument[], meta: { generatedAt: string; title?: string } = { generatedAt: new Date().toISOString() }): string {
  const out: string[] = [`# ${meta.title ?? '预算透镜审核报告 / Budget Lens audit report'}`, '', `生成时间 Generated: ${meta.generatedAt}`, ''];
  for (const { source, doc, audit } of docs) {
    const c = countBySeverity(audit.findings);
    out.push(`## ${esc(doc.title ?? source)}`, '');
    out.push(`- 来源 Source: ${esc(source)}`);
    if (doc.department) out.push(`- 部门 Department: ${esc(doc.department)}`);
    if (doc.year) out.push(`- 年度 Year: ${doc.year}`);
    out.push(`- 表格 Tables: ${doc.tables.length}；错误 errors: ${c.error}；提示 warnings: ${c.warning}；舍入差 rounding: ${c.rounding}`, '');
    if (!audit.findings.length) {
      out.push(doc.tables.length ? '未发现问题。 No problems found.' : '未发现预算表格。 No budget tables found.', '');
      continue;
    }
    audit.findings.forEach((f, i) => {
      const at = locate(doc, f.target);
      const where = [at.tableTitle ?? at.table, at.row, at.column].filter(Boolean).join(' · ') || at.text || '';
      out.push(`### ${i + 1}. [${SEVERITY[f.severity].zh} ${SEVERITY[f.severity].en}] ${esc(f.rule)}${where ? ` — ${esc(where)}` : ''}`, '');
      out.push(`${esc(f.message.zh)}`, '', `${esc(f.message.en)}`, '');
      const unit = f.unit ? ` ${f.unit}` : '';
      if (f.stated !== null) out.push(`- 表中数 Stated: ${f.stated}${unit}`);
      if (f.expected !== null) out.push(`- 应为 Expected: ${f.expected}${unit}`);
      if (f.difference !== null) out.push(`- 差额 Difference: ${f.difference}${unit}`);
      if (f.tolerance !== null) out.push(`- 舍入容差 Rounding tolerance: ±${f.tolerance}${unit}`);
      out.push(`- 计算 Computation: \`${f.computation.replace(/`/g, "'")}\``);
      if (f.operands.length) {
        out.push('', '| 项 Item | 数值 Value |', '|---|---|');
        for (const o of f.operands) out.push(`| ${esc(o.label)} | ${o.value} |`);
      }
      out.push('');
    });
  }
  return out.join('\n');
}
