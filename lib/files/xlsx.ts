import Decimal from 'decimal.js';
import type { CellValue, Workbook, Worksheet } from 'exceljs';
import type { RawCell, RawSource, RawTable } from '../model/raw';
import { FileReadError, errorDetail } from './error';
import { sniffContainer } from './zip';

// ---------------------------------------------------------------------------------------------
// numbers as the sheet displays them

/** Split a format code on `;` outside quotes and brackets. */
function sections(code: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let bracket = false;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i]!;
    if (ch === '\\' && !quoted) {
      cur += ch + (code[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '[') bracket = true;
    else if (!quoted && ch === ']') bracket = false;
    if (ch === ';' && !quoted && !bracket) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

type Token = { literal: string } | { placeholder: string };

/** A format section as literals and the number placeholders (0 # ? , . %); colours, fills and paddings dropped. */
function tokens(section: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < section.length; i++) {
    const ch = section[i]!;
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      out.push({ literal: section.slice(i + 1, end < 0 ? undefined : end) });
      i = end < 0 ? section.length : end;
    } else if (ch === '\\') {
      out.push({ literal: section[i + 1] ?? '' });
      i++;
    } else if (ch === '[') {
      const end = section.indexOf(']', i);
      i = end < 0 ? section.length : end; // [Red], [>=100], [$¥-804]
    } else if (ch === '_' || ch === '*') i++; // padding / fill character
    else if ('0#?.,%'.includes(ch)) out.push({ placeholder: ch });
    else if (ch === 'E' || ch === 'e') out.push({ placeholder: ch });
    else out.push({ literal: ch });
  }
  return out;
}

const isDateSection = (section: string): boolean => /[ymdhs]/i.test(section.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));

