import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types.ts';
import { createSseParser } from '../../lib/sse.ts';
import { createAnthropicStreamDecoder } from './anthropic-stream-decoder.ts';
import { readWireCaptureBytes } from '../../../tests/support/wire-captures.ts';

const capture = readWireCaptureBytes('anthropic');

function decodeChunks(chunks: Uint8Array[] | string[]): StreamEvent[] {
  const parser = createSseParser();
  const decoder = createAnthropicStreamDecoder();
  const events: StreamEvent[] = [];
  for (const chunk of chunks) for (const sse of parser.push(chunk)) events.push(...decoder.push(sse));
  for (const sse of parser.end()) events.push(...decoder.push(sse));
  events.push(...decoder.end());
  return events;
}

const frame = (data: Record<string, unknown>) =>
  `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`;

describe('createAnthropicStreamDecoder', () => {
  it('decodes the reference capture into canonical events', () => {
    expect(decodeChunks([capture])).toEqual([
      {
        type: 'start',
        id: 'msg_01MockAbc',
        model: 'claude-sonnet-4-5',
        usage: {
          inputTokens: 35,
          outputTokens: 1,
          cacheReadTokens: 10,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        },
      },
      { type: 'reasoning', text: 'User wants weather; ' },
      { type: 'reasoning', text: 'call the tool.' },
      { type: 'reasoning_signature', signature: 'EqQBCgIYAhIMock==', origin: 'anthropic' },
      { type: 'text', text: 'Let me check ' },
      { type: 'text', text: 'the weather.' },
      { type: 'tool_call_start', toolIndex: 0, id: 'toolu_01Mock', name: 'get_weather' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '{"location": "Par' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: 'is", "unit": "c"}' },
      { type: 'tool_call_done', toolIndex: 0 },
      {
        type: 'usage',
        usage: {
          inputTokens: 35,
          outputTokens: 42,
          cacheReadTokens: 10,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        },
      },
      { type: 'finish', reason: 'tool_use' },
    ]);
  });

  it('yields the same events whatever byte offset the stream is split at', () => {
    const whole = decodeChunks([capture]);
    for (let offset = 0; offset <= capture.length; offset++) {
      const split = decodeChunks([capture.subarray(0, offset), capture.subarray(offset)]);
      expect(split, `split at byte ${offset}`).toEqual(whole);
    }
  });

  it('counts tool indexes over tool blocks only and takes input given at block start', () => {
    const events = decodeChunks([
      frame({ type: 'message_start', message: { id: 'msg_1', usage: { input_tokens: 3 } } }),
      frame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      frame({ type: 'content_block_stop', index: 0 }),
      frame({
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'server_tool_use', id: 's', name: 'web_search' },
      }),
      frame({
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '{"q":1}' },
      }),
      frame({ type: 'content_block_stop', index: 1 }),
      frame({
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 't1', name: 'a', input: { x: 1 } },
      }),
      frame({ type: 'content_block_stop', index: 2 }),
      frame({
        type: 'content_block_start',
        index: 3,
        content_block: { type: 'redacted_thinking', data: 'opaque' },
      }),
      frame({ type: 'content_block_stop', index: 3 }),
      frame({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 4 } }),
      frame({ type: 'message_stop' }),
    ]);
    expect(
      events.filter((event) => event.type.startsWith('tool') || event.type === 'reasoning_redacted'),
    ).toEqual([
      { type: 'tool_call_start', toolIndex: 0, id: 't1', name: 'a' },
      { type: 'tool_call_done', toolIndex: 0, arguments: '{"x":1}' },
      { type: 'reasoning_redacted', data: 'opaque' },
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool_use' });
  });

  it('keeps cumulative usage: message_delta overwrites only the fields it carries', () => {
    const events = decodeChunks([
      frame({
        type: 'message_start',
        message: { usage: { input_tokens: 10, cache_read_input_tokens: 90, cache_creation_input_tokens: 5 } },
      }),
      frame({
        type: 'message_delta',
        delta: { stop_reason: 'max_tokens' },
        usage: { output_tokens: 7, input_tokens: 12 },
      }),
      frame({ type: 'message_stop' }),
    ]);
    expect(events.find((event) => event.type === 'usage')).toEqual({
      type: 'usage',
      usage: {
        inputTokens: 107,
        outputTokens: 7,
        cacheReadTokens: 90,
        cacheWriteTokens: 5,
        reasoningTokens: 0,
      },
    });
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'max_tokens' });
  });

  it('turns an error event into an error with the matching status, in both shapes', () => {
    const overloaded = decodeChunks([
      frame({ type: 'message_start', message: {} }),
      frame({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    ]);
    expect(overloaded.at(-1)).toEqual({
      type: 'error',
      status: 529,
      code: 'overloaded_error',
      message: 'Overloaded',
    });
    // musistudio/llms' wrong shape: {type:"error", message:{type, message}}
    const wrongShape = decodeChunks([
      frame({ type: 'error', message: { type: 'api_error', message: 'boom' } }),
    ]);
    expect(wrongShape).toEqual([{ type: 'error', status: 500, code: 'api_error', message: 'boom' }]);
  });

  it('gives an error event of an unknown type (even "constructor") status 500 and an empty message a fallback (found by tests/fuzz)', () => {
    expect(decodeChunks([frame({ type: 'error', error: { type: 'constructor', message: 'odd' } })])).toEqual([
      { type: 'error', status: 500, code: 'constructor', message: 'odd' },
    ]);
    expect(
      decodeChunks([frame({ type: 'error', error: { type: 'overloaded_error', message: '' } })]),
    ).toEqual([
      {
        type: 'error',
        status: 529,
        code: 'overloaded_error',
        message: 'Upstream stream error (overloaded_error)',
      },
    ]);
  });

  it('ignores ping, unknown events and non-JSON data, and reports a stream cut before message_stop', () => {
    const events = decodeChunks([
      frame({ type: 'message_start', message: {} }),
      frame({ type: 'ping' }),
      frame({ type: 'some_future_event', value: 1 }),
      'data: [DONE]\n\n',
      frame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      frame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'cut' } }),
    ]);
    expect(events.map((event) => event.type)).toEqual(['start', 'text', 'error']);
    expect(events.at(-1)).toMatchObject({ status: 502, code: 'bad_upstream_response' });
  });
});
