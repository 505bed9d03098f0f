import { isHiddenByMarkup, isSkipped, textLines } from './text';

/**
 * The first look at a page's tables, before any of them is read. The content script runs it on
 * every page that has a <table> (it must cost next to nothing on a news list or a statistics
 * table), and readDocument uses the same test, so the content script starts the engine exactly
 * when readDocument would find something to read.
 */

const BUDGET_WORDS = /预算|决算|收支|支出|收入|拨款|三公|经费|功能分类|经济分类|绩效|资产|万元/;
/** How many rows of a table, and lines above it, the screen looks at. */
const SAMPLE_ROWS = 4;
const SAMPLE_LINES_BEFORE = 3;

const tagIs = (el: Element, tag: string): boolean => el.tagName.toUpperCase() === tag;

/** A table used for page layout (it holds other tables, or a single row/column) rather than data. */
export function isLayoutTable(table: Element): boolean {
  if (table.querySelector('table')) return true;
  return !someRow(table, (tr) => tr.childElementCount >= 2);
}

/**
 * Does some row of the table pass `test` — a row directRows lists (not of nested tables, hidden
 * rows and sections left out)? Walked sibling by sibling, stopping at the first that does: a
 * data table answers at its first row, without a list of its 5 000.
 */
function someRow(table: Element, test: (tr: Element) => boolean): boolean {
  const passes = (tr: Element): boolean => tagIs(tr, 'TR') && !isHiddenByMarkup(tr) && test(tr);
  for (let child = table.firstElementChild; child; child = child.nextElementSibling) {
    const tag = child.tagName.toUpperCase();
    if (tag === 'TR') {
      if (passes(child)) return true;
    } else if ((tag === 'THEAD' || tag === 'TBODY' || tag === 'TFOOT') && !isHiddenByMarkup(child)) {
      for (let tr = child.firstElementChild; tr; tr = tr.nextElementSibling) if (passes(tr)) return true;
    }
  }
  return false;
}

/**
 * Text lines printed next to `el` — before it (nearest last) or after it (nearest first) — up to
 * `max`, stopping at another table; climbs out of wrappers up to <body> or the enclosing cell.
 */
function linesNear(el: Element, max: number, before: boolean): string[] {
  const out: string[] = [];
  const step = (e: Element): Element | null => (before ? e.previousElementSibling : e.nextElementSibling);
  let node: Element | null = el;
  while (node && out.length < max) {
    for (let sibling = step(node); sibling && out.length < max; sibling = step(sibling)) {
      if (isSkipped(sibling)) continue;
      if (tagIs(sibling, 'TABLE') || sibling.querySelector('table')) return out;
      const lines = textLines(sibling);
      if (before) for (let i = lines.length - 1; i >= 0 && out.length < max; i--) out.unshift(lines[i]!);
      else for (const line of lines) if (out.length < max) out.push(line);
    }
    const parent: Element | null = node.parentElement;
    if (!parent || tagIs(parent, 'BODY') || tagIs(parent, 'TD')) break;
    node = parent;
  }
  return out;
}

/** Text lines of the nodes printed before `el`, nearest last, stopping at another table. */
export const linesBefore = (el: Element, max: number): string[] => linesNear(el, max, true);
/** Text lines printed right after `el`, nearest first, stopping at another table. */
export const linesAfter = (el: Element, max: number): string[] => linesNear(el, max, false);

/**
 * The first `n` rows of a table in display order: `directRows(table).slice(0, n)` without
 * walking a 10 000-row table to find them (the first visible <thead> shows on top, the first
 * visible <tfoot> at the bottom; hidden sections and rows are left out).
 */
export function firstRows(table: Element, n: number): Element[] {
  const out: Element[] = [];
  let head: Element | null = null;
  let foot: Element | null = null;
  for (let child = table.firstElementChild; child; child = child.nextElementSibling) {
    if (isHiddenByMarkup(child)) continue;
    if (!head && tagIs(child, 'THEAD')) head = child;
    else if (!foot && tagIs(child, 'TFOOT')) foot = child;
  }
  const takeRow = (tr: Element): boolean => {
    if (out.length < n && tagIs(tr, 'TR') && !isHiddenByMarkup(tr)) out.push(tr);
    return out.length >= n;
  };
  // walk the rows one sibling at a time: a list of all 5 000 (Array.from(children)) would cost
  // an object per row in the content script's world, which is what the screen must not pay
  const takeSection = (section: Element): boolean => {
    if (isHiddenByMarkup(section)) return out.length >= n;
    for (let tr = section.firstElementChild; tr; tr = tr.nextElementSibling) if (takeRow(tr)) return true;
    return out.length >= n;
  };
  if (n <= 0 || (head && takeSection(head))) return out;
  for (let child = table.firstElementChild; child; child = child.nextElementSibling) {
    if (child === head || child === foot) continue;
    if (tagIs(child, 'TR') ? takeRow(child) : (tagIs(child, 'THEAD') || tagIs(child, 'TBODY') || tagIs(child, 'TFOOT')) && takeSection(child)) return out;
  }
  if (foot) takeSection(foot);
  return out;
}

/**
 * A cheap look at a table: budget words in its first rows or in the lines printed above it.
 * Reads a few hundred characters, never the whole table.
 */
export function looksBudgetRelated(table: Element): boolean {
  let sample = '';
  for (const tr of firstRows(table, SAMPLE_ROWS)) sample += tr.textContent ?? '';
  if (BUDGET_WORDS.test(sample)) return true;
  return BUDGET_WORDS.test(linesBefore(table, SAMPLE_LINES_BEFORE).join(''));
}

/** A table readDocument reads: budget words at its top and not a layout table. */
export const isCandidateTable = (table: Element): boolean => looksBudgetRelated(table) && !isLayoutTable(table);

/**
 * Does `next` continue `table` — printed right after it with no line of text between them? A
 * table split at a page break (Word exports each page's part as a <table> of its own) goes on
 * with rows of codes and item names only, no budget word in them and none above: the screen
 * must not leave that part out, or the first part's totals would be checked without its rows.
 */
function followsDirectly(table: Element, next: Element): boolean {
  return linesBefore(next, 1).length === 0 && linesAfter(table, 1).length === 0 && !isLayoutTable(next);
}

/**
 * The tables of the document readDocument would read, in document order: those that pass the
 * screen, and any that directly continues one of them.
 */
export function candidateTables(doc: Document): Element[] {
  // (one walk of the document: a querySelector('table') first would only add one on pages with tables)
  const all = doc.getElementsByTagName('table');
  const out: Element[] = [];
  for (let i = 0; i < all.length; i++) {
    const table = all[i]!;
    const previous = out[out.length - 1];
    // (the previous candidate only if it is the previous table: a table nested in between ends the run)
    if (isCandidateTable(table) || (previous !== undefined && previous === all[i - 1] && followsDirectly(previous, table))) out.push(table);
  }
  return out;
}
