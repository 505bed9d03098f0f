import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { PageReport } from '../lib/messages';
import type { Finding, Severity } from '../lib/model/finding';
import { parseReport, sendToBackground, sendToTab } from '../lib/messaging';
import { FindingItem } from './FindingItem';
import { KIND_NAMES, t, type Lang } from './i18n';

type State = { phase: 'loading' } | { phase: 'none' } | { phase: 'unreachable' } | { phase: 'ready'; report: PageReport };

async function activeTabId(): Promise<number | null> {
  const fromUrl = new URLSearchParams(location.search).get('tabId');
  if (fromUrl && /^\d+$/.test(fromUrl)) return Number(fromUrl);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

export function Popup() {
  const [lang] = useState<Lang>('zh');
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [tabId, setTabId] = useState<number | null>(null);
  const [filter, setFilter] = useState<Severity | null>(null);

  useEffect(() => {
    void (async () => {
      const id = await activeTabId();
      setTabId(id);
      if (id === null) return setState({ phase: 'unreachable' });
      const report = parseReport(await sendToBackground({ type: 'get-report', tabId: id }).catch(() => null));
      setState(report ? { phase: 'ready', report } : { phase: 'none' });
    })();
  }, []);

  const auditNow = async () => {
    if (tabId === null) return;
    setState({ phase: 'loading' });
    const report = parseReport(await sendToTab(tabId, { type: 'audit-now' }).catch(() => null));
    setState(report ? { phase: 'ready', report } : { phase: 'unreachable' });
  };

  const reveal = (f: Finding) => {
    if (tabId !== null) void sendToTab(tabId, { type: 'reveal', findingId: f.id }).catch(() => undefined);
  };

  return (
    <>
      <header>
        <h1>{t(lang, 'appName')}</h1>
        {state.phase === 'ready' ? <Summary report={state.report} lang={lang} filter={filter} setFilter={setFilter} /> : null}
      </header>
      <main>
        {state.phase === 'loading' ? <p class="empty">{t(lang, 'auditing')}</p> : null}
        {state.phase === 'unreachable' ? <p class="empty">{t(lang, 'cannotReach')}</p> : null}
        {state.phase === 'none' ? (
          <div class="empty">
            <p>{t(lang, 'notAudited')}</p>
            <button class="primary" onClick={auditNow}>{t(lang, 'auditNow')}</button>
          </div>
        ) : null}
        {state.phase === 'ready' ? <Findings report={state.report} lang={lang} filter={filter} onSelect={reveal} /> : null}
      </main>
    </>
  );
}

function Summary({ report, lang, filter, setFilter }: { report: PageReport; lang: Lang; filter: Severity | null; setFilter: (s: Severity | null) => void }) {
  const counts = { error: 0, warning: 0, rounding: 0 };
  for (const f of report.findings) counts[f.severity]++;
  return (
    <>
      <div class="meta">
        {[report.department, report.year ? `${report.year}` : null, report.unit].filter(Boolean).join(' · ')}
        {report.tables.length ? ` · ${report.tables.length} ${t(lang, 'tables')}` : ''}
      </div>
      <div class="counts">
        {(['error', 'warning', 'rounding'] as const).map((s) => (
          <button class={`count ${s}`} aria-pressed={filter === s} onClick={() => setFilter(filter === s ? null : s)}>
            {counts[s]} {t(lang, s)}
          </button>
        ))}
      </div>
    </>
  );
}

function Findings({ report, lang, filter, onSelect }: { report: PageReport; lang: Lang; filter: Severity | null; onSelect: (f: Finding) => void }) {
  const groups = useMemo(() => {
    const byTable = new Map<string, Finding[]>();
    for (const f of report.findings) {
      if (filter && f.severity !== filter) continue;
      const key = f.target?.type === 'cell' || f.target?.type === 'table' ? f.target.table : '';
      byTable.set(key, [...(byTable.get(key) ?? []), f]);
    }
    return byTable;
  }, [report, filter]);
  if (report.status === 'failed') return <p class="empty">{t(lang, 'failed')}{report.error}</p>;
  if (report.status === 'no-tables') return <p class="empty">{t(lang, 'noTables')}</p>;
  if (report.findings.length === 0) return <p class="empty">{t(lang, 'clean')}</p>;
  return (
    <>
      {[...groups].map(([tableId, findings]) => {
        const table = report.tables.find((x) => x.id === tableId);
        return (
          <section class="table" key={tableId}>
            <h2>
              {table ? table.title ?? tableId : t(lang, 'document')}
              {table ? <span class="kind">{KIND_NAMES[table.kind]?.[lang]}</span> : null}
            </h2>
            <ul class="findings">
              {findings.map((f) => <FindingItem key={f.id} finding={f} lang={lang} onSelect={onSelect} />)}
            </ul>
          </section>
        );
      })}
    </>
  );
}
