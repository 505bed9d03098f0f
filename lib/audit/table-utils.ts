import Decimal from 'decimal.js';
import type { CellRef, Operand } from '../model/finding';
import type { Column, Row, Table } from '../model/table';
import { canonicalLabel } from '../parse/text';
import { memo } from './memo';

/** A figure of a table with where it is: what rules add up and compare. */
export type Figure = { table: Table; row: Row; column: Column; value: Decimal };

export const amountColumns = (table: Table): Column[] => table.columns.filter((c) => c.role === 'amount');

export function valueAt(row: Row, column: Column): Decimal | null {
  return row.cells[column.index]?.value ?? null;
}

export function cellRef(table: Table, row: Row, column: Column): CellRef {
  return { type: 'cell', table: table.id, row: row.index, column: column.index };
}

/** "2210201 住房公积金" or "合计" */
export function rowLabel(row: Row): string {
  return [row.code, row.name].filter((s) => s).join(' ') || `#${row.index + 1}`;
}

/**
 * The row's label as seen from a column: in a two-sided summary table each side has its own
 * name column (收入 items on the left, 支出 items on the right).
 */
export function rowLabelAt(table: Table, row: Row, column: Column): string {
  if (column.side) {
    const names = table.columns.filter((c) => c.side === column.side && c.role === 'name' && c.index < column.index);
    const nameCol = names[names.length - 1];
    const text = nameCol ? row.cells[nameCol.index]?.text : '';
    if (text) return text;
  }
  return rowLabel(row);
}

/** "基本支出/人员经费/工资福利支出" */
export function columnLabel(column: Column): string {
  return column.path.join('/') || `col ${column.index + 1}`;
}

export function operand(f: Figure, decimals = 2): Operand {
  return {
    ref: cellRef(f.table, f.row, f.column),
    label: `${rowLabelAt(f.table, f.row, f.column)} · ${columnLabel(f.column)}`,
    value: f.value.toFixed(Math.max(decimals, f.row.cells[f.column.index]?.decimals ?? 0)),
  };
}

/** "其中：财政拨款" rows and columns are subsets of a sibling: never add them to their siblings. */
export const isSubsetLabel = (label: string): boolean => /^其中[:：]?/.test(canonicalLabel(label));

export const isSubsetRow = (row: Row): boolean => isSubsetLabel(row.name);

export const isSubsetColumn = (column: Column): boolean => column.path.some(isSubsetLabel);

/** Σ of the printed values (blanks skipped) and how many figures were printed. */
export function sumOf(values: ReadonlyArray<Decimal | null>): { sum: Decimal; count: number } {
  let sum = new Decimal(0);
  let count = 0;
  for (const v of values) {
    if (v === null) continue;
    sum = sum.plus(v);
    count++;
  }
  return { sum, count };
}

/** Decimals printed by a table's figures (2 for 万元 tables), for formatting sums alike. */
export function printedDecimals(table: Table): number {
  // asked for every finding and reading: scan the table once per audit
  return memo('printed-decimals', table, scanDecimals);
}

function scanDecimals(table: Table): number {
  let d = 0;
  for (const row of table.rows) for (const c of row.cells) if (c.value !== null) d = Math.max(d, c.decimals);
  return d;
}
