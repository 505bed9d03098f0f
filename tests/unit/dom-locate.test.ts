import { afterAll, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { auditDocument } from '../../lib/audit';
import { createLocator } from '../../lib/dom/locate';
import { layoutOf } from '../../lib/report/page-audit';
import { readDocument, type DomSource } from '../../lib/dom/source';
import { cellText, isBlock, isSkipped, textLines } from '../../lib/dom/text';
import { extractDocument } from '../../lib/extract';
import { extractClaims } from '../../lib/extract/claims';
import type { BudgetDocument, CellRef, Ref } from '../../lib/model';
import { collapseSpace } from '../../lib/parse/text';
import { fixture } from '../helpers/dom';
import { SEED_PAGES } from '../helpers/seeds';

type Page = { document: Document; dom: DomSource; doc: BudgetDocument };

const windows: Window[] = [];
afterAll(async () => {
  for (const w of windows) await w.happyDOM.close();
});

/** A page in a happy-dom window (its Range implementation needs the window's own document). */
function pageDocument(html: string): Document {
  const window = new Window({
    url: 'http://localhost/page.html',
    settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true },
  });
  windows.push(window);
  window.document.write(html);
  return window.document as unknown as Document;
}

function read(html: string): Page {
  const document = pageDocument(html);
  const dom = readDocument(document, 'test.html');
  return { document, dom, doc: extractDocument(dom.raw) };
}

const wrap = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;

/** The prose paragraphs as lib/dom read them before paragraphs were mapped to the DOM (the reference). */
function referenceParagraphs(document: Document, dataTables: Set<Element>): string[] {
  const out: string[] = [];
  const walk = (el: Element) => {
    if (isSkipped(el) || dataTables.has(el)) return;
    const hasBlockChild = Array.from(el.children).some((c) => isBlock(c) && !isSkipped(c));
    if (hasBlockChild) for (let child = el.firstElementChild; child; child = child.nextElementSibling) walk(child);
    else out.push(...textLines(el));
  };
  if (document.body) walk(document.body);
  return out;
}

const pages = Object.values(SEED_PAGES).map((file) => [file, read(fixture(`pages/${file}`))] as const);

const BUDGET_TABLE = `
  <p>2024年部门支出预算表</p><p>单位：万元</p>
  <table>
    <tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>
    <tr><td>210</td><td>卫生健康支出</td><td>600.00</td><td>500.00</td><td>100.00</td></tr>
    <tr><td>21015</td><td>医疗保障管理事务</td><td>600.00</td><td>500.00</td><td>100.00</td></tr>
    <tr><td>2101501</td><td>行政运行</td><td>590.00</td><td>500.00</td><td>90.00</td></tr>
    <tr><td colspan="2">合计</td><td>600.00</td><td>500.00</td><td>100.00</td></tr>
  </table>`;

describe('DomSource paragraphs', () => {
  it.each(pages)('%s: RawSource paragraphs are read exactly as before, one DomParagraph each', (_file, page) => {
    expect(page.dom.paragraphs).toHaveLength(page.dom.raw.paragraphs.length);
    const dataTables = new Set(page.dom.parts.map((p) => p.element));
    expect(page.dom.raw.paragraphs).toEqual(referenceParagraphs(page.document, dataTables));
  });

  it.each(pages)('%s: every paragraph maps each character back to the text node that printed it', (_file, page) => {
    page.dom.raw.paragraphs.forEach((text, i) => {
      const where = page.dom.paragraphs[i]!;
      expect(where.map, `paragraph ${i}`).not.toBeNull();
      const map = where.map!;
      expect(map.node).toHaveLength(text.length);
      for (let c = 0; c < text.length; c++) {
        const node = map.nodes[map.node[c]!]!;
        const printed = node.data[map.offset[c]!]!;
        if (text[c] === ' ') expect(collapseSpace(printed)).toBe('');
        else expect(printed).toBe(text[c]);
        expect(where.element.contains(node)).toBe(true);
      }
    });
  });

  it('keeps line breaks, inline markup, entities and hidden text the way textLines reads them', () => {
    const page = read(
      wrap(`${BUDGET_TABLE}
      <div class="info"><p>　　卫生健康<b>支出</b> <span>542.00</span>万元，&nbsp;&nbsp;占<em>92.97</em>%<span style="display:none">隐藏</span>。<br>第二行 1.00 万元</p></div>`),
    );
    const i = page.dom.raw.paragraphs.findIndex((p) => p.startsWith('卫生健康支出'));
    expect(page.dom.raw.paragraphs[i]).toBe('卫生健康支出 542.00万元， 占92.97%。');
    expect(page.dom.raw.paragraphs[i + 1]).toBe('第二行 1.00 万元');
    expect(page.dom.paragraphs[i]!.element.tagName).toBe('P');
    const locator = createLocator(layoutOf(page.doc), page.dom);
    const text = page.dom.raw.paragraphs[i]!;
    const range = locator.text({ type: 'text', paragraph: i, start: text.indexOf('卫生'), end: text.indexOf('%') + 1 })!;
    expect(collapseSpace(range.toString())).toBe('卫生健康支出 542.00万元， 占92.97%');
    const figure = locator.text({ type: 'text', paragraph: i, start: text.indexOf('542'), end: text.indexOf('542') + 6 })!;
    expect(figure.toString()).toBe('542.00');
    expect(figure.startContainer.parentElement!.tagName).toBe('SPAN');
    const second = locator.text({ type: 'text', paragraph: i + 1, start: 4, end: 8 })!;
    expect(second.toString()).toBe('1.00');
  });
});

