import Decimal from 'decimal.js';
import type { Unit } from '../../model/amount';
import type { ChangeDirection } from '../../model/claim';
import { toHalfWidth } from '../../parse/text';

/**
 * Lexing of a paragraph of prose: figures (amounts with a currency unit, percentages, 持平),
 * markers (其中 / 主要用于 / 主要原因 …), brackets, references (比上年 …) and sentence ends.
 * Everything works on a normalised copy of the text with the same length, so every offset found
 * here is an offset into the printed text.
 */

/** Half-width folding and blanks → ' ', one UTF-16 unit for one: offsets are preserved. */
export function normalize(text: string): string {
  return toHalfWidth(text).replace(/[\u3000\u00a0\u1680\u2000-\u200b\u202f\u205f\ufeff]/g, ' ');
}

export type Span = { start: number; end: number };

export type Verb = Span & { direction: ChangeDirection };

export type AmountToken = Span & {
  t: 'amount';
  value: Decimal;
  decimals: number;
  unit: Unit;
  printedUnit: string;
  /** the change verb printed right before the number ("减少 66.79 万元"), if any */
  verb: Verb | null;
};

export type PercentToken = Span & {
  t: 'percent';
  value: Decimal;
  decimals: number;
  role: 'share' | 'change';
  /** where the phrase leading to the number starts: 占 or the verb */
  lead: number;
  verb: Verb | null;
};

export type FlatToken = Span & { t: 'flat' };

export type FigureToken = AmountToken | PercentToken | FlatToken;

export type MarkerToken = Span & {
  t: 'marker';
  /** enum: a list follows; reason: an explanation follows; either: 主要为/主要是, decided by what precedes */
  role: 'enum' | 'reason' | 'either';
  text: string;
};

