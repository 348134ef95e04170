import type { SecretStore } from '../secrets/secret-store.ts';
import type { SettingsRepository } from '../storage/repositories/settings-repository.ts';
import { isMaskedWebhookUrl, storeWebhookUrl } from './alert-webhook-url.ts';

/**
 * Start-up step: versions before the webhook URL became a secret stored it in
 * the settings row in plain text. Move such a URL into the secret store, keep
 * its mask, and scrub the database files so the plain URL is gone from their
 * bytes too. Answers whether anything was moved (nothing after the first start).
 */
export async function protectAlertWebhookUrl(options: {
  settings: SettingsRepository;
  secretStore: SecretStore;
  now: string;
}): Promise<boolean> {
  const settings = await options.settings.get();
  const url = settings?.alerts.webhookUrl;
  if (settings === undefined || url === undefined) return false;
  // Already a mask: moved before (even if the secret store has lost the URL since, a mask is no URL to keep).
  if (isMaskedWebhookUrl(url)) return false;
  settings.alerts = {
    ...settings.alerts,
    webhookUrl: await storeWebhookUrl(options.secretStore, url, undefined),
  };
  await options.settings.saveScrubbed(settings, options.now);
  return true;
}
