import type { Unit } from '../model/amount';
import { stripSpace, toHalfWidth } from './text';

const UNIT_LINE = /(?:金额|计量|货币)?单位[:：]?(?:人民币)?(亿元|万元|千元|元)(?![\u4e00-\u9fff])/;
const BRACKETED = /[(（](?:金额)?(?:单位[:：]?)?(亿元|万元|千元|元)[)）]/;

/** The unit declared by a line such as "单位：万元" or "金额单位：元". "单位：沅江市医疗保障局" is not one. */
export function unitFromLine(line: string): Unit | null {
  const m = UNIT_LINE.exec(toHalfWidth(stripSpace(line)).replace(/:/g, '：'));
  return (m?.[1] as Unit | undefined) ?? null;
}

/** The unit a header label carries: "项目金额（万元）", "预算数(万元)". */
export function unitFromLabel(label: string): Unit | null {
  const m = BRACKETED.exec(stripSpace(label));
  return (m?.[1] as Unit | undefined) ?? null;
}
