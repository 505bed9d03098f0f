import type { Unit } from '../model/amount';
import type { Column, HeaderNode, TableKind } from '../model/table';
import type { RawCell, RawTable } from '../model/raw';
import { kindFromTitle } from '../parse/title';
import { canonicalLabel, collapseSpace } from '../parse/text';
import { classifyColumns } from './columns';
import { readContext } from './context';
import { buildHeaderTree, headerDepth, isDataRow, isIndexRow, isSameHeaderRow } from './header';

export type BodyRow = { cells: readonly RawCell[]; part: number; row: number };

/** One raw table read on its own, before continuation parts are merged. */
export type TableDraft = {
  part: number;
  title: string | null;
  kind: TableKind | null;
  unit: Unit | null;
  department: string | null;
  year: number | null;
  width: number;
  header: HeaderNode[];
  headerRows: RawCell[][];
  body: BodyRow[];
  notes: string[];
};

const NOTE = /^(注|备注|说明|附注)\s*[0-9０-９]?\s*[:：]/;
const NO_SPENDING = /(无|没有).{0,20}(支出|收入|经费|预算|数据)|空表/;

/** Kind from what the header and first column name, for tables printed without a title. */
export function kindFromHeader(labels: readonly string[]): TableKind | null {
  const all = labels.map(canonicalLabel).join('|');
  if (/因公出国/.test(all) && /公务接待/.test(all)) return 'three-public';
  if (/绩效/.test(all)) return 'performance';
  return null;
}

/**
 * Read one raw table: context, header rows, 栏次 rows, body rows and notes. `headerless`: the
 * table is read as rows only (the rest of a table split at a page break, without its header).
 */
export function draftTable(raw: RawTable, knownKind: TableKind | null = null, headerless = false): TableDraft {
  const grid = raw.grid;
  const width = grid[0]?.length ?? 0;
  const ctx = readContext(raw.before, raw.caption, grid);
  let kind = knownKind ?? (ctx.title ? kindFromTitle(ctx.title) : null);
  const start = ctx.consumedRows;
  const depth = kind === 'performance' || headerless ? 0 : headerDepth(grid, start);
  const header = buildHeaderTree(grid, start, depth, width);
  const headerRows = grid.slice(start, start + depth);
  if (!kind && !ctx.title) kind = kindFromHeader([...headerRows.flat(), ...grid.slice(start + depth).map((r) => r[0]!).filter(Boolean)].map((c) => c.text));
  const body: BodyRow[] = [];
  for (let r = start + depth; r < grid.length; r++) {
    const cells = grid[r]!;
    if (cells.every((c) => collapseSpace(c.text) === '')) continue;
    if (kind !== 'performance' && isIndexRow(cells) && !isDataRow(cells)) continue;
    if (headerRows.some((h) => isSameHeaderRow(h, cells))) continue; // header repeated after a page break
    body.push({ cells, part: raw.part, row: r });
  }
  const notes = raw.after.filter((l) => NOTE.test(l) || NO_SPENDING.test(l));
  return {
    part: raw.part,
    title: ctx.title,
    kind,
    unit: ctx.unit,
    department: ctx.department,
    year: ctx.year,
    width,
    header,
    headerRows,
    body,
    notes,
  };
}

/** Leaf labels in column order: what tells that two parts are the same table. */
export function leafSignature(draft: TableDraft): string {
  const leaves: string[] = [];
  const walk = (nodes: readonly HeaderNode[]) => nodes.forEach((n) => (n.children.length ? walk(n.children) : leaves.push(n.label)));
  walk(draft.header);
  return leaves.join('|');
}

export function columnsOf(draft: TableDraft): Column[] {
  return classifyColumns(draft.header, draft.body.map((b) => [...b.cells]), draft.width);
}
