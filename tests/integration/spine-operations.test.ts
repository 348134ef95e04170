import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * Operations (issue 2): `/healthz` without auth or details, a request id on
 * every answer (errors included), the serving provider and model named on
 * upstream errors too, and long-lived admin API tokens driving the admin API
 * from a script, each credential kind kept to its own surface.
 */

let harness: TestGateway;
let upstream: MockUpstream;
let key: string;

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway({ bodyLimitBytes: 4096 });
  await harness.addModel({
    upstreamUrl: upstream.url,
    name: 'ops-model',
    provider: { name: 'ops-provider' },
  });
  key = await harness.addKey({ name: 'ops' });
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

async function send(
  method: string,
  route: string,
  options: { headers?: Record<string, string>; body?: string } = {},
) {
  const response = await fetch(harness.url + route, {
    method,
    headers: options.headers,
    body: options.body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const chatBody = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'ops-model', messages: [{ role: 'user', content: 'Hi' }], ...extra });

describe('/healthz', () => {
  it('answers liveness without auth and without details, whatever credentials come along', async () => {
    const variants: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer not-a-key' },
      { 'x-api-key': 'nope' },
    ];
    for (const headers of variants) {
      const answer = await send('GET', '/healthz', { headers });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toEqual({ status: 'ok' });
      expect(answer.headers.get('x-gateway-provider')).toBeNull();
    }
  });
});

describe('x-request-id', () => {
  it('is on every answer, success or error, and unique per request', async () => {
    upstream.enqueue({ fault: 'status', status: 500 });
    const answers = [
      await send('GET', '/healthz'),
      await send('POST', '/v1/chat/completions', { headers: bearer(key), body: chatBody() }),
      await send('POST', '/v1/chat/completions', { headers: bearer(key), body: chatBody({ stream: true }) }),
      await send('POST', '/v1/chat/completions', { headers: bearer('sk-wrong'), body: chatBody() }),
      await send('POST', '/v1/chat/completions', { headers: bearer(key), body: '{"model": "ops-model", ' }),
      await send('POST', '/v1/chat/completions', {
        headers: bearer(key),
        body: chatBody({ pad: 'x'.repeat(8000) }),
      }),
      await send('POST', '/v1/messages', {
        headers: { 'x-api-key': 'nope', 'content-type': 'application/json' },
        body: '{}',
      }),
      await send('GET', '/v1/models', { headers: bearer(key) }),
      await send('GET', '/v1/no-such-endpoint', { headers: bearer(key) }),
      await send('GET', '/api/providers'),
      await send('GET', '/api/no-such-route', { headers: bearer(harness.token) }),
      await send('GET', '/no-such-page'),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([
      200, 500, 200, 401, 400, 413, 401, 200, 404, 401, 404, 404,
    ]);
    const ids = answers.map((answer) => answer.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(/^req_[A-Za-z0-9_-]{8,}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names the provider and model on an upstream error as on a success, and matches the request log', async () => {
    upstream.enqueue({ fault: 'status', status: 500 });
    const failed = await send('POST', '/v1/chat/completions', { headers: bearer(key), body: chatBody() });
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-gateway-provider')).toBe('ops-provider');
    expect(failed.headers.get('x-gateway-model')).toBe('ops-model');
    harness.internals.flushLogs();
    const row = (await harness.api('GET', `/api/request-logs/${failed.headers.get('x-request-id')}`)).body;
    expect(row).toMatchObject({ status: 500, providerName: 'ops-provider', modelName: 'ops-model' });
  });
});

describe('admin API tokens for scripts', () => {
  it('configure the gateway end to end as a Bearer token, and each credential opens only its own surface', async () => {
    const created = await harness.api('POST', '/api/api-tokens', { name: 'provisioning-script' });
    expect(created.status).toBe(201);
    const apiToken: string = created.body.token;

    const provider = await harness.api(
      'POST',
      '/api/providers',
      {
        name: 'scripted-provider',
        protocol: 'openai',
        baseUrl: `${upstream.url}/v1`,
        apiKey: 'sk-scripted-0001',
      },
      apiToken,
    );
    expect(provider.status).toBe(201);
    const model = await harness.api(
      'POST',
      '/api/models',
      { providerId: provider.body.id, name: 'scripted-model', upstreamModel: 'up' },
      apiToken,
    );
    expect(model.status).toBe(201);
    const scriptedKey = await harness.api('POST', '/api/virtual-keys', { name: 'scripted-key' }, apiToken);
    expect(scriptedKey.status).toBe(201);

    upstream.enqueue({ kind: 'text', text: 'provisioned' });
    const served = await send('POST', '/v1/chat/completions', {
      headers: bearer(scriptedKey.body.key),
      body: chatBody({ model: 'scripted-model' }),
    });
    expect(served.status).toBe(200);
    expect(JSON.parse(served.text).choices[0].message.content).toBe('provisioned');

    // An admin token is not a client key, and a client key does not open the admin API.
    const tokenAsKey = await send('POST', '/v1/chat/completions', {
      headers: bearer(apiToken),
      body: chatBody(),
    });
    expect(tokenAsKey.status).toBe(401);
    expect((await harness.api('GET', '/api/virtual-keys', undefined, scriptedKey.body.key)).status).toBe(401);
    expect((await harness.api('GET', '/api/virtual-keys', undefined, 'sk-scripted-0001')).status).toBe(401);
  });
});
