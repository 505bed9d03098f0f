import { DEPARTMENT_ECONOMIC_CODES, DEPARTMENT_ECONOMIC_CODE_ALIASES, GOVERNMENT_ECONOMIC_CODES, GOVERNMENT_ECONOMIC_CODE_ALIASES } from '../../data/economic-codes';
import { FUNCTION_CODES, FUNCTION_CODE_ALIASES } from '../../data/function-codes';
import type { Check, Finding, Localized } from '../../model/finding';
import type { CodeScheme, Column, Row, Table } from '../../model/table';
import { joinSplitCode, parseCode } from '../../parse/code';
import { canonicalLabel, stripSpace, toHalfWidth } from '../../parse/text';
import { looksLikeOrganisation } from '../../parse/title';
import { makeFinding } from '../finding';
import type { Rule, RuleContext, RuleResult } from '../rule';
import { cellRef } from '../table-utils';
import { RULE_TITLES } from '../rule-titles';

const RULE_ID = 'code-name';

// ───────────────────────────── the code book ─────────────────────────────

type Book = {
  codes: Readonly<Record<string, string>>;
  aliases: Readonly<Record<string, readonly string[]>>;
  name: Localized;
};

const BOOKS: Readonly<Record<CodeScheme, Book>> = {
  function: {
    codes: FUNCTION_CODES,
    aliases: FUNCTION_CODE_ALIASES,
    name: { zh: '支出功能分类科目', en: 'the expenditure function classification' },
  },
  'economic-department': {
    codes: DEPARTMENT_ECONOMIC_CODES,
    aliases: DEPARTMENT_ECONOMIC_CODE_ALIASES,
    name: { zh: '部门预算支出经济分类科目', en: 'the department economic classification' },
  },
  'economic-government': {
    codes: GOVERNMENT_ECONOMIC_CODES,
    aliases: GOVERNMENT_ECONOMIC_CODE_ALIASES,
    name: { zh: '政府预算支出经济分类科目', en: 'the government economic classification' },
  },
};

/**
 * A classification name in comparable form: no blanks (names wrapped by the PDF conversion),
 * half-width brackets, no leading "一、" / "（一）" numbering or printed code, no trailing
 * "（类）/（款）/（项）", no trailing 支出 (summary tables add or drop it at will).
 */
export function normalizeCodeName(printed: string): string {
  let s = canonicalLabel(printed)
    .replace(/[〔【［]/g, '(')
    .replace(/[〕】］]/g, ')');
  s = s.replace(/^\d+/, '');
  s = s.replace(/^(\([一二三四五六七八九十百]+\)|[一二三四五六七八九十百]+、)/, '');
  s = s.replace(/\((类|款|项)\)$/, '');
  s = s.replace(/支出$/, '');
  return s;
}

/** Names in each scheme → the codes that carry them (official names and known older names). */
const NAME_INDEX: ReadonlyMap<CodeScheme, ReadonlyMap<string, readonly string[]>> = (() => {
  const out = new Map<CodeScheme, Map<string, string[]>>();
  for (const scheme of Object.keys(BOOKS) as CodeScheme[]) {
    const book = BOOKS[scheme];
    const index = new Map<string, string[]>();
    const add = (name: string, code: string) => {
      const key = normalizeCodeName(name);
      if (!key) return;
      const list = index.get(key) ?? [];
      if (!list.includes(code)) list.push(code);
      index.set(key, list);
    };
    for (const [code, name] of Object.entries(book.codes)) add(name, code);
    for (const [code, names] of Object.entries(book.aliases)) for (const n of names) add(n, code);
    out.set(scheme, index);
  }
  return out;
})();

/** The scheme a code belongs to by its own digits (2xx function, 3xx department, 5xx government). */
export function schemeOf(code: string): CodeScheme | null {
  return parseCode(code)?.scheme ?? null;
}

/** The official name of a code in its book, or null when Budget Lens does not know the code. */
export function bookName(code: string): string | null {
  const scheme = schemeOf(code);
  return scheme === null ? null : (BOOKS[scheme].codes[code] ?? null);
}

