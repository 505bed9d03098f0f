import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import { fixture, parseHtml } from '../helpers/dom';
import { loadHtml } from '../helpers/seeds';

const negativeDir = new URL('../fixtures/negative/', import.meta.url);
const negatives = readdirSync(negativeDir)
  .filter((f) => f.endsWith('.html'))
  .sort();

const extract = (html: string, source: string) => extractDocument(readDocument(parseHtml(html), source).raw);

describe('pages whose tables are not budget tables', () => {
  it('has negative fixtures to check', () => {
    expect(negatives.length).toBeGreaterThanOrEqual(3);
  });

  it.each(negatives)('%s yields zero tables', (file) => {
    const doc = extract(fixture(`negative/${file}`), file);
    expect(doc.tables).toEqual([]);
  });
});

describe('pages without tables', () => {
  it('an empty string yields zero tables and does not throw', () => {
    expect(() => extract('', 'empty.html')).not.toThrow();
    expect(extract('', 'empty.html').tables).toEqual([]);
  });

  it('an empty document yields zero tables', () => {
    expect(extract('<!DOCTYPE html><html><head><title></title></head><body></body></html>', 'blank.html').tables).toEqual([]);
  });

  it('a page of prose only, budget words included, yields zero tables', () => {
    const html = `<!DOCTYPE html><html><head><title>2024年部门预算公开</title></head><body>
      <h1>沅江市医疗保障局2024年部门预算公开</h1>
      <p>一、部门收支总体情况</p>
      <p>沅江市医疗保障局2024年收入总计2230.80万元，支出总计2230.80万元，与2023年相比，收支总计各增加18.50万元，增长0.84%。</p>
      <p>二、一般公共预算支出情况</p>
      <p>2024年一般公共预算支出2,082.70万元，占支出总计的93.36%。</p>
      <p>单位：万元</p>
    </body></html>`;
    expect(() => extract(html, 'prose.html')).not.toThrow();
    expect(extract(html, 'prose.html').tables).toEqual([]);
  });
});

describe('statistics tables titled with 收入 or 资产', () => {
  it('are not budget tables: a 统计公报 table of residents’ income with 单位：元', () => {
    const doc = loadHtml(`<p>表3 2023年城乡居民收入情况</p><p>单位：元</p>
      <table border="1"><tr><td>指标</td><td>绝对数</td><td>比上年增长(%)</td></tr>
      <tr><td>全体居民人均可支配收入</td><td>32,104.50</td><td>6.1</td></tr>
      <tr><td>城镇居民人均可支配收入</td><td>45,123.00</td><td>5.2</td></tr>
      <tr><td>农村居民人均可支配收入</td><td>19,876.30</td><td>7.4</td></tr></table>`);
    expect(doc.tables).toEqual([]);
    expect(doc.skipped.length).toBe(1);
  });

  it('while a department’s 资产 table is kept', () => {
    const doc = loadHtml(`<p>部门固定资产占用情况表</p><p>单位：万元</p>
      <table border="1"><tr><td>项目</td><td>数量</td><td>价值</td></tr>
      <tr><td>车辆</td><td>2</td><td>15.03</td></tr><tr><td>其他固定资产</td><td>579</td><td>106.27</td></tr></table>`);
    expect(doc.tables.map((t) => t.kind)).toEqual(['other']);
  });
});
