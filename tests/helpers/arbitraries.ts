/**
 * Shared fast-check generators for the property tests (tests/unit/property-*.test.ts), and the
 * small independent oracles they are checked against (the HTML table algorithm, expected figures
 * computed with Decimal). Nothing here uses the lib/ code under test: only the classification code
 * book (so generated names match their codes) and happy-dom through tests/helpers/dom.ts.
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { FUNCTION_CODES } from '../../lib/data/function-codes';
import { parseHtml } from './dom';

// ───────────────────────────── runs and seeds ─────────────────────────────

/**
 * fast-check parameters: `numRuns` runs (times FC_RUNS_FACTOR, for a longer soak run locally), and
 * a fixed seed when FC_SEED is set (to replay a failure fast-check printed) or on CI (so a CI
 * failure is reproducible from the log alone). A soak needs a larger heap
 * (`FC_RUNS_FACTOR=20 NODE_OPTIONS=--max-old-space-size=14000 npx vitest run tests/unit/property-*`):
 * happy-dom keeps every page parsed during one synchronous fc.assert alive until the event loop
 * turns (about 0.9 MB per generated page; at 20× the pipeline properties outgrew a 4 GB heap).
 * The engine keeps nothing: auditing the same parsed pages again and again leaves the heap flat.
 */
export function runs(numRuns: number): { numRuns: number; seed?: number } {
  const factor = Number(process.env.FC_RUNS_FACTOR ?? '1');
  const n = Number.isFinite(factor) && factor > 0 ? Math.max(1, Math.round(numRuns * factor)) : numRuns;
  const env = process.env.FC_SEED;
  if (env !== undefined && env !== '' && Number.isFinite(Number(env))) return { numRuns: n, seed: Number(env) };
  if (process.env.CI === 'true' || process.env.CI === '1') return { numRuns: n, seed: 20240601 };
  return { numRuns: n };
}

/**
 * An HTML parser for many small pages: the DOMParser of one happy-dom window made by parseHtml
 * (tests/helpers/dom.ts), reused. Same parser and settings as parseHtml, without the cost of a
 * new window per page (about 3 ms each).
 */
export function reusableParser(): (html: string) => Document {
  const view = parseHtml('<!DOCTYPE html><html><head></head><body></body></html>').defaultView as unknown as { DOMParser: typeof DOMParser } | null;
  if (!view) throw new Error('happy-dom document without a window');
  const parser = new view.DOMParser();
  return (html) => parser.parseFromString(html, 'text/html');
}

// ───────────────────────────── strings ─────────────────────────────

const FULLWIDTH_DIGITS = [...'０１２３４５６７８９'];

/** Characters that amounts, codes and their look-alikes are printed with. */
export const AMOUNT_CHARS: readonly string[] = [
  ...'0123456789',
  ...FULLWIDTH_DIGITS,
  ',', '.', '，', '．', ' ', '\u3000', '\u00a0', '\t', '\n', '\ufeff',
  '(', ')', '（', '）', '[', ']', '【', '】',
  '-', '+', '\u2212', '—', '－', '–', '/', '…', '%', '％', 'e', 'E', 'x', '万', '元', '占', '合计',
];

/** Strings made of amount characters: "（1，234. 5)", "--", "1e5", "2230．８０" … */
export const amountLikeString = fc.string({ unit: fc.constantFrom(...AMOUNT_CHARS), maxLength: 24 });

/** Any string: UTF-16 code units (lone surrogates included), full Unicode, graphemes, amount-like text, mixes. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary-ascii' }),
  amountLikeString,
  fc.array(fc.oneof(amountLikeString, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 4 }).map((parts) => parts.join('')),
);

const ASCII_TO_FULLWIDTH = (c: string): string => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c);

// ───────────────────────────── printed amounts ─────────────────────────────

export type PrintedAmount = {
  /** the figure as a page might print it */
  printed: string;
  /** its exact value, canonical (no "-0") */
  value: string;
  decimals: number;
};

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * A decimal figure printed the many ways budget tables print it: toFixed(decimals), optionally with
 * thousands separators, full-width digits and punctuation (some or all characters), stray spaces
 * after the point ("2230. 80"), padding, and a negative sign as -, −, － or wrapping brackets.
 */
