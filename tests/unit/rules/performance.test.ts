import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_OPTIONS } from '../../../lib/audit/rule';
import { rule } from '../../../lib/audit/rules/performance';
import type { BudgetDocument, CellRef, Finding } from '../../../lib/model';
import { loadHtml, loadPage, loadSeed } from '../../helpers/seeds';

const audit = (doc: BudgetDocument) => rule.run({ doc, options: DEFAULT_AUDIT_OPTIONS });
const summary = (fs: Finding[]) => fs.map((f) => [f.id, f.severity, f.stated, f.expected, f.difference, f.tolerance, f.unit]);
const cellText = (doc: BudgetDocument, f: Finding) => {
  const ref = f.target as CellRef;
  const table = doc.tables.find((t) => t.id === ref.table)!;
  return table.rows[ref.row]!.cells[ref.column]!.text;
};

const EXPENSE = `<p>某某县医疗保障局2024年部门支出总表</p><p>单位：万元</p>
<table border="1">
<tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>
<tr><td></td><td>合计</td><td>123.42</td><td>103.42</td><td>20.00</td></tr>
<tr><td>210</td><td>卫生健康支出</td><td>123.42</td><td>103.42</td><td>20.00</td></tr>
<tr><td>2101501</td><td>行政运行</td><td>103.42</td><td>103.42</td><td></td></tr>
<tr><td>2101599</td><td>其他医疗保障管理事务支出</td><td>20.00</td><td></td><td>20.00</td></tr>
</table>`;

/** A performance table's 预算情况 block, rendered like the seed pages (label cell, merged value cells). */
const performance = (title: string, lines: ReadonlyArray<readonly [string, string]>) => `<p>${title}</p>
<table border="1">
<tr><td colspan="2">部门（单位）名称</td><td colspan="3">某某县医疗保障局</td></tr>
${lines.map(([label, value], i) => `<tr>${i === 0 ? `<td rowspan="${lines.length}">预算情况</td>` : ''}<td>${label}</td><td colspan="3">${value}</td></tr>`).join('\n')}
<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td><td>指标值说明</td></tr>
<tr><td>效益指标</td><td>满意度</td><td>社会公众满意度</td><td>≥95%</td><td>满意率</td></tr>
</table>`;

describe('performance on its fixtures', () => {
  it('fires where 基本支出 + 项目支出 ≠ the total and 项目支出 ≠ the 支出总表 project total', () => {
    const doc = loadPage('rules/performance-fires.html');
    const { findings, checks } = audit(doc);
    expect(summary(findings)).toEqual([
      ['performance@t2:2:2#structure', 'error', '123.42', '128.42', '-5.00', '0.015', '万元'],
      ['performance@t2:7:3#doc-project', 'error', '25.00', '20.00', '5.00', '0.01', '万元'],
    ]);
    expect(findings[0]!.message.zh).toBe('「本级部门(单位)整体绩效目标表」预算情况中「部门预算总额」为123.42万元，而资金结构「基本支出」103.42 + 「项目支出」25.00 = 128.42万元，相差-5.00万元（超出舍入容差0.015万元）');
    expect(findings[0]!.computation).toBe('123.42 ≠ 103.42 + 25.00 = 128.42');
    expect(findings[0]!.operands.map((o) => o.value)).toEqual(['123.42', '103.42', '25.00']);
    expect(cellText(doc, findings[1]!)).toBe('25.00');
    expect(findings[1]!.message.zh).toContain('「某某县医疗保障局2024年部门支出总表」合计行「项目支出」为20.00万元');
    expect(checks.map((c) => c.status)).toEqual(['failed']);
  });

  it('stays silent where the block agrees with itself and with the 支出总表', () => {
    const { findings, checks } = audit(loadPage('rules/performance-silent.html'));
    expect(findings).toEqual([]);
    expect(checks.map((c) => c.status)).toEqual(['passed']);
    // structure, sources, and the total / 基本支出 / 项目支出 against the 支出总表
    expect(checks[0]!.detail.en).toContain('5 comparisons');
  });
});

