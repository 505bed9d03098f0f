import { describe, expect, it } from 'vitest';
import { claimsByScope, resolveQuantity } from '../../../lib/audit/quantities';
import { DEFAULT_AUDIT_OPTIONS } from '../../../lib/audit/rule';
import { rule } from '../../../lib/audit/rules/narrative.amount';
import { RULES } from '../../../lib/audit';
import type { BudgetDocument, CellRef, Finding } from '../../../lib/model';
import { auditWith, spanText, tr } from '../../helpers/narrative';
import { loadHtml, loadPage, loadSeed } from '../../helpers/seeds';

const audit = auditWith(rule);
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');
const tableOf = (doc: BudgetDocument, ref: CellRef) => doc.tables.find((t) => t.id === ref.table)!;


/** A small page: the prose, a 收支总表 and a 支出总表 (社会保障和就业 21.38, 卫生健康 health, 住房保障 12.04). */
function page(prose: readonly string[], opts: { health?: string; housing?: string; expenseRows?: ReadonlyArray<readonly string[]>; unit?: string } = {}): string {
  const health = opts.health ?? '90.00';
  const housing = opts.housing ?? '12.04';
  const total = '123.42';
  const rows = opts.expenseRows ?? [
    ['208', '社会保障和就业支出', '21.38', '21.38', ''],
    ['2080505', '机关事业单位基本养老保险缴费支出', '21.38', '21.38', ''],
    ['210', '卫生健康支出', health, '70.00', '20.00'],
    ['2101501', '行政运行', '70.00', '70.00', ''],
    ['2101502', '一般行政管理事务', '20.00', '', '20.00'],
    ['221', '住房保障支出', housing, housing, ''],
    ['2210201', '住房公积金', housing, housing, ''],
  ];
  return (
    `<h1>某某县医疗保障局2024年部门预算公开</h1>` +
    prose.map((p) => `<p>${p}</p>`).join('') +
    `<p>某某县医疗保障局2024年部门收支总表</p><p>单位：${opts.unit ?? '万元'}</p><table>` +
    tr(['收入', '', '支出', '']).replace('<td>收入</td><td></td>', '<td colspan="2">收入</td>').replace('<td>支出</td><td></td>', '<td colspan="2">支出</td>') +
    tr(['项目', '预算数', '项目', '预算数']) +
    tr(['一、一般公共预算拨款收入', total, '一、社会保障和就业支出', '21.38']) +
    tr(['二、政府性基金预算拨款收入', '', '二、卫生健康支出', health]) +
    tr(['', '', '三、住房保障支出', housing]) +
    tr(['本年收入合计', total, '本年支出合计', total]) +
    tr(['收入总计', total, '支出总计', total]) +
    `</table><p>某某县医疗保障局2024年部门支出总表</p><p>单位：${opts.unit ?? '万元'}</p><table>` +
    tr(['科目编码', '科目名称', '合计', '基本支出', '项目支出']) +
    tr(['', '合计', total, '103.42', '20.00']) +
    rows.map(tr).join('') +
    '</table>'
  );
}

describe('narrative.amount on its fixtures', () => {
  it('fires where the prose says 卫生健康支出88.00万元 and both tables print 90.00', () => {
    const doc = loadPage('rules/narrative.amount-fires.html');
    const { findings, checks } = audit(doc);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect([f.severity, f.stated, f.expected, f.difference, f.tolerance, f.unit]).toEqual(['error', '88.00', '90.00', '-2.00', '0.01', '万元']);
    expect(f.target?.type).toBe('text');
    expect(spanText(doc, f)).toBe('卫生健康支出88.00万元');
    expect(f.message.zh).toBe(
      '正文称「卫生健康支出」为88.00万元，而「某某县医疗保障局2024年部门收支总表」「二、卫生健康支出」为90.00万元，相差-2.00万元（超出舍入容差0.01万元）；「某某县医疗保障局2024年部门支出总表」「210 卫生健康支出」行（合计）也为90.00万元',
    );
    // the prose figure, then every table cell compared
    expect(f.operands.map((o) => [o.ref.type, o.value])).toEqual([
      ['text', '88.00'],
      ['cell', '90.00'],
      ['cell', '90.00'],
    ]);
    expect(f.operands.slice(1).map((o) => tableOf(doc, o.ref as CellRef).kind)).toEqual(['income-expense-summary', 'expense']);
    expect(checks[0]!.status).toBe('failed');
  });

  it('stays silent where the prose agrees with the tables', () => {
    const { findings, checks } = audit(loadPage('rules/narrative.amount-silent.html'));
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('passed');
  });
});

