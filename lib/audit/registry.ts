import type { Rule } from './rule';
import { rule as rowSum } from './rules/row-sum';
import { rule as totalRow } from './rules/total-row';
import { rule as columnSum } from './rules/column-sum';
import { rule as balance } from './rules/balance';
import { rule as crossTable } from './rules/cross-table';
import { rule as performance } from './rules/performance';
import { rule as codeName } from './rules/code-name';
import { rule as completeness } from './rules/completeness';
import { rule as narrativeAmount } from './rules/narrative.amount';
import { rule as narrativeShare } from './rules/narrative.share';
import { rule as narrativeChange } from './rules/narrative.change';
import { rule as narrativeParts } from './rules/narrative.parts';
import { rule as narrativeConsistency } from './rules/narrative.consistency';
import { rule as narrativeYear } from './rules/narrative.year';

/** Every rule the engine runs, in the order their findings are reported. */
export const RULES: readonly Rule[] = [
  rowSum,
  totalRow,
  columnSum,
  balance,
  crossTable,
  performance,
  codeName,
  completeness,
  narrativeAmount,
  narrativeShare,
  narrativeChange,
  narrativeParts,
  narrativeConsistency,
  narrativeYear,
];
