import type { TableLayout } from '../report/page-audit';
import type { Finding, Localized, Severity } from '../model/finding';
import type { DomSource } from './source';
import { createLocator, type Located, type Locator } from './locate';
import { buildAnchors, relatedOf, SEVERITY_GLYPH, SEVERITY_NAME, type Anchor, type Related, type UiLang } from './annotate-model';
import { ANNOTATION_CSS } from './annotate-style';

/**
 * Findings drawn over the page. Design: an overlay, not decoration. The page gains exactly one
 * element — a zero-size, absolutely positioned host appended to <html> — and everything else
 * (outlines, markers, the card) lives in its shadow root, positioned over the page's cells from
 * getBoundingClientRect. Page CSS cannot reach the UI, the UI cannot restyle the page, the page's
 * text and layout flow are never touched, and removing the host restores the DOM exactly.
 */

/**
 * The host element's tag: a valid custom-element name, so no page rule written for div/span
 * applies to it, with a random part drawn when the script starts. Custom element definitions
 * belong to the document: a page that defined a fixed name first would run its own constructor
 * on our host (and could take its shadow root). A page can still see the host once it is in the
 * DOM, but a definition made then comes too late: the host already has its shadow root.
 */
export const HOST_TAG = `budget-lens-${randomSuffix()}`;
/** The host carries data-budget-lens="host" (what tests and the content script look for). */
export const HOST_SELECTOR = '[data-budget-lens="host"]';

function randomSuffix(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  // lowercase letters: always a valid custom element name
  return Array.from(bytes, (b) => String.fromCharCode(97 + (b % 26))).join('');
}

export type CardFinding = { finding: Finding; ruleTitle: Localized | null; related: Related[] };

/** What the card shows: every finding of one place, the one in focus, and what the user can do. */
export type CardModel = {
  anchorKey: string;
  lang: UiLang;
  severity: Severity;
  findings: CardFinding[];
  /** the finding in focus (its operands are outlined) */
  active: string;
  pinned: boolean;
  onActivate(findingId: string): void;
  /** scroll to a related figure (index into `related` of that finding) and flash it */
  onJump(findingId: string, relatedIndex: number): void;
  onClose(): void;
};

/** Renders the card into its container in the shadow root (null: unmount). Preact in the extension. */
export type CardRenderer = (container: HTMLElement, model: CardModel | null) => void;

export type Timers = {
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  requestAnimationFrame(fn: () => void): number;
};

export type AnnotatorOptions = {
  document: Document;
  renderCard: CardRenderer;
  lang?: UiLang;
  ruleTitle?: (rule: string) => Localized | null;
  /** the content script passes ctx timers so they die with the context */
  timers?: Timers;
  /** aborting destroys the annotator (the content script passes ctx.signal) */
  signal?: AbortSignal;
  onError?: (error: unknown) => void;
};

/** `layout`: where the extracted tables were read (layoutOf: all that locating a finding needs). */
export type AnnotationInput = { findings: readonly Finding[]; layout: readonly TableLayout[]; dom: DomSource };

export type Annotator = {
  /** the findings of a new audit (null: none); keeps the open card when its place still has findings */
  update(input: AnnotationInput | null): void;
  /** show (true) or remove (false) the highlights; removing restores the page DOM exactly */
  setEnabled(enabled: boolean): void;
  setLanguage(lang: UiLang): void;
  /** scroll to a finding's place, flash it, open its card and outline its operands (also while disabled) */
  reveal(findingId: string): boolean;
  /** re-measure the page (after it changed) on the next frame */
  layout(): void;
  isAttached(): boolean;
  destroy(): void;
};

const HOVER_OPEN_MS = 80;
const HOVER_CLOSE_MS = 300;
const FLASH_MS = 1700;
const MARKER = 16;
const MIN_CARD_HEIGHT = 120;

type Rect = { left: number; top: number; right: number; bottom: number };

type Placed = {
  role: 'target' | 'operand' | 'flash';
  located: Located;
  box: HTMLElement;
  marker: HTMLButtonElement | null;
  /** ancestors that clip the element (overflow other than visible) */
  clip: Element[];
  /** the place on screen at the last layout, client coordinates (null: not visible) */
  rects: Rect[] | null;
  /**
   * a text box's lines (one outline per line of the sentence), held here rather than read back
   * from box.children: an element nothing in our world refers to may lose its wrapper to a
   * garbage collection or keep it, and the toggle test counts wrappers exactly
   */
  lines: HTMLElement[];
};

type CardState = { anchorKey: string; active: string; reason: 'hover' | 'focus' | 'pinned' };