describe('narrative.amount: tolerance and units', () => {
  it('“10万元” against 9.80 is within the rounding of the coarser print (1万元): a rounding note', () => {
    const doc = loadHtml(page(['2024年本部门住房保障支出10万元。'], { housing: '9.80' }));
    const [f, ...rest] = audit(doc).findings;
    expect(rest).toEqual([]);
    expect([f!.severity, f!.stated, f!.expected, f!.tolerance]).toEqual(['rounding', '10.00', '9.80', '1.00']);
  });

  it('17.80 against 18.50 is an error', () => {
    const doc = loadHtml(page(['2024年本部门住房保障支出17.80万元。'], { housing: '18.50' }));
    const fs = audit(doc).findings;
    expect(fs.map((f) => [f.severity, f.stated, f.expected])).toEqual([['error', '17.80', '18.50']]);
  });

  it('converts 元 in the prose to the table’s 万元', () => {
    expect(audit(loadHtml(page(['2024年本部门卫生健康支出900000元。']))).findings).toEqual([]);
    const [f] = audit(loadHtml(page(['2024年本部门卫生健康支出880000元。']))).findings;
    expect([f!.severity, f!.stated, f!.expected, f!.unit]).toEqual(['error', '88.00', '90.00', '万元']);
    expect(f!.message.zh).toContain('880000元（合88.00万元）');
  });

  it('a table line printed blank where the prose states a figure is a warning, not an error', () => {
    const doc = loadHtml(page(['2024年本部门收入预算123.42万元，其中：一般公共预算拨款收入118.42万元，政府性基金预算拨款收入5.00万元。']));
    const fs = audit(doc).findings;
    const gf = fs.find((f) => f.stated === '5.00')!;
    expect(gf.severity).toBe('warning');
    expect(gf.message.zh).toContain('空白');
  });
});

