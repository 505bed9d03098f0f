import { describe, expect, it } from 'vitest';
import { directRows, rowGroups, tableToGrid } from '../../lib/dom/grid';
import { cellText, isHiddenByMarkup, textLines } from '../../lib/dom/text';
import type { RawCell } from '../../lib/model/raw';
import { parseHtml } from '../helpers/dom';

/** The first <table> of a page made of `html`. */
function table(html: string): Element {
  const t = parseHtml(`<!DOCTYPE html><html><head><title>t</title></head><body>${html}</body></html>`).querySelector('table');
  if (!t) throw new Error('no table in fixture');
  return t;
}
const texts = (grid: RawCell[][]): string[][] => grid.map((row) => row.map((c) => c.text));
const origins = (grid: RawCell[][]): string[][] => grid.map((row) => row.map((c) => `${c.originRow},${c.originCol}`));
const gridOf = (html: string) => tableToGrid(table(html)).grid;

describe('tableToGrid: spans', () => {
  it('fills a rowspan down into every covered slot', () => {
    const grid = gridOf('<table><tr><td rowspan="2">类型</td><td>a</td></tr><tr><td>b</td></tr></table>');
    expect(texts(grid)).toEqual([
      ['类型', 'a'],
      ['类型', 'b'],
    ]);
  });

  it('fills a colspan across every covered slot', () => {
    const grid = gridOf('<table><tr><td colspan="3">合计</td><td>10.00</td></tr><tr><td>210</td><td>15</td><td>01</td><td>4.00</td></tr></table>');
    expect(texts(grid)).toEqual([
      ['合计', '合计', '合计', '10.00'],
      ['210', '15', '01', '4.00'],
    ]);
  });

  it('fills a cell with both rowspan and colspan', () => {
    const grid = gridOf(
      '<table><tr><td rowspan="2" colspan="2">科目编码</td><td>a</td></tr><tr><td>b</td></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>',
    );
    expect(texts(grid)).toEqual([
      ['科目编码', '科目编码', 'a'],
      ['科目编码', '科目编码', 'b'],
      ['1', '2', '3'],
    ]);
  });

  it('records the origin (top-left slot) of the covering cell in every spanned slot', () => {
    const grid = gridOf(
      '<table><tr><td>x</td><td rowspan="2" colspan="2">s</td></tr><tr><td>y</td></tr><tr><td>p</td><td>q</td><td>r</td></tr></table>',
    );
    expect(origins(grid)).toEqual([
      ['0,0', '0,1', '0,1'],
      ['1,0', '0,1', '0,1'],
      ['2,0', '2,1', '2,2'],
    ]);
  });

  it('places a cell after a rowspan from the row above in the next free slot', () => {
    const grid = gridOf('<table><tr><td rowspan="2">a</td><td>b</td><td rowspan="2">c</td></tr><tr><td>d</td></tr></table>');
    expect(texts(grid)).toEqual([
      ['a', 'b', 'c'],
      ['a', 'd', 'c'],
    ]);
    expect(grid[1]![1]).toMatchObject({ originRow: 1, originCol: 1 });
  });

  it('runs rowspan="0" to the last row', () => {
    const grid = gridOf('<table><tr><td rowspan="0">a</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr></table>');
    expect(texts(grid)).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['a', '3'],
    ]);
  });

  it('clips a rowspan that runs past the last row', () => {
    const grid = gridOf('<table><tr><td rowspan="9">a</td><td>1</td></tr><tr><td>2</td></tr></table>');
    expect(texts(grid)).toEqual([
      ['a', '1'],
      ['a', '2'],
    ]);
  });

  it('stops a rowspan at the end of its row group (a thead cell does not reach into the tbody)', () => {
    const grid = gridOf(
      '<table><thead><tr><th rowspan="3">项目</th><th>金额</th></tr></thead><tbody><tr><td>行政运行</td><td>1.00</td></tr></tbody></table>',
    );
    expect(texts(grid)).toEqual([
      ['项目', '金额'],
      ['行政运行', '1.00'],
    ]);
  });

  it('treats colspan="0" and a broken span as 1', () => {
    expect(texts(gridOf('<table><tr><td colspan="0">a</td><td colspan="x">b</td><td colspan="-2">c</td></tr></table>'))).toEqual([['a', 'b', 'c']]);
  });

  it('clips colspan at 1000: colspan="5000" does not explode', () => {
    const grid = gridOf('<table><tr><td colspan="5000">wide</td><td>next</td></tr><tr><td>a</td></tr></table>');
    expect(grid).toHaveLength(2);
    expect(grid[0]).toHaveLength(1001);
    expect(grid[0]![999]).toMatchObject({ text: 'wide', originCol: 0 });
    expect(grid[0]![1000]).toMatchObject({ text: 'next', originCol: 1000 });
    expect(grid[1]).toHaveLength(1001);
  });

  it('returns the covering element in every slot it covers', () => {
    const t = table('<table><tr><td id="s" colspan="2">s</td></tr><tr><td id="a">a</td><td id="b">b</td></tr></table>');
    const { elements } = tableToGrid(t);
    expect(elements.map((row) => row.map((e) => e.id))).toEqual([
      ['s', 's'],
      ['a', 'b'],
    ]);
  });
});

