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
 * Read a parsed page with `read`, then close its happy-dom window: an open window keeps the
 * whole page alive (≈100 MB for a large disclosure), which exhausts the heap over a folder.
 */
export function withHtmlBytes<T>(bytes: Uint8Array, url: string | undefined, read: (doc: Document) => T): T {
  const doc = parseHtmlBytes(bytes, url);
  try {
    return read(doc);
  } finally {
    const view = doc.defaultView as unknown as { happyDOM?: { close(): Promise<void> } } | null;
    void view?.happyDOM?.close().catch(() => undefined);
  }
}
