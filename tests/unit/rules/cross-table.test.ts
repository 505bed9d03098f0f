import { describe, expect, it } from 'vitest';
import { classCodeOf } from '../../../lib/audit/function-classes';
import { DEFAULT_AUDIT_OPTIONS } from '../../../lib/audit/rule';
import { rule } from '../../../lib/audit/rules/cross-table';
import { tableSets } from '../../../lib/audit/table-sets';
import type { BudgetDocument, CellRef, Finding } from '../../../lib/model';
import { loadHtml, loadPage, loadSeed } from '../../helpers/seeds';

const audit = (doc: BudgetDocument) => rule.run({ doc, options: DEFAULT_AUDIT_OPTIONS });
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');
const targetOf = (doc: BudgetDocument, f: Finding) => {
  const ref = f.target as CellRef;
  const table = doc.tables.find((t) => t.id === ref.table)!;
  return { table, row: table.rows[ref.row]!, column: table.columns[ref.column]! };
};
const kindOf = (doc: BudgetDocument, f: Finding) => targetOf(doc, f).table.kind;

const tr = (cells: readonly string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;

/** 收支总表 with the given expense items (function classes) and totals. */
function summaryHtml(title: string, items: ReadonlyArray<[string, string]>, total: string, unit = '万元'): string {
  const rows = items.map(([label, v], i) => tr([i === 0 ? '一、一般公共预算拨款收入' : '', i === 0 ? total : '', label, v]));
  return (
    `<p>${title}</p><p>单位：${unit}</p><table><tr><td colspan="2">收入</td><td colspan="2">支出</td></tr><tr><td>项目</td><td>预算数</td><td>项目</td><td>预算数</td></tr>` +
    rows.join('') +
    tr(['本年收入合计', total, '本年支出合计', total]) +
    tr(['收入总计', total, '支出总计', total]) +
    '</table>'
  );
}

/** 支出总表 / 一般公共预算支出表 with code rows [code, name, 合计, 基本, 项目]. */
function expenseHtml(title: string, rows: ReadonlyArray<readonly string[]>, total: readonly string[], unit = '万元'): string {
  return (
    `<p>${title}</p><p>单位：${unit}</p><table><tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>` +
    tr(['', '合计', ...total]) +
    rows.map(tr).join('') +
    '</table>'
  );
}

describe('cross-table on its fixtures', () => {
  it('fires where 收支总表 社会保障和就业 disagrees with 支出总表 row 208', () => {
    const doc = loadPage('rules/cross-table-fires.html');
    const { findings, checks } = audit(doc);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.severity).toBe('error');
    expect(kindOf(doc, f)).toBe('income-expense-summary');
    expect([f.stated, f.expected, f.difference, f.tolerance]).toEqual(['21.38', '22.08', '-0.70', '0.01']);
    expect(f.message.zh).toBe(
      '「某某县医疗保障局2024年部门收支总表」「一、社会保障和就业支出」为21.38万元，而「某某县医疗保障局2024年部门支出总表」208 社会保障和就业支出（合计）为22.08万元，相差-0.70万元（超出舍入容差0.01万元）',
    );
    expect(f.operands.map((o) => o.value)).toEqual(['21.38', '22.08']);
    expect(f.operands[1]!.label).toContain('某某县医疗保障局2024年部门支出总表');
    expect(checks.find((c) => c.subject.startsWith('各功能分类'))!.status).toBe('failed');
  });

  it('stays silent where the tables agree', () => {
    const { findings, checks } = audit(loadPage('rules/cross-table-silent.html'));
    expect(findings).toEqual([]);
    expect(checks.find((c) => c.subject.startsWith('各功能分类'))!.status).toBe('passed');
  });
});

