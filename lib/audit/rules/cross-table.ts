/**
 * cross-table — the same quantity printed in two tables must agree:
 *  - each function 类 total (收支总表 / 财政拨款收支总表 items, 支出总表 / 收入总表 / 一般公共预算支出表
 *    类 rows, or the sum of their 款/项 rows when a table prints no 类 row);
 *  - the same 款/项 code row in two tables (合计, 基本支出, 项目支出);
 *  - totals: 本年收入 / 收入总计, 本年支出, 基本支出, 项目支出, 人员经费, 公用经费;
 *  - “三公” figures printed in two tables;
 *  - a row name printed under two different codes in two tables that otherwise list the same rows;
 *  - weaker evidence (warnings): 住房公积金 / 养老保险 / 医疗保险 function rows against the matching
 *    economic rows of the basic-expenditure table; a 机关运行经费 row above the basic table's row.
 * Tables are compared within a table set (部门 level / 单位 level) and within a funding scope:
 * all funds (收支总表, 支出总表), fiscal appropriations (财政拨款收支总表) and 一般公共预算
 * (一般公共预算支出表, 基本支出表) are one scope only when their totals agree.
 */
import Decimal from 'decimal.js';
import { UNIT_SCALE, type Unit } from '../../model/units';
import type { Check, Finding, Localized, Operand, Severity } from '../../model/finding';
import type { Column, HeaderNode, Row, Table } from '../../model/table';
import { canonicalLabel } from '../../parse/text';
import { checkStatus, makeFinding } from '../finding';
import { classCodeOf, comparableName, functionSide, nameFitsCode, officialName } from '../function-classes';
import type { Rule, RuleContext, RuleResult } from '../rule';
import { amountAt, currentItems, entriesOf, stripNumbering, summarySides, totalColumn, valueOrParts } from '../summary-sides';
import { comparableSetGroups, tableSets } from '../table-sets';
import { cellRef, columnLabel, isSubsetColumn, isSubsetLabel, printedDecimals } from '../table-utils';
import { severityOf, sumBound, tableQuantum, type TolerancePolicy } from '../tolerance';
import { differenceClause, tableName, unitWords } from '../wording';
import { RULE_TITLES } from '../rule-titles';
import { memo } from '../memo';
import { tableUnits, type InferredUnit } from '../table-units';

const RULE_ID = 'cross-table';

// ───────────────────────────── readings ─────────────────────────────

type Scope = 'all' | 'fiscal' | 'general';
type Family = 'class' | 'rows' | 'totals' | 'three-public' | 'economic';

type Cell = { row: Row; column: Column; value: Decimal; label: string; code?: string };

/** One figure of one table for one quantity: printed, or the sum of printed figures. */
type Reading = {
  key: string;
  family: Family;
  scope: Scope;
  table: Table;
  order: number;
  /** in the table's unit */
  value: Decimal;
  unit: Unit;
  /** 元 per unit of the table */
  scale: Decimal;
  /** rounding quantum, in the table's unit */
  quantum: Decimal;
  /** how many printed figures make the value (1 for a printed figure) */
  n: number;
  cells: Cell[];
  /** what the figure is within its table */
  what: Localized;
  /** the figure comes from a detail table (支出总表 rows…) rather than a summary */
  detail: boolean;
  /** a blank printed where the others print a value: weaker evidence */
  blank: boolean;
};

type Pool = {
  label: string;
  tables: Table[];
  readings: Reading[];
  policy: TolerancePolicy;
  unitOf: (t: Table) => Unit | null;
  order: Map<string, number>;
  /** rows whose code was found to disagree with the same row in another table: `${table.id}:${row.index}` */
  miscoded: Map<string, string>;
  /** tables whose total row does not add up across its columns (their parts are not compared) */
  untrusted: Table[];
};

const DETAIL_KINDS = new Set(['expense', 'general-expense', 'income', 'general-basic', 'project']);

const canon = (s: string) => canonicalLabel(s);
const leafLabel = (c: Column) => canon(c.path[c.path.length - 1] ?? '');

function makeReading(
  pool: Pool,
  table: Table,
  init: { key: string; family: Family; scope: Scope; cells: Cell[]; what: Localized; blank?: boolean },
): Reading | null {
  const unit = pool.unitOf(table);
  if (unit === null || init.cells.length === 0) return null;
  const value = init.cells.reduce((s, c) => s.plus(c.value), new Decimal(0));
  return {
    key: init.key,
    family: init.family,
    scope: init.scope,
    table,
    order: pool.order.get(table.id) ?? 0,
    value,
    unit,
    scale: UNIT_SCALE[unit],
    quantum: tableQuantum(table, pool.policy),
    n: init.blank ? 1 : init.cells.length,
    cells: init.cells,
    what: init.what,
    detail: DETAIL_KINDS.has(table.kind),
    blank: init.blank ?? false,
  };
}

function push(pool: Pool, r: Reading | null): void {
  if (r) pool.readings.push(r);
}

// ───────────────────────────── header values ─────────────────────────────

function findNode(nodes: readonly HeaderNode[], test: (label: string) => boolean, depth = 0, maxDepth = 2): HeaderNode | null {
  for (const n of nodes) if (test(canon(n.label))) return n;
  if (depth >= maxDepth) return null;
  for (const n of nodes) {
    const f = findNode(n.children, test, depth + 1, maxDepth);
    if (f) return f;
  }
  return null;
}

/** The value a header node gives a row: its own column, its 小计/合计 sub-column, or the sum of its sub-columns. */
function nodeCells(table: Table, row: Row, node: HeaderNode): Cell[] | null {
  if (node.children.length === 0) {
    const column = table.columns[node.start];
    if (!column || column.role !== 'amount') return null;
    const v = row.cells[column.index]?.value ?? null;
    return v === null ? [] : [{ row, column, value: v, label: columnLabel(column) }];
  }
  const sub = node.children.find((c) => /^(小计|合计)$/.test(canon(c.label)));
  if (sub) return nodeCells(table, row, sub);
  const out: Cell[] = [];
  let any = false;
  for (const child of node.children) {
    if (isSubsetLabel(child.label)) continue;
    const cells = nodeCells(table, row, child);
    if (cells === null) return null;
    any = true;
    out.push(...cells);
  }
  return any ? out : null;
}

/** findNode over the table's header, once per table and test (every row asks the same). */
function headerNode(table: Table, test: (label: string) => boolean): HeaderNode | null {
  const found = memo('cross-table-header-nodes', table, () => new Map<(label: string) => boolean, HeaderNode | null>());
  let node = found.get(test);
  if (node === undefined) found.set(test, (node = findNode(table.header, test)));
  return node;
}

/** Cells of a row under the header named by `test` (e.g. 基本支出), or null when the table has no such header or all are blank. */
function headerCells(table: Table, row: Row, test: (label: string) => boolean): Cell[] | null {
  const node = headerNode(table, test);
  if (!node) return null;
  const cells = nodeCells(table, row, node);
  return cells && cells.length ? cells : null;
}

/** Leaf amount columns under a header node. */
function leafColumns(table: Table, node: HeaderNode): Column[] {
  const out: Column[] = [];
  for (let i = node.start; i < node.end; i++) {
    const c = table.columns[i];
    if (c) out.push(c);
  }
  return out;
}

/**
 * Whether a row's own columns can be trusted: its 合计 equals the sum of the top-level headers
 * (基本支出 + 项目支出 + …), and which header nodes fail 小计 = Σ parts. A row whose columns do
 * not add up (columns shifted by one, a misprinted part) is the column-sum rule's finding; its
 * parts are not compared with other tables, and derived sums under a failing node are not formed.
 */
type RowTrust = { top: boolean; bad: Set<HeaderNode> };

const ZERO = new Decimal(0);

/**
 * The figures nodeCells reads, in the same order, without building cells and labels: false
 * where nodeCells gives null (`out` then holds a partial list to throw away).
 */
