import { describe, expect, it } from 'vitest';
import { auditDocument } from '../../lib/audit';
import { auditPage } from '../../lib/dom/audit-page';
import { PageReportSchema, type PageReport } from '../../lib/messages';
import type { Finding } from '../../lib/model/finding';
import { csvField } from '../../lib/report/csv';
import {
  exportFileName,
  exportPageReport,
  locateInPage,
  pageReportToCsv,
  pageReportToJson,
  pageReportToMarkdown,
  parsePageJson,
  PageJsonSchema,
} from '../../lib/report/page-report';
import { fixture, parseHtml } from '../helpers/dom';
import { loadPage } from '../helpers/seeds';

const SEED = 'pages/seed-004-xinxiang-fengquan-2023.html';
const URL_ = 'https://www.fengquan.gov.cn/zwgk/2023/bumen_yusuan.html?id=7&x=1';

/** The report the content script sends for a seed page (the same code, run on happy-dom). */
const seedReport = (): PageReport => auditPage(parseHtml(fixture(SEED), URL_), URL_).report;

/** A small report whose text would break naive CSV/Markdown writers. */
function nastyReport(): PageReport {
  const finding = (over: Partial<Finding>): Finding => ({
    id: 'row-sum@t1:1:2',
    rule: 'row-sum',
    severity: 'error',
    message: { zh: '「合计」为 "10.00"，\n各行之和为 9.00', en: 'the "total", is 10.00\r\nbut the rows sum to 9.00' },
    stated: '10.00',
    expected: '9.00',
    difference: '1.00',
    tolerance: '0.02',
    unit: '万元',
    target: { type: 'cell', table: 't1', row: 1, column: 2 },
    operands: [
      { ref: { type: 'cell', table: 't1', row: 1, column: 2 }, label: '合计 · 金额', value: '10.00' },
      { ref: { type: 'cell', table: 't1', row: 2, column: 2 }, label: '=HYPERLINK("http://x") | *a*', value: '9.00' },
    ],
    computation: '10.00 ≠ 9.00 `x`',
    ...over,
  });
  return PageReportSchema.parse({
    url: 'file:///home/me/预算 2024.html',
    pageTitle: '=cmd|" /C calc"!A0 某局 "2024" 预算',
    department: '某局',
    year: 2024,
    unit: '万元',
    tables: [{ id: 't1', kind: 'expense', title: '支出总表', unit: '万元', rows: 3, columns: 4 }],
    findings: [
      finding({}),
      finding({ id: 'cross-table@t1:2:2', rule: 'cross-table', severity: 'warning', message: { zh: '+提示', en: '@warning' }, stated: '-5.00', expected: null, difference: null, tolerance: null, operands: [], computation: '-5.00 vs ?' }),
      finding({ id: 'completeness@doc#income', rule: 'completeness', severity: 'warning', target: null, operands: [], message: { zh: '缺少收入总表', en: 'no income table' }, stated: null, expected: null, difference: null, tolerance: null, unit: null, computation: 'missing: income' }),
    ],
    checks: [{ rule: 'row-sum', status: 'failed', subject: 't1', detail: { zh: '1 处', en: '1' } }],
    skipped: [{ part: 3, reason: 'layout table' }],
    auditedAt: '2024-05-06T07:08:09.000Z',
    status: 'audited',
    error: null,
  });
}

