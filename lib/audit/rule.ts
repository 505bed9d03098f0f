import type { BudgetDocument } from '../model/document';
import type { Check, Finding, Localized } from '../model/finding';
import type { TolerancePolicy } from './tolerance';

export type AuditOptions = { tolerance: TolerancePolicy };
export const DEFAULT_AUDIT_OPTIONS: AuditOptions = { tolerance: 'standard' };

export type RuleContext = { doc: BudgetDocument; options: AuditOptions };
export type RuleResult = { findings: Finding[]; checks: Check[] };

/** One audit rule: a stable id (= its file name), what it checks, and the check itself. */
export type Rule = {
  id: string;
  title: Localized;
  description: Localized;
  run(ctx: RuleContext): RuleResult;
};
