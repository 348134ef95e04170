import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types.ts';
import { createSseParser } from '../../lib/sse.ts';
import { createChatStreamDecoder } from './chat-stream-decoder.ts';
import { readWireCaptureBytes } from '../../../tests/support/wire-captures.ts';

const capture = readWireCaptureBytes('chat');

function decodeBytes(chunks: Uint8Array[]): StreamEvent[] {
  const parser = createSseParser();
  const decoder = createChatStreamDecoder();
  const events: StreamEvent[] = [];
  for (const chunk of chunks) for (const sse of parser.push(chunk)) events.push(...decoder.push(sse));
  for (const sse of parser.end()) events.push(...decoder.push(sse));
  events.push(...decoder.end());
  return events;
}

/** Feed chunk objects as `data:` lines, then `[DONE]`. */
function decodeChunks(chunks: unknown[], done = true): StreamEvent[] {
  const decoder = createChatStreamDecoder();
  const events: StreamEvent[] = [];
  for (const chunk of chunks) events.push(...decoder.push({ data: JSON.stringify(chunk) }));
  if (done) events.push(...decoder.push({ data: '[DONE]' }));
  events.push(...decoder.end());
  return events;
}

function chunk(
  delta: Record<string, unknown>,
  finishReason: string | null = null,
  extra: object = {},
): unknown {
  return { id: 'c1', model: 'm', choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra };
}

describe('chat stream decoder: reference capture', () => {
  const expected: StreamEvent[] = [
    { type: 'start', id: 'chatcmpl-Mock123', model: 'gpt-4o-mini' },
    { type: 'text', text: 'Let me check ' },
    { type: 'text', text: 'the weather.' },
    { type: 'tool_call_start', toolIndex: 0, id: 'call_Mock1', name: 'get_weather' },
    { type: 'tool_call_delta', toolIndex: 0, arguments: '{"location": "Par' },
    { type: 'tool_call_delta', toolIndex: 0, arguments: 'is", "unit": "c"}' },
    { type: 'finish', reason: 'tool_use' },
    {
      type: 'usage',
      usage: { inputTokens: 25, outputTokens: 42, cacheReadTokens: 10, reasoningTokens: 0 },
    },
  ];

  it('decodes the capture in one piece', () => {
    expect(decodeBytes([capture])).toEqual(expected);
  });

  it('decodes the same events whatever byte offset the stream is split at', () => {
    for (let offset = 0; offset <= capture.length; offset++) {
      const events = decodeBytes([capture.subarray(0, offset), capture.subarray(offset)]);
      expect(events, `split at byte ${offset}`).toEqual(expected);
    }
  });

  it('decodes the same events when every byte arrives alone', () => {
    const bytes = Array.from(capture, (byte) => Uint8Array.of(byte));
    expect(decodeBytes(bytes)).toEqual(expected);
  });
});

