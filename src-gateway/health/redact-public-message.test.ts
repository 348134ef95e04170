import { describe, expect, it } from 'vitest';
import { redactPublicMessage } from './redact-public-message.ts';

describe('redactPublicMessage', () => {
  it('removes URLs, addresses, bearer tokens and key-like strings', () => {
    const message = redactPublicMessage(
      'Upstream https://api.example.com/v1/chat failed: connect ECONNREFUSED 10.0.0.5:8443 ' +
        'and [::1]:3000; Incorrect API key provided: sk-proj-abcdef123456; Authorization: Bearer abc.def',
    );
    expect(message).not.toMatch(/example\.com|10\.0\.0\.5|::1|sk-proj|abc\.def/);
    expect(message).toContain('[url]');
    expect(message).toContain('[address]');
    expect(message).toContain('[redacted]');
  });

  it('keeps ordinary text and clock times, and caps the length', () => {
    expect(redactPublicMessage('Rate limit reached at 10:00:00, retry later')).toBe(
      'Rate limit reached at 10:00:00, retry later',
    );
    expect(redactPublicMessage('x '.repeat(400)).length).toBeLessThanOrEqual(300);
  });
});
