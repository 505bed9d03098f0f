import { useMemo } from 'preact/hooks';
import type { PageReport } from '../lib/messages';
import type { Finding, Severity } from '../lib/model/finding';
import { locateInPage } from '../lib/report/page-report';
import { FindingItem } from './FindingItem';
import { kindName, ruleName, t, type Lang } from './i18n';

type RuleGroup = { rule: string; findings: Finding[] };
/** A table of the page, the page's prose, or the disclosure as a whole (findings with no place). */
type Group = { key: string; table: PageReport['tables'][number] | null; place: 'table' | 'prose' | 'document'; rules: RuleGroup[]; count: number };

const PROSE = '#prose';
const DOCUMENT = '#document';

/** Findings grouped by table (in page order, then prose, then the whole document) and, inside, by rule. */
export function groupFindings(report: PageReport, filter: Severity | null): Group[] {
  const byKey = new Map<string, Map<string, Finding[]>>();
  for (const f of report.findings) {
    if (filter && f.severity !== filter) continue;
    const key = f.target?.type === 'cell' || f.target?.type === 'table' ? f.target.table : f.target?.type === 'text' ? PROSE : DOCUMENT;
    const rules = byKey.get(key) ?? new Map<string, Finding[]>();
    rules.set(f.rule, [...(rules.get(f.rule) ?? []), f]);
    byKey.set(key, rules);
  }
  const order = [...report.tables.map((t) => t.id), ...[...byKey.keys()].filter((k) => k !== PROSE && k !== DOCUMENT && !report.tables.some((t) => t.id === k)), PROSE, DOCUMENT];
  const groups: Group[] = [];
  for (const key of order) {
    const rules = byKey.get(key);
    if (!rules) continue;
    const list = [...rules].map(([rule, findings]) => ({ rule, findings }));
    groups.push({
      key,
      table: report.tables.find((t) => t.id === key) ?? null,
      place: key === PROSE ? 'prose' : key === DOCUMENT ? 'document' : 'table',
      rules: list,
      count: list.reduce((n, r) => n + r.findings.length, 0),
    });
  }
  return groups;
}

export function FindingList({ report, lang, filter, onSelect }: { report: PageReport; lang: Lang; filter: Severity | null; onSelect: (f: Finding) => void }) {
  const groups = useMemo(() => groupFindings(report, filter), [report, filter]);
  if (report.status === 'failed') return <p class="empty">{t(lang, 'failed', { error: report.error ?? '' })}</p>;
  if (report.status === 'no-tables' || report.tables.length === 0) return <p class="empty">{t(lang, 'noTables')}</p>;
  if (report.findings.length === 0) return <p class="empty clean">{t(lang, 'clean')}</p>;
  if (groups.length === 0) return <p class="empty">{t(lang, 'noneForFilter')}</p>;
  return (
    <div class="groups">
      {groups.map((g) => (
        <section class="table-group" key={g.key} data-table={g.table?.id ?? g.place}>
          <h2>
            <span class="table-title">{g.table ? g.table.title ?? g.table.id : t(lang, g.place === 'prose' ? 'prose' : 'documentLevel')}</span>
            {g.table ? <span class="kind">{kindName(lang, g.table.kind)}</span> : null}
            <span class="group-count">{g.count}</span>
          </h2>
          {g.rules.map((r) => (
            <section class="rule-group" key={r.rule} data-rule={r.rule}>
              <h3>{ruleName(lang, r.rule)}</h3>
              <ul class="findings">
                {r.findings.map((f) => (
                  <FindingItem key={f.id} finding={f} where={where(report, f, lang)} lang={lang} onSelect={onSelect} />
                ))}
              </ul>
            </section>
          ))}
        </section>
      ))}
    </div>
  );
}

/** The row and column of the finding's cell (the table is the group heading), or the paragraph. */
function where(report: PageReport, f: Finding, lang: Lang): string | null {
  const at = locateInPage(report, f);
  if (at.paragraph !== null) return t(lang, 'paragraph', { n: at.paragraph });
  return at.cell;
}
