import { h, render } from 'preact';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { AnnotationCard } from '../components/AnnotationCard';
import { RULES } from '../lib/audit/registry';
import { createAnnotator, HOST_TAG, type Annotator, type CardRenderer } from '../lib/dom/annotate';
import { auditPage, type PageAudit } from '../lib/dom/audit-page';
import type { Localized } from '../lib/model/finding';
import type { PageReport } from '../lib/messages';
import { loadSettings, onMessage, onSettingsChanged, sendToBackground } from '../lib/messaging';
import { DEFAULT_SETTINGS, shouldAutoRun, type Settings } from '../lib/settings';

/** Re-audit this long after the page stops changing (tables loaded late, SPA tabs)… */
const DEBOUNCE_MS = 800;
/** …but no later than this after the first change, on a page that never stops changing. */
const MAX_WAIT_MS = 4000;

const log = (what: string, e: unknown) => console.warn(`[Budget Lens] ${what}`, e);

/**
 * A cheap fingerprint of the text of every table on the page: a re-audit only happens when it
 * changes, so mutations that do not touch tables (and our own UI) never trigger one.
 */
function tablesSignature(doc: Document): string {
  const tables = doc.getElementsByTagName('table');
  let hash = 0x811c9dc5;
  let length = 0;
  for (let i = 0; i < tables.length; i++) {
    const text = tables[i]!.textContent ?? '';
    length += text.length;
    for (let j = 0; j < text.length; j++) hash = Math.imul(hash ^ text.charCodeAt(j), 16777619);
    hash = Math.imul(hash ^ 0x1f, 16777619);
  }
  return `${tables.length}:${length}:${(hash >>> 0).toString(36)}`;
}

/** Is this mutation inside (or the insertion/removal of) our own UI host? */
function isOwnMutation(m: MutationRecord): boolean {
  const target = m.target.nodeType === 1 ? (m.target as Element) : m.target.parentElement;
  if (target?.closest(HOST_TAG)) return true;
  if (m.type !== 'childList') return false;
  const nodes = [...Array.from(m.addedNodes), ...Array.from(m.removedNodes)];
  return nodes.length > 0 && nodes.every((n) => n.nodeType === 1 && (n as Element).tagName.toLowerCase() === HOST_TAG);
}

const RULE_TITLES = new Map<string, Localized>(RULES.map((r) => [r.id, r.title]));
const ruleTitle = (rule: string): Localized | null => RULE_TITLES.get(rule) ?? RULE_TITLES.get(rule.split('.')[0] ?? '') ?? null;

const renderCard: CardRenderer = (container, model) => render(model ? h(AnnotationCard, { model }) : null, container);

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*', 'file:///*'],
  runAt: 'document_idle',
  main(ctx) {
    // The cheap bail-out comes first: a page without a <table> costs this one query (plus a
    // message listener and a mutation observer for tables that arrive later).
    const hasTable = document.querySelector('table') !== null;

    let settings: Settings | null = null;
    let settingsLoading: Promise<Settings> | null = null;
    /** the popup's per-page switch; null: follow settings.annotate */
    let pageAnnotate: boolean | null = null;
    /** the user asked for an audit of this page (it then stays current even where auto-run is off) */
    let onDemand = false;
    let last: PageAudit | null = null;
    let signature: string | null = null;
    let annotator: Annotator | null = null;
    let timer: number | null = null;
    let firstChange = 0;

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
      const input = last?.doc && last.dom && last.report.findings.length > 0 ? { findings: last.report.findings, doc: last.doc, dom: last.dom } : null;
      if (!input && !annotator) return;
      annotator ??= createAnnotator({
        document,
        renderCard,
        lang: s.language,
        ruleTitle,
        timers: {
          setTimeout: (fn, ms) => ctx.setTimeout(fn, ms),
          clearTimeout: (id) => clearTimeout(id),
          requestAnimationFrame: (fn) => ctx.requestAnimationFrame(() => fn()),
        },
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

    /** Read, audit and annotate the page now; report to the background. Never throws. */
    const audit = async (force: boolean): Promise<PageReport | null> => {
      try {
        const s = await ensureSettings();
        if (ctx.isInvalid) return null;
        const hadTables = last !== null && last.report.status !== 'no-tables';
        signature = tablesSignature(document);
        last = auditPage(document, location.href, { tolerance: s.tolerance });
        if (last.report.status === 'failed') log('audit failed', last.report.error);
        applyAnnotations();
        if (last.report.status !== 'no-tables' || force || hadTables) publish(last.report);
        return last.report;
      } catch (e) {
        log('audit failed', e);
        return last?.report ?? null;
      }
    };

    const applySettings = (next: Settings) => {
      const previous = settings;
      settings = next;
      if (previous && previous.annotate !== next.annotate) pageAnnotate = null;
      if (!last) {
        if (live() && document.querySelector('table')) void audit(false);
        return;
      }
      if (previous && previous.tolerance !== next.tolerance && live()) void audit(false);
      else applyAnnotations();
    };

    const onPageChanged = () => {
      timer = null;
      if (ctx.isInvalid) return;
      if (!document.querySelector('table')) {
        // the tables went away (SPA navigation): clear the annotations and the badge
        if (last && last.report.status !== 'no-tables') void audit(false);
        return;
      }
      if (!settings) {
        // the page had no table when it loaded: now it has one
        void ensureSettings().then(() => (live() ? audit(false) : null));
        return;
      }
      if (!live()) return;
      if (tablesSignature(document) === signature) {
        annotator?.layout();
        return;
      }
      void audit(false);
    };

    const schedule = () => {
      const now = Date.now();
      if (timer === null) firstChange = now;
      else clearTimeout(timer);
      timer = ctx.setTimeout(onPageChanged, Math.min(DEBOUNCE_MS, Math.max(0, firstChange + MAX_WAIT_MS - now)));
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
        onMessage((message) => {
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

      if (hasTable) void ensureSettings().then(() => (live() ? audit(false) : null));
    } catch (e) {
      log('content script failed', e);
    }
  },
});