export const printedAmount = (decimals: fc.Arbitrary<number> = fc.constant(2)): fc.Arbitrary<PrintedAmount> =>
  fc
    .record({
      units: fc.oneof(fc.bigInt({ min: 0n, max: 10_000_000n }), fc.bigInt({ min: 0n, max: 10n ** 24n })),
      decimals,
      negative: fc.boolean(),
      sign: fc.constantFrom('-', '\u2212', '－', '()', '（）'),
      thousands: fc.boolean(),
      fullWidth: fc.constantFrom('none', 'all', 'some'),
      mask: fc.integer({ min: 0, max: 0x7fffffff }),
      afterPoint: fc.constantFrom('', ' ', '  ', '\u3000', '\u00a0', ' \u3000'),
      before: fc.constantFrom('', ' ', '\u3000', '\u00a0', '\t'),
      after: fc.constantFrom('', ' ', '\u3000', '\u00a0', '\n'),
    })
    .map((o): PrintedAmount => {
      const digits = o.units.toString().padStart(o.decimals + 1, '0');
      const int = digits.slice(0, digits.length - o.decimals);
      const frac = digits.slice(digits.length - o.decimals);
      const isZero = o.units === 0n;
      const canonicalAbs = o.decimals > 0 ? `${int}.${frac}` : int;
      const value = o.negative && !isZero ? `-${canonicalAbs}` : canonicalAbs;
      let body = (o.thousands ? groupThousands(int) : int) + (o.decimals > 0 ? `.${o.afterPoint}${frac}` : '');
      if (o.fullWidth !== 'none') {
        body = [...body].map((c, i) => (o.fullWidth === 'all' || (o.mask >> i % 31) & 1 ? ASCII_TO_FULLWIDTH(c) : c)).join('');
      }
      if (o.negative) body = o.sign.length === 2 ? `${o.sign[0]}${body}${o.sign[1]}` : `${o.sign}${body}`;
      return { printed: `${o.before}${body}${o.after}`, value, decimals: o.decimals };
    });

// ───────────────────────────── codes ─────────────────────────────

const digitString = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

/** Printed like a table prints a code part: full-width digits sometimes, stray blanks around. */
const printedPart = (digits: string): fc.Arbitrary<string> =>
  fc
    .record({ full: fc.boolean(), pad: fc.constantFrom('', ' ', '\u3000', '\u00a0') })
    .map(({ full, pad }) => `${pad}${full ? [...digits].map(ASCII_TO_FULLWIDTH).join('') : digits}${pad}`);

export type SplitCode = {
  /** the three cells as printed (class always present; section / item may be blank) */
  printed: [string, string, string];
  cls: string;
  section: string | null;
  item: string | null;
};

/** A code printed across 类 | 款 | 项 columns: a 3-digit class, an optional 2-digit section and item. */
export const splitCode: fc.Arbitrary<SplitCode> = fc
  .record({
    cls: fc.oneof(digitString(3), digitString(2).map((d) => `2${d}`)),
    section: fc.option(digitString(2), { nil: null }),
    item: fc.option(digitString(2), { nil: null }),
    blank: fc.constantFrom('', ' ', '\u3000'),
  })
  .chain(({ cls, section, item, blank }) =>
    fc
      .tuple(printedPart(cls), section === null ? fc.constant(blank) : printedPart(section), item === null ? fc.constant(blank) : printedPart(item))
      .map((printed): SplitCode => ({ printed, cls, section, item })),
  );

/** A well-formed joined code: function 2xx / 2xxxx / 2xxxxxx, economic 3xx / 3xxxx, 5xx / 5xxxx, or one from the code book. */
export const validCode: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(digitString(2), fc.constantFrom(0, 2, 4), digitString(4)).map(([d, n, rest]) => `2${d}${rest.slice(0, n)}`),
  fc.tuple(fc.constantFrom('3', '5'), digitString(2), fc.constantFrom(0, 2), digitString(2)).map(([h, d, n, rest]) => `${h}${d}${rest.slice(0, n)}`),
  fc.constantFrom(...Object.keys(FUNCTION_CODES)),
);

// ───────────────────────────── HTML tables (grid) ─────────────────────────────

export type CellSpec = { id: number; tag: 'td' | 'th'; text: string; rowspan: string | null; colspan: string | null; hidden: boolean };
export type RowSpec = { cells: CellSpec[]; hidden: boolean };
export type GroupSpec = { tag: 'thead' | 'tbody' | 'tfoot' | null; rows: RowSpec[]; hidden: boolean };
export type TableSpec = { groups: GroupSpec[] };

const HUGE_SPANS = ['1000', '1001', '65534', '65535', '99999999999999999999', '1e309'] as const;
const JUNK_SPANS = ['abc', ' ', '2.5', '3abc', ' 2', '2 ', '\t3\n', '+2', '0x3', '1e3', '２', '\u00a02', '\u30002', '\ufeff2', '\u20282', '\u000b2'] as const;

/**
 * Span attribute values as found in the wild and in hostile markup (null = no attribute). `huge`
 * is the weight of values of 1000 and more (a colspan of 1000 makes a 1000-column grid: keep it rare
 * where many tables are drawn).
 */
export const spanAttrWith = (huge: number): fc.Arbitrary<string | null> =>
  fc.oneof(
    { weight: 200, arbitrary: fc.constant(null) },
    { weight: 200, arbitrary: fc.integer({ min: 1, max: 4 }).map(String) },
    { weight: 30, arbitrary: fc.constantFrom('0', '-0', '00', '+0') },
    ...(huge > 0 ? [{ weight: huge, arbitrary: fc.constantFrom(...HUGE_SPANS) }] : []),
    { weight: 20, arbitrary: fc.constantFrom('-1', '-3', '') },
    { weight: 50, arbitrary: fc.constantFrom(...JUNK_SPANS) },
  );

