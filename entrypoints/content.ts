import { h, render } from 'preact';
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { AnnotationCard } from '../components/AnnotationCard';
import { RULE_TITLES } from '../lib/audit/rule-titles';
import { createAnnotator, HOST_TAG, type Annotator, type CardRenderer, type Timers } from '../lib/dom/annotate';
import { candidateTables } from '../lib/dom/screen';
import { readPage, tablesSignature, type Slicing } from '../lib/dom/read-page';
import type { DomSource } from '../lib/dom/source';
import { parseAuditAnswer } from '../lib/content-messages';
import { packRawSource } from '../lib/model/raw-pack';
import { failedReport } from '../lib/report/failed';
import type { TableLayout } from '../lib/report/page-audit';
import type { Localized } from '../lib/model/finding';
import type { PageReport } from '../lib/messages';
// messaging-base, not messaging: the report and model schemas (classic zod) stay out of this bundle
import { loadSettings, onContentMessage, onSettingsChanged, sendToBackground } from '../lib/messaging-base';
import { DEFAULT_SETTINGS, shouldAutoRun, type Settings } from '../lib/settings';

/** Re-audit this long after the page stops changing (tables loaded late, SPA tabs)… */
const DEBOUNCE_MS = 800;
/** …but no later than this after the first change, on a page that never stops changing. */
const MAX_WAIT_MS = 4000;
/** A large page is read in slices of about this long (ms), letting the page run in between… */
const SLICE_MS = 10;
/** …and read in one go if its tables changed between the slices of this many readings in a row. */
const SLICED_READINGS = 3;

const log = (what: string, e: unknown) => console.warn(`[Budget Lens] ${what}`, e);

/**
 * `npm run bench` builds with `--mode bench`: then each phase is recorded as a User Timing
 * measure (`budget-lens:scan`, …) that the benchmark reads from the page. The shipped build has
 * none (the page's own scripts would see them in its performance timeline): the constant below is
 * false there and the minifier drops every use.
 */
const BENCH = import.meta.env.MODE === 'bench';
/** Record a measure from `start` to now (bench builds only); returns now. */
const measure = (name: string, start: number): number => {
  const end = performance.now();
  if (BENCH) performance.measure(`budget-lens:${name}`, { start, end });
  return end;
};

/** Is this mutation inside (or the insertion/removal of) our own UI host? */
function isOwnMutation(m: MutationRecord): boolean {
  const target = m.target.nodeType === 1 ? (m.target as Element) : m.target.parentElement;
  if (target?.closest(HOST_TAG)) return true;
  if (m.type !== 'childList') return false;
  const nodes = [...Array.from(m.addedNodes), ...Array.from(m.removedNodes)];
  return nodes.length > 0 && nodes.every((n) => n.nodeType === 1 && (n as Element).tagName.toLowerCase() === HOST_TAG);
}

const TITLES = new Map<string, Localized>(Object.entries(RULE_TITLES));
const ruleTitle = (rule: string): Localized | null => TITLES.get(rule) ?? TITLES.get(rule.split('.')[0] ?? '') ?? null;

/**
 * Bench builds only: the floor the audit is compared with, measured in the same load and the
 * same world — reading the text of every td/th of the page once.
 */
function benchFloor(): void {
  const start = performance.now();
  const cells = document.querySelectorAll('td, th');
  let length = 0;
  for (let i = 0; i < cells.length; i++) length += (cells[i]!.textContent ?? '').length;
  measure('floor', start);
  performance.mark('budget-lens:floor-read', { detail: { cells: cells.length, length } });
}

