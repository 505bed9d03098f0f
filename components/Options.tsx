import { useEffect, useState } from 'preact/hooks';
import { loadSettings, saveSettings } from '../lib/messaging';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../lib/settings';
import { t, type Lang, type StringKey } from './i18n';
import { useDocumentLanguage } from './hooks';

type Status = { key: StringKey; vars?: Record<string, string> } | null;

const AUTO_RUN: ReadonlyArray<{ value: Settings['autoRun']; label: StringKey }> = [
  { value: 'everywhere', label: 'autoRunEverywhere' },
  { value: 'gov-sites', label: 'autoRunGov' },
  { value: 'listed', label: 'autoRunListed' },
  { value: 'never', label: 'autoRunNever' },
];

const TOLERANCE: ReadonlyArray<{ value: Settings['tolerance']; label: StringKey; help: StringKey }> = [
  { value: 'standard', label: 'toleranceStandard', help: 'toleranceStandardHelp' },
  { value: 'strict', label: 'toleranceStrict', help: 'toleranceStrictHelp' },
];

const LANGUAGES: ReadonlyArray<{ value: Lang; label: StringKey }> = [
  { value: 'zh', label: 'languageZh' },
  { value: 'en', label: 'languageEn' },
];

/** The textarea's sites: one per line (commas and spaces also separate), trimmed, without duplicates. */
export function parseSites(text: string): string[] {
  return [...new Set(text.split(/[\s,，、;；]+/).map((s) => s.trim().toLowerCase()).filter(Boolean))];
}

/** The options page: tolerance, where to audit automatically, language, page highlights. Saved with Save. */
export function Options() {
  const [draft, setDraft] = useState<Settings>(DEFAULT_SETTINGS);
  const [sites, setSites] = useState('');
  const [status, setStatus] = useState<Status>(null);
  const [loaded, setLoaded] = useState(false);
  // the page speaks the language being chosen, before it is saved
  const lang = draft.language;
  useDocumentLanguage(lang, t(lang, 'optionsTitle'));

  useEffect(() => {
    void loadSettings().then((s) => {
      setDraft(s);
      setSites(s.sites.join('\n'));
      setLoaded(true);
    });
  }, []);

  const update = (patch: Partial<Settings>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setStatus(null);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const next = parseSettings({ ...draft, sites: parseSites(sites) });
    try {
      await saveSettings(next);
      setDraft(next);
      setSites(next.sites.join('\n'));
      setStatus({ key: 'saved' });
    } catch (err) {
      setStatus({ key: 'saveFailed', vars: { error: err instanceof Error ? err.message : String(err) } });
    }
  };

  return (
    <form class="options" onSubmit={(e) => void save(e)} data-loaded={loaded}>
      <h1>{t(lang, 'optionsTitle')}</h1>

      <fieldset>
        <legend>{t(lang, 'toleranceHeading')}</legend>
        {TOLERANCE.map((o) => (
          <label class="choice" key={o.value}>
            <input type="radio" name="tolerance" value={o.value} checked={draft.tolerance === o.value} onChange={() => update({ tolerance: o.value })} />
            <span>
              <strong>{t(lang, o.label)}</strong>
              <span class="help">{t(lang, o.help)}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t(lang, 'autoRunHeading')}</legend>
        {AUTO_RUN.map((o) => (
          <label class="choice" key={o.value}>
            <input type="radio" name="autoRun" value={o.value} checked={draft.autoRun === o.value} onChange={() => update({ autoRun: o.value })} />
            <span>{t(lang, o.label)}</span>
          </label>
        ))}
        <label class="sites">
          <span>{t(lang, 'sitesLabel')}</span>
          <textarea
            name="sites"
            rows={5}
            spellcheck={false}
            disabled={draft.autoRun !== 'listed'}
            placeholder={'czj.beijing.gov.cn\n.gov.cn'}
            value={sites}
            onInput={(e) => {
              setSites(e.currentTarget.value);
              setStatus(null);
            }}
          />
          <span class="help">{t(lang, 'sitesHelp')}</span>
          {draft.autoRun === 'listed' && parseSites(sites).length === 0 ? <span class="warning">{t(lang, 'sitesEmpty')}</span> : null}
        </label>
      </fieldset>

      <fieldset>
        <legend>{t(lang, 'languageHeading')}</legend>
        {LANGUAGES.map((o) => (
          <label class="choice inline" key={o.value}>
            <input type="radio" name="language" value={o.value} checked={draft.language === o.value} onChange={() => update({ language: o.value })} />
            <span lang={o.value === 'zh' ? 'zh-CN' : 'en'}>{t(lang, o.label)}</span>
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t(lang, 'annotateHeading')}</legend>
        <label class="choice">
          <input type="checkbox" name="annotate" checked={draft.annotate} onChange={(e) => update({ annotate: e.currentTarget.checked })} />
          <span>{t(lang, 'annotateLabel')}</span>
        </label>
      </fieldset>

      <div class="actions">
        <button type="submit" class="primary" disabled={!loaded}>
          {t(lang, 'save')}
        </button>
        <span class="status" role="status" aria-live="polite">
          {status ? t(lang, status.key, status.vars) : ''}
        </span>
      </div>
    </form>
  );
}
