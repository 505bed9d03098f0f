import { Window } from 'happy-dom';
import { readFileSync } from 'node:fs';

/** Parse an HTML string into a Document (happy-dom), without running scripts or loading anything. */
export function parseHtml(html: string, url = 'http://localhost/page.html'): Document {
  const window = new Window({
    url,
    settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true } },
  });
  const doc = new window.DOMParser().parseFromString(html, 'text/html');
  return doc as unknown as Document;
}

export const fixture = (path: string): string => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
