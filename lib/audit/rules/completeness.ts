import type { BudgetDocument } from '../../model/document';
import type { Check, Finding, Localized } from '../../model/finding';
import type { Table, TableKind } from '../../model/table';
import { canonicalLabel, collapseSpace } from '../../parse/text';
import { makeFinding } from '../finding';
import type { Rule, RuleContext, RuleResult } from '../rule';
import { amountColumns, valueAt } from '../table-utils';
import { RULE_TITLES } from '../rule-titles';

const RULE_ID = 'completeness';

type Required = {
  kind: TableKind;
  name: Localized;
  /** words that name this kind of spending in a "无…" statement */
  topic: RegExp | null;
  /** a line of the table of contents (目录) that lists this table */
  listed: (line: string) => boolean;
};

const has = (re: RegExp) => (s: string) => re.test(s);

/** The standard tables of a 部门预算 disclosure (财政部 template), in their usual order. */
export const REQUIRED_TABLES: readonly Required[] = [
  {
    kind: 'income-expense-summary',
    name: { zh: '收支总表', en: 'income and expenditure summary table (收支总表)' },
    topic: null,
    listed: (s) => /收支(预算)?总?表/.test(s) && !/财政拨款/.test(s),
  },
  {
    kind: 'income',
    name: { zh: '收入总表', en: 'income table (收入总表)' },
    topic: null,
    listed: (s) => /收入(预算|总)表|收入预算总表/.test(s) && !/收支/.test(s),
  },
  {
    kind: 'expense',
    name: { zh: '支出总表', en: 'expenditure table (支出总表)' },
    topic: null,
    listed: (s) => /支出(预算|总)表|支出预算总表/.test(s) && !/收支|一般公共|基金|国有资本|基本支出|三公|财政拨款|经济分类|项目/.test(s),
  },
  {
    kind: 'fiscal-summary',
    name: { zh: '财政拨款收支总表', en: 'fiscal appropriation summary table (财政拨款收支总表)' },
    topic: null,
    listed: has(/财政拨款收支/),
  },
  {
    kind: 'general-expense',
    name: { zh: '一般公共预算支出表', en: 'general public budget expenditure table (一般公共预算支出表)' },
    topic: null,
    listed: (s) => /一般公共预算(财政拨款)?支出(预算)?表/.test(s),
  },
  {
    kind: 'general-basic',
    name: { zh: '一般公共预算基本支出表', en: 'general public budget basic expenditure table (一般公共预算基本支出表)' },
    topic: null,
    listed: (s) => /一般公共预算(财政拨款)?基本支出(预算)?表/.test(s),
  },
  {
    kind: 'three-public',
    name: { zh: '“三公”经费支出表', en: '“three public expenses” table (“三公”经费支出表)' },
    topic: /三公/,
    listed: has(/三公.{0,3}经费.{0,6}表/),
  },
  {
    kind: 'gov-fund',
    name: { zh: '政府性基金预算支出表', en: 'government fund budget expenditure table (政府性基金预算支出表)' },
    topic: /政府性?基金/,
    listed: has(/政府性?基金.{0,8}表/),
  },
  {
    kind: 'state-capital',
    name: { zh: '国有资本经营预算支出表', en: 'state capital operation budget expenditure table (国有资本经营预算支出表)' },
    topic: /国有资本经营/,
    listed: has(/国有资本经营.{0,8}表/),
  },
];

const REQUIRED_KINDS = new Set<TableKind>(REQUIRED_TABLES.map((r) => r.kind));

/** The sentences of a text: as printed (for quoting) and in canonical form (for matching). */
const sentences = (text: string): Array<{ printed: string; s: string }> =>
  text
    .split(/[。；;!！?？\n]/)
    .map((printed) => ({ printed: collapseSpace(printed), s: canonicalLabel(printed) }))
    .filter((x) => x.s.length > 0);

const NEGATION = '(无|没有|未安排|不涉及|未发生)';
const ZERO = '(为|是)(零|0(\\.0+)?(?![\\d.]))';

