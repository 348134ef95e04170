import { describe, expect, it } from 'vitest';
import { sendTestRequest, TestRequestError } from './send-test-request.ts';

/** A fetch answering with these SSE chunks, recording the request; `tick` advances the clock. */
function streamingFetch(chunks: string[], clock: { now: number }) {
  const seen: Array<{ url: string; init: RequestInit }> = [];
  const fetchImplementation = (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    const encoder = new TextEncoder();
    let index = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          clock.now += 100;
          if (index < chunks.length) controller.enqueue(encoder.encode(chunks[index++]));
          else controller.close();
        },
        // Pulled only when read, so the clock moves as the reader takes each chunk, not ahead of it.
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as unknown as typeof fetch;
  return { fetchImplementation, seen };
}

describe('the test request', () => {
  it('streams a chat completion with the key and times the first token and the whole answer', async () => {
    const clock = { now: 0 };
    const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`;
    const { fetchImplementation, seen } = streamingFetch(
      [
        `data: ${JSON.stringify({ choices: [{ delta: { role: 'assistant' } }] })}\n\n`,
        chunk('Hel'),
        `${chunk('lo')}data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 2 } })}\n\n`,
        'data: [DONE]\n\n',
      ],
      clock,
    );
    const pieces: string[] = [];
    const result = await sendTestRequest({
      gatewayUrl: 'http://127.0.0.1:3000/',
      apiKey: 'sk-test',
      model: 'smart',
      prompt: 'Hi',
      onText: (piece) => pieces.push(piece),
      fetch: fetchImplementation,
      now: () => clock.now,
    });
    expect(result).toEqual({
      text: 'Hello',
      timeToFirstTokenMs: 200,
      totalMs: 400,
      inputTokens: 7,
      outputTokens: 2,
    });
    expect(pieces).toEqual(['Hel', 'lo']);
    expect(seen[0]?.url).toBe('http://127.0.0.1:3000/v1/chat/completions');
    expect(new Headers(seen[0]?.init.headers).get('authorization')).toBe('Bearer sk-test');
    expect(JSON.parse(String(seen[0]?.init.body))).toMatchObject({ model: 'smart', stream: true });
  });

  it('fails with the gateway’s own message when the key is refused', async () => {
    const refused = (async () =>
      new Response(JSON.stringify({ error: { message: 'Invalid API key', type: 'authentication_error' } }), {
        status: 401,
      })) as unknown as typeof fetch;
    const failure = await sendTestRequest({
      gatewayUrl: '',
      apiKey: 'sk-wrong',
      model: 'smart',
      prompt: 'Hi',
      fetch: refused,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TestRequestError);
    expect(failure).toMatchObject({ status: 401, message: 'Invalid API key' });
  });

  it('fails with the in-stream error when the upstream breaks off mid-answer', async () => {
    const clock = { now: 0 };
    const { fetchImplementation } = streamingFetch(
      [`data: ${JSON.stringify({ error: { message: 'Upstream stream ended early' } })}\n\n`],
      clock,
    );
    await expect(
      sendTestRequest({ gatewayUrl: '', apiKey: 'k', model: 'm', prompt: 'p', fetch: fetchImplementation }),
    ).rejects.toThrow('Upstream stream ended early');
  });
});
