/**
 * A same-protocol pass-through of a large body sends the client's own bytes upstream with only
 * `model` edited (proxy/replace-top-level-model.ts): formatting, key order, escapes and fields the
 * gateway does not know arrive exactly as sent. Whatever changes more than `model` (a chat stream's
 * usage request, prompt rules) still reaches the upstream.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let harness: TestGateway | undefined;
let upstream: MockUpstream | undefined;

afterEach(async () => {
  await harness?.stop();
  await upstream?.close();
  harness = undefined;
  upstream = undefined;
});

/**
 * A body of about 40 KB (or `repeat` / 10 times that) as a client might format it: spaces,
 * newlines, escapes, non-ASCII, unknown fields.
 */
function largeBody(model: string, extra = '', repeat = 400): string {
  const file = 'const greeting = "héllo \\"wörld\\"";\n// 日本語 😀 {"model": "not this one"}\n\t'.repeat(
    repeat,
  );
  return `{
  "max_tokens" :  64,
  "model":   "${model}" ,
  "metadata": { "model": "nested, untouched", "user_id": "u-1" },
  "x_unknown_field": [1, 2.50, -0e0, true, null, {"deep": ["a", {"model": "b"}]}],
  "messages": [
    {"role": "user", "content": [{"type": "text", "text": ${JSON.stringify(file)}}]}
  ]${extra}
}`;
}

async function post(path: string, headers: Record<string, string>, body: string): Promise<Response> {
  return fetch(`${harness!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

describe('large pass-through bodies', () => {
  it('reach an Anthropic upstream byte for byte but the model, streamed or not', async () => {
    upstream = await startMockUpstream();
    harness = await startTestGateway();
    await harness.addModel({
      upstreamUrl: upstream.url,
      protocol: 'anthropic',
      name: 'claude-alias',
      upstreamModel: 'claude-upstream',
    });
    const key = await harness.addKey();
    // About 40 KB (sent upstream in one piece) and 400 KB (in the pieces it arrived in).
    for (const [stream, repeat] of [
      [false, 400],
      [true, 400],
      [false, 4000],
      [true, 4000],
    ] as const) {
      const body = largeBody('claude-alias', stream ? ',\n  "stream": true' : '', repeat);
      expect(body.length).toBeGreaterThan(16 * 1024);
      upstream.enqueue({ kind: 'text', text: 'fine', usage: { input: 10, output: 2 } });
      const answer = await post(
        '/v1/messages',
        { 'x-api-key': key, 'anthropic-version': '2023-06-01' },
        body,
      );
      const text = await answer.text();
      expect(answer.status, text).toBe(200);
      expect(text).toContain('fine');
      const sent = upstream.requests.at(-1)!;
      expect(sent.path).toBe('/v1/messages');
      expect(sent.rawBody).toBe(body.replace('"model":   "claude-alias"', '"model":   "claude-upstream"'));
      // With its length, never with chunked transfer coding.
      expect(sent.headers['content-length']).toBe(String(Buffer.byteLength(sent.rawBody)));
      expect(sent.headers['transfer-encoding']).toBeUndefined();
    }
  });

  it('reach a chat upstream translated, serialized in pieces with the length of the whole', async () => {
    upstream = await startMockUpstream();
    harness = await startTestGateway();
    await harness.addModel({ upstreamUrl: upstream.url, name: 'gpt-alias', upstreamModel: 'gpt-upstream' });
    const key = await harness.addKey();
    // Well past the size from which upstream bodies are written in pieces (128 KB).
    const body = largeBody('gpt-alias').replace(
      '"messages": [',
      `"messages": [${`{"role":"user","content":"${'x'.repeat(1000)}"},`.repeat(150)}`,
    );
    expect(body.length).toBeGreaterThan(160 * 1024);
    upstream.enqueue({ kind: 'text', text: 'fine', usage: { input: 10, output: 2 } });
    const answer = await post('/v1/messages', { 'x-api-key': key, 'anthropic-version': '2023-06-01' }, body);
    expect(answer.status, await answer.clone().text()).toBe(200);
    expect(((await answer.json()) as { content: Array<{ text: string }> }).content[0]!.text).toBe('fine');
    const sent = upstream.requests.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.body.model).toBe('gpt-upstream');
    expect(sent.body.messages).toHaveLength(151);
    expect(sent.body.messages[150].content).toEqual(JSON.parse(body).messages[150].content[0].text);
    expect(sent.headers['content-length']).toBe(String(Buffer.byteLength(sent.rawBody)));
    expect(sent.headers['transfer-encoding']).toBeUndefined();
  });

  it('reach a chat upstream byte for byte when only the model changes, and with usage asked for when streamed', async () => {
    upstream = await startMockUpstream();
    harness = await startTestGateway();
    await harness.addModel({ upstreamUrl: upstream.url, name: 'gpt-alias', upstreamModel: 'gpt-upstream' });
    const key = await harness.addKey();
    const auth = { authorization: `Bearer ${key}` };
    const body = largeBody('gpt-alias');
    upstream.enqueue({ kind: 'text', text: 'fine', usage: { input: 10, output: 2 } });
    expect((await post('/v1/chat/completions', auth, body)).status).toBe(200);
    expect(upstream.requests.at(-1)!.rawBody).toBe(
      body.replace('"model":   "gpt-alias"', '"model":   "gpt-upstream"'),
    );

    const streamed = largeBody('gpt-alias', ',\n  "stream": true');
    upstream.enqueue({ kind: 'text', text: 'fine', usage: { input: 10, output: 2 } });
    const answer = await post('/v1/chat/completions', auth, streamed);
    expect(answer.status).toBe(200);
    await answer.text();
    const sent = upstream.requests.at(-1)!;
    // Serialized again (a chat stream asks for usage): the same JSON values (`-0e0` reads back as 0).
    const expected: unknown = JSON.parse(
      JSON.stringify({
        ...JSON.parse(streamed),
        model: 'gpt-upstream',
        stream_options: { include_usage: true },
      }),
    );
    expect(sent.body).toEqual(expected);
  });

  it('carry what prompt rules add for a virtual model', async () => {
    upstream = await startMockUpstream();
    harness = await startTestGateway();
    const { modelId } = await harness.addModel({
      upstreamUrl: upstream.url,
      protocol: 'anthropic',
      name: 'claude-alias',
      upstreamModel: 'claude-upstream',
    });
    const created = await harness.api('POST', '/api/virtual-models', {
      name: 'smart',
      strategy: 'priority',
      targets: [{ modelId, priority: 1 }],
      promptRules: [{ type: 'system', mode: 'prepend', text: 'Be brief.' }],
    });
    expect(created.status).toBe(201);
    const key = await harness.addKey();
    const body = largeBody('smart');
    upstream.enqueue({ kind: 'text', text: 'fine', usage: { input: 10, output: 2 } });
    const answer = await post('/v1/messages', { 'x-api-key': key, 'anthropic-version': '2023-06-01' }, body);
    expect(answer.status).toBe(200);
    const sent = upstream.requests.at(-1)!.body;
    expect(sent.model).toBe('claude-upstream');
    expect(JSON.stringify(sent.system)).toContain('Be brief.');
    expect(sent.messages).toEqual(JSON.parse(body).messages);
  });
});