/** Span attributes, huge values included as often as any other kind. */
export const spanAttr: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 0, max: 4 }).map(String),
  fc.constantFrom(...HUGE_SPANS),
  fc.constantFrom('-0', '+0', '-1', '-3', ''),
  fc.constantFrom(...JUNK_SPANS),
);

const cellTextArb = fc.string({ unit: fc.constantFrom(...'合计类款项基本支出ab1.0 ', '\u3000', '\u00a0', '&', '<', '"'), maxLength: 6 });

/** A cell; its id is set once the whole table is drawn (markup order). */
const cellSpec: fc.Arbitrary<Omit<CellSpec, 'id' | 'hidden'>> = fc.record({
  tag: fc.constantFrom<'td' | 'th'>('td', 'td', 'th'),
  text: cellTextArb,
  rowspan: spanAttrWith(5),
  // huge colspans are drawn by the span-attribute property on small tables instead
  colspan: spanAttrWith(0),
});

const rowSpec = (hiddenCells: boolean): fc.Arbitrary<RowSpec> =>
  fc.record({
    cells: fc.array(
      fc.tuple(cellSpec, hiddenCells ? fc.integer({ min: 0, max: 9 }) : fc.constant(1)).map(([c, h]): CellSpec => ({ ...c, id: 0, hidden: h === 0 })),
      { maxLength: 6 },
    ),
    hidden: hiddenCells ? fc.integer({ min: 0, max: 9 }).map((h) => h === 0) : fc.constant(false),
  });

/**
 * A table of random rows in random row groups (thead/tbody/tfoot/bare rows, sometimes hidden),
 * random cells (td/th, sometimes hidden) with random rowspan/colspan attributes. Cell ids are
 * assigned in markup order (data-id) so tests can find each cell's element.
 */
export const tableSpec: fc.Arbitrary<TableSpec> = fc
  .record({
    hiddenParts: fc.boolean(),
    n: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ hiddenParts, n }) =>
    fc.array(
      fc.record({
        tag: fc.constantFrom<GroupSpec['tag']>(null, null, 'tbody', 'thead', 'tfoot'),
        rows: fc.array(rowSpec(hiddenParts), { maxLength: 6 }),
        hidden: hiddenParts ? fc.integer({ min: 0, max: 5 }).map((h) => h === 0) : fc.constant(false),
      }),
      { minLength: 1, maxLength: n },
    ),
  )
  .map((groups): TableSpec => {
    let nextCellId = 0;
    const numbered = groups.map((g) => ({
      ...g,
      hidden: g.tag === null ? false : g.hidden, // bare rows have no element to hide
      rows: g.rows.map((r) => ({ ...r, cells: r.cells.map((c) => ({ ...c, id: nextCellId++ })) })),
    }));
    return { groups: numbered };
  });

export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The table as HTML (a page of its own). */
export function renderTableSpec(spec: TableSpec): string {
  const attr = (name: string, v: string | null) => (v === null ? '' : ` ${name}="${escapeHtml(v)}"`);
  const hide = (h: boolean, k: number) => (h ? (k % 2 === 0 ? ' hidden' : ' style="display: none"') : '');
  const cell = (c: CellSpec) => `<${c.tag} data-id="${c.id}"${attr('rowspan', c.rowspan)}${attr('colspan', c.colspan)}${hide(c.hidden, c.id)}>${escapeHtml(c.text)}</${c.tag}>`;
  const row = (r: RowSpec, k: number) => `<tr${hide(r.hidden, k)}>${r.cells.map(cell).join('')}</tr>`;
  const groups = spec.groups.map((g, k) => {
    const rows = g.rows.map((r, i) => row(r, i + k)).join('');
    return g.tag === null ? rows : `<${g.tag}${hide(g.hidden, k)}>${rows}</${g.tag}>`;
  });
  return `<!DOCTYPE html><html><head><title>t</title></head><body><table>${groups.join('')}</table></body></html>`;
}

// ── the grid oracle: the HTML table-forming algorithm, written from the spec ──

const ASCII_WS = new Set([' ', '\t', '\n', '\f', '\r']);

/**
 * HTML "rules for parsing non-negative integers": leading ASCII whitespace, an optional sign,
 * ASCII digits; null on failure or a negative value.
 */
export function parseNonNegativeInteger(value: string): number | null {
  let i = 0;
  while (i < value.length && ASCII_WS.has(value[i]!)) i++;
  let negative = false;
  if (value[i] === '-') {
    negative = true;
    i++;
  } else if (value[i] === '+') i++;
  let n = 0;
  let digits = 0;
  while (i < value.length && value[i]! >= '0' && value[i]! <= '9') {
    n = n * 10 + (value.charCodeAt(i) - 48);
    digits++;
    i++;
  }
  if (digits === 0) return null;
  if (negative && n !== 0) return null;
  return n;
}

/** colspan: failure or 0 → 1, at most 1000. */
export const htmlColspan = (v: string | null): number => {
  const n = v === null ? null : parseNonNegativeInteger(v);
  return n === null || n === 0 ? 1 : Math.min(n, 1000);
};
/** rowspan: failure → 1, 0 kept (to the end of the row group), at most 65534. */
export const htmlRowspan = (v: string | null): number => {
  const n = v === null ? null : parseNonNegativeInteger(v);
  return n === null ? 1 : Math.min(n, 65534);
};

