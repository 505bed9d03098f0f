/** Text normalisation shared by every parser. Pure string functions. */

const FULLWIDTH_ASCII = /[\uFF01-\uFF5E]/g;

/** Full-width ASCII (０-９, （）, ．, ，, ％ …) → ASCII. */
export function toHalfWidth(s: string): string {
  return s.replace(FULLWIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const ANY_SPACE = /[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+/gu;

/** Collapse runs of any whitespace (incl. U+3000 ideographic space, &nbsp;) to one space and trim. */
export function collapseSpace(s: string): string {
  return s.replace(ANY_SPACE, ' ').trim();
}

/** Remove all whitespace: Chinese labels carry none that matters ("项  目" → "项目"). */
export function stripSpace(s: string): string {
  return s.replace(ANY_SPACE, '');
}

/** A label in canonical form for matching: no whitespace, half-width brackets and punctuation. */
export function canonicalLabel(s: string): string {
  return toHalfWidth(stripSpace(s)).replace(/[“”"'‘’]/g, '');
}
