import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { RULES } from '../../lib/audit';
import { loadPage } from '../helpers/seeds';

const rulesDir = new URL('../../lib/audit/rules/', import.meta.url);
const ruleFiles = readdirSync(rulesDir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));

describe('the rule registry', () => {
  it('registers every rule file exactly once, under the id that is its file name', () => {
    expect(RULES.map((r) => r.id).sort()).toEqual([...ruleFiles].sort());
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  describe.each(RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    it('has a title and a description in Chinese and English', () => {
      for (const text of [rule.title.zh, rule.title.en, rule.description.zh, rule.description.en]) expect(text.trim().length).toBeGreaterThan(3);
    });

    it('has a fixture where it fires and one where it stays silent', () => {
      const fires = `rules/${id}-fires.html`;
      const silent = `rules/${id}-silent.html`;
      expect(existsSync(new URL(`../fixtures/${fires}`, import.meta.url))).toBe(true);
      expect(existsSync(new URL(`../fixtures/${silent}`, import.meta.url))).toBe(true);
      const options = { tolerance: 'standard' as const };
      const fired = rule.run({ doc: loadPage(fires), options }).findings;
      const quiet = rule.run({ doc: loadPage(silent), options }).findings;
      expect(fired.length, `${id} should fire on ${fires}`).toBeGreaterThan(0);
      expect(fired.every((f) => f.rule === id)).toBe(true);
      expect(quiet, `${id} should stay silent on ${silent}`).toEqual([]);
    });
  });
});
