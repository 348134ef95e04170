import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/types.ts';
import { geminiUpstream } from './index.ts';

function request(overrides: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return {
    model: 'client-model',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    stream: false,
    ...overrides,
  };
}

/** The parts of the encoded body these tests look at. */
interface EncodedBody {
  contents: Array<{ role: string; parts: unknown[] }>;
  systemInstruction?: unknown;
  tools?: unknown;
  toolConfig?: unknown;
  generationConfig?: { thinkingConfig?: unknown };
}

function encode(overrides: Partial<CanonicalRequest> = {}, quirks?: { geminiApiVersion?: string }) {
  const result = geminiUpstream.encodeRequest(request(overrides), {
    upstreamModel: 'gemini-2.5-flash',
    quirks,
  });
  return { path: result.path, body: result.body as EncodedBody };
}

describe('encodeGeminiRequest', () => {
  it('uses v1beta generateContent, the streaming path with alt=sse, and the configured API version', () => {
    expect(encode().path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(encode({ stream: true }).path).toBe(
      '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    expect(encode({ stream: true }, { geminiApiVersion: 'v1' }).path).toBe(
      '/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
  });

  it('puts system text in systemInstruction, never in a user turn', () => {
    const { body } = encode({ system: [{ text: 'be brief' }, { text: 'be kind', provenance: 'gateway' }] });
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'be brief' }, { text: 'be kind' }] });
    expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'hi' }] }]);
    expect(encode().body.systemInstruction).toBeUndefined();
  });

  it('maps assistant to model, merges consecutive same-role turns and drops empty ones', () => {
    const { body } = encode({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'one' }] },
        { role: 'user', content: [{ type: 'text', text: 'two' }] },
        { role: 'assistant', content: [{ type: 'text', text: '' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'three' }] },
        { role: 'system', content: [{ type: 'text', text: 'late rule' }] },
        { role: 'user', content: [{ type: 'text', text: 'four' }] },
      ],
    });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'one' }, { text: 'two' }] },
      { role: 'model', parts: [{ text: 'three' }] },
      { role: 'user', parts: [{ text: '<system>late rule</system>' }, { text: 'four' }] },
    ]);
  });

  it('replays tool calls with their thoughtSignature and answers with functionResponse named after the call', () => {
    const { body } = encode({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'need tool', signature: 'thought-sig', origin: 'gemini' },
            { type: 'reasoning', text: 'foreign', signature: 'anthropic-sig', origin: 'anthropic' },
            {
              type: 'tool_call',
              id: 'call_1',
              name: 'get_weather',
              arguments: '{"location":"Paris"}',
              thoughtSignature: 'c2ln',
            },
            { type: 'tool_call', id: 'call_2', name: 'get_time', arguments: 'not json' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', toolCallId: 'call_1', content: 'sunny' },
            {
              type: 'tool_result',
              toolCallId: 'call_2',
              content: [{ type: 'text', text: 'boom' }],
              isError: true,
            },
          ],
        },
      ],
    });
    expect(body.contents[1]).toEqual({
      role: 'model',
      parts: [
        { text: 'need tool', thought: true, thoughtSignature: 'thought-sig' },
        {
          functionCall: { id: 'call_1', name: 'get_weather', args: { location: 'Paris' } },
          thoughtSignature: 'c2ln',
        },
        { functionCall: { id: 'call_2', name: 'get_time', args: { _raw: 'not json' } } },
      ],
    });
    expect(body.contents[2]).toEqual({
      role: 'user',
      parts: [
        { functionResponse: { id: 'call_1', name: 'get_weather', response: { result: 'sunny' } } },
        { functionResponse: { id: 'call_2', name: 'get_time', response: { error: 'boom' } } },
      ],
    });
  });

  it('sends images as inlineData or fileData', () => {
    const { body } = encode({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
            { type: 'image', source: { kind: 'url', url: 'data:image/webp;base64,BBBB' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.gif?size=2' } },
          ],
        },
      ],
    });
    expect(body.contents[0]!.parts).toEqual([
      { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
      { inlineData: { mimeType: 'image/webp', data: 'BBBB' } },
      { fileData: { mimeType: 'image/gif', fileUri: 'https://example.com/cat.gif?size=2' } },
    ]);
  });

  it('sends a URL whose extension is an Object member (image.constructor) with the fallback MIME type (found by tests/fuzz)', () => {
    const { body } = encode({
      messages: [
        {
          role: 'user',
          content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/image.constructor' } }],
        },
      ],
    });
    expect(body.contents[0]!.parts).toEqual([
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/image.constructor' } },
    ]);
  });

  it('declares tools with sanitized schemas and maps tool_choice', () => {
    const tools = [
      {
        name: 'get_weather',
        description: 'Weather',
        parameters: {
          $schema: 'http://json-schema.org/draft-07/schema#',
          type: 'object',
          additionalProperties: false,
          properties: { location: { type: 'string', title: 'Location' } },
          required: ['location'],
        },
      },
      { name: 'ping', parameters: { type: 'object', properties: {} } },
    ];
    const { body } = encode({ tools, toolChoice: { type: 'tool', name: 'get_weather' } });
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Weather',
            parameters: {
              type: 'object',
              properties: { location: { type: 'string' } },
              required: ['location'],
            },
          },
          { name: 'ping' },
        ],
      },
    ]);
    expect(body.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
    });
    expect(encode({ tools, toolChoice: { type: 'auto' } }).body.toolConfig).toEqual({
      functionCallingConfig: { mode: 'AUTO' },
    });
    expect(encode({ tools, toolChoice: { type: 'required' } }).body.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY' },
    });
    expect(encode({ tools, toolChoice: { type: 'none' } }).body.toolConfig).toEqual({
      functionCallingConfig: { mode: 'NONE' },
    });
    expect(encode({ toolChoice: { type: 'auto' } }).body.tools).toBeUndefined();
  });

  it('fills generationConfig, JSON output and thinking', () => {
    const { body } = encode({
      maxTokens: 100,
      temperature: 0.5,
      topP: 0.9,
      topK: 40,
      stop: ['END'],
      seed: 7,
      responseFormat: {
        type: 'json_schema',
        schema: { type: 'object', properties: { a: { const: 'x' } }, additionalProperties: false },
      },
      reasoning: { budgetTokens: 2048 },
    });
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 100,
      temperature: 0.5,
      topP: 0.9,
      topK: 40,
      stopSequences: ['END'],
      seed: 7,
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { a: { type: 'string', enum: ['x'] } } },
      thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 },
    });
    expect(encode({ reasoning: { effort: 'low' } }).body.generationConfig?.thinkingConfig).toEqual({
      includeThoughts: true,
      thinkingBudget: 1024,
    });
    expect(encode({ reasoning: { enabled: false } }).body.generationConfig).toBeUndefined();
    expect(encode({ responseFormat: { type: 'json_object' } }).body.generationConfig).toEqual({
      responseMimeType: 'application/json',
    });
  });
});