describe('performance on the seeds', () => {
  it('seed 004: 项目支出 2230.80 makes the structure 2378.90 ≠ 2230.80, and differs from the 2082.70 of the other tables', () => {
    const doc = loadSeed('004');
    const { findings, checks } = audit(doc);
    expect(summary(findings)).toEqual([
      ['performance@t10:8:2#structure', 'error', '2230.80', '2378.90', '-148.10', '0.15', '万元'],
      ['performance@t10:13:3#doc-project', 'error', '2230.80', '2082.70', '148.10', '0.10', '万元'],
    ]);
    expect(doc.tables.find((t) => t.id === 't10')!.title).toBe('本级部门(单位)整体绩效目标表');
    expect(cellText(doc, findings[0]!)).toBe('2230.80');
    expect(findings[0]!.computation).toBe('2230.80 ≠ 148.10 + 2230.80 = 2378.90');
    expect(findings[1]!.message.zh).toContain('「项目支出」为2230.80万元');
    expect(findings[1]!.message.zh).toContain('为2082.70万元（项目支出合计），相差148.10万元（超出舍入容差0.10万元）');
    expect(checks.find((c) => c.subject.startsWith('t10'))!.status).toBe('failed');
  });

  it.each(['000', '001', '002', '003'] as const)('seed %s: no performance finding', (id) => {
    const { findings, checks } = audit(loadSeed(id));
    expect(findings).toEqual([]);
    expect(checks.every((c) => c.status === 'passed')).toBe(true);
  });

  it('seed 002: the whole-department block is compared with the document totals and agrees', () => {
    const check = audit(loadSeed('002')).checks.find((c) => c.subject.startsWith('t14'))!;
    expect(check.status).toBe('passed');
    expect(check.detail.en).toContain('5 comparisons');
  });
});

describe('performance: scope and units', () => {
  it('does not compare a project-level table with the department totals', () => {
    const doc = loadHtml(EXPENSE + performance('2024年医保信息化建设项目绩效目标表', [['项目资金总额（万元）', '50.00'], ['财政拨款', '50.00'], ['基本支出', '0.00'], ['项目支出', '50.00']]));
    const { findings, checks } = audit(doc);
    expect(findings).toEqual([]);
    expect(checks[0]!.detail.en).toContain('2 comparisons'); // structure and sources only
  });

  it('checks the sources of a project-level table', () => {
    const doc = loadHtml(EXPENSE + performance('2024年医保信息化建设项目绩效目标表', [['项目资金总额（万元）', '50.00'], ['财政拨款', '40.00'], ['其他资金', '']]));
    expect(summary(audit(doc).findings)).toEqual([['performance@t2:1:2#sources', 'error', '50.00', '40.00', '10.00', '0.01', '万元']]);
  });

  it('converts a block printed in 元 exactly (the 支出总表 prints 0.01万元 = 100元)', () => {
    const block = (basic: string, project: string) => loadHtml(EXPENSE + performance('部门整体绩效目标表', [['部门预算总额（元）', '1234200.00'], ['基本支出', basic], ['项目支出', project]]));
    expect(audit(block('1034200.00', '200000.00')).findings).toEqual([]);
    // 100元 off the 103.42 and 20.00万元 of the 支出总表: within its rounding (notes, not errors)
    expect(summary(audit(block('1034100.00', '200100.00')).findings)).toEqual([
      ['performance@t2:2:2#doc-basic', 'rounding', '1034100.00', '1034200.00', '-100.00', '100.00', '元'],
      ['performance@t2:3:2#doc-project', 'rounding', '200100.00', '200000.00', '100.00', '100.00', '元'],
    ]);
    expect(summary(audit(block('1033200.00', '201000.00')).findings)).toEqual([
      ['performance@t2:2:2#doc-basic', 'error', '1033200.00', '1034200.00', '-1000.00', '100.00', '元'],
      ['performance@t2:3:2#doc-project', 'error', '201000.00', '200000.00', '1000.00', '100.00', '元'],
    ]);
  });

  it('skips a value that is not an amount, and says so', () => {
    const doc = loadHtml(EXPENSE + performance('部门整体绩效目标表', [['部门预算总额（万元）', '123.42'], ['基本支出', '约100万元'], ['项目支出', '20.00']]));
    const { findings, checks } = audit(doc);
    expect(findings).toEqual([]);
    expect(checks[0]!.detail.en).toContain('基本支出: the value is not an amount');
  });
});

describe('performance: the block', () => {
  it('ends at the first row without a budget line: a figure among the indicators is not a source', () => {
    const html = `${EXPENSE}<p>部门整体绩效目标表</p><table border="1">
<tr><td rowspan="3">预算情况</td><td>部门预算总额（万元）</td><td colspan="3">123.42</td></tr>
<tr><td>（1）基本支出</td><td colspan="3">103.42</td></tr>
<tr><td>（2）项目支出</td><td colspan="3">20.00</td></tr>
<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td><td>指标值说明</td></tr>
<tr><td>产出指标</td><td>成本指标</td><td>财政资金</td><td>5.00</td><td>说明</td></tr>
</table>`;
    const { findings, checks } = audit(loadHtml(html));
    expect(findings).toEqual([]);
    expect(checks[0]!.detail.en).toContain('4 comparisons'); // structure, total, 基本支出, 项目支出: no sources
  });
});
