import { describe, expect, it } from 'vitest';
import type { GatewayError } from '../lib/errors.ts';
import { mapUpstreamStatus } from '../upstream/map-upstream-failure.ts';
import type { ModelRuntime, ProviderRuntime, VirtualModelRuntime } from '../config-snapshot/snapshot.ts';
import { settingsSchema, type Settings } from '../../src-shared/schemas/settings.ts';
import type { RoutingStrategy } from '../../src-shared/schemas/virtual-model.ts';
import { createRouter } from './create-router.ts';
import { createSeededRandom } from '../../tests/support/create-seeded-random.ts';
import type { ModelResolution } from './resolve-model.ts';

function provider(id: string, apiKeys: string[] = [`key-${id}`]): ProviderRuntime {
  return {
    id,
    name: `provider-${id}`,
    protocol: 'openai',
    baseUrl: 'http://127.0.0.1:1/v1',
    enabled: true,
    apiKeys,
    headers: {},
    responsesApi: false,
    quirks: {},
    timeouts: { connectMs: 1000, firstByteMs: 1000, idleMs: 1000, totalMs: 1000 },
  };
}

function model(id: string, extra: Partial<ModelRuntime> = {}): ModelRuntime {
  return {
    id,
    name: `model-${id}`,
    upstreamModel: id,
    enabled: true,
    provider: provider(`p-${id}`),
    ...extra,
  };
}

function virtualModel(
  strategy: RoutingStrategy,
  targets: Array<[ModelRuntime, number?, number?]>,
): ModelResolution {
  const virtual: VirtualModelRuntime = {
    id: 'vm-1',
    name: 'smart',
    enabled: true,
    strategy,
    promptRules: [],
    targets: targets.map(([target, weight = 1, priority = 0]) => ({ model: target, weight, priority })),
  };
  return {
    requestedName: 'smart',
    virtualModel: virtual,
    candidates: virtual.targets.map((target) => target.model),
  };
}

function setup(overrides: Record<string, unknown> = {}) {
  const clock = { time: 1_000_000, now: () => clock.time };
  let settings: Settings = settingsSchema.parse({
    routing: { breaker: { failureThreshold: 2, cooldownMs: 5000, ...overrides } },
  });
  const router = createRouter({ clock, random: createSeededRandom(1), getSettings: () => settings });
  return { clock, router, setSettings: (next: Settings) => (settings = next) };
}

const serverError = (): GatewayError =>
  mapUpstreamStatus({ status: 500, providerName: 'p', message: 'boom' });
const context = { estimatedTokens: 10 };
const names = (models: ModelRuntime[]): string[] => models.map((entry) => entry.id);