function nodeValues(table: Table, row: Row, node: HeaderNode, out: Decimal[]): boolean {
  if (node.children.length === 0) {
    const column = table.columns[node.start];
    if (!column || column.role !== 'amount') return false;
    const v = row.cells[column.index]?.value ?? null;
    if (v !== null) out.push(v);
    return true;
  }
  const sub = node.children.find((c) => /^(小计|合计)$/.test(canon(c.label)));
  if (sub) return nodeValues(table, row, sub, out);
  let any = false;
  for (const child of node.children) {
    if (isSubsetLabel(child.label)) continue;
    if (!nodeValues(table, row, child, out)) return false;
    any = true;
  }
  return any;
}

function nodeSum(table: Table, row: Row, node: HeaderNode): { sum: Decimal; n: number } {
  const values: Decimal[] = [];
  if (!nodeValues(table, row, node, values)) return { sum: ZERO, n: 0 };
  return { sum: values.reduce((s, v) => s.plus(v), ZERO), n: values.length };
}

/**
 * What rowTrust compares, which depends on the table only (read once per table, not per row):
 * each header node with a 小计/合计 sub-column and the siblings it totals, and the top-level
 * headers the 合计 column totals.
 */
type TrustPlan = {
  subtotals: Array<{ node: HeaderNode; column: Column | undefined; parts: HeaderNode[]; ancestors: HeaderNode[] }>;
  top: { column: Column; parts: HeaderNode[] } | null;
};

function trustPlan(table: Table): TrustPlan {
  const subtotals: TrustPlan['subtotals'] = [];
  const visit = (node: HeaderNode, ancestors: HeaderNode[]) => {
    const sub = node.children.find((c) => /^(小计|合计)$/.test(canon(c.label)));
    if (sub) {
      const parts = node.children.filter((c) => c !== sub && !isSubsetLabel(c.label));
      subtotals.push({ node, column: table.columns[sub.start], parts, ancestors });
    }
    for (const c of node.children) visit(c, [...ancestors, node]);
  };
  for (const n of table.header) visit(n, []);
  const sc = sumColumn(table);
  const top = sc
    ? { column: sc, parts: table.header.filter((n) => !(sc.index >= n.start && sc.index < n.end) && !isSubsetLabel(n.label) && leafColumns(table, n).every((c) => c.role === 'amount')) }
    : null;
  return { subtotals, top };
}

function rowTrust(table: Table, row: Row, quantum: Decimal): RowTrust {
  const plan = memo('cross-table-trust-plan', table, trustPlan);
  const bad = new Set<HeaderNode>();
  for (const { node, column, parts, ancestors } of plan.subtotals) {
    const stated = column ? (row.cells[column.index]?.value ?? null) : null;
    if (stated === null) continue;
    let sum = ZERO;
    let n = 0;
    for (const c of parts) {
      const x = nodeSum(table, row, c);
      sum = sum.plus(x.sum);
      n += x.n;
    }
    if (n > 0 && stated.minus(sum).abs().gt(sumBound(n, quantum))) {
      bad.add(node);
      for (const a of ancestors) bad.add(a);
    }
  }
  let top = true;
  const stated = plan.top ? (row.cells[plan.top.column.index]?.value ?? null) : null;
  if (plan.top && stated !== null) {
    let sum = ZERO;
    let n = 0;
    for (const p of plan.top.parts) {
      const x = nodeSum(table, row, p);
      sum = sum.plus(x.sum);
      n += x.n;
    }
    if (n > 0 && stated.minus(sum).abs().gt(sumBound(n, quantum))) top = false;
  }
  return { top, bad };
}

/** Like headerCells, but only where the row's columns add up (see rowTrust). */
function trustedHeaderCells(table: Table, row: Row, test: (label: string) => boolean, trust: RowTrust): Cell[] | null {
  if (!trust.top) return null;
  const node = headerNode(table, test);
  if (!node) return null;
  const cells = headerCells(table, row, test);
  if (!cells) return null;
  if (cells.length > 1 && trust.bad.has(node)) return null;
  if (cells.length > 1 && [...trust.bad].some((b) => node.start >= b.start && node.end <= b.end)) return null;
  return cells;
}

const IS_BASIC = (l: string) => /^基本支出(合计|小计)?$/.test(l);
const IS_PROJECT = (l: string) => /^项目支出(合计|小计)?$/.test(l);
const IS_PERSONNEL = (l: string) => /^人员经费(合计|小计)?$/.test(l);
const IS_PUBLIC = (l: string) => /^公用经费(合计|小计)?$/.test(l);
const IS_CURRENT_INCOME = (l: string) => /^本年收入(合计|小计)?$/.test(l);

/** The 合计 column of a detail table (a top-level 合计 / 总计 / 本年支出合计 column). */
function sumColumn(table: Table): Column | null {
  return memo('cross-table-sum-column', table, findSumColumn);
}

function findSumColumn(table: Table): Column | null {
  const amounts = table.columns.filter((c) => c.role === 'amount' && !isSubsetColumn(c));
  return (
    amounts.find((c) => c.path.length === 1 && /^(本年支出|本年收入)?(合计|总计)$/.test(canon(c.path[0] ?? ''))) ??
    amounts.find((c) => /^(合计|总计)$/.test(leafLabel(c)) && !IS_BASIC(canon(c.path[0] ?? '')) && !IS_PROJECT(canon(c.path[0] ?? ''))) ??
    null
  );
}

function totalRow(table: Table): Row | null {
  const total = table.rows.find((r) => r.role === 'total');
  if (total) return total;
  const units = table.rows.filter((r) => r.role === 'unit');
  return units.length === 1 ? units[0]! : null;
}

const printedCell = (row: Row, column: Column, label: string): Cell | null => {
  const v = row.cells[column.index]?.value ?? null;
  return v === null ? null : { row, column, value: v, label };
};

// ───────────────────────────── function-coded tables ─────────────────────────────

const functionRows = (table: Table): Row[] => table.rows.filter((r) => r.codeScheme === 'function' && r.code !== null && r.role !== 'unit' && r.role !== 'total');

const rowName = (row: Row) => `${row.code ?? ''} ${row.name}`.trim();

/** Class totals of a function-coded table: printed 类 rows, else the sum of the top-most rows under the class. */
function classReadings(pool: Pool, table: Table, scope: Scope, column: Column): void {
  const rows = functionRows(table);
  const codes = new Set(rows.map((r) => r.code!));
  // each class looks only at its own rows (in printed order), not at every row of the table
  const byClass = new Map<string, Row[]>();
  for (const r of rows) {
    const cls = r.code!.slice(0, 3);
    const list = byClass.get(cls);
    if (list) list.push(r);
    else byClass.set(cls, [r]);
  }
  for (const [cls, classRows] of byClass) {
    const own = classRows.filter((r) => r.code === cls);
    let cells: Cell[];
    let what: Localized;
    if (own.length) {
      cells = own.map((r) => printedCell(r, column, `${rowName(r)} · ${columnLabel(column)}`)).filter((c): c is Cell => c !== null);
      const name = own[0]!.name;
      what = { zh: `${cls} ${name}（${columnLabel(column)}）`, en: `${cls} ${name} (${columnLabel(column)})` };
    } else {
      const top = classRows.filter((r) => r.code!.startsWith(cls) && r.code!.length > 3 && !(r.code!.length === 7 && codes.has(r.code!.slice(0, 5))));
      cells = top
        .map((r) => {
          const c = printedCell(r, column, `${rowName(r)} · ${columnLabel(column)}`);
          return c ? { ...c, code: r.code! } : null;
        })
        .filter((c): c is Cell & { code: string } => c !== null);
      if (!cells.length) continue;
      const terms = cells.map((c) => c.code).join('+');
      what = {
        zh: `${cls}类各行之和（Σ ${terms}）`,
        en: `the sum of the rows under ${cls} (Σ ${terms})`,
      };
    }
    push(pool, makeReading(pool, table, { key: `class:${cls}`, family: 'class', scope, cells, what }));
  }
}

