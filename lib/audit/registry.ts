import type { Rule } from './rule';
import { rule as rowSum } from './rules/row-sum';
import { rule as totalRow } from './rules/total-row';
import { rule as columnSum } from './rules/column-sum';
import { rule as balance } from './rules/balance';
import { rule as crossTable } from './rules/cross-table';
import { rule as codeName } from './rules/code-name';
import { rule as completeness } from './rules/completeness';

/** Every rule the engine runs, in the order their findings are reported. */
export const RULES: readonly Rule[] = [rowSum, totalRow, columnSum, balance, crossTable, codeName, completeness];
