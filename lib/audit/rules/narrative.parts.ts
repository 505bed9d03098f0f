/**
 * narrative.parts — a total the prose breaks down (“支出合计2230.80万元，其中：基本支出148.11万元；
 * 项目支出2082.67万元”, “比2023年减少4399.08万元，其中：基本支出增加7.46万元…”) must equal the sum
 * of its parts (of the amounts, or of the signed changes).
 *
 * A hedged list (“主要用于…”, “主要为…”, a list ending in 等) may leave parts out: it is only
 * checked one way — its parts must not exceed the total.
 *
 * Tolerance: the figures of one sentence are one print, like a table: their quantum is the finest
 * precision printed among them (“10万元” beside “69.23万元” is 10.00 with its zeros dropped), or the
 * document's coarser quantum when it rounds its figures to 0.1 and the total is such a figure; the
 * bound is sumBound(number of parts, quantum).
 */
import Decimal from 'decimal.js';
import { UNIT_SCALE, type Unit } from '../../model/units';
import type { AmountFigure, Claim } from '../../model/claim';
import type { Check, Finding, Severity, TextRef } from '../../model/finding';
import { checkStatus, makeFinding, sumComputation } from '../finding';
import { claimsByScope, figureOperand, listQuantumYuan, signedChange, yuanOf } from '../quantities';
import type { Rule, RuleContext, RuleResult } from '../rule';
import { severityOf, sumBound } from '../tolerance';
import { differenceClause, unitWords } from '../wording';
import { RULE_TITLES } from '../rule-titles';

const RULE_ID = 'narrative.parts';

type Term = { claim: Claim; yuan: Decimal; figure: AmountFigure | null; word: string };

function termOf(c: Claim, sums: 'amount' | 'change'): Term | null {
  if (sums === 'amount') {
    if (!c.amount) return null;
    return { claim: c, yuan: yuanOf(c.amount.value, c.amount.unit), figure: c.amount, word: '' };
  }
  const s = signedChange(c);
  if (!s) return null;
  const ch = c.change!;
  return { claim: c, yuan: s.figure ? yuanOf(s.value, s.figure.unit) : new Decimal(0), figure: s.figure, word: ch.direction === 'increase' ? '增加' : ch.direction === 'decrease' ? '减少' : '持平' };
}

