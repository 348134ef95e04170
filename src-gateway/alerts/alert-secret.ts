/** Where `alerts.secretHeader` lives: the secret store, never SQLite. */
export const alertSecretReference = 'alerts:secret-header';

/**
 * What settings hold (and admin answers show) in place of the secret header
 * once it is stored. Sending it back unchanged keeps the stored secret.
 */
export const secretHeaderMask = '********';

/** The header name used when `alerts.secretHeader` is a bare value. */
export const defaultSecretHeaderName = 'X-Webhook-Secret';

/**
 * `alerts.secretHeader` is either `Name: value` (sent as that header) or a
 * bare value (sent as `X-Webhook-Secret`).
 */
export function parseSecretHeader(setting: string): { name: string; value: string } {
  const match = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+):\s*(.+)$/.exec(setting.trim());
  if (match) return { name: match[1]!, value: match[2]!.trim() };
  return { name: defaultSecretHeaderName, value: setting.trim() };
}
