import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../lib/errors.ts';
import { decodeResponsesRequest } from './decode-responses-request.ts';

const codexRequest = {
  model: 'gpt-5-codex',
  instructions: 'You are Codex, based on GPT-5. You are running as a coding agent in the Codex CLI.',
  input: [
    {
      type: 'message',
      role: 'developer',
      content: [{ type: 'input_text', text: '<permissions>sandbox</permissions>' }],
    },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: '# AGENTS.md instructions' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List the files' }] },
    {
      type: 'reasoning',
      summary: [
        { type: 'summary_text', text: 'Listing files.' },
        { type: 'summary_text', text: 'Use shell.' },
      ],
      content: null,
      encrypted_content: 'gAAAA-encrypted',
    },
    { type: 'function_call', name: 'shell', arguments: '{"command":["ls"]}', call_id: 'call_1' },
    { type: 'function_call_output', call_id: 'call_1', output: 'README.md\nsrc' },
    {
      type: 'custom_tool_call',
      id: 'ctc_1',
      status: 'completed',
      call_id: 'call_2',
      name: 'apply_patch',
      input: '*** Begin Patch\n*** End Patch',
    },
    { type: 'custom_tool_call_output', call_id: 'call_2', output: 'Done!' },
    {
      type: 'local_shell_call',
      call_id: 'call_3',
      status: 'completed',
      action: { type: 'exec', command: ['ls'] },
    },
    { type: 'message', role: 'developer', content: 'Mid-conversation note' },
    {
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'The repo has two entries.' }],
    },
  ],
  tools: [
    {
      type: 'function',
      name: 'shell',
      description: 'Runs a command',
      strict: false,
      parameters: { type: 'object', properties: { command: { type: 'array' } } },
    },
    {
      type: 'custom',
      name: 'apply_patch',
      description: 'Edit files',
      format: { type: 'grammar', syntax: 'lark', definition: 'start: x' },
    },
    { type: 'local_shell' },
    { type: 'web_search' },
    { type: 'namespace', name: 'mcp', tools: [] },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  reasoning: { effort: 'high', summary: 'auto' },
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'thread-1',
  client_metadata: { 'x-codex-installation-id': 'abc' },
  text: { verbosity: 'low' },
};

