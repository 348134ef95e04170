import { OpenAI } from 'openai';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types.ts';
import { createSseParser } from '../../lib/sse.ts';
import type { EncodeContext } from '../types.ts';
import { createChatStreamDecoder } from './chat-stream-decoder.ts';
import { createChatStreamEncoder } from './chat-stream-encoder.ts';
import { readWireCapture } from '../../../tests/support/wire-captures.ts';

type Chunk = Record<string, unknown> & { choices: Array<Record<string, unknown>> };

const context: EncodeContext = { requestId: 'req1', model: 'client-model', created: 1764280000 };

function encode(events: StreamEvent[], includeUsage: boolean): string {
  const encoder = createChatStreamEncoder({ ...context, includeUsage });
  return events.map((event) => encoder.push(event)).join('') + encoder.end();
}

/** The `data:` payloads, in order, as the SSE parser sees them. */
function frames(text: string): string[] {
  const parser = createSseParser();
  return [...parser.push(text), ...parser.end()].map((event) => event.data);
}

function chunks(text: string): Chunk[] {
  return frames(text)
    .filter((data) => data !== '[DONE]')
    .map((data) => JSON.parse(data) as Chunk);
}

const toolTurn: StreamEvent[] = [
  { type: 'start', id: 'msg_up', model: 'upstream-model' },
  { type: 'reasoning', text: 'Need weather.' },
  { type: 'text', text: 'Checking.' },
  { type: 'tool_call_start', toolIndex: 0, id: 'call_1', name: 'get_weather' },
  { type: 'tool_call_delta', toolIndex: 0, arguments: '{"city":' },
  { type: 'tool_call_delta', toolIndex: 0, arguments: '"Paris"}' },
  { type: 'tool_call_start', toolIndex: 1, id: 'call_2', name: 'get_time' },
  { type: 'tool_call_done', toolIndex: 1, arguments: '{}' },
  { type: 'finish', reason: 'end_turn' },
  { type: 'usage', usage: { inputTokens: 30, outputTokens: 12, cacheReadTokens: 8, reasoningTokens: 4 } },
];

