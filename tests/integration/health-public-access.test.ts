import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let harness: TestGateway | undefined;
let upstream: MockUpstream | undefined;
let webhook: Server | undefined;

afterEach(async () => {
  await harness?.stop();
  await upstream?.close();
  await new Promise((resolve) => (webhook ? webhook.close(resolve) : resolve(undefined)));
  harness = undefined;
  upstream = undefined;
  webhook = undefined;
});

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('public health routes', () => {
  it('answers 60 requests a minute per client on the LAN listener, then 429 until the minute is over', async () => {
    let time = Date.now();
    harness = await startTestGateway({
      clock: { now: () => time },
      monitoring: { lanHost: '127.0.0.1', health: { tickMs: 0 } },
    });
    await harness.api('PATCH', '/api/settings', {
      monitoring: { enabled: true },
      lanStatus: { enabled: true, port: await freePort() },
    });
    const lan = harness.gateway.lanUrl()!;
    const statuses: number[] = [];
    for (let index = 0; index < 60; index++) {
      const route = index % 2 === 0 ? '/public/health/summary' : '/public/health/targets';
      statuses.push((await fetch(lan + route)).status);
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    const limited = await fetch(`${lan}/public/health/summary`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${lan}/status`)).status).toBe(429);
    // The admin API and /v1 are not rate limited by this.
    expect((await harness.api('GET', '/api/settings')).status).toBe(200);
    time += 60_000;
    expect((await fetch(`${lan}/public/health/summary`)).status).toBe(200);
  });

  it('never rate limits this machine on the main listener, so a busy local script cannot 429 the status page', async () => {
    harness = await startTestGateway({
      monitoring: { lanHost: '127.0.0.1', health: { tickMs: 0 } },
    });
    await harness.api('PATCH', '/api/settings', {
      monitoring: { enabled: true },
      lanStatus: { enabled: true, port: await freePort() },
    });
    const statuses: number[] = [];
    for (let index = 0; index < 150; index++) {
      const route = index % 2 === 0 ? '/public/health/summary' : '/status';
      statuses.push((await fetch(harness.url + route)).status);
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    // The LAN listener still counts (and limits) the same address.
    const lan = harness.gateway.lanUrl()!;
    for (let index = 0; index < 60; index++) await fetch(`${lan}/public/health/summary`);
    expect((await fetch(`${lan}/public/health/summary`)).status).toBe(429);
    expect((await fetch(`${harness.url}/public/health/summary`)).status).toBe(200);
  });

  it('serves only the status routes on the LAN listener, never /v1 or /api', async () => {
    upstream = await startMockUpstream();
    harness = await startTestGateway({ monitoring: { lanHost: '127.0.0.1', health: { tickMs: 0 } } });
    await harness.addModel({ upstreamUrl: upstream.url, name: 'lan-model' });
    const key = await harness.addKey();
    expect(harness.gateway.lanUrl()).toBeUndefined();
    const port = await freePort();
    await harness.api('PATCH', '/api/settings', {
      monitoring: { enabled: true },
      lanStatus: { enabled: true, port },
    });
    const lan = harness.gateway.lanUrl();
    expect(lan).toBe(`http://127.0.0.1:${port}`);

    expect((await fetch(`${lan}/public/health/summary`)).status).toBe(200);
    const page = await fetch(`${lan}/status`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const chat = JSON.stringify({ model: 'lan-model', messages: [{ role: 'user', content: 'hi' }] });
    expect((await fetch(`${lan}/v1/models`, { headers: auth })).status).toBe(404);
    expect(
      (await fetch(`${lan}/v1/chat/completions`, { method: 'POST', headers: auth, body: chat })).status,
    ).toBe(404);
    expect(
      (await fetch(`${lan}/chat/completions`, { method: 'POST', headers: auth, body: chat })).status,
    ).toBe(404);
    expect((await fetch(`${lan}/api/auth/status`)).status).toBe(404);
    expect(
      (await fetch(`${lan}/api/settings`, { headers: { authorization: `Bearer ${harness.token}` } })).status,
    ).toBe(404);
    expect((await fetch(`${lan}/healthz`)).status).toBe(404);
    // The main listener still serves clients.
    expect(
      (await fetch(`${harness.url}/v1/chat/completions`, { method: 'POST', headers: auth, body: chat }))
        .status,
    ).toBe(200);

    await harness.api('PATCH', '/api/settings', { monitoring: { enabled: false } });
    expect((await fetch(`${lan}/public/health/summary`)).status).toBe(404);
    await harness.api('PATCH', '/api/settings', { lanStatus: { enabled: false } });
    expect(harness.gateway.lanUrl()).toBeUndefined();
    await expect(fetch(`${lan}/status`)).rejects.toThrow();
  });
});

describe('alerts', () => {
  it('posts state changes to the webhook with the secret header, retrying, and never answers the secret', async () => {
    const received: Array<{ headers: IncomingMessage['headers']; body: any }> = [];
    let failFirst = true;
    webhook = createHttpServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        response.statusCode = failFirst ? 503 : 204;
        failFirst = false;
        response.end();
      });
    });
    await new Promise<void>((resolve) => webhook!.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;

    upstream = await startMockUpstream();
    harness = await startTestGateway({
      monitoring: { alertRetryDelaysMs: [0, 0], health: { tickMs: 0, random: () => 0, retryDelayMs: 0 } },
    });
    const { modelId } = await harness.addModel({ upstreamUrl: upstream.url, name: 'alerted' });
    const target = await harness.api('POST', '/api/health-targets', {
      name: 'Alerted model',
      type: 'model',
      targetId: modelId,
      retries: 1,
    });
    const settings = await harness.api('PATCH', '/api/settings', {
      monitoring: { enabled: true },
      alerts: { webhookUrl: hookUrl, secretHeader: 'X-Hook-Token: hook-secret-value' },
    });
    // The URL is a secret too: answered as its origin and a mask (too short here for a hint).
    expect(settings.body.alerts).toEqual({
      webhookUrl: `${new URL(hookUrl).origin}/…/****`,
      secretHeader: '********',
    });
    expect(JSON.stringify((await harness.api('GET', '/api/settings')).body)).not.toContain(
      'hook-secret-value',
    );
    const stored = harness.database.prepare('SELECT data FROM settings').pluck().get() as string;
    expect(stored).not.toContain('hook-secret-value');

    upstream.setHandler(() => ({ fault: 'status', status: 401 }));
    const run = await harness.api('POST', `/api/health-targets/${target.body.id}/run`);
    expect(run.body).toMatchObject({ success: false, errorType: 'auth', attempts: 2 });
    await harness.internals.alerts.idle();
    expect(received).toHaveLength(2); // a 503, then the retry
    const alert = received[1]!;
    expect(alert.headers['x-hook-token']).toBe('hook-secret-value');
    expect(alert.body).toMatchObject({
      type: 'health.state_changed',
      target: { id: target.body.id, name: 'Alerted model', type: 'model' },
      from: 'unknown',
      to: 'down',
    });
    expect(JSON.stringify(alert.body)).not.toContain(upstream.url);

    // Echoing the mask keeps the secret; the next alert still carries it.
    await harness.api('PATCH', '/api/settings', { alerts: { secretHeader: '********' } });
    upstream.setHandler(undefined);
    // 1 failure in 5 runs is still 20% (down); in 6 it is under 20%: degraded.
    for (let index = 0; index < 4; index++)
      await harness.api('POST', `/api/health-targets/${target.body.id}/run`);
    await harness.internals.alerts.idle();
    expect(received).toHaveLength(2);
    await harness.api('POST', `/api/health-targets/${target.body.id}/run`);
    await harness.internals.alerts.idle();
    expect(received).toHaveLength(3);
    expect(received[2]!.body).toMatchObject({ from: 'down', to: 'degraded' });
    expect(received[2]!.headers['x-hook-token']).toBe('hook-secret-value');
  });
});
