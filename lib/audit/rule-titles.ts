import type { Localized } from '../model/finding';

/**
 * Every rule's name, in one place: the rules use it, and the extension pages show it without
 * bundling the rules themselves.
 */
export const RULE_TITLES = {
  balance: { zh: '收支平衡', en: 'Income and expense balance' },
  'code-name': { zh: '科目编码与名称', en: 'Classification code vs name' },
  'column-sum': { zh: '合计列等于各分项列之和', en: 'Total columns add up' },
  completeness: { zh: '预算表是否齐全', en: 'Required tables present' },
  'cross-table': { zh: '跨表一致', en: 'Agreement between tables' },
  'narrative.amount': { zh: '正文金额与表格一致', en: 'Prose amounts match the tables' },
  'narrative.change': { zh: '正文增减说法自洽', en: 'Prose changes are consistent' },
  'narrative.consistency': { zh: '正文前后一致', en: 'The prose agrees with itself' },
  'narrative.parts': { zh: '正文分项之和等于总数', en: 'Prose parts add up to their total' },
  'narrative.share': { zh: '正文占比正确', en: 'Prose shares are right' },
  'narrative.year': { zh: '正文与表注年份', en: 'Years in prose and notes' },
  performance: { zh: '绩效目标表预算金额', en: 'Performance table budget figures' },
  'row-sum': { zh: '上下级科目相加', en: 'Parent rows add up' },
  'total-row': { zh: '合计行等于各行之和', en: 'Total rows add up' },
} as const satisfies Record<string, Localized>;
