import { z } from 'zod';
import { DecimalSchema, UnitSchema } from './amount';

/**
 * Numeric claims read from the prose of a disclosure (the 情况说明 paragraphs): "卫生健康支出
 * 542.00万元，占92.97%", "较去年减少66.79万元，下降10.28%", "其中：A x万元，B y万元".
 * Every offset is a UTF-16 index into `Paragraph.text` of the paragraph the claim comes from:
 * `paragraph.text.slice(start, end)` is exactly the printed excerpt.
 */

const offset = z.number().int().min(0);

/** The fund a figure is restricted to, when the sentence says so (一般公共预算基本支出 …). */
export const FUNDS = ['general-budget', 'gov-fund', 'state-capital'] as const;
export const FundSchema = z.enum(FUNDS);
export type Fund = z.infer<typeof FundSchema>;

/** Which side of a fund a figure is on: 一般公共预算收入 / 一般公共预算支出 / 一般公共预算收支预算. */
export const SIDES = ['income', 'expense', 'both'] as const;
export const SideSchema = z.enum(SIDES);
export type Side = z.infer<typeof SideSchema>;

export const THREE_PUBLIC_ITEMS = ['total', 'abroad', 'vehicle', 'vehicle-purchase', 'vehicle-operation', 'reception'] as const;
export const ThreePublicItemSchema = z.enum(THREE_PUBLIC_ITEMS);
export type ThreePublicItem = z.infer<typeof ThreePublicItemSchema>;

/** Income lines other than the fiscal funds, by their canonical printed name. */
export const INCOME_SOURCES = [
  '事业收入',
  '事业单位经营收入',
  '上级补助收入',
  '上级财政补助收入',
  '附属单位上缴收入',
  '其他收入',
  '上年结转',
  '财政专户管理资金收入',
  '单位资金收入',
  '社会保障基金预算资金',
  '用事业基金弥补收支差额',
] as const;
export const IncomeSourceSchema = z.enum(INCOME_SOURCES);
export type IncomeSource = z.infer<typeof IncomeSourceSchema>;

export const PROCUREMENT_ITEMS = ['total', 'goods', 'works', 'services'] as const;
export const ProcurementItemSchema = z.enum(PROCUREMENT_ITEMS);

/** 固定资产 (total held), 拟购置 (planned purchase), and the categories of a 固定资产 breakdown. */
export const ASSET_ITEMS = [
  'fixed-assets',
  'purchase',
  'buildings',
  'vehicles',
  'office-equipment',
  'general-equipment',
  'special-equipment',
  'other',
] as const;
export const AssetItemSchema = z.enum(ASSET_ITEMS);

/** What a claim is about, tied with confidence to something the tables print. */
export const SubjectRefSchema = z.discriminatedUnion('kind', [
  /** a 支出功能分类 类 (3-digit code): 卫生健康（类）支出, 社会保障和就业支出 … */
  z.object({ kind: z.literal('function-class'), code: z.string().regex(/^2\d{2}$/), fund: FundSchema.nullable() }),
  /** 基本支出 */
  z.object({ kind: z.literal('basic'), fund: FundSchema.nullable() }),
  /** 项目支出 */
  z.object({ kind: z.literal('project-expense'), fund: FundSchema.nullable() }),
  /** 人员经费 (人员支出) */
  z.object({ kind: z.literal('personnel'), fund: FundSchema.nullable() }),
  /** (日常)公用经费 */
  z.object({ kind: z.literal('public-use'), fund: FundSchema.nullable() }),
  /** “三公”经费 and its items */
  z.object({ kind: z.literal('three-public'), item: ThreePublicItemSchema }),
  /** 机关运行经费 / 机关（机构）运行经费 / 机构运转经费 */
  z.object({ kind: z.literal('operating-costs') }),
  /** 收入总计 / 收入合计 / 收入预算 / 预算收入总额 */
  z.object({ kind: z.literal('income-total') }),
  /** 支出总计 / 支出合计 / 支出预算 / 预算支出总额 */
  z.object({ kind: z.literal('expense-total') }),
  /** 收支总计 / 预算收支安排 / 收、支总计: both totals at once (a budget balances) */
  z.object({ kind: z.literal('income-expense-total') }),
  /** 一般公共预算 (拨款 / 收入 / 支出 / 收支预算) */
  z.object({ kind: z.literal('general-budget'), side: SideSchema.nullable() }),
  /** 政府性基金 (预算拨款收入 / 收支预算 / 基金预算收入) */
  z.object({ kind: z.literal('gov-fund'), side: SideSchema.nullable() }),
  /** 国有资本经营预算 */
  z.object({ kind: z.literal('state-capital'), side: SideSchema.nullable() }),
  /** 财政拨款 (收入 / 支出 / 收支): the three fiscal funds together */
  z.object({ kind: z.literal('fiscal-allocation'), side: SideSchema.nullable() }),
  /** 事业收入, 其他收入, 上年结转 … */
  z.object({ kind: z.literal('income-source'), name: IncomeSourceSchema }),
  /** a 部门预算支出经济分类 款 named exactly (办公费 30201, 会议费 30215 …) */
  z.object({ kind: z.literal('economic'), code: z.string().regex(/^3\d{4}$/) }),
  /** a named project ("村级卫生室网络费"), name in canonical form (no blanks, half-width) */
  z.object({ kind: z.literal('project'), name: z.string().min(1) }),
  /** 政府采购 (预算总额 / 货物 / 工程 / 服务) */
  z.object({ kind: z.literal('procurement'), item: ProcurementItemSchema }),
  /** 固定资产 and its categories */
  z.object({ kind: z.literal('assets'), item: AssetItemSchema }),
]);
export type SubjectRef = z.infer<typeof SubjectRefSchema>;