/** Beyond this many columns cells are dropped (lib/dom/grid.ts clips hostile markup there). */
export const GRID_MAX_COLUMNS = 2000;

export type PlacedCell = { cell: CellSpec; row: number; col: number; rows: number; cols: number; rowsLeft: number };
export type GridOracle = {
  /** displayed rows */
  rows: number;
  width: number;
  /** per slot, the ids of every cell covering it (several where the markup overlaps cells) */
  owners: number[][][];
  placed: Map<number, PlacedCell>;
};

/**
 * What a browser makes of the table: display order of the row groups (the first visible thead on
 * top, the first visible tfoot at the bottom), hidden rows and cells left out, then the HTML table
 * algorithm per row group (a cell starts at the first free slot of its row; rowspan 0 and long
 * rowspans stop at the end of the row group; overlapping cells both cover the slot).
 */
export function gridOracle(spec: TableSpec): GridOracle {
  // adjacent bare rows form one group
  const merged: GroupSpec[] = [];
  for (const g of spec.groups) {
    const last = merged[merged.length - 1];
    if (g.tag === null && last && last.tag === null) merged[merged.length - 1] = { ...last, rows: [...last.rows, ...g.rows] };
    else merged.push(g);
  }
  const head = merged.find((g) => g.tag === 'thead' && !g.hidden);
  const foot = merged.find((g) => g.tag === 'tfoot' && !g.hidden);
  const ordered = [...(head ? [head] : []), ...merged.filter((g) => g !== head && g !== foot), ...(foot ? [foot] : [])];
  const groups = ordered.map((g) => (g.hidden ? [] : g.rows.filter((r) => !r.hidden))).filter((rows) => rows.length > 0);

  const total = groups.reduce((n, g) => n + g.length, 0);
  const slots: number[][][] = Array.from({ length: total }, () => []);
  const placed = new Map<number, PlacedCell>();
  let r = 0;
  for (const group of groups) {
    const end = r + group.length;
    for (const row of group) {
      let c = 0;
      for (const cell of row.cells) {
        if (cell.hidden) continue;
        while ((slots[r]![c]?.length ?? 0) > 0) c++;
        if (c >= GRID_MAX_COLUMNS) break;
        const rs = htmlRowspan(cell.rowspan);
        const rows = Math.max(1, rs === 0 ? end - r : Math.min(rs, end - r));
        const cols = Math.min(htmlColspan(cell.colspan), GRID_MAX_COLUMNS - c);
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) (slots[r + i]![c + j] ??= []).push(cell.id);
        placed.set(cell.id, { cell, row: r, col: c, rows, cols, rowsLeft: end - r });
        c += cols;
      }
      r++;
    }
  }
  const width = Math.max(0, ...slots.map((line) => line.length));
  const owners = slots.map((line) => Array.from({ length: width }, (_, c) => line[c] ?? []));
  return { rows: total, width, owners, placed };
}

/** Cell text as a browser shows it: whitespace runs collapsed to one space, trimmed. */
export const shownText = (s: string): string => s.replace(/[ \t\n\f\r\u3000\u00a0]+/g, ' ').trim();

// ───────────────────────────── budget pages (pipeline) ─────────────────────────────

const codes = Object.keys(FUNCTION_CODES);
const childrenOf = (code: string, len: number) => codes.filter((c) => c.length === len && c.startsWith(code)).sort();
/** 类 with at least one 款 in the code book, and their 款 / 项. */
const CLASSES = codes.filter((c) => c.length === 3 && childrenOf(c, 5).length > 0).sort();

export type Figures = { personnel: Decimal | null; public: Decimal | null; project: Decimal | null };
/** A row of the hierarchy: a unit (budget unit, with its unit code) or a classification code, and its children. */
export type BudgetNode = { code: string; name: string; unit: boolean; children: BudgetNode[]; figures: Figures | null };

export type AmountColumn = 'total' | 'basic' | 'personnel' | 'public' | 'project';
export type BudgetLayout = {
  /** 科目编码 in one column, or split into 类 | 款 | 项 under a spanning 科目编码 */
  codes: 'joined' | 'split';
  /** 基本支出 as one column, split into 人员经费 + 公用经费, or split with its own 小计 column */
  basic: 'flat' | 'parts' | 'parts-subtotal';
  /** 合计 printed in the name column, or spanning the code and name columns */
  totalLabel: 'name' | 'span';
  /** the words of the 合计 row */
  totalText: string;
  /** the 合计 row above the items or below them */
  totalAt: 'top' | 'bottom';
  /** names indented by level with U+3000 or &nbsp; ("　　行政运行") */
  indent: 'none' | 'ideographic' | 'nbsp';
  thousands: boolean;
  /** figures as typed: plain, with a stray space after the point now and then ("2230. 80"), or in full-width digits */
  figureStyle: 'plain' | 'stray-space' | 'fullwidth';
  /** how a figure with nothing in it is printed */
  blank: '' | '-' | '—' | '&nbsp;';
  /** every figure a multiple of 0.10 (the table was rounded to 0.1) */
  coarse: boolean;
  department: boolean;
  unitLine: string;
  /** title, department and unit lines printed as spanning rows at the top of the table itself */
  titleInside: boolean;
  headerTag: 'th' | 'td';
  /** the header rows in a <thead>, the body in a <tbody> */
  sections: boolean;
  /** a 栏次 row (栏次 | 1 | 2 | 3 …) under the header */
  indexRow: boolean;
  /** the header printed again before this body row (a page break inside the table); taken modulo the rows */
  repeatHeaderAt: number | null;
  /** the table split into a second <table> (with its header) before this body row; taken modulo the rows */
  continueAt: number | null;
};