const renderCard: CardRenderer = (container, model) => render(model ? h(AnnotationCard, { model }) : null, container);

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*', 'file:///*'],
  runAt: 'document_idle',
  // WXT would also window.postMessage() a "script started" message (with the extension's id) into
  // every page, for content scripts of older WXT versions: pages would see it (and learn the id),
  // and a page's message listener that expects only its own messages throws on it. The custom
  // event WXT dispatches on the document as well is enough for our own scripts, and a page only
  // sees it if it already knows the extension's id (tests/e2e/hostile.test.ts).
  noScriptStartedPostMessage: true,
  main(ctx) {
    const started = BENCH ? performance.now() : 0;
    // The cheap bail-out comes first: a page without a <table> costs one look for tables (a walk
    // of the document in the browser's own code), a page whose tables have no budget words at
    // their top a glance at each (plus, for both, a message listener and a mutation observer for
    // tables that arrive later). Only then is the page read.
    const worthReading = (): Element[] => candidateTables(document);
    const initial = worthReading();
    const screenedAt = BENCH ? performance.now() : 0;

    let settings: Settings | null = null;
    let settingsLoading: Promise<Settings> | null = null;
    /** the popup's per-page switch; null: follow settings.annotate */
    let pageAnnotate: boolean | null = null;
    /** the user asked for an audit of this page (it then stays current even where auto-run is off) */
    let onDemand = false;
    /** the last audit: its report and, when it found tables, where they are on the page */
    let last: { report: PageReport; layout: TableLayout[] | null; dom: DomSource | null } | null = null;
    /** audits run one after another (an audit waits for the background): the latest reading wins */
    let queue: Promise<unknown> = Promise.resolve();
    let signature: string | null = null;
    let annotator: Annotator | null = null;
    let timer: number | null = null;
    let firstChange = 0;

    /**
     * Timers that do nothing once the context is invalidated. Not ctx.setTimeout and
     * ctx.requestAnimationFrame: each call of those adds a listener to ctx.signal that stays until
     * the page goes away — one per frame while the page scrolls, one per mutation batch
     * (tests/e2e/toggle-leak.test.ts counts them).
     */
    const timers: Timers = {
      setTimeout: (fn, ms) => window.setTimeout(() => void (ctx.isInvalid || fn()), ms),
      clearTimeout: (id) => window.clearTimeout(id),
      requestAnimationFrame: (fn) => window.requestAnimationFrame(() => void (ctx.isInvalid || fn())),
    };

    /**
     * The page's turn between two slices of a reading: a new task, queued behind the page's own
     * (a message to ourselves: not throttled in background tabs as timers are; scheduler.yield()
     * would resume before the page's timers and network callbacks, which would then wait for the
     * whole reading).
     */
    const slicing: Slicing = {
      sliceMs: SLICE_MS,
      now: () => performance.now(),
      yieldToPage: () =>
        new Promise<void>((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            channel.port1.close();
            resolve();
          };
          channel.port2.postMessage(null);
        }),
    };

    const live = (): boolean => onDemand || (settings !== null && shouldAutoRun(settings, location.href));

    const publish = (report: PageReport) => void sendToBackground({ type: 'page-report', report }).catch(() => undefined);

    const ensureSettings = (): Promise<Settings> => {
      settingsLoading ??= loadSettings()
        .catch(() => DEFAULT_SETTINGS)
        .then((loaded) => {
          settings = loaded;
          ctx.onInvalidated(onSettingsChanged((next) => {
            try {
              applySettings(next);
            } catch (e) {
              log('settings change failed', e);
            }
          }));
          return loaded;
        });
      return settingsLoading;
    };

    const applyAnnotations = () => {
      const s = settings;
      if (!s || ctx.isInvalid) return;
      const input = last?.layout && last.dom && last.report.findings.length > 0 ? { findings: last.report.findings, layout: last.layout, dom: last.dom } : null;
      if (!input && !annotator) return;
      annotator ??= createAnnotator({
        document,
        renderCard,
        lang: s.language,
        ruleTitle,
        timers,
        signal: ctx.signal,
        onError: (e) => {
          log('annotation failed', e);
          if (last && last.report.error === null) {
            last = { ...last, report: { ...last.report, error: `annotation failed: ${e instanceof Error ? e.message : String(e)}` } };
            publish(last.report);
          }
        },
      });
      annotator.setLanguage(s.language);
      annotator.setEnabled(pageAnnotate ?? s.annotate);
      annotator.update(input);
    };

    /**
     * Read the page now, have the background extract and audit what was read (off the page's
     * main thread), annotate; report to the background. Never throws.
     */
    const auditNow = async (force: boolean): Promise<PageReport | null> => {
      const waitFrom = BENCH ? performance.now() : 0;
      try {
        const s = await ensureSettings();
        // bench builds: the wait for the settings, then each phase, one measure each
        let t = BENCH ? measure('wait', waitFrom) : 0;
        if (ctx.isInvalid) return null;
        const hadTables = last !== null && last.report.status !== 'no-tables';
        const meta = { url: location.href, pageTitle: document.title ?? '' };
        let dom: DomSource | null = null;
        try {
          const reading = await readPage(document, meta.url, slicing, { attempts: SLICED_READINGS, stop: () => ctx.isInvalid });
          if (!reading) return null;
          ({ dom, signature } = reading);
          if (BENCH) {
            t = performance.now();
            performance.measure('budget-lens:signature', { start: t, duration: reading.signatureMs });
            performance.measure('budget-lens:scan', { start: t, duration: reading.readings.flat().reduce((a, b) => a + b, 0) });
            performance.measure('budget-lens:recheck', { start: t, duration: reading.checkMs });
            performance.mark('budget-lens:slices', { detail: { slices: reading.readings.at(-1) } });
          }
          const sent = sendToBackground({ type: 'audit-source', source: packRawSource(dom.raw), ...meta, tolerance: s.tolerance });
          if (BENCH) t = measure('send', t);
          const answer = parseAuditAnswer(await sent);
          if (!answer) throw new Error('the background did not answer the audit');
          if (BENCH) {
            t = measure('background', t);
            performance.mark('budget-lens:engine', { detail: answer.timings });
          }
          if (ctx.isInvalid) return null;
          last = { report: answer.report, layout: answer.layout, dom };
        } catch (e) {
          // the page could not be read, or the background did not answer (logged just below)
          if (ctx.isInvalid) return null;
          last = { report: failedReport(meta, e), layout: null, dom: null };
        }
        if (last.report.status === 'failed') log('audit failed', last.report.error);
        applyAnnotations();
        if (BENCH) {
          measure('annotate', t);
          benchFloor();
        }
        // the report goes to the badge and the popup in a task of its own (copying a large
        // report into its message is not small)
        await slicing.yieldToPage();
        if (ctx.isInvalid) return null;
        if (BENCH) t = performance.now();
        if (last.report.status !== 'no-tables' || force || hadTables) publish(last.report);
        // (the report is copied into its message on this thread, before the send returns)
        if (BENCH) measure('publish', t);
        return last.report;
      } catch (e) {
        log('audit failed', e);
        return last?.report ?? null;
      }
    };
    const audit = (force: boolean): Promise<PageReport | null> => {
      const run = queue.then(() => auditNow(force));
      queue = run.catch(() => undefined);
      return run;
    };

    const applySettings = (next: Settings) => {
      const previous = settings;
      settings = next;
      if (previous && previous.annotate !== next.annotate) pageAnnotate = null;
      if (!last) {
        if (live() && worthReading().length > 0) void audit(false);
        return;
      }
      if (previous && previous.tolerance !== next.tolerance && live()) void audit(false);
      else applyAnnotations();
    };

    const onPageChanged = () => {
      timer = null;
      if (ctx.isInvalid) return;
      const tables = worthReading();
      if (tables.length === 0) {
        // the tables went away (SPA navigation): clear the annotations and the badge
        if (last && last.report.status !== 'no-tables') void audit(false);
        return;
      }
      if (!settings) {
        // the page had no table worth reading when it loaded: now it has one
        void ensureSettings().then(() => (live() ? audit(false) : null));
        return;
      }
      if (!live()) return;
      if (tablesSignature(tables) === signature) {
        annotator?.layout();
        return;
      }
      void audit(false);
    };

    const schedule = () => {
      const now = Date.now();
      if (timer === null) firstChange = now;
      else clearTimeout(timer);
      timer = timers.setTimeout(onPageChanged, Math.min(DEBOUNCE_MS, Math.max(0, firstChange + MAX_WAIT_MS - now)));
    };

    try {
      const observer = new MutationObserver((mutations) => {
        try {
          if (mutations.every(isOwnMutation)) return;
          schedule();
        } catch (e) {
          log('observer failed', e);
        }
      });
      observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true, characterData: true });
      ctx.onInvalidated(() => {
        observer.disconnect();
        if (timer !== null) clearTimeout(timer);
        annotator?.destroy();
      });

      ctx.onInvalidated(
        onContentMessage((message) => {
          switch (message.type) {
            case 'audit-now':
              onDemand = true;
              return audit(true);
            case 'get-page-report':
              return Promise.resolve(last?.report ?? null);
            case 'reveal':
              return Promise.resolve(annotator?.reveal(message.findingId) ?? false);
            case 'set-annotations':
              pageAnnotate = message.enabled;
              return ensureSettings().then(() => {
                applyAnnotations();
                return true;
              });
            default:
              return undefined;
          }
        }),
      );

      if (initial.length > 0) void ensureSettings().then(() => (live() ? audit(false) : null));
    } catch (e) {
      log('content script failed', e);
    }
    if (BENCH) {
      measure('main', started);
      performance.measure('budget-lens:screen', { start: started, end: screenedAt });
    }
  },
});