function namesOf(code: string, book: Book): string[] {
  const official = book.codes[code];
  return official === undefined ? [] : [official, ...(book.aliases[code] ?? [])];
}

/** Generic words that do not make two classification names related. */
const GENERIC_WORDS = /支出|其他|事务|管理|费用/g;

/** Do two normalised names share a meaningful substring (two characters, generic words aside)? */
function shareSubstring(a: string, b: string): boolean {
  const x = a.replace(GENERIC_WORDS, '|');
  const y = b.replace(GENERIC_WORDS, '|');
  for (let i = 0; i + 2 <= x.length; i++) {
    const bigram = x.slice(i, i + 2);
    if (!bigram.includes('|') && y.includes(bigram)) return true;
  }
  return false;
}

export type CodeNameVerdict =
  /** the printed name is the book name (or a known older name) of the code */
  | { kind: 'match' }
  /** not the book name, but close to it (truncated, extended, a local variant): not reported */
  | { kind: 'variant' }
  /** the printed name is the book name of other codes of the same scheme (best candidate first) */
  | { kind: 'other-code'; codes: string[] }
  /** the code is known, the name matches neither it nor any other code and shares nothing with it */
  | { kind: 'unrelated' }
  /** the code is not in the book */
  | { kind: 'unknown' }
  /** no name to judge */
  | { kind: 'no-name' };

/** Rank candidate codes: same 款, then same 类, then the rest (book order otherwise). */
function rankCandidates(code: string, candidates: readonly string[]): string[] {
  const score = (c: string) => (c.slice(0, 5) === code.slice(0, 5) && code.length > 5 ? 0 : c.slice(0, 3) === code.slice(0, 3) ? 1 : 2);
  return [...candidates].sort((a, b) => score(a) - score(b));
}

/** Judge a printed name against the book name of a printed code (same scheme only). */
export function judgeCodeName(code: string, printedName: string): CodeNameVerdict {
  const scheme = schemeOf(code);
  const name = normalizeCodeName(printedName);
  if (!name || !/[\u4e00-\u9fff]/.test(name)) return { kind: 'no-name' };
  if (scheme === null) return { kind: 'unknown' };
  const book = BOOKS[scheme];
  const own = namesOf(code, book).map(normalizeCodeName);
  if (own.length === 0) return { kind: 'unknown' };
  if (own.includes(name)) return { kind: 'match' };
  const others = (NAME_INDEX.get(scheme)?.get(name) ?? []).filter((c) => c !== code && c.length === code.length);
  if (others.length > 0) return { kind: 'other-code', codes: rankCandidates(code, others) };
  const close = own.some((o) => (name.length >= 2 && o.includes(name)) || (o.length >= 2 && name.includes(o)) || shareSubstring(name, o));
  return close ? { kind: 'variant' } : { kind: 'unrelated' };
}

// ───────────────────────────── reading codes ─────────────────────────────

/** A code printed in one column (科目编码) or split over 类 | 款 | 项 columns, with its name column. */
type CodeGroup = { columns: Column[]; name: Column | null };

function codeGroups(table: Table): CodeGroup[] {
  const groups: CodeGroup[] = [];
  const order = { class: 0, section: 1, item: 2 } as const;
  let current: Column[] | null = null;
  const close = () => {
    if (current && current.length > 0) groups.push({ columns: current, name: null });
    current = null;
  };
  for (const column of table.columns) {
    if (column.role === 'code') {
      close();
      groups.push({ columns: [column], name: null });
    } else if (column.role === 'code-part') {
      const prev: Column | undefined = current?.[current.length - 1];
      if (!current || !prev || !column.codePart || !prev.codePart || order[column.codePart] <= order[prev.codePart]) {
        close();
        current = [];
      }
      current!.push(column);
    } else {
      close();
    }
  }
  close();
  // each group's name column: the first name column after it and before the next group
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    const after = group.columns[group.columns.length - 1]!.index;
    const before = groups[g + 1]?.columns[0]?.index ?? Number.POSITIVE_INFINITY;
    group.name = table.columns.find((c) => c.role === 'name' && c.index > after && c.index < before) ?? null;
  }
  return groups;
}

