import type { CodeScheme } from '../model/table';
import { stripSpace, toHalfWidth } from './text';

export type ParsedCode = { code: string; scheme: CodeScheme; level: 1 | 2 | 3 };

/**
 * Classify a joined classification code.
 * Function codes (支出功能分类): 类 3 digits (2xx), 款 5, 项 7. Department economic codes
 * (部门预算支出经济分类): 3xx / 3xxxx. Government economic codes (政府预算支出经济分类): 5xx / 5xxxx.
 */
export function parseCode(printed: string): ParsedCode | null {
  const s = toHalfWidth(stripSpace(printed));
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

/**
 * Join a function code printed across three columns (类 | 款 | 项): 210 | 15 | 01 → 2101501.
 * Returns null when the parts are not a well-formed prefix (e.g. a 项 without its 款).
 */
export function joinSplitCode(cls: string, section: string, item: string): string | null {
  const [c, s, i] = [cls, section, item].map((p) => toHalfWidth(stripSpace(p)));
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
