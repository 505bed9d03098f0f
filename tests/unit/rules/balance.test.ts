import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_OPTIONS } from '../../../lib/audit/rule';
import { rule } from '../../../lib/audit/rules/balance';
import { currentItems, stripNumbering, summarySides } from '../../../lib/audit/summary-sides';
import type { BudgetDocument, CellRef, Finding } from '../../../lib/model';
import { loadHtml, loadPage, loadSeed, SEED_PAGES, type SeedId } from '../../helpers/seeds';

const audit = (doc: BudgetDocument) => rule.run({ doc, options: DEFAULT_AUDIT_OPTIONS });
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');
/** the printed label of the targeted cell's side and the column path */
const where = (doc: BudgetDocument, f: Finding) => {
  const ref = f.target as CellRef;
  const table = doc.tables.find((t) => t.id === ref.table)!;
  const column = table.columns[ref.column]!;
  const nameColumn = [...table.columns].reverse().find((c) => c.role === 'name' && c.side === column.side && c.index < column.index)!;
  return `${table.rows[ref.row]!.cells[nameColumn.index]!.text} · ${column.path.join('/')}`;
};

const row = (cells: readonly string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
/** A 收支总表 with one income and one expense side. */
const summary = (rows: ReadonlyArray<readonly string[]>, title = '2024年部门收支总表') =>
  loadHtml(`<p>${title}</p><p>单位：万元</p><table><tr><td colspan="2">收入</td><td colspan="2">支出</td></tr><tr><td>项目</td><td>预算数</td><td>项目</td><td>预算数</td></tr>${rows.map(row).join('')}</table>`);

describe('balance on its fixtures', () => {
  it('fires where 本年支出合计 is not the sum of the expense items', () => {
    const doc = loadPage('rules/balance-fires.html');
    const { findings, checks } = audit(doc);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.severity).toBe('error');
    expect(where(doc, f)).toBe('本年支出合计 · 支出/预算数');
    expect([f.stated, f.expected, f.difference, f.tolerance]).toEqual(['120.00', '123.42', '-3.42', '0.02']);
    expect(f.computation).toBe('120.00 ≠ 21.38 + 90.00 + 12.04 = 123.42');
    expect(f.message.zh).toContain('「本年支出合计」为120.00万元，各支出项目相加为123.42万元，相差-3.42万元');
    expect(f.operands.map((o) => o.label)).toEqual(['本年支出合计', '二、社会保障和就业支出', '三、卫生健康支出', '四、住房保障支出']);
    expect(checks[0]!.status).toBe('failed');
  });

  it('stays silent where the table balances (其中 rows not added)', () => {
    const { findings, checks } = audit(loadPage('rules/balance-silent.html'));
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('passed');
  });
});

describe('balance on the seed pages', () => {
  for (const id of Object.keys(SEED_PAGES) as SeedId[]) {
    it(`seed ${id}: every summary table balances`, () => {
      const { findings, checks } = audit(loadSeed(id));
      expect(findings).toEqual([]);
      expect(checks.length).toBeGreaterThan(0);
      expect(checks.every((c) => c.status === 'passed')).toBe(true);
    });
  }

  it('reads seed 001 收支总表: one income side, three expense sides, sub-items left out', () => {
    const t = loadSeed('001').tables.find((x) => x.kind === 'income-expense-summary')!;
    const sides = summarySides(t);
    expect(sides.map((s) => `${s.side}:${s.nameColumn.path.join('/')}`)).toEqual([
      'income:收入/项目',
      'expense:支出/项目（按功能分类）',
      'expense:支出/项目（按部门预算经济分类）',
      'expense:支出/项目（按政府预算经济分类）',
    ]);
    const income = currentItems(sides[0]!);
    expect(income.total?.label).toBe('本年收入合计');
    expect(income.items!.map((e) => e.label)).not.toContain('经费拨款');
    expect(income.items!.length).toBe(11);
    expect(currentItems(sides[2]!).items!.map((e) => e.text)).toEqual(['基本支出', '项目支出', '事业单位经营服务支出']);
    expect(currentItems(sides[1]!).items!.length).toBe(30);
  });

  it('reads seed 004 财政拨款收支总体情况表: 一、本年收入 and its parts, "收入合计:" as the grand total', () => {
    const t = loadSeed('004').tables.find((x) => x.kind === 'fiscal-summary')!;
    const [income, expense] = summarySides(t);
    const inc = currentItems(income!);
    expect(inc.total!.role).toBe('current-item');
    expect(inc.items!.map((e) => e.text)).toEqual(['一般公共预算拨款', '政府性基金预算拨款', '国有资本经营预算拨款']);
    expect(income!.entries.find((e) => e.role === 'grand')!.label).toBe('收入合计:');
    expect(expense!.entries.find((e) => e.role === 'grand')!.label).toBe('支出合计');
    expect(currentItems(expense!).items!.map((e) => e.text)).toContain('国防支出');
    // 5 amount columns on the expense side, each checked
    expect(expense!.amountColumns.length).toBe(5);
  });
});

