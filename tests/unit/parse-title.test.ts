import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import {
  departmentFromLine,
  isSheetNumberLine,
  isTitleLine,
  kindFromTitle,
  looksLikeOrganisation,
  yearFromText,
} from '../../lib/parse/title';
import { FUNCTION_CODES } from '../../lib/data/function-codes';
import { DEPARTMENT_ECONOMIC_CODES, GOVERNMENT_ECONOMIC_CODES } from '../../lib/data/economic-codes';

type GoldenTitle = { kind: string; title: string | null };
const goldenDir = new URL('../fixtures/golden/', import.meta.url);
const goldenTables: Array<GoldenTitle & { file: string }> = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap((f) =>
    (JSON.parse(readFileSync(new URL(f, goldenDir), 'utf8')) as { tables: GoldenTitle[] }).tables.map((t) => ({ ...t, file: f })),
  );
const titled = goldenTables.filter((t): t is GoldenTitle & { file: string; title: string } => t.title !== null);
const distinct = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

describe('kindFromTitle on every golden title', () => {
  const known = titled.filter((t) => t.kind !== 'other');

  it('has golden titles to check', () => {
    expect(known.length).toBeGreaterThan(50);
  });

  it.each(known.map((t) => [t.file, t.title, t.kind] as const))('%s: %s → %s', (_file, title, kind) => {
    expect(kindFromTitle(title)).toBe(kind);
  });

  it('maps exactly these golden titles (all of kind "other") to null', () => {
    expect(distinct(titled.filter((t) => kindFromTitle(t.title) === null).map((t) => t.title)).sort()).toEqual(
      ['2024年机关（机构）运行经费', '单位固定资产占用情况表', '单位政府采购预算', '财政专户管理资金预算支出表', '部门固定资产占用情况表', '部门政府采购预算'].sort(),
    );
  });

  it('gives null for every golden title of kind "other"', () => {
    for (const t of titled.filter((x) => x.kind === 'other')) expect(kindFromTitle(t.title), t.title).toBeNull();
  });
});

describe('kindFromTitle rules', () => {
  it('lets 绩效 win over 项目支出 (项目支出绩效目标表 is performance)', () => {
    expect(kindFromTitle('项目支出绩效目标表')).toBe('performance');
  });

  it('lets 三公 win over 一般公共预算 … 支出', () => {
    expect(kindFromTitle('一般公共预算“三公”经费支出表')).toBe('three-public');
  });

  it('reads 财政拨款收支总表 as fiscal-summary, not income-expense-summary', () => {
    expect(kindFromTitle('财政拨款收支总表')).toBe('fiscal-summary');
  });

  it('reads 一般公共预算基本支出 before 一般公共预算 … 支出', () => {
    expect(kindFromTitle('一般公共预算基本支出表')).toBe('general-basic');
    expect(kindFromTitle('一般公共预算支出表')).toBe('general-expense');
  });

  it('ignores whitespace and full-width characters in the title', () => {
    expect(kindFromTitle('2023 年　部门收支预算表')).toBe('income-expense-summary');
    expect(kindFromTitle('２０２４年部门收入预算表')).toBe('income');
  });

  it('gives null for a title that names no known kind', () => {
    expect(kindFromTitle('部门政府采购预算')).toBeNull();
    expect(kindFromTitle('')).toBeNull();
  });
});

describe('isTitleLine', () => {
  it.each(distinct(titled.filter((t) => t.kind !== 'other').map((t) => t.title)))('golden title %s is a title line', (title) => {
    expect(isTitleLine(title)).toBe(true);
  });

  it.each(['2023 年部门收支预算表', '表1 收支总表', '部门固定资产占用情况表'])('%s is a title line', (line) => {
    expect(isTitleLine(line)).toBe(true);
  });

  it.each([
    ['a unit line', '单位：万元'],
    ['a unit line with 金额', '金额单位：万元'],
    ['a department line', '部门名称：新乡市凤泉区医疗保障局'],
    ['a sheet number', '预算 01 表'],
    ['a sheet number with a sub-number', '预算01-1表'],
    ['an appendix number', '附表3'],
    ['a note', '注：本表金额转换为万元时，因四舍五入可能存在尾数误差。'],
    ['a remark', '备注：无'],
    ['a budget-year line', '预算年度：2024'],
    ['an empty line', ''],
    ['a blank line', '\u3000\u00a0'],
  ])('%s is not a title line', (_name, line) => {
    expect(isTitleLine(line)).toBe(false);
  });

  it('a long prose sentence is not a title line', () => {
    expect(
      isTitleLine('新乡市凤泉区医疗保障局2023年收入总计2230.80万元，支出总计2230.80万元，与2022年相比，收支总计各增加18.50万元，增长0.84%。'),
    ).toBe(false);
  });

  it('a short sentence naming a table kind is not a title line', () => {
    expect(isTitleLine('2023年一般公共预算支出2230.80万元，比上年增加')).toBe(false);
    expect(isTitleLine('2023年一般公共预算支出2230.80万元')).toBe(false);
  });

  it('a line over 80 characters is not a title line', () => {
    expect(isTitleLine(`${'一'.repeat(80)}收支总表`)).toBe(false);
  });
});

