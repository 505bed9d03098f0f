import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { extractClaims, extractParagraphClaims, resolveSubject } from '../../lib/extract/claims';
import { ClaimSetSchema, type Claim, type ClaimSet, type SubjectRef } from '../../lib/model';
import { toHalfWidth } from '../../lib/parse/text';
import { loadSeed, SEED_PAGES, type SeedId } from '../helpers/seeds';

// ── helpers ────────────────────────────────────────────────────────────────

/** Claims of one paragraph of prose; every span is checked against the text. */
function claimsOf(text: string, year: number | null = 2024, index = 0): ClaimSet {
  const set = extractParagraphClaims({ index, text }, { year });
  ClaimSetSchema.parse(set);
  expectExactSpans(set, (i) => (i === index ? text : null));
  return set;
}

/** Every offset must point at the printed text: the claim, its subject and each figure. */
function expectExactSpans(set: ClaimSet, textOf: (paragraph: number) => string | null): void {
  const ids = new Set<string>();
  for (const c of set.claims) {
    const text = textOf(c.paragraph);
    expect(text, c.id).not.toBeNull();
    if (text === null) continue;
    expect(ids.has(c.id), `duplicate id ${c.id}`).toBe(false);
    ids.add(c.id);
    expect(c.id).toBe(`c${c.paragraph}-${c.start}`);
    expect(text.slice(c.start, c.end)).toBe(c.text);
    expect(text.slice(c.subject.start, c.subject.end)).toBe(c.subject.raw);
    // the span covers the subject and every figure
    const figures = [c.amount, c.share, c.change?.amount ?? null, c.change?.percent ?? null].filter((f) => f !== null);
    expect(figures.length > 0 || c.change?.direction === 'flat', `${c.id} has a figure or is 持平`).toBe(true);
    if (c.change) expect(c.change.start >= c.start && c.change.end <= c.end, `${c.id} change inside`).toBe(true);
    if (c.subject.raw) expect(c.subject.start >= c.start && c.subject.end <= c.end, `${c.id} subject inside`).toBe(true);
    for (const f of figures) {
      expect(f.start >= c.start && f.end <= c.end, `${c.id} figure inside`).toBe(true);
      expect(toHalfWidth(text.slice(f.start, f.end))).toMatch(/^\s*\d[\d,.\s]*(?:亿元|万元|千元|元|万|亿|%|％)$/u);
    }
    if (c.amount) expect(text.slice(c.amount.start, c.amount.end).endsWith(c.amount.printedUnit)).toBe(true);
    if (c.year) expect(toHalfWidth(text.slice(c.year.start, c.year.end))).toMatch(new RegExp(`^${c.year.value}\\s*年`));
    if (c.change?.reference && !c.change.reference.inherited) expect(text.slice(c.change.reference.start, c.change.reference.end)).toBe(c.change.reference.text);
  }
  for (const y of set.years) {
    const text = textOf(y.paragraph);
    if (text !== null) expect(text.slice(y.start, y.end)).toBe(y.text);
  }
}

const by = (set: ClaimSet, raw: string, nth = 0): Claim => {
  const found = set.claims.filter((c) => c.subject.raw === raw);
  const c = found[nth];
  if (!c) throw new Error(`no claim with subject «${raw}» in ${set.claims.map((x) => x.subject.raw).join(' | ')}`);
  return c;
};
const byId = (set: ClaimSet, id: string): Claim => {
  const c = set.claims.find((x) => x.id === id);
  if (!c) throw new Error(`no claim ${id}`);
  return c;
};
const num = (d: Decimal | undefined | null): string | null => (d ? d.toFixed() : null);
const parts = (set: ClaimSet, total: Claim): Claim[] => (total.enumeration?.parts ?? []).map((id) => byId(set, id));
const sum = (cs: Claim[], pick: (c: Claim) => Decimal): string => cs.reduce((s, c) => s.plus(pick(c)), new Decimal(0)).toFixed();
const amountOf = (c: Claim): Decimal => c.amount?.value ?? new Decimal(NaN);
const signedChange = (c: Claim): Decimal => {
  const v = c.change?.amount?.value ?? new Decimal(NaN);
  return c.change?.direction === 'decrease' ? v.negated() : v;
};

// ── amounts and shares ─────────────────────────────────────────────────────