describe('narrative.amount: what it leaves alone', () => {
  it('numbers that are not budget amounts (dates, counts, document numbers, rates) yield no finding from any prose rule', () => {
    const doc = loadHtml(
      page([
        '截至2023年12月底，本部门共有公务用车2辆，在职人员15人，根据《关于印发工作职能的通知》（新医保〔2020〕39号）要求，确保参保率95%，满意度≥90%，单价50万元以上通用设备0台。',
      ]),
    );
    for (const r of RULES.filter((x) => x.id.startsWith('narrative.'))) expect(r.run({ doc, options: DEFAULT_AUDIT_OPTIONS }).findings, r.id).toEqual([]);
  });

  it('an item’s 支出预算 (培训经费, 专项经费, 信息化建设经费 …) is not the department’s total expenditure', () => {
    for (const text of ['2024年本部门培训经费支出预算12.00万元。', '2024年专项经费支出预算20.00万元。', '2024年信息化建设经费支出预算8.00万元，主要用于系统维护。', '2024年经费支出预算5.50万元。']) {
      expect(errors(audit(loadHtml(page([text]))).findings), text).toEqual([]);
    }
    // the total itself still is
    expect(errors(audit(loadHtml(page(['2024年本部门支出预算99.00万元。']))).findings)).toHaveLength(1);
  });

  it('a figure stated for another year is not compared with this year’s tables', () => {
    expect(audit(loadHtml(page(['2023年本部门卫生健康支出80.00万元，2024年卫生健康支出90.00万元。']))).findings).toEqual([]);
  });

  it('a subject no table prints (固定资产, 政府采购, 机关运行经费 without its table) yields nothing, and the check says so', () => {
    const { findings, checks } = audit(loadHtml(page(['本部门固定资产总额100.00万元，2024年政府采购预算安排5.00万元，机关运行经费安排30.00万元。'])));
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('not-run');
    expect(checks[0]!.detail.zh).toContain('3处金额在表格中找不到对应数字');
  });

  it('disagreeing only with a sum of detail rows while a printed figure agrees is the tables’ problem, not the prose’s', () => {
    // 收支总表 prints 90.00; the 支出总表 has no 210 row and its rows add up to 95.00
    const doc = loadHtml(
      page(['2024年本部门卫生健康支出90.00万元。'], {
        expenseRows: [
          ['2101501', '行政运行', '75.00', '75.00', ''],
          ['2101502', '一般行政管理事务', '20.00', '', '20.00'],
        ],
      }),
    );
    expect(audit(doc).findings).toEqual([]);
  });

  it('never throws on a page whose tables say little', () => {
    const doc = loadHtml('<p>2024年本部门卫生健康支出90.00万元，占100%。</p><p>单位：万元</p><table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>abc</td></tr></table>');
    expect(() => audit(doc)).not.toThrow();
  });
});

describe('narrative.amount on seed 004 (新乡市凤泉区)', () => {
  const doc = loadSeed('004');
  const { findings, checks } = audit(doc);
  const byText = (s: string) => findings.find((f) => spanText(doc, f).startsWith(s));

  it('住房保障（类）支出17.80万元 against 18.50 in every table: an error', () => {
    const f = byText('住房保障（类）支出17.80万元')!;
    expect([f.severity, f.stated, f.expected, f.difference, f.tolerance]).toEqual(['error', '17.80', '18.50', '-0.70', '0.10']);
    expect(tableOf(doc, f.operands[1]!.ref as CellRef).kind).toBe('income-expense-summary');
    expect(f.message.zh).toContain('「2023 年部门收支预算表」「二十一、住房保障支出」为18.50万元');
  });

  it('社会保障和就业（类）支出11.40万元 against the 收支表’s 10.70, saying the detail rows agree with the prose', () => {
    const f = byText('社会保障和就业（类）支出11.40万元')!;
    expect([f.severity, f.stated, f.expected, f.difference]).toEqual(['error', '11.40', '10.70', '0.70']);
    expect(f.message.zh).toContain('而「2023 年部门收支预算表」「八、社会保障和就业」为10.70万元');
    expect(f.message.zh).toContain('「2023 年财政拨款收支总体情况表」「（八）社会保障和就业支出」（支出/一般公共预算/小计）也为10.70万元');
    expect(f.message.zh).toContain('208类各行之和（Σ 2080802+2080505+2089999）');
    expect(f.message.zh).toMatch(/为11\.40万元，与正文一致$/);
    // every figure compared is listed: the prose, 收支表, the 支出表 rows, 财政拨款收支总表, the 一般公共预算支出表 rows
    expect(f.operands.map((o) => o.value)).toEqual(['11.40', '10.70', '0.80', '10.10', '0.50', '10.70', '0.80', '10.10', '0.50']);
  });

  it('项目支出 2082.67 against 2082.70 printed by tables that round to 0.1: a rounding note, no error', () => {
    const f = byText('项目支出 2082.67 万元')!;
    expect([f.severity, f.tolerance]).toEqual(['rounding', '0.10']);
  });

  it('nothing else: 2 errors, and the 卫生健康 figure that only the miscoded 一般公共预算支出表 rows contradict is left to the table rules', () => {
    expect(errors(findings).map((f) => f.stated)).toEqual(['11.40', '17.80']);
    expect(findings).toHaveLength(3);
    expect(byText('卫生健康（类）支出2201.60万元')).toBeUndefined();
    expect(checks[0]!.status).toBe('failed');
  });

  it('under the strict policy the project figure becomes an error too', () => {
    expect(errors(audit(doc, 'strict').findings).map((f) => f.stated)).toEqual(['2082.67', '11.40', '17.80']);
  });
});

