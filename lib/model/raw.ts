import { z } from 'zod';

/**
 * What every source (an HTML <table>, a PDF page region, a DOCX table, an XLSX sheet) is reduced
 * to before extraction: a rectangular grid plus the text printed around it.
 */
export const RawCellSchema = z.object({
  text: z.string(),
  /** row/column of the cell that covers this slot (itself unless inside a rowspan/colspan) */
  originRow: z.number().int().min(0),
  originCol: z.number().int().min(0),
  /** a header cell (<th>) in sources that mark them */
  header: z.boolean(),
});
export type RawCell = z.infer<typeof RawCellSchema>;

export const RawTableSchema = z.object({
  /** ordinal of the source part (e.g. the n-th <table> of the page) */
  part: z.number().int().min(0),
  grid: z.array(z.array(RawCellSchema)),
  /** text lines printed above the table, nearest last (title, 单位：万元 …) */
  before: z.array(z.string()),
  /** text lines printed right below the table, nearest first (注：…) */
  after: z.array(z.string()),
  caption: z.string().nullable(),
});
export type RawTable = z.infer<typeof RawTableSchema>;

/** A source reduced to what extraction needs: its tables and its prose, in reading order. */
export const RawSourceSchema = z.object({
  source: z.string(),
  title: z.string().nullable(),
  tables: z.array(RawTableSchema),
  paragraphs: z.array(z.string()),
});
export type RawSource = z.infer<typeof RawSourceSchema>;
