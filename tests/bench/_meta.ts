import { fixture, parseHtml } from '../helpers/dom';
import { SEED_PAGES } from '../helpers/seeds';
import { readDocument } from '../../lib/dom/source';
import { extractDocument } from '../../lib/extract';
import { auditDocument } from '../../lib/audit';
import type { RawSource } from '../../lib/model/raw';
const key = (x: any) => `${x.rule}|${x.severity}|${x.stated}|${x.expected}|${JSON.stringify(x.target)}`;
const FW = (s: string) => s.replace(/[0-9.,-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const thousands = (s: string) => /^\d{4,}\.\d+$/.test(s) ? s.replace(/^(\d+)(\.\d+)$/, (_, a, b) => a.replace(/\B(?=(\d{3})+$)/g, ',') + b) : s;
const zeroDash = (s: string) => /^0(\.0+)?$/.test(s) ? '—' : s;
const zeroBlank = (s: string) => /^0(\.0+)?$/.test(s) ? '' : s;
const padded = (s: string) => s ? `\u00a0${s}\u3000` : s;
const wan = (s: string) => /^\d+\.\d+$/.test(s) ? `${s}万元` : s;
const spaceThousands = (s: string) => /^\d{4,}\.\d+$/.test(s) ? s.replace(/^(\d+)(\.\d+)$/, (_, a, b) => a.replace(/\B(?=(\d{3})+$)/g, ' ') + b) : s;
const noDecimals = (s: string) => /^\d+\.00$/.test(s) ? s.slice(0, -3) : s;
const FWt = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const variants: Record<string, (s: string) => string> = { FWall: FW, FWtitles: (s: string) => s, FW, thousands, zeroDash, zeroBlank, padded, wan, spaceThousands, noDecimals };
const which = process.argv.slice(2);
for (const [id, file] of Object.entries(SEED_PAGES)) {
  const raw = readDocument(parseHtml(fixture(`pages/${file}`)), 'p.html').raw;
  const base = auditDocument(extractDocument(raw)).findings;
  const B = base.map(key);
  for (const [name, fn] of Object.entries(variants)) {
    if (which.length && !which.includes(name)) continue;
    const copy: RawSource = structuredClone(raw);
    for (const t of copy.tables) for (const row of t.grid) for (const c of row) c.text = fn(c.text);
    if (name === 'FWall') {
      for (const t of copy.tables) { t.before = t.before.map(FWt); t.after = t.after.map(FWt); }
      copy.paragraphs = copy.paragraphs.map(FWt);
    }
    if (name === 'FWtitles') for (const t of copy.tables) { t.before = t.before.map(FWt); t.after = t.after.map(FWt); }
    const doc = extractDocument(copy);
    const f = auditDocument(doc).findings;
    const added = f.filter((x) => !B.includes(key(x)));
    const lost = base.filter((x) => !f.some((y) => key(y) === key(x)));
    console.log(id, name, 'base', base.length, 'added', added.length, 'lost', lost.length, added.map((x) => key(x) + " " + x.message.zh.slice(0, 300)), lost.map((x) => key(x) + " " + x.message.zh.slice(0, 300)));
  }
}