/** 款/项 rows printed once in a table: 合计, and 基本支出 / 项目支出 where the table has them. */
function codeRowReadings(pool: Pool, table: Table, scope: Scope, column: Column, withParts: boolean): void {
  const rows = functionRows(table).filter((r) => r.code!.length > 3);
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.code!, (count.get(r.code!) ?? 0) + 1);
  for (const row of rows) {
    if (count.get(row.code!) !== 1) continue;
    const label = rowName(row);
    const total = printedCell(row, column, `${label} · ${columnLabel(column)}`);
    if (total) push(pool, makeReading(pool, table, { key: `code:${row.code}:total`, family: 'rows', scope, cells: [total], what: { zh: `「${label}」行${columnLabel(column)}`, en: `row ${label}, ${columnLabel(column)}` } }));
    if (!withParts) continue;
    const trust = rowTrust(table, row, tableQuantum(table, pool.policy));
    for (const [part, test, zh] of [
      ['basic', IS_BASIC, '基本支出'],
      ['project', IS_PROJECT, '项目支出'],
    ] as const) {
      const cells = trustedHeaderCells(table, row, test, trust);
      if (!cells) continue;
      const labelled = cells.map((c) => ({ ...c, label: `${label} · ${c.label}` }));
      push(
        pool,
        makeReading(pool, table, {
          key: `code:${row.code}:${part}`,
          family: 'rows',
          scope,
          cells: labelled,
          what: { zh: `「${label}」行${zh}${cells.length > 1 ? `（${cells.map((c) => c.label).join('+')}）` : ''}`, en: `row ${label}, ${part === 'basic' ? 'basic expenditure' : 'project expenditure'}` },
        }),
      );
    }
  }
}

const TOTAL_PARTS = [
  ['basic', IS_BASIC, '基本支出', 'basic expenditure'],
  ['project', IS_PROJECT, '项目支出', 'project expenditure'],
  ['personnel', IS_PERSONNEL, '人员经费', 'personnel costs'],
  ['public', IS_PUBLIC, '公用经费', 'public (office) costs'],
] as const;

function totalPartReadings(pool: Pool, table: Table, scope: Scope, row: Row): void {
  const trust = rowTrust(table, row, tableQuantum(table, pool.policy));
  if (!trust.top) pool.untrusted.push(table);
  for (const [key, test, zh, en] of TOTAL_PARTS) {
    const cells = trustedHeaderCells(table, row, test, trust);
    if (!cells) continue;
    const rl = canon(row.name) || '合计';
    push(
      pool,
      makeReading(pool, table, {
        key,
        family: 'totals',
        scope,
        cells: cells.map((c) => ({ ...c, label: `${rl} · ${c.label}` })),
        what: cells.length > 1 ? { zh: `${rl}行${zh}（${cells.map((c) => c.label).join('+')}）`, en: `${en} on the ${rl} row (${cells.map((c) => c.label).join(' + ')})` } : { zh: `${rl}行${zh}`, en: `${en} on the ${rl} row` },
      }),
    );
  }
}

function detailTableReadings(pool: Pool, table: Table, scope: Scope): void {
  const column = sumColumn(table);
  if (!column) return;
  const isIncome = table.kind === 'income';
  classReadings(pool, table, scope, column);
  codeRowReadings(pool, table, scope, column, !isIncome);
  const row = totalRow(table);
  if (!row) return;
  const total = printedCell(row, column, `${canon(row.name) || '合计'} · ${columnLabel(column)}`);
  if (isIncome) {
    if (total) push(pool, makeReading(pool, table, { key: 'income-grand', family: 'totals', scope, cells: [total], what: { zh: `合计行${columnLabel(column)}`, en: `the total row, ${columnLabel(column)}` } }));
    const cur = headerCells(table, row, IS_CURRENT_INCOME);
    if (cur && !(cur.length === 1 && total && cur[0]!.column === total.column)) {
      push(pool, makeReading(pool, table, { key: 'income-current', family: 'totals', scope, cells: cur, what: { zh: '合计行本年收入', en: 'this year’s income on the total row' } }));
    }
    return;
  }
  if (total) push(pool, makeReading(pool, table, { key: 'expense-current', family: 'totals', scope, cells: [total], what: { zh: `合计行${columnLabel(column)}`, en: `the total row, ${columnLabel(column)}` } }));
  totalPartReadings(pool, table, scope, row);
}

// ───────────────────────────── basic-expenditure and project tables ─────────────────────────────

function generalBasicReadings(pool: Pool, table: Table): void {
  const row = totalRow(table);
  if (!row) return;
  const title = canon(table.title ?? '');
  const amounts = table.columns.filter((c) => c.role === 'amount' && !isSubsetColumn(c));
  const total = amounts.find((c) => /^(合计|总计)$/.test(leafLabel(c)));
  const onlyPublic = /公用经费/.test(title) && !/人员经费/.test(title);
  const onlyPersonnel = /人员经费/.test(title) && !/公用经费/.test(title);
  if (total) {
    const cell = printedCell(row, total, `${canon(row.name) || '合计'} · ${columnLabel(total)}`);
    const key = onlyPublic ? 'public' : onlyPersonnel ? 'personnel' : 'basic';
    const zh = key === 'public' ? '公用经费' : key === 'personnel' ? '人员经费' : '基本支出';
    if (cell) push(pool, makeReading(pool, table, { key, family: 'totals', scope: 'general', cells: [cell], what: { zh: `合计行${columnLabel(total)}（${zh}）`, en: `the total row, ${columnLabel(total)} (${key})` } }));
  }
  if (onlyPublic || onlyPersonnel) return;
  for (const [key, test, zh, en] of TOTAL_PARTS.slice(2)) {
    const column = amounts.find((c) => test(leafLabel(c)));
    if (!column) continue;
    const cell = printedCell(row, column, `${canon(row.name) || '合计'} · ${columnLabel(column)}`);
    if (cell) push(pool, makeReading(pool, table, { key, family: 'totals', scope: 'general', cells: [cell], what: { zh: `合计行${zh}`, en: `${en} on the total row` } }));
  }
}

function projectReadings(pool: Pool, table: Table): void {
  const row = totalRow(table);
  if (!row) return;
  const column = table.columns.find((c) => c.role === 'amount' && !isSubsetColumn(c) && /^(合计|总计)$/.test(leafLabel(c)));
  if (!column) return;
  const cell = printedCell(row, column, `${canon(row.name) || '合计'} · ${columnLabel(column)}`);
  if (cell) push(pool, makeReading(pool, table, { key: 'project', family: 'totals', scope: 'all', cells: [cell], what: { zh: `合计行${columnLabel(column)}（项目支出）`, en: `the total row, ${columnLabel(column)} (project expenditure)` } }));
}

// ───────────────────────────── summary tables ─────────────────────────────

