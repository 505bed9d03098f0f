import type { Column, ColumnRole, HeaderNode } from '../model/table';
import type { RawCell } from '../model/raw';
import { amountShape, parsePercent } from '../parse/amount';
import { stripSpace, toHalfWidth } from '../parse/text';
import { columnPath } from './header';

const CODE_PART: Record<string, Column['codePart']> = { 类: 'class', 款: 'section', 项: 'item' };
const QUANTITY_LABEL = /数量|计量单位|单价|面积|人数|台数|辆数|个数|比例|比重|^指标值/;
const NAME_LABEL = /名称|项目|科目|单位[(（]|指标|类型|内容|用途|^收入$|^支出$/;

/**
 * Decide what each leaf column holds, from its label first (序号, 类/款/项, 编码) and then from
 * what its body cells print (numbers with decimals → amounts; long digit strings → codes).
 */
export function classifyColumns(tree: readonly HeaderNode[], body: readonly RawCell[][], width: number): Column[] {
  const columns: Column[] = [];
  let nameSeen = false;
  for (let c = 0; c < width; c++) {
    const path = columnPath(tree, c);
    const label = toHalfWidth(stripSpace(path[path.length - 1] ?? ''));
    const full = path.join('/');
    const side = /^收入/.test(path[0] ?? '') ? 'income' : /^支出/.test(path[0] ?? '') ? 'expense' : null;
    let amounts = 0;
    let texts = 0;
    let percents = 0;
    let integers = 0;
    let longDigits = 0;
    for (const row of body) {
      const t = row[c]?.text ?? '';
      const p = amountShape(t);
      if (p.kind === 'amount') {
        amounts++;
        if (p.decimals === 0 && !/,/.test(t)) integers++;
        if (/^\d{6,}$/.test(toHalfWidth(stripSpace(t))) || /^0\d/.test(stripSpace(t))) longDigits++;
      } else if (p.kind === 'text') {
        if (parsePercent(t)) percents++;
        else texts++;
      }
    }
    let role: ColumnRole;
    const codePart = CODE_PART[label] ?? null;
    if (/^(序号|行次|栏次)$/.test(label)) role = 'index';
    else if (codePart && (path.length > 1 || amounts === integers)) role = 'code-part';
    else if (/单位(代码|编码)|项目(代码|编码)/.test(full)) role = 'unit-code';
    else if (/编码|代码/.test(label) || (amounts > 0 && amounts === integers && longDigits > 0 && texts === 0)) role = 'code';
    else if (percents > 0 && percents >= amounts && percents >= texts) role = 'percent';
    else if (QUANTITY_LABEL.test(label) && amounts >= texts) role = 'quantity';
    else if (amounts > 0 && amounts >= texts) role = 'amount';
    else if (!nameSeen && (texts > 0 || NAME_LABEL.test(label))) role = 'name';
    else if (NAME_LABEL.test(label) && texts > 0) role = 'name';
    else if (texts > 0) role = 'text';
    // an empty column under an amount header (e.g. 上缴上级支出); without any label it is a
    // phantom (Word prints an empty last column), no amount the others add up to
    else role = path.some((p) => stripSpace(p) !== '') ? 'amount' : 'text';
    if (role === 'name') nameSeen = true;
    columns.push({ index: c, path, role, side, codePart: role === 'code-part' ? codePart : null });
  }
  return columns;
}
