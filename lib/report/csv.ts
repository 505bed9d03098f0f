import { locate, type AuditedDocument } from './audited';

const HEADER = ['source', 'rule', 'severity', 'table', 'table_title', 'row', 'column', 'text', 'stated', 'expected', 'difference', 'tolerance', 'unit', 'message_zh', 'message_en', 'computation'];

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
function field(value: string | null): string {
  let s = value ?? '';
  if (/^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line per finding, UTF-8 with a BOM so spreadsheet programs read the Chinese right. */
export function toCsv(docs: readonly AuditedDocument[]): string {
  const lines = [HEADER.join(',')];
  for (const { source, doc, audit } of docs) {
    for (const f of audit.findings) {
      const at = locate(doc, f.target);
      lines.push(
        [source, f.rule, f.severity, at.table, at.tableTitle, at.row, at.column, at.text, f.stated, f.expected, f.difference, f.tolerance, f.unit, f.message.zh, f.message.en, f.computation]
          .map(field)
          .join(','),
      );
    }
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
