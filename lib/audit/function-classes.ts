/**
 * Matching the function-class items of summary tables (十、卫生健康支出 / 八、社会保障和就业 /
 * （九）医疗卫生与计划生育支出) to their 3-digit 类 code, and telling whether a function code's
 * official name is the name a row prints.
 */
import { FUNCTION_CODES, FUNCTION_CODE_ALIASES } from '../data/function-codes';
import { stripNumbering, type SummarySide } from './summary-sides';

/** A function-classification name in comparable form: no numbering, blanks, brackets or trailing 支出. */
export function comparableName(printed: string): string {
  return stripNumbering(printed)
    .text.replace(/[〔【［]/g, '(')
    .replace(/[〕】］]/g, ')')
    .replace(/\((类|款|项)\)$/, '')
    .replace(/支出$/, '');
}

const CLASS_BY_NAME: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [code, name] of Object.entries(FUNCTION_CODES)) if (code.length === 3) map.set(comparableName(name), code);
  for (const [code, names] of Object.entries(FUNCTION_CODE_ALIASES)) {
    if (code.length !== 3) continue;
    for (const n of names) if (!map.has(comparableName(n))) map.set(comparableName(n), code);
  }
  return map;
})();

/** The 类 code a summary-table label names ("八、社会保障和就业" → 208), or null. */
export function classCodeOf(label: string): string | null {
  const key = comparableName(label);
  return key ? (CLASS_BY_NAME.get(key) ?? null) : null;
}

/** The official (or a known older) name of a function code, in comparable form; null when unknown. */
export function knownNames(code: string): string[] | null {
  const official = FUNCTION_CODES[code];
  if (official === undefined) return null;
  return [official, ...(FUNCTION_CODE_ALIASES[code] ?? [])].map(comparableName);
}

/** Whether a printed row name is the official (or an older) name of the code: null when the code is unknown. */
export function nameFitsCode(code: string, printedName: string): boolean | null {
  const names = knownNames(code);
  if (!names) return null;
  const n = comparableName(printedName);
  return names.includes(n);
}

/** The official name of a function code as printed in the code book. */
export const officialName = (code: string): string | null => FUNCTION_CODES[code] ?? null;

/** The expense side of a summary table that lists function classes: the one whose items name the most 类. */
export function functionSide(sides: readonly SummarySide[]): SummarySide | null {
  let best: SummarySide | null = null;
  let bestScore = 0;
  for (const s of sides) {
    if (s.side !== 'expense') continue;
    const score = s.entries.filter((e) => e.role === 'item' && classCodeOf(e.label) !== null).length;
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}
