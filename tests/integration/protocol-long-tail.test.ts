/**
 * The long tail real clients send (issue 18 part 3), through a real gateway to mock
 * upstreams, asserted on what each upstream received: images and PDFs in every
 * direction (or a 400 in the client's shape naming the target and the part), the
 * tool_choice forms, provider built-in tools (refused by name on foreign upstreams,
 * passed to their own), service_tier / prompt_cache_key / cache_control, and an
 * upstream that sends one endless SSE line.
 */
import { describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { maxSseEventChars } from '../../src-gateway/lib/sse.ts';
import { timeSchema, weatherSchema } from './__fixtures__/protocol-harness.ts';
import { useProtocolHarness } from './__fixtures__/use-protocol-harness.ts';
import { chatChunk, rawChat } from './__fixtures__/raw-upstream-streams.ts';

type Json = Record<string, any>;
type Client = 'chat' | 'responses' | 'anthropic' | 'gemini';

const setup = useProtocolHarness({
  // OpenAI's own API (the `openai` preset), spoken to over Chat Completions: it takes OpenAI-only parameters.
  prepare: (harness) =>
    harness.gateway.addModel({
      upstreamUrl: harness.upstream.url,
      protocol: 'openai',
      name: 'via-openai-platform',
      upstreamModel: 'gpt-platform-upstream',
      provider: { preset: 'openai', responsesApi: false },
    }),
});

const pdf = Buffer.from('%PDF-1.4 a tiny test document').toString('base64');
const png = Buffer.from('not really a png, but base64').toString('base64');

/** POST a client's body to the gateway in that client's protocol; answers status and parsed body. */
async function send(
  client: Client,
  model: string,
  body: Json,
): Promise<{ status: number; body: Json; headers: Headers }> {
  const path =
    client === 'chat'
      ? '/v1/chat/completions'
      : client === 'responses'
        ? '/v1/responses'
        : client === 'anthropic'
          ? '/v1/messages'
          : `/v1beta/models/${model}:generateContent`;
  const full =
    client === 'gemini'
      ? body
      : client === 'anthropic'
        ? { model, max_tokens: 256, ...body }
        : { model, ...body };
  const answer = await setup.post(path, full);
  return { status: answer.status, body: JSON.parse(answer.text) as Json, headers: answer.headers };
}

/** The refusal's message, read from each protocol's error shape (which is checked on the way). */
function refusal(client: Client, answer: { status: number; body: Json }): string {
  expect(answer.status).toBe(400);
  if (client === 'anthropic') {
    expect(answer.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  } else if (client === 'gemini') {
    expect(answer.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
  } else {
    expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', code: 'unsupported_content' });
  }
  return answer.body.error.message as string;
}

/** Nothing went upstream for the request that follows `before` requests. */
function expectNothingSent(before: number): void {
  expect(setup.upstream.requests.filter((request) => request.family !== undefined).length).toBe(before);
}
const generations = () => setup.upstream.requests.filter((request) => request.family !== undefined).length;

describe('images and PDFs', () => {
  it('maps base64 and URL images and PDFs exactly where the target takes them', async () => {
    // Claude Code: an inline PDF and an image by URL, to Chat Completions and to Gemini.
    const claude = {
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: pdf },
              title: 'spec.pdf',
            },
            { type: 'image', source: { type: 'url', url: 'https://example.test/cat.png' } },
            { type: 'text', text: 'Summarise both.' },
          ],
        },
      ],
    };
    expect((await send('anthropic', 'via-openai', claude)).status).toBe(200);
    expect(setup.lastGeneration().body.messages[0].content).toEqual([
      { type: 'file', file: { file_data: `data:application/pdf;base64,${pdf}`, filename: 'spec.pdf' } },
      { type: 'image_url', image_url: { url: 'https://example.test/cat.png' } },
      { type: 'text', text: 'Summarise both.' },
    ]);
    expect((await send('anthropic', 'via-gemini', claude)).status).toBe(200);
    expect(setup.lastGeneration().body.contents[0].parts).toEqual([
      { inlineData: { mimeType: 'application/pdf', data: pdf } },
      { fileData: { mimeType: 'image/png', fileUri: 'https://example.test/cat.png' } },
      { text: 'Summarise both.' },
    ]);

    // Codex: input_image (base64) and input_file (a PDF, inline and by URL) to Anthropic.
    const codex = {
      input: [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_image', image_url: `data:image/png;base64,${png}`, detail: 'high' },
            { type: 'input_file', file_data: `data:application/pdf;base64,${pdf}`, filename: 'a.pdf' },
            { type: 'input_file', file_url: 'https://example.test/b.pdf' },
            { type: 'input_text', text: 'Compare.' },
          ],
        },
      ],
    };
    expect((await send('responses', 'via-anthropic', codex)).status).toBe(200);
    expect(setup.lastGeneration().body.messages[0].content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: pdf },
        title: 'a.pdf',
      },
      { type: 'document', source: { type: 'url', url: 'https://example.test/b.pdf' } },
      { type: 'text', text: 'Compare.' },
    ]);

    // A Gemini client: an inline PDF to Chat Completions (a file part), an image URL to Anthropic.
    const gemini = {
      contents: [
        {
          role: 'user',
          parts: [
            { inlineData: { mimeType: 'application/pdf', data: pdf } },
            { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.test/dog.jpg' } },
            { text: 'Describe.' },
          ],
        },
      ],
    };
    expect((await send('gemini', 'via-openai', gemini)).status).toBe(200);
    expect(setup.lastGeneration().body.messages[0].content[0]).toEqual({
      type: 'file',
      file: { file_data: `data:application/pdf;base64,${pdf}`, filename: 'document.pdf' },
    });
    expect((await send('gemini', 'via-anthropic', gemini)).status).toBe(200);
    expect(setup.lastGeneration().body.messages[0].content[1]).toEqual({
      type: 'image',
      source: { type: 'url', url: 'https://example.test/dog.jpg' },
    });
  });

  it('refuses with a 400 in the client’s shape, naming the target and the part, what the target cannot take', async () => {
    const before = generations();
    // A PDF by URL to Chat Completions: no file URL part, and the gateway fetches no URL.
    const byUrl = await send('anthropic', 'via-openai', {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'url', url: 'https://example.test/report.pdf' } },
            { type: 'text', text: 'Read it.' },
          ],
        },
      ],
    });
    expect(refusal('anthropic', byUrl)).toMatch(
      /^The target "provider-[0-9a-f]+\/gpt-upstream" \(OpenAI Chat Completions\) cannot accept a PDF document given by URL https:\/\/example\.test\/report\.pdf: .*send the file inline \(base64\)$/,
    );
    // Another provider's file id: an OpenAI file to Anthropic, a Gemini Files API URI to Chat Completions.
    const openAiFile = await send('responses', 'via-anthropic', {
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_file', file_id: 'file-abc123' },
            { type: 'input_text', text: 'Hi' },
          ],
        },
      ],
    });
    expect(refusal('responses', openAiFile)).toMatch(
      /^The target "provider-[0-9a-f]+\/claude-upstream" \(Anthropic Messages\) cannot accept the OpenAI file file-abc123$/,
    );
    const googleFile = await send('gemini', 'via-openai', {
      contents: [
        {
          role: 'user',
          parts: [
            {
              fileData: {
                mimeType: 'application/pdf',
                fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc-123',
              },
            },
            { text: 'Hi' },
          ],
        },
      ],
    });
    expect(refusal('gemini', googleFile)).toContain(
      '(OpenAI Chat Completions) cannot accept the Gemini file https://generativelanguage.googleapis.com/v1beta/files/abc-123',
    );
    // The SDK reads it as the 400 it is.
    await expect(
      setup.anthropic.messages.create({
        model: 'via-gemini',
        max_tokens: 64,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'file', file_id: 'file_011abc' } } as never,
              { type: 'text', text: 'Hi' },
            ],
          },
        ],
      }),
    ).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    expectNothingSent(before);
  });
});

