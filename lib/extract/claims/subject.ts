import type { Fund, IncomeSource, Side, SubjectRef } from '../../model/claim';
import { FUNCTION_CODES, FUNCTION_CODE_ALIASES } from '../../data/function-codes';
import { DEPARTMENT_ECONOMIC_CODES, DEPARTMENT_ECONOMIC_CODE_ALIASES } from '../../data/economic-codes';
import { canonicalLabel } from '../../parse/text';

/**
 * What a subject phrase is about. Rules are tried in order and only name what the words say;
 * anything else is null ("not tied with confidence"), never a best guess.
 */

/** The matching form of a subject: no blanks, half-width, no quotes, "收、支" read as 收支. */
export function subjectKey(raw: string): string {
  return canonicalLabel(raw).replace(/[“”"'‘’「」『』]/g, '').replace(/收、支/g, '收支');
}

const YEARS = /(?:19|20)\d{2}年度?/g;
const PRONOUN = /^(?:本部门|本单位|我部门|我单位|我局|本局|本级|本年度?|当年|全年|部门|单位)+/;
/** an organisation name in front of the subject: 涞水县医疗保障局机关运行经费 */
const ORG = /^[\u4e00-\u9fff]{2,30}?(?:局|委员会|中心|办公室|政府)(?:本级)?(?:\([^)]*\))?/;
const BUDGET_SUFFIX = /(?:年初预算数?|预算数|预算安排|预算金额|预算|安排|金额)$/;

/** 收入/支出 with nothing but the words of a total around them (预算支出, 支出总计, 总收入, 支出预算总额). */
const TOTAL_OF = {
  income: /^(?:预算)?总?收入(?:预算)?(?:总计|合计|总额|总数)?$/,
  expense: /^(?:预算)?总?支出(?:预算)?(?:总计|合计|总额|总数)?$/,
};

/** Subjects that name nothing by themselves ("预算数比2022年增加…"): the claim refers back. */
export function isGeneric(raw: string): boolean {
  const k = subjectKey(raw).replace(YEARS, '').replace(PRONOUN, '');
  return k === '' || /^(?:年初)?(?:预算|预算数|预算金额|预算安排|安排|金额|资金|经费|总额|数额)$/.test(k);
}

/** The subject without years, leading pronouns/organisation and trailing 预算/预算数/安排. */
function bareKey(key: string): string[] {
  const noYear = key.replace(YEARS, '');
  const a = noYear.replace(PRONOUN, '');
  const b = a.replace(ORG, '').replace(PRONOUN, '');
  const out = new Set<string>();
  for (const k of [a, b]) {
    out.add(k);
    out.add(k.replace(BUDGET_SUFFIX, ''));
  }
  out.delete('');
  return [...out];
}

const stripExpense = (s: string): string => s.replace(/\(类\)/g, '').replace(/支出$/, '');

const FUNCTION_CLASS_BY_NAME: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [code, name] of Object.entries(FUNCTION_CODES)) if (code.length === 3) m.set(stripExpense(canonicalLabel(name)), code);
  for (const [code, names] of Object.entries(FUNCTION_CODE_ALIASES)) {
    if (code.length === 3) for (const n of names) m.set(stripExpense(canonicalLabel(n)), code);
  }
  return m;
})();

/** 卫生健康（类）支出 / 卫生健康支出 / 卫生健康 / 医疗卫生与计划生育支出 → 210. */
function functionClass(key: string): string | null {
  for (const k of bareKey(key)) {
    const code = FUNCTION_CLASS_BY_NAME.get(stripExpense(k));
    if (code) return code;
  }
  return null;
}

/** Names printed in prose for economic items whose official name differs slightly. */
const ECONOMIC_PROSE_NAMES: Readonly<Record<string, string>> = {
  职工福利费: '30229',
  '因公出国(境)费': '30212',
  其他交通费: '30239',
  维修费: '30213',
  维护费: '30213',
};

const ECONOMIC_BY_NAME: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [code, name] of Object.entries(DEPARTMENT_ECONOMIC_CODES)) if (code.length === 5) m.set(canonicalLabel(name), code);
  for (const [code, names] of Object.entries(DEPARTMENT_ECONOMIC_CODE_ALIASES)) {
    if (code.length === 5) for (const n of names) m.set(canonicalLabel(n), code);
  }
  for (const [name, code] of Object.entries(ECONOMIC_PROSE_NAMES)) m.set(name, code);
  return m;
})();

