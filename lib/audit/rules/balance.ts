/**
 * balance — the identities of a two-sided summary table (收支总表, 财政拨款收支总表):
 *   本年收入合计 = Σ top-level income items; 本年支出合计 = Σ top-level expense items (per expense
 *   side and per amount column); a numbered 一、本年收入 / 二、上年结转 row = Σ its numbered parts;
 *   收入总计 = 本年收入合计 + 上年结转; 支出总计 = 本年支出合计 + 年终结转结余;
 *   收入总计 = 支出总计; 本年收入合计 = 本年支出合计 when nothing is carried over.
 * Sub-items (经费拨款 under 一、…) and "其中" rows are never added to their siblings.
 */
import Decimal from 'decimal.js';
import type { Check, Finding, Operand } from '../../model/finding';
import type { Column, Table } from '../../model/table';
import { checkStatus, makeFinding, sumComputation } from '../finding';
import type { Rule, RuleContext, RuleResult } from '../rule';
import {
  amountAt,
  carryParts,
  childrenOf,
  currentItems,
  entriesOf,
  otherAdditions,
  summarySides,
  topLevel,
  totalColumn,
  valueOrParts,
  type SideEntry,
  type SummarySide,
} from '../summary-sides';
import { cellRef, columnLabel, printedDecimals } from '../table-utils';
import { severityOf, sumBound, tableQuantum } from '../tolerance';
import { differenceClause, tableName, unitWords } from '../wording';
import { RULE_TITLES } from '../rule-titles';

const RULE_ID = 'balance';

const SIDE_ZH = { income: '收入方', expense: '支出方' } as const;
const SIDE_EN = { income: 'income side', expense: 'expense side' } as const;

type Ctx = { table: Table; quantum: Decimal; decimals: number; findings: Finding[]; identities: number; skipped: string[] };

const fmt = (ctx: Ctx, v: Decimal) => v.toFixed(ctx.decimals);

function entryOperand(ctx: Ctx, entry: SideEntry, column: Column, value: Decimal): Operand {
  return {
    ref: cellRef(ctx.table, entry.row, column),
    label: `${entry.label}${ctx.table.columns.filter((c) => c.side === column.side && c.role === 'amount').length > 1 ? ` · ${columnLabel(column)}` : ''}`,
    value: value.toFixed(Math.max(ctx.decimals, entry.row.cells[column.index]?.decimals ?? 0)),
  };
}

/** "「收支总表」支出方「本年支出合计」" (+ column when the side has several amount columns). */
function where(ctx: Ctx, side: SummarySide, entry: SideEntry, column: Column): { zh: string; en: string } {
  const multi = side.amountColumns.length > 1 ? ` · ${columnLabel(column)}` : '';
  const t = tableName(ctx.table);
  return { zh: `${t.zh}${SIDE_ZH[side.side]}「${entry.label}${multi}」`, en: `${t.en} ${SIDE_EN[side.side]} "${entry.label}${multi}"` };
}