describe('tool_choice', () => {
  const chatTools = [
    { type: 'function', function: { name: 'get_weather', parameters: weatherSchema } },
    { type: 'function', function: { name: 'get_time', parameters: timeSchema } },
  ];
  const responsesTools = [
    { type: 'function', name: 'get_weather', parameters: weatherSchema },
    { type: 'function', name: 'get_time', parameters: timeSchema },
  ];
  const anthropicTools = [
    { name: 'get_weather', input_schema: weatherSchema },
    { name: 'get_time', input_schema: timeSchema },
  ];
  const geminiTools = [
    {
      functionDeclarations: [
        { name: 'get_weather', parametersJsonSchema: weatherSchema },
        { name: 'get_time', parametersJsonSchema: timeSchema },
      ],
    },
  ];
  const ask = 'Weather and time in Paris?';
  const bodies: Record<Client, (extra: Json) => Json> = {
    chat: (extra) => ({ messages: [{ role: 'user', content: ask }], tools: chatTools, ...extra }),
    responses: (extra) => ({ input: ask, tools: responsesTools, ...extra }),
    anthropic: (extra) => ({ messages: [{ role: 'user', content: ask }], tools: anthropicTools, ...extra }),
    gemini: (extra) => ({
      contents: [{ role: 'user', parts: [{ text: ask }] }],
      tools: geminiTools,
      ...extra,
    }),
  };
  /** What decides tool use in each upstream family's body, and which tools it was offered. */
  const seen = (body: Json) => ({
    choice: body.tool_choice ?? body.toolConfig?.functionCallingConfig,
    parallel: body.parallel_tool_calls ?? body.tool_choice?.disable_parallel_tool_use,
    tools: (body.tools ?? []).flatMap((tool: Json) =>
      tool.functionDeclarations
        ? tool.functionDeclarations.map((fn: Json) => fn.name)
        : [tool.function?.name ?? tool.name],
    ),
  });
  const both = ['get_weather', 'get_time'];

  it.each([
    // [client, its form, model, what the upstream must get]
    [
      'chat',
      { tool_choice: 'required', parallel_tool_calls: false },
      'via-anthropic',
      { choice: { type: 'any', disable_parallel_tool_use: true }, parallel: true, tools: both },
    ],
    [
      'chat',
      { tool_choice: 'required' },
      'via-gemini',
      { choice: { mode: 'ANY' }, parallel: undefined, tools: both },
    ],
    [
      'chat',
      { tool_choice: { type: 'function', function: { name: 'get_time' } } },
      'via-anthropic',
      { choice: { type: 'tool', name: 'get_time' }, parallel: undefined, tools: both },
    ],
    [
      'chat',
      { tool_choice: { type: 'function', function: { name: 'get_time' } } },
      'via-gemini',
      { choice: { mode: 'ANY', allowedFunctionNames: ['get_time'] }, parallel: undefined, tools: both },
    ],
    [
      'chat',
      { tool_choice: 'none' },
      'via-anthropic',
      { choice: { type: 'none' }, parallel: undefined, tools: both },
    ],
    [
      'chat',
      { tool_choice: 'none' },
      'via-gemini',
      { choice: { mode: 'NONE' }, parallel: undefined, tools: both },
    ],
    [
      'chat',
      {
        tool_choice: {
          type: 'allowed_tools',
          allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'get_time' } }] },
        },
      },
      'via-anthropic',
      { choice: { type: 'any' }, parallel: undefined, tools: ['get_time'] },
    ],
    [
      'anthropic',
      { tool_choice: { type: 'any', disable_parallel_tool_use: true } },
      'via-openai',
      { choice: 'required', parallel: false, tools: both },
    ],
    [
      'anthropic',
      { tool_choice: { type: 'tool', name: 'get_weather' } },
      'via-openai',
      { choice: { type: 'function', function: { name: 'get_weather' } }, parallel: undefined, tools: both },
    ],
    [
      'anthropic',
      { tool_choice: { type: 'tool', name: 'get_weather' } },
      'via-gemini',
      { choice: { mode: 'ANY', allowedFunctionNames: ['get_weather'] }, parallel: undefined, tools: both },
    ],
    [
      'anthropic',
      { tool_choice: { type: 'none' } },
      'via-openai',
      { choice: 'none', parallel: undefined, tools: both },
    ],
    [
      'anthropic',
      { tool_choice: { type: 'auto' } },
      'via-gemini',
      { choice: { mode: 'AUTO' }, parallel: undefined, tools: both },
    ],
    [
      'responses',
      { tool_choice: 'required', parallel_tool_calls: false },
      'via-anthropic',
      { choice: { type: 'any', disable_parallel_tool_use: true }, parallel: true, tools: both },
    ],
    [
      'responses',
      { tool_choice: { type: 'function', name: 'get_time' }, parallel_tool_calls: true },
      'via-openai',
      { choice: { type: 'function', function: { name: 'get_time' } }, parallel: true, tools: both },
    ],
    [
      'responses',
      {
        tool_choice: {
          type: 'allowed_tools',
          mode: 'auto',
          tools: [{ type: 'function', name: 'get_weather' }],
        },
      },
      'via-gemini',
      { choice: { mode: 'AUTO' }, parallel: undefined, tools: ['get_weather'] },
    ],
    [
      'gemini',
      { toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_time'] } } },
      'via-openai',
      { choice: { type: 'function', function: { name: 'get_time' } }, parallel: undefined, tools: both },
    ],
    [
      'gemini',
      { toolConfig: { functionCallingConfig: { mode: 'NONE' } } },
      'via-anthropic',
      { choice: { type: 'none' }, parallel: undefined, tools: both },
    ],
    [
      'gemini',
      { toolConfig: { functionCallingConfig: { mode: 'ANY' } } },
      'via-anthropic',
      { choice: { type: 'any' }, parallel: undefined, tools: both },
    ],
  ] as Array<[Client, Json, string, Json]>)('%s %j to %s', async (client, form, model, expected) => {
    const answer = await send(client, model, bodies[client](form));
    expect(answer.status).toBe(200);
    expect(seen(setup.lastGeneration().body)).toEqual(expected);
  });
});

