import type { RawCell, RawSource, RawTable } from '../model/raw';

/**
 * PDF page layout → RawSource, with no PDF library involved: the input is what a PDF parser gives
 * (text runs with their boxes, ruling lines), in points, y growing downwards from the page top.
 * lib/files/pdf.ts feeds it from pdfjs; tests feed it synthetic pages.
 *
 * Tables are found two ways. Ruled tables (nearly every table exported from Word or Excel) are
 * read from their ruling lines: the lines give every column, empty ones too, and the cell spans.
 * Tables without rulings are read from text alignment: a run of lines that split into several
 * aligned cells with numbers; columns are the x ranges the cells of most lines cover.
 */

export type PdfTextItem = {
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** baseline y (the bottom of the glyphs' body, not of descenders) */
  baseline: number;
  /** font size in points */
  size: number;
};

/** A ruling line: horizontal ('h': at = y, from/to = x range) or vertical ('v': at = x, from/to = y range). */
export type PdfRule = { dir: 'h' | 'v'; at: number; from: number; to: number };

export type PdfPage = { width: number; height: number; items: PdfTextItem[]; rules: PdfRule[] };

/** Cell spans in a table's own index space (r1, c1 exclusive). */
type CellBox = {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
  text: string;
  /** ruled cells cut by a page break: no rule on this side */
  topOpen?: boolean;
  bottomOpen?: boolean;
};

type Line = { items: PdfTextItem[]; text: string; x0: number; x1: number; top: number; bottom: number; baseline: number; size: number };

type Chunk = { text: string; x0: number; x1: number };

type TableBlock = {
  type: 'table';
  kind: 'lattice' | 'stream';
  /** a ruled table whose first (last) row has no rule above (below) it: a row cut by a page break */
  openTop: boolean;
  openBottom: boolean;
  top: number;
  bottom: number;
  left: number;
  right: number;
  /** column boundaries, left to right (columns = xs.length - 1) */
  xs: number[];
  rows: number;
  cells: CellBox[];
  /** stream tables keep their lines so a continuation can be re-read with the previous columns */
  lines: Line[];
};

type TextBlock = { type: 'text'; line: Line };
type Block = TableBlock | TextBlock;

// --- tuning (in points or multiples of the font size) ---
/** Ruling lines this close (pt) are the same line. */
const RULE_SNAP = 2;
/** A border must cover this share of a cell side to separate two cells. */
const BORDER_COVER = 0.5;
/** Items on one line: baselines within this share of the font size. */
const BASELINE_TOLERANCE = 0.4;
/** Two text runs further apart than this (× font size) are different cells. */
const CELL_GAP = 0.6;
/** Lines within this share of the page height from its top or bottom may be running headers/footers. */
const MARGIN_BAND = 0.12;
const MAX_BEFORE = 6;
const MAX_AFTER = 3;

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;
const NUMBER = /^[（(]?[-−]?[\d０-９][\d０-９,，]*(?:[.．]\s?[\d０-９]+)?[)）]?%?$/;
const DECIMAL = /[\d０-９][.．]\s?[\d０-９]/;
const BLANK_MARK = /^[-—–―‐]+$/;
const PAGE_NUMBER = [
  /^第\s*[\d０-９]+\s*页(?:\s*[,，/]?\s*共\s*[\d０-９]+\s*页)?$/,
  /^[-—–―‐]\s*[\d０-９]+\s*[-—–―‐]$/,
  /^[\d０-９]+$/,
  /^[\d０-９]+\s*\/\s*[\d０-９]+$/,
  /^共\s*[\d０-９]+\s*页\s*第\s*[\d０-９]+\s*页$/,
  /^page\s*\d+(?:\s*(?:of|\/)\s*\d+)?$/i,
];

const compact = (s: string) => s.replace(/[\s\u3000\u00a0]+/g, '');
export const isPageNumberLine = (text: string): boolean => PAGE_NUMBER.some((re) => re.test(text.trim()));

/** Join two pieces of text read in order: no space next to CJK, a space between Latin words. */
function joinText(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  const last = a[a.length - 1]!;
  const first = b[0]!;
  if (/\s/.test(last) || /\s/.test(first)) return a + b;
  if (CJK.test(last) || CJK.test(first)) return a + b;
  return `${a} ${b}`;
}

// ---------------------------------------------------------------------------------------------
// lines

/** Group text runs into lines by baseline; runs on a line sorted left to right. */
function groupLines(items: readonly PdfTextItem[]): Line[] {
  const sorted = items.filter((i) => i.text.trim() !== '').sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const groups: PdfTextItem[][] = [];
  let current: PdfTextItem[] = [];
  let base = Number.NEGATIVE_INFINITY;
  let size = 0;
  for (const it of sorted) {
    if (current.length && Math.abs(it.baseline - base) <= BASELINE_TOLERANCE * Math.min(size, it.size)) {
      current.push(it);
      continue;
    }
    if (current.length) groups.push(current);
    current = [it];
    base = it.baseline;
    size = it.size;
  }
  if (current.length) groups.push(current);
  return groups.map(makeLine);
}

function makeLine(items: PdfTextItem[]): Line {
  const sorted = [...items].sort((a, b) => a.x0 - b.x0);
  let text = '';
  let prev: PdfTextItem | null = null;
  for (const it of sorted) {
    if (prev && it.x0 - prev.x1 > 0.2 * Math.max(prev.size, it.size) && !/\s$/.test(text) && !/^\s/.test(it.text)) text += ' ';
    text += it.text;
    prev = it;
  }
  const sizes = sorted.map((i) => i.size).sort((a, b) => a - b);
  return {
    items: sorted,
    text: text.replace(/\s+/g, ' ').trim(),
    x0: Math.min(...sorted.map((i) => i.x0)),
    x1: Math.max(...sorted.map((i) => i.x1)),
    top: Math.min(...sorted.map((i) => i.top)),
    bottom: Math.max(...sorted.map((i) => i.bottom)),
    baseline: sorted.reduce((s, i) => s + i.baseline, 0) / sorted.length,
    size: sizes[Math.floor(sizes.length / 2)]!,
  };
}

/** The text of runs that share one cell: lines top to bottom, joined without a break. */
function textOf(items: readonly PdfTextItem[]): string {
  if (!items.length) return '';
  return groupLines(items)
    .map((l) => l.text)
    .reduce((acc, t) => joinText(acc, t), '');
}

/** A line cut into cells: runs further apart than CELL_GAP × size, or split by a wide blank inside a run. */
function chunksOf(line: Line): Chunk[] {
  const pieces: Chunk[] = [];
  for (const it of line.items) {
    const parts = it.text.split(/(\s{2,}|\u3000{2,})/);
    if (parts.length === 1) {
      pieces.push({ text: it.text, x0: it.x0, x1: it.x1 });
      continue;
    }
    const per = (it.x1 - it.x0) / Math.max(1, it.text.length);
    let offset = 0;
    for (const p of parts) {
      if (p.trim() !== '') pieces.push({ text: p, x0: it.x0 + offset * per, x1: it.x0 + (offset + p.length) * per });
      offset += p.length;
    }
  }
  const chunks: Chunk[] = [];
  for (const p of pieces) {
    const last = chunks[chunks.length - 1];
    if (last && p.x0 - last.x1 <= CELL_GAP * line.size) {
      last.text = p.x0 - last.x1 > 0.2 * line.size ? `${last.text} ${p.text}` : last.text + p.text;
      last.x1 = Math.max(last.x1, p.x1);
    } else chunks.push({ ...p });
  }
  return chunks.map((c) => ({ ...c, text: c.text.replace(/\s+/g, ' ').trim() })).filter((c) => c.text !== '');
}

const isNumberText = (t: string) => NUMBER.test(t.replace(/\s+/g, '')) || BLANK_MARK.test(t.trim());

// ---------------------------------------------------------------------------------------------
// ruled tables

type Seg = { at: number; from: number; to: number };

function mergeSegments(segs: Seg[]): Seg[] {
  const sorted = [...segs].sort((a, b) => a.at - b.at || a.from - b.from);
  const out: Seg[] = [];
  for (const s of sorted) {
    const same = out.filter((o) => Math.abs(o.at - s.at) <= 0.6 && s.from <= o.to + RULE_SNAP);
    const target = same[same.length - 1];
    if (target) {
      target.to = Math.max(target.to, s.to);
      target.from = Math.min(target.from, s.from);
    } else out.push({ ...s });
  }
  return out;
}

/** Cluster sorted values: values within `tol` of the previous one join its cluster (the cluster's mean). */
function cluster(values: readonly number[], tol = RULE_SNAP): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v - last[last.length - 1]! <= tol) last.push(v);
    else out.push([v]);
  }
  return out.map((c) => c.reduce((s, v) => s + v, 0) / c.length);
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[i] !== r) {
      const next = this.parent[i]!;
      this.parent[i] = r;
      i = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** How much of [from, to] the segments cover. */
function coverage(segs: readonly Seg[], from: number, to: number): number {
  const parts = segs
    .map((s) => [Math.max(from, s.from), Math.min(to, s.to)] as const)
    .filter(([a, b]) => b > a)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let end = from;
  for (const [a, b] of parts) {
    if (b <= end) continue;
    covered += b - Math.max(a, end);
    end = b;
  }
  return to > from ? covered / (to - from) : 0;
}

const indexIn = (bounds: readonly number[], v: number): number => {
  for (let i = 0; i < bounds.length - 1; i++) if (v >= bounds[i]! && v < bounds[i + 1]!) return i;
  return -1;
};

/** Ruled tables on a page, and the text runs left outside them. */
function ruledTables(page: PdfPage): { tables: TableBlock[]; rest: PdfTextItem[] } {
  const h = mergeSegments(page.rules.filter((r) => r.dir === 'h'));
  const v = mergeSegments(page.rules.filter((r) => r.dir === 'v'));
  const uf = new UnionFind(h.length + v.length);
  for (let i = 0; i < h.length; i++) {
    for (let j = 0; j < v.length; j++) {
      const hs = h[i]!;
      const vs = v[j]!;
      if (vs.at >= hs.from - RULE_SNAP && vs.at <= hs.to + RULE_SNAP && hs.at >= vs.from - RULE_SNAP && hs.at <= vs.to + RULE_SNAP) uf.union(i, h.length + j);
    }
  }
  const groups = new Map<number, { h: Seg[]; v: Seg[] }>();
  h.forEach((s, i) => {
    const g = groups.get(uf.find(i)) ?? { h: [], v: [] };
    g.h.push(s);
    groups.set(uf.find(i), g);
  });
  v.forEach((s, j) => {
    const g = groups.get(uf.find(h.length + j)) ?? { h: [], v: [] };
    g.v.push(s);
    groups.set(uf.find(h.length + j), g);
  });

  const tables: TableBlock[] = [];
  let rest = page.items;
  for (const g of groups.values()) {
    const xs = cluster(g.v.map((s) => s.at));
    const ys = cluster(g.h.map((s) => s.at));
    if (xs.length < 3 || !ys.length) continue; // a box or a rule, not a table
    // a row cut by a page break has no rule on its open side: the verticals reach beyond the last rule
    const vTop = Math.min(...g.v.map((s) => s.from));
    const vBottom = Math.max(...g.v.map((s) => s.to));
    if (vTop < ys[0]! - RULE_SNAP) ys.unshift(vTop);
    if (vBottom > ys[ys.length - 1]! + RULE_SNAP) ys.push(vBottom);
    if (ys.length < 2) continue;
    const vAt = xs.map((x) => g.v.filter((s) => Math.abs(s.at - x) <= RULE_SNAP));
    const hAt = ys.map((y) => g.h.filter((s) => Math.abs(s.at - y) <= RULE_SNAP));
    for (const [r0, r1] of sections(xs, ys, vAt)) {
      const used = new Set<number>([0, xs.length - 1]);
      for (let c = 1; c < xs.length - 1; c++) {
        for (let r = r0; r < r1; r++) if (coverage(vAt[c]!, ys[r]!, ys[r + 1]!) >= BORDER_COVER) used.add(c);
      }
      const cols = [...used].sort((a, b) => a - b);
      const built = latticeTable(
        cols.map((c) => xs[c]!),
        ys.slice(r0, r1 + 1),
        cols.map((c) => vAt[c]!),
        hAt.slice(r0, r1 + 1),
        rest,
      );
      if (!built) continue;
      rest = built.rest;
      tables.push(built.table);
    }
  }
  return { tables, rest };
}

/**
 * Row bands of a ruled component that are separate tables: two tables printed one right under
 * the other share a rule, but no column line runs from one into the other and their column lines
 * do not line up.
 */
function sections(xs: readonly number[], ys: readonly number[], vAt: readonly Seg[][]): Array<[number, number]> {
  const nr = ys.length - 1;
  const present = Array.from({ length: nr }, (_, r) => {
    const set = new Set<number>();
    for (let c = 1; c < xs.length - 1; c++) if (coverage(vAt[c]!, ys[r]!, ys[r + 1]!) >= BORDER_COVER) set.add(c);
    return set;
  });
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let k = 1; k < nr; k++) {
    const crossing = [...present[k - 1]!].some((c) => present[k]!.has(c));
    if (crossing) continue;
    const above = new Set<number>();
    for (let r = start; r < k; r++) for (const c of present[r]!) above.add(c);
    const below = new Set<number>();
    for (let r = k; r < nr; r++) for (const c of present[r]!) below.add(c);
    if (!above.size || !below.size) continue;
    const shared = [...above].filter((c) => below.has(c)).length;
    if (shared / Math.min(above.size, below.size) >= 0.5) continue;
    out.push([start, k]);
    start = k;
  }
  out.push([start, nr]);
  return out;
}

