import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { auditDocument } from '../../lib/audit';
import type { Finding } from '../../lib/model/finding';
import { parsePageJson } from '../../lib/report/page-report';
import { loadPage } from '../helpers/seeds';
import { ARTIFACTS_DIR, badgeText, launchWithExtension, serveFixtures, tabIdOf, until, type ExtensionBrowser } from './harness';

/** The slice of the chrome.* API the tests evaluate inside the extension's service worker. */
declare const chrome: { windows: { create(d: { url: string; type: string; width: number; height: number; focused: boolean }): Promise<{ id?: number }> } };

const SEED = 'pages/seed-004-xinxiang-fengquan-2023.html';

let server: Server;
let base: string;
let ext: ExtensionBrowser;
/** what the Node engine finds on the same page */
const engine = auditDocument(loadPage(SEED));
const doc = loadPage(SEED);
const bySeverity = (s: Finding['severity']) => engine.findings.filter((f) => f.severity === s);

beforeAll(async () => {
  ({ server, base } = await serveFixtures());
  ext = await launchWithExtension();
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
});

afterAll(async () => {
  await ext?.close();
  await new Promise((ok) => server?.close(ok));
});

/** A seed page, audited by the extension (its badge is up). */
async function openSeed(): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await page.goto(`${base}/${SEED}`);
  const tabId = await tabIdOf(ext.worker, page);
  await until(() => badgeText(ext.worker, tabId), (t) => t !== '');
  return { page, tabId };
}

/**
 * The popup as a page, chrome-extension://ID/popup.html?tabId=N. In a window of its own so that
 * the audited page stays the visible tab of its window (a hidden tab runs no animation frames).
 */
async function openPopup(tabId: number, ownWindow = false): Promise<Page> {
  const url = `chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`;
  let popup: Page;
  if (ownWindow) {
    const opened = ext.context.waitForEvent('page', (p) => p.url() === url);
    await ext.worker.evaluate((u: string) => chrome.windows.create({ url: u, type: 'popup', width: 480, height: 700, focused: false }), url);
    popup = await opened;
  } else {
    popup = await ext.context.newPage();
    watchErrors(popup);
    await popup.goto(url);
  }
  await popup.waitForSelector('main[data-phase="ready"]');
  return popup;
}

/** Console errors and uncaught exceptions of extension pages (a refused eval would show here). */
const pageErrors: string[] = [];
function watchErrors(p: Page): void {
  p.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`${p.url()}: ${m.text()}`);
  });
  p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
}

const listedIds = (popup: Page) => popup.locator('li.finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding-id') ?? ''));

