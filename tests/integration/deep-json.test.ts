import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/** Review finding 9: inputs that used to crash a recursive walk (a 500) are a 400 in the caller's shape. */
let harness: TestGateway;
let upstream: MockUpstream;
let key: string;
let keyId: string;

const nestedObjects = (levels: number, leaf = '1'): string =>
  '{"a":'.repeat(levels) + leaf + '}'.repeat(levels);
const nestedArrays = (levels: number, leaf = '1'): string => '['.repeat(levels) + leaf + ']'.repeat(levels);

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway();
  await harness.addModel({ upstreamUrl: upstream.url, name: 'm' });
  key = await harness.addKey({ name: 'captured', logBodies: true });
  keyId = (await harness.api('GET', '/api/virtual-keys')).body.data[0].id;
});
afterAll(async () => {
  await harness.stop();
  await upstream.close();
});

async function post(route: string, raw: string, headers: Record<string, string> = {}) {
  const response = await fetch(harness.url + route, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('deeply nested JSON and bad time parameters', () => {
  it('answers 400 in OpenAI shape for a tool schema 50,000 levels deep, logs the request and keeps serving', async () => {
    const raw = `{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${nestedObjects(50_000)}}}]}`;
    const answer = await post('/v1/chat/completions', raw);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', code: 'json_too_deep' });
    expect(answer.body.error.message).toMatch(/deeper than 128 levels/);
    expect(upstream.requests).toHaveLength(0);

    harness.internals.flushLogs();
    const logs = await harness.api('GET', `/api/request-logs?keyId=${keyId}&limit=1`);
    expect(logs.body.data[0]).toMatchObject({ status: 400, errorCode: 'json_too_deep' });

    upstream.enqueue({ kind: 'text', text: 'still here' });
    const ok = await post(
      '/v1/chat/completions',
      '{"model":"m","messages":[{"role":"user","content":"hi"}]}',
    );
    expect(ok.status).toBe(200);
    expect(ok.body.choices[0].message.content).toBe('still here');
  });

  it('answers in Anthropic shape on /v1/messages', async () => {
    const raw = `{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"metadata":${nestedObjects(1000)}}`;
    const answer = await post('/v1/messages', raw, { 'anthropic-version': '2023-06-01' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(answer.body.error.message).toMatch(/deeper than 128 levels/);
  });

  it('answers 400 for an embeddings input 100,000 levels deep', async () => {
    const answer = await post('/v1/embeddings', `{"model":"m","input":${nestedArrays(100_000, '"x"')}}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', code: 'json_too_deep' });
  });

  it('answers 400 with a message for a settings PATCH 20,000 levels deep and keeps the settings', async () => {
    const before = await harness.api('GET', '/api/settings');
    const response = await fetch(`${harness.url}/api/settings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.token}` },
      body: `{"monitoring":${nestedObjects(20_000)}}`,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.error.code).toBe('invalid_json');
    expect(body.error.message).toMatch(/deeper than 128 levels/);
    expect((await harness.api('GET', '/api/settings')).body).toEqual(before.body);
  });

  it('answers 400 naming the parameter for a time past what a date can hold', async () => {
    const usage = await harness.api('GET', '/api/usage?to=9999999999999999999999');
    expect(usage.status).toBe(400);
    expect(usage.body.error.code).toBe('invalid_request');
    expect(usage.body.error.message).toMatch(/^to: /);
    const logs = await harness.api('GET', '/api/request-logs?from=99999999999999999');
    expect(logs.status).toBe(400);
    expect(logs.body.error.message).toMatch(/^from: /);
    expect((await harness.api('GET', `/api/usage?to=${Date.now()}`)).status).toBe(200);
  });
});
