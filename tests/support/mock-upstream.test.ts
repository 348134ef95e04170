import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../src-gateway/canonical/types.ts';
import { createSseParser } from '../../src-gateway/lib/sse.ts';
import { geminiUpstream } from '../../src-gateway/protocols/gemini/index.ts';
import { type MockUpstream, startMockUpstream, startRefusingPort } from './mock-upstream.ts';
import { validateAnthropicStream, validateChatStream, validateResponsesStream } from './stream-validators.ts';

let upstream: MockUpstream;

beforeAll(async () => {
  upstream = await startMockUpstream({ models: ['alpha', 'beta'] });
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(upstream.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const weather = { name: 'get_weather', arguments: '{"location": "Paris", "unit": "c"}' };

describe('mock upstream: OpenAI chat', () => {
  it('answers the SDK and records the request', async () => {
    upstream.enqueue({ kind: 'text', text: 'Hello there', usage: { input: 12, output: 5, cacheRead: 4 } });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'gpt-x',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(completion.choices[0]!.message.content).toBe('Hello there');
    expect(completion.usage).toMatchObject({
      prompt_tokens: 12,
      completion_tokens: 5,
      total_tokens: 17,
      prompt_tokens_details: { cached_tokens: 4 },
    });
    const recorded = upstream.lastRequest()!;
    expect(recorded).toMatchObject({ method: 'POST', path: '/v1/chat/completions', family: 'openai-chat' });
    expect(recorded.body.messages).toEqual([{ role: 'user', content: 'Hi' }]);
    expect(recorded.headers.authorization).toBe('Bearer sk-test');
    expect(recorded.abortedAt).toBeUndefined();
  });

  it('streams tool calls in many small argument pieces, usage only when asked', async () => {
    upstream.enqueue({ kind: 'tools', calls: [weather], text: 'Checking.' });
    const withUsage = await post('/chat/completions', {
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      messages: [],
    });
    expect(validateChatStream(withUsage.text, { expectUsage: true })).toEqual([]);
    expect(withUsage.text.match(/"arguments":"[^"]/g)!.length).toBeGreaterThan(8);
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: upstream.url, maxRetries: 0 });
    upstream.enqueue({ kind: 'tools', calls: [weather] });
    const final = await client.chat.completions
      .stream({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
      .finalChatCompletion();
    expect(final.choices[0]!.message.tool_calls![0]).toMatchObject({ type: 'function', function: weather });
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    upstream.enqueue({ kind: 'text', text: 'no usage' });
    const withoutUsage = await post('/v1/chat/completions', { model: 'm', stream: true, messages: [] });
    expect(validateChatStream(withoutUsage.text, { expectUsage: false })).toEqual([]);
  });
});

describe('mock upstream: OpenAI Responses', () => {
  it('streams the full lifecycle the SDK and the validator accept', async () => {
    upstream.enqueue({
      kind: 'reasoning',
      reasoning: 'Need the tool.',
      text: 'Let me check.',
      calls: [weather],
      usage: { input: 25, output: 42, reasoning: 12 },
    });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1`, maxRetries: 0 });
    const final = await client.responses.stream({ model: 'gpt-5', input: 'weather?' }).finalResponse();
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(final.output_text).toBe('Let me check.');
    expect(final.usage).toMatchObject({
      input_tokens: 25,
      output_tokens: 42,
      output_tokens_details: { reasoning_tokens: 12 },
    });
    expect(upstream.lastRequest()).toMatchObject({ path: '/v1/responses', family: 'openai-responses' });

    upstream.enqueue({ kind: 'text', text: 'cut', stopReason: 'max_tokens' });
    const raw = await post('/responses', { model: 'gpt-5', stream: true, input: 'x' });
    expect(validateResponsesStream(raw.text)).toEqual([]);
    expect(raw.text).toContain('"max_output_tokens"');
  });
});

describe('mock upstream: Anthropic', () => {
  it('streams thinking, text and tool_use with Anthropic usage semantics', async () => {
    upstream.enqueue({
      kind: 'reasoning',
      reasoning: 'Think.',
      signature: 'sig-1',
      text: 'Hi.',
      calls: [weather],
      usage: { input: 25, output: 42, cacheRead: 10 },
    });
    const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: upstream.url, maxRetries: 0 });
    const message = await client.messages
      .stream({ model: 'claude-x', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] })
      .finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(message.content[2]).toMatchObject({
      name: 'get_weather',
      input: { location: 'Paris', unit: 'c' },
    });
    expect(message.stop_reason).toBe('tool_use');
    // Anthropic input_tokens excludes cache reads.
    expect(message.usage).toMatchObject({ input_tokens: 15, cache_read_input_tokens: 10, output_tokens: 42 });
    expect(upstream.lastRequest()).toMatchObject({ path: '/v1/messages', family: 'anthropic' });

    upstream.enqueue({ kind: 'text', text: 'plain' });
    const raw = await post('/v1/messages', { model: 'claude-x', stream: true, max_tokens: 5, messages: [] });
    expect(validateAnthropicStream(raw.text)).toEqual([]);
  });
});

describe('mock upstream: Gemini', () => {
  function decode(text: string): StreamEvent[] {
    const parser = createSseParser();
    const decoder = geminiUpstream.createStreamDecoder();
    return [...parser.push(text), ...parser.end()]
      .flatMap((event) => decoder.push(event))
      .concat(decoder.end());
  }

  it('streams SSE chunks on v1beta and answers JSON on v1', async () => {
    upstream.enqueue({
      kind: 'reasoning',
      reasoning: 'Hmm.',
      text: 'Sunny.',
      calls: [{ ...weather, thoughtSignature: 'c2ln' }],
      usage: { input: 25, output: 42, reasoning: 12, cacheRead: 10 },
    });
    const streamed = await post(
      '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      { contents: [] },
      { 'x-goog-api-key': 'g-key' },
    );
    expect(streamed.headers.get('content-type')).toContain('text/event-stream');
    const events = decode(streamed.text);
    expect(
      events
        .filter((event) => event.type === 'text')
        .map((event) => event.text)
        .join(''),
    ).toBe('Sunny.');
    expect(events.find((event) => event.type === 'tool_call_start')).toMatchObject({
      name: 'get_weather',
      thoughtSignature: 'c2ln',
    });
    expect(events.slice(-2)).toEqual([
      {
        type: 'usage',
        usage: {
          inputTokens: 25,
          outputTokens: 42,
          cacheReadTokens: 10,
          cacheWriteTokens: 0,
          reasoningTokens: 12,
        },
      },
      { type: 'finish', reason: 'tool_use' },
    ]);
    expect(upstream.lastRequest()).toMatchObject({
      path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent',
      query: { alt: 'sse' },
      family: 'gemini',
    });

    upstream.enqueue({ kind: 'text', text: 'Plain answer' });
    const single = await post('/v1/models/gemini-pro:generateContent', { contents: [] });
    const response = geminiUpstream.decodeResponse(JSON.parse(single.text));
    expect(response).toMatchObject({
      model: 'gemini-pro',
      content: [{ type: 'text', text: 'Plain answer' }],
      stopReason: 'end_turn',
    });

    upstream.enqueue({ kind: 'text', text: 'array form' });
    const array = await post('/v1beta/models/g:streamGenerateContent', { contents: [] });
    expect((JSON.parse(array.text) as unknown[]).length).toBeGreaterThan(1);
  });
});

describe('mock upstream: model lists and embeddings', () => {
  it('answers each family its own list shape with the configured ids, without consuming the queue', async () => {
    upstream.enqueue({ fault: 'status', status: 500 });
    const openai = await (await fetch(`${upstream.url}/v1/models`)).json();
    expect(openai).toMatchObject({
      object: 'list',
      data: [{ id: 'alpha', object: 'model' }, { id: 'beta' }],
    });
    const anthropic = await (
      await fetch(`${upstream.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } })
    ).json();
    expect(anthropic).toMatchObject({
      data: [{ type: 'model', id: 'alpha' }, { id: 'beta' }],
      has_more: false,
      first_id: 'alpha',
      last_id: 'beta',
    });
    const gemini = await (await fetch(`${upstream.url}/v1beta/models`)).json();
    expect(gemini.models.map((model: { name: string }) => model.name)).toEqual([
      'models/alpha',
      'models/beta',
    ]);
    upstream.setModels(['gamma']);
    expect(
      (await (await fetch(`${upstream.url}/models`)).json()).data.map((model: { id: string }) => model.id),
    ).toEqual(['gamma']);
    // The queued fault is still there for the next generation request.
    expect((await post('/v1/chat/completions', { model: 'm', messages: [] })).status).toBe(500);
  });

  it('answers embeddings', async () => {
    const answer = JSON.parse((await post('/v1/embeddings', { model: 'e', input: ['a', 'bb'] })).text);
    expect(answer.data).toHaveLength(2);
    expect(answer.data[1].embedding).toHaveLength(8);
  });
});