const cellText = (row: Row, column: Column): string => toHalfWidth(stripSpace(row.cells[column.index]?.text ?? ''));

/** The code a group prints on a row (joined when split), or null. */
function groupCode(row: Row, group: CodeGroup): string | null {
  if (group.columns.length === 1 && group.columns[0]!.role === 'code') {
    const s = cellText(row, group.columns[0]!);
    return /^\d+$/.test(s) ? s : null;
  }
  const part = (p: 'class' | 'section' | 'item') => {
    const c = group.columns.find((col) => col.codePart === p);
    return c ? cellText(row, c) : '';
  };
  return joinSplitCode(part('class'), part('section'), part('item'));
}

/** The cell that shows a group's code on a row: the last part printed. */
function groupCodeColumn(row: Row, group: CodeGroup): Column {
  for (let i = group.columns.length - 1; i >= 0; i--) if (cellText(row, group.columns[i]!)) return group.columns[i]!;
  return group.columns[group.columns.length - 1]!;
}

// ───────────────────────────── the rule ─────────────────────────────

const q = (s: string) => `「${s}」`;
const qe = (s: string) => `“${s}”`;
const tableName = (t: Table) => t.title ?? t.id;

type Context = { table: Table; findings: Finding[]; unknown: Set<string>; judged: number };

function nameFinding(ctx: Context, row: Row, target: Column, code: string, printed: string, verdict: CodeNameVerdict, discriminator: string): void {
  const { table } = ctx;
  const scheme = schemeOf(code)!;
  const book = BOOKS[scheme];
  const official = book.codes[code]!;
  const name = printed.trim();
  const T = tableName(table);
  let message: Localized;
  let computation: string;
  let severity: 'error' | 'warning';
  if (verdict.kind === 'other-code') {
    const [best, ...rest] = verdict.codes;
    const bestName = book.codes[best!] ?? name;
    const more = rest.length > 0 ? { zh: `（另有${rest.length}个科目同名）`, en: ` (and ${rest.length} more code${rest.length > 1 ? 's' : ''} of that name)` } : { zh: '', en: '' };
    severity = 'error';
    message = {
      zh: `${q(T)}中科目编码${code}在${book.name.zh}中是${q(official)}，但表中名称为${q(name)}，这是科目${best}${q(bestName)}的名称${more.zh}：编码与名称不符`,
      en: `In ${qe(T)}, code ${code} is ${qe(official)} in ${book.name.en}, but the table names it ${qe(name)}, which is the name of code ${best}${more.en}: code and name disagree`,
    };
    computation = `${code} = ${official} ≠ ${name} = ${verdict.codes.join(' / ')}`;
  } else {
    severity = 'warning';
    message = {
      zh: `${q(T)}中科目编码${code}在${book.name.zh}中是${q(official)}，表中名称${q(name)}与之不符，也不是其他科目的名称`,
      en: `In ${qe(T)}, code ${code} is ${qe(official)} in ${book.name.en}; the printed name ${qe(name)} matches neither it nor any other code`,
    };
    computation = `${code} = ${official} ≠ ${name}`;
  }
  ctx.findings.push(
    makeFinding(
      { rule: RULE_ID, severity, message, stated: null, expected: null, tolerance: null, decimals: 0, unit: table.unit, target: cellRef(table, row, target), operands: [], computation },
      discriminator,
    ),
  );
}

function judgeRow(ctx: Context, row: Row, code: string, printedName: string, target: Column, discriminator: string): void {
  // a unit row read as a code row (309 新乡市凤泉区医疗保障局): a department code, not a classification
  if (looksLikeOrganisation(printedName)) return;
  const verdict = judgeCodeName(code, printedName);
  if (verdict.kind === 'unknown') {
    ctx.unknown.add(code);
    return;
  }
  if (verdict.kind === 'no-name') return;
  ctx.judged++;
  if (verdict.kind === 'other-code' || verdict.kind === 'unrelated') nameFinding(ctx, row, target, code, printedName, verdict, discriminator);
}

