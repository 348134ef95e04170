import { describe, expect, it } from 'vitest';
import type { RequestLogView } from '../../src-shared/schemas/request-log.ts';
import { startRefusingPort } from '../support/mock-upstream.ts';
import { useRoutingHarness, type RoutingTarget } from './__fixtures__/use-routing-harness.ts';

const routing = useRoutingHarness({ prefix: 'routing' });

async function virtualModel(targets: RoutingTarget[], extra: Record<string, unknown> = {}): Promise<string> {
  return routing.addVirtualModel({
    strategy: 'priority',
    targets: targets.map((entry, index) => ({ modelId: entry.modelId, priority: index })),
    ...extra,
  });
}

async function chat(model: string, extra: Record<string, unknown> = {}, signal?: AbortSignal) {
  const response = await routing.postChat({ model, ...extra }, { signal });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

/** The first request to a virtual model whose first target fails succeeds via the second. */
async function expectFailover(
  first: RoutingTarget,
  second: RoutingTarget,
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
  expect(answer.headers.get('x-gateway-model')).toBe(second.name);
  const log = await routing.logOf(answer.headers.get('x-request-id'));
  expect(log.status).toBe(200);
  expect(log.providerName).toBe(second.providerName);
  expect(log.attempts.map(({ modelId, outcome, reason }) => ({ modelId, outcome, reason }))).toEqual([
    { modelId: first.modelId, outcome, reason },
    { modelId: second.modelId, outcome: 'success', reason: 'failover' },
  ]);
  expect(second.upstream.requests).toHaveLength(1);
  return { name, log };
}

describe('failover within one request', () => {
  it('moves on after a 500', async () => {
    const [broken, healthy] = [await routing.addTarget(), await routing.addTarget()];
    broken.upstream.enqueue({ fault: 'status', status: 500 });
    const { log } = await expectFailover(broken, healthy, 'error', 'upstream_error');
    expect(log.attempts[0]!.status).toBe(500);
  });

  it('moves on after a 429 and keeps later requests off the target until its retry-after passes', async () => {
    const [limited, healthy] = [await routing.addTarget(), await routing.addTarget()];
    limited.upstream.enqueue({ fault: 'status', status: 429, headers: { 'retry-after': '30' } });
    const { name } = await expectFailover(limited, healthy, 'error', 'rate_limit_exceeded');
    const again = await chat(name);
    expect(again.status).toBe(200);
    expect(again.headers.get('x-gateway-attempts')).toBe('1');
    expect(again.headers.get('x-gateway-provider')).toBe(healthy.providerName);
    expect(limited.upstream.requests).toHaveLength(1);
    // A rate limit rests the key; it does not count as breakage.
    expect(await routing.routingStateOf(limited.modelId)).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
      keys: { total: 1, cooling: 1 },
    });
  });

  it('moves on after an Anthropic 529 overloaded', async () => {
    const [overloaded, healthy] = [
      await routing.addTarget({ protocol: 'anthropic' }),
      await routing.addTarget(),
    ];
    overloaded.upstream.enqueue({ fault: 'status', status: 529 });
    await expectFailover(overloaded, healthy, 'error', 'overloaded');
    expect(overloaded.upstream.requests[0]!.path).toBe('/v1/messages');
  });

  it('moves on when the connection is refused', async () => {
    const port = await startRefusingPort();
    const [refused, healthy] = [
      await routing.addTarget({ upstreamUrl: `http://127.0.0.1:${port}` }),
      await routing.addTarget(),
    ];
    await expectFailover(refused, healthy, 'error', 'upstream_unreachable');
  });

  it('moves on when the first byte is late, without waiting for it', async () => {
    const [slow, healthy] = [
      await routing.addTarget({ provider: { timeouts: { firstByteMs: 200 } } }),
      await routing.addTarget(),
    ];
    slow.upstream.enqueue({ fault: 'delay', ms: 3000, then: { kind: 'text', text: 'too late' } });
    const started = Date.now();
    await expectFailover(slow, healthy, 'timeout', 'upstream_timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('moves on when a stream stalls or drops before its first event', async () => {
    const [stalled, healthy] = [
      await routing.addTarget({ provider: { timeouts: { idleMs: 200 } } }),
      await routing.addTarget(),
    ];
    stalled.upstream.enqueue({ fault: 'stall-mid-stream', afterEvents: 0 });
    await expectFailover(stalled, healthy, 'timeout', 'upstream_timeout', { stream: true });

    const [dropped, other] = [await routing.addTarget(), await routing.addTarget()];
    dropped.upstream.enqueue({ fault: 'drop-mid-stream', afterEvents: 0 });
    await expectFailover(dropped, other, 'error', 'upstream_unreachable', { stream: true });
  });

  it('moves on when the provider rejects its key, counting it against the target', async () => {
    const [misconfigured, healthy] = [await routing.addTarget(), await routing.addTarget()];
    misconfigured.upstream.enqueue({ fault: 'status', status: 401 });
    await expectFailover(misconfigured, healthy, 'error', 'upstream_auth_error');
    expect(await routing.routingStateOf(misconfigured.modelId)).toMatchObject({
      consecutiveFailures: 1,
      lastError: 'upstream_auth_error',
    });
  });

  it('answers 502 upstream_auth_error when every target rejects its key', async () => {
    const [first, second] = [await routing.addTarget(), await routing.addTarget()];
    first.upstream.enqueue({ fault: 'status', status: 403 });
    second.upstream.enqueue({ fault: 'status', status: 401 });
    const answer = await chat(await virtualModel([first, second]));
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.text).error.code).toBe('upstream_auth_error');
    expect(answer.headers.get('x-gateway-attempts')).toBe('2');
  });

  it('stops after the configured number of attempts', async () => {
    const targets = [await routing.addTarget(), await routing.addTarget(), await routing.addTarget()];
    targets[0]!.upstream.enqueue({ fault: 'status', status: 500 });
    targets[1]!.upstream.enqueue({ fault: 'status', status: 503 });
    const answer = await chat(await virtualModel(targets, { maxAttempts: 2 }));
    expect(answer.status).toBe(503);
    expect(answer.headers.get('x-gateway-attempts')).toBe('2');
    expect(targets[2]!.upstream.requests).toHaveLength(0);
  });
});

