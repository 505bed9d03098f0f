import Decimal from 'decimal.js';
import { z } from 'zod';
import { UNITS, UNIT_SCALE, type Unit } from './units';

/** A Decimal inside the engine; never a float. */
export const DecimalSchema = z.custom<Decimal>((v) => Decimal.isDecimal(v), { message: 'expected a Decimal' });

/** A Decimal as it crosses a boundary (messages, files, storage): a plain decimal string. */
export const DecimalStringSchema = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string')
  .transform((s) => new Decimal(s));

export const UnitSchema = z.enum(UNITS);

export { UNITS, UNIT_SCALE, type Unit };

export { Decimal };
