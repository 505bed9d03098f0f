import Decimal from 'decimal.js';
import { UNIT_SCALE, type Unit } from '../../model/units';
import type {
  AmountFigure,
  Change,
  ChangeDirection,
  ChangeReference,
  Claim,
  ClaimSet,
  PercentFigure,
  SubjectRef,
  YearMention,
  YearRef,
} from '../../model/claim';
import { isGeneric, resolveSubject } from './subject';
import {
  BOUNDARY,
  SENTENCE_END,
  bracketPairs,
  figureTokens,
  markerTokens,
  normalize,
  referencesIn,
  yearTokens,
  type AmountToken,
  type FigureToken,
  type MarkerToken,
  type PercentToken,
  type Reference,
  type Span,
  type YearToken,
} from './tokens';

/**
 * One paragraph → claims. A single pass over the paragraph's events (figures, markers, brackets,
 * semicolons, sentence ends) in reading order, with a small amount of state: the open
 * enumerations (其中 …), the open explanation (主要原因 …), the bracket depth, and the
 * comparison base stated on its own ("与上年相比，").
 */

type ChangeDraft = {
  direction: ChangeDirection;
  start: number;
  end: number;
  amount: AmountFigure | null;
  percent: (PercentFigure & { direction: ChangeDirection }) | null;
  reference: Reference | null;
};

type EnumDraft = {
  marker: MarkerToken;
  total: Draft | null;
  parts: Draft[];
  sums: 'amount' | 'change' | null;
  depth: number;
  /** opened under a part or inside brackets: closes at ；/ the bracket */
  nested: boolean;
  bracketed: boolean;
  /** where the list's scope ends (for year roles) */
  close: number;
  /** still open where the paragraph's text stops mid-sentence: the parts read may be some of it */
  cut?: boolean;
};

type ReasonDraft = { marker: MarkerToken; owner: Draft | null; parts: Draft[]; depth: number; close: number };

type Draft = {
  start: number;
  end: number;
  subject: Span;
  generic: boolean;
  antecedent: Draft | null;
  ownYear: YearToken | null;
  amount: AmountFigure | null;
  share: PercentFigure | null;
  change: ChangeDraft | null;
  parent: { draft: Draft; relation: 'part' | 'reason' } | null;
  enumeration: EnumDraft | null;
  reasons: ReasonDraft | null;
  depth: number;
  sentence: number;
  /** a name in a list: a leading year belongs to the name */
  listItem: boolean;
  ref: SubjectRef | null;
  year: YearToken | null;
};

type Phrase = { subject: Span; reference: Reference | null; year: YearToken | null; clauseStart: number };

const LEAD_MARKER = /^(?:\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|[一二三四五六七八九十]{1,3}\s*、|\d{1,2}\s*、|\d{1,2}\.(?!\d)|第[一二三四五六七八九十\d]+(?:部分|项|条)?|[①-⑳])\s*/;
const LEAD_CONJ = /^(?:以及|并且|另外|此外|其中|和|及|与|并|另|含)\s*/;
const LEAD_YEAR = /^(?:19|20)\d{2}\s*年(?:度)?\s*,?\s*/;
const DATE_ANCHOR = /(?:截至|截止)?\s*(?:上年|(?:19|20)\d{2}\s*年)\s*(?:\d{1,2}\s*月)?\s*(?:期末|年末|年底|末|底)\s*,?/g;
const TRAIL = /(?:为|是|共计|约|各|安排|达到|达)$/;

const sameRef = (a: SubjectRef | null, b: SubjectRef | null): boolean =>
  a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);

export type ParagraphInput = { index: number; text: string };
export type ParseOptions = { year: number | null };

