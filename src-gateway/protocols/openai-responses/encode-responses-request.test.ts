import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/types.ts';
import { decodeResponsesRequest } from './decode-responses-request.ts';
import { encodeResponsesRequest } from './encode-responses-request.ts';

const base: CanonicalRequest = { model: 'alias', system: [], messages: [], stream: false };

describe('encodeResponsesRequest', () => {
  it('encodes a tool conversation as Responses input items', () => {
    const upstream = encodeResponsesRequest(
      {
        ...base,
        stream: true,
        system: [
          { text: 'Be brief.', provenance: 'client' },
          { text: 'Gateway rule.', provenance: 'gateway' },
        ],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Weather in this picture?' },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'Anthropic thought', signature: 'sig', origin: 'anthropic' },
              {
                type: 'reasoning',
                text: 'OpenAI thought',
                encryptedContent: 'blob',
                itemId: 'rs_1',
                origin: 'openai',
              },
              { type: 'text', text: 'Checking.' },
              { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{"location":"Paris"}' },
            ],
          },
          { role: 'user', content: [{ type: 'tool_result', toolCallId: 'call_1', content: 'Sunny' }] },
          { role: 'system', content: [{ type: 'text', text: 'Later rule' }] },
        ],
        tools: [{ name: 'get_weather', parameters: { type: 'object', properties: {} } }],
        toolChoice: { type: 'tool', name: 'get_weather' },
        maxTokens: 100,
        reasoning: { budgetTokens: 8000 },
        topK: 5,
      },
      { upstreamModel: 'gpt-5' },
    );
    expect(upstream.path).toBe('/responses');
    expect(upstream.body).toEqual({
      model: 'gpt-5',
      store: false,
      stream: true,
      instructions: 'Be brief.\n\nGateway rule.',
      input: [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Weather in this picture?' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'auto' },
          ],
        },
        {
          type: 'reasoning',
          summary: [{ type: 'summary_text', text: 'OpenAI thought' }],
          encrypted_content: 'blob',
        },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"location":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
        { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Later rule' }] },
      ],
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          parameters: { type: 'object', properties: {} },
          strict: false,
        },
      ],
      tool_choice: { type: 'function', name: 'get_weather' },
      max_output_tokens: 100,
      reasoning: { summary: 'auto', effort: 'medium' },
      include: ['reasoning.encrypted_content'],
    });
  });

  it('round-trips a Codex request with custom tools and encrypted reasoning', () => {
    const request = decodeResponsesRequest({
      model: 'gpt-5-codex',
      instructions: 'Codex prompt',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'patch it' }] },
        { type: 'reasoning', summary: [], encrypted_content: 'blob' },
        { type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'custom_tool_call_output', call_id: 'call_p', output: 'Done' },
      ],
      tools: [{ type: 'custom', name: 'apply_patch', description: 'Edit files' }],
      tool_choice: { type: 'custom', name: 'apply_patch' },
      reasoning: { effort: 'low', summary: 'detailed' },
      stream: true,
    });
    const body = encodeResponsesRequest(request, {
      upstreamModel: 'gpt-5-codex',
      quirks: { developerRole: true },
    }).body as Record<string, unknown>;
    expect(body['input']).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'patch it' }] },
      { type: 'reasoning', summary: [], encrypted_content: 'blob' },
      { type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: '*** Begin Patch' },
      { type: 'custom_tool_call_output', call_id: 'call_p', output: 'Done' },
    ]);
    expect(body['tools']).toEqual([{ type: 'custom', name: 'apply_patch', description: 'Edit files' }]);
    expect(body['tool_choice']).toEqual({ type: 'custom', name: 'apply_patch' });
    expect(body['reasoning']).toEqual({ summary: 'detailed', effort: 'low' });
    expect(body['instructions']).toBe('Codex prompt');
  });

  it('sends no reasoning or include when reasoning was not requested or disabled', () => {
    for (const reasoning of [undefined, { enabled: false }]) {
      const body = encodeResponsesRequest({ ...base, reasoning }, { upstreamModel: 'gpt-4.1' })
        .body as Record<string, unknown>;
      expect(body).not.toHaveProperty('reasoning');
      expect(body).not.toHaveProperty('include');
    }
  });

  it('uses developer role for mid-conversation system text when the upstream wants it', () => {
    const body = encodeResponsesRequest(
      { ...base, messages: [{ role: 'system', content: [{ type: 'text', text: 'rule' }] }] },
      { upstreamModel: 'o3', quirks: { developerRole: true } },
    ).body as Record<string, unknown>;
    expect(body['input']).toEqual([
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'rule' }] },
    ]);
  });

  it('maps json_schema response format to text.format', () => {
    const body = encodeResponsesRequest(
      { ...base, responseFormat: { type: 'json_schema', schema: { type: 'object' }, strict: true } },
      { upstreamModel: 'gpt-4.1' },
    ).body as Record<string, unknown>;
    expect(body['text']).toEqual({
      format: { type: 'json_schema', name: 'response', schema: { type: 'object' }, strict: true },
    });
  });
});
