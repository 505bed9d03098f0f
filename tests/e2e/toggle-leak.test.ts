import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { CDPSession, Page } from 'playwright-core';
import { SEED_PAGES } from '../helpers/seeds';
import { launchWithExtension, serveFixtures, tabIdOf, type ExtensionBrowser } from './harness';

/**
 * Highlights off and on a hundred times (the popup's switch): the page's DOM ends exactly as it
 * was, and nothing accumulates — not the event listeners on window, document and the overlay
 * (counted by DevTools' DOMDebugger.getEventListeners, which sees the content script's listeners
 * too), not the objects the content script keeps alive in its own world (counted with
 * Runtime.queryObjects after a garbage collection), not the heap.
 */

/** The slice of chrome.* evaluated inside the extension's service worker. */
declare const chrome: { tabs: { sendMessage(tabId: number, message: unknown): Promise<unknown> } };

const SEED_004 = `pages/${SEED_PAGES['004']}`;
const TOGGLES = 100;

let server: Server;
let base: string;
let ext: ExtensionBrowser;

beforeAll(async () => {
  ({ server, base } = await serveFixtures());
  ext = await launchWithExtension();
});

afterAll(async () => {
  await ext?.close();
  await new Promise((ok) => server?.close(ok));
});

type Listener = { type: string; useCapture: boolean; passive: boolean; once: boolean; scriptId: string; lineNumber: number; columnNumber: number };

/** The DevTools protocol on a page: listeners, objects of the content script's world, the heap. */
async function devtools(page: Page) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const contexts: Array<{ id: number; origin: string; name: string; auxData?: { type?: string; isDefault?: boolean; frameId?: string } }> = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  await cdp.send('DOM.enable');
  const mainFrame = ((await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } }).frameTree.frame.id;
  const world = () => {
    // the content script's isolated world: its origin is the extension
    const found = contexts.filter((c) => c.origin.startsWith('chrome-extension://') && c.auxData?.frameId === mainFrame);
    return found[found.length - 1];
  };
  const objectId = async (expression: string, contextId?: number): Promise<string | null> => {
    const r = (await cdp.send('Runtime.evaluate', { expression, ...(contextId ? { contextId } : {}) })) as { result: { objectId?: string } };
    return r.result.objectId ?? null;
  };
  /**
   * Listeners on the object `expression` gives, in the page's world and in the content script's
   * (for window and document DevTools reports the listeners of the world the object is taken
   * from; for a subtree, every listener on its nodes).
   */
  const listeners = async (expression: string, subtree = false): Promise<Listener[]> => {
    const out: Listener[] = [];
    for (const contextId of [undefined, world()?.id]) {
      const id = await objectId(expression, contextId);
      if (!id) continue;
      const r = (await cdp.send('DOMDebugger.getEventListeners', { objectId: id, ...(subtree ? { depth: -1, pierce: true } : {}) })) as { listeners: Listener[] };
      await cdp.send('Runtime.releaseObject', { objectId: id });
      out.push(...r.listeners);
      if (subtree) break;
    }
    return out;
  };
  return {
    world,
    listeners,
    /**
     * Live objects of a prototype in the content script's world, after a full garbage collection;
     * `filter`: a function of each object (as source), to count only those it accepts.
     */
    async count(prototype: string, filter = '() => true'): Promise<number> {
      const w = world();
      if (!w) throw new Error('no isolated world of the extension in this page');
      await cdp.send('HeapProfiler.collectGarbage');
      const proto = await objectId(`${prototype}.prototype`, w.id);
      const r = (await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto! })) as { objects: { objectId: string } };
      const n = (await cdp.send('Runtime.callFunctionOn', { objectId: r.objects.objectId, functionDeclaration: `function () { return this.filter(${filter}).length; }`, returnByValue: true })) as { result: { value: number } };
      await cdp.send('Runtime.releaseObject', { objectId: r.objects.objectId });
      return n.result.value;
    },
    /** listeners on every AbortSignal of the content script's world (WXT's context signal among them) */
    async signalListeners(): Promise<number> {
      const w = world();
      if (!w) throw new Error('no isolated world of the extension in this page');
      await cdp.send('HeapProfiler.collectGarbage');
      const proto = await objectId('AbortSignal.prototype', w.id);
      const r = (await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto! })) as { objects: { objectId: string } };
      const props = (await cdp.send('Runtime.getProperties', { objectId: r.objects.objectId, ownProperties: true })) as { result: Array<{ name: string; value?: { objectId?: string } }> };
      let total = 0;
      for (const p of props.result) {
        if (!/^\d+$/.test(p.name) || !p.value?.objectId) continue;
        total += ((await cdp.send('DOMDebugger.getEventListeners', { objectId: p.value.objectId })) as { listeners: Listener[] }).listeners.length;
      }
      await cdp.send('Runtime.releaseObject', { objectId: r.objects.objectId });
      return total;
    },
    async heap(): Promise<number> {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    },
    detach: () => cdp.detach(),
  };
}