describe('provider built-in tools', () => {
  it('leaves another provider’s built-in tool out, says so, and passes it to its own provider', async () => {
    // What Codex CLI 0.171 sends with every request: its web search (cached mode) beside its functions.
    const codex = {
      input: 'Search the web for the weather in Paris.',
      tools: [
        { type: 'function', name: 'get_weather', parameters: weatherSchema },
        { type: 'web_search', external_web_access: false },
      ],
    };
    for (const model of ['via-openai', 'via-anthropic', 'via-gemini']) {
      const answer = await send('responses', model, codex);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-gateway-dropped-tools')).toBe('web_search');
      expect(JSON.stringify(setup.lastGeneration().body)).not.toContain('web_search');
      expect(JSON.stringify(setup.lastGeneration().body)).toContain('get_weather');
    }
    const claude = {
      messages: [{ role: 'user', content: 'Search.' }],
      tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }],
    };
    const fromClaude = await send('anthropic', 'via-openai', claude);
    expect(fromClaude.status).toBe(200);
    expect(fromClaude.headers.get('x-gateway-dropped-tools')).toBe('web_search_20250305');

    // Its own provider runs it: the upstream gets the tool as the client sent it, and nothing is dropped.
    const own = await send('responses', 'via-responses', codex);
    expect(own.status).toBe(200);
    expect(own.headers.get('x-gateway-dropped-tools')).toBeNull();
    expect(setup.lastGeneration().body.tools[1]).toEqual({ type: 'web_search', external_web_access: false });
    const geminiClient = {
      contents: [{ role: 'user', parts: [{ text: 'Search.' }] }],
      tools: [{ googleSearch: {} }, { codeExecution: {} }],
    };
    expect((await send('gemini', 'via-gemini', geminiClient)).status).toBe(200);
    expect(setup.lastGeneration().body.tools).toEqual([{ googleSearch: {} }, { codeExecution: {} }]);
  });

  it('refuses by name a built-in tool the client’s tool_choice requires, sending nothing', async () => {
    const before = generations();
    const forced = {
      input: 'Search the web for the weather in Paris.',
      tools: [{ type: 'web_search' }],
      tool_choice: { type: 'web_search' },
    };
    for (const model of ['via-openai', 'via-anthropic', 'via-gemini']) {
      const message = refusal('responses', await send('responses', model, forced));
      expect(message).toMatch(/cannot accept the tool "web_search" \(an OpenAI Responses built-in tool/);
    }
    const claude = {
      messages: [{ role: 'user', content: 'Search.' }],
      tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }],
      tool_choice: { type: 'tool', name: 'web_search' },
    };
    expect(refusal('anthropic', await send('anthropic', 'via-openai', claude))).toContain(
      'cannot accept the tool "web_search_20250305" (an Anthropic server tool',
    );
    expectNothingSent(before);
  });
});