describe('chat stream encoder grammar', () => {
  it('writes role first, announces tools with index and type, one finish, usage only on request, [DONE] last', () => {
    const text = encode(toolTurn, true);
    const all = frames(text);
    expect(all.at(-1)).toBe('[DONE]');
    expect(all.filter((data) => data === '[DONE]')).toHaveLength(1);
    const list = chunks(text);
    expect(list[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    for (const item of list) {
      expect(item).toMatchObject({ id: 'msg_up', object: 'chat.completion.chunk', created: 1764280000 });
      expect(item.model).toBe('client-model');
    }
    const deltas = list.slice(1, -2).map((item) => item.choices[0]!.delta);
    expect(deltas).toEqual([
      { reasoning_content: 'Need weather.' },
      { content: 'Checking.' },
      {
        tool_calls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
        ],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
      {
        tool_calls: [
          { index: 1, id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '' } },
        ],
      },
      { tool_calls: [{ index: 1, function: { arguments: '{}' } }] },
    ]);
    const finishes = list.filter((item) => item.choices.some((choice) => choice.finish_reason !== null));
    expect(finishes).toHaveLength(1);
    // Tool calls were made, so the finish says so whatever the upstream reported.
    expect(finishes[0]!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'tool_calls' });
    const usageChunk = list.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toEqual({
      prompt_tokens: 30,
      completion_tokens: 12,
      total_tokens: 42,
      prompt_tokens_details: { cached_tokens: 8 },
      completion_tokens_details: { reasoning_tokens: 4 },
    });
    for (const item of list.slice(0, -1)) expect(item.usage).toBeNull();
  });

  it('omits usage entirely when the client did not ask for it', () => {
    const list = chunks(encode(toolTurn, false));
    expect(list.every((item) => !('usage' in item))).toBe(true);
    expect(list.every((item) => item.choices.length === 1)).toBe(true);
  });

  it('uses the request id and still writes a role chunk when no start event came', () => {
    const list = chunks(encode([{ type: 'text', text: 'Hi' }], false));
    expect(list.map((item) => item.id)).toEqual(['chatcmpl-req1', 'chatcmpl-req1', 'chatcmpl-req1']);
    expect(list.map((item) => item.choices[0]!.delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Hi' },
      {},
    ]);
    expect(list[2]!.choices[0]!.finish_reason).toBe('stop');
    const empty = chunks(encode([], false));
    expect(empty.map((item) => item.choices[0]!.finish_reason)).toEqual([null, 'stop']);
  });

  it('maps the finish reason', () => {
    const reasonFor = (event: StreamEvent) =>
      chunks(encode([event], false)).at(-1)!.choices[0]!.finish_reason;
    expect(reasonFor({ type: 'finish', reason: 'max_tokens' })).toBe('length');
    expect(reasonFor({ type: 'finish', reason: 'content_filter' })).toBe('content_filter');
    expect(reasonFor({ type: 'finish', reason: 'stop_sequence' })).toBe('stop');
  });

  it('ends with an error chunk and [DONE], and writes nothing afterwards', () => {
    const encoder = createChatStreamEncoder({ ...context, includeUsage: true });
    let text = encoder.push({ type: 'text', text: 'partial' });
    text += encoder.push({ type: 'error', status: 429, code: 'rate_limit_exceeded', message: 'Slow down' });
    expect(encoder.push({ type: 'text', text: 'more' })).toBe('');
    expect(encoder.end()).toBe('');
    const all = frames(text);
    expect(all.at(-1)).toBe('[DONE]');
    expect(JSON.parse(all.at(-2)!)).toEqual({
      error: { message: 'Slow down', type: 'rate_limit_exceeded', param: null, code: 'rate_limit_exceeded' },
    });
  });
});

describe('chat stream decoder then encoder', () => {
  it('reproduces the reference capture chunk for chunk', () => {
    const capture = readWireCapture('chat');
    const parser = createSseParser();
    const decoder = createChatStreamDecoder();
    const encoder = createChatStreamEncoder({
      requestId: 'r',
      model: 'gpt-4o-mini',
      created: 1764280000,
      includeUsage: true,
    });
    let output = '';
    for (const sse of [...parser.push(capture), ...parser.end()])
      for (const event of decoder.push(sse)) output += encoder.push(event);
    for (const event of decoder.end()) output += encoder.push(event);
    output += encoder.end();
    // Compare what a client reads; vendor extras (system_fingerprint, audio token counts) are not reproduced.
    const strip = (item: Chunk) => ({
      id: item.id,
      created: item.created,
      model: item.model,
      choices: item.choices.map((choice) => ({ delta: choice.delta, finish_reason: choice.finish_reason })),
      usage:
        item.usage === null ? null : { total_tokens: (item.usage as { total_tokens: number }).total_tokens },
    });
    expect(chunks(output).map(strip)).toEqual(chunks(capture).map(strip));
    expect(frames(output).at(-1)).toBe('[DONE]');
  });
});

describe('chat stream encoder output read by the openai SDK', () => {
  it('assembles the final completion with tool calls and usage', async () => {
    const body = encode(toolTurn, true);
    const client = new OpenAI({
      apiKey: 'test',
      baseURL: 'http://127.0.0.1:9/v1',
      maxRetries: 0,
      fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    });
    const stream = client.chat.completions.stream({
      model: 'client-model',
      messages: [{ role: 'user', content: 'x' }],
    });
    const completion = await stream.finalChatCompletion();
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBe('Checking.');
    expect(choice.message.tool_calls?.map((call) => call.type === 'function' && call.function)).toEqual([
      { name: 'get_weather', arguments: '{"city":"Paris"}' },
      { name: 'get_time', arguments: '{}' },
    ]);
    expect(completion.usage?.total_tokens).toBe(42);
  });
});
