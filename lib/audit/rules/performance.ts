/**
 * performance — the budget figures a 绩效目标表 prints in its 预算情况 / 资金 block:
 *  (a) 基本支出 + 项目支出 = the block's total (部门预算总额 …), when both parts are printed;
 *  (b) the printed funding sources (政府预算资金, 财政专户管理资金, 单位资金 …) add up to the total;
 *  (c) on a whole-department table (整体绩效 / 部门整体), the total, 基本支出 and 项目支出 equal the
 *      document's expenditure total, basic and project totals — only when every table that prints
 *      such a figure agrees (an ambiguous document figure is left alone).
 * The block is label/value pairs: the value of a label is the next cell after it (merged cells
 * repeat their text, so repeats are read once). A label that is ambiguous or a value that does not
 * parse is skipped and said so in the check.
 */
import Decimal from 'decimal.js';
import type { SubjectRef } from '../../model/claim';
import type { Check, Finding, Localized, Operand, Severity } from '../../model/finding';
import type { Column, Row, Table } from '../../model/table';
import { UNIT_SCALE, type Unit } from '../../model/units';
import { parseAmount } from '../../parse/amount';
import { canonicalLabel } from '../../parse/text';
import { unitFromLabel } from '../../parse/unit';
import { checkStatus, makeFinding, sumComputation } from '../finding';
import {
  describeReading,
  quantityScopes,
  readingCount,
  readingFormula,
  readingOperands,
  readingQuantumYuan,
  readingYuan,
  resolveQuantity,
  type QuantityScope,
  type Reading,
} from '../quantities';
import type { Rule, RuleContext, RuleResult } from '../rule';
import { RULE_TITLES } from '../rule-titles';
import { cellRef } from '../table-utils';
import { severityOf, sumBound, tableQuantum } from '../tolerance';
import { differenceClause, tableName, unitWords } from '../wording';

const ID = 'performance';

// ───────────────────────────── labels ─────────────────────────────

type Role = 'total' | 'basic' | 'project' | 'source';

const TOTAL = /^(部门预算总额|部门整体预算总额|单位预算总额|预算总额|年度预算资金总额|年度预算总额|资金总额|年度资金总额|项目资金总额|项目预算总额|预算数)$/;
const SOURCE = /^(政府预算资金|财政拨款|财政拨款资金|财政资金|一般公共预算(资金|拨款|拨款资金)?|政府性基金(预算)?(资金|拨款)?|国有资本经营预算(资金|拨款)?|财政专户管理资金|财政专户资金|单位资金|其他资金)$/;

/** Numbering and group words before a label: 1、 (1) （一） 一、 资金来源： 资金结构： 其中： */
const PREFIX = /^(\d{1,2}[、.．]|\(\d{1,2}\)[、.．]?|[一二三四五六七八九十]+[、.．]|\([一二三四五六七八九十]+\)[、.．]?|资金来源[:：]?|资金结构[:：]?|资金构成[:：]?|其中[:：]?)/;
const UNIT_SUFFIX = /[(（](?:金额)?(?:单位[:：]?)?(亿元|万元|千元|元)[)）]$/;

type Label = { role: Role; name: string; unit: Unit | null; subset: boolean };

/** What a cell's text names in a 预算情况 block, or null (most cells: text, indicators, headings). */
function classify(text: string): Label | null {
  let s = canonicalLabel(text);
  if (!s) return null;
  const unit = unitFromLabel(s);
  s = s.replace(UNIT_SUFFIX, '');
  let subset = false;
  for (let i = 0; i < 6; i++) {
    const m = PREFIX.exec(s);
    if (!m) break;
    if (/^其中/.test(m[0])) subset = true;
    s = s.slice(m[0].length);
  }
  s = s.replace(/[:：]+$/, '');
  let role: Role | null = null;
  if (TOTAL.test(s)) role = 'total';
  else if (s === '基本支出') role = 'basic';
  else if (s === '项目支出') role = 'project';
  else if (SOURCE.test(s)) role = 'source';
  return role ? { role, name: s, unit, subset } : null;
}

// ───────────────────────────── the block ─────────────────────────────

type Item = Label & {
  label: string;
  row: Row;
  column: Column;
  /** the printed value (null: blank) */
  value: Decimal | null;
  decimals: number;
  /** the value cell holds text that is not an amount */
  unparsed: boolean;
};

type Block = { items: Item[]; notes: string[] };

