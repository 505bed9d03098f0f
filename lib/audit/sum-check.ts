/**
 * One comparison the arithmetic rules make over and over: a printed figure (a total) against the
 * sum of printed figures (its parts), judged with the table's rounding tolerance, turned into a
 * Finding with a message that says what was compared with what.
 */
import Decimal from 'decimal.js';
import type { Finding, Localized, Severity } from '../model/finding';
import type { Column, Row, Table } from '../model/table';
import { makeFinding, sumComputation } from './finding';
import { isBlankCell } from './hierarchy';
import { cellRef, operand, printedDecimals, valueAt, type Figure } from './table-utils';
import { severityOf, sumBound } from './tolerance';
import { differenceClause, unitWords } from './wording';

/** Decimals are immutable: one zero to start every sum from. */
const ZERO = new Decimal(0);

export type SumCheck = {
  rule: string;
  table: Table;
  /** the cell printing the total */
  row: Row;
  column: Column;
  /** further printed figures that make up the stated side (the same parent code printed twice) */
  alsoStated?: Figure[];
  /** the printed parts (blank parts left out) */
  parts: Figure[];
  quantum: Decimal;
  /** what the total is, e.g. {zh: '合计行「基本支出/小计」', en: 'the 合计 row, column “基本支出/小计”'} */
  subject: Localized;
  /** what the parts are, e.g. {zh: '各行', en: 'the rows'} */
  partsNoun: Localized;
  discriminator?: string;
};

export type SumOutcome =
  /** nothing to compare (total and parts blank, or the total cell is not a figure) */
  | { kind: 'skipped' }
  | { kind: 'equal' }
  | { kind: Severity; finding: Finding };

/**
 * Compare a printed total with the sum of its printed parts.
 * - equal → no finding; within sumBound(n, quantum) → 'rounding'; beyond → 'error';
 * - a total printed (non-zero) while every part is blank → 'warning' (omission);
 * - a total left blank while its parts add up to something → 'warning' (missing total);
 * - a total cell holding text (not a figure, not blank) → skipped.
 */
export function checkSum(input: SumCheck): SumOutcome {
  const { table, row, column, parts, quantum } = input;
  const stated = valueAt(row, column);
  const statedBlank = stated === null && isBlankCell(row, column);
  if (stated === null && !statedBlank) return { kind: 'skipped' };
  const also = input.alsoStated ?? [];
  const statedSum = also.length ? also.reduce((s, f) => s.plus(f.value), stated ?? ZERO) : (stated ?? ZERO);
  const expected = parts.reduce((s, f) => s.plus(f.value), ZERO);
  const bound = sumBound(parts.length + also.length, quantum);

  // most sums agree: decide first, and word a finding (labels, operands, terms) only when there is one
  let severity: Severity;
  let diff: Decimal | null = null;
  if (statedBlank && also.length === 0) {
    if (parts.length === 0 || expected.isZero()) return { kind: 'skipped' };
    severity = 'warning';
  } else if (parts.length === 0) {
    if (statedSum.isZero()) return { kind: 'equal' };
    severity = 'warning';
  } else {
    // equal sums (most of them) need no difference worked out
    if (statedSum.eq(expected)) return { kind: 'equal' };
    diff = statedSum.minus(expected);
    const s = severityOf(diff, bound);
    if (s === null) return { kind: 'equal' };
    severity = s;
  }

  const decimals = Math.max(2, printedDecimals(table));
  const fmt = (d: Decimal) => d.toFixed(decimals);
  const unit = table.unit;
  const { zh: unitZh, en: unitEn } = unitWords(unit);
  const target = cellRef(table, row, column);
  const statedFigures: Figure[] = stated === null ? also : [{ table, row, column, value: stated }, ...also];
  const operands = [...statedFigures, ...parts].map((f) => operand(f, decimals));
  const terms = parts.map((f) => f.value.toFixed(Math.max(decimals, f.row.cells[f.column.index]?.decimals ?? 0)));
  const statedText = also.length > 0 ? `${statedFigures.map((f) => fmt(f.value)).join(' + ')} = ${fmt(statedSum)}` : fmt(statedSum);
  const base = { rule: input.rule, unit, decimals, target, operands };
  const { subject: s, partsNoun: p } = input;

  if (statedBlank && also.length === 0) {
    const finding = makeFinding(
      {
        ...base,
        severity: 'warning',
        message: {
          zh: `${s.zh}为空，但${p.zh}相加为${fmt(expected)}${unitZh}（疑似漏填合计）`,
          en: `${s.en} is blank, but ${p.en} sum to ${fmt(expected)}${unitEn} (the total looks omitted).`,
        },
        stated: null,
        expected,
        tolerance: bound,
        computation: sumComputation('(blank)', terms, fmt(expected), false),
      },
      input.discriminator,
    );
    return { kind: 'warning', finding };
  }

  if (diff === null) {
    const finding = makeFinding(
      {
        ...base,
        severity: 'warning',
        message: {
          zh: `${s.zh}为${statedText}${unitZh}，但${p.zh}均为空（疑似漏填明细）`,
          en: `${s.en} is ${statedText}${unitEn}, but ${p.en} are all blank (the details look omitted).`,
        },
        stated: statedSum,
        expected: null,
        tolerance: bound,
        computation: `${statedText} ≠ (all parts blank)`,
      },
      input.discriminator,
    );
    return { kind: 'warning', finding };
  }

  const clause = differenceClause(diff, bound, severity, unit, decimals);
  const finding = makeFinding(
    {
      ...base,
      severity,
      message: {
        zh: `${s.zh}为${statedText}${unitZh}，${p.zh}相加为${fmt(expected)}${unitZh}，${clause.zh}`,
        en: `${s.en} is ${statedText}${unitEn}, but ${p.en} sum to ${fmt(expected)}: ${clause.en}.`,
      },
      stated: statedSum,
      expected,
      tolerance: bound,
      computation: sumComputation(statedText, terms, fmt(expected), false),
    },
    input.discriminator,
  );
  return { kind: severity, finding };
}

/** Tally of outcomes, for a Check's status and detail. */
export class SumTally {
  compared = 0;
  errors = 0;
  warnings = 0;
  rounding = 0;
  readonly findings: Finding[] = [];

  add(outcome: SumOutcome): void {
    if (outcome.kind === 'skipped') return;
    this.compared++;
    if (outcome.kind === 'equal') return;
    this.findings.push(outcome.finding);
    if (outcome.kind === 'error') this.errors++;
    else if (outcome.kind === 'warning') this.warnings++;
    else this.rounding++;
  }

  get status(): 'passed' | 'failed' {
    return this.errors > 0 ? 'failed' : 'passed';
  }

  detail(what: Localized): Localized {
    return {
      zh: `${what.zh}：比较${this.compared}处，错误${this.errors}处，疑似漏填${this.warnings}处，舍入差异${this.rounding}处`,
      en: `${what.en}: ${this.compared} comparisons, ${this.errors} errors, ${this.warnings} possible omissions, ${this.rounding} rounding differences`,
    };
  }
}