function summaryReadings(pool: Pool, table: Table, scope: Scope): void {
  const sides = summarySides(table);
  const fside = functionSide(sides);
  const columns: Array<{ column: Column; scope: Scope }> = [];
  if (fside) {
    const tc = totalColumn(fside);
    if (tc) columns.push({ column: tc, scope });
    if (table.kind === 'fiscal-summary') {
      const gc = fside.amountColumns.find((c) => c !== tc && !isSubsetColumn(c) && c.path.some((p) => /^一般公共预算/.test(canon(p))) && (c.path.length < 3 || /^(小计|合计)$/.test(leafLabel(c)) || /^一般公共预算/.test(leafLabel(c))));
      if (gc) columns.push({ column: gc, scope: 'general' });
    }
    for (const { column, scope: sc } of columns) {
      const byClass = new Map<string, { cells: Cell[]; blanks: Cell[] }>();
      let any = false;
      for (const e of fside.entries) {
        if (e.role !== 'item') continue;
        const cls = classCodeOf(e.label);
        if (!cls) continue;
        const slot = byClass.get(cls) ?? { cells: [], blanks: [] };
        const v = amountAt(e, column);
        const label = `${e.label}${fside.amountColumns.length > 1 ? ` · ${columnLabel(column)}` : ''}`;
        if (v === null) slot.blanks.push({ row: e.row, column, value: new Decimal(0), label });
        else {
          slot.cells.push({ row: e.row, column, value: v, label });
          any = true;
        }
        byClass.set(cls, slot);
      }
      if (!any) continue;
      const multi = fside.amountColumns.length > 1 ? `（${columnLabel(column)}）` : '';
      const multiEn = fside.amountColumns.length > 1 ? ` (${columnLabel(column)})` : '';
      for (const [cls, slot] of byClass) {
        if (slot.cells.length) {
          push(pool, makeReading(pool, table, { key: `class:${cls}`, family: 'class', scope: sc, cells: slot.cells, what: { zh: `「${slot.cells.map((c) => stripLabel(c.label)).join('」「')}」${multi}`, en: `"${slot.cells.map((c) => stripLabel(c.label)).join('", "')}"${multiEn}` } }));
        } else if (slot.blanks.length) {
          const b = slot.blanks[0]!;
          push(pool, makeReading(pool, table, { key: `class:${cls}`, family: 'class', scope: sc, cells: [b], blank: true, what: { zh: `「${stripLabel(b.label)}」${multi}（空白）`, en: `"${stripLabel(b.label)}"${multiEn} (blank)` } }));
        }
      }
      // this year's expense total
      const { total } = currentItems(fside);
      if (total) {
        const v = valueOrParts(fside, total, column);
        if (v && v.derived === null) {
          push(pool, makeReading(pool, table, { key: 'expense-current', family: 'totals', scope: sc, cells: [{ row: total.row, column, value: v.value, label: total.label }], what: { zh: `「${total.label}」${multi}`, en: `"${total.label}"${multiEn}` } }));
        } else if (v && v.derived) {
          // 一、本年支出 left blank: the sum of its printed parts stands for it
          const cells = v.derived
            .map((e) => ({ e, x: amountAt(e, column) }))
            .filter((p): p is { e: (typeof v.derived)[number]; x: Decimal } => p.x !== null)
            .map(({ e, x }) => ({ row: e.row, column, value: x, label: e.label }));
          push(pool, makeReading(pool, table, { key: 'expense-current', family: 'totals', scope: sc, cells, what: { zh: `「${total.label}」${multi}（空白，取各分项之和）`, en: `"${total.label}"${multiEn} (blank: the sum of its items)` } }));
        }
      }
    }
  }
  // 基本支出 / 项目支出 items of an economic-classification expense side
  for (const side of sides) {
    if (side.side !== 'expense' || side === fside) continue;
    const tc = totalColumn(side);
    if (!tc) continue;
    for (const e of side.entries) {
      const key = e.text === '基本支出' ? 'basic' : e.text === '项目支出' ? 'project' : null;
      if (!key || e.role !== 'item') continue;
      const v = amountAt(e, tc);
      if (v !== null) push(pool, makeReading(pool, table, { key, family: 'totals', scope, cells: [{ row: e.row, column: tc, value: v, label: e.label }], what: { zh: `「${e.label}」`, en: `"${e.label}"` } }));
    }
  }
  // income totals
  for (const side of sides) {
    if (side.side !== 'income') continue;
    const tc = totalColumn(side);
    if (!tc) continue;
    const grand = entriesOf(side, 'grand')[0];
    const { total } = currentItems(side);
    for (const [key, entry] of [
      ['income-grand', grand],
      ['income-current', total],
    ] as const) {
      if (!entry) continue;
      const v = amountAt(entry, tc);
      if (v !== null) push(pool, makeReading(pool, table, { key, family: 'totals', scope, cells: [{ row: entry.row, column: tc, value: v, label: entry.label }], what: { zh: `「${entry.label}」`, en: `"${entry.label}"` } }));
    }
    break;
  }
}

const stripLabel = (label: string) => label.split(' · ')[0]!;

// ───────────────────────────── “三公” ─────────────────────────────

const THREE_PUBLIC_KEYS: ReadonlyArray<[string, RegExp, string, string]> = [
  ['abroad', /^因公出国/, '因公出国（境）费', 'official travel abroad'],
  ['vehicle', /^公务用车购置及运[行维]/, '公务用车购置及运行费', 'official vehicles'],
  ['vehicle-purchase', /^公务用车购置(费|经费)?$/, '公务用车购置费', 'vehicle purchase'],
  ['vehicle-running', /^公务用车运行(维护)?(费|经费)?$/, '公务用车运行费', 'vehicle running costs'],
  ['reception', /^公务接待/, '公务接待费', 'official receptions'],
];

function threePublicKey(label: string, allowPlainTotal: boolean): [string, string, string] | null {
  const text = stripNumbering(label).text.replace(/^其中[:：]?/, '');
  if (/三公.*(合计|小计|总计)$/.test(text) || (allowPlainTotal && /^(合计|总计)$/.test(text))) return ['total', '“三公”经费合计', '“three public” total'];
  for (const [key, re, zh, en] of THREE_PUBLIC_KEYS) if (re.test(text)) return [key, zh, en];
  return null;
}

function threePublicReadings(pool: Pool, table: Table, year: number | null): void {
  const amounts = table.columns.filter((c) => c.role === 'amount' && !isSubsetColumn(c));
  const horizontal = amounts.filter((c) => threePublicKey(c.path.join(''), true) !== null || threePublicKey(leafLabel(c), false) !== null);
  const add = (key: string, zh: string, en: string, cell: Cell) =>
    push(pool, makeReading(pool, table, { key: `3p:${key}`, family: 'three-public', scope: 'all', cells: [cell], what: { zh, en } }));
  if (horizontal.length >= 2) {
    const row = totalRow(table) ?? (table.rows.filter((r) => r.role === 'data').length === 1 ? table.rows.find((r) => r.role === 'data')! : null);
    if (!row) return;
    const seen = new Set<string>();
    for (const column of amounts) {
      const path = column.path.map(canon);
      const k = path.length > 1 && /^(小计|合计)$/.test(path[path.length - 1]!) ? threePublicKey(path[0]!, true) : threePublicKey(path[path.length - 1]!, path.length === 1);
      if (!k || seen.has(k[0])) continue;
      seen.add(k[0]);
      const cell = printedCell(row, column, columnLabel(column));
      if (cell) add(k[0], k[1], k[2], cell);
    }
    return;
  }
  // vertical: one row per item; the column of the budget year, else the 合计 / only amount column
  let column: Column | undefined;
  if (year !== null) column = amounts.find((c) => c.path.some((p) => p.includes(String(year))) && !/增减|变动|比/.test(c.path.join('')));
  if (!column) {
    const years = amounts.filter((c) => /\d{4}/.test(c.path.join('')));
    if (years.length > 1) return;
    column = amounts.find((c) => /^(合计|金额|预算数)$/.test(leafLabel(c))) ?? (amounts.length === 1 ? amounts[0] : undefined);
  }
  if (!column) return;
  const nameColumn = table.columns.find((c) => c.role === 'name');
  const hasOthers = table.rows.some((r) => /会议费|培训费/.test(canon(nameColumn ? (r.cells[nameColumn.index]?.text ?? r.name) : r.name)));
  const seen = new Set<string>();
  for (const row of table.rows) {
    const label = nameColumn ? (row.cells[nameColumn.index]?.text ?? row.name) : row.name;
    const k = threePublicKey(label, !hasOthers);
    if (!k || seen.has(k[0])) continue;
    seen.add(k[0]);
    const cell = printedCell(row, column, `${label} · ${columnLabel(column)}`);
    if (cell) add(k[0], `「${label}」`, `"${label}"`, cell);
  }
}

// ───────────────────────────── scopes ─────────────────────────────