const DIGITS = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?`;
/** 万 and 亿 without 元 count only when no other word follows ("4.00万，" yes; "3万人" no). */
const AMOUNT = new RegExp(String.raw`(?<![\d.,])${DIGITS}\s*(亿元|万元|千元|元|万(?![\u4e00-\u9fff\w])|亿(?![\u4e00-\u9fff\w]))`, 'g');
const PERCENT = /(?<![\d.])(\d+(?:\.\d+)?)\s*%/g;

/** "占92.97%", "占 6.64%", "占比为5%", "占收入总额的90%", "占部门支出的比重为5%". */
const SHARE_LEAD = /占(?:[^,;:。、\d%]{1,14}的)?(?:比重|比例|比)?(?:为|达)?\s*$/;

/** A bound or a rate rather than a stated figure: "50万元以上", "每家600元", "≤55万元". */
const AFTER_NOT_A_FIGURE = /^\s*(?:以上|以下|以内|左右|及以上|及以下|\/|每)/;
const BEFORE_NOT_A_FIGURE = /(?:[≥≤<>≧≦＞＜]|不超过|不低于|不少于|不高于|不多于|控制在|低于|高于|超过|多于|少于)\s*$/;

const VERBS: ReadonlyArray<readonly [RegExp, ChangeDirection]> = [
  [/(?:增加|增长|上升|提高|增幅(?:为|达)?)(?:了)?\s*$/, 'increase'],
  [/(?:减少|下降|降低|压减|缩减|降幅(?:为|达)?)(?:了)?\s*$/, 'decrease'],
];

function verbBefore(norm: string, pos: number): Verb | null {
  const before = norm.slice(Math.max(0, pos - 8), pos);
  for (const [re, direction] of VERBS) {
    const m = re.exec(before);
    if (m) {
      const start = pos - before.length + m.index;
      return { start, end: start + m[0].trimEnd().length, direction };
    }
  }
  return null;
}

const UNIT_OF: Readonly<Record<string, Unit>> = { 元: '元', 千元: '千元', 万元: '万元', 万: '万元', 亿元: '亿元', 亿: '亿元' };

function decimalOf(intPart: string, frac: string | undefined): { value: Decimal; decimals: number } {
  const digits = intPart.replace(/,/g, '') + (frac !== undefined ? `.${frac}` : '');
  const value = new Decimal(digits);
  return { value: value.isZero() ? new Decimal(0) : value, decimals: frac?.length ?? 0 };
}

/** Amounts with a currency unit, percentages that are shares (占) or changes (下降 …), and 持平. */
export function figureTokens(norm: string): FigureToken[] {
  const out: FigureToken[] = [];
  for (const m of norm.matchAll(AMOUNT)) {
    const start = m.index;
    const end = start + m[0].length;
    const intPart = m[1];
    const unitText = m[3];
    if (intPart === undefined || unitText === undefined) continue;
    if (AFTER_NOT_A_FIGURE.test(norm.slice(end, end + 4))) continue;
    if (BEFORE_NOT_A_FIGURE.test(norm.slice(Math.max(0, start - 4), start))) continue;
    const unit = UNIT_OF[unitText];
    if (!unit) continue;
    out.push({ t: 'amount', start, end, ...decimalOf(intPart, m[2]), unit, printedUnit: unitText, verb: verbBefore(norm, start) });
  }
  for (const m of norm.matchAll(PERCENT)) {
    const start = m.index;
    const end = start + m[0].length;
    const num = m[1];
    if (num === undefined) continue;
    if (AFTER_NOT_A_FIGURE.test(norm.slice(end, end + 4))) continue;
    const before = norm.slice(Math.max(0, start - 8), start);
    if (BEFORE_NOT_A_FIGURE.test(before)) continue;
    const [intPart, frac] = num.split('.') as [string, string | undefined];
    const share = SHARE_LEAD.exec(norm.slice(Math.max(0, start - 24), start));
    if (share) {
      out.push({ t: 'percent', start, end, ...decimalOf(intPart, frac), role: 'share', lead: start - share[0].length, verb: null });
      continue;
    }
    const verb = verbBefore(norm, start);
    if (verb) out.push({ t: 'percent', start, end, ...decimalOf(intPart, frac), role: 'change', lead: verb.start, verb });
  }
  for (const m of norm.matchAll(/持平/g)) out.push({ t: 'flat', start: m.index, end: m.index + m[0].length });
  return out.sort((a, b) => a.start - b.start);
}

/**
 * List and reason markers. Order matters: the first alternative that matches at a position wins
 * (主要原因 before 主要是; 其中…主要用于 as one marker).
 */
const MARKERS: ReadonlyArray<readonly [RegExp, MarkerToken['role']]> = [
  [/(?:增减变化的)?主要原因(?:是|为|如下)?\s*:?/y, 'reason'],
  [/原因(?:是|为)\s*:?/y, 'reason'],
  [/其中\s*[:,]?\s*(?:本年支出)?\s*主要用于(?:以下方面)?\s*:?/y, 'enum'],
  [/其中\s*[:,]?/y, 'enum'],
  [/主要用于(?:以下方面)?\s*:?/y, 'enum'],
  [/(?<!不)(?:主要)?包括\s*:?/y, 'enum'],
  [/主要(?:为|是|有)\s*:?/y, 'either'],
];

/** Every marker begins with one of these characters: elsewhere no pattern needs trying. */
const MARKER_STARTS = new Set(['增', '原', '其', '主', '包']);

export function markerTokens(norm: string): MarkerToken[] {
  const out: MarkerToken[] = [];
  let i = 0;
  while (i < norm.length) {
    let hit: MarkerToken | null = null;
    if (!MARKER_STARTS.has(norm[i]!)) {
      i++;
      continue;
    }
    for (const [re, role] of MARKERS) {
      re.lastIndex = i;
      const m = re.exec(norm);
      if (m && m[0].length > 0) {
        const text = m[0].replace(/\s+$/, '');
        hit = { t: 'marker', start: i, end: i + text.length, role, text };
        break;
      }
    }
    if (hit) {
      out.push(hit);
      i = hit.end;
    } else i++;
  }
  return out;
}

export const OPENERS = '([【〔［<《';
export const CLOSERS = ')]】〕］>》';

/** Matched bracket pairs (any opener with any closer: prose mixes "（…)"), and unmatched brackets. */
export function bracketPairs(norm: string): { pairs: Span[]; unmatched: number[] } {
  const stack: number[] = [];
  const pairs: Span[] = [];
  const unmatched: number[] = [];
  for (let i = 0; i < norm.length; i++) {
    const c = norm[i] ?? '';
    if (OPENERS.includes(c)) stack.push(i);
    else if (CLOSERS.includes(c)) {
      const open = stack.pop();
      if (open === undefined) unmatched.push(i);
      else pairs.push({ start: open, end: i + 1 });
    }
  }
  unmatched.push(...stack);
  return { pairs: pairs.sort((a, b) => a.start - b.start), unmatched: unmatched.sort((a, b) => a - b) };
}

/** Clause boundaries (after normalisation): a subject never reaches across them. */
export const BOUNDARY = /[。!?;,:、\n]/;
export const SENTENCE_END = /[。!?\n]/;

export type Reference = Span & { text: string; year: number | null; relative: boolean };

/** "比2022年", "较去年", "与 2022 年预算相比", "与上年预算数", "较2025年预算". */
export const REFERENCE = /(?:比|较|(?<!参)与|相对于?)\s*(?:(上年度?|去年|上一年度?)|((?:19|20)\d{2})\s*年度?)\s*(?:同期)?(?:年初)?(?:预算执行数|预算数|预算|决算数|执行数)?\s*(?:相比|比较)?/g;

export function referencesIn(norm: string): Reference[] {
  const out: Reference[] = [];
  for (const m of norm.matchAll(REFERENCE)) {
    const text = m[0].replace(/\s+$/, '');
    out.push({ start: m.index, end: m.index + text.length, text, year: m[2] !== undefined ? Number(m[2]) : null, relative: m[1] !== undefined });
  }
  return out;
}

export type YearToken = Span & { year: number; date: boolean };

const CN_DIGITS: Readonly<Record<string, string>> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** Years named in the text: "2024年", "2023 年度", "二〇二四年", "2023-12-31". */
export function yearTokens(norm: string): YearToken[] {
  const out: YearToken[] = [];
  for (const m of norm.matchAll(/(?<!\d)((?:19|20)\d{2})\s*年(?:度)?/g)) {
    const after = norm.slice(m.index + m[0].length, m.index + m[0].length + 6);
    const before = norm.slice(Math.max(0, m.index - 4), m.index);
    const date = /^\s*(?:\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月|期末|年末|年底|末|底)/.test(after) || /(?:截至|截止)\s*$/.test(before);
    out.push({ start: m.index, end: m.index + m[0].length, year: Number(m[1]), date });
  }
  for (const m of norm.matchAll(/[〇零一二三四五六七八九]{4}年/g)) {
    const digits = [...m[0].slice(0, 4)].map((c) => CN_DIGITS[c] ?? '').join('');
    const year = Number(digits);
    if (year >= 1900 && year < 2100) out.push({ start: m.index, end: m.index + m[0].length, year, date: /^[一二三四五六七八九十]{1,2}月/.test(norm.slice(m.index + 5, m.index + 8)) });
  }
  for (const m of norm.matchAll(/(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g)) {
    out.push({ start: m.index, end: m.index + 4, year: Number(m[1]), date: true });
  }
  return out.sort((a, b) => a.start - b.start);
}
