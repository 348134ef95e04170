import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * Per-provider extra headers (issue 2) and what of the client's request is
 * never forwarded. Decision: the provider's configured headers are applied
 * last, case-insensitively, so an operator's explicit header wins, even
 * `Authorization`; headers that frame the request or belong to one hop are
 * ignored; the client's own credentials never go upstream.
 */

const providerKey = 'sk-headers-provider-key-0001';

let harness: TestGateway;
let upstream: MockUpstream;
let key: string;
let sequence = 0;

beforeAll(async () => {
  harness = await startTestGateway();
  upstream = await startMockUpstream();
  key = await harness.addKey({ name: 'headers' });
});

beforeEach(() => upstream.reset());

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

async function model(
  provider: Record<string, unknown>,
  protocol: 'openai' | 'anthropic' | 'gemini' = 'openai',
  apiKey: string | null = providerKey,
): Promise<string> {
  const name = `headers-model-${++sequence}`;
  const { providerId } = await harness.addModel({
    upstreamUrl: upstream.url,
    protocol,
    name,
    provider: { name: `headers-provider-${sequence}`, ...provider },
    ...(apiKey === null ? {} : { apiKey }),
  });
  if (apiKey === null) {
    const cleared = await harness.api('PATCH', `/api/providers/${providerId}`, { apiKey: null });
    expect(cleared.status).toBe(200);
  }
  return name;
}

async function chat(name: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify({ model: name, messages: [{ role: 'user', content: 'Hello' }] }),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return upstream.lastRequest()!;
}

describe('per-provider extra headers', () => {
  it('sends the configured headers with the provider key, and none of the client headers', async () => {
    const name = await model({ headers: { 'X-Org-Id': 'org-42', 'HTTP-Referer': 'https://app.example' } });
    const received = await chat(name, {
      'x-client-secret': 'do-not-forward',
      cookie: 'session=abc',
      'x-api-key': key,
    });
    expect(received.headers['x-org-id']).toBe('org-42');
    expect(received.headers['http-referer']).toBe('https://app.example');
    expect(received.headers.authorization).toBe(`Bearer ${providerKey}`);
    expect(received.headers['x-client-secret']).toBeUndefined();
    expect(received.headers.cookie).toBeUndefined();
    expect(received.headers['x-api-key']).toBeUndefined();
    expect(JSON.stringify(received.headers)).not.toContain(key);
  });

  it('lets an explicitly configured Authorization replace the key header, whatever its spelling', async () => {
    const name = await model({ headers: { Authorization: 'Bearer operator-chosen-token' } });
    const received = await chat(name);
    expect(received.headers.authorization).toBe('Bearer operator-chosen-token');
  });

  it('ignores configured headers that frame the request or belong to one hop', async () => {
    const name = await model({
      headers: {
        'Content-Length': '3',
        'Transfer-Encoding': 'chunked',
        Connection: 'close',
        Expect: '100-continue',
        'Proxy-Authorization': 'Basic c2VjcmV0',
        'X-Kept': 'yes',
      },
    });
    const received = await chat(name);
    expect(received.headers['x-kept']).toBe('yes');
    expect(received.headers['proxy-authorization']).toBeUndefined();
    expect(received.headers.connection).not.toBe('close');
    expect(received.body).toMatchObject({ model: 'upstream-model' });
  });

  it('sends no credentials at all to a keyless provider, even though the client sent its own', async () => {
    const name = await model({}, 'openai', null);
    const received = await chat(name);
    expect(received.headers.authorization).toBeUndefined();
    expect(JSON.stringify(received.headers)).not.toContain(key);
  });

  it("puts the provider key in each family's own header, never the client's key", async () => {
    const anthropic = await model({ headers: { 'X-Extra': 'a' } }, 'anthropic');
    const response = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': key,
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: anthropic,
        max_tokens: 16,
        messages: [{ role: 'user', content: 'Hello' }],
      }),
    });
    expect(response.status, await response.text()).toBe(200);
    const received = upstream.lastRequest()!;
    expect(received.headers['x-api-key']).toBe(providerKey);
    expect(received.headers['x-extra']).toBe('a');
    expect(received.headers.authorization).toBeUndefined();

    const gemini = await model({}, 'gemini');
    const viaGemini = await chat(gemini);
    expect(viaGemini.headers['x-goog-api-key']).toBe(providerKey);
    expect(viaGemini.headers.authorization).toBeUndefined();
    expect(JSON.stringify(viaGemini.headers)).not.toContain(key);
  });
});
