import { useEffect, useState } from 'preact/hooks';
import { loadSettings, onSettingsChanged } from '../lib/messaging';
import { DEFAULT_SETTINGS } from '../lib/settings';
import type { Lang } from './i18n';

/** Apply the language to the page itself: <html lang> and the window title. */
export function useDocumentLanguage(lang: Lang, title: string): void {
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = title;
  }, [lang, title]);
}

/** The UI language from the settings, following changes made in the options page. */
export function useLanguage(): Lang {
  const [lang, setLang] = useState<Lang>(DEFAULT_SETTINGS.language);
  useEffect(() => {
    let alive = true;
    void loadSettings().then((s) => alive && setLang(s.language));
    const off = onSettingsChanged((s) => setLang(s.language));
    return () => {
      alive = false;
      off();
    };
  }, []);
  return lang;
}
