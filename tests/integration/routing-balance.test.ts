import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../support/create-seeded-random.ts';
import { useRoutingHarness } from './__fixtures__/use-routing-harness.ts';

const routing = useRoutingHarness({
  prefix: 'balance',
  // A seeded source: the same run lands the same way every time.
  gateway: { random: createSeededRandom(20_240_601) },
});

const virtualModel = (strategy: string, targets: Array<{ modelId: string; weight?: number }>) =>
  routing.addVirtualModel({ strategy, targets });

async function chat(
  model: string,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) {
  const response = await routing.postChat({ model, ...extra }, { headers });
  await response.arrayBuffer();
  expect(response.status).toBe(200);
  return response.headers.get('x-gateway-provider');
}

describe('load balancing', () => {
  it('weighted 3:1 over 400 requests lands within 5 percentage points of 75/25', async () => {
    const [heavy, light] = [await routing.addTarget(), await routing.addTarget()];
    const name = await virtualModel('weighted', [
      { modelId: heavy.modelId, weight: 3 },
      { modelId: light.modelId, weight: 1 },
    ]);
    for (let batch = 0; batch < 40; batch++) await Promise.all(Array.from({ length: 10 }, () => chat(name)));
    const heavyShare = heavy.upstream.requests.length / 400;
    expect(heavy.upstream.requests.length + light.upstream.requests.length).toBe(400);
    expect(heavyShare).toBeGreaterThanOrEqual(0.7);
    expect(heavyShare).toBeLessThanOrEqual(0.8);
  });

  it('round-robin takes the targets in turn', async () => {
    const targets = [await routing.addTarget(), await routing.addTarget(), await routing.addTarget()];
    const name = await virtualModel(
      'round-robin',
      targets.map((entry) => ({ modelId: entry.modelId })),
    );
    const served: Array<string | null> = [];
    for (let index = 0; index < 6; index++) served.push(await chat(name));
    const names = targets.map((entry) => entry.providerName);
    expect(served).toEqual([...names, ...names]);
  });

  it('least-latency sends most traffic to the target that answers first, still sampling the other', async () => {
    const [slow, fast] = [await routing.addTarget(), await routing.addTarget()];
    slow.upstream.setDefault({ fault: 'delay', ms: 120, then: { kind: 'text', text: 'slow' } });
    const name = await virtualModel('least-latency', [{ modelId: slow.modelId }, { modelId: fast.modelId }]);
    for (let index = 0; index < 40; index++) await chat(name);
    expect(fast.upstream.requests.length).toBeGreaterThanOrEqual(32);
    // Unmeasured first (so the slow one is tried once), then exploration now and then.
    expect(slow.upstream.requests.length).toBeGreaterThanOrEqual(1);
  });
});

describe('sticky sessions', () => {
  it('keeps a conversation on one target while it is healthy, and moves it when that target fails', async () => {
    const [first, second] = [await routing.addTarget(), await routing.addTarget()];
    const name = await virtualModel('round-robin', [{ modelId: first.modelId }, { modelId: second.modelId }]);
    const session = { 'x-session-id': 'conversation-42' };
    const home = await chat(name, session);
    for (let index = 0; index < 8; index++) expect(await chat(name, session)).toBe(home);
    // Other traffic still rotates.
    expect(new Set([await chat(name), await chat(name)]).size).toBe(2);

    const [homeTarget, otherTarget] = home === first.providerName ? [first, second] : [second, first];
    homeTarget.upstream.enqueue({ fault: 'status', status: 500 });
    const moved = await chat(name, session);
    expect(moved).toBe(otherTarget.providerName);
    // The old target is healthy again, but the conversation stays where its cache is now warm.
    for (let index = 0; index < 4; index++) expect(await chat(name, session)).toBe(otherTarget.providerName);
  });

  it('takes the session from request metadata when there is no header', async () => {
    const [first, second] = [await routing.addTarget(), await routing.addTarget()];
    const name = await virtualModel('round-robin', [{ modelId: first.modelId }, { modelId: second.modelId }]);
    const metadata = { metadata: { session_id: 'from-metadata' } };
    const home = await chat(name, {}, metadata);
    for (let index = 0; index < 5; index++) expect(await chat(name, {}, metadata)).toBe(home);
  });
});
