import type { LatencyHistogram } from '../lib/latency-histogram.ts';

/** The rollup tables' bucket sizes (`usage_rollups.granularity`). */
export type Granularity = 'minute' | 'hour' | 'day';

export const granularityMs: Record<Granularity, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** Request, token and cost counts: what rollup rows store and summaries show. */
export interface UsageTotals {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number;
}

/** Counters a rollup row carries. */
export interface UsageCounters extends UsageTotals {
  latencyMsSum: number;
  latencyHistogram: LatencyHistogram;
}

/** One rollup row's increments. Empty strings stand for "none" in the key columns. */
export interface UsageRollup extends UsageCounters {
  granularity: Granularity;
  bucketStart: number;
  keyId: string;
  modelName: string;
  providerId: string;
  keyName: string | null;
  providerName: string | null;
}

/** Rollups summed per group (a key, model or provider, or everything) and bucket. */
export interface GroupedUsage extends UsageCounters {
  /** Key id, model name or provider id; `all` when not grouped; `""` for requests without one. */
  groupId: string;
  groupName: string;
  bucketStart: number;
}
