import type { BudgetDocument, Paragraph } from '../model/document';
import type { ClaimSet } from '../model/claim';
import { opensBracket } from '../parse/text';
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

/** How a sentence, a heading's colon or a list's semicolon ends a paragraph. */
const ENDED = /[。！？!?；;：:…]\s*$/;
/** A paragraph that starts inside a figure (…支出58 | 2.97万元, …占92. | 97%): no sentence starts so. */
const STARTS_IN_FIGURE = /^\s*(?:[\d,，.．\s]*(?:万元|亿元|千元|元|万|亿|%|％)|[.．]\d)/;
/** A paragraph that starts with an item's number (2、 （三） 十、 第二) starts a sentence. */
const NUMBERED = /^\s*(?:\d{1,2}[、.．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十\d]{1,3})/;
const SENTENCE_END = /[。！？!?；;]/;
/** A paragraph that starts with a label (绩效目标：, 部门职责：) starts a sentence. */
const LABELLED = /^\s*[^，,。；;：:\d]{1,8}[：:]/;

/**
 * Does `text` go on with a sentence `before` left unfinished — the page cut it with a <br>, or a
 * PDF conversion printed each line as a paragraph? `before` stops without ending its sentence and
 * reads as part of one (a comma, an amount, an open parenthesis in it), or `text` starts inside a
 * figure. A heading (一、收入预算总体情况说明), a numbered item or a labelled one (绩效目标：) is not cut.
 */
export function continuesCutSentence(before: string, text: string): boolean {
  if (!before.trim() || ENDED.test(before) || NUMBERED.test(text) || LABELLED.test(text)) return false;
  return STARTS_IN_FIGURE.test(text) || /[，,]/.test(before) || /\d\s*(?:万元|亿元|元|%|％)/.test(before) || opensBracket(before);
}


/**
 * The paragraph without the sentence it starts in the middle of: blanked (offsets are kept), as
 * nothing in it can be read reliably — a figure's first digits, the subject's first characters
 * or an opening bracket are in the paragraph before (…拨款支出58 | 2.97万元, (含上 | 级财政补助0万元)).
 */
function withoutCutStart(p: Paragraph): Paragraph {
  const m = SENTENCE_END.exec(p.text);
  const end = m ? m.index + 1 : p.text.length;
  return { ...p, text: ' '.repeat(end) + p.text.slice(end) };
}

/**
 * The claims and year mentions of every paragraph of a document, in reading order. A paragraph
 * that goes on with a sentence the one before left unfinished is read from its first sentence end.
 */
export function extractClaims(doc: Pick<BudgetDocument, 'paragraphs' | 'year'>): ClaimSet {
  const out: ClaimSet = { claims: [], years: [] };
  let before = '';
  for (const p of doc.paragraphs) {
    const r = parseParagraph(continuesCutSentence(before, p.text) ? withoutCutStart(p) : p, { year: doc.year });
    out.claims.push(...r.claims);
    out.years.push(...r.years);
    before = p.text;
  }
  return out;
}

export { resolveSubject, subjectKey } from './claims/subject';
