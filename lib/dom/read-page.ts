import { candidateTables } from './screen';
import { readDocument, readingSteps, type DomSource } from './source';

/**
 * Reading a live page without holding its main thread for long: a large page is read in slices
 * (one table at least, then the page runs), and a reading the page changed in the middle of is
 * never used.
 */

/** How a reading shares the page's main thread. */
export type Slicing = {
  /** Read for this long (ms), then let the page run. */
  sliceMs: number;
  /** Resolves once the page has had its turn (a new task). */
  yieldToPage: () => Promise<void>;
  now: () => number;
};

/**
 * The text of the tables worth reading, the tables' signature: a re-audit only happens when it
 * changes, so mutations that do not touch them (and our own UI) never trigger one. The text
 * itself, not a hash of it: hashing 2 MB character by character cost 10–20 ms each time,
 * comparing is a memcmp.
 */
export function tablesSignature(tables: readonly Element[]): string {
  return tables.map((table) => table.textContent ?? '').join('\u0000');
}

/**
 * readDocument in slices of about `sliceMs` (one table is never split). Returns the reading and
 * the time each slice took. If the page changed between two slices, the reading may mix old and
 * new tables: readPage checks.
 */
export async function readDocumentInSlices(
  doc: Document,
  source: string,
  candidates: readonly Element[],
  slicing: Slicing,
): Promise<{ dom: DomSource; slices: number[] }> {
  const steps = readingSteps(doc, source, candidates);
  const slices: number[] = [];
  let start = slicing.now();
  for (;;) {
    const step = steps.next();
    if (step.done) {
      slices.push(slicing.now() - start);
      return { dom: step.value, slices };
    }
    const now = slicing.now();
    if (now - start >= slicing.sliceMs) {
      slices.push(now - start);
      await slicing.yieldToPage();
      start = slicing.now();
    }
  }
}

export type PageReading = {
  dom: DomSource;
  /** the signature of the tables read, as they were read */
  signature: string;
  /** the slices of each reading made (a reading the page changed is made again; the last, in one go, is one slice), ms */
  readings: number[][];
  /** time spent taking the tables' signature: before reading, and after a sliced reading to check it (ms) */
  signatureMs: number;
  checkMs: number;
};

/**
 * Read the page, in slices when it is large. Between two slices the page runs: if it changed its
 * tables meanwhile (their text, or one left the page), the reading may mix their old and new
 * text, so it is dropped and the page screened and read again — after `attempts` such readings,
 * in one go. (Tables that appear meanwhile are read by the next audit, which their arrival
 * schedules.) `stop()` true: the caller went away meanwhile (null).
 */
export async function readPage(
  doc: Document,
  source: string,
  slicing: Slicing,
  options: { attempts: number; stop?: () => boolean },
): Promise<PageReading | null> {
  let t = slicing.now();
  let candidates = candidateTables(doc);
  let signature = tablesSignature(candidates);
  const signatureMs = slicing.now() - t;
  let checkMs = 0;
  const readings: number[][] = [];
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    const { dom, slices } = await readDocumentInSlices(doc, source, candidates, slicing);
    if (options.stop?.()) return null;
    readings.push(slices);
    // one slice: nothing else ran while the page was read
    if (slices.length === 1) return { dom, signature, readings, signatureMs, checkMs };
    t = slicing.now();
    const unchanged = candidates.every((table) => table.isConnected) && tablesSignature(candidates) === signature;
    if (!unchanged) {
      candidates = candidateTables(doc);
      signature = tablesSignature(candidates);
    }
    checkMs += slicing.now() - t;
    if (unchanged) return { dom, signature, readings, signatureMs, checkMs };
  }
  t = slicing.now();
  const dom = readDocument(doc, source, candidates);
  readings.push([slicing.now() - t]);
  return { dom, signature, readings, signatureMs, checkMs };
}
