import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditDocument } from '../../lib/audit';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import { FindingSchema, type AuditReport, type BudgetDocument, type Finding } from '../../lib/model';
import {
  amountColumnsOf,
  budgetRows,
  budgetSpec,
  columnAncestors,
  garbagePage,
  labelColumns,
  mutate,
  mutations,
  renderBudgetPage,
  reprinted,
  reusableParser,
  runs,
  type AmountColumn,
  type BudgetSpec,
} from '../helpers/arbitraries';
import { parseHtml } from '../helpers/dom';

const parse = reusableParser();

/** The whole engine on one page: DOM → raw source → model → findings. */
function pipeline(html: string | Document, fresh = false): { doc: BudgetDocument; report: AuditReport } {
  const page = typeof html === 'string' ? (fresh ? parseHtml(html) : parse(html)) : html;
  const doc = extractDocument(readDocument(page, 'page.html').raw);
  return { doc, report: auditDocument(doc) };
}

/** Findings as they would be exported: what determinism is judged on. */
const exported = (report: AuditReport): string => JSON.stringify(report);

const errorsOf = (report: AuditReport): Finding[] => report.findings.filter((f) => f.severity === 'error');

/**
 * Crashes the engine catches and turns into data: a table extraction threw ("unreadable table"), a
 * rule threw ("rule failed" / "could not be checked"). "Never throws" means none of these either.
 */
const hiddenCrashes = (doc: BudgetDocument, report: AuditReport): string[] => [
  ...doc.skipped.filter((s) => s.reason.startsWith('unreadable table')).map((s) => `part ${s.part}: ${s.reason}`),
  ...report.checks.filter((c) => /^(rule failed|could not be checked):/.test(c.detail.en)).map((c) => `${c.rule} ${c.subject}: ${c.detail.en}`),
];
const describeFindings = (fs: readonly Finding[]) => fs.map((f) => `${f.id}: ${f.message.en}`);

/** The table was read as printed: one expense table, every row with its code, every figure with its value. */
function expectReadAsPrinted(spec: BudgetSpec, doc: BudgetDocument): void {
  expect(doc.tables.map((t) => [t.kind, t.unit])).toEqual([['expense', '万元']]);
  const table = doc.tables[0]!;
  const rows = budgetRows(spec);
  expect(table.rows.map((r) => [r.code, r.role])).toEqual(rows.map((r) => [r.code, r.role]));
  const first = labelColumns(spec.layout);
  const cols = amountColumnsOf(spec.layout);
  expect(table.columns.slice(first).map((c) => c.role)).toEqual(cols.map(() => 'amount'));
  rows.forEach((row, i) => {
    const printed = cols.map((_, k) => table.rows[i]!.cells[first + k]!.value?.toFixed(2) ?? null);
    expect(printed).toEqual(cols.map((col) => row.figures[col]?.toFixed(2) ?? null));
  });
}

describe('property: a consistent budget table, end to end', () => {
  it('is found and read as printed, has no error finding, and audits the same way twice', () => {
    fc.assert(
      fc.property(budgetSpec, fc.integer({ min: 0, max: 9 }), (spec, n) => {
        const html = renderBudgetPage(spec);
        const { doc, report } = pipeline(html);
        expect(hiddenCrashes(doc, report)).toEqual([]);
        expectReadAsPrinted(spec, doc);
        expect(describeFindings(errorsOf(report))).toEqual([]);
        for (const f of report.findings) expect(FindingSchema.safeParse(f).success).toBe(true);
        // deterministic: the same page read again (sometimes in a window of its own) gives the same report
        expect(exported(pipeline(html, n === 0).report)).toBe(exported(report));
      }),
      runs(60),
    );
  }, 60_000);
});

type Perturbation = { row: number; column: AmountColumn; delta: string; wasBlank: boolean };

/** A cell to perturb (a printed figure, or now and then a blank that gets a figure) and how much to add. */
const perturbation = (spec: BudgetSpec, deltas: readonly string[]): fc.Arbitrary<Perturbation> => {
  const rows = budgetRows(spec);
  const cols = amountColumnsOf(spec.layout);
  const printed: Array<{ row: number; column: AmountColumn }> = [];
  const blank: Array<{ row: number; column: AmountColumn }> = [];
  rows.forEach((r, i) => cols.forEach((column) => (r.figures[column] !== null ? printed : blank).push({ row: i, column })));
  const cell = blank.length
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...printed).map((c) => ({ ...c, wasBlank: false })) }, { weight: 1, arbitrary: fc.constantFrom(...blank).map((c) => ({ ...c, wasBlank: true })) })
    : fc.constantFrom(...printed).map((c) => ({ ...c, wasBlank: false }));
  return fc.record({ cell, delta: fc.constantFrom(...deltas) }).map(({ cell: c, delta }) => ({ ...c, delta }));
};