describe('cross-table on seed 004 (新乡市凤泉区)', () => {
  const doc = loadSeed('004');
  const { findings } = audit(doc);

  it('社会保障和就业 10.70 in 收支预算表 and 财政拨款收支总体情况表 vs 11.40 from the rows of the expense tables', () => {
    const f208 = findings.filter((f) => f.id.endsWith('#class:208'));
    expect(f208.map((f) => [kindOf(doc, f), f.severity, f.stated, f.expected])).toEqual([
      ['income-expense-summary', 'error', '10.70', '11.40'],
      ['fiscal-summary', 'error', '10.70', '11.40'],
    ]);
    expect(f208[0]!.computation).toContain('Σ 2080502+2080505+2089999 = 11.40');
    expect(f208[0]!.message.zh).toContain('「2023 年部门收支预算表」「八、社会保障和就业」为10.70万元');
    expect(f208[0]!.message.zh).toContain('「2023 年一般公共预算支出预算表」208类各行之和');
  });

  it('住房公积金 printed under 221 02 01 and 210 12 01; 事业单位离退休 under 208 08 02 and 208 05 02', () => {
    const codes = findings.filter((f) => f.id.endsWith('#code'));
    expect(codes.map((f) => [targetOf(doc, f).table.title, targetOf(doc, f).row.code, targetOf(doc, f).column.codePart, f.severity])).toEqual([
      ['2023 年部门支出预算表', '2080802', 'section', 'error'],
      ['2023 年一般公共预算支出预算表', '2101201', 'class', 'error'],
    ]);
    expect(codes[0]!.message.zh).toContain('2080802');
    expect(codes[0]!.message.zh).toContain('2080502');
    expect(codes[1]!.message.zh).toContain('「住房公积金」应为2210201');
  });

  it('the 一般公共预算支出预算表 rows under 210 include the miscoded 住房公积金 and say so', () => {
    const f = findings.find((x) => x.id.endsWith('#class:210'))!;
    expect([kindOf(doc, f), f.severity, f.stated, f.expected]).toEqual(['general-expense', 'error', '2220.10', '2201.60']);
    expect(f.message.zh).toContain('编码存疑的「2101201 住房公积金」');
  });

  it('基本支出 148.11 in the 基本支出表 vs 148.10 elsewhere is a rounding note', () => {
    const f = findings.find((x) => x.id.endsWith('#basic'))!;
    expect([kindOf(doc, f), f.severity, f.stated, f.expected, f.tolerance]).toEqual(['general-basic', 'rounding', '148.11', '148.10', '0.10']);
  });

  it('住房公积金 18.50 (function row) vs 7.30 + 10.70 = 18.00 (30113 rows) is only a warning', () => {
    const f = findings.find((x) => x.id.endsWith('#pair:30113'))!;
    expect([kindOf(doc, f), f.severity, f.stated, f.expected]).toEqual(['general-basic', 'warning', '18.00', '18.50']);
    expect(f.operands.map((o) => o.value)).toEqual(['7.30', '10.70', '18.50']);
  });

  it('reports nothing else as an error', () => {
    expect(errors(findings).map((f) => f.id.split('#')[1])).toEqual(['code', 'code', 'class:208', 'class:208', 'class:210']);
  });
});