describe('amounts with their share (占)', () => {
  it('seed 004: function classes (类) with 占 shares, listed after 主要用于以下方面', () => {
    const text =
      '新乡市凤泉区医疗保障局2023年一般公共预算支出年初预算为2230.80万元。主要用于以下方面：社会保障和就业（类）支出11.40万元，占0.51%；卫生健康（类）支出2201.60万元，占98.69%；住房保障（类）支出17.80万元，占0.80%。';
    const set = claimsOf(text, 2023);
    expect(set.claims).toHaveLength(4);
    const total = by(set, '新乡市凤泉区医疗保障局2023年一般公共预算支出年初预算');
    expect(total.subject.ref).toEqual({ kind: 'general-budget', side: 'expense' });
    expect(num(total.amount?.value)).toBe('2230.8');
    expect(total.amount?.decimals).toBe(2);
    expect(total.year?.value).toBe(2023);

    const social = by(set, '社会保障和就业（类）支出');
    expect(social.text).toBe('社会保障和就业（类）支出11.40万元，占0.51%');
    expect(social.subject.ref).toEqual({ kind: 'function-class', code: '208', fund: 'general-budget' });
    expect(num(social.amount?.value)).toBe('11.4');
    expect(social.amount?.unit).toBe('万元');
    expect(num(social.share?.value)).toBe('0.51');
    expect(social.share?.decimals).toBe(2);

    const health = by(set, '卫生健康（类）支出');
    expect(health.subject.ref).toEqual({ kind: 'function-class', code: '210', fund: 'general-budget' });
    expect(num(health.amount?.value)).toBe('2201.6');
    expect(num(health.share?.value)).toBe('98.69');

    const housing = by(set, '住房保障（类）支出');
    expect(housing.subject.ref).toEqual({ kind: 'function-class', code: '221', fund: 'general-budget' });
    expect(num(housing.share?.value)).toBe('0.8');
    expect(housing.share?.decimals).toBe(2);

    expect(total.enumeration).toMatchObject({ marker: '主要用于以下方面：', sums: 'amount', hedged: true, parts: [social.id, health.id, housing.id] });
    for (const p of [social, health, housing]) expect(p.parent).toEqual({ claim: total.id, relation: 'part' });
    expect(sum(parts(set, total), amountOf)).toBe('2230.8');
  });

  it('seed 004: 其中：人员经费支出 / 公用经费支出 with shares, the total in the sentence before', () => {
    const text = '新乡市凤泉区医疗保障局2023年一般公共预算基本支出年初预算为148.10万元。其中：人员经费支出142.60万元，占96.29%；公用经费支出5.50万元，占3.71%。';
    const set = claimsOf(text, 2023);
    expect(set.claims).toHaveLength(3);
    const total = set.claims[0];
    expect(total?.subject.ref).toEqual({ kind: 'basic', fund: 'general-budget' });
    const personnel = by(set, '人员经费支出');
    const publicUse = by(set, '公用经费支出');
    expect(personnel.text).toBe('人员经费支出142.60万元，占96.29%');
    expect(personnel.subject.ref).toEqual({ kind: 'personnel', fund: 'general-budget' });
    expect(num(personnel.share?.value)).toBe('96.29');
    expect(publicUse.subject.ref).toEqual({ kind: 'public-use', fund: 'general-budget' });
    expect(num(publicUse.amount?.value)).toBe('5.5');
    expect(num(publicUse.share?.value)).toBe('3.71');
    expect(total?.enumeration?.marker).toBe('其中：');
    expect(total?.enumeration?.parts).toEqual([personnel.id, publicUse.id]);
  });

  it('seed 001: 92.97% / 7.03% shares after a parenthetical (含上级财政补助0万元) that is not a part', () => {
    const text =
      '2024年本部门一般公共预算拨款支出582.97万元(含上级财政补助0万元),其中:卫生健康支出542.00万元,占92.97%;住房保障支出40.97万元,占7.03%。具体安排情况如下:';
    const set = claimsOf(text);
    const total = by(set, '本部门一般公共预算拨款支出');
    expect(total.subject.ref).toEqual({ kind: 'general-budget', side: 'expense' });
    expect(total.year?.value).toBe(2024);
    const included = by(set, '上级财政补助');
    expect(included.subject.ref).toEqual({ kind: 'income-source', name: '上级财政补助收入' });
    expect(included.parent).toBeNull();
    expect(included.amount?.decimals).toBe(0);
    const health = by(set, '卫生健康支出');
    const housing = by(set, '住房保障支出');
    expect(num(health.share?.value)).toBe('92.97');
    expect(num(housing.share?.value)).toBe('7.03');
    expect(total.enumeration?.parts).toEqual([health.id, housing.id]);
    expect(total.enumeration?.marker).toBe('其中:');
    expect(sum(parts(set, total), amountOf)).toBe('582.97');
  });

  it('a share of 0 (占0%) is a share, with 0 decimals', () => {
    const set = claimsOf('2024年一般公共预算支出年初预算为131792.35万元。其中本年支出主要用于以下方面：教育支出3.93万元，占0%；社会保障和就业支出720.95万元，占0.55%。');
    const edu = by(set, '教育支出');
    expect(edu.subject.ref).toEqual({ kind: 'function-class', code: '205', fund: 'general-budget' });
    expect(num(edu.share?.value)).toBe('0');
    expect(edu.share?.decimals).toBe(0);
    expect(set.claims[0]?.enumeration?.marker).toBe('其中本年支出主要用于以下方面：');
  });

  it('a share with no amount before it is not a claim', () => {
    expect(claimsOf('基本支出占比6.64%，项目支出占 93.36%。').claims).toEqual([]);
  });

  it('a share with its base (占收入总额的90%) and a change in 降幅 form', () => {
    const set = claimsOf('一般公共预算拨款收入90万元，占收入总额的90%；事业收入10万元，比上年减少2万元，降幅16.67%。');
    expect(num(by(set, '一般公共预算拨款收入').share?.value)).toBe('90');
    const c = by(set, '事业收入');
    expect(c.subject.ref).toEqual({ kind: 'income-source', name: '事业收入' });
    expect(c.change?.percent).toMatchObject({ direction: 'decrease' });
    expect(num(c.change?.percent?.value)).toBe('16.67');
    expect(num(c.change?.previous?.value)).toBe('12');
  });

  it('two subjects in one phrase are not tied to either (分别为, A和B合计)', () => {
    const set = claimsOf('项目支出和基本支出分别为50万元和100万元，人员经费和公用经费合计148.10万元，财政拨款收入100万元。');
    expect(set.claims.map((c) => c.subject.ref)).toEqual([null, null, null, { kind: 'fiscal-allocation', side: 'income' }]);
  });

  it('full-width digits and units keep their offsets', () => {
    const text = '２０２４年收入总计１３１，７９２．３５万元，支出总计１３１７９２．３５万元。';
    const set = claimsOf(text);
    expect(set.claims.map((c) => [c.subject.ref?.kind, num(c.amount?.value)])).toEqual([
      ['income-total', '131792.35'],
      ['expense-total', '131792.35'],
    ]);
    expect(set.claims[0]?.year?.value).toBe(2024);
  });

  it('元 and 亿元 amounts keep their unit', () => {
    const set = claimsOf('本部门收入预算1,234,567.89元，支出预算1.2亿元。');
    expect(set.claims.map((c) => [c.amount?.unit, num(c.amount?.value), c.amount?.decimals])).toEqual([
      ['元', '1234567.89', 2],
      ['亿元', '1.2', 1],
    ]);
  });
});