/** Listeners as comparable strings (type, phase and where in the code they were added). */
const signature = (ls: Listener[]) => ls.map((l) => `${l.type}${l.useCapture ? ' capture' : ''}${l.passive ? ' passive' : ''} @${l.scriptId}:${l.lineNumber}:${l.columnNumber}`).sort();

describe('annotations toggled off and on a hundred times', () => {
  it('leave the DOM identical and leak no listener, element, observer or memory', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${base}/${SEED_004}`);
    const tabId = await tabIdOf(ext.worker, page);
    const ready = () => page.locator('[data-budget-lens=host] .layer[data-state="ready"]').waitFor({ state: 'attached', timeout: 20_000 });
    await ready();
    const tools = await devtools(page);
    expect(tools.world(), 'the content script world').toBeDefined();

    const toggle = (enabled: boolean) => ext.worker.evaluate(([id, on]) => chrome.tabs.sendMessage(id as number, { type: 'set-annotations', enabled: on }), [tabId, enabled] as const);
    const snapshot = async () => ({
      body: await page.evaluate(() => document.body.innerHTML),
      html: await page.evaluate(() => document.documentElement.outerHTML),
      boxes: await page.locator('[data-budget-lens=host] .box.target').count(),
      markers: await page.locator('[data-budget-lens=host] button.marker').count(),
      hosts: await page.evaluate(() => document.querySelectorAll('[data-budget-lens=host]').length),
      window: signature(await tools.listeners('window')),
      document: signature(await tools.listeners('document')),
      overlay: signature(await tools.listeners("document.querySelector('[data-budget-lens=host]')", true)),
    });
    // (not style sheets: the wrapper of an adopted sheet nothing in JS refers to may be collected or not)
    // Elements: those of the overlay (in its shadow root) and detached ones — where a leaked
    // overlay would be. Not the page's own elements: the content script's world has a wrapper for
    // each one it ever touched — and for each one an event it listens to (mouseover) was
    // delivered on, which depends on where the pointer happens to be when the card closes — and
    // wrappers of a live document's nodes are not collected; they are counted apart, not compared.
    const census = async () => ({
      // (the interface prototypes are among the objects queryObjects finds: their getters throw)
      elements: await tools.count('Element', '(e) => { try { return !e.isConnected || e.getRootNode() !== e.ownerDocument; } catch { return false; } }'),
      pageElements: await tools.count('Element', '(e) => { try { return e.isConnected && e.getRootNode() === e.ownerDocument; } catch { return false; } }'),
      resizeObservers: await tools.count('ResizeObserver'),
      mutationObservers: await tools.count('MutationObserver'),
      abortControllers: await tools.count('AbortController'),
      functions: await tools.count('Function'),
      objects: await tools.count('Object'),
      arrays: await tools.count('Array'),
      maps: await tools.count('Map'),
      signalListeners: await tools.signalListeners(),
    });

    // one cycle first, so that everything created once (lazily) exists before counting
    expect(await toggle(false)).toBe(true);
    expect(await toggle(true)).toBe(true);
    await ready();
    // open a card (it adds the operand outlines and the card's own listeners) and close it
    await page.locator('[data-budget-lens=host] button.marker').first().click();
    await page.locator('[data-budget-lens=host] .card:not([hidden])').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    const before = await snapshot();
    const objectsBefore = await census();
    const heapBefore = await tools.heap();
    // the content script's listeners are visible to DevTools (else the comparison below proves nothing)
    expect(before.document.filter((l) => /^(mouseover|mouseout|mousemove|pointerdown) capture passive/.test(l))).toHaveLength(4);
    expect(before.window.filter((l) => /^(scroll|resize) capture passive/.test(l))).toHaveLength(2);
    expect(before.overlay.length).toBeGreaterThan(before.markers);
    // and the objects of its world are there to count
    expect(objectsBefore.elements).toBeGreaterThan(before.boxes);
    expect(objectsBefore.resizeObservers).toBeGreaterThanOrEqual(1);

    let offState: { body: string; html: string } | null = null;
    for (let i = 0; i < TOGGLES; i++) {
      expect(await toggle(false)).toBe(true);
      if (i === 0 || i === TOGGLES - 1) {
        expect(await page.evaluate(() => document.querySelectorAll('[data-budget-lens=host]').length)).toBe(0);
        const off = { body: await page.evaluate(() => document.body.innerHTML), html: await page.evaluate(() => document.documentElement.outerHTML) };
        if (offState) expect(off).toEqual(offState);
        offState = off;
        // with the highlights off, none of the overlay's listeners are left on the page
        expect(signature(await tools.listeners('document')).filter((l) => /^(mouseover|mouseout|mousemove|pointerdown|keydown) capture/.test(l))).toEqual([]);
        expect(signature(await tools.listeners('window')).filter((l) => /^(scroll|resize) capture/.test(l))).toEqual([]);
      }
      expect(await toggle(true)).toBe(true);
    }
    await ready();
    // the same card opened and closed again
    await page.locator('[data-budget-lens=host] button.marker').first().click();
    await page.locator('[data-budget-lens=host] .card:not([hidden])').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    const after = await snapshot();
    const objectsAfter = await census();
    const heapAfter = await tools.heap();
    console.log(`after ${TOGGLES} toggles: objects ${JSON.stringify(objectsBefore)} → ${JSON.stringify(objectsAfter)}; heap ${(heapBefore / 1024).toFixed(0)} KB → ${(heapAfter / 1024).toFixed(0)} KB`);

    expect(after.body).toBe(before.body);
    // the host's own attributes (its inline position) may differ; everything else is identical
    const hostOpen = /<budget-lens-[a-z]+ [^>]*>/;
    expect(after.html.replace(hostOpen, '<host>')).toBe(before.html.replace(hostOpen, '<host>'));
    expect(after.hosts).toBe(1);
    expect(after.boxes).toBe(before.boxes);
    expect(after.markers).toBe(before.markers);
    expect(after.window).toEqual(before.window);
    expect(after.document).toEqual(before.document);
    expect(after.overlay).toEqual(before.overlay);
    // a leaked overlay would be hundreds of elements and closures per toggle, anything leaked per
    // toggle at least a hundred; plain objects vary by a few, and functions by the one or two
    // callbacks (a timer's, a promise's) that happen to be pending when they are counted
    const { objects: plainBefore, functions: functionsBefore, pageElements: _pageBefore, ...countedBefore } = objectsBefore;
    const { objects: plainAfter, functions: functionsAfter, pageElements: _pageAfter, ...countedAfter } = objectsAfter;
    expect(countedAfter).toEqual(countedBefore);
    expect(Math.abs(functionsAfter - functionsBefore)).toBeLessThan(8);
    expect(plainAfter - plainBefore).toBeLessThan(32);
    // a hundred overlays of this page would be megabytes: allow the heap some noise, not that
    expect(heapAfter - heapBefore).toBeLessThan(512 * 1024);
    await tools.detach();
    await page.close();
  });
});
