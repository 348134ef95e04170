import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { rawRequest } from '../support/raw-http.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let harness: TestGateway | undefined;
let upstream: MockUpstream | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await harness?.stop();
  await upstream?.close();
  harness = undefined;
  upstream = undefined;
});

async function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** What the server sent before closing, and when it closed (or `undefined` by `withinMs`). */
function closedWithin(
  socket: Socket,
  withinMs: number,
): Promise<{ closedAfterMs?: number; received: string }> {
  const started = Date.now();
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ received }), withinMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ closedAfterMs: Date.now() - started, received });
    });
  });
}

describe('slow clients (slowloris)', () => {
  it('closes a connection whose headers trickle in past the headers timeout', async () => {
    harness = await startTestGateway({ connections: { headersTimeoutMs: 400 } });
    const slowSockets = await Promise.all(Array.from({ length: 20 }, () => openSocket(harness!.url)));
    const drips: NodeJS.Timeout[] = [];
    for (const socket of slowSockets) {
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      // One header byte every 100 ms: never idle, never finished.
      drips.push(setInterval(() => socket.writable && socket.write('x'), 100));
    }
    try {
      const outcomes = await Promise.all(slowSockets.map((socket) => closedWithin(socket, 3_000)));
      for (const outcome of outcomes) {
        expect(outcome.closedAfterMs).toBeDefined();
        expect(outcome.closedAfterMs!).toBeLessThan(1_500);
        expect(outcome.received).toMatch(/^HTTP\/1\.1 408/);
      }
    } finally {
      drips.forEach(clearInterval);
    }
    // The gateway still serves.
    expect((await rawRequest(harness.url, { path: '/healthz' })).status).toBe(200);
  });

  it('closes a connection that never sends a request', async () => {
    harness = await startTestGateway({ connections: { headersTimeoutMs: 400 } });
    const silent = await openSocket(harness.url);
    const outcome = await closedWithin(silent, 3_000);
    expect(outcome.closedAfterMs).toBeDefined();
    expect(outcome.closedAfterMs!).toBeLessThan(1_500);
  });

  it('never cuts a long, quiet answer or stream (the header timeout is not a request timeout)', async () => {
    upstream = await startMockUpstream();
    harness = await startTestGateway({ connections: { headersTimeoutMs: 200 } });
    await harness.addModel({ upstreamUrl: upstream.url, name: 'slow-model' });
    const key = await harness.addKey();
    const ask = (stream: boolean) =>
      fetch(`${harness!.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'slow-model', stream, messages: [{ role: 'user', content: 'hi' }] }),
      });
    upstream.enqueue({ fault: 'delay', ms: 1_000, then: { kind: 'text', text: 'late but whole' } });
    const quiet = await ask(false);
    expect(quiet.status).toBe(200);
    expect((await quiet.json()).choices[0].message.content).toBe('late but whole');
    upstream.enqueue({ kind: 'text', text: 'slow stream of text', eventDelayMs: 300 });
    const streamed = await ask(true);
    expect(streamed.status).toBe(200);
    const text = await streamed.text();
    expect(text).toContain('data: [DONE]');
  });
});

describe('connection caps', () => {
  it('answers 503 with a clear body past the total cap, and serves again once connections close', async () => {
    harness = await startTestGateway({ connections: { maxConnections: 6 } });
    const held = await Promise.all(Array.from({ length: 6 }, () => openSocket(harness!.url)));
    const refused = await rawRequest(harness.url, { path: '/healthz' });
    expect(refused.status).toBe(503);
    expect(refused.headers.connection).toBe('close');
    expect(refused.body).toEqual({
      error: { code: 'too_many_connections', message: expect.stringContaining('Too many open connections') },
    });
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await rawRequest(harness.url, { path: '/healthz' })).status).toBe(200);
  });

  it('answers 503 past the per-address cap', async () => {
    harness = await startTestGateway({ connections: { maxConnectionsPerIp: 4 } });
    await Promise.all(Array.from({ length: 4 }, () => openSocket(harness!.url)));
    const refused = await rawRequest(harness.url, { path: '/api/auth/status' });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('too_many_connections');
  });
});
