import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FUNCTION_CODES, FUNCTION_CODE_ALIASES } from '../../lib/data/function-codes';
import {
  DEPARTMENT_ECONOMIC_CODES,
  DEPARTMENT_ECONOMIC_CODE_ALIASES,
  GOVERNMENT_ECONOMIC_CODES,
  GOVERNMENT_ECONOMIC_CODE_ALIASES,
} from '../../lib/data/economic-codes';

type Table = Readonly<Record<string, string>>;
type Aliases = Readonly<Record<string, readonly string[]>>;

/** Names compare without blanks (line-wrap spaces, U+3000) and with brackets in full width. */
function norm(name: string): string {
  return name.replace(/[\s\u3000\u00a0]/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

function tableFor(code: string): { table: Table; aliases: Aliases; label: string } {
  if (code.startsWith('2')) return { table: FUNCTION_CODES, aliases: FUNCTION_CODE_ALIASES, label: 'function' };
  if (code.startsWith('3')) {
    return { table: DEPARTMENT_ECONOMIC_CODES, aliases: DEPARTMENT_ECONOMIC_CODE_ALIASES, label: 'department economic' };
  }
  return { table: GOVERNMENT_ECONOMIC_CODES, aliases: GOVERNMENT_ECONOMIC_CODE_ALIASES, label: 'government economic' };
}

/** Every name a code may legitimately be printed with: the official one and its known aliases. */
function acceptedNames(code: string): string[] {
  const { table, aliases } = tableFor(code);
  const official = table[code];
  return official === undefined ? [] : [official, ...(aliases[code] ?? [])].map(norm);
}

// ─── Codes printed in the seed documents ────────────────────────────────────────────────
// (code, name as printed, seeds that print this pair). Split codes ("210 15 01") are listed
// joined. Found by reading tests/fixtures/seeds/*.txt; the scan test below keeps this list honest.
type SeedRow = readonly [code: string, printed: string, seeds: readonly string[]];

const SEED_FUNCTION_ROWS: readonly SeedRow[] = [
  ['208', '社会保障和就业支出', ['seed-000', 'seed-003']],
  ['20805', '行政事业单位养老支出', ['seed-000', 'seed-003']],
  ['2080109', '社会保险经办机构', ['seed-002']],
  ['2080502', '事业单位离退休', ['seed-003', 'seed-004']],
  ['2080505', '机关事业单位基本养老保险缴费支出', ['seed-000', 'seed-002', 'seed-003', 'seed-004']],
  ['2080506', '机关事业单位职业年金缴费支出', ['seed-003']],
  ['2080599', '其他行政事业单位养老支出', ['seed-002']],
  ['20899', '其他社会保障和就业支出', ['seed-000']],
  ['2089999', '其他社会保障和就业支出', ['seed-000', 'seed-004']],
  ['2050803', '培训支出', ['seed-002']],
  ['210', '卫生健康支出', ['seed-000', 'seed-001', 'seed-003']],
  ['21011', '行政事业单位医疗', ['seed-000']],
  ['2101101', '行政单位医疗', ['seed-000', 'seed-002']],
  ['2101103', '公务员医疗补助', ['seed-000', 'seed-002', 'seed-004']],
  ['21012', '财政对基本医疗保险基金的补助', ['seed-000']],
  ['2101201', '财政对职工基本医疗保险基金的补助', ['seed-002']],
  ['2101202', '财政对城乡居民基本医疗保险基金的补助', ['seed-000', 'seed-002', 'seed-004']],
  ['2101299', '财政对其他基本医疗保险基金的补助', ['seed-002', 'seed-004']],
  ['21013', '医疗救助', ['seed-000']],
  ['2101301', '城乡医疗救助', ['seed-000', 'seed-002', 'seed-004']],
  ['2101399', '其他医疗救助支出', ['seed-002']],
  ['21015', '医疗保障管理事务', ['seed-000', 'seed-001', 'seed-003']],
  ['2101501', '行政运行', ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']],
  ['2101502', '一般行政管理事务', ['seed-000', 'seed-001', 'seed-003']],
  ['2101504', '信息化建设', ['seed-003']],
  ['2101505', '医疗保障政策管理', ['seed-000']],
  ['2101506', '医疗保障经办事务', ['seed-002', 'seed-004']],
  ['2101550', '事业运行', ['seed-004']],
  ['2101599', '其他医疗保障管理事务支出', ['seed-002', 'seed-004']],
  ['221', '住房保障支出', ['seed-000', 'seed-001', 'seed-003']],
  ['22102', '住房改革支出', ['seed-000', 'seed-001', 'seed-003']],
  ['2210201', '住房公积金', ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']],
];

const SEED_ECONOMIC_ROWS: readonly SeedRow[] = [
  // 部门预算支出经济分类
  ['301', '工资福利支出', ['seed-000', 'seed-001', 'seed-003']],
  ['30101', '基本工资', ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']],
  ['30102', '津贴补贴', ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']],
  ['30103', '奖金', ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']],
  ['30107', '绩效工资', ['seed-000', 'seed-001', 'seed-003', 'seed-004']],
  ['30108', '机关事业单位基本养老保险缴费', ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']],
  ['30109', '职业年金缴费', ['seed-003']],
  ['30110', '职工基本医疗保险缴费', ['seed-001', 'seed-002', 'seed-003', 'seed-004']],
  ['30110', '城镇职工基本医疗保险缴费', ['seed-000']], // older name (alias)
  ['30111', '公务员医疗补助缴费', ['seed-002']],
  ['30111', '公务员医疗补助', ['seed-000']], // 缴费 dropped (alias)
  ['30112', '其他社会保障缴费', ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']],
  ['30113', '住房公积金', ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']],
  ['30199', '其他工资福利支出', ['seed-001']],
  ['302', '商品和服务支出', ['seed-000', 'seed-001', 'seed-003', 'seed-004']],
  ['30201', '办公费', ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']],
  ['30202', '印刷费', ['seed-002']],
  ['30205', '水费', ['seed-001']],
  ['30206', '电费', ['seed-001', 'seed-003']],
  ['30207', '邮电费', ['seed-000', 'seed-003']],
  ['30208', '取暖费', ['seed-000', 'seed-002']],
  ['30211', '差旅费', ['seed-000', 'seed-001', 'seed-002', 'seed-003']],
  ['30213', '维修（护）费', ['seed-001']],
  ['30213', '维修(护)费', ['seed-002']],
  ['30215', '会议费', ['seed-001', 'seed-002']],
  ['30216', '培训费', ['seed-002']],
  ['30217', '公务接待费', ['seed-001', 'seed-002', 'seed-003']],
  ['30226', '劳务费', ['seed-000', 'seed-002', 'seed-003']],
  ['30227', '委托业务费', ['seed-003']],
  ['30228', '工会经费', ['seed-000', 'seed-002', 'seed-004']],
  ['30229', '福利费', ['seed-000', 'seed-002', 'seed-004']],
  ['30231', '公务用车运行维护费', ['seed-000', 'seed-002', 'seed-003', 'seed-004']],
  ['30239', '其他交通费用', ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']],
  ['30299', '其他商品和服务支出', ['seed-001', 'seed-002', 'seed-003', 'seed-004']],
  ['303', '对个人和家庭的补助', ['seed-003']],
  ['30302', '退休费', ['seed-002', 'seed-003', 'seed-004']],
  ['30305', '生活补助', ['seed-004']],
  ['30307', '医疗费补助', ['seed-002']],
  ['30309', '奖励金', ['seed-002']],
  ['30902', '办公设备购置', ['seed-002']],
  ['31302', '对社会保险基金补助', ['seed-002']],
  ['39999', '其他支出', ['seed-004']],
  // 政府预算支出经济分类
  ['50101', '工资奖金津补贴', ['seed-002']],
  ['50102', '社会保障缴费', ['seed-002']],
  ['50103', '住房公积金', ['seed-002', 'seed-004']],
  ['50201', '办公经费', ['seed-002', 'seed-004']],
  ['50202', '会议费', ['seed-002']],
  ['50203', '培训费', ['seed-002']],
  ['50205', '委托业务费', ['seed-002']],
  ['50206', '公务接待费', ['seed-002']],
  ['50208', '公务用车运行维护费', ['seed-002']],
  ['50209', '维修(护)费', ['seed-002']],
  ['50299', '其他商品和服务支出', ['seed-002', 'seed-004']],
  ['50404', '设备购置', ['seed-002']],
  ['50501', '工资福利支出', ['seed-004']],
  ['50502', '商品和服务支出', ['seed-002', 'seed-004']],
  ['50901', '社会福利和救助', ['seed-002', 'seed-004']],
  ['50905', '离退休费', ['seed-002', 'seed-004']],
  ['51002', '对社会保险基金补助', ['seed-002']],
  ['59999', '其他支出', ['seed-004']],
];

/**
 * Known misprints in the seeds: the printed code exists but means something else; the printed
 * name belongs to `correct`. These must NOT be "fixed" by adding the pair to the tables.
 */
const SEED_MISPRINTS: readonly { code: string; printed: string; seed: string; correct: string; where: string }[] = [
  // seed-004 部门支出预算表 prints "208 08 02 事业单位离退休"; its 一般公共预算支出预算表 prints the
  // same row as "208 05 02". 2080802 is 伤残抚恤.
  { code: '2080802', printed: '事业单位离退休', seed: 'seed-004', correct: '2080502', where: '部门支出预算表' },
  // seed-004 一般公共预算支出预算表 prints "210 12 01 住房公积金" (its 部门支出预算表 has 221 02 01).
  // 2101201 is 财政对职工基本医疗保险基金的补助.
  { code: '2101201', printed: '住房公积金', seed: 'seed-004', correct: '2210201', where: '一般公共预算支出预算表' },
];

/**
 * 3-digit numbers in the seeds that are 单位代码 / 部门代码, not classification codes. 201 and 309
 * happen to be classification codes too (一般公共服务支出, 资本性支出（基本建设）); in these
 * seeds they precede the department's name.
 */
const SEED_UNIT_CODES: readonly { code: string; seeds: readonly string[] }[] = [
  { code: '201', seeds: ['seed-001'] },
  { code: '309', seeds: ['seed-002', 'seed-004'] },
  { code: '450', seeds: ['seed-000'] },
  { code: '806', seeds: ['seed-003'] },
];

// ─── Seed scanner (independent of lib/) ─────────────────────────────────────────────────
const SEED_DIR = new URL('../fixtures/seeds/', import.meta.url);

function readSeeds(): Map<string, string> {
  const dir = fileURLToPath(SEED_DIR);
  const out = new Map<string, string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) {
    out.set(f.replace(/\.txt$/, ''), readFileSync(new URL(f, SEED_DIR), 'utf8'));
  }
  return out;
}

type Found = { code: string; name: string };
const CJK = /[\u4e00-\u9fff]/;
const JOINED = /^(?:2[0-3]\d(?:\d\d){1,2}|(?:30|31|39|50|51|59)\d{3})$/;
const CLASS = /^(?:2[0-3]\d|3[01]\d|399|5[01]\d|599)$/;
const TWO = /^\d\d$/;

/**
 * Codes as the seeds print them: a joined code alone in a cell (2101501), or 类 | 款 | 项 in
 * consecutive tab-separated cells (210 15 01). The name is the next cell with Chinese text on the
 * same line, else the next non-empty line (the one-cell-per-line layout of seed-000/seed-003).
 */
function scan(text: string): Found[] {
  const lines = text.split(/\r?\n/).map((l) => l.split('\t').map((c) => c.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, '')));
  const found: Found[] = [];
  const nameAfter = (li: number, ci: number): string => {
    const cells = lines[li] ?? [];
    for (let k = ci; k < cells.length; k++) {
      const c = cells[k] ?? '';
      if (CJK.test(c)) return c;
    }
    for (let j = li + 1; j < lines.length && j <= li + 3; j++) {
      const first = (lines[j] ?? []).find((c) => c !== '');
      if (first !== undefined) return CJK.test(first) ? first : '';
    }
    return '';
  };
  lines.forEach((cells, li) => {
    for (let ci = 0; ci < cells.length; ci++) {
      const c = cells[ci] ?? '';
      if (JOINED.test(c)) {
        found.push({ code: c, name: nameAfter(li, ci + 1) });
      } else if (CLASS.test(c)) {
        const s = cells[ci + 1] ?? '';
        const i = cells[ci + 2] ?? '';
        if (TWO.test(s)) {
          const code = c + s + (TWO.test(i) ? i : '');
          found.push({ code, name: nameAfter(li, ci + 1) });
          ci += TWO.test(i) ? 2 : 1;
        } else {
          found.push({ code: c, name: nameAfter(li, ci + 1) });
        }
      }
    }
  });
  return found;
}

// ─── Tests ──────────────────────────────────────────────────────────────────────────────
const TABLES: readonly { label: string; table: Table; lengths: readonly number[]; first: RegExp }[] = [
  { label: 'FUNCTION_CODES', table: FUNCTION_CODES, lengths: [3, 5, 7], first: /^2/ },
  { label: 'DEPARTMENT_ECONOMIC_CODES', table: DEPARTMENT_ECONOMIC_CODES, lengths: [3, 5], first: /^3/ },
  { label: 'GOVERNMENT_ECONOMIC_CODES', table: GOVERNMENT_ECONOMIC_CODES, lengths: [3, 5], first: /^5/ },
];

describe('classification code tables: shape', () => {
  for (const { label, table, lengths, first } of TABLES) {
    describe(label, () => {
      const codes = Object.keys(table);

      it('is not empty and frozen', () => {
        expect(codes.length).toBeGreaterThan(20);
        expect(Object.isFrozen(table)).toBe(true);
      });

      it('has keys that are digit strings of an allowed length and the right leading digit', () => {
        const bad = codes.filter((c) => !/^\d+$/.test(c) || !lengths.includes(c.length) || !first.test(c));
        expect(bad).toEqual([]);
      });

      it('has every 款 under a 类 present in the table, and every 项 under a 款 present', () => {
        const orphans = codes.filter((c) => c.length > 3 && table[c.slice(0, c.length - 2)] === undefined);
        expect(orphans).toEqual([]);
      });

      it('has non-empty, trimmed names with no ASCII brackets or blanks', () => {
        const bad = codes.filter((c) => {
          const n = table[c] ?? '';
          return n === '' || n !== n.trim() || /[\s\u3000()]/.test(n);
        });
        expect(bad).toEqual([]);
      });
    });
  }

  it('has aliases only for codes in the tables, each different from the official name', () => {
    const all: readonly [Table, Aliases][] = [
      [FUNCTION_CODES, FUNCTION_CODE_ALIASES],
      [DEPARTMENT_ECONOMIC_CODES, DEPARTMENT_ECONOMIC_CODE_ALIASES],
      [GOVERNMENT_ECONOMIC_CODES, GOVERNMENT_ECONOMIC_CODE_ALIASES],
    ];
    for (const [table, aliases] of all) {
      for (const [code, names] of Object.entries(aliases)) {
        expect(table[code], code).toBeDefined();
        expect(names.length, code).toBeGreaterThan(0);
        for (const n of names) {
          expect(n.trim(), code).toBe(n);
          expect(n, code).not.toBe(table[code]);
        }
      }
    }
  });

  it('has every 类 of the 2024–2026 editions', () => {
    const classes = Object.keys(FUNCTION_CODES).filter((c) => c.length === 3).sort();
    expect(classes).toEqual([
      '201', '202', '203', '204', '205', '206', '207', '208', '209', '210', '211', '212', '213', '214',
      '215', '216', '217', '219', '220', '221', '222', '223', '224', '227', '229', '230', '231', '232',
      '233', '234',
    ]);
    expect(Object.keys(DEPARTMENT_ECONOMIC_CODES).filter((c) => c.length === 3).sort()).toEqual([
      '301', '302', '303', '307', '309', '310', '311', '312', '313', '399',
    ]);
    expect(Object.keys(GOVERNMENT_ECONOMIC_CODES).filter((c) => c.length === 3).sort()).toEqual([
      '501', '502', '503', '504', '505', '506', '507', '508', '509', '510', '511', '512', '513', '514', '599',
    ]);
  });
});

describe('classification code tables: spot checks', () => {
  it.each([
    ['2210201', '住房公积金'],
    ['2210202', '提租补贴'],
    ['2210203', '购房补贴'],
    ['2101501', '行政运行'],
    ['2101101', '行政单位医疗'],
    ['2101102', '事业单位医疗'],
    ['2101103', '公务员医疗补助'],
    ['2080501', '行政单位离退休'],
    ['2080502', '事业单位离退休'],
    ['2080505', '机关事业单位基本养老保险缴费支出'],
    ['2080506', '机关事业单位职业年金缴费支出'],
    ['210', '卫生健康支出'],
    ['207', '文化旅游体育与传媒支出'],
    ['212', '城乡社区支出'],
    ['213', '农林水支出'],
    ['215', '资源勘探工业信息等支出'],
    ['229', '其他支出'],
    ['234', '抗疫特别国债安排的支出'],
  ])('function %s → %s', (code, name) => {
    expect(FUNCTION_CODES[code]).toBe(name);
  });

  it.each([
    ['30113', '住房公积金'],
    ['30101', '基本工资'],
    ['30110', '职工基本医疗保险缴费'],
    ['30111', '公务员医疗补助缴费'],
    ['30199', '其他工资福利支出'],
    ['30201', '办公费'],
    ['30299', '其他商品和服务支出'],
    ['30301', '离休费'],
    ['30302', '退休费'],
    ['309', '资本性支出（基本建设）'],
  ])('department economic %s → %s', (code, name) => {
    expect(DEPARTMENT_ECONOMIC_CODES[code]).toBe(name);
  });

  it.each([
    ['50501', '工资福利支出'],
    ['50101', '工资奖金津补贴'],
    ['50103', '住房公积金'],
    ['50201', '办公经费'],
    ['50905', '离退休费'],
    ['505', '对事业单位经常性补助'],
  ])('government economic %s → %s', (code, name) => {
    expect(GOVERNMENT_ECONOMIC_CODES[code]).toBe(name);
  });

  it('records the old names of renamed 类 as aliases', () => {
    expect(FUNCTION_CODE_ALIASES['210']).toContain('医疗卫生与计划生育支出');
    expect(FUNCTION_CODE_ALIASES['207']).toContain('文化体育与传媒支出');
    expect(FUNCTION_CODE_ALIASES['212']).toContain('城乡社区事务');
    expect(FUNCTION_CODE_ALIASES['213']).toContain('农林水事务');
    expect(FUNCTION_CODE_ALIASES['215']).toContain('资源勘探信息等支出');
  });
});

describe('classification code tables: the seed documents', () => {
  const seeds = readSeeds();
  const scanned = new Map<string, Found[]>([...seeds].map(([id, text]) => [id, scan(text)]));
  const listed: readonly SeedRow[] = [...SEED_FUNCTION_ROWS, ...SEED_ECONOMIC_ROWS];

  it('reads the five seeds', () => {
    expect([...seeds.keys()]).toEqual(['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']);
  });

  it.each(listed.map((r) => [r[0], r[1]] as const))('seed code %s %s is in the tables under that name', (code, printed) => {
    const { table, label } = tableFor(code);
    expect(table[code], `${code} missing from ${label} codes`).toBeDefined();
    expect(acceptedNames(code)).toContain(norm(printed));
  });

  it('every listed (code, name) is really printed in the seeds it names', () => {
    for (const [code, printed, ids] of listed) {
      for (const id of ids) {
        const hits = (scanned.get(id) ?? []).filter((f) => f.code === code && norm(f.name) === norm(printed));
        expect(hits.length, `${code} ${printed} in ${id}`).toBeGreaterThan(0);
      }
    }
  });

  it('every 5- and 7-digit code the seeds print is listed above (or is a known misprint)', () => {
    const known = new Set([
      ...listed.map(([code, printed]) => `${code} ${norm(printed)}`),
      ...SEED_MISPRINTS.map((m) => `${m.code} ${norm(m.printed)}`),
    ]);
    const unlisted: string[] = [];
    for (const [id, found] of scanned) {
      for (const f of found) {
        if (f.code.length === 3) continue; // 3-digit cells are ambiguous with 单位代码, checked below
        const key = `${f.code} ${norm(f.name)}`;
        const codeOnly = f.name === '' && listed.some(([code]) => code === f.code);
        if (!known.has(key) && !codeOnly) unlisted.push(`${id}: ${key}`);
      }
    }
    expect(unlisted).toEqual([]);
  });

  it.each(SEED_MISPRINTS.map((m) => [m.code, m.printed, m.correct, m.seed, m.where] as const))(
    'misprint %s %s (should be %s) in %s %s: the table disagrees, the correct code agrees',
    (code, printed, correct, id) => {
      const hits = (scanned.get(id) ?? []).filter((f) => f.code === code && norm(f.name) === norm(printed));
      expect(hits.length).toBeGreaterThan(0);
      expect(acceptedNames(code)).not.toContain(norm(printed));
      expect(acceptedNames(correct)).toContain(norm(printed));
    },
  );

  it('3-digit unit codes in the seeds precede a department name, not a classification name', () => {
    for (const { code, seeds: ids } of SEED_UNIT_CODES) {
      for (const id of ids) {
        const text = seeds.get(id) ?? '';
        const re = new RegExp(`(?:^|[\\t\\[])${code}\\]?\\t?[^\\t\\n\\d]*医疗保障局`, 'm');
        expect(re.test(text), `${code} in ${id}`).toBe(true);
      }
    }
    expect(FUNCTION_CODES['450']).toBeUndefined();
    expect(FUNCTION_CODES['806']).toBeUndefined();
  });
});
