import { useState } from 'preact/hooks';
import type { PageReport } from '../lib/messages';
import { EXPORT_TYPES, exportFileName, exportPageReport, type ExportFormat } from '../lib/report/page-report';
import { t, type Lang, type StringKey } from './i18n';
import { copyText, downloadText } from './save-file';

const FORMATS: ReadonlyArray<{ format: ExportFormat; label: StringKey }> = [
  { format: 'md', label: 'formatMd' },
  { format: 'csv', label: 'formatCsv' },
  { format: 'json', label: 'formatJson' },
];

export type Notice = { key: StringKey; vars?: Record<string, string | number> };

/** The page's findings as Markdown, CSV or JSON: downloaded as a file or copied. */
export function ExportBar({ report, lang, notify }: { report: PageReport; lang: Lang; notify: (n: Notice) => void }) {
  const [format, setFormat] = useState<ExportFormat>('md');
  const content = () => exportPageReport(report, format, { generatedAt: new Date().toISOString() });
  const download = () => {
    const file = exportFileName(report, format);
    downloadText(content(), file, EXPORT_TYPES[format]);
    notify({ key: 'downloaded', vars: { file } });
  };
  const copy = async () => {
    try {
      await copyText(content());
      notify({ key: 'copied' });
    } catch (e) {
      notify({ key: 'copyFailed', vars: { error: e instanceof Error ? e.message : String(e) } });
    }
  };
  return (
    <div class="export">
      <label>
        <span class="label">{t(lang, 'exportLabel')}</span>
        <select id="export-format" aria-label={t(lang, 'exportFormat')} value={format} onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}>
          {FORMATS.map((f) => (
            <option key={f.format} value={f.format}>
              {t(lang, f.label)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-action="download" onClick={download}>
        {t(lang, 'download')}
      </button>
      <button type="button" data-action="copy" onClick={() => void copy()}>
        {t(lang, 'copy')}
      </button>
    </div>
  );
}
