import { describe, expect, it } from 'vitest';
import { auditDocument } from '../../lib/audit';
import type { AuditedDocument } from '../../lib/report/audited';
import { toCsv } from '../../lib/report/csv';
import { toJson } from '../../lib/report/json';
import { toMarkdown } from '../../lib/report/markdown';
import { loadPage } from '../helpers/seeds';

const SEED = 'pages/seed-004-xinxiang-fengquan-2023.html';
const audited = (): AuditedDocument[] => {
  const doc = loadPage(SEED);
  return [{ source: SEED, doc, audit: auditDocument(doc) }];
};

describe('the command line exports (format kept stable)', () => {
  it('JSON: {"documents":[…]} with the documented fields', () => {
    const docs = audited();
    const json = JSON.parse(toJson(docs)) as { documents: Array<Record<string, unknown> & { findings: Array<Record<string, unknown>> }> };
    const doc = json.documents[0]!;
    expect(Object.keys(doc)).toEqual(['source', 'department', 'year', 'unit', 'summary', 'tables', 'findings', 'checks', 'skipped']);
    expect(Object.keys(doc.findings[0]!)).toEqual(['id', 'rule', 'severity', 'message', 'messageEn', 'stated', 'expected', 'difference', 'tolerance', 'unit', 'table', 'tableTitle', 'row', 'column', 'text', 'computation', 'operands']);
    expect(doc.findings).toHaveLength(docs[0]!.audit.findings.length);
  });

  it('CSV: the same header, a BOM, CRLF, one line per finding', () => {
    const docs = audited();
    const csv = toCsv(docs);
    expect(csv.startsWith('\ufeffsource,rule,severity,table,table_title,row,column,text,stated,expected,difference,tolerance,unit,message_zh,message_en,computation\r\n')).toBe(true);
    // no finding text of this page holds a line break, so records are lines
    expect(csv.trimEnd().split('\r\n')).toHaveLength(docs[0]!.audit.findings.length + 1);
  });

  it('Markdown: source, counts and each finding with its computation', () => {
    const docs = audited();
    const md = toMarkdown(docs, { generatedAt: '2024-01-01T00:00:00Z' });
    expect(md).toContain('生成时间 Generated: 2024-01-01T00:00:00Z');
    expect(md).toContain(`- 来源 Source: ${SEED}`);
    expect(md.split('\n').filter((l) => l.startsWith('### '))).toHaveLength(docs[0]!.audit.findings.length);
    for (const f of docs[0]!.audit.findings) expect(md).toContain(`\`${f.computation.replace(/`/g, "'")}\``);
  });
});
