import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { validateChatStream } from '../support/stream-validators.ts';

let upstream: MockUpstream;
let harness: TestGateway;
let key: string;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway();
  await harness.addModel({ upstreamUrl: upstream.url, name: 'gpt-test', upstreamModel: 'gpt-upstream-1' });
  key = await harness.addKey({ name: 'sdk' });
  client = new OpenAI({ apiKey: key, baseURL: `${harness.url}/v1`, maxRetries: 0 });
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

function lastRequest() {
  return upstream.requests[upstream.requests.length - 1]!;
}

async function rawChat(
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('chat completions, pass-through to an OpenAI upstream', () => {
  it('answers a non-stream request through the official SDK', async () => {
    upstream.enqueue({ kind: 'text', text: 'Hello from upstream', usage: { input: 12, output: 5 } });
    const completion = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'Hi' }],
      // An unknown field must survive the pass-through.
      ...({ vendor_extension: { keep: true } } as object),
    });
    expect(completion.choices[0]!.message.content).toBe('Hello from upstream');
    expect(completion.usage?.prompt_tokens).toBe(12);
    const received = lastRequest();
    expect(received.path).toBe('/v1/chat/completions');
    expect(received.body.model).toBe('gpt-upstream-1');
    expect(received.body.vendor_extension).toEqual({ keep: true });
    expect(received.headers.authorization).toBe('Bearer sk-upstream-test-key-0001');
  });

  it('streams with chat.completions.stream() and finalChatCompletion(), usage requested upstream', async () => {
    upstream.enqueue({ kind: 'text', text: 'Streaming works fine', usage: { input: 20, output: 4 } });
    const stream = client.chat.completions.stream({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'Stream please' }],
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    stream.on('content.delta', ({ delta }) => deltas.push(delta));
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe('Streaming works fine');
    expect(deltas.join('')).toBe('Streaming works fine');
    expect(final.usage?.prompt_tokens).toBe(20);
    expect(final.usage?.completion_tokens).toBe(4);
    expect(lastRequest().body.stream_options).toEqual({ include_usage: true });
  });

  it('asks the upstream for usage but withholds the usage chunk from a client that did not ask', async () => {
    upstream.enqueue({ kind: 'text', text: 'No usage for you', usage: { input: 7, output: 3 } });
    const { status, text } = await rawChat({
      model: 'gpt-test',
      stream: true,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(status).toBe(200);
    expect(lastRequest().body.stream_options).toEqual({ include_usage: true });
    expect(validateChatStream(text, { expectUsage: false })).toEqual([]);
    expect(text).not.toMatch(/"choices":\[\],"usage"/);
    harness.internals.flushLogs();
    const row = harness.database
      .prepare('SELECT input_tokens, output_tokens FROM request_logs ORDER BY started_at DESC LIMIT 1')
      .get() as { input_tokens: number; output_tokens: number };
    expect(row).toEqual({ input_tokens: 7, output_tokens: 3 });
  });

  it('streams tool calls with arguments split across many chunks', async () => {
    upstream.enqueue({
      kind: 'tools',
      calls: [
        { name: 'get_weather', arguments: '{"location": "Paris", "unit": "c"}' },
        { name: 'get_time', arguments: '{"zone": "Europe/Paris"}' },
      ],
    });
    const stream = client.chat.completions.stream({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'Weather and time?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { location: { type: 'string' } } },
          },
        },
        {
          type: 'function',
          function: {
            name: 'get_time',
            parameters: { type: 'object', properties: { zone: { type: 'string' } } },
          },
        },
      ],
    });
    const final = await stream.finalChatCompletion();
    const calls = final.choices[0]!.message.tool_calls!;
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect(calls.map((call) => call.type === 'function' && call.function.name)).toEqual([
      'get_weather',
      'get_time',
    ]);
    expect(calls.map((call) => call.type === 'function' && JSON.parse(call.function.arguments))).toEqual([
      { location: 'Paris', unit: 'c' },
      { zone: 'Europe/Paris' },
    ]);
  });

  it('names the provider, model and request id in response headers', async () => {
    upstream.enqueue({ kind: 'text', text: 'ok' });
    const { headers } = await rawChat({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] });
    expect(headers.get('x-request-id')).toMatch(/^req_/);
    expect(headers.get('x-gateway-model')).toBe('gpt-test');
    expect(headers.get('x-gateway-provider')).toBeTruthy();
  });
});

