import type { HeaderNode } from '../model/table';
import type { RawCell } from '../model/raw';
import { amountShape } from '../parse/amount';
import { canonicalLabel, stripSpace, toHalfWidth } from '../parse/text';

/** Does the row print numbers like a data row (not a 栏次 row)? */
export function isDataRow(row: readonly RawCell[]): boolean {
  let amounts = 0;
  let texts = 0;
  for (const c of distinctCells(row)) {
    const p = amountShape(c.text);
    if (p.kind === 'amount' && /[.,]/.test(toHalfWidth(c.text))) amounts++;
    else if (p.kind === 'text') texts++;
  }
  return amounts > 0 && amounts >= texts / 2;
}

/** A 栏次 row: "栏次 1 2 3 4" or just consecutive column numbers. */
export function isIndexRow(row: readonly RawCell[]): boolean {
  const texts = distinctCells(row).map((c) => toHalfWidth(stripSpace(c.text))).filter((t) => t !== '');
  if (texts.length === 0) return false;
  const rest = /^(栏次|行次|序号)$/.test(texts[0]!) ? texts.slice(1) : texts;
  if (rest.length < 3 || !rest.every((t) => /^\d{1,3}$/.test(t))) return false;
  const nums = rest.map(Number);
  return nums.every((n, i) => i === 0 || n === nums[i - 1]! + 1);
}

/** The cells of a row, one per origin (a colspan cell counted once). */
function distinctCells(row: readonly RawCell[]): RawCell[] {
  return row.filter((c, i) => i === 0 || row[i - 1]!.originCol !== c.originCol || row[i - 1]!.originRow !== c.originRow);
}

/**
 * How many rows from `start` form the header: rows held together by rowspans, plus a row of
 * sub-headers under a spanning group label. Marked header cells (<th>) count as header rows too.
 * A row that prints amounts is never a header row.
 */
export function headerDepth(grid: readonly RawCell[][], start: number): number {
  const first = grid[start];
  if (!first || isDataRow(first) || isIndexRow(first)) return 0;
  let end = start + 1;
  for (;;) {
    const next = grid[end];
    if (!next || isIndexRow(next)) break;
    // the header printed again right below itself (a page break at the top of a part) ends it
    if (grid.slice(start, end).some((h) => isSameHeaderRow(h, next)) && !next.some((c) => c.originRow >= start && c.originRow < end)) break;
    // a header cell spanning down into `next`
    const spannedInto = next.some((c) => c.originRow >= start && c.originRow < end);
    if (spannedInto) {
      end++;
      continue;
    }
    if (isDataRow(next)) break;
    if (next.length > 0 && next.every((c) => c.header) && grid[end - 1]!.every((c) => c.header)) {
      end++;
      continue;
    }
    // a group label over several columns whose parts are printed in `next`
    const prev = grid[end - 1]!;
    const groups = groupsIn(prev, end - 1);
    const hasParts = groups.some(([a, b]) => new Set(next.slice(a, b).map((c) => c.text).filter((t) => t)).size >= 2);
    if (hasParts) {
      end++;
      continue;
    }
    break;
  }
  return end - start;
}

/** Column ranges [start, end) of cells in `row` that start in that row and span several columns. */
function groupsIn(row: readonly RawCell[], r: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let c = 0;
  while (c < row.length) {
    const cell = row[c]!;
    let e = c + 1;
    while (e < row.length && row[e]!.originCol === cell.originCol && row[e]!.originRow === cell.originRow) e++;
    if (e - c > 1 && cell.originRow === r && cell.text) out.push([c, e]);
    c = e;
  }
  return out;
}

type Box = { label: string; r0: number; r1: number; c0: number; c1: number };

/**
 * The header tree of rows [start, start+depth): every header cell becomes a node over the leaf
 * columns it spans; a cell's parent is the nearest cell above whose columns contain it. A label
 * repeated in the row below over the same columns (Word exports do that) is one node.
 */
export function buildHeaderTree(grid: readonly RawCell[][], start: number, depth: number, width: number): HeaderNode[] {
  const boxes: Box[] = [];
  const seen = new Set<string>();
  for (let r = start; r < start + depth; r++) {
    const row = grid[r]!;
    for (let c = 0; c < width; c++) {
      const cell = row[c];
      if (!cell) continue;
      const key = `${cell.originRow},${cell.originCol}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const label = canonicalHeader(cell.text);
      if (!label) continue;
      let c1 = c + 1;
      while (c1 < width && row[c1]!.originRow === cell.originRow && row[c1]!.originCol === cell.originCol) c1++;
      let r1 = r + 1;
      while (r1 < start + depth && grid[r1]![c]!.originRow === cell.originRow && grid[r1]![c]!.originCol === cell.originCol) r1++;
      boxes.push({ label, r0: r, r1, c0: c, c1 });
    }
  }
  const nodes = new Map<Box, HeaderNode>();
  const roots: HeaderNode[] = [];
  for (const box of boxes) {
    // parent: the deepest earlier box whose columns contain this one
    let parent: Box | null = null;
    for (const other of boxes) {
      if (other === box || other.r1 > box.r0 || other.c0 > box.c0 || other.c1 < box.c1) continue;
      if (!parent || other.r0 > parent.r0) parent = other;
    }
    if (parent && parent.label === box.label && parent.c0 === box.c0 && parent.c1 === box.c1) {
      nodes.set(box, nodes.get(parent)!);
      continue;
    }
    const node: HeaderNode = { label: box.label, start: box.c0, end: box.c1, children: [] };
    nodes.set(box, node);
    if (parent) nodes.get(parent)!.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Header labels are compared without whitespace ("项  目" is 项目). */
export function canonicalHeader(text: string): string {
  return stripSpace(text);
}

/** The path of labels from the root to the deepest node covering column `c`. */
export function columnPath(tree: readonly HeaderNode[], c: number): string[] {
  const path: string[] = [];
  let level: readonly HeaderNode[] = tree;
  for (;;) {
    const node = level.find((n) => n.start <= c && c < n.end);
    if (!node) return path;
    path.push(node.label);
    level = node.children;
  }
}

export const isSameHeaderRow = (a: readonly RawCell[], b: readonly RawCell[]): boolean =>
  a.length === b.length && a.every((c, i) => canonicalLabel(c.text) === canonicalLabel(b[i]!.text));

