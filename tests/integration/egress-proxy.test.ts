import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProxyAgent, request } from 'undici';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import {
  startHttpProxy,
  startSilentServer,
  startSocks5Proxy,
  startTcpRelay,
  type HttpProxyRecord,
  type TestProxy,
} from '../support/proxy-servers.ts';

/**
 * Egress (issue 2): per-provider HTTP and SOCKS5 proxies, the environment's
 * HTTP(S)_PROXY / NO_PROXY, keep-alive pooling. Every proxy here records what
 * went through it, so "through the proxy" is observed, not assumed.
 */

const providerKey = 'sk-egress-provider-key-0001';
/** Names that exist only inside the test proxies: the gateway cannot resolve them itself. */
const proxyOnlyHosts = (host: string): string => (host.endsWith('.test') ? '127.0.0.1' : host);

let harness: TestGateway;
let key: string;
let upstream: MockUpstream;
const closers: Array<{ close(): Promise<void> }> = [];
let sequence = 0;

beforeAll(async () => {
  harness = await startTestGateway();
  key = await harness.addKey({ name: 'egress' });
  upstream = await startMockUpstream();
});

afterEach(async () => {
  await Promise.all(closers.splice(0).map((closer) => closer.close()));
  upstream.reset();
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

async function track<T extends { close(): Promise<void> }>(started: Promise<T>): Promise<T> {
  const value = await started;
  closers.push(value);
  return value;
}

/** A model whose provider has the given fields; returns the model name. */
async function model(
  gateway: TestGateway,
  provider: Record<string, unknown>,
  upstreamUrl = upstream.url,
): Promise<{ name: string; providerId: string }> {
  const name = `egress-model-${++sequence}`;
  const { providerId } = await gateway.addModel({
    upstreamUrl,
    name,
    apiKey: providerKey,
    provider: { name: `egress-provider-${sequence}`, ...provider },
  });
  return { name, providerId };
}

async function chat(
  gateway: TestGateway,
  virtualKey: string,
  name: string,
  extra: Record<string, unknown> = {},
) {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${virtualKey}` },
    body: JSON.stringify({ model: name, messages: [{ role: 'user', content: 'Hello' }], ...extra }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: safeJson(text) };
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function expectServedByMock(answer: Awaited<ReturnType<typeof chat>>, text = 'Hello from the mock upstream') {
  expect(answer.status, answer.text).toBe(200);
  expect(answer.json.choices[0].message.content).toBe(text);
}

describe('per-provider HTTP proxy', () => {
  it('reaches the upstream through a CONNECT tunnel, with the provider key and without proxy credentials leaking upstream', async () => {
    const proxy = await track(startHttpProxy({ credentials: { username: 'alice', password: 'p@ss:word' } }));
    const proxyUrl = `http://alice:${encodeURIComponent('p@ss:word')}@127.0.0.1:${proxy.port}`;
    const { name } = await model(harness, { proxyUrl });
    upstream.enqueue({ kind: 'text', text: 'via http proxy' });

    expectServedByMock(await chat(harness, key, name), 'via http proxy');
    expect(proxy.records).toHaveLength(1);
    expect(proxy.records[0]).toMatchObject({ kind: 'connect', target: `127.0.0.1:${upstream.port}` });
    expect(proxy.records[0]!.refused).toBeUndefined();
    const received = upstream.lastRequest()!;
    expect(received.headers.authorization).toBe(`Bearer ${providerKey}`);
    expect(received.headers['proxy-authorization']).toBeUndefined();
    expect(received.body).toMatchObject({ model: 'upstream-model' });
  });

  it('reaches a host name only the proxy can resolve', async () => {
    const proxy = await track(startHttpProxy({ resolveHost: proxyOnlyHosts }));
    const { name } = await model(
      harness,
      { proxyUrl: proxy.url },
      `http://vendor-only-via-proxy.test:${upstream.port}`,
    );
    expectServedByMock(await chat(harness, key, name));
    expect(proxy.records.map((record) => record.target)).toEqual([
      `vendor-only-via-proxy.test:${upstream.port}`,
    ]);
  });

  it('answers 502 naming the provider when the proxy refuses its credentials, and the upstream never sees the call', async () => {
    const proxy = await track(startHttpProxy({ credentials: { username: 'alice', password: 'right' } }));
    const { name } = await model(harness, { proxyUrl: `http://alice:wrong@127.0.0.1:${proxy.port}` });
    const answer = await chat(harness, key, name);
    expect(answer.status).toBe(502);
    expect(answer.json.error.code).toBe('upstream_unreachable');
    expect(answer.json.error.message).toContain('egress-provider-');
    expect(answer.text).not.toContain('wrong');
    expect(proxy.records[0]!.refused).toBe(407);
    expect(upstream.requests).toHaveLength(0);
  });

  it('follows an edited proxy on the next request, without a restart', async () => {
    const proxy = await track(startHttpProxy());
    const { name, providerId } = await model(harness, {});
    expectServedByMock(await chat(harness, key, name));
    expect(proxy.records).toHaveLength(0);

    expect((await harness.api('PATCH', `/api/providers/${providerId}`, { proxyUrl: proxy.url })).status).toBe(
      200,
    );
    expectServedByMock(await chat(harness, key, name));
    expect(proxy.records).toHaveLength(1);

    expect((await harness.api('PATCH', `/api/providers/${providerId}`, { proxyUrl: null })).status).toBe(200);
    expectServedByMock(await chat(harness, key, name));
    expect(proxy.records).toHaveLength(1);
    expect(upstream.requests).toHaveLength(3);
  });
});

