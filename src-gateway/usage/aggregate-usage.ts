import type { RequestLogRecord } from '../logs/request-log-record.ts';
import { addLatency, emptyHistogram, type LatencyHistogram } from './latency-histogram.ts';

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

/** All-zero totals (a fresh object each call: callers add to it). */
export function emptyTotals(): UsageTotals {
  return {
    requests: 0,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
  };
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

/** A request counts as an error when it ended with a 4xx/5xx (including 499, client closed). */
export function isErrorStatus(status: number): boolean {
  return status >= 400;
}

/**
 * Fold a batch of request-log records into minute, hour and day rollup
 * increments (one row per bucket, key, model and provider), in memory; the
 * caller upserts them in one transaction.
 */
export function aggregateUsage(records: readonly RequestLogRecord[]): UsageRollup[] {
  const rows = new Map<string, UsageRollup>();
  foldUsage(rows, records);
  return [...rows.values()];
}

/** Add a batch of records to running rollup rows keyed by bucket, key, model and provider. */
export function foldUsage(rows: Map<string, UsageRollup>, records: readonly RequestLogRecord[]): void {
  for (const record of records) {
    for (const granularity of ['minute', 'hour', 'day'] as const) {
      const size = granularityMs[granularity];
      const bucketStart = Math.floor(record.startedAt / size) * size;
      const keyId = record.keyId ?? '';
      const modelName = record.modelName ?? '';
      const providerId = record.providerId ?? '';
      const id = `${granularity}\u0000${bucketStart}\u0000${keyId}\u0000${modelName}\u0000${providerId}`;
      let row = rows.get(id);
      if (!row) {
        row = {
          granularity,
          bucketStart,
          keyId,
          modelName,
          providerId,
          keyName: record.keyName,
          providerName: record.providerName,
          ...emptyTotals(),
          latencyMsSum: 0,
          latencyHistogram: emptyHistogram(),
        };
        rows.set(id, row);
      }
      row.requests++;
      if (isErrorStatus(record.status)) row.errors++;
      row.inputTokens += record.inputTokens;
      row.outputTokens += record.outputTokens;
      row.cacheReadTokens += record.cacheReadTokens;
      row.cacheWriteTokens += record.cacheWriteTokens;
      row.reasoningTokens += record.reasoningTokens;
      row.costUsd += record.costUsd;
      row.latencyMsSum += record.latencyMs;
      addLatency(row.latencyHistogram, record.latencyMs);
    }
  }
}