type ScopeTotals = Partial<Record<Scope, Reading>>;

/** Which scopes are one: all funds, fiscal appropriations and 一般公共预算 coincide when their totals do. */
function scopeMerger(pool: Pool): (s: Scope) => Scope {
  const first = (key: string, scope: Scope, kinds: readonly string[]): Reading | undefined => {
    for (const kind of kinds) {
      const r = pool.readings.find((x) => x.key === key && x.scope === scope && x.table.kind === kind);
      if (r) return r;
    }
    return undefined;
  };
  const totals: ScopeTotals = {
    all: first('expense-current', 'all', ['expense', 'income-expense-summary']),
    fiscal: first('expense-current', 'fiscal', ['fiscal-summary']),
    general: first('expense-current', 'general', ['general-expense', 'fiscal-summary']) ?? generalIncome(pool),
  };
  const parent: Record<Scope, Scope> = { all: 'all', fiscal: 'fiscal', general: 'general' };
  const find = (s: Scope): Scope => (parent[s] === s ? s : find(parent[s]));
  const pairs: Array<[Scope, Scope]> = [
    ['all', 'fiscal'],
    ['all', 'general'],
    ['fiscal', 'general'],
  ];
  for (const [a, b] of pairs) {
    const ra = totals[a];
    const rb = totals[b];
    if (!ra || !rb) continue;
    if (agree(ra, rb)) parent[find(b)] = find(a);
  }
  return find;
}

/** 一般公共预算 income of this year printed in a summary table (when no 一般公共预算支出表 says the total). */
function generalIncome(pool: Pool): Reading | undefined {
  for (const kind of ['fiscal-summary', 'income-expense-summary']) {
    for (const table of pool.tables) {
      if (table.kind !== kind) continue;
      for (const side of summarySides(table)) {
        if (side.side !== 'income') continue;
        const tc = totalColumn(side);
        const { items } = currentItems(side);
        if (!tc || !items) continue;
        const gp = items.filter((e) => /^一般公共预算/.test(e.text));
        if (gp.length !== 1) continue;
        const v = amountAt(gp[0]!, tc);
        if (v === null) continue;
        const r = makeReading(pool, table, { key: 'general-income', family: 'totals', scope: 'general', cells: [{ row: gp[0]!.row, column: tc, value: v, label: gp[0]!.label }], what: { zh: gp[0]!.label, en: gp[0]!.label } });
        if (r) return r;
      }
    }
  }
  return undefined;
}

// ───────────────────────────── comparing ─────────────────────────────

// A reading is compared with every other of its group: its figures in 元 are worked out once.
const YUAN = new WeakMap<Reading, Decimal>();
const QUANTUM_YUAN = new WeakMap<Reading, Decimal>();

function yuan(r: Reading): Decimal {
  let v = YUAN.get(r);
  if (!v) YUAN.set(r, (v = r.value.times(r.scale)));
  return v;
}

function quantumYuan(r: Reading): Decimal {
  let v = QUANTUM_YUAN.get(r);
  if (!v) QUANTUM_YUAN.set(r, (v = r.quantum.times(r.scale)));
  return v;
}

/** The rounding bound between two readings, in 元. */
function pairBound(a: Reading, b: Reading): Decimal {
  const q = Decimal.max(quantumYuan(a), quantumYuan(b));
  return sumBound(Math.max(1, a.n + b.n - 1), q);
}

function agree(a: Reading, b: Reading): boolean {
  const x = yuan(a);
  const y = yuan(b);
  // equal figures agree whatever the bound (it is never negative): most readings do
  if (x.eq(y)) return true;
  return x.minus(y).abs().lte(pairBound(a, b));
}

/** "部门支出预算表 Σ 2080502+2080505+2089999 = 11.40" / "收支预算表 八、社会保障和就业 = 10.70" */
function formula(r: Reading): string {
  const d = Math.max(2, printedDecimals(r.table));
  const title = r.table.title ?? r.table.id;
  if (r.cells.length === 1) return `${title} ${stripLabel(r.cells[0]!.label)} = ${r.value.toFixed(d)}`;
  const terms = r.cells.map((c) => c.code ?? c.label).join('+');
  return `${title} Σ ${terms} = ${r.value.toFixed(d)}`;
}

function operandsOf(readings: readonly Reading[]): Operand[] {
  const out: Operand[] = [];
  for (const r of readings) {
    const d = Math.max(2, printedDecimals(r.table));
    for (const c of r.cells) {
      out.push({ ref: cellRef(r.table, c.row, c.column), label: `${r.table.title ?? r.table.id} · ${c.label}`, value: c.value.toFixed(d) });
    }
  }
  return out;
}

function describe(r: Reading): Localized {
  const t = tableName(r.table);
  return { zh: `${t.zh}${r.what.zh}`, en: `${t.en} ${r.what.en}` };
}

type Outcome = { findings: Finding[]; compared: number; errors: number };

/** Compare the readings of one quantity: the majority (detail tables first on a tie, then the earlier table) is the reference. */
function compareGroup(readings: readonly Reading[], maxSeverity: Severity | null): Outcome {
  const byTable = new Map<string, Reading>();
  for (const r of readings) if (!byTable.has(r.table.id)) byTable.set(r.table.id, r);
  const rs = [...byTable.values()].sort((a, b) => a.order - b.order);
  const out: Outcome = { findings: [], compared: 0, errors: 0 };
  if (rs.length < 2) return out;
  // a blank figure against blanks only says nothing
  if (rs.every((r) => r.blank || r.value.isZero())) return out;
  out.compared = 1;
  const support = rs.map((a) => rs.filter((b) => agree(a, b)).length);
  let ref = 0;
  for (let i = 1; i < rs.length; i++) {
    const [a, b] = [rs[i]!, rs[ref]!];
    const better =
      support[i]! > support[ref]! ||
      (support[i] === support[ref] && !a.blank && b.blank) ||
      (support[i] === support[ref] && a.blank === b.blank && a.detail && !b.detail);
    if (better) ref = i;
  }
  const reference = rs[ref]!;
  const agreeing = rs.filter((r) => agree(r, reference));
  for (const r of rs) {
    if (r === reference) continue;
    const diffYuan = yuan(r).minus(yuan(reference));
    const boundYuan = pairBound(r, reference);
    let severity = severityOf(diffYuan, boundYuan);
    if (!severity) continue;
    if (severity === 'error' && (r.blank || reference.blank)) severity = 'warning';
    if (severity === 'error' && maxSeverity === 'warning') severity = 'warning';
    if (severity === 'error') out.errors++;
    const witnesses = agreeing.filter((x) => x !== r);
    out.findings.push(findingFor(r, reference, witnesses, severity, diffYuan, boundYuan, rs));
  }
  return out;
}

function findingFor(r: Reading, reference: Reading, witnesses: readonly Reading[], severity: Severity, diffYuan: Decimal, boundYuan: Decimal, all: readonly Reading[]): Finding {
  const unit = r.unit;
  const decimals = Math.max(2, printedDecimals(r.table));
  const stated = r.value;
  const expected = yuan(reference).div(r.scale);
  const diff = diffYuan.div(r.scale);
  const bound = boundYuan.div(r.scale);
  const u = unitWords(unit);
  const me = describe(r);
  const refs = witnesses.map(describe);
  const dc = differenceClause(diff, bound, severity, unit, decimals);
  const blankNote = r.blank ? { zh: '（空白按0计）', en: ' (blank, read as 0)' } : { zh: '', en: '' };
  const target = r.cells[0]!;
  const discriminator = r.key;
  return makeFinding(
    {
      rule: RULE_ID,
      severity,
      message: {
        zh: `${me.zh}为${stated.toFixed(decimals)}${u.zh}${blankNote.zh}，而${refs.map((x) => x.zh).join('、')}为${expected.toFixed(decimals)}${u.zh}，${dc.zh}`,
        en: `${me.en} is ${stated.toFixed(decimals)}${u.en}${blankNote.en} but ${refs.map((x) => x.en).join('; ')} ${refs.length > 1 ? 'give' : 'gives'} ${expected.toFixed(decimals)}: ${dc.en}`,
      },
      stated,
      expected,
      tolerance: bound,
      decimals,
      unit,
      target: cellRef(r.table, target.row, target.column),
      operands: operandsOf([r, ...all.filter((x) => x !== r)]),
      computation: `${stated.toFixed(decimals)} ${severity === 'rounding' ? '≈' : '≠'} ${expected.toFixed(decimals)} — ${[r, ...all.filter((x) => x !== r)].map(formula).join('; ')}`,
    },
    discriminator,
  );
}


