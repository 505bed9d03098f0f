import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { auditDocument } from '../../lib/audit';
import { RULES } from '../../lib/audit/registry';
import { relatedOf } from '../../lib/dom/annotate-model';
import { createLocator } from '../../lib/dom/locate';
import { layoutOf } from '../../lib/report/page-audit';
import { candidateTables } from '../../lib/dom/screen';
import { readDocument } from '../../lib/dom/source';
import { cellText } from '../../lib/dom/text';
import { extractDocument } from '../../lib/extract';
import type { Finding, Severity } from '../../lib/model';
import type { PageReport } from '../../lib/messages';
import { collapseSpace } from '../../lib/parse/text';
import { fixture, parseHtml } from '../helpers/dom';
import { loadPage, negativePages, SEED_PAGES } from '../helpers/seeds';
import { ARTIFACTS_DIR, launchWithExtension, serveFixtures, tabIdOf, tellTab, until, type ExtensionBrowser } from './harness';

/** The slice of chrome.* evaluated inside the extension's service worker. */
declare const chrome: {
  tabs: { sendMessage(tabId: number, message: unknown): Promise<unknown> };
  storage: { local: { set(items: object): Promise<void>; remove(key: string): Promise<void> } };
};

let server: Server;
let base: string;
let ext: ExtensionBrowser;
/** a Chromium without the extension: what the pages look like untouched */
let plain: Browser;

beforeAll(async () => {
  ({ server, base } = await serveFixtures());
  ext = await launchWithExtension();
  plain = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
});

afterAll(async () => {
  await plain?.close();
  await ext?.close();
  await new Promise((ok) => server?.close(ok));
});

const RANK: Record<Severity, number> = { error: 0, warning: 1, rounding: 2 };
const COLOURS: Record<Severity, string> = { error: 'rgb(220, 38, 38)', warning: 'rgb(234, 88, 12)', rounding: 'rgb(37, 99, 235)' };
const GLYPHS: Record<Severity, string> = { error: '✕', warning: '!', rounding: '≈' };

/** Send a message to the content script of a tab, from the extension (as the popup does). */
const tell = (tabId: number, message: unknown): Promise<unknown> => tellTab(ext.worker, tabId, message);

/** The page's report once the content script has audited it. */
async function reportOf(tabId: number): Promise<PageReport> {
  const r = await until(() => tell(tabId, { type: 'get-page-report' }), (v) => v !== null && typeof v === 'object' && 'findings' in v);
  expect(r, 'no report from the content script').toHaveProperty('findings');
  return r as PageReport;
}

/**
 * What the Node engine expects on a fixture page: its findings, and for each placed finding the
 * page cell (index among the page's td/th elements, and its text) located in a DOM parsed in Node.
 */
function expectations(path: string) {
  const findings = auditDocument(loadPage(path)).findings;
  const document = parseHtml(fixture(path));
  const dom = readDocument(document, path);
  const locator = createLocator(layoutOf(extractDocument(dom.raw)), dom);
  const cells = Array.from(document.querySelectorAll('td, th'));
  const cellOf = (f: Finding) => (f.target?.type === 'cell' ? locator.cell(f.target) : null);
  const placed = findings.flatMap((f) => {
    const el = cellOf(f);
    return el ? [{ finding: f, index: cells.indexOf(el), text: collapseSpace(cellText(el)) }] : [];
  });
  // the worst severity printed on each cell
  const worst = new Map<number, Severity>();
  for (const p of placed) {
    const w = worst.get(p.index);
    if (!w || RANK[p.finding.severity] < RANK[w]) worst.set(p.index, p.finding.severity);
  }
  const tableOf = (f: Finding) => cellOf(f)?.closest('table') ?? null;
  // prose claims: the sentence (paragraph span) each text finding underlines, worst severity per span
  const prose = new Map<string, { severity: Severity; excerpt: string; ids: string[] }>();
  for (const f of findings) {
    if (f.target?.type !== 'text' || !locator.text(f.target)) continue;
    const key = `${f.target.paragraph}:${f.target.start}:${f.target.end}`;
    const p = prose.get(key) ?? { severity: f.severity, excerpt: dom.raw.paragraphs[f.target.paragraph]!.slice(f.target.start, f.target.end), ids: [] };
    if (RANK[f.severity] < RANK[p.severity]) p.severity = f.severity;
    p.ids.push(f.id);
    prose.set(key, p);
  }
  const tables = new Set(findings.flatMap((f) => (f.target?.type === 'table' && locator.table(f.target) ? [f.target.table] : [])));
  const related = (f: Finding) =>
    relatedOf(f, locator).map((r) => ({
      index: r.index,
      cell: r.located?.kind === 'cell' ? cells.indexOf(r.located.element) : -1,
      sameTable: r.located?.kind === 'cell' && r.located.element.closest('table') === tableOf(f),
    }));
  return { findings, placed, worst, related, prose, tables };
}

