import { describe, expect, it } from 'vitest';
import { rule } from '../../../lib/audit/rules/narrative.parts';
import { auditWith, spanText, withProse as proseOn, SUMMARY_123_42 } from '../../helpers/narrative';
import { loadPage, loadSeed } from '../../helpers/seeds';

const audit = auditWith(rule);

const withProse = (...texts: string[]) => proseOn(SUMMARY_123_42, ...texts);

describe('narrative.parts on its fixtures', () => {
  it('fires where 基本支出103.42 + 项目支出21.00 is not the 支出合计123.42', () => {
    const doc = loadPage('rules/narrative.parts-fires.html');
    const { findings, checks } = audit(doc);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect([f.severity, f.stated, f.expected, f.difference, f.tolerance, f.unit]).toEqual(['error', '123.42', '124.42', '-1.00', '0.015', '万元']);
    expect(spanText(doc, f)).toBe('本部门支出合计123.42万元，其中：基本支出103.42万元，占83.80%；项目支出21.00万元，占17.02%');
    expect(f.message.zh).toBe('正文称「本部门支出合计」为123.42万元，其后所列2项（基本支出103.42、项目支出21.00）合计124.42万元，相差-1.00万元（超出舍入容差0.015万元）');
    expect(f.computation).toBe('123.42 ≠ 103.42 + 21.00 = 124.42');
    expect(f.operands.map((o) => [o.ref.type, o.value])).toEqual([
      ['text', '123.42'],
      ['text', '103.42'],
      ['text', '21.00'],
    ]);
    expect(checks[0]!.status).toBe('failed');
  });

  it('stays silent where the parts add up', () => {
    const { findings, checks } = audit(loadPage('rules/narrative.parts-silent.html'));
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('passed');
  });
});

describe('narrative.parts: totals, hedged lists, changes', () => {
  it('a total equal to its parts is silent; a difference within the rounding bound is a note', () => {
    expect(audit(withProse('2024年本部门支出合计123.42万元，其中：基本支出103.42万元，项目支出20.00万元。')).findings).toEqual([]);
    const [f] = audit(withProse('2024年本部门支出合计123.42万元，其中：基本支出103.41万元，项目支出20.00万元。')).findings;
    expect([f!.severity, f!.tolerance]).toEqual(['rounding', '0.015']);
  });

  it('figures printed without decimals beside two-decimal ones are read with their zeros dropped (10万元 = 10.00)', () => {
    expect(audit(withProse('项目支出69.23万元，主要为村级卫生室网络费15.66万元、骨干网络建设10.37万元、软件维护10万元、能力提升支出26万元，房屋租赁费7.2万元。')).findings).toEqual([]);
  });

  it('a hedged list (主要用于 / 等) may leave parts out, but its parts must not exceed the total', () => {
    expect(audit(withProse('2024年一般公共预算支出123.42万元，主要用于以下方面：卫生健康支出100.00万元，住房保障支出12.04万元。')).findings).toEqual([]);
    const [f, ...rest] = audit(withProse('2024年一般公共预算支出123.42万元，主要用于以下方面：卫生健康支出111.00万元，住房保障支出13.04万元。')).findings;
    expect(rest).toEqual([]);
    expect([f!.severity, f!.stated, f!.expected]).toEqual(['error', '123.42', '124.04']);
    expect(f!.message.zh).toContain('已超过总数0.62万元');
  });

  it('a list the page cuts mid-sentence (a <br>, a PDF line) may be some of it: only parts beyond the total tell', () => {
    // the paragraph stops without ending its sentence: the rest of the list is in the next one
    expect(audit(withProse('2024年本部门支出合计123.42万元，其中：基本支出103.42万元，', '项目支出20.00万元。')).findings).toEqual([]);
    // carried on from the sentence before and cut in the last
    expect(audit(withProse('本部门支出合计123.42万元。其中，基本支出103.42万元，主要用于人员工资。项目支出20.0', '0万元。')).findings).toEqual([]);
    const [f, ...rest] = audit(withProse('2024年本部门支出合计123.42万元，其中：基本支出130.42万元，')).findings;
    expect(rest).toEqual([]);
    expect([f!.severity, f!.stated, f!.expected]).toEqual(['error', '123.42', '130.42']);
    // a sentence that ends is a whole list
    const [whole] = audit(withProse('2024年本部门支出合计123.42万元，其中：基本支出103.42万元。')).findings;
    expect([whole!.severity, whole!.expected]).toEqual(['error', '103.42']);
  });

  it('主要用于 followed by a description up to the ； introduces no list: the items after it are its siblings', () => {
    const items = '其中：A经费12.80万元，主要用于参保缴费等方面；B经费22.40万元，主要用于审核稽查等方面；C经费33.02万元，主要用于系统维护等方面。';
    expect(audit(withProse(`2024年本部门项目支出预算68.22万元，${items}`)).findings).toEqual([]);
    // the paragraph that starts in the middle of the items (the page cut it there)
    expect(audit(withProse('C经费10.62万元，主要用于系统维护等方面；D经费12.80万元，主要用于经办服务等方面；E经费9.60万元，主要用于政策宣传等方面。')).findings).toEqual([]);
  });

  it('a change broken down into signed parts: 减少4399.08 = 增加7.46 − 减少4406.54', () => {
    expect(audit(withProse('2024年预算收支安排661.25万元，比2023年减少4399.08万元，其中：基本支出增加7.46万元；项目支出减少4406.54万元。')).findings).toEqual([]);
    const [f] = audit(withProse('2024年预算收支安排661.25万元，比2023年减少4399.08万元，其中：基本支出增加7.46万元；项目支出减少4306.54万元。')).findings;
    expect([f!.severity, f!.stated, f!.expected]).toEqual(['error', '-4399.08', '-4299.08']);
    expect(f!.computation).toBe('-4399.08 ≠ 7.46 − 4306.54 = -4299.08');
  });

  it('会议费 listed beside the “三公” items is not one of them', () => {
    expect(audit(withProse('2024年“三公”经费预算安排6.45万元，其中因公出国（境）费0.00万元；公务用车购置及运维费5.50万元；公务接待费0.95万元，会议费3万元。')).findings).toEqual([]);
  });

  it('an enumeration whose parts are not all figures is not checked, and nothing throws', () => {
    expect(() => audit(withProse('2024年本部门支出合计123.42万元，其中：基本支出，项目支出若干。'))).not.toThrow();
  });
});

