/**
 * Pure helpers of the viewer and its ways in (context menu, popup): which links are attachments,
 * what a ?url= asks for, the match pattern of an origin, a file name for fetched bytes. No
 * browser.* here: lib/viewer-access.ts holds the calls.
 */

/** The attachment file types the context menu is offered on (legacy .doc/.xls included: the viewer says it cannot read them). */
export const ATTACHMENT_TYPES = ['pdf', 'doc', 'docx', 'xls', 'xlsx'] as const;

/**
 * targetUrlPatterns of the context menu item: links whose path ends in .pdf / .doc(x) / .xls(x),
 * with or without a query (a match pattern's path is matched against path and query), in the
 * letter cases seen on government sites (match patterns are case-sensitive), on web sites and
 * local files (for which the viewer explains that the file must be dropped on it instead).
 */
export function attachmentLinkPatterns(): string[] {
  const out: string[] = [];
  for (const ext of ATTACHMENT_TYPES) {
    for (const spelled of new Set([ext, ext.toUpperCase(), ext[0]!.toUpperCase() + ext.slice(1)])) {
      out.push(`*://*/*.${spelled}`, `*://*/*.${spelled}?*`, `file:///*.${spelled}`);
    }
  }
  return out;
}

const extensionOf = (path: string): string => /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';

const parseUrl = (raw: string): URL | null => {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
};

/**
 * Does this address show a PDF (a tab in the browser's PDF viewer)? By the path's extension, or a
 * query value naming a .pdf file (download.jsp?file=预算.pdf). Addresses without either cannot be
 * told apart from pages without the network, which the popup does not use.
 */
export function isPdfUrl(raw: string | null | undefined): boolean {
  const url = raw ? parseUrl(raw) : null;
  if (!url || !/^(https?|file):$/.test(url.protocol)) return false;
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it encoded
  }
  if (extensionOf(path) === 'pdf') return true;
  for (const value of url.searchParams.values()) if (extensionOf(value.trim()) === 'pdf') return true;
  return false;
}

/** What the viewer was asked to open with ?url=. */
export type ViewerTarget =
  | { kind: 'none' }
  | { kind: 'web'; url: string; /** the host name, without a port: the permission covers every port */ host: string; origin: string; pattern: string }
  | { kind: 'file'; url: string; name: string }
  | { kind: 'invalid'; raw: string };

/** The match pattern for every address of an origin's host (any port), as permissions.request takes it. */
export function originPattern(url: URL): string {
  return `${url.protocol}//${url.hostname}/*`;
}

/** The viewer page's query for an attachment address. */
export function viewerQuery(url: string | null): string {
  return url ? `?url=${encodeURIComponent(url)}` : '';
}

/** Read the viewer's ?url= (null search: none). */
export function parseViewerTarget(search: string): ViewerTarget {
  const raw = new URLSearchParams(search).get('url');
  if (raw === null || raw.trim() === '') return { kind: 'none' };
  const url = parseUrl(raw.trim());
  if (!url) return { kind: 'invalid', raw };
  if (url.protocol === 'file:') return { kind: 'file', url: url.href, name: fileNameOf(url) };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'invalid', raw };
  return { kind: 'web', url: url.href, host: url.hostname, origin: url.origin, pattern: originPattern(url) };
}

function fileNameOf(url: URL): string {
  const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

const TYPE_EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': '.pdf',
  'application/x-pdf': '.pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'application/msword': '.doc',
  'application/vnd.ms-excel': '.xls',
  'text/html': '.html',
  'application/xhtml+xml': '.xhtml',
};

/** The file name a Content-Disposition header gives (filename*=UTF-8''… first), or null. */
export function dispositionName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star?.[2]) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to filename=
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  const name = (plain?.[2] ?? plain?.[1] ?? '').trim();
  if (!name) return null;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * The name to read fetched bytes under: the server's Content-Disposition name, else the last
 * path segment; given the extension its Content-Type says when the name has none of ours (the
 * readers sniff PDFs by their bytes, but Word and Excel files are both zip archives).
 */
export function fetchedFileName(url: string, contentType: string | null, disposition: string | null): string {
  const parsed = parseUrl(url);
  let name = dispositionName(disposition) ?? (parsed ? fileNameOf(parsed) : '') ?? '';
  name = name.replace(/[\\/]/g, '_').trim();
  const known = ['pdf', 'docx', 'xlsx', 'doc', 'xls', 'html', 'htm', 'xhtml'];
  if (!known.includes(extensionOf(name))) {
    const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const ext = TYPE_EXTENSIONS[type];
    if (ext) name = `${name || 'attachment'}${ext}`;
  }
  return name || 'attachment';
}
