import type { Unit } from '../model/amount';
import type { RawCell } from '../model/raw';
import { unitFromLabel, unitFromLine } from '../parse/unit';
import { departmentFromLine, isSheetNumberLine, isTitleLine, yearFromText } from '../parse/title';
import { collapseSpace, opensBracket, toHalfWidth } from '../parse/text';

export type TableContext = {
  title: string | null;
  unit: Unit | null;
  department: string | null;
  year: number | null;
  /** grid rows at the top that were a title/preamble printed inside the table */
  consumedRows: number;
};

const PROSE_END = /[。；;：:，,]$|说明$|如下$/;
/** Lines further above the table than this cannot be its title (they are prose or another block). */
const TITLE_REACH = 5;

const SHORT_TITLE = /预算|决算|经费|支出|收入|资产|情况|采购/;
/** A short budget-worded line that is no sentence ("2024年机关（机构）运行经费"): a title where one is expected. */
const isShortTitle = (line: string): boolean => line.length <= 40 && SHORT_TITLE.test(line) && !/[。；，]/.test(line) && !PROSE_END.test(toHalfWidth(line));

/** Lines printed between a title and its table: 单位：万元, 部门名称：…, 预算年度：…, 预算01表. */
function isPreambleLine(line: string): boolean {
  const compact = toHalfWidth(line.replace(/\s+/g, ''));
  return !!(unitFromLine(line) || departmentFromLine(line) || /^预算年度|^(部门|单位)(名称)?[:：]|^(截止|截至|编制|填报)(时间|日期|单位)?[:：]/.test(compact) || isSheetNumberLine(line) || /^[(（]\d{4}年度?[)）]$/.test(compact));
}

/** How a title's first line starts: its number (8. 4、 （一） 第三) or its year. */
const TITLE_START = /^(\d{1,3}\s*[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十\d]{1,3}|表\s*\d|附表|(19|20)\d{2}\s*年)/;
/** How a title ends (表, 情况, 目标, optionally followed by a parenthesis). */
const TITLE_END = /(表|情况|明细|汇总|目标)\s*([(（][^()（）]*[)）])?$/;

/** The bare ending of a long title, printed alone on its last line. */
const TITLE_ENDING_ONLY = /^(项目)?(支出)?(绩效)?(目标|情况|明细|汇总)?表$/;
/** A line this long is a wrapped line (a PDF's title line is full at about 30 characters), not a heading. */
const WRAPPED_LINE = 24;

/**
 * A long title printed on two lines (a PDF wraps it, a heading breaks it with <br>): the line
 * above the title's last line is its start when it is no sentence, no preamble and no title of
 * its own, and the break is visibly inside the title — the first line stops inside a
 * parenthesis (…补助资金(冀财社 + [2023]225号）绩效目标表), the last line is a bare ending
 * (绩效目标表), or the first line starts like a title and is as long as a wrapped line. A section
 * heading above a title (一、…本级收支预算 over 单位预算收支总表) is none of these; a last line
 * that starts with a number or a year is a title of its own.
 */
function wrappedTitle(above: string, last: string): string | null {
  // (the tests read full-width digits as digits: the lines are kept as printed)
  const [a, l] = [toHalfWidth(above), toHalfWidth(last)];
  if (!above || TITLE_START.test(l) || PROSE_END.test(a) || /[。；;！!？?]/.test(a) || isPreambleLine(above) || TITLE_END.test(a)) return null;
  const compact = (t: string) => t.replace(/\s+/g, '');
  const inside = opensBracket(above) || TITLE_ENDING_ONLY.test(compact(l)) || (TITLE_START.test(a) && compact(a).length >= WRAPPED_LINE);
  const joined = above + last;
  return inside && joined.length <= 80 && isTitleLine(joined) ? joined : null;
}

/** One distinct text per row slot: the text of a row whose cells all come from one spanning cell. */
function spanningText(row: RawCell[]): string | null {
  const texts = new Set(row.map((c) => c.text).filter((t) => t !== ''));
  return texts.size === 1 ? [...texts][0]! : null;
}

/** Read title, unit, department and year from the lines above a table and any title rows inside it. */
export function readContext(before: readonly string[], caption: string | null, grid: readonly RawCell[][]): TableContext {
  let title: string | null = null;
  let unit: Unit | null = null;
  let department: string | null = null;
  let year: number | null = null;
  const note = (line: string) => {
    unit ??= unitFromLine(line);
    department ??= departmentFromLine(line);
    year ??= /预算年度/.test(line) ? yearFromText(line) : null;
  };

  // Title rows printed inside the table: a row with one text across it that is a title or preamble line.
  let consumed = 0;
  for (let r = 0; r < Math.min(grid.length, 4); r++) {
    const row = grid[r]!;
    const single = spanningText(row);
    const texts = row.map((c) => c.text).filter((t, i, a) => t !== '' && a.indexOf(t) === i);
    const preamble = texts.length > 0 && texts.every(isPreambleLine);
    // (a short budget-worded title — 2024年机关（机构）运行经费 — read above the table is one in its
    // first row too, when one cell spans the row: an item beside blank cells is no title)
    const acrossRow = row.every((c) => c.originRow === row[0]!.originRow && c.originCol === row[0]!.originCol);
    if (single !== null && row.length > 1 && (isTitleLine(single) || (r === 0 && acrossRow && isShortTitle(single) && collapseSpace(single).length >= 6)) && !title) title = single;
    else if (!preamble) break;
    texts.forEach(note);
    consumed = r + 1;
  }

  if (!title && caption && isTitleLine(caption)) title = caption;
  // Lines above the table, nearest first, up to the title.
  for (let i = before.length - 1, seen = 0; i >= 0 && seen < TITLE_REACH; i--, seen++) {
    const line = collapseSpace(before[i]!);
    if (isPreambleLine(line)) {
      note(line);
      continue;
    }
    // the nearest other line is the title when it reads as one; a short budget-worded line
    // ("2024年机关（机构）运行经费") counts too, a sentence never does
    if (!title && (isTitleLine(line) || isShortTitle(line)) && !PROSE_END.test(toHalfWidth(line))) {
      title = wrappedTitle(i > 0 ? collapseSpace(before[i - 1]!) : '', line) ?? line;
      year ??= yearFromText(title);
    }
    break;
  }
  if (title) year ??= yearFromText(title);
  if (!unit) {
    for (const row of grid.slice(0, 4)) {
      for (const c of row) {
        unit = unitFromLabel(c.text);
        if (unit) break;
      }
      if (unit) break;
    }
  }
  return { title, unit, department, year, consumedRows: consumed };
}
