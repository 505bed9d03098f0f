import type { BudgetDocument, Paragraph } from '../model/document';
import type { ClaimSet } from '../model/claim';
import { parseParagraph } from './claims/parse';

/**
 * Numeric claims in the prose of a disclosure: amounts with a currency unit (and the share 占…%
 * printed with them), changes (增加/减少/增长/下降 …, 持平) with what they compare with,
 * enumerations (其中 / 主要用于 / 包括 …) and the reasons given for a change (主要原因是 …), each
 * tied to what it is about (a SubjectRef) only when the words say so. Pure: no DOM, no I/O.
 *
 * Not claims: numbers without a currency unit (dates, staff and vehicle counts, document and
 * section numbers, areas, counts), bounds and rates (50万元以上, ≤55万元, 每家600元), and
 * percentages that are neither a share (占) nor a change (下降 …): 参保率95%, 满意度≥90%.
 */

export type ClaimOptions = {
  /** the budget year of the document: 上年/去年 resolve to year − 1 */
  year: number | null;
};

/** The claims and year mentions of one paragraph. */
export function extractParagraphClaims(paragraph: Paragraph, options: ClaimOptions = { year: null }): ClaimSet {
  return parseParagraph(paragraph, options);
}

/** The claims and year mentions of every paragraph of a document, in reading order. */
export function extractClaims(doc: Pick<BudgetDocument, 'paragraphs' | 'year'>): ClaimSet {
  const out: ClaimSet = { claims: [], years: [] };
  for (const p of doc.paragraphs) {
    const r = parseParagraph(p, { year: doc.year });
    out.claims.push(...r.claims);
    out.years.push(...r.years);
  }
  return out;
}

export { resolveSubject, subjectKey } from './claims/subject';