describe('mock upstream: faults', () => {
  it('answers a status fault with headers and the family error shape', async () => {
    upstream.enqueue(
      { fault: 'status', status: 429, headers: { 'retry-after': '7' } },
      { fault: 'status', status: 529 },
      { fault: 'status', status: 400 },
      { fault: 'status', status: 401, body: { error: { message: 'bad key' } } },
    );
    const limited = await post('/v1/chat/completions', { model: 'm', messages: [] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(JSON.parse(limited.text).error.type).toBe('rate_limit_exceeded');
    const overloaded = await post('/v1/messages', { model: 'c', messages: [] });
    expect([overloaded.status, JSON.parse(overloaded.text).error.type]).toEqual([529, 'overloaded_error']);
    const invalid = await post('/v1beta/models/g:generateContent', {});
    expect(JSON.parse(invalid.text).error).toEqual({
      code: 400,
      message: 'Mock upstream error 400',
      status: 'INVALID_ARGUMENT',
    });
    const custom = await post('/v1/responses', { model: 'm' });
    expect([custom.status, JSON.parse(custom.text)]).toEqual([401, { error: { message: 'bad key' } }]);
  });

  it('delays the first byte', async () => {
    upstream.enqueue({ fault: 'delay', ms: 150, then: { kind: 'text', text: 'late' } });
    const started = Date.now();
    const answer = await post('/v1/chat/completions', { model: 'm', messages: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(JSON.parse(answer.text).choices[0].message.content).toBe('late');
  });

  it('stalls mid-stream until the client aborts, and records when it did', async () => {
    upstream.enqueue({ fault: 'stall-mid-stream', afterEvents: 2 });
    const controller = new AbortController();
    const response = await fetch(`${upstream.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', stream: true, messages: [] }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let received = '';
    while ((received.match(/\n\n/g) ?? []).length < 2)
      received += new TextDecoder().decode((await reader.read()).value);
    const pending = reader.read();
    const outcome = await Promise.race([
      pending.then(() => 'data'),
      new Promise((resolve) => setTimeout(() => resolve('stalled'), 200)),
    ]);
    expect(outcome).toBe('stalled');
    const recorded = upstream.lastRequest()!;
    expect(recorded.abortedAt).toBeUndefined();
    const abortedAt = Date.now();
    controller.abort();
    await pending.catch(() => undefined);
    await expect.poll(() => recorded.abortedAt, { timeout: 2000, interval: 10 }).toBeDefined();
    expect(recorded.abortedAt! - abortedAt).toBeLessThan(500);
  });

  it('drops the connection mid-stream after the given number of events', async () => {
    upstream.enqueue({ fault: 'drop-mid-stream', afterEvents: 3 });
    const response = await fetch(`${upstream.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({ model: 'c', stream: true, messages: [] }),
    });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(upstream.lastRequest()!.abortedAt).toBeUndefined();
  });

  it('sends raw chunks as given', async () => {
    upstream.enqueue({
      fault: 'raw',
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      chunks: ['data: {"a":', '1}\n\n', ': comment\n\n'],
      delayMs: 5,
    });
    const answer = await post('/v1/chat/completions', { model: 'm', stream: true, messages: [] });
    expect(answer.text).toBe('data: {"a":1}\n\n: comment\n\n');
  });

  it('lets a handler decide per request and falls back to the queue and default', async () => {
    upstream.setDefault({ kind: 'text', text: 'default' });
    upstream.setHandler((request) =>
      request.body?.model === 'broken' ? { fault: 'status', status: 503 } : undefined,
    );
    upstream.enqueue({ kind: 'text', text: 'queued' });
    const text = async (model: string) => {
      const answer = await post('/v1/chat/completions', { model, messages: [] });
      return answer.status === 200 ? JSON.parse(answer.text).choices[0].message.content : answer.status;
    };
    expect(await text('broken')).toBe(503);
    expect(await text('ok')).toBe('queued');
    expect(await text('ok')).toBe('default');
    expect(upstream.requests.map((request) => request.body.model)).toEqual(['broken', 'ok', 'ok']);
  });

  it('gives a refusing port', async () => {
    const port = await startRefusingPort();
    const error = await fetch(`http://127.0.0.1:${port}/v1/models`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });
});
