import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

// Claude Sonnet prices: $3 / $15 per million, cache reads $0.30, cache writes $3.75.
const prices = {
  inputCostPerToken: 3e-6,
  outputCostPerToken: 15e-6,
  cacheReadCostPerToken: 0.3e-6,
  cacheWriteCostPerToken: 3.75e-6,
};

let upstream: MockUpstream;
let harness: TestGateway;
let keyId: string;
let key: string;

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway({ logFlushIntervalMs: 10 });
  await harness.addModel({ upstreamUrl: upstream.url, name: 'chat-model', model: prices });
  await harness.addModel({
    upstreamUrl: upstream.url,
    name: 'responses-model',
    provider: { responsesApi: true },
    model: prices,
  });
  await harness.addModel({
    upstreamUrl: upstream.url,
    protocol: 'anthropic',
    name: 'claude-model',
    model: prices,
  });
  await harness.addModel({
    upstreamUrl: upstream.url,
    protocol: 'gemini',
    name: 'gemini-model',
    model: prices,
  });
  const created = await harness.api('POST', '/api/virtual-keys', { name: 'cost-key' });
  keyId = created.body.id;
  key = created.body.key;
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

async function post(path: string, body: Record<string, unknown>, stream = false): Promise<void> {
  const anthropic = path === '/v1/messages';
  const response = await fetch(`${harness.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(anthropic
        ? { 'x-api-key': key, 'anthropic-version': '2023-06-01' }
        : { authorization: `Bearer ${key}` }),
    },
    body: JSON.stringify({ ...body, stream }),
  });
  expect(response.status).toBe(200);
  await response.text();
}

async function lastLog(model: string): Promise<any> {
  harness.internals.flushLogs();
  const answer = await harness.api('GET', `/api/request-logs?model=${model}&limit=1`);
  return answer.body.data[0];
}

describe('cost per request with each protocol usage semantics', () => {
  it('OpenAI chat: cached_tokens are part of prompt_tokens and priced once, at the cache-read price', async () => {
    upstream.enqueue({
      kind: 'text',
      text: 'ok',
      usage: { input: 1000, output: 200, cacheRead: 600, reasoning: 50 },
    });
    await post('/v1/chat/completions', { model: 'chat-model', messages: [{ role: 'user', content: 'Hi' }] });
    const log = await lastLog('chat-model');
    expect(log).toMatchObject({
      inputTokens: 1000,
      outputTokens: 200,
      cacheReadTokens: 600,
      reasoningTokens: 50,
    });
    // 400 plain * $3 + 600 cached * $0.30 + 200 out * $15 (reasoning is inside output) = $4380 per million
    expect(log.costUsd).toBeCloseTo(0.00438, 12);
  });

  it('OpenAI Responses (streamed): input_tokens_details.cached_tokens priced once', async () => {
    upstream.enqueue({ kind: 'text', text: 'ok', usage: { input: 2000, output: 100, cacheRead: 1500 } });
    await post('/v1/responses', { model: 'responses-model', input: 'Hi' }, true);
    const log = await lastLog('responses-model');
    expect(log).toMatchObject({ inputTokens: 2000, outputTokens: 100, cacheReadTokens: 1500 });
    // 500 * 3 + 1500 * 0.3 + 100 * 15 = 1500 + 450 + 1500 = 3450 micro-dollars
    expect(log.costUsd).toBeCloseTo(0.00345, 12);
  });

  it('Anthropic: input_tokens exclude cache reads and writes, which are added back and priced apart', async () => {
    upstream.enqueue({
      kind: 'text',
      text: 'ok',
      usage: { input: 1000, output: 200, cacheRead: 600, cacheWrite: 100 },
    });
    await post(
      '/v1/messages',
      { model: 'claude-model', max_tokens: 300, messages: [{ role: 'user', content: 'Hi' }] },
      true,
    );
    const log = await lastLog('claude-model');
    // The wire said input_tokens 300, cache_read 600, cache_creation 100.
    expect(log).toMatchObject({
      inputTokens: 1000,
      cacheReadTokens: 600,
      cacheWriteTokens: 100,
      outputTokens: 200,
    });
    // 300 * 3 + 600 * 0.3 + 100 * 3.75 + 200 * 15 = 900 + 180 + 375 + 3000 = 4455 micro-dollars
    expect(log.costUsd).toBeCloseTo(0.004455, 12);
  });

  it('Gemini: thoughts are output on top of candidates; cachedContentTokenCount is inside promptTokenCount', async () => {
    upstream.enqueue({
      kind: 'text',
      text: 'ok',
      usage: { input: 800, output: 300, cacheRead: 200, reasoning: 120 },
    });
    await post('/v1/chat/completions', {
      model: 'gemini-model',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const log = await lastLog('gemini-model');
    expect(log).toMatchObject({
      inputTokens: 800,
      outputTokens: 300,
      cacheReadTokens: 200,
      reasoningTokens: 120,
    });
    // 600 * 3 + 200 * 0.3 + 300 * 15 = 1800 + 60 + 4500 = 6360 micro-dollars
    expect(log.costUsd).toBeCloseTo(0.00636, 12);
  });

  it('rolls the same figures up per key, model and provider', async () => {
    harness.internals.flushLogs();
    const byModel = await harness.api('GET', `/api/usage?groupBy=model&keyId=${keyId}`);
    expect(byModel.status).toBe(200);
    expect(byModel.body.granularity).toBe('hour');
    expect(byModel.body.totals.requests).toBe(4);
    expect(byModel.body.totals.costUsd).toBeCloseTo(0.00438 + 0.00345 + 0.004455 + 0.00636, 12);
    expect(byModel.body.totals.cacheReadTokens).toBe(600 + 1500 + 600 + 200);
    expect(byModel.body.totals.cacheWriteTokens).toBe(100);
    const names = byModel.body.groups.map((group: { id: string }) => group.id);
    // Highest cost first.
    expect(names).toEqual(['gemini-model', 'claude-model', 'chat-model', 'responses-model']);
    const byProvider = await harness.api('GET', '/api/usage?groupBy=provider&granularity=minute');
    expect(byProvider.body.groups).toHaveLength(4);
    const byKey = await harness.api('GET', '/api/usage?groupBy=key&granularity=day');
    expect(byKey.body.groups).toEqual([expect.objectContaining({ id: keyId, name: 'cost-key' })]);
    const latency = byKey.body.groups[0].totals.latencyMs;
    expect(latency.p50).toBeGreaterThan(0);
    expect(latency.p99).toBeGreaterThanOrEqual(latency.p50);
    expect(byKey.body.groups[0].series).toHaveLength(1);
  });
});