// ───────────────────────────── a name printed under two codes ─────────────────────────────

const codeCellColumn = (table: Table, code: string, other: string): Column | null => {
  const single = table.columns.find((c) => c.role === 'code');
  const parts = table.columns.filter((c) => c.role === 'code-part');
  if (parts.length) {
    const seg: Array<['class' | 'section' | 'item', number, number]> = [
      ['class', 0, 3],
      ['section', 3, 5],
      ['item', 5, 7],
    ];
    for (const [part, a, b] of seg) {
      if (code.slice(a, b) !== other.slice(a, b)) return parts.find((c) => c.codePart === part) ?? parts[0]!;
    }
    return parts[0]!;
  }
  return single ?? table.columns.find((c) => c.role === 'name') ?? null;
};

function codeNameFindings(pool: Pool, scopeOf: (s: Scope) => Scope): Outcome {
  const out: Outcome = { findings: [], compared: 0, errors: 0 };
  const tables = pool.tables.filter((t) => (t.kind === 'expense' || t.kind === 'general-expense' || t.kind === 'income') && functionRows(t).length > 0);
  const seen = new Set<string>();
  for (let i = 0; i < tables.length; i++) {
    for (let j = i + 1; j < tables.length; j++) {
      const [a, b] = [tables[i]!, tables[j]!];
      const ra = functionRows(a);
      const rb = functionRows(b);
      const ca = new Set(ra.map((r) => r.code!));
      const cb = new Set(rb.map((r) => r.code!));
      const common = [...ca].filter((c) => cb.has(c)).length;
      if (common < 3 || common < 0.5 * Math.min(ca.size, cb.size)) continue;
      out.compared++;
      const uniqueNames = (rows: Row[]) => {
        const m = new Map<string, Row[]>();
        for (const r of rows) {
          const k = comparableName(r.name);
          if (!k) continue;
          m.set(k, [...(m.get(k) ?? []), r]);
        }
        return new Map([...m].filter(([, v]) => v.length === 1).map(([k, v]) => [k, v[0]!]));
      };
      const na = uniqueNames(ra);
      const nb = uniqueNames(rb);
      const sa = sumColumn(a);
      const sb = sumColumn(b);
      const sameScope = scopeOf(scopeOfKind(a.kind)) === scopeOf(scopeOfKind(b.kind));
      for (const [name, x] of na) {
        const y = nb.get(name);
        if (!y || x.code === y.code || x.code!.length !== y.code!.length) continue;
        if (cb.has(x.code!) || ca.has(y.code!)) continue;
        // the same row: same name, and the same amount where the two tables cover the same money
        const vx = sa ? (x.cells[sa.index]?.value ?? null) : null;
        const vy = sb ? (y.cells[sb.index]?.value ?? null) : null;
        if (sameScope) {
          if (vx === null || vy === null || !vx.equals(vy)) continue;
        }
        const fx = nameFitsCode(x.code!, x.name);
        const fy = nameFitsCode(y.code!, y.name);
        let wrong: { table: Table; row: Row; other: Row; otherTable: Table };
        let known: boolean;
        if (fx === true && fy !== true) {
          wrong = { table: b, row: y, other: x, otherTable: a };
          known = true;
        } else if (fy === true && fx !== true) {
          wrong = { table: a, row: x, other: y, otherTable: b };
          known = true;
        } else {
          wrong = { table: b, row: y, other: x, otherTable: a };
          known = false;
        }
        const key = `${wrong.table.id}:${wrong.row.index}`;
        if (seen.has(key)) continue;
        seen.add(key);
        pool.miscoded.set(key, `${wrong.row.code} ${wrong.row.name}`);
        const col = codeCellColumn(wrong.table, wrong.row.code!, wrong.other.code!);
        if (!col) continue;
        const displayName = y.name || x.name;
        const wrongOfficial = officialName(wrong.row.code!);
        const tw = tableName(wrong.table);
        const to = tableName(wrong.otherTable);
        const book = known
          ? {
              zh: `按支出功能分类科目，「${displayName}」应为${wrong.other.code}${wrongOfficial ? `（${wrong.row.code}是「${wrongOfficial}」）` : ''}`,
              en: `in the function classification "${displayName}" is ${wrong.other.code}${wrongOfficial ? ` (${wrong.row.code} is "${wrongOfficial}")` : ''}`,
            }
          : { zh: '两者至少有一个编码有误', en: 'at least one of the two codes is wrong' };
        const operands: Operand[] = [];
        for (const [t, r, s] of [
          [wrong.table, wrong.row, wrong.table === a ? sa : sb],
          [wrong.otherTable, wrong.other, wrong.otherTable === a ? sa : sb],
        ] as const) {
          const v = s ? (r.cells[s.index]?.value ?? null) : null;
          if (s && v !== null) operands.push({ ref: cellRef(t, r, s), label: `${t.title ?? t.id} · ${r.code} ${r.name} · ${columnLabel(s)}`, value: v.toFixed(Math.max(2, printedDecimals(t))) });
        }
        out.errors++;
        out.findings.push(
          makeFinding(
            {
              rule: RULE_ID,
              severity: 'error',
              message: {
                zh: `${tw.zh}把「${displayName}」编为${wrong.row.code}，${to.zh}编为${wrong.other.code}，同一行在两表中编码不一致；${book.zh}`,
                en: `${tw.en} codes "${displayName}" as ${wrong.row.code} while ${to.en} codes it ${wrong.other.code}: the same row has two codes; ${book.en}`,
              },
              stated: null,
              expected: null,
              tolerance: null,
              decimals: 2,
              unit: wrong.table.unit,
              target: cellRef(wrong.table, wrong.row, col),
              operands,
              computation: `${displayName}: ${wrong.row.code} (${wrong.table.title ?? wrong.table.id}) ≠ ${wrong.other.code} (${wrong.otherTable.title ?? wrong.otherTable.id})`,
            },
            'code',
          ),
        );
      }
    }
  }
  return out;
}

function scopeOfKind(kind: string): Scope {
  return kind === 'general-expense' || kind === 'general-basic' ? 'general' : kind === 'fiscal-summary' ? 'fiscal' : 'all';
}

// ───────────────────────────── economic rows (weaker evidence) ─────────────────────────────

/** Function 项 (basic expenditure) whose money is, by construction, one department economic 款. */
const FUNCTION_ECONOMIC_PAIRS: ReadonlyArray<[readonly string[], string]> = [
  [['2210201'], '30113'],
  [['2080505'], '30108'],
  [['2080506'], '30109'],
  [['2101101', '2101102'], '30110'],
  [['2101103'], '30111'],
];

/** Σ of a basic table's rows per department economic code, in its 合计 column. */
function economicRows(table: Table): { column: Column; rows: Map<string, Row[]> } | null {
  const column = table.columns.find((c) => c.role === 'amount' && !isSubsetColumn(c) && /^(合计|总计)$/.test(leafLabel(c))) ?? (table.columns.filter((c) => c.role === 'amount').length === 1 ? table.columns.find((c) => c.role === 'amount') : undefined);
  if (!column) return null;
  const rows = new Map<string, Row[]>();
  for (const r of table.rows) {
    if (r.codeScheme !== 'economic-department' || !r.code || r.code.length !== 5 || r.role !== 'data') continue;
    rows.set(r.code, [...(rows.get(r.code) ?? []), r]);
  }
  return rows.size ? { column, rows } : null;
}