export const SubjectSchema = z.object({
  /** the subject as printed (may be "" when the clause has none: "与上年预算数持平") */
  raw: z.string(),
  start: offset,
  end: offset,
  /** null: not tied with confidence (the claim is kept, and produces no error) */
  ref: SubjectRefSchema.nullable(),
  /** when the clause names no subject of its own ("预算数比2022年增加0.00万元"): the claim it refers back to */
  antecedent: z.string().nullable(),
});
export type Subject = z.infer<typeof SubjectSchema>;

/** A printed amount with a currency unit: "2201.60万元", "4.00万" (元 left out). */
export const AmountFigureSchema = z.object({
  value: DecimalSchema,
  /** decimals printed: the rounding quantum of the figure */
  decimals: z.number().int().min(0),
  unit: UnitSchema,
  /** the unit exactly as printed ("万元", or "万" when the 元 was left out) */
  printedUnit: z.string(),
  start: offset,
  end: offset,
});
export type AmountFigure = z.infer<typeof AmountFigureSchema>;

/** A printed percentage: 92.97 for "92.97%". */
export const PercentFigureSchema = z.object({
  value: DecimalSchema,
  decimals: z.number().int().min(0),
  start: offset,
  end: offset,
});
export type PercentFigure = z.infer<typeof PercentFigureSchema>;

export const CHANGE_DIRECTIONS = ['increase', 'decrease', 'flat'] as const;
export const ChangeDirectionSchema = z.enum(CHANGE_DIRECTIONS);
export type ChangeDirection = z.infer<typeof ChangeDirectionSchema>;

/** What a change is measured against: "比2022年", "较去年", "与上年预算数相比". */
export const ChangeReferenceSchema = z.object({
  text: z.string(),
  /** where the reference is printed (for an inherited reference: where it was printed first) */
  start: offset,
  end: offset,
  /** the year compared with; 上年/去年 resolve to the budget year − 1 */
  year: z.number().int().nullable(),
  /** printed as 上年/去年/上年度 rather than a year number */
  relative: z.boolean(),
  /** not printed with this change but with an earlier change of the same paragraph */
  inherited: z.boolean(),
});
export type ChangeReference = z.infer<typeof ChangeReferenceSchema>;

export const ChangeSchema = z.object({
  direction: ChangeDirectionSchema,
  /** the change phrase: from its reference (or verb) to its last figure */
  start: offset,
  end: offset,
  /** "减少66.79万元": the amount of the change, always ≥ 0 (the direction carries the sign) */
  amount: AmountFigureSchema.nullable(),
  /** "下降10.28%" with its own verb's direction (it may contradict the amount's) */
  percent: PercentFigureSchema.extend({ direction: ChangeDirectionSchema }).nullable(),
  reference: ChangeReferenceSchema.nullable(),
  /** the current figure the change applies to: this claim's amount, or an earlier claim of the paragraph with the same subject */
  current: z.object({ claim: z.string(), value: DecimalSchema, unit: UnitSchema }).nullable(),
  /** implied previous value = current − change (in the current figure's unit) */
  previous: z.object({ value: DecimalSchema, unit: UnitSchema }).nullable(),
});
export type Change = z.infer<typeof ChangeSchema>;

