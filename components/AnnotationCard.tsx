import type { CardFinding, CardModel } from '../lib/dom/annotate';
import { SEVERITY_GLYPH, SEVERITY_NAME, type UiLang } from '../lib/dom/annotate-model';

/**
 * The card shown over an annotated cell or sentence (inside the annotation layer's shadow root;
 * styles in lib/dom/annotate-style.ts). Preact escapes every string: page text is never HTML.
 */

const STRINGS = {
  stated: { zh: '表中数', en: 'Stated' },
  statedInText: { zh: '正文数', en: 'Stated in text' },
  expected: { zh: '应为', en: 'Expected' },
  difference: { zh: '差额', en: 'Difference' },
  tolerance: { zh: '容差', en: 'Tolerance' },
  related: { zh: '相关数字（点击跳转）', en: 'Related figures (click to jump)' },
  notOnPage: { zh: '不在本页', en: 'not on this page' },
  close: { zh: '关闭', en: 'Close' },
  findings: { zh: '此处的问题', en: 'Findings here' },
} as const;

const s = (lang: UiLang, key: keyof typeof STRINGS): string => STRINGS[key][lang];

function signed(value: string): string {
  return value.startsWith('-') ? `−${value.slice(1)}` : `+${value}`;
}

function FindingBody({ item, lang, onJump }: { item: CardFinding; lang: UiLang; onJump: (index: number) => void }) {
  const f = item.finding;
  const unit = f.unit ? ` ${f.unit}` : '';
  return (
    <div class="card-body" data-finding-id={f.id}>
      <div class="card-head">
        <span class="card-glyph" aria-hidden="true">
          {SEVERITY_GLYPH[f.severity]}
        </span>
        <span class="card-severity">{SEVERITY_NAME[f.severity][lang]}</span>
        <span class="card-rule" data-field="rule">
          <code>{f.rule}</code> {item.ruleTitle ? item.ruleTitle.zh : ''}
          {item.ruleTitle && lang === 'en' ? ` (${item.ruleTitle.en})` : ''}
        </span>
      </div>
      <p class="card-message" data-field="message">
        {f.message[lang]}
      </p>
      <dl class="card-figures">
        {f.stated !== null ? (
          <>
            <dt>{s(lang, f.target?.type === 'text' ? 'statedInText' : 'stated')}</dt>
            <dd data-field="stated">{f.stated + unit}</dd>
          </>
        ) : null}
        {f.expected !== null ? (
          <>
            <dt>{s(lang, 'expected')}</dt>
            <dd data-field="expected">{f.expected + unit}</dd>
          </>
        ) : null}
        {f.difference !== null ? (
          <>
            <dt>{s(lang, 'difference')}</dt>
            <dd class="diff" data-field="difference" data-value={f.difference}>
              {signed(f.difference) + unit}
            </dd>
          </>
        ) : null}
        {f.tolerance !== null ? (
          <>
            <dt>{s(lang, 'tolerance')}</dt>
            <dd data-field="tolerance" data-value={f.tolerance}>{`±${f.tolerance}${unit}`}</dd>
          </>
        ) : null}
      </dl>
      {f.computation ? (
        <div class="card-computation" data-field="computation" tabIndex={0}>
          {f.computation}
        </div>
      ) : null}
      {item.related.length ? (
        <>
          <p class="card-related-title">{s(lang, 'related')}</p>
          <ul class="card-related">
            {item.related.map((r) => (
              <li key={r.index}>
                <button
                  type="button"
                  class="card-jump"
                  data-related-index={r.index}
                  disabled={!r.located}
                  title={r.located ? undefined : s(lang, 'notOnPage')}
                  onClick={() => onJump(r.index)}
                >
                  <span class="label">{r.label}</span>
                  <span class="value">{r.value}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

export function AnnotationCard({ model }: { model: CardModel }) {
  const { lang } = model;
  const active = model.findings.find((f) => f.finding.id === model.active) ?? model.findings[0];
  if (!active) return null;
  return (
    <div class="card-inner">
      <button type="button" class="card-close" aria-label={s(lang, 'close')} title={s(lang, 'close')} onClick={() => model.onClose()}>
        ×
      </button>
      {model.findings.length > 1 ? (
        <div class="card-tabs" role="tablist" aria-label={s(lang, 'findings')}>
          {model.findings.map((item, i) => (
            <button
              type="button"
              role="tab"
              class={`card-tab sev-${item.finding.severity}`}
              aria-selected={item.finding.id === active.finding.id ? 'true' : 'false'}
              data-finding-id={item.finding.id}
              key={item.finding.id}
              onClick={() => model.onActivate(item.finding.id)}
              onMouseEnter={() => model.onActivate(item.finding.id)}
              onFocus={() => model.onActivate(item.finding.id)}
            >
              {`${SEVERITY_GLYPH[item.finding.severity]} ${i + 1}`}
            </button>
          ))}
        </div>
      ) : null}
      <FindingBody item={active} lang={lang} onJump={(index) => model.onJump(active.finding.id, index)} />
    </div>
  );
}
