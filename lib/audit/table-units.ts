/**
 * The unit each table's figures are in. A table that prints its unit (单位：万元, 金额单位：元, a
 * header cell 金额（万元）) is read in it. A table that prints none is read in the unit most tables
 * print — unless its figures say otherwise: a table printed in 元 without a unit line on a page of
 * 万元 tables would otherwise be compared at 10 000 times its value with every other table and the
 * prose (two dozen "errors" that are one missing line). So a table without a printed unit is
 * compared, figure by figure, with the same items (a classification code, a row name) in the
 * tables that print theirs, and with the prose's amounts: when several figures agree only at
 * another unit's scale, and hardly any at the document's unit, the table is read in that unit
 * and a warning says so.
 * A table that prints its unit is read in it — unless not one of its figures agrees with
 * anything in that unit while several do in another: then its unit line contradicts its
 * figures (单位：元 over figures in 万元), which is one error of the page, not one per figure.
 */
import Decimal from 'decimal.js';
import type { BudgetDocument } from '../model/document';
import type { Cell, Column, Row, Table } from '../model/table';
import { UNIT_SCALE, UNITS, type Unit } from '../model/units';
import { canonicalLabel } from '../parse/text';
import { memo } from './memo';
import { stripNumbering } from './summary-sides';
import { columnLabel, rowLabel } from './table-utils';
import { tableQuantum, type TolerancePolicy } from './tolerance';

/** At least this many rows, or distinct values, must agree at the inferred unit… */
const MIN_AGREEING = 2;
/** …and this many times as many as agree at the document's unit. */
const MIN_ADVANTAGE = 4;
/**
 * A printed unit is doubted only when none of the table's figures agree in it and this many
 * items agree in another with the same items (code or name) of other tables.
 */
const MIN_AGAINST_PRINTED = 2;

/** Where an item's figure was found again: the same item in a table that prints its unit, or a figure of the prose. */
export type UnitWitness =
  | { kind: 'table'; table: Table; label: string; value: Decimal; unit: Unit; coded: boolean }
  | { kind: 'prose'; paragraph: number; text: string; value: Decimal; unit: Unit };

/** A figure of a table without a unit that agrees, at the inferred unit, with a witness. */
export type UnitEvidence = { row: number; label: string; value: Decimal; witness: UnitWitness };

export type InferredUnit = {
  table: Table;
  unit: Unit;
  /** the unit the table would have been read in: the one it prints, or the document's */
  instead: Unit;
  /** the table prints `instead` (a unit line or label its figures contradict) */
  printed: boolean;
  /** the figures that agree at `unit` (one per row and value) */
  agreeing: UnitEvidence[];
  /** how many rows or distinct values agree at `unit` (the larger) */
  strength: number;
  /** the same at `instead` */
  strengthInstead: number;
};

export type TableUnits = {
  /** the unit a table's figures are in, or null when unknown */
  unitOf: (t: Table) => Unit | null;
  inferred: InferredUnit[];
};

/** Tables' units for this audit (worked out once per document and tolerance policy). */
export function tableUnits(doc: BudgetDocument, policy: TolerancePolicy): TableUnits {
  return memo(`table-units:${policy}`, doc, () => readTableUnits(doc, policy));
}

/**
 * A non-zero figure of a table: its row and column, the cell, the keys that name its row's item
 * (the row's code, the names it prints stripped of 一、/（一）numbering), and the figure and the
 * table's rounding quantum as numbers in the table's printed unit (to look figures up fast).
 */
type RowFigure = { table: Table; row: Row; column: Column; cell: Cell & { value: Decimal }; keys: string[]; n: number; q: number; quantum: Decimal };

/** The figure as a number, cheaply: the printed text when it is plain, else from its value. */
const numberOf = (cell: Cell & { value: Decimal }): number => {
  const n = Number(cell.text.includes(',') ? cell.text.replace(/,/g, '') : cell.text);
  return Number.isFinite(n) && cell.text !== '' ? n : cell.value.toNumber();
};

