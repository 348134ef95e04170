import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * Streams are relayed event by event with flushes (issue 2): a client sees
 * each piece when the upstream sends it, not when the upstream finishes,
 * whether the stream passes through or is translated.
 */

const pieceDelayMs = 250;

let harness: TestGateway;
let upstream: MockUpstream;
let key: string;

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway();
  await harness.addModel({ upstreamUrl: upstream.url, name: 'stream-model' });
  key = await harness.addKey({ name: 'streaming' });
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

/** Read a response body, noting when each chunk arrived (ms after the request started). */
async function timedChunks(
  response: Response,
  started: number,
): Promise<Array<{ at: number; text: string }>> {
  const chunks: Array<{ at: number; text: string }> = [];
  const decoder = new TextDecoder();
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push({ at: Date.now() - started, text: decoder.decode(value, { stream: true }) });
  }
  return chunks;
}

/** When each piece of text first became visible to the client. */
function arrivals(chunks: Array<{ at: number; text: string }>, pieces: string[]): number[] {
  let seen = '';
  const times: number[] = [];
  for (const chunk of chunks) {
    seen += chunk.text;
    while (times.length < pieces.length && seen.includes(JSON.stringify(pieces[times.length]!).slice(1, -1)))
      times.push(chunk.at);
  }
  return times;
}

const pieces = ['alpha-', 'bravo-', 'charl-', 'delta-'];

function expectSpreadOut(times: number[]): void {
  expect(times).toHaveLength(pieces.length);
  // Each piece arrives on its own, roughly when the upstream sent it, not all at the end.
  for (let index = 1; index < times.length; index++)
    expect(times[index]! - times[index - 1]!).toBeGreaterThan(pieceDelayMs * 0.5);
  expect(times.at(-1)! - times[0]!).toBeGreaterThan(pieceDelayMs * (pieces.length - 1) * 0.7);
}

describe('event-by-event relay', () => {
  it('passes chat stream events through as the upstream sends them', async () => {
    upstream.enqueue({ kind: 'text', text: pieces.join(''), textPieceSize: 6, eventDelayMs: pieceDelayMs });
    const started = Date.now();
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        model: 'stream-model',
        stream: true,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expectSpreadOut(arrivals(await timedChunks(response, started), pieces));
  });

  it('translates an upstream chat stream to Anthropic events as they arrive', async () => {
    upstream.enqueue({ kind: 'text', text: pieces.join(''), textPieceSize: 6, eventDelayMs: pieceDelayMs });
    const started = Date.now();
    const response = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'stream-model',
        stream: true,
        max_tokens: 64,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    });
    expect(response.status).toBe(200);
    const chunks = await timedChunks(response, started);
    expect(chunks.map((chunk) => chunk.text).join('')).toContain('content_block_delta');
    expectSpreadOut(arrivals(chunks, pieces));
  });
});

