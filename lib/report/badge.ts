import type { PageReport } from '../messages';
import type { Settings } from '../settings';

export type Badge = { text: string; color: string | null; title: string };
export type BadgeLanguage = Settings['language'];

const RED = '#c62828';
const ORANGE = '#ef6c00';
const BLUE = '#1565c0';
const GREEN = '#2e7d32';

/** The most errors the badge counts; beyond, "999+" (the badge has room for about four characters). */
const MAX_COUNT = 999;

/** The toolbar tooltip in each language (the badge lives outside the extension pages' dictionary). */
const TITLES: Record<BadgeLanguage, {
  name: string;
  failed: (error: string) => string;
  errors: (tables: number, errors: number, warnings: number, rounding: number) => string;
  warnings: (tables: number, warnings: number, rounding: number) => string;
  clean: (tables: number, rounding: number) => string;
}> = {
  zh: {
    name: '预算透镜',
    failed: (e) => `预算透镜：审核失败${e ? `（${e}）` : ''}`,
    errors: (t, e, w, r) => `预算透镜：${t} 张表，${e} 处错误，${w} 处提示，${r} 处舍入差`,
    warnings: (t, w, r) => `预算透镜：${t} 张表，无错误，${w} 处提示，${r} 处舍入差`,
    clean: (t, r) => `预算透镜：${t} 张表，未发现问题${r ? `（${r} 处舍入差在容差内）` : ''}`,
  },
  en: {
    name: 'Budget Lens',
    failed: (e) => `Budget Lens: the audit failed${e ? ` (${e})` : ''}`,
    errors: (t, e, w, r) => `Budget Lens: ${t} ${t === 1 ? 'table' : 'tables'}, ${e} ${e === 1 ? 'error' : 'errors'}, ${w} ${w === 1 ? 'warning' : 'warnings'}, ${r} rounding`,
    warnings: (t, w, r) => `Budget Lens: ${t} ${t === 1 ? 'table' : 'tables'}, no errors, ${w} ${w === 1 ? 'warning' : 'warnings'}, ${r} rounding`,
    clean: (t, r) => `Budget Lens: ${t} ${t === 1 ? 'table' : 'tables'}, no problems found${r ? ` (${r} rounding ${r === 1 ? 'difference' : 'differences'} within tolerance)` : ''}`,
  },
};

/**
 * The toolbar badge for a page: the number of errors in red; "!" in orange when only warnings;
 * "✓" when budget tables were audited and nothing is wrong (green, or blue when rounding notes
 * are all there is); "?" in orange when the audit failed; empty when there is no report or no
 * budget table. The tooltip says the same in the chosen language.
 */
export function badgeFor(report: PageReport | null, language: BadgeLanguage = 'zh'): Badge {
  const words = TITLES[language];
  if (!report || report.status === 'no-tables') return { text: '', color: null, title: words.name };
  if (report.status === 'failed') return { text: '?', color: ORANGE, title: words.failed(report.error ?? '') };
  const count = (s: string) => report.findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const rounding = count('rounding');
  const tables = report.tables.length;
  if (errors > 0) return { text: errors > MAX_COUNT ? `${MAX_COUNT}+` : String(errors), color: RED, title: words.errors(tables, errors, warnings, rounding) };
  if (warnings > 0) return { text: '!', color: ORANGE, title: words.warnings(tables, warnings, rounding) };
  return { text: '✓', color: rounding > 0 ? BLUE : GREEN, title: words.clean(tables, rounding) };
}
