import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
