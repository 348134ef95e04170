import type { Clock } from '../lib/clock.ts';
import type { GatewayError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { ModelRuntime } from '../config-snapshot/snapshot.ts';
import type { Settings } from '../../src-shared/schemas/settings.ts';
import {
  breakerAdmission,
  breakerPhase,
  breakerReopensAt,
  closedBreaker,
  recordOutcome,
  releaseProbe,
  startProbe,
  windowCounts,
  type BreakerConfig,
  type BreakerPhase,
  type BreakerState,
} from './circuit-breaker.ts';
import { cooldownScope } from './cooldown-scope.ts';
import { createKeyPool } from './key-pool.ts';
import { createLatencyTracker } from './latency-tracker.ts';
import { planRoute, type TargetSnapshot } from './plan-route.ts';
import type { Random } from './random.ts';
import { createStickySessions } from './sticky-sessions.ts';
import type { AttemptReport, RoutePlan, TargetRouter } from './types.ts';

/** A breaker transition, as the `breakerChanged` event reports it. */
export interface BreakerChange {
  modelId: string;
  modelName: string;
  state: 'closed' | 'open' | 'half-open';
  previousState: 'closed' | 'open' | 'half-open';
}

export interface RouterOptions {
  clock: Clock;
  /** Uniform [0, 1); seed it in tests (see random.ts). */
  random?: Random;
  /** Read on every decision, so breaker settings edited at runtime apply at once. */
  getSettings: () => Settings;
  logger?: Logger;
  /** least-latency: share of requests that try a random target first. */
  explorationRate?: number;
  stickyTtlMs?: number;
  stickyMaxEntries?: number;
  /** A target's breaker opened or closed (the `breakerChanged` event). */
  onBreakerChanged?: (change: BreakerChange) => void;
  /** How long a (model, key) pair rests after a 429 that named no retry-after. */
  rateLimitCooldownMs?: number;
  /** How long a whole key rests after the provider rejected it (401/403) or said its quota is exhausted. */
  authFailureCooldownMs?: number;
}

/** One target's health as the admin API shows it. Times are ISO strings. */
export interface TargetHealth {
  modelId: string;
  modelName: string;
  providerId: string;
  providerName: string;
  state: BreakerPhase;
  consecutiveFailures: number;
  openedAt: string | null;
  /** When an open breaker lets a probe through. */
  reopensAt: string | null;
  lastError: string | null;
  lastFailureAt: string | null;
  /** Requests and failures in the error-rate window. */
  window: { total: number; failures: number };
  /** Moving average of time to first byte, ms. */
  latencyMs: number | null;
  /** Retry-after from the upstream, when the target asked to be left alone. */
  coolingUntil: string | null;
  /** The provider's keys, and how many of them rest for this target's model (rate limited, rejected or out of quota). */
  keys: { total: number; cooling: number };
}

export interface Router extends TargetRouter {
  /** Every target the router has seen, with its breaker and cooldown state. */
  breakerStates(): TargetHealth[];
  /** Close one target's breaker and clear its cooldown (an operator fixed it). False when unknown. */
  resetTarget(modelId: string): boolean;
}

const defaultExplorationRate = 0.1;

/**
 * The production router: strategies over breaker-filtered targets, sticky
 * sessions, retry-after cooldowns, provider-key rotation and latency learning.
 * Decisions are made by pure functions (plan-route.ts and friends) over a
 * snapshot of this state; all state is in memory and bounded.
 */
export function createRouter(options: RouterOptions): Router {
  const { clock } = options;
  const random = options.random ?? Math.random;
  const breakers = new Map<string, BreakerState>();
  const targetCooldowns = new Map<string, number>();
  const cursors = new Map<string, number>();
  const seen = new Map<string, ModelRuntime>();
  const latency = createLatencyTracker();
  const keys = createKeyPool({ clock });
  const sticky = createStickySessions({
    clock,
    ttlMs: options.stickyTtlMs,
    maxEntries: options.stickyMaxEntries,
  });
  const rateLimitCooldownMs = options.rateLimitCooldownMs ?? 10_000;
  const authFailureCooldownMs = options.authFailureCooldownMs ?? 60_000;

  const breakerConfig = (): BreakerConfig => {
    const breaker = options.getSettings().routing.breaker;
    return {
      failureThreshold: breaker.failureThreshold,
      cooldownMs: breaker.cooldownMs,
      halfOpenProbes: breaker.halfOpenProbes,
      errorRateThreshold: breaker.errorRateThreshold,
      windowMs: breaker.errorRateWindowMs ?? 60_000,
      minimumRequests: breaker.errorRateMinimumRequests ?? 20,
    };
  };

  const remember = (model: ModelRuntime): void => {
    // Bounded by the configured models; a deleted model lingers until it is reset.
    seen.set(model.id, model);
  };

  const coolingUntil = (model: ModelRuntime, now: number): number | undefined => {
    const target = targetCooldowns.get(model.id);
    const own = target !== undefined && target > now ? target : undefined;
    const provider = model.provider;
    const keyed = keys.providerCoolingUntil(provider.id, provider.apiKeys, model.upstreamModel);
    if (own === undefined) return keyed;
    return keyed === undefined ? own : Math.max(own, keyed);
  };

  /**
   * The common case, one candidate that is ready (breaker closed, not cooling
   * down): the plan planRoute would make, without building its inputs. Anything
   * else (probes, open breakers, cool-downs) takes the full path.
   */
  function routeSingle(
    resolution: Parameters<TargetRouter['plan']>[0],
    context: Parameters<TargetRouter['plan']>[1],
    config: ReturnType<typeof breakerConfig>,
    now: number,
  ): RoutePlan | undefined {
    const model = resolution.candidates[0]!;
    const state = breakers.get(model.id);
    if (state !== undefined && breakerAdmission(state, config, now) !== 'closed') return undefined;
    const cooling = coolingUntil(model, now);
    if (cooling !== undefined && cooling > now) return undefined;
    remember(model);
    const virtualModel = resolution.virtualModel;
    const strategy = virtualModel?.strategy ?? 'priority';
    if (virtualModel && strategy === 'round-robin') {
      const cursor = cursors.get(virtualModel.id) ?? 0;
      cursors.set(virtualModel.id, (cursor + 1) % 1_000_000);
    }
    const sessionKey = stickyKey(virtualModel?.id, context.sessionId);
    const reason =
      sessionKey !== undefined && sticky.get(sessionKey) === model.id
        ? 'sticky'
        : virtualModel
          ? strategy
          : 'direct';
    return { candidates: [model], skipped: [], reason, retryAfter: undefined };
  }

  function route(
    resolution: Parameters<TargetRouter['plan']>[0],
    context: Parameters<TargetRouter['plan']>[1],
  ): RoutePlan {
    const now = clock.now();
    const config = breakerConfig();
    const virtualModel = resolution.virtualModel;
    const single =
      resolution.candidates.length === 1 ? routeSingle(resolution, context, config, now) : undefined;
    if (single) return single;
    const settingsByModel = new Map(virtualModel?.targets.map((target) => [target.model.id, target]));
    const models = new Map<string, ModelRuntime>();
    const targets: TargetSnapshot[] = [];
    resolution.candidates.forEach((model, index) => {
      if (models.has(model.id)) return;
      models.set(model.id, model);
      remember(model);
      const state = breakers.get(model.id) ?? closedBreaker;
      const target = settingsByModel.get(model.id);
      targets.push({
        id: model.id,
        weight: target?.weight ?? 1,
        priority: target?.priority ?? index,
        latencyMs: latency.average(model.id),
        contextWindow: model.contextWindow,
        breaker: breakerAdmission(state, config, now),
        reopensAt: breakerReopensAt(state, config, now),
        coolingUntil: coolingUntil(model, now),
      });
    });
    const strategy = virtualModel?.strategy ?? 'priority';
    let cursor = 0;
    if (virtualModel && strategy === 'round-robin') {
      cursor = cursors.get(virtualModel.id) ?? 0;
      cursors.set(virtualModel.id, (cursor + 1) % 1_000_000);
    }
    const sessionKey = stickyKey(virtualModel?.id, context.sessionId);
    const decision = planRoute({
      strategy,
      targets,
      now,
      random,
      cursor,
      explorationRate: options.explorationRate ?? defaultExplorationRate,
      estimatedTokens: context.estimatedTokens,
      stickyId: sessionKey === undefined ? undefined : sticky.get(sessionKey),
    });
    if (decision.probeId !== undefined) {
      breakers.set(
        decision.probeId,
        startProbe(breakers.get(decision.probeId) ?? closedBreaker, config, now),
      );
      const model = models.get(decision.probeId)!;
      options.logger?.info(
        { modelId: model.id, model: model.name, provider: model.provider.name },
        'circuit breaker half-open: probing target',
      );
    }
    return {
      candidates: decision.order.map((id) => models.get(id)!),
      skipped: decision.skipped.map((entry) => ({ model: models.get(entry.id)!, reason: entry.reason })),
      reason: !virtualModel && decision.reason === strategy ? 'direct' : decision.reason,
      retryAfter:
        decision.retryAfterMs === undefined
          ? undefined
          : Math.max(1, Math.ceil(decision.retryAfterMs / 1000)),
    };
  }

  function report(outcome: AttemptReport): void {
    const { model } = outcome;
    remember(model);
    const now = clock.now();
    const config = breakerConfig();
    const before = breakers.get(model.id) ?? closedBreaker;
    const phaseBefore = breakerPhase(before, config, now);
    if (outcome.ok) {
      if (phaseBefore === 'half-open') latency.forget(model.id);
      latency.record(model.id, outcome.ttfbMs ?? outcome.latencyMs);
      targetCooldowns.delete(model.id);
      const after = recordOutcome(before, config, now, { ok: true });
      breakers.set(model.id, after);
      if (phaseBefore === 'half-open' && after.phase === 'closed') {
        options.logger?.info(
          { modelId: model.id, model: model.name, provider: model.provider.name },
          'circuit breaker closed: target recovered',
        );
        options.onBreakerChanged?.({
          modelId: model.id,
          modelName: model.name,
          state: 'closed',
          previousState: 'half-open',
        });
      }
      const sessionKey = stickyKey(outcome.virtualModelId, outcome.sessionId);
      if (sessionKey !== undefined) sticky.set(sessionKey, model.id);
      return;
    }
    const error = outcome.error;
    // Only an upstream failure says the target is unwell. A report without one (the client hung up)
    // or with one the request caused moves nothing, so no client can take a shared target offline.
    if (error === undefined || !countsAgainstTarget(error)) {
      if (before.probes.length > 0) breakers.set(model.id, releaseProbe(before, config, now));
      return;
    }
    applyCooldowns(model, outcome.apiKey, error, now);
    // Rate limits are load, not breakage: the cooldown above keeps traffic off the key or target.
    if (error.kind === 'rate_limit') return;
    const after = recordOutcome(before, config, now, { ok: false, error: error.code });
    breakers.set(model.id, after);
    if (breakerPhase(after, config, now) === 'open' && phaseBefore !== 'open') {
      options.logger?.warn(
        {
          modelId: model.id,
          model: model.name,
          provider: model.provider.name,
          consecutiveFailures: after.consecutiveFailures,
          error: after.lastError,
          cooldownMs: config.cooldownMs,
        },
        'circuit breaker opened: target taken out of rotation',
      );
      options.onBreakerChanged?.({
        modelId: model.id,
        modelName: model.name,
        state: 'open',
        previousState: phaseBefore,
      });
    }
  }

  function applyCooldowns(
    model: ModelRuntime,
    apiKey: string | undefined,
    error: GatewayError,
    now: number,
  ): void {
    const scope = cooldownScope(error);
    if (scope === undefined) return;
    const retryAfterMs = error.retryAfter === undefined ? undefined : error.retryAfter * 1000;
    if (scope === 'target') {
      targetCooldowns.set(model.id, Math.max(targetCooldowns.get(model.id) ?? 0, now + retryAfterMs!));
      return;
    }
    const until = now + (retryAfterMs ?? (scope === 'key' ? authFailureCooldownMs : rateLimitCooldownMs));
    if (apiKey !== undefined && model.provider.apiKeys.includes(apiKey)) {
      // A rate limit rests the key for this model only: the key's other models keep serving.
      keys.coolDown(model.provider.id, apiKey, until, scope === 'key' ? undefined : model.upstreamModel);
    } else {
      targetCooldowns.set(model.id, Math.max(targetCooldowns.get(model.id) ?? 0, until));
    }
  }

  return {
    plan: (resolution, context) => route(resolution, context).candidates,
    route,
    pickKey: (model) => keys.pick(model.provider.id, model.provider.apiKeys, model.upstreamModel),
    hasUsableKey: (model) =>
      model.provider.apiKeys.length > 1 &&
      keys.providerCoolingUntil(model.provider.id, model.provider.apiKeys, model.upstreamModel) === undefined,
    report,
    breakerStates() {
      const now = clock.now();
      const config = breakerConfig();
      return [...seen.values()].map((model) => {
        const state = breakers.get(model.id) ?? closedBreaker;
        const reopensAt = breakerReopensAt(state, config, now);
        const cooling = targetCooldowns.get(model.id);
        return {
          modelId: model.id,
          modelName: model.name,
          providerId: model.provider.id,
          providerName: model.provider.name,
          state: breakerPhase(state, config, now),
          consecutiveFailures: state.consecutiveFailures,
          openedAt: iso(state.phase === 'closed' ? undefined : state.openedAt),
          reopensAt: iso(reopensAt),
          lastError: state.lastError ?? null,
          lastFailureAt: iso(state.lastFailureAt),
          window: windowCounts(state, config, now),
          latencyMs: latency.average(model.id) ?? null,
          coolingUntil: iso(cooling !== undefined && cooling > now ? cooling : undefined),
          keys: {
            total: model.provider.apiKeys.length,
            cooling: keys.coolingCount(model.provider.id, model.provider.apiKeys, model.upstreamModel),
          },
        };
      });
    },
    resetTarget(modelId) {
      const model = seen.get(modelId);
      if (!model) return false;
      const stored = breakers.get(modelId);
      const phase = stored ? breakerPhase(stored, breakerConfig(), clock.now()) : 'closed';
      if (phase !== 'closed')
        options.onBreakerChanged?.({ modelId, modelName: model.name, state: 'closed', previousState: phase });
      breakers.delete(modelId);
      targetCooldowns.delete(modelId);
      latency.forget(modelId);
      return true;
    },
  };
}

/**
 * Failures that say something about the target: unreachable, timing out,
 * overloaded, erroring, rejecting the gateway's key. Answers the request
 * itself caused (400, 404, 413, 422) and gateway bugs do not count.
 */
export function countsAgainstTarget(error: GatewayError): boolean {
  return (
    error.kind === 'upstream' ||
    error.kind === 'upstream_auth' ||
    error.kind === 'overloaded' ||
    error.kind === 'timeout' ||
    error.kind === 'rate_limit'
  );
}

function stickyKey(virtualModelId: string | undefined, sessionId: string | undefined): string | undefined {
  return virtualModelId === undefined || !sessionId ? undefined : `${virtualModelId}\u0000${sessionId}`;
}

function iso(epochMs: number | undefined): string | null {
  return epochMs === undefined ? null : new Date(epochMs).toISOString();
}
