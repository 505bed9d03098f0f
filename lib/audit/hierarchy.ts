/**
 * The row structure of a table, as the arithmetic rules need it: which rows are units (and how
 * they nest), which rows belong to which unit block, the tree of classification codes inside a
 * block, and which rows are "top level" (what a 合计 row or a unit row adds up).
 */
import type { Column, Row, Table } from '../model/table';
import { isBlankAmount } from '../parse/amount';
import { parentCode, unbracketed } from '../parse/code';
import { canonicalLabel, stripSpace, toHalfWidth } from '../parse/text';
import { looksLikeOrganisation } from '../parse/title';
import { isSubsetLabel, isSubsetRow, valueAt, type Figure } from './table-utils';
import { memo } from './memo';

/** Leaf labels of columns that are typed as amounts but hold no summable money figure. */
const NON_FIGURE_LABEL = /项目单位|单位名称|类型|采购物品|计量单位|数量|单价|序号|栏次|编码|代码|人数|比例|比重|率$|[%％]|备注|说明|依据/;

/** An amount column whose figures add up (not a count, a unit price, a share, a mislabelled text column). */
export function isFigureColumn(column: Column): boolean {
  if (column.role !== 'amount') return false;
  const leaf = canonicalLabel(column.path[column.path.length - 1] ?? '');
  return !NON_FIGURE_LABEL.test(leaf);
}

/** The columns whose figures may be added down the rows. */
export const figureColumns = (table: Table): Column[] => table.columns.filter(isFigureColumn);

/** A cell with nothing printed (or a dash): no value, as opposed to text or a number. */
export function isBlankCell(row: Row, column: Column): boolean {
  const cell = row.cells[column.index];
  return !cell || isBlankAmount(cell.text);
}

/** True when the row prints no figure in any amount column (a label-only row). */
export const isValuelessRow = (table: Table, row: Row): boolean =>
  table.columns.every((c) => c.role !== 'amount' || valueAt(row, c) === null);

// ---------------------------------------------------------------------------------------------
// Units

const UNIT_CODE = /^\d{3,12}$/;
const DATA_UNIT_CODE = /^(?:\d{3}){1,3}$/;

export type UnitNode = {
  row: Row;
  /** the unit code printed in the row (309, 201001), or null */
  code: string | null;
  /** the enclosing unit (309 for 309101), when the codes say so */
  parent: UnitNode | null;
  children: UnitNode[];
  /** the data rows printed under this unit, up to the next unit row */
  block: Row[];
};

export type RowStructure = {
  /** unit rows in printed order */
  units: UnitNode[];
  /** units not nested in another printed unit */
  topUnits: UnitNode[];
  /** data rows printed before the first unit row (all data rows when there are no units) */
  leading: Row[];
  /** some unit rows carry a code and some do not: their nesting is unknown */
  ambiguousUnits: boolean;
};

function nonFigureTexts(table: Table, row: Row): string[] {
  const out: string[] = [];
  for (const col of table.columns) {
    const cell = row.cells[col.index];
    if (!cell || cell.value !== null) continue;
    const t = stripSpace(cell.text);
    if (t && !isBlankAmount(t)) out.push(t);
  }
  return out;
}

function codeInRow(table: Table, row: Row, pattern: RegExp): string | null {
  for (const col of table.columns) {
    if (col.role === 'amount' || col.role === 'percent') continue;
    // (half-width: a code typed in full-width digits is the same code)
    const t = unbracketed(toHalfWidth(stripSpace(row.cells[col.index]?.text ?? '')));
    if (pattern.test(t)) return t;
  }
  // the unit's code printed in its name's cell: "201001 沅江市医疗保障局", "[309]医疗保障局"
  const m = /^[[【［]?(\d{3,12})[\]】］]?\s*(\S.*)$/.exec(toHalfWidth(row.name.trim()));
  return m && pattern.test(m[1]!) && looksLikeOrganisation(m[2]!) ? m[1]! : null;
}

/**
 * Whether a row is a unit (department / budget unit) row that sums the rows printed under it.
 * - a row the extractor marked 'unit' counts only when it prints nothing but the unit's code and
 *   name: a row that also names an item ("焦作市医疗保障局 | 公用经费 | 在职人员公用经费…", the
 *   unit name filled into the first item of its group) is a data row;
 * - a data row without a classification code that prints a unit code (309001) and nothing but the
 *   table's department name is a unit row the extractor did not recognise.
 */
export function isUnitRow(table: Table, row: Row): boolean {
  const name = canonicalLabel(row.name);
  const dept = table.department ? canonicalLabel(table.department) : null;
  const texts = nonFigureTexts(table, row).map((t) => unbracketed(canonicalLabel(t)));
  if (row.role === 'unit') {
    return texts.every((t) => UNIT_CODE.test(t) || t === name || (dept !== null && t === dept));
  }
  if (row.role !== 'data' || row.code !== null || dept === null) return false;
  if (table.columns.every((c) => c.role !== 'amount' || valueAt(row, c) === null)) return false;
  const code = codeInRow(table, row, DATA_UNIT_CODE);
  if (!code) return false;
  const words = texts.filter((t) => !UNIT_CODE.test(t));
  return words.length > 0 && words.every((t) => t === dept);
}

/** "309001 新乡市凤泉区医疗保障局": a unit row's code and name, for messages. */
export function unitLabel(table: Table, row: Row): string {
  const code = codeInRow(table, row, UNIT_CODE);
  const name = row.name || nonFigureTexts(table, row).find((t) => !UNIT_CODE.test(t)) || '';
  return [code, name].filter((s) => s).join(' ') || `#${row.index + 1}`;
}

/** Units, their nesting by code (201 → 201001) and the data rows printed under each. */
export function rowStructure(table: Table): RowStructure {
  // row-sum and total-row both ask; reading unit rows looks at every cell
  return memo('row-structure', table, readRowStructure);
}