function groupThousands(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Excel's General format: up to 11 significant digits, no float noise. */
export function formatGeneral(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const rounded = Number(value.toPrecision(11));
  return new Decimal(rounded).toString();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function formatDate(d: Date, section: string): string {
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return /[hs]/i.test(section.replace(/"[^"]*"|\[[^\]]*\]/g, '')) ? `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : date;
}

/** Excel serial day number → Date (1900 system). */
const serialToDate = (serial: number): Date => new Date(Math.round((serial - 25569) * 86400 * 1000));

/**
 * A number as a cell format displays it: `0.00` → "18.50", `#,##0.00` → "2,082.70",
 * `0.0%` → "12.5%", `#,##0.00;(#,##0.00)` → "(12.50)". Rounds half up on the decimal value
 * (15 significant digits, as Excel does), so 18.499999999999996 with `0.00` reads "18.50".
 */
export function formatNumber(value: number, code: string | undefined | null): string {
  const fmt = (code ?? '').trim();
  if (!fmt || /^general$/i.test(fmt) || fmt === '@') return formatGeneral(value);
  const secs = sections(fmt);
  let section = secs[0]!;
  let abs = false;
  if (value < 0 && secs.length > 1 && secs[1]!.trim() !== '') {
    section = secs[1]!;
    abs = true;
  } else if (value === 0 && secs.length > 2 && secs[2]!.trim() !== '') section = secs[2]!;
  if (isDateSection(section)) return formatDate(serialToDate(value), section);
  if (/^general$/i.test(section.replace(/\[[^\]]*\]/g, '').trim())) return (abs ? '' : value < 0 ? '-' : '') + formatGeneral(Math.abs(value));
  const toks = tokens(section);
  const places = toks.map((t, i) => ('placeholder' in t && t.placeholder !== '%' ? i : -1)).filter((i) => i >= 0);
  const percents = toks.filter((t) => 'placeholder' in t && t.placeholder === '%').length;
  if (!places.length) {
    // no digits shown: the section is text only ("-" for zero)
    return toks.map((t) => ('literal' in t ? t.literal : t.placeholder)).join('');
  }
  const first = places[0]!;
  const last = places[places.length - 1]!;
  const body = toks.slice(first, last + 1).map((t) => ('placeholder' in t ? t.placeholder : '')).join('');
  if (/[eE]/.test(body)) return (value < 0 && !abs ? '-' : '') + Math.abs(value).toExponential(Math.max(0, (body.split('.')[1] ?? '').replace(/[^0#?]/g, '').length));
  const dot = body.indexOf('.');
  const intPart = dot >= 0 ? body.slice(0, dot) : body;
  const fracPart = dot >= 0 ? body.slice(dot + 1) : '';
  const trailingCommas = /,+$/.exec(intPart)?.[0].length ?? 0;
  const decimals = fracPart.replace(/[^0#?]/g, '').length;
  const minFrac = fracPart.replace(/[^0]/g, '').length;
  const minInt = intPart.replace(/[^0]/g, '').length;
  const thousands = intPart.slice(0, intPart.length - trailingCommas).includes(',');
  let scaled = new Decimal(Math.abs(value).toPrecision(15)).times(new Decimal(100).pow(percents)).dividedBy(new Decimal(1000).pow(trailingCommas));
  scaled = scaled.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  let [int, frac = ''] = scaled.toFixed(decimals).split('.');
  // optional decimals (#) drop trailing zeros down to the required ones (0)
  while (frac.length > minFrac && frac.endsWith('0')) frac = frac.slice(0, -1);
  if (int === '0' && minInt === 0) int = '';
  int = int!.padStart(minInt, '0');
  if (thousands) int = groupThousands(int);
  const number = frac ? `${int}.${frac}` : int;
  const prefix = toks.slice(0, first).map((t) => ('literal' in t ? t.literal : '')).join('');
  const suffix = toks
    .slice(last + 1)
    .map((t) => ('literal' in t ? t.literal : t.placeholder === '%' ? '%' : ''))
    .join('');
  const sign = value < 0 && !abs && !scaled.isZero() ? '-' : '';
  return `${sign}${prefix}${number}${suffix}`;
}

/** What a cell shows: numbers through their format, formulas by their cached result, rich text joined. */
export function displayText(value: CellValue, numFmt: string | undefined | null): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value, numFmt);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return formatDate(value, numFmt && isDateSection(numFmt) ? numFmt : 'yyyy-mm-dd');
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined || result === null) return '';
    return displayText(result, numFmt);
  }
  if ('text' in value) return typeof value.text === 'string' ? value.text : displayText(value.text as CellValue, numFmt);
  return '';
}

// ---------------------------------------------------------------------------------------------
// sheets → tables

const NOTE = /^(注|备注|说明|附注|填报|制表|审核|负责人|单位负责人|财务负责人)/;
const PREAMBLE = /[:：]|^单位|^金额单位|^\(?\d{4}年度?\)?$|^预算\s*\d+\s*表|^[（(]\d{4}\s*年度?[)）]$/;

type Slot = { text: string; originRow: number; originCol: number };

/** The visible cells of a sheet as a grid of slots (merged ranges filled with their top-left cell's text). */
function sheetSlots(ws: Worksheet): Slot[][] {
  const rows: Slot[][] = [];
  const rowCount = ws.rowCount;
  const colCount = ws.columnCount;
  const visibleCols: number[] = [];
  for (let c = 1; c <= colCount; c++) if (!ws.getColumn(c).hidden) visibleCols.push(c);
  const rowIndex = new Map<number, number>();
  const colIndex = new Map(visibleCols.map((c, i) => [c, i]));
  for (let r = 1; r <= rowCount; r++) {
    const row = ws.getRow(r);
    if (row.hidden) continue;
    rowIndex.set(r, rows.length);
    const out: Slot[] = [];
    for (const c of visibleCols) {
      const cell = row.getCell(c);
      const master = cell.isMerged ? cell.master : cell;
      const text = displayText(master.value, master.numFmt).replace(/\r\n?/g, '\n');
      const oRow = rowIndex.get(Number(master.row)) ?? rows.length;
      const oCol = colIndex.get(Number(master.col)) ?? out.length;
      out.push({ text, originRow: oRow, originCol: oCol });
    }
    rows.push(out);
  }
  return rows;
}

const blank = (s: Slot) => s.text.trim() === '';

/** Distinct non-empty cells of a row (a merged range counts once). */
const distinct = (row: readonly Slot[]) => new Set(row.filter((s) => !blank(s)).map((s) => `${s.originRow}:${s.originCol}`)).size;

const lineOf = (row: readonly Slot[]): string => {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const s of row) {
    const k = `${s.originRow}:${s.originCol}`;
    if (blank(s) || seen.has(k)) continue;
    seen.add(k);
    parts.push(s.text.replace(/\s+/g, ' ').trim());
  }
  return parts.join(' ');
};

/** One sheet → its table (title and unit rows above it as `before`, notes below as `after`) or prose lines. */
function readSheet(ws: Worksheet): { table: Omit<RawTable, 'part'> | null; prose: string[] } {
  const all = sheetSlots(ws);
  let top = 0;
  let bottom = all.length;
  while (top < bottom && all[top]!.every(blank)) top++;
  while (bottom > top && all[bottom - 1]!.every(blank)) bottom--;
  if (top >= bottom) return { table: null, prose: [] };
  const rows = all.slice(top, bottom);
  const width = rows[0]!.length;
  let left = 0;
  let right = width;
  while (left < right && rows.every((r) => blank(r[left]!))) left++;
  while (right > left && rows.every((r) => blank(r[right - 1]!))) right--;
  const used = new Set<number>();
  for (const r of rows) for (const s of r) if (!blank(s)) used.add(s.originCol);
  if (right - left < 2 || used.size < 2) return { table: null, prose: rows.map(lineOf).filter(Boolean) };

  // lines above the table: rows with one text (a title across the sheet, 单位：万元), or only preamble texts
  const before: string[] = [];
  let start = 0;
  while (start < rows.length - 1) {
    const row = rows[start]!;
    const texts = row.filter((s) => !blank(s)).map((s) => s.text.trim());
    if (row.every(blank)) {
      start++;
      continue;
    }
    const single = distinct(row) === 1;
    const preamble = texts.every((t) => PREAMBLE.test(t.replace(/\s+/g, '')));
    if (!single && !preamble) break;
    before.push(lineOf(row));
    start++;
  }
  // notes under the table: trailing rows with one text that reads as a note, or after an empty row
  const after: string[] = [];
  let end = rows.length;
  while (end > start + 1) {
    const row = rows[end - 1]!;
    const line = lineOf(row);
    const gap = rows[end - 2]!.every(blank);
    if (distinct(row) === 1 && (NOTE.test(line.replace(/\s+/g, '')) || gap)) {
      after.unshift(line);
      end--;
      while (end > start + 1 && rows[end - 1]!.every(blank)) end--;
    } else break;
  }
  const body = rows.slice(start, end);
  const grid: RawCell[][] = body.map((row, r) =>
    row.slice(left, right).map((s, c) => {
      const oRow = s.originRow - top - start;
      const oCol = s.originCol - left;
      const inside = oRow >= 0 && oRow <= r && oCol >= 0 && oCol <= c;
      return { text: s.text, originRow: inside ? oRow : r, originCol: inside ? oCol : c, header: false };
    }),
  );
  return { table: { grid, before, after, caption: null }, prose: [...before, ...after] };
}

/**
 * An Excel .xlsx → RawSource: one table per visible, non-empty sheet (merged cells honoured,
 * numbers as displayed, title and unit rows above it as `before`, notes as `after`); a sheet of
 * a single column of text is prose.
 */
export async function readXlsx(bytes: Uint8Array, source: string): Promise<RawSource> {
  const container = sniffContainer(bytes);
  if (container === 'empty') throw new FileReadError('empty');
  if (container === 'encrypted') throw new FileReadError('encrypted', 'an encrypted Office document');
  if (container === 'ole') throw new FileReadError('unsupported', 'an old Excel .xls (binary) file: save it as .xlsx');
  if (container !== 'zip') throw new FileReadError('corrupt', 'not a zip archive');
  const mod = await import('exceljs');
  const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const wb: Workbook = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (e) {
    throw new FileReadError('corrupt', errorDetail(e));
  }
  const tables: RawTable[] = [];
  const paragraphs: string[] = [];
  for (const ws of wb.worksheets) {
    if (ws.state === 'hidden' || ws.state === 'veryHidden') continue;
    const { table, prose } = readSheet(ws);
    paragraphs.push(...prose);
    if (table) tables.push({ part: tables.length, ...table });
  }
  const title = typeof wb.title === 'string' && wb.title.trim() ? wb.title.trim() : null;
  return { source, title, tables, paragraphs };
}
