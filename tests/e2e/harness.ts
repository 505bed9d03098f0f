import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');
export const ARTIFACTS_DIR = join(ROOT, 'tests', 'artifacts');
const FIXTURES = join(ROOT, 'tests', 'fixtures');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The slice of the chrome.* API the tests evaluate inside the extension's service worker. */
declare const chrome: {
  tabs: { query(q: object): Promise<Array<{ id?: number }>>; sendMessage(tabId: number, message: unknown): Promise<unknown> };
  action: { getBadgeText(d: { tabId: number }): Promise<string> };
};

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.pdf': 'application/pdf' };

/** Serve tests/fixtures on 127.0.0.1 (a random port) the way a government site would serve them. */
export async function serveFixtures(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = normalize(join(FIXTURES, decodeURIComponent(url.pathname)));
    if (!path.startsWith(FIXTURES) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, base: `http://127.0.0.1:${port}` };
}

export type ExtensionBrowser = { context: BrowserContext; worker: Worker; extensionId: string; close: () => Promise<void> };

/** Debian's Chromium, headless, with the built extension loaded (`npm run build` first). */
export async function launchWithExtension(): Promise<ExtensionBrowser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`no built extension in ${EXTENSION_DIR}: run npm run build`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'budget-lens-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The id Chromium gave the tab showing `page`: the extension has no "tabs" permission (it sees no
 * URLs), so the page is brought to the front and the active tab is asked for.
 */
export async function tabIdOf(worker: Worker, page: Page): Promise<number> {
  await page.bringToFront();
  const id = await worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id ?? null;
  });
  if (id === null) throw new Error(`no tab for ${page.url()}`);
  return id;
}

export async function badgeText(worker: Worker, tabId: number): Promise<string> {
  return worker.evaluate((id: number) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** Poll until `ok(value)`; returns the last value either way (the assertion that follows says what was wrong). */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, everyMs));
    value = await read();
  }
  return value;
}

/**
 * Send a message to the content script of a tab from the extension's service worker (as the popup
 * does). A tab without a content script answers `{ unreachable: reason }`.
 */
export function tellTab(worker: Worker, tabId: number, message: unknown): Promise<unknown> {
  return worker.evaluate(
    ([id, m]) => chrome.tabs.sendMessage(id as number, m).catch((e: unknown) => ({ unreachable: String(e) })),
    [tabId, message] as const,
  );
}
