import type { Localized } from '../lib/model/finding';
import { RULE_TITLES } from '../lib/audit/rule-titles';

/**
 * UI strings in both languages. The extension's own pages switch language from the options
 * (browser.i18n cannot switch at runtime); public/_locales holds the manifest strings only.
 * Every user-visible string of the popup and the options page comes from here: `{name}` marks a
 * value filled in by `t`.
 */
export type Lang = 'zh' | 'en';

export const DEFAULT_LANG: Lang = 'zh';

const STRINGS = {
  appName: { zh: '预算透镜', en: 'Budget Lens' },
  settings: { zh: '设置', en: 'Settings' },

  // popup: states
  loading: { zh: '正在读取…', en: 'Loading…' },
  auditing: { zh: '正在审核…', en: 'Auditing…' },
  noTab: { zh: '找不到要审核的标签页。', en: 'There is no tab to audit.' },
  noContentScript: {
    zh: '扩展无法访问此页面。如果页面是在安装或更新扩展之前打开的，请刷新页面后重试；浏览器内部页面和扩展商店页面不能审核。',
    en: 'The extension cannot reach this page. If the page was opened before the extension was installed or updated, reload it and try again; browser pages and extension stores cannot be audited.',
  },
  notAudited: {
    zh: '此页面尚未审核：按设置，此网站不自动审核，或页面中没有看起来像预算表的表格（表头和表题中没有“预算”“决算”“支出”等字样）。',
    en: 'This page has not been audited: automatic audits are off for this site, or no table on it looks like a budget table (no words such as 预算, 决算 or 支出 in its title or first rows).',
  },
  auditNow: { zh: '审核此页面', en: 'Audit this page' },
  auditAgain: { zh: '重新审核', en: 'Audit again' },
  failed: { zh: '审核失败：{error}', en: 'The audit failed: {error}' },
  noTables: { zh: '此页面未发现预算表格。', en: 'No budget tables found on this page.' },
  clean: { zh: '所有核对均通过，未发现问题。', en: 'Every check passed: nothing to report.' },
  noneForFilter: { zh: '没有此类发现。', en: 'No findings of this kind.' },

  // popup: summary
  tablesFound: { zh: '共 {n} 张预算表', en: '{n} budget tables' },
  tableKindCount: { zh: '{kind} {n}', en: '{kind} ×{n}' },
  department: { zh: '部门', en: 'Department' },
  year: { zh: '年度', en: 'Year' },
  unit: { zh: '金额单位', en: 'Unit' },
  auditedAt: { zh: '审核时间', en: 'Audited' },
  notRead: { zh: '未识别', en: 'not found' },
  filterLabel: { zh: '按严重程度筛选', en: 'Filter by severity' },
  all: { zh: '全部 {n}', en: 'All {n}' },
  error: { zh: '错误 {n}', en: 'Errors {n}' },
  warning: { zh: '提示 {n}', en: 'Warnings {n}' },
  rounding: { zh: '舍入差 {n}', en: 'Rounding {n}' },
  severityError: { zh: '错误', en: 'error' },
  severityWarning: { zh: '提示', en: 'warning' },
  severityRounding: { zh: '舍入差', en: 'rounding' },

  // popup: findings
  findingsHeading: { zh: '发现的问题', en: 'Findings' },
  documentLevel: { zh: '整套报表', en: 'The whole disclosure' },
  prose: { zh: '正文说明', en: 'Text of the page' },
  paragraph: { zh: '第 {n} 段', en: 'paragraph {n}' },
  stated: { zh: '表中数', en: 'Stated' },
  expected: { zh: '应为', en: 'Expected' },
  difference: { zh: '差额', en: 'Difference' },
  tolerance: { zh: '容差 ±{value}', en: 'tolerance ±{value}' },
  revealHint: { zh: '点击或按 Enter 键在页面上定位', en: 'Click or press Enter to show it on the page' },
  revealFailed: { zh: '无法在页面上定位：请刷新页面后重试。', en: 'Could not show it on the page: reload the page and try again.' },
  revealNotFound: { zh: '此问题在页面上没有可定位的单元格或文字。', en: 'This finding has no cell or text on the page to show.' },
  highlights: { zh: '在页面上标注', en: 'Highlights on the page' },
  highlightsFailed: { zh: '无法更改页面标注：请刷新页面后重试。', en: 'Could not change the highlights: reload the page and try again.' },

  // popup: export
  exportLabel: { zh: '导出', en: 'Export' },
  exportFormat: { zh: '导出格式', en: 'Export format' },
  formatMd: { zh: 'Markdown 报告', en: 'Markdown report' },
  formatCsv: { zh: 'CSV 表格', en: 'CSV spreadsheet' },
  formatJson: { zh: 'JSON 数据', en: 'JSON data' },
  download: { zh: '下载', en: 'Download' },
  copy: { zh: '复制', en: 'Copy' },
  downloaded: { zh: '已下载 {file}', en: 'Downloaded {file}' },
  copied: { zh: '已复制到剪贴板', en: 'Copied to the clipboard' },
  copyFailed: { zh: '复制失败：{error}', en: 'Could not copy: {error}' },

  // popup: a tab showing a PDF (the content script does not run in the browser's PDF viewer)
  pdfTab: {
    zh: '当前标签页是 PDF 文件。浏览器的 PDF 阅读器中不能标注，可以在预算透镜的附件审核页中读取并审核它。',
    en: 'This tab shows a PDF file. The browser’s PDF viewer cannot be annotated; the Budget Lens attachment viewer can read and audit it.',
  },
  auditPdf: { zh: '审核此 PDF', en: 'Audit this PDF' },

  // the links' context menu (background)
  contextMenuAudit: { zh: '用预算透镜审核此附件', en: 'Audit this attachment with Budget Lens' },

  // viewer: opening a file
  viewerTitle: { zh: '预算透镜 · 附件审核', en: 'Budget Lens · Attachments' },
  viewerIntro: {
    zh: '把 PDF、Word（.docx）、Excel（.xlsx）或保存的网页文件拖到此处，或选择文件。文件只在本机读取和审核，不会上传。',
    en: 'Drop a PDF, Word (.docx), Excel (.xlsx) or saved web page file here, or choose one. The file is read and audited on this computer and never uploaded.',
  },
  viewerPick: { zh: '选择文件…', en: 'Choose a file…' },
  viewerOpenAnother: { zh: '打开其他文件…', en: 'Open another file…' },
  viewerDropHere: { zh: '松开鼠标即可审核此文件', en: 'Drop the file to audit it' },
  viewerDownloading: { zh: '正在下载 {url}', en: 'Downloading {url}' },
  viewerDownloaded: { zh: '已下载 {received}', en: '{received} received' },
  viewerDownloadedOf: { zh: '已下载 {received} / {total}', en: '{received} of {total} received' },
  viewerReading: { zh: '正在读取 {name}…', en: 'Reading {name}…' },
  viewerReadingPages: { zh: '正在读取第 {done} 页，共 {total} 页', en: 'Reading page {done} of {total}' },
  viewerExtracting: { zh: '正在重建表格…', en: 'Reconstructing the tables…' },
  viewerCannotRead: { zh: '无法审核“{name}”', en: 'Cannot audit “{name}”' },
  viewerTryAnother: { zh: '可以把另一个文件拖到此处，或选择文件。', en: 'Drop another file here, or choose one.' },
  viewerTechnical: { zh: '技术信息', en: 'Technical details' },
  viewerNeedPermission: {
    zh: '{host} 不允许扩展直接读取此附件。允许预算透镜读取此网站的附件后即可审核：只会下载你要求审核的文件，之后可在扩展详情中撤销此许可。',
    en: '{host} does not let extensions read this attachment directly. Allow Budget Lens to read this site’s attachments to audit it: only the files you ask for are downloaded, and you can revoke the permission in the extension’s details.',
  },
  viewerGrant: { zh: '允许读取 {host} 的附件', en: 'Allow reading attachments from {host}' },
  viewerDenied: {
    zh: '未获得读取 {host} 的许可。也可以先下载此文件，再把它拖到此处。',
    en: 'Permission to read {host} was not given. You can also download the file and drop it here.',
  },
  viewerLocalFile: {
    zh: '“{name}”是本机上的文件，扩展不能按地址读取本地文件。请把文件拖到此处，或用“选择文件”打开它。',
    en: '“{name}” is a file on this computer, which extensions cannot read by its address. Drop the file here, or open it with “Choose a file”.',
  },
  viewerBadUrl: { zh: '无法识别要审核的地址：{url}', en: 'Not an address that can be audited: {url}' },
  viewerSource: { zh: '文件：{name}', en: 'File: {name}' },
  viewerTables: { zh: '表格（按读取结果重建）', en: 'Tables (as reconstructed)' },
  viewerTablesHelp: {
    zh: '表格按识别出的表头和行重建，数字按原文显示；有问题的单元格和正文说明已标出，点击或悬停查看说明。',
    en: 'The tables are rebuilt from the header and rows that were read, figures as printed; problem cells and statements are marked: hover or click for the explanation.',
  },
  viewerProse: { zh: '正文说明', en: 'Text' },
  viewerNoProse: { zh: '文件中没有读到正文段落。', en: 'No paragraphs of text were read from the file.' },
  viewerNoTables: { zh: '文件中未发现预算表格。', en: 'No budget tables were found in the file.' },
  viewerSkipped: { zh: '另有 {n} 个表格未作为预算表读取：{reasons}', en: '{n} more tables were not read as budget tables: {reasons}' },
  viewerUnit: { zh: '单位：{unit}', en: 'Unit: {unit}' },
  viewerClaimHint: { zh: '正文中读取并核对的数字说法', en: 'A figure stated in the text, read and checked' },
  viewerDownloadNetwork: {
    zh: '无法下载文件（网络错误，或网站不允许读取）',
    en: 'the file could not be downloaded (a network error, or the site does not allow reading it)',
  },
  viewerDownloadHttp: { zh: '网站返回错误 {status}，无法下载文件', en: 'the site answered {status}: the file could not be downloaded' },
  viewerDownloadTooLarge: { zh: '文件太大（{mb} MB），未下载', en: 'the file is too large ({mb} MB) and was not downloaded' },
  viewerFailed: { zh: '读取或审核文件时出错', en: 'reading or auditing the file failed' },
  viewerFindingsHeading: { zh: '发现的问题', en: 'Findings' },

  // options
  optionsTitle: { zh: '预算透镜设置', en: 'Budget Lens settings' },
  toleranceHeading: { zh: '舍入容差', en: 'Rounding tolerance' },
  toleranceStandard: { zh: '标准', en: 'Standard' },
  toleranceStandardHelp: {
    zh: '从数据推断舍入精度：表中每个数字都以 0 结尾（如 18.50）时，按舍入到 0.1 计算容差。',
    en: 'Infers the rounding from the data: when every figure of a table ends in 0 (like 18.50), differences are measured against rounding to 0.1.',
  },
  toleranceStrict: { zh: '严格', en: 'Strict' },
  toleranceStrictHelp: {
    zh: '只按印出的小数位计算容差（两位小数即 0.01），因此更多差额会报为错误。',
    en: 'Uses only the printed decimals (0.01 for two decimals), so more differences are reported as errors.',
  },
  autoRunHeading: { zh: '自动审核', en: 'Audit automatically' },
  autoRunEverywhere: { zh: '所有网站', en: 'On every site' },
  autoRunGov: { zh: '仅政府网站（.gov.cn）和本地文件', en: 'On government sites only (.gov.cn) and local files' },
  autoRunListed: { zh: '仅下列网站', en: 'Only on the sites listed below' },
  autoRunNever: { zh: '从不：只在弹出窗口中点击“审核此页面”时审核', en: 'Never: only when you click “Audit this page” in the popup' },
  sitesLabel: { zh: '网站列表', en: 'Sites' },
  sitesHelp: {
    zh: '每行一个域名，例如 czj.beijing.gov.cn；以点开头（如 .gov.cn）表示该域名及其所有子域名。',
    en: 'One host name per line, like czj.beijing.gov.cn; a leading dot (like .gov.cn) means that domain and all its subdomains.',
  },
  sitesEmpty: { zh: '列表为空：任何网站都不会自动审核。', en: 'The list is empty: no site will be audited automatically.' },
  languageHeading: { zh: '界面语言', en: 'Language' },
  languageZh: { zh: '中文', en: '中文' },
  languageEn: { zh: 'English', en: 'English' },
  annotateHeading: { zh: '页面标注', en: 'Page highlights' },
  annotateLabel: { zh: '审核后在页面上标出有问题的单元格（弹出窗口中可逐页关闭）', en: 'Highlight problem cells on the page after an audit (the popup can turn them off per page)' },
  save: { zh: '保存', en: 'Save' },
  saved: { zh: '已保存。', en: 'Saved.' },
  saveFailed: { zh: '保存失败：{error}', en: 'Could not save: {error}' },
} as const satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

