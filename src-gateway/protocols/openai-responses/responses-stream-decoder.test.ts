import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types.ts';
import { createSseParser } from '../../lib/sse.ts';
import type { SseEvent } from '../../lib/sse.ts';
import { createResponsesStreamDecoder } from './responses-stream-decoder.ts';
import { readWireCaptureBytes } from '../../../tests/support/wire-captures.ts';

const capture = readWireCaptureBytes('responses');

function decodeChunks(chunks: Uint8Array[]): StreamEvent[] {
  const parser = createSseParser();
  const decoder = createResponsesStreamDecoder();
  const out: StreamEvent[] = [];
  for (const chunk of chunks) for (const event of parser.push(chunk)) out.push(...decoder.push(event));
  for (const event of parser.end()) out.push(...decoder.push(event));
  out.push(...decoder.end());
  return out;
}

function decodeEvents(events: Array<Record<string, unknown>>): StreamEvent[] {
  const decoder = createResponsesStreamDecoder();
  const out: StreamEvent[] = [];
  for (const data of events) {
    const sse: SseEvent = { event: String(data['type']), data: JSON.stringify(data) };
    out.push(...decoder.push(sse));
  }
  return [...out, ...decoder.end()];
}

const created = {
  type: 'response.created',
  response: { id: 'resp_X', model: 'gpt-5', output: [], usage: null },
};
const usage = {
  input_tokens: 7,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 3,
  total_tokens: 10,
};

