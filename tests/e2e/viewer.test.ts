import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { auditDocument } from '../../lib/audit';
import { extractDocument } from '../../lib/extract';
import { FileReadError, readFile, readPdfPages, type FileReadErrorCode } from '../../lib/files';
import type { BudgetDocument, HeaderNode, RawSource } from '../../lib/model';
import type { Finding, Severity } from '../../lib/model/finding';
import { attachmentLinkPatterns, dispositionName, fetchedFileName, isPdfUrl, parseViewerTarget, viewerQuery } from '../../components/viewer-urls';
import { makeDocx, makeHandPdf, makeXlsx } from '../helpers/files-make';
import { seedHtml } from '../helpers/files-compare';
import { SEED_PAGES } from '../helpers/seeds';
import { ARTIFACTS_DIR, EXTENSION_DIR, ROOT, launchWithExtension, tabIdOf, until, type ExtensionBrowser } from './harness';

/**
 * The attachment viewer (viewer.html) in Chromium with the built extension: seed 004 as a PDF
 * printed by Chromium, as Word and as Excel, opened with the file picker (and by dropping, and
 * from ?url=), must show the tables the Node engine reconstructs (readFile → extractDocument →
 * auditDocument on the same bytes), its findings, and the annotations on the same cells; files
 * that cannot be read say why. `npx wxt build` first.
 */

/** The slice of chrome.* evaluated in the extension's service worker. */
declare const chrome: {
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
  contextMenus: { update(id: string, p: object): Promise<void> };
};

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SEED = SEED_PAGES['004'];
const dir = mkdtempSync(join(tmpdir(), 'budget-lens-viewer-'));
const paths: Record<'pdf' | 'docx' | 'xlsx' | 'scan' | 'encrypted' | 'corrupt' | 'legacyDoc', string> = {
  pdf: join(dir, 'seed-004.pdf'),
  docx: join(dir, 'seed-004.docx'),
  xlsx: join(dir, 'seed-004.xlsx'),
  scan: join(dir, 'scan.pdf'),
  encrypted: join(dir, 'encrypted.pdf'),
  corrupt: join(dir, 'corrupt.pdf'),
  legacyDoc: join(dir, 'old.doc'),
};

type Expected = { raw: RawSource; doc: BudgetDocument; findings: Finding[] };
const expected = new Map<string, Expected>();
let pdfPageCount = 0;

let server: Server;
let base: string;
let ext: ExtensionBrowser;
const pageErrors: string[] = [];

/** Serve the made files: /plain/… as most sites do (no CORS header), /cors/… to any origin. */
async function serveFiles(): Promise<void> {
  const TYPES: Record<string, string> = {
    '.pdf': 'application/pdf',
    '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^\/(plain|cors)\/([\w.-]+)$/.exec(url.pathname);
    const file = m ? join(dir, m[2]!) : null;
    let body: Buffer | null = null;
    try {
      body = file ? readFileSync(file) : null;
    } catch {
      body = null;
    }
    if (!m || !body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file!)] ?? 'application/octet-stream', ...(m[1] === 'cors' ? { 'access-control-allow-origin': '*' } : {}) }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

