import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * Review finding 8: prompt rules had no output cap (a 200 KB replacement on a
 * message with 1,000 matches sent 200 MB upstream, larger ones took the process
 * to gigabytes). Rules that can only explode are refused when saved; a rule that
 * explodes on one particular input answers 413 before the body is built.
 */
const bodyLimitBytes = 4 * 1024 * 1024;
let harness: TestGateway;
let upstream: MockUpstream;
let key: string;
let modelId: string;

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway({ bodyLimitBytes });
  ({ modelId } = await harness.addModel({ upstreamUrl: upstream.url, name: 'm' }));
  key = await harness.addKey();
});
afterAll(async () => {
  await harness.stop();
  await upstream.close();
});

async function createVirtualModel(name: string, promptRules: unknown[]) {
  return harness.api('POST', '/api/virtual-models', { name, targets: [{ modelId }], promptRules });
}

async function send(path: string, body: unknown, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(harness.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any, ms: performance.now() - started };
}

describe('prompt rule output limits', () => {
  it('refuses at save, naming the field, a replacement that can only blow requests up', async () => {
    const huge = await createVirtualModel('huge-replacement', [
      { type: 'replace', pattern: 'the', replacement: 'y'.repeat(200_000) },
    ]);
    expect(huge.status).toBe(400);
    expect(huge.body.error.message).toMatch(
      /^promptRules\.0\.replacement: 200000 characters; .*at most 20000/,
    );

    const perCharacter = await createVirtualModel('per-character', [
      { type: 'append', text: 'fine' },
      { type: 'replace', pattern: '\\b', regex: true, replacement: 'y'.repeat(5000) },
    ]);
    expect(perCharacter.status).toBe(400);
    expect(perCharacter.body.error.message).toMatch(
      /^promptRules\.1\.replacement: 5000 characters in place of matches as short as 0 characters; .*at most 1000 times/,
    );

    const tooMuchText = await createVirtualModel(
      'too-much-text',
      Array.from({ length: 6 }, () => ({ type: 'system', mode: 'append', text: 's'.repeat(200_000) })),
    );
    expect(tooMuchText.status).toBe(400);
    expect(tooMuchText.body.error.message).toMatch(/^promptRules: the rules hold 1200000 characters/);

    const placeholder = await createVirtualModel('placeholder', [
      { type: 'replace', pattern: '<<policy>>', replacement: 'p'.repeat(10_000) },
    ]);
    expect(placeholder.status).toBe(201);
  });

  it('answers 413 in the client protocol, fast and without building the body, when a rule explodes on this input', async () => {
    // Valid when saved (1,000 characters per one-character match) but 20,000 matches would make 20 MB, five times the limit.
    expect(
      (
        await createVirtualModel('explodes-on-input', [
          { type: 'replace', pattern: 'x', regex: true, replacement: 'y'.repeat(1000) },
        ])
      ).status,
    ).toBe(201);
    const before = process.memoryUsage().rss;
    const chat = await send('/v1/chat/completions', {
      model: 'explodes-on-input',
      messages: [{ role: 'user', content: 'x'.repeat(20_000) }],
    });
    const growthMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    expect(chat.status).toBe(413);
    expect(chat.body.error).toMatchObject({ code: 'prompt_rules_too_large' });
    expect(chat.body.error.message).toMatch(
      /Prompt rule 1 of "explodes-on-input" would make this request larger than the 4 MB body limit/,
    );
    expect(chat.ms).toBeLessThan(5000);
    expect(growthMb).toBeLessThan(200);
    expect(upstream.requests).toHaveLength(0);

    const anthropic = await send(
      '/v1/messages',
      {
        model: 'explodes-on-input',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x'.repeat(20_000) }],
      },
      { 'anthropic-version': '2023-06-01' },
    );
    expect(anthropic.status).toBe(413);
    expect(anthropic.body).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });
  });

  it('answers 413 before copying the user prompt thousands of times ({{user_prompt}} in a rule)', async () => {
    expect(
      (await createVirtualModel('echo-prompt', [{ type: 'append', text: '{{user_prompt}}'.repeat(10_000) }]))
        .status,
    ).toBe(201);
    const answer = await send('/v1/chat/completions', {
      model: 'echo-prompt',
      messages: [{ role: 'user', content: 'z'.repeat(100_000) }],
    });
    expect(answer.status).toBe(413);
    expect(answer.ms).toBeLessThan(5000);
    expect(upstream.requests).toHaveLength(0);
  });

  it('still sends a request the rules grow within the limit', async () => {
    upstream.enqueue({ kind: 'text', text: 'ok' });
    const answer = await send('/v1/chat/completions', {
      model: 'explodes-on-input',
      messages: [{ role: 'user', content: 'x'.repeat(100) }],
    });
    expect(answer.status).toBe(200);
    expect(upstream.lastRequest()!.body.messages[0].content).toBe('y'.repeat(100_000));
  });
});
