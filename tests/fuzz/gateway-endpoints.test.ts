/**
 * Fuzzing a real gateway on port 0 (one model per upstream family on a mock upstream):
 * random bodies, valid, broken or not JSON at all, to `/v1/chat/completions`, `/v1/responses`
 * and `/v1/messages`, and valid requests answered by a broken upstream stream. Every answer
 * has a status and is a valid answer in the endpoint's protocol or an error in its error
 * shape; afterwards the gateway still serves an ordinary request. Fewer runs than the
 * in-process properties: each one is real HTTP.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpstreamProtocol } from '../../src-gateway/protocols/types.ts';
import { startProtocolHarness, type ProtocolHarness } from '../integration/__fixtures__/protocol-harness.ts';
import {
  validateAnthropicStream,
  validateChatStream,
  validateResponsesStream,
} from '../support/stream-validators.ts';
import { errorShapeProblems, type ClientProtocol } from './support/error-shapes.ts';
import { fuzzParameters, fuzzTimeoutMs } from './support/fuzz-parameters.ts';
import { anthropicBody, chatBody, hostileBody, responsesBody } from './support/request-arbitraries.ts';
import { brokenStream, cutAt, cutOffsets } from './support/stream-arbitraries.ts';

let harness: ProtocolHarness;
beforeAll(async () => {
  harness = await startProtocolHarness();
  // A model no fuzzed request uses: its circuit breaker is closed whatever the others went through.
  await harness.gateway.addModel({
    upstreamUrl: harness.upstream.url,
    protocol: 'openai',
    name: 'still-serving',
  });
});
afterAll(async () => {
  await harness?.close();
});

const endpoints: Array<{
  client: ClientProtocol;
  path: string;
  valid: fc.Arbitrary<Record<string, unknown>>;
  /** What a successful JSON answer is. */
  answered: (body: Record<string, any>) => boolean;
}> = [
  {
    client: 'chat',
    path: '/v1/chat/completions',
    valid: chatBody,
    answered: (body) => body.object === 'chat.completion' && Array.isArray(body.choices),
  },
  {
    client: 'responses',
    path: '/v1/responses',
    valid: responsesBody,
    answered: (body) => body.object === 'response' && Array.isArray(body.output),
  },
  {
    client: 'anthropic',
    path: '/v1/messages',
    valid: anthropicBody,
    answered: (body) => body.type === 'message' && Array.isArray(body.content),
  },
];

/** The wire format the gateway speaks upstream for `model` (an OpenAI provider with `responsesApi` serves chat clients over chat). */
function upstreamFor(client: ClientProtocol, model: string): UpstreamProtocol {
  if (model === 'via-anthropic') return 'anthropic';
  if (model === 'via-gemini') return 'gemini';
  return model === 'via-responses' && client !== 'chat' ? 'openai-responses' : 'openai-chat';
}

const inboundOf: Record<ClientProtocol, UpstreamProtocol> = {
  chat: 'openai-chat',
  responses: 'openai-responses',
  anthropic: 'anthropic',
  gemini: 'gemini',
};
const gatewayModel = fc.constantFrom('via-openai', 'via-responses', 'via-anthropic', 'via-gemini');

/** A request body as bytes: JSON of a value, or bytes that are not JSON at all. */
const rawBody = (valid: fc.Arbitrary<Record<string, unknown>>) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.tuple(valid, gatewayModel).map(([body, model]) => JSON.stringify({ ...body, model })),
    },
    {
      weight: 3,
      arbitrary: hostileBody(valid.chain((body) => gatewayModel.map((model) => ({ ...body, model })))).map(
        (body) => JSON.stringify(body) ?? '',
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 60 }) },
  );

async function post(path: string, body: string | Uint8Array<ArrayBuffer>, contentType = 'application/json') {
  const response = await fetch(harness.url + path, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${harness.key}` },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

function streamProblems(client: ClientProtocol, text: string): string[] {
  const problems =
    client === 'chat'
      ? validateChatStream(text, { jsonArguments: false })
      : client === 'responses'
        ? validateResponsesStream(text)
        : validateAnthropicStream(text, { allowZeroInputTokens: true });
  // Tool arguments are the upstream's own text; a stream cut inside them is relayed as it came.
  return problems.filter((problem) => !/parse to a JSON object/.test(problem));
}

/** What a client of `client` can make of the answer; empty = a valid answer or a well-formed error. */
function answerProblems(
  endpoint: (typeof endpoints)[number],
  answer: { status: number; contentType: string; text: string },
): string[] {
  if (!Number.isInteger(answer.status) || answer.status < 200 || answer.status > 599)
    return [`status ${answer.status}`];
  if (answer.status < 300 && answer.contentType.startsWith('text/event-stream'))
    return streamProblems(endpoint.client, answer.text);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return [`a ${answer.status} whose body is not JSON: ${answer.text.slice(0, 120)}`];
  }
  if (answer.status < 300)
    return endpoint.answered(body as Record<string, any>)
      ? []
      : [`a 2xx that is no answer: ${answer.text.slice(0, 120)}`];
  return errorShapeProblems(endpoint.client, body);
}

async function stillServes(endpoint: (typeof endpoints)[number]): Promise<void> {
  harness.upstream.reset();
  const body =
    endpoint.client === 'responses'
      ? { model: 'still-serving', input: 'Still there?' }
      : { model: 'still-serving', max_tokens: 32, messages: [{ role: 'user', content: 'Still there?' }] };
  const answer = await post(endpoint.path, JSON.stringify(body));
  expect(answer.status).toBe(200);
  expect(answer.text).toContain('Hello from the mock upstream');
}

describe.each(endpoints)('POST $path', (endpoint) => {
  it(
    'answers any body with a valid answer or an error in its protocol, and keeps serving',
    async () => {
      await fc.assert(
        fc.asyncProperty(rawBody(endpoint.valid), async (body) => {
          harness.upstream.reset();
          const answer = await post(endpoint.path, body);
          expect(answerProblems(endpoint, answer)).toEqual([]);
        }),
        fuzzParameters(15, 'end-to-end'),
      );
      await stillServes(endpoint);
    },
    fuzzTimeoutMs,
  );

  it(
    'answers a valid request served by a broken upstream stream in its protocol, and keeps serving',
    async () => {
      const broken = gatewayModel.chain((model) =>
        fc.record({
          model: fc.constant(model),
          bytes: brokenStream(upstreamFor(endpoint.client, model)),
          offsets: cutOffsets,
        }),
      );
      await fc.assert(
        fc.asyncProperty(broken, async ({ model, bytes, offsets }) => {
          harness.upstream.reset();
          harness.upstream.setHandler(() => ({
            fault: 'raw',
            status: 200,
            headers: { 'content-type': 'text/event-stream' },
            chunks: cutAt(bytes, offsets),
          }));
          const body =
            endpoint.client === 'responses'
              ? { model, input: 'Hi', stream: true }
              : { model, max_tokens: 32, stream: true, messages: [{ role: 'user', content: 'Hi' }] };
          const answer = await post(endpoint.path, JSON.stringify(body));
          const passthrough = upstreamFor(endpoint.client, model) === inboundOf[endpoint.client];
          // A pass-through stream is the upstream's own events; only its status and error shape are the gateway's.
          if (passthrough && answer.status === 200) return;
          expect(answerProblems(endpoint, answer)).toEqual([]);
        }),
        fuzzParameters(10, 'end-to-end'),
      );
      await stillServes(endpoint);
    },
    fuzzTimeoutMs,
  );
});
