import { describe, expect, it } from 'vitest';
import type { MockReply } from '../support/mock-upstream.ts';
import { createSeededRandom } from '../support/create-seeded-random.ts';
import { useRoutingHarness, type RoutingTarget } from './__fixtures__/use-routing-harness.ts';

/** The gateway's clock: retry-after windows pass when the test says so, never by sleeping. */
const clock = { time: Date.now(), now: () => clock.time };
const routing = useRoutingHarness({
  prefix: 'limits',
  gateway: { clock, random: createSeededRandom(7) },
});

/** OpenAI's answer when the account behind the key has run out of quota (a 429, like a rate limit). */
const insufficientQuota: MockReply = {
  fault: 'status',
  status: 429,
  body: {
    error: {
      message: 'You exceeded your current quota, please check your plan and billing details.',
      type: 'insufficient_quota',
      param: null,
      code: 'insufficient_quota',
    },
  },
};

interface SharedKeyModels {
  /** Model A: the target's own model. */
  a: RoutingTarget;
  /** Model B: a second model of the same provider, so the same key. */
  b: { modelId: string; name: string; upstreamModel: string };
}

/** Two models on one provider and its one key, both answered by the target's mock upstream. */
async function modelsOnOneKey(): Promise<SharedKeyModels> {
  const a = await routing.addTarget({ apiKey: 'sk-shared-key-0001' });
  const b = { name: `${a.name}-b`, upstreamModel: `${a.upstreamModel}-b` };
  const created = await routing.harness.api('POST', '/api/models', { providerId: a.providerId, ...b });
  expect(created.status).toBe(201);
  return { a, b: { ...b, modelId: created.body.id } };
}

async function chat(name: string) {
  const response = await routing.postChat({ model: name });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const servedBy = (answer: { headers: Headers }) => decodeURIComponent(answer.headers.get('x-gateway-model')!);

/** Send requests to `name` until one of them reached model A's upstream model (the weights decide). */
async function untilModelAIsTried(name: string, a: RoutingTarget): Promise<void> {
  const triedA = () => a.upstream.requests.filter((request) => request.body.model === a.upstreamModel).length;
  for (let count = 0; count < 20 && triedA() === 0; count++) expect((await chat(name)).status).toBe(200);
  expect(triedA()).toBe(1);
}

describe('a rate limit on one model of a shared key', () => {
  it("rests only that model on the key: the key's other model keeps its share, and the limited one returns after retry-after", async () => {
    const { a, b } = await modelsOnOneKey();
    let limited = true;
    a.upstream.setHandler((request) =>
      limited && request.body?.model === a.upstreamModel
        ? { fault: 'status', status: 429, headers: { 'retry-after': '1' } }
        : undefined,
    );
    const name = await routing.addVirtualModel({
      strategy: 'weighted',
      targets: [
        { modelId: a.modelId, weight: 1 },
        { modelId: b.modelId, weight: 1 },
      ],
    });
    await untilModelAIsTried(name, a);

    // Within A's retry-after: every request goes straight to B, A's upstream model is left alone.
    const requestsBefore = a.upstream.requests.length;
    for (let count = 0; count < 10; count++) {
      const answer = await chat(name);
      expect(answer.status).toBe(200);
      expect(servedBy(answer)).toBe(b.name);
      expect(answer.headers.get('x-gateway-attempts')).toBe('1');
      const log = await routing.logOf(answer.headers.get('x-request-id'));
      expect(log.attempts.map(({ outcome, reason }) => ({ outcome, reason }))).toEqual([
        { outcome: 'success', reason: 'weighted' },
      ]);
    }
    const sent = a.upstream.requests.slice(requestsBefore).map((request) => request.body.model);
    expect(sent).toEqual(Array(10).fill(b.upstreamModel));
    expect((await routing.routingStateOf(a.modelId)).keys).toEqual({ total: 1, cooling: 1 });
    expect((await routing.routingStateOf(b.modelId)).keys).toEqual({ total: 1, cooling: 0 });

    // Retry-after passed: A takes its share again.
    limited = false;
    clock.time += 1000;
    const served = new Set<string>();
    for (let count = 0; count < 20; count++) served.add(servedBy(await chat(name)));
    expect(served).toEqual(new Set([a.name, b.name]));
    expect((await routing.routingStateOf(a.modelId)).keys).toEqual({ total: 1, cooling: 0 });
  });

  it('rests the whole key, for every model on it, when the quota is exhausted (429 insufficient_quota) or the key is rejected (401)', async () => {
    for (const failure of [insufficientQuota, { fault: 'status', status: 401 } satisfies MockReply]) {
      const { a, b } = await modelsOnOneKey();
      a.upstream.setHandler((request) => (request.body?.model === a.upstreamModel ? failure : undefined));
      // A third model on another provider's key: where traffic goes while the shared key rests.
      const elsewhere = await routing.addTarget();
      const name = await routing.addVirtualModel({
        strategy: 'weighted',
        targets: [
          { modelId: a.modelId, weight: 1 },
          { modelId: b.modelId, weight: 1 },
          { modelId: elsewhere.modelId, weight: 1 },
        ],
      });
      await untilModelAIsTried(name, a);
      const requestsBefore = a.upstream.requests.length;
      for (let count = 0; count < 10; count++) {
        const answer = await chat(name);
        expect(answer.status).toBe(200);
        expect(servedBy(answer)).toBe(elsewhere.name);
      }
      // Neither model of the resting key was asked.
      expect(a.upstream.requests.length).toBe(requestsBefore);
      expect((await routing.routingStateOf(b.modelId)).keys).toEqual({ total: 1, cooling: 1 });
    }
  });
});
