/** Text normalisation shared by every parser. Pure string functions. */

import { cachedReading } from './cache';

const FULLWIDTH_ASCII = /[\uFF01-\uFF5E]/g;
const HAS_FULLWIDTH_ASCII = /[\uFF01-\uFF5E]/;

/** Full-width ASCII (０-９, （）, ．, ，, ％ …) → ASCII. */
export function toHalfWidth(s: string): string {
  // most strings (every printed amount) have none: a test allocates nothing
  return HAS_FULLWIDTH_ASCII.test(s) ? s.replace(FULLWIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)) : s;
}

const ANY_SPACE = /[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+/gu;
const HAS_SPACE = /[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/u;

/**
 * Is this UTF-16 code unit one that collapseSpace collapses (ANY_SPACE)? For walking text a
 * character at a time without a regular expression per character.
 */
export function isSpaceCode(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200b) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** Collapse runs of any whitespace (incl. U+3000 ideographic space, &nbsp;) to one space and trim. */
export function collapseSpace(s: string): string {
  return s.replace(ANY_SPACE, ' ').trim();
}

/** Remove all whitespace: Chinese labels carry none that matters ("项  目" → "项目"). */
export function stripSpace(s: string): string {
  return HAS_SPACE.test(s) ? s.replace(ANY_SPACE, '') : s;
}

/**
 * A label in canonical form for matching: no whitespace, half-width brackets and punctuation.
 * Rules ask it of the same few labels over and over: remembered while string caches are on.
 */
export const canonicalLabel = cachedReading((s: string): string => toHalfWidth(stripSpace(s)).replace(/[“”"'‘’]/g, ''));

/** More opening brackets than closing ones: the text stops inside a parenthesis (…补助资金(冀财社). */
export const opensBracket = (text: string): boolean => (text.match(/[(（【[]/g)?.length ?? 0) > (text.match(/[)）】\]]/g)?.length ?? 0);
