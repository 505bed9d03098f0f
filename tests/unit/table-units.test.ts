import { describe, expect, it } from 'vitest';
import { auditDocument } from '../../lib/audit';
import { tableUnits } from '../../lib/audit/table-units';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import type { Finding } from '../../lib/model';
import type { RawSource } from '../../lib/model/raw';
import { fixture, parseHtml } from '../helpers/dom';
import { loadHtml, SEED_PAGES, type SeedId } from '../helpers/seeds';
import { htmlWithOneTableInYuan, rawWithOneTableInYuan, rawWithUnitLine } from '../helpers/units';

/**
 * A table printed in 元 without its unit line, on a page whose other tables print 万元: read in
 * 万元 it disagrees ×10 000 with every other table and with the prose — two dozen "errors" that
 * are one missing line. The audit reads it in the unit its figures agree in, and says so once.
 */

/** A finding as a reader compares two audits: what was compared where (not the wording, which names the unit). */
const key = (f: Finding): string => `${f.rule} ${f.severity} ${f.stated} ${f.expected} ${JSON.stringify(f.target)}`;
const audit = (raw: RawSource) => auditDocument(extractDocument(raw)).findings;
const isUnitWarning = (f: Finding) => f.rule === 'cross-table' && f.id.endsWith('#unit');

const raws = new Map<SeedId, RawSource>();
const rawOf = (id: SeedId): RawSource => {
  let raw = raws.get(id);
  if (!raw) raws.set(id, (raw = readDocument(parseHtml(fixture(`pages/${SEED_PAGES[id]}`)), `${id}.html`).raw));
  return raw;
};

/**
 * Tables whose figures are found nowhere else: every project of seed-004's 项目支出预算表 is named
 * only there, so only its total agrees with anything (the prose's 项目支出) — too little to
 * read a table in another unit than the page's. It stays in 万元 and its total disagrees.
 */
const TOO_LITTLE_EVIDENCE = new Set(['004 项目支出预算表']);

describe('a table in 元 without its unit line, among 万元 tables', () => {
  describe.each(Object.keys(SEED_PAGES) as SeedId[])('seed %s', (id) => {
    const raw = rawOf(id);
    const tables = extractDocument(raw).tables;
    const cases = tables
      .map((t, index) => ({ index, title: t.title ?? t.id, figures: t.rows.flatMap((r) => r.cells).filter((c) => c.value !== null && !c.value.isZero()).length }))
      .filter((c) => c.figures >= 2 && rawWithOneTableInYuan(raw, c.index, 'dropped') !== null);

    it('has tables to convert', () => {
      expect(cases.length).toBeGreaterThanOrEqual(5);
    });

    it.each(cases)('table $index $title: the findings of the page with its unit line, and one warning', ({ index, title }) => {
      const printed = audit(rawWithOneTableInYuan(raw, index, 'printed')!.page);
      const dropped = audit(rawWithOneTableInYuan(raw, index, 'dropped')!.page);
      const warnings = dropped.filter(isUnitWarning);
      if (TOO_LITTLE_EVIDENCE.has(`${id} ${title}`)) {
        expect(warnings).toEqual([]);
        return;
      }
      expect(warnings.map((w) => w.target)).toEqual([{ type: 'table', table: tables[index]!.id }]);
      expect(warnings[0]!.unit).toBe('元');
      expect(warnings[0]!.message.zh).toMatch(/未注明金额单位。按万元读取.*按元读取.*本表按元核对/);
      expect(dropped.filter((f) => !isUnitWarning(f)).map(key).sort()).toEqual(printed.map(key).sort());
    });
  });

  it('seed-004 项目支出预算表 is the exception above: its total is its only figure found elsewhere', () => {
    const raw = rawOf('004');
    const index = extractDocument(raw).tables.findIndex((t) => t.title === '项目支出预算表');
    const doc = extractDocument(rawWithOneTableInYuan(raw, index, 'dropped')!.page);
    expect(tableUnits(doc, 'standard').inferred).toEqual([]);
  });

  it('a 元 table that prints 单位：元 raises nothing on a page of 万元 tables (seed-000, every table in turn)', () => {
    const raw = rawOf('000');
    const base = audit(raw).map(key).sort();
    let converted = 0;
    for (let i = 0; i < extractDocument(raw).tables.length; i++) {
      const printed = rawWithOneTableInYuan(raw, i, 'printed');
      if (!printed) continue;
      converted++;
      expect(audit(printed.page).map(key).sort()).toEqual(base);
    }
    expect(converted).toBeGreaterThanOrEqual(6);
  });

  it('in the browser’s reading of the page too: seed-000 支出总表 in 元, its unit line an empty paragraph', () => {
    const html = fixture(`pages/${SEED_PAGES['000']}`);
    const index = extractDocument(rawOf('000')).tables.findIndex((t) => t.title === '部门预算支出总表');
    const page = htmlWithOneTableInYuan(html, index, 'dropped')!;
    expect(page.figures).toBeGreaterThan(40);
    const doc = extractDocument(readDocument(parseHtml(page.page), 'page.html').raw);
    const findings = auditDocument(doc).findings;
    // seed-000 raises nothing: the one finding is the warning
    expect(findings.map((f) => `${f.rule} ${f.severity}`)).toEqual(['cross-table warning']);
    expect(findings[0]!.message.zh).toMatch(/^「部门预算支出总表」未注明金额单位。按万元读取，与其他表或正文一致的数字有0个；按元读取，有\d+个（如「\d+ [^」]+」\d+元，「[^」]+」「\d+ [^」]+」[\d.]+万元）。本表按元核对。$/);
  });
});