function economicFindings(pool: Pool, scopeOf: (s: Scope) => Scope): Outcome {
  const out: Outcome = { findings: [], compared: 0, errors: 0 };
  const basic = pool.tables.filter((t) => t.kind === 'general-basic').map((t) => ({ t, e: economicRows(t) })).find((x) => x.e !== null);
  if (!basic || !basic.e) return out;
  const econ = basic.e;
  // function rows (basic expenditure) vs the economic rows that carry the same money
  const sources = pool.tables.filter((t) => (t.kind === 'general-expense' || t.kind === 'expense') && scopeOf(scopeOfKind(t.kind)) === scopeOf('general'));
  sources.sort((x, y) => (x.kind === 'general-expense' ? 0 : 1) - (y.kind === 'general-expense' ? 0 : 1));
  {
    for (const [fcodes, ecode] of FUNCTION_ECONOMIC_PAIRS) {
      const source = sources.find((t) => functionRows(t).some((r) => fcodes.includes(r.code!)));
      if (!source) continue;
      const frows = functionRows(source).filter((r) => fcodes.includes(r.code!));
      const erows = econ.rows.get(ecode);
      if (!frows.length || !erows) continue;
      const fcells: Cell[] = [];
      for (const r of frows) {
        const cells = trustedHeaderCells(source, r, IS_BASIC, rowTrust(source, r, tableQuantum(source, pool.policy)));
        if (cells) fcells.push(...cells.map((c) => ({ ...c, label: `${rowName(r)} · ${c.label}`, code: r.code! })));
      }
      const ecells = erows.map((r) => printedCell(r, econ.column, `${rowName(r)} · ${columnLabel(econ.column)}`)).filter((c): c is Cell => c !== null).map((c) => ({ ...c, code: ecode }));
      const fr = makeReading(pool, source, { key: `pair:${ecode}`, family: 'economic', scope: 'general', cells: fcells, what: { zh: `「${frows.map(rowName).join('」「')}」行基本支出`, en: `basic expenditure of ${frows.map(rowName).join(', ')}` } });
      const er = makeReading(pool, basic.t, { key: `pair:${ecode}`, family: 'economic', scope: 'general', cells: ecells, what: { zh: ecells.length > 1 ? `经济科目${ecode}各行之和（${ecells.length}行）` : `「${rowName(erows[0]!)}」行`, en: ecells.length > 1 ? `the ${ecells.length} rows coded ${ecode}` : `row ${rowName(erows[0]!)}` } });
      if (!fr || !er) continue;
      out.compared++;
      const diffYuan = yuan(er).minus(yuan(fr));
      const boundYuan = pairBound(er, fr);
      const sev = severityOf(diffYuan, boundYuan);
      if (!sev) continue;
      const f = findingFor(er, fr, [fr], sev === 'error' ? 'warning' : sev, diffYuan, boundYuan, [er, fr]);
      out.findings.push({ ...f, message: { zh: `${f.message.zh}（功能科目与经济科目通常一一对应，此为较弱的证据）`, en: `${f.message.en} (function and economic rows usually carry the same money: weaker evidence)` } });
    }
  }
  // 机关运行经费 is part of basic expenditure: a row above the basic table's row is suspicious
  for (const t of pool.tables) {
    if (t === basic.t || t.kind === 'general-basic' || !/运行经费/.test(canon(t.title ?? ''))) continue;
    const rc = economicRows(t);
    if (!rc) continue;
    for (const [code, rows] of rc.rows) {
      const brows = econ.rows.get(code);
      const rcells = rows.map((r) => printedCell(r, rc.column, `${rowName(r)} · ${columnLabel(rc.column)}`)).filter((c): c is Cell => c !== null);
      const bcells = (brows ?? []).map((r) => printedCell(r, econ.column, `${rowName(r)} · ${columnLabel(econ.column)}`)).filter((c): c is Cell => c !== null);
      const rr = makeReading(pool, t, { key: `run:${code}`, family: 'economic', scope: 'general', cells: rcells, what: { zh: `「${rowName(rows[0]!)}」行`, en: `row ${rowName(rows[0]!)}` } });
      if (!rr) continue;
      out.compared++;
      const br = bcells.length
        ? makeReading(pool, basic.t, { key: `run:${code}`, family: 'economic', scope: 'general', cells: bcells, what: { zh: `同一科目「${rowName(brows![0]!)}」行`, en: `the same code ${rowName(brows![0]!)}` } })
        : null;
      const bValue = br ? yuan(br) : new Decimal(0);
      const boundYuan = br ? pairBound(rr, br) : sumBound(rr.n, rr.quantum.times(rr.scale));
      const excess = yuan(rr).minus(bValue);
      if (excess.lte(boundYuan)) continue;
      const unit = rr.unit;
      const decimals = Math.max(2, printedDecimals(t));
      const u = unitWords(unit);
      const expected = bValue.div(rr.scale);
      const d = differenceClause(excess.div(rr.scale), boundYuan.div(rr.scale), 'error', unit, decimals);
      const tn = tableName(t);
      const bn = tableName(basic.t);
      out.findings.push(
        makeFinding(
          {
            rule: RULE_ID,
            severity: 'warning',
            message: {
              zh: `${tn.zh}「${rowName(rows[0]!)}」为${rr.value.toFixed(decimals)}${u.zh}，大于${bn.zh}同一科目的${expected.toFixed(decimals)}${u.zh}，${d.zh}；机关运行经费通常出自基本支出，若其中含项目资金则可能合理`,
              en: `${tn.en} ${rowName(rows[0]!)} is ${rr.value.toFixed(decimals)}${u.en}, more than the ${expected.toFixed(decimals)} of the same code in ${bn.en}: ${d.en}; running costs normally come out of basic expenditure (plausible only if they include project money)`,
            },
            stated: rr.value,
            expected,
            tolerance: boundYuan.div(rr.scale),
            decimals,
            unit,
            target: cellRef(t, rcells[0]!.row, rcells[0]!.column),
            operands: operandsOf(br ? [rr, br] : [rr]),
            computation: `${rr.value.toFixed(decimals)} > ${expected.toFixed(decimals)} — ${formula(rr)}${br ? `; ${formula(br)}` : `; ${basic.t.title ?? basic.t.id}: —`}`,
          },
          `run:${code}`,
        ),
      );
    }
  }
  return out;
}

// ───────────────────────────── the rule ─────────────────────────────

const FAMILY_NAMES: Readonly<Record<Family | 'codes', Localized>> = {
  class: { zh: '各功能分类（类）合计', en: 'function class totals' },
  rows: { zh: '同一科目行', en: 'the same code rows' },
  totals: { zh: '收支、基本支出、项目支出、人员经费、公用经费合计', en: 'income, expense, basic, project, personnel and public-cost totals' },
  'three-public': { zh: '“三公”经费', en: '“three public” expenses' },
  economic: { zh: '经济分类科目（较弱证据）', en: 'economic rows (weaker evidence)' },
  codes: { zh: '同名行的科目编码', en: 'codes of rows with the same name' },
};