/** One ruled table: cells from the grid of rules (spans where a border is missing), text runs by their centre. */
function latticeTable(
  xs: readonly number[],
  ys: readonly number[],
  vAt: readonly Seg[][],
  hAt: readonly Seg[][],
  items: readonly PdfTextItem[],
): { table: TableBlock; rest: PdfTextItem[] } | null {
  if (xs.length < 3 || ys.length < 2) return null;
  const left = xs[0]!;
  const right = xs[xs.length - 1]!;
  const top = ys[0]!;
  const bottom = ys[ys.length - 1]!;
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  const cells = new UnionFind(nr * nc);
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      if (c + 1 < nc && coverage(vAt[c + 1]!, ys[r]!, ys[r + 1]!) < BORDER_COVER) cells.union(r * nc + c, r * nc + c + 1);
      if (r + 1 < nr && coverage(hAt[r + 1]!, xs[c]!, xs[c + 1]!) < BORDER_COVER) cells.union(r * nc + c, (r + 1) * nc + c);
    }
  }
  const inside: PdfTextItem[] = [];
  const rest: PdfTextItem[] = [];
  for (const it of items) {
    const cx = (it.x0 + it.x1) / 2;
    const cy = (it.top + it.bottom) / 2;
    if (cx >= left && cx <= right && cy >= top && cy <= bottom) inside.push(it);
    else rest.push(it);
  }
  if (!inside.length) return null;
  const boxes = new Map<number, { r0: number; r1: number; c0: number; c1: number; items: PdfTextItem[] }>();
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      const root = cells.find(r * nc + c);
      const b = boxes.get(root);
      if (b) {
        b.r0 = Math.min(b.r0, r);
        b.r1 = Math.max(b.r1, r + 1);
        b.c0 = Math.min(b.c0, c);
        b.c1 = Math.max(b.c1, c + 1);
      } else boxes.set(root, { r0: r, r1: r + 1, c0: c, c1: c + 1, items: [] });
    }
  }
  for (const it of inside) {
    const r = Math.max(0, indexIn(ys, (it.top + it.bottom) / 2));
    const c = Math.max(0, indexIn(xs, (it.x0 + it.x1) / 2));
    boxes.get(cells.find(r * nc + c))?.items.push(it);
  }
  const cellBoxes: CellBox[] = [...boxes.values()].map((b) => ({
    r0: b.r0,
    r1: b.r1,
    c0: b.c0,
    c1: b.c1,
    text: textOf(b.items),
    topOpen: b.r0 === 0 && coverage(hAt[0]!, xs[b.c0]!, xs[b.c1]!) < BORDER_COVER,
    bottomOpen: b.r1 === nr && coverage(hAt[nr]!, xs[b.c0]!, xs[b.c1]!) < BORDER_COVER,
  }));
  return {
    rest,
    table: {
      type: 'table',
      kind: 'lattice',
      openTop: cellBoxes.some((c) => c.topOpen),
      openBottom: cellBoxes.some((c) => c.bottomOpen),
      top,
      bottom,
      left,
      right,
      xs: [...xs],
      rows: nr,
      cells: cellBoxes,
      lines: [],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// tables without rulings

type Classified = { line: Line; chunks: Chunk[]; table: boolean; decimal: boolean };

function classify(line: Line): Classified {
  const chunks = chunksOf(line);
  const table = chunks.length >= 2 && chunks.some((c) => isNumberText(c.text));
  return { line, chunks, table, decimal: table && chunks.some((c) => NUMBER.test(compact(c.text)) && DECIMAL.test(c.text)) };
}

const isPreamble = (t: string) => /[:：]/.test(t) || /^单位/.test(compact(t));

/** Column ranges from the cells of the data lines: x ranges most lines cover, separated by ranges (almost) none covers. */
function streamColumns(lines: readonly Classified[]): number[] {
  const chunks = lines.flatMap((l) => l.chunks);
  const min = Math.min(...chunks.map((c) => c.x0));
  const max = Math.max(...chunks.map((c) => c.x1));
  const step = 0.5;
  const bins = Math.max(1, Math.ceil((max - min) / step));
  const count = new Array<number>(bins).fill(0);
  for (const l of lines) {
    for (const c of l.chunks) {
      for (let b = Math.floor((c.x0 - min) / step); b < Math.min(bins, Math.ceil((c.x1 - min) / step)); b++) count[b]!++;
    }
  }
  const threshold = Math.floor(lines.length * 0.08);
  const spans: Array<[number, number]> = [];
  let start = -1;
  for (let b = 0; b <= bins; b++) {
    const on = b < bins && count[b]! > threshold;
    if (on && start < 0) start = b;
    if (!on && start >= 0) {
      spans.push([min + start * step, min + b * step]);
      start = -1;
    }
  }
  const size = lines[0]?.line.size ?? 10;
  const merged: Array<[number, number]> = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] - last[1] < 0.3 * size) last[1] = s[1];
    else merged.push([...s]);
  }
  const xs = [merged[0]![0]];
  for (let i = 0; i < merged.length - 1; i++) xs.push((merged[i]![1] + merged[i + 1]![0]) / 2);
  xs.push(merged[merged.length - 1]![1]);
  return xs;
}

