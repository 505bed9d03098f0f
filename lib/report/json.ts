import { countBySeverity, findingHead, locate, type AuditedDocument } from './audited';

/**
 * The command line's JSON: {"documents":[{"source","tables":[…],"findings":[…]}]}; amounts are
 * decimal strings exactly as compared. Documented in README.md.
 */
export function toJson(docs: readonly AuditedDocument[]): string {
  return JSON.stringify(
    {
      documents: docs.map(({ source, doc, audit }) => ({
        source,
        department: doc.department,
        year: doc.year,
        unit: doc.unit,
        summary: { tables: doc.tables.length, ...countBySeverity(audit.findings) },
        tables: doc.tables.map((t) => ({ id: t.id, kind: t.kind, title: t.title, unit: t.unit, rows: t.rows.length, columns: t.columns.length })),
        findings: audit.findings.map((f) => {
          const at = locate(doc, f.target);
          return {
            ...findingHead(f, at),
            row: at.row,
            column: at.column,
            text: at.text,
            computation: f.computation,
            operands: f.operands.map((o) => ({ label: o.label, value: o.value })),
          };
        }),
        checks: audit.checks,
        skipped: doc.skipped,
      })),
    },
    null,
    2,
  );
}
