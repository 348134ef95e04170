/**
 * Upstream SSE streams for fuzzing the relay: valid ones in each family's real grammar
 * (rendered by the mock upstream's own renderers from random scenarios), cut into random
 * byte chunks (inside CRLF pairs and UTF-8 characters too), and broken ones: truncated,
 * garbage bytes, JSON of the wrong shape, in-band errors of any type.
 */
import fc from 'fast-check';
import type { UpstreamProtocol } from '../../../src-gateway/protocols/types.ts';
import type { MockScenario } from '../../support/mock-upstream/mock-reply.ts';
import { normalizeScenario, type RenderContext } from '../../support/mock-upstream/normalize-scenario.ts';
import { renderAnthropic } from '../../support/mock-upstream/render-anthropic.ts';
import { renderGemini } from '../../support/mock-upstream/render-gemini.ts';
import { renderOpenAiChat } from '../../support/mock-upstream/render-openai-chat.ts';
import { renderOpenAiResponses } from '../../support/mock-upstream/render-openai-responses.ts';
import { anyText, objectKeyLikeWords } from './request-arbitraries.ts';

const callArguments = fc
  .dictionary(fc.string({ maxLength: 6 }), fc.oneof(anyText, fc.integer(), fc.boolean()), { maxKeys: 3 })
  .map((value) => JSON.stringify(value));

const calls = fc.array(
  fc.record({ name: fc.stringMatching(/^[a-z_][a-z0-9_]{0,12}$/), arguments: callArguments }),
  { minLength: 1, maxLength: 3 },
);

const usage = fc
  .record({
    input: fc.nat({ max: 100_000 }),
    output: fc.nat({ max: 10_000 }),
    cacheRead: fc.nat({ max: 1_000 }),
    reasoning: fc.nat({ max: 1_000 }),
  })
  .map((entry) => ({
    input: entry.input + entry.cacheRead,
    output: entry.output + entry.reasoning,
    cacheRead: entry.cacheRead,
    reasoning: entry.reasoning,
  }));

const options = {
  usage,
  textPieceSize: fc.integer({ min: 1, max: 12 }),
  argumentPieceSize: fc.integer({ min: 1, max: 6 }),
  stopReason: fc.constantFrom('end_turn' as const, 'max_tokens' as const, 'content_filter' as const),
};

export const scenario: fc.Arbitrary<MockScenario> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), text: anyText, ...options }),
  fc.record({ kind: fc.constant('tools' as const), calls, text: anyText, ...options }),
  fc.record({
    kind: fc.constant('reasoning' as const),
    reasoning: anyText,
    text: anyText,
    calls: fc.option(calls, { nil: undefined }),
    signature: fc.stringMatching(/^[A-Za-z0-9+/]{4,20}$/),
    ...options,
  }),
);

/** The SSE text an upstream of `family` sends for `scenario`, as the mock upstream renders it. */
export function renderStream(family: UpstreamProtocol, value: MockScenario, includeUsage: boolean): string {
  const normalized = normalizeScenario(value);
  const context: RenderContext = {
    model: 'upstream-model',
    stream: true,
    includeUsage,
    sequence: 1,
    body: {},
  };
  const rendered =
    family === 'anthropic'
      ? renderAnthropic(normalized, context)
      : family === 'gemini'
        ? renderGemini(normalized, context, true)
        : family === 'openai-responses'
          ? renderOpenAiResponses(normalized, context)
          : renderOpenAiChat(normalized, context);
  if (rendered.kind !== 'stream') throw new Error('the mock rendered JSON for a stream');
  return rendered.frames.join('');
}

/** Valid SSE variations of the same events: CRLF line ends, comments and blank keep-alives between events. */
export const sseDressing = fc.record({
  crlf: fc.boolean(),
  comments: fc.boolean(),
});

export function dress(text: string, dressing: { crlf: boolean; comments: boolean }): string {
  let out = dressing.comments ? `: keep-alive\n\n${text.replaceAll('\n\n', '\n\n: ping\n\n')}` : text;
  if (dressing.crlf) out = out.replaceAll('\n', '\r\n');
  return out;
}

/** Cut `bytes` at the given offsets (any of them, sorted, deduplicated; out-of-range ones wrap). */
export function cutAt(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  if (bytes.length === 0) return [bytes];
  const cuts = [...new Set(offsets.map((offset) => offset % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of cuts) {
    chunks.push(bytes.subarray(start, cut)); // empty chunks too: a transport may deliver them
    start = cut;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

export const cutOffsets = fc.array(fc.nat(), { maxLength: 40 });

/** One SSE frame of garbage: lines that look like SSE, JSON of any shape, errors of any type, raw bytes. */
const garbageFrame: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => `data: ${JSON.stringify(value)}\n\n`),
  fc
    .tuple(
      fc.constantFrom('message_start', 'content_block_delta', 'response.completed', 'error', 'ping', ''),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(([event, value]) => `event: ${event}\ndata: ${JSON.stringify(value)}\n\n`),
  fc
    .tuple(
      fc.constantFrom('overloaded_error', 'api_error', 'rate_limit_error', ...objectKeyLikeWords),
      fc.string({ maxLength: 20 }),
    )
    .map(
      ([type, message]) =>
        `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type, message } })}\n\n`,
    ),
  fc
    .tuple(
      fc.oneof(fc.integer({ min: -1, max: 999 }), fc.constantFrom(...objectKeyLikeWords)),
      fc.string({ maxLength: 20 }),
    )
    .map(
      ([code, message]) =>
        `data: ${JSON.stringify({ error: { code, message, type: code, status: code } })}\n\n`,
    ),
  fc.constantFrom(
    'data: [DONE]\n\n',
    'data: {\n\n',
    'data:\n\n',
    ':\n\n',
    'retry: 10\n\n',
    'id: \u0000\n\n',
    '\r\r\n\n',
  ),
  fc.string({ maxLength: 30 }),
  fc.uint8Array({ maxLength: 30 }),
);

/** A valid stream cut short at a random byte, then maybe followed by garbage. */
export function brokenStream(family: UpstreamProtocol): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.tuple(scenario, fc.nat(), fc.array(garbageFrame, { maxLength: 3 })).map(([value, cut, garbage]) => {
      const bytes = Buffer.from(renderStream(family, value, true));
      return Buffer.concat([
        bytes.subarray(0, cut % (bytes.length + 1)),
        ...garbage.map((entry) => Buffer.from(entry)),
      ]);
    }),
    fc
      .array(garbageFrame, { maxLength: 8 })
      .map((frames) => Buffer.concat(frames.map((entry) => Buffer.from(entry)))),
  );
}