/** Every target box of the annotation layer, with where it is drawn and the page cell it should cover. */
async function boxesOn(page: Page, cellIndexes: number[]) {
  return page.evaluate((indexes) => {
    const root = document.querySelector('[data-budget-lens=host]')?.shadowRoot;
    const cells = Array.from(document.querySelectorAll('td, th'));
    const rect = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    };
    const boxes = Array.from(root?.querySelectorAll<HTMLElement>('.box.target') ?? []).map((b) => ({
      kind: b.getAttribute('data-kind'),
      span: b.getAttribute('data-kind') === 'text' ? `${b.getAttribute('data-paragraph')}:${b.getAttribute('data-start')}:${b.getAttribute('data-end')}` : null,
      lines: Array.from(b.querySelectorAll<HTMLElement>('.line')).map((l) => {
        const r = l.getBoundingClientRect();
        const s = getComputedStyle(l);
        // what the page prints under the middle of the underlined line
        const caret = document.caretRangeFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        const at = caret?.startContainer.parentElement?.closest('p, div, li, td, h1, h2, h3, h4, span') ?? caret?.startContainer.parentElement;
        return { w: r.width, h: r.height, underline: s.borderBottomStyle, colour: s.borderBottomColor, text: (at?.textContent ?? '').replace(/[\s\u3000]+/g, ' ') };
      }),
      findings: JSON.parse(b.getAttribute('data-findings') ?? '[]') as string[],
      severity: b.getAttribute('data-severity'),
      colour: getComputedStyle(b).borderTopColor,
      style: getComputedStyle(b).borderTopStyle,
      hidden: b.hidden,
      rect: rect(b),
      anchor: b.getAttribute('data-anchor'),
    }));
    const markers = Array.from(root?.querySelectorAll<HTMLElement>('button.marker') ?? []).map((m) => ({ anchor: m.getAttribute('data-anchor'), glyph: m.textContent, severity: m.getAttribute('data-severity') }));
    const pageCells = indexes.map((i) => ({ index: i, rect: cells[i] ? rect(cells[i]!) : null, text: (cells[i]?.textContent ?? '').replace(/[\s\u3000]+/g, ' ').trim() }));
    return { host: root !== undefined, ready: root?.querySelector('.layer')?.getAttribute('data-state') === 'ready', boxes, markers, pageCells };
  }, cellIndexes);
}

const near = (a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }) =>
  Math.abs(a.x - b.x) <= 1 && Math.abs(a.y - b.y) <= 1 && Math.abs(a.w - b.w) <= 1 && Math.abs(a.h - b.h) <= 1;

const hostCount = (page: Page) => page.evaluate(() => document.querySelectorAll('[data-budget-lens=host]').length);
const layerReady = (page: Page) =>
  page.waitForFunction(() => document.querySelector('[data-budget-lens=host]')?.shadowRoot?.querySelector('.layer[data-state="ready"]') !== null, undefined, { timeout: 20_000 });

async function openTab(path: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await page.goto(`${base}/${path}`);
  return { page, tabId: await tabIdOf(ext.worker, page) };
}

/** The page as a Chromium without the extension parses it. */
async function untouched(path: string): Promise<{ body: string; html: string }> {
  const page = await plain.newPage();
  await page.goto(`${base}/${path}`);
  const r = await page.evaluate(() => ({ body: document.body.innerHTML, html: document.documentElement.outerHTML }));
  await page.close();
  return r;
}

const SEED_004 = `pages/${SEED_PAGES['004']}`;