async function makeFiles(): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage();
  await page.goto(pathToFileURL(join(ROOT, 'tests', 'fixtures', 'pages', SEED)).href);
  writeFileSync(
    paths.pdf,
    await page.pdf({
      format: 'A4',
      landscape: true,
      margin: { top: '15mm', bottom: '15mm', left: '10mm', right: '10mm' },
      displayHeaderFooter: true,
      headerTemplate: '<div style="font-size:8px;width:100%;text-align:center">预算公开 Budget disclosure</div>',
      footerTemplate: '<div style="font-size:9px;width:100%;text-align:center">第 <span class="pageNumber"></span> 页</div>',
    }),
  );
  // a "scan": one picture of a table, no text layer
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0"><canvas id="c" width="1000" height="600"></canvas><script>
    const g = document.getElementById('c').getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, 1000, 600); g.fillStyle = '#000'; g.font = '28px sans-serif';
    g.fillText('2024年部门支出预算表', 300, 60);
    for (let r = 0; r < 8; r++) { g.strokeRect(100, 100 + r * 50, 800, 50); g.fillText('行政运行     58.40     53.40', 120, 135 + r * 50); }
  </script></body></html>`);
  writeFileSync(paths.scan, await page.pdf({ format: 'A4', printBackground: true }));
  await browser.close();
  writeFileSync(paths.docx, await makeDocx(seedHtml('004')));
  writeFileSync(paths.xlsx, await makeXlsx(seedHtml('004')));
  writeFileSync(paths.encrypted, makeHandPdf({ texts: [{ x: 50, y: 700, text: 'secret' }], encrypted: true }));
  writeFileSync(paths.corrupt, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 0x5a)]));
  // an old binary Word file: the OLE compound-file signature
  writeFileSync(paths.legacyDoc, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2000)]));
}

/** What the Node engine gives for the same bytes: readFile → extractDocument → auditDocument. */
async function nodeEngine(path: string): Promise<Expected> {
  const raw = await readFile(new Uint8Array(readFileSync(path)), basename(path));
  const doc = extractDocument(raw);
  return { raw, doc, findings: auditDocument(doc).findings };
}

beforeAll(async () => {
  await makeFiles();
  for (const kind of ['pdf', 'docx', 'xlsx'] as const) expected.set(kind, await nodeEngine(paths[kind]));
  pdfPageCount = (await readPdfPages(new Uint8Array(readFileSync(paths.pdf)))).pages.length;
  await serveFiles();
  ext = await launchWithExtension();
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
}, 180_000);

afterAll(async () => {
  await ext?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  rmSync(dir, { recursive: true, force: true });
});

function watchErrors(p: Page): void {
  p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
  p.on('console', (m) => {
    // a refused cross-origin read is logged by the browser itself: the viewer then asks for the permission
    if (m.type() === 'error' && !/CORS policy|Failed to load resource/.test(m.text())) pageErrors.push(`${p.url()}: ${m.text()}`);
  });
}

const viewerUrl = (e: { extensionId: string }, query = '') => `chrome-extension://${e.extensionId}/viewer.html${query}`;

/** The viewer page, wide enough that the seed's tables fit beside the findings. */
async function openViewer(context: BrowserContext = ext.context, query = '', id = ext.extensionId): Promise<Page> {
  const page = await context.newPage();
  watchErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(viewerUrl({ extensionId: id }, query));
  return page;
}

const settled = (page: Page) => page.waitForSelector('.viewer[data-phase="ready"], .viewer[data-phase="failed"], .viewer[data-phase="need-permission"]', { timeout: 90_000 });
const phaseOf = (page: Page) => page.locator('.viewer').getAttribute('data-phase');

/** Every progress line the page shows, recorded as it changes. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      const label = document.querySelector('.progress-label')?.textContent ?? null;
      if (label && seen[seen.length - 1] !== label) seen.push(label);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
const progressSeen = (page: Page) => page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);

const RANK: Record<Severity, number> = { error: 0, warning: 1, rounding: 2 };

/** All labels of a header tree. */
const labelsOf = (nodes: readonly HeaderNode[]): string[] => nodes.flatMap((n) => [n.label, ...labelsOf(n.children)]);
const depthOf = (nodes: readonly HeaderNode[]): number => (nodes.length ? 1 + Math.max(...nodes.map((n) => depthOf(n.children))) : 0);

/**
 * The viewer shows what the Node engine reads from the same file: the finding list, the summary,
 * every table (header rows from the header tree, every body cell's printed text), the prose, and
 * an outline of the worst severity over every cell a finding points at, underlines on the prose.
 */