function rowFigures(table: Table, policy: TolerancePolicy): RowFigure[] {
  const quantum = tableQuantum(table, policy);
  const q = quantum.toNumber();
  const amounts = table.columns.filter((c) => c.role === 'amount');
  const names = table.columns.filter((c) => c.role === 'name');
  const out: RowFigure[] = [];
  for (const row of table.rows) {
    let keys: string[] | null = null;
    for (const column of amounts) {
      const cell = row.cells[column.index];
      if (!cell?.value || cell.value.isZero()) continue;
      if (!keys) {
        const set = new Set<string>();
        if (row.code) set.add(`code:${row.code}`);
        for (const c of names) {
          const text = canonicalLabel(stripNumbering(row.cells[c.index]?.text ?? '').text);
          // a name of two characters or more (not a lone 计 or a dash)
          if (/[\u4e00-\u9fff].*[\u4e00-\u9fff]/.test(text)) set.add(`name:${text}`);
        }
        keys = [...set];
      }
      out.push({ table, row, column, cell: cell as Cell & { value: Decimal }, keys, n: numberOf(cell as Cell & { value: Decimal }), q, quantum });
    }
  }
  return out;
}

/** What a figure is, for a message: its row, or its column in a row without a name (a 三公 table's one row). */
const figureLabel = (f: RowFigure): string => (f.row.code || f.row.name ? rowLabel(f.row) : columnLabel(f.column));

const hasFigures = (t: Table): boolean => t.kind !== 'performance' && t.rows.some((r) => r.cells.some((c) => c.value !== null && !c.value.isZero()));

/**
 * A witness: a figure of a table that prints its unit (`figure`, in `unit`), or of the prose
 * (`claim`) — in 元 as numbers (`n`, `q`: value and rounding quantum) to look it up, and as
 * Decimals (`yuanOf`) to confirm a close pair exactly.
 */
type Witnessed =
  | { n: number; q: number; table: Table; coded: boolean; figure: RowFigure; unit: Unit }
  | { n: number; q: number; table: null; yuan: Decimal; quantum: Decimal; witness: UnitWitness };

const yuanOf = (w: Witnessed): [Decimal, Decimal] =>
  w.table === null ? [w.yuan, w.quantum] : [w.figure.cell.value.times(UNIT_SCALE[w.unit]), w.figure.quantum.times(UNIT_SCALE[w.unit])];

const witnessOf = (w: Witnessed): UnitWitness =>
  w.table === null ? w.witness : { kind: 'table', table: w.table, label: figureLabel(w.figure), value: w.figure.cell.value, unit: w.unit, coded: w.coded };

/** The prose's amounts in 元, sorted (a figure is looked up by value: the prose names items its own way). */
function proseFigures(doc: BudgetDocument): Witnessed[] {
  const out: Witnessed[] = [];
  for (const claim of doc.claims) {
    const a = claim.amount;
    if (!a || a.value.isZero()) continue;
    const scale = UNIT_SCALE[a.unit];
    const yuan = a.value.times(scale);
    const quantum = new Decimal(10).pow(-a.decimals).times(scale);
    const witness: UnitWitness = { kind: 'prose', paragraph: claim.paragraph, text: claim.text, value: a.value, unit: a.unit };
    out.push({ n: yuan.toNumber(), q: quantum.toNumber(), table: null, yuan, quantum, witness });
  }
  return out.sort((x, y) => x.n - y.n);
}