describe('isSheetNumberLine', () => {
  it.each(['预算 01 表', '预算01-1表', '附表3', '表1'])('%s is a sheet number', (line) => {
    expect(isSheetNumberLine(line)).toBe(true);
  });

  it.each(['表1 收支总表', '收支总表', '单位：万元'])('%s is not a sheet number', (line) => {
    expect(isSheetNumberLine(line)).toBe(false);
  });
});

describe('yearFromText', () => {
  it('reads "2023 年部门收支预算表" → 2023', () => {
    expect(yearFromText('2023 年部门收支预算表')).toBe(2023);
  });

  it('reads "预算年度：2024" → 2024', () => {
    expect(yearFromText('预算年度：2024')).toBe(2024);
  });

  it('reads "预算年度:2024" with a half-width colon', () => {
    expect(yearFromText('预算年度:2024')).toBe(2024);
  });

  it('reads "（2023 年度）" → 2023', () => {
    expect(yearFromText('（2023 年度）')).toBe(2023);
  });

  it('reads full-width digits "２０２４年"', () => {
    expect(yearFromText('２０２４年')).toBe(2024);
  });

  it('reads the first year of a date "2024年3月12日"', () => {
    expect(yearFromText('2024年3月12日')).toBe(2024);
  });

  it('returns null for "第3页"', () => {
    expect(yearFromText('第3页')).toBeNull();
  });

  it('returns null for a date without 年 "2025-12-31"', () => {
    expect(yearFromText('截止时间：2025-12-31')).toBeNull();
  });

  it('does not read a year out of a longer number ("12023年", "预算年度：20245")', () => {
    expect(yearFromText('12023年')).toBeNull();
    expect(yearFromText('预算年度：20245')).toBeNull();
  });

  it('returns null for years out of range', () => {
    expect(yearFromText('预算年度：1800')).toBeNull();
    expect(yearFromText('2101年')).toBeNull();
  });
});

describe('departmentFromLine', () => {
  it.each([
    ['部门名称：新乡市凤泉区医疗保障局', '新乡市凤泉区医疗保障局'],
    ['部门：沅江市医疗保障局', '沅江市医疗保障局'],
    ['单位：沅江市医疗保障局', '沅江市医疗保障局'],
    ['部门名称:焦作市医疗保障局', '焦作市医疗保障局'],
    ['[450]涞水县医疗保障局', '涞水县医疗保障局'],
    ['［450］涞水县医疗保障局', '涞水县医疗保障局'],
    ['【450】涞水县医疗保障局', '涞水县医疗保障局'],
    ['806涞源县医疗保障局', '涞源县医疗保障局'],
    ['806001涞源县医疗保障局本级', '涞源县医疗保障局本级'],
    ['部门名称：\u3000焦作市医疗保障局\u3000', '焦作市医疗保障局'],
  ])('reads %j → %s', (line, department) => {
    expect(departmentFromLine(line)).toBe(department);
  });

  it('stops at a unit label printed on the same line', () => {
    expect(departmentFromLine('部门名称：新乡市凤泉区医疗保障局　　　　单位：万元')).toBe('新乡市凤泉区医疗保障局');
    expect(departmentFromLine('部门：沅江市医疗保障局 金额单位：万元')).toBe('沅江市医疗保障局');
  });

  it.each([
    ['a unit line', '单位：万元'],
    ['a budget item after a label', '部门：行政运行'],
    ['a code and a budget item', '2101501行政运行'],
    ['a title', '2023年部门收支预算表'],
    ['an empty line', ''],
  ])('returns null for %s', (_name, line) => {
    expect(departmentFromLine(line)).toBeNull();
  });
});

describe('looksLikeOrganisation', () => {
  it.each([
    '新乡市凤泉区医疗保障局',
    '沅江市医疗保障局本级',
    '焦作市医疗保障局机关',
    '焦作市医疗保障服务中心',
    '涞水县医疗保险事业管理所',
    '沅江市人民医院',
    '中共沅江市委员会',
    '沅江市人民政府办公室',
    '[450]涞水县医疗保障局',
    '201001沅江市医疗保障局',
    '沅江市第一中学',
  ])('%s is an organisation', (name) => {
    expect(looksLikeOrganisation(name)).toBe(true);
  });

  it.each(['行政运行', '住房公积金', '其他支出', '公务接待费', '事业运行', '机关服务', '一般行政管理事务', '合计', '局'])(
    '%s is not an organisation',
    (name) => {
      expect(looksLikeOrganisation(name)).toBe(false);
    },
  );

  it.each(['公立医院', '综合医院', '乡镇卫生院', '武装警察部队', '社会科学'])(
    'the budget item %s is not an organisation, though it ends like one',
    (name) => {
      expect(looksLikeOrganisation(name)).toBe(false);
    },
  );

  it('no official classification item name reads as an organisation', () => {
    const names = [FUNCTION_CODES, DEPARTMENT_ECONOMIC_CODES, GOVERNMENT_ECONOMIC_CODES].flatMap((t) => Object.values(t));
    expect(names.filter(looksLikeOrganisation)).toEqual([]);
  });
});
