import type { Finding, Localized, Ref, Severity } from '../model/finding';
import type { Located, Locator } from './locate';

/** The language of the page UI (Settings.language). */
export type UiLang = 'zh' | 'en';

const RANK: Record<Severity, number> = { error: 0, warning: 1, rounding: 2 };

/** The more severe of two severities. */
export const worse = (a: Severity, b: Severity): Severity => (RANK[a] <= RANK[b] ? a : b);

/** A shape as well as a colour for each severity, so colour is never the only signal. */
export const SEVERITY_GLYPH: Record<Severity, string> = { error: '✕', warning: '!', rounding: '≈' };

export const SEVERITY_NAME: Record<Severity, Localized> = {
  error: { zh: '错误', en: 'Error' },
  warning: { zh: '提示', en: 'Warning' },
  rounding: { zh: '舍入差异', en: 'Rounding' },
};

/**
 * One place on the page that carries annotations: a cell, a prose span or a table, and every
 * finding that points at it (most severe first).
 */
export type Anchor = {
  /** stable for the same place across re-audits: c:<part>:<row>:<col>, p:<paragraph>:<start>:<end>, t:<table id> */
  key: string;
  located: Located;
  ref: Ref;
  severity: Severity;
  findings: Finding[];
};

/** A figure a finding summed or compared, and where it is printed (null: not on this page). */
export type Related = { index: number; ref: Ref; label: string; value: string; located: Located | null };

function keyOf(ref: Ref, located: Located): string {
  if (located.kind === 'cell') return `c:${located.part}:${located.gridRow}:${located.gridColumn}`;
  if (ref.type === 'text') return `p:${ref.paragraph}:${ref.start}:${ref.end}`;
  return `t:${ref.type === 'table' ? ref.table : ref.type === 'cell' ? ref.table : ''}`;
}

/** Which element (for cells and tables) or which span (for text) a located ref is: two refs to the same one share an anchor. */
function identity(located: Located, key: string): Element | string {
  return located.kind === 'text' ? key : located.element;
}

/** Order of two located places in the document (prose spans by their start). */
function compareLocated(a: Located, b: Located): number {
  const na: Node = a.kind === 'text' ? a.range.startContainer : a.element;
  const nb: Node = b.kind === 'text' ? b.range.startContainer : b.element;
  if (na === nb) return a.kind === 'text' && b.kind === 'text' ? a.range.startOffset - b.range.startOffset : 0;
  const pos = na.compareDocumentPosition(nb);
  if (pos & 4 /* FOLLOWING */) return -1;
  if (pos & 2 /* PRECEDING */) return 1;
  return 0;
}

/**
 * Group findings by the place they point at. Findings without a target, or whose target is not
 * on the page, are returned as `unplaced` (the popup still lists them).
 */
export function buildAnchors(findings: readonly Finding[], locator: Locator): { anchors: Anchor[]; unplaced: Finding[] } {
  const byIdentity = new Map<Element | string, Anchor>();
  const unplaced: Finding[] = [];
  for (const finding of findings) {
    const located = finding.target ? locator.locate(finding.target) : null;
    if (!finding.target || !located) {
      unplaced.push(finding);
      continue;
    }
    const key = keyOf(finding.target, located);
    const id = identity(located, key);
    const anchor = byIdentity.get(id);
    if (anchor) {
      anchor.findings.push(finding);
      anchor.severity = worse(anchor.severity, finding.severity);
    } else byIdentity.set(id, { key, located, ref: finding.target, severity: finding.severity, findings: [finding] });
  }
  const anchors = [...byIdentity.values()];
  for (const a of anchors) a.findings.sort((x, y) => RANK[x.severity] - RANK[y.severity]);
  anchors.sort((a, b) => compareLocated(a.located, b.located));
  return { anchors, unplaced };
}

/**
 * The figures a finding summed or compared, located. The finding's own target is left out (it is
 * already outlined), and a cell is listed once even when several operands read it (a rowspan).
 */
export function relatedOf(finding: Finding, locator: Locator): Related[] {
  const target = finding.target ? locator.locate(finding.target) : null;
  const seen = new Set<Element | string>();
  if (target) seen.add(target.kind === 'text' ? textKey(finding.target) : target.element);
  const out: Related[] = [];
  finding.operands.forEach((op, index) => {
    const located = locator.locate(op.ref);
    if (located) {
      const id = located.kind === 'text' ? textKey(op.ref) : located.element;
      if (seen.has(id)) return;
      seen.add(id);
    }
    out.push({ index, ref: op.ref, label: op.label, value: op.value, located });
  });
  return out;
}

function textKey(ref: Ref | null): string {
  return ref && ref.type === 'text' ? `p:${ref.paragraph}:${ref.start}:${ref.end}` : '';
}
