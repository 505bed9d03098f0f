/**
 * Quantities named by the prose, found in the tables; and the prose figures themselves.
 *
 * - resolveQuantity: a SubjectRef (卫生健康支出, 基本支出, “三公”经费 …) → the figure(s) of the tables
 *   that print that quantity (收支总表 item, 支出总表 row or Σ of its 款/项 rows, 一般公共预算支出表,
 *   基本支出表 合计 row, the 三公 table, the project table …), each with the cells it was read from.
 *   Nothing is guessed: a quantity no table prints resolves to nothing (and the claim yields no finding).
 * - quantityScopes / scopeForParagraph: which tables a paragraph talks about (a document that prints
 *   the whole table set twice, 部门 then 单位, has a 情况说明 for each), and which funding scopes
 *   (all funds, 财政拨款, 一般公共预算) are one because their totals agree.
 * - prose figures: their value in 元, their rounding quantum, text refs and operands for findings.
 */
import Decimal from 'decimal.js';
import { UNIT_SCALE, type Unit } from '../model/units';
import type { AmountFigure, Claim, Fund, IncomeSource, PercentFigure, SubjectRef } from '../model/claim';
import type { BudgetDocument } from '../model/document';
import type { CellRef, Localized, Operand, TextRef } from '../model/finding';
import type { Column, HeaderNode, Row, Table } from '../model/table';
import { canonicalLabel } from '../parse/text';
import { classCodeOf, functionSide } from './function-classes';
import type { RuleContext } from './rule';
import {
  currentItems,
  entriesOf,
  stripNumbering,
  summarySides,
  totalColumn,
  type SideEntry,
  type SummarySide,
} from './summary-sides';
import { comparableSetGroups, tableSets } from './table-sets';
import { cellRef, columnLabel, isSubsetColumn, isSubsetLabel, printedDecimals } from './table-utils';
import { sumBound, tableQuantum, type TolerancePolicy } from './tolerance';
import { memo } from './memo';
import { tableUnits } from './table-units';

// ───────────────────────────── scopes ─────────────────────────────

/** The funds a figure covers: all funds, 财政拨款 (the fiscal funds), 一般公共预算, or one other fund. */
export type FundScope = 'all' | 'fiscal' | 'general' | 'gov-fund' | 'state-capital';

export type QuantityScope = {
  index: number;
  /** the department or unit the tables name */
  department: string | null;
  tables: Table[];
  policy: TolerancePolicy;
  year: number | null;
  unitOf: (t: Table) => Unit | null;
  /** whether figures of two fund scopes are the same quantity (their expense totals agree) */
  same: (a: FundScope, b: FundScope) => boolean;
  /**
   * The rounding quantum most of the scope's main tables print, in 元 (0.1万元 = 1000 when the
   * document rounds to 0.1 although it prints two decimals), or null when unknown.
   */
  quantumYuan: Decimal | null;
};

const MAIN_KINDS = new Set(['income-expense-summary', 'income', 'expense', 'fiscal-summary', 'general-expense', 'general-basic']);

const canon = (s: string): string => canonicalLabel(s);
const leafLabel = (c: Column): string => canon(c.path[c.path.length - 1] ?? '');
const hasValues = (t: Table): boolean => t.rows.some((r) => r.cells.some((c) => c.value !== null));

/** One scope per group of comparable table sets (部门 level, 单位 level …). */
export function quantityScopes(doc: BudgetDocument, policy: TolerancePolicy): QuantityScope[] {
  const groups = comparableSetGroups(tableSets(doc));
  return groups.map((group, index) => {
    const tables = group.flatMap((s) => s.tables);
    const { unitOf } = tableUnits(doc, policy);
    const scope: QuantityScope = {
      index,
      department: group[0]?.department ?? null,
      tables,
      policy,
      year: doc.year,
      unitOf,
      same: (a, b) => a === b,
      quantumYuan: null,
    };
    // the quantum most main tables print
    const counts = new Map<string, { q: Decimal; n: number }>();
    for (const t of tables) {
      const unit = unitOf(t);
      if (!MAIN_KINDS.has(t.kind) || unit === null || !hasValues(t)) continue;
      const q = tableQuantum(t, policy).times(UNIT_SCALE[unit]);
      const slot = counts.get(q.toString()) ?? { q, n: 0 };
      slot.n++;
      counts.set(q.toString(), slot);
    }
    let best: { q: Decimal; n: number } | null = null;
    for (const c of counts.values()) if (!best || c.n > best.n || (c.n === best.n && c.q.lt(best.q))) best = c;
    scope.quantumYuan = best?.q ?? null;
    scope.same = fundMerger(scope);
    return scope;
  });
}

/**
 * The scope a paragraph talks about: with one table set, that set; otherwise the set whose
 * department (the longest name) is named by the nearest paragraph at or before it that names one
 * (“现将涞源县医疗保障局本级2026年单位预算公开如下”).
 */
export function scopeForParagraph(doc: BudgetDocument, scopes: readonly QuantityScope[], paragraph: number): QuantityScope | null {
  if (scopes.length <= 1) return scopes[0] ?? null;
  const names = scopes.map((s) => (s.department ? canon(s.department) : null));
  for (let i = Math.min(paragraph, doc.paragraphs.length - 1); i >= 0; i--) {
    const text = canon(doc.paragraphs[i]?.text ?? '');
    let best = -1;
    let bestLength = 0;
    names.forEach((n, k) => {
      if (n && text.includes(n) && n.length > bestLength) {
        best = k;
        bestLength = n.length;
      }
    });
    if (best >= 0) return scopes[best] ?? null;
  }
  return scopes[0] ?? null;
}

/** Every claim with the scope of its paragraph (claims of a paragraph no scope covers are left out). */
export function claimsByScope(ctx: RuleContext): Array<{ claim: Claim; scope: QuantityScope }> {
  // every narrative rule asks: the scopes (and their fund merger) are worked out once per audit
  return [...memo(`claims-by-scope:${ctx.options.tolerance}`, ctx.doc, () => readClaimsByScope(ctx))];
}

function readClaimsByScope(ctx: RuleContext): Array<{ claim: Claim; scope: QuantityScope }> {
  const scopes = quantityScopes(ctx.doc, ctx.options.tolerance);
  const cache = new Map<number, QuantityScope | null>();
  const out: Array<{ claim: Claim; scope: QuantityScope }> = [];
  for (const claim of ctx.doc.claims) {
    let scope = cache.get(claim.paragraph);
    if (scope === undefined) {
      scope = scopeForParagraph(ctx.doc, scopes, claim.paragraph);
      cache.set(claim.paragraph, scope);
    }
    if (scope) out.push({ claim, scope });
  }
  return out;
}

