import type { BudgetDocument, HeaderNode, Table } from '../../lib/model';

export type GoldenHeader = { label: string; children: GoldenHeader[] };
export type GoldenTable = {
  kind: string;
  title: string | null;
  unit: string | null;
  header: GoldenHeader[] | null;
  rows: Array<{ cells: Array<string | null>; code: string | null }>;
};
export type Golden = { fixture: string; department: string; year: number; tables: GoldenTable[] };

const FULLWIDTH = /[０-９．，－]/g;
/** The fixture README's cell normalisation, written again here (not imported from lib/) on purpose. */
export function normCell(text: string): string | null {
  const stripped = text
    .replace(/[\s\u3000\u00a0]+/gu, '')
    .replace(FULLWIDTH, (c) => ({ '．': '.', '，': ',', '－': '-' })[c] ?? String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (stripped === '') return null;
  if (/^-?[0-9,]+(\.[0-9]+)?$/.test(stripped)) return stripped.replace(/,/g, '');
  return stripped;
}

const tree = (nodes: readonly HeaderNode[]): GoldenHeader[] => nodes.map((n) => ({ label: n.label, children: tree(n.children) }));

/** The extracted model in the golden's shape. */
export function toGolden(table: Table): GoldenTable {
  return {
    kind: table.kind,
    title: table.title === null ? null : table.title.replace(/[\s\u3000\u00a0]+/gu, ''),
    unit: table.unit,
    header: table.kind === 'performance' ? null : tree(table.header),
    rows: table.rows.map((r) => ({
      cells: r.cells.map((c) => (c.value !== null ? c.value.toFixed(c.decimals) : normCell(c.text))),
      code: table.kind === 'performance' ? null : r.code,
    })),
  };
}

export const documentSummary = (doc: BudgetDocument) => ({ department: doc.department, year: doc.year });
