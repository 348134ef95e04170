import { z } from 'zod';
import { parseInput } from '../../admin/admin-error.ts';

/** An ISO-8601 time or epoch milliseconds, from a query string. */
export const timeParam = z
  .string()
  .refine(
    (text) => !Number.isNaN(/^\d+$/.test(text) ? Number(text) : Date.parse(text)),
    'must be an ISO time or epoch ms',
  )
  .transform((text) => (/^\d+$/.test(text) ? Number(text) : Date.parse(text)));

/** Validate `request.query` (only single string values; repeated parameters are refused). */
export function parseQuery<Schema extends z.ZodType>(schema: Schema, query: unknown): z.infer<Schema> {
  return parseInput(schema, query ?? {});
}
