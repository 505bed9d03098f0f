#!/usr/bin/env node
// The audit engine alone in Node: extract and audit timed separately, without the browser.
//
//   npx tsx tests/bench/engine-node.mjs [--runs 15] [--warmup 3] [--only seed-003,generated]
//
// Each page is parsed with happy-dom and read once (readDocument); every run then extracts a
// fresh model from that raw source and audits it, so nothing one run computes (per-table
// caches) helps the next. Prints the median (and min) of --runs runs after --warmup runs.
import { register } from 'tsx/esm/api';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { budgetPage } from './pages.mjs';

register();
const ROOT = new URL('../..', import.meta.url);
const { FUNCTION_CODES } = await import(new URL('lib/data/function-codes.ts', ROOT).href);
const { parseHtmlDocument } = await import(new URL('lib/files/html.ts', ROOT).href);
const { readDocument } = await import(new URL('lib/dom/source.ts', ROOT).href);
const { extractDocument } = await import(new URL('lib/extract/index.ts', ROOT).href);
const { auditDocument } = await import(new URL('lib/audit/index.ts', ROOT).href);

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Math.max(1, Number(arg('runs', 15)));
const WARMUP = Math.max(0, Number(arg('warmup', 3)));
const ONLY = arg('only', null)?.split(',') ?? null;

const PAGES = [
  { name: 'seed-003', html: () => readFileSync(new URL('tests/fixtures/pages/seed-003-laiyuan-2026.html', ROOT), 'utf8') },
  { name: 'generated', html: () => budgetPage({ tables: 40, rows: 250, codes: FUNCTION_CODES }) },
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => x.toFixed(1).padStart(7);

console.log(`engine in Node ${process.version}: median (min) of ${RUNS} runs after ${WARMUP} warm-up, ms`);
console.log(`${'page'.padEnd(10)} ${'tables'.padStart(6)} ${'rows'.padStart(6)} ${'findings'.padStart(8)}   ${'extract'.padStart(15)}   ${'audit'.padStart(15)}   ${'total'.padStart(15)}`);
for (const page of PAGES) {
  if (ONLY && !ONLY.includes(page.name)) continue;
  const document = parseHtmlDocument(page.html(), 'http://localhost/bench.html');
  const { raw } = readDocument(document, 'http://localhost/bench.html');
  const extract = [];
  const audit = [];
  let doc = null;
  let report = null;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    doc = extractDocument(raw);
    const t1 = performance.now();
    report = auditDocument(doc);
    const t2 = performance.now();
    if (i >= WARMUP) {
      extract.push(t1 - t0);
      audit.push(t2 - t1);
    }
  }
  const total = extract.map((e, i) => e + audit[i]);
  const rows = doc.tables.reduce((n, t) => n + t.rows.length, 0);
  const cell = (xs) => `${ms(median(xs))} (${ms(Math.min(...xs)).trim()})`.padStart(15);
  console.log(
    `${page.name.padEnd(10)} ${String(doc.tables.length).padStart(6)} ${String(rows).padStart(6)} ${String(report.findings.length).padStart(8)}   ${cell(extract)}   ${cell(audit)}   ${cell(total)}`,
  );
  const view = document.defaultView;
  await view?.happyDOM?.close().catch(() => undefined);
}