function economic(key: string): string | null {
  for (const k of bareKey(key)) {
    const code = ECONOMIC_BY_NAME.get(k) ?? ECONOMIC_BY_NAME.get(k.replace(/支出$/, ''));
    if (code) return code;
  }
  return null;
}

const INCOME_SOURCE_RULES: ReadonlyArray<readonly [RegExp, IncomeSource]> = [
  [/用事业基金弥补收支差额/, '用事业基金弥补收支差额'],
  [/社会保障基金预算资金/, '社会保障基金预算资金'],
  [/事业单位经营(?:服务)?收入/, '事业单位经营收入'],
  [/上级财政补助/, '上级财政补助收入'],
  [/上级(?:单位)?补助收入/, '上级补助收入'],
  [/附属单位上缴收入/, '附属单位上缴收入'],
  [/事业收入/, '事业收入'],
  [/^其他(?:来源)?收入$/, '其他收入'],
  [/上年结转|财政拨款结转|结转结余/, '上年结转'],
  [/财政专户|专户管理/, '财政专户管理资金收入'],
  [/^单位资金(?:收入)?$/, '单位资金收入'],
];

function incomeSource(key: string): IncomeSource | null {
  const keys = [key, ...bareKey(key)];
  for (const [re, name] of INCOME_SOURCE_RULES) if (keys.some((k) => re.test(k))) return name;
  return null;
}

type ThreePublicRef = Extract<SubjectRef, { kind: 'three-public' }>;

function threePublic(key: string): ThreePublicRef | null {
  if (/因公出国\(境\)费|出国\(境\)费|因公出国费/.test(key)) return { kind: 'three-public', item: 'abroad' };
  if (/(?:公务用车|公车)购置及运(?:行|维)(?:维护)?费/.test(key)) return { kind: 'three-public', item: 'vehicle' };
  if (/(?:公务用车|公车)购置费/.test(key)) return { kind: 'three-public', item: 'vehicle-purchase' };
  if (/(?:公务用车|公车)(?:运行(?:维护)?|运维)费/.test(key)) return { kind: 'three-public', item: 'vehicle-operation' };
  if (/公务接待费|^接待费$/.test(key)) return { kind: 'three-public', item: 'reception' };
  if (/三公/.test(key)) return { kind: 'three-public', item: 'total' };
  return null;
}

/** In a 机关运行经费 / 公用经费 breakdown these items are economic 款, not “三公” lines. */
const THREE_PUBLIC_AS_ECONOMIC: Readonly<Partial<Record<ThreePublicRef['item'], string>>> = {
  abroad: '30212',
  'vehicle-operation': '30231',
  reception: '30217',
};

function fundOf(parent: SubjectRef | null): Fund | null {
  if (!parent) return null;
  switch (parent.kind) {
    case 'general-budget':
      return parent.side === 'income' ? null : 'general-budget';
    case 'gov-fund':
      return parent.side === 'income' ? null : 'gov-fund';
    case 'state-capital':
      return parent.side === 'income' ? null : 'state-capital';
    case 'basic':
    case 'project-expense':
    case 'personnel':
    case 'public-use':
    case 'function-class':
      return parent.fund;
    default:
      return null;
  }
}

function sideOf(parent: SubjectRef | null): Side | null {
  if (!parent) return null;
  if (parent.kind === 'income-total') return 'income';
  if (parent.kind === 'expense-total') return 'expense';
  if (parent.kind === 'general-budget' || parent.kind === 'gov-fund' || parent.kind === 'state-capital' || parent.kind === 'fiscal-allocation') return parent.side;
  return null;
}

export type ResolveContext = {
  /** the subject of the total this claim is a part of, or of the change it is a reason for */
  parent: SubjectRef | null;
};

