import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Window } from 'happy-dom';
import { h, render } from 'preact';
import { AnnotationCard } from '../../components/AnnotationCard';
import { auditDocument } from '../../lib/audit';
import { createAnnotator, HOST_TAG, type Annotator, type CardModel, type Timers } from '../../lib/dom/annotate';
import { buildAnchors, relatedOf } from '../../lib/dom/annotate-model';
import { createLocator } from '../../lib/dom/locate';
import { layoutOf } from '../../lib/report/page-audit';
import { readDocument, type DomSource } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import { extractClaims } from '../../lib/extract/claims';
import type { BudgetDocument, Finding } from '../../lib/model';
import { fixture } from '../helpers/dom';
import { SEED_PAGES } from '../helpers/seeds';

const windows: Window[] = [];
afterAll(async () => {
  for (const w of windows) await w.happyDOM.close();
});

type Page = { window: Window; document: Document; dom: DomSource; doc: BudgetDocument; findings: Finding[] };

/**
 * A seed page in a happy-dom window with a fake layout: happy-dom computes none, so every cell
 * gets a rect from its position in the document and every text range one line box per node.
 */
function loadSeed(file: string): Page {
  const window = new Window({
    url: 'http://localhost/page.html',
    settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true },
  });
  windows.push(window);
  window.document.write(fixture(`pages/${file}`));
  const document = window.document as unknown as Document;
  const cells = Array.from(document.querySelectorAll('td, th'));
  const index = new Map(cells.map((c, i) => [c, i]));
  const rect = (left: number, top: number, width: number, height: number) =>
    ({ left, top, width, height, right: left + width, bottom: top + height, x: left, y: top, toJSON: () => ({}) }) as DOMRect;
  const proto = (window as unknown as { Element: { prototype: Element } }).Element.prototype;
  proto.getBoundingClientRect = function (this: Element) {
    const i = index.get(this);
    return i === undefined ? rect(0, 0, 0, 0) : rect(10 + (i % 7) * 100, 20 * i, 100, 18);
  };
  const rangeProto = (window as unknown as { Range: { prototype: Range } }).Range.prototype;
  rangeProto.getClientRects = function (this: Range) {
    return [rect(40, 5000 + this.startOffset, 80, 16)] as unknown as DOMRectList;
  };
  proto.scrollIntoView = vi.fn();
  const dom = readDocument(document, file);
  const doc = extractDocument(dom.raw);
  return { window, document, dom, doc, findings: auditDocument(doc).findings };
}

/** Timers the test advances by hand. */
function manualTimers(): { timers: Timers; advance(ms: number): void } {
  let now = 0;
  let next = 1;
  const queue = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      queue.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimeout: (id) => void queue.delete(id),
    requestAnimationFrame: (fn) => timers.setTimeout(fn, 16),
  };
  return {
    timers,
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...queue.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        queue.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
  };
}

const SEED_004 = SEED_PAGES['004'];

