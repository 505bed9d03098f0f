import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { RULES } from '../../lib/audit/registry';
import { TABLE_KINDS } from '../../lib/model/table';
import { KIND_NAMES, RULE_NAMES, kindName, ruleName, t } from '../../components/i18n';

/** The popup and options speak through components/i18n.ts: both languages, everything named. */
describe('the extension pages’ dictionary', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('zh', 'tablesFound', { n: 11 })).toBe('共 11 张预算表');
    expect(t('en', 'tablesFound', { n: 11 })).toBe('11 budget tables');
    expect(t('en', 'failed')).toBe('The audit failed: {error}');
  });

  it('names every rule of the engine as the rule itself does', () => {
    for (const rule of RULES) {
      // a rule named here is named as the rule names itself; a newer rule of a family (narrative.*)
      // shows the family's name until it is added — never its bare id
      if (RULE_NAMES[rule.id]) expect(RULE_NAMES[rule.id], rule.id).toEqual(rule.title);
      expect(ruleName('zh', rule.id), rule.id).not.toBe(rule.id);
      expect(ruleName('en', rule.id), rule.id).not.toBe(rule.id);
    }
    expect(ruleName('zh', 'row-sum')).toBe('上下级科目相加');
    expect(ruleName('en', 'narrative.future')).toBe('Prose and the tables');
    expect(ruleName('en', 'unknown-rule')).toBe('unknown-rule');
  });

  it('names every table kind in both languages', () => {
    for (const kind of TABLE_KINDS) {
      expect(KIND_NAMES[kind]?.zh, kind).toBeTruthy();
      expect(KIND_NAMES[kind]?.en, kind).toBeTruthy();
    }
    expect(kindName('en', 'income')).toBe('income');
  });

  it('no user-visible text is written into the components themselves', () => {
    const dir = new URL('../../components/', import.meta.url);
    const files = readdirSync(dir).filter((f) => /\.tsx?$/.test(f) && f !== 'i18n.ts' && !/^AnnotationCard|^annotation-/.test(f));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const code = readFileSync(new URL(file, dir), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      expect(code.match(/[\u3400-\u9fff]+/g), `${file}: Chinese text outside the dictionary`).toBeNull();
      // JSX text: letters between a tag's end and the next tag or expression
      expect(code.match(/>\s*[A-Za-z][^<>{}=;()]*</g), `${file}: English text outside the dictionary`).toBeNull();
      // text attributes a reader sees
      expect(code.match(/\b(title|aria-label|placeholder|alt)="[^"]*[A-Za-z\u3400-\u9fff][^"]*"/g), `${file}: attribute text outside the dictionary`).toBeNull();
    }
  });
});
