import { describe, expect, it } from 'vitest';
import { openReasoning } from '../reasoning-envelope.ts';
import { GatewayError } from '../../lib/errors.ts';
import { decodeChatResponse } from './decode-chat-response.ts';
import { encodeChatResponse } from './encode-chat-response.ts';

/** The non-stream example of protocols.md 1.1. */
const completion = {
  id: 'chatcmpl-abc',
  object: 'chat.completion',
  created: 1764280000,
  model: 'gpt-4o-mini',
  system_fingerprint: 'fp',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"location": "Paris"}' },
          },
        ],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    },
  ],
  usage: {
    prompt_tokens: 25,
    completion_tokens: 42,
    total_tokens: 67,
    prompt_tokens_details: { cached_tokens: 10 },
    completion_tokens_details: { reasoning_tokens: 5 },
  },
};

describe('decodeChatResponse', () => {
  it('reads content, tool calls and usage', () => {
    expect(decodeChatResponse(completion)).toEqual({
      id: 'chatcmpl-abc',
      model: 'gpt-4o-mini',
      content: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{"location": "Paris"}' }],
      stopReason: 'tool_use',
      usage: {
        inputTokens: 25,
        outputTokens: 42,
        cacheReadTokens: 10,
        cacheWriteTokens: 0,
        reasoningTokens: 5,
      },
    });
  });

  it('says tool_use when tool calls came with finish_reason stop', () => {
    const body = structuredClone(completion);
    body.choices[0]!.finish_reason = 'stop';
    expect(decodeChatResponse(body).stopReason).toBe('tool_use');
  });

  it('reads reasoning, text, the length stop and a vendor cache-write count', () => {
    const response = decodeChatResponse({
      id: 'x',
      model: 'deepseek-reasoner',
      choices: [{ message: { content: 'Answer', reasoning_content: 'Thinking' }, finish_reason: 'length' }],
      usage: { prompt_tokens: 100, completion_tokens: 10, cache_creation_input_tokens: 40 },
    });
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'Thinking', origin: 'openai-chat' },
      { type: 'text', text: 'Answer' },
    ]);
    expect(response.stopReason).toBe('max_tokens');
    expect(response.usage).toMatchObject({ inputTokens: 100, cacheWriteTokens: 40, cacheReadTokens: 0 });
  });

  it('throws a 502 bad_upstream_response for a body that is not a completion', () => {
    for (const body of [{ choices: [] }, { object: 'list' }, 'oops', { choices: [{ message: 'hi' }] }]) {
      let caught: unknown;
      try {
        decodeChatResponse(body);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(GatewayError);
      expect(caught).toMatchObject({ status: 502, kind: 'upstream', code: 'bad_upstream_response' });
    }
  });
});

describe('encodeChatResponse', () => {
  const context = { requestId: 'req9', model: 'client-model', created: 1764280001 };

  it('writes the exact chat.completion shape with usage details', () => {
    expect(encodeChatResponse(decodeChatResponse(completion), context)).toEqual({
      id: 'chatcmpl-abc',
      object: 'chat.completion',
      created: 1764280001,
      model: 'client-model',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"location": "Paris"}' },
              },
            ],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 25,
        completion_tokens: 42,
        total_tokens: 67,
        prompt_tokens_details: { cached_tokens: 10 },
        completion_tokens_details: { reasoning_tokens: 5 },
      },
    });
  });

  it('joins text, adds reasoning_content and falls back to the request id', () => {
    const encoded = encodeChatResponse(
      {
        id: '',
        model: 'up',
        content: [
          { type: 'reasoning', text: 'hmm', signature: 'sig', origin: 'anthropic' },
          { type: 'text', text: 'Hello ' },
          { type: 'text', text: 'world' },
        ],
        stopReason: 'max_tokens',
        usage: {
          inputTokens: 1,
          outputTokens: 2,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        },
      },
      context,
    );
    expect(encoded.id).toBe('chatcmpl-req9');
    expect(encoded.choices[0]!.message).toEqual({
      role: 'assistant',
      content: 'Hello world',
      refusal: null,
      reasoning_content: 'hmm',
      // Chat has no signature field: Anthropic's state rides in the gateway's envelope.
      reasoning_details: [
        {
          type: 'reasoning.encrypted',
          data: expect.stringMatching(/^llmgw\.v1\./),
          format: 'llmgw.v1',
          index: 0,
        },
      ],
    });
    expect(openReasoning(encoded.choices[0]!.message.reasoning_details![0]!.data)).toEqual({
      family: 'anthropic',
      model: expect.any(String),
      blocks: [{ type: 'reasoning', text: 'hmm', signature: 'sig', origin: 'anthropic' }],
    });
    expect(encoded.choices[0]!.finish_reason).toBe('length');
  });
});

describe('decodeChatResponse with an error inside a 200', () => {
  it('surfaces the vendor message in the 502', () => {
    expect(() => decodeChatResponse({ error: { message: 'Model is loading', code: 503 } })).toThrow(
      /Model is loading/,
    );
  });
});
