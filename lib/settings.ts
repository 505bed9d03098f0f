import { z } from 'zod';

/**
 * The user's options. Parsed with zod wherever they are read from storage: a damaged or older
 * stored value falls back to the defaults field by field.
 */
export const SettingsSchema = z.object({
  /** standard: infer the rounding quantum from the data; strict: only what the figures print */
  tolerance: z.enum(['standard', 'strict']).catch('standard'),
  /** where the content script audits by itself; elsewhere only on demand from the popup */
  autoRun: z.enum(['everywhere', 'gov-sites', 'listed', 'never']).catch('everywhere'),
  /** host names (or suffixes like .gov.cn) for autoRun 'listed' */
  sites: z.array(z.string()).catch([]),
  language: z.enum(['zh', 'en']).catch('zh'),
  /** show highlights on the page (the popup can toggle them per page) */
  annotate: z.boolean().catch(true),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

export function parseSettings(input: unknown): Settings {
  const r = SettingsSchema.safeParse(typeof input === 'object' && input !== null ? input : {});
  return r.success ? r.data : DEFAULT_SETTINGS;
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
