import Decimal from 'decimal.js';
import type { Check, Finding } from '../../model/finding';
import type { Column, Row, Table } from '../../model/table';
import { canonicalLabel } from '../../parse/text';
import type { Rule, RuleContext, RuleResult } from '../rule';
import { runPerTable } from '../rule';
import { figureColumns, isBodyRow, rowStructure, topLevelFigures, unitLabel, type RowStructure, type UnitNode } from '../hierarchy';
import { checkSum, SumTally } from '../sum-check';
import { columnLabel, isSubsetRow, rowLabel, valueAt, type Figure } from '../table-utils';
import { tableQuantum } from '../tolerance';
import { RULE_TITLES } from '../rule-titles';

const ID = 'total-row';

/** Two-sided summaries balance differently (rule 'balance'); performance tables are text. */
const SKIP_KINDS = new Set<Table['kind']>(['performance', 'income-expense-summary', 'fiscal-summary']);

/** Summary lines of the two-sided layout, wherever they appear: not a 合计 of the rows above. */
const SUMMARY_LINE = /^(本年收入合计|本年支出合计|收入总计|支出总计)[:：]?$/;

const isCheckedTotal = (row: Row): boolean => row.role === 'total' && !SUMMARY_LINE.test(canonicalLabel(row.name));

type Ctx = { table: Table; columns: Column[]; quantum: Decimal; tally: SumTally; notes: string[] };

function unitFigures(table: Table, units: readonly UnitNode[], column: Column): Figure[] {
  const out: Figure[] = [];
  for (const u of units) {
    const value = valueAt(u.row, column);
    if (value !== null) out.push({ table, row: u.row, column, value });
  }
  return out;
}

function compare(c: Ctx, row: Row, parts: (column: Column) => Figure[], subject: (column: Column) => { zh: string; en: string }, partsNoun: { zh: string; en: string }, discriminator: string): void {
  for (const column of c.columns) {
    c.tally.add(
      checkSum({
        rule: ID,
        table: c.table,
        row,
        column,
        parts: parts(column),
        quantum: c.quantum,
        subject: subject(column),
        partsNoun,
        discriminator,
      }),
    );
  }
}

/** 合计 rows: Σ of the top-level units when the table is by unit, else Σ of the top-level rows. */
function checkTotals(c: Ctx, s: RowStructure): void {
  const { table } = c;
  for (const total of table.rows.filter(isCheckedTotal)) {
    const subject = (column: Column) => ({
      zh: `「${rowLabel(total)}」行「${columnLabel(column)}」列`,
      en: `the “${rowLabel(total)}” row (column “${columnLabel(column)}”)`,
    });
    if (s.units.length > 0) {
      const leadingValues = s.leading.some((r) => !isSubsetRow(r) && c.columns.some((col) => valueAt(r, col) !== null));
      if (s.ambiguousUnits || leadingValues) {
        c.notes.push(`${rowLabel(total)}: units cannot be told apart from other rows`);
        continue;
      }
      const names = s.topUnits.map((u) => unitLabel(table, u.row)).join('、');
      compare(c, total, (col) => unitFigures(table, s.topUnits, col), subject, { zh: `各单位（${names}）`, en: `the units (${names})` }, 'units');
    } else {
      compare(c, total, (col) => topLevelFigures(table, s.leading, col), subject, { zh: '各行', en: 'the rows' }, 'rows');
    }
  }
}

/** Unit rows: Σ of their sub-units (201 = Σ 201001 …) and Σ of the top-level rows of their block. */
function checkUnits(c: Ctx, s: RowStructure): void {
  const { table } = c;
  for (const unit of s.units) {
    const subject = (column: Column) => ({
      zh: `单位行「${unitLabel(table, unit.row)}」「${columnLabel(column)}」列`,
      en: `the unit row “${unitLabel(table, unit.row)}” (column “${columnLabel(column)}”)`,
    });
    if (unit.children.length > 0) {
      const names = unit.children.map((u) => unitLabel(table, u.row)).join('、');
      compare(c, unit.row, (col) => unitFigures(table, unit.children, col), subject, { zh: `其下属单位（${names}）`, en: `its sub-units (${names})` }, 'units');
    }
    if (unit.block.some((r) => isBodyRow(r) && !isSubsetRow(r))) {
      compare(c, unit.row, (col) => topLevelFigures(table, unit.block, col), subject, { zh: '其下各行', en: 'the rows under it' }, 'rows');
    }
  }
}

/**
 * 小计 rows, where their group is clear: every 小计 closes the data rows printed since the previous
 * 合计/小计/unit row, and the body ends with a 小计. A 小计 printed before its group (“三公”经费小计
 * under 合计) has no group a machine can tell: skipped.
 */