describe('annotations on the page', () => {
  it.each(Object.values(SEED_PAGES))('%s: every finding the engine reports is outlined on its cell (underlined in its sentence), in its severity', async (file) => {
    const path = `pages/${file}`;
    const want = expectations(path);
    const { page, tabId } = await openTab(path);
    const report = await reportOf(tabId);
    expect(report.findings.map((f) => f.id).sort()).toEqual(want.findings.map((f) => f.id).sort());
    if (want.placed.length === 0 && want.prose.size === 0 && want.tables.size === 0) {
      // nothing to draw: the page gains no element at all
      expect(await hostCount(page)).toBe(0);
      await page.close();
      return;
    }
    await layerReady(page);
    expect(await hostCount(page)).toBe(1);
    const indexes = [...want.worst.keys()];
    const state = await boxesOn(page, indexes);
    expect(state.boxes.filter((b) => b.kind === 'cell')).toHaveLength(indexes.length);
    expect(state.boxes.filter((b) => b.kind === 'text')).toHaveLength(want.prose.size);
    expect(state.boxes.filter((b) => b.kind === 'table')).toHaveLength(want.tables.size);
    expect(state.markers).toHaveLength(state.boxes.length);
    // prose claims: underlined in place, in the worst severity of the span
    for (const [span, p] of want.prose) {
      const box = state.boxes.find((b) => b.span === span);
      expect(box, `no underline for ${span}`).toBeDefined();
      expect(box!.findings.sort()).toEqual([...p.ids].sort());
      expect(box!.severity).toBe(p.severity);
      expect(box!.hidden).toBe(false);
      expect(box!.lines.length).toBeGreaterThan(0);
      for (const line of box!.lines) {
        expect(line.underline).toBe('solid');
        expect(line.colour).toBe(COLOURS[p.severity]);
      }
      // the underline sits under the sentence: the page text there contains (part of) the excerpt
      const first = box!.lines[0]!;
      const excerpt = p.excerpt.replace(/\s+/g, ' ');
      expect(first.text.includes(excerpt.slice(0, 6)) || excerpt.includes(first.text.trim().slice(0, 6)), `${span}: "${first.text}" vs "${excerpt}"`).toBe(true);
    }
    for (const p of want.placed) {
      const box = state.boxes.find((b) => b.findings.includes(p.finding.id));
      expect(box, `no box for ${p.finding.id}`).toBeDefined();
      const severity = want.worst.get(p.index)!;
      if (p.finding.severity === 'error') expect(box!.severity).toBe('error');
      expect(box!.severity).toBe(severity);
      expect(box!.colour).toBe(COLOURS[severity]);
      expect(box!.style).toBe('solid');
      expect(box!.hidden).toBe(false);
      expect(state.markers.find((m) => m.anchor === box!.anchor)).toEqual({ anchor: box!.anchor, glyph: GLYPHS[severity], severity });
      // drawn exactly over the cell the Node engine points at
      const cell = state.pageCells.find((c) => c.index === p.index)!;
      expect(cell.text).toBe(p.text);
      expect(near(box!.rect, cell.rect!), `${p.finding.id}: box ${JSON.stringify(box!.rect)} vs cell ${JSON.stringify(cell.rect)}`).toBe(true);
    }
    await page.close();
  });

  it('hovering an error cell opens its card: rule, figures, tolerance, computation, message and related cells', async () => {
    const want = expectations(SEED_004);
    const { page } = await openTab(SEED_004);
    await layerReady(page);
    // an error cell with that single finding, whose operands are other cells of its table (so the
    // screenshot shows them)
    const counts = new Map<number, number>();
    for (const p of want.placed) counts.set(p.index, (counts.get(p.index) ?? 0) + 1);
    const pick = want.placed.find((p) => {
      const related = want.related(p.finding);
      return p.finding.severity === 'error' && counts.get(p.index) === 1 && related.length >= 2 && related.every((r) => r.sameTable);
    })!;
    expect(pick).toBeDefined();
    const f = pick.finding;

    // the annotated page, scrolled to the table of that cell
    await page.evaluate((i) => document.querySelectorAll('td, th')[i]!.closest('table')!.scrollIntoView({ block: 'start' }), pick.index);
    await page.waitForFunction(() => document.querySelector('[data-budget-lens=host]')?.shadowRoot?.querySelector('.box.target:not([hidden])') !== null);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'annotated-page.png') });

    await page.evaluate((i) => document.querySelectorAll('td, th')[i]!.scrollIntoView({ block: 'center' }), pick.index);
    const cell = page.locator('td, th').nth(pick.index);
    await cell.hover();
    const card = page.locator('[data-budget-lens=host] .card:not([hidden])');
    await card.waitFor({ timeout: 5_000 });
    expect(await card.getAttribute('data-finding-id')).toBe(f.id);
    const field = (name: string) => card.locator(`[data-field="${name}"]`);
    const unit = f.unit ? ` ${f.unit}` : '';
    expect(await field('stated').textContent()).toBe(`${f.stated}${unit}`);
    expect(await field('expected').textContent()).toBe(`${f.expected}${unit}`);
    expect(await field('difference').getAttribute('data-value')).toBe(f.difference);
    expect((await field('difference').textContent())!.replace('−', '-').replace(/^\+/, '')).toBe(`${f.difference}${unit}`);
    expect(await field('tolerance').textContent()).toBe(`±${f.tolerance}${unit}`);
    expect(await field('computation').textContent()).toBe(f.computation);
    expect(await field('message').textContent()).toBe(f.message.zh);
    const rule = RULES.find((r) => r.id === f.rule)!;
    expect(await field('rule').textContent()).toContain(f.rule);
    expect(await field('rule').textContent()).toContain(rule.title.zh);
    const related = want.related(f);
    expect(await card.locator('button.card-jump').count()).toBe(related.length);

    // the cells it compared are outlined dashed, each over its page cell
    const operands = await page.evaluate((id) => {
      const root = document.querySelector('[data-budget-lens=host]')!.shadowRoot!;
      return Array.from(root.querySelectorAll<HTMLElement>('.box.operand')).map((b) => {
        const r = b.getBoundingClientRect();
        return { for: b.getAttribute('data-for'), index: Number(b.getAttribute('data-index')), style: getComputedStyle(b).borderTopStyle, rect: { x: r.x, y: r.y, w: r.width, h: r.height }, id };
      });
    }, f.id);
    const onPage = related.filter((r) => r.cell >= 0);
    expect(operands).toHaveLength(onPage.length);
    expect(operands.every((o) => o.for === f.id && o.style === 'dashed')).toBe(true);
    const cellRects = await page.evaluate((indexes) => indexes.map((i) => {
      const r = document.querySelectorAll('td, th')[i]!.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    }), onPage.map((r) => r.cell));
    onPage.forEach((r, i) => {
      const box = operands.find((o) => o.index === r.index)!;
      expect(near(box.rect, cellRects[i]!), `operand ${r.index}`).toBe(true);
    });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'card.png') });

    // a related-cell link scrolls to that cell and flashes it; the card stays (pinned)
    const far = onPage[onPage.length - 1]!;
    await card.locator(`button.card-jump[data-related-index="${far.index}"]`).click();
    await page.waitForFunction(
      (i) => {
        const r = document.querySelectorAll('td, th')[i]!.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
      },
      far.cell,
      { timeout: 5_000 },
    );
    expect(await page.locator(`[data-budget-lens=host] .flash[data-flash="${f.id}#${far.index}"]`).count()).toBe(1);
    expect(await card.getAttribute('data-reason')).toBe('pinned');
    await page.keyboard.press('Escape');
    await page.locator('[data-budget-lens=host] .card').waitFor({ state: 'hidden', timeout: 5_000 });
    expect(await page.locator('[data-budget-lens=host] .box.operand').count()).toBe(0);
    await page.close();
  });

  it('keyboard: a marker per annotated cell takes focus, opens the card, Tab enters it, Esc closes it', async () => {
    const { page } = await openTab(SEED_004);
    await layerReady(page);
    const marker = page.locator('[data-budget-lens=host] button.marker').first();
    await marker.focus();
    const card = page.locator('[data-budget-lens=host] .card');
    await card.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await card.getAttribute('data-reason')).toBe('focus');
    expect(await card.getAttribute('data-anchor')).toBe(await marker.getAttribute('data-anchor'));
    await page.keyboard.press('Tab');
    expect(await card.isVisible()).toBe(true);
    const focusedInCard = await page.evaluate(() => {
      const root = document.querySelector('[data-budget-lens=host]')!.shadowRoot!;
      return root.querySelector('.card')!.contains(root.activeElement);
    });
    expect(focusedInCard).toBe(true);
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'hidden', timeout: 5_000 });
    const focusedAnchor = await page.evaluate(() => document.querySelector('[data-budget-lens=host]')!.shadowRoot!.activeElement?.getAttribute('data-anchor'));
    expect(focusedAnchor).toBe(await marker.getAttribute('data-anchor'));
    await page.close();
  });

  it("'reveal' from the popup scrolls to the cell, flashes it and shows its card and related cells", async () => {
    const want = expectations(SEED_004);
    const { page, tabId } = await openTab(SEED_004);
    await layerReady(page);
    const errors = want.placed.filter((p) => p.finding.severity === 'error');
    const last = errors.reduce((a, b) => (b.index > a.index ? b : a));
    const inView = (i: number) =>
      page.evaluate((index) => {
        const r = document.querySelectorAll('td, th')[index]!.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
      }, i);
    await page.evaluate(() => scrollTo(0, 0));
    expect(await inView(last.index)).toBe(false);
    expect(await tell(tabId, { type: 'reveal', findingId: last.finding.id })).toBe(true);
    expect(await until(() => inView(last.index), Boolean, 5_000)).toBe(true);
    const card = page.locator('[data-budget-lens=host] .card:not([hidden])');
    await card.waitFor({ timeout: 5_000 });
    expect(await card.getAttribute('data-finding-id')).toBe(last.finding.id);
    expect(await card.getAttribute('data-reason')).toBe('pinned');
    expect(await page.locator(`[data-budget-lens=host] .flash[data-flash="${last.finding.id}"]`).count()).toBe(1);
    const located = want.related(last.finding).filter((r) => r.cell >= 0).length;
    expect(await page.locator(`[data-budget-lens=host] .box.operand[data-for="${last.finding.id}"]`).count()).toBe(located);
    expect(await tell(tabId, { type: 'reveal', findingId: 'no-such-finding' })).toBe(false);
    await page.close();
  });

  it("prose claims: 'reveal' scrolls to the underlined sentence; hovering the underline opens its card", async () => {
    const want = expectations(SEED_004);
    const spans = [...want.prose];
    if (spans.length === 0) return; // the engine reports no prose finding on this page
    const [span, prose] = spans.find(([, p]) => p.severity === 'error') ?? spans[0]!;
    const { page, tabId } = await openTab(SEED_004);
    await layerReady(page);
    const underline = page.locator(`[data-budget-lens=host] .box.target.kind-text[data-anchor="p:${span}"]`);
    const lineInView = () =>
      underline.locator('.line').first().evaluate((l) => {
        const r = l.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
      });
    // from the far end of the page
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    expect(await lineInView()).toBe(false);
    const id = prose.ids[0]!;
    expect(await tell(tabId, { type: 'reveal', findingId: id })).toBe(true);
    expect(await until(lineInView, Boolean, 5_000)).toBe(true);
    const card = page.locator('[data-budget-lens=host] .card:not([hidden])');
    await card.waitFor({ timeout: 5_000 });
    expect(await card.getAttribute('data-finding-id')).toBe(id);
    expect(await page.locator(`[data-budget-lens=host] .flash[data-flash="${id}"]`).count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'prose-card.png') });
    await page.keyboard.press('Escape');
    await page.locator('[data-budget-lens=host] .card').waitFor({ state: 'hidden', timeout: 5_000 });

    // the pointer over the underlined words opens the card
    const line = await underline.locator('.line').first().boundingBox();
    await page.mouse.move(line!.x + line!.width / 2, line!.y + line!.height / 2);
    await card.waitFor({ timeout: 5_000 });
    // this sentence's card, or that of a claim nested in it under the pointer (the innermost wins)
    const [para, start, end] = span.split(':').map(Number) as [number, number, number];
    const opened = (await card.getAttribute('data-anchor'))!.split(':');
    expect(opened[0]).toBe('p');
    expect(Number(opened[1])).toBe(para);
    expect(Number(opened[2]) < end && Number(opened[3]) > start).toBe(true);
    expect(await card.getAttribute('data-reason')).toBe('hover');
    await page.close();
  });

  it('turning annotations off leaves document.body.innerHTML (and the whole document) exactly as served', async () => {
    const baseline = await untouched(SEED_004);
    const page = await ext.context.newPage();
    // before the content script runs (document_idle comes after DOMContentLoaded): snapshot the
    // body, and count every mutation of it from then on
    await page.addInitScript(() => {
      const w = window as unknown as { __before?: string; __bodyMutations?: number };
      document.addEventListener('DOMContentLoaded', () => {
        w.__before = document.body.innerHTML;
        w.__bodyMutations = 0;
        new MutationObserver((records) => {
          w.__bodyMutations! += records.length;
        }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
    });
    await page.goto(`${base}/${SEED_004}`);
    const tabId = await tabIdOf(ext.worker, page);
    await layerReady(page);
    const snapshot = () =>
      page.evaluate(() => {
        const w = window as unknown as { __before?: string; __bodyMutations?: number };
        return { before: w.__before, mutations: w.__bodyMutations, body: document.body.innerHTML, html: document.documentElement.outerHTML };
      });
    const on = await snapshot();
    expect(on.before).toBe(baseline.body);
    const boxes = await page.locator('[data-budget-lens=host] .box.target').count();
    expect(boxes).toBeGreaterThan(0);

    expect(await tell(tabId, { type: 'set-annotations', enabled: false })).toBe(true);
    expect(await until(() => hostCount(page), (n) => n === 0, 5_000)).toBe(0);
    const off = await snapshot();
    expect(off.body).toBe(baseline.body);
    expect(off.html).toBe(baseline.html);
    expect(off.mutations).toBe(0);

    // on again (and the card still works), then off again: still identical
    expect(await tell(tabId, { type: 'set-annotations', enabled: true })).toBe(true);
    await layerReady(page);
    expect(await page.locator('[data-budget-lens=host] .box.target').count()).toBe(boxes);
    await page.locator('[data-budget-lens=host] button.marker').first().click();
    await page.locator('[data-budget-lens=host] .card:not([hidden])').waitFor({ timeout: 5_000 });
    expect(await tell(tabId, { type: 'set-annotations', enabled: false })).toBe(true);
    expect(await until(() => hostCount(page), (n) => n === 0, 5_000)).toBe(0);
    const again = await snapshot();
    expect(again.body).toBe(baseline.body);
    expect(again.html).toBe(baseline.html);
    expect(again.mutations).toBe(0);
    await page.close();
  });

  it.each(negativePages())('%s: no annotation host at all, the page untouched', async (path) => {
    const baseline = await untouched(path);
    const { page, tabId } = await openTab(path);
    expect(await page.evaluate(() => document.querySelector('table') !== null)).toBe(true);
    if (candidateTables(parseHtml(fixture(path))).length === 0) {
      // no table has budget words at its top: the content script never loads the engine, so it
      // has nothing to report, now or after the page has settled
      const answered = (v: unknown) => !(typeof v === 'object' && v !== null && 'unreachable' in v);
      expect(await until(() => tell(tabId, { type: 'get-page-report' }), answered)).toBeNull();
      await page.waitForTimeout(1500);
      expect(await tell(tabId, { type: 'get-page-report' })).toBeNull();
    } else {
      // a table passes the screen: the content script reads the page and finds no budget table
      expect((await reportOf(tabId)).status).toBe('no-tables');
    }
    // asked to, it audits the page all the same, and says there is no budget table
    const asked = await tell(tabId, { type: 'audit-now' });
    expect(asked).toMatchObject({ status: 'no-tables', findings: [] });
    expect(await hostCount(page)).toBe(0);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(baseline.html);
    await page.close();
  });

  it('tables loaded later are annotated; its own UI and unrelated changes never trigger a re-audit; removed tables clear it', async () => {
    const html = fixture(SEED_004);
    const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(html)![1]!;
    const head = /<head>([\s\S]*)<\/head>/.exec(html)![1]!;
    const spa = `<!DOCTYPE html><html lang="zh-CN"><head>${head}</head><body><div id="app">加载中…</div><script>
      setTimeout(() => { document.getElementById('app').innerHTML = ${JSON.stringify(body).replace(/<\//g, '<\\/')}; }, 800);
    </script></body></html>`;
    const page = await ext.context.newPage();
    await page.route(`${base}/spa/budget.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: spa }));
    await page.goto(`${base}/spa/budget.html`);
    const tabId = await tabIdOf(ext.worker, page);
    await layerReady(page);
    const want = expectations(SEED_004);
    const first = await reportOf(tabId);
    expect(first.findings.filter((f) => f.severity === 'error').length).toBe(want.findings.filter((f) => f.severity === 'error').length);

    const auditedAt = async () => ((await tell(tabId, { type: 'get-page-report' })) as PageReport).auditedAt;
    // its own UI (hover cards, operand outlines) and changes outside the tables: no re-audit
    await page.locator('[data-budget-lens=host] button.marker').first().click();
    await page.locator('[data-budget-lens=host] .card:not([hidden])').waitFor({ timeout: 5_000 });
    await page.evaluate(() => document.body.appendChild(document.createElement('p')).append('页面脚本添加的段落'));
    const stable = await until(auditedAt, (t) => t !== first.auditedAt, 2_500, 250);
    expect(stable).toBe(first.auditedAt);

    // a table changes (an SPA tab switch): re-audited once, debounced
    await page.evaluate(() => {
      const cell = Array.from(document.querySelectorAll('td')).find((td) => td.textContent?.trim() === '2201.60')!;
      cell.textContent = '2201.70';
    });
    const changed = await until(auditedAt, (t) => t !== first.auditedAt, 5_000);
    expect(changed).not.toBe(first.auditedAt);
    await layerReady(page);
    const settled = await until(auditedAt, (t) => t !== changed, 2_500, 250);
    expect(settled).toBe(changed);

    // the tables go away: annotations removed, the report says so
    await page.evaluate(() => document.getElementById('app')!.replaceChildren());
    expect(await until(() => hostCount(page), (n) => n === 0, 5_000)).toBe(0);
    const gone = (await tell(tabId, { type: 'get-page-report' })) as PageReport;
    expect(gone.status).toBe('no-tables');
    await page.close();
  });

  it("where auto-run is off nothing happens until the popup asks: 'audit-now' audits, annotates and answers with the report", async () => {
    await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { autoRun: 'never' } }));
    try {
      const { page, tabId } = await openTab(SEED_004);
      // the content script answers, with no report
      expect(await until(() => tell(tabId, { type: 'get-page-report' }), (v) => v === null, 5_000)).toBeNull();
      // give it the time it would take to audit by itself (it must not)
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await tell(tabId, { type: 'get-page-report' })).toBeNull();
      expect(await hostCount(page)).toBe(0);
      const report = (await tell(tabId, { type: 'audit-now' })) as PageReport;
      expect(report.status).toBe('audited');
      expect(report.findings.map((f) => f.id).sort()).toEqual(expectations(SEED_004).findings.map((f) => f.id).sort());
      await layerReady(page);
      expect(((await tell(tabId, { type: 'get-page-report' })) as PageReport).auditedAt).toBe(report.auditedAt);
      await page.close();
    } finally {
      await ext.worker.evaluate(() => chrome.storage.local.remove('settings'));
    }
  });

  it('follows the settings: annotate off removes the highlights, the language switches the card', async () => {
    const { page, tabId } = await openTab(SEED_004);
    await layerReady(page);
    const setSettings = (settings: object) => ext.worker.evaluate((s) => chrome.storage.local.set({ settings: s }), settings);
    try {
      await setSettings({ annotate: false });
      expect(await until(() => hostCount(page), (n) => n === 0, 5_000)).toBe(0);
      expect((await reportOf(tabId)).findings.length).toBeGreaterThan(0);
      await setSettings({ annotate: true, language: 'en' });
      await layerReady(page);
      await page.locator('[data-budget-lens=host] button.marker[data-severity="error"]').first().click();
      const card = page.locator('[data-budget-lens=host] .card:not([hidden])');
      await card.waitFor({ timeout: 5_000 });
      const report = await reportOf(tabId);
      const id = await card.getAttribute('data-finding-id');
      const f = report.findings.find((x) => x.id === id);
      expect(await card.locator('[data-field="message"]').textContent()).toBe(f!.message.en);
    } finally {
      await ext.worker.evaluate(() => chrome.storage.local.remove('settings'));
      await page.close();
    }
  });
});