const LEVEL = { 3: { zh: '类', en: 'class' }, 5: { zh: '款', en: 'section' }, 7: { zh: '项', en: 'item' } } as const;

/**
 * Function codes under printed parent rows: a 项 (7 digits) must sit under its 款 (or 类), a 款 under its
 * 类. Only where the table prints parent rows; blocks restart at unit and total rows. When the code's
 * own parent is printed elsewhere in the block, the row sits under the wrong parent (error); when it
 * is printed nowhere, the parent row may simply be missing (warning).
 */
function checkParents(ctx: Context, codeColumnOf: (row: Row) => Column | null): void {
  const { table } = ctx;
  const blocks: Row[][] = [[]];
  for (const row of table.rows) {
    if (row.role === 'unit' || row.role === 'total') {
      blocks.push([]);
      continue;
    }
    blocks[blocks.length - 1]!.push(row);
  }
  const T = tableName(table);
  for (const block of blocks) {
    const fn = block.filter((r) => r.code !== null && schemeOf(r.code) === 'function');
    const printed = new Map<string, Row>();
    for (const r of fn) if (!printed.has(r.code!)) printed.set(r.code!, r);
    let last3: Row | null = null;
    let last35: Row | null = null;
    for (const row of fn) {
      const code = row.code!;
      if (code.length === 3) {
        last3 = row;
        last35 = row;
        continue;
      }
      const parent = code.length === 7 ? last35 : last3;
      if (code.length === 5) last35 = row;
      if (!parent || code.length === 3) continue;
      const pc = parent.code!;
      if (code.startsWith(pc)) continue;
      const own = code.slice(0, pc.length);
      const ownRow = printed.get(own);
      const target = codeColumnOf(row);
      if (!target) continue;
      const lv = LEVEL[code.length as 5 | 7];
      const plv = LEVEL[pc.length as 3 | 5];
      const severity = ownRow ? 'error' : 'warning';
      const message: Localized = ownRow
        ? {
            zh: `${q(T)}中${lv.zh}级科目${code}${q(row.name.trim())}列在${plv.zh}级科目${pc}${q(parent.name.trim())}之下，但其编码属于${plv.zh}${own}${q(ownRow.name.trim())}（表中另有该行）：编码与所属科目不符`,
            en: `In ${qe(T)}, ${lv.en} ${code} ${qe(row.name.trim())} sits under ${plv.en} ${pc} ${qe(parent.name.trim())}, but its code belongs to ${plv.en} ${own} ${qe(ownRow.name.trim())}, printed elsewhere in the table: the code contradicts its parent`,
          }
        : {
            zh: `${q(T)}中${lv.zh}级科目${code}${q(row.name.trim())}列在${plv.zh}级科目${pc}${q(parent.name.trim())}之下，但其编码属于${plv.zh}${own}，而表中没有${own}这一行：编码有误或缺少上级科目行`,
            en: `In ${qe(T)}, ${lv.en} ${code} ${qe(row.name.trim())} sits under ${plv.en} ${pc} ${qe(parent.name.trim())}, but its code belongs to ${plv.en} ${own}, which the table does not print: a wrong code or a missing parent row`,
          };
      ctx.findings.push(
        makeFinding(
          {
            rule: RULE_ID,
            severity,
            message,
            stated: null,
            expected: null,
            tolerance: null,
            decimals: 0,
            unit: table.unit,
            target: cellRef(table, row, target),
            operands: [],
            computation: `${code} → ${own} ≠ ${pc} (parent row)`,
          },
          'parent',
        ),
      );
    }
  }
}