describe('answers the request caused', () => {
  it('passes a 400 straight back without failover and without counting it against the target', async () => {
    const [strict, other] = [await routing.addTarget(), await routing.addTarget()];
    const name = await virtualModel([strict, other]);
    for (let index = 0; index < 6; index++) {
      strict.upstream.enqueue({
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
    expect(other.upstream.requests).toHaveLength(0);
    expect(strict.upstream.requests).toHaveLength(6);
    expect(await routing.routingStateOf(strict.modelId)).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
    });
  });

  it('passes 404 and 422 back as well', async () => {
    const [strict, other] = [await routing.addTarget(), await routing.addTarget()];
    const name = await virtualModel([strict, other]);
    for (const status of [404, 422]) {
      strict.upstream.enqueue({ fault: 'status', status });
      expect((await chat(name)).status).toBe(status);
    }
    expect(other.upstream.requests).toHaveLength(0);
  });
});

describe('after the first byte', () => {
  it('ends a stream that stalls mid-way with an in-band timeout error, no failover', async () => {
    const [stalling, other] = [
      await routing.addTarget({ provider: { timeouts: { idleMs: 300 } } }),
      await routing.addTarget(),
    ];
    stalling.upstream.enqueue({ fault: 'stall-mid-stream', afterEvents: 2 });
    const answer = await chat(await virtualModel([stalling, other]), { stream: true });
    expect(answer.status).toBe(200);
    const events = answer.text.split('\n\n').filter((frame) => frame.startsWith('data: '));
    expect(events.length).toBeGreaterThan(2);
    expect(answer.text).toContain('upstream_timeout');
    expect(answer.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(other.upstream.requests).toHaveLength(0);
    const log = await routing.logOf(answer.headers.get('x-request-id'));
    expect(log.errorCode).toBe('upstream_timeout');
    expect(await routing.routingStateOf(stalling.modelId)).toMatchObject({ consecutiveFailures: 1 });
  });

  it('ends a stream that drops mid-way with an in-band error, no failover', async () => {
    const [dropping, other] = [await routing.addTarget(), await routing.addTarget()];
    dropping.upstream.enqueue({ fault: 'drop-mid-stream', afterEvents: 2 });
    const answer = await chat(await virtualModel([dropping, other]), { stream: true });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('"error"');
    expect(answer.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(other.upstream.requests).toHaveLength(0);
    expect(await routing.routingStateOf(dropping.modelId)).toMatchObject({ consecutiveFailures: 1 });
  });
});

describe('deadlines and cancellation', () => {
  it("fails over when a provider's total timeout passes before the first byte, and ends the stream in-band after it", async () => {
    const [slow, healthy] = [
      await routing.addTarget({ provider: { timeouts: { totalMs: 300 } } }),
      await routing.addTarget(),
    ];
    slow.upstream.enqueue({ fault: 'delay', ms: 3000, then: { kind: 'text', text: 'late' } });
    await expectFailover(slow, healthy, 'timeout', 'upstream_timeout');

    const dawdling = await routing.addTarget({ provider: { timeouts: { totalMs: 400 } } });
    dawdling.upstream.enqueue({
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
    const slow = await routing.addTarget({ provider: { timeouts: { firstByteMs: 60_000 } } });
    slow.upstream.enqueue({ fault: 'delay', ms: 10_000, then: { kind: 'text', text: 'late' } });
    const patched = await routing.harness.api('PATCH', '/api/settings', {
      routing: { totalDeadlineMs: 1000 },
    });
    expect(patched.status).toBe(200);
    try {
      const started = Date.now();
      const answer = await chat(await virtualModel([slow]));
      expect(answer.status).toBe(504);
      expect(JSON.parse(answer.text).error.code).toBe('deadline_exceeded');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await routing.harness.api('PATCH', '/api/settings', { routing: { totalDeadlineMs: 600_000 } });
    }
  });

  it('aborts the upstream request within 100 ms of the client going away', async () => {
    const slow = await routing.addTarget();
    slow.upstream.enqueue({ fault: 'stall-mid-stream', afterEvents: 1 });
    const client = new AbortController();
    const pending = chat(await virtualModel([slow]), { stream: true }, client.signal).catch(
      (error: unknown) => error,
    );
    await waitFor(() => slow.upstream.requests.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const abortedAt = Date.now();
    client.abort();
    await pending;
    await waitFor(() => slow.upstream.requests[0]!.abortedAt !== undefined);
    expect(slow.upstream.requests[0]!.abortedAt! - abortedAt).toBeLessThan(500); // promptly: seconds before the upstream would end, with room for a loaded CI machine
  });

  it('aborts a request still waiting for its first byte as well', async () => {
    const slow = await routing.addTarget();
    slow.upstream.enqueue({ fault: 'delay', ms: 10_000, then: { kind: 'text', text: 'late' } });
    const client = new AbortController();
    const pending = chat(await virtualModel([slow]), {}, client.signal).catch((error: unknown) => error);
    await waitFor(() => slow.upstream.requests.length === 1);
    const abortedAt = Date.now();
    client.abort();
    await pending;
    await waitFor(() => slow.upstream.requests[0]!.abortedAt !== undefined);
    expect(slow.upstream.requests[0]!.abortedAt! - abortedAt).toBeLessThan(500); // promptly: seconds before the upstream would end, with room for a loaded CI machine
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

async function waitForLog(): Promise<RequestLogView> {
  for (let tries = 0; tries < 100; tries++) {
    routing.harness.internals.flushLogs();
    const [latest] = (await routing.harness.api('GET', '/api/request-logs?limit=1')).body
      .data as RequestLogView[];
    if (latest && latest.status === 499) return latest;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no 499 log row');
}
