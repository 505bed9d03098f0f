import { defineContentScript } from 'wxt/utils/define-content-script';
import { auditPage, type PageAudit } from '../lib/dom/audit-page';
import { onMessage, sendToBackground } from '../lib/messaging';

/** Re-audit at most this often while the page keeps changing (tables loaded late, SPA tabs). */
const DEBOUNCE_MS = 800;

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*', 'file:///*'],
  runAt: 'document_idle',
  main(ctx) {
    let last: PageAudit | null = null;
    let timer: number | null = null;

    const run = (force: boolean): PageAudit | null => {
      // The cheap bail-out: a page without a <table> costs one query.
      if (!force && !document.querySelector('table')) return null;
      try {
        last = auditPage(document, location.href);
        if (last.report.status !== 'no-tables' || force) void sendToBackground({ type: 'page-report', report: last.report }).catch(() => undefined);
        return last;
      } catch (e) {
        console.warn('[Budget Lens] audit failed', e);
        return null;
      }
    };

    run(false);

    const observer = new MutationObserver((mutations) => {
      if (!mutations.some((m) => Array.from(m.addedNodes).some((n) => n.nodeType === 1))) return;
      if (timer !== null) clearTimeout(timer);
      timer = ctx.setTimeout(() => {
        timer = null;
        run(false);
      }, DEBOUNCE_MS);
    });
    observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true });
    ctx.onInvalidated(() => observer.disconnect());

    const unsubscribe = onMessage((message) => {
      if (message.type === 'audit-now') return Promise.resolve(run(true)?.report ?? null);
      return undefined;
    });
    ctx.onInvalidated(unsubscribe);
  },
});
