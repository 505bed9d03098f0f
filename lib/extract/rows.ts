import type { Cell, Column, Row, RowRole } from '../model/table';
import type { RawCell } from '../model/raw';
import type { Unit } from '../model/units';
import { amountShape, parseAmount } from '../parse/amount';
import { joinSplitCode, leadingCode, parseCode, unbracketed, type ParsedCode } from '../parse/code';
import { collapseSpace, stripSpace } from '../parse/text';
import { looksLikeOrganisation } from '../parse/title';

const TOTAL = /^(合计|总计)|(合计|总计)[:：]?$/;
const SUBTOTAL = /^小计|小计$/;

/**
 * The printed cell, parsed: amounts and percentages keep their printed text beside the value. A
 * figure printed with its money unit (5.00万元) is read when that is the table's unit; in another
 * unit it is left unread (converting it would make the table's rounding finer than it prints).
 */
function toCell(raw: RawCell | undefined, column: Column, unit: Unit | null): Cell {
  const text = collapseSpace(raw?.text ?? '');
  if (column.role === 'amount' || column.role === 'quantity') {
    const p = parseAmount(text);
    if (p.kind === 'amount' && (p.unit === null || p.unit === unit)) return { text, value: p.value, decimals: p.decimals };
  }
  return { text, value: null, decimals: 0 };
}

/**
 * The unit a table's figures print after themselves (5.00万元) when it prints no unit line: the
 * one unit they all print, or null (none, or several).
 */
export function unitPrintedInCells(body: ReadonlyArray<{ cells: readonly RawCell[] }>, columns: readonly Column[]): Unit | null {
  let found: Unit | null = null;
  for (const { cells } of body) {
    for (const col of columns) {
      if (col.role !== 'amount') continue;
      const p = parseAmount(cells[col.index]?.text ?? '');
      if (p.kind !== 'amount' || p.unit === null) continue;
      if (found !== null && found !== p.unit) return null;
      found = p.unit;
    }
  }
  return found;
}

/** The classification code a row carries, per the table's code columns. */
function rowCode(cells: readonly Cell[], columns: readonly Column[], name: string): ParsedCode | null {
  const part = (p: Column['codePart']) => {
    const col = columns.find((c) => c.codePart === p);
    return col ? cells[col.index]!.text : '';
  };
  const hasParts = columns.some((c) => c.role === 'code-part');
  const joinedCols = columns.filter((c) => c.role === 'code');
  // a unit row (309 医疗保障局, 201001 沅江市医疗保障局): its number is a unit code, not a classification
  if (looksLikeOrganisation(name)) return null;
  if (hasParts) {
    const [cls, sec, item] = [part('class'), part('section'), part('item')];
    if (!stripSpace(cls + sec + item)) return null; // unit rows and totals: the 类/款/项 columns are empty
    for (const col of joinedCols) {
      const joined = parseCode(cells[col.index]!.text);
      if (joined) return joined;
    }
    const fromParts = joinSplitCode(cls, sec, item);
    return fromParts ? parseCode(fromParts) : null;
  }
  for (const col of joinedCols) {
    const code = parseCode(cells[col.index]!.text);
    if (code) return code;
  }
  return null;
}

function rowName(cells: readonly Cell[], columns: readonly Column[]): string {
  const nameCol = columns.find((c) => c.role === 'name');
  const named = nameCol ? cells[nameCol.index]!.text : '';
  if (named) return named;
  // 合计 printed across the code columns, or a name printed in a column of another role
  // (a unit name under 项目单位 in a project table whose columns are shifted)
  for (const col of columns) {
    const t = cells[col.index]!.text;
    // (a code in brackets, [309], is a number too: no name)
    if (t && col.role !== 'index' && amountShape(unbracketed(stripSpace(t))).kind === 'text') return t;
  }
  return '';
}

/**
 * Does the row name an item besides the organisation? A unit name filled down a 单位 column
 * (单位 | 类型 | 项目) sits beside the item it belongs to: such a row is data, not a unit row.
 */
function namesAnItem(cells: readonly Cell[], columns: readonly Column[], orgName: string): boolean {
  return columns.some((col) => {
    if (col.role !== 'name' && col.role !== 'text') return false;
    const t = cells[col.index]!.text;
    return t !== '' && t !== orgName && amountShape(unbracketed(stripSpace(t))).kind === 'text' && !looksLikeOrganisation(t);
  });
}

/** Turn body grid rows into model rows: cells, code, name, level and role. */
export function buildRows(body: ReadonlyArray<{ cells: readonly RawCell[]; part: number; row: number }>, columns: readonly Column[], unit: Unit | null): Row[] {
  return body.map(({ cells: raw, part, row }, index) => {
    const cells = columns.map((col) => toCell(raw[col.index], col, unit));
    let name = rowName(cells, columns);
    let code = rowCode(cells, columns, name);
    // the code printed in the name's cell ("2101501 行政运行", "[2101501]行政运行") when no column has one
    if (!code && !looksLikeOrganisation(name)) {
      const lead = leadingCode(name);
      if (lead) ({ code, name } = lead);
    }
    const plain = stripSpace(name);
    let role: RowRole = 'data';
    if (TOTAL.test(plain)) role = 'total';
    else if (SUBTOTAL.test(plain)) role = 'subtotal';
    else if (!code && looksLikeOrganisation(plain) && !namesAnItem(cells, columns, name)) role = 'unit';
    return {
      index,
      code: code?.code ?? null,
      codeScheme: code?.scheme ?? null,
      name,
      level: code?.level ?? null,
      role,
      cells,
      source: { part, row },
    };
  });
}