describe('buildAnchors / relatedOf', () => {
  const page = loadSeed(SEED_004);
  const locator = createLocator(layoutOf(page.doc), page.dom);

  it('one anchor per printed cell, with the most severe of its findings; findings without a place are unplaced', () => {
    const { anchors, unplaced } = buildAnchors(page.findings, locator);
    const cells = new Set(page.findings.map((f) => (f.target?.type === 'cell' ? locator.cell(f.target) : null)).filter(Boolean));
    expect(anchors.filter((a) => a.located.kind === 'cell')).toHaveLength(cells.size);
    const spans = new Set(page.findings.flatMap((f) => (f.target?.type === 'text' && locator.text(f.target) ? [`${f.target.paragraph}:${f.target.start}:${f.target.end}`] : [])));
    expect(anchors.filter((a) => a.located.kind === 'text')).toHaveLength(spans.size);
    expect(unplaced.every((f) => f.target === null || locator.locate(f.target) === null)).toBe(true);
    expect(anchors.reduce((n, a) => n + a.findings.length, 0) + unplaced.length).toBe(page.findings.length);
    for (const a of anchors) {
      const rank = { error: 0, warning: 1, rounding: 2 } as const;
      expect(rank[a.severity]).toBe(Math.min(...a.findings.map((f) => rank[f.severity])));
    }
    // in document order
    for (let i = 1; i < anchors.length; i++) {
      const [p, q] = [anchors[i - 1]!.located, anchors[i]!.located];
      if (p.kind === 'text' || q.kind === 'text') continue;
      expect(p.element.compareDocumentPosition(q.element) & 4).toBe(4);
    }
  });

  it('two findings on one cell share its anchor (an error outranks a rounding note)', () => {
    const error = page.findings.find((f) => f.severity === 'error' && f.target?.type === 'cell')!;
    const note: Finding = { ...error, id: `${error.id}~note`, severity: 'rounding' };
    const { anchors } = buildAnchors([note, error], locator);
    expect(anchors).toHaveLength(1);
    expect(anchors[0]!.severity).toBe('error');
    expect(anchors[0]!.findings.map((f) => f.id)).toEqual([error.id, note.id]);
  });

  it('related figures leave out the target itself and list each cell once', () => {
    for (const f of page.findings) {
      const related = relatedOf(f, locator);
      const target = f.target ? locator.locate(f.target) : null;
      const elements = related.flatMap((r) => (r.located && r.located.kind !== 'text' ? [r.located.element] : []));
      expect(new Set(elements).size).toBe(elements.length);
      if (target && target.kind !== 'text') expect(elements).not.toContain(target.element);
    }
  });
});