describe('the popup over a served seed page', () => {
  it('lists the findings the Node engine reports, with the page summary, grouped by table and rule', async () => {
    const { page, tabId } = await openSeed();
    const popup = await openPopup(tabId);

    expect((await listedIds(popup)).sort()).toEqual(engine.findings.map((f) => f.id).sort());
    expect(await popup.locator('li.finding.error').count()).toBe(bySeverity('error').length);

    // summary: what was read from the page
    expect(await popup.locator('[data-fact="department"]').textContent()).toBe(doc.department);
    expect(await popup.locator('[data-fact="year"]').textContent()).toBe(String(doc.year));
    expect(await popup.locator('[data-fact="unit"]').textContent()).toBe(doc.unit);
    expect(await popup.locator('.tables-found').textContent()).toContain(String(doc.tables.length));
    const kinds = await popup.locator('.kind-list li').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds.sort()).toEqual([...new Set(doc.tables.map((t) => t.kind))].sort());
    for (const s of ['error', 'warning', 'rounding'] as const) expect(await popup.locator(`button[data-filter="${s}"]`).textContent()).toContain(String(bySeverity(s).length));

    // grouped: each table's section holds exactly the findings that point into it, by rule
    for (const t of doc.tables) {
      const expected = engine.findings.filter((f) => (f.target?.type === 'cell' || f.target?.type === 'table') && f.target.table === t.id);
      const section = popup.locator(`section.table-group[data-table="${t.id}"]`);
      if (!expected.length) {
        expect(await section.count()).toBe(0);
        continue;
      }
      expect((await section.locator('li.finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding-id')))).sort()).toEqual(expected.map((f) => f.id).sort());
      const rules = await section.locator('section.rule-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
      expect(rules).toEqual([...new Set(expected.map((f) => f.rule))]);
    }
    expect(pageErrors).toEqual([]);
    await popup.setViewportSize({ width: 440, height: 600 });
    await popup.screenshot({ path: join(ARTIFACTS_DIR, 'popup.png') });
    await popup.close();
    await page.close();
  });

  it('filters by severity', async () => {
    const { page, tabId } = await openSeed();
    const popup = await openPopup(tabId);
    for (const s of ['error', 'warning', 'rounding'] as const) {
      await popup.click(`button[data-filter="${s}"]`);
      expect(await popup.locator(`button[data-filter="${s}"]`).getAttribute('aria-pressed')).toBe('true');
      expect((await listedIds(popup)).sort()).toEqual(bySeverity(s).map((f) => f.id).sort());
      expect(await popup.locator(`li.finding:not(.${s})`).count()).toBe(0);
    }
    // pressing the active filter again shows everything
    await popup.click('button[data-filter="rounding"]');
    expect(await popup.locator('li.finding').count()).toBe(engine.findings.length);
    await popup.click('button[data-filter="error"]');
    await popup.click('button[data-filter="all"]');
    expect(await popup.locator('li.finding').count()).toBe(engine.findings.length);
    await popup.close();
    await page.close();
  });

  it('exports the findings: Markdown, CSV and JSON downloads, and a copy to the clipboard', async () => {
    const { page, tabId } = await openSeed();
    const popup = await openPopup(tabId);
    const pageUrl = page.url();
    const pageTitle = await page.title();

    const download = async (format: 'md' | 'csv' | 'json') => {
      await popup.selectOption('#export-format', format);
      const [file] = await Promise.all([popup.waitForEvent('download'), popup.click('button[data-action="download"]')]);
      expect(file.suggestedFilename()).toMatch(new RegExp(`^budget-lens-127\\.0\\.0\\.1-\\d{4}-\\d{2}-\\d{2}-\\d{4}\\.${format}$`));
      return readFileSync((await file.path())!, 'utf8');
    };

    const md = await download('md');
    expect(md).toContain(`- 网页标题 Page title: ${pageTitle}`);
    expect(md).toContain(`- 网址 URL: <${pageUrl}>`);
    expect(md).toMatch(/- 审核时间 Audited at: \d{4}-\d{2}-\d{2}T/);
    expect(md.split('\n').filter((l) => l.startsWith('### '))).toHaveLength(engine.findings.length);
    for (const f of engine.findings) expect(md).toContain(`\`${f.computation.replace(/`/g, "'")}\``);

    const csv = await download('csv');
    expect(csv.startsWith('\ufeffurl,page_title,audited_at,id,rule,severity,')).toBe(true);
    for (const f of engine.findings) expect(csv).toContain(`,${f.id},${f.rule},${f.severity},`);

    const json = await download('json');
    const report = parsePageJson(json);
    expect(report?.url).toBe(pageUrl);
    expect(report?.findings.map((f) => f.id)).toEqual(engine.findings.map((f) => f.id));

    // copy: what lands on the clipboard is the export, without the CSV's byte-order mark. The
    // extension page may write but not read it: the served page (granted clipboard-read) reads.
    await ext.context.grantPermissions(['clipboard-read'], { origin: base });
    const clipboard = async () => {
      await page.bringToFront();
      const text = await page.evaluate(() => navigator.clipboard.readText());
      await popup.bringToFront();
      return text;
    };
    await popup.selectOption('#export-format', 'csv');
    await popup.click('button[data-action="copy"]');
    // the download's notice may still be showing: wait for the copy's own (or a failure) to replace it
    const notice = await until(
      () => popup.locator('p.notice').textContent(),
      (t) => !!t && !t.startsWith('已下载'),
    );
    expect(notice).toBe('已复制到剪贴板');
    const copied = await clipboard();
    expect(copied.startsWith('url,page_title,')).toBe(true);
    expect(copied).toBe(csv.slice(1));
    await popup.selectOption('#export-format', 'md');
    await popup.click('button[data-action="copy"]');
    const copiedMd = await until(clipboard, (t) => t.startsWith('# '));
    expect(copiedMd).toContain(`- 网址 URL: <${pageUrl}>`);
    await popup.close();
    await page.close();
  });

  it('a click on a finding scrolls the page to its cell and flashes it', async () => {
    const { page, tabId } = await openSeed();
    const popup = await openPopup(tabId, true);
    // a finding far down the page: a stated figure in the last table with findings
    const target = [...engine.findings].reverse().find((f) => f.target?.type === 'cell' && f.stated !== null)!;
    const before = await page.evaluate(() => window.scrollY);
    await popup.locator(`li.finding[data-finding-id="${target.id}"]`).click();

    const scrolled = await until(() => page.evaluate(() => window.scrollY), (y) => y !== before, 10_000);
    expect(scrolled).not.toBe(before);
    // the flashed cell: inside the viewport, and the page's cell under it prints the stated figure
    const cell = await until(
      () =>
        page.evaluate((id: string) => {
          const root = document.querySelector('[data-budget-lens=host]')?.shadowRoot;
          const box = root ? [...root.querySelectorAll<HTMLElement>('[data-flash]')].find((b) => b.getAttribute('data-flash') === id) : undefined;
          if (!box) return null;
          const r = box.getBoundingClientRect();
          const under = document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2).find((e) => e.tagName === 'TD' || e.tagName === 'TH');
          return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, vw: window.innerWidth, vh: window.innerHeight, text: under?.textContent ?? null };
        }, target.id),
      (v) => v !== null,
      10_000,
    );
    expect(cell, 'no flashed cell for the finding').not.toBeNull();
    expect(cell!.top).toBeGreaterThanOrEqual(0);
    expect(cell!.bottom).toBeLessThanOrEqual(cell!.vh);
    expect(cell!.left).toBeGreaterThanOrEqual(0);
    expect(cell!.right).toBeLessThanOrEqual(cell!.vw);
    expect(cell!.text?.replace(/[\s,，]/g, '')).toBe(target.stated);

    // Enter on a focused finding does the same
    const other = engine.findings.find((f) => f.target?.type === 'cell' && f.stated !== null && f.id !== target.id)!;
    await popup.locator(`li.finding[data-finding-id="${other.id}"]`).focus();
    await popup.keyboard.press('Enter');
    const y = await until(() => page.evaluate(() => window.scrollY), (v) => v !== scrolled, 10_000);
    expect(y).not.toBe(scrolled);
    await popup.close();
    await page.close();
  });

  it('switches the page highlights off and on', async () => {
    const { page, tabId } = await openSeed();
    const popup = await openPopup(tabId, true);
    const boxes = () => page.evaluate(() => document.querySelector('[data-budget-lens=host]')?.shadowRoot?.querySelector('.layer')?.getAttribute('data-mode') ?? 'none');
    const toggle = popup.locator('input[data-action="highlights"]');
    expect(await toggle.isChecked()).toBe(true);
    expect(await until(boxes, (m) => m === 'all')).toBe('all');
    await toggle.uncheck();
    expect(await until(boxes, (m) => m !== 'all')).not.toBe('all');
    // the popup remembers the page's state when it opens again
    await popup.close();
    const again = await openPopup(tabId, true);
    expect(await again.locator('input[data-action="highlights"]').isChecked()).toBe(false);
    await again.locator('input[data-action="highlights"]').check();
    expect(await until(boxes, (m) => m === 'all')).toBe('all');
    await again.close();
    await page.close();
  });
});

