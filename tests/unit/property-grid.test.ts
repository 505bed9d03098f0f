import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableToGrid } from '../../lib/dom/grid';
import type { RawCell } from '../../lib/model/raw';
import { gridOracle, htmlColspan, htmlRowspan, renderTableSpec, reusableParser, runs, shownText, spanAttr, tableSpec, type TableSpec } from '../helpers/arbitraries';
import { parseHtml } from '../helpers/dom';

const parse = reusableParser();

const tableOf = (html: string, fresh = false): Element => {
  const t = (fresh ? parseHtml(html) : parse(html)).querySelector('table');
  if (!t) throw new Error('no table');
  return t;
};

const idOf = (el: Element): number | null => {
  const id = el.getAttribute('data-id');
  return id === null ? null : Number(id);
};

const sameSlot = (a: RawCell, b: RawCell): boolean => a.text === b.text && a.originRow === b.originRow && a.originCol === b.originCol && a.header === b.header;

/**
 * Every structural property of the grid of one random table. Slots are compared in plain code and
 * only the first violation goes through expect (a table with colspan="1000" has thousands of slots).
 */
function checkGrid(spec: TableSpec, freshParse = false): void {
  const html = renderTableSpec(spec);
  const table = tableOf(html);
  const { grid, elements } = tableToGrid(table);
  const oracle = gridOracle(spec);

  // one line per displayed row, all of the same width, elements alike
  expect(grid.length).toBe(oracle.rows);
  expect(elements.length).toBe(grid.length);
  const width = grid[0]?.length ?? 0;
  expect(width).toBe(oracle.width);
  expect(grid.every((line) => line.length === width) && elements.every((line) => line.length === width)).toBe(true);

  const covered = new Map<number, number>();
  const overlapped = new Set<number>();
  const fail = (r: number, c: number, what: string, got: unknown, want: unknown) =>
    expect({ slot: [r, c], what, got }).toEqual({ slot: [r, c], what, got: want });
  for (let r = 0; r < grid.length; r++) {
    for (let c = 0; c < width; c++) {
      const slot = grid[r]![c]!;
      const owners = oracle.owners[r]![c]!;
      const el = elements[r]![c]!;
      // the origin is up and to the left, and is a slot of its own holding the same cell
      if (slot.originRow > r || slot.originCol > c) fail(r, c, 'origin up-left', [slot.originRow, slot.originCol], [r, c]);
      const origin = grid[slot.originRow]![slot.originCol]!;
      if (!sameSlot(origin, slot)) fail(r, c, 'origin slot', origin, slot);
      if (elements[slot.originRow]![slot.originCol] !== el) fail(r, c, 'origin element', 'another element', 'the same element');
      if (owners.length === 0) {
        // a slot no cell covers: blank, its own origin, the table as element
        const blank = { text: '', originRow: r, originCol: c, header: false };
        if (!sameSlot(slot, blank)) fail(r, c, 'uncovered slot', slot, blank);
        if (el !== table) fail(r, c, 'uncovered element', idOf(el), 'the table');
        continue;
      }
      if (owners.length > 1) owners.forEach((id) => overlapped.add(id));
      const id = idOf(el);
      // where markup overlaps two cells, the slot shows one of them
      if (id === null || !owners.includes(id)) fail(r, c, 'covering cell', id, owners);
      const placed = oracle.placed.get(id!)!;
      const want = { text: shownText(placed.cell.text), originRow: placed.row, originCol: placed.col, header: placed.cell.tag === 'th' };
      if (!sameSlot(slot, want)) fail(r, c, 'slot', slot, want);
      covered.set(id!, (covered.get(id!) ?? 0) + 1);
    }
  }

  // a cell no other cell overlaps covers exactly min(rowspan, rows left in its group) × colspan slots
  for (const placed of oracle.placed.values()) {
    const rs = htmlRowspan(placed.cell.rowspan);
    const expected = (rs === 0 ? placed.rowsLeft : Math.min(rs, placed.rowsLeft)) * Math.min(htmlColspan(placed.cell.colspan), placed.cols);
    const got = covered.get(placed.cell.id) ?? 0;
    if (overlapped.has(placed.cell.id)) expect(got).toBeLessThanOrEqual(expected);
    else expect({ cell: placed.cell.id, slots: got }).toEqual({ cell: placed.cell.id, slots: expected });
  }
  // hidden cells and cells of hidden rows cover nothing
  for (const id of covered.keys()) expect(oracle.placed.has(id)).toBe(true);

  // deterministic: the same element, or the same markup parsed again (in a window of its own), gives the same grid
  const json = JSON.stringify(grid);
  expect(JSON.stringify(tableToGrid(table).grid)).toBe(json);
  if (freshParse) expect(JSON.stringify(tableToGrid(tableOf(html, true)).grid)).toBe(json);
}

