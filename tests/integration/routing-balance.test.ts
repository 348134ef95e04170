import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { createSeededRandom } from '../support/create-seeded-random.ts';

let harness: TestGateway;
let key: string;
const upstreams: MockUpstream[] = [];
let sequence = 0;

beforeAll(async () => {
  // A seeded source: the same run lands the same way every time.
  harness = await startTestGateway({ random: createSeededRandom(20_240_601) });
  key = await harness.addKey({ name: 'balance' });
});

afterEach(async () => {
  await Promise.all(upstreams.splice(0).map((upstream) => upstream.close()));
});

afterAll(async () => {
  await harness?.stop();
});

async function target() {
  const upstream = await startMockUpstream();
  upstreams.push(upstream);
  const providerName = `balance-provider-${++sequence}`;
  const ids = await harness.addModel({
    upstreamUrl: upstream.url,
    name: `balance-model-${sequence}`,
    provider: { name: providerName },
  });
  return { ...ids, providerName, upstream };
}

async function virtualModel(
  strategy: string,
  targets: Array<{ modelId: string; weight?: number; priority?: number }>,
) {
  const name = `balance-virtual-${++sequence}`;
  const created = await harness.api('POST', '/api/virtual-models', { name, strategy, targets });
  expect(created.status).toBe(201);
  return name;
}

async function chat(
  model: string,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }], ...extra }),
  });
  await response.arrayBuffer();
  expect(response.status).toBe(200);
  return response.headers.get('x-gateway-provider');
}

describe('load balancing', () => {
  it('weighted 3:1 over 400 requests lands within 5 percentage points of 75/25', async () => {
    const [heavy, light] = [await target(), await target()];
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
    const targets = [await target(), await target(), await target()];
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
    const [slow, fast] = [await target(), await target()];
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
    const [first, second] = [await target(), await target()];
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
    const [first, second] = [await target(), await target()];
    const name = await virtualModel('round-robin', [{ modelId: first.modelId }, { modelId: second.modelId }]);
    const metadata = { metadata: { session_id: 'from-metadata' } };
    const home = await chat(name, {}, metadata);
    for (let index = 0; index < 5; index++) expect(await chat(name, {}, metadata)).toBe(home);
  });
});
