import { describe, expect, it } from 'vitest';
import { upstreamTarget } from './call-upstream.ts';

describe('upstreamTarget', () => {
  it('splits a base URL into origin and path, as baseUrl + path names it', () => {
    expect(upstreamTarget('https://api.openai.com/v1', '/chat/completions')).toEqual({
      origin: 'https://api.openai.com',
      path: '/v1/chat/completions',
    });
    expect(upstreamTarget('http://127.0.0.1:8080', '/v1/messages')).toEqual({
      origin: 'http://127.0.0.1:8080',
      path: '/v1/messages',
    });
    expect(upstreamTarget('https://host/api/v1/', '/chat/completions').path).toBe('/api/v1/chat/completions');
  });

  it('keeps query strings and encodes what undici would refuse raw', () => {
    expect(
      upstreamTarget(
        'https://generativelanguage.googleapis.com/v1beta',
        '/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      ).path,
    ).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(upstreamTarget('https://host/v1', '/models/my model:generateContent').path).toBe(
      '/v1/models/my%20model:generateContent',
    );
  });
});
