import { describe, expect, it } from 'vitest';
import { auditDocument } from '../../lib/audit';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import type { Finding } from '../../lib/model';
import type { RawSource } from '../../lib/model/raw';
import { fixture, parseHtml } from '../helpers/dom';
import { SEED_PAGES } from '../helpers/seeds';

/**
 * The same figures printed differently must read the same tables and raise the same findings:
 * - pages typed with the input method in full-width mode print ２０８０５０５ and ６６１．２５ — every
 *   seed page with its tables' digits, points, commas and minus signs full-width, and then its
 *   titles, notes and prose too;
 * - some tables print each figure with its unit (5.00万元) — every seed page with each figure of
 *   its tables followed by the table's unit;
 * - Word prints an empty column at the right of some tables — every table with one more;
 * - some pages print a table's title and unit inside it, as rows across the table;
 * - financial systems print codes in brackets ([2101501]) or in the name's cell (2101501 行政运行).
 */

const FULL = (c: string) => String.fromCharCode(c.charCodeAt(0) + 0xfee0);
const tableText = (s: string) => s.replace(/[0-9.,-]/g, FULL);
const lineText = (s: string) => s.replace(/[0-9]/g, FULL);

const key = (f: Finding) => `${f.rule} ${f.severity} ${f.stated} ${f.expected} ${JSON.stringify(f.target)}`;
const read = (raw: RawSource) => {
  const doc = extractDocument(raw);
  return { tables: doc.tables.map((t) => `${t.id} ${t.kind} ${t.title?.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))} ${t.rows.length}`), findings: auditDocument(doc).findings.map(key).sort() };
};

describe('full-width digits read as digits', () => {
  describe.each(Object.entries(SEED_PAGES))('seed %s', (_id, file) => {
    const raw = readDocument(parseHtml(fixture(`pages/${file}`)), file).raw;
    const plain = read(raw);

    it('in the tables', () => {
      const wide: RawSource = structuredClone(raw);
      for (const t of wide.tables) for (const row of t.grid) for (const c of row) c.text = tableText(c.text);
      expect(read(wide)).toEqual(plain);
    });

    it('in the tables, their titles and notes, and the prose', () => {
      const wide: RawSource = structuredClone(raw);
      for (const t of wide.tables) {
        for (const row of t.grid) for (const c of row) c.text = tableText(c.text);
        t.before = t.before.map(lineText);
        t.after = t.after.map(lineText);
      }
      wide.paragraphs = wide.paragraphs.map(lineText);
      expect(read(wide)).toEqual(plain);
    });
  });
});

describe('figures printed with their unit (5.00万元)', () => {
  describe.each(Object.entries(SEED_PAGES))('seed %s', (_id, file) => {
    const raw = readDocument(parseHtml(fixture(`pages/${file}`)), file).raw;
    const plain = read(raw);

    it('each figure of a table followed by the table’s unit, its unit line kept or left out', () => {
      const doc = extractDocument(raw);
      for (const line of ['kept', 'left out'] as const) {
        const suffixed: RawSource = structuredClone(raw);
        let figures = 0;
        for (const table of doc.tables) {
          const unit = table.unit ?? doc.unit;
          if (!unit) continue;
          const amounts = table.columns.filter((c) => c.role === 'amount');
          for (const row of table.rows) {
            const cells = suffixed.tables.find((t) => t.part === row.source.part)!.grid[row.source.row]!;
            for (const c of amounts) {
              const cell = cells[c.index]!;
              if (row.cells[c.index]?.value == null || cell.text.endsWith(unit)) continue;
              cell.text = `${cell.text}${unit}`;
              figures++;
            }
          }
          if (line === 'left out') {
            const first = suffixed.tables.find((t) => t.part === table.parts[0])!;
            first.before = first.before.filter((l) => !/单位[:：]\s*(万元|元)\s*$/.test(l));
          }
        }
        expect(figures).toBeGreaterThan(50);
        expect(read(suffixed)).toEqual(plain);
      }
    });
  });
});

