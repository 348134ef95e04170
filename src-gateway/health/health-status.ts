import type { HealthState } from '../../src-shared/schemas/public-health.ts';

/** The measurements status computation needs from a run. */
export interface RunSample {
  startedAt: number;
  success: boolean;
  latencyMs: number | null;
  ttftMs: number | null;
}

export const hourMs = 60 * 60 * 1000;
export const dayMs = 24 * hourMs;

/**
 * Error rate at or above which a target is `down`; any failure below it makes
 * it `degraded`. Applied to the runs of the last hour.
 */
export const downErrorRate = 0.2;

/**
 * A target's state from its runs of the last hour: no runs -> unknown, no
 * failures -> healthy, error rate under 20% -> degraded, 20% or more -> down.
 */
export function computeHealthState(runs: readonly RunSample[], now: number): HealthState {
  const recent = runs.filter((run) => run.startedAt > now - hourMs && run.startedAt <= now);
  if (recent.length === 0) return 'unknown';
  const failures = recent.filter((run) => !run.success).length;
  if (failures === 0) return 'healthy';
  return failures / recent.length < downErrorRate ? 'degraded' : 'down';
}

/**
 * Nearest-rank percentile: the smallest value with at least `percent`% of the
 * values at or below it (rank = ceil(p/100 * n)). Null for no values.
 */
export function nearestRankPercentile(values: readonly number[], percent: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** Successes / runs, 0..1; null without runs. */
export function availability(runs: readonly RunSample[]): number | null {
  if (runs.length === 0) return null;
  return runs.filter((run) => run.success).length / runs.length;
}

const severity: Record<HealthState, number> = { unknown: 0, healthy: 1, degraded: 2, down: 3 };

/**
 * The summary's overall state: unknown when no target has runs, healthy when
 * every measured target is healthy, down when every measured target is down,
 * degraded otherwise (some trouble, not a total outage).
 */
export function overallState(states: readonly HealthState[]): HealthState {
  const known = states.filter((state) => state !== 'unknown');
  if (known.length === 0) return 'unknown';
  if (known.every((state) => state === 'healthy')) return 'healthy';
  if (known.every((state) => state === 'down')) return 'down';
  return known.some((state) => severity[state] > severity.healthy) ? 'degraded' : 'healthy';
}
