import type Decimal from 'decimal.js';
import type { Check, Finding } from '../../model/finding';
import type { Column, HeaderNode, Row, Table } from '../../model/table';
import { canonicalLabel } from '../../parse/text';
import type { Rule, RuleContext, RuleResult } from '../rule';
import { runPerTable } from '../rule';
import { isFigureColumn, isTotalLabel } from '../hierarchy';
import { makeFinding } from '../finding';
import { checkSum, SumTally, type SumOutcome } from '../sum-check';
import { cellRef, columnLabel, isSubsetLabel, printedDecimals, rowLabel, valueAt, type Figure } from '../table-utils';
import { tableQuantum } from '../tolerance';
import { RULE_TITLES } from '../rule-titles';

const ID = 'column-sum';

/** Performance tables are text; everything else with a header tree is checked. */
const SKIP_KINDS = new Set<Table['kind']>(['performance']);

/** One identity of the header: a total column = Σ part columns. */
export type ColumnIdentity = { total: Column; parts: Column[] };

const isLeaf = (n: HeaderNode): boolean => n.children.length === 0;

/** A group header that is itself a total broken down another way (合计[一般公共预算, 政府性基金 …]). */
const isTotalGroup = (n: HeaderNode): boolean => !isLeaf(n) && /^(合计|总计|小计)$/.test(canonicalLabel(n.label));

/**
 * The identities a header tree states. Among siblings, a single leaf named 合计/总计/小计 is the
 * total of the others: a leaf sibling contributes its column, a group sibling its own 小计/合计
 * leaf if it has one, else the sum of what its children contribute. "其中" columns and columns
 * that are not money figures never contribute. A sibling group that is itself labelled 合计 is an
 * alternative breakdown of the same total and is checked on its own. Columns of one identity are
 * on the same side of a two-sided table.
 */
export function columnIdentities(table: Table): ColumnIdentity[] {
  const byIndex = new Map(table.columns.map((c) => [c.index, c]));
  const leafColumn = (n: HeaderNode): Column | undefined => (isLeaf(n) && n.end === n.start + 1 ? byIndex.get(n.start) : undefined);
  const usable = (c: Column | undefined): c is Column => !!c && isFigureColumn(c) && !c.path.some(isSubsetLabel);
  const totalLeafOf = (children: HeaderNode[]): HeaderNode | null => {
    const totals = children.filter((n) => isLeaf(n) && isTotalLabel(n.label) && usable(leafColumn(n)));
    return totals.length === 1 ? totals[0]! : null;
  };
  const contribution = (n: HeaderNode): Column[] => {
    if (isSubsetLabel(n.label)) return [];
    if (isLeaf(n)) {
      const c = leafColumn(n);
      return usable(c) ? [c] : [];
    }
    const t = totalLeafOf(n.children);
    if (t) return [leafColumn(t)!];
    return n.children.flatMap(contribution);
  };
  const out: ColumnIdentity[] = [];
  const visit = (siblings: HeaderNode[]): void => {
    const totalNode = totalLeafOf(siblings);
    if (totalNode) {
      const total = leafColumn(totalNode)!;
      const others = siblings.filter((n) => n !== totalNode && !isSubsetLabel(n.label));
      const sameSide = (cols: Column[]) => cols.filter((c) => c.side === total.side);
      const regular = sameSide(others.filter((n) => !isTotalGroup(n)).flatMap(contribution));
      if (regular.length > 0) out.push({ total, parts: regular });
      for (const g of others.filter(isTotalGroup)) {
        const parts = sameSide(g.children.flatMap(contribution));
        if (parts.length > 0) out.push({ total, parts });
      }
    }
    for (const n of siblings) if (!isLeaf(n)) visit(n.children);
  };
  visit(table.header);
  return out;
}

/** The row's label on the side of a two-sided table the column belongs to ("一、本年支出", not "一、本年收入"). */
function sideRowLabel(table: Table, row: Row, column: Column): string {
  if (column.side) {
    const nameCol = table.columns.find((c) => c.side === column.side && c.role === 'name');
    const text = nameCol ? row.cells[nameCol.index]?.text : '';
    if (text) return text;
  }
  return rowLabel(row);
}

/** What checkRow says of an identity whatever the row: worked out once per table, not per row. */
type IdentityWords = { totalLabel: string; partsNoun: { zh: string; en: string }; discriminator: string };

function identityWords(identities: readonly ColumnIdentity[]): IdentityWords[] {
  return identities.map(({ total, parts }, i) => {
    const names = parts.map((c) => columnLabel(c)).join(' + ');
    return {
      totalLabel: columnLabel(total),
      partsNoun: { zh: `各分项列（${names}）`, en: `its part columns (${names})` },
      discriminator: identities.filter((x) => x.total === total).length > 1 ? `p${i}` : '',
    };
  });
}

