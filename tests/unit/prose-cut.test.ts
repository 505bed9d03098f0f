import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { auditDocument } from '../../lib/audit';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import { fixture, parseHtml } from '../helpers/dom';
import { cutProse } from '../helpers/split';

/** The error findings of a page, by what they compare (rule, stated, expected). */
function errors(html: string): string[] {
  const doc = extractDocument(readDocument(parseHtml(html), 'page.html').raw);
  return auditDocument(doc)
    .findings.filter((f) => f.severity === 'error')
    .map((f) => `${f.rule} stated ${f.stated} expected ${f.expected}`);
}

const seeds = readdirSync(new URL('../fixtures/pages/', import.meta.url)).filter((f) => /^seed-.*\.html$/.test(f));

// Pages cut sentences: Word's line breaks, PDF conversions that print each line as a paragraph.
// A sentence cut in two may lose what the audit can say about it (silence), never make it say
// something false: a list of parts cut short is not a sum that falls short, a figure's last digits
// are not a figure, a subject's last characters are not a subject (新乡市凤泉区医疗保障局2023年机构运 |
// 转经费支出预算5.50万元: 经费支出预算 is no total).
describe('prose cut in its sentences raises no error the page in one piece does not', () => {
  describe.each(seeds)('%s', (file) => {
    const html = fixture(`pages/${file}`);
    const whole = new Set(errors(html));

    it.each([0.3, 0.4, 0.7].flatMap((at) => [['by a <br>', at, 'br' as const] as const, ['into two paragraphs', at, 'p' as const] as const]))(
      'cut %s at %s of each paragraph',
      (_name, at, how) => {
        const cut = cutProse(html, how, at);
        expect(cut.cut).toBeGreaterThan(3);
        expect(errors(cut.html).filter((e) => !whole.has(e))).toEqual([]);
      },
    );
  });
});