// ───────────────────────────── readings ─────────────────────────────

export type ReadingCell = { row: Row; column: Column; value: Decimal; label: string; code?: string };

/** One table's figure for a quantity: a printed cell, a blank line, or the sum of printed cells. */
export type Reading = {
  table: Table;
  fund: FundScope;
  /** in the table's unit */
  value: Decimal;
  unit: Unit;
  /** the table's rounding quantum, in its unit */
  quantum: Decimal;
  cells: ReadingCell[];
  /** the sum of several printed figures (rows under a class, columns under a header) */
  derived: boolean;
  /** the line is printed blank (no value: taken as 0) */
  blank: boolean;
  /** what the figure is, within its table */
  what: Localized;
};

/**
 * What the tables print for a quantity. `alternatives`: the prose names it loosely (收入 may be
 * 本年收入合计 or 收入总计; 收支预算 is the income and the expense side): agreeing with one reading is
 * enough. Otherwise every reading prints the same quantity.
 */
export type Resolution = { readings: Reading[]; alternatives: boolean };

export type ResolveHint = {
  /** the subject as printed (总计 / 合计 / 本年 tell which total) */
  raw: string;
  /** the subject of the total this claim is a part of */
  parent: SubjectRef | null;
};

/** A reading's value in 元. */
export const readingYuan = (r: Reading): Decimal => r.value.times(UNIT_SCALE[r.unit]);
/** A reading's rounding quantum in 元. */
export const readingQuantumYuan = (r: Reading): Decimal => r.quantum.times(UNIT_SCALE[r.unit]);
/** How many printed figures make the reading (1 for a printed or blank figure). */
export const readingCount = (r: Reading): number => (r.blank ? 1 : Math.max(1, r.cells.length));

function makeReading(
  scope: QuantityScope,
  table: Table,
  fund: FundScope,
  cells: ReadingCell[],
  what: Localized,
  opts: { blank?: boolean; derived?: boolean } = {},
): Reading | null {
  const unit = scope.unitOf(table);
  if (unit === null || cells.length === 0) return null;
  return {
    table,
    fund,
    value: cells.reduce((s, c) => s.plus(c.value), new Decimal(0)),
    unit,
    quantum: readingQuantum(scope, table, unit, cells),
    cells,
    derived: opts.derived ?? cells.length > 1,
    blank: opts.blank ?? false,
    what,
  };
}

/**
 * The rounding quantum of a reading, in its table's unit: the table's, or (standard policy) the
 * document's coarser one when every figure read is a multiple of it — a project table that prints
 * one 0.03 among figures rounded to 0.1 still prints its total 2082.70 rounded like the others.
 */
function readingQuantum(scope: QuantityScope, table: Table, unit: Unit, cells: readonly ReadingCell[]): Decimal {
  const own = tableQuantum(table, scope.policy);
  const coarse = scope.quantumYuan?.div(UNIT_SCALE[unit]) ?? null;
  if (scope.policy === 'strict' || coarse === null || coarse.lte(own)) return own;
  const nonZero = cells.filter((c) => !c.value.isZero());
  return nonZero.length > 0 && nonZero.every((c) => c.value.mod(coarse).isZero()) ? coarse : own;
}

const printedCell = (row: Row, column: Column, label: string): ReadingCell | null => {
  const v = row.cells[column.index]?.value ?? null;
  return v === null ? null : { row, column, value: v, label };
};

/** A printed cell, or (blank line) a zero standing for it. */
function cellOrBlank(row: Row, column: Column, label: string): { cell: ReadingCell; blank: boolean } {
  const c = printedCell(row, column, label);
  return c ? { cell: c, blank: false } : { cell: { row, column, value: new Decimal(0), label }, blank: true };
}

function push(out: Reading[], r: Reading | null): void {
  if (r) out.push(r);
}

// ── table structure helpers ──

const IS_BASIC = (l: string): boolean => /^基本支出(合计|小计)?$/.test(l);
const IS_PROJECT = (l: string): boolean => /^项目支出(合计|小计)?$/.test(l);
const IS_PERSONNEL = (l: string): boolean => /^人员经费(支出)?(合计|小计)?$/.test(l);
const IS_PUBLIC = (l: string): boolean => /^(日常)?公用经费(支出)?(合计|小计)?$/.test(l);

/** The 合计 column of a detail table (a top-level 合计 / 总计 column). */
function sumColumn(table: Table): Column | null {
  const amounts = table.columns.filter((c) => c.role === 'amount' && !isSubsetColumn(c));
  return (
    amounts.find((c) => c.path.length === 1 && /^(本年支出|本年收入)?(合计|总计)$/.test(canon(c.path[0] ?? ''))) ??
    amounts.find((c) => /^(合计|总计)$/.test(leafLabel(c)) && !IS_BASIC(canon(c.path[0] ?? '')) && !IS_PROJECT(canon(c.path[0] ?? ''))) ??
    (amounts.length === 1 ? amounts[0]! : null)
  );
}

/** The 合计 row, or the only unit row of a table by unit. */
function totalRow(table: Table): Row | null {
  const total = table.rows.find((r) => r.role === 'total');
  if (total) return total;
  const units = table.rows.filter((r) => r.role === 'unit');
  return units.length === 1 ? units[0]! : null;
}

function findNode(nodes: readonly HeaderNode[], test: (label: string) => boolean, depth = 0): HeaderNode | null {
  for (const n of nodes) if (test(canon(n.label))) return n;
  if (depth >= 2) return null;
  for (const n of nodes) {
    const f = findNode(n.children, test, depth + 1);
    if (f) return f;
  }
  return null;
}

/** The cells a header node gives a row: its own column, its 小计/合计 sub-column, or its leaf columns. */
function nodeCells(table: Table, row: Row, node: HeaderNode, rowName: string): ReadingCell[] | null {
  if (node.children.length === 0) {
    const column = table.columns[node.start];
    if (!column || column.role !== 'amount') return null;
    const c = printedCell(row, column, `${rowName} · ${columnLabel(column)}`);
    return c ? [c] : [];
  }
  const sub = node.children.find((c) => /^(小计|合计)$/.test(canon(c.label)));
  if (sub) return nodeCells(table, row, sub, rowName);
  const out: ReadingCell[] = [];
  for (const child of node.children) {
    if (isSubsetLabel(child.label)) continue;
    const cells = nodeCells(table, row, child, rowName);
    if (cells === null) return null;
    out.push(...cells);
  }
  return out;
}

