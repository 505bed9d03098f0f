import { z } from 'zod';
import { UnitSchema } from './amount';

export const SEVERITIES = ['error', 'warning', 'rounding'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** A cell of an extracted table: stable across re-extraction of the same source. */
export const CellRefSchema = z.object({
  type: z.literal('cell'),
  table: z.string(),
  row: z.number().int().min(0),
  column: z.number().int().min(0),
});
export type CellRef = z.infer<typeof CellRefSchema>;

/** A span of prose: paragraph index and character offsets in its text. */
export const TextRefSchema = z.object({
  type: z.literal('text'),
  paragraph: z.number().int().min(0),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});
export type TextRef = z.infer<typeof TextRefSchema>;

/** A whole table (completeness findings point at a table or at nothing). */
export const TableRefSchema = z.object({ type: z.literal('table'), table: z.string() });
export type TableRef = z.infer<typeof TableRefSchema>;

export const RefSchema = z.discriminatedUnion('type', [CellRefSchema, TextRefSchema, TableRefSchema]);
export type Ref = z.infer<typeof RefSchema>;

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);

/** One summed or compared figure, with what it is (row and column labels) and its printed value. */
export const OperandSchema = z.object({
  ref: RefSchema,
  label: z.string(),
  value: decimalString,
});
export type Operand = z.infer<typeof OperandSchema>;

export const LocalizedSchema = z.object({ zh: z.string(), en: z.string() });
export type Localized = z.infer<typeof LocalizedSchema>;

/**
 * What a rule found. Amounts travel as decimal strings so a finding can cross any boundary
 * (messages, storage, JSON export) without floats.
 */
export const FindingSchema = z.object({
  /** stable id: rule + target, so the same problem keeps its id across re-audits */
  id: z.string(),
  rule: z.string(),
  severity: SeveritySchema,
  message: LocalizedSchema,
  /** the figure as printed where the problem is */
  stated: decimalString.nullable(),
  /** what the other figures say it should be */
  expected: decimalString.nullable(),
  /** stated − expected */
  difference: decimalString.nullable(),
  /** the largest difference rounding can explain, in the table's unit */
  tolerance: decimalString.nullable(),
  unit: UnitSchema.nullable(),
  /** where the problem is shown */
  target: RefSchema.nullable(),
  /** the figures that were summed or compared */
  operands: z.array(OperandSchema),
  /** the computation in one line, e.g. "2082.70 ≠ 5.00 + 2.30 + … = 2082.63" */
  computation: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** Whether a check ran: a check that could not run is reported as such, never as passed. */
export const CheckSchema = z.object({
  rule: z.string(),
  status: z.enum(['passed', 'failed', 'not-run']),
  subject: z.string(),
  detail: LocalizedSchema,
});
export type Check = z.infer<typeof CheckSchema>;

export const AuditReportSchema = z.object({
  findings: z.array(FindingSchema),
  checks: z.array(CheckSchema),
});
export type AuditReport = z.infer<typeof AuditReportSchema>;
