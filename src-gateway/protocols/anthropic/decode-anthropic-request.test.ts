import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../lib/errors.ts';
import { decodeAnthropicRequest } from './decode-anthropic-request.ts';

/** Shaped like what Claude Code sends: billing line, cached system, thinking, tool loop. */
const claudeCodeBody = {
  model: 'claude-sonnet-4-5',
  max_tokens: 32000,
  stream: true,
  metadata: { user_id: 'user_abc_account__session_123' },
  system: [
    { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.3.abc; cc_entrypoint=cli;' },
    {
      type: 'text',
      text: "You are Claude Code, Anthropic's official CLI for Claude.",
      cache_control: { type: 'ephemeral' },
    },
  ],
  messages: [
    {
      role: 'user',
      content: [{ type: 'text', text: 'List files', cache_control: { type: 'ephemeral', ttl: '1h' } }],
    },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Use ls.', signature: 'EqQBsig' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'ls' } },
      ],
    },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 'toolu_01',
          content: [
            { type: 'text', text: 'a.txt\nb.txt' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
          ],
        },
        { type: 'tool_result', tool_use_id: 'toolu_02', content: 'denied', is_error: true },
        { type: 'text', text: 'continue' },
      ],
    },
    { role: 'system', content: 'Mid-conversation reminder.' },
  ],
  tools: [
    {
      name: 'Bash',
      description: 'Run a command',
      input_schema: { type: 'object', properties: { command: { type: 'string' } } },
    },
    { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
  ],
  tool_choice: { type: 'auto', disable_parallel_tool_use: true },
  thinking: { type: 'enabled', budget_tokens: 10000 },
  context_management: { edits: [] },
};

describe('decodeAnthropicRequest', () => {
  it('decodes a Claude Code-like request', () => {
    const request = decodeAnthropicRequest(claudeCodeBody);
    expect(request.model).toBe('claude-sonnet-4-5');
    expect(request.maxTokens).toBe(32000);
    expect(request.stream).toBe(true);
    expect(request.user).toBe('user_abc_account__session_123');
    expect(request.system).toEqual([
      {
        text: 'x-anthropic-billing-header: cc_version=2.1.3.abc; cc_entrypoint=cli;',
        provenance: 'client-builtin',
      },
      {
        text: "You are Claude Code, Anthropic's official CLI for Claude.",
        provenance: 'client',
        cacheControl: { type: 'ephemeral' },
      },
    ]);
    expect(request.messages[0]!.content).toEqual([
      { type: 'text', text: 'List files', cacheControl: { type: 'ephemeral', ttl: '1h' } },
    ]);
    expect(request.messages[1]!.content).toEqual([
      { type: 'reasoning', text: 'Use ls.', signature: 'EqQBsig', origin: 'anthropic' },
      { type: 'reasoning', text: '', redactedData: 'opaque', origin: 'anthropic' },
      { type: 'tool_call', id: 'toolu_01', name: 'Bash', arguments: '{"command":"ls"}' },
    ]);
    expect(request.messages[2]!.content).toEqual([
      {
        type: 'tool_result',
        toolCallId: 'toolu_01',
        content: [
          { type: 'text', text: 'a.txt\nb.txt' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
        ],
      },
      { type: 'tool_result', toolCallId: 'toolu_02', content: 'denied', isError: true },
      { type: 'text', text: 'continue' },
    ]);
    expect(request.messages[3]).toEqual({
      role: 'system',
      content: [{ type: 'text', text: 'Mid-conversation reminder.' }],
    });
    // The server tool is dropped: no other upstream can run it.
    expect(request.tools).toEqual([
      {
        name: 'Bash',
        description: 'Run a command',
        parameters: { type: 'object', properties: { command: { type: 'string' } } },
      },
    ]);
    expect(request.toolChoice).toEqual({ type: 'auto' });
    expect(request.parallelToolCalls).toBe(false);
    expect(request.reasoning).toEqual({ enabled: true, budgetTokens: 10000 });
  });

  it('splits a billing line that shares system[0] with the real prompt', () => {
    const request = decodeAnthropicRequest({
      model: 'm',
      max_tokens: 1,
      system: 'x-anthropic-billing-header: cc_version=1;\nYou are helpful.',
      messages: [],
    });
    expect(request.system).toEqual([
      { text: 'x-anthropic-billing-header: cc_version=1;', provenance: 'client-builtin' },
      { text: 'You are helpful.', provenance: 'client' },
    ]);
  });

  it('maps tool_choice, sampling, stop sequences, documents and adaptive thinking', () => {
    const request = decodeAnthropicRequest({
      model: 'm',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' },
              title: 'a.pdf',
            },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hello' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
            { type: 'search_result', source: 'x', title: 't', content: [] },
          ],
        },
      ],
      tool_choice: { type: 'any' },
      stop_sequences: ['END'],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 5,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'max' },
    });
    expect(request.messages[0]!.content).toEqual([
      { type: 'file', mediaType: 'application/pdf', data: 'JVBER', filename: 'a.pdf' },
      { type: 'file', mediaType: 'text/plain', data: Buffer.from('hello').toString('base64') },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
    ]);
    expect(request.toolChoice).toEqual({ type: 'required' });
    expect(request.stop).toEqual(['END']);
    expect([request.temperature, request.topP, request.topK]).toEqual([0.2, 0.9, 5]);
    expect(request.reasoning).toEqual({ enabled: true, effort: 'xhigh' });
    expect(request.stream).toBe(false);
    expect(
      decodeAnthropicRequest({
        model: 'm',
        max_tokens: 1,
        messages: [],
        tool_choice: { type: 'tool', name: 'x' },
      }).toolChoice,
    ).toEqual({
      type: 'tool',
      name: 'x',
    });
  });

  it.each([
    [{ max_tokens: 10, messages: [] }, 'model'],
    [{ model: 'm', messages: [] }, 'max_tokens'],
    [{ model: 'm', max_tokens: 10 }, 'messages'],
    [{ model: 'm', max_tokens: 10, messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].role'],
    [
      { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text', text: 5 }] }] },
      'messages[0].content[0].text',
    ],
  ])('rejects an invalid body with a 400 naming the field (%#)', (body, param) => {
    let caught: unknown;
    try {
      decodeAnthropicRequest(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect((caught as GatewayError).status).toBe(400);
    expect((caught as GatewayError).param).toBe(param);
    expect((caught as GatewayError).message).toContain(param);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'treats a content block typed %s as an unknown block, not a crash (found by tests/fuzz)',
    (type) => {
      const request = decodeAnthropicRequest({
        model: 'm',
        max_tokens: 10,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }, { type }] }],
      });
      expect(request.messages[0]!.content).toEqual([{ type: 'text', text: 'hi' }]);
    },
  );
});
