import { describe, expect, it } from 'vitest';
import { readContext } from '../../lib/extract/context';

const titleOf = (before: string[]) => readContext(before, null, []).title;

describe('a title printed on two lines (a PDF wraps it, a heading breaks it) is read whole', () => {
  it.each([
    [
      'the first line stops inside a parenthesis',
      ['8.2024年省级财政城乡居民社会保险（医保）代办员补助资金(冀财社', '[2023]225号）绩效目标表', '450001涞水县医疗保障局本级', '单位：万元'],
      '8.2024年省级财政城乡居民社会保险（医保）代办员补助资金(冀财社[2023]225号）绩效目标表',
    ],
    [
      'the last line is a bare ending',
      ['12.2024年中央财政医疗服务与保障能力提升补助资金（冀财社[2023]208号）', '绩效目标表', '单位：万元'],
      '12.2024年中央财政医疗服务与保障能力提升补助资金（冀财社[2023]208号）绩效目标表',
    ],
    [
      'the first line starts like a title and is as long as a wrapped line',
      ['4、冀财社【2025】128关于提前下达2026年中央财政医疗服务与保障能力提升', '补助资金预算的通知绩效目标表', '单位：万元'],
      '4、冀财社【2025】128关于提前下达2026年中央财政医疗服务与保障能力提升补助资金预算的通知绩效目标表',
    ],
  ])('%s', (_name, before, title) => {
    expect(titleOf(before)).toBe(title);
  });

  it.each([
    ['a section heading above the title', ['一、涞源县医疗保障局本级收支预算', '单位预算收支总表', '单位：万元'], '单位预算收支总表'],
    ['a heading above a numbered title', ['五、项目支出绩效目标', '1.2024年软件维护费绩效目标表'], '1.2024年软件维护费绩效目标表'],
    ['a heading above a title that starts with its year', ['第三部分 部门预算公开', '2024年部门收支预算表'], '2024年部门收支预算表'],
    ['a sentence above the title', ['“三公”经费支出情况具体如下：', '绩效目标表'], '绩效目标表'],
    ['another title above the title', ['2024年一般公共预算支出预算表', '绩效目标表'], '绩效目标表'],
    ['a preamble line above the title', ['单位：万元', '绩效目标表'], '绩效目标表'],
  ])('not joined: %s', (_name, before, title) => {
    expect(titleOf(before)).toBe(title);
  });
});
