import type { RoutingStrategy } from '../../src-shared/schemas/virtual-model.ts';
import type { Random } from './random.ts';

/** What a strategy needs to know about one target. */
export interface OrderableTarget {
  id: string;
  weight: number;
  /** Lower first. */
  priority: number;
  /** Moving average of time to first byte; undefined when not measured yet. */
  latencyMs?: number;
}

export interface OrderOptions {
  random: Random;
  /** Round-robin position (the router advances it per request). */
  cursor: number;
  /** least-latency: share of requests that try a random target first, so a target that got faster is noticed. */
  explorationRate: number;
}

/**
 * Order healthy targets by strategy: the first is tried first, the rest are
 * the failover order. Pure; the input is not modified.
 * - `priority`: by priority, ties in the given order.
 * - `round-robin`: the priority order rotated by the cursor.
 * - `weighted`: sampled by weight without replacement; weight-0 targets are backups, last.
 * - `least-latency`: unmeasured targets first, then fastest first; sometimes a random one leads.
 */
export function orderTargets<T extends OrderableTarget>(
  strategy: RoutingStrategy,
  targets: readonly T[],
  options: OrderOptions,
): T[] {
  const byPriority = [...targets].sort((left, right) => left.priority - right.priority);
  if (byPriority.length <= 1) return byPriority;
  switch (strategy) {
    case 'priority':
      return byPriority;
    case 'round-robin': {
      const offset = ((options.cursor % byPriority.length) + byPriority.length) % byPriority.length;
      return [...byPriority.slice(offset), ...byPriority.slice(0, offset)];
    }
    case 'weighted':
      return weightedOrder(byPriority, options.random);
    case 'least-latency':
      return latencyOrder(byPriority, options);
  }
}

function weightedOrder<T extends OrderableTarget>(targets: T[], random: Random): T[] {
  const pool = targets.filter((target) => target.weight > 0);
  const backups = targets.filter((target) => !(target.weight > 0));
  const ordered: T[] = [];
  while (pool.length > 0) {
    const total = pool.reduce((sum, target) => sum + target.weight, 0);
    let point = random() * total;
    let index = 0;
    while (index < pool.length - 1 && point >= pool[index]!.weight) {
      point -= pool[index]!.weight;
      index++;
    }
    ordered.push(pool.splice(index, 1)[0]!);
  }
  return [...ordered, ...backups];
}

function latencyOrder<T extends OrderableTarget>(targets: T[], options: OrderOptions): T[] {
  // Stable: unmeasured targets keep their priority order ahead of measured ones.
  const ordered = [...targets].sort((left, right) => (left.latencyMs ?? -1) - (right.latencyMs ?? -1));
  if (options.random() < options.explorationRate) {
    const index = Math.floor(options.random() * ordered.length);
    const [explored] = ordered.splice(index, 1);
    ordered.unshift(explored!);
  }
  return ordered;
}