describe('Responses stream decoder', () => {
  it('decodes the reference capture into canonical events', () => {
    expect(decodeChunks([capture])).toEqual([
      { type: 'start', id: 'resp_Mock123', model: 'gpt-5-codex' },
      { type: 'reasoning', text: 'Need the weather tool.' },
      { type: 'text', text: 'Let me check ' },
      { type: 'text', text: 'the weather.' },
      { type: 'tool_call_start', toolIndex: 0, id: 'call_Mock1', name: 'get_weather' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '{"location": "Par' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: 'is", "unit": "c"}' },
      { type: 'tool_call_done', toolIndex: 0 },
      {
        type: 'usage',
        usage: { inputTokens: 25, outputTokens: 42, cacheReadTokens: 10, reasoningTokens: 12 },
      },
      { type: 'finish', reason: 'tool_use' },
    ]);
  });

  it('yields the same events whatever byte offset the capture is split at', () => {
    const whole = decodeChunks([capture]);
    for (let offset = 0; offset <= capture.length; offset++) {
      const split = decodeChunks([capture.subarray(0, offset), capture.subarray(offset)]);
      if (JSON.stringify(split) !== JSON.stringify(whole)) {
        expect.fail(`split at byte ${offset} changed the decoded events`);
      }
    }
  });

  it('takes arguments from .done when no argument deltas came (litellm#27144)', () => {
    const item = { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'shell', arguments: '' };
    const events = decodeEvents([
      created,
      { type: 'response.output_item.added', output_index: 0, item },
      {
        type: 'response.function_call_arguments.done',
        item_id: 'fc_1',
        output_index: 0,
        arguments: '{"cmd":["ls"]}',
      },
      { type: 'response.output_item.done', output_index: 0, item: { ...item, arguments: '{"cmd":["ls"]}' } },
      { type: 'response.completed', response: { id: 'resp_X', output: [], usage } },
    ]);
    expect(events.filter((event) => event.type.startsWith('tool_call'))).toEqual([
      { type: 'tool_call_start', toolIndex: 0, id: 'call_1', name: 'shell' },
      { type: 'tool_call_done', toolIndex: 0, arguments: '{"cmd":["ls"]}' },
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'tool_use' });
  });

  it('matches items without ids by output_index', () => {
    const item = { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '' };
    const events = decodeEvents([
      created,
      { type: 'response.output_item.added', output_index: 0, item },
      { type: 'response.function_call_arguments.delta', output_index: 0, delta: '{}' },
      { type: 'response.output_item.done', output_index: 0, item: { ...item, arguments: '{}' } },
      { type: 'response.completed', response: { id: 'resp_X', output: [], usage } },
    ]);
    expect(events.filter((event) => event.type.startsWith('tool_call'))).toEqual([
      { type: 'tool_call_start', toolIndex: 0, id: 'call_1', name: 'f' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '{}' },
      { type: 'tool_call_done', toolIndex: 0 },
    ]);
  });

  it('recovers calls, text and encrypted reasoning from output_item.done alone', () => {
    const events = decodeEvents([
      created,
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: { id: 'rs_9', type: 'reasoning', summary: [], encrypted_content: 'gAAAA-blob' },
      },
      {
        type: 'response.output_item.done',
        output_index: 1,
        item: {
          id: 'msg_9',
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hi' }],
        },
      },
      {
        type: 'response.output_item.done',
        output_index: 2,
        item: {
          id: 'ctc_9',
          type: 'custom_tool_call',
          call_id: 'call_9',
          name: 'apply_patch',
          input: '*** Begin Patch',
        },
      },
      { type: 'response.completed', response: { id: 'resp_X', output: [], usage } },
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'reasoning_encrypted', itemId: 'rs_9', encryptedContent: 'gAAAA-blob' },
      { type: 'text', text: 'Hi' },
      { type: 'tool_call_start', toolIndex: 0, id: 'call_9', name: 'apply_patch', custom: true },
      { type: 'tool_call_done', toolIndex: 0, arguments: '*** Begin Patch' },
      { type: 'usage', usage: { inputTokens: 7, outputTokens: 3, cacheReadTokens: 0 } },
      { type: 'finish', reason: 'tool_use' },
    ]);
  });

  it('rebuilds output from response.completed when no item events were sent', () => {
    const events = decodeEvents([
      created,
      {
        type: 'response.completed',
        response: {
          id: 'resp_X',
          output: [
            { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'only here' }] },
          ],
          usage,
        },
      },
    ]);
    expect(events.filter((event) => event.type === 'text')).toEqual([{ type: 'text', text: 'only here' }]);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'end_turn' });
  });

  it('maps response.incomplete to max_tokens and content_filter', () => {
    const incomplete = (reason: string) =>
      decodeEvents([
        created,
        {
          type: 'response.incomplete',
          response: { id: 'resp_X', output: [], incomplete_details: { reason }, usage },
        },
      ]).at(-1);
    expect(incomplete('max_output_tokens')).toEqual({ type: 'finish', reason: 'max_tokens' });
    expect(incomplete('content_filter')).toEqual({ type: 'finish', reason: 'content_filter' });
  });

  it('gives a failure with an empty code and message the fallbacks (found by tests/fuzz)', () => {
    const failed = decodeEvents([created, { type: 'error', error: { code: '', message: '' } }]);
    expect(failed.at(-1)).toEqual({
      type: 'error',
      status: 502,
      code: 'upstream_error',
      message: 'The upstream reported a failure',
    });
  });

  it('turns response.failed and error events into one canonical error', () => {
    const failed = decodeEvents([
      created,
      {
        type: 'response.failed',
        response: {
          id: 'resp_X',
          status: 'failed',
          error: { code: 'rate_limit_exceeded', message: 'try again in 3s' },
        },
      },
    ]);
    expect(failed.at(-1)).toEqual({
      type: 'error',
      status: 429,
      code: 'rate_limit_exceeded',
      message: 'try again in 3s',
    });

    const nestedThenFailed = decodeEvents([
      created,
      {
        type: 'error',
        error: { type: 'invalid_request_error', code: 'context_length_exceeded', message: 'too long' },
      },
      {
        type: 'response.failed',
        response: { id: 'resp_X', error: { code: 'context_length_exceeded', message: 'x' } },
      },
    ]);
    expect(nestedThenFailed.filter((event) => event.type === 'error')).toEqual([
      { type: 'error', status: 400, code: 'context_length_exceeded', message: 'too long' },
    ]);

    const flat = decodeEvents([{ type: 'error', code: 'server_error', message: 'boom' }]);
    expect(flat).toEqual([{ type: 'error', status: 500, code: 'server_error', message: 'boom' }]);
  });

  it('ignores unknown event types and non-JSON data (litellm#29254)', () => {
    const events = decodeEvents([
      created,
      { type: 'response.deepseek.keepalive', foo: 1 },
      { type: 'response.output_text.annotation.added', item_id: 'msg_1' },
      { type: 'response.completed', response: { id: 'resp_X', output: [], usage } },
    ]);
    expect(events.map((event) => event.type)).toEqual(['start', 'usage', 'finish']);
    const decoder = createResponsesStreamDecoder();
    expect(decoder.push({ data: '[DONE]' })).toEqual([]);
  });

  it('reports a stream that ends before response.completed', () => {
    const events = decodeEvents([
      created,
      { type: 'response.output_text.delta', item_id: 'm', delta: 'par' },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'error', status: 502, code: 'bad_upstream_response' });
  });

  it('separates reasoning summary parts the way non-stream decoding joins them', () => {
    const events = decodeEvents([
      created,
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', summary_index: 0, delta: 'First.' },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', summary_index: 1, delta: 'Second.' },
      { type: 'response.completed', response: { id: 'resp_X', output: [], usage } },
    ]);
    const reasoning = events.flatMap((event) => (event.type === 'reasoning' ? [event.text] : [])).join('');
    expect(reasoning).toBe('First.\n\nSecond.');
  });
});