function readRowStructure(table: Table): RowStructure {
  const units: UnitNode[] = [];
  const leading: Row[] = [];
  let current: UnitNode | null = null;
  for (const row of table.rows) {
    if (row.role === 'total' || row.role === 'subtotal') continue;
    if (isUnitRow(table, row)) {
      const node: UnitNode = { row, code: codeInRow(table, row, UNIT_CODE), parent: null, children: [], block: [] };
      // the nearest printed unit whose code is a proper prefix of this one
      for (const u of units) {
        if (u.code && node.code && node.code.length > u.code.length && node.code.startsWith(u.code)) {
          if (!node.parent || (node.parent.code?.length ?? 0) < u.code.length) node.parent = u;
        }
      }
      node.parent?.children.push(node);
      units.push(node);
      current = node;
      continue;
    }
    (current ? current.block : leading).push(row);
  }
  const coded = units.filter((u) => u.code !== null).length;
  return {
    units,
    topUnits: units.filter((u) => u.parent === null),
    leading,
    ambiguousUnits: coded > 0 && coded < units.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Classification codes inside a block

export type CodeNode = { row: Row; children: CodeNode[] };

/**
 * A row of a block's body: anything but 合计/小计 rows. (A row the extractor marked 'unit' but that
 * is a data row — see isUnitRow — is body too.)
 */
export const isBodyRow = (row: Row): boolean => row.role !== 'total' && row.role !== 'subtotal';

/** Rows that carry a classification code and are not "其中" subsets. */
const codedRows = (rows: readonly Row[]): Row[] => rows.filter((r) => isBodyRow(r) && r.code && r.codeScheme && !isSubsetRow(r));

/**
 * The code tree of a block: each coded row hangs under the nearest printed ancestor code of the
 * same scheme (2101501 under 21015, or under 210 when no 21015 row is printed), matched by code,
 * not by position (rows out of order still find their parent). Rows whose ancestors are not printed
 * are roots.
 */
export function codeForest(rows: readonly Row[]): CodeNode[] {
  const coded = codedRows(rows);
  const byCode = new Map<string, CodeNode[]>();
  const nodes = coded.map((row) => ({ row, children: [] as CodeNode[] }));
  for (const n of nodes) {
    const key = `${n.row.codeScheme}:${n.row.code}`;
    const list = byCode.get(key) ?? [];
    list.push(n);
    byCode.set(key, list);
  }
  const roots: CodeNode[] = [];
  for (const n of nodes) {
    let p = parentCode(n.row.code!);
    let parents: CodeNode[] | undefined;
    while (p && !(parents = byCode.get(`${n.row.codeScheme}:${p}`))) p = parentCode(p);
    // with the same parent code printed twice, the children belong to the group of them
    if (parents && parents.length > 0) parents[0]!.children.push(n);
    else roots.push(n);
  }
  return roots;
}

/** Parent groups of a block: every printed code with children, its rows (usually one) and its children. */
export type ParentGroup = { code: string; parents: Row[]; children: Row[] };

export function parentGroups(rows: readonly Row[]): ParentGroup[] {
  const coded = codedRows(rows);
  // the rows of each code, in printed order (not a scan of every row per group)
  const byKey = new Map<string, Row[]>();
  for (const r of coded) {
    const key = `${r.codeScheme}:${r.code}`;
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  const groups: ParentGroup[] = [];
  const walk = (nodes: CodeNode[]) => {
    for (const n of nodes) {
      if (n.children.length > 0) {
        const key = `${n.row.codeScheme}:${n.row.code}`;
        groups.push({
          code: n.row.code!,
          parents: [...(byKey.get(key) ?? [])],
          children: n.children.map((c) => c.row),
        });
      }
      walk(n.children);
    }
  };
  walk(codeForest(rows));
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Top-level rows

const OUTLINE = /^[一二三四五六七八九十]+[、.．]/;

/**
 * The figures a block's total adds up in one column: the top-level rows. With codes: the rows
 * whose ancestors are not printed (a top-level row printed blank in this column gives way to its
 * children); non-coded data rows beside them count as top level too. Without codes: the rows
 * numbered 一、二、… when the table numbers its items that way, otherwise every data row.
 * "其中" rows never count.
 */
export function topLevelFigures(table: Table, rows: readonly Row[], column: Column): Figure[] {
  // asked once per column of the same block: its rows and code tree are read once per audit
  const { data, coded, forest } = memo('top-level', rows, blockTree);
  const figures: Figure[] = [];
  const push = (row: Row): boolean => {
    const value = valueAt(row, column);
    if (value === null) return false;
    figures.push({ table, row, column, value });
    return true;
  };
  if (coded.length > 0) {
    const descend = (n: CodeNode): void => {
      if (!push(n.row)) n.children.forEach(descend);
    };
    forest.forEach(descend);
    for (const r of data) if (!r.code) push(r);
    return figures;
  }
  const numbered = data.filter((r) => OUTLINE.test(canonicalLabel(r.name)));
  for (const r of numbered.length > 0 ? numbered : data) push(r);
  return figures;
}

function blockTree(rows: readonly Row[]): { data: Row[]; coded: Row[]; forest: CodeNode[] } {
  const data = rows.filter((r) => isBodyRow(r) && !isSubsetRow(r));
  const coded = codedRows(data);
  return { data, coded, forest: coded.length > 0 ? codeForest(data) : [] };
}

/** True when a label reads as a 合计/总计/小计 (a total), "其中" labels excluded. */
export const isTotalLabel = (label: string): boolean => {
  const t = canonicalLabel(label);
  return !isSubsetLabel(t) && /(合计|总计|小计)$/.test(t);
};
