import { describe, expect, it } from 'vitest';
import { rule } from '../../../lib/audit/rules/narrative.year';
import type { TextRef } from '../../../lib/model';
import { auditWith, spanText, withProse as proseOn, SUMMARY_123_42 } from '../../helpers/narrative';
import { loadPage, loadSeed } from '../../helpers/seeds';

const audit = auditWith(rule);

const withProse = (...texts: string[]) => proseOn(SUMMARY_123_42, ...texts);

describe('narrative.year on its fixtures', () => {
  it('fires on a 2024 budget whose table note says 本单位2023年度无政府性基金预算拨款支出', () => {
    const doc = loadPage('rules/narrative.year-fires.html');
    const { findings, checks } = audit(doc);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.severity).toBe('warning');
    expect(spanText(doc, f)).toBe('注：本单位2023年度无政府性基金预算拨款支出，此表为空表。');
    expect(f.message.zh).toBe('表注「注：本单位2023年度无政府性基金预算拨款支出，此表为空表。」写的是2023年，而本文件是2024年预算，年份可能是沿用往年的文字未改');
    expect(f.computation).toBe('2023 ≠ 2024');
    expect(checks[0]!.status).toBe('failed');
  });

  it('stays silent where every budget year is the document’s', () => {
    const { findings, checks } = audit(loadPage('rules/narrative.year-silent.html'));
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('passed');
  });
});

describe('narrative.year: what counts', () => {
  it('a sentence stating a figure for another budget year, or saying there is none, is a warning', () => {
    expect(audit(withProse('2023年本部门支出预算123.42万元。')).findings.map((f) => f.severity)).toEqual(['warning']);
    expect(audit(withProse('本单位2023年度无国有资本经营预算支出。')).findings).toHaveLength(1);
  });

  it('comparisons, dates and names are fine; so is a past year’s figure given as a comparison', () => {
    const doc = withProse(
      '2024年本部门支出预算123.42万元，比2023年增加10.00万元。',
      '截至2023年12月底，本部门共有车辆2辆。',
      '项目支出主要为：2023年软件维护费、2023年网络费等。',
      '我单位2023年三公经费为4万元，其中：公车运行维护费4万，较去年“三公”经费持平。',
    );
    expect(audit(doc).findings).toEqual([]);
  });

  it('a sentence comparing a year with itself (2025年…较2025年) names the wrong year', () => {
    const [f] = audit(withProse('2023年预算收支安排123.42万元，较2023年预算增加23.28万元。')).findings;
    expect(f!.severity).toBe('warning');
  });

  it('a note that is not printed among the paragraphs is read from the table and points at it', () => {
    const doc = withProse('说明');
    const t = { ...doc.tables[0]!, notes: ['注：本表反映2023年度收支情况。'] };
    const { findings } = audit({ ...doc, tables: [t] });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.target).toEqual({ type: 'table', table: t.id });
    expect(findings[0]!.message.zh).toContain('表注「注：本表反映2023年度收支情况。」写的是2023年');
  });

  it('a document whose year is unknown is not checked', () => {
    const { findings, checks } = audit({ ...withProse('2023年本部门支出预算123.42万元。'), year: null });
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('not-run');
  });
});

describe('narrative.year on the seeds', () => {
  const seeds = { '000': loadSeed('000'), '001': loadSeed('001'), '003': loadSeed('003') };

  it('seed 001 (沅江, 2024): six table notes still say 2023年度', () => {
    const doc = seeds['001'];
    const { findings } = audit(doc);
    expect(findings.map((f) => [f.severity, (f.target as TextRef).paragraph])).toEqual([
      ['warning', 99],
      ['warning', 103],
      ['warning', 107],
      ['warning', 111],
      ['warning', 115],
      ['warning', 119],
    ]);
    expect(findings.every((f) => f.message.zh.startsWith('表注「注：本') && f.computation === '2023 ≠ 2024')).toBe(true);
    expect(spanText(doc, findings[0]!)).toBe('注：本表反映2023年度一般公共预算“三公”经费支出情况，表格中单元格空白表示数据为零。');
  });

  it('seed 003 (涞源, 2026): “2025年预算收支安排609.36万元，较2025年预算增加23.28万元” in both 说明', () => {
    const doc = seeds['003'];
    const { findings } = audit(doc);
    expect(findings.map((f) => (f.target as TextRef).paragraph)).toEqual([59, 177]);
    for (const f of findings) {
      expect(f.severity).toBe('warning');
      expect(spanText(doc, f)).toMatch(/^2025年预算收支安排609\.36万元，较2025年预算增加23\.28万元/);
      expect(f.computation).toBe('2025 ≠ 2026');
    }
  });

  it('seed 000: every budget year is the document’s (“我单位2023年三公经费为4万元…较去年持平” is a comparison)', () => {
    const { findings, checks } = audit(seeds['000']);
    expect(findings).toEqual([]);
    expect(checks[0]!.status).toBe('passed');
  });
});
