/** Shared phrasing for finding messages (zh first, en alongside). */
import type Decimal from 'decimal.js';
import type { Unit } from '../model/amount';
import type { Localized, Severity } from '../model/finding';
import type { Table } from '../model/table';

const UNIT_EN: Readonly<Record<Unit, string>> = { 元: 'yuan', 千元: 'thousand yuan', 万元: '×10,000 yuan', 亿元: '×100 million yuan' };

/** "万元" / "×10,000 yuan" (empty when the unit is unknown). */
export function unitWords(unit: Unit | null): Localized {
  return unit === null ? { zh: '', en: '' } : { zh: unit, en: ` ${UNIT_EN[unit]}` };
}

/** "相差-0.80万元（超出舍入容差0.35万元）" and its English counterpart. */
export function differenceClause(diff: Decimal, bound: Decimal, severity: Severity, unit: Unit | null, decimals: number): Localized {
  const u = unitWords(unit);
  const d = diff.toFixed(decimals);
  const b = bound.toFixed(Math.max(decimals, bound.decimalPlaces()));
  if (severity === 'rounding') {
    return { zh: `相差${d}${u.zh}（在舍入容差${b}${u.zh}以内）`, en: `a difference of ${d}${u.en} (within the rounding tolerance of ${b})` };
  }
  return { zh: `相差${d}${u.zh}（超出舍入容差${b}${u.zh}）`, en: `a difference of ${d}${u.en} (beyond the rounding tolerance of ${b})` };
}

/** 「2023 年部门支出预算表」 / "2023 年部门支出预算表" (the id when the table has no title). */
export function tableName(table: Table): Localized {
  const t = table.title ?? table.id;
  return { zh: `「${t}」`, en: `"${t}"` };
}
