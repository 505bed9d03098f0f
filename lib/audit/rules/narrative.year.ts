/**
 * narrative.year — a sentence, table title or table note that names another budget year than the
 * document's own: a 2024 budget whose table note says “本单位2023年度无政府性基金预算拨款支出”, a
 * 2026 budget whose prose says “2025年预算收支安排609.36万元”. Usually last year's text left in
 * place. A warning: the figures may be right and only the year wrong.
 *
 * Only years the sentence states figures or plans for count (YearMention role 'budget'); a
 * comparison (比2022年, 与上年相比), a date (2023年12月底) or a name (2024年软件维护费) is fine. A
 * sentence that compares with another year may name that year's figure (“我单位2023年三公经费为
 * 4万元，较去年持平”): it is flagged only when it compares a year with itself (“2025年预算收支安排…，
 * 较2025年预算增加…”). In the prose, a sentence is flagged when it states a figure for that year or
 * says there is none (“2023年度无…支出”); table titles and notes always are (performance tables,
 * whose titles are project names, excepted). Titles and notes are read from the tables too when
 * they are not among the paragraphs, so none is reported twice.
 */
import type { YearMention } from '../../model/claim';
import type { Check, Finding, Localized, TextRef } from '../../model/finding';
import type { Table } from '../../model/table';
import { canonicalLabel, toHalfWidth } from '../../parse/text';
import { makeFinding } from '../finding';
import type { Rule, RuleContext, RuleResult } from '../rule';
import { RULE_TITLES } from '../rule-titles';

const RULE_ID = 'narrative.year';

type TableText = { table: Table; part: 'title' | 'note' };

const NONE_STATEMENT = /无[^，。；,;]{0,30}(支出|收入|预算|安排|经费)|没有[^，。；,;]{0,30}(支出|收入|预算)/;

/** Paragraphs that print a table's title or one of its notes. */
function tableTexts(ctx: RuleContext): Map<number, TableText> {
  const byText = new Map<string, TableText>();
  for (const table of ctx.doc.tables) {
    if (table.title) {
      const k = canonicalLabel(table.title);
      if (k && !byText.has(k)) byText.set(k, { table, part: 'title' });
    }
    for (const note of table.notes) {
      const k = canonicalLabel(note);
      if (k && !byText.has(k)) byText.set(k, { table, part: 'note' });
    }
  }
  const out = new Map<number, TableText>();
  for (const p of ctx.doc.paragraphs) {
    const k = canonicalLabel(p.text);
    const hit = byText.get(k);
    if (hit) out.set(p.index, hit);
  }
  return out;
}

const clip = (s: string, n = 60): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function yearFinding(doc: RuleContext['doc'], year: number, text: string, target: TextRef | { type: 'table'; table: string }, where: Localized, discriminator: string): Finding {
  const own = doc.year!;
  return makeFinding(
    {
      rule: RULE_ID,
      severity: 'warning',
      message: {
        zh: `${where.zh}「${clip(text)}」写的是${year}年，而本文件是${own}年预算，年份可能是沿用往年的文字未改`,
        en: `${where.en} "${clip(text)}" names ${year}, but this is the ${own} budget: the year may be left over from an earlier year's text`,
      },
      stated: null,
      expected: null,
      tolerance: null,
      decimals: 0,
      unit: null,
      target,
      operands: [],
      computation: `${year} ≠ ${own}`,
    },
    discriminator,
  );
}

const WHERE: Readonly<Record<'prose' | 'title' | 'note', Localized>> = {
  prose: { zh: '正文', en: 'The sentence' },
  title: { zh: '表题', en: 'The table title' },
  note: { zh: '表注', en: 'The table note' },
};

/** Years in a title or note that is not among the paragraphs: budget years only (no dates, no comparisons). */
function yearsIn(text: string): number[] {
  const s = toHalfWidth(text);
  const out: number[] = [];
  for (const m of s.matchAll(/((?:19|20)\d{2})\s*年度?/g)) {
    const before = s.slice(Math.max(0, m.index - 3), m.index);
    const after = s.slice(m.index + m[0].length, m.index + m[0].length + 4);
    if (/\d{1,2}\s*月|末|底|初/.test(after) || /比|较|与|同|截至|截止|至|-|—/.test(before)) continue;
    out.push(Number(m[1]));
  }
  return out;
}

