import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../lib/errors.ts';
import { decodeResponsesResponse } from './decode-responses-response.ts';

const usage = {
  input_tokens: 25,
  input_tokens_details: { cached_tokens: 10 },
  output_tokens: 42,
  output_tokens_details: { reasoning_tokens: 12 },
  total_tokens: 67,
};

describe('decodeResponsesResponse', () => {
  it('decodes reasoning, text and tool calls', () => {
    const decoded = decodeResponsesResponse({
      id: 'resp_1',
      object: 'response',
      status: 'completed',
      model: 'gpt-5',
      output: [
        {
          id: 'rs_1',
          type: 'reasoning',
          summary: [{ type: 'summary_text', text: 'Plan.' }],
          encrypted_content: 'blob',
        },
        {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hi', annotations: [] }],
        },
        { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{"a":1}' },
        { id: 'ctc_1', type: 'custom_tool_call', call_id: 'call_2', name: 'apply_patch', input: 'raw' },
        { id: 'ws_1', type: 'web_search_call', status: 'completed' },
      ],
      usage,
    });
    expect(decoded).toEqual({
      id: 'resp_1',
      model: 'gpt-5',
      content: [
        { type: 'reasoning', text: 'Plan.', encryptedContent: 'blob', itemId: 'rs_1', origin: 'openai' },
        { type: 'text', text: 'Hi' },
        { type: 'tool_call', id: 'call_1', name: 'f', arguments: '{"a":1}' },
        { type: 'tool_call', id: 'call_2', name: 'apply_patch', arguments: 'raw', custom: true },
      ],
      stopReason: 'tool_use',
      usage: {
        inputTokens: 25,
        outputTokens: 42,
        cacheReadTokens: 10,
        cacheWriteTokens: 0,
        reasoningTokens: 12,
      },
    });
  });

  it('maps incomplete to max_tokens', () => {
    const decoded = decodeResponsesResponse({
      id: 'resp_2',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [{ type: 'message', content: [{ type: 'output_text', text: 'cut' }] }],
    });
    expect(decoded.stopReason).toBe('max_tokens');
    expect(decoded.usage.outputTokens).toBe(0);
  });

  it('throws the reported error for a failed response', () => {
    const failed = () =>
      decodeResponsesResponse({
        id: 'resp_3',
        status: 'failed',
        output: [],
        error: { code: 'rate_limit_exceeded', message: 'Slow down' },
      });
    expect(failed).toThrow(GatewayError);
    expect(failed).toThrow('Slow down');
    try {
      failed();
    } catch (error) {
      expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', retryable: true });
    }
  });

  it.each([null, 'text', { id: 'x' }, { output: [] }, { id: 'x', output: [{ no_type: true }] }])(
    'rejects %o with a 502 bad_upstream_response',
    (body) => {
      try {
        decodeResponsesResponse(body);
        expect.fail('expected a GatewayError');
      } catch (error) {
        expect(error).toBeInstanceOf(GatewayError);
        expect(error).toMatchObject({ status: 502, code: 'bad_upstream_response' });
      }
    },
  );
});
