import { describe, expect, it } from 'vitest';
import type { MockUpstream } from '../support/mock-upstream.ts';
import { useRoutingHarness } from './__fixtures__/use-routing-harness.ts';

const routing = useRoutingHarness({ prefix: 'keys' });

async function chat(body: Record<string, unknown>, clientKey?: string) {
  const response = await routing.postChat(body, { key: clientKey });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const usedKey = (upstream: MockUpstream, index: number) => upstream.requests[index]!.headers.authorization;

describe('several keys per provider', () => {
  it('uses the keys in turn', async () => {
    const pooled = await routing.addTarget({
      apiKey: 'sk-pool-key-one',
      provider: { apiKeys: ['sk-pool-key-two', 'sk-pool-key-three'] },
    });
    for (let index = 0; index < 4; index++) expect((await chat({ model: pooled.name })).status).toBe(200);
    expect([0, 1, 2, 3].map((index) => usedKey(pooled.upstream, index))).toEqual([
      'Bearer sk-pool-key-one',
      'Bearer sk-pool-key-two',
      'Bearer sk-pool-key-three',
      'Bearer sk-pool-key-one',
    ]);
  });

  it('rests a rate-limited key (retry-after respected) and serves the same request with another key', async () => {
    const pooled = await routing.addTarget({
      apiKey: 'sk-limited-key-a',
      provider: { apiKeys: ['sk-limited-key-b'] },
    });
    pooled.upstream.enqueue({ fault: 'status', status: 429, headers: { 'retry-after': '120' } });
    const answer = await chat({ model: pooled.name });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-gateway-attempts')).toBe('2');
    expect([usedKey(pooled.upstream, 0), usedKey(pooled.upstream, 1)]).toEqual([
      'Bearer sk-limited-key-a',
      'Bearer sk-limited-key-b',
    ]);
    const log = await routing.logOf(answer.headers.get('x-request-id'));
    expect(log.attempts.map(({ modelId, outcome, reason }) => ({ modelId, outcome, reason }))).toEqual([
      { modelId: pooled.modelId, outcome: 'error', reason: 'rate_limit_exceeded' },
      { modelId: pooled.modelId, outcome: 'success', reason: 'next_key' },
    ]);
    // Key A rests for its retry-after: the next requests all use key B.
    for (let index = 0; index < 3; index++) await chat({ model: pooled.name });
    expect([2, 3, 4].map((index) => usedKey(pooled.upstream, index))).toEqual(
      Array(3).fill('Bearer sk-limited-key-b'),
    );
    const state = await routing.harness.api('GET', '/api/routing/state');
    expect(
      state.body.data.find((entry: { modelId: string }) => entry.modelId === pooled.modelId).keys,
    ).toEqual({ total: 2, cooling: 1 });
    expect(JSON.stringify(state.body)).not.toContain('sk-limited-key');
  });

  it('rests a key the provider rejects while the other keys serve', async () => {
    const pooled = await routing.addTarget({
      apiKey: 'sk-revoked-key-1',
      provider: { apiKeys: ['sk-working-key-2'] },
    });
    pooled.upstream.setHandler((request) =>
      request.headers.authorization === 'Bearer sk-revoked-key-1'
        ? { fault: 'status', status: 401 }
        : undefined,
    );
    for (let index = 0; index < 4; index++) expect((await chat({ model: pooled.name })).status).toBe(200);
    const revoked = pooled.upstream.requests.filter(
      (request) => request.headers.authorization === 'Bearer sk-revoked-key-1',
    );
    expect(revoked).toHaveLength(1);
  });
});

describe('model aliases, default model, context window', () => {
  it('maps requested names through glob aliases to a virtual model or a model', async () => {
    const [smartTarget, fastTarget] = [await routing.addTarget(), await routing.addTarget()];
    const smart = await routing.addVirtualModel({ targets: [{ modelId: smartTarget.modelId }] });
    const patched = await routing.harness.api('PATCH', '/api/settings', {
      aliases: [
        { pattern: 'claude-*-haiku*', target: fastTarget.name },
        { pattern: 'claude-*', target: smart },
      ],
    });
    expect(patched.status).toBe(200);
    try {
      const viaVirtual = await chat({ model: 'claude-sonnet-4-5-20250929' });
      expect(viaVirtual.status).toBe(200);
      // The upstream gets the target's own model name.
      expect(smartTarget.upstream.lastRequest()!.body.model).toBe(smartTarget.upstreamModel);
      expect((await routing.logOf(viaVirtual.headers.get('x-request-id'))).requestedModel).toBe(
        'claude-sonnet-4-5-20250929',
      );
      expect((await chat({ model: 'claude-3-5-haiku-latest' })).status).toBe(200);
      expect(fastTarget.upstream.requests).toHaveLength(1);
      expect((await chat({ model: 'gpt-unknown' })).status).toBe(404);
    } finally {
      await routing.harness.api('PATCH', '/api/settings', { aliases: [] });
    }
  });

  it('uses the key default model when the request names none', async () => {
    const fallback = await routing.addTarget();
    const defaultKey = await routing.harness.addKey({ name: 'with-default', defaultModel: fallback.name });
    const answer = await chat({}, defaultKey);
    expect(answer.status).toBe(200);
    expect(fallback.upstream.requests).toHaveLength(1);
    const withoutDefault = await chat({});
    expect(withoutDefault.status).toBe(400);
    expect(withoutDefault.body.error.param).toBe('model');
  });

  it('skips a target whose context window is smaller than the request', async () => {
    const small = await routing.addTarget({ model: { contextWindow: 1000 } });
    const large = await routing.addTarget({ model: { contextWindow: 200_000 } });
    const name = await routing.addVirtualModel({
      strategy: 'priority',
      targets: [
        { modelId: small.modelId, priority: 0 },
        { modelId: large.modelId, priority: 1 },
      ],
    });
    const short = await chat({ model: name });
    expect(short.status).toBe(200);
    expect(small.upstream.requests).toHaveLength(1);
    const long = await chat({ model: name, messages: [{ role: 'user', content: 'word '.repeat(4000) }] });
    expect(long.status).toBe(200);
    expect(small.upstream.requests).toHaveLength(1);
    expect(large.upstream.requests).toHaveLength(1);
    const log = await routing.logOf(long.headers.get('x-request-id'));
    expect(log.attempts[0]).toMatchObject({
      modelId: small.modelId,
      outcome: 'skipped',
      reason: 'context_window',
    });
    expect(long.headers.get('x-gateway-attempts')).toBe('1');
  });
});
