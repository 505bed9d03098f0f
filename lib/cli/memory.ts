import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8's full garbage collection. The CLI runs without --expose-gc (`budget-lens` is started as
 * `node lib/cli/budget-lens.mjs`), so the flag is turned on here and `gc` taken from a fresh
 * context, which gets it; null when that is not possible (the run then only uses more memory).
 */
let gcFn: (() => void) | null | undefined;
export function fullGc(): (() => void) | null {
  if (gcFn !== undefined) return gcFn;
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return (gcFn = exposed as () => void);
  try {
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('gc');
    gcFn = typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    gcFn = null;
  }
  return gcFn;
}

/** Collect once this much garbage may have piled up since the last collection. */
const GARBAGE_BUDGET = 256 * 2 ** 20;

/**
 * Between files of a folder. A page parsed by happy-dom leaves 30–250 MB of garbage (its
 * window and DOM), all of it unreachable once the page is read; V8 collects lazily and lets
 * the heap grow to ≈600 MB (0.85–1 GB RSS) over a run of 100 pages though under 100 MB of it
 * is live. A full collection (30–100 ms) once the heap has grown by `budget` since the
 * last one caps that: ≈0.5 GB peak RSS for 100 pages at about the same speed. A smaller
 * budget trades time for memory (128 MB: ≈0.4 GB, some 10–20 % slower; every file: ≈0.34 GB).
 *
 * `log` gets a line on the heap after each file (the CLI passes one under BUDGET_LENS_MEMORY=1).
 */
export function memoryKeeper(
  log: ((line: string) => void) | null = null,
  budget = GARBAGE_BUDGET,
  // (tests pass their own: when V8 itself collects is up to V8)
  heap: { used(): number; gc(): (() => void) | null } = { used: () => getHeapStatistics().used_heap_size, gc: fullGc },
) {
  let liveAfterGc = heap.used();
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  return {
    afterFile(): void {
      const used = heap.used();
      let gcMs: number | null = null;
      if (used - liveAfterGc > budget) {
        const gc = heap.gc();
        if (gc) {
          const t0 = performance.now();
          gc();
          gcMs = performance.now() - t0;
          liveAfterGc = heap.used();
        }
      }
      if (log) {
        const h = getHeapStatistics();
        const collected = gcMs === null ? '' : ` → ${mb(liveAfterGc)} after a ${gcMs.toFixed(0)} ms collection`;
        log(`  heap ${mb(used)}${collected}; heap total ${mb(h.total_heap_size)}, rss ${mb(process.memoryUsage.rss())}`);
      }
    },
  };
}
