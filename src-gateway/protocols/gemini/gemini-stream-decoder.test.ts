import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types.ts';
import { createSseParser, formatSse } from '../../lib/sse.ts';
import { randomChunks, splitAtEveryOffset } from '../../../tests/support/sse-replay.ts';
import { readWireCapture } from '../../../tests/support/wire-captures.ts';
import { createGeminiStreamDecoder } from './gemini-stream-decoder.ts';

/** Run raw SSE bytes, cut into `chunks`, through the parser and the decoder. */
function decode(chunks: Array<string | Uint8Array>): StreamEvent[] {
  const parser = createSseParser();
  const decoder = createGeminiStreamDecoder();
  const events: StreamEvent[] = [];
  for (const chunk of chunks) for (const sse of parser.push(chunk)) events.push(...decoder.push(sse));
  for (const sse of parser.end()) events.push(...decoder.push(sse));
  events.push(...decoder.end());
  return events;
}

/** Stable view of the events: synthesized ids replaced by a marker. */
function normalize(events: StreamEvent[]): unknown[] {
  return events.map((event) =>
    event.type === 'tool_call_start' && event.id.startsWith('call_') ? { ...event, id: 'call_*' } : event,
  );
}

function chunk(body: Record<string, unknown>): string {
  return formatSse(JSON.stringify(body));
}