function auditPool(pool: Pool, year: number | null): { findings: Finding[]; checks: Check[] } {
  const findings: Finding[] = [];
  const stats = new Map<Family | 'codes', { compared: number; errors: number; warnings: number }>();
  const note = (family: Family | 'codes', o: Outcome) => {
    const s = stats.get(family) ?? { compared: 0, errors: 0, warnings: 0 };
    s.compared += o.compared;
    s.errors += o.findings.filter((f) => f.severity === 'error').length;
    s.warnings += o.findings.filter((f) => f.severity === 'warning').length;
    stats.set(family, s);
    findings.push(...o.findings);
  };
  // readings
  for (const table of pool.tables) {
    switch (table.kind) {
      case 'income-expense-summary':
        summaryReadings(pool, table, 'all');
        break;
      case 'fiscal-summary':
        summaryReadings(pool, table, 'fiscal');
        break;
      case 'expense':
      case 'income':
        detailTableReadings(pool, table, 'all');
        break;
      case 'general-expense':
        detailTableReadings(pool, table, 'general');
        break;
      case 'general-basic':
        generalBasicReadings(pool, table);
        break;
      case 'project':
        projectReadings(pool, table);
        break;
      case 'three-public':
        threePublicReadings(pool, table, year);
        break;
      default:
        break;
    }
  }
  const scopeOf = scopeMerger(pool);
  // codes first: class sums that include a row whose code is in doubt say so
  note('codes', codeNameFindings(pool, scopeOf));
  for (const r of pool.readings) {
    if (r.family !== 'class' || r.cells.length < 2) continue;
    const flagged = r.cells.map((c) => pool.miscoded.get(`${r.table.id}:${c.row.index}`)).filter((x): x is string => !!x);
    if (!flagged.length) continue;
    r.what = {
      zh: r.what.zh.replace(/）$/, `，其中含编码存疑的「${flagged.join('」「')}」）`),
      en: r.what.en.replace(/\)$/, `, including the doubtfully coded ${flagged.join(', ')})`),
    };
  }
  const groups = new Map<string, Reading[]>();
  for (const r of pool.readings) {
    const k = `${r.key}@${r.family === 'three-public' ? 'any' : scopeOf(r.scope)}`;
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  for (const rs of groups.values()) note(rs[0]!.family, compareGroup(rs, null));
  note('economic', economicFindings(pool, scopeOf));
  const checks: Check[] = [];
  for (const family of ['class', 'totals', 'rows', 'codes', 'three-public', 'economic'] as const) {
    const s = stats.get(family) ?? { compared: 0, errors: 0, warnings: 0 };
    const name = FAMILY_NAMES[family];
    const what = family === 'codes' ? { zh: '对表', en: 'table pairs' } : { zh: '组数字', en: 'groups of figures' };
    checks.push({
      rule: RULE_ID,
      status: checkStatus(s.compared, s.errors),
      subject: `${name.zh}${pool.label}`,
      detail:
        s.compared === 0
          ? { zh: '没有两张表同时列出可比的数字', en: `${name.en}: no figure is printed in two comparable tables` }
          : {
              zh: `比对了${s.compared}${what.zh}，${s.errors}处不一致${s.warnings ? `，${s.warnings}处存疑` : ''}${family === 'totals' && pool.untrusted.length ? `；${pool.untrusted.map((t) => t.title ?? t.id).join('、')}的合计行各栏不能相加，未参与比对` : ''}`,
              en: `${name.en}: ${s.compared} ${what.en} compared, ${s.errors} disagreements${s.warnings ? `, ${s.warnings} doubtful` : ''}${family === 'totals' && pool.untrusted.length ? `; the total row of ${pool.untrusted.map((t) => t.title ?? t.id).join(', ')} does not add up across its columns and was left out` : ''}`,
            },
    });
  }
  return { findings, checks };
}

/**
 * A table without a printed unit whose figures agree with the other tables only at another
 * unit's scale: one warning, where reading it in the document's unit would have made every
 * comparison with it an error.
 */
function unitFinding(u: InferredUnit): Finding {
  const n = u.strength;
  // the clearest example: a coded row of another table, then any table, then the prose
  const e =
    u.agreeing.find((a) => a.witness.kind === 'table' && a.witness.coded) ?? u.agreeing.find((a) => a.witness.kind === 'table') ?? u.agreeing[0]!;
  const name = tableName(u.table);
  const w = e.witness;
  const where =
    w.kind === 'table'
      ? { zh: `${tableName(w.table).zh}「${w.label}」`, en: `${tableName(w.table).en} (${w.label})` }
      : { zh: `正文「${w.text}」`, en: `the prose ("${w.text}")` };
  const example = {
    zh: `如「${e.label}」${e.value.toFixed()}${u.unit}，${where.zh}${w.value.toFixed()}${w.unit}`,
    en: `e.g. ${e.label}: ${e.value.toFixed()} ${u.unit} here, ${w.value.toFixed()} ${w.unit} in ${where.en}`,
  };
  const message = u.printed
    ? {
        zh: `${name.zh}注明金额单位为${u.instead}，但按${u.instead}读取，其数字与其他表或正文无一相符；按${u.unit}读取，有${n}个相符（${example.zh}）。单位或数字有误，本表按${u.unit}核对。`,
        en: `${name.en} states its money unit as ${u.instead}, but read in ${u.instead} none of its figures agree with other tables or the prose; read in ${u.unit}, ${n} do (${example.en}). The unit or the figures are wrong; it is checked in ${u.unit}.`,
      }
    : null;
  return makeFinding(
    {
      rule: RULE_ID,
      severity: u.printed ? 'error' : 'warning',
      message: message ?? {
        zh: `${name.zh}未注明金额单位。按${u.instead}读取，与其他表或正文一致的数字有${u.strengthInstead}个；按${u.unit}读取，有${n}个（${example.zh}）。本表按${u.unit}核对。`,
        en: `${name.en} prints no money unit. Read in ${u.instead}, ${u.strengthInstead} of its figures agree with other tables or the prose; read in ${u.unit}, ${n} do (${example.en}). It is checked in ${u.unit}.`,
      },
      stated: null,
      expected: null,
      tolerance: null,
      decimals: 0,
      unit: u.unit,
      target: { type: 'table', table: u.table.id },
      operands: [],
      computation: `${u.table.id}: ${u.printed ? `printed unit ${u.instead}` : 'no printed unit'}; ${n} figures agree read in ${u.unit}, ${u.strengthInstead} in ${u.instead}`,
    },
    'unit',
  );
}

function run(ctx: RuleContext): RuleResult {
  const { doc } = ctx;
  const sets = tableSets(doc);
  const groups = comparableSetGroups(sets);
  const findings: Finding[] = [];
  const checks: Check[] = [];
  const order = new Map(doc.tables.map((t, i) => [t.id, i]));
  const units = tableUnits(doc, ctx.options.tolerance);
  for (const inferred of units.inferred) findings.push(unitFinding(inferred));
  for (const group of groups) {
    const tables = group.flatMap((s) => s.tables);
    const label = groups.length > 1 ? `（${group.map((s) => s.department ?? `第${s.index + 1}套表`).join('、')}）` : '';
    const pool: Pool = {
      label,
      tables,
      readings: [],
      policy: ctx.options.tolerance,
      unitOf: units.unitOf,
      order,
      miscoded: new Map(),
      untrusted: [],
    };
    try {
      const r = auditPool(pool, doc.year);
      findings.push(...r.findings);
      checks.push(...r.checks);
    } catch (e) {
      checks.push({ rule: RULE_ID, status: 'not-run', subject: `跨表核对${label}`, detail: { zh: `无法核对：${String(e)}`, en: `could not be checked: ${String(e)}` } });
    }
  }
  const ids = new Set<string>();
  return { findings: findings.filter((f) => (ids.has(f.id) ? false : (ids.add(f.id), true))), checks };
}

export const rule: Rule = {
  id: RULE_ID,
  title: RULE_TITLES['cross-table'],
  description: {
    zh: '同一数字在不同表中应一致：各功能分类（类）合计、同一科目行、基本支出与项目支出合计、人员经费与公用经费合计、收入合计、“三公”经费；同一名称的行在两表中不应使用不同的科目编码。比对限于同一套表（部门或单位）和同一资金口径。',
    en: 'The same figure printed in two tables must agree: function class totals, the same code rows, basic and project totals, personnel and public costs, income totals, “three public” expenses; a row must not carry two different codes in two tables. Comparisons stay within one table set (department or unit) and one funding scope.',
  },
  run,
};
