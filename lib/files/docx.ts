import type { RawSource } from '../model/raw';
import { readDocument } from '../dom/source';
import { FileReadError, errorDetail } from './error';
import { sniffContainer } from './zip';

export type DocxReadOptions = {
  /** Parse mammoth's HTML into a Document: the page's DOMParser in the browser; default happy-dom (lib/files/html). */
  parseHtml?: (html: string) => Document | Promise<Document>;
};

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** dc:title of docProps/core.xml, if the author filled it in. */
export function coreTitle(xml: string | null): string | null {
  if (!xml) return null;
  const m = /<dc:title>([\s\S]*?)<\/dc:title>/.exec(xml);
  const title = m?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
  return title ? title : null;
}

/** An on/off property switched off explicitly (w:val="0"/"false"/"off"): Word reads it as absent, mammoth as present. */
const TBL_HEADER_OFF = /<w:tblHeader\s+w:val="(?:0|false|off)"\s*\/>/g;

/**
 * The document's title (docProps/core.xml), and its bytes with the quirks mammoth misreads
 * removed: rows marked `<w:tblHeader w:val="off"/>` (written by several generators) would all
 * become header rows.
 */
async function prepare(bytes: Uint8Array): Promise<{ bytes: Uint8Array; title: string | null }> {
  let zip: JSZipInstance;
  try {
    const { default: JSZip } = await import('jszip');
    zip = await JSZip.loadAsync(bytes);
  } catch (e) {
    throw new FileReadError('corrupt', errorDetail(e));
  }
  let title: string | null = null;
  try {
    const core = zip.file('docProps/core.xml');
    title = coreTitle(core ? await core.async('string') : null);
  } catch {
    title = null;
  }
  const entry = zip.file('word/document.xml');
  if (!entry) throw new FileReadError('corrupt', 'no word/document.xml: not a Word document');
  const xml = await entry.async('string');
  if (!TBL_HEADER_OFF.test(xml)) return { bytes, title };
  zip.file('word/document.xml', xml.replace(TBL_HEADER_OFF, ''));
  return { bytes: await zip.generateAsync({ type: 'uint8array' }), title };
}

type JSZipInstance = Awaited<ReturnType<(typeof import('jszip'))['loadAsync']>>;

/**
 * A Word .docx → RawSource: mammoth turns the document body into HTML (tables keep their
 * colspan from w:gridSpan and their rowspan from w:vMerge; headers, footers, footnotes' layout
 * and images are left out), then the page reader (lib/dom/source) reads it like any page.
 */
export async function readDocx(bytes: Uint8Array, source: string, options: DocxReadOptions = {}): Promise<RawSource> {
  const container = sniffContainer(bytes);
  if (container === 'empty') throw new FileReadError('empty');
  if (container === 'encrypted') throw new FileReadError('encrypted', 'an encrypted Office document');
  if (container === 'ole') throw new FileReadError('unsupported', 'an old Word .doc (binary) file: save it as .docx');
  if (container !== 'zip') throw new FileReadError('corrupt', 'not a zip archive');
  const { bytes: fixed, title } = await prepare(bytes);
  const mammothModule = await import('mammoth');
  const mammoth = mammothModule.default ?? mammothModule;
  // mammoth's Node build takes a Buffer, its browser build an ArrayBuffer
  const input =
    typeof Buffer !== 'undefined'
      ? { buffer: Buffer.from(fixed.buffer, fixed.byteOffset, fixed.byteLength) }
      : { arrayBuffer: fixed.buffer.slice(fixed.byteOffset, fixed.byteOffset + fixed.byteLength) as ArrayBuffer };
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      input,
      { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })), externalFileAccess: false },
    );
    html = result.value;
  } catch (e) {
    throw new FileReadError('corrupt', errorDetail(e));
  }
  const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title ?? '')}</title></head><body>${html}</body></html>`;
  if (options.parseHtml) return readDocument(await options.parseHtml(page), source).raw;
  // in Node: close the page's window once read, and copy what was read out of it (lib/files/html.ts)
  const { withHtml } = await import('./html');
  return withHtml(page, undefined, (doc) => structuredClone(readDocument(doc, source).raw));
}
