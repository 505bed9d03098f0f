import { describe, expect, it } from 'vitest';
import { joinSplitCode, leadingCode, parentCode, parseCode } from '../../lib/parse/code';

describe('parseCode: function codes (支出功能分类)', () => {
  it('reads 210 as a 类 (level 1)', () => {
    expect(parseCode('210')).toEqual({ code: '210', scheme: 'function', level: 1 });
  });

  it('reads 21015 as a 款 (level 2)', () => {
    expect(parseCode('21015')).toEqual({ code: '21015', scheme: 'function', level: 2 });
  });

  it('reads 2101501 as a 项 (level 3)', () => {
    expect(parseCode('2101501')).toEqual({ code: '2101501', scheme: 'function', level: 3 });
  });

  it('reads full-width digits "２１０"', () => {
    expect(parseCode('２１０')).toEqual({ code: '210', scheme: 'function', level: 1 });
  });

  it('ignores surrounding whitespace, &nbsp; and U+3000', () => {
    expect(parseCode('\u3000 2101501\u00a0')).toEqual({ code: '2101501', scheme: 'function', level: 3 });
  });
});

describe('parseCode: economic codes', () => {
  it('reads 301 as a department economic 类 (level 1)', () => {
    expect(parseCode('301')).toEqual({ code: '301', scheme: 'economic-department', level: 1 });
  });

  it('reads 30101 as a department economic 款 (level 2)', () => {
    expect(parseCode('30101')).toEqual({ code: '30101', scheme: 'economic-department', level: 2 });
  });

  it('reads 501 as a government economic 类 (level 1)', () => {
    expect(parseCode('501')).toEqual({ code: '501', scheme: 'economic-government', level: 1 });
  });

  it('reads 50501 as a government economic 款 (level 2)', () => {
    expect(parseCode('50501')).toEqual({ code: '50501', scheme: 'economic-government', level: 2 });
  });

  it('rejects a 7-digit economic code (economic codes stop at 款)', () => {
    expect(parseCode('3010101')).toBeNull();
    expect(parseCode('5050101')).toBeNull();
  });
});

describe('parseCode: not classification codes', () => {
  it('rejects a 6-digit unit code 201001', () => {
    expect(parseCode('201001')).toBeNull();
  });

  it('rejects a long project code 410704220000000009297', () => {
    expect(parseCode('410704220000000009297')).toBeNull();
  });

  it.each(['2', '21', '2101', '101', '10101', '401', '909'])('rejects %j (wrong length or leading digit)', (s) => {
    expect(parseCode(s)).toBeNull();
  });

  it.each(['', '合计', '210.00', '-210', '210行政运行', '2101501 行政运行'])('rejects non-digit text %j', (s) => {
    expect(parseCode(s)).toBeNull();
  });
});

describe('joinSplitCode (类 | 款 | 项)', () => {
  it('joins 210 | 15 | 01 into 2101501', () => {
    expect(joinSplitCode('210', '15', '01')).toBe('2101501');
  });

  it('reads a 类 alone: 210 | | → 210', () => {
    expect(joinSplitCode('210', '', '')).toBe('210');
  });

  it('reads a 类 and 款: 210 | 15 | → 21015', () => {
    expect(joinSplitCode('210', '15', '')).toBe('21015');
  });

  it('rejects a 项 without its 款: 210 | | 01 → null', () => {
    expect(joinSplitCode('210', '', '01')).toBeNull();
  });

  it('joins full-width parts "２１０" | "１５" | "０１"', () => {
    expect(joinSplitCode('２１０', '１５', '０１')).toBe('2101501');
  });

  it('rejects parts of the wrong length: 21 | 5 | 1 → null', () => {
    expect(joinSplitCode('21', '5', '1')).toBeNull();
  });

  it('rejects a one-digit 款 or 项', () => {
    expect(joinSplitCode('210', '1', '01')).toBeNull();
    expect(joinSplitCode('210', '15', '1')).toBeNull();
  });

  it('rejects an empty 类 even when 款 and 项 are printed', () => {
    expect(joinSplitCode('', '15', '01')).toBeNull();
  });

  it('returns null when every part is empty (a 合计 row)', () => {
    expect(joinSplitCode('', '', '')).toBeNull();
    expect(joinSplitCode('\u3000', '\u00a0', ' ')).toBeNull();
  });

  it('ignores whitespace around each part', () => {
    expect(joinSplitCode(' 210 ', '\u300015', '01\u00a0')).toBe('2101501');
  });

  it('rejects non-digit parts', () => {
    expect(joinSplitCode('合计', '', '')).toBeNull();
  });
});

describe('parentCode', () => {
  it('walks a function code up its chain: 2101501 → 21015 → 210 → null', () => {
    const chain: string[] = [];
    for (let c: string | null = '2101501'; c !== null; c = parentCode(c)) chain.push(c);
    expect(chain).toEqual(['2101501', '21015', '210']);
  });

  it('gives 301 as the parent of 30101', () => {
    expect(parentCode('30101')).toBe('301');
  });

  it('gives null at the top level', () => {
    expect(parentCode('210')).toBeNull();
    expect(parentCode('301')).toBeNull();
  });

  it('gives null for a length that is no level', () => {
    expect(parentCode('2101')).toBeNull();
    expect(parentCode('')).toBeNull();
  });

  it('agrees with parseCode levels: the parent of a level-n code parses at level n-1', () => {
    for (const code of ['2101501', '21015', '30101', '50501']) {
      const parent = parentCode(code);
      expect(parent).not.toBeNull();
      expect(parseCode(parent!)?.level, code).toBe(parseCode(code)!.level - 1);
      expect(parseCode(parent!)?.scheme, code).toBe(parseCode(code)!.scheme);
    }
  });
});

describe('codes as financial systems print them', () => {
  it('reads a code in brackets: [2101501], 【309】, ［30101］', () => {
    expect(parseCode('[2101501]')).toEqual({ code: '2101501', scheme: 'function', level: 3 });
    expect(parseCode('【301】')).toEqual({ code: '301', scheme: 'economic-department', level: 1 });
    expect(parseCode('［30101］')).toEqual({ code: '30101', scheme: 'economic-department', level: 2 });
    expect(joinSplitCode('[210]', '15', '01')).toBe('2101501');
  });
  it('does not read unbalanced or other brackets', () => {
    for (const s of ['[2101501', '2101501]', '(2101501)', '[2101501】', '【2101501]']) expect(parseCode(s)).toBeNull();
  });
  it('reads the code at the start of a name: "2101501 行政运行", "[2101501]行政运行", "30101基本工资"', () => {
    expect(leadingCode('2101501 行政运行')).toEqual({ code: { code: '2101501', scheme: 'function', level: 3 }, name: '行政运行' });
    expect(leadingCode('[2101501]行政运行')?.name).toBe('行政运行');
    expect(leadingCode('30101基本工资')?.code.code).toBe('30101');
  });
  it('reads no code from a year, a figure, a number that is no classification code, or a name alone', () => {
    for (const s of ['2024年机关运行经费', '100 万元', '3.93', '450涞水县医疗保障局', '1234567 行政运行', '行政运行', '2101501', '2101501 3.00']) expect(leadingCode(s)).toBeNull();
  });
});
