import type { BudgetDocument, Paragraph } from '../model/document';
import type { RawSource, RawTable } from '../model/raw';
import type { Table } from '../model/table';
import type { Unit } from '../model/amount';
import { canonicalLabel, toHalfWidth } from '../parse/text';
import { withStringCaches } from '../parse/cache';
import { amountShape } from '../parse/amount';
import { departmentFromLine, yearFromText } from '../parse/title';
import { buildRows, unitPrintedInCells } from './rows';
import { extractClaims } from './claims';
import { columnsOf, draftTable, leafSignature, type TableDraft } from './table';
import { isDataRow } from './header';

const BUDGET_HEADER = /合计|总计|预算数|预算|决算|支出|收入|金额|拨款|经费|基本支出|项目支出/;

const BUDGET_WORDS = /预算|决算|支出|收入|经费|拨款|资产/;
/**
 * A title that names a budget table of no known kind. 收入 or 资产 alone is not enough: statistics
 * tables print 城乡居民收入 and 资产总额 too; a department's or unit's 收入/资产 is.
 */
const BUDGET_TITLE = /预算|决算|经费|拨款|三公|财政|支出|(部门|单位).*(收入|资产)/;

/** Why a draft is not a budget table (a statistics table, a calendar, a news list), or null if it is one. */
function budgetReason(d: TableDraft): string | null {
  if (d.kind) return null;
  if (d.title && BUDGET_TITLE.test(d.title)) return null;
  const labels = d.headerRows.flat().map((c) => c.text).join('|');
  if (d.header.length > 0 && BUDGET_HEADER.test(labels) && d.body.some((b) => b.cells.some((c) => amountShape(c.text).kind === 'amount'))) return null;
  const hasAmounts = d.body.some((b) => b.cells.some((c) => /\d\.\d/.test(toHalfWidth(c.text))));
  if (!hasAmounts) return 'no amounts and no budget title';
  if (d.header.length > 0) return 'no budget title or header';
  // no header at all (a fragment): budget words in its rows must vouch for it
  return d.body.some((b) => b.cells.some((c) => BUDGET_WORDS.test(c.text))) ? null : 'no budget title, header or items';
}

/**
 * A part that continues a table: printed right after its previous part (`previousPart`), no title
 * of its own (or the same title) and the same columns as the table's first part (`head`) — its
 * header repeated, or no header at all.
 */
function continues(head: TableDraft, previousPart: number, next: TableDraft): boolean {
  if (next.part !== previousPart + 1) return false;
  const sameTitle = next.title !== null && head.title !== null && canonicalLabel(next.title) === canonicalLabel(head.title);
  if (next.title !== null && !sameTitle) return false;
  if (head.kind === 'performance' || next.header.length === 0) return next.width === head.width;
  return leafSignature(next) === leafSignature(head);
}

/** Do two parts print the same rows, cell for cell? */
function sameRows(a: TableDraft, b: TableDraft): boolean {
  if (a.body.length !== b.body.length || a.body.length === 0) return false;
  return a.body.every((row, r) => {
    const other = b.body[r]!.cells;
    return row.cells.length === other.length && row.cells.every((c, i) => c.text === other[i]!.text);
  });
}

/** Labels a column header is made of (序号, 项目, 科目编码, 合计, 预算数 …), never an item of a budget table. */
const COLUMN_LABEL = /^(序号|编号|行次|栏次|项目|项目名称|科目|科目编码|科目名称|科目代码|编码|代码|名称|单位|单位名称|单位代码|部门|部门名称|类|款|项|类型|金额|数额|合计|总计|小计|本年|上年|备注|说明)$|(预算|决算|执行)数$|^(本年|上年)|^其中[:：]/;

/**
 * The part right after `head`'s last part, with nothing printed between them and no title, the
 * same width and "header" rows that are not a header — no label of the head's header, no label a
 * column header is made of: the rest of a table split at a page break, whose first rows (items
 * without amounts: 十六、商业服务业等支出, a 类 heading) only looked like a header. It is read
 * again as rows only.
 */
function headerlessRest(head: TableDraft, previousPart: number, raw: RawTable, draft: TableDraft): TableDraft | null {
  if (draft.header.length === 0 || draft.title !== null || raw.part !== previousPart + 1 || draft.width !== head.width) return null;
  if (raw.before.some((line) => line.trim() !== '') || head.header.length === 0) return null;
  const headLabels = new Set(head.headerRows.flat().map((c) => canonicalLabel(c.text)));
  const looksLikeHeader = draft.headerRows.some((row) =>
    row.some((c) => {
      const label = canonicalLabel(c.text);
      return label !== '' && (headLabels.has(label) || COLUMN_LABEL.test(label));
    }),
  );
  if (looksLikeHeader) return null;
  const rest = draftTable(raw, head.kind, true);
  // the rest of a budget table has amounts or budget items (…支出) somewhere; a contacts table neither
  return rest.body.some((b) => isDataRow(b.cells) || b.cells.some((c) => BUDGET_WORDS.test(c.text))) ? rest : null;
}

