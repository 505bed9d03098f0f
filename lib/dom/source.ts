import type { RawSource, RawTable } from '../model/raw';
import { collapseSpace } from '../parse/text';
import { directRows, tableToGrid } from './grid';
import { isBlock, isSkipped, textLines } from './text';

const BUDGET_WORDS = /预算|决算|收支|支出|收入|拨款|三公|经费|功能分类|经济分类|绩效|资产|万元/;
const MAX_BEFORE_LINES = 6;
const MAX_AFTER_LINES = 3;

/** A table used for page layout (it holds other tables, or a single row/column) rather than data. */
function isLayoutTable(table: Element): boolean {
  if (table.querySelector('table')) return true;
  return directRows(table).every((r) => r.children.length < 2);
}

/** Text lines of the nodes printed before `el`, nearest last, stopping at another table. */
function linesBefore(el: Element, max: number): string[] {
  const out: string[] = [];
  let node: Element | null = el;
  while (node && out.length < max) {
    let prev: Element | null = node.previousElementSibling;
    while (prev && out.length < max) {
      if (isSkipped(prev)) {
        prev = prev.previousElementSibling;
        continue;
      }
      if (prev.tagName.toUpperCase() === 'TABLE' || prev.querySelector('table')) return out;
      const lines = textLines(prev);
      for (let i = lines.length - 1; i >= 0 && out.length < max; i--) out.unshift(lines[i]!);
      prev = prev.previousElementSibling;
    }
    const parent: Element | null = node.parentElement;
    if (!parent || parent.tagName.toUpperCase() === 'BODY' || parent.tagName.toUpperCase() === 'TD') break;
    node = parent;
  }
  return out;
}

/** Text lines printed right after `el`, nearest first, stopping at another table. */
function linesAfter(el: Element, max: number): string[] {
  const out: string[] = [];
  let node: Element | null = el;
  while (node && out.length < max) {
    let next: Element | null = node.nextElementSibling;
    while (next && out.length < max) {
      if (isSkipped(next)) {
        next = next.nextElementSibling;
        continue;
      }
      if (next.tagName.toUpperCase() === 'TABLE' || next.querySelector('table')) return out;
      for (const line of textLines(next)) if (out.length < max) out.push(line);
      next = next.nextElementSibling;
    }
    const parent: Element | null = node.parentElement;
    if (!parent || parent.tagName.toUpperCase() === 'BODY' || parent.tagName.toUpperCase() === 'TD') break;
    node = parent;
  }
  return out;
}

/**
 * A cheap look at a table before reading it: budget words in its first rows or in the lines
 * printed above it. Reads a few hundred characters, never the whole table.
 */
export function looksBudgetRelated(table: Element): boolean {
  const rows = directRows(table);
  let sample = '';
  for (let i = 0; i < Math.min(rows.length, 4); i++) sample += rows[i]!.textContent ?? '';
  if (BUDGET_WORDS.test(sample)) return true;
  return BUDGET_WORDS.test(linesBefore(table, 3).join(''));
}

export type DomTablePart = { element: Element; cells: Element[][] };

/** Everything a page offers to extraction, plus the elements behind each raw table (for annotation). */
export type DomSource = { raw: RawSource; parts: DomTablePart[] };

/**
 * Read a document (a live page or a parsed file) into a RawSource: its data tables with the
 * lines around them, and its prose paragraphs. Tables that are obviously not budget tables
 * (layout, no budget words nearby) are not read at all, which keeps ordinary pages cheap.
 */
export function readDocument(doc: Document, source: string): DomSource {
  const tables: RawTable[] = [];
  const parts: DomTablePart[] = [];
  const dataTables = new Set<Element>();
  const all = Array.from(doc.getElementsByTagName('table'));
  for (const table of all) {
    if (isLayoutTable(table) || !looksBudgetRelated(table)) continue;
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
  const paragraphs = tables.length ? proseParagraphs(doc, dataTables) : [];
  return { raw: { source, title: collapseSpace(doc.title ?? '') || null, tables, paragraphs }, parts };
}

/** Prose: the lines of leaf blocks outside the data tables, in document order. */
function proseParagraphs(doc: Document, dataTables: Set<Element>): string[] {
  const out: string[] = [];
  const body = doc.body;
  if (!body) return out;
  const walk = (el: Element) => {
    if (isSkipped(el) || dataTables.has(el)) return;
    const hasBlockChild = Array.from(el.children).some((c) => isBlock(c) && !isSkipped(c));
    if (hasBlockChild) for (let child = el.firstElementChild; child; child = child.nextElementSibling) walk(child);
    else out.push(...textLines(el));
  };
  walk(body);
  return out;
}
