import type { Claim } from '../lib/model/claim';
import type { RawSource, RawTable } from '../lib/model/raw';
import type { HeaderNode, Table } from '../lib/model/table';

/**
 * How the viewer lays out a reconstructed table: the header rows from the model's header tree
 * (colspan = leaf columns a node covers, rowspan down to the leaf level for a node without
 * children), and the body rows with the spans the source printed (a 合计 label across three code
 * columns, a filled-down 类型 column), taken from the raw grid's cell origins. Pure: no DOM.
 */

export type HeaderCell = { label: string; start: number; colspan: number; rowspan: number };

const depthOf = (nodes: readonly HeaderNode[]): number => (nodes.length ? 1 + Math.max(...nodes.map((n) => depthOf(n.children))) : 0);

/** The header rows of a table (none for a table read without a header). */
export function headerRows(table: Table): HeaderCell[][] {
  const width = table.columns.length;
  const levels = depthOf(table.header);
  if (levels === 0 || width === 0) return [];
  const slot: Array<Array<HeaderNode | null>> = Array.from({ length: levels }, () => Array.from({ length: width }, () => null));
  const fill = (node: HeaderNode, depth: number) => {
    const bottom = node.children.length ? depth + 1 : levels;
    for (let r = depth; r < bottom; r++) for (let c = Math.max(0, node.start); c < Math.min(node.end, width); c++) slot[r]![c] = node;
    for (const child of node.children) fill(child, depth + 1);
  };
  for (const node of table.header) fill(node, 0);
  const rows: HeaderCell[][] = [];
  for (let r = 0; r < levels; r++) {
    const out: HeaderCell[] = [];
    for (let c = 0; c < width; c++) {
      const n = slot[r]![c] ?? null;
      const above = r > 0 ? (slot[r - 1]![c] ?? null) : undefined;
      const left = c > 0 ? (slot[r]![c - 1] ?? null) : undefined;
      if (n === null) {
        // a column the tree does not reach: one empty cell down to the next node
        if (r > 0 && above === null) continue;
        let rowspan = 1;
        while (r + rowspan < levels && slot[r + rowspan]![c] === null) rowspan++;
        out.push({ label: '', start: c, colspan: 1, rowspan });
        continue;
      }
      if (above === n || left === n) continue;
      let colspan = 1;
      while (c + colspan < width && slot[r]![c + colspan] === n) colspan++;
      let rowspan = 1;
      while (r + rowspan < levels && slot[r + rowspan]![c] === n) rowspan++;
      out.push({ label: n.label, start: c, colspan, rowspan });
    }
    rows.push(out);
  }
  return rows;
}

export type BodyCell = {
  text: string;
  col: number;
  colspan: number;
  rowspan: number;
  /** the raw part and the raw grid rows this cell covers (for lib/dom/locate) */
  part: number;
  gridRows: number[];
};

/** The body rows of a table, each with the cells to render (slots covered by a span left out). */
export function bodyRows(table: Table, raw: RawSource): BodyCell[][] {
  const byPart = new Map<number, RawTable>(raw.tables.map((t) => [t.part, t]));
  const width = table.columns.length;
  const owner = (i: number, c: number): string => {
    const row = table.rows[i]!;
    const slot = byPart.get(row.source.part)?.grid[row.source.row]?.[c];
    return slot ? `${row.source.part}:${slot.originRow}:${slot.originCol}` : `self:${i}:${c}`;
  };
  const owners = table.rows.map((_, i) => Array.from({ length: width }, (_, c) => owner(i, c)));
  const taken = table.rows.map(() => new Uint8Array(width));
  const out: BodyCell[][] = table.rows.map(() => []);
  table.rows.forEach((row, i) => {
    for (let c = 0; c < width; c++) {
      if (taken[i]![c]) continue;
      const key = owners[i]![c]!;
      let colspan = 1;
      while (c + colspan < width && !taken[i]![c + colspan] && owners[i]![c + colspan] === key) colspan++;
      let rowspan = 1;
      const sameSource = (j: number) => table.rows[j]!.source.part === row.source.part;
      while (
        i + rowspan < table.rows.length &&
        sameSource(i + rowspan) &&
        Array.from({ length: colspan }, (_, k) => c + k).every((k) => !taken[i + rowspan]![k] && owners[i + rowspan]![k] === key)
      )
        rowspan++;
      for (let j = i; j < i + rowspan; j++) for (let k = c; k < c + colspan; k++) taken[j]![k] = 1;
      out[i]!.push({
        text: row.cells[c]?.text ?? '',
        col: c,
        colspan,
        rowspan,
        part: row.source.part,
        gridRows: Array.from({ length: rowspan }, (_, j) => table.rows[i + j]!.source.row),
      });
      c += colspan - 1;
    }
  });
  return out;
}

export type ProseSegment = { text: string; claims: string[] };

/** A paragraph cut at the edges of its claims: each piece with the claims that cover it (none: plain text). */
export function proseSegments(text: string, claims: readonly Pick<Claim, 'id' | 'start' | 'end'>[]): ProseSegment[] {
  const cuts = new Set<number>([0, text.length]);
  for (const c of claims) {
    cuts.add(Math.max(0, Math.min(c.start, text.length)));
    cuts.add(Math.max(0, Math.min(c.end, text.length)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: ProseSegment[] = [];
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1]!;
    const b = points[k]!;
    if (b <= a) continue;
    const covering = claims.filter((c) => a >= c.start && c.end >= b).map((c) => c.id);
    const last = out[out.length - 1];
    // neighbouring pieces covered by the same claims print as one
    if (last && last.claims.join(' ') === covering.join(' ')) last.text += text.slice(a, b);
    else out.push({ text: text.slice(a, b), claims: covering });
  }
  return out;
}
