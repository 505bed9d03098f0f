import type { Finding } from '../lib/model/finding';
import { t, type Lang, type StringKey } from './i18n';

const SEVERITY_KEYS: Record<Finding['severity'], StringKey> = { error: 'severityError', warning: 'severityWarning', rounding: 'severityRounding' };

/**
 * One finding: where it is, what is wrong, the figures compared and the computation. Click or
 * Enter (or Space) asks the page to show the cell.
 */
export function FindingItem({ finding, where, lang, onSelect }: { finding: Finding; where: string | null; lang: Lang; onSelect?: (f: Finding) => void }) {
  const select = () => onSelect?.(finding);
  const unit = finding.unit ? ` ${finding.unit}` : '';
  const figures = [
    finding.stated !== null ? `${t(lang, 'stated')} ${finding.stated}` : null,
    finding.expected !== null ? `${t(lang, 'expected')} ${finding.expected}` : null,
    finding.difference !== null ? `${t(lang, 'difference')} ${finding.difference}` : null,
  ].filter((x): x is string => x !== null);
  return (
    <li
      class={`finding ${finding.severity}`}
      tabIndex={0}
      role="button"
      title={t(lang, 'revealHint')}
      data-finding-id={finding.id}
      data-severity={finding.severity}
      onClick={select}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          select();
        }
      }}
    >
      <div class="where">
        <span class={`severity ${finding.severity}`}>{t(lang, SEVERITY_KEYS[finding.severity])}</span>
        {where ? <span class="cell">{where}</span> : null}
      </div>
      <div class="message">{finding.message[lang]}</div>
      {figures.length ? (
        <div class="figures">
          {figures.join(' · ')}
          {unit}
          {finding.tolerance !== null ? ` (${t(lang, 'tolerance', { value: finding.tolerance })})` : ''}
        </div>
      ) : null}
      <div class="computation">{finding.computation}</div>
    </li>
  );
}
