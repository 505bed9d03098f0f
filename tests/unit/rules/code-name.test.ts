import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_OPTIONS } from '../../../lib/audit/rule';
import { judgeCodeName, normalizeCodeName, rule } from '../../../lib/audit/rules/code-name';
import type { BudgetDocument, CellRef, Finding } from '../../../lib/model';
import { loadHtml, loadPage, loadSeed, negativePages } from '../../helpers/seeds';

const audit = (doc: BudgetDocument) => rule.run({ doc, options: DEFAULT_AUDIT_OPTIONS });
const cell = (f: Finding) => f.target as CellRef;

const HEAD = `<p>2024年一般公共预算支出预算表</p><p>单位：万元</p>`;
/** A joined-code expense table: rows are [code, name, 合计]. */
const fnTable = (rows: ReadonlyArray<readonly [string, string, string]>) =>
  `${HEAD}<table><tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>` +
  `<tr><td></td><td>合计</td><td>100.00</td><td>100.00</td><td></td></tr>` +
  rows.map(([c, n, v]) => `<tr><td>${c}</td><td>${n}</td><td>${v}</td><td>${v}</td><td></td></tr>`).join('') +
  `</table>`;

describe('judgeCodeName', () => {
  it('accepts the book name, older names and printing variants', () => {
    expect(judgeCodeName('2210201', '住房公积金').kind).toBe('match');
    expect(judgeCodeName('2080505', '机关事业单位基本养老保险 缴费支出').kind).toBe('match');
    expect(judgeCodeName('2080505', '机关事业单位基本养老保险缴费').kind).toBe('match'); // trailing 支出 dropped
    expect(judgeCodeName('210', '医疗卫生与计划生育支出').kind).toBe('match'); // 2014–2018 name
    expect(judgeCodeName('20805', '行政事业单位离退休').kind).toBe('match');
    expect(judgeCodeName('30213', '维修(护)费').kind).toBe('match');
    expect(judgeCodeName('30213', '维修（护）费').kind).toBe('match');
    expect(judgeCodeName('30110', '城镇职工基本医疗保险缴费').kind).toBe('match');
    expect(judgeCodeName('208', '八、社会保障和就业').kind).toBe('match');
    expect(judgeCodeName('21012', '财政对基本医疗保险基金的补助（款）').kind).toBe('match');
  });

  it('lets truncated or locally worded names pass as variants', () => {
    expect(judgeCodeName('2101202', '财政对城乡居民基本医疗保').kind).toBe('variant');
    expect(judgeCodeName('30226', '劳务派遣费').kind).toBe('variant');
  });

  it('names the code a printed name belongs to, nearest first', () => {
    expect(judgeCodeName('2101201', '住房公积金')).toEqual({ kind: 'other-code', codes: ['2210201'] });
    expect(judgeCodeName('2080802', '事业单位离退休')).toEqual({ kind: 'other-code', codes: ['2080502'] });
    const v = judgeCodeName('2101550', '行政运行');
    expect(v.kind === 'other-code' && v.codes[0]).toBe('2101501'); // same 款 first
    // same scheme and level only: 住房公积金 is also 30113 (economic), 行政单位医疗 a 7-digit name
    expect(judgeCodeName('30113', '住房公积金').kind).toBe('match');
    expect(judgeCodeName('21011', '行政单位医疗').kind).toBe('variant');
  });

  it('flags an unrelated name only when it shares nothing with the book name', () => {
    expect(judgeCodeName('2101501', '医疗保险').kind).toBe('unrelated');
    expect(judgeCodeName('2101599', '其他医疗保障事务支出').kind).toBe('variant');
  });

  it('does not judge unknown codes or missing names', () => {
    expect(judgeCodeName('2109999', '其他卫生健康支出').kind).toBe('unknown');
    expect(judgeCodeName('2101501', '').kind).toBe('no-name');
    expect(judgeCodeName('2101501', '12.00').kind).toBe('no-name');
  });

  it('normalizes names', () => {
    expect(normalizeCodeName(' 住房保障 支出 ')).toBe('住房保障');
    expect(normalizeCodeName('（二十一）住房保障支出')).toBe('住房保障');
    expect(normalizeCodeName('2210201 住房公积金')).toBe('住房公积金');
  });
});

describe('code-name rule: fixtures', () => {
  it('fires on the firing fixture', () => {
    const { findings } = audit(loadPage('rules/code-name-fires.html'));
    const err = findings.find((f) => f.severity === 'error' && f.id.endsWith('#name'));
    expect(err?.message.zh).toContain('2101201');
    expect(err?.message.zh).toContain('2210201');
    expect(err?.message.zh).toContain('财政对职工基本医疗保险基金的补助');
  });

  it('stays silent on the silent fixture (wrapped names, older names, trailing 支出)', () => {
    const { findings, checks } = audit(loadPage('rules/code-name-silent.html'));
    expect(findings).toEqual([]);
    expect(checks.map((c) => c.status)).toEqual(['passed']);
  });
});

