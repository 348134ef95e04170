import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, startRefusingPort, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import type { RequestLogRecord } from '../../src-gateway/logs/request-log-record.ts';

let harness: TestGateway;
let key: string;
const upstreams: MockUpstream[] = [];
let sequence = 0;

beforeAll(async () => {
  harness = await startTestGateway();
  key = await harness.addKey({ name: 'routing' });
});

afterEach(async () => {
  await Promise.all(upstreams.splice(0).map((upstream) => upstream.close()));
});

afterAll(async () => {
  await harness?.stop();
});

interface Target {
  modelId: string;
  providerId: string;
  providerName: string;
  modelName: string;
  upstream?: MockUpstream;
}

/** One provider + model in front of its own mock upstream (or a given URL). */
async function target(
  options: { url?: string; protocol?: 'openai' | 'anthropic'; provider?: Record<string, unknown> } = {},
): Promise<Target> {
  const upstream = options.url ? undefined : await startMockUpstream();
  if (upstream) upstreams.push(upstream);
  const providerName = `routing-provider-${++sequence}`;
  const ids = await harness.addModel({
    upstreamUrl: options.url ?? upstream!.url,
    protocol: options.protocol,
    name: `routing-model-${sequence}`,
    upstreamModel: `upstream-${sequence}`,
    provider: { name: providerName, ...options.provider },
  });
  return { ...ids, providerName, modelName: `routing-model-${sequence}`, upstream };
}

async function virtualModel(targets: Target[], extra: Record<string, unknown> = {}): Promise<string> {
  const name = `virtual-${++sequence}`;
  const created = await harness.api('POST', '/api/virtual-models', {
    name,
    strategy: 'priority',
    targets: targets.map((entry, index) => ({ modelId: entry.modelId, priority: index })),
    ...extra,
  });
  expect(created.status).toBe(201);
  return name;
}

async function chat(model: string, extra: Record<string, unknown> = {}, signal?: AbortSignal) {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }], ...extra }),
    signal,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

async function logOf(requestId: string | null): Promise<RequestLogRecord> {
  harness.gateway.flushLogs();
  const rows = await harness.gateway.repositories.requestLogs.list({}, { limit: 1000 });
  const row = rows.find((entry) => entry.id === requestId);
  if (!row) throw new Error(`no log row for ${requestId}`);
  return row;
}

async function breakerOf(modelId: string) {
  const state = await harness.api('GET', '/api/routing/state');
  expect(state.status).toBe(200);
  return state.body.data.find((entry: { modelId: string }) => entry.modelId === modelId);
}

/** The first request to a virtual model whose first target fails succeeds via the second. */
async function expectFailover(
  first: Target,
  second: Target,
  outcome: 'error' | 'timeout',
  reason: string,
  body: Record<string, unknown> = {},
) {
  const name = await virtualModel([first, second]);
  const answer = await chat(name, body);
  expect(answer.status).toBe(200);
  if (body.stream === true) expect(contentOf(answer.text)).toBe('Hello from the mock upstream');
  else expect(JSON.parse(answer.text).choices[0].message.content).toBe('Hello from the mock upstream');
  expect(answer.headers.get('x-gateway-provider')).toBe(second.providerName);
  expect(answer.headers.get('x-gateway-attempts')).toBe('2');
  expect(answer.headers.get('x-gateway-model')).toBe(second.modelName);
  const log = await logOf(answer.headers.get('x-request-id'));
  expect(log.status).toBe(200);
  expect(log.providerName).toBe(second.providerName);
  expect(log.attempts.map(({ modelId, outcome, reason }) => ({ modelId, outcome, reason }))).toEqual([
    { modelId: first.modelId, outcome, reason },
    { modelId: second.modelId, outcome: 'success', reason: 'failover' },
  ]);
  expect(second.upstream!.requests).toHaveLength(1);
  return { name, log };
}