/** A printed total vs the sum of its parts. */
function checkSum(ctx: Ctx, side: SummarySide, total: SideEntry, parts: readonly SideEntry[], column: Column, what: { zh: string; en: string }): void {
  const stated = amountAt(total, column);
  if (stated === null) return;
  ctx.identities++;
  const printed = parts.map((p) => ({ p, v: amountAt(p, column) })).filter((x): x is { p: SideEntry; v: Decimal } => x.v !== null);
  const w = where(ctx, side, total, column);
  const u = unitWords(ctx.table.unit);
  if (printed.length === 0) {
    if (stated.isZero()) return;
    ctx.findings.push(
      makeFinding(
        {
          rule: RULE_ID,
          severity: 'warning',
          message: {
            zh: `${w.zh}为${fmt(ctx, stated)}${u.zh}，但${what.zh}均为空，疑似漏填明细`,
            en: `${w.en} is ${fmt(ctx, stated)}${u.en} but ${what.en} are all blank: the detail seems to be missing`,
          },
          stated,
          expected: null,
          tolerance: null,
          decimals: ctx.decimals,
          unit: ctx.table.unit,
          target: cellRef(ctx.table, total.row, column),
          operands: [entryOperand(ctx, total, column, stated)],
          computation: `${fmt(ctx, stated)} ≠ Σ (${parts.length} blank)`,
        },
        'parts',
      ),
    );
    return;
  }
  const expected = printed.reduce((s, x) => s.plus(x.v), new Decimal(0));
  const diff = stated.minus(expected);
  const bound = sumBound(printed.length, ctx.quantum);
  const severity = severityOf(diff, bound);
  if (!severity) return;
  const d = differenceClause(diff, bound, severity, ctx.table.unit, ctx.decimals);
  ctx.findings.push(
    makeFinding(
      {
        rule: RULE_ID,
        severity,
        message: {
          zh: `${w.zh}为${fmt(ctx, stated)}${u.zh}，${what.zh}相加为${fmt(ctx, expected)}${u.zh}，${d.zh}`,
          en: `${w.en} is ${fmt(ctx, stated)}${u.en} but ${what.en} add up to ${fmt(ctx, expected)}: ${d.en}`,
        },
        stated,
        expected,
        tolerance: bound,
        decimals: ctx.decimals,
        unit: ctx.table.unit,
        target: cellRef(ctx.table, total.row, column),
        operands: [entryOperand(ctx, total, column, stated), ...printed.map((x) => entryOperand(ctx, x.p, column, x.v))],
        computation: sumComputation(fmt(ctx, stated), printed.map((x) => fmt(ctx, x.v)), fmt(ctx, expected), false),
      },
      'parts',
    ),
  );
}

type Term = { entry: SideEntry; value: Decimal; count: number; parts: SideEntry[] | null };

/** The value of an entry (printed, or the sum of its numbered parts when blank), or null. */
function termOf(side: SummarySide, entry: SideEntry, column: Column): Term | null {
  const v = valueOrParts(side, entry, column);
  return v ? { entry, value: v.value, count: v.count, parts: v.derived } : null;
}

/** 总计 = 本年合计 + 结转 + other additions, on one side and column. */
function checkGrand(ctx: Ctx, side: SummarySide, column: Column): void {
  const grand = entriesOf(side, 'grand')[0];
  if (!grand) return;
  const stated = amountAt(grand, column);
  if (stated === null) return;
  const { total } = currentItems(side);
  if (!total) return;
  const current = termOf(side, total, column);
  if (!current) return;
  const terms: Term[] = [current];
  for (const e of [...entriesOf(side, 'carry'), ...otherAdditions(side)]) {
    const t = termOf(side, e, column);
    if (t) terms.push(t);
  }
  ctx.identities++;
  const expected = terms.reduce((s, t) => s.plus(t.value), new Decimal(0));
  const n = terms.reduce((s, t) => s + t.count, 0);
  const diff = stated.minus(expected);
  const bound = sumBound(n, ctx.quantum);
  const severity = severityOf(diff, bound);
  if (!severity) return;
  const w = where(ctx, side, grand, column);
  const u = unitWords(ctx.table.unit);
  const d = differenceClause(diff, bound, severity, ctx.table.unit, ctx.decimals);
  const names = terms.map((t) => `「${t.entry.label}」${t.parts ? '（各分项之和）' : ''}`).join('＋');
  const namesEn = terms.map((t) => `"${t.entry.label}"${t.parts ? ' (sum of its parts)' : ''}`).join(' + ');
  const operands: Operand[] = [entryOperand(ctx, grand, column, stated)];
  for (const t of terms) {
    if (!t.parts) operands.push(entryOperand(ctx, t.entry, column, t.value));
    else for (const p of t.parts) {
      const v = amountAt(p, column);
      if (v !== null) operands.push(entryOperand(ctx, p, column, v));
    }
  }
  ctx.findings.push(
    makeFinding(
      {
        rule: RULE_ID,
        severity,
        message: {
          zh: `${w.zh}为${fmt(ctx, stated)}${u.zh}，${names}为${fmt(ctx, expected)}${u.zh}，${d.zh}`,
          en: `${w.en} is ${fmt(ctx, stated)}${u.en} but ${namesEn} make ${fmt(ctx, expected)}: ${d.en}`,
        },
        stated,
        expected,
        tolerance: bound,
        decimals: ctx.decimals,
        unit: ctx.table.unit,
        target: cellRef(ctx.table, grand.row, column),
        operands,
        computation: sumComputation(fmt(ctx, stated), terms.map((t) => fmt(ctx, t.value)), fmt(ctx, expected), false),
      },
      'grand',
    ),
  );
}