describe('per-provider SOCKS5 proxy', () => {
  it('reaches the upstream through a SOCKS5 proxy without authentication', async () => {
    const proxy = await track(startSocks5Proxy());
    const { name } = await model(harness, { proxyUrl: proxy.url });
    upstream.enqueue({ kind: 'text', text: 'via socks' });
    expectServedByMock(await chat(harness, key, name), 'via socks');
    expect(proxy.records).toEqual([{ target: `127.0.0.1:${upstream.port}`, method: 0 }]);
    expect(upstream.lastRequest()!.headers.authorization).toBe(`Bearer ${providerKey}`);
  });

  it('authenticates with the username and password in the proxy URL, resolving names at the proxy', async () => {
    const proxy = await track(
      startSocks5Proxy({ credentials: { username: 'bob', password: 's3cret' }, resolveHost: proxyOnlyHosts }),
    );
    const { name } = await model(
      harness,
      { proxyUrl: `socks5://bob:s3cret@127.0.0.1:${proxy.port}` },
      `http://vendor-behind-socks.test:${upstream.port}`,
    );
    expectServedByMock(await chat(harness, key, name));
    expect(proxy.records).toEqual([
      { target: `vendor-behind-socks.test:${upstream.port}`, method: 2, username: 'bob' },
    ]);
  });

  it('answers 502 when the SOCKS5 proxy rejects the password', async () => {
    const proxy = await track(startSocks5Proxy({ credentials: { username: 'bob', password: 's3cret' } }));
    const { name } = await model(harness, { proxyUrl: `socks5://bob:nope@127.0.0.1:${proxy.port}` });
    const answer = await chat(harness, key, name);
    expect(answer.status).toBe(502);
    expect(answer.json.error.code).toBe('upstream_unreachable');
    expect(answer.text).not.toContain('nope');
    expect(proxy.records[0]).toMatchObject({ username: 'bob', refused: true });
    expect(upstream.requests).toHaveLength(0);
  });

  it('gives up after the provider connect timeout when the proxy never answers its handshake', async () => {
    const silent = await track(startSilentServer());
    const { name } = await model(harness, {
      proxyUrl: `socks5://127.0.0.1:${silent.port}`,
      timeouts: { connectMs: 300 },
    });
    const started = Date.now();
    const answer = await chat(harness, key, name);
    expect([502, 504]).toContain(answer.status);
    expect(answer.json.error.message).toContain('egress-provider-');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(silent.connections).toBeGreaterThanOrEqual(1);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('connect timeout through an HTTP proxy', () => {
  it('gives up after the provider connect timeout when the HTTP proxy never answers CONNECT', async () => {
    const silent = await track(startSilentServer());
    const { name } = await model(harness, {
      proxyUrl: `http://127.0.0.1:${silent.port}`,
      timeouts: { connectMs: 300 },
    });
    const started = Date.now();
    const answer = await chat(harness, key, name);
    expect([502, 504]).toContain(answer.status);
    expect(answer.json.error.message).toContain('egress-provider-');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('environment proxy (HTTP_PROXY / HTTPS_PROXY / NO_PROXY)', () => {
  let envHarness: TestGateway;
  let envKey: string;
  let envProxy: TestProxy<HttpProxyRecord>;
  let bypassed: MockUpstream;

  beforeAll(async () => {
    envProxy = await startHttpProxy({ resolveHost: proxyOnlyHosts });
    bypassed = await startMockUpstream();
    envHarness = await startTestGateway({
      environmentProxy: {
        httpProxy: envProxy.url,
        httpsProxy: envProxy.url,
        noProxy: `127.0.0.1:${bypassed.port}`,
      },
    });
    envKey = await envHarness.addKey({ name: 'env' });
  });

  afterAll(async () => {
    await envHarness?.stop();
    await envProxy?.close();
    await bypassed?.close();
  });

  it('sends a provider without its own proxy through the environment proxy', async () => {
    const { name } = await model(envHarness, {}, `http://vendor-via-env.test:${upstream.port}`);
    expectServedByMock(await chat(envHarness, envKey, name));
    expect(envProxy.records.at(-1)).toMatchObject({
      kind: 'connect',
      target: `vendor-via-env.test:${upstream.port}`,
    });
    expect(upstream.lastRequest()!.headers.authorization).toBe(`Bearer ${providerKey}`);
  });

  it('goes direct to a host:port listed in NO_PROXY', async () => {
    const before = envProxy.records.length;
    const { name } = await model(envHarness, {}, bypassed.url);
    expectServedByMock(await chat(envHarness, envKey, name));
    expect(bypassed.requests).toHaveLength(1);
    expect(envProxy.records).toHaveLength(before);
  });

  it("prefers a provider's own proxy over the environment's", async () => {
    const socks = await track(startSocks5Proxy());
    const before = envProxy.records.length;
    const { name } = await model(envHarness, { proxyUrl: socks.url });
    expectServedByMock(await chat(envHarness, envKey, name));
    expect(socks.records).toHaveLength(1);
    expect(envProxy.records).toHaveLength(before);
  });
});

describe('keep-alive pooling', () => {
  it('serves sequential requests, streamed and not, over one upstream connection', async () => {
    const relay = await track(startTcpRelay(upstream.port));
    const { name } = await model(harness, {}, relay.url);
    expectServedByMock(await chat(harness, key, name));
    const streamed = await chat(harness, key, name, { stream: true });
    expect(streamed.status).toBe(200);
    expect(streamed.text).toContain('data: [DONE]');
    expectServedByMock(await chat(harness, key, name));
    expect(upstream.requests).toHaveLength(3);
    expect(relay.connections).toBe(1);
  });

  it('keeps one tunnel open through an HTTP proxy and one through a SOCKS5 proxy', async () => {
    const http = await track(startHttpProxy());
    const socks = await track(startSocks5Proxy());
    const viaHttp = await model(harness, { proxyUrl: http.url });
    const viaSocks = await model(harness, { proxyUrl: socks.url });
    for (let round = 0; round < 3; round++) {
      expectServedByMock(await chat(harness, key, viaHttp.name));
      expectServedByMock(await chat(harness, key, viaSocks.name));
    }
    expect(upstream.requests).toHaveLength(6);
    expect(http.records).toHaveLength(1);
    expect(http.connections).toBe(1);
    expect(socks.records).toHaveLength(1);
    expect(socks.connections).toBe(1);
  });
});

describe('test proxy helper', () => {
  it('forwards an absolute-URI request (no tunnel) and records it', async () => {
    const proxy = await track(startHttpProxy());
    const agent = new ProxyAgent({ uri: proxy.url, proxyTunnel: false });
    try {
      const answer = await request(`${upstream.url}/v1/models`, { dispatcher: agent });
      expect(answer.statusCode).toBe(200);
      expect(((await answer.body.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
    } finally {
      await agent.close();
    }
    expect(proxy.records).toMatchObject([
      { kind: 'forward', method: 'GET', target: `${upstream.url}/v1/models` },
    ]);
    expect(upstream.lastRequest()!.path).toBe('/v1/models');
  });
});
