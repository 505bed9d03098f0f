import workerSrc from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?url';
import type { PageReport } from '../lib/messages';
import { auditDocument, type AuditOptions } from '../lib/audit';
import { extractDocument } from '../lib/extract';
import { pageReport } from '../lib/report/page-audit';
import { FileReadError, readFile, type FileReadErrorCode } from '../lib/files';
import type { BudgetDocument } from '../lib/model/document';
import type { Localized } from '../lib/model/finding';
import type { RawSource } from '../lib/model/raw';
import { t, type StringKey } from './i18n';
import { fetchedFileName } from './viewer-urls';

/**
 * The viewer's pipeline: bytes (a dropped file, or an attachment fetched on the user's request)
 * → lib/files readFile → extractDocument → auditDocument, all in the page. pdfjs runs its parser
 * in a worker shipped with the extension; the CMaps for Chinese fonts without embedded encodings
 * are packaged under /pdfjs/cmaps/ (wxt.config.ts). Nothing here reaches the network except
 * fetchAttachment, for the one address the user asked for.
 */

/** Where the packaged pdfjs CMaps are (an absolute URL: pdfjs fetches them from the page). */
export const CMAP_PATH = '/pdfjs/cmaps/';

/** How far the reading got, for the progress line. */
export type ReadProgress = { stage: 'pages'; done: number; total: number } | { stage: 'extracting' } | { stage: 'auditing' };

export type ViewerResult = {
  name: string;
  raw: RawSource;
  doc: BudgetDocument;
  report: PageReport;
};

/** Why a file gives nothing to show: a FileReadError's code, or a download that failed. */
export type ViewerFailure = { code: FileReadErrorCode | 'download' | 'failed'; message: Localized; detail: string | null };

/**
 * A paint between two synchronous stages, so the progress line shows; a page in a background tab
 * gets no animation frames, so the work goes on after a short timeout there.
 */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

/** Parse HTML in the page (a saved page, or Word's body as converted by mammoth): DOMParser runs no script and loads nothing. */
const parseHtml = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');

/**
 * Read and audit one file. `source` is what the report names (the attachment's address, or the
 * dropped file's name). Throws FileReadError for a file it cannot read.
 */
export async function readAndAudit(
  bytes: Uint8Array,
  name: string,
  source: string,
  options: { audit?: AuditOptions; onProgress?: (p: ReadProgress) => void } = {},
): Promise<ViewerResult> {
  const progress = options.onProgress ?? (() => undefined);
  const raw = await readFile(bytes, name, {
    parseHtml,
    pdf: {
      workerSrc,
      cMapUrl: new URL(CMAP_PATH, location.href).href,
      // the standard fonts only draw glyphs: text extraction reads their built-in metrics
      onProgress: (done, total) => progress({ stage: 'pages', done, total }),
    },
  });
  progress({ stage: 'extracting' });
  await nextPaint();
  const doc = extractDocument({ ...raw, source });
  progress({ stage: 'auditing' });
  await nextPaint();
  const audit = doc.tables.length ? auditDocument(doc, options.audit) : { findings: [], checks: [] };
  const report = pageReport({ url: source, pageTitle: raw.title ?? name }, new Date().toISOString(), doc, audit);
  return { name, raw, doc, report };
}

/** Anything thrown while reading, as what the viewer says. */
export function failureOf(e: unknown): ViewerFailure {
  if (e instanceof FileReadError) return { code: e.code, message: e.messages, detail: e.detail };
  if (e instanceof DownloadError) return { code: 'download', message: e.messages, detail: e.detail };
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { code: 'failed', message: both('viewerFailed'), detail };
}

/** A dictionary string in both languages. */
const both = (key: StringKey, vars: Record<string, string | number> = {}): Localized => ({ zh: t('zh', key, vars), en: t('en', key, vars) });

/** A download that did not give the file: an HTTP error, the network, or a site that refuses other origins. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  readonly messages: Localized;
  readonly detail: string | null;
  /** a network-level failure (no HTTP answer): what a site refusing cross-origin reads looks like too */
  readonly network: boolean;
  constructor(messages: Localized, detail: string | null, network: boolean) {
    super(`${messages.en}${detail ? ` (${detail})` : ''}`);
    this.messages = messages;
    this.detail = detail;
    this.network = network;
  }
}

/** Files larger than this are not downloaded (a disclosure is a few MB). */
export const MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024;

/**
 * Fetch the attachment the user asked for, with progress (bytes received, total when the server
 * says). No cookies are sent: the file is read as anyone would see it.
 */
export async function fetchAttachment(
  url: string,
  options: { signal?: AbortSignal; onProgress?: (received: number, total: number | null) => void } = {},
): Promise<{ bytes: Uint8Array; name: string }> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'omit', redirect: 'follow', cache: 'no-cache', ...(options.signal ? { signal: options.signal } : {}) });
  } catch (e) {
    throw new DownloadError(both('viewerDownloadNetwork'), e instanceof Error ? e.message : String(e), true);
  }
  if (!response.ok) {
    throw new DownloadError(both('viewerDownloadHttp', { status: response.status }), `${response.status} ${response.statusText}`.trim(), false);
  }
  const lengthHeader = Number(response.headers.get('content-length'));
  const total = Number.isFinite(lengthHeader) && lengthHeader > 0 ? lengthHeader : null;
  if (total !== null && total > MAX_DOWNLOAD_BYTES) throw tooLarge(total);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      if (received > MAX_DOWNLOAD_BYTES) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(received);
      }
      options.onProgress?.(received, total);
    }
  } else {
    const all = new Uint8Array(await response.arrayBuffer());
    chunks.push(all);
    received = all.byteLength;
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  const name = fetchedFileName(response.url || url, response.headers.get('content-type'), response.headers.get('content-disposition'));
  return { bytes, name };
}

function tooLarge(size: number): DownloadError {
  const mb = Math.round(size / 1024 / 1024);
  return new DownloadError(both('viewerDownloadTooLarge', { mb }), null, false);
}
