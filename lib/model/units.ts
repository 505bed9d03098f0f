import Decimal from 'decimal.js';

/**
 * The money units and their scale, without zod: the engine (and so the content script) imports
 * these at run time, while the schemas in `amount.ts` stay out of the content script's bundle.
 */
export const UNITS = ['元', '千元', '万元', '亿元'] as const;
export type Unit = (typeof UNITS)[number];

/** How many 元 one printed unit is. */
export const UNIT_SCALE: Readonly<Record<Unit, Decimal>> = {
  元: new Decimal(1),
  千元: new Decimal(1000),
  万元: new Decimal(10000),
  亿元: new Decimal(100000000),
};
