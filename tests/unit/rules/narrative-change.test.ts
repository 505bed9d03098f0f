import { describe, expect, it } from 'vitest';
import { rule } from '../../../lib/audit/rules/narrative.change';
import { auditWith, spanText, withProse as proseOn, SUMMARY_123_42 } from '../../helpers/narrative';
import { loadPage, loadSeed } from '../../helpers/seeds';

const audit = auditWith(rule);

const withProse = (...texts: string[]) => proseOn(SUMMARY_123_42, ...texts);

describe('narrative.change on its fixtures', () => {
  it('fires where 减少10.00万元 from 123.42 is said to be a 9.00% fall (it is 7.50%)', () => {
    const doc = loadPage('rules/narrative.change-fires.html');
    const { findings, checks } = audit(doc);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect([f.severity, f.stated, f.expected]).toEqual(['error', '9.00', '7.50']);
    expect(f.id).toMatch(/#percent$/);
    expect(spanText(doc, f)).toBe('收入减少10.00万元，下降9.00%');
    expect(f.message.zh).toContain('推算上年数为133.42万元，减少10.00万元应为7.50%，相差1.50个百分点');
    expect(f.computation).toBe('9.00% ≠ 10.00 ÷ (123.42 + 10.00) × 100 = 7.50%');
    expect(f.operands.map((o) => o.value)).toEqual(['9.00', '10.00', '123.42']);
    expect(checks[0]!.status).toBe('failed');
  });

  it('stays silent where the percent is right', () => {
    const { findings, checks } = audit(loadPage('rules/narrative.change-silent.html'));
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('passed');
  });
});

describe('narrative.change: consistency of one change', () => {
  it('减少 with 增长: the direction words contradict each other', () => {
    const doc = withProse('2024年本部门支出总计123.42万元，比上年减少10.00万元，增长7.50%。');
    const [f, ...rest] = audit(doc).findings;
    expect(rest).toEqual([]);
    expect([f!.severity, f!.stated, f!.expected]).toEqual(['error', null, null]);
    expect(f!.id).toMatch(/#direction$/);
    expect(f!.message.zh).toBe('正文称「本部门支出总计」减少10.00万元，又称增长7.50%，增减方向自相矛盾');
  });

  it('an increase: percent = change ÷ (current − change)', () => {
    // 123.42 − 13.42 = 110.00; 13.42 ÷ 110 = 12.20%
    expect(audit(withProse('2024年本部门支出总计123.42万元，比上年增加13.42万元，增长12.20%。')).findings).toEqual([]);
    const [f] = audit(withProse('2024年本部门支出总计123.42万元，比上年增加13.42万元，增长10.87%。')).findings;
    expect([f!.severity, f!.stated, f!.expected]).toEqual(['error', '10.87', '12.20']);
  });

  it('with no current figure in the sentence, the one the tables print is used', () => {
    expect(audit(withProse('与上年相比，收、支总计各增加13.42万元，增长12.20%。')).findings).toEqual([]);
    const [f] = audit(withProse('与上年相比，收、支总计各增加13.42万元，增长15.00%。')).findings;
    expect(f!.severity).toBe('error');
    expect(f!.message.zh).toContain('按表格本年数123.42万元（「某某县医疗保障局2024年部门收支总表」）推算上年数为110.00万元');
    expect(f!.operands.map((o) => o.ref.type)).toEqual(['text', 'text', 'cell']);
  });

  it('a percent the rounding of the figures allows is at most a rounding note', () => {
    // 0.05 from 0.10: previous 0.05 … but with 0.10 ∈ [0.095, 0.105] and 0.05 ∈ [0.045, 0.055] the rise is 75%…122%
    const fs = audit(withProse('2024年本部门会议费0.10万元，比上年增加0.05万元，增长110.00%。')).findings;
    expect(fs.map((f) => f.severity)).toEqual(['rounding']);
  });

  it('a change with no percent, or 持平, or 增加0.00万元，增长0.00% has nothing to check', () => {
    const { findings, checks } = audit(withProse('2024年“三公”经费预算6.45万元，与2023年相比减少2.05万元。2024年会议费预算与上年持平。政府性基金收支预算增加0.00万元，增长0.00%。'));
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('not-run');
  });

  it('does not compare the current amount with the tables (narrative.amount does)', () => {
    // the tables say 123.42; the sentence says 200.00 and is consistent in itself
    expect(audit(withProse('2024年本部门支出总计200.00万元，比上年增加100.00万元，增长100.00%。')).findings).toEqual([]);
  });
});

describe('narrative.change on the seeds', () => {
  const seeds = { '001': loadSeed('001'), '002': loadSeed('002') };

  it('seed 001 (沅江): 较去年减少66.79万元，下降10.28% and 机关运行经费减少28.86万元，下降61.40% check out', () => {
    const { findings, checks } = audit(seeds['001']);
    expect(findings).toEqual([]);
    expect(checks[0]!.detail.zh).toBe('核对了3处增减说法，0处自相矛盾');
  });

  it('seed 002 (焦作): 增长1861.53% (the current total read from the tables) and 下降5.28% check out', () => {
    const { findings, checks } = audit(seeds['002']);
    expect(findings).toEqual([]);
    expect(checks[0]!.detail.zh).toBe('核对了3处增减说法，0处自相矛盾');
  });
});
