import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { auditDocument } from '../../lib/audit';
import { loadPage } from '../helpers/seeds';
import { ROOT, serveFixtures, until } from './harness';

/**
 * The Firefox build (.output/firefox-mv2) in Debian's Firefox ESR, driven over WebDriver BiDi
 * (puppeteer-core: Playwright only drives its own patched Firefox). The extension is installed
 * as a temporary add-on; pages are served as a site would serve them. What differs from Chromium
 * and is checked here: an MV2 background page that extracts and audits what the content script
 * sends it (structured clone instead of Chrome's JSON, under a page's strict CSP too), and the
 * overlay drawn in Gecko.
 */

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const EXTENSION = join(ROOT, '.output', 'firefox-mv2');
const SEED_004 = 'pages/seed-004-xinxiang-fengquan-2023.html';

let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  expect(existsSync(FIREFOX), `${FIREFOX} is missing: apt-get install firefox-esr (or set FIREFOX_PATH)`).toBe(true);
  expect(existsSync(join(EXTENSION, 'manifest.json')), 'build the Firefox target first: npm run build:firefox').toBe(true);
  ({ server, base } = await serveFixtures());
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
  expect(await browser.installExtension(EXTENSION)).toBe('budget-lens@budget-lens.invalid');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

type Opened = { page: Page; errors: string[]; warnings: string[] };

async function open(path: string): Promise<Opened> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const warnings: string[] = [];
  page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
  page.on('console', (m) => {
    if (m.type() === 'warn' || m.type() === 'error') warnings.push(m.text());
  });
  await page.goto(`${base}/${path}`);
  return { page, errors, warnings };
}

type Overlay = { ready: boolean; boxes: number; markers: Array<{ severity: string | null; label: string | null }> } | null;

/** What the overlay shows (read through its open shadow root), or null when the page has none. */
const overlay = (page: Page): Promise<Overlay> =>
  page.evaluate(() => {
    const host = document.querySelector('[data-budget-lens=host]');
    const root = host?.shadowRoot;
    if (!root) return null;
    return {
      ready: root.querySelector('.layer')?.getAttribute('data-state') === 'ready',
      boxes: root.querySelectorAll('.box.target').length,
      markers: Array.from(root.querySelectorAll('button.marker'), (m) => ({ severity: m.getAttribute('data-severity'), label: m.getAttribute('aria-label') })),
    };
  });

const drawn = (page: Page) => until(() => overlay(page), (o) => o !== null && o.ready && o.markers.length > 0, 30_000);

describe('the Firefox build in Firefox ESR', () => {
  it('audits a seed page: the overlay marks the error findings the Node engine reports', async () => {
    const { page, errors, warnings } = await open(SEED_004);
    const o = await drawn(page);
    expect(o?.ready).toBe(true);
    const errorMessages = auditDocument(loadPage(SEED_004))
      .findings.filter((f) => f.severity === 'error')
      .map((f) => f.message.zh);
    expect(errorMessages.length).toBeGreaterThan(0);
    const errorMarkers = o!.markers.filter((m) => m.severity === 'error');
    expect(errorMarkers.length).toBeGreaterThan(0);
    // every error marker speaks for an error the engine found (its first finding's message)
    for (const m of errorMarkers) expect(errorMessages.some((msg) => m.label?.startsWith(`错误：${msg}`)), String(m.label)).toBe(true);
    expect(o!.boxes).toBeGreaterThanOrEqual(errorMarkers.length);

    // the card: a click on a marker shows what was compared
    await page.evaluate(() => (document.querySelector('[data-budget-lens=host]')!.shadowRoot!.querySelector('button.marker[data-severity="error"]') as HTMLButtonElement).click());
    const card = await until(
      () => page.evaluate(() => document.querySelector('[data-budget-lens=host]')?.shadowRoot?.querySelector('.card:not([hidden])')?.textContent ?? null),
      (t) => t !== null,
      10_000,
    );
    expect(card).toMatch(/应为|相差|≠/);
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => w.includes('Budget Lens'))).toEqual([]);
    await page.close();
  });

  it('audits under a strict Content-Security-Policy too', async () => {
    const { page, errors, warnings } = await open('hostile/csp.html');
    const o = await drawn(page);
    expect(o?.markers.some((m) => m.severity === 'error')).toBe(true);
    // Firefox reports its own favicon request, which the page's policy blocks; nothing else may be
    expect(errors.filter((e) => !/favicon\.ico/.test(e))).toEqual([]);
    expect(warnings.filter((w) => w.includes('Budget Lens'))).toEqual([]);
    await page.close();
  });

  it('leaves a page without budget tables alone: no overlay, the page untouched', async () => {
    const { page, errors } = await open('negative/news-calendar.html');
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await overlay(page)).toBeNull();
    expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });
});