/** The top rows under 合计: 类 rows, or unit rows (309001 示例市医疗保障局 …) each with its own 类 rows. */
export type BudgetSpec = { layout: BudgetLayout; top: BudgetNode[] };

/**
 * A body row of the rendered table, in print order: its code, role, name, level (0 = 合计, then units
 * if any, then 类, 款, 项), the print indexes of the rows whose totals include it, and its figures.
 */
export type BudgetRow = {
  /** the classification code (null for the 合计 row and unit rows) */
  code: string | null;
  /** the unit code of a unit row */
  unitCode: string | null;
  role: 'total' | 'unit' | 'data';
  name: string;
  level: number;
  path: number[];
  figures: Record<AmountColumn, Decimal | null>;
};

export const amountColumnsOf = (layout: BudgetLayout): AmountColumn[] =>
  layout.basic === 'flat' ? ['total', 'basic', 'project'] : layout.basic === 'parts' ? ['total', 'personnel', 'public', 'project'] : ['total', 'basic', 'personnel', 'public', 'project'];

/** The columns whose figure adds `column` in: itself, the 小计 of 基本支出 when it is one of its parts, and 合计. */
export function columnAncestors(layout: BudgetLayout, column: AmountColumn): AmountColumn[] {
  const cols = amountColumnsOf(layout);
  const out: AmountColumn[] = [column];
  if ((column === 'personnel' || column === 'public') && cols.includes('basic')) out.push('basic');
  if (column !== 'total') out.push('total');
  return out;
}

const figureArb = (coarse: boolean) =>
  fc.option(
    fc.integer({ min: 0, max: 2_000_000 }).map((n) => new Decimal(coarse ? n * 10 : n).div(100)),
    { nil: null, freq: 3 },
  );

const leafFigures = (coarse: boolean): fc.Arbitrary<Figures> =>
  fc.record({ personnel: figureArb(coarse), public: figureArb(coarse), project: figureArb(coarse) }).map((f) =>
    // every printed row carries at least one figure
    f.personnel === null && f.public === null && f.project === null ? { ...f, project: new Decimal(coarse ? '12.30' : '12.34') } : f,
  );

const sectionNode = (code: string, coarse: boolean): fc.Arbitrary<BudgetNode> => {
  const items = childrenOf(code, 7);
  const name = FUNCTION_CODES[code]!;
  const kids = items.length ? fc.uniqueArray(fc.constantFrom(...items), { maxLength: Math.min(4, items.length) }) : fc.constant<string[]>([]);
  return kids.chain((picked) =>
    picked.length === 0
      ? leafFigures(coarse).map((figures): BudgetNode => ({ code, name, unit: false, children: [], figures }))
      : fc
          .tuple(...picked.map((item) => leafFigures(coarse).map((figures): BudgetNode => ({ code: item, name: FUNCTION_CODES[item]!, unit: false, children: [], figures }))))
          .map((children): BudgetNode => ({ code, name, unit: false, children, figures: null })),
  );
};

const classNode = (code: string, coarse: boolean): fc.Arbitrary<BudgetNode> => {
  const sections = childrenOf(code, 5);
  return fc
    .uniqueArray(fc.constantFrom(...sections), { minLength: 1, maxLength: Math.min(3, sections.length) })
    .chain((picked) => fc.tuple(...picked.map((s) => sectionNode(s, coarse))))
    .map((children): BudgetNode => ({ code, name: FUNCTION_CODES[code]!, unit: false, children, figures: null }));
};

const sometimes = <T>(arb: fc.Arbitrary<T>, freq = 4) => fc.option(arb, { nil: null, freq });

export const budgetLayout: fc.Arbitrary<BudgetLayout> = fc.record({
  codes: fc.constantFrom<BudgetLayout['codes']>('joined', 'split'),
  basic: fc.constantFrom<BudgetLayout['basic']>('flat', 'parts', 'parts-subtotal'),
  totalLabel: fc.constantFrom<BudgetLayout['totalLabel']>('name', 'span'),
  totalText: fc.constantFrom('合计', '合计', '合　计', '合 计', '总计', '支出合计'),
  totalAt: fc.constantFrom<BudgetLayout['totalAt']>('top', 'top', 'top', 'bottom'),
  indent: fc.constantFrom<BudgetLayout['indent']>('none', 'none', 'ideographic', 'nbsp'),
  thousands: fc.boolean(),
  figureStyle: fc.constantFrom<BudgetLayout['figureStyle']>('plain', 'plain', 'plain', 'stray-space', 'fullwidth'),
  blank: fc.constantFrom<BudgetLayout['blank']>('', '', '-', '—', '&nbsp;'),
  coarse: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  department: fc.boolean(),
  unitLine: fc.constantFrom('单位：万元', '单位:万元', '金额单位：万元', '单位：万元　　', '单位： 万元'),
  titleInside: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  headerTag: fc.constantFrom<BudgetLayout['headerTag']>('th', 'td'),
  sections: fc.boolean(),
  indexRow: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  repeatHeaderAt: sometimes(fc.nat(1000)),
  continueAt: sometimes(fc.nat(1000)),
});

