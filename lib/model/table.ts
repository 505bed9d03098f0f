import { z } from 'zod';
import { DecimalSchema, UnitSchema } from './amount';

export const TABLE_KINDS = [
  'income-expense-summary',
  'income',
  'expense',
  'fiscal-summary',
  'general-expense',
  'general-basic',
  'three-public',
  'gov-fund',
  'state-capital',
  'project',
  'performance',
  'economic-summary',
  'other',
] as const;
export const TableKindSchema = z.enum(TABLE_KINDS);
export type TableKind = z.infer<typeof TableKindSchema>;

/** One printed cell: the text as printed (whitespace collapsed) and, for numbers, the exact value. */
export const CellSchema = z.object({
  text: z.string(),
  value: DecimalSchema.nullable(),
  /** decimals printed (2 for "18.50"): the rounding quantum of the printed figure */
  decimals: z.number().int().min(0),
});
export type Cell = z.infer<typeof CellSchema>;

export type HeaderNode = {
  label: string;
  /** first leaf column covered */
  start: number;
  /** one past the last leaf column covered */
  end: number;
  children: HeaderNode[];
};
export const HeaderNodeSchema: z.ZodType<HeaderNode> = z.lazy(() =>
  z.object({
    label: z.string(),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    children: z.array(HeaderNodeSchema),
  }),
);

/** quantity: numbers that are not money to add up (数量, 单价, 面积, 人数) */
export const COLUMN_ROLES = ['index', 'code', 'code-part', 'unit-code', 'name', 'amount', 'quantity', 'percent', 'text'] as const;
export const ColumnRoleSchema = z.enum(COLUMN_ROLES);
export type ColumnRole = z.infer<typeof ColumnRoleSchema>;

export const ColumnSchema = z.object({
  index: z.number().int().min(0),
  /** labels from the top header row down to this leaf */
  path: z.array(z.string()),
  role: ColumnRoleSchema,
  /** which side of a two-sided summary table the column belongs to */
  side: z.enum(['income', 'expense']).nullable(),
  /** for code-part columns: 类 / 款 / 项 */
  codePart: z.enum(['class', 'section', 'item']).nullable(),
});
export type Column = z.infer<typeof ColumnSchema>;

export const CODE_SCHEMES = ['function', 'economic-department', 'economic-government'] as const;
export const CodeSchemeSchema = z.enum(CODE_SCHEMES);
export type CodeScheme = z.infer<typeof CodeSchemeSchema>;

export const ROW_ROLES = ['data', 'total', 'subtotal', 'unit'] as const;
export const RowRoleSchema = z.enum(ROW_ROLES);
export type RowRole = z.infer<typeof RowRoleSchema>;

export const RowSchema = z.object({
  index: z.number().int().min(0),
  code: z.string().nullable(),
  codeScheme: CodeSchemeSchema.nullable(),
  name: z.string(),
  /** 1 = 类 / 3-digit economic class, 2 = 款 / 5-digit, 3 = 项 */
  level: z.number().int().min(1).max(3).nullable(),
  role: RowRoleSchema,
  cells: z.array(CellSchema),
  /** where the row was read: the source part (a <table>, a PDF page) and its row in that grid */
  source: z.object({ part: z.number().int().min(0), row: z.number().int().min(0) }),
});
export type Row = z.infer<typeof RowSchema>;

export const TableSchema = z.object({
  id: z.string(),
  kind: TableKindSchema,
  title: z.string().nullable(),
  unit: UnitSchema.nullable(),
  /** the unit or department line printed with the table (部门名称：…) */
  department: z.string().nullable(),
  header: z.array(HeaderNodeSchema),
  columns: z.array(ColumnSchema),
  rows: z.array(RowSchema),
  notes: z.array(z.string()),
  /** indexes of the source parts (e.g. <table> elements in document order) merged into this table */
  parts: z.array(z.number().int().min(0)),
});
export type Table = z.infer<typeof TableSchema>;