/** The host's own style, inline (the shadow sheet's :host rule says the same with higher precedence). */
const HOST_STYLE: Array<[string, string]> = [
  ['display', 'block'],
  ['position', 'absolute'],
  ['top', '0px'],
  ['left', '0px'],
  ['width', '0px'],
  ['height', '0px'],
  ['margin', '0px'],
  ['padding', '0px'],
  ['border', '0px'],
  ['overflow', 'visible'],
  ['z-index', '2147483647'],
  ['pointer-events', 'none'],
  ['visibility', 'visible'],
  ['opacity', '1'],
  ['transform', 'none'],
  ['filter', 'none'],
];

const spanLength = (a: Anchor): number => (a.ref.type === 'text' ? a.ref.end - a.ref.start : Number.MAX_SAFE_INTEGER);

/** An element, by duck typing: instanceof fails across worlds (content script vs page, Firefox Xrays). */
const isElement = (t: EventTarget | null): t is Element => t !== null && (t as Node).nodeType === 1;

const toRect = (r: DOMRect | DOMRectReadOnly): Rect => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
const intersect = (a: Rect, b: Rect): Rect | null => {
  const r = { left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) };
  return r.right > r.left && r.bottom > r.top ? r : null;
};

function defaultTimers(win: Window): Timers {
  return {
    setTimeout: (fn, ms) => win.setTimeout(fn, ms),
    clearTimeout: (id) => win.clearTimeout(id),
    requestAnimationFrame: (fn) => (typeof win.requestAnimationFrame === 'function' ? win.requestAnimationFrame(() => fn()) : win.setTimeout(fn, 16)),
  };
}

