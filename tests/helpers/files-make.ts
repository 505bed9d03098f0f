import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import { parseHtml } from './dom';

/**
 * Test-time writers of the attachment formats: a fixture page's content (prose and tables, in
 * reading order) written as a Word .docx (with the `docx` package) and as an Excel .xlsx (with
 * exceljs), the way a government office would publish the same disclosure. They read the HTML
 * with their own small walker, not with lib/dom, so the readers under test are checked against
 * files made independently of them.
 */

export type PageCell = { text: string; lines: string[]; rowspan: number; colspan: number; th: boolean };
export type PageTable = { rows: PageCell[][]; headRows: number };
export type PageBlock = { type: 'text'; text: string; heading: number | null } | { type: 'table'; table: PageTable };

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'SVG']);
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGURE', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'UL', 'CENTER', 'CAPTION', 'TR', 'TD', 'TH', 'FORM',
]);
const collapse = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

function cellLines(cell: Element): string[] {
  const lines: string[] = [];
  let buf = '';
  const flush = () => {
    const t = collapse(buf);
    if (t) lines.push(t);
    buf = '';
  };
  const walk = (n: Node) => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) buf += c.nodeValue ?? '';
      else if (c.nodeType === 1) {
        const el = c as Element;
        if (SKIP.has(el.tagName.toUpperCase())) continue;
        if (el.tagName.toUpperCase() === 'BR') flush();
        else if (BLOCK.has(el.tagName.toUpperCase())) {
          flush();
          walk(el);
          flush();
        } else walk(el);
      }
    }
  };
  walk(cell);
  flush();
  return lines;
}

function readTable(table: Element): PageTable {
  const rows: PageCell[][] = [];
  let headRows = 0;
  for (const tr of Array.from(table.querySelectorAll(':scope > tr, :scope > thead > tr, :scope > tbody > tr, :scope > tfoot > tr'))) {
    if (tr.parentElement?.tagName.toUpperCase() === 'THEAD') headRows++;
    const cells: PageCell[] = [];
    for (const td of Array.from(tr.children)) {
      const tag = td.tagName.toUpperCase();
      if (tag !== 'TD' && tag !== 'TH') continue;
      const lines = cellLines(td);
      cells.push({
        text: lines.join(' '),
        lines,
        rowspan: Math.max(1, Number.parseInt(td.getAttribute('rowspan') ?? '1', 10) || 1),
        colspan: Math.max(1, Number.parseInt(td.getAttribute('colspan') ?? '1', 10) || 1),
        th: tag === 'TH',
      });
    }
    rows.push(cells);
  }
  // clamp rowspans to the rows left
  rows.forEach((row, r) => row.forEach((c) => (c.rowspan = Math.min(c.rowspan, rows.length - r))));
  return { rows, headRows };
}

/** A page's title and its blocks in reading order: text lines (headings marked) and data tables. */
export function pageBlocks(html: string): { title: string; blocks: PageBlock[] } {
  const doc = parseHtml(html);
  const blocks: PageBlock[] = [];
  let buf = '';
  let heading: number | null = null;
  const flush = () => {
    const t = collapse(buf);
    if (t) blocks.push({ type: 'text', text: t, heading });
    buf = '';
  };
  const walk = (n: Node) => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) buf += c.nodeValue ?? '';
      else if (c.nodeType === 1) {
        const el = c as Element;
        const tag = el.tagName.toUpperCase();
        if (SKIP.has(tag)) continue;
        if (tag === 'BR') flush();
        else if (tag === 'TABLE') {
          flush();
          if (el.querySelector('table')) walk(el);
          else blocks.push({ type: 'table', table: readTable(el) });
        } else if (BLOCK.has(tag)) {
          flush();
          const outer = heading;
          if (/^H[1-6]$/.test(tag)) heading = Number(tag[1]);
          walk(el);
          flush();
          heading = outer;
        } else walk(el);
      }
    }
  };
  if (doc.body) walk(doc.body);
  flush();
  return { title: collapse(doc.title ?? ''), blocks };
}

// ---------------------------------------------------------------------------------------------
// DOCX

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

