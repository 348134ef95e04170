import { describe, expect, it } from 'vitest';
import { openReasoning } from '../reasoning-envelope.ts';
import { GatewayError } from '../../lib/errors.ts';
import type { EncodeContext } from '../types.ts';
import { decodeAnthropicResponse } from './decode-anthropic-response.ts';
import { encodeAnthropicResponse } from './encode-anthropic-response.ts';

const context: EncodeContext = { requestId: 'r1', model: 'client-model', created: 0 };

describe('decodeAnthropicResponse', () => {
  it('reads content, stop reason and usage with cache tokens added into inputTokens', () => {
    const response = decodeAnthropicResponse({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'sig' },
        { type: 'text', text: 'Let me look.' },
        { type: 'server_tool_use', id: 'srv', name: 'web_search', input: {} },
        { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } },
      ],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 20,
        output_tokens: 30,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 5,
      },
    });
    expect(response).toEqual({
      id: 'msg_1',
      model: 'claude-x',
      content: [
        { type: 'reasoning', text: 'hmm', signature: 'sig', origin: 'anthropic' },
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_call', id: 'toolu_1', name: 'lookup', arguments: '{"q":"x"}' },
      ],
      // tool_use is present, so the stop reason is tool_use whatever upstream said.
      stopReason: 'tool_use',
      usage: {
        inputTokens: 125,
        outputTokens: 30,
        cacheReadTokens: 100,
        cacheWriteTokens: 5,
        reasoningTokens: 0,
      },
    });
  });

  it('maps refusal and keeps the stop sequence', () => {
    expect(decodeAnthropicResponse({ content: [], stop_reason: 'refusal' }).stopReason).toBe(
      'content_filter',
    );
    const stopped = decodeAnthropicResponse({
      content: [],
      stop_reason: 'stop_sequence',
      stop_sequence: '###',
    });
    expect([stopped.stopReason, stopped.stopSequence]).toEqual(['stop_sequence', '###']);
  });

  it.each([null, 'text', { type: 'error', error: { type: 'api_error', message: 'x' } }, { content: 'x' }])(
    'throws a 502 bad_upstream_response for %j',
    (body) => {
      let caught: unknown;
      try {
        decodeAnthropicResponse(body);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(GatewayError);
      expect(caught).toMatchObject({ status: 502, code: 'bad_upstream_response' });
    },
  );
});

describe('encodeAnthropicResponse', () => {
  it('builds a Message with Anthropic usage semantics (input_tokens excludes cache)', () => {
    const message = encodeAnthropicResponse(
      {
        id: '',
        model: 'upstream-model',
        content: [
          { type: 'reasoning', text: 'from o3', origin: 'openai', encryptedContent: 'blob' },
          { type: 'text', text: 'Hi' },
          { type: 'tool_call', id: 'call_9', name: 'f', arguments: '{"a":1}' },
        ],
        stopReason: 'end_turn',
        usage: {
          inputTokens: 1000,
          outputTokens: 50,
          cacheReadTokens: 800,
          cacheWriteTokens: 0,
          reasoningTokens: 10,
        },
      },
      context,
    );
    expect(message).toEqual({
      id: 'msg_r1',
      type: 'message',
      role: 'assistant',
      model: 'client-model',
      content: [
        // Foreign reasoning is shown; its state travels in the gateway's envelope, never as a signature.
        { type: 'thinking', thinking: 'from o3', signature: expect.stringMatching(/^llmgw\.v1\./) },
        { type: 'text', text: 'Hi' },
        { type: 'tool_use', id: 'call_9', name: 'f', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 200,
        output_tokens: 50,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 800,
      },
    });
    const thinking = (message.content as Array<Record<string, unknown>>)[0]!;
    expect(openReasoning(thinking.signature)).toMatchObject({
      family: 'openai',
      blocks: [{ text: 'from o3', encryptedContent: 'blob', origin: 'openai' }],
    });
  });

  it('keeps Anthropic signatures, maps stop reasons and never reports negative input', () => {
    const message = encodeAnthropicResponse(
      {
        id: 'msg_up',
        model: 'm',
        content: [{ type: 'reasoning', text: 't', signature: 'sig', origin: 'anthropic' }],
        stopReason: 'context_window_exceeded',
        usage: {
          inputTokens: 5,
          outputTokens: 1,
          cacheReadTokens: 10,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        },
      },
      context,
    );
    expect(message).toMatchObject({
      id: 'msg_up',
      content: [{ type: 'thinking', thinking: 't', signature: 'sig' }],
      stop_reason: 'model_context_window_exceeded',
      usage: { input_tokens: 0, cache_read_input_tokens: 10 },
    });
    const refusal = encodeAnthropicResponse(
      {
        id: 'x',
        model: 'm',
        content: [],
        stopReason: 'content_filter',
        usage: {
          inputTokens: 0,
          outputTokens: 0,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        },
      },
      { ...context, estimatedInputTokens: 42 },
    );
    expect(refusal).toMatchObject({ stop_reason: 'refusal', usage: { input_tokens: 42 } });
  });
});
