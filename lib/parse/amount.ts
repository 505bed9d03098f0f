import Decimal from 'decimal.js';
import { cachedReading } from './cache';
import { stripSpace, toHalfWidth } from './text';
import type { Unit } from '../model/units';

export type ParsedAmount =
  /** a printed number: exact value and the decimals printed (and the money unit printed after it, if any) */
  | { kind: 'amount'; value: Decimal; decimals: number; unit: Unit | null }
  /** nothing printed, or a dash meaning "no value" (not the same as 0.00) */
  | { kind: 'blank' }
  /** something else: a label, a code, a percentage */
  | { kind: 'text' };

/**
 * Printed "no value" marks (after whitespace removal and half-width folding): nothing, a run of
 * dashes ("-", "--", "—", "——", "－－" …), a slash, an ellipsis.
 */
const BLANK = /^(?:|[-‐‑‒–—―⁃]+|\/|…+|\.{3,})$/u;
const PLAIN = /^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;

const normalised = (printed: string): string => toHalfWidth(stripSpace(printed)).replace(/\u2212/g, '-');

/** parseAmount(printed).kind === 'blank', without building a value (rules ask it of many cells). */
export function isBlankAmount(printed: string): boolean {
  return shapeOf(printed).kind === 'blank';
}

type Shape =
  | { kind: 'amount'; digits: string; negative: boolean; decimals: number; unit: Unit | null; value: Decimal | null; outline: AmountOutline }
  | { kind: 'blank'; outline: AmountOutline }
  | { kind: 'text'; outline: AmountOutline };

/** What amountShape tells (shared: never changed by callers). */
export type AmountOutline = Readonly<{ kind: ParsedAmount['kind']; decimals: number }>;

const BLANK_SHAPE: Shape = { kind: 'blank', outline: Object.freeze({ kind: 'blank', decimals: 0 }) };
const TEXT_SHAPE: Shape = { kind: 'text', outline: Object.freeze({ kind: 'text', decimals: 0 }) };

/** A money unit printed after the figure, in the cell ("5.00万元"). */
const UNIT_SUFFIX = /^(.+?)(亿元|万元|千元|元)$/;

function readShape(printed: string): Shape {
  let s = normalised(printed);
  if (BLANK.test(s)) return BLANK_SHAPE;
  const suffixed = UNIT_SUFFIX.exec(s);
  const unit = suffixed ? (suffixed[2] as Unit) : null;
  if (suffixed) s = suffixed[1]!;
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren?.[1] !== undefined) {
    negative = true;
    s = paren[1];
  }
  if (!PLAIN.test(s)) return TEXT_SHAPE;
  if (negative && /^[+-]/.test(s)) return TEXT_SHAPE;
  const digits = s.replace(/,/g, '');
  const dot = digits.indexOf('.');
  const decimals = dot < 0 ? 0 : digits.length - dot - 1;
  return { kind: 'amount', digits, negative, decimals, unit, value: null, outline: Object.freeze({ kind: 'amount', decimals }) };
}

/**
 * Extraction looks at every cell several times (column roles, 栏次 rows, then the value), and a
 * page prints the same figures in several tables: while string caches are on, what a string
 * reads as is remembered, value included (Decimals are immutable, so cells may share one).
 */
const shapeOf = cachedReading(readShape, 20_000, 64);

/**
 * parseAmount without the value: the kind and the decimals printed (for classifying columns and
 * rows by what their cells print).
 */
export function amountShape(printed: string): AmountOutline {
  return shapeOf(printed).outline;
}

/**
 * Parse an amount as printed in a budget table.
 * Handles thousands separators (131,792.35), stray spaces (2230. 80), full-width digits and
 * brackets, negatives as -1.00, −1.00 or (1.00) / （1.00）, blanks ("", -, —, U+3000), and a money
 * unit printed after the figure (5.00万元: `unit`, which the caller checks against the table's).
 */
export function parseAmount(printed: string): ParsedAmount {
  const shape = shapeOf(printed);
  if (shape.kind === 'blank') return { kind: 'blank' };
  if (shape.kind === 'text') return { kind: 'text' };
  if (shape.value === null) {
    let value = new Decimal(shape.digits);
    if (shape.negative) value = value.negated();
    // "-0.00" and "(0.00)" are zero: never let a negative zero reach sums or formatted output
    if (value.isZero()) value = new Decimal(0);
    shape.value = value;
  }
  return { kind: 'amount', value: shape.value, decimals: shape.decimals, unit: shape.unit };
}

/**
 * Parse a percentage such as 92.97%, －3.5％, ０．５１％, or 占0% (a share printed with its verb,
 * "占" = "accounts for": 占0% is the percentage 0). Returns the number before the % sign; any
 * other prefix or suffix ("占比92.97%", "6.64%以上") is not a percentage cell and gives null.
 */
export function parsePercent(printed: string): { value: Decimal; decimals: number } | null {
  const s = toHalfWidth(stripSpace(printed)).replace(/\u2212/g, '-');
  const m = /^占?([+-]?\d+(?:\.\d+)?)%$/.exec(s);
  if (!m?.[1]) return null;
  const dot = m[1].indexOf('.');
  const value = new Decimal(m[1]);
  return { value: value.isZero() ? new Decimal(0) : value, decimals: dot < 0 ? 0 : m[1].length - dot - 1 };
}

/** Format a Decimal with a fixed number of decimals, as tables print it. */
export function formatAmount(value: Decimal, decimals = 2): string {
  return value.toFixed(decimals);
}