describe('service_tier, prompt_cache_key and cache_control', () => {
  it('passes each where the upstream understands it and drops it elsewhere', async () => {
    const codex = { input: 'Hi', service_tier: 'flex', prompt_cache_key: 'thread-42' };
    expect((await send('responses', 'via-openai-platform', codex)).status).toBe(200);
    expect(setup.lastGeneration().body).toMatchObject({
      service_tier: 'flex',
      prompt_cache_key: 'thread-42',
    });
    // Another OpenAI-compatible vendor may reject OpenAI-only fields; Anthropic has no `flex` tier.
    for (const model of ['via-openai', 'via-anthropic', 'via-gemini']) {
      expect((await send('responses', model, codex)).status).toBe(200);
      expect(setup.lastGeneration().rawBody).not.toMatch(
        /service_tier|prompt_cache_key|serviceTier|thread-42/,
      );
    }

    // Claude Code's cache_control on system, tools and messages: kept for Anthropic (pass-through), dropped across families.
    const claude = {
      service_tier: 'standard_only',
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
      tools: [
        { name: 'get_weather', input_schema: weatherSchema, cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }] },
      ],
    };
    expect((await send('anthropic', 'via-anthropic', claude)).status).toBe(200);
    const same = setup.lastGeneration().body;
    expect([
      same.system[0].cache_control,
      same.tools[0].cache_control,
      same.messages[0].content[0].cache_control,
    ]).toEqual([{ type: 'ephemeral' }, { type: 'ephemeral', ttl: '1h' }, { type: 'ephemeral' }]);
    expect((await send('anthropic', 'via-openai-platform', claude)).status).toBe(200);
    const platform = setup.lastGeneration();
    expect(platform.body.service_tier).toBe('default');
    expect(platform.rawBody).not.toContain('cache_control');
    for (const model of ['via-openai', 'via-gemini']) {
      expect((await send('anthropic', model, claude)).status).toBe(200);
      expect(setup.lastGeneration().rawBody).not.toMatch(/cache_control|service_tier|standard_only/);
    }

    // A chat client's `auto` tier and cache_control part (OpenRouter style) reach Anthropic in its own words.
    const chat = {
      service_tier: 'auto',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }] },
      ],
    };
    expect((await send('chat', 'via-anthropic', chat)).status).toBe(200);
    const anthropic = setup.lastGeneration().body;
    expect(anthropic.service_tier).toBe('auto');
    expect(anthropic.messages[0].content[0]).toEqual({
      type: 'text',
      text: 'Hi',
      cache_control: { type: 'ephemeral' },
    });
  });
});

describe('an upstream sending one endless SSE line', () => {
  it('ends the client’s stream with an in-band error once the line passes the cap', async () => {
    const piece = 'a'.repeat(64 * 1024);
    const pieces = Math.ceil(maxSseEventChars / piece.length) + 8;
    setup.upstream.enqueue({
      ...rawChat([
        chatChunk({ index: 0, delta: { role: 'assistant', content: 'Hello' }, finish_reason: null }),
        'data: {"choices":[{"index":0,"delta":{"content":"',
        ...Array.from({ length: pieces }, () => piece),
      ]),
    });
    const client = new OpenAI({ ...setup.openaiOptions(), fetch });
    const received: string[] = [];
    let failure: unknown;
    try {
      const stream = await client.chat.completions.create({
        model: 'via-openai',
        stream: true,
        messages: [{ role: 'user', content: 'Hi' }],
      });
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    } catch (error) {
      failure = error;
    }
    expect(received.join('')).toBe('Hello');
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).message).toContain('larger than 8 MiB');
    // The gateway keeps serving.
    expect((await send('chat', 'via-openai', { messages: [{ role: 'user', content: 'Hi' }] })).status).toBe(
      200,
    );
  });
});