/** The page with one figure changed, audited; and which cells hold a total that includes that figure. */
function perturbed(spec: BudgetSpec, p: Perturbation) {
  const rows = budgetRows(spec);
  const cols = amountColumnsOf(spec.layout);
  const delta = new Decimal(p.delta);
  const value = p.wasBlank ? delta.abs() : rows[p.row]!.figures[p.column]!.plus(delta);
  const { doc, report } = pipeline(renderBudgetPage(spec, { row: p.row, column: p.column, value }));
  const first = labelColumns(spec.layout);
  const index = (c: AmountColumn) => first + cols.indexOf(c);
  // the totals that include the figure: its row's ancestors in its column, its column's ancestors in its row
  const rowAncestors = new Set([p.row, ...rows[p.row]!.path]);
  const colAncestors = new Set(columnAncestors(spec.layout, p.column).map(index));
  const affected = (f: Finding) =>
    f.target?.type === 'cell' &&
    ((f.target.column === index(p.column) && rowAncestors.has(f.target.row)) || (f.target.row === p.row && colAncestors.has(f.target.column)));
  return { doc, report, affected };
}

/**
 * Beyond every bound the table can use: sums of at most four figures (bound ≤ 0.025 at 0.01, ≤ 0.25
 * when the table is rounded to 0.1 — and 0.03 breaks that rounding, leaving 0.01).
 */
const BEYOND = ['1.00', '-1.00', '1.01', '-2.50', '10.00', '123.45', '0.30', '-0.30', '0.03'] as const;

describe('property: one figure off, end to end', () => {
  it('gives an error on the perturbed cell or on a total that includes it, and nowhere else', () => {
    fc.assert(
      fc.property(
        budgetSpec.chain((spec) => perturbation(spec, BEYOND).map((p) => ({ spec, p }))),
        ({ spec, p }) => {
          const { doc, report, affected } = perturbed(spec, p);
          expect(hiddenCrashes(doc, report)).toEqual([]);
          expect(doc.tables).toHaveLength(1);
          const errors = errorsOf(report);
          expect(describeFindings(errors.filter((f) => !affected(f)))).toEqual([]);
          if (p.wasBlank) {
            // a figure where a blank was: an error, or a "total left blank" warning where its total is blank too
            expect(report.findings.filter((f) => f.severity !== 'rounding' && affected(f)).length).toBeGreaterThan(0);
          } else expect(errors.length).toBeGreaterThan(0);
          // and every error states a difference beyond the bound it used
          for (const f of errors) {
            if (f.difference !== null && f.tolerance !== null) expect(new Decimal(f.difference).abs().gt(new Decimal(f.tolerance))).toBe(true);
          }
        },
      ),
      runs(60),
    );
  }, 60_000);

  it('gives the same findings however the same table is printed (separators, blanks, indents, th/td, 栏次 row, repeated header, split in two)', () => {
    const essentials = (report: AuditReport) =>
      report.findings.map((f) => ({ id: f.id, severity: f.severity, stated: f.stated, expected: f.expected, difference: f.difference, tolerance: f.tolerance, target: f.target }));
    fc.assert(
      fc.property(
        budgetSpec.chain((spec) =>
          fc.record({ p: perturbation(spec, [...BEYOND, '0.01']), layout: reprinted(spec.layout) }).map(({ p, layout }) => ({ spec, p, again: { ...spec, layout } })),
        ),
        ({ spec, p, again }) => {
          expect(essentials(perturbed(again, p).report)).toEqual(essentials(perturbed(spec, p).report));
        },
      ),
      runs(40),
    );
  }, 60_000);

  it('off by one cent (inside every bound): rounding notes on the affected totals, no error, no warning', () => {
    fc.assert(
      fc.property(
        budgetSpec.chain((spec) =>
          perturbation(spec, ['0.01', '-0.01'])
            .filter((p) => !p.wasBlank)
            .map((p) => ({ spec, p })),
        ),
        ({ spec, p }) => {
          const { report, affected } = perturbed(spec, p);
          const notes = report.findings.filter((f) => f.severity === 'rounding');
          expect(describeFindings(report.findings.filter((f) => f.rule !== 'completeness' && f.severity !== 'rounding'))).toEqual([]);
          expect(notes.length).toBeGreaterThan(0);
          expect(describeFindings(notes.filter((f) => !affected(f)))).toEqual([]);
        },
      ),
      runs(50),
    );
  }, 60_000);
});