/** Columns a chunk covers: by its centre, or every column it overlaps by half (a header over several columns). */
function columnsOfChunk(xs: readonly number[], c: Chunk, spanning: boolean): [number, number] {
  const n = xs.length - 1;
  const centre = (c.x0 + c.x1) / 2;
  let at = indexIn(xs, centre);
  if (at < 0) at = centre < xs[0]! ? 0 : n - 1;
  if (!spanning) return [at, at + 1];
  let c0 = at;
  let c1 = at + 1;
  while (c0 > 0 && c.x0 < (xs[c0 - 1]! + xs[c0]!) / 2) c0--;
  while (c1 < n && c.x1 > (xs[c1]! + xs[c1 + 1]!) / 2) c1++;
  return [c0, c1];
}

/** Read region lines into rows with the given columns: header lines, data lines, and wrapped label lines joined to their row. */
function streamCells(region: readonly Classified[], xs: readonly number[]): { cells: CellBox[]; rows: number } {
  type Row = { lines: Classified[]; cells: Map<number, { c1: number; text: string }>; data: boolean };
  const rows: Row[] = [];
  const seenData = { value: false };
  const fragments: Array<{ l: Classified; index: number }> = [];
  for (const l of region) {
    const data = l.table;
    if (!data && seenData.value && l.chunks.every((c) => !isNumberText(c.text))) {
      fragments.push({ l, index: rows.length });
      continue;
    }
    if (data) seenData.value = true;
    const cells = new Map<number, { c1: number; text: string }>();
    for (const ch of l.chunks) {
      const [c0, c1] = columnsOfChunk(xs, ch, !data);
      const prev = cells.get(c0);
      cells.set(c0, { c1: Math.max(c1, prev?.c1 ?? c1), text: prev ? joinText(prev.text, ch.text) : ch.text });
    }
    rows.push({ lines: [l], cells, data });
  }
  // a wrapped label (no numbers) belongs to the nearer neighbouring data row, the row above on a tie
  for (const { l, index } of fragments) {
    const above = rows[index - 1];
    const below = rows[index];
    const dAbove = above ? l.line.top - Math.max(...above.lines.map((x) => x.line.bottom)) : Infinity;
    const dBelow = below?.data ? Math.min(...below.lines.map((x) => x.line.top)) - l.line.bottom : Infinity;
    const target = dBelow < dAbove - 0.5 ? below : above;
    if (!target) continue;
    for (const ch of l.chunks) {
      const [c0] = columnsOfChunk(xs, ch, false);
      const prev = target.cells.get(c0);
      const text = !prev ? ch.text : target === above ? joinText(prev.text, ch.text) : joinText(ch.text, prev.text);
      target.cells.set(c0, { c1: prev?.c1 ?? c0 + 1, text });
    }
    target.lines.push(l);
  }
  const cells: CellBox[] = [];
  rows.forEach((row, r) => {
    for (const [c0, { c1, text }] of row.cells) cells.push({ r0: r, r1: r + 1, c0, c1, text });
  });
  return { cells, rows: rows.length };
}

