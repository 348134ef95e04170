import type { Usage } from '../canonical/types.ts';

/** `decode(body.usage)` when the answer is an object with a `usage` object; undefined otherwise. */
export function usageField(
  body: unknown,
  decode: (usage: object) => Partial<Usage> | undefined,
): Partial<Usage> | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const usage = (body as { usage?: unknown }).usage;
  return usage !== null && typeof usage === 'object' ? decode(usage) : undefined;
}
