import type { PageReport } from '../lib/messages';
import { SEVERITIES, type Severity } from '../lib/model/finding';
import { countBySeverity } from '../lib/report/audited';
import { formatTime, kindName, t, type Lang } from './i18n';

/** What was read from the page: department, year, unit, the tables by kind, and the findings by severity (the filter). */
export function PageSummary({ report, lang, filter, setFilter }: { report: PageReport; lang: Lang; filter: Severity | null; setFilter: (s: Severity | null) => void }) {
  const counts = countBySeverity(report.findings);
  const kinds = new Map<string, number>();
  for (const table of report.tables) kinds.set(table.kind, (kinds.get(table.kind) ?? 0) + 1);
  const audited = report.status === 'audited' && report.tables.length > 0;
  return (
    <div class="summary">
      {report.pageTitle ? <div class="page-title">{report.pageTitle}</div> : null}
      {audited ? (
        <dl class="facts">
          <div>
            <dt>{t(lang, 'department')}</dt>
            <dd data-fact="department">{report.department ?? t(lang, 'notRead')}</dd>
          </div>
          <div>
            <dt>{t(lang, 'year')}</dt>
            <dd data-fact="year">{report.year ?? t(lang, 'notRead')}</dd>
          </div>
          <div>
            <dt>{t(lang, 'unit')}</dt>
            <dd data-fact="unit">{report.unit ?? t(lang, 'notRead')}</dd>
          </div>
          <div>
            <dt>{t(lang, 'auditedAt')}</dt>
            <dd data-fact="audited-at">
              <time dateTime={report.auditedAt}>{formatTime(lang, report.auditedAt)}</time>
            </dd>
          </div>
        </dl>
      ) : null}
      {audited ? (
        <div class="kinds">
          <span class="tables-found">{t(lang, 'tablesFound', { n: report.tables.length })}</span>
          <ul class="kind-list">
            {[...kinds].map(([kind, n]) => (
              <li key={kind} data-kind={kind}>
                {t(lang, 'tableKindCount', { kind: kindName(lang, kind), n })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {audited && report.findings.length ? (
        <div class="counts" role="group" aria-label={t(lang, 'filterLabel')}>
          <button type="button" class="count all" data-filter="all" aria-pressed={filter === null} onClick={() => setFilter(null)}>
            {t(lang, 'all', { n: report.findings.length })}
          </button>
          {SEVERITIES.map((s) => (
            <button type="button" key={s} class={`count ${s}`} data-filter={s} aria-pressed={filter === s} disabled={counts[s] === 0} onClick={() => setFilter(filter === s ? null : s)}>
              {t(lang, s, { n: counts[s] })}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