/** Two figures of one table that must be equal (收入总计 = 支出总计; 本年收入合计 = 本年支出合计). */
function checkEqual(ctx: Ctx, a: { side: SummarySide; term: Term; column: Column }, b: { side: SummarySide; term: Term; column: Column }, discriminator: string): void {
  ctx.identities++;
  const stated = b.term.value;
  const expected = a.term.value;
  const diff = stated.minus(expected);
  const bound = sumBound(Math.max(1, a.term.count + b.term.count - 1), ctx.quantum);
  const severity = severityOf(diff, bound);
  if (!severity) return;
  const wa = where(ctx, a.side, a.term.entry, a.column);
  const wb = where(ctx, b.side, b.term.entry, b.column);
  const u = unitWords(ctx.table.unit);
  const d = differenceClause(diff, bound, severity, ctx.table.unit, ctx.decimals);
  const derived = (t: Term) => (t.parts ? { zh: '（各分项之和）', en: ' (sum of its parts)' } : { zh: '', en: '' });
  ctx.findings.push(
    makeFinding(
      {
        rule: RULE_ID,
        severity,
        message: {
          zh: `${wb.zh}${derived(b.term).zh}为${fmt(ctx, stated)}${u.zh}，${wa.zh}${derived(a.term).zh}为${fmt(ctx, expected)}${u.zh}，两者应相等，${d.zh}`,
          en: `${wb.en}${derived(b.term).en} is ${fmt(ctx, stated)}${u.en} but ${wa.en}${derived(a.term).en} is ${fmt(ctx, expected)}; they must be equal: ${d.en}`,
        },
        stated,
        expected,
        tolerance: bound,
        decimals: ctx.decimals,
        unit: ctx.table.unit,
        target: cellRef(ctx.table, b.term.entry.row, b.column),
        operands: [entryOperand(ctx, a.term.entry, a.column, expected), entryOperand(ctx, b.term.entry, b.column, stated)],
        computation: `${fmt(ctx, stated)} ≠ ${fmt(ctx, expected)}`,
      },
      discriminator,
    ),
  );
}

function hasCarry(side: SummarySide, column: Column): boolean {
  for (const e of [...entriesOf(side, 'carry'), ...otherAdditions(side)]) {
    const t = termOf(side, e, column);
    if (t && !t.value.isZero()) return true;
  }
  return false;
}

