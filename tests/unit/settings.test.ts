import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings, shouldAutoRun, type Settings } from '../../lib/settings';
import { parseSites } from '../../components/Options';

const settings = (over: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...over });

describe('parseSettings', () => {
  it('defaults: standard tolerance, audit everywhere, no sites, Chinese, highlights on', () => {
    expect(DEFAULT_SETTINGS).toEqual({ tolerance: 'standard', autoRun: 'everywhere', sites: [], language: 'zh', annotate: true });
  });

  it('nothing or something that is not an object → the defaults', () => {
    for (const input of [undefined, null, 'en', 42, true, []]) expect(parseSettings(input)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps every valid field', () => {
    const s: Settings = { tolerance: 'strict', autoRun: 'listed', sites: ['.gov.cn', 'example.org'], language: 'en', annotate: false };
    expect(parseSettings(s)).toEqual(s);
  });

  it('a damaged field falls back alone; the others are kept', () => {
    expect(parseSettings({ tolerance: 'loose', autoRun: 'never', language: 'en' })).toEqual(settings({ autoRun: 'never', language: 'en' }));
    expect(parseSettings({ tolerance: 'strict', autoRun: 7, sites: ['a.gov.cn'] })).toEqual(settings({ tolerance: 'strict', sites: ['a.gov.cn'] }));
    expect(parseSettings({ sites: 'a.gov.cn', language: 'fr', annotate: 'yes' })).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ sites: ['ok.gov.cn', 3], annotate: false })).toEqual(settings({ annotate: false }));
  });

  it('ignores unknown fields (settings of an older or newer version)', () => {
    expect(parseSettings({ language: 'en', theme: 'dark' })).toEqual(settings({ language: 'en' }));
  });
});

describe('shouldAutoRun', () => {
  const gov = 'https://czj.beijing.gov.cn/zwgk/yjs/2024.html';
  const other = 'https://www.example.com/budget.html';
  const file = 'file:///home/me/saved.html';

  it('everywhere: any page with a URL', () => {
    for (const url of [gov, other, file]) expect(shouldAutoRun(settings({ autoRun: 'everywhere' }), url)).toBe(true);
  });

  it('never: no page (only on demand)', () => {
    for (const url of [gov, other, file]) expect(shouldAutoRun(settings({ autoRun: 'never' }), url)).toBe(false);
  });

  it('gov-sites: .gov.cn and its subdomains, and saved files', () => {
    const s = settings({ autoRun: 'gov-sites' });
    expect(shouldAutoRun(s, gov)).toBe(true);
    expect(shouldAutoRun(s, 'http://gov.cn/')).toBe(true);
    expect(shouldAutoRun(s, 'https://WWW.MOF.GOV.CN/x')).toBe(true);
    expect(shouldAutoRun(s, file)).toBe(true);
    expect(shouldAutoRun(s, other)).toBe(false);
    expect(shouldAutoRun(s, 'https://notgov.cn/')).toBe(false);
    expect(shouldAutoRun(s, 'https://gov.cn.example.com/')).toBe(false);
  });

  it('listed: exact hosts, their subdomains, and dotted suffixes', () => {
    const s = settings({ autoRun: 'listed', sites: ['example.com', '.beijing.gov.cn', '  *.hebei.gov.cn ', ''] });
    expect(shouldAutoRun(s, other)).toBe(true);
    expect(shouldAutoRun(s, 'https://example.com/')).toBe(true);
    expect(shouldAutoRun(s, gov)).toBe(true);
    expect(shouldAutoRun(s, 'https://czt.hebei.gov.cn/')).toBe(true);
    expect(shouldAutoRun(s, 'https://badexample.com/')).toBe(false);
    expect(shouldAutoRun(s, 'https://www.mof.gov.cn/')).toBe(false);
    expect(shouldAutoRun(s, file)).toBe(false);
    expect(shouldAutoRun(settings({ autoRun: 'listed', sites: [] }), other)).toBe(false);
  });

  it('a URL that does not parse is never audited by itself', () => {
    expect(shouldAutoRun(settings({ autoRun: 'everywhere' }), 'not a url')).toBe(false);
  });
});

describe('the options page’s site list', () => {
  it('one site per line (commas and spaces also separate), trimmed, lower case, no duplicates', () => {
    expect(parseSites(' czj.Beijing.gov.cn \n\n.gov.cn, example.com  example.com\r\nA.b；c.d')).toEqual(['czj.beijing.gov.cn', '.gov.cn', 'example.com', 'a.b', 'c.d']);
    expect(parseSites('   \n ')).toEqual([]);
  });
});
