import type { PageReport } from '../messages';

export type Badge = { text: string; color: string | null; title: string };

const RED = '#c62828';
const ORANGE = '#ef6c00';
const GREEN = '#2e7d32';

/**
 * The toolbar badge for a page: the number of errors in red; "!" in orange when only warnings;
 * "✓" in green when budget tables were audited and nothing is wrong; empty otherwise.
 */
export function badgeFor(report: PageReport | null): Badge {
  if (!report || report.status === 'no-tables') return { text: '', color: null, title: '预算透镜 Budget Lens' };
  if (report.status === 'failed') return { text: '?', color: ORANGE, title: `预算透镜：审核失败 (${report.error ?? ''})` };
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  const tables = report.tables.length;
  if (errors > 0) return { text: String(errors), color: RED, title: `预算透镜：${tables} 张表，${errors} 处错误，${warnings} 处提示` };
  if (warnings > 0) return { text: '!', color: ORANGE, title: `预算透镜：${tables} 张表，无错误，${warnings} 处提示` };
  return { text: '✓', color: GREEN, title: `预算透镜：${tables} 张表，未发现问题` };
}
