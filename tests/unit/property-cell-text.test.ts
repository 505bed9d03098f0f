import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText, textLines } from '../../lib/dom/text';
import { reusableParser, runs } from '../helpers/arbitraries';

/**
 * cellText reads most cells from their textContent after looking at their elements only (no text
 * node): it must give exactly what walking the cell gives (its lines joined by a space) on any
 * markup — Word's td > p > span with whitespace between the tags, blocks beside text, hidden
 * spans, line breaks, scripts, nested tables.
 */

const parse = reusableParser();

const TEXTS = ['', ' ', '\r\n  ', '\n', '\u00a0', '\u3000', '\t', 'a', '12.50', '合计', '一般公共预算', ' 3 ', '&nbsp;', '&lt;b&gt;'];
const INLINE = ['span', 'b', 'font', 'o:p', 'a', 'i', 'u', 'sub'];
const BLOCK = ['p', 'div', 'li', 'h3', 'center', 'section'];
const HIDING = [' hidden', ' style="display:none"', ' style="DISPLAY: none;mso-hide:all"', ' style="visibility:hidden"', ' style="font-size:9pt;display:none"'];
const HARMLESS = ['', ' class="MsoNormal"', ' style="font-size:9.0pt;font-family:宋体"', ' lang="EN-US"', ' style="display:inline"', ' align="center"'];

type Node = string;
const text = fc.constantFrom(...TEXTS);

const markup: fc.Arbitrary<Node> = fc.letrec<{ node: Node; children: Node }>((tie) => ({
  children: fc.array(tie('node'), { maxLength: 4 }).map((nodes) => nodes.join('')),
  node: fc.oneof(
    { weight: 4, arbitrary: text },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...INLINE, ...BLOCK), fc.constantFrom(...HARMLESS, ...HARMLESS, ...HIDING), tie('children'))
        .map(([tag, attrs, inner]) => `<${tag}${attrs}>${inner}</${tag}>`),
    },
    { weight: 1, arbitrary: fc.constantFrom('<br>', '<script>x()</script>', '<style>p{}</style>', '<!-- c -->', '<table><tr><td>9</td></tr></table>', '<svg><text>s</text></svg>') },
  ),
})).node;

/** Word's cell: whitespace, one <p> of spans, whitespace — sometimes with text or a second element beside it. */
const wordCell = fc
  .tuple(text, fc.constantFrom(...HARMLESS, ...HIDING.slice(0, 1)), fc.array(fc.tuple(fc.constantFrom(...HARMLESS, ...HIDING), text, fc.boolean()), { minLength: 1, maxLength: 3 }), text, fc.option(markup, { nil: '' }))
  .map(([before, pAttrs, spans, after, extra]) => {
    const inner = spans.map(([attrs, t, op]) => `<span${attrs}>${t}${op ? '<o:p></o:p>' : ''}</span>`).join('\r\n');
    return `${before}<p class=MsoNormal${pAttrs}>${inner}</p>${after}${extra}`;
  });

const cellOf = (inner: string): Element => {
  const td = parse(`<!DOCTYPE html><html><body><table><tr><td>${inner}</td></tr></table></body></html>`).querySelector('td');
  if (!td) throw new Error('no cell');
  return td;
};

describe('property: cellText reads what the walk reads', () => {
  it('on random cell markup', () => {
    fc.assert(
      fc.property(markup, (inner) => {
        const td = cellOf(inner);
        expect(cellText(td)).toBe(textLines(td).join(' '));
      }),
      runs(600),
    );
  });

  it("on Word's cells (a block with whitespace, text or another element beside it)", () => {
    fc.assert(
      fc.property(wordCell, (inner) => {
        const td = cellOf(inner);
        expect(cellText(td)).toBe(textLines(td).join(' '));
      }),
      runs(400),
    );
  });

  it('examples: text beside a block breaks the line, whitespace does not', () => {
    expect(cellText(cellOf('合计<p>12.50</p>'))).toBe('合计 12.50');
    expect(cellText(cellOf('\r\n  <p><span>12.50</span></p>\r\n  '))).toBe('12.50');
    expect(cellText(cellOf('<p>1</p><span>2</span>'))).toBe('1 2');
    expect(cellText(cellOf('<span>1</span><span style="display:none">9</span><span>2</span>'))).toBe('12');
    expect(cellText(cellOf('<p><span>1<br>2</span></p>'))).toBe('1 2');
  });
});
