import type { RawCell } from '../model/raw';
import { cellText, isHiddenByMarkup } from './text';

/** Spans beyond this are treated as hostile or broken markup and clipped. */
const MAX_COLSPAN = 1000;
const MAX_COLUMNS = 2000;

/** The <tr> elements of this table (in thead/tbody/tfoot or direct), not of nested tables. */
export function directRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (let child = table.firstElementChild; child; child = child.nextElementSibling) {
    const tag = child.tagName.toUpperCase();
    if (tag === 'TR') rows.push(child);
    else if (tag === 'THEAD' || tag === 'TBODY' || tag === 'TFOOT') {
      for (let tr = child.firstElementChild; tr; tr = tr.nextElementSibling) if (tr.tagName.toUpperCase() === 'TR') rows.push(tr);
    }
  }
  return rows.filter((r) => !isHiddenByMarkup(r));
}

function directCells(tr: Element): Element[] {
  const cells: Element[] = [];
  for (let c = tr.firstElementChild; c; c = c.nextElementSibling) {
    const tag = c.tagName.toUpperCase();
    if ((tag === 'TD' || tag === 'TH') && !isHiddenByMarkup(c)) cells.push(c);
  }
  return cells;
}

function span(el: Element, attr: string, max: number): number {
  const n = Number.parseInt(el.getAttribute(attr) ?? '1', 10);
  if (!Number.isFinite(n) || n < 0) return 1;
  return Math.min(n, max);
}

/**
 * An HTML table as a rectangular grid: every slot covered by a rowspan/colspan holds the covering
 * cell's text and its origin, so a filled-down 类型 column or a 合计 label spanning three code
 * columns reads in every slot. rowspan="0" runs to the last row. Returns the grid and, per slot,
 * the cell element (for annotation later).
 */
export function tableToGrid(table: Element): { grid: RawCell[][]; elements: Element[][] } {
  const rows = directRows(table);
  const grid: (RawCell | undefined)[][] = rows.map(() => []);
  const elements: (Element | undefined)[][] = rows.map(() => []);
  rows.forEach((tr, r) => {
    let c = 0;
    for (const cell of directCells(tr)) {
      const line = grid[r]!;
      while (line[c] !== undefined) c++;
      if (c >= MAX_COLUMNS) break;
      const rsAttr = span(cell, 'rowspan', rows.length);
      const rs = Math.min(rsAttr === 0 ? rows.length - r : rsAttr, rows.length - r);
      const cs = Math.min(Math.max(span(cell, 'colspan', MAX_COLSPAN), 1), MAX_COLUMNS - c);
      const text = cellText(cell);
      const header = cell.tagName.toUpperCase() === 'TH';
      for (let i = 0; i < Math.max(rs, 1); i++) {
        for (let j = 0; j < cs; j++) {
          grid[r + i]![c + j] = { text, originRow: r, originCol: c, header };
          elements[r + i]![c + j] = cell;
        }
      }
      c += cs;
    }
  });
  const width = Math.max(0, ...grid.map((line) => line.length));
  const filled = grid.map((line, r) =>
    Array.from({ length: width }, (_, c) => line[c] ?? { text: '', originRow: r, originCol: c, header: false }),
  );
  const els = elements.map((line) => Array.from({ length: width }, (_, c) => line[c] ?? table));
  return { grid: filled, elements: els };
}
