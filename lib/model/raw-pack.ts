import type { RawCell, RawSource, RawTable } from './raw';

/**
 * A RawSource in the shape it travels in from a page to the background, which extracts and
 * audits it off the page's main thread. A grid holds one object per slot (60 000 for a page of
 * 10 000 rows): the browser would copy each on the page's thread. Packed, a table is a few flat
 * arrays: every cell once (its text, origin and <th>-ness) and, per slot, which cell covers it.
 * No zod here: the content script packs; the background checks the shape (lib/messages.ts) and
 * unpackRawSource checks the rest.
 */
export type PackedTable = {
  part: number;
  before: string[];
  after: string[];
  caption: string | null;
  height: number;
  width: number;
  /** each distinct cell once, in the order first met row by row */
  texts: string[];
  /** per cell: originRow, originCol */
  origins: number[];
  /** indexes (into texts) of the header cells */
  headers: number[];
  /** per slot, row by row: the index of the cell that covers it */
  slots: number[];
};

export type PackedSource = { source: string; title: string | null; paragraphs: string[]; tables: PackedTable[] };

function packTable(table: RawTable): PackedTable {
  const height = table.grid.length;
  const width = height ? table.grid[0]!.length : 0;
  const texts: string[] = [];
  const origins: number[] = [];
  const headers: number[] = [];
  const slots: number[] = [];
  // a cell is known by its origin: every slot a rowspan/colspan covers names the same one
  const cellAt = new Int32Array(height * width).fill(-1);
  for (const line of table.grid) {
    if (line.length !== width) throw new Error('packRawSource: the grid is not rectangular');
    for (const cell of line) {
      const key = cell.originRow * width + cell.originCol;
      let i = cellAt[key]!;
      if (i < 0) {
        i = texts.push(cell.text) - 1;
        origins.push(cell.originRow, cell.originCol);
        if (cell.header) headers.push(i);
        cellAt[key] = i;
      }
      slots.push(i);
    }
  }
  return { part: table.part, before: table.before, after: table.after, caption: table.caption, height, width, texts, origins, headers, slots };
}

export function packRawSource(raw: RawSource): PackedSource {
  return { source: raw.source, title: raw.title, paragraphs: raw.paragraphs, tables: raw.tables.map(packTable) };
}

function unpackTable(t: PackedTable): RawTable {
  if (t.slots.length !== t.height * t.width) throw new Error(`table ${t.part}: ${t.slots.length} slots for ${t.height} × ${t.width}`);
  if (t.origins.length !== 2 * t.texts.length) throw new Error(`table ${t.part}: ${t.origins.length / 2} origins for ${t.texts.length} cells`);
  const header = new Set(t.headers);
  const grid: RawCell[][] = [];
  for (let r = 0; r < t.height; r++) {
    const line: RawCell[] = [];
    for (let c = 0; c < t.width; c++) {
      const i = t.slots[r * t.width + c]!;
      const text = t.texts[i];
      if (text === undefined) throw new Error(`table ${t.part}: slot ${r},${c} names cell ${i} of ${t.texts.length}`);
      line.push({ text, originRow: t.origins[2 * i]!, originCol: t.origins[2 * i + 1]!, header: header.has(i) });
    }
    grid.push(line);
  }
  return { part: t.part, grid, before: t.before, after: t.after, caption: t.caption };
}

/** The RawSource packRawSource packed (throws on a packed table that does not hold together). */
export function unpackRawSource(packed: PackedSource): RawSource {
  return { source: packed.source, title: packed.title, paragraphs: packed.paragraphs, tables: packed.tables.map(unpackTable) };
}
