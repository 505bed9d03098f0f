/**
 * Reading a two-sided summary table (收支总表 / 财政拨款收支总表): its income and expense sides,
 * and on each side which rows are items, sub-items, "其中" subsets, this year's total, carry-overs
 * and the grand total. Used by the balance rule (identities inside the table) and the cross-table
 * rule (the same figures compared with other tables).
 */
import Decimal from 'decimal.js';
import type { Column, Row, Table } from '../model/table';
import { canonicalLabel } from '../parse/text';
import { cachedReading } from '../parse/cache';
import { memo } from './memo';

export type SideKind = 'income' | 'expense';

/**
 * current-total: 本年收入合计 / 本年支出合计 (a total row after the items);
 * current-item:  一、本年收入 / 一、本年支出 (a numbered row heading this year's items);
 * carry:         上年结转(结余) / 年初…结转和结余 / 年终结转结余 / 二、上年结转;
 * grand:         收入总计 / 支出总计 (or 收入合计 when this year's figure is a 一、本年收入 row);
 * subset:        其中：… (never added to its siblings);
 * item:          everything else (numbered items and their unnumbered sub-items).
 */
export type EntryRole = 'item' | 'subset' | 'current-total' | 'current-item' | 'carry' | 'grand';

export type SideEntry = {
  row: Row;
  /** the label as printed in this side's name column */
  label: string;
  /** the label without numbering, blanks, colons and stray brackets */
  text: string;
  /** numbering level: 4 一、 · 3 （一） · 2 1、 · 1 （1） · 0 none */
  rank: number;
  role: EntryRole;
};

export type SummarySide = {
  side: SideKind;
  nameColumn: Column;
  amountColumns: Column[];
  entries: SideEntry[];
};

const CN_NUM = '一二三四五六七八九十百零〇';
const RANKS: ReadonlyArray<[RegExp, number]> = [
  [new RegExp(`^[${CN_NUM}]+[、.,，．]`), 4],
  [new RegExp(`^\\([${CN_NUM}]+\\)[、.,，．]?`), 3],
  [/^\d{1,2}[、.,，．](?!\d)/, 2],
  [/^\(\d{1,2}\)[、.,，．]?/, 1],
];

/** The numbering level of a label and the label without its numbering, colons and stray brackets. */
export function stripNumbering(label: string): { rank: number; text: string } {
  // summary rows are read by several rules: remembered per label (a fresh object to each caller)
  const { rank, text } = numberingOf(label);
  return { rank, text };
}

const numberingOf = cachedReading(readNumbering);

function readNumbering(label: string): { rank: number; text: string } {
  let s = canonicalLabel(label);
  let rank = 0;
  for (const [re, r] of RANKS) {
    const m = re.exec(s);
    if (m) {
      rank = r;
      s = s.slice(m[0].length);
      break;
    }
  }
  s = s.replace(/[:：]+$/, '').replace(/^[:：]+/, '');
  // stray brackets: "国防支出(" or a lone ")" left by a wrapped cell
  const opens = (s.match(/\(/g) ?? []).length;
  const closes = (s.match(/\)/g) ?? []).length;
  if (opens !== closes) s = s.replace(/[()]+$/, '').replace(/^[()]+/, '');
  return { rank, text: s };
}

const GRAND = /总计$/;
const CURRENT_TOTAL = /^本年(收入|支出)(合计|小计)$/;
const PLAIN_TOTAL = /^(收入|支出)?(合计|小计)$/;
const CURRENT_ITEM = /^本年(收入|支出)$/;
const CARRY = /结转|结余/;

function classify(text: string): EntryRole | 'plain-total' {
  if (/^其中/.test(text)) return 'subset';
  if (GRAND.test(text)) return 'grand';
  if (CURRENT_TOTAL.test(text)) return 'current-total';
  if (PLAIN_TOTAL.test(text)) return 'plain-total';
  if (CURRENT_ITEM.test(text)) return 'current-item';
  if (CARRY.test(text)) return 'carry';
  return 'item';
}

/** The sides of a two-sided table: each name column with the amount columns that follow it. */
export function summarySides(table: Table): SummarySide[] {
  // asked by several rules and readings of the same table: read once per audit
  return [...memo('summary-sides', table, readSummarySides)];
}

function readSummarySides(table: Table): SummarySide[] {
  const sides: Array<Omit<SummarySide, 'entries'>> = [];
  let current: Omit<SummarySide, 'entries'> | null = null;
  for (const column of table.columns) {
    if (column.role === 'name' && column.side) {
      current = { side: column.side, nameColumn: column, amountColumns: [] };
      sides.push(current);
    } else if (column.role === 'amount' && current && column.side === current.side) {
      current.amountColumns.push(column);
    } else if (column.role === 'name') {
      current = null;
    }
  }
  return sides.filter((s) => s.amountColumns.length > 0).map((s) => ({ ...s, entries: sideEntries(table, s.nameColumn) }));
}

