import type { BudgetDocument } from '../model/document';
import type { AuditReport, Finding, Ref } from '../model/finding';
import type { Table } from '../model/table';
import { columnLabel, rowLabel, rowLabelAt } from '../audit/table-utils';

/** One audited source, as every export format sees it. */
export type AuditedDocument = { source: string; doc: BudgetDocument; audit: AuditReport };

/** Where a finding points, in words a reader can find on the page. */
export type Location = { table: string | null; tableTitle: string | null; row: string | null; column: string | null; text: string | null };

const EXCERPT = 80;

export function locate(doc: BudgetDocument, ref: Ref | null): Location {
  if (!ref) return { table: null, tableTitle: null, row: null, column: null, text: null };
  if (ref.type === 'text') {
    const p = doc.paragraphs[ref.paragraph];
    const text = p ? p.text.slice(Math.max(0, ref.start - 10), Math.min(p.text.length, ref.end + 10)).slice(0, EXCERPT) : null;
    return { table: null, tableTitle: null, row: null, column: null, text };
  }
  const table: Table | undefined = doc.tables.find((t) => t.id === ref.table);
  if (ref.type === 'table') return { table: ref.table, tableTitle: table?.title ?? null, row: null, column: null, text: null };
  const row = table?.rows[ref.row];
  const column = table?.columns[ref.column];
  return {
    table: ref.table,
    tableTitle: table?.title ?? null,
    row: row ? (column ? rowLabelAt(table!, row, column) : rowLabel(row)) : null,
    column: column ? columnLabel(column) : null,
    text: null,
  };
}

export const countBySeverity = (findings: readonly Finding[]) => ({
  error: findings.filter((f) => f.severity === 'error').length,
  warning: findings.filter((f) => f.severity === 'warning').length,
  rounding: findings.filter((f) => f.severity === 'rounding').length,
});

/**
 * The fields every JSON export writes first for a finding (the command line's and the popup's):
 * what was compared, in the order a reader scans them, then where it is. Each export adds its own
 * location fields, the computation and the operands after these.
 */
export const findingHead = (f: Finding, at: { table: string | null; tableTitle: string | null }) => ({
  id: f.id,
  rule: f.rule,
  severity: f.severity,
  message: f.message.zh,
  messageEn: f.message.en,
  stated: f.stated,
  expected: f.expected,
  difference: f.difference,
  tolerance: f.tolerance,
  unit: f.unit,
  table: at.table,
  tableTitle: at.tableTitle,
});
