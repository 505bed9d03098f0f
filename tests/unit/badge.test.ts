import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PageReport } from '../../lib/messages';
import type { Finding, Severity } from '../../lib/model/finding';
import { badgeFor } from '../../lib/report/badge';

// the extension code imports `browser` from wxt/browser: give it WXT's in-memory fake
vi.mock('wxt/browser', async () => ({ browser: (await import('wxt/testing/fake-browser')).fakeBrowser }));

const finding = (severity: Severity, n: number): Finding => ({
  id: `row-sum@t1:${n}:1`,
  rule: 'row-sum',
  severity,
  message: { zh: '差', en: 'off' },
  stated: '1.00',
  expected: '2.00',
  difference: '-1.00',
  tolerance: '0.01',
  unit: '万元',
  target: { type: 'cell', table: 't1', row: n, column: 1 },
  operands: [],
  computation: '1.00 ≠ 2.00',
});

function report(severities: Severity[], over: Partial<PageReport> = {}): PageReport {
  return {
    url: 'https://czj.example.gov.cn/yusuan.html',
    pageTitle: '部门预算',
    department: '某局',
    year: 2024,
    unit: '万元',
    tables: [
      { id: 't1', kind: 'income-expense-summary', title: '收支总表', unit: '万元', rows: 10, columns: 4 },
      { id: 't2', kind: 'expense', title: '支出总表', unit: '万元', rows: 12, columns: 8 },
    ],
    findings: severities.map((s, i) => finding(s, i)),
    checks: [],
    skipped: [],
    auditedAt: '2024-05-06T07:08:09.000Z',
    status: 'audited',
    error: null,
    ...over,
  };
}

const RED = '#c62828';
const ORANGE = '#ef6c00';
const GREEN = '#2e7d32';
const BLUE = '#1565c0';

describe('badgeFor', () => {
  it('the number of errors in red, whatever else there is', () => {
    expect(badgeFor(report(['error', 'warning', 'error', 'rounding']))).toMatchObject({ text: '2', color: RED });
    expect(badgeFor(report(Array<Severity>(1234).fill('error'))).text).toBe('999+');
  });

  it('"!" in orange for warnings only', () => {
    expect(badgeFor(report(['warning', 'rounding']))).toMatchObject({ text: '!', color: ORANGE });
  });

  it('"✓" when audited clean: green, blue when rounding notes are all there is', () => {
    expect(badgeFor(report([]))).toMatchObject({ text: '✓', color: GREEN });
    expect(badgeFor(report(['rounding']))).toMatchObject({ text: '✓', color: BLUE });
  });

  it('empty without a report or without budget tables; "?" when the audit failed', () => {
    expect(badgeFor(null)).toEqual({ text: '', color: null, title: '预算透镜' });
    expect(badgeFor(report([], { status: 'no-tables', tables: [] })).text).toBe('');
    expect(badgeFor(report([], { status: 'failed', tables: [], error: 'boom' }))).toMatchObject({ text: '?', color: ORANGE });
  });

  it('the tooltip follows the language setting (Chinese by default)', () => {
    const r = report(['error', 'warning']);
    expect(badgeFor(r).title).toBe('预算透镜：2 张表，1 处错误，1 处提示，0 处舍入差');
    expect(badgeFor(r, 'en').title).toBe('Budget Lens: 2 tables, 1 error, 1 warning, 0 rounding');
    expect(badgeFor(report(['warning', 'warning']), 'en').title).toBe('Budget Lens: 2 tables, no errors, 2 warnings, 0 rounding');
    expect(badgeFor(report([]), 'zh').title).toBe('预算透镜：2 张表，未发现问题');
    expect(badgeFor(report(['rounding']), 'en').title).toBe('Budget Lens: 2 tables, no problems found (1 rounding difference within tolerance)');
    expect(badgeFor(report([], { status: 'failed', error: 'boom' }), 'en').title).toBe('Budget Lens: the audit failed (boom)');
    expect(badgeFor(null, 'en').title).toBe('Budget Lens');
  });
});

