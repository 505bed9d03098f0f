import type { RawSource } from '../model/raw';
import { FileReadError, errorDetail } from './error';
import { layoutPdf, isPageNumberLine, type PdfPage, type PdfRule, type PdfTextItem } from './pdf-layout';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPageProxy = Awaited<ReturnType<PdfDocument['getPage']>>;
type Matrix = [number, number, number, number, number, number];

export type PdfReadOptions = {
  /** Browser: URL of pdfjs-dist's pdf.worker(.min).mjs, set as GlobalWorkerOptions.workerSrc. Node needs none. */
  workerSrc?: string;
  /** A pdfjs PDFWorker to reuse across files (browser). */
  worker?: InstanceType<PdfJs['PDFWorker']>;
  /** Where pdfjs finds its packed CMaps (CJK fonts without embedded encodings); Node finds its own. */
  cMapUrl?: string;
  /** Where pdfjs finds the standard (non-embedded) font data; Node finds its own. */
  standardFontDataUrl?: string;
  /** Read at most this many pages (default 1000). */
  maxPages?: number;
  /** Load pdfjs another way (e.g. the modern build in the viewer); default: the legacy build. */
  loadPdfjs?: () => Promise<PdfJs>;
  /** Called after each page is read (pages read, pages to read): progress for long files. */
  onProgress?: (done: number, total: number) => void;
};

/** Below this many characters of real text (page numbers aside) a PDF is a scan. */
const MIN_TEXT_CHARS = 20;
/** Filled rectangles thinner than this (pt) are ruling lines. */
const RULE_THICKNESS = 2.5;

const isNode = (): boolean => typeof process !== 'undefined' && !!process.versions?.node;

async function nodeAssetUrls(): Promise<{ cMapUrl: string; standardFontDataUrl: string } | null> {
  if (!isNode()) return null;
  try {
    const { createRequire } = await import(/* @vite-ignore */ 'node:module');
    const require = createRequire(import.meta.url);
    const dir = require.resolve('pdfjs-dist/package.json').replace(/package\.json$/, '');
    return { cMapUrl: `${dir}cmaps/`, standardFontDataUrl: `${dir}standard_fonts/` };
  } catch {
    return null;
  }
}

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
const asMatrix = (v: unknown): Matrix | null =>
  Array.isArray(v) || ArrayBuffer.isView(v)
    ? ((): Matrix | null => {
        const a = Array.from(v as ArrayLike<number>);
        return a.length === 6 && a.every((n) => typeof n === 'number' && Number.isFinite(n)) ? (a as Matrix) : null;
      })()
    : null;

/** Text runs of a page in viewport coordinates (points, y down). */
async function pageItems(page: PdfPageProxy, vt: Matrix): Promise<PdfTextItem[]> {
  const content = await page.getTextContent();
  const out: PdfTextItem[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const tm = asMatrix(item.transform);
    if (!tm) continue;
    const m = multiply(vt, tm);
    const size = Math.hypot(m[2], m[3]) || Math.hypot(m[0], m[1]);
    if (!(size > 0)) continue;
    const along = Math.hypot(m[0], m[1]) || 1;
    const ux = m[0] / along;
    const uy = m[1] / along;
    // the run's box: along the text direction for `width`, up from the baseline by 0.8 em, down 0.2 em
    const upx = -m[2] / size;
    const upy = -m[3] / size;
    const [bx, by] = [m[4], m[5]];
    const w = item.width;
    const xs = [bx - 0.2 * size * upx, bx + 0.8 * size * upx, bx + w * ux - 0.2 * size * upx, bx + w * ux + 0.8 * size * upx];
    const ys = [by - 0.2 * size * upy, by + 0.8 * size * upy, by + w * uy - 0.2 * size * upy, by + w * uy + 0.8 * size * upy];
    const horizontal = Math.abs(uy) < 0.2;
    const x0 = Math.min(...xs);
    const x1 = Math.max(...xs);
    const top = Math.min(...ys);
    const bottom = Math.max(...ys);
    out.push({ text: item.str, x0, x1, top, bottom, baseline: horizontal ? by : bottom - 0.2 * size, size });
  }
  return out;
}

