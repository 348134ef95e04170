import { z } from 'zod';

/**
 * The public, read-only health API (`/public/health/*`) shared by the gateway
 * and the status page. Only display names and measurements: never key names,
 * provider base URLs or anything secret.
 */
export const healthStateSchema = z.enum(['healthy', 'degraded', 'down', 'unknown']);
export type HealthState = z.infer<typeof healthStateSchema>;

export const healthErrorTypeSchema = z.enum([
  'timeout',
  'rate_limit',
  'auth',
  'upstream_error',
  'network',
  'bad_response',
  'client_error',
  'other',
]);
export type HealthErrorType = z.infer<typeof healthErrorTypeSchema>;

export const publicTargetSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(['model', 'virtual-model']),
  state: healthStateSchema,
  /** Successes / runs over the window, 0..1; null without runs. */
  availability1h: z.number().nullable(),
  availability24h: z.number().nullable(),
  /** Nearest-rank percentiles over the last 24 h of successful runs, in ms. */
  p50LatencyMs: z.number().nullable(),
  p95LatencyMs: z.number().nullable(),
  p50TtftMs: z.number().nullable(),
  intervalSeconds: z.number(),
  lastCheckedAt: z.string().nullable(),
  lastError: z.object({ type: healthErrorTypeSchema, message: z.string(), at: z.string() }).nullable(),
  /** Failed runs in the last 24 h by error type. */
  errorBreakdown: z.record(z.string(), z.number()),
  runs1h: z.number(),
  runs24h: z.number(),
});
export type PublicTarget = z.infer<typeof publicTargetSchema>;

export const publicSummarySchema = z.object({
  generatedAt: z.string(),
  overall: healthStateSchema,
  counts: z.object({ healthy: z.number(), degraded: z.number(), down: z.number(), unknown: z.number() }),
  targets: z.number(),
});
export type PublicSummary = z.infer<typeof publicSummarySchema>;

export const publicRunSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  success: z.boolean(),
  latencyMs: z.number().nullable(),
  ttftMs: z.number().nullable(),
  errorType: healthErrorTypeSchema.nullable(),
  errorMessage: z.string().nullable(),
});
export type PublicRun = z.infer<typeof publicRunSchema>;

export const publicDetailSchema = z.object({
  target: publicTargetSchema,
  recentErrors: z.array(z.object({ at: z.string(), type: healthErrorTypeSchema, message: z.string() })),
  /** Every run of the last 24 h, oldest first, for the latency chart. */
  series: z.array(publicRunSchema),
});
export type PublicDetail = z.infer<typeof publicDetailSchema>;

export const publicRunsPageSchema = z.object({
  data: z.array(publicRunSchema),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
});
export type PublicRunsPage = z.infer<typeof publicRunsPageSchema>;