const classList = (coarse: boolean, max: number): fc.Arbitrary<BudgetNode[]> =>
  fc.uniqueArray(fc.constantFrom(...CLASSES), { minLength: 1, maxLength: max }).chain((picked) => fc.tuple(...picked.map((c) => classNode(c, coarse))));

/** Budget units of a department, printed as unit rows: code and organisation name. */
const UNITS: ReadonlyArray<readonly [string, string]> = [
  ['309001', '示例市医疗保障局'],
  ['309002', '示例市医疗保障服务中心'],
  ['309003', '示例市医疗保险基金管理中心'],
];

/** The layout fields that only change how the same table is printed (not its columns or row order). */
export const PRESENTATION_FIELDS = [
  'totalLabel', 'totalText', 'indent', 'thousands', 'figureStyle', 'blank', 'department', 'unitLine', 'titleInside',
  'headerTag', 'sections', 'indexRow', 'repeatHeaderAt', 'continueAt',
] as const satisfies ReadonlyArray<keyof BudgetLayout>;

/** The same layout printed another way: every presentation field drawn again. */
export const reprinted = (layout: BudgetLayout): fc.Arbitrary<BudgetLayout> =>
  budgetLayout.map((other) => {
    const out: BudgetLayout = { ...layout };
    for (const k of PRESENTATION_FIELDS) Object.assign(out, { [k]: other[k] });
    return out;
  });

/**
 * A consistent 部门支出预算表: one to four 类 from the code book (or, now and then, one to three unit
 * rows each with one to three 类 of its own), one to three 款 under each 类, zero to four 项 under
 * each 款 (a 款 without 项 is a leaf), random leaf figures in 万元 with two decimals. Every total is
 * computed from the leaves, so the table adds up by construction.
 */
export const budgetSpec: fc.Arbitrary<BudgetSpec> = budgetLayout.chain((layout) =>
  fc
    .oneof(
      { weight: 3, arbitrary: classList(layout.coarse, 4) },
      {
        weight: 1,
        arbitrary: fc
          .integer({ min: 1, max: UNITS.length })
          .chain((n) => fc.tuple(...UNITS.slice(0, n).map(([code, name]) => classList(layout.coarse, 3).map((children): BudgetNode => ({ code, name, unit: true, children, figures: null }))))),
      },
    )
    .map((top): BudgetSpec => ({ layout, top })),
);

const addNullable = (a: Decimal | null, b: Decimal | null): Decimal | null => (a === null ? b : b === null ? a : a.plus(b));

function nodeFigures(node: BudgetNode): Record<AmountColumn, Decimal | null> {
  if (node.figures) {
    const { personnel, public: pub, project } = node.figures;
    const basic = addNullable(personnel, pub);
    return { total: addNullable(basic, project), basic, personnel, public: pub, project };
  }
  const out: Record<AmountColumn, Decimal | null> = { total: null, basic: null, personnel: null, public: null, project: null };
  for (const child of node.children) {
    const f = nodeFigures(child);
    for (const k of Object.keys(out) as AmountColumn[]) out[k] = addNullable(out[k], f[k]);
  }
  return out;
}

/**
 * The body rows in print order: the 合计 row (computed from the rows under it) on top or at the
 * bottom, each unit row followed by its 类 rows, each 类 followed by its 款 and their 项.
 */
export function budgetRows(spec: BudgetSpec): BudgetRow[] {
  const root: BudgetNode = { code: '', name: '合计', unit: false, children: spec.top, figures: null };
  const top = spec.layout.totalAt === 'top';
  const items: Array<Omit<BudgetRow, 'path'> & { parent: number | null }> = [];
  const walk = (node: BudgetNode, level: number, parent: number | null) => {
    const index = items.length;
    items.push({
      code: node.unit ? null : node.code,
      unitCode: node.unit ? node.code : null,
      role: node.unit ? 'unit' : 'data',
      name: node.name,
      level,
      parent,
      figures: nodeFigures(node),
    });
    for (const child of node.children) walk(child, level + 1, index);
  };
  for (const c of spec.top) walk(c, 1, null);
  const offset = top ? 1 : 0;
  const totalIndex = top ? 0 : items.length;
  const pathOf = (parent: number | null): number[] => (parent === null ? [totalIndex] : [...pathOf(items[parent]!.parent), parent + offset]);
  const body = items.map(({ parent, ...row }): BudgetRow => ({ ...row, path: pathOf(parent) }));
  const totalRow: BudgetRow = { code: null, unitCode: null, role: 'total', name: spec.layout.totalText, level: 0, path: [], figures: nodeFigures(root) };
  return top ? [totalRow, ...body] : [...body, totalRow];
}

