/**
 * Per-audit memos of what rules derive from a table over and over (its rounding quantum, the
 * decimals it prints, its row structure …). A memo lives only while `withAuditMemo` runs (one
 * audit of one document, which never changes the model); outside it — a rule run on its own,
 * a test that edits a table between two audits — every call computes afresh.
 */

type Memo = Map<string, WeakMap<object, unknown>>;

let active: Memo | null = null;

/** Run `fn` with memos enabled (nested calls share the outer memo). */
export function withAuditMemo<T>(fn: () => T): T {
  if (active) return fn();
  active = new Map();
  try {
    return fn();
  } finally {
    active = null;
  }
}

/** `compute(owner)`, remembered for `owner` under `name` while an audit runs. */
export function memo<O extends object, T>(name: string, owner: O, compute: (owner: O) => T): T {
  if (!active) return compute(owner);
  let slot = active.get(name);
  if (!slot) active.set(name, (slot = new WeakMap()));
  if (slot.has(owner)) return slot.get(owner) as T;
  const value = compute(owner);
  slot.set(owner, value);
  return value;
}
