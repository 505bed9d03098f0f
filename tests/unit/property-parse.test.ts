import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TABLE_KINDS } from '../../lib/model/table';
import { parseAmount, parsePercent } from '../../lib/parse/amount';
import { joinSplitCode, parentCode, parseCode } from '../../lib/parse/code';
import { canonicalLabel, collapseSpace, isSpaceCode, stripSpace, toHalfWidth } from '../../lib/parse/text';
import { departmentFromLine, isSheetNumberLine, isTitleLine, kindFromTitle, looksLikeOrganisation, yearFromText } from '../../lib/parse/title';
import { unitFromLabel, unitFromLine } from '../../lib/parse/unit';
import { amountLikeString, anyString, printedAmount, runs, splitCode, validCode } from '../helpers/arbitraries';

/** Generous: the runs take well under a second, but CI machines can be slow and busy. */
const TIMEOUT = 30_000;

describe('property: parseAmount', () => {
  it('never throws, and returns a well-formed result, on any string', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const p = parseAmount(s);
        expect(['amount', 'blank', 'text']).toContain(p.kind);
        if (p.kind === 'amount') {
          expect(Decimal.isDecimal(p.value)).toBe(true);
          expect(p.value.isFinite()).toBe(true);
          expect(Number.isInteger(p.decimals) && p.decimals >= 0).toBe(true);
          // never a negative zero
          expect(p.value.isZero() && p.value.isNegative()).toBe(false);
        }
      }),
      runs(1500),
    );
  }, TIMEOUT);

  it('reads what it accepts as an amount back to the same value when printed again', () => {
    fc.assert(
      fc.property(amountLikeString, (s) => {
        const p = parseAmount(s);
        if (p.kind !== 'amount') return;
        const again = parseAmount(p.value.toFixed(p.decimals));
        expect(again.kind).toBe('amount');
        if (again.kind !== 'amount') return;
        expect(again.value.eq(p.value)).toBe(true);
        expect(again.decimals).toBe(p.decimals);
      }),
      runs(1500),
    );
  }, TIMEOUT);

  it('round-trips a figure printed with toFixed(2), separators, full-width digits, stray spaces and negative marks', () => {
    fc.assert(
      fc.property(printedAmount(), ({ printed, value, decimals }) => {
        const p = parseAmount(printed);
        expect(p.kind).toBe('amount');
        if (p.kind !== 'amount') return;
        expect(p.value.eq(new Decimal(value))).toBe(true);
        expect(p.value.toFixed(decimals)).toBe(value);
        expect(p.decimals).toBe(decimals);
      }),
      runs(1000),
    );
  }, TIMEOUT);

  it('round-trips figures printed with any number of decimals (0–6)', () => {
    fc.assert(
      fc.property(printedAmount(fc.integer({ min: 0, max: 6 })), ({ printed, value, decimals }) => {
        const p = parseAmount(printed);
        expect(p.kind === 'amount' ? [p.value.toFixed(decimals), p.decimals] : p.kind).toEqual([value, decimals]);
      }),
      runs(500),
    );
  }, TIMEOUT);
});

describe('property: parseCode / joinSplitCode / parentCode', () => {
  it('parseCode and joinSplitCode never throw; what they return is well-formed', () => {
    fc.assert(
      fc.property(anyString, anyString, anyString, (a, b, c) => {
        const p = parseCode(a);
        if (p !== null) {
          expect(p.code).toMatch(/^\d{3}(\d{2}){0,2}$/);
          expect(p.level).toBe((p.code.length - 1) / 2);
        }
        const j = joinSplitCode(a, b, c);
        if (j !== null) expect(j).toMatch(/^\d{3}(\d{2}){0,2}$/);
      }),
      runs(1000),
    );
  }, TIMEOUT);

  it('a code split over 类 | 款 | 项 joins and parses at the level the printed parts give', () => {
    fc.assert(
      fc.property(splitCode, ({ printed, cls, section, item }) => {
        const joined = joinSplitCode(...printed);
        if (section === null && item !== null) {
          // a 项 without its 款 is not a code
          expect(joined).toBeNull();
          return;
        }
        const expected = cls + (section ?? '') + (item ?? '');
        expect(joined).toBe(expected);
        const level = 1 + (section === null ? 0 : 1) + (item === null ? 0 : 1);
        const parsed = parseCode(joined!);
        if (cls.startsWith('2')) expect(parsed).toEqual({ code: expected, scheme: 'function', level });
        else if ((cls.startsWith('3') || cls.startsWith('5')) && level < 3) {
          expect(parsed).toEqual({ code: expected, scheme: cls.startsWith('3') ? 'economic-department' : 'economic-government', level });
        } else expect(parsed).toBeNull();
        // the parts printed as one joined code read the same
        expect(parseCode(printed.join(''))).toEqual(parsed);
      }),
      runs(1000),
    );
  }, TIMEOUT);

  it('the parent of a valid code is a proper prefix one level up, in the same scheme', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        const parsed = parseCode(code);
        expect(parsed).not.toBeNull();
        if (!parsed) return;
        const parent = parentCode(code);
        if (parsed.level === 1) {
          expect(parent).toBeNull();
          return;
        }
        expect(parent).not.toBeNull();
        expect(code.startsWith(parent!)).toBe(true);
        expect(parent!.length).toBeLessThan(code.length);
        expect(parseCode(parent!)).toEqual({ code: parent, scheme: parsed.scheme, level: parsed.level - 1 });
      }),
      runs(500),
    );
  }, TIMEOUT);
});

describe('property: the other string parsers', () => {
  it('never throw on any string, and return what their types promise', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const pct = parsePercent(s);
        if (pct) expect(pct.value.isFinite() && !(pct.value.isZero() && pct.value.isNegative())).toBe(true);
        const unit = unitFromLine(s);
        expect([null, '元', '千元', '万元', '亿元']).toContain(unit);
        expect([null, '元', '千元', '万元', '亿元']).toContain(unitFromLabel(s));
        const year = yearFromText(s);
        if (year !== null) expect(Number.isInteger(year) && year >= 1990 && year <= 2100).toBe(true);
        const kind = kindFromTitle(s);
        if (kind !== null) expect(TABLE_KINDS).toContain(kind);
        expect(typeof isTitleLine(s)).toBe('boolean');
        expect(typeof isSheetNumberLine(s)).toBe('boolean');
        expect(typeof looksLikeOrganisation(s)).toBe('boolean');
        const dept = departmentFromLine(s);
        if (dept !== null) expect(dept.length).toBeGreaterThan(0);
      }),
      runs(1000),
    );
  }, TIMEOUT);

  it('text normalisation is idempotent and consistent', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(collapseSpace(collapseSpace(s))).toBe(collapseSpace(s));
        expect(stripSpace(collapseSpace(s))).toBe(stripSpace(s));
        expect(toHalfWidth(toHalfWidth(s))).toBe(toHalfWidth(s));
        expect(canonicalLabel(canonicalLabel(s))).toBe(canonicalLabel(s));
        // a parser that normalises first reads the normalised text the same way
        expect(parseAmount(collapseSpace(s))).toEqual(parseAmount(s));
        expect(parseCode(canonicalLabel(s))).toEqual(parseCode(s));
      }),
      runs(1000),
    );
  }, TIMEOUT);
});

describe('isSpaceCode', () => {
  it('is exactly the set of code units collapseSpace collapses (all 65 536)', () => {
    const differ: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const collapses = collapseSpace(`a${String.fromCharCode(code)}b`) === 'a b';
      if (isSpaceCode(code) !== collapses) differ.push(code);
    }
    expect(differ).toEqual([]);
  });
});
