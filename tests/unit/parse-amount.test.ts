import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { formatAmount, parseAmount, parsePercent, type ParsedAmount } from '../../lib/parse/amount';

/** The parse result with the Decimal as a string, so failures print readably. */
function plain(p: ParsedAmount): { kind: string; value?: string; decimals?: number } {
  return p.kind === 'amount' ? { kind: p.kind, value: p.value.toString(), decimals: p.decimals } : { kind: p.kind };
}
const amount = (value: string, decimals: number) => ({ kind: 'amount', value, decimals });

describe('parseAmount: plain numbers', () => {
  it('reads 2230.80 as 2230.8 with two printed decimals', () => {
    expect(plain(parseAmount('2230.80'))).toEqual(amount('2230.8', 2));
  });

  it('returns an exact Decimal, not a float', () => {
    const p = parseAmount('0.10');
    expect(p.kind).toBe('amount');
    if (p.kind !== 'amount') return;
    expect(Decimal.isDecimal(p.value)).toBe(true);
    expect(p.value.plus(new Decimal('0.20')).toString()).toBe('0.3');
  });

  it('reads an integer "100" with decimals 0', () => {
    expect(plain(parseAmount('100'))).toEqual(amount('100', 0));
  });

  it('reads "0.00" as the amount 0, not as a blank', () => {
    expect(plain(parseAmount('0.00'))).toEqual(amount('0', 2));
  });

  it('keeps the number of printed decimals, whatever they are', () => {
    expect(plain(parseAmount('12,345,678.9'))).toEqual(amount('12345678.9', 1));
    expect(plain(parseAmount('1.2345'))).toEqual(amount('1.2345', 4));
  });
});

describe('parseAmount: thousands separators', () => {
  it('reads 131,792.35', () => {
    expect(plain(parseAmount('131,792.35'))).toEqual(amount('131792.35', 2));
  });

  it('reads 2,082.70', () => {
    expect(plain(parseAmount('2,082.70'))).toEqual(amount('2082.7', 2));
  });

  it('reads an integer with separators, 1,234', () => {
    expect(plain(parseAmount('1,234'))).toEqual(amount('1234', 0));
  });

  it.each(['1,23.45', '1,2345', '12,34', ',123', '123,'])('treats malformed grouping %j as text', (s) => {
    expect(parseAmount(s)).toEqual({ kind: 'text' });
  });
});

describe('parseAmount: whitespace and full-width forms', () => {
  it('reads "2230. 80" (a stray space inside the number)', () => {
    expect(plain(parseAmount('2230. 80'))).toEqual(amount('2230.8', 2));
  });

  it('reads " 18.50 " (surrounding spaces)', () => {
    expect(plain(parseAmount(' 18.50 '))).toEqual(amount('18.5', 2));
  });

  it('reads &nbsp; and U+3000 padding around a number', () => {
    expect(plain(parseAmount('\u00a0\u300018.50\u3000'))).toEqual(amount('18.5', 2));
  });

  it('reads full-width digits and point "１２３．４５"', () => {
    expect(plain(parseAmount('１２３．４５'))).toEqual(amount('123.45', 2));
  });

  it('reads a full-width comma separator "１，２３４．００"', () => {
    expect(plain(parseAmount('１，２３４．００'))).toEqual(amount('1234', 2));
  });
});

describe('parseAmount: negatives', () => {
  it('reads half-width parentheses "(1,234.00)" as negative', () => {
    expect(plain(parseAmount('(1,234.00)'))).toEqual(amount('-1234', 2));
  });

  it('reads full-width parentheses "（12.50）" as negative', () => {
    expect(plain(parseAmount('（12.50）'))).toEqual(amount('-12.5', 2));
  });

  it('reads "-3.00"', () => {
    expect(plain(parseAmount('-3.00'))).toEqual(amount('-3', 2));
  });

  it('reads U+2212 minus "−3.00"', () => {
    expect(plain(parseAmount('\u22123.00'))).toEqual(amount('-3', 2));
  });

  it('reads full-width minus "－3.00"', () => {
    expect(plain(parseAmount('－3.00'))).toEqual(amount('-3', 2));
  });

  it('reads "-0.00" and "(0.00)" as zero without a negative sign', () => {
    for (const s of ['-0.00', '(0.00)', '\u22120.00']) {
      const p = parseAmount(s);
      expect(p.kind).toBe('amount');
      if (p.kind !== 'amount') continue;
      expect(p.value.isNegative(), s).toBe(false);
      expect(formatAmount(p.value, p.decimals), s).toBe('0.00');
    }
  });

  it.each(['(-1.00)', '−(1.00)', '(1.00', '1.00)', '()'])('treats a doubled or unbalanced sign %j as text', (s) => {
    expect(parseAmount(s)).toEqual({ kind: 'text' });
  });
});

