import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/types.ts';
import { decodeAnthropicRequest } from './decode-anthropic-request.ts';
import { encodeAnthropicRequest } from './encode-anthropic-request.ts';

const target = { upstreamModel: 'claude-upstream-id' };

function request(overrides: Partial<CanonicalRequest>): CanonicalRequest {
  return { model: 'alias', system: [], messages: [], stream: false, ...overrides };
}

function body(canonical: CanonicalRequest): Record<string, unknown> {
  return encodeAnthropicRequest(canonical, target).body as Record<string, unknown>;
}

describe('encodeAnthropicRequest', () => {
  it('targets /v1/messages with the API version, the upstream model and a default max_tokens', () => {
    const encoded = encodeAnthropicRequest(
      request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: true }),
      target,
    );
    expect(encoded.path).toBe('/v1/messages');
    expect(encoded.headers).toEqual({ 'anthropic-version': '2023-06-01' });
    expect(encoded.body).toEqual({
      model: 'claude-upstream-id',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      stream: true,
    });
  });

  it('round-trips a Claude Code-like request back to an Anthropic upstream', () => {
    const decoded = decodeAnthropicRequest({
      model: 'alias',
      max_tokens: 32000,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: 'List files' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Use ls.', signature: 'sig' },
            { type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'ls' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'a.txt' }] },
      ],
      tools: [{ name: 'Bash', input_schema: { type: 'object', properties: {} } }],
      thinking: { type: 'enabled', budget_tokens: 10000 },
      metadata: { user_id: 'u1' },
    });
    expect(body(decoded)).toEqual({
      model: 'claude-upstream-id',
      max_tokens: 32000,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'List files' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Use ls.', signature: 'sig' },
            { type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'ls' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'a.txt' }] },
      ],
      tools: [{ name: 'Bash', input_schema: { type: 'object', properties: {} } }],
      thinking: { type: 'enabled', budget_tokens: 10000 },
      metadata: { user_id: 'u1' },
    });
  });

  it('merges same-role turns, puts tool results first and turns mid-conversation system text into a user turn', () => {
    const encoded = body(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: '' },
              { type: 'tool_call', id: 'call.1', name: 'weather', arguments: '{"city":"Paris"}' },
              { type: 'tool_call', id: 'call:2', name: 'weather', arguments: 'not json' },
            ],
          },
          { role: 'system', content: [{ type: 'text', text: 'Be terse.' }] },
          { role: 'user', content: [{ type: 'tool_result', toolCallId: 'call.1', content: 'sunny' }] },
          {
            role: 'user',
            content: [{ type: 'tool_result', toolCallId: 'call:2', content: 'oops', isError: true }],
          },
        ],
      }),
    );
    const messages = encoded.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    const [first, second] = messages[1]!.content.map((block) => block.id as string);
    expect(first).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(second).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(messages[1]!.content[1]!.input).toEqual({ _raw: 'not json' });
    expect(messages[2]!.content).toEqual([
      { type: 'tool_result', tool_use_id: first, content: 'sunny' },
      { type: 'tool_result', tool_use_id: second, content: 'oops', is_error: true },
      { type: 'text', text: '<system>\nBe terse.\n</system>' },
    ]);
  });

  it('never sends a foreign or unsigned reasoning block to Anthropic', () => {
    const encoded = body(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'gemini thought', signature: 'g-sig', origin: 'gemini' },
              { type: 'reasoning', text: 'unsigned', origin: 'anthropic' },
              { type: 'reasoning', text: '', redactedData: 'blob', origin: 'anthropic' },
              { type: 'text', text: 'answer' },
            ],
          },
        ],
      }),
    );
    expect((encoded.messages as Array<{ content: unknown }>)[1]!.content).toEqual([
      { type: 'redacted_thinking', data: 'blob' },
      { type: 'text', text: 'answer' },
    ]);
  });

  it('encodes images from base64, data URLs and https URLs', () => {
    const encoded = body(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAA' } },
              { type: 'image', source: { kind: 'url', url: 'data:image/jpeg;base64,BBB' } },
              { type: 'image', source: { kind: 'url', url: 'https://example.com/c.png' } },
            ],
          },
        ],
      }),
    );
    expect((encoded.messages as Array<{ content: unknown }>)[0]!.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAA' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'BBB' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/c.png' } },
    ]);
  });

  it('maps tools and tool_choice, including parallel_tool_calls=false and freeform tools', () => {
    const encoded = body(
      request({
        messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
        tools: [
          { name: 'f', description: 'does f', parameters: { properties: { a: { type: 'number' } } } },
          { name: 'apply_patch', parameters: {}, kind: 'custom' },
        ],
        toolChoice: { type: 'required' },
        parallelToolCalls: false,
        temperature: 0.5,
        topP: 0.9,
        stop: ['STOP'],
      }),
    );
    expect(encoded.tools).toEqual([
      {
        name: 'f',
        description: 'does f',
        input_schema: { type: 'object', properties: { a: { type: 'number' } } },
      },
      {
        name: 'apply_patch',
        input_schema: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
      },
    ]);
    expect(encoded.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    // Current Claude models refuse temperature together with top_p.
    expect(encoded.temperature).toBe(0.5);
    expect(encoded.top_p).toBeUndefined();
    expect(encoded.stop_sequences).toEqual(['STOP']);
  });

  it('turns an effort into a thinking budget that fits under max_tokens', () => {
    const high = body(request({ reasoning: { effort: 'high' }, temperature: 0.3 }));
    expect(high.thinking).toEqual({ type: 'enabled', budget_tokens: 16384 });
    expect(high.max_tokens).toBe(4096 + 16384);
    // Thinking forbids custom sampling.
    expect(high.temperature).toBeUndefined();
    const clamped = body(request({ reasoning: { effort: 'high' }, maxTokens: 5000 }));
    expect(clamped).toMatchObject({ max_tokens: 5000, thinking: { type: 'enabled', budget_tokens: 4999 } });
    const tooSmall = body(request({ reasoning: { budgetTokens: 2000 }, maxTokens: 800 }));
    expect(tooSmall.thinking).toBeUndefined();
    expect(tooSmall.max_tokens).toBe(800);
    const adaptive = body(request({ reasoning: { enabled: true, effort: 'low' }, maxTokens: 9000 }));
    expect(adaptive).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'low' } });
  });

  it('drops thinking when the tool loop cannot satisfy Anthropic (forced tool, or no replayable thinking)', () => {
    const forced = body(
      request({
        reasoning: { budgetTokens: 2048 },
        tools: [{ name: 'f', parameters: {} }],
        toolChoice: { type: 'tool', name: 'f' },
      }),
    );
    expect(forced.thinking).toBeUndefined();
    const foreignLoop = body(
      request({
        reasoning: { budgetTokens: 2048 },
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          { role: 'assistant', content: [{ type: 'tool_call', id: 'call_1', name: 'f', arguments: '{}' }] },
          { role: 'user', content: [{ type: 'tool_result', toolCallId: 'call_1', content: 'r' }] },
        ],
      }),
    );
    expect(foreignLoop.thinking).toBeUndefined();
  });
});