// ── changes ───────────────────────────────────────────────────────────────

describe('changes', () => {
  it('seed 001: 收入较去年减少 66.79 万元，下降 10.28% — tied to the current 582.97 of the same paragraph', () => {
    const text =
      '（一）收入预算：包括一般公共预算、政府性基金、国有资本经营预算等财政拨款收入，以及经营收入、事业收入等单位资金。2024 年本部门收入预算 582.97 万元，其中：一般公共预算拨款 582.97 万元，政府性基金预算拨款 0.00 万元，国有资本经营预算拨款 0.00 万元，社会保障基金预算资金 0.00 万元，财政专户管理资金收入 0.00 万元，上级财政补助收入 0.00 万元，事业收入 0.00 万元，事业单位经营服务收入 0.00 万元，上级单位补助收入 0.00 万元，附属单位上缴收入 0.00 万元，其他收入 0.00 万元。2024 年收入较去年减少 66.79 万元，下降 10.28%，主要是人员工资福利减少、人员经费减少、公用经费减少及专项经费减少。';
    const set = claimsOf(text);
    const total = by(set, '本部门收入预算');
    expect(total.subject.ref).toEqual({ kind: 'income-total' });
    expect(total.enumeration?.parts).toHaveLength(11);
    expect(sum(parts(set, total), amountOf)).toBe('582.97');
    expect(by(set, '一般公共预算拨款').subject.ref).toEqual({ kind: 'general-budget', side: 'income' });
    expect(by(set, '政府性基金预算拨款').subject.ref).toEqual({ kind: 'gov-fund', side: 'income' });
    expect(by(set, '国有资本经营预算拨款').subject.ref).toEqual({ kind: 'state-capital', side: 'income' });
    expect(by(set, '事业单位经营服务收入').subject.ref).toEqual({ kind: 'income-source', name: '事业单位经营收入' });
    expect(by(set, '上级单位补助收入').subject.ref).toEqual({ kind: 'income-source', name: '上级补助收入' });

    const change = by(set, '收入');
    expect(change.kind).toBe('change');
    expect(change.text).toBe('收入较去年减少 66.79 万元，下降 10.28%');
    expect(change.subject.ref).toEqual({ kind: 'income-total' });
    expect(change.amount).toBeNull();
    expect(change.change?.direction).toBe('decrease');
    expect(num(change.change?.amount?.value)).toBe('66.79');
    expect(num(change.change?.percent?.value)).toBe('10.28');
    expect(change.change?.percent?.direction).toBe('decrease');
    expect(change.change?.reference).toMatchObject({ text: '较去年', year: 2023, relative: true, inherited: false });
    expect(change.change?.current?.claim).toBe(total.id);
    expect(num(change.change?.previous?.value)).toBe('649.76');
    expect(change.reasons?.marker).toBe('主要是');
    expect(change.reasons?.parts).toEqual([]);
    expect(text.slice(change.reasons?.start, change.reasons?.end)).toBe('主要是人员工资福利减少、人员经费减少、公用经费减少及专项经费减少');
  });

  it('seed 001: a change printed right after its amount belongs to that claim (机关运行经费 18.14, 减少 28.86, 下降 61.40%)', () => {
    const set = claimsOf('（一）机关运行经费：2024 年本部门机关运行经费 18.14 万元，比上年预算减少 28.86 万元，下降 61.40%，主要是人员减少，预算经费减少。');
    expect(set.claims).toHaveLength(1);
    const c = set.claims[0];
    expect(c?.text).toBe('本部门机关运行经费 18.14 万元，比上年预算减少 28.86 万元，下降 61.40%');
    expect(c?.kind).toBe('amount');
    expect(c?.subject.ref).toEqual({ kind: 'operating-costs' });
    expect(num(c?.change?.amount?.value)).toBe('28.86');
    expect(num(c?.change?.percent?.value)).toBe('61.4');
    expect(c?.change?.percent?.decimals).toBe(2);
    expect(c?.change?.reference).toMatchObject({ text: '比上年预算', year: 2023, relative: true });
    expect(c?.change?.current?.claim).toBe(c?.id);
    expect(num(c?.change?.previous?.value)).toBe('47');
  });

  it('seed 004: 增长 75.93% after a reference stated on its own (与 2022 年预算相比), inherited by the next change', () => {
    const text =
      '新乡市凤泉区医疗保障局 2023 年收入总计 2230.80 万元，支出总计 2230.80 万元，与 2022 年预算相比，收入增加 962.80 万元，增长 75.93%。主要原因：去年预算未执行到底，未执行预算计入本年预算中；支出增加 962.80 万元，增长 75.93%。主要原因：去年预算未执行到底，未执行预算计入本年预算中';
    const set = claimsOf(text, 2023);
    expect(set.claims).toHaveLength(4);
    const income = by(set, '收入');
    expect(income.subject.ref).toEqual({ kind: 'income-total' });
    expect(income.change).toMatchObject({ direction: 'increase' });
    expect(num(income.change?.percent?.value)).toBe('75.93');
    expect(income.change?.reference).toMatchObject({ text: '与 2022 年预算相比', year: 2022, relative: false, inherited: false });
    expect(num(income.change?.previous?.value)).toBe('1268');
    expect(income.reasons?.marker).toBe('主要原因：');
    const expense = by(set, '支出');
    expect(expense.subject.ref).toEqual({ kind: 'expense-total' });
    expect(expense.change?.reference).toMatchObject({ year: 2022, inherited: true });
    expect(expense.change?.current?.claim).toBe(by(set, '支出总计').id);
    expect(by(set, '支出总计').year?.value).toBe(2023);
  });

  it('seed 002: 与上年预算数持平 in the next sentence refers back to the 三公 total', () => {
    const set = claimsOf('2024年“三公”经费预算为6.50万元。与上年预算数持平，无增减变动，主要原因：我部门严格落实过紧日子要求，严禁增加“三公”预算。');
    const [total, flat] = set.claims;
    expect(total?.subject.ref).toEqual({ kind: 'three-public', item: 'total' });
    expect(flat?.kind).toBe('change');
    expect(flat?.text).toBe('与上年预算数持平');
    expect(flat?.subject).toMatchObject({ raw: '', antecedent: total?.id, ref: { kind: 'three-public', item: 'total' } });
    expect(flat?.change).toMatchObject({ direction: 'flat', amount: null, percent: null });
    expect(flat?.change?.reference).toMatchObject({ text: '与上年预算数', year: 2023, relative: true });
    expect(num(flat?.change?.previous?.value)).toBe('6.5');
    expect(flat?.reasons?.marker).toBe('主要原因：');
  });

  it('seed 001: “三公”经费预算与 2023 年持平 — a flat change with its own subject and year', () => {
    const set = claimsOf('2024 年“三公”经费预算与 2023 年持平, 主要是厉行节约原则。');
    expect(set.claims).toHaveLength(1);
    const c = set.claims[0];
    expect(c?.text).toBe('“三公”经费预算与 2023 年持平');
    expect(c?.subject.ref).toEqual({ kind: 'three-public', item: 'total' });
    expect(c?.year?.value).toBe(2024);
    expect(c?.change?.reference).toMatchObject({ year: 2023, relative: false });
    expect(set.years.map((y) => [y.year, y.role])).toEqual([
      [2024, 'budget'],
      [2023, 'reference'],
    ]);
  });

  it('seed 004: 预算数比2022年增加0.00万元 — a generic subject refers back to the item of the sentence before', () => {
    const set = claimsOf(
      '（一）因公出国（境）费0.00万元，主要用于单位工作人员公务出国（境）的住宿费、旅费、伙食补助费、杂费、培训费等支出。预算数比2022年增加0.00万元。主要原因：我单位无三公经费。',
      2023,
    );
    const [item, change] = set.claims;
    expect(item?.subject.raw).toBe('因公出国（境）费');
    expect(item?.subject.ref).toEqual({ kind: 'three-public', item: 'abroad' });
    expect(change?.text).toBe('预算数比2022年增加0.00万元');
    expect(change?.subject).toMatchObject({ raw: '预算数', antecedent: item?.id, ref: { kind: 'three-public', item: 'abroad' } });
    expect(change?.change).toMatchObject({ direction: 'increase' });
    expect(num(change?.change?.amount?.value)).toBe('0');
    expect(change?.change?.reference?.year).toBe(2022);
    expect(change?.reasons?.marker).toBe('主要原因：');
  });

  it('seed 002: 收、支总计各增加 is one claim about both totals', () => {
    const set = claimsOf(
      '2024年收入总计131792.35万元，支出总计131792.35万元，与上年相比，收、支总计各增加125073.51万元，增长1861.53%，主要原因：与2023年度相比，2024年度将中央和省级财政城乡居民基本医疗保险补助资金（医保基金项目资金）纳入项目支出预算安排。',
    );
    const c = by(set, '收、支总计');
    expect(c.subject.ref).toEqual({ kind: 'income-expense-total' });
    expect(num(c.change?.amount?.value)).toBe('125073.51');
    expect(num(c.change?.percent?.value)).toBe('1861.53');
    expect(c.change?.reference).toMatchObject({ text: '与上年相比', year: 2023 });
    expect(set.years.map((y) => [y.year, y.role])).toEqual([
      [2024, 'budget'],
      [2023, 'reference'],
      [2024, 'reason'],
    ]);
  });
});

