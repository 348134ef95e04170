import { describe, expect, it } from 'vitest';
import {
  breakerAdmission,
  breakerPhase,
  breakerReopensAt,
  closedBreaker,
  recordOutcome,
  startProbe,
  windowCounts,
  type BreakerConfig,
  type BreakerState,
} from './circuit-breaker.ts';

const config: BreakerConfig = {
  failureThreshold: 3,
  cooldownMs: 10_000,
  halfOpenProbes: 1,
  windowMs: 60_000,
  minimumRequests: 10,
};

function fail(state: BreakerState, now: number, times = 1, settings = config): BreakerState {
  let next = state;
  for (let count = 0; count < times; count++)
    next = recordOutcome(next, settings, now, { ok: false, error: 'upstream_error' });
  return next;
}

describe('circuit breaker', () => {
  it('stays closed below the consecutive-failure threshold and a success resets the count', () => {
    let state = fail(closedBreaker, 1000, 2);
    expect(breakerPhase(state, config, 1000)).toBe('closed');
    state = recordOutcome(state, config, 1001, { ok: true });
    state = fail(state, 1002, 2);
    expect(breakerAdmission(state, config, 1002)).toBe('closed');
    expect(state.consecutiveFailures).toBe(2);
  });

  it('opens at the threshold and rejects traffic until the cooldown passes', () => {
    const state = fail(closedBreaker, 1000, 3);
    expect(breakerPhase(state, config, 1000)).toBe('open');
    expect(breakerAdmission(state, config, 10_999)).toBe('rejected');
    expect(breakerReopensAt(state, config, 5000)).toBe(11_000);
    expect(state.lastError).toBe('upstream_error');
  });

  it('turns half-open after the cooldown and admits only the configured number of probes', () => {
    const open = fail(closedBreaker, 1000, 3);
    expect(breakerPhase(open, config, 11_000)).toBe('half-open');
    expect(breakerAdmission(open, config, 11_000)).toBe('probe');
    const probing = startProbe(open, config, 11_000);
    expect(breakerAdmission(probing, config, 11_001)).toBe('rejected');
    const twoProbes = { ...config, halfOpenProbes: 2 };
    expect(breakerAdmission(startProbe(open, twoProbes, 11_000), twoProbes, 11_001)).toBe('probe');
  });

  it('closes when a probe succeeds', () => {
    const probing = startProbe(fail(closedBreaker, 1000, 3), config, 11_000);
    const closed = recordOutcome(probing, config, 11_500, { ok: true });
    expect(breakerPhase(closed, config, 11_500)).toBe('closed');
    expect(closed.consecutiveFailures).toBe(0);
    expect(breakerAdmission(closed, config, 11_500)).toBe('closed');
  });

  it('reopens for a fresh cooldown when a probe fails', () => {
    const probing = startProbe(fail(closedBreaker, 1000, 3), config, 11_000);
    const reopened = fail(probing, 12_000);
    expect(breakerPhase(reopened, config, 12_000)).toBe('open');
    expect(breakerReopensAt(reopened, config, 12_000)).toBe(22_000);
    expect(breakerAdmission(reopened, config, 21_999)).toBe('rejected');
    expect(breakerAdmission(reopened, config, 22_000)).toBe('probe');
  });

  it('ignores a late success from a request admitted before the breaker opened', () => {
    const open = fail(closedBreaker, 1000, 3);
    const after = recordOutcome(open, config, 2000, { ok: true });
    expect(breakerPhase(after, config, 2000)).toBe('open');
  });

  it('frees a probe slot whose outcome never arrived', () => {
    const probing = startProbe(fail(closedBreaker, 1000, 3), config, 11_000);
    expect(breakerAdmission(probing, config, 11_000 + 59_999)).toBe('rejected');
    expect(breakerAdmission(probing, config, 11_000 + 60_000)).toBe('probe');
  });

  it('opens on an error rate over the window when configured, without consecutive failures', () => {
    const rated = { ...config, failureThreshold: 100, errorRateThreshold: 0.5, minimumRequests: 6 };
    let state = closedBreaker;
    for (let index = 0; index < 5; index++) {
      state = recordOutcome(state, rated, 1000 + index, { ok: index % 2 === 0 });
    }
    // 3 successes, 2 failures: 5 requests, below the minimum.
    expect(breakerPhase(state, rated, 1010)).toBe('closed');
    state = fail(state, 1010, 1, rated);
    // 6 requests, 3 failures: 50%.
    expect(windowCounts(state, rated, 1010)).toEqual({ total: 6, failures: 3 });
    expect(breakerPhase(state, rated, 1010)).toBe('open');
  });

  it('forgets outcomes older than the window', () => {
    const rated = { ...config, failureThreshold: 100, errorRateThreshold: 0.5, minimumRequests: 2 };
    let state = fail(closedBreaker, 0, 1, rated);
    state = recordOutcome(state, rated, 1, { ok: true });
    expect(windowCounts(state, rated, 1)).toEqual({ total: 2, failures: 1 });
    expect(windowCounts(state, rated, 70_000)).toEqual({ total: 0, failures: 0 });
    state = recordOutcome(state, rated, 70_000, { ok: true });
    state = fail(state, 70_001, 1, rated);
    expect(windowCounts(state, rated, 70_001)).toEqual({ total: 2, failures: 1 });
  });

  it('never changes a state it was given', () => {
    const frozen = Object.freeze({ ...closedBreaker });
    fail(frozen, 1000, 3);
    expect(frozen.phase).toBe('closed');
    expect(frozen.consecutiveFailures).toBe(0);
  });
});
