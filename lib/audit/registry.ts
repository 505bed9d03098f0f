import type { Rule } from './rule';

/** Every rule the engine runs, in the order their findings are reported. */
export const RULES: readonly Rule[] = [];
