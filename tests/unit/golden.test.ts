import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import { parseHtml, fixture } from '../helpers/dom';
import { toGolden, type Golden } from '../helpers/golden';

const goldenDir = new URL('../fixtures/golden/', import.meta.url);
const goldens = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, goldenDir), 'utf8')) as Golden);

describe.each(goldens.map((g) => [g.fixture, g] as const))('golden extraction of %s', (file, golden) => {
  const doc = extractDocument(readDocument(parseHtml(fixture(`pages/${file}`)), file).raw);

  it('reads the department and year', () => {
    expect({ department: doc.department, year: doc.year }).toEqual({ department: golden.department, year: golden.year });
  });

  it('finds every budget table, in order, with its kind and title', () => {
    expect(doc.tables.map((t) => `${t.kind} ${toGolden(t).title}`)).toEqual(golden.tables.map((t) => `${t.kind} ${t.title}`));
  });

  golden.tables.forEach((g, i) => {
    it(`table ${i + 1} ${g.title ?? '(untitled)'}: unit, header tree and every cell`, () => {
      const t = doc.tables[i];
      expect(t, 'table missing').toBeDefined();
      const got = toGolden(t!);
      expect(got.unit).toEqual(g.unit);
      expect(got.header).toEqual(g.header);
      expect(got.rows.map((r) => r.cells)).toEqual(g.rows.map((r) => r.cells));
      expect(got.rows.map((r) => r.code)).toEqual(g.rows.map((r) => r.code));
    });
  });
});