const rowTitle = (row: Row): string => canon(row.name) || '合计';
const codeName = (row: Row): string => `${row.code ?? ''} ${row.name}`.trim();
const isPublicOnly = (t: Table): boolean => /公用经费/.test(canon(t.title ?? '')) && !/人员经费/.test(canon(t.title ?? ''));
const isPersonnelOnly = (t: Table): boolean => /人员经费/.test(canon(t.title ?? '')) && !/公用经费/.test(canon(t.title ?? ''));

/** The columns of a fiscal summary's expense side, per fund: the total column and the 一般公共预算 / 基金 columns. */
function fiscalColumns(side: SummarySide): Array<{ column: Column; fund: FundScope }> {
  const out: Array<{ column: Column; fund: FundScope }> = [];
  const tc = totalColumn(side);
  if (tc) out.push({ column: tc, fund: 'fiscal' });
  const pick = (re: RegExp): Column | undefined =>
    side.amountColumns.find(
      (c) => c !== tc && !isSubsetColumn(c) && c.path.some((p) => re.test(canon(p))) && (c.path.length < 3 || /^(小计|合计)$/.test(leafLabel(c)) || re.test(leafLabel(c))),
    );
  const g = pick(/^一般公共预算/);
  if (g) out.push({ column: g, fund: 'general' });
  const f = pick(/^政府性基金/);
  if (f) out.push({ column: f, fund: 'gov-fund' });
  const s = pick(/^国有资本经营/);
  if (s) out.push({ column: s, fund: 'state-capital' });
  return out;
}

const DETAIL_FUND: Readonly<Partial<Record<Table['kind'], FundScope>>> = {
  expense: 'all',
  'general-expense': 'general',
  'gov-fund': 'gov-fund',
  'state-capital': 'state-capital',
};

const functionRows = (table: Table): Row[] => table.rows.filter((r) => r.codeScheme === 'function' && r.code !== null && r.role !== 'unit' && r.role !== 'total');

// ── per quantity ──

function classReadings(scope: QuantityScope, code: string): Reading[] {
  const out: Reading[] = [];
  for (const table of scope.tables) {
    if (table.kind === 'income-expense-summary' || table.kind === 'fiscal-summary') {
      const fside = functionSide(summarySides(table));
      if (!fside) continue;
      const columns: Array<{ column: Column; fund: FundScope }> =
        table.kind === 'fiscal-summary' ? fiscalColumns(fside) : (() => {
          const tc = totalColumn(fside);
          return tc ? [{ column: tc, fund: 'all' as FundScope }] : [];
        })();
      const entries = fside.entries.filter((e) => e.role === 'item' && classCodeOf(e.label) === code);
      if (!entries.length) continue;
      for (const { column, fund } of columns) {
        const suffix = fside.amountColumns.length > 1 ? `（${columnLabel(column)}）` : '';
        const suffixEn = fside.amountColumns.length > 1 ? ` (${columnLabel(column)})` : '';
        const cells = entries.map((e) => printedCell(e.row, column, `${e.label}${suffix}`)).filter((c): c is ReadingCell => c !== null);
        if (cells.length) {
          const names = cells.map((c) => c.label.replace(suffix, '')).join('」「');
          push(out, makeReading(scope, table, fund, cells, { zh: `「${names}」${suffix}`, en: `"${names}"${suffixEn}` }, { derived: false }));
        } else {
          const e = entries[0]!;
          const b = cellOrBlank(e.row, column, `${e.label}${suffix}`);
          push(out, makeReading(scope, table, fund, [b.cell], { zh: `「${e.label}」${suffix}（空白）`, en: `"${e.label}"${suffixEn} (blank)` }, { blank: true }));
        }
      }
      continue;
    }
    const fund = DETAIL_FUND[table.kind];
    if (!fund) continue;
    const column = sumColumn(table);
    if (!column) continue;
    const rows = functionRows(table);
    const own = rows.filter((r) => r.code === code);
    if (own.length) {
      const cells = own.map((r) => printedCell(r, column, `${codeName(r)} · ${columnLabel(column)}`)).filter((c): c is ReadingCell => c !== null);
      const name = own[0]!.name;
      push(out, makeReading(scope, table, fund, cells, { zh: `「${code} ${name}」行（${columnLabel(column)}）`, en: `row ${code} ${name} (${columnLabel(column)})` }, { derived: cells.length > 1 }));
      continue;
    }
    const codes = new Set(rows.map((r) => r.code!));
    const top = rows.filter((r) => r.code!.startsWith(code) && r.code!.length > 3 && !(r.code!.length === 7 && codes.has(r.code!.slice(0, 5))));
    const cells = top
      .map((r) => {
        const c = printedCell(r, column, `${codeName(r)} · ${columnLabel(column)}`);
        return c ? { ...c, code: r.code! } : null;
      })
      .filter((c): c is ReadingCell & { code: string } => c !== null);
    if (!cells.length) continue;
    const terms = cells.map((c) => c.code).join('+');
    if (cells.length === 1) {
      const only = codeName(top.find((r) => r.code === cells[0]!.code)!);
      push(out, makeReading(scope, table, fund, cells, { zh: `${code}类下唯一一行「${only}」（${columnLabel(column)}）`, en: `the only row under ${code}, ${only} (${columnLabel(column)})` }, { derived: false }));
      continue;
    }
    push(out, makeReading(scope, table, fund, cells, { zh: `${code}类各行之和（Σ ${terms}）`, en: `the sum of the rows under ${code} (Σ ${terms})` }, { derived: true }));
  }
  return out;
}

type Part = 'basic' | 'project' | 'personnel' | 'public';
const PART_TEST: Readonly<Record<Part, (l: string) => boolean>> = { basic: IS_BASIC, project: IS_PROJECT, personnel: IS_PERSONNEL, public: IS_PUBLIC };
const PART_NAME: Readonly<Record<Part, Localized>> = {
  basic: { zh: '基本支出', en: 'basic expenditure' },
  project: { zh: '项目支出', en: 'project expenditure' },
  personnel: { zh: '人员经费', en: 'personnel costs' },
  public: { zh: '公用经费', en: 'public (office) costs' },
};

/**
 * Whether a row's columns can be read by their headers: its 合计 equals the sum of the top-level
 * headers beside it (基本支出 + 项目支出 …). A row whose columns are shifted (131,792.35 | 1,090.51 |
 * … | 228.70 under 项目支出) is the column rules' finding; its parts are not read.
 */
