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

export type TableOutcome = { findings: Finding[]; check: Check | null };

/**
 * Run a per-table check over every table of the document except the kinds it skips; a table
 * that makes the check throw becomes a 'not-run' check with the reason, never a crash.
 */
export function runPerTable(
  ctx: RuleContext,
  opts: { rule: string; subject: string; skip: ReadonlySet<string> },
  check: (table: BudgetDocument['tables'][number], ctx: RuleContext) => TableOutcome,
): RuleResult {
  const findings: Finding[] = [];
  const checks: Check[] = [];
  for (const table of ctx.doc.tables) {
    if (opts.skip.has(table.kind)) continue;
    try {
      const outcome = check(table, ctx);
      findings.push(...outcome.findings);
      if (outcome.check) checks.push(outcome.check);
    } catch (e) {
      checks.push({
        rule: opts.rule,
        status: 'not-run',
        subject: `${table.id} ${opts.subject}`,
        detail: { zh: `无法核对：${String(e)}`, en: `could not be checked: ${String(e)}` },
      });
    }
  }
  return { findings, checks };
}
