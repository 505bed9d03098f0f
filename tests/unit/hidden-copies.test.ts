import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { auditDocument } from '../../lib/audit';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import { fixture, parseHtml } from '../helpers/dom';
import { splitAtPageBreaks, withHiddenCopies } from '../helpers/split';

/** What a reader relies on: the tables read (kind, title, every row's cells) and every finding. */
function audit(html: string) {
  const doc = extractDocument(readDocument(parseHtml(html), 'page.html').raw);
  return {
    tables: doc.tables.map((t) => ({ kind: t.kind, title: t.title, rows: t.rows.map((r) => r.cells.map((c) => c.text).join('|')) })),
    findings: auditDocument(doc)
      .findings.map((f) => `${f.rule} ${f.severity} ${f.message.zh}`)
      .sort(),
  };
}

const seeds = readdirSync(new URL('../fixtures/pages/', import.meta.url)).filter((f) => /^seed-.*\.html$/.test(f));

// Some pages print each table twice, the second copy hidden (another layout: mobile, print):
// right after the table, the copy reads as its continuation with the header repeated, and every
// total was compared with twice its rows (45–103 false errors per seed page). A part that prints
// exactly the rows of the part before it is that part again, not more of the table.
describe('a table printed twice, the copy hidden right after it, reads as the one table it is', () => {
  describe.each(seeds)('%s', (file) => {
    const html = fixture(`pages/${file}`);
    const whole = audit(html);

    it.each([
      ['the copy hidden by its own style', 'table' as const, false],
      ['the copy in a hidden <div>', 'div' as const, false],
      ['and each table also split at its page break (each part copied)', 'table' as const, true],
    ])('%s: the same tables, rows and findings', (_name, how, split) => {
      const copies = withHiddenCopies(split ? splitAtPageBreaks(html, true).html : html, how);
      expect(copies.copied).toBeGreaterThan(5);
      const got = audit(copies.html);
      expect(got.tables).toEqual(whole.tables);
      expect(got.findings).toEqual(whole.findings);
    });
  });
});
