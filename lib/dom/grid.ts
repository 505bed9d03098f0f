import type { RawCell } from '../model/raw';
import { cellText, isHiddenByMarkup } from './text';

/** Spans beyond this are treated as hostile or broken markup and clipped. */
const MAX_COLSPAN = 1000;
const MAX_COLUMNS = 2000;
/** As in HTML: rowspan is clamped to 65534 (and then to the rows left in its row group). */
const MAX_ROWSPAN = 65534;

const isTag = (el: Element, tag: string): boolean => el.tagName.toUpperCase() === tag;
const isSection = (el: Element): boolean => isTag(el, 'THEAD') || isTag(el, 'TBODY') || isTag(el, 'TFOOT');

/**
 * The row groups of this table in the order they are displayed: the first <thead> on top and the
 * first <tfoot> at the bottom wherever they sit in the markup (CSS table-header-group /
 * table-footer-group), every other <tbody>/<thead>/<tfoot> and every run of <tr> placed directly
 * in the table in markup order. Rows of nested tables are not included; hidden rows and rows of
 * hidden sections are left out; empty groups are dropped. A rowspan never reaches out of its group.
 */
export function rowGroups(table: Element, isHidden: (el: Element) => boolean = isHiddenByMarkup): Element[][] {
  const groups: Array<{ section: Element | null; rows: Element[] }> = [];
  let loose: Element[] | null = null;
  for (let child = table.firstElementChild; child; child = child.nextElementSibling) {
    if (isTag(child, 'TR')) {
      if (!loose) {
        loose = [];
        groups.push({ section: null, rows: loose });
      }
      loose.push(child);
    } else if (isSection(child)) {
      loose = null;
      const rows: Element[] = [];
      for (let tr = child.firstElementChild; tr; tr = tr.nextElementSibling) if (isTag(tr, 'TR')) rows.push(tr);
      const hidden = isHidden(child);
      groups.push({ section: hidden ? null : child, rows: hidden ? [] : rows });
    }
  }
  const head = groups.find((g) => g.section && isTag(g.section, 'THEAD'));
  const foot = groups.find((g) => g.section && isTag(g.section, 'TFOOT'));
  const ordered = [...(head ? [head] : []), ...groups.filter((g) => g !== head && g !== foot), ...(foot ? [foot] : [])];
  return ordered.map((g) => g.rows.filter((r) => !isHidden(r))).filter((rows) => rows.length > 0);
}

/** The <tr> elements of this table (in thead/tbody/tfoot or direct), not of nested tables, in display order. */
export function directRows(table: Element): Element[] {
  return rowGroups(table).flat();
}

/** A cell to read, with the attributes it has (read once: each DOM call from a content script crosses worlds). */
type CellOf = { el: Element; tag: string; names: readonly string[] };

function directCells(tr: Element): CellOf[] {
  const cells: CellOf[] = [];
  for (let c = tr.firstElementChild; c; c = c.nextElementSibling) {
    const tag = c.tagName.toUpperCase();
    if (tag !== 'TD' && tag !== 'TH') continue;
    // most cells have no attribute, or only align/width/class: then none of the four below
    const names = c.hasAttributes() ? c.getAttributeNames() : [];
    if (!hiddenWith(c, names)) cells.push({ el: c, tag, names });
  }
  return cells;
}

/** isHiddenByMarkup, for an element whose attribute names are known. */
const hiddenWith = (el: Element, names: readonly string[]): boolean =>
  names.length > 0 && (names.includes('hidden') || (names.includes('style') && isHiddenByMarkup(el)));

/**
 * A span attribute read by HTML's "rules for parsing non-negative integers": leading ASCII
 * whitespace only (not &nbsp;, U+3000 or a BOM, which parseInt would skip), an optional sign,
 * ASCII digits. Anything else, or a negative number, reads as 1, as browsers do.
 */
function span(cell: CellOf, attr: string, max: number): number {
  if (!cell.names.includes(attr)) return 1;
  const m = /^[\t\n\f\r ]*([+-]?)([0-9]+)/.exec(cell.el.getAttribute(attr) ?? '');
  if (!m) return 1;
  const n = Number.parseInt(m[2]!, 10);
  if (m[1] === '-' && n !== 0) return 1;
  return Math.min(n, max);
}

/**
 * An HTML table as a rectangular grid: every slot covered by a rowspan/colspan holds the covering
 * cell's text and its origin, so a filled-down 类型 column or a 合计 label spanning three code
 * columns reads in every slot. rowspan="0" runs to the last row of its row group (thead/tbody/tfoot). Returns the grid and, per slot,
 * the cell element (for annotation later).
 */
export function tableToGrid(table: Element): { grid: RawCell[][]; elements: Element[][] } {
  const groups = rowGroups(table, (el) => el.hasAttributes() && isHiddenByMarkup(el));
  const rows = groups.flat();
  const grid: (RawCell | undefined)[][] = rows.map(() => []);
  const elements: (Element | undefined)[][] = rows.map(() => []);
  let r = 0;
  for (const group of groups) {
    const groupEnd = r + group.length; // rowspans stop at the end of their row group
    for (const tr of group) {
      let c = 0;
      for (const cell of directCells(tr)) {
        const line = grid[r]!;
        while (line[c] !== undefined) c++;
        if (c >= MAX_COLUMNS) break;
        const rsAttr = span(cell, 'rowspan', MAX_ROWSPAN);
        const rs = Math.max(1, Math.min(rsAttr === 0 ? groupEnd - r : rsAttr, groupEnd - r));
        const cs = Math.min(Math.max(span(cell, 'colspan', MAX_COLSPAN), 1), MAX_COLUMNS - c);
        const text = cellText(cell.el);
        const header = cell.tag === 'TH';
        for (let i = 0; i < rs; i++) {
          for (let j = 0; j < cs; j++) {
            grid[r + i]![c + j] = { text, originRow: r, originCol: c, header };
            elements[r + i]![c + j] = cell.el;
          }
        }
        c += cs;
      }
      r++;
    }
  }
  // (a loop, not Math.max(...lines): spreading 100 000 rows into arguments overflows the stack)
  let width = 0;
  for (const line of grid) if (line.length > width) width = line.length;
  // pad short rows in place: an empty slot is its own empty cell, and locates to the table
  for (let row = 0; row < grid.length; row++) {
    const line = grid[row]!;
    const els = elements[row]!;
    for (let c = 0; c < width; c++) {
      if (line[c] === undefined) line[c] = { text: '', originRow: row, originCol: c, header: false };
      if (els[c] === undefined) els[c] = table;
    }
  }
  return { grid: grid as RawCell[][], elements: elements as Element[][] };
}
