import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { auditPage } from '../lib/dom/audit-page';
import { ENGINE_KEY, type Engine } from '../lib/dom/engine-handle';

/**
 * The audit engine, loaded by the content script with import() only on pages that have a table
 * worth reading (see lib/dom/engine-handle.ts). It runs in the content script's isolated world
 * and hands the engine over on that world's global object.
 */
export default defineUnlistedScript(() => {
  const engine: Engine = { auditPage };
  (globalThis as Record<string, unknown>)[ENGINE_KEY] = engine;
});
