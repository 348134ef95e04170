import { describe, expect, it } from 'vitest';
import { orderTargets, type OrderableTarget } from './order-targets.ts';
import { createSeededRandom } from '../../tests/support/create-seeded-random.ts';

const targets: OrderableTarget[] = [
  { id: 'b', weight: 1, priority: 2 },
  { id: 'a', weight: 3, priority: 1 },
  { id: 'c', weight: 1, priority: 3 },
];
const ids = (list: OrderableTarget[]): string[] => list.map((target) => target.id);
const fixed = (value: number) => () => value;

describe('orderTargets', () => {
  it('priority: lowest priority number first, stable for ties', () => {
    expect(
      ids(orderTargets('priority', targets, { random: fixed(0), cursor: 0, explorationRate: 0 })),
    ).toEqual(['a', 'b', 'c']);
    const tied = [
      { id: 'x', weight: 1, priority: 0 },
      { id: 'y', weight: 1, priority: 0 },
    ];
    expect(ids(orderTargets('priority', tied, { random: fixed(0), cursor: 0, explorationRate: 0 }))).toEqual([
      'x',
      'y',
    ]);
  });

  it('round-robin: rotates the priority order by the cursor', () => {
    const at = (cursor: number) =>
      ids(orderTargets('round-robin', targets, { random: fixed(0), cursor, explorationRate: 0 }));
    expect(at(0)).toEqual(['a', 'b', 'c']);
    expect(at(1)).toEqual(['b', 'c', 'a']);
    expect(at(2)).toEqual(['c', 'a', 'b']);
    expect(at(3)).toEqual(['a', 'b', 'c']);
  });

  it('weighted: the random point selects by cumulative weight, the rest follow as failover', () => {
    // Weights in priority order: a=3, b=1, c=1 (total 5).
    expect(
      ids(orderTargets('weighted', targets, { random: fixed(0.59), cursor: 0, explorationRate: 0 }))[0],
    ).toBe('a');
    expect(
      ids(orderTargets('weighted', targets, { random: fixed(0.61), cursor: 0, explorationRate: 0 }))[0],
    ).toBe('b');
    expect(
      ids(orderTargets('weighted', targets, { random: fixed(0.99), cursor: 0, explorationRate: 0 }))[0],
    ).toBe('c');
    expect(
      orderTargets('weighted', targets, { random: fixed(0.5), cursor: 0, explorationRate: 0 }),
    ).toHaveLength(3);
  });

  it('weighted: spreads first picks in proportion to weight', () => {
    const random = createSeededRandom(42);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let index = 0; index < 10_000; index++)
      counts[orderTargets('weighted', targets, { random, cursor: 0, explorationRate: 0 })[0]!.id]!++;
    expect(counts.a! / 10_000).toBeCloseTo(0.6, 1);
    expect(counts.b! / 10_000).toBeCloseTo(0.2, 1);
    expect(counts.c! / 10_000).toBeCloseTo(0.2, 1);
  });

  it('weighted: a weight-0 target is never first but stays as a backup', () => {
    const withBackup = [...targets, { id: 'spare', weight: 0, priority: 0 }];
    const random = createSeededRandom(7);
    for (let index = 0; index < 200; index++) {
      const order = ids(orderTargets('weighted', withBackup, { random, cursor: 0, explorationRate: 0 }));
      expect(order[0]).not.toBe('spare');
      expect(order[order.length - 1]).toBe('spare');
    }
  });

  it('least-latency: unmeasured first, then fastest first', () => {
    const measured = [
      { id: 'slow', weight: 1, priority: 0, latencyMs: 900 },
      { id: 'fast', weight: 1, priority: 1, latencyMs: 100 },
      { id: 'new', weight: 1, priority: 2 },
      { id: 'mid', weight: 1, priority: 3, latencyMs: 400 },
    ];
    expect(
      ids(orderTargets('least-latency', measured, { random: fixed(0.5), cursor: 0, explorationRate: 0.1 })),
    ).toEqual(['new', 'fast', 'mid', 'slow']);
  });

  it('least-latency: explores a random target first at the configured rate', () => {
    const measured = [
      { id: 'slow', weight: 1, priority: 0, latencyMs: 900 },
      { id: 'fast', weight: 1, priority: 1, latencyMs: 100 },
    ];
    const values = [0.05, 0.9];
    const random = () => values.shift()!;
    expect(ids(orderTargets('least-latency', measured, { random, cursor: 0, explorationRate: 0.1 }))).toEqual(
      ['slow', 'fast'],
    );
    const seeded = createSeededRandom(3);
    let slowFirst = 0;
    for (let index = 0; index < 2000; index++) {
      if (
        orderTargets('least-latency', measured, { random: seeded, cursor: 0, explorationRate: 0.2 })[0]!
          .id === 'slow'
      )
        slowFirst++;
    }
    // Explores 20% of the time, half of which land on the slow target.
    expect(slowFirst / 2000).toBeGreaterThan(0.07);
    expect(slowFirst / 2000).toBeLessThan(0.13);
  });

  it('does not modify its input', () => {
    const copy = structuredClone(targets);
    orderTargets('weighted', targets, { random: fixed(0.7), cursor: 0, explorationRate: 0 });
    orderTargets('round-robin', targets, { random: fixed(0.7), cursor: 1, explorationRate: 0 });
    expect(targets).toEqual(copy);
  });
});
