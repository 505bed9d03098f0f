import Decimal from 'decimal.js';
import type { Severity } from '../model/finding';
import type { Table } from '../model/table';
import { memo } from './memo';

/**
 * standard: infer the rounding quantum from the data (a table whose every figure ends in 0 was
 *           rounded to 0.1 even though it prints two decimals);
 * strict:   the quantum is what the figures print (0.01 for two decimals), nothing coarser.
 */
export type TolerancePolicy = 'standard' | 'strict';

/** Below this many non-zero figures a table says too little to infer a coarser quantum. */
const MIN_FIGURES_FOR_COARSE = 4;

/**
 * The rounding quantum of a table's printed figures, in the table's unit: 10^-decimals for the
 * most decimals printed, or ten times that when (standard policy) every non-zero figure ends in 0.
 */
export function tableQuantum(table: Table, policy: TolerancePolicy): Decimal {
  // every sum a rule bounds asks again: scan the table once per audit
  return policy === 'strict' ? memo('quantum-strict', table, strictQuantum) : memo('quantum-standard', table, standardQuantum);
}

const strictQuantum = (table: Table): Decimal => computeQuantum(table, 'strict');
const standardQuantum = (table: Table): Decimal => computeQuantum(table, 'standard');

function computeQuantum(table: Table, policy: TolerancePolicy): Decimal {
  let decimals = 0;
  const values: Array<{ value: Decimal; decimals: number }> = [];
  for (const row of table.rows) {
    for (const cell of row.cells) {
      if (cell.value === null) continue;
      decimals = Math.max(decimals, cell.decimals);
      if (!cell.value.isZero()) values.push({ value: cell.value, decimals: cell.decimals });
    }
  }
  const quantum = new Decimal(10).pow(-decimals);
  if (policy === 'strict' || decimals === 0 || values.length < MIN_FIGURES_FOR_COARSE) return quantum;
  const coarse = quantum.times(10);
  return values.every((v) => v.value.mod(coarse).isZero()) ? coarse : quantum;
}

/** The largest difference rounding can explain between a printed total and the sum of n printed figures. */
export function sumBound(n: number, quantum: Decimal): Decimal {
  // the same few quanta (one per table) bound thousands of sums of a few sizes each
  let byCount = BOUNDS.get(quantum);
  if (!byCount) BOUNDS.set(quantum, (byCount = new Map()));
  let bound = byCount.get(n);
  if (bound === undefined) byCount.set(n, (bound = quantum.times(n + 1).div(2)));
  return bound;
}

/** sumBound's results per quantum object (Decimals are immutable, so a result never goes stale). */
const BOUNDS = new WeakMap<Decimal, Map<number, Decimal>>();

/** No finding when equal; a rounding note inside the bound; an error beyond it. */
export function severityOf(difference: Decimal, bound: Decimal): Severity | null {
  if (difference.isZero()) return null;
  return difference.abs().lte(bound) ? 'rounding' : 'error';
}
