import { decodeHtml } from '../lib/files/decode';

/**
 * lib/files/html.ts for the extension build (wxt.config.ts swaps it in): HTML parsed by the
 * page's own DOMParser, which runs no script and loads nothing. Same exports as the Node module.
 */
export function parseHtmlDocument(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

export function parseHtmlBytes(bytes: Uint8Array): Document {
  return parseHtmlDocument(decodeHtml(bytes));
}

/** Read a parsed page (the page's DOMParser needs no closing, unlike happy-dom in Node). */
export async function withHtml<T>(html: string, _url: string | undefined, read: (doc: Document) => T): Promise<T> {
  return read(parseHtmlDocument(html));
}
