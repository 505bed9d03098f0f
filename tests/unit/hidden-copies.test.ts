import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers/dom';
import { readingOf, SEED_FILES } from '../helpers/seeds';
import { splitAtPageBreaks, withHiddenCopies } from '../helpers/split';


// Some pages print each table twice, the second copy hidden (another layout: mobile, print):
// right after the table, the copy reads as its continuation with the header repeated, and every
// total was compared with twice its rows (45–103 false errors per seed page). A part that prints
// exactly the rows of the part before it is that part again, not more of the table.
describe('a table printed twice, the copy hidden right after it, reads as the one table it is', () => {
  describe.each(SEED_FILES)('%s', (file) => {
    const html = fixture(`pages/${file}`);
    const whole = readingOf(html);

    it.each([
      ['the copy hidden by its own style', 'table' as const, false],
      ['the copy in a hidden <div>', 'div' as const, false],
      ['and each table also split at its page break (each part copied)', 'table' as const, true],
    ])('%s: the same tables, rows and findings', (_name, how, split) => {
      const copies = withHiddenCopies(split ? splitAtPageBreaks(html, true).html : html, how);
      expect(copies.copied).toBeGreaterThan(5);
      const got = readingOf(copies.html);
      expect(got.tables).toEqual(whole.tables);
      expect(got.findings).toEqual(whole.findings);
    });
  });
});
