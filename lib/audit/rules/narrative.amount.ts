/**
 * narrative.amount — an amount the prose states (“住房保障（类）支出17.80万元”) must be the figure
 * the tables print for the quantity it names (收支总表 二十一、住房保障支出 = 18.50).
 *
 * Tolerance: two printed figures of one quantity may differ by the rounding of the coarser print:
 * sumBound(n, max(quantum of the prose figure, quantum of the table)), n = the printed figures the
 * table value is made of (1 for one cell). “10万元” against 9.80 is a rounding note; 17.80 against
 * 18.50 an error. 元 in the prose against 万元 in the table is converted.
 *
 * When several tables print the quantity, the claim is compared with each; it is reported against
 * a table it disagrees with (a printed figure first), listing the ones that agree. A claim that
 * disagrees only with a sum of detail rows while a printed figure agrees with it is left to the
 * table rules (the rows are in doubt, not the prose). Claims about another year, reasons for a
 * change, and subjects no table prints yield nothing.
 */
import Decimal from 'decimal.js';
import { UNIT_SCALE } from '../../model/units';
import type { Claim } from '../../model/claim';
import type { Check, Finding, Localized, Severity } from '../../model/finding';
import { checkStatus, makeFinding } from '../finding';
import {
  claimRef,
  claimsByScope,
  describeReading,
  figureOperand,
  isOwnYear,
  printedQuantumYuan,
  readingCount,
  readingDecimals,
  readingFormula,
  readingOperands,
  readingQuantumYuan,
  readingYuan,
  resolveQuantity,
  yuanOf,
  type Reading,
  type Resolution,
} from '../quantities';
import type { Rule, RuleContext, RuleResult } from '../rule';
import { severityOf, sumBound } from '../tolerance';
import { differenceClause, unitWords } from '../wording';
import { RULE_TITLES } from '../rule-titles';

const RULE_ID = 'narrative.amount';

type Comparison = { reading: Reading; diff: Decimal; bound: Decimal; severity: Severity | null };

function compare(claim: Claim, r: Reading): Comparison {
  const amount = claim.amount!;
  const diff = yuanOf(amount.value, amount.unit).minus(readingYuan(r));
  const bound = sumBound(readingCount(r), Decimal.max(printedQuantumYuan(amount), readingQuantumYuan(r)));
  return { reading: r, diff, bound, severity: severityOf(diff, bound) };
}

const byCloseness = (a: Comparison, b: Comparison): number => a.diff.abs().comparedTo(b.diff.abs());

/** The comparison to report, and its severity; null when the claim agrees. */
function verdict(res: Resolution, cmps: Comparison[]): { target: Comparison; severity: Severity } | null {
  const exact = cmps.filter((c) => c.severity === null);
  const within = cmps.filter((c) => c.severity === 'rounding');
  const beyond = cmps.filter((c) => c.severity === 'error');
  if (res.alternatives) {
    if (exact.length) return null;
    if (within.length) return { target: [...within].sort(byCloseness)[0]!, severity: 'rounding' };
    const target = [...beyond].sort(byCloseness)[0]!;
    return { target, severity: target.reading.blank ? 'warning' : 'error' };
  }
  if (!beyond.length) {
    if (exact.length || !within.length) return null;
    return { target: [...within].sort(byCloseness)[0]!, severity: 'rounding' };
  }
  const printedBeyond = beyond.filter((c) => !c.reading.derived && !c.reading.blank);
  const printedAgree = [...exact, ...within].filter((c) => !c.reading.derived && !c.reading.blank);
  // only sums of detail rows disagree while a printed figure agrees: the rows are in doubt, not the prose
  if (!printedBeyond.length && printedAgree.length) return null;
  const target = printedBeyond[0] ?? beyond.find((c) => !c.reading.blank) ?? beyond[0]!;
  return { target, severity: target.reading.blank ? 'warning' : 'error' };
}

const valueText = (r: Reading, d: number, u: Localized): Localized =>
  r.blank ? { zh: '空白（未列数）', en: 'blank' } : { zh: `${r.value.toFixed(d)}${u.zh}`, en: `${r.value.toFixed(d)}${u.en}` };