// ── enumerations ──────────────────────────────────────────────────────────

describe('enumerations', () => {
  const seed003Expense =
    '收支预算总表支出栏、基本支出表、项目支出表按经济分类和支出功能分类科目编制，反映涞源县医疗保障局年度部门预算中支出预算的总体情况。2026年支出预算609.36万元，其中基本支出540.13万元，包括人员经费480.01万元和日常公用经费60.12万元；项目支出69.23万元，主要为村级卫生室网络费15.66万元、骨干网络建设  10.37万元、软件维护及局域网服务10万元、2026年中央医疗服务与保障能力提升支出26万元，房屋租赁费7.2万元。';

  it('seed 003: 基本支出 540.13 = 人员经费 480.01 + 日常公用经费 60.12, nested under 支出预算 609.36', () => {
    const set = claimsOf(seed003Expense, 2026);
    const total = by(set, '支出预算');
    expect(total.subject.ref).toEqual({ kind: 'expense-total' });
    const basic = by(set, '基本支出');
    const project = by(set, '项目支出');
    expect(total.enumeration).toMatchObject({ marker: '其中', sums: 'amount', parts: [basic.id, project.id] });
    expect(sum(parts(set, total), amountOf)).toBe('609.36');
    expect(basic.subject.ref).toEqual({ kind: 'basic', fund: null });
    expect(basic.enumeration?.marker).toBe('包括');
    expect(parts(set, basic).map((c) => c.subject.ref)).toEqual([
      { kind: 'personnel', fund: null },
      { kind: 'public-use', fund: null },
    ]);
    expect(sum(parts(set, basic), amountOf)).toBe('540.13');
  });

  it('seed 003: its five projects sum to 69.23 and are tied by name', () => {
    const set = claimsOf(seed003Expense, 2026);
    const project = by(set, '项目支出');
    expect(project.subject.ref).toEqual({ kind: 'project-expense', fund: null });
    const items = parts(set, project);
    expect(items.map((c) => c.subject.ref)).toEqual([
      { kind: 'project', name: '村级卫生室网络费' },
      { kind: 'project', name: '骨干网络建设' },
      { kind: 'project', name: '软件维护及局域网服务' },
      { kind: 'project', name: '2026年中央医疗服务与保障能力提升支出' },
      { kind: 'project', name: '房屋租赁费' },
    ]);
    expect(items.map((c) => c.text)).toContain('骨干网络建设  10.37万元');
    expect(sum(items, amountOf)).toBe('69.23');
    expect(project.enumeration).toMatchObject({ marker: '主要为', hedged: true });
    // a year leading a listed name is part of the name, not the budget year of the sentence
    expect(set.years.filter((y) => y.year === 2026).map((y) => y.role)).toEqual(['budget', 'name']);
    expect(by(set, '2026年中央医疗服务与保障能力提升支出').year?.value).toBe(2026);
  });

  it('seed 000: a change broken down into changes (比2023年减少4399.08万元，其中：基本支出增加…；项目支出减少…)', () => {
    const set = claimsOf(
      '我单位机关及所属单位2024年预算收支安排661.25万元，比2023年减少4399.08万元，其中：基本支出增加7.46万元，主要为增加人员经费支出、日常经费支出等；项目支出减少4406.54万元，项目开支减少。',
    );
    expect(set.claims).toHaveLength(3);
    const total = set.claims[0];
    expect(total?.subject.ref).toEqual({ kind: 'income-expense-total' });
    expect(total?.kind).toBe('amount');
    expect(total?.change).toMatchObject({ direction: 'decrease', reference: { text: '比2023年', year: 2023 } });
    expect(num(total?.change?.previous?.value)).toBe('5060.33');
    expect(total?.enumeration?.sums).toBe('change');
    const ps = total ? parts(set, total) : [];
    expect(ps.map((c) => [c.kind, c.subject.ref?.kind, c.change?.direction])).toEqual([
      ['change', 'basic', 'increase'],
      ['change', 'project-expense', 'decrease'],
    ]);
    expect(sum(ps, signedChange)).toBe('-4399.08');
    // the explanation of 基本支出增加 has no figure; it does not swallow the next part
    expect(ps[0]?.reasons?.parts).toEqual([]);
  });

  it('seed 000: 机关运行经费 broken into economic items, 元 left out in "4.00万"', () => {
    const set = claimsOf(
      '2024年涞水县医疗保障局机关运行经费安排84.05万元，其中：办公费5.50万元，邮电费0.36万元，取暖费2.20万元，差旅费2.50万元，劳务费60.69万元，工会经费2.12万元，职工福利费2.78万元，公务用车运行维护费4.00万，其他交通费用3.90万元。',
    );
    const total = set.claims[0];
    expect(total?.subject.ref).toEqual({ kind: 'operating-costs' });
    const ps = total ? parts(set, total) : [];
    expect(ps.map((c) => (c.subject.ref?.kind === 'economic' ? c.subject.ref.code : null))).toEqual([
      '30201', '30207', '30208', '30211', '30226', '30228', '30229', '30231', '30239',
    ]);
    const car = by(set, '公务用车运行维护费');
    expect(car.amount).toMatchObject({ unit: '万元', printedUnit: '万', decimals: 2 });
    expect(sum(ps, amountOf)).toBe('84.05');
  });

  it('seed 003: “三公” with a bracketed 其中 inside a part, and the reasons of the change', () => {
    const text =
      '2026 年，我部门财政拨款“ 三公” 经费预算安排6.45万元，其中因公出国（境）费 0.00 万元；公务用车购置及运 维费 5.50 万元（其中：公务用车购置费为 0.00 万元，公务用车运维费 5.50 万元)；公务接待费0.95万元，会议费0万元。与 2025 年相比减少2.05万元，增减变化的主要原因是会议费减少2万元，接待费减少0.5万元。';
    const set = claimsOf(text, 2026);
    const total = set.claims[0];
    expect(total?.subject.ref).toEqual({ kind: 'three-public', item: 'total' });
    expect(total?.year?.value).toBe(2026);
    const ps = total ? parts(set, total) : [];
    expect(ps.map((c) => c.subject.ref)).toEqual([
      { kind: 'three-public', item: 'abroad' },
      { kind: 'three-public', item: 'vehicle' },
      { kind: 'three-public', item: 'reception' },
      { kind: 'economic', code: '30215' },
    ]);
    expect(sum(ps, amountOf)).toBe('6.45');
    const vehicle = by(set, '公务用车购置及运 维费');
    expect(vehicle.enumeration?.marker).toBe('其中：');
    expect(parts(set, vehicle).map((c) => c.subject.ref)).toEqual([
      { kind: 'three-public', item: 'vehicle-purchase' },
      { kind: 'three-public', item: 'vehicle-operation' },
    ]);
    expect(sum(parts(set, vehicle), amountOf)).toBe('5.5');

    const change = set.claims.find((c) => c.kind === 'change' && c.parent === null);
    expect(change?.text).toBe('与 2025 年相比减少2.05万元');
    expect(change?.subject.antecedent).toBe(total?.id);
    expect(change?.subject.ref).toEqual({ kind: 'three-public', item: 'total' });
    expect(num(change?.change?.previous?.value)).toBe('8.5');
    expect(change?.reasons?.marker).toBe('增减变化的主要原因是');
    const reasons = (change?.reasons?.parts ?? []).map((id) => byId(set, id));
    expect(reasons.map((r) => [r.text, r.subject.ref, r.change?.direction, num(r.change?.amount?.value)])).toEqual([
      ['会议费减少2万元', { kind: 'economic', code: '30215' }, 'decrease', '2'],
      ['接待费减少0.5万元', { kind: 'three-public', item: 'reception' }, 'decrease', '0.5'],
    ]);
    for (const r of reasons) expect(r.parent).toEqual({ claim: change?.id, relation: 'reason' });
  });

  it('seed 003: "2025年预算收支安排…较2025年预算增加23.28万元" in a 2026 document states the year 2025', () => {
    const text = '2025年预算收支安排609.36万元，较2025年预算增加23.28万元，其中：基本支出增加17.28万元，主要为人员经费支出增加。项目支出增加6万元，主要为2026年医疗服务与保障和能力提升6万元。';
    const set = claimsOf(text, 2026);
    const total = set.claims[0];
    expect(total?.text).toBe('预算收支安排609.36万元，较2025年预算增加23.28万元');
    expect(total?.subject.ref).toEqual({ kind: 'income-expense-total' });
    expect(total?.year).toMatchObject({ value: 2025, start: 0 });
    expect(total?.change?.reference).toMatchObject({ text: '较2025年预算', year: 2025 });
    expect(set.years.map((y) => [y.year, y.role])).toEqual([
      [2025, 'budget'],
      [2025, 'reference'],
      [2026, 'name'],
    ]);
    expect(set.years[0]?.sentence).toEqual({ start: 0, end: text.indexOf('。') + 1 });
    // the list goes on in the next sentence: 17.28 + 6 = 23.28
    const ps = total ? parts(set, total) : [];
    expect(ps.map((c) => c.subject.ref?.kind)).toEqual(['basic', 'project-expense']);
    expect(sum(ps, signedChange)).toBe('23.28');
    const reason = ps[1]?.reasons?.parts[0];
    expect(reason && byId(set, reason)).toMatchObject({
      text: '2026年医疗服务与保障和能力提升6万元',
      subject: { ref: { kind: 'project', name: '2026年医疗服务与保障和能力提升' } },
    });
  });

  it('seed 002: an enumeration that goes on in the next sentence (其中，公务用车购置费 …。公务用车运行维护费 …)', () => {
    const set = claimsOf(
      '（二）公务用车购置及运行费 4.50万元。其中，公务用车购置费 0万元，主要用于公车购置费，与上年预算数持平，无增减变动，主要原因：厉行节约，无公务购车。公务用车运行维护费 4.50万元，主要用于开展工作所需公务用车的燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出，与上年预算数持平，无增减变动，主要原因：我部门严格落实过紧日子要求，压缩三公经费支出。',
    );
    const total = set.claims[0];
    expect(total?.subject.ref).toEqual({ kind: 'three-public', item: 'vehicle' });
    const ps = total ? parts(set, total) : [];
    expect(ps.map((c) => c.subject.ref)).toEqual([
      { kind: 'three-public', item: 'vehicle-purchase' },
      { kind: 'three-public', item: 'vehicle-operation' },
    ]);
    expect(sum(ps, amountOf)).toBe('4.5');
    const flats = set.claims.filter((c) => c.change?.direction === 'flat');
    expect(flats.map((c) => [c.text, c.subject.antecedent])).toEqual([
      ['与上年预算数持平', ps[0]?.id],
      ['与上年预算数持平', ps[1]?.id],
    ]);
  });

  it('seed 002: a project named in the clause before its amount (重点项目一：…项目，年初预算安排120万元)', () => {
    const set = claimsOf(
      '重点项目一：市直国有集体关闭破产企业退休人员医疗保险费项目，年初预算安排120万元，主要用于焦作市直国有集体关闭破产企业及困难企业退休人员住院医疗费用统筹基本医疗费用的支出。',
    );
    expect(set.claims).toHaveLength(1);
    expect(set.claims[0]).toMatchObject({
      text: '市直国有集体关闭破产企业退休人员医疗保险费项目，年初预算安排120万元',
      subject: { ref: { kind: 'project', name: '市直国有集体关闭破产企业退休人员医疗保险费项目' } },
    });
  });

  it('a total whose scope is not a table line keeps its parts, with ref null (纳入…绩效…的金额)', () => {
    const set = claimsOf('纳入 2024 年部门整体支出绩效目标的金额为 582.97 万元，其中，基本支出 514.75 万元，项目支出 68.22 万元，具体绩效目标详见报表。');
    const total = set.claims[0];
    expect(total?.subject.ref).toBeNull();
    expect(total ? parts(set, total).map((c) => c.subject.ref?.kind) : []).toEqual(['basic', 'project-expense']);
  });
});

