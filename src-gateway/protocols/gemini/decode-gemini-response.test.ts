import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../lib/errors.ts';
import { geminiUpstream } from './index.ts';

describe('decodeGeminiResponse', () => {
  it('reads text, thoughts and whole function calls from the first candidate', () => {
    const response = geminiUpstream.decodeResponse({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'pondering', thought: true, thoughtSignature: 'ts' },
              { text: 'Let me check ' },
              { text: 'the weather.' },
              {
                functionCall: { name: 'get_weather', args: { location: 'Paris' } },
                thoughtSignature: 'c2ln',
              },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: {
        promptTokenCount: 25,
        candidatesTokenCount: 30,
        thoughtsTokenCount: 12,
        cachedContentTokenCount: 10,
        totalTokenCount: 67,
      },
      modelVersion: 'gemini-2.5-flash',
      responseId: 'gem_1',
    });
    expect(response).toEqual({
      id: 'gem_1',
      model: 'gemini-2.5-flash',
      content: [
        { type: 'reasoning', text: 'pondering', signature: 'ts', origin: 'gemini' },
        { type: 'text', text: 'Let me check the weather.' },
        {
          type: 'tool_call',
          id: expect.stringMatching(/^call_/),
          name: 'get_weather',
          arguments: '{"location":"Paris"}',
          thoughtSignature: 'c2ln',
        },
      ],
      stopReason: 'tool_use',
      usage: {
        inputTokens: 25,
        outputTokens: 42,
        cacheReadTokens: 10,
        cacheWriteTokens: 0,
        reasoningTokens: 12,
      },
    });
  });

  it('maps MAX_TOKENS and SAFETY', () => {
    const decode = (finishReason: string) =>
      geminiUpstream.decodeResponse({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason }] })
        .stopReason;
    expect(decode('MAX_TOKENS')).toBe('max_tokens');
    expect(decode('SAFETY')).toBe('content_filter');
  });

  it('throws a retryable 502 on MALFORMED_FUNCTION_CALL and a 502 on a body that is not a response', () => {
    const malformed = () =>
      geminiUpstream.decodeResponse({ candidates: [{ finishReason: 'MALFORMED_FUNCTION_CALL' }] });
    expect(malformed).toThrow(GatewayError);
    try {
      malformed();
    } catch (error) {
      expect(error).toMatchObject({ status: 502, code: 'malformed_function_call', retryable: true });
    }
    expect(() => geminiUpstream.decodeResponse({ candidates: 'nope' })).toThrow(GatewayError);
    expect(() =>
      geminiUpstream.decodeResponse({ error: { code: 500, message: 'internal', status: 'INTERNAL' } }),
    ).toThrow('internal');
  });
});

describe('parseGeminiError', () => {
  it('reads the Gemini error body, bare or wrapped in an array', () => {
    const body = '{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}';
    expect(geminiUpstream.parseError(429, body)).toEqual({
      message: 'Quota exceeded',
      code: 'RESOURCE_EXHAUSTED',
      type: 'RESOURCE_EXHAUSTED',
    });
    expect(geminiUpstream.parseError(429, `[${body}]`).message).toBe('Quota exceeded');
  });

  it('tolerates non-JSON and empty bodies', () => {
    expect(geminiUpstream.parseError(502, '<html>Bad Gateway</html>')).toEqual({
      message: '<html>Bad Gateway</html>',
    });
    expect(geminiUpstream.parseError(503, '')).toEqual({ message: 'Gemini upstream answered HTTP 503' });
  });
});
