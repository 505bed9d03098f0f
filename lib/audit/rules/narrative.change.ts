/**
 * narrative.change — a change the prose states must be consistent in itself:
 *  - its direction words agree (“减少66.79万元，增长10.28%” contradicts itself);
 *  - its percent is the change ÷ the previous value × 100, the previous value being the current
 *    one minus the (signed) change: “582.97万元 … 减少66.79万元，下降10.28%” → 66.79 ÷ 649.76.
 * The current value is the amount the sentence states for the same subject, or (when the sentence
 * states none) the figure the tables print for it. Whether that current amount matches the tables
 * is narrative.amount's business, not this rule's.
 *
 * Tolerance: the current value and the change are rounded; the percent is an error only when no
 * value they can stand for gives a percent that rounds to the printed one.
 */
import Decimal from 'decimal.js';
import { UNIT_SCALE, type Unit } from '../../model/units';
import type { Claim, ChangeDirection } from '../../model/claim';
import type { Check, Finding, Localized, Operand, Severity } from '../../model/finding';
import { checkStatus, makeFinding } from '../finding';
import {
  claimsByScope,
  figureOperand,
  claimRef,
  proseQuantumYuan,
  readingCount,
  readingDecimals,
  readingOperands,
  readingQuantumYuan,
  readingYuan,
  resolveQuantity,
  yuanOf,
  type QuantityScope,
} from '../quantities';
import type { Rule, RuleContext, RuleResult } from '../rule';
import { sumBound } from '../tolerance';
import { RULE_TITLES } from '../rule-titles';

const RULE_ID = 'narrative.change';
const HUNDRED = new Decimal(100);

const VERB: Readonly<Record<ChangeDirection, Localized>> = {
  increase: { zh: '增加', en: 'an increase' },
  decrease: { zh: '减少', en: 'a decrease' },
  flat: { zh: '持平', en: 'no change' },
};

type Current = { yuan: Decimal; half: Decimal; unit: Unit; value: Decimal; decimals: number; operands: Operand[]; text: Localized };

function currentOf(ctx: RuleContext, claim: Claim, scope: QuantityScope, byId: ReadonlyMap<string, Claim>): Current | null {
  const ch = claim.change!;
  if (ch.current) {
    const source = byId.get(ch.current.claim);
    const fig = source?.amount;
    if (!source || !fig) return null;
    return {
      yuan: yuanOf(fig.value, fig.unit),
      half: proseQuantumYuan(fig, scope, ctx.options.tolerance).div(2),
      unit: fig.unit,
      value: fig.value,
      decimals: fig.decimals,
      operands: [figureOperand(source, fig, fig.value, fig.decimals, source.subject.raw || source.text)],
      text: { zh: `正文所称本年数${fig.value.toFixed(fig.decimals)}${fig.unit}`, en: `this year's ${fig.value.toFixed(fig.decimals)}${fig.unit} stated by the prose` },
    };
  }
  if (!claim.subject.ref) return null;
  const res = resolveQuantity(scope, claim.subject.ref, { raw: claim.subject.raw, parent: null });
  const printed = res?.readings.filter((r) => !r.blank) ?? [];
  const first = printed[0];
  if (!first) return null;
  for (const r of printed) {
    const bound = sumBound(Math.max(readingCount(r), readingCount(first)), Decimal.max(readingQuantumYuan(r), readingQuantumYuan(first)));
    if (readingYuan(r).minus(readingYuan(first)).abs().gt(bound)) return null;
  }
  const d = readingDecimals(first);
  return {
    yuan: readingYuan(first),
    half: sumBound(readingCount(first) - 1, readingQuantumYuan(first)),
    unit: first.unit,
    value: first.value,
    decimals: d,
    operands: readingOperands(first),
    text: { zh: `表格本年数${first.value.toFixed(d)}${first.unit}（「${first.table.title ?? first.table.id}」）`, en: `this year's ${first.value.toFixed(d)}${first.unit} in "${first.table.title ?? first.table.id}"` },
  };
}

