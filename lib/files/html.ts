import { Window } from 'happy-dom';
import { decodeHtml } from './decode';

/**
 * Parse an HTML page in Node (happy-dom) without running its scripts or loading anything, so
 * the same lib/dom readers the extension uses can read saved pages.
 */
export function parseHtmlDocument(html: string, url = 'http://localhost/'): Document {
  const window = new Window({
    url,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
    },
  });
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

export function parseHtmlBytes(bytes: Uint8Array, url?: string): Document {
  return parseHtmlDocument(decodeHtml(bytes), url);
}

/**
 * Read a parsed page with `read`, then close its happy-dom window and wait until it is closed:
 * an open window keeps the whole page alive (≈100 MB for a large disclosure), which exhausts
 * the heap over a folder. Whatever `read` returns must not point into the page, nor hold
 * strings V8 sliced from the page's text: each keeps the whole decoded source alive (1.4 MB
 * for the largest seed page). Copy such results, e.g. with structuredClone.
 */
export function withHtmlBytes<T>(bytes: Uint8Array, url: string | undefined, read: (doc: Document) => T): Promise<T> {
  return withHtml(decodeHtml(bytes), url, read);
}

/** withHtmlBytes for a page already decoded to a string (the HTML mammoth makes of a .docx). */
export async function withHtml<T>(html: string, url: string | undefined, read: (doc: Document) => T): Promise<T> {
  const doc = parseHtmlDocument(html, url);
  try {
    return read(doc);
  } finally {
    const view = doc.defaultView as unknown as { happyDOM?: { close(): Promise<void> } } | null;
    await view?.happyDOM?.close().catch(() => undefined);
  }
}
