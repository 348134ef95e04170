import OpenAI from 'openai';
import OpenAI6 from 'openai-6';
import { describe, expect, it } from 'vitest';
import { parseSseText, validateResponsesStream } from '../../../tests/support/stream-validators.ts';
import { readWireCapture } from '../../../tests/support/wire-captures.ts';
import type { StreamEvent } from '../../canonical/types.ts';
import { createSseParser } from '../../lib/sse.ts';
import type { EncodeContext } from '../types.ts';
import { createResponsesStreamDecoder } from './responses-stream-decoder.ts';
import { createResponsesStreamEncoder } from './responses-stream-encoder.ts';

const context: EncodeContext = {
  requestId: 'req1',
  model: 'my-model',
  created: 1764280000,
  clientBody: { model: 'my-model', instructions: 'Be brief.', input: 'hi', stream: true },
};

function encode(events: StreamEvent[], encodeContext: EncodeContext = context): string {
  const encoder = createResponsesStreamEncoder(encodeContext);
  return events.map((event) => encoder.push(event)).join('') + encoder.end();
}

type Json = Record<string, unknown>;

/** The stream's parsed events, and the rules it breaks according to the strict test validator. */
function checkStream(sse: string): { events: Json[]; violations: string[] } {
  return {
    events: parseSseText(sse).map((event) => JSON.parse(event.data) as Json),
    violations: validateResponsesStream(sse),
  };
}
const byType = (events: Json[], type: string): Json[] => events.filter((event) => event['type'] === type);
const terminalResponse = (events: Json[]): Json => events.at(-1)?.['response'] as Json;

interface StreamingClient {
  responses: { stream(body: { model: string; input: string }): { finalResponse(): Promise<unknown> } };
}

/** Run the stream through the real SDK's `responses.stream().finalResponse()`, served by a fake fetch (no network). */
async function finalResponseWith(
  Client: typeof OpenAI | typeof OpenAI6,
  sse: string,
): Promise<{ output: Array<Json>; output_text: string; usage: unknown; status: unknown }> {
  // Both SDK majors share this shape; their full types differ too much to call through a union.
  const client = new Client({
    apiKey: 'test',
    baseURL: 'http://127.0.0.1:9/v1',
    maxRetries: 0,
    fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }),
  }) as unknown as StreamingClient;
  const stream = client.responses.stream({ model: 'my-model', input: 'hi' });
  return (await stream.finalResponse()) as never;
}

const weatherTurn: StreamEvent[] = [
  { type: 'start', id: 'chatcmpl-1', usage: { inputTokens: 25 } },
  { type: 'reasoning', text: 'Need the ' },
  { type: 'reasoning', text: 'weather tool.' },
  { type: 'text', text: 'Let me check ' },
  { type: 'text', text: 'the weather.' },
  { type: 'tool_call_start', toolIndex: 0, id: 'call_1', name: 'get_weather' },
  { type: 'tool_call_delta', toolIndex: 0, arguments: '{"location": "Par' },
  { type: 'tool_call_delta', toolIndex: 0, arguments: 'is"}' },
  { type: 'tool_call_done', toolIndex: 0 },
  { type: 'usage', usage: { outputTokens: 42, cacheReadTokens: 10, reasoningTokens: 12 } },
  { type: 'finish', reason: 'tool_use' },
];

