import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { rule } from '../../../lib/audit/rules/narrative.share';
import { auditWith, spanText, tr, withProse as proseOn } from '../../helpers/narrative';
import { loadHtml, loadPage, loadSeed } from '../../helpers/seeds';

const audit = auditWith(rule);

/** prose + a 收支总表 whose expense total is 123.42 (卫生健康 90.00). */
const page = (prose: readonly string[]) =>
  `<h1>某某县医疗保障局2024年部门预算公开</h1>${prose.map((p) => `<p>${p}</p>`).join('')}<p>某某县医疗保障局2024年部门收支总表</p><p>单位：万元</p><table>` +
  '<tr><td colspan="2">收入</td><td colspan="2">支出</td></tr>' +
  tr(['项目', '预算数', '项目', '预算数']) +
  tr(['一、一般公共预算拨款收入', '123.42', '一、社会保障和就业支出', '21.38']) +
  tr(['', '', '二、卫生健康支出', '90.00']) +
  tr(['', '', '三、住房保障支出', '12.04']) +
  tr(['本年收入合计', '123.42', '本年支出合计', '123.42']) +
  tr(['收入总计', '123.42', '支出总计', '123.42']) +
  '</table>';

/** The same tables with other prose (claims extracted from it), without re-reading the page. */
const BASE = loadHtml(page(['说明']));
const withProse = (...texts: string[]) => proseOn(BASE, ...texts);

describe('narrative.share on its fixtures', () => {
  it('fires where 卫生健康支出90.00万元 is said to be 75.92% of 123.42', () => {
    const doc = loadPage('rules/narrative.share-fires.html');
    const { findings, checks } = audit(doc);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect([f.severity, f.stated, f.expected, f.unit]).toEqual(['error', '75.92', '72.92', null]);
    expect(spanText(doc, f)).toBe('卫生健康支出90.00万元，占75.92%');
    expect(f.message.zh).toMatch(/^正文称「卫生健康支出」90\.00万元占75\.92%，按正文所列总数「本部门支出预算」123\.42万元计算为72\.92%，相差3\.00个百分点（超出舍入容差0\.01\d*）$/);
    expect(f.computation).toBe('75.92% ≠ 90.00 ÷ 123.42 × 100 = 72.92%');
    expect(f.operands.map((o) => o.value)).toEqual(['75.92', '90.00', '123.42']);
    expect(checks[0]!.status).toBe('failed');
  });

  it('stays silent where every share is right', () => {
    const { findings, checks } = audit(loadPage('rules/narrative.share-silent.html'));
    expect(findings).toEqual([]);
    expect(checks[0]!).toMatchObject({ status: 'passed' });
    expect(checks[0]!.detail.zh).toBe('核对了3处占比，0处与金额不符');
  });
});

describe('narrative.share: tolerance', () => {
  it('a correctly rounded share never fires, whatever the figures', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 10_000_000 }), fc.integer({ min: 0, max: 1000 }), (totalCents, permille) => {
        const total = new Decimal(totalCents).div(100);
        const part = new Decimal(Math.floor((totalCents * permille) / 1000)).div(100);
        const share = part.div(total).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
        const doc = withProse(`2024年本部门支出合计${total.toFixed(2)}万元，其中：卫生健康支出${part.toFixed(2)}万元，占${share.toFixed(2)}%。`);
        const { findings, checks } = audit(doc);
        expect(checks[0]!.status).toBe('passed');
        expect(findings).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('a share the rounding of the amounts allows, but not the one computed, is only a rounding note', () => {
    // 0.50 ÷ 3.00 = 16.67%; with 0.50 ∈ [0.495, 0.505] and 3.00 ∈ [2.995, 3.005] the share lies in 16.47…16.86
    const { findings } = audit(withProse('2024年本部门支出合计3.00万元，其中：卫生健康支出0.50万元，占16.80%。'));
    expect(findings.map((f) => [f.severity, f.stated, f.expected])).toEqual([['rounding', '16.80', '16.67']]);
    const far = audit(withProse('2024年本部门支出合计3.00万元，其中：卫生健康支出0.50万元，占17.00%。')).findings;
    expect(far.map((f) => f.severity)).toEqual(['error']);
  });

  it('“占0%” for a tiny part of a large total is right (printed without decimals)', () => {
    expect(audit(withProse('2024年本部门支出合计131792.35万元，其中：教育支出3.93万元，占0%。')).findings).toEqual([]);
  });

  it('without a total in the prose, the share is taken of the table total of the same scope', () => {
    expect(audit(withProse('2024年本部门卫生健康支出90.00万元，占72.92%。')).findings).toEqual([]);
    const [f] = audit(withProse('2024年本部门卫生健康支出90.00万元，占75.00%。')).findings;
    expect(f!.severity).toBe('error');
    expect(f!.message.zh).toContain('按「某某县医疗保障局2024年部门收支总表」「支出总计」123.42万元计算为72.92%');
    expect(f!.operands.map((o) => o.ref.type)).toEqual(['text', 'text', 'cell']);
  });

  it('a share with neither a total in the prose nor one in the tables is not checked', () => {
    const { findings, checks } = audit(withProse('本部门会议费1.00万元，占50.00%。'));
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('not-run');
  });
});

describe('narrative.share on the seeds', () => {
  const seeds = { '001': loadSeed('001'), '002': loadSeed('002'), '004': loadSeed('004') };

  it('seed 001 (沅江): 卫生健康 92.97% and 住房保障 7.03% of 582.97 check out', () => {
    const { findings, checks } = audit(seeds['001']);
    expect(findings).toEqual([]);
    expect(checks[0]!.detail.zh).toBe('核对了2处占比，0处与金额不符');
  });

  it('seeds 002 and 004: every share (基本支出 6.64%, 人员经费 96.29%, 教育 0% …) checks out', () => {
    expect(audit(seeds['002']).findings).toEqual([]);
    expect(audit(seeds['004']).findings).toEqual([]);
    expect(audit(seeds['004']).checks[0]!.detail.zh).toBe('核对了7处占比，0处与金额不符');
  });
});