function auditTable(table: Table, ctxOptions: RuleContext['options']): { findings: Finding[]; check: Check } {
  const subject = `${table.id} ${table.title ?? ''}`.trim();
  const sides = summarySides(table);
  const incomes = sides.filter((s) => s.side === 'income');
  const expenses = sides.filter((s) => s.side === 'expense');
  const ctx: Ctx = { table, quantum: tableQuantum(table, ctxOptions.tolerance), decimals: Math.max(2, printedDecimals(table)), findings: [], identities: 0, skipped: [] };
  if (incomes.length === 0 || expenses.length === 0) {
    return {
      findings: [],
      check: {
        rule: RULE_ID,
        status: 'not-run',
        subject,
        detail: { zh: '未能识别收入方和支出方的栏目', en: 'the income and expense sides could not be told apart' },
      },
    };
  }
  for (const side of sides) {
    const { items, total } = currentItems(side);
    for (const column of side.amountColumns) {
      if (total && items) {
        checkSum(ctx, side, total, items, column, {
          zh: `各${side.side === 'income' ? '收入' : '支出'}项目`,
          en: `the top-level ${side.side} items`,
        });
      } else if (total && !items && amountAt(total, column) !== null) {
        ctx.skipped.push(`${SIDE_ZH[side.side]}项目未编号，无法判断层级`);
      }
      // numbered carry-overs (二、上年结转 → （一）（二）…) are totals of their parts
      for (const carry of entriesOf(side, 'carry')) {
        const parts = carryParts(side, carry);
        if (parts && amountAt(carry, column) !== null) {
          checkSum(ctx, side, carry, parts, column, { zh: '其各分项', en: 'its parts' });
        }
      }
      // numbered items that head numbered sub-items in a 一、本年收入 layout
      if (total && total.role === 'current-item') {
        for (const item of items ?? []) {
          const parts = topLevel(childrenOf(side, item));
          if (parts && amountAt(item, column) !== null) checkSum(ctx, side, item, parts, column, { zh: '其各分项', en: 'its parts' });
        }
      }
      checkGrand(ctx, side, column);
    }
  }
  // across sides: the income side against every expense side, in their total columns
  for (const income of incomes) {
    const ic = totalColumn(income);
    if (!ic) continue;
    const ig = entriesOf(income, 'grand')[0];
    const icur = currentItems(income).total;
    for (const expense of expenses) {
      const ec = totalColumn(expense);
      if (!ec) continue;
      const eg = entriesOf(expense, 'grand')[0];
      const igt = ig ? termOf(income, ig, ic) : null;
      const egt = eg ? termOf(expense, eg, ec) : null;
      if (igt && egt && !igt.parts && !egt.parts) checkEqual(ctx, { side: income, term: igt, column: ic }, { side: expense, term: egt, column: ec }, 'grand-equal');
      const ecur = currentItems(expense).total;
      if (!icur || !ecur || hasCarry(income, ic) || hasCarry(expense, ec)) continue;
      const a = termOf(income, icur, ic);
      const b = termOf(expense, ecur, ec);
      if (a && b) checkEqual(ctx, { side: income, term: a, column: ic }, { side: expense, term: b, column: ec }, 'current-equal');
    }
  }
  const errors = ctx.findings.filter((f) => f.severity === 'error').length;
  const status = checkStatus(ctx.identities, errors);
  const detail =
    ctx.identities === 0
      ? { zh: `未找到可核对的合计/总计行${ctx.skipped.length ? `（${ctx.skipped[0]}）` : ''}`, en: 'no total or grand-total row could be checked' }
      : {
          zh: `核对了${ctx.identities}项收支平衡关系，${errors}项超出舍入容差${ctx.skipped.length ? `；${ctx.skipped[0]}` : ''}`,
          en: `${ctx.identities} balance identities checked, ${errors} beyond rounding`,
        };
  return { findings: ctx.findings, check: { rule: RULE_ID, status, subject, detail } };
}

function run(ctx: RuleContext): RuleResult {
  const findings: Finding[] = [];
  const checks: Check[] = [];
  for (const table of ctx.doc.tables) {
    if (table.kind !== 'income-expense-summary' && table.kind !== 'fiscal-summary') continue;
    try {
      const r = auditTable(table, ctx.options);
      findings.push(...r.findings);
      checks.push(r.check);
    } catch (e) {
      checks.push({
        rule: RULE_ID,
        status: 'not-run',
        subject: `${table.id} ${table.title ?? ''}`.trim(),
        detail: { zh: `无法核对：${String(e)}`, en: `could not be checked: ${String(e)}` },
      });
    }
  }
  if (checks.length === 0) {
    checks.push({
      rule: RULE_ID,
      status: 'not-run',
      subject: ctx.doc.source,
      detail: { zh: '文档中没有收支总表或财政拨款收支总表', en: 'the document has no income/expense summary table' },
    });
  }
  return { findings, checks };
}

export const rule: Rule = {
  id: RULE_ID,
  title: RULE_TITLES['balance'],
  description: {
    zh: '收支总表与财政拨款收支总表中：本年收入合计等于各收入项目之和，本年支出合计等于各支出项目之和（每个支出口径、每个金额栏分别核对），收入总计等于本年收入合计加上年结转，支出总计等于本年支出合计加年终结转结余，收入总计等于支出总计。“其中”项和二级子项不计入合计。',
    en: 'In the income/expense summary tables: this year’s income total equals the sum of the top-level income items, this year’s expense total the sum of the top-level expense items (each expense side and amount column separately), the grand totals add the carry-overs, and income equals expense. "Of which" rows and sub-items are never added.',
  },
  run,
};
