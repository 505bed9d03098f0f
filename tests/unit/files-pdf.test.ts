import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../lib/extract';
import { FileReadError } from '../../lib/files/error';
import { readPdf } from '../../lib/files/pdf';
import { layoutPdf, type PdfPage, type PdfRule, type PdfTextItem } from '../../lib/files/pdf-layout';
import { makeHandPdf } from '../helpers/files-make';

// synthetic pages: what pdfjs reports, in points, y down from the page top
const W = 595;
const H = 842;
const widthOf = (text: string, size: number) => [...text].reduce((s, ch) => s + (/[\x00-\x7f]/.test(ch) ? 0.55 : 1) * size, 0);
const at = (text: string, x: number, baseline: number, size = 10): PdfTextItem => ({
  text,
  x0: x,
  x1: x + widthOf(text, size),
  top: baseline - 0.8 * size,
  bottom: baseline + 0.2 * size,
  baseline,
  size,
});
/** right-aligned at `right` */
const ra = (text: string, right: number, baseline: number, size = 10) => at(text, right - widthOf(text, size), baseline, size);
const page = (items: PdfTextItem[], rules: PdfRule[] = []): PdfPage => ({ width: W, height: H, items, rules });

/** A fully ruled grid: cell texts placed in their cells (null = empty), rules on every boundary. */
function ruled(xs: number[], top: number, rowHeight: number, rows: Array<Array<string | null>>): { items: PdfTextItem[]; rules: PdfRule[] } {
  const ys = rows.map((_, i) => top + i * rowHeight).concat(top + rows.length * rowHeight);
  const rules: PdfRule[] = [
    ...ys.map((y): PdfRule => ({ dir: 'h', at: y, from: xs[0]!, to: xs[xs.length - 1]! })),
    ...xs.map((x): PdfRule => ({ dir: 'v', at: x, from: ys[0]!, to: ys[ys.length - 1]! })),
  ];
  const items = rows.flatMap((row, r) => row.flatMap((t, c) => (t === null ? [] : [at(t, xs[c]! + 3, ys[r + 1]! - 5)])));
  return { items, rules };
}

const texts = (g: { text: string }[][]) => g.map((r) => r.map((c) => c.text));

describe('layoutPdf: tables without rulings', () => {
  it('reads aligned columns (labels left, numbers right), joins a wrapped label to its row, keeps title/unit before and the note after', () => {
    const items = [
      at('2024年部门支出预算表', 200, 100, 14),
      at('单位：万元', 450, 120),
      at('科目名称', 50, 140),
      ra('合计', 300, 140),
      ra('基本支出', 400, 140),
      ra('项目支出', 500, 140),
      at('行政运行', 50, 160),
      ra('58.40', 300, 160),
      ra('53.40', 400, 160),
      ra('5.00', 500, 160),
      at('机关事业单位基本养老保险', 50, 175),
      ra('10.10', 300, 175),
      ra('10.10', 400, 175),
      at('缴费支出', 50, 187),
      at('住房公积金', 50, 205),
      ra('18.50', 300, 205),
      ra('18.50', 400, 205),
      at('合计', 50, 220),
      ra('87.00', 300, 220),
      ra('82.00', 400, 220),
      ra('5.00', 500, 220),
      at('注：本表金额保留两位小数。', 50, 245),
    ];
    const raw = layoutPdf([page(items)], 'stream.pdf');
    expect(raw.tables).toHaveLength(1);
    const t = raw.tables[0]!;
    expect(texts(t.grid)).toEqual([
      ['科目名称', '合计', '基本支出', '项目支出'],
      ['行政运行', '58.40', '53.40', '5.00'],
      ['机关事业单位基本养老保险缴费支出', '10.10', '10.10', ''],
      ['住房公积金', '18.50', '18.50', ''],
      ['合计', '87.00', '82.00', '5.00'],
    ]);
    expect(t.before).toEqual(['2024年部门支出预算表', '单位：万元']);
    expect(t.after).toEqual(['注：本表金额保留两位小数。']);
  });

  it('does not take prose with figures for a table', () => {
    const line = '2024年本部门收入预算582.97万元，其中一般公共预算拨款582.97万元，比上年减少12.50万元。';
    const margin = '一二三四五六七八九十'.repeat(5);
    const raw = layoutPdf([page([at(margin, 50, 80), at(line, 50, 100), at('支出预算 100.00 万元', 50, 115)])], 'prose.pdf');
    expect(raw.tables).toEqual([]);
    expect(raw.paragraphs).toEqual([margin, line, '支出预算 100.00 万元']);
  });
});

