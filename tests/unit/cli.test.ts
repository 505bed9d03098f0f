import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, type CliIO } from '../../lib/cli/main';
import { getHeapStatistics } from 'node:v8';
import { fullGc, memoryKeeper } from '../../lib/cli/memory';

const pages = fileURLToPath(new URL('../fixtures/pages/', import.meta.url));
const negative = fileURLToPath(new URL('../fixtures/negative/', import.meta.url));

/** GBK bytes for a string: Node decodes GBK but has no encoder, so invert the decoder once. */
function encodeGbk(text: string): Uint8Array {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, (hi << 8) | lo);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const gbk = table.get(ch);
      if (gbk === undefined) out.push(0x3f);
      else out.push(gbk >> 8, gbk & 0xff);
    }
  }
  return new Uint8Array(out);
}

/** Run the CLI in-process, capturing what it prints. */
async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

type JsonOut = {
  documents: Array<{
    source: string;
    tables: Array<{ id: string; kind: string; title: string | null; unit: string | null; rows: number; columns: number }>;
    findings: Array<{ rule: string; severity: string; message: string; stated: string | null; expected: string | null; difference: string | null; tolerance: string | null; table: string | null; row: string | null; column: string | null; text: string | null }>;
  }>;
};

describe('budget-lens audit', () => {
  it('audits the five seed pages: JSON lists their tables and findings, exit 1 because errors exist, progress on stderr', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await run('audit', pages, '--format', 'json');
    expect(code).toBe(1);
    const out = JSON.parse(stdout) as JsonOut;
    expect(out.documents).toHaveLength(5);
    expect(stderr).toMatch(/\[5\/5\]/);
    const seed004 = out.documents.find((d) => d.source.includes('seed-004'))!;
    expect(seed004.tables.map((t) => t.kind)).toContain('project');
    const table = (id: string | null) => seed004.tables.find((t) => t.id === id)!;
    // the project list sums to 2082.63 against a printed 2082.70
    const projects = seed004.findings.find((f) => f.rule === 'total-row' && table(f.table).kind === 'project' && f.stated === '2082.70');
    expect(projects).toMatchObject({ severity: 'error', expected: '2082.63', difference: '0.07', tolerance: '0.055', column: '合计' });
    // 社会保障和就业: 10.70 in the 收支表 against 11.40 from the expense rows
    const social = seed004.findings.find((f) => f.rule === 'cross-table' && f.stated === '10.70' && table(f.table).kind === 'income-expense-summary');
    expect(social).toMatchObject({ severity: 'error', expected: '11.40' });
    expect(social!.row).toMatch(/社会保障和就业/);
    // every finding carries the documented fields
    for (const f of seed004.findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['rule', 'severity', 'message', 'stated', 'expected', 'difference', 'tolerance', 'table', 'row', 'column', 'text']));
    }
  });

  it('exits 0 on pages without errors and prints Markdown and CSV', async () => {
    const md = await run('audit', join(negative, 'statistics-table.html'), '--format', 'md');
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/未发现预算表格/);
    const csv = await run('audit', join(pages, 'seed-004-xinxiang-fengquan-2023.html'), '--format', 'csv');
    expect(csv.code).toBe(1);
    const lines = csv.stdout.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^source,rule,severity,/);
    expect(lines.length).toBeGreaterThan(10);
  });

  it('writes to --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bl-cli-'));
    const out = join(dir, 'report.json');
    const { code, stdout } = await run('audit', join(pages, 'seed-000-laishui-2024.html'), '--out', out);
    expect(stdout).toBe('');
    expect(code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as JsonOut).documents[0]!.tables.length).toBeGreaterThan(10);
  });

  it('exits 2 on unusable input, naming the file', async () => {
    const missing = await run('audit', '/nonexistent/page.html');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/page.html');
    const dir = mkdtempSync(join(tmpdir(), 'bl-cli-'));
    const odd = join(dir, 'notes.txt');
    writeFileSync(odd, 'hello');
    const unsupported = await run('audit', odd);
    expect(unsupported.code).toBe(2);
    expect(unsupported.stderr).toContain('notes.txt');
    mkdirSync(join(dir, 'empty'));
    expect((await run('audit', join(dir, 'empty'))).code).toBe(2);
    expect((await run('audit')).code).toBe(2);
    expect((await run('audit', pages, '--format', 'xml')).code).toBe(2);
  });

  it('reads GBK-encoded pages (many government sites still serve GBK)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bl-cli-'));
    const html = readFileSync(join(pages, 'seed-004-xinxiang-fengquan-2023.html'), 'utf8').replace('<meta charset="utf-8">', '<meta charset="gb2312">');
    writeFileSync(join(dir, 'page.html'), encodeGbk(html));
    const { code, stdout } = await run('audit', join(dir, 'page.html'));
    expect(code).toBe(1);
    const doc = (JSON.parse(stdout) as JsonOut).documents[0]!;
    expect(doc.tables).toHaveLength(11);
    expect(doc.tables[0]!.title).toBe('2023 年部门收支预算表');
  });

  it('between files, collects the garbage pages left once it exceeds the budget', () => {
    // a heap of fake sizes: when V8 collects on its own is up to V8, so the real one cannot be relied on
    const MB = 2 ** 20;
    let used = 30 * MB;
    let collections = 0;
    const heap = { used: () => used, gc: () => () => void ((collections += 1), (used = 40 * MB)) };
    const lines: string[] = [];
    const memory = memoryKeeper((line) => lines.push(line), 64 * MB, heap);
    used = 80 * MB; // 50 MB more than after the last collection: within the budget
    memory.afterFile();
    expect(collections).toBe(0);
    used = 120 * MB; // 90 MB more: over it
    memory.afterFile();
    expect(collections).toBe(1);
    expect(lines[1]).toMatch(/heap 120 MB → 40 MB after a \d+ ms collection/);
    used = 100 * MB; // 60 MB more than after that collection: within the budget again
    memory.afterFile();
    expect(collections).toBe(1);
    expect(lines[2]).not.toContain('collection');
  });

  it('can run a full collection in this Node without --expose-gc', () => {
    const gc = fullGc();
    expect(typeof gc).toBe('function');
    let garbage: number[][] | null = Array.from({ length: 50 }, () => new Array<number>(128 * 1024).fill(1.5));
    expect(garbage.length).toBe(50);
    garbage = null;
    const before = getHeapStatistics().used_heap_size;
    gc!();
    // (the 50 MB are gone whether V8 had collected them already or this collection did)
    expect(getHeapStatistics().used_heap_size).toBeLessThan(before + 2 ** 20);
  });
});