// ── subjects ──────────────────────────────────────────────────────────────

describe('resolveSubject', () => {
  const r = (raw: string, parent: SubjectRef | null = null) => resolveSubject(raw, { parent });
  it('function classes by name: （类）, missing 支出, former names', () => {
    expect(r('住房保障（类）支出')).toEqual({ kind: 'function-class', code: '221', fund: null });
    expect(r('社会保障和就业支出')).toEqual({ kind: 'function-class', code: '208', fund: null });
    expect(r('卫生健康')).toEqual({ kind: 'function-class', code: '210', fund: null });
    expect(r('医疗卫生与计划生育支出')).toEqual({ kind: 'function-class', code: '210', fund: null });
    expect(r('城乡社区事务')).toEqual({ kind: 'function-class', code: '212', fund: null });
    expect(r('一般公共预算卫生健康支出')).toEqual({ kind: 'function-class', code: '210', fund: 'general-budget' });
  });
  it('totals, funds and sources', () => {
    expect(r('收入合计')).toEqual({ kind: 'income-total' });
    expect(r('本部门支出预算')).toEqual({ kind: 'expense-total' });
    expect(r('预算收支')).toEqual({ kind: 'income-expense-total' });
    expect(r('一般公共预算收支预算')).toEqual({ kind: 'general-budget', side: 'both' });
    expect(r('一般公共预算', { kind: 'income-total' })).toEqual({ kind: 'general-budget', side: 'income' });
    expect(r('基金预算收入')).toEqual({ kind: 'gov-fund', side: 'income' });
    expect(r('财政拨款结转')).toEqual({ kind: 'income-source', name: '上年结转' });
    expect(r('机关（机构）运行经费支出预算')).toEqual({ kind: 'operating-costs' });
    expect(r('机构运转经费')).toEqual({ kind: 'operating-costs' });
    expect(r('我单位纳入预算管理支出的金额')).toBeNull();
    // the total only with nothing but a year, the department and the words of a total around 收入/支出
    expect(r('2024年部门支出总计')).toEqual({ kind: 'expense-total' });
    expect(r('涞源县医疗保障局2026年支出预算')).toEqual({ kind: 'expense-total' });
    expect(r('本年收入合计')).toEqual({ kind: 'income-total' });
    expect(r('培训经费支出预算')).toBeNull();
    expect(r('经费支出预算')).toBeNull();
    expect(r('会议费支出预算')).toEqual({ kind: 'economic', code: '30215' });
  });
  it('“三公” items, and the same words as economic items inside 机关运行经费', () => {
    expect(r('因公出国（境）费')).toEqual({ kind: 'three-public', item: 'abroad' });
    expect(r('公务用车购置及运维费')).toEqual({ kind: 'three-public', item: 'vehicle' });
    expect(r('公车运行维护费')).toEqual({ kind: 'three-public', item: 'vehicle-operation' });
    expect(r('公务用车运行维护费', { kind: 'operating-costs' })).toEqual({ kind: 'economic', code: '30231' });
    expect(r('公务接待费', { kind: 'operating-costs' })).toEqual({ kind: 'economic', code: '30217' });
  });
  it('names nothing known: null, never a guess', () => {
    expect(r('预算数')).toBeNull();
    expect(r('骨干网络建设')).toBeNull(); // a project only under 项目支出
    expect(r('骨干网络建设', { kind: 'project-expense', fund: null })).toEqual({ kind: 'project', name: '骨干网络建设' });
    expect(r('车辆')).toBeNull(); // a 固定资产 category only under 固定资产
    expect(r('扶贫支出')).toBeNull();
  });
});

