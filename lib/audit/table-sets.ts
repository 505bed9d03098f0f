/**
 * Table sets: some documents print the whole set of tables twice (部门预算… for the department,
 * then 单位预算… for a unit). Figures are compared within a set; two sets are one comparison
 * scope only when they name the same department or unit.
 */
import type { BudgetDocument } from '../model/document';
import type { Table, TableKind } from '../model/table';
import { canonicalLabel } from '../parse/text';

export type TableSet = {
  /** 0-based, in document order */
  index: number;
  /** the department or unit the set's tables name (the first one printed), or null */
  department: string | null;
  tables: Table[];
};

/** Kinds that appear once per set: seeing one again (for another unit) starts a new set. */
const ONCE_PER_SET: ReadonlySet<TableKind> = new Set<TableKind>(['income-expense-summary', 'income', 'expense', 'fiscal-summary', 'general-expense']);

const scopeWord = (title: string | null): '部门' | '单位' | null => {
  const t = canonicalLabel(title ?? '').replace(/^\d{4}年?/, '');
  if (/^部门/.test(t)) return '部门';
  if (/^单位/.test(t)) return '单位';
  return null;
};

/** Split a document's tables into sets, in document order. */
export function tableSets(doc: BudgetDocument): TableSet[] {
  const sets: TableSet[] = [];
  let current: TableSet | null = null;
  let kinds = new Set<TableKind>();
  let word: '部门' | '单位' | null = null;
  for (const table of doc.tables) {
    const w = scopeWord(table.title);
    const repeated = ONCE_PER_SET.has(table.kind) && kinds.has(table.kind);
    const otherScope = w !== null && word !== null && w !== word && ONCE_PER_SET.has(table.kind);
    if (!current || repeated || otherScope) {
      current = { index: sets.length, department: null, tables: [] };
      sets.push(current);
      kinds = new Set();
      word = null;
    }
    current.tables.push(table);
    kinds.add(table.kind);
    if (w !== null && word === null) word = w;
    if (current.department === null && table.department) current.department = table.department;
  }
  return sets;
}

/**
 * Groups of sets whose figures may be compared with each other: sets naming the same department
 * (or unit) are one group; a set naming another one (涞源县医疗保障局 vs 涞源县医疗保障局本级) is
 * kept apart, since a department and one of its units may legitimately differ.
 */
export function comparableSetGroups(sets: readonly TableSet[]): TableSet[][] {
  const groups: TableSet[][] = [];
  for (const set of sets) {
    const key = set.department === null ? null : canonicalLabel(set.department);
    const group = key === null ? undefined : groups.find((g) => g[0]!.department !== null && canonicalLabel(g[0]!.department) === key);
    if (group) group.push(set);
    else groups.push([set]);
  }
  return groups;
}
