import { describe, expect, it } from 'vitest';
import { unitFromLabel, unitFromLine } from '../../lib/parse/unit';

describe('unitFromLine', () => {
  it.each([
    ['单位：万元', '万元'],
    ['金额单位：万元', '万元'],
    ['单位:元', '元'],
    ['单位： 万元', '万元'],
    ['单位：千元', '千元'],
    ['单位：亿元', '亿元'],
  ] as const)('reads %j as %s', (line, unit) => {
    expect(unitFromLine(line)).toBe(unit);
  });

  it('reads a unit line padded with U+3000 and &nbsp;', () => {
    expect(unitFromLine('\u3000\u3000单位\u00a0：\u3000万元\u3000')).toBe('万元');
  });

  it('reads 单位：人民币元', () => {
    expect(unitFromLine('单位：人民币元')).toBe('元');
  });

  it('reads the unit at the end of a preamble line that also names the department', () => {
    expect(unitFromLine('部门名称：焦作市医疗保障局　　　　单位：万元')).toBe('万元');
  });

  it('reads a unit followed by a bracketed remark', () => {
    expect(unitFromLine('单位：元（保留两位小数）')).toBe('元');
  });

  it('does not read a department named after 单位： as a unit (沅江 starts with 沅, not 元)', () => {
    expect(unitFromLine('单位：沅江市医疗保障局')).toBeNull();
  });

  it('does not read a place name starting with 元 as the unit 元', () => {
    expect(unitFromLine('编制单位：元氏县医疗保障局')).toBeNull();
    expect(unitFromLine('单位名称：元江县医疗保障局')).toBeNull();
  });

  it('returns null for a department line', () => {
    expect(unitFromLine('部门名称：新乡市凤泉区医疗保障局')).toBeNull();
  });

  it('returns null for 万元 without a 单位 label ("万元户")', () => {
    expect(unitFromLine('万元户')).toBeNull();
  });

  it('returns null for an empty line', () => {
    expect(unitFromLine('')).toBeNull();
  });
});

describe('unitFromLabel', () => {
  it('reads a full-width bracketed unit "项目金额（万元）"', () => {
    expect(unitFromLabel('项目金额（万元）')).toBe('万元');
  });

  it('reads a half-width bracketed unit "预算数(万元)"', () => {
    expect(unitFromLabel('预算数(万元)')).toBe('万元');
  });

  it('reads "价值（金额单位：万元）"', () => {
    expect(unitFromLabel('价值（金额单位：万元）')).toBe('万元');
  });

  it('reads a bracket with 单位 and a half-width colon "金额(单位:元)"', () => {
    expect(unitFromLabel('金额(单位:元)')).toBe('元');
  });

  it('reads a label split by spaces "预算数 （ 万元 ）"', () => {
    expect(unitFromLabel('预算数 （ 万元 ）')).toBe('万元');
  });

  it('returns null for "万元户" (no bracket)', () => {
    expect(unitFromLabel('万元户')).toBeNull();
  });

  it('returns null for a label with no unit', () => {
    expect(unitFromLabel('合计')).toBeNull();
    expect(unitFromLabel('比上年增长(%)')).toBeNull();
  });

  it('returns null for a bracket holding something else than a unit "（元宝区）"', () => {
    expect(unitFromLabel('单位名称（元宝区）')).toBeNull();
  });
});