/** The label/value pairs of a row: a label cell, then the next cell with other text is its value. */
function rowItems(table: Table, row: Row): Item[] {
  const out: Item[] = [];
  const cells: Array<{ text: string; index: number }> = [];
  row.cells.forEach((c, index) => {
    const prev = cells[cells.length - 1];
    if (prev && prev.text === c.text && c.text !== '') return;
    cells.push({ text: c.text, index });
  });
  for (let i = 0; i < cells.length; i++) {
    const label = classify(cells[i]!.text);
    if (!label) continue;
    const next = cells[i + 1];
    const column = next ? table.columns[next.index] : undefined;
    if (!next || !column || classify(next.text)) continue; // a heading row: labels side by side
    const parsed = parseAmount(next.text);
    out.push({
      ...label,
      label: cells[i]!.text,
      row,
      column,
      value: parsed.kind === 'amount' ? parsed.value : null,
      decimals: parsed.kind === 'amount' ? parsed.decimals : 0,
      unparsed: parsed.kind === 'text',
    });
    i++;
  }
  return out;
}

/**
 * The blocks of a table: consecutive rows with label/value pairs; a row without any ends the block,
 * and so does a second total (a figure further down, among the indicators, is not in the block).
 */
function blocks(table: Table): Block[] {
  const out: Block[] = [];
  let current: Block | null = null;
  for (const row of table.rows) {
    const items = rowItems(table, row);
    if (!items.length) current = null;
    for (const item of items) {
      if (!current || (item.role === 'total' && current.items.some((x) => x.role === 'total'))) {
        current = { items: [], notes: [] };
        out.push(current);
      }
      current.items.push(item);
    }
  }
  return out;
}

// ───────────────────────────── checks ─────────────────────────────

type Ctx = { table: Table; ctx: RuleContext; scope: QuantityScope | null; whole: boolean; findings: Finding[]; compared: number; errors: number; notes: string[] };

const fmt = (d: Decimal, decimals: number) => d.toFixed(decimals);
/** A block line as the messages name it: 基本支出, 部门预算总额 (numbering, group words and unit dropped). */
const name = (i: Item) => i.name;

/** The block's figures as a table of their own, for the rounding quantum (their cells hold text). */
function blockQuantum(table: Table, items: readonly Item[], ctx: RuleContext): Decimal {
  const rows: Row[] = items.map((i) => ({ ...i.row, cells: [{ text: '', value: i.value, decimals: i.decimals }] }));
  return tableQuantum({ ...table, rows }, ctx.options.tolerance);
}

function operandOf(c: Ctx, i: Item, decimals: number): Operand {
  return { ref: cellRef(c.table, i.row, i.column), label: `${c.table.title ?? c.table.id} · ${canonicalLabel(i.label)}`, value: i.value === null ? '' : fmt(i.value, Math.max(decimals, i.decimals)) };
}

/** stated (the total) vs Σ parts, within the block. */
function sumCheck(c: Ctx, total: Item, parts: Item[], quantum: Decimal, unit: Unit | null, decimals: number, kind: 'structure' | 'sources'): void {
  const stated = total.value!;
  const expected = parts.reduce((s, p) => s.plus(p.value!), new Decimal(0));
  c.compared++;
  const diff = stated.minus(expected);
  const bound = sumBound(parts.length, quantum);
  const severity = severityOf(diff, bound);
  if (!severity) return;
  if (severity === 'error') c.errors++;
  const u = unitWords(unit);
  const t = tableName(c.table);
  const terms = parts.map((p) => fmt(p.value!, decimals));
  const partsZh = parts.map((p) => `「${name(p)}」${fmt(p.value!, decimals)}`).join(' + ');
  const partsEn = parts.map((p) => `“${name(p)}” ${fmt(p.value!, decimals)}`).join(' + ');
  const what = kind === 'structure' ? { zh: '资金结构', en: 'the expenditure structure' } : { zh: '资金来源', en: 'the funding sources' };
  const clause = differenceClause(diff, bound, severity, unit, decimals);
  c.findings.push(
    makeFinding(
      {
        rule: ID,
        severity,
        message: {
          zh: `${t.zh}预算情况中「${name(total)}」为${fmt(stated, decimals)}${u.zh}，而${what.zh}${partsZh} = ${fmt(expected, decimals)}${u.zh}，${clause.zh}`,
          en: `${t.en}: the budget block's “${name(total)}” is ${fmt(stated, decimals)}${u.en}, but ${what.en} ${partsEn} sum to ${fmt(expected, decimals)}: ${clause.en}.`,
        },
        stated,
        expected,
        tolerance: bound,
        decimals,
        unit,
        target: cellRef(c.table, total.row, total.column),
        operands: [total, ...parts].map((i) => operandOf(c, i, decimals)),
        computation: sumComputation(fmt(stated, decimals), terms, fmt(expected, decimals), false),
      },
      kind,
    ),
  );
}