describe('code-name rule: inline tables', () => {
  it('reports a name that belongs to another code', () => {
    const doc = loadHtml(fnTable([['2080802', '事业单位离退休', '100.00']]));
    const { findings, checks } = audit(doc);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.rule).toBe('code-name');
    expect(f.severity).toBe('error');
    expect(f.message.zh).toContain('伤残抚恤');
    expect(f.message.zh).toContain('2080502');
    expect(f.message.en).toContain('2080802');
    expect(f.computation).toBe('2080802 = 伤残抚恤 ≠ 事业单位离退休 = 2080502');
    expect(f.stated).toBeNull();
    expect(f.unit).toBe('万元');
    const t = doc.tables[0]!;
    expect(t.rows[cell(f).row]!.code).toBe('2080802');
    expect(t.columns[cell(f).column]!.role).toBe('code');
    expect(checks[0]!.status).toBe('failed');
  });

  it('warns about a name unrelated to its code', () => {
    const { findings } = audit(loadHtml(fnTable([['2101501', '医疗保险', '100.00']])));
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
    expect(findings[0]!.message.zh).toContain('行政运行');
  });

  it('records unknown codes as not-run, without findings', () => {
    const { findings, checks } = audit(loadHtml(fnTable([['2101501', '行政运行', '50.00'], ['2109999', '其他卫生健康支出', '50.00']])));
    expect(findings).toEqual([]);
    const notRun = checks.find((c) => c.status === 'not-run');
    expect(notRun?.detail.zh).toContain('2109999');
    expect(checks.find((c) => c.status === 'passed')).toBeDefined();
  });

  it('reports an item under a section it does not belong to when its own section is printed', () => {
    const doc = loadHtml(
      fnTable([
        ['210', '卫生健康支出', '100.00'],
        ['21011', '行政事业单位医疗', '40.00'],
        ['2101101', '行政单位医疗', '40.00'],
        ['21015', '医疗保障管理事务', '60.00'],
        ['2101501', '行政运行', '30.00'],
        ['2101103', '公务员医疗补助', '30.00'],
      ]),
    );
    const { findings } = audit(doc);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.severity).toBe('error');
    expect(f.id).toMatch(/#parent$/);
    expect(f.message.zh).toContain('21015');
    expect(f.message.zh).toContain('21011');
    expect(doc.tables[0]!.rows[cell(f).row]!.code).toBe('2101103');
  });

  it('reports a section under the wrong class', () => {
    const { findings } = audit(
      loadHtml(
        fnTable([
          ['210', '卫生健康支出', '60.00'],
          ['21015', '医疗保障管理事务', '60.00'],
          ['221', '住房保障支出', '40.00'],
          ['21011', '行政事业单位医疗', '40.00'],
        ]),
      ),
    );
    expect(findings.map((f) => [f.severity, f.id.split('#')[1]])).toEqual([['error', 'parent']]);
  });

  it('only warns when the parent row of the code is not printed at all (missing row or misprint)', () => {
    const { findings } = audit(
      loadHtml(
        fnTable([
          ['210', '卫生健康支出', '100.00'],
          ['21011', '行政事业单位医疗', '100.00'],
          ['2101101', '行政单位医疗', '40.00'],
          ['2101202', '财政对城乡居民基本医疗保险基金的补助', '60.00'],
        ]),
      ),
    );
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
    expect(findings[0]!.message.zh).toContain('21012');
  });

  it('does not check parents in tables that print only item rows', () => {
    const { findings } = audit(
      loadHtml(fnTable([['2101501', '行政运行', '50.00'], ['2210201', '住房公积金', '30.00'], ['2080505', '机关事业单位基本养老保险缴费支出', '20.00']])),
    );
    expect(findings).toEqual([]);
  });

  it('reads codes split over 类/款/项 columns', () => {
    const html =
      `${HEAD}<table><tr><th colspan="3">科目编码</th><th rowspan="2">科目名称</th><th rowspan="2">合计</th></tr>` +
      `<tr><th>类</th><th>款</th><th>项</th></tr>` +
      `<tr><td></td><td></td><td></td><td>合计</td><td>30.00</td></tr>` +
      `<tr><td>210</td><td>15</td><td>01</td><td>行政运行</td><td>10.00</td></tr>` +
      `<tr><td>210</td><td>12</td><td>01</td><td>住房公积金</td><td>20.00</td></tr></table>`;
    const doc = loadHtml(html);
    const { findings } = audit(doc);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message.zh).toContain('2210201');
    const col = doc.tables[0]!.columns[cell(findings[0]!).column]!;
    expect(col.codePart).toBe('item');
  });

  it('checks the government economic code column beside the department one', () => {
    const html =
      `<p>一般公共预算基本支出表</p><p>单位：万元</p><table>` +
      `<tr><th colspan="2">部门预算支出经济分类科目</th><th colspan="2">政府预算支出经济分类科目</th><th rowspan="2">合计</th><th rowspan="2">人员经费</th><th rowspan="2">公用经费</th></tr>` +
      `<tr><th>科目编码</th><th>科目名称</th><th>科目编码</th><th>科目名称</th></tr>` +
      `<tr><td>合计</td><td></td><td></td><td></td><td>30.00</td><td>20.00</td><td>10.00</td></tr>` +
      `<tr><td>30101</td><td>基本工资</td><td>50101</td><td>工资奖金津补贴</td><td>10.00</td><td>10.00</td><td></td></tr>` +
      `<tr><td>30113</td><td>住房公积金</td><td>50101</td><td>住房公积金</td><td>10.00</td><td>10.00</td><td></td></tr>` +
      `<tr><td>30201</td><td>办公费</td><td>50201</td><td>办公经费</td><td>10.00</td><td></td><td>10.00</td></tr></table>`;
    const doc = loadHtml(html);
    const { findings } = audit(doc);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.severity).toBe('error');
    expect(f.message.zh).toContain('50101');
    expect(f.message.zh).toContain('50103');
    expect(f.message.zh).toContain('政府预算支出经济分类科目');
    expect(doc.tables[0]!.rows[cell(f).row]!.code).toBe('30113');
    expect(doc.tables[0]!.columns[cell(f).column]!.path.join('/')).toContain('政府');
  });

  it('does not throw on odd tables', () => {
    const odd = [
      `${HEAD}<table><tr><th>科目编码</th></tr><tr><td>2101501</td></tr></table>`,
      `${HEAD}<table><tr><th>科目编码</th><th>科目名称</th><th>合计</th></tr></table>`,
      `${HEAD}<table><tr><td>2101501</td><td></td><td>-</td></tr><tr><td>x</td></tr></table>`,
    ];
    for (const html of odd) expect(() => audit(loadHtml(html))).not.toThrow();
    const { findings, checks } = audit(loadHtml('<p>无表格</p>'));
    expect(findings).toEqual([]);
    expect(checks.map((c) => c.status)).toEqual(['not-run']);
  });
});

