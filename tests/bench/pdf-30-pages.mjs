#!/usr/bin/env node
// Benchmark (not a test): how long the command-line path takes to audit a 30-page PDF.
// Prints a long generated page of budget tables to PDF in Chromium, then times each stage:
// pdfjs (text runs + rules of every page), layout (tables and paragraphs), extraction, audit.
//   node tests/bench/pdf-30-pages.mjs [--pages 30] [--runs 3] [--keep out.pdf]
import { register } from 'tsx/esm/api';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';

register();
const { readPdfPages } = await import('../../lib/files/pdf.ts');
const { layoutPdf } = await import('../../lib/files/pdf-layout.ts');
const { extractDocument } = await import('../../lib/extract/index.ts');
const { auditDocument } = await import('../../lib/audit/index.ts');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const targetPages = Number(arg('pages', 30));
const runs = Number(arg('runs', 3));

/** A disclosure-like page: a paragraph, then tables of 类/款/项 rows with 合计 rows that add up. */
function page(tables) {
  const parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>基准测试局2024年部门预算</title>',
    '<style>body{font-family:sans-serif} td{font-size:12px;padding:2px 4px} p{font-size:14px}</style></head><body>',
    '<h1>基准测试局2024年部门预算公开</h1>',
    '<p>基准测试局2024年收入预算总计1234.56万元，支出预算总计1234.56万元。以下各表为本部门预算的详细情况，表中金额单位均为万元，因四舍五入可能存在尾数误差。</p>'];
  for (let t = 0; t < tables; t++) {
    parts.push(`<p style="text-align:center"><b>表${t + 1} 2024年一般公共预算支出预算表</b></p><p>单位：万元</p>`);
    parts.push('<table border="1" cellspacing="0" style="border-collapse:collapse;width:100%">');
    parts.push('<tr><td colspan="3">科目编码</td><td rowspan="2">科目名称</td><td rowspan="2">合计</td><td colspan="2">基本支出</td><td rowspan="2">项目支出</td></tr>');
    parts.push('<tr><td>类</td><td>款</td><td>项</td><td>人员经费</td><td>公用经费</td></tr>');
    const rows = [];
    for (let r = 0; r < 18; r++) {
      const a = ((t * 37 + r * 13) % 90) + 10 + 0.25 * (r % 4);
      const b = ((t * 11 + r * 7) % 40) + 0.5;
      const c = ((t + r) % 5) * 1.1;
      rows.push([a, b, c]);
    }
    const sum = (k) => rows.reduce((s, r) => s + r[k], 0);
    const fmt = (v) => v.toFixed(2);
    parts.push(`<tr><td></td><td></td><td></td><td>合计</td><td>${fmt(sum(0) + sum(1) + sum(2))}</td><td>${fmt(sum(0))}</td><td>${fmt(sum(1))}</td><td>${fmt(sum(2))}</td></tr>`);
    rows.forEach((r, i) => {
      parts.push(`<tr><td>201</td><td>${String(1 + (i % 30)).padStart(2, '0')}</td><td>${String(1 + i).padStart(2, '0')}</td><td>一般公共服务支出项目${i + 1}</td><td>${fmt(r[0] + r[1] + r[2])}</td><td>${fmt(r[0])}</td><td>${fmt(r[1])}</td><td>${fmt(r[2])}</td></tr>`);
    });
    parts.push('</table><p>注：本表数据为基准测试生成。</p>');
  }
  parts.push('</body></html>');
  return parts.join('\n');
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const tab = await browser.newPage();
let tables = Math.round(targetPages * 1.6);
let pdf;
let pages = 0;
for (let attempt = 0; attempt < 6; attempt++) {
  await tab.setContent(page(tables));
  pdf = await tab.pdf({ format: 'A4', landscape: true, displayHeaderFooter: true, headerTemplate: '<div></div>', footerTemplate: '<div style="font-size:9px;width:100%;text-align:center">第 <span class="pageNumber"></span> 页</div>', margin: { top: '12mm', bottom: '15mm', left: '10mm', right: '10mm' } });
  pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  if (Math.abs(pages - targetPages) <= 1) break;
  tables = Math.max(1, Math.round((tables * targetPages) / Math.max(1, pages)));
}
await browser.close();
const keep = arg('keep', null);
if (keep) writeFileSync(keep, pdf);
console.log(`PDF: ${pages} pages, ${tables} tables, ${(pdf.length / 1024).toFixed(0)} KB`);

const bytes = new Uint8Array(pdf);
const ms = (t) => `${t.toFixed(0).padStart(6)} ms`;
const results = [];
for (let run = 1; run <= runs; run++) {
  const t0 = performance.now();
  const { pages: content, title } = await readPdfPages(bytes);
  const t1 = performance.now();
  const raw = layoutPdf(content, 'bench.pdf', title);
  const t2 = performance.now();
  const doc = extractDocument(raw);
  const t3 = performance.now();
  const report = auditDocument(doc);
  const t4 = performance.now();
  results.push({ pdfjs: t1 - t0, layout: t2 - t1, extract: t3 - t2, audit: t4 - t3, total: t4 - t0 });
  console.log(`run ${run}: pdfjs ${ms(t1 - t0)} | layout ${ms(t2 - t1)} | extract ${ms(t3 - t2)} | audit ${ms(t4 - t3)} | total ${ms(t4 - t0)}  (${raw.tables.length} raw tables → ${doc.tables.length} tables, ${report.findings.length} findings, ${report.checks.length} checks)`);
}
const best = results.reduce((a, b) => (b.total < a.total ? b : a));
console.log(`best of ${runs}: ${best.total.toFixed(0)} ms for ${pages} pages = ${(best.total / pages).toFixed(1)} ms/page (pdfjs ${(best.pdfjs / best.total * 100).toFixed(0)} %, layout ${(best.layout / best.total * 100).toFixed(0)} %, extract ${(best.extract / best.total * 100).toFixed(0)} %, audit ${(best.audit / best.total * 100).toFixed(0)} %)`);
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB`);
