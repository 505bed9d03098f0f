import { readFileSync } from 'node:fs';
import { parseHtmlDocument } from '../../lib/files/html';

/** Parse an HTML string into a Document (happy-dom), without running scripts or loading anything. */
export const parseHtml = (html: string, url = 'http://localhost/page.html'): Document => parseHtmlDocument(html, url);

export const fixture = (path: string): string => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