function sideEntries(table: Table, nameColumn: Column): SideEntry[] {
  const raw: Array<{ row: Row; label: string; text: string; rank: number; role: EntryRole | 'plain-total' }> = [];
  for (const row of table.rows) {
    const label = row.cells[nameColumn.index]?.text ?? '';
    const { rank, text } = stripNumbering(label);
    if (!text) continue;
    raw.push({ row, label, text, rank, role: classify(text) });
  }
  const hasGrand = raw.some((e) => e.role === 'grand');
  const hasCurrentItem = raw.some((e) => e.role === 'current-item');
  return raw.map((e) => {
    let role: EntryRole;
    if (e.role === 'plain-total') role = !hasGrand && hasCurrentItem ? 'grand' : 'current-total';
    else role = e.role;
    return { row: e.row, label: e.label, text: e.text, rank: e.rank, role };
  });
}

/** Entries of a given role. */
export const entriesOf = (side: SummarySide, role: EntryRole): SideEntry[] => side.entries.filter((e) => e.role === role);

/**
 * The children of a numbered entry: the entries that follow it with a lower numbering level (or
 * none), up to the next entry of the same or a higher level or a total/carry row.
 */
export function childrenOf(side: SummarySide, parent: SideEntry): SideEntry[] {
  const start = side.entries.indexOf(parent);
  const out: SideEntry[] = [];
  for (let i = start + 1; i < side.entries.length; i++) {
    const e = side.entries[i]!;
    if (e.role === 'grand' || e.role === 'current-total' || e.role === 'current-item' || e.role === 'carry') break;
    if (parent.rank > 0 && e.rank >= parent.rank) break;
    out.push(e);
  }
  return out;
}

/**
 * The entries that add up to a parent: among the candidates (subsets excluded), those at the
 * highest numbering level present. Null when none is numbered (the nesting cannot be told).
 */
export function topLevel(candidates: readonly SideEntry[]): SideEntry[] | null {
  const items = candidates.filter((e) => e.role === 'item');
  const rank = Math.max(0, ...items.map((e) => e.rank));
  if (rank === 0) return null;
  return items.filter((e) => e.rank === rank);
}

/** This year's items: those before the 本年…合计 row, or the children of the 一、本年… row. */
export function currentItems(side: SummarySide): { items: SideEntry[] | null; total: SideEntry | null } {
  const item = entriesOf(side, 'current-item')[0];
  if (item) return { items: topLevel(childrenOf(side, item)), total: item };
  const total = entriesOf(side, 'current-total')[0];
  if (!total) return { items: null, total: null };
  const before = side.entries.slice(0, side.entries.indexOf(total));
  return { items: topLevel(before.filter((e) => e.role === 'item' || e.role === 'subset')), total };
}

/** The parts of a carry-over row (二、上年结转 → （一）（二）…; 年初结转和结余 → 一、二、…). */
export function carryParts(side: SummarySide, carry: SideEntry): SideEntry[] | null {
  return topLevel(childrenOf(side, carry));
}

/** Rows after this year's total and before the grand total that are neither carry-overs nor their parts (e.g. 用事业基金弥补收支差额). */
export function otherAdditions(side: SummarySide): SideEntry[] {
  const total = entriesOf(side, 'current-total')[0];
  if (!total) return [];
  const out: SideEntry[] = [];
  for (let i = side.entries.indexOf(total) + 1; i < side.entries.length; i++) {
    const e = side.entries[i]!;
    if (e.role === 'carry' || e.role === 'grand') break;
    if (e.role === 'item') out.push(e);
  }
  return out;
}

export const amountAt = (entry: SideEntry, column: Column): Decimal | null => entry.row.cells[column.index]?.value ?? null;

/**
 * The column of a side that carries its total: the only amount column, or the first one labelled
 * 合计 / 小计 / 金额 / 预算数 (not a "其中" column).
 */
export function totalColumn(side: SummarySide): Column | null {
  if (side.amountColumns.length === 1) return side.amountColumns[0]!;
  const first = side.amountColumns[0]!;
  const leaf = canonicalLabel(first.path[first.path.length - 1] ?? '');
  return /^(合计|小计|金额|预算数|总计)$/.test(leaf) || /合计/.test(leaf) ? first : null;
}

/** A value printed on an entry, or (when blank) the sum of its numbered children if any is printed. */
export function valueOrParts(side: SummarySide, entry: SideEntry, column: Column): { value: Decimal; derived: SideEntry[] | null; count: number } | null {
  const printed = amountAt(entry, column);
  if (printed !== null) return { value: printed, derived: null, count: 1 };
  if (entry.rank === 0 && entry.role !== 'carry') return null;
  const parts = topLevel(childrenOf(side, entry));
  if (!parts) return null;
  let sum = new Decimal(0);
  let count = 0;
  for (const p of parts) {
    const v = amountAt(p, column);
    if (v === null) continue;
    sum = sum.plus(v);
    count++;
  }
  return count ? { value: sum, derived: parts, count } : null;
}
