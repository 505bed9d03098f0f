/**
 * narrative.share — a share the prose states (“卫生健康支出542.00万元，占92.97%”) must be the
 * amount ÷ its total × 100 at the precision printed. The total is the enumeration's total when the
 * amount is listed under one (“一般公共预算拨款支出582.97万元，其中：…”), otherwise the table total of
 * the same scope (一般公共预算支出 for a 一般公共预算 class, 基本支出 for 人员经费 …).
 *
 * Tolerance: every figure is rounded. The true share lies between (amount − q/2) ÷ (total + q/2) and
 * (amount + q/2) ÷ (total − q/2) (q: each figure's rounding quantum); the printed percent is an error
 * only when no share in that interval rounds to it (half a unit of its last digit). A percent inside
 * the interval that differs from the computed one is a rounding note.
 */
import Decimal from 'decimal.js';
import type { Claim } from '../../model/claim';
import type { Check, Finding, Localized, Operand, Severity } from '../../model/finding';
import { checkStatus, makeFinding } from '../finding';
import {
  claimRef,
  claimsByScope,
  describeReading,
  figureOperand,
  proseQuantumYuan,
  readingCount,
  readingDecimals,
  readingOperands,
  readingQuantumYuan,
  readingYuan,
  resolveQuantity,
  shareTotalRef,
  yuanOf,
  type QuantityScope,
  type Reading,
} from '../quantities';
import type { Rule, RuleContext, RuleResult } from '../rule';
import { sumBound } from '../tolerance';
import { RULE_TITLES } from '../rule-titles';

const RULE_ID = 'narrative.share';
const HUNDRED = new Decimal(100);

type Total = {
  yuan: Decimal;
  /** half the rounding uncertainty of the total, in 元 */
  half: Decimal;
  text: Localized;
  operands: Operand[];
  formula: string;
};

function totalOf(ctx: RuleContext, claim: Claim, scope: QuantityScope, byId: ReadonlyMap<string, Claim>): Total | null {
  const parent = claim.parent?.relation === 'part' ? byId.get(claim.parent.claim) : undefined;
  if (parent?.amount && parent.enumeration?.sums === 'amount') {
    const a = parent.amount;
    const d = a.decimals;
    return {
      yuan: yuanOf(a.value, a.unit),
      half: proseQuantumYuan(a, scope, ctx.options.tolerance).div(2),
      text: { zh: `正文所列总数「${parent.subject.raw}」${a.value.toFixed(d)}${a.unit}`, en: `the total the prose lists it under, "${parent.subject.raw}" ${a.value.toFixed(d)}${a.unit}` },
      operands: [figureOperand(parent, a, a.value, d, parent.subject.raw)],
      formula: a.value.toFixed(d),
    };
  }
  const ref = claim.subject.ref ? shareTotalRef(claim.subject.ref) : null;
  if (!ref) return null;
  const res = resolveQuantity(scope, ref, { raw: '', parent: null });
  if (!res) return null;
  const printed = res.readings.filter((r) => !r.blank);
  const first: Reading | undefined = printed[0];
  if (!first) return null;
  // the tables must agree on the total, or the share's base is in doubt
  for (const r of printed) {
    const bound = sumBound(Math.max(readingCount(r), readingCount(first)), Decimal.max(readingQuantumYuan(r), readingQuantumYuan(first)));
    if (readingYuan(r).minus(readingYuan(first)).abs().gt(bound)) return null;
  }
  const d = readingDecimals(first);
  const where = describeReading(first);
  return {
    yuan: readingYuan(first),
    half: sumBound(readingCount(first) - 1, readingQuantumYuan(first)),
    text: { zh: `${where.zh}${first.value.toFixed(d)}${first.unit}`, en: `${where.en} ${first.value.toFixed(d)}${first.unit}` },
    operands: readingOperands(first),
    formula: first.value.toFixed(d),
  };
}