describe('chat stream decoder: vendor quirks', () => {
  it('reads OpenRouter chunks whose choice index is 1', () => {
    const events = decodeChunks([
      { id: 'or', model: 'm', choices: [{ index: 1, delta: { role: 'assistant', content: 'Hi' } }] },
      { id: 'or', model: 'm', choices: [{ index: 1, delta: {}, finish_reason: 'stop' }] },
    ]);
    expect(events).toEqual([
      { type: 'start', id: 'or', model: 'm' },
      { type: 'text', text: 'Hi' },
      { type: 'finish', reason: 'end_turn' },
    ]);
  });

  it('ignores the empty name LM Studio repeats on continuation deltas', () => {
    const events = decodeChunks([
      chunk({
        tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }],
      }),
      chunk({
        tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: '', arguments: '{"a"' } }],
      }),
      chunk({
        tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: '', arguments: ':1}' } }],
      }),
      chunk({}, 'tool_calls'),
    ]);
    expect(events.filter((event) => event.type.startsWith('tool_call'))).toEqual([
      { type: 'tool_call_start', toolIndex: 0, id: 'call_1', name: 'f' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '{"a"' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: ':1}' },
    ]);
  });

  it('follows one-api deltas that carry no index, starting a new call when a new id appears', () => {
    const events = decodeChunks([
      chunk({ tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'a', arguments: '' } }] }),
      chunk({ tool_calls: [{ function: { arguments: '{"x":' } }] }),
      chunk({ tool_calls: [{ function: { arguments: '1}' } }] }),
      chunk({ tool_calls: [{ id: 'toolu_2', type: 'function', function: { name: 'b', arguments: '' } }] }),
      chunk({ tool_calls: [{ function: { arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(events.filter((event) => event.type.startsWith('tool_call'))).toEqual([
      { type: 'tool_call_start', toolIndex: 0, id: 'toolu_1', name: 'a' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '{"x":' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '1}' },
      { type: 'tool_call_start', toolIndex: 1, id: 'toolu_2', name: 'b' },
      { type: 'tool_call_delta', toolIndex: 1, arguments: '{}' },
    ]);
  });

  it('keeps parallel calls apart by index even when the id is repeated on every delta', () => {
    const events = decodeChunks([
      chunk({
        tool_calls: [{ index: 0, id: 'c_a', type: 'function', function: { name: 'f', arguments: '{"n":' } }],
      }),
      chunk({
        tool_calls: [{ index: 1, id: 'c_b', type: 'function', function: { name: 'g', arguments: '{' } }],
      }),
      chunk({ tool_calls: [{ index: 0, id: 'c_a', function: { arguments: '1}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'c_b', function: { arguments: '}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(events.filter((event) => event.type.startsWith('tool_call'))).toEqual([
      { type: 'tool_call_start', toolIndex: 0, id: 'c_a', name: 'f' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '{"n":' },
      { type: 'tool_call_start', toolIndex: 1, id: 'c_b', name: 'g' },
      { type: 'tool_call_delta', toolIndex: 1, arguments: '{' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '1}' },
      { type: 'tool_call_delta', toolIndex: 1, arguments: '}' },
    ]);
  });

  it('reports tool_use when finish_reason says stop but tool calls were sent', () => {
    const events = decodeChunks([
      chunk({
        tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
      }),
      chunk({}, 'stop'),
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool_use' });
  });

  it('reads usage on the finish chunk and in a trailing usage chunk', () => {
    const onFinish = decodeChunks([
      chunk({ content: 'x' }),
      chunk({}, 'length', { usage: { prompt_tokens: 3, completion_tokens: 4 } }),
    ]);
    expect(onFinish.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 4 } },
      { type: 'finish', reason: 'max_tokens' },
    ]);
    const after = decodeChunks([
      chunk({ content: 'x' }),
      chunk({}, 'stop'),
      {
        id: 'c1',
        choices: [],
        usage: {
          prompt_tokens: 9,
          completion_tokens: 2,
          prompt_cache_hit_tokens: 5,
          cache_creation_input_tokens: 1,
        },
      },
    ]);
    expect(after.slice(-2)).toEqual([
      { type: 'finish', reason: 'end_turn' },
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 2, cacheReadTokens: 5, cacheWriteTokens: 1 } },
    ]);
  });

  it('reads reasoning from reasoning_content and from reasoning', () => {
    const events = decodeChunks([
      chunk({ reasoning_content: 'think ' }),
      chunk({ reasoning: 'more' }),
      chunk({ content: 'done' }, 'stop'),
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'reasoning', text: 'think ' },
      { type: 'reasoning', text: 'more' },
      { type: 'text', text: 'done' },
      { type: 'finish', reason: 'end_turn' },
    ]);
  });

  it('holds arguments until a call whose name comes late is named', () => {
    const events = decodeChunks([
      chunk({ tool_calls: [{ index: 0, id: 'c', function: { arguments: '{"a":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: 'f', arguments: '1}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(events.filter((event) => event.type.startsWith('tool_call'))).toEqual([
      { type: 'tool_call_start', toolIndex: 0, id: 'c', name: 'f' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '{"a":' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '1}' },
    ]);
  });
});

describe('chat stream decoder: endings and errors', () => {
  it('emits a finish at end() when the upstream never sent finish_reason', () => {
    expect(decodeChunks([chunk({ content: 'partial' })], false)).toEqual([
      { type: 'start', id: 'c1', model: 'm' },
      { type: 'text', text: 'partial' },
      { type: 'finish', reason: 'end_turn' },
    ]);
  });

  it('emits exactly one finish', () => {
    const events = decodeChunks([chunk({ content: 'a' }, 'stop'), chunk({}, 'stop')]);
    expect(events.filter((event) => event.type === 'finish')).toHaveLength(1);
  });

  it('turns an error chunk into an error event and ignores the rest', () => {
    const events = decodeChunks([
      chunk({ content: 'a' }),
      { error: { message: 'Provider overloaded', code: 503, type: 'server_error' } },
      chunk({ content: 'b' }, 'stop'),
    ]);
    expect(events.slice(2)).toEqual([
      { type: 'error', status: 503, code: 'server_error', message: 'Provider overloaded' },
    ]);
  });

  it('treats a malformed data line as a 502 error', () => {
    const decoder = createChatStreamDecoder();
    expect(decoder.push({ data: '{"id":"x","choices":[' })).toEqual([
      { type: 'error', status: 502, code: 'bad_upstream_response', message: expect.any(String) },
    ]);
    expect(decoder.end()).toEqual([]);
  });

  it('reports an empty stream instead of ending silently', () => {
    const decoder = createChatStreamDecoder();
    expect(decoder.push({ data: '[DONE]' })).toEqual([]);
    expect(decoder.end()).toEqual([
      { type: 'error', status: 502, code: 'bad_upstream_response', message: expect.any(String) },
    ]);
  });
});

describe('chat stream decoder: keepalive chunks', () => {
  it('does not take an empty keepalive object for the first chunk', () => {
    const events = decodeChunks([{}, chunk({ content: 'a' }, 'stop')]);
    expect(events[0]).toEqual({ type: 'start', id: 'c1', model: 'm' });
  });
});
