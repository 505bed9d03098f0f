import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Request, type Worker } from 'playwright-core';
import type { PageReport } from '../../lib/messages';
import { negativePages, SEED_PAGES } from '../helpers/seeds';
import { EXTENSION_DIR, ROOT, until } from './harness';

/**
 * "The extension makes no network request": every request of a browsing session is recorded three
 * ways — Playwright's request events (pages, frames, the popup and the extension's service worker),
 * the fixture server's own log, and Chromium's NetLog (every URL request of the whole browser, with
 * the origin that initiated it) — while pages are audited, annotated, revealed, toggled and shown
 * in the popup. The same pages are then loaded in a Chromium without the extension: the page's own
 * requests must be exactly the same, and nothing may come from the extension. A request made on
 * purpose from the service worker first shows that each recorder does see the extension's requests.
 */

/** The slice of chrome.* evaluated inside the extension's service worker. */
declare const chrome: {
  tabs: { query(q: object): Promise<Array<{ id?: number }>>; sendMessage(tabId: number, message: unknown): Promise<unknown> };
  storage: { local: { set(items: object): Promise<void>; remove(key: string): Promise<void> } };
};

const FIXTURES = join(ROOT, 'tests', 'fixtures');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PAGES = [...Object.values(SEED_PAGES).map((f) => `pages/${f}`), ...negativePages(), 'hostile/payload-text.html', 'hostile/iframes.html', 'hostile/csp.html'];
/** the request made on purpose, from the extension, to check the recorders */
const CONTROL = '/control-from-the-extension';

let server: Server;
let base: string;
/** every request the fixture server received, per browser session */
let hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    hits.push(`${req.method} ${url.pathname}`);
    const path = resolve(FIXTURES, `.${decodeURIComponent(url.pathname)}`);
    if (!path.startsWith(FIXTURES) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': extname(path) === '.html' ? 'text/html; charset=utf-8' : 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise((ok) => server?.close(ok));
});

type NetRequest = { url: string; initiator: string; isolation: string; method: string };
type Recorded = { requests: Array<{ url: string; serviceWorker: boolean; frame: string | null }>; hits: string[]; netlog: NetRequest[] };

/** Every URL request in a NetLog file (URL_REQUEST_START_JOB: the URL, the initiating origin, the isolation key). */
function readNetLog(file: string): NetRequest[] {
  let text = readFileSync(file, 'utf8').trim();
  // a log cut short (the browser killed) ends inside the event list
  if (!text.endsWith('}')) text = `${text.replace(/,\s*$/, '')}]}`;
  const log = JSON.parse(text) as { constants: { logEventTypes: Record<string, number> }; events: Array<{ type: number; params?: Record<string, unknown> }> };
  const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events
    .filter((e) => e.type === start && typeof e.params?.url === 'string')
    .map((e) => ({
      url: String(e.params!.url),
      initiator: String(e.params!.initiator ?? ''),
      isolation: String(e.params!.network_isolation_key ?? ''),
      method: String(e.params!.method ?? ''),
    }));
}

const isNetwork = (url: string) => /^(https?|wss?|ftp):/i.test(url);

