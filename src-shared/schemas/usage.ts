import { z } from 'zod';
import { isoTimestamp } from './common.ts';
import { timeParam } from './time-param.ts';
import { budgetPeriodSchema } from './virtual-key.ts';

export const usageGranularitySchema = z.enum(['minute', 'hour', 'day']);
export const usageGroupBySchema = z.enum(['key', 'model', 'provider', 'none']);

/** `GET /api/usage`: the range (default the last 24 h), bucket size (picked from the range when absent), grouping and filters. */
export const usageQuerySchema = z.object({
  from: timeParam.optional(),
  to: timeParam.optional(),
  granularity: usageGranularitySchema.optional(),
  groupBy: usageGroupBySchema.default('none'),
  keyId: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  providerId: z.string().min(1).optional(),
});
export type UsageQuery = z.infer<typeof usageQuerySchema>;

/** Totals of a set of requests; latency percentiles are estimated from bucketed histograms (null without requests). */
export const usageStatsSchema = z.object({
  requests: z.number(),
  errors: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
  reasoningTokens: z.number(),
  costUsd: z.number(),
  latencyMs: z.object({
    avg: z.number().nullable(),
    p50: z.number().nullable(),
    p95: z.number().nullable(),
    p99: z.number().nullable(),
  }),
});

/** One key, model or provider (`all` when not grouped): its totals and one point per bucket that had requests. */
export const usageGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  totals: usageStatsSchema,
  series: z.array(usageStatsSchema.extend({ bucketStart: isoTimestamp })),
});

export const usageSummarySchema = z.object({
  from: isoTimestamp,
  to: isoTimestamp,
  granularity: usageGranularitySchema,
  groupBy: usageGroupBySchema,
  totals: usageStatsSchema,
  /** Highest cost first. */
  groups: z.array(usageGroupSchema),
});
export type UsageSummaryAnswer = z.input<typeof usageSummarySchema>;

/** One key's spend (current UTC day and month, and in total), budget and live limiter state. */
export const keyBudgetSchema = z.object({
  keyId: z.string(),
  keyName: z.string(),
  spendUsd: z.object({ day: z.number(), month: z.number(), total: z.number() }),
  budgetUsd: z.number().nullable(),
  budgetPeriod: budgetPeriodSchema.nullable(),
  remainingUsd: z.number().nullable(),
  resetsAt: isoTimestamp.nullable(),
  inFlight: z.number(),
  requestsLastMinute: z.number(),
  tokensLastMinute: z.number(),
});
export type KeyBudget = z.input<typeof keyBudgetSchema>;
