import { readdirSync } from 'node:fs';
import { auditDocument } from '../../lib/audit';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import type { BudgetDocument } from '../../lib/model';
import { fixture, parseHtml } from './dom';

export const SEED_PAGES = {
  '000': 'seed-000-laishui-2024.html',
  '001': 'seed-001-yuanjiang-2024.html',
  '002': 'seed-002-jiaozuo-2024.html',
  '003': 'seed-003-laiyuan-2026.html',
  '004': 'seed-004-xinxiang-fengquan-2023.html',
} as const;
export type SeedId = keyof typeof SEED_PAGES;

const cache = new Map<string, BudgetDocument>();

/** The extracted model of a fixture page (tests/fixtures/<path>), parsed once per test file. */
export function loadPage(path: string): BudgetDocument {
  let doc = cache.get(path);
  if (!doc) {
    doc = extractDocument(readDocument(parseHtml(fixture(path)), path).raw);
    cache.set(path, doc);
  }
  return doc;
}

export const loadSeed = (id: SeedId): BudgetDocument => loadPage(`pages/${SEED_PAGES[id]}`);

/** An extracted model from an HTML snippet (a small fixture written inline in a test). */
export function loadHtml(html: string, source = 'inline.html'): BudgetDocument {
  return extractDocument(readDocument(parseHtml(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>${html}</body></html>`), source).raw);
}

export const negativePages = (): string[] =>
  readdirSync(new URL('../fixtures/negative/', import.meta.url)).filter((f) => f.endsWith('.html')).map((f) => `negative/${f}`);

/** The seed pages' file names (tests/fixtures/pages/seed-*.html). */
export const SEED_FILES: readonly string[] = Object.values(SEED_PAGES);

/**
 * What a reader relies on, for metamorphic tests (the same page printed differently must read
 * the same): the tables read (kind, title, every row's cells) and every finding, as text.
 */
export function readingOf(html: string) {
  const doc = extractDocument(readDocument(parseHtml(html), 'page.html').raw);
  return {
    tables: doc.tables.map((t) => ({ kind: t.kind, title: t.title, rows: t.rows.map((r) => r.cells.map((c) => c.text).join('|')) })),
    findings: auditDocument(doc)
      .findings.map((f) => `${f.rule} ${f.severity} ${f.message.zh}`)
      .sort(),
  };
}