/** Does the sentence say that there is no spending of this topic? */
function statesNone(sentence: string, topic: RegExp): boolean {
  const t = topic.source;
  return (
    new RegExp(`${NEGATION}[^。；;]{0,30}?(${t})`).test(sentence) ||
    new RegExp(`(${t})[^。；;，,]{0,20}?${ZERO}`).test(sentence) ||
    (topic.test(sentence) && /空表|无数据/.test(sentence))
  );
}

/** A note of the table itself: "本表无数据", "此表为空表", "空表列示", "无…支出". */
const NOTE_NONE = new RegExp(`空表|无数据|本表无|此表无|该表无|${NEGATION}[^。；;]{0,30}?(支出|收支|预算|拨款|经费|安排|数据)`);

/** Prose that covers every empty table: "空表表示本部门无相关收支情况". */
const GENERIC_NONE = /空表[^。；;]{0,12}(表示|说明|即|为|均为)[^。；;]{0,20}(无|没有)|(无|没有)相关(收支|支出|收入|数据)/;

/** Where the document says that there is no such spending, or null. */
function statement(table: Table, required: Required, doc: BudgetDocument): { text: string; where: Localized } | null {
  const topic = required.topic;
  const otherTopics = REQUIRED_TABLES.filter((r) => r !== required && r.topic !== null).map((r) => r.topic!);
  for (const text of [...table.notes, table.title ?? '']) {
    for (const { printed, s } of sentences(text)) {
      const aboutOther = otherTopics.some((t) => t.test(s)) && !(topic && topic.test(s));
      if (!aboutOther && (NOTE_NONE.test(s) || (topic !== null && statesNone(s, topic)))) return { text: printed, where: { zh: '表注', en: 'the table note' } };
    }
  }
  for (const p of doc.paragraphs) {
    for (const { printed, s } of sentences(p.text)) {
      if ((topic !== null && statesNone(s, topic)) || GENERIC_NONE.test(s)) return { text: printed, where: { zh: '正文', en: 'the text' } };
    }
  }
  return null;
}

/** A table with no non-zero amount (all blank or 0.00). */
function isEmpty(table: Table): boolean {
  const columns = amountColumns(table);
  for (const row of table.rows) for (const c of columns) if (valueAt(row, c)?.isZero() === false) return false;
  return true;
}

/** Fewer standard tables than this: the page is not a full disclosure (tables in attachments, a news item). */
const MIN_TABLES = 3;

const FINAL_ACCOUNTS = /决算/;

/** 决算 (final accounts) rather than 预算: the title, or most standard tables, say 决算. */
function looksLikeFinalAccounts(doc: BudgetDocument): boolean {
  const title = (doc.title ?? '').replace(/预决算/g, '');
  if (FINAL_ACCOUNTS.test(title) && !/预算/.test(title.replace(/(一般公共|政府性基金|国有资本经营)预算/g, ''))) return true;
  const titled = doc.tables.filter((t) => REQUIRED_KINDS.has(t.kind) && t.title);
  const final = titled.filter((t) => FINAL_ACCOUNTS.test(t.title!.replace(/预决算/g, ''))).length;
  return final > 0 && final * 2 >= titled.length;
}

const notRun = (reason: Localized): Check[] =>
  REQUIRED_TABLES.map((r) => ({ rule: RULE_ID, status: 'not-run' as const, subject: `${r.name.zh} (${r.kind})`, detail: reason }));

