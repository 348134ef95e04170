import type { RequestLogRecord } from '../storage/request-log-record.ts';
import { addLatency, emptyHistogram } from '../lib/latency-histogram.ts';
import { granularityMs, type UsageRollup, type UsageTotals } from '../storage/usage-rollup.ts';

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
