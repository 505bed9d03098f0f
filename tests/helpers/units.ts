import Decimal from 'decimal.js';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import type { RawSource } from '../../lib/model/raw';
import { parseHtml } from './dom';

/**
 * A page with one of its tables printed in 元 instead of 万元, as a department does that exports
 * one table from another system: every figure ×10 000 with two decimals, and the unit line above
 * the table (单位：万元) replaced by 单位：元 — or, `unitLine: 'dropped'`, by nothing. The table is
 * the `index`-th table the extractor keeps.
 */

const AMOUNT = /^-?\d{1,3}(,?\d{3})*(\.\d+)?$/;
const UNIT_LINE = /^(金额)?单位[:：]\s*万元$/;
const isUnitLine = (text: string): boolean => UNIT_LINE.test(text.replace(/\s+/g, ''));
const inYuan = (text: string): string => new Decimal(text.replace(/,/g, '')).times(10000).toFixed(2);

export type InYuan<T> = { page: T; title: string | null; figures: number };

/**
 * The raw source (as read from a page) so changed: the figures of the table's amount columns
 * in its grid, and its own unit line among the lines above it. Null when the table prints no
 * unit line of its own or no figure.
 */
export function rawWithOneTableInYuan(raw: RawSource, index: number, unitLine: 'printed' | 'dropped'): InYuan<RawSource> | null {
  const table = extractDocument(raw).tables[index];
  if (!table) return null;
  const copy: RawSource = structuredClone(raw);
  const partOf = (part: number) => copy.tables.find((t) => t.part === part)!;
  const first = partOf(table.parts[0]!);
  const line = first.before.findIndex(isUnitLine);
  if (line < 0) return null;
  if (unitLine === 'printed') first.before[line] = '单位：元';
  else first.before.splice(line, 1);
  let figures = 0;
  const amounts = table.columns.filter((c) => c.role === 'amount').map((c) => c.index);
  for (const row of table.rows) {
    const cells = partOf(row.source.part).grid[row.source.row]!;
    for (const c of amounts) {
      const cell = cells[c];
      if (!cell || !AMOUNT.test(cell.text)) continue;
      cell.text = inYuan(cell.text);
      // (a figure spanning rows is counted once, in its first row)
      if (cell.originRow === row.source.row && cell.originCol === c) figures++;
    }
  }
  return figures > 0 ? { page: copy, title: table.title, figures } : null;
}

/** The same change made to an HTML page: the figures in the table's cells and its unit line as a paragraph. */
export function htmlWithOneTableInYuan(html: string, index: number, unitLine: 'printed' | 'dropped'): InYuan<string> | null {
  const doc = parseHtml(html);
  const dom = readDocument(doc, 'page.html');
  const table = extractDocument(dom.raw).tables[index];
  if (!table) return null;
  const first = dom.parts[table.parts[0]!]!.element;
  // its own unit line: one of the few lines right above it (not above an earlier table)
  let line: Element | null = first.previousElementSibling;
  for (let i = 0; line && i < 4 && line.tagName !== 'TABLE' && !isUnitLine(line.textContent ?? ''); i++) line = line.previousElementSibling;
  if (!line || line.tagName === 'TABLE' || !isUnitLine(line.textContent ?? '')) return null;
  // (the paragraph stays, blank: Word leaves an empty paragraph where a line was deleted)
  line.textContent = unitLine === 'printed' ? '单位：元' : '\u3000';
  let figures = 0;
  const amounts = table.columns.filter((c) => c.role === 'amount').map((c) => c.index);
  const done = new Set<Element>();
  for (const row of table.rows) {
    const cells = dom.parts[row.source.part]!.cells[row.source.row]!;
    for (const c of amounts) {
      const td = cells[c];
      if (!td || done.has(td) || !/^T[DH]$/.test(td.tagName)) continue;
      done.add(td);
      const text = (td.textContent ?? '').trim();
      if (!AMOUNT.test(text)) continue;
      // the innermost element printing the figure keeps its markup (td > p > span)
      let leaf: Element = td;
      while (leaf.children.length === 1 && (leaf.children[0]!.textContent ?? '').trim() === text) leaf = leaf.children[0]!;
      leaf.textContent = inYuan(text);
      figures++;
    }
  }
  return figures > 0 ? { page: `<!DOCTYPE html>${doc.documentElement.outerHTML}`, title: table.title, figures } : null;
}

/**
 * The raw source with the unit line above one table (the `index`-th kept) replaced by `line`, or
 * left out (null); its figures unchanged.
 */
export function rawWithUnitLine(raw: RawSource, index: number, line: string | null): RawSource | null {
  const table = extractDocument(raw).tables[index];
  if (!table) return null;
  const copy: RawSource = structuredClone(raw);
  const first = copy.tables.find((t) => t.part === table.parts[0])!;
  const at = first.before.findIndex(isUnitLine);
  if (at < 0) return null;
  if (line === null) first.before.splice(at, 1);
  else first.before[at] = line;
  return copy;
}
