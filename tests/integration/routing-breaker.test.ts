import { describe, expect, it } from 'vitest';
import { useRoutingHarness } from './__fixtures__/use-routing-harness.ts';

/** The gateway's clock; breaker cooldowns pass when the test says so, never by sleeping. */
const clock = { time: Date.now(), now: () => clock.time };
const routing = useRoutingHarness({
  prefix: 'breaker',
  gateway: { clock },
  async prepare(harness) {
    const patched = await harness.api('PATCH', '/api/settings', {
      routing: { breaker: { failureThreshold: 2, cooldownMs: 10_000, halfOpenProbes: 1 } },
    });
    expect(patched.status).toBe(200);
  },
});

async function virtualModel(modelIds: string[]): Promise<string> {
  return routing.addVirtualModel({
    strategy: 'priority',
    targets: modelIds.map((modelId, index) => ({ modelId, priority: index })),
  });
}

async function chat(model: string) {
  const response = await routing.postChat({ model });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('circuit breaker per target', () => {
  it('opens after the configured failures, half-opens after the cooldown, reopens on a failed probe and closes on a good one', async () => {
    const [primary, backup] = [await routing.addTarget(), await routing.addTarget()];
    primary.upstream.setDefault({ fault: 'status', status: 500 });
    const name = await virtualModel([primary.modelId, backup.modelId]);

    // Two failures (threshold 2): each request still succeeds through the backup.
    for (let count = 0; count < 2; count++) {
      const answer = await chat(name);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-gateway-provider')).toBe(backup.providerName);
    }
    expect(primary.upstream.requests).toHaveLength(2);
    expect(await routing.routingStateOf(primary.modelId)).toMatchObject({
      state: 'open',
      consecutiveFailures: 2,
      lastError: 'upstream_error',
      reopensAt: new Date(clock.time + 10_000).toISOString(),
    });

    // Open: the primary gets no traffic; the log says why it was left out.
    const whileOpen = await chat(name);
    expect(whileOpen.status).toBe(200);
    expect(whileOpen.headers.get('x-gateway-attempts')).toBe('1');
    expect(primary.upstream.requests).toHaveLength(2);
    const log = await routing.logOf(whileOpen.headers.get('x-request-id'));
    expect(log.attempts.map(({ modelId, outcome, reason }) => ({ modelId, outcome, reason }))).toEqual([
      { modelId: primary.modelId, outcome: 'skipped', reason: 'breaker_open' },
      { modelId: backup.modelId, outcome: 'success', reason: 'priority' },
    ]);

    clock.time += 9_999;
    await chat(name);
    expect(primary.upstream.requests).toHaveLength(2);

    // Cooldown over: one probe goes to the primary; it fails, the backup answers, the breaker reopens.
    clock.time += 1;
    expect((await routing.routingStateOf(primary.modelId)).state).toBe('half-open');
    const failedProbe = await chat(name);
    expect(failedProbe.status).toBe(200);
    expect(failedProbe.headers.get('x-gateway-attempts')).toBe('2');
    expect(primary.upstream.requests).toHaveLength(3);
    expect(await routing.routingStateOf(primary.modelId)).toMatchObject({
      state: 'open',
      reopensAt: new Date(clock.time + 10_000).toISOString(),
    });
    await chat(name);
    expect(primary.upstream.requests).toHaveLength(3);

    // The primary recovers: the next probe succeeds and closes the breaker.
    primary.upstream.setDefault({ kind: 'text', text: 'Back again' });
    clock.time += 10_000;
    const goodProbe = await chat(name);
    expect(goodProbe.body.choices[0].message.content).toBe('Back again');
    expect(goodProbe.headers.get('x-gateway-provider')).toBe(primary.providerName);
    expect((await routing.logOf(goodProbe.headers.get('x-request-id'))).attempts[0]).toMatchObject({
      outcome: 'success',
      reason: 'probe',
    });
    expect(await routing.routingStateOf(primary.modelId)).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
    });
    const normal = await chat(name);
    expect(normal.headers.get('x-gateway-provider')).toBe(primary.providerName);
    expect((await routing.logOf(normal.headers.get('x-request-id'))).attempts[0]!.reason).toBe('priority');
  });

  it('lets only the configured number of probes through while half-open', async () => {
    const [primary, backup] = [await routing.addTarget(), await routing.addTarget()];
    primary.upstream.setDefault({ fault: 'status', status: 502 });
    const name = await virtualModel([primary.modelId, backup.modelId]);
    await chat(name);
    await chat(name);
    expect((await routing.routingStateOf(primary.modelId)).state).toBe('open');
    primary.upstream.setDefault({ fault: 'delay', ms: 300, then: { kind: 'text', text: 'slow probe' } });
    clock.time += 10_000;
    const answers = await Promise.all([chat(name), chat(name), chat(name)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    // Two failures before, exactly one probe now; the other requests went to the backup.
    expect(primary.upstream.requests).toHaveLength(3);
    expect(backup.upstream.requests).toHaveLength(4);
    expect((await routing.routingStateOf(primary.modelId)).state).toBe('closed');
  });

  it('fails fast with 503 and retry-after when the only target is open', async () => {
    const only = await routing.addTarget();
    only.upstream.setDefault({ fault: 'status', status: 500 });
    expect((await chat(only.name)).status).toBe(500);
    expect((await chat(only.name)).status).toBe(500);
    clock.time += 4_000;
    const rejected = await chat(only.name);
    expect(rejected.status).toBe(503);
    expect(rejected.body.error.code).toBe('no_available_target');
    expect(rejected.headers.get('retry-after')).toBe('6');
    expect(only.upstream.requests).toHaveLength(2);
    const log = await routing.logOf(rejected.headers.get('x-request-id'));
    expect(log.attempts).toEqual([
      {
        modelId: only.modelId,
        providerId: only.providerId,
        outcome: 'skipped',
        latencyMs: 0,
        reason: 'breaker_open',
      },
    ]);
  });

  it('applies breaker settings edited at runtime and can be reset by the operator', async () => {
    const only = await routing.addTarget();
    only.upstream.setDefault({ fault: 'status', status: 500 });
    await routing.harness.api('PATCH', '/api/settings', { routing: { breaker: { failureThreshold: 1 } } });
    try {
      expect((await chat(only.name)).status).toBe(500);
      expect((await routing.routingStateOf(only.modelId)).state).toBe('open');
    } finally {
      await routing.harness.api('PATCH', '/api/settings', { routing: { breaker: { failureThreshold: 2 } } });
    }
    const reset = await routing.harness.api('POST', `/api/routing/targets/${only.modelId}/reset`);
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ modelId: only.modelId, state: 'closed', consecutiveFailures: 0 });
    only.upstream.setDefault({ kind: 'text', text: 'fixed' });
    expect((await chat(only.name)).status).toBe(200);
    expect((await routing.harness.api('POST', '/api/routing/targets/unknown-model/reset')).status).toBe(404);
  });

  it('requires a login to read routing state', async () => {
    expect((await routing.harness.api('GET', '/api/routing/state', undefined, 'not-a-token')).status).toBe(
      401,
    );
  });
});