/** The subject ref of a printed subject phrase, or null when it cannot be tied with confidence. */
export function resolveSubject(raw: string, ctx: ResolveContext): SubjectRef | null {
  const key = subjectKey(raw);
  if (!key || isGeneric(raw)) return null;
  // scope statements ("纳入预算绩效管理的支出总额"), unit prices ("每家…"), rates: not a table line
  if (/绩效|纳入|每|率$|比例$|比重$/.test(key)) return null;
  // "基本支出和项目支出分别为…", "人员经费和公用经费合计…": two subjects, not one
  if (/分别/.test(key)) return null;
  const sides = key.split(/以及|和|及|与|、/).filter(Boolean);
  if (sides.length > 1 && sides.filter((s) => resolveSubject(s, { parent: null }) !== null).length > 1) return null;
  const parent = ctx.parent;

  const source = incomeSource(key);
  if (source) return { kind: 'income-source', name: source };

  if (parent?.kind === 'project-expense') return { kind: 'project', name: key };

  const tp = threePublic(key);
  if (tp) {
    const economicContext = parent !== null && ['operating-costs', 'public-use', 'personnel', 'basic'].includes(parent.kind);
    const code = economicContext ? THREE_PUBLIC_AS_ECONOMIC[tp.item] : undefined;
    return code ? { kind: 'economic', code } : tp;
  }

  if (/机关运行经费|机关\(机构\)运行经费|机构运转经费|机关运行费|^(?:.*?)运行经费$/.test(key)) return { kind: 'operating-costs' };

  const fund: Fund | null = /一般公共预算/.test(key)
    ? 'general-budget'
    : /政府性基金|政府基金|^(?:\d{4}年度?)?(?:本部门|本单位)?基金预算/.test(key)
      ? 'gov-fund'
      : /国有资本经营/.test(key)
        ? 'state-capital'
        : null;
  if (fund) {
    if (/基本支出/.test(key)) return { kind: 'basic', fund };
    if (/项目支出/.test(key)) return { kind: 'project-expense', fund };
    if (/人员经费|人员支出/.test(key)) return { kind: 'personnel', fund };
    if (/公用经费|公用支出/.test(key)) return { kind: 'public-use', fund };
    const rest = key.replace(/一般公共预算(?:拨款)?|政府性基金(?:预算)?(?:拨款)?|国有资本经营(?:预算)?(?:拨款)?/, '');
    const fc = rest ? functionClass(rest) : null;
    if (fc) return { kind: 'function-class', code: fc, fund };
    const side: Side | null = /收支/.test(key) ? 'both' : /收入/.test(key) ? 'income' : /支出/.test(key) ? 'expense' : sideOf(parent);
    const kind = fund === 'general-budget' ? 'general-budget' : fund === 'gov-fund' ? 'gov-fund' : 'state-capital';
    return { kind, side };
  }

  if (/财政拨款/.test(key)) {
    const side: Side | null = /收支/.test(key) ? 'both' : /收入/.test(key) ? 'income' : /支出/.test(key) ? 'expense' : sideOf(parent);
    return { kind: 'fiscal-allocation', side };
  }

  if (/收支/.test(key)) return { kind: 'income-expense-total' };

  const inherited = fundOf(parent);
  if (/人员经费|人员支出/.test(key)) return { kind: 'personnel', fund: inherited };
  if (/公用经费|公用支出/.test(key)) return { kind: 'public-use', fund: inherited };
  if (/基本支出/.test(key)) return { kind: 'basic', fund: inherited };
  if (/项目支出/.test(key)) return { kind: 'project-expense', fund: inherited };

  const fc = functionClass(key);
  if (fc) return { kind: 'function-class', code: fc, fund: inherited };

  // the total only when nothing but a year, the department, 本年/部门 and 预算/总计 stand around
  // 收入/支出: 培训经费支出预算, 会议费支出预算 are an item's budget, not the department's total
  const bare = bareKey(key);
  if (bare.some((b) => TOTAL_OF.income.test(b))) return { kind: 'income-total' };
  if (bare.some((b) => TOTAL_OF.expense.test(b))) return { kind: 'expense-total' };

  if (/政府采购|采购预算/.test(key)) {
    if (/货物/.test(key)) return { kind: 'procurement', item: 'goods' };
    if (/工程/.test(key)) return { kind: 'procurement', item: 'works' };
    if (/服务/.test(key)) return { kind: 'procurement', item: 'services' };
    return { kind: 'procurement', item: 'total' };
  }

  if (/固定资产/.test(key)) return { kind: 'assets', item: /购置|新增|拟/.test(key) ? 'purchase' : 'fixed-assets' };
  if (parent?.kind === 'assets') {
    if (/房屋|建筑物|土地/.test(key)) return { kind: 'assets', item: 'buildings' };
    if (/车辆/.test(key)) return { kind: 'assets', item: 'vehicles' };
    if (/办公设备/.test(key)) return { kind: 'assets', item: 'office-equipment' };
    if (/通用设备/.test(key)) return { kind: 'assets', item: 'general-equipment' };
    if (/专用设备/.test(key)) return { kind: 'assets', item: 'special-equipment' };
    if (/^其他(?:资产)?$/.test(key)) return { kind: 'assets', item: 'other' };
    return null;
  }

  const eco = economic(key);
  if (eco) return { kind: 'economic', code: eco };

  if (key.length > 2 && /项目$/.test(key)) return { kind: 'project', name: key };
  return null;
}
