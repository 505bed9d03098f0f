import type { DomParagraph, DomSource, DomTablePart, TextMap } from '../lib/dom/source';
import type { RawSource } from '../lib/model/raw';

/**
 * The viewer's rendering as a DomSource, so lib/dom/locate and lib/dom/annotate find findings in
 * it exactly as they do on a page. ViewerDocument marks what it renders:
 *
 * - every rendered table: `<table data-bl-parts="0 1">` (the raw parts its rows were read from);
 * - every body cell: `data-bl-part`, `data-bl-rows` (the raw grid rows it covers, space
 *   separated: a cell spanning rows covers several), `data-bl-col` and `data-bl-cols` (first
 *   column, columns covered);
 * - every prose paragraph: `data-bl-paragraph="i"`, whose text nodes print raw.paragraphs[i].
 *
 * Slots are filled as lib/dom/grid fills a page's grid: every slot a cell covers gives that cell.
 */
export const ATTR = {
  parts: 'data-bl-parts',
  part: 'data-bl-part',
  rows: 'data-bl-rows',
  col: 'data-bl-col',
  cols: 'data-bl-cols',
  paragraph: 'data-bl-paragraph',
} as const;

const ints = (value: string | null): number[] =>
  (value ?? '')
    .split(/\s+/)
    .filter((s) => /^\d+$/.test(s))
    .map(Number);

/** Build the DomSource of a rendered document (`root` holds ViewerDocument's output). */
export function domSourceOf(root: Element, raw: RawSource): DomSource {
  const partCount = Math.max(raw.tables.length, ...raw.tables.map((t) => t.part + 1));
  // parts that were not rendered (skipped by extraction) hold the root: no ref reaches them
  const parts: DomTablePart[] = Array.from({ length: partCount }, () => ({ element: root, cells: [] }));
  for (const table of Array.from(root.querySelectorAll(`table[${ATTR.parts}]`))) {
    for (const p of ints(table.getAttribute(ATTR.parts))) if (p < partCount) parts[p] = { element: table, cells: [] };
    for (const cell of Array.from(table.querySelectorAll(`td[${ATTR.part}], th[${ATTR.part}]`))) {
      const part = parts[Number(cell.getAttribute(ATTR.part))];
      if (!part || part.element !== table) continue;
      const col = Number(cell.getAttribute(ATTR.col));
      const cols = Math.max(1, Number(cell.getAttribute(ATTR.cols)) || 1);
      for (const r of ints(cell.getAttribute(ATTR.rows))) {
        const line = (part.cells[r] ??= []);
        for (let c = col; c < col + cols; c++) line[c] = cell;
      }
    }
  }
  const paragraphs: DomParagraph[] = raw.paragraphs.map(() => ({ element: root, map: null }));
  for (const el of Array.from(root.querySelectorAll(`[${ATTR.paragraph}]`))) {
    const i = Number(el.getAttribute(ATTR.paragraph));
    const text = raw.paragraphs[i];
    if (text === undefined) continue;
    paragraphs[i] = { element: el, map: textMapOf(el, text) };
  }
  return { raw, parts, paragraphs };
}

/**
 * Character i of `text` → the text node printing it and the offset in that node. The element
 * prints the paragraph verbatim (split into spans at claim boundaries), so the map is exact; if
 * the text nodes do not spell the paragraph, there is no map (its findings are then listed but
 * not underlined).
 */
export function textMapOf(el: Element, text: string): TextMap | null {
  const doc = el.ownerDocument;
  const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes: Text[] = [];
  const node = new Uint32Array(text.length);
  const offset = new Uint32Array(text.length);
  let at = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    const data = t.data;
    if (!data) continue;
    const index = nodes.push(t) - 1;
    for (let k = 0; k < data.length; k++, at++) {
      if (at >= text.length || text[at] !== data[k]) return null;
      node[at] = index;
      offset[at] = k;
    }
  }
  return at === text.length ? { nodes, node, offset } : null;
}