describe('failover within one request', () => {
  it('moves on after a 500', async () => {
    const [broken, healthy] = [await target(), await target()];
    broken.upstream!.enqueue({ fault: 'status', status: 500 });
    const { log } = await expectFailover(broken, healthy, 'error', 'upstream_error');
    expect(log.attempts[0]!.status).toBe(500);
  });

  it('moves on after a 429 and keeps later requests off the target until its retry-after passes', async () => {
    const [limited, healthy] = [await target(), await target()];
    limited.upstream!.enqueue({ fault: 'status', status: 429, headers: { 'retry-after': '30' } });
    const { name } = await expectFailover(limited, healthy, 'error', 'rate_limit_exceeded');
    const again = await chat(name);
    expect(again.status).toBe(200);
    expect(again.headers.get('x-gateway-attempts')).toBe('1');
    expect(again.headers.get('x-gateway-provider')).toBe(healthy.providerName);
    expect(limited.upstream!.requests).toHaveLength(1);
    // A rate limit rests the key; it does not count as breakage.
    expect(await breakerOf(limited.modelId)).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
      keys: { total: 1, cooling: 1 },
    });
  });

  it('moves on after an Anthropic 529 overloaded', async () => {
    const [overloaded, healthy] = [await target({ protocol: 'anthropic' }), await target()];
    overloaded.upstream!.enqueue({ fault: 'status', status: 529 });
    await expectFailover(overloaded, healthy, 'error', 'overloaded');
    expect(overloaded.upstream!.requests[0]!.path).toBe('/v1/messages');
  });

  it('moves on when the connection is refused', async () => {
    const port = await startRefusingPort();
    const [refused, healthy] = [await target({ url: `http://127.0.0.1:${port}` }), await target()];
    await expectFailover(refused, healthy, 'error', 'upstream_unreachable');
  });

  it('moves on when the first byte is late, without waiting for it', async () => {
    const [slow, healthy] = [await target({ provider: { timeouts: { firstByteMs: 200 } } }), await target()];
    slow.upstream!.enqueue({ fault: 'delay', ms: 3000, then: { kind: 'text', text: 'too late' } });
    const started = Date.now();
    await expectFailover(slow, healthy, 'timeout', 'upstream_timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('moves on when a stream stalls or drops before its first event', async () => {
    const [stalled, healthy] = [await target({ provider: { timeouts: { idleMs: 200 } } }), await target()];
    stalled.upstream!.enqueue({ fault: 'stall-mid-stream', afterEvents: 0 });
    await expectFailover(stalled, healthy, 'timeout', 'upstream_timeout', { stream: true });

    const [dropped, other] = [await target(), await target()];
    dropped.upstream!.enqueue({ fault: 'drop-mid-stream', afterEvents: 0 });
    await expectFailover(dropped, other, 'error', 'upstream_unreachable', { stream: true });
  });

  it('moves on when the provider rejects its key, counting it against the target', async () => {
    const [misconfigured, healthy] = [await target(), await target()];
    misconfigured.upstream!.enqueue({ fault: 'status', status: 401 });
    await expectFailover(misconfigured, healthy, 'error', 'upstream_auth_error');
    expect(await breakerOf(misconfigured.modelId)).toMatchObject({
      consecutiveFailures: 1,
      lastError: 'upstream_auth_error',
    });
  });

  it('answers 502 upstream_auth_error when every target rejects its key', async () => {
    const [first, second] = [await target(), await target()];
    first.upstream!.enqueue({ fault: 'status', status: 403 });
    second.upstream!.enqueue({ fault: 'status', status: 401 });
    const answer = await chat(await virtualModel([first, second]));
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.text).error.code).toBe('upstream_auth_error');
    expect(answer.headers.get('x-gateway-attempts')).toBe('2');
  });

  it('stops after the configured number of attempts', async () => {
    const targets = [await target(), await target(), await target()];
    targets[0]!.upstream!.enqueue({ fault: 'status', status: 500 });
    targets[1]!.upstream!.enqueue({ fault: 'status', status: 503 });
    const answer = await chat(await virtualModel(targets, { maxAttempts: 2 }));
    expect(answer.status).toBe(503);
    expect(answer.headers.get('x-gateway-attempts')).toBe('2');
    expect(targets[2]!.upstream!.requests).toHaveLength(0);
  });
});

describe('answers the request caused', () => {
  it('passes a 400 straight back without failover and without counting it against the target', async () => {
    const [strict, other] = [await target(), await target()];
    const name = await virtualModel([strict, other]);
    for (let index = 0; index < 6; index++) {
      strict.upstream!.enqueue({
        fault: 'status',
        status: 400,
        body: {
          error: {
            message: 'max_tokens is too large',
            type: 'invalid_request_error',
            param: 'max_tokens',
            code: null,
          },
        },
      });
      const answer = await chat(name);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text).error.message).toContain('max_tokens is too large');
      expect(answer.headers.get('x-gateway-attempts')).toBe('1');
    }
    expect(other.upstream!.requests).toHaveLength(0);
    expect(strict.upstream!.requests).toHaveLength(6);
    expect(await breakerOf(strict.modelId)).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('passes 404 and 422 back as well', async () => {
    const [strict, other] = [await target(), await target()];
    const name = await virtualModel([strict, other]);
    for (const status of [404, 422]) {
      strict.upstream!.enqueue({ fault: 'status', status });
      expect((await chat(name)).status).toBe(status);
    }
    expect(other.upstream!.requests).toHaveLength(0);
  });
});

