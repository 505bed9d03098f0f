import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FileReadError } from '../../lib/files/error';
import { displayText, formatNumber, readXlsx } from '../../lib/files/xlsx';
import { agreementReport, auditRaw, auditSeedHtml, compareFindings, ratio, seedHtml, type Agreement } from '../helpers/files-compare';
import { makeXlsx } from '../helpers/files-make';
import { SEED_PAGES, type SeedId } from '../helpers/seeds';

describe('formatNumber: numbers as the sheet displays them', () => {
  it.each([
    [18.5, '0.00', '18.50'],
    [18.499999999999996, '0.00', '18.50'],
    [2082.7, '#,##0.00', '2,082.70'],
    [2082.7, '#,##0.00_ ', '2,082.70'],
    [1.005, '0.00', '1.01'],
    [0.1 + 0.2, 'General', '0.3'],
    [2080802, 'General', '2080802'],
    [100, undefined, '100'],
    [10.7, '0.0', '10.7'],
    [-12.5, '#,##0.00;(#,##0.00)', '(12.50)'],
    [-12.5, '0.00', '-12.50'],
    [-12.5, '#,##0.00;[Red]-#,##0.00', '-12.50'],
    [0, '#,##0.00;-#,##0.00;"-"', '-'],
    [0.125, '0.0%', '12.5%'],
    [1234567.891, '#,##0', '1,234,568'],
    [5, '"¥"#,##0.00', '¥5.00'],
    [12.3, '0.00"万元"', '12.30万元'],
    [45292, 'yyyy-mm-dd', '2024-01-01'],
  ])('%s with %s → %s', (value, code, shown) => {
    expect(formatNumber(value, code)).toBe(shown);
  });

  it('reads formulas by their cached result, rich text joined, errors as printed', () => {
    expect(displayText({ formula: 'SUM(A1:A3)', result: 148.10000000000002 }, '0.00')).toBe('148.10');
    expect(displayText({ richText: [{ text: '单位：' }, { text: '万元' }] }, undefined)).toBe('单位：万元');
    expect(displayText({ error: '#REF!' }, undefined)).toBe('#REF!');
    expect(displayText({ formula: 'A1' }, '0.00')).toBe('');
  });
});

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('readXlsx', () => {
  it('reads one table per sheet: title and unit rows before it, merged cells in every slot, figures as displayed, notes after; empty and hidden sheets skipped', async () => {
    const bytes = await workbook((wb) => {
      wb.title = '某局2024年部门预算';
      wb.addWorksheet('空表');
      const ws = wb.addWorksheet('支出表');
      ws.getCell('A1').value = '2024年部门支出预算表';
      ws.mergeCells('A1:D1');
      ws.getCell('A2').value = '部门名称：某局';
      ws.getCell('D2').value = '单位：万元';
      ws.getCell('A3').value = '科目名称';
      ws.mergeCells('A3:A4');
      ws.getCell('B3').value = '合计';
      ws.mergeCells('B3:B4');
      ws.getCell('C3').value = '基本支出';
      ws.mergeCells('C3:D3');
      ws.getCell('C4').value = '人员经费';
      ws.getCell('D4').value = '公用经费';
      ws.addRow(['工资福利支出', 18.499999999999996, 18.5, null]);
      ws.addRow(['办公费', 2.3, null, 2.3]);
      ws.getRow(7).hidden = true;
      ws.getCell('A7').value = '隐藏行';
      ws.getCell('A8').value = '合计';
      ws.getCell('B8').value = { formula: 'SUM(B5:B6)', result: 20.799999999999997 };
      ws.getCell('C8').value = 18.5;
      ws.getCell('D8').value = 2.3;
      for (const r of [5, 6, 8]) for (const c of ['B', 'C', 'D']) ws.getCell(`${c}${r}`).numFmt = '#,##0.00';
      ws.getCell('A10').value = '注：本表金额保留两位小数。';
      const hidden = wb.addWorksheet('隐藏');
      hidden.state = 'hidden';
      hidden.addRow(['a', 1.5]);
      hidden.addRow(['b', 2.5]);
    });
    const raw = await readXlsx(bytes, 't.xlsx');
    expect(raw.title).toBe('某局2024年部门预算');
    expect(raw.tables).toHaveLength(1);
    const t = raw.tables[0]!;
    expect(t.before).toEqual(['2024年部门支出预算表', '部门名称：某局 单位：万元']);
    expect(t.after).toEqual(['注：本表金额保留两位小数。']);
    expect(t.grid.map((r) => r.map((c) => c.text))).toEqual([
      ['科目名称', '合计', '基本支出', '基本支出'],
      ['科目名称', '合计', '人员经费', '公用经费'],
      ['工资福利支出', '18.50', '18.50', ''],
      ['办公费', '2.30', '', '2.30'],
      ['合计', '20.80', '18.50', '2.30'],
    ]);
    expect(t.grid[1]![0]).toMatchObject({ originRow: 0, originCol: 0 });
    expect(t.grid[0]![3]).toMatchObject({ originRow: 0, originCol: 2 });
  });

  it('gives a typed error for a damaged file, an old .xls and an empty file', async () => {
    const code = (bytes: Uint8Array) =>
      readXlsx(bytes, 'x.xlsx').then(
        () => 'read',
        (e: unknown) => (e instanceof FileReadError ? e.code : `untyped: ${String(e)}`),
      );
    expect(await code(new Uint8Array(Buffer.from('PK\x03\x04 broken')))).toBe('corrupt');
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await code(ole)).toBe('unsupported');
    expect(await code(new Uint8Array(0))).toBe('empty');
  });
});

describe('the five seed pages as workbooks (written by exceljs at test time: a sheet per table, merged headers, formatted figures)', () => {
  it('give the same findings as the HTML pages (≥ 95 %)', async () => {
    const rows: Array<{ id: string; a: Agreement }> = [];
    for (const id of Object.keys(SEED_PAGES) as SeedId[]) {
      const html = auditSeedHtml(id);
      const got = auditRaw(await readXlsx(await makeXlsx(seedHtml(id)), `seed-${id}.xlsx`));
      expect(got.doc.tables.map((t) => `${t.kind} ${t.title}`), `seed-${id} tables`).toEqual(html.doc.tables.map((t) => `${t.kind} ${t.title}`));
      rows.push({ id, a: compareFindings(html.findings, got.findings) });
    }
    const report = agreementReport('xlsx', rows);
    console.log(report);
    const all = rows.reduce((s, r) => ({ ...s, agreed: s.agreed + r.a.agreed, total: s.total + r.a.total }), { agreed: 0, total: 0, missing: [], extra: [] } as Agreement);
    expect(ratio(all), report).toBeGreaterThanOrEqual(0.95);
  }, 90_000);
});
