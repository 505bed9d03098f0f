import { z } from 'zod';
import { PageReportSchema, TableSummarySchema, type PageReport } from '../messages';
import { CheckSchema, FindingSchema, type Finding, type Ref } from '../model/finding';
import { countBySeverity, findingHead } from './audited';
import { csvText } from './csv';
import { REPORT_TITLE, countsMarkdown, findingMarkdown, mdEscape } from './markdown';

/**
 * Exports of one audited page, made from the report the content script sent (the popup has no
 * access to the page's extracted tables, only to this report): Markdown to cite, CSV for a
 * spreadsheet, JSON for programs (the command line's shape, plus the page fields, lossless).
 */

/** Where a finding of a page points: the table and, for a cell, its row and column in words. */
export type PageLocation = { table: string | null; tableTitle: string | null; cell: string | null; paragraph: number | null };

const sameRef = (a: Ref, b: Ref): boolean => JSON.stringify(a) === JSON.stringify(b);

export function locateInPage(report: PageReport, finding: Finding): PageLocation {
  const ref = finding.target;
  if (!ref) return { table: null, tableTitle: null, cell: null, paragraph: null };
  if (ref.type === 'text') return { table: null, tableTitle: null, cell: null, paragraph: ref.paragraph + 1 };
  const tableTitle = report.tables.find((t) => t.id === ref.table)?.title ?? null;
  if (ref.type === 'table') return { table: ref.table, tableTitle, cell: null, paragraph: null };
  // the target cell is one of the compared figures: its label names the row and the column
  let cell = finding.operands.find((o) => sameRef(o.ref, ref))?.label ?? null;
  if (cell !== null && tableTitle && cell.startsWith(`${tableTitle} · `)) cell = cell.slice(tableTitle.length + 3);
  return { table: ref.table, tableTitle, cell, paragraph: null };
}

/** The place in one line, for the report's headings. */
export function pageWhere(location: PageLocation): string {
  if (location.paragraph !== null) return `正文第 ${location.paragraph} 段 paragraph ${location.paragraph}`;
  return [location.tableTitle ?? location.table, location.cell].filter(Boolean).join(' · ');
}

/** The page address in Markdown: an autolink, with the characters that would end it encoded. */
const mdUrl = (url: string): string => `<${url.replace(/[\s<>]/g, (c) => encodeURIComponent(c))}>`;

/** A citable Markdown report of one page: title, URL, audit time, tables, then every finding with its computation and figures. */
export function pageReportToMarkdown(report: PageReport, meta: { generatedAt?: string } = {}): string {
  const out: string[] = [`# ${REPORT_TITLE}`, ''];
  out.push(`## ${mdEscape(report.pageTitle || report.url)}`, '');
  if (report.pageTitle) out.push(`- 网页标题 Page title: ${mdEscape(report.pageTitle)}`);
  out.push(`- 网址 URL: ${mdUrl(report.url)}`);
  out.push(`- 审核时间 Audited at: ${report.auditedAt}`);
  if (meta.generatedAt) out.push(`- 生成时间 Generated: ${meta.generatedAt}`);
  if (report.department) out.push(`- 部门 Department: ${mdEscape(report.department)}`);
  if (report.year !== null) out.push(`- 年度 Year: ${report.year}`);
  if (report.unit) out.push(`- 金额单位 Unit: ${report.unit}`);
  out.push(countsMarkdown(report.tables.length, report.findings), '');
  if (report.status === 'failed') {
    out.push(`审核失败 Audit failed: ${mdEscape(report.error ?? '')}`, '');
    return out.join('\n');
  }
  if (report.status === 'no-tables' || report.tables.length === 0) {
    out.push('未发现预算表格。 No budget tables found.', '');
    return out.join('\n');
  }
  out.push('表格 Tables:', '');
  for (const t of report.tables) {
    const unit = t.unit ? `${t.unit}；` : '';
    out.push(`- ${t.id} ${mdEscape(t.title ?? '')}（${unit}${t.rows} 行 rows × ${t.columns} 列 columns）`);
  }
  out.push('');
  if (!report.findings.length) {
    out.push('未发现问题。 No problems found.', '');
    return out.join('\n');
  }
  report.findings.forEach((f, i) => out.push(...findingMarkdown(f, i + 1, pageWhere(locateInPage(report, f)))));
  return out.join('\n');
}

const CSV_HEADER = ['url', 'page_title', 'audited_at', 'id', 'rule', 'severity', 'table', 'table_title', 'cell', 'paragraph', 'stated', 'expected', 'difference', 'tolerance', 'unit', 'message_zh', 'message_en', 'computation', 'operands'];