const DOC_QUANTITY: Readonly<Record<'total' | 'basic' | 'project', { ref: SubjectRef; raw: string; zh: string; en: string }>> = {
  total: { ref: { kind: 'expense-total' }, raw: '支出', zh: '本年支出合计 / 支出总计', en: 'expenditure total' },
  basic: { ref: { kind: 'basic', fund: null }, raw: '基本支出', zh: '基本支出合计', en: 'basic expenditure total' },
  project: { ref: { kind: 'project-expense', fund: null }, raw: '项目支出', zh: '项目支出合计', en: 'project expenditure total' },
};

/** Whether two readings print the same figure, within their rounding (as cross-table compares them). */
function readingsAgree(a: Reading, b: Reading): boolean {
  const bound = sumBound(Math.max(1, readingCount(a) + readingCount(b) - 1), Decimal.max(readingQuantumYuan(a), readingQuantumYuan(b)));
  return readingYuan(a).minus(readingYuan(b)).abs().lte(bound);
}

/** (c): a block figure vs the document's figure for the same quantity. */
function docCheck(c: Ctx, item: Item, which: 'total' | 'basic' | 'project', quantum: Decimal, unit: Unit, decimals: number): void {
  const q = DOC_QUANTITY[which];
  if (!c.scope) return;
  const res = resolveQuantity(c.scope, q.ref, { raw: q.raw, parent: null });
  const readings = (res?.readings ?? []).filter((r) => r.table.kind !== 'performance');
  if (!readings.length) {
    c.notes.push(`${name(item)}: no table prints the document's ${q.en}`);
    return;
  }
  if (readings.some((r) => r.blank) || !readings.every((a) => readings.every((b) => readingsAgree(a, b)))) {
    c.notes.push(`${name(item)}: the tables disagree on the ${q.en} (${readings.map(readingFormula).join('; ')})`);
    return;
  }
  const reference = readings.find((r) => !r.derived) ?? readings[0]!;
  const scale = UNIT_SCALE[unit];
  const stated = item.value!;
  const expected = readingYuan(reference).div(scale);
  c.compared++;
  const diffYuan = stated.times(scale).minus(readingYuan(reference));
  const boundYuan = sumBound(Math.max(1, readingCount(reference)), Decimal.max(quantum.times(scale), readingQuantumYuan(reference)));
  const severity: Severity | null = severityOf(diffYuan, boundYuan);
  if (!severity) return;
  if (severity === 'error') c.errors++;
  const diff = diffYuan.div(scale);
  const bound = boundYuan.div(scale);
  const u = unitWords(unit);
  const t = tableName(c.table);
  const refs: Localized[] = readings.map(describeReading);
  const clause = differenceClause(diff, bound, severity, unit, decimals);
  c.findings.push(
    makeFinding(
      {
        rule: ID,
        severity,
        message: {
          zh: `${t.zh}预算情况中「${name(item)}」为${fmt(stated, decimals)}${u.zh}，而${refs.map((r) => r.zh).join('、')}为${fmt(expected, decimals)}${u.zh}（${q.zh}），${clause.zh}`,
          en: `${t.en}: the budget block's “${name(item)}” is ${fmt(stated, decimals)}${u.en}, but ${refs.map((r) => r.en).join('; ')} ${refs.length > 1 ? 'give' : 'gives'} ${fmt(expected, decimals)} (the ${q.en}): ${clause.en}.`,
        },
        stated,
        expected,
        tolerance: bound,
        decimals,
        unit,
        target: cellRef(c.table, item.row, item.column),
        operands: [operandOf(c, item, decimals), ...readings.flatMap(readingOperands)],
        computation: `${fmt(stated, decimals)} ${severity === 'rounding' ? '≈' : '≠'} ${fmt(expected, decimals)} — ${[`${c.table.title ?? c.table.id} ${name(item)} = ${fmt(stated, decimals)}`, ...readings.map(readingFormula)].join('; ')}`,
      },
      `doc-${which}`,
    ),
  );
}

