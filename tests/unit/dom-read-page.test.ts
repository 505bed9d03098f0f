import { describe, expect, it } from 'vitest';
import { readDocumentInSlices, readPage, tablesSignature, type Slicing } from '../../lib/dom/read-page';
import { candidateTables } from '../../lib/dom/screen';
import { readDocument, type DomSource } from '../../lib/dom/source';
import { fixture, parseHtml } from '../helpers/dom';

/*
 * The content script reads a large page in slices and lets the page run in between. What it
 * reads must be what reading in one go gives — and never a mix of two versions of a page that
 * changed its tables between two slices.
 */

const URL_ = 'https://example.gov.cn/yusuan.html';
const SEED = 'pages/seed-001-yuanjiang-2024.html';

/** A clock that moves 1 ms per look, and a page turn that runs `onTurn` (the page's own scripts). */
function slicing(sliceMs: number, onTurn: (turn: number) => void = () => undefined): Slicing & { turns: () => number } {
  let clock = 0;
  let turns = 0;
  return {
    sliceMs,
    now: () => clock++,
    yieldToPage: async () => {
      onTurn(turns++);
    },
    turns: () => turns,
  };
}

/** A DomSource as comparable data: the raw source, and each part's table and cells by identity. */
const same = (a: DomSource, b: DomSource): void => {
  expect(JSON.stringify(a.raw)).toBe(JSON.stringify(b.raw));
  expect(a.parts.length).toBe(b.parts.length);
  a.parts.forEach((p, i) => {
    expect(p.element).toBe(b.parts[i]!.element);
    expect(p.cells.every((row, r) => row.every((el, c) => el === b.parts[i]!.cells[r]![c]))).toBe(true);
  });
  expect(a.paragraphs.map((p) => p.element)).toEqual(b.paragraphs.map((p) => p.element));
};

/** The first amount cell of the first table worth reading (a cell holding digits only). */
function amountCell(doc: Document): Element {
  const cell = Array.from(candidateTables(doc)[0]!.querySelectorAll('td')).find((td) => /^\s*[\d,]+\.\d+\s*$/.test(td.textContent ?? ''));
  if (!cell) throw new Error('no amount cell');
  return cell;
}

describe('reading a page in slices', () => {
  it('reads what readDocument reads, a table per slice when slices are short', async () => {
    const doc = parseHtml(fixture(SEED), URL_);
    const candidates = candidateTables(doc);
    const s = slicing(0);
    const { dom, slices } = await readDocumentInSlices(doc, URL_, candidates, s);
    same(dom, readDocument(doc, URL_, candidates));
    // every table, then the prose
    expect(candidates.length).toBeGreaterThan(3);
    expect(slices.length).toBe(candidates.length + 1);
    expect(s.turns()).toBe(candidates.length);
  });

  it('reads in one slice when the page is read within the slice', async () => {
    const doc = parseHtml(fixture(SEED), URL_);
    const s = slicing(1e9);
    const reading = await readPage(doc, URL_, s, { attempts: 3 });
    expect(reading!.readings.map((r) => r.length)).toEqual([1]);
    expect(s.turns()).toBe(0);
    same(reading!.dom, readDocument(doc, URL_));
    expect(reading!.signature).toBe(tablesSignature(candidateTables(doc)));
  });

  it('keeps a sliced reading when the page changed elsewhere meanwhile', async () => {
    const doc = parseHtml(fixture(SEED), URL_);
    const reading = await readPage(doc, URL_, slicing(0, () => doc.body.append(doc.createElement('div'))), { attempts: 3 });
    expect(reading!.readings.length).toBe(1);
    same(reading!.dom, readDocument(doc, URL_));
  });

  it('reads again when a table changed between two slices: never a mix of before and after', async () => {
    const doc = parseHtml(fixture(SEED), URL_);
    const cell = amountCell(doc);
    // the page changes a figure once, while the first reading is under way
    const reading = await readPage(doc, URL_, slicing(0, (turn) => turn === 2 && (cell.textContent = '999999.99')), { attempts: 3 });
    expect(reading!.readings.length).toBe(2);
    same(reading!.dom, readDocument(doc, URL_));
    expect(JSON.stringify(reading!.dom.raw)).toContain('999999.99');
    expect(reading!.signature).toBe(tablesSignature(candidateTables(doc)));
  });

  it('reads again when a table left the page between two slices', async () => {
    const doc = parseHtml(fixture(SEED), URL_);
    const last = candidateTables(doc).at(-1)!;
    const reading = await readPage(doc, URL_, slicing(0, (turn) => turn === 0 && last.remove()), { attempts: 3 });
    expect(reading!.readings.length).toBe(2);
    same(reading!.dom, readDocument(doc, URL_));
    expect(reading!.dom.parts.some((p) => p.element === last)).toBe(false);
  });

  it('reads in one go after as many sliced readings as allowed, on a page that never stops changing', async () => {
    const doc = parseHtml(fixture(SEED), URL_);
    const cell = amountCell(doc);
    let n = 0;
    const reading = await readPage(doc, URL_, slicing(0, () => (cell.textContent = `${++n}.00`)), { attempts: 3 });
    // three sliced readings, each spoilt, then one in one go
    expect(reading!.readings.length).toBe(4);
    expect(reading!.readings.at(-1)).toHaveLength(1);
    // the reading in one go saw the page as it was when it stopped changing, all of it
    same(reading!.dom, readDocument(doc, URL_));
    expect(JSON.stringify(reading!.dom.raw)).toContain(`"${n}.00"`);
  });

  it('stops when the caller went away', async () => {
    const doc = parseHtml(fixture(SEED), URL_);
    let gone = false;
    expect(await readPage(doc, URL_, slicing(0, () => (gone = true)), { attempts: 3, stop: () => gone })).toBeNull();
  });
});
