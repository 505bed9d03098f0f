import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { PageReport } from '../lib/messages';
import type { Finding, Severity } from '../lib/model/finding';
import { loadSettings, onMessage, parseReport, sendToBackground, sendToTab } from '../lib/messaging';
import { DEFAULT_SETTINGS } from '../lib/settings';
import { openViewerTab, tabUrl } from '../lib/viewer-access';
import { ExportBar, type Notice } from './ExportBar';
import { FindingList } from './FindingList';
import { PageSummary } from './PageSummary';
import { useDocumentLanguage, useLanguage } from './hooks';
import { t } from './i18n';
import { loadPageHighlights, savePageHighlights } from './page-highlights';
import { isPdfUrl, viewerQuery } from './viewer-urls';

/**
 * What the popup can show:
 * - unreachable: no content script answers in the tab (a page opened before the extension was
 *   installed, or a page extensions may not touch);
 * - not-audited: the content script is there but has not audited (auto-run off for the site).
 */
type State =
  | { phase: 'loading' }
  | { phase: 'auditing' }
  | { phase: 'no-tab' }
  | { phase: 'unreachable' }
  | { phase: 'not-audited' }
  | { phase: 'ready'; report: PageReport };

/** The tab to report on: ?tabId=N when the popup is opened as a page (tests), else the active tab. */
export async function popupTabId(search: string = location.search): Promise<number | null> {
  const fromUrl = new URLSearchParams(search).get('tabId');
  if (fromUrl && /^\d+$/.test(fromUrl)) return Number(fromUrl);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

export function Popup() {
  const lang = useLanguage();
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [tabId, setTabId] = useState<number | null>(null);
  const [filter, setFilter] = useState<Severity | null>(null);
  const [highlights, setHighlights] = useState<boolean>(DEFAULT_SETTINGS.annotate);
  const [notice, setNotice] = useState<Notice | null>(null);
  /** the tab's address when it shows a PDF (known through activeTab, granted by the toolbar click) */
  const [pdfUrl, setPdfUrl] = useState<string | null>(null);
  useDocumentLanguage(lang, t(lang, 'appName'));

  // a PDF tab: the browser's PDF viewer runs no content script, the attachment viewer reads it
  useEffect(() => {
    if (tabId === null) return undefined;
    let alive = true;
    void tabUrl(tabId).then((url) => alive && setPdfUrl(isPdfUrl(url) ? url : null));
    return () => {
      alive = false;
    };
  }, [tabId]);

  const auditPdf = async () => {
    if (pdfUrl === null) return;
    await openViewerTab(viewerQuery(pdfUrl), { tabId, index: null }).catch(() => undefined);
    window.close();
  };

  useEffect(() => {
    void (async () => {
      const id = await popupTabId().catch(() => null);
      setTabId(id);
      if (id === null) return setState({ phase: 'no-tab' });
      // the background's copy first; after the worker slept, the page's own
      const kept = parseReport(await sendToBackground({ type: 'get-report', tabId: id }).catch(() => null));
      if (kept) return setState({ phase: 'ready', report: kept });
      try {
        const fromPage = parseReport(await sendToTab(id, { type: 'get-page-report' }));
        setState(fromPage ? { phase: 'ready', report: fromPage } : { phase: 'not-audited' });
      } catch {
        setState({ phase: 'unreachable' });
      }
    })();
  }, []);

  // the highlights switch: the choice made for this page earlier in the session (re-applied, the
  // page may have been reloaded since), else the default from the options
  const pageUrl = state.phase === 'ready' ? state.report.url : null;
  useEffect(() => {
    if (tabId === null || pageUrl === null) return;
    let alive = true;
    void (async () => {
      const settings = await loadSettings().catch(() => DEFAULT_SETTINGS);
      const remembered = await loadPageHighlights(tabId, pageUrl);
      if (!alive) return;
      setHighlights(remembered ?? settings.annotate);
      if (remembered !== null && remembered !== settings.annotate) await sendToTab(tabId, { type: 'set-annotations', enabled: remembered }).catch(() => undefined);
    })();
    return () => {
      alive = false;
    };
  }, [tabId, pageUrl]);

  // a re-audit of the page (late tables, the page changing) updates the open popup
  useEffect(() => {
    if (tabId === null) return undefined;
    return onMessage((message, sender) => {
      if (message.type === 'page-report' && sender.tabId === tabId && (sender.frameId ?? 0) === 0) setState({ phase: 'ready', report: message.report });
      return undefined;
    }, ['page-report']);
  }, [tabId]);

  const auditNow = async () => {
    if (tabId === null) return;
    setNotice(null);
    setState({ phase: 'auditing' });
    try {
      const report = parseReport(await sendToTab(tabId, { type: 'audit-now' }));
      setState(report ? { phase: 'ready', report } : { phase: 'not-audited' });
    } catch {
      setState({ phase: 'unreachable' });
    }
  };

  const reveal = (f: Finding) => {
    if (tabId === null) return;
    setNotice(null);
    sendToTab(tabId, { type: 'reveal', findingId: f.id }).then(
      // false: the page has no place to show it (a finding about the disclosure as a whole)
      (shown) => setNotice(shown === false ? { key: 'revealNotFound' } : null),
      () => setNotice({ key: 'revealFailed' }),
    );
  };

  const toggleHighlights = async (enabled: boolean) => {
    if (tabId === null) return;
    setHighlights(enabled);
    try {
      await sendToTab(tabId, { type: 'set-annotations', enabled });
      if (pageUrl !== null) await savePageHighlights(tabId, pageUrl, enabled);
    } catch {
      setHighlights(!enabled);
      setNotice({ key: 'highlightsFailed' });
    }
  };

  const report = state.phase === 'ready' ? state.report : null;
  const audited = report !== null && report.status === 'audited' && report.tables.length > 0;
  return (
    <>
      <header>
        <div class="title-row">
          <h1>{t(lang, 'appName')}</h1>
          <span class="header-actions">
            {report ? (
              <button type="button" class="link" data-action="audit-again" onClick={() => void auditNow()}>
                {t(lang, 'auditAgain')}
              </button>
            ) : null}
            <button type="button" class="link" data-action="options" onClick={() => void browser.runtime.openOptionsPage()}>
              {t(lang, 'settings')}
            </button>
          </span>
        </div>
        {report ? <PageSummary report={report} lang={lang} filter={filter} setFilter={setFilter} /> : null}
      </header>
      <main data-phase={state.phase}>
        {state.phase === 'loading' ? <p class="empty">{t(lang, 'loading')}</p> : null}
        {state.phase === 'auditing' ? <p class="empty">{t(lang, 'auditing')}</p> : null}
        {state.phase === 'no-tab' ? <p class="empty">{t(lang, 'noTab')}</p> : null}
        {pdfUrl !== null ? (
          <div class="pdf-tab">
            <p>{t(lang, 'pdfTab')}</p>
            <button type="button" class="primary" data-action="audit-pdf" onClick={() => void auditPdf()}>
              {t(lang, 'auditPdf')}
            </button>
          </div>
        ) : null}
        {state.phase === 'unreachable' && pdfUrl === null ? (
          <p class="empty unreachable" role="alert">
            {t(lang, 'noContentScript')}
          </p>
        ) : null}
        {state.phase === 'not-audited' ? (
          <div class="empty">
            <p>{t(lang, 'notAudited')}</p>
            <button type="button" class="primary" data-action="audit-now" onClick={() => void auditNow()}>
              {t(lang, 'auditNow')}
            </button>
          </div>
        ) : null}
        {report ? <FindingList report={report} lang={lang} filter={filter} onSelect={reveal} /> : null}
      </main>
      {report && audited ? (
        <footer>
          <label class="toggle">
            <input type="checkbox" data-action="highlights" checked={highlights} onChange={(e) => void toggleHighlights(e.currentTarget.checked)} />
            {t(lang, 'highlights')}
          </label>
          <ExportBar report={report} lang={lang} notify={setNotice} />
        </footer>
      ) : null}
      <p class="notice" role="status" aria-live="polite">
        {notice ? t(lang, notice.key, notice.vars) : ''}
      </p>
    </>
  );
}
