/**
 * UI strings in both languages. The extension's own pages switch language from the options
 * (browser.i18n cannot switch at runtime); _locales holds the manifest strings.
 */
export type Lang = 'zh' | 'en';

const STRINGS = {
  appName: { zh: '预算透镜', en: 'Budget Lens' },
  tables: { zh: '张表', en: 'tables' },
  noTables: { zh: '此页面未发现预算表格。', en: 'No budget tables found on this page.' },
  notAudited: { zh: '此页面尚未审核。', en: 'This page has not been audited.' },
  auditNow: { zh: '审核此页面', en: 'Audit this page' },
  auditing: { zh: '正在审核…', en: 'Auditing…' },
  failed: { zh: '审核失败：', en: 'Audit failed: ' },
  cannotReach: { zh: '无法访问此页面（浏览器内部页面或扩展无权访问）。', en: 'This page cannot be audited (a browser page, or no access).' },
  clean: { zh: '所有核对均通过，未发现问题。', en: 'Every check passed: nothing to report.' },
  error: { zh: '错误', en: 'errors' },
  warning: { zh: '提示', en: 'warnings' },
  rounding: { zh: '舍入', en: 'rounding' },
  stated: { zh: '表中数', en: 'stated' },
  expected: { zh: '应为', en: 'expected' },
  difference: { zh: '差额', en: 'difference' },
  tolerance: { zh: '容差', en: 'tolerance' },
  document: { zh: '全文', en: 'document' },
  department: { zh: '部门', en: 'department' },
  year: { zh: '年度', en: 'year' },
  unit: { zh: '单位', en: 'unit' },
} as const;

export type StringKey = keyof typeof STRINGS;

export function t(lang: Lang, key: StringKey): string {
  return STRINGS[key][lang];
}

export const KIND_NAMES: Record<string, { zh: string; en: string }> = {
  'income-expense-summary': { zh: '收支总表', en: 'income & expenditure summary' },
  income: { zh: '收入总表', en: 'income' },
  expense: { zh: '支出总表', en: 'expenditure' },
  'fiscal-summary': { zh: '财政拨款收支总表', en: 'fiscal appropriation summary' },
  'general-expense': { zh: '一般公共预算支出表', en: 'general public budget expenditure' },
  'general-basic': { zh: '一般公共预算基本支出表', en: 'general public budget basic expenditure' },
  'three-public': { zh: '“三公”经费表', en: '"three public" expenses' },
  'gov-fund': { zh: '政府性基金预算支出表', en: 'government fund expenditure' },
  'state-capital': { zh: '国有资本经营预算支出表', en: 'state capital expenditure' },
  project: { zh: '项目支出表', en: 'projects' },
  performance: { zh: '绩效目标表', en: 'performance targets' },
  'economic-summary': { zh: '经济分类汇总表', en: 'economic classification summary' },
  other: { zh: '其他表', en: 'other table' },
};