describe('Responses stream encoder', () => {
  it('emits the full lifecycle with sequence numbers, stable ids and a complete final response', () => {
    const { events, violations } = checkStream(encode(weatherTurn));
    expect(violations).toEqual([]);
    expect(events.map((event) => event['type'])).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const response = terminalResponse(events);
    expect(response).toMatchObject({
      id: 'resp_req1',
      object: 'response',
      status: 'completed',
      model: 'my-model',
      instructions: 'Be brief.',
      usage: {
        input_tokens: 25,
        input_tokens_details: { cached_tokens: 10 },
        output_tokens: 42,
        output_tokens_details: { reasoning_tokens: 12 },
        total_tokens: 67,
      },
    });
    const output = response['output'] as Json[];
    expect(output.map((item) => item['type'])).toEqual(['reasoning', 'message', 'function_call']);
    expect(output[2]).toMatchObject({
      call_id: 'call_1',
      name: 'get_weather',
      arguments: '{"location": "Paris"}',
    });
    expect(new Set(output.map((item) => item['id'])).size).toBe(3);
    expect(encode(weatherTurn)).not.toContain('[DONE]');
  });

  it.each([
    ['openai 7', OpenAI],
    ['openai 6', OpenAI6],
  ] as const)('is accepted by %s responses.stream().finalResponse()', async (_name, Client) => {
    const final = await finalResponseWith(Client, encode(weatherTurn));
    expect(final.status).toBe('completed');
    expect(final.output.map((item) => item['type'])).toEqual(['reasoning', 'message', 'function_call']);
    expect(final.output_text).toBe('Let me check the weather.');
    expect(final.output[2]).toMatchObject({ call_id: 'call_1', arguments: '{"location": "Paris"}' });
  });

  it('re-encodes the decoded reference capture to the same items', () => {
    const capture = readWireCapture('responses');
    const parser = createSseParser();
    const decoder = createResponsesStreamDecoder();
    const canonical = [...parser.push(capture), ...parser.end()].flatMap((event) => decoder.push(event));
    const { events, violations } = checkStream(encode([...canonical, ...decoder.end()]));
    expect(violations).toEqual([]);
    const response = terminalResponse(events);
    expect(response['id']).toBe('resp_Mock123');
    const [reasoning, message, call] = response['output'] as Json[];
    expect(reasoning).toMatchObject({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'Need the weather tool.' }],
    });
    expect(message).toMatchObject({
      type: 'message',
      content: [{ type: 'output_text', text: 'Let me check the weather.' }],
    });
    expect(call).toMatchObject({ call_id: 'call_Mock1', arguments: '{"location": "Paris", "unit": "c"}' });
    expect(response['usage']).toMatchObject({ input_tokens: 25, output_tokens: 42, total_tokens: 67 });
  });

  it('uses tool_call_done arguments when no deltas came (litellm#27144)', async () => {
    const sse = encode([
      { type: 'tool_call_start', toolIndex: 0, id: 'call_7', name: 'shell' },
      { type: 'tool_call_done', toolIndex: 0, arguments: '{"cmd":["ls"]}' },
      { type: 'finish', reason: 'tool_use' },
    ]);
    const { events, violations } = checkStream(sse);
    expect(violations).toEqual([]);
    // Streamed as a delta too, so a client that builds arguments from deltas sees them.
    expect(byType(events, 'response.function_call_arguments.delta').map((event) => event['delta'])).toEqual([
      '{"cmd":["ls"]}',
    ]);
    expect(byType(events, 'response.function_call_arguments.done')[0]).toMatchObject({
      name: 'shell',
      arguments: '{"cmd":["ls"]}',
    });
    expect(byType(events, 'response.output_item.done')[0]?.['item']).toMatchObject({
      arguments: '{"cmd":["ls"]}',
    });
    const final = await finalResponseWith(OpenAI, sse);
    expect(final.output[0]).toMatchObject({ type: 'function_call', arguments: '{"cmd":["ls"]}' });
  });

  it('closes each item before the next opens, in arrival order', () => {
    const { events, violations } = checkStream(
      encode([
        { type: 'text', text: 'Looking.' },
        { type: 'tool_call_start', toolIndex: 0, id: 'call_a', name: 'a' },
        { type: 'tool_call_delta', toolIndex: 0, arguments: '{}' },
        { type: 'tool_call_start', toolIndex: 1, id: 'call_b', name: 'b' },
        { type: 'tool_call_delta', toolIndex: 1, arguments: '{"x":1}' },
        { type: 'text', text: 'Done.' },
      ]),
    );
    expect(violations).toEqual([]);
    const output = terminalResponse(events)['output'] as Json[];
    expect(output.map((item) => [item['type'], item['call_id'] ?? null])).toEqual([
      ['message', null],
      ['function_call', 'call_a'],
      ['function_call', 'call_b'],
      ['message', null],
    ]);
    expect(output[2]?.['arguments']).toBe('{"x":1}');
  });

  it('ends an error with error (nested and flat) then response.failed, and nothing after', () => {
    const encoder = createResponsesStreamEncoder(context);
    let sse = encoder.push({ type: 'text', text: 'partial' });
    sse += encoder.push({
      type: 'error',
      status: 429,
      code: 'rate_limit',
      message: 'Rate limit reached, try again in 2s',
    });
    expect(encoder.push({ type: 'text', text: 'late' })).toBe('');
    expect(encoder.end()).toBe('');
    const { events, violations } = checkStream(sse);
    expect(violations).toEqual([]);
    const [error, failed] = events.slice(-2);
    expect(error).toMatchObject({
      type: 'error',
      code: 'rate_limit_exceeded',
      message: 'Rate limit reached, try again in 2s',
      error: {
        type: 'rate_limit_exceeded',
        code: 'rate_limit_exceeded',
        message: 'Rate limit reached, try again in 2s',
      },
    });
    expect(failed).toMatchObject({
      type: 'response.failed',
      response: { status: 'failed', error: { code: 'rate_limit_exceeded' } },
    });
    // Codex reads usage from the terminal event, failed ones included.
    expect((failed?.['response'] as Json)['usage']).toMatchObject({
      input_tokens: 0,
      output_tokens: 0,
      total_tokens: 0,
    });
  });

  it('makes the SDK throw on a mid-stream error', async () => {
    const sse = encode([
      { type: 'text', text: 'partial' },
      { type: 'error', status: 500, code: 'upstream_error', message: 'upstream went away' },
    ]);
    await expect(finalResponseWith(OpenAI, sse)).rejects.toThrow(/upstream went away/);
  });

  it.each([
    [
      {
        status: 400,
        code: 'invalid_request_error',
        message: "This model's maximum context length is 8192 tokens",
      },
      'context_length_exceeded',
    ],
    [{ status: 402, code: 'budget_exceeded', message: 'Key budget exhausted' }, 'insufficient_quota'],
    [{ status: 502, code: 'upstream_error', message: 'bad gateway' }, 'upstream_error'],
  ])('maps error %o to the Codex code %s', (error, code) => {
    const { events } = checkStream(encode([{ type: 'error', ...error }]));
    expect(terminalResponse(events)['error']).toEqual({ code, message: error.message });
  });

  it('reports truncation as response.incomplete with the same payload shape', () => {
    const { events, violations } = checkStream(
      encode([
        { type: 'text', text: 'cut' },
        { type: 'finish', reason: 'max_tokens' },
      ]),
    );
    expect(violations).toEqual([]);
    expect(events.at(-1)?.['type']).toBe('response.incomplete');
    expect(terminalResponse(events)).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [{ type: 'message', content: [{ text: 'cut' }] }],
    });
  });

  it('unwraps custom tool input from function-style JSON arguments', () => {
    const customContext = { ...context, clientBody: { tools: [{ type: 'custom', name: 'apply_patch' }] } };
    const { events, violations } = checkStream(
      encode(
        [
          { type: 'tool_call_start', toolIndex: 0, id: 'call_p', name: 'apply_patch' },
          { type: 'tool_call_delta', toolIndex: 0, arguments: '{"input":"*** Begin Patch\\n' },
          { type: 'tool_call_delta', toolIndex: 0, arguments: '*** End Patch"}' },
          { type: 'finish', reason: 'tool_use' },
        ],
        customContext,
      ),
    );
    expect(violations).toEqual([]);
    expect(terminalResponse(events)['output']).toEqual([
      {
        id: 'ctc_req1_0',
        type: 'custom_tool_call',
        status: 'completed',
        call_id: 'call_p',
        name: 'apply_patch',
        input: '*** Begin Patch\n*** End Patch',
      },
    ]);
    expect(byType(events, 'response.function_call_arguments.delta')).toEqual([]);
  });

  it('streams raw input for custom calls from a Responses upstream', () => {
    const { events, violations } = checkStream(
      encode([
        { type: 'tool_call_start', toolIndex: 0, id: 'call_p', name: 'apply_patch', custom: true },
        { type: 'tool_call_delta', toolIndex: 0, arguments: '*** Begin' },
        { type: 'tool_call_delta', toolIndex: 0, arguments: ' Patch' },
        { type: 'tool_call_done', toolIndex: 0 },
      ]),
    );
    expect(violations).toEqual([]);
    expect(byType(events, 'response.custom_tool_call_input.delta').map((event) => event['delta'])).toEqual([
      '*** Begin',
      ' Patch',
    ]);
    expect(byType(events, 'response.custom_tool_call_input.done')[0]).toMatchObject({
      input: '*** Begin Patch',
    });
  });

  it('keeps the upstream id and encrypted content of an encrypted-only reasoning item', () => {
    const { events, violations } = checkStream(
      encode([
        { type: 'reasoning_encrypted', itemId: 'rs_up1', encryptedContent: 'gAAAA-blob' },
        { type: 'text', text: 'Answer.' },
      ]),
    );
    expect(violations).toEqual([]);
    expect(byType(events, 'response.reasoning_summary_part.added')).toEqual([]);
    expect((terminalResponse(events)['output'] as Json[])[0]).toEqual({
      id: 'rs_up1',
      type: 'reasoning',
      summary: [],
      encrypted_content: 'gAAAA-blob',
    });
  });

  it('still produces a well-formed response when the upstream sent nothing', () => {
    const { events, violations } = checkStream(encode([]));
    expect(violations).toEqual([]);
    expect(terminalResponse(events)).toMatchObject({ status: 'completed', output: [] });
  });
});
