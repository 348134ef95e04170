import type { SecretStore } from '../secrets/secret-store.ts';

/**
 * Where `alerts.webhookUrl` lives: the secret store, never SQLite. Slack,
 * Discord and Teams webhook URLs carry their credential in the path, so
 * whoever reads the URL can post to the channel.
 */
export const alertWebhookReference = 'alerts:webhook-url';

/**
 * What settings hold (and admin answers show) in place of the webhook URL: its
 * scheme and host and, when the rest is long enough not to give it away, its last
 * 4 characters, e.g. `https://hooks.slack.com/…/****abcd`. The mask is a valid
 * URL, so stored settings still validate.
 */
export function maskWebhookUrl(url: string): string {
  const parsed = new URL(url);
  const rest = parsed.href.slice(`${parsed.protocol}//${parsed.host}`.length);
  const hint = rest.length >= 12 ? rest.slice(-4) : '';
  return `${parsed.protocol}//${parsed.host}/…/****${hint}`;
}

/** Whether `value` has the shape `maskWebhookUrl` gives (a URL nobody would configure). */
export function isMaskedWebhookUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/]*\/\u2026\/\*{4}.{0,4}$/iu.test(value);
}

/** The stored URL behind `masked`, or undefined when `masked` is not the mask of what the store holds. */
export async function revealWebhookUrl(
  secretStore: SecretStore,
  masked: string,
): Promise<string | undefined> {
  const stored = await secretStore.get(alertWebhookReference);
  return stored !== undefined && maskWebhookUrl(stored) === masked ? stored : undefined;
}

/**
 * Put `next` (the merged setting) in the secret store and answer what settings
 * keep: its mask. `previous` is the stored (masked) value; sending it back
 * unchanged, as a client echoing the settings does, keeps the stored URL.
 * Removing the setting deletes the secret.
 */
export async function storeWebhookUrl(
  secretStore: SecretStore,
  next: string | undefined,
  previous: string | undefined,
): Promise<string | undefined> {
  if (next === undefined) {
    if (previous !== undefined) await secretStore.delete(alertWebhookReference);
    return undefined;
  }
  if (next === previous && (await revealWebhookUrl(secretStore, next)) !== undefined) return next;
  await secretStore.set(alertWebhookReference, next);
  return maskWebhookUrl(next);
}