describe('the background (WXT fake browser)', () => {
  const TAB = 5;
  const flush = () => new Promise((r) => setTimeout(r, 0));
  const fromTab = (tabId: number, frameId = 0) => ({ tab: { id: tabId }, frameId });
  const tab = (id: number) => ({ id, index: 0, windowId: 0, highlighted: false, active: true, pinned: false, incognito: false });
  const send = (message: unknown, sender: object = {}) => fakeBrowser.runtime.onMessage.trigger(message, sender);
  const badge = async (tabId = TAB) => ({
    text: await fakeBrowser.action.getBadgeText({ tabId }),
    color: await fakeBrowser.action.getBadgeBackgroundColor({ tabId }),
    title: await fakeBrowser.action.getTitle({ tabId }),
  });
  const rgba = (hex: string) => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), 255];
  const getReport = async (tabId = TAB) => (await send({ type: 'get-report', tabId }, {})).find((r) => r !== undefined) ?? null;

  const start = async () => {
    const { default: background } = await import('../../entrypoints/background');
    background.main();
    await flush();
  };

  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it('keeps each tab’s report and shows its badge: errors counted in red', async () => {
    await start();
    const r = report(['error', 'error', 'warning']);
    await send({ type: 'page-report', report: r }, fromTab(TAB));
    expect(await badge()).toEqual({ text: '2', color: rgba(RED), title: '预算透镜：2 张表，2 处错误，1 处提示，0 处舍入差' });
    expect(await getReport()).toEqual(r);
    expect(await getReport(6)).toBeNull();
    expect(await fakeBrowser.action.getBadgeText({ tabId: 6 })).toBe('');
  });

  it('"!" for warnings only, "✓" when clean, nothing for a page without tables', async () => {
    await start();
    await send({ type: 'page-report', report: report(['warning']) }, fromTab(1));
    await send({ type: 'page-report', report: report([]) }, fromTab(2));
    await send({ type: 'page-report', report: report([], { status: 'no-tables', tables: [] }) }, fromTab(3));
    expect((await badge(1)).text).toBe('!');
    expect((await badge(1)).color).toEqual(rgba(ORANGE));
    expect((await badge(2)).text).toBe('✓');
    expect((await badge(2)).color).toEqual(rgba(GREEN));
    expect((await badge(3)).text).toBe('');
  });

  it('ignores reports from frames and from outside tabs, and messages that do not parse', async () => {
    await start();
    await send({ type: 'page-report', report: report(['error']) }, fromTab(TAB, 3));
    await send({ type: 'page-report', report: report(['error']) }, {});
    await send({ type: 'page-report', report: { url: 1 } }, fromTab(TAB));
    expect((await badge()).text).toBe('');
    expect(await getReport()).toBeNull();
  });

  it('clears the tab when it navigates, and forgets it when it closes', async () => {
    await start();
    await send({ type: 'page-report', report: report(['error']) }, fromTab(TAB));
    expect((await badge()).text).toBe('1');
    await fakeBrowser.tabs.onUpdated.trigger(TAB, { status: 'loading', url: 'https://elsewhere.gov.cn/' }, tab(TAB));
    await flush();
    expect((await badge()).text).toBe('');
    expect((await badge()).title).toBe('预算透镜');
    expect(await getReport()).toBeNull();

    await send({ type: 'page-report', report: report(['warning']) }, fromTab(TAB));
    await fakeBrowser.tabs.onRemoved.trigger(TAB, { windowId: 0, isWindowClosing: false });
    expect(await getReport()).toBeNull();
  });

  it('takes the report back from the page when the tab finished loading without one (frame load, worker restart)', async () => {
    await start();
    const r = report(['error', 'error', 'error']);
    const ask = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(r);
    await fakeBrowser.tabs.onUpdated.trigger(TAB, { status: 'complete' }, tab(TAB));
    await flush();
    expect(ask).toHaveBeenCalledWith(TAB, { type: 'get-page-report' });
    expect(await getReport()).toEqual(r);
    expect((await badge()).text).toBe('3');
  });

  it('stays empty when no content script answers', async () => {
    await start();
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    await fakeBrowser.tabs.onUpdated.trigger(TAB, { status: 'complete' }, tab(TAB));
    await flush();
    expect(await getReport()).toBeNull();
    expect((await badge()).text).toBe('');
  });

  it('writes the tooltips in the language of the settings, and follows a change', async () => {
    await fakeBrowser.storage.local.set({ settings: { language: 'en' } });
    await start();
    expect(await fakeBrowser.action.getTitle({})).toBe('Budget Lens');
    await send({ type: 'page-report', report: report(['error']) }, fromTab(TAB));
    expect((await badge()).title).toBe('Budget Lens: 2 tables, 1 error, 0 warnings, 0 rounding');

    await fakeBrowser.storage.local.set({ settings: { language: 'zh' } });
    await flush();
    expect((await badge()).title).toBe('预算透镜：2 张表，1 处错误，0 处提示，0 处舍入差');
    expect(await fakeBrowser.action.getTitle({})).toBe('预算透镜');
  });
});