describe('createAnnotator', () => {
  let page: Page;
  let cards: Array<CardModel | null>;
  let clock: ReturnType<typeof manualTimers>;
  let annotator: Annotator;
  let before: string;
  let errors: unknown[];

  beforeEach(() => {
    page = loadSeed(SEED_004);
    cards = [];
    errors = [];
    clock = manualTimers();
    before = page.document.documentElement.outerHTML;
    annotator = createAnnotator({
      document: page.document,
      renderCard: (_container, model) => void cards.push(model),
      timers: clock.timers,
      ruleTitle: (rule) => (rule === 'cross-table' ? { zh: '跨表一致', en: 'Agreement between tables' } : null),
      onError: (e) => void errors.push(e),
    });
  });

  const host = () => page.document.querySelector(HOST_TAG) as HTMLElement | null;
  const root = () => host()!.shadowRoot!;
  const input = () => ({ findings: page.findings, layout: layoutOf(page.doc), dom: page.dom });
  const lastCard = () => cards[cards.length - 1] ?? null;

  it('draws one outlined box and one marker per annotated cell, on the cell, in a shadow root appended to <html>', () => {
    const body = page.document.body.innerHTML;
    annotator.update(input());
    expect(host()).not.toBeNull();
    expect(host()!.parentElement).toBe(page.document.documentElement);
    expect(page.document.body.innerHTML).toBe(body);
    const { anchors } = buildAnchors(page.findings, createLocator(layoutOf(page.doc), page.dom));
    const boxes = Array.from(root().querySelectorAll<HTMLElement>('.box.target'));
    expect(boxes).toHaveLength(anchors.length);
    expect(root().querySelectorAll('button.marker')).toHaveLength(anchors.length);
    expect(root().querySelector('.layer')!.getAttribute('data-state')).toBe('ready');
    const locator = createLocator(layoutOf(page.doc), page.dom);
    for (const f of page.findings.filter((x) => x.target?.type === 'cell')) {
      const box = boxes.find((b) => (JSON.parse(b.getAttribute('data-findings')!) as string[]).includes(f.id));
      expect(box, f.id).toBeDefined();
      if (f.severity === 'error') expect(box!.getAttribute('data-severity')).toBe('error');
      expect(box!.classList.contains(`sev-${box!.getAttribute('data-severity')}`)).toBe(true);
      const cell = locator.cell(f.target as never)!;
      const r = cell.getBoundingClientRect();
      expect([box!.style.left, box!.style.top, box!.style.width, box!.style.height]).toEqual([`${r.left}px`, `${r.top}px`, `${r.width}px`, `${r.height}px`]);
    }
    const marker = root().querySelector<HTMLElement>('button.marker[data-severity="error"]')!;
    expect(marker.textContent).toBe('✕');
    expect(marker.getAttribute('aria-label')).toMatch(/^错误：/);
  });

  it('turning off removes the host: the document is exactly what it was, and on/off can repeat', () => {
    annotator.update(input());
    expect(host()).not.toBeNull();
    annotator.setEnabled(false);
    expect(host()).toBeNull();
    expect(page.document.documentElement.outerHTML).toBe(before);
    annotator.setEnabled(true);
    expect(root().querySelectorAll('.box.target').length).toBeGreaterThan(0);
    annotator.update(null);
    expect(host()).toBeNull();
    expect(page.document.documentElement.outerHTML).toBe(before);
  });

  it('keyboard: focusing a marker opens the card and outlines the operands; Esc closes it and keeps focus', () => {
    annotator.update(input());
    const marker = root().querySelector<HTMLButtonElement>('button.marker[data-severity="error"]')!;
    marker.focus();
    const model = lastCard()!;
    expect(model).not.toBeNull();
    expect(model.anchorKey).toBe(marker.getAttribute('data-anchor'));
    const card = root().querySelector<HTMLElement>('.card')!;
    expect(card.hidden).toBe(false);
    expect(card.getAttribute('data-reason')).toBe('focus');
    const active = model.findings.find((f) => f.finding.id === model.active)!;
    const operandBoxes = root().querySelectorAll('.box.operand');
    expect(operandBoxes).toHaveLength(active.related.filter((r) => r.located).length);
    expect(marker.nextElementSibling).toBe(card); // tab order: the card right after its marker
    marker.dispatchEvent(new page.window.KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }) as unknown as Event);
    expect(lastCard()).toBeNull();
    expect(card.hidden).toBe(true);
    expect(root().querySelectorAll('.box.operand')).toHaveLength(0);
    expect(root().activeElement).toBe(marker);
  });

  it('hover: the card opens over an annotated cell and closes after the pointer leaves', () => {
    annotator.update(input());
    const f = page.findings.find((x) => x.severity === 'error' && x.target?.type === 'cell')!;
    const cell = createLocator(layoutOf(page.doc), page.dom).cell(f.target as never)!;
    cell.dispatchEvent(new page.window.MouseEvent('mouseover', { bubbles: true }) as unknown as Event);
    expect(cards).toHaveLength(0);
    clock.advance(100);
    expect(lastCard()?.findings.map((x) => x.finding.id)).toContain(f.id);
    expect(root().querySelector('.card')!.getAttribute('data-reason')).toBe('hover');
    page.document.querySelector('h1')!.dispatchEvent(new page.window.MouseEvent('mouseover', { bubbles: true }) as unknown as Event);
    clock.advance(400);
    expect(lastCard()).toBeNull();
  });

  it('reveal while annotations are off: only that finding is shown, pinned and flashed, until its card closes', () => {
    annotator.update(input());
    annotator.setEnabled(false);
    const f = page.findings.find((x) => x.rule === 'cross-table' && x.target?.type === 'cell')!;
    expect(annotator.reveal(f.id)).toBe(true);
    const cell = createLocator(layoutOf(page.doc), page.dom).cell(f.target as never)!;
    expect(cell.scrollIntoView).toHaveBeenCalled();
    expect(root().querySelectorAll('.box.target')).toHaveLength(1);
    expect(root().querySelector('.layer')!.getAttribute('data-mode')).toBe('reveal');
    const flashes = () => Array.from(root().querySelectorAll('.flash')).map((x) => x.getAttribute('data-flash'));
    expect(flashes()).toContain(f.id);
    const model = lastCard()!;
    expect(model.pinned).toBe(true);
    expect(model.active).toBe(f.id);
    expect(model.findings[0]!.ruleTitle?.zh).toBe('跨表一致');
    // jump to a related figure: it is scrolled to and flashed
    const related = model.findings[0]!.related.find((r) => r.located)!;
    model.onJump(f.id, related.index);
    expect(flashes()).toContain(`${f.id}#${related.index}`);
    clock.advance(2000);
    expect(root().querySelectorAll('.flash')).toHaveLength(0);
    lastCard()!.onClose();
    expect(host()).toBeNull();
    expect(page.document.documentElement.outerHTML).toBe(before);
    expect(annotator.reveal('no-such-finding')).toBe(false);
  });

  it('prose claims are underlined line by line (text refs)', () => {
    const claim = extractClaims(page.doc).claims[0]!;
    const finding: Finding = {
      id: 'narrative@test',
      rule: 'narrative',
      severity: 'warning',
      message: { zh: '说明与表不符', en: 'text disagrees with the tables' },
      stated: '1.00',
      expected: '2.00',
      difference: '-1.00',
      tolerance: '0.01',
      unit: '万元',
      target: { type: 'text', paragraph: claim.paragraph, start: claim.start, end: claim.end },
      operands: [],
      computation: '1.00 ≠ 2.00',
    };
    annotator.update({ ...input(), findings: [finding] });
    const box = root().querySelector<HTMLElement>('.box.target.kind-text')!;
    expect(box.getAttribute('data-paragraph')).toBe(String(claim.paragraph));
    expect(box.querySelectorAll('.line')).toHaveLength(1);
    expect(root().querySelector('button.marker')!.textContent).toBe('!');
  });

  it('a failing card renderer is reported, never thrown into the page', () => {
    const broken = createAnnotator({
      document: page.document,
      renderCard: () => {
        throw new Error('boom');
      },
      timers: clock.timers,
      onError: (e) => void errors.push(e),
    });
    broken.update(input());
    expect(() => root().querySelector<HTMLButtonElement>('button.marker')!.focus()).not.toThrow();
    expect(errors.length).toBeGreaterThan(0);
    broken.destroy();
  });

  it('dies with its context: aborting the signal removes everything', () => {
    const controller = new AbortController();
    const a = createAnnotator({ document: page.document, renderCard: () => undefined, timers: clock.timers, signal: controller.signal });
    a.update(input());
    expect(host()).not.toBeNull();
    controller.abort();
    expect(host()).toBeNull();
    a.update(input());
    expect(host()).toBeNull();
  });
});

