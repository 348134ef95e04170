import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/types.ts';
import { decodeChatRequest } from './decode-chat-request.ts';
import { encodeChatRequest } from './encode-chat-request.ts';

type Body = Record<string, unknown> & { messages: Array<Record<string, unknown>> };

function body(request: CanonicalRequest, quirks = {}): Body {
  return encodeChatRequest(request, { upstreamModel: 'up-model', quirks }).body as Body;
}

const toolConversation: CanonicalRequest = {
  model: 'client-model',
  system: [{ text: 'Be brief.', provenance: 'client' }, { text: 'Metric units.' }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Call the tool.', signature: 'sig-anthropic', origin: 'anthropic' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_call', id: 'toolu_01ABC', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', toolCallId: 'toolu_01ABC', content: 'city not found', isError: true },
        { type: 'text', text: 'Try Lyon.' },
      ],
    },
  ],
  stream: true,
};

describe('encodeChatRequest', () => {
  it('sends the upstream model, a system message, tool calls and tool results in chat order', () => {
    const request = encodeChatRequest(toolConversation, { upstreamModel: 'up-model' });
    expect(request.path).toBe('/chat/completions');
    expect(request.body).toEqual({
      model: 'up-model',
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Be brief.\n\nMetric units.' },
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            {
              id: 'toolu_01ABC',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_01ABC', content: 'Error: city not found' },
        { role: 'user', content: 'Try Lyon.' },
      ],
    });
    // No signature and no reasoning leaves for a plain chat upstream.
    expect(JSON.stringify(request.body)).not.toContain('sig-anthropic');
    expect(JSON.stringify(request.body)).not.toContain('Call the tool.');
  });

  it('omits stream_options for vendors that reject it', () => {
    const encoded = body(toolConversation, { noStreamOptions: true });
    expect(encoded.stream).toBe(true);
    expect(encoded).not.toHaveProperty('stream_options');
    expect(body({ ...toolConversation, stream: false })).not.toHaveProperty('stream');
  });

  it('uses the developer role and max_completion_tokens for developer-role models', () => {
    const encoded = body({ ...toolConversation, maxTokens: 500 }, { developerRole: true });
    expect(encoded.messages[0]).toEqual({ role: 'developer', content: 'Be brief.\n\nMetric units.' });
    expect(encoded.max_completion_tokens).toBe(500);
    expect(body({ ...toolConversation, maxTokens: 500 }).max_tokens).toBe(500);
  });

  it('maps tool ids to nine alphanumerics for Mistral, the same for a call and its result', () => {
    const encoded = body(toolConversation, { toolIdNineAlnum: true });
    const callId = (encoded.messages[2]!.tool_calls as Array<{ id: string }>)[0]!.id;
    expect(callId).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(encoded.messages[3]!.tool_call_id).toBe(callId);
    expect(body(toolConversation, { toolIdNineAlnum: true })).toEqual(encoded);
    const other = body(
      {
        ...toolConversation,
        messages: [
          {
            role: 'assistant',
            content: [{ type: 'tool_call', id: 'toolu_02XYZ', name: 'f', arguments: '{}' }],
          },
        ],
      },
      { toolIdNineAlnum: true },
    );
    expect((other.messages[1]!.tool_calls as Array<{ id: string }>)[0]!.id).not.toBe(callId);
    const native = body(
      {
        ...toolConversation,
        messages: [
          {
            role: 'assistant',
            content: [{ type: 'tool_call', id: 'Ab3dE6gH9', name: 'f', arguments: '{}' }],
          },
        ],
      },
      { toolIdNineAlnum: true },
    );
    expect((native.messages[1]!.tool_calls as Array<{ id: string }>)[0]!.id).toBe('Ab3dE6gH9');
  });

  it('sends reasoning back as reasoning_content for DeepSeek', () => {
    const encoded = body(toolConversation, { reasoningContentRoundTrip: true });
    expect(encoded.messages[2]!.reasoning_content).toBe('Call the tool.');
    expect(JSON.stringify(encoded)).not.toContain('sig-anthropic');
  });

  it('encodes tools, tool choice, custom tools, images and sampling fields', () => {
    const encoded = body({
      model: 'm',
      system: [],
      stream: false,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg' }, detail: 'low' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'tool_call', id: 'c1', name: 'apply_patch', arguments: '*** Begin Patch', custom: true },
          ],
        },
      ],
      tools: [
        { name: 'get_weather', description: 'Weather', parameters: { type: 'object' }, strict: true },
        { name: 'apply_patch', parameters: {}, kind: 'custom' },
      ],
      toolChoice: { type: 'tool', name: 'get_weather' },
      parallelToolCalls: false,
      temperature: 0.5,
      topP: 0.8,
      topK: 40,
      stop: ['END'],
      seed: 3,
      user: 'u',
      responseFormat: { type: 'json_schema', schema: { type: 'object' } },
    });
    expect(encoded.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Look' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        { type: 'image_url', image_url: { url: 'https://example.com/a.jpg', detail: 'low' } },
      ],
    });
    expect(encoded.messages[1]!.tool_calls).toEqual([
      {
        id: 'c1',
        type: 'function',
        function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' },
      },
    ]);
    expect(encoded.messages[1]!.content).toBeNull();
    expect(encoded.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather',
          parameters: { type: 'object' },
          strict: true,
        },
      },
      {
        type: 'function',
        function: {
          name: 'apply_patch',
          parameters: {
            type: 'object',
            properties: { input: { type: 'string', description: expect.any(String) } },
            required: ['input'],
            additionalProperties: false,
          },
        },
      },
    ]);
    expect(encoded).toMatchObject({
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      temperature: 0.5,
      top_p: 0.8,
      stop: ['END'],
      seed: 3,
      user: 'u',
      response_format: { type: 'json_schema', json_schema: { name: 'response', schema: { type: 'object' } } },
    });
    expect(encoded).not.toHaveProperty('top_k');
  });

  it('leaves tool_choice and parallel_tool_calls out when there are no tools', () => {
    const encoded = body({ ...toolConversation, toolChoice: { type: 'auto' }, parallelToolCalls: true });
    expect(encoded).not.toHaveProperty('tool_choice');
    expect(encoded).not.toHaveProperty('parallel_tool_calls');
  });

  it('buckets a thinking budget into reasoning_effort when no effort is given', () => {
    const effort = (reasoning: CanonicalRequest['reasoning']) =>
      body({ ...toolConversation, reasoning }).reasoning_effort;
    expect(effort({ budgetTokens: 1024 })).toBe('low');
    expect(effort({ budgetTokens: 4000 })).toBe('medium');
    expect(effort({ budgetTokens: 32000 })).toBe('high');
    expect(effort({ budgetTokens: 32000, effort: 'minimal' })).toBe('minimal');
    expect(effort({ enabled: false, budgetTokens: 32000 })).toBeUndefined();
  });
});

describe('chat request round trip', () => {
  it('decoding a chat body and encoding it again gives the same conversation', () => {
    const client = {
      model: 'gpt-4o',
      stream: true,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_a',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
            {
              id: 'call_b',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: '18C' },
        { role: 'tool', tool_call_id: 'call_b', content: '24C' },
        { role: 'assistant', content: 'Paris 18C, Rome 24C.' },
        { role: 'system', content: 'Answer in French from now on.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'And this?' },
            { type: 'image_url', image_url: { url: 'https://x.test/i.png' } },
          ],
        },
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
        },
      ],
      tool_choice: 'auto',
      max_tokens: 300,
      temperature: 0.1,
      stop: ['\n\n'],
      reasoning_effort: 'low',
    };
    const encoded = encodeChatRequest(decodeChatRequest(client), { upstreamModel: 'gpt-4o' }).body;
    expect(encoded).toEqual({
      ...client,
      stream_options: { include_usage: true },
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
        },
      ],
    });
  });
});
