import Anthropic from '@anthropic-ai/sdk';
import AnthropicV0 from 'anthropic-sdk-0';
import { describe, expect, it } from 'vitest';
import { parseSseText, validateAnthropicStream } from '../../../tests/support/stream-validators.ts';
import type { StreamEvent } from '../../canonical/types.ts';
import type { EncodeContext } from '../types.ts';
import { createAnthropicStreamEncoder } from './anthropic-stream-encoder.ts';

const context: EncodeContext = { requestId: 'abc123', model: 'claude-client-name', created: 1_700_000_000 };

function encode(events: StreamEvent[], overrides: Partial<EncodeContext> = {}): string {
  const encoder = createAnthropicStreamEncoder({ ...context, ...overrides });
  let sse = '';
  for (const event of events) sse += encoder.push(event);
  sse += encoder.end();
  return sse;
}

type Json = Record<string, unknown>;

interface Check {
  /** The rules the stream breaks according to the strict test validator. */
  errors: string[];
  /** Every event's parsed data, in order. */
  events: Json[];
  /** Per content block: its type, its start payload and the concatenated text / thinking / partial_json. */
  blocks: Array<{ type: string; text: string; block: Json }>;
}

function checkStream(sse: string): Check {
  const events = parseSseText(sse).map((event) => JSON.parse(event.data) as Json);
  const blocks: Check['blocks'] = [];
  for (const event of events) {
    if (event.type === 'content_block_start') {
      const block = event.content_block as Json;
      blocks.push({ type: String(block.type), text: '', block });
    } else if (event.type === 'content_block_delta') {
      const block = blocks[event.index as number];
      const delta = event.delta as Json;
      const piece = delta.text ?? delta.thinking ?? delta.partial_json;
      if (block && typeof piece === 'string') block.text += piece;
    }
  }
  // Most streams here encode no request, so 0 input tokens is the honest count; the tests
  // on message_start usage below check that count themselves.
  return { errors: validateAnthropicStream(sse, { allowZeroInputTokens: true }), events, blocks };
}

function valid(events: StreamEvent[], overrides: Partial<EncodeContext> = {}): Check {
  const check = checkStream(encode(events, overrides));
  expect(check.errors).toEqual([]);
  return check;
}

interface MessageStart {
  message: { id: string; model: string; usage: Record<string, number> };
}
interface MessageDelta {
  delta: { stop_reason: string; stop_sequence: string | null };
  usage: Record<string, number>;
}

function messageStart(check: Check): MessageStart {
  return check.events[0] as unknown as MessageStart;
}

function messageDelta(check: Check): MessageDelta {
  return check.events.filter((event) => event.type === 'message_delta').at(-1) as unknown as MessageDelta;
}

