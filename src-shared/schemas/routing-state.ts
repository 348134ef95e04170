import { z } from 'zod';

const timestamp = z.string().nullable();

/** One target's circuit breaker, cooldown and latency, as `GET /api/routing/state` shows it. */
export const targetHealthSchema = z.object({
  modelId: z.string(),
  modelName: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  state: z.enum(['closed', 'open', 'half-open']),
  consecutiveFailures: z.number().int(),
  openedAt: timestamp,
  /** When an open breaker lets a probe through. */
  reopensAt: timestamp,
  lastError: z.string().nullable(),
  lastFailureAt: timestamp,
  /** Requests and failures in the error-rate window. */
  window: z.object({ total: z.number().int(), failures: z.number().int() }),
  /** Moving average of time to first byte, ms. */
  latencyMs: z.number().nullable(),
  /** Retry-after from the upstream, when the target asked to be left alone. */
  coolingUntil: timestamp,
  /** The provider's keys, and how many of them rest for this target's model. */
  keys: z.object({ total: z.number().int(), cooling: z.number().int() }),
});
export type TargetHealthView = z.infer<typeof targetHealthSchema>;
