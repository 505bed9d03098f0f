import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_OPTIONS } from '../../../lib/audit/rule';
import { rule } from '../../../lib/audit/rules/total-row';
import type { BudgetDocument, CellRef, Finding, Table } from '../../../lib/model';
import { loadHtml, loadPage, loadSeed } from '../../helpers/seeds';

const audit = (doc: BudgetDocument) => rule.run({ doc, options: DEFAULT_AUDIT_OPTIONS });
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');
const cellOf = (doc: BudgetDocument, f: Finding) => {
  const ref = f.target as CellRef;
  const table = doc.tables.find((t) => t.id === ref.table)!;
  return { table, row: table.rows[ref.row]!, column: table.columns[ref.column]! };
};
const inTable = (doc: BudgetDocument, t: Table, fs: Finding[]) => fs.filter((f) => (f.target as CellRef).table === t.id);
const byColumn = (doc: BudgetDocument, fs: Finding[]) =>
  Object.fromEntries(fs.map((f) => [cellOf(doc, f).column.path.join('/'), [f.severity, f.stated, f.expected, f.tolerance]]));

const HEAD = '<p>项目支出预算表</p><p>部门名称：示例市医疗保障局</p><p>单位：万元</p>';
const rowsHtml = (rows: ReadonlyArray<readonly string[]>) => rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');

describe('total-row on its fixtures', () => {
  it('fires where the 合计 row disagrees with the projects (0.07 beyond a 0.04 bound)', () => {
    const doc = loadPage('rules/total-row-fires.html');
    const { findings, checks } = audit(doc);
    expect(findings.map((f) => [f.severity, f.stated, f.expected, f.difference, f.tolerance])).toEqual([
      ['error', '2082.70', '2082.63', '0.07', '0.04'],
      ['error', '2082.70', '2082.63', '0.07', '0.04'],
    ]);
    expect(cellOf(doc, findings[0]!).row.role).toBe('total');
    expect(findings[0]!.operands.length).toBe(8);
    expect(findings[0]!.message.zh).toBe('「合计」行「合计」列为2082.70万元，各行相加为2082.63万元，相差0.07万元（超出舍入容差0.04万元）');
    expect(checks[0]!.status).toBe('failed');
  });

  it('stays silent where the 合计 row adds up', () => {
    const { findings, checks } = audit(loadPage('rules/total-row-silent.html'));
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('passed');
  });
});

