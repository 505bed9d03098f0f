/**
 * The annotation layer's styles. They live in the shadow root, so page CSS cannot reach them and
 * they cannot reach the page. Severity colours: error red, warning orange, rounding blue; the
 * figures a finding used (operands) are outlined dashed violet, like spreadsheet precedents.
 */
export const ANNOTATION_CSS = `
:host {
  all: initial !important;
  display: block !important; position: absolute !important; top: 0 !important; left: 0 !important;
  width: 0 !important; height: 0 !important; margin: 0 !important; padding: 0 !important; border: 0 !important;
  overflow: visible !important; z-index: 2147483647 !important; pointer-events: none !important;
  visibility: visible !important; opacity: 1 !important; transform: none !important; filter: none !important;
}
@media print { :host { display: none !important; } }
[hidden] { display: none !important; }
.layer {
  position: absolute; left: 0; top: 0; width: 0; height: 0; overflow: visible;
  pointer-events: none; direction: ltr;
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
    "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif;
  color: #111827; text-align: left; letter-spacing: normal; word-spacing: normal; text-transform: none;
}
.sev-error { --c: #dc2626; --tint: rgba(220, 38, 38, 0.10); }
.sev-warning { --c: #ea580c; --tint: rgba(234, 88, 12, 0.10); }
.sev-rounding { --c: #2563eb; --tint: rgba(37, 99, 235, 0.08); }
.box { position: absolute; box-sizing: border-box; pointer-events: none; margin: 0; padding: 0; }
.target { z-index: 1; border: 2px solid var(--c); background: var(--tint); border-radius: 2px; }
.target.kind-table { border-width: 3px; border-style: double; background: none; }
.target.kind-text { border: 0; background: none; }
.target.active { box-shadow: 0 0 0 2px #fff, 0 0 0 4px var(--c); }
.line { position: absolute; box-sizing: border-box; background: var(--tint); border-bottom: 2px solid var(--c); }
.operand { z-index: 1; border: 2px dashed #7c3aed; background: rgba(124, 58, 237, 0.07); border-radius: 2px; }
.operand.kind-text { border: 0; background: none; }
.operand .line { --c: #7c3aed; --tint: rgba(124, 58, 237, 0.07); border-bottom-style: dashed; }
.flash { z-index: 2; border: 3px solid #f59e0b; border-radius: 3px; animation: bl-flash 1.6s ease-out forwards; }
.flash.kind-text { border: 0; }
.flash .line { border-bottom: 3px solid #f59e0b; background: rgba(250, 204, 21, 0.55); }
@keyframes bl-flash {
  0% { background: rgba(250, 204, 21, 0.65); box-shadow: 0 0 0 6px rgba(245, 158, 11, 0.55); opacity: 1; }
  60% { background: rgba(250, 204, 21, 0.30); box-shadow: 0 0 0 2px rgba(245, 158, 11, 0.35); opacity: 1; }
  100% { background: rgba(250, 204, 21, 0); box-shadow: none; opacity: 0; }
}
@media (prefers-reduced-motion: reduce) {
  .flash { animation: none; background: rgba(250, 204, 21, 0.45); }
}
.marker {
  position: absolute; z-index: 3; pointer-events: auto; box-sizing: border-box;
  width: 16px; height: 16px; margin: 0; padding: 0; border: 1.5px solid #fff; border-radius: 50%;
  background: var(--c); color: #fff; cursor: pointer; appearance: none;
  font: 700 10px/13px system-ui, sans-serif; text-align: center; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.4);
}
.marker.sev-warning { border-radius: 3px; }
.marker.sev-rounding { border-radius: 3px 8px; }
.marker:focus { outline: none; }
.marker:focus-visible, .marker[aria-expanded="true"] { box-shadow: 0 0 0 2px #fff, 0 0 0 4px #111827; }
.card {
  position: absolute; z-index: 4; pointer-events: auto; box-sizing: border-box;
  width: max-content; min-width: 280px; max-width: min(460px, calc(100vw - 16px));
  background: #fff; color: #111827; border: 1px solid #d1d5db; border-top: 4px solid var(--c);
  border-radius: 6px; box-shadow: 0 10px 28px rgba(0, 0, 0, 0.22); padding: 10px 12px 10px;
  white-space: normal; cursor: auto; user-select: text; overflow-y: auto; overscroll-behavior: contain;
}
.card:focus { outline: none; }
.card * { box-sizing: border-box; }
.card button { font: inherit; color: inherit; }
.card-head { display: flex; align-items: baseline; gap: 6px; margin: 0 0 6px; padding-right: 22px; }
.card-glyph { display: inline-block; min-width: 16px; height: 16px; border-radius: 50%; background: var(--c); color: #fff;
  font: 700 10px/16px system-ui, sans-serif; text-align: center; flex: none; }
.card-severity { font-weight: 700; color: var(--c); flex: none; }
.card-rule { font-weight: 600; }
.card-rule code { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; color: #4b5563; font-weight: 400; }
.card-close { position: absolute; top: 4px; right: 6px; width: 22px; height: 22px; padding: 0; border: 0; border-radius: 4px;
  background: transparent; cursor: pointer; font-size: 16px !important; line-height: 22px; color: #6b7280 !important; }
.card-close:hover, .card-close:focus-visible { background: #f3f4f6; outline: 2px solid #9ca3af; }
.card-tabs { display: flex; flex-wrap: wrap; gap: 4px; margin: 0 0 6px; padding: 0; list-style: none; }
.card-tab { border: 1px solid #d1d5db; background: #f9fafb; border-radius: 10px; padding: 0 8px; cursor: pointer; font-size: 12px !important; }
.card-tab[aria-selected="true"] { background: var(--c); border-color: var(--c); color: #fff !important; }
.card-message { margin: 0 0 8px; }
.card-figures { display: grid; grid-template-columns: auto 1fr; gap: 1px 12px; margin: 0 0 8px; }
.card-figures dt { color: #6b7280; margin: 0; }
.card-figures dd { margin: 0; font-variant-numeric: tabular-nums; font-weight: 600; }
.card-figures dd.diff { color: var(--c); }
.card-computation { margin: 0 0 8px; padding: 4px 6px; background: #f3f4f6; border-radius: 4px; white-space: nowrap;
  overflow-x: auto; font: 12px/1.5 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.card-related-title { margin: 0 0 2px; color: #6b7280; font-size: 12px; }
.card-related { margin: 0; padding: 0; list-style: none; max-height: 168px; overflow-y: auto; }
.card-related li { margin: 0; padding: 0; }
.card-jump { display: flex; width: 100%; gap: 8px; justify-content: space-between; align-items: baseline; text-align: left;
  border: 0; border-radius: 3px; background: none; padding: 1px 4px; cursor: pointer; color: #5b21b6 !important; }
.card-jump:hover, .card-jump:focus-visible { background: #ede9fe; outline: none; text-decoration: underline; }
.card-jump:disabled { color: #9ca3af !important; cursor: default; text-decoration: none; background: none; }
.card-jump .value { font-variant-numeric: tabular-nums; flex: none; }
`;