function docxTable(t: PageTable): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: t.rows.map(
      (row, r) =>
        new TableRow({
          tableHeader: r < t.headRows,
          children: row.map(
            (c) =>
              new TableCell({
                columnSpan: c.colspan > 1 ? c.colspan : undefined,
                rowSpan: c.rowspan > 1 ? c.rowspan : undefined,
                children: (c.lines.length ? c.lines : ['']).map((l) => new Paragraph({ children: [new TextRun({ text: l, bold: c.th })] })),
              }),
          ),
        }),
    ),
  });
}

/** The page as a Word document: headings, paragraphs and tables with their spans (gridSpan / vMerge). */
export async function makeDocx(html: string): Promise<Uint8Array> {
  const { title, blocks } = pageBlocks(html);
  const children = blocks.map((b) =>
    b.type === 'table'
      ? docxTable(b.table)
      : new Paragraph({
          ...(b.heading ? { heading: HEADINGS[b.heading - 1]!, alignment: AlignmentType.CENTER } : {}),
          children: [new TextRun(b.text)],
        }),
  );
  const doc = new Document({ title, creator: 'budget-lens tests', sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

// ---------------------------------------------------------------------------------------------
// XLSX

type Slot = { cell: PageCell; origin: [number, number] };

/** The table as a rectangular grid of slots, each pointing at the cell that covers it. */
export function gridOf(t: PageTable): Slot[][] {
  const grid: Slot[][] = t.rows.map(() => []);
  t.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (grid[r]![c]) c++;
      for (let i = 0; i < cell.rowspan; i++) for (let j = 0; j < cell.colspan; j++) grid[r + i]![c + j] = { cell, origin: [r, c] };
      c += cell.colspan;
    }
  });
  const width = Math.max(0, ...grid.map((row) => row.length));
  const empty: PageCell = { text: '', lines: [], rowspan: 1, colspan: 1, th: false };
  return grid.map((row, r) => Array.from({ length: width }, (_, c) => row[c] ?? { cell: empty, origin: [r, c] as [number, number] }));
}

let noise = 0;
/** A printed figure as Excel would hold it: a number with the format that prints it the same way (with float noise), else text. */
function excelValue(text: string): { value: string | number; numFmt?: string } {
  const t = text.trim();
  const grouped = /^-?\d{1,3}(,\d{3})+(\.(\d+))?$/.exec(t);
  if (grouped) {
    const decimals = grouped[3]?.length ?? 0;
    return { value: Number(t.replace(/,/g, '')), numFmt: decimals ? `#,##0.${'0'.repeat(decimals)}` : '#,##0' };
  }
  const plain = /^-?\d+\.(\d+)$/.exec(t);
  if (plain && t.replace(/[-.]/g, '').length <= 15) {
    // a figure computed in Excel carries binary noise; the format must print it as it was printed
    const v = Number(t) + ((noise++ % 3) - 1) * 1e-9;
    return { value: v, numFmt: `0.${'0'.repeat(plain[1]!.length)}` };
  }
  if (/^(-?[1-9]\d*|0)$/.test(t) && t.length <= 15) return { value: Number(t) };
  return { value: text };
}

const NOTE = /^(注|说明|备注)/;
const NO_DATA = /(无|没有).{0,20}(支出|收入|经费|预算|数据)|空表/;

/**
 * The page as a workbook: a first sheet "说明" with the prose (one paragraph a row), then one sheet
 * per table: its title/unit lines above it (the title merged across the table), the header with
 * its merged cells, the body (figures as formatted numbers), notes under it.
 */