async function session(withExtension: boolean, run: (context: BrowserContext, worker: Worker | null, extensionId: string | null) => Promise<void>): Promise<Recorded> {
  const dir = mkdtempSync(join(tmpdir(), 'budget-lens-network-'));
  const netlog = join(dir, 'netlog.json');
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--log-net-log=${netlog}`,
    '--net-log-capture-mode=Default',
  ];
  if (withExtension) args.unshift(`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`);
  hits = [];
  const requests: Recorded['requests'] = [];
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 }, args });
  try {
    context.on('request', (r: Request) => {
      let frame: string | null = null;
      try {
        frame = r.frame().url();
      } catch {
        frame = null; // a service worker's request has no frame
      }
      requests.push({ url: r.url(), serviceWorker: r.serviceWorker() !== null, frame });
    });
    let worker: Worker | null = null;
    let extensionId: string | null = null;
    if (withExtension) {
      worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
      extensionId = new URL(worker.url()).host;
    }
    await run(context, worker, extensionId);
  } finally {
    await context.close();
  }
  const recorded = { requests, hits: [...hits], netlog: readNetLog(netlog) };
  rmSync(dir, { recursive: true, force: true });
  return recorded;
}

const isReport = (v: unknown): v is PageReport => v !== null && typeof v === 'object' && 'status' in v && 'findings' in v;

describe('network', () => {
  it(
    'auditing, annotating and the popup make no request: the pages make exactly the requests they make without the extension',
    async () => {
      let extensionId = '';
      const withExtension = await session(true, async (context, worker, id) => {
        extensionId = id!;
        const sw = worker!;
        // the control: a request from the extension's service worker, which every recorder must see
        expect(await sw.evaluate((url) => fetch(url).then((r) => r.status), `${base}${CONTROL}`)).toBe(404);

        const tell = (tabId: number, message: object) => sw.evaluate(([t, m]) => chrome.tabs.sendMessage(t as number, m).catch(() => null), [tabId, message] as const);
        for (const path of PAGES) {
          const page = await context.newPage();
          await page.goto(`${base}/${path}`);
          await page.bringToFront();
          const tabId = await sw.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id ?? -1);
          let report = await until(() => tell(tabId, { type: 'get-page-report' }), isReport, path.startsWith('negative/') ? 3_000 : 20_000);
          // a page whose tables do not pass the screen is not audited until the user asks (the
          // popup's button): ask, so that the engine is loaded on every page
          if (!isReport(report)) report = await tell(tabId, { type: 'audit-now' });
          expect(isReport(report), `${path}: no report`).toBe(true);
          const r = report as PageReport;
          if (r.findings.length) {
            // everything the page's UI can do: reveal (scroll, flash, card), highlights off and on
            expect(await tell(tabId, { type: 'reveal', findingId: r.findings[0]!.id })).toBe(true);
            expect(await tell(tabId, { type: 'set-annotations', enabled: false })).toBe(true);
            expect(await tell(tabId, { type: 'set-annotations', enabled: true })).toBe(true);
            await page.locator('[data-budget-lens=host] .layer[data-state="ready"]').waitFor({ state: 'attached', timeout: 20_000 });
            await page.locator('[data-budget-lens=host] button.marker').first().click();
          }
          // the popup on this tab
          const popup = await context.newPage();
          await popup.goto(`chrome-extension://${id}/popup.html?tabId=${tabId}`);
          await popup.waitForSelector('main[data-phase="ready"]', { timeout: 20_000 });
          await popup.close();
          await page.close();
        }
        // the settings change (every open page follows it): language, tolerance
        const page = await context.newPage();
        await page.goto(`${base}/${PAGES[4]}`);
        await sw.evaluate(() => chrome.storage.local.set({ settings: { language: 'en', tolerance: 'strict' } }));
        await new Promise((r) => setTimeout(r, 2_000));
        await sw.evaluate(() => chrome.storage.local.remove('settings'));
        await new Promise((r) => setTimeout(r, 1_000));
        await page.close();
      });

      const without = await session(false, async (context) => {
        for (const path of [...PAGES, PAGES[4]!]) {
          const page = await context.newPage();
          await page.goto(`${base}/${path}`);
          await page.waitForLoadState('load');
          await new Promise((r) => setTimeout(r, 500));
          await page.close();
        }
      });

      // 1. every recorder saw the control, and it is the extension's only request
      const fromWorker = withExtension.requests.filter((r) => r.serviceWorker);
      expect(fromWorker.map((r) => new URL(r.url).pathname)).toEqual([CONTROL]);
      expect(withExtension.hits.filter((h) => h.endsWith(CONTROL))).toHaveLength(1);
      const byExtension = withExtension.netlog.filter((n) => isNetwork(n.url) && (n.initiator.startsWith('chrome-extension://') || n.isolation.includes('chrome-extension://')));
      expect(byExtension.map((n) => new URL(n.url).pathname)).toEqual([CONTROL]);
      expect(byExtension[0]!.initiator).toBe(`chrome-extension://${extensionId}`);

      // 2. the pages' own requests: the same with and without the extension
      const own = (hits: string[]) => [...new Set(hits.filter((h) => !h.endsWith(CONTROL)))].sort();
      expect(own(withExtension.hits)).toEqual(own(without.hits));
      const pageRequests = (rec: Recorded) => [...new Set(rec.requests.filter((r) => !r.serviceWorker && isNetwork(r.url)).map((r) => r.url))].sort();
      expect(pageRequests(withExtension)).toEqual(pageRequests(without));
      // nothing from a page (or its content script) leaves the fixture server
      for (const r of withExtension.requests) if (isNetwork(r.url)) expect(r.url.startsWith(base), r.url).toBe(true);
      const pageInitiated = (rec: Recorded) =>
        [...new Set(rec.netlog.filter((n) => isNetwork(n.url) && n.initiator.startsWith('http')).map((n) => `${n.initiator} ${n.method} ${n.url}`))].sort();
      expect(pageInitiated(withExtension)).toEqual(pageInitiated(without));

      // 3. what else the browser fetched by itself (its own services, with no page or extension as initiator)
      const other = withExtension.netlog.filter((n) => isNetwork(n.url) && !n.url.startsWith(base));
      for (const n of other) expect(`${n.initiator} ${n.url}`).toMatch(/^not an origin /);
    },
    300_000,
  );
});