function rowAddsUp(scope: QuantityScope, table: Table, row: Row): boolean {
  const sc = sumColumn(table);
  const stated = sc ? (row.cells[sc.index]?.value ?? null) : null;
  if (!sc || stated === null) return true;
  const parts = table.header.filter((n) => !(sc.index >= n.start && sc.index < n.end) && !isSubsetLabel(n.label));
  let sum = new Decimal(0);
  let n = 0;
  for (const p of parts) {
    const cells = nodeCells(table, row, p, '');
    if (cells === null) continue;
    for (const c of cells) {
      sum = sum.plus(c.value);
      n++;
    }
  }
  return n === 0 || stated.minus(sum).abs().lte(sumBound(n, tableQuantum(table, scope.policy)));
}

/** 基本支出 / 项目支出 / 人员经费 / 公用经费 on the 合计 row of a detail table, by its header. */
function headerPartReading(scope: QuantityScope, table: Table, fund: FundScope, part: Part): Reading | null {
  const row = totalRow(table);
  if (!row) return null;
  const node = findNode(table.header, PART_TEST[part]);
  if (!node) return null;
  if (!rowAddsUp(scope, table, row)) return null;
  const cells = nodeCells(table, row, node, rowTitle(row));
  if (!cells || !cells.length) return null;
  // a group read as the sum of its columns must add up to its 小计 where one is printed above it
  if (cells.length > 1 && part !== 'basic' && part !== 'project') {
    const basic = findNode(table.header, IS_BASIC);
    const sub = basic ? nodeCells(table, row, basic, '') : null;
    const personnel = findNode(table.header, IS_PERSONNEL);
    const pub = findNode(table.header, IS_PUBLIC);
    if (basic && sub && sub.length === 1 && personnel && pub) {
      const p = nodeCells(table, row, personnel, '') ?? [];
      const q = nodeCells(table, row, pub, '') ?? [];
      const total = [...p, ...q].reduce((s, c) => s.plus(c.value), new Decimal(0));
      if (sub[0]!.value.minus(total).abs().gt(sumBound(p.length + q.length, tableQuantum(table, scope.policy)))) return null;
    }
  }
  const name = PART_NAME[part];
  const list = cells.map((c) => c.label.split(' · ')[1] ?? c.label).join('+');
  return makeReading(scope, table, fund, cells, cells.length > 1 ? { zh: `${rowTitle(row)}行${name.zh}（${list}）`, en: `${name.en} on the ${rowTitle(row)} row (${list})` } : { zh: `${rowTitle(row)}行「${columnLabel(cells[0]!.column)}」`, en: `the ${rowTitle(row)} row, ${columnLabel(cells[0]!.column)}` });
}

/** 基本支出 / 项目支出 items of an economic-classification expense side of a summary table. */
function summaryPartReadings(scope: QuantityScope, table: Table, part: 'basic' | 'project'): Reading[] {
  const out: Reading[] = [];
  const fside = functionSide(summarySides(table));
  for (const side of summarySides(table)) {
    if (side.side !== 'expense' || side === fside) continue;
    const tc = totalColumn(side);
    if (!tc) continue;
    for (const e of side.entries) {
      if (e.role !== 'item' || e.text !== PART_NAME[part].zh) continue;
      const c = printedCell(e.row, tc, e.label);
      if (c) push(out, makeReading(scope, table, 'all', [c], { zh: `「${e.label}」`, en: `"${e.label}"` }));
    }
  }
  return out;
}

/** The 合计 column (or the only amount column) of a table's total row. */
function totalCell(table: Table): ReadingCell | null {
  const row = totalRow(table);
  if (!row) return null;
  const amounts = table.columns.filter((c) => c.role === 'amount' && !isSubsetColumn(c));
  const column = amounts.find((c) => /^(合计|总计)$/.test(leafLabel(c))) ?? sumColumn(table);
  if (!column) return null;
  return printedCell(row, column, `${rowTitle(row)} · ${columnLabel(column)}`);
}

function basicBasicReading(scope: QuantityScope, table: Table, part: 'basic' | 'personnel' | 'public'): Reading | null {
  const row = totalRow(table);
  if (!row) return null;
  const amounts = table.columns.filter((c) => c.role === 'amount' && !isSubsetColumn(c));
  const only = isPublicOnly(table) ? 'public' : isPersonnelOnly(table) ? 'personnel' : null;
  let column: Column | undefined;
  if (only) {
    if (only !== part) return null;
    column = amounts.find((c) => /^(合计|总计)$/.test(leafLabel(c))) ?? (amounts.length === 1 ? amounts[0] : undefined);
  } else if (part === 'basic') {
    column = amounts.find((c) => /^(合计|总计)$/.test(leafLabel(c))) ?? (amounts.length === 1 ? amounts[0] : undefined);
  } else {
    column = amounts.find((c) => PART_TEST[part](leafLabel(c)));
  }
  if (!column) return null;
  const c = printedCell(row, column, `${rowTitle(row)} · ${columnLabel(column)}`);
  if (!c) return null;
  return makeReading(scope, table, 'general', [c], { zh: `${rowTitle(row)}行「${columnLabel(column)}」`, en: `the ${rowTitle(row)} row, ${columnLabel(column)}` });
}

function fundOf(fund: Fund | null): FundScope {
  return fund === null ? 'all' : fund === 'general-budget' ? 'general' : fund;
}

function partReadings(scope: QuantityScope, part: Part): Reading[] {
  const out: Reading[] = [];
  const basicTables = scope.tables.filter((t) => t.kind === 'general-basic');
  if (part === 'personnel' || part === 'public') {
    for (const t of basicTables) push(out, basicBasicReading(scope, t, part));
    if (out.length) return out;
    for (const t of scope.tables) {
      const fund = DETAIL_FUND[t.kind];
      if (fund) push(out, headerPartReading(scope, t, fund, part));
    }
    return out;
  }
  for (const t of scope.tables) {
    const fund = DETAIL_FUND[t.kind];
    if (fund) push(out, headerPartReading(scope, t, fund, part));
    else if (t.kind === 'income-expense-summary') out.push(...summaryPartReadings(scope, t, part));
    else if (t.kind === 'general-basic' && part === 'basic') push(out, basicBasicReading(scope, t, 'basic'));
    else if (t.kind === 'project' && part === 'project') {
      const c = totalCell(t);
      if (c) push(out, makeReading(scope, t, 'all', [c], { zh: `${c.label.split(' · ')[0]}行「${columnLabel(c.column)}」`, en: `the total row, ${columnLabel(c.column)}` }));
    }
  }
  return out;
}