/** Ruling lines of a page: thin filled rectangles and axis-aligned stroked segments, in viewport coordinates. */
async function pageRules(pdfjs: PdfJs, page: PdfPageProxy, vt: Matrix): Promise<PdfRule[]> {
  const { OPS } = pdfjs;
  const ops = await page.getOperatorList();
  const rules: PdfRule[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const FILL = new Set<number>([OPS.fill, OPS.eoFill]);
  const STROKE = new Set<number>([OPS.stroke, OPS.closeStroke]);
  const BOTH = new Set<number>([OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const addSegment = (a: [number, number], b: [number, number]) => {
    const dx = Math.abs(a[0] - b[0]);
    const dy = Math.abs(a[1] - b[1]);
    if (dy < 0.8 && dx > 1) rules.push({ dir: 'h', at: (a[1] + b[1]) / 2, from: Math.min(a[0], b[0]), to: Math.max(a[0], b[0]) });
    else if (dx < 0.8 && dy > 1) rules.push({ dir: 'v', at: (a[0] + b[0]) / 2, from: Math.min(a[1], b[1]), to: Math.max(a[1], b[1]) });
  };
  const addFilled = (pts: Array<[number, number]>) => {
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const rectLike = pts.every((p) => (Math.abs(p[0] - x0) < 0.5 || Math.abs(p[0] - x1) < 0.5) && (Math.abs(p[1] - y0) < 0.5 || Math.abs(p[1] - y1) < 0.5));
    if (!rectLike) return;
    const w = x1 - x0;
    const h = y1 - y0;
    if (h <= RULE_THICKNESS && w > Math.max(1, 2 * h)) rules.push({ dir: 'h', at: (y0 + y1) / 2, from: x0, to: x1 });
    else if (w <= RULE_THICKNESS && h > Math.max(1, 2 * w)) rules.push({ dir: 'v', at: (x0 + x1) / 2, from: y0, to: y1 });
  };
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i]!;
    const args: unknown = ops.argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) {
      const m = asMatrix(args);
      if (m) ctm = multiply(ctm, m);
    } else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = Array.isArray(args) ? asMatrix(args[0]) : null;
      if (m) ctm = multiply(ctm, m);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.constructPath && Array.isArray(args)) {
      const paint = args[0];
      const fill = typeof paint === 'number' && (FILL.has(paint) || BOTH.has(paint));
      const stroke = typeof paint === 'number' && (STROKE.has(paint) || BOTH.has(paint));
      if (!fill && !stroke) continue;
      const holder: unknown = args[1];
      const raw: unknown = Array.isArray(holder) ? holder[0] : holder;
      if (!(Array.isArray(raw) || ArrayBuffer.isView(raw))) continue;
      const data = Array.from(raw as ArrayLike<number>);
      const m = multiply(vt, ctm);
      let path: Array<[number, number]> = [];
      const paths: Array<{ pts: Array<[number, number]>; closed: boolean }> = [];
      for (let k = 0; k < data.length; ) {
        const op = data[k]!;
        if (op === 0) {
          if (path.length) paths.push({ pts: path, closed: false });
          path = [apply(m, data[k + 1]!, data[k + 2]!)];
          k += 3;
        } else if (op === 1) {
          path.push(apply(m, data[k + 1]!, data[k + 2]!));
          k += 3;
        } else if (op === 2) {
          path.push(apply(m, data[k + 5]!, data[k + 6]!));
          path.push([Number.NaN, Number.NaN]);
          k += 7;
        } else if (op === 3) {
          path.push(apply(m, data[k + 3]!, data[k + 4]!));
          path.push([Number.NaN, Number.NaN]);
          k += 5;
        } else if (op === 4) {
          if (path.length) paths.push({ pts: path, closed: true });
          path = [];
          k += 1;
        } else break; // unknown drawing op: stop reading this path
      }
      if (path.length) paths.push({ pts: path, closed: false });
      for (const p of paths) {
        if (p.pts.some((q) => Number.isNaN(q[0]))) continue; // curves: not a ruling
        if (fill && p.pts.length >= 4) addFilled(p.pts);
        if (stroke) {
          for (let k = 1; k < p.pts.length; k++) addSegment(p.pts[k - 1]!, p.pts[k]!);
          if (p.closed && p.pts.length > 2) addSegment(p.pts[p.pts.length - 1]!, p.pts[0]!);
        }
      }
    }
  }
  return rules;
}