describe('createAnthropicStreamEncoder', () => {
  it('encodes a text-only answer with message_start, ping, one text block and the terminal events', () => {
    const check = valid([
      { type: 'start', id: 'chatcmpl-1', usage: { inputTokens: 30 } },
      { type: 'text', text: 'Hello' },
      { type: 'text', text: ', world' },
      { type: 'usage', usage: { outputTokens: 5 } },
      { type: 'finish', reason: 'end_turn' },
    ]);
    expect(check.events.map((event) => event.type)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(check.blocks).toMatchObject([{ type: 'text', text: 'Hello, world' }]);
    const start = messageStart(check);
    expect(start.message.model).toBe('claude-client-name');
    expect(start.message.usage.input_tokens).toBe(30);
    expect(messageDelta(check)).toMatchObject({
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 5, input_tokens: 30 },
    });
  });

  it('keeps thinking, text and two tool calls in separate, ordered blocks', () => {
    const check = valid([
      { type: 'start' },
      { type: 'reasoning', text: 'Think ' },
      { type: 'reasoning', text: 'hard.' },
      { type: 'reasoning_signature', signature: 'sig==', origin: 'anthropic' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool_call_start', toolIndex: 0, id: 'toolu_a', name: 'get_weather' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '{"city":' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '"Paris"}' },
      { type: 'tool_call_start', toolIndex: 1, id: 'toolu_b', name: 'get_time' },
      { type: 'tool_call_delta', toolIndex: 1, arguments: '{"tz":"CET"}' },
      { type: 'finish', reason: 'end_turn' },
    ]);
    expect(check.blocks.map((block) => [block.type, block.text])).toEqual([
      ['thinking', 'Think hard.'],
      ['text', 'Checking.'],
      ['tool_use', '{"city":"Paris"}'],
      ['tool_use', '{"tz":"CET"}'],
    ]);
    expect(check.blocks[2]!.block).toEqual({
      type: 'tool_use',
      id: 'toolu_a',
      name: 'get_weather',
      input: {},
    });
    expect(
      check.events.some(
        (event) => (event.delta as { type?: string } | undefined)?.type === 'signature_delta',
      ),
    ).toBe(true);
    // A tool call wins over the upstream's "stop" (protocols.md 0-11).
    expect(messageDelta(check).delta.stop_reason).toBe('tool_use');
  });

  it('never sends interleaved parallel tool deltas into the wrong block', () => {
    const check = valid([
      { type: 'start' },
      { type: 'tool_call_start', toolIndex: 0, id: 'call_0', name: 'read' },
      { type: 'tool_call_start', toolIndex: 1, id: 'call_1', name: 'write' },
      { type: 'tool_call_delta', toolIndex: 1, arguments: '{"path":' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '{"file":' },
      { type: 'tool_call_delta', toolIndex: 1, arguments: '"b.txt"}' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '"a.txt"}' },
      { type: 'tool_call_start', toolIndex: 2, id: 'call_2', name: 'noop' },
      { type: 'finish', reason: 'tool_use' },
    ]);
    expect(check.blocks.map((block) => [block.block.id, block.text])).toEqual([
      ['call_0', '{"file":"a.txt"}'],
      ['call_1', '{"path":"b.txt"}'],
      ['call_2', '{}'],
    ]);
  });

  it('holds text that arrives while a tool call is still streaming until its arguments are complete', () => {
    const check = valid([
      { type: 'tool_call_start', toolIndex: 0, id: 'call_0', name: 'edit' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '{"patch":"a' },
      { type: 'text', text: 'Note.' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '}b"}' },
    ]);
    expect(check.blocks.map((block) => [block.type, block.text])).toEqual([
      ['tool_use', '{"patch":"a}b"}'],
      ['text', 'Note.'],
    ]);
  });

  it('emits arguments that arrive only with tool_call_done', () => {
    const check = valid([
      { type: 'tool_call_start', toolIndex: 0, id: 'call_0', name: 'search' },
      { type: 'tool_call_done', toolIndex: 0, arguments: '{"q":"x"}' },
      { type: 'text', text: 'after' },
    ]);
    expect(check.blocks.map((block) => block.text)).toEqual(['{"q":"x"}', 'after']);
  });

  it('opens a new thinking block when reasoning arrives after text (litellm#33224)', () => {
    const check = valid([
      { type: 'text', text: 'First answer part.' },
      { type: 'reasoning', text: 'Wait, reconsider.' },
      { type: 'text', text: 'Second part.' },
    ]);
    expect(check.blocks.map((block) => block.type)).toEqual(['text', 'thinking', 'text']);
    expect(
      check.events.filter((event) => event.type === 'content_block_start').map((event) => event.index),
    ).toEqual([0, 1, 2]);
  });

  it('ends with an error event and nothing after it when the upstream fails mid-stream', () => {
    const encoder = createAnthropicStreamEncoder(context);
    let sse = encoder.push({ type: 'start' });
    sse += encoder.push({ type: 'text', text: 'partial' });
    sse += encoder.push({ type: 'error', status: 529, code: 'overloaded_error', message: 'Overloaded' });
    sse += encoder.push({ type: 'text', text: 'ignored' });
    sse += encoder.end();
    const check = checkStream(sse);
    expect(check.errors).toEqual([]);
    expect(check.events.at(-1)).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    expect(check.events.some((event) => event.type === 'message_stop')).toBe(false);
  });

  it('maps a non-Anthropic error code to the Anthropic type for its status', () => {
    const check = valid([
      { type: 'text', text: 'x' },
      { type: 'error', status: 429, code: 'rate_limit_exceeded', message: 'slow down' },
    ]);
    expect(check.events.at(-1)).toMatchObject({ error: { type: 'rate_limit_error', message: 'slow down' } });
  });

  it('starts with message_start even when the upstream sent no start event', () => {
    const check = valid([{ type: 'text', text: 'hi' }], { estimatedInputTokens: 12 });
    const start = messageStart(check);
    expect(check.events[0]!.type).toBe('message_start');
    expect(start.message.id).toBe('msg_abc123');
    expect(start.message.usage.input_tokens).toBe(12);
  });

  it('never reports input_tokens 0 in message_start for a non-empty request (sglang#20678)', () => {
    const withEstimate = valid([{ type: 'start' }, { type: 'text', text: 'ok' }], {
      estimatedInputTokens: 321,
    });
    expect(messageStart(withEstimate).message.usage.input_tokens).toBe(321);
    // No estimate passed: the encoder estimates from the client's own body.
    const clientBody = {
      model: 'claude',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Summarise the history of the Roman Empire in detail, please.' }],
    };
    const fromBody = valid([{ type: 'start' }, { type: 'text', text: 'ok' }], { clientBody });
    expect(messageStart(fromBody).message.usage.input_tokens).toBeGreaterThan(10);
  });

  it('reports usage with Anthropic cache semantics: input_tokens excludes cache reads and writes', () => {
    const check = valid([
      { type: 'start', usage: { inputTokens: 1000, cacheReadTokens: 700, cacheWriteTokens: 200 } },
      { type: 'text', text: 'cached' },
      { type: 'usage', usage: { outputTokens: 9 } },
      { type: 'finish', reason: 'end_turn' },
    ]);
    expect(messageStart(check).message.usage).toEqual({
      input_tokens: 100,
      cache_creation_input_tokens: 200,
      cache_read_input_tokens: 700,
      output_tokens: 0,
    });
    expect(messageDelta(check).usage).toEqual({
      input_tokens: 100,
      output_tokens: 9,
      cache_creation_input_tokens: 200,
      cache_read_input_tokens: 700,
    });
  });

  it('puts real usage that arrives after the estimate into message_delta', () => {
    const check = valid(
      [
        { type: 'start' },
        { type: 'text', text: 'x' },
        { type: 'finish', reason: 'max_tokens' },
        { type: 'usage', usage: { inputTokens: 77, outputTokens: 3 } },
      ],
      { estimatedInputTokens: 70 },
    );
    expect(messageStart(check).message.usage.input_tokens).toBe(70);
    expect(messageDelta(check)).toMatchObject({
      delta: { stop_reason: 'max_tokens' },
      usage: { input_tokens: 77, output_tokens: 3 },
    });
  });

  it('maps content_filter and context overflow to Anthropic stop reasons', () => {
    const refusal = valid([
      { type: 'text', text: 'no' },
      { type: 'finish', reason: 'content_filter' },
    ]);
    expect(messageDelta(refusal).delta.stop_reason).toBe('refusal');
    const overflow = valid([{ type: 'finish', reason: 'context_window_exceeded' }]);
    expect(messageDelta(overflow).delta.stop_reason).toBe('model_context_window_exceeded');
    const stop = valid([
      { type: 'text', text: 'a' },
      { type: 'finish', reason: 'stop_sequence', stopSequence: 'END' },
    ]);
    expect(messageDelta(stop).delta).toEqual({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
  });

  it('shows foreign reasoning as thinking but never forwards a foreign signature', () => {
    const check = valid([
      { type: 'reasoning', text: 'gemini thoughts' },
      { type: 'reasoning_signature', signature: 'gemini-sig', origin: 'gemini' },
      { type: 'text', text: 'answer' },
    ]);
    expect(check.blocks.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(JSON.stringify(check.events)).not.toContain('gemini-sig');
  });

  it('makes the Anthropic SDK throw an APIError with the error type on a mid-stream error', async () => {
    const sse = encode([
      { type: 'text', text: 'partial' },
      { type: 'error', status: 529, code: 'overloaded_error', message: 'Overloaded' },
    ]);
    const fetch = async () =>
      new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    const client = new Anthropic({ apiKey: 'test', baseURL: 'http://127.0.0.1:9', fetch, maxRetries: 0 });
    const stream = client.messages.stream({
      model: 'm',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
    });
    await expect(stream.finalMessage()).rejects.toMatchObject({
      error: { error: { type: 'overloaded_error' } },
    });
  });

  it('produces a stream both Anthropic SDK majors accept', async () => {
    const sse = encode([
      { type: 'start', usage: { inputTokens: 40 } },
      { type: 'reasoning', text: 'plan' },
      { type: 'reasoning_signature', signature: 'sig', origin: 'anthropic' },
      { type: 'text', text: 'Calling.' },
      { type: 'tool_call_start', toolIndex: 0, id: 'toolu_1', name: 'lookup' },
      { type: 'tool_call_start', toolIndex: 1, id: 'toolu_2', name: 'lookup' },
      { type: 'tool_call_delta', toolIndex: 1, arguments: '{"k":2}' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '{"k":1}' },
      { type: 'usage', usage: { outputTokens: 11 } },
      { type: 'finish', reason: 'end_turn' },
    ]);
    const fetch = async () =>
      new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    const options = { apiKey: 'test', baseURL: 'http://127.0.0.1:9', fetch, maxRetries: 0 };
    const params = { model: 'm', max_tokens: 10, messages: [{ role: 'user' as const, content: 'hi' }] };
    const messages = [
      await new Anthropic(options).messages.stream(params).finalMessage(),
      await new AnthropicV0(options).messages.stream(params).finalMessage(),
    ];
    for (const message of messages) {
      expect(message.stop_reason).toBe('tool_use');
      expect(message.usage.output_tokens).toBe(11);
      expect(message.content.map((block) => block.type)).toEqual([
        'thinking',
        'text',
        'tool_use',
        'tool_use',
      ]);
      expect(message.content.slice(2).map((block) => (block as { input: unknown }).input)).toEqual([
        { k: 1 },
        { k: 2 },
      ]);
    }
  });
});