async function expectSameAsEngine(page: Page, want: Expected): Promise<void> {
  const { doc, raw, findings } = want;
  expect(await phaseOf(page)).toBe('ready');

  // the findings list: the same findings
  const listed = await page.locator('li.finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding-id') ?? ''));
  expect(listed.sort()).toEqual(findings.map((f) => f.id).sort());
  expect(await page.locator('li.finding.error').count()).toBe(findings.filter((f) => f.severity === 'error').length);
  expect(await page.locator('[data-fact="department"]').textContent()).toBe(doc.department ?? '未识别');
  expect(await page.locator('[data-fact="year"]').textContent()).toBe(doc.year === null ? '未识别' : String(doc.year));

  // the tables, as reconstructed
  const tables = await page.evaluate(() =>
    Array.from(document.querySelectorAll('figure.bl-table')).map((fig) => ({
      id: fig.getAttribute('data-table'),
      headRows: fig.querySelectorAll('thead tr').length,
      headLabels: Array.from(fig.querySelectorAll('thead th')).map((th) => th.textContent ?? ''),
      topSpan: Array.from(fig.querySelectorAll('thead tr:first-child th')).reduce((s, th) => s + ((th as HTMLTableCellElement).colSpan || 1), 0),
      rows: Array.from(fig.querySelectorAll('tbody tr')).map((tr) =>
        Array.from(tr.querySelectorAll('td')).map((td) => ({ col: Number(td.getAttribute('data-bl-col')), cols: Number(td.getAttribute('data-bl-cols')), text: td.textContent ?? '' })),
      ),
    })),
  );
  expect(tables.map((t) => t.id)).toEqual(doc.tables.map((t) => t.id));
  let cells = 0;
  doc.tables.forEach((table, k) => {
    const shown = tables[k]!;
    expect(shown.headRows, table.id).toBe(depthOf(table.header));
    expect(shown.headLabels.filter(Boolean).sort(), table.id).toEqual(labelsOf(table.header).filter(Boolean).sort());
    if (table.header.length) expect(shown.topSpan, table.id).toBe(table.columns.length);
    expect(shown.rows.length, table.id).toBe(table.rows.length);
    shown.rows.forEach((row, i) =>
      row.forEach((c) => {
        cells++;
        expect(c.text, `${table.id} row ${i} column ${c.col}`).toBe(table.rows[i]!.cells[c.col]!.text);
      }),
    );
  });
  expect(cells).toBeGreaterThan(0);

  // the prose, verbatim, with the claims read from it underlined
  const prose = await page.locator('p[data-bl-paragraph]').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  expect(prose).toEqual(raw.paragraphs);
  if (doc.claims.length) expect(await page.locator('p[data-bl-paragraph] span.claim').count()).toBeGreaterThan(0);

  // annotations: every cell a finding points at is outlined in the worst severity there
  const targets = findings.flatMap((f) => {
    const ref = f.target;
    if (ref?.type !== 'cell') return [];
    const table = doc.tables.find((t) => t.id === ref.table)!;
    const row = table.rows[ref.row]!;
    return [{ id: f.id, severity: f.severity, table: table.id, row: ref.row, column: ref.column, part: row.source.part, gridRow: row.source.row, text: row.cells[ref.column]!.text }];
  });
  await page.waitForFunction(() => document.querySelector('[data-budget-lens=host]')?.shadowRoot?.querySelector('.layer[data-state="ready"]') != null, undefined, { timeout: 20_000 });
  const drawn = await until(
    () =>
      page.evaluate((targets) => {
        const root = document.querySelector('[data-budget-lens=host]')!.shadowRoot!;
        const rect = (e: Element) => {
          const r = e.getBoundingClientRect();
          return { x: r.x, y: r.y, w: r.width, h: r.height };
        };
        const tdOf = (t: (typeof targets)[number]) =>
          Array.from(document.querySelectorAll(`table[data-table="${t.table}"] td[data-bl-part="${t.part}"]`)).find((td) => {
            const rows = (td.getAttribute('data-bl-rows') ?? '').split(' ').map(Number);
            const col = Number(td.getAttribute('data-bl-col'));
            const cols = Number(td.getAttribute('data-bl-cols'));
            return rows.includes(t.gridRow) && col <= t.column && t.column < col + cols;
          }) ?? null;
        const tds = targets.map(tdOf);
        const distinct = new Set(tds.filter((x) => x !== null));
        const boxes = Array.from(root.querySelectorAll<HTMLElement>('.box.target'));
        return {
          distinct: distinct.size,
          cellBoxes: boxes.filter((b) => b.getAttribute('data-kind') === 'cell').length,
          textBoxes: boxes
            .filter((b) => b.getAttribute('data-kind') === 'text')
            .map((b) => ({ span: `${b.getAttribute('data-paragraph')}:${b.getAttribute('data-start')}:${b.getAttribute('data-end')}`, lines: b.querySelectorAll('.line').length, hidden: b.hidden })),
          placed: targets.map((t, i) => {
            const td = tds[i];
            const box = boxes.find((b) => (JSON.parse(b.getAttribute('data-findings') ?? '[]') as string[]).includes(t.id));
            return { id: t.id, td: td ? { rect: rect(td), text: td.textContent } : null, box: box ? { rect: rect(box), severity: box.getAttribute('data-severity'), hidden: box.hidden } : null };
          }),
        };
      }, targets),
    (d) => d.placed.every((p) => p.box && p.td && Math.abs(p.box.rect.x - p.td.rect.x) <= 1 && Math.abs(p.box.rect.y - p.td.rect.y) <= 1),
  );
  expect(drawn.cellBoxes).toBe(drawn.distinct);
  const worst = new Map<string, Severity>();
  drawn.placed.forEach((p, i) => {
    const key = JSON.stringify(p.td?.rect);
    const s = targets[i]!.severity;
    if (!worst.has(key) || RANK[s] < RANK[worst.get(key)!]) worst.set(key, s);
  });
  drawn.placed.forEach((p, i) => {
    const t = targets[i]!;
    expect(p.td, `${t.id}: no rendered cell`).not.toBeNull();
    expect(p.td!.text).toBe(t.text);
    expect(p.box, `${t.id}: not outlined`).toBeDefined();
    expect(p.box!.hidden, t.id).toBe(false);
    expect(p.box!.severity, t.id).toBe(worst.get(JSON.stringify(p.td!.rect)));
    const a = p.box!.rect;
    const b = p.td!.rect;
    expect(Math.abs(a.x - b.x) <= 1 && Math.abs(a.y - b.y) <= 1 && Math.abs(a.w - b.w) <= 1 && Math.abs(a.h - b.h) <= 1, `${t.id}: box ${JSON.stringify(a)} vs cell ${JSON.stringify(b)}`).toBe(true);
  });
  // prose findings: underlined where the claim is printed
  const spans = new Set(findings.flatMap((f) => (f.target?.type === 'text' ? [`${f.target.paragraph}:${f.target.start}:${f.target.end}`] : [])));
  expect(drawn.textBoxes.map((b) => b.span).sort()).toEqual([...spans].sort());
  for (const b of drawn.textBoxes) expect(b.lines, b.span).toBeGreaterThan(0);
}