function run(ctx: RuleContext): RuleResult {
  const { doc } = ctx;
  const byId = new Map(doc.claims.map((c) => [c.id, c]));
  const findings: Finding[] = [];
  let checked = 0;
  let failed = 0;
  let skipped = 0;
  for (const { claim, scope } of claimsByScope(ctx)) {
    const share = claim.share;
    const amount = claim.amount;
    if (!share || !amount) continue;
    try {
      const total = totalOf(ctx, claim, scope, byId);
      if (!total || total.yuan.lte(0) || total.yuan.lte(total.half)) {
        skipped++;
        continue;
      }
      checked++;
      const a = yuanOf(amount.value, amount.unit);
      const qa = proseQuantumYuan(amount, scope, ctx.options.tolerance).div(2);
      const lo = Decimal.max(0, a.minus(qa)).div(total.yuan.plus(total.half)).times(HUNDRED);
      const hi = a.plus(qa).div(total.yuan.minus(total.half)).times(HUNDRED);
      const expected = a.div(total.yuan).times(HUNDRED);
      const p = share.value;
      const half = new Decimal(10).pow(-share.decimals).div(2);
      const above = p.gt(expected);
      const tolerance = (above ? hi.minus(expected) : expected.minus(lo)).plus(half);
      const diff = p.minus(expected);
      let severity: Severity | null = null;
      if (diff.abs().gt(tolerance)) severity = 'error';
      else if (!p.eq(expected.toDecimalPlaces(share.decimals, Decimal.ROUND_HALF_UP))) severity = 'rounding';
      if (!severity) continue;
      if (severity === 'error') failed++;
      const d = Math.max(2, share.decimals);
      const subject = claim.subject.raw || claim.text;
      const printedAmount = `${amount.value.toFixed(amount.decimals)}${amount.unit}`;
      const tol = tolerance.toDecimalPlaces(4, Decimal.ROUND_UP);
      const within = severity === 'rounding';
      const message: Localized = {
        zh: `正文称「${subject}」${printedAmount}占${p.toFixed(share.decimals)}%，按${total.text.zh}计算为${expected.toFixed(d)}%，相差${diff.toFixed(d)}个百分点（${within ? '在' : '超出'}舍入容差${tol.toFixed()}${within ? '以内' : ''}）`,
        en: `The prose gives "${subject}" ${printedAmount} as ${p.toFixed(share.decimals)}%, but against ${total.text.en} it is ${expected.toFixed(d)}%: a difference of ${diff.toFixed(d)} points (${within ? 'within' : 'beyond'} the rounding tolerance of ${tol.toFixed()})`,
      };
      findings.push(
        makeFinding({
          rule: RULE_ID,
          severity,
          message,
          stated: p,
          expected,
          tolerance: tol,
          decimals: d,
          unit: null,
          target: claimRef(claim),
          operands: [figureOperand(claim, share, p, share.decimals, `${subject} 占比（%）`), figureOperand(claim, amount, amount.value, amount.decimals, subject), ...total.operands],
          computation: `${p.toFixed(share.decimals)}% ${within ? '≈' : '≠'} ${amount.value.toFixed(amount.decimals)} ÷ ${total.formula} × 100 = ${expected.toFixed(d)}%`,
        }),
      );
    } catch {
      skipped++;
    }
  }
  const checks: Check[] = [
    {
      rule: RULE_ID,
      status: checkStatus(checked, failed),
      subject: '正文占比',
      detail:
        checked === 0
          ? { zh: `正文中没有可核对的占比${skipped ? `（${skipped}处占比找不到总数）` : ''}`, en: `no share in the prose could be checked${skipped ? ` (${skipped} shares without a total)` : ''}` }
          : { zh: `核对了${checked}处占比，${failed}处与金额不符`, en: `${checked} shares checked, ${failed} disagree with their amounts` },
    },
  ];
  return { findings, checks };
}

export const rule: Rule = {
  id: RULE_ID,
  title: RULE_TITLES['narrative.share'],
  description: {
    zh: '情况说明中的占比（如“占92.97%”）应等于该金额除以所属总数（正文列出的总数或表格中同口径的合计），容差为各数字四舍五入可能造成的误差。',
    en: 'A share in the prose (“占92.97%”) must equal the amount divided by its total (the total the prose lists it under, or the table total of the same scope), within what rounding of the figures allows.',
  },
  run,
};