// ── not claims ────────────────────────────────────────────────────────────

describe('numbers that are not claims', () => {
  const none: ReadonlyArray<readonly [string, string]> = [
    ['dates', '发布时间：2024-03-01 来源：沅江市医疗保障局。截至 2023 年 12 月底，2024年3月完成，截止时间：2023-12-31'],
    ['staff counts', '机关编制15人，实有在职14人，退休1人。单位编制52人，实有在职41人，退休6人。'],
    ['vehicle counts', '车辆共有2辆，其中：一般公务用车2辆，执法执勤用车0辆，其他用车0辆。'],
    ['document numbers', '根据新医保〔2020〕39号和冀财社[2023]225号、冀财社【2025】128文件。'],
    ['section numbers', '一、部门预算安排的总体情况（三）3、比上年增减情况 1.2 第二部分'],
    ['target percentages', '确保总体参保率保持在95%以上，专项资金细化率≥90%，参保对象满意度≥95%，参保率提高到99%。'],
    ['areas', '办公用房面积717平米，其中业务用房120㎡。'],
    ['counts', '参保人数≥105059人，涉及项目13个，新增定点机构1个，会议人数 200 人。'],
    ['bounds and unit prices', '单位价值50万元以上通用设备0台（套），单位价值100.00万元以上专用设备0台；购置总成本≤55万元；每家卫生室网络服务费600元。'],
    ['a number without a unit', '2024年收入预算582.97，支出预算582.97。'],
  ];
  for (const [what, text] of none) {
    it(`${what}: ${text.slice(0, 24)}…`, () => {
      expect(claimsOf(text).claims).toEqual([]);
    });
  }

  it('dates are year mentions with role date, not budget years', () => {
    const set = claimsOf('截至 2023 年 12 月底，本部门共有公务用车 0 辆。截止时间：2025-12-31。二〇二四年二月');
    expect(set.years.map((y) => [y.year, y.role])).toEqual([
      [2023, 'date'],
      [2025, 'date'],
      [2024, 'date'],
    ]);
  });
});

