import type { RawSource } from '../model/raw';
import { readDocument } from '../dom/source';
import { decodeHtml } from './decode';
import { readDocx, type DocxReadOptions } from './docx';
import { FileReadError } from './error';
import { readPdf, type PdfReadOptions } from './pdf';
import { readXlsx } from './xlsx';
import { sniffContainer } from './zip';

export { FileReadError, isFileReadError, type FileReadErrorCode } from './error';
export { readPdf, readPdfPages, type PdfReadOptions } from './pdf';
export { layoutPdf, type PdfPage, type PdfRule, type PdfTextItem } from './pdf-layout';
export { readDocx, type DocxReadOptions } from './docx';
export { readXlsx, formatNumber, displayText } from './xlsx';

export type FileKind = 'pdf' | 'docx' | 'xlsx' | 'html';

/** File name extensions the readers take. */
export const FILE_EXTENSIONS: Readonly<Record<string, FileKind>> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.xlsx': 'xlsx',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
};

export type ReadFileOptions = {
  pdf?: PdfReadOptions;
  /** Parse HTML (a saved page, or a .docx converted to HTML) into a Document; default happy-dom. */
  parseHtml?: DocxReadOptions['parseHtml'];
};

const extensionOf = (name: string): string => /\.[^./\\]+$/.exec(name.toLowerCase())?.[0] ?? '';

/** What a file is, by its first bytes first and its name second (a .pdf that is really HTML is read as HTML). */
export function detectKind(bytes: Uint8Array, name: string): FileKind | null {
  const byName = FILE_EXTENSIONS[extensionOf(name)] ?? null;
  const container = sniffContainer(bytes);
  if (container === 'pdf') return 'pdf';
  if (container === 'zip' || container === 'ole' || container === 'encrypted') return byName === 'docx' || byName === 'xlsx' ? byName : null;
  if (byName === 'html') return 'html';
  if (byName === null) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).toLowerCase();
    if (/<!doctype html|<html|<table/.test(head)) return 'html';
  }
  return byName;
}

/**
 * A file's bytes → RawSource, whatever it is: PDF, Word .docx, Excel .xlsx or a saved HTML page
 * (by magic bytes, then by extension). Throws FileReadError for anything it cannot read.
 */
export async function readFile(bytes: Uint8Array, name: string, options: ReadFileOptions = {}): Promise<RawSource> {
  if (!bytes.length) throw new FileReadError('empty');
  const kind = detectKind(bytes, name);
  const container = sniffContainer(bytes);
  if (!kind) {
    if (container === 'encrypted') throw new FileReadError('encrypted', name);
    throw new FileReadError('unsupported', `${name}${extensionOf(name) ? '' : ' (no extension)'}`);
  }
  switch (kind) {
    case 'pdf':
      return readPdf(bytes, name, options.pdf);
    case 'docx':
      return readDocx(bytes, name, options.parseHtml ? { parseHtml: options.parseHtml } : {});
    case 'xlsx':
      return readXlsx(bytes, name);
    case 'html': {
      const html = decodeHtml(bytes);
      if (options.parseHtml) return readDocument(await options.parseHtml(html), name).raw;
      // in Node: close the page's window once read, and copy what was read out of it (lib/files/html.ts)
      const { withHtml } = await import('./html');
      return withHtml(html, undefined, (doc) => structuredClone(readDocument(doc, name).raw));
    }
  }
}