function run(ctx: RuleContext): RuleResult {
  const { doc } = ctx;
  const byId = new Map(doc.claims.map((c) => [c.id, c]));
  const findings: Finding[] = [];
  let checked = 0;
  let failed = 0;
  for (const { claim, scope } of claimsByScope(ctx)) {
    const e = claim.enumeration;
    if (!e || e.parts.length === 0) continue;
    try {
      const total = termOf(claim, e.sums);
      // “三公”经费 is 因公出国 + 公务用车 + 公务接待: 会议费 / 培训费 printed in the same list are beside it, not in it
      const threePublic = claim.subject.ref?.kind === 'three-public';
      const members = e.parts.map((id) => byId.get(id)).filter((c) => !(threePublic && c && c.subject.ref !== null && c.subject.ref.kind !== 'three-public'));
      const parts = members.map((c) => (c ? termOf(c, e.sums) : null));
      if (!parts.length) continue;
      if (!total || parts.some((p) => p === null)) continue;
      const terms = parts as Term[];
      const figures = [total, ...terms].map((t) => t.figure).filter((f): f is AmountFigure => f !== null);
      if (!figures.length) continue;
      checked++;
      const unit: Unit = total.figure?.unit ?? figures[0]!.unit;
      const scale = UNIT_SCALE[unit];
      const d = Math.max(2, ...figures.map((f) => (f.unit === unit ? f.decimals : 2)));
      const sum = terms.reduce((s, t) => s.plus(t.yuan), new Decimal(0));
      const diff = total.yuan.minus(sum);
      const bound = sumBound(terms.length, listQuantumYuan(figures, scope, ctx.options.tolerance));
      let severity: Severity | null;
      if (e.hedged) {
        // the parts may be some of it: only parts beyond the total tell
        const sign = total.yuan.isNeg() ? -1 : 1;
        const sameSide = terms.every((t) => t.yuan.isZero() || (t.yuan.isNeg() ? -1 : 1) === sign);
        if (!sameSide) continue;
        const excess = sum.abs().minus(total.yuan.abs());
        severity = excess.gt(bound) ? 'error' : null;
      } else {
        severity = severityOf(diff, bound);
      }
      if (!severity) continue;
      if (severity === 'error') failed++;
      const u = unitWords(unit);
      const show = (y: Decimal): string => y.div(scale).toFixed(d);
      const signed = e.sums === 'change';
      const termText = (t: Term): string => (signed ? `${t.word}${show(t.yuan.abs())}` : show(t.yuan));
      const subject = claim.subject.raw || claim.text;
      const names = terms.map((t) => `${t.claim.subject.raw}${termText(t)}`).join('、');
      const totalText = signed ? `${total.word}${show(total.yuan.abs())}${u.zh}` : `为${show(total.yuan)}${u.zh}`;
      const sumText = signed ? `${sum.isNeg() ? '减少' : '增加'}${show(sum.abs())}${u.zh}` : `${show(sum)}${u.zh}`;
      const tolValue = bound.div(scale);
      const tolText = tolValue.toFixed(Math.max(d, tolValue.decimalPlaces()));
      const diffClause = differenceClause(diff.div(scale), bound.div(scale), severity, unit, d);
      const message = e.hedged
        ? {
            zh: `正文称「${subject}」${totalText}，“${e.marker.trim()}”所列${terms.length}项（${names}）合计${sumText}，已超过总数${show(sum.abs().minus(total.yuan.abs()))}${u.zh}（超出舍入容差${tolText}${u.zh}）；所列仅为主要部分时，其和也不应超过总数`,
            en: `The prose gives "${subject}" ${signed ? `a change of ${show(total.yuan)}` : show(total.yuan)}${u.en}, but the ${terms.length} parts listed after “${e.marker.trim()}” add up to ${show(sum)}${u.en}, more than the total by ${show(sum.abs().minus(total.yuan.abs()))}${u.en} (beyond the rounding tolerance of ${tolText}); a list of the main parts cannot exceed its total`,
          }
        : {
            zh: `正文称「${subject}」${totalText}，其后所列${terms.length}项（${names}）合计${sumText}，${diffClause.zh}`,
            en: `The prose gives "${subject}" ${signed ? `a change of ${show(total.yuan)}` : show(total.yuan)}${u.en}, while the ${terms.length} parts it lists add up to ${show(sum)}${u.en}: ${diffClause.en}`,
          };
      const target: TextRef = { type: 'text', paragraph: claim.paragraph, start: Math.min(claim.start, e.start), end: Math.max(claim.end, e.end) };
      const operandOf = (t: Term) => (t.figure ? figureOperand(t.claim, t.figure, t.yuan.div(scale), d, t.claim.subject.raw || t.claim.text) : null);
      findings.push(
        makeFinding({
          rule: RULE_ID,
          severity,
          message,
          stated: total.yuan.div(scale),
          expected: sum.div(scale),
          tolerance: bound.div(scale),
          decimals: d,
          unit,
          target,
          operands: [total, ...terms].map(operandOf).filter((o) => o !== null),
          computation: sumComputation(
            show(total.yuan),
            terms.map((t) => show(t.yuan)),
            show(sum),
            false,
          )
            .replace(/ \+ -/g, ' − ')
            .replace(' ≠ ', severity === 'rounding' ? ' ≈ ' : ' ≠ '),
        }),
      );
    } catch {
      // an enumeration that cannot be read is not checked
    }
  }
  const checks: Check[] = [
    {
      rule: RULE_ID,
      status: checkStatus(checked, failed),
      subject: '正文总数与分项',
      detail:
        checked === 0
          ? { zh: '正文中没有列出分项的总数', en: 'the prose breaks no total down into parts' }
          : { zh: `核对了${checked}处总数与其分项，${failed}处对不上`, en: `${checked} totals checked against their listed parts, ${failed} do not add up` },
    },
  ];
  return { findings, checks };
}

export const rule: Rule = {
  id: RULE_ID,
  title: RULE_TITLES['narrative.parts'],
  description: {
    zh: '情况说明中“其中：…”列出的分项（金额或增减额）之和应等于总数；“主要用于…”“…等”只列主要部分时，分项之和不应超过总数。',
    en: 'The parts the prose lists under a total (“其中：…”, amounts or changes) must add up to it; a list of the main parts only (“主要用于…”, “…等”) must not exceed it.',
  },
  run,
};
