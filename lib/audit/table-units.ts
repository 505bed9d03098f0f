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
 * Nothing is inferred for a table that prints its unit, even a wrong one.
 */
import Decimal from 'decimal.js';
import type { BudgetDocument } from '../model/document';
import type { Table } from '../model/table';
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

/** Where an item's figure was found again: the same item in a table that prints its unit, or a figure of the prose. */
export type UnitWitness =
  | { kind: 'table'; table: Table; label: string; value: Decimal; unit: Unit; coded: boolean }
  | { kind: 'prose'; paragraph: number; text: string; value: Decimal; unit: Unit };

/** A figure of a table without a unit that agrees, at the inferred unit, with a witness. */
export type UnitEvidence = { row: number; label: string; value: Decimal; witness: UnitWitness };

export type InferredUnit = {
  table: Table;
  unit: Unit;
  /** the unit the table would have been read in (the document's) */
  instead: Unit;
  /** the figures that agree at `unit` (one per row and value) */
  agreeing: UnitEvidence[];
  /** how many rows or distinct values agree at `unit` (the larger) */
  strength: number;
  /** the same at the document's unit */
  strengthAtDocumentUnit: number;
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

/** A non-zero figure of a table's row: in 元 per printed unit × `scale`, with the rounding quantum it was printed to. */
type RowFigure = { keys: string[]; row: number; label: string; printed: Decimal; value: Decimal; quantum: Decimal };

/**
 * The non-zero figures of a table, each with the keys that name its row's item: the row's code
 * and the names it prints (stripped of 一、/（一）numbering). `scale`: 元 per unit of the table.
 */
function rowFigures(table: Table, policy: TolerancePolicy, scale: Decimal): RowFigure[] {
  const quantum = tableQuantum(table, policy).times(scale);
  const amounts = table.columns.filter((c) => c.role === 'amount');
  const names = table.columns.filter((c) => c.role === 'name');
  const out: RowFigure[] = [];
  for (const row of table.rows) {
    const keys = new Set<string>();
    if (row.code) keys.add(`code:${row.code}`);
    for (const c of names) {
      const text = canonicalLabel(stripNumbering(row.cells[c.index]?.text ?? '').text);
      // a name of two characters or more (not a lone 计 or a dash)
      if (/[\u4e00-\u9fff].*[\u4e00-\u9fff]/.test(text)) keys.add(`name:${text}`);
    }
    for (const c of amounts) {
      const v = row.cells[c.index]?.value;
      if (!v || v.isZero()) continue;
      out.push({ keys: [...keys], row: row.index, label: row.code || row.name ? rowLabel(row) : columnLabel(c), printed: v, value: v.times(scale), quantum });
    }
  }
  return out;
}

const hasFigures = (t: Table): boolean => t.kind !== 'performance' && t.rows.some((r) => r.cells.some((c) => c.value !== null && !c.value.isZero()));

/** A witness's figure in 元 and the quantum it was printed to, in 元. */
type Witnessed = { witness: UnitWitness; yuan: Decimal; quantum: Decimal };

/** The prose's amounts in 元, sorted (a figure is looked up by value: the prose names items its own way). */
function proseFigures(doc: BudgetDocument): Array<Witnessed & { n: number }> {
  const out: Array<Witnessed & { n: number }> = [];
  for (const claim of doc.claims) {
    const a = claim.amount;
    if (!a || a.value.isZero()) continue;
    const scale = UNIT_SCALE[a.unit];
    const yuan = a.value.times(scale);
    const witness: UnitWitness = { kind: 'prose', paragraph: claim.paragraph, text: claim.text, value: a.value, unit: a.unit };
    out.push({ witness, yuan, quantum: new Decimal(10).pow(-a.decimals).times(scale), n: yuan.toNumber() });
  }
  return out.sort((x, y) => x.n - y.n);
}

function readTableUnits(doc: BudgetDocument, policy: TolerancePolicy): TableUnits {
  const documentUnit = doc.unit;
  const inferred: InferredUnit[] = [];
  const byTable = new Map<Table, Unit>();
  const unitless = doc.tables.filter((t) => t.unit === null && hasFigures(t));
  if (documentUnit !== null && unitless.length > 0) {
    const byKey = new Map<string, Witnessed[]>();
    for (const t of doc.tables) {
      if (t.unit === null || !hasFigures(t)) continue;
      const unit = t.unit;
      for (const f of rowFigures(t, policy, UNIT_SCALE[unit])) {
        const witness: UnitWitness = { kind: 'table', table: t, label: f.label, value: f.printed, unit, coded: false };
        for (const key of f.keys) {
          const list = byKey.get(key) ?? [];
          list.push({ witness: { ...witness, coded: key.startsWith('code:') }, yuan: f.value, quantum: f.quantum });
          byKey.set(key, list);
        }
      }
    }
    const prose = proseFigures(doc);
    const agrees = (yuan: Decimal, quantum: Decimal) => (w: Witnessed) => yuan.minus(w.yuan).abs().lte(Decimal.max(quantum, w.quantum));
    /** a prose figure within rounding of `yuan` (found by value: the candidates around it, then exactly) */
    const inProse = (yuan: Decimal, quantum: Decimal): Witnessed | undefined => {
      const n = yuan.toNumber();
      let lo = 0;
      let hi = prose.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (prose[mid]!.n < n) lo = mid + 1;
        else hi = mid;
      }
      const test = agrees(yuan, quantum);
      for (let i = lo; i < prose.length && prose[i]!.yuan.minus(yuan).lte(Decimal.max(quantum, prose[i]!.quantum)); i++) if (test(prose[i]!)) return prose[i];
      for (let i = lo - 1; i >= 0 && yuan.minus(prose[i]!.yuan).lte(Decimal.max(quantum, prose[i]!.quantum)); i--) if (test(prose[i]!)) return prose[i];
      return undefined;
    };
    for (const table of unitless) {
      const own = rowFigures(table, policy, new Decimal(1));
      // per unit: the figures that agree with the same item in a table that prints its unit, or
      // else with a figure of the prose — one per row and value (a row's figures agree together,
      // and a one-row table such as a 三公 table prints its figures across)
      const agreeing = (unit: Unit): UnitEvidence[] => {
        const scale = UNIT_SCALE[unit];
        const found = new Map<string, UnitEvidence>();
        for (const f of own) {
          const at = `${f.row}:${f.printed.toFixed()}`;
          const previous = found.get(at);
          if (previous) continue;
          const yuan = f.value.times(scale);
          const quantum = f.quantum.times(scale);
          let w: Witnessed | undefined;
          for (const key of f.keys) if ((w = byKey.get(key)?.find(agrees(yuan, quantum)))) break;
          w ??= inProse(yuan, quantum);
          if (w) found.set(at, { row: f.row, label: f.label, value: f.printed, witness: w.witness });
        }
        return [...found.values()];
      };
      /** how strongly they agree: as many rows, or as many values, as agree */
      const strength = (e: readonly UnitEvidence[]): number => Math.max(new Set(e.map((x) => x.row)).size, new Set(e.map((x) => x.value.toFixed())).size);
      const atDocument = strength(agreeing(documentUnit));
      let best: { unit: Unit; agreeing: UnitEvidence[]; strength: number } | null = null;
      for (const unit of UNITS) {
        if (unit === documentUnit) continue;
        const a = agreeing(unit);
        const n = strength(a);
        if (n >= MIN_AGREEING && n >= MIN_ADVANTAGE * atDocument && (!best || n > best.strength)) best = { unit, agreeing: a, strength: n };
      }
      if (best) {
        byTable.set(table, best.unit);
        inferred.push({ table, unit: best.unit, instead: documentUnit, agreeing: best.agreeing, strength: best.strength, strengthAtDocumentUnit: atDocument });
      }
    }
  }
  return { unitOf: (t) => t.unit ?? byTable.get(t) ?? documentUnit, inferred };
}
