import { describe, expect, it } from 'vitest';
import { mapUpstreamStatus } from '../upstream/map-upstream-failure.ts';
import { cooldownScope } from './cooldown-scope.ts';

const upstream = (status: number, options: { code?: string; retryAfter?: number } = {}) =>
  mapUpstreamStatus({ status, providerName: 'p', message: 'upstream said no', ...options });

describe('cooldownScope', () => {
  it('rests only the (model, key) pair for a plain rate limit, with or without retry-after', () => {
    expect(cooldownScope(upstream(429))).toBe('model-key');
    expect(cooldownScope(upstream(429, { retryAfter: 1 }))).toBe('model-key');
    expect(cooldownScope(upstream(429, { code: 'rate_limit_error' }))).toBe('model-key');
    expect(cooldownScope(upstream(429, { code: 'RESOURCE_EXHAUSTED' }))).toBe('model-key');
  });

  it('rests the whole key when its quota is exhausted or the provider rejects it', () => {
    for (const code of ['insufficient_quota', 'billing_hard_limit_reached', 'billing_not_active'])
      expect(cooldownScope(upstream(429, { code }))).toBe('key');
    expect(cooldownScope(upstream(401))).toBe('key');
    expect(cooldownScope(upstream(403))).toBe('key');
  });

  it('rests the target for another failure that named a retry-after, and nothing otherwise', () => {
    expect(cooldownScope(upstream(503, { retryAfter: 5 }))).toBe('target');
    expect(cooldownScope(upstream(529, { retryAfter: 5 }))).toBe('target');
    expect(cooldownScope(upstream(500))).toBeUndefined();
    expect(cooldownScope(upstream(400))).toBeUndefined();
  });
});