export async function makeXlsx(html: string): Promise<Uint8Array> {
  const { title, blocks } = pageBlocks(html);
  const wb = new ExcelJS.Workbook();
  wb.title = title;
  wb.creator = 'budget-lens tests';
  const prose = wb.addWorksheet('说明');
  prose.getColumn(1).width = 120;
  const owned = new Set<number>();
  const tables: Array<{ table: PageTable; before: string[]; after: string[] }> = [];
  blocks.forEach((b, i) => {
    if (b.type !== 'table') return;
    const before: string[] = [];
    for (let k = i - 1; k >= 0 && before.length < 5; k--) {
      const p = blocks[k]!;
      if (p.type !== 'text' || owned.has(k) || p.text.length > 60) break;
      before.unshift(p.text);
      owned.add(k);
    }
    const after: string[] = [];
    for (let k = i + 1; k < blocks.length && after.length < 3; k++) {
      const p = blocks[k]!;
      if (p.type !== 'text' || !(NOTE.test(p.text) || NO_DATA.test(p.text)) || p.text.length > 200) break;
      after.push(p.text);
      owned.add(k);
    }
    tables.push({ table: b.table, before, after });
  });
  blocks.forEach((b, i) => {
    if (b.type === 'text' && !owned.has(i)) prose.addRow([b.text]);
  });
  tables.forEach(({ table, before, after }, n) => {
    const ws = wb.addWorksheet(`表${n + 1}`);
    const grid = gridOf(table);
    const width = grid[0]?.length ?? 1;
    let row = 1;
    for (const line of before) {
      ws.getCell(row, 1).value = line;
      if (width > 1 && !/[:：]/.test(line)) ws.mergeCells(row, 1, row, width);
      row++;
    }
    const top = row;
    grid.forEach((slots, r) => {
      slots.forEach((slot, c) => {
        if (slot.origin[0] !== r || slot.origin[1] !== c) return;
        const cell = ws.getCell(top + r, c + 1);
        const { value, numFmt } = excelValue(slot.cell.text);
        cell.value = value;
        if (numFmt) cell.numFmt = numFmt;
        if (slot.cell.th || r < table.headRows) cell.font = { bold: true };
        if (slot.cell.rowspan > 1 || slot.cell.colspan > 1) {
          ws.mergeCells(top + r, c + 1, top + r + Math.min(slot.cell.rowspan, grid.length - r) - 1, c + Math.min(slot.cell.colspan, width - c));
        }
      });
    });
    row = top + grid.length;
    for (const line of after) {
      row++; // a blank row between the table and each note
      ws.getCell(row, 1).value = line;
      row++;
    }
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// PDF by hand (no browser): a few objects, standard Helvetica, thin filled rectangles as rules

export type HandPdf = {
  /** text runs: x, y (PDF points from the bottom left), size, ASCII text */
  texts?: Array<{ x: number; y: number; size?: number; text: string }>;
  /** filled rectangles: x, y, width, height */
  rects?: Array<[number, number, number, number]>;
  /** stroked lines: x0, y0, x1, y1 */
  lines?: Array<[number, number, number, number]>;
  /** an /Encrypt dictionary whose user password is not empty */
  encrypted?: boolean;
  pages?: number;
};

/** A small valid PDF written byte by byte: what the readers see from a PDF without any browser involved. */
export function makeHandPdf(spec: HandPdf): Uint8Array {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = [
    ...(spec.rects ?? []).map(([x, y, w, h]) => `0 0 0 rg ${x} ${y} ${w} ${h} re f`),
    ...(spec.lines ?? []).map(([x0, y0, x1, y1]) => `0.5 w ${x0} ${y0} m ${x1} ${y1} l S`),
    ...(spec.texts ?? []).map((t) => `BT /F1 ${t.size ?? 10} Tf ${t.x} ${t.y} Td (${esc(t.text)}) Tj ET`),
  ].join('\n');
  const pageCount = spec.pages ?? 1;
  const objects: string[] = [];
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  const kids = Array.from({ length: pageCount }, (_, i) => `${5 + i} 0 R`).join(' ');
  objects[2] = `<< /Type /Pages /Kids [${kids}] /Count ${pageCount} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  for (let i = 0; i < pageCount; i++) {
    objects[5 + i] = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>';
  }
  let encryptRef = '';
  if (spec.encrypted) {
    const n = objects.length;
    const hex = (b: number) => Array.from({ length: 32 }, (_, i) => ((i * 37 + b) % 256).toString(16).padStart(2, '0')).join('');
    objects[n] = `<< /Filter /Standard /V 1 /R 2 /O <${hex(11)}> /U <${hex(71)}> /P -44 >>`;
    encryptRef = ` /Encrypt ${n} 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]`;
  }
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let i = 1; i < objects.length; i++) {
    offsets[i] = Buffer.byteLength(out, 'latin1');
    out += `${i} 0 obj\n${objects[i]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let i = 1; i < objects.length; i++) out += `${String(offsets[i]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R${encryptRef} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