export function createAnnotator(options: AnnotatorOptions): Annotator {
  const doc = options.document;
  const win = (doc.defaultView ?? globalThis) as Window & typeof globalThis;
  const timers = options.timers ?? defaultTimers(win);
  const ruleTitle = options.ruleTitle ?? (() => null);
  const report = (e: unknown) => {
    try {
      (options.onError ?? ((err: unknown) => console.warn('[Budget Lens] annotation failed', err)))(e);
    } catch {
      /* never let reporting break the page */
    }
  };
  /** every handler runs guarded: a failure is reported, never thrown into the page */
  const guard =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (e) {
        report(e);
      }
    };

  let lang: UiLang = options.lang ?? 'zh';
  let enabled = true;
  let destroyed = false;
  let transient: string | null = null;
  let input: AnnotationInput | null = null;
  let locator: Locator | null = null;
  let anchors: Anchor[] = [];

  // the UI, present only while something is shown
  let host: HTMLElement | null = null;
  let layer: HTMLElement | null = null;
  let markersEl: HTMLElement | null = null;
  let boxesEl: HTMLElement | null = null;
  let cardEl: HTMLElement | null = null;
  let listeners: AbortController | null = null;
  let resizeObserver: ResizeObserver | null = null;

  const targets = new Map<string, Placed>();
  let shownAnchors = new Map<string, Anchor>();
  let operands: Placed[] = [];
  const flashes = new Set<Placed>();
  let card: CardState | null = null;
  /** hover lookup: cell element → anchor; paragraph element → its text anchors */
  let cellAnchors = new Map<Element, Anchor>();
  let paragraphAnchors = new Map<Element, Anchor[]>();
  let hoverKey: string | null = null;
  let hoverOpenTimer: number | null = null;
  let hoverCloseTimer: number | null = null;
  let layoutPending = false;
  let movePending = false;
  let lastMove: MouseEvent | null = null;
  let suppressFocusOpen = false;
  const clipCache = new WeakMap<Element, boolean>();

  // ---------- host ----------

  function attach(): void {
    if (host && host.isConnected) return;
    if (host) detach();
    const el = doc.createElement(HOST_TAG);
    el.setAttribute('data-budget-lens', 'host');
    for (const [prop, value] of HOST_STYLE) el.style.setProperty(prop, value, 'important');
    const shadow = el.attachShadow({ mode: 'open' });
    adoptStyles(shadow);
    layer = doc.createElement('div');
    layer.className = 'layer';
    layer.setAttribute('data-budget-lens', 'layer');
    boxesEl = doc.createElement('div');
    markersEl = doc.createElement('div');
    markersEl.setAttribute('role', 'group');
    markersEl.setAttribute('aria-label', lang === 'zh' ? '预算透镜标注' : 'Budget Lens annotations');
    cardEl = doc.createElement('div');
    cardEl.id = 'bl-card';
    cardEl.className = 'card';
    cardEl.hidden = true;
    cardEl.setAttribute('role', 'dialog');
    cardEl.tabIndex = -1;
    layer.append(boxesEl, markersEl);
    markersEl.append(cardEl);
    shadow.append(layer);
    host = el;
    (doc.documentElement ?? doc.body)?.appendChild(el);
    listen();
  }

  function adoptStyles(shadow: ShadowRoot): void {
    try {
      const Sheet = (win as unknown as { CSSStyleSheet?: typeof CSSStyleSheet }).CSSStyleSheet;
      if (Sheet && 'adoptedStyleSheets' in shadow) {
        const sheet = new Sheet();
        sheet.replaceSync(ANNOTATION_CSS);
        shadow.adoptedStyleSheets = [sheet];
        return;
      }
    } catch {
      // constructed sheets unavailable (older engines, cross-compartment): a <style> element
    }
    const style = doc.createElement('style');
    style.textContent = ANNOTATION_CSS;
    shadow.append(style);
  }

  function detach(): void {
    cancelHoverTimers();
    listeners?.abort();
    listeners = null;
    resizeObserver?.disconnect();
    resizeObserver = null;
    if (cardEl) {
      try {
        options.renderCard(cardEl, null);
      } catch (e) {
        report(e);
      }
    }
    card = null;
    targets.clear();
    shownAnchors.clear();
    operands = [];
    flashes.clear();
    host?.remove();
    host = layer = markersEl = boxesEl = cardEl = null;
  }

  // ---------- what is shown ----------

  function rebuildModel(): void {
    anchors = [];
    locator = null;
    cellAnchors = new Map();
    paragraphAnchors = new Map();
    if (!input) return;
    locator = createLocator(input.layout, input.dom);
    anchors = buildAnchors(input.findings, locator).anchors;
  }

  /** The anchors to draw: all of them, or (disabled) only the revealed finding. */
  function visibleAnchors(): Anchor[] {
    if (enabled) return anchors;
    if (!transient) return [];
    const a = anchors.find((x) => x.findings.some((f) => f.id === transient));
    if (!a) return [];
    const f = a.findings.find((x) => x.id === transient)!;
    return [{ ...a, severity: f.severity, findings: [f] }];
  }

  function render(): void {
    if (destroyed) return;
    const list = visibleAnchors();
    if (list.length === 0) {
      detach();
      return;
    }
    attach();
    const next = new Map(list.map((a) => [a.key, a]));
    // drop places that no longer carry findings
    for (const [key, placed] of targets) {
      if (next.has(key)) continue;
      placed.box.remove();
      placed.marker?.remove();
      targets.delete(key);
    }
    shownAnchors = next;
    cellAnchors = new Map();
    paragraphAnchors = new Map();
    for (const a of list) {
      let placed = targets.get(a.key);
      if (!placed) {
        placed = place('target', a.located);
        placed.marker = makeMarker(a);
        targets.set(a.key, placed);
      }
      // the same place may be a new element after the page re-rendered its table
      if (placed.located.element !== a.located.element) placed.clip = clipAncestors(a.located.element);
      placed.located = a.located;
      decorateTarget(placed, a);
      if (a.located.kind === 'cell') cellAnchors.set(a.located.element, a);
      if (a.located.kind === 'text') paragraphAnchors.set(a.located.element, [...(paragraphAnchors.get(a.located.element) ?? []), a]);
    }
    orderMarkers(list);
    layer!.setAttribute('data-anchors', String(list.length));
    layer!.setAttribute('data-mode', enabled ? 'all' : 'reveal');
    observeResizes(list);
    // keep the card if its place and finding survived the re-audit
    if (card) {
      const a = shownAnchors.get(card.anchorKey);
      if (!a) hideCard();
      else {
        if (!a.findings.some((f) => f.id === card!.active)) card.active = a.findings[0]!.id;
        renderCard();
        showOperands();
      }
    }
    layoutNow();
    layer!.setAttribute('data-state', 'ready');
  }

  function place(role: Placed['role'], located: Located): Placed {
    const box = doc.createElement('div');
    box.className = `box ${role} kind-${located.kind}`;
    boxesEl!.append(box);
    return { role, located, box, marker: null, clip: clipAncestors(located.element), rects: null, lines: [] };
  }

  function describe(box: HTMLElement, located: Located): void {
    box.setAttribute('data-kind', located.kind);
    if (located.kind === 'cell') {
      box.setAttribute('data-part', String(located.part));
      box.setAttribute('data-grid-row', String(located.gridRow));
      box.setAttribute('data-grid-column', String(located.gridColumn));
    }
  }

  function decorateTarget(placed: Placed, a: Anchor): void {
    const box = placed.box;
    box.className = `box target kind-${a.located.kind} sev-${a.severity}${card?.anchorKey === a.key ? ' active' : ''}`;
    box.setAttribute('data-anchor', a.key);
    box.setAttribute('data-severity', a.severity);
    box.setAttribute('data-findings', JSON.stringify(a.findings.map((f) => f.id)));
    if (a.ref.type === 'cell') {
      box.setAttribute('data-table', a.ref.table);
      box.setAttribute('data-row', String(a.ref.row));
      box.setAttribute('data-column', String(a.ref.column));
    } else if (a.ref.type === 'text') {
      box.setAttribute('data-paragraph', String(a.ref.paragraph));
      box.setAttribute('data-start', String(a.ref.start));
      box.setAttribute('data-end', String(a.ref.end));
    } else if (a.ref.type === 'table') box.setAttribute('data-table', a.ref.table);
    describe(box, a.located);
    const marker = placed.marker!;
    marker.className = `marker sev-${a.severity}`;
    marker.textContent = SEVERITY_GLYPH[a.severity];
    marker.setAttribute('data-anchor', a.key);
    marker.setAttribute('data-severity', a.severity);
    const first = a.findings[0]!;
    const more = a.findings.length > 1 ? (lang === 'zh' ? `（共${a.findings.length}项）` : ` (${a.findings.length} findings)`) : '';
    marker.setAttribute('aria-label', `${SEVERITY_NAME[a.severity][lang]}：${first.message[lang]}${more}`);
    marker.setAttribute('aria-expanded', card?.anchorKey === a.key ? 'true' : 'false');
  }

  function makeMarker(a: Anchor): HTMLButtonElement {
    const marker = doc.createElement('button');
    marker.type = 'button';
    marker.setAttribute('aria-controls', 'bl-card');
    marker.setAttribute('aria-haspopup', 'dialog');
    const key = a.key;
    // listeners on our own elements go away with them (the host is dropped on detach)
    marker.addEventListener('focus', guard(() => {
      if (suppressFocusOpen || (card?.anchorKey === key && card.reason === 'pinned')) return;
      openCard(key, 'focus');
    }));
    marker.addEventListener('blur', guard((e: FocusEvent) => {
      const to = e.relatedTarget as Node | null;
      if (to && cardEl?.contains(to)) return;
      if (card?.anchorKey === key && card.reason === 'focus') closeCard(false);
    }));
    marker.addEventListener('click', guard(() => {
      if (card?.anchorKey === key && card.reason === 'pinned') closeCard(false);
      else openCard(key, 'pinned');
    }));
    marker.addEventListener('mouseenter', guard(() => hoverEnter(key)));
    marker.addEventListener('mouseleave', guard(() => hoverLeave()));
    return marker;
  }

  /** Markers in document order (the keyboard's tab order), the card right after the open one. */
  function orderMarkers(list: Anchor[]): void {
    const wanted = list.map((a) => targets.get(a.key)!.marker!);
    const current = Array.from(markersEl!.children).filter((c) => c !== cardEl);
    const same = current.length === wanted.length && current.every((c, i) => c === wanted[i]);
    if (!same) markersEl!.append(...wanted);
    placeCardInTabOrder();
  }

  function placeCardInTabOrder(): void {
    if (!cardEl || !markersEl) return;
    const marker = card ? targets.get(card.anchorKey)?.marker : null;
    if (marker) {
      if (marker.nextSibling !== cardEl) marker.after(cardEl);
    } else if (markersEl.lastChild !== cardEl) markersEl.append(cardEl);
  }

  // ---------- clipping and layout ----------

  function clips(el: Element): boolean {
    let v = clipCache.get(el);
    if (v === undefined) {
      const s = win.getComputedStyle(el);
      v = s.overflowX !== 'visible' || s.overflowY !== 'visible';
      clipCache.set(el, v);
    }
    return v;
  }

  function clipAncestors(el: Element): Element[] {
    const out: Element[] = [];
    for (let p = el.parentElement; p && p !== doc.documentElement; p = p.parentElement) if (clips(p)) out.push(p);
    return out;
  }

  function measure(p: Placed): Rect[] | null {
    const l = p.located;
    let rects: Rect[];
    if (l.kind === 'text') {
      if (!l.range.startContainer.isConnected) return null;
      rects = Array.from(l.range.getClientRects())
        .filter((r) => r.width > 0 && r.height > 0)
        .map(toRect);
    } else {
      if (!l.element.isConnected) return null;
      const r = l.element.getBoundingClientRect();
      rects = r.width > 0 || r.height > 0 ? [toRect(r)] : [];
    }
    if (rects.length === 0) return null;
    let clip: Rect | null = null;
    for (const c of p.clip) {
      const r = c.getBoundingClientRect();
      const inner: Rect = { left: r.left + c.clientLeft, top: r.top + c.clientTop, right: r.left + c.clientLeft + c.clientWidth, bottom: r.top + c.clientTop + c.clientHeight };
      // a clipping ancestor with no client box (display: contents, inline) clips nothing measurable
      if (c.clientWidth === 0 && c.clientHeight === 0) continue;
      clip = clip ? intersect(clip, inner) : inner;
      if (!clip) return null;
    }
    const visible = clip ? rects.map((r) => intersect(r, clip!)).filter((r): r is Rect => r !== null) : rects;
    return visible.length ? visible : null;
  }

  function px(el: HTMLElement, prop: string, value: number): void {
    el.style.setProperty(prop, `${Math.round(value * 100) / 100}px`);
  }

  /** Where the marker of a placed thing goes (host coordinates), before collisions are resolved. */
  function markerSpot(p: Placed, origin: Rect): { x: number; y: number } | null {
    const rects = p.rects;
    if (!p.marker || !rects) return null;
    if (p.located.kind === 'text') {
      // after the sentence, like a footnote mark
      const last = rects[rects.length - 1]!;
      return { x: last.right - origin.left + 1, y: last.top - origin.top - MARKER / 2 };
    }
    // on the top-left corner (figures are usually right-aligned)
    const r = rects[0]!;
    return { x: r.left - origin.left - MARKER / 2, y: r.top - origin.top - MARKER / 2 };
  }

  function apply(p: Placed, origin: Rect): void {
    const rects = p.rects;
    p.box.hidden = rects === null;
    if (p.marker) p.marker.hidden = rects === null;
    if (!rects) return;
    if (p.located.kind === 'text') {
      px(p.box, 'left', 0);
      px(p.box, 'top', 0);
      while (p.lines.length > rects.length) p.lines.pop()!.remove();
      while (p.lines.length < rects.length) {
        const line = doc.createElement('div');
        line.className = 'line';
        p.box.append(line);
        p.lines.push(line);
      }
      rects.forEach((r, i) => {
        const line = p.lines[i]!;
        px(line, 'left', r.left - origin.left);
        px(line, 'top', r.top - origin.top);
        px(line, 'width', r.right - r.left);
        px(line, 'height', r.bottom - r.top);
      });
      return;
    }
    const r = rects[0]!;
    px(p.box, 'left', r.left - origin.left);
    px(p.box, 'top', r.top - origin.top);
    px(p.box, 'width', r.right - r.left);
    px(p.box, 'height', r.bottom - r.top);
  }

  /** Place the markers; one that would cover another (nested prose spans, narrow cells) moves right. */
  function placeMarkers(origin: Rect): void {
    const taken: Array<{ x: number; y: number }> = [];
    for (const p of targets.values()) {
      const spot = markerSpot(p, origin);
      if (!spot || !p.marker) continue;
      while (taken.some((t) => Math.abs(t.x - spot.x) < MARKER && Math.abs(t.y - spot.y) < MARKER)) spot.x += MARKER + 2;
      taken.push(spot);
      px(p.marker, 'left', spot.x);
      px(p.marker, 'top', spot.y);
    }
  }

  /** Measure every placed thing (reads), then move them (writes), then the card. */
  function layoutNow(): void {
    if (!host || !host.isConnected) return;
    const all = [...targets.values(), ...operands, ...flashes];
    for (const p of all) p.rects = measure(p);
    const origin = toRect(host.getBoundingClientRect());
    for (const p of all) apply(p, origin);
    placeMarkers(origin);
    positionCard(origin);
  }

  function scheduleLayout(): void {
    if (layoutPending || destroyed) return;
    layoutPending = true;
    timers.requestAnimationFrame(guard(() => {
      layoutPending = false;
      layoutNow();
    }));
  }

  function observeResizes(list: Anchor[]): void {
    const RO = (win as unknown as { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
    if (!RO) return;
    resizeObserver?.disconnect();
    resizeObserver = new RO(guard(() => scheduleLayout()));
    if (doc.documentElement) resizeObserver.observe(doc.documentElement);
    const seen = new Set<Element>();
    for (const a of list) {
      const el = a.located.kind === 'cell' ? (a.located.element.closest('table') ?? a.located.element) : a.located.element;
      if (seen.has(el)) continue;
      seen.add(el);
      resizeObserver.observe(el);
    }
  }

  // ---------- the card ----------

  function cardModel(state: CardState): CardModel | null {
    const a = shownAnchors.get(state.anchorKey);
    if (!a || !locator) return null;
    const loc = locator;
    return {
      anchorKey: a.key,
      lang,
      severity: a.severity,
      findings: a.findings.map((finding) => ({ finding, ruleTitle: ruleTitle(finding.rule), related: relatedOf(finding, loc) })),
      active: state.active,
      pinned: state.reason === 'pinned',
      onActivate: guard((id: string) => {
        if (!card || card.active === id) return;
        card.active = id;
        renderCard();
        showOperands();
        layoutNow();
      }),
      onJump: guard((id: string, index: number) => jump(id, index)),
      onClose: guard(() => closeCard(true)),
    };
  }

  function renderCard(): void {
    if (!cardEl || !card) return;
    const model = cardModel(card);
    if (!model) {
      closeCard(false);
      return;
    }
    const severity = model.findings.find((f) => f.finding.id === model.active)?.finding.severity ?? model.severity;
    cardEl.className = `card sev-${severity}`;
    cardEl.setAttribute('data-anchor', card.anchorKey);
    cardEl.setAttribute('data-finding-id', card.active);
    cardEl.setAttribute('data-reason', card.reason);
    cardEl.setAttribute('aria-label', `${SEVERITY_NAME[severity][lang]} — Budget Lens`);
    options.renderCard(cardEl, model);
    cardEl.hidden = false;
  }

  function openCard(anchorKey: string, reason: CardState['reason'], active?: string): void {
    const a = shownAnchors.get(anchorKey);
    if (!a || !cardEl) return;
    cancelHoverTimers();
    const previous = card?.anchorKey;
    card = { anchorKey, reason, active: active && a.findings.some((f) => f.id === active) ? active : a.findings[0]!.id };
    for (const key of new Set([previous, anchorKey])) {
      if (!key) continue;
      const p = targets.get(key);
      const anchor = shownAnchors.get(key);
      if (p && anchor) decorateTarget(p, anchor);
    }
    placeCardInTabOrder();
    renderCard();
    showOperands();
    layoutNow();
  }

  /** Hide the card and its operands; returns the marker of the place it was open for. */
  function hideCard(): HTMLButtonElement | null {
    if (!card) return null;
    const key = card.anchorKey;
    card = null;
    cancelHoverTimers();
    clearOperands();
    if (!cardEl) return null;
    options.renderCard(cardEl, null);
    cardEl.hidden = true;
    const p = targets.get(key);
    const anchor = shownAnchors.get(key);
    if (p && anchor) decorateTarget(p, anchor);
    return p?.marker ?? null;
  }

  /** Close the card; with restoreFocus, keyboard focus goes back to the place's marker (Esc, close button). */
  function closeCard(restoreFocus: boolean): void {
    if (!card) return;
    const marker = hideCard();
    if (restoreFocus && marker) {
      // focusing the marker must not reopen the card
      suppressFocusOpen = true;
      try {
        marker.focus({ preventScroll: true });
      } finally {
        suppressFocusOpen = false;
      }
    }
    if (!enabled && transient) {
      // the revealed finding was shown on its own: closing it removes the layer again
      transient = null;
      render();
    }
  }

  function positionCard(origin: Rect): void {
    if (!card || !cardEl || cardEl.hidden) return;
    const rects = targets.get(card.anchorKey)?.rects;
    if (!rects) {
      cardEl.style.setProperty('visibility', 'hidden');
      return;
    }
    cardEl.style.removeProperty('visibility');
    const first = rects[0]!;
    const last = rects[rects.length - 1]!;
    const vw = doc.documentElement?.clientWidth || win.innerWidth;
    const vh = win.innerHeight;
    cardEl.style.removeProperty('max-height');
    const w = cardEl.offsetWidth;
    const h = cardEl.offsetHeight;
    const gap = 8;
    // below the place when it fits, else above, else on the roomier side with a scrolling card:
    // never over the place itself
    const below = vh - last.bottom - gap - 4;
    const above = first.top - gap - 4;
    let top: number;
    if (h <= below) top = last.bottom + gap;
    else if (h <= above) top = first.top - gap - h;
    else {
      const room = Math.max(below, above, MIN_CARD_HEIGHT);
      px(cardEl, 'max-height', room);
      top = below >= above ? last.bottom + gap : first.top - gap - Math.min(h, room);
    }
    const left = Math.max(8, Math.min(first.left, vw - w - 8));
    px(cardEl, 'left', left - origin.left);
    px(cardEl, 'top', top - origin.top);
  }

  function clearOperands(): void {
    for (const p of operands) p.box.remove();
    operands = [];
  }

  function showOperands(): void {
    clearOperands();
    if (!card || !locator) return;
    const a = shownAnchors.get(card.anchorKey);
    const finding = a?.findings.find((f) => f.id === card!.active);
    if (!finding) return;
    for (const r of relatedOf(finding, locator)) {
      if (!r.located) continue;
      const p = place('operand', r.located);
      p.box.setAttribute('data-for', finding.id);
      p.box.setAttribute('data-index', String(r.index));
      p.box.setAttribute('data-label', r.label);
      describe(p.box, r.located);
      operands.push(p);
    }
  }

  // ---------- scrolling and flashing ----------

  function scrollTo(located: Located): void {
    const el = located.kind === 'text' ? (located.range.startContainer.parentElement ?? located.element) : located.element;
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
  }

  function flash(located: Located, tag: string): void {
    if (!boxesEl) return;
    const p = place('flash', located);
    p.box.setAttribute('data-flash', tag);
    describe(p.box, located);
    flashes.add(p);
    timers.setTimeout(guard(() => {
      p.box.remove();
      flashes.delete(p);
    }), FLASH_MS);
  }

  function jump(findingId: string, index: number): void {
    if (!locator || !card) return;
    const a = shownAnchors.get(card.anchorKey);
    const finding = a?.findings.find((f) => f.id === findingId);
    const r = finding ? relatedOf(finding, locator).find((x) => x.index === index) : undefined;
    if (!r?.located) return;
    if (card.reason !== 'pinned') card.reason = 'pinned';
    if (card.active !== findingId) {
      card.active = findingId;
      renderCard();
      showOperands();
    }
    cardEl?.setAttribute('data-reason', 'pinned');
    scrollTo(r.located);
    flash(r.located, `${findingId}#${index}`);
    layoutNow();
  }

  // ---------- page events ----------

  function listen(): void {
    listeners = new AbortController();
    const opts = { signal: listeners.signal, capture: true, passive: true };
    win.addEventListener('scroll', guard(() => scheduleLayout()), opts);
    win.addEventListener('resize', guard(() => scheduleLayout()), opts);
    doc.addEventListener('mouseover', guard(onMouseOver), opts);
    doc.addEventListener('mouseout', guard(onMouseOut), opts);
    doc.addEventListener('mousemove', guard(onMouseMove), opts);
    doc.addEventListener('pointerdown', guard(onPointerDown), opts);
    doc.addEventListener('keydown', guard(onKeyDown), { signal: listeners.signal, capture: true });
    cardEl!.addEventListener('mouseenter', guard(() => cancelHoverTimers()));
    cardEl!.addEventListener('mouseleave', guard(() => hoverLeave()));
    cardEl!.addEventListener('focusout', guard((e: FocusEvent) => {
      const to = e.relatedTarget as Node | null;
      if (!card || card.reason !== 'focus') return;
      if (to && (cardEl!.contains(to) || to === targets.get(card.anchorKey)?.marker)) return;
      closeCard(false);
    }));
    const fonts = (doc as Document & { fonts?: FontFaceSet }).fonts;
    fonts?.ready.then(guard(() => scheduleLayout()), () => undefined);
  }

  function cellAnchorOf(target: EventTarget | null): Anchor | null {
    if (!isElement(target) || cellAnchors.size === 0) return null;
    const cell = target.closest('td, th');
    return cell ? (cellAnchors.get(cell) ?? null) : null;
  }

  function onMouseOver(e: MouseEvent): void {
    if (e.target === host) {
      cancelClose();
      return;
    }
    const a = cellAnchorOf(e.target);
    if (a) hoverEnter(a.key);
    else if (hoverKey && !textAnchorAt(e)) hoverLeave();
  }

  function onMouseOut(e: MouseEvent): void {
    if (e.relatedTarget === null && hoverKey) hoverLeave();
  }

  function onMouseMove(e: MouseEvent): void {
    if (paragraphAnchors.size === 0) return;
    lastMove = e;
    if (movePending) return;
    movePending = true;
    timers.requestAnimationFrame(guard(() => {
      movePending = false;
      const m = lastMove;
      if (!m || m.target === host) return;
      const a = textAnchorAt(m);
      if (a) hoverEnter(a.key);
      else if (hoverKey && shownAnchors.get(hoverKey)?.located.kind === 'text') hoverLeave();
    }));
  }

  /** The prose annotation under the pointer, if any (hit test against the span's line boxes). */
  function textAnchorAt(e: MouseEvent): Anchor | null {
    if (paragraphAnchors.size === 0 || !isElement(e.target)) return null;
    let el: Element | null = e.target;
    for (let depth = 0; el && depth < 8; depth++, el = el.parentElement) {
      const list = paragraphAnchors.get(el);
      if (!list) continue;
      // the innermost span under the pointer (spans may nest: a total and one of its parts)
      let best: Anchor | null = null;
      for (const a of list) {
        const rects = targets.get(a.key)?.rects ?? [];
        if (!rects.some((r) => e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top - 2 && e.clientY <= r.bottom + 2)) continue;
        if (!best || spanLength(a) < spanLength(best)) best = a;
      }
      return best;
    }
    return null;
  }

  function onPointerDown(e: PointerEvent): void {
    if (!card || card.reason !== 'pinned' || e.target === host) return;
    closeCard(false);
  }

  function onKeyDown(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || !card) return;
    // focus inside the layer (a marker, the card): keep the keyboard user where they were
    const inside = e.target === host && (host?.shadowRoot?.activeElement ?? null) !== null;
    closeCard(inside);
  }

  function cancelClose(): void {
    if (hoverCloseTimer !== null) timers.clearTimeout(hoverCloseTimer);
    hoverCloseTimer = null;
  }

  function cancelHoverTimers(): void {
    cancelClose();
    if (hoverOpenTimer !== null) timers.clearTimeout(hoverOpenTimer);
    hoverOpenTimer = null;
  }

  function hoverEnter(key: string): void {
    cancelClose();
    if (hoverKey === key && (card?.anchorKey === key || hoverOpenTimer !== null)) return;
    hoverKey = key;
    if (card && card.reason !== 'hover') return; // a pinned or focused card stays
    if (hoverOpenTimer !== null) timers.clearTimeout(hoverOpenTimer);
    hoverOpenTimer = timers.setTimeout(guard(() => {
      hoverOpenTimer = null;
      if (hoverKey === key && (!card || card.reason === 'hover')) openCard(key, 'hover');
    }), HOVER_OPEN_MS);
  }

  function hoverLeave(): void {
    hoverKey = null;
    if (hoverOpenTimer !== null) timers.clearTimeout(hoverOpenTimer);
    hoverOpenTimer = null;
    if (!card || card.reason !== 'hover' || hoverCloseTimer !== null) return;
    hoverCloseTimer = timers.setTimeout(guard(() => {
      hoverCloseTimer = null;
      if (card?.reason === 'hover' && hoverKey !== card.anchorKey) closeCard(false);
    }), HOVER_CLOSE_MS);
  }

  // ---------- public ----------

  const api: Annotator = {
    update: guard((next: AnnotationInput | null) => {
      if (destroyed) return;
      input = next;
      rebuildModel();
      if (transient && !anchors.some((a) => a.findings.some((f) => f.id === transient))) transient = null;
      render();
    }),
    setEnabled: guard((on: boolean) => {
      if (destroyed || (on === enabled && !transient)) return;
      enabled = on;
      transient = null;
      if (!on) detach();
      render();
    }),
    setLanguage: guard((next: UiLang) => {
      if (next === lang) return;
      lang = next;
      if (!host) return;
      for (const [key, p] of targets) {
        const a = shownAnchors.get(key);
        if (a) decorateTarget(p, a);
      }
      markersEl?.setAttribute('aria-label', lang === 'zh' ? '预算透镜标注' : 'Budget Lens annotations');
      renderCard();
      layoutNow();
    }),
    reveal(findingId: string): boolean {
      try {
        if (destroyed) return false;
        const a = anchors.find((x) => x.findings.some((f) => f.id === findingId));
        if (!a) return false;
        if (!enabled && transient !== findingId) {
          if (card) closeCard(false);
          transient = findingId;
          render();
        }
        if (!shownAnchors.has(a.key)) return false;
        scrollTo(a.located);
        layoutNow();
        openCard(a.key, 'pinned', findingId);
        flash(a.located, findingId);
        layoutNow();
        return true;
      } catch (e) {
        report(e);
        return false;
      }
    },
    layout: guard(() => scheduleLayout()),
    isAttached: () => host !== null && host.isConnected,
    destroy: guard(() => {
      if (destroyed) return;
      detach();
      destroyed = true;
      input = null;
      anchors = [];
    }),
  };
  options.signal?.addEventListener('abort', () => api.destroy(), { once: true });
  if (options.signal?.aborted) api.destroy();
  return api;
}
