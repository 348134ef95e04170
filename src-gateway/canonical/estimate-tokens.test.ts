import { describe, expect, it } from 'vitest';
import { estimateRequestTokens, estimateTextTokens } from './estimate-tokens.ts';
import type { CanonicalRequest } from './types.ts';

function request(overrides: Partial<CanonicalRequest>): CanonicalRequest {
  return { model: 'm', system: [], messages: [], stream: false, ...overrides };
}

const user = (text: string): CanonicalRequest['messages'][number] => ({
  role: 'user',
  content: [{ type: 'text', text }],
});

describe('estimateTextTokens', () => {
  it('counts about four ASCII characters per token and one token per CJK character', () => {
    expect(estimateTextTokens('a'.repeat(400))).toBe(100);
    expect(estimateTextTokens('你好世界')).toBe(4);
    expect(estimateTextTokens('こんにちは')).toBe(5);
    expect(estimateTextTokens('')).toBe(0);
  });

  it('handles a long string quickly (single pass)', () => {
    const text = 'lorem ipsum dolor sit amet '.repeat(200_000);
    const started = performance.now();
    expect(estimateTextTokens(text)).toBeCloseTo(text.length / 4, 0);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('estimateRequestTokens', () => {
  it('is 0 only for an empty request, and at least 1 for any input', () => {
    expect(estimateRequestTokens(request({}))).toBe(0);
    expect(estimateRequestTokens(request({ messages: [user('')] }))).toBeGreaterThan(0);
  });

  it('grows with the text of system and messages', () => {
    const short = estimateRequestTokens(request({ messages: [user('hello')] }));
    const long = estimateRequestTokens(request({ messages: [user('hello '.repeat(1000))] }));
    expect(long - short).toBeGreaterThan(1400);
    const withSystem = estimateRequestTokens(
      request({ system: [{ text: 'x'.repeat(4000) }], messages: [user('hello')] }),
    );
    expect(withSystem - short).toBe(1000);
  });

  it('counts tool_use input, tool_result content, thinking and tool definitions (decolua/9router#2337)', () => {
    const base = request({ messages: [user('go')] });
    const baseline = estimateRequestTokens(base);
    const bigJson = JSON.stringify({ content: 'y'.repeat(4000) });
    const withCall = estimateRequestTokens({
      ...base,
      messages: [
        ...base.messages,
        { role: 'assistant', content: [{ type: 'tool_call', id: 't', name: 'write', arguments: bigJson }] },
      ],
    });
    expect(withCall - baseline).toBeGreaterThan(1000);
    const withResult = estimateRequestTokens({
      ...base,
      messages: [
        ...base.messages,
        { role: 'user', content: [{ type: 'tool_result', toolCallId: 't', content: 'z'.repeat(4000) }] },
      ],
    });
    expect(withResult - baseline).toBeGreaterThan(1000);
    const withThinking = estimateRequestTokens({
      ...base,
      messages: [
        ...base.messages,
        { role: 'assistant', content: [{ type: 'reasoning', text: 'w'.repeat(4000) }] },
      ],
    });
    expect(withThinking - baseline).toBeGreaterThan(1000);
    const withTools = estimateRequestTokens({
      ...base,
      tools: [
        { name: 'Bash', description: 'd'.repeat(4000), parameters: { type: 'object', properties: {} } },
      ],
    });
    expect(withTools - baseline).toBeGreaterThan(1000);
  });

  it('charges a fixed cost per image', () => {
    const text = estimateRequestTokens(request({ messages: [user('see')] }));
    const image = estimateRequestTokens(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'see' },
              { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
            ],
          },
        ],
      }),
    );
    expect(image - text).toBeGreaterThanOrEqual(1000);
  });
});
