import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { describe, expect, it } from 'vitest';
import { readDocx } from '../../lib/files/docx';
import { FileReadError } from '../../lib/files/error';
import { agreementReport, auditRaw, auditSeedHtml, compareFindings, ratio, seedHtml, type Agreement } from '../helpers/files-compare';
import { makeDocx } from '../helpers/files-make';
import { SEED_PAGES, type SeedId } from '../helpers/seeds';

const cell = (text: string, opts: { rowSpan?: number; columnSpan?: number } = {}) => new TableCell({ ...opts, children: [new Paragraph(text)] });

async function docxOf(children: Array<Paragraph | Table>, title = '测试文档'): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(new Document({ title, sections: [{ children }] })));
}

describe('readDocx', () => {
  it('keeps horizontal (gridSpan) and vertical (vMerge) merges: a merged cell reads in every slot with one origin', async () => {
    const table = new Table({
      rows: [
        new TableRow({ tableHeader: true, children: [cell('科目编码', { columnSpan: 2 }), cell('合计', { rowSpan: 2 })] }),
        new TableRow({ tableHeader: true, children: [cell('类'), cell('款')] }),
        new TableRow({ children: [cell('208', { rowSpan: 2 }), cell('05'), cell('10.10')] }),
        new TableRow({ children: [cell('99'), cell('0.50')] }),
      ],
    });
    const raw = await readDocx(await docxOf([new Paragraph('2023年部门支出预算表'), new Paragraph('单位：万元'), table, new Paragraph('注：测试。')]), 't.docx');
    expect(raw.title).toBe('测试文档');
    const t = raw.tables[0]!;
    expect(t.grid.map((r) => r.map((c) => c.text))).toEqual([
      ['科目编码', '科目编码', '合计'],
      ['类', '款', '合计'],
      ['208', '05', '10.10'],
      ['208', '99', '0.50'],
    ]);
    expect(t.grid[1]![2]).toMatchObject({ originRow: 0, originCol: 2 });
    expect(t.grid[3]![0]).toMatchObject({ originRow: 2, originCol: 0 });
    expect(t.before).toEqual(['2023年部门支出预算表', '单位：万元']);
    expect(t.after).toEqual(['注：测试。']);
    // only the rows marked as repeated header rows are header cells (w:tblHeader w:val="off" is not a header)
    expect(t.grid.map((r) => r[1]!.header)).toEqual([true, true, false, false]);
  });

  it('gives a typed error for a damaged file, an old binary .doc and an empty file', async () => {
    const code = (bytes: Uint8Array) =>
      readDocx(bytes, 'x.docx').then(
        () => 'read',
        (e: unknown) => (e instanceof FileReadError ? e.code : `untyped: ${String(e)}`),
      );
    expect(await code(new Uint8Array(Buffer.from('PK\x03\x04 this is not really a zip')))).toBe('corrupt');
    expect(await code(new Uint8Array(Buffer.from('just text')))).toBe('corrupt');
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await code(ole)).toBe('unsupported');
    expect(await code(new Uint8Array(0))).toBe('empty');
  });
});

describe('the five seed pages as Word documents (written by the docx package at test time)', () => {
  it('give the same findings as the HTML pages (≥ 95 %)', async () => {
    const rows: Array<{ id: string; a: Agreement }> = [];
    for (const id of Object.keys(SEED_PAGES) as SeedId[]) {
      const html = auditSeedHtml(id);
      const got = auditRaw(await readDocx(await makeDocx(seedHtml(id)), `seed-${id}.docx`));
      expect(got.doc.tables.map((t) => `${t.kind} ${t.title}`), `seed-${id} tables`).toEqual(html.doc.tables.map((t) => `${t.kind} ${t.title}`));
      rows.push({ id, a: compareFindings(html.findings, got.findings) });
    }
    const report = agreementReport('docx', rows);
    console.log(report);
    const all = rows.reduce((s, r) => ({ ...s, agreed: s.agreed + r.a.agreed, total: s.total + r.a.total }), { agreed: 0, total: 0, missing: [], extra: [] } as Agreement);
    expect(ratio(all), report).toBeGreaterThanOrEqual(0.95);
  }, 90_000);
});
