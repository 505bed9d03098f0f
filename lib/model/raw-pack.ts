import type { RawCell, RawSource, RawTable } from './raw';

/**
 * A RawSource in the shape it travels in from a page to the background, which extracts and
 * audits it off the page's main thread. A grid holds one object per slot (60 000 for a page of
 * 10 000 rows), and the browser copies every value of a message on the page's thread. Packed, a
 * table is its cells' texts, each once, row by row, and the few slots that do not follow that
 * order: those a rowspan/colspan covers and the cells whose origin is not where they are first
 * met (overlapping spans). No zod here: the content script packs; the background checks the
 * shape (lib/messages.ts) and unpackRawSource checks the rest.
 */
export type PackedTable = {
  part: number;
  before: string[];
  after: string[];
  caption: string | null;
  height: number;
  width: number;
  /** each distinct cell's text once, in the order its first slot comes row by row */
  texts: string[];
  /** indexes (into texts) of the header cells */
  headers: number[];
  /** slot, cell pairs (flat) for every slot that is not a new cell's first: a slot covered by a span */
  covered: number[];
  /** cell, originRow, originCol triples (flat) for the cells whose origin is not their first slot */
  moved: number[];
};

export type PackedSource = { source: string; title: string | null; paragraphs: string[]; tables: PackedTable[] };

function packTable(table: RawTable): PackedTable {
  const height = table.grid.length;
  const width = height ? table.grid[0]!.length : 0;
  const texts: string[] = [];
  const headers: number[] = [];
  const covered: number[] = [];
  const moved: number[] = [];
  // a cell is known by its origin: every slot a rowspan/colspan covers names the same one
  const cellAt = new Int32Array(height * width).fill(-1);
  let slot = 0;
  for (let r = 0; r < height; r++) {
    const line = table.grid[r]!;
    if (line.length !== width) throw new Error('packRawSource: the grid is not rectangular');
    for (let c = 0; c < width; c++, slot++) {
      const cell = line[c]!;
      const key = cell.originRow * width + cell.originCol;
      const known = cellAt[key]!;
      if (known >= 0) {
        covered.push(slot, known);
        continue;
      }
      const i = texts.push(cell.text) - 1;
      cellAt[key] = i;
      if (cell.header) headers.push(i);
      if (cell.originRow !== r || cell.originCol !== c) {
        covered.push(slot, i);
        moved.push(i, cell.originRow, cell.originCol);
      }
    }
  }
  return { part: table.part, before: table.before, after: table.after, caption: table.caption, height, width, texts, headers, covered, moved };
}

export function packRawSource(raw: RawSource): PackedSource {
  return { source: raw.source, title: raw.title, paragraphs: raw.paragraphs, tables: raw.tables.map(packTable) };
}

function unpackTable(t: PackedTable): RawTable {
  const where = `table ${t.part}`;
  const slots = t.height * t.width;
  if (t.covered.length % 2 !== 0 || t.moved.length % 3 !== 0) throw new Error(`${where}: covered slots come in pairs, moved cells in triples`);
  const coveredBy = new Map<number, number>();
  for (let k = 0; k < t.covered.length; k += 2) coveredBy.set(t.covered[k]!, t.covered[k + 1]!);
  const origin = new Map<number, [number, number]>();
  for (let k = 0; k < t.moved.length; k += 3) origin.set(t.moved[k]!, [t.moved[k + 1]!, t.moved[k + 2]!]);
  const header = new Set(t.headers);
  const cells: RawCell[] = [];
  const grid: RawCell[][] = [];
  let next = 0;
  for (let r = 0, slot = 0; r < t.height; r++) {
    const line: RawCell[] = [];
    for (let c = 0; c < t.width; c++, slot++) {
      const i = coveredBy.get(slot) ?? next;
      if (i === next) {
        // the cell's first slot
        const text = t.texts[i];
        if (text === undefined) throw new Error(`${where}: ${t.texts.length} texts for more cells`);
        const [originRow, originCol] = origin.get(i) ?? [r, c];
        cells.push({ text, originRow, originCol, header: header.has(i) });
        next++;
      } else if (i > next || i < 0) throw new Error(`${where}: slot ${slot} names cell ${i} before it is met`);
      line.push({ ...cells[i]! });
    }
    grid.push(line);
  }
  if (next !== t.texts.length) throw new Error(`${where}: ${t.texts.length} texts for ${next} cells in ${slots} slots`);
  return { part: t.part, grid, before: t.before, after: t.after, caption: t.caption };
}

/** The RawSource packRawSource packed (throws on a packed table that does not hold together). */
export function unpackRawSource(packed: PackedSource): RawSource {
  return { source: packed.source, title: packed.title, paragraphs: packed.paragraphs, tables: packed.tables.map(unpackTable) };
}
