import type { Finding } from '../lib/model/finding';
import { t, type Lang } from './i18n';

export function FindingItem({ finding, lang, onSelect }: { finding: Finding; lang: Lang; onSelect?: (f: Finding) => void }) {
  const select = () => onSelect?.(finding);
  return (
    <li
      class={`finding ${finding.severity}`}
      tabIndex={0}
      data-finding-id={finding.id}
      onClick={select}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          select();
        }
      }}
    >
      <div>{finding.message[lang]}</div>
      <div class="computation">
        [{finding.rule}] {finding.computation}
        {finding.tolerance !== null ? ` (${t(lang, 'tolerance')} ±${finding.tolerance})` : ''}
      </div>
    </li>
  );
}
