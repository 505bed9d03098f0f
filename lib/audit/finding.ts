import Decimal from 'decimal.js';
import type { Check, Finding, Localized, Operand, Ref, Severity } from '../model/finding';
import type { Unit } from '../model/amount';

export type FindingInput = {
  rule: string;
  severity: Severity;
  message: Localized;
  stated: Decimal | null;
  expected: Decimal | null;
  tolerance: Decimal | null;
  decimals: number;
  unit: Unit | null;
  target: Ref | null;
  operands: Operand[];
  computation: string;
};

const refKey = (r: Ref | null): string =>
  r === null ? 'doc' : r.type === 'cell' ? `${r.table}:${r.row}:${r.column}` : r.type === 'text' ? `p${r.paragraph}:${r.start}-${r.end}` : r.table;

/** Build a finding: amounts to fixed decimal strings, the difference computed, a stable id. */
export function makeFinding(input: FindingInput, discriminator = ''): Finding {
  const fmt = (d: Decimal | null) => (d === null ? null : d.toFixed(input.decimals));
  const difference = input.stated !== null && input.expected !== null ? input.stated.minus(input.expected) : null;
  return {
    id: `${input.rule}@${refKey(input.target)}${discriminator ? `#${discriminator}` : ''}`,
    rule: input.rule,
    severity: input.severity,
    message: input.message,
    stated: fmt(input.stated),
    expected: fmt(input.expected),
    difference: fmt(difference),
    tolerance: input.tolerance === null ? null : input.tolerance.toFixed(Math.max(input.decimals, input.tolerance.decimalPlaces())),
    unit: input.unit,
    target: input.target,
    operands: input.operands,
    computation: input.computation,
  };
}

/** "2082.70 ≠ 5.00 + 2.30 + … = 2082.63" — at most `max` terms shown, the rest elided. */
export function sumComputation(stated: string, terms: readonly string[], expected: string, equal: boolean, max = 12): string {
  const shown = terms.length > max ? [...terms.slice(0, max - 1), '…', terms[terms.length - 1]!] : terms;
  return `${stated} ${equal ? '=' : '≠'} ${shown.join(' + ') || '0'} = ${expected}`;
}

/** A check's status from how many comparisons it made and how many of them failed. */
export const checkStatus = (compared: number, failed: number): Check['status'] => (compared === 0 ? 'not-run' : failed > 0 ? 'failed' : 'passed');