function streamBlock(region: Classified[], xs?: readonly number[]): TableBlock {
  const data = region.filter((l) => l.table);
  const cols = xs ? [...xs] : streamColumns(data.length ? data : region);
  const { cells, rows } = streamCells(region, cols);
  return {
    type: 'table',
    kind: 'stream',
    openTop: false,
    openBottom: false,
    top: Math.min(...region.map((l) => l.line.top)),
    bottom: Math.max(...region.map((l) => l.line.bottom)),
    left: cols[0]!,
    right: cols[cols.length - 1]!,
    xs: cols,
    rows,
    cells,
    lines: region.map((l) => l.line),
  };
}

/** Tables made of aligned text on a page's lines (top to bottom); the other lines stay text. */
function streamTables(lines: readonly Line[], textWidth: number): Block[] {
  const cls = lines.map(classify);
  const blocks: Block[] = [];
  let i = 0;
  const flushText = (from: number, to: number) => {
    for (let k = from; k < to; k++) blocks.push({ type: 'text', line: cls[k]!.line });
  };
  let emitted = 0;
  while (i < cls.length) {
    if (!cls[i]!.table) {
      i++;
      continue;
    }
    let j = i;
    let left = Math.min(...cls[i]!.chunks.map((c) => c.x0));
    let right = Math.max(...cls[i]!.chunks.map((c) => c.x1));
    while (j + 1 < cls.length) {
      const next = cls[j + 1]!;
      const gap = next.line.top - cls[j]!.line.bottom;
      if (gap > 2 * next.line.size) break;
      if (next.table) {
        j++;
        left = Math.min(left, ...next.chunks.map((c) => c.x0));
        right = Math.max(right, ...next.chunks.map((c) => c.x1));
        continue;
      }
      const fragment =
        next.chunks.every((c) => !isNumberText(c.text)) &&
        next.line.x1 - next.line.x0 < 0.4 * textWidth &&
        !/[。；]$/.test(next.line.text) &&
        next.line.x0 >= left - next.line.size &&
        next.line.x1 <= right + next.line.size &&
        !/^(注|备注|说明|附注)/.test(next.line.text);
      if (!fragment) break;
      j++;
    }
    // a wrapped label may end the table, a line further away is a note below it
    while (j > i && !cls[j]!.table && cls[j]!.line.top - cls[j - 1]!.line.bottom > 0.6 * cls[j]!.line.size) j--;
    while (j > i && !cls[j]!.table && !cls[j - 1]!.table) j--;
    let h = i;
    while (h - 1 >= emitted) {
      const prev = cls[h - 1]!;
      const gap = cls[h]!.line.top - prev.line.bottom;
      if (gap > 2 * prev.line.size || prev.chunks.length < 2 || prev.chunks.some((c) => isPreamble(c.text))) break;
      h--;
    }
    const region = cls.slice(h, j + 1);
    if (region.filter((l) => l.decimal).length < 2) {
      i = j + 1;
      continue;
    }
    flushText(emitted, h);
    blocks.push(streamBlock(region));
    emitted = j + 1;
    i = j + 1;
  }
  flushText(emitted, cls.length);
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// running headers and footers

/** Lines repeated at the same place on most pages (running titles, page numbers) and page-number lines in the margins. */
function removeRunningLines(pages: Array<{ page: PdfPage; lines: Line[] }>): void {
  const key = (l: Line) => `${Math.round(l.top / 3)}|${compact(l.text).replace(/[\d０-９]+/g, '#')}`;
  const inBand = (p: PdfPage, l: Line) => l.bottom < p.height * MARGIN_BAND || l.top > p.height * (1 - MARGIN_BAND);
  const counts = new Map<string, number>();
  for (const { page, lines } of pages) {
    for (const k of new Set(lines.filter((l) => inBand(page, l)).map(key))) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const need = Math.max(2, Math.ceil(pages.length * 0.5));
  for (const p of pages) {
    p.lines = p.lines.filter((l) => {
      if (!inBand(p.page, l)) return true;
      if (isPageNumberLine(l.text)) return false;
      return pages.length < 2 || (counts.get(key(l)) ?? 0) < need;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// across pages

/** Column boundaries of `b` that are also (within snap) in `a`: how well two tables line up. */
function sharedBounds(a: readonly number[], b: readonly number[]): number {
  return b.filter((x) => a.some((y) => Math.abs(x - y) <= RULE_SNAP * 1.5)).length / b.length;
}

const rowTexts = (t: TableBlock, r: number): string =>
  t.cells
    .filter((c) => c.r0 === r)
    .sort((a, b) => a.c0 - b.c0)
    .map((c) => compact(c.text))
    .join('|');

const hasNumberRow = (t: TableBlock): boolean => t.cells.some((c) => NUMBER.test(compact(c.text)) && DECIMAL.test(c.text));

/** Append `next` (the top of the following page) to `prev`: one table across a page break. */
function appendTable(prev: TableBlock, next: TableBlock): TableBlock {
  const xs = cluster([...prev.xs, ...next.xs], RULE_SNAP * 1.5);
  const map = (own: readonly number[]) => own.map((x) => xs.reduce((best, y, i) => (Math.abs(y - x) < Math.abs(xs[best]! - x) ? i : best), 0));
  const pm = map(prev.xs);
  const nm = map(next.xs);
  const cells = prev.cells.map((c) => ({ ...c, c0: pm[c.c0]!, c1: pm[c.c1]! }));
  const last = prev.rows - 1;
  // a cell cut by the page break: its rest is the open-topped cell under its open bottom
  const partner = (n: CellBox): CellBox | undefined => {
    if (!n.topOpen || prev.rows === 0) return undefined;
    const mid = (nm[n.c0]! + nm[n.c1]!) / 2;
    return cells.find((c) => c.bottomOpen && c.r0 <= last && c.r1 > last && c.c0 <= mid && c.c1 > mid);
  };
  const first = next.cells.filter((n) => n.r0 === 0);
  // the first band on the new page is the rest of the cut row when nothing in it starts a row of its own
  const sameRow = first.length > 0 && first.every((n) => partner(n) || n.r1 > 1 || n.text === '');
  const offset = sameRow ? last : prev.rows;
  for (const n of next.cells) {
    const moved = { ...n, r0: n.r0 + offset, r1: n.r1 + offset, c0: nm[n.c0]!, c1: nm[n.c1]! };
    if (n.r0 === 0) {
      const above = partner(n);
      if (above) {
        above.text = joinText(above.text, n.text);
        above.r1 = Math.max(above.r1, moved.r1);
        above.bottomOpen = n.bottomOpen;
        continue;
      }
      if (sameRow) {
        if (n.r1 > 1) moved.r0 += 1;
        else continue;
      }
    }
    cells.push(moved);
  }
  return { ...prev, xs, rows: offset + next.rows, cells, openBottom: next.openBottom, lines: [...prev.lines, ...next.lines] };
}

/**
 * A table that runs on at the top of the next page. With its header repeated it stays a part of
 * its own (the extractor merges parts with the same header); without it, it is the same grid and
 * is appended to the part above.
 */
function continuesOnNextPage(prev: TableBlock, next: TableBlock): 'append' | 'part' | null {
  if (Math.abs(prev.left - next.left) > 4 || Math.abs(prev.right - next.right) > 4) return null;
  if (prev.rows > 0 && next.rows > 0 && rowTexts(prev, 0) !== '' && rowTexts(prev, 0) === rowTexts(next, 0)) return 'part';
  const aligned = sharedBounds(prev.xs, next.xs) >= 0.9 || sharedBounds(next.xs, prev.xs) >= 0.9;
  if (next.openTop || !hasNumberRow(prev) || aligned) return 'append';
  return null;
}

// ---------------------------------------------------------------------------------------------
// the document

function toGrid(t: TableBlock): RawCell[][] {
  const width = t.xs.length - 1;
  const grid: (RawCell | undefined)[][] = Array.from({ length: t.rows }, () => new Array<RawCell | undefined>(width));
  const ordered = [...t.cells].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  for (const c of ordered) {
    for (let r = c.r0; r < Math.min(c.r1, t.rows); r++) {
      for (let k = c.c0; k < Math.min(c.c1, width); k++) {
        grid[r]![k] ??= { text: c.text, originRow: c.r0, originCol: c.c0, header: false };
      }
    }
  }
  return grid.map((row, r) => Array.from({ length: width }, (_, c) => row[c] ?? { text: '', originRow: r, originCol: c, header: false }));
}

type Para = { text: string; first: Line; last: Line; page: number };

/** 一、 （二） 3、 4. (5) 第六 …: a line that starts a list item starts a paragraph. */
const LIST_MARKER = /^\s*(?:[（(][一二三四五六七八九十百]+[)）]|[一二三四五六七八九十百]+[、.．]|\d+[、.．](?!\d)|第[一二三四五六七八九十百\d]+[部分章节条])/;

/** The width of a line's first unbreakable piece: a run of Latin letters, digits and their punctuation, or one CJK character. */
function firstWordWidth(line: Line): number {
  // a CJK character carries the closing punctuation that may not start a line
  const latin = /^[A-Za-z0-9０-９.,%．，％()（）\-—+/]+[。，、；：！？,;:!?”’）)】》]*/u.exec(line.text)?.[0] ?? '';
  const cjk = /^[《“‘（(【]*.[。，、；：！？,;:!?”’）)】》]*/u.exec(line.text)?.[0] ?? line.text.slice(0, 1);
  const piece = latin.length > cjk.length ? latin : cjk;
  const per = line.text.length ? (line.x1 - line.x0) / line.text.length : line.size;
  return piece.length * Math.min(per, line.size);
}

/** Paragraphs from consecutive text lines: a full line followed by an unindented line of the same size runs on. */
function paragraphs(run: Array<{ line: Line; page: number }>, margins: Map<number, { left: number; right: number }>): Para[] {
  const out: Para[] = [];
  for (const { line, page } of run) {
    const prev = out[out.length - 1];
    if (prev) {
      const m = margins.get(prev.page)!;
      const mNext = margins.get(page)!;
      // the line above ended only because the next line's first word did not fit on it
      const full = prev.last.x1 >= m.right - 1.2 * prev.last.size || prev.last.x1 + firstWordWidth(line) > m.right - 0.3 * prev.last.size;
      const newItem = /[。！？!?；;：:]$/.test(prev.last.text) && LIST_MARKER.test(line.text);
      const sameSize = Math.abs(prev.last.size - line.size) <= 0.15 * line.size;
      const unindented = line.x0 < mNext.left + line.size;
      const close = page !== prev.page || line.top - prev.last.bottom <= 0.7 * line.size;
      if (full && sameSize && unindented && close && !newItem) {
        prev.text = joinText(prev.text, line.text);
        prev.last = line;
        prev.page = page;
        continue;
      }
    }
    out.push({ text: line.text, first: line, last: line, page });
  }
  return out;
}

/**
 * The text of a ruled cell cut at the page bottom can be painted below the table's last rule:
 * lines right under an open cell, inside its column, belong to that cell.
 */
function attachOverflow(tables: readonly TableBlock[], lines: Line[]): Line[] {
  let rest = lines;
  for (const t of tables) {
    if (!t.openBottom) continue;
    const open = t.cells.filter((c) => c.bottomOpen);
    let limit = t.bottom;
    const sorted = [...rest].sort((a, b) => a.top - b.top);
    const taken = new Set<Line>();
    for (const l of sorted) {
      if (l.top < t.bottom - RULE_SNAP) continue;
      if (l.top > limit + 0.8 * l.size) break;
      const cell = open.find((c) => l.x0 >= t.xs[c.c0]! - 1 && l.x1 <= t.xs[c.c1]! + 1);
      if (!cell) break;
      cell.text = joinText(cell.text, l.text);
      taken.add(l);
      limit = l.bottom;
    }
    if (taken.size) rest = rest.filter((l) => !taken.has(l));
  }
  return rest;
}

/** Pages (text runs and rulings) → the RawSource the extractor reads. */
export function layoutPdf(pages: readonly PdfPage[], source: string, title: string | null = null): RawSource {
  const perPage = pages.map((page) => {
    const { tables, rest } = ruledTables(page);
    return { page, tables, lines: attachOverflow(tables, groupLines(rest)) };
  });
  removeRunningLines(perPage);

  const allLines = perPage.flatMap((p) => p.lines);
  const longLines = allLines.filter((l) => compact(l.text).length >= 10);
  const right = longLines.length ? Math.max(...longLines.map((l) => l.x1)) : Math.max(0, ...allLines.map((l) => l.x1));
  const margins = new Map<number, { left: number; right: number }>();

  const pageBlocks: Block[][] = perPage.map((p, n) => {
    const left = p.lines.length ? Math.min(...p.lines.map((l) => l.x0)) : 0;
    margins.set(n, { left, right });
    const width = Math.max(1, right - left);
    const sorted = [...p.lines].sort((a, b) => a.top - b.top);
    // lines between two ruled tables are read separately so a stream table never spans one
    const blocks: Block[] = [...p.tables];
    const bands = [...p.tables].sort((a, b) => a.top - b.top);
    let from = 0;
    for (let k = 0; k <= bands.length; k++) {
      const limit = bands[k]?.top ?? Number.POSITIVE_INFINITY;
      const chunk: Line[] = [];
      while (from < sorted.length && sorted[from]!.top < limit) chunk.push(sorted[from++]!);
      blocks.push(...streamTables(chunk, width));
    }
    const topOf = (b: Block) => (b.type === 'table' ? b.top : b.line.top);
    return blocks.sort((a, b) => topOf(a) - topOf(b) || (a.type === 'table' ? a.left : a.line.x0) - (b.type === 'table' ? b.left : b.line.x0));
  });

  // tables running on across page breaks
  type Placed = { block: Block; page: number };
  const placed: Placed[] = [];
  pageBlocks.forEach((blocks, n) => {
    blocks.forEach((block, k) => {
      const last = placed[placed.length - 1];
      if (k === 0 && block.type === 'table' && last && last.page === n - 1 && last.block.type === 'table') {
        let next = block;
        const prev = last.block;
        if (prev.kind === 'stream' && next.kind === 'stream' && next.lines.length && prev.xs.length > next.xs.length) {
          const cls = next.lines.map(classify);
          next = streamBlock(cls, prev.xs);
        }
        const how = continuesOnNextPage(prev, next);
        if (how === 'append') {
          last.block = appendTable(prev, next);
          last.page = n;
          return;
        }
      }
      placed.push({ block, page: n });
    });
  });

  // text runs between tables → paragraphs; tables take the paragraphs around them as before/after
  type Item = { type: 'para'; para: Para } | { type: 'table'; table: TableBlock };
  const sequence: Item[] = [];
  let run: Array<{ line: Line; page: number }> = [];
  const flush = () => {
    for (const para of paragraphs(run, margins)) sequence.push({ type: 'para', para });
    run = [];
  };
  for (const p of placed) {
    if (p.block.type === 'text') run.push({ line: p.block.line, page: p.page });
    else {
      flush();
      sequence.push({ type: 'table', table: p.block });
    }
  }
  flush();

  const tables: RawTable[] = [];
  sequence.forEach((item, k) => {
    if (item.type !== 'table') return;
    const grid = toGrid(item.table);
    if (!grid.length || grid[0]!.length < 2) return;
    const before: string[] = [];
    for (let b = k - 1; b >= 0 && before.length < MAX_BEFORE; b--) {
      const it = sequence[b]!;
      if (it.type === 'table') break;
      before.unshift(it.para.text);
    }
    const after: string[] = [];
    for (let a = k + 1; a < sequence.length && after.length < MAX_AFTER; a++) {
      const it = sequence[a]!;
      if (it.type === 'table') break;
      after.push(it.para.text);
    }
    tables.push({ part: tables.length, grid, before, after, caption: null });
  });
  const prose = sequence.flatMap((it) => (it.type === 'para' ? [it.para.text] : []));
  return { source, title, tables, paragraphs: prose };
}