describe('after the first byte', () => {
  it('ends a stream that stalls mid-way with an in-band timeout error, no failover', async () => {
    const [stalling, other] = [await target({ provider: { timeouts: { idleMs: 300 } } }), await target()];
    stalling.upstream!.enqueue({ fault: 'stall-mid-stream', afterEvents: 2 });
    const answer = await chat(await virtualModel([stalling, other]), { stream: true });
    expect(answer.status).toBe(200);
    const events = answer.text.split('\n\n').filter((frame) => frame.startsWith('data: '));
    expect(events.length).toBeGreaterThan(2);
    expect(answer.text).toContain('upstream_timeout');
    expect(answer.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(other.upstream!.requests).toHaveLength(0);
    const log = await logOf(answer.headers.get('x-request-id'));
    expect(log.errorCode).toBe('upstream_timeout');
    expect(await breakerOf(stalling.modelId)).toMatchObject({ consecutiveFailures: 1 });
  });

  it('ends a stream that drops mid-way with an in-band error, no failover', async () => {
    const [dropping, other] = [await target(), await target()];
    dropping.upstream!.enqueue({ fault: 'drop-mid-stream', afterEvents: 2 });
    const answer = await chat(await virtualModel([dropping, other]), { stream: true });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('"error"');
    expect(answer.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(other.upstream!.requests).toHaveLength(0);
    expect(await breakerOf(dropping.modelId)).toMatchObject({ consecutiveFailures: 1 });
  });
});

describe('deadlines and cancellation', () => {
  it("fails over when a provider's total timeout passes before the first byte, and ends the stream in-band after it", async () => {
    const [slow, healthy] = [await target({ provider: { timeouts: { totalMs: 300 } } }), await target()];
    slow.upstream!.enqueue({ fault: 'delay', ms: 3000, then: { kind: 'text', text: 'late' } });
    await expectFailover(slow, healthy, 'timeout', 'upstream_timeout');

    const dawdling = await target({ provider: { timeouts: { totalMs: 400 } } });
    dawdling.upstream!.enqueue({
      kind: 'text',
      text: 'a long answer that trickles in',
      textPieceSize: 2,
      eventDelayMs: 100,
    });
    const started = Date.now();
    const answer = await chat(await virtualModel([dawdling]), { stream: true });
    expect(answer.status).toBe(200);
    expect(contentOf(answer.text).length).toBeGreaterThan(0);
    expect(answer.text).toContain('upstream_timeout');
    expect(answer.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('gives up at the total deadline, failover included', async () => {
    const slow = await target({ provider: { timeouts: { firstByteMs: 60_000 } } });
    slow.upstream!.enqueue({ fault: 'delay', ms: 10_000, then: { kind: 'text', text: 'late' } });
    const patched = await harness.api('PATCH', '/api/settings', { routing: { totalDeadlineMs: 1000 } });
    expect(patched.status).toBe(200);
    try {
      const started = Date.now();
      const answer = await chat(await virtualModel([slow]));
      expect(answer.status).toBe(504);
      expect(JSON.parse(answer.text).error.code).toBe('deadline_exceeded');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await harness.api('PATCH', '/api/settings', { routing: { totalDeadlineMs: 600_000 } });
    }
  });

  it('aborts the upstream request within 100 ms of the client going away', async () => {
    const slow = await target();
    slow.upstream!.enqueue({ fault: 'stall-mid-stream', afterEvents: 1 });
    const client = new AbortController();
    const pending = chat(await virtualModel([slow]), { stream: true }, client.signal).catch(
      (error: unknown) => error,
    );
    await waitFor(() => slow.upstream!.requests.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const abortedAt = Date.now();
    client.abort();
    await pending;
    await waitFor(() => slow.upstream!.requests[0]!.abortedAt !== undefined);
    expect(slow.upstream!.requests[0]!.abortedAt! - abortedAt).toBeLessThan(100);
  });

  it('aborts a request still waiting for its first byte as well', async () => {
    const slow = await target();
    slow.upstream!.enqueue({ fault: 'delay', ms: 10_000, then: { kind: 'text', text: 'late' } });
    const client = new AbortController();
    const pending = chat(await virtualModel([slow]), {}, client.signal).catch((error: unknown) => error);
    await waitFor(() => slow.upstream!.requests.length === 1);
    const abortedAt = Date.now();
    client.abort();
    await pending;
    await waitFor(() => slow.upstream!.requests[0]!.abortedAt !== undefined);
    expect(slow.upstream!.requests[0]!.abortedAt! - abortedAt).toBeLessThan(100);
    const log = await waitForLog();
    expect(log.status).toBe(499);
  });
});

/** The text a chat stream carried, its deltas joined. */
function contentOf(stream: string): string {
  return stream
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: {'))
    .map((frame) => JSON.parse(frame.slice(6)).choices?.[0]?.delta?.content ?? '')
    .join('');
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function waitForLog(): Promise<RequestLogRecord> {
  for (let tries = 0; tries < 100; tries++) {
    harness.gateway.flushLogs();
    const [latest] = await harness.gateway.repositories.requestLogs.list({}, { limit: 1 });
    if (latest && latest.status === 499) return latest;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no 499 log row');
}
