import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { auditDocument } from '../audit';
import type { TolerancePolicy } from '../audit/tolerance';
import { readDocument } from '../dom/source';
import { extractDocument } from '../extract';
import { FileReadError } from '../files/error';
import { withHtmlBytes } from '../files/html';
import { readFile } from '../files/index';
import type { AuditedDocument } from '../report/audited';
import { toCsv } from '../report/csv';
import { toJson } from '../report/json';
import { toMarkdown } from '../report/markdown';
import { memoryKeeper } from './memory';

const USAGE = `用法 Usage:
  budget-lens audit <file-or-folder>... [--format json|md|csv] [--out FILE] [--tolerance standard|strict]

Audits saved budget disclosure pages (.html, .htm) and attachments (.pdf, .docx, .xlsx) —
folders are searched recursively. A scanned PDF (no text), an encrypted or damaged file is
unusable input.
Exit code: 0 no error finding, 1 at least one error finding, 2 unusable input.`;

const SUPPORTED = new Set(['.html', '.htm', '.xhtml', '.pdf', '.docx', '.xlsx']);
const HTML = new Set(['.html', '.htm', '.xhtml']);
/** Show progress on stderr from this many files on. */
const PROGRESS_FROM = 5;

type Options = { format: 'json' | 'md' | 'csv'; out: string | null; tolerance: TolerancePolicy; inputs: string[] };

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Options {
  const [command, ...rest] = argv;
  if (command !== 'audit') throw new UsageError(command ? `unknown command: ${command}` : 'missing command');
  const opts: Options = { format: 'json', out: null, tolerance: 'standard', inputs: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--format') {
      const f = value();
      if (f !== 'json' && f !== 'md' && f !== 'csv') throw new UsageError(`unknown format: ${f}`);
      opts.format = f;
    } else if (arg === '--out') opts.out = value();
    else if (arg === '--tolerance') {
      const t = value();
      if (t !== 'standard' && t !== 'strict') throw new UsageError(`unknown tolerance: ${t}`);
      opts.tolerance = t;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option: ${arg}`);
    else opts.inputs.push(arg);
  }
  if (!opts.inputs.length) throw new UsageError('no file or folder given');
  return opts;
}

/** Expand folders (recursively, sorted) into files; a missing path or unsupported file is unusable input. */
export function collectFiles(inputs: readonly string[]): { files: string[]; problems: string[] } {
  const files: string[] = [];
  const problems: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (SUPPORTED.has(extname(name).toLowerCase())) files.push(path);
    }
  };
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      problems.push(`${input}: 文件不存在 no such file or folder`);
      continue;
    }
    if (st.isDirectory()) {
      const before = files.length;
      walk(input);
      if (files.length === before) problems.push(`${input}: 文件夹中没有可审核的文件 no .html, .pdf, .docx or .xlsx files in this folder`);
    } else if (SUPPORTED.has(extname(input).toLowerCase())) files.push(input);
    else problems.push(`${input}: 不支持的文件类型 unsupported file type (${extname(input) || 'none'})`);
  }
  return { files, problems };
}

/** Read and audit one file: a saved page, or a PDF / Word / Excel attachment (lib/files). */
export async function auditFile(path: string, tolerance: TolerancePolicy): Promise<AuditedDocument> {
  const bytes = new Uint8Array(readFileSync(path));
  const source = path;
  // structuredClone: the cell and paragraph strings are slices of the page's decoded source,
  // each holding all of it; copies let it go with the page (≈0.75 MB a page over a folder)
  const raw = HTML.has(extname(path).toLowerCase())
    ? await withHtmlBytes(bytes, pathToFileURL(resolve(path)).href, (page) => structuredClone(readDocument(page, source).raw))
    : await readFile(bytes, path);
  const doc = extractDocument(raw);
  return { source, doc, audit: auditDocument(doc, { tolerance }) };
}

/** Where the CLI writes: process.stdout/stderr, or anything with write() in tests. */
export type CliIO = { stdout: { write(s: string): unknown }; stderr: { write(s: string): unknown } };

export async function main(argv: readonly string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    io.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
    return 2;
  }
  const { files, problems } = collectFiles(opts.inputs);
  const audited: AuditedDocument[] = [];
  const memory = memoryKeeper(process.env.BUDGET_LENS_MEMORY ? (line) => io.stderr.write(`${line}\n`) : null);
  for (const [i, file] of files.entries()) {
    if (files.length >= PROGRESS_FROM) io.stderr.write(`[${i + 1}/${files.length}] ${file}\n`);
    try {
      audited.push(await auditFile(file, opts.tolerance));
    } catch (e) {
      if (e instanceof FileReadError) problems.push(`${file}: ${e.messages.zh} — ${e.messages.en} [${e.code}]`);
      else problems.push(`${file}: 无法读取 cannot read (${e instanceof Error ? e.message : String(e)})`);
    }
    // free the page's happy-dom window and DOM before the next file (see ./memory)
    memory.afterFile();
  }
  const output = opts.format === 'json' ? toJson(audited) : opts.format === 'csv' ? toCsv(audited) : toMarkdown(audited);
  if (opts.out) writeFileSync(opts.out, output);
  else io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  for (const p of problems) io.stderr.write(`budget-lens: ${p}\n`);
  if (problems.length) return 2;
  return audited.some((a) => a.audit.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}
