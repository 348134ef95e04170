import { describe, expect, it } from 'vitest';
import { formatResetDuration, rateLimitHeaders } from './rate-limit-headers.ts';

describe('rate-limit headers', () => {
  it('formats reset durations like OpenAI', () => {
    expect(formatResetDuration(250.2)).toBe('251ms');
    expect(formatResetDuration(12_000)).toBe('12s');
    expect(formatResetDuration(90_000)).toBe('1m30s');
  });

  it('writes only the families a key limits', () => {
    expect(rateLimitHeaders(undefined, { limit: 100, remaining: 40.7, resetMs: 1500 })).toEqual({
      'x-ratelimit-limit-tokens': '100',
      'x-ratelimit-remaining-tokens': '40',
      'x-ratelimit-reset-tokens': '2s',
    });
  });
});