/** The range of percents the rounded figures allow: change ÷ (current ∓ change), at every corner. */
function percentRange(cur: Decimal, curHalf: Decimal, amount: Decimal, amountHalf: Decimal, direction: 'increase' | 'decrease'): { lo: Decimal; hi: Decimal } | null {
  const values: Decimal[] = [];
  for (const c of [cur.minus(curHalf), cur.plus(curHalf)]) {
    for (const a of [Decimal.max(0, amount.minus(amountHalf)), amount.plus(amountHalf)]) {
      const previous = direction === 'increase' ? c.minus(a) : c.plus(a);
      if (previous.lte(0)) return null;
      values.push(a.div(previous).times(HUNDRED));
    }
  }
  return { lo: Decimal.min(...values), hi: Decimal.max(...values) };
}

function run(ctx: RuleContext): RuleResult {
  const { doc } = ctx;
  const byId = new Map(doc.claims.map((c) => [c.id, c]));
  const findings: Finding[] = [];
  let checked = 0;
  let failed = 0;
  for (const { claim, scope } of claimsByScope(ctx)) {
    const ch = claim.change;
    if (!ch) continue;
    const target = claimRef(claim);
    const subject = claim.subject.raw || (claim.subject.antecedent ? (byId.get(claim.subject.antecedent)?.subject.raw ?? '') : '') || claim.text;
    try {
      // direction words
      if (ch.percent && ch.amount && ch.direction !== ch.percent.direction && !(ch.amount.value.isZero() && ch.percent.value.isZero())) {
        checked++;
        failed++;
        const a = `${VERB[ch.direction].zh}${ch.amount.value.toFixed(ch.amount.decimals)}${ch.amount.unit}`;
        const pw = ch.percent.direction === 'increase' ? '增长' : ch.percent.direction === 'decrease' ? '下降' : '持平';
        findings.push(
          makeFinding(
            {
              rule: RULE_ID,
              severity: 'error',
              message: {
                zh: `正文称「${subject}」${a}，又称${pw}${ch.percent.value.toFixed(ch.percent.decimals)}%，增减方向自相矛盾`,
                en: `The prose gives "${subject}" as ${VERB[ch.direction].en} of ${ch.amount.value.toFixed(ch.amount.decimals)}${ch.amount.unit} and then as ${VERB[ch.percent.direction].en} of ${ch.percent.value.toFixed(ch.percent.decimals)}%: the directions contradict each other`,
              },
              stated: null,
              expected: null,
              tolerance: null,
              decimals: 2,
              unit: null,
              target,
              operands: [figureOperand(claim, ch.amount, ch.amount.value, ch.amount.decimals, `${subject} 增减额`), figureOperand(claim, ch.percent, ch.percent.value, ch.percent.decimals, `${subject} 增减率（%）`)],
              computation: `${a} ↔ ${pw}${ch.percent.value.toFixed(ch.percent.decimals)}%`,
            },
            'direction',
          ),
        );
        continue;
      }
      // the percent against the amount
      if (!ch.percent || !ch.amount || ch.direction === 'flat') continue;
      const current = currentOf(ctx, claim, scope, byId);
      if (!current) continue;
      const amountY = yuanOf(ch.amount.value, ch.amount.unit);
      const amountHalf = proseQuantumYuan(ch.amount, scope, ctx.options.tolerance).div(2);
      const range = percentRange(current.yuan, current.half, amountY, amountHalf, ch.direction);
      if (!range) continue;
      checked++;
      const previous = ch.direction === 'increase' ? current.yuan.minus(amountY) : current.yuan.plus(amountY);
      const expected = amountY.div(previous).times(HUNDRED);
      const p = ch.percent.value;
      const half = new Decimal(10).pow(-ch.percent.decimals).div(2);
      const diff = p.minus(expected);
      const tolerance = (p.gt(expected) ? range.hi.minus(expected) : expected.minus(range.lo)).plus(half);
      let severity: Severity | null = null;
      if (diff.abs().gt(tolerance)) severity = 'error';
      else if (!p.eq(expected.toDecimalPlaces(ch.percent.decimals, Decimal.ROUND_HALF_UP))) severity = 'rounding';
      if (!severity) continue;
      if (severity === 'error') failed++;
      const d = Math.max(2, ch.percent.decimals);
      const prevText = previous.div(UNIT_SCALE[current.unit]).toFixed(current.decimals);
      const amountText = `${ch.amount.value.toFixed(ch.amount.decimals)}${ch.amount.unit}`;
      const sign = ch.direction === 'increase' ? '−' : '+';
      const within = severity === 'rounding';
      const tol = tolerance.toDecimalPlaces(4, Decimal.ROUND_UP);
      const pw = ch.percent.direction === 'decrease' ? '下降' : '增长';
      findings.push(
        makeFinding(
          {
            rule: RULE_ID,
            severity,
            message: {
              zh: `正文称「${subject}」${VERB[ch.direction].zh}${amountText}、${pw}${p.toFixed(ch.percent.decimals)}%，但按${current.text.zh}推算上年数为${prevText}${current.unit}，${VERB[ch.direction].zh}${amountText}应为${expected.toFixed(d)}%，相差${diff.toFixed(d)}个百分点（${within ? '在' : '超出'}舍入容差${tol.toFixed()}${within ? '以内' : ''}）`,
              en: `The prose gives "${subject}" as ${VERB[ch.direction].en} of ${amountText}, ${p.toFixed(ch.percent.decimals)}%; from ${current.text.en} the previous value is ${prevText}${current.unit}, so the change is ${expected.toFixed(d)}%: a difference of ${diff.toFixed(d)} points (${within ? 'within' : 'beyond'} the rounding tolerance of ${tol.toFixed()})`,
            },
            stated: p,
            expected,
            tolerance: tol,
            decimals: d,
            unit: null,
            target,
            operands: [
              figureOperand(claim, ch.percent, p, ch.percent.decimals, `${subject} 增减率（%）`),
              figureOperand(claim, ch.amount, ch.amount.value, ch.amount.decimals, `${subject} 增减额`),
              ...current.operands,
            ],
            computation: `${p.toFixed(ch.percent.decimals)}% ${within ? '≈' : '≠'} ${ch.amount.value.toFixed(ch.amount.decimals)} ÷ (${current.value.toFixed(current.decimals)} ${sign} ${ch.amount.value.toFixed(ch.amount.decimals)}) × 100 = ${expected.toFixed(d)}%`,
          },
          'percent',
        ),
      );
    } catch {
      // a change that cannot be read is not checked
    }
  }
  const checks: Check[] = [
    {
      rule: RULE_ID,
      status: checkStatus(checked, failed),
      subject: '正文增减额与增减率',
      detail:
        checked === 0
          ? { zh: '正文中没有同时写出增减额与增减率的说法', en: 'the prose states no change with both an amount and a percent' }
          : { zh: `核对了${checked}处增减说法，${failed}处自相矛盾`, en: `${checked} changes checked, ${failed} inconsistent` },
    },
  ];
  return { findings, checks };
}

export const rule: Rule = {
  id: RULE_ID,
  title: RULE_TITLES['narrative.change'],
  description: {
    zh: '情况说明中的增减说法应自洽：增减方向一致（不能“减少…增长…”），增减率等于增减额除以上年数（本年数减去增减额），容差为各数字四舍五入可能造成的误差。',
    en: 'A change stated in the prose must be consistent: its direction words agree, and its percent is the change divided by the previous value (this year’s value minus the change), within what rounding of the figures allows.',
  },
  run,
};