function auditTable(table: Table, findings: Finding[], checks: Check[]): boolean {
  const coded = table.rows.filter((r) => r.code !== null && r.role !== 'unit');
  const groups = codeGroups(table);
  const primaryOf = (row: Row): CodeGroup | null => groups.find((g) => groupCode(row, g) === row.code) ?? null;
  const govGroups = groups.filter((g) => g.name !== null);
  if (coded.length === 0) return false;

  const ctx: Context = { table, findings: [], unknown: new Set(), judged: 0 };
  for (const row of coded) {
    const code = row.code!;
    const primary = primaryOf(row);
    const target = primary ? groupCodeColumn(row, primary) : table.columns.find((c) => c.role === 'name');
    if (!target) continue;
    judgeRow(ctx, row, code, row.name, target, 'name');
    // a second code column (政府预算支出经济分类 beside the 部门 one) with its own name column
    for (const g of govGroups) {
      if (g === primary || (primary && g.name === primary.name)) continue;
      const other = groupCode(row, g);
      if (!other || other === code || schemeOf(other) !== 'economic-government') continue;
      judgeRow(ctx, row, other, row.cells[g.name!.index]?.text ?? '', groupCodeColumn(row, g), `gov-${g.name!.index}`);
    }
  }
  checkParents(ctx, (row) => {
    const p = primaryOf(row);
    return p ? groupCodeColumn(row, p) : (table.columns.find((c) => c.role === 'name') ?? null);
  });

  findings.push(...ctx.findings);
  const subject = `${table.id} ${tableName(table)}: codes vs names`;
  if (ctx.judged > 0) {
    const errors = ctx.findings.filter((f) => f.severity === 'error').length;
    const warnings = ctx.findings.length - errors;
    checks.push({
      rule: RULE_ID,
      status: ctx.findings.length > 0 ? 'failed' : 'passed',
      subject,
      detail:
        ctx.findings.length > 0
          ? { zh: `核对${ctx.judged}个科目编码与名称：${errors}处不符，${warnings}处存疑`, en: `${ctx.judged} codes checked against their names: ${errors} contradiction(s), ${warnings} doubtful` }
          : { zh: `核对${ctx.judged}个科目编码与名称，均相符`, en: `${ctx.judged} codes checked against their names: all agree` },
    });
  }
  if (ctx.unknown.size > 0) {
    const list = [...ctx.unknown].join(', ');
    checks.push({
      rule: RULE_ID,
      status: 'not-run',
      subject: `${table.id} ${tableName(table)}: codes not in the code book`,
      detail: { zh: `以下编码不在Budget Lens的科目表中，未核对名称：${list}`, en: `These codes are not in Budget Lens's code book; their names were not checked: ${list}` },
    });
  }
  return true;
}

function run({ doc }: RuleContext): RuleResult {
  const findings: Finding[] = [];
  const checks: Check[] = [];
  let any = false;
  for (const table of doc.tables) {
    try {
      if (auditTable(table, findings, checks)) any = true;
    } catch {
      checks.push({
        rule: RULE_ID,
        status: 'not-run',
        subject: `${table.id} ${tableName(table)}: codes vs names`,
        detail: { zh: '表格结构异常，未能核对科目编码', en: 'The table could not be read well enough to check its codes' },
      });
    }
  }
  if (!any) {
    checks.push({
      rule: RULE_ID,
      status: 'not-run',
      subject: 'classification codes',
      detail: { zh: '文档中没有印有科目编码的行', en: 'No row of the document prints a classification code' },
    });
  }
  return { findings, checks };
}

export const rule: Rule = {
  id: RULE_ID,
  title: RULE_TITLES['code-name'],
  description: {
    zh: '按政府收支分类科目核对每个科目编码与表中名称：名称属于另一个编码时报错；项级科目的类、款前缀须与其所在的上级科目行一致。名称的空格、全半角括号、末尾“支出”与旧版科目名称不视为差异。',
    en: 'Checks every classification code against the name printed beside it, using the official 政府收支分类科目: a name that belongs to another code is an error, and an item code must carry the class/section prefix of the parent row it sits under. Blanks, bracket widths, a trailing 支出 and older official names are not differences.',
  },
  run,
};