export const formatFigure = (v: Decimal, thousands: boolean, style: BudgetLayout['figureStyle'] = 'plain', salt = 0): string => {
  const s = v.toFixed(2);
  const grouped = thousands ? s.replace(/^(-?)(\d+)/, (_, sign: string, int: string) => sign + groupThousands(int)) : s;
  if (style === 'fullwidth') return [...grouped].map(ASCII_TO_FULLWIDTH).join('');
  if (style === 'stray-space' && salt % 3 === 0) return grouped.replace('.', '. ');
  return grouped;
};

/** Number of columns before the amounts: the code column(s) and the name column. */
export const labelColumns = (layout: BudgetLayout): number => (layout.codes === 'split' ? 4 : 2);

/**
 * The page: title 2024年部门支出预算表, 单位：万元, a header of spanning cells, the rows (with the
 * layout's 栏次 row, repeated header and continuation table). `override` replaces the figure printed
 * in one cell (body row in print order, amount column).
 */
export function renderBudgetPage(spec: BudgetSpec, override?: { row: number; column: AmountColumn; value: Decimal }): string {
  const { layout } = spec;
  const rows = budgetRows(spec);
  const cols = amountColumnsOf(layout);
  const width = labelColumns(layout) + cols.length;
  const h = layout.headerTag;
  const two = layout.codes === 'split' || layout.basic !== 'flat';
  const rs = two ? ' rowspan="2"' : '';
  const top: string[] = [];
  const second: string[] = [];
  if (layout.codes === 'split') {
    top.push(`<${h} colspan="3">科目编码</${h}>`);
    second.push(`<${h}>类</${h}>`, `<${h}>款</${h}>`, `<${h}>项</${h}>`);
  } else top.push(`<${h}${rs}>科目编码</${h}>`);
  top.push(`<${h}${rs}>科目名称</${h}>`, `<${h}${rs}>合计</${h}>`);
  if (layout.basic === 'flat') top.push(`<${h}${rs}>基本支出</${h}>`);
  else {
    const parts = layout.basic === 'parts-subtotal' ? ['小计', '人员经费', '公用经费'] : ['人员经费', '公用经费'];
    top.push(`<${h} colspan="${parts.length}">基本支出</${h}>`);
    second.push(...parts.map((p) => `<${h}>${p}</${h}>`));
  }
  top.push(`<${h}${rs}>项目支出</${h}>`);
  const header = [`<tr>${top.join('')}</tr>`, ...(two ? [`<tr>${second.join('')}</tr>`] : [])];

  const indent = (level: number) => (layout.indent === 'none' || level < 2 ? '' : (layout.indent === 'nbsp' ? '&nbsp;&nbsp;' : '\u3000\u3000').repeat(level - 1));
  const codeCells = labelColumns(layout) - 1;
  const body = rows.map((row, i) => {
    const cells: string[] = [];
    if (row.role === 'total') {
      const t = escapeHtml(row.name);
      if (layout.totalLabel === 'span') cells.push(`<td colspan="${labelColumns(layout)}">${t}</td>`);
      else cells.push(...Array.from({ length: codeCells }, () => '<td></td>'), `<td>${t}</td>`);
    } else if (row.role === 'unit') {
      // the unit code across the code column(s), the unit's name as the row name
      cells.push(`<td${codeCells > 1 ? ` colspan="${codeCells}"` : ''}>${row.unitCode}</td>`, `<td>${escapeHtml(row.name)}</td>`);
    } else if (row.code !== null) {
      if (layout.codes === 'split') {
        const c = row.code;
        cells.push(`<td>${c.slice(0, 3)}</td>`, `<td>${c.slice(3, 5)}</td>`, `<td>${c.slice(5, 7)}</td>`);
      } else cells.push(`<td>${row.code}</td>`);
      cells.push(`<td>${indent(row.level)}${escapeHtml(row.name)}</td>`);
    }
    for (const col of cols) {
      const v = override && override.row === i && override.column === col ? override.value : row.figures[col];
      cells.push(`<td align="right">${v === null ? layout.blank : formatFigure(v, layout.thousands, layout.figureStyle, i + cells.length)}</td>`);
    }
    return [`<tr>${cells.join('')}</tr>`];
  });
  // the body in blocks of rows that stay together: data rows, the repeated header, the 栏次 row
  if (layout.repeatHeaderAt !== null && rows.length > 1) body.splice(1 + (layout.repeatHeaderAt % (rows.length - 1)), 0, header);
  if (layout.indexRow) {
    const label = layout.totalLabel === 'span' ? `<td colspan="${labelColumns(layout)}">栏次</td>` : `<td>栏次</td>${'<td></td>'.repeat(codeCells)}`;
    body.unshift([`<tr>${label}${cols.map((_, k) => `<td>${k + 1}</td>`).join('')}</tr>`]);
  }
  const preamble = ['2024年部门支出预算表', ...(layout.department ? ['部门名称：示例市医疗保障局'] : []), layout.unitLine];
  const inside = layout.titleInside ? preamble.map((l) => `<tr><td colspan="${width}">${l}</td></tr>`) : [];
  const before = layout.titleInside ? '' : preamble.map((l) => `<p>${l}</p>`).join('\n');
  const tableOf = (titleRows: string[], blocks: string[][]) =>
    layout.sections
      ? `<table border="1">\n<thead>\n${[...titleRows, ...header].join('\n')}\n</thead>\n<tbody>\n${blocks.flat().join('\n')}\n</tbody>\n</table>`
      : `<table border="1">\n${[...titleRows, ...header, ...blocks.flat()].join('\n')}\n</table>`;
  // a continuation table starts after the first data row at the earliest, and with a data row: it
  // prints its own header, and a header printed twice in a row is another matter (see the
  // it.fails example in property-pipeline.test.ts)
  const first = layout.indexRow ? 2 : 1;
  let split = layout.continueAt !== null && body.length > first ? first + (layout.continueAt % (body.length - first)) : null;
  if (split !== null && body[split] === header) split = split + 1 < body.length ? split + 1 : null;
  const tables = split === null ? tableOf(inside, body) : `${tableOf(inside, body.slice(0, split))}\n${tableOf([], body.slice(split))}`;
  return [
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例市医疗保障局2024年部门预算公开</title></head><body>',
    before,
    tables,
    '</body></html>',
  ].join('\n');
}

