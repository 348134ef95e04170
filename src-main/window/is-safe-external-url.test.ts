import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from './is-safe-external-url.ts';

describe('links that may open in the system browser', () => {
  it('are https links', () => {
    expect(isSafeExternalUrl('https://docs.anthropic.com/en/docs/claude-code')).toBe(true);
    expect(isSafeExternalUrl('HTTPS://github.com/')).toBe(true);
  });

  it('are not other schemes, credentials, or anything that is not a URL', () => {
    for (const url of [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://renderer/index.html',
      'smb://server/share',
      'ms-settings:',
      'https://user:secret@example.com/',
      'https://user@example.com/',
      'https://',
      'not a url',
      '',
      `https://example.com/${'a'.repeat(5000)}`,
      42,
      undefined,
    ])
      expect(isSafeExternalUrl(url), String(url).slice(0, 40)).toBe(false);
  });
});
