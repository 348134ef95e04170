import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src-shared/schemas/settings.ts';
import { isMaskedWebhookUrl, maskWebhookUrl } from './alert-webhook-url.ts';

describe('maskWebhookUrl', () => {
  it('keeps the scheme, host and last 4 characters; the mask is a valid setting and recognised as one', () => {
    const cases: Array<[string, string]> = [
      ['https://hooks.slack.com/services/T000/B000/XXXXabcd', 'https://hooks.slack.com/…/****abcd'],
      ['https://discord.com/api/webhooks/123/tok?wait=true', 'https://discord.com/…/****true'],
      ['http://127.0.0.1:8080/hook', 'http://127.0.0.1:8080/…/****'],
      ['https://user:pass@example.com/a/b/c/secret-path/', 'https://example.com/…/****ath/'],
    ];
    for (const [url, masked] of cases) {
      expect(maskWebhookUrl(url)).toBe(masked);
      expect(isMaskedWebhookUrl(masked)).toBe(true);
      expect(isMaskedWebhookUrl(url)).toBe(false);
      expect(settingsSchema.parse({ alerts: { webhookUrl: masked } }).alerts.webhookUrl).toBe(masked);
    }
  });
});
