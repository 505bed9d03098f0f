/** Text normalisation shared by every parser. Pure string functions. */

/**
 * Rules normalise the same labels and cells again and again (every sum, every reading): short
 * strings keep their result in a bounded map (cleared when full, so memory stays small).
 */
function remembered(fn: (s: string) => string): (s: string) => string {
  const MAX_ENTRIES = 20_000;
  const MAX_LENGTH = 256;
  const seen = new Map<string, string>();
  return (s: string): string => {
    if (s.length > MAX_LENGTH) return fn(s);
    let out = seen.get(s);
    if (out === undefined) {
      if (seen.size >= MAX_ENTRIES) seen.clear();
      out = fn(s);
      seen.set(s, out);
    }
    return out;
  };
}

const FULLWIDTH_ASCII = /[\uFF01-\uFF5E]/g;

/** Full-width ASCII (０-９, （）, ．, ，, ％ …) → ASCII. */
export const toHalfWidth = remembered((s: string): string => s.replace(FULLWIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)));

const ANY_SPACE = /[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+/gu;

/** Collapse runs of any whitespace (incl. U+3000 ideographic space, &nbsp;) to one space and trim. */
export function collapseSpace(s: string): string {
  return s.replace(ANY_SPACE, ' ').trim();
}

/** Remove all whitespace: Chinese labels carry none that matters ("项  目" → "项目"). */
export const stripSpace = remembered((s: string): string => s.replace(ANY_SPACE, ''));

/** A label in canonical form for matching: no whitespace, half-width brackets and punctuation. */
export const canonicalLabel = remembered((s: string): string => toHalfWidth(stripSpace(s)).replace(/[“”"'‘’]/g, ''));