describe('tableToGrid: hidden markup', () => {
  it('skips cells with display:none', () => {
    expect(texts(gridOf('<table><tr><td>1</td><td style="display: none">hidden</td><td>2</td></tr></table>'))).toEqual([['1', '2']]);
  });

  it('skips cells with the hidden attribute', () => {
    expect(texts(gridOf('<table><tr><td>1</td><td hidden>hidden</td><td>2</td></tr></table>'))).toEqual([['1', '2']]);
  });

  it('skips rows with display:none or the hidden attribute', () => {
    const grid = gridOf('<table><tr><td>1</td></tr><tr style="DISPLAY:NONE"><td>x</td></tr><tr hidden><td>y</td></tr><tr><td>2</td></tr></table>');
    expect(texts(grid)).toEqual([['1'], ['2']]);
  });

  it('skips the rows of a hidden section', () => {
    const grid = gridOf('<table><tbody style="display:none"><tr><td>x</td></tr></tbody><tbody><tr><td>1</td></tr></tbody></table>');
    expect(texts(grid)).toEqual([['1']]);
  });

  it('leaves out hidden text inside a cell', () => {
    expect(texts(gridOf('<table><tr><td>12<span style="display:none">99</span>.50</td></tr></table>'))).toEqual([['12.50']]);
  });

  it('does not read "mso-display" style names as display:none', () => {
    expect(isHiddenByMarkup(table('<table><tr><td style="mso-display:none">1</td></tr></table>').querySelector('td')!)).toBe(false);
  });

  it('counts visibility:hidden and visibility:collapse as hidden', () => {
    const t = table('<table><tr style="visibility:collapse"><td style="visibility: hidden">1</td></tr></table>');
    expect(isHiddenByMarkup(t.querySelector('tr')!)).toBe(true);
    expect(isHiddenByMarkup(t.querySelector('td')!)).toBe(true);
  });
});

describe('tableToGrid: nested tables', () => {
  const html =
    '<table id="outer"><tr><td>before<table id="inner"><tr><td>in1</td><td>in2</td></tr><tr><td>in3</td><td>in4</td></tr></table>after</td><td>c</td></tr></table>';

  it('leaves the nested table out of the outer cell text', () => {
    expect(texts(gridOf(html))).toEqual([['before after', 'c']]);
  });

  it('does not make the nested rows part of the outer grid', () => {
    const outer = table(html);
    expect(directRows(outer)).toHaveLength(1);
    expect(tableToGrid(outer).grid).toHaveLength(1);
  });

  it('reads the nested table as a table of its own', () => {
    const inner = table(html).querySelector('#inner')!;
    expect(texts(tableToGrid(inner).grid)).toEqual([
      ['in1', 'in2'],
      ['in3', 'in4'],
    ]);
  });
});

describe('tableToGrid: row order and shape', () => {
  it('reads thead, tbody, tfoot in that order', () => {
    const grid = gridOf('<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>b</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>');
    expect(texts(grid)).toEqual([['h'], ['b'], ['f']]);
  });

  it('shows the first thead on top and the first tfoot at the bottom wherever they are in the markup', () => {
    const grid = gridOf(
      '<table><tfoot><tr><td>f</td></tr></tfoot><tbody><tr><td>b1</td></tr></tbody><thead><tr><th>h</th></tr></thead><tbody><tr><td>b2</td></tr></tbody></table>',
    );
    expect(texts(grid)).toEqual([['h'], ['b1'], ['b2'], ['f']]);
    expect(origins(grid).map((r) => r[0])).toEqual(['0,0', '1,0', '2,0', '3,0']);
  });

  it('directRows and rowGroups follow the same display order', () => {
    const t = table('<table><tfoot><tr id="f"><td>f</td></tr></tfoot><tbody><tr id="b"><td>b</td></tr></tbody><thead><tr id="h"><th>h</th></tr></thead></table>');
    expect(directRows(t).map((r) => r.id)).toEqual(['h', 'b', 'f']);
    expect(rowGroups(t).map((g) => g.map((r) => r.id))).toEqual([['h'], ['b'], ['f']]);
  });

  it('pads ragged rows to a rectangle with empty cells that are their own origin', () => {
    const grid = gridOf('<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr></table>');
    expect(texts(grid)).toEqual([
      ['a', 'b', 'c'],
      ['d', '', ''],
    ]);
    expect(grid[1]![2]).toEqual({ text: '', originRow: 1, originCol: 2, header: false });
  });

  it('returns an empty grid for a table without rows', () => {
    expect(tableToGrid(table('<table></table>'))).toEqual({ grid: [], elements: [] });
  });

  it('flags <th> cells as header and <td> cells not', () => {
    const grid = gridOf('<table><tr><th colspan="2">项目</th><td>金额</td></tr></table>');
    expect(grid[0]!.map((c) => c.header)).toEqual([true, true, false]);
  });
});

