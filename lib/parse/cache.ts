/**
 * Caches of pure string readings (a label's canonical form, what a cell prints) that live only
 * while an extraction or an audit runs: the same strings come back many times within one, and
 * nothing is kept afterwards (a long-lived page holds no memory for them, and every run starts
 * from the same state). Outside such a run the readings are computed afresh.
 */

let depth = 0;
const caches: Array<Map<string, unknown>> = [];

/** Run `fn` with the string caches on (nested runs share them; they are emptied at the end). */
export function withStringCaches<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    if (--depth === 0) for (const c of caches) c.clear();
  }
}

/**
 * `read(s)`, remembered for short strings while string caches are on. Bounded: a map that fills
 * up is emptied and refilled.
 */
export function cachedReading<V>(read: (s: string) => V, maxEntries = 20_000, maxLength = 128): (s: string) => V {
  const seen = new Map<string, V>();
  caches.push(seen as Map<string, unknown>);
  return (s: string): V => {
    if (depth === 0 || s.length > maxLength) return read(s);
    let v = seen.get(s);
    if (v === undefined) {
      if (seen.size >= maxEntries) seen.clear();
      v = read(s);
      seen.set(s, v);
    }
    return v;
  };
}
