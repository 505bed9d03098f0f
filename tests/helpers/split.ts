import { tableToGrid } from '../../lib/dom/grid';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import { draftTable } from '../../lib/extract/table';
import { parseHtml } from './dom';

/**
 * A page as a Word export prints it when its tables run over a page break: every table of nine
 * rows or more is cut in two at a row near the middle that no rowspan crosses, the rest going into
 * a <table> of its own after an empty paragraph — with the header rows printed again when
 * `repeatHeader` (Word's "repeat as header row", up to 4 rows), or without any header. A 绩效目标表
 * is cut without repeating anything: the model reads it as rows, every printed row included.
 * Returns the new page and how many tables were cut.
 */
export function splitAtPageBreaks(html: string, repeatHeader: boolean): { html: string; cut: number } {
  const doc = parseHtml(html);
  const dom = readDocument(doc, 'page.html');
  const performance = new Set(
    extractDocument(dom.raw)
      .tables.filter((t) => t.kind === 'performance')
      .flatMap((t) => t.parts.map((p) => dom.parts[p]!.element)),
  );
  let cut = 0;
  for (const table of Array.from(doc.querySelectorAll('table'))) {
    if (table.querySelector('table') || table.closest('td, th')) continue;
    const rows = Array.from(table.querySelectorAll(':scope > tr, :scope > thead > tr, :scope > tbody > tr, :scope > tfoot > tr'));
    if (rows.length < 9) continue;
    const { grid } = tableToGrid(table);
    if (grid.length !== rows.length) continue; // hidden rows: the grid's rows are not the <tr>s
    const firstBody = draftTable({ part: 0, grid, before: [], after: [], caption: null }).body[0]?.row ?? 0;
    // a row no cell of an earlier row spans into
    const clean = (k: number) => grid[k]!.every((c) => c.originRow === k);
    let k = rows.length >> 1;
    while (k < rows.length - 1 && !clean(k)) k++;
    if (!clean(k) || k <= firstBody) continue;
    const rest = table.cloneNode(false) as Element;
    const body = doc.createElement('tbody');
    rest.appendChild(body);
    if (repeatHeader && !performance.has(table) && firstBody > 0 && firstBody <= 4 && clean(firstBody)) for (const r of rows.slice(0, firstBody)) body.appendChild(r.cloneNode(true));
    for (const r of rows.slice(k)) body.appendChild(r);
    const gap = doc.createElement('p');
    gap.setAttribute('class', 'MsoNormal');
    gap.textContent = '\u00a0';
    table.after(gap, rest);
    cut++;
  }
  return { html: `<!DOCTYPE html>\n${doc.documentElement.outerHTML}`, cut };
}

/**
 * The page with every paragraph of prose of 40 characters or more cut at the fraction `at` of its
 * text — by a <br> (`'br'`: Word's line break, a PDF conversion's line) or into two paragraphs
 * (`'p'`) — wherever that falls: inside a sentence, a list, a figure, a word. Returns the page and
 * how many were cut.
 */
export function cutProse(html: string, how: 'br' | 'p', at = 0.5): { html: string; cut: number } {
  const doc = parseHtml(html);
  let cut = 0;
  for (const block of Array.from(doc.querySelectorAll('p, div'))) {
    if (block.closest('table') || block.querySelector('p, div, table')) continue;
    const text = block.textContent ?? '';
    if (text.length < 40) continue;
    const cutAt = Math.round(text.length * at);
    while (block.firstChild) block.removeChild(block.firstChild);
    if (how === 'br') block.append(text.slice(0, cutAt), doc.createElement('br'), text.slice(cutAt));
    else {
      block.append(text.slice(0, cutAt));
      const rest = doc.createElement(block.tagName.toLowerCase());
      rest.textContent = text.slice(cutAt);
      block.after(rest);
    }
    cut++;
  }
  return { html: `<!DOCTYPE html>\n${doc.documentElement.outerHTML}`, cut };
}

/**
 * The page with every table (not nested in a cell) printed twice, the copy right after it and
 * hidden — by its own `style="display: none"` or inside a `<div style="display:none">` — as a
 * page does that keeps a second layout (mobile, print) of its tables. Returns the page and how
 * many tables were copied.
 */
export function withHiddenCopies(html: string, how: 'table' | 'div'): { html: string; copied: number } {
  const doc = parseHtml(html);
  let copied = 0;
  for (const table of Array.from(doc.querySelectorAll('table'))) {
    if (table.closest('td, th')) continue;
    const copy = table.cloneNode(true) as Element;
    if (how === 'table') {
      copy.setAttribute('style', 'display: none');
      table.after(copy);
    } else {
      const wrapper = doc.createElement('div');
      wrapper.setAttribute('style', 'display:none');
      wrapper.appendChild(copy);
      table.after(wrapper);
    }
    copied++;
  }
  return { html: `<!DOCTYPE html>\n${doc.documentElement.outerHTML}`, copied };
}