function run({ doc }: RuleContext): RuleResult {
  const findings: Finding[] = [];
  const checks: Check[] = [];
  const first = new Map<TableKind, Table>();
  for (const t of doc.tables) if (REQUIRED_KINDS.has(t.kind) && !first.has(t.kind)) first.set(t.kind, t);

  if (first.size === 0) {
    return { findings, checks: notRun({ zh: '文档中没有部门预算表，未检查表格是否齐全', en: 'The document has no budget tables; completeness was not checked' }) };
  }
  if (looksLikeFinalAccounts(doc)) {
    return { findings, checks: notRun({ zh: '这是决算而非预算公开，预算公开的必备表清单不适用', en: 'This looks like a final-accounts (决算) disclosure, not a budget: the budget table list does not apply' }) };
  }
  // a page with one or two budget tables usually carries the rest as attachments: not judged
  if (first.size < MIN_TABLES) {
    return {
      findings,
      checks: notRun({
        zh: `只找到${first.size}张标准预算表，页面不像完整的部门预算公开（其余表可能在附件中），未检查表格是否齐全`,
        en: `Only ${first.size} standard budget table(s) found: the page does not look like a full department budget disclosure (the rest may be in attachments); completeness was not checked`,
      }),
    };
  }

  const shortLines = doc.paragraphs.map((p) => collapseSpace(p.text)).filter((s) => s.length <= 40);
  for (const required of REQUIRED_TABLES) {
    const subject = `${required.name.zh} (${required.kind})`;
    const table = first.get(required.kind);
    if (!table) {
      const listed = shortLines.find((s) => required.listed(canonicalLabel(s)));
      const note: Localized = listed
        ? { zh: `（目录列有「${listed}」，但页面中没有这张表）`, en: ` (the contents list “${listed}”, but the page has no such table)` }
        : { zh: '', en: '' };
      const message: Localized = {
        zh: `预算公开缺少${required.name.zh}${note.zh}`,
        en: `The budget disclosure has no ${required.name.en}${note.en}`,
      };
      findings.push(
        makeFinding(
          { rule: RULE_ID, severity: 'warning', message, stated: null, expected: null, tolerance: null, decimals: 0, unit: doc.unit, target: null, operands: [], computation: `${required.kind}: 0 of ${doc.tables.length} tables` },
          required.kind,
        ),
      );
      checks.push({ rule: RULE_ID, status: 'failed', subject, detail: message });
      continue;
    }
    const title = table.title ?? table.id;
    if (amountColumns(table).length === 0 || !isEmpty(table)) {
      checks.push({ rule: RULE_ID, status: 'passed', subject, detail: { zh: `已公开：「${title}」（${table.id}）`, en: `Present: “${title}” (${table.id})` } });
      continue;
    }
    const said = statement(table, required, doc);
    if (said) {
      checks.push({
        rule: RULE_ID,
        status: 'passed',
        subject,
        detail: {
          zh: `「${title}」为空表，${said.where.zh}说明：“${said.text}”`,
          en: `“${title}” is empty; ${said.where.en} says so: “${said.text}”`,
        },
      });
      continue;
    }
    const message: Localized = {
      zh: `「${title}」为空表（无非零金额），但表注和正文都没有说明本部门无此项支出`,
      en: `“${title}” is empty (no non-zero amount), but neither its notes nor the text say that the department has no such spending`,
    };
    findings.push(
      makeFinding(
        { rule: RULE_ID, severity: 'warning', message, stated: null, expected: null, tolerance: null, decimals: 0, unit: table.unit, target: { type: 'table', table: table.id }, operands: [], computation: `${table.id}: all amounts blank or 0` },
        required.kind,
      ),
    );
    checks.push({ rule: RULE_ID, status: 'failed', subject, detail: message });
  }
  return { findings, checks };
}

export const rule: Rule = {
  id: RULE_ID,
  title: RULE_TITLES['completeness'],
  description: {
    zh: '检查部门预算公开是否包含九张标准表（收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表、一般公共预算基本支出表、“三公”经费支出表、政府性基金预算支出表、国有资本经营预算支出表）；空表须在表注或正文中说明本部门无此项支出。',
    en: 'Checks that a department budget disclosure includes the nine standard tables (income/expenditure summary, income, expenditure, fiscal appropriation summary, general public budget expenditure, its basic expenditure, “three public expenses”, government fund and state capital expenditure); an empty table must come with a statement that the department has no such spending.',
  },
  run,
};
