import { locate, type AuditedDocument } from './audited';

const HEADER = ['source', 'rule', 'severity', 'table', 'table_title', 'row', 'column', 'text', 'stated', 'expected', 'difference', 'tolerance', 'unit', 'message_zh', 'message_en', 'computation'];

/** A plain decimal number: left as it is even when it starts with a minus sign. */
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One RFC 4180 field: quoted when it holds a comma, a quote or a line break (quotes doubled). A
 * value a spreadsheet would run as a formula (leading = + - @, tab or carriage return) gets a
 * leading apostrophe, unless it is a plain number such as -0.70.
 */
export function csvField(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Records → CSV text: CRLF line ends, a final CRLF, UTF-8 BOM so spreadsheet programs read the Chinese right. */
export function csvText(header: readonly string[], records: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const lines = [header.map(csvField).join(','), ...records.map((r) => r.map(csvField).join(','))];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** One line per finding, UTF-8 with a BOM so spreadsheet programs read the Chinese right. */
export function toCsv(docs: readonly AuditedDocument[]): string {
  const records: Array<Array<string | null>> = [];
  for (const { source, doc, audit } of docs) {
    for (const f of audit.findings) {
      const at = locate(doc, f.target);
      records.push([source, f.rule, f.severity, at.table, at.tableTitle, at.row, at.column, at.text, f.stated, f.expected, f.difference, f.tolerance, f.unit, f.message.zh, f.message.en, f.computation]);
    }
  }
  return csvText(HEADER, records);
}