describe('createGeminiStreamDecoder', () => {
  const capture = readWireCapture('gemini');

  it('decodes the reference capture into text, one whole tool call, usage and tool_use', () => {
    const events = decode([capture]);
    expect(normalize(events)).toEqual([
      { type: 'start', id: 'gem_Mock1', model: 'gemini-2.5-flash' },
      { type: 'text', text: 'Let me check ' },
      { type: 'text', text: 'the weather.' },
      {
        type: 'tool_call_start',
        toolIndex: 0,
        id: 'call_*',
        name: 'get_weather',
        thoughtSignature: 'c2lnTW9jaw==',
      },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '{"location":"Paris","unit":"c"}' },
      {
        type: 'usage',
        usage: {
          inputTokens: 25,
          outputTokens: 42,
          cacheReadTokens: 10,
          cacheWriteTokens: 0,
          reasoningTokens: 12,
        },
      },
      { type: 'finish', reason: 'tool_use' },
    ]);
  });

  it('gives the same events wherever the bytes are split (every offset, CRLF and random chunks)', () => {
    const expected = normalize(decode([capture]));
    for (const [first, second] of splitAtEveryOffset(capture)) {
      expect(normalize(decode([first, second]))).toEqual(expected);
    }
    const crlf = capture.replace(/\n/g, '\r\n');
    for (const [first, second] of splitAtEveryOffset(crlf)) {
      expect(normalize(decode([first, second]))).toEqual(expected);
    }
    for (let seed = 1; seed <= 20; seed++)
      expect(normalize(decode(randomChunks(capture, seed, 7)))).toEqual(expected);
  });

  it('keeps multi-byte text intact when a chunk boundary falls inside a character', () => {
    const text = chunk({
      candidates: [
        { content: { role: 'model', parts: [{ text: 'héllo 世界 🌍' }] }, finishReason: 'STOP', index: 0 },
      ],
    });
    for (const [first, second] of splitAtEveryOffset(text)) {
      const events = decode([first, second]);
      expect(events.filter((event) => event.type === 'text')).toEqual([
        { type: 'text', text: 'héllo 世界 🌍' },
      ]);
    }
  });

  it('emits thought parts as reasoning with their signature', () => {
    const events = decode([
      chunk({
        candidates: [
          { content: { parts: [{ text: 'Thinking it over', thought: true, thoughtSignature: 'sig1' }] } },
        ],
      }),
      chunk({ candidates: [{ content: { parts: [{ text: 'Answer.' }] }, finishReason: 'STOP' }] }),
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'reasoning', text: 'Thinking it over' },
      { type: 'reasoning_signature', signature: 'sig1', origin: 'gemini' },
      { type: 'text', text: 'Answer.' },
      { type: 'finish', reason: 'end_turn' },
    ]);
  });

  it('numbers parallel calls, keeps a Gemini-supplied id, and synthesizes distinct ids otherwise', () => {
    const events = decode([
      chunk({
        candidates: [
          {
            content: {
              parts: [
                { functionCall: { id: 'abc', name: 'first', args: {} } },
                { functionCall: { name: 'second', args: { x: 1 } } },
                { functionCall: { name: 'third' } },
              ],
            },
            finishReason: 'STOP',
          },
        ],
      }),
    ]);
    const starts = events.filter((event) => event.type === 'tool_call_start');
    expect(starts.map((event) => [event.toolIndex, event.name])).toEqual([
      [0, 'first'],
      [1, 'second'],
      [2, 'third'],
    ]);
    expect(starts[0]!.id).toBe('abc');
    expect(starts[1]!.id).toMatch(/^call_[A-Za-z0-9]+$/);
    expect(starts[1]!.id).not.toBe(starts[2]!.id);
    expect(
      events.filter((event) => event.type === 'tool_call_delta').map((event) => event.arguments),
    ).toEqual(['{}', '{"x":1}', '{}']);
  });

  it('reports the last usageMetadata, even when it follows the finish chunk', () => {
    const events = decode([
      chunk({
        candidates: [{ content: { parts: [{ text: 'a' }] } }],
        usageMetadata: { promptTokenCount: 5 },
      }),
      chunk({
        candidates: [{ content: { parts: [{ text: 'b' }] }, finishReason: 'MAX_TOKENS' }],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2 },
      }),
      chunk({
        usageMetadata: {
          promptTokenCount: 7,
          toolUsePromptTokenCount: 3,
          candidatesTokenCount: 4,
          thoughtsTokenCount: 1,
        },
      }),
    ]);
    expect(events.slice(-2)).toEqual([
      {
        type: 'usage',
        usage: {
          inputTokens: 10,
          outputTokens: 5,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 1,
        },
      },
      { type: 'finish', reason: 'max_tokens' },
    ]);
  });

  it.each([
    ['SAFETY', 'content_filter'],
    ['PROHIBITED_CONTENT', 'content_filter'],
    ['RECITATION', 'content_filter'],
    ['STOP', 'end_turn'],
    ['OTHER', 'end_turn'],
  ])('maps finishReason %s to %s', (finishReason, reason) => {
    const events = decode([chunk({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason }] })]);
    expect(events.at(-1)).toEqual({ type: 'finish', reason });
  });

  it('turns MALFORMED_FUNCTION_CALL into an error and nothing after it', () => {
    const events = decode([
      chunk({
        candidates: [
          { content: { parts: [] }, finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: 'bad call' },
        ],
      }),
      chunk({ candidates: [{ content: { parts: [{ text: 'late' }] } }] }),
    ]);
    expect(events.at(-1)).toEqual({
      type: 'error',
      status: 502,
      code: 'malformed_function_call',
      message: 'bad call',
    });
    expect(events.some((event) => event.type === 'finish' || event.type === 'text')).toBe(false);
  });

  it('turns an in-stream {error} object into an error event', () => {
    const events = decode([
      chunk({ candidates: [{ content: { parts: [{ text: 'partial' }] } }] }),
      chunk({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }),
    ]);
    expect(events.at(-1)).toEqual({
      type: 'error',
      status: 503,
      code: 'UNAVAILABLE',
      message: 'The model is overloaded.',
    });
    expect(events.some((event) => event.type === 'finish')).toBe(false);
  });

  it.each([0, 200, 999, 429.5])(
    'answers an in-stream error with code %s as a 502, never a non-error status, and fills in an empty message (found by tests/fuzz)',
    (code) => {
      const events = decode([chunk({ error: { code, message: '', status: '' } })]);
      expect(events).toEqual([
        { type: 'error', status: 502, code: 'upstream_error', message: 'Gemini upstream reported an error' },
      ]);
    },
  );

  it('reports a prompt blocked by promptFeedback as content_filter', () => {
    const events = decode([
      chunk({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 4 } }),
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'content_filter' });
  });

  it('reports non-JSON data and an empty stream as errors', () => {
    expect(decode(['data: <html>\n\n']).at(-1)).toMatchObject({
      type: 'error',
      code: 'invalid_upstream_chunk',
    });
    expect(decode([]).at(-1)).toMatchObject({ type: 'error', code: 'empty_upstream_stream' });
  });
});
