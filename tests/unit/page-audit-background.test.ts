import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAuditAnswer } from '../../lib/content-messages';
import { auditPage } from '../../lib/dom/audit-page';
import { tableToGrid } from '../../lib/dom/grid';
import { readDocument } from '../../lib/dom/source';
import { AuditAnswerSchema, PackedSourceSchema, parseMessage } from '../../lib/messages';
import type { RawSource } from '../../lib/model/raw';
import { packRawSource, unpackRawSource } from '../../lib/model/raw-pack';
import { answerAudit } from '../../lib/report/audit-answer';
import { layoutOf } from '../../lib/report/page-audit';
import { renderTableSpec, reusableParser, runs, tableSpec } from '../helpers/arbitraries';
import { fixture, parseHtml } from '../helpers/dom';

/*
 * The extension reads a page in its content script and has the background extract and audit
 * what was read: the page's RawSource travels packed, as JSON. These tests hold that path to the
 * one the command line takes (auditPage: read, extract and audit in one go).
 */

const SEEDS = [
  'pages/seed-000-laishui-2024.html',
  'pages/seed-001-yuanjiang-2024.html',
  'pages/seed-002-jiaozuo-2024.html',
  'pages/seed-003-laiyuan-2026.html',
  'pages/seed-004-xinxiang-fengquan-2023.html',
];
const URL_ = 'https://example.gov.cn/yusuan.html';

/** What the content script sends for a page. */
const requestFor = (doc: Document, tolerance: 'standard' | 'strict' = 'standard') => ({
  type: 'audit-source' as const,
  source: JSON.parse(JSON.stringify(packRawSource(readDocument(doc, URL_).raw))),
  url: URL_,
  pageTitle: doc.title,
  tolerance,
});

/** Reports compared without the audit's time stamp. */
const stable = <T extends { auditedAt: string }>(r: T) => ({ ...r, auditedAt: '' });

describe('packRawSource / unpackRawSource', () => {
  const parse = reusableParser();

  it('round-trips the grid of any table (random rowspan/colspan, hidden rows and cells, <th>)', () => {
    fc.assert(
      fc.property(tableSpec, (spec) => {
        const table = parse(renderTableSpec(spec)).querySelector('table')!;
        const raw: RawSource = { source: 's', title: null, paragraphs: ['p'], tables: [{ part: 3, grid: tableToGrid(table).grid, before: ['单位：万元'], after: [], caption: null }] };
        const wire = JSON.parse(JSON.stringify(packRawSource(raw)));
        expect(unpackRawSource(PackedSourceSchema.parse(wire))).toEqual(raw);
      }),
      runs(200),
    );
  });

  it('round-trips every seed page, and keeps each cell once: only spanned slots are listed', () => {
    for (const seed of SEEDS) {
      const raw = readDocument(parseHtml(fixture(seed), URL_), URL_).raw;
      const packed = packRawSource(raw);
      expect(unpackRawSource(PackedSourceSchema.parse(JSON.parse(JSON.stringify(packed))))).toEqual(raw);
      const slots = raw.tables.reduce((n, t) => n + t.grid.length * (t.grid[0]?.length ?? 0), 0);
      const cells = packed.tables.reduce((n, t) => n + t.texts.length, 0);
      const covered = packed.tables.reduce((n, t) => n + t.covered.length / 2, 0);
      const spanned = raw.tables.reduce((n, t) => n + t.grid.flat().filter((c, i) => c.originRow * t.grid[0]!.length + c.originCol !== i).length, 0);
      expect(cells + covered).toBe(slots);
      expect(covered).toBe(spanned);
    }
  });

  it('keeps cells whose origin slot a later span took (overlapping spans)', () => {
    // <tr><td>a</td><td rowspan=2>b</td></tr><tr><td colspan=2>c</td></tr>: c overwrites b's second slot
    const cell = (text: string, originRow: number, originCol: number) => ({ text, originRow, originCol, header: false });
    const raw: RawSource = {
      source: 's',
      title: null,
      paragraphs: [],
      tables: [{ part: 0, grid: [[cell('a', 0, 0), cell('c', 1, 0)], [cell('c', 1, 0), cell('c', 1, 0)]], before: [], after: [], caption: null }],
    };
    expect(unpackRawSource(packRawSource(raw))).toEqual(raw);
  });

  it('refuses a packed table that does not hold together', () => {
    const grid = [[{ text: 'a', originRow: 0, originCol: 0, header: false }, { text: 'a', originRow: 0, originCol: 0, header: false }]];
    const packed = packRawSource({ source: 's', title: null, paragraphs: [], tables: [{ part: 0, grid, before: [], after: [], caption: null }] });
    const t = packed.tables[0]!;
    expect(t.covered).toEqual([1, 0]);
    expect(() => unpackRawSource({ ...packed, tables: [{ ...t, texts: [] }] })).toThrow(/0 texts for more cells/);
    expect(() => unpackRawSource({ ...packed, tables: [{ ...t, texts: ['a', 'b'] }] })).toThrow(/2 texts for 1 cells/);
    expect(() => unpackRawSource({ ...packed, tables: [{ ...t, covered: [1, 5] }] })).toThrow(/names cell 5 before it is met/);
    expect(() => unpackRawSource({ ...packed, tables: [{ ...t, covered: [1] }] })).toThrow(/pairs/);
    expect(() => unpackRawSource({ ...packed, tables: [{ ...t, moved: [0, 0] }] })).toThrow(/triples/);
  });
});

