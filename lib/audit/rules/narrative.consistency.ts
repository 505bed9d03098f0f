/**
 * narrative.consistency — the prose must agree with itself:
 *  - the same quantity (same subject, same year, same fund, same table set) stated twice with two
 *    different values (“项目支出2082.67万元” … “项目支出2082.70万元”);
 *  - the reasons given for a change that do not add up to it (“减少2.05万元，主要原因是会议费减少2万元，
 *    接待费减少0.5万元” = 2.50). Reasons introduced by 主要 (or ending in 等) may be partial: they are
 *    only flagged when they exceed the change, and then as a warning — an increase the prose does not
 *    mention could offset them.
 *
 * Tolerance: two prints of one quantity differ by at most the coarser rounding, sumBound(1, q); a
 * change and its reasons are one print, sumBound(number of reasons, finest quantum printed).
 */
import Decimal from 'decimal.js';
import { UNIT_SCALE, type Unit } from '../../model/units';
import type { AmountFigure, Claim, SubjectRef } from '../../model/claim';
import type { Check, Finding, Severity, TextRef } from '../../model/finding';
import { makeFinding, sumComputation } from '../finding';
import { claimRef, claimYear, claimsByScope, figureOperand, listQuantumYuan, proseQuantumYuan, signedChange, yuanOf, type QuantityScope } from '../quantities';
import type { Rule, RuleContext, RuleResult } from '../rule';
import { severityOf, sumBound } from '../tolerance';
import { differenceClause, unitWords } from '../wording';
import { RULE_TITLES } from '../rule-titles';

const RULE_ID = 'narrative.consistency';

const TOTAL_KINDS = new Set(['income-total', 'expense-total', 'income-expense-total']);

/** 收入总计 and 收入合计 are different totals when there is a carry-over: keep them apart. */
function flavor(c: Claim): string {
  if (!c.subject.ref || !TOTAL_KINDS.has(c.subject.ref.kind)) return '';
  return /总计/.test(c.subject.raw) ? 'grand' : /合计|本年/.test(c.subject.raw) ? 'current' : 'plain';
}

/** The subject as a key; “一般公共预算基本支出” and “基本支出” are one quantity when the document's 一般公共预算 is all its money. */
function refKey(ref: SubjectRef, scope: QuantityScope): string {
  if ('fund' in ref && ref.fund === 'general-budget' && scope.same('all', 'general')) return JSON.stringify({ ...ref, fund: null });
  return JSON.stringify(ref);
}