describe('total-row structure', () => {
  it('sums only the top-level code rows (类 rows), not their 款/项 rows', () => {
    const html =
      '<p>部门支出预算表</p><p>单位：万元</p><table><tr><th>科目编码</th><th>科目名称</th><th>合计</th></tr>' +
      rowsHtml([
        ['', '合计', '42.00'],
        ['210', '卫生健康支出', '30.00'],
        ['21015', '医疗保障管理事务', '30.00'],
        ['2101501', '行政运行', '30.00'],
        ['221', '住房保障支出', '12.00'],
        ['22102', '住房改革支出', '12.00'],
        ['2210201', '住房公积金', '12.00'],
      ]) +
      '</table>';
    expect(audit(loadHtml(html)).findings).toEqual([]);
    expect(errors(audit(loadHtml(html.replace('42.00', '43.00'))).findings)[0]).toMatchObject({ stated: '43.00', expected: '42.00' });
  });

  it('checks nested units: 合计 = 201, 201 = Σ 201001 …, each unit = its rows', () => {
    const html =
      '<p>支出总表</p><p>单位：万元</p><table><tr><th>科目编码</th><th>单位代码</th><th>科目名称</th><th>合计</th></tr>' +
      rowsHtml([
        ['', '', '合计', '50.00'],
        ['', '201', '示例市医疗保障局', '50.00'],
        ['', '201001', '示例市医疗保障局本级', '30.00'],
        ['2101501', '', '行政运行', '30.00'],
        ['', '201002', '示例市医疗保险服务中心', '21.00'],
        ['2101550', '', '事业运行', '20.00'],
      ]) +
      '</table>';
    const doc = loadHtml(html);
    const { findings } = audit(doc);
    // 201 = 30 + 21 = 51 ≠ 50 ; 201002 = 21 ≠ 20 ; 合计 = 201 fine
    expect(errors(findings).map((f) => [cellOf(doc, f).row.name, f.stated, f.expected])).toEqual([
      ['示例市医疗保障局', '50.00', '51.00'],
      ['示例市医疗保险服务中心', '21.00', '20.00'],
    ]);
    expect(findings[0]!.message.zh).toContain('其下属单位（201001 示例市医疗保障局本级、201002 示例市医疗保险服务中心）');
  });

  it('reads a code-less department row followed by its units as their sum', () => {
    const html =
      `${HEAD}<table><tr><th>项目名称</th><th>合计</th></tr>` +
      rowsHtml([
        ['合计', '30.00'],
        ['示例市医疗保障局', '30.00'],
        ['示例市医疗保障局本级', '10.00'],
        ['示例市医疗保险服务中心', '20.00'],
      ]) +
      '</table>';
    const doc = loadHtml(html);
    expect(doc.tables[0]!.rows.filter((r) => r.role === 'unit').length).toBe(3);
    expect(audit(doc).findings).toEqual([]);
  });

  it('sums the 一、二、三 items of a “三公” row table, not their 其中 and detail rows', () => {
    const html =
      '<p>部门预算财政拨款“三公”经费支出表</p><p>单位：万元</p><table><tr><th>序号</th><th>项目</th><th>合计</th><th>一般公共预算财政拨款</th></tr>' +
      rowsHtml([
        ['1', '合计', '6.45', '6.45'],
        ['2', '“三公”经费小计', '6.45', '6.45'],
        ['3', '一、因公出国（境）费', '', ''],
        ['4', '二、公务用车购置及运维费', '5.50', '5.50'],
        ['5', '其中：公务用车购置费', '', ''],
        ['6', '公务用车运行维护费', '5.50', '5.50'],
        ['7', '三、公务接待费', '0.95', '0.95'],
      ]) +
      '</table>';
    const { findings, checks } = audit(loadHtml(html));
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('passed');
    expect(checks[0]!.detail.en).toContain('group unclear');
  });

  it('checks 小计 rows that close their group', () => {
    const html =
      `${HEAD}<table><tr><th>项目名称</th><th>合计</th></tr>` +
      rowsHtml([
        ['合计', '35.00'],
        ['甲项目', '10.00'],
        ['乙项目', '5.00'],
        ['其他运转类小计', '15.00'],
        ['丙项目', '21.00'],
        ['特定目标类小计', '20.00'],
      ]) +
      '</table>';
    const doc = loadHtml(html);
    const { findings } = audit(doc);
    expect(findings.map((f) => [cellOf(doc, f).row.name, f.severity, f.stated, f.expected])).toEqual([
      ['合计', 'error', '35.00', '36.00'],
      ['特定目标类小计', 'error', '20.00', '21.00'],
    ]);
  });

  it('leaves two-sided summaries and their 收入总计/支出总计 lines alone', () => {
    const html =
      '<p>部门收支总表</p><p>单位：万元</p><table><tr><th colspan="2">收入</th><th colspan="2">支出</th></tr><tr><th>项目</th><th>金额</th><th>项目</th><th>金额</th></tr>' +
      rowsHtml([
        ['一、一般公共预算拨款收入', '10.00', '一、一般公共服务支出', '3.00'],
        ['二、政府性基金预算拨款收入', '', '二、卫生健康支出', '9.00'],
        ['本年收入合计', '10.00', '本年支出合计', '10.00'],
        ['收入总计', '10.00', '支出总计', '10.00'],
      ]) +
      '</table>';
    expect(audit(loadHtml(html))).toEqual({ findings: [], checks: [] });
  });

  it('warns (not errs) when a total is printed but every row is blank', () => {
    const html = `${HEAD}<table><tr><th>项目名称</th><th>合计</th><th>单位资金</th></tr>` + rowsHtml([['合计', '5.50', '5.50'], ['甲项目', '5.50', ''], ['乙项目', '', '-']]) + '</table>';
    const { findings } = audit(loadHtml(html));
    expect(findings.map((f) => [f.severity, f.stated, f.expected])).toEqual([['warning', '5.50', null]]);
  });

  it('judges with the inferred quantum: every figure ending in 0 gives 0.1 steps', () => {
    const rows = (total: string) =>
      `${HEAD}<table><tr><th>项目名称</th><th>合计</th></tr>` + rowsHtml([['合计', total], ['甲', '10.10'], ['乙', '20.20'], ['丙', '30.30'], ['丁', '40.40']]) + '</table>';
    // Σ = 101.00, 4 figures, quantum 0.1 → bound 0.25
    expect(audit(loadHtml(rows('101.20'))).findings.map((f) => [f.severity, f.tolerance])).toEqual([['rounding', '0.25']]);
    expect(audit(loadHtml(rows('101.30'))).findings.map((f) => f.severity)).toEqual(['error']);
    const strict = rule.run({ doc: loadHtml(rows('101.20')), options: { tolerance: 'strict' } });
    expect(strict.findings.map((f) => [f.severity, f.tolerance])).toEqual([['error', '0.025']]);
  });

  it('does not throw on a malformed table', () => {
    const html = `${HEAD}<table><tr><th>合计</th></tr><tr><td>合计</td><td>1</td><td>x</td></tr><tr><td>309</td></tr></table>`;
    expect(() => audit(loadHtml(html))).not.toThrow();
  });
});