describe('a client that stops reading', () => {
  const event = (type: string, fields: Record<string, unknown>): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`;
  const delta = event('content_block_delta', {
    index: 0,
    delta: { type: 'text_delta', text: 'x'.repeat(16 * 1024) },
  });
  const deltaCount = 4096; // 64 MiB: more than every socket buffer on the way can hold
  let server: Server;
  let backedUpHarness: TestGateway;
  let backedUpKey: string;
  /** Bytes the upstream's socket has taken so far (it waits for `drain` like any well-behaved server). */
  let taken = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const send = async (): Promise<void> => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        const write = async (text: string): Promise<void> => {
          taken += Buffer.byteLength(text);
          if (!response.write(text)) await new Promise((resolve) => response.once('drain', resolve));
        };
        await write(
          event('message_start', {
            message: { id: 'msg_held', type: 'message', role: 'assistant', model: 'm', content: [] },
          }) + event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
        );
        for (let index = 0; index < deltaCount; index++) await write(delta);
        await write(
          event('content_block_stop', { index: 0 }) +
            event('message_delta', {
              delta: { stop_reason: 'end_turn', stop_sequence: null },
              usage: { input_tokens: 5, output_tokens: 7 },
            }) +
            event('message_stop', {}),
        );
        response.end();
      };
      request.resume();
      request.on('end', () => {
        send().catch((error: unknown) => response.destroy(error as Error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    backedUpHarness = await startTestGateway();
    await backedUpHarness.addModel({
      upstreamUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      protocol: 'anthropic',
      name: 'held-model',
    });
    backedUpKey = await backedUpHarness.addKey({ name: 'held' });
  });

  afterAll(async () => {
    await backedUpHarness?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('holds the upstream back until the client reads again, then delivers every event', async () => {
    const url = new URL(`${backedUpHarness.url}/v1/messages`);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-api-key': backedUpKey,
            'anthropic-version': '2023-06-01',
          },
        },
        resolve,
      );
      outgoing.on('error', reject);
      outgoing.end(
        JSON.stringify({
          model: 'held-model',
          stream: true,
          max_tokens: 64,
          messages: [{ role: 'user', content: 'Hi' }],
        }),
      );
    });
    expect(response.statusCode).toBe(200);
    response.pause();
    // Not reading: once the buffers on the way are full, the gateway stops reading the upstream.
    let before = -1;
    while (taken !== before) {
      before = taken;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const total = deltaCount * delta.length;
    expect(taken).toBeLessThan(total * 0.75);

    let text = '';
    response.setEncoding('utf8');
    response.on('data', (piece: string) => (text += piece));
    response.resume();
    await new Promise((resolve) => response.on('end', resolve));
    expect(text.split('event: content_block_delta\n').length - 1).toBe(deltaCount);
    expect(text.endsWith(event('message_stop', {}))).toBe(true);
    backedUpHarness.internals.flushLogs();
    const logs = await backedUpHarness.api('GET', '/api/request-logs?limit=1');
    expect(logs.body.data[0]).toMatchObject({ status: 200, inputTokens: 5, outputTokens: 7 });
  });
});

describe('pass-through bytes', () => {
  const chunk = (fields: Record<string, unknown>): string =>
    `data: ${JSON.stringify({ id: 'chatcmpl-raw', object: 'chat.completion.chunk', created: 1, model: 'raw', usage: null, ...fields })}\n\n`;
  const role = `id: 1\n${chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}`;
  const words = ['Raw ', 'bytes ', 'stay.'].map(
    (word) =>
      `: upstream comment\n${chunk({ choices: [{ index: 0, delta: { content: word }, finish_reason: null }] })}`,
  );
  const finish = chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  const usage = chunk({ choices: [], usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 } });
  // Whole events in the first writes; then an event cut in two, and the usage chunk with [DONE].
  const writes = [role, words.join(''), finish.slice(0, 40), finish.slice(40), usage + 'data: [DONE]\n\n'];

  let rawServer: Server;
  let rawHarness: TestGateway;
  let rawKey: string;

  beforeAll(async () => {
    rawServer = createServer((request, response) => {
      const replay = async (): Promise<void> => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const text of writes) {
          response.write(text);
          await new Promise((resolve) => setTimeout(resolve, 15));
        }
        response.end();
      };
      request.resume();
      request.on('end', () => {
        replay().catch((error: unknown) => response.destroy(error as Error));
      });
    });
    await new Promise<void>((resolve) => rawServer.listen(0, '127.0.0.1', resolve));
    rawHarness = await startTestGateway();
    await rawHarness.addModel({
      upstreamUrl: `http://127.0.0.1:${(rawServer.address() as AddressInfo).port}`,
      name: 'raw-model',
    });
    rawKey = await rawHarness.addKey({ name: 'raw' });
  });

  afterAll(async () => {
    await rawHarness?.stop();
    await new Promise((resolve) => rawServer?.close(resolve));
  });

  async function streamText(includeUsage: boolean): Promise<string> {
    const response = await fetch(`${rawHarness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${rawKey}` },
      body: JSON.stringify({
        model: 'raw-model',
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    });
    expect(response.status).toBe(200);
    return response.text();
  }

  const dataLines = (text: string): string[] =>
    text
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.replace(/^data: ?/, ''));

  it("forwards the upstream's own bytes for whole events (ids and comments included)", async () => {
    const text = await streamText(true);
    expect(text.startsWith(role + words.join(''))).toBe(true);
    expect(dataLines(text)).toEqual(dataLines(writes.join('')));
  });

  it('still withholds the usage chunk the gateway asked for on the client’s behalf, and logs the usage', async () => {
    const text = await streamText(false);
    expect(dataLines(text)).toEqual(
      dataLines(writes.join('')).filter((line) => !line.includes('"prompt_tokens"')),
    );
    rawHarness.internals.flushLogs();
    const logs = await rawHarness.api('GET', '/api/request-logs?limit=1');
    expect(logs.body.data[0]).toMatchObject({ inputTokens: 11, outputTokens: 3, status: 200 });
  });
});
