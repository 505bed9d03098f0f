import { describe, expect, it } from 'vitest';
import { readDocument } from '../../../lib/dom/source';
import { extractDocument } from '../../../lib/extract';
import { DEFAULT_AUDIT_OPTIONS } from '../../../lib/audit/rule';
import { REQUIRED_TABLES, rule } from '../../../lib/audit/rules/completeness';
import type { BudgetDocument, Check } from '../../../lib/model';
import { fixture, parseHtml } from '../../helpers/dom';
import { loadHtml, loadPage, loadSeed, negativePages } from '../../helpers/seeds';

const audit = (doc: BudgetDocument) => rule.run({ doc, options: DEFAULT_AUDIT_OPTIONS });
const statusOf = (checks: Check[], kind: string) => checks.find((c) => c.subject.endsWith(`(${kind})`))?.status;
const warned = (doc: BudgetDocument) =>
  audit(doc)
    .findings.map((f) => f.id)
    .sort();

/** The body of the silent fixture: all nine tables, the two empty ones with their notes. */
const SILENT = (() => {
  const page = fixture('rules/completeness-silent.html');
  return page.slice(page.indexOf('<body>') + 6, page.indexOf('</body>'));
})();

/** A whole page (its <title> matters for the 决算 test). */
const page = (title: string, body: string): BudgetDocument =>
  extractDocument(readDocument(parseHtml(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`), 'inline.html').raw);

/** Drop the n-th table of the silent body (with its title lines and note). */
const withoutTable = (body: string, title: string): string => {
  const start = body.indexOf(`<p>${title}</p>`);
  const end = body.indexOf('</table>', start) + '</table>'.length;
  return body.slice(0, start) + body.slice(end);
};

describe('completeness rule: fixtures', () => {
  it('fires on the firing fixture: 收入总表 missing, 国有资本经营 table empty without a note', () => {
    const { findings, checks } = audit(loadPage('rules/completeness-fires.html'));
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['completeness@doc#income', 'warning'],
      ['completeness@t8#state-capital', 'warning'],
    ]);
    const missing = findings[0]!;
    expect(missing.target).toBeNull();
    expect(missing.message.zh).toContain('收入总表');
    expect(missing.message.en).toContain('income table');
    expect(findings[1]!.target).toEqual({ type: 'table', table: 't8' });
    expect(findings[1]!.message.zh).toContain('2024年国有资本经营预算支出表');
    expect(checks).toHaveLength(REQUIRED_TABLES.length);
    expect(statusOf(checks, 'income')).toBe('failed');
    expect(statusOf(checks, 'state-capital')).toBe('failed');
    expect(statusOf(checks, 'gov-fund')).toBe('passed');
  });

  it('stays silent on the silent fixture', () => {
    const { findings, checks } = audit(loadPage('rules/completeness-silent.html'));
    expect(findings).toEqual([]);
    expect(checks.map((c) => c.status)).toEqual(REQUIRED_TABLES.map(() => 'passed'));
    expect(checks.find((c) => c.subject.endsWith('(gov-fund)'))?.detail.zh).toContain('无政府性基金预算拨款安排的支出');
  });
});

describe('completeness rule: edge cases', () => {
  it('accepts the statement in the prose instead of the table note', () => {
    const body = SILENT.replace('<p>注：本部门2024年无国有资本经营预算支出，此表为空表。</p>', '') + '<p>六、国有资本经营预算支出：本部门2024年没有国有资本经营预算安排的支出。</p>';
    expect(warned(loadHtml(body))).toEqual([]);
  });

  it('accepts a general statement that empty tables mean no such spending', () => {
    const body = SILENT.replace('<p>注：本部门2024年无国有资本经营预算支出，此表为空表。</p>', '') + '<p>注：以上部门预算报表中，空表表示本部门无相关收支情况。</p>';
    expect(warned(loadHtml(body))).toEqual([]);
  });

  it('does not take a statement about another kind of spending', () => {
    const body = SILENT.replace('<p>注：本部门2024年无国有资本经营预算支出，此表为空表。</p>', '');
    // the gov-fund note ("无政府性基金…") must not cover the state-capital table
    expect(warned(loadHtml(body))).toEqual(['completeness@t9#state-capital']);
  });

  it('counts 0.00 as empty and any non-zero figure as content', () => {
    const zeros = SILENT.replace('<p>注：本部门2024年无国有资本经营预算支出，此表为空表。</p>', '').replace(
      /(<p>2024年国有资本经营预算支出表<\/p>[\s\S]*?)<tr><td><\/td><td><\/td><td><\/td><td><\/td><td><\/td><\/tr>/,
      '$1<tr><td></td><td></td><td>0.00</td><td>0.00</td><td>-</td></tr>',
    );
    expect(warned(loadHtml(zeros))).toEqual(['completeness@t9#state-capital']);
    const filled = zeros.replace('<td>0.00</td><td>0.00</td><td>-</td>', '<td>5.00</td><td>5.00</td><td></td>');
    expect(warned(loadHtml(filled))).toEqual([]);
  });

  it('names the table of contents line that lists a missing table', () => {
    const body = '<p>目 录</p><p>二、部门收入预算表</p>' + withoutTable(SILENT, '2024年部门收入预算表');
    const { findings } = audit(loadHtml(body));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message.zh).toContain('目录列有「二、部门收入预算表」');
  });

  it('checks the first set when a document prints the tables twice (部门, then 单位)', () => {
    const noNote = SILENT.replace('<p>注：本部门2024年无政府性基金预算拨款安排的支出，此表为空表。</p>', '');
    // the 单位 set's 政府性基金 table has figures; the 部门 set's is empty and unexplained
    const unitSet = noNote
      .replace(/2024年/g, '2024年单位')
      .replace(/(<p>2024年单位政府性基金预算支出表<\/p>[\s\S]*?)<tr><td><\/td><td>合计<\/td><td><\/td>/, '$1<tr><td></td><td>合计</td><td>8.00</td>');
    const doc = loadHtml(noNote + unitSet);
    const funds = doc.tables.filter((t) => t.kind === 'gov-fund');
    expect(funds.map((t) => t.rows.some((r) => r.cells.some((c) => c.value?.isZero() === false)))).toEqual([false, true]);
    const { findings } = audit(doc);
    expect(findings.map((f) => f.id)).toEqual(['completeness@t8#gov-fund']);
  });

  it('is not-run, never passed, for 决算 documents', () => {
    const byTitle = audit(page('示例县医疗保障局2023年部门决算公开', SILENT.replace(/2024/g, '2023')));
    expect(byTitle.findings).toEqual([]);
    expect(byTitle.checks.every((c) => c.status === 'not-run')).toBe(true);
    expect(byTitle.checks[0]!.detail.zh).toContain('决算');

    const titles: Record<string, string> = {
      '2024年部门收支预算表': '2023年部门决算收支总表',
      '2024年部门收入预算表': '2023年部门决算收入总表',
      '2024年部门支出预算表': '2023年部门决算支出总表',
      '2024年财政拨款收支预算表': '2023年财政拨款收支决算总表',
    };
    let body = SILENT;
    for (const [from, to] of Object.entries(titles)) body = body.replace(from, to);
    body = body.replace(/2024年/g, '2023年').replace(/支出(预算)?表<\/p>/g, '支出决算表</p>');
    const byTables = audit(loadHtml(body));
    expect(byTables.findings).toEqual([]);
    expect(byTables.checks.every((c) => c.status === 'not-run')).toBe(true);
  });

  it('is not-run when there are no budget tables, or too few to be a disclosure', () => {
    for (const p of negativePages()) {
      const { findings, checks } = audit(loadPage(p));
      expect(findings).toEqual([]);
      expect(checks).toHaveLength(REQUIRED_TABLES.length);
      expect(checks.every((c) => c.status === 'not-run')).toBe(true);
    }
    const one = audit(loadPage('rules/code-name-silent.html'));
    expect(one.findings).toEqual([]);
    expect(one.checks.every((c) => c.status === 'not-run')).toBe(true);
    expect(() => audit(loadHtml('<table><tr><td>收支总表</td></tr></table>'))).not.toThrow();
  });
});

describe('completeness rule: seeds', () => {
  it('seed 004: 收入总表 (listed in the 目录) and 国有资本经营预算支出表 missing', () => {
    const { findings, checks } = audit(loadSeed('004'));
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['completeness@doc#income', 'warning'],
      ['completeness@doc#state-capital', 'warning'],
    ]);
    expect(findings[0]!.message.zh).toContain('部门收入预算表');
    // empty 三公 table: the text says 0.00; empty 政府性基金 table: its note says so
    expect(statusOf(checks, 'three-public')).toBe('passed');
    expect(statusOf(checks, 'gov-fund')).toBe('passed');
    expect(checks.find((c) => c.subject.endsWith('(gov-fund)'))?.detail.zh).toContain('无使用政府性基金预算拨款安排的支出');
  });

  it('seed 001: 收入总表 and 一般公共预算支出表 missing', () => {
    const { findings, checks } = audit(loadSeed('001'));
    expect(findings.map((f) => f.id)).toEqual(['completeness@doc#income', 'completeness@doc#general-expense']);
    expect(findings.every((f) => f.severity === 'warning' && f.target === null)).toBe(true);
    expect(statusOf(checks, 'gov-fund')).toBe('passed');
    expect(statusOf(checks, 'state-capital')).toBe('passed');
  });

  it.each(['000', '002', '003'] as const)('seed %s: all nine tables present, empty ones explained', (id) => {
    const { findings, checks } = audit(loadSeed(id));
    expect(findings).toEqual([]);
    expect(checks.map((c) => c.status)).toEqual(REQUIRED_TABLES.map(() => 'passed'));
  });

  it('seed 003: judges the 部门 set, not the 单位 set printed after it', () => {
    const { checks } = audit(loadSeed('003'));
    expect(checks.find((c) => c.subject.endsWith('(gov-fund)'))?.detail.zh).toContain('部门预算政府性基金预算财政拨款支出表');
    expect(checks.find((c) => c.subject.endsWith('(income)'))?.detail.zh).toContain('（t2）');
  });
});
