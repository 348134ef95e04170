import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../lib/errors.ts';
import { decodeGeminiRequest } from './decode-gemini-request.ts';
import { parseGeminiPath } from './parse-gemini-path.ts';

const user = (text: string) => ({ role: 'user', parts: [{ text }] });

describe('decodeGeminiRequest', () => {
  it('reads contents, the system instruction (string or content) and roles', () => {
    const request = decodeGeminiRequest({
      systemInstruction: { role: 'user', parts: [{ text: 'Be brief.' }, { text: 'Be kind.' }] },
      contents: [
        user('Hi'),
        { role: 'model', parts: [{ text: 'Hello!' }] },
        { parts: [{ text: 'Weather?' }] },
      ],
    });
    expect(request.system).toEqual([
      { text: 'Be brief.', provenance: 'client' },
      { text: 'Be kind.', provenance: 'client' },
    ]);
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello!' }] },
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
    ]);
    expect(decodeGeminiRequest({ systemInstruction: 'Short.', contents: [user('x')] }).system).toEqual([
      { text: 'Short.', provenance: 'client' },
    ]);
  });

  it('pairs functionResponse with functionCall by id, else by name, with stable synthesized ids', () => {
    const body = {
      contents: [
        user('Weather and time?'),
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'get_weather', args: { location: 'Paris' } }, thoughtSignature: 'c2ln' },
            { functionCall: { id: 'call_time', name: 'get_time', args: {} } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { id: 'call_time', name: 'get_time', response: { output: '12:00' } } },
            { functionResponse: { name: 'get_weather', response: { temperature: 21 } } },
          ],
        },
      ],
    };
    const messages = decodeGeminiRequest(body).messages;
    expect(messages[1]!.content).toEqual([
      {
        type: 'tool_call',
        id: 'call_g1_0',
        name: 'get_weather',
        arguments: '{"location":"Paris"}',
        thoughtSignature: 'c2ln',
      },
      { type: 'tool_call', id: 'call_time', name: 'get_time', arguments: '{}' },
    ]);
    expect(messages[2]!.content).toEqual([
      { type: 'tool_result', toolCallId: 'call_time', name: 'get_time', content: '12:00' },
      { type: 'tool_result', toolCallId: 'call_g1_0', name: 'get_weather', content: '{"temperature":21}' },
    ]);
    // The same history decodes to the same ids on the next turn (upstream prompt caches stay warm).
    expect(decodeGeminiRequest(body).messages).toEqual(messages);
  });

  it('marks an {error} function response as an error result', () => {
    const [, , result] = decodeGeminiRequest({
      contents: [
        user('x'),
        { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'f', response: { error: 'no such city' } } }] },
      ],
    }).messages;
    expect(result!.content[0]).toMatchObject({ type: 'tool_result', content: 'no such city', isError: true });
  });

  it('reads thoughts with their signatures, images, files and code parts', () => {
    const messages = decodeGeminiRequest({
      contents: [
        {
          role: 'user',
          parts: [
            { inlineData: { mimeType: 'image/png', data: 'iVBOR' } },
            { inlineData: { mimeType: 'application/pdf', data: 'JVBER' } },
            { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.test/cat.jpg' } },
            { fileData: { mimeType: 'application/pdf', fileUri: 'https://example.test/a.pdf' } },
          ],
        },
        {
          role: 'model',
          parts: [
            { text: 'pondering', thought: true, thoughtSignature: 'dHM=' },
            { executableCode: { language: 'PYTHON', code: 'print(1)' } },
            { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '1' } },
          ],
        },
      ],
    }).messages;
    expect(messages[0]!.content).toEqual([
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
      { type: 'file', mediaType: 'application/pdf', data: 'JVBER' },
      { type: 'image', source: { kind: 'url', url: 'https://example.test/cat.jpg' } },
      { type: 'file', mediaType: 'application/pdf', url: 'https://example.test/a.pdf' },
    ]);
    expect(messages[1]!.content).toEqual([
      { type: 'reasoning', text: 'pondering', origin: 'gemini', signature: 'dHM=' },
      { type: 'text', text: '```python\nprint(1)\n```' },
      { type: 'text', text: '1' },
    ]);
  });

  it('maps tools (Gemini schema and JSON Schema), toolConfig modes and allowed names', () => {
    const declarations = [
      {
        name: 'get_weather',
        description: 'Weather',
        parameters: {
          type: 'OBJECT',
          properties: { location: { type: 'STRING' }, days: { type: 'INTEGER', nullable: true } },
          required: ['location'],
        },
      },
      {
        name: 'get_time',
        parametersJsonSchema: { type: 'object', properties: { zone: { type: 'string' } } },
      },
    ];
    const auto = decodeGeminiRequest({
      contents: [user('x')],
      tools: [{ functionDeclarations: declarations }, { googleSearch: {} }],
      toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
    });
    expect(auto.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather',
        parameters: {
          type: 'object',
          properties: { location: { type: 'string' }, days: { type: ['integer', 'null'] } },
          required: ['location'],
        },
      },
      { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } },
    ]);
    expect(auto.toolChoice).toEqual({ type: 'auto' });
    const choose = (mode: string, allowedFunctionNames?: string[]) =>
      decodeGeminiRequest({
        contents: [user('x')],
        tools: [{ functionDeclarations: declarations }],
        toolConfig: { functionCallingConfig: { mode, allowedFunctionNames } },
      });
    expect(choose('NONE').toolChoice).toEqual({ type: 'none' });
    expect(choose('ANY').toolChoice).toEqual({ type: 'required' });
    expect(choose('ANY', ['get_time']).toolChoice).toEqual({ type: 'tool', name: 'get_time' });
    const restricted = choose('ANY', ['get_time', 'get_weather']);
    expect(restricted.toolChoice).toEqual({ type: 'required' });
    expect(restricted.tools?.map((tool) => tool.name)).toEqual(['get_weather', 'get_time']);
  });

  it('maps generationConfig, structured output and thinkingConfig', () => {
    const decoded = decodeGeminiRequest({
      contents: [user('x')],
      generationConfig: {
        temperature: 0.3,
        topP: 0.9,
        topK: 40,
        maxOutputTokens: 512,
        stopSequences: ['END'],
        seed: 7,
        candidateCount: 1,
        responseMimeType: 'application/json',
        responseSchema: { type: 'OBJECT', properties: { answer: { type: 'STRING' } } },
        thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 },
      },
    });
    expect(decoded).toMatchObject({
      temperature: 0.3,
      topP: 0.9,
      topK: 40,
      maxTokens: 512,
      stop: ['END'],
      seed: 7,
      responseFormat: {
        type: 'json_schema',
        name: 'response',
        schema: { type: 'object', properties: { answer: { type: 'string' } } },
      },
      reasoning: { enabled: true, budgetTokens: 2048 },
    });
    const thinking = (thinkingConfig: Record<string, unknown>) =>
      decodeGeminiRequest({ contents: [user('x')], generationConfig: { thinkingConfig } }).reasoning;
    expect(thinking({ thinkingBudget: 0 })).toEqual({ enabled: false });
    expect(thinking({ thinkingBudget: -1 })).toEqual({ enabled: true });
    expect(thinking({ thinkingLevel: 'HIGH' })).toEqual({ enabled: true, effort: 'high' });
    expect(thinking({ includeThoughts: false })).toBeUndefined();
    expect(
      decodeGeminiRequest({
        contents: [user('x')],
        generationConfig: { responseMimeType: 'application/json' },
      }).responseFormat,
    ).toEqual({ type: 'json_object' });
  });

  it('answers a clear 400 for more than one candidate, an empty or malformed body and an unknown role', () => {
    const failure = (body: unknown) => {
      try {
        decodeGeminiRequest(body);
      } catch (error) {
        expect(error).toBeInstanceOf(GatewayError);
        return { status: (error as GatewayError).status, message: (error as GatewayError).message };
      }
      throw new Error('decoded');
    };
    expect(failure({ contents: [user('x')], generationConfig: { candidateCount: 2 } })).toEqual({
      status: 400,
      message: expect.stringContaining('candidateCount'),
    });
    expect(failure({ contents: [] }).message).toMatch(/^contents/);
    expect(failure({ contents: [{ role: 'user', parts: 'hi' }] }).message).toMatch(/^contents\[0\]\.parts/);
    expect(failure({ contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }).message).toContain(
      '"assistant" is not a Gemini role',
    );
  });
});

describe('parseGeminiPath', () => {
  it('reads version, model and action; models may hold / and :', () => {
    expect(parseGeminiPath('/v1beta/models/gemini-2.5-flash:generateContent')).toEqual({
      version: 'v1beta',
      model: 'gemini-2.5-flash',
      action: 'generateContent',
    });
    expect(parseGeminiPath('/v1/models/openai/gpt-4o:streamGenerateContent')).toEqual({
      version: 'v1',
      model: 'openai/gpt-4o',
      action: 'streamGenerateContent',
    });
    expect(parseGeminiPath('/v1beta/models/llama3:8b:countTokens')?.model).toBe('llama3:8b');
    expect(parseGeminiPath('/v1beta/models/my%20model')).toEqual({ version: 'v1beta', model: 'my model' });
    expect(parseGeminiPath('/v1beta/models')).toEqual({ version: 'v1beta' });
    expect(parseGeminiPath('/v1/chat/completions')).toBeUndefined();
    expect(parseGeminiPath('/v2/models/x:generateContent')).toBeUndefined();
  });
});
