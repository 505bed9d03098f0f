import { z } from 'zod';
import { UnitSchema } from './amount';
import { TableSchema } from './table';
import { ClaimSchema, YearMentionSchema } from './claim';

export const ParagraphSchema = z.object({
  index: z.number().int().min(0),
  text: z.string(),
});
export type Paragraph = z.infer<typeof ParagraphSchema>;

/** A raw table skipped during extraction, and why: never silently dropped. */
export const SkippedTableSchema = z.object({
  part: z.number().int().min(0),
  reason: z.string(),
});
export type SkippedTable = z.infer<typeof SkippedTableSchema>;

export const BudgetDocumentSchema = z.object({
  source: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  year: z.number().int().min(1990).max(2100).nullable(),
  /** the unit most tables print; tables keep their own */
  unit: UnitSchema.nullable(),
  tables: z.array(TableSchema),
  paragraphs: z.array(ParagraphSchema),
  /** numeric claims of the prose (amounts, shares, changes, enumerations, reasons) */
  claims: z.array(ClaimSchema),
  /** years the prose and notes name, with their role (for the narrative.year rule) */
  years: z.array(YearMentionSchema),
  skipped: z.array(SkippedTableSchema),
});
export type BudgetDocument = z.infer<typeof BudgetDocumentSchema>;