function mostCommon<T>(values: readonly (T | null)[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | null = null;
  let n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}

/**
 * Raw source → document model: read each raw table, drop what is not a budget table (with the
 * reason), merge continuation parts (a table split across pages with its header repeated), and
 * read the document's department, year and unit from what the tables print.
 */
export function extractDocument(raw: RawSource): BudgetDocument {
  return withStringCaches(() => extract(raw));
}

function extract(raw: RawSource): BudgetDocument {
  const skipped: BudgetDocument['skipped'] = [];
  const merged: TableDraft[] = [];
  let previousKept: TableDraft | null = null;
  for (const rt of raw.tables) {
    let draft: TableDraft;
    try {
      draft = draftTable(rt);
      // the rest of a 绩效目标表 (printed as a second, untitled table) is read as text rows too
      if (!draft.title && previousKept?.kind === 'performance' && rt.part === previousKept.part + 1) draft = draftTable(rt, 'performance');
    } catch (e) {
      skipped.push({ part: rt.part, reason: `unreadable table: ${e instanceof Error ? e.message : String(e)}` });
      previousKept = null;
      continue;
    }
    const last = merged[merged.length - 1];
    if (last && previousKept) draft = headerlessRest(last, previousKept.part, rt, draft) ?? draft;
    const before: TableDraft | null = previousKept;
    if (last && before && continues(last, before.part, draft) && sameRows(draft, before)) {
      // the part printed again (a hidden copy for another layout, a print version): not more rows
      skipped.push({ part: rt.part, reason: `a copy of the table printed before it (part ${before.part})` });
      // the notes printed under the copy are the table's (nothing stood between the table and its copy)
      for (const note of draft.notes) if (!last.notes.includes(note)) last.notes.push(note);
      // (the next part may go on from the copy: a table split in two, each part printed twice)
      previousKept = { ...(before as TableDraft), part: rt.part };
      continue;
    }
    if (last && previousKept && continues(last, previousKept.part, draft)) {
      // (a loop: a spread of a 150 000-row part would overflow the argument stack)
      for (const row of draft.body) last.body.push(row);
      last.notes.push(...draft.notes);
      previousKept = draft;
      continue;
    }
    const reason = budgetReason(draft);
    if (reason) {
      skipped.push({ part: rt.part, reason });
      previousKept = null;
      continue;
    }
    merged.push({ ...draft, body: [...draft.body], notes: [...draft.notes] });
    previousKept = draft;
  }

  const tables: Table[] = merged.map((d, i) => {
    const columns = columnsOf(d);
    const parts = [...new Set(d.body.map((b) => b.part).concat(d.part))].sort((a, b) => a - b);
    const unit = d.unit ?? unitPrintedInCells(d.body, columns);
    return {
      id: `t${i + 1}`,
      kind: d.kind ?? 'other',
      title: d.title,
      unit,
      department: d.department,
      header: d.header,
      columns,
      rows: buildRows(d.body, columns, unit),
      notes: d.notes,
      parts,
    };
  });

  const paragraphs: Paragraph[] = raw.paragraphs.map((text, index) => ({ index, text }));
  // the first table names the department (later 单位-level tables may name a sub-unit)
  const department =
    merged.find((d) => d.department)?.department ??
    mostCommon(raw.paragraphs.slice(0, 40).map((p) => departmentFromLine(p))) ??
    departmentFromTitle(raw.title);
  const year = mostCommon(merged.map((d) => d.year)) ?? (raw.title ? yearFromText(raw.title) : null);
  const unit = mostCommon<Unit>(tables.map((t) => t.unit));
  // prose claims only matter beside budget tables: a page without any is not read further
  const { claims, years } = tables.length ? extractClaims({ paragraphs, year }) : { claims: [], years: [] };
  return { source: raw.source, title: raw.title, department, year, unit, tables, paragraphs, claims, years, skipped };
}

function departmentFromTitle(title: string | null): string | null {
  if (!title) return null;
  const m = /^(.+?(?:局|委员会|委|院|中心|办公室|厅|部))(?:本级)?\s*\d{4}/.exec(title.replace(/\s+/g, ''));
  return m?.[1] ?? null;
}
