import type { z } from 'zod';
import { ClientSetupError } from './client-setup-error.ts';

/** Parses input at the app's boundary: a bad field is an `invalid-input` ClientSetupError naming it, never a crash. */
export function parseOrRefuse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ClientSetupError('invalid-input', result.error.issues.map((issue) => issue.message).join('; '));
}