describe('answerAudit (the background): the same audit as reading, extracting and auditing in one go', () => {
  for (const seed of SEEDS) {
    it(seed, () => {
      const doc = parseHtml(fixture(seed), URL_);
      const direct = auditPage(doc, URL_, { tolerance: 'standard' });
      const request = parseMessage(requestFor(doc));
      expect(request?.type).toBe('audit-source');
      if (request?.type !== 'audit-source') return;
      const answer = AuditAnswerSchema.parse(JSON.parse(JSON.stringify(answerAudit(request))));
      expect(stable(answer.report)).toEqual(stable(direct.report));
      expect(answer.layout).toEqual(layoutOf(direct.doc!));
      expect(answer.timings.extract).toBeGreaterThanOrEqual(0);
      // what the content script makes of it: the same report and layout
      const parsed = parseAuditAnswer(answer);
      expect(parsed?.report).toEqual(answer.report);
      expect(parsed?.layout).toEqual(answer.layout);
    });
  }

  it('passes the tolerance on', () => {
    const doc = parseHtml(fixture(SEEDS[4]!), URL_);
    for (const tolerance of ['standard', 'strict'] as const) {
      const answer = answerAudit(requestFor(doc, tolerance));
      expect(stable(answer.report)).toEqual(stable(auditPage(doc, URL_, { tolerance }).report));
    }
  });

  it('a request that does not parse never reaches the background; one that does not hold together is a failed report that says why', () => {
    const base = { type: 'audit-source', url: URL_, pageTitle: 't', tolerance: 'standard' as const };
    expect(parseMessage({ ...base, source: 'not a packed source' })).toBeNull();
    expect(parseMessage({ ...base, source: {} })).toBeNull();
    expect(parseMessage({ ...base, source: { source: 's', title: null, paragraphs: [], tables: [{ part: -1 }] } })).toBeNull();
    const table = { part: 0, before: [], after: [], caption: null, height: 1, width: 1, texts: ['a'], headers: [], covered: [], moved: [] };
    for (const broken of [{ covered: [0, 7] }, { texts: ['a', 'b'] }, { moved: [0] }]) {
      const request = parseMessage({ ...base, source: { source: 's', title: null, paragraphs: [], tables: [{ ...table, ...broken }] } });
      expect(request?.type).toBe('audit-source');
      if (request?.type !== 'audit-source') continue;
      const answer = answerAudit(request);
      expect(answer.report.status).toBe('failed');
      expect(answer.report.error).toBeTruthy();
      expect(answer.layout).toEqual([]);
      expect(AuditAnswerSchema.safeParse(answer).success).toBe(true);
    }
  });
});

describe('parseAuditAnswer (the content script)', () => {
  const answer = () => answerAudit(requestFor(parseHtml(fixture(SEEDS[4]!), URL_)));

  it('refuses answers whose layout could index the page wrongly, or without a report', () => {
    expect(parseAuditAnswer(null)).toBeNull();
    expect(parseAuditAnswer('x')).toBeNull();
    expect(parseAuditAnswer({ ...answer(), report: null })).toBeNull();
    expect(parseAuditAnswer({ ...answer(), report: { ...answer().report, status: 'done' } })).toBeNull();
    expect(parseAuditAnswer({ ...answer(), report: { ...answer().report, findings: [1] } })).toBeNull();
    const a = answer();
    const bad = (rows: unknown[]) => ({ ...a, layout: [{ ...a.layout[0]!, rows }] });
    expect(parseAuditAnswer(bad([0, 0]))).not.toBeNull();
    expect(parseAuditAnswer(bad([-1, 0]))).toBeNull();
    expect(parseAuditAnswer(bad([0, 1.5]))).toBeNull();
    expect(parseAuditAnswer(bad(['0', 0]))).toBeNull();
    expect(parseAuditAnswer(bad([0, 0, 1]))).toBeNull();
    expect(parseAuditAnswer({ ...a, layout: [{ id: 't', parts: ['x'], rows: [] }] })).toBeNull();
  });

  it('keeps only the layout fields', () => {
    const a = answer();
    const extra = { ...a, layout: a.layout.map((t) => ({ ...t, kind: 'x' })) };
    expect(parseAuditAnswer(extra)?.layout).toEqual(a.layout);
  });
});
