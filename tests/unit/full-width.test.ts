import { describe, expect, it } from 'vitest';
import { auditDocument } from '../../lib/audit';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import type { Finding } from '../../lib/model';
import type { RawSource } from '../../lib/model/raw';
import { fixture, parseHtml } from '../helpers/dom';
import { SEED_PAGES } from '../helpers/seeds';

/**
 * Pages typed with the input method in full-width mode print ２０８０５０５ and ６６１．２５: the
 * same codes and figures. Every seed page with its tables' digits, points, commas and minus
 * signs full-width — and then its titles, notes and prose too — must read the same tables and
 * raise the same findings.
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