describe('helpers of the viewer and its ways in', () => {
  it('offers the context menu on links to .pdf / .doc(x) / .xls(x), with and without a query', () => {
    const patterns = attachmentLinkPatterns();
    for (const p of ['*://*/*.pdf', '*://*/*.PDF', '*://*/*.pdf?*', '*://*/*.docx', '*://*/*.doc', '*://*/*.xlsx', '*://*/*.xls?*', 'file:///*.pdf']) expect(patterns).toContain(p);
    expect(patterns.every((p) => /^(\*:\/\/\*\/|file:\/\/\/)\*\.[A-Za-z]+(\?\*)?$/.test(p))).toBe(true);
  });

  it('knows a PDF tab by its path or a query naming a .pdf', () => {
    expect(isPdfUrl('https://czj.example.gov.cn/uploads/2024/部门预算.pdf')).toBe(true);
    expect(isPdfUrl('https://x.gov.cn/a/B.PDF#page=2')).toBe(true);
    expect(isPdfUrl('https://x.gov.cn/download.jsp?file=%E9%A2%84%E7%AE%97.pdf')).toBe(true);
    expect(isPdfUrl('https://x.gov.cn/page.html')).toBe(false);
    expect(isPdfUrl('chrome://newtab/')).toBe(false);
    expect(isPdfUrl(null)).toBe(false);
  });

  it('reads ?url=: web addresses (the permission pattern covers the host on any port), local files, anything else', () => {
    const web = parseViewerTarget(viewerQuery('http://127.0.0.1:8080/a/b.pdf?x=1'));
    expect(web).toEqual({ kind: 'web', url: 'http://127.0.0.1:8080/a/b.pdf?x=1', host: '127.0.0.1', origin: 'http://127.0.0.1:8080', pattern: 'http://127.0.0.1/*' });
    expect(parseViewerTarget(viewerQuery('file:///home/me/%E9%A2%84%E7%AE%97.pdf'))).toEqual({ kind: 'file', url: 'file:///home/me/%E9%A2%84%E7%AE%97.pdf', name: '预算.pdf' });
    expect(parseViewerTarget(viewerQuery('javascript:alert(1)')).kind).toBe('invalid');
    expect(parseViewerTarget('').kind).toBe('none');
  });

  it('names fetched bytes from Content-Disposition, the path, or the Content-Type', () => {
    expect(dispositionName(`attachment; filename*=UTF-8''%E9%A2%84%E7%AE%97.xlsx`)).toBe('预算.xlsx');
    expect(dispositionName('attachment; filename="budget.docx"')).toBe('budget.docx');
    expect(fetchedFileName('https://x.gov.cn/files/a.pdf', 'application/pdf', null)).toBe('a.pdf');
    expect(fetchedFileName('https://x.gov.cn/download.aspx?id=3', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', null)).toBe('download.aspx.docx');
    expect(fetchedFileName('https://x.gov.cn/download.aspx?id=3', 'application/octet-stream', 'attachment; filename="t.xlsx"')).toBe('t.xlsx');
  });
});

describe('the viewer', () => {
  it('opens the PDF printed from seed 004 with the file picker: tables, findings and annotations as the Node engine, page progress', async () => {
    const want = expected.get('pdf')!;
    expect(want.findings.length).toBeGreaterThan(0);
    const page = await openViewer();
    await recordProgress(page);
    await page.setInputFiles('input[type="file"][data-action="pick"]', paths.pdf);
    await settled(page);
    await expectSameAsEngine(page, want);
    const seen = await progressSeen(page);
    expect(seen).toContain(`正在读取第 ${pdfPageCount} 页，共 ${pdfPageCount} 页`);
    expect(seen).toContain('正在重建表格…');
    expect(await page.locator('[data-field="file"]').textContent()).toContain('seed-004.pdf');

    // the same exports as the popup
    const download = page.waitForEvent('download');
    await page.locator('select#export-format').selectOption('json');
    await page.locator('button[data-action="download"]').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.json$/);
    const json = JSON.parse(readFileSync(await file.path(), 'utf8')) as { documents: Array<{ source: string; findings: Array<{ id: string }> }> };
    expect(json.documents[0]!.source).toBe('seed-004.pdf');
    expect(json.documents[0]!.findings.map((f) => f.id).sort()).toEqual(want.findings.map((f) => f.id).sort());

    // a finding of the list: the document scrolls to its cell and opens its card
    // (an error in the table with the most findings, so the screenshot shows several outlines)
    const perTable = new Map<string, number>();
    for (const f of want.findings) if (f.target?.type === 'cell') perTable.set(f.target.table, (perTable.get(f.target.table) ?? 0) + 1);
    const busiest = [...perTable].sort((a, b) => b[1] - a[1])[0]![0];
    const error = want.findings.find((f) => f.severity === 'error' && f.target?.type === 'cell' && f.target.table === busiest)!;
    await page.locator(`li.finding[data-finding-id="${error.id}"]`).click();
    const card = page.locator('[data-budget-lens=host] .card:not([hidden])');
    await card.waitFor({ timeout: 5_000 });
    expect(await card.getAttribute('data-finding-id')).toBe(error.id);
    expect(await card.locator('[data-field="message"]').textContent()).toBe(error.message.zh);
    const inView = await until(
      () =>
        page.evaluate((id) => {
          const root = document.querySelector('[data-budget-lens=host]')!.shadowRoot!;
          const box = Array.from(root.querySelectorAll<HTMLElement>('.box.target')).find((b) => (JSON.parse(b.getAttribute('data-findings') ?? '[]') as string[]).includes(id));
          const r = box?.getBoundingClientRect();
          return !!r && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
        }, error.id),
      (v) => v,
      5_000,
    );
    expect(inView, 'the cell was scrolled into view').toBe(true);

    await page.screenshot({ path: join(ARTIFACTS_DIR, 'viewer.png') });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('opens the Word version of seed 004 with the file picker', async () => {
    const page = await openViewer();
    await page.setInputFiles('input[type="file"][data-action="pick"]', paths.docx);
    await settled(page);
    await expectSameAsEngine(page, expected.get('docx')!);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('opens the Excel version of seed 004 with the file picker', async () => {
    const page = await openViewer();
    await page.setInputFiles('input[type="file"][data-action="pick"]', paths.xlsx);
    await settled(page);
    await expectSameAsEngine(page, expected.get('xlsx')!);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('opens a file dropped on the page', async () => {
    const page = await openViewer();
    const bytes = [...readFileSync(paths.xlsx)];
    const data = await page.evaluateHandle((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'seed-004.xlsx'));
      return dt;
    }, bytes);
    await page.dispatchEvent('main', 'dragover', { dataTransfer: data });
    expect(await page.locator('.viewer.dragging').count()).toBe(1);
    await page.dispatchEvent('main', 'drop', { dataTransfer: data });
    await settled(page);
    expect(await phaseOf(page)).toBe('ready');
    const listed = await page.locator('li.finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding-id') ?? ''));
    expect(listed.sort()).toEqual(expected.get('xlsx')!.findings.map((f) => f.id).sort());
    await page.close();
  });

  const unreadable: Array<[string, keyof typeof paths, FileReadErrorCode]> = [
    ['a scanned PDF (no text layer)', 'scan', 'no-text'],
    ['an encrypted PDF', 'encrypted', 'encrypted'],
    ['a damaged PDF', 'corrupt', 'corrupt'],
    ['a legacy Word .doc', 'legacyDoc', 'unsupported'],
  ];
  it.each(unreadable)('says why it cannot read %s, and still offers to open another file', async (_what, key, code) => {
    const page = await openViewer();
    await page.setInputFiles('input[type="file"][data-action="pick"]', paths[key]);
    await settled(page);
    expect(await phaseOf(page)).toBe('failed');
    const alert = page.locator(`.alert.failure[data-code="${code}"]`);
    expect(await alert.count()).toBe(1);
    expect(await alert.locator('.reason').textContent()).toBe(new FileReadError(code).messages.zh);
    expect(await alert.locator('h2').textContent()).toContain(basename(paths[key]));
    expect(await page.locator('.dropzone button[data-action="choose"]').isVisible()).toBe(true);
    if (key === 'scan') await page.screenshot({ path: join(ARTIFACTS_DIR, 'viewer-no-text.png') });
    await page.close();
  });

  it('?url= fetches the attachment and audits it (the extension may read sites its content script runs on)', async () => {
    const page = await openViewer(ext.context, viewerQuery(`${base}/plain/seed-004.pdf`));
    await settled(page);
    await expectSameAsEngine(page, expected.get('pdf')!);
    await page.close();
  });

  it('?url= of a local file explains that the file must be dropped; a bad address says so', async () => {
    const local = await openViewer(ext.context, viewerQuery(pathToFileURL(paths.pdf).href));
    await local.waitForSelector('.viewer[data-phase="local-file"]');
    expect(await local.locator('.alert.local').textContent()).toContain('seed-004.pdf');
    expect(await local.locator('.dropzone').isVisible()).toBe(true);
    await local.close();
    const bad = await openViewer(ext.context, viewerQuery('javascript:alert(1)'));
    await bad.waitForSelector('.viewer[data-phase="bad-url"]');
    await bad.close();
  });

  it('the links context menu item exists', async () => {
    const ok = await ext.worker.evaluate(() => chrome.contextMenus.update('budget-lens-audit-attachment', {}).then(() => true, () => false));
    expect(ok).toBe(true);
  });
});

/** Site access as the user sets it on chrome://extensions (the extension's details page). */
async function setSiteAccess(context: BrowserContext, extensionId: string, change: { hostAccess?: 'ON_CLICK' | 'ON_ALL_SITES'; allow?: string }): Promise<void> {
  const settings = await context.newPage();
  await settings.goto('chrome://extensions');
  await settings.evaluate(
    async ([id, c]) => {
      type DeveloperPrivate = {
        updateExtensionConfiguration(u: { extensionId: string; hostAccess: string }): Promise<void>;
        addHostPermission(id: string, host: string): Promise<void>;
      };
      const api = (globalThis as unknown as { chrome: { developerPrivate: DeveloperPrivate } }).chrome.developerPrivate;
      if (c.hostAccess) await api.updateExtensionConfiguration({ extensionId: id, hostAccess: c.hostAccess });
      if (c.allow) await api.addHostPermission(id, c.allow);
    },
    [extensionId, change] as const,
  );
  await settings.close();
}

describe('the viewer where the user restricted the extension\'s site access', () => {
  let restricted: ExtensionBrowser;
  beforeAll(async () => {
    restricted = await launchWithExtension();
    await setSiteAccess(restricted.context, restricted.extensionId, { hostAccess: 'ON_CLICK' });
  });
  afterAll(async () => {
    await restricted?.close();
  });
  const contains = (w: Worker) => w.evaluate(() => chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] }));

  it('asks for the one site ("允许读取 127.0.0.1 的附件") when the site refuses other origins', async () => {
    expect(await contains(restricted.worker)).toBe(false);
    const page = await openViewer(restricted.context, viewerQuery(`${base}/plain/seed-004.pdf`), restricted.extensionId);
    await settled(page);
    expect(await phaseOf(page)).toBe('need-permission');
    const button = page.locator('button[data-action="grant"]');
    expect(await button.textContent()).toBe('允许读取 127.0.0.1 的附件');
    expect(await page.locator('.alert.permission').getAttribute('data-host')).toBe('127.0.0.1');
    await page.close();
  });

  it('reads a site that allows other origins without asking', async () => {
    const page = await openViewer(restricted.context, viewerQuery(`${base}/cors/seed-004.pdf`), restricted.extensionId);
    await settled(page);
    expect(await phaseOf(page)).toBe('ready');
    const listed = await page.locator('li.finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding-id') ?? ''));
    expect(listed.sort()).toEqual(expected.get('pdf')!.findings.map((f) => f.id).sort());
    await page.close();
  });

  it('reads the site once the user allowed it', async () => {
    // what the browser's prompt grants cannot be clicked by playwright: the same site access is
    // given on chrome://extensions, as a user can
    await setSiteAccess(restricted.context, restricted.extensionId, { allow: 'http://127.0.0.1/*' });
    const page = await openViewer(restricted.context, viewerQuery(`${base}/plain/seed-004.docx`), restricted.extensionId);
    await settled(page);
    await expectSameAsEngine(page, expected.get('docx')!);
    await page.close();
  });
});