// ── the five seed documents ────────────────────────────────────────────────

describe('the five seeds', () => {
  type Expect = { claims: number; amounts: number; changes: number; shares: number; enumerations: number; refNull: number };
  const expected: Record<SeedId, Expect> = {
    '000': { claims: 29, amounts: 26, changes: 4, shares: 0, enumerations: 7, refNull: 0 },
    '001': { claims: 45, amounts: 42, changes: 4, shares: 2, enumerations: 8, refNull: 1 },
    '002': { claims: 59, amounts: 51, changes: 8, shares: 6, enumerations: 8, refNull: 1 },
    '003': { claims: 68, amounts: 58, changes: 12, shares: 0, enumerations: 14, refNull: 0 },
    '004': { claims: 42, amounts: 33, changes: 9, shares: 7, enumerations: 7, refNull: 1 },
  };

  for (const id of Object.keys(SEED_PAGES) as SeedId[]) {
    it(`seed ${id}: counts, exact spans, valid model, nothing from non-amount numbers`, () => {
      const doc = loadSeed(id);
      const set = extractClaims(doc);
      ClaimSetSchema.parse(set);
      const textOf = (i: number): string | null => doc.paragraphs.find((p) => p.index === i)?.text ?? null;
      expectExactSpans(set, textOf);
      const e = expected[id];
      expect({
        claims: set.claims.length,
        amounts: set.claims.filter((c) => c.kind === 'amount').length,
        changes: set.claims.filter((c) => c.change !== null).length,
        shares: set.claims.filter((c) => c.share !== null).length,
        enumerations: set.claims.filter((c) => c.enumeration !== null).length,
        refNull: set.claims.filter((c) => c.subject.ref === null).length,
      }).toEqual(e);
      // every part points back at its total, every reason at its change
      for (const c of set.claims) {
        for (const p of c.enumeration?.parts ?? []) expect(byId(set, p).parent).toEqual({ claim: c.id, relation: 'part' });
        for (const p of c.reasons?.parts ?? []) expect(byId(set, p).parent).toEqual({ claim: c.id, relation: 'reason' });
      }
      // no claim in prose that only has counts, dates, targets or bounds
      const quiet = [/编制\d+人/, /共有车辆|车辆共有|公务用车 0 辆/, /参保率|报销比例/, /截止时间|发布时间/];
      for (const p of doc.paragraphs) {
        if (!quiet.some((re) => re.test(p.text))) continue;
        const inside = set.claims.filter((c) => c.paragraph === p.index);
        for (const c of inside) expect(c.text).not.toMatch(/\d\s*(?:人|辆|台|个|平米|%以上)|以上/);
      }
      for (const c of set.claims) expect(c.text).not.toMatch(/以上|≥|≤|\d\s*(?:人|辆|台|个)/);
      // years: the document's own year, except where the prose names another one
      expect(set.years.every((y) => y.year >= 2020 && y.year <= 2026)).toBe(true);
    });
  }

  it('seed 004 reads the function classes and the 148.11 + 2082.67 parts of 2230.80', () => {
    const set = extractClaims(loadSeed('004'));
    const health = set.claims.find((c) => c.subject.raw === '卫生健康（类）支出');
    expect(num(health?.amount?.value)).toBe('2201.6');
    expect(num(health?.share?.value)).toBe('98.69');
    const total = set.claims.find((c) => c.subject.ref?.kind === 'expense-total' && c.enumeration);
    // as printed: the parts do not add up (a later rule reports it), the extraction stays faithful
    expect(total ? sum(parts(set, total), amountOf) : null).toBe('2230.78');
    expect(num(total?.amount?.value)).toBe('2230.8');
  });

  it('seed 001 reads the 66.79 / 10.28% changes of income and expense', () => {
    const set = extractClaims(loadSeed('001'));
    const changes = set.claims.filter((c) => c.kind === 'change' && num(c.change?.amount?.value) === '66.79');
    expect(changes.map((c) => [c.subject.ref?.kind, num(c.change?.percent?.value), num(c.change?.previous?.value)])).toEqual([
      ['income-total', '10.28', '649.76'],
      ['expense-total', '10.28', '649.76'],
    ]);
  });

  it('seed 002 reads the three special transfer projects as projects, with their year in the name', () => {
    const set = extractClaims(loadSeed('002'));
    const projects = set.claims.filter((c) => c.subject.ref?.kind === 'project' && c.text.startsWith('2024年'));
    expect(projects.map((c) => num(c.amount?.value))).toEqual(['10', '100687', '24698']);
    for (const p of projects) expect(p.year).toBeNull();
  });

  it('seed 003 (2026) names 2025 as the budget year of one sentence, twice (department and unit parts)', () => {
    const doc = loadSeed('003');
    const set = extractClaims(doc);
    const other = set.years.filter((y) => y.role === 'budget' && y.year !== doc.year);
    expect(other.map((y) => doc.paragraphs.find((p) => p.index === y.paragraph)?.text.slice(y.sentence.start, y.sentence.start + 11))).toEqual([
      '2025年预算收支安排',
      '2025年预算收支安排',
    ]);
    const stated = set.claims.filter((c) => c.year && c.year.value !== doc.year && !c.parent);
    expect(stated.map((c) => c.text)).toEqual(['预算收支安排609.36万元，较2025年预算增加23.28万元', '预算收支安排609.36万元，较2025年预算增加23.28万元']);
  });
});