describe('code-name rule: seeds', () => {
  it('seed 004: the two misprinted codes, nothing else', () => {
    const doc = loadSeed('004');
    const { findings, checks } = audit(doc);
    const got = findings.map((f) => {
      const t = doc.tables.find((x) => x.id === cell(f).table)!;
      return [f.severity, t.title, t.rows[cell(f).row]!.code, t.rows[cell(f).row]!.name];
    });
    expect(got).toEqual([
      ['error', '2023 年部门支出预算表', '2080802', '事业单位离退休'],
      ['error', '2023 年一般公共预算支出预算表', '2101201', '住房公积金'],
    ]);
    expect(findings[0]!.message.zh).toContain('伤残抚恤');
    expect(findings[0]!.message.zh).toContain('2080502');
    expect(findings[1]!.message.zh).toContain('财政对职工基本医疗保险基金的补助');
    expect(findings[1]!.message.zh).toContain('2210201');
    // the economic table (部门 + 政府 codes) agrees with the book
    expect(checks.find((c) => c.subject.startsWith('t5 '))?.status).toBe('passed');
  });

  it.each(['000', '001', '002', '003'] as const)('seed %s: codes and names agree', (id) => {
    const { findings, checks } = audit(loadSeed(id));
    expect(findings).toEqual([]);
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((c) => c.status === 'passed')).toBe(true);
  });

  it('negative pages: nothing to check', () => {
    for (const p of negativePages()) {
      const { findings, checks } = audit(loadPage(p));
      expect(findings).toEqual([]);
      expect(checks.every((c) => c.status === 'not-run')).toBe(true);
    }
  });
});

describe('code-name rule: unit rows', () => {
  it('does not judge a department code printed with a unit name', () => {
    const doc = loadHtml(fnTable([['2101501', '行政运行', '100.00']]));
    const t = doc.tables[0]!;
    const row = t.rows.find((r) => r.code === '2101501')!;
    // a unit row the extractor did not recognise: code 309, a unit name
    const unitLike = { ...row, index: t.rows.length, code: '309', codeScheme: 'economic-department' as const, level: 1, name: '新乡市凤泉区医疗保障局' };
    const { findings } = audit({ ...doc, tables: [{ ...t, rows: [...t.rows, unitLike] }] });
    expect(findings).toEqual([]);
  });
});
