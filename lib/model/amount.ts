import Decimal from 'decimal.js';
import { z } from 'zod';

/** A Decimal inside the engine; never a float. */
export const DecimalSchema = z.custom<Decimal>((v) => Decimal.isDecimal(v), { message: 'expected a Decimal' });

/** A Decimal as it crosses a boundary (messages, files, storage): a plain decimal string. */
export const DecimalStringSchema = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string')
  .transform((s) => new Decimal(s));

export const UNITS = ['元', '千元', '万元', '亿元'] as const;
export const UnitSchema = z.enum(UNITS);
export type Unit = z.infer<typeof UnitSchema>;

/** How many 元 one printed unit is. */
export const UNIT_SCALE: Readonly<Record<Unit, Decimal>> = {
  元: new Decimal(1),
  千元: new Decimal(1000),
  万元: new Decimal(10000),
  亿元: new Decimal(100000000),
};

export { Decimal };