function readTableUnits(doc: BudgetDocument, policy: TolerancePolicy): TableUnits {
  const documentUnit = doc.unit;
  const inferred: InferredUnit[] = [];
  const byTable = new Map<Table, Unit>();
  const candidates = doc.tables.filter(hasFigures);
  if (documentUnit !== null && candidates.length > 0) {
    const figures = new Map(candidates.map((t) => [t, rowFigures(t, policy)]));
    const byKey = new Map<string, Witnessed[]>();
    for (const t of candidates) {
      if (t.unit === null) continue;
      const unit = t.unit;
      const s = UNIT_SCALE[unit].toNumber();
      for (const f of figures.get(t)!) {
        for (const key of f.keys) {
          const list = byKey.get(key) ?? [];
          list.push({ n: f.n * s, q: f.q * s, table: t, coded: key.startsWith('code:'), figure: f, unit });
          byKey.set(key, list);
        }
      }
    }
    const prose = proseFigures(doc);
    // 元 and 万元, and any unit a table of the page prints (千元 is ten times 元: round figures
    // agree at that scale too easily to try it unasked)
    const alternatives = UNITS.filter((u) => u === '元' || u === '万元' || doc.tables.some((t) => t.unit === u));
    for (const table of candidates) {
      const printed = table.unit;
      const own = figures.get(table)!;
      // a printed unit is doubted on the word of other tables alone (the prose's round figures —
      // 1.00万元, 10.00万元 — agree with too much at some scale)
      const withProse = witnessFinder(table, byKey, prose);
      const tablesOnly = witnessFinder(table, byKey, []);
      // per unit: the figures that agree with the same item in another table that prints its
      // unit, or else with a figure of the prose — one per row and figure as printed (a row's
      // figures agree together, and a one-row table such as a 三公 table prints its figures
      // across); `enough`: stop once that many rows agree
      const agreeing = (unit: Unit, enough = Infinity, find = withProse): UnitEvidence[] => {
        const found = new Map<string, UnitEvidence>();
        const rows = new Set<number>();
        for (const f of own) {
          const w = find(f, unit);
          if (!w) continue;
          const at = `${f.row.index}:${f.cell.text}`;
          if (found.has(at)) continue;
          found.set(at, { row: f.row.index, label: figureLabel(f), value: f.cell.value, witness: witnessOf(w) });
          rows.add(f.row.index);
          if (rows.size >= enough) break;
        }
        return [...found.values()];
      };
      const instead = printed ?? documentUnit;
      // a table whose figures agree with anything at its own (or the document's) unit is read in it
      const atInstead = printed === null ? strength(agreeing(documentUnit)) : strength(agreeing(printed, 1));
      if (printed !== null && atInstead > 0) continue;
      let best: { unit: Unit; agreeing: UnitEvidence[]; strength: number } | null = null;
      for (const unit of alternatives) {
        if (unit === instead) continue;
        const a = printed === null ? agreeing(unit) : agreeing(unit, Infinity, tablesOnly);
        const n = strength(a);
        const enough = printed === null ? n >= MIN_AGREEING && n >= MIN_ADVANTAGE * atInstead : n >= MIN_AGAINST_PRINTED;
        if (enough && (!best || n > best.strength)) best = { unit, agreeing: a, strength: n };
      }
      if (best) {
        byTable.set(table, best.unit);
        inferred.push({ table, unit: best.unit, instead, printed: printed !== null, agreeing: best.agreeing, strength: best.strength, strengthInstead: atInstead });
      }
    }
  }
  return { unitOf: (t) => byTable.get(t) ?? t.unit ?? documentUnit, inferred };
}

/** How strongly figures agree: as many rows, or as many values, as agree (the larger). */
const strength = (e: readonly UnitEvidence[]): number => Math.max(new Set(e.map((x) => x.row)).size, new Set(e.map((x) => x.value.toFixed())).size);

/**
 * The witness of a figure of `table` (in 元 at the unit tried, with its quantum): the same item in
 * another table, else a prose figure within rounding. Compared as numbers first (most pairs are
 * far apart), exactly when they are close.
 */
function witnessFinder(table: Table, byKey: ReadonlyMap<string, Witnessed[]>, prose: readonly Witnessed[]) {
  // two figures rounded to their quanta agree when they differ by at most half of each (a tiny
  // figure does not agree with 0.10万元 just because that rounding hides 500 元)
  const close = (n: number, q: number, w: Witnessed): boolean => Math.abs(n - w.n) <= ((q + w.q) / 2) * 1.000001 + 1e-9;
  return (f: RowFigure, unit: Unit): Witnessed | undefined => {
    // as numbers first; exactly (Decimal) only for a witness that is close
    const scale = UNIT_SCALE[unit];
    const s = scale.toNumber();
    const n = f.n * s;
    const q = f.q * s;
    let exact: [Decimal, Decimal] | null = null;
    const confirm = (w: Witnessed): boolean => {
      exact ??= [f.cell.value.times(scale), f.quantum.times(scale)];
      const [yuan, quantum] = yuanOf(w);
      return exact[0].minus(yuan).abs().lte(exact[1].plus(quantum).div(2));
    };
    for (const key of f.keys) {
      const list = byKey.get(key);
      if (!list) continue;
      for (const w of list) if (w.table !== table && close(n, q, w) && confirm(w)) return w;
    }
    // the prose, sorted by value: the figures around it
    let lo = 0;
    let hi = prose.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (prose[mid]!.n < n) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < prose.length && close(n, q, prose[i]!); i++) if (confirm(prose[i]!)) return prose[i];
    for (let i = lo - 1; i >= 0 && close(n, q, prose[i]!); i--) if (confirm(prose[i]!)) return prose[i];
    return undefined;
  };
}
