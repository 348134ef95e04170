import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * Upstream timeouts (issue 2): first byte and idle between chunks, from the
 * settings defaults or a provider's own, applied to the next request after an
 * edit. Failover on timeouts and provider total timeouts are covered in
 * routing-failover.test.ts; these are single-target answers the client sees.
 */

const defaults = { connectMs: 10_000, firstByteMs: 120_000, idleMs: 120_000, totalMs: 1_800_000 };

let harness: TestGateway;
let upstream: MockUpstream;
let key: string;
let sequence = 0;

beforeAll(async () => {
  harness = await startTestGateway();
  upstream = await startMockUpstream();
  key = await harness.addKey({ name: 'timeouts' });
});

afterEach(async () => {
  upstream.reset();
  const restored = await harness.api('PATCH', '/api/settings', { timeouts: defaults });
  expect(restored.status).toBe(200);
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

async function model(provider: Record<string, unknown> = {}, protocol?: 'anthropic'): Promise<string> {
  const name = `timeout-model-${++sequence}`;
  await harness.addModel({
    upstreamUrl: upstream.url,
    protocol,
    name,
    provider: { name: `timeout-provider-${sequence}`, ...provider },
  });
  return name;
}

async function settingsTimeouts(timeouts: Record<string, number>): Promise<void> {
  const patched = await harness.api('PATCH', '/api/settings', { timeouts });
  expect(patched.status).toBe(200);
  expect(patched.body.timeouts).toMatchObject(timeouts);
}

async function chat(name: string, extra: Record<string, unknown> = {}) {
  const started = Date.now();
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: name, messages: [{ role: 'user', content: 'Hello' }], ...extra }),
  });
  const text = await response.text();
  return { status: response.status, text, elapsedMs: Date.now() - started };
}

const late = (ms: number) => ({ fault: 'delay' as const, ms, then: { kind: 'text' as const, text: 'late' } });

describe('first-byte timeout', () => {
  it("answers 504 upstream_timeout in the client's protocol and abandons the upstream call", async () => {
    const name = await model({ timeouts: { firstByteMs: 200 } });
    upstream.enqueue(late(3000), late(3000), late(3000));
    const answer = await chat(name);
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.text).error).toMatchObject({ code: 'upstream_timeout' });
    expect(answer.elapsedMs).toBeLessThan(2000);
    expect(upstream.requests.length).toBeGreaterThanOrEqual(1);
    await waitFor(() => upstream.requests.every((request) => request.abortedAt !== undefined));

    const anthropic = await model({ timeouts: { firstByteMs: 200 } }, 'anthropic');
    upstream.enqueue(late(3000), late(3000), late(3000));
    const response = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: anthropic, max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: expect.any(String) } });
  });

  it('uses the settings default for providers without their own, and applies an edit to the next request', async () => {
    const name = await model();
    await settingsTimeouts({ firstByteMs: 300 });
    upstream.enqueue(late(1500), late(1500), late(1500));
    const cut = await chat(name);
    expect(cut.status).toBe(504);
    expect(cut.elapsedMs).toBeLessThan(1400);

    upstream.reset();
    await settingsTimeouts({ firstByteMs: 5000 });
    upstream.enqueue(late(600));
    const waited = await chat(name);
    expect(waited.status, waited.text).toBe(200);
    expect(JSON.parse(waited.text).choices[0].message.content).toBe('late');
  });

  it("lets a provider's own timeout win over the settings default", async () => {
    const patient = await model({ timeouts: { firstByteMs: 5000 } });
    await settingsTimeouts({ firstByteMs: 200 });
    upstream.enqueue(late(600));
    const answer = await chat(patient);
    expect(answer.status, answer.text).toBe(200);
  });
});

describe('idle timeout between chunks (settings default)', () => {
  it('answers 504 when a JSON body stalls before the client got anything', async () => {
    const name = await model();
    await settingsTimeouts({ idleMs: 300 });
    upstream.setDefault({ fault: 'stall-mid-stream', afterEvents: 0 });
    const answer = await chat(name);
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.text).error.code).toBe('upstream_timeout');
    expect(answer.elapsedMs).toBeLessThan(3000);
  });

  it('ends a stream that stalls after its first events with an in-band error and [DONE]', async () => {
    const name = await model();
    await settingsTimeouts({ idleMs: 300 });
    upstream.enqueue({ fault: 'stall-mid-stream', afterEvents: 2 });
    const answer = await chat(name, { stream: true });
    expect(answer.status).toBe(200);
    const frames = answer.text.split('\n\n').filter((frame) => frame.startsWith('data: {'));
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(frames.at(-1)!.slice(6)).error.code).toBe('upstream_timeout');
    expect(answer.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(answer.elapsedMs).toBeLessThan(2000);
  });
});

describe("a provider's total timeout on embeddings", () => {
  it('answers 504 upstream_timeout, like model calls, and abandons the upstream call', async () => {
    const name = await model({ timeouts: { totalMs: 300 } });
    upstream.enqueue(late(3000), late(3000), late(3000));
    const started = Date.now();
    const response = await fetch(`${harness.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: name, input: 'Hello' }),
    });
    expect(response.status).toBe(504);
    expect((await response.json()).error).toMatchObject({ code: 'upstream_timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
    await waitFor(() => upstream.requests.every((request) => request.abortedAt !== undefined));
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
