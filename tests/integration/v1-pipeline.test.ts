/**
 * One pipeline for every `/v1` operation: embeddings, `count_tokens` and
 * `/v1/models` are authenticated, admitted (or deliberately not), routed and
 * logged by the same code as model calls. These tests show it where a user
 * sees it: the request log, usage and budgets, rate limits, key failover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogView } from '../../src-shared/schemas/request-log.ts';
import type { KeyBudget } from '../../src-shared/schemas/usage.ts';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let upstream: MockUpstream;
let harness: TestGateway;
let pooledUpstream: MockUpstream;

// $10 per million input tokens, $30 per million output.
const inputCost = 10e-6;
const outputCost = 30e-6;

beforeAll(async () => {
  upstream = await startMockUpstream({
    defaultReply: { kind: 'text', text: 'ok', usage: { input: 100, output: 50 } },
  });
  pooledUpstream = await startMockUpstream();
  harness = await startTestGateway({ logFlushIntervalMs: 10 });
  await harness.addModel({
    upstreamUrl: upstream.url,
    name: 'priced',
    upstreamModel: 'priced-upstream',
    model: { inputCostPerToken: inputCost, outputCostPerToken: outputCost },
  });
  await harness.addModel({ upstreamUrl: upstream.url, protocol: 'anthropic', name: 'claude-only' });
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
  await pooledUpstream?.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function send(
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(`${harness.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const anthropicAuth = (key: string) => ({ 'x-api-key': key, 'anthropic-version': '2023-06-01' });
const chat = (key: string, model = 'priced') =>
  send('POST', '/v1/chat/completions', bearer(key), { model, messages: [{ role: 'user', content: 'Hi' }] });
const embed = (key: string, model = 'priced', input: unknown = 'twelve chars') =>
  send('POST', '/v1/embeddings', bearer(key), { model, input });
const countTokens = (key: string) =>
  send('POST', '/v1/messages/count_tokens?beta=true', anthropicAuth(key), {
    model: 'priced',
    messages: [{ role: 'user', content: 'How many tokens is this?' }],
  });

async function createKey(body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const created = await harness.api('POST', '/api/virtual-keys', body);
  expect(created.status).toBe(201);
  return { id: created.body.id, key: created.body.key };
}

/** The request-log row of an answer (by its `x-request-id`). */
async function logOf(answer: Answer): Promise<RequestLogView> {
  const id = answer.headers.get('x-request-id');
  expect(id).toBeTruthy();
  harness.internals.flushLogs();
  const log = await harness.api('GET', `/api/request-logs/${id}`);
  expect(log.status, `no log row for ${id}`).toBe(200);
  return log.body;
}