describe('narrative.amount on the seeds whose prose agrees with the tables', () => {
  const seeds = { '000': loadSeed('000'), '001': loadSeed('001'), '002': loadSeed('002'), '003': loadSeed('003') };
  it.each(['000', '001', '002', '003'] as const)('seed %s: no finding', (id) => {
    const { findings, checks } = audit(seeds[id]);
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('passed');
  });

  it('seed 003 prints its tables twice (部门, then 单位): each 情况说明 is compared with its own set', () => {
    const doc = seeds['003'];
    const pairs = claimsByScope({ doc, options: DEFAULT_AUDIT_OPTIONS });
    const at = (paragraph: number) => pairs.find((p) => p.claim.paragraph === paragraph)!.scope.department;
    expect(at(55)).toBe('涞源县医疗保障局');
    expect(at(173)).toBe('涞源县医疗保障局本级');
    const basic = pairs.find((p) => p.claim.paragraph === 175 && p.claim.subject.raw === '基本支出')!;
    const res = resolveQuantity(basic.scope, basic.claim.subject.ref!, { raw: '基本支出', parent: null })!;
    expect(res.readings.map((r) => r.table.title)).toEqual(['单位预算支出总表', '单位预算一般公共预算财政拨款支出表', '单位预算一般公共预算财政拨款基本支出表']);
  });
});

describe('every prose rule on the five seeds (the complete list of prose findings)', () => {
  const prose = RULES.filter((r) => r.id.startsWith('narrative.'));
  const docs = { '000': loadSeed('000'), '001': loadSeed('001'), '002': loadSeed('002'), '003': loadSeed('003'), '004': loadSeed('004') };
  const list = (id: keyof typeof docs) =>
    prose.flatMap((r) => r.run({ doc: docs[id], options: DEFAULT_AUDIT_OPTIONS }).findings).map((f) => [f.rule, f.severity, f.target?.type === 'text' ? f.target.paragraph : -1, f.stated, f.expected]);

  it('seeds 000 (涞水) and 002 (焦作): the prose agrees with the tables and with itself', () => {
    expect(list('000')).toEqual([]);
    expect(list('002')).toEqual([]);
  });

  it('seed 001 (沅江): only the table notes that still say 2023年度', () => {
    expect(list('001')).toEqual([99, 103, 107, 111, 115, 119].map((p) => ['narrative.year', 'warning', p, null, null]));
  });

  it('seed 003 (涞源): the reasons 2 + 0.5 for a change of 2.05, and “2025年预算收支安排”, in both 说明', () => {
    expect(list('003')).toEqual([
      ['narrative.consistency', 'warning', 63, '-2.05', '-2.50'],
      ['narrative.consistency', 'warning', 181, '-2.05', '-2.50'],
      ['narrative.year', 'warning', 59, null, null],
      ['narrative.year', 'warning', 177, null, null],
    ]);
  });

  it('seed 004 (新乡市凤泉区): two amounts that disagree with the tables, and rounding notes', () => {
    expect(list('004')).toEqual([
      ['narrative.amount', 'rounding', 45, '2082.67', '2082.70'],
      ['narrative.amount', 'error', 49, '11.40', '10.70'],
      ['narrative.amount', 'error', 49, '17.80', '18.50'],
      ['narrative.parts', 'rounding', 45, '2230.80', '2230.78'],
      ['narrative.consistency', 'rounding', 51, '148.10', '148.11'],
      ['narrative.consistency', 'rounding', 66, '2082.70', '2082.67'],
    ]);
  });
});
