import type { RawSource, RawTable } from '../model/raw';
import { collapseSpace } from '../parse/text';
import { tableToGrid } from './grid';
import { candidateTables, linesAfter, linesBefore } from './screen';
import { isBlock, isHiddenByMarkup, isSkipped, textLines } from './text';

const MAX_BEFORE_LINES = 6;
const MAX_AFTER_LINES = 3;

export type DomTablePart = { element: Element; cells: Element[][] };

/**
 * Where a prose paragraph is printed: the leaf block it was read from and, for every UTF-16
 * index of the paragraph's text (`RawSource.paragraphs[i]`), the text node that printed that
 * character and the offset in the node's data. A collapsed run of whitespace maps to its first
 * character. `map` is null when the text could not be mapped back (it then cannot be highlighted).
 */
export type DomParagraph = { element: Element; map: TextMap | null };
export type TextMap = { nodes: Text[]; node: Uint32Array; offset: Uint32Array };

/**
 * Everything a page offers to extraction, plus the elements behind each raw table and each
 * prose paragraph (for annotation). `paragraphs[i]` is where `raw.paragraphs[i]` is printed.
 */
export type DomSource = { raw: RawSource; parts: DomTablePart[]; paragraphs: DomParagraph[] };

/**
 * Read a document (a live page or a parsed file) into a RawSource: its data tables with the
 * lines around them, and its prose paragraphs. Tables that are obviously not budget tables
 * (layout, no budget words nearby) are not read at all, which keeps ordinary pages cheap.
 */
export function readDocument(doc: Document, source: string): DomSource {
  const tables: RawTable[] = [];
  const parts: DomTablePart[] = [];
  const dataTables = new Set<Element>();
  for (const table of candidateTables(doc)) {
    const { grid, elements } = tableToGrid(table);
    if (grid.length === 0) continue;
    const caption = table.querySelector(':scope > caption');
    tables.push({
      part: parts.length,
      grid,
      before: linesBefore(table, MAX_BEFORE_LINES),
      after: linesAfter(table, MAX_AFTER_LINES),
      caption: caption ? collapseSpace(caption.textContent ?? '') || null : null,
    });
    parts.push({ element: table, cells: elements });
    dataTables.add(table);
  }
  const prose = tables.length ? proseParagraphs(doc, dataTables) : { lines: [], where: [] };
  return { raw: { source, title: collapseSpace(doc.title ?? '') || null, tables, paragraphs: prose.lines }, parts, paragraphs: prose.where };
}

/** Prose: the lines of leaf blocks outside the data tables, in document order, and where each is printed. */
function proseParagraphs(doc: Document, dataTables: Set<Element>): { lines: string[]; where: DomParagraph[] } {
  const lines: string[] = [];
  const where: DomParagraph[] = [];
  const body = doc.body;
  if (!body) return { lines, where };
  const walk = (el: Element) => {
    if (isSkipped(el) || dataTables.has(el)) return;
    const hasBlockChild = Array.from(el.children).some((c) => isBlock(c) && !isSkipped(c));
    if (hasBlockChild) for (let child = el.firstElementChild; child; child = child.nextElementSibling) walk(child);
    else {
      const text = textLines(el);
      const mapped = mappedLines(el);
      // the map is only trusted when it reads exactly the lines extraction read
      const same = mapped.length === text.length && mapped.every((m, i) => m.text === text[i]);
      for (let i = 0; i < text.length; i++) {
        lines.push(text[i]!);
        where.push({ element: el, map: same ? mapped[i]!.map : null });
      }
    }
  };
  walk(body);
  return { lines, where };
}

const SPACE_CHAR = /[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/u;

/**
 * textLines(root), character by character: the same lines (whitespace collapsed exactly like
 * collapseSpace), each with the text node and offset every character comes from.
 */
function mappedLines(root: Element): Array<{ text: string; map: TextMap }> {
  const out: Array<{ text: string; map: TextMap }> = [];
  const nodes: Text[] = [];
  let chars: Array<[number, number, string]> = []; // [node, offset, char] of the current line, raw
  const flush = () => {
    // collapse runs of whitespace to one space (at the run's first character), then trim
    const kept: Array<[number, number, string]> = [];
    let inSpace = false;
    for (const c of chars) {
      if (SPACE_CHAR.test(c[2])) {
        if (!inSpace) kept.push([c[0], c[1], ' ']);
        inSpace = true;
      } else {
        kept.push(c);
        inSpace = false;
      }
    }
    while (kept.length && kept[0]![2] === ' ') kept.shift();
    while (kept.length && kept[kept.length - 1]![2] === ' ') kept.pop();
    if (kept.length) {
      const node = new Uint32Array(kept.length);
      const offset = new Uint32Array(kept.length);
      kept.forEach((c, i) => {
        node[i] = c[0];
        offset[i] = c[1];
      });
      out.push({ text: kept.map((c) => c[2]).join(''), map: { nodes, node, offset } });
    }
    chars = [];
  };
  const walk = (parent: Node) => {
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        const data = child.nodeValue ?? '';
        if (!data) continue;
        const n = nodes.push(child as Text) - 1;
        for (let i = 0; i < data.length; i++) chars.push([n, i, data[i]!]);
      } else if (child.nodeType === 1) {
        const el = child as Element;
        const tag = el.tagName.toUpperCase();
        if (isSkipped(el) || isHiddenByMarkup(el)) continue;
        if (tag === 'TABLE' || tag === 'BR') {
          flush();
          continue;
        }
        if (isBlock(el)) {
          flush();
          walk(el);
          flush();
        } else walk(el);
      }
    }
  };
  walk(root);
  flush();
  return out;
}