export function parseParagraph(paragraph: ParagraphInput, options: ParseOptions): ClaimSet {
  const text = paragraph.text;
  const norm = normalize(text);
  const figures = figureTokens(norm);
  const markers = markerTokens(norm).filter((m) => !figures.some((f) => m.start < f.end && f.start < m.end));
  const refs = referencesIn(norm);
  const yearToks = yearTokens(norm);
  const { pairs, unmatched } = bracketPairs(norm);

  // ── sentences ───────────────────────────────────────────────────────────
  const sentenceStarts: number[] = [0];
  for (let i = 0; i < norm.length; i++) if (SENTENCE_END.test(norm[i] ?? '')) sentenceStarts.push(i + 1);
  const sentenceOf = (pos: number): number => {
    let s = 0;
    for (let i = 0; i < sentenceStarts.length; i++) if ((sentenceStarts[i] ?? 0) <= pos) s = i;
    return s;
  };
  const sentenceSpan = (s: number): Span => {
    const start = sentenceStarts[s] ?? 0;
    const next = sentenceStarts[s + 1];
    return { start, end: next === undefined ? norm.length : next };
  };
  const atSentenceStart = (pos: number): boolean => {
    const s = sentenceSpan(sentenceOf(pos)).start;
    return norm.slice(s, pos).trim() === '';
  };

  // ── clause stops: where a subject may start ────────────────────────────
  const figurePairs = pairs.filter((p) => figures.some((f) => p.start < f.start && f.end <= p.end));
  const plainPairs = pairs.filter((p) => !figurePairs.includes(p));
  const stopSet = new Set<number>([0]);
  for (let i = 0; i < norm.length; i++) {
    const c = norm[i] ?? '';
    if (!BOUNDARY.test(c)) continue;
    if (c === '、' && norm[i - 1] === '收' && norm[i + 1] === '支') continue;
    stopSet.add(i + 1);
  }
  for (const f of figures) stopSet.add(f.end);
  for (const m of markers) stopSet.add(m.end);
  for (const p of figurePairs) {
    stopSet.add(p.start + 1);
    stopSet.add(p.end);
  }
  for (const u of unmatched) stopSet.add(u + 1);
  const stops = [...stopSet].filter((s) => !plainPairs.some((p) => p.start < s && s < p.end)).sort((a, b) => a - b);
  const clauseStartOf = (pos: number): number => {
    let best = 0;
    for (const s of stops) {
      if (s <= pos) best = s;
      else break;
    }
    return best;
  };

  // ── phrase analysis ──────────────────────────────────────────────────────
  const trim = (from: number, to: number, keepYear: boolean): Span => {
    let s = from;
    let e = to;
    for (let guard = 0; guard < 20; guard++) {
      const before = [s, e].join();
      while (s < e && /\s/.test(norm[s] ?? '')) s++;
      while (e > s && /\s/.test(norm[e - 1] ?? '')) e--;
      const head = norm.slice(s, e);
      const m = LEAD_MARKER.exec(head) ?? LEAD_CONJ.exec(head) ?? (keepYear ? null : LEAD_YEAR.exec(head));
      if (m && m[0].length < head.length) s += m[0].length;
      const tail = TRAIL.exec(norm.slice(s, e));
      if (tail && tail.index > 0) e = s + tail.index;
      if ([s, e].join() === before) break;
    }
    // a date before the subject: "（含所属单位）上年末固定资产金额"
    let cut = -1;
    for (const m of norm.slice(s, e).matchAll(DATE_ANCHOR)) if (m.index + m[0].length < e - s) cut = s + m.index + m[0].length;
    if (cut >= 0) return trim(cut, e, keepYear);
    return { start: s, end: e };
  };

  const analyze = (clauseStart: number, lead: number, keepYear: boolean): Phrase => {
    const ref = [...refs].reverse().find((r) => r.start >= clauseStart && r.end <= lead) ?? null;
    let subject: Span;
    if (ref) {
      const before = trim(clauseStart, ref.start, keepYear);
      subject = before.end > before.start && !isGeneric(text.slice(before.start, before.end)) ? before : trim(ref.end, lead, keepYear);
      if (subject.end <= subject.start && before.end > before.start) subject = before;
    } else subject = trim(clauseStart, lead, keepYear);
    const year =
      [...yearToks]
        .reverse()
        .find(
          (y) =>
            !y.date &&
            y.start >= clauseStart &&
            y.end <= Math.max(subject.end, subject.start) &&
            !(ref && y.start >= ref.start && y.end <= ref.end) &&
            !(keepYear && y.start >= subject.start),
        ) ?? null;
    return { subject, reference: ref, year, clauseStart };
  };

  /** "重点项目一：市直…医疗保险费项目，年初预算安排120万元": the subject is the clause before. */
  const topicBefore = (clauseStart: number): Span | null => {
    if (clauseStart < 1 || norm[clauseStart - 1] !== ',') return null;
    const prevStart = clauseStartOf(clauseStart - 1);
    const span = trim(prevStart, clauseStart - 1, true);
    const t = norm.slice(span.start, span.end);
    if (span.end <= span.start || /\d/.test(t.replace(/(?:19|20)\d{2}年度?/g, '')) || !/项目$/.test(t)) return null;
    return span;
  };

  // ── events ─────────────────────────────────────────────────────────────
  type Event =
    | { pos: number; k: 'fig'; f: FigureToken }
    | { pos: number; k: 'marker'; m: MarkerToken }
    | { pos: number; k: 'semi' }
    | { pos: number; k: 'end' }
    | { pos: number; k: 'open' }
    | { pos: number; k: 'close' }
    | { pos: number; k: 'ref'; r: Reference };
  const leadOf = (f: FigureToken): number => (f.t === 'amount' ? (f.verb?.start ?? f.start) : f.t === 'percent' ? f.lead : f.start);
  const phraseRanges = figures.map((f) => ({ from: clauseStartOf(leadOf(f)), to: leadOf(f) }));
  const events: Event[] = [];
  for (const f of figures) events.push({ pos: leadOf(f), k: 'fig', f });
  for (const m of markers) events.push({ pos: m.start, k: 'marker', m });
  for (let i = 0; i < norm.length; i++) {
    const c = norm[i];
    if (c === ';') events.push({ pos: i, k: 'semi' });
    else if (c !== undefined && SENTENCE_END.test(c)) events.push({ pos: i, k: 'end' });
  }
  for (const p of figurePairs) {
    events.push({ pos: p.start, k: 'open' });
    events.push({ pos: p.end - 1, k: 'close' });
  }
  for (const r of refs) if (!phraseRanges.some((p) => r.start >= p.from && r.end <= p.to)) events.push({ pos: r.start, k: 'ref', r });
  const order: Record<Event['k'], number> = { close: 0, semi: 1, end: 2, open: 3, ref: 4, marker: 5, fig: 6 };
  events.sort((a, b) => a.pos - b.pos || order[a.k] - order[b.k]);

  // ── state ──────────────────────────────────────────────────────────────
  const drafts: Draft[] = [];
  const allEnums: EnumDraft[] = [];
  const allReasons: ReasonDraft[] = [];
  let enums: EnumDraft[] = [];
  let reason: ReasonDraft | null = null;
  let depth = 0;
  let pendingRef: Reference | null = null;
  let carry: EnumDraft | null = null;
  let sentenceDrafts: Draft[] = [];
  let prevSentenceDrafts: Draft[] = [];
  let figsInSentence = 0;

  const lastDraft = (): Draft | null => {
    for (let i = sentenceDrafts.length - 1; i >= 0; i--) {
      const d = sentenceDrafts[i];
      if (d && d.depth <= depth) return d;
    }
    return null;
  };
  const lastTop = (list: Draft[]): Draft | null => {
    for (let i = list.length - 1; i >= 0; i--) {
      const d = list[i];
      if (d && d.parent === null && d.depth === 0) return d;
    }
    return null;
  };
  const closeEnum = (e: EnumDraft, pos: number): void => {
    e.close = pos;
  };
  const closeReason = (pos: number): void => {
    if (reason) reason.close = pos;
    reason = null;
  };

  const newDraft = (subject: Span, phrase: Phrase | null, listItem: boolean): Draft => ({
    start: subject.start,
    end: subject.end,
    subject,
    generic: subject.end <= subject.start || isGeneric(text.slice(subject.start, subject.end)),
    antecedent: null,
    ownYear: phrase?.year ?? null,
    amount: null,
    share: null,
    change: null,
    parent: null,
    enumeration: null,
    reasons: null,
    depth,
    sentence: 0,
    listItem,
    ref: null,
    year: null,
  });

  const place = (d: Draft): void => {
    drafts.push(d);
    sentenceDrafts.push(d);
    if (reason && d.depth >= reason.depth && reason.owner) {
      d.parent = { draft: reason.owner, relation: 'reason' };
      reason.parts.push(d);
      return;
    }
    const type = d.amount ? 'amount' : 'change';
    while (enums.length) {
      const top = enums[enums.length - 1];
      if (!top) break;
      if (top.total === null) {
        top.parts.push(d);
        return;
      }
      const sums = top.sums ?? (type === 'amount' ? (top.total.amount ? 'amount' : null) : top.total.change ? 'change' : null);
      if (sums === type) {
        top.sums = type;
        top.parts.push(d);
        d.parent = { draft: top.total, relation: 'part' };
        return;
      }
      closeEnum(top, d.start);
      enums.pop();
    }
  };

  const inList = (): boolean => reason !== null || enums.some((e) => e.depth === depth);

  const amountOf = (f: AmountToken): AmountFigure => ({
    value: f.value,
    decimals: f.decimals,
    unit: f.unit,
    printedUnit: text.slice(f.end - f.printedUnit.length, f.end),
    start: f.start,
    end: f.end,
  });
  const percentOf = (f: PercentToken): PercentFigure => ({ value: f.value, decimals: f.decimals, start: f.start, end: f.end });

  /** a change (amount, percent or 持平) read at `lead` */
  const onChange = (f: FigureToken, direction: ChangeDirection, lead: number): void => {
    const keepYear = inList();
    const phrase = analyze(clauseStartOf(lead), lead, keepYear);
    const subj = phrase.subject;
    const subjectText = text.slice(subj.start, subj.end);
    if (f.t === 'percent' && /(?:率|比例|比重|满意度)$/.test(subjectText)) return; // a rate, not a budget figure
    const change: ChangeDraft = {
      direction,
      start: Math.min(phrase.reference?.start ?? lead, lead),
      end: f.end,
      amount: f.t === 'amount' ? amountOf(f) : null,
      percent: f.t === 'percent' ? { ...percentOf(f), direction } : null,
      reference: phrase.reference ?? pendingRef,
    };
    const hasText = subj.end > subj.start;
    const generic = !hasText || isGeneric(subjectText);
    const last = lastDraft();
    // "18.14 万元，比上年预算减少 28.86 万元": the change of the figure just printed
    if (generic && last && !last.change && /^[\s,]*$/.test(norm.slice(last.end, change.start))) {
      last.change = change;
      last.end = Math.max(last.end, f.end);
      return;
    }
    const d = newDraft(hasText ? subj : { start: change.start, end: change.start }, phrase, keepYear);
    d.start = Math.min(hasText ? subj.start : change.start, change.start);
    d.end = f.end;
    d.change = change;
    if (generic) {
      // "…支出。预算数比2022年增加0.00万元" / "…等支出，与上年预算数持平": refers back, never a list part
      const ante = last ?? lastTop(prevSentenceDrafts);
      d.antecedent = ante && ante.generic && ante.antecedent ? ante.antecedent : ante;
      drafts.push(d);
      sentenceDrafts.push(d);
      return;
    }
    place(d);
  };

  const continues = (phrase: Phrase, type: 'amount' | 'change'): boolean => {
    if (!carry || pendingRef) return false;
    const s = phrase.subject;
    if (s.end <= s.start || isGeneric(text.slice(s.start, s.end))) return false;
    if (phrase.year || phrase.reference || !atSentenceStart(s.start)) return false;
    const total = carry.total;
    const sums = carry.sums ?? (type === 'amount' ? (total?.amount ? 'amount' : null) : total?.change ? 'change' : null);
    return sums === type;
  };

  for (const ev of events) {
    switch (ev.k) {
      case 'close': {
        depth = Math.max(0, depth - 1);
        if (reason && reason.depth > depth) closeReason(ev.pos);
        while (enums.length && (enums[enums.length - 1]?.depth ?? 0) > depth) {
          const e = enums.pop();
          if (e) closeEnum(e, ev.pos);
        }
        break;
      }
      case 'open':
        depth++;
        break;
      case 'semi': {
        closeReason(ev.pos);
        while (enums.length) {
          const top = enums[enums.length - 1];
          if (!top || !top.nested || top.bracketed || top.depth !== depth) break;
          closeEnum(top, ev.pos);
          enums.pop();
        }
        // a marker whose list has not started by the end of its clause introduced a description
        // ("…10.62万元，主要用于医保信息系统维护等方面；B医保中心工作经费12.80万元…"): the items
        // after the ； are its siblings, not its parts
        for (const e of enums) if (e.parts.length === 0 && !e.bracketed && e.depth === depth) closeEnum(e, ev.pos);
        enums = enums.filter((e) => e.parts.length > 0 || e.bracketed || e.depth !== depth);
        break;
      }
      case 'end': {
        closeReason(ev.pos);
        const bottom = enums[0];
        for (const e of enums) closeEnum(e, ev.pos);
        carry = bottom && !bottom.nested && bottom.total !== null && bottom.parts.length > 0 ? bottom : null;
        enums = [];
        pendingRef = null;
        if (sentenceDrafts.length) prevSentenceDrafts = sentenceDrafts;
        else prevSentenceDrafts = [];
        sentenceDrafts = [];
        figsInSentence = 0;
        break;
      }
      case 'ref':
        pendingRef = ev.r;
        break;
      case 'marker': {
        carry = null;
        const m = ev.m;
        // a marker opening a sentence refers to the sentence before: its last claim for an
        // explanation, its last top-level claim for a list
        const startOfSentence = atSentenceStart(m.start);
        const lastBefore = startOfSentence ? (prevSentenceDrafts[prevSentenceDrafts.length - 1] ?? null) : lastDraft();
        const role = m.role === 'either' ? (lastBefore?.change ? 'reason' : 'enum') : m.role;
        const anchor = role === 'enum' && startOfSentence ? lastTop(prevSentenceDrafts) : lastBefore;
        if (role === 'reason') {
          closeReason(m.start);
          const owner = anchor?.change ? anchor : null;
          const r: ReasonDraft = { marker: m, owner, parts: [], depth, close: norm.length };
          allReasons.push(r);
          if (owner && (!owner.reasons || owner.reasons.parts.length === 0)) owner.reasons = r;
          reason = r;
          break;
        }
        closeReason(m.start);
        const top = enums[enums.length - 1];
        if (top && anchor && top.total === anchor && top.parts.length === 0) {
          top.marker = m;
          break;
        }
        const host = anchor ? enums.findIndex((e) => e.parts.includes(anchor)) : -1;
        if (host >= 0) {
          for (const e of enums.splice(host + 1)) closeEnum(e, m.start);
        } else {
          for (const e of enums.filter((x) => x.depth >= depth)) closeEnum(e, m.start);
          enums = enums.filter((x) => x.depth < depth);
        }
        const bracketed = anchor !== null && depth > anchor.depth;
        const existing = anchor?.enumeration ?? null;
        if (existing && existing.parts.length === 0) existing.marker = m;
        const e: EnumDraft = existing ?? {
          marker: m,
          total: anchor,
          parts: [],
          sums: null,
          depth,
          nested: host >= 0 || bracketed,
          bracketed,
          close: norm.length,
        };
        if (!existing) allEnums.push(e);
        if (anchor && !anchor.enumeration) anchor.enumeration = e;
        enums.push(e);
        break;
      }
      case 'fig': {
        const f = ev.f;
        const first = figsInSentence === 0;
        figsInSentence++;
        if (f.t === 'percent' && f.role === 'share') {
          const last = lastDraft();
          if (last?.amount && !last.share && /^[\s,]*$/.test(norm.slice(last.end, f.lead))) {
            last.share = percentOf(f);
            last.end = f.end;
          }
          break;
        }
        if (f.t === 'percent') {
          const last = lastDraft();
          const ch = last?.change;
          if (last && ch?.amount && !ch.percent && /^[\s,]*$/.test(norm.slice(ch.end, f.lead))) {
            ch.percent = { ...percentOf(f), direction: f.verb?.direction ?? ch.direction };
            ch.end = f.end;
            last.end = Math.max(last.end, f.end);
            break;
          }
          onChange(f, f.verb?.direction ?? 'increase', f.lead);
          carry = null;
          break;
        }
        if (f.t === 'flat') {
          onChange(f, 'flat', f.start);
          carry = null;
          break;
        }
        if (f.verb) {
          const lead = f.verb.start;
          if (first && carry) {
            const phrase = analyze(clauseStartOf(lead), lead, false);
            if (continues(phrase, 'change')) enums = [carry];
          }
          carry = null;
          onChange(f, f.verb.direction, lead);
          break;
        }
        // a stated amount
        const keepYear = inList();
        const cs = clauseStartOf(f.start);
        if (/每/.test(norm.slice(cs, f.start))) break; // a unit price ("每家卫生室网络服务费600元"), not a budget figure
        let phrase = analyze(cs, f.start, keepYear);
        if (first && carry) {
          const plain = analyze(cs, f.start, false);
          if (continues(plain, 'amount')) enums = [carry];
        }
        carry = null;
        let subject = phrase.subject;
        let named = false;
        if (subject.end <= subject.start || isGeneric(text.slice(subject.start, subject.end))) {
          const topic = topicBefore(cs);
          if (topic) {
            subject = topic;
            phrase = { ...phrase, subject };
            named = true;
          }
        }
        const d = newDraft(subject, phrase, keepYear || named);
        if (subject.end <= subject.start) d.start = f.start;
        d.end = f.end;
        d.amount = amountOf(f);
        place(d);
        break;
      }
    }
  }
  closeReason(norm.length);
  for (const e of enums) closeEnum(e, norm.length);
  // The lists still open where the paragraph's text stops without ending its sentence — open, or
  // carried on from the sentence before: the page cut the sentence (a <br>, a line of a PDF
  // conversion), so the parts read may be some of it.
  if (!/[。!?;\n]\s*$/.test(norm)) for (const e of carry ? [...enums, carry] : enums) e.cut = true;

  return finish(paragraph, text, norm, drafts, allEnums, allReasons, yearToks, refs, sentenceSpan, sentenceOf, options);
}