describe('layoutPdf: pages', () => {
  it('drops running headers, footers and page numbers, and joins a paragraph broken across lines and pages', () => {
    const full = '这是一段很长的说明文字用于测试跨行与跨页的段落重新连接是否正确处理中文文本内容完整无误的情况下继续写下去直到行尾'; // fills the line
    const first = full.slice(0, 49);
    const pages = [1, 2, 3].map((n) => {
      const items = [at('某某局2024年部门预算', 220, 30, 9), ra(`- ${n} -`, 310, 820, 9)];
      if (n === 1) items.push(at('第一部分 概况', 50, 100), at(first, 50, 780), at(first, 50, 795));
      if (n === 2) items.push(at('收支总计100.00万元。', 50, 60), at(first.slice(0, 20), 50, 100));
      if (n === 3) items.push(at('二、新的段落从这里开始。', 70, 100));
      return page(items);
    });
    const raw = layoutPdf(pages, 'pages.pdf');
    expect(raw.paragraphs).toEqual(['第一部分 概况', `${first}${first}收支总计100.00万元。`, first.slice(0, 20), '二、新的段落从这里开始。']);
    expect(raw.paragraphs.join('')).not.toMatch(/某某局2024年部门预算|- \d -/);
  });

  it('removes "第 3 页" style page numbers even on a single page', () => {
    const raw = layoutPdf([page([at('正文一行', 50, 100), at('第 3 页', 280, 820, 9)])], 'one.pdf');
    expect(raw.paragraphs).toEqual(['正文一行']);
  });
});

describe('layoutPdf: ruled tables', () => {
  const xs = [50, 150, 350, 450];
  const header = ['科目编码', '科目名称', '合计'];

  it('reads cell spans from missing borders', () => {
    const ys = [100, 120, 140, 160];
    const rules: PdfRule[] = [
      ...ys.map((y): PdfRule => ({ dir: 'h', at: y, from: 50, to: 450 })),
      { dir: 'v', at: 50, from: 100, to: 160 },
      { dir: 'v', at: 450, from: 100, to: 160 },
      { dir: 'v', at: 350, from: 100, to: 160 },
      { dir: 'v', at: 150, from: 120, to: 160 }, // no border between col 0 and 1 in the first row
    ];
    const items = [at('科目', 60, 115), at('金额', 360, 115), at('201', 55, 135), at('一般公共服务支出', 155, 135), at('12.00', 360, 135), at('合计', 155, 155), at('12.00', 360, 155)];
    const raw = layoutPdf([page(items, rules)], 'spans.pdf');
    const g = raw.tables[0]!.grid;
    expect(texts(g)).toEqual([
      ['科目', '科目', '金额'],
      ['201', '一般公共服务支出', '12.00'],
      ['', '合计', '12.00'],
    ]);
    expect(g[0]![1]).toMatchObject({ originRow: 0, originCol: 0 });
  });

  it('appends the rest of a table on the next page (no header repeated) to the same grid', () => {
    const p1 = ruled(xs, 700, 20, [header, ['2101501', '行政运行', '58.40'], ['2101502', '一般行政管理事务', '10.00']]);
    const p2 = ruled(xs, 60, 20, [['2101550', '事业运行', '20.00'], [null, '合计', '88.40']]);
    const raw = layoutPdf(
      [page([at('2024年部门支出预算表', 200, 660, 14), at('单位：万元', 400, 685), ...p1.items], p1.rules), page(p2.items, p2.rules)],
      'continued.pdf',
    );
    expect(raw.tables).toHaveLength(1);
    expect(texts(raw.tables[0]!.grid).map((r) => r[1])).toEqual(['科目名称', '行政运行', '一般行政管理事务', '事业运行', '合计']);
  });

  it('keeps a continuation with the header repeated as its own part, and the extractor merges the parts', () => {
    const p1 = ruled(xs, 700, 20, [header, ['2101501', '行政运行', '58.40'], ['2101502', '一般行政管理事务', '10.00']]);
    const p2 = ruled(xs, 60, 20, [header, ['2101550', '事业运行', '20.00'], [null, '合计', '88.40']]);
    const raw = layoutPdf(
      [page([at('2024年部门支出预算表', 200, 660, 14), at('单位：万元', 400, 685), ...p1.items], p1.rules), page(p2.items, p2.rules)],
      'parts.pdf',
    );
    expect(raw.tables.map((t) => t.grid.length)).toEqual([3, 3]);
    expect(raw.tables[1]!.before).toEqual([]);
    const doc = extractDocument(raw);
    expect(doc.tables).toHaveLength(1);
    expect(doc.tables[0]!.title).toBe('2024年部门支出预算表');
    expect(doc.tables[0]!.rows.map((r) => r.cells[1]!.text)).toEqual(['行政运行', '一般行政管理事务', '事业运行', '合计']);
  });

  it('splits two ruled tables printed one right under the other when their columns do not line up', () => {
    const a = ruled([50, 150, 350, 450], 100, 20, [['a1', 'a2', '1.00'], ['b1', 'b2', '2.00']]);
    const b = ruled([50, 100, 200, 250, 300, 450], 140, 20, [['1', '2', '3', '4', '5.00']]);
    const raw = layoutPdf([page([...a.items, ...b.items], [...a.rules, ...b.rules])], 'touching.pdf');
    expect(raw.tables.map((t) => t.grid[0]!.length)).toEqual([3, 5]);
  });
});

