import { describe, expect, it } from 'vitest';
import type { CanonicalResponse } from '../../canonical/types.ts';
import type { EncodeContext } from '../types.ts';
import { encodeResponsesResponse } from './encode-responses-response.ts';

const context: EncodeContext = {
  requestId: 'req9',
  model: 'alias-model',
  created: 1764280000,
  clientBody: {
    model: 'alias-model',
    instructions: 'Client prompt',
    tools: [
      { type: 'function', name: 'get_weather', parameters: {} },
      { type: 'custom', name: 'apply_patch' },
    ],
    tool_choice: 'auto',
    temperature: 0.5,
    metadata: { team: 'a' },
  },
};

const usage = {
  inputTokens: 25,
  outputTokens: 42,
  cacheReadTokens: 10,
  cacheWriteTokens: 0,
  reasoningTokens: 12,
};

function response(overrides: Partial<CanonicalResponse>): CanonicalResponse {
  return { id: 'msg_abc', model: 'claude-x', content: [], stopReason: 'end_turn', usage, ...overrides };
}

describe('encodeResponsesResponse', () => {
  it('builds a complete response object with items in order and usage', () => {
    const body = encodeResponsesResponse(
      response({
        content: [
          { type: 'reasoning', text: 'Think.', signature: 'sig', origin: 'anthropic' },
          { type: 'text', text: 'Let me check ' },
          { type: 'text', text: 'the weather.' },
          { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{"location":"Paris"}' },
        ],
        stopReason: 'tool_use',
      }),
      context,
    );
    expect(body).toEqual({
      id: 'resp_req9',
      object: 'response',
      created_at: 1764280000,
      status: 'completed',
      error: null,
      incomplete_details: null,
      instructions: 'Client prompt',
      max_output_tokens: null,
      model: 'alias-model',
      output: [
        {
          id: 'rs_req9_0',
          type: 'reasoning',
          summary: [{ type: 'summary_text', text: 'Think.' }],
          // Anthropic's signature cannot be OpenAI's: it travels in the gateway's envelope.
          encrypted_content: expect.stringMatching(/^llmgw\.v1\./),
        },
        {
          id: 'msg_req9_1',
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [
            { type: 'output_text', text: 'Let me check the weather.', annotations: [], logprobs: [] },
          ],
        },
        {
          id: 'fc_req9_2',
          type: 'function_call',
          status: 'completed',
          call_id: 'call_1',
          name: 'get_weather',
          arguments: '{"location":"Paris"}',
        },
      ],
      parallel_tool_calls: true,
      previous_response_id: null,
      reasoning: { effort: null, summary: null },
      store: false,
      temperature: 0.5,
      text: { format: { type: 'text' } },
      tool_choice: 'auto',
      tools: context.clientBody?.['tools'],
      top_p: 1,
      truncation: 'disabled',
      usage: {
        input_tokens: 25,
        input_tokens_details: { cached_tokens: 10 },
        output_tokens: 42,
        output_tokens_details: { reasoning_tokens: 12 },
        total_tokens: 67,
      },
      metadata: { team: 'a' },
    });
  });

  it('keeps an upstream resp_ id and OpenAI encrypted reasoning for replay', () => {
    const body = encodeResponsesResponse(
      response({
        id: 'resp_upstream',
        content: [
          { type: 'reasoning', text: '', encryptedContent: 'blob', itemId: 'rs_up', origin: 'openai' },
        ],
      }),
      context,
    );
    expect(body['id']).toBe('resp_upstream');
    expect(body['output']).toEqual([
      { id: 'rs_up', type: 'reasoning', summary: [], encrypted_content: 'blob' },
    ]);
  });

  it.each([
    ['max_tokens', 'max_output_tokens'],
    ['context_window_exceeded', 'max_output_tokens'],
    ['content_filter', 'content_filter'],
  ] as const)('reports %s as incomplete (%s)', (stopReason, reason) => {
    const body = encodeResponsesResponse(
      response({ content: [{ type: 'text', text: 'cut' }], stopReason }),
      context,
    );
    expect(body['status']).toBe('incomplete');
    expect(body['incomplete_details']).toEqual({ reason });
  });

  it('never reports requires_action for tool calls', () => {
    const body = encodeResponsesResponse(
      response({
        content: [{ type: 'tool_call', id: 'c', name: 'get_weather', arguments: '{}' }],
        stopReason: 'tool_use',
      }),
      context,
    );
    expect(body['status']).toBe('completed');
  });

  it('returns custom tool calls as custom_tool_call items with raw input', () => {
    const body = encodeResponsesResponse(
      response({
        content: [
          { type: 'tool_call', id: 'call_a', name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' },
          { type: 'tool_call', id: 'call_b', name: 'apply_patch', arguments: '*** Raw', custom: true },
        ],
        stopReason: 'tool_use',
      }),
      context,
    );
    expect(body['output']).toEqual([
      {
        id: 'ctc_req9_0',
        type: 'custom_tool_call',
        status: 'completed',
        call_id: 'call_a',
        name: 'apply_patch',
        input: '*** Begin Patch',
      },
      {
        id: 'ctc_req9_1',
        type: 'custom_tool_call',
        status: 'completed',
        call_id: 'call_b',
        name: 'apply_patch',
        input: '*** Raw',
      },
    ]);
  });

  it('echoes null instructions when the client sent none, whatever the gateway injected', () => {
    const body = encodeResponsesResponse(response({ content: [{ type: 'text', text: 'ok' }] }), {
      ...context,
      clientBody: { model: 'm', input: 'x' },
    });
    expect(body['instructions']).toBeNull();
    expect(body['tools']).toEqual([]);
  });
});
