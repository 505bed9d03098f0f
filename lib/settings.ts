/**
 * The user's options, parsed wherever they are read from storage: a damaged or older stored value
 * falls back to the defaults field by field, unknown fields are dropped. Parsed by hand rather
 * than with zod: the content script reads the settings, and it is loaded into every page — zod
 * (even zod/mini) adds about 5 KB gzipped and a millisecond of parsing to every page load.
 */
export type Settings = {
  /** standard: infer the rounding quantum from the data; strict: only what the figures print */
  tolerance: 'standard' | 'strict';
  /** where the content script audits by itself; elsewhere only on demand from the popup */
  autoRun: 'everywhere' | 'gov-sites' | 'listed' | 'never';
  /** host names (or suffixes like .gov.cn) for autoRun 'listed' */
  sites: string[];
  language: 'zh' | 'en';
  /** show highlights on the page (the popup can toggle them per page) */
  annotate: boolean;
};

export const DEFAULT_SETTINGS: Settings = { tolerance: 'standard', autoRun: 'everywhere', sites: [], language: 'zh', annotate: true };

const TOLERANCES = ['standard', 'strict'] as const;
const AUTO_RUN = ['everywhere', 'gov-sites', 'listed', 'never'] as const;
const LANGUAGES = ['zh', 'en'] as const;

/** `value` when it is one of `allowed`, else `fallback`. */
const oneOf = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

export function parseSettings(input: unknown): Settings {
  const o: Record<string, unknown> = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const sites = o.sites;
  return {
    tolerance: oneOf(o.tolerance, TOLERANCES, DEFAULT_SETTINGS.tolerance),
    autoRun: oneOf(o.autoRun, AUTO_RUN, DEFAULT_SETTINGS.autoRun),
    sites: Array.isArray(sites) && sites.every((s) => typeof s === 'string') ? [...(sites as string[])] : [],
    language: oneOf(o.language, LANGUAGES, DEFAULT_SETTINGS.language),
    annotate: typeof o.annotate === 'boolean' ? o.annotate : DEFAULT_SETTINGS.annotate,
  };
}

/** Government sites: .gov.cn and its provincial/municipal subdomains, plus local files. */
const GOV_HOST = /(^|\.)gov\.cn$/i;

/** Should the content script audit this URL without being asked? */
export function shouldAutoRun(settings: Settings, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  switch (settings.autoRun) {
    case 'everywhere':
      return true;
    case 'never':
      return false;
    case 'gov-sites':
      return parsed.protocol === 'file:' || GOV_HOST.test(parsed.hostname);
    case 'listed': {
      const host = parsed.hostname.toLowerCase();
      return settings.sites.some((s) => {
        const site = s.trim().toLowerCase().replace(/^\*?\./, '');
        return site !== '' && (host === site || host.endsWith(`.${site}`));
      });
    }
  }
}
