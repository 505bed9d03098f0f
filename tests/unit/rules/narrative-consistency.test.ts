import { describe, expect, it } from 'vitest';
import { rule } from '../../../lib/audit/rules/narrative.consistency';
import type { TextRef } from '../../../lib/model';
import { auditWith, spanText, withProse as proseOn, SUMMARY_123_42 } from '../../helpers/narrative';
import { loadPage, loadSeed } from '../../helpers/seeds';

const audit = auditWith(rule);

const withProse = (...texts: string[]) => proseOn(SUMMARY_123_42, ...texts);

describe('narrative.consistency on its fixtures', () => {
  it('fires where 基本支出 is 103.42 in one place and 104.42 in another, and where the reasons exceed the change', () => {
    const doc = loadPage('rules/narrative.consistency-fires.html');
    const { findings, checks } = audit(doc);
    expect(findings.map((f) => [f.severity, f.id.split('#')[1], f.stated, f.expected])).toEqual([
      ['error', 'same', '104.42', '103.42'],
      ['warning', 'reasons', '-2.05', '-2.50'],
    ]);
    const same = findings[0]!;
    expect(spanText(doc, same)).toBe('基本支出104.42万元');
    expect(same.message.zh).toBe('正文两处说法不一：「基本支出104.42万元」为104.42万元，而前文「基本支出103.42万元」为103.42万元，相差1.00万元（超出舍入容差0.01万元）');
    expect(same.operands.map((o) => o.ref.type)).toEqual(['text', 'text']);
    expect(checks.map((c) => c.status)).toEqual(['failed', 'failed']);
  });

  it('stays silent where the prose agrees with itself', () => {
    const { findings, checks } = audit(loadPage('rules/narrative.consistency-silent.html'));
    expect(findings).toEqual([]);
    expect(checks.map((c) => c.status)).toEqual(['passed', 'passed']);
  });
});

describe('narrative.consistency: the same figure twice', () => {
  it('two values within the coarser rounding are a note; the same value is silent', () => {
    expect(audit(withProse('本部门基本支出103.42万元。', '其中：基本支出103.42万元。')).findings).toEqual([]);
    const [f] = audit(withProse('本部门基本支出103万元。', '纳入绩效管理的支出中：基本支出103.42万元。')).findings;
    expect([f!.severity, f!.tolerance]).toEqual(['rounding', '1.00']);
  });

  it('收入总计 and 收入合计 are different totals (a carry-over lies between them): not compared', () => {
    expect(audit(withProse('2024年收入总计150.00万元。', '2024年收入合计123.42万元。')).findings).toEqual([]);
  });

  it('figures of two different years are not compared', () => {
    expect(audit(withProse('2024年“三公”经费预算4.00万元。', '2023年“三公”经费预算6.00万元。')).findings).toEqual([]);
  });
});

describe('narrative.consistency: reasons for a change', () => {
  it('reasons without 主要 must add up to the change', () => {
    expect(audit(withProse('“三公”经费预算6.45万元，与2023年相比减少2.05万元，原因是会议费减少1.55万元，接待费减少0.5万元。')).findings).toEqual([]);
    const [f] = audit(withProse('“三公”经费预算6.45万元，与2023年相比减少2.05万元，原因是会议费减少1万元，接待费减少0.5万元。')).findings;
    expect([f!.severity, f!.stated, f!.expected]).toEqual(['error', '-2.05', '-1.50']);
  });

  it('主要原因 may be partial: reasons below the change are silent, above it a warning', () => {
    expect(audit(withProse('“三公”经费预算6.45万元，与2023年相比减少2.05万元，主要原因是会议费减少1万元。')).findings).toEqual([]);
    const [f] = audit(withProse('“三公”经费预算6.45万元，与2023年相比减少2.05万元，主要原因是会议费减少2万元，接待费减少0.5万元。')).findings;
    expect(f!.severity).toBe('warning');
  });

  it('reasons that are amounts rather than changes (a new project’s 6万元) are not added up', () => {
    expect(audit(withProse('项目支出增加6万元，主要为2026年医疗服务与保障和能力提升16万元。')).findings).toEqual([]);
  });
});

describe('narrative.consistency on the seeds', () => {
  const seeds = { '003': loadSeed('003'), '004': loadSeed('004') };

  it('seed 003 (涞源): 减少2.05万元 explained as 会议费减少2万元 + 接待费减少0.5万元 = 2.50, in the 部门 and the 单位 说明', () => {
    const doc = seeds['003'];
    const { findings } = audit(doc);
    expect(findings.map((f) => [f.severity, f.stated, f.expected, f.tolerance])).toEqual([
      ['warning', '-2.05', '-2.50', '0.015'],
      ['warning', '-2.05', '-2.50', '0.015'],
    ]);
    expect(findings.map((f) => (f.target as TextRef).paragraph)).toEqual([63, 181]);
    expect(spanText(doc, findings[0]!)).toBe('与 2025 年相比减少2.05万元，增减变化的主要原因是会议费减少2万元，接待费减少0.5万元');
    expect(findings[0]!.message.zh).toContain('所列原因（会议费减少2.00、接待费减少0.50）合计减少2.50万元，比增减额多0.45万元（超出舍入容差0.015万元）');
    expect(findings[0]!.computation).toBe('-2.05 ≠ -2.00 − 0.50 = -2.50');
  });

  it('seed 004: 项目支出 2082.67 and 2082.70, 基本支出 148.11 and 148.10 — within the 0.1 the document rounds to: notes only', () => {
    const { findings } = audit(seeds['004']);
    expect(findings.map((f) => [f.severity, f.stated, f.expected])).toEqual([
      ['rounding', '148.10', '148.11'],
      ['rounding', '2082.70', '2082.67'],
    ]);
  });

  it('seed 003’s 部门 and 单位 sections are not compared with each other', () => {
    expect(audit(seeds['003']).checks[0]!.status).toBe('not-run');
  });
});