// ── totals and fund lines of the summary tables ──

type TotalFlavor = 'grand' | 'current' | null;
function flavorOf(raw: string): TotalFlavor {
  const k = canon(raw);
  if (/总计/.test(k)) return 'grand';
  if (/合计|本年/.test(k)) return 'current';
  return null;
}

function sideEntryReading(scope: QuantityScope, table: Table, side: SummarySide, entry: SideEntry, fund: FundScope, column?: Column | null): Reading | null {
  const col = column ?? totalColumn(side);
  if (!col) return null;
  const b = cellOrBlank(entry.row, col, entry.label);
  const suffix = side.amountColumns.length > 1 ? `（${columnLabel(col)}）` : '';
  return makeReading(scope, table, fund, [b.cell], { zh: `「${entry.label}」${suffix}${b.blank ? '（空白）' : ''}`, en: `"${entry.label}"${suffix ? ` (${columnLabel(col)})` : ''}${b.blank ? ' (blank)' : ''}` }, { blank: b.blank });
}

/** 本年收入合计 / 收入总计 (or the expense side's) of the summary tables of one fund scope. */
function sideTotals(scope: QuantityScope, kind: 'income-expense-summary' | 'fiscal-summary', which: 'income' | 'expense', flavor: TotalFlavor): Reading[] {
  const out: Reading[] = [];
  for (const table of scope.tables) {
    if (table.kind !== kind) continue;
    const sides = summarySides(table).filter((s) => s.side === which);
    const side = which === 'expense' ? (functionSide(sides) ?? sides[0]) : sides[0];
    if (!side) continue;
    const fund: FundScope = kind === 'fiscal-summary' ? 'fiscal' : 'all';
    const grand = entriesOf(side, 'grand')[0];
    const { total } = currentItems(side);
    const picks: SideEntry[] = [];
    if (flavor !== 'current' && grand) picks.push(grand);
    if (flavor !== 'grand' && total && total !== grand) picks.push(total);
    for (const e of picks) {
      const r = sideEntryReading(scope, table, side, e, fund);
      if (r && !r.blank) out.push(r);
    }
  }
  return out;
}

function totalReadings(scope: QuantityScope, which: 'income' | 'expense', raw: string): Reading[] {
  const flavor = flavorOf(raw);
  const out = sideTotals(scope, 'income-expense-summary', which, flavor);
  if (out.length) return out;
  // no summary table: the 合计 row of the 支出总表 / 收入总表
  for (const t of scope.tables) {
    if (t.kind !== (which === 'income' ? 'income' : 'expense')) continue;
    const row = totalRow(t);
    const column = sumColumn(t);
    if (!row || !column) continue;
    const c = printedCell(row, column, `${rowTitle(row)} · ${columnLabel(column)}`);
    if (c) push(out, makeReading(scope, t, 'all', [c], { zh: `${rowTitle(row)}行「${columnLabel(column)}」`, en: `the ${rowTitle(row)} row, ${columnLabel(column)}` }));
  }
  return out;
}

const FUND_LINE: Readonly<Record<'general-budget' | 'gov-fund' | 'state-capital', RegExp>> = {
  'general-budget': /^一般公共预算/,
  'gov-fund': /^政府性基金|^政府基金/,
  'state-capital': /^国有资本经营/,
};

/** The income line of a fund (一、一般公共预算拨款收入) among this year's income items of the summary tables. */
function fundIncomeReadings(scope: QuantityScope, fund: 'general-budget' | 'gov-fund' | 'state-capital'): Reading[] {
  const out: Reading[] = [];
  for (const table of scope.tables) {
    if (table.kind !== 'income-expense-summary' && table.kind !== 'fiscal-summary') continue;
    const side = summarySides(table).find((s) => s.side === 'income');
    if (!side) continue;
    const { items } = currentItems(side);
    const pool = items ?? side.entries.filter((e) => e.role === 'item' && e.rank > 0);
    const lines = pool.filter((e) => e.role === 'item' && FUND_LINE[fund].test(e.text));
    if (lines.length !== 1) continue;
    const scopeOfLine: FundScope = table.kind === 'fiscal-summary' ? 'fiscal' : 'all';
    push(out, sideEntryReading(scope, table, side, lines[0]!, scopeOfLine));
  }
  return out;
}

/** A fund's expense total: its expense table's 合计, or its column of the 财政拨款收支总表 (本年支出合计). */
function fundExpenseReadings(scope: QuantityScope, fund: 'general' | 'gov-fund' | 'state-capital'): Reading[] {
  const out: Reading[] = [];
  const kind = fund === 'general' ? 'general-expense' : fund;
  for (const t of scope.tables) {
    if (t.kind !== kind) continue;
    const row = totalRow(t);
    const column = sumColumn(t);
    if (!row || !column) continue;
    const b = cellOrBlank(row, column, `${rowTitle(row)} · ${columnLabel(column)}`);
    push(out, makeReading(scope, t, fund, [b.cell], { zh: `${rowTitle(row)}行「${columnLabel(column)}」${b.blank ? '（空白）' : ''}`, en: `the ${rowTitle(row)} row, ${columnLabel(column)}${b.blank ? ' (blank)' : ''}` }, { blank: b.blank }));
  }
  for (const t of scope.tables) {
    if (t.kind !== 'fiscal-summary') continue;
    const fside = functionSide(summarySides(t)) ?? summarySides(t).find((s) => s.side === 'expense');
    if (!fside) continue;
    const col = fiscalColumns(fside).find((c) => c.fund === fund)?.column;
    const { total } = currentItems(fside);
    if (!col || !total) continue;
    push(out, sideEntryReading(scope, t, fside, total, fund, col));
  }
  return out;
}

function fiscalSideReadings(scope: QuantityScope, which: 'income' | 'expense'): Reading[] {
  const out: Reading[] = [];
  for (const t of scope.tables) {
    if (t.kind !== 'fiscal-summary') continue;
    const sides = summarySides(t).filter((s) => s.side === which);
    const side = which === 'expense' ? (functionSide(sides) ?? sides[0]) : sides[0];
    if (!side) continue;
    const { total } = currentItems(side);
    for (const entry of [total, entriesOf(side, 'grand')[0]]) {
      if (!entry) continue;
      const r = sideEntryReading(scope, t, side, entry, 'fiscal');
      if (r && !r.blank) {
        out.push(r);
        break;
      }
    }
  }
  return out;
}

const SOURCE_KEY = (s: string): string => canon(s).replace(/收入$/, '').replace(/^上级单位补助/, '上级补助').replace(/^事业单位经营服务/, '事业单位经营');

