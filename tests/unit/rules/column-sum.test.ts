import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_OPTIONS } from '../../../lib/audit/rule';
import { columnIdentities, rule } from '../../../lib/audit/rules/column-sum';
import { columnLabel } from '../../../lib/audit/table-utils';
import type { BudgetDocument, CellRef, Finding, Table } from '../../../lib/model';
import { loadHtml, loadPage, loadSeed } from '../../helpers/seeds';

const audit = (doc: BudgetDocument) => rule.run({ doc, options: DEFAULT_AUDIT_OPTIONS });
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');
const cellOf = (doc: BudgetDocument, f: Finding) => {
  const ref = f.target as CellRef;
  const table = doc.tables.find((t) => t.id === ref.table)!;
  return { table, row: table.rows[ref.row]!, column: table.columns[ref.column]! };
};
const describeFinding = (doc: BudgetDocument, f: Finding) => {
  const c = cellOf(doc, f);
  return [c.row.name, columnLabel(c.column), f.severity, f.stated, f.expected, f.tolerance];
};
const identities = (t: Table) => columnIdentities(t).map((i) => `${columnLabel(i.total)} = ${i.parts.map(columnLabel).join(' + ')}`);
const rowsHtml = (rows: ReadonlyArray<readonly string[]>) => rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');

const THREE_PUBLIC_HEAD =
  '<p>一般公共预算“三公”经费支出表</p><p>单位：万元</p><table>' +
  '<tr><th rowspan="2">单位名称</th><th rowspan="2">“三公”经费合计</th><th rowspan="2">因公出国（境）费</th><th colspan="3">公务用车购置及运行费</th><th rowspan="2">公务接待费</th></tr>' +
  '<tr><th>小计</th><th>公务用车购置费</th><th>公务用车运行费</th></tr>';

describe('column-sum on its fixtures', () => {
  it('fires where 基本支出/小计 is not 人员经费 + 公用经费', () => {
    const doc = loadPage('rules/column-sum-fires.html');
    const { findings, checks } = audit(doc);
    expect(findings.map((f) => describeFinding(doc, f))).toEqual([['事业运行', '基本支出/小计', 'error', '65.63', '65.73', '0.015']]);
    expect(findings[0]!.computation).toBe('65.63 ≠ 63.53 + 2.20 = 65.73');
    expect(findings[0]!.operands.map((o) => o.value)).toEqual(['65.63', '63.53', '2.20']);
    expect(checks[0]!.status).toBe('failed');
  });

  it('stays silent where every total column adds up', () => {
    const { findings, checks } = audit(loadPage('rules/column-sum-silent.html'));
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('passed');
  });
});

describe('column identities', () => {
  it('reads 合计 = 基本支出 + 项目支出 and 基本支出/小计 = 人员经费 + 公用经费 leaves', () => {
    const t = loadSeed('004').tables.find((x) => x.kind === 'expense')!;
    expect(identities(t)).toEqual([
      '合计 = 基本支出/小计 + 项目支出/小计',
      '基本支出/小计 = 基本支出/人员经费/工资福利支出 + 基本支出/人员经费/对个人和家庭的补助 + 基本支出/公用经费/商品和服务支出 + 基本支出/公用经费/资本性支出',
      '项目支出/小计 = 项目支出/其他运转类 + 项目支出/特定目标类',
    ]);
  });

  it('checks a total against a 合计 group (by source) and the 本年/上年 groups separately, never adding them', () => {
    const t = loadSeed('002').tables.find((x) => x.kind === 'income')!;
    const ids = identities(t);
    expect(ids[0]).toBe('总计 = 本年收入/合计 + 上年结转结余/合计');
    expect(ids[1]).toBe('总计 = 合计/一般公共预算 + 合计/政府性基金 + 合计/国有资本经营预算 + 合计/财政专户管理资金');
    expect(ids.some((s) => s.includes('其中'))).toBe(false);
  });

  it('reads the “三公” layout and the project layout', () => {
    const t3 = loadHtml(THREE_PUBLIC_HEAD + '</table>').tables[0]!;
    expect(identities(t3)).toEqual([
      '“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费/小计 + 公务接待费',
      '公务用车购置及运行费/小计 = 公务用车购置及运行费/公务用车购置费 + 公务用车购置及运行费/公务用车运行费',
    ]);
    const p = loadSeed('004').tables.find((x) => x.title === '项目支出预算表')!;
    // 项目单位 is typed as an amount column by the extractor: it must not be added in
    expect(identities(p)).toEqual([
      '合计 = 本年拨款/一般公共预算 + 本年拨款/政府性基金预算 + 本年拨款/国有资本经营预算 + 财政拨款结转结余/一般公共预算 + 财政拨款结转结余/政府性基金预算 + 财政拨款结转结余/国有资本经营预算 + 财政专户管理资金 + 单位资金',
    ]);
  });

  it('keeps to one side of a two-sided table', () => {
    const t = loadSeed('004').tables.find((x) => x.kind === 'fiscal-summary')!;
    expect(identities(t)).toEqual(['支出/合计 = 支出/一般公共预算/小计 + 支出/政府性基金 + 支出/国有资本经营预算']);
  });
});