const gridText = (grid: RawCell[][]) => grid.map((line) => line.map((c) => c.text));

describe('property: tableToGrid', () => {
  it('is rectangular, consistent with its origins and with the HTML table algorithm, and deterministic', () => {
    fc.assert(
      fc.property(tableSpec, fc.integer({ min: 0, max: 9 }), (spec, n) => checkGrid(spec, n === 0)),
      runs(250),
    );
  }, 30_000);

  it('reads any rowspan/colspan attribute value as the HTML rules for non-negative integers do', () => {
    const cell = (id: number, rowspan: string | null, colspan: string | null) => ({ id, tag: 'td' as const, text: `c${id}`, rowspan, colspan, hidden: false });
    fc.assert(
      fc.property(spanAttr, spanAttr, spanAttr, spanAttr, (rs1, cs1, rs2, cs2) => {
        // two attribute pairs side by side (two colspans of 1000 reach the 2000-column cap), rows below to span into
        const spec: TableSpec = {
          groups: [
            {
              tag: 'tbody',
              hidden: false,
              rows: [
                { hidden: false, cells: [cell(0, rs1, cs1), cell(1, null, null), cell(2, rs2, cs2), cell(3, null, '2')] },
                { hidden: false, cells: [cell(4, null, null)] },
                { hidden: false, cells: [] },
              ],
            },
          ],
        };
        checkGrid(spec);
      }),
      runs(150),
    );
  }, 30_000);

  it('never throws on random markup with huge spans', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(fc.integer({ min: -5, max: 70000 }), fc.integer({ min: -5, max: 5000 })), { maxLength: 4 }), { maxLength: 5 }), (rows) => {
        const html = `<table>${rows.map((r) => `<tr>${r.map(([rs, cs]) => `<td rowspan="${rs}" colspan="${cs}">a</td>`).join('')}</tr>`).join('')}</table>`;
        const { grid } = tableToGrid(tableOf(html));
        const width = grid[0]?.length ?? 0;
        expect(width).toBeLessThanOrEqual(2000);
        expect(grid.every((line) => line.length === width)).toBe(true);
        expect(grid.length).toBe(rows.length);
      }),
      runs(60),
    );
  }, 30_000);
});

describe('tableToGrid: examples the properties pinned down', () => {
  it('a colspan that runs into a rowspan from above overlaps it; both cells keep their own origin slot', () => {
    const { grid } = tableToGrid(tableOf('<table><tr><td>a</td><td rowspan="2">b</td></tr><tr><td colspan="2">x</td></tr></table>'));
    expect(gridText(grid)).toEqual([
      ['a', 'b'],
      ['x', 'x'],
    ]);
    expect(grid[1]![1]).toMatchObject({ originRow: 1, originCol: 0 });
  });

  // found by the span-attribute property: parseInt skips any Unicode space, HTML only ASCII whitespace
  it('reads rowspan="&nbsp;2" (or U+3000, a BOM, a vertical tab before the digits) as 1, as browsers do', () => {
    for (const pad of ['&nbsp;', '\u3000', '\ufeff', '\u000b', '\u2028']) {
      const { grid } = tableToGrid(tableOf(`<table><tr><td rowspan="${pad}2">a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>`));
      expect(gridText(grid)).toEqual([
        ['a', 'b'],
        ['c', 'd'],
      ]);
    }
  });

  it('still reads ASCII whitespace, a plus sign and trailing junk around the digits', () => {
    const { grid } = tableToGrid(tableOf('<table><tr><td rowspan=" \t2x">a</td><td colspan="+2">b</td></tr><tr><td>c</td><td>d</td></tr></table>'));
    expect(gridText(grid)).toEqual([
      ['a', 'b', 'b'],
      ['a', 'c', 'd'],
    ]);
  });
});