describe('balance edge cases', () => {
  it('tolerates numbering and stray brackets in labels', () => {
    expect(stripNumbering('（三）国防支出（')).toEqual({ rank: 3, text: '国防支出' });
    expect(stripNumbering('收入合计:')).toEqual({ rank: 0, text: '收入合计' });
    expect(stripNumbering('(二十二) 粮油物资储备支出')).toEqual({ rank: 3, text: '粮油物资储备支出' });
    expect(stripNumbering('十、卫生健康')).toEqual({ rank: 4, text: '卫生健康' });
  });

  it('a difference within the rounding bound is a rounding note', () => {
    const doc = summary([
      ['一、一般公共预算拨款收入', '10.01', '一、社会保障和就业支出', '3.33'],
      ['', '', '二、卫生健康支出', '3.33'],
      ['', '', '三、住房保障支出', '3.34'],
      ['本年收入合计', '10.01', '本年支出合计', '10.01'],
      ['收入总计', '10.01', '支出总计', '10.01'],
    ]);
    const { findings } = audit(doc);
    expect(findings.map((f) => [f.severity, f.stated, f.expected, f.tolerance])).toEqual([['rounding', '10.01', '10.00', '0.02']]);
  });

  it('a total printed while all its items are blank is an omission warning', () => {
    const doc = summary([
      ['一、一般公共预算拨款收入', '50.00', '一、社会保障和就业支出', ''],
      ['', '', '二、卫生健康支出', ''],
      ['本年收入合计', '50.00', '本年支出合计', '50.00'],
      ['收入总计', '50.00', '支出总计', '50.00'],
    ]);
    const { findings } = audit(doc);
    expect(findings.map((f) => [f.severity, where(doc, f)])).toEqual([['warning', '本年支出合计 · 支出/预算数']]);
  });

  it('flags 收入总计 ≠ 本年收入合计 + 上年结转 and 收入总计 ≠ 支出总计', () => {
    const doc = summary([
      ['一、一般公共预算拨款收入', '50.00', '一、卫生健康支出', '60.00'],
      ['本年收入合计', '50.00', '本年支出合计', '60.00'],
      ['上年结转结余', '10.00', '年终结转结余', ''],
      ['收入总计', '70.00', '支出总计', '60.00'],
    ]);
    const { findings } = audit(doc);
    expect(errors(findings).map((f) => [where(doc, f), f.stated, f.expected])).toEqual([
      ['收入总计 · 收入/预算数', '70.00', '60.00'],
      ['支出总计 · 支出/预算数', '60.00', '70.00'],
    ]);
    // with a carry-over, 本年收入合计 ≠ 本年支出合计 is not an error
    expect(findings.some((f) => f.id.includes('current-equal'))).toBe(false);
  });

  it('flags 本年收入合计 ≠ 本年支出合计 when nothing is carried over', () => {
    const doc = summary([
      ['一、一般公共预算拨款收入', '50.00', '一、卫生健康支出', '52.00'],
      ['本年收入合计', '50.00', '本年支出合计', '52.00'],
    ]);
    const { findings } = audit(doc);
    expect(errors(findings).map((f) => [where(doc, f), f.stated, f.expected])).toEqual([['本年支出合计 · 支出/预算数', '52.00', '50.00']]);
  });

  it('checks a fiscal table: 一、本年支出 = Σ （一）…, per amount column, 其中 rows not added', () => {
    const doc = loadHtml(
      '<p>2024年财政拨款收支总表</p><p>单位：万元</p><table>' +
        '<tr><td colspan="2">收入</td><td colspan="4">支出</td></tr>' +
        '<tr><td rowspan="2">项目</td><td rowspan="2">金额</td><td rowspan="2">项目</td><td rowspan="2">合计</td><td colspan="2">一般公共预算</td></tr>' +
        '<tr><td>小计</td><td>其中：财政拨款</td></tr>' +
        [
          ['收入合计:', '100.00', '支出合计', '100.00', '100.00', '90.00'],
          ['一、本年收入', '100.00', '一、本年支出', '100.00', '100.00', '90.00'],
          ['（一）一般公共预算拨款', '100.00', '（一）社会保障和就业支出', '30.00', '30.00', '30.00'],
          ['其中：财政拨款', '90.00', '（二）卫生健康支出', '60.00', '70.00', '60.00'],
          ['二、上年结转', '', '（三）国防支出（', '', '', ''],
          ['', '', '二、年终结转结余', '', '', ''],
        ]
          .map(row)
          .join('') +
        '</table>',
    );
    const { findings } = audit(doc);
    expect(errors(findings).map((f) => [where(doc, f), f.stated, f.expected])).toEqual([['一、本年支出 · 支出/合计', '100.00', '90.00']]);
  });

  it('never throws on a malformed table and reports the check as not run', () => {
    const doc = loadHtml('<p>2024年部门收支总表</p><p>单位：万元</p><table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>abc</td></tr></table>');
    const r = audit(doc);
    expect(r.findings).toEqual([]);
    expect(r.checks.every((c) => c.status === 'not-run')).toBe(true);
  });
});
