import { describe, expect, it } from 'vitest';
import { auditDocument } from '../../lib/audit';
import { candidateTables } from '../../lib/dom/screen';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import { fixture, parseHtml } from '../helpers/dom';
import { readingOf, SEED_FILES } from '../helpers/seeds';
import { splitAtPageBreaks } from '../helpers/split';


describe('a table split at a page break reads as the one table it is', () => {
  describe.each(SEED_FILES)('%s', (file) => {
    const html = fixture(`pages/${file}`);
    const whole = readingOf(html);

    it.each([
      ['with its header printed again', true],
      ['without a header (the rest starts with items, some without amounts)', false],
    ])('cut %s: the same tables, rows and findings', (_name, repeatHeader) => {
      const split = splitAtPageBreaks(html, repeatHeader);
      expect(split.cut).toBeGreaterThan(5);
      const got = readingOf(split.html);
      expect(got.tables).toEqual(whole.tables);
      expect(got.findings).toEqual(whole.findings);
    });
  });
});

const page = (body: string) => parseHtml(`<!DOCTYPE html><html><head><title>t</title></head><body>${body}</body></html>`);
const TABLE = `<p>2024年部门收支预算表</p><p>单位：万元</p>
<table><tr><td colspan=2>收入</td><td colspan=2>支出</td></tr>
<tr><td>项目</td><td>预算数</td><td>项目</td><td>预算数</td></tr>
<tr><td>一、一般公共预算拨款收入</td><td>35.00</td><td>一、一般公共服务支出</td><td></td></tr>
<tr><td>二、政府性基金预算拨款收入</td><td></td><td>二、卫生健康支出</td><td>30.00</td></tr></table>`;
// the rest: items without amounts first (they look like a header row), no budget word in its first four rows (the screen's sample)
const REST = `<table><tr><td></td><td></td><td>三、节能环保</td><td></td></tr>
<tr><td></td><td></td><td>四、住房保障</td><td>5.00</td></tr>
<tr><td></td><td></td><td>五、农林水</td><td></td></tr>
<tr><td></td><td></td><td>六、交通运输</td><td></td></tr>
<tr><td>收入总计</td><td>35.00</td><td>支出总计</td><td>35.00</td></tr></table>`;

describe('the screen keeps the rest of a split table', () => {
  it('reads a table printed right after a budget table, even without a budget word in it, as its rest', () => {
    const doc = page(`${TABLE}<p>&nbsp;</p>${REST}`);
    expect(candidateTables(doc)).toHaveLength(2);
    const read = extractDocument(readDocument(doc, 'p').raw);
    expect(read.tables).toHaveLength(1);
    expect(read.tables[0]!.rows.map((r) => r.cells[2]!.text)).toEqual(['一、一般公共服务支出', '二、卫生健康支出', '三、节能环保', '四、住房保障', '五、农林水', '六、交通运输', '支出总计']);
    expect(auditDocument(read).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('audits the table as incomplete without the change (the rows left out would make a false alarm)', () => {
    // the same page with the rest behind a line of text: read as a table on its own, or not at all
    const read = extractDocument(readDocument(page(`${TABLE}<p>附件</p>${REST}`), 'p').raw);
    expect(read.tables[0]!.rows).toHaveLength(2);
  });

  it('does not read a table of no budget words when text stands between it and the budget table', () => {
    expect(candidateTables(page(`${TABLE}<p>附：联系人</p>${REST}`))).toHaveLength(1);
    expect(candidateTables(page(`${TABLE.replace('</table>', '</table><p>注：本表无数据。</p>')}${REST}`))).toHaveLength(1);
  });

  it('does not read it after a table that is not read', () => {
    const other = '<table><tr><td>姓名</td><td>电话</td><td>地址</td><td>邮编</td></tr><tr><td>张三</td><td>123</td><td>x</td><td>1</td></tr></table>';
    expect(candidateTables(page(`${other}${REST}`))).toHaveLength(0);
  });

  it('does not take a table of the same width without amounts printed right after as the rest', () => {
    const contacts = `<table><tr><td>联系人</td><td>张三</td><td>电话</td><td>0312-1234567</td></tr><tr><td>地址</td><td>人民路1号</td><td>邮编</td><td>074000</td></tr></table>`;
    const read = extractDocument(readDocument(page(`${TABLE}${contacts}`), 'p').raw);
    expect(read.tables[0]!.rows).toHaveLength(2);
  });

  it('does not take a table of the same width printed right after, with a header of its own, as the rest', () => {
    const next = `<table><tr><td>项目</td><td>单位</td><td>金额</td><td>备注</td></tr><tr><td>培训</td><td>局机关</td><td>5.00</td><td></td></tr></table>`;
    const read = extractDocument(readDocument(page(`${TABLE}${next}`), 'p').raw);
    expect(read.tables[0]!.rows).toHaveLength(2);
  });
});