describe('AnnotationCard', () => {
  it('renders page text as text (never HTML) with the figures, tolerance unit and related links', () => {
    const page = loadSeed(SEED_004);
    const f = page.findings.find((x) => x.severity === 'error' && x.operands.length > 1)!;
    const evil = '<img src=x onerror="alert(1)">';
    const model: CardModel = {
      anchorKey: 'k',
      lang: 'en',
      severity: f.severity,
      findings: [
        {
          finding: { ...f, message: { zh: evil, en: evil } },
          ruleTitle: { zh: '标题', en: 'Title' },
          related: [{ index: 0, ref: f.operands[0]!.ref, label: evil, value: '1.00', located: null }],
        },
      ],
      active: f.id,
      pinned: true,
      onActivate: () => undefined,
      onJump: vi.fn(),
      onClose: vi.fn(),
    };
    const container = page.document.createElement('div');
    const g = globalThis as { document?: Document };
    const saved = g.document;
    g.document = page.document;
    try {
      render(h(AnnotationCard, { model }), container);
    } finally {
      g.document = saved;
    }
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[data-field="message"]')!.textContent).toBe(evil);
    expect(container.querySelector('[data-field="stated"]')!.textContent).toBe(`${f.stated} ${f.unit}`);
    expect(container.querySelector('[data-field="expected"]')!.textContent).toBe(`${f.expected} ${f.unit}`);
    expect(container.querySelector('[data-field="difference"]')!.getAttribute('data-value')).toBe(f.difference);
    expect(container.querySelector('[data-field="tolerance"]')!.textContent).toBe(`±${f.tolerance} ${f.unit}`);
    expect(container.querySelector('[data-field="rule"]')!.textContent).toContain('标题');
    expect(container.querySelector('[data-field="computation"]')!.textContent).toBe(f.computation);
    const jump = container.querySelector<HTMLButtonElement>('button.card-jump')!;
    expect(jump.disabled).toBe(true);
    expect(jump.textContent).toContain(evil);
  });
});
