import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import type { KeyBudget } from '../../src-shared/schemas/usage.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

type Protocol = 'chat' | 'responses' | 'messages';
interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

let upstream: MockUpstream;
let harness: TestGateway;
// $10 per million input tokens, $30 per million output: 100 in + 50 out = $0.0025 a request.
const usage = { input: 100, output: 50 };
const costPerRequest = 100 * 10e-6 + 50 * 30e-6;

beforeAll(async () => {
  upstream = await startMockUpstream({ defaultReply: { kind: 'text', text: 'ok', usage } });
  harness = await startTestGateway({ logFlushIntervalMs: 10 });
  await harness.addModel({
    upstreamUrl: upstream.url,
    name: 'priced',
    model: { inputCostPerToken: 10e-6, outputCostPerToken: 30e-6 },
  });
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

async function send(protocol: Protocol, key: string, maxTokens = 16): Promise<Answer> {
  const paths = { chat: '/v1/chat/completions', responses: '/v1/responses', messages: '/v1/messages' };
  const bodies = {
    chat: { model: 'priced', max_tokens: maxTokens, messages: [{ role: 'user', content: 'Hi' }] },
    responses: { model: 'priced', max_output_tokens: maxTokens, input: 'Hi' },
    messages: { model: 'priced', max_tokens: maxTokens, messages: [{ role: 'user', content: 'Hi' }] },
  };
  const headers: Record<string, string> =
    protocol === 'messages'
      ? { 'x-api-key': key, 'anthropic-version': '2023-06-01' }
      : { authorization: `Bearer ${key}` };
  const response = await fetch(`${harness.url}${paths[protocol]}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(bodies[protocol]),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function createKey(body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const created = await harness.api('POST', '/api/virtual-keys', body);
  expect(created.status).toBe(201);
  return { id: created.body.id, key: created.body.key };
}

/** The key's spend and live limiter state as the admin contract reports it (`GET /api/usage/budgets`). */
async function budgetOf(id: string): Promise<KeyBudget> {
  const budgets = await harness.api('GET', '/api/usage/budgets');
  expect(budgets.status).toBe(200);
  return budgets.body.data.find((entry: KeyBudget) => entry.keyId === id);
}

function burst(count: number, run: () => Promise<Answer>): Promise<Answer[]> {
  return Promise.all(Array.from({ length: count }, run));
}

/** The most requests the upstream was serving at one moment. */
function maxOverlap(): number {
  const events = upstream.requests
    .filter((request) => request.family)
    .flatMap((request) => [
      { at: request.receivedAt, delta: 1 },
      { at: request.finishedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
    ])
    .sort((left, right) => left.at - right.at || left.delta - right.delta);
  let current = 0;
  let most = 0;
  for (const event of events) most = Math.max(most, (current += event.delta));
  return most;
}

function expectOpenAiShape(answer: Answer, type: string): void {
  expect(answer.body.error.type).toBe(type);
  expect(typeof answer.body.error.message).toBe('string');
}

function expectRetryHeaders(answer: Answer): void {
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe('per-key limits under 50 concurrent requests', () => {
  it('rpm admits exactly the limit; every 429 carries retry-after and the request headers', async () => {
    const { key } = await createKey({ name: 'limits-rpm', rpm: 10 });
    const answers = await burst(50, () => send('chat', key));
    const ok = answers.filter((answer) => answer.status === 200);
    const limited = answers.filter((answer) => answer.status === 429);
    expect(ok).toHaveLength(10);
    expect(limited).toHaveLength(40);
    expect(
      ok.map((answer) => Number(answer.headers.get('x-ratelimit-remaining-requests'))).sort((a, b) => a - b),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const answer of limited) {
      expectRetryHeaders(answer);
      expect(answer.headers.get('x-ratelimit-limit-requests')).toBe('10');
      expect(answer.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      expect(answer.headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d+m)?\d+(ms|s)$/);
      expectOpenAiShape(answer, 'rate_limit_exceeded');
    }
  });

  it('maxConcurrency never lets more requests through at once', async () => {
    const { id, key } = await createKey({ name: 'limits-concurrency', maxConcurrency: 5 });
    upstream.reset();
    upstream.setDefault({ fault: 'delay', ms: 300, then: { kind: 'text', text: 'slow', usage } });
    try {
      const answers = await burst(50, () => send('chat', key));
      const ok = answers.filter((answer) => answer.status === 200).length;
      const limited = answers.filter((answer) => answer.status === 429);
      expect(ok + limited.length).toBe(50);
      expect(ok).toBeGreaterThanOrEqual(5);
      expect(maxOverlap()).toBe(5);
      for (const answer of limited) {
        expectRetryHeaders(answer);
        expect(answer.headers.get('x-ratelimit-limit-concurrency')).toBe('5');
        expect(answer.body.error.code).toBe('concurrency_limit_exceeded');
      }
      expect((await budgetOf(id)).inFlight).toBe(0);
    } finally {
      upstream.reset();
      upstream.setDefault({ kind: 'text', text: 'ok', usage });
    }
  });

  it('tpm holds: admitted requests never use more tokens in the minute than the limit', async () => {
    const { id, key } = await createKey({ name: 'limits-tpm', tpm: 1000 });
    // max_tokens 200 makes each reservation (prompt estimate + 200) at least the real 150 tokens,
    // so at least 4 fit in the first wave and the real total can never pass the limit.
    const answers = await burst(50, () => send('chat', key, 200));
    const ok = answers.filter((answer) => answer.status === 200);
    const limited = answers.filter((answer) => answer.status === 429);
    expect(ok.length).toBeGreaterThanOrEqual(4);
    expect(ok.length + limited.length).toBe(50);
    const used = ok.reduce((sum, answer) => sum + answer.body.usage.total_tokens, 0);
    expect(used).toBe(ok.length * 150);
    expect(used).toBeLessThanOrEqual(1000);
    expect((await budgetOf(id)).tokensLastMinute).toBe(used);
    for (const answer of limited) {
      expectRetryHeaders(answer);
      expect(answer.headers.get('x-ratelimit-limit-tokens')).toBe('1000');
      expect(answer.headers.get('x-ratelimit-reset-tokens')).toMatch(/^(\d+m)?\d+(ms|s)$/);
    }
  });

  it('answers each protocol in its own 429 shape with both header families', async () => {
    const expected: Record<Protocol, (answer: Answer) => void> = {
      chat: (answer) => expectOpenAiShape(answer, 'rate_limit_exceeded'),
      responses: (answer) => expectOpenAiShape(answer, 'rate_limit_exceeded'),
      messages: (answer) => {
        expect(answer.body.type).toBe('error');
        expect(answer.body.error.type).toBe('rate_limit_error');
      },
    };
    for (const protocol of ['chat', 'responses', 'messages'] as const) {
      const { key } = await createKey({ name: `limits-shape-${protocol}`, rpm: 1, tpm: 100_000 });
      const first = await send(protocol, key);
      expect(first.status).toBe(200);
      expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      expect(Number(first.headers.get('x-ratelimit-remaining-tokens'))).toBeLessThan(100_000);
      const second = await send(protocol, key);
      expect(second.status).toBe(429);
      expectRetryHeaders(second);
      for (const name of ['requests', 'tokens'])
        for (const part of ['limit', 'remaining', 'reset'])
          expect(
            second.headers.get(`x-ratelimit-${part}-${name}`),
            `${protocol} ${part}-${name}`,
          ).not.toBeNull();
      expected[protocol](second);
    }
  });
});

describe('budgets', () => {
  it('stops a key at the cost that reaches its budget, in every protocol shape, and after a restart', async () => {
    const budgetUsd = 0.009;
    // Admitted while the spend is below the budget: 0, 0.0025, 0.005, 0.0075 -> four requests.
    const expectedOk = Math.ceil(budgetUsd / costPerRequest);
    expect(expectedOk).toBe(4);
    const { id, key } = await createKey({ name: 'budget-day', budgetUsd, budgetPeriod: 'day' });
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) statuses.push((await send('chat', key)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const shapes = {
      chat: await send('chat', key),
      responses: await send('responses', key),
      messages: await send('messages', key),
    };
    for (const answer of Object.values(shapes)) {
      expect(answer.status).toBe(429);
      expectRetryHeaders(answer);
      expect(answer.headers.get('x-should-retry')).toBe('false');
      expect(JSON.stringify(answer.body)).toMatch(/budget/i);
    }
    expectOpenAiShape(shapes.chat, 'insufficient_quota');
    expectOpenAiShape(shapes.responses, 'insufficient_quota');
    expect(shapes.messages.body.error.type).toBe('rate_limit_error');
    expect(shapes.messages.body.error.message).toMatch(/budget/i);

    await harness.restart();
    const afterRestart = await send('chat', key);
    expect(afterRestart.status).toBe(429);
    expect(afterRestart.body.error.type).toBe('insufficient_quota');
    const budgets = await harness.api('GET', '/api/usage/budgets');
    const entry = budgets.body.data.find((row: { keyId: string }) => row.keyId === id);
    expect(entry.spendUsd.day).toBeCloseTo(expectedOk * costPerRequest, 10);
    expect(entry.remainingUsd).toBe(0);
    // Raising the budget lets the key through again, at once.
    await harness.api('PATCH', `/api/virtual-keys/${id}`, { budgetUsd: 1 });
    expect((await send('chat', key)).status).toBe(200);
  });

  it('bounds overshoot under 50 concurrent requests to less than one request', async () => {
    const budgetUsd = 0.009;
    const { id, key } = await createKey({ name: 'budget-burst', budgetUsd, budgetPeriod: 'total' });
    upstream.setDefault({ fault: 'delay', ms: 100, then: { kind: 'text', text: 'ok', usage } });
    try {
      // max_tokens 100 reserves at least the real cost of each request.
      const answers = await burst(50, () => send('chat', key, 100));
      const ok = answers.filter((answer) => answer.status === 200).length;
      const spent = (await budgetOf(id)).spendUsd.total;
      expect(spent).toBeCloseTo(ok * costPerRequest, 10);
      expect(spent).toBeGreaterThanOrEqual(budgetUsd - costPerRequest);
      expect(spent).toBeLessThan(budgetUsd + costPerRequest);
      expect(answers.filter((answer) => answer.status === 429)).toHaveLength(50 - ok);
    } finally {
      upstream.setDefault({ kind: 'text', text: 'ok', usage });
    }
  });

  it('calls the budget-exhausted seam once per period', async () => {
    const events: unknown[] = [];
    const local = await startTestGateway({ onBudgetExhausted: (event) => events.push(event) });
    try {
      await local.addModel({
        upstreamUrl: upstream.url,
        name: 'priced',
        model: { inputCostPerToken: 10e-6, outputCostPerToken: 30e-6 },
      });
      const key = await local.addKey({ name: 'alerted', budgetUsd: 0.004, budgetPeriod: 'month' });
      const call = () =>
        fetch(`${local.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ model: 'priced', messages: [{ role: 'user', content: 'Hi' }] }),
        });
      const statuses = [];
      for (let index = 0; index < 4; index++) statuses.push((await call()).status);
      expect(statuses).toEqual([200, 200, 429, 429]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ keyName: 'alerted', budgetUsd: 0.004, period: 'month' });
    } finally {
      await local.stop();
    }
  });
});
