/** Breaker settings (settings.routing.breaker, editable at runtime). */
export interface BreakerConfig {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker rejects traffic before letting probes through. */
  cooldownMs: number;
  /** Concurrent trial requests allowed while half-open. */
  halfOpenProbes: number;
  /** Also open when this share of requests (0..1) failed over the window; off when absent. */
  errorRateThreshold?: number;
  /** Length of the error-rate window. */
  windowMs: number;
  /** The error-rate rule needs at least this many requests in the window. */
  minimumRequests: number;
}

export type BreakerPhase = 'closed' | 'open' | 'half-open';

interface WindowBucket {
  start: number;
  total: number;
  failures: number;
}

/** One target's breaker. Immutable: every transition returns a new state. */
export interface BreakerState {
  /** The stored phase; an `open` breaker whose cooldown has passed reads as half-open (see `breakerPhase`). */
  phase: BreakerPhase;
  consecutiveFailures: number;
  /** When the breaker last opened (epoch ms). */
  openedAt?: number;
  /** Start times of probes in flight while half-open. */
  probes: readonly number[];
  buckets: readonly WindowBucket[];
  /** The last failure's code, for the admin view. */
  lastError?: string;
  lastFailureAt?: number;
}

/** Whether a target may take a request now: freely, as a half-open probe, or not at all. */
export type BreakerAdmission = 'closed' | 'probe' | 'rejected';

const bucketsPerWindow = 6;

export const closedBreaker: BreakerState = {
  phase: 'closed',
  consecutiveFailures: 0,
  probes: [],
  buckets: [],
};

/** The phase as of `now`: an open breaker turns half-open once its cooldown has passed. */
export function breakerPhase(state: BreakerState, config: BreakerConfig, now: number): BreakerPhase {
  if (state.phase === 'open' && now >= (state.openedAt ?? 0) + config.cooldownMs) return 'half-open';
  return state.phase;
}

/** When an open breaker will let a probe through (epoch ms); undefined unless open. */
export function breakerReopensAt(
  state: BreakerState,
  config: BreakerConfig,
  now: number,
): number | undefined {
  return breakerPhase(state, config, now) === 'open' ? (state.openedAt ?? 0) + config.cooldownMs : undefined;
}

export function breakerAdmission(state: BreakerState, config: BreakerConfig, now: number): BreakerAdmission {
  const phase = breakerPhase(state, config, now);
  if (phase === 'closed') return 'closed';
  if (phase === 'open') return 'rejected';
  return activeProbes(state, config, now).length < config.halfOpenProbes ? 'probe' : 'rejected';
}

/** Reserve a half-open probe slot (released by the probe's outcome). */
export function startProbe(state: BreakerState, config: BreakerConfig, now: number): BreakerState {
  return { ...state, phase: 'half-open', probes: [...activeProbes(state, config, now), now] };
}

/**
 * An attempt that says nothing about the target ended (the client went away,
 * or the request itself was at fault): the breaker stays as it is, but a
 * half-open probe slot it held is freed at once rather than after a minute.
 */
export function releaseProbe(state: BreakerState, config: BreakerConfig, now: number): BreakerState {
  const probes = activeProbes(state, config, now);
  if (probes.length === 0) return state.probes.length === 0 ? state : { ...state, probes };
  return { ...state, probes: probes.slice(1) };
}

/** Learn from one attempt's outcome. Only target failures should be recorded as failures. */
export function recordOutcome(
  state: BreakerState,
  config: BreakerConfig,
  now: number,
  outcome: { ok: boolean; error?: string },
): BreakerState {
  const phase = breakerPhase(state, config, now);
  const buckets = addToWindow(state.buckets, config, now, outcome.ok);
  if (outcome.ok) {
    // A success while fully open comes from a request admitted before the breaker
    // opened; only a probe (half-open) may close it.
    if (phase === 'open') return { ...state, buckets };
    return {
      phase: 'closed',
      consecutiveFailures: 0,
      probes: [],
      buckets: phase === 'half-open' ? [] : buckets,
      lastError: state.lastError,
      lastFailureAt: state.lastFailureAt,
    };
  }
  const failed = {
    ...state,
    buckets,
    lastError: outcome.error,
    lastFailureAt: now,
    consecutiveFailures: state.consecutiveFailures + 1,
  };
  if (phase === 'open') return failed;
  if (
    phase === 'half-open' ||
    failed.consecutiveFailures >= config.failureThreshold ||
    errorRateExceeded(buckets, config, now)
  ) {
    return { ...failed, phase: 'open', openedAt: now, probes: [] };
  }
  return failed;
}

/** Failures and requests counted in the current error-rate window. */
export function windowCounts(
  state: BreakerState,
  config: BreakerConfig,
  now: number,
): { total: number; failures: number } {
  let total = 0;
  let failures = 0;
  for (const bucket of state.buckets) {
    if (bucket.start > now - config.windowMs) {
      total += bucket.total;
      failures += bucket.failures;
    }
  }
  return { total, failures };
}

function errorRateExceeded(buckets: readonly WindowBucket[], config: BreakerConfig, now: number): boolean {
  if (config.errorRateThreshold === undefined) return false;
  const { total, failures } = windowCounts({ ...closedBreaker, buckets }, config, now);
  return total >= config.minimumRequests && failures / total >= config.errorRateThreshold;
}

function addToWindow(
  buckets: readonly WindowBucket[],
  config: BreakerConfig,
  now: number,
  ok: boolean,
): WindowBucket[] {
  const width = Math.max(1, Math.floor(config.windowMs / bucketsPerWindow));
  const start = now - (now % width);
  const kept = buckets.filter((bucket) => bucket.start > now - config.windowMs);
  const last = kept[kept.length - 1];
  if (last && last.start === start) {
    kept[kept.length - 1] = { start, total: last.total + 1, failures: last.failures + (ok ? 0 : 1) };
  } else {
    kept.push({ start, total: 1, failures: ok ? 0 : 1 });
  }
  return kept;
}

/**
 * Probes still counted as in flight. A probe whose outcome never arrives (its
 * request ended some other way) stops holding its slot after a minute, or one
 * cooldown when that is longer.
 */
function activeProbes(state: BreakerState, config: BreakerConfig, now: number): number[] {
  return state.probes.filter((started) => now - started < Math.max(config.cooldownMs, 60_000));
}