/** What a robust pipeline promises on any page: no crash (not even a caught one), quick, valid, deterministic. */
function expectRobust(page: string | Document): void {
  const t0 = performance.now();
  const { doc, report } = pipeline(page);
  expect(performance.now() - t0).toBeLessThan(2000);
  expect(hiddenCrashes(doc, report)).toEqual([]);
  for (const f of report.findings) expect(FindingSchema.safeParse(f).success).toBe(true);
  expect(exported(pipeline(page).report)).toBe(exported(report));
}

describe('property: garbage tables', () => {
  it('never throw (not even inside a rule), finish quickly, give schema-valid findings, and the same ones twice', () => {
    fc.assert(fc.property(garbagePage, expectRobust), runs(60));
  }, 60_000);

  it('the same holds for budget pages mangled cell by cell (texts replaced, cells and rows dropped, cloned, moved, spans changed)', () => {
    fc.assert(
      fc.property(budgetSpec, mutations, (spec, edits) => {
        const page = parse(renderBudgetPage(spec));
        mutate(page, edits);
        expectRobust(page);
      }),
      runs(60),
    );
  }, 60_000);
});

describe('pipeline: examples the properties found', () => {
  const th = (label: string, span = '') => `<th${span}>${label}</th>`;
  /** A two-row header: 基本支出 spans 人员经费 | 公用经费. */
  const header =
    `<tr>${th('科目编码', ' rowspan="2"')}${th('科目名称', ' rowspan="2"')}${th('合计', ' rowspan="2"')}${th('基本支出', ' colspan="2"')}${th('项目支出', ' rowspan="2"')}</tr>` +
    `<tr>${th('人员经费')}${th('公用经费')}</tr>`;
  const page = (tables: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body><p>2024年部门支出预算表</p><p>单位：万元</p>${tables}</body></html>`;
  const row = (code: string, name: string) => `<tr><td>${code}</td><td>${name}</td><td>10.00</td><td>3.00</td><td>1.00</td><td>6.00</td></tr>`;
  const tree = (doc: BudgetDocument) => doc.tables.map((t) => t.header.map((n) => [n.label, ...n.children.map((c) => c.label)]));

  it('a header repeated after a page break inside the table is read once (the working case)', () => {
    const { doc, report } = pipeline(page(`<table>${header}${row('', '合计')}${header}${row('201', '一般公共服务支出')}</table>`));
    expect(tree(doc)).toEqual([[['科目编码'], ['科目名称'], ['合计'], ['基本支出', '人员经费', '公用经费'], ['项目支出']]]);
    expect(describeFindings(errorsOf(report))).toEqual([]);
  });

  // Found by the pipeline property: a two-row <th> header printed twice in a row (a repeated
  // header at the top of a continuation part) was all read as header, doubling 基本支出's children.
  it('a two-row <th> header printed twice in a row is read once (no false column-sum error)', () => {
    const { doc, report } = pipeline(page(`<table>${header}${header}${row('201', '一般公共服务支出')}</table>`));
    expect(describeFindings(errorsOf(report))).toEqual([]);
    expect(tree(doc)).toEqual([[['科目编码'], ['科目名称'], ['合计'], ['基本支出', '人员经费', '公用经费'], ['项目支出']]]);
  });

  // the same, seen through continuation merging: the second part keeps the first part's header tree
  it('a continuation table whose header is printed twice is merged into the first part', () => {
    const { doc } = pipeline(page(`<table>${header}${row('', '合计')}</table><table>${header}${header}${row('201', '一般公共服务支出')}</table>`));
    expect(doc.tables.map((t) => [t.kind, t.unit, t.rows.length])).toEqual([['expense', '万元', 2]]);
  });
});