describe('parseAmount: blanks', () => {
  it.each([
    ['empty', ''],
    ['a space', ' '],
    ['U+3000', '\u3000'],
    ['&nbsp;', '\u00a0'],
    ['hyphen', '-'],
    ['em dash', '—'],
    ['two em dashes', '——'],
    ['full-width hyphen', '－'],
    ['two hyphens', '--'],
    ['two full-width hyphens', '－－'],
    ['en dash', '–'],
    ['U+2212 minus alone', '\u2212'],
    ['a padded dash', '\u3000—\u00a0'],
    ['a slash', '/'],
    ['an ellipsis', '……'],
  ])('%s is a blank', (_name, s) => {
    expect(parseAmount(s)).toEqual({ kind: 'blank' });
  });
});

describe('parseAmount: text', () => {
  it.each([
    ['a label', '合计'],
    ['a code with its name', '2101501 行政运行'],
    ['a percentage', '6.64%'],
    ['exponent notation', '1e5'],
    ['hex', '0x10'],
    ['Infinity', 'Infinity'],
    ['NaN', 'NaN'],
    ['a leading point', '.5'],
    ['a trailing point', '1.'],
    ['a currency sign', '¥12.00'],
    ['Arabic-Indic digits', '١٢٣'],
  ])('%s is text', (_name, s) => {
    expect(parseAmount(s)).toEqual({ kind: 'text' });
  });
});

describe('parseAmount: a money unit printed after the figure', () => {
  const withUnit = (s: string) => {
    const p = parseAmount(s);
    return p.kind === 'amount' ? { value: p.value.toString(), decimals: p.decimals, unit: p.unit } : p;
  };
  it.each([
    ['5.00万元', { value: '5', decimals: 2, unit: '万元' }],
    ['39,300 元', { value: '39300', decimals: 0, unit: '元' }],
    ['（1.50）万元', { value: '-1.5', decimals: 2, unit: '万元' }],
    ['０．２亿元', { value: '0.2', decimals: 1, unit: '亿元' }],
    ['12千元', { value: '12', decimals: 0, unit: '千元' }],
  ])('reads %j with its unit', (s, expected) => {
    expect(withUnit(s)).toEqual(expected);
  });
  it('a plain figure has none', () => {
    expect(withUnit('5.00')).toEqual({ value: '5', decimals: 2, unit: null });
  });
  it.each(['万元', '元', '5.00万', '5.00美元', '约5万元', '5万元以上'])('%j is text', (s) => {
    expect(parseAmount(s)).toEqual({ kind: 'text' });
  });
});

describe('parsePercent', () => {
  const pct = (s: string) => {
    const p = parsePercent(s);
    return p && { value: p.value.toString(), decimals: p.decimals };
  };

  it('reads "92.97%"', () => {
    expect(pct('92.97%')).toEqual({ value: '92.97', decimals: 2 });
  });

  it('reads "占0%" as 0%: the 占 ("accounts for") prefix is allowed, as documented', () => {
    expect(pct('占0%')).toEqual({ value: '0', decimals: 0 });
  });

  it('reads full-width "０．５１％"', () => {
    expect(pct('０．５１％')).toEqual({ value: '0.51', decimals: 2 });
  });

  it('reads a negative "-3.5%"', () => {
    expect(pct('-3.5%')).toEqual({ value: '-3.5', decimals: 1 });
  });

  it('reads full-width and U+2212 minus signs', () => {
    expect(pct('－3.5％')).toEqual({ value: '-3.5', decimals: 1 });
    expect(pct('\u22123.5%')).toEqual({ value: '-3.5', decimals: 1 });
  });

  it('tolerates spaces before the % sign', () => {
    expect(pct('5 %')).toEqual({ value: '5', decimals: 0 });
  });

  it.each(['92.97', '%', '占比92.97%', '6.64%以上', '50‰', '合计', ''])('returns null for %j', (s) => {
    expect(parsePercent(s)).toBeNull();
  });
});

describe('formatAmount', () => {
  it('prints two decimals by default', () => {
    expect(formatAmount(new Decimal('2230.8'))).toBe('2230.80');
  });

  it('prints the requested number of decimals', () => {
    expect(formatAmount(new Decimal('1'), 3)).toBe('1.000');
    expect(formatAmount(new Decimal('1234.5'), 0)).toBe('1235');
  });

  it('prints negatives with a leading minus and no thousands separators', () => {
    expect(formatAmount(new Decimal('-131792.35'))).toBe('-131792.35');
  });

  it('rounds half up, exactly (no binary float error)', () => {
    expect(formatAmount(new Decimal('1.005'))).toBe('1.01');
    expect(formatAmount(new Decimal('2.675'))).toBe('2.68');
  });

  it.each([
    ['2230.80', '2230.80'],
    ['2,082.70', '2082.70'],
    ['（12.50）', '-12.50'],
    ['0.00', '0.00'],
    ['100', '100'],
  ])('prints what parseAmount read from %j, with its printed decimals, as %j', (printed, expected) => {
    const p = parseAmount(printed);
    expect(p.kind).toBe('amount');
    if (p.kind === 'amount') expect(formatAmount(p.value, p.decimals)).toBe(expected);
  });
});
