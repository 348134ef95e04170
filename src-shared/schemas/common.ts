import { z } from 'zod';

/** Ids are opaque strings; timestamps are ISO-8601 UTC strings (admin-api.md). */
export const idSchema = z.string().min(1).max(64);
export const isoTimestamp = z.iso.datetime({ offset: true });
export const nameSchema = z.string().trim().min(1).max(128);

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item) });
}
