import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_OPTIONS } from '../../../lib/audit/rule';
import { rule } from '../../../lib/audit/rules/row-sum';
import type { BudgetDocument, CellRef, Finding } from '../../../lib/model';
import { loadHtml, loadPage, loadSeed, SEED_PAGES, type SeedId } from '../../helpers/seeds';

const audit = (doc: BudgetDocument) => rule.run({ doc, options: DEFAULT_AUDIT_OPTIONS });
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');
const at = (doc: BudgetDocument, f: Finding) => {
  const ref = f.target as CellRef;
  const table = doc.tables.find((t) => t.id === ref.table)!;
  return { table, row: table.rows[ref.row]!, column: table.columns[ref.column]! };
};

const HEAD = '<p>2024年部门支出预算表</p><p>单位：万元</p>';
const HEADER = '<tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>';
/** rows: [code, name, 合计, 基本支出, 项目支出] */
const table = (rows: ReadonlyArray<readonly string[]>, head = HEAD) =>
  `${head}<table>${HEADER}${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;

describe('row-sum on its fixtures', () => {
  it('fires on the fixture where a 款 row disagrees with its 项 rows', () => {
    const doc = loadPage('rules/row-sum-fires.html');
    const { findings } = audit(doc);
    expect(errors(findings).length).toBe(2);
    const f = findings.find((x) => x.stated === '620.00')!;
    expect(f).toMatchObject({ rule: 'row-sum', severity: 'error', expected: '610.00', difference: '10.00', unit: '万元' });
    expect(at(doc, f).row.code).toBe('21015');
    expect(f.operands.map((o) => o.value)).toEqual(['620.00', '570.00', '40.00']);
    expect(f.computation).toBe('620.00 ≠ 570.00 + 40.00 = 610.00');
    expect(f.message.zh).toContain('21015');
    expect(f.message.zh).toContain('相差10.00万元');
  });

  it('stays silent on the fixture that adds up', () => {
    const { findings, checks } = audit(loadPage('rules/row-sum-silent.html'));
    expect(findings).toEqual([]);
    expect(checks.map((c) => c.status)).toEqual(['passed']);
  });
});

describe('row-sum structure', () => {
  it('matches children by code, not position (rows out of order)', () => {
    const rows = [
      ['', '合计', '30.00', '30.00', ''],
      ['301', '工资福利支出', '30.00', '30.00', ''],
      ['30102', '津贴补贴', '10.00', '10.00', ''],
      ['30201', '办公费', '5.00', '5.00', ''],
      ['302', '商品和服务支出', '5.00', '5.00', ''],
      ['30101', '基本工资', '20.00', '20.00', ''],
    ];
    const ok = audit(loadHtml(table(rows)));
    expect(ok.findings).toEqual([]);
    expect(ok.checks[0]!.status).toBe('passed');
    const bad = audit(loadHtml(table(rows.map((r) => (r[0] === '30101' ? ['30101', '基本工资', '21.00', '21.00', ''] : r)))));
    expect(errors(bad.findings).map((f) => [f.stated, f.expected])).toEqual([
      ['30.00', '31.00'],
      ['30.00', '31.00'],
    ]);
  });

  it('hangs a 项 row under its 类 when the 款 row is not printed', () => {
    const rows = [
      ['210', '卫生健康支出', '30.00', '30.00', ''],
      ['2101501', '行政运行', '20.00', '20.00', ''],
      ['2101101', '行政单位医疗', '10.00', '10.00', ''],
    ];
    expect(audit(loadHtml(table(rows))).findings).toEqual([]);
    const bad = audit(loadHtml(table([...rows.slice(0, 2)])));
    expect(errors(bad.findings)[0]).toMatchObject({ stated: '30.00', expected: '20.00' });
  });

  it('adds the same parent code printed twice together', () => {
    const rows = [
      ['21015', '医疗保障管理事务', '30.00', '30.00', ''],
      ['2101501', '行政运行', '30.00', '30.00', ''],
      ['21015', '医疗保障管理事务', '12.00', '', '12.00'],
      ['2101502', '一般行政管理事务', '12.00', '', '12.00'],
    ];
    expect(audit(loadHtml(table(rows))).findings).toEqual([]);
    const bad = audit(loadHtml(table(rows.map((r, i) => (i === 3 ? ['2101502', '一般行政管理事务', '13.00', '', '13.00'] : r)))));
    const f = errors(bad.findings).find((x) => x.expected === '43.00')!;
    expect(f.stated).toBe('42.00');
    expect(f.computation).toBe('30.00 + 12.00 = 42.00 ≠ 30.00 + 13.00 = 43.00');
    expect(f.message.zh).toContain('共2行');
  });

  it('keeps unit blocks apart: the same codes under two units are not mixed', () => {
    const html =
      `${HEAD}<table><tr><th>科目编码</th><th>单位代码</th><th>单位（科目名称）</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>` +
      '<tr><td></td><td></td><td>合计</td><td>50.00</td><td>50.00</td><td></td></tr>' +
      '<tr><td></td><td>309001</td><td>示例市医疗保障局</td><td>30.00</td><td>30.00</td><td></td></tr>' +
      '<tr><td>21015</td><td></td><td>医疗保障管理事务</td><td>30.00</td><td>30.00</td><td></td></tr>' +
      '<tr><td>2101501</td><td></td><td>行政运行</td><td>30.00</td><td>30.00</td><td></td></tr>' +
      '<tr><td></td><td>309002</td><td>示例市医疗保险服务中心</td><td>20.00</td><td>20.00</td><td></td></tr>' +
      '<tr><td>21015</td><td></td><td>医疗保障管理事务</td><td>20.00</td><td>20.00</td><td></td></tr>' +
      '<tr><td>2101550</td><td></td><td>事业运行</td><td>20.00</td><td>20.00</td><td></td></tr>' +
      '</table>';
    const doc = loadHtml(html);
    expect(doc.tables[0]!.rows.filter((r) => r.role === 'unit').length).toBe(2);
    expect(audit(doc).findings).toEqual([]);
  });

  it('flags a parent whose children are all blank as an omission warning, not an error', () => {
    const rows = [
      ['21015', '医疗保障管理事务', '30.00', '30.00', ''],
      ['2101501', '行政运行', '', '', ''],
      ['2101502', '一般行政管理事务', '-', '-', ''],
    ];
    const { findings } = audit(loadHtml(table(rows)));
    expect(findings.map((f) => [f.severity, f.stated, f.expected])).toEqual([
      ['warning', '30.00', null],
      ['warning', '30.00', null],
    ]);
    expect(findings[0]!.message.zh).toContain('均为空');
  });

  it('does not treat a parent row that prints no figure as a stated total', () => {
    const rows = [
      ['302', '商品和服务支出', '', '', ''],
      ['30201', '办公费', '2.00', '2.00', ''],
      ['30211', '差旅费', '3.00', '3.00', ''],
    ];
    const { findings, checks } = audit(loadHtml(table(rows)));
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('not-run');
  });

  it('never adds 其中 rows to their siblings', () => {
    const rows = [
      ['21015', '医疗保障管理事务', '30.00', '30.00', ''],
      ['2101501', '行政运行', '30.00', '30.00', ''],
      ['', '其中：人员经费', '25.00', '25.00', ''],
    ];
    expect(audit(loadHtml(table(rows))).findings).toEqual([]);
  });

  it('judges differences with the rounding tolerance (n+1) × quantum / 2', () => {
    // two children, quantum 0.01 → bound 0.015
    const mk = (v: string) => table([
      ['21015', '医疗保障管理事务', v, v, ''],
      ['2101501', '行政运行', '10.01', '10.01', ''],
      ['2101502', '一般行政管理事务', '20.02', '20.02', ''],
    ]);
    const inside = audit(loadHtml(mk('30.04'))).findings;
    expect(inside.map((f) => [f.severity, f.difference, f.tolerance])).toEqual([
      ['rounding', '0.01', '0.015'],
      ['rounding', '0.01', '0.015'],
    ]);
    const beyond = audit(loadHtml(mk('30.05'))).findings;
    expect(beyond.map((f) => f.severity)).toEqual(['error', 'error']);
  });

  it('reports not-run when only 项 rows are printed, and nothing for tables without codes', () => {
    const only = audit(loadHtml(table([['2101501', '行政运行', '10.00', '10.00', ''], ['2101502', '一般行政管理事务', '5.00', '', '5.00']])));
    expect(only.findings).toEqual([]);
    expect(only.checks.map((c) => c.status)).toEqual(['not-run']);
    const none = audit(loadHtml(`${HEAD}<table><tr><th>项目</th><th>金额</th></tr><tr><td>甲</td><td>1.00</td></tr></table>`));
    expect(none).toEqual({ findings: [], checks: [] });
  });

  it('does not throw on a malformed table', () => {
    const html = `${HEAD}<table><tr><th>科目编码</th><th>合计</th></tr><tr><td>210</td></tr><tr><td>21015</td><td>abc</td><td>1</td><td>2</td></tr><tr></tr></table>`;
    expect(() => audit(loadHtml(html))).not.toThrow();
    expect(() => audit({ ...loadHtml(html), tables: [] })).not.toThrow();
  });
});

describe('row-sum on the seed pages', () => {
  const seeds = Object.keys(SEED_PAGES) as SeedId[];

  it.each(seeds)('seed %s: no parent row disagrees with its children', (id) => {
    const { findings } = audit(loadSeed(id));
    expect(findings).toEqual([]);
  });

  it('checks seed 001 一般公共预算基本支出表 where 30102 follows 301 but 30101 comes later', () => {
    const doc = loadSeed('001');
    const t = doc.tables.find((x) => x.title === '一般公共预算基本支出表')!;
    expect(t.rows.findIndex((r) => r.code === '30101')).toBeGreaterThan(t.rows.findIndex((r) => r.code === '30102'));
    const check = audit(doc).checks.find((c) => c.subject.startsWith(`${t.id} `))!;
    expect(check.status).toBe('passed');
  });

  it('seed 004 基本支出表: the 302 row prints no figure, its 5-digit rows are not checked against it', () => {
    const doc = loadSeed('004');
    const t = doc.tables.find((x) => x.kind === 'general-basic')!;
    const check = audit(doc).checks.find((c) => c.subject.startsWith(`${t.id} `))!;
    expect(check.status).toBe('not-run');
  });
});
