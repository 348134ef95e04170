import type { RoutingStrategy } from '../../src-shared/schemas/virtual-model.ts';
import type { BreakerAdmission } from './circuit-breaker.ts';
import { orderTargets, type OrderableTarget } from './order-targets.ts';
import type { Random } from './random.ts';

/** One target as the router sees it at decision time. */
export interface TargetSnapshot extends OrderableTarget {
  contextWindow?: number;
  breaker: BreakerAdmission;
  /** When an open breaker lets a probe through (epoch ms); absent when not open. */
  reopensAt?: number;
  /** The target asked to be left alone until then (retry-after, or all its keys are cooling). */
  coolingUntil?: number;
}

export interface RouteInput {
  strategy: RoutingStrategy;
  targets: readonly TargetSnapshot[];
  now: number;
  random: Random;
  cursor: number;
  explorationRate: number;
  estimatedTokens: number;
  /** The target this session last succeeded on. */
  stickyId?: string;
}

export interface RouteDecision {
  /** Target ids in the order to try. */
  order: string[];
  skipped: Array<{ id: string; reason: 'breaker_open' | 'breaker_probe_busy' | 'context_window' }>;
  /** Why the first target leads: `sticky`, `probe`, `cooling` (only cooling targets left) or the strategy. */
  reason: string;
  /** The half-open target that leads as a probe (its slot must be reserved). */
  probeId?: string;
  /** Milliseconds until a skipped target may serve again, when nothing is left to try. */
  retryAfterMs?: number;
}

/**
 * The routing decision for one request, as a pure function of the targets'
 * state: leave out targets whose context window is too small (unless none fits)
 * and targets whose breaker is open; lead with the sticky target, else a
 * half-open probe, else the strategy's pick; healthy targets follow in strategy
 * order, other half-open targets after them, and targets cooling down under a
 * retry-after last, soonest first.
 */
export function planRoute(input: RouteInput): RouteDecision {
  const { now } = input;
  const skipped: RouteDecision['skipped'] = [];
  const fits = input.targets.filter(
    (target) => target.contextWindow === undefined || target.contextWindow >= input.estimatedTokens,
  );
  // Estimates are rough: when nothing fits, let the upstreams judge.
  const sized = fits.length > 0 ? fits : [...input.targets];
  if (fits.length > 0) {
    for (const target of input.targets)
      if (!fits.includes(target)) skipped.push({ id: target.id, reason: 'context_window' });
  }

  const ready: TargetSnapshot[] = [];
  const probing: TargetSnapshot[] = [];
  const cooling: TargetSnapshot[] = [];
  let reopensAt = Infinity;
  for (const target of sized) {
    if (target.breaker === 'rejected') {
      skipped.push({
        id: target.id,
        reason: target.reopensAt === undefined ? 'breaker_probe_busy' : 'breaker_open',
      });
      reopensAt = Math.min(reopensAt, target.reopensAt ?? now);
    } else if (target.breaker === 'probe') {
      probing.push(target);
    } else if (target.coolingUntil !== undefined && target.coolingUntil > now) {
      cooling.push(target);
    } else {
      ready.push(target);
    }
  }

  const ordered = orderTargets(input.strategy, ready, input);
  const probes = orderTargets('priority', probing, input);
  const waiting = [...cooling].sort((left, right) => left.coolingUntil! - right.coolingUntil!);
  const sticky =
    input.stickyId === undefined ? undefined : ordered.find((target) => target.id === input.stickyId);

  let lead: TargetSnapshot | undefined;
  let reason: string = input.strategy;
  let probeId: string | undefined;
  if (sticky) {
    lead = sticky;
    reason = 'sticky';
  } else if (probes.length > 0) {
    lead = probes[0];
    reason = 'probe';
    probeId = lead!.id;
  } else if (ordered.length === 0 && waiting.length > 0) {
    reason = 'cooling';
  }
  const rest = [...ordered, ...probes, ...waiting].filter((target) => target !== lead);
  const order = (lead ? [lead, ...rest] : rest).map((target) => target.id);
  return {
    order,
    skipped,
    reason,
    probeId,
    retryAfterMs: order.length === 0 && reopensAt !== Infinity ? Math.max(0, reopensAt - now) : undefined,
  };
}