function mapLoadError(e: unknown): FileReadError {
  const name = e instanceof Error ? e.name : '';
  if (name === 'PasswordException') return new FileReadError('encrypted', errorDetail(e));
  return new FileReadError('corrupt', errorDetail(e));
}

const hasPdfHeader = (bytes: Uint8Array): boolean => {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
};

/**
 * A PDF's bytes → RawSource: text runs and ruling lines of every page, laid out into tables and
 * paragraphs by lib/files/pdf-layout. Throws FileReadError ('no-text' for scans, 'encrypted',
 * 'corrupt'), never a pdfjs error.
 */
export async function readPdf(bytes: Uint8Array, source: string, options: PdfReadOptions = {}): Promise<RawSource> {
  const { pages, title } = await readPdfPages(bytes, options);
  return layoutPdf(pages, source, title);
}

/** The text runs and ruling lines of every page (what layoutPdf reads), and the document's title. */
export async function readPdfPages(bytes: Uint8Array, options: PdfReadOptions = {}): Promise<{ pages: PdfPage[]; title: string | null }> {
  if (!bytes.length) throw new FileReadError('empty');
  if (!hasPdfHeader(bytes)) throw new FileReadError('corrupt', 'no %PDF- header');
  const pdfjs = await (options.loadPdfjs ?? (() => import('pdfjs-dist/legacy/build/pdf.mjs')))();
  if (options.workerSrc) pdfjs.GlobalWorkerOptions.workerSrc = options.workerSrc;
  const assets = options.cMapUrl && options.standardFontDataUrl ? null : await nodeAssetUrls();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes), // pdfjs takes ownership of the buffer it is given
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
    cMapPacked: true,
    ...(options.cMapUrl ?? assets?.cMapUrl ? { cMapUrl: options.cMapUrl ?? assets?.cMapUrl } : {}),
    ...(options.standardFontDataUrl ?? assets?.standardFontDataUrl ? { standardFontDataUrl: options.standardFontDataUrl ?? assets?.standardFontDataUrl } : {}),
    ...(options.worker ? { worker: options.worker } : {}),
  });
  let doc: PdfDocument;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw mapLoadError(e);
  }
  try {
    const pages: PdfPage[] = [];
    const count = Math.min(doc.numPages, options.maxPages ?? 1000);
    if (count === 0) throw new FileReadError('corrupt', 'no pages');
    let textChars = 0;
    for (let n = 1; n <= count; n++) {
      let page: PdfPageProxy;
      try {
        page = await doc.getPage(n);
      } catch (e) {
        throw new FileReadError('corrupt', `page ${n}: ${errorDetail(e)}`);
      }
      const viewport = page.getViewport({ scale: 1 });
      const vt = asMatrix(viewport.transform) ?? [1, 0, 0, -1, 0, viewport.height];
      let items: PdfTextItem[] = [];
      let rules: PdfRule[] = [];
      try {
        items = await pageItems(page, vt);
        rules = items.length ? await pageRules(pdfjs, page, vt) : [];
      } catch (e) {
        if (e instanceof FileReadError) throw e;
        // a damaged page: keep what the other pages give
      }
      textChars += items.filter((i) => !isPageNumberLine(i.text)).reduce((s, i) => s + i.text.replace(/\s+/g, '').length, 0);
      pages.push({ width: viewport.width, height: viewport.height, items, rules });
      page.cleanup();
      options.onProgress?.(n, count);
    }
    if (textChars < MIN_TEXT_CHARS) throw new FileReadError('no-text', `${count} page(s), ${textChars} characters of text`);
    let title: string | null = null;
    try {
      const meta = await doc.getMetadata();
      const info = meta.info as { Title?: unknown } | undefined;
      title = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim() : null;
    } catch {
      title = null;
    }
    return { pages, title };
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new FileReadError('corrupt', errorDetail(e));
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
