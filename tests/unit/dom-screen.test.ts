import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { directRows, tableToGrid } from '../../lib/dom/grid';
import { candidateTables, firstRows, isLayoutTable, looksBudgetRelated } from '../../lib/dom/screen';
import { readDocument } from '../../lib/dom/source';
import { fixture, parseHtml } from '../helpers/dom';

const page = (body: string, title = 't') => parseHtml(`<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`);
const firstTable = (body: string): Element => page(body).querySelector('table')!;
const rowTexts = (rows: Element[]) => rows.map((r) => r.textContent);

describe('firstRows: the first rows in display order, without walking the table', () => {
  const cases: Array<[string, string]> = [
    ['loose rows', '<table><tr><td>a</td></tr><tr><td>b</td></tr><tr><td>c</td></tr></table>'],
    ['a thead after the tbody shows on top', '<table><tbody><tr><td>b1</td></tr><tr><td>b2</td></tr></tbody><thead><tr><td>h</td></tr></thead></table>'],
    ['a tfoot before the tbody shows at the bottom', '<table><tfoot><tr><td>f</td></tr></tfoot><tbody><tr><td>b1</td></tr></tbody></table>'],
    ['a hidden thead is skipped, the next thead is on top', '<table><tbody><tr><td>b</td></tr></tbody><thead hidden><tr><td>x</td></tr></thead><thead><tr><td>h2</td></tr></thead></table>'],
    ['hidden rows are skipped', '<table><tr style="display:none"><td>x</td></tr><tr><td>a</td></tr><tr hidden><td>y</td></tr><tr><td>b</td></tr></table>'],
    ['rows of a nested table are not rows of this one', '<table><tr><td><table><tr><td>n</td></tr></table></td></tr><tr><td>a</td></tr></table>'],
    ['a second thead and tfoot stay in markup order', '<table><thead><tr><td>h1</td></tr></thead><tbody><tr><td>b</td></tr></tbody><thead><tr><td>h2</td></tr></thead><tfoot><tr><td>f1</td></tr></tfoot><tfoot><tr><td>f2</td></tr></tfoot></table>'],
  ];
  it.each(cases)('%s', (_name, html) => {
    const table = firstTable(html);
    for (let n = 0; n <= 6; n++) expect(rowTexts(firstRows(table, n))).toEqual(rowTexts(directRows(table).slice(0, n)));
  });

  it('agrees with directRows on random arrangements of sections and rows', () => {
    const part = fc.oneof(
      fc.record({ tag: fc.constantFrom('thead', 'tbody', 'tfoot'), hidden: fc.boolean(), rows: fc.array(fc.boolean(), { maxLength: 3 }) }),
      fc.record({ tag: fc.constant('tr'), hidden: fc.boolean(), rows: fc.constant([]) }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), fc.integer({ min: 0, max: 8 }), (parts, n) => {
        let k = 0;
        const tr = (hidden: boolean) => `<tr${hidden ? ' hidden' : ''}><td>r${k++}</td></tr>`;
        const html = parts.map((p) => (p.tag === 'tr' ? tr(p.hidden) : `<${p.tag}${p.hidden ? ' hidden' : ''}>${p.rows.map(tr).join('')}</${p.tag}>`)).join('');
        const table = firstTable(`<table>${html}</table>`);
        expect(rowTexts(firstRows(table, n))).toEqual(rowTexts(directRows(table).slice(0, n)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('isLayoutTable: a row of two cells found without listing the rows', () => {
  it('agrees with "every row of directRows has fewer than two cells" on random arrangements', () => {
    const part = fc.oneof(
      fc.record({ tag: fc.constantFrom('thead', 'tbody', 'tfoot'), hidden: fc.boolean(), rows: fc.array(fc.record({ hidden: fc.boolean(), cells: fc.integer({ min: 0, max: 3 }) }), { maxLength: 3 }) }),
      fc.record({ tag: fc.constant('tr'), hidden: fc.boolean(), rows: fc.constant([]), cells: fc.integer({ min: 0, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        const tr = (hidden: boolean, cells: number) => `<tr${hidden ? ' style="display:none"' : ''}>${'<td>x</td>'.repeat(cells)}</tr>`;
        const html = parts
          .map((p) => ('cells' in p ? tr(p.hidden, p.cells) : `<${p.tag}${p.hidden ? ' hidden' : ''}>${p.rows.map((r) => tr(r.hidden, r.cells)).join('')}</${p.tag}>`))
          .join('');
        const table = firstTable(`<table>${html}</table>`);
        expect(isLayoutTable(table)).toBe(directRows(table).every((r) => r.children.length < 2));
      }),
      { numRuns: 300 },
    );
  });

  it('a table holding another table is a layout table', () => {
    expect(isLayoutTable(firstTable('<table><tr><td>a</td><td><table><tr><td>x</td></tr></table></td></tr></table>'))).toBe(true);
  });
});

describe('looksBudgetRelated', () => {
  it('sees budget words in the first rows', () => {
    expect(looksBudgetRelated(firstTable('<table><tr><td>项目</td><td>预算数</td></tr><tr><td>合计</td><td>1</td></tr></table>'))).toBe(true);
  });
  it('sees budget words in the title printed above', () => {
    expect(looksBudgetRelated(firstTable('<p>2024年一般公共预算“三公”经费表</p><table><tr><td>因公出国</td><td>1</td></tr></table>'))).toBe(true);
  });
  it('does not look past the fourth row', () => {
    const rows = ['地区', '一', '二', '三', '支出'].map((t) => `<tr><td>${t}</td><td>1</td></tr>`).join('');
    expect(looksBudgetRelated(firstTable(`<table>${rows}</table>`))).toBe(false);
  });
  it('a table of news items is not budget related', () => {
    expect(looksBudgetRelated(firstTable('<h1>新闻动态</h1><table><tr><td>召开工作会议</td><td>2024-01-02</td></tr></table>'))).toBe(false);
  });
});

describe('candidateTables: the content script starts the engine exactly where readDocument reads', () => {
  const pages = readdirSync(new URL('../fixtures/pages/', import.meta.url)).filter((f) => f.endsWith('.html'));
  const negatives = readdirSync(new URL('../fixtures/negative/', import.meta.url)).filter((f) => f.endsWith('.html'));

  /** readDocument reads exactly the candidates that have a row. */
  const readsCandidates = (doc: Document, file: string) => {
    const read = readDocument(doc, file).parts.map((p) => p.element);
    const candidates = candidateTables(doc);
    expect(read).toEqual(candidates.filter((t) => tableToGrid(t).grid.length > 0));
    return candidates;
  };

  it.each(pages)('%s', (file) => {
    expect(readsCandidates(parseHtml(fixture(`pages/${file}`)), file).length).toBeGreaterThan(5);
  });

  it.each(negatives)('negative/%s', (file) => {
    readsCandidates(parseHtml(fixture(`negative/${file}`)), file);
  });

  it('negative/news-calendar.html has no candidate (the popup test relies on it)', () => {
    expect(candidateTables(parseHtml(fixture('negative/news-calendar.html')))).toEqual([]);
  });

  it('a page of layout tables and a news list has no candidate', () => {
    const doc = page('<table><tr><td><h1>新闻动态</h1></td></tr></table><table><tr><td>召开会议</td><td>2024-01-01</td></tr><tr><td>开展培训</td><td>2024-01-02</td></tr></table>');
    expect(candidateTables(doc)).toEqual([]);
  });
});
