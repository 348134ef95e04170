import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from '../../src-gateway/lib/logger.ts';
import { startMockUpstream, startRefusingPort, type MockUpstream } from '../support/mock-upstream.ts';
import { startSocks5Proxy, type SocksProxyRecord, type TestProxy } from '../support/proxy-servers.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * Secrets never in logs (issue 2): the pino logger redacts credential fields,
 * and a gateway driven through every secret-bearing path at `trace` level
 * writes none of them, neither to its log lines nor to the request log.
 */

function captureLogs(): {
  destination: Writable;
  text: () => string;
  lines: () => Array<Record<string, unknown>>;
} {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { destination, text, lines };
}

describe('logger redaction', () => {
  it('redacts credential fields wherever callers put them', () => {
    const capture = captureLogs();
    const logger = createLogger({ level: 'trace', destination: capture.destination });
    const secret = (name: string) => `secret-value-${name}-0123456789`;
    logger.info(
      {
        apiKey: secret('a'),
        apiKeys: [secret('b'), secret('c')],
        token: secret('d'),
        password: secret('e'),
        authorization: `Bearer ${secret('f')}`,
        headers: {
          authorization: `Bearer ${secret('g')}`,
          'x-api-key': secret('h'),
          'api-key': secret('i'),
          'x-goog-api-key': secret('j'),
        },
        req: { headers: { authorization: `Bearer ${secret('k')}`, 'x-api-key': secret('l') } },
        provider: { apiKey: secret('m') },
        admin: { password: secret('n') },
        session: { token: secret('o') },
        kept: 'visible',
      },
      'credentials everywhere',
    );
    const text = capture.text();
    expect(text).toContain('credentials everywhere');
    expect(text).toContain('visible');
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(/secret-value-/);
  });
});

describe('logger scrubbing of text', () => {
  it('hides URL credentials and secret query parameters in messages and error stacks', () => {
    const capture = captureLogs();
    const logger = createLogger({ level: 'trace', destination: capture.destination });
    const failure = new Error('connect failed via socks5://bob:hunter2-socks@127.0.0.1:1080', {
      cause: new TypeError('bad URL http://alice:hunter2-http@proxy.example:8080/'),
    });
    logger.warn({ err: failure }, 'fetch https://mirror.example/prices.json?token=hunter2-query&x=1 failed');
    const text = capture.text();
    expect(text).toContain('socks5://[redacted]@127.0.0.1:1080');
    expect(text).toContain('token=[redacted]&x=1');
    expect(text).toContain('proxy.example:8080');
    expect(text).not.toContain('hunter2');
  });
});

describe('a gateway at trace level', () => {
  const capture = captureLogs();
  let harness: TestGateway;
  let upstream: MockUpstream;
  let socks: TestProxy<SocksProxyRecord>;
  const providerKey = 'sk-logcheck-provider-7f3a9c2e';
  const proxyPassword = 'proxy-pass-5d1e8b';
  const catalogPassword = 'catalog-pass-2b7c4d';
  const secrets: Record<string, string> = { providerKey, proxyPassword, catalogPassword };

  beforeAll(async () => {
    upstream = await startMockUpstream();
    socks = await startSocks5Proxy({ credentials: { username: 'user', password: 'other-password' } });
    const refusing = await startRefusingPort();
    harness = await startTestGateway({
      logger: createLogger({ level: 'trace', destination: capture.destination }),
      // A catalog source that cannot be reached: its failure is logged, with credentials in its URL.
      catalog: { autoRefresh: true, url: `http://user:${catalogPassword}@127.0.0.1:${refusing}/prices.json` },
    });
    secrets.adminPassword = 'correct-horse-battery';
    secrets.adminToken = harness.token;
  });

  afterAll(async () => {
    await harness?.stop();
    await upstream?.close();
    await socks?.close();
  });

  it('writes no key, token or password, in its log lines or its request log', async () => {
    await harness.addModel({
      upstreamUrl: upstream.url,
      name: 'log-model',
      apiKey: providerKey,
      model: { inputCostPerToken: 0.0001, outputCostPerToken: 0.0001 },
    });
    await harness.addModel({
      upstreamUrl: upstream.url,
      name: 'log-model-socks',
      apiKey: providerKey,
      provider: { proxyUrl: `socks5://user:${proxyPassword}@127.0.0.1:${socks.port}` },
    });
    const key = await harness.addKey({ name: 'log-key', budgetUsd: 0.002, logBodies: true });
    secrets.virtualKey = key;
    const token = await harness.api('POST', '/api/api-tokens', { name: 'log-script' });
    secrets.apiToken = token.body.token;
    await harness.api('PATCH', '/api/settings', {
      alerts: { webhookUrl: `${upstream.url}/hook`, secretHeader: 'webhook-secret-9e4f1a' },
    });
    secrets.webhookSecret = 'webhook-secret-9e4f1a';

    const chat = (model: string, bearer: string, extra: Record<string, unknown> = {}) =>
      fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }], ...extra }),
      }).then(async (response) => ({ status: response.status, text: await response.text() }));

    // An upstream that echoes the provider key in its error, a rejected proxy password, a wrong client key,
    // a wrong admin password, a stream, and a request that exhausts the key's budget (logged as a warning).
    upstream.enqueue({
      fault: 'status',
      status: 401,
      body: {
        error: { message: `Incorrect API key provided: ${providerKey}`, type: 'invalid_request_error' },
      },
    });
    expect((await chat('log-model', key)).status).toBe(502);
    expect((await chat('log-model-socks', key)).status).toBe(502);
    expect((await chat('log-model', 'sk-not-a-real-key-31c9')).status).toBe(401);
    expect(
      (
        await harness.api(
          'POST',
          '/api/auth/login',
          { username: 'admin', password: 'wrong-password-8a2f' },
          '',
        )
      ).status,
    ).toBe(401);
    secrets.wrongPassword = 'wrong-password-8a2f';
    expect((await chat('log-model', key, { stream: true })).status).toBe(200);
    // The budget is spent now: this one is refused or, if admitted, exhausts it.
    expect([200, 429]).toContain((await chat('log-model', key)).status);
    expect((await harness.api('GET', '/api/providers', undefined, secrets.apiToken)).status).toBe(200);

    await waitFor(() => capture.text().includes('catalog'));
    await waitFor(() => capture.text().includes('budget'));
    harness.internals.flushLogs();

    const lines = capture.lines();
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const logText = capture.text();
    const rows = JSON.stringify(await harness.internals.repositories.requestLogs.list({}, { limit: 1000 }));
    expect(rows).toContain('upstream_auth_error');
    for (const [name, value] of Object.entries(secrets)) {
      expect(logText.includes(value), `${name} in the log lines`).toBe(false);
      expect(rows.includes(value), `${name} in the request log`).toBe(false);
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