function checkRow(table: Table, row: Row, identities: readonly ColumnIdentity[], quantum: Decimal, words: readonly IdentityWords[] = identityWords(identities)): SumOutcome[] {
  const outcomes: SumOutcome[] = [];
  for (const [i, { total, parts }] of identities.entries()) {
    const figures: Figure[] = [];
    for (const column of parts) {
      const value = valueAt(row, column);
      if (value !== null) figures.push({ table, row, column, value });
    }
    const { totalLabel, partsNoun, discriminator } = words[i]!;
    const label = sideRowLabel(table, row, total);
    outcomes.push(
      checkSum({
        rule: ID,
        table,
        row,
        column: total,
        parts: figures,
        quantum,
        subject: { zh: `「${label}」行「${totalLabel}」列`, en: `row “${label}” (column “${totalLabel}”)` },
        partsNoun,
        discriminator,
      }),
    );
  }
  return outcomes;
}

const clean = (outcomes: readonly SumOutcome[]): boolean => outcomes.every((o) => o.kind === 'skipped' || o.kind === 'equal' || o.kind === 'rounding');
const hasFigures = (outcomes: readonly SumOutcome[]): boolean => outcomes.some((o) => o.kind !== 'skipped');

/**
 * A row printed one column off: its figures from amount column `k` on belong one column to the
 * right (the cell under `k` was dropped, the last amount column is blank). Returns the latest such
 * `k` under which every identity of the row holds exactly, or null.
 */
function shiftedFrom(table: Table, row: Row, identities: readonly ColumnIdentity[], quantum: Decimal): Column | null {
  // two-sided tables: the sides are separate lists, a shift across them means nothing
  if (table.columns.some((c) => c.side !== null)) return null;
  const slots = table.columns.filter((c) => c.role === 'amount');
  const last = slots[slots.length - 1];
  if (!last || row.cells[last.index]?.value !== null) return null;
  // the latest column that works: moving the fewest figures (sums inside a group cannot tell more)
  for (let k = slots.length - 2; k >= 0; k--) {
    const cells = [...row.cells];
    cells[slots[k]!.index] = { text: '', value: null, decimals: 0 };
    for (let j = k + 1; j < slots.length; j++) cells[slots[j]!.index] = row.cells[slots[j - 1]!.index]!;
    const outcomes = checkRow(table, { ...row, cells }, identities, quantum);
    if (hasFigures(outcomes) && outcomes.every((o) => o.kind === 'skipped' || o.kind === 'equal')) return slots[k]!;
  }
  return null;
}

function shiftFinding(table: Table, rows: Row[], from: Column): Finding {
  const first = rows[0]!;
  const labels = rows.map((r) => rowLabel(r));
  const shown = labels.length > 6 ? [...labels.slice(0, 5), '…'] : labels;
  return makeFinding(
    {
      rule: ID,
      severity: 'warning',
      message: {
        zh: `${rows.length}行（${shown.join('、')}）的数字与表头错位：按表头对齐时合计列与分项列不符，自「${columnLabel(from)}」列起右移一列后全部相符（疑似表格错列，「${columnLabel(from)}」一列的数字缺失）`,
        en: `${rows.length} row(s) (${shown.join(', ')}) do not line up with the header: read under the printed header their total columns disagree with their parts, but with the figures from column “${columnLabel(from)}” on moved one column right every total agrees (the table looks shifted; the “${columnLabel(from)}” figures are missing).`,
      },
      stated: null,
      expected: null,
      tolerance: null,
      decimals: Math.max(2, printedDecimals(table)),
      unit: table.unit,
      target: cellRef(table, first, from),
      operands: [],
      computation: `shifted by one column from “${columnLabel(from)}” in ${rows.length} row(s)`,
    },
    'shift',
  );
}

/**
 * Rows of one total column printed with a figure while every part column is blank: one finding
 * for the column (a table that gives no breakdown at all would otherwise repeat the same warning
 * on every row), on its first row, with every row's figure as an operand.
 */
