import type { RefObject } from 'preact';
import { useMemo } from 'preact/hooks';
import type { BudgetDocument } from '../lib/model/document';
import type { RawSource } from '../lib/model/raw';
import type { Table } from '../lib/model/table';
import { kindName, t, type Lang } from './i18n';
import { ATTR } from './viewer-dom';
import { bodyRows, headerRows, proseSegments } from './viewer-table';

/**
 * A read file as the viewer shows it: every table as reconstructed (the header tree as header
 * rows, the rows with the text as printed) and the prose paragraphs with the claims that were
 * read from them underlined. Everything is rendered by Preact from the model, never as HTML; the
 * data-bl-* attributes let components/viewer-dom map findings to the rendered cells and text.
 */

const NUMERIC = new Set(['amount', 'quantity', 'percent']);

function TableView({ table, raw, lang }: { table: Table; raw: RawSource; lang: Lang }) {
  const header = useMemo(() => headerRows(table), [table]);
  const body = useMemo(() => bodyRows(table, raw), [table, raw]);
  const kind = kindName(lang, table.kind);
  return (
    <figure class="bl-table" id={`table-${table.id}`} data-table={table.id} data-kind={table.kind}>
      <figcaption>
        <h3>{table.title ?? kind}</h3>
        <span class="table-meta">
          <span class="kind">{kind}</span>
          {table.unit ? <span class="unit">{t(lang, 'viewerUnit', { unit: table.unit })}</span> : null}
          {table.department ? <span class="department">{table.department}</span> : null}
          <span class="table-id">{table.id}</span>
        </span>
      </figcaption>
      <div class="scroll">
        <table {...{ [ATTR.parts]: table.parts.join(' ') }} data-table={table.id}>
          {header.length ? (
            <thead>
              {header.map((row, r) => (
                <tr key={r}>
                  {row.map((h) => (
                    <th key={h.start} scope="col" colSpan={h.colspan > 1 ? h.colspan : undefined} rowSpan={h.rowspan > 1 ? h.rowspan : undefined}>
                      {h.label}
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
          ) : null}
          <tbody>
            {body.map((cells, i) => (
              <tr key={i} data-row={i} class={`role-${table.rows[i]!.role}`}>
                {cells.map((c) => (
                  <td
                    key={c.col}
                    class={NUMERIC.has(table.columns[c.col]?.role ?? '') ? 'num' : undefined}
                    colSpan={c.colspan > 1 ? c.colspan : undefined}
                    rowSpan={c.rowspan > 1 ? c.rowspan : undefined}
                    {...{ [ATTR.part]: c.part, [ATTR.rows]: c.gridRows.join(' '), [ATTR.col]: c.col, [ATTR.cols]: c.colspan }}
                  >
                    {c.text}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {table.notes.length ? (
        <div class="notes">
          {table.notes.map((n, i) => (
            <p key={i}>{n}</p>
          ))}
        </div>
      ) : null}
    </figure>
  );
}

function Paragraph({ index, text, claims, lang }: { index: number; text: string; claims: BudgetDocument['claims']; lang: Lang }) {
  const segments = useMemo(() => proseSegments(text, claims), [text, claims]);
  return (
    <p id={`p-${index}`} {...{ [ATTR.paragraph]: index }}>
      {segments.map((s, k) =>
        s.claims.length ? (
          <span key={k} class="claim" data-claims={s.claims.join(' ')} title={t(lang, 'viewerClaimHint')}>
            {s.text}
          </span>
        ) : (
          s.text
        ),
      )}
    </p>
  );
}

export type ViewerDocumentProps = { doc: BudgetDocument; raw: RawSource; lang: Lang; rootRef: RefObject<HTMLElement> };

export function ViewerDocument({ doc, raw, lang, rootRef }: ViewerDocumentProps) {
  const claimsBy = useMemo(() => {
    const map = new Map<number, BudgetDocument['claims']>();
    for (const c of doc.claims) map.set(c.paragraph, [...(map.get(c.paragraph) ?? []), c]);
    return map;
  }, [doc]);
  const none: BudgetDocument['claims'] = [];
  const skipped = doc.skipped.length ? t(lang, 'viewerSkipped', { n: doc.skipped.length, reasons: [...new Set(doc.skipped.map((s) => s.reason))].join('；') }) : null;
  return (
    <article class="document" ref={rootRef}>
      <section class="tables" aria-labelledby="tables-heading">
        <h2 id="tables-heading">{t(lang, 'viewerTables')}</h2>
        {doc.tables.length ? <p class="help">{t(lang, 'viewerTablesHelp')}</p> : <p class="empty">{t(lang, 'viewerNoTables')}</p>}
        {skipped ? <p class="help skipped">{skipped}</p> : null}
        {doc.tables.map((table) => (
          <TableView key={table.id} table={table} raw={raw} lang={lang} />
        ))}
      </section>
      <section class="prose" aria-labelledby="prose-heading">
        <h2 id="prose-heading">{t(lang, 'viewerProse')}</h2>
        {raw.paragraphs.length ? null : <p class="empty">{t(lang, 'viewerNoProse')}</p>}
        {raw.paragraphs.map((text, i) => (
          <Paragraph key={i} index={i} text={text} claims={claimsBy.get(i) ?? none} lang={lang} />
        ))}
      </section>
    </article>
  );
}