function incomeSourceReadings(scope: QuantityScope, name: IncomeSource): Reading[] {
  const out: Reading[] = [];
  for (const t of scope.tables) {
    if (t.kind !== 'income-expense-summary') continue;
    const side = summarySides(t).find((s) => s.side === 'income');
    if (!side) continue;
    let entry: SideEntry | undefined;
    if (name === '上年结转') entry = entriesOf(side, 'carry')[0];
    else entry = side.entries.find((e) => e.role === 'item' && SOURCE_KEY(e.text) === SOURCE_KEY(name));
    if (entry) push(out, sideEntryReading(scope, t, side, entry, 'all'));
  }
  return out;
}

// ── “三公” ──

const THREE_PUBLIC_PATTERNS: ReadonlyArray<[Exclude<Extract<SubjectRef, { kind: 'three-public' }>['item'], 'total'>, RegExp]> = [
  ['abroad', /^因公出国/],
  ['vehicle', /^公务用车购置及运[行维]/],
  ['vehicle-purchase', /^公务用车购置(费|经费)?$/],
  ['vehicle-operation', /^公务用车运(行|维)(维护)?(费|经费)?$/],
  ['reception', /^公务接待/],
];

function threePublicItem(label: string, allowPlainTotal: boolean): string | null {
  const text = stripNumbering(label).text.replace(/^其中[:：]?/, '');
  if (/三公.*(合计|小计|总计)$/.test(text) || (allowPlainTotal && /^(合计|总计)$/.test(text))) return 'total';
  for (const [item, re] of THREE_PUBLIC_PATTERNS) if (re.test(text)) return item;
  return null;
}

function threePublicReadings(scope: QuantityScope, item: string): Reading[] {
  const out: Reading[] = [];
  for (const table of scope.tables) {
    if (table.kind !== 'three-public') continue;
    const amounts = table.columns.filter((c) => c.role === 'amount' && !isSubsetColumn(c));
    const horizontal = amounts.filter((c) => threePublicItem(c.path.join(''), true) !== null || threePublicItem(leafLabel(c), false) !== null);
    if (horizontal.length >= 2) {
      const data = table.rows.filter((r) => r.role === 'data');
      const row = totalRow(table) ?? (data.length === 1 ? data[0]! : null);
      if (!row) continue;
      for (const column of amounts) {
        const path = column.path.map(canon);
        const k = path.length > 1 && /^(小计|合计)$/.test(path[path.length - 1]!) ? threePublicItem(path[0]!, true) : threePublicItem(path[path.length - 1]!, path.length === 1);
        if (k !== item) continue;
        const b = cellOrBlank(row, column, columnLabel(column));
        push(out, makeReading(scope, table, 'all', [b.cell], { zh: `「${columnLabel(column)}」${b.blank ? '（空白）' : ''}`, en: `"${columnLabel(column)}"${b.blank ? ' (blank)' : ''}` }, { blank: b.blank }));
        break;
      }
      continue;
    }
    // vertical: one row per item; the column of the budget year, else the 合计 / only amount column
    let column: Column | undefined;
    if (scope.year !== null) column = amounts.find((c) => c.path.some((p) => p.includes(String(scope.year))) && !/增减|变动|比/.test(c.path.join('')));
    if (!column) {
      if (amounts.filter((c) => /\d{4}/.test(c.path.join(''))).length > 1) continue;
      column = amounts.find((c) => /^(合计|金额|预算数)$/.test(leafLabel(c))) ?? (amounts.length === 1 ? amounts[0] : undefined);
    }
    if (!column) continue;
    const nameColumn = table.columns.find((c) => c.role === 'name');
    const labelOf = (r: Row): string => (nameColumn ? (r.cells[nameColumn.index]?.text ?? r.name) : r.name);
    const hasOthers = table.rows.some((r) => /会议费|培训费/.test(canon(labelOf(r))));
    for (const row of table.rows) {
      const label = labelOf(row);
      if (threePublicItem(label, !hasOthers) !== item) continue;
      const b = cellOrBlank(row, column, `${label} · ${columnLabel(column)}`);
      push(out, makeReading(scope, table, 'all', [b.cell], { zh: `「${label}」${b.blank ? '（空白）' : ''}`, en: `"${label}"${b.blank ? ' (blank)' : ''}` }, { blank: b.blank }));
      break;
    }
  }
  return out;
}

// ── 机关运行经费, economic rows, projects ──

const isRunningCostTable = (t: Table): boolean => t.kind !== 'performance' && /运行经费|运转经费/.test(canon(t.title ?? ''));

function operatingReadings(scope: QuantityScope): Reading[] {
  const out: Reading[] = [];
  for (const t of scope.tables) {
    if (!isRunningCostTable(t)) continue;
    const c = totalCell(t);
    if (c) push(out, makeReading(scope, t, 'all', [c], { zh: `${c.label.split(' · ')[0]}行「${columnLabel(c.column)}」`, en: `the total row, ${columnLabel(c.column)}` }));
  }
  return out;
}

function economicReadings(scope: QuantityScope, code: string, parent: SubjectRef | null): Reading[] {
  const out: Reading[] = [];
  const running = parent?.kind === 'operating-costs' ? scope.tables.filter(isRunningCostTable) : [];
  const tables = running.length ? running : scope.tables.filter((t) => t.kind === 'general-basic');
  for (const t of tables) {
    const amounts = t.columns.filter((c) => c.role === 'amount' && !isSubsetColumn(c));
    const column = amounts.find((c) => /^(合计|总计)$/.test(leafLabel(c))) ?? (amounts.length === 1 ? amounts[0] : undefined);
    if (!column) continue;
    const rows = t.rows.filter((r) => r.codeScheme === 'economic-department' && r.code === code && r.role === 'data');
    if (!rows.length) continue;
    const cells = rows.map((r) => printedCell(r, column, `${codeName(r)} · ${columnLabel(column)}`)).filter((c): c is ReadingCell => c !== null);
    if (!cells.length) continue;
    const name = rows[0]!.name;
    push(out, makeReading(scope, t, 'general', cells, cells.length > 1 ? { zh: `经济科目${code}各行之和（${cells.length}行）`, en: `the ${cells.length} rows coded ${code}` } : { zh: `「${code} ${name}」行`, en: `row ${code} ${name}` }));
    break;
  }
  return out;
}

/** A project name in matching form: canonical, without a trailing 项目 or a leading 提前下达. */
export const projectKey = (name: string): string => canon(name).replace(/[()（）]/g, '').replace(/^提前下达/, '').replace(/项目$/, '');