describe('readPdf (pdfjs in Node, no worker)', () => {
  const xs = [50, 200, 300, 400];
  const ys = [700, 680, 660, 640, 620];
  const rects: Array<[number, number, number, number]> = [...ys.map((y): [number, number, number, number] => [50, y, 350, 0.5]), ...xs.map((x): [number, number, number, number] => [x, 620, 0.5, 80])];
  const texts2 = [
    { x: 50, y: 730, size: 14, text: 'Budget 2024' },
    { x: 50, y: 712, text: 'Unit: 10k yuan' },
    { x: 55, y: 686, text: 'Item' },
    { x: 205, y: 686, text: 'Amount' },
    { x: 305, y: 686, text: 'Share' },
    { x: 55, y: 666, text: 'Salaries' },
    { x: 205, y: 666, text: '18.50' },
    { x: 305, y: 666, text: '0.40' },
    { x: 55, y: 646, text: 'Rent' },
    { x: 205, y: 646, text: '27.75' },
    { x: 305, y: 646, text: '0.60' },
    { x: 55, y: 626, text: 'Total' },
    { x: 205, y: 626, text: '46.25' },
    { x: 305, y: 626, text: '1.00' },
    { x: 50, y: 600, text: 'Note: figures rounded.' },
  ];

  it('reads text runs and filled-rectangle rules into a table with the lines around it', async () => {
    const raw = await readPdf(makeHandPdf({ rects, texts: texts2 }), 'hand.pdf');
    expect(raw.tables).toHaveLength(1);
    expect(texts(raw.tables[0]!.grid)).toEqual([
      ['Item', 'Amount', 'Share'],
      ['Salaries', '18.50', '0.40'],
      ['Rent', '27.75', '0.60'],
      ['Total', '46.25', '1.00'],
    ]);
    expect(raw.tables[0]!.before).toEqual(['Budget 2024', 'Unit: 10k yuan']);
    expect(raw.tables[0]!.after).toEqual(['Note: figures rounded.']);
  });

  it('reads stroked lines as rules too', async () => {
    const lines: Array<[number, number, number, number]> = [...ys.map((y): [number, number, number, number] => [50, y, 400, y]), ...xs.map((x): [number, number, number, number] => [x, 620, x, 700])];
    const raw = await readPdf(makeHandPdf({ lines, texts: texts2 }), 'stroked.pdf');
    expect(raw.tables[0]?.grid.length).toBe(4);
  });

  const code = async (bytes: Uint8Array) => {
    try {
      await readPdf(bytes, 'x.pdf');
      return 'read';
    } catch (e) {
      expect(e).toBeInstanceOf(FileReadError);
      return (e as FileReadError).code;
    }
  };

  it('gives a typed error for a page without text (a scan), an encrypted, a corrupt and an empty file', async () => {
    expect(await code(makeHandPdf({ rects }))).toBe('no-text');
    expect(await code(makeHandPdf({ texts: texts2, encrypted: true }))).toBe('encrypted');
    expect(await code(new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj garbage')))).toBe('corrupt');
    expect(await code(new Uint8Array(Buffer.from('<html>not a pdf</html>')))).toBe('corrupt');
    expect(await code(new Uint8Array(0))).toBe('empty');
    const truncated = makeHandPdf({ rects, texts: texts2 }).subarray(0, 300);
    expect(['corrupt', 'no-text']).toContain(await code(truncated));
  });

  it('says what is wrong in Chinese and English', async () => {
    const e = await readPdf(makeHandPdf({ rects }), 'scan.pdf').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FileReadError);
    expect((e as FileReadError).messages.zh).toMatch(/扫描/);
    expect((e as FileReadError).messages.en).toMatch(/no text layer/);
  });
});