/** A total followed by its parts: "其中：A x万元，B y万元", "主要用于以下方面：…", "包括…". */
export const EnumerationSchema = z.object({
  /** the marker as printed: "其中：", "主要用于以下方面：", "包括" … */
  marker: z.string(),
  start: offset,
  /** end of the last part */
  end: offset,
  /** what the parts add up to: the total's amount, or its change ("比2023年减少4399.08万元，其中：基本支出增加…") */
  sums: z.enum(['amount', 'change']),
  /** "主要…" or a list ending in 等: the parts may not be all of it */
  hedged: z.boolean(),
  parts: z.array(z.string()),
});
export type Enumeration = z.infer<typeof EnumerationSchema>;

/** "主要原因是会议费减少2万元，接待费减少0.5万元": the reasons given for a change. */
export const ReasonsSchema = z.object({
  marker: z.string(),
  /** the whole explanation, marker included */
  start: offset,
  end: offset,
  /** reason claims that carry a figure (may be empty: "主要是人员经费减少") */
  parts: z.array(z.string()),
});
export type Reasons = z.infer<typeof ReasonsSchema>;

export const YearRefSchema = z.object({ value: z.number().int(), start: offset, end: offset });
export type YearRef = z.infer<typeof YearRefSchema>;

export const CLAIM_KINDS = ['amount', 'change'] as const;

export const ClaimSchema = z
  .object({
    /** stable: c<paragraph>-<start> */
    id: z.string().regex(/^c\d+-\d+(?:-\d+)?$/),
    /** what the claim states: a current amount (maybe with its share and change), or only a change */
    kind: z.enum(CLAIM_KINDS),
    paragraph: offset,
    /** the excerpt: covers the subject and every figure of the claim */
    start: offset,
    end: offset,
    text: z.string(),
    subject: SubjectSchema,
    /** the budget year the sentence states for this figure (null: not stated, i.e. the document's) */
    year: YearRefSchema.nullable(),
    amount: AmountFigureSchema.nullable(),
    /** "占92.97%": the share of its total this amount is said to be */
    share: PercentFigureSchema.nullable(),
    change: ChangeSchema.nullable(),
    /** the claim this one is a part of (enumeration) or a reason for (reasons) */
    parent: z.object({ claim: z.string(), relation: z.enum(['part', 'reason']) }).nullable(),
    enumeration: EnumerationSchema.nullable(),
    reasons: ReasonsSchema.nullable(),
  })
  .refine((c) => (c.kind === 'amount' ? c.amount !== null : c.amount === null && c.change !== null), {
    message: 'an amount claim has an amount; a change claim has a change and no amount',
  })
  .refine((c) => c.end > c.start, { message: 'empty span' });
export type Claim = z.infer<typeof ClaimSchema>;

/**
 * A year named by the prose, and in what role:
 * - budget: the year the sentence states figures or plans for ("2025年预算收支安排…")
 * - reference: a comparison base ("比2022年", "与 2025 年相比")
 * - date: a point in time ("2023年12月底", "2022年期末", "2023-12-31")
 * - name: part of a listed name ("主要为：2024年软件维护费、…")
 * - reason: inside an explanation ("主要原因：我单位2022年无…")
 */
export const YEAR_ROLES = ['budget', 'reference', 'date', 'name', 'reason'] as const;
export const YearMentionSchema = z.object({
  paragraph: offset,
  start: offset,
  end: offset,
  text: z.string(),
  year: z.number().int(),
  role: z.enum(YEAR_ROLES),
  /** the sentence the year is named in */
  sentence: z.object({ start: offset, end: offset }),
});
export type YearMention = z.infer<typeof YearMentionSchema>;

export const ClaimSetSchema = z.object({
  claims: z.array(ClaimSchema),
  years: z.array(YearMentionSchema),
});
export type ClaimSet = z.infer<typeof ClaimSetSchema>;