function projectNameColumn(t: Table): Column | null {
  const names = t.columns.filter((c) => c.role === 'name');
  return names.find((c) => /项目名称|专项名称/.test(canon(c.path.join('/')))) ?? names[0] ?? null;
}

function projectReadings(scope: QuantityScope, name: string): Reading[] {
  const out: Reading[] = [];
  const key = projectKey(name);
  if (key.length < 2) return out;
  for (const t of scope.tables) {
    if (t.kind !== 'project') continue;
    const nameCol = projectNameColumn(t);
    const column = sumColumn(t) ?? t.columns.find((c) => c.role === 'amount' && /^(合计|总计)$/.test(leafLabel(c))) ?? null;
    if (!column) continue;
    const rows = t.rows.filter((r) => r.role === 'data');
    const label = (r: Row): string => (nameCol ? (r.cells[nameCol.index]?.text ?? r.name) : r.name);
    const exact = rows.filter((r) => projectKey(label(r)) === key);
    let matched = exact;
    if (!matched.length) {
      const loose = rows.filter((r) => {
        const k = projectKey(label(r));
        if (k.length < 4 || key.length < 4) return false;
        const [short, long] = k.length < key.length ? [k, key] : [key, k];
        return long.includes(short) && short.length / long.length >= 0.6;
      });
      if (loose.length === 1) matched = loose;
    }
    if (!matched.length) continue;
    const cells = matched.map((r) => printedCell(r, column, `${label(r)} · ${columnLabel(column)}`)).filter((c): c is ReadingCell => c !== null);
    const shown = label(matched[0]!);
    push(out, makeReading(scope, t, 'all', cells, cells.length > 1 ? { zh: `「${shown}」各行之和（${cells.length}行）`, en: `the ${cells.length} rows of "${shown}"` } : { zh: `「${shown}」行`, en: `row "${shown}"` }));
  }
  return out;
}

// ── fund scopes ──

/** Whether two fund scopes print the same figures: their expense totals agree (within rounding). */
function fundMerger(scope: QuantityScope): (a: FundScope, b: FundScope) => boolean {
  const first = (rs: Reading[]): Reading | undefined => rs.find((r) => !r.blank);
  const totals: Partial<Record<FundScope, Reading>> = {
    all: first(sideTotals(scope, 'income-expense-summary', 'expense', 'current')) ?? first(totalReadings(scope, 'expense', '本年支出合计')),
    fiscal: first(fiscalSideReadings(scope, 'expense')),
    general: first(fundExpenseReadings(scope, 'general')) ?? first(fundIncomeReadings(scope, 'general-budget').filter((r) => r.table.kind === 'fiscal-summary')) ?? first(fundIncomeReadings(scope, 'general-budget')),
  };
  const parent: Record<FundScope, FundScope> = { all: 'all', fiscal: 'fiscal', general: 'general', 'gov-fund': 'gov-fund', 'state-capital': 'state-capital' };
  const find = (s: FundScope): FundScope => (parent[s] === s ? s : find(parent[s]));
  const pairs: Array<[FundScope, FundScope]> = [
    ['all', 'fiscal'],
    ['all', 'general'],
    ['fiscal', 'general'],
  ];
  for (const [a, b] of pairs) {
    const ra = totals[a];
    const rb = totals[b];
    if (!ra || !rb) continue;
    const bound = sumBound(1, Decimal.max(readingQuantumYuan(ra), readingQuantumYuan(rb)));
    if (readingYuan(ra).minus(readingYuan(rb)).abs().lte(bound)) parent[find(b)] = find(a);
  }
  return (a, b) => find(a) === find(b);
}

// ── the resolver ──

/**
 * The table figures that print the quantity a subject names, within one scope, restricted to the
 * fund the subject names (一般公共预算… → the 一般公共预算 tables, and the all-funds tables only when
 * their totals agree). Null when nothing prints it (the claim stays unchecked).
 */
export function resolveQuantity(scope: QuantityScope, ref: SubjectRef, hint: ResolveHint): Resolution | null {
  /** the readings of the fund asked for, one per table (the one of that very fund first) */
  const keep = (rs: Reading[], fund: FundScope): Reading[] => {
    const byTable = new Map<string, Reading>();
    for (const r of rs) {
      if (!scope.same(r.fund, fund)) continue;
      const had = byTable.get(r.table.id);
      if (!had || (had.fund !== fund && r.fund === fund)) byTable.set(r.table.id, r);
    }
    return [...byTable.values()];
  };
  let readings: Reading[] = [];
  let alternatives = false;
  switch (ref.kind) {
    case 'function-class':
      readings = keep(classReadings(scope, ref.code), fundOf(ref.fund));
      break;
    case 'basic':
      readings = keep(partReadings(scope, 'basic'), fundOf(ref.fund));
      break;
    case 'project-expense':
      readings = keep(partReadings(scope, 'project'), fundOf(ref.fund));
      break;
    case 'personnel':
      readings = keep(partReadings(scope, 'personnel'), fundOf(ref.fund));
      break;
    case 'public-use':
      readings = keep(partReadings(scope, 'public'), fundOf(ref.fund));
      break;
    case 'three-public':
      readings = threePublicReadings(scope, ref.item);
      break;
    case 'operating-costs':
      readings = operatingReadings(scope);
      break;
    case 'income-total':
      readings = totalReadings(scope, 'income', hint.raw);
      alternatives = true;
      break;
    case 'expense-total':
      readings = totalReadings(scope, 'expense', hint.raw);
      alternatives = true;
      break;
    case 'income-expense-total':
      readings = [...totalReadings(scope, 'income', hint.raw), ...totalReadings(scope, 'expense', hint.raw)];
      alternatives = true;
      break;
    case 'general-budget':
    case 'gov-fund':
    case 'state-capital': {
      const fund: FundScope = ref.kind === 'general-budget' ? 'general' : ref.kind;
      const income = ref.side === 'expense' ? [] : fundIncomeReadings(scope, ref.kind);
      let expense = ref.side === 'income' ? [] : fundExpenseReadings(scope, fund);
      // no table of the fund's own: the fiscal or all-funds expense total when it is the same figure
      if (ref.side === 'expense' && !expense.length && fund === 'general') {
        expense = fiscalSideReadings(scope, 'expense').filter((r) => scope.same(r.fund, fund));
        if (!expense.length) expense = sideTotals(scope, 'income-expense-summary', 'expense', 'current').filter((r) => scope.same(r.fund, fund));
      }
      readings = [...income, ...expense];
      alternatives = true;
      break;
    }
    case 'fiscal-allocation': {
      const income = ref.side === 'expense' ? [] : fiscalSideReadings(scope, 'income');
      const expense = ref.side === 'income' ? [] : fiscalSideReadings(scope, 'expense');
      readings = [...income, ...expense];
      alternatives = true;
      break;
    }
    case 'income-source':
      readings = incomeSourceReadings(scope, ref.name);
      break;
    case 'economic':
      readings = economicReadings(scope, ref.code, hint.parent);
      break;
    case 'project':
      readings = projectReadings(scope, ref.name);
      break;
    default:
      return null;
  }
  return readings.length ? { readings, alternatives } : null;
}