describe('DomParagraph maps are made when first asked for', () => {
  const PROSE = `<p>卫生健康支出<span>542.00</span>万元。</p><p>住房保障支出<span>12.04</span>万元。</p>`;

  it('from the block as it is then: a block that still reads the same maps onto its current text nodes', () => {
    const page = read(wrap(`${BUDGET_TABLE}${PROSE}`));
    const i = page.dom.raw.paragraphs.indexOf('住房保障支出12.04万元。');
    const span = page.dom.paragraphs[i]!.element.querySelector('span')!;
    // the page replaces the figure's text node with an equal one after it was read
    span.replaceChildren(page.document.createTextNode('12.04'));
    const map = page.dom.paragraphs[i]!.map!;
    expect(map.nodes[map.node[6]!]).toBe(span.firstChild);
  });

  it('and not at all for a block that no longer reads the lines that were read (no underline on other text)', () => {
    const page = read(wrap(`${BUDGET_TABLE}${PROSE}`));
    const i = page.dom.raw.paragraphs.indexOf('卫生健康支出542.00万元。');
    page.dom.paragraphs[i]!.element.querySelector('span')!.textContent = '999.00';
    expect(page.dom.paragraphs[i]!.map).toBeNull();
    const locator = createLocator(layoutOf(page.doc), page.dom);
    expect(locator.text({ type: 'text', paragraph: i, start: 6, end: 12 })).toBeNull();
    // the other block is untouched and still maps
    expect(page.dom.paragraphs[page.dom.raw.paragraphs.indexOf('住房保障支出12.04万元。')]!.map).not.toBeNull();
  });
});

describe('createLocator', () => {
  it.each(pages)('%s: every cell a finding points at (target and operands) is the <td> printing that figure', (_file, page) => {
    const { findings } = auditDocument(page.doc);
    const locator = createLocator(layoutOf(page.doc), page.dom);
    const refs: CellRef[] = findings.flatMap((f) => [f.target, ...f.operands.map((o) => o.ref)]).filter((r): r is CellRef => r?.type === 'cell');
    for (const ref of refs) {
      const located = locator.locate(ref);
      expect(located, JSON.stringify(ref)).not.toBeNull();
      if (located?.kind !== 'cell') throw new Error('not a cell');
      expect(['TD', 'TH']).toContain(located.element.tagName);
      const cell = page.doc.tables.find((t) => t.id === ref.table)!.rows[ref.row]!.cells[ref.column]!;
      expect(collapseSpace(cellText(located.element))).toBe(cell.text);
      expect(page.dom.parts[located.part]!.element.contains(located.element)).toBe(true);
    }
  });

  it('locates the claims the prose extractor reads: each range prints exactly the claim text', () => {
    const [, page] = pages.find(([f]) => f.startsWith('seed-004'))!;
    const { claims } = extractClaims(page.doc);
    expect(claims.length).toBeGreaterThan(0);
    const locator = createLocator(layoutOf(page.doc), page.dom);
    for (const claim of claims) {
      const range = locator.text({ type: 'text', paragraph: claim.paragraph, start: claim.start, end: claim.end });
      expect(range, claim.id).not.toBeNull();
      expect(collapseSpace(range!.toString())).toBe(claim.text);
    }
  });

  it('a covered slot of a rowspan/colspan gives the covering cell; a padded slot and stale refs give null', () => {
    const page = read(wrap(BUDGET_TABLE.replace('<tr><td>2101501</td><td>行政运行</td><td>590.00</td><td>500.00</td><td>90.00</td></tr>', '<tr><td>2101501</td><td>行政运行</td><td>590.00</td></tr>')));
    const table = page.doc.tables[0]!;
    const locator = createLocator(layoutOf(page.doc), page.dom);
    const totalRow = table.rows.findIndex((r) => r.role === 'total');
    const label = locator.cell({ type: 'cell', table: table.id, row: totalRow, column: 1 });
    expect(label?.getAttribute('colspan')).toBe('2');
    expect(locator.cell({ type: 'cell', table: table.id, row: totalRow, column: 0 })).toBe(label);
    const short = table.rows.findIndex((r) => r.code === '2101501');
    expect(locator.cell({ type: 'cell', table: table.id, row: short, column: 4 })).toBeNull();
    expect(locator.cell({ type: 'cell', table: table.id, row: 99, column: 0 })).toBeNull();
    expect(locator.cell({ type: 'cell', table: 't9', row: 0, column: 0 })).toBeNull();
    expect(locator.text({ type: 'text', paragraph: 999, start: 0, end: 1 })).toBeNull();
    expect(locator.text({ type: 'text', paragraph: 0, start: 3, end: 3 })).toBeNull();
    // removed from the page since the audit: not located
    const cell = locator.cell({ type: 'cell', table: table.id, row: 0, column: 2 })!;
    cell.remove();
    expect(locator.cell({ type: 'cell', table: table.id, row: 0, column: 2 })).toBeNull();
  });

  it('a table ref is the first <table> the table was read from', () => {
    const page = read(wrap(BUDGET_TABLE));
    const ref: Ref = { type: 'table', table: page.doc.tables[0]!.id };
    expect(createLocator(layoutOf(page.doc), page.dom).locate(ref)).toEqual({ kind: 'table', element: page.document.querySelector('table') });
  });
});
