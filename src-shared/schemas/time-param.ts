import { z } from 'zod';

/** The last instant a JavaScript Date can hold (ECMA-262 "Time Values and Time Range"): 8.64e15 ms. */
const maxTimeMs = 8.64e15;

function toEpochMs(value: string | number): number {
  if (typeof value === 'number') return value;
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}

/**
 * An ISO-8601 time or epoch milliseconds (a query string over HTTP, a string or a number over
 * IPC), as epoch ms. Values past what a Date can hold (e.g. `to=9999999999999999999999`) are
 * refused with a 400 naming the parameter; answers format times with `toISOString`, which throws
 * on them.
 */
export const timeParam = z
  .union([z.string(), z.number()])
  .transform(toEpochMs)
  .refine(
    (ms) => Number.isFinite(ms) && ms >= 0 && ms <= maxTimeMs,
    'must be an ISO time or epoch ms between 1970 and the year 275760',
  );