function rejection(body: unknown): GatewayError {
  try {
    decodeResponsesRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the body to be rejected');
}

describe('decodeResponsesRequest', () => {
  it('decodes a Codex request', () => {
    const request = decodeResponsesRequest(codexRequest);
    expect(request.model).toBe('gpt-5-codex');
    expect(request.stream).toBe(true);
    expect(request.system).toEqual([
      { text: codexRequest.instructions, provenance: 'client' },
      { text: '<permissions>sandbox</permissions>', provenance: 'client' },
    ]);
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: '# AGENTS.md instructions' }] },
      { role: 'user', content: [{ type: 'text', text: 'List the files' }] },
      {
        role: 'assistant',
        content: [
          {
            type: 'reasoning',
            text: 'Listing files.\n\nUse shell.',
            encryptedContent: 'gAAAA-encrypted',
            origin: 'openai',
          },
          { type: 'tool_call', id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' },
        ],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', toolCallId: 'call_1', name: 'shell', content: 'README.md\nsrc' }],
      },
      {
        role: 'assistant',
        content: [
          {
            type: 'tool_call',
            id: 'call_2',
            name: 'apply_patch',
            arguments: '*** Begin Patch\n*** End Patch',
            custom: true,
          },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', toolCallId: 'call_2', name: 'apply_patch', content: 'Done!', custom: true },
        ],
      },
      { role: 'system', content: [{ type: 'text', text: 'Mid-conversation note' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'The repo has two entries.' }] },
    ]);
    expect(request.tools).toEqual([
      {
        name: 'shell',
        description: 'Runs a command',
        strict: false,
        kind: 'function',
        parameters: { type: 'object', properties: { command: { type: 'array' } } },
      },
      {
        name: 'apply_patch',
        description: 'Edit files',
        kind: 'custom',
        parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
      },
    ]);
    expect(request.toolChoice).toEqual({ type: 'auto' });
    expect(request.parallelToolCalls).toBe(false);
    expect(request.reasoning).toEqual({ effort: 'high', summary: 'auto' });
  });

  it('keeps a reasoning item id and merges consecutive tool outputs into one user message', () => {
    const request = decodeResponsesRequest({
      model: 'm',
      input: [
        { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'blob' },
        { type: 'function_call', call_id: 'a', name: 'f', arguments: '{}' },
        { type: 'function_call', call_id: 'b', name: 'g', arguments: '{}' },
        { type: 'function_call_output', call_id: 'a', output: 'A' },
        { type: 'function_call_output', call_id: 'b', output: [{ type: 'input_text', text: 'B' }] },
      ],
    });
    expect(request.messages).toHaveLength(2);
    expect(request.messages[0]?.content[0]).toEqual({
      type: 'reasoning',
      text: '',
      encryptedContent: 'blob',
      itemId: 'rs_1',
      origin: 'openai',
    });
    expect(request.messages[1]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', toolCallId: 'a', name: 'f', content: 'A' },
        { type: 'tool_result', toolCallId: 'b', name: 'g', content: [{ type: 'text', text: 'B' }] },
      ],
    });
  });

  it('turns a string input into one user message and maps sampling fields', () => {
    const request = decodeResponsesRequest({
      model: 'gpt-4.1',
      input: 'Hello',
      max_output_tokens: 256,
      temperature: 0.2,
      top_p: 0.9,
      user: 'alice',
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
      tool_choice: { type: 'function', name: 'lookup' },
      tools: [{ type: 'function', name: 'lookup' }],
    });
    expect(request).toMatchObject({
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      maxTokens: 256,
      temperature: 0.2,
      topP: 0.9,
      user: 'alice',
      stream: false,
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
      toolChoice: { type: 'tool', name: 'lookup' },
      tools: [{ name: 'lookup', parameters: { type: 'object', properties: {} }, kind: 'function' }],
    });
  });

  it('decodes images and files in user content', () => {
    const request = decodeResponsesRequest({
      model: 'm',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this?' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' },
            { type: 'input_image', image_url: 'https://example.com/cat.jpg' },
            { type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
          ],
        },
      ],
    });
    expect(request.messages[0]?.content).toEqual([
      { type: 'text', text: 'What is this?' },
      {
        type: 'image',
        source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
        detail: 'high',
      },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'file', mediaType: 'application/pdf', data: 'JVBERi0=', filename: 'a.pdf' },
    ]);
  });

  it('maps reasoning effort none to disabled reasoning', () => {
    expect(
      decodeResponsesRequest({ model: 'm', input: 'x', reasoning: { effort: 'none' } }).reasoning,
    ).toEqual({
      enabled: false,
    });
  });

  it.each([
    [{ input: 'x' }, 'model', 'Missing required parameter'],
    [{ model: 'm' }, 'input', 'Missing required parameter'],
    [{ model: 'm', input: 42 }, 'input', 'Invalid'],
    [
      { model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] },
      'input[0].call_id',
      'call_id',
    ],
    [
      { model: 'm', input: [{ role: 'user', content: [{ type: 'input_text', text: 7 }] }] },
      'input[0].content[0].text',
      'text',
    ],
    [{ model: 'm', input: [{ role: 'robot', content: 'x' }] }, 'input[0].role', 'role'],
    [{ model: 'm', input: 'x', tools: [{ type: 'function' }] }, 'tools[0].name', 'name'],
    [{ model: 'm', input: 'x', temperature: 5 }, 'temperature', 'temperature'],
    [{ model: 'm', input: 'x', reasoning: { effort: 'extreme' } }, 'reasoning.effort', 'reasoning.effort'],
  ])('rejects %o with a 400 naming %s', (body, param, message) => {
    const error = rejection(body);
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toContain(message);
  });

  it('rejects a body that is not an object', () => {
    expect(rejection('hello').status).toBe(400);
    expect(rejection(null).status).toBe(400);
  });
});