describe('column-sum rows', () => {
  it('checks the “三公” total: travel + vehicles (小计) + reception', () => {
    const ok = loadHtml(THREE_PUBLIC_HEAD + rowsHtml([['示例局', '6.50', '', '4.50', '', '4.50', '2.00']]) + '</table>');
    expect(audit(ok).findings).toEqual([]);
    const bad = loadHtml(THREE_PUBLIC_HEAD + rowsHtml([['示例局', '7.50', '', '4.50', '', '4.50', '2.00']]) + '</table>');
    expect(audit(bad).findings.map((f) => [f.severity, f.stated, f.expected])).toEqual([['error', '7.50', '6.50']]);
  });

  it('never adds a 其中 column to its siblings', () => {
    const html =
      '<p>部门收入预算表</p><p>单位：万元</p><table><tr><th rowspan="2">项目</th><th rowspan="2">合计</th><th colspan="2">一般公共预算</th><th rowspan="2">事业收入</th></tr>' +
      '<tr><th>小计</th><th>其中：财政拨款</th></tr>' +
      rowsHtml([['合计', '15.00', '10.00', '10.00', '5.00']]) +
      '</table>';
    expect(audit(loadHtml(html)).findings).toEqual([]);
  });

  it('warns when a total is printed and its parts are blank, or the total is blank and its parts are not', () => {
    const html =
      '<p>一般公共预算基本支出表</p><p>单位：万元</p><table><tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th colspan="3">一般公共预算基本支出</th></tr><tr><th>合计</th><th>人员经费</th><th>公用经费</th></tr>' +
      rowsHtml([
        ['30101', '基本工资', '3.00', '', ''],
        ['30102', '津贴补贴', '', '2.00', ''],
        ['30103', '奖金', '', '', ''],
        ['30104', '伙食补助费', '0.00', '', ''],
      ]) +
      '</table>';
    const doc = loadHtml(html);
    expect(audit(doc).findings.map((f) => describeFinding(doc, f))).toEqual([
      ['基本工资', '一般公共预算基本支出/合计', 'warning', '3.00', null, '0.005'],
      ['津贴补贴', '一般公共预算基本支出/合计', 'warning', null, '2.00', '0.01'],
    ]);
  });

  it('a column whose parts are blank on several rows is one warning, on its first row, every figure an operand', () => {
    const html =
      '<p>一般公共预算基本支出表</p><p>单位：万元</p><table><tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th colspan="3">一般公共预算基本支出</th></tr><tr><th>合计</th><th>人员经费</th><th>公用经费</th></tr>' +
      rowsHtml([
        ['30101', '基本工资', '3.00', '', ''],
        ['30102', '津贴补贴', '2.00', '2.00', ''],
        ['30103', '奖金', '1.50', '', ''],
        ['30201', '办公费', '0.40', '', ''],
      ]) +
      '</table>';
    const doc = loadHtml(html);
    const fs = audit(doc).findings;
    expect(fs).toHaveLength(1);
    expect(describeFinding(doc, fs[0]!)).toEqual(['基本工资', '一般公共预算基本支出/合计', 'warning', null, null, null]);
    expect(fs[0]!.operands.map((o) => [o.value, (o.ref as CellRef).row])).toEqual([['3.00', 0], ['1.50', 2], ['0.40', 3]]);
    expect(fs[0]!.message.zh).toBe('3行（30101 基本工资、30103 奖金、30201 办公费）的「一般公共预算基本支出/合计」列有数，但各分项列（一般公共预算基本支出/人员经费 + 一般公共预算基本支出/公用经费）均为空（疑似漏填明细）');
    // the check still counts every comparison
    expect(audit(doc).checks[0]!.detail.zh).toContain('比较4处，错误0处，疑似漏填3处');
  });

  it('reports a row printed one column off once, as a warning, instead of a cascade of errors', () => {
    const head =
      '<p>一般公共预算支出预算表</p><p>单位：万元</p><table><tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th rowspan="2">合计</th><th colspan="3">基本支出</th><th colspan="3">项目支出</th></tr>' +
      '<tr><th>小计</th><th>人员经费</th><th>公用经费</th><th>小计</th><th>其他运转类</th><th>特定目标类</th></tr>';
    // the 公用经费 cell is missing: 20.00 | 12.00 (项目小计) | 12.00 (其他运转类) slide left
    const doc = loadHtml(head + rowsHtml([['2101501', '行政运行', '32.00', '20.00', '20.00', '12.00', '12.00', '', '']]) + '</table>');
    const { findings } = audit(doc);
    expect(findings.length).toBe(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', stated: null, expected: null });
    expect(columnLabel(cellOf(doc, findings[0]!).column)).toBe('基本支出/公用经费');
    expect(findings[0]!.message.zh).toContain('右移一列');
  });

  it('judges differences with the rounding bound', () => {
    const html = (total: string) =>
      '<p>部门支出预算表</p><p>单位：万元</p><table><tr><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>' + rowsHtml([['行政运行', total, '10.01', '20.02']]) + '</table>';
    expect(audit(loadHtml(html('30.04'))).findings.map((f) => [f.severity, f.tolerance])).toEqual([['rounding', '0.015']]);
    expect(audit(loadHtml(html('30.05'))).findings.map((f) => f.severity)).toEqual(['error']);
  });

  it('skips performance tables and does not throw on malformed ones', () => {
    const doc = loadSeed('004');
    const perf = doc.tables.filter((t) => t.kind === 'performance').map((t) => t.id);
    expect(audit(doc).findings.some((f) => perf.includes((f.target as CellRef).table))).toBe(false);
    const bad = '<p>部门支出预算表</p><p>单位：万元</p><table><tr><th>合计</th><th>基本支出</th></tr><tr><td>x</td></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>';
    expect(() => audit(loadHtml(bad))).not.toThrow();
  });
});

describe('column-sum on the seed pages', () => {
  const doc4 = loadSeed('004');
  const found4 = audit(doc4).findings;

  it('seed 004 部门支出预算表 合计 row: 142.60 + 0.70 + 5.50 = 148.80 ≠ 148.10 (and the unit row repeats it)', () => {
    const t = doc4.tables.find((x) => x.kind === 'expense')!;
    const fs = found4.filter((f) => (f.target as CellRef).table === t.id);
    expect(fs.map((f) => describeFinding(doc4, f))).toEqual([
      ['合计', '基本支出/小计', 'error', '148.10', '148.80', '0.20'],
      ['新乡市凤泉区医疗保障局', '基本支出/小计', 'error', '148.10', '148.80', '0.20'],
    ]);
    expect(fs[0]!.computation).toBe('148.10 ≠ 142.60 + 0.70 + 5.50 = 148.80');
  });

  it('seed 004 一般公共预算支出预算表: the same, and 医疗保障经办事务 prints 项目支出/小计 20.00 with 特定目标类 blank', () => {
    const t = doc4.tables.find((x) => x.kind === 'general-expense')!;
    const fs = found4.filter((f) => (f.target as CellRef).table === t.id);
    expect(fs.map((f) => describeFinding(doc4, f))).toEqual([
      ['合计', '基本支出/小计', 'error', '148.10', '148.80', '0.20'],
      ['新乡市凤泉区医疗保障局', '基本支出/小计', 'error', '148.10', '148.80', '0.20'],
      ['医疗保障经办事务', '项目支出/小计', 'warning', '20.00', null, '0.05'],
    ]);
  });

  it('seed 004 一般公共预算基本支出表: 148.11 vs 142.60 + 5.50 is rounding; rows with 合计 and no split are omissions', () => {
    const t = doc4.tables.find((x) => x.kind === 'general-basic')!;
    const fs = found4.filter((f) => (f.target as CellRef).table === t.id);
    expect(describeFinding(doc4, fs[0]!)).toEqual(['合计', '本年一般公共预算基本支出/合计', 'rounding', '148.11', '148.10', '0.015']);
    // eight rows print 合计 with 人员经费 and 公用经费 blank: one warning for the column, every row's figure an operand
    expect(fs).toHaveLength(2);
    const w = fs[1]!;
    expect([w.severity, w.stated, w.expected, w.id]).toEqual(['warning', null, null, `column-sum@${t.id}:9:4#omitted`]);
    expect(w.operands.map((o) => o.value)).toEqual(['0.80', '1.20', '0.70', '1.00', '2.30', '0.70', '2.30', '0.10']);
    expect(w.message.zh).toMatch(/^8行（30229 福利费、.*、…）的「本年一般公共预算基本支出\/合计」列有数，但各分项列（本年一般公共预算基本支出\/人员经费 \+ 本年一般公共预算基本支出\/公用经费）均为空（疑似漏填明细）$/);
  });

  it('seed 004 财政拨款收支总体情况表: the 一、本年支出 row leaves 合计 blank', () => {
    const t = doc4.tables.find((x) => x.kind === 'fiscal-summary')!;
    const fs = found4.filter((f) => (f.target as CellRef).table === t.id);
    expect(fs.map((f) => [f.severity, f.stated, f.expected])).toEqual([['warning', null, '2230.80']]);
    expect(fs[0]!.message.zh).toContain('「一、本年支出」行');
  });

  it('seed 002 一般公共预算支出预算表: the body is one column short; one shift warning, no errors', () => {
    const doc = loadSeed('002');
    const fs = audit(doc).findings;
    expect(errors(fs)).toEqual([]);
    expect(fs.length).toBe(1);
    const c = cellOf(doc, fs[0]!);
    expect([c.table.title, columnLabel(c.column), fs[0]!.severity]).toEqual(['2024年一般公共预算支出预算表', '基本支出/公用经费/资本性支出', 'warning']);
  });

  it('seed 001: only the 专项资金 table, whose 一般公共预算小计 has no breakdown (omission warnings)', () => {
    const doc = loadSeed('001');
    const fs = audit(doc).findings;
    expect(errors(fs)).toEqual([]);
    expect(new Set(fs.map((f) => cellOf(doc, f).table.title))).toEqual(new Set(['专项资金预算汇总表']));
    // one warning for the column, not one per row
    expect(fs).toHaveLength(1);
    expect(fs[0]!.operands.map((o) => o.value)).toEqual(['68.22', '68.22', '12.80', '22.40', '10.62', '12.80', '9.60']);
    expect(fs[0]!.message.en).toMatch(/^7 rows \(合计, 沅江市医疗保障局, B参保筹资工作经费, .*\) print a figure under “预算额度\/一般公共预算\/一般公共预算小计”/);
  });

  it.each(['000', '003'] as const)('seed %s adds up: no finding', (id) => {
    expect(audit(loadSeed(id)).findings).toEqual([]);
  });
});
