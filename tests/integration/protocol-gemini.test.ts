/**
 * Protocol fidelity, inbound Gemini (`generateContent`): the official
 * `@google/genai` SDK, its base URL on the gateway and a virtual key as its API
 * key, against an OpenAI-chat, Responses, Anthropic and Gemini (pass-through)
 * upstream: text, streamed text, a function-call round trip, count tokens, the
 * model list, both API versions, errors in Google's shape, and the log's usage
 * and cost. Raw streams are checked by the strict Gemini validator too.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, GoogleGenAI, Type, type Content, type FunctionDeclaration } from '@google/genai';
import { validateGeminiStream } from '../support/stream-validators.ts';
import { crossUpstreams, responsesUpstream, scenarioUsage } from './__fixtures__/protocol-harness.ts';
import { useProtocolHarness } from './__fixtures__/use-protocol-harness.ts';
import {
  expectUpstreamRequest,
  expectUpstreamStreamRequest,
  expectWeatherRoundTrip,
} from './__fixtures__/expect-upstream-request.ts';

const setup = useProtocolHarness({
  // Prices on the Gemini-routed model, so the log's cost can be checked.
  prepare: async (harness) => {
    const models = await harness.gateway.api('GET', '/api/models');
    const model = models.body.data.find((entry: { name: string }) => entry.name === 'via-gemini');
    const priced = await harness.gateway.api('PATCH', `/api/models/${model.id}`, {
      inputCostPerToken: 0.000001,
      outputCostPerToken: 0.000004,
    });
    if (priced.status !== 200) throw new Error(`pricing failed: ${JSON.stringify(priced.body)}`);
  },
});

function genai(apiVersion?: 'v1' | 'v1beta', apiKey = setup.key): GoogleGenAI {
  return new GoogleGenAI({
    apiKey,
    httpOptions: { baseUrl: setup.url, ...(apiVersion ? { apiVersion } : {}) },
  });
}

const weather: FunctionDeclaration = {
  name: 'get_weather',
  description: 'The weather in a place',
  parameters: {
    type: Type.OBJECT,
    properties: { location: { type: Type.STRING }, unit: { type: Type.STRING } },
    required: ['location'],
  },
};
const question = 'Weather in Paris?';

/** The gateway's raw answer to a Gemini REST call (fetch, the key in `x-goog-api-key`). */
async function raw(
  path: string,
  body: unknown,
  headers: Record<string, string> = { 'x-goog-api-key': setup.key },
) {
  const response = await fetch(setup.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function lastLogRow(): Record<string, unknown> {
  setup.gateway.internals.flushLogs();
  return setup.gateway.database
    .prepare(
      'SELECT inbound_protocol, requested_model, status, error_code, stream, input_tokens, output_tokens, cache_read_tokens, cost_usd FROM request_logs ORDER BY started_at DESC, rowid DESC LIMIT 1',
    )
    .get() as Record<string, unknown>;
}

describe.each([...crossUpstreams, responsesUpstream])('inbound gemini -> $kind upstream', (target) => {
  it('answers generateContent with the text, the system instruction upstream and Gemini usage', async () => {
    setup.upstream.enqueue({ kind: 'text', text: 'Sunny, 21 °C.', usage: scenarioUsage });
    const answer = await genai().models.generateContent({
      model: target.model,
      contents: question,
      config: { systemInstruction: 'Be brief.', temperature: 0.2, maxOutputTokens: 200 },
    });
    expect(answer.text).toBe('Sunny, 21 °C.');
    expect(answer.candidates?.[0]?.finishReason).toBe('STOP');
    // Translated answers name the model the client asked for; pass-through keeps Gemini's own.
    expect(answer.modelVersion).toBe(target.kind === 'gemini' ? target.upstreamModel : target.model);
    // Gemini's promptTokenCount includes cached tokens, like canonical input (protocols.md 2.7).
    expect(answer.usageMetadata).toMatchObject({
      promptTokenCount: 40,
      candidatesTokenCount: 12,
      cachedContentTokenCount: 10,
      totalTokenCount: 52,
    });
    const received = setup.lastGeneration();
    expectUpstreamRequest(received, target, question);
    expect(JSON.stringify(received.body)).toContain('Be brief.');
    expect(lastLogRow()).toMatchObject({
      inbound_protocol: 'gemini',
      requested_model: target.model,
      status: 200,
      input_tokens: 40,
      output_tokens: 12,
      cache_read_tokens: 10,
    });
  });

  it('streams text through generateContentStream, and the raw SSE is grammatical', async () => {
    setup.upstream.enqueue({ kind: 'text', text: 'Grüße aus Paris, 21 °C 🌞.', usage: scenarioUsage });
    const chunks: string[] = [];
    let usage: unknown;
    for await (const chunk of await genai().models.generateContentStream({
      model: target.model,
      contents: question,
    })) {
      if (chunk.text) chunks.push(chunk.text);
      if (chunk.usageMetadata) usage = chunk.usageMetadata;
    }
    expect(chunks.join('')).toBe('Grüße aus Paris, 21 °C 🌞.');
    expect(chunks.length).toBeGreaterThan(1);
    expect(usage).toMatchObject({ promptTokenCount: 40, candidatesTokenCount: 12 });
    expectUpstreamStreamRequest(setup.lastGeneration(), target);
    expect(lastLogRow()).toMatchObject({
      inbound_protocol: 'gemini',
      stream: 1,
      input_tokens: 40,
      output_tokens: 12,
    });

    setup.upstream.enqueue({ kind: 'text', text: 'Grüße 🌞', usage: scenarioUsage });
    const stream = await raw(`/v1beta/models/${target.model}:streamGenerateContent?alt=sse`, {
      contents: [{ role: 'user', parts: [{ text: question }] }],
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(validateGeminiStream(stream.text)).toEqual([]);
  });

  it('completes a function-call round trip: a streamed call, then its result replayed upstream', async () => {
    setup.upstream.enqueue({
      kind: 'tools',
      text: 'Let me check.',
      calls: [{ name: 'get_weather', arguments: '{"location": "Paris", "unit": "c"}' }],
    });
    const config = { tools: [{ functionDeclarations: [weather] }] };
    let call: { id?: string; name?: string; args?: Record<string, unknown> } | undefined;
    const modelParts: Content['parts'] = [];
    for await (const chunk of await genai().models.generateContentStream({
      model: target.model,
      contents: question,
      config,
    })) {
      modelParts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
      call ??= chunk.functionCalls?.[0];
    }
    expect(call).toMatchObject({ name: 'get_weather', args: { location: 'Paris', unit: 'c' } });
    const received = setup.lastGeneration();
    const declared = JSON.stringify(received.body.tools);
    expect(declared).toContain('get_weather');

    setup.upstream.enqueue({ kind: 'text', text: 'It is sunny in Paris.' });
    const history: Content[] = [
      { role: 'user', parts: [{ text: question }] },
      { role: 'model', parts: modelParts.filter((part) => part.functionCall) },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: call!.id, name: 'get_weather', response: { output: 'Sunny, 21 C' } } },
        ],
      },
    ];
    const answer = await genai().models.generateContent({ model: target.model, contents: history, config });
    expect(answer.text).toBe('It is sunny in Paris.');
    expectWeatherRoundTrip(setup.lastGeneration(), target, call!.id!);
  });

  it('answers an upstream 429 before the first byte as RESOURCE_EXHAUSTED, and 400 as INVALID_ARGUMENT', async () => {
    setup.upstream.enqueue({ fault: 'status', status: 429, headers: { 'retry-after': '7' } });
    const limited = await genai()
      .models.generateContent({ model: target.model, contents: question })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(ApiError);
    expect((limited as ApiError).status).toBe(429);
    expect(JSON.parse((limited as ApiError).message).error).toMatchObject({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
    });

    setup.upstream.enqueue({ fault: 'status', status: 400 });
    const bad = await raw(`/v1beta/models/${target.model}:generateContent`, {
      contents: [{ parts: [{ text: 'x' }] }],
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
  });

  it('ends a stream the upstream drops mid-way with an error the SDK throws, never a hang', async () => {
    const scenario = { kind: 'text' as const, text: 'This answer will be cut off somewhere in the middle.' };
    // After six events every family has sent text, so the client has bytes when the upstream drops.
    setup.upstream.enqueue({ fault: 'drop-mid-stream', afterEvents: 6, scenario });
    const error = await (async () => {
      for await (const _chunk of await genai().models.generateContentStream({
        model: target.model,
        contents: question,
      })) {
        // read to the end
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);

    setup.upstream.enqueue({ fault: 'drop-mid-stream', afterEvents: 6, scenario });
    const stream = await raw(`/v1beta/models/${target.model}:streamGenerateContent?alt=sse`, {
      contents: [{ parts: [{ text: question }] }],
    });
    expect(stream.status).toBe(200);
    expect(stream.text).toContain('This ans');
    expect(validateGeminiStream(stream.text)).toEqual([]);
    expect(stream.text).toMatch(/"error":\{"code":5\d\d/);
  });
});

describe('Gemini streams without alt=sse', () => {
  it.each(['via-anthropic', 'via-gemini'])('answer one JSON array of chunks (%s)', async (model) => {
    setup.upstream.enqueue({ kind: 'text', text: 'Grüße aus Paris 🌞', usage: scenarioUsage });
    const answer = await raw(`/v1/models/${model}:streamGenerateContent`, {
      contents: [{ parts: [{ text: 'Hi' }] }],
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const chunks = JSON.parse(answer.text) as Array<Record<string, any>>;
    expect(chunks.length).toBeGreaterThan(1);
    const text = chunks
      .flatMap((chunk) => chunk.candidates[0].content.parts.map((part: any) => part.text ?? ''))
      .join('');
    expect(text).toBe('Grüße aus Paris 🌞');
    expect(chunks.at(-1)).toMatchObject({
      candidates: [{ finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 40 },
    });
    // The upstream is always asked for SSE.
    if (model === 'via-gemini') expect(setup.lastGeneration().query.alt).toBe('sse');
  });
});

describe('Gemini clients: paths, versions, keys', () => {
  it('serves both /v1beta (the SDK default) and /v1', async () => {
    for (const version of ['v1beta', 'v1'] as const) {
      setup.upstream.enqueue({ kind: 'text', text: `hello ${version}` });
      const before = setup.upstream.requests.length;
      const answer = await genai(version).models.generateContent({ model: 'via-openai', contents: 'Hi' });
      expect(answer.text).toBe(`hello ${version}`);
      expect(setup.upstream.requests.length).toBe(before + 1);
    }
  });

  it('accepts the key as x-goog-api-key, ?key= and Bearer, and never sends the client key upstream', async () => {
    const body = { contents: [{ parts: [{ text: 'Hi' }] }] };
    for (const [path, headers] of [
      ['/v1beta/models/via-gemini:generateContent', { 'x-goog-api-key': setup.key }],
      [`/v1beta/models/via-gemini:generateContent?key=${setup.key}`, {}],
      ['/v1beta/models/via-gemini:generateContent', { authorization: `Bearer ${setup.key}` }],
    ] as const) {
      setup.upstream.enqueue({ kind: 'text', text: 'ok' });
      const answer = await raw(path, body, headers);
      expect(answer.status, answer.text).toBe(200);
      const received = setup.lastGeneration();
      expect(received.query.key).toBeUndefined();
      expect(JSON.stringify(received.headers)).not.toContain(setup.key);
      expect(received.headers['x-goog-api-key']).toBe('sk-upstream-test-key-0001');
    }
  });

  it('answers a bad key as UNAUTHENTICATED and an unknown model as NOT_FOUND, in Google shape', async () => {
    const denied = await genai(undefined, 'sk-wrong')
      .models.generateContent({ model: 'via-openai', contents: 'Hi' })
      .catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(ApiError);
    expect((denied as ApiError).status).toBe(401);
    expect(JSON.parse((denied as ApiError).message).error).toMatchObject({
      code: 401,
      status: 'UNAUTHENTICATED',
    });

    const missing = await raw('/v1beta/models/no-such-model:generateContent', {
      contents: [{ parts: [{ text: 'Hi' }] }],
    });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error).toMatchObject({ code: 404, status: 'NOT_FOUND' });

    const invalid = await raw('/v1beta/models/via-openai:generateContent', { contents: [] });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text).error).toMatchObject({ status: 'INVALID_ARGUMENT' });
    expect(JSON.parse(invalid.text).error.message).toContain('contents');

    const action = await raw('/v1beta/models/via-openai:embedContent', {});
    expect(action.status).toBe(404);
    expect(JSON.parse(action.text).error).toMatchObject({ status: 'NOT_FOUND' });
  });

  it('refuses a key over its rpm with RESOURCE_EXHAUSTED and a RetryInfo delay', async () => {
    const key = await setup.gateway.addKey({ name: 'gemini-rpm', rpm: 1 });
    setup.upstream.enqueue({ kind: 'text', text: 'first' });
    expect(
      (await genai(undefined, key).models.generateContent({ model: 'via-openai', contents: 'Hi' })).text,
    ).toBe('first');
    const limited = await raw(
      '/v1beta/models/via-openai:generateContent',
      { contents: [{ parts: [{ text: 'Hi' }] }] },
      { 'x-goog-api-key': key },
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    const error = JSON.parse(limited.text).error;
    expect(error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(error.details).toContainEqual(
      expect.objectContaining({ '@type': 'type.googleapis.com/google.rpc.RetryInfo' }),
    );
  });

  it('counts tokens locally and logs count-tokens', async () => {
    const before = setup.upstream.requests.length;
    const counted = await genai().models.countTokens({
      model: 'via-anthropic',
      contents: 'How many tokens is this sentence, roughly?',
    });
    expect(counted.totalTokens).toBeGreaterThan(5);
    expect(setup.upstream.requests.length).toBe(before);
    expect(lastLogRow()).toMatchObject({
      inbound_protocol: 'count-tokens',
      requested_model: 'via-anthropic',
      status: 200,
    });
  });

  it('lists the key’s models in Gemini shape; /v1/models stays OpenAI-shaped for other SDKs', async () => {
    const names: string[] = [];
    for await (const model of await genai().models.list()) names.push(model.name ?? '');
    expect(names).toEqual(expect.arrayContaining(['models/via-gemini', 'models/via-openai']));
    const one = await genai().models.get({ model: 'via-gemini' });
    expect(one.name).toBe('models/via-gemini');

    const openai = await fetch(`${setup.url}/v1/models`, {
      headers: { authorization: `Bearer ${setup.key}` },
    });
    expect((await openai.json()).object).toBe('list');
    const gemini = await fetch(`${setup.url}/v1/models`, { headers: { 'x-goog-api-key': setup.key } });
    expect((await gemini.json()).models.length).toBeGreaterThan(0);
  });

  it('logs usage and cost for a priced model', async () => {
    setup.upstream.enqueue({ kind: 'text', text: 'priced', usage: { input: 1000, output: 500 } });
    await genai().models.generateContent({ model: 'via-gemini', contents: 'Hi' });
    const row = lastLogRow();
    expect(row).toMatchObject({ inbound_protocol: 'gemini', input_tokens: 1000, output_tokens: 500 });
    expect(row.cost_usd).toBeCloseTo(1000 * 0.000001 + 500 * 0.000004, 10);
  });
});

describe('Gemini clients and virtual models', () => {
  it('applies prompt rules and parameter overrides to a Gemini body, then translates it', async () => {
    const models = await setup.gateway.api('GET', '/api/models');
    const target = models.body.data.find((entry: { name: string }) => entry.name === 'via-anthropic');
    const created = await setup.gateway.api('POST', '/api/virtual-models', {
      name: 'gemini-ruled',
      targets: [{ modelId: target.id }],
      promptRules: [
        { type: 'system', mode: 'prepend', text: 'House rules.' },
        { type: 'append', text: 'Answer in French.' },
      ],
      paramOverrides: { force: { temperature: 0.1 }, caps: { max_tokens: 64 } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    setup.upstream.enqueue({ kind: 'text', text: 'Il fait beau.' });
    const answer = await genai().models.generateContent({
      model: 'gemini-ruled',
      contents: question,
      config: { systemInstruction: 'Be brief.', temperature: 0.9, maxOutputTokens: 4096 },
    });
    expect(answer.text).toBe('Il fait beau.');
    const received = setup.lastGeneration().body;
    expect(received.system).toEqual([
      { type: 'text', text: 'House rules.' },
      { type: 'text', text: 'Be brief.' },
    ]);
    expect(JSON.stringify(received.messages)).toContain('Answer in French.');
    expect([received.temperature, received.max_tokens]).toEqual([0.1, 64]);
    expect(lastLogRow()).toMatchObject({ inbound_protocol: 'gemini', requested_model: 'gemini-ruled' });
  });
});

describe('Gemini pass-through', () => {
  it('keeps thoughtSignature, safetySettings and unknown fields byte-for-byte, only the path changes', async () => {
    setup.upstream.enqueue({
      kind: 'tools',
      calls: [{ name: 'get_weather', arguments: '{"location":"Paris"}', thoughtSignature: 'c2lnLTE=' }],
    });
    const config = {
      tools: [{ functionDeclarations: [weather] }],
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }] as never,
    };
    const first = await genai().models.generateContent({ model: 'via-gemini', contents: question, config });
    const part = first.candidates![0]!.content!.parts!.find((candidate) => candidate.functionCall)!;
    expect(part.thoughtSignature).toBe('c2lnLTE=');
    expect(setup.lastGeneration().body.safetySettings).toEqual(config.safetySettings);

    setup.upstream.enqueue({ kind: 'text', text: 'Sunny.' });
    await genai().models.generateContent({
      model: 'via-gemini',
      contents: [
        { role: 'user', parts: [{ text: question }] },
        { role: 'model', parts: [part] },
        {
          role: 'user',
          parts: [{ functionResponse: { name: 'get_weather', response: { output: 'Sunny, 21 C' } } }],
        },
      ],
      config,
    });
    const replayed = setup.lastGeneration();
    expect(replayed.path).toBe('/v1beta/models/gemini-upstream:generateContent');
    expect(replayed.body.contents[1].parts[0]).toEqual({
      functionCall: part.functionCall,
      thoughtSignature: 'c2lnLTE=',
    });
  });
});