/** One RFC 4180 record per finding (UTF-8 with BOM); the compared figures one per line in the last field. */
export function pageReportToCsv(report: PageReport): string {
  return csvText(
    CSV_HEADER,
    report.findings.map((f) => {
      const at = locateInPage(report, f);
      return [
        report.url,
        report.pageTitle,
        report.auditedAt,
        f.id,
        f.rule,
        f.severity,
        at.table,
        at.tableTitle,
        at.cell,
        at.paragraph,
        f.stated,
        f.expected,
        f.difference,
        f.tolerance,
        f.unit,
        f.message.zh,
        f.message.en,
        f.computation,
        f.operands.map((o) => `${o.label} = ${o.value}`).join('\n'),
      ];
    }),
  );
}

/** A finding in the JSON export: the command line's fields, plus the target and operand references. */
const JsonFindingSchema = FindingSchema.omit({ message: true }).extend({
  message: z.string(),
  messageEn: z.string(),
  table: z.string().nullable(),
  tableTitle: z.string().nullable(),
  row: z.string().nullable(),
  column: z.string().nullable(),
  text: z.string().nullable(),
  cell: z.string().nullable(),
});
type JsonFinding = z.infer<typeof JsonFindingSchema>;

/** The page document of the JSON export: the command line's document, plus the page fields. */
export const PageJsonSchema = z.object({
  documents: z.array(
    z.object({
      source: z.string(),
      url: z.string(),
      pageTitle: z.string(),
      auditedAt: z.string(),
      status: PageReportSchema.shape.status,
      error: z.string().nullable(),
      department: z.string().nullable(),
      year: z.number().int().nullable(),
      unit: PageReportSchema.shape.unit,
      summary: z.object({ tables: z.number().int(), error: z.number().int(), warning: z.number().int(), rounding: z.number().int() }),
      tables: z.array(TableSummarySchema),
      findings: z.array(JsonFindingSchema),
      checks: z.array(CheckSchema),
      skipped: PageReportSchema.shape.skipped,
    }),
  ),
});
export type PageJson = z.infer<typeof PageJsonSchema>;

export function pageReportToJson(report: PageReport): string {
  const json: PageJson = {
    documents: [
      {
        source: report.url,
        url: report.url,
        pageTitle: report.pageTitle,
        auditedAt: report.auditedAt,
        status: report.status,
        error: report.error,
        department: report.department,
        year: report.year,
        unit: report.unit,
        summary: { tables: report.tables.length, ...countBySeverity(report.findings) },
        tables: report.tables,
        findings: report.findings.map((f): JsonFinding => {
          const at = locateInPage(report, f);
          return {
            ...findingHead(f, at),
            row: null,
            column: null,
            text: null,
            cell: at.cell,
            target: f.target,
            computation: f.computation,
            operands: f.operands,
          };
        }),
        checks: report.checks,
        skipped: report.skipped,
      },
    ],
  };
  return JSON.stringify(json, null, 2);
}

/** Read a page JSON export back into the report it was made from (null when it is not one). */
export function parsePageJson(text: string): PageReport | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = PageJsonSchema.safeParse(raw);
  const doc = parsed.success ? parsed.data.documents[0] : undefined;
  if (!doc) return null;
  const report = PageReportSchema.safeParse({
    url: doc.url,
    pageTitle: doc.pageTitle,
    department: doc.department,
    year: doc.year,
    unit: doc.unit,
    tables: doc.tables,
    findings: doc.findings.map((f) => ({
      id: f.id,
      rule: f.rule,
      severity: f.severity,
      message: { zh: f.message, en: f.messageEn },
      stated: f.stated,
      expected: f.expected,
      difference: f.difference,
      tolerance: f.tolerance,
      unit: f.unit,
      target: f.target,
      operands: f.operands,
      computation: f.computation,
    })),
    checks: doc.checks,
    skipped: doc.skipped,
    auditedAt: doc.auditedAt,
    status: doc.status,
    error: doc.error,
  });
  return report.success ? report.data : null;
}

export type ExportFormat = 'md' | 'csv' | 'json';

export const EXPORT_TYPES: Readonly<Record<ExportFormat, string>> = {
  md: 'text/markdown;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
  json: 'application/json;charset=utf-8',
};

export function exportPageReport(report: PageReport, format: ExportFormat, meta: { generatedAt?: string } = {}): string {
  if (format === 'md') return pageReportToMarkdown(report, meta);
  if (format === 'csv') return pageReportToCsv(report);
  return pageReportToJson(report);
}

/** budget-lens-<host>-<audit date>.<ext>: only characters every file system accepts. */
export function exportFileName(report: PageReport, format: ExportFormat): string {
  let host = '';
  try {
    host = new URL(report.url).hostname;
  } catch {
    host = '';
  }
  const safeHost = host.replace(/[^a-z0-9.-]+/gi, '-').replace(/^-+|-+$/g, '') || 'page';
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(report.auditedAt) ? report.auditedAt.slice(0, 16).replace('T', '-').replace(':', '') : 'report';
  return `budget-lens-${safeHost}-${date}.${format}`;
}
