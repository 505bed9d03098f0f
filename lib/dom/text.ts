import { collapseSpace } from '../parse/text';

/** Elements that start a new line of text when rendered. */
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER',
  'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE',
  'UL', 'CENTER', 'CAPTION', 'TR', 'TD', 'TH', 'TBODY', 'THEAD', 'TFOOT',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'OBJECT', 'IFRAME', 'HEAD', 'TITLE']);

export const isBlock = (el: Element): boolean => BLOCK.has(el.tagName.toUpperCase());
export const isBlockTag = (upperCaseTag: string): boolean => BLOCK.has(upperCaseTag);
export const isSkipped = (el: Element): boolean => SKIP.has(el.tagName.toUpperCase());

/** Is the element hidden by its own markup (hidden attribute, inline display:none)? */
export function isHiddenByMarkup(el: Element): boolean {
  if (el.hasAttribute('hidden')) return true;
  const style = el.getAttribute('style');
  // (Word's long mso- styles: the regular expression only where one of the words appears)
  return !!style && /display|visibility/i.test(style) && /(?:^|[;\s"'])display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)/i.test(style);
}

/**
 * The text of a cell or block as lines: <br> and block children break lines; nested tables,
 * scripts and styles are left out (a nested table is read as a table of its own).
 */
export function textLines(root: Element, opts: { skipTables: boolean } = { skipTables: true }): string[] {
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    if (current.length === 0) return;
    const t = collapseSpace(current);
    if (t) lines.push(t);
    current = '';
  };
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      const type = child.nodeType;
      if (type === 3) {
        current += (child as Text).data;
      } else if (type === 1) {
        const el = child as Element;
        // each DOM call crosses into the page's DOM (more so from a content script's world): the tag is read once
        const tag = el.tagName.toUpperCase();
        if (SKIP.has(tag) || isHiddenByMarkup(el)) continue;
        if (tag === 'TABLE' && opts.skipTables) {
          flush();
          continue;
        }
        if (tag === 'BR') {
          flush();
          continue;
        }
        if (BLOCK.has(tag)) {
          flush();
          walk(el);
          flush();
        } else walk(el);
      }
    }
  };
  walk(root);
  flush();
  return lines;
}

/**
 * How textLines treats an element: left out or breaking the line (a skipped or nested element, a
 * <br>, a hidden one), a block (a line of its own) or inline (its text runs on).
 */
function role(el: Element): 'special' | 'block' | 'inline' {
  const tag = el.tagName.toUpperCase();
  if (tag === 'BR' || tag === 'TABLE' || SKIP.has(tag) || (el.hasAttributes() && isHiddenByMarkup(el))) return 'special';
  return BLOCK.has(tag) ? 'block' : 'inline';
}

/** Are all elements below `el` inline (then its text runs on: no line breaks, nothing left out)? */
function inlineOnly(el: Element): boolean {
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) if (role(c) !== 'inline' || !inlineOnly(c)) return false;
  return true;
}

/** The text of a cell on one line: lines joined by a space, whitespace collapsed. */
export function cellText(cell: Element): string {
  // Most cells hold text only, inline markup only (span, font, b …), or one block holding inline
  // markup only (Word's td > p > span): their lines joined are their textContent, whitespace
  // collapsed. Finding that out visits their elements only, never the text nodes between them
  // (Word puts whitespace between every tag), and costs a fraction of the walk: each DOM call
  // from a content script crosses into the page's world.
  const first = cell.firstElementChild;
  if (first === null) return collapseSpace(cell.textContent ?? '');
  const kind = role(first);
  if (kind === 'inline' && inlineOnly(first)) {
    let rest = first.nextElementSibling;
    while (rest && role(rest) === 'inline' && inlineOnly(rest)) rest = rest.nextElementSibling;
    if (rest === null) return collapseSpace(cell.textContent ?? '');
  } else if (kind === 'block' && first.nextElementSibling === null && inlineOnly(first)) {
    // the block's text is one line; text beside the block is a line of its own unless it is
    // whitespace only, which it is when collapsing gives the same text with and without it
    // (collapsing keeps every other character)
    const all = collapseSpace(cell.textContent ?? '');
    if (collapseSpace(first.textContent ?? '') === all) return all;
  }
  return textLines(cell).join(' ');
}