describe('total-row on the seed pages', () => {
  const doc4 = loadSeed('004');
  const found4 = audit(doc4).findings;
  const t = (pred: (t: Table) => boolean) => doc4.tables.find(pred)!;

  it('seed 004 项目支出预算表: the projects sum to 2082.63 against a printed 2082.70 (unit row 309001)', () => {
    const table = t((x) => x.title === '项目支出预算表');
    const fs = inTable(doc4, table, found4);
    expect(byColumn(doc4, fs)).toEqual({
      合计: ['error', '2082.70', '2082.63', '0.055'],
      '本年拨款/一般公共预算': ['error', '2082.70', '2082.63', '0.055'],
    });
    expect(fs[0]!.message.zh).toContain('309001 新乡市凤泉区医疗保障局');
  });

  it('seed 004 部门支出预算表: the 项 rows do not add up to the unit row', () => {
    const table = t((x) => x.kind === 'expense');
    const fs = inTable(doc4, table, found4);
    expect(byColumn(doc4, fs)).toEqual({
      合计: ['error', '2230.80', '2231.50', '0.65'],
      '基本支出/小计': ['error', '148.10', '148.90', '0.35'],
      '基本支出/人员经费/工资福利支出': ['error', '142.60', '142.10', '0.30'],
      '基本支出/公用经费/商品和服务支出': ['error', '5.50', '6.10', '0.20'],
      '项目支出/小计': ['rounding', '2082.70', '2082.60', '0.40'],
      '项目支出/特定目标类': ['rounding', '2075.40', '2075.30', '0.30'],
    });
  });

  it('seed 004 一般公共预算支出预算表: likewise, and 特定目标类 misses the 20.00 of 医疗保障经办事务', () => {
    const table = t((x) => x.kind === 'general-expense');
    const fs = inTable(doc4, table, found4);
    expect(byColumn(doc4, fs)).toMatchObject({
      合计: ['error', '2230.80', '2231.50', '0.65'],
      '基本支出/小计': ['error', '148.10', '148.90', '0.35'],
      '项目支出/特定目标类': ['error', '2075.40', '2055.30', '0.25'],
    });
  });

  it('seed 004 一般公共预算基本支出表: 148.11 vs 150.80, 人员经费 142.60 vs 141.70, 公用经费 empty in every row', () => {
    const table = t((x) => x.kind === 'general-basic');
    const fs = inTable(doc4, table, found4);
    expect(byColumn(doc4, fs)).toEqual({
      '本年一般公共预算基本支出/合计': ['error', '148.11', '150.80', '0.09'],
      '本年一般公共预算基本支出/人员经费': ['error', '142.60', '141.70', '0.05'],
      '本年一般公共预算基本支出/公用经费': ['warning', '5.50', null, '0.005'],
    });
  });

  it('seed 001 公用经费 table shifted by a column: flags the affected columns of the 201 row', () => {
    const doc = loadSeed('001');
    const fs = audit(doc).findings;
    expect(errors(fs)).toEqual([]);
    expect(fs.map((f) => [cellOf(doc, f).table.title?.includes('按部门预算经济分类'), cellOf(doc, f).row.name, cellOf(doc, f).column.path.join('/'), f.severity, f.stated, f.expected])).toEqual([
      [true, '沅江市医疗保障局', '公务用车运行维护费', 'warning', null, '2.00'],
      [true, '沅江市医疗保障局', '其他交通费', 'warning', '2.00', null],
      [true, '沅江市医疗保障局', '税金及附加', 'warning', null, '2.14'],
      [true, '沅江市医疗保障局', '其他商品和服务支出', 'warning', '2.14', null],
    ]);
  });

  it.each(['000', '002', '003'] as const)('seed %s adds up: no finding', (id) => {
    const { findings, checks } = audit(loadSeed(id));
    expect(findings).toEqual([]);
    expect(checks.filter((c) => c.status === 'passed').length).toBeGreaterThan(3);
  });

  it('seed 002 基本支出明细表: rows whose filled-down unit name sits beside an item are summed as rows', () => {
    const doc = loadSeed('002');
    const table = doc.tables.find((x) => x.title === '2024年一般公共预算基本支出明细表')!;
    const itemRows = table.rows.filter((r) => /在职人员公用经费培训费/.test(r.cells.map((c) => c.text).join('|')));
    expect(itemRows.length).toBeGreaterThan(0);
    expect(itemRows.every((r) => r.role === 'data')).toBe(true);
    const check = audit(doc).checks.find((c) => c.subject.startsWith(`${table.id} `))!;
    expect(check.status).toBe('passed');
  });
});