describe('narrative.parts on the seeds', () => {
  const seeds = { '000': loadSeed('000'), '003': loadSeed('003'), '004': loadSeed('004') };

  it('seed 004: 基本支出148.11 + 项目支出2082.67 = 2230.78 against 2230.80 — inside the bound of a document that rounds to 0.1 (0.15): a rounding note', () => {
    const { findings } = audit(seeds['004']);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect([f.severity, f.stated, f.expected, f.difference, f.tolerance]).toEqual(['rounding', '2230.80', '2230.78', '0.02', '0.15']);
    expect(f.computation).toBe('2230.80 ≈ 148.11 + 2082.67 = 2230.78');
  });

  it('seed 004 under the strict policy (quantum 0.01, bound 0.015): an error', () => {
    const [f] = audit(seeds['004'], 'strict').findings;
    expect([f!.severity, f!.tolerance]).toEqual(['error', '0.015']);
  });

  it('seed 003 (涞源): 540.13 = 480.01 + 60.12, 69.23 = Σ five projects (10万元, 26万元, 7.2万元 …), 23.28 = 17.28 + 6 check out', () => {
    const { findings, checks } = audit(seeds['003']);
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('passed');
    const doc = seeds['003'];
    const projects = doc.claims.find((c) => c.paragraph === 57 && c.subject.raw === '项目支出')!;
    expect(projects.enumeration).toMatchObject({ hedged: true, parts: expect.any(Array) });
    expect(projects.enumeration!.parts).toHaveLength(5);
  });

  it('seed 000 (涞水): 661.25 = 319.94 + 341.31, 84.05 = Σ nine 机关运行经费 items, 减少4399.08 = 增加7.46 − 减少4406.54', () => {
    const { findings, checks } = audit(seeds['000']);
    expect(findings).toEqual([]);
    expect(checks[0]!.detail.zh).toBe('核对了7处总数与其分项，0处对不上');
  });
});