describe('what is not inferred', () => {
  it('a table without its unit line whose figures are in the page’s unit: read in it, no warning (every table of seed-000 and seed-002)', () => {
    for (const id of ['000', '002'] as const) {
      const raw = rawOf(id);
      const base = audit(raw).map(key).sort();
      let dropped = 0;
      for (let i = 0; i < extractDocument(raw).tables.length; i++) {
        const page = rawWithUnitLine(raw, i, null);
        if (!page) continue;
        dropped++;
        expect(audit(page).map(key).sort()).toEqual(base);
      }
      expect(dropped).toBeGreaterThanOrEqual(6);
    }
  });

  it('one figure agreeing at another scale is not enough', () => {
    const summary = `<p>收支总表</p><p>单位：万元</p><table>
      <tr><td>项目</td><td>预算数</td><td>项目</td><td>预算数</td></tr>
      <tr><td>一般公共预算拨款收入</td><td>120.00</td><td>卫生健康支出</td><td>120.00</td></tr>
      <tr><td>收入总计</td><td>120.00</td><td>支出总计</td><td>120.00</td></tr></table>`;
    const projects = (figures: string[]) => `<p>项目支出表</p><table>
      <tr><td>项目名称</td><td>金额</td></tr>
      ${figures.map((f, i) => `<tr><td>项目${'甲乙丙丁'[i]}</td><td>${f}</td></tr>`).join('')}
      <tr><td>合计</td><td>${figures.reduce((s, f) => s + Number(f), 0).toFixed(2)}</td></tr></table>`;
    // the prose's 项目支出 agrees with the total at 元 (1 200 000 元 = 120 万元), nothing else does
    const one = loadHtml(`${summary + projects(['700000.00', '500000.00'])}<p>项目支出120.00万元。</p>`);
    expect(tableUnits(one, 'standard').inferred).toEqual([]);
    // with the prose naming a project's figure too, two figures agree: read in 元
    const two = loadHtml(`${summary + projects(['700000.00', '500000.00'])}<p>项目支出120.00万元，其中项目甲70.00万元。</p>`);
    expect(tableUnits(two, 'standard').inferred.map((u) => [u.table.title, u.unit, u.strength, u.strengthInstead])).toEqual([['项目支出表', '元', 2, 0]]);
  });

  it('the other way: a table in 万元 without a unit line on a page of 元 tables is read in 万元', () => {
    const doc = loadHtml(`<p>收支总表</p><p>单位：元</p><table>
      <tr><td>项目</td><td>预算数</td><td>项目</td><td>预算数</td></tr>
      <tr><td>一般公共预算拨款收入</td><td>1234567.89</td><td>卫生健康支出</td><td>1000000.00</td></tr>
      <tr><td></td><td></td><td>社会保障和就业支出</td><td>234567.89</td></tr>
      <tr><td>收入总计</td><td>1234567.89</td><td>支出总计</td><td>1234567.89</td></tr></table>
      <p>支出总表</p><table><tr><td>科目编码</td><td>科目名称</td><td>合计</td></tr>
      <tr><td>208</td><td>社会保障和就业支出</td><td>23.46</td></tr>
      <tr><td>210</td><td>卫生健康支出</td><td>100.00</td></tr><tr><td></td><td>合计</td><td>123.46</td></tr></table>`);
    expect(tableUnits(doc, 'standard').inferred.map((u) => [u.table.title, u.unit, u.instead])).toEqual([['支出总表', '万元', '元']]);
    expect(auditDocument(doc).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('a unit line that contradicts the figures under it', () => {
  describe.each(['000', '002', '004'] as SeedId[])('seed %s', (id) => {
    const raw = rawOf(id);
    const tables = extractDocument(raw).tables;
    const base = audit(raw).map(key).sort();
    const cases = tables
      .map((t, index) => ({ index, title: t.title ?? t.id, figures: t.rows.flatMap((r) => r.cells).filter((c) => c.value !== null && !c.value.isZero()).length }))
      .filter((c) => c.figures >= 3 && rawWithUnitLine(raw, c.index, '单位：元') !== null);

    it.each(cases)('table $index $title says 单位：元 over figures in 万元: one error, the rest as printed right', ({ index }) => {
      const page = rawWithUnitLine(raw, index, '单位：元')!;
      const doc = extractDocument(page);
      const inferred = tableUnits(doc, 'standard').inferred;
      const findings = auditDocument(doc).findings;
      const unitErrors = findings.filter(isUnitWarning);
      // a table none of whose items another table prints stays as printed (nothing to tell by)
      if (inferred.length === 0) {
        expect(unitErrors).toEqual([]);
        return;
      }
      expect(inferred.map((u) => [u.table.id, u.unit, u.instead, u.printed])).toEqual([[tables[index]!.id, '万元', '元', true]]);
      expect(unitErrors.map((f) => [f.severity, f.target])).toEqual([['error', { type: 'table', table: tables[index]!.id }]]);
      expect(unitErrors[0]!.message.zh).toMatch(/注明金额单位为元，但按元读取，其数字与其他表或正文无一相符；按万元读取，有\d+个相符.*单位或数字有误，本表按万元核对。$/);
      expect(findings.filter((f) => !isUnitWarning(f)).map(key).sort()).toEqual(base);
    });

    it('most of its tables are told by the others', () => {
      const told = cases.filter(({ index }) => tableUnits(extractDocument(rawWithUnitLine(raw, index, '单位：元')!), 'standard').inferred.length === 1);
      expect(told.length).toBeGreaterThanOrEqual(Math.ceil(cases.length / 2));
    });
  });

  it('the prose alone never overrules a printed unit: a lone table whose figures the prose rounds', () => {
    const doc = loadHtml(`<p>支出总表</p><p>单位：元</p><table><tr><td>科目编码</td><td>科目名称</td><td>合计</td></tr>
      <tr><td>208</td><td>社会保障和就业支出</td><td>10.00</td></tr><tr><td>210</td><td>卫生健康支出</td><td>20.00</td></tr>
      <tr><td>221</td><td>住房保障支出</td><td>30.00</td></tr><tr><td></td><td>合计</td><td>60.00</td></tr></table>
      <p>社会保障和就业支出10.00万元，卫生健康支出20.00万元，住房保障支出30.00万元，合计60.00万元。</p>`);
    expect(tableUnits(doc, 'standard').inferred).toEqual([]);
  });
});