describe('client authentication', () => {
  it('refuses a missing, unknown or disabled key with 401 in OpenAI shape', async () => {
    const missing = await fetch(`${harness.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.type).toBeTruthy();

    const bad = new OpenAI({ apiKey: 'sk-not-a-real-key', baseURL: `${harness.url}/v1`, maxRetries: 0 });
    await expect(
      bad.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);

    const created = await harness.api('POST', '/api/virtual-keys', { name: 'to-disable' });
    await harness.api('PATCH', `/api/virtual-keys/${created.body.id}`, { enabled: false });
    const disabled = new OpenAI({ apiKey: created.body.key, baseURL: `${harness.url}/v1`, maxRetries: 0 });
    await expect(
      disabled.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('answers 403 for a model the key may not use and 404 for an unknown model', async () => {
    const limited = await harness.addKey({ allowedModels: ['other-model'] });
    const limitedClient = new OpenAI({ apiKey: limited, baseURL: `${harness.url}/v1`, maxRetries: 0 });
    await expect(
      limitedClient.chat.completions.create({
        model: 'gpt-test',
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    await expect(
      client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('lists only the models a key may use', async () => {
    const limited = await harness.addKey({ allowedModels: ['gpt-test'] });
    const listed = await new OpenAI({
      apiKey: limited,
      baseURL: `${harness.url}/v1`,
      maxRetries: 0,
    }).models.list();
    expect(listed.data.map((model) => model.id)).toEqual(['gpt-test']);
    const none = await harness.addKey({ allowedModels: ['nothing-here'] });
    const empty = await new OpenAI({
      apiKey: none,
      baseURL: `${harness.url}/v1`,
      maxRetries: 0,
    }).models.list();
    expect(empty.data).toEqual([]);
  });
});

describe('upstream errors', () => {
  it('keeps 400 with the upstream message', async () => {
    upstream.enqueue({
      fault: 'status',
      status: 400,
      body: { error: { message: 'max_tokens is too large', type: 'invalid_request_error', code: null } },
    });
    const error = await client.chat.completions
      .create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain(
      'max_tokens is too large',
    );
  });

  it('turns an upstream 401 into 502 upstream_auth_error naming the provider, with x-should-retry: false', async () => {
    upstream.enqueue({
      fault: 'status',
      status: 401,
      body: { error: { message: 'Incorrect API key provided: sk-upstream-test-key-0001' } },
    });
    const { status, headers, text } = await rawChat({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(status).toBe(502);
    expect(headers.get('x-should-retry')).toBe('false');
    const body = JSON.parse(text);
    expect(body.error.code).toBe('upstream_auth_error');
    expect(body.error.message).toContain('provider-');
    expect(text).not.toContain('sk-upstream-test-key-0001');
  });

  it('keeps 429 and passes retry-after on; keeps 500', async () => {
    upstream.enqueue({
      fault: 'status',
      status: 429,
      headers: { 'retry-after': '17' },
      body: { error: { message: 'slow down' } },
    });
    const limited = await rawChat({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('17');
    upstream.enqueue({ fault: 'status', status: 500, body: { error: { message: 'boom' } } });
    const failed = await rawChat({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] });
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.text).error.message).toContain('boom');
  });

  it('ends a stream that drops mid-way with an in-band error, not a hang', async () => {
    upstream.enqueue({ fault: 'drop-mid-stream', afterEvents: 2 });
    const { status, text } = await rawChat({
      model: 'gpt-test',
      stream: true,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(status).toBe(200);
    expect(text).toContain('"error"');
  });

  it('aborts the upstream request when the client goes away', async () => {
    upstream.enqueue({ fault: 'stall-mid-stream', afterEvents: 1 });
    const controller = new AbortController();
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'x' }] }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    const abortedAt = Date.now();
    controller.abort();
    const received = lastRequest();
    await expect.poll(() => received.abortedAt, { timeout: 2000, interval: 10 }).toBeDefined();
    expect(received.abortedAt! - abortedAt).toBeLessThan(500); // promptly: seconds before the upstream would end, with room for a loaded CI machine
  });
});

describe('bad input', () => {
  it('answers malformed JSON, wrong types and missing fields with 400 in OpenAI shape, and keeps serving', async () => {
    const malformed = await rawChat('{"model": ');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.text).error.code).toBe('invalid_json');
    const noModel = await rawChat({ messages: [] });
    expect(noModel.status).toBe(400);
    expect(JSON.parse(noModel.text).error.message).toMatch(/model/);
    const noMessages = await rawChat({ model: 'gpt-test' });
    expect(noMessages.status).toBe(400);
    expect(JSON.parse(noMessages.text).error.message).toMatch(/messages/);
    const wrongType = await rawChat({ model: 'gpt-test', messages: 'hello' });
    expect(wrongType.status).toBe(400);
    upstream.enqueue({ kind: 'text', text: 'still alive' });
    const ok = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(ok.choices[0]!.message.content).toBe('still alive');
  });
});