describe('tableToGrid: cell text', () => {
  it('turns <br> into a single space', () => {
    expect(texts(gridOf('<table><tr><td>一般公共<br>预算<br/><br>拨款</td></tr></table>'))).toEqual([['一般公共 预算 拨款']]);
  });

  it('turns several <p> into single spaces (Word export markup)', () => {
    const html =
      '<table class=MsoNormalTable><tr><td><p class=MsoNormal><span lang=EN-US>基本</span><o:p></o:p></p>\n<p class=MsoNormal>支出</p><p class=MsoNormal><o:p>&nbsp;</o:p></p></td></tr></table>';
    expect(texts(gridOf(html))).toEqual([['基本 支出']]);
  });

  it('collapses &nbsp; and U+3000 runs and trims them', () => {
    expect(texts(gridOf('<table><tr><td>&nbsp;项\u3000\u3000目&nbsp;</td><td>\u3000</td><td>&nbsp;</td></tr></table>'))).toEqual([['项 目', '', '']]);
  });

  it('joins inline runs without adding spaces', () => {
    expect(texts(gridOf('<table><tr><td><span>2230</span><span>.80</span></td></tr></table>'))).toEqual([['2230.80']]);
  });

  it('leaves out scripts, styles and comments', () => {
    expect(texts(gridOf('<table><tr><td>a<script>x()</script><style>p{}</style><!-- c -->b</td></tr></table>'))).toEqual([['ab']]);
  });

  it('cellText and textLines agree: lines joined by a space', () => {
    const td = table('<table><tr><td><div>一</div>二<br>三</td></tr></table>').querySelector('td')!;
    expect(textLines(td)).toEqual(['一', '二', '三']);
    expect(cellText(td)).toBe('一 二 三');
  });
});

describe('tableToGrid: attributes read by name', () => {
  it('finds hidden cells and rows, and spans, among cells with and without other attributes', () => {
    const grid = gridOf(
      '<table>' +
        '<tr><td>a</td><td align="right" STYLE="DISPLAY: NONE">x</td><td class="c" ROWSPAN="2">b</td><td hidden>x</td></tr>' +
        '<tr style="color:red"><td width="10">c</td></tr>' +
        '<tr style="visibility:hidden"><td>x</td></tr>' +
        '<tr><td style="border:1px solid" colspan="2">d</td><td>e</td></tr>' +
        '</table>',
    );
    expect(texts(grid)).toEqual([
      ['a', 'b', ''],
      ['c', 'b', ''],
      ['d', 'd', 'e'],
    ]);
  });
});

describe('tableToGrid: very long tables', () => {
  it('reads a table of 150 000 rows (no argument list as long as the table)', () => {
    // a minimal stand-in for a parsed table: parsing 150 000 rows with happy-dom takes seconds
    type Fake = { tagName: string; firstElementChild: Fake | null; nextElementSibling: Fake | null; textContent: string; hasAttributes: () => boolean; getAttributeNames: () => string[] };
    const el = (tagName: string, children: Fake[], textContent = ''): Fake => {
      children.forEach((c, i) => (c.nextElementSibling = children[i + 1] ?? null));
      return { tagName, firstElementChild: children[0] ?? null, nextElementSibling: null, textContent, hasAttributes: () => false, getAttributeNames: () => [] };
    };
    const rows = Array.from({ length: 150_000 }, (_, i) => el('TR', [el('TD', [], String(i))]));
    const table = el('TABLE', [el('TBODY', rows)]) as unknown as Element;
    const { grid, elements } = tableToGrid(table);
    expect(grid.length).toBe(150_000);
    expect(grid[149_999]).toEqual([{ text: '149999', originRow: 149_999, originCol: 0, header: false }]);
    expect(elements[0]![0]).toBe(rows[0]!.firstElementChild);
  });
});
