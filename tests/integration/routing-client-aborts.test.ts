import { describe, expect, it } from 'vitest';
import type { MockUpstream } from '../support/mock-upstream.ts';
import type { RequestLogView } from '../../src-shared/schemas/request-log.ts';
import { useRoutingHarness, type RoutingTarget } from './__fixtures__/use-routing-harness.ts';

/** The gateway's clock: breaker cooldowns pass when the test says so, never by sleeping. */
const clock = { time: Date.now(), now: () => clock.time };
// Default breaker settings (5 consecutive failures open it): 20 aborts would open it five times over.
const routing = useRoutingHarness({ prefix: 'aborts', gateway: { clock } });

/** A long answer streamed slowly: the client is still reading when it hangs up. */
const slowStream = { kind: 'text', text: 'slow '.repeat(200), eventDelayMs: 50 } as const;

async function waitFor(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Logged requests to `target` that the client abandoned. */
async function clientClosedRows(target: RoutingTarget) {
  routing.harness.internals.flushLogs();
  const page = await routing.harness.api('GET', '/api/request-logs?limit=500');
  const rows: RequestLogView[] = page.body.data;
  return rows.filter((row) => row.modelId === target.modelId && row.errorCode === 'client_closed');
}

/** Open a stream, read its first chunk, hang up; resolves once the gateway has logged the request. */
async function abortStreamAfterFirstChunk(name: string): Promise<void> {
  const controller = new AbortController();
  const response = await routing.postChat({ model: name, stream: true }, { signal: controller.signal });
  expect(response.status).toBe(200);
  const first = await response.body!.getReader().read();
  expect(first.done).toBe(false);
  controller.abort();
  await waitFor(async () => {
    try {
      await routing.logOf(response.headers.get('x-request-id'));
      return true;
    } catch {
      return false;
    }
  }, 'the aborted stream to be logged');
}

/** Send a non-stream request and hang up while the upstream is still thinking. */
async function abortWhileWaiting(name: string, upstream: MockUpstream, target: RoutingTarget): Promise<void> {
  const before = upstream.requests.length;
  const logged = (await clientClosedRows(target)).length;
  const controller = new AbortController();
  const pending = routing.postChat({ model: name }, { signal: controller.signal }).catch(() => undefined);
  await waitFor(() => upstream.requests.length > before, 'the upstream to receive the request');
  controller.abort();
  await pending;
  await waitFor(
    async () => (await clientClosedRows(target)).length > logged,
    'the aborted request to be logged',
  );
}

async function chat(name: string) {
  const response = await routing.postChat({ model: name });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('a client that hangs up', () => {
  it('never moves the breaker or the latency estimate, streaming or not, and is logged as 499 client_closed', async () => {
    const target = await routing.addTarget();
    const first = await chat(target.name);
    expect(first.status).toBe(200);
    const seeded = await routing.routingStateOf(target.modelId);
    expect(seeded.latencyMs).toEqual(expect.any(Number));

    target.upstream.setDefault(slowStream);
    for (let count = 0; count < 20; count++) await abortStreamAfterFirstChunk(target.name);
    target.upstream.setDefault({ fault: 'delay', ms: 10_000, then: { kind: 'text', text: 'too late' } });
    for (let count = 0; count < 20; count++) await abortWhileWaiting(target.name, target.upstream, target);

    expect(await routing.routingStateOf(target.modelId)).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
      lastError: null,
      window: { failures: 0 },
      latencyMs: seeded.latencyMs,
    });
    // The log tells the truth: the client went away, the upstream did not fail.
    const aborted = await clientClosedRows(target);
    expect(aborted).toHaveLength(40);
    expect(new Set(aborted.map((row) => row.status))).toEqual(new Set([499]));

    // The target still serves everyone else.
    target.upstream.setDefault({ kind: 'text', text: 'still here' });
    const after = await chat(target.name);
    expect(after.status).toBe(200);
    expect(after.body.choices[0].message.content).toBe('still here');
    expect(after.headers.get('x-gateway-provider')).toBe(target.providerName);
  });

  it('gives the half-open probe slot back when the probing client hangs up', async () => {
    const target = await routing.addTarget();
    target.upstream.setDefault({ fault: 'status', status: 500 });
    for (let count = 0; count < 5; count++) expect((await chat(target.name)).status).toBe(500);
    expect((await routing.routingStateOf(target.modelId)).state).toBe('open');

    clock.time += 30_000;
    target.upstream.setDefault({ fault: 'delay', ms: 10_000, then: { kind: 'text', text: 'too late' } });
    await abortWhileWaiting(target.name, target.upstream, target);
    // The next request may probe at once: the abandoned probe no longer holds the only slot.
    target.upstream.setDefault({ kind: 'text', text: 'recovered' });
    const probe = await chat(target.name);
    expect(probe.status).toBe(200);
    expect(probe.body.choices[0].message.content).toBe('recovered');
    expect((await routing.routingStateOf(target.modelId)).state).toBe('closed');
  });
});