function auditBlock(c: Ctx, block: Block): void {
  const { items } = block;
  const notes = c.notes;
  for (const i of items) if (i.unparsed) notes.push(`${name(i)}: the value is not an amount`);
  const one = (role: Role): Item | null | undefined => {
    const xs = items.filter((i) => i.role === role);
    if (xs.length > 1) {
      notes.push(`${xs.map(name).join(', ')}: printed more than once`);
      return undefined;
    }
    return xs[0] ?? null;
  };
  const total = one('total');
  const basic = one('basic');
  const project = one('project');
  const sources = items.filter((i) => i.role === 'source');
  if (!total || total.value === null) {
    if (total && !total.unparsed) notes.push(`${name(total)}: blank`);
    return;
  }
  // one unit for the block: a label's own, else the total's, else the table's
  const blockUnit = total.unit ?? items.find((i) => i.unit)?.unit ?? c.table.unit ?? null;
  if (items.some((i) => i.unit !== null && i.unit !== blockUnit)) {
    notes.push('the block mixes units');
    return;
  }
  const printed = items.filter((i) => i.value !== null);
  const quantum = blockQuantum(c.table, printed, c.ctx);
  const decimals = Math.max(2, ...printed.map((i) => i.decimals));

  // (a) structure
  if (basic && project && basic.value !== null && project.value !== null) sumCheck(c, total, [basic, project], quantum, blockUnit, decimals, 'structure');
  else if (basic !== undefined && project !== undefined && (basic || project)) notes.push('基本支出/项目支出: not both printed');

  // (b) sources
  const printedSources = sources.filter((s) => s.value !== null);
  const names = new Set(sources.map((s) => s.name));
  if (printedSources.length > 0) {
    if (sources.some((s) => s.unparsed)) notes.push('sources: a value is not an amount');
    else if (names.size !== sources.length) notes.push('sources: a source is printed twice');
    else if (sources.length === 1 && sources[0]!.subset) notes.push(`${name(sources[0]!)}: a 其中 line without its complement`);
    else sumCheck(c, total, printedSources, quantum, blockUnit, decimals, 'sources');
  }

  // (c) against the document's totals: whole-department tables only
  if (!c.whole) return;
  if (blockUnit === null) {
    notes.push('no unit: not compared with the other tables');
    return;
  }
  docCheck(c, total, 'total', quantum, blockUnit, decimals);
  if (basic && basic.value !== null) docCheck(c, basic, 'basic', quantum, blockUnit, decimals);
  if (project && project.value !== null) docCheck(c, project, 'project', quantum, blockUnit, decimals);
}

/** A whole-department performance table (not one project's). */
const isWholeDepartment = (t: Table): boolean => /整体绩效|部门整体|单位整体/.test(canonicalLabel(t.title ?? ''));

function run(ctx: RuleContext): RuleResult {
  const findings: Finding[] = [];
  const checks: Check[] = [];
  let scopes: QuantityScope[] | null = null;
  for (const table of ctx.doc.tables) {
    if (table.kind !== 'performance') continue;
    const subject = `${table.id} ${table.title ?? ''}`.trim();
    try {
      const bs = blocks(table).filter((b) => b.items.some((i) => i.value !== null));
      if (!bs.length) continue;
      const whole = isWholeDepartment(table);
      if (whole && scopes === null) scopes = quantityScopes(ctx.doc, ctx.options.tolerance);
      const scope = whole ? (scopes!.find((s) => s.tables.includes(table)) ?? null) : null;
      const c: Ctx = { table, ctx, scope, whole, findings: [], compared: 0, errors: 0, notes: [] };
      for (const b of bs) auditBlock(c, b);
      findings.push(...c.findings);
      const what = {
        zh: `${subject}：预算情况（总额 = 基本支出 + 项目支出 = 各资金来源之和${whole ? '；与收支总表、支出总表的合计一致' : ''}）`,
        en: `${subject}: budget block (total = basic + project = sum of the sources${whole ? '; equal to the document totals' : ''})`,
      };
      const rounding = c.findings.filter((f) => f.severity === 'rounding').length;
      const skipped = c.notes.length ? { zh: `；未核对：${c.notes.join('；')}`, en: `; not checked: ${c.notes.join('; ')}` } : { zh: '', en: '' };
      checks.push({
        rule: ID,
        status: checkStatus(c.compared, c.errors),
        subject: `${subject} budget block`,
        detail:
          c.compared === 0
            ? { zh: `${what.zh}：没有可核对的数字${skipped.zh}`, en: `${what.en}: nothing to compare${skipped.en}` }
            : { zh: `${what.zh}：比较${c.compared}处，错误${c.errors}处，舍入差异${rounding}处${skipped.zh}`, en: `${what.en}: ${c.compared} comparisons, ${c.errors} errors, ${rounding} rounding differences${skipped.en}` },
      });
    } catch (e) {
      checks.push({ rule: ID, status: 'not-run', subject: `${subject} budget block`, detail: { zh: `无法核对：${String(e)}`, en: `could not be checked: ${String(e)}` } });
    }
  }
  return { findings, checks };
}

export const rule: Rule = {
  id: ID,
  title: RULE_TITLES.performance,
  description: {
    zh: '绩效目标表“预算情况”中的金额：基本支出 + 项目支出 = 预算总额（两者均列出时）；列出的各资金来源之和 = 预算总额；部门（单位）整体绩效目标表的预算总额、基本支出、项目支出与收支总表、支出总表等所列合计一致（仅当这些表彼此一致时比对；项目绩效目标表不与部门合计比对）。',
    en: 'The budget figures of a performance target table: 基本支出 + 项目支出 = the budget total (when both are printed); the printed funding sources add up to the total; on a whole-department table, the total, 基本支出 and 项目支出 equal the document’s expenditure, basic and project totals (only when the other tables agree among themselves; project-level tables are never compared with department totals).',
  },
  run,
};
