import type { TableKind } from '../model/table';
import { FUNCTION_CODES, FUNCTION_CODE_ALIASES } from '../data/function-codes';
import {
  DEPARTMENT_ECONOMIC_CODES,
  DEPARTMENT_ECONOMIC_CODE_ALIASES,
  GOVERNMENT_ECONOMIC_CODES,
  GOVERNMENT_ECONOMIC_CODE_ALIASES,
} from '../data/economic-codes';
import { canonicalLabel, stripSpace, toHalfWidth } from './text';

/** Title patterns → kind. Order matters: the first match wins (财政拨款收支总表 before 收支总表). */
const KIND_RULES: ReadonlyArray<readonly [TableKind, (t: string) => boolean]> = [
  ['performance', (t) => t.includes('绩效')],
  ['three-public', (t) => t.includes('三公')],
  ['gov-fund', (t) => t.includes('政府性基金') || t.includes('政府基金')],
  ['state-capital', (t) => t.includes('国有资本经营')],
  ['project', (t) => t.includes('项目支出') || t.includes('专项资金')],
  ['fiscal-summary', (t) => t.includes('财政拨款收支')],
  ['income-expense-summary', (t) => /收支(总表|预算表|总体|预算总表)/.test(t)],
  ['income', (t) => /收入(总表|预算表)/.test(t)],
  ['general-basic', (t) => t.includes('一般公共预算') && t.includes('基本支出')],
  ['general-expense', (t) => t.includes('一般公共预算') && t.includes('支出')],
  ['economic-summary', (t) => t.includes('经济分类')],
  ['expense', (t) => /支出(总表|预算表)/.test(t)],
];

/** The kind of a budget table from its title; null when the title names no known kind. */
export function kindFromTitle(title: string): TableKind | null {
  const t = canonicalLabel(title);
  for (const [kind, test] of KIND_RULES) if (test(t)) return kind;
  return null;
}

const TITLE_WORDS = /(表|情况|明细|汇总|目标)(\(.*\))?(（.*）)?$/;
const NOT_TITLE = /^(部门名称|部门|单位名称|编制单位|单位|金额单位|预算年度|预算单位|填报单位|注|备注|说明)[:：]|^(金额)?单位[:：]/;

/**
 * Sentence punctuation (after half-width folding) or a printed amount with decimals and a unit
 * ("2230.80万元"): prose, never a title. Integer amounts are allowed ("50万元以上项目绩效目标表").
 */
const SENTENCE = /[。；;！!？?，,]|\d\.\d+(?:亿元|万元|千元|元)/;

/** Does a line printed above a table read as its title ("2023 年部门收支预算表", "表1 收支总表")? */
export function isTitleLine(line: string): boolean {
  const t = toHalfWidth(stripSpace(line));
  if (!t || t.length > 80 || NOT_TITLE.test(t)) return false;
  if (isSheetNumberLine(t)) return false; // "预算 01 表", "预算01-1表" are sheet numbers, not the title
  // "2023年一般公共预算支出2230.80万元，比上年增加……" names a kind but is a sentence
  if (SENTENCE.test(t)) return false;
  return TITLE_WORDS.test(t) || kindFromTitle(t) !== null;
}

/** Is this the sheet-number line printed above some titles (预算 01 表, 附表3)? */
export function isSheetNumberLine(line: string): boolean {
  return /^(预算|附表|表)\d+(-\d+)?表?$/.test(toHalfWidth(stripSpace(line)));
}

/** "2023 年部门收支预算表" → 2023; "预算年度：2024" → 2024. */
export function yearFromText(text: string): number | null {
  const t = toHalfWidth(stripSpace(text));
  // digit boundaries: "预算年度：20245" and "12023年" carry no year
  const m = /(?:预算年度[:：])(\d{4})(?!\d)|(?<!\d)((?:19|20)\d{2})年/.exec(t);
  const y = Number(m?.[1] ?? m?.[2]);
  return Number.isFinite(y) && y >= 1990 && y <= 2100 ? y : null;
}

const ORG_SUFFIX = /(局|委员会|委|院|中心|办公室|办|厅|部|站|所|队|馆|处|会|团|社|校|大学|中学|小学|园|政府|法院|检察院|公司)(本级|机关)?$/;

const itemKey = (s: string): string => toHalfWidth(stripSpace(s));

/**
 * Official classification item names (功能分类 and 经济分类, current and former names). Some end
 * like an organisation (公立医院, 综合医院, 乡镇卫生院, 武装警察部队) but are budget items.
 */
const ITEM_NAMES: ReadonlySet<string> = new Set(
  [
    ...[FUNCTION_CODES, DEPARTMENT_ECONOMIC_CODES, GOVERNMENT_ECONOMIC_CODES].flatMap((names) => Object.values(names)),
    ...[FUNCTION_CODE_ALIASES, DEPARTMENT_ECONOMIC_CODE_ALIASES, GOVERNMENT_ECONOMIC_CODE_ALIASES].flatMap((aliases) =>
      Object.values(aliases).flat(),
    ),
  ].map(itemKey),
);

/** A leading unit code: "[450]", "［450］", "【450】", "806", "201001". */
const LEADING_CODE = /^(?:[[［【]\d+[\]］】]|\d+)/;

/** Does a name read as an organisation (a unit row, a department line) rather than a budget item? */
export function looksLikeOrganisation(name: string): boolean {
  const t = toHalfWidth(stripSpace(name)).replace(LEADING_CODE, '');
  if (t.length < 3) return false;
  if (/(支出|费|金|补助|事务|运行|保险|救助|管理|缴费|收入|拨款)$/.test(t)) return false;
  if (ITEM_NAMES.has(itemKey(t))) return false;
  return ORG_SUFFIX.test(t);
}

/** Labels that may follow a department name on the same printed line ("部门名称：XX局　　单位：万元"). */
const TRAILING_LABEL = /(?:金额单位|计量单位|单位|预算年度|编制日期|填报日期|截止时间|截至时间)[:：].*$/;

/**
 * The department named by a line printed with a table: "部门名称：新乡市凤泉区医疗保障局",
 * "部门：沅江市医疗保障局", "单位：沅江市医疗保障局", "[450]涞水县医疗保障局", "806涞源县医疗保障局".
 */
export function departmentFromLine(line: string): string | null {
  const t = toHalfWidth(stripSpace(line));
  const labelled = /^(?:部门名称|部门|单位名称|编制单位|预算单位|单位)[:：](.+)$/.exec(t);
  if (labelled?.[1]) {
    const name = labelled[1].replace(TRAILING_LABEL, '');
    return looksLikeOrganisation(name) ? name : null;
  }
  const coded = /^(?:[[［【]\d+[\]］】]|\d{3,6})(.+)$/.exec(t);
  if (coded?.[1] && looksLikeOrganisation(coded[1])) return coded[1];
  return null;
}