function omissionFinding(table: Table, words: IdentityWords, hits: ReadonlyArray<{ row: Row; finding: Finding }>): Finding {
  const first = hits[0]!.finding;
  const labels = hits.map((h) => rowLabel(h.row));
  const shown = labels.length > 6 ? [...labels.slice(0, 5), '…'] : labels;
  const operands = hits.map((h) => h.finding.operands[0]!);
  return makeFinding(
    {
      rule: ID,
      severity: 'warning',
      message: {
        zh: `${hits.length}行（${shown.join('、')}）的「${words.totalLabel}」列有数，但${words.partsNoun.zh}均为空（疑似漏填明细）`,
        en: `${hits.length} rows (${shown.join(', ')}) print a figure under “${words.totalLabel}”, but ${words.partsNoun.en} are all blank (the details look omitted).`,
      },
      stated: null,
      expected: null,
      tolerance: null,
      decimals: Math.max(2, printedDecimals(table)),
      unit: table.unit,
      target: first.target,
      operands,
      computation: `${operands.map((o) => o.value).join(', ')} ≠ (all parts blank) in ${hits.length} rows`,
    },
    `omitted${words.discriminator}`,
  );
}

/** A 'details omitted' warning: a total printed while all its parts are blank. */
const isOmission = (o: SumOutcome): o is { kind: 'warning'; finding: Finding } => o.kind === 'warning' && o.finding.stated !== null && o.finding.expected === null;

function auditTable(table: Table, ctx: RuleContext): { findings: Finding[]; check: Check | null } {
  const identities = columnIdentities(table);
  if (identities.length === 0) return { findings: [], check: null };
  const subjectLine = `${table.id} ${table.title ?? ''}`.trim();
  const quantum = tableQuantum(table, ctx.options.tolerance);
  const tally = new SumTally();
  const shifted = new Map<Column, Row[]>();
  const words = identityWords(identities);
  /** per identity: the rows whose total is printed while all its parts are blank */
  const omitted = new Map<number, Array<{ row: Row; finding: Finding }>>();
  for (const row of table.rows) {
    const outcomes = checkRow(table, row, identities, quantum, words);
    if (!clean(outcomes)) {
      const from = shiftedFrom(table, row, identities, quantum);
      if (from) {
        shifted.set(from, [...(shifted.get(from) ?? []), row]);
        continue;
      }
    }
    outcomes.forEach((o, i) => {
      tally.add(o);
      if (isOmission(o)) omitted.set(i, [...(omitted.get(i) ?? []), { row, finding: o.finding }]);
    });
  }
  // an identity omitted on several rows: one finding in the place of the first
  const replaced = new Map<Finding, Finding | null>();
  for (const [i, hits] of omitted) {
    if (hits.length < 2) continue;
    hits.forEach((h, k) => replaced.set(h.finding, k === 0 ? omissionFinding(table, words[i]!, hits) : null));
  }
  const perRow = tally.findings.flatMap((f) => {
    const r = replaced.get(f);
    return r === undefined ? [f] : r === null ? [] : [r];
  });
  const findings = [...perRow, ...[...shifted].map(([from, rows]) => shiftFinding(table, rows, from))];
  const what = {
    zh: `${subjectLine}：合计列 = 各分项列之和（${identities.map((x) => columnLabel(x.total)).join('、')}）`,
    en: `${subjectLine}: total columns = sum of their parts (${identities.map((x) => columnLabel(x.total)).join(', ')})`,
  };
  if (tally.compared === 0 && shifted.size === 0) {
    return {
      findings: [],
      check: { rule: ID, status: 'not-run', subject: `${subjectLine} total columns`, detail: { zh: `${what.zh}：没有可核对的数字`, en: `${what.en}: no figures to compare` } },
    };
  }
  const detail = tally.detail(what);
  if (shifted.size > 0) {
    const n = [...shifted.values()].reduce((a, r) => a + r.length, 0);
    detail.zh += `；另有${n}行疑似错列`;
    detail.en += `; ${n} row(s) look shifted by one column`;
  }
  return { findings, check: { rule: ID, status: tally.status, subject: `${subjectLine} total columns`, detail } };
}

export const rule: Rule = {
  id: ID,
  title: RULE_TITLES['column-sum'],
  description: {
    zh: '逐行核对表头中的合计关系：合计/总计/小计列等于同级各列之和（同级分组以其小计列计入），如合计 = 基本支出 + 项目支出、基本支出 = 人员经费 + 公用经费、“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费。“其中”列、编码/名称/比例列不参与；收支总表只在同一栏内核对；绩效表不核对。',
    en: 'In every row, a column named 合计/总计/小计 equals the sum of its sibling columns (a sibling group counts through its own 小计 column): 合计 = 基本支出 + 项目支出, 基本支出 = 人员经费 + 公用经费, “三公” total = travel abroad + vehicles + reception. “其中” columns and code/name/percent columns never count; two-sided summaries are checked within a side; performance tables are skipped.',
  },
  run: (ctx: RuleContext): RuleResult => runPerTable(ctx, { rule: ID, subject: 'total columns', skip: SKIP_KINDS }, auditTable),
};
