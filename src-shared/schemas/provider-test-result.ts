import { z } from 'zod';

/**
 * What "test connection" found: the provider's model list answered (`ok`, how many models, how
 * fast) or why not (`message`: the upstream's status or the network failure, keys scrubbed).
 * A failed test is an answer, not an error: the provider exists, its upstream is what failed.
 */
export const providerTestResultSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number().min(0),
  modelCount: z.number().int().min(0).optional(),
  message: z.string().optional(),
});
export type ProviderTestResult = z.infer<typeof providerTestResultSchema>;
