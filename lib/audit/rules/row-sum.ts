import type { Check, Finding } from '../../model/finding';
import type { Table } from '../../model/table';
import type { Rule, RuleContext, RuleResult } from '../rule';
import { runPerTable } from '../rule';
import { figureColumns, isValuelessRow, parentGroups, rowStructure } from '../hierarchy';
import { checkSum, SumTally } from '../sum-check';
import { columnLabel, rowLabel, valueAt, type Figure } from '../table-utils';
import { tableQuantum } from '../tolerance';
import { RULE_TITLES } from '../rule-titles';

const ID = 'row-sum';

/** Tables whose rows are not classification rows that add up (text tables, two-sided summaries). */
const SKIP_KINDS = new Set<Table['kind']>(['performance', 'income-expense-summary', 'fiscal-summary']);

function auditTable(table: Table, ctx: RuleContext): { findings: Finding[]; check: Check | null } {
  const coded = table.rows.some((r) => r.code !== null && r.codeScheme !== null);
  if (!coded) return { findings: [], check: null };
  const subjectLine = `${table.id} ${table.title ?? ''}`.trim();
  const columns = figureColumns(table);
  const structure = rowStructure(table);
  const blocks = [structure.leading, ...structure.units.map((u) => u.block)].filter((b) => b.length > 0);
  const groups = blocks.flatMap((rows) => parentGroups(rows));
  const what = { zh: `${subjectLine}：上级科目 = 下级科目之和`, en: `${subjectLine}: parent code rows = sum of their child rows` };
  if (groups.length === 0 || columns.length === 0) {
    return {
      findings: [],
      check: {
        rule: ID,
        status: 'not-run',
        subject: `${subjectLine} parent code rows`,
        detail: {
          zh: `${what.zh}：表中没有同时列出上级科目及其下级科目（如只列“项”级科目），无法核对`,
          en: `${what.en}: the table prints no parent code together with its children (e.g. only 项-level rows), nothing to check`,
        },
      },
    };
  }
  const quantum = tableQuantum(table, ctx.options.tolerance);
  const tally = new SumTally();
  for (const group of groups) {
    const [first, ...others] = group.parents;
    // a parent row that prints no figure at all is a heading, not a stated total
    if (!first || group.parents.every((p) => isValuelessRow(table, p))) continue;
    const twice = others.length > 0;
    const childCodes = [...new Set(group.children.map((c) => c.code))].join('、');
    const partsNoun = { zh: `其下级科目（${childCodes}）`, en: `its child rows (${childCodes})` };
    const firstLabel = rowLabel(first);
    for (const column of columns) {
      const parts: Figure[] = [];
      for (const child of group.children) {
        const value = valueAt(child, column);
        if (value !== null) parts.push({ table, row: child, column, value });
      }
      const alsoStated: Figure[] = [];
      for (const p of others) {
        const value = valueAt(p, column);
        if (value !== null) alsoStated.push({ table, row: p, column, value });
      }
      tally.add(
        checkSum({
          rule: ID,
          table,
          row: first,
          column,
          alsoStated,
          parts,
          quantum,
          subject: twice
            ? {
                zh: `「${firstLabel}」（共${group.parents.length}行）「${columnLabel(column)}」列合计`,
                en: `the ${group.parents.length} rows “${firstLabel}” together (column “${columnLabel(column)}”)`,
              }
            : { zh: `「${firstLabel}」行「${columnLabel(column)}」列`, en: `row “${firstLabel}” (column “${columnLabel(column)}”)` },
          partsNoun,
        }),
      );
    }
  }
  if (tally.compared === 0) {
    return {
      findings: [],
      check: {
        rule: ID,
        status: 'not-run',
        subject: `${subjectLine} parent code rows`,
        detail: { zh: `${what.zh}：上级科目行未列金额，无可核对的数字`, en: `${what.en}: the parent rows print no figures, nothing to compare` },
      },
    };
  }
  return {
    findings: tally.findings,
    check: { rule: ID, status: tally.status, subject: `${subjectLine} parent code rows`, detail: tally.detail(what) },
  };
}

export const rule: Rule = {
  id: ID,
  title: RULE_TITLES['row-sum'],
  description: {
    zh: '同一单位范围内，类级科目等于其款级科目之和、款级科目等于其项级科目之和（经济分类301等于30101…之和），逐列核对；按科目编码匹配，不依赖行的先后顺序。上级有数而下级全空时提示疑似漏填。',
    en: 'Within each unit block, a 类 row equals the sum of its 款 rows and a 款 row the sum of its 项 rows (economic class 301 = Σ 30101 …), per amount column; children are matched by code, not position. A parent with a value whose children are all blank is flagged as a possible omission.',
  },
  run: (ctx: RuleContext): RuleResult => runPerTable(ctx, { rule: ID, subject: 'parent code rows', skip: SKIP_KINDS }, auditTable),
};