function findingFor(claim: Claim, res: Resolution, cmps: Comparison[], target: Comparison, severity: Severity): Finding {
  const amount = claim.amount!;
  const r = target.reading;
  const unit = r.unit;
  const scale = UNIT_SCALE[unit];
  const d = Math.max(readingDecimals(r), amount.unit === unit ? amount.decimals : 0);
  const u = unitWords(unit);
  const stated = yuanOf(amount.value, amount.unit).div(scale);
  const printed = `${amount.value.toFixed(amount.decimals)}${amount.unit}`;
  const converted = amount.unit === unit ? '' : `（合${stated.toFixed(d)}${u.zh}）`;
  const convertedEn = amount.unit === unit ? '' : ` (${stated.toFixed(d)}${u.en})`;
  const subject = claim.subject.raw || claim.text;
  const diff = differenceClause(target.diff.div(scale), target.bound.div(scale), severity === 'rounding' ? 'rounding' : 'error', unit, d);
  const target0 = describeReading(r);
  const tv = valueText(r, d, u);
  const extraZh: string[] = [];
  const extraEn: string[] = [];
  const others = cmps.filter((c) => c !== target);
  const disagreeing = others.filter((c) => c.severity === 'error');
  const agreeing = others.filter((c) => c.severity !== 'error');
  if (res.alternatives) {
    if (others.length) {
      extraZh.push(`（${others.map((c) => `${describeReading(c.reading).zh}为${valueText(c.reading, d, u).zh}`).join('，')}，亦不相符）`);
      extraEn.push(` (${others.map((c) => `${describeReading(c.reading).en} is ${valueText(c.reading, d, u).en}`).join('; ')}: no match either)`);
    }
  } else {
    for (const c of disagreeing) {
      const same = c.reading.value.eq(r.value) && c.reading.blank === r.blank;
      extraZh.push(`；${describeReading(c.reading).zh}${same ? '也' : ''}为${valueText(c.reading, d, u).zh}`);
      extraEn.push(`; ${describeReading(c.reading).en} ${same ? 'also ' : ''}reads ${valueText(c.reading, d, u).en}`);
    }
    if (agreeing.length) {
      const values = [...new Set(agreeing.map((c) => valueText(c.reading, d, u).zh))];
      extraZh.push(`；${agreeing.map((c) => describeReading(c.reading).zh).join('、')}为${values.join('、')}，与正文一致`);
      extraEn.push(`; ${agreeing.map((c) => describeReading(c.reading).en).join(', ')} ${agreeing.length > 1 ? 'read' : 'reads'} ${[...new Set(agreeing.map((c) => valueText(c.reading, d, u).en))].join(', ')}, as the prose does`);
    }
  }
  const message: Localized = {
    zh: `正文称「${subject}」为${printed}${converted}，而${target0.zh}为${tv.zh}，${diff.zh}${extraZh.join('')}`,
    en: `The prose gives "${subject}" as ${printed}${convertedEn}, while ${target0.en} reads ${tv.en}: ${diff.en}${extraEn.join('')}`,
  };
  return makeFinding({
    rule: RULE_ID,
    severity,
    message,
    stated,
    expected: r.value,
    tolerance: target.bound.div(scale),
    decimals: d,
    unit,
    target: claimRef(claim),
    operands: [figureOperand(claim, amount, stated, d, subject), ...cmps.flatMap((c) => readingOperands(c.reading))],
    computation: `${stated.toFixed(d)} ${severity === 'rounding' ? '≈' : '≠'} ${r.value.toFixed(d)} — 正文「${subject}」${printed}; ${cmps.map((c) => readingFormula(c.reading)).join('; ')}`,
  });
}

function run(ctx: RuleContext): RuleResult {
  const { doc } = ctx;
  const findings: Finding[] = [];
  const byId = new Map(doc.claims.map((c) => [c.id, c]));
  let compared = 0;
  let unresolved = 0;
  let failed = 0;
  for (const { claim, scope } of claimsByScope(ctx)) {
    if (claim.kind !== 'amount' || !claim.amount || !claim.subject.ref) continue;
    if (claim.parent?.relation === 'reason' || !isOwnYear(claim, doc)) continue;
    try {
      const parent = claim.parent ? (byId.get(claim.parent.claim)?.subject.ref ?? null) : null;
      const res = resolveQuantity(scope, claim.subject.ref, { raw: claim.subject.raw, parent });
      if (!res) {
        unresolved++;
        continue;
      }
      compared++;
      const cmps = res.readings.map((r) => compare(claim, r));
      const v = verdict(res, cmps);
      if (!v) continue;
      if (v.severity === 'error') failed++;
      findings.push(findingFor(claim, res, cmps, v.target, v.severity));
    } catch {
      unresolved++;
    }
  }
  const checks: Check[] = [
    {
      rule: RULE_ID,
      status: checkStatus(compared, failed),
      subject: '正文金额与表格数字',
      detail:
        compared === 0
          ? { zh: `正文中没有能与表格数字对应的金额${unresolved ? `（${unresolved}处金额在表格中找不到对应数字）` : ''}`, en: `no amount of the prose could be tied to a table figure${unresolved ? ` (${unresolved} amounts name nothing the tables print)` : ''}` }
          : {
              zh: `核对了正文中${compared}处金额，${failed}处与表格不符${unresolved ? `；另有${unresolved}处在表格中找不到对应数字，未核对` : ''}`,
              en: `${compared} amounts of the prose compared with the tables, ${failed} disagree${unresolved ? `; ${unresolved} more name nothing the tables print and were not checked` : ''}`,
            },
    },
  ];
  return { findings, checks };
}

export const rule: Rule = {
  id: RULE_ID,
  title: RULE_TITLES['narrative.amount'],
  description: {
    zh: '情况说明中写出的金额（如“住房保障（类）支出17.80万元”）应与表格中同一数字一致（收支总表、支出总表、一般公共预算支出表、基本支出表、“三公”经费表、项目支出表等）；差额在两个数字的舍入范围以内记为舍入提示。',
    en: 'An amount stated in the prose (“housing 17.80万元”) must be the figure the tables print for the same quantity (summary, expense, general-budget, basic-expenditure, “three public” and project tables); a difference within the rounding of the two prints is a rounding note.',
  },
  run,
};