describe('auto-run off, language, and pages without the content script', () => {
  it('the options page saves; the popup then speaks English and audits on demand', async () => {
    const options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
    await options.waitForSelector('form.options[data-loaded="true"]');
    expect(await options.locator('h1').textContent()).toBe('预算透镜设置');
    await options.check('input[name="autoRun"][value="never"]');
    await options.check('input[name="language"][value="en"]');
    expect(await options.locator('h1').textContent()).toBe('Budget Lens settings');
    await options.check('input[name="tolerance"][value="strict"]');
    await options.click('button[type="submit"]');
    await options.waitForSelector('.status:not(:empty)');
    const stored = await ext.worker.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get('settings'));
    expect(stored.settings).toMatchObject({ autoRun: 'never', language: 'en', tolerance: 'strict' });

    // a new page is not audited by itself now
    const page = await ext.context.newPage();
    await page.goto(`${base}/${SEED}`);
    const tabId = await tabIdOf(ext.worker, page);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await badgeText(ext.worker, tabId)).toBe('');

    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
    await popup.waitForSelector('main[data-phase="not-audited"]');
    expect(await popup.locator('h1').textContent()).toBe('Budget Lens');
    expect(await popup.locator('button[data-action="audit-now"]').textContent()).toBe('Audit this page');
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('en');
    await popup.click('button[data-action="audit-now"]');
    await popup.waitForSelector('main[data-phase="ready"]');
    // strict tolerance: the engine with the same policy
    const strict = auditDocument(loadPage(SEED), { tolerance: 'strict' });
    expect((await listedIds(popup)).sort()).toEqual(strict.findings.map((f) => f.id).sort());
    expect(await popup.locator('button[data-filter="error"]').textContent()).toBe(`Errors ${strict.findings.filter((f) => f.severity === 'error').length}`);
    expect(await until(() => badgeText(ext.worker, tabId), (t) => t !== '')).toBe(String(strict.findings.filter((f) => f.severity === 'error').length));

    // switching back in the options re-renders the open popup in Chinese
    await options.check('input[name="language"][value="zh"]');
    await options.check('input[name="autoRun"][value="everywhere"]');
    await options.check('input[name="tolerance"][value="standard"]');
    await options.click('button[type="submit"]');
    await popup.waitForFunction(() => document.querySelector('h1')?.textContent === '预算透镜');
    expect(await popup.locator('button[data-action="audit-again"]').textContent()).toBe('重新审核');
    await popup.close();
    await page.close();
    await options.close();
  });

  it('on a page whose tables do not look like budget tables: not audited, says why, and audits on demand', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${base}/negative/news-calendar.html`);
    const tabId = await tabIdOf(ext.worker, page);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await badgeText(ext.worker, tabId)).toBe('');
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
    await popup.waitForSelector('main[data-phase="not-audited"]');
    expect(await popup.locator('main .empty p').first().textContent()).toContain('没有看起来像预算表的表格');
    await popup.click('button[data-action="audit-now"]');
    await popup.waitForSelector('main[data-phase="ready"]');
    expect(await popup.locator('main').textContent()).toContain('此页面未发现预算表格。');
    expect(await badgeText(ext.worker, tabId)).toBe('');
    await popup.close();
    await page.close();
  });

  it('says clearly when the page has no content script (opened before the extension, or a browser page)', async () => {
    const page = await ext.context.newPage();
    await page.goto('about:blank');
    const tabId = await tabIdOf(ext.worker, page);
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
    await popup.waitForSelector('main[data-phase="unreachable"]');
    expect(await popup.locator('.unreachable').textContent()).toContain('请刷新页面');
    await popup.close();
    await page.close();
  });
});