describe('with the host permission granted (a copy of the build that lists 127.0.0.1, as after "允许读取")', () => {
  let granted: { context: BrowserContext; worker: Worker; extensionId: string; close: () => Promise<void> };
  beforeAll(async () => {
    const copy = mkdtempSync(join(tmpdir(), 'budget-lens-granted-'));
    cpSync(EXTENSION_DIR, copy, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as { host_permissions?: string[] };
    manifest.host_permissions = ['http://127.0.0.1/*'];
    writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest));
    const userDataDir = mkdtempSync(join(tmpdir(), 'budget-lens-e2e-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [`--disable-extensions-except=${copy}`, `--load-extension=${copy}`, '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    granted = {
      context,
      worker,
      extensionId: new URL(worker.url()).host,
      close: async () => {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
        rmSync(copy, { recursive: true, force: true });
      },
    };
  });
  afterAll(async () => {
    await granted?.close();
  });

  it('permissions.contains is true and ?url= reads the file', async () => {
    expect(await granted.worker.evaluate(() => chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] }))).toBe(true);
    const page = await openViewer(granted.context, viewerQuery(`${base}/plain/seed-004.xlsx`), granted.extensionId);
    await settled(page);
    await expectSameAsEngine(page, expected.get('xlsx')!);
    await page.close();
  });

  it('the popup on a PDF tab offers "审核此 PDF", which opens the viewer on that file', async () => {
    const tab = await granted.context.newPage();
    await tab.goto(`${base}/plain/seed-004.pdf`).catch(() => undefined);
    const tabId = await tabIdOf(granted.worker, tab);
    const popup = await granted.context.newPage();
    await popup.goto(`chrome-extension://${granted.extensionId}/popup.html?tabId=${tabId}`);
    const button = popup.locator('button[data-action="audit-pdf"]');
    await button.waitFor({ timeout: 10_000 });
    expect(await button.textContent()).toBe('审核此 PDF');
    // the PDF tab is no page the content script runs in: no "cannot reach" message beside the button
    expect(await popup.locator('.unreachable').count()).toBe(0);
    const opened = granted.context.waitForEvent('page', (p) => p.url().includes('/viewer.html?url='));
    await button.click();
    const viewer = await opened;
    expect(new URL(viewer.url()).searchParams.get('url')).toBe(`${base}/plain/seed-004.pdf`);
    await viewer.setViewportSize({ width: 1920, height: 1080 });
    await settled(viewer);
    expect(await phaseOf(viewer)).toBe('ready');
    const listed = await viewer.locator('li.finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding-id') ?? ''));
    expect(listed.sort()).toEqual(expected.get('pdf')!.findings.map((f) => f.id).sort());
    await viewer.close();
    await tab.close();
  });
});
