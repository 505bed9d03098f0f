import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main';
import { FileReadError, detectKind, readFile } from '../../lib/files/index';
import { seedHtml } from '../helpers/files-compare';
import { makeDocx, makeHandPdf, makeXlsx } from '../helpers/files-make';

const dir = mkdtempSync(join(tmpdir(), 'budget-lens-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sink = () => {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
};

async function run(args: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('readFile', () => {
  it('picks the reader by magic bytes, then by extension', async () => {
    const pdf = makeHandPdf({ texts: [{ x: 50, y: 700, text: 'Budget 2024 - a page of text' }] });
    expect(detectKind(pdf, 'download.bin')).toBe('pdf');
    expect(detectKind(new Uint8Array(Buffer.from('<!DOCTYPE html><html></html>')), 'page')).toBe('html');
    expect(detectKind(new Uint8Array(Buffer.from('PK\x03\x04....')), 'a.docx')).toBe('docx');
    expect(detectKind(new Uint8Array(Buffer.from('PK\x03\x04....')), 'a.zip')).toBeNull();
    const raw = await readFile(pdf, 'download.bin');
    expect(raw.paragraphs).toEqual(['Budget 2024 - a page of text']);
    const html = await readFile(new Uint8Array(Buffer.from(seedHtml('004'))), 'seed.html');
    expect(html.tables.length).toBeGreaterThan(5);
  });

  it('throws FileReadError for unsupported, empty and damaged input', async () => {
    const code = (bytes: Uint8Array, name: string) =>
      readFile(bytes, name).then(
        () => 'read',
        (e: unknown) => (e instanceof FileReadError ? e.code : `untyped: ${String(e)}`),
      );
    expect(await code(new Uint8Array(Buffer.from('hello')), 'notes.txt')).toBe('unsupported');
    expect(await code(new Uint8Array(0), 'a.pdf')).toBe('empty');
    expect(await code(new Uint8Array(Buffer.from('not a pdf at all')), 'a.pdf')).toBe('corrupt');
    expect(await code(new Uint8Array(Buffer.from('PK\x03\x04 broken')), 'a.xlsx')).toBe('corrupt');
  });
});

describe('budget-lens audit with attachments', () => {
  it('audits .docx and .xlsx like the page they were made from (folders searched too)', async () => {
    const sub = join(dir, 'attachments');
    rmSync(sub, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub);
    writeFileSync(join(sub, 'seed-004.docx'), await makeDocx(seedHtml('004')));
    writeFileSync(join(sub, 'seed-004.xlsx'), await makeXlsx(seedHtml('004')));
    const r = await run(['audit', sub, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // seed-004 has error findings as printed
    const report = JSON.parse(r.stdout) as unknown;
    expect(JSON.stringify(report)).toContain('seed-004.docx');
    expect(JSON.stringify(report)).toContain('seed-004.xlsx');
  }, 60_000);

  it('exits 2 naming the file for a damaged PDF and a scan, and still reports the good files', async () => {
    const bad = join(dir, 'broken.pdf');
    writeFileSync(bad, 'definitely not a pdf');
    const scan = join(dir, 'scan.pdf');
    writeFileSync(scan, makeHandPdf({ rects: [[50, 50, 400, 600]] }));
    const good = join(dir, 'seed-004.html');
    writeFileSync(good, seedHtml('004'));
    const r = await run(['audit', bad, scan, good, '--format', 'md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: `);
    expect(r.stderr).toMatch(/damaged|corrupt/);
    expect(r.stderr).toContain(`${scan}: `);
    expect(r.stderr).toMatch(/扫描件.*no text layer/);
    expect(r.stdout).toContain('seed-004');
  }, 60_000);
});