describe('cross-table on the other seeds', () => {
  it('seed 000, 001 and 003 agree everywhere', () => {
    for (const id of ['000', '001', '003'] as const) {
      const { findings, checks } = audit(loadSeed(id));
      expect(findings).toEqual([]);
      expect(checks.some((c) => c.status === 'passed')).toBe(true);
      expect(checks.some((c) => c.status === 'failed')).toBe(false);
    }
  });

  it('seed 000 compares the two “三公” tables (4.00 and 4)', () => {
    const { checks } = audit(loadSeed('000'));
    expect(checks.find((c) => c.subject.startsWith('“三公”'))!.status).toBe('passed');
  });

  it('seed 003 compares within the 部门 set and within the 单位 set, not across', () => {
    const doc = loadSeed('003');
    const sets = tableSets(doc);
    expect(sets.map((s) => [s.department, s.tables[0]!.title])).toEqual([
      ['涞源县医疗保障局', '部门预算收支总表'],
      ['涞源县医疗保障局本级', '单位预算收支总表'],
    ]);
    const { checks } = audit(doc);
    expect(checks.filter((c) => c.subject.startsWith('各功能分类')).map((c) => c.subject)).toEqual(['各功能分类（类）合计（涞源县医疗保障局）', '各功能分类（类）合计（涞源县医疗保障局本级）']);
  });

  it('seed 002: 其中：财政拨款 131,672.35 is a subset, not compared with 一般公共预算 131,792.35; the shifted 一般公共预算支出预算表 is left out', () => {
    const doc = loadSeed('002');
    const { findings, checks } = audit(doc);
    expect(errors(findings)).toEqual([]);
    expect(findings.some((f) => f.stated === '131672.35' || f.expected === '131672.35')).toBe(false);
    expect(checks.find((c) => c.subject.startsWith('收支、基本支出'))!.detail.zh).toContain('2024年一般公共预算支出预算表的合计行各栏不能相加');
  });

  it('seed 002: 30217 公务接待费 2.00 in 机关运行经费 vs 1.00 in 基本支出预算表 is a warning', () => {
    const doc = loadSeed('002');
    const f = audit(doc).findings.find((x) => x.id.endsWith('#run:30217'))!;
    expect([targetOf(doc, f).table.title, f.severity, f.stated, f.expected]).toEqual(['2024年机关（机构）运行经费', 'warning', '2.00', '1.00']);
    expect(f.message.zh).toContain('若其中含项目资金则可能合理');
  });
});