function run(ctx: RuleContext): RuleResult {
  const { doc } = ctx;
  if (doc.year === null) {
    return { findings: [], checks: [{ rule: RULE_ID, status: 'not-run', subject: '正文与表注年份', detail: { zh: '无法确定本文件的预算年度', en: 'the budget year of the document is unknown' } }] };
  }
  const texts = tableTexts(ctx);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  let looked = 0;
  const bySentence = new Map<string, YearMention[]>();
  for (const y of doc.years) {
    const k = `${y.paragraph}:${y.sentence.start}`;
    bySentence.set(k, [...(bySentence.get(k) ?? []), y]);
  }
  for (const y of doc.years) {
    if (y.role !== 'budget') continue;
    looked++;
    if (y.year === doc.year) continue;
    const key = `${y.paragraph}:${y.sentence.start}`;
    if (seen.has(key)) continue;
    const tt = texts.get(y.paragraph);
    if (tt && tt.part === 'title' && tt.table.kind === 'performance') continue;
    const sentence = { start: y.sentence.start, end: y.sentence.end };
    const text = (doc.paragraphs[y.paragraph]?.text ?? '').slice(sentence.start, sentence.end).trim();
    const claims = doc.claims.filter((c) => c.paragraph === y.paragraph && c.start < sentence.end && c.end > sentence.start);
    const mentions = bySentence.get(key) ?? [];
    // comparing with itself: 2025年… 较2025年…
    const selfCompared =
      mentions.some((m) => m.role === 'reference' && m.year === y.year) ||
      claims.some((c) => c.change?.reference && !c.change.reference.relative && !c.change.reference.inherited && c.change.reference.year === y.year);
    const compares = mentions.some((m) => m.role === 'reference') || claims.some((c) => c.change !== null);
    if (compares && !selfCompared) continue;
    if (!tt) {
      const states = claims.some((c) => c.year?.value === y.year) || NONE_STATEMENT.test(text);
      if (!states && !selfCompared) continue;
    }
    seen.add(key);
    const raw = (doc.paragraphs[y.paragraph]?.text ?? '').slice(sentence.start, sentence.end);
    const trimmedStart = sentence.start + (raw.length - raw.trimStart().length);
    findings.push(yearFinding(doc, y.year, text, { type: 'text', paragraph: y.paragraph, start: trimmedStart, end: trimmedStart + text.length }, WHERE[tt ? tt.part : 'prose'], String(y.year)));
  }
  // titles and notes that are not printed among the paragraphs
  const printed = new Set(doc.paragraphs.map((p) => canonicalLabel(p.text)));
  for (const table of doc.tables) {
    const items: Array<{ text: string; part: 'title' | 'note' }> = [];
    if (table.title && table.kind !== 'performance') items.push({ text: table.title, part: 'title' });
    for (const n of table.notes) items.push({ text: n, part: 'note' });
    for (const item of items) {
      if (printed.has(canonicalLabel(item.text))) continue;
      for (const year of new Set(yearsIn(item.text))) {
        looked++;
        if (year === doc.year) continue;
        const key = `${table.id}:${canonicalLabel(item.text)}:${year}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push(yearFinding(doc, year, item.text, { type: 'table', table: table.id }, WHERE[item.part], `${item.part}:${year}`));
      }
    }
  }
  const checks: Check[] = [
    {
      rule: RULE_ID,
      status: looked === 0 ? 'not-run' : findings.length ? 'failed' : 'passed',
      subject: '正文与表注年份',
      detail:
        looked === 0
          ? { zh: '正文和表注中没有写出预算年度', en: 'neither the prose nor the notes name a budget year' }
          : findings.length
            ? { zh: `${findings.length}处写的预算年度不是${doc.year}年`, en: `${findings.length} places name another budget year than ${doc.year}` }
            : { zh: `正文和表注中的预算年度均为${doc.year}年`, en: `every budget year named by the prose and the notes is ${doc.year}` },
    },
  ];
  return { findings, checks };
}

export const rule: Rule = {
  id: RULE_ID,
  title: RULE_TITLES['narrative.year'],
  description: {
    zh: '情况说明、表题和表注中写出的预算年度应是本文件的年度（如2024年预算中的表注写“本单位2023年度无…支出”，多为沿用往年文字）；与往年比较、日期和项目名称中的年份不在此列。',
    en: 'The budget year named by the prose, table titles and table notes must be the document’s own (a 2024 budget whose note says “本单位2023年度无…支出” usually kept last year’s text); comparisons, dates and years inside project names are fine.',
  },
  run,
};