describe('createRouter', () => {
  it('takes a failing target out of rotation when its breaker opens, then probes and restores it', () => {
    const { clock, router } = setup();
    const [a, b] = [model('a'), model('b')];
    const resolution = virtualModel('priority', [
      [a, 1, 0],
      [b, 1, 1],
    ]);
    router.report({ model: a, apiKey: 'key-p-a', ok: false, error: serverError(), latencyMs: 5 });
    expect(names(router.plan(resolution, context))).toEqual(['a', 'b']);
    router.report({ model: a, apiKey: 'key-p-a', ok: false, error: serverError(), latencyMs: 5 });
    const open = router.route(resolution, context);
    expect(names(open.candidates)).toEqual(['b']);
    expect(open.skipped.map((entry) => [entry.model.id, entry.reason])).toEqual([['a', 'breaker_open']]);
    expect(router.breakerStates().find((state) => state.modelId === 'a')).toMatchObject({
      state: 'open',
      consecutiveFailures: 2,
      lastError: 'upstream_error',
    });

    clock.time += 5000;
    const probe = router.route(resolution, context);
    expect(probe.reason).toBe('probe');
    expect(names(probe.candidates)).toEqual(['a', 'b']);
    // One probe at a time: the next request does not go to the half-open target.
    expect(names(router.plan(resolution, context))).toEqual(['b']);
    router.report({ model: a, apiKey: 'key-p-a', ok: true, latencyMs: 5 });
    expect(router.breakerStates().find((state) => state.modelId === 'a')!.state).toBe('closed');
    expect(names(router.plan(resolution, context))).toEqual(['a', 'b']);
  });

  it('does not count answers the request caused against the target', () => {
    const { router } = setup();
    const a = model('a');
    const resolution = virtualModel('priority', [[a], [model('b')]]);
    for (const status of [400, 404, 413, 422]) {
      for (let count = 0; count < 3; count++) {
        router.report({
          model: a,
          apiKey: 'key-p-a',
          ok: false,
          error: mapUpstreamStatus({ status, providerName: 'p', message: 'bad' }),
          latencyMs: 1,
        });
      }
    }
    expect(router.route(resolution, context).skipped).toEqual([]);
    expect(router.breakerStates()[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('counts a rejected provider key against the target and rests that key', () => {
    const { router } = setup();
    const a = model('a', { provider: provider('pa', ['bad-key', 'good-key']) });
    const auth = mapUpstreamStatus({ status: 401, providerName: 'pa', message: 'no' });
    expect(router.pickKey(a)).toBe('bad-key');
    router.report({ model: a, apiKey: 'bad-key', ok: false, error: auth, latencyMs: 1 });
    expect(router.breakerStates()[0]).toMatchObject({
      consecutiveFailures: 1,
      keys: { total: 2, cooling: 1 },
    });
    expect([router.pickKey(a), router.pickKey(a), router.pickKey(a)]).toEqual([
      'good-key',
      'good-key',
      'good-key',
    ]);
  });

  it('rests a rate-limited key for its retry-after while the others serve, without tripping the breaker', () => {
    const { clock, router } = setup({ failureThreshold: 1 });
    const a = model('a', { provider: provider('pa', ['k1', 'k2']) });
    const limited = mapUpstreamStatus({
      status: 429,
      providerName: 'pa',
      message: 'slow down',
      retryAfter: 3,
    });
    expect(router.pickKey(a)).toBe('k1');
    router.report({ model: a, apiKey: 'k1', ok: false, error: limited, latencyMs: 1 });
    expect(router.breakerStates()[0]!.state).toBe('closed');
    expect([router.pickKey(a), router.pickKey(a)]).toEqual(['k2', 'k2']);
    clock.time += 3000;
    expect([router.pickKey(a), router.pickKey(a)]).toEqual(['k1', 'k2']);
  });

  it('moves a target whose only key is rate limited behind the others until retry-after passes', () => {
    const { clock, router } = setup();
    const [a, b] = [model('a'), model('b')];
    const resolution = virtualModel('priority', [
      [a, 1, 0],
      [b, 1, 1],
    ]);
    const limited = mapUpstreamStatus({
      status: 429,
      providerName: 'pa',
      message: 'slow down',
      retryAfter: 2,
    });
    router.report({ model: a, apiKey: 'key-p-a', ok: false, error: limited, latencyMs: 1 });
    expect(names(router.plan(resolution, context))).toEqual(['b', 'a']);
    clock.time += 2000;
    expect(names(router.plan(resolution, context))).toEqual(['a', 'b']);
  });

  it("rests a rate-limited model on its key without taking the key's other models out of rotation", () => {
    const { clock, router } = setup();
    const shared = provider('shared', ['only-key']);
    const [a, b] = [model('a', { provider: shared }), model('b', { provider: shared })];
    const resolution = virtualModel('weighted', [
      [a, 1],
      [b, 1],
    ]);
    const limited = mapUpstreamStatus({
      status: 429,
      providerName: 'shared',
      message: 'slow',
      retryAfter: 1,
    });
    router.report({ model: a, apiKey: 'only-key', ok: false, error: limited, latencyMs: 1 });
    for (let count = 0; count < 10; count++) {
      const plan = router.route(resolution, context);
      expect(names(plan.candidates)).toEqual(['b', 'a']);
      expect(plan.reason).toBe('weighted');
    }
    const state = (id: string) => router.breakerStates().find((entry) => entry.modelId === id)!;
    expect([state('a').keys, state('b').keys]).toEqual([
      { total: 1, cooling: 1 },
      { total: 1, cooling: 0 },
    ]);
    expect(router.pickKey(b)).toBe('only-key');
    clock.time += 1000;
    const leads = new Set(
      Array.from({ length: 20 }, () => router.route(resolution, context).candidates[0]!.id),
    );
    expect(leads).toEqual(new Set(['a', 'b']));
  });

  it('rests the whole key, for every model on it, when its quota is exhausted or it is rejected', () => {
    for (const error of [
      mapUpstreamStatus({
        status: 429,
        providerName: 'shared',
        message: 'quota',
        code: 'insufficient_quota',
      }),
      mapUpstreamStatus({ status: 401, providerName: 'shared', message: 'bad key' }),
    ]) {
      const { router } = setup({ failureThreshold: 10 });
      const shared = provider('shared', ['only-key']);
      const [a, b] = [model('a', { provider: shared }), model('b', { provider: shared })];
      router.report({ model: a, apiKey: 'only-key', ok: false, error, latencyMs: 1 });
      expect(router.route(virtualModel('weighted', [[a], [b]]), context).reason).toBe('cooling');
      expect(router.breakerStates().map((entry) => entry.keys)).toEqual([
        { total: 1, cooling: 1 },
        { total: 1, cooling: 1 },
      ]);
    }
  });

  it('honours retry-after on an overloaded target (529) before choosing it again', () => {
    const { clock, router } = setup({ failureThreshold: 10 });
    const [a, b] = [model('a'), model('b')];
    const resolution = virtualModel('priority', [
      [a, 1, 0],
      [b, 1, 1],
    ]);
    const overloaded = mapUpstreamStatus({
      status: 529,
      providerName: 'pa',
      message: 'overloaded',
      retryAfter: 10,
    });
    router.report({ model: a, apiKey: 'key-p-a', ok: false, error: overloaded, latencyMs: 1 });
    expect(names(router.plan(resolution, context))).toEqual(['b', 'a']);
    expect(router.breakerStates()[0]!.coolingUntil).toBe(new Date(clock.time + 10_000).toISOString());
    clock.time += 10_000;
    expect(names(router.plan(resolution, context))).toEqual(['a', 'b']);
  });

  it('keeps a session on the target it succeeded on, per virtual model, and moves it after a failure', () => {
    const { router } = setup();
    const [a, b, c] = [model('a'), model('b'), model('c')];
    const resolution = virtualModel('round-robin', [[a], [b], [c]]);
    const session = { estimatedTokens: 10, sessionId: 'conversation-1' };
    const first = router.plan(resolution, session)[0]!;
    router.report({
      model: first,
      apiKey: undefined,
      ok: true,
      latencyMs: 1,
      sessionId: 'conversation-1',
      virtualModelId: 'vm-1',
    });
    for (let index = 0; index < 5; index++) {
      const route = router.route(resolution, session);
      expect(route.candidates[0]).toBe(first);
      expect(route.reason).toBe('sticky');
    }
    // Without the session id, round robin moves on.
    expect(new Set([0, 1, 2].map(() => router.plan(resolution, context)[0]!.id)).size).toBe(3);
    // The sticky target fails twice (breaker opens): the session moves to whichever target serves next.
    router.report({
      model: first,
      apiKey: undefined,
      ok: false,
      error: serverError(),
      latencyMs: 1,
      sessionId: 'conversation-1',
      virtualModelId: 'vm-1',
    });
    router.report({
      model: first,
      apiKey: undefined,
      ok: false,
      error: serverError(),
      latencyMs: 1,
      sessionId: 'conversation-1',
      virtualModelId: 'vm-1',
    });
    const moved = router.plan(resolution, session)[0]!;
    expect(moved).not.toBe(first);
    router.report({
      model: moved,
      apiKey: undefined,
      ok: true,
      latencyMs: 1,
      sessionId: 'conversation-1',
      virtualModelId: 'vm-1',
    });
    expect(router.plan(resolution, session)[0]).toBe(moved);
    expect(router.plan(resolution, session)[0]).toBe(moved);
  });

  it('least-latency prefers the target with the lower moving time to first byte', () => {
    const { router } = setup();
    const [a, b] = [model('a'), model('b')];
    const resolution = virtualModel('least-latency', [[a], [b]]);
    router.report({ model: a, apiKey: undefined, ok: true, latencyMs: 900, ttfbMs: 800 });
    router.report({ model: b, apiKey: undefined, ok: true, latencyMs: 300, ttfbMs: 100 });
    let fastFirst = 0;
    for (let index = 0; index < 200; index++) if (router.plan(resolution, context)[0] === b) fastFirst++;
    // 10% exploration, half of which may land on the fast target anyway.
    expect(fastFirst).toBeGreaterThan(170);
    expect(fastFirst).toBeLessThan(200);
    expect(router.breakerStates().find((state) => state.modelId === 'b')!.latencyMs).toBe(100);
  });

  it('routes a single ready target the way the full planner would (the one-candidate fast path)', () => {
    const { router } = setup();
    const a = model('a');
    const session = { estimatedTokens: 10, sessionId: 'conversation-1' };
    for (const strategy of ['priority', 'round-robin', 'weighted', 'least-latency'] as const) {
      expect(router.route(virtualModel(strategy, [[a]]), context)).toEqual({
        candidates: [a],
        skipped: [],
        reason: strategy,
        retryAfter: undefined,
      });
    }
    router.report({
      model: a,
      apiKey: undefined,
      ok: true,
      latencyMs: 1,
      sessionId: 'conversation-1',
      virtualModelId: 'vm-1',
    });
    expect(router.route(virtualModel('priority', [[a]]), session).reason).toBe('sticky');
    // Once its breaker opens, the full planner decides: nothing to try, and when to come back.
    router.report({ model: a, apiKey: undefined, ok: false, error: serverError(), latencyMs: 1 });
    router.report({ model: a, apiKey: undefined, ok: false, error: serverError(), latencyMs: 1 });
    expect(router.route(virtualModel('priority', [[a]]), context)).toMatchObject({
      candidates: [],
      retryAfter: 5,
    });
  });

  it('fails fast with retry-after when every target is open', () => {
    const { router } = setup();
    const a = model('a');
    const resolution: ModelResolution = { requestedName: 'model-a', candidates: [a] };
    router.report({ model: a, apiKey: undefined, ok: false, error: serverError(), latencyMs: 1 });
    expect(router.route(resolution, context)).toMatchObject({ candidates: [a], reason: 'direct' });
    router.report({ model: a, apiKey: undefined, ok: false, error: serverError(), latencyMs: 1 });
    expect(router.route(resolution, context)).toMatchObject({ candidates: [], retryAfter: 5 });
  });

  it('applies breaker settings edited at runtime', () => {
    const { router, setSettings } = setup();
    const a = model('a');
    router.report({ model: a, apiKey: undefined, ok: false, error: serverError(), latencyMs: 1 });
    setSettings(settingsSchema.parse({ routing: { breaker: { failureThreshold: 1, cooldownMs: 5000 } } }));
    expect(router.breakerStates()[0]!.state).toBe('closed');
    router.report({ model: a, apiKey: undefined, ok: false, error: serverError(), latencyMs: 1 });
    expect(router.breakerStates()[0]!.state).toBe('open');
  });

  it('counts nothing against a target for an attempt the client abandoned, and frees its probe slot', () => {
    const { clock, router } = setup({ failureThreshold: 1 });
    const [a, b] = [model('a'), model('b')];
    const resolution = virtualModel('priority', [
      [a, 1, 0],
      [b, 1, 1],
    ]);
    router.report({ model: a, apiKey: undefined, ok: true, latencyMs: 40, ttfbMs: 40 });
    // `ok: false` without an error: the client hung up.
    for (let count = 0; count < 20; count++)
      router.report({ model: a, apiKey: undefined, ok: false, latencyMs: 1 });
    expect(router.breakerStates()[0]).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
      lastError: null,
      window: { total: 1, failures: 0 },
      latencyMs: 40,
    });

    router.report({ model: a, apiKey: undefined, ok: false, error: serverError(), latencyMs: 1 });
    clock.time += 5000;
    expect(router.route(resolution, context).reason).toBe('probe');
    expect(names(router.plan(resolution, context))).toEqual(['b']);
    // The probing client hangs up: the breaker stays half-open and the next request may probe at once.
    router.report({ model: a, apiKey: undefined, ok: false, latencyMs: 1 });
    expect(router.breakerStates()[0]!.state).toBe('half-open');
    expect(router.route(resolution, context).reason).toBe('probe');
  });

  it('resets a target on request', () => {
    const { router } = setup({ failureThreshold: 1 });
    const a = model('a');
    router.report({ model: a, apiKey: undefined, ok: false, error: serverError(), latencyMs: 1 });
    expect(router.resetTarget('a')).toBe(true);
    expect(router.resetTarget('unknown')).toBe(false);
    expect(router.breakerStates()[0]!.state).toBe('closed');
  });
});