/** RFC 4180 reader, written for the test: fields, quotes, doubled quotes, CRLF record ends. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      (record = []), (field = ''), i++;
    } else if (c === '\n' || c === '\r') throw new Error(`bare line break outside quotes at ${i}`);
    else field += c;
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || record.length) throw new Error('last record without CRLF');
  return records;
}

describe('locating a finding of a page', () => {
  it('names the row and column of the target cell, without repeating the table title', () => {
    const report = seedReport();
    const cross = report.findings.find((f) => f.id.startsWith('cross-table@t1:'))!;
    const at = locateInPage(report, cross);
    expect(at.table).toBe('t1');
    expect(at.tableTitle).toBe(report.tables[0]!.title);
    expect(at.cell).toBe('八、社会保障和就业');
    const completeness = report.findings.find((f) => f.target === null)!;
    expect(locateInPage(report, completeness)).toEqual({ table: null, tableTitle: null, cell: null, paragraph: null });
  });
});

describe('Markdown export of a page', () => {
  const report = seedReport();
  const md = pageReportToMarkdown(report, { generatedAt: '2024-06-01T00:00:00.000Z' });

  it('says what was audited: page title, URL, audit time, department, year, unit, counts', () => {
    expect(md).toContain(`- 网页标题 Page title: ${report.pageTitle}`);
    expect(md).toContain(`- 网址 URL: <${URL_}>`);
    expect(md).toContain(`- 审核时间 Audited at: ${report.auditedAt}`);
    expect(md).toContain('- 部门 Department: 新乡市凤泉区医疗保障局');
    expect(md).toContain('- 年度 Year: 2023');
    expect(md).toContain('- 金额单位 Unit: 万元');
    const c = { error: 0, warning: 0, rounding: 0 };
    for (const f of report.findings) c[f.severity]++;
    expect(md).toContain(`- 表格 Tables: ${report.tables.length}；错误 errors: ${c.error}；提示 warnings: ${c.warning}；舍入差 rounding: ${c.rounding}`);
    for (const t of report.tables) expect(md).toContain(`- ${t.id} `);
  });

  it('lists every finding once, in order, with its computation and every compared figure', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('### '));
    expect(headings).toHaveLength(report.findings.length);
    report.findings.forEach((f, i) => {
      expect(headings[i]).toMatch(new RegExp(`^### ${i + 1}\\. \\[`));
      const block = md.split(/^### /m)[i + 1]!;
      expect(block).toContain(`- 计算 Computation: \`${f.computation.replace(/`/g, "'")}\``);
      if (f.stated !== null) expect(block).toContain(`- 表中数 Stated: ${f.stated}`);
      if (f.expected !== null) expect(block).toContain(`- 应为 Expected: ${f.expected}`);
      if (f.difference !== null) expect(block).toContain(`- 差额 Difference: ${f.difference}`);
      for (const o of f.operands) expect(block).toContain(`| ${o.value} |`);
      expect(block.split('\n').filter((l) => /^\| .* \| -?\d/.test(l))).toHaveLength(f.operands.length);
    });
  });

  it('keeps line-breaks and markup in page text from breaking the document', () => {
    const nasty = pageReportToMarkdown(nastyReport());
    expect(nasty).toContain('- 网址 URL: <file:///home/me/预算%202024.html>');
    // the message's line break is collapsed: the block keeps its structure
    expect(nasty).toContain('「合计」为 "10.00"， 各行之和为 9.00');
    expect(nasty).toContain('| =HYPERLINK("http://x") \\| \\*a\\* | 9.00 |');
    expect(nasty).toContain("- 计算 Computation: `10.00 ≠ 9.00 'x'`");
    expect(nasty.split('\n').filter((l) => l.startsWith('### '))).toHaveLength(3);
  });

  it('says so when there is nothing to report', () => {
    const clean = { ...nastyReport(), findings: [] };
    expect(pageReportToMarkdown(clean)).toContain('未发现问题。 No problems found.');
    const none = { ...nastyReport(), findings: [], tables: [], status: 'no-tables' as const };
    expect(pageReportToMarkdown(none)).toContain('未发现预算表格。 No budget tables found.');
    const failed = { ...none, status: 'failed' as const, error: 'boom' };
    expect(pageReportToMarkdown(failed)).toContain('审核失败 Audit failed: boom');
  });
});

describe('CSV export of a page', () => {
  it('is RFC 4180 with a BOM: CRLF records, one per finding, all the same width', () => {
    const report = seedReport();
    const csv = pageReportToCsv(report);
    expect(csv.startsWith('\ufeffurl,page_title,audited_at,id,rule,severity,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const records = readCsv(csv.slice(1));
    expect(records).toHaveLength(report.findings.length + 1);
    const header = records[0]!;
    for (const r of records) expect(r).toHaveLength(header.length);
    const col = (name: string) => header.indexOf(name);
    report.findings.forEach((f, i) => {
      const r = records[i + 1]!;
      expect(r[col('id')]).toBe(f.id);
      expect(r[col('url')]).toBe(URL_);
      expect(r[col('computation')]).toBe(f.computation);
      expect(r[col('stated')]).toBe(f.stated ?? '');
      expect(r[col('operands')]).toBe(f.operands.map((o) => `${o.label} = ${o.value}`).join('\n'));
    });
  });

  it('escapes quotes, commas and line breaks and defuses formulas, leaving numbers alone', () => {
    const report = nastyReport();
    const csv = pageReportToCsv(report);
    const records = readCsv(csv.slice(1));
    const header = records[0]!;
    const row = records[1]!;
    const col = (name: string) => header.indexOf(name);
    expect(row[col('message_zh')]).toBe('「合计」为 "10.00"，\n各行之和为 9.00');
    expect(row[col('message_en')]).toBe('the "total", is 10.00\r\nbut the rows sum to 9.00');
    expect(row[col('page_title')]).toBe(`'=cmd|" /C calc"!A0 某局 "2024" 预算`);
    expect(row[col('operands')]).toBe('合计 · 金额 = 10.00\n=HYPERLINK("http://x") | *a* = 9.00');
    const second = records[2]!;
    expect(second[col('message_zh')]).toBe("'+提示");
    expect(second[col('message_en')]).toBe("'@warning");
    expect(second[col('stated')]).toBe('-5.00');
    expect(csv).toContain('"the ""total"", is 10.00\r\nbut the rows sum to 9.00"');
  });

  it('csvField: quoting and defusing rules', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('-0.70')).toBe('-0.70');
    expect(csvField('+86')).toBe("'+86");
    expect(csvField('=A1,"x"')).toBe(`"'=A1,""x"""`);
  });

  it('a page without findings is the header line alone', () => {
    expect(pageReportToCsv({ ...nastyReport(), findings: [] }).split('\r\n')).toHaveLength(2);
  });
});

describe('JSON export of a page', () => {
  it('parses back into the same report', () => {
    for (const report of [seedReport(), nastyReport()]) {
      const json = pageReportToJson(report);
      expect(PageJsonSchema.safeParse(JSON.parse(json)).success).toBe(true);
      expect(parsePageJson(json)).toEqual(report);
    }
  });

  it('has the command line shape: documents[0] with summary, tables and findings', () => {
    const report = seedReport();
    const parsed = JSON.parse(pageReportToJson(report)) as { documents: Array<Record<string, unknown> & { findings: Array<Record<string, unknown>>; summary: Record<string, number> }> };
    const doc = parsed.documents[0]!;
    expect(doc.source).toBe(URL_);
    expect(doc.department).toBe('新乡市凤泉区医疗保障局');
    expect(doc.summary.tables).toBe(report.tables.length);
    expect(doc.summary.error).toBe(report.findings.filter((f) => f.severity === 'error').length);
    const f0 = doc.findings[0]!;
    expect(Object.keys(f0)).toEqual(expect.arrayContaining(['id', 'rule', 'severity', 'message', 'messageEn', 'stated', 'expected', 'difference', 'tolerance', 'unit', 'table', 'tableTitle', 'computation', 'operands']));
    expect(f0.message).toBe(report.findings[0]!.message.zh);
  });

  it('matches the Node engine on the same page', () => {
    const engine = auditDocument(loadPage(SEED));
    const fromJson = parsePageJson(pageReportToJson(seedReport()))!;
    expect(fromJson.findings.map((f) => f.id)).toEqual(engine.findings.map((f) => f.id));
  });

  it('rejects what is not a page export', () => {
    expect(parsePageJson('not json')).toBeNull();
    expect(parsePageJson('{"documents":[]}')).toBeNull();
    expect(parsePageJson('{"documents":[{"source":"x"}]}')).toBeNull();
  });
});

describe('export helpers', () => {
  it('exportPageReport picks the format', () => {
    const report = nastyReport();
    expect(exportPageReport(report, 'md')).toBe(pageReportToMarkdown(report));
    expect(exportPageReport(report, 'csv')).toBe(pageReportToCsv(report));
    expect(exportPageReport(report, 'json')).toBe(pageReportToJson(report));
  });

  it('file names carry the host and the audit time, in characters every file system takes', () => {
    expect(exportFileName(seedReport(), 'md')).toMatch(/^budget-lens-www\.fengquan\.gov\.cn-\d{4}-\d{2}-\d{2}-\d{4}\.md$/);
    expect(exportFileName(nastyReport(), 'csv')).toBe('budget-lens-page-2024-05-06-0708.csv');
  });
});