describe('cross-table edge cases', () => {
  const ok208 = [
    ['2080505', '机关事业单位基本养老保险缴费支出', '10.10', '10.10', ''],
    ['2089999', '其他社会保障和就业支出', '0.60', '0.60', ''],
  ];

  it('sums 款/项 rows when a table prints no 类 row, within the rounding bound', () => {
    const doc = loadHtml(summaryHtml('2024年部门收支总表', [['一、社会保障和就业支出', '10.71']], '10.71') + expenseHtml('2024年部门支出总表', ok208, ['10.70', '10.70', '']));
    const { findings } = audit(doc);
    const f = findings.find((x) => x.id.endsWith('#class:208'))!;
    expect([f.severity, f.stated, f.expected, f.tolerance]).toEqual(['rounding', '10.71', '10.70', '0.15']); // the 支出总表 prints only x.x0 figures: quantum 0.1
    expect(f.computation).toContain('Σ 2080505+2089999 = 10.70');
  });

  it('compares tables printed in different units (元 vs 万元)', () => {
    const rowsYuan = [
      ['2080505', '机关事业单位基本养老保险缴费支出', '101000.00', '101000.00', ''],
      ['2089999', '其他社会保障和就业支出', '6000.00', '6000.00', ''],
    ];
    const same = loadHtml(summaryHtml('2024年部门收支总表', [['一、社会保障和就业支出', '10.70']], '10.70') + expenseHtml('2024年部门支出总表', rowsYuan, ['107000.00', '107000.00', ''], '元'));
    expect(audit(same).findings).toEqual([]);
    const off = loadHtml(summaryHtml('2024年部门收支总表', [['一、社会保障和就业支出', '11.70']], '11.70') + expenseHtml('2024年部门支出总表', rowsYuan, ['107000.00', '107000.00', ''], '元'));
    const f = audit(off).findings.find((x) => x.id.endsWith('#class:208'))!;
    expect([f.severity, f.unit, f.stated, f.expected]).toEqual(['error', '万元', '11.70', '10.70']);
  });

  it('a blank summary item against printed rows is a warning, not an error', () => {
    const doc = loadHtml(
      summaryHtml('2024年部门收支总表', [
        ['一、社会保障和就业支出', ''],
        ['二、卫生健康支出', '10.70'],
      ], '10.70') + expenseHtml('2024年部门支出总表', ok208, ['10.70', '10.70', '']),
    );
    const f = audit(doc).findings.find((x) => x.id.endsWith('#class:208'))!;
    expect(f.severity).toBe('warning');
    expect(f.message.zh).toContain('空白按0计');
  });

  it('names a row printed under two codes in two tables that otherwise list the same rows', () => {
    const rows = (housing: string) => [
      ['2080505', '机关事业单位基本养老保险缴费支出', '10.10', '10.10', ''],
      ['2101501', '行政运行', '50.00', '50.00', ''],
      ['2101502', '一般行政管理事务', '20.00', '', '20.00'],
      [housing, '住房公积金', '18.50', '18.50', ''],
    ];
    const doc = loadHtml(expenseHtml('2024年部门支出总表', rows('2210201'), ['98.60', '78.60', '20.00']) + expenseHtml('2024年一般公共预算支出表', rows('2101201'), ['98.60', '78.60', '20.00']));
    const codes = audit(doc).findings.filter((f) => f.id.endsWith('#code'));
    expect(codes).toHaveLength(1);
    expect([targetOf(doc, codes[0]!).table.title, targetOf(doc, codes[0]!).row.code, codes[0]!.severity]).toEqual(['2024年一般公共预算支出表', '2101201', 'error']);
    expect(codes[0]!.computation).toBe('住房公积金: 2101201 (2024年一般公共预算支出表) ≠ 2210201 (2024年部门支出总表)');
  });

  it('compares 基本支出 / 项目支出 totals, and targets the disagreeing table', () => {
    const rows = [
      ['2101501', '行政运行', '50.00', '50.00', ''],
      ['2101502', '一般行政管理事务', '20.00', '', '20.00'],
    ];
    const doc = loadHtml(
      expenseHtml('2024年部门支出总表', rows, ['70.00', '50.00', '20.00']) +
        expenseHtml('2024年一般公共预算支出表', rows, ['70.00', '50.00', '20.00']) +
        '<p>2024年一般公共预算基本支出表</p><p>单位：万元</p><table><tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>人员经费</td><td>公用经费</td></tr>' +
        tr(['', '合计', '52.00', '45.00', '7.00']) +
        tr(['301', '工资福利支出', '45.00', '45.00', '']) +
        tr(['302', '商品和服务支出', '7.00', '', '7.00']) +
        '</table>',
    );
    const f = errors(audit(doc).findings);
    expect(f.map((x) => [targetOf(doc, x).table.kind, x.id.split('#')[1], x.stated, x.expected])).toEqual([['general-basic', 'basic', '52.00', '50.00']]);
  });

  it('does not compare a 部门 set with a 单位 set of another name', () => {
    const dept = summaryHtml('部门预算收支总表', [['一、社会保障和就业支出', '10.70']], '10.70') + expenseHtml('部门预算支出总表', ok208, ['10.70', '10.70', '']);
    const unit = summaryHtml('单位预算收支总表', [['一、社会保障和就业支出', '5.00']], '5.00') + expenseHtml('单位预算支出总表', [['2080505', '机关事业单位基本养老保险缴费支出', '5.00', '5.00', '']], ['5.00', '5.00', '']);
    const doc = loadHtml(`<p>部门名称：某某县医疗保障局</p>${dept}<p>部门名称：某某县医疗保障局本级</p>${unit}`);
    expect(tableSets(doc).length).toBe(2);
    expect(audit(doc).findings).toEqual([]);
  });

  it('matches summary labels to 类 codes tolerantly', () => {
    expect(classCodeOf('八、社会保障和就业')).toBe('208');
    expect(classCodeOf('（九）医疗卫生与计划生育支出')).toBe('210');
    expect(classCodeOf('十二、城乡社区事务')).toBe('212');
    expect(classCodeOf('（三）国防支出（')).toBe('203');
    expect(classCodeOf('十五、资源勘探信息等')).toBe('215');
    expect(classCodeOf('一、基本支出')).toBeNull();
  });

  it('never throws on odd input', () => {
    const doc = loadHtml('<p>2024年部门支出总表</p><table><tr><td>合计</td></tr><tr><td>x</td></tr></table><p>收支总表</p><table><tr><td>a</td></tr></table>');
    expect(() => audit(doc)).not.toThrow();
    expect(audit({ ...doc, tables: [] }).findings).toEqual([]);
  });
});
