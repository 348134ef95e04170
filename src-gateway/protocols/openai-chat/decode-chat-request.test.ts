import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../lib/errors.ts';
import { decodeChatRequest } from './decode-chat-request.ts';

function decodeError(body: unknown): GatewayError {
  try {
    decodeChatRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected decodeChatRequest to throw');
}

describe('decodeChatRequest validation', () => {
  it('names the bad field in a 400', () => {
    const error = decodeError({
      model: 'gpt',
      messages: [{ role: 'user', content: 'hi' }, { role: 'tool' }],
    });
    expect(error.status).toBe(400);
    expect(error.kind).toBe('invalid_request');
    expect(error.param).toBe('messages[1].tool_call_id');
    expect(error.message).toContain('messages[1].tool_call_id');
  });

  it('rejects an unknown role, a missing model and an empty message list', () => {
    expect(decodeError({ model: 'gpt', messages: [{ role: 'robot', content: 'x' }] }).param).toBe(
      'messages[0].role',
    );
    expect(decodeError({ messages: [{ role: 'user', content: 'x' }] }).param).toBe('model');
    expect(decodeError({ model: 'gpt', messages: [] }).param).toBe('messages');
    expect(decodeError('not an object').status).toBe(400);
  });

  it('explains a content of the wrong type', () => {
    const error = decodeError({ model: 'gpt', messages: [{ role: 'user', content: 42 }] });
    expect(error.param).toBe('messages[0].content');
    expect(error.message).toMatch(/string or an array/);
  });

  it('rejects n > 1', () => {
    expect(decodeError({ model: 'gpt', n: 2, messages: [{ role: 'user', content: 'x' }] }).param).toBe('n');
  });

  it('allows unknown fields', () => {
    const request = decodeChatRequest({
      model: 'gpt',
      messages: [{ role: 'user', content: 'hi', vendor_extra: 1 }],
      metadata: { a: 1 },
      logit_bias: {},
    });
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });
});

describe('decodeChatRequest messages', () => {
  it('lifts leading system and developer messages and keeps later ones in place', () => {
    const request = decodeChatRequest({
      model: 'gpt',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
        { role: 'user', content: 'Weather?' },
        { role: 'system', content: 'Now answer in French.' },
      ],
    });
    expect(request.system).toEqual([
      { text: 'Be brief.', provenance: 'client' },
      { text: 'Use metric units.', provenance: 'client' },
    ]);
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      { role: 'system', content: [{ type: 'text', text: 'Now answer in French.' }] },
    ]);
  });

  it('turns assistant tool calls and reasoning into blocks, and merges consecutive tool results', () => {
    const request = decodeChatRequest({
      model: 'gpt',
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'Two cities, two calls.',
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
        { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: '24C' }] },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Two cities, two calls.', origin: 'openai-chat' },
          { type: 'tool_call', id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool_call', id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', toolCallId: 'call_a', name: 'get_weather', content: '18C' },
          { type: 'tool_result', toolCallId: 'call_b', name: 'get_weather', content: '24C' },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ]);
  });

  it('decodes image parts: data URLs to base64, https to url; drops audio; keeps files', () => {
    const request = decodeChatRequest({
      model: 'gpt',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
          ],
        },
      ],
    });
    expect(request.messages[0]!.content).toEqual([
      { type: 'text', text: 'Compare' },
      {
        type: 'image',
        source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
        detail: 'high',
      },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'file', mediaType: 'application/pdf', data: 'JVBERi0=', filename: 'a.pdf' },
    ]);
  });

  it('pairs legacy function_call turns with their function results', () => {
    const request = decodeChatRequest({
      model: 'gpt',
      functions: [{ name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
      function_call: { name: 'lookup' },
      messages: [
        { role: 'user', content: 'Find x' },
        { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":"x"}' } },
        { role: 'function', name: 'lookup', content: 'found' },
      ],
    });
    const call = request.messages[1]!.content[0];
    const result = request.messages[2]!.content[0];
    expect(call).toMatchObject({ type: 'tool_call', name: 'lookup', arguments: '{"q":"x"}' });
    expect(result).toMatchObject({ type: 'tool_result', name: 'lookup', content: 'found' });
    expect(
      call?.type === 'tool_call' && result?.type === 'tool_result' && call.id === result.toolCallId,
    ).toBe(true);
    expect(request.tools).toEqual([
      { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
    ]);
    expect(request.toolChoice).toEqual({ type: 'tool', name: 'lookup' });
  });
});

describe('decodeChatRequest parameters', () => {
  const messages = [{ role: 'user', content: 'x' }];

  it('maps sampling, limits and format fields', () => {
    const request = decodeChatRequest({
      model: 'gpt',
      messages,
      max_tokens: 100,
      max_completion_tokens: 200,
      temperature: 0.2,
      top_p: 0.9,
      seed: 7,
      stop: 'END',
      user: 'u-1',
      stream: true,
      reasoning_effort: 'high',
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'out', schema: { type: 'object' }, strict: true },
      },
    });
    expect(request).toMatchObject({
      maxTokens: 200,
      temperature: 0.2,
      topP: 0.9,
      seed: 7,
      stop: ['END'],
      user: 'u-1',
      stream: true,
      reasoning: { effort: 'high' },
      responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true },
    });
    expect(decodeChatRequest({ model: 'gpt', messages, max_tokens: 50 }).maxTokens).toBe(50);
    expect(decodeChatRequest({ model: 'gpt', messages, stop: ['a', 'b'] }).stop).toEqual(['a', 'b']);
    expect(decodeChatRequest({ model: 'gpt', messages }).stream).toBe(false);
    expect(decodeChatRequest({ model: 'gpt', messages, reasoning_effort: 'none' }).reasoning).toEqual({
      enabled: false,
    });
  });

  it('maps tools and every tool_choice form', () => {
    const tools = [
      {
        type: 'function',
        function: { name: 'f', description: 'F', parameters: { type: 'object' }, strict: true },
      },
      { type: 'custom', custom: { name: 'apply_patch', description: 'Patch files' } },
    ];
    const request = decodeChatRequest({ model: 'gpt', messages, tools, parallel_tool_calls: false });
    expect(request.tools).toEqual([
      { name: 'f', description: 'F', parameters: { type: 'object' }, strict: true },
      { name: 'apply_patch', description: 'Patch files', parameters: {}, kind: 'custom' },
    ]);
    expect(request.parallelToolCalls).toBe(false);
    const choose = (tool_choice: unknown) =>
      decodeChatRequest({ model: 'gpt', messages, tools, tool_choice }).toolChoice;
    expect(choose('auto')).toEqual({ type: 'auto' });
    expect(choose('none')).toEqual({ type: 'none' });
    expect(choose('required')).toEqual({ type: 'required' });
    expect(choose({ type: 'function', function: { name: 'f' } })).toEqual({ type: 'tool', name: 'f' });
    expect(choose({ type: 'custom', custom: { name: 'apply_patch' } })).toEqual({
      type: 'tool',
      name: 'apply_patch',
    });
    expect(choose({ type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [] } })).toEqual({
      type: 'required',
    });
    expect(() => choose('sometimes')).toThrow(GatewayError);
  });
});