function duplicates(ctx: RuleContext, pairs: ReadonlyArray<{ claim: Claim; scope: QuantityScope }>): { findings: Finding[]; compared: number } {
  const { doc } = ctx;
  const groups = new Map<string, Array<{ claim: Claim; scope: QuantityScope }>>();
  for (const p of pairs) {
    const c = p.claim;
    if (c.kind !== 'amount' || !c.amount || !c.subject.ref || c.parent?.relation === 'reason') continue;
    const key = `${refKey(c.subject.ref, p.scope)}|${claimYear(c, doc) ?? ''}|${p.scope.index}|${flavor(c)}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const findings: Finding[] = [];
  let compared = 0;
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const first = group[0]!;
    const a = first.claim.amount!;
    for (const other of group.slice(1)) {
      compared++;
      const b = other.claim.amount!;
      const diff = yuanOf(b.value, b.unit).minus(yuanOf(a.value, a.unit));
      const bound = sumBound(1, Decimal.max(proseQuantumYuan(a, first.scope, ctx.options.tolerance), proseQuantumYuan(b, other.scope, ctx.options.tolerance)));
      const severity = severityOf(diff, bound);
      if (!severity) continue;
      const unit: Unit = a.unit;
      const scale = UNIT_SCALE[unit];
      const d = Math.max(2, a.decimals, b.unit === unit ? b.decimals : 0);
      const u = unitWords(unit);
      const va = a.value.toFixed(d);
      const vb = yuanOf(b.value, b.unit).div(scale).toFixed(d);
      const clause = differenceClause(diff.div(scale), bound.div(scale), severity, unit, d);
      const subject = other.claim.subject.raw || other.claim.text;
      findings.push(
        makeFinding(
          {
            rule: RULE_ID,
            severity,
            message: {
              zh: `正文两处说法不一：「${other.claim.text}」为${vb}${u.zh}，而前文「${first.claim.text}」为${va}${u.zh}，${clause.zh}`,
              en: `The prose states the same figure twice with two values: "${other.claim.text}" gives ${vb}${u.en}, while "${first.claim.text}" earlier gives ${va}${u.en}: ${clause.en}`,
            },
            stated: yuanOf(b.value, b.unit).div(scale),
            expected: a.value,
            tolerance: bound.div(scale),
            decimals: d,
            unit,
            target: claimRef(other.claim),
            operands: [figureOperand(other.claim, b, yuanOf(b.value, b.unit).div(scale), d, subject), figureOperand(first.claim, a, a.value, d, first.claim.subject.raw || first.claim.text)],
            computation: `${vb} ${severity === 'rounding' ? '≈' : '≠'} ${va}`,
          },
          'same',
        ),
      );
    }
  }
  return { findings, compared };
}

function reasons(ctx: RuleContext, pairs: ReadonlyArray<{ claim: Claim; scope: QuantityScope }>): { findings: Finding[]; compared: number } {
  const { doc } = ctx;
  const byId = new Map(doc.claims.map((c) => [c.id, c]));
  const findings: Finding[] = [];
  let compared = 0;
  for (const { claim, scope } of pairs) {
    const r = claim.reasons;
    const ch = claim.change;
    if (!r || !ch || !r.parts.length || !ch.amount || ch.direction === 'flat') continue;
    const total = signedChange(claim);
    const parts = r.parts.map((id) => byId.get(id));
    // reasons that are not changes with an amount (a new item's amount …) cannot be added up
    if (!total || parts.some((p) => !p || !p.change || !p.change.amount)) continue;
    const terms = parts.map((p) => ({ claim: p!, s: signedChange(p!)! }));
    if (terms.some((t) => !t.s.figure)) continue;
    compared++;
    const figures: AmountFigure[] = [ch.amount, ...terms.map((t) => t.s.figure!)];
    const unit = ch.amount.unit;
    const scale = UNIT_SCALE[unit];
    const totalY = yuanOf(total.value, unit);
    const sumY = terms.reduce((s, t) => s.plus(yuanOf(t.s.value, t.s.figure!.unit)), new Decimal(0));
    const bound = sumBound(terms.length, listQuantumYuan(figures, scope, ctx.options.tolerance));
    const after = doc.paragraphs[claim.paragraph]?.text.slice(r.end, r.end + 3) ?? '';
    const hedged = /主要|等/.test(r.marker) || /^\s*等/.test(after);
    let severity: Severity | null;
    if (hedged) {
      const sign = totalY.isNeg() ? -1 : 1;
      if (!terms.every((t) => t.s.value.isZero() || (t.s.value.isNeg() ? -1 : 1) === sign)) continue;
      severity = sumY.abs().minus(totalY.abs()).gt(bound) ? 'warning' : null;
    } else {
      severity = severityOf(totalY.minus(sumY), bound);
    }
    if (!severity) continue;
    const d = Math.max(2, ...figures.map((f) => (f.unit === unit ? f.decimals : 2)));
    const u = unitWords(unit);
    const show = (y: Decimal): string => y.div(scale).toFixed(d);
    const tol = bound.div(scale);
    const tolText = tol.toFixed(Math.max(d, tol.decimalPlaces()));
    const word = (v: Decimal): string => (v.isNeg() ? '减少' : '增加');
    const subject = claim.subject.raw || (claim.subject.antecedent ? (byId.get(claim.subject.antecedent)?.subject.raw ?? '') : '') || claim.text;
    const names = terms.map((t) => `${t.claim.subject.raw}${word(t.s.value)}${show(yuanOf(t.s.value, t.s.figure!.unit).abs())}`).join('、');
    const excess = sumY.abs().minus(totalY.abs());
    const clause = differenceClause(totalY.minus(sumY).div(scale), tol, severity === 'rounding' ? 'rounding' : 'error', unit, d);
    const message = hedged
      ? {
          zh: `正文称「${subject}」${word(totalY)}${show(totalY.abs())}${u.zh}，所列原因（${names}）合计${word(sumY)}${show(sumY.abs())}${u.zh}，比增减额多${show(excess)}${u.zh}（超出舍入容差${tolText}${u.zh}）；原因为“${r.marker.trim()}”，可能未列全，但除非另有未说明的反向变动，所列各项不应超过增减额`,
          en: `The prose gives "${subject}" as ${totalY.isNeg() ? 'a decrease' : 'an increase'} of ${show(totalY.abs())}${u.en}, but the reasons it gives (${names}) add up to ${show(sumY.abs())}${u.en}, ${show(excess)} more than the change (beyond the rounding tolerance of ${tolText}); reasons introduced as the main ones may be incomplete, but unless something not mentioned moved the other way they cannot exceed the change`,
        }
      : {
          zh: `正文称「${subject}」${word(totalY)}${show(totalY.abs())}${u.zh}，所列原因（${names}）合计${word(sumY)}${show(sumY.abs())}${u.zh}，${clause.zh}`,
          en: `The prose gives "${subject}" as a change of ${show(totalY)}${u.en}, while the reasons it gives (${names}) add up to ${show(sumY)}${u.en}: ${clause.en}`,
        };
    const target: TextRef = { type: 'text', paragraph: claim.paragraph, start: Math.min(ch.start, r.start), end: Math.max(ch.end, r.end) };
    findings.push(
      makeFinding(
        {
          rule: RULE_ID,
          severity,
          message,
          stated: totalY.div(scale),
          expected: sumY.div(scale),
          tolerance: tol,
          decimals: d,
          unit,
          target,
          operands: [
            figureOperand(claim, ch.amount, totalY.div(scale), d, `${subject} 增减额`),
            ...terms.map((t) => figureOperand(t.claim, t.s.figure!, yuanOf(t.s.value, t.s.figure!.unit).div(scale), d, t.claim.subject.raw || t.claim.text)),
          ],
          computation: sumComputation(show(totalY), terms.map((t) => show(yuanOf(t.s.value, t.s.figure!.unit))), show(sumY), false).replace(/ \+ -/g, ' − ').replace(' ≠ ', severity === 'rounding' ? ' ≈ ' : ' ≠ '),
        },
        'reasons',
      ),
    );
  }
  return { findings, compared };
}

function run(ctx: RuleContext): RuleResult {
  const pairs = claimsByScope(ctx);
  const same = duplicates(ctx, pairs);
  const why = reasons(ctx, pairs);
  const checks: Check[] = [
    {
      rule: RULE_ID,
      status: same.compared === 0 ? 'not-run' : same.findings.some((f) => f.severity === 'error') ? 'failed' : 'passed',
      subject: '正文中同一数字的多处说法',
      detail:
        same.compared === 0
          ? { zh: '正文没有重复说明同一数字', en: 'the prose states no figure twice' }
          : { zh: `比对了${same.compared}组重复说明的数字，${same.findings.filter((f) => f.severity === 'error').length}组不一致`, en: `${same.compared} repeated figures compared, ${same.findings.filter((f) => f.severity === 'error').length} disagree` },
    },
    {
      rule: RULE_ID,
      status: why.compared === 0 ? 'not-run' : why.findings.some((f) => f.severity !== 'rounding') ? 'failed' : 'passed',
      subject: '正文增减额与所列原因',
      detail:
        why.compared === 0
          ? { zh: '正文没有以金额说明增减原因', en: 'the prose gives no reasons with amounts for a change' }
          : { zh: `核对了${why.compared}处增减原因，${why.findings.filter((f) => f.severity !== 'rounding').length}处与增减额对不上`, en: `${why.compared} explained changes checked, ${why.findings.filter((f) => f.severity !== 'rounding').length} do not add up` },
    },
  ];
  return { findings: [...same.findings, ...why.findings], checks };
}

export const rule: Rule = {
  id: RULE_ID,
  title: RULE_TITLES['narrative.consistency'],
  description: {
    zh: '情况说明中同一数字（同一事项、同一年度、同一资金口径）多处出现时应一致；说明增减原因时所列各项之和应等于增减额（“主要原因”可以只列主要部分，但不应超过增减额）。',
    en: 'The same figure (same subject, year and fund) stated twice in the prose must agree; the reasons given for a change must add up to it (reasons given as the main ones may be partial, but must not exceed it).',
  },
  run,
};