// ── robustness ─────────────────────────────────────────────────────────────

describe('any prose', () => {
  const fragments = [
    '2024年', '2023 年', '上年', '比上年', '较去年', '与2022年相比', '收入总计', '支出合计', '基本支出', '项目支出', '人员经费',
    '“三公”经费', '公务用车购置及运行费', '卫生健康（类）支出', '其中：', '其中', '主要用于以下方面：', '包括', '主要为', '主要原因是',
    '增加', '减少', '下降', '增长', '持平', '占', '预算数', '为', '12.34万元', '0万元', '4.00万', '5%', '0.51%', '1,234.50元',
    '（', '）', '(', ')', '，', '、', '；', '。', ':', ' ', '编制15人', '50万元以上', '≥90%', '2023-12-31', '和', '等',
  ];
  it('never throws, always a valid model with exact spans', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 40 }), fc.option(fc.integer({ min: 2015, max: 2030 }), { nil: null }), (words, year) => {
        const text = words.join('');
        const set = extractParagraphClaims({ index: 3, text }, { year });
        ClaimSetSchema.parse(set);
        expectExactSpans(set, (i) => (i === 3 ? text : null));
      }),
      { numRuns: 400 },
    );
  });
});

describe('a sentence the page cut (a <br>, a PDF line printed as a paragraph)', () => {
  const claimsOfDoc = (...texts: string[]) => extractClaims({ paragraphs: texts.map((text, index) => ({ index, text })), year: 2024 }).claims;
  const amounts = (claims: Claim[]) => claims.map((c) => `${c.subject.raw}=${c.amount?.value.toFixed(2) ?? '-'}`);

  it('the paragraph that goes on with it is read from its first sentence end: a figure’s last digits are no figure', () => {
    const claims = claimsOfDoc('2024年本部门一般公共预算拨款支出58', '2.97万元，其中：卫生健康支出542.00万元。项目支出68.22万元。');
    expect(amounts(claims)).toEqual(['项目支出=68.22']);
    // inside a parenthesis, inside a word: the subject's last characters are no subject
    expect(amounts(claimsOfDoc('支出582.97万元(含上', '级财政补助0万元),其中:卫生健康支出542.00万元。')).map((a) => a.split('=')[0])).not.toContain('级财政补助');
  });

  it('a heading, a numbered or labelled item, a sentence that ended: the next paragraph is read whole', () => {
    expect(amounts(claimsOfDoc('三、支出预算总体情况说明', '2024年支出合计2230.80万元。'))).toEqual(['支出合计=2230.80']);
    expect(amounts(claimsOfDoc('加强征缴、健全制度，确保医保基金收支平衡', '绩效目标：项目支出12.00万元。'))).toHaveLength(1);
    expect(amounts(claimsOfDoc('1、基本支出，主要为人员经费', '2、项目支出68.22万元。'))).toHaveLength(1);
    expect(amounts(claimsOfDoc('本部门收入合计100.00万元。', '支出合计100.00万元。'))).toHaveLength(2);
  });
});
