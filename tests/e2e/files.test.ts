import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main';
import { readDocument } from '../../lib/dom/source';
import { FileReadError } from '../../lib/files/error';
import { readPdf } from '../../lib/files/pdf';
import type { RawSource } from '../../lib/model';
import { parseHtml } from '../helpers/dom';
import { agreementReport, auditRaw, compareFindings, ratio, seedHtml, type Agreement } from '../helpers/files-compare';
import { toGolden } from '../helpers/golden';
import { SEED_PAGES, type SeedId } from '../helpers/seeds';
import { ROOT } from './harness';

/**
 * The PDF path end to end: the five seed pages printed to PDF by Chromium (A4 landscape, with a
 * running header and "第 N 页" footer, CJK text in WenQuanYi Micro Hei), read back by
 * lib/files/pdf and audited; the findings must be those of the HTML page.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'budget-lens-pdf-'));
const ids = Object.keys(SEED_PAGES) as SeedId[];
const pdfs = new Map<SeedId, Uint8Array>();
let scanPath = '';
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage();
  for (const id of ids) {
    await page.goto(pathToFileURL(join(ROOT, 'tests', 'fixtures', 'pages', SEED_PAGES[id])).href);
    const pdf = await page.pdf({
      format: 'A4',
      landscape: true,
      margin: { top: '15mm', bottom: '15mm', left: '10mm', right: '10mm' },
      displayHeaderFooter: true,
      headerTemplate: '<div style="font-size:8px;width:100%;text-align:center">预算公开 Budget disclosure</div>',
      footerTemplate: '<div style="font-size:9px;width:100%;text-align:center">第 <span class="pageNumber"></span> 页</div>',
    });
    pdfs.set(id, new Uint8Array(pdf));
    writeFileSync(join(dir, `seed-${id}.pdf`), pdf);
  }
  // a "scan": the page is one picture of a table, no text layer
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0"><canvas id="c" width="1000" height="600"></canvas><script>
    const g = document.getElementById('c').getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, 1000, 600); g.fillStyle = '#000'; g.font = '28px sans-serif';
    g.fillText('2024年部门支出预算表', 300, 60);
    for (let r = 0; r < 8; r++) { g.strokeRect(100, 100 + r * 50, 800, 50); g.fillText('行政运行     58.40     53.40', 120, 135 + r * 50); }
  </script></body></html>`);
  const scan = await page.pdf({ format: 'A4', printBackground: true });
  scanPath = join(dir, 'scan.pdf');
  writeFileSync(scanPath, scan);
  await page.close();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const rawCache = new Map<SeedId, RawSource>();
const htmlRaw = (id: SeedId): RawSource => {
  if (!rawCache.has(id)) rawCache.set(id, readDocument(parseHtml(seedHtml(id)), SEED_PAGES[id]).raw);
  return rawCache.get(id)!;
};
const auditCache = new Map<SeedId, ReturnType<typeof auditRaw>>();
const htmlAudit = (id: SeedId) => {
  if (!auditCache.has(id)) auditCache.set(id, auditRaw(htmlRaw(id)));
  return auditCache.get(id)!;
};

describe('seed pages printed to PDF by Chromium', () => {
  const results = new Map<SeedId, { raw: RawSource; audited: ReturnType<typeof auditRaw> }>();
  beforeAll(async () => {
    for (const id of ids) {
      const raw = await readPdf(pdfs.get(id)!, `seed-${id}.pdf`);
      results.set(id, { raw, audited: auditRaw(raw) });
    }
  }, 120_000);

  it('give the same findings as the HTML pages (≥ 95 %, differences printed)', () => {
    const rows: Array<{ id: string; a: Agreement }> = ids.map((id) => ({ id, a: compareFindings(htmlAudit(id).findings, results.get(id)!.audited.findings) }));
    const report = agreementReport('pdf', rows);
    console.log(report);
    const all = rows.reduce((s, r) => ({ ...s, agreed: s.agreed + r.a.agreed, total: s.total + r.a.total }), { agreed: 0, total: 0, missing: [], extra: [] } as Agreement);
    expect(ratio(all), report).toBeGreaterThanOrEqual(0.95);
  });

  it('recover the budget tables (kind, title, every cell) and the prose of the page', () => {
    const lines: string[] = [];
    let cells = 0;
    let same = 0;
    let paragraphs = 0;
    let found = 0;
    for (const id of ids) {
      const html = htmlAudit(id).doc;
      const pdf = results.get(id)!.audited.doc;
      // tables other than 绩效目标表 (text in key/value layout: two adjacent tables with different
      // column grids look like one in print) are recovered one for one, in order
      const key = (t: (typeof html.tables)[number]) => `${t.kind} ${t.title}`;
      const htmlTables = html.tables.filter((t) => t.kind !== 'performance');
      const pdfTables = pdf.tables.filter((t) => t.kind !== 'performance');
      expect(pdfTables.map(key), `seed-${id}`).toEqual(htmlTables.map(key));
      htmlTables.forEach((t, i) => {
        const a = toGolden(t).rows;
        const b = toGolden(pdfTables[i]!).rows;
        a.forEach((row, r) =>
          row.cells.forEach((c, k) => {
            cells++;
            if ((b[r]?.cells[k] ?? null) === c) same++;
          }),
        );
      });
      const compact = (s: string) => s.replace(/\s+/g, '');
      const mine = new Set(results.get(id)!.raw.paragraphs.map(compact));
      for (const p of htmlRaw(id).paragraphs) {
        paragraphs++;
        if (mine.has(compact(p))) found++;
      }
      lines.push(`seed-${id}: ${pdf.tables.length} tables (HTML ${html.tables.length}), ${results.get(id)!.raw.tables.length} raw parts (HTML ${htmlRaw(id).tables.length})`);
    }
    console.log(`pdf: ${same}/${cells} body cells of the non-performance tables as on the page; ${found}/${paragraphs} paragraphs verbatim\n  ${lines.join('\n  ')}`);
    expect(same / cells).toBeGreaterThanOrEqual(0.99);
    expect(found / paragraphs).toBeGreaterThanOrEqual(0.95);
  });

  it('drop the running header and the page numbers', () => {
    for (const id of ids) {
      const text = results.get(id)!.raw.paragraphs.join('\n');
      expect(text).not.toContain('预算公开 Budget disclosure');
      expect(text).not.toMatch(/^第 ?\d+ ?页$/m);
    }
  });

  it('keep a table whose header Chromium repeats on the next page (<thead>) as parts, which the extractor merges', () => {
    // seed-002 is the "cms" page: its tables have <thead>, printed again on every page
    const raw = results.get('002')!.raw;
    expect(raw.tables.length).toBeGreaterThan(htmlRaw('002').tables.length);
    const doc = results.get('002')!.audited.doc;
    expect(doc.tables.map((t) => t.title)).toEqual(htmlAudit('002').doc.tables.map((t) => t.title));
    expect(doc.tables.some((t) => t.parts.length > 1)).toBe(true);
  });
});

describe('unusable PDFs', () => {
  it('a scan (a picture, no text layer) gives FileReadError no-text', async () => {
    const e = await readPdf(new Uint8Array(readFileSync(scanPath)), 'scan.pdf').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FileReadError);
    expect((e as FileReadError).code).toBe('no-text');
  });

  it('the command line exits 2 naming the scanned file', async () => {
    let err = '';
    const stderr = new Writable({
      write(chunk: Buffer, _e, done) {
        err += chunk.toString();
        done();
      },
    }) as unknown as NodeJS.WriteStream;
    const stdout = new Writable({ write: (_c, _e, done) => done() }) as unknown as NodeJS.WriteStream;
    const code = await main(['audit', scanPath, join(dir, 'seed-004.pdf')], { stdout, stderr });
    expect(code).toBe(2);
    expect(err).toContain(scanPath);
    expect(err).toMatch(/no text layer/);
  }, 60_000);
});
