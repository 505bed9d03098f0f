import type { CodeScheme } from '../model/table';
import { stripSpace, toHalfWidth } from './text';

export type ParsedCode = { code: string; scheme: CodeScheme; level: 1 | 2 | 3 };

/**
 * Classify a joined classification code.
 * Function codes (支出功能分类): 类 3 digits (2xx), 款 5, 项 7. Department economic codes
 * (部门预算支出经济分类): 3xx / 3xxxx. Government economic codes (政府预算支出经济分类): 5xx / 5xxxx.
 */
export function parseCode(printed: string): ParsedCode | null {
  const s = unbracketed(toHalfWidth(stripSpace(printed)));
  if (!/^\d+$/.test(s)) return null;
  if (s.startsWith('2') && (s.length === 3 || s.length === 5 || s.length === 7)) {
    return { code: s, scheme: 'function', level: (s.length === 3 ? 1 : s.length === 5 ? 2 : 3) as 1 | 2 | 3 };
  }
  if (s.startsWith('3') && (s.length === 3 || s.length === 5)) {
    return { code: s, scheme: 'economic-department', level: s.length === 3 ? 1 : 2 };
  }
  if (s.startsWith('5') && (s.length === 3 || s.length === 5)) {
    return { code: s, scheme: 'economic-government', level: s.length === 3 ? 1 : 2 };
  }
  return null;
}

/** A code as some systems print it, in brackets ([2101501], 【309】): the digits inside. */
export const unbracketed = (s: string): string => (/^(\[\d+\]|【\d+】|［\d+］)$/.test(s) ? s.slice(1, -1) : s);

/**
 * A code printed at the start of a name ("2101501 行政运行", "[2101501]行政运行"): the code and
 * the name after it, or null. Only a classification code (function or economic) counts.
 */
export function leadingCode(text: string): { code: ParsedCode; name: string } | null {
  const m = /^(\[\d{3,7}\]|【\d{3,7}】|\d{3,7}(?=\s|[^\d\s]))\s*(\S.*)$/.exec(toHalfWidth(text.trim()));
  if (!m || /^[\d.,%]/.test(m[2]!)) return null;
  const code = parseCode(m[1]!);
  return code ? { code, name: m[2]!.trim() } : null;
}

/**
 * Join a function code printed across three columns (类 | 款 | 项): 210 | 15 | 01 → 2101501.
 * Returns null when the parts are not a well-formed prefix (e.g. a 项 without its 款).
 */
export function joinSplitCode(cls: string, section: string, item: string): string | null {
  const [c, s, i] = [cls, section, item].map((p) => unbracketed(toHalfWidth(stripSpace(p))));
  if (!c || !/^\d{3}$/.test(c)) return null;
  if (!s) return i ? null : c;
  if (!/^\d{2}$/.test(s)) return null;
  if (!i) return c + s;
  if (!/^\d{2}$/.test(i)) return null;
  return c + s + i;
}

/** The parent code one level up (2101501 → 21015 → 210; 30101 → 301), or null at the top. */
export function parentCode(code: string): string | null {
  if (code.length === 7) return code.slice(0, 5);
  if (code.length === 5) return code.slice(0, 3);
  return null;
}
