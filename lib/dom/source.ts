import type { RawSource, RawTable } from '../model/raw';
import { collapseSpace, isSpaceCode } from '../parse/text';
import { tableToGrid } from './grid';
import { candidateTables, linesAfter, linesBefore } from './screen';
import { isBlock, isBlockTag, isHiddenByMarkup, isSkipped, textLines } from './text';

const MAX_BEFORE_LINES = 6;
const MAX_AFTER_LINES = 3;

export type DomTablePart = { element: Element; cells: Element[][] };

/**
 * Where a prose paragraph is printed: the leaf block it was read from and, for every UTF-16
 * index of the paragraph's text (`RawSource.paragraphs[i]`), the text node that printed that
 * character and the offset in the node's data. A collapsed run of whitespace maps to its first
 * character. `map` is null when the text could not be mapped back (it then cannot be highlighted).
 * Reading a page builds no map: only paragraphs with a finding are underlined, and a block's map
 * is made the first time one of its paragraphs' `map` is read — from the block as it is then,
 * and only if it still reads exactly the lines that were read.
 */
export type DomParagraph = { readonly element: Element; readonly map: TextMap | null };
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
 * `candidates`: candidateTables(doc), when the caller has just found them.
 */
export function readDocument(doc: Document, source: string, candidates: readonly Element[] = candidateTables(doc)): DomSource {
  const steps = readingSteps(doc, source, candidates);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * readDocument, a step at a time: each step reads one table, the last one the prose. Between two
 * steps the caller may let the page run (lib/dom/read-page); what it gets is what readDocument
 * gets if the page did not change meanwhile.
 */
export function* readingSteps(doc: Document, source: string, candidates: readonly Element[]): Generator<void, DomSource, void> {
  const tables: RawTable[] = [];
  const parts: DomTablePart[] = [];
  const dataTables = new Set<Element>();
  for (const table of candidates) {
    const { grid, elements } = tableToGrid(table);
    if (grid.length > 0) {
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
    yield;
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
    // (sibling by sibling, each tag read once: no array of every element's children)
    let hasBlockChild = false;
    for (let c = el.firstElementChild; c && !hasBlockChild; c = c.nextElementSibling) hasBlockChild = isBlockTag(c.tagName.toUpperCase());
    if (hasBlockChild) for (let child = el.firstElementChild; child; child = child.nextElementSibling) walk(child);
    else {
      const text = textLines(el);
      let maps: Array<TextMap | null> | null = null;
      const mapsOf = (): Array<TextMap | null> => {
        if (maps) return maps;
        const mapped = mappedLines(el);
        // the map is only trusted when it reads exactly the lines extraction read
        const same = mapped.length === text.length && mapped.every((m, i) => m.text === text[i]);
        maps = text.map((_, i) => (same ? mapped[i]!.map : null));
        return maps;
      };
      for (let i = 0; i < text.length; i++) {
        lines.push(text[i]!);
        where.push({
          element: el,
          get map() {
            return mapsOf()[i]!;
          },
        });
      }
    }
  };
  walk(body);
  return { lines, where };
}


/**
 * textLines(root), character by character: the same lines (whitespace collapsed exactly like
 * collapseSpace), each with the text node and offset every character comes from.
 */
function mappedLines(root: Element): Array<{ text: string; map: TextMap }> {
  const out: Array<{ text: string; map: TextMap }> = [];
  const nodes: Text[] = [];
  // the current line, whitespace already collapsed (a run becomes one space at its first
  // character): its characters and, for each, the node and offset it comes from
  let text: string[] = [];
  let node: number[] = [];
  let offset: number[] = [];
  let inSpace = false;
  const flush = () => {
    let start = 0;
    let end = text.length;
    while (start < end && text[start] === ' ') start++;
    while (end > start && text[end - 1] === ' ') end--;
    if (end > start) {
      out.push({
        text: text.slice(start, end).join(''),
        map: { nodes, node: Uint32Array.from(node.slice(start, end)), offset: Uint32Array.from(offset.slice(start, end)) },
      });
    }
    text = [];
    node = [];
    offset = [];
    inSpace = false;
  };
  const walk = (parent: Node) => {
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        const data = child.nodeValue ?? '';
        if (!data) continue;
        const n = nodes.push(child as Text) - 1;
        for (let i = 0; i < data.length; i++) {
          if (isSpaceCode(data.charCodeAt(i))) {
            if (inSpace) continue;
            inSpace = true;
            text.push(' ');
          } else {
            inSpace = false;
            text.push(data[i]!);
          }
          node.push(n);
          offset.push(i);
        }
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