// ── garbage pages ──

const garbageCell: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('合计', '总计', '小计', '其中：', '基本支出', '项目支出', '人员经费', '类', '款', '项', '科目编码', '科目名称', '单位：万元', '部门', '栏次', '-', '', '310', '2101501', '309 医疗保障局', '一、', '行政运行'),
  fc.string({ maxLength: 8 }),
  amountLikeString,
  printedAmount(fc.integer({ min: 0, max: 3 })).map((p) => p.printed),
  validCode,
);

/** Random tables (random shapes, spans, budget words, numbers, codes) under random title lines. */
export const garbagePage: fc.Arbitrary<string> = fc
  .array(
    fc.record({
      before: fc.array(fc.oneof(fc.constantFrom('2024年部门支出预算表', '2024年部门收支总表', '单位：万元', '部门名称：示例市医疗保障局', '“三公”经费支出表', '注：无'), fc.string({ maxLength: 12 })), { maxLength: 3 }),
      rows: fc.array(
        fc.array(fc.record({ text: garbageCell, rowspan: spanAttrWith(5), colspan: spanAttrWith(1), th: fc.boolean() }), { maxLength: 8 }),
        { maxLength: 14 },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((tables) => {
    const attr = (name: string, v: string | null) => (v === null ? '' : ` ${name}="${escapeHtml(v)}"`);
    const html = tables.map(
      (t) =>
        `${t.before.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}<table>${t.rows
          .map((r) => `<tr>${r.map((c) => `<${c.th ? 'th' : 'td'}${attr('rowspan', c.rowspan)}${attr('colspan', c.colspan)}>${escapeHtml(c.text)}</${c.th ? 'th' : 'td'}>`).join('')}</tr>`)
          .join('')}</table>`,
    );
    return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>${html.join('')}</body></html>`;
  });

// ── mutated budget pages ──

export type Mutation =
  | { op: 'text'; at: number; text: string }
  | { op: 'remove-cell' | 'remove-row' | 'clone-row' | 'swap-rows'; at: number }
  | { op: 'rowspan' | 'colspan'; at: number; value: string | null };

/** Edits to a rendered page's table cells and rows (positions are taken modulo what the page has). */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('text' as const), at: fc.nat(), text: garbageCell }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('remove-cell' as const, 'remove-row' as const, 'clone-row' as const, 'swap-rows' as const), at: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('rowspan' as const, 'colspan' as const), at: fc.nat(), value: spanAttrWith(1) }) },
  ),
  { minLength: 1, maxLength: 8 },
);

/** Apply the edits to the document's tables, in place. */
export function mutate(doc: Document, edits: readonly Mutation[]): void {
  for (const m of edits) {
    const cells = Array.from(doc.querySelectorAll('td, th'));
    const rows = Array.from(doc.querySelectorAll('tr'));
    const cell = cells[m.at % Math.max(1, cells.length)];
    if (m.op === 'text' || m.op === 'remove-cell') {
      if (m.op === 'text') cell?.replaceChildren(m.text);
      else cell?.remove();
      continue;
    }
    if (m.op === 'rowspan' || m.op === 'colspan') {
      if (m.value === null) cell?.removeAttribute(m.op);
      else cell?.setAttribute(m.op, m.value);
      continue;
    }
    const row = rows[m.at % Math.max(1, rows.length)];
    if (!row) continue;
    if (m.op === 'remove-row') row.remove();
    else if (m.op === 'clone-row') row.after(row.cloneNode(true));
    else if (row.nextElementSibling) row.nextElementSibling.after(row);
  }
}
