import type { HealthTarget } from '../../src-shared/schemas/health-target.ts';
import type { PublicRun, PublicTarget } from '../../src-shared/schemas/public-health.ts';
import type { HealthRunRecord } from '../storage/repositories/health-repository.ts';
import { availability, computeHealthState, hourMs, nearestRankPercentile } from './health-status.ts';

/** A run as the public API shows it: measurements only. */
export function toPublicRun(run: HealthRunRecord): PublicRun {
  return {
    id: run.id,
    startedAt: new Date(run.startedAt).toISOString(),
    success: run.success,
    latencyMs: run.latencyMs,
    ttftMs: run.ttftMs,
    errorType: run.errorType,
    errorMessage: run.errorMessage,
  };
}

/**
 * One target's public figures from its runs of the last 24 hours (oldest
 * first): state over the last hour, availability over 1 h and 24 h,
 * nearest-rank percentiles of successful runs over 24 h, failures by type.
 */
export function summarizeTarget(
  target: HealthTarget,
  runs24h: readonly HealthRunRecord[],
  now: number,
): PublicTarget {
  const lastHour = runs24h.filter((run) => run.startedAt > now - hourMs);
  const successes = runs24h.filter((run) => run.success);
  const latencies = successes.flatMap((run) => (run.latencyMs === null ? [] : [run.latencyMs]));
  const ttfts = successes.flatMap((run) => (run.ttftMs === null ? [] : [run.ttftMs]));
  const errorBreakdown: Record<string, number> = {};
  let lastError: PublicTarget['lastError'] = null;
  for (const run of runs24h) {
    if (run.success) continue;
    const type = run.errorType ?? 'other';
    errorBreakdown[type] = (errorBreakdown[type] ?? 0) + 1;
    lastError = { type, message: run.errorMessage ?? '', at: new Date(run.startedAt).toISOString() };
  }
  const last = runs24h[runs24h.length - 1];
  return {
    id: target.id,
    name: target.name,
    type: target.type,
    state: computeHealthState(runs24h, now),
    availability1h: availability(lastHour),
    availability24h: availability(runs24h),
    p50LatencyMs: nearestRankPercentile(latencies, 50),
    p95LatencyMs: nearestRankPercentile(latencies, 95),
    p50TtftMs: nearestRankPercentile(ttfts, 50),
    intervalSeconds: target.intervalSeconds,
    lastCheckedAt: last ? new Date(last.startedAt).toISOString() : null,
    lastError,
    errorBreakdown,
    runs1h: lastHour.length,
    runs24h: runs24h.length,
  };
}