/** The string in the language, with `{name}` replaced by `vars.name`. */
export function t(lang: Lang, key: StringKey, vars: Record<string, string | number> = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export const KIND_NAMES: Record<string, Record<Lang, string>> = {
  'income-expense-summary': { zh: '收支总表', en: 'income & expenditure summary' },
  income: { zh: '收入总表', en: 'income' },
  expense: { zh: '支出总表', en: 'expenditure' },
  'fiscal-summary': { zh: '财政拨款收支总表', en: 'fiscal appropriation summary' },
  'general-expense': { zh: '一般公共预算支出表', en: 'general public budget expenditure' },
  'general-basic': { zh: '一般公共预算基本支出表', en: 'general public budget basic expenditure' },
  'three-public': { zh: '“三公”经费表', en: '“three public” expenses' },
  'gov-fund': { zh: '政府性基金预算支出表', en: 'government fund expenditure' },
  'state-capital': { zh: '国有资本经营预算支出表', en: 'state capital expenditure' },
  project: { zh: '项目支出表', en: 'projects' },
  performance: { zh: '绩效目标表', en: 'performance targets' },
  'economic-summary': { zh: '经济分类汇总表', en: 'economic classification summary' },
  other: { zh: '其他表', en: 'other table' },
};

export function kindName(lang: Lang, kind: string): string {
  return KIND_NAMES[kind]?.[lang] ?? kind;
}

/** The audit rules by id (their titles live with the engine); a family name for narrative.* ids not listed. */
export const RULE_NAMES: Readonly<Record<string, Localized>> = {
  ...RULE_TITLES,
  narrative: { zh: '正文说明与表格', en: 'Prose and the tables' },
};

/** A rule's name; a rule added later shows its family's name (narrative.*), else its id. */
export function ruleName(lang: Lang, rule: string): string {
  return (RULE_NAMES[rule] ?? RULE_NAMES[rule.split('.')[0] ?? ''])?.[lang] ?? rule;
}

/** A date-time as the reader expects it in the language (the exports keep ISO 8601). */
export function formatTime(lang: Lang, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