describe('a phantom column: every table with an empty, unlabelled last column (Word prints one)', () => {
  it.each(Object.entries(SEED_PAGES))('seed %s reads the same findings', (_id, file) => {
    const raw = readDocument(parseHtml(fixture(`pages/${file}`)), file).raw;
    const wider: RawSource = structuredClone(raw);
    for (const t of wider.tables) t.grid.forEach((row, r) => row.push({ text: '', originRow: r, originCol: row.length, header: false }));
    expect(read(wider).findings).toEqual(read(raw).findings);
  });
});

describe('a table’s title and unit lines printed inside it, as rows across it', () => {
  it.each(Object.entries(SEED_PAGES))('seed %s reads the same tables and findings', (_id, file) => {
    const raw = readDocument(parseHtml(fixture(`pages/${file}`)), file).raw;
    const moved: RawSource = structuredClone(raw);
    let tables = 0;
    for (const t of extractDocument(raw).tables) {
      const part = moved.tables.find((p) => p.part === t.parts[0])!;
      const title = t.title?.replace(/\s+/g, '');
      const at = title ? part.before.findIndex((l) => l.replace(/\s+/g, '') === title) : -1;
      if (at < 0) continue;
      // the title and the lines under it (单位：万元, 部门名称：…) become the table's first rows
      const width = part.grid[0]!.length;
      const rows = part.before
        .slice(at)
        .filter((l) => l.trim() !== '')
        .map((text, r) => Array.from({ length: width }, () => ({ text, originRow: r, originCol: 0, header: false })));
      for (const row of part.grid) for (const c of row) c.originRow += rows.length;
      part.grid.unshift(...rows);
      part.before = part.before.slice(0, at);
      tables++;
    }
    expect(tables).toBeGreaterThanOrEqual(10);
    expect(read(moved)).toEqual(read(raw));
  });
});

describe('codes printed the ways financial systems print them', () => {
  /** every cell that holds a code alone, rewritten; and every code followed by its name, joined into the name's cell */
  const rewrite = (raw: RawSource, alone: (code: string) => string, joined: ((code: string, name: string) => string) | null): { page: RawSource; changed: number } => {
    const page: RawSource = structuredClone(raw);
    let changed = 0;
    for (const t of page.tables)
      for (const row of t.grid)
        for (let c = 0; c < row.length; c++) {
          const code = row[c]!.text.trim();
          if (!/^\d{3,7}$/.test(code) || row[c]!.originCol !== c) continue;
          const next = row[c + 1];
          const name = next?.text.trim() ?? '';
          if (joined && /^\d{5,7}$/.test(code) && next && next.originCol === c + 1 && name && !/^[\d.,]+$/.test(name)) {
            next.text = joined(code, name);
            row[c]!.text = '';
          } else if (!joined) row[c]!.text = alone(code);
          else continue;
          changed++;
        }
    return { page, changed };
  };

  describe.each(Object.entries(SEED_PAGES))('seed %s', (_id, file) => {
    const raw = readDocument(parseHtml(fixture(`pages/${file}`)), file).raw;
    const plain = read(raw);

    it.each([
      ['in brackets: [2101501], [309]', (c: string) => `[${c}]`],
      ['in 【】: 【2101501】', (c: string) => `【${c}】`],
    ])('%s — the same tables and findings', (_name, alone) => {
      const { page, changed } = rewrite(raw, alone, null);
      expect(changed).toBeGreaterThan(10);
      expect(read(page)).toEqual(plain);
    });

    it.each([
      ['"2101501 行政运行"', (c: string, n: string) => `${c} ${n}`],
      ['"[2101501]行政运行"', (c: string, n: string) => `[${c}]${n}`],
    ])('in the name’s cell, %s — the same findings', (_name, joined) => {
      const { page, changed } = rewrite(raw, (c) => c, joined);
      expect(changed).toBeGreaterThan(5);
      expect(read(page).findings).toEqual(plain.findings);
    });
  });
});