function checkSubtotals(c: Ctx): void {
  const { table } = c;
  const body = table.rows;
  const subtotals = body.filter((r) => r.role === 'subtotal');
  if (subtotals.length === 0) return;
  const groups = new Map<Row, Row[]>();
  let run: Row[] = [];
  let clear = true;
  for (const row of body) {
    if (row.role === 'subtotal') {
      if (run.length === 0) clear = false;
      groups.set(row, run);
      run = [];
    } else if (row.role === 'total' || row.role === 'unit') run = [];
    else run.push(row);
  }
  const lastBody = [...body].reverse().find((r) => r.role !== 'total');
  if (!clear || lastBody?.role !== 'subtotal') {
    c.notes.push('小计 rows: group unclear');
    return;
  }
  for (const sub of subtotals) {
    const rows = groups.get(sub) ?? [];
    compare(
      c,
      sub,
      (col) => topLevelFigures(table, rows, col),
      (column) => ({ zh: `「${rowLabel(sub)}」行「${columnLabel(column)}」列`, en: `the “${rowLabel(sub)}” row (column “${columnLabel(column)}”)` }),
      { zh: '其上各行', en: 'the rows of its group' },
      'group',
    );
  }
}

/**
 * Units printed without codes nest in no known way. One layout is common enough to recognise: the
 * department first, then its units, with nothing printed under the department itself. When the
 * first unit equals the sum of the others in every column (and a flat reading does not add up to
 * the 合计 row), read it that way; otherwise the units are taken as peers.
 */
function nestCodelessUnits(table: Table, s: RowStructure, columns: readonly Column[]): RowStructure {
  const [first, ...rest] = s.units;
  if (!first || rest.length === 0 || s.units.some((u) => u.code !== null) || first.block.length > 0) return s;
  const sum = (units: readonly UnitNode[], col: Column) => units.reduce((a, u) => a.plus(valueAt(u.row, col) ?? 0), new Decimal(0));
  const value = (r: Row, col: Column) => valueAt(r, col) ?? new Decimal(0);
  const totals = table.rows.filter(isCheckedTotal);
  const nested = columns.every((col) => value(first.row, col).equals(sum(rest, col)));
  const flatOk = totals.length > 0 && totals.every((t) => columns.every((col) => value(t, col).equals(sum(s.units, col))));
  if (!nested || flatOk) return s;
  const parent: UnitNode = { ...first, children: [] };
  const children = rest.map((u) => ({ ...u, parent }));
  parent.children.push(...children);
  return { ...s, units: [parent, ...children], topUnits: [parent] };
}

function auditTable(table: Table, ctx: RuleContext): { findings: Finding[]; check: Check | null } {
  const s = nestCodelessUnits(table, rowStructure(table), figureColumns(table));
  const hasTotals = table.rows.some(isCheckedTotal);
  const hasSubtotals = table.rows.some((r) => r.role === 'subtotal');
  if (!hasTotals && !hasSubtotals && s.units.length === 0) return { findings: [], check: null };
  const subjectLine = `${table.id} ${table.title ?? ''}`.trim();
  const c: Ctx = { table, columns: figureColumns(table), quantum: tableQuantum(table, ctx.options.tolerance), tally: new SumTally(), notes: [] };
  checkTotals(c, s);
  checkUnits(c, s);
  checkSubtotals(c);
  const what = { zh: `${subjectLine}：合计行/单位行 = 其下各行之和`, en: `${subjectLine}: total and unit rows = sum of the rows they cover` };
  if (c.tally.compared === 0) {
    return {
      findings: [],
      check: {
        rule: ID,
        status: 'not-run',
        subject: `${subjectLine} total rows`,
        detail: { zh: `${what.zh}：没有可核对的数字${c.notes.length ? `（${c.notes.join('；')}）` : ''}`, en: `${what.en}: nothing to compare${c.notes.length ? ` (${c.notes.join('; ')})` : ''}` },
      },
    };
  }
  const detail = c.tally.detail(what);
  if (c.notes.length) {
    detail.zh += `；未核对：${c.notes.join('；')}`;
    detail.en += `; not checked: ${c.notes.join('; ')}`;
  }
  return { findings: c.tally.findings, check: { rule: ID, status: c.tally.status, subject: `${subjectLine} total rows`, detail } };
}

export const rule: Rule = {
  id: ID,
  title: RULE_TITLES['total-row'],
  description: {
    zh: '合计/总计行等于顶层各行之和（按单位列示时为各单位行，否则为上级科目未列出的各行，无科目时为全部数据行）；单位行等于其下属单位或其下顶层科目之和；分组明确的小计行等于本组各行之和。不适用于收支总表类双栏表。',
    en: 'A 合计/总计 row equals the sum of the top-level rows (the unit rows when the table is by unit; otherwise the rows whose parent code is not printed, or all data rows when there are no codes); each unit row equals the sum of its sub-units or of the top-level rows of its block; a 小计 row equals its group where the group is clear. Two-sided summary tables are left to the balance rule.',
  },
  run: (ctx: RuleContext): RuleResult => runPerTable(ctx, { rule: ID, subject: 'total rows', skip: SKIP_KINDS }, auditTable),
};
