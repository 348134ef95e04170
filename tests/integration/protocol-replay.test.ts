/**
 * Recorded upstream streams (the SDK-verified captures in ../shared/data/wire)
 * served by the mock in many tiny chunks, cut at random byte offsets (inside
 * UTF-8 characters too), through the real gateway to every inbound protocol
 * that can reach that upstream family. The client's stream must be valid and
 * tell the same thing as when the capture arrives in one piece.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomChunks } from '../support/sse-replay.ts';
import { readWireCapture, type WireCapture } from '../support/wire-captures.ts';
import {
  validateAnthropicStream,
  validateChatStream,
  validateResponsesStream,
} from '../support/stream-validators.ts';
import { startProtocolHarness, type ProtocolHarness } from './__fixtures__/protocol-harness.ts';
import { streamContent, type ClientProtocol } from './__fixtures__/stream-content.ts';

let setup: ProtocolHarness;
beforeAll(async () => {
  setup = await startProtocolHarness();
});
afterAll(async () => {
  await setup?.close();
});

/** Which gateway model reaches the family a capture was recorded from. */
const modelFor: Record<WireCapture, string> = {
  chat: 'via-openai',
  responses: 'via-responses',
  anthropic: 'via-anthropic',
  gemini: 'via-gemini',
};
const contentType: Record<WireCapture, string> = {
  chat: 'text/event-stream',
  responses: 'text/event-stream',
  anthropic: 'text/event-stream; charset=utf-8',
  gemini: 'text/event-stream',
};
const paths: Record<ClientProtocol, string> = {
  chat: '/v1/chat/completions',
  responses: '/v1/responses',
  messages: '/v1/messages',
};

/** Every inbound protocol that reaches each capture's family (Responses upstream: only Responses clients). */
const cases: Array<{ capture: WireCapture; client: ClientProtocol }> = [
  ...(['chat', 'anthropic', 'gemini'] as const).flatMap((capture) =>
    (['chat', 'responses', 'messages'] as const).map((client) => ({ capture, client })),
  ),
  { capture: 'responses', client: 'responses' },
];

/** The capture with non-ASCII text, so random cuts land inside multi-byte characters. */
function unicodeCapture(name: WireCapture): string {
  return readWireCapture(name).replaceAll('the weather.', 'the weather in Zürich — 晴れ 🌞.');
}

function validate(client: ClientProtocol, text: string): string[] {
  if (client === 'chat') return validateChatStream(text, { expectUsage: true, jsonArguments: true });
  if (client === 'responses') return validateResponsesStream(text);
  return validateAnthropicStream(text);
}

async function replay(
  capture: WireCapture,
  client: ClientProtocol,
  chunks: Array<string | Buffer>,
): Promise<string> {
  setup.upstream.enqueue({
    fault: 'raw',
    status: 200,
    headers: { 'content-type': contentType[capture] },
    // Buffers on purpose: the mock writes them as they are, so a cut inside a UTF-8 character stays a cut.
    chunks: chunks as string[],
    delayMs: 1,
  });
  const answer = await setup.post(paths[client], {
    model: modelFor[capture],
    max_tokens: 512,
    stream: true,
    stream_options: client === 'chat' ? { include_usage: true } : undefined,
    ...(client === 'responses'
      ? { input: 'Weather in Paris?' }
      : { messages: [{ role: 'user', content: 'Weather in Paris?' }] }),
  });
  expect(answer.status).toBe(200);
  return answer.text;
}

describe.each(cases)('replaying wire/$capture.txt to a $client client', ({ capture, client }) => {
  it('gives a valid stream with the same content however the upstream bytes are cut', async () => {
    const recorded = unicodeCapture(capture);
    const whole = await replay(capture, client, [recorded]);
    expect(validate(client, whole)).toEqual([]);
    const expected = streamContent(client, whole);
    expect(expected.errors).toBe(0);
    expect(expected.text).toBe('Let me check the weather in Zürich — 晴れ 🌞.');
    expect(expected.tools).toEqual([{ name: 'get_weather', arguments: { location: 'Paris', unit: 'c' } }]);

    expect(expected.usage).toBeTruthy();
    const cut = await replay(capture, client, randomChunks(recorded, recorded.length, 5));
    expect(validate(client, cut)).toEqual([]);
    expect(streamContent(client, cut)).toEqual(expected);
  });
});

it('passes a same-protocol stream through byte for byte, whatever the chunking', async () => {
  for (const [capture, client] of [
    ['anthropic', 'messages'],
    ['responses', 'responses'],
    ['chat', 'chat'],
  ] as const) {
    const recorded = unicodeCapture(capture);
    const cut = await replay(capture, client, randomChunks(recorded, 3, 3));
    expect(cut.replaceAll('\r\n', '\n')).toBe(recorded.replaceAll('\r\n', '\n'));
  }
});
