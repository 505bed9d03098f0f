import { h, render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { createAnnotator, type Annotator, type CardRenderer } from '../lib/dom/annotate';
import type { Finding, Localized, Severity } from '../lib/model/finding';
import { loadSettings } from '../lib/messaging';
import { layoutOf } from '../lib/report/page-audit';
import { DEFAULT_SETTINGS } from '../lib/settings';
import { hasHostAccess, requestHostAccess } from '../lib/viewer-access';
import { AnnotationCard } from './AnnotationCard';
import { ExportBar, type Notice } from './ExportBar';
import { FindingList } from './FindingList';
import { PageSummary } from './PageSummary';
import { ViewerDocument } from './ViewerDocument';
import { useDocumentLanguage, useLanguage } from './hooks';
import { RULE_NAMES, t, type Lang } from './i18n';
import { domSourceOf } from './viewer-dom';
import { DownloadError, failureOf, fetchAttachment, readAndAudit, type ReadProgress, type ViewerFailure, type ViewerResult } from './viewer-read';
import { parseViewerTarget, type ViewerTarget } from './viewer-urls';

/**
 * The attachment viewer (viewer.html): open a PDF / Word / Excel / HTML file — dropped, picked,
 * or fetched from the ?url= the context menu or the popup passed — read and audit it in the page,
 * and show its tables as reconstructed with the same annotations, cards, findings list and
 * exports as a web page gets.
 */

type WebTarget = Extract<ViewerTarget, { kind: 'web' }>;

type State =
  | { phase: 'idle' }
  | { phase: 'local-file'; name: string }
  | { phase: 'bad-url'; url: string }
  | { phase: 'need-permission'; target: WebTarget; denied: boolean }
  | { phase: 'downloading'; url: string; received: number; total: number | null }
  | { phase: 'reading'; name: string; progress: ReadProgress | null }
  | { phase: 'failed'; name: string; failure: ViewerFailure }
  | { phase: 'ready'; result: ViewerResult };

const renderCard: CardRenderer = (container, model) => render(model ? h(AnnotationCard, { model }) : null, container);
const ruleTitle = (rule: string): Localized | null => RULE_NAMES[rule] ?? RULE_NAMES[rule.split('.')[0] ?? ''] ?? null;

const ACCEPT = '.pdf,.docx,.xlsx,.html,.htm,.xhtml,.doc,.xls,application/pdf';

function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function Progress({ state, lang }: { state: Extract<State, { phase: 'downloading' | 'reading' }>; lang: Lang }) {
  let label: string;
  let value: number | undefined;
  let max: number | undefined;
  if (state.phase === 'downloading') {
    label = `${t(lang, 'viewerDownloading', { url: state.url })} — ${
      state.total ? t(lang, 'viewerDownloadedOf', { received: bytesText(state.received), total: bytesText(state.total) }) : t(lang, 'viewerDownloaded', { received: bytesText(state.received) })
    }`;
    if (state.total) {
      value = state.received;
      max = state.total;
    }
  } else {
    const p = state.progress;
    if (p?.stage === 'pages') {
      label = t(lang, 'viewerReadingPages', { done: p.done, total: p.total });
      value = p.done;
      max = p.total;
    } else if (p?.stage === 'extracting') label = t(lang, 'viewerExtracting');
    else if (p?.stage === 'auditing') label = t(lang, 'auditing');
    else label = t(lang, 'viewerReading', { name: state.name });
  }
  return (
    <div class="progress" role="status" aria-live="polite" data-stage={state.phase === 'reading' ? (state.progress?.stage ?? 'start') : 'download'}>
      <progress {...(max !== undefined ? { value, max } : {})} aria-label={label} />
      <span class="progress-label">{label}</span>
    </div>
  );
}

export function Viewer() {
  const lang = useLanguage();
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [filter, setFilter] = useState<Severity | null>(null);
  const [highlights, setHighlights] = useState<boolean>(DEFAULT_SETTINGS.annotate);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [dragging, setDragging] = useState(false);
  const docRef = useRef<HTMLElement>(null);
  const pickRef = useRef<HTMLInputElement>(null);
  const annotatorRef = useRef<Annotator | null>(null);
  /** each read gets a number: a slower earlier read never overwrites a later one */
  const generation = useRef(0);
  const download = useRef<AbortController | null>(null);
  useDocumentLanguage(lang, state.phase === 'ready' ? `${state.result.name} — ${t(lang, 'viewerTitle')}` : t(lang, 'viewerTitle'));

  useEffect(() => {
    void loadSettings().then((s) => setHighlights(s.annotate), () => undefined);
  }, []);

  /** Read and audit bytes in the page. */
  const readBytes = async (bytes: Uint8Array, name: string, source: string): Promise<void> => {
    const g = ++generation.current;
    setFilter(null);
    setNotice(null);
    setState({ phase: 'reading', name, progress: null });
    const settings = await loadSettings().catch(() => DEFAULT_SETTINGS);
    try {
      const result = await readAndAudit(bytes, name, source, {
        audit: { tolerance: settings.tolerance },
        onProgress: (progress) => {
          if (g === generation.current) setState({ phase: 'reading', name, progress });
        },
      });
      if (g === generation.current) setState({ phase: 'ready', result });
    } catch (e) {
      if (g === generation.current) setState({ phase: 'failed', name, failure: failureOf(e) });
    }
  };

  const openLocal = async (file: File): Promise<void> => {
    download.current?.abort();
    // the page now shows this file: a reload must not fetch the earlier ?url= again
    if (location.search) history.replaceState(null, '', location.pathname);
    const g = ++generation.current;
    setState({ phase: 'reading', name: file.name, progress: null });
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (e) {
      if (g === generation.current) setState({ phase: 'failed', name: file.name, failure: failureOf(e) });
      return;
    }
    if (g === generation.current) await readBytes(bytes, file.name, file.name);
  };

  /**
   * Fetch an attachment the user asked for. With the site's permission the browser lets the
   * viewer read it; without, only a site that allows other origins answers: when it does not, the
   * viewer asks for the permission (the button) instead of failing.
   */
  const openWeb = async (target: WebTarget): Promise<void> => {
    download.current?.abort();
    const controller = new AbortController();
    download.current = controller;
    const g = ++generation.current;
    setState({ phase: 'downloading', url: target.url, received: 0, total: null });
    const granted = await hasHostAccess(target.pattern);
    let fetched: { bytes: Uint8Array; name: string };
    try {
      fetched = await fetchAttachment(target.url, {
        signal: controller.signal,
        onProgress: (received, total) => {
          if (g === generation.current) setState({ phase: 'downloading', url: target.url, received, total });
        },
      });
    } catch (e) {
      if (g !== generation.current) return;
      if (e instanceof DownloadError && e.network && !granted) setState({ phase: 'need-permission', target, denied: false });
      else setState({ phase: 'failed', name: target.url, failure: failureOf(e) });
      return;
    }
    if (g === generation.current) await readBytes(fetched.bytes, fetched.name, target.url);
  };

  /** The permission button: the request must be the first thing the click does (a user gesture). */
  const grant = (target: WebTarget) => {
    void requestHostAccess(target.pattern).then((ok) => {
      if (ok) void openWeb(target);
      else setState({ phase: 'need-permission', target, denied: true });
    });
  };

  // what ?url= asks for
  useEffect(() => {
    const target = parseViewerTarget(location.search);
    if (target.kind === 'web') void openWeb(target);
    else if (target.kind === 'file') setState({ phase: 'local-file', name: target.name || target.url });
    else if (target.kind === 'invalid') setState({ phase: 'bad-url', url: target.raw });
    return () => download.current?.abort();
  }, []);

  // drop a file anywhere on the page
  useEffect(() => {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) void openLocal(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  // the annotations over the rendered document, through the page's own annotator
  const result = state.phase === 'ready' ? state.result : null;
  useEffect(() => {
    const root = docRef.current;
    if (!result || !root) return undefined;
    annotatorRef.current ??= createAnnotator({ document, renderCard, lang, ruleTitle, onError: (e) => console.warn('[Budget Lens] annotation failed', e) });
    const annotator = annotatorRef.current;
    annotator.setEnabled(highlights);
    const dom = domSourceOf(root, result.raw);
    annotator.update(result.report.findings.length ? { findings: result.report.findings, layout: layoutOf(result.doc), dom } : null);
    return () => annotator.update(null);
  }, [result]);
  useEffect(() => annotatorRef.current?.setLanguage(lang), [lang]);
  useEffect(() => annotatorRef.current?.setEnabled(highlights), [highlights]);
  useEffect(() => () => annotatorRef.current?.destroy(), []);

  const reveal = (f: Finding) => {
    setNotice(null);
    const shown = annotatorRef.current?.reveal(f.id) ?? false;
    if (!shown) setNotice({ key: 'revealNotFound' });
  };

  const pick = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void openLocal(file);
    input.value = '';
  };

  const busy = state.phase === 'downloading' || state.phase === 'reading';
  const report = result?.report ?? null;
  const audited = report !== null && report.status === 'audited' && report.tables.length > 0;
  return (
    <div class={`viewer${dragging ? ' dragging' : ''}`} data-phase={state.phase}>
      <header class="bar">
        <h1>{t(lang, 'viewerTitle')}</h1>
        {result ? (
          <span class="file-name" data-field="file">
            {t(lang, 'viewerSource', { name: result.name })}
          </span>
        ) : null}
        <label class="button pick">
          {t(lang, result ? 'viewerOpenAnother' : 'viewerPick')}
          <input ref={pickRef} type="file" accept={ACCEPT} data-action="pick" onChange={pick} />
        </label>
      </header>
      <div class="drop-overlay" aria-hidden="true">
        {t(lang, 'viewerDropHere')}
      </div>
      {result ? (
        <div class="layout">
          <main class="document-pane" data-phase="ready">
            <ViewerDocument doc={result.doc} raw={result.raw} lang={lang} rootRef={docRef} />
          </main>
          <aside class="side" aria-label={t(lang, 'viewerFindingsHeading')}>
            <PageSummary report={result.report} lang={lang} filter={filter} setFilter={setFilter} />
            {audited ? (
              <div class="tools">
                <label class="toggle">
                  <input type="checkbox" data-action="highlights" checked={highlights} onChange={(e) => setHighlights(e.currentTarget.checked)} />
                  {t(lang, 'highlights')}
                </label>
                <ExportBar report={result.report} lang={lang} notify={setNotice} />
              </div>
            ) : null}
            <p class="notice" role="status" aria-live="polite">
              {notice ? t(lang, notice.key, notice.vars) : ''}
            </p>
            <div class="findings-pane">
              <FindingList report={result.report} lang={lang} filter={filter} onSelect={reveal} />
            </div>
          </aside>
        </div>
      ) : (
        <main class="start" data-phase={state.phase}>
          {busy ? <Progress state={state} lang={lang} /> : null}
          {state.phase === 'failed' ? (
            <div class="alert failure" role="alert" data-code={state.failure.code}>
              <h2>{t(lang, 'viewerCannotRead', { name: state.name })}</h2>
              <p class="reason">{state.failure.message[lang]}</p>
              {state.failure.detail ? (
                <details>
                  <summary>{t(lang, 'viewerTechnical')}</summary>
                  <code>{state.failure.detail}</code>
                </details>
              ) : null}
              <p>{t(lang, 'viewerTryAnother')}</p>
            </div>
          ) : null}
          {state.phase === 'need-permission' ? (
            <div class="alert permission" data-host={state.target.host}>
              <p>{t(lang, state.denied ? 'viewerDenied' : 'viewerNeedPermission', { host: state.target.host })}</p>
              <p class="url">{state.target.url}</p>
              <button type="button" class="primary" data-action="grant" onClick={() => grant(state.target)}>
                {t(lang, 'viewerGrant', { host: state.target.host })}
              </button>
            </div>
          ) : null}
          {state.phase === 'local-file' ? (
            <div class="alert local" role="alert">
              <p>{t(lang, 'viewerLocalFile', { name: state.name })}</p>
            </div>
          ) : null}
          {state.phase === 'bad-url' ? (
            <div class="alert bad-url" role="alert">
              <p>{t(lang, 'viewerBadUrl', { url: state.url })}</p>
            </div>
          ) : null}
          {busy ? null : (
            <div class="dropzone">
              <p>{t(lang, 'viewerIntro')}</p>
              <button type="button" class="primary" data-action="choose" onClick={() => pickRef.current?.click()}>
                {t(lang, 'viewerPick')}
              </button>
            </div>
          )}
        </main>
      )}
    </div>
  );
}