function finish(
  paragraph: ParagraphInput,
  text: string,
  norm: string,
  drafts: Draft[],
  allEnums: EnumDraft[],
  allReasons: ReasonDraft[],
  yearToks: YearToken[],
  refs: Reference[],
  sentenceSpan: (s: number) => Span,
  sentenceOf: (pos: number) => number,
  options: ParseOptions,
): ClaimSet {
  // sentence index of each draft
  for (const d of drafts) d.sentence = sentenceOf(d.start);

  // ── year roles ───────────────────────────────────────────────────────────
  const listScopes: Span[] = allEnums.map((e) => ({ start: e.marker.end, end: e.close }));
  const reasonScopes: Span[] = allReasons.map((r) => ({ start: r.marker.end, end: r.close }));
  const inside = (y: Span, s: Span): boolean => y.start >= s.start && y.end <= s.end;
  const roleOf = (y: YearToken): YearMention['role'] => {
    if (refs.some((r) => inside(y, r))) return 'reference';
    if (y.date) return 'date';
    if (drafts.some((d) => d.listItem && inside(y, d.subject))) return 'name';
    if (listScopes.some((s) => inside(y, s)) && !drafts.some((d) => d.ownYear === y)) return 'name';
    if (reasonScopes.some((s) => inside(y, s))) return 'reason';
    return 'budget';
  };
  const roles = new Map<YearToken, YearMention['role']>(yearToks.map((y) => [y, roleOf(y)]));
  const years: YearMention[] = yearToks.map((y) => {
    const s = sentenceSpan(sentenceOf(y.start));
    return {
      paragraph: paragraph.index,
      start: y.start,
      end: y.end,
      text: text.slice(y.start, y.end),
      year: y.year,
      role: roles.get(y) ?? 'budget',
      sentence: { start: s.start, end: Math.max(s.start, s.end) },
    };
  });

  // ── subjects and years of the claims (parents and antecedents come first) ──
  for (const d of drafts) {
    const parentRef = d.parent ? d.parent.draft.ref : null;
    if (d.generic) d.ref = d.antecedent?.ref ?? null;
    else d.ref = resolveSubject(text.slice(d.subject.start, d.subject.end), { parent: parentRef });
    const own = d.ownYear && roles.get(d.ownYear) === 'budget' ? d.ownYear : null;
    let topic: YearToken | null = null;
    if (!own && !d.parent && !d.antecedent) {
      const s = sentenceSpan(d.sentence);
      for (const y of yearToks) if (y.start >= s.start && y.end <= d.start && roles.get(y) === 'budget') topic = y;
    }
    d.year = own ?? (d.parent ? d.parent.draft.year : null) ?? d.antecedent?.year ?? topic;
  }

  // ── change references: own, stated for the sentence, or inherited in the paragraph ──
  let lastRef: Reference | null = null;
  const references = new Map<Draft, ChangeReference | null>();
  for (const d of drafts) {
    if (!d.change) continue;
    const own = d.change.reference;
    const ref = own ?? lastRef;
    if (own) lastRef = own;
    if (!ref) {
      references.set(d, null);
      continue;
    }
    const base = options.year ?? d.year?.year ?? null;
    references.set(d, {
      text: text.slice(ref.start, ref.end),
      start: ref.start,
      end: ref.end,
      year: ref.relative ? (base === null ? null : base - 1) : ref.year,
      relative: ref.relative,
      inherited: own === null,
    });
  }

  // ── ids ────────────────────────────────────────────────────────────────
  const ids = new Map<Draft, string>();
  const used = new Set<string>();
  for (const d of drafts) {
    let id = `c${paragraph.index}-${d.start}`;
    for (let n = 2; used.has(id); n++) id = `c${paragraph.index}-${d.start}-${n}`;
    used.add(id);
    ids.set(d, id);
  }
  const idOf = (d: Draft): string => ids.get(d) ?? '';

  // ── current figure and implied previous value of each change ─────────────
  const effectiveYear = (d: Draft): number | null => d.year?.year ?? options.year;
  const currentOf = (d: Draft): Draft | null => {
    if (d.amount) return d;
    if (d.antecedent?.amount && sameRef(d.antecedent.ref, d.ref)) return d.antecedent;
    const i = drafts.indexOf(d);
    for (let j = i - 1; j >= 0; j--) {
      const c = drafts[j];
      if (c?.amount && sameRef(c.ref, d.ref) && effectiveYear(c) === effectiveYear(d)) return c;
    }
    return null;
  };

  const claims: Claim[] = [];
  for (const d of drafts) {
    let change: Change | null = null;
    if (d.change) {
      const cur = currentOf(d);
      const curAmount = cur?.amount ?? null;
      let previous: Change['previous'] = null;
      if (cur && curAmount) {
        if (d.change.direction === 'flat') previous = { value: curAmount.value, unit: curAmount.unit };
        else if (d.change.amount) {
          const delta = convert(d.change.amount.value, d.change.amount.unit, curAmount.unit);
          const signed = d.change.direction === 'increase' ? delta : delta.negated();
          previous = { value: curAmount.value.minus(signed), unit: curAmount.unit };
        }
      }
      change = {
        direction: d.change.direction,
        start: d.change.start,
        end: d.change.end,
        amount: d.change.amount,
        percent: d.change.percent,
        reference: references.get(d) ?? null,
        current: cur && curAmount ? { claim: idOf(cur), value: curAmount.value, unit: curAmount.unit } : null,
        previous,
      };
    }
    const e = d.enumeration && d.enumeration.total === d && d.enumeration.parts.length > 0 && d.enumeration.sums ? d.enumeration : null;
    const lastPart = e ? e.parts[e.parts.length - 1] : undefined;
    const r = d.reasons;
    const yearRef: YearRef | null = d.year ? { value: d.year.year, start: d.year.start, end: d.year.end } : null;
    claims.push({
      id: idOf(d),
      kind: d.amount ? 'amount' : 'change',
      paragraph: paragraph.index,
      start: d.start,
      end: d.end,
      text: text.slice(d.start, d.end),
      subject: {
        raw: text.slice(d.subject.start, d.subject.end),
        start: d.subject.start,
        end: Math.max(d.subject.start, d.subject.end),
        ref: d.ref,
        antecedent: d.antecedent ? idOf(d.antecedent) : null,
      },
      year: yearRef,
      amount: d.amount,
      share: d.share,
      change,
      parent: d.parent ? { claim: idOf(d.parent.draft), relation: d.parent.relation } : null,
      enumeration:
        e && lastPart && e.sums
          ? {
              marker: text.slice(e.marker.start, e.marker.end),
              start: e.marker.start,
              end: lastPart.end,
              sums: e.sums,
              hedged: e.cut === true || /主要/.test(e.marker.text) || /^\s*等/.test(norm.slice(lastPart.end, lastPart.end + 3)),
              parts: e.parts.map(idOf),
            }
          : null,
      reasons: r
        ? {
            marker: text.slice(r.marker.start, r.marker.end),
            start: r.marker.start,
            end: Math.max(r.marker.end, trimEnd(norm, r.marker.end, r.close)),
            parts: r.parts.map(idOf),
          }
        : null,
    });
  }
  return { claims, years };
}

function trimEnd(norm: string, from: number, to: number): number {
  let e = Math.min(to, norm.length);
  while (e > from && /[\s。!?;,]/.test(norm[e - 1] ?? '')) e--;
  return e;
}

function convert(value: Decimal, from: Unit, to: Unit): Decimal {
  return from === to ? value : value.times(UNIT_SCALE[from]).dividedBy(UNIT_SCALE[to]);
}
