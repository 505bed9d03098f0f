import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { auditDocument } from '../../lib/audit';
import { createLocator } from '../../lib/dom/locate';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import { layoutOf } from '../../lib/report/page-audit';
import { fixture, parseHtml } from '../helpers/dom';
import { loadPage } from '../helpers/seeds';
import { splitAtPageBreaks } from '../helpers/split';
import { htmlWithOneTableInYuan } from '../helpers/units';
import { ARTIFACTS_DIR, badgeText, launchWithExtension, serveFixtures, tabIdOf, until, type ExtensionBrowser } from './harness';

let server: Server;
let base: string;
let ext: ExtensionBrowser;

beforeAll(async () => {
  ({ server, base } = await serveFixtures());
  ext = await launchWithExtension();
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
});

afterAll(async () => {
  await ext?.close();
  await new Promise((ok) => server?.close(ok));
});

async function waitForBadge(tabId: number, predicate: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await badgeText(ext.worker, tabId);
    if (predicate(text)) return text;
    await new Promise((r) => setTimeout(r, 200));
  }
  return text;
}

describe('the built extension in Chromium', () => {
  it('audits a seed page: the badge shows the number of error findings the engine reports', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${base}/pages/seed-004-xinxiang-fengquan-2023.html`);
    const tabId = await tabIdOf(ext.worker, page);
    const expectedErrors = auditDocument(loadPage('pages/seed-004-xinxiang-fengquan-2023.html')).findings.filter((f) => f.severity === 'error').length;
    expect(expectedErrors).toBeGreaterThan(0);
    const text = await waitForBadge(tabId, (t) => t !== '');
    expect(text).toBe(String(expectedErrors));

    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
    await popup.waitForSelector('li.finding');
    expect(await popup.locator('li.finding.error').count()).toBe(expectedErrors);
    await popup.screenshot({ path: join(ARTIFACTS_DIR, 'popup-seed-004.png'), fullPage: true });
    await popup.close();
    await page.close();
  });

  it('a page whose tables run over page breaks (each rest a <table> of its own, without its header): the same errors, each outlined on its cell', async () => {
    const { html, cut } = splitAtPageBreaks(fixture('pages/seed-004-xinxiang-fengquan-2023.html'), false);
    expect(cut).toBeGreaterThan(5);
    const url = `${base}/pages/seed-004-split.html`;
    const page = await ext.context.newPage();
    await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto(url);
    const tabId = await tabIdOf(ext.worker, page);
    // what the engine finds on the page as printed in one piece
    const expectedErrors = auditDocument(loadPage('pages/seed-004-xinxiang-fengquan-2023.html')).findings.filter((f) => f.severity === 'error').length;
    expect(await waitForBadge(tabId, (t) => t !== '')).toBe(String(expectedErrors));

    // and each error on a cell is outlined on that cell, in whichever part of its table it is printed
    const document = parseHtml(html);
    const dom = readDocument(document, url);
    const doc = extractDocument(dom.raw);
    const locator = createLocator(layoutOf(doc), dom);
    const cells = Array.from(document.querySelectorAll('td, th'));
    const errorCells = new Set(
      auditDocument(doc)
        .findings.filter((f) => f.severity === 'error' && f.target?.type === 'cell')
        .flatMap((f) => {
          const el = f.target?.type === 'cell' ? locator.cell(f.target) : null;
          return el ? [cells.indexOf(el)] : [];
        }),
    );
    // (cells of a rest: their table follows the empty paragraph the cut put before it)
    const inRests = [...errorCells].filter((i) => (cells[i]!.closest('table')!.previousElementSibling?.textContent ?? 'x').trim() === '');
    expect(inRests.length).toBeGreaterThan(0);
    await page.locator('[data-budget-lens=host] .layer[data-state="ready"]').waitFor({ state: 'attached', timeout: 20_000 });
    const outlined = await page.evaluate(() => {
      const root = document.querySelector('[data-budget-lens=host]')!.shadowRoot!;
      const cells = Array.from(document.querySelectorAll('td, th'));
      return Array.from(root.querySelectorAll<HTMLElement>('.box.target[data-severity="error"]'))
        .filter((b) => b.getAttribute('data-kind') !== 'text')
        .map((b) => {
          // the cell the box is drawn over (the box has the cell's rectangle, on screen or not)
          const r = b.getBoundingClientRect();
          return cells.findIndex((c) => {
            const q = c.getBoundingClientRect();
            return Math.abs(q.x - r.x) <= 1 && Math.abs(q.y - r.y) <= 1 && Math.abs(q.width - r.width) <= 1 && Math.abs(q.height - r.height) <= 1;
          });
        });
    });
    expect(new Set(outlined)).toEqual(errorCells);
    await page.close();
  });

  it('a table printed in 元 without its unit line among 万元 tables: one warning on the badge and in the popup, not two dozen errors', async () => {
    const html = fixture('pages/seed-000-laishui-2024.html');
    const index = loadPage('pages/seed-000-laishui-2024.html').tables.findIndex((t) => t.title === '部门预算支出总表');
    const page000 = htmlWithOneTableInYuan(html, index, 'dropped')!;
    expect(page000.figures).toBeGreaterThan(40);
    const url = `${base}/pages/seed-000-yuan.html`;
    const page = await ext.context.newPage();
    await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page000.page }));
    await page.goto(url);
    const tabId = await tabIdOf(ext.worker, page);
    // seed-000 as printed raises nothing: only the warning is left
    expect(await waitForBadge(tabId, (t) => t !== '')).toBe('!');
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
    await popup.waitForSelector('li.finding');
    expect(await popup.locator('li.finding.error').count()).toBe(0);
    const warnings = await popup.locator('li.finding.warning').allTextContents();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('「部门预算支出总表」未注明金额单位');
    await popup.close();
    await page.close();
  });

  it('clears the badge when the tab navigates away, and keeps it across a move inside the page', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${base}/pages/seed-004-xinxiang-fengquan-2023.html`);
    const tabId = await tabIdOf(ext.worker, page);
    const errors = await waitForBadge(tabId, (t) => t !== '');
    expect(errors).not.toBe('');
    // a #fragment navigation flags the tab as loading too: the page's report is taken back
    await page.evaluate(() => {
      location.hash = '#table-2';
    });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await waitForBadge(tabId, (t) => t === errors, 5_000)).toBe(errors);
    await page.goto(`${base}/negative/news-calendar.html`);
    expect(await waitForBadge(tabId, (t) => t === '', 5_000)).toBe('');
    await page.close();
  });

  it('leaves a page without budget tables alone: no badge', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${base}/negative/statistics-table.html`);
    const tabId = await tabIdOf(ext.worker, page);
    // the content script reports nothing for such pages; give it time to (wrongly) do so
    const text = await waitForBadge(tabId, (t) => t !== '', 2_500);
    expect(text).toBe('');
    await page.close();
  });

  it('audits after the browser stopped the background worker: it starts again and answers', async () => {
    // extraction and the audit run in the service worker, which Chrome stops after 30 s idle;
    // the next event (the tab's navigation, the page's audit-source message) starts it again
    const options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
    const cdp = await ext.context.newCDPSession(options);
    const status: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => status.push(...e.versions.map((v) => v.runningStatus)));
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await until(async () => status.includes('stopped'), (stopped) => stopped, 10_000);
    expect(status).toContain('stopped');

    const page = await ext.context.newPage();
    await page.goto(`${base}/pages/seed-004-xinxiang-fengquan-2023.html`);
    // the worker that runs now (Playwright may still list the stopped one first)
    const alive = async () => {
      for (const w of [...ext.context.serviceWorkers()].reverse()) if (await w.evaluate(() => true).catch(() => false)) return w;
      return null;
    };
    const worker = await until(alive, (w) => w !== null);
    if (!worker) throw new Error('no running service worker');
    const tabId = await tabIdOf(worker, page);
    const expectedErrors = auditDocument(loadPage('pages/seed-004-xinxiang-fengquan-2023.html')).findings.filter((f) => f.severity === 'error').length;
    expect(await until(() => badgeText(worker, tabId), (t) => t !== '')).toBe(String(expectedErrors));
    // and the page drew the audit the woken worker answered with
    expect(await page.locator('[data-budget-lens=host]').count()).toBe(1);
    ext.worker = worker;
    await cdp.detach();
    await options.close();
    await page.close();
  });
});

