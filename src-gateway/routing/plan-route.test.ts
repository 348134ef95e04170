import { describe, expect, it } from 'vitest';
import { planRoute, type RouteInput, type TargetSnapshot } from './plan-route.ts';

const healthy = (id: string, priority: number, extra: Partial<TargetSnapshot> = {}): TargetSnapshot => ({
  id,
  weight: 1,
  priority,
  breaker: 'closed',
  ...extra,
});

function plan(targets: TargetSnapshot[], extra: Partial<RouteInput> = {}) {
  return planRoute({
    strategy: 'priority',
    targets,
    now: 10_000,
    random: () => 0,
    cursor: 0,
    explorationRate: 0,
    estimatedTokens: 100,
    ...extra,
  });
}

describe('planRoute', () => {
  it('orders healthy targets by the strategy and names it as the reason', () => {
    const decision = plan([healthy('b', 2), healthy('a', 1)]);
    expect(decision).toMatchObject({ order: ['a', 'b'], skipped: [], reason: 'priority' });
    expect(plan([healthy('b', 2), healthy('a', 1)], { strategy: 'round-robin', cursor: 1 }).order).toEqual([
      'b',
      'a',
    ]);
  });

  it('leaves out a target whose breaker is open and says why', () => {
    const decision = plan([healthy('a', 1, { breaker: 'rejected', reopensAt: 15_000 }), healthy('b', 2)]);
    expect(decision.order).toEqual(['b']);
    expect(decision.skipped).toEqual([{ id: 'a', reason: 'breaker_open' }]);
    expect(decision.retryAfterMs).toBeUndefined();
  });

  it('with every breaker open, leaves nothing to try and says when one reopens', () => {
    const decision = plan([
      healthy('a', 1, { breaker: 'rejected', reopensAt: 15_000 }),
      healthy('b', 2, { breaker: 'rejected', reopensAt: 12_500 }),
      healthy('c', 3, { breaker: 'rejected' }),
    ]);
    expect(decision.order).toEqual([]);
    expect(decision.skipped.map((entry) => entry.reason)).toEqual([
      'breaker_open',
      'breaker_open',
      'breaker_probe_busy',
    ]);
    expect(decision.retryAfterMs).toBe(0);
    expect(plan([healthy('a', 1, { breaker: 'rejected', reopensAt: 12_500 })]).retryAfterMs).toBe(2500);
  });

  it('leads with a half-open target as the probe, with healthy targets behind it as failover', () => {
    const decision = plan([healthy('a', 1), healthy('b', 2, { breaker: 'probe' })]);
    expect(decision).toMatchObject({ order: ['b', 'a'], reason: 'probe', probeId: 'b' });
  });

  it('puts targets cooling under retry-after last, soonest first, and leads with them only when nothing else is left', () => {
    const decision = plan([
      healthy('a', 1, { coolingUntil: 30_000 }),
      healthy('b', 2, { coolingUntil: 20_000 }),
      healthy('c', 3),
    ]);
    expect(decision).toMatchObject({ order: ['c', 'b', 'a'], reason: 'priority' });
    expect(plan([healthy('a', 1, { coolingUntil: 30_000 })])).toMatchObject({
      order: ['a'],
      reason: 'cooling',
    });
    expect(plan([healthy('a', 1, { coolingUntil: 9_000 }), healthy('b', 2)]).order).toEqual(['a', 'b']);
  });

  it('keeps a session on its target while that target is healthy', () => {
    const targets = [healthy('a', 1), healthy('b', 2), healthy('c', 3)];
    expect(plan(targets, { stickyId: 'b' })).toMatchObject({ order: ['b', 'a', 'c'], reason: 'sticky' });
    expect(plan(targets, { stickyId: 'gone' })).toMatchObject({ order: ['a', 'b', 'c'], reason: 'priority' });
  });

  it('moves a session on when its target is open or cooling', () => {
    const open = [healthy('a', 1), healthy('b', 2, { breaker: 'rejected', reopensAt: 20_000 })];
    expect(plan(open, { stickyId: 'b' })).toMatchObject({ order: ['a'], reason: 'priority' });
    const cooling = [healthy('a', 1), healthy('b', 2, { coolingUntil: 20_000 })];
    expect(plan(cooling, { stickyId: 'b' })).toMatchObject({ order: ['a', 'b'], reason: 'priority' });
  });

  it('prefers the sticky target over a probe, keeping the probe as failover', () => {
    const decision = plan([healthy('a', 1, { breaker: 'probe' }), healthy('b', 2)], { stickyId: 'b' });
    expect(decision).toMatchObject({ order: ['b', 'a'], reason: 'sticky', probeId: undefined });
  });

  it('skips targets whose context window is too small for the request', () => {
    const targets = [
      healthy('small', 1, { contextWindow: 8000 }),
      healthy('large', 2, { contextWindow: 200_000 }),
      healthy('unknown', 3),
    ];
    const decision = plan(targets, { estimatedTokens: 50_000 });
    expect(decision.order).toEqual(['large', 'unknown']);
    expect(decision.skipped).toEqual([{ id: 'small', reason: 'context_window' }]);
    expect(plan(targets, { estimatedTokens: 8000 }).order).toEqual(['small', 'large', 'unknown']);
  });

  it('lets the upstreams judge when no target fits the estimate', () => {
    const decision = plan(
      [healthy('a', 1, { contextWindow: 1000 }), healthy('b', 2, { contextWindow: 2000 })],
      { estimatedTokens: 5000 },
    );
    expect(decision.order).toEqual(['a', 'b']);
    expect(decision.skipped).toEqual([]);
  });

  it('weighted with a seeded source picks the same order every time', () => {
    const targets = [healthy('a', 0, { weight: 3 }), healthy('b', 0, { weight: 1 })];
    expect(plan(targets, { strategy: 'weighted', random: () => 0.8 }).order).toEqual(['b', 'a']);
    expect(plan(targets, { strategy: 'weighted', random: () => 0.7 }).order).toEqual(['a', 'b']);
  });
});