describe('embeddings are a model call of the pipeline', () => {
  it('are logged and counted like a chat request: usage, cost, budget spend, gateway headers, captured bodies', async () => {
    const { id, key } = await createKey({ name: 'pipeline-usage', logBodies: true, budgetUsd: 10 });
    const chatted = await chat(key);
    const embedded = await embed(key);
    expect([chatted.status, embedded.status]).toEqual([200, 200]);
    // "twelve chars": the mock reports ceil(12 / 4) = 3 prompt tokens.
    expect(embedded.body.usage.prompt_tokens).toBe(3);
    const chatCost = 100 * inputCost + 50 * outputCost;
    const embeddingsCost = 3 * inputCost;

    for (const answer of [chatted, embedded]) {
      expect(answer.headers.get('x-gateway-model')).toBe('priced');
      expect(answer.headers.get('x-gateway-attempts')).toBe('1');
      expect(answer.headers.get('request-id')).toBe(answer.headers.get('x-request-id'));
    }
    const chatRow = await logOf(chatted);
    const embeddingsRow = await logOf(embedded);
    const shared = (row: RequestLogView) => ({
      keyId: row.keyId,
      requestedModel: row.requestedModel,
      modelName: row.modelName,
      providerName: row.providerName,
      upstreamModel: row.upstreamModel,
      status: row.status,
      attempts: row.attempts.map(({ outcome }) => outcome),
    });
    expect(shared(embeddingsRow)).toEqual(shared(chatRow));
    expect(embeddingsRow).toMatchObject({ inboundProtocol: 'embeddings', inputTokens: 3, outputTokens: 0 });
    expect(embeddingsRow.costUsd).toBeCloseTo(embeddingsCost, 12);
    expect(embeddingsRow.ttfbMs).not.toBeNull();
    // Body capture for the key covers the answer too, as for chat.
    expect(JSON.parse(embeddingsRow.requestBody!)).toEqual({ model: 'priced', input: 'twelve chars' });
    expect(JSON.parse(embeddingsRow.responseBody!).usage.prompt_tokens).toBe(3);
    expect(chatRow.responseBody).not.toBeNull();

    const usage = await harness.api('GET', `/api/usage?groupBy=key&keyId=${id}`);
    expect(usage.body.groups[0].totals).toMatchObject({ requests: 2, inputTokens: 103, outputTokens: 50 });
    expect(usage.body.groups[0].totals.costUsd).toBeCloseTo(chatCost + embeddingsCost, 12);
    const budgets = await harness.api('GET', '/api/usage/budgets');
    const budget = budgets.body.data.find((entry: KeyBudget) => entry.keyId === id);
    expect(budget.spendUsd.total).toBeCloseTo(chatCost + embeddingsCost, 12);
  });

  it('share the key’s rpm with chat and get the same 429, headers included', async () => {
    const { key } = await createKey({ name: 'pipeline-rpm', rpm: 2 });
    const first = await embed(key);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    expect((await chat(key)).status).toBe(200);
    const refusedEmbeddings = await embed(key);
    const refusedChat = await chat(key);
    for (const refused of [refusedEmbeddings, refusedChat]) {
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    }
    expect(refusedEmbeddings.body.error).toEqual(refusedChat.body.error);
    expect(await logOf(refusedEmbeddings)).toMatchObject({ inboundProtocol: 'embeddings', status: 429 });
  });

  it('move on to the provider’s next key when a key is rate-limited (429) or rejected (401)', async () => {
    const key = await harness.addKey({ name: 'pipeline-next-key' });
    for (const status of [429, 401]) {
      // A provider of its own each time: the key the first round rested would change the second.
      await harness.addModel({
        upstreamUrl: pooledUpstream.url,
        name: `pooled-${status}`,
        apiKey: `sk-pool-first-key-${status}`,
        provider: { apiKeys: [`sk-pool-second-key-${status}`] },
      });
      pooledUpstream.reset();
      pooledUpstream.enqueue({ fault: 'status', status, headers: { 'retry-after': '1' } });
      const answer = await embed(key, `pooled-${status}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-gateway-attempts')).toBe('2');
      expect(pooledUpstream.requests.map((request) => request.headers.authorization)).toEqual([
        `Bearer sk-pool-first-key-${status}`,
        `Bearer sk-pool-second-key-${status}`,
      ]);
      const row = await logOf(answer);
      expect(row.attempts.map(({ outcome, reason }) => ({ outcome, reason }))).toEqual([
        { outcome: 'error', reason: status === 429 ? 'rate_limit_exceeded' : expect.any(String) },
        { outcome: 'success', reason: 'next_key' },
      ]);
    }
  });

  it('stop at the total deadline like model calls (504 deadline_exceeded)', async () => {
    const key = await harness.addKey({ name: 'pipeline-deadline' });
    upstream.enqueue({ fault: 'delay', ms: 10_000, then: { kind: 'text', text: 'late' } });
    expect((await harness.api('PATCH', '/api/settings', { routing: { totalDeadlineMs: 1000 } })).status).toBe(
      200,
    );
    try {
      const started = Date.now();
      const answer = await embed(key);
      expect(answer.status).toBe(504);
      expect(answer.body.error.code).toBe('deadline_exceeded');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await logOf(answer)).toMatchObject({
        inboundProtocol: 'embeddings',
        errorCode: 'deadline_exceeded',
      });
    } finally {
      await harness.api('PATCH', '/api/settings', { routing: { totalDeadlineMs: 600_000 } });
    }
  });

  it('refuse a model with no OpenAI-protocol target before admission: the 400 costs no rpm', async () => {
    const { key } = await createKey({ name: 'pipeline-wrong-family', rpm: 1 });
    const refused = await embed(key, 'claude-only');
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('embeddings_not_supported');
    expect((await embed(key)).status).toBe(200);
  });
});

describe('count_tokens goes through authentication and logging', () => {
  it('needs a valid key, and both the refusal and the answer leave a log row', async () => {
    const refused = await countTokens('sk-not-a-key');
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(await logOf(refused)).toMatchObject({ inboundProtocol: 'count-tokens', status: 401, keyId: null });

    const { id, key } = await createKey({ name: 'pipeline-count' });
    const counted = await countTokens(key);
    expect(counted.status).toBe(200);
    expect(counted.body.input_tokens).toBeGreaterThan(0);
    expect(await logOf(counted)).toMatchObject({
      inboundProtocol: 'count-tokens',
      status: 200,
      keyId: id,
      requestedModel: 'priced',
      modelId: null,
      inputTokens: 0,
      costUsd: 0,
    });
  });

  it('is not admitted: it never uses up the key’s rpm, and answers after the rpm is used up', async () => {
    const { key } = await createKey({ name: 'pipeline-count-rpm', rpm: 1 });
    for (let index = 0; index < 3; index++) {
      const counted = await countTokens(key);
      expect(counted.status).toBe(200);
      expect(counted.headers.get('x-ratelimit-limit-requests')).toBeNull();
    }
    expect((await chat(key)).status).toBe(200);
    expect((await chat(key)).status).toBe(429);
    expect((await countTokens(key)).status).toBe(200);
  });
});

describe('/v1/models goes through authentication and logging', () => {
  it('logs listings, retrievals and refusals as `models`', async () => {
    const { id, key } = await createKey({ name: 'pipeline-models' });
    const listed = await send('GET', '/v1/models', bearer(key));
    expect(listed.status).toBe(200);
    expect(listed.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(listed.body.data.map((entry: { id: string }) => entry.id)).toEqual([
      'claude-only',
      'pooled-401',
      'pooled-429',
      'priced',
    ]);
    expect(await logOf(listed)).toMatchObject({ inboundProtocol: 'models', status: 200, keyId: id });

    const missing = await send('GET', '/v1/models/no-such-model', anthropicAuth(key));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect(await logOf(missing)).toMatchObject({
      inboundProtocol: 'models',
      status: 404,
      requestedModel: 'no-such-model',
      errorCode: 'model_not_found',
    });

    const refused = await send('GET', '/v1/models', bearer('sk-not-a-key'));
    expect(refused.status).toBe(401);
    expect(await logOf(refused)).toMatchObject({ inboundProtocol: 'models', status: 401, keyId: null });
  });

  it('answers the spellings express also routed (trailing slash, letter case) through the same operation', async () => {
    const key = await harness.addKey({ name: 'pipeline-models-spellings' });
    const slash = await send('GET', '/v1/models/', bearer(key));
    expect(slash.status).toBe(200);
    expect(slash.body.object).toBe('list');
    const upper = await send('GET', '/V1/MODELS/priced', bearer(key));
    expect(upper.status).toBe(200);
    expect(upper.body.id).toBe('priced');
    expect(await logOf(upper)).toMatchObject({ inboundProtocol: 'models', requestedModel: 'priced' });
  });

  it('is not admitted: a listing at client start never uses up the key’s rpm', async () => {
    const { key } = await createKey({ name: 'pipeline-models-rpm', rpm: 1 });
    for (let index = 0; index < 3; index++)
      expect((await send('GET', '/v1/models', bearer(key))).status).toBe(200);
    expect((await chat(key)).status).toBe(200);
    expect((await chat(key)).status).toBe(429);
    expect((await send('GET', '/v1/models/priced', bearer(key))).status).toBe(200);
  });
});
