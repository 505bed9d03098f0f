import type { CellRef, Ref, TableRef, TextRef } from '../model/finding';
import type { TableLayout } from '../report/page-audit';
import type { DomSource } from './source';

/**
 * Where a reference is printed on the page:
 * - cell: the <td>/<th> element (a slot covered by a rowspan/colspan gives the covering cell)
 * - text: a DOM Range over the printed characters of a prose span, and the block it is in
 * - table: the first <table> element the table was read from
 */
export type Located =
  | { kind: 'cell'; element: Element; part: number; gridRow: number; gridColumn: number }
  | { kind: 'text'; element: Element; range: Range }
  | { kind: 'table'; element: Element };

export type Locator = {
  locate(ref: Ref): Located | null;
  cell(ref: CellRef): Element | null;
  text(ref: TextRef): Range | null;
  table(ref: TableRef): Element | null;
};

/**
 * Refs → DOM, for one audit of one page: the layout of the extracted tables (layoutOf) says which
 * raw part and grid row each row was read from; the DomSource keeps the elements of every part and paragraph. Returns
 * null for anything that is not (or no longer) on the page, never throws on a stale ref.
 */
export function createLocator(layout: readonly TableLayout[], dom: DomSource): Locator {
  const tables = new Map<string, TableLayout>(layout.map((t) => [t.id, t]));

  const cellAt = (ref: CellRef): Extract<Located, { kind: 'cell' }> | null => {
    const rows = tables.get(ref.table)?.rows;
    const partIndex = rows?.[2 * ref.row];
    const gridRow = rows?.[2 * ref.row + 1];
    if (partIndex === undefined || gridRow === undefined) return null;
    const part = dom.parts[partIndex];
    const element = part?.cells[gridRow]?.[ref.column];
    // slots the grid padded (short rows) hold the table itself: not a cell
    if (!part || !element || element === part.element) return null;
    if (!element.isConnected) return null;
    return { kind: 'cell', element, part: partIndex, gridRow, gridColumn: ref.column };
  };

  const rangeOf = (ref: TextRef): Extract<Located, { kind: 'text' }> | null => {
    const where = dom.paragraphs[ref.paragraph];
    const text = dom.raw.paragraphs[ref.paragraph];
    const map = where?.map;
    if (!where || !map || text === undefined) return null;
    const start = Math.max(0, Math.min(ref.start, text.length));
    const end = Math.max(start, Math.min(ref.end, text.length));
    if (end <= start) return null;
    const startNode = map.nodes[map.node[start]!];
    const endNode = map.nodes[map.node[end - 1]!];
    if (!startNode || !endNode || !startNode.isConnected || !endNode.isConnected) return null;
    const startOffset = map.offset[start]!;
    const endOffset = map.offset[end - 1]! + 1;
    if (startOffset > (startNode.data ?? '').length || endOffset > (endNode.data ?? '').length) return null;
    const range = startNode.ownerDocument.createRange();
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset);
    return { kind: 'text', element: where.element, range };
  };

  const tableOf = (ref: TableRef): Element | null => {
    const t = tables.get(ref.table);
    const part = t ? dom.parts[t.parts[0] ?? -1] : undefined;
    return part && part.element.isConnected ? part.element : null;
  };

  return {
    locate(ref) {
      if (ref.type === 'cell') return cellAt(ref);
      if (ref.type === 'text') return rangeOf(ref);
      const element = tableOf(ref);
      return element ? { kind: 'table', element } : null;
    },
    cell: (ref) => cellAt(ref)?.element ?? null,
    text: (ref) => rangeOf(ref)?.range ?? null,
    table: tableOf,
  };
}