/** The quantity a share (占…%) is a share of, when no enumeration total is printed with it. */
export function shareTotalRef(ref: SubjectRef): SubjectRef | null {
  switch (ref.kind) {
    case 'function-class':
    case 'basic':
    case 'project-expense':
      return ref.fund === 'general-budget' ? { kind: 'general-budget', side: 'expense' } : ref.fund === null ? { kind: 'expense-total' } : null;
    case 'personnel':
    case 'public-use':
      return { kind: 'basic', fund: ref.fund };
    case 'three-public':
      return ref.item === 'total' ? null : { kind: 'three-public', item: 'total' };
    default:
      return null;
  }
}

// ───────────────────────────── describing readings ─────────────────────────────

export const tableTitle = (t: Table): string => t.title ?? t.id;

export function readingDecimals(r: Reading): number {
  return Math.max(2, printedDecimals(r.table));
}

/** 「2023 年部门收支预算表」「八、社会保障和就业」 */
export function describeReading(r: Reading): Localized {
  return { zh: `「${tableTitle(r.table)}」${r.what.zh}`, en: `"${tableTitle(r.table)}" ${r.what.en}` };
}

/** "2023 年部门支出预算表 Σ 2080802+2080505+2089999 = 11.40" / "收支总表 八、社会保障和就业 = 10.70" */
export function readingFormula(r: Reading): string {
  const d = readingDecimals(r);
  const title = tableTitle(r.table);
  if (r.cells.length === 1) return `${title} ${r.cells[0]!.label.split(' · ')[0]} = ${r.blank ? '—' : r.value.toFixed(d)}`;
  const terms = r.cells.map((c) => c.code ?? c.label).join('+');
  return `${title} Σ ${terms} = ${r.value.toFixed(d)}`;
}

export function readingOperands(r: Reading): Operand[] {
  const d = readingDecimals(r);
  return r.cells.map((c) => ({ ref: cellRef(r.table, c.row, c.column) as CellRef, label: `${tableTitle(r.table)} · ${c.label}`, value: c.value.toFixed(d) }));
}

// ───────────────────────────── prose figures ─────────────────────────────

export const yuanOf = (value: Decimal, unit: Unit): Decimal => value.times(UNIT_SCALE[unit]);

/** The rounding quantum a printed figure shows, in 元: 10^-decimals of its unit. */
export const printedQuantumYuan = (figure: { decimals: number; unit: Unit }): Decimal => new Decimal(10).pow(-figure.decimals).times(UNIT_SCALE[figure.unit]);

/**
 * The rounding quantum of a prose figure, in 元: the printed one, or (standard policy) the
 * document's coarser quantum when the figure is a multiple of it — a document whose tables round
 * to 0.1万元 writes its totals “2230.80” in the prose as well.
 */
export function proseQuantumYuan(figure: { value: Decimal; decimals: number; unit: Unit }, scope: QuantityScope | null, policy: TolerancePolicy): Decimal {
  const own = printedQuantumYuan(figure);
  const coarse = scope?.quantumYuan ?? null;
  if (policy === 'strict' || coarse === null || coarse.lte(own)) return own;
  const y = yuanOf(figure.value, figure.unit);
  return !y.isZero() && y.mod(coarse).isZero() ? coarse : own;
}

/**
 * The quantum of figures written together (a total and its parts, a change and its reasons), in
 * 元: like a table, the finest precision printed among them — “2万元” beside “2.05万元” is 2.00 with
 * its zeros dropped — raised to the document's coarse quantum for a figure that is a multiple of it.
 */
export function listQuantumYuan(figures: ReadonlyArray<{ value: Decimal; decimals: number; unit: Unit }>, scope: QuantityScope | null, policy: TolerancePolicy): Decimal {
  if (!figures.length) return new Decimal(0);
  const finest = Decimal.min(...figures.map(printedQuantumYuan));
  const coarse = scope?.quantumYuan ?? null;
  if (policy === 'strict' || coarse === null || coarse.lte(finest)) return finest;
  const multiple = figures.some((f) => {
    const y = yuanOf(f.value, f.unit);
    return !y.isZero() && y.mod(coarse).isZero();
  });
  return multiple ? coarse : finest;
}

/** The span of a claim, as a finding target. */
export const claimRef = (c: Claim): TextRef => ({ type: 'text', paragraph: c.paragraph, start: c.start, end: c.end });

/** The span of one figure of a claim. */
export const figureRef = (c: Claim, f: { start: number; end: number }): TextRef => ({ type: 'text', paragraph: c.paragraph, start: f.start, end: f.end });

/** A prose figure as an operand: 正文「卫生健康（类）支出」 = 2201.60 (in the unit asked for). */
export function figureOperand(c: Claim, f: AmountFigure | PercentFigure, value: Decimal, decimals: number, what?: string): Operand {
  return { ref: figureRef(c, f), label: `正文 · ${what ?? (c.subject.raw || c.text)}`, value: value.toFixed(decimals) };
}

/** The budget year a claim states (its own, else the document's). */
export const claimYear = (c: Claim, doc: BudgetDocument): number | null => c.year?.value ?? doc.year;

/** Whether a claim is about the document's own budget year. */
export const isOwnYear = (c: Claim, doc: BudgetDocument): boolean => doc.year === null || claimYear(c, doc) === doc.year;

/** The signed amount of a change: + for an increase, − for a decrease, 0 for 持平; null without an amount. */
export function signedChange(c: Claim): { value: Decimal; figure: AmountFigure | null } | null {
  const ch = c.change;
  if (!ch) return null;
  if (ch.direction === 'flat') return { value: new Decimal(0), figure: ch.amount };
  if (!ch.amount) return null;
  return { value: ch.direction === 'decrease' ? ch.amount.value.negated() : ch.amount.value, figure: ch.amount };
}
