/**
 * Recorded upstream streams (the SDK-verified captures in tests/fixtures/wire)
 * served by the mock in many tiny chunks, cut at random byte offsets (inside
 * UTF-8 characters too), through the real gateway to every inbound protocol
 * that can reach that upstream family. The client's stream must be valid and
 * tell the same thing as when the capture arrives in one piece.
 */
import { describe, expect, it } from 'vitest';
import { randomChunks } from '../support/sse-replay.ts';
import { readWireCapture, type WireCapture } from '../support/wire-captures.ts';
import {
  validateAnthropicStream,
  validateChatStream,
  validateResponsesStream,
} from '../support/stream-validators.ts';
import { useProtocolHarness } from './__fixtures__/use-protocol-harness.ts';
import { streamContent, type ClientProtocol } from './__fixtures__/stream-content.ts';

const setup = useProtocolHarness();

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

/** A request in `client`'s protocol for the model that reaches `capture`'s family. */
function body(capture: WireCapture, client: ClientProtocol, stream: boolean): Record<string, unknown> {
  return {
    model: modelFor[capture],
    max_tokens: 512,
    stream,
    stream_options: client === 'chat' && stream ? { include_usage: true } : undefined,
    ...(client === 'responses'
      ? { input: 'Weather in Paris?' }
      : { messages: [{ role: 'user', content: 'Weather in Paris?' }] }),
  };
}

async function replay(
  capture: WireCapture,
  client: ClientProtocol,
  chunks: Array<string | Buffer>,
  delayMs = 1,
): Promise<string> {
  setup.upstream.enqueue({
    fault: 'raw',
    status: 200,
    headers: { 'content-type': contentType[capture] },
    // Buffers on purpose: the mock writes them as they are, so a cut inside a UTF-8 character stays a cut.
    chunks,
    delayMs,
  });
  const answer = await setup.post(paths[client], body(capture, client, true));
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

/** A few content events, then the family's own in-band error frame, arriving after the client already got bytes. */
const failingStreams: Record<'chat' | 'anthropic' | 'gemini', [string, string]> = {
  chat: [
    'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"x","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}\n\n',
    'data: {"error":{"message":"upstream exploded","type":"server_error","param":null,"code":"boom"}}\n\n',
  ],
  anthropic: [
    'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}}\n\n' +
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}\n\n',
    'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"upstream exploded"}}\n\n',
  ],
  gemini: [
    'data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]},"index":0}]}\n\n',
    'data: {"error":{"code":503,"message":"upstream exploded","status":"UNAVAILABLE"}}\n\n',
  ],
};

describe.each(['chat', 'anthropic', 'gemini'] as const)(
  'an in-band error from a %s upstream mid-stream',
  (capture) => {
    it.each(['chat', 'responses', 'messages'] as const)(
      'reaches a %s client as its own in-band error',
      async (client) => {
        // The pause makes the error arrive after the gateway has already written the first bytes.
        const text = await replay(
          capture,
          client,
          [...failingStreams[capture]].map((chunk) => Buffer.from(chunk)),
          40,
        );
        expect(validate(client, text)).toEqual([]);
        const content = streamContent(client, text);
        expect(content.text).toBe('Hel');
        if (client === 'responses') expect(content.stop).toBe('failed');
        else expect(content.errors).toBe(1);
        expect(text).toContain('upstream exploded');
        // The gateway keeps serving the model.
        setup.upstream.enqueue({ kind: 'text', text: 'recovered' });
        expect((await setup.post(paths[client], body(capture, client, false))).status).toBe(200);
      },
    );
  },
);

describe.each(['chat', 'anthropic', 'gemini'] as const)(
  'a client leaving a %s upstream stream early',
  (capture) => {
    it.each(['chat', 'responses', 'messages'] as const)(
      'aborts the upstream request at once (%s client)',
      async (client) => {
        setup.upstream.enqueue({
          fault: 'stall-mid-stream',
          afterEvents: 2,
          scenario: { kind: 'text', text: 'A long answer.' },
        });
        const controller = new AbortController();
        const response = await fetch(setup.url + paths[client], {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.key}` },
          body: JSON.stringify(body(capture, client, true)),
          signal: controller.signal,
        });
        await response.body!.getReader().read();
        const leftAt = Date.now();
        controller.abort();
        const received = setup.lastGeneration();
        await expect.poll(() => received.abortedAt, { timeout: 2000, interval: 10 }).toBeDefined();
        expect(received.abortedAt! - leftAt).toBeLessThan(500);
      },
    );
  },
);
