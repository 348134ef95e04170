import { z } from 'zod';
import { parseInput } from '../../admin/admin-error.ts';

/** The last instant a JavaScript Date can hold (ECMA-262 "Time Values and Time Range"): 8.64e15 ms. */
const maxTimeMs = 8.64e15;

function toEpochMs(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}

/**
 * An ISO-8601 time or epoch milliseconds, from a query string. Numbers past
 * what a Date can hold (e.g. `to=9999999999999999999999`) are refused here
 * with a 400 naming the parameter; answers format times with `toISOString`,
 * which throws on them.
 */
export const timeParam = z
  .string()
  .refine((text) => {
    const ms = toEpochMs(text);
    return Number.isFinite(ms) && ms >= 0 && ms <= maxTimeMs;
  }, 'must be an ISO time or epoch ms between 1970 and the year 275760')
  .transform(toEpochMs);

/** Validate `request.query` (only single string values; repeated parameters are refused). */
export function parseQuery<Schema extends z.ZodType>(schema: Schema, query: unknown): z.infer<Schema> {
  return parseInput(schema, query ?? {});
}
